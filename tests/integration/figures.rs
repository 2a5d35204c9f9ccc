//! Money written for people: the fewest decimals (at most two) that show an amount exactly,
//! `--money-decimals N`, and one sign convention (`-$7.8M`, `-$0.7191`).

use rust_decimal::Decimal;

use crate::common::{Test, decimal, json_of, named, root, stdout_of};

/// A $1.5M note at 8% simple interest, issued 2024-07-01, converting in a Series A on
/// 2025-07-01: 365 days, so interest 8% × 365/365 × $1.5M = $120K and the conversion amount is
/// $1.62M. Round price 30M ÷ 10,000,000 = $3.00 (the cap price 40M ÷ 10,000,000 = $4.00 is
/// higher), so the note gets 1.62M ÷ 3 = 540,000 shares worth 540,000 × $3 = $1.62M.
const NOTE: &str = r#"
[scenario]
name = "A note converting a year later"
[[holder]]
name = "Founders"
shares = 10_000_000
[[note]]
investor = "Bridge Fund"
principal = "1.5M"
interest = "8%"
issued = 2024-07-01
cap = "40M"
converts_at = "Series A"
[[round]]
name = "Series A"
date = 2025-07-01
pre_money = "30M"
conversion_method = "pre-money"
[[round.investment]]
investor = "A Lead"
amount = "10M"
"#;

#[test]
fn a_note_conversion_amount_shows_to_the_cent_of_its_unit() {
    let table = stdout_of(&["report", "-", "--format", "markdown"], NOTE);
    // The workings name the amount that converts, and the cap table its value.
    assert!(table.contains("note $1.62M;"), "{table}");
    // 540,000 of 10,000,000 + 540,000 + 3,333,333 = 0.03892… → 3.89%.
    assert!(
        table.contains(
            "| Bridge Fund | Common | $1.62M | 540,000 | 0.00% | 3.89% | +3.89 pp | $1.62M |"
        ),
        "{table}"
    );
    assert!(!table.contains("$1.6M"), "{table}");

    let temp = tempfile::tempdir().expect("a temporary folder");
    let scenario = temp.path().join("note.toml");
    std::fs::write(&scenario, NOTE).expect("write the scenario");
    let out = temp.path().join("memo");
    Test::new()
        .args([
            "memo",
            scenario.to_str().expect("utf-8 path"),
            "--output",
            out.to_str().expect("utf-8 path"),
        ])
        .run()
        .success();
    let md = std::fs::read_to_string(out.join("memo.md")).expect("memo.md");
    assert!(
        md.contains("Bridge Fund's $1.5M note converts, with $120K interest, as $1.62M into"),
        "{md}"
    );
}

#[test]
fn money_decimals_fixes_every_amount() {
    let table = Test::new()
        .args([
            "report",
            "scenarios/openai-2026.toml",
            "--money-decimals",
            "2",
        ])
        .dir(&root())
        .run()
        .success();
    // 730, 110 and 840 billion with exactly two decimals; 648.48 needs no rounding.
    assert!(table.contains("$730.00B"), "{table}");
    assert!(table.contains("$840.00B"), "{table}");
    assert!(table.contains("$648.48B"), "{table}");
    assert!(table.contains("Money in K/M/B/T to 2 decimals"), "{table}");
    let none = Test::new()
        .args([
            "report",
            "scenarios/openai-2026.toml",
            "--money-decimals",
            "0",
        ])
        .dir(&root())
        .run()
        .success();
    // 648.48 → 648 and Microsoft's 0.27 × 730 = 197.1 → 197 (half away from zero).
    assert!(none.contains("$648B"), "{none}");
    assert!(none.contains("$197B"), "{none}");
}

/// Price per share 1 and 0.2809: the difference is −0.7191, written with the minus before
/// the currency like every other negative amount.
#[test]
fn compare_writes_every_negative_with_the_minus_first() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let file = |name: &str, price: &str| {
        let path = temp.path().join(name);
        std::fs::write(
            &path,
            format!(
                "[scenario]\nname = \"{name}\"\n[[holder]]\nname = \"Founders\"\nshares = 1_000_000\n\
                 [[round]]\nname = \"Seed\"\nprice_per_share = \"{price}\"\n\
                 [[round.investment]]\ninvestor = \"Fund\"\namount = \"1M\"\n"
            ),
        )
        .expect("write");
        path.to_str().expect("utf-8 path").to_string()
    };
    let (a, b) = (file("a.toml", "1"), file("b.toml", "0.2809"));
    let table = Test::new()
        .args(["compare", &a, &b, "--format", "markdown"])
        .run()
        .success();
    assert!(table.contains("| -$0.7191 |"), "{table}");
    // Pre-money 1,000,000 × 1 = $1M against 1,000,000 × 0.2809 = $280.9K: −$719.1K.
    assert!(table.contains("| -$719.1K |"), "{table}");
    assert!(!table.contains("$-"), "{table}");
}

const NAMED_CLASSES: &str = r#"
[scenario]
name = "Class names"
[[holder]]
name = "Founders"
shares = 1_000_000
[class.series_a]
name = "Series A Preferred"
[class.seed_preferred]
[[round]]
name = "Seed"
price_per_share = "1"
[[round.investment]]
investor = "Seed Fund"
amount = "1M"
class = "seed_preferred"
[[round]]
name = "Series A"
price_per_share = "2"
[[round.investment]]
investor = "A Fund"
amount = "2M"
class = "series_a"
"#;

