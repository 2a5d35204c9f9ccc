//! Files with no `[[round]]`: the cap table as given, and SAFEs outstanding at a liquidity event
//! before any priced round. Also the warnings W0028–W0030 and `check --deny-warnings`.

use serde_json::Value;

use crate::common::{Test, company, folder, json_of, named, priced, report_json, root, stdout_of};

/// The YC post-money SAFE's liquidity-event example: 9,000,000 founder shares and a $1M SAFE at
/// a $10M post-money valuation cap, the company sold before any priced round.
const YC_SAFE: &str = r#"
[scenario]
name = "Acquired before the seed"

[[holder]]
name = "Founders"
shares = 9_000_000

[[safe]]
investor = "Angel"
amount = "1M"
cap = "10M"

[[exit]]
name = "Large sale"
value = "50M"

[[exit]]
name = "Small sale"
value = "5M"

[[exit]]
name = "Fire sale"
value = "800K"
"#;

/// A company's cap table today: common, an unallocated pool, a preferred class held before any
/// round in this file, a SAFE and a note outstanding.
fn today() -> String {
    company(
        "Acme today",
        &[("Founder A", "4_000_000"), ("Founder B", "4_000_000")],
    ) + r#"
[[holder]]
name = "Option pool"
shares = 1_000_000
pool = true

[[holder]]
name = "Seed Fund"
shares = 1_000_000
class = "series_seed"
invested = "2M"

[class.series_seed]
preference = "1x"

[[safe]]
investor = "Angel"
amount = "1M"
cap = "10M"

[[note]]
investor = "Bank"
principal = "500K"
interest = "8%"
issued = 2025-01-01

[[exit]]
name = "Sale"
value = "20M"
"#
}

/// A file with rounds, to compare a file with no round against.
fn with_round() -> String {
    company("After the seed", &[("Founders", "9_000_000")])
        + &priced("Seed", "pre_money = \"9M\"", &[("Seed Fund", "1M")])
}

fn payout(exit: &Value, holder: &str) -> (String, bool) {
    let row = named(&exit["holders"], holder);
    (
        row["payout"].as_str().expect("a payout").to_string(),
        row["converted"].as_bool().expect("converted"),
    )
}

