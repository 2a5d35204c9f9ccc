//! One report value per run, built from engine results; one renderer per format.
//!
//! [`Report`] holds exact decimals and names: everything any format shows. `sections` turns it
//! into titled rows (human units or exact figures), which `table`, `markdown` and `csv` lay
//! out; `json` writes the contract of `docs/scenario-format.md` directly from the report.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod sections;
pub mod table;

use rust_decimal::Decimal;

use crate::engine::arith::{self, Checked};
use crate::engine::commitments::flow;
use crate::engine::outcomes::{self, Expected, Outcome};
use crate::engine::rounds::{CapTable, RoundError, run};
use crate::scenario::model::{Basis, Scenario};

/// Everything the `report` command shows, exact.
#[derive(Clone, Debug)]
pub struct Report {
    pub name: String,
    pub currency: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub basis: Basis,
    pub annual_revenue: Option<Decimal>,
    /// Each condition and the value the headline assumes.
    pub conditions: Vec<ConditionInfo>,
    pub rounds: Vec<RoundReport>,
    pub outcomes: Vec<OutcomeReport>,
    pub expected: Option<ExpectedReport>,
    pub commitments: Vec<CommitmentReport>,
}

#[derive(Clone, Debug)]
pub struct ConditionInfo {
    pub name: String,
    pub description: Option<String>,
    pub probability: Option<Decimal>,
    pub assumed: bool,
}

#[derive(Clone, Debug)]
pub struct RoundReport {
    pub name: String,
    pub date: Option<String>,
    pub pre_money: Decimal,
    pub new_money: Decimal,
    pub post_money: Decimal,
    /// Pre-money plus every tranche, paid or not: the post-money as announced.
    pub announced_post_money: Decimal,
    pub price_per_share: Option<Decimal>,
    pub revenue_multiple: Option<Decimal>,
    pub holders: Vec<HolderRow>,
}

#[derive(Clone, Debug)]
pub struct HolderRow {
    pub name: String,
    pub class: String,
    pub pool: bool,
    /// Money put in during this round.
    pub invested: Decimal,
    /// `None` in value terms.
    pub shares: Option<Decimal>,
    pub ownership_before: Decimal,
    pub ownership: Decimal,
    pub value: Decimal,
}

#[derive(Clone, Debug)]
pub struct OutcomeReport {
    /// Condition values, in declaration order.
    pub conditions: Vec<bool>,
    pub probability: Option<Decimal>,
    pub new_money: Decimal,
    pub post_money: Decimal,
    pub holders: Vec<OutcomeHolderRow>,
}

#[derive(Clone, Debug)]
pub struct OutcomeHolderRow {
    pub name: String,
    pub invested: Decimal,
    pub shares: Option<Decimal>,
    pub ownership: Decimal,
    pub value: Decimal,
}

#[derive(Clone, Debug)]
pub struct ExpectedReport {
    pub new_money: Decimal,
    pub post_money: Decimal,
    /// Name, expected ownership, expected value.
    pub holders: Vec<(String, Decimal, Decimal)>,
}

#[derive(Clone, Debug)]
pub struct CommitmentReport {
    pub counterparty: String,
    pub description: Option<String>,
    pub amount: Decimal,
    pub years: Option<Decimal>,
    pub margin: Option<Decimal>,
    pub invested: Decimal,
    pub net_flow: Decimal,
    pub economic_cost: Option<Decimal>,
    pub implied_post_money: Option<Decimal>,
}

