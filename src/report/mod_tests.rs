//! Unit tests of `report/mod.rs`: the entry points and the JSON the report values derive.

use super::*;
use crate::test_support::scenario;

const A1: &str = include_str!("../../tests/fixtures/a1-openai-2026.toml");
const DOWN_ROUND: &str = include_str!("../../tests/fixtures/down-round.toml");
const OVERFLOW: &str = include_str!("../../tests/fixtures/overflow.toml");

#[test]
fn outcomes_are_the_full_reports_outcomes() {
    let scenario = scenario(A1);
    let state = scenario.assumed_state();
    for basis in [OwnershipBasis::FullyDiluted, OwnershipBasis::Outstanding] {
        let full = build_on(&scenario, state, basis).unwrap_or_else(|e| panic!("{e:?}"));
        let alone = outcomes(&scenario, state, basis).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(alone.outcomes.len() > 1, "A1 has conditions");
        let text = |view| crate::render::json::to_string(&json::outcomes_only(view));
        assert_eq!(text(alone.view()), text(full.outcomes_view()));
        assert_eq!(
            crate::report::sections::preamble(alone.view()),
            crate::report::sections::preamble(full.outcomes_view())
        );
        assert_eq!(alone.no_round, full.rounds.is_empty());
    }
}

#[test]
fn outcomes_and_verify_refuse_what_the_report_refuses_with_its_error() {
    let scenario = scenario(OVERFLOW);
    let state = scenario.assumed_state();
    let full = format!("{:?}", build(&scenario, state).err());
    assert!(full.starts_with("Some("), "the fixture overflows: {full}");
    let alone = outcomes(&scenario, state, OwnershipBasis::FullyDiluted).err();
    assert_eq!(format!("{alone:?}"), full);
    assert_eq!(format!("{:?}", verify(&scenario, state).err()), full);
}

#[test]
fn a_full_ratchet_writes_null_weights_in_the_contracts_order() {
    // Series A: 1,000,000 shares at $1; Series B at $0.50 with a full ratchet: the conversion
    // price falls to the round price, $1 → $0.50, and the as-converted count doubles,
    // $1,000,000 ÷ $0.50 = 2,000,000. A full ratchet has no A, B, C: each is null.
    let text = DOWN_ROUND.replace("broad-based", "full-ratchet");
    let scenario = scenario(&text);
    let report = build(&scenario, ConditionSet::EMPTY).unwrap_or_else(|e| panic!("{e:?}"));
    let adjustment = report.rounds[1]
        .workings
        .as_ref()
        .and_then(|w| w.adjustments.first())
        .unwrap_or_else(|| panic!("the Series B adjusts the Series A"));
    let json = crate::render::json::to_string(adjustment);
    assert_eq!(
        json,
        r#"{
  "class": "series_a",
  "rule": "full-ratchet",
  "round_price": "0.5",
  "conversion_price_before": "1",
  "conversion_price": "0.5",
  "a": null,
  "b": null,
  "c": null,
  "as_converted_before": "1000000",
  "as_converted_after": "2000000"
}
"#
    );
}
