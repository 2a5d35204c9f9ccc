//! `scenarios/openai-2025-2026.toml`: OpenAI from the March 2025 round through the October 2025
//! secondary and recapitalization to the 2026 round.
//!
//! Every expected figure is worked by hand from the file's inputs, as exact fractions, in the
//! comments (the file's header explains the inputs). The holders before March 2025 are the
//! recapitalization's stakes carried back through the March round (× 300/260):
//! Microsoft 0.31153846155 (405/13 % to 11 digits), the Foundation 0.3, employees and earlier
//! investors the rest, 0.38846153845. Their holdings at the $260B pre-money are
//! 0.31153846155 × 260B = 81,000,000,003, 0.3 × 260B = 78,000,000,000 and
//! 0.38846153845 × 260B = 100,999,999,997 (the three add up to 260,000,000,000).

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Test, decimal, named, report_json};

const FILE: &str = "scenarios/openai-2025-2026.toml";

fn json(path: &str, extra: &[&str]) -> Value {
    Test::new()
        .args(["report", path, "--format", "json"])
        .args(extra)
        .run()
        .json()
}

/// `a ÷ b`, exact to the 28 digits a decimal holds.
fn ratio(a: i64, b: i64) -> Decimal {
    Decimal::from(a) / Decimal::from(b)
}

fn ownership(round: &Value, name: &str) -> Decimal {
    decimal(&named(&round["holders"], name)["ownership"])
}

/// Equal to within `places` decimal places: for ownerships that are repeating fractions, which
/// the engine rounds once in the 28th digit.
fn close(actual: Decimal, expected: Decimal, places: u32) {
    assert!(
        (actual - expected).abs() <= Decimal::new(1, places),
        "{actual} is not {expected} to {places} places"
    );
}

#[test]
fn the_history_file_passes_check() {
    let stdout = Test::new().args(["check", FILE]).run().success();
    assert!(stdout.starts_with(&format!("{FILE}: ok")), "{stdout}");
    // --deny-warnings: every condition is used, every commitment's counterparty invests.
    Test::new()
        .args(["check", "--deny-warnings", FILE])
        .run()
        .success();
}

/// March 2025: $40B at $260B pre-money, $300B post-money, SoftBank $30B (7.5 + 12.5 + 10 on
/// the restructuring), co-investors $10B, and SoftBank's $1B of employee shares at $300B.
#[test]
fn the_march_2025_round() {
    let report = json(FILE, &[]);
    let round = &report["rounds"][0];
    assert_eq!(round["name"], "March 2025 round");
    assert_eq!(round["date"], "2025-03-31");
    assert_eq!(round["pre_money"], "260000000000");
    // 7.5 + 12.5 + 10 + 10 = 40; 260 + 40 = 300 (verdict.co.uk: "a post-money total of $300bn").
    assert_eq!(round["new_money"], "40000000000");
    assert_eq!(round["post_money"], "300000000000");
    assert_eq!(round["announced_post_money"], "300000000000");

    // Microsoft 81,000,000,003 / 300B = 0.27000000001: the recap's 27%, to 10⁻¹¹.
    assert_eq!(
        ownership(round, "Microsoft"),
        ratio(27_000_000_001, 100_000_000_000)
    );
    // The Foundation 78/300 = 0.26, the recap's 26% exactly.
    assert_eq!(ownership(round, "OpenAI Foundation"), ratio(26, 100));
    // SoftBank: 30/300 bought, plus 1/300 bought from employees at the round's own $300B:
    // 31/300 = 0.10333…; its value 31B.
    close(ownership(round, "SoftBank"), ratio(31, 300), 27);
    assert_eq!(
        decimal(&named(&round["holders"], "SoftBank")["value"]),
        Decimal::from(31_000_000_000_i64)
    );
    assert_eq!(
        named(&round["holders"], "SoftBank")["invested"],
        "30000000000"
    );
    // Co-investors 10/300 = 1/30.
    close(ownership(round, "Co-investors"), ratio(1, 30), 27);
    // SoftBank's purchase, at the round's own valuation: $1B of 300B is 1/300, no premium.
    let sale = &round["secondaries"][0];
    assert_eq!(sale["seller"], "Employees and earlier investors");
    assert_eq!(sale["buyer"], "SoftBank");
    assert_eq!(sale["amount"], "1000000000");
    assert_eq!(sale["shares"], Value::Null);
    assert_eq!(sale["price_per_share"], Value::Null);
    assert_eq!(sale["implied_valuation"], "300000000000");
    assert_eq!(sale["premium"], "0");
    close(decimal(&sale["stake"]), ratio(1, 300), 27);
    // Employees and earlier investors: 100,999,999,997 − 1,000,000,000 sold to SoftBank
    // = 99,999,999,997 of 300B = 0.33333333332333…
    close(
        ownership(round, "Employees and earlier investors"),
        ratio(99_999_999_997, 300_000_000_000),
        27,
    );
}

