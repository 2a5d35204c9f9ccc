//! `report --bridge`: each round's dilution bridge (see [`crate::engine::bridge`]) as report
//! values: exact fractions and their decimals.

use num_rational::BigRational;
use num_traits::{Signed as _, Zero as _};
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::Report;
use crate::engine::arith::Checked;
use crate::engine::bridge::{Cause, CauseName, Failure, bridge};
use crate::engine::exact::{Q, to_decimal};
use crate::engine::rounds::{CapTable, RoundError, apply_round};
use crate::scenario::model::{ConditionSet, PartyId, Scenario};

/// A round's bridge: holder rows × cause columns.
#[derive(Clone, Debug)]
pub struct BridgeReport {
    /// The causes, in the order of every row's parts.
    pub causes: Vec<String>,
    /// How many of the round's causes the last cause groups ("other (k causes)"); 0: none.
    pub grouped: usize,
    pub holders: Vec<BridgeRow>,
    /// Why the round has no bridge (then `holders` is empty), in words.
    pub unavailable: Option<String>,
}

/// One holder's change in fully diluted ownership and its parts.
#[derive(Clone, Debug)]
pub struct BridgeRow {
    pub holder: String,
    pub before: Figure,
    pub after: Figure,
    pub change: Figure,
    /// One per cause; the exact fractions add up exactly to `change`.
    pub parts: Vec<Figure>,
}

/// JSON `rounds[].bridge`: `method`, the causes, and per holder each figure's decimal and
/// exact fraction (`before`, `before_exact`, …) with its parts, each part named by its cause.
/// Written by hand: a figure is two keys, and a part's `cause` comes from the bridge, not the
/// row.
impl Serialize for BridgeReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Holders<'a>(&'a BridgeReport);
        struct Holder<'a>(&'a [String], &'a BridgeRow);
        struct Parts<'a>(&'a [String], &'a [Figure]);
        struct Part<'a>(&'a str, &'a Figure);
        fn figure<M: SerializeMap>(map: &mut M, key: &str, f: &Figure) -> Result<(), M::Error> {
            map.serialize_entry(key, &crate::format::exact(f.decimal))?;
            map.serialize_entry(&format!("{key}_exact"), &f.exact)
        }
        impl Serialize for Holders<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.holders.len()))?;
                for h in &self.0.holders {
                    seq.serialize_element(&Holder(&self.0.causes, h))?;
                }
                seq.end()
            }
        }
        impl Serialize for Holder<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let Holder(causes, h) = *self;
                let mut map = serializer.serialize_map(Some(8))?;
                map.serialize_entry("holder", &h.holder)?;
                figure(&mut map, "before", &h.before)?;
                figure(&mut map, "after", &h.after)?;
                figure(&mut map, "change", &h.change)?;
                map.serialize_entry("parts", &Parts(causes, &h.parts))?;
                map.end()
            }
        }
        impl Serialize for Parts<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len().min(self.1.len())))?;
                for (cause, part) in self.0.iter().zip(self.1) {
                    seq.serialize_element(&Part(cause, part))?;
                }
                seq.end()
            }
        }
        impl Serialize for Part<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("cause", self.0)?;
                figure(&mut map, "change", self.1)?;
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("method", "shapley")?;
        map.serialize_entry("causes", &self.causes)?;
        map.serialize_entry("grouped", &self.grouped)?;
        map.serialize_entry("holders", &Holders(self))?;
        map.serialize_entry("unavailable", &self.unavailable)?;
        map.end()
    }
}

/// An exact fraction ("n/d", or "n" when whole) and its decimal (rounded once, as
/// [`to_decimal`] rounds: 28 decimal places below 1).
#[derive(Clone, Debug)]
pub struct Figure {
    pub exact: String,
    pub decimal: Decimal,
    /// The exact value, for display rounded once from it (the memo's sentence and chart).
    pub value: BigRational,
}

fn figure(r: &BigRational) -> Checked<Figure> {
    let q = Q::new(r.numer().clone(), r.denom().clone());
    Ok(Figure {
        exact: r.to_string(),
        decimal: to_decimal(&q, "a part of the dilution bridge")?,
        value: r.clone(),
    })
}

/// Fills in every round's `bridge` of `report`, built for `scenario` under `state`.
/// A cause's name in the bridge's table and JSON: "investment: NAME", "pool top-up", …,
/// "NAME (2)" for the second of the same name.
fn cause_name(scenario: &Scenario, cause: &Cause) -> String {
    let party = |p: PartyId| {
        scenario
            .parties
            .get(p.index())
            .map_or_else(|| format!("#{}", p.index()), |p| p.name.clone())
    };
    let name = match cause.name {
        CauseName::ProRata(p) => format!("pro-rata: {}", party(p)),
        CauseName::Investment(p) => format!("investment: {}", party(p)),
        CauseName::PoolTopUp => "pool top-up".into(),
        CauseName::Conversion { party: Some(p), .. } => format!("conversion: {}", party(p)),
        CauseName::Conversion {
            instrument,
            party: None,
        } => format!("conversion #{}", instrument.index()),
        CauseName::Secondary(p) => format!("secondary: {}", party(p)),
        CauseName::AntiDilution => "anti-dilution".into(),
        CauseName::Grants => "grants".into(),
        CauseName::Other(n) => format!("other ({n} causes)"),
        CauseName::Rest => "rest of the round".into(),
    };
    match cause.repeat {
        0 | 1 => name,
        n => format!("{name} ({n})"),
    }
}

