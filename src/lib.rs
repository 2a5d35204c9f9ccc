//! captable: exact cap tables, valuations and contingent-tranche outcomes from scenario files.
//!
//! - `cli`: the command line (clap derive).
//! - `scenario`: the file format, from text to a validated model.
//! - `engine`: pure, checked computation on the model.
//! - `report`: one report value, rendered as a table, Markdown, CSV or JSON.
//! - `diagnostic`: problems with spans, rendered as annotated snippets.
//! - `format`: how numbers are written for people (the display rounding rule).
//! - `output`: where rendered text goes (standard output, or a file written atomically).

#![forbid(unsafe_code)]

pub mod cli;
pub mod diagnostic;
pub mod engine;
pub mod format;
pub mod output;
pub mod report;
pub mod scenario;

use std::fmt;
use std::io::IsTerminal as _;

use cli::{CheckArgs, Cli, Command, Format, RenderArgs};
use diagnostic::{Code, Diagnostic, Sources};
use engine::RoundError;
use report::sections::{self, Numbers};
use scenario::Scenario;

/// Why a run failed; each kind maps to one exit code.
#[derive(Debug)]
pub enum Error {
    /// The input is wrong; the text holds every problem, already rendered. Exit 1.
    Input(String),
    /// The command line is wrong. Exit 2.
    Usage(String),
    /// Writing the output failed. Exit 1.
    Output(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Output(_) => 1,
            Error::Usage(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(text) => f.write_str(text.trim_end()),
            Error::Usage(text) => write!(f, "error: {text}"),
            Error::Output(text) => write!(f, "error: {text}"),
        }
    }
}

/// Whether standard error gets colour: a terminal, and `NO_COLOR` unset or empty.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && no_color_unset()
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Report(args) => render(&args, View::Report),
        Command::Outcomes(args) => render(&args, View::Outcomes),
        Command::Check(args) => check(&args),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Report,
    Outcomes,
}

/// Loads one scenario, printing its warnings; on failure the error holds every problem.
fn load(path: &str, sources: &mut Sources) -> Result<scenario::Loaded, Error> {
    match scenario::load(path, sources) {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                eprint!(
                    "{}",
                    diagnostic::render(&loaded.warnings, sources, stderr_color())
                );
            }
            Ok(loaded)
        }
        Err(diagnostics) => Err(Error::Input(render_failure(path, &diagnostics, sources))),
    }
}

fn render_failure(path: &str, diagnostics: &[Diagnostic], sources: &Sources) -> String {
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
fn headline_state(scenario: &Scenario, overrides: &[(String, bool)]) -> Result<u32, Error> {
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
fn computation_error(
    path: &str,
    loaded: &scenario::Loaded,
    error: RoundError,
    sources: &Sources,
) -> Error {
    let round = loaded.scenario.rounds.get(error.round);
    let name = round.map_or_else(String::new, |r| format!(" in round {:?}", r.name));
    let mut diagnostic = Diagnostic::error(
        Code::Overflow,
        format!("cannot compute {}{name}", error.overflow.what),
    )
    .help("a result is too large for a 28-digit decimal, or divides by zero: check that round's amounts for a misplaced suffix (T for B, say) or a zero");
    if let Some(span) = loaded.locations.rounds.get(error.round) {
        diagnostic = diagnostic.at(*span, "while computing this round");
    }
    Error::Input(render_failure(path, &[diagnostic], sources))
}

fn render(args: &RenderArgs, view: View) -> Result<(), Error> {
    let mut sources = Sources::default();
    let loaded = load(&args.file, &mut sources)?;
    let options = &args.options;
    let state = headline_state(&loaded.scenario, &options.assume)?;
    let report = report::build(&loaded.scenario, state)
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;

    let color = options.output.is_none() && std::io::stdout().is_terminal() && no_color_unset();
    let text = match options.format {
        Format::Json => report::json::to_string(&match view {
            View::Report => report::json::report(&report),
            View::Outcomes => report::json::outcomes_only(&report),
        }),
        Format::Csv => report::csv::render(&view_sections(&report, view, &Numbers::Exact)),
        Format::Table | Format::Markdown => {
            let numbers = Numbers::Human {
                decimals: options.decimals,
                currency: report.currency.clone(),
            };
            let sections = view_sections(&report, view, &numbers);
            let preamble = sections::preamble(&report);
            let footer = sections::rounding_note(options.decimals);
            if options.format == Format::Table {
                report::table::render(&preamble, &sections, Some(&footer), color)
            } else {
                report::markdown::render(&preamble, &sections, Some(&footer))
            }
        }
    };
    output::write(options.output.as_deref(), &text).map_err(Error::Output)
}

fn view_sections(report: &report::Report, view: View, numbers: &Numbers) -> Vec<sections::Section> {
    match view {
        View::Report => sections::report_sections(report, numbers),
        View::Outcomes => vec![sections::outcomes(report, numbers)],
    }
}

fn check(args: &CheckArgs) -> Result<(), Error> {
    let mut failures = String::new();
    let mut failed = 0;
    for path in &args.files {
        let mut sources = Sources::default();
        match load(path, &mut sources) {
            Ok(loaded) => {
                let scenario = &loaded.scenario;
                // A valid file must also compute: run every outcome once.
                match report::build(scenario, scenario.assumed_state()) {
                    Ok(_) => println!(
                        "{}: ok ({} {}, {} {}, {} {})",
                        if path == "-" { "<stdin>" } else { path },
                        scenario.rounds.len(),
                        plural(scenario.rounds.len(), "round", "rounds"),
                        scenario.parties.len(),
                        plural(scenario.parties.len(), "party", "parties"),
                        scenario.conditions.len(),
                        plural(scenario.conditions.len(), "condition", "conditions"),
                    ),
                    Err(e) => {
                        failed += 1;
                        failures
                            .push_str(&computation_error(path, &loaded, e, &sources).to_string());
                        failures.push('\n');
                    }
                }
            }
            Err(error) => {
                failed += 1;
                failures.push_str(&error.to_string());
                failures.push('\n');
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        failures.push_str(&format!(
            "error: {failed} of {} {} invalid",
            args.files.len(),
            if args.files.len() == 1 {
                "file is"
            } else {
                "files are"
            }
        ));
        Err(Error::Input(failures))
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
