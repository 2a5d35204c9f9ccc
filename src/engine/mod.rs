//! Pure computation on a validated scenario: rounds, tranches under conditions, outcomes and
//! commitments. No I/O and no formatting; every arithmetic step is checked.

pub mod antidilution;
pub mod arith;
pub mod bridge;
pub mod captable;
pub mod commitments;
pub mod conversion;
pub mod exact;
pub mod exit;
pub mod exit_expected;
pub mod outcomes;
mod price_up;
pub mod rounds;
pub mod secondary;
pub mod sweep;

pub use arith::{Overflow, OverflowKind};
pub use rounds::{CapTable, RoundError, RoundFigures};
