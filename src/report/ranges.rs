//! `report --ranges`: every figure's exact minimum and maximum over the corner scenarios of a
//! file with ranges and unknown readings (see `scenario/ranges.rs`), and the corner behind each.
//!
//! # Why the corners give the true bounds
//!
//! A basis written `"unknown"` is a choice of two readings: both are corners, so nothing
//! between them is missed. A range of money is a continuous interval, and a figure's minimum
//! over a box of intervals is reached at a corner when the figure is monotone in each
//! coordinate separately (with the others held anywhere): from any point of the box, moving one
//! coordinate at a time to the end that does not lower the figure reaches a corner that is at
//! least as high, so the maximum over the corners is the maximum over the box (and the same for
//! the minimum). Only that is needed; the direction may change with the other coordinates.
//!
//! In a round priced by its money (pre-money `V`, or post-money `P` with `V = P − M`), with the
//! new money `M = Σ m_j` of fixed investments, stakes (value terms, no whole-share rounding),
//! and nothing else (no pool top-up, conversion, secondary, anti-dilution or pro-rata), a
//! holder's ownership after the round is
//!
//! ```text
//! o' = (o·V + m_h) / (V + M)        (pre-money reading; o its ownership before, m_h its money)
//! o' = (o·(P − M) + m_h) / P        (post-money reading)
//! ```
//!
//! In any one input with the others fixed, each is a linear-fractional function
//! `(a + b·x) / (c + d·x)` with a denominator that stays positive on the interval (V + M > 0,
//! P > M), whose derivative `(b·c − a·d) / (c + d·x)²` has one sign on the whole interval: it is
//! monotone. For instance, for an investor (pre-money reading, o = 0):
//! `∂/∂m_h [m_h / (V + M)] = (V + M − m_h) / (V + M)² > 0`; for another investor's money,
//! `∂/∂m_j = −m_h / (V + M)² < 0`; in the valuation, `∂/∂V = −m_h / (V + M)² < 0`; for a holder
//! not investing, `o·V / (V + M)` falls in each `m_j` and rises in `V`. So with several
//! investors in one round, each investor's `m_i / (V + Σ m)` is monotone in each coordinate and
//! the corners suffice. A later round maps `o` to `(o·V₂ + m)/(V₂ + M₂)`, affine in `o` with
//! coefficients free of the earlier inputs, so a figure stays linear-fractional in every input
//! of every round. The post-money `V + M` (or `P`), the new money `M` and a holder's value
//! `o'·(V + M)` are linear-fractional (or linear) the same way. Rounding each figure to 28
//! decimal digits is monotone too, so it keeps the bounds.
//!
//! A pool top-up to a target, a SAFE or note converting at the lower of a cap and a discount,
//! pro-rata money, secondaries, anti-dilution and whole-share rounding break this form (a
//! minimum of two prices, a step function), so a file with ranges and any of them is refused when
//! its corners are loaded ([`crate::scenario::ranges::unbounded`], E0033, pointing at the
//! feature): corners would not be proven bounds, and an exact search of a continuous box is not
//! done.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::cell::Cell;
use super::sections::{Column, Numbers, Section};
use crate::engine::captable::stake_bought;
use crate::engine::rounds::RoundError;

/// How the bounds were found, as the report states it.
pub const METHOD: &str = "corners: every figure is monotone in each range and reading separately (linear-fractional in each input), so its minimum and maximum over the whole box are at corners";

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Money,
    Fraction,
}

/// One figure's bounds and the corner behind each (the first corner in order on a tie), with
/// its value at every corner (to say which readings reach each end: [`when`]).
#[derive(Clone, Debug)]
pub struct RangeRow {
    pub round: String,
    /// `post-money`, `new money`, `HOLDER ownership`, `HOLDER value`.
    pub figure: String,
    pub kind: Kind,
    pub min: Decimal,
    pub max: Decimal,
    pub min_corner: usize,
    pub max_corner: usize,
    /// The figure at each corner, in corner order.
    pub values: Vec<Decimal>,
}

/// The figures of one corner's report, in order: (round, figure, kind, value).
fn figures(report: &Report) -> Vec<(String, String, Kind, Decimal)> {
    let mut out = Vec::new();
    for round in &report.rounds {
        let at = |figure: String, kind, value| (round.name.clone(), figure, kind, value);
        out.push(at("post-money".into(), Kind::Money, round.post_money));
        out.push(at("new money".into(), Kind::Money, round.new_money));
        for holder in &round.holders {
            out.push(at(
                format!("{} ownership", holder.name),
                Kind::Fraction,
                holder.ownership,
            ));
            out.push(at(
                format!("{} value", holder.name),
                Kind::Money,
                holder.value,
            ));
        }
    }
    out
}

