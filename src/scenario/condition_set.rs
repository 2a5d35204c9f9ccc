//! Which contingent conditions hold: one condition state, a set of condition indices
//! (`Scenario::conditions` in declaration order).
//!
//! A leaf module (it imports nothing of the crate) so that the model, `when` expressions, the
//! engine and the reports all name the one type. The set is a word: `Copy`, and every query is
//! a shift and a mask, for the sweep evaluates it millions of times.

/// Most conditions a scenario may declare (the validator refuses more with
/// `TooManyConditions`): the outcomes table enumerates all 2^n combinations, 65,536 for 16.
pub const MAX_CONDITIONS: usize = 16;

/// The conditions that hold in one outcome; condition `i` is `Scenario::conditions[i]`.
///
/// Indices at or above [`MAX_CONDITIONS`] are never in a set: a validated scenario has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConditionSet(u32);

impl ConditionSet {
    /// No condition holds.
    pub const EMPTY: Self = Self(0);

    /// The set with bit `i` for condition `i` (tests and fuzzing write states this way);
    /// bits at or above [`MAX_CONDITIONS`] are dropped.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits & Self::MASK)
    }

    /// Bit `i` is condition `i`.
    #[inline]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The set where exactly the conditions whose entry is `true` hold (entry `i`: condition
    /// `i`); entries past [`MAX_CONDITIONS`] are ignored.
    pub fn holding(values: impl IntoIterator<Item = bool>) -> Self {
        values
            .into_iter()
            .enumerate()
            .fold(Self::EMPTY, |set, (i, holds)| set.set(i, holds))
    }

    /// This set with condition `i` holding.
    #[inline]
    #[must_use]
    pub const fn with(self, i: usize) -> Self {
        Self(self.0 | Self::bit(i))
    }

    /// This set with condition `i` not holding.
    #[inline]
    #[must_use]
    pub const fn without(self, i: usize) -> Self {
        Self(self.0 & !Self::bit(i))
    }

    /// This set with condition `i` holding or not, as `holds` says.
    #[inline]
    #[must_use]
    pub const fn set(self, i: usize, holds: bool) -> Self {
        if holds { self.with(i) } else { self.without(i) }
    }

    /// Whether condition `i` holds.
    #[inline]
    pub const fn holds(self, i: usize) -> bool {
        self.0 & Self::bit(i) != 0
    }

    /// How many conditions hold in one set and not the other.
    #[inline]
    pub const fn differences(self, other: Self) -> u32 {
        (self.0 ^ other.0).count_ones()
    }

    /// Every outcome of the first `count` conditions (at most [`MAX_CONDITIONS`]: more are
    /// taken as that many), 2^count sets in the order of the outcomes table: outcome `k` gives
    /// condition `i` the value of bit `count - 1 - i` of `k`, so the first declared condition
    /// is the most significant and `false` comes before `true`.
    pub fn outcomes(count: usize) -> Outcomes {
        let count = count.min(MAX_CONDITIONS);
        Outcomes {
            next: 0,
            end: 1 << count,
            count,
        }
    }

    /// The outcome at `index` in the outcomes table of `count` conditions (see
    /// [`ConditionSet::outcomes`]); bits of `index` past `count` are ignored.
    pub fn outcome(index: usize, count: usize) -> Self {
        let count = count.min(MAX_CONDITIONS);
        (0..count).fold(Self::EMPTY, |set, i| {
            set.set(i, index >> (count - 1 - i) & 1 == 1)
        })
    }

    /// The row of this set in the outcomes table of `count` conditions: the inverse of
    /// [`ConditionSet::outcome`].
    pub fn outcome_index(self, count: usize) -> usize {
        let count = count.min(MAX_CONDITIONS);
        (0..count).fold(0, |index, i| index << 1 | usize::from(self.holds(i)))
    }

    /// Every bit a condition may have.
    const MASK: u32 = (1 << MAX_CONDITIONS) - 1;

    /// The bit of condition `i`; none past [`MAX_CONDITIONS`].
    #[inline]
    const fn bit(i: usize) -> u32 {
        if i < MAX_CONDITIONS { 1 << i } else { 0 }
    }
}

/// The outcomes of a number of conditions, in the outcomes table's order.
#[derive(Clone, Debug)]
pub struct Outcomes {
    next: usize,
    end: usize,
    count: usize,
}

impl Iterator for Outcomes {
    type Item = ConditionSet;

    fn next(&mut self) -> Option<ConditionSet> {
        (self.next < self.end).then(|| {
            self.next += 1;
            ConditionSet::outcome(self.next - 1, self.count)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Outcomes {}

#[cfg(test)]
#[path = "condition_set_tests.rs"]
mod tests;
