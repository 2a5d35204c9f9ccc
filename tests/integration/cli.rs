//! The command line as a user meets it: help, exit codes, options, output files, unreadable
//! inputs, colour.
//!
//! Figures are for the A1 scenario (`common::A1`, OpenAI 2026), worked out by hand as exact fractions:
//! - all tranches paid: new money 50B + 30B + 30B = 110B, post-money 730B + 110B = 840B;
//!   Amazon owns 50/840 = 5/84 = 0.05952380952380952380952380952… → 28 decimals
//!   `0.0595238095238095238095238095`; Nvidia 30/840 = 1/28 = 0.0357142857142857142857142857|14…;
//!   Microsoft 27% × 730/840 = 0.234642857… (23.46% at 2 decimals, 23.4643% at 4).
//! - the 35B tranche unpaid (ipo and agi both false): new money 75B, post-money 805B; Amazon owns
//!   15/805 = 3/161 = 0.018633540372670807453416149068… → `0.0186335403726708074534161491`
//!   (checked with Python `fractions.Fraction(15, 805)` and `decimal` at 40 digits); Microsoft
//!   27% × 730/805 = 197.1/805 = 0.244844720496894409937888198757… →
//!   `0.2448447204968944099378881988`.
//! - outcome probabilities (ipo 50%, agi 20%, independent): no/no 0.5 × 0.8 = 0.4, no/yes 0.1,
//!   yes/no 0.4, yes/yes 0.1.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{A1, Output, Test, fails, folder, holder, json_of, listing, named, skip};

/// A1 with the stakes summing to 99%: the employees' 47% (line 18 of the fixture) written
/// 46%, so one E0010 pointing there.
fn a1_bad_stakes() -> String {
    let bad = A1.replace("stake = \"47%\"", "stake = \"46%\"");
    assert_ne!(bad, A1, "A1 gives the employees 47%");
    bad
}

fn a1(args: &[&str]) -> Output {
    Test::new().args(["report", "-"]).args(args).stdin(A1).run()
}

fn a1_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    a1(&all).json()
}

// ----- help and usage errors ----------------------------------------------------------------

/// The command names listed under `Commands:` in `captable --help`.
fn listed_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[test]
fn help_lists_every_command_and_each_command_has_help() {
    let help = Test::new().args(["--help"]).run().success();
    assert!(help.contains("Usage: captable <COMMAND>"), "{help}");
    let commands = listed_commands(&help);
    for command in ["report", "outcomes", "check"] {
        assert!(
            commands.iter().any(|c| c == command),
            "{command} missing from {commands:?}"
        );
    }
    for command in commands.iter().filter(|c| *c != "help") {
        let sub = Test::new()
            .args([command.as_str(), "--help"])
            .run()
            .success();
        assert!(
            sub.contains(&format!("Usage: captable {command}")),
            "captable {command} --help:\n{sub}"
        );
    }
    // The long help explains the exit codes a script relies on.
    assert!(help.contains("0 success; 1 the input is wrong"), "{help}");
}

#[test]
fn help_lists_every_command_of_the_contract() {
    let help = Test::new().args(["--help"]).run().success();
    let commands = listed_commands(&help);
    for command in [
        "report",
        "outcomes",
        "check",
        "compare",
        "sweep",
        "exit",
        "new",
        "schema",
        "completions",
    ] {
        assert!(
            commands.iter().any(|c| c == command),
            "{command} missing from {commands:?}"
        );
    }
}

