//! Priced rounds: from one realised cap table to the next.
//!
//! A cap table is a vector of *units* per party. With share counts the units are shares. With
//! stakes (value terms) the units are money: each round first restates every holding at the
//! round's pre-money (units × pre-money ÷ total units), so new money buys exactly its own
//! amount of units and ownership is one division of exact money figures.

use rust_decimal::{Decimal, RoundingStrategy};

use super::arith::{self, Checked, Overflow};
use super::conversion::{InvestmentWorking, Workings, apply_coupled, solves_on_whole_total};
use super::secondary::{Failure, SecondaryFault, SecondaryWorking};
use crate::scenario::model::{Basis, Round, Scenario, ShareRounding, Terms};

/// The cap table between rounds. Buffers are reused across evaluations.
///
/// `units` are as converted: a preferred class whose conversion price anti-dilution lowered
/// counts more common-equivalent units than the shares it was issued. Ownership, prices and
/// every later round use `units`; `issued` keeps the share counts as issued.
#[derive(Clone, Debug, Default)]
pub struct CapTable {
    /// Shares as converted (or money units in value terms) per party, indexed like
    /// `Scenario::parties`.
    pub units: Vec<Decimal>,
    /// Shares as issued per party (equal to `units` unless a conversion price moved).
    pub issued: Vec<Decimal>,
    /// Money each party put in during the last round applied.
    pub invested_round: Vec<Decimal>,
    /// Money each party put in across all rounds applied so far.
    pub invested_total: Vec<Decimal>,
    /// Per position (`Scenario::positions`): shares as issued.
    pub position_shares: Vec<Decimal>,
    /// Per position: shares as converted.
    pub position_units: Vec<Decimal>,
    /// Per position: money invested (holders' `invested`, investments, conversions).
    pub position_invested: Vec<Decimal>,
    /// Per position: the money its class's preference multiplies. The money invested, until a
    /// secondary moves shares: the preference goes with them, the money invested stays.
    pub position_preference: Vec<Decimal>,
    /// Position units before the round being applied (anti-dilution only).
    pub(crate) scratch: Vec<Decimal>,
    /// Per class of `Scenario::classes` (each a series: a class's round-issued shares, or one
    /// instrument's shadow series): its conversion price, as anti-dilution adjusted it; zero
    /// before it has shares or in value terms. See [`CapTable::price_series`].
    pub series_price: Vec<Decimal>,
    /// Per class: its original issue price (the money per share it was issued at, never
    /// adjusted); zero before it has shares or in value terms.
    pub series_issue: Vec<Decimal>,
    /// Per position: the conversion price its instrument's shares were booked at in the round
    /// being applied (zero for other positions).
    pub(crate) converted_at: Vec<Decimal>,
    /// Track only what a sweep reads (units and money invested in total per party), not money
    /// per round, shares as issued or per-class positions. Only for scenarios without anti-dilution, where units
    /// never depend on positions.
    pub lean: bool,
    /// Fixed-point work done with this table since it was made, counted in terms evaluated
    /// (see [`super::conversion::MAX_SOLVER_STEPS`]). Not cleared by [`CapTable::reset`]: a
    /// table reused for every outcome bounds the work of all of them together.
    pub solver_steps: u64,
}

impl CapTable {
    /// The cap table before the first round.
    pub fn initial(scenario: &Scenario) -> Self {
        let mut table = CapTable::default();
        table.reset(scenario);
        table
    }

