//! The memo of a file with reported ranges and unknown readings (`"0..20B"`,
//! `basis = "unknown"`): the ranges in words, the reading behind each end, the conclusions that
//! hold in every reading, and the ranges table.
//!
//! Every sentence states one fact computed from the corner scenarios' reports (the same
//! corners `report --ranges` reads; see `report/ranges.rs` for why a figure's minimum and
//! maximum over the corners are its bounds over the whole box). The figures are the reports'
//! exact decimals, compared exactly; words round them only when they are written.
//!
//! The reading behind an end names only what that end depends on. From the corner `c` that
//! gives it, the dimensions whose every combination of flips leaves the figure unchanged are
//! said with "whatever …" (or "on either reading"): a figure monotone in each coordinate (as
//! each figure here is) that is equal at every corner of a sub-box is constant on it, so the
//! words hold over the whole range of those terms, not only at their ends.

use rust_decimal::Decimal;

use super::memo::Memo;
use crate::format::MoneyDigits;
use crate::report::cell::Cell;
use crate::report::ranges::{RangeRow, Together, free_dimensions};
use crate::report::sections::{Numbers, Section};
use crate::report::{Report, RoundReport};
use crate::scenario::Scenario;
use crate::scenario::ranges::End;

/// Thresholds a stake is compared with: 5%, 10%, 20%, 25% and 50%.
const THRESHOLDS: [(i64, &str); 5] = [
    (5, "5%"),
    (10, "10%"),
    (20, "20%"),
    (25, "25%"),
    (50, "50%"),
];

fn threshold(percent: i64) -> Decimal {
    Decimal::new(percent, 2)
}

/// The corner scenarios of one file, as the memo reads them: each corner's report and its
/// reading as facts (one [`End`] per dimension, corner `c` at the high end of dimension `d`
/// exactly when bit `d` of `c` is set).
pub struct Corners<'a> {
    pub reports: &'a [Report],
    pub ends: &'a [Vec<End>],
    /// What the new investors of each round own together ([`crate::report::ranges::together`]).
    pub together: &'a [Together],
}

impl Corners<'_> {
    fn dimensions(&self) -> usize {
        self.ends.first().map_or(0, Vec::len)
    }

    fn end(&self, corner: usize, dimension: usize) -> Option<&End> {
        self.ends.get(corner).and_then(|e| e.get(dimension))
    }

    fn many_rounds(&self) -> bool {
        self.reports.first().is_some_and(|r| r.rounds.len() > 1)
    }

    fn round_name(&self, round: usize) -> String {
        self.reports
            .first()
            .and_then(|r| r.rounds.get(round))
            .map_or_else(|| format!("round {}", round + 1), |r| r.name.clone())
    }
}

/// The lowest and highest of `values` and the first corner giving each.
fn extremes(values: &[Decimal]) -> Option<((usize, Decimal), (usize, Decimal))> {
    let first = *values.first()?;
    let (mut low, mut high) = ((0, first), (0, first));
    for (c, &v) in values.iter().enumerate() {
        if v < low.1 {
            low = (c, v);
        }
        if v > high.1 {
            high = (c, v);
        }
    }
    Some((low, high))
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Money in words: "nothing" for zero.
fn money_words(amount: Decimal, numbers: &Numbers) -> String {
    if amount.is_zero() {
        "nothing".into()
    } else {
        numbers.money(amount).text
    }
}

/// One end as a clause: "$830B is the post-money valuation", "nothing comes from Others".
fn clause(end: &End, corners: &Corners, numbers: &Numbers) -> String {
    let of_round = |round: usize| {
        if corners.many_rounds() {
            format!(" of {}", corners.round_name(round))
        } else {
            String::new()
        }
    };
    match end {
        End::Basis {
            round,
            pre_money,
            amount,
        } => format!(
            "{} is the {} valuation{}",
            numbers.money(*amount),
            if *pre_money {
                "pre-money"
            } else {
                "post-money"
            },
            of_round(*round)
        ),
        End::Valuation { round, key, amount } => format!(
            "the {}{} is {}",
            valuation_name(key),
            of_round(*round),
            numbers.money(*amount)
        ),
        End::Amount {
            round,
            investor,
            tranche,
            amount,
        } => {
            let from = match tranche {
                Some(t) => format!("{investor}'s tranche \u{201c}{t}\u{201d}"),
                None => investor.clone(),
            };
            let into = if corners.many_rounds() {
                format!(" in {}", corners.round_name(*round))
            } else {
                String::new()
            };
            format!("{} comes from {from}{into}", money_words(*amount, numbers))
        }
    }
}

fn valuation_name(key: &str) -> &'static str {
    match key {
        "pre_money" => "pre-money valuation",
        "post_money" => "post-money valuation",
        _ => "valuation",
    }
}

