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
