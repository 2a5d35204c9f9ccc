//! The JSON contract of `docs/scenario-format.md`: every decimal is a string holding the exact
//! value, ownership is a fraction of 1, unknown share counts and prices are `null`.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::{ExpectedReport, OutcomeReport, Report, RoundReport, WorkingsReport};
use crate::format::exact;

fn decimal(value: Decimal) -> Value {
    Value::String(exact(value))
}

fn optional(value: Option<Decimal>) -> Value {
    value.map_or(Value::Null, decimal)
}

/// The report object, as `report --format json` prints it.
pub fn report(report: &Report) -> Value {
    json!({
        "scenario": {
            "name": report.name,
            "currency": report.currency,
            "description": report.description,
            "sources": report.sources,
        },
        "assumed": assumed(report),
        "rounds": report.rounds.iter().map(round).collect::<Vec<_>>(),
        "outcomes": outcomes(report),
        "expected": expected(report),
        "commitments": report.commitments.iter().map(|c| json!({
            "counterparty": c.counterparty,
            "description": c.description,
            "amount": decimal(c.amount),
            "years": optional(c.years),
            "margin": optional(c.margin),
            "invested": decimal(c.invested),
            "net_flow": decimal(c.net_flow),
            "economic_cost": optional(c.economic_cost),
            "implied_post_money": optional(c.implied_post_money),
        })).collect::<Vec<_>>(),
    })
}

/// The object of `outcomes --format json`.
pub fn outcomes_only(report: &Report) -> Value {
    json!({
        "outcomes": outcomes(report),
        "expected": expected(report),
    })
}

fn assumed(report: &Report) -> Value {
    Value::Object(
        report
            .conditions
            .iter()
            .map(|c| (c.name.clone(), Value::Bool(c.assumed)))
            .collect::<Map<_, _>>(),
    )
}

fn round(round: &RoundReport) -> Value {
    json!({
        "name": round.name,
        "date": round.date,
        "pre_money": decimal(round.pre_money),
        "new_money": decimal(round.new_money),
        "post_money": decimal(round.post_money),
        "announced_post_money": decimal(round.announced_post_money),
        "price_per_share": optional(round.price_per_share),
        "revenue_multiple": optional(round.revenue_multiple),
        "workings": round.workings.as_ref().map(workings),
        "classes": round.classes.iter().map(|c| json!({
            "name": c.name,
            "invested": decimal(c.invested),
            "shares": decimal(c.shares),
            "as_converted_shares": decimal(c.as_converted_shares),
            "original_issue_price": decimal(c.original_issue_price),
            "conversion_price": decimal(c.conversion_price),
            "anti_dilution": c.anti_dilution,
        })).collect::<Vec<_>>(),
        "holders": round.holders.iter().map(|h| json!({
            "name": h.name,
            "class": h.class,
            "pool": h.pool,
            "invested": decimal(h.invested),
            "shares": optional(h.shares),
            "as_converted_shares": optional(h.as_converted_shares),
            "ownership_before": decimal(h.ownership_before),
            "ownership": decimal(h.ownership),
            "value": decimal(h.value),
        })).collect::<Vec<_>>(),
    })
}

fn workings(w: &WorkingsReport) -> Value {
    json!({
        "shares_before": decimal(w.shares_before),
        "pool_before": decimal(w.pool_before),
        "pool_rule": w.pool_rule,
        "pool_top_up": decimal(w.pool_top_up),
        "company_capitalization": optional(w.company_capitalization),
        "pre_money_count": decimal(w.pre_money_count),
        "pre_money_count_includes": w.pre_money_count_includes,
        "conversion_method": w.conversion_method,
        "price_per_share": decimal(w.price_per_share),
        "conversions": w.conversions.iter().map(|c| json!({
            "investor": c.investor,
            "kind": c.kind,
            "amount": decimal(c.amount),
            "cap": optional(c.cap),
            "discount": optional(c.discount),
            "cap_price": optional(c.cap_price),
            "discount_price": optional(c.discount_price),
            "conversion_price": decimal(c.conversion_price),
            "price_basis": c.basis,
            "shares": decimal(c.shares),
        })).collect::<Vec<_>>(),
        "investments": w.investments.iter().map(|i| json!({
            "investor": i.investor,
            "money": decimal(i.money),
            "shares": decimal(i.shares),
            "pro_rata": i.pro_rata,
        })).collect::<Vec<_>>(),
        "shares_after": decimal(w.shares_after),
        "anti_dilution": w.adjustments.iter().map(|a| json!({
            "class": a.class,
            "rule": a.rule,
            "round_price": decimal(a.round_price),
            "conversion_price_before": decimal(a.before),
            "conversion_price": decimal(a.after),
            "a": a.weighted.map_or(Value::Null, |(x, _, _)| decimal(x)),
            "b": a.weighted.map_or(Value::Null, |(_, x, _)| decimal(x)),
            "c": a.weighted.map_or(Value::Null, |(_, _, x)| decimal(x)),
            "as_converted_before": decimal(a.units_before),
            "as_converted_after": decimal(a.units_after),
        })).collect::<Vec<_>>(),
    })
}

fn outcomes(report: &Report) -> Value {
    Value::Array(report.outcomes.iter().map(|o| outcome(report, o)).collect())
}

fn outcome(report: &Report, outcome: &OutcomeReport) -> Value {
    let conditions: Map<String, Value> = report
        .conditions
        .iter()
        .zip(&outcome.conditions)
        .map(|(c, &v)| (c.name.clone(), Value::Bool(v)))
        .collect();
    json!({
        "conditions": conditions,
        "probability": optional(outcome.probability),
        "new_money": decimal(outcome.new_money),
        "post_money": decimal(outcome.post_money),
        "holders": outcome.holders.iter().map(|h| json!({
            "name": h.name,
            "invested": decimal(h.invested),
            "shares": optional(h.shares),
            "ownership": decimal(h.ownership),
            "value": decimal(h.value),
        })).collect::<Vec<_>>(),
    })
}

fn expected(report: &Report) -> Value {
    report
        .expected
        .as_ref()
        .map_or(Value::Null, |e: &ExpectedReport| {
            json!({
                "new_money": decimal(e.new_money),
                "post_money": decimal(e.post_money),
                "holders": e.holders.iter().map(|(name, ownership, value)| json!({
                    "name": name,
                    "ownership": decimal(*ownership),
                    "value": decimal(*value),
                })).collect::<Vec<_>>(),
            })
        })
}

/// Pretty-printed JSON with a final newline.
pub fn to_string(value: &Value) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
