//! Priced rounds: from one realised cap table to the next.
//!
//! A cap table is a vector of *units* per party. With share counts the units are shares. With
//! stakes (value terms) the units are money: each round first restates every holding at the
//! round's pre-money (units × pre-money ÷ total units), so new money buys exactly its own
//! amount of units and ownership is one division of exact money figures.
//!
//! A round is applied to a [`Ledger`]: the whole [`CapTable`] (reports, outcomes, exits), or
//! [`Holdings`], a sweep's units and money invested per party, when its scenario needs nothing
//! per position or class (no anti-dilution, no secondary). The computation is the same; only
//! what is booked differs.

use rust_decimal::Decimal;

use super::arith::{self, Checked, Overflow, OverflowKind};
pub use super::captable::{CapTable, RoundFigures, Workings, holding_value, paid, round_shares};
use super::captable::{
    ConversionWorking, CountPart, InvestmentWorking, SecondaryWorking, round_price,
};
use super::conversion::{
    Coupled, Solved, conversion_terms, includes, solve_by_ratios, solves_on_whole_total,
};
use super::secondary::{Failure, SecondaryFault};
use crate::scenario::id::Id;
use crate::scenario::model::{
    Basis, ConditionSet, IdVec, PartyId, PositionId, Round, Scenario, ShareRounding, Sizing, Terms,
};

/// What a round is applied to: it books new shares and money, restates holdings in value
/// terms, moves grants out of the pool, and keeps what it keeps around the round's terms
/// (anti-dilution and series prices) and after them (secondaries).
pub trait Ledger {
    /// What the ledger takes from itself before the round's terms, for after them.
    type Before;
    /// Units per party (shares as converted, or money in value terms).
    fn units(&self) -> &IdVec<PartyId, Decimal>;
    /// Money each party put in across all rounds applied so far.
    fn invested_total(&self) -> &IdVec<PartyId, Decimal>;
    /// The solver's work so far ([`CapTable::solver_steps`]).
    fn solver_steps(&mut self) -> &mut u64;
    /// The fully diluted total: every party's units, the pool included.
    fn total(&self) -> Checked<Decimal> {
        arith::sum(self.units().iter().copied(), "the fully diluted total")
    }
    /// What the announced post-money counts: every investment's money, paid or not.
    fn committed(&self, round: &Round) -> Checked<Decimal> {
        arith::sum(
            round.investments.iter().map(|i| i.amount),
            "the round's committed money",
        )
    }
    /// A round starts booking: nobody has invested in it yet.
    fn begin_round(&mut self) {}
    /// Books `shares` issued for `money` to `position` (held by `party`).
    fn issue(
        &mut self,
        position: PositionId,
        party: PartyId,
        shares: Decimal,
        money: Decimal,
    ) -> Checked<()>;
    /// Restates every holding at the round's pre-money: units × pre-money ÷ units before.
    fn restate(&mut self, pre_money: Decimal, units_before: Decimal) -> Checked<()>;
    /// Moves a grant's shares from the pool (`pool`: its party and position) to the grantee.
    fn grant(
        &mut self,
        grant: &crate::scenario::model::Grant,
        pool: (PartyId, PositionId),
    ) -> Checked<()>;
    /// Records the conversion price an instrument's shares were booked at (for its series).
    fn converted_at(&mut self, _position: PositionId, _price: Decimal) {}
    /// Before the round's terms.
    fn before(&mut self, scenario: &Scenario) -> Checked<Self::Before>;
    /// After the round's terms (its price, new shares and conversions), before its grants.
    fn after(
        &mut self,
        _scenario: &Scenario,
        _round: &Round,
        _figures: &mut RoundFigures,
        _before: Self::Before,
        _workings: Option<&mut Workings>,
    ) -> Checked<()> {
        Ok(())
    }
    /// The round's secondaries, after everything else in it.
    fn sell(
        &mut self,
        scenario: &Scenario,
        round: &Round,
        figures: &RoundFigures,
        state: ConditionSet,
        workings: Option<&mut Vec<SecondaryWorking>>,
    ) -> Result<(), Failure>;
}

