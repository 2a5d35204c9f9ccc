//! `exit`: the waterfall at each exit value, rendered in the chosen format, and optionally the
//! payout curve as SVG.

use rust_decimal::Decimal;

use super::{computation_error, headline_state, load, stdout_color};
use crate::cli::ExitArgs;
use crate::diagnostic::{Code, Diagnostic, Sources};
use crate::engine::exit::{ExitError, MAX_CHOOSERS};
use crate::format::grouped;
use crate::render::{self, Document, Style};
use crate::report::exit::{self, ExitInput};
use crate::report::sections;
use crate::report::waterfall::{WaterfallError, waterfall};
use crate::scenario::value::{self, parse_money};
use crate::{Error, output};

/// Most exit values one run computes (`--range` can ask for many).
const MAX_EXITS: usize = 10_000;

pub fn run(args: &ExitArgs) -> Result<(), Error> {
    super::check_format(&args.options)?;
    let mut exits = Vec::new();
    for text in &args.values {
        exits.push(ExitInput {
            name: text.clone(),
            value: exit_value(text, "--value")?,
            date: None,
            probability: None,
            when: None,
        });
    }
    if let Some(range) = &args.range {
        exits.extend(parse_range(range)?);
    }
    if exits.len() > MAX_EXITS {
        return Err(Error::Usage(format!(
            "{} exit values from --value and --range together; at most {MAX_EXITS}: use a larger STEP or fewer --value",
            exits.len()
        )));
    }
    if let Some(chart) = &args.chart
        && chart.is_dir()
    {
        return Err(Error::Usage(format!(
            "--chart {} is a directory; name a file",
            chart.display()
        )));
    }

    let mut sources = Sources::default();
    let loaded = load(&args.file, &args.options.overrides.set, &mut sources)?;
    let scenario = &loaded.scenario;
    // Money on the command line is read before the scenario: its currency is checked here, as
    // the file's amounts are (`--value "$1B"` in a scenario in EUR is an error, never converted).
    let range_parts = args.range.iter().flat_map(|r| {
        let (span, step) = r.rsplit_once(':').unwrap_or((r, ""));
        let (from, to) = span.split_once("..").unwrap_or((span, ""));
        [from, to, step].map(|t| ("--range", t))
    });
    for (option, text) in args
        .values
        .iter()
        .map(|t| ("--value", t.as_str()))
        .chain(range_parts)
    {
        value::check_currency(text, &scenario.currency)
            .map_err(|e| Error::Usage(format!("{option} `{}` {e}", text.trim())))?;
    }
    if exits.is_empty() {
        exits = scenario.exits.iter().map(ExitInput::from).collect();
    }
    if exits.is_empty() {
        return Err(Error::Usage(
            "no exit values: give --value MONEY (or --range FROM..TO:STEP), or add [[exit]] sections to the file".into(),
        ));
    }
    let options = &args.options;
    // Refused before anything is computed or written when a file to write is one the run read.
    for path in args.chart.iter().chain(&options.output) {
        output::check(path, &loaded.inputs).map_err(Error::Output)?;
    }
    if let (Some(chart), Some(out)) = (&args.chart, &options.output)
        && output::same_destination(chart, out)
    {
        return Err(Error::Usage(format!(
            "--chart {} and --output {} name the same file; the table would replace the chart: name two files",
            chart.display(),
            out.display()
        )));
    }
    let state = headline_state(scenario, &options.assume)?;
    let (table, report) = waterfall(scenario, &exits, state, !options.assume.is_empty())
        .map_err(|e| waterfall_error(&args.file, &loaded, e, &exits, &sources))?;

    let doc = Document::new(
        report.currency.clone(),
        |n| exit::sections(&report, n),
        || render::json::to_string(&exit::json(&report)),
    )
    .preamble(vec![report.name.clone()])
    .classes(&report.class_titles)
    .sources(|| sections::sources(&[("", scenario, state)], &options.overrides.set));
    let style = Style::of(options, stdout_color(options.output.is_some()));
    let bytes = render::render(&doc, options.format, &style).map_err(Error::Output)?;
    if let Some(path) = &args.chart {
        let svg = exit::payout_curve(scenario, &table, &report, &exits)
            .and_then(|curve| Ok(render::chart::svg(&report, &curve)?))
            .map_err(|e| exit_error(&args.file, &loaded, &e, None, &sources))?;
        output::write(
            output::Destination::File(path),
            svg.as_bytes(),
            &loaded.inputs,
        )
        .map_err(Error::Output)?;
    }
    output::write(options.output.as_deref().into(), &bytes, &loaded.inputs).map_err(Error::Output)
}