#[test]
fn version_prints_the_crate_version() {
    let out = Test::new().args(["--version"]).run().success();
    assert_eq!(out, format!("captable {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let stderr = fails(Test::new().args(["frobnicate"]).run(), 2);
    assert!(
        stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{stderr}"
    );
}

#[test]
fn no_command_is_a_usage_error() {
    let stderr = fails(Test::new().run(), 2);
    assert!(stderr.contains("Usage: captable <COMMAND>"), "{stderr}");
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let stderr = fails(a1(&["--frob"]), 2);
    assert!(stderr.contains("unexpected argument '--frob'"), "{stderr}");
}

#[test]
fn bad_option_values_are_usage_errors() {
    let stderr = fails(a1(&["--format", "xml"]), 2);
    assert!(
        stderr.contains("[possible values: table, markdown, csv, json, xlsx]"),
        "{stderr}"
    );
    let stderr = fails(a1(&["--decimals", "13"]), 2);
    assert!(stderr.contains("13 is not in 0..=12"), "{stderr}");
    let stderr = fails(a1(&["--decimals", "two"]), 2);
    assert!(stderr.contains("'two'"), "{stderr}");
    let stderr = fails(a1(&["--assume", "ipo=maybe"]), 2);
    assert!(stderr.contains("`maybe` is not true or false"), "{stderr}");
    let stderr = fails(a1(&["--assume", "ipo"]), 2);
    assert!(
        stderr.contains("expected NAME=true or NAME=false"),
        "{stderr}"
    );
}

#[test]
fn check_needs_a_file() {
    let stderr = fails(Test::new().args(["check"]).run(), 2);
    assert!(stderr.contains("<FILE>"), "{stderr}");
}

// ----- --assume -------------------------------------------------------------------------------

#[test]
fn every_condition_is_assumed_true_by_default() {
    let json = a1_json(&[]);
    assert_eq!(
        json["assumed"],
        serde_json::json!({ "ipo": true, "agi": true })
    );
    let round = &json["rounds"][0];
    assert_eq!(round["pre_money"], "730000000000");
    assert_eq!(round["new_money"], "110000000000");
    assert_eq!(round["post_money"], "840000000000");
    let amazon = holder(round, "Amazon");
    assert_eq!(amazon["invested"], "50000000000");
    assert_eq!(amazon["ownership"], "0.0595238095238095238095238095");
}

#[test]
fn assume_false_for_both_conditions_drops_the_contingent_tranche() {
    let json = a1_json(&["--assume", "ipo=false", "--assume", "agi=false"]);
    assert_eq!(
        json["assumed"],
        serde_json::json!({ "ipo": false, "agi": false })
    );
    let round = &json["rounds"][0];
    assert_eq!(round["new_money"], "75000000000");
    assert_eq!(round["post_money"], "805000000000");
    let amazon = holder(round, "Amazon");
    assert_eq!(amazon["invested"], "15000000000");
    assert_eq!(amazon["ownership"], "0.0186335403726708074534161491");
    let microsoft = holder(round, "Microsoft");
    assert_eq!(microsoft["ownership"], "0.2448447204968944099378881988");
}

#[test]
fn assume_one_condition_false_keeps_the_tranche_paid_by_the_other() {
    // `ipo or agi` with agi still true: the 35B is paid, post-money stays 840B.
    let json = a1_json(&["--assume", "ipo=false"]);
    assert_eq!(
        json["assumed"],
        serde_json::json!({ "ipo": false, "agi": true })
    );
    assert_eq!(json["rounds"][0]["post_money"], "840000000000");
}

#[test]
fn assume_changes_the_headline_table() {
    let all = a1(&[]).success();
    let none = a1(&["--assume", "ipo=false", "--assume", "agi=false"]).success();
    assert!(
        all.contains("Conditions assumed: ipo = yes, agi = yes"),
        "{all}"
    );
    assert!(
        none.contains("Conditions assumed: ipo = no, agi = no"),
        "{none}"
    );
    // The valuation row: 730B pre, 110B or 75B new, 840B or 805B post.
    let row = |table: &str| -> Vec<String> {
        let line = table
            .lines()
            .find(|line| line.starts_with("│ 2026 round "))
            .unwrap_or_else(|| panic!("no valuation row in:\n{table}"))
            .to_string();
        line.split(['│', '┆'])
            .map(|cell| cell.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    assert_eq!(row(&all), ["2026 round", "$730B", "$110B", "$840B"]);
    assert_eq!(row(&none), ["2026 round", "$730B", "$75B", "$805B"]);
}

#[test]
fn assume_an_undeclared_condition_lists_the_declared_ones() {
    let stderr = fails(a1(&["--assume", "nosuch=true"]), 2);
    assert_eq!(
        stderr,
        "error: --assume nosuch: no such condition; the scenario declares: ipo, agi\n"
    );
}

// ----- formats --------------------------------------------------------------------------------

#[test]
fn json_is_one_object_with_the_contract_keys() {
    let json = a1_json(&[]);
    for key in [
        "scenario",
        "assumed",
        "rounds",
        "outcomes",
        "expected",
        "commitments",
    ] {
        assert!(json.get(key).is_some(), "no `{key}` in {json}");
    }
    assert_eq!(json["scenario"]["name"], "OpenAI 2026 funding round");
    assert_eq!(json["scenario"]["currency"], "USD");
    // Stakes only: share counts and prices are unknown.
    assert_eq!(
        json["rounds"][0]["price_per_share"],
        serde_json::Value::Null
    );
    let outcomes = json["outcomes"].as_array().expect("outcomes is an array");
    let states: Vec<(bool, bool, &str)> = outcomes
        .iter()
        .map(|o| {
            (
                o["conditions"]["ipo"].as_bool().unwrap(),
                o["conditions"]["agi"].as_bool().unwrap(),
                o["probability"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (false, false, "0.4"),
            (false, true, "0.1"),
            (true, false, "0.4"),
            (true, true, "0.1")
        ]
    );
    assert_eq!(outcomes[0]["post_money"], "805000000000");
    assert_eq!(outcomes[3]["post_money"], "840000000000");
}

#[test]
fn outcomes_json_has_outcomes_and_expected_only() {
    let json = json_of(&["outcomes", "-", "--format", "json"], A1);
    let keys: Vec<&String> = json.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["outcomes", "expected"]);
    assert_eq!(json["outcomes"].as_array().map(Vec::len), Some(4));
    // Expected new money: 0.4 × 75B + 0.6 × 110B = 30B + 66B = 96B; post 730B + 96B = 826B.
    assert_eq!(json["expected"]["new_money"], "96000000000");
    assert_eq!(json["expected"]["post_money"], "826000000000");
}

#[test]
fn expected_ownership_is_the_exact_weighted_average_rounded_once() {
    // 0.6 × 50/840 + 0.4 × 15/805 = 139/3220 = 0.04316770186335403726708074534|16… → …453
    // (also the figure in the format contract). Microsoft: 0.6 × 0.27 × 730/840 + 0.4 × 0.27 ×
    // 730/805 = 0.23872360248447204968944099378|6… → …9938.
    let json = a1_json(&[]);
    let expected = &json["expected"]["holders"];
    assert_eq!(
        named(expected, "Amazon")["ownership"],
        "0.0431677018633540372670807453"
    );
    assert_eq!(
        named(expected, "Microsoft")["ownership"],
        "0.2387236024844720496894409938"
    );
}

#[test]
fn csv_has_header_rows_and_exact_numbers() {
    let csv = a1(&["--format", "csv"]).success();
    let blocks: Vec<&str> = csv.trim_end().split("\n\n").collect();
    // Each block: its title, its column titles, its rows.
    assert_eq!(
        blocks[0],
        "Valuation\nRound,Pre-money,New money,Post-money\n2026 round,730000000000,110000000000,840000000000"
    );
    let cap_table: Vec<&str> = blocks[1].lines().collect();
    assert_eq!(cap_table[0], "Cap table after 2026 round");
    // A table repeated per round names its round in a first column.
    assert_eq!(
        cap_table[1],
        "round,Holder,Class,Invested,Ownership before,Ownership after,Change,Value"
    );
    // Microsoft: 27% before, 0.27 × 730/840 after (= 0.2346428571428571428571428571|43),
    // change after − before = −0.0353571428571428571428571429 (the 28-decimal rounding of
    // −0.03535714285714285714285714285|7), value 0.27 × 730B = 197.1B.
    assert!(cap_table.contains(
        &"2026 round,Microsoft,common,0,0.27,0.2346428571428571428571428571,-0.0353571428571428571428571429,197100000000"
    ), "{csv}");
    assert!(cap_table.contains(
        &"2026 round,Amazon,common,50000000000,0,0.0595238095238095238095238095,0.0595238095238095238095238095,50000000000"
    ), "{csv}");
    let outcomes: Vec<&str> = blocks[2].lines().collect();
    assert_eq!(outcomes[0], "Outcomes");
    assert!(
        outcomes[1].starts_with("ipo,agi,Probability,New money,Post-money,"),
        "{csv}"
    );
    assert!(
        outcomes[2].starts_with("no,no,0.4,75000000000,805000000000,"),
        "{csv}"
    );
    assert!(
        outcomes[2].contains(",0.0186335403726708074534161491,"),
        "{csv}"
    );
    // No thousands separators, currency signs or percent signs anywhere: every figure is a plain
    // exact decimal.
    assert!(!csv.contains('$') && !csv.contains('%'), "{csv}");
}

#[test]
fn markdown_has_headings_and_aligned_pipe_tables() {
    let md = a1(&["--format", "markdown"]).success();
    assert!(md.starts_with("# OpenAI 2026 funding round\n"), "{md}");
    assert!(md.contains("\n## Valuation\n"), "{md}");
    assert!(md.contains("| Round | Pre-money | New money | Post-money |\n| --- | ---: | ---: | ---: |\n| 2026 round | $730B | $110B | $840B |"), "{md}");
    // Every table row is a pipe row with as many cells as its header.
    for table in md.split("\n\n").filter(|block| block.starts_with('|')) {
        let widths: Vec<usize> = table.lines().map(|l| l.matches(" | ").count()).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "ragged table:\n{table}"
        );
        assert!(
            table.lines().nth(1).unwrap().starts_with("| --- |"),
            "{table}"
        );
    }
    assert!(!md.contains('┆'), "no box drawing in markdown");
}

#[test]
fn table_is_the_default_format() {
    let table = a1(&[]).success();
    assert_eq!(table, a1(&["--format", "table"]).success());
    assert!(table.starts_with("OpenAI 2026 funding round\n"), "{table}");
    assert!(table.contains("┌"), "{table}");
    assert!(table.contains("│ Amazon "), "{table}");
}

#[test]
fn decimals_sets_the_digits_of_percentages() {
    let two = a1(&["--format", "markdown"]).success();
    let four = a1(&["--format", "markdown", "--decimals", "4"]).success();
    let zero = a1(&["--format", "markdown", "--decimals", "0"]).success();
    // Microsoft after the round: 0.27 × 730/840 = 23.4642857…%; Amazon 5/84 = 5.952380…%.
    assert!(
        two.contains("| Microsoft | Common | — | 27.00% | 23.46% |"),
        "{two}"
    );
    assert!(
        four.contains("| Microsoft | Common | — | 27.0000% | 23.4643% |"),
        "{four}"
    );
    assert!(
        zero.contains("| Microsoft | Common | — | 27% | 23% |"),
        "{zero}"
    );
    assert!(four.contains("| 5.9524% |"), "{four}");
    assert!(four.contains("percentages to 4 decimals"), "{four}");
    // JSON stays exact whatever --decimals says.
    assert_eq!(a1_json(&["--decimals", "4"]), a1_json(&[]));
}

// ----- --output -------------------------------------------------------------------------------

#[test]
fn output_writes_the_file_and_prints_nothing() {
    let dir = folder(&[("a1.toml", A1.as_bytes())]);
    let output = Test::new()
        .args([
            "report",
            "a1.toml",
            "--format",
            "json",
            "--output",
            "report.json",
        ])
        .dir(dir.path())
        .run();
    assert_eq!(output.success(), "");
    let written = fs::read_to_string(dir.path().join("report.json")).expect("written");
    assert_eq!(written, a1(&["--format", "json"]).success());
    // Atomic: the temporary file was renamed, nothing else is left behind.
    assert_eq!(listing(dir.path()), ["a1.toml", "report.json"]);
}

#[test]
fn output_replaces_an_existing_file() {
    let dir = folder(&[("a1.toml", A1.as_bytes()), ("out.csv", b"old contents\n")]);
    Test::new()
        .args(["report", "a1.toml", "-f", "csv", "-o", "out.csv"])
        .dir(dir.path())
        .run()
        .success();
    let written = fs::read_to_string(dir.path().join("out.csv")).expect("written");
    assert_eq!(written, a1(&["--format", "csv"]).success());
    assert_eq!(listing(dir.path()), ["a1.toml", "out.csv"]);
}

#[test]
fn output_leaves_an_existing_file_untouched_when_the_input_is_invalid() {
    // Bytes that are not UTF-8 and end without a newline: any rewrite would show.
    let old: &[u8] = b"previous report \xff\x00 no newline";
    let dir = folder(&[("bad.toml", a1_bad_stakes().as_bytes()), ("report.md", old)]);
    let before = fs::metadata(dir.path().join("report.md"))
        .unwrap()
        .modified()
        .unwrap();
    let stderr = Test::new()
        .args([
            "report",
            "bad.toml",
            "--format",
            "markdown",
            "--output",
            "report.md",
        ])
        .env("NO_COLOR", "1")
        .dir(dir.path())
        .run()
        .input_error();
    assert!(
        stderr.contains("error[E0010]: holder stakes sum to 99%, not 100%"),
        "{stderr}"
    );
    assert_eq!(fs::read(dir.path().join("report.md")).unwrap(), old);
    let after = fs::metadata(dir.path().join("report.md"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(listing(dir.path()), ["bad.toml", "report.md"]);
}

#[test]
fn output_to_a_folder_or_into_a_missing_folder_is_an_error() {
    let dir = folder(&[("a1.toml", A1.as_bytes())]);
    fs::create_dir(dir.path().join("sub")).unwrap();
    let output = Test::new()
        .args(["report", "a1.toml", "--output", "sub"])
        .dir(dir.path())
        .run();
    assert_eq!(
        output.input_error(),
        "error: --output sub is a directory; name a file\n"
    );
    let output = Test::new()
        .args(["report", "a1.toml", "--output", "missing/report.txt"])
        .dir(dir.path())
        .run();
    let stderr = output.input_error();
    assert!(
        stderr.starts_with("error: cannot write missing/report.txt: "),
        "{stderr}"
    );
    assert_eq!(listing(dir.path()), ["a1.toml", "sub"]);
    assert!(listing(&dir.path().join("sub")).is_empty());
}

// ----- check with several files ---------------------------------------------------------------

#[test]
fn check_reports_every_problem_in_every_file() {
    let dir = folder(&[
        ("good.toml", A1.as_bytes()),
        ("bad.toml", a1_bad_stakes().as_bytes()),
        (
            "worse.toml",
            b"[scenario]\nname = 7\n\n[[holder]]\nname = \"A\"\nstake = \"-5%\"\n",
        ),
    ]);
    let output = Test::new()
        .args([
            "check",
            "bad.toml",
            "good.toml",
            "worse.toml",
            "missing.toml",
        ])
        .env("NO_COLOR", "1")
        .dir(dir.path())
        .run();
    assert_eq!(
        output.stdout,
        "good.toml: ok (1 round, 6 parties, 2 conditions)\n"
    );
    let stderr = output.input_error();
    for expected in [
        "error[E0010]: holder stakes sum to 99%, not 100%\n  --> bad.toml:18:9\n",
        "error: bad.toml: 1 problem found\n",
        "error[E0004]: `name` must be a string, found an integer\n --> worse.toml:2:8\n",
        "error[E0007]: `stake` is outside 0% to 100%: \"-5%\"\n --> worse.toml:6:9\n",
        "error: worse.toml: 2 problems found\n",
        "error[E0024]: `missing.toml` does not exist\n",
        "error: missing.toml: 1 problem found\n",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.ends_with("error: 3 of 4 files are invalid\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("good.toml"), "{stderr}");
    // A file with no [[round]] is the cap table as given, not an error.
    assert!(!stderr.contains("has no [[round]]"), "{stderr}");
    // Files are reported in the order given.
    let bad = stderr.find("bad.toml").unwrap();
    let worse = stderr.find("worse.toml").unwrap();
    let missing = stderr.find("missing.toml").unwrap();
    assert!(bad < worse && worse < missing, "{stderr}");
}

#[test]
fn check_exits_0_when_every_file_is_valid() {
    let dir = folder(&[("a.toml", A1.as_bytes()), ("b.toml", A1.as_bytes())]);
    let output = Test::new()
        .args(["check", "a.toml", "b.toml", "-"])
        .stdin(A1)
        .dir(dir.path())
        .run();
    assert_eq!(output.stderr, "");
    assert_eq!(
        output.success(),
        "a.toml: ok (1 round, 6 parties, 2 conditions)\n\
         b.toml: ok (1 round, 6 parties, 2 conditions)\n\
         <stdin>: ok (1 round, 6 parties, 2 conditions)\n"
    );
}

#[test]
fn warnings_alone_do_not_fail_check() {
    let unused = format!("{A1}\n[condition.recession]\nprobability = \"10%\"\n");
    let output = Test::new()
        .args(["check", "-"])
        .stdin(&unused)
        .env("NO_COLOR", "1")
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output
            .stderr
            .starts_with("warning[W0020]: condition `recession` is declared but no tranche uses it\n  --> <stdin>:53:12\n"),
        "{}",
        output.stderr
    );
    assert_eq!(
        output.stdout,
        "<stdin>: ok (1 round, 6 parties, 3 conditions)\n"
    );
}

// ----- unreadable inputs ----------------------------------------------------------------------

/// Runs `report` and `check` on `path` in `dir`; both must exit 1 (never 101) with `needle` in
/// standard error and nothing on standard output.
#[track_caller]
fn unreadable(dir: &Path, path: &str, needle: &str) {
    for command in ["report", "check"] {
        let output = Test::new()
            .args([command, path])
            .env("NO_COLOR", "1")
            .dir(dir)
            .run();
        assert_eq!(output.stdout, "", "{command} {path}");
        let stderr = output.input_error();
        assert!(
            stderr.contains(needle),
            "{command} {path}: no {needle:?} in:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_missing_file_is_an_input_error() {
    let dir = folder(&[]);
    unreadable(
        dir.path(),
        "nope.toml",
        "error[E0024]: `nope.toml` does not exist",
    );
}

#[test]
fn a_directory_is_an_input_error() {
    let dir = folder(&[]);
    fs::create_dir(dir.path().join("scenarios")).unwrap();
    unreadable(
        dir.path(),
        "scenarios",
        "error[E0024]: `scenarios` is a directory, not a scenario file",
    );
}

#[test]
fn a_non_utf8_file_is_an_input_error() {
    let dir = folder(&[("latin1.toml", b"[scenario]\nname = \"Caf\xe9\"\n")]);
    unreadable(
        dir.path(),
        "latin1.toml",
        // The caret stands under the bad byte (shown as U+FFFD), line 2 column 12.
        "error[E0024]: `latin1.toml` is not UTF-8 text\n --> latin1.toml:2:12\n",
    );
}

#[test]
fn an_empty_file_is_an_input_error() {
    let dir = folder(&[("empty.toml", b"")]);
    unreadable(
        dir.path(),
        "empty.toml",
        "error[E0003]: the file is empty\n --> empty.toml:1:1\n",
    );
}

#[test]
fn empty_standard_input_is_an_input_error() {
    let stderr = Test::new()
        .args(["report", "-"])
        .stdin("")
        .env("NO_COLOR", "1")
        .run()
        .input_error();
    assert!(stderr.contains(" --> <stdin>:1:1\n"), "{stderr}");
    assert!(
        stderr.ends_with("error: <stdin>: 1 problem found\n"),
        "{stderr}"
    );
}

// ----- standard input and colour --------------------------------------------------------------

#[test]
fn standard_input_is_read_with_a_dash_and_named_stdin() {
    let from_stdin = a1(&["--format", "csv"]).success();
    let dir = folder(&[("a1.toml", A1.as_bytes())]);
    let from_file = Test::new()
        .args(["report", "a1.toml", "--format", "csv"])
        .dir(dir.path())
        .run()
        .success();
    assert_eq!(from_stdin, from_file);
    let stderr = Test::new()
        .args(["report", "-"])
        .stdin(&a1_bad_stakes())
        .env("NO_COLOR", "1")
        .run()
        .input_error();
    assert!(stderr.contains("  --> <stdin>:18:9\n"), "{stderr}");
}

#[test]
fn piped_output_has_no_escape_bytes() {
    let out = a1(&[]);
    assert!(!out.stdout.contains('\x1b') && !out.stderr.contains('\x1b'));
    let bad = Test::new()
        .args(["report", "-"])
        .stdin(&a1_bad_stakes())
        .run();
    assert_eq!(bad.code, 1);
    assert!(!bad.stderr.contains('\x1b'), "{:?}", bad.stderr);
}

/// Runs `captable ARGS` in `dir` on a pseudo-terminal with `script`, returning everything it
/// printed (standard output and error together), or `None` without `script`.
fn on_terminal(dir: &Path, args: &str, no_color: bool) -> Option<String> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        return None;
    }
    let mut command = Command::new(script);
    command
        .args([
            "-qec",
            &format!("'{}' {args}", env!("CARGO_BIN_EXE_captable")),
            "/dev/null",
        ])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let output = command.output().expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn no_color_removes_every_escape_byte_on_a_terminal() {
    let dir = folder(&[
        ("a1.toml", A1.as_bytes()),
        ("bad.toml", a1_bad_stakes().as_bytes()),
    ]);
    let args = "check bad.toml";
    let Some(coloured) = on_terminal(dir.path(), args, false) else {
        skip(
            "no_color_removes_every_escape_byte_on_a_terminal",
            "/usr/bin/script (util-linux) is not installed",
        );
        return;
    };
    // The terminal really is one: without NO_COLOR the message is styled...
    assert!(coloured.contains('\x1b'), "{coloured:?}");
    // ... and with NO_COLOR=1 the same message has no escape byte at all.
    let plain = on_terminal(dir.path(), args, true).expect("script still exists");
    assert!(
        plain.contains("error[E0010]: holder stakes sum to 99%"),
        "{plain:?}"
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
    // The report's tables too: styled on a terminal, plain with NO_COLOR.
    let styled = on_terminal(dir.path(), "report a1.toml", false).expect("script still exists");
    let table = on_terminal(dir.path(), "report a1.toml", true).expect("script still exists");
    assert!(table.contains("OpenAI 2026"), "{table:?}");
    assert!(!table.contains('\x1b'), "{table:?}");
    assert!(styled.contains('\x1b'), "{styled:?}");
}

#[test]
fn huge_and_negative_decimals_are_usage_errors_in_every_command() {
    // --decimals is bounded (0..=12) where it is parsed, so no formatting width is ever taken
    // from a huge number: 2^32 (one past u32), 10^11 and a negative count are refused alike.
    let commands: [&[&str]; 6] = [
        &["report", "scenarios/openai-2026.toml"],
        &["outcomes", "scenarios/openai-2026.toml"],
        &[
            "compare",
            "scenarios/openai-2026.toml",
            "scenarios/openai-2026.toml",
        ],
        &[
            "sweep",
            "scenarios/openai-2026.toml",
            "--vary",
            "round[0].pre_money=600B..700B:100B",
        ],
        &[
            "exit",
            "scenarios/exit-three-classes.toml",
            "--value",
            "50M",
        ],
        &[
            "memo",
            "scenarios/openai-2026.toml",
            "--output",
            "never-written",
        ],
    ];
    for command in commands {
        for decimals in [
            "--decimals=4294967296",
            "--decimals=99999999999",
            "--decimals=-1",
        ] {
            let output = Test::new().args(command).args([decimals]).run();
            let stderr = fails(output, 2);
            assert!(
                stderr.contains("--decimals"),
                "{command:?} {decimals}: {stderr}"
            );
            assert!(
                !stderr.contains("panicked"),
                "{command:?} {decimals}: {stderr}"
            );
        }
    }
    assert!(!crate::common::root().join("never-written").exists());
}
