//! The exit waterfall as `exit` and `memo` show it: the rounds run under a condition state,
//! the exit report on the cap table they leave, and the expected payouts when the exits have
//! probabilities.

use rust_decimal::Decimal;

use crate::engine::CapTable;
use crate::engine::exit::ExitError;
use crate::engine::rounds::{self, RoundError};
use crate::report::exit::{self, BuildError, ExitInput, ExitReport};
use crate::scenario::{ConditionSet, Scenario};

/// Why the waterfall cannot be computed: a round fails (under the headline state or, for the
/// expected payouts, another outcome's), or an exit does (at the exit `BuildError::exit`
/// names, an index into the exits, when one is to blame).
#[derive(Clone, Debug)]
pub enum WaterfallError {
    Round(RoundError),
    Exit(BuildError),
}

impl From<RoundError> for WaterfallError {
    fn from(error: RoundError) -> Self {
        WaterfallError::Round(error)
    }
}

impl From<BuildError> for WaterfallError {
    fn from(error: BuildError) -> Self {
        WaterfallError::Exit(error)
    }
}

impl From<ExitError> for WaterfallError {
    fn from(error: ExitError) -> Self {
        WaterfallError::Exit(error.into())
    }
}

/// The cap table after the rounds under `state` and the waterfall at `exits` on it, with the
/// expected payouts when the exits have probabilities (`assumed`: `--assume` fixed the
/// conditions).
pub fn waterfall(
    scenario: &Scenario,
    exits: &[ExitInput],
    state: ConditionSet,
    assumed: bool,
) -> Result<(CapTable, ExitReport), WaterfallError> {
    let (table, mut report) = at_state(scenario, exits, state)?;
    add_expected(scenario, exits, state, assumed, &mut report)?;
    Ok((table, report))
}

/// The cap table after the rounds under `state`, and the exit report on it.
fn at_state(
    scenario: &Scenario,
    exits: &[ExitInput],
    state: ConditionSet,
) -> Result<(CapTable, ExitReport), WaterfallError> {
    let mut table = CapTable::initial(scenario);
    rounds::run(scenario, state, &mut table, |_, _, _| Ok(()))?;
    let report = exit::build(scenario, &table, exits)?;
    Ok((table, report))
}

/// Adds the expected payouts to `report` (computed at the headline state) when every exit has a
/// probability. Without conditions they weigh the exits alone. With conditions that all have a
/// probability, and no `--assume`, every outcome of the conditions is combined with every exit
/// independently: the waterfall is computed after the rounds of each outcome, and the case's
/// probability is the outcome's × the exit's. Otherwise (`--assume` fixes the conditions, or
/// some condition has no probability) the conditions keep their assumed values.
fn add_expected(
    scenario: &Scenario,
    exits: &[ExitInput],
    state: ConditionSet,
    assumed: bool,
    report: &mut ExitReport,
) -> Result<(), WaterfallError> {
    if exit::probabilities(exits).is_none() {
        return Ok(());
    }
    let independent = !assumed
        && !scenario.conditions.is_empty()
        && scenario.conditions.iter().all(|c| c.probability.is_some());
    let expected = if independent {
        let mut reports = Vec::new();
        for state in ConditionSet::outcomes(scenario.conditions.len()) {
            let p = crate::engine::outcomes::probability(scenario, state)
                .map_err(ExitError::Overflow)?
                .unwrap_or(Decimal::ZERO);
            if p.is_zero() {
                continue;
            }
            reports.push((p, state, at_state(scenario, exits, state)?.1));
        }
        let cases: Vec<(Decimal, ConditionSet, &ExitReport)> =
            reports.iter().map(|(p, s, r)| (*p, *s, r)).collect();
        exit::expected(&cases, exits, exit::ExpectedBasis::Independent(cases.len()))
    } else {
        let basis = if scenario.conditions.is_empty() {
            exit::ExpectedBasis::Exits
        } else {
            exit::ExpectedBasis::Assumed
        };
        exit::expected(&[(Decimal::ONE, state, &*report)], exits, basis)
    }?;
    report.expected = Some(expected);
    Ok(())
}

#[cfg(test)]
#[path = "waterfall_tests.rs"]
mod tests;
