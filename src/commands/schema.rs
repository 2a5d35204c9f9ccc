//! `schema`: a JSON Schema (draft-07) of the scenario format, for taplo and editors.
//!
//! Unknown keys are refused (`additionalProperties: false`) so an editor flags a misspelt key
//! as `captable check` does. Values are described by their accepted forms; exact checks
//! (stakes summing to 100%, tranches adding up) stay with `captable check`.

use serde_json::{Value, json};

use crate::scenario::keys::{self, Key, Kind, Need, Section};
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

/// The schema of one key, from its kind in the key table.
fn value(key: &Key) -> Value {
    let doc = key.doc;
    match &key.kind {
        Kind::Money | Kind::Price | Kind::Shares => money(doc),
        Kind::MoneyOrRange => money_or_range(doc),
        Kind::Fraction => fraction(doc),
        Kind::SharesOrFraction => json!({
            "description": doc,
            "oneOf": [money("Shares per seller"), fraction("Fraction of each seller's holding")]
        }),
        Kind::Multiple => json!({
            "description": doc,
            "anyOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": MULTIPLE_PATTERN }
            ]
        }),
        Kind::Years => json!({
            "description": doc,
            "anyOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": MONEY_PATTERN }
            ]
        }),
        Kind::Text | Kind::Condition | Kind::Path => {
            json!({ "type": "string", "description": doc })
        }
        Kind::Title => json!({ "type": "string", "minLength": 1, "description": doc }),
        Kind::Currency => {
            json!({ "type": "string", "pattern": "^[A-Z]{3}$", "description": doc })
        }
        Kind::Texts => array_of(doc, json!({ "type": "string" })),
        Kind::Sellers(word) => json!({
            "description": doc,
            "oneOf": [
                { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                { "type": "string", "enum": [word] }
            ]
        }),
        Kind::Bool => json!({ "type": "boolean", "description": doc }),
        Kind::Date => json!({ "type": "string", "format": "date", "description": doc }),
        Kind::Integer => json!({ "type": "integer", "description": doc }),
        Kind::Decimals => {
            json!({ "type": "integer", "minimum": 0, "maximum": 28, "description": doc })
        }
        Kind::Word(words) => json!({ "type": "string", "enum": words, "description": doc }),
        Kind::Table(section) => table(doc, section),
        Kind::List(section) => array_of(doc, table(section.doc, section)),
        Kind::Named(section, names) => {
            let mut object = json!({ "type": "object", "description": doc });
            if let Some(pattern) = names {
                object["propertyNames"] = json!({ "pattern": pattern });
            }
            object["additionalProperties"] = table(section.doc, section);
            object
        }
    }
}

/// A section's keys as schema properties.
fn properties(section: &Section) -> Value {
    Value::Object(
        section
            .keys
            .iter()
            .map(|key| (key.name.to_string(), value(key)))
            .collect(),
    )
}

/// Little is required: a variant that `extends` a base may name only what it changes. A list
/// item is matched by its identity key (name, investor or counterparty), so only that is
/// required of it; an item without one (a grant, a secondary) is always whole and needs every
/// required key. `captable check` knows the rest.
fn required(section: &Section) -> Vec<&'static str> {
    let required = section.keys.iter().filter(|k| k.need == Need::Required);
    match section.identity {
        Some(identity) => required
            .filter(|k| k.name == identity)
            .map(|k| k.name)
            .collect(),
        None => required.map(|k| k.name).collect(),
    }
}

fn table(description: &str, section: &Section) -> Value {
    let required = if section.path.contains('.') || section.identity.is_some() {
        required(section)
    } else {
        // A table (`[scenario]`) or named table (`[class.NAME]`) merges key by key.
        Vec::new()
    };
    json!({
        "type": "object",
        "description": description,
        "properties": properties(section),
        "required": required,
        "additionalProperties": false
    })
}

fn array_of(description: &str, item: Value) -> Value {
    json!({ "type": "array", "description": description, "items": item })
}

/// The schema.
pub fn schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "captable scenario",
        "description": keys::TOP.doc,
        "type": "object",
        "additionalProperties": false,
        "properties": properties(&keys::TOP),
    })
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
