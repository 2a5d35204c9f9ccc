//! Unit tests of `format`.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn human_money_units() {
    // Exact in two decimals or fewer: as few decimals as that takes.
    assert_eq!(human_money(d("730000000000"), "USD"), "$730B");
    assert_eq!(human_money(d("840000000000"), "USD"), "$840B");
    assert_eq!(human_money(d("1500000000000"), "USD"), "$1.5T");
    assert_eq!(human_money(d("1620000"), "USD"), "$1.62M");
    assert_eq!(human_money(d("16250000"), "USD"), "$16.25M");
    assert_eq!(human_money(d("24750000"), "USD"), "$24.75M");
    assert_eq!(human_money(d("648480000000"), "USD"), "$648.48B");
    assert_eq!(human_money(d("250000000"), "USD"), "$250M");
    assert_eq!(human_money(d("10000"), "USD"), "$10K");
    assert_eq!(human_money(d("999960"), "USD"), "$999.96K");
    assert_eq!(human_money(d("5000000"), "EUR"), "€5M");
    assert_eq!(human_money(d("5000000"), "CHF"), "CHF 5M");
    // Below a thousand: whole amounts plain, others to the cent.
    assert_eq!(human_money(d("500"), "USD"), "$500");
    assert_eq!(human_money(d("12.5"), "USD"), "$12.50");
    assert_eq!(human_money(d("0"), "USD"), "$0");
    // Needing more than two decimals: one, half away from zero.
    assert_eq!(human_money(d("648484000000"), "USD"), "$648.5B");
    assert_eq!(human_money(d("1234567"), "USD"), "$1.2M");
    assert_eq!(human_money(d("3333333.33"), "USD"), "$3.3M");
    // Rounded up into the next unit.
    assert_eq!(human_money(d("999999"), "USD"), "$1.0M");
    assert_eq!(human_money(d("999.999"), "USD"), "$1.0K");
    assert_eq!(human_money(d("2000000000000000"), "USD"), "$2000T");
    // One sign convention: an ASCII minus before the currency.
    assert_eq!(human_money(d("-12000000000"), "USD"), "-$12B");
    assert_eq!(human_money(d("-7812345"), "USD"), "-$7.8M");
    assert_eq!(human_money(d("-0.001"), "USD"), "$0.00");
}

#[test]
fn money_with_two_decimals_for_inexact_amounts() {
    let two = MoneyDigits::Fewest { inexact: 2 };
    assert_eq!(human_money_with(d("1234500"), "USD", two), "$1.23M");
    // 1.245 is a half: away from zero gives 1.25 (bankers' rounding would give 1.24).
    assert_eq!(human_money_with(d("1245000"), "USD", two), "$1.25M");
    // Exact amounts keep the fewest decimals.
    assert_eq!(human_money_with(d("730000000000"), "USD", two), "$730B");
}

#[test]
fn money_with_fixed_decimals() {
    assert_eq!(
        human_money_with(d("730000000000"), "USD", MoneyDigits::Fixed(2)),
        "$730.00B"
    );
    assert_eq!(
        human_money_with(d("1620000"), "USD", MoneyDigits::Fixed(0)),
        "$2M"
    );
    // 1.25 and 1.35 at one decimal: half away from zero, 1.3 and 1.4.
    assert_eq!(
        human_money_with(d("1250000"), "USD", MoneyDigits::Fixed(1)),
        "$1.3M"
    );
    assert_eq!(
        human_money_with(d("1350000"), "USD", MoneyDigits::Fixed(1)),
        "$1.4M"
    );
    assert_eq!(
        human_money_with(d("-7800000"), "USD", MoneyDigits::Fixed(1)),
        "-$7.8M"
    );
    assert_eq!(
        human_money_with(d("12"), "USD", MoneyDigits::Fixed(1)),
        "$12.0"
    );
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
    assert_eq!(price(d("-0.7191"), "USD"), "-$0.7191");
    assert_eq!(price(d("-0.00001"), "USD"), "$0.00");
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
