//! The JSON contract of `docs/scenario-format.md`: every decimal is a string holding the exact
//! value, ownership is a fraction of 1, unknown share counts and prices are `null`.
//!
//! The report is serialized straight from the report value (borrowed views with `Serialize`),
//! not through an intermediate `serde_json::Value`: a cap table of a million holders is written
//! without building a million small maps first. `crate::render::json` writes the text.

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{
    AdjustmentRow, ClassRow, CommitmentReport, ConversionRow, ExpectedReport, HolderRow,
    InvestmentRow, OutcomeHolderRow, OutcomeReport, PositionRow, Report, RoundReport, SecondaryRow,
    WorkingsReport,
};
use crate::format::exact;

/// A decimal written as its exact text.
#[derive(Clone, Copy)]
struct D(Decimal);

impl Serialize for D {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&exact(self.0))
    }
}

fn d(value: Decimal) -> D {
    D(value)
}

fn od(value: Option<Decimal>) -> Option<D> {
    value.map(D)
}

/// A list serialized item by item through `view`, without collecting the views first.
struct Each<'a, T, F>(&'a [T], F);

impl<'a, T, F, V> Serialize for Each<'a, T, F>
where
    F: Fn(&'a T) -> V,
    V: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

/// Condition names with a truth value each, in declaration order.
struct Flags<'a>(&'a Report, &'a [bool]);

impl Serialize for Flags<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.1.len()))?;
        for (condition, value) in self.0.conditions.iter().zip(self.1) {
            map.serialize_entry(&condition.name, value)?;
        }
        map.end()
    }
}

/// The report object, as `report --format json` prints it.
pub fn report(report: &Report) -> impl Serialize + '_ {
    ReportJson { report }
}

/// The object of `outcomes --format json`.
pub fn outcomes_only(report: &Report) -> impl Serialize + '_ {
    #[derive(Serialize)]
    struct OutcomesJson<'a> {
        outcomes: Outcomes<'a>,
        expected: Option<ExpectedJson<'a>>,
    }
    OutcomesJson {
        outcomes: Outcomes(report),
        expected: report.expected.as_ref().map(ExpectedJson),
    }
}

struct ReportJson<'a> {
    report: &'a Report,
}

impl Serialize for ReportJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ScenarioJson<'a> {
            name: &'a str,
            currency: &'a str,
            description: Option<&'a str>,
            sources: &'a [String],
        }
        let report = self.report;
        let assumed: Vec<bool> = report.conditions.iter().map(|c| c.assumed).collect();
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry(
            "scenario",
            &ScenarioJson {
                name: &report.name,
                currency: &report.currency,
                description: report.description.as_deref(),
                sources: &report.sources,
            },
        )?;
        map.serialize_entry("assumed", &Flags(report, &assumed))?;
        map.serialize_entry("rounds", &Each(&report.rounds, RoundJson))?;
        // Only for a file with no round.
        if let Some(given) = &report.as_given {
            map.serialize_entry("as_given", &super::given::json(given))?;
        }
        map.serialize_entry("outcomes", &Outcomes(report))?;
        map.serialize_entry("expected", &report.expected.as_ref().map(ExpectedJson))?;
        map.serialize_entry("commitments", &Each(&report.commitments, commitment))?;
        map.serialize_entry("basis", report.ownership_basis.as_str())?;
        map.end()
    }
}

#[derive(Serialize)]
struct CommitmentJson<'a> {
    counterparty: &'a str,
    description: Option<&'a str>,
    amount: D,
    years: Option<D>,
    margin: Option<D>,
    invested: D,
    net_flow: D,
    economic_cost: Option<D>,
    implied_post_money: Option<D>,
}

fn commitment(c: &CommitmentReport) -> CommitmentJson<'_> {
    CommitmentJson {
        counterparty: &c.counterparty,
        description: c.description.as_deref(),
        amount: d(c.amount),
        years: od(c.years),
        margin: od(c.margin),
        invested: d(c.invested),
        net_flow: d(c.net_flow),
        economic_cost: od(c.economic_cost),
        implied_post_money: od(c.implied_post_money),
    }
}

