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
        "`12x` is not an amount (expected digits, an optional decimal point and exponent, and at most one scale: K, M, mm, million, B, bn, billion, T, tn or trillion)"
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

/// Every form of the money grammar (docs/scenario-format.md), each with its value worked out by
/// hand: the digits times the scale, 10^3 for thousand, 10^6 for million, 10^9 for billion,
/// 10^12 for trillion.
#[test]
fn money_as_people_write_it() {
    let cases = [
        // Scale words and abbreviations, any case, with or without a space.
        ("6 million", "6000000"),
        ("6million", "6000000"),
        ("6 Million", "6000000"),
        ("6 MILLION", "6000000"),
        ("24mm", "24000000"),
        ("24 mm", "24000000"),
        ("24MM", "24000000"),
        ("1.3 billion", "1300000000"),
        ("1.3billion", "1300000000"),
        ("1.3bn", "1300000000"),
        ("1.3 bn", "1300000000"),
        ("1.3Bn", "1300000000"),
        ("2.5 trillion", "2500000000000"),
        ("2.5tn", "2500000000000"),
        ("2.5 TN", "2500000000000"),
        ("750 thousand", "750000"),
        ("750k", "750000"),
        ("750 K", "750000"),
        ("1.25 M", "1250000"),
        ("0.5 b", "500000000"),
        ("3 t", "3000000000000"),
        // Symbols, which must match the scenario's currency (checked in `currency_*`).
        ("$6 million", "6000000"),
        ("€1.3B", "1300000000"),
        ("€ 1.3B", "1300000000"),
        ("£250k", "250000"),
        ("¥1.5 billion", "1500000000"),
        // ISO codes before (with or without a space) or after (with a space).
        ("EUR 1.3B", "1300000000"),
        ("EUR1.3B", "1300000000"),
        ("1.3B EUR", "1300000000"),
        ("1.3 billion EUR", "1300000000"),
        ("USD 1,250,000.50", "1250000.5"),
        ("$5M USD", "5000000"),
        ("-0 EUR", "0"),
        // Thousands separators before each group of three, and `_` anywhere between digits.
        ("1,250,000", "1250000"),
        ("12,500", "12500"),
        ("1,234.5678", "1234.5678"),
        ("1_2_3", "123"),
        ("1.2e3 million", "1200000000"),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_money(text), Ok(d(expected)), "{text}");
    }
    assert_eq!(parse_signed_amount("-EUR 2M"), Ok(d("-2000000")));
    assert_eq!(parse_signed_amount("EUR -2M"), Ok(d("-2000000")));
    assert_eq!(parse_money("-€2M"), Err(ValueError::Negative));
}

#[test]
fn ambiguous_money_stays_an_error() {
    for bad in [
        "5%",
        "1.2.3M",
        "1.2.3",
        // Decimal commas: 1.3 billion, 24.5 million, 1,000.5: never 13 billion or 1.0005.
        "1,3B",
        "€1,3B",
        "24,5M",
        "1.000,5",
        "1,00,000",
        "12,50",
        "1,2345",
        // Two scales, unknown words, a scale alone, plurals.
        "5Mbn",
        "5 millions",
        "5 mln",
        "5 mio",
        "million",
        "mm",
        "6 million dollars",
        // A code after the number needs a space; codes are three capital letters.
        "1.3BEUR",
        "1.3B eur",
        "eur 1.3B",
        "EURO 1.3B",
        "US$5M",
        "€",
        "EUR",
        "$€5M",
    ] {
        assert!(
            matches!(parse_money(bad), Err(ValueError::Malformed(_))),
            "{bad:?} gave {:?}",
            parse_money(bad)
        );
    }
    // Two different currencies in one amount.
    assert_eq!(
        parse_money("$5M EUR"),
        Err(ValueError::Malformed(
            "`$5M EUR` names two currencies, USD and EUR".into()
        ))
    );
}

#[test]
fn currency_must_be_the_scenarios() {
    assert_eq!(parse_money_in("€1.3B", Some("EUR")), Ok(d("1300000000")));
    assert_eq!(parse_money_in("1.3B EUR", Some("EUR")), Ok(d("1300000000")));
    assert_eq!(parse_money_in("1.3B", Some("EUR")), Ok(d("1300000000")));
    assert_eq!(parse_money_in("CHF 2M", Some("CHF")), Ok(d("2000000")));
    assert_eq!(
        parse_money_in("$1.3B", Some("EUR")),
        Err(ValueError::Currency {
            code: "USD".into(),
            written: "$".into(),
            expected: "EUR".into(),
            bare: "1.3B".into(),
        })
    );
    assert_eq!(
        parse_money_in("$1.3B", Some("EUR"))
            .unwrap_err()
            .to_string(),
        "is in USD ($) but the scenario's currency is EUR"
    );
    assert_eq!(
        parse_money_in("1.3B GBP", Some("EUR"))
            .unwrap_err()
            .to_string(),
        "is in GBP but the scenario's currency is EUR"
    );
    // `$` is USD only; ¥ is JPY only.
    assert!(matches!(
        parse_money_in("$2M", Some("CAD")),
        Err(ValueError::Currency { .. })
    ));
    assert!(matches!(
        parse_money_in("¥2M", Some("CNY")),
        Err(ValueError::Currency { .. })
    ));
    // A currency that failed to read checks nothing.
    assert_eq!(parse_money_in("$1.3B", None), Ok(d("1300000000")));
    assert!(check_currency("€1.3B..", "EUR").is_err());
    assert_eq!(check_currency("€1.3B", "EUR"), Ok(()));
    assert_eq!(check_currency("1.3B", "EUR"), Ok(()));
    assert!(matches!(
        check_currency("$1.3B", "EUR"),
        Err(ValueError::Currency { .. })
    ));
}
