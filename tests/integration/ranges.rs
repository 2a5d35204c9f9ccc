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
            "scenarios/openai-2026-talks.toml",
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

/// When a figure has the same value at several corners, the table and JSON say which readings
/// give it, not only the first. Corners (in `corners` order): 0 pre-money/others 0, 1
/// post-money/others 0, 2 pre-money/others 20B, 3 post-money/others 20B. By hand, in billions:
/// - Amazon's value is its ownership times the post-money: 50/(830 + M)·(830 + M) = 50 read as
///   pre-money, 50/830·830 = 50 read as post-money: $50B at every corner, so both ends are
///   "every reading" (`min_when` = `max_when` = `[[]]`, all four corners).
/// - The post-money is 830 + M read as pre-money (910, 930) and 830 read as post-money whatever
///   M is: the minimum 830 at corners 1 and 3, "valuation read as post-money" alone; the
///   maximum 930 at corner 2 only, both labels.
/// - Microsoft's value is 0.27·830 = 224.1 read as pre-money whatever M is (corners 0 and 2),
///   0.27·(830 − M) = 202.5 or 197.1 read as post-money: the maximum names the pre-money
///   reading alone.
#[test]
fn an_end_reached_at_several_corners_names_what_they_share() {
    let run = |format: &str| {
        Test::new()
            .args([
                "report",
                "--ranges",
                "scenarios/openai-2026-talks.toml",
                "--format",
                format,
            ])
            .run()
    };
    let json = run("json").json();
    let row = |figure: &str| {
        json["ranges"]
            .as_array()
            .expect("ranges")
            .iter()
            .find(|r| r["figure"] == figure)
            .expect("the figure")
            .clone()
    };
    let amazon = row("Amazon value");
    assert_eq!(amazon["min"], "50000000000");
    assert_eq!(amazon["max"], "50000000000");
    for end in ["min", "max"] {
        assert_eq!(
            amazon[format!("{end}_when")],
            serde_json::json!([[]]),
            "{amazon}"
        );
        assert_eq!(
            amazon[format!("{end}_corners")],
            serde_json::json!([0, 1, 2, 3]),
            "{amazon}"
        );
    }
    // The first corner's reading is still there, unchanged.
    assert_eq!(amazon["min_reading"], json["corners"][0], "{amazon}");
    let post = row("post-money");
    assert_eq!(
        post["min_when"],
        serde_json::json!([["2026 round (talks) valuation read as post-money"]])
    );
    assert_eq!(post["min_corners"], serde_json::json!([1, 3]));
    assert_eq!(
        post["max_when"],
        serde_json::json!([[
            "2026 round (talks) valuation read as pre-money",
            "Other investors (sovereign wealth funds, VCs) amount = 20B"
        ]])
    );
    assert_eq!(post["max_corners"], serde_json::json!([2]));
    let microsoft = row("Microsoft value");
    assert_eq!(
        microsoft["max_when"],
        serde_json::json!([["2026 round (talks) valuation read as pre-money"]])
    );
    assert_eq!(microsoft["max_corners"], serde_json::json!([0, 2]));

    let csv = run("csv").success();
    assert!(
        csv.contains(
            "2026 round (talks),Amazon value,50000000000,50000000000,every reading,every reading\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("2026 round (talks),post-money,830000000000,930000000000,2026 round (talks) valuation read as post-money,\""),
        "{csv}"
    );
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
            "scenarios/openai-2026-talks.toml",
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
        .args(["report", "scenarios/openai-2026-talks.toml"])
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

// ----- the memo of a file with ranges --------------------------------------------------------

/// `num/den` as a percentage to 2 decimals, rounded half away from zero, by integer arithmetic
/// (the hand computation of the figures the memo writes): 5/93 → "5.38%".
fn pct(num: i128, den: i128) -> String {
    let hundredths = (num * 10_000 * 2 + den) / (2 * den);
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// Runs `captable memo FILE --output DIR` into a fresh folder; the folder and memo.md.
fn memo(file: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    let stdout = Test::new()
        .args([
            "memo",
            file,
            "--output",
            dir.to_str().expect("a UTF-8 path"),
        ])
        .run()
        .success();
    assert_eq!(stdout, "");
    let md = std::fs::read_to_string(dir.join("memo.md")).expect("memo.md");
    (temp, dir, md)
}

/// The talks memo states the ranges in words, with the reading behind each end, and what holds
/// in every reading. By hand, in billions (V the valuation read as pre-money, P as post-money,
/// M = 80 or 100 the new money with the others at $0 or $20B):
/// - Amazon 50/(830 + M): 5/91 (M = 80), 5/93 (M = 100); 50/830 = 5/83 post-money whatever M
///   is, so its maximum's reading says "whatever comes from" the others.
/// - Microsoft 27% before: 0.27·830/(830 + M) or 0.27·(830 − M)/830; minimum 0.27·730/830 =
///   1971/8300 (post-money, M = 100), maximum 0.27·830/910 = 2241/9100 (pre-money, M = 80).
/// - The new investors (Amazon, SoftBank, the others; nothing before) own M/(830 + M) or M/830:
///   minimum 80/910 = 8/91 (pre-money, others $0), maximum 100/830 = 10/83 (post-money, $20B).
/// - The new money is 80 or 100 whatever the reading; the post-money 830 (post-money reading,
///   whatever M) to 930 (pre-money, M = 100).
/// - Every holder's stake is a fixed multiple of the others' in each reading for those from
///   before (47 : 27 : 26), and Foundation's minimum 0.26·730/830 = 18.98/83 (22.87%) is above
///   Amazon's maximum 5/83 (6.02%), SoftBank's minimum 30/930 (3.23%) above the others' maximum
///   20/830 (2.41%): the same order in every reading, employees first. Employees' maximum
///   0.47·830/910 = 39.01/91 (42.87%) is under a half.
#[test]
fn talks_memo_states_the_ranges_in_words() {
    let (_temp, dir, md) = memo("scenarios/openai-2026-talks.toml");
    let others = "Other investors (sovereign wealth funds, VCs)";
    let sentences = [
        format!(
            "Amazon would own between {} and {}: {} if $830B is the pre-money valuation and $20B comes from {others}; {} if $830B is the post-money valuation, whatever comes from {others}.",
            pct(5, 93),
            pct(5, 83),
            pct(5, 93),
            pct(5, 83)
        ),
        format!(
            "Microsoft, with 27.00% before the round, would keep between {} and {}: {} if $830B is the post-money valuation and $20B comes from {others}; {} if $830B is the pre-money valuation and nothing comes from {others}.",
            pct(1971, 8300),
            pct(2241, 9100),
            pct(1971, 8300),
            pct(2241, 9100)
        ),
        format!(
            "Together the new investors (Amazon, SoftBank and {others}) own between {} and {}: {} if $830B is the pre-money valuation and nothing comes from {others}; {} if $830B is the post-money valuation and $20B comes from {others}.",
            pct(8, 91),
            pct(10, 83),
            pct(8, 91),
            pct(10, 83)
        ),
        format!(
            "The round raises between $80B and $100B: $80B if nothing comes from {others}, on either reading of the $830B; $100B if $20B comes from {others}, on either reading of the $830B."
        ),
        format!(
            "The post-money valuation is between $830B and $930B: $830B if $830B is the post-money valuation, whatever comes from {others}; $930B if $830B is the pre-money valuation and $20B comes from {others}."
        ),
        "In every reading the largest holder is Employees and other investors.".to_string(),
        format!(
            "In every reading the holders rank in the same order, largest first: Employees and other investors, then Microsoft, then OpenAI Foundation, then Amazon, then SoftBank, then {others}."
        ),
        // Microsoft 23.75%–24.63%, Foundation 22.87%–23.71%, employees 41.34%–42.87%, Amazon
        // 5.38%–6.02%, SoftBank 3.23%–3.61%, the others 0%–2.41%.
        format!(
            "In every reading each stake stays within the same thresholds: Microsoft at least 20% and under 25%; OpenAI Foundation at least 20% and under 25%; Employees and other investors at least 25% and under 50%; Amazon at least 5% and under 10%; SoftBank under 5%; {others} under 5%."
        ),
        "In no reading does any holder hold more than half of the company.".to_string(),
    ];
    for sentence in &sentences {
        assert!(
            md.contains(sentence.as_str()),
            "missing:\n{sentence}\nin:\n{md}"
        );
    }
    assert!(md.contains("The reported terms leave 2 things open: whether $830B is the pre-money or the post-money valuation and how much comes from Other investors (sovereign wealth funds, VCs), between nothing and $20B."), "{md}");
    // The ranges table and the ownership in each of the 4 readings.
    assert!(md.contains("## Ranges\n"), "{md}");
    assert!(
        md.contains(&format!(
            "| 2026 round (talks) | Amazon ownership | {} | {} |",
            pct(5, 93),
            pct(5, 83)
        )),
        "{md}"
    );
    let readings = md
        .split("## Ownership in each reading\n")
        .nth(1)
        .expect("the readings table");
    // Pre-money, others $0: post-money 910, Amazon 50/910 = 5/91.
    assert!(
        readings.contains(&format!(
            "| $830B is the pre-money valuation; nothing comes from {others} | $80B | $910B |"
        )),
        "{readings}"
    );
    assert!(readings.contains(&pct(5, 91)), "{readings}");
    // No chart: each draws one cap table.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["memo.html", "memo.md"]);
    let html = std::fs::read_to_string(dir.join("memo.html")).expect("memo.html");
    assert!(html.contains(&sentences[0]), "{html}");
}

/// A memo where the readings disagree: Ann 55% and Bob 45% before a round at $10M, pre-money
/// or post-money not said, Fund putting in $1M to $6M. Corners (corner = reading + 2·end):
/// - 0, pre-money, $1M: post 11; Ann 5.5/11 = 1/2, Bob 4.5/11 = 9/22, Fund 1/11.
/// - 1, post-money, $1M: post 10; Ann 0.55·9/10 = 0.495, Bob 0.405, Fund 1/10.
/// - 2, pre-money, $6M: post 16; Ann 5.5/16 = 0.34375, Bob 0.28125, Fund 6/16 = 0.375.
/// - 3, post-money, $6M: post 10; Ann 0.55·4/10 = 0.22, Bob 0.18, Fund 0.6.
///
/// So Ann is largest in 0 and 1 and Fund in 2 and 3; Fund changes places with Ann and with Bob;
/// Ann runs from 22% to exactly 50% (reaches 25% and 50% only in some readings: 50% is reached,
/// not exceeded), Bob 18% to 9/22 (crosses 20% and 25%), Fund 1/11 to 60% (crosses 10%, 20%,
/// 25%, 50%); no sentence says a holder has more than half in every reading or in none.
#[test]
fn memo_says_which_conclusions_depend_on_the_reading() {
    let text = "[scenario]\nname = \"Disagreeing readings\"\n\n[[holder]]\nname = \"Ann\"\nstake = \"55%\"\n\n[[holder]]\nname = \"Bob\"\nstake = \"45%\"\n\n[[round]]\nname = \"Seed\"\nvaluation = \"10M\"\nbasis = \"unknown\"\n\n[[round.investment]]\ninvestor = \"Fund\"\namount = \"1M..6M\"\n";
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("disagree.toml");
    std::fs::write(&file, text).expect("written");
    let (_temp, _dir, md) = memo(file.to_str().expect("UTF-8"));
    for sentence in [
        format!(
            "Ann, with 55.00% before the round, would keep between {} and {}: {} if $10M is the post-money valuation and $6M comes from Fund; {} if $10M is the pre-money valuation and $1M comes from Fund.",
            pct(22, 100),
            pct(1, 2),
            pct(22, 100),
            pct(1, 2)
        ),
        format!(
            "Fund would own between {} and {}: {} if $10M is the pre-money valuation and $1M comes from Fund; {} if $10M is the post-money valuation and $6M comes from Fund.",
            pct(1, 11),
            pct(6, 10),
            pct(1, 11),
            pct(6, 10)
        ),
        "Which holder is the largest depends on the reading (Ann and Fund).".to_string(),
        "The holders' order depends on the reading; these change places: Ann and Fund; Bob and Fund.".to_string(),
        // Ann's minimum 22% is at least 20%; Bob's 18% at least 10% and his 9/22 under 50%;
        // Fund's 1/11 at least 5%.
        "In every reading each stake stays within the same thresholds: Ann at least 20%; Bob at least 10% and under 50%; Fund at least 5%.".to_string(),
        format!("Whether Ann reaches 25% or 50% depends on the reading (between {} and {}).", pct(22, 100), pct(1, 2)),
        format!("Whether Bob reaches 20% or 25% depends on the reading (between {} and {}).", pct(18, 100), pct(9, 22)),
        format!("Whether Fund reaches 10%, 20%, 25% or 50% depends on the reading (between {} and {}).", pct(1, 11), pct(6, 10)),
    ] {
        assert!(md.contains(&sentence), "missing:\n{sentence}\nin:\n{md}");
    }
    assert!(!md.contains("more than half"), "{md}");
    assert!(!md.contains("rank in the same order"), "{md}");
}

/// Exits depend on the reading: `--exit` on a file with ranges is a usage error (exit 2) that
/// says what to do, and nothing is written.
#[test]
fn memo_with_ranges_refuses_exit_values() {
    let temp = tempfile::tempdir().expect("a folder");
    let dir = temp.path().join("memo");
    let run = Test::new()
        .args([
            "memo",
            "scenarios/openai-2026-talks.toml",
            "--output",
            dir.to_str().expect("UTF-8"),
            "--exit",
            "1T",
        ])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("depends on the reading"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
}

/// `check` accepts a file with ranges (it is valid) and says how many readings it has; a file
/// with ranges whose figures corners would not bound (a pool top-up) is E0033.
#[test]
fn check_reads_a_file_with_ranges() {
    let stdout = Test::new()
        .args(["check", "scenarios/openai-2026-talks.toml"])
        .run()
        .success();
    assert_eq!(
        stdout,
        "scenarios/openai-2026-talks.toml: ok (1 round, 6 parties, 0 conditions; 4 readings of its ranges)\n"
    );
    let text = "[scenario]\nname = \"Pool\"\n\n[[holder]]\nname = \"F\"\nshares = 9_000_000\n\n[[round]]\nname = \"A\"\npre_money = \"8M..10M\"\npool_target = \"10%\"\n\n[[round.investment]]\ninvestor = \"I\"\namount = \"2M\"\n";
    let stderr = Test::new()
        .args(["check", "-"])
        .stdin(text)
        .run()
        .input_error();
    assert!(stderr.contains("E0033"), "{stderr}");
    assert!(stderr.contains("cannot be reported exactly"), "{stderr}");
    // It names the place: the holders' `shares` (line 6, column 1 of the text above).
    assert!(stderr.contains("--> <stdin>:6:1\n"), "{stderr}");
}

/// A file with ranges and a secondary sale (tests/errors/ranges-with-secondary.toml): `check`,
/// `report --ranges` and `memo` refuse it with the same diagnostic, which names the file, the
/// line and column of the `[[round.secondary]]` header (line 21, column 1, counted in the
/// file), what is wrong, the range behind it (`basis = "unknown"`, line 15, column 9) and a fix.
#[test]
fn unbounded_ranges_are_one_diagnostic_with_a_place_for_every_command() {
    let file = "tests/errors/ranges-with-secondary.toml";
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    let runs = [
        vec!["check", file],
        vec!["report", "--ranges", file],
        vec![
            "memo",
            file,
            "--output",
            dir.to_str().expect("a UTF-8 path"),
        ],
    ];
    let mut blocks = Vec::new();
    for args in runs {
        let stderr = Test::new()
            .args(args.clone())
            .env("NO_COLOR", "1")
            .run()
            .input_error();
        let block = stderr
            .split("\nerror: ")
            .next()
            .expect("the diagnostic")
            .to_string();
        for want in [
            "error[E0033]: the ranges cannot be reported exactly: Seed has a secondary sale\n",
            "--> tests/errors/ranges-with-secondary.toml:21:1\n",
            "21 | [[round.secondary]]\n",
            "a sale at a price or valuation is not monotone in the ranges",
            "15 | basis = \"unknown\"\n",
            "= help: ",
            "leave the secondaries of Seed out",
        ] {
            assert!(block.contains(want), "{args:?}: {want:?} in\n{stderr}");
        }
        assert!(
            stderr.contains("error: tests/errors/ranges-with-secondary.toml: 1 problem found"),
            "{args:?}: {stderr}"
        );
        blocks.push(block);
    }
    assert!(blocks.windows(2).all(|w| w[0] == w[1]), "{blocks:#?}");
    assert!(!dir.exists());
}

/// With `--exact` the memo's bounds are the exact figures: Amazon between 5/93 and 5/83 (to
/// the last of 28 digits), the valuation in whole dollars.
#[test]
fn talks_memo_exact_bounds() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    Test::new()
        .args([
            "memo",
            "scenarios/openai-2026-talks.toml",
            "--exact",
            "--output",
            dir.to_str().expect("UTF-8"),
        ])
        .run()
        .success();
    let md = std::fs::read_to_string(dir.join("memo.md")).expect("memo.md");
    let rest = md
        .split("Amazon would own between ")
        .nth(1)
        .expect("Amazon's sentence");
    let (low, rest) = rest.split_once(" and ").expect("two bounds");
    let (high, rest) = rest.split_once(": ").expect("the readings");
    assert!(is_fraction(low, 5, 93), "{low}");
    assert!(is_fraction(high, 5, 83), "{high}");
    assert!(
        rest.starts_with(&format!(
            "{low} if 830000000000 is the pre-money valuation and 20000000000 comes from"
        )),
        "{rest}"
    );
}

/// A valuation of unknown basis written as a TOML integer is the same $830B as `"830B"`: the
/// memo's words take the amount from each corner's validated model. (They parsed the text of a
/// TOML string only, so the integer form read "whether $0 is the pre-money or the post-money
/// valuation".)
#[test]
fn the_memo_names_a_valuation_written_as_an_integer() {
    let talks =
        std::fs::read_to_string(crate::common::root().join("scenarios/openai-2026-talks.toml"))
            .expect("the talks scenario");
    assert!(talks.contains("valuation = \"830B\"\n"));
    let text = talks.replace("valuation = \"830B\"\n", "valuation = 830_000_000_000\n");
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("talks-integer.toml");
    std::fs::write(&file, text).expect("written");
    let (_temp, _dir, md) = memo(file.to_str().expect("UTF-8"));
    assert!(
        md.contains("whether $830B is the pre-money or the post-money valuation"),
        "{md}"
    );
    assert!(md.contains("on either reading of the $830B"), "{md}");
    assert!(!md.contains("reading of the $0"), "{md}");
}
