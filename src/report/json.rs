//! The JSON contract of `docs/scenario-format.md`: every decimal is a string holding the exact
//! value, ownership is a fraction of 1, unknown share counts and prices are `null`.
//!
//! The objects below borrow from the [`Report`] and are serialized straight to text, in the
//! order their fields are declared (the contract's key order). An earlier version built a
//! `serde_json::Value` tree first: with a million holders that tree took 3.8 GB (an ordered map
//! per holder row) and most of the 18 s the report took.

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap as _, Serializer};

use super::{
    CommitmentReport, ConversionRow, ExpectedReport, HolderRow, InvestmentRow, OutcomeHolderRow,
    OutcomeReport, Report, RoundReport, WorkingsReport,
};
use crate::format::exact;

/// A decimal written as its exact text, a JSON string.
struct Exact(Decimal);

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&exact(self.0))
    }
}

fn optional(value: Option<Decimal>) -> Option<Exact> {
    value.map(Exact)
}

/// Condition names and truth values, as one JSON object in declaration order.
struct Conditions<'a>(Vec<(&'a str, bool)>);

impl Serialize for Conditions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The report object, as `report --format json` prints it.
#[derive(serde::Serialize)]
pub struct ReportJson<'a> {
    scenario: ScenarioJson<'a>,
    assumed: Conditions<'a>,
    rounds: Vec<RoundJson<'a>>,
    outcomes: Vec<OutcomeJson<'a>>,
    expected: Option<ExpectedJson<'a>>,
    commitments: Vec<CommitmentJson<'a>>,
}

/// The object of `outcomes --format json`.
#[derive(serde::Serialize)]
pub struct OutcomesJson<'a> {
    outcomes: Vec<OutcomeJson<'a>>,
    expected: Option<ExpectedJson<'a>>,
}

#[derive(serde::Serialize)]
struct ScenarioJson<'a> {
    name: &'a str,
    currency: &'a str,
    description: Option<&'a str>,
    sources: &'a [String],
}

#[derive(serde::Serialize)]
struct RoundJson<'a> {
    name: &'a str,
    date: Option<&'a str>,
    pre_money: Exact,
    new_money: Exact,
    post_money: Exact,
    announced_post_money: Exact,
    price_per_share: Option<Exact>,
    revenue_multiple: Option<Exact>,
    workings: Option<WorkingsJson<'a>>,
    holders: Vec<HolderJson<'a>>,
}

#[derive(serde::Serialize)]
struct HolderJson<'a> {
    name: &'a str,
    class: &'a str,
    pool: bool,
    invested: Exact,
    shares: Option<Exact>,
    ownership_before: Exact,
    ownership: Exact,
    value: Exact,
}

#[derive(serde::Serialize)]
struct WorkingsJson<'a> {
    shares_before: Exact,
    pool_before: Exact,
    pool_rule: Option<&'a str>,
    pool_top_up: Exact,
    company_capitalization: Option<Exact>,
    pre_money_count: Exact,
    pre_money_count_includes: &'a [String],
    conversion_method: &'a str,
    price_per_share: Exact,
    conversions: Vec<ConversionJson<'a>>,
    investments: Vec<InvestmentJson<'a>>,
    shares_after: Exact,
}

#[derive(serde::Serialize)]
struct ConversionJson<'a> {
    investor: &'a str,
    kind: &'a str,
    amount: Exact,
    cap: Option<Exact>,
    discount: Option<Exact>,
    cap_price: Option<Exact>,
    discount_price: Option<Exact>,
    conversion_price: Exact,
    price_basis: &'a str,
    shares: Exact,
}

#[derive(serde::Serialize)]
struct InvestmentJson<'a> {
    investor: &'a str,
    money: Exact,
    shares: Exact,
    pro_rata: bool,
}

#[derive(serde::Serialize)]
struct OutcomeJson<'a> {
    conditions: Conditions<'a>,
    probability: Option<Exact>,
    new_money: Exact,
    post_money: Exact,
    holders: Vec<OutcomeHolderJson<'a>>,
}

#[derive(serde::Serialize)]
struct OutcomeHolderJson<'a> {
    name: &'a str,
    invested: Exact,
    shares: Option<Exact>,
    ownership: Exact,
    value: Exact,
}

#[derive(serde::Serialize)]
struct ExpectedJson<'a> {
    new_money: Exact,
    post_money: Exact,
    holders: Vec<ExpectedHolderJson<'a>>,
}

#[derive(serde::Serialize)]
struct ExpectedHolderJson<'a> {
    name: &'a str,
    ownership: Exact,
    value: Exact,
}

#[derive(serde::Serialize)]
struct CommitmentJson<'a> {
    counterparty: &'a str,
    description: Option<&'a str>,
    amount: Exact,
    years: Option<Exact>,
    margin: Option<Exact>,
    invested: Exact,
    net_flow: Exact,
    economic_cost: Option<Exact>,
    implied_post_money: Option<Exact>,
}

