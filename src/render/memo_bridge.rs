//! The memo's dilution bridge: for each round with two causes or more, one sentence and one
//! waterfall chart ([`super::bridge_chart`]) saying why the headline holder's stake changed,
//! and the bridge table of `report --bridge` for every holder.
//!
//! The memo always shows it (no flag): a memo is read by people who ask "why did my stake
//! fall?", and the bridge is what answers it; a round with one cause needs no split (its one
//! cause is the whole change, which the summary already states). The work is bounded by the
//! engine's grouping (at most 2¹² runs of a round).
//!
//! The headline holder of a round is the largest holder before it (the unallocated pool
//! aside), taken together with every holder whose line of the bridge is the same (two
//! founders with equal shares: "Founder A and Founder B together"). Every figure of the
//! sentence and the chart is written from the exact Shapley parts, rounded once, half away
//! from zero; the `f64` of the chart only places its bars.

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_rational::BigRational;
use num_traits::{Signed as _, ToPrimitive as _, Zero as _};

use super::bridge_chart::{Step, Waterfall};
use super::memo::{ChartFile, Memo};
use super::{markdown, svg};
use crate::format;
use crate::report::Report;
use crate::report::bridge::{BridgeReport, Headline, headline};
use crate::report::sections::{self, Numbers, Section};
use crate::scenario::model::Scenario;

/// One round's bridge in the memo.
#[derive(Clone, Debug)]
pub struct RoundBridge {
    pub round: String,
    /// Why the headline holder's stake changed, in words; `None` when no holder before the
    /// round changed.
    pub sentence: Option<String>,
    pub chart: Option<ChartFile>,
    /// The bridge table (every holder), as `report --bridge` shows it.
    pub sections: Vec<Section>,
}

/// The memo's introduction to the bridges.
pub const INTRO: &str = "Why the stakes changed: each holder's change in fully diluted ownership in a round, split into its causes by the Shapley value (each cause's effect averaged over every order in which the causes could be applied), so that the parts do not depend on an order and add up exactly to the change.";

/// The chart file of round `index` (0-based).
pub fn chart_file(index: usize) -> String {
    format!("dilution-bridge-{}.svg", index + 1)
}

/// The bridge of every round with two causes or more (or with no bridge, saying why), from
/// `all`, the bridges of the report's rounds in order as [`crate::report::bridge::bridges`]
/// computes them under the headline conditions; `decimals` is the percentage precision of
/// the text (the chart's is at most 2).
pub fn build(
    scenario: &Scenario,
    report: &Report,
    all: &[BridgeReport],
    numbers: &Numbers,
    decimals: u32,
) -> Vec<RoundBridge> {
    let many_rounds = report.rounds.len() > 1;
    let mut out = Vec::new();
    for (index, (round, bridge)) in report.rounds.iter().zip(all).enumerate() {
        if bridge.unavailable.is_none() && bridge.causes.len() < 2 {
            continue;
        }
        let sections = numbers.per_table(|n| vec![sections::bridge(round, bridge, n)]);
        let mut part = RoundBridge {
            round: round.name.clone(),
            sentence: None,
            chart: None,
            sections,
        };
        if bridge.unavailable.is_none()
            && let Some(headline) = headline(scenario, bridge)
        {
            let round_name = if many_rounds {
                Some(round.name.as_str())
            } else {
                None
            };
            part.sentence = Some(sentence(&headline, bridge, round_name, numbers, decimals));
            let chart = chart(&headline, bridge, &round.name, decimals.min(2));
            part.chart = Some(ChartFile {
                file: chart_file(index),
                title: chart.title.clone(),
                svg: super::bridge_chart::render(&chart),
            });
        }
        out.push(part);
    }
    out
}

/// `r` × 100 rounded once, half away from zero, to `decimals` places, without its sign:
/// "11.08". Exact: the rounding is done on the fraction itself.
fn hundredths(r: &BigRational, decimals: u32) -> String {
    let scale = BigInt::from(10u32).pow(decimals);
    let scaled = r.abs() * BigRational::from_integer(BigInt::from(100u32) * &scale);
    let (quotient, remainder) = scaled.numer().div_rem(scaled.denom());
    let rounded = if remainder * 2u32 >= *scaled.denom() {
        quotient + 1u32
    } else {
        quotient
    };
    let (whole, fraction) = rounded.div_rem(&scale);
    if decimals == 0 {
        whole.to_string()
    } else {
        format!(
            "{whole}.{:0>width$}",
            fraction.to_string(),
            width = decimals as usize
        )
    }
}

