//! Sweeps: the scenario evaluated at many values of one or more inputs, fast.
//!
//! An input is a [`Slot`]: one decimal field of the validated model (a round's pre-money, an
//! investment's amount, a probability, …). The sweep writes each grid value into the slots of
//! a private copy of the scenario and re-runs the rounds on a reused cap table: no parsing, no
//! validation and no allocation per point.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

use super::arith::{self, Checked};
use super::rounds::{CapTable, RoundError, RoundFigures, apply_round};
use crate::scenario::model::{PoolChange, Scenario, Terms};

/// A decimal field of the model that an input of the file ends up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Terms(usize),
    InvestmentAmount(usize, usize),
    TrancheAmount(usize, usize, usize),
    PoolChange(usize),
    Probability(usize),
    Initial(usize),
    InstrumentAmount(usize),
    InstrumentCap(usize),
    InstrumentDiscount(usize),
    CommitmentAmount(usize),
    CommitmentMargin(usize),
    AnnualRevenue,
}

/// Every slot of a scenario with its value.
pub fn slots(scenario: &Scenario) -> Vec<(Slot, Decimal)> {
    let mut all = Vec::new();
    for (r, round) in scenario.rounds.iter().enumerate() {
        let terms = match round.terms {
            Terms::PreMoney(v) | Terms::PostMoney(v) | Terms::PricePerShare(v) => v,
        };
        all.push((Slot::Terms(r), terms));
        if let Some(PoolChange::Target(v) | PoolChange::Increase(v)) = round.pool {
            all.push((Slot::PoolChange(r), v));
        }
        for (i, investment) in round.investments.iter().enumerate() {
            all.push((Slot::InvestmentAmount(r, i), investment.amount));
            for (t, tranche) in investment.tranches.iter().enumerate() {
                all.push((Slot::TrancheAmount(r, i, t), tranche.amount));
            }
        }
    }
    for (c, condition) in scenario.conditions.iter().enumerate() {
        if let Some(p) = condition.probability {
            all.push((Slot::Probability(c), p));
        }
    }
    for (p, party) in scenario.parties.iter().enumerate() {
        all.push((Slot::Initial(p), party.initial));
    }
    for (k, instrument) in scenario.instruments.iter().enumerate() {
        all.push((Slot::InstrumentAmount(k), instrument.amount));
        if let Some(cap) = instrument.cap {
            all.push((Slot::InstrumentCap(k), cap));
        }
        if let Some(discount) = instrument.discount {
            all.push((Slot::InstrumentDiscount(k), discount));
        }
    }
    for (k, commitment) in scenario.commitments.iter().enumerate() {
        all.push((Slot::CommitmentAmount(k), commitment.amount));
        if let Some(margin) = commitment.margin {
            all.push((Slot::CommitmentMargin(k), margin));
        }
    }
    if let Some(revenue) = scenario.annual_revenue {
        all.push((Slot::AnnualRevenue, revenue));
    }
    all
}

/// The field behind a slot.
pub fn slot_mut(scenario: &mut Scenario, slot: Slot) -> Option<&mut Decimal> {
    Some(match slot {
        Slot::Terms(r) => match &mut scenario.rounds.get_mut(r)?.terms {
            Terms::PreMoney(v) | Terms::PostMoney(v) | Terms::PricePerShare(v) => v,
        },
        Slot::InvestmentAmount(r, i) => {
            &mut scenario.rounds.get_mut(r)?.investments.get_mut(i)?.amount
        }
        Slot::TrancheAmount(r, i, t) => {
            &mut scenario
                .rounds
                .get_mut(r)?
                .investments
                .get_mut(i)?
                .tranches
                .get_mut(t)?
                .amount
        }
        Slot::PoolChange(r) => match scenario.rounds.get_mut(r)?.pool.as_mut()? {
            PoolChange::Target(v) | PoolChange::Increase(v) => v,
        },
        Slot::Probability(c) => scenario.conditions.get_mut(c)?.probability.as_mut()?,
        Slot::Initial(p) => &mut scenario.parties.get_mut(p)?.initial,
        Slot::InstrumentAmount(k) => &mut scenario.instruments.get_mut(k)?.amount,
        Slot::InstrumentCap(k) => scenario.instruments.get_mut(k)?.cap.as_mut()?,
        Slot::InstrumentDiscount(k) => scenario.instruments.get_mut(k)?.discount.as_mut()?,
        Slot::CommitmentAmount(k) => &mut scenario.commitments.get_mut(k)?.amount,
        Slot::CommitmentMargin(k) => scenario.commitments.get_mut(k)?.margin.as_mut()?,
        Slot::AnnualRevenue => scenario.annual_revenue.as_mut()?,
    })
}

