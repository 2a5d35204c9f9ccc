//! Typed indices, so that a party's index cannot be used where a position's is expected:
//! [`PartyId`] indexes `Scenario::parties` and the engine's per-party vectors, [`PositionId`]
//! `Scenario::positions` and the per-position ones, [`ClassId`] `Scenario::classes`,
//! [`InstrumentId`] `Scenario::instruments` and [`RoundId`] `Scenario::rounds`. Each is a
//! `usize` underneath: indexing with one compiles to the same code as with a bare index.
//!
//! A leaf: it imports nothing of the crate. `model` says which lists each id indexes
//! ([`indexes!`]); [`IdVec`] is a vector indexed by one kind of id.

use std::marker::PhantomData;
use std::ops::{Deref, DerefMut, Index, IndexMut};

/// An index into one kind of list.
pub trait Id: Copy {
    /// The id of the element at `index`.
    fn from_index(index: usize) -> Self;
    /// The element's index in its list.
    fn to_index(self) -> usize;
}

/// Defines an index newtype. It serializes as the bare number.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(usize);

        impl $name {
            /// The id of the element at `index`.
            pub const fn new(index: usize) -> Self {
                $name(index)
            }

            /// The element's index in its list.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl Id for $name {
            #[inline]
            fn from_index(index: usize) -> Self {
                $name(index)
            }

            #[inline]
            fn to_index(self) -> usize {
                self.0
            }
        }
    };
}

id!(
    /// An index into `Scenario::parties`.
    PartyId
);
id!(
    /// An index into `Scenario::positions`.
    PositionId
);
id!(
    /// An index into `Scenario::classes` (common is no class: `Option<ClassId>`).
    ClassId
);
id!(
    /// An index into `Scenario::instruments` (SAFEs and notes).
    InstrumentId
);
id!(
    /// An index into `Scenario::rounds`.
    RoundId
);

/// Makes `$id` index slices and vectors of `$item` (and only those); `$item<P>` for a type
/// generic over its positions (`Round<P>`, `Instrument<P>`).
macro_rules! indexes {
    ($id:ty => $item:ident $(<$p:ident>)?) => {
        impl$(<$p>)? std::ops::Index<$id> for [$item$(<$p>)?] {
            type Output = $item$(<$p>)?;
            #[inline]
            fn index(&self, id: $id) -> &Self::Output {
                &self[id.index()]
            }
        }

        impl$(<$p>)? std::ops::IndexMut<$id> for [$item$(<$p>)?] {
            #[inline]
            fn index_mut(&mut self, id: $id) -> &mut Self::Output {
                &mut self[id.index()]
            }
        }

        impl$(<$p>)? std::ops::Index<$id> for Vec<$item$(<$p>)?> {
            type Output = $item$(<$p>)?;
            #[inline]
            fn index(&self, id: $id) -> &Self::Output {
                &self[id.index()]
            }
        }

        impl$(<$p>)? std::ops::IndexMut<$id> for Vec<$item$(<$p>)?> {
            #[inline]
            fn index_mut(&mut self, id: $id) -> &mut Self::Output {
                &mut self[id.index()]
            }
        }
    };
}
pub(crate) use indexes;

/// Each element of `items` with its id.
pub fn enumerate<I: Id, T>(items: &[T]) -> impl DoubleEndedIterator<Item = (I, &T)> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (I::from_index(i), item))
}

/// Each element of `items` with its id, to change.
pub fn enumerate_mut<I: Id, T>(items: &mut [T]) -> impl DoubleEndedIterator<Item = (I, &mut T)> {
    items
        .iter_mut()
        .enumerate()
        .map(|(i, item)| (I::from_index(i), item))
}

/// The ids of a list of `len` elements, in order.
pub fn ids<I: Id>(len: usize) -> impl DoubleEndedIterator<Item = I> + Clone {
    (0..len).map(I::from_index)
}

/// A vector indexed by one kind of id: the engine's per-party and per-position figures.
/// Reads as a slice (`iter`, `len`, `fill`); indexed by its id, not by a bare `usize`.
#[derive(PartialEq, Eq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I, T: Clone> Clone for IdVec<I, T> {
    fn clone(&self) -> Self {
        IdVec {
            items: self.items.clone(),
            id: PhantomData,
        }
    }

    /// Keeps the allocation, as `Vec::clone_from` does (a sweep copies tables in its loop).
    fn clone_from(&mut self, source: &Self) {
        self.items.clone_from(&source.items);
    }
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec {
            items: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I, T: std::fmt::Debug> std::fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.items.fmt(f)
    }
}

impl<I: Id, T> IdVec<I, T> {
    /// The ids of its elements, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + Clone + use<I, T> {
        ids(self.items.len())
    }

    /// Each element with its id.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        enumerate(&self.items)
    }

    /// The element with this id, if there is one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.to_index())
    }

    /// The element with this id, if there is one, to change.
    pub fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.to_index())
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// Empties it, keeping the allocation.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    pub fn resize(&mut self, len: usize, value: T)
    where
        T: Clone,
    {
        self.items.resize(len, value);
    }

    pub fn extend_from_slice(&mut self, other: &[T])
    where
        T: Clone,
    {
        self.items.extend_from_slice(other);
    }

    pub fn push(&mut self, value: T) {
        self.items.push(value);
    }
}

impl<I, T> Deref for IdVec<I, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<I, T> DerefMut for IdVec<I, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    #[inline]
    fn index(&self, id: I) -> &T {
        &self.items[id.to_index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.to_index()]
    }
}

impl<I, T> Extend<T> for IdVec<I, T> {
    fn extend<E: IntoIterator<Item = T>>(&mut self, iter: E) {
        self.items.extend(iter);
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<E: IntoIterator<Item = T>>(iter: E) -> Self {
        IdVec {
            items: iter.into_iter().collect(),
            id: PhantomData,
        }
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec {
            items,
            id: PhantomData,
        }
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
#[path = "id_tests.rs"]
mod tests;