/// A dimension the end does not depend on, in words: "whatever comes from Others", "on either
/// reading of the $830B".
fn free_clause(end: &End, corners: &Corners, numbers: &Numbers) -> String {
    match end {
        End::Basis { amount, .. } => {
            format!("on either reading of the {}", numbers.money(*amount))
        }
        End::Valuation { round, key, .. } => {
            let of = if corners.many_rounds() {
                format!(" of {}", corners.round_name(*round))
            } else {
                String::new()
            };
            format!("whatever the {}{of} in its range", valuation_name(key))
        }
        End::Amount {
            investor, tranche, ..
        } => match tranche {
            Some(t) => format!("whatever {investor}'s tranche \u{201c}{t}\u{201d} is"),
            None => format!("whatever comes from {investor}"),
        },
    }
}

/// The reading behind one end of a figure, in words: "if $830B is the pre-money valuation and
/// $20B comes from Others", then what it does not depend on.
fn reading_words(
    values: &[Decimal],
    corner: usize,
    corners: &Corners,
    numbers: &Numbers,
) -> String {
    let dimensions = corners.dimensions();
    let free = free_dimensions(values, corner, dimensions);
    let mut fixed = Vec::new();
    let mut loose = Vec::new();
    for d in 0..dimensions {
        let Some(end) = corners.end(corner, d) else {
            continue;
        };
        if free.contains(&d) {
            loose.push(free_clause(end, corners, numbers));
        } else {
            fixed.push(clause(end, corners, numbers));
        }
    }
    let mut words = if fixed.is_empty() {
        String::new()
    } else {
        format!("if {}", list(&fixed))
    };
    for clause in loose {
        if !words.is_empty() {
            words.push_str(", ");
        }
        words.push_str(&clause);
    }
    words
}

/// "SUBJECT is between A and B: A if …; B if …." (or "… is A in every reading.").
fn range_sentence(
    subject: &str,
    (verb, between): (&str, &str),
    values: &[Decimal],
    text: &dyn Fn(Decimal) -> String,
    corners: &Corners,
    numbers: &Numbers,
) -> Option<String> {
    let ((low_corner, low), (high_corner, high)) = extremes(values)?;
    if low == high {
        return Some(format!("{subject} {verb} {} in every reading.", text(low)));
    }
    Some(format!(
        "{subject} {between} between {} and {}: {} {}; {} {}.",
        text(low),
        text(high),
        text(low),
        reading_words(values, low_corner, corners, numbers),
        text(high),
        reading_words(values, high_corner, corners, numbers),
    ))
}

/// One round's figures in every corner.
struct RoundFacts<'a> {
    index: usize,
    rounds: Vec<&'a RoundReport>,
    /// Holder names in the order of the first corner's rows (then any others met).
    names: Vec<String>,
}

impl<'a> RoundFacts<'a> {
    fn new(corners: &'a Corners, round: usize) -> Option<RoundFacts<'a>> {
        let rounds: Vec<&RoundReport> = corners
            .reports
            .iter()
            .map(|r| r.rounds.get(round))
            .collect::<Option<_>>()?;
        let mut names: Vec<String> = Vec::new();
        for r in &rounds {
            for h in &r.holders {
                if !h.pool && !names.contains(&h.name) {
                    names.push(h.name.clone());
                }
            }
        }
        Some(RoundFacts {
            index: round,
            rounds,
            names,
        })
    }

    /// A holder's figure in every corner (zero where it has no row).
    fn each(
        &self,
        name: &str,
        figure: impl Fn(&crate::report::HolderRow) -> Decimal,
    ) -> Vec<Decimal> {
        self.rounds
            .iter()
            .map(|r| {
                r.holders
                    .iter()
                    .find(|h| h.name == name)
                    .map_or(Decimal::ZERO, &figure)
            })
            .collect()
    }

    fn ownership(&self, name: &str) -> Vec<Decimal> {
        self.each(name, |h| h.ownership)
    }

    /// Whether the holder puts money in this round in some corner.
    fn invests(&self, name: &str) -> bool {
        self.each(name, |h| h.invested).iter().any(|m| !m.is_zero())
    }
}

/// The memo's summary for a file with ranges: what the terms leave open, the money, each
/// holder's stake, and what holds in every reading.
pub fn paragraphs(corners: &Corners, numbers: &Numbers) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(text) = open_terms(corners, numbers) {
        paragraphs.push(text);
    }
    let Some(first) = corners.reports.first() else {
        return paragraphs;
    };
    for (index, round) in first.rounds.iter().enumerate() {
        let Some(facts) = RoundFacts::new(corners, index) else {
            continue;
        };
        let prefix = if corners.many_rounds() {
            format!("{}: ", round.name)
        } else {
            String::new()
        };
        let money = money_sentences(&facts, corners, numbers);
        if !money.is_empty() {
            paragraphs.push(format!("{prefix}{}", money.join(" ")));
        }
        let stakes = stake_sentences(&facts, corners, numbers);
        if !stakes.is_empty() {
            paragraphs.push(format!("{prefix}{}", stakes.join(" ")));
        }
        let every = every_reading_sentences(&facts, corners, numbers);
        if !every.is_empty() {
            paragraphs.push(format!("{prefix}{}", every.join(" ")));
        }
    }
    paragraphs
}

