//! Unit tests of `engine/sweep.rs`.

use super::{Metric, Slot, StakesPlan, evaluate, range, slot_mut, slots};
use crate::diagnostic::Sources;
use crate::engine::rounds::CapTable;
use crate::scenario::model::PartyId;
use crate::scenario::{self, ConditionSet, Scenario};
use rust_decimal::Decimal;

fn bundled(name: &str) -> Scenario {
    let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    match scenario::load(&path, &mut Sources::default()) {
        Ok(loaded) => loaded.scenario,
        Err(_) => panic!("{path} loads"),
    }
}

/// Three rounds in value terms, priced by pre-money, post-money and pre-money again, a
/// holder who invests, a contingent tranche and a holder at zero.
const THREE_ROUNDS: &str = r#"
[scenario]
name = "Three rounds"
currency = "USD"

[condition.ipo]
probability = "50%"

[[holder]]
name = "A"
stake = "60%"

[[holder]]
name = "B"
stake = "40%"

[[round]]
name = "One"
pre_money = "10M"

[[round.investment]]
investor = "X"
amount = "2M"

[[round.investment]]
investor = "A"
amount = "1.5M"

[[round]]
name = "Two"
post_money = "50M"

[[round.investment]]
investor = "Y"
amount = "7M"

[[round.investment.tranche]]
amount = "3M"

[[round.investment.tranche]]
amount = "4M"
when = "ipo"

[[round.investment]]
investor = "X"
amount = "1M"

[[round]]
name = "Three"
pre_money = "80M"

[[round.investment]]
investor = "Z"
amount = "20M"
"#;

/// The values an input takes in the comparison: ordinary, fractional to 28 digits, zero,
/// negative and large enough to overflow.
fn values(seed: &mut u64) -> Decimal {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let pick = *seed >> 33;
    match pick % 8 {
        0 => Decimal::ZERO,
        1 => -Decimal::from(pick % 1_000_000),
        2 => Decimal::MAX - Decimal::from(pick % 1000),
        3 => Decimal::from_i128_with_scale(i128::from(pick) * 1_000_000_007, 28),
        4 => Decimal::from_i128_with_scale(i128::from(pick), (pick % 20) as u32),
        5 => Decimal::from(pick) * Decimal::from(1_000_000_000_000_i64),
        _ => Decimal::from(pick % 10_000_000 + 1) * Decimal::from(100_000),
    }
}

#[test]
fn plans_agree_with_evaluate() {
    // For every file in value terms, every input that a plan allows, every round measured
    // and condition state: the figures (and the first error, with its round and words) of
    // the plan are those of the engine, value for value.
    let mut files = vec![
        bundled("openai-2026.toml"),
        bundled("../tests/fixtures/openai-2026-talks-point.toml"),
    ];
    match scenario::load_bytes("three.toml", THREE_ROUNDS.into(), &mut Sources::default()) {
        Ok(loaded) => files.push(loaded.scenario),
        Err(_) => panic!("the three-round file loads"),
    }
    let mut seed = 7;
    let mut compared = (0, 0);
    for file in &files {
        let metrics: Vec<Metric> = [
            Metric::PostMoney,
            Metric::PreMoney,
            Metric::NewMoney,
            Metric::PricePerShare,
        ]
        .into_iter()
        .chain(
            crate::scenario::id::ids(file.parties.len())
                .flat_map(|p| [Metric::Ownership(p), Metric::Value(p), Metric::Invested(p)]),
        )
        .collect();
        let inputs: Vec<Vec<Slot>> = slots(file)
            .into_iter()
            .map(|(slot, _)| slot)
            .filter(|s| matches!(s, Slot::Terms(_) | Slot::Initial(_)))
            .map(|s| vec![s])
            .chain([vec![Slot::Terms(0), Slot::Initial(0)]])
            .collect();
        for varied in &inputs {
            for last in 0..file.rounds.len() {
                for state in ConditionSet::outcomes(file.conditions.len()) {
                    let plan = StakesPlan::new(file, state, last, varied).expect("a plan");
                    let (mut model, mut planned) = (file.clone(), CapTable::for_sweep(file));
                    let mut table = CapTable::for_sweep(file);
                    for _ in 0..300 {
                        for slot in varied {
                            *slot_mut(&mut model, *slot).expect("a slot") = values(&mut seed);
                        }
                        let mut expected = vec![None; metrics.len()];
                        let mut got = vec![None; metrics.len()];
                        let engine =
                            evaluate(&model, state, last, &metrics, &mut table, &mut expected);
                        let fast = plan.evaluate(&model, &metrics, &mut planned, &mut got);
                        assert_eq!(fast, engine, "{varied:?} after round {last}");
                        if engine.is_ok() {
                            assert_eq!(got, expected, "{varied:?} after round {last}");
                            compared.0 += 1;
                        } else {
                            compared.1 += 1;
                        }
                    }
                }
            }
        }
    }
    // Both outcomes were compared many times.
    assert!(compared.0 > 1000 && compared.1 > 1000, "{compared:?}");
}

