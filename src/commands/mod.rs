//! One module per command. Shared here: loading with diagnostics, colour decisions, the
//! headline condition state, and turning an engine failure into a located error.

pub mod check;
pub mod compare;
pub mod completions;
pub mod exit;
pub mod export;
pub mod import;
pub mod memo;
pub mod new;
pub mod pdf;
pub mod report;
pub mod schema;
pub mod sweep;
pub mod watch;

use std::io::IsTerminal as _;

use crate::Error;
use crate::diagnostic::{self, Code, Diagnostic, Sources};
use crate::engine::RoundError;
use crate::scenario::{self, Scenario};

/// Whether standard error gets colour: a terminal, and `NO_COLOR` unset or empty.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && no_color_unset()
}

pub fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs one command line.
/// Whether standard output gets colour: no `--output` file, a terminal, and `NO_COLOR` unset.
pub fn stdout_color(writing_a_file: bool) -> bool {
    !writing_a_file && std::io::stdout().is_terminal() && no_color_unset()
}

/// Refuses, before anything is read, output options that cannot go together: a workbook is
/// binary and is never written to standard output; `--long` shapes CSV only.
pub fn check_format(options: &crate::cli::RenderOptions) -> Result<(), Error> {
    use crate::cli::Format;
    if options.format == Format::Xlsx && options.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a binary workbook, never to standard output: add --output FILE.xlsx".into(),
        ));
    }
    if options.long && options.format != Format::Csv {
        return Err(Error::Usage(
            "--long shapes CSV output: use it with --format csv".into(),
        ));
    }
    Ok(())
}

/// Loads one scenario, printing its warnings; on failure the error holds every problem.
pub fn load(path: &str, sets: &[String], sources: &mut Sources) -> Result<scenario::Loaded, Error> {
    match scenario::load_with(path, sets, sources) {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                eprint!(
                    "{}",
                    diagnostic::render(&loaded.warnings, sources, stderr_color())
                );
            }
            Ok(loaded)
        }
        // A `--set` key that leads nowhere is a mistake on the command line, not in the file.
        Err(diagnostics) if diagnostics.iter().any(|d| d.code == Code::SetPath) => Err(
            Error::Arguments(render_failure(path, &diagnostics, sources)),
        ),
        Err(diagnostics) => Err(Error::Input(render_failure(path, &diagnostics, sources))),
    }
}

