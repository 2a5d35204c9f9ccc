//! The scenario file format: parsing with spans, exact values, validation into a checked model.
//!
//! - `tree`: the TOML document with a span on every key and value.
//! - `value`: money, share counts, fractions and multiples, read exactly.
//! - `expr`: the `when` expressions of tranches.
//! - `validate`: every rule of the format, from tree to [`model::Scenario`].
//! - `model`: the validated scenario the engine computes on.
//! - `load`: file → text → tree → model.

pub mod expr;
pub mod load;
pub mod model;
pub mod tree;
pub mod validate;
pub mod value;

pub use load::{Loaded, load, load_bytes, load_text};
pub use model::Scenario;
pub use validate::Locations;
