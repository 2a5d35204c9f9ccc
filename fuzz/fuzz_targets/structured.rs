//! Structure-aware fuzz target: libFuzzer's bytes are read by `arbitrary` as a typed scenario
//! description (`fuzz/generator/scenario.rs`) that is valid by construction — holders with
//! shares or stakes, classes, rounds priced by pre- or post-money or per share, tranches with
//! `when`, pools, SAFEs and notes, pro-rata, commitments, exits — with values from tiny to
//! near 10^27, rendered to TOML and run through what every command computes and renders:
//!
//! - `report` and `outcomes`: `report::build` under the headline state and one other, each
//!   view in every format (`commands::report::render`);
//! - `compare`: the file against itself (`sections::compare`, and JSON);
//! - `sweep`: the command itself (`commands::sweep::run`) over one key the file writes, three
//!   points, with the file in a private folder under /dev/shm (or the temporary folder);
//! - `exit`: the waterfall at the file's exits and at several values (0, one cent, the last
//!   post-money, one chosen by the input, the largest amount), its renderings and chart;
//! - `memo`: `Memo::build`, with the dilution bridges (`captable::report::bridge::bridges`,
//!   rendered by `captable::render::memo_bridge::build`) and the file's exits (`with_exits`),
//!   its Markdown, HTML and files (with human and exact numbers);
//! - `report --bridge`: `report::bridge::attach`, then the report in every format, when every
//!   the bridges run rounds at most 16 to 128 times in all (2^causes times each round);
//! - `exit` with probabilities: `report::waterfall::waterfall`, which adds the expected payouts
//!   (per condition outcome when every condition has a probability);
//! - `report --ranges` and the memo of a file with ranges: every corner computed,
//!   `report::ranges::bounds`, the table in every format and JSON, `Memo::from_ranges`; the
//!   rest then runs on the first corner (a valid scenario), but the sweep (which refuses ranges);
//! - `export ocf` (share counts): `commands::export::package_files` as given and after each
//!   round, in memory; every file must be JSON.
//!
//! A computation error (overflow, the solver's limit, an exit that cannot be paid) is an
//! acceptable outcome; a panic is a bug in `src/`. A generated file that fails validation is a
//! generator bug (or a validator bug): it is counted, and with `CAPTABLE_FUZZ_STRICT=1` it
//! panics with the file and the diagnostics. The share of valid inputs is printed to standard
//! error every 2^k inputs. See docs/fuzzing.md.

#![no_main]

#[path = "../generator/scenario.rs"]
mod generator;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use arbitrary::Arbitrary;
use captable::cli::{Format, Overrides, RenderOptions, SweepArgs};
use captable::commands::report::{View, render};
use captable::diagnostic::{self, Sources};
use captable::engine::{CapTable, rounds};
use captable::render::memo::Memo;
use captable::render::{Document, Style};
use captable::report::exit::{self, ExitInput};
use captable::report::sections::{self, Numbers};
use captable::scenario::LoadedCorner;
use captable::scenario::model::Basis;
use captable::{report, scenario};
use generator::{Description, SweepValue};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

const NAME: &str = "structured.toml";
const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];

#[derive(Arbitrary, Debug)]
struct Input {
    scenario: Description,
    /// Percent decimals (reduced to 0–12) and colour.
    decimals: u8,
    color: bool,
    /// A second condition state.
    state: u32,
    /// The sweep: which key, which metric, which format.
    sweep_key: u8,
    sweep_metric: u8,
    sweep_format: u8,
    /// An exit value in cents.
    exit_cents: u128,
    /// The most runs of rounds the bridges may take for them to be computed: 2^(4..7).
    bridge_budget: u8,
    /// The file's exits also as with `--assume` (the conditions keep their assumed values).
    assumed_exits: bool,
}

static INPUTS: AtomicU64 = AtomicU64::new(0);
static VALID: AtomicU64 = AtomicU64::new(0);
static COMPUTED: AtomicU64 = AtomicU64::new(0);

