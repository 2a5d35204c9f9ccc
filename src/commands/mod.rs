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
use crate::engine::{OverflowKind, RoundError};
use crate::scenario::{self, ConditionSet, Scenario};

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

/// Refuses, before anything is read, output options that cannot go together (see
/// [`crate::cli::Format::check`]).
pub fn check_format(options: &crate::cli::RenderOptions) -> Result<(), Error> {
    options
        .format
        .check(options.output.is_some(), options.long)
        .map_err(Error::Usage)
}

/// Renders `doc` in the chosen format and writes it to standard output or `--output`.
pub fn emit(
    doc: &crate::render::Document<'_>,
    options: &crate::cli::RenderOptions,
    inputs: &crate::output::Inputs,
) -> Result<(), Error> {
    let style = crate::render::Style::of(options, stdout_color(options.output.is_some()));
    let bytes = crate::render::render(doc, options.format, &style).map_err(Error::Output)?;
    crate::output::write(options.output.as_deref().into(), &bytes, inputs).map_err(Error::Output)
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
        // A `--set` key that leads nowhere is a mistake on the command line (exit 2: see
        // `Error::exit_code`).
        Err(diagnostics) => Err(Error::problems(path, diagnostics, sources)),
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
        Err(diagnostics) => Err(Error::problems(path, diagnostics, sources)),
    }
}

/// The condition state for the headline: each condition's `assume`, then `--assume`.
pub fn headline_state(
    scenario: &Scenario,
    overrides: &[(String, bool)],
) -> Result<ConditionSet, Error> {
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
        state = state.set(index, *value);
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
        return Error::problems(path, vec![diagnostic], sources);
    }
    let round = loaded.scenario.rounds.get(error.round);
    let name = round.map_or_else(String::new, |r| format!(" in round {:?}", r.name));
    if error.overflow.kind == OverflowKind::PoolTooSmall {
        let mut diagnostic = Diagnostic::error(
            Code::PoolTooSmall,
            format!("the pool is too small for the grants{name}"),
        )
        .help("at the round's closing the unallocated pool (after any top-up) holds fewer shares than its [[round.grant]] items grant: grant fewer shares, or top the pool up in the round (pool_target or pool_increase)");
        if let Some(span) = loaded.locations.rounds.get(error.round) {
            diagnostic = diagnostic.at(*span, "the grants of this round");
        }
        return Error::problems(path, vec![diagnostic], sources);
    }
    let help = if error.overflow.kind == OverflowKind::TooSlow {
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
    Error::problems(path, vec![diagnostic], sources)
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
                let value = if fault.state.holds(i) { "yes" } else { "no" };
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
            let name = &scenario.parties.get(seller.index())?.name;
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