    /// Returns to the cap table before the first round, keeping the allocations.
    pub fn reset(&mut self, scenario: &Scenario) {
        // Clearing keeps each vector's allocation: in a sweep, nothing is allocated here.
        let parties = scenario.parties.len();
        self.units.clear();
        self.units
            .extend(scenario.parties.iter().map(|p| p.initial));
        self.invested_round.clear();
        self.invested_round.resize(parties, Decimal::ZERO);
        self.invested_total.clear();
        self.invested_total.resize(parties, Decimal::ZERO);
        if self.lean {
            return;
        }
        self.issued.clear();
        self.issued.extend_from_slice(&self.units);
        // Positions 0..holders are the holders before the first round.
        let initial = |i: usize| scenario.parties.get(i).filter(|p| p.first_round.is_none());
        self.position_shares.clear();
        self.position_shares.extend(
            (0..scenario.positions.len()).map(|i| initial(i).map_or(Decimal::ZERO, |p| p.initial)),
        );
        self.position_units.clear();
        self.position_units.extend_from_slice(&self.position_shares);
        self.position_invested.clear();
        self.position_invested.extend(
            (0..scenario.positions.len())
                .map(|i| initial(i).map_or(Decimal::ZERO, |p| p.initial_invested)),
        );
        self.position_preference.clear();
        self.position_preference
            .extend_from_slice(&self.position_invested);
        self.converted_at.clear();
        self.converted_at
            .resize(scenario.positions.len(), Decimal::ZERO);
        // A class held before the first round was issued at its holders' money ÷ shares.
        self.series_price.clear();
        self.series_price
            .resize(scenario.classes.len(), Decimal::ZERO);
        if scenario.basis == Basis::Shares {
            let zero = Some(Decimal::ZERO);
            let mut given = vec![(zero, zero); scenario.classes.len()];
            for (i, position) in scenario.positions.iter().enumerate() {
                if let Some(c) = position.class {
                    // A sum that does not fit leaves the price unknown (zero), as for a class
                    // with no shares: its conversion price is then never adjusted.
                    let (money, shares) = &mut given[c];
                    *money = money.and_then(|m| m.checked_add(self.position_invested[i]));
                    *shares = shares.and_then(|s| s.checked_add(self.position_shares[i]));
                }
            }
            for (price, given) in self.series_price.iter_mut().zip(given) {
                if let (Some(money), Some(shares)) = given
                    && !shares.is_zero()
                    && !money.is_zero()
                {
                    *price = money.checked_div(shares).unwrap_or(Decimal::ZERO);
                }
            }
        }
        self.series_issue.clear();
        self.series_issue.extend_from_slice(&self.series_price);
    }

    /// Records the conversion price an instrument's shares were booked at (for its series).
    pub(crate) fn converted_at(&mut self, position: usize, price: Decimal) {
        if let Some(p) = self.converted_at.get_mut(position) {
            *p = price;
        }
    }

    /// Prices each series that was issued shares in `round`: a shadow series at its
    /// instrument's conversion price; a class's round series at the round's price when the
    /// round sold it for money, else at the money ÷ shares of what converted into it. A series
    /// issued again blends: its conversion price becomes (its units before × its price + new
    /// shares × their price) ÷ its units after, and so does its original issue price over
    /// shares as issued. `shares_before` is each class's shares as issued before the round.
    fn price_series(
        &mut self,
        scenario: &Scenario,
        round: &Round,
        shares_before: &[(Decimal, Decimal, Decimal)],
        round_price: Decimal,
    ) -> Checked<()> {
        let after = self.class_totals(scenario)?;
        for (c, class) in scenario.classes.iter().enumerate() {
            let (money_before, issued_before, _) = shares_before[c];
            let (money_after, issued_after, units_after) = after[c];
            let new = arith::sub(issued_after, issued_before, "new shares")?;
            if new <= Decimal::ZERO {
                continue;
            }
            let sold = round
                .investments
                .iter()
                .any(|i| scenario.positions.get(i.position).and_then(|p| p.class) == Some(c));
            let price = match &class.shadow {
                Some(shadow) => scenario
                    .instruments
                    .get(shadow.instrument)
                    .and_then(|i| self.converted_at.get(i.position).copied())
                    .unwrap_or(Decimal::ZERO),
                None if sold => round_price,
                None => arith::div(
                    arith::sub(money_after, money_before, "money invested")?,
                    new,
                    "an issue price",
                )?,
            };
            let old_units = arith::sub(units_after, new, "a series' shares")?;
            let blend = |old: Decimal, of: Decimal, total: Decimal| -> Checked<Decimal> {
                if old.is_zero() || of.is_zero() {
                    return Ok(price);
                }
                let value = arith::add(
                    arith::mul(old, of, "a series' value")?,
                    arith::mul(price, new, "a series' value")?,
                    "a series' value",
                )?;
                arith::div(value, total, "a conversion price")
            };
            self.series_price[c] = blend(self.series_price[c], old_units, units_after)?;
            self.series_issue[c] = blend(self.series_issue[c], issued_before, issued_after)?;
        }
        self.converted_at.fill(Decimal::ZERO);
        Ok(())
    }

    /// A cap table for sweeps: [`CapTable::lean`] unless the scenario has anti-dilution or a
    /// secondary (which sells from positions).
    pub fn for_sweep(scenario: &Scenario) -> Self {
        let mut table = CapTable {
            lean: !scenario.has_anti_dilution() && !scenario.has_secondaries(),
            ..CapTable::default()
        };
        table.reset(scenario);
        table
    }

    /// The fully diluted total: every party's units, the pool included.
    pub fn total(&self) -> Checked<Decimal> {
        arith::sum(self.units.iter().copied(), "the fully diluted total")
    }