/// The report object, as `report --format json` prints it.
pub fn report(report: &Report) -> ReportJson<'_> {
    ReportJson {
        scenario: ScenarioJson {
            name: &report.name,
            currency: &report.currency,
            description: report.description.as_deref(),
            sources: &report.sources,
        },
        assumed: Conditions(
            report
                .conditions
                .iter()
                .map(|c| (c.name.as_str(), c.assumed))
                .collect(),
        ),
        rounds: report.rounds.iter().map(round).collect(),
        outcomes: outcomes(report),
        expected: expected(report),
        commitments: report.commitments.iter().map(commitment).collect(),
    }
}

/// The object of `outcomes --format json`.
pub fn outcomes_only(report: &Report) -> OutcomesJson<'_> {
    OutcomesJson {
        outcomes: outcomes(report),
        expected: expected(report),
    }
}

fn round(round: &RoundReport) -> RoundJson<'_> {
    RoundJson {
        name: &round.name,
        date: round.date.as_deref(),
        pre_money: Exact(round.pre_money),
        new_money: Exact(round.new_money),
        post_money: Exact(round.post_money),
        announced_post_money: Exact(round.announced_post_money),
        price_per_share: optional(round.price_per_share),
        revenue_multiple: optional(round.revenue_multiple),
        workings: round.workings.as_ref().map(workings),
        holders: round.holders.iter().map(holder).collect(),
    }
}

fn holder(h: &HolderRow) -> HolderJson<'_> {
    HolderJson {
        name: &h.name,
        class: &h.class,
        pool: h.pool,
        invested: Exact(h.invested),
        shares: optional(h.shares),
        ownership_before: Exact(h.ownership_before),
        ownership: Exact(h.ownership),
        value: Exact(h.value),
    }
}

fn workings(w: &WorkingsReport) -> WorkingsJson<'_> {
    WorkingsJson {
        shares_before: Exact(w.shares_before),
        pool_before: Exact(w.pool_before),
        pool_rule: w.pool_rule.as_deref(),
        pool_top_up: Exact(w.pool_top_up),
        company_capitalization: optional(w.company_capitalization),
        pre_money_count: Exact(w.pre_money_count),
        pre_money_count_includes: &w.pre_money_count_includes,
        conversion_method: &w.conversion_method,
        price_per_share: Exact(w.price_per_share),
        conversions: w.conversions.iter().map(conversion).collect(),
        investments: w.investments.iter().map(investment).collect(),
        shares_after: Exact(w.shares_after),
    }
}

fn conversion(c: &ConversionRow) -> ConversionJson<'_> {
    ConversionJson {
        investor: &c.investor,
        kind: &c.kind,
        amount: Exact(c.amount),
        cap: optional(c.cap),
        discount: optional(c.discount),
        cap_price: optional(c.cap_price),
        discount_price: optional(c.discount_price),
        conversion_price: Exact(c.conversion_price),
        price_basis: &c.basis,
        shares: Exact(c.shares),
    }
}

fn investment(i: &InvestmentRow) -> InvestmentJson<'_> {
    InvestmentJson {
        investor: &i.investor,
        money: Exact(i.money),
        shares: Exact(i.shares),
        pro_rata: i.pro_rata,
    }
}

fn outcomes(report: &Report) -> Vec<OutcomeJson<'_>> {
    report.outcomes.iter().map(|o| outcome(report, o)).collect()
}

fn outcome<'a>(report: &'a Report, outcome: &'a OutcomeReport) -> OutcomeJson<'a> {
    OutcomeJson {
        conditions: Conditions(
            report
                .conditions
                .iter()
                .zip(&outcome.conditions)
                .map(|(c, &v)| (c.name.as_str(), v))
                .collect(),
        ),
        probability: optional(outcome.probability),
        new_money: Exact(outcome.new_money),
        post_money: Exact(outcome.post_money),
        holders: outcome.holders.iter().map(outcome_holder).collect(),
    }
}

fn outcome_holder(h: &OutcomeHolderRow) -> OutcomeHolderJson<'_> {
    OutcomeHolderJson {
        name: &h.name,
        invested: Exact(h.invested),
        shares: optional(h.shares),
        ownership: Exact(h.ownership),
        value: Exact(h.value),
    }
}

fn expected(report: &Report) -> Option<ExpectedJson<'_>> {
    report
        .expected
        .as_ref()
        .map(|e: &ExpectedReport| ExpectedJson {
            new_money: Exact(e.new_money),
            post_money: Exact(e.post_money),
            holders: e
                .holders
                .iter()
                .map(|(name, ownership, value)| ExpectedHolderJson {
                    name,
                    ownership: Exact(*ownership),
                    value: Exact(*value),
                })
                .collect(),
        })
}

fn commitment(c: &CommitmentReport) -> CommitmentJson<'_> {
    CommitmentJson {
        counterparty: &c.counterparty,
        description: c.description.as_deref(),
        amount: Exact(c.amount),
        years: optional(c.years),
        margin: optional(c.margin),
        invested: Exact(c.invested),
        net_flow: Exact(c.net_flow),
        economic_cost: optional(c.economic_cost),
        implied_post_money: optional(c.implied_post_money),
    }
}

/// Pretty-printed JSON with a final newline.
pub fn to_string(value: &impl Serialize) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