/// October 2025: the company marked at $500B, no new money; employees sell $6.6B at $500B,
/// 6.6/500 = 1.32% of the company. After it the stakes are the recapitalization's.
#[test]
fn the_october_2025_secondary_meets_the_recapitalization() {
    let report = json(FILE, &[]);
    let (march, october) = (&report["rounds"][0], &report["rounds"][1]);
    assert_eq!(october["name"], "October 2025 employee sale");
    assert_eq!(october["pre_money"], "500000000000");
    assert_eq!(october["new_money"], "0");
    assert_eq!(october["post_money"], "500000000000");

    // The sale: $6.6B at $500B, 6.6/500 = 0.0132 of the company, at the round's own mark.
    let sale = &october["secondaries"][0];
    assert_eq!(sale["seller"], "Employees and earlier investors");
    assert_eq!(sale["buyer"], "October 2025 secondary buyers");
    assert_eq!(sale["amount"], "6600000000");
    assert_eq!(sale["implied_valuation"], "500000000000");
    assert_eq!(sale["stake"], "0.0132");
    assert_eq!(sale["premium"], "0");

    // The recap's figures: Microsoft 27% (to 10⁻¹¹) worth $135B: 0.27000000001 × 500B =
    // 135,000,000,005; the Foundation 26% worth 0.26 × 500B = $130B.
    let microsoft = named(&october["holders"], "Microsoft");
    assert_eq!(
        decimal(&microsoft["ownership"]),
        ratio(27_000_000_001, 100_000_000_000)
    );
    assert_eq!(microsoft["value"], "135000000005");
    let foundation = named(&october["holders"], "OpenAI Foundation");
    assert_eq!(decimal(&foundation["ownership"]), ratio(26, 100));
    assert_eq!(foundation["value"], "130000000000");

    // The buyers hold 6.6/500 = 0.0132, worth $6.6B; the employees hold 0.0132 less than
    // after March, and no one else moves.
    assert_eq!(
        ownership(october, "October 2025 secondary buyers"),
        ratio(132, 10_000)
    );
    assert_eq!(
        named(&october["holders"], "October 2025 secondary buyers")["value"],
        "6600000000"
    );
    close(
        ownership(march, "Employees and earlier investors")
            - ownership(october, "Employees and earlier investors"),
        ratio(132, 10_000),
        26,
    );
    for name in ["SoftBank", "Co-investors"] {
        assert_eq!(ownership(march, name), ownership(october, name), "{name}");
    }
    // Everyone but Microsoft and the Foundation: the recap's 47% (1 − 0.27000000001 − 0.26).
    let others: Decimal = [
        "Employees and earlier investors",
        "SoftBank",
        "Co-investors",
        "October 2025 secondary buyers",
    ]
    .iter()
    .map(|name| ownership(october, name))
    .sum();
    close(others, ratio(46_999_999_999, 100_000_000_000), 26);
}

