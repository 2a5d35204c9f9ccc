//! `import ocf`: an Open Cap Format package → a commented scenario file (see `crate::ocf`).

use std::path::Path;

use crate::Error;
use crate::cli::{ImportArgs, PackageFormat};
use crate::ocf;
use crate::output::{self, Destination};
use crate::scenario::model::Date;

pub fn run(args: &ImportArgs) -> Result<(), Error> {
    match args.format {
        PackageFormat::Ocf => import_ocf(args),
    }
}

/// `--as-of YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    ocf::date(&serde_json::Value::String(text.to_string()))
        .filter(|_| text.trim().len() == 10)
        .ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD, such as 2025-12-31"))
}

fn import_ocf(args: &ImportArgs) -> Result<(), Error> {
    if args.strict {
        // Refuse rather than pass every package: the schemas are not vendored yet.
        return Err(Error::Usage(
            "--strict: validation against the OCF 1.2.0 JSON schemas is not built yet; import without it".into(),
        ));
    }
    let package = ocf::read::read(Path::new(&args.path))
        .map_err(|e| Error::Input(format!("error[E0040]: {e}\n  help: give a folder holding Manifest.ocf.json, the manifest itself, or a .zip of the package")))?;
    // Every item is checked; without --strict a failing item is a warning.
    let problems = ocf::schema::check_items(&package);
    if args.strict && !problems.is_empty() {
        let mut text = String::new();
        for p in &problems {
            text.push_str(&format!("error[E0041]: {p}\n"));
        }
        text.push_str(&format!(
            "error: {} item{} of `{}` fail the OCF {} schemas (--strict)\n  help: fix the export, or import without --strict to read it leniently (each problem is then a warning)",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            args.path,
            ocf::OCF_VERSION
        ));
        return Err(Error::Input(text));
    }
    let table = ocf::replay::replay(&package, args.as_of)
        .map_err(|e| Error::Input(format!("error[E0040]: `{}`: {e}", args.path)))?;
    let mut written = ocf::write::write(&table, &args.path, package.as_of, ocf::today());
    if !problems.is_empty() {
        let header = format!(
            "  schema warnings ({} item{} fail the OCF {} schemas; --strict refuses them):",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            ocf::OCF_VERSION
        );
        let mut extra = vec![header];
        extra.extend(problems.iter().map(|p| format!("    - {p}")));
        written.reconciliation.extend(extra.iter().cloned());
        let comment: String = extra.iter().map(|l| format!("# {l}\n")).collect();
        if let Some(at) = written.text.find("\n\n") {
            written.text.insert_str(at + 1, &comment);
        }
    }
    for line in &written.reconciliation {
        eprintln!("{line}");
    }
    output::write(
        Destination::from(args.output.as_deref()),
        written.text.as_bytes(),
        &package.inputs,
    )
    .map_err(Error::Output)
}