/// Moves `shares` from `from` to `to` in one of a ledger's vectors.
fn move_shares<I: Id>(
    units: &mut IdVec<I, Decimal>,
    from: I,
    to: I,
    shares: Decimal,
) -> Checked<()> {
    let (Some(&have), Some(&got)) = (units.get(from), units.get(to)) else {
        return Err(Overflow::of(OverflowKind::PoolTooSmall, POOL_TOO_SMALL));
    };
    if have < shares {
        return Err(Overflow::of(OverflowKind::PoolTooSmall, POOL_TOO_SMALL));
    }
    units[from] = arith::sub(have, shares, "the pool")?;
    units[to] = arith::add(got, shares, "a grant")?;
    Ok(())
}

/// Restates each non-zero holding at the pre-money: units × pre-money ÷ units before.
pub(super) fn restate(
    units: &mut [Decimal],
    pre_money: Decimal,
    units_before: Decimal,
) -> Checked<()> {
    for units in units {
        if !units.is_zero() {
            *units = arith::mul_div(*units, pre_money, units_before, "a holding's value")?;
        }
    }
    Ok(())
}

impl Ledger for CapTable {
    /// With share counts: per class, the money, shares as issued and units before the round.
    type Before = Option<super::antidilution::Before>;

    fn units(&self) -> &IdVec<PartyId, Decimal> {
        &self.units
    }

    fn invested_total(&self) -> &IdVec<PartyId, Decimal> {
        &self.invested_total
    }

    fn solver_steps(&mut self) -> &mut u64 {
        &mut self.solver_steps
    }

    fn begin_round(&mut self) {
        self.invested_round.fill(Decimal::ZERO);
    }

    /// The money is also recorded as invested in this round.
    fn issue(
        &mut self,
        position: PositionId,
        party: PartyId,
        shares: Decimal,
        money: Decimal,
    ) -> Checked<()> {
        self.units[party] = arith::add(self.units[party], shares, "a share count")?;
        self.invested_total[party] =
            arith::add(self.invested_total[party], money, "money invested")?;
        self.invested_round[party] =
            arith::add(self.invested_round[party], money, "money invested")?;
        self.issued[party] = arith::add(self.issued[party], shares, "a share count")?;
        self.position_shares[position] =
            arith::add(self.position_shares[position], shares, "a share count")?;
        self.position_units[position] =
            arith::add(self.position_units[position], shares, "a share count")?;
        self.position_invested[position] =
            arith::add(self.position_invested[position], money, "money invested")?;
        self.position_preference[position] =
            arith::add(self.position_preference[position], money, "money invested")?;
        Ok(())
    }

    fn restate(&mut self, pre_money: Decimal, units_before: Decimal) -> Checked<()> {
        for units in [
            &mut *self.units,
            &mut *self.issued,
            &mut *self.position_shares,
            &mut *self.position_units,
        ] {
            restate(units, pre_money, units_before)?;
        }
        Ok(())
    }

    fn grant(
        &mut self,
        grant: &crate::scenario::model::Grant,
        (pool, pool_position): (PartyId, PositionId),
    ) -> Checked<()> {
        move_shares(&mut self.units, pool, grant.party, grant.shares)?;
        move_shares(&mut self.issued, pool, grant.party, grant.shares)?;
        move_shares(
            &mut self.position_shares,
            pool_position,
            grant.position,
            grant.shares,
        )?;
        move_shares(
            &mut self.position_units,
            pool_position,
            grant.position,
            grant.shares,
        )
    }

    fn converted_at(&mut self, position: PositionId, price: Decimal) {
        if let Some(p) = self.converted_at.get_mut(position) {
            *p = price;
        }
    }

