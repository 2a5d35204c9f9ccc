//! Helpers the unit tests share (compiled only for tests).

use rust_decimal::Decimal;

use crate::diagnostic::Sources;
use crate::scenario::model::{PartyId, Scenario};

/// A decimal written in a test; a typo is a test failure.
pub fn d(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} is not a decimal: {e}"))
}

/// A valid scenario from its text; an invalid one fails the test with its diagnostics.
pub fn scenario(text: &str) -> Scenario {
    let mut sources = Sources::default();
    match crate::scenario::load_text("test.toml", text.to_string(), &mut sources) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => panic!("invalid scenario: {problems:?}"),
    }
}

/// The index of the party called `name`.
pub fn party(scenario: &Scenario, name: &str) -> PartyId {
    scenario
        .party_index(name)
        .unwrap_or_else(|| panic!("no party {name}"))
}
