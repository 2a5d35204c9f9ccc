//! Every bundled scenario in `scenarios/`, in every format.
//!
//! The files are found by listing the folder, so a new scenario is covered the moment it is
//! added (its snapshots then have to be reviewed and accepted with `cargo insta review`).
//!
//! The snapshots under `snapshots/` were reviewed line by line when they were accepted, every
//! ownership, change, value and expected figure recomputed by hand from the files' inputs as
//! exact fractions (e.g. Foundation 189.8/805 = 0.2357763975…, Employees 343.1/830 = 0.4133734…).
//! One thing the review found: the engine's expected ownerships sum four rounded products, so
//! some differ from the correctly rounded fraction in the 28th decimal (Amazon 139/3220 is
//! …807453|4, the engine prints …807454). The snapshots hold the engine's digits; the test
//! below allows that one unit. The figures that matter are also asserted directly from the JSON
//! below, each computed by hand (the working is in the comments), so these tests say what is
//! right, not only "as before".
//!
//! A file with ranges (openai-2026-talks.toml) is snapshot as `report --ranges`; its bounds were
//! checked the same way (Amazon 5/93 to 5/83, Microsoft 0.27·730/830 to 0.27·830/910, SoftBank
//! 30/930 to 30/830, the others 0 to 20/830, values 0.27·730B = $197.1B to 0.27·830B = $224.1B,
//! post-money $830B to $930B, new money $80B to $100B), and `ranges` asserts them as fractions.

use std::path::PathBuf;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Test, decimal, root};

const FORMATS: [&str; 4] = ["table", "markdown", "csv", "json"];

/// The bundled scenario files, as paths relative to the repository root, in name order.
fn bundled() -> Vec<String> {
    let folder = root().join("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("the scenarios folder exists")
        .map(|entry| entry.expect("the scenarios folder can be listed").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy();
            format!("scenarios/{name}")
        })
        .collect();
    files.sort();
    files
}

/// Whether a scenario file states reported ranges or an unknown reading (`"0..20B"`,
/// `basis = "unknown"`), read by the text of its values (comments aside): such a file is
/// reported with `report --ranges`, and the plain `report` refuses it (E0033).
fn ranged(path: &str) -> bool {
    let text = std::fs::read_to_string(root().join(path)).expect("a bundled scenario");
    let range = regex::Regex::new(r#"=\s*"[^"]*\.\.[^"]*""#).expect("a valid pattern");
    text.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .any(|line| range.is_match(line) || line.contains(r#"basis = "unknown""#))
}

/// The `report` arguments for `path`: `report --ranges` for a file with ranges.
fn report_command(path: &str) -> Vec<&str> {
    if ranged(path) {
        vec!["report", "--ranges", path]
    } else {
        vec!["report", path]
    }
}

fn stem(path: &str) -> String {
    PathBuf::from(path)
        .file_stem()
        .expect("a file stem")
        .to_string_lossy()
        .into_owned()
}

/// `captable report PATH --format FORMAT` (plus `extra`), with colour off; `report --ranges`
/// for a file with ranges.
fn report(path: &str, format: &str, extra: &[&str]) -> String {
    Test::new()
        .args(report_command(path))
        .args(["--format", format])
        .args(extra)
        .env("NO_COLOR", "1")
        .run()
        .success()
}

fn json(path: &str, extra: &[&str]) -> Value {
    serde_json::from_str(&report(path, "json", extra)).expect("report --format json prints JSON")
}

/// The entry named `name` in a list of objects with a `name` (or `counterparty`) key.
fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .find(|item| item["name"] == name || item["counterparty"] == name)
        .unwrap_or_else(|| panic!("no entry named {name:?} in {list}"))
}

#[test]
fn the_bundled_scenarios_are_found() {
    let files = bundled();
    assert!(
        files.contains(&"scenarios/openai-2026.toml".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"scenarios/openai-2026-talks.toml".to_string()),
        "{files:?}"
    );
    // The talks state the article's ranges; the announced round is one reading.
    assert!(ranged("scenarios/openai-2026-talks.toml"));
    assert!(!ranged("scenarios/openai-2026.toml"));
}

#[test]
fn every_bundled_scenario_is_valid() {
    let files = bundled();
    let stdout = Test::new().args(["check"]).args(&files).run().success();
    for file in &files {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with(&format!("{file}: ok"))),
            "check did not report {file} as ok:\n{stdout}"
        );
    }
}

