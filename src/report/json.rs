//! The JSON contract of `docs/scenario-format.md`: every decimal is a string holding the exact
//! value, ownership is a fraction of 1, unknown share counts and prices are `null`.
//!
//! The report values derive `Serialize` themselves (field order and `serde` names are the
//! contract's); this module holds the `serialize_with` helpers they use for exact decimals and
//! the two objects whose shape is not a report value's: the top-level object (it nests
//! `scenario` and turns the conditions into `assumed`) and each outcome (its `conditions` map
//! needs the conditions' names, which only the report holds). They are serialized straight from
//! the report, not through a `serde_json::Value`: a cap table of a million holders is written
//! without building a million small maps first. `crate::render::json` writes the text.

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{ConditionInfo, OutcomeReport, OutcomesView, Report};

/// A decimal as its exact text (`serialize_with`).
pub fn decimal<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::format::exact(*value))
}

/// An optional decimal as its exact text, or `null` (`serialize_with`).
pub fn optional<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => decimal(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// A value as its `Display` text (`serialize_with`).
pub fn display<T: std::fmt::Display, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Condition names with a truth value each, in declaration order.
struct Flags<'a>(&'a [ConditionInfo], &'a [bool]);

impl Serialize for Flags<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.1.len()))?;
        for (condition, value) in self.0.iter().zip(self.1) {
            map.serialize_entry(&condition.name, value)?;
        }
        map.end()
    }
}

/// The report object, as `report --format json` prints it.
pub fn report(report: &Report) -> impl Serialize + '_ {
    ReportJson(report)
}

/// The object of `outcomes --format json`.
pub fn outcomes_only(view: OutcomesView<'_>) -> impl Serialize + '_ {
    #[derive(Serialize)]
    struct OutcomesJson<'a> {
        outcomes: Outcomes<'a>,
        expected: Option<&'a super::ExpectedReport>,
    }
    OutcomesJson {
        outcomes: Outcomes(view.conditions, view.outcomes),
        expected: view.expected,
    }
}

/// The top-level object: the file's identity under `scenario`, the headline conditions as
/// `assumed`, then the report's parts.
struct ReportJson<'a>(&'a Report);

impl Serialize for ReportJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ScenarioJson<'a> {
            name: &'a str,
            currency: &'a str,
            description: Option<&'a str>,
            sources: &'a [String],
        }
        let report = self.0;
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
        map.serialize_entry("assumed", &Flags(&report.conditions, &assumed))?;
        map.serialize_entry("rounds", &report.rounds)?;
        // Only for a file with no round.
        if let Some(given) = &report.as_given {
            map.serialize_entry("as_given", given)?;
        }
        map.serialize_entry("outcomes", &Outcomes(&report.conditions, &report.outcomes))?;
        map.serialize_entry("expected", &report.expected)?;
        map.serialize_entry("commitments", &report.commitments)?;
        map.serialize_entry("basis", report.ownership_basis.as_str())?;
        map.end()
    }
}

/// Every outcome, its `conditions` a map from condition name to value.
struct Outcomes<'a>(&'a [ConditionInfo], &'a [OutcomeReport]);

impl Serialize for Outcomes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct OutcomeJson<'a>(&'a [ConditionInfo], &'a OutcomeReport);
        impl Serialize for OutcomeJson<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let OutcomeJson(conditions, o) = *self;
                let mut map = serializer.serialize_map(Some(5))?;
                map.serialize_entry("conditions", &Flags(conditions, &o.conditions))?;
                map.serialize_entry("probability", &Optional(o.probability))?;
                map.serialize_entry("new_money", &Optional(Some(o.new_money)))?;
                map.serialize_entry("post_money", &Optional(Some(o.post_money)))?;
                map.serialize_entry("holders", &o.holders)?;
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.1.len()))?;
        for outcome in self.1 {
            seq.serialize_element(&OutcomeJson(self.0, outcome))?;
        }
        seq.end()
    }
}

/// A decimal as a map value: its exact text, or `null`.
struct Optional(Option<Decimal>);

impl Serialize for Optional {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        optional(&self.0, serializer)
    }
}

/// The `A`, `B`, `C` of a weighted-average adjustment as keys `a`, `b`, `c`, each `null` for a
/// full ratchet (`serialize_with` on a flattened field).
pub fn abc<S: Serializer>(
    weighted: &Option<(Decimal, Decimal, Decimal)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let (a, b, c) = match *weighted {
        Some((a, b, c)) => (Some(a), Some(b), Some(c)),
        None => (None, None, None),
    };
    let mut map = serializer.serialize_map(Some(3))?;
    map.serialize_entry("a", &Optional(a))?;
    map.serialize_entry("b", &Optional(b))?;
    map.serialize_entry("c", &Optional(c))?;
    map.end()
}