    fn before(&mut self, scenario: &Scenario) -> Checked<Self::Before> {
        if scenario.basis != Basis::Shares {
            return Ok(None);
        }
        super::antidilution::Before::take(scenario, self).map(Some)
    }

    fn after(
        &mut self,
        scenario: &Scenario,
        round: &Round,
        figures: &mut RoundFigures,
        before: Self::Before,
        workings: Option<&mut Workings>,
    ) -> Checked<()> {
        let Some(before) = before else {
            return Ok(());
        };
        // A class held before the first round whose price did not fit (`CapTable::reset`).
        if let Some(overflow) = self.unpriced {
            return Err(overflow);
        }
        if scenario.has_anti_dilution() {
            super::antidilution::adjust(scenario, figures, &before, self, workings)?;
            figures.post_money_units = self.total()?;
        }
        if let Some(price) = figures.price_per_share {
            self.price_series(scenario, round, before.classes(), price)?;
        }
        Ok(())
    }

    fn sell(
        &mut self,
        scenario: &Scenario,
        round: &Round,
        figures: &RoundFigures,
        state: ConditionSet,
        workings: Option<&mut Vec<SecondaryWorking>>,
    ) -> Result<(), Failure> {
        super::secondary::apply(scenario, round, figures, state, self, workings)
    }
}

/// A sweep's ledger: each party's units and money invested in total, borrowed from a cap
/// table, and nothing per round, position or class. Enough, and faster, for a scenario with no
/// anti-dilution (which reads classes) and no secondary (which sells from positions): it
/// refuses a round that needs either.
pub struct Holdings<'a> {
    units: &'a mut IdVec<PartyId, Decimal>,
    invested_total: &'a mut IdVec<PartyId, Decimal>,
    solver_steps: &'a mut u64,
}

impl<'a> Holdings<'a> {
    /// The holdings in `table`'s units, money invested in total and solver steps.
    pub fn of(table: &'a mut CapTable) -> Self {
        Holdings {
            units: &mut table.units,
            invested_total: &mut table.invested_total,
            solver_steps: &mut table.solver_steps,
        }
    }

    /// Whether a round of `scenario` can be applied to holdings only.
    pub fn suffice(scenario: &Scenario) -> bool {
        !scenario.has_anti_dilution() && !scenario.has_secondaries()
    }

    /// Returns to the holdings before the first round, keeping the allocations.
    pub fn reset(&mut self, scenario: &Scenario) {
        self.units.clear();
        self.units
            .extend(scenario.parties.iter().map(|p| p.initial));
        self.invested_total.clear();
        self.invested_total
            .resize(scenario.parties.len(), Decimal::ZERO);
    }
}

impl Ledger for Holdings<'_> {
    type Before = ();

    fn units(&self) -> &IdVec<PartyId, Decimal> {
        self.units
    }

    fn invested_total(&self) -> &IdVec<PartyId, Decimal> {
        self.invested_total
    }

    fn solver_steps(&mut self) -> &mut u64 {
        self.solver_steps
    }

    /// Nothing a sweep reads counts the announced post-money: only `post_money` terms need
    /// the committed money (for the pre-money); zero otherwise.
    fn committed(&self, round: &Round) -> Checked<Decimal> {
        match round.terms {
            Terms::PostMoney(_) => arith::sum(
                round.investments.iter().map(|i| i.amount),
                "the round's committed money",
            ),
            _ => Ok(Decimal::ZERO),
        }
    }

    fn issue(
        &mut self,
        _position: PositionId,
        party: PartyId,
        shares: Decimal,
        money: Decimal,
    ) -> Checked<()> {
        self.units[party] = arith::add(self.units[party], shares, "a share count")?;
        self.invested_total[party] =
            arith::add(self.invested_total[party], money, "money invested")?;
        Ok(())
    }

    fn restate(&mut self, pre_money: Decimal, units_before: Decimal) -> Checked<()> {
        restate(self.units, pre_money, units_before)
    }

    fn grant(
        &mut self,
        grant: &crate::scenario::model::Grant,
        (pool, _): (PartyId, PositionId),
    ) -> Checked<()> {
        move_shares(self.units, pool, grant.party, grant.shares)
    }

    fn before(&mut self, scenario: &Scenario) -> Checked<()> {
        if scenario.has_anti_dilution() {
            return Err(Overflow::new(
                "anti-dilution in a cap table without classes",
            ));
        }
        Ok(())
    }

    fn sell(
        &mut self,
        _scenario: &Scenario,
        round: &Round,
        _figures: &RoundFigures,
        _state: ConditionSet,
        _workings: Option<&mut Vec<SecondaryWorking>>,
    ) -> Result<(), Failure> {
        if round.secondaries.is_empty() {
            return Ok(());
        }
        Err(Failure::Overflow(Overflow::new(
            "a secondary sale in a cap table without positions",
        )))
    }
}