/// Each format of each file against its reviewed snapshot, named `FILE-STEM.FORMAT`.
#[test]
fn every_bundled_scenario_renders_in_every_format() {
    for file in bundled() {
        for format in FORMATS {
            let output = report(&file, format, &[]);
            let mut settings = insta::Settings::clone_current();
            settings.set_prepend_module_to_snapshot(false);
            settings.set_description(format!(
                "captable {} --format {format}",
                report_command(&file).join(" ")
            ));
            settings.bind(|| insta::assert_snapshot!(format!("{}.{format}", stem(&file)), output));
        }
    }
}

/// What holds for any scenario, bundled or not: the JSON contract's arithmetic.
#[test]
fn every_bundled_scenario_adds_up() {
    for file in bundled() {
        if ranged(&file) {
            ranges_add_up(&file);
            continue;
        }
        let report = json(&file, &[]);
        assert!(
            !report["scenario"]["sources"]
                .as_array()
                .expect("sources is a list")
                .is_empty(),
            "{file}: a bundled scenario lists the sources of its figures"
        );
        for round in report["rounds"].as_array().expect("rounds") {
            let (pre, new, post) = (
                decimal(&round["pre_money"]),
                decimal(&round["new_money"]),
                decimal(&round["post_money"]),
            );
            assert_eq!(
                pre + new,
                post,
                "{file}: post-money = pre-money + new money"
            );
            let holders = round["holders"].as_array().expect("holders");
            let ownership: Decimal = holders.iter().map(|h| decimal(&h["ownership"])).sum();
            let value: Decimal = holders.iter().map(|h| decimal(&h["value"])).sum();
            // Each ownership is rounded in the 28th digit; a handful of them add up to 1 within
            // a few units of the last place.
            assert!(
                (ownership - Decimal::ONE).abs() < Decimal::new(1, 25),
                "{file}: ownership sums to {ownership}"
            );
            // With share counts each holder's value is its shares at the round price, and they
            // add up to the post-money at price (price × the fully diluted count); in value
            // terms to the post-money.
            let at_price = &round["post_money_at_price"];
            let total = if at_price.is_null() {
                assert!(round["price_per_share"].is_null(), "{file}: {round}");
                post
            } else {
                let shares: Decimal = holders
                    .iter()
                    .map(|h| decimal(&h["as_converted_shares"]))
                    .sum();
                let price = decimal(&round["price_per_share"]);
                let at_price = decimal(at_price);
                assert!(
                    (at_price - price * shares).abs() < Decimal::new(1, 10),
                    "{file}: post-money at price {at_price}, price × shares {}",
                    price * shares
                );
                at_price
            };
            assert!(
                (value - total).abs() < Decimal::new(1, 10),
                "{file}: values sum to {value}, against {total}"
            );
        }
        let expected = &report["expected"];
        if !expected.is_null() {
            let outcomes = report["outcomes"].as_array().expect("outcomes");
            let weighted = |key: &str| -> Decimal {
                outcomes
                    .iter()
                    .map(|o| decimal(&o["probability"]) * decimal(&o[key]))
                    .sum()
            };
            let probabilities: Decimal = outcomes.iter().map(|o| decimal(&o["probability"])).sum();
            assert_eq!(
                probabilities,
                Decimal::ONE,
                "{file}: outcome probabilities sum to 1"
            );
            // Money figures are whole and probabilities short: these sums are exact.
            assert_eq!(
                decimal(&expected["new_money"]),
                weighted("new_money"),
                "{file}"
            );
            assert_eq!(
                decimal(&expected["post_money"]),
                weighted("post_money"),
                "{file}"
            );
        }
    }
}

