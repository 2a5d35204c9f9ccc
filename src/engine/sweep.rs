//! Sweeps: the scenario evaluated at many values of one or more inputs, fast.
//!
//! An input is a [`Slot`]: one decimal field of the validated model (a round's pre-money, an
//! investment's amount, a probability, …). The sweep writes each grid value into the slots of
//! a private copy of the scenario and re-runs the rounds on a reused cap table: no parsing, no
//! validation and no allocation per point. A point books only what its metrics read —
//! [`Holdings`], each party's units and money invested — unless the scenario needs the whole
//! cap table (anti-dilution reads classes, a secondary sells from positions).

use std::ops::ControlFlow;

use rust_decimal::Decimal;

use super::arith::{self, Checked, Overflow};
use super::captable::{AtPrice, ownership, value_after};
use super::rounds::{
    CapTable, Holdings, Ledger, RoundError, RoundFigures, apply_round, paid, restate,
};
use crate::scenario::model::{
    Basis, ConditionSet, IdVec, PartyId, PoolChange, Scenario, SecondaryPrice, SecondaryQuantity,
    SellerCap, Terms,
};

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
    /// A secondary's `shares`, `stake` or `amount` (round, secondary).
    SecondaryQuantity(usize, usize),
    /// A secondary's `price_per_share` or `valuation`.
    SecondaryPrice(usize, usize),
    /// A tender's `cap`.
    SecondaryCap(usize, usize),
}

/// Calls `f` with every slot of `scenario` and its field, in a fixed order, until `f` breaks: the
/// one list of the model's sweepable decimal fields. A field missing here is not a slot, so an input that
/// lands in it is swept the slow way (see [`same_model`]), never with a stale value.
pub fn visit_slots<'a>(
    scenario: &'a mut Scenario,
    mut f: impl FnMut(Slot, &'a mut Decimal) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for (r, round) in scenario.rounds.iter_mut().enumerate() {
        let (Terms::PreMoney(v) | Terms::PostMoney(v) | Terms::PricePerShare(v)) = &mut round.terms;
        f(Slot::Terms(r), v)?;
        if let Some(PoolChange::Target(v) | PoolChange::Increase(v)) = &mut round.pool {
            f(Slot::PoolChange(r), v)?;
        }
        for (i, investment) in round.investments.iter_mut().enumerate() {
            f(Slot::InvestmentAmount(r, i), &mut investment.amount)?;
            for (t, tranche) in investment.tranches.iter_mut().enumerate() {
                f(Slot::TrancheAmount(r, i, t), &mut tranche.amount)?;
            }
        }
        for (s, secondary) in round.secondaries.iter_mut().enumerate() {
            let (SecondaryQuantity::Shares(v)
            | SecondaryQuantity::Stake(v)
            | SecondaryQuantity::Amount(v)) = &mut secondary.quantity;
            f(Slot::SecondaryQuantity(r, s), v)?;
            let (SecondaryPrice::PerShare(v) | SecondaryPrice::Valuation(v)) = &mut secondary.price;
            f(Slot::SecondaryPrice(r, s), v)?;
            if let Some(SellerCap::Shares(v) | SellerCap::Fraction(v)) = &mut secondary.cap {
                f(Slot::SecondaryCap(r, s), v)?;
            }
        }
    }
    for (c, condition) in scenario.conditions.iter_mut().enumerate() {
        if let Some(p) = &mut condition.probability {
            f(Slot::Probability(c), p)?;
        }
    }
    for (p, party) in scenario.parties.iter_mut().enumerate() {
        f(Slot::Initial(p), &mut party.initial)?;
    }
    for (k, instrument) in scenario.instruments.iter_mut().enumerate() {
        f(Slot::InstrumentAmount(k), &mut instrument.amount)?;
        if let Some(cap) = &mut instrument.cap {
            f(Slot::InstrumentCap(k), cap)?;
        }
        if let Some(discount) = &mut instrument.discount {
            f(Slot::InstrumentDiscount(k), discount)?;
        }
    }
    for (k, commitment) in scenario.commitments.iter_mut().enumerate() {
        f(Slot::CommitmentAmount(k), &mut commitment.amount)?;
        if let Some(margin) = &mut commitment.margin {
            f(Slot::CommitmentMargin(k), margin)?;
        }
    }
    if let Some(revenue) = &mut scenario.annual_revenue {
        f(Slot::AnnualRevenue, revenue)?;
    }
    ControlFlow::Continue(())
}

