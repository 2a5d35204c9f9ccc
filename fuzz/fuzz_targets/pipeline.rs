//! One fuzz target over the whole pipeline, as `captable report`/`outcomes`/`check` run it:
//! bytes → UTF-8 check → TOML tree → validation → every outcome computed (`report::build`
//! under the assumed condition state) → the report or outcomes view in every format, and the
//! exit waterfall of the file's `[[exit]]` sections with its renderings and chart; on failure,
//! the diagnostics rendered as the CLI prints them (plain and coloured).
//!
//! Also, cheaply: a file refused for its ranges (or any file that mentions `..` or "unknown")
//! is read as `report --ranges` reads it, and its corners' bounds computed and rendered; the
//! dilution bridge (`report --bridge`) when every round has at most 8 causes; the exit
//! waterfall as `exit` computes it, with the expected payouts when the exits have
//! probabilities; and the OCF export of a file with share counts, in memory.
//!
//! Any panic, hang (`-timeout`) or huge allocation (`-rss_limit_mb`, `-malloc_limit_mb`) is
//! a bug in `src/`. See docs/fuzzing.md.

#![no_main]

use captable::Error;
use captable::cli::Format;
use captable::commands::computation_error;
use captable::commands::report::{View, render};
use captable::diagnostic::{self, Sources};
use captable::render::{Document, Style};
use captable::report::exit::{self, ExitInput};
use captable::report::sections::Numbers;
use captable::scenario::model::Basis;
use captable::{report, scenario};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.toml";

/// `report --ranges` on `text`: every corner computed, the bounds in every format.
fn ranges(text: &str) {
    let mut sources = Sources::default();
    let Ok(corners) = scenario::load_ranges_text(NAME, text.to_string(), &mut sources) else {
        return;
    };
    let mut reports = Vec::with_capacity(corners.len());
    for corner in &corners {
        let scenario = &corner.loaded.scenario;
        match report::build(scenario, scenario.assumed_state()) {
            Ok(report) => reports.push(report),
            Err(_) => return,
        }
    }
    let readings: Vec<Vec<String>> = corners.iter().map(|c| c.reading.clone()).collect();
    let rows = report::ranges::bounds(&reports);
    let Some(first) = reports.first() else {
        return;
    };
    let doc = Document::new(
        first.currency.clone(),
        |n| vec![report::ranges::section(&rows, &readings, n)],
        || captable::render::json::to_string(&report::ranges::json(first, &rows, &readings)),
    );
    let style = Style {
        decimals: 2,
        money_decimals: None,
        color: false,
        long: false,
    };
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let _ = captable::render::render(&doc, format, &style);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::default();
    let loaded = match scenario::load_bytes(NAME, data.to_vec(), &mut sources) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            // As the CLI prints them (`render_failure` became `Error::problems`).
            let _ = Error::problems(NAME, diagnostics.clone(), &sources).to_string();
            let _ = diagnostic::render(&diagnostics, &sources, true);
            if let Ok(text) = std::str::from_utf8(data)
                && (text.contains("..") || text.contains("unknown"))
            {
                ranges(text);
            }
            return;
        }
    };
    let _ = diagnostic::render(&loaded.warnings, &sources, false);
    let scenario = &loaded.scenario;
    let report = match report::build(scenario, scenario.assumed_state()) {
        Ok(report) => report,
        Err(error) => {
            let _ = computation_error(NAME, &loaded, error, &sources).to_string();
            return;
        }
    };
    // Vary the display options and the view with the input rather than multiplying the work
    // per input (the report view contains the outcomes table too): an input at the outcome
    // limits then stays well inside `-timeout=10` in this slower, instrumented build.
    let decimals = u32::try_from(data.len() % 13).unwrap_or(2);
    let color = data.len().is_multiple_of(2);
    let view = if data.len().is_multiple_of(3) {
        View::Outcomes
    } else {
        View::Report
    };
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let long = format == Format::Csv && decimals % 2 == 0;
        let _ = render(&report, view, (format, long), (decimals, None), color);
    }

    // report --bridge, when it runs rounds at most 64 times in all (2^causes a round), the
    // causes counted generously.
    let runs: u64 = scenario
        .rounds
        .iter()
        .map(|round| {
            let causes =
                round.investments.len() + round.secondaries.len() + round.conversions.len() + 3;
            1_u64 << causes.min(12)
        })
        .sum();
    let bounded = runs <= 64;
    if bounded {
        let mut bridged = report.clone();
        if report::bridge::attach(scenario, scenario.assumed_state(), &mut bridged).is_ok() {
            let _ = render(
                &bridged,
                View::Report,
                (Format::Json, false),
                (decimals, None),
                color,
            );
        }
    }

    // export ocf, in memory.
    if scenario.basis == Basis::Shares {
        let last = scenario.rounds.len().checked_sub(1);
        let _ = captable::commands::export::package_files(scenario, &report, last);
    }

    // The file's [[exit]] sections, as `captable exit FILE` computes them: the waterfall on the
    // cap table after the last round, its renderings, and the payout chart.
    if scenario.exits.is_empty() {
        return;
    }
    let exits: Vec<ExitInput> = scenario.exits.iter().map(ExitInput::from).collect();
    // With the expected payouts when the exits have probabilities.
    let (table, waterfall) = match captable::report::waterfall::waterfall(
        scenario,
        &exits,
        scenario.assumed_state(),
        false,
    ) {
        Ok(computed) => computed,
        Err(error) => {
            let _ =
                captable::commands::exit::waterfall_error(NAME, &loaded, error, &exits, &sources)
                    .to_string();
            return;
        }
    };
    let _ = captable::render::json::to_string(&exit::json(&waterfall));
    let numbers = Numbers::human(decimals, waterfall.currency.clone(), None);
    let _ =
        captable::render::table::render(&[], &exit::sections(&waterfall, &numbers), None, color);
    let _ = captable::render::csv::render(&exit::sections(&waterfall, &Numbers::Exact));
    if let Ok(curve) = exit::payout_curve(scenario, &table, &waterfall, &exits) {
        let _ = captable::render::chart::svg(&waterfall, &curve);
    }
});
