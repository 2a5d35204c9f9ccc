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