/// The 2026 round is openai-2026.toml's, and Microsoft and the Foundation come out of it as
/// they do in that file (Microsoft within the 10⁻¹¹ of its carried-back stake).
#[test]
fn the_2026_round_agrees_with_openai_2026() {
    let history = json(FILE, &[]);
    let alone = json("scenarios/openai-2026.toml", &[]);
    let (round, base) = (&history["rounds"][2], &alone["rounds"][0]);
    assert_eq!(round["name"], "2026 round");
    for key in [
        "pre_money",
        "new_money",
        "post_money",
        "announced_post_money",
    ] {
        assert_eq!(round[key], base[key], "{key}");
    }
    // 730 + 50 + 30 + 30 = 840.
    assert_eq!(round["post_money"], "840000000000");
    assert_eq!(
        ownership(round, "OpenAI Foundation"),
        ownership(base, "OpenAI Foundation")
    );
    // 0.27000000001 × 730/840 against 0.27 × 730/840: 10⁻¹¹ × 730/840 = 8.7 × 10⁻¹² apart.
    close(
        ownership(round, "Microsoft"),
        ownership(base, "Microsoft"),
        11,
    );
    // 0.27000000001 × 730B = 197,100,000,007.3.
    assert_eq!(
        named(&round["holders"], "Microsoft")["value"],
        "197100000007.3"
    );
    for name in ["Amazon", "Nvidia"] {
        assert_eq!(ownership(round, name), ownership(base, name), "{name}");
    }
    // SoftBank already holds 31/300: 31/300 × 730/840 + 30/840 = (75.4333… + 30)/840
    // = 3163/25200 = 0.12551587…; its value 31/300 × 730B + 30B = 105,433,333,333.33…
    close(ownership(round, "SoftBank"), ratio(3163, 25_200), 27);
    // The secondary's buyers: 0.0132 × 730/840 = 9.636/840 = 0.0114714285…
    close(
        ownership(round, "October 2025 secondary buyers"),
        ratio(9_636, 840_000),
        27,
    );
    // openai-2026.toml's "Employees and other investors" (0.47 × 730/840 = 343.1/840) is here
    // the employees and earlier investors, the co-investors, the buyers and SoftBank's stake
    // before the round (SoftBank less its new 30/840).
    let split: Decimal = [
        "Employees and earlier investors",
        "Co-investors",
        "October 2025 secondary buyers",
        "SoftBank",
    ]
    .iter()
    .map(|name| ownership(round, name))
    .sum::<Decimal>()
        - ratio(30, 840);
    close(split, ownership(base, "Employees and other investors"), 11);
}

