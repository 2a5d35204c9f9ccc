//! `compare`: several scenarios side by side, with differences against the first.

use super::{computation_error, headline_state, load};
use crate::cli::CompareArgs;
use crate::diagnostic::Sources;
use crate::render::{self, Document};
use crate::report::sections;
use crate::scenario::ConditionSet;
use crate::{Error, output, report};

pub fn run(args: &CompareArgs) -> Result<(), Error> {
    let options = &args.options;
    super::check_format(options)?;
    let mut reports = Vec::with_capacity(args.files.len());
    // Each scenario and its headline state, for the workbook's sources sheet.
    let mut scenarios = Vec::with_capacity(args.files.len());
    let mut inputs = output::Inputs::none();
    let mut failures = Vec::new();
    for path in &args.files {
        let mut sources = Sources::default();
        let loaded = match load(path, &options.overrides.set, &mut sources) {
            Ok(loaded) => loaded,
            Err(error) => {
                failures.push(error);
                continue;
            }
        };
        inputs.extend(&loaded.inputs);
        let state = headline_state(&loaded.scenario, &options.assume)?;
        match report::build(&loaded.scenario, state) {
            Ok(report) => {
                reports.push(report);
                scenarios.push((loaded.scenario, state));
            }
            Err(e) => failures.push(computation_error(path, &loaded, e, &sources)),
        }
    }
    if !failures.is_empty() {
        return Err(Error::Several {
            errors: failures,
            closing: None,
        });
    }
    if let Some(path) = &options.output {
        output::check(path, &inputs).map_err(Error::Output)?;
    }
    let labels = labels(args.files.len());
    let preamble = args
        .files
        .iter()
        .zip(&reports)
        .zip(&labels)
        .map(|((path, report), label)| format!("{label}: {} ({path})", report.name))
        .collect();
    let provenance: Vec<(&str, &crate::scenario::Scenario, ConditionSet)> = labels
        .iter()
        .zip(&scenarios)
        .map(|(label, (scenario, state))| (label.as_str(), scenario, *state))
        .collect();
    #[derive(serde::Serialize)]
    struct Compared<T> {
        scenarios: Vec<T>,
    }
    let doc = Document::new(
        reports.first().map_or("USD", |r| r.currency.as_str()),
        |n| vec![sections::compare(&reports, &labels, n)],
        || {
            render::json::to_string(&Compared {
                scenarios: reports.iter().map(report::json::report).collect(),
            })
        },
    )
    .preamble(preamble)
    .classes(
        &reports
            .iter()
            .flat_map(|r| r.class_titles.clone())
            .collect::<Vec<_>>(),
    )
    .sources(|| sections::sources(&provenance, &options.overrides.set));
    super::emit(&doc, options, &inputs)
}

/// Column labels: A, B, C… (the preamble maps each to its scenario and file).
fn labels(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let letter = char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
            if i < 26 {
                letter.to_string()
            } else {
                format!("{letter}{}", i / 26)
            }
        })
        .collect()
}