#[test]
fn no_plan_where_the_money_paid_varies_or_for_share_counts() {
    let openai = bundled("openai-2026.toml");
    assert!(StakesPlan::new(&openai, ConditionSet::EMPTY, 0, &[Slot::Terms(0)]).is_some());
    assert!(
        StakesPlan::new(
            &openai,
            ConditionSet::EMPTY,
            0,
            &[Slot::InvestmentAmount(0, 1)]
        )
        .is_none()
    );
    assert!(
        StakesPlan::new(
            &openai,
            ConditionSet::EMPTY,
            0,
            &[Slot::TrancheAmount(0, 0, 1)]
        )
        .is_none()
    );
    let startup = bundled("startup-seed-to-series-a.toml");
    assert!(StakesPlan::new(&startup, ConditionSet::EMPTY, 0, &[Slot::Terms(0)]).is_none());
}

#[test]
fn ranges_include_both_ends_exactly() {
    assert_eq!(
        range(d(600), d(900), d(100), 10),
        Ok(vec![d(600), d(700), d(800), d(900)])
    );
    assert_eq!(range(d(600), d(950), d(100), 10).map(|v| v.len()), Ok(4));
    assert_eq!(
        range(
            Decimal::new(1, 1),
            Decimal::new(3, 1),
            Decimal::new(1, 1),
            10
        ),
        Ok(vec![
            Decimal::new(1, 1),
            Decimal::new(2, 1),
            Decimal::new(3, 1)
        ])
    );
    assert!(range(d(1), d(0), d(1), 10).is_err());
    assert!(range(d(0), d(1), d(0), 10).is_err());
    assert!(range(d(0), d(100), d(1), 10).is_err());
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn n(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

#[test]
fn a_span_beyond_a_decimal_is_counted_not_panicked_on() {
    // 7e28 − (−7e28) = 1.4e29 does not fit in a decimal (at most about 7.92e28); in steps
    // of 1 that is 1.4e29 + 1 values.
    let error = range(
        n("-70000000000000000000000000000"),
        n("70000000000000000000000000000"),
        Decimal::ONE,
        50_000_000,
    )
    .expect_err("too many values");
    assert!(
        error.contains("140000000000000000000000000001 values"),
        "{error}"
    );
    // 0 to 1 in steps of 1e-28: 10^28 + 1 values.
    let error = range(
        Decimal::ZERO,
        Decimal::ONE,
        n("0.0000000000000000000000000001"),
        10,
    )
    .expect_err("too many values");
    assert!(
        error.contains("10000000000000000000000000001 values"),
        "{error}"
    );
}

#[test]
fn values_are_made_when_asked_for_exactly() {
    // The benchmark's range: 600B to 899.9997B in steps of 300K is 1,000,000 values.
    let values = super::Values::new(
        n("600000000000"),
        n("899999700000"),
        n("300000"),
        50_000_000,
    )
    .expect("a range");
    assert_eq!(values.len(), 1_000_000);
    assert_eq!(values.get(0), n("600000000000"));
    assert_eq!(values.get(1), n("600000300000"));
    assert_eq!(values.get(999_999), n("899999700000"));
    // Fractions: 0.1 to 0.3 in steps of 0.05 at two decimals.
    let values = super::Values::new(n("0.1"), n("0.3"), n("0.05"), 10).expect("a range");
    let all: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    assert_eq!(all, ["0.10", "0.15", "0.20", "0.25", "0.30"]);
}

#[test]
fn the_last_value_may_sit_at_the_largest_decimal() {
    // Adding STEP after the last value would overflow; the range still has its one value.
    assert_eq!(
        range(d(6_000_000), Decimal::MAX, Decimal::MAX, 10),
        Ok(vec![d(6_000_000)])
    );
    assert_eq!(
        range(Decimal::MAX - Decimal::ONE, Decimal::MAX, Decimal::ONE, 10),
        Ok(vec![Decimal::MAX - Decimal::ONE, Decimal::MAX])
    );
}

#[test]
fn values_are_exact_or_the_range_is_refused() {
    // 10^27 at one decimal is a 29-digit mantissa 10^28 < 2^96: fits, and each value is
    // exactly 10^27 + i/10.
    let values = range(
        n("1000000000000000000000000000"),
        n("1000000000000000000000000001"),
        n("0.1"),
        20,
    )
    .expect("fits");
    assert_eq!(values.len(), 11);
    assert_eq!(values[1].to_string(), "1000000000000000000000000000.1");
    assert_eq!(values[10].to_string(), "1000000000000000000000000001.0");
    // 10^28 at one decimal is 10^29 > 2^96 ≈ 7.92e28: a sum would round, so refused.
    let error = range(
        n("10000000000000000000000000000"),
        n("10000000000000000000000000001"),
        n("0.5"),
        20,
    )
    .expect_err("does not fit");
    assert!(error.contains("28-digit decimal"), "{error}");
}

/// A tender whose quantity and price the sweep varies.
fn with_secondary(shares: &str, price: &str) -> Scenario {
    let text = format!(
        "[scenario]\nname = \"T\"\n\n[[holder]]\nname = \"A\"\nshares = 1_000_000\n\n[[holder]]\nname = \"B\"\nshares = 1_000_000\n\n[[round]]\nname = \"Seed\"\nprice_per_share = \"4\"\n\n[[round.investment]]\ninvestor = \"F\"\namount = \"2M\"\n\n[[round.secondary]]\nsellers = [\"A\", \"B\"]\nbuyer = \"F\"\nshares = {shares}\nprice_per_share = \"{price}\"\n"
    );
    match scenario::load_bytes("t.toml", text.into_bytes(), &mut Sources::default()) {
        Ok(loaded) => loaded.scenario,
        Err(_) => panic!("the tender loads"),
    }
}

#[test]
fn a_secondarys_quantity_and_price_are_slots() {
    let (a, b) = (with_secondary("100000", "5"), with_secondary("150000", "5"));
    assert_eq!(
        super::find_slots(&a, Decimal::from(100_000), &b, Decimal::from(150_000)),
        Some(vec![Slot::SecondaryQuantity(0, 0)])
    );
    let c = with_secondary("100000", "6");
    assert_eq!(
        super::find_slots(&a, Decimal::from(5), &c, Decimal::from(6)),
        Some(vec![Slot::SecondaryPrice(0, 0)])
    );
    // Written into a copy, the slot moves the sale: 150,000 shares → F holds 500,000 + 150,000.
    let mut model = a.clone();
    if let Some(field) = slot_mut(&mut model, Slot::SecondaryQuantity(0, 0)) {
        *field = Decimal::from(150_000);
    }
    let mut table = CapTable::for_sweep(&model);
    assert!(
        !crate::engine::rounds::Holdings::suffice(&model),
        "a secondary sells from positions: the whole cap table"
    );
    let mut out = [None];
    let f = model.party_index("F").unwrap_or(PartyId::new(usize::MAX));
    assert!(
        evaluate(
            &model,
            ConditionSet::EMPTY,
            0,
            &[Metric::Ownership(f)],
            &mut table,
            &mut out
        )
        .is_ok()
    );
    // 650,000 ÷ 2,500,000 = 0.26.
    assert_eq!(out[0], Some(Decimal::new(26, 2)));
    assert!(
        StakesPlan::new(
            &model,
            ConditionSet::EMPTY,
            0,
            &[Slot::SecondaryQuantity(0, 0)]
        )
        .is_none()
    );
}

#[test]
fn the_guard_passes_a_plain_input_and_refuses_a_field_the_slots_miss() {
    // The file validated at a seller's 100,000 and at 150,000 shares: one slot, and 150,000
    // written there gives exactly the model validated at 150,000.
    let (a, b) = (with_secondary("100000", "5"), with_secondary("150000", "5"));
    let (at_a, at_b) = (Decimal::from(100_000), Decimal::from(150_000));
    let found = super::find_slots(&a, at_a, &b, at_b).expect("one slot");
    assert_eq!(found, vec![Slot::SecondaryQuantity(0, 0)]);
    let slots = [found];
    assert!(super::same_model(&a, &slots, |_| at_b, &b));
    // The same input that also moved a field no slot holds (as a figure derived from it at
    // validation would): the slots alone do not see it, the guard does.
    let mut derived = b.clone();
    derived.parties[0].initial_invested += Decimal::ONE;
    assert_eq!(
        super::find_slots(&a, at_a, &derived, at_b).as_ref(),
        slots.first()
    );
    assert!(!super::same_model(&a, &slots, |_| at_b, &derived));
    // And a value other than the one validated is not the model either.
    assert!(!super::same_model(&a, &slots, |_| at_a, &b));
}

#[test]
fn every_slot_is_read_and_written_through_the_one_visitor() {
    let mut model = bundled("openai-2026.toml");
    let all = slots(&model);
    assert!(all.len() > 5, "{all:?}");
    // Each slot written with its position in the list, through `write_slots`, reads back so.
    let each: Vec<Vec<Slot>> = all.iter().map(|(slot, _)| vec![*slot]).collect();
    super::write_slots(&mut model, &each, Decimal::from);
    for (i, (slot, _)) in all.iter().enumerate() {
        assert_eq!(slot_mut(&mut model, *slot).copied(), Some(Decimal::from(i)));
    }
}