/// Without the restructuring SoftBank's $10B never arrives: the March round raises $30B and
/// closes at $290B, against the $300B announced.
#[test]
fn without_the_restructuring() {
    let report = json(FILE, &["--assume", "restructuring=false"]);
    assert_eq!(report["assumed"]["restructuring"], false);
    let march = &report["rounds"][0];
    // 7.5 + 12.5 + 10 = 30; 260 + 30 = 290.
    assert_eq!(march["new_money"], "30000000000");
    assert_eq!(march["post_money"], "290000000000");
    assert_eq!(march["announced_post_money"], "300000000000");
    assert_eq!(
        named(&march["holders"], "SoftBank")["invested"],
        "20000000000"
    );
    // SoftBank's $1B at $300B now buys at a premium to the $290B the round realised:
    // 300/290 − 1 = 1/29 = 0.0344827586…, still 1/300 of the company.
    let sale = &march["secondaries"][0];
    close(decimal(&sale["premium"]), ratio(1, 29), 27);
    close(decimal(&sale["stake"]), ratio(1, 300), 27);
    // The Foundation 78/290 = 0.26896551…
    close(ownership(march, "OpenAI Foundation"), ratio(78, 290), 27);

    // Outcomes: restructuring happened (probability 1), so its four "no" rows weigh nothing;
    // the others are openai-2026.toml's: 0.4, 0.1, 0.4, 0.1 for (ipo, agi) = (no, no), (no,
    // yes), (yes, no), (yes, yes). Expected new money over both rounds:
    // 0.4 × (40 + 75) + 0.6 × (40 + 110) = 46 + 90 = 136; post-money 0.4 × 805 + 0.6 × 840 = 826.
    let outcomes = report["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 8);
    let probabilities: Vec<Decimal> = outcomes
        .iter()
        .map(|o| decimal(&o["probability"]))
        .collect();
    let four = |a: i64, b: i64, c: i64, d: i64| [a, b, c, d].map(|n| ratio(n, 10));
    assert_eq!(probabilities[..4], four(0, 0, 0, 0));
    assert_eq!(probabilities[4..], four(4, 1, 4, 1));
    assert_eq!(report["expected"]["new_money"], "136000000000");
    assert_eq!(report["expected"]["post_money"], "826000000000");
}

/// A round of secondary sales only (the October 2025 sale's form): no new money, the company
/// marked at the round's terms, and ownership moving only by the sale. Holders A 60%, B 40%;
/// a round at $10M pre-money in which A sells 10% of the company to C at a $12M valuation:
/// post-money 10M + 0 = 10M; A 60% − 10% = 50%, B 40%, C 10%, worth 0.1 × 10M = $1M.
#[test]
fn a_round_of_secondaries_only() {
    let file = r#"
[scenario]
name = "A tender between rounds"

[[holder]]
name = "A"
stake = "60%"

[[holder]]
name = "B"
stake = "40%"

[[round]]
name = "Tender"
pre_money = "10M"

[[round.secondary]]
seller = "A"
buyer = "C"
stake = "10%"
valuation = "12M"
"#;
    let report = report_json(file, &[]);
    let round = &report["rounds"][0];
    assert_eq!(round["new_money"], "0");
    assert_eq!(round["post_money"], "10000000");
    assert_eq!(ownership(round, "A"), ratio(1, 2));
    assert_eq!(ownership(round, "B"), ratio(2, 5));
    assert_eq!(ownership(round, "C"), ratio(1, 10));
    assert_eq!(named(&round["holders"], "C")["value"], "1000000");
    assert_eq!(named(&round["holders"], "C")["invested"], "0");
}

/// The README's history section: the compare output pasted unchanged, and its table of stakes
/// read off the report's three "Cap table after" tables.
#[test]
fn the_readme_shows_the_history_as_the_tool_prints_it() {
    let readme =
        std::fs::read_to_string(crate::common::root().join("README.md")).expect("README.md");
    let compare = Test::new()
        .args(["compare", "scenarios/openai-2026.toml", FILE])
        .env("NO_COLOR", "1")
        .run()
        .success();
    assert!(
        readme.contains(&format!("```text\n{compare}```")),
        "README.md's history comparison is not the current output; paste this:\n{compare}"
    );
    let report = Test::new()
        .args(["report", FILE])
        .env("NO_COLOR", "1")
        .run()
        .success();
    // The row of `holder` in the cap table after `round`.
    let row = |round: &str, holder: &str| -> String {
        let table = report
            .split(&format!("Cap table after {round}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no cap table after {round}"));
        let table = table.split("\n\n").next().unwrap_or_default();
        table
            .lines()
            .find(|line| line.starts_with(&format!("│ {holder} ")))
            .unwrap_or_else(|| panic!("no {holder} after {round}"))
            .to_string()
    };
    let rounds = [
        "March 2025 round",
        "October 2025 employee sale",
        "2026 round",
    ];
    let mut checked = 0;
    for line in readme
        .lines()
        .filter(|l| l.starts_with("| ") && l.ends_with("% |"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let Some((holder, stakes)) = cells.split_first() else {
            continue;
        };
        if stakes.len() != 4 {
            continue;
        }
        // Before March 2025: "Ownership before" of the first cap table, for the holders
        // before it; then "Ownership after" of each round.
        for (i, stake) in stakes.iter().enumerate().filter(|(_, s)| **s != "—") {
            let (round, column) = match i {
                0 => (rounds[0], 4),
                _ => (rounds[i - 1], 5),
            };
            let cell = row(round, holder)
                .split(['│', '┆'])
                .nth(column)
                .map(str::trim)
                .map(String::from);
            assert_eq!(
                cell.as_deref(),
                Some(*stake),
                "{holder}, column {i} of the README table"
            );
            checked += 1;
        }
    }
    // 3 holders before March 2025 × 4 columns, 2 March investors × 3, the buyers × 2, Amazon
    // and Nvidia × 1.
    assert_eq!(
        checked,
        12 + 6 + 2 + 2,
        "the README's history table was not found whole"
    );
}

/// The memo of the history: the October 2025 event raises no money, so it sets no price; the
/// employees' $6.6B at $500B is 6.6 ÷ 500 = 1.32% of the company, said with the quantity as the
/// subject (the seller is one party with a plural name).
#[test]
fn the_memo_says_the_october_sale_raises_no_money() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("memo");
    let file = crate::common::root().join("scenarios/openai-2025-2026.toml");
    Test::new()
        .args([
            "memo",
            &file.to_string_lossy(),
            "--output",
            &out.to_string_lossy(),
        ])
        .run()
        .success();
    let memo = std::fs::read_to_string(out.join("memo.md")).expect("memo.md");
    assert!(
        memo.contains("October 2025 employee sale: No new money: the company is valued at $500B. 1.32% of the company ($6.6B) passes from Employees and earlier investors to October 2025 secondary buyers at a $500B valuation, at the post-money."),
        "{memo}"
    );
    assert!(!memo.contains("priced at a $500B pre-money"), "{memo}");
}