/// A waterfall that cannot be computed, as an input error: a round's failure points at the
/// round, an exit's names the exit when one is to blame.
pub fn waterfall_error(
    path: &str,
    loaded: &crate::scenario::Loaded,
    error: WaterfallError,
    exits: &[ExitInput],
    sources: &Sources,
) -> Error {
    match error {
        WaterfallError::Round(e) => computation_error(path, loaded, e, sources),
        WaterfallError::Exit(e) => {
            let at = e.exit.and_then(|i| exits.get(i));
            exit_error(path, loaded, &e.error, at, sources)
        }
    }
}

/// Money from the command line for an exit: not negative, whole cents.
pub(crate) fn exit_value(text: &str, option: &str) -> Result<Decimal, Error> {
    let value = parse_money(text).map_err(|e| {
        Error::Usage(format!(
            "{option} {text}: not valid money ({e}); write money as 100M, 1.5B, $250K or 100000000"
        ))
    })?;
    if value.round_dp(2) != value {
        return Err(Error::Usage(format!(
            "{option} {text}: an exit value is paid in whole cents; give at most two decimals"
        )));
    }
    Ok(value)
}

/// `FROM..TO:STEP`: FROM, FROM + STEP, … up to TO.
fn parse_range(text: &str) -> Result<Vec<ExitInput>, Error> {
    let usage = || {
        Error::Usage(format!(
            "--range {text}: expected FROM..TO:STEP, such as 0..500M:25M"
        ))
    };
    let (span, step) = text.rsplit_once(':').ok_or_else(usage)?;
    let (from, to) = span.split_once("..").ok_or_else(usage)?;
    let (from, to, step) = (
        exit_value(from, "--range")?,
        exit_value(to, "--range")?,
        exit_value(step, "--range")?,
    );
    let values = crate::engine::sweep::range(from, to, step, MAX_EXITS).map_err(|why| {
        Error::Usage(format!(
            "--range {text}: {why}; write FROM..TO:STEP, such as 0..500M:25M"
        ))
    })?;
    Ok(values
        .into_iter()
        .map(|value| ExitInput {
            name: crate::format::exact(value),
            value,
            date: None,
            probability: None,
            when: None,
        })
        .collect())
}

/// An exit that cannot be computed, as an input error; `at` names the exit when one is to blame.
pub(crate) fn exit_error(
    path: &str,
    loaded: &crate::scenario::Loaded,
    error: &ExitError,
    at: Option<&ExitInput>,
    sources: &Sources,
) -> Error {
    // "the exit value 50,000,000", or "the exit "IPO" (50,000,000)" for a named one.
    let which = at.map_or_else(
        || "the exit".to_string(),
        |e| {
            let value = grouped(e.value);
            if e.name == crate::format::exact(e.value) {
                format!("the exit value {value}")
            } else {
                format!("the exit {:?} ({value})", e.name)
            }
        },
    );
    let (message, help) = match error {
        ExitError::Overflow(overflow) => (
            format!("cannot compute {} at {which}", overflow.what),
            "a result is too large for a 28-digit decimal, or divides by zero: check the exit values and the classes' amounts",
        ),
        ExitError::TooManyChoosers(count) => (
            format!(
                "{count} classes and SAFEs may convert at the exit; at most {MAX_CHOOSERS} can be weighed"
            ),
            "every combination of conversions is weighed (2^n): merge classes with the same terms",
        ),
        ExitError::SafesClaimEverything => (
            "the outstanding post-money SAFEs claim 100% or more of the company at exit".into(),
            "each post-money SAFE owns amount ÷ cap of the liquidity capitalization: check the SAFEs' amounts and caps",
        ),
        ExitError::NoStableChoice(value) => (
            format!(
                "no stable choice of conversions at the exit value {}",
                grouped(*value)
            ),
            "at this value some class always gains by switching; please report the file",
        ),
        ExitError::NobodyToPay(left) => (
            format!(
                "{} of the exit value is left with nobody to receive it",
                grouped(*left)
            ),
            "no holder has common shares and no class shares in the rest: add the common holders",
        ),
    };
    let code = match error {
        ExitError::Overflow(_) => Code::Overflow,
        _ => Code::Exit,
    };
    let mut diagnostic = Diagnostic::error(code, message).help(help);
    if let ExitError::TooManyChoosers(_) = error
        && let Some(span) = loaded.locations.classes.get(MAX_CHOOSERS)
    {
        diagnostic = diagnostic.at(*span, "one class too many");
    }
    Error::problems(path, vec![diagnostic], sources)
}