struct RoundJson<'a>(&'a RoundReport);

impl Serialize for RoundJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let round = self.0;
        let mut map = serializer.serialize_map(Some(15))?;
        map.serialize_entry("name", &round.name)?;
        map.serialize_entry("date", &round.date)?;
        map.serialize_entry("pre_money", &d(round.pre_money))?;
        map.serialize_entry("new_money", &d(round.new_money))?;
        map.serialize_entry("post_money", &d(round.post_money))?;
        map.serialize_entry("announced_post_money", &d(round.announced_post_money))?;
        map.serialize_entry("post_money_at_price", &od(round.post_money_at_price))?;
        map.serialize_entry("effective_pre_money", &od(round.effective_pre_money))?;
        map.serialize_entry("price_per_share", &od(round.price_per_share))?;
        map.serialize_entry("revenue_multiple", &od(round.revenue_multiple))?;
        map.serialize_entry("workings", &round.workings.as_ref().map(WorkingsJson))?;
        map.serialize_entry("classes", &Each(&round.classes, class))?;
        map.serialize_entry("holders", &Each(&round.holders, holder))?;
        map.serialize_entry("secondaries", &Each(&round.secondaries, secondary))?;
        if let Some(bridge) = &round.bridge {
            map.serialize_entry("bridge", &BridgeJson(bridge))?;
        }
        map.end()
    }
}

/// `rounds[].bridge` (`report --bridge`): per holder, ownership before and after and the
/// change split by cause, each figure an exact fraction (`*_exact`, "n/d") and its decimal.
struct BridgeJson<'a>(&'a super::bridge::BridgeReport);

impl Serialize for BridgeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bridge = self.0;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("method", "shapley")?;
        map.serialize_entry("causes", &bridge.causes)?;
        map.serialize_entry("grouped", &bridge.grouped)?;
        let holders: Vec<BridgeHolderJson> = bridge
            .holders
            .iter()
            .map(|h| BridgeHolderJson {
                holder: &h.holder,
                before: d(h.before.decimal),
                before_exact: &h.before.exact,
                after: d(h.after.decimal),
                after_exact: &h.after.exact,
                change: d(h.change.decimal),
                change_exact: &h.change.exact,
                parts: bridge
                    .causes
                    .iter()
                    .zip(&h.parts)
                    .map(|(cause, part)| BridgePartJson {
                        cause,
                        change: d(part.decimal),
                        change_exact: &part.exact,
                    })
                    .collect(),
            })
            .collect();
        map.serialize_entry("holders", &holders)?;
        map.serialize_entry("unavailable", &bridge.unavailable)?;
        map.end()
    }
}

#[derive(Serialize)]
struct BridgeHolderJson<'a> {
    holder: &'a str,
    before: D,
    before_exact: &'a str,
    after: D,
    after_exact: &'a str,
    change: D,
    change_exact: &'a str,
    parts: Vec<BridgePartJson<'a>>,
}

#[derive(Serialize)]
struct BridgePartJson<'a> {
    cause: &'a str,
    change: D,
    change_exact: &'a str,
}

#[derive(Serialize)]
struct SecondaryJson<'a> {
    seller: &'a str,
    buyer: &'a str,
    shares: Option<D>,
    amount: D,
    price_per_share: Option<D>,
    premium: Option<D>,
    implied_valuation: D,
    stake: D,
    tender: bool,
    sellers: Vec<SaleJson<'a>>,
    class: Option<&'a str>,
    when: Option<&'a str>,
}

#[derive(Serialize)]
struct SaleJson<'a> {
    name: &'a str,
    shares: Option<D>,
    stake: D,
    amount: D,
}

