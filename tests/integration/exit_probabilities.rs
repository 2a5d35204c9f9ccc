//! Exit probabilities (issue 16, scope 3): `[[exit]] probability`, and per holder the expected
//! payout, the probability of nothing and, for investors, of less than 1× back. Every expected
//! figure is worked here in exact fractions from per-exit payouts worked by hand (the
//! breakpoints written at the top of scenarios/exit-three-classes.toml), never from the
//! program's output.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Q, Test, decimal, holder, json_of, root, stdout_of};

pub(crate) const M: i128 = 1_000_000;

/// scenarios/exit-three-classes.toml with its four exits replaced by three with probabilities.
pub(crate) fn three_exits() -> String {
    let text = std::fs::read_to_string(root().join("scenarios/exit-three-classes.toml"))
        .expect("the bundled scenario");
    let at = text
        .find("# The exits `captable exit` computes")
        .expect("the exits' comment");
    format!(
        "{}{}",
        &text[..at],
        r#"[[exit]]
name = "Fire sale"
value = "35M"
probability = "20%"

[[exit]]
name = "Acqui-hire"
value = "60M"
probability = "50%"

[[exit]]
name = "Strategic sale"
value = "150M"
probability = "30%"
"#
    )
}

/// Per holder: name, invested, and the payout at $35M, $60M and $150M, worked by hand.
///
/// Units: Founders 6M and Employees 1M common, Seed 2M, Series A 2M (A Lead 1.5M, A Partner
/// 0.5M), Series B 2M; the 500,000 unallocated pool shares receive nothing and are no holder
/// at exit.
/// - $35M: the Series B takes its 1.5 × $20M = $30M first; the Series A the $5M left (short of
///   its $8M); nothing reaches the Seed or common.
/// - $60M: B $30M, A $8M; the Seed converts (above $49M): the $22M left is shared by
///   7M + 2M + 2M = 11M units, $2 each: Founders $12M, Employees $2M, Seed $4M, A $8M + $4M.
/// - $150M: B keeps $30M (2/13 × $150M ≈ $23.1M as common is less); A is at its 3x cap, $24M
///   (capped from $126M, converts only from $162M); the $96M left goes to 9M units:
///   Founders 6/9 × $96M = $64M, Employees $32/3M, Seed $64/3M.
///
/// A Lead holds 3/4 of the Series A, A Partner 1/4.
pub(crate) fn by_hand() -> Vec<(&'static str, i128, [Q; 3])> {
    let m = |x: i128| Q::int(x * M);
    let a = [m(5), m(12), m(24)];
    vec![
        ("Founders", 0, [m(0), m(12), m(64)]),
        ("Employees", 0, [m(0), m(2), Q::new(32 * M, 3)]),
        ("Seed Fund", 2 * M, [m(0), m(4), Q::new(64 * M, 3)]),
        ("A Lead", 6 * M, a.map(|x| x.mul(Q::new(3, 4)))),
        ("A Partner", 2 * M, a.map(|x| x.mul(Q::new(1, 4)))),
        ("B Growth", 20 * M, [m(30), m(30), m(30)]),
    ]
}

#[test]
fn three_exits_at_20_50_30_percent_give_the_hand_computed_expectations() {
    let json = json_of(&["exit", "-", "--format", "json"], &three_exits());
    assert_eq!(json["expected"]["basis"]["kind"], "exits");
    let p = [Q::new(1, 5), Q::new(1, 2), Q::new(3, 10)];
    let rows = by_hand();
    assert_eq!(
        json["expected"]["holders"].as_array().map(Vec::len),
        Some(rows.len())
    );
    let mut total = Q::int(0);
    for (name, invested, payouts) in rows {
        let h = holder(&json["expected"], name);
        let mut expected = Q::int(0);
        let mut nothing = Q::int(0);
        let mut below = Q::int(0);
        for (p, pay) in p.iter().zip(payouts) {
            expected = expected.add(p.mul(pay));
            if pay.n == 0 {
                nothing = nothing.add(*p);
            }
            if pay.n < invested * pay.d {
                below = below.add(*p);
            }
        }
        total = total.add(expected);
        assert_eq!(decimal(&h["expected_payout"]), expected.decimal(), "{name}");
        assert_eq!(
            decimal(&h["probability_nothing"]),
            nothing.decimal(),
            "{name}"
        );
        if invested == 0 {
            assert_eq!(h["probability_below_1x"], Value::Null, "{name}");
        } else {
            assert_eq!(
                decimal(&h["probability_below_1x"]),
                below.decimal(),
                "{name}"
            );
        }
    }
    // The figures written out: Founders 0.5 × $12M + 0.3 × $64M = $25.2M; A Lead 3/4 ×
    // (0.2 × $5M + 0.5 × $12M + 0.3 × $24M) = $10.65M; only the $35M fire sale leaves the
    // Seed with nothing and the Series A below its money (20%); the Series B is paid $30M on
    // $20M every time (0%).
    assert_eq!(
        decimal(&holder(&json["expected"], "Founders")["expected_payout"]),
        Decimal::from(25_200_000)
    );
    assert_eq!(
        decimal(&holder(&json["expected"], "A Lead")["expected_payout"]),
        Decimal::from(10_650_000)
    );
    assert_eq!(
        decimal(&holder(&json["expected"], "Seed Fund")["probability_nothing"]),
        Decimal::new(2, 1)
    );
    assert_eq!(
        decimal(&holder(&json["expected"], "A Partner")["probability_below_1x"]),
        Decimal::new(2, 1)
    );
    assert_eq!(
        decimal(&holder(&json["expected"], "B Growth")["probability_below_1x"]),
        Decimal::ZERO
    );
    // The expected payouts add up to the expected exit value: 0.2 × 35 + 0.5 × 60 + 0.3 × 150
    // = $82M.
    assert_eq!(total, Q::int(82 * M));
}