/// Builds the report for `scenario` with the conditions in `state` (bit i = condition i)
/// as the headline assumption.
pub fn build(scenario: &Scenario, state: u32) -> Result<Report, RoundError> {
    let mut table = CapTable::initial(scenario);
    let mut rounds = Vec::with_capacity(scenario.rounds.len());
    let mut before: Vec<Decimal> = table.units.clone();
    let mut total_before = table.total().map_err(|overflow| RoundError { round: 0, overflow })?;
    run(scenario, state, &mut table, |index, figures, table| {
        let round = &scenario.rounds[index];
        let total = figures.post_money_units;
        let holders = scenario
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.first_round.is_none_or(|first| first <= index))
            .map(|(i, party)| {
                Ok(HolderRow {
                    name: party.name.clone(),
                    class: party.class.clone(),
                    pool: party.pool,
                    invested: table.invested_round[i],
                    shares: (scenario.basis == Basis::Shares).then_some(table.units[i]),
                    ownership_before: if total_before.is_zero() {
                        Decimal::ZERO
                    } else {
                        arith::div(before[i], total_before, "ownership")?
                    },
                    ownership: table.ownership(i, total)?,
                    value: arith::mul_div(table.units[i], figures.post_money, total, "a holding's value")?,
                })
            })
            .collect::<Checked<Vec<_>>>()?;
        let revenue_multiple = scenario
            .annual_revenue
            .map(|revenue| arith::div(figures.post_money, revenue, "the revenue multiple"))
            .transpose()?;
        rounds.push(RoundReport {
            name: round.name.clone(),
            date: round.date.map(|d| d.to_string()),
            pre_money: figures.pre_money,
            new_money: figures.new_money,
            post_money: figures.post_money,
            announced_post_money: arith::add(figures.pre_money, figures.committed, "post-money")?,
            price_per_share: figures.price_per_share,
            revenue_multiple,
            holders,
        });
        before.clone_from(&table.units);
        total_before = total;
        Ok(())
    })?;

    let last = scenario.rounds.len().saturating_sub(1);
    let wrap = |overflow| RoundError { round: last, overflow };
    let commitments = scenario
        .commitments
        .iter()
        .map(|c| {
            let flow = flow(c, &table)?;
            Ok(CommitmentReport {
                counterparty: c.counterparty.clone(),
                description: c.description.clone(),
                amount: c.amount,
                years: c.years,
                margin: c.margin,
                invested: flow.invested,
                net_flow: flow.net_flow,
                economic_cost: flow.economic_cost,
                implied_post_money: flow.implied_post_money,
            })
        })
        .collect::<Checked<Vec<_>>>()
        .map_err(wrap)?;

    let all_outcomes = outcomes::outcomes(scenario)?;
    let expected = outcomes::expected(scenario, &all_outcomes).map_err(wrap)?;
    Ok(Report {
        name: scenario.name.clone(),
        currency: scenario.currency.clone(),
        description: scenario.description.clone(),
        sources: scenario.sources.clone(),
        basis: scenario.basis,
        annual_revenue: scenario.annual_revenue,
        conditions: scenario
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| ConditionInfo {
                name: c.name.clone(),
                description: c.description.clone(),
                probability: c.probability,
                assumed: state >> i & 1 == 1,
            })
            .collect(),
        rounds,
        outcomes: all_outcomes
            .iter()
            .map(|o| outcome_report(scenario, o))
            .collect(),
        expected: expected.map(|e| expected_report(scenario, &e)),
        commitments,
    })
}

fn outcome_report(scenario: &Scenario, outcome: &Outcome) -> OutcomeReport {
    OutcomeReport {
        conditions: (0..scenario.conditions.len())
            .map(|i| outcome.state >> i & 1 == 1)
            .collect(),
        probability: outcome.probability,
        new_money: outcome.new_money,
        post_money: outcome.post_money,
        holders: scenario
            .parties
            .iter()
            .zip(&outcome.holders)
            .map(|(party, h)| OutcomeHolderRow {
                name: party.name.clone(),
                invested: h.invested,
                shares: (scenario.basis == Basis::Shares).then_some(h.units),
                ownership: h.ownership,
                value: h.value,
            })
            .collect(),
    }
}

fn expected_report(scenario: &Scenario, expected: &Expected) -> ExpectedReport {
    ExpectedReport {
        new_money: expected.new_money,
        post_money: expected.post_money,
        holders: scenario
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), expected.ownership[i], expected.value[i]))
            .collect(),
    }
}