/// A stake: "90.00%", rounded once from the exact fraction.
fn percent(r: &BigRational, decimals: u32) -> String {
    let text = hundredths(r, decimals);
    if r.is_negative() && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{text}%")
    } else {
        format!("{text}%")
    }
}

/// A signed change in points, as the tables write it: "-11.08 pp", "+3.20 pp", "0.00 pp".
fn points(r: &BigRational, decimals: u32) -> String {
    let text = hundredths(r, decimals);
    let zero = !text.chars().any(|c| c.is_ascii_digit() && c != '0');
    if zero {
        format!("{text} pp")
    } else if r.is_negative() {
        format!("-{text} pp")
    } else {
        format!("+{text} pp")
    }
}

/// An exact figure for `--exact` text: the fraction's decimal (rounded once, to 28 places, as
/// every exact figure is).
fn exact(r: &BigRational) -> String {
    let q = crate::engine::exact::Q::new(r.numer().clone(), r.denom().clone());
    crate::engine::exact::to_decimal(&q, "a part of the dilution bridge")
        .map_or_else(|_| r.to_string(), format::exact)
}

/// `Amazon's`, but `1984 Ventures'`.
fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// A cause of the engine ([`crate::engine::bridge::causes`]) as words in a sentence:
/// "Amazon's investment", or "the investment by Other investors (funds, VCs)" where a
/// possessive would follow a parenthesis.
fn cause_words(cause: &str) -> String {
    let of = |party: &str, what: &str| {
        if party.ends_with(')') {
            format!("the {what} by {party}")
        } else {
            format!("{} {what}", possessive(party))
        }
    };
    if let Some(party) = cause.strip_prefix("investment: ") {
        of(party, "investment")
    } else if let Some(party) = cause.strip_prefix("pro-rata: ") {
        of(party, "pro-rata investment")
    } else if let Some(party) = cause.strip_prefix("conversion: ") {
        of(party, "conversion")
    } else if let Some(party) = cause.strip_prefix("secondary: ") {
        format!("the sale to {party}")
    } else if let Some(count) = cause
        .strip_prefix("other (")
        .and_then(|rest| rest.strip_suffix(" causes)"))
    {
        format!("the {count} smallest causes together")
    } else {
        match cause {
            "pool top-up" => "the pool top-up".into(),
            "grants" => "the grants".into(),
            "rest of the round" => "the rest of the round".into(),
            other => other.into(),
        }
    }
}

/// The causes' indices, the largest part (in size) first; equal sizes keep the causes' order.
fn by_size(parts: &[BigRational]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].abs().cmp(&parts[a].abs()));
    order
}

/// "Founder A and Founder B together went from 90.00% to 53.09%: Series A Lead's investment
/// took 11.08 points, 1984 Ventures' conversion 6.32, … and YC MFN's conversion 3.16."
fn sentence(
    headline: &Headline,
    bridge: &BridgeReport,
    round: Option<&str>,
    numbers: &Numbers,
    decimals: u32,
) -> String {
    let human = !numbers.is_exact();
    let stake = |r: &BigRational| {
        if human {
            percent(r, decimals)
        } else {
            exact(r)
        }
    };
    let size = |r: &BigRational| {
        if human {
            hundredths(r, decimals)
        } else {
            exact(&r.abs())
        }
    };
    let unit = if human { " points" } else { "" };
    let list = |items: &[String]| match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let mut took = Vec::new();
    let mut added = Vec::new();
    for i in by_size(&headline.parts) {
        let (Some(part), Some(cause)) = (headline.parts.get(i), bridge.causes.get(i)) else {
            continue;
        };
        if part.is_zero() {
            continue;
        }
        let (list, verb) = if part.is_negative() {
            (&mut took, "took")
        } else {
            (&mut added, "added")
        };
        list.push(if list.is_empty() {
            format!("{} {verb} {}{unit}", cause_words(cause), size(part))
        } else {
            format!("{} {}", cause_words(cause), size(part))
        });
    }
    let change = &headline.after - &headline.before;
    let (first, second) = if change.is_negative() {
        (took, added)
    } else {
        (added, took)
    };
    let mut causes = list(&first);
    if !second.is_empty() {
        causes.push_str("; ");
        causes.push_str(&list(&second));
    }
    // With several rounds the round's name leads, as in the summary's paragraphs.
    let mut text = format!(
        "{}{} went from {} to {}",
        round.map_or_else(String::new, |r| format!("{r}: ")),
        headline.who(),
        stake(&headline.before),
        stake(&headline.after),
    );
    if !causes.is_empty() {
        text.push_str(": ");
        text.push_str(&causes);
    }
    text.push('.');
    text
}