/// "The reported terms leave 2 things open: whether $830B is … and how much comes from …".
fn open_terms(corners: &Corners, numbers: &Numbers) -> Option<String> {
    let dimensions = corners.dimensions();
    if dimensions == 0 {
        return None;
    }
    let mut items = Vec::new();
    for d in 0..dimensions {
        let (Some(low), Some(high)) = (corners.end(0, d), corners.end(1 << d, d)) else {
            continue;
        };
        let of_round = |round: &usize| {
            if corners.many_rounds() {
                format!(" of {}", corners.round_name(*round))
            } else {
                String::new()
            }
        };
        items.push(match (low, high) {
            (End::Basis { round, amount, .. }, _) => format!(
                "whether {} is the pre-money or the post-money valuation{}",
                numbers.money(*amount),
                of_round(round)
            ),
            (
                End::Valuation {
                    round, key, amount, ..
                },
                End::Valuation { amount: top, .. },
            ) => format!(
                "the {}{}, between {} and {}",
                valuation_name(key),
                of_round(round),
                numbers.money(*amount),
                numbers.money(*top)
            ),
            (
                End::Amount {
                    investor,
                    tranche,
                    amount,
                    ..
                },
                End::Amount { amount: top, .. },
            ) => {
                let from = match tranche {
                    Some(t) => format!("{investor}'s tranche \u{201c}{t}\u{201d}"),
                    None => investor.clone(),
                };
                format!(
                    "how much comes from {from}, between {} and {}",
                    money_words(*amount, numbers),
                    numbers.money(*top)
                )
            }
            _ => continue,
        });
    }
    let count = corners.reports.len();
    Some(format!(
        "The reported terms leave {} {} open: {}. Each figure below is given as its exact minimum and maximum over the {count} readings these allow (every combination of their ends), with the reading behind each; every figure moves in one direction along each open term, so these are its bounds over the whole range, not only at the ends.",
        items.len(),
        if items.len() == 1 { "thing" } else { "things" },
        list(&items)
    ))
}

