//! The scenario file format: parsing with spans, exact values, validation into a checked model.
//!
//! - `tree`: the TOML document with a span on every key and value.
//! - `value`: money, share counts, fractions and multiples, read exactly.
//! - `expr`: the `when` expressions of tranches.
//! - `condition_set`: which conditions hold in one outcome ([`ConditionSet`]).
//! - `validate`: every rule of the format, from tree to [`model::Scenario`]; split by job into
//!   `read/*.rs` (one section each), `rules.rs` (rules across sections), `build.rs` (the read
//!   order and the model) and `work.rs` (the engine-work estimate), child modules of
//!   `validate` (see its doc).
//! - `model`: the validated scenario the engine computes on.
//! - `compose`: `extends` (a variant merged into its base) and `--set KEY=VALUE` overrides.
//! - `ranges`: ranges of money and unknown readings, expanded into corner scenarios.
//! - `load`: file → text → tree → base merged, overrides applied → model.
//!
//! # Read order (`build.rs`, `Validator::scenario`)
//!
//! Sections are read in this order, whatever their order in the file; a reader gets what it
//! needs from an earlier one as an argument, except where noted as validator state:
//!
//! 1. `[class.NAME]` (`read/classes.rs`) into validator state: `class_of` (holders,
//!    investments, instruments, secondaries) checks names against it.
//! 2. `[scenario]` (`read/header.rs`): sets the currency every money reader checks against
//!    (validator state); then `[rounding]` and `[metrics]`.
//! 3. `[[holder]]` (`read/holders.rs`, given the rounding): returns the basis (shares or
//!    stakes) and the parties; the parties are then indexed by name (validator state).
//! 4. `[condition.NAME]` (`read/conditions.rs`): the conditions, passed to every `when`
//!    reader (tranches, secondaries, exits) with the `used_conditions` flags.
//! 5. `[[round]]` (`read/rounds.rs`, with `read/secondary.rs` for `[[round.secondary]]`; given
//!    the basis, parties and conditions): adds parties as they invest, each with its
//!    [`model::Arrival`]. Rounds are read without positions (`Round<()>`).
//! 6. `[[safe]]` / `[[note]]` (`read/instruments.rs`, given the rounds and parties; refused in
//!    `build` when the holders are stakes). Each instrument is then booked to its round, and
//!    the secondaries' names resolved (every party is known by now).
//! 7. The engine-work limits (`work.rs`), on the rounds and parties.
//! 8. `[[exit]]` (`read/exits.rs`, given the conditions), then the unused-condition warning,
//!    then `[[commitment]]` (`read/commitments.rs`, needs the parties indexed).
//! 9. Rules across sections (`rules.rs`), shadow series and positions (`build.rs`): every
//!    holding numbered, the rounds placed (`Round<()>` to `Round`).
//!
//! An optional key's reader returns `Result<Option<T>, Refused>`: absent, read, or refused
//! with its error reported.

pub mod compose;
pub mod condition_set;
pub mod expr;
pub mod id;
pub mod keys;
pub mod load;
pub mod model;
pub mod ranges;
pub mod tree;
pub mod validate;
pub mod value;

pub use condition_set::ConditionSet;
pub use load::{
    Loaded, LoadedCorner, load, load_bytes, load_corners, load_ranges, load_ranges_text, load_text,
    load_with,
};
pub use model::Scenario;
pub use validate::Locations;
