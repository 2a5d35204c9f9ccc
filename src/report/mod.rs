//! One report value per run, built from engine results, and its typed tables.
//!
//! [`Report`] holds exact decimals and names: everything any format shows. `sections` turns it
//! into titled rows of typed cells (human units or exact figures) and `json` into the typed
//! views of the contract in `docs/scenario-format.md`; `crate::render` lays them out in each
//! format, and `render::memo` puts a generated `summary`, the charts and those rows into
//! Markdown and HTML.

pub mod bridge;
pub mod cell;
pub mod exit;
pub mod given;
pub mod json;
pub mod ranges;
pub mod sections;
pub mod summary;
pub mod waterfall;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::arith::Checked;
use crate::engine::captable::{
    self, AtPrice, anti_dilution_added, conversion_price, expectation, invested_in_round,
    issue_price, outstanding_units, seller_proceeds,
};
use crate::engine::commitments::flow;
use crate::engine::conversion::{CountPart, PriceTerm, Workings};
use crate::engine::outcomes::{self, Expected, Outcome};
use crate::engine::rounds::{CapTable, RoundError, RoundFigures, apply_round_with_workings};
use crate::scenario::id;
use crate::scenario::model::{
    Basis, ClassId, ConditionSet, ConversionMethod, IdVec, PartyId, PoolChange, PoolTiming,
    PositionId, RoundId, Scenario, Sizing,
};

/// The words the workings name the term that set a conversion's price with (JSON
/// `price_basis`).
impl std::fmt::Display for PriceTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PriceTerm::Cap => "cap",
            PriceTerm::Discount => "discount",
            PriceTerm::RoundPrice => "round price",
            PriceTerm::FixedPercentage => "fixed percentage",
        })
    }
}

/// What ownership is a fraction of (`report --basis`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OwnershipBasis {
    /// Every share as converted, the options, warrants and unallocated pool included.
    #[default]
    FullyDiluted,
    /// Issued and outstanding shares only: no options, warrants, unallocated pool or
    /// unconverted SAFEs and notes (their rows are left out).
    Outstanding,
}

impl OwnershipBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnershipBasis::FullyDiluted => "fully-diluted",
            OwnershipBasis::Outstanding => "outstanding",
        }
    }

    /// Whether party `party` of `scenario` has a row and counts in the total on this basis.
    fn counts(self, scenario: &Scenario, party: PartyId) -> bool {
        self == OwnershipBasis::FullyDiluted || scenario.parties[party].is_outstanding()
    }
}

/// Everything the `report` command shows, exact.
#[derive(Clone, Debug)]
pub struct Report {
    pub name: String,
    /// Class keys and the names tables and charts show them by.
    pub class_titles: Vec<(String, String)>,
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
    /// The cap table as given, for a file with no round (`None` when there are rounds).
    pub as_given: Option<given::GivenReport>,
    /// What every ownership figure is a fraction of.
    pub ownership_basis: OwnershipBasis,
}

#[derive(Clone, Debug)]
pub struct ConditionInfo {
    pub name: String,
    pub description: Option<String>,
    pub probability: Option<Decimal>,
    pub assumed: bool,
}

/// A round: its valuation, audit trail and cap table. JSON: `rounds[]`, fields in this order.
#[derive(Clone, Debug, Serialize)]
pub struct RoundReport {
    pub name: String,
    pub date: Option<String>,
    #[serde(serialize_with = "json::decimal")]
    pub pre_money: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub new_money: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub post_money: Decimal,
    /// Pre-money plus every tranche, paid or not: the post-money as announced.
    #[serde(serialize_with = "json::decimal")]
    pub announced_post_money: Decimal,
    /// Price per share × fully diluted shares (as converted) after the round; `None` in value
    /// terms.
    #[serde(serialize_with = "json::optional")]
    pub post_money_at_price: Option<Decimal>,
    /// Why `post_money_at_price` differs from `post_money` (empty when it does not).
    #[serde(skip)]
    pub at_price_reasons: Vec<AtPriceReason>,
    /// Pre-money − pool top-up shares × price (the "option pool shuffle"), when the round tops
    /// the pool up inside its pre-money count.
    #[serde(serialize_with = "json::optional")]
    pub effective_pre_money: Option<Decimal>,
    /// Fully diluted shares (as converted) after the round; `None` in value terms.
    #[serde(skip)]
    pub fully_diluted_shares: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub price_per_share: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub revenue_multiple: Option<Decimal>,
    /// The audit trail, with share counts only.
    pub workings: Option<WorkingsReport>,
    /// Each preferred class with shares after the round (share counts only).
    pub classes: Vec<ClassRow>,
    pub holders: Vec<HolderRow>,
    /// The round's secondary sales and tenders that happen under the headline conditions.
    pub secondaries: Vec<SecondaryRow>,
    /// The round's investments tranche by tranche, as the file gives them (pro-rata investments,
    /// which the engine sizes, are left out): the inputs of the workbook's live model.
    #[serde(skip)]
    pub tranches: Vec<TrancheRow>,
    /// The dilution bridge (`report --bridge` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bridge: Option<bridge::BridgeReport>,
}

