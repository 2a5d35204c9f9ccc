//! Unit tests of `commands/schema.rs`.

use super::{FRACTION_PATTERN, MONEY_PATTERN, MONEY_RANGE_PATTERN, schema};

#[test]
fn the_schema_refuses_unknown_keys_everywhere() {
    let schema = schema();
    assert_eq!(schema["additionalProperties"], false);
    let round = &schema["properties"]["round"]["items"];
    assert_eq!(round["additionalProperties"], false);
    assert_eq!(
        round["properties"]["investment"]["items"]["additionalProperties"],
        false
    );
}

#[test]
fn patterns_are_nonempty() {
    assert!(MONEY_PATTERN.starts_with('^') && FRACTION_PATTERN.ends_with('$'));
}

/// The schema's copy of the money grammar accepts every form `captable check` reads and
/// refuses the ambiguous ones (the currency itself is checked against the scenario's by
/// `check` alone). Each form here is also in `scenario/value_tests.rs`.
#[test]
fn the_money_pattern_follows_the_grammar() {
    let pattern = regex::Regex::new(MONEY_PATTERN).expect("the pattern compiles");
    for good in [
        "730B",
        "$730B",
        "$ 5M",
        "730bn",
        "1.5T",
        "1.5tn",
        "250m",
        "10K",
        "12.50",
        "1,250,000",
        "1_250_000",
        "$1,250,000.25",
        "730e9",
        "2.5e-1",
        "0",
        "-0",
        "6 million",
        "6million",
        "6 MILLION",
        "24mm",
        "24 MM",
        "1.3 billion",
        "1.3bn",
        "2.5 trillion",
        "750 thousand",
        "$6 million",
        "€1.3B",
        "€ 1.3B",
        "£250k",
        "¥1.5 billion",
        "EUR 1.3B",
        "EUR1.3B",
        "1.3B EUR",
        "1.3 billion EUR",
        "USD 1,250,000.50",
        "$5M USD",
        "12,500",
        "1.2e3 million",
    ] {
        assert!(pattern.is_match(good), "{good:?} is money");
        assert!(
            crate::scenario::value::parse_money(good).is_ok(),
            "{good:?} is read"
        );
    }
    for bad in [
        "5%",
        "1.2.3M",
        "1,3B",
        "€1,3B",
        "24,5M",
        "1.000,5",
        "1,00,000",
        "12,50",
        "5Mbn",
        "5 millions",
        "5 mln",
        "6 million dollars",
        "1.3BEUR",
        "1.3B eur",
        "eur 1.3B",
        "EURO 1.3B",
        "US$5M",
        "€",
        "EUR",
        "12x",
        "abc",
        "",
    ] {
        assert!(!pattern.is_match(bad), "{bad:?} is not money");
        assert!(
            crate::scenario::value::parse_money(bad).is_err(),
            "{bad:?} is refused"
        );
    }
}

#[test]
fn the_range_pattern_takes_two_amounts_and_nothing_else() {
    let range = regex::Regex::new(MONEY_RANGE_PATTERN).expect("the pattern compiles");
    for text in [
        "80B..100B",
        "$0..20B",
        "820 billion..840 billion",
        "1.5M..2M USD",
    ] {
        assert!(range.is_match(text), "{text} is a range");
    }
    for text in ["80B", "80B..", "..100B", "80B...100B", "80B-100B"] {
        assert!(!range.is_match(text), "{text} is not a range");
    }
}

/// Every key of the key table is a property of the schema, in the table's order, at its
/// section's place, and no other key is.
#[test]
fn the_schema_has_every_key_of_the_table() {
    use crate::scenario::keys::{Kind, Section, TOP};
    fn walk(section: &Section, object: &serde_json::Value, checked: &mut usize) {
        let properties = object["properties"].as_object().expect("properties");
        let names: Vec<&str> = properties.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            section.names().collect::<Vec<_>>(),
            "{}",
            section.path
        );
        assert_eq!(object["additionalProperties"], false, "{}", section.path);
        *checked += 1;
        for key in section.keys {
            let property = &properties[key.name];
            match key.kind {
                Kind::Table(next) => walk(next, property, checked),
                Kind::List(next) => walk(next, &property["items"], checked),
                Kind::Named(next, _) => walk(next, &property["additionalProperties"], checked),
                _ => assert_eq!(property["description"], key.doc, "{}", key.name),
            }
        }
    }
    let mut checked = 0;
    walk(&TOP, &schema(), &mut checked);
    assert_eq!(checked, 16);
}
