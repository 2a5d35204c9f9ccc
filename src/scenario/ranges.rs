//! Reported ranges and ambiguous readings, expanded into corner scenarios.
//!
//! The press reports terms loosely: "up to $100 billion", "at about $830 billion" without saying
//! whether that is before or after the new money. A scenario can write such a figure as a range
//! of money, `"80B..100B"` (lower end first), in the places where a range makes sense — a
//! round's `pre_money`, `post_money` or `valuation`, and an investment's or a tranche's `amount`
//! — and can leave the reading of a round's `valuation` open with `basis = "unknown"`.
//!
//! Each range and each unknown reading is one *dimension* with two ends. [`expand`] turns the
//! spanned tree into its corner trees (every combination of ends, at most
//! 2^[`MAX_DIMENSIONS`]), each an ordinary scenario that the validator and the engine read as
//! usual; `report --ranges` takes every figure's exact minimum and maximum over the corners.
//! Why the corners give the true bounds over the whole box (and when they do not) is argued in
//! `report/ranges.rs`.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::keys;
use super::model::{AntiDilution, Basis, Scenario, Sizing, Terms};
use super::tree::{Node, Value};
use super::validate::Locations;
use super::value;
use crate::diagnostic::{Code, Diagnostic, Span};

/// Most dimensions (ranges plus unknown readings) one scenario may have: 2^4 = 16 corners.
pub const MAX_DIMENSIONS: usize = 4;

/// Where ranges are allowed, for messages.
const WHERE: &str =
    "a round's pre_money, post_money or valuation, and an investment's or a tranche's amount";

/// The two ends of a range, if `text` is one: `"80B..100B"` → `("80B", "100B")`, each end a
/// valid amount of money.
pub fn split_range(text: &str) -> Option<(&str, &str)> {
    let (low, high) = text.split_once("..")?;
    let (low, high) = (low.trim(), high.trim());
    (value::parse_money(low).is_ok() && value::parse_money(high).is_ok()).then_some((low, high))
}

/// Whether `text` is a range of money, `"80B..100B"`.
pub fn is_range(text: &str) -> bool {
    split_range(text).is_some()
}

/// The error for a range read outside `report --ranges` (or where no range is allowed).
pub fn range_outside(span: Span, key: &str, text: &str) -> Diagnostic {
    Diagnostic::error(Code::Range, format!("`{key}` is a range, \"{text}\""))
        .at(span, "a range, not one amount")
        .help(format!(
            "a scenario with ranges is reported by `captable report --ranges FILE`, which gives every figure's minimum and maximum (`captable memo` and `check` read it too); ranges are allowed only in {WHERE}; elsewhere write one amount"
        ))
}

/// The error for `basis = "unknown"` read outside `report --ranges`.
pub fn unknown_outside(span: Span) -> Diagnostic {
    Diagnostic::error(Code::Range, "`basis` is \"unknown\": the valuation is read both ways")
        .at(span, "pre-money or post-money, not known")
        .help("`captable report --ranges FILE` reports every figure under both readings; elsewhere write basis = \"pre-money\" or \"post-money\"")
}

/// One step of a path into the tree.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// One range or unknown reading: two ends, each a label and the value written in its place.
#[derive(Clone, Debug)]
struct Dimension {
    path: Vec<Step>,
    labels: [String; 2],
    values: [String; 2],
    /// What the dimension is, for [`End`].
    what: What,
}

/// What a dimension ranges over.
#[derive(Clone, Debug)]
pub enum What {
    /// A round's `pre_money`, `post_money` or `valuation`.
    Valuation { round: usize, key: &'static str },
    /// The reading of a round's `valuation` of unknown basis.
    Basis { round: usize },
    /// An investment's amount, or one of its tranches'.
    Amount {
        round: usize,
        investor: String,
        tranche: Option<String>,
    },
}

/// One end of one range or unknown reading in a corner, as a fact that words can be made of
/// (the memo's "if $830B is the post-money valuation and nothing comes from …").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// A round's `pre_money`, `post_money` or `valuation` (the key) is `amount`.
    Valuation {
        round: usize,
        key: &'static str,
        amount: Decimal,
    },
    /// A round's valuation of unknown basis, `amount` in this corner, read as the pre-money
    /// (`pre_money`) or as the post-money.
    Basis {
        round: usize,
        pre_money: bool,
        amount: Decimal,
    },
    /// An investment's amount (or its tranche's, named) is `amount`.
    Amount {
        round: usize,
        investor: String,
        tranche: Option<String>,
        amount: Decimal,
    },
}

