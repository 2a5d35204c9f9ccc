//! Unit tests of `report/waterfall.rs`: which failure the waterfall names, and where.

use super::*;
use crate::test_support::scenario;

const THREE_CLASSES: &str = include_str!("../../scenarios/exit-three-classes.toml");
const OVERFLOW: &str = include_str!("../../tests/fixtures/overflow.toml");

fn at(value: Decimal) -> ExitInput {
    ExitInput {
        name: crate::format::exact(value),
        value,
        date: None,
        probability: None,
        when: None,
    }
}

#[test]
fn an_exit_that_overflows_is_named_by_its_index() {
    // $10M computes; at the largest decimal the payouts cannot add up: the second exit fails.
    let scenario = scenario(THREE_CLASSES);
    let exits = [at(Decimal::from(10_000_000)), at(Decimal::MAX)];
    match waterfall(&scenario, &exits, scenario.assumed_state(), false) {
        Err(WaterfallError::Exit(BuildError {
            exit: Some(1),
            error: ExitError::Overflow(_),
        })) => {}
        other => panic!("expected an overflow at exit 1, got {other:?}"),
    }
    // Alone, $10M computes.
    assert!(waterfall(&scenario, &exits[..1], scenario.assumed_state(), false).is_ok());
}

#[test]
fn a_round_that_overflows_is_a_round_error_naming_the_round() {
    // The fixture's only round (index 0): $10^27 at a $1 pre-money on 10^27 shares buys 10^54
    // shares, beyond a 28-digit decimal.
    let scenario = scenario(OVERFLOW);
    let exits = [at(Decimal::from(10_000_000))];
    match waterfall(&scenario, &exits, scenario.assumed_state(), false) {
        Err(WaterfallError::Round(e)) => assert_eq!(e.round, 0),
        other => panic!("expected a round error, got {other:?}"),
    }
}
