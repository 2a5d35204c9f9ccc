//! The scenario file format: parsing with spans, exact values, validation into a checked model.
//!
//! - `tree`: the TOML document with a span on every key and value.
//! - `value`: money, share counts, fractions and multiples, read exactly.
//! - `expr`: the `when` expressions of tranches.
//! - `validate`: every rule of the format, from tree to [`model::Scenario`].
//! - `model`: the validated scenario the engine computes on.
//! - `compose`: `extends` (a variant merged into its base) and `--set KEY=VALUE` overrides.
//! - `ranges`: ranges of money and unknown readings, expanded into corner scenarios.
//! - `load`: file → text → tree → base merged, overrides applied → model.

pub mod compose;
pub mod expr;
pub mod keys;
pub mod load;
pub mod model;
pub mod ranges;
pub mod tree;
pub mod validate;
pub mod value;

pub use load::{
    Loaded, LoadedCorner, load, load_bytes, load_corners, load_ranges, load_ranges_text, load_text,
    load_with,
};
pub use model::Scenario;
pub use validate::Locations;
