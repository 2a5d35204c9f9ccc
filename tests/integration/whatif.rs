//! What-if: `--set`, `extends`, `compare` and `sweep`, run as a user would.
//!
//! Expected figures are worked by hand from the A1 terms (`common::A1`: pre-money $730B; Amazon $50B, Nvidia
//! and SoftBank $30B; Microsoft 27%): e.g. at a $800B pre-money the post-money is 800 + 110 =
//! $910B and Amazon owns 50/910. Quotients are written to 28 decimal places (Python `decimal`,
//! 60-digit precision, quantized to 1e-28).

use std::fs;

use crate::common::{A1, Test, fails, folder, holder, report_json, root};

fn report(args: &[&str]) -> serde_json::Value {
    report_json(A1, args)
}

#[test]
fn set_by_index_changes_the_pre_money() {
    let json = report(&["--set", "round[0].pre_money=800B"]);
    let round = &json["rounds"][0];
    assert_eq!(round["pre_money"], "800000000000");
    assert_eq!(round["post_money"], "910000000000");
    // 50/910
    assert_eq!(
        holder(round, "Amazon")["ownership"],
        "0.0549450549450549450549450549"
    );
}

#[test]
fn set_by_name_changes_one_investment() {
    let json = report(&[
        "--set",
        r#"round["2026 round"].investment["Nvidia"].amount=40B"#,
    ]);
    let round = &json["rounds"][0];
    assert_eq!(round["post_money"], "850000000000");
    // 40/850 and 50/850
    assert_eq!(
        holder(round, "Nvidia")["ownership"],
        "0.0470588235294117647058823529"
    );
    assert_eq!(
        holder(round, "Amazon")["ownership"],
        "0.0588235294117647058823529412"
    );
}

#[test]
fn set_changes_a_probability_and_adds_a_missing_key() {
    let json = report(&[
        "--set",
        "condition.ipo.probability=30%",
        "--set",
        "round[0].date=2026-02-27",
    ]);
    // (ipo, agi) = (false, false): 0.7 × 0.8.
    assert_eq!(json["outcomes"][0]["probability"], "0.56");
    assert_eq!(json["rounds"][0]["date"], "2026-02-27");
}

#[test]
fn a_wrong_set_names_the_argument() {
    let stderr = Test::new()
        .args([
            "report",
            "-",
            "--set",
            r#"round["2026 round"].investment["Amazn"].amount=60B"#,
        ])
        .stdin(A1)
        .env("NO_COLOR", "1")
        .run();
    // A key that leads nowhere is a command-line mistake: exit 2.
    assert_eq!(stderr.code, 2, "{}", stderr.stderr);
    let stderr = stderr.stderr;
    assert!(
        stderr.contains(
            "error[E0025]: --set: `round[\"2026 round\"].investment` has no item named \"Amazn\""
        ),
        "{stderr}"
    );
    assert!(stderr.contains(" --> --set:1:31"), "{stderr}");
    assert!(stderr.contains("did you mean \"Amazon\"?"), "{stderr}");

    let stderr = Test::new()
        .args(["report", "-", "--set", "round[0].pre_money=12x"])
        .stdin(A1)
        .env("NO_COLOR", "1")
        .run()
        .input_error();
    assert!(
        stderr.contains("error[E0005]: `pre_money` is not valid money: 12x\n --> --set:1:20"),
        "{stderr}"
    );
}

/// A base and a variant in a temporary folder.
fn variant_folder(variant: &str) -> tempfile::TempDir {
    folder(&[
        ("base.toml", A1.as_bytes()),
        ("variant.toml", variant.as_bytes()),
    ])
}

#[test]
fn a_variant_changes_only_what_it_names() {
    let dir = variant_folder(
        "extends = \"base.toml\"\n\n[[round]]\nname = \"2026 round\"\n\n[[round.investment]]\ninvestor = \"SoftBank\"\namount = \"20B\"\n",
    );
    let json = Test::new()
        .args(["report", "variant.toml", "--format", "json"])
        .dir(dir.path())
        .run()
        .json();
    let round = &json["rounds"][0];
    // Pre-money and the other investments come from the base: 730 + 50 + 30 + 20 = 830.
    assert_eq!(round["post_money"], "830000000000");
    assert_eq!(
        holder(round, "SoftBank")["ownership"],
        "0.0240963855421686746987951807"
    );
    assert_eq!(json["scenario"]["name"], "OpenAI 2026 funding round");
    // The base is untouched by the run.
    assert_eq!(
        fs::read_to_string(dir.path().join("base.toml")).unwrap(),
        A1
    );
}

