//! `export ocf`: the cap table after a round as an OCF 1.2.0 package (see `crate::ocf::export`).

use rust_decimal::Decimal;

use super::{computation_error, load};
use crate::cli::{ExportArgs, PackageFormat};
use crate::diagnostic::{Code, Diagnostic, Sources};
use crate::ocf::export::{Holding, package};
use crate::output::{self, Destination};
use crate::scenario::model::Basis;
use crate::{Error, ocf, report};

pub fn run(args: &ExportArgs) -> Result<(), Error> {
    match args.format {
        PackageFormat::Ocf => export_ocf(args),
    }
}

fn export_ocf(args: &ExportArgs) -> Result<(), Error> {
    let mut sources = Sources::default();
    let loaded = load(&args.file, &args.overrides.set, &mut sources)?;
    let scenario = &loaded.scenario;
    if scenario.basis == Basis::Stakes {
        return Err(Error::problems(
            &args.file,
            vec![Diagnostic::error(
                Code::OcfNeedsShares,
                format!(
                    "`{}` gives holders' stakes, not share counts: an OCF package records shares",
                    args.file
                ),
            )
            .help("give every [[holder]] a share count (shares = …) to export it")],
            &sources,
        ));
    }
    let built = report::build(scenario, scenario.assumed_state())
        .map_err(|e| computation_error(&args.file, &loaded, e, &sources))?;
    let names: Vec<String> = scenario.rounds.iter().map(|r| r.name.clone()).collect();
    let round = match &args.round {
        Some(name) => Some(names.iter().position(|n| n == name).ok_or_else(|| {
            Error::Usage(format!(
                "--round {name:?}: the scenario has no such round (its rounds: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })?),
        None => names.len().checked_sub(1),
    };
    let files = package_files(scenario, &built, round).map_err(|overflow| {
        Error::problems(
            &args.file,
            vec![
                Diagnostic::error(
                    Code::Overflow,
                    format!("cannot export {}: it does not fit in a 28-digit decimal", overflow.what),
                )
                .help("check the holders' `invested` and `shares` for a misplaced suffix (T for B, say) or a fraction of a share"),
            ],
            &sources,
        )
    })?;
    std::fs::create_dir_all(&args.output).map_err(|e| {
        Error::Output(format!(
            "cannot create the folder `{}`: {e}",
            args.output.display()
        ))
    })?;
    for (name, bytes) in &files {
        let path = args.output.join(name);
        output::write(Destination::File(&path), bytes, &loaded.inputs).map_err(Error::Output)?;
    }
    eprintln!(
        "wrote an OCF {} package of {} files to {}",
        ocf::OCF_VERSION,
        files.len(),
        args.output.display()
    );
    Ok(())
}

/// The OCF package of `scenario` (computed as `built`, under the assumed conditions) after round
/// `round`, or of the cap table as given with `None`, in memory: file names and bytes. What
/// `export ocf` writes, and what the fuzz target checks.
pub fn package_files(
    scenario: &crate::scenario::Scenario,
    built: &report::Report,
    round: Option<usize>,
) -> crate::engine::arith::Checked<Vec<(String, Vec<u8>)>> {
    let value = serde_json::to_value(report::json::report(built)).unwrap_or_default();
    let dec = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|s| s.parse::<Decimal>().ok())
            .unwrap_or(Decimal::ZERO)
    };
    let mut holdings = Vec::new();
    match round {
        Some(r) => {
            for h in value["rounds"][r]["holders"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for p in h["positions"].as_array().into_iter().flatten() {
                    holdings.push(Holding {
                        name: h["name"].as_str().unwrap_or("").to_string(),
                        class: p["class"].as_str().unwrap_or("common").to_string(),
                        shares: dec(&p["shares"]),
                        invested: dec(&p["invested"]),
                        pool: h["pool"].as_bool().unwrap_or(false),
                    });
                }
            }
        }
        None => {
            for h in value["as_given"]["holders"]
                .as_array()
                .into_iter()
                .flatten()
            {
                holdings.push(Holding {
                    name: h["name"].as_str().unwrap_or("").to_string(),
                    class: h["class"].as_str().unwrap_or("common").to_string(),
                    shares: dec(&h["shares"]),
                    invested: dec(&h["invested"]),
                    pool: h["pool"].as_bool().unwrap_or(false),
                });
            }
        }
    }
    let as_of = round
        .and_then(|r| scenario.rounds[r].date)
        .into_iter()
        .chain(
            scenario
                .instruments
                .iter()
                .filter_map(|i| i.interest().and_then(|n| n.from)),
        )
        .max()
        .unwrap_or_else(ocf::today);
    package(scenario, &holdings, round, as_of)
}