/// The headline's waterfall: before, the causes largest first, after.
fn chart(headline: &Headline, bridge: &BridgeReport, round: &str, decimals: u32) -> Waterfall {
    let pixels = |r: &BigRational| r.to_f64().unwrap_or(0.0);
    let causes = by_size(&headline.parts)
        .into_iter()
        .filter_map(|i| {
            let part = headline.parts.get(i)?;
            Some(Step {
                name: bridge.causes.get(i)?.clone(),
                value: pixels(part),
                label: points(part, decimals),
            })
        })
        .collect();
    let change = &headline.after - &headline.before;
    Waterfall {
        title: format!(
            "{}: from {} to {} in {round}",
            headline.who(),
            percent(&headline.before, decimals),
            percent(&headline.after, decimals)
        ),
        subtitle:
            "Fully diluted ownership; each cause's bar is its Shapley part, in percentage points"
                .into(),
        before: Step {
            name: "Before".into(),
            value: pixels(&headline.before),
            label: percent(&headline.before, decimals),
        },
        causes,
        after: Step {
            name: "After".into(),
            value: pixels(&headline.after),
            label: percent(&headline.after, decimals),
        },
        footnote: Some(format!(
            "Each part rounded once, half away from zero; the exact parts add up to the change of {}.",
            points(&change, decimals)
        )),
    }
}

impl Memo {
    /// Adds the rounds' bridges ([`build`]).
    pub fn with_bridges(mut self, bridges: Vec<RoundBridge>) -> Memo {
        self.bridges = bridges;
        self
    }

    /// The bridges' chart files, as (file name, SVG).
    pub fn bridge_files(&self) -> Vec<(String, String)> {
        self.bridges
            .iter()
            .filter_map(|b| b.chart.as_ref())
            .map(|c| (c.file.clone(), c.svg.clone()))
            .collect()
    }

    /// The bridges as Markdown (nothing without one).
    pub fn bridge_markdown(&self) -> String {
        if self.bridges.is_empty() {
            return String::new();
        }
        let mut out = format!("## Dilution bridge\n\n{}\n\n", markdown::escape(INTRO));
        for bridge in &self.bridges {
            if let Some(sentence) = &bridge.sentence {
                out.push_str(&markdown::escape(sentence));
                out.push_str("\n\n");
            }
            if let Some(chart) = &bridge.chart {
                out.push_str(&format!(
                    "![{}]({})\n\n",
                    markdown::escape(&chart.title),
                    chart.file
                ));
            }
            out.push_str(&markdown::render(&[], &bridge.sections, None));
        }
        out
    }

    /// The bridges as HTML, charts inline (nothing without one).
    pub fn bridge_html(&self) -> String {
        if self.bridges.is_empty() {
            return String::new();
        }
        let e = svg::escape;
        let mut out = format!("<h2>Dilution bridge</h2>\n<p>{}</p>\n", e(INTRO));
        for bridge in &self.bridges {
            if let Some(sentence) = &bridge.sentence {
                out.push_str(&format!("<p>{}</p>\n", e(sentence)));
            }
            if let Some(chart) = &bridge.chart {
                out.push_str("<figure>\n");
                out.push_str(&chart.svg);
                out.push_str("</figure>\n");
            }
            for section in &bridge.sections {
                out.push_str(&super::memo::html_table(section));
            }
        }
        out
    }
}

#[cfg(test)]
#[path = "memo_bridge_tests.rs"]
mod tests;
