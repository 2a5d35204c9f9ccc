//! Unit tests of `value`.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn money_forms_are_exact() {
    let cases = [
        ("730000000000", "730000000000"),
        ("730e9", "730000000000"),
        ("730E9", "730000000000"),
        ("730B", "730000000000"),
        ("$730B", "730000000000"),
        ("730bn", "730000000000"),
        ("730BN", "730000000000"),
        ("1.5T", "1500000000000"),
        ("1.5tn", "1500000000000"),
        ("250M", "250000000"),
        ("250m", "250000000"),
        ("10K", "10000"),
        ("10k", "10000"),
        ("12.50", "12.5"),
        ("1,250,000", "1250000"),
        ("1_250_000", "1250000"),
        ("$1,250,000.25", "1250000.25"),
        ("0.1", "0.1"),
        ("  42  ", "42"),
        ("2.5e-1", "0.25"),
        ("0", "0"),
        ("-0", "0"),
        ("$ 5M", "5000000"),
        ("1.23456789B", "1234567890"),
        (
            "79228162514264337593543950335",
            "79228162514264337593543950335",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_money(text), Ok(d(expected)), "{text}");
    }
}

#[test]
fn money_rejects_with_reasons() {
    assert_eq!(parse_money("-5B"), Err(ValueError::Negative));
    assert_eq!(parse_money("-$5B"), Err(ValueError::Negative));
    assert_eq!(parse_money("$-5B"), Err(ValueError::Negative));
    for bad in [
        "12x",
        "",
        "abc",
        "B",
        "$",
        "1.2.3",
        "5 dollars",
        "1e",
        "e5",
        "1,",
        ",1",
        "1,,000",
        "1__0",
        "1e+",
        "five",
        "1B2",
        "--5",
        "0x10",
        "-$-5",
    ] {
        assert!(
            matches!(parse_money(bad), Err(ValueError::Malformed(_))),
            "{bad:?} gave {:?}",
            parse_money(bad)
        );
    }
    assert_eq!(
        parse_money("79228162514264337593543950336"),
        Err(ValueError::TooLarge)
    );
    assert_eq!(parse_money("1e29"), Err(ValueError::TooLarge));
    assert_eq!(
        parse_money("100000000000000000000000000000"),
        Err(ValueError::TooLarge)
    );
    assert_eq!(
        parse_money("50000000000000000000000000000"),
        Ok(d("50000000000000000000000000000"))
    );
    assert_eq!(
        parse_money("1.000000000000000000000000000000000"),
        Ok(Decimal::ONE)
    );
    assert_eq!(parse_money("100000T"), Ok(d("100000000000000000")));
    assert_eq!(
        parse_money("0.00000000000000000000000000001"),
        Err(ValueError::TooPrecise)
    );
}

#[test]
fn the_malformed_message_names_the_text() {
    let Err(ValueError::Malformed(message)) = parse_money("12x") else {
        panic!("12x should be malformed");
    };
    assert_eq!(
        message,
        "`12x` is not an amount (expected digits, an optional decimal point and exponent, and at most one K, M, B or T)"
    );
}

#[test]
fn fractions() {
    assert_eq!(parse_fraction("26%"), Ok(d("0.26")));
    assert_eq!(parse_fraction("12.5 %"), Ok(d("0.125")));
    assert_eq!(parse_fraction("0.26"), Ok(d("0.26")));
    assert_eq!(parse_fraction("100%"), Ok(Decimal::ONE));
    assert_eq!(parse_fraction("0%"), Ok(Decimal::ZERO));
    assert_eq!(parse_fraction("1"), Ok(Decimal::ONE));
    assert_eq!(parse_fraction("101%"), Err(ValueError::OutOfRange));
    assert_eq!(parse_fraction("-1%"), Err(ValueError::OutOfRange));
    assert_eq!(parse_fraction("1.01"), Err(ValueError::OutOfRange));
    assert!(matches!(
        parse_fraction("half"),
        Err(ValueError::Malformed(_))
    ));
    assert!(matches!(parse_fraction("%"), Err(ValueError::Malformed(_))));
}

#[test]
fn multiples() {
    assert_eq!(parse_multiple("1x"), Ok(Decimal::ONE));
    assert_eq!(parse_multiple("1.5X"), Ok(d("1.5")));
    assert_eq!(parse_multiple("2"), Ok(d("2")));
    assert_eq!(parse_multiple("0x"), Ok(Decimal::ZERO));
    assert_eq!(parse_multiple("-1x"), Err(ValueError::Negative));
    assert!(matches!(parse_multiple("x"), Err(ValueError::Malformed(_))));
}

#[test]
fn float_literals_are_read_from_their_text() {
    assert_eq!(parse_float_literal("0.26"), Ok(d("0.26")));
    assert_eq!(parse_float_literal("0.1"), Ok(d("0.1")));
    assert_eq!(parse_float_literal("730e9"), Ok(d("730000000000")));
    assert_eq!(parse_float_literal("7.3e11"), Ok(d("730000000000")));
    assert_eq!(parse_float_literal("1.5"), Ok(d("1.5")));
    assert_eq!(parse_float_literal("1_000.5"), Ok(d("1000.5")));
    assert_eq!(
        parse_float_literal("123456789012345.0"),
        Ok(d("123456789012345"))
    );
    assert_eq!(
        parse_float_literal("0.1234567890123456"),
        Err(ValueError::ImpreciseFloat)
    );
    assert_eq!(
        parse_float_literal("1234567890123456.0"),
        Err(ValueError::ImpreciseFloat)
    );
    assert!(matches!(
        parse_float_literal("inf"),
        Err(ValueError::Malformed(_))
    ));
    assert!(matches!(
        parse_float_literal("nan"),
        Err(ValueError::Malformed(_))
    ));
}

#[test]
fn integer_literals() {
    assert_eq!(
        parse_integer_literal("730000000000", 10),
        Ok(d("730000000000"))
    );
    assert_eq!(parse_integer_literal("ff", 16), Ok(d("255")));
    assert_eq!(parse_integer_literal("-5", 10), Ok(d("-5")));
}
