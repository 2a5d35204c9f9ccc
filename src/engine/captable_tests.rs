use rust_decimal::Decimal;

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

fn figures(pre_money: &str, price: &str, count: &str) -> RoundFigures {
    RoundFigures {
        pre_money: d(pre_money),
        new_money: Decimal::ZERO,
        post_money: d(pre_money),
        committed: Decimal::ZERO,
        price_per_share: Some(d(price)),
        pre_money_units: d(count),
        post_money_units: d(count),
    }
}

#[test]
fn a_terminating_price_values_shares_at_price_times_shares() {
    // $4M pre-money over 1,000,000 shares: $4 a share, exact; 250,000 shares are worth $1M.
    let at = AtPrice::of(&figures("4000000", "4", "1000000"))
        .ok()
        .flatten();
    let value = at.map(|p| p.value(d("250000"), "test"));
    assert_eq!(value, Some(Ok(d("1000000"))));
    // With a 100,000-share top-up the effective pre-money is $4M − 100,000 × $4 = $3.6M.
    let effective = at.map(|p| p.effective_pre_money(d("4000000"), d("100000")));
    assert_eq!(effective, Some(Ok(d("3600000"))));
}

#[test]
fn a_rounded_price_values_shares_by_the_exact_ratio() {
    // $10M over 3,000,000 shares: $3.333… a share, rounded at 28 digits. 300,000 shares are a
    // tenth of the count, so exactly $1,000,000; the rounded price times the shares would be
    // $999,999.99999999999999999999990 (3.3333333333333333333333333333 × 300,000).
    let price = d("10000000") / d("3000000");
    assert_eq!(price, d("3.3333333333333333333333333333"));
    let at = AtPrice::of(&figures("10000000", &price.to_string(), "3000000"))
        .ok()
        .flatten();
    assert_eq!(
        at.map(|p| p.value(d("300000"), "test")),
        Some(Ok(d("1000000")))
    );
    // Effective pre-money with a 300,000-share top-up: 10M × 2,700,000 ÷ 3,000,000 = $9M.
    let effective = at.map(|p| p.effective_pre_money(d("10000000"), d("300000")));
    assert_eq!(effective, Some(Ok(d("9000000"))));
}

#[test]
fn value_terms_have_no_price() {
    let mut round = figures("10", "1", "10");
    round.price_per_share = None;
    assert!(matches!(AtPrice::of(&round), Ok(None)));
}

// ----- figures a report shows ---------------------------------------------------------------

#[test]
fn the_announced_post_money_counts_every_tranche_and_the_multiple_divides_the_paid_one() {
    // Pre-money 800, 100 paid of 150 committed: post-money 800 + 100 = 900, announced
    // 800 + 150 = 950; on revenue 40 the multiple is 900 ÷ 40 = 22.5.
    let figures = RoundFigures {
        new_money: d("100"),
        post_money: d("900"),
        committed: d("150"),
        ..figures("800", "8", "100")
    };
    assert_eq!(figures.announced_post_money(), Ok(d("950")));
    assert_eq!(figures.revenue_multiple(d("40")), Ok(d("22.5")));
}

#[test]
fn the_shares_outstanding_leave_out_the_pool_options_and_warrants() {
    let scenario = crate::test_support::scenario(
        r#"
[scenario]
name = "Outstanding"

[[holder]]
name = "F1"
shares = 3_000_000

[[holder]]
name = "Pool"
shares = 500_000
pool = true

[[holder]]
name = "Staff"
kind = "option"
exercise_price = "1"
shares = 1_000_000

[[holder]]
name = "F2"
shares = 2_000_000
"#,
    );
    // F1 3,000,000 + F2 2,000,000 = 5,000,000; the pool's 500,000 and Staff's 1,000,000
    // options are not outstanding.
    let units = [d("3000000"), d("500000"), d("1000000"), d("2000000")];
    assert_eq!(outstanding_units(&scenario, &units), Ok(d("5000000")));
}

