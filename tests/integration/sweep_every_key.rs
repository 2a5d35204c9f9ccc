//! `sweep` against `report` for every numeric key of the key table: each key written in the
//! every-key fixtures is swept over three values, and every figure of the sweep at each point
//! must equal the figure `report --set KEY=VALUE` gives there. `report` is the ordinary load →
//! validate → engine path, an oracle independent of the sweep's slots: an input the sweep
//! writes into the model by hand (`engine::sweep::visit_slots`) but that also moves a field
//! the slots miss would show here as a stale figure.

use captable::scenario::keys::{Kind, SECTIONS};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Test, holder};

const FIXTURES: [&str; 2] = [
    "tests/fixtures/keys/every-key.toml",
    "tests/fixtures/keys/every-key-stakes.toml",
];

/// The `--set` path of the first item of section `path` (`round.investment`) in `table` that
/// writes `key`, and the value written there.
fn find(table: &toml::Table, path: &[&str], key: &str, at: String) -> Option<(String, Decimal)> {
    let Some((section, rest)) = path.split_first() else {
        return table
            .get(key)
            .and_then(number)
            .map(|v| (format!("{at}{key}"), v));
    };
    match table.get(*section)? {
        toml::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            find(item.as_table()?, rest, key, format!("{at}{section}[{i}]."))
        }),
        // A table holding the key (`[metrics]`) or a table of named tables (`[class.NAME]`).
        toml::Value::Table(inner) if rest.is_empty() && inner.contains_key(key) => {
            find(inner, rest, key, format!("{at}{section}."))
        }
        toml::Value::Table(named) => named.iter().find_map(|(name, item)| {
            find(
                item.as_table()?,
                rest,
                key,
                format!("{at}{section}.{name}."),
            )
        }),
        _ => None,
    }
}

/// A number as the fixtures write it: `9_000_000`, `"10M"`, `"20%"`, `"3x"`.
fn number(value: &toml::Value) -> Option<Decimal> {
    match value {
        toml::Value::Integer(n) => Some(Decimal::from(*n)),
        toml::Value::Float(f) => f.to_string().parse().ok(),
        toml::Value::String(text) => {
            let text = text.trim();
            match text.strip_suffix('%') {
                Some(p) => captable::scenario::value::parse_signed_amount(p)
                    .ok()
                    .map(|v| v / Decimal::ONE_HUNDRED),
                None => captable::scenario::value::parse_signed_amount(
                    text.strip_suffix('x').unwrap_or(text),
                )
                .ok(),
            }
        }
        _ => None,
    }
}

fn numeric(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Money
            | Kind::MoneyOrRange
            | Kind::Price
            | Kind::Shares
            | Kind::Fraction
            | Kind::SharesOrFraction
            | Kind::Multiple
            | Kind::Years
    )
}

/// The figure of `metric` after the last round of `report`'s JSON (`None` for a null).
fn figure(report: &Value, metric: &str) -> Option<Decimal> {
    let round = report["rounds"].as_array()?.last()?;
    let value = match metric.split_once(':') {
        Some((field, name)) => &holder(round, name)[field],
        None => &round[metric],
    };
    value.as_str().map(|t| t.parse().expect("a decimal"))
}