/// Every figure's bounds over `corners` (the reports of the corner scenarios, all of the same
/// file, so with the same rounds and holders in the same order).
pub fn bounds(corners: &[Report]) -> Vec<RangeRow> {
    let mut rows: Vec<RangeRow> = Vec::new();
    for (c, report) in corners.iter().enumerate() {
        for (round, figure, kind, value) in figures(report) {
            match rows
                .iter_mut()
                .find(|r| r.round == round && r.figure == figure)
            {
                Some(row) => {
                    row.values.push(value);
                    if value < row.min {
                        row.min = value;
                        row.min_corner = c;
                    }
                    if value > row.max {
                        row.max = value;
                        row.max_corner = c;
                    }
                }
                None => rows.push(RangeRow {
                    round,
                    figure,
                    kind,
                    min: value,
                    max: value,
                    min_corner: c,
                    max_corner: c,
                    values: vec![value],
                }),
            }
        }
    }
    rows
}

/// What the investors new in a round own together after it, at every corner, for the memo's
/// "Together the new investors … own" sentence. A new investor holds nothing before the round
/// in every corner and puts money in it in some corner.
#[derive(Clone, Debug)]
pub struct Together {
    /// The round's index.
    pub round: usize,
    /// The new investors, in the order of the first corner's rows (then any others met).
    pub names: Vec<String>,
    /// Their money together ÷ the round's post-money (Σ m ÷ P, exact to 28 places), in corner
    /// order.
    pub stakes: Vec<Decimal>,
}

/// [`Together`] for every round with two new investors or more. An overflow (or a zero
/// post-money) is an error, with the index of the corner it happens in.
pub fn together(corners: &[Report]) -> Result<Vec<Together>, (usize, RoundError)> {
    let mut out = Vec::new();
    let rounds = corners.first().map_or(0, |r| r.rounds.len());
    for index in 0..rounds {
        let Some(rounds) = corners
            .iter()
            .map(|r| r.rounds.get(index))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let mut names: Vec<&String> = Vec::new();
        for h in rounds.iter().flat_map(|r| &r.holders) {
            if !h.pool && !names.contains(&&h.name) {
                names.push(&h.name);
            }
        }
        // A holder's figure in every corner (zero where it has no row).
        let each = |name: &str, figure: fn(&super::HolderRow) -> Decimal| -> Vec<Decimal> {
            rounds
                .iter()
                .map(|r| {
                    r.holders
                        .iter()
                        .find(|h| h.name == name)
                        .map_or(Decimal::ZERO, figure)
                })
                .collect()
        };
        names.retain(|n| {
            each(n, |h| h.invested).iter().any(|m| !m.is_zero())
                && each(n, |h| h.ownership_before).iter().all(Decimal::is_zero)
        });
        if names.len() < 2 {
            continue;
        }
        let stakes = rounds
            .iter()
            .enumerate()
            .map(|(c, r)| {
                let money = r.holders.iter().filter(|h| names.contains(&&h.name));
                stake_bought(money.map(|h| h.invested), r.post_money)
                    .map_err(|e| (c, RoundError::new(index, e)))
            })
            .collect::<Result<_, _>>()?;
        out.push(Together {
            round: index,
            names: names.into_iter().cloned().collect(),
            stakes,
        });
    }
    Ok(out)
}

/// The dimensions an end does not depend on: grown one at a time, a dimension joins when the
/// figure is the same at every corner reached from `corner` by flipping it together with any
/// subset of those already in.
pub fn free_dimensions(values: &[Decimal], corner: usize, dimensions: usize) -> Vec<usize> {
    let Some(&at) = values.get(corner) else {
        return Vec::new();
    };
    let mut free: Vec<usize> = Vec::new();
    for d in 0..dimensions {
        let mut trial = free.clone();
        trial.push(d);
        let all_equal = (0..1usize << trial.len()).all(|subset| {
            let flip = trial
                .iter()
                .enumerate()
                .filter(|(i, _)| subset >> i & 1 == 1)
                .fold(0usize, |mask, (_, &dim)| mask | 1 << dim);
            values.get(corner ^ flip).is_some_and(|v| *v == at)
        });
        if all_equal {
            free = trial;
        }
    }
    free
}

/// The corners where `values` is `target` (a figure's minimum or maximum), as the readings that
/// give it: one alternative, the labels every such corner shares, when those corners are
/// exactly the corners that agree with it on these labels (the memo's "whatever …": the
/// dimensions left out are those [`free_dimensions`] finds); else every such corner's reading,
/// each an alternative. `[[]]` (one alternative with no label) is "every reading".
pub fn when(values: &[Decimal], target: Decimal, readings: &[Vec<String>]) -> Vec<Vec<String>> {
    let at = corners_at(values, target);
    let Some(&first) = at.first() else {
        return Vec::new();
    };
    let reading = |c: usize| readings.get(c).cloned().unwrap_or_default();
    let dimensions = readings.first().map_or(0, Vec::len);
    let free = free_dimensions(values, first, dimensions);
    // The sub-box through `first` over the free dimensions holds only corners at `target`; when
    // it has as many corners as reach `target`, it is all of them.
    if 1usize.checked_shl(free.len() as u32) == Some(at.len()) {
        let common = reading(first)
            .into_iter()
            .enumerate()
            .filter(|(d, _)| !free.contains(d))
            .map(|(_, label)| label)
            .collect();
        vec![common]
    } else {
        at.into_iter().map(reading).collect()
    }
}