/// The announced round, every figure checked by hand from the file's inputs:
/// pre-money 730B; Amazon 50B (15B + 35B when ipo or agi), Nvidia 30B, SoftBank 30B;
/// Microsoft 27%, OpenAI Foundation 26%, employees and other investors 47% before.
#[test]
fn openai_2026_headline_figures() {
    let report = json("scenarios/openai-2026.toml", &[]);
    assert_eq!(report["assumed"]["ipo"], true);
    assert_eq!(report["assumed"]["agi"], true);
    let round = &report["rounds"][0];
    assert_eq!(round["pre_money"], "730000000000");
    // 50 + 30 + 30 = 110; 730 + 110 = 840 (article 001: "approximately $840 billion").
    assert_eq!(round["new_money"], "110000000000");
    assert_eq!(round["post_money"], "840000000000");
    assert_eq!(round["announced_post_money"], "840000000000");
    assert_eq!(round["price_per_share"], Value::Null);
    // 840 / 13 = 64.615384…, to the 28 digits a decimal holds.
    assert_eq!(round["revenue_multiple"], "64.615384615384615384615384615");

    let holders = &round["holders"];
    // Amazon 50/840 = 5/84 = 0.059523809523809523809523809523…, 28 places.
    let amazon = named(holders, "Amazon");
    assert_eq!(amazon["ownership"], "0.0595238095238095238095238095");
    assert_eq!(amazon["invested"], "50000000000");
    assert_eq!(amazon["value"], "50000000000");
    // Microsoft 27% × 730/840 = 197.1/840 = 0.234642857142857142857142857142…
    let microsoft = named(holders, "Microsoft");
    assert_eq!(microsoft["ownership_before"], "0.27");
    assert_eq!(microsoft["ownership"], "0.2346428571428571428571428571");
    assert_eq!(microsoft["value"], "197100000000");
    // Nvidia and SoftBank 30/840 = 1/28 = 0.035714285714285714285714285714…
    for name in ["Nvidia", "SoftBank"] {
        assert_eq!(
            named(holders, name)["ownership"],
            "0.0357142857142857142857142857"
        );
    }
    // The foundation 26% × 730/840 = 189.8/840 = 0.225952380952380952380952380952…
    assert_eq!(
        named(holders, "OpenAI Foundation")["ownership"],
        "0.225952380952380952380952381"
    );
}

#[test]
fn openai_2026_outcomes_and_expected_values() {
    let report = json("scenarios/openai-2026.toml", &[]);
    let outcomes = report["outcomes"].as_array().expect("outcomes");
    // (ipo, agi) in binary counting order, ipo the most significant; probabilities from
    // P(ipo) = 0.5, P(agi) = 0.2: 0.5 × 0.8, 0.5 × 0.2, 0.5 × 0.8, 0.5 × 0.2.
    let expected_rows = [
        (false, false, "0.4", "75000000000", "805000000000"),
        (false, true, "0.1", "110000000000", "840000000000"),
        (true, false, "0.4", "110000000000", "840000000000"),
        (true, true, "0.1", "110000000000", "840000000000"),
    ];
    assert_eq!(outcomes.len(), expected_rows.len());
    for (outcome, (ipo, agi, p, new, post)) in outcomes.iter().zip(expected_rows) {
        assert_eq!(outcome["conditions"]["ipo"], ipo);
        assert_eq!(outcome["conditions"]["agi"], agi);
        assert_eq!(
            decimal(&outcome["probability"]),
            p.parse::<Decimal>().unwrap()
        );
        assert_eq!(outcome["new_money"], new);
        assert_eq!(outcome["post_money"], post);
    }
    // Neither condition: only Amazon's 15B arrives: 730 + 15 + 30 + 30 = 805;
    // Amazon 15/805 = 3/161 = 0.018633540372670807453416149068…,
    // Microsoft 197.1/805 = 0.244844720496894409937888198757…
    let none = &outcomes[0]["holders"];
    assert_eq!(named(none, "Amazon")["invested"], "15000000000");
    assert_eq!(
        named(none, "Amazon")["ownership"],
        "0.0186335403726708074534161491"
    );
    assert_eq!(
        named(none, "Microsoft")["ownership"],
        "0.2448447204968944099378881988"
    );

    let expected = &report["expected"];
    // 0.4 × 75 + 0.6 × 110 = 30 + 66 = 96; 0.4 × 805 + 0.6 × 840 = 322 + 504 = 826.
    assert_eq!(expected["new_money"], "96000000000");
    assert_eq!(expected["post_money"], "826000000000");
    // Amazon: 0.4 × 15/805 + 0.6 × 50/840 = 6/805 + 1/28 = 139/3220 = 0.04316770186335403726…
    // The engine sums four rounded products, so allow a unit in the 28th place.
    let amazon = decimal(&named(&expected["holders"], "Amazon")["ownership"]);
    let exact = Decimal::from(139) / Decimal::from(3220);
    assert!(
        (amazon - exact).abs() <= Decimal::new(1, 28),
        "expected Amazon ownership {amazon}, by hand {exact}"
    );
    // Expected value: 0.4 × 15 + 0.6 × 50 = 36.
    assert_eq!(
        named(&expected["holders"], "Amazon")["value"],
        "36000000000"
    );
}

