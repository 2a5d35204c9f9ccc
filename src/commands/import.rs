//! `import ocf`: an Open Cap Format package → a commented scenario file (see `crate::ocf`).

use std::path::Path;

use crate::Error;
use crate::cli::{ImportArgs, PackageFormat};
use crate::diagnostic::{Code, Diagnostic, Sources};
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
    let sources = Sources::default();
    let package = ocf::read::read(Path::new(&args.path)).map_err(|e| {
        Error::problems(
            &args.path,
            vec![Diagnostic::error(Code::OcfPackage, e).help(
                "give a folder holding Manifest.ocf.json, the manifest itself, or a .zip of the package",
            )],
            &sources,
        )
    })?;
    // Every item is checked; without --strict a failing item is a warning.
    let checked = ocf::schema::check_items(&package);
    let problems = &checked.problems;
    if args.strict && !problems.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = problems
            .iter()
            .map(|p| Diagnostic::error(Code::OcfSchema, p.as_str()))
            .collect();
        if let Some(last) = diagnostics.pop() {
            diagnostics.push(last.help(format!(
                "{} of the {} items checked fail the OCF {} schemas: fix the export, or import without --strict to read it leniently (each problem is then a warning)",
                problems.len(),
                checked.items,
                ocf::OCF_VERSION
            )));
        }
        return Err(Error::problems(&args.path, diagnostics, &sources));
    }
    let table = ocf::replay::replay(&package, args.as_of).map_err(|e| {
        Error::problems(
            &args.path,
            vec![Diagnostic::error(
                Code::OcfPackage,
                format!("`{}`: {e}", args.path),
            )],
            &sources,
        )
    })?;
    let mut written = ocf::write::write(&table, &args.path, package.as_of, ocf::today());
    let header = if problems.is_empty() {
        format!(
            "  schemas: all {} item{} valid under the OCF {} schemas",
            checked.items,
            if checked.items == 1 { " is" } else { "s are" },
            ocf::OCF_VERSION
        )
    } else {
        format!(
            "  schema warnings ({} of {} item{} fail the OCF {} schemas; --strict refuses them):",
            problems.len(),
            checked.items,
            if checked.items == 1 { "" } else { "s" },
            ocf::OCF_VERSION
        )
    };
    let mut extra = vec![header];
    extra.extend(problems.iter().map(|p| format!("    - {p}")));
    written.reconciliation.extend(extra.iter().cloned());
    if !problems.is_empty() {
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
