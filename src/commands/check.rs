//! `check`: validate every file given, report every problem in every file.
//!
//! A file with reported ranges or an unknown reading (`"80B..100B"`, `basis = "unknown"`) is
//! valid: it is checked as `report --ranges` reads it, every corner scenario validated and
//! computed, and refused (E0033) where corners would not give proven bounds.

use super::{computation_error, load_corners};
use crate::cli::CheckArgs;
use crate::diagnostic::Sources;
use crate::{Error, report};

pub fn run(args: &CheckArgs) -> Result<(), Error> {
    let mut failures = Vec::new();
    for path in &args.files {
        let mut sources = Sources::default();
        match load_corners(path, &args.overrides.set, &mut sources) {
            Ok(corners) => {
                let shown = if path == "-" { "<stdin>" } else { path };
                let count = corners.len();
                // A valid file must also compute: run every outcome of every corner once.
                let mut computed = Ok(());
                for (_, loaded) in &corners {
                    computed = compute(path, loaded, &sources);
                    if computed.is_err() {
                        break;
                    }
                }
                let Some((_, loaded)) = corners.first() else {
                    continue;
                };
                let scenario = &loaded.scenario;
                let readings = if count > 1 {
                    format!("; {count} readings of its ranges")
                } else {
                    String::new()
                };
                match computed {
                    // Its warnings are printed above; with --deny-warnings they fail the file.
                    Ok(_) if args.deny_warnings && !loaded.warnings.is_empty() => {
                        let count = loaded.warnings.len();
                        failures.push(Error::Input(format!(
                            "error: {shown}: {count} {} denied by --deny-warnings",
                            plural(count, "warning", "warnings")
                        )));
                    }
                    Ok(_) => println!(
                        "{}: ok ({} {}, {} {}, {} {}{readings})",
                        shown,
                        scenario.rounds.len(),
                        plural(scenario.rounds.len(), "round", "rounds"),
                        scenario.parties.len(),
                        plural(scenario.parties.len(), "party", "parties"),
                        scenario.conditions.len(),
                        plural(scenario.conditions.len(), "condition", "conditions"),
                    ),
                    Err(e) => failures.push(e),
                }
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        let closing = format!(
            "error: {} of {} {} invalid",
            failures.len(),
            args.files.len(),
            if args.files.len() == 1 {
                "file is"
            } else {
                "files are"
            }
        );
        // A `--set` that leads nowhere makes the whole command line wrong: exit 2 (the
        // largest of the failures' codes).
        Err(Error::Several {
            errors: failures,
            closing: Some(closing),
        })
    }
}

/// Computes one corner scenario as `report` would (every outcome once). (A file with ranges
/// whose figures corners would not bound is refused when its corners are loaded, E0033.)
fn compute(path: &str, loaded: &crate::scenario::Loaded, sources: &Sources) -> Result<(), Error> {
    let scenario = &loaded.scenario;
    report::verify(scenario, scenario.assumed_state())
        .map_err(|e| computation_error(path, loaded, e, sources))
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