/// An arithmetic failure, with the round it happened in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundError {
    pub round: usize,
    pub overflow: Overflow,
    /// A secondary sale that cannot happen (then `overflow` names it in words).
    pub secondary: Option<SecondaryFault>,
}

impl RoundError {
    /// An arithmetic failure in round `round`.
    pub fn new(round: usize, overflow: Overflow) -> Self {
        RoundError {
            round,
            overflow,
            secondary: None,
        }
    }
}

/// The words an error gives a secondary that cannot happen.
pub const SECONDARY_FAULT: &str = "a secondary sale";

/// Applies round `index` of `scenario` to `table`, paying the tranches whose conditions hold in
/// `state`. Allocates nothing.
pub fn apply_round(
    scenario: &Scenario,
    index: usize,
    state: ConditionSet,
    table: &mut impl Ledger,
) -> Result<RoundFigures, RoundError> {
    // Never out of range from this crate's callers; an error, not a panic, if it were.
    let round = scenario.rounds.get(index).ok_or(RoundError::new(
        index,
        Overflow::new("a round the scenario does not have"),
    ))?;
    let figures = apply(scenario, round, state, table, None)
        .map_err(|overflow| RoundError::new(index, overflow))?;
    secondaries(scenario, index, round, &figures, state, table, None)?;
    Ok(figures)
}

/// As [`apply_round`], also filling in the round's audit trail (share counts only).
pub fn apply_round_with_workings(
    scenario: &Scenario,
    index: usize,
    state: ConditionSet,
    table: &mut CapTable,
    workings: &mut Workings,
) -> Result<RoundFigures, RoundError> {
    // Never out of range from this crate's callers; an error, not a panic, if it were.
    let round = scenario.rounds.get(index).ok_or(RoundError::new(
        index,
        Overflow::new("a round the scenario does not have"),
    ))?;
    let figures = apply(scenario, round, state, table, Some(workings))
        .map_err(|overflow| RoundError::new(index, overflow))?;
    secondaries(
        scenario,
        index,
        round,
        &figures,
        state,
        table,
        Some(&mut workings.secondaries),
    )?;
    Ok(figures)
}

/// Runs the round's secondaries after the rest of it (see [`super::secondary`]).
fn secondaries(
    scenario: &Scenario,
    index: usize,
    round: &Round,
    figures: &RoundFigures,
    state: ConditionSet,
    table: &mut impl Ledger,
    workings: Option<&mut Vec<SecondaryWorking>>,
) -> Result<(), RoundError> {
    table
        .sell(scenario, round, figures, state, workings)
        .map_err(|failure| match failure {
            Failure::Overflow(overflow) => RoundError::new(index, overflow),
            Failure::Fault(fault) => RoundError {
                round: index,
                overflow: Overflow::new(SECONDARY_FAULT),
                secondary: Some(fault),
            },
        })
}

