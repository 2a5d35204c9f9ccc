//! One fuzz target over the whole pipeline, as `captable report`/`outcomes`/`check` run it:
//! bytes → UTF-8 check → TOML tree → validation → every outcome computed (`report::build`
//! under the assumed condition state) → the report or outcomes view in every format, and the
//! exit waterfall of the file's `[[exit]]` sections with its renderings and chart; on failure,
//! the diagnostics rendered as the CLI prints them (plain and coloured).
//!
//! Any panic, hang (`-timeout`) or huge allocation (`-rss_limit_mb`, `-malloc_limit_mb`) is
//! a bug in `src/`. See docs/fuzzing.md.

#![no_main]

use captable::cli::Format;
use captable::commands::report::{View, render};
use captable::commands::{computation_error, render_failure};
use captable::diagnostic::{self, Sources};
use captable::engine::{CapTable, rounds};
use captable::report::exit::{self, ExitInput};
use captable::report::sections::Numbers;
use captable::{report, scenario};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.toml";

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::default();
    let loaded = match scenario::load_bytes(NAME, data.to_vec(), &mut sources) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            let _ = render_failure(NAME, &diagnostics, &sources);
            let _ = diagnostic::render(&diagnostics, &sources, true);
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
    let color = data.len() % 2 == 0;
    let view = if data.len() % 3 == 0 {
        View::Outcomes
    } else {
        View::Report
    };
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let long = format == Format::Csv && decimals % 2 == 0;
        let _ = render(&report, view, (format, long), (decimals, None), color);
    }

    // The file's [[exit]] sections, as `captable exit FILE` computes them: the waterfall on the
    // cap table after the last round, its renderings, and the payout chart.
    if scenario.exits.is_empty() {
        return;
    }
    let exits: Vec<ExitInput> = scenario
        .exits
        .iter()
        .map(ExitInput::from)
        .collect();
    let mut table = CapTable::initial(scenario);
    if rounds::run(scenario, scenario.assumed_state(), &mut table, |_, _, _| {
        Ok(())
    })
    .is_err()
    {
        return;
    }
    let Ok(waterfall) = exit::build(scenario, &table, &exits) else {
        return;
    };
    let _ = captable::render::json::to_string(&exit::json(&waterfall));
    let numbers = Numbers::human(decimals, waterfall.currency.clone(), None);
    let _ = captable::render::table::render(&[], &exit::sections(&waterfall, &numbers), None, color);
    let _ = captable::render::csv::render(&exit::sections(&waterfall, &Numbers::Exact));
    let _ = report::chart::svg(scenario, &table, &waterfall, &exits);
});