fn strict() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("CAPTABLE_FUZZ_STRICT").is_some_and(|v| v == "1"))
}

/// A private folder for the sweep's file and output.
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("captable-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder for the sweep");
        dir
    })
}

fn tally(valid: bool, computed: bool) {
    let n = INPUTS.fetch_add(1, Ordering::Relaxed) + 1;
    let v = VALID.fetch_add(u64::from(valid), Ordering::Relaxed) + u64::from(valid);
    let c = COMPUTED.fetch_add(u64::from(computed), Ordering::Relaxed) + u64::from(computed);
    if n.is_power_of_two() && n >= 64 {
        eprintln!(
            "structured: {n} inputs, {v} valid ({:.2}%), {c} computed without error ({:.2}%)",
            100.0 * v as f64 / n as f64,
            100.0 * c as f64 / n as f64
        );
    }
}

/// The runs of rounds the dilution bridges of `scenario` take: Σ 2^causes over the rounds,
/// with a round's causes counted as the engine counts them (each investment, secondary and
/// conversion, the pool top-up, anti-dilution when some class has it, the grants together; at
/// most 12, above which the engine groups the smallest).
pub fn bridge_runs(scenario: &captable::scenario::Scenario) -> u64 {
    let anti_dilution = scenario
        .classes
        .iter()
        .any(|c| c.anti_dilution != captable::scenario::model::AntiDilution::None);
    scenario
        .rounds
        .iter()
        .map(|round| {
            let causes = round.investments.len()
                + round.secondaries.len()
                + round.conversions.len()
                + usize::from(round.pool.is_some())
                + usize::from(anti_dilution)
                + usize::from(!round.grants.is_empty());
            1_u64 << causes.min(12)
        })
        .sum()
}

/// `report --ranges` and the memo of a file with ranges, as the CLI computes them.
fn ranges(corners: &[LoadedCorner], decimals: u32, color: bool) {
    let mut reports = Vec::with_capacity(corners.len());
    for corner in corners {
        let scenario = &corner.loaded.scenario;
        match report::build(scenario, scenario.assumed_state()) {
            Ok(report) => reports.push(report),
            Err(_) => return,
        }
    }
    let readings: Vec<Vec<String>> = corners.iter().map(|c| c.reading.clone()).collect();
    let ends: Vec<_> = corners.iter().map(|c| c.ends.clone()).collect();
    let rows = report::ranges::bounds(&reports);
    let (Some(first), Some(corner)) = (reports.first(), corners.first()) else {
        return;
    };
    let doc = Document::new(
        first.currency.clone(),
        |n| vec![report::ranges::section(&rows, &readings, n)],
        || captable::render::json::to_string(&report::ranges::json(first, &rows, &readings)),
    )
    .preamble(vec![first.name.clone()])
    .classes(&first.class_titles);
    let style = Style {
        decimals,
        money_decimals: None,
        color,
        long: false,
    };
    for format in FORMATS {
        let _ = captable::render::render(&doc, format, &style);
    }
    let Ok(together) = report::ranges::together(&reports) else {
        return;
    };
    let view = captable::render::memo_ranges::Corners {
        reports: &reports,
        ends: &ends,
        together: &together,
    };
    let human =
        Numbers::human(decimals, first.currency.clone(), None).with_classes(&first.class_titles);
    for numbers in [human, Numbers::Exact] {
        let scenario = &corner.loaded.scenario;
        if let Some(memo) = Memo::from_ranges(
            scenario,
            &view,
            (&rows, &readings),
            &numbers,
            (decimals, !scenario.exits.is_empty()),
        ) {
            let _ = memo.markdown();
            let _ = memo.html();
            let _ = memo.files();
        }
    }
}

