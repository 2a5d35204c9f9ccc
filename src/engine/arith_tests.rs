//! Unit tests of `arith`.

use super::*;

#[test]
fn mul_div_keeps_whole_ratios_whole() {
    let shares = mul_div(
        Decimal::from(1_000_000),
        Decimal::from(3_000_000),
        Decimal::from(10_000_000),
        "t",
    );
    assert_eq!(shares, Ok(Decimal::from(300_000)));
}

#[test]
fn floor_mul_div_is_exact_beyond_28_digits() {
    use std::str::FromStr;
    let d = |s: &str| Decimal::from_str(s).unwrap();
    // Python: 4 * 7900000000000000000000000001 // 3 = 10533333333333333333333333334.
    assert_eq!(
        floor_mul_div(d("4"), d("7900000000000000000000000001"), d("3")),
        Some(d("10533333333333333333333333334"))
    );
    // 11 * 7499999999999999999999847044 // 999997 = 82500247500742502227504 (the product
    // overflows 96 bits).
    assert_eq!(
        floor_mul_div(d("11"), d("7499999999999999999999847044"), d("999997")),
        Some(d("82500247500742502227504"))
    );
    assert_eq!(
        floor_mul_div(d("1000000"), d("3000000"), d("10000000")),
        Some(d("300000"))
    );
    assert_eq!(floor_mul_div(d("2"), d("3"), d("4")), Some(d("1")));
    assert_eq!(floor_mul_div(d("1.5"), d("3"), d("4")), None);
    assert_eq!(floor_mul_div(Decimal::MAX, Decimal::MAX, d("1")), None);
}

#[test]
fn sums_of_ratios_are_rounded_once() {
    use std::str::FromStr;
    let d = |s: &str| Decimal::from_str(s).unwrap();
    // 0.6 × 0.47 × 730/840 + 0.4 × 0.47 × 730/805 = 0.41555590062111801242236024844… (by
    // exact fractions); summing two 28-place quotients gives …2485.
    let sum = sum_of_ratios([
        (d("205860000000"), d("840000000000")),
        (d("137240000000"), d("805000000000")),
    ]);
    assert_eq!(sum, Some(d("0.4155559006211180124223602484")));
    assert_eq!(
        sum_of_ratios([(Decimal::ONE, Decimal::from(3)); 3]),
        Some(Decimal::ONE)
    );
    assert_eq!(sum_of_ratios([(Decimal::ONE, Decimal::ZERO)]), None);
    assert_eq!(sum_of_ratios([(Decimal::from(1000), Decimal::ONE)]), None);
}

#[test]
fn overflow_is_an_error_naming_the_quantity() {
    assert_eq!(
        mul(Decimal::MAX, Decimal::TWO, "post-money"),
        Err(Overflow::new("post-money"))
    );
    assert_eq!(
        add(Decimal::MAX, Decimal::ONE, "x"),
        Err(Overflow::new("x"))
    );
    assert_eq!(
        div(Decimal::ONE, Decimal::ZERO, "price"),
        Err(Overflow::new("price"))
    );
    assert!(mul_div(Decimal::MAX, Decimal::MAX, Decimal::ONE, "y").is_err());
    // The product overflows but the quotient first does not.
    assert_eq!(
        mul_div(Decimal::MAX, Decimal::TWO, Decimal::from(4), "z").map(|v| v.round()),
        Ok((Decimal::MAX / Decimal::TWO).round())
    );
}