#[test]
fn classes_show_their_names_in_tables_and_keep_their_keys_in_json() {
    let table = stdout_of(&["report", "-", "--format", "markdown"], NAMED_CLASSES);
    // The name given, and names made from the keys: seed_preferred → Seed Preferred, common →
    // Common. After the Series A: 1,000,000 of 3,000,000 each = 33.33%, worth 1M × $2 = $2M.
    assert!(
        table.contains(
            "| A Fund | Series A Preferred | $2M | 1,000,000 | 0.00% | 33.33% | +33.33 pp | $2M |"
        ),
        "{table}"
    );
    assert!(
        table.contains("| Seed Fund | Seed Preferred | — | 1,000,000 |"),
        "{table}"
    );
    assert!(table.contains("| Founders | Common | — |"), "{table}");
    assert!(!table.contains("series"), "{table}");
    let json = stdout_of(&["report", "-", "--format", "json"], NAMED_CLASSES);
    assert!(json.contains("\"class\": \"series_a\""), "{json}");
    assert!(!json.contains("Series A Preferred"), "{json}");
    let exit = stdout_of(
        &["exit", "-", "--value", "10M", "--format", "markdown"],
        NAMED_CLASSES,
    );
    assert!(exit.contains("| Series A Preferred | 0 | 1.0x |"), "{exit}");
    let empty = Test::new()
        .args(["check", "-"])
        .stdin(&NAMED_CLASSES.replace("Series A Preferred", " "))
        .run()
        .input_error();
    assert!(
        empty.contains("[class.series_a] has an empty `name`"),
        "{empty}"
    );
}

/// docs/scenario-format.md's A9 example: a $25,000 note ($5M cap) converting outside the
/// pre-money count of a round at $10M pre-money on 2,000,000 shares with $1M of new money.
/// Price 10M ÷ 2,000,000 = $5.00 (the cap price 5M ÷ 2,000,000 = $2.50 is lower, so the note
/// gets 25,000 ÷ 2.50 = 10,000 shares), the lead 1M ÷ 5 = 200,000 shares: 2,210,000 shares,
/// post-money at price 2,210,000 × $5 = $11,050,000 against a post-money of $11,000,000.
const A9: &str = r#"
[scenario]
name = "A9"
[[holder]]
name = "Founders"
shares = 2_000_000
[[note]]
investor = "Noteholder"
principal = 25_000
cap = "5M"
converts_at = "Seed"
[[round]]
name = "Seed"
pre_money = "10M"
conversion_method = "pre-money"
[[round.investment]]
investor = "Lead"
amount = "1M"
"#;

/// A holding is valued by one rule wherever it is shown: shares × the round price when the
/// round has a price. `outcomes` and `sweep`'s `value:NAME` used ownership × post-money, so
/// the founders' 2,000,000 shares at $5 showed as $10,000,000 in `report` but as
/// 2,000,000 ÷ 2,210,000 × $11,000,000 = $9,954,751.13 in the other two.
#[test]
fn report_outcomes_and_sweep_value_a_holding_alike() {
    // Shares × $5.00, by hand.
    let expected = [
        ("Founders", "10000000"),
        ("Lead", "1000000"),
        ("Noteholder", "50000"),
    ];
    let report = json_of(&["report", "-", "--format", "json"], A9);
    let holders = &report["rounds"][0]["holders"];
    let outcomes = json_of(&["outcomes", "-", "--format", "json"], A9);
    let outcome = &outcomes["outcomes"][0]["holders"];
    for (name, value) in expected {
        let value: Decimal = value.parse().expect("a decimal");
        assert_eq!(
            decimal(&named(holders, name)["value"]),
            value,
            "report: {name}"
        );
        assert_eq!(
            decimal(&named(outcome, name)["value"]),
            value,
            "outcomes: {name}"
        );
        let csv = stdout_of(
            &[
                "sweep",
                "-",
                "--vary",
                "round[0].pre_money=10M..10M:1M",
                "--metric",
                &format!("value:{name}"),
                "--format",
                "csv",
            ],
            A9,
        );
        let row = csv.lines().nth(1).expect("one point");
        let (_, swept) = row.split_once(',').expect("two columns");
        assert_eq!(
            swept.parse::<Decimal>().expect("a decimal"),
            value,
            "sweep: {name}"
        );
    }
}

/// A name is printed as written, whatever characters it holds: tables write money in two passes,
/// and the marks between them were private-use characters a name could hold too ("Founder
/// \u{E000}0\u{E001}" printed as "Founder $2M"). The marks are now control characters, which
/// no text of a scenario may hold (E0035).
#[test]
fn a_name_with_private_use_characters_is_printed_as_written() {
    let name = "Founder \u{E000}0\u{E001}";
    let scenario = format!(
        "[scenario]\nname = \"Marks\"\n[[holder]]\nname = \"{name}\"\nshares = 1_000_000\n[[round]]\nname = \"Seed\"\npre_money = \"2M\"\n[[round.investment]]\ninvestor = \"Fund\"\namount = \"1M\"\n"
    );
    let table = stdout_of(&["report", "-", "--format", "markdown"], &scenario);
    assert!(table.contains(name), "{table}");
}