pub fn attach(
    scenario: &Scenario,
    state: ConditionSet,
    report: &mut Report,
) -> Result<(), RoundError> {
    let bridges = bridges(scenario, state, report.rounds.len())?;
    for (round, bridge) in report.rounds.iter_mut().zip(bridges) {
        round.bridge = Some(bridge);
    }
    Ok(())
}

/// The bridges of the first `rounds` rounds of `scenario` under `state`, in order.
pub fn bridges(
    scenario: &Scenario,
    state: ConditionSet,
    rounds: usize,
) -> Result<Vec<BridgeReport>, RoundError> {
    let mut table = CapTable::initial(scenario);
    let mut out = Vec::with_capacity(rounds);
    for index in 0..rounds.min(scenario.rounds.len()) {
        let wrap = |overflow| RoundError::new(index, overflow);
        let bridge = match bridge(scenario, index, state, &table) {
            Ok(bridge) => bridge,
            Err(Failure::Round(error)) => return Err(error),
            Err(Failure::Without { removed, what }) => {
                out.push(BridgeReport {
                    causes: Vec::new(),
                    grouped: 0,
                    holders: Vec::new(),
                    unavailable: Some(format!(
                        "No bridge: without {} the round cannot happen ({what}), so the parts are not defined.",
                        removed
                            .iter()
                            .map(|c| format!("\"{}\"", cause_name(scenario, c)))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )),
                });
                apply_round(scenario, index, state, &mut table)?;
                continue;
            }
        };
        let holders = bridge
            .holders
            .iter()
            .map(|h| {
                Ok(BridgeRow {
                    holder: scenario
                        .parties
                        .get(h.party)
                        .map_or_else(String::new, |p| p.name.clone()),
                    before: figure(&h.before)?,
                    after: figure(&h.after)?,
                    change: figure(&(&h.after - &h.before))?,
                    parts: h.parts.iter().map(figure).collect::<Checked<_>>()?,
                })
            })
            .collect::<Checked<Vec<_>>>()
            .map_err(wrap)?;
        out.push(BridgeReport {
            causes: bridge
                .causes
                .iter()
                .map(|c| cause_name(scenario, c))
                .collect(),
            grouped: bridge.grouped,
            holders,
            unavailable: None,
        });
        apply_round(scenario, index, state, &mut table)?;
    }
    Ok(out)
}

/// The headline holder(s) of a round's bridge, their figures added up.
#[derive(Clone, Debug)]
pub struct Headline {
    pub names: Vec<String>,
    pub before: BigRational,
    pub after: BigRational,
    pub parts: Vec<BigRational>,
}

impl Headline {
    /// "Microsoft", "Founder A and Founder B together".
    pub fn who(&self) -> String {
        match self.names.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last} together", rest.join(", ")),
            [] => String::new(),
        }
    }
}

/// The memo's headline holder: the largest holder before the round (not the pool) whose stake changed, with every holder
/// whose line is the same; `None` when no holder before the round changed.
pub fn headline(scenario: &Scenario, bridge: &BridgeReport) -> Option<Headline> {
    let pool = |name: &str| scenario.parties.iter().any(|p| p.pool && p.name == name);
    let candidates: Vec<&BridgeRow> = bridge
        .holders
        .iter()
        .filter(|h| h.before.value.is_positive() && !pool(&h.holder))
        .filter(|h| h.after.value != h.before.value)
        .collect();
    // The largest; the first in the table's order on a tie.
    let mut largest = *candidates.first()?;
    for h in &candidates {
        if h.before.value > largest.before.value {
            largest = h;
        }
    }
    let same = |h: &BridgeRow| {
        h.before.value == largest.before.value
            && h.after.value == largest.after.value
            && h.parts.len() == largest.parts.len()
            && h.parts
                .iter()
                .zip(&largest.parts)
                .all(|(a, b)| a.value == b.value)
    };
    let group: Vec<&BridgeRow> = candidates.into_iter().filter(|h| same(h)).collect();
    let sum = |f: &dyn Fn(&BridgeRow) -> BigRational| {
        group
            .iter()
            .fold(BigRational::zero(), |total, h| total + f(h))
    };
    Some(Headline {
        names: group.iter().map(|h| h.holder.clone()).collect(),
        before: sum(&|h| h.before.value.clone()),
        after: sum(&|h| h.after.value.clone()),
        parts: (0..largest.parts.len())
            .map(|i| {
                sum(&|h| {
                    h.parts
                        .get(i)
                        .map_or_else(BigRational::zero, |p| p.value.clone())
                })
            })
            .collect(),
    })
}
