//! Unit tests of `report/summary.rs`.

use super::*;

#[test]
fn articles_follow_the_spoken_number() {
    // eight million, eighteen billion, eleven billion, eighty thousand, eight hundred…
    for an in [
        "$8.0M",
        "$18.0B",
        "$11.0B",
        "80000",
        "$800.0B",
        "8.00%",
        "18,000,000",
    ] {
        assert_eq!(article(an), "an", "{an}");
    }
    // seven hundred thirty, a hundred and ten, one, a hundred and eighty, a million…
    for a in [
        "$730.0B", "$110.0B", "$1.5T", "180000", "1000000", "30.00%", "CHF 8.0M",
    ] {
        assert_eq!(article(a), "a", "{a}");
    }
}

#[test]
fn possessives() {
    assert_eq!(possessive("Amazon"), "Amazon's");
    assert_eq!(possessive("Angel SAFEs"), "Angel SAFEs'");
}

#[test]
fn expressions_keep_their_meaning() {
    let names = vec!["ipo".to_string(), "agi".to_string()];
    let c = |i| Box::new(Expr::Condition(i));
    assert_eq!(expression(&Expr::Or(c(0), c(1)), &names), "ipo or agi");
    assert_eq!(
        expression(&Expr::And(Box::new(Expr::Or(c(0), c(1))), c(0)), &names),
        "(ipo or agi) and ipo"
    );
    assert_eq!(
        expression(&Expr::Not(Box::new(Expr::And(c(0), c(1)))), &names),
        "not (ipo and agi)"
    );
    assert_eq!(
        expression(&Expr::Or(Box::new(Expr::And(c(0), c(1))), c(1)), &names),
        "ipo and agi or agi"
    );
}
/// The summary of a scenario text, one string per paragraph, in human units.
fn summary(text: &str) -> Vec<String> {
    let mut sources = crate::diagnostic::Sources::default();
    let loaded = crate::scenario::load::load_text("test.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let scenario = loaded.scenario;
    let report = crate::report::build(&scenario, scenario.assumed_state())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let numbers = Numbers::human(2, "USD", None);
    paragraphs(&scenario, &report, &numbers)
}

/// A seed with a post-money SAFE, a pool top-up in the pre-money and a pro-rata line for the
/// SAFE holder (who holds nothing before the round, so it buys nothing); a Series A with an
/// 8% note under the pre-money method.
const SEED_AND_NOTE: &str = r#"
[scenario]
name = "Memo facts"
[rounding]
shares = "floor"
[[holder]]
name = "Founders"
shares = 8_000_000
[[holder]]
name = "Option pool"
shares = 0
pool = true
[[safe]]
investor = "Pre-seed Fund"
amount = "1.5M"
cap = "15M"
kind = "post-money"
converts_at = "Seed"
[[round]]
name = "Seed"
date = 2024-01-01
pre_money = "20M"
pool_target = "10%"
pool_timing = "pre-money"
[[round.investment]]
investor = "Seed Lead"
amount = "4M"
[[round.investment]]
investor = "Pre-seed Fund"
pro_rata = true
[[note]]
investor = "Bridge Fund"
principal = "1.5M"
interest = "8%"
issued = 2024-07-01
cap = "40M"
converts_at = "Series A"
[[round]]
name = "Series A"
date = 2025-07-01
pre_money = "30M"
conversion_method = "pre-money"
[[round.investment]]
investor = "A Lead"
amount = "10M"
"#;

#[test]
fn every_sentence_states_a_fact_of_its_round() {
    // Worked by hand. Seed: the SAFE owns 1.5M ÷ 15M = 10% of K = 8,000,000 + its shares,
    // so K = 8,000,000 ÷ 0.9 and it gets 888,888; with price p the pool top-up is 10% of
    // the post-money count 24M ÷ p, and 20M ÷ p = K + 2.4M ÷ p, so p = 17.6M ÷ K = $1.98.
    // Top-up 2.4M ÷ 1.98 = 1,212,121; Seed Lead 4M ÷ 1.98 = 2,020,202; total 12,121,211:
    // Seed Lead 16.67%, the SAFE 888,888 ÷ 12,121,211 = 7.33%, the pool 10.00%.
    // Effective pre-money 20M − 1,212,121 × 1.98 = $17,600,000.42 → $17.6M.
    // Series A: price p = 30M ÷ 12,121,211 = $2.4750002…; interest 8% × 365/365 × $1.5M =
    // $120K, so $1.62M converts at the round price (the cap price 40M ÷ 12,121,211 = $3.30
    // is higher): 1.62M × 12,121,211 ÷ 30M = 654,545.39 → 654,545 shares; A Lead 10M ×
    // 12,121,211 ÷ 30M = 4,040,403.67 → 4,040,403; total 16,816,159: A Lead 24.03%, the
    // note 3.89%; at the round price 30M × 16,816,159 ÷ 12,121,211 = $41,619,997.37 →
    // $41.6M, against 30 + 10 = $40M; $1.62M is exact, so shown to the cent of its unit. (Checked with Python `fractions`.)
    let paragraphs = summary(SEED_AND_NOTE);
    assert_eq!(
        paragraphs,
        [
            "Seed: Seed Lead's $4M buys 16.67% at a $20M pre-money valuation ($24M post). \
             Pre-seed Fund's $1.5M post-money SAFE converts into 7.33%. \
             The unallocated option pool is topped up to 10.00%. \
             The pool top-up comes out of the pre-money: the effective pre-money is $17.6M.",
            "Series A: A Lead's $10M buys 24.03% at a $30M pre-money valuation ($40M post). \
             Bridge Fund's $1.5M note converts, with $120K interest, as $1.62M into 3.89%. \
             At the round price the company is worth $41.6M after the round, against $40M \
             pre-money plus new money, because the SAFE and note shares converting in it are \
             outside the pre-money count.",
        ]
    );
    // The pro-rata line of a party holding nothing before the round buys nothing: no
    // sentence about it, and the SAFE's $1.5M is never said to buy anything.
    assert!(!paragraphs[0].contains("Pre-seed Fund's $1.5M buys"));
}

#[test]
fn a_down_round_and_its_anti_dilution_are_stated() {
    // Series A 1,000,000 preferred at $1; Series B 1,000,000 common at $0.50, below $1: a
    // down round. Broad-based: CP2 = 1 × (2,000,000 + 500,000) ÷ (2,000,000 + 1,000,000) =
    // $0.8333, so the 1,000,000 preferred convert into 1,200,000; B Fund 1,000,000 of
    // 3,200,000 = 31.25%; at $0.50, 3,200,000 shares are worth $1.6M against 1.0 + 0.5 =
    // $1.5M.
    let paragraphs = summary(include_str!("../../tests/fixtures/down-round.toml"));
    assert_eq!(
        paragraphs[1],
        "Series B: B Fund's $500K buys 31.25% at a $1M pre-money valuation ($1.5M post). \
         This is a down round: $0.50 a share, below Series A's $1.00. \
         Anti-dilution (broad-based) lowers the Series A conversion price from $1.00 to \
         $0.8333: its shares convert into 1,200,000 instead of 1,000,000. \
         At the round price the company is worth $1.6M after the round, against $1.5M \
         pre-money plus new money, because anti-dilution added 200,000 as-converted shares."
    );
    // The first round is not a down round.
    assert!(!paragraphs[0].contains("down round"), "{}", paragraphs[0]);
}