#[test]
fn a_seller_gets_its_shares_part_of_the_amount() {
    // 30 of 120 shares sold for 600 in all: 600 × 30 ÷ 120 = 150.
    assert_eq!(seller_proceeds(d("600"), d("30"), d("120")), Ok(d("150")));
    // A secondary of no shares pays nobody (no division by zero).
    assert_eq!(seller_proceeds(d("600"), d("0"), d("0")), Ok(Decimal::ZERO));
}

#[test]
fn anti_dilution_adds_each_class_units_after_less_before() {
    let adjustment = |before: &str, after: &str| Adjustment {
        class: ClassId::new(0),
        rule: AntiDilution::FullRatchet,
        round_price: d("1"),
        before: d("2"),
        after: d("1"),
        weighted: None,
        units_before: d(before),
        units_after: d(after),
    };
    // (1,500 − 1,000) + (2,250 − 2,000) = 500 + 250 = 750.
    let adjustments = [adjustment("1000", "1500"), adjustment("2000", "2250")];
    assert_eq!(anti_dilution_added(&adjustments), Ok(d("750")));
    assert_eq!(anti_dilution_added(&[]), Ok(Decimal::ZERO));
}

#[test]
fn prices_where_the_engine_has_none_divide_money_by_shares() {
    // 5,000,000 paid for 2,000,000 shares: 2.5 each; as converted into 2,500,000: 2.
    assert_eq!(issue_price(d("5000000"), d("2000000")), Ok(d("2.5")));
    assert_eq!(conversion_price(d("5000000"), d("2500000")), Ok(d("2")));
    // 7,000 paid after the round, 4,500 before: 2,500 in the round.
    assert_eq!(invested_in_round(d("7000"), d("4500")), Ok(d("2500")));
}

#[test]
fn new_money_together_buys_its_sum_over_the_post_money() {
    // 30 + 20 = 50 of a 400 post-money: 50 ÷ 400 = 0.125.
    assert_eq!(stake_bought([d("30"), d("20")], d("400")), Ok(d("0.125")));
    // A zero post-money is an error, not a panic.
    assert!(stake_bought([d("30")], Decimal::ZERO).is_err());
}

#[test]
fn an_expectation_weights_each_figure_by_its_probability() {
    // 0.25 × 0.4 + 0.75 × 0.2 = 0.1 + 0.15 = 0.25.
    let terms = [(d("0.25"), d("0.4")), (d("0.75"), d("0.2"))];
    assert_eq!(expectation(terms), Ok(d("0.25")));
    assert_eq!(expectation([]), Ok(Decimal::ZERO));
}

#[test]
fn the_post_money_adds_the_new_money_and_the_multiple_divides_it_by_revenue() {
    // 800 + 100 = 900; 900 ÷ 40 = 22.5.
    assert_eq!(post_money(d("800"), d("100")), Ok(d("900")));
    assert_eq!(revenue_multiple(d("900"), d("40")), Ok(d("22.5")));
    // No revenue: a division by zero is an error, not a panic or a zero.
    assert!(revenue_multiple(d("900"), Decimal::ZERO).is_err());
    assert!(post_money(Decimal::MAX, d("1")).is_err());
}

#[test]
fn paid_money_sums_only_the_tranches_that_pay() {
    // 30 paid + 20 unpaid + 5 paid: 30 + 5 = 35.
    let tranches = [(d("30"), true), (d("20"), false), (d("5"), true)];
    assert_eq!(paid_money(tranches), Ok(d("35")));
    assert!(paid_money([(Decimal::MAX, true), (d("1"), true)]).is_err());
}

#[test]
fn money_and_shares_sum_each_column() {
    // (10, 4) and (2.5, 1): 10 + 2.5 = 12.5 money, 4 + 1 = 5 shares.
    let investments = [(d("10"), d("4")), (d("2.5"), d("1"))];
    assert_eq!(money_and_shares(investments), Ok((d("12.5"), d("5"))));
    assert!(money_and_shares([(d("1"), Decimal::MAX), (d("1"), d("1"))]).is_err());
}

