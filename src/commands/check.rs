//! `check`: validate every file given, report every problem in every file.

use super::{computation_error, load};
use crate::cli::CheckArgs;
use crate::diagnostic::Sources;
use crate::{Error, report};

pub fn run(args: &CheckArgs) -> Result<(), Error> {
    let mut failures = String::new();
    let mut failed = 0;
    let mut arguments_wrong = false;
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
                        failed += 1;
                        let count = loaded.warnings.len();
                        failures.push_str(&format!(
                            "error: {shown}: {count} {} denied by --deny-warnings\n",
                            plural(count, "warning", "warnings")
                        ));
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
                arguments_wrong |= matches!(error, Error::Arguments(_));
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
        // A `--set` that leads nowhere makes the whole command line wrong: exit 2.
        Err(if arguments_wrong {
            Error::Arguments(failures)
        } else {
            Error::Input(failures)
        })
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