fuzz_target!(|input: Input| {
    let rendered = input.scenario.render();
    let mut sources = Sources::default();
    let read = if rendered.ranges {
        scenario::load_ranges_text(NAME, rendered.text.clone(), &mut sources)
    } else {
        scenario::load_text(NAME, rendered.text.clone(), &mut sources).map(|loaded| {
            vec![LoadedCorner {
                reading: Vec::new(),
                ends: Vec::new(),
                loaded,
            }]
        })
    };
    let mut corners = match read {
        Ok(corners) if !corners.is_empty() => corners,
        Ok(_) => {
            tally(false, false);
            if strict() {
                panic!("generated scenario has no corner:\n{}", rendered.text);
            }
            return;
        }
        Err(diagnostics) => {
            tally(false, false);
            if strict() {
                panic!(
                    "generated scenario is invalid:\n{}\n{}",
                    rendered.text,
                    diagnostic::render(&diagnostics, &sources, false)
                );
            }
            return;
        }
    };
    let decimals = u32::from(input.decimals % 13);
    let color = input.color;
    if corners.len() > 1 {
        ranges(&corners, decimals, color);
    }
    // The rest on the first corner (the only one of a file without ranges).
    let loaded = corners.swap_remove(0).loaded;
    let _ = diagnostic::render(&loaded.warnings, &sources, false);
    let scenario = &loaded.scenario;
    let headline = scenario.assumed_state();
    let mask = (1_u32 << scenario.conditions.len()) - 1;

    // report and outcomes, under the headline state and another one.
    let report = match report::build(scenario, headline) {
        Ok(report) => report,
        Err(error) => {
            tally(true, false);
            let text =
                captable::commands::computation_error(NAME, &loaded, error, &sources).to_string();
            // CAPTABLE_FUZZ_ERRORS=1: each computation error's first line, to see why inputs
            // stop there (`sort | uniq -c` over standard error); 2: each error with its file.
            // CAPTABLE_FUZZ_ERRORS=2: with the file.
            match std::env::var("CAPTABLE_FUZZ_ERRORS").as_deref() {
                Ok("1") => eprintln!("computation error: {}", text.lines().next().unwrap_or("")),
                Ok("2") => eprintln!("computation error: {text}\n{}", rendered.text),
                _ => {}
            }
            return;
        }
    };
    tally(true, true);
    for view in [View::Report, View::Outcomes] {
        for format in FORMATS {
            let long = format == Format::Csv && decimals % 2 == 0;
            let _ = render(&report, view, (format, long), (decimals, None), color);
        }
    }
    let other = captable::scenario::ConditionSet::from_bits(input.state & mask);
    if other != headline
        && let Ok(report) = report::build(scenario, other)
    {
        let _ = render(
            &report,
            View::Report,
            (FORMATS[(input.decimals % 4) as usize], false),
            (decimals, None),
            color,
        );
    }

    // report --bridge, when its work is bounded.
    // Each run of a round can take milliseconds (a coupled round's fixed point), and 2^12 runs
    // of one round seconds: see docs/fuzzing.md.
    let bridged = bridge_runs(scenario) <= 1 << (4 + input.bridge_budget % 4);
    if bridged {
        let mut with_bridges = report.clone();
        match report::bridge::attach(scenario, headline, &mut with_bridges) {
            Ok(()) => {
                for format in FORMATS {
                    let _ = render(
                        &with_bridges,
                        View::Report,
                        (format, false),
                        (decimals, None),
                        color,
                    );
                }
            }
            Err(error) => {
                let _ = captable::commands::computation_error(NAME, &loaded, error, &sources)
                    .to_string();
            }
        }
    }

    // export ocf: as given, and after each round.
    if scenario.basis == Basis::Shares {
        let rounds = scenario.rounds.len();
        for round in std::iter::once(None).chain((0..rounds).map(Some)) {
            // An overflow is an error the export reports; a package it writes must be JSON.
            let files = captable::commands::export::package_files(scenario, &report, round);
            for (name, bytes) in files.unwrap_or_default() {
                if name.ends_with(".json")
                    && let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes)
                {
                    panic!(
                        "export ocf wrote {name}, which is not JSON ({e}):\n{}",
                        String::from_utf8_lossy(&bytes)
                    );
                }
            }
        }
    }

    // compare: the file with itself.
    let numbers = Numbers::human(decimals, report.currency.clone(), None);
    let labels = vec!["A".to_string(), "B".to_string()];
    let both = [report.clone(), report.clone()];
    let section = sections::compare(&both, &labels, &numbers);
    let footer = sections::rounding_note(decimals, None);
    let _ =
        captable::render::table::render(&[], std::slice::from_ref(&section), Some(&footer), color);
    let _ = captable::render::markdown::render(&[], &[section], Some(&footer));
    let _ = captable::render::csv::render(&[sections::compare(&both, &labels, &Numbers::Exact)]);
    let _ = captable::render::json::to_string(&serde_json::json!({
        "scenarios": both.iter().map(report::json::report).collect::<Vec<_>>()
    }));

    // exit at the file's exits, as `exit FILE` and the memo compute them (with the expected
    // payouts when the exits have probabilities), and once as with `--assume`.
    let file_exits: Vec<ExitInput> = scenario.exits.iter().map(ExitInput::from).collect();
    let mut memo_exits = None;
    if !file_exits.is_empty() {
        for assumed in [false, true] {
            if assumed && !input.assumed_exits {
                continue;
            }
            let (table, waterfall) = match captable::report::waterfall::waterfall(
                scenario,
                &file_exits,
                headline,
                assumed,
            ) {
                Ok(computed) => computed,
                Err(error) => {
                    let _ = captable::commands::exit::waterfall_error(
                        NAME,
                        &loaded,
                        error,
                        &file_exits,
                        &sources,
                    )
                    .to_string();
                    continue;
                }
            };
            let _ = captable::render::json::to_string(&exit::json(&waterfall));
            let human = Numbers::human(decimals, waterfall.currency.clone(), None);
            let _ = captable::render::table::render(
                &[],
                &exit::sections(&waterfall, &human),
                None,
                color,
            );
            let _ = captable::render::csv::render(&exit::sections(&waterfall, &Numbers::Exact));
            if let Ok(curve) = exit::payout_curve(scenario, &table, &waterfall, &file_exits)
                && let Ok(chart) = captable::render::chart::svg(&waterfall, &curve)
                && !assumed
            {
                memo_exits = Some((waterfall, chart));
            }
        }
    }

    // memo: with the bridges (when bounded) and the file's exits.
    for (k, numbers) in [numbers.clone(), Numbers::Exact].into_iter().enumerate() {
        let mut memo = Memo::build(scenario, &report, &numbers, decimals);
        if bridged && k == 0 {
            match captable::report::bridge::bridges(scenario, headline, report.rounds.len()) {
                Ok(all) => {
                    memo = memo.with_bridges(captable::render::memo_bridge::build(
                        scenario, &report, &all, &numbers, decimals,
                    ))
                }
                Err(_) => continue,
            }
        }
        if let Some((waterfall, chart)) = &memo_exits {
            memo = memo.with_exits(waterfall, chart.clone(), &numbers, true);
        }
        let _ = memo.markdown();
        let _ = memo.html();
        let _ = memo.files();
    }

    // exit: the file's exits, and several values.
    let mut table = CapTable::initial(scenario);
    if rounds::run(scenario, headline, &mut table, |_, _, _| Ok(())).is_ok() {
        let mut exits: Vec<ExitInput> = file_exits.clone();
        let post_money = report
            .rounds
            .last()
            .map_or(Decimal::ZERO, |r| r.post_money.round_dp(2));
        let chosen = Decimal::from_i128_with_scale(
            (input.exit_cents % (generator::MAX_MANTISSA + 1)) as i128,
            2,
        );
        let values = [
            Decimal::ZERO,
            Decimal::new(1, 2),
            post_money,
            chosen,
            Decimal::MAX,
        ];
        let sets: Vec<Vec<ExitInput>> = if exits.is_empty() {
            vec![
                values
                    .iter()
                    .map(|v| ExitInput {
                        name: v.to_string(),
                        value: *v,
                        date: None,
                        probability: None,
                        when: None,
                    })
                    .collect(),
            ]
        } else {
            let file = std::mem::take(&mut exits);
            vec![
                file,
                values
                    .iter()
                    .map(|v| ExitInput {
                        name: v.to_string(),
                        value: *v,
                        date: None,
                        probability: None,
                        when: None,
                    })
                    .collect(),
            ]
        };
        for exits in sets {
            let Ok(waterfall) = exit::build(scenario, &table, &exits) else {
                continue;
            };
            let _ = captable::render::json::to_string(&exit::json(&waterfall));
            let human = Numbers::human(decimals, waterfall.currency.clone(), None);
            let _ = captable::render::table::render(
                &[],
                &exit::sections(&waterfall, &human),
                None,
                color,
            );
            let _ =
                captable::render::markdown::render(&[], &exit::sections(&waterfall, &human), None);
            let _ = captable::render::csv::render(&exit::sections(&waterfall, &Numbers::Exact));
            if let Ok(curve) = exit::payout_curve(scenario, &table, &waterfall, &exits) {
                let _ = captable::render::chart::svg(&waterfall, &curve);
            }
        }
    }

    // sweep: the command, over one key of the file, three points (not with ranges, which it
    // refuses).
    if rendered.sweep_keys.is_empty() || rendered.ranges {
        return;
    }
    let (key, value) =
        &rendered.sweep_keys[usize::from(input.sweep_key) % rendered.sweep_keys.len()];
    let range = match *value {
        SweepValue::Number(m, scale) => {
            let from = Decimal::from_i128_with_scale(m as i128, scale);
            let step = (from / Decimal::TWO).max(Decimal::new(1, scale));
            let to = from
                .checked_add(step)
                .and_then(|v| v.checked_add(step))
                .unwrap_or(from);
            format!("{from}..{to}:{step}")
        }
        SweepValue::Fraction(bps) => {
            let from = bps / 2;
            let to = from + (10_000 - from) / 2;
            let step = ((to - from) / 2).max(1);
            format!(
                "{}%..{}%:{}%",
                Decimal::new(i64::from(from), 2),
                Decimal::new(i64::from(to), 2),
                Decimal::new(i64::from(step), 2)
            )
        }
    };
    let metrics = ["post_money", "pre_money", "new_money", "price_per_share"];
    let mut metric = vec![metrics[usize::from(input.sweep_metric) % 4].to_string()];
    if !rendered.parties.is_empty() {
        let party = &rendered.parties[usize::from(input.sweep_metric / 4) % rendered.parties.len()];
        metric.push(format!(
            "{}:{party}",
            ["ownership", "value", "invested"][usize::from(input.sweep_metric / 64) % 3]
        ));
    }
    let dir = folder();
    let file = dir.join("scenario.toml");
    let output = dir.join("sweep.out");
    if std::fs::write(&file, &rendered.text).is_err() {
        return;
    }
    let args = SweepArgs {
        file: file.to_string_lossy().into_owned(),
        vary: vec![format!("{key}={range}")],
        metric,
        round: (input.sweep_format % 8 == 7).then(|| rendered.rounds[0].clone()),
        options: RenderOptions {
            format: FORMATS[usize::from(input.sweep_format) % 4],
            overrides: Overrides::default(),
            assume: Vec::new(),
            decimals,
            money_decimals: None,
            long: false,
            watch: false,
            output: Some(output),
        },
    };
    let _ = captable::commands::sweep::run(&args);
});