#[test]
fn yc_liquidity_event_with_no_round_pays_the_safes() {
    // Y Combinator, "Safe: Simple Agreement for Future Equity (Post-Money Valuation Cap)",
    // version 1.1, section 1(b) "Liquidity Event": the Investor receives the greater of (i) the
    // Purchase Amount (the "Cash-Out Amount") and (ii) the amount payable on the number of
    // shares of Common Stock equal to the Purchase Amount divided by the Liquidity Price (the
    // "Conversion Amount"). Section 2: Liquidity Price = Post-Money Valuation Cap ÷ Liquidity
    // Capitalization; the Liquidity Capitalization includes the Capital Stock outstanding and
    // the converting Safes (this one, when it takes its Conversion Amount) and excludes the
    // Unissued Option Pool. Section 1(d): in a Liquidity Event the Cash-Out Amount is junior to
    // debt and senior to Common Stock.
    //
    // Worked with Python fractions: L = 9,000,000 + 1,000,000 ÷ (10,000,000 ÷ L), so
    // L = 9,000,000 ÷ (1 − 1/10) = 10,000,000; Liquidity Price $1.00; the SAFE's shares
    // 1,000,000, a tenth of the company.
    // - $50M: Conversion Amount 1/10 × 50,000,000 = 5,000,000 > 1,000,000: the SAFE gets $5M,
    //   the founders $45M.
    // - $5M: Conversion Amount 500,000 < 1,000,000: the Cash-Out Amount, $1M; founders $4M.
    // - $800K: the Cash-Out Amount cannot be paid in full; being senior to Common Stock the SAFE
    //   takes all $800K and the founders nothing.
    // - The two amounts are equal at 1/10 × V = 1,000,000, V = $10M: above it the SAFE converts.
    let json = json_of(&["exit", "-", "--format", "json"], YC_SAFE);
    let exits = &json["exits"];
    assert_eq!(payout(&exits[0], "Angel"), ("5000000".into(), true));
    assert_eq!(payout(&exits[0], "Founders"), ("45000000".into(), false));
    assert_eq!(payout(&exits[1], "Angel"), ("1000000".into(), false));
    assert_eq!(payout(&exits[1], "Founders"), ("4000000".into(), false));
    assert_eq!(payout(&exits[2], "Angel"), ("800000".into(), false));
    assert_eq!(payout(&exits[2], "Founders"), ("0".into(), false));
    let converts = json["breakpoints"]
        .as_array()
        .expect("breakpoints")
        .iter()
        .find(|b| b["name"] == "SAFE of Angel" && b["event"].as_str().unwrap().contains("converts"))
        .unwrap_or_else(|| panic!("no conversion breakpoint in {}", json["breakpoints"]));
    assert_eq!(converts["value"], "10000000");

    // An unissued pool of 1,000,000 shares is outside the Liquidity Capitalization: the same
    // payouts, and the pool receives nothing.
    let with_pool = YC_SAFE.replace(
        "[[safe]]",
        "[[holder]]\nname = \"Pool\"\nshares = 1_000_000\npool = true\n\n[[safe]]",
    );
    let json = json_of(&["exit", "-", "--format", "json"], &with_pool);
    let exits = &json["exits"];
    assert_eq!(payout(&exits[0], "Angel"), ("5000000".into(), true));
    assert_eq!(payout(&exits[0], "Founders"), ("45000000".into(), false));
    assert_eq!(payout(&exits[1], "Angel"), ("1000000".into(), false));
    assert!(
        exits[0]["holders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["name"] != "Pool"),
        "{}",
        exits[0]
    );
}

#[test]
fn a_file_with_no_round_reports_its_cap_table_as_given() {
    let json = report_json(&today(), &[]);
    assert_eq!(json["rounds"], Value::Array(Vec::new()));
    let given = &json["as_given"];
    // 4M + 4M + 1M + 1M shares.
    assert_eq!(given["total"], "10000000");
    let holders: Vec<(&str, &str, &str, &str)> = given["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap(),
                h["class"].as_str().unwrap(),
                h["shares"].as_str().unwrap(),
                h["ownership"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        holders,
        [
            ("Founder A", "common", "4000000", "0.4"),
            ("Founder B", "common", "4000000", "0.4"),
            ("Option pool", "common", "1000000", "0.1"),
            ("Seed Fund", "series_seed", "1000000", "0.1"),
        ]
    );
    // $2M for 1,000,000 shares: $2.00 a share.
    let class = &given["classes"][0];
    assert_eq!(class["name"], "series_seed");
    assert_eq!(class["invested"], "2000000");
    assert_eq!(class["original_issue_price"], "2");
    assert_eq!(class["preference"], "1");
    let outstanding = given["outstanding"].as_array().expect("outstanding");
    assert_eq!(outstanding.len(), 2);
    assert_eq!(outstanding[0]["investor"], "Angel");
    assert_eq!(outstanding[0]["kind"], "post-money SAFE");
    assert_eq!(outstanding[0]["cap"], "10000000");
    assert_eq!(outstanding[1]["investor"], "Bank");
    assert_eq!(outstanding[1]["interest"], "0.08");

    let table = stdout_of(&["report", "-"], &today());
    assert!(table.contains("Cap table as given"), "{table}");
    assert!(table.contains("Outstanding SAFEs and notes"), "{table}");
    // No empty valuation table: with no round there is no price.
    assert!(!table.contains("Valuation"), "{table}");
    let csv = stdout_of(&["report", "-", "--format", "csv"], &today());
    assert!(
        csv.starts_with(
            "Cap table as given\nHolder,Class,Invested,Shares,Ownership\nFounder A,common,0,4000000,0.4\n"
        ),
        "{csv}"
    );
    // A file with rounds has no `as_given`.
    let json = report_json(&with_round(), &[]);
    assert!(json.get("as_given").is_none(), "{json}");
}

#[test]
fn every_command_handles_a_file_with_no_round() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let stakes = "[scenario]\nname = \"Stakes\"\n\n[[holder]]\nname = \"A\"\nstake = \"60%\"\n\n[[holder]]\nname = \"B\"\nstake = \"40%\"\n";
    for (name, text) in [
        ("yc.toml", YC_SAFE),
        ("today.toml", &today()),
        ("stakes.toml", stakes),
    ] {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    std::fs::write(dir.path().join("round.toml"), with_round()).expect("written");
    let run = |args: &[&str]| {
        let output = Test::new().args(args).dir(dir.path()).run();
        assert!(
            !output.stderr.contains("panicked"),
            "{args:?}: {}",
            output.stderr
        );
        assert_eq!(output.code, 0, "{args:?}: {}", output.stderr);
        output.stdout
    };
    for file in ["yc.toml", "today.toml", "stakes.toml"] {
        assert!(run(&["check", file]).contains("ok (0 rounds"));
        for format in ["table", "markdown", "csv", "json"] {
            run(&["report", file, "--format", format]);
            run(&["outcomes", file, "--format", format]);
            run(&["compare", file, "round.toml", "--format", format]);
            run(&["exit", file, "--value", "20M", "--format", format]);
        }
        run(&["memo", file, "--output", &format!("memo-{file}")]);
        run(&[
            "memo",
            file,
            "--exact",
            "--output",
            &format!("exact-{file}"),
        ]);
    }
    // `compare` puts the holders as given beside the other file's last round.
    let compared = run(&["compare", "yc.toml", "round.toml", "--format", "csv"]);
    assert!(
        compared.contains("\nOwnership: Founders,1,0.9,"),
        "{compared}"
    );
    // `sweep` on a file with no round: ownership, as the holdings vary.
    let swept = run(&[
        "sweep",
        "today.toml",
        "--vary",
        "holder[0].shares=2000000..6000000:4000000",
        "--metric",
        "ownership:Founder A",
        "--format",
        "csv",
    ]);
    // 2M of 8M shares, then 6M of 12M.
    assert!(swept.contains("2000000,0.25\n"), "{swept}");
    assert!(swept.contains("6000000,0.5\n"), "{swept}");
    // Nothing is priced: a money metric is a usage error that says what works.
    let output = Test::new()
        .args(["sweep", "yc.toml", "--vary", "holder[0].shares=1..2:1"])
        .dir(dir.path())
        .run();
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("--metric post_money: the scenario has no [[round]]"),
        "{}",
        output.stderr
    );
}

#[test]
fn the_memo_of_a_file_with_no_round_describes_the_cap_table_as_given() {
    let dir = folder(&[("yc.toml", YC_SAFE.as_bytes())]);
    Test::new()
        .args(["memo", "yc.toml", "--output", "memo"])
        .dir(dir.path())
        .run()
        .success();
    let memo = std::fs::read_to_string(dir.path().join("memo/memo.md")).expect("memo.md");
    assert!(
        memo.contains("The cap table as given, before any priced round: Founders 100.00% of 9,000,000 shares fully diluted. Outstanding: Angel's $1M post-money SAFE ($10M cap). It holds no shares until a priced round;"),
        "{memo}"
    );
    // No section without content.
    assert!(!memo.contains("## Valuation"), "{memo}");
    assert!(!memo.contains("## Charts"), "{memo}");
    let headings: Vec<usize> = memo.match_indices("\n## ").map(|(i, _)| i).collect();
    for pair in headings.windows(2) {
        let body = &memo[pair[0]..pair[1]];
        assert!(body.lines().count() > 3, "an empty section:\n{body}");
    }
}

// ----- warnings ------------------------------------------------------------------------------

#[test]
fn a_warning_keeps_the_exit_code_and_deny_warnings_fails_check() {
    let warned =
        std::fs::read_to_string(root().join("tests/errors/commitment-unknown-counterparty.toml"))
            .expect("corpus file");
    let dir = folder(&[
        ("warned.toml", warned.as_bytes()),
        ("clean.toml", with_round().as_bytes()),
    ]);
    // `report` prints the warning and the report, and exits 0.
    let output = Test::new()
        .args(["report", "warned.toml"])
        .env("NO_COLOR", "1")
        .dir(dir.path())
        .run();
    assert!(
        output.stderr.starts_with("warning[W0029]: "),
        "{}",
        output.stderr
    );
    let stdout = output.success();
    assert!(stdout.contains("Microsfot"), "{stdout}");
    // `check` exits 0 with the warning; with --deny-warnings the file fails, the clean one not.
    let output = Test::new()
        .args(["check", "clean.toml", "warned.toml"])
        .dir(dir.path())
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let output = Test::new()
        .args(["check", "--deny-warnings", "clean.toml", "warned.toml"])
        .env("NO_COLOR", "1")
        .dir(dir.path())
        .run();
    assert_eq!(
        output.stdout,
        "clean.toml: ok (1 round, 2 parties, 0 conditions)\n"
    );
    let stderr = output.input_error();
    assert!(
        stderr.ends_with(
            "error: warned.toml: 1 warning denied by --deny-warnings\nerror: 1 of 2 files are invalid\n"
        ),
        "{stderr}"
    );
    // A file with no warning passes --deny-warnings.
    Test::new()
        .args(["check", "--deny-warnings", "clean.toml"])
        .dir(dir.path())
        .run()
        .success();
}

#[test]
fn pro_rata_and_commitments_that_are_fine_get_no_warning() {
    // A SAFE converting in the Seed makes its holder a holder before the Series A: its pro-rata
    // right there buys shares. A commitment to a SAFE holder, with no round at all, names a
    // party. The bundled scenarios (one with pro-rata money) have no warning either.
    let text = r#"
[scenario]
name = "Fine"

[[holder]]
name = "Founders"
shares = 9_000_000

[[safe]]
investor = "Angel"
amount = "1M"
cap = "10M"
issued = 2025-01-01
converts_at = "Seed"

[[round]]
name = "Seed"
date = 2025-06-01
pre_money = "20M"

[[round.investment]]
investor = "Seed Fund"
amount = "4M"

[[round]]
name = "Series A"
pre_money = "60M"

[[round.investment]]
investor = "A Fund"
amount = "15M"

[[round.investment]]
investor = "Angel"
pro_rata = true

[[commitment]]
counterparty = "Seed Fund"
amount = "1M"
"#;
    let output = Test::new()
        .args(["check", "--deny-warnings", "-"])
        .stdin(text)
        .run();
    assert_eq!(output.stderr, "");
    assert_eq!(output.code, 0);
    let no_round =
        format!("{YC_SAFE}\n[[commitment]]\ncounterparty = \"Angel\"\namount = \"1M\"\n");
    let output = Test::new()
        .args(["check", "--deny-warnings", "-"])
        .stdin(&no_round)
        .run();
    assert_eq!((output.code, output.stderr.as_str()), (0, ""));
    for file in [
        "scenarios/startup-seed-to-series-a.toml",
        "scenarios/openai-2026.toml",
        "scenarios/exit-three-classes.toml",
    ] {
        let output = Test::new().args(["check", "--deny-warnings", file]).run();
        assert_eq!((output.code, output.stderr.as_str()), (0, ""), "{file}");
    }
}

#[test]
fn a_safe_dated_after_its_round_still_converts_there_with_a_warning() {
    // The corpus file: a $1M SAFE at a $10M post-money cap issued 2025-09-01, set to convert
    // in the Seed of 2025-06-01 ($20M pre-money, $4M new money). It converts all the same:
    // 9,000,000 ÷ (1 − 1/10) = 10,000,000 company capitalization, 1,000,000 SAFE shares.
    let output = Test::new()
        .args([
            "report",
            "tests/errors/safe-issued-after-round.toml",
            "--format",
            "json",
        ])
        .env("NO_COLOR", "1")
        .run();
    assert!(
        output.stderr.starts_with("warning[W0030]: "),
        "{}",
        output.stderr
    );
    let json = output.json();
    let angel = named(&json["rounds"][0]["holders"], "Angel");
    assert_eq!(angel["shares"], "1000000");
}