/// The corners (indices) where `values` is `target`.
pub fn corners_at(values: &[Decimal], target: Decimal) -> Vec<usize> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v == target)
        .map(|(c, _)| c)
        .collect()
}

/// [`when`] in words for the table: "every reading" (several corners) or "as written" (one),
/// else the labels, alternatives joined by "; or ".
pub fn when_text(alternatives: &[Vec<String>], corners: usize) -> String {
    match alternatives {
        [one] if one.is_empty() && corners > 1 => "every reading".into(),
        _ => alternatives
            .iter()
            .map(|labels| reading_text(labels))
            .collect::<Vec<_>>()
            .join("; or "),
    }
}

/// A corner's reading in words ("as written" when the file has no range).
pub fn reading_text(reading: &[String]) -> String {
    if reading.is_empty() {
        "as written".into()
    } else {
        reading.join(", ")
    }
}

/// The "Ranges" table: figure, min, max, and the reading behind each.
pub fn section(rows: &[RangeRow], readings: &[Vec<String>], numbers: &Numbers) -> Section {
    let columns = [
        ("Round", false),
        ("Figure", false),
        ("Min", true),
        ("Max", true),
        ("Min reading", false),
        ("Max reading", false),
    ]
    .into_iter()
    .map(|(title, numeric)| Column {
        title: title.into(),
        numeric,
    })
    .collect();
    let cell = |kind: Kind, value: Decimal| match kind {
        Kind::Money => numbers.money(value),
        Kind::Fraction => numbers.fraction(value),
    };
    let reading = |row: &RangeRow, target: Decimal| {
        Cell::text(when_text(
            &when(&row.values, target, readings),
            readings.len(),
        ))
    };
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                Cell::text(row.round.clone()),
                Cell::text(row.figure.clone()),
                cell(row.kind, row.min),
                cell(row.kind, row.max),
                reading(row, row.min),
                reading(row, row.max),
            ]
        })
        .collect();
    Section {
        title: "Ranges".into(),
        table: "Ranges".into(),
        round: None,
        columns,
        rows,
        note: Some(format!(
            "{} corner {}; bounds by {METHOD}.",
            readings.len(),
            if readings.len() == 1 {
                "scenario"
            } else {
                "scenarios"
            }
        )),
    }
}

#[derive(Serialize)]
struct JsonRange<'a> {
    round: &'a str,
    figure: &'a str,
    kind: Kind,
    #[serde(serialize_with = "super::json::decimal")]
    min: Decimal,
    #[serde(serialize_with = "super::json::decimal")]
    max: Decimal,
    min_reading: &'a [String],
    max_reading: &'a [String],
    /// The readings that give the minimum, as [`when`] says them (`[[]]`: every reading).
    min_when: Vec<Vec<String>>,
    max_when: Vec<Vec<String>>,
    /// Every corner (index into `corners`) at the minimum, and at the maximum.
    min_corners: Vec<usize>,
    max_corners: Vec<usize>,
}

#[derive(Serialize)]
struct JsonRanges<'a> {
    name: &'a str,
    currency: &'a str,
    method: &'a str,
    corners: &'a [Vec<String>],
    ranges: Vec<JsonRange<'a>>,
}

/// The JSON document of `report --ranges`: the corners' readings and, under `ranges`, every
/// figure's exact bounds (decimal strings, ownership as a fraction of 1) with its readings:
/// `min_reading`/`max_reading` the first corner's, `min_when`/`max_when` what every corner at
/// that end shares (see [`when`]), `min_corners`/`max_corners` all those corners.
pub fn json<'a>(
    report: &'a Report,
    rows: &'a [RangeRow],
    readings: &'a [Vec<String>],
) -> impl Serialize + 'a {
    let reading = |c: usize| readings.get(c).map_or(&[][..], Vec::as_slice);
    JsonRanges {
        name: &report.name,
        currency: &report.currency,
        method: METHOD,
        corners: readings,
        ranges: rows
            .iter()
            .map(|row| JsonRange {
                round: &row.round,
                figure: &row.figure,
                kind: row.kind,
                min: row.min,
                max: row.max,
                min_reading: reading(row.min_corner),
                max_reading: reading(row.max_corner),
                min_when: when(&row.values, row.min, readings),
                max_when: when(&row.values, row.max, readings),
                min_corners: corners_at(&row.values, row.min),
                max_corners: corners_at(&row.values, row.max),
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "ranges_tests.rs"]
mod tests;
