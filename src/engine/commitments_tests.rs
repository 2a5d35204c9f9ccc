use rust_decimal::Decimal;

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

#[test]
fn a_net_flow_is_what_was_invested_less_the_commitment() {
    // 10B invested against a 30B commitment: 10 − 30 = −20B.
    assert_eq!(net_flow(d("10"), d("30")), Ok(d("-20")));
    assert!(net_flow(Decimal::MIN, d("1")).is_err());
}

#[test]
fn an_economic_cost_keeps_the_margin_of_the_commitment() {
    // 10 invested, 30 committed at a 40% margin: 10 − 0.4 × 30 = 10 − 12 = −2.
    assert_eq!(economic_cost(d("10"), d("0.4"), d("30")), Ok(d("-2")));
    assert!(economic_cost(d("10"), Decimal::MAX, d("2")).is_err());
}
