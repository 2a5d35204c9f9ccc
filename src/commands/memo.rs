//! `memo`: compute the report and write memo.md, memo.html and the charts into a folder, with
//! the exit waterfall when there are exits, and memo.pdf with `--pdf`.

use std::path::Path;

use super::exit::{exit_error, exit_value, waterfall_error};
use super::{computation_error, headline_state, load, pdf};
use crate::cli::MemoArgs;
use crate::diagnostic::Sources;
use crate::output::Inputs;
use crate::render::memo::Memo;
use crate::report::exit::ExitInput;
use crate::report::sections::Numbers;
use crate::scenario::value;
use crate::{Error, output, render, report};

/// Most `--exit` values one memo shows (each is a column of the payouts table).
const MAX_EXITS: usize = 24;

/// The PDF's file name.
pub const PDF: &str = "memo.pdf";

pub fn run(args: &MemoArgs) -> Result<(), Error> {
    let mut exits = Vec::new();
    for text in &args.exits {
        exits.push(ExitInput {
            name: text.trim().to_string(),
            value: exit_value(text, "--exit")?,
            date: None,
            probability: None,
            when: None,
        });
    }
    if exits.len() > MAX_EXITS {
        return Err(Error::Usage(format!(
            "{} --exit values; a memo shows at most {MAX_EXITS} (for more, use `captable exit --range`)",
            exits.len()
        )));
    }
    // Before anything is computed: a PDF asked for and no browser to print it is an error.
    let browser = if args.pdf {
        Some(pdf::browser()?)
    } else {
        None
    };
    let mut sources = Sources::default();
    let mut corners = super::load_ranges(&args.file, &args.overrides.set, &mut sources)?;
    if corners.len() > 1 {
        return run_ranges(args, &corners, browser, &sources);
    }
    let loaded = match corners.pop() {
        Some(corner) => corner.loaded,
        None => load(&args.file, &args.overrides.set, &mut sources)?,
    };
    let scenario = &loaded.scenario;
    for text in &args.exits {
        value::check_currency(text, &scenario.currency)
            .map_err(|e| Error::Usage(format!("--exit `{}` {e}", text.trim())))?;
    }
    let from_file = exits.is_empty();
    if from_file {
        exits = scenario.exits.iter().map(ExitInput::from).collect();
    }
    let state = headline_state(scenario, &args.assume)?;
    let report = report::build(scenario, state)
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    let numbers = if args.exact {
        Numbers::Exact
    } else {
        Numbers::human(args.decimals, report.currency.clone(), args.money_decimals)
            .with_classes(&report.class_titles)
    };
    let mut memo = Memo::build(scenario, &report, &numbers, args.decimals);
    // The dilution bridges are computed here (each round run up to 2¹² times), so that an
    // overflow in them is an error of the memo, before anything is rendered.
    let bridges = report::bridge::bridges(scenario, state, report.rounds.len())
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    memo = memo.with_bridges(render::memo_bridge::build(
        scenario,
        &report,
        &bridges,
        &numbers,
        args.decimals,
    ));
    if !exits.is_empty() {
        // The waterfall and its chart exactly as the `exit` command computes them.
        let (table, waterfall) =
            report::waterfall::waterfall(scenario, &exits, state, !args.assume.is_empty())
                .map_err(|e| waterfall_error(&args.file, &loaded, e, &exits, &sources))?;
        let chart = report::exit::payout_curve(scenario, &table, &waterfall, &exits)
            .and_then(|curve| Ok(render::chart::svg(&waterfall, &curve)?))
            .map_err(|e| exit_error(&args.file, &loaded, &e, None, &sources))?;
        memo = memo.with_exits(&waterfall, chart, &numbers, from_file);
    }
    write_memo(args, &memo, browser.as_deref(), &loaded.inputs)
}

