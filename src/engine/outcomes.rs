//! Contingent outcomes: the scenario under every combination of condition values.
//!
//! Conditions are independent events. The outcomes come in the order of
//! [`ConditionSet::outcomes`]: counting in binary with the first declared condition the most
//! significant bit, `false` before `true`.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::arith::{self, Checked};
use super::captable::{AtPrice, value_after};
use super::rounds::{CapTable, RoundError, holding_value, run};
use crate::scenario::id;
use crate::scenario::model::{ConditionSet, PartyId, Scenario};

/// The scenario after its last round under one combination of condition values.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The conditions that hold.
    pub state: ConditionSet,
    /// Product of each condition's probability (or its complement); `None` unless every
    /// condition has a probability.
    pub probability: Option<Decimal>,
    /// New money over all rounds.
    pub new_money: Decimal,
    /// Post-money after the last round.
    pub post_money: Decimal,
    /// Indexed like `Scenario::parties`.
    pub holders: Vec<OutcomeHolder>,
}

#[derive(Clone, Copy, Debug)]
pub struct OutcomeHolder {
    /// Money put in over all rounds.
    pub invested: Decimal,
    /// Units after the last round (shares, or money in value terms).
    pub units: Decimal,
    pub ownership: Decimal,
    /// Ownership × post-money.
    pub value: Decimal,
}

/// Probability-weighted figures over all outcomes.
#[derive(Clone, Debug)]
pub struct Expected {
    pub new_money: Decimal,
    pub post_money: Decimal,
    /// Expected ownership per party, indexed like `Scenario::parties`.
    pub ownership: Vec<Decimal>,
    /// Expected value per party: each outcome's value of the holding (at the last round's
    /// price with share counts, else ownership × post-money), weighted by its probability.
    pub value: Vec<Decimal>,
}

/// Every outcome, in binary counting order.
pub fn outcomes(scenario: &Scenario) -> Result<Vec<Outcome>, RoundError> {
    let states = ConditionSet::outcomes(scenario.conditions.len());
    let mut table = CapTable::initial(scenario);
    let mut result = Vec::with_capacity(states.len());
    for state in states {
        result.push(evaluate(scenario, state, &mut table)?);
    }
    Ok(result)
}

/// The scenario under one condition state.
pub fn evaluate(
    scenario: &Scenario,
    state: ConditionSet,
    table: &mut CapTable,
) -> Result<Outcome, RoundError> {
    let mut new_money = Decimal::ZERO;
    let mut post_money = Decimal::ZERO;
    let mut last_figures = None;
    run(scenario, state, table, |_, figures, _| {
        new_money = arith::add(new_money, figures.new_money, "new money")?;
        post_money = figures.post_money;
        last_figures = Some(*figures);
        Ok(())
    })?;
    let last = scenario.rounds.len().saturating_sub(1);
    let wrap = |overflow| RoundError::new(last, overflow);
    let total = table.total().map_err(wrap)?;
    let at_price = match &last_figures {
        Some(figures) => AtPrice::of(figures).map_err(wrap)?,
        None => None,
    };
    let holders = id::ids::<PartyId>(scenario.parties.len())
        .map(|party| {
            let ownership = table.ownership(party, total)?;
            let value = match &last_figures {
                Some(figures) => value_after(figures, at_price, table.units[party])?,
                None => holding_value(table.units[party], post_money, total)?,
            };
            Ok(OutcomeHolder {
                invested: table.invested_total[party],
                units: table.units[party],
                ownership,
                value,
            })
        })
        .collect::<Checked<Vec<_>>>()
        .map_err(wrap)?;
    Ok(Outcome {
        state,
        probability: probability(scenario, state).map_err(wrap)?,
        new_money,
        post_money,
        holders,
    })
}

/// The probability of a condition state, if every condition has a probability.
pub fn probability(scenario: &Scenario, state: ConditionSet) -> Checked<Option<Decimal>> {
    let mut product = Decimal::ONE;
    for (i, condition) in scenario.conditions.iter().enumerate() {
        let Some(p) = condition.probability else {
            return Ok(None);
        };
        let factor = if state.holds(i) { p } else { Decimal::ONE - p };
        product = arith::mul(product, factor, "an outcome's probability")?;
    }
    Ok(Some(product))
}

/// Probability-weighted new money, post-money and ownership; `None` without probabilities.
///
/// For ownership, outcomes that end in the same cap table (say, every outcome in which a
/// contingent tranche is paid) are weighed together: their probabilities are added first, so
/// each distinct cap table costs one rounding of p × units ÷ total instead of one per outcome.
pub fn expected(scenario: &Scenario, outcomes: &[Outcome]) -> Checked<Option<Expected>> {
    let parties = scenario.parties.len();
    let mut expected = Expected {
        new_money: Decimal::ZERO,
        post_money: Decimal::ZERO,
        ownership: vec![Decimal::ZERO; parties],
        value: vec![Decimal::ZERO; parties],
    };
    // Distinct final cap tables, in order of first appearance, with their total probability.
    let mut groups: Vec<(&Outcome, Decimal)> = Vec::new();
    let mut index: HashMap<Vec<Decimal>, usize> = HashMap::new();
    for outcome in outcomes {
        let Some(p) = outcome.probability else {
            return Ok(None);
        };
        let key: Vec<Decimal> = outcome
            .holders
            .iter()
            .map(|h| h.units.normalize())
            .collect();
        match index.get(&key) {
            Some(&g) => groups[g].1 = arith::add(groups[g].1, p, "an outcome's probability")?,
            None => {
                index.insert(key, groups.len());
                groups.push((outcome, p));
            }
        }
    }
    // Money figures outcome by outcome: two outcomes can end in the same cap table with
    // different money (a tranche too small to buy a whole share), so only ownership is grouped.
    for outcome in outcomes {
        let p = outcome.probability.unwrap_or_default();
        let weigh = |acc: Decimal, x: Decimal, what| arith::add(acc, arith::mul(p, x, what)?, what);
        expected.new_money = weigh(expected.new_money, outcome.new_money, "expected new money")?;
        expected.post_money = weigh(
            expected.post_money,
            outcome.post_money,
            "expected post-money",
        )?;
        for (party, holder) in outcome.holders.iter().enumerate() {
            expected.value[party] = weigh(expected.value[party], holder.value, "expected value")?;
        }
    }
    // Expected ownership: Σ p × units ÷ total, rounded once.
    let totals = groups
        .iter()
        .map(|(outcome, _)| {
            arith::sum(
                outcome.holders.iter().map(|h| h.units),
                "the fully diluted total",
            )
        })
        .collect::<Checked<Vec<_>>>()?;
    for party in 0..parties {
        let terms = groups
            .iter()
            .zip(&totals)
            .filter(|(_, total)| !total.is_zero())
            .map(|((outcome, p), total)| {
                Ok((
                    arith::mul(*p, outcome.holders[party].units, "expected ownership")?,
                    *total,
                ))
            })
            .collect::<Checked<Vec<_>>>()?;
        expected.ownership[party] = match arith::sum_of_ratios(terms.iter().copied()) {
            Some(sum) => sum,
            // Beyond the exact path: one rounding per term.
            None => terms.iter().try_fold(Decimal::ZERO, |acc, &(a, b)| {
                arith::add(
                    acc,
                    arith::div(a, b, "expected ownership")?,
                    "expected ownership",
                )
            })?,
        };
    }
    Ok(Some(expected))
}