/// A secondary sale or tender at a round's closing.
#[derive(Clone, Debug, Serialize)]
pub struct SecondaryRow {
    /// The seller's name; for a tender the sellers' names joined by ", " (`all-common` for
    /// `sellers = "all-common"`).
    pub seller: String,
    pub buyer: String,
    /// Shares sold in total; `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub amount: Decimal,
    /// `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub price_per_share: Option<Decimal>,
    /// Price ÷ round price − 1 (value terms: valuation ÷ post-money − 1).
    #[serde(serialize_with = "json::optional")]
    pub premium: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub implied_valuation: Decimal,
    /// The fraction of the company sold (fully diluted after the round).
    #[serde(serialize_with = "json::decimal")]
    pub stake: Decimal,
    pub tender: bool,
    /// Each seller that sold, with its shares (money units in value terms), the fraction of
    /// the company they are and the money it received.
    #[serde(rename = "sellers")]
    pub sales: Vec<SaleRow>,
    /// The class the shares convert into, if any.
    pub class: Option<String>,
    /// The condition, as written.
    pub when: Option<String>,
}

/// One seller's part of a secondary.
#[derive(Clone, Debug, Serialize)]
pub struct SaleRow {
    #[serde(rename = "name")]
    pub seller: String,
    /// `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub stake: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub amount: Decimal,
}

/// One tranche of an investment, and whether the headline conditions pay it.
#[derive(Clone, Debug)]
pub struct TrancheRow {
    pub investor: String,
    pub name: String,
    pub amount: Decimal,
    /// The condition it waits for, in words (`ipo or agi`); `None` when unconditional.
    pub when: Option<String>,
    pub paid: bool,
}

/// Why the round's value at its price differs from its announced post-money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtPriceReason {
    /// SAFE or note shares issued in the round that the pre-money count leaves out
    /// (`conversion_method = "pre-money"` or `"dollars-invested"`): the price does not pay for them.
    ConversionsOutsideCount,
    /// A pool top-up after the price is set (`pool_timing = "post-money"`).
    PoolAfterPrice,
    /// Shares anti-dilution added to earlier classes (as converted), this many.
    AntiDilution(Decimal),
    /// None of the above: share counts were rounded to whole shares.
    Rounding,
}

/// A preferred class after a round: its prices and counts.
#[derive(Clone, Debug, Serialize)]
pub struct ClassRow {
    pub name: String,
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub shares: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub as_converted_shares: Decimal,
    /// Money invested ÷ shares issued.
    #[serde(serialize_with = "json::decimal")]
    pub original_issue_price: Decimal,
    /// Money invested ÷ shares as converted.
    #[serde(serialize_with = "json::decimal")]
    pub conversion_price: Decimal,
    pub anti_dilution: String,
}

/// A conversion price that anti-dilution lowered in a round.
#[derive(Clone, Debug, Serialize)]
pub struct AdjustmentRow {
    pub class: String,
    pub rule: String,
    #[serde(serialize_with = "json::decimal")]
    pub round_price: Decimal,
    #[serde(rename = "conversion_price_before", serialize_with = "json::decimal")]
    pub before: Decimal,
    #[serde(rename = "conversion_price", serialize_with = "json::decimal")]
    pub after: Decimal,
    /// `A`, `B`, `C` of the weighted-average formula (JSON: keys `a`, `b`, `c`, `null` each
    /// for a full ratchet).
    #[serde(flatten, serialize_with = "json::abc")]
    pub weighted: Option<(Decimal, Decimal, Decimal)>,
    #[serde(rename = "as_converted_before", serialize_with = "json::decimal")]
    pub units_before: Decimal,
    #[serde(rename = "as_converted_after", serialize_with = "json::decimal")]
    pub units_after: Decimal,
}

/// A round's audit trail with names resolved.
#[derive(Clone, Debug, Serialize)]
pub struct WorkingsReport {
    #[serde(serialize_with = "json::decimal")]
    pub shares_before: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub pool_before: Decimal,
    pub pool_rule: Option<String>,
    #[serde(serialize_with = "json::decimal")]
    pub pool_top_up: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub company_capitalization: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub pre_money_count: Decimal,
    pub pre_money_count_includes: Vec<String>,
    pub conversion_method: String,
    #[serde(serialize_with = "json::decimal")]
    pub price_per_share: Decimal,
    pub conversions: Vec<ConversionRow>,
    pub investments: Vec<InvestmentRow>,
    #[serde(serialize_with = "json::decimal")]
    pub shares_after: Decimal,
    #[serde(rename = "anti_dilution")]
    pub adjustments: Vec<AdjustmentRow>,
}

