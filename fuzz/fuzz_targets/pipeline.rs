//! One fuzz target over the whole pipeline, as `captable report`/`outcomes`/`check` run it:
//! bytes → UTF-8 check → TOML tree → validation → every outcome computed (`report::build`
//! under the assumed condition state) → every view in every format; on failure, the
//! diagnostics rendered as the CLI prints them (plain and coloured).
//!
//! Any panic, hang (`-timeout`) or huge allocation (`-rss_limit_mb`, `-malloc_limit_mb`) is
//! a bug in `src/`. See docs/fuzzing.md.

#![no_main]

use captable::cli::Format;
use captable::commands::report::{View, render};
use captable::commands::{computation_error, render_failure};
use captable::diagnostic::{self, Sources};
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
    // Vary the display options with the input rather than multiplying the work per input.
    let decimals = u32::try_from(data.len() % 13).unwrap_or(2);
    let color = data.len() % 2 == 0;
    for view in [View::Report, View::Outcomes] {
        for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
            let _ = render(&report, view, format, decimals, color);
        }
    }
});
