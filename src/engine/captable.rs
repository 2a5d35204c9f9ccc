//! The engine's shared types: the cap table between rounds, a round's figures and its
//! workings. A leaf: it imports nothing of the engine but checked arithmetic, so that every
//! module computing a round (`rounds`, `conversion`, `exact`, `price_up`, `antidilution`,
//! `secondary`) can use it without importing another of them.

use rust_decimal::{Decimal, RoundingStrategy};

use super::arith::{self, Checked, Overflow};
use crate::scenario::id;
use crate::scenario::model::{
    AntiDilution, Arrival, Basis, ClassId, ConditionSet, ConversionMethod, IdVec, InstrumentId,
    Investment, PartyId, PositionId, PriceRounding, Round, Scenario, ShareRounding,
};

/// The cap table between rounds. Buffers are reused across evaluations.
///
/// `units` are as converted: a preferred class whose conversion price anti-dilution lowered
/// counts more common-equivalent units than the shares it was issued. Ownership, prices and
/// every later round use `units`; `issued` keeps the share counts as issued.
#[derive(Clone, Debug, Default)]
pub struct CapTable {
    /// Shares as converted (or money units in value terms) per party, indexed like
    /// `Scenario::parties`.
    pub units: IdVec<PartyId, Decimal>,
    /// Shares as issued per party (equal to `units` unless a conversion price moved).
    pub issued: IdVec<PartyId, Decimal>,
    /// Money each party put in during the last round applied.
    pub invested_round: IdVec<PartyId, Decimal>,
    /// Money each party put in across all rounds applied so far.
    pub invested_total: IdVec<PartyId, Decimal>,
    /// Per position (`Scenario::positions`): shares as issued.
    pub position_shares: IdVec<PositionId, Decimal>,
    /// Per position: shares as converted.
    pub position_units: IdVec<PositionId, Decimal>,
    /// Per position: money invested (holders' `invested`, investments, conversions).
    pub position_invested: IdVec<PositionId, Decimal>,
    /// Per position: the money its class's preference multiplies. The money invested, until a
    /// secondary moves shares: the preference goes with them, the money invested stays.
    pub position_preference: IdVec<PositionId, Decimal>,
    /// Position units before the round being applied (anti-dilution only).
    pub(crate) scratch: IdVec<PositionId, Decimal>,
    /// Per class of `Scenario::classes` (each a series: a class's round-issued shares, or one
    /// instrument's shadow series): its conversion price, as anti-dilution adjusted it; zero
    /// before it has shares or in value terms. See [`CapTable::price_series`].
    pub series_price: IdVec<ClassId, Decimal>,
    /// Per class: its original issue price (the money per share it was issued at, never
    /// adjusted); zero before it has shares or in value terms.
    pub series_issue: IdVec<ClassId, Decimal>,
    /// The overflow met pricing the classes held before the first round (a class's money or
    /// shares summed, or money ÷ shares): a round that adjusts or blends series prices reports
    /// it (`Ledger::after`) rather than use a price that is not known.
    pub(crate) unpriced: Option<Overflow>,
    /// Per position: the conversion price its instrument's shares were booked at in the round
    /// being applied (zero for other positions).
    pub(crate) converted_at: IdVec<PositionId, Decimal>,
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
        self.issued.clear();
        self.issued.extend_from_slice(&self.units);
        // Positions 0..holders are the holders before the first round.
        let initial = |i: usize| {
            scenario
                .parties
                .get(i)
                .filter(|p| p.arrival == Arrival::Initial)
        };
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
        self.unpriced = None;
        if scenario.basis == Basis::Shares {
            self.unpriced = self.price_initial_series(scenario).err();
        }
        self.series_issue.clear();
        self.series_issue.extend_from_slice(&self.series_price);
    }

    /// Prices each class held before the first round at its holders' money ÷ shares (a class
    /// with no shares or no money keeps a zero price: its conversion price is never adjusted).
    fn price_initial_series(&mut self, scenario: &Scenario) -> Checked<()> {
        let mut given: IdVec<ClassId, _> =
            vec![(Decimal::ZERO, Decimal::ZERO); scenario.classes.len()].into();
        for (i, position) in id::enumerate::<PositionId, _>(&scenario.positions) {
            if let Some(c) = position.class {
                let (money, shares) = &mut given[c];
                *money = arith::add(
                    *money,
                    self.position_invested[i],
                    "a class's money invested",
                )?;
                *shares = arith::add(*shares, self.position_shares[i], "a class's shares")?;
            }
        }
        for (price, &(money, shares)) in self.series_price.iter_mut().zip(given.iter()) {
            if !shares.is_zero() && !money.is_zero() {
                *price = arith::div(money, shares, "a class's original issue price")?;
            }
        }
        Ok(())
    }

    /// Prices each series that was issued shares in `round`: a shadow series at its
    /// instrument's conversion price; a class's round series at the round's price when the
    /// round sold it for money, else at the money ÷ shares of what converted into it. A series
    /// issued again blends: its conversion price becomes (its units before × its price + new
    /// shares × their price) ÷ its units after, and so does its original issue price over
    /// shares as issued. `shares_before` is each class's shares as issued before the round.
    pub(super) fn price_series(
        &mut self,
        scenario: &Scenario,
        round: &Round,
        shares_before: &ClassTotals,
        round_price: Decimal,
    ) -> Checked<()> {
        let after = self.class_totals(scenario)?;
        for (c, class) in id::enumerate::<ClassId, _>(&scenario.classes) {
            let (money_before, issued_before, _) = shares_before[c];
            let (money_after, issued_after, units_after) = after[c];
            let new = arith::sub(issued_after, issued_before, "new shares")?;
            if new <= Decimal::ZERO {
                continue;
            }
            let sold = round.investments.iter().any(|i| {
                scenario
                    .positions
                    .get(i.position.index())
                    .and_then(|p| p.class)
                    == Some(c)
            });
            let price = match &class.shadow {
                Some(shadow) => scenario
                    .instruments
                    .get(shadow.instrument.index())
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

    /// A cap table for a sweep's worker to reuse from point to point: what it tracks in it
    /// depends on the scenario (see `super::sweep::evaluate`).
    pub fn for_sweep(scenario: &Scenario) -> Self {
        CapTable::initial(scenario)
    }

    /// The fully diluted total: every party's units, the pool included.
    pub fn total(&self) -> Checked<Decimal> {
        arith::sum(self.units.iter().copied(), "the fully diluted total")
    }

    /// Per class of `Scenario::classes`: money invested, shares as issued and shares as
    /// converted, summed over its positions.
    pub fn class_totals(&self, scenario: &Scenario) -> Checked<ClassTotals> {
        let mut totals: ClassTotals =
            vec![(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO); scenario.classes.len()].into();
        for (i, position) in id::enumerate::<PositionId, _>(&scenario.positions) {
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
    pub fn ownership(&self, party: PartyId, total: Decimal) -> Checked<Decimal> {
        ownership(self.units[party], total)
    }
}

/// Per class of `Scenario::classes`: money invested, shares as issued and shares as
/// converted ([`CapTable::class_totals`]).
pub type ClassTotals = IdVec<ClassId, (Decimal, Decimal, Decimal)>;

/// The headline figures of one round under one set of condition values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundFigures {
    pub pre_money: Decimal,
    /// Money of the tranches paid.
    pub new_money: Decimal,
    /// Pre-money plus the money paid.
    pub post_money: Decimal,
    /// Money of every tranche, paid or not: what the announced post-money counts. Zero from a
    /// sweep's `Holdings`, unless the round is priced by its post-money.
    pub committed: Decimal,
    /// `None` in value terms.
    pub price_per_share: Option<Decimal>,
    /// The fully diluted count the price divides by (shares; money units in value terms).
    pub pre_money_units: Decimal,
    /// The fully diluted total after the round.
    pub post_money_units: Decimal,
}

/// The money an investment pays when the conditions in `state` hold.
pub fn paid(investment: &Investment, state: ConditionSet) -> Checked<Decimal> {
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

/// A holding's fraction of the fully diluted `total` (zero of a zero total).
pub fn ownership(units: Decimal, total: Decimal) -> Checked<Decimal> {
    if total.is_zero() {
        return Ok(Decimal::ZERO);
    }
    arith::div(units, total, "ownership")
}

/// The value of a holding of `units` at `post_money`: units × post-money ÷ the fully diluted
/// `total` (zero of a zero total).
pub fn holding_value(units: Decimal, post_money: Decimal, total: Decimal) -> Checked<Decimal> {
    if total.is_zero() {
        return Ok(Decimal::ZERO);
    }
    arith::mul_div(units, post_money, total, "a holding's value")
}

/// The value of a holding of `units` after the round of `figures`: at the round price when the
/// round has one (share counts: `at_price` is [`AtPrice::of`] the figures, computed once by the
/// caller), so that the holders' values add up to the post-money at price; else (value terms)
/// its stake of the post-money. `report`, `outcomes` and `sweep`'s `value:NAME` all value a
/// holding by this one rule.
pub fn value_after(
    figures: &RoundFigures,
    at_price: Option<AtPrice>,
    units: Decimal,
) -> Checked<Decimal> {
    match at_price {
        Some(price) => price.value(units, "a holding's value"),
        None => holding_value(units, figures.post_money, figures.post_money_units),
    }
}

/// How money at a round's price is computed (a holding's value, the post-money at the price, the
/// effective pre-money): `price × shares` when the price is a given or
/// rounded figure (the one shares were bought at), else `pre-money × shares ÷ pre-money count`,
/// the exact ratio rounded once rather than a rounded price multiplied.
#[derive(Clone, Copy, Debug)]
pub enum AtPrice {
    Fixed(Decimal),
    Ratio { pre_money: Decimal, count: Decimal },
}

impl AtPrice {
    pub fn of(figures: &RoundFigures) -> Checked<Option<AtPrice>> {
        let Some(price) = figures.price_per_share else {
            return Ok(None);
        };
        let count = figures.pre_money_units;
        // A price that terminates within a decimal's 28 digits is exact: use it. One that
        // was rounded there is pre-money ÷ count, exact when the count is short (a whole
        // share count): use that ratio. When both were rounded, the price as printed.
        let ratio = !terminates(price)
            && terminates(count)
            && count > Decimal::ZERO
            && arith::div(figures.pre_money, count, "the price per share")? == price;
        Ok(Some(if ratio {
            AtPrice::Ratio {
                pre_money: figures.pre_money,
                count,
            }
        } else {
            AtPrice::Fixed(price)
        }))
    }

    /// `shares` valued at the round price.
    pub fn value(self, shares: Decimal, what: &'static str) -> Checked<Decimal> {
        match self {
            AtPrice::Fixed(price) => arith::mul(price, shares, what),
            AtPrice::Ratio { pre_money, count } => arith::mul_div(pre_money, shares, count, what),
        }
    }

    /// The pre-money less the pool top-up's value at the round price.
    pub fn effective_pre_money(self, pre_money: Decimal, top_up: Decimal) -> Checked<Decimal> {
        const WHAT: &str = "the effective pre-money";
        match self {
            AtPrice::Fixed(price) => arith::sub(pre_money, arith::mul(price, top_up, WHAT)?, WHAT),
            // pre × (count − top-up) ÷ count: one rounding.
            AtPrice::Ratio { count, .. } => {
                arith::mul_div(pre_money, arith::sub(count, top_up, WHAT)?, count, WHAT)
            }
        }
    }
}

/// Whether a decimal certainly holds an exact quotient: it has fewer significant digits than
/// a division's rounded result (28).
fn terminates(value: Decimal) -> bool {
    let mut mantissa = value.normalize().mantissa().unsigned_abs();
    let mut digits = 0;
    while mantissa > 0 {
        mantissa /= 10;
        digits += 1;
    }
    digits < 28
}

/// A price rounded to `decimals` places (`None` without them) by `rule`: half away from zero,
/// or up (away from zero). The one rounding of decimal prices: a round's or a secondary's price
/// to `[rounding] price_decimals` by `[rounding] price`, a class's conversion price after
/// anti-dilution to its own `price_decimals`, half away from zero (the NVCA charter's "rounded
/// to the nearest one-hundredth of a cent" at 4). `super::exact` rounds exact prices by the
/// same rule.
pub fn round_price(price: Decimal, decimals: Option<u32>, rule: PriceRounding) -> Option<Decimal> {
    let strategy = match rule {
        PriceRounding::Nearest => RoundingStrategy::MidpointAwayFromZero,
        PriceRounding::Up => RoundingStrategy::AwayFromZero,
    };
    decimals.map(|dp| price.round_dp_with_strategy(dp, strategy))
}

/// The audit trail of one round with share counts: what a reader needs to check it by hand.
/// One part of a round's pre-money count, for the workings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountPart {
    /// The fully diluted shares before the round.
    SharesBefore,
    /// The pre-money pool top-up.
    PoolTopUp,
    /// Post-money SAFEs' shares (they convert on the company capitalization).
    PostMoneySafes,
    /// Notes and pre-money SAFEs, counted under the round's conversion method.
    Converting(ConversionMethod),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workings {
    /// Fully diluted shares before the round, the pool included.
    pub shares_before: Decimal,
    /// Of those, the unallocated pool.
    pub pool_before: Decimal,
    /// New pool shares (rounded).
    pub pool_top_up: Decimal,
    /// The count the price divides by (exact, before rounding).
    pub pre_money_count: Decimal,
    /// What `pre_money_count` includes (report/ puts it in words).
    pub pre_money_count_includes: Vec<CountPart>,
    /// Company capitalization for post-money SAFEs, when any convert.
    pub company_capitalization: Option<Decimal>,
    pub price_per_share: Decimal,
    pub conversions: Vec<ConversionWorking>,
    pub investments: Vec<InvestmentWorking>,
    /// Fully diluted shares after the round.
    pub shares_after: Decimal,
    /// Conversion prices that anti-dilution lowered in this round.
    pub adjustments: Vec<Adjustment>,
    /// The round's secondaries that happened, in file order.
    pub secondaries: Vec<SecondaryWorking>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionWorking {
    pub instrument: InstrumentId,
    pub party: PartyId,
    /// Amount, or principal plus interest.
    pub amount: Decimal,
    /// The cap and discount that applied (an MFN SAFE's are those it took from later SAFEs).
    pub cap: Option<Decimal>,
    pub discount: Option<Decimal>,
    pub cap_price: Option<Decimal>,
    pub discount_price: Option<Decimal>,
    pub conversion_price: Decimal,
    /// Which price won.
    pub basis: PriceTerm,
    pub shares: Decimal,
}

/// The term that sets a conversion's price: the lowest of the cap price, the discount price
/// and the round price (or, for a fixed-percentage SAFE, its percentage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceTerm {
    Cap,
    Discount,
    RoundPrice,
    FixedPercentage,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvestmentWorking {
    pub party: PartyId,
    pub money: Decimal,
    pub shares: Decimal,
    pub pro_rata: bool,
}

/// One class's conversion price moved by a round, with the figures of the formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    pub class: ClassId,
    pub rule: AntiDilution,
    pub round_price: Decimal,
    pub before: Decimal,
    pub after: Decimal,
    /// `A`, `B` and `C` of the weighted-average formula (`None` for a full ratchet).
    pub weighted: Option<(Decimal, Decimal, Decimal)>,
    pub units_before: Decimal,
    pub units_after: Decimal,
}

/// One secondary as it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecondaryWorking {
    /// Index into the round's `secondaries`.
    pub index: usize,
    /// Each seller (a party) and the shares it sold (money units in value terms), in the
    /// order of the sellers.
    pub sales: Vec<(PartyId, Decimal)>,
    /// Shares sold in total (money units in value terms).
    pub shares: Decimal,
    /// Money paid for them: shares × price.
    pub amount: Decimal,
    /// `None` in value terms.
    pub price_per_share: Option<Decimal>,
    /// Price ÷ round price − 1 (in value terms, valuation ÷ post-money − 1).
    pub premium: Option<Decimal>,
    /// Price × fully diluted shares after the round (the `valuation`, when given).
    pub implied_valuation: Decimal,
    /// The fraction of the company sold (shares ÷ fully diluted total after the round).
    pub stake: Decimal,
}

// ----- figures a report shows, derived from a round's results -------------------------------

impl RoundFigures {
    /// The post-money as announced: the pre-money plus every tranche's money, paid or not.
    pub fn announced_post_money(&self) -> Checked<Decimal> {
        arith::add(self.pre_money, self.committed, "post-money")
    }

    /// The post-money as a multiple of `annual_revenue`.
    pub fn revenue_multiple(&self, annual_revenue: Decimal) -> Checked<Decimal> {
        revenue_multiple(self.post_money, annual_revenue)
    }
}

/// A round's post-money: its pre-money plus the new money paid.
pub fn post_money(pre_money: Decimal, new_money: Decimal) -> Checked<Decimal> {
    arith::add(pre_money, new_money, "post-money")
}

/// A post-money as a multiple of `annual_revenue`: post-money ÷ revenue.
pub fn revenue_multiple(post_money: Decimal, annual_revenue: Decimal) -> Checked<Decimal> {
    arith::div(post_money, annual_revenue, "the revenue multiple")
}

/// The money of the tranches that pay, of `(amount, paid)` pairs: Σ amount over the paid ones.
pub fn paid_money(tranches: impl IntoIterator<Item = (Decimal, bool)>) -> Checked<Decimal> {
    arith::sum(
        tranches
            .into_iter()
            .filter(|&(_, paid)| paid)
            .map(|(amount, _)| amount),
        "new money",
    )
}

/// The money and the shares of a set of investments, of `(money, shares)` pairs: (Σ money,
/// Σ shares).
pub fn money_and_shares(
    investments: impl IntoIterator<Item = (Decimal, Decimal)>,
) -> Checked<(Decimal, Decimal)> {
    let (mut money, mut shares) = (Decimal::ZERO, Decimal::ZERO);
    for (m, s) in investments {
        money = arith::add(money, m, "money invested")?;
        shares = arith::add(shares, s, "shares bought")?;
    }
    Ok((money, shares))
}

/// The fully diluted total of a cap table's holdings: Σ units.
pub fn total_units(units: impl IntoIterator<Item = Decimal>) -> Checked<Decimal> {
    arith::sum(units, "the fully diluted shares")
}

/// A holding's fraction of `total`: units ÷ total (a zero total is an error, where
/// [`ownership`] gives zero).
pub fn share_of(units: Decimal, total: Decimal) -> Checked<Decimal> {
    arith::div(units, total, "an ownership")
}

/// A holder's ownership after a round in value terms: (ownership before × pre-money +
/// invested) ÷ post-money.
pub fn ownership_in_value_terms(
    ownership_before: Decimal,
    pre_money: Decimal,
    invested: Decimal,
    post_money: Decimal,
) -> Checked<Decimal> {
    const WHAT: &str = "an ownership";
    let before = arith::mul(ownership_before, pre_money, WHAT)?;
    arith::div(arith::add(before, invested, WHAT)?, post_money, WHAT)
}

/// How much a figure moved: `after − before` (an ownership change, a scenario's difference
/// from another's).
pub fn change(after: Decimal, before: Decimal) -> Checked<Decimal> {
    arith::sub(after, before, "a change")
}

/// A change relative to where it started: `change ÷ before`.
pub fn relative_change(change: Decimal, before: Decimal) -> Checked<Decimal> {
    arith::div(change, before, "a relative change")
}

/// The value of `units` at `price` a share: units × price.
pub fn value_at_price(units: Decimal, price: Decimal) -> Checked<Decimal> {
    arith::mul(units, price, "a holding's value")
}

/// The value of a stake of `ownership` in a company worth `post_money`: ownership × post-money.
pub fn stake_value(ownership: Decimal, post_money: Decimal) -> Checked<Decimal> {
    arith::mul(ownership, post_money, "a holding's value")
}

/// A note's interest at conversion: the amount converting (principal plus interest) less its
/// principal; a SAFE's is zero.
pub fn accrued_interest(amount: Decimal, principal: Decimal) -> Checked<Decimal> {
    arith::sub(amount, principal, "a note's interest")
}

/// A holder's ownership as it would be without its secondaries in a round: `ownership` plus
/// each of `changes` in turn (a stake it sold, or minus a stake it bought).
pub fn ownership_before_secondaries(
    ownership: Decimal,
    changes: impl IntoIterator<Item = Decimal>,
) -> Checked<Decimal> {
    changes.into_iter().try_fold(ownership, |net, change| {
        arith::add(net, change, "an ownership before secondaries")
    })
}

/// The shares outstanding among `units` (indexed like `Scenario::parties`): every party's but
/// the pool's and options' and warrants' (`Party::is_outstanding`).
pub fn outstanding_units(scenario: &Scenario, units: &[Decimal]) -> Checked<Decimal> {
    arith::sum(
        scenario
            .parties
            .iter()
            .zip(units)
            .filter(|(p, _)| p.is_outstanding())
            .map(|(_, &u)| u),
        "the shares outstanding",
    )
}

/// A seller's proceeds in a secondary of `shares` for `amount`: its part of the amount,
/// `amount × sold ÷ shares` (zero when no share was sold).
pub fn seller_proceeds(amount: Decimal, sold: Decimal, shares: Decimal) -> Checked<Decimal> {
    if shares.is_zero() {
        return Ok(Decimal::ZERO);
    }
    arith::mul_div(amount, sold, shares, "a seller's proceeds")
}

/// The shares (as converted) a round's anti-dilution adjustments added: Σ (after − before).
pub fn anti_dilution_added(adjustments: &[Adjustment]) -> Checked<Decimal> {
    const WHAT: &str = "the shares anti-dilution added";
    let mut added = Decimal::ZERO;
    for a in adjustments {
        added = arith::add(
            added,
            arith::sub(a.units_after, a.units_before, WHAT)?,
            WHAT,
        )?;
    }
    Ok(added)
}

/// A class's issue price where the engine has none: the money paid ÷ the shares issued.
pub fn issue_price(invested: Decimal, shares: Decimal) -> Checked<Decimal> {
    arith::div(invested, shares, "an issue price")
}

/// A class's conversion price where the engine has none: the money paid ÷ the shares as
/// converted.
pub fn conversion_price(invested: Decimal, units: Decimal) -> Checked<Decimal> {
    arith::div(invested, units, "a conversion price")
}

/// The money put into a position during a round: what it had paid after the round less what it
/// had paid before.
pub fn invested_in_round(after: Decimal, before: Decimal) -> Checked<Decimal> {
    arith::sub(after, before, "money invested")
}

/// The fraction of a round's post-money that `money` buys together: Σ money ÷ post-money
/// (a division by a zero post-money is an error, as every division is).
pub fn stake_bought(
    money: impl IntoIterator<Item = Decimal>,
    post_money: Decimal,
) -> Checked<Decimal> {
    arith::div(arith::sum(money, "money invested")?, post_money, "a stake")
}

/// The expectation Σ pᵢ × xᵢ over `(probability, figure)` pairs.
pub fn expectation(terms: impl IntoIterator<Item = (Decimal, Decimal)>) -> Checked<Decimal> {
    const WHAT: &str = "an expected ownership";
    let mut sum = Decimal::ZERO;
    for (p, x) in terms {
        sum = arith::add(sum, arith::mul(p, x, WHAT)?, WHAT)?;
    }
    Ok(sum)
}

#[cfg(test)]
#[path = "captable_tests.rs"]
mod tests;