fn secondary(s: &SecondaryRow) -> SecondaryJson<'_> {
    SecondaryJson {
        seller: &s.seller,
        buyer: &s.buyer,
        shares: od(s.shares),
        amount: d(s.amount),
        price_per_share: od(s.price_per_share),
        premium: od(s.premium),
        implied_valuation: d(s.implied_valuation),
        stake: d(s.stake),
        tender: s.tender,
        sellers: s
            .sales
            .iter()
            .map(|sale| SaleJson {
                name: &sale.seller,
                shares: od(sale.shares),
                stake: d(sale.stake),
                amount: d(sale.amount),
            })
            .collect(),
        class: s.class.as_deref(),
        when: s.when.as_deref(),
    }
}

#[derive(Serialize)]
struct ClassJson<'a> {
    name: &'a str,
    invested: D,
    shares: D,
    as_converted_shares: D,
    original_issue_price: D,
    conversion_price: D,
    anti_dilution: &'a str,
}

fn class(c: &ClassRow) -> ClassJson<'_> {
    ClassJson {
        name: &c.name,
        invested: d(c.invested),
        shares: d(c.shares),
        as_converted_shares: d(c.as_converted_shares),
        original_issue_price: d(c.original_issue_price),
        conversion_price: d(c.conversion_price),
        anti_dilution: &c.anti_dilution,
    }
}

#[derive(Serialize)]
struct HolderJson<'a> {
    name: &'a str,
    class: &'a str,
    pool: bool,
    invested: D,
    shares: Option<D>,
    as_converted_shares: Option<D>,
    ownership_before: D,
    ownership: D,
    value: D,
    positions: Each<'a, PositionRow, fn(&'a PositionRow) -> PositionJson<'a>>,
}

/// One class a holder holds: `invested` is the money paid for it so far.
#[derive(Serialize)]
struct PositionJson<'a> {
    class: &'a str,
    shares: Option<D>,
    as_converted_shares: Option<D>,
    invested: D,
    ownership: D,
    value: D,
}

fn position(p: &PositionRow) -> PositionJson<'_> {
    PositionJson {
        class: &p.class,
        shares: od(p.shares),
        as_converted_shares: od(p.as_converted_shares),
        invested: d(p.invested),
        ownership: d(p.ownership),
        value: d(p.value),
    }
}

fn holder(h: &HolderRow) -> HolderJson<'_> {
    HolderJson {
        name: &h.name,
        class: &h.class,
        pool: h.pool,
        invested: d(h.invested),
        shares: od(h.shares),
        as_converted_shares: od(h.as_converted_shares),
        ownership_before: d(h.ownership_before),
        ownership: d(h.ownership),
        value: d(h.value),
        positions: Each(&h.positions, position),
    }
}

struct WorkingsJson<'a>(&'a WorkingsReport);

impl Serialize for WorkingsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let w = self.0;
        let mut map = serializer.serialize_map(Some(15))?;
        map.serialize_entry("shares_before", &d(w.shares_before))?;
        map.serialize_entry("pool_before", &d(w.pool_before))?;
        map.serialize_entry("pool_rule", &w.pool_rule)?;
        map.serialize_entry("pool_top_up", &d(w.pool_top_up))?;
        map.serialize_entry("company_capitalization", &od(w.company_capitalization))?;
        map.serialize_entry("pre_money_count", &d(w.pre_money_count))?;
        map.serialize_entry("pre_money_count_includes", &w.pre_money_count_includes)?;
        map.serialize_entry("conversion_method", &w.conversion_method)?;
        map.serialize_entry("price_per_share", &d(w.price_per_share))?;
        map.serialize_entry("conversions", &Each(&w.conversions, conversion))?;
        map.serialize_entry("investments", &Each(&w.investments, investment))?;
        map.serialize_entry("shares_after", &d(w.shares_after))?;
        map.serialize_entry("anti_dilution", &Each(&w.adjustments, adjustment))?;
        map.end()
    }
}