#[test]
fn openai_2026_commitments() {
    let report = json("scenarios/openai-2026.toml", &[]);
    let commitments = &report["commitments"];
    let aws = named(commitments, "Amazon");
    assert_eq!(aws["amount"], "38000000000");
    assert_eq!(aws["years"], "7");
    assert_eq!(aws["margin"], "0.3");
    assert_eq!(aws["invested"], "50000000000");
    // 50 − 38 = 12.
    assert_eq!(aws["net_flow"], "12000000000");
    // 50 − 0.3 × 38 = 50 − 11.4 = 38.6.
    assert_eq!(aws["economic_cost"], "38600000000");
    // 38.6 ÷ (50/840) = 38.6 × 16.8 = 648.48.
    assert_eq!(aws["implied_post_money"], "648480000000");

    let azure = named(commitments, "Microsoft");
    assert_eq!(azure["amount"], "250000000000");
    assert_eq!(azure["years"], Value::Null);
    // Microsoft puts nothing into this round: 0 − 250 = −250; no margin, no economic cost.
    assert_eq!(azure["invested"], "0");
    assert_eq!(azure["net_flow"], "-250000000000");
    assert_eq!(azure["economic_cost"], Value::Null);
    assert_eq!(azure["implied_post_money"], Value::Null);
}

/// The headline with the contingent tranche unpaid: the $805B case.
#[test]
fn openai_2026_without_the_contingent_tranche() {
    let args = ["--assume", "ipo=false", "--assume", "agi=false"];
    let report = json("scenarios/openai-2026.toml", &args);
    assert_eq!(report["assumed"]["ipo"], false);
    let round = &report["rounds"][0];
    assert_eq!(round["new_money"], "75000000000");
    assert_eq!(round["post_money"], "805000000000");
    // As announced, the round still counts every tranche: 730 + 110.
    assert_eq!(round["announced_post_money"], "840000000000");
    assert_eq!(
        named(&round["holders"], "Amazon")["ownership"],
        "0.0186335403726708074534161491"
    );
    let aws = named(&report["commitments"], "Amazon");
    // 15 − 38 = −23; 15 − 0.3 × 38 = 3.6; 3.6 ÷ (15/805) = 3.6 × 805 / 15 = 193.2.
    assert_eq!(aws["invested"], "15000000000");
    assert_eq!(aws["net_flow"], "-23000000000");
    assert_eq!(aws["economic_cost"], "3600000000");
    assert_eq!(aws["implied_post_money"], "193200000000");

    let table = report_table(&args);
    assert!(
        table.contains("Conditions assumed: ipo = no, agi = no"),
        "{table}"
    );
    assert!(
        table.contains("post-money is $805B realised against $840B announced"),
        "{table}"
    );
}

fn report_table(extra: &[&str]) -> String {
    report("scenarios/openai-2026.toml", "table", extra)
}

/// The display rule on the headline figures: money in B with the decimals it needs, percentages to two
/// places, half away from zero.
#[test]
fn openai_2026_table_rounds_for_display_only() {
    let table = report_table(&[]);
    for figure in [
        "$730B", "$110B", "$840B",   // valuation
        "64.6x",   // 64.615…
        "23.46%",  // Microsoft, 23.4642…
        "5.95%",   // Amazon, 5.9523…
        "$197.1B", // Microsoft's value, 0.27 × 730
        "$805B", "$96B", "$826B", // outcomes and expected values
        "4.32%", // Amazon expected, 4.3167…
        "$12B", "$38.6B", "$648.48B", // commitments: 648.48 exactly, two decimals suffice
        "-$250B",
    ] {
        assert!(table.contains(figure), "{figure} missing from:\n{table}");
    }
    assert!(!table.contains('\x1b'), "NO_COLOR: no escape codes");
    let with_four = report("scenarios/openai-2026.toml", "table", &["--decimals", "4"]);
    assert!(with_four.contains("23.4643%"), "{with_four}");
    assert!(with_four.contains("5.9524%"), "{with_four}");
}

