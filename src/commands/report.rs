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
    super::check_format(&args.options)?;
    if args.bridge && view == View::Outcomes {
        return Err(Error::Usage(
            "--bridge is a `report` option: run `captable report --bridge FILE`".into(),
        ));
    }
    if args.ranges {
        if view == View::Outcomes {
            return Err(Error::Usage(
                "--ranges is a `report` option: run `captable report --ranges FILE`".into(),
            ));
        }
        return run_ranges(args);
    }
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
    let mut report = report::build_on(&loaded.scenario, state, view == View::Report, basis)
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    if args.bridge && view == View::Report {
        report::bridge::attach(&loaded.scenario, state, &mut report)
            .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    }

    let color = stdout_color(options.output.is_some());
    let bytes = if options.format == Format::Xlsx {
        let mut sheets = match view {
            View::Report => workbook_sections(&report),
            View::Outcomes => view_sections(&report, view, &Numbers::Exact),
        };
        sheets.push(sections::sources(
            &[("", &loaded.scenario, state)],
            &options.overrides.set,
        ));
        report::xlsx::render(&sheets, &report.currency).map_err(Error::Output)?
    } else {
        let text = render(
            &report,
            view,
            (options.format, options.long),
            (options.decimals, options.money_decimals),
            color,
        );
        text.into_bytes()
    };
    output::write(options.output.as_deref().into(), &bytes, &loaded.inputs).map_err(Error::Output)
}

/// The report's tables with exact figures, its inputs (the investments) after the valuation.
pub fn workbook_sections(report: &report::Report) -> Vec<sections::Section> {
    let mut sheets = sections::report_sections(report, &Numbers::Exact);
    if let Some(inputs) = sections::investments(report, &Numbers::Exact) {
        let at = usize::from(!sheets.is_empty());
        sheets.insert(at, inputs);
    }
    sheets
}

/// The text of `view` of `report` in `format` (CSV as one long table with `long`); `decimals`
/// is for percentages in tables and Markdown with the fixed money decimals if any
/// (`--money-decimals`), `color` for bold titles in tables. A workbook is binary: see `run`.
pub fn render(
    report: &report::Report,
    view: View,
    (format, long): (Format, bool),
    (decimals, money_decimals): (u32, Option<u32>),
    color: bool,
) -> String {
    match format {
        Format::Json => match view {
            View::Report => report::json::to_string(&report::json::report(report)),
            View::Outcomes => report::json::to_string(&report::json::outcomes_only(report)),
        },
        Format::Csv => report::csv::render_as(&view_sections(report, view, &Numbers::Exact), long),
        Format::Table | Format::Markdown | Format::Xlsx => {
            let numbers = Numbers::human(decimals, report.currency.clone(), money_decimals)
                .with_classes(&report.class_titles);
            let sections = numbers.per_table(|n| view_sections(report, view, n));
            let preamble = sections::preamble(report);
            super::text_tables(
                format,
                &preamble,
                &sections,
                (decimals, money_decimals),
                color,
            )
        }
    }
}

fn view_sections(report: &report::Report, view: View, numbers: &Numbers) -> Vec<sections::Section> {
    match view {
        View::Report => sections::report_sections(report, numbers),
        View::Outcomes => vec![sections::outcomes(report, numbers)],
    }
}

/// `report --ranges`: every corner scenario computed as usual, then every figure's exact
/// minimum and maximum with the reading behind each (see `report::ranges`).
fn run_ranges(args: &RenderArgs) -> Result<(), Error> {
    let options = &args.options;
    if options.format == Format::Xlsx || options.long {
        return Err(Error::Usage(
            "--ranges writes table, markdown, csv or json (not xlsx or --long)".into(),
        ));
    }
    let mut sources = Sources::default();
    let corners = super::load_corners(&args.file, &options.overrides.set, &mut sources)?;
    let Some((_, first)) = corners.first() else {
        return Err(Error::Usage("the scenario has no corner to report".into()));
    };
    if let Some(path) = &options.output {
        output::check(path, &first.inputs).map_err(Error::Output)?;
    }
    let basis = match args.basis {
        crate::cli::Basis::FullyDiluted => report::OwnershipBasis::FullyDiluted,
        crate::cli::Basis::Outstanding => report::OwnershipBasis::Outstanding,
    };
    let mut reports = Vec::with_capacity(corners.len());
    let mut readings = Vec::with_capacity(corners.len());
    for (reading, loaded) in &corners {
        report::ranges::corners_suffice(&loaded.scenario).map_err(|why| {
            Error::Input(format!(
                "error[E0033]: {}: cannot report ranges exactly: {why}\n",
                args.file
            ))
        })?;
        let state = headline_state(&loaded.scenario, &options.assume)?;
        let built = report::build_on(&loaded.scenario, state, true, basis)
            .map_err(|e| computation_error(&args.file, loaded, e, &sources))?;
        reports.push(built);
        readings.push(reading.clone());
    }
    let rows = report::ranges::bounds(&reports);
    let Some(report) = reports.first() else {
        return Err(Error::Usage("the scenario has no corner to report".into()));
    };
    let text = match options.format {
        Format::Json => report::ranges::json(report, &rows, &readings),
        Format::Csv => report::csv::render_as(
            &[report::ranges::section(&rows, &readings, &Numbers::Exact)],
            false,
        ),
        Format::Table | Format::Markdown | Format::Xlsx => {
            let numbers = Numbers::human(
                options.decimals,
                report.currency.clone(),
                options.money_decimals,
            )
            .with_classes(&report.class_titles);
            let sections =
                numbers.per_table(|n| vec![report::ranges::section(&rows, &readings, n)]);
            let mut preamble = vec![report.name.clone()];
            if let Some(description) = &report.description {
                preamble.push(description.clone());
            }
            super::text_tables(
                options.format,
                &preamble,
                &sections,
                (options.decimals, options.money_decimals),
                stdout_color(options.output.is_some()),
            )
        }
    };
    output::write(
        options.output.as_deref().into(),
        text.as_bytes(),
        &first.inputs,
    )
    .map_err(Error::Output)
}