#[test]
fn the_table_markdown_and_csv_show_expected_payouts() {
    let text = three_exits();
    let table = stdout_of(&["exit", "-"], &text);
    assert!(table.contains("Expected payouts"), "{table}");
    assert!(table.contains("$25.2M"), "{table}");
    assert!(table.contains("20.00%"), "{table}");
    assert!(
        table.contains("Exit Fire sale: $35M, probability 20.00%"),
        "{table}"
    );
    let markdown = stdout_of(&["exit", "-", "--format", "markdown"], &text);
    assert!(markdown.contains("Expected payouts"), "{markdown}");
    let csv = stdout_of(&["exit", "-", "--format", "csv"], &text);
    assert!(csv.contains("Expected payouts"), "{csv}");
    // Exact in CSV: A Lead's $10.65M with its 20% below 1x.
    assert!(csv.contains("A Lead,series_a,10650000,0,0.2"), "{csv}");
}

#[test]
fn without_probabilities_there_is_no_expectation() {
    let json = Test::new()
        .args([
            "exit",
            "scenarios/exit-three-classes.toml",
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(json["expected"], Value::Null);
    // --value replaces the file's exits, and their probabilities with them.
    let json = json_of(
        &["exit", "-", "--format", "json", "--value", "60M"],
        &three_exits(),
    );
    assert_eq!(json["expected"], Value::Null);
}

/// A $2M Seed (1x, non-participating) at $1 a share, half of it paid only on a milestone of
/// probability 40%; Founders 1,000,000 shares; exits at $1.5M and $12M, 50% each.
const MILESTONE: &str = r#"
[scenario]
name = "Milestone tranche"

[condition.milestone]
probability = "40%"
assume = true

[[holder]]
name = "Founders"
shares = 1_000_000

[class.seed]
preference = "1x"
seniority = 1

[[round]]
name = "Seed"
price_per_share = "1"

[[round.investment]]
investor = "Fund"
amount = "2M"
class = "seed"

[[round.investment.tranche]]
name = "at closing"
amount = "1M"

[[round.investment.tranche]]
name = "on the milestone"
amount = "1M"
when = "milestone"

[[exit]]
name = "Small sale"
value = "1.5M"
probability = "50%"

[[exit]]
name = "Sale"
value = "12M"
probability = "50%"
"#;

#[test]
fn exits_combine_independently_with_the_condition_outcomes() {
    // Milestone met (40%): Fund paid $2M for 2M shares. At $1.5M it takes everything (short of
    // its $2M); at $12M it converts, 2/3 × $12M = $8M, Founders $4M.
    // Not met (60%): $1M for 1M shares. At $1.5M its $1M preference (as common 1/2 × $1.5M =
    // $0.75M is less), Founders $0.5M; at $12M it converts, $6M each.
    // Fund: 0.4 × (0.5 × 1.5 + 0.5 × 8) + 0.6 × (0.5 × 1 + 0.5 × 6) = 1.9 + 2.1 = $4M;
    // Founders: 0.4 × 0.5 × 4 + 0.6 × (0.5 × 0.5 + 0.5 × 6) = 0.8 + 1.95 = $2.75M.
    // Founders get nothing only when met and at $1.5M: 0.4 × 0.5 = 0.2; Fund gets back less
    // than its money only then too ($1.5M < $2M; unmet, $1M is exactly 1x): 0.2.
    let json = json_of(&["exit", "-", "--format", "json"], MILESTONE);
    assert_eq!(json["expected"]["basis"]["kind"], "independent");
    assert_eq!(json["expected"]["basis"]["outcomes"], 2);
    let fund = holder(&json["expected"], "Fund");
    assert_eq!(decimal(&fund["expected_payout"]), Decimal::from(4_000_000));
    assert_eq!(decimal(&fund["probability_nothing"]), Decimal::ZERO);
    assert_eq!(decimal(&fund["probability_below_1x"]), Decimal::new(2, 1));
    let founders = holder(&json["expected"], "Founders");
    assert_eq!(
        decimal(&founders["expected_payout"]),
        Decimal::from(2_750_000)
    );
    assert_eq!(
        decimal(&founders["probability_nothing"]),
        Decimal::new(2, 1)
    );

    // --assume fixes the condition: the exits alone, milestone met. Fund 0.5 × 1.5 + 0.5 × 8
    // = $4.75M, below 1x 50%; Founders 0.5 × 4 = $2M, nothing 50%.
    let json = json_of(
        &[
            "exit",
            "-",
            "--format",
            "json",
            "--assume",
            "milestone=true",
        ],
        MILESTONE,
    );
    assert_eq!(json["expected"]["basis"]["kind"], "assumed");
    let fund = holder(&json["expected"], "Fund");
    assert_eq!(decimal(&fund["expected_payout"]), Decimal::from(4_750_000));
    assert_eq!(decimal(&fund["probability_below_1x"]), Decimal::new(5, 1));
    let founders = holder(&json["expected"], "Founders");
    assert_eq!(
        decimal(&founders["expected_payout"]),
        Decimal::from(2_000_000)
    );
    assert_eq!(
        decimal(&founders["probability_nothing"]),
        Decimal::new(5, 1)
    );
}

#[test]
fn an_exit_with_when_counts_only_in_its_outcomes_with_a_conditional_probability() {
    // The milestone scenario with three exits: a $1.5M small sale only when the milestone is
    // missed, a $12M sale in both outcomes, a $30M IPO only when it is met; 50% each, so each
    // outcome's exits sum to 100%.
    let text = format!(
        "{}{}",
        &MILESTONE[..MILESTONE.find("[[exit]]").expect("exits")],
        r#"[[exit]]
name = "Small sale"
value = "1.5M"
probability = "50%"
when = "not milestone"

[[exit]]
name = "Sale"
value = "12M"
probability = "50%"

[[exit]]
name = "IPO"
value = "30M"
probability = "50%"
when = "milestone"
"#
    );
    // Met (40%): $12M → Fund 2/3 = $8M, Founders $4M; $30M → Fund $20M, Founders $10M.
    // Missed (60%): $1.5M → Fund its $1M preference, Founders $0.5M; $12M → $6M each.
    // Fund: 0.4 × (0.5 × 8 + 0.5 × 20) + 0.6 × (0.5 × 1 + 0.5 × 6) = 5.6 + 2.1 = $7.7M;
    // Founders: 0.4 × (0.5 × 4 + 0.5 × 10) + 0.6 × (0.5 × 0.5 + 0.5 × 6) = 2.8 + 1.95 = $4.75M.
    // The Fund never gets back less than its money: the $1.5M sale (where $2M would be below
    // 1x) is not an exit of the outcome in which it paid $2M.
    let json = json_of(&["exit", "-", "--format", "json"], &text);
    let fund = holder(&json["expected"], "Fund");
    assert_eq!(
        decimal(&fund["expected_payout"]),
        Decimal::new(7_700_000, 0)
    );
    assert_eq!(decimal(&fund["probability_below_1x"]), Decimal::ZERO);
    assert_eq!(decimal(&fund["probability_nothing"]), Decimal::ZERO);
    let founders = holder(&json["expected"], "Founders");
    assert_eq!(
        decimal(&founders["expected_payout"]),
        Decimal::new(4_750_000, 0)
    );
    assert_eq!(decimal(&founders["probability_nothing"]), Decimal::ZERO);
}

#[test]
fn the_memo_shows_the_expected_payouts() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("memo");
    let scenario = dir.path().join("three.toml");
    std::fs::write(&scenario, three_exits()).expect("the scenario is written");
    Test::new()
        .args([
            "memo",
            &scenario.display().to_string(),
            "--output",
            &out.display().to_string(),
        ])
        .run()
        .success();
    let md = std::fs::read_to_string(out.join("memo.md")).expect("memo.md");
    let at = md
        .find("## Expected payouts")
        .expect("an Expected payouts table in the memo");
    // Founders 0.5 × $12M + 0.3 × $64M = $25.2M, nothing in the 20% fire sale.
    assert!(
        md[at..].contains("| Founders | Common | $25.2M | 20.00% |"),
        "{}",
        &md[at..]
    );
    // Each exit's column says how likely it is.
    assert!(
        md.contains("| Fire sale ($35M, 20.00%) | Acqui-hire ($60M, 50.00%) |"),
        "{md}"
    );
    let html = std::fs::read_to_string(out.join("memo.html")).expect("memo.html");
    assert!(html.contains("Expected payouts"));
}
