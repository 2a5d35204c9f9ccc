//! Sweeps: the scenario evaluated at many values of one or more inputs, fast.
//!
//! An input is a [`Slot`]: one decimal field of the validated model (a round's pre-money, an
//! investment's amount, a probability, …). The sweep writes each grid value into the slots of
//! a private copy of the scenario and re-runs the rounds on a reused cap table: no parsing, no
//! validation and no allocation per point.

use rust_decimal::Decimal;

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
    if scenario.rounds.is_empty() {
        // The cap table as given: ownership and money invested, nothing priced (the command
        // refuses the other metrics for a file with no round).
        let wrap = |overflow| RoundError { round: 0, overflow };
        let total = table.total().map_err(wrap)?;
        for (metric, slot) in metrics.iter().zip(out.iter_mut()) {
            *slot = match *metric {
                Metric::Ownership(p) => Some(table.ownership(p, total).map_err(wrap)?),
                Metric::Invested(p) => table.invested_total.get(p).copied(),
                _ => None,
            };
        }
        return Ok(());
    }
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

/// The values FROM, FROM + STEP, … up to and including TO (exact decimals), at most `limit` of
/// them. The error says what is wrong with the range, for the caller to name its argument.
pub fn range(
    from: Decimal,
    to: Decimal,
    step: Decimal,
    limit: usize,
) -> Result<Vec<Decimal>, String> {
    let steps = Steps::new(from, to, step, limit)?;
    let mut values = Vec::with_capacity(steps.count);
    let mut mantissa = steps.first;
    for _ in 0..steps.count {
        // first ≤ mantissa ≤ end < 2^96 at `scale` ≤ 28: a decimal, as `Steps::new` checked.
        values.push(
            Decimal::try_from_i128_with_scale(mantissa, steps.scale)
                .map_err(|_| steps.too_fine())?,
        );
        mantissa += steps.unit; // at most end + unit < 2^97: no overflow in i128
    }
    Ok(values)
}

/// How many values [`range`] gives, without making them (to bound a grid before allocating).
pub fn range_len(from: Decimal, to: Decimal, step: Decimal, limit: usize) -> Result<usize, String> {
    Steps::new(from, to, step, limit).map(|s| s.count)
}

/// A range on integer mantissas at the finest scale of FROM, TO and STEP: every value is then
/// exactly FROM + i × STEP (a decimal addition would round once the sum needs more than 28
/// digits), and nothing can overflow or panic however large or fine the range.
struct Steps {
    first: i128,
    unit: i128,
    scale: u32,
    count: usize,
}

impl Steps {
    fn new(from: Decimal, to: Decimal, step: Decimal, limit: usize) -> Result<Steps, String> {
        if step <= Decimal::ZERO {
            return Err("STEP must be more than zero".into());
        }
        if to < from {
            return Err("TO must not be below FROM".into());
        }
        let (from, to, step) = (from.normalize(), to.normalize(), step.normalize());
        let scale = from.scale().max(to.scale()).max(step.scale());
        // Each number's mantissa at `scale`; below 2^96 in magnitude, every value between
        // FROM and TO on that scale is a decimal.
        let at_scale = |d: Decimal| {
            10_i128
                .checked_pow(scale - d.scale())
                .and_then(|p| d.mantissa().checked_mul(p))
                .filter(|m| m.unsigned_abs() < 1 << 96)
        };
        let (Some(first), Some(end), Some(unit)) = (at_scale(from), at_scale(to), at_scale(step))
        else {
            return Err(too_fine(scale));
        };
        // |first|, |end| < 2^96, so the span is below 2^97: no overflow in i128.
        let steps = (end - first) / unit;
        let count = usize::try_from(steps)
            .ok()
            .and_then(|n| n.checked_add(1))
            .filter(|n| *n <= limit)
            .ok_or_else(|| {
                format!(
                    "the range has {} values, more than the {limit} allowed; use a larger STEP or a narrower range",
                    steps.saturating_add(1)
                )
            })?;
        Ok(Steps {
            first,
            unit,
            scale,
            count,
        })
    }

    fn too_fine(&self) -> String {
        too_fine(self.scale)
    }
}

fn too_fine(scale: u32) -> String {
    format!(
        "the values do not fit in a 28-digit decimal at {scale} decimals; give FROM, TO and STEP fewer decimals or narrow the range"
    )
}

#[cfg(test)]
mod tests {
    use super::range;
    use rust_decimal::Decimal;

    #[test]
    fn ranges_include_both_ends_exactly() {
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

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn n(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn a_span_beyond_a_decimal_is_counted_not_panicked_on() {
        // 7e28 − (−7e28) = 1.4e29 does not fit in a decimal (at most about 7.92e28); in steps
        // of 1 that is 1.4e29 + 1 values.
        let error = range(
            n("-70000000000000000000000000000"),
            n("70000000000000000000000000000"),
            Decimal::ONE,
            50_000_000,
        )
        .expect_err("too many values");
        assert!(
            error.contains("140000000000000000000000000001 values"),
            "{error}"
        );
        // 0 to 1 in steps of 1e-28: 10^28 + 1 values.
        let error = range(
            Decimal::ZERO,
            Decimal::ONE,
            n("0.0000000000000000000000000001"),
            10,
        )
        .expect_err("too many values");
        assert!(
            error.contains("10000000000000000000000000001 values"),
            "{error}"
        );
    }

    #[test]
    fn the_last_value_may_sit_at_the_largest_decimal() {
        // Adding STEP after the last value would overflow; the range still has its one value.
        assert_eq!(
            range(d(6_000_000), Decimal::MAX, Decimal::MAX, 10),
            Ok(vec![d(6_000_000)])
        );
        assert_eq!(
            range(Decimal::MAX - Decimal::ONE, Decimal::MAX, Decimal::ONE, 10),
            Ok(vec![Decimal::MAX - Decimal::ONE, Decimal::MAX])
        );
    }

    #[test]
    fn values_are_exact_or_the_range_is_refused() {
        // 10^27 at one decimal is a 29-digit mantissa 10^28 < 2^96: fits, and each value is
        // exactly 10^27 + i/10.
        let values = range(
            n("1000000000000000000000000000"),
            n("1000000000000000000000000001"),
            n("0.1"),
            20,
        )
        .expect("fits");
        assert_eq!(values.len(), 11);
        assert_eq!(values[1].to_string(), "1000000000000000000000000000.1");
        assert_eq!(values[10].to_string(), "1000000000000000000000000001.0");
        // 10^28 at one decimal is 10^29 > 2^96 ≈ 7.92e28: a sum would round, so refused.
        let error = range(
            n("10000000000000000000000000000"),
            n("10000000000000000000000000001"),
            n("0.5"),
            20,
        )
        .expect_err("does not fit");
        assert!(error.contains("28-digit decimal"), "{error}");
    }
}
