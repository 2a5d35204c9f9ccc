//! `report --ranges`: reported ranges and unknown readings (issue 16, scope 2).

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::common::Test;

/// Whether the decimal string `text` is the fraction `num/den` to within the last of 28 digits.
fn is_fraction(text: &str, num: i64, den: i64) -> bool {
    let value = Decimal::from_str(text).expect("a decimal");
    let error = (value * Decimal::from(den) - Decimal::from(num)).abs();
    error < Decimal::from_str("0.000000000000000000000001").expect("tolerance")
}

/// Acceptance: the talks scenario, "up to $100B at about $830B, pre or post not said". Amazon
/// puts in $50B; SoftBank $30B; the others $0 to $20B, so the new money M is 80B or 100B.
///
/// By hand, in billions:
/// - valuation read as pre-money (V = 830): Amazon owns 50/(830 + M):
///   M = 80 → 50/910 = 5/91; M = 100 → 50/930 = 5/93.
/// - valuation read as post-money (P = 830): Amazon owns 50/830 = 5/83 whatever M is.
///
/// 5/93 < 5/91 < 5/83, so the minimum is 5/93 ≈ 5.376% (pre-money, others $20B) and the
/// maximum 5/83 ≈ 6.024% (post-money; the first corner with it has the others at $0).
#[test]
fn talks_amazon_ownership_bounds_and_readings() {
    let json = Test::new()
        .args([
            "report",
            "--ranges",
            "tests/ranges/openai-2026-talks-ranges.toml",
            "--format",
            "json",
        ])
        .run()
        .json();
    let corners = json["corners"].as_array().expect("corners");
    assert_eq!(
        corners.len(),
        4,
        "2 readings × 2 ends of the others' amount"
    );
    let row = json["ranges"]
        .as_array()
        .expect("ranges")
        .iter()
        .find(|r| r["figure"] == "Amazon ownership")
        .expect("Amazon's ownership");
    assert!(
        is_fraction(row["min"].as_str().expect("min"), 5, 93),
        "{row}"
    );
    assert!(
        is_fraction(row["max"].as_str().expect("max"), 5, 83),
        "{row}"
    );
    let words = |key: &str| -> Vec<String> {
        row[key]
            .as_array()
            .expect("reading")
            .iter()
            .map(|w| w.as_str().expect("text").to_string())
            .collect()
    };
    let min = words("min_reading");
    assert!(
        min.iter()
            .any(|w| w.ends_with("valuation read as pre-money")),
        "{min:?}"
    );
    assert!(min.iter().any(|w| w.ends_with("amount = 20B")), "{min:?}");
    let max = words("max_reading");
    assert!(
        max.iter()
            .any(|w| w.ends_with("valuation read as post-money")),
        "{max:?}"
    );

    // Post-money: 830 (post-money reading) to 830 + 100 = 930 (pre-money, $100B raised).
    let post = json["ranges"]
        .as_array()
        .expect("ranges")
        .iter()
        .find(|r| r["figure"] == "post-money")
        .expect("post-money");
    assert_eq!(post["min"], "830000000000");
    assert_eq!(post["max"], "930000000000");
}

/// A holder not investing: Microsoft's 27% becomes 0.27·V/(V + M) (pre-money) or
/// 0.27·(830 − M)/830 (post-money). Minimum 0.27·730/830 = 19.71/83 (post-money, M = 100);
/// maximum 0.27·830/910 = 22.41/91 (pre-money, M = 80).
#[test]
fn talks_holder_not_investing() {
    let json = Test::new()
        .args([
            "report",
            "--ranges",
            "tests/ranges/openai-2026-talks-ranges.toml",
            "-f",
            "json",
        ])
        .run()
        .json();
    let row = json["ranges"]
        .as_array()
        .expect("ranges")
        .iter()
        .find(|r| r["figure"] == "Microsoft ownership")
        .expect("Microsoft");
    assert!(
        is_fraction(row["min"].as_str().expect("min"), 1971, 8300),
        "{row}"
    );
    assert!(
        is_fraction(row["max"].as_str().expect("max"), 2241, 9100),
        "{row}"
    );
}

/// Without --ranges, a file with ranges is an error that says to use it.
#[test]
fn plain_report_asks_for_ranges() {
    let stderr = Test::new()
        .args(["report", "tests/ranges/openai-2026-talks-ranges.toml"])
        .run()
        .input_error();
    assert!(stderr.contains("E0033"), "{stderr}");
    assert!(stderr.contains("report --ranges"), "{stderr}");
}

/// A range where none is allowed is an error with --ranges too.
#[test]
fn range_outside_allowed_places() {
    let text = "[scenario]\nname = \"x\"\n\n[[holder]]\nname = \"F\"\nstake = \"100%\"\n\n[[safe]]\ninvestor = \"S\"\namount = \"1M..2M\"\ncap = \"10M\"\n\n[[round]]\nname = \"A\"\npre_money = \"10M\"\n\n[[round.investment]]\ninvestor = \"I\"\namount = \"1M\"\n";
    let stderr = Test::new()
        .args(["report", "--ranges", "-"])
        .stdin(text)
        .run()
        .input_error();
    assert!(stderr.contains("where none is allowed"), "{stderr}");
}
