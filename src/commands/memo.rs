//! `memo`: compute the report and write memo.md, memo.html and the charts into a folder.

use std::path::Path;

use super::{computation_error, headline_state, load};
use crate::cli::MemoArgs;
use crate::diagnostic::Sources;
use crate::output::Inputs;
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
        Numbers::human(args.decimals, report.currency.clone(), args.money_decimals)
            .with_classes(&report.class_titles)
    };
    let memo = Memo::build(&loaded.scenario, &report, &numbers, args.decimals);
    write_all(&args.output, &memo.files(), &loaded.inputs)
}

/// Creates `folder` if needed and writes each file into it atomically. No file may be one the
/// run read (a hard or symbolic link to the scenario called memo.md, say): all are checked
/// before the first is written.
fn write_all(folder: &Path, files: &[(String, String)], inputs: &Inputs) -> Result<(), Error> {
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
    for (name, text) in files {
        let path = folder.join(name);
        output::write(output::Destination::File(&path), text.as_bytes(), inputs)
            .map_err(Error::Output)?;
    }
    Ok(())
}
