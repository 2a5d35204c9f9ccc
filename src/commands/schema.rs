//! `schema`: a JSON Schema (draft-07) of the scenario format, for taplo and editors.
//!
//! Unknown keys are refused (`additionalProperties: false`) so an editor flags a misspelt key
//! as `captable check` does. Values are described by their accepted forms; exact checks
//! (stakes summing to 100%, tranches adding up) stay with `captable check`.

use serde_json::{Value, json};

use crate::{Error, output, render};

pub fn run() -> Result<(), Error> {
    output::write(
        output::Destination::Stdout,
        render::json::to_string(&schema()).as_bytes(),
        &output::Inputs::none(),
    )
    .map_err(Error::Output)
}

/// The money grammar of `scenario::value` (docs/scenario-format.md): an optional currency
/// symbol or ISO code in front, digits with `_` or `,` before each group of three, a decimal
/// point and exponent, one scale in any case (k, thousand, m, mm, million, b, bn, billion, t,
/// tn, trillion), an ISO code after a space. Whether the currency is the scenario's is for
/// `captable check`; a schema cannot see `[scenario] currency`.
macro_rules! money_body {
    () => {
        concat!(
            r"\s*[-+]?\s*(?:(?:[$€£¥]|[A-Z]{3})\s*[-+]?\s*)?",
            r"[0-9][0-9_]*(?:,[0-9]{3})*(?:\.[0-9][0-9_]*)?(?:[eE][-+]?[0-9]+)?\s*",
            r"(?:[kK]|[tT][hH][oO][uU][sS][aA][nN][dD]",
            r"|[mM]|[mM][mM]|[mM][iI][lL][lL][iI][oO][nN]",
            r"|[bB]|[bB][nN]|[bB][iI][lL][lL][iI][oO][nN]",
            r"|[tT]|[tT][nN]|[tT][rR][iI][lL][lL][iI][oO][nN])?",
            r"(?:\s+[A-Z]{3})?\s*"
        )
    };
}
const MONEY_PATTERN: &str = concat!("^", money_body!(), "$");
/// A reported range, `"80B..100B"` (round valuations and investment amounts only).
const MONEY_RANGE_PATTERN: &str = concat!("^", money_body!(), r"\.\.", money_body!(), "$");
const FRACTION_PATTERN: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$";
const MULTIPLE_PATTERN: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*[xX]?\s*$";

/// Money, or a reported range of it (`"80B..100B"`).
fn money_or_range(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": MONEY_PATTERN },
            { "type": "string", "pattern": MONEY_RANGE_PATTERN }
        ]
    })
}

fn money(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": MONEY_PATTERN }
        ]
    })
}

fn fraction(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "number", "minimum": 0, "maximum": 1 },
            { "type": "integer", "minimum": 0, "maximum": 1 },
            { "type": "string", "pattern": FRACTION_PATTERN }
        ]
    })
}

fn multiple(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": MULTIPLE_PATTERN }
        ]
    })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn boolean(description: &str) -> Value {
    json!({ "type": "boolean", "description": description })
}

fn date(description: &str) -> Value {
    json!({ "type": "string", "format": "date", "description": description })
}

fn one_of(description: &str, words: &[&str]) -> Value {
    json!({ "type": "string", "enum": words, "description": description })
}

