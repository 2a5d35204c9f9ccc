//! `report` and `outcomes`: compute the report and render it in the chosen format.

use super::{computation_error, headline_state, load, stdout_color};
use crate::cli::{Format, RenderArgs};
use crate::diagnostic::Sources;
use crate::report::sections::{self, Numbers};
use crate::{Error, output, report};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Report,
    Outcomes,
}

pub fn run(args: &RenderArgs, view: View) -> Result<(), Error> {
    let mut sources = Sources::default();
    let loaded = load(&args.file, &args.options.overrides.set, &mut sources)?;
    let options = &args.options;
    // Refused before anything is computed when --output names a file the run read.
    if let Some(path) = &options.output {
        output::check(path, &loaded.inputs).map_err(Error::Output)?;
    }
    let state = headline_state(&loaded.scenario, &options.assume)?;
    let basis = match args.basis {
        crate::cli::Basis::FullyDiluted => report::OwnershipBasis::FullyDiluted,
        crate::cli::Basis::Outstanding => report::OwnershipBasis::Outstanding,
    };
    let report = report::build_on(&loaded.scenario, state, view == View::Report, basis)
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;

    let color = stdout_color(options.output.is_some());
    let text = render(
        &report,
        view,
        options.format,
        (options.decimals, options.money_decimals),
        color,
    );
    output::write(
        options.output.as_deref().into(),
        text.as_bytes(),
        &loaded.inputs,
    )
    .map_err(Error::Output)
}

/// The text of `view` of `report` in `format`; `decimals` is for percentages in tables and
/// Markdown with the fixed money decimals if any (`--money-decimals`), `color` for bold titles
/// in tables.
pub fn render(
    report: &report::Report,
    view: View,
    format: Format,
    (decimals, money_decimals): (u32, Option<u32>),
    color: bool,
) -> String {
    match format {
        Format::Json => match view {
            View::Report => report::json::to_string(&report::json::report(report)),
            View::Outcomes => report::json::to_string(&report::json::outcomes_only(report)),
        },
        Format::Csv => report::csv::render(&view_sections(report, view, &Numbers::Exact)),
        Format::Table | Format::Markdown => {
            let numbers = Numbers::human(decimals, report.currency.clone(), money_decimals)
                .with_classes(&report.class_titles);
            let sections = numbers.per_table(|n| view_sections(report, view, n));
            let preamble = sections::preamble(report);
            let footer = sections::rounding_note(decimals, money_decimals);
            if format == Format::Table {
                report::table::render(&preamble, &sections, Some(&footer), color)
            } else {
                report::markdown::render(&preamble, &sections, Some(&footer))
            }
        }
    }
}

fn view_sections(report: &report::Report, view: View, numbers: &Numbers) -> Vec<sections::Section> {
    match view {
        View::Report => sections::report_sections(report, numbers),
        View::Outcomes => vec![sections::outcomes(report, numbers)],
    }
}
