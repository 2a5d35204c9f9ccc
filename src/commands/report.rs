//! `report` and `outcomes`: compute the report and render it in the chosen format.

use super::{computation_error, headline_state, load};
use crate::cli::{Format, RenderArgs};
use crate::diagnostic::Sources;
use crate::render::{self, Document, Style};
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
    let scenario = &loaded.scenario;
    let failed = |e| computation_error(&args.file, &loaded, e, &sources);
    let file_sources = || sections::sources(&[("", scenario, state)], &options.overrides.set);
    match view {
        View::Report => {
            let mut report = report::build_on(scenario, state, basis).map_err(failed)?;
            if args.bridge {
                report::bridge::attach(scenario, state, &mut report).map_err(failed)?;
            }
            let doc = document(&report, view).sources(file_sources);
            super::emit(&doc, options, &loaded.inputs)
        }
        View::Outcomes => {
            let outcomes = report::outcomes(scenario, state, basis).map_err(failed)?;
            let doc = outcomes_document(outcomes.view()).sources(file_sources);
            super::emit(&doc, options, &loaded.inputs)
        }
    }
}

/// `view` of `report` as a document: its preamble, tables and JSON; the report's workbook adds
/// the investments after the valuation.
pub fn document(report: &report::Report, view: View) -> Document<'_> {
    if view == View::Outcomes {
        return outcomes_document(report.outcomes_view());
    }
    Document::new(
        report.currency.clone(),
        move |n| sections::report_sections(report, n),
        move || render::json::to_string(&report::json::report(report)),
    )
    .preamble(sections::preamble(report.outcomes_view()))
    .classes(&report.class_titles)
    .workbook(move || workbook_sections(report))
}

/// The outcomes table as a document (`outcomes`).
pub fn outcomes_document(view: report::OutcomesView<'_>) -> Document<'_> {
    Document::new(
        view.currency.to_string(),
        move |n| vec![sections::outcomes(view, n)],
        move || render::json::to_string(&report::json::outcomes_only(view)),
    )
    .preamble(sections::preamble(view))
    .classes(view.class_titles)
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

/// The text of `view` of `report` in a text `format` (CSV as one long table with `long`);
/// `decimals` for percentages in tables and Markdown with the fixed money decimals if any
/// (`--money-decimals`), `color` for bold titles in tables. The property tests and the fuzz
/// targets render every text format through this.
pub fn render(
    report: &report::Report,
    view: View,
    (format, long): (Format, bool),
    (decimals, money_decimals): (u32, Option<u32>),
    color: bool,
) -> String {
    let style = Style {
        decimals,
        money_decimals,
        color,
        long,
    };
    let bytes =
        render::render(&document(report, view), format, &style).unwrap_or_else(String::into_bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `report --ranges`: every corner scenario computed as usual, then every figure's exact
/// minimum and maximum with the reading behind each (see `report::ranges`).
fn run_ranges(args: &RenderArgs) -> Result<(), Error> {
    let options = &args.options;
    if options.format.is_workbook() || options.long {
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
        let state = headline_state(&loaded.scenario, &options.assume)?;
        let built = report::build_on(&loaded.scenario, state, basis)
            .map_err(|e| computation_error(&args.file, loaded, e, &sources))?;
        reports.push(built);
        readings.push(reading.clone());
    }
    let rows = report::ranges::bounds(&reports);
    let Some(report) = reports.first() else {
        return Err(Error::Usage("the scenario has no corner to report".into()));
    };
    let mut preamble = vec![report.name.clone()];
    preamble.extend(report.description.clone());
    let doc = Document::new(
        report.currency.clone(),
        |n| vec![report::ranges::section(&rows, &readings, n)],
        || render::json::to_string(&report::ranges::json(report, &rows, &readings)),
    )
    .preamble(preamble)
    .classes(&report.class_titles);
    super::emit(&doc, options, &first.inputs)
}