/// The memo of a file with ranges or an unknown reading: every corner computed as `report
/// --ranges` computes it, the ranges in words and the tables (`render::memo_ranges`). Exits
/// depend on the reading: `--exit` is refused, and the file's exits are left out with a
/// sentence saying so.
fn run_ranges(
    args: &MemoArgs,
    corners: &[crate::scenario::LoadedCorner],
    browser: Option<std::path::PathBuf>,
    sources: &Sources,
) -> Result<(), Error> {
    if !args.exits.is_empty() {
        return Err(Error::Usage(format!(
            "--exit: {} has ranges or an unknown reading, and what each holder receives depends on the reading; run the memo on one reading (one amount, basis = \"pre-money\" or \"post-money\") to see the waterfall",
            args.file
        )));
    }
    let mut reports = Vec::with_capacity(corners.len());
    for corner in corners {
        let scenario = &corner.loaded.scenario;
        let state = headline_state(scenario, &args.assume)?;
        reports.push(
            report::build(scenario, state)
                .map_err(|e| computation_error(&args.file, &corner.loaded, e, sources))?,
        );
    }
    let readings: Vec<Vec<String>> = corners.iter().map(|c| c.reading.clone()).collect();
    let ends: Vec<_> = corners.iter().map(|c| c.ends.clone()).collect();
    let rows = report::ranges::bounds(&reports);
    let (Some(first), Some(report)) = (corners.first(), reports.first()) else {
        return Err(Error::Usage("the scenario has no corner to report".into()));
    };
    // What the new investors own together, for the summary: an overflow in it is an error of
    // the corner it happens in.
    let together = report::ranges::together(&reports).map_err(|(c, e)| {
        let corner = corners.get(c).unwrap_or(first);
        computation_error(&args.file, &corner.loaded, e, sources)
    })?;
    let numbers = if args.exact {
        Numbers::Exact
    } else {
        Numbers::human(args.decimals, report.currency.clone(), args.money_decimals)
            .with_classes(&report.class_titles)
    };
    let view = render::memo_ranges::Corners {
        reports: &reports,
        ends: &ends,
        together: &together,
    };
    let memo = Memo::from_ranges(
        &first.loaded.scenario,
        &view,
        (&rows, &readings),
        &numbers,
        (args.decimals, !first.loaded.scenario.exits.is_empty()),
    )
    .ok_or_else(|| Error::Usage("the scenario has no corner to report".into()))?;
    write_memo(args, &memo, browser.as_deref(), &first.loaded.inputs)
}

/// The memo's files, and its PDF when a browser is given (printed before anything is written:
/// a failed print leaves the folder as it was), written into the output folder.
fn write_memo(
    args: &MemoArgs,
    memo: &Memo,
    browser: Option<&Path>,
    inputs: &Inputs,
) -> Result<(), Error> {
    let mut files: Vec<(String, Vec<u8>)> = memo
        .files()
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    if let Some(browser) = browser {
        files.push((PDF.into(), pdf::print(browser, &memo.html(), args.paper)?));
    }
    write_all(&args.output, &files, inputs)
}

/// Creates `folder` if needed and writes each file into it atomically. No file may be one the
/// run read (a hard or symbolic link to the scenario called memo.md, say): all are checked
/// before the first is written.
fn write_all(folder: &Path, files: &[(String, Vec<u8>)], inputs: &Inputs) -> Result<(), Error> {
    let shown = folder.display();
    if folder.exists() && !folder.is_dir() {
        return Err(Error::Output(format!(
            "--output {shown} is a file; name a folder for memo.md, memo.html and the charts"
        )));
    }
    for (name, _) in files {
        output::check(&folder.join(name), inputs).map_err(Error::Output)?;
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::Output(format!("cannot create the folder {shown}: {e}")))?;
    for (name, bytes) in files {
        let path = folder.join(name);
        output::write(output::Destination::File(&path), bytes, inputs).map_err(Error::Output)?;
    }
    Ok(())
}
