//! Unit tests of `antidilution`, each worked by hand beside it from the NVCA model
//! Certificate of Incorporation's weighted average (Article Fourth, B.4.4.2):
//! CP2 = CP1 × (A + B) ÷ (A + C), or the full ratchet's CP2 = the round's price.

use rust_decimal::Decimal;

use crate::diagnostic::Sources;
use crate::engine::captable::{CapTable, Workings};
use crate::engine::rounds::apply_round_with_workings;
use crate::scenario::model::{AntiDilution, ConditionSet, Scenario};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Founders 4,000,000 common. The Series A sells A Fund 2,000,000 `series_a` shares at $2.00
/// ($4M; `class_terms` protect them); the Series B sells B Fund $4M of `series_b` at $1.00:
/// 4,000,000 shares. Both rounds run; the Series B's workings are returned.
fn down_round(class_terms: &str) -> (Scenario, CapTable, Workings) {
    let text = format!(
        r#"
[scenario]
name = "A down round, worked by hand"

[[holder]]
name = "Founders"
shares = 4_000_000

[class.series_a]
{class_terms}

[class.series_b]

[[round]]
name = "Series A"
price_per_share = "2"

[[round.investment]]
investor = "A Fund"
amount = "4M"
class = "series_a"

[[round]]
name = "Series B"
price_per_share = "1"

[[round.investment]]
investor = "B Fund"
amount = "4M"
class = "series_b"
"#
    );
    let model = match crate::scenario::load_text("down.toml", text, &mut Sources::default()) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => panic!("invalid scenario: {problems:?}"),
    };
    let mut table = CapTable::initial(&model);
    let mut workings = Workings::default();
    for round in 0..2 {
        apply_round_with_workings(
            &model,
            round,
            ConditionSet::EMPTY,
            &mut table,
            &mut workings,
        )
        .expect("the round computes");
    }
    (model, table, workings)
}

fn units(model: &Scenario, table: &CapTable, name: &str) -> Decimal {
    table.units[model.party_index(name).expect("a party")]
}

/// Broad-based: CP1 = $2.00; A = the 6,000,000 shares outstanding before the Series B
/// (4,000,000 + 2,000,000; no pool); C = the 4,000,000 shares it issued for money; B = $4M ÷
/// CP1 = 2,000,000. CP2 = 2 × (6,000,000 + 2,000,000) ÷ (6,000,000 + 4,000,000) = 2 × 0.8 =
/// $1.60. A Fund's 2,000,000 shares convert into 2,000,000 × 2 ÷ 1.6 = 2,500,000 units; the
/// total is 4,000,000 + 2,500,000 + 4,000,000 = 10,500,000, A Fund 2.5 ÷ 10.5 = 5/21.
#[test]
fn broad_based_weighted_average_by_hand() {
    let (model, table, workings) = down_round(r#"anti_dilution = "broad-based""#);
    let [adjustment] = workings.adjustments.as_slice() else {
        panic!("one adjustment: {:?}", workings.adjustments);
    };
    assert_eq!(adjustment.rule, AntiDilution::BroadBased);
    assert_eq!(model.classes[adjustment.class].name, "series_a");
    assert_eq!(adjustment.round_price, d("1"));
    assert_eq!(adjustment.before, d("2"));
    assert_eq!(adjustment.after, d("1.6"));
    assert_eq!(
        adjustment.weighted,
        Some((d("6000000"), d("2000000"), d("4000000")))
    );
    assert_eq!(adjustment.units_before, d("2000000"));
    assert_eq!(adjustment.units_after, d("2500000"));
    assert_eq!(units(&model, &table, "A Fund"), d("2500000"));
    assert_eq!(
        table.issued[model.party_index("A Fund").expect("A Fund")],
        d("2000000")
    );
    assert_eq!(units(&model, &table, "Founders"), d("4000000"));
    assert_eq!(units(&model, &table, "B Fund"), d("4000000"));
    assert_eq!(table.total(), Ok(d("10500000")));
    assert_eq!(table.series_price[adjustment.class], d("1.6"));
    // The round's own price is not changed by the adjustment.
    assert_eq!(workings.price_per_share, d("1"));
}

/// Narrow-based: A = series_a's own 2,000,000 shares; CP2 = 2 × (2,000,000 + 2,000,000) ÷
/// (2,000,000 + 4,000,000) = 4/3 = 1.3333…, rounded to the class's `price_decimals = 4` (the
/// charter's one-hundredth of a cent), half away from zero: $1.3333.
#[test]
fn narrow_based_rounds_to_the_class_price_decimals() {
    let (_, _, workings) = down_round("anti_dilution = \"narrow-based\"\nprice_decimals = 4");
    let [adjustment] = workings.adjustments.as_slice() else {
        panic!("one adjustment: {:?}", workings.adjustments);
    };
    assert_eq!(adjustment.after, d("1.3333"));
    assert_eq!(
        adjustment.weighted,
        Some((d("2000000"), d("2000000"), d("4000000")))
    );
}

/// Full ratchet: CP2 = the Series B's $1.00; A Fund's 2,000,000 shares convert into
/// 2,000,000 × 2 ÷ 1 = 4,000,000 units: 4 + 4 + 4 = 12,000,000 in all, a third each.
#[test]
fn full_ratchet_by_hand() {
    let (model, table, workings) = down_round(r#"anti_dilution = "full-ratchet""#);
    let [adjustment] = workings.adjustments.as_slice() else {
        panic!("one adjustment: {:?}", workings.adjustments);
    };
    assert_eq!(adjustment.after, d("1"));
    assert_eq!(adjustment.weighted, None);
    assert_eq!(units(&model, &table, "A Fund"), d("4000000"));
    assert_eq!(table.total(), Ok(d("12000000")));
}

/// Without protection nothing moves: 4 + 2 + 4 = 10,000,000.
#[test]
fn no_protection_no_adjustment() {
    let (model, table, workings) = down_round("");
    assert!(workings.adjustments.is_empty());
    assert_eq!(units(&model, &table, "A Fund"), d("2000000"));
    assert_eq!(table.total(), Ok(d("10000000")));
}