#[test]
fn every_numeric_key_sweeps_to_the_figures_report_gives() {
    let mut compared = Vec::new();
    let mut refused = Vec::new();
    for fixture in FIXTURES {
        let text = std::fs::read_to_string(crate::common::root().join(fixture)).expect("fixture");
        let table: toml::Table = text.parse().expect("TOML");
        let base = Test::new().args(["report", fixture, "--format", "json"]);
        let base = base.run().json();
        let names: Vec<String> = base["rounds"]
            .as_array()
            .expect("rounds")
            .last()
            .expect("a round")["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .map(|h| h["name"].as_str().expect("a name").to_string())
            .collect();
        let mut metrics: Vec<String> = ["post_money", "pre_money", "new_money", "price_per_share"]
            .map(String::from)
            .to_vec();
        metrics.extend(names.iter().map(|name| format!("ownership:{name}")));
        // A holding's value by the report's one rule (`engine::captable::value_after`).
        metrics.extend(names.iter().map(|name| format!("value:{name}")));
        for section in SECTIONS {
            let path: Vec<&str> = section.path.split('.').filter(|s| !s.is_empty()).collect();
            for key in section.keys.iter().filter(|k| numeric(&k.kind)) {
                let Some((set, v)) = find(&table, &path, key.name, String::new()) else {
                    continue;
                };
                if compared.iter().chain(&refused).any(|k: &String| *k == set) || v.is_zero() {
                    continue;
                }
                // Three values: 80%, 90% and 100% of the fixture's.
                let tenth = v / Decimal::TEN;
                let values = [tenth * Decimal::from(8), tenth * Decimal::from(9), v];
                let vary = format!(
                    "{set}={}..{}:{}",
                    values[0].normalize(),
                    values[2].normalize(),
                    tenth.normalize()
                );
                let mut args = vec!["sweep", fixture, "--vary", &vary, "--format", "csv"];
                for m in &metrics {
                    args.extend(["--metric", m]);
                }
                let swept = Test::new().args(&args).run();
                let reports: Vec<_> = values
                    .iter()
                    .map(|value| {
                        let at = format!("{set}={}", value.normalize());
                        Test::new()
                            .args(["report", fixture, "--format", "json", "--set", &at])
                            .run()
                    })
                    .collect();
                if swept.code != 0 {
                    // A value the file cannot take (tranches no longer summing to the
                    // investment): report refuses it too.
                    assert!(
                        reports.iter().any(|r| r.code != 0),
                        "sweep of {vary} failed but report takes every point:\n{}",
                        swept.stderr
                    );
                    refused.push(set);
                    continue;
                }
                let rows: Vec<&str> = swept.stdout.lines().skip(1).collect();
                assert_eq!(rows.len(), 3, "{vary}: {}", swept.stdout);
                for (row, report) in rows.iter().zip(reports) {
                    let report = report.json();
                    let cells: Vec<&str> = row.split(',').skip(1).collect();
                    for (metric, cell) in metrics.iter().zip(cells) {
                        let swept: Option<Decimal> =
                            (!cell.is_empty()).then(|| cell.parse().expect("a decimal"));
                        assert_eq!(
                            swept,
                            figure(&report, metric),
                            "{metric} in the sweep of {vary}, at the row {row}"
                        );
                    }
                }
                compared.push(set);
            }
        }
    }
    eprintln!("compared: {compared:?}\nrefused by both: {refused:?}");
    // Every numeric key of the table is written in one of the fixtures (keys_tests.rs); most
    // take the three values.
    assert!(
        compared.len() >= 30,
        "only {} keys compared",
        compared.len()
    );
}

/// The file is read once: a sweep of standard input (which can be read only once) runs. It
/// used to read its file at the first point, the last and once per `--vary`, and failed at the
/// second read of standard input.
#[test]
fn a_sweep_reads_standard_input_once() {
    let path = crate::common::root().join("scenarios/openai-2026.toml");
    let csv = Test::new()
        .args(["sweep", "-", "--vary", "round[0].pre_money=600B..700B:50B"])
        .args(["--format", "csv"])
        .stdin_file(&path)
        .run()
        .success();
    // The round's new money is 50B + 30B + 30B = 110B (the file's three investments, the
    // contingent tranche assumed paid): post-money = pre-money + 110B.
    assert_eq!(
        csv,
        "round[0].pre_money,post_money\n600000000000,710000000000\n650000000000,760000000000\n700000000000,810000000000\n"
    );
}

/// A varied key is shown in its own kind, from the key table: a preference is a multiple and a
/// seniority a plain number, never money ("$1.50" for a 1.5× preference).
#[test]
fn a_varied_multiple_or_number_is_not_shown_as_money() {
    for (vary, shown) in [
        // Multiples as every table shows them (`format::multiple`: one decimal).
        (
            "class.series_a.preference=1..2:0.5",
            ["1.0x", "1.5x", "2.0x"],
        ),
        ("class.series_a.seniority=1..3:1", ["1", "2", "3"]),
    ] {
        let out = Test::new()
            .args([
                "sweep",
                "scenarios/exit-three-classes.toml",
                "--vary",
                vary,
                "--format",
                "markdown",
            ])
            .run()
            .success();
        let firsts: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| class.") && !l.contains("---"))
            .filter_map(|l| l.split('|').nth(1).map(str::trim))
            .collect();
        assert_eq!(firsts, shown, "{vary}:\n{out}");
        assert!(!out.contains("$1.50"), "{vary}:\n{out}");
    }
}