/// What holds for the report of a file with ranges: it names its sources (in the file: the
/// ranges JSON has none), every minimum is at most its maximum, every ownership is a fraction
/// of 1, and the post-money's bounds are at least the new money's.
fn ranges_add_up(file: &str) {
    let text = std::fs::read_to_string(root().join(file)).expect("the file");
    assert!(
        regex::Regex::new(r#"(?m)^sources = \[\s*\n\s*""#)
            .expect("a valid pattern")
            .is_match(&text),
        "{file}: a bundled scenario lists the sources of its figures"
    );
    let report = json(file, &[]);
    let corners = report["corners"].as_array().expect("corners").len();
    assert!(corners >= 2, "{file}: {corners} corners");
    let rows = report["ranges"].as_array().expect("ranges");
    for row in rows {
        let (min, max) = (decimal(&row["min"]), decimal(&row["max"]));
        assert!(min <= max, "{file}: {row}");
        if row["kind"] == "fraction" {
            assert!(min >= Decimal::ZERO && max <= Decimal::ONE, "{file}: {row}");
        }
    }
    let figure = |name: &str| {
        rows.iter()
            .find(|r| r["figure"] == name)
            .unwrap_or_else(|| panic!("{file}: no {name} row"))
    };
    let (post, new) = (figure("post-money"), figure("new money"));
    // In each corner post-money = pre-money + new money ≥ new money, so the bounds keep that.
    assert!(decimal(&post["min"]) >= decimal(&new["min"]), "{file}");
    assert!(decimal(&post["max"]) >= decimal(&new["max"]), "{file}");
}

/// One reading of the terms reported during the talks (article 004): $100B at $830B, read as
/// post-money — the test fixture kept for the commands that read one scenario (the bundled
/// file states the article's ranges; see `ranges`).
#[test]
fn openai_2026_talks_figures() {
    let report = json("tests/fixtures/openai-2026-talks-point.toml", &[]);
    let round = &report["rounds"][0];
    // 830 − (50 + 30 + 20) = 730: the same pre-money as the round later announced.
    assert_eq!(round["pre_money"], "730000000000");
    assert_eq!(round["new_money"], "100000000000");
    assert_eq!(round["post_money"], "830000000000");
    let holders = &round["holders"];
    // Amazon 50/830 = 5/83 = 0.060240963855421686746987951807…
    assert_eq!(
        named(holders, "Amazon")["ownership"],
        "0.0602409638554216867469879518"
    );
    // Microsoft 0.27 × 730/830 = 197.1/830 = 0.237469879518072289156626506024…
    assert_eq!(
        named(holders, "Microsoft")["ownership"],
        "0.237469879518072289156626506"
    );
    // No conditions: one outcome, certain.
    assert_eq!(report["assumed"], serde_json::json!({}));
    let outcomes = report["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0]["probability"], "1");
    assert_eq!(report["commitments"], serde_json::json!([]));
}

/// The README pastes the binary's output; it must stay the real output.
#[test]
fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md exists");
    let headline = report_table(&[]);
    assert!(
        readme.contains(&format!("```text\n{headline}```")),
        "README.md's example is not the current output of `captable report scenarios/openai-2026.toml`; paste this:\n{headline}"
    );
    // The variant is shown up to the end of its cap table.
    let variant = report_table(&["--assume", "ipo=false", "--assume", "agi=false"]);
    let shown = variant
        .split_inclusive('\n')
        .take_while(|line| !line.starts_with("Outcomes"))
        .collect::<String>();
    let shown = shown.trim_end_matches('\n');
    assert!(
        readme.contains(&format!("```text\n{shown}\n```")),
        "README.md's --assume example is not the current output; paste this:\n{shown}"
    );
}

/// Every figure in JSON and CSV is the exact value rounded once: no decimal in `report` (JSON
/// and CSV) or `outcomes` (JSON and CSV) of any bundled scenario ends in a run of 15 or more
/// zeros or nines and a stray digit, the trace of a value computed to a tolerance
/// (2.1250000000000000000000000001 for 2.125, 9.000000000000000000000000003 for 9).
#[test]
fn no_bundled_figure_carries_rounding_noise() {
    let noise = regex::Regex::new(r"(0{15,}|9{15,})[1-9]\d?$").expect("a valid pattern");
    let number = regex::Regex::new(r"-?\d+\.\d+").expect("a valid pattern");
    let mut found = Vec::new();
    for path in bundled() {
        for (command, format) in [
            ("report", "json"),
            ("report", "csv"),
            ("outcomes", "json"),
            ("outcomes", "csv"),
        ] {
            // A file with ranges: `report --ranges` (outcomes are per reading, not reported).
            let args = match (ranged(&path), command) {
                (true, "outcomes") => continue,
                (true, _) => report_command(&path),
                (false, _) => vec![command, path.as_str()],
            };
            let output = Test::new()
                .args(args)
                .args(["--format", format])
                .env("NO_COLOR", "1")
                .run()
                .success();
            for figure in number.find_iter(&output) {
                if noise.is_match(figure.as_str()) {
                    found.push(format!("{path} {command} {format}: {}", figure.as_str()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "figures with rounding noise:\n{}",
        found.join("\n")
    );
}