/// A SAFE or note: its holder, its kind, its amount and the cap and discount that apply (an MFN
/// SAFE's may be a later SAFE's). JSON: the first fields of `conversions[]` and of the file
/// with no round's `outstanding[]`.
#[derive(Clone, Debug, Serialize)]
pub struct InstrumentSummary {
    pub investor: String,
    pub kind: String,
    /// A SAFE's purchase amount; a note's principal (with its interest when it converts).
    #[serde(serialize_with = "json::decimal")]
    pub amount: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub cap: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub discount: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConversionRow {
    /// The investor, the kind, the amount converting and the terms that applied.
    #[serde(flatten)]
    pub terms: InstrumentSummary,
    /// The SAFE's purchase amount or the note's principal.
    #[serde(skip)]
    pub principal: Decimal,
    /// The note's interest converting with its principal (the amount less the principal).
    #[serde(skip)]
    pub interest: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub cap_price: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub discount_price: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub conversion_price: Decimal,
    /// The term that set the conversion price.
    #[serde(rename = "price_basis", serialize_with = "json::display")]
    pub basis: PriceTerm,
    #[serde(serialize_with = "json::decimal")]
    pub shares: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct InvestmentRow {
    pub investor: String,
    #[serde(serialize_with = "json::decimal")]
    pub money: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub shares: Decimal,
    pub pro_rata: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct HolderRow {
    pub name: String,
    /// The class of its largest position (the first in file order on a tie); the party's
    /// declared class when it holds nothing.
    pub class: String,
    pub pool: bool,
    /// Money put in during this round.
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    /// Shares as issued; `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    /// Shares as converted (ownership counts these); `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub as_converted_shares: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub ownership_before: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub ownership: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub value: Decimal,
    /// One per class the party holds after the round, in the order the file first books them.
    pub positions: Vec<PositionRow>,
}

/// A party's holding in one class after a round.
#[derive(Clone, Debug, Serialize)]
pub struct PositionRow {
    pub class: String,
    /// Shares as issued; `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    /// Shares as converted; `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub as_converted_shares: Option<Decimal>,
    /// Money paid for the position so far: what its class's preference multiplies.
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    /// Money put into the position during this round.
    #[serde(skip)]
    pub invested_round: Decimal,
    #[serde(skip)]
    pub ownership_before: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub ownership: Decimal,
    #[serde(serialize_with = "json::decimal")]
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

#[derive(Clone, Debug, Serialize)]
pub struct OutcomeHolderRow {
    pub name: String,
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub ownership: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub value: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExpectedReport {
    #[serde(serialize_with = "json::decimal")]
    pub new_money: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub post_money: Decimal,
    pub holders: Vec<ExpectedHolder>,
}

/// A holder's probability-weighted ownership and value.
#[derive(Clone, Debug, Serialize)]
pub struct ExpectedHolder {
    pub name: String,
    #[serde(serialize_with = "json::decimal")]
    pub ownership: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub value: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct CommitmentReport {
    pub counterparty: String,
    pub description: Option<String>,
    #[serde(serialize_with = "json::decimal")]
    pub amount: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub years: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub margin: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    #[serde(serialize_with = "json::decimal")]
    pub net_flow: Decimal,
    #[serde(serialize_with = "json::optional")]
    pub economic_cost: Option<Decimal>,
    #[serde(serialize_with = "json::optional")]
    pub implied_post_money: Option<Decimal>,
}

/// Builds the report for `scenario` with the conditions in `state`
/// as the headline assumption.
pub fn build(scenario: &Scenario, state: ConditionSet) -> Result<Report, RoundError> {
    build_on(scenario, state, OwnershipBasis::FullyDiluted)
}

/// As [`build`], with ownership on `basis`: on the outstanding basis the rows of options,
/// warrants and the unallocated pool are left out (SAFE and note holders have none before they
/// convert) and every ownership is a fraction of the shares issued and outstanding.
pub fn build_on(
    scenario: &Scenario,
    state: ConditionSet,
    basis: OwnershipBasis,
) -> Result<Report, RoundError> {
    let Headline {
        rounds,
        commitments,
        as_given,
    } = headline(scenario, state, basis, Rows::CapTables)?;
    let OutcomesReport {
        name,
        currency,
        description,
        class_titles,
        conditions,
        ownership_basis,
        no_round: _,
        outcomes,
        expected,
    } = outcome_part(scenario, state, basis)?;
    Ok(Report {
        name,
        class_titles,
        currency,
        description,
        sources: scenario.sources.clone(),
        basis: scenario.basis,
        annual_revenue: scenario.annual_revenue,
        conditions,
        rounds,
        outcomes,
        expected,
        commitments,
        as_given,
        ownership_basis,
    })
}

/// What `outcomes` shows: every outcome of the conditions and the expected figures, on
/// `basis`. The headline run is computed first and thrown away, so that a scenario `report`
/// refuses is refused here with the same error (the holder rows, which cannot fail differently
/// from the round figures' checks, are not built: a wide cap table costs no memory here).
pub fn outcomes(
    scenario: &Scenario,
    state: ConditionSet,
    basis: OwnershipBasis,
) -> Result<OutcomesReport, RoundError> {
    headline(scenario, state, basis, Rows::Figures)?;
    outcome_part(scenario, state, basis)
}

/// What `check` computes: everything [`outcomes`] does, nothing kept.
pub fn verify(scenario: &Scenario, state: ConditionSet) -> Result<(), RoundError> {
    outcomes(scenario, state, OwnershipBasis::FullyDiluted).map(drop)
}

/// The outcomes part of a report, with the file's identity: the report of `outcomes`.
#[derive(Clone, Debug)]
pub struct OutcomesReport {
    pub name: String,
    pub currency: String,
    pub description: Option<String>,
    pub class_titles: Vec<(String, String)>,
    pub conditions: Vec<ConditionInfo>,
    pub ownership_basis: OwnershipBasis,
    /// Whether the file has no round (the holder columns are then the cap table as given).
    pub no_round: bool,
    pub outcomes: Vec<OutcomeReport>,
    pub expected: Option<ExpectedReport>,
}

/// The outcomes table's inputs, borrowed from a [`Report`] or an [`OutcomesReport`]: what
/// `sections::outcomes`, the outcomes preamble and `outcomes --format json` read.
#[derive(Clone, Copy, Debug)]
pub struct OutcomesView<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub description: Option<&'a str>,
    pub class_titles: &'a [(String, String)],
    pub conditions: &'a [ConditionInfo],
    pub ownership_basis: OwnershipBasis,
    pub no_round: bool,
    pub outcomes: &'a [OutcomeReport],
    pub expected: Option<&'a ExpectedReport>,
}

impl Report {
    /// The report's outcomes part.
    pub fn outcomes_view(&self) -> OutcomesView<'_> {
        OutcomesView {
            name: &self.name,
            currency: &self.currency,
            description: self.description.as_deref(),
            class_titles: &self.class_titles,
            conditions: &self.conditions,
            ownership_basis: self.ownership_basis,
            no_round: self.rounds.is_empty(),
            outcomes: &self.outcomes,
            expected: self.expected.as_ref(),
        }
    }
}

impl OutcomesReport {
    pub fn view(&self) -> OutcomesView<'_> {
        OutcomesView {
            name: &self.name,
            currency: &self.currency,
            description: self.description.as_deref(),
            class_titles: &self.class_titles,
            conditions: &self.conditions,
            ownership_basis: self.ownership_basis,
            no_round: self.no_round,
            outcomes: &self.outcomes,
            expected: self.expected.as_ref(),
        }
    }
}

/// Whether the headline run builds each round's holder rows, classes and workings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    CapTables,
    /// The round figures only (`outcomes`, `check`): the same checked arithmetic, no rows.
    Figures,
}

/// The headline run's parts of a report.
struct Headline {
    /// Empty with [`Rows::Figures`].
    rounds: Vec<RoundReport>,
    commitments: Vec<CommitmentReport>,
    as_given: Option<given::GivenReport>,
}

/// The headline run: every round under `state`, the commitments' flows and the table as given.
fn headline(
    scenario: &Scenario,
    state: ConditionSet,
    basis: OwnershipBasis,
    rows: Rows,
) -> Result<Headline, RoundError> {
    let cap_tables = rows == Rows::CapTables;
    let mut table = CapTable::initial(scenario);
    let mut rounds = Vec::with_capacity(if cap_tables { scenario.rounds.len() } else { 0 });
    let mut workings = Workings::default();
    let positions_by_party = if cap_tables {
        let mut by_party: PositionsByParty = vec![Vec::new(); scenario.parties.len()].into();
        for (i, position) in id::enumerate(&scenario.positions) {
            by_party[position.party].push(i);
        }
        by_party
    } else {
        IdVec::default()
    };
    for index in 0..scenario.rounds.len() {
        let wrap = |overflow| RoundError::new(index, overflow);
        let before = if cap_tables {
            Before {
                units: table.units.clone(),
                position_units: table.position_units.clone(),
                position_invested: table.position_invested.clone(),
                total: table.total().map_err(wrap)?,
            }
        } else {
            Before::default()
        };
        let figures = apply_round_with_workings(scenario, index, state, &mut table, &mut workings)?;
        let round = round_report(
            scenario,
            (index, state),
            &figures,
            (cap_tables).then_some((&table, &before, &positions_by_party)),
            &workings,
            basis,
        )
        .map_err(wrap)?;
        if cap_tables {
            rounds.push(round);
        }
    }
    let last = scenario.rounds.len().saturating_sub(1);
    let wrap = |overflow| RoundError::new(last, overflow);
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
    let as_given = given::build(scenario, basis).map_err(wrap)?;
    Ok(Headline {
        rounds,
        commitments,
        as_given,
    })
}

/// Every outcome of the conditions and the expected figures, with the file's identity.
fn outcome_part(
    scenario: &Scenario,
    state: ConditionSet,
    basis: OwnershipBasis,
) -> Result<OutcomesReport, RoundError> {
    let last = scenario.rounds.len().saturating_sub(1);
    let wrap = |overflow| RoundError::new(last, overflow);
    let all_outcomes = outcomes::outcomes(scenario)?;
    let expected = outcomes::expected(scenario, &all_outcomes).map_err(wrap)?;
    let outcome_rows = all_outcomes
        .iter()
        .map(|o| outcome_report(scenario, o, basis))
        .collect::<Checked<Vec<_>>>()
        .map_err(wrap)?;
    let expected = expected
        .map(|e| expected_report(scenario, &e, basis, &outcome_rows))
        .transpose()
        .map_err(wrap)?;
    Ok(OutcomesReport {
        name: scenario.name.clone(),
        currency: scenario.currency.clone(),
        description: scenario.description.clone(),
        class_titles: class_titles(scenario),
        conditions: scenario
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| ConditionInfo {
                name: c.name.clone(),
                description: c.description.clone(),
                probability: c.probability,
                assumed: state.holds(i),
            })
            .collect(),
        ownership_basis: basis,
        no_round: scenario.rounds.is_empty(),
        outcomes: outcome_rows,
        expected,
    })
}

/// Each party's positions, in booking order.
type PositionsByParty = IdVec<PartyId, Vec<PositionId>>;

/// The cap table before a round, as its holder rows need it.
#[derive(Default)]
struct Before {
    units: IdVec<PartyId, Decimal>,
    position_units: IdVec<PositionId, Decimal>,
    position_invested: IdVec<PositionId, Decimal>,
    total: Decimal,
}

/// One round's report; `cap_table` (the table after the round, the table before it and each
/// party's positions) gives the holder rows, without it there are none.
fn round_report(
    scenario: &Scenario,
    (index, state): (usize, ConditionSet),
    figures: &RoundFigures,
    cap_table: Option<(&CapTable, &Before, &PositionsByParty)>,
    workings: &Workings,
    basis: OwnershipBasis,
) -> Checked<RoundReport> {
    let round = &scenario.rounds[index];
    let total = figures.post_money_units;
    let shares = scenario.basis == Basis::Shares;
    let at_price = if shares { AtPrice::of(figures)? } else { None };
    let post_money_at_price = at_price
        .map(|p| p.value(total, "the post-money at the round price"))
        .transpose()?;
    let at_price_reasons = match post_money_at_price {
        Some(v) if v != figures.post_money => at_price_reasons(scenario, index, workings)?,
        _ => Vec::new(),
    };
    let top_up = workings.pool_top_up;
    let effective_pre_money = match at_price {
        Some(p)
            if round.pool.is_some()
                && round.pool_timing == PoolTiming::PreMoney
                && top_up > Decimal::ZERO =>
        {
            Some(p.effective_pre_money(figures.pre_money, top_up)?)
        }
        _ => None,
    };
    let holders = match cap_table {
        None => Vec::new(),
        Some((table, before, by_party)) => {
            let fraction = captable::ownership;
            let value = |units: Decimal| captable::value_after(figures, at_price, units);
            // What ownership is a fraction of, after and before the round.
            let (of, of_before) = match basis {
                OwnershipBasis::FullyDiluted => (total, before.total),
                OwnershipBasis::Outstanding => (
                    outstanding_units(scenario, &table.units)?,
                    outstanding_units(scenario, &before.units)?,
                ),
            };
            id::enumerate::<PartyId, _>(&scenario.parties)
                .filter(|(_, p)| p.arrival.by(RoundId::new(index)))
                .filter(|(i, _)| basis.counts(scenario, *i))
                .map(|(i, party)| {
                    let mut positions = Vec::new();
                    // The largest position names the holder's class (shares as issued, or
                    // money units in value terms); the first in file order on a tie.
                    let mut largest: Option<(Decimal, usize)> = None;
                    for &p in &by_party[i] {
                        let (units, invested) =
                            (table.position_units[p], table.position_invested[p]);
                        let issued = table.position_shares[p];
                        if units.is_zero() && issued.is_zero() && invested.is_zero() {
                            continue;
                        }
                        let size = if shares { issued } else { units };
                        if largest.is_none_or(|(l, _)| size > l) {
                            largest = Some((size, positions.len()));
                        }
                        positions.push(PositionRow {
                            class: scenario.class_name(scenario.positions[p].class).to_string(),
                            invested,
                            invested_round: invested_in_round(
                                invested,
                                before.position_invested[p],
                            )?,
                            shares: shares.then_some(issued),
                            as_converted_shares: shares.then_some(units),
                            ownership_before: fraction(before.position_units[p], of_before)?,
                            ownership: fraction(units, of)?,
                            value: value(units)?,
                        });
                    }
                    let class = match largest {
                        Some((_, p)) => positions[p].class.clone(),
                        None => party.class.clone(),
                    };
                    Ok(HolderRow {
                        name: party.name.clone(),
                        class,
                        pool: party.pool,
                        invested: table.invested_round[i],
                        shares: shares.then_some(table.issued[i]),
                        as_converted_shares: shares.then_some(table.units[i]),
                        ownership_before: fraction(before.units[i], of_before)?,
                        ownership: fraction(table.units[i], of)?,
                        value: value(table.units[i])?,
                        positions,
                    })
                })
                .collect::<Checked<Vec<_>>>()?
        }
    };
    let revenue_multiple = scenario
        .annual_revenue
        .map(|revenue| figures.revenue_multiple(revenue))
        .transpose()?;
    Ok(RoundReport {
        name: round.name.clone(),
        date: round.date.map(|d| d.to_string()),
        pre_money: figures.pre_money,
        new_money: figures.new_money,
        post_money: figures.post_money,
        announced_post_money: figures.announced_post_money()?,
        post_money_at_price,
        at_price_reasons,
        effective_pre_money,
        fully_diluted_shares: shares.then_some(total),
        price_per_share: figures.price_per_share,
        revenue_multiple,
        holders,
        workings: (shares && cap_table.is_some())
            .then(|| workings_report(scenario, index, workings))
            .transpose()?,
        classes: match cap_table {
            Some((table, _, _)) if scenario.basis == Basis::Shares => class_rows(scenario, table)?,
            _ => Vec::new(),
        },
        secondaries: secondary_rows(scenario, index, total, workings)?,
        tranches: round
            .investments
            .iter()
            .filter(|i| i.sizing != Sizing::ProRata)
            .flat_map(|i| {
                i.tranches.iter().map(move |t| TrancheRow {
                    investor: scenario.parties[i.party].name.clone(),
                    name: t.name.clone(),
                    amount: t.amount,
                    when: t.when.as_ref().map(|w| condition_text(w, scenario)),
                    paid: t.is_paid(state),
                })
            })
            .collect(),
        bridge: None,
    })
}

/// The round's secondaries that happened, with names resolved.
fn secondary_rows(
    scenario: &Scenario,
    index: usize,
    total: Decimal,
    workings: &Workings,
) -> Checked<Vec<SecondaryRow>> {
    let round = &scenario.rounds[index];
    let shares = scenario.basis == Basis::Shares;
    let name = |party: PartyId| scenario.parties[party].name.clone();
    let mut rows = Vec::with_capacity(workings.secondaries.len());
    for w in &workings.secondaries {
        let Some(secondary) = round.secondaries.get(w.index) else {
            continue;
        };
        let seller = if secondary.common_only {
            crate::scenario::validate::ALL_COMMON.to_string()
        } else {
            secondary
                .sellers
                .iter()
                .map(|&p| name(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut sales = Vec::with_capacity(w.sales.len());
        for &(party, sold) in &w.sales {
            if sold.is_zero() {
                continue;
            }
            sales.push(SaleRow {
                seller: name(party),
                shares: shares.then_some(sold),
                stake: captable::ownership(sold, total)?,
                amount: seller_proceeds(w.amount, sold, w.shares)?,
            });
        }
        rows.push(SecondaryRow {
            seller,
            buyer: name(secondary.buyer),
            tender: secondary.tender,
            sales,
            shares: shares.then_some(w.shares),
            stake: w.stake,
            amount: w.amount,
            price_per_share: w.price_per_share,
            premium: w.premium,
            implied_valuation: w.implied_valuation,
            class: secondary.class.clone(),
            when: secondary.when_text.clone(),
        });
    }
    Ok(rows)
}

/// A `when` expression in words, with its condition names (`ipo or agi`).
fn condition_text(expr: &crate::scenario::expr::Expr, scenario: &Scenario) -> String {
    use crate::scenario::expr::Expr;
    let word = |e: &Expr| match e {
        Expr::Condition(_) | Expr::Not(_) => condition_text(e, scenario),
        _ => format!("({})", condition_text(e, scenario)),
    };
    match expr {
        Expr::Condition(i) => scenario
            .conditions
            .get(*i)
            .map_or_else(|| format!("condition {i}"), |c| c.name.clone()),
        Expr::Not(e) => format!("not {}", word(e)),
        Expr::And(a, b) => format!("{} and {}", word(a), word(b)),
        Expr::Or(a, b) => format!("{} or {}", word(a), word(b)),
    }
}

/// Why a round's value at its price is not its post-money, from its terms and workings.
fn at_price_reasons(
    scenario: &Scenario,
    index: usize,
    w: &Workings,
) -> Checked<Vec<AtPriceReason>> {
    let round = &scenario.rounds[index];
    let mut reasons = Vec::new();
    let outside = round.conversion_method != ConversionMethod::PercentageOwnership
        && w.conversions.iter().any(|c| {
            !scenario.instruments[c.instrument]
                .kind()
                .on_capitalization()
        });
    if outside {
        reasons.push(AtPriceReason::ConversionsOutsideCount);
    }
    if round.pool_timing == PoolTiming::PostMoney && w.pool_top_up > Decimal::ZERO {
        reasons.push(AtPriceReason::PoolAfterPrice);
    }
    if !w.adjustments.is_empty() {
        reasons.push(AtPriceReason::AntiDilution(anti_dilution_added(
            &w.adjustments,
        )?));
    }
    if reasons.is_empty() {
        reasons.push(AtPriceReason::Rounding);
    }
    Ok(reasons)
}

fn class_rows(scenario: &Scenario, table: &CapTable) -> Checked<Vec<ClassRow>> {
    let mut rows = Vec::new();
    let totals = table.class_totals(scenario)?;
    for ((c, class), &(invested, shares, units)) in
        id::enumerate::<ClassId, _>(&scenario.classes).zip(&totals)
    {
        if shares.is_zero() || units.is_zero() {
            continue;
        }
        rows.push(ClassRow {
            name: class.name.clone(),
            invested,
            shares,
            as_converted_shares: units,
            // The series' own prices (a class's round series at its round's price, a shadow
            // series at its conversion price); money ÷ shares where the engine has none.
            original_issue_price: match table.series_issue.get(c).copied() {
                Some(p) if !p.is_zero() => p,
                _ => issue_price(invested, shares)?,
            },
            conversion_price: match table.series_price.get(c).copied() {
                Some(p) if !p.is_zero() => p,
                _ => conversion_price(invested, units)?,
            },
            anti_dilution: class.anti_dilution.as_str().to_string(),
        });
    }
    Ok(rows)
}

/// One part of the pre-money count in the workings' words (JSON `pre_money_count_includes`).
fn count_part(part: CountPart) -> &'static str {
    match part {
        CountPart::SharesBefore => "shares before",
        CountPart::PoolTopUp => "pool top-up",
        CountPart::PostMoneySafes => "post-money SAFE shares",
        CountPart::Converting(ConversionMethod::PercentageOwnership) => {
            "note and pre-money SAFE shares (percentage-ownership method)"
        }
        CountPart::Converting(ConversionMethod::PreMoney) => {
            "no note or pre-money SAFE shares (pre-money method)"
        }
        CountPart::Converting(ConversionMethod::DollarsInvested) => {
            "their discount shares only (dollars-invested method)"
        }
    }
}

fn workings_report(scenario: &Scenario, index: usize, w: &Workings) -> Checked<WorkingsReport> {
    let round = &scenario.rounds[index];
    let name = |party: PartyId| scenario.parties[party].name.clone();
    let timing = match round.pool_timing {
        PoolTiming::PreMoney => "in the pre-money count",
        PoolTiming::PostMoney => "after the price is set (post-money)",
    };
    Ok(WorkingsReport {
        shares_before: w.shares_before,
        pool_before: w.pool_before,
        pool_top_up: w.pool_top_up,
        pool_rule: round.pool.map(|change| match change {
            PoolChange::Target(f) => format!(
                "top up to {}% of the post-money fully diluted count, {timing}",
                (f * Decimal::ONE_HUNDRED).normalize()
            ),
            PoolChange::Increase(n) => {
                format!("{} new shares, {timing}", crate::format::grouped(n))
            }
        }),
        pre_money_count: w.pre_money_count,
        pre_money_count_includes: w
            .pre_money_count_includes
            .iter()
            .map(|p| count_part(*p).to_string())
            .collect(),
        conversion_method: round.conversion_method.as_str().to_string(),
        company_capitalization: w.company_capitalization,
        price_per_share: w.price_per_share,
        conversions: w
            .conversions
            .iter()
            .map(|c| {
                let instrument = &scenario.instruments[c.instrument];
                // The terms that applied (an MFN SAFE's may come from a later SAFE).
                Ok(ConversionRow {
                    terms: InstrumentSummary {
                        investor: name(c.party),
                        kind: instrument.kind().as_str().to_string(),
                        amount: c.amount,
                        cap: c.cap,
                        discount: c.discount,
                    },
                    principal: instrument.amount,
                    interest: captable::accrued_interest(c.amount, instrument.amount)?,
                    cap_price: c.cap_price,
                    discount_price: c.discount_price,
                    conversion_price: c.conversion_price,
                    basis: c.basis,
                    shares: c.shares,
                })
            })
            .collect::<Checked<_>>()?,
        investments: w
            .investments
            .iter()
            .map(|i| InvestmentRow {
                investor: name(i.party),
                money: i.money,
                shares: i.shares,
                pro_rata: i.pro_rata,
            })
            .collect(),
        shares_after: w.shares_after,
        adjustments: w
            .adjustments
            .iter()
            .map(|a| AdjustmentRow {
                class: scenario.classes[a.class].name.clone(),
                rule: a.rule.as_str().to_string(),
                round_price: a.round_price,
                before: a.before,
                after: a.after,
                weighted: a.weighted,
                units_before: a.units_before,
                units_after: a.units_after,
            })
            .collect(),
    })
}

fn outcome_report(
    scenario: &Scenario,
    outcome: &Outcome,
    basis: OwnershipBasis,
) -> Checked<OutcomeReport> {
    let outstanding = match basis {
        OwnershipBasis::FullyDiluted => None,
        OwnershipBasis::Outstanding => {
            let units: Vec<Decimal> = outcome.holders.iter().map(|h| h.units).collect();
            Some(outstanding_units(scenario, &units)?)
        }
    };
    Ok(OutcomeReport {
        conditions: (0..scenario.conditions.len())
            .map(|i| outcome.state.holds(i))
            .collect(),
        probability: outcome.probability,
        new_money: outcome.new_money,
        post_money: outcome.post_money,
        holders: id::enumerate::<PartyId, _>(&scenario.parties)
            .zip(&outcome.holders)
            .filter(|((i, _), _)| basis.counts(scenario, *i))
            .map(|((_, party), h)| {
                Ok(OutcomeHolderRow {
                    name: party.name.clone(),
                    invested: h.invested,
                    shares: (scenario.basis == Basis::Shares).then_some(h.units),
                    ownership: match outstanding {
                        None => h.ownership,
                        Some(of) => captable::ownership(h.units, of)?,
                    },
                    value: h.value,
                })
            })
            .collect::<Checked<Vec<_>>>()?,
    })
}

/// The expected figures; on the outstanding basis each expected ownership is the
/// probability-weighted sum of the outcomes' outstanding ownerships (`outcomes`, whose rows are
/// the parties kept, in order).
fn expected_report(
    scenario: &Scenario,
    expected: &Expected,
    basis: OwnershipBasis,
    outcomes: &[OutcomeReport],
) -> Checked<ExpectedReport> {
    // (Indices into the outcomes' per-party vectors.)
    let kept: Vec<usize> = (0..scenario.parties.len())
        .filter(|&i| basis.counts(scenario, PartyId::new(i)))
        .collect();
    let mut holders = Vec::with_capacity(kept.len());
    for (row, &i) in kept.iter().enumerate() {
        let ownership = match basis {
            OwnershipBasis::FullyDiluted => expected.ownership[i],
            OwnershipBasis::Outstanding => expectation(outcomes.iter().map(|o| {
                (
                    o.probability.unwrap_or(Decimal::ZERO),
                    o.holders.get(row).map_or(Decimal::ZERO, |h| h.ownership),
                )
            }))?,
        };
        holders.push(ExpectedHolder {
            name: scenario.parties[i].name.clone(),
            ownership,
            value: expected.value[i],
        });
    }
    Ok(ExpectedReport {
        new_money: expected.new_money,
        post_money: expected.post_money,
        holders,
    })
}

/// Every class of `scenario` (common included) with the name tables and charts show: its
/// `name = "…"`, else one made from its key (`series_a` → "Series A").
pub fn class_titles(scenario: &Scenario) -> Vec<(String, String)> {
    let mut titles = vec![("common".to_string(), crate::format::class_title("common"))];
    for class in &scenario.classes {
        let title = class
            .title
            .clone()
            .unwrap_or_else(|| crate::format::class_title(&class.name));
        titles.push((class.name.clone(), title));
    }
    titles
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