/// As [`load`], every corner scenario of a file with ranges (`report --ranges`).
pub fn load_corners(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<Vec<(Vec<String>, scenario::Loaded)>, Error> {
    Ok(load_ranges(path, sets, sources)?
        .into_iter()
        .map(|c| (c.reading, c.loaded))
        .collect())
}

/// As [`load_corners`], each corner's reading also as facts (`check` and `memo`, which read a
/// file with or without ranges: without, it is one corner).
pub fn load_ranges(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<Vec<scenario::LoadedCorner>, Error> {
    match scenario::load_ranges(path, sets, sources) {
        Ok(corners) => {
            if let Some(first) = corners.first()
                && !first.loaded.warnings.is_empty()
            {
                eprint!(
                    "{}",
                    diagnostic::render(&first.loaded.warnings, sources, stderr_color())
                );
            }
            Ok(corners)
        }
        Err(diagnostics) if diagnostics.iter().any(|d| d.code == Code::SetPath) => Err(
            Error::Arguments(render_failure(path, &diagnostics, sources)),
        ),
        Err(diagnostics) => Err(Error::Input(render_failure(path, &diagnostics, sources))),
    }
}

pub fn render_failure(path: &str, diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = diagnostic::render(diagnostics, sources, stderr_color());
    let name = if path == "-" { "<stdin>" } else { path };
    text.push_str(&format!(
        "error: {name}: {errors} {} found\n",
        if errors == 1 { "problem" } else { "problems" }
    ));
    text
}

/// The condition state for the headline: each condition's `assume`, then `--assume`.
pub fn headline_state(scenario: &Scenario, overrides: &[(String, bool)]) -> Result<u32, Error> {
    let mut state = scenario.assumed_state();
    for (name, value) in overrides {
        let Some(index) = scenario.condition_index(name) else {
            let declared: Vec<&str> = scenario
                .conditions
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            return Err(Error::Usage(if declared.is_empty() {
                format!("--assume {name}: the scenario declares no conditions")
            } else {
                format!(
                    "--assume {name}: no such condition; the scenario declares: {}",
                    declared.join(", ")
                )
            }));
        };
        if *value {
            state |= 1 << index;
        } else {
            state &= !(1 << index);
        }
    }
    Ok(state)
}

/// An engine failure as an input error pointing at the round it happened in.
pub fn computation_error(
    path: &str,
    loaded: &scenario::Loaded,
    error: RoundError,
    sources: &Sources,
) -> Error {
    if let Some(fault) = error.secondary
        && let Some(diagnostic) = secondary_fault(loaded, error.round, &fault)
    {
        return Error::Input(render_failure(path, &[diagnostic], sources));
    }
    let round = loaded.scenario.rounds.get(error.round);
    let name = round.map_or_else(String::new, |r| format!(" in round {:?}", r.name));
    if error.overflow.what == crate::engine::rounds::POOL_TOO_SMALL {
        let mut diagnostic = Diagnostic::error(
            Code::PoolTooSmall,
            format!("the pool is too small for the grants{name}"),
        )
        .help("at the round's closing the unallocated pool (after any top-up) holds fewer shares than its [[round.grant]] items grant: grant fewer shares, or top the pool up in the round (pool_target or pool_increase)");
        if let Some(span) = loaded.locations.rounds.get(error.round) {
            diagnostic = diagnostic.at(*span, "the grants of this round");
        }
        return Error::Input(render_failure(path, &[diagnostic], sources));
    }
    let help = if error.overflow.what == crate::engine::conversion::TOO_SLOW {
        "each condition doubles the outcomes, and every outcome solves this round again: declare fewer conditions (merge those that always move together)"
    } else {
        "a result is too large for a 28-digit decimal, or divides by zero: check that round's amounts for a misplaced suffix (T for B, say) or a zero"
    };
    let mut diagnostic = Diagnostic::error(
        Code::Overflow,
        format!("cannot compute {}{name}", error.overflow.what),
    )
    .help(help);
    if let Some(span) = loaded.locations.rounds.get(error.round) {
        diagnostic = diagnostic.at(*span, "while computing this round");
    }
    Error::Input(render_failure(path, &[diagnostic], sources))
}

/// A secondary that cannot happen, pointing at its quantity.
fn secondary_fault(
    loaded: &scenario::Loaded,
    round: usize,
    fault: &crate::engine::secondary::SecondaryFault,
) -> Option<Diagnostic> {
    use crate::engine::secondary::FaultKind;
    use crate::format::grouped;
    use crate::scenario::model::Basis;
    let scenario = &loaded.scenario;
    let r = scenario.rounds.get(round)?;
    let spans = loaded
        .locations
        .secondaries
        .get(round)?
        .get(fault.secondary)?;
    let stakes = scenario.basis == Basis::Stakes;
    // Shares, or in value terms the fraction of the company after the round.
    let shown = |units: rust_decimal::Decimal| {
        if stakes && !fault.total.is_zero() {
            let percent = units
                .checked_div(fault.total)
                .and_then(|f| f.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
                .unwrap_or_default()
                .round_dp(4)
                .normalize();
            format!("{percent}% of the company")
        } else {
            format!("{} shares", grouped(units))
        }
    };
    let outcome = if scenario.conditions.is_empty() {
        String::new()
    } else {
        let values: Vec<String> = scenario
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let value = if fault.state >> i & 1 == 1 {
                    "yes"
                } else {
                    "no"
                };
                format!("{} = {value}", c.name)
            })
            .collect();
        format!(" (in the outcome {})", values.join(", "))
    };
    let diagnostic = match fault.kind {
        FaultKind::Oversold {
            seller,
            holds,
            sells,
        } => {
            let name = &scenario.parties.get(seller)?.name;
            Diagnostic::error(
                Code::Secondary,
                format!(
                    "{name:?} sells {} in round {:?} but holds {}{outcome}",
                    shown(sells),
                    r.name,
                    shown(holds)
                ),
            )
            .at(spans.quantity, format!("sells {}", shown(sells)))
            .also(spans.sellers, format!("holds {}", shown(holds)))
            .help("a seller sells at most what it holds at the round's closing (after the round's own shares): lower the quantity, or name another seller")
        }
        FaultKind::TenderTooLarge { holds, sells } => {
            let (limit, label) = if spans.cap.is_some() {
                ("may sell only", "under the cap")
            } else {
                ("hold only", "together")
            };
            let mut diagnostic = Diagnostic::error(
                Code::Secondary,
                format!(
                    "the tender in round {:?} sells {} but its sellers {limit} {} {label}{outcome}",
                    r.name,
                    shown(sells),
                    shown(holds)
                ),
            )
            .at(spans.quantity, format!("sells {}", shown(sells)))
            .also(spans.sellers, format!("{limit} {} {label}", shown(holds)));
            if let Some(cap) = spans.cap {
                diagnostic = diagnostic.also(cap, "the cap per seller");
            }
            diagnostic.help("a tender sells at most what its sellers hold (each up to its cap): lower the quantity, raise the cap or add sellers")
        }
    };
    Some(diagnostic)
}

/// Sections as a terminal table or Markdown (the two text formats), under a preamble and over
/// the rounding footnote: one place for what every command writes in these formats.
pub(crate) fn text_tables(
    format: crate::cli::Format,
    preamble: &[String],
    tables: &[crate::report::sections::Section],
    (decimals, money_decimals): (u32, Option<u32>),
    color: bool,
) -> String {
    let footer = crate::report::sections::rounding_note(decimals, money_decimals);
    if format == crate::cli::Format::Table {
        crate::report::table::render(preamble, tables, Some(&footer), color)
    } else {
        crate::report::markdown::render(preamble, tables, Some(&footer))
    }
}