#[derive(Serialize)]
struct ConversionJson<'a> {
    investor: &'a str,
    kind: &'a str,
    amount: D,
    cap: Option<D>,
    discount: Option<D>,
    cap_price: Option<D>,
    discount_price: Option<D>,
    conversion_price: D,
    price_basis: String,
    shares: D,
}

fn conversion(c: &ConversionRow) -> ConversionJson<'_> {
    ConversionJson {
        investor: &c.investor,
        kind: &c.kind,
        amount: d(c.amount),
        cap: od(c.cap),
        discount: od(c.discount),
        cap_price: od(c.cap_price),
        discount_price: od(c.discount_price),
        conversion_price: d(c.conversion_price),
        price_basis: c.basis.to_string(),
        shares: d(c.shares),
    }
}

#[derive(Serialize)]
struct InvestmentJson<'a> {
    investor: &'a str,
    money: D,
    shares: D,
    pro_rata: bool,
}

fn investment(i: &InvestmentRow) -> InvestmentJson<'_> {
    InvestmentJson {
        investor: &i.investor,
        money: d(i.money),
        shares: d(i.shares),
        pro_rata: i.pro_rata,
    }
}

#[derive(Serialize)]
struct AdjustmentJson<'a> {
    class: &'a str,
    rule: &'a str,
    round_price: D,
    conversion_price_before: D,
    conversion_price: D,
    a: Option<D>,
    b: Option<D>,
    c: Option<D>,
    as_converted_before: D,
    as_converted_after: D,
}

fn adjustment(a: &AdjustmentRow) -> AdjustmentJson<'_> {
    AdjustmentJson {
        class: &a.class,
        rule: &a.rule,
        round_price: d(a.round_price),
        conversion_price_before: d(a.before),
        conversion_price: d(a.after),
        a: a.weighted.map(|(x, _, _)| D(x)),
        b: a.weighted.map(|(_, x, _)| D(x)),
        c: a.weighted.map(|(_, _, x)| D(x)),
        as_converted_before: d(a.units_before),
        as_converted_after: d(a.units_after),
    }
}

struct Outcomes<'a>(&'a Report);

impl Serialize for Outcomes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut seq = serializer.serialize_seq(Some(report.outcomes.len()))?;
        for outcome in &report.outcomes {
            seq.serialize_element(&OutcomeJson { report, outcome })?;
        }
        seq.end()
    }
}

struct OutcomeJson<'a> {
    report: &'a Report,
    outcome: &'a OutcomeReport,
}

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let o = self.outcome;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("conditions", &Flags(self.report, &o.conditions))?;
        map.serialize_entry("probability", &od(o.probability))?;
        map.serialize_entry("new_money", &d(o.new_money))?;
        map.serialize_entry("post_money", &d(o.post_money))?;
        map.serialize_entry("holders", &Each(&o.holders, outcome_holder))?;
        map.end()
    }
}

#[derive(Serialize)]
struct OutcomeHolderJson<'a> {
    name: &'a str,
    invested: D,
    shares: Option<D>,
    ownership: D,
    value: D,
}

fn outcome_holder(h: &OutcomeHolderRow) -> OutcomeHolderJson<'_> {
    OutcomeHolderJson {
        name: &h.name,
        invested: d(h.invested),
        shares: od(h.shares),
        ownership: d(h.ownership),
        value: d(h.value),
    }
}

struct ExpectedJson<'a>(&'a ExpectedReport);

impl Serialize for ExpectedJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("new_money", &d(e.new_money))?;
        map.serialize_entry("post_money", &d(e.post_money))?;
        map.serialize_entry("holders", &Each(&e.holders, expectation))?;
        map.end()
    }
}

#[derive(Serialize)]
struct ExpectationJson<'a> {
    name: &'a str,
    ownership: D,
    value: D,
}

fn expectation((name, ownership, value): &(String, Decimal, Decimal)) -> ExpectationJson<'_> {
    ExpectationJson {
        name,
        ownership: d(*ownership),
        value: d(*value),
    }
}