#[test]
fn an_error_in_the_base_points_into_the_base() {
    let dir = variant_folder("extends = \"base.toml\"\n");
    fs::write(
        dir.path().join("base.toml"),
        A1.replace("pre_money = \"730B\"", "pre_money = \"730Q\""),
    )
    .unwrap();
    let stderr = Test::new()
        .args(["check", "variant.toml"])
        .dir(dir.path())
        .env("NO_COLOR", "1")
        .run()
        .input_error();
    assert!(stderr.contains(" --> base.toml:30:13"), "{stderr}");
    assert!(stderr.contains("pre_money = \"730Q\""), "{stderr}");
}

#[test]
fn compare_json_is_the_reports_in_order() {
    let base = Test::new()
        .args(["report", "scenarios/openai-2026.toml", "--format", "json"])
        .run()
        .json();
    let variant = Test::new()
        .args([
            "report",
            "scenarios/openai-2026-smaller-softbank.toml",
            "--format",
            "json",
        ])
        .run()
        .json();
    let compared = Test::new()
        .args([
            "compare",
            "scenarios/openai-2026.toml",
            "scenarios/openai-2026-smaller-softbank.toml",
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(
        compared,
        serde_json::json!({ "scenarios": [base, variant] })
    );
}

#[test]
fn compare_table_shows_the_differences() {
    let table = Test::new()
        .args([
            "compare",
            "scenarios/openai-2026.toml",
            "scenarios/openai-2026-smaller-softbank.toml",
            "--format",
            "markdown",
        ])
        .run()
        .success();
    // New money 110 → 100: −$10B, −10/110 = −9.09%.
    assert!(
        table.contains("| New money | $110B | $100B | -$10B | -9.09% |"),
        "{table}"
    );
    // SoftBank 30/840 = 3.57% → 20/830 = 2.41%: −1.16 pp.
    assert!(
        table.contains("| Ownership: SoftBank | 3.57% | 2.41% | -1.16 pp |"),
        "{table}"
    );
}

#[test]
fn compare_needs_two_files() {
    let output = Test::new()
        .args(["compare", "scenarios/openai-2026.toml"])
        .run();
    assert_eq!(output.code, 2, "{}", output.stderr);
}

fn sweep(options: &[(&str, &str)]) -> crate::common::Output {
    Test::new()
        .args(["sweep", "scenarios/openai-2026.toml"])
        .args(options.iter().flat_map(|(flag, value)| [flag, value]))
        .env("NO_COLOR", "1")
        .run()
}

#[test]
fn sweep_csv_has_a_row_per_point_in_grid_order() {
    let csv = sweep(&[
        ("--vary", "round[0].pre_money=600B..900B:100B"),
        ("--metric", "ownership:Amazon"),
        ("--metric", "post_money"),
        ("--format", "csv"),
    ])
    .success();
    assert_eq!(
        csv,
        "round[0].pre_money,ownership:Amazon,post_money\n\
         600000000000,0.0704225352112676056338028169,710000000000\n\
         700000000000,0.0617283950617283950617283951,810000000000\n\
         800000000000,0.0549450549450549450549450549,910000000000\n\
         900000000000,0.0495049504950495049504950495,1010000000000\n"
    );
}

#[test]
fn sweep_two_ways_is_a_sensitivity_table() {
    let markdown = sweep(&[
        ("--vary", "round[0].pre_money=600B..700B:100B"),
        (
            "--vary",
            r#"round[0].investment["Nvidia"].amount=20B..40B:10B"#,
        ),
        ("--metric", "ownership:Amazon"),
        ("--format", "markdown"),
    ])
    .success();
    // Amazon 50 of 600 + 50 + 30 + N: N = 20 → 50/700 = 7.14%, 30 → 50/710 = 7.04%, 40 → 50/720 = 6.94%.
    assert!(
        markdown.contains("| $600B | 7.14% | 7.04% | 6.94% |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| $700B | 6.25% | 6.17% | 6.10% |"),
        "{markdown}"
    );
}

#[test]
fn sweep_agrees_with_report_at_every_point() {
    let csv = sweep(&[
        ("--vary", "round[0].pre_money=650B..950B:150B"),
        ("--vary", "metrics.annual_revenue=10B..20B:10B"),
        ("--metric", "value:Microsoft"),
        ("--format", "csv"),
    ])
    .success();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 6);
    for row in rows {
        let fields: Vec<&str> = row.split(',').collect();
        let json = Test::new()
            .args([
                "report",
                "scenarios/openai-2026.toml",
                "--format",
                "json",
                "--set",
                &format!("round[0].pre_money={}", fields[0]),
            ])
            .run()
            .json();
        assert_eq!(
            holder(&json["rounds"][0], "Microsoft")["value"],
            fields[2],
            "{row}"
        );
    }
}

#[test]
fn sweep_with_three_inputs_writes_csv_rows() {
    let csv = sweep(&[
        ("--vary", "round[0].pre_money=600B..700B:100B"),
        ("--vary", "condition.ipo.probability=0%..100%:50%"),
        (
            "--vary",
            r#"round[0].investment["SoftBank"].amount=10B..30B:10B"#,
        ),
    ])
    .success();
    assert_eq!(csv.lines().count(), 1 + 2 * 3 * 3);
    // The third key holds quotes, so its header cell is quoted as RFC 4180 says.
    assert!(csv.starts_with("round[0].pre_money,condition.ipo.probability,\"round[0].investment[\"\"SoftBank\"\"].amount\",post_money\n"), "{csv}");
    // Last point: 700 + 50 + 30 + 30 = 810.
    assert!(
        csv.ends_with("700000000000,1,30000000000,810000000000\n"),
        "{csv}"
    );
}

#[test]
fn sweep_usage_errors_exit_2() {
    for args in [
        vec![("--vary", "round[0].pre_money=900B..600B:100B")],
        vec![("--vary", "round[0].pre_money=600B..900B")],
        vec![
            ("--vary", "round[0].pre_money=600B..900B:100B"),
            ("--metric", "ownership:Amazn"),
        ],
        vec![
            ("--vary", "round[0].pre_money=600B..900B:100B"),
            ("--round", "Series Z"),
        ],
    ] {
        let output = sweep(&args);
        assert_eq!(output.code, 2, "{args:?}: {}", output.stderr);
    }
}

#[test]
fn sweep_validates_both_ends_of_a_range() {
    // A post-money of $100B is below the round's $110B: the end of the range is not a scenario.
    let output = Test::new()
        .args([
            "sweep",
            "-",
            "--vary",
            "round[0].pre_money=100B..730B:10B",
            "--set",
            "round[0].pre_money=1B",
        ])
        .stdin(&A1.replace("pre_money = \"730B\"", "post_money = \"840B\""))
        .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
}

#[test]
fn every_bundled_file_is_found_by_the_root_helper() {
    assert!(
        root()
            .join("scenarios/openai-2026-smaller-softbank.toml")
            .exists()
    );
}

#[test]
fn a_sweep_of_rounds_with_pools_and_conversions_agrees_with_report() {
    // Each point solves the coupled rounds afresh (the solver's work bound is per point).
    let csv = Test::new()
        .args([
            "sweep",
            "scenarios/startup-seed-to-series-a.toml",
            "--vary",
            "round[0].pre_money=6M..8M:1M",
            "--metric",
            "ownership:Founder A",
            "--format",
            "csv",
        ])
        .run()
        .success();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3);
    for row in rows {
        let (pre, ownership) = row.split_once(',').expect("two columns");
        let json = Test::new()
            .args([
                "report",
                "scenarios/startup-seed-to-series-a.toml",
                "--format",
                "json",
                "--set",
                &format!("round[0].pre_money={pre}"),
            ])
            .run()
            .json();
        let last = json["rounds"]
            .as_array()
            .and_then(|r| r.last())
            .expect("rounds");
        assert_eq!(holder(last, "Founder A")["ownership"], ownership, "{row}");
    }
}