#[test]
fn an_ownership_in_value_terms_restates_the_old_stake_at_the_pre_money() {
    // 20% of an 800 pre-money plus 100 invested, of a 900 post-money:
    // (0.2 × 800 + 100) ÷ 900 = 260 ÷ 900 = 13 ÷ 45 = 0.2888…
    let expected = d("13") / d("45");
    assert_eq!(
        ownership_in_value_terms(d("0.2"), d("800"), d("100"), d("900")),
        Ok(expected)
    );
    assert!(ownership_in_value_terms(d("0.2"), d("800"), d("100"), Decimal::ZERO).is_err());
}

#[test]
fn shares_of_a_total_value_at_a_price_and_stakes_at_a_post_money() {
    // 30 + 90 = 120 units; 30 ÷ 120 = 0.25; 30 × 2.5 = 75; 0.25 × 600 = 150.
    assert_eq!(total_units([d("30"), d("90")]), Ok(d("120")));
    assert_eq!(share_of(d("30"), d("120")), Ok(d("0.25")));
    assert!(share_of(d("30"), Decimal::ZERO).is_err());
    assert_eq!(value_at_price(d("30"), d("2.5")), Ok(d("75")));
    assert_eq!(stake_value(d("0.25"), d("600")), Ok(d("150")));
    assert!(value_at_price(Decimal::MAX, d("2")).is_err());
}

#[test]
fn a_change_subtracts_and_a_relative_change_divides_by_the_start() {
    // 0.25 − 0.3 = −0.05; −0.05 ÷ 0.25 = −0.2.
    assert_eq!(change(d("0.25"), d("0.3")), Ok(d("-0.05")));
    assert_eq!(relative_change(d("-0.05"), d("0.25")), Ok(d("-0.2")));
    assert!(relative_change(d("1"), Decimal::ZERO).is_err());
    assert!(change(Decimal::MIN, d("1")).is_err());
}

#[test]
fn a_notes_interest_is_its_amount_less_its_principal() {
    // Principal 1,000 converting as 1,080: 1,080 − 1,000 = 80 of interest; a SAFE's is 0.
    assert_eq!(accrued_interest(d("1080"), d("1000")), Ok(d("80")));
    assert_eq!(accrued_interest(d("500"), d("500")), Ok(Decimal::ZERO));
    assert!(accrued_interest(Decimal::MIN, d("1")).is_err());
}

#[test]
fn an_ownership_before_secondaries_undoes_each_in_turn() {
    // 0.3 after buying 0.05 and selling 0.02: 0.3 − 0.05 + 0.02 = 0.27.
    assert_eq!(
        ownership_before_secondaries(d("0.3"), [d("-0.05"), d("0.02")]),
        Ok(d("0.27"))
    );
    assert_eq!(ownership_before_secondaries(d("0.3"), []), Ok(d("0.3")));
}

fn preferred_holders(invested: &str) -> Scenario {
    crate::test_support::scenario(&format!(
        r#"
[scenario]
name = "Initial prices"

[[holder]]
name = "F"
shares = 1_000_000

[[holder]]
name = "P1"
shares = 1_000_000
class = "pref"
invested = "{invested}"

[[holder]]
name = "P2"
shares = 3_000_000
class = "pref"
invested = "{invested}"

[class.pref]
preference = "1x"
"#
    ))
}

#[test]
fn a_class_held_before_the_first_round_is_priced_at_its_money_over_its_shares() {
    // (2,000,000 + 2,000,000) ÷ (1,000,000 + 3,000,000) = 4,000,000 ÷ 4,000,000 = 1.
    let scenario = preferred_holders("2000000");
    let table = CapTable::initial(&scenario);
    let pref = scenario.classes.iter().position(|c| c.name == "pref");
    assert_eq!(
        pref.map(|c| table.series_price[ClassId::new(c)]),
        Some(d("1"))
    );
    assert_eq!(table.unpriced, None);
}

#[test]
fn a_class_price_that_does_not_fit_is_an_overflow_not_a_zero() {
    // 50,000,000,000,000,000,000,000,000,000 twice is 10^29, beyond a decimal's 7.9 × 10^28:
    // the price is unknown, and the table says so instead of pricing the class at zero.
    let scenario = preferred_holders("50000000000000000000000000000");
    let table = CapTable::initial(&scenario);
    assert_eq!(
        table.unpriced,
        Some(Overflow::new("a class's money invested"))
    );
}
