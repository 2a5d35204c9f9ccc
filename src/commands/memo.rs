//! `memo`: compute the report and write memo.md, memo.html and the charts into a folder.

use std::path::Path;

use super::{computation_error, headline_state, load};
use crate::cli::MemoArgs;
use crate::diagnostic::Sources;
use crate::report::memo::Memo;
use crate::report::sections::Numbers;
use crate::{Error, output, report};

pub fn run(args: &MemoArgs) -> Result<(), Error> {
    let mut sources = Sources::default();
    let loaded = load(&args.file, &args.overrides.set, &mut sources)?;
    let state = headline_state(&loaded.scenario, &args.assume)?;
    let report = report::build(&loaded.scenario, state)
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    let numbers = if args.exact {
        Numbers::Exact
    } else {
        Numbers::Human {
            decimals: args.decimals,
            currency: report.currency.clone(),
        }
    };
    let memo = Memo::build(&loaded.scenario, &report, &numbers, args.decimals);
    write_all(&args.output, &args.file, &memo.files())
}

/// Creates `folder` if needed and writes each file into it atomically, refusing to replace the
/// scenario file itself.
fn write_all(folder: &Path, scenario: &str, files: &[(String, String)]) -> Result<(), Error> {
    let shown = folder.display();
    if folder.exists() && !folder.is_dir() {
        return Err(Error::Output(format!(
            "--output {shown} is a file; name a folder for memo.md, memo.html and the charts"
        )));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::Output(format!("cannot create the folder {shown}: {e}")))?;
    let scenario_path = (scenario != "-")
        .then(|| std::fs::canonicalize(scenario).ok())
        .flatten();
    for (name, text) in files {
        let path = folder.join(name);
        if let (Some(scenario_path), Ok(target)) = (&scenario_path, std::fs::canonicalize(&path))
            && *scenario_path == target
        {
            return Err(Error::Output(format!(
                "{} is the scenario file; choose another --output folder",
                path.display()
            )));
        }
        output::write(Some(&path), text).map_err(Error::Output)?;
    }
    Ok(())
}