/// The new money and the post-money valuation.
fn money_sentences(facts: &RoundFacts, corners: &Corners, numbers: &Numbers) -> Vec<String> {
    let money = |v: Decimal| numbers.money(v).text;
    let new: Vec<Decimal> = facts.rounds.iter().map(|r| r.new_money).collect();
    let post: Vec<Decimal> = facts.rounds.iter().map(|r| r.post_money).collect();
    [
        range_sentence(
            "The round",
            ("raises", "raises"),
            &new,
            &money,
            corners,
            numbers,
        ),
        range_sentence(
            "The post-money valuation",
            ("is", "is"),
            &post,
            &money,
            corners,
            numbers,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Each holder's stake after the round: "Amazon would own between 5.38% and 6.02%: …".
fn stake_sentences(facts: &RoundFacts, corners: &Corners, numbers: &Numbers) -> Vec<String> {
    let percent = |v: Decimal| numbers.fraction(v).text;
    facts
        .names
        .iter()
        .filter_map(|name| {
            // A modal verb: a party's name may be plural ("Employees and other investors").
            let verb = if facts.invests(name) {
                ("would own", "would own")
            } else {
                ("would keep", "would keep")
            };
            // What a holder from before held, when every reading agrees on it.
            let before = facts.each(name, |h| h.ownership_before);
            let subject = match extremes(&before) {
                Some(((_, low), (_, high))) if low == high && !low.is_zero() => {
                    format!("{name}, with {} before the round,", percent(low))
                }
                _ => name.clone(),
            };
            range_sentence(
                &subject,
                verb,
                &facts.ownership(name),
                &percent,
                corners,
                numbers,
            )
        })
        .collect()
}

/// The conclusions that hold in every reading: the largest holder, the holders' order, what
/// the new investors own together, and where each stake stands against the thresholds.
fn every_reading_sentences(
    facts: &RoundFacts,
    corners: &Corners,
    numbers: &Numbers,
) -> Vec<String> {
    let percent = |v: Decimal| numbers.fraction(v).text;
    let owned: Vec<(String, Vec<Decimal>)> = facts
        .names
        .iter()
        .map(|n| (n.clone(), facts.ownership(n)))
        .collect();
    let count = facts.rounds.len();
    let mut sentences = Vec::new();

    // The largest holder: strictly ahead of every other in each corner.
    let largest: Vec<Option<&str>> = (0..count)
        .map(|c| {
            let mut best: Option<(&str, Decimal)> = None;
            let mut tied = false;
            for (name, values) in &owned {
                let v = values.get(c).copied().unwrap_or_default();
                match best {
                    Some((_, b)) if v == b => tied = true,
                    Some((_, b)) if v < b => {}
                    _ => {
                        best = Some((name, v));
                        tied = false;
                    }
                }
            }
            if tied { None } else { best.map(|(n, _)| n) }
        })
        .collect();
    if let Some(Some(first)) = largest.first()
        && largest.iter().all(|l| *l == Some(*first))
        && owned.len() > 1
    {
        sentences.push(format!("In every reading the largest holder is {first}."));
    } else if owned.len() > 1 {
        let mut names: Vec<&str> = largest.iter().flatten().copied().collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        let names: Vec<String> = names.into_iter().map(String::from).collect();
        sentences.push(format!(
            "Which holder is the largest depends on the reading ({}).",
            if names.is_empty() {
                "with ties".to_string()
            } else {
                list(&names)
            }
        ));
    }

    // The order of the holders: each pair compares the same way in every corner.
    let mut swapped = Vec::new();
    for (i, (a, va)) in owned.iter().enumerate() {
        for (b, vb) in owned.iter().skip(i + 1) {
            let order: Vec<std::cmp::Ordering> =
                va.iter().zip(vb.iter()).map(|(x, y)| x.cmp(y)).collect();
            if order.windows(2).any(|w| w[0] != w[1]) {
                swapped.push(format!("{a} and {b}"));
            }
        }
    }
    if owned.len() > 2 {
        if swapped.is_empty() {
            let mut ranked: Vec<(usize, &String, Decimal)> = owned
                .iter()
                .enumerate()
                .map(|(i, (n, v))| (i, n, v.first().copied().unwrap_or_default()))
                .collect();
            ranked.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)));
            let mut text = String::new();
            for (k, (_, name, value)) in ranked.iter().enumerate() {
                if k > 0 {
                    let level = ranked.get(k - 1).is_some_and(|p| p.2 == *value);
                    text.push_str(if level { " level with " } else { ", then " });
                }
                text.push_str(name);
            }
            sentences.push(format!(
                "In every reading the holders rank in the same order, largest first: {text}."
            ));
        } else {
            sentences.push(format!(
                "The holders' order depends on the reading; these change places: {}.",
                swapped.join("; ")
            ));
        }
    }

    // The new investors together: their money ÷ the post-money (they held nothing before).
    if let Some(together) = corners.together.iter().find(|t| t.round == facts.index)
        && let Some(text) = range_sentence(
            &format!("Together the new investors ({})", list(&together.names)),
            ("own", "own"),
            &together.stakes,
            &percent,
            corners,
            numbers,
        )
    {
        sentences.push(text);
    }

    // Thresholds: where each stake stands in every reading, and which it crosses.
    let mut bands = Vec::new();
    let mut crossings = Vec::new();
    for (name, values) in &owned {
        let Some(((_, low), (_, high))) = extremes(values) else {
            continue;
        };
        let at_least = THRESHOLDS
            .iter()
            .rev()
            .find(|(t, _)| low >= threshold(*t))
            .map(|(_, w)| *w);
        let under = THRESHOLDS
            .iter()
            .find(|(t, _)| high < threshold(*t))
            .map(|(_, w)| *w);
        let band = match (at_least, under) {
            (Some(a), Some(u)) => format!("{name} at least {a} and under {u}"),
            (Some(a), None) => format!("{name} at least {a}"),
            (None, Some(u)) => format!("{name} under {u}"),
            (None, None) => continue,
        };
        bands.push(band);
        let crossed: Vec<&str> = THRESHOLDS
            .iter()
            .filter(|(t, _)| low < threshold(*t) && high >= threshold(*t))
            .map(|(_, w)| *w)
            .collect();
        if let [rest @ .., last] = crossed.as_slice() {
            let words = if rest.is_empty() {
                (*last).to_string()
            } else {
                format!("{} or {last}", rest.join(", "))
            };
            crossings.push(format!(
                "Whether {name} reaches {words} depends on the reading (between {} and {}).",
                percent(low),
                percent(high)
            ));
        }
    }
    if !bands.is_empty() {
        sentences.push(format!(
            "In every reading each stake stays within the same thresholds: {}.",
            bands.join("; ")
        ));
    }
    sentences.extend(crossings);
    let half = Decimal::new(5, 1);
    if owned.len() > 1 {
        let majority: Vec<&String> = owned
            .iter()
            .filter(|(_, v)| v.iter().all(|x| *x > half))
            .map(|(n, _)| n)
            .collect();
        if let Some(name) = majority.first() {
            sentences.push(format!(
                "In every reading {name} holds more than half of the company."
            ));
        } else if owned.iter().all(|(_, v)| v.iter().all(|x| *x <= half)) {
            sentences
                .push("In no reading does any holder hold more than half of the company.".into());
        }
    }
    sentences
}