fn startup_sweep(options: &[(&str, &str)]) -> crate::common::Output {
    Test::new()
        .args(["sweep", "scenarios/startup-seed-to-series-a.toml"])
        .args(options.iter().flat_map(|(flag, value)| [flag, value]))
        .env("NO_COLOR", "1")
        .run()
}

#[test]
fn a_range_wider_than_a_decimal_is_an_error_not_a_panic() {
    // TO − FROM = 1.4e29 is beyond the largest decimal (2^96 − 1 ≈ 7.92e28): this panicked
    // with "Subtraction overflowed" (exit 101). The first value is a negative pre-money, which
    // the scenario refuses: that is reported first, at the point it happens.
    let stderr = fails(
        startup_sweep(&[(
            "--vary",
            "round[0].pre_money=-70000000000000000000000000000..70000000000000000000000000000:1",
        )]),
        1,
    );
    assert!(
        stderr.starts_with(
            "at the first point of the sweep, round[0].pre_money=-70000000000000000000000000000:\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("`pre_money` is negative"), "{stderr}");
    // From zero up (a pre-money of 1 is valid) the range is counted exactly: 7e28 ÷ 1 + 1
    // values, far over the limit.
    let stderr = fails(
        startup_sweep(&[(
            "--vary",
            "round[0].pre_money=1..70000000000000000000000000000:1",
        )]),
        2,
    );
    assert!(
        stderr.contains("--vary round[0].pre_money=1..70000000000000000000000000000:1: the range has 70000000000000000000000000000 values, more than the 50000000 allowed; use a larger STEP"),
        "{stderr}"
    );
}

#[test]
fn bad_steps_and_point_counts_are_usage_errors_naming_the_argument() {
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("--vary", "round[0].pre_money=6M..8M:0")],
            "--vary round[0].pre_money=6M..8M:0: STEP must be more than zero",
        ),
        (
            &[("--vary", "round[0].pre_money=6M..8M:-1M")],
            "--vary round[0].pre_money=6M..8M:-1M: STEP must be more than zero",
        ),
        // 1 to 2 in steps of 10^-28: 10^28 + 1 values (the quotient needs no rounding).
        (
            &[(
                "--vary",
                "round[0].pre_money=1..2:0.0000000000000000000000000001",
            )],
            "the range has 10000000000000000000000000001 values, more than the 50000000 allowed",
        ),
        // 10^28 at one decimal is a 30-digit mantissa: the values are not decimals.
        (
            &[(
                "--vary",
                "round[0].pre_money=10000000000000000000000000000..10000000000000000000000000001:0.5",
            )],
            "the values do not fit in a 28-digit decimal at 1 decimals",
        ),
        // 7,001 × 7,001 = 49,014,001 points fit; 7,072 × 7,072 = 50,013,184 do not.
        (
            &[
                ("--vary", "round[0].pre_money=1M..1.007071M:1"),
                ("--vary", "round[1].pre_money=40M..40.007071M:1"),
            ],
            "the grid has more than 50000000 points",
        ),
        // 30,000,001 points × 4 metrics = 120,000,004 figures > 100,000,000.
        (
            &[
                ("--vary", "round[0].pre_money=1M..31M:1"),
                ("--metric", "post_money"),
                ("--metric", "pre_money"),
                ("--metric", "new_money"),
                ("--metric", "post_money"),
            ],
            "30000001 points × 4 metrics is more than 100000000 figures",
        ),
    ];
    for (args, expected) in cases {
        let stderr = fails(startup_sweep(args), 2);
        assert!(stderr.contains(expected), "{args:?}:\n{stderr}");
    }
}