fn apply(
    scenario: &Scenario,
    round: &Round,
    state: ConditionSet,
    table: &mut impl Ledger,
    mut workings: Option<&mut Workings>,
) -> Checked<RoundFigures> {
    if let Some(w) = workings.as_deref_mut() {
        w.adjustments.clear();
    }
    let before = table.before(scenario)?;
    let mut figures = apply_terms(scenario, round, state, table, workings.as_deref_mut())?;
    table.after(scenario, round, &mut figures, before, workings)?;
    grant(round, table)?;
    Ok(figures)
}

/// What a round's computation fails with when its grants ask for more than the pool holds.
pub const POOL_TOO_SMALL: &str =
    "the round's grants: the unallocated pool holds fewer shares than they grant";

/// Moves each `[[round.grant]]`'s shares from the unallocated pool to its grantee, at the
/// round's closing (after its new shares, top-up and conversions). The fully diluted total,
/// and so every price and every other holder's ownership, is unchanged.
fn grant(round: &Round, table: &mut impl Ledger) -> Checked<()> {
    let Some(pool) = round.grant_pool else {
        return Ok(());
    };
    for grant in &round.grants {
        table.grant(grant, pool)?;
    }
    Ok(())
}

fn apply_terms(
    scenario: &Scenario,
    round: &Round,
    state: ConditionSet,
    table: &mut impl Ledger,
    workings: Option<&mut Workings>,
) -> Checked<RoundFigures> {
    // `[rounding] price = "up"` with whole shares solves every round on its whole-share total
    // after it, so that the price is post-money ÷ that total (see `super::price_up`).
    if scenario.basis == Basis::Shares
        && (round.is_coupled() || solves_on_whole_total(&scenario.rounding))
    {
        return apply_coupled(scenario, round, state, table, workings);
    }
    let units_before = table.total()?;
    // What the announced post-money counts (and, with `post_money` terms, the pre-money).
    let committed = table.committed(round)?;
    let pre_money = match round.terms {
        Terms::PreMoney(v) => v,
        Terms::PostMoney(post) => arith::sub(post, committed, "pre-money")?,
        Terms::PricePerShare(price) => arith::mul(price, units_before, "pre-money")?,
    };
    if pre_money <= Decimal::ZERO || units_before.is_zero() {
        return Err(Overflow::new(
            "the price per share (the pre-money or the shares before the round are zero)",
        ));
    }

    table.begin_round();
    let mut new_money = Decimal::ZERO;
    let price_per_share = match scenario.basis {
        Basis::Shares => {
            // The price a share is bought at: given, rounded by `price_decimals`, or — when
            // neither — only reported, while share counts come from the exact ratio.
            let exact_price = arith::div(pre_money, units_before, "the price per share")?;
            let (price, fixed) = match round.terms {
                Terms::PricePerShare(p) => (p, true),
                _ => match round_price(
                    exact_price,
                    scenario.rounding.price_decimals,
                    scenario.rounding.price,
                ) {
                    Some(rounded) => (rounded, true),
                    None => (exact_price, false),
                },
            };
            if price.is_zero() {
                return Err(Overflow::new(
                    "the price per share (it rounds to zero at price_decimals)",
                ));
            }
            let mut workings = workings;
            if let Some(w) = workings.as_deref_mut() {
                w.conversions.clear();
                w.investments.clear();
            }
            for investment in &round.investments {
                let paid = paid(investment, state)?;
                let floor = scenario.rounding.shares == ShareRounding::Floor;
                let shares = if paid.is_zero() {
                    Decimal::ZERO
                } else if fixed {
                    round_shares(
                        arith::div(paid, price, "new shares")?,
                        scenario.rounding.shares,
                    )
                } else if let Some(exact) = floor
                    .then(|| arith::floor_mul_div(paid, units_before, pre_money))
                    .flatten()
                {
                    // Whole inputs: the floor of the exact ratio, however many digits it has.
                    exact
                } else {
                    round_shares(
                        arith::mul_div(paid, units_before, pre_money, "new shares")?,
                        scenario.rounding.shares,
                    )
                };
                let party = investment.party;
                table.issue(investment.position, party, shares, paid)?;
                new_money = arith::add(new_money, paid, "new money")?;
                if let Some(w) = workings.as_deref_mut() {
                    w.investments.push(InvestmentWorking {
                        party,
                        money: paid,
                        shares,
                        pro_rata: false,
                    });
                }
            }
            if let Some(w) = workings {
                w.shares_before = units_before;
                w.pool_before = Decimal::ZERO;
                w.pool_top_up = Decimal::ZERO;
                w.pre_money_count = units_before;
                w.pre_money_count_includes = vec![CountPart::SharesBefore];
                w.company_capitalization = None;
                w.price_per_share = price;
                w.shares_after = table.total()?;
            }
            Some(price)
        }
        Basis::Stakes => {
            // Restate every holding at this round's pre-money, then add the money paid. A round
            // of secondary sales only (no investment) adds no money, so its holdings need not
            // be restated: each restated holding is rounded in the 28th digit, and the units
            // would no longer add up to the pre-money exactly (a sale of $6.6B at $500B would
            // then move 6,599,999,999.9999999999999999999). Ownership is the same either way and
            // values are units × post-money ÷ total units.
            if units_before != pre_money && !round.investments.is_empty() {
                table.restate(pre_money, units_before)?;
            }
            for investment in &round.investments {
                let paid = paid(investment, state)?;
                let party = investment.party;
                table.issue(investment.position, party, paid, paid)?;
                new_money = arith::add(new_money, paid, "new money")?;
            }
            None
        }
    };
    let post_money = arith::add(pre_money, new_money, "post-money")?;
    let post_money_units = table.total()?;
    Ok(RoundFigures {
        pre_money,
        new_money,
        post_money,
        committed,
        price_per_share,
        pre_money_units: units_before,
        post_money_units,
    })
}