/// The slots an input lands in, found by comparing the scenario validated with the input at
/// `a` and at `b`: every field that differs must hold exactly the input's value. `None` if the
/// input changes something else too (it is then not a plain decimal input).
pub fn find_slots(at_a: &Scenario, a: Decimal, at_b: &Scenario, b: Decimal) -> Option<Vec<Slot>> {
    let (slots_a, slots_b) = (slots(at_a), slots(at_b));
    if slots_a.len() != slots_b.len() {
        return None;
    }
    let mut found = Vec::new();
    for ((slot_a, value_a), (slot_b, value_b)) in slots_a.iter().zip(&slots_b) {
        if slot_a != slot_b {
            return None;
        }
        if value_a != value_b {
            if *value_a != a || *value_b != b {
                return None;
            }
            found.push(*slot_a);
        }
    }
    (!found.is_empty()).then_some(found)
}

/// What a sweep reports at each point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    PostMoney,
    PreMoney,
    NewMoney,
    PricePerShare,
    Ownership(usize),
    Value(usize),
    Invested(usize),
}

/// Runs every round up to `last` (inclusive) and writes the metrics after it into `out`.
/// `None` for a price per share in value terms.
pub fn evaluate(
    scenario: &Scenario,
    state: u32,
    last: usize,
    metrics: &[Metric],
    table: &mut CapTable,
    out: &mut [Option<Decimal>],
) -> Result<(), RoundError> {
    table.reset(scenario);
    // Each point is one evaluation: the solver's work bound (meant for the 2^n outcomes of one
    // report) counts afresh.
    table.solver_steps = 0;
    let mut figures: Option<RoundFigures> = None;
    for index in 0..=last.min(scenario.rounds.len().saturating_sub(1)) {
        figures = Some(apply_round(scenario, index, state, table)?);
    }
    let Some(figures) = figures else {
        return Ok(());
    };
    let wrap = |overflow| RoundError {
        round: last,
        overflow,
    };
    for (metric, slot) in metrics.iter().zip(out.iter_mut()) {
        *slot = metric_value(metric, &figures, table).map_err(wrap)?;
    }
    Ok(())
}

fn metric_value(
    metric: &Metric,
    figures: &RoundFigures,
    table: &CapTable,
) -> Checked<Option<Decimal>> {
    let total = figures.post_money_units;
    Ok(match *metric {
        Metric::PostMoney => Some(figures.post_money),
        Metric::PreMoney => Some(figures.pre_money),
        Metric::NewMoney => Some(figures.new_money),
        Metric::PricePerShare => figures.price_per_share,
        Metric::Ownership(p) => Some(table.ownership(p, total)?),
        Metric::Value(p) => Some(if total.is_zero() {
            Decimal::ZERO
        } else {
            arith::mul_div(
                table.units[p],
                figures.post_money,
                total,
                "a holding's value",
            )?
        }),
        Metric::Invested(p) => Some(table.invested_total[p]),
    })
}

/// The values FROM, FROM + STEP, … up to and including TO (exact decimals).
pub fn range(
    from: Decimal,
    to: Decimal,
    step: Decimal,
    limit: usize,
) -> Result<Vec<Decimal>, String> {
    if step <= Decimal::ZERO {
        return Err("STEP must be more than zero".into());
    }
    if to < from {
        return Err("TO must not be below FROM".into());
    }
    let count = (to - from)
        .checked_div(step)
        .and_then(|n| n.floor().to_usize())
        .and_then(|n| n.checked_add(1))
        .ok_or("the range has too many points")?;
    if count > limit {
        return Err(format!("the range has {count} points; at most {limit}"));
    }
    let mut values = Vec::with_capacity(count);
    let mut value = from;
    for _ in 0..count {
        values.push(value);
        value = value.checked_add(step).ok_or("the range overflows")?;
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::range;
    use rust_decimal::Decimal;

    #[test]
    fn ranges_include_both_ends_exactly() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(
            range(d(600), d(900), d(100), 10),
            Ok(vec![d(600), d(700), d(800), d(900)])
        );
        assert_eq!(range(d(600), d(950), d(100), 10).map(|v| v.len()), Ok(4));
        assert_eq!(
            range(
                Decimal::new(1, 1),
                Decimal::new(3, 1),
                Decimal::new(1, 1),
                10
            ),
            Ok(vec![
                Decimal::new(1, 1),
                Decimal::new(2, 1),
                Decimal::new(3, 1)
            ])
        );
        assert!(range(d(1), d(0), d(1), 10).is_err());
        assert!(range(d(0), d(1), d(0), 10).is_err());
        assert!(range(d(0), d(100), d(1), 10).is_err());
    }
}