    /// Books `shares` issued for `money` to `position` (held by `party`). The money is
    /// recorded as invested in this round.
    pub fn issue(
        &mut self,
        position: usize,
        party: usize,
        shares: Decimal,
        money: Decimal,
    ) -> Checked<()> {
        self.units[party] = arith::add(self.units[party], shares, "a share count")?;
        self.invested_total[party] =
            arith::add(self.invested_total[party], money, "money invested")?;
        if self.lean {
            // A sweep reads money invested in total (`invested:NAME`), never per round.
            return Ok(());
        }
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

    /// Per class of `Scenario::classes`: money invested, shares as issued and shares as
    /// converted, summed over its positions.
    pub fn class_totals(&self, scenario: &Scenario) -> Checked<Vec<(Decimal, Decimal, Decimal)>> {
        let mut totals =
            vec![(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO); scenario.classes.len()];
        for (i, position) in scenario.positions.iter().enumerate() {
            if let Some(c) = position.class {
                let t = &mut totals[c];
                t.0 = arith::add(t.0, self.position_invested[i], "a class's money")?;
                t.1 = arith::add(t.1, self.position_shares[i], "a class's shares")?;
                t.2 = arith::add(t.2, self.position_units[i], "a class's shares")?;
            }
        }
        Ok(totals)
    }

    /// A party's fraction of the fully diluted total.
    pub fn ownership(&self, party: usize, total: Decimal) -> Checked<Decimal> {
        if total.is_zero() {
            return Ok(Decimal::ZERO);
        }
        arith::div(self.units[party], total, "ownership")
    }
}

/// The headline figures of one round under one set of condition values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundFigures {
    pub pre_money: Decimal,
    /// Money of the tranches paid.
    pub new_money: Decimal,
    /// Pre-money plus the money paid.
    pub post_money: Decimal,
    /// Money of every tranche, paid or not: what the announced post-money counts. Zero in a
    /// lean cap table (a sweep), unless the round is priced by its post-money.
    pub committed: Decimal,
    /// `None` in value terms.
    pub price_per_share: Option<Decimal>,
    /// The fully diluted count the price divides by (shares; money units in value terms).
    pub pre_money_units: Decimal,
    /// The fully diluted total after the round.
    pub post_money_units: Decimal,
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
/// `state` (bit i = condition i). Allocates nothing.
pub fn apply_round(
    scenario: &Scenario,
    index: usize,
    state: u32,
    table: &mut CapTable,
) -> Result<RoundFigures, RoundError> {
    // Never out of range from this crate's callers; an error, not a panic, if it were.
    let round = scenario.rounds.get(index).ok_or(RoundError::new(
        index,
        Overflow {
            what: "a round the scenario does not have",
        },
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
    state: u32,
    table: &mut CapTable,
    workings: &mut Workings,
) -> Result<RoundFigures, RoundError> {
    // Never out of range from this crate's callers; an error, not a panic, if it were.
    let round = scenario.rounds.get(index).ok_or(RoundError::new(
        index,
        Overflow {
            what: "a round the scenario does not have",
        },
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
    state: u32,
    table: &mut CapTable,
    workings: Option<&mut Vec<SecondaryWorking>>,
) -> Result<(), RoundError> {
    super::secondary::apply(scenario, round, figures, state, table, workings).map_err(|failure| {
        match failure {
            Failure::Overflow(overflow) => RoundError::new(index, overflow),
            Failure::Fault(fault) => RoundError {
                round: index,
                overflow: Overflow {
                    what: SECONDARY_FAULT,
                },
                secondary: Some(fault),
            },
        }
    })
}

fn apply(
    scenario: &Scenario,
    round: &Round,
    state: u32,
    table: &mut CapTable,
    mut workings: Option<&mut Workings>,
) -> Checked<RoundFigures> {
    if let Some(w) = workings.as_deref_mut() {
        w.adjustments.clear();
    }
    if scenario.basis == Basis::Shares && !table.lean {
        let before = super::antidilution::Before::take(scenario, table)?;
        let mut figures = apply_terms(scenario, round, state, table, workings.as_deref_mut())?;
        if scenario.has_anti_dilution() {
            super::antidilution::adjust(scenario, &figures, &before, table, workings)?;
            figures.post_money_units = table.total()?;
        }
        if let Some(price) = figures.price_per_share {
            table.price_series(scenario, round, before.classes(), price)?;
        }
        grant(round, table)?;
        return Ok(figures);
    }
    let figures = apply_terms(scenario, round, state, table, workings)?;
    grant(round, table)?;
    Ok(figures)
}

/// What a round's computation fails with when its grants ask for more than the pool holds.
pub const POOL_TOO_SMALL: &str =
    "the round's grants: the unallocated pool holds fewer shares than they grant";

/// Moves each `[[round.grant]]`'s shares from the unallocated pool to its grantee, at the
/// round's closing (after its new shares, top-up and conversions). The fully diluted total,
/// and so every price and every other holder's ownership, is unchanged.
fn grant(round: &Round, table: &mut CapTable) -> Checked<()> {
    let Some((pool, pool_position)) = round.grant_pool else {
        return Ok(());
    };
    for grant in &round.grants {
        let move_units = |units: &mut Vec<Decimal>, from: usize, to: usize| -> Checked<()> {
            let (Some(&have), Some(&got)) = (units.get(from), units.get(to)) else {
                return Err(Overflow {
                    what: POOL_TOO_SMALL,
                });
            };
            if have < grant.shares {
                return Err(Overflow {
                    what: POOL_TOO_SMALL,
                });
            }
            units[from] = arith::sub(have, grant.shares, "the pool")?;
            units[to] = arith::add(got, grant.shares, "a grant")?;
            Ok(())
        };
        move_units(&mut table.units, pool, grant.party)?;
        if table.lean {
            continue;
        }
        move_units(&mut table.issued, pool, grant.party)?;
        move_units(&mut table.position_shares, pool_position, grant.position)?;
        move_units(&mut table.position_units, pool_position, grant.position)?;
    }
    Ok(())
}

fn apply_terms(
    scenario: &Scenario,
    round: &Round,
    state: u32,
    table: &mut CapTable,
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
    // The announced post-money needs it for reports; a sweep (lean) only to price by post-money.
    let committed = if table.lean && !matches!(round.terms, Terms::PostMoney(_)) {
        Decimal::ZERO
    } else {
        arith::sum(
            round.investments.iter().map(|i| i.amount),
            "the round's committed money",
        )?
    };
    let pre_money = match round.terms {
        Terms::PreMoney(v) => v,
        Terms::PostMoney(post) => arith::sub(post, committed, "pre-money")?,
        Terms::PricePerShare(price) => arith::mul(price, units_before, "pre-money")?,
    };
    if pre_money <= Decimal::ZERO || units_before.is_zero() {
        return Err(Overflow {
            what: "the price per share (the pre-money or the shares before the round are zero)",
        });
    }

    table.invested_round.fill(Decimal::ZERO);
    let mut new_money = Decimal::ZERO;
    let price_per_share = match scenario.basis {
        Basis::Shares => {
            // The price a share is bought at: given, rounded by `price_decimals`, or — when
            // neither — only reported, while share counts come from the exact ratio.
            let exact_price = arith::div(pre_money, units_before, "the price per share")?;
            let (price, fixed) = match round.terms {
                Terms::PricePerShare(p) => (p, true),
                _ => match scenario.rounding.round_price(exact_price) {
                    Some(rounded) => (rounded, true),
                    None => (exact_price, false),
                },
            };
            if price.is_zero() {
                return Err(Overflow {
                    what: "the price per share (it rounds to zero at price_decimals)",
                });
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
                w.pre_money_count_includes = vec!["shares before"];
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
                let lean = table.lean;
                let (issued, shares, units) = if lean {
                    (&mut [][..], &mut [][..], &mut [][..])
                } else {
                    (
                        &mut table.issued[..],
                        &mut table.position_shares[..],
                        &mut table.position_units[..],
                    )
                };
                for units in table
                    .units
                    .iter_mut()
                    .chain(issued)
                    .chain(shares)
                    .chain(units)
                {
                    if !units.is_zero() {
                        *units =
                            arith::mul_div(*units, pre_money, units_before, "a holding's value")?;
                    }
                }
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

/// The money an investment pays when the conditions in `state` hold.
pub fn paid(investment: &crate::scenario::model::Investment, state: u32) -> Checked<Decimal> {
    if let [only] = investment.tranches.as_slice() {
        return Ok(if only.is_paid(state) {
            only.amount
        } else {
            Decimal::ZERO
        });
    }
    arith::sum(
        investment
            .tranches
            .iter()
            .filter(|t| t.is_paid(state))
            .map(|t| t.amount),
        "an investment's paid money",
    )
}

/// Applies the scenario's share rounding to a computed share count.
pub fn round_shares(shares: Decimal, rule: ShareRounding) -> Decimal {
    match rule {
        ShareRounding::Floor => shares.floor(),
        ShareRounding::Nearest => {
            shares.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        }
        ShareRounding::Exact => shares,
    }
}

/// Runs every round from the initial cap table, calling `after_round` after each.
pub fn run(
    scenario: &Scenario,
    state: u32,
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