/// The table of the last round in each reading: the reading, new money, post-money and each
/// holder's ownership.
pub fn readings_section(corners: &Corners, numbers: &Numbers) -> Option<Section> {
    let first = corners.reports.first()?;
    let round = first.rounds.len().checked_sub(1)?;
    let facts = RoundFacts::new(corners, round)?;
    let mut columns: Vec<(String, bool)> = vec![
        ("Reading".into(), false),
        ("New money".into(), true),
        ("Post-money".into(), true),
    ];
    columns.extend(facts.names.iter().map(|n| (n.clone(), true)));
    let titles: Vec<(&str, bool)> = columns.iter().map(|(t, n)| (t.as_str(), *n)).collect();
    let title = if corners.many_rounds() {
        format!("Ownership after {} in each reading", facts.rounds[0].name)
    } else {
        "Ownership in each reading".to_string()
    };
    let mut section = Section::new(title, &titles);
    for (c, r) in facts.rounds.iter().enumerate() {
        let words: Vec<String> = (0..corners.dimensions())
            .filter_map(|d| corners.end(c, d).map(|e| clause(e, corners, numbers)))
            .collect();
        let mut row = vec![
            Cell::text(if words.is_empty() {
                "as written".to_string()
            } else {
                words.join("; ")
            }),
            numbers.money(r.new_money),
            numbers.money(r.post_money),
        ];
        for name in &facts.names {
            let value = r
                .holders
                .iter()
                .find(|h| &h.name == name)
                .map_or(Decimal::ZERO, |h| h.ownership);
            row.push(numbers.fraction(value));
        }
        section.rows.push(row);
    }
    Some(section)
}

impl Memo {
    /// The memo of a file with ranges: the summary in words over the corners, the ranges table
    /// (`report --ranges`'s) and the ownership in each reading. No charts: each chart draws one
    /// cap table. `scenario` and the title are the first corner's; `readings` are the corners'
    /// labels for the ranges table; `exits_left_out` adds a sentence saying the file's exits are
    /// not shown.
    pub fn from_ranges(
        scenario: &Scenario,
        corners: &Corners,
        (rows, readings): (&[RangeRow], &[Vec<String>]),
        numbers: &Numbers,
        (decimals, exits_left_out): (u32, bool),
    ) -> Option<Memo> {
        let first = corners.reports.first()?;
        let mut summary = paragraphs(corners, numbers);
        if exits_left_out {
            summary.push("The file's exits are not shown: what each holder receives depends on the reading. Write one reading (one amount, basis = \"pre-money\" or \"post-money\") to see the waterfall.".into());
        }
        let sections = numbers.per_table(|n| {
            let mut sections = vec![crate::report::ranges::section(rows, readings, n)];
            sections.extend(readings_section(corners, n));
            sections
        });
        let footnote = match numbers {
            Numbers::Human { money, .. } => {
                let fixed = match money {
                    MoneyDigits::Fixed(n) => Some(*n),
                    MoneyDigits::Fewest { .. } => None,
                };
                format!(
                    "{}, percentages to {decimals} decimals, rounded half away from zero; each bound is exact before it is written. Exact figures with --exact.",
                    super::sections::money_rule(fixed)
                )
            }
            Numbers::Exact => "Exact figures: money in whole currency units, ownership as fractions of 1, nothing rounded.".into(),
        };
        Some(Memo {
            summary,
            charts: Vec::new(),
            chart_note: None,
            sections,
            exit: None,
            footnote,
            ..Memo::build(scenario, first, numbers, decimals)
        })
    }
}

#[cfg(test)]
#[path = "memo_ranges_tests.rs"]
mod tests;