/// Every slot of a scenario with its value.
pub fn slots(scenario: &Scenario) -> Vec<(Slot, Decimal)> {
    let mut all = Vec::new();
    let _ = visit_slots(&mut scenario.clone(), |slot, value| {
        all.push((slot, *value));
        ControlFlow::Continue(())
    });
    all
}

/// The field behind a slot.
pub fn slot_mut(scenario: &mut Scenario, slot: Slot) -> Option<&mut Decimal> {
    let mut found = None;
    let _ = visit_slots(scenario, |s, field| {
        if s != slot {
            return ControlFlow::Continue(());
        }
        found = Some(field);
        ControlFlow::Break(())
    });
    found
}

/// Writes `value(i)` into every slot of `slots[i]` (the slots of the `i`-th input): one pass
/// over the model, up to the last slot written.
pub fn write_slots(scenario: &mut Scenario, slots: &[Vec<Slot>], value: impl Fn(usize) -> Decimal) {
    let mut left: usize = slots.iter().map(Vec::len).sum();
    let _ = visit_slots(scenario, |slot, field| {
        // (The last input wins a slot two share, as the last `--set` of a key does.)
        if let Some(i) = slots.iter().rposition(|s| s.contains(&slot)) {
            *field = value(i);
            left -= 1;
        }
        if left == 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
}

/// Whether writing `value(i)` into the slots of each input of `model` gives exactly `target`
/// (the file validated at those values): the guard of the fast path. An input that also
/// changes a field no slot holds (a figure derived from it at validation, a field missing from
/// [`visit_slots`]) fails it, and is then swept by validating the file at every point.
pub fn same_model(
    model: &Scenario,
    slots: &[Vec<Slot>],
    value: impl Fn(usize) -> Decimal,
    target: &Scenario,
) -> bool {
    let mut written = model.clone();
    write_slots(&mut written, slots, value);
    written == *target
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
    Ownership(PartyId),
    Value(PartyId),
    Invested(PartyId),
}

/// Runs every round up to `last` (inclusive) and writes the metrics after it into `out`.
/// `None` for a price per share in value terms.
pub fn evaluate(
    scenario: &Scenario,
    state: ConditionSet,
    last: usize,
    metrics: &[Metric],
    table: &mut CapTable,
    out: &mut [Option<Decimal>],
) -> Result<(), RoundError> {
    // Each point is one evaluation: the solver's work bound (meant for the 2^n outcomes of one
    // report) counts afresh.
    table.solver_steps = 0;
    if Holdings::suffice(scenario) {
        let mut holdings = Holdings::of(table);
        holdings.reset(scenario);
        measure(scenario, state, last, metrics, &mut holdings, out)
    } else {
        table.reset(scenario);
        measure(scenario, state, last, metrics, table, out)
    }
}

/// Runs every round up to `last` on `table` (reset) and writes the metrics after it.
fn measure(
    scenario: &Scenario,
    state: ConditionSet,
    last: usize,
    metrics: &[Metric],
    table: &mut impl Ledger,
    out: &mut [Option<Decimal>],
) -> Result<(), RoundError> {
    if scenario.rounds.is_empty() {
        // The cap table as given: ownership and money invested, nothing priced (the command
        // refuses the other metrics for a file with no round).
        let wrap = |overflow| RoundError::new(0, overflow);
        let total = table.total().map_err(wrap)?;
        for (metric, slot) in metrics.iter().zip(out.iter_mut()) {
            *slot = match *metric {
                Metric::Ownership(p) => Some(ownership(table.units()[p], total).map_err(wrap)?),
                Metric::Invested(p) => table.invested_total().get(p).copied(),
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
    let wrap = |overflow| RoundError::new(last, overflow);
    for (metric, slot) in metrics.iter().zip(out.iter_mut()) {
        *slot =
            metric_value(metric, &figures, table.units(), table.invested_total()).map_err(wrap)?;
    }
    Ok(())
}

/// A faster [`evaluate`] for value terms (stakes) when no input changes money paid in: the
/// money each investment pays, each round's new (and committed) money and every party's money
/// invested are then the same at every point, so they are computed once, here, as is the
/// total before the first round when no input changes the holdings. A point then costs only
/// what depends on it: restating the holdings at each round's pre-money, adding the money paid
/// and the total after the round.
///
/// Every remaining step is the one `rounds::apply_round` takes for value terms, in the same
/// order with the same checked operations, so the figures and the first error (its round and
/// its words) are exactly those of [`evaluate`]; `tests::plans_agree_with_evaluate` holds the
/// two together. Where a figure computed once overflows, there is no plan ([`evaluate`]
/// reports it at every point).
#[derive(Clone, Debug)]
pub struct StakesPlan {
    /// The holdings before the first round and their total, when no input changes them.
    initial: Option<(Vec<Decimal>, Decimal)>,
    /// Per round up to the one measured.
    rounds: Vec<PlannedRound>,
    /// Money invested per party after the round measured.
    invested_total: IdVec<PartyId, Decimal>,
}

#[derive(Clone, Debug)]
struct PlannedRound {
    /// Each investment's party and the money it pays, in the round's order.
    paid: Vec<(PartyId, Decimal)>,
    /// The money of every investment (only read to price by post-money).
    committed: Decimal,
    new_money: Decimal,
}

impl StakesPlan {
    /// The plan for `scenario` (as the sweep's model) measured after round `last` in condition
    /// state `state`, with inputs in `varied`; `None` where it does not apply.
    pub fn new(
        scenario: &Scenario,
        state: ConditionSet,
        last: usize,
        varied: &[Slot],
    ) -> Option<Self> {
        // Value terms run no conversion, pool or anti-dilution step (`rounds::apply`), and a
        // sweep of them books only [`Holdings`]: units and money invested.
        if scenario.basis != Basis::Stakes
            || !Holdings::suffice(scenario)
            || scenario.rounds.is_empty()
            || varied
                .iter()
                .any(|s| matches!(s, Slot::InvestmentAmount(..) | Slot::TrancheAmount(..)))
        {
            return None;
        }
        let last = last.min(scenario.rounds.len().saturating_sub(1));
        let initial = if varied.iter().any(|s| matches!(s, Slot::Initial(_))) {
            None
        } else {
            let units: Vec<Decimal> = scenario.parties.iter().map(|p| p.initial).collect();
            let total = arith::sum(units.iter().copied(), "").ok()?;
            Some((units, total))
        };
        let mut invested_total = IdVec::from(vec![Decimal::ZERO; scenario.parties.len()]);
        let mut rounds = Vec::with_capacity(last + 1);
        for round in &scenario.rounds[..=last] {
            let committed = match round.terms {
                Terms::PostMoney(_) => {
                    arith::sum(round.investments.iter().map(|i| i.amount), "").ok()?
                }
                _ => Decimal::ZERO,
            };
            let mut planned = PlannedRound {
                paid: Vec::with_capacity(round.investments.len()),
                committed,
                new_money: Decimal::ZERO,
            };
            for investment in &round.investments {
                let money = paid(investment, state).ok()?;
                let party = investment.party;
                let invested = invested_total.get_mut(party)?;
                *invested = arith::add(*invested, money, "").ok()?;
                planned.new_money = arith::add(planned.new_money, money, "").ok()?;
                planned.paid.push((party, money));
            }
            rounds.push(planned);
        }
        Some(StakesPlan {
            initial,
            rounds,
            invested_total,
        })
    }

    /// As [`evaluate`] on the same model, state and round, with `table` made by
    /// [`CapTable::for_sweep`] for it.
    pub fn evaluate(
        &self,
        scenario: &Scenario,
        metrics: &[Metric],
        table: &mut CapTable,
        out: &mut [Option<Decimal>],
    ) -> Result<(), RoundError> {
        table.units.clear();
        match &self.initial {
            Some((units, _)) => table.units.extend_from_slice(units),
            None => table
                .units
                .extend(scenario.parties.iter().map(|p| p.initial)),
        }
        table.invested_total.clone_from(&self.invested_total);
        let mut figures = None;
        for (index, (planned, round)) in self.rounds.iter().zip(&scenario.rounds).enumerate() {
            let wrap = |overflow| RoundError::new(index, overflow);
            let units_before = match &self.initial {
                Some((_, total)) if index == 0 => *total,
                _ => table.total().map_err(wrap)?,
            };
            let pre_money = match round.terms {
                Terms::PreMoney(v) => v,
                Terms::PostMoney(post) => {
                    arith::sub(post, planned.committed, "pre-money").map_err(wrap)?
                }
                Terms::PricePerShare(price) => {
                    arith::mul(price, units_before, "pre-money").map_err(wrap)?
                }
            };
            // (`pre_money <= 0`, without a comparison of two decimals.)
            if pre_money.is_sign_negative() || pre_money.is_zero() || units_before.is_zero() {
                return Err(wrap(Overflow::new(
                    "the price per share (the pre-money or the shares before the round are zero)",
                )));
            }
            if units_before != pre_money {
                restate(&mut table.units, pre_money, units_before).map_err(wrap)?;
            }
            for &(party, money) in &planned.paid {
                table.units[party] =
                    arith::add(table.units[party], money, "a share count").map_err(wrap)?;
            }
            let post_money =
                arith::add(pre_money, planned.new_money, "post-money").map_err(wrap)?;
            let post_money_units = table.total().map_err(wrap)?;
            figures = Some(RoundFigures {
                pre_money,
                new_money: planned.new_money,
                post_money,
                committed: planned.committed,
                price_per_share: None,
                pre_money_units: units_before,
                post_money_units,
            });
        }
        let Some(figures) = figures else {
            return Ok(());
        };
        let wrap = |overflow| RoundError::new(self.rounds.len().saturating_sub(1), overflow);
        for (metric, slot) in metrics.iter().zip(out.iter_mut()) {
            *slot = metric_value(metric, &figures, &table.units, &table.invested_total)
                .map_err(wrap)?;
        }
        Ok(())
    }
}

/// A metric after the round with `figures`, from each party's `units` and money `invested`.
fn metric_value(
    metric: &Metric,
    figures: &RoundFigures,
    units: &IdVec<PartyId, Decimal>,
    invested: &IdVec<PartyId, Decimal>,
) -> Checked<Option<Decimal>> {
    let total = figures.post_money_units;
    Ok(match *metric {
        Metric::PostMoney => Some(figures.post_money),
        Metric::PreMoney => Some(figures.pre_money),
        Metric::NewMoney => Some(figures.new_money),
        Metric::PricePerShare => figures.price_per_share,
        Metric::Ownership(p) => Some(ownership(units[p], total)?),
        Metric::Value(p) => Some(value_after(figures, AtPrice::of(figures)?, units[p])?),
        Metric::Invested(p) => Some(invested[p]),
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
    Values::new(from, to, step, limit).map(|values| values.iter().collect())
}

/// The values of a [`range`], each made when asked for: 16 bytes of memory whatever their
/// number.
#[derive(Clone, Debug)]
pub struct Values(Steps);

impl Values {
    /// As [`range`].
    pub fn new(from: Decimal, to: Decimal, step: Decimal, limit: usize) -> Result<Values, String> {
        let steps = Steps::new(from, to, step, limit)?;
        // Every value lies between the first and the last, so if those two are decimals at
        // `scale`, all are (see `get`).
        for i in [0, steps.count - 1] {
            Decimal::try_from_i128_with_scale(steps.mantissa(i), steps.scale)
                .map_err(|_| steps.too_fine())?;
        }
        Ok(Values(steps))
    }

    /// How many values (at least one: FROM).
    pub fn len(&self) -> usize {
        self.0.count
    }

    /// Never: a range holds FROM.
    pub fn is_empty(&self) -> bool {
        self.0.count == 0
    }

    /// Value `i` (below [`Values::len`]): FROM + i × STEP, exactly.
    pub fn get(&self, i: usize) -> Decimal {
        let steps = &self.0;
        // For i < count the mantissa lies between the first and the last value's, which `new`
        // made as decimals at this scale: the conversion cannot fail (zero only if `i` is out
        // of range, which no caller asks for).
        Decimal::try_from_i128_with_scale(steps.mantissa(i.min(steps.count - 1)), steps.scale)
            .unwrap_or_default()
    }

    /// The last value: TO, or the last step below it.
    pub fn last(&self) -> Decimal {
        self.get(self.len().saturating_sub(1))
    }

    /// Every value in order.
    pub fn iter(&self) -> impl Iterator<Item = Decimal> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// How many values [`range`] gives, without making them (to bound a grid before allocating).
pub fn range_len(from: Decimal, to: Decimal, step: Decimal, limit: usize) -> Result<usize, String> {
    Steps::new(from, to, step, limit).map(|s| s.count)
}

/// A range on integer mantissas at the finest scale of FROM, TO and STEP: every value is then
/// exactly FROM + i × STEP (a decimal addition would round once the sum needs more than 28
/// digits), and nothing can overflow or panic however large or fine the range.
#[derive(Clone, Debug)]
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

    /// The mantissa of value `i` ≤ the last: first + i × unit. With |first|, |end| < 2^96 and
    /// i × unit ≤ end − first < 2^97, nothing overflows i128.
    fn mantissa(&self, i: usize) -> i128 {
        // i < count ≤ limit fits in i128.
        self.first + i as i128 * self.unit
    }
}

fn too_fine(scale: u32) -> String {
    format!(
        "the values do not fit in a 28-digit decimal at {scale} decimals; give FROM, TO and STEP fewer decimals or narrow the range"
    )
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