#[test]
fn a_range_whose_next_value_would_overflow_still_has_its_values() {
    // 6M + (2^96 − 1) overflows, but that sum is past TO: the range is the one value 6M
    // (before, adding STEP after the last value failed with "the range overflows").
    let csv = startup_sweep(&[
        (
            "--vary",
            "round[0].pre_money=6M..79228162514264337593543950335:79228162514264337593543950335",
        ),
        ("--metric", "pre_money"),
        ("--round", "Seed"),
        ("--format", "csv"),
    ])
    .success();
    assert_eq!(csv, "round[0].pre_money,pre_money\n6000000,6000000\n");
}

#[test]
fn a_failing_point_is_named_and_nothing_is_written() {
    // The lead's amount at the largest decimal, 2^96 − 1: the Series A cannot be computed
    // (its new money alone is that plus the seed fund's pro-rata). The grid is 3 × 2, the
    // failing points are every second one; the first in grid order is (6M, 2^96 − 1), whichever
    // thread finishes first. Before, a failing worker's error could be dropped.
    let dir = folder(&[("sweep.csv", b"before\n")]);
    let out = dir.path().join("sweep.csv");
    let stderr = fails(
        startup_sweep(&[
            ("--vary", "round[0].pre_money=6M..8M:1M"),
            (
                "--vary",
                r#"round[1].investment["Series A Lead"].amount=10M..79228162514264337593543950335:79228162514264337593533950335"#,
            ),
            ("--format", "csv"),
            ("--output", out.to_str().expect("UTF-8 path")),
        ]),
        1,
    );
    assert!(
        stderr.starts_with(
            "at round[0].pre_money=6000000, round[1].investment[\"Series A Lead\"].amount=79228162514264337593543950335:\nerror[E0021]: cannot compute "
        ),
        "{stderr}"
    );
    assert!(stderr.contains(r#"in round "Series A""#), "{stderr}");
    assert_eq!(fs::read_to_string(&out).expect("still there"), "before\n");
    assert_eq!(fs::read_dir(dir.path()).expect("listing").count(), 1);
}

#[test]
fn a_large_csv_sweep_is_streamed_complete_and_in_grid_order() {
    // 20,000 points: several chunks, computed by several threads and written as they come.
    // Every row's post-money is its pre-money plus the round's $110B (Amazon $50B, Nvidia and
    // SoftBank $30B each), checked here by integer arithmetic.
    let args = [
        ("--vary", "round[0].pre_money=600B..619.999B:1M"),
        ("--metric", "post_money"),
        ("--format", "csv"),
    ];
    let mut expected = String::from("round[0].pre_money,post_money\n");
    for i in 0..20_000_u64 {
        let pre = 600_000_000_000 + i * 1_000_000;
        expected.push_str(&format!("{pre},{}\n", pre + 110_000_000_000));
    }
    assert_eq!(sweep(&args).success(), expected);
    // The same bytes to a file (through its temporary file, renamed when complete).
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("sweep.csv");
    let path = out.to_str().expect("UTF-8 path");
    sweep(&[&args[..], &[("--output", path)]].concat()).success();
    assert_eq!(fs::read_to_string(&out).expect("written"), expected);
}

#[test]
fn a_point_failing_after_rows_were_streamed_leaves_the_output_untouched() {
    // Nvidia's amount takes two values, the second the largest decimal (2^96 − 1), so that
    // the round's new money overflows; the pre-money 10,000. The first 10,000 points compute
    // (their rows are streamed to the temporary file, in more than one chunk) and the point
    // 10,001, (2^96 − 1, $600B), is the first to fail: it is named, the existing file keeps
    // its contents and no temporary file is left.
    let dir = folder(&[("sweep.csv", b"before\n")]);
    let out = dir.path().join("sweep.csv");
    let stderr = fails(
        sweep(&[
            (
                "--vary",
                r#"round[0].investment["Nvidia"].amount=30B..79228162514264337593543950335:79228162514264337563543950335"#,
            ),
            ("--vary", "round[0].pre_money=600B..609.999B:1M"),
            ("--format", "csv"),
            ("--output", out.to_str().expect("UTF-8 path")),
        ]),
        1,
    );
    assert!(
        stderr.starts_with(
            "at round[0].investment[\"Nvidia\"].amount=79228162514264337593543950335, round[0].pre_money=600000000000:\nerror[E0021]: cannot compute new money"
        ),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&out).expect("still there"), "before\n");
    assert_eq!(fs::read_dir(dir.path()).expect("listing").count(), 1);
}

/// `--vary` shows a value as the key table's kind of its key (src/scenario/keys.rs), found by
/// the whole path: a warrant's `coverage` written 0.05 is the fraction 5.00%, not $0.05 (the
/// guess from the key's last word took every key it did not list as money).
#[test]
fn sweep_shows_a_varied_fraction_as_a_percentage() {
    let table = Test::new()
        .args(["sweep", "tests/fixtures/keys/every-key.toml"])
        .args(["--vary", "holder[4].coverage=0.05..0.1:0.05"])
        .args(["--metric", "post_money", "--format", "markdown"])
        .env("NO_COLOR", "1")
        .run()
        .success();
    assert!(table.contains("\n| 5.00% | "), "{table}");
    assert!(table.contains("\n| 10.00% | "), "{table}");
}
