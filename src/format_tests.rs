//! Unit tests of `format`.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn human_money_units() {
    assert_eq!(human_money(d("730000000000"), "USD"), "$730.0B");
    assert_eq!(human_money(d("1500000000000"), "USD"), "$1.5T");
    assert_eq!(human_money(d("648480000000"), "USD"), "$648.5B");
    assert_eq!(human_money(d("250000000"), "USD"), "$250.0M");
    assert_eq!(human_money(d("10000"), "USD"), "$10.0K");
    assert_eq!(human_money(d("12.5"), "USD"), "$12.50");
    assert_eq!(human_money(d("-12000000000"), "USD"), "-$12.0B");
    assert_eq!(human_money(d("0"), "USD"), "$0.00");
    assert_eq!(human_money(d("5000000"), "EUR"), "€5.0M");
    assert_eq!(human_money(d("5000000"), "CHF"), "CHF 5.0M");
    // Half away from zero.
    assert_eq!(human_money(d("1250000"), "USD"), "$1.3M");
    assert_eq!(human_money(d("1350000"), "USD"), "$1.4M");
    assert_eq!(human_money(d("999960"), "USD"), "$1.0M");
    assert_eq!(human_money(d("999.999"), "USD"), "$1.0K");
    assert_eq!(human_money(d("2000000000000000"), "USD"), "$2000.0T");
}

#[test]
fn percentages_round_half_away_from_zero() {
    assert_eq!(percent(d("0.0595238095238095238095238095"), 2), "5.95%");
    assert_eq!(percent(d("0.00125"), 2), "0.13%");
    assert_eq!(percent(d("0.00135"), 2), "0.14%");
    assert_eq!(percent(d("0.27"), 0), "27%");
    assert_eq!(percent(d("0.2346428571"), 4), "23.4643%");
    assert_eq!(percent(Decimal::ONE, 2), "100.00%");
}

#[test]
fn points_carry_a_sign() {
    assert_eq!(points(d("0.0595"), 2), "+5.95 pp");
    assert_eq!(points(d("-0.035357"), 2), "-3.54 pp");
    assert_eq!(points(d("0.000001"), 2), "0.00 pp");
}

#[test]
fn grouping() {
    assert_eq!(grouped(d("49000000000")), "49,000,000,000");
    assert_eq!(grouped(d("-1234.5")), "-1,234.5");
    assert_eq!(grouped(d("999")), "999");
    assert_eq!(grouped(d("1000")), "1,000");
}

#[test]
fn prices_and_shares() {
    assert_eq!(price(d("4"), "USD"), "$4.00");
    assert_eq!(price(d("3.5"), "USD"), "$3.50");
    assert_eq!(price(d("0.9090909090909090909090909091"), "USD"), "$0.9091");
    assert_eq!(shares(d("571428")), "571,428");
    assert_eq!(shares(d("2.123456")), "2.1235");
}

#[test]
fn push_exact_writes_what_exact_writes() {
    let values = [
        "0",
        "-0",
        "1",
        "-1",
        "10",
        "0.5",
        "0.0595238095238095238095238095",
        "-0.0001",
        "730000000000",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "7.9228162514264337593543950335",
        "10000000000000000000",
        "10000000000000000000.5",
        "1234567890123456789012345678",
        "0.1000",
        "123.4500",
    ];
    for text in values {
        let value = d(text);
        let mut out = Vec::new();
        push_exact(&mut out, value);
        assert_eq!(
            String::from_utf8(out).expect("ASCII"),
            exact(value),
            "{text}"
        );
    }
}
