//! `check`: validate every file given, report every problem in every file.

use super::{computation_error, load};
use crate::cli::CheckArgs;
use crate::diagnostic::Sources;
use crate::{Error, report};

pub fn run(args: &CheckArgs) -> Result<(), Error> {
    let mut failures = Vec::new();
    for path in &args.files {
        let mut sources = Sources::default();
        match load(path, &args.overrides.set, &mut sources) {
            Ok(loaded) => {
                let scenario = &loaded.scenario;
                // A valid file must also compute: run every outcome once.
                let shown = if path == "-" { "<stdin>" } else { path };
                match report::build_with(scenario, scenario.assumed_state(), false) {
                    // Its warnings are printed above; with --deny-warnings they fail the file.
                    Ok(_) if args.deny_warnings && !loaded.warnings.is_empty() => {
                        let count = loaded.warnings.len();
                        failures.push(Error::Input(format!(
                            "error: {shown}: {count} {} denied by --deny-warnings",
                            plural(count, "warning", "warnings")
                        )));
                    }
                    Ok(_) => println!(
                        "{}: ok ({} {}, {} {}, {} {})",
                        shown,
                        scenario.rounds.len(),
                        plural(scenario.rounds.len(), "round", "rounds"),
                        scenario.parties.len(),
                        plural(scenario.parties.len(), "party", "parties"),
                        scenario.conditions.len(),
                        plural(scenario.conditions.len(), "condition", "conditions"),
                    ),
                    Err(e) => failures.push(computation_error(path, &loaded, e, &sources)),
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

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
