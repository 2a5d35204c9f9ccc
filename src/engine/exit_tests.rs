//! Unit tests of `exit`.

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn cents_go_to_the_largest_remainders_then_file_order() {
    let third = d("33.333333333333333333333333333");
    assert_eq!(
        to_cents(d("100"), &[third, third, third]).unwrap(),
        vec![d("33.34"), d("33.33"), d("33.33")]
    );
    assert_eq!(
        to_cents(d("10"), &[d("2.004"), d("7.996")]).unwrap(),
        vec![d("2.00"), d("8.00")]
    );
    assert_eq!(
        to_cents(d("1"), &[d("0.999999999999999999999999999")]).unwrap(),
        vec![d("1.00")]
    );
}

// ----- figures an exit report shows ----------------------------------------------------------

#[test]
fn a_class_payout_and_its_money_invested_sum_its_members() {
    // Payouts 600.25 + 399.75 = 1,000; invested 100 + 150 = 250.
    assert_eq!(total_payout([d("600.25"), d("399.75")]), Ok(d("1000")));
    assert_eq!(total_invested([d("100"), d("150")]), Ok(d("250")));
    assert!(total_payout([Decimal::MAX, d("1")]).is_err());
}

#[test]
fn a_gross_payout_adds_back_the_strike_and_a_multiple_divides_by_the_money_in() {
    // 1,200 net after a 300 strike: 1,200 + 300 = 1,500 gross.
    assert_eq!(gross_payout(d("1200"), d("300")), Ok(d("1500")));
    // 1,500 back on 600 invested: 1,500 ÷ 600 = 2.5×; nothing invested: no multiple.
    assert_eq!(multiple(d("1500"), d("600")), Ok(Some(d("2.5"))));
    assert_eq!(multiple(d("1500"), Decimal::ZERO), Ok(None));
    assert!(multiple(Decimal::MAX, d("0.5")).is_err());
}