/// Solves and applies a coupled round with share counts.
fn apply_coupled(
    scenario: &Scenario,
    round: &Round,
    state: ConditionSet,
    table: &mut impl Ledger,
    mut workings: Option<&mut Workings>,
) -> Checked<RoundFigures> {
    let shares_before = table.total()?;
    let pool_before = round
        .pool_party
        .map_or(Decimal::ZERO, |(p, _)| table.units()[p]);
    let terms = conversion_terms(scenario, round)?;

    // Fixed money paid under this state, and what the announced post-money counts.
    let mut paid = Vec::with_capacity(round.investments.len());
    let mut committed_fixed = Decimal::ZERO;
    for investment in &round.investments {
        paid.push(super::captable::paid(investment, state)?);
        committed_fixed = arith::add(
            committed_fixed,
            investment.amount,
            "the round's committed money",
        )?;
    }
    let pro_rata_share: Decimal = round
        .investments
        .iter()
        .filter(|i| i.sizing == Sizing::ProRata)
        .map(|i| table.units()[i.party])
        .try_fold(Decimal::ZERO, |s, u| arith::add(s, u, "pro-rata holdings"))?;
    if shares_before.is_zero() {
        return Err(Overflow::new(
            "the price per share (no shares before the round)",
        ));
    }
    // R: the fraction of the company the pro-rata investors keep.
    let kept = arith::div(pro_rata_share, shares_before, "pro-rata fractions")?;
    if kept >= Decimal::ONE {
        return Err(Overflow::new(
            "pro-rata investments (the pro-rata investors hold the whole company)",
        ));
    }

    let coupled = Coupled {
        round,
        terms: &terms,
        paid: &paid,
        shares_before,
        pool_before,
        kept,
        committed_fixed,
    };
    // The solvers count their work against the table's bound (see `MAX_SOLVER_STEPS`).
    let mut steps = *table.solver_steps();
    let units = table.units();
    let solved = match scenario.rounding.prices_up() {
        Some(decimals) if solves_on_whole_total(&scenario.rounding) => super::price_up::solve(
            &super::price_up::Inputs {
                round,
                terms: &terms,
                paid: &paid,
                shares_before,
                pool_before,
                committed_fixed,
                decimals,
                rule: scenario.rounding.shares,
            },
            units,
            &mut steps,
        ),
        Some(_) => solve_by_ratios(&scenario.rounding, &coupled, units, &mut steps),
        None => super::exact::solve(&scenario.rounding, &coupled, units, &mut steps),
    };
    *table.solver_steps() = steps;
    let solved = solved?;
    let Solved {
        pre_money,
        count,
        capitalization,
        price,
        top_up: pool_top_up,
        converted,
        bought,
    } = solved;

    table.begin_round();
    if let Some((pool, position)) = round.pool_party {
        table.issue(position, pool, pool_top_up, Decimal::ZERO)?;
    }
    if let Some(w) = workings.as_deref_mut() {
        w.conversions.clear();
        w.investments.clear();
    }
    for (k, (t, (c, shares))) in terms.iter().zip(converted).enumerate() {
        table.issue(t.position, t.party, shares, t.amount)?;
        // A shadow series' original issue price is its conversion price.
        table.converted_at(t.position, c.price);
        if let Some(w) = workings.as_deref_mut() {
            w.conversions.push(ConversionWorking {
                instrument: round.conversions[k],
                party: t.party,
                amount: t.amount,
                cap: t.cap,
                discount: t.discount,
                cap_price: c.cap_price,
                discount_price: c.discount_price,
                conversion_price: c.price,
                basis: c.basis,
                shares,
            });
        }
    }
    let mut new_money = Decimal::ZERO;
    let final_money: Vec<Decimal> = bought.iter().map(|(money, _)| *money).collect();
    for (investment, (money, shares)) in round.investments.iter().zip(bought) {
        let party = investment.party;
        table.issue(investment.position, party, shares, money)?;
        new_money = arith::add(new_money, money, "new money")?;
        if let Some(w) = workings.as_deref_mut() {
            w.investments.push(InvestmentWorking {
                party,
                money,
                shares,
                pro_rata: investment.sizing == Sizing::ProRata,
            });
        }
    }
    let after_units = table.total()?;
    let post_money = arith::add(pre_money, new_money, "post-money")?;
    // What the announced post-money counts: every tranche, and the pro-rata money as bought.
    let mut committed = committed_fixed;
    for (investment, w_money) in round.investments.iter().zip(final_money.iter()) {
        if investment.sizing == Sizing::ProRata {
            committed = arith::add(committed, *w_money, "the round's committed money")?;
        }
    }
    if let Some(w) = workings {
        w.shares_before = shares_before;
        w.pool_before = pool_before;
        w.pool_top_up = pool_top_up;
        w.pre_money_count = count;
        w.pre_money_count_includes = includes(round, &terms);
        w.company_capitalization = terms
            .iter()
            .any(|t| t.kind.on_capitalization())
            .then_some(capitalization);
        w.price_per_share = price;
        w.shares_after = after_units;
    }
    Ok(RoundFigures {
        pre_money,
        new_money,
        post_money,
        committed,
        price_per_share: Some(price),
        pre_money_units: count,
        post_money_units: after_units,
    })
}

/// Runs every round from the initial cap table, calling `after_round` after each.
pub fn run(
    scenario: &Scenario,
    state: ConditionSet,
    table: &mut CapTable,
    mut after_round: impl FnMut(usize, &RoundFigures, &CapTable) -> Checked<()>,
) -> Result<(), RoundError> {
    table.reset(scenario);
    for index in 0..scenario.rounds.len() {
        let figures = apply_round(scenario, index, state, table)?;
        after_round(index, &figures, table).map_err(|overflow| RoundError::new(index, overflow))?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "rounds_tests.rs"]
mod tests;
