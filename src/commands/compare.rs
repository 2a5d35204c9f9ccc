//! `compare`: several scenarios side by side, with differences against the first.

use super::{computation_error, headline_state, load, stdout_color};
use crate::cli::{CompareArgs, Format};
use crate::diagnostic::Sources;
use crate::report::sections::{self, Numbers};
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
    let text = match options.format {
        Format::Xlsx => {
            let provenance: Vec<(&str, &crate::scenario::Scenario, u32)> = labels
                .iter()
                .zip(&scenarios)
                .map(|(label, (scenario, state))| (label.as_str(), scenario, *state))
                .collect();
            let sheets = [
                sections::compare(&reports, &labels, &Numbers::Exact),
                sections::sources(&provenance, &options.overrides.set),
            ];
            let currency = reports.first().map_or("USD", |r| r.currency.as_str());
            let bytes = report::xlsx::render(&sheets, currency).map_err(Error::Output)?;
            return output::write(options.output.as_deref().into(), &bytes, &inputs)
                .map_err(Error::Output);
        }
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Compared<T> {
                scenarios: Vec<T>,
            }
            report::json::to_string(&Compared {
                scenarios: reports.iter().map(report::json::report).collect(),
            })
        }
        Format::Csv => report::csv::render_as(
            &[sections::compare(&reports, &labels, &Numbers::Exact)],
            options.long,
        ),
        Format::Table | Format::Markdown => {
            let numbers = Numbers::human(
                options.decimals,
                reports
                    .first()
                    .map_or_else(|| "USD".into(), |r| r.currency.clone()),
                options.money_decimals,
            );
            let numbers = reports
                .iter()
                .fold(numbers, |n, r| n.with_classes(&r.class_titles));
            let preamble: Vec<String> = args
                .files
                .iter()
                .zip(&reports)
                .zip(&labels)
                .map(|((path, report), label)| format!("{label}: {} ({path})", report.name))
                .collect();
            let tables = numbers.per_table(|n| vec![sections::compare(&reports, &labels, n)]);
            super::text_tables(
                options.format,
                &preamble,
                &tables,
                (options.decimals, options.money_decimals),
                stdout_color(options.output.is_some()),
            )
        }
    };
    output::write(options.output.as_deref().into(), text.as_bytes(), &inputs).map_err(Error::Output)
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