fn table(description: &str, properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

fn array_of(description: &str, item: Value) -> Value {
    json!({ "type": "array", "description": description, "items": item })
}

/// The schema.
pub fn schema() -> Value {
    let tranche = table(
        "A part of an investment, paid when its condition holds",
        json!({
            "name": text("The tranche's name"),
            "amount": money_or_range("Money of this tranche, or a reported range (\"0..20B\", with report --ranges)"),
            "when": text("Condition names joined by and, or, not and parentheses; no `when`: paid unconditionally"),
        }),
        &[],
    );
    let investment = table(
        "Money an investor puts into the round",
        json!({
            "investor": text("The investor; an existing holder of that name is the same party"),
            "amount": money_or_range("The total commitment (the sum of the tranches), or a reported range (\"0..20B\", with report --ranges)"),
            "class": text("Share class (default common)"),
            "pro_rata": boolean("Invest exactly enough to keep the investor's ownership from before the round"),
            "tranche": array_of("Tranches whose amounts sum to the investment", tranche),
        }),
        &["investor"],
    );
    let grant = table(
        "Options granted out of the unallocated pool at the round's closing",
        json!({
            "holder": text("The grantee: a new name, or an existing option or warrant holder"),
            "shares": money("Shares out of the pool"),
            "exercise_price": money("The strike per share (required for a new holder)"),
            "kind": one_of("For a new holder: options (default) or warrants", &["option", "warrant"]),
        }),
        &["holder", "shares"],
    );
    let secondary = table(
        "A sale of existing shares at the round's closing (a secondary, or a tender with `sellers`): exactly one of shares, stake and amount, and one of price_per_share and valuation",
        json!({
            "seller": text("The holder that sells"),
            "sellers": {
                "description": "A tender: the holders that sell, each pro rata to its holding, or \"all-common\" (every holder of common but the pool and the buyer)",
                "oneOf": [
                    { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                    { "type": "string", "enum": ["all-common"] }
                ]
            },
            "buyer": text("The party that buys (a new party if it holds nothing yet)"),
            "shares": money("Shares sold (needs share counts)"),
            "stake": fraction("Fraction of the company sold, fully diluted at the round's closing"),
            "amount": money("Money paid, at the price"),
            "price_per_share": money("Price a share (needs share counts)"),
            "valuation": money("The company value the price implies: price = valuation ÷ fully diluted shares after the round"),
            "when": text("Only in outcomes where this condition holds, e.g. \"ipo or agi\""),
            "class": text("The class the bought shares convert into (default: the seller's)"),
            "cap": {
                "description": "A tender only: the most each seller sells, a share count or a percentage of its own holding (\"20%\"); a capped seller's excess is shared pro rata among the others",
                "oneOf": [money("Shares per seller"), fraction("Fraction of each seller's holding")]
            },
        }),
        &["buyer"],
    );
    let round = table(
        "A priced round: exactly one of pre_money, post_money and price_per_share",
        json!({
            "name": text("The round's name"),
            "date": date("The round's date (for note interest)"),
            "pre_money": money_or_range("Pre-money valuation (a range \"820B..840B\" with report --ranges)"),
            "post_money": money_or_range("Post-money as announced: pre-money + every tranche (a range with report --ranges)"),
            "valuation": money_or_range("A valuation whose basis is given by `basis` (pre-money, post-money, or unknown: both readings with report --ranges)"),
            "basis": one_of("How `valuation` is read", &["pre-money", "post-money", "unknown"]),
            "price_per_share": money("Price per share (needs share counts)"),
            "pool_target": fraction("Top the unallocated pool up to this fraction of the post-money fully diluted count"),
            "pool_increase": money("Add this many shares to the unallocated pool"),
            "pool_timing": one_of("Whether the top-up is in the pre-money count", &["pre-money", "post-money"]),
            "conversion_method": one_of("How notes and pre-money SAFEs enter the price", &["percentage-ownership", "pre-money", "dollars-invested"]),
            "investment": array_of("The round's investments", investment),
            "grant": array_of("Options granted from the pool at the round's closing", grant),
            "secondary": array_of("Sales of existing shares at the round's closing, after its new money", secondary),
        }),
        &[],
    );
    let holder = table(
        "A holder before the first round: a stake or a share count",
        json!({
            "name": text("The holder's name (unique)"),
            "stake": fraction("Fraction of the company before the first round"),
            "shares": money("Share count"),
            "class": text("Share class (default common)"),
            "pool": boolean("The unallocated option pool"),
            "invested": money("Money invested for these shares (needed for a preferred class's preference)"),
            "kind": one_of("What the holder holds: shares (default), or options or warrants with an exercise_price", &["shares", "option", "warrant"]),
            "exercise_price": money("Option or warrant only: money per share paid to exercise (the strike)"),
            "coverage": fraction("Warrant only, instead of shares: shares = coverage × amount ÷ exercise_price, rounded by [rounding] shares"),
            "amount": money("Warrant with coverage only: the money the coverage is a fraction of"),
            "from_pool": boolean("The holder's shares are granted out of the pool holder's (pool = true) reserve"),
        }),
        &["name"],
    );
    let condition = table(
        "Something contingent money depends on",
        json!({
            "description": text("What the condition means"),
            "probability": fraction("Its probability, for expected values"),
            "assume": boolean("The state the headline report uses (default true)"),
        }),
        &[],
    );
    let safe = table(
        "A SAFE, converting at a priced round",
        json!({
            "investor": text("The SAFE holder"),
            "amount": money("The purchase amount"),
            "cap": money("Valuation cap"),
            "discount": fraction("Discount to the round price"),
            "kind": one_of("YC post-money (default), pre-money, or fixed-percentage (YC's standard deal)", &["post-money", "pre-money", "fixed-percentage"]),
            "percentage": fraction("kind = \"fixed-percentage\" only: the fraction of the company capitalization it converts into"),
            "converts_at": text("The round it converts in (default: the first round dated on or after `issued`, or the first round)"),
            "issued": date("Issue date: without converts_at, it converts at the first round on or after it"),
            "mfn": boolean("Most-favoured-nation: the best terms of later SAFEs"),
            "class": text("Share class of the conversion shares"),
            "series": one_of("round (default): the shares join the round's series of the class; shadow: their own series, whose original issue price is the conversion price", &["round", "shadow"]),
        }),
        &["investor"],
    );
    let note = table(
        "A convertible note",
        json!({
            "investor": text("The note holder"),
            "principal": money("Principal"),
            "interest": fraction("Simple annual interest, actual/365"),
            "issued": date("Issue date (interest runs from it)"),
            "cap": money("Valuation cap"),
            "discount": fraction("Discount to the round price"),
            "converts_at": text("The round it converts in (default: the first round dated on or after `issued`, or the first round)"),
            "class": text("Share class of the conversion shares"),
            "series": one_of("round (default): the shares join the round's series of the class; shadow: their own series, whose original issue price is the conversion price", &["round", "shadow"]),
        }),
        &["investor"],
    );
    let class = table(
        "Terms of a preferred share class",
        json!({
            "name": { "type": "string", "minLength": 1, "description": "The name tables and charts show, such as \"Series A Preferred\"; default: made from the key (series_a → Series A)" },
            "preference": multiple("Liquidation preference, a multiple of the money invested"),
            "participating": boolean("Also shares pro rata after its preference"),
            "cap": multiple("Participation stops at this multiple of invested money"),
            "seniority": { "type": "integer", "description": "Higher is paid first" },
            "anti_dilution": one_of("Protection against a lower-priced round", &["none", "broad-based", "narrow-based", "full-ratchet"]),
            "anti_dilution_base": one_of("Broad-based only: what A counts; outstanding (default, the NVCA model charter's) leaves out the reserved-but-unissued pool, fully-diluted counts it", &["outstanding", "fully-diluted"]),
            "price_decimals": { "type": "integer", "minimum": 0, "maximum": 28, "description": "Round an adjusted conversion price to this many decimals (NVCA: 4)" },
        }),
        &[],
    );
    let exit = table(
        "An exit to compute payouts at",
        json!({
            "name": text("The exit's name"),
            "value": money("Proceeds to equity holders"),
            "date": date("The exit's date"),
            "probability": fraction("How likely this exit is: on every exit or none, summing to 100%"),
            "when": text("With probabilities: only in the condition outcomes where this holds (its probability then conditional on the outcome)"),
        }),
        &[],
    );
    let commitment = table(
        "Money the company commits to spend with a counterparty",
        json!({
            "counterparty": text("Who receives the spend (an investor, usually)"),
            "amount": money("The committed spend"),
            "years": {
                "description": "Over how many years",
                "anyOf": [
                    { "type": "number", "minimum": 0 },
                    { "type": "string", "pattern": MONEY_PATTERN }
                ]
            },
            "description": text("What the spend is for"),
            "margin": fraction("The counterparty's profit share of the spend"),
        }),
        &["counterparty"],
    );
    // Little is required: a variant that `extends` a base may name only what it changes (items
    // of lists are matched by name, investor or counterparty). `captable check` knows the rest.
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "captable scenario",
        "description": "A company's holders, conditions and funding rounds (captable's scenario format; see docs/scenario-format.md)",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "extends": text("A base scenario this file changes (a path relative to this file)"),
            "scenario": table("The scenario itself", json!({
                "name": text("The scenario's name"),
                "currency": { "type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code (default USD)" },
                "description": text("What the scenario shows"),
                "sources": array_of("Where each figure comes from", json!({ "type": "string" })),
            }), &[]),
            "rounding": table("Share-count rounding", json!({
                "shares": one_of("How new share counts are rounded", &["floor", "nearest", "exact"]),
                "price_decimals": { "type": "integer", "minimum": 0, "maximum": 28, "description": "Round each computed price to this many decimals" },
                "price": one_of("With price_decimals: nearest rounds the round price; up rounds the round price and every conversion price up (the legal-spreadsheet convention)", &["nearest", "up"]),
            }), &[]),
            "metrics": table("Company figures", json!({
                "annual_revenue": money("Annual revenue, for the revenue multiple"),
            }), &[]),
            "holder": array_of("The cap table before the first round", holder),
            "condition": {
                "type": "object",
                "description": "Conditions, by name ([a-z][a-z0-9_]*)",
                "propertyNames": { "pattern": "^[a-z][a-z0-9_]*$" },
                "additionalProperties": condition,
            },
            "round": array_of("The rounds, in date order", round),
            "safe": array_of("SAFEs", safe),
            "note": array_of("Convertible notes", note),
            "class": { "type": "object", "description": "Share classes, by name", "additionalProperties": class },
            "exit": array_of("Exits to compute payouts at", exit),
            "commitment": array_of("Money flowing back from the company", commitment),
        }
    })
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