/// One corner scenario: the tree with every range and unknown reading replaced by one end, and
/// the reading in words, one phrase per dimension ("Amazon amount = 100B", "2026 round
/// valuation read as pre-money"), and as facts, one [`End`] per dimension in the same order.
///
/// Corner `c` (its index in [`expand`]'s result) takes the high end of dimension `d` exactly
/// when bit `d` of `c` is set, so `c ^ (1 << d)` is the corner that differs from it only in
/// dimension `d`.
#[derive(Clone, Debug)]
pub struct Corner {
    pub root: Node,
    pub reading: Vec<String>,
    pub ends: Vec<Reading>,
}

/// Which end of one dimension a corner takes; [`Reading::end`] makes it an [`End`] from the
/// corner's validated model.
#[derive(Clone, Debug)]
pub struct Reading {
    what: What,
    /// 0: the low end (or the pre-money reading), 1: the high end (or the post-money reading).
    end: usize,
}

fn string_of(node: Option<&Node>) -> Option<&str> {
    match node.map(|n| &n.value) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    }
}

/// The corner scenarios of `root`; without any range or unknown reading, `root` itself with an
/// empty reading. Errors: a range where none is allowed, a range written high..low, more than
/// [`MAX_DIMENSIONS`] dimensions.
pub fn expand(root: &Node) -> Result<Vec<Corner>, Vec<Diagnostic>> {
    let mut dimensions = Vec::new();
    let mut problems = Vec::new();
    let mut allowed: HashSet<(usize, usize)> = HashSet::new();
    let mut range_at = |node: &Node,
                        path: Vec<Step>,
                        (what, kind): (String, What),
                        dimensions: &mut Vec<Dimension>,
                        problems: &mut Vec<Diagnostic>| {
        let Value::String(text) = &node.value else {
            return;
        };
        let Some((low, high)) = split_range(text) else {
            return;
        };
        allowed.insert((node.span.start, node.span.end));
        let (Ok(low_value), Ok(high_value)) = (value::parse_money(low), value::parse_money(high))
        else {
            return;
        };
        if low_value > high_value {
            problems.push(
                Diagnostic::error(
                    Code::Range,
                    format!("the range \"{text}\" is written high..low"),
                )
                .at(node.span, "the lower end comes first")
                .help(format!("write \"{high}..{low}\"")),
            );
            return;
        }
        if low_value == high_value {
            // One amount written twice: no dimension, the amount itself.
            dimensions.push(Dimension {
                path,
                labels: [String::new(), String::new()],
                values: [low.to_string(), low.to_string()],
                what: kind,
            });
            return;
        }
        dimensions.push(Dimension {
            path,
            labels: [format!("{what} = {low}"), format!("{what} = {high}")],
            values: [low.to_string(), high.to_string()],
            what: kind,
        });
    };
    if let Some(Value::Array(rounds)) = root.get("round").map(|n| &n.value) {
        for (r, round) in rounds.iter().enumerate() {
            let name = string_of(round.get("name"))
                .map_or_else(|| format!("round {}", r + 1), str::to_string);
            let at = |steps: &[Step]| {
                let mut path = vec![Step::Key("round".into()), Step::Index(r)];
                path.extend_from_slice(steps);
                path
            };
            // The round's keys that take a range (pre_money, post_money, valuation).
            let ranged = keys::ROUND
                .keys
                .iter()
                .filter(|k| matches!(k.kind, keys::Kind::MoneyOrRange));
            for key in ranged.map(|k| k.name) {
                if let Some(node) = round.get(key) {
                    let shown = key.replace('_', "-");
                    range_at(
                        node,
                        at(&[Step::Key(key.into())]),
                        (format!("{name} {shown}"), What::Valuation { round: r, key }),
                        &mut dimensions,
                        &mut problems,
                    );
                }
            }
            if let Some(node) = round.get("basis")
                && matches!(&node.value, Value::String(t) if t == "unknown")
                && round.get("valuation").is_some()
            {
                dimensions.push(Dimension {
                    path: at(&[Step::Key("basis".into())]),
                    labels: [
                        format!("{name} valuation read as pre-money"),
                        format!("{name} valuation read as post-money"),
                    ],
                    values: ["pre-money".into(), "post-money".into()],
                    what: What::Basis { round: r },
                });
            }
            let Some(Value::Array(investments)) = round.get("investment").map(|n| &n.value) else {
                continue;
            };
            for (i, investment) in investments.iter().enumerate() {
                let investor = string_of(investment.get("investor"))
                    .map_or_else(|| format!("investment {}", i + 1), str::to_string);
                let base = [Step::Key("investment".into()), Step::Index(i)];
                if let Some(node) = investment.get("amount") {
                    let mut steps = base.to_vec();
                    steps.push(Step::Key("amount".into()));
                    range_at(
                        node,
                        at(&steps),
                        (
                            format!("{investor} amount"),
                            What::Amount {
                                round: r,
                                investor: investor.clone(),
                                tranche: None,
                            },
                        ),
                        &mut dimensions,
                        &mut problems,
                    );
                }
                let Some(Value::Array(tranches)) = investment.get("tranche").map(|n| &n.value)
                else {
                    continue;
                };
                for (t, tranche) in tranches.iter().enumerate() {
                    let tranche_name = string_of(tranche.get("name"))
                        .map_or_else(|| format!("tranche {}", t + 1), str::to_string);
                    if let Some(node) = tranche.get("amount") {
                        let mut steps = base.to_vec();
                        steps.extend([
                            Step::Key("tranche".into()),
                            Step::Index(t),
                            Step::Key("amount".into()),
                        ]);
                        range_at(
                            node,
                            at(&steps),
                            (
                                format!("{investor} {tranche_name} amount"),
                                What::Amount {
                                    round: r,
                                    investor: investor.clone(),
                                    tranche: Some(tranche_name.clone()),
                                },
                            ),
                            &mut dimensions,
                            &mut problems,
                        );
                    }
                }
            }
        }
    }
    // A range anywhere else: not allowed.
    stray_ranges(root, None, &allowed, &mut problems);
    let real: Vec<&Dimension> = dimensions
        .iter()
        .filter(|d| !d.labels[0].is_empty())
        .collect();
    if real.len() > MAX_DIMENSIONS {
        problems.push(
            Diagnostic::error(
                Code::Range,
                format!(
                    "the scenario has {} ranges and unknown readings; at most {MAX_DIMENSIONS} (2^{MAX_DIMENSIONS} = {} corner scenarios) are reported",
                    real.len(),
                    1usize << MAX_DIMENSIONS
                ),
            )
            .help("write the figures known best as one amount (or basis = \"pre-money\" / \"post-money\"), and keep the ranges that matter most"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let k = real.len();
    let mut corners = Vec::with_capacity(1 << k);
    for mask in 0..(1usize << k) {
        let mut tree = root.clone();
        let mut reading = Vec::with_capacity(k);
        let mut chosen = Vec::with_capacity(k);
        let mut bit = 0;
        for dimension in &dimensions {
            let end = if dimension.labels[0].is_empty() {
                0
            } else {
                let end = (mask >> bit) & 1;
                bit += 1;
                reading.push(dimension.labels[end].clone());
                chosen.push((dimension, end));
                end
            };
            if let Some(node) = node_at(&mut tree, &dimension.path) {
                node.value = Value::String(dimension.values[end].clone());
            }
        }
        let ends = chosen
            .into_iter()
            .map(|(dimension, end)| Reading {
                what: dimension.what.clone(),
                end,
            })
            .collect();
        corners.push(Corner {
            root: tree,
            reading,
            ends,
        });
    }
    Ok(corners)
}

impl Reading {
    /// The fact behind this reading in the corner's validated `scenario`: the amount is the
    /// model's (whatever form the file wrote it in: `"830B"`, `830_000_000_000`, …), never
    /// parsed again from the text. `None` if the model has no such round or investment, which
    /// a corner that validated always has.
    pub fn end(&self, scenario: &Scenario) -> Option<End> {
        let terms = |round: usize| {
            scenario.rounds.get(round).map(|r| match r.terms {
                Terms::PreMoney(v) | Terms::PostMoney(v) | Terms::PricePerShare(v) => v,
            })
        };
        Some(match &self.what {
            What::Valuation { round, key } => End::Valuation {
                round: *round,
                key,
                amount: terms(*round)?,
            },
            What::Basis { round } => End::Basis {
                round: *round,
                pre_money: self.end == 0,
                amount: terms(*round)?,
            },
            What::Amount {
                round,
                investor,
                tranche,
            } => {
                let investment = scenario.rounds.get(*round)?.investments.iter().find(|i| {
                    scenario
                        .parties
                        .get(i.party.index())
                        .is_some_and(|p| p.name == *investor)
                })?;
                let amount = match tranche {
                    Some(name) => investment.tranches.iter().find(|t| t.name == *name)?.amount,
                    None => investment.amount,
                };
                End::Amount {
                    round: *round,
                    investor: investor.clone(),
                    tranche: tranche.clone(),
                    amount,
                }
            }
        })
    }
}

/// Errors for ranges outside the allowed places (`allowed` holds their spans).
fn stray_ranges(
    node: &Node,
    key: Option<&str>,
    allowed: &HashSet<(usize, usize)>,
    problems: &mut Vec<Diagnostic>,
) {
    match &node.value {
        Value::String(text)
            if is_range(text) && !allowed.contains(&(node.span.start, node.span.end)) =>
        {
            let key = key.unwrap_or("value");
            problems.push(
                Diagnostic::error(
                    Code::Range,
                    format!("`{key}` is a range, \"{text}\", where none is allowed"),
                )
                .at(node.span, "a range is not allowed here")
                .help(format!(
                    "ranges are allowed only in {WHERE}; write one amount here"
                )),
            );
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| stray_ranges(item, key, allowed, problems)),
        Value::Table(entries) => entries
            .iter()
            .for_each(|(k, v)| stray_ranges(v, Some(&k.name), allowed, problems)),
        _ => {}
    }
}

fn node_at<'a>(node: &'a mut Node, path: &[Step]) -> Option<&'a mut Node> {
    let Some((first, rest)) = path.split_first() else {
        return Some(node);
    };
    let next = match (first, &mut node.value) {
        (Step::Key(key), Value::Table(entries)) => entries
            .iter_mut()
            .find(|(k, _)| &k.name == key)
            .map(|(_, v)| v)?,
        (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
        _ => return None,
    };
    node_at(next, rest)
}

/// Why the corners of a file with ranges would not give proven bounds, as an error pointing at
/// what breaks them, if anything does (`report/ranges.rs` proves the bounds for rounds of fixed
/// investments priced by their money, with holders as stakes; everything else is refused).
///
/// `root` is the file's tree before its ranges are expanded (the ranges' and the features'
/// places), `scenario` and `locations` one corner as the validator read it (every corner has
/// the same features: only the values at the ranges differ).
pub fn unbounded(root: &Node, scenario: &Scenario, locations: &Locations) -> Option<Diagnostic> {
    let (what, span, label, fix) = unbounded_feature(root, scenario, locations)?;
    let mut diagnostic = Diagnostic::error(
        Code::Range,
        format!("the ranges cannot be reported exactly: {what}"),
    );
    if let Some(span) = span {
        diagnostic = diagnostic.at(span, label);
    }
    if let Some(range) = first_range(root) {
        diagnostic = diagnostic.also(range, "a range (or unknown reading) reported by its ends");
    }
    Some(diagnostic.help(format!(
        "a figure's minimum and maximum are at the ends of the ranges only when it is monotone in each (rounds of fixed investments priced by their money, holders as stakes); {fix}, or write each range as one amount (and basis = \"pre-money\" or \"post-money\") and run the report once per reading"
    )))
}

/// What `unbounded` objects to: the words, where, the label there and the fix.
type Feature = (String, Option<Span>, &'static str, String);

fn unbounded_feature(root: &Node, scenario: &Scenario, locations: &Locations) -> Option<Feature> {
    let key_at = |node: &Node, key: &str| {
        node.as_table()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.span)
    };
    if scenario.basis == Basis::Shares {
        let span = items(root.get("holder"))
            .iter()
            .find_map(|h| key_at(h, "shares").or_else(|| key_at(h, "coverage")));
        return Some((
            "the holders are given as share counts".into(),
            span,
            "whole-share rounding makes each figure a step function of the ranges",
            "give every holder a stake (stake = \"27%\") instead".into(),
        ));
    }
    // With stakes, the validator refuses SAFEs, notes, anti-dilution, pools, grants and pro-rata
    // already (E0013, they need share counts); they are judged here too so that the bounds stay
    // proven if one of them is ever read with stakes.
    if !scenario.instruments.is_empty() {
        let first = |key: &str| items(root.get(key)).first().map(|n| n.span);
        let span = match (first("safe"), first("note")) {
            (Some(safe), Some(note)) => Some(if safe.start <= note.start { safe } else { note }),
            (safe, note) => safe.or(note),
        };
        return Some((
            "the file has a SAFE or a convertible note".into(),
            span,
            "converts at the lower of its cap and discount prices, not monotone in the ranges",
            "leave the SAFEs and notes out (or add the shares they convert into as holders)".into(),
        ));
    }
    if let Some((i, class)) = scenario
        .classes
        .iter()
        .enumerate()
        .find(|(_, c)| c.anti_dilution != AntiDilution::None)
    {
        let span = root
            .get("class")
            .and_then(|classes| classes.get(&class.name))
            .and_then(|c| key_at(c, "anti_dilution"))
            .or_else(|| locations.classes.get(i).copied());
        return Some((
            format!("class {} has anti-dilution", class.name),
            span,
            "its adjustment depends on the round's price, not monotone in the ranges",
            format!("remove `anti_dilution` from class {}", class.name),
        ));
    }
    let tree_rounds = items(root.get("round"));
    for (r, round) in scenario.rounds.iter().enumerate() {
        let header = locations.rounds.get(r).copied();
        let node = tree_rounds
            .iter()
            .find(|n| Some(n.span) == header)
            .or_else(|| tree_rounds.get(r));
        let key = |name: &str| node.and_then(|n| key_at(n, name));
        let first_item =
            |name: &str| node.and_then(|n| items(n.get(name)).first().map(|item| item.span));
        let name = &round.name;
        let found: Option<Feature> = if round.pool.is_some() {
            Some((
                format!("{name} tops up the pool"),
                key("pool_target").or_else(|| key("pool_increase")),
                "a top-up to a target is not monotone in the ranges",
                format!(
                    "give the pool as a holder (pool = true) with its stake after {name} instead of topping it up"
                ),
            ))
        } else if !round.conversions.is_empty() {
            Some((
                format!("SAFEs or notes convert in {name}"),
                header,
                "conversions at the lower of two prices are not monotone in the ranges",
                "leave the SAFEs and notes out".into(),
            ))
        } else if !round.secondaries.is_empty() {
            let span = locations
                .secondaries
                .get(r)
                .and_then(|s| s.first())
                .map(|s| s.table)
                .or_else(|| first_item("secondary"));
            Some((
                format!("{name} has a secondary sale"),
                span,
                "a sale at a price or valuation is not monotone in the ranges",
                format!("leave the secondaries of {name} out"),
            ))
        } else if !round.grants.is_empty() {
            Some((
                format!("{name} grants options"),
                first_item("grant"),
                "grants are whole shares, a step function of the ranges",
                format!("leave the grants of {name} out"),
            ))
        } else if round.investments.iter().any(|i| i.sizing != Sizing::Fixed) {
            let pro_rata = |inv: &Node| {
                matches!(
                    inv.get("pro_rata").map(|n| &n.value),
                    Some(Value::Boolean(true))
                )
                .then(|| key_at(inv, "pro_rata"))
                .flatten()
            };
            let span = node
                .and_then(|n| items(n.get("investment")).iter().find_map(pro_rata))
                .or(header);
            Some((
                format!("{name} has pro-rata money"),
                span,
                "money sized to keep a stake is not monotone in the ranges",
                "give the pro-rata investor a fixed amount (or a range of amounts)".into(),
            ))
        } else {
            None
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The items of an array of tables (none if `node` is not one).
fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// The first range of money (with two different ends) or unknown reading in `root`.
fn first_range(node: &Node) -> Option<Span> {
    match &node.value {
        Value::String(text) => {
            let (low, high) = split_range(text)?;
            let different = value::parse_money(low).ok()? != value::parse_money(high).ok()?;
            different.then_some(node.span)
        }
        Value::Array(items) => items.iter().find_map(first_range),
        Value::Table(entries) => entries.iter().find_map(|(k, v)| {
            if k.name == "basis" && matches!(&v.value, Value::String(t) if t == "unknown") {
                Some(v.span)
            } else {
                first_range(v)
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
#[path = "ranges_tests.rs"]
mod tests;
