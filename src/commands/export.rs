//! `export ocf`: the cap table after a round as an OCF 1.2.0 package (see `crate::ocf::export`).

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
    // Share counts are known with share counts only (`export ocf` refuses stakes); a holding
    // without one (value terms) has nothing to record.
    let holdings: Vec<Holding> = match round {
        Some(r) => built
            .rounds
            .get(r)
            .into_iter()
            .flat_map(|round| &round.holders)
            .flat_map(|h| {
                h.positions.iter().filter_map(|p| {
                    Some(Holding {
                        name: h.name.clone(),
                        class: p.class.clone(),
                        shares: p.shares?,
                        invested: p.invested,
                        pool: h.pool,
                    })
                })
            })
            .collect(),
        None => built
            .as_given
            .iter()
            .flat_map(|given| &given.holders)
            .filter_map(|h| {
                Some(Holding {
                    name: h.name.clone(),
                    class: h.class.clone(),
                    shares: h.shares?,
                    invested: h.invested,
                    pool: h.pool,
                })
            })
            .collect(),
    };
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
