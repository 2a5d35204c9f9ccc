//! Charts for the memo, written as SVG text by hand: stacked bars of ownership.
//!
//! Pixel coordinates are computed in `f64` (they only place shapes); every figure written as
//! text comes from the exact decimals through [`crate::format`] (human units, rounded half away
//! from zero). Text uses the generic `sans-serif` family, so no particular font is needed, and
//! the colours are the Okabe–Ito palette, which stays distinguishable with colour-blindness.
//! The same input always gives byte-identical SVG.

use std::collections::HashMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

use crate::format;
use crate::report::Report;

/// The Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), the one palette of
/// every chart: these bars, and the payout curve of `exit --chart` ([`super::chart`]).
pub const OKABE_ITO: [&str; 8] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#009E73", // bluish green
    "#D55E00", // vermillion
    "#CC79A7", // reddish purple
    "#F0E442", // yellow
    "#000000", // black
];

/// The palette's colours and the text colour readable on each.
const PALETTE: [(&str, &str); 8] = [
    (OKABE_ITO[0], "#FFFFFF"),
    (OKABE_ITO[1], "#000000"),
    (OKABE_ITO[2], "#000000"),
    (OKABE_ITO[3], "#000000"),
    (OKABE_ITO[4], "#000000"),
    (OKABE_ITO[5], "#000000"),
    (OKABE_ITO[6], "#000000"),
    (OKABE_ITO[7], "#FFFFFF"),
];
/// The colour of the "Other holders" series when there are more holders than colours.
const OTHERS: (&str, &str) = ("#999999", "#000000");

/// Most bars a chart draws; with more outcomes than this the outcomes chart is left out.
pub const MAX_BARS: usize = 17;

const BAR_WIDTH: f64 = 96.0;
const GAP: f64 = 48.0;
const PLOT_HEIGHT: f64 = 320.0;
const TOP: f64 = 70.0;
const LEFT: f64 = 56.0;
const LINE: f64 = 15.0;
/// A rough width of one character at 12 px, for laying out labels and the legend.
const CHAR: f64 = 7.0;
/// The shortest segment that gets its percentage written inside it; shorter ones get theirs
/// beside the bar, in smaller type, with a tick pointing at the segment.
const MIN_LABELLED: f64 = 16.0;
/// The line height of the labels beside the bars (10 px type).
const SIDE_LINE: f64 = 11.0;

/// One stacked bar: its label lines and one fraction per series (summing to about 1).
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: Vec<String>,
    pub values: Vec<Decimal>,
}

/// A stacked-bar chart of fractions of 1.
#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub subtitle: String,
    /// Series names, bottom of the stack first.
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
    /// Digits after the point for the percentages written on the bars.
    pub decimals: u32,
    /// Whether the last series adds up the holders left without a colour of their own.
    pub others: bool,
}

/// Ownership by holder before the first round and after each round.
pub fn ownership_by_round(report: &Report, decimals: u32) -> Option<Chart> {
    let last = report.rounds.last()?;
    let first = report.rounds.first()?;
    let series: Vec<String> = last.holders.iter().map(|h| h.name.clone()).collect();
    let pick = |holders: &[crate::report::HolderRow], before: bool| -> Vec<Decimal> {
        // By name, in one pass: a file may have a great many holders.
        let by_name: HashMap<&str, &crate::report::HolderRow> =
            holders.iter().map(|h| (h.name.as_str(), h)).collect();
        series
            .iter()
            .map(|name| {
                by_name.get(name.as_str()).map_or(Decimal::ZERO, |h| {
                    if before {
                        h.ownership_before
                    } else {
                        h.ownership
                    }
                })
            })
            .collect()
    };
    let mut bars = vec![Bar {
        label: vec![
            "Before".to_string(),
            first.name.clone(),
            format!(
                "{} pre",
                format::human_money(first.pre_money, &report.currency)
            ),
        ],
        values: pick(&first.holders, true),
    }];
    for round in &report.rounds {
        bars.push(Bar {
            label: vec![
                "After".to_string(),
                round.name.clone(),
                format!(
                    "{} post",
                    format::human_money(round.post_money, &report.currency)
                ),
            ],
            values: pick(&round.holders, false),
        });
    }
    Some(group_others(Chart {
        title: "Ownership by holder, before and after each round".into(),
        subtitle: format!("Fully diluted ownership{}", assumed(report)),
        series: label_pools(report, series),
        bars,
        decimals,
        others: false,
    }))
}

/// Ownership after the last round in every outcome of the conditions, then the expected
/// ownership; `None` without conditions or with more outcomes than [`MAX_BARS`] allows.
pub fn ownership_by_outcome(report: &Report, decimals: u32) -> Option<Chart> {
    if report.conditions.is_empty() || report.outcomes.len() + 1 > MAX_BARS {
        return None;
    }
    let first = report.outcomes.first()?;
    let series: Vec<String> = first.holders.iter().map(|h| h.name.clone()).collect();
    let mut bars: Vec<Bar> = report
        .outcomes
        .iter()
        .map(|o| {
            let mut label: Vec<String> = report
                .conditions
                .iter()
                .zip(&o.conditions)
                .map(|(c, v)| format!("{} {}", c.name, if *v { "yes" } else { "no" }))
                .collect();
            if let Some(p) = o.probability {
                label.push(format!("p = {}", format::percent(p, decimals.min(2))));
            }
            label.push(format!(
                "{} post",
                format::human_money(o.post_money, &report.currency)
            ));
            Bar {
                label,
                values: o.holders.iter().map(|h| h.ownership).collect(),
            }
        })
        .collect();
    if let Some(expected) = &report.expected {
        bars.push(Bar {
            label: vec![
                "Expected".into(),
                "(probability-".into(),
                "weighted)".into(),
                format!(
                    "{} post",
                    format::human_money(expected.post_money, &report.currency)
                ),
            ],
            values: expected.holders.iter().map(|h| h.ownership).collect(),
        });
    }
    let last = report.rounds.last().map_or("", |r| r.name.as_str());
    Some(group_others(Chart {
        title: "Ownership in each outcome of the conditions".into(),
        subtitle: format!("Fully diluted ownership after {last}; p is each outcome's probability"),
        series: label_pools(report, series),
        bars,
        decimals,
        others: false,
    }))
}

/// `, assuming ipo = yes, agi = yes` for the subtitle, or nothing without conditions.
fn assumed(report: &Report) -> String {
    if report.conditions.is_empty() {
        return String::new();
    }
    let list: Vec<String> = report
        .conditions
        .iter()
        .map(|c| format!("{} = {}", c.name, if c.assumed { "yes" } else { "no" }))
        .collect();
    format!(", assuming {}", list.join(", "))
}

/// Marks the unallocated pool in the legend, as the tables do.
fn label_pools(report: &Report, series: Vec<String>) -> Vec<String> {
    let pools: Vec<&str> = report
        .rounds
        .iter()
        .flat_map(|r| &r.holders)
        .filter(|h| h.pool)
        .map(|h| h.name.as_str())
        .collect();
    series
        .into_iter()
        .map(|name| {
            if pools.contains(&name.as_str()) && !name.to_lowercase().contains("pool") {
                format!("{name} (pool)")
            } else {
                name
            }
        })
        .collect()
}

/// With more series than colours, keeps the largest (by their biggest stake in any bar) and
/// adds the rest up as "Other holders", exactly.
fn group_others(chart: Chart) -> Chart {
    if chart.series.len() <= PALETTE.len() {
        return chart;
    }
    let keep_count = PALETTE.len() - 1;
    let peak = |i: usize| {
        chart
            .bars
            .iter()
            .filter_map(|b| b.values.get(i).copied())
            .max()
            .unwrap_or(Decimal::ZERO)
    };
    let mut order: Vec<usize> = (0..chart.series.len()).collect();
    // Largest peak first; the earlier series first on a tie (a stable sort keeps the order).
    order.sort_by_key(|&i| std::cmp::Reverse(peak(i)));
    let mut kept: Vec<usize> = order.into_iter().take(keep_count).collect();
    kept.sort_unstable();
    let mut series: Vec<String> = kept.iter().map(|&i| chart.series[i].clone()).collect();
    series.push(format!(
        "Other holders ({})",
        chart.series.len() - keep_count
    ));
    let bars = chart
        .bars
        .into_iter()
        .map(|bar| {
            let mut values: Vec<Decimal> = kept
                .iter()
                .map(|&i| bar.values.get(i).copied().unwrap_or(Decimal::ZERO))
                .collect();
            let rest = bar
                .values
                .iter()
                .enumerate()
                .filter(|(i, _)| !kept.contains(i))
                .fold(Decimal::ZERO, |sum, (_, v)| {
                    sum.checked_add(*v).unwrap_or(sum)
                });
            values.push(rest);
            Bar {
                label: bar.label,
                values,
            }
        })
        .collect();
    Chart {
        series,
        bars,
        others: true,
        ..chart
    }
}

fn colour(chart: &Chart, series: usize) -> (&'static str, &'static str) {
    if chart.others && series + 1 == chart.series.len() {
        OTHERS
    } else {
        PALETTE[series % PALETTE.len()]
    }
}

/// The start of a chart: the `<svg>` element (`width` × `height`, labelled by `title` for screen
/// readers), a white background, and the title and subtitle at `x`.
pub fn open(width: f64, height: f64, x: f64, title: &str, subtitle: &str) -> String {
    let mut svg = String::new();
    let title = escape(title);
    // Writing to a String cannot fail.
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"{title}\">"
    );
    let _ = writeln!(svg, "<title>{title}</title>");
    let _ = writeln!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#FFFFFF\"/>"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{x}\" y=\"26\" font-size=\"16\" font-weight=\"bold\" fill=\"#000000\">{title}</text>"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{x}\" y=\"46\" fill=\"#444444\">{}</text>",
        escape(subtitle)
    );
    svg
}

/// Escapes text for XML (SVG and HTML).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Shortens `text` to at most `max` characters, ending with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A fraction of 1 as a pixel height of the plot, clamped to the plot.
fn height(fraction: Decimal) -> f64 {
    fraction.to_f64().unwrap_or(0.0).clamp(0.0, 1.0) * PLOT_HEIGHT
}

/// The chart as SVG text.
pub fn render(chart: &Chart) -> String {
    let bars = chart.bars.len() as f64;
    let plot_width = bars * BAR_WIDTH + (bars + 1.0) * GAP;
    let label_chars = (BAR_WIDTH + GAP) / CHAR;
    let legend_chars = chart
        .series
        .iter()
        .map(|s| shorten(s, 36).chars().count())
        .max()
        .unwrap_or(0) as f64;
    let legend_x = LEFT + plot_width + 16.0;
    let title_chars = chart
        .title
        .chars()
        .count()
        .max(chart.subtitle.chars().count()) as f64;
    let width = (legend_x + 26.0 + legend_chars * CHAR + 16.0)
        .max(LEFT + title_chars * CHAR + 16.0)
        .ceil();
    let label_lines = chart.bars.iter().map(|b| b.label.len()).max().unwrap_or(0) as f64;
    let legend_height = chart.series.len() as f64 * 22.0;
    let plot_bottom = TOP + PLOT_HEIGHT;
    let height_px = (plot_bottom + 14.0 + label_lines * LINE + 12.0)
        .max(TOP + legend_height + 12.0)
        .ceil();

    let mut svg = open(width, height_px, LEFT, &chart.title, &chart.subtitle);
    // Gridlines and the percentage axis.
    for step in 0..=4 {
        let y = plot_bottom - f64::from(step) * PLOT_HEIGHT / 4.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#D0D0D0\" stroke-width=\"1\"/>",
            LEFT + plot_width
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#444444\">{}%</text>",
            LEFT - 6.0,
            y + 4.0,
            step * 25
        );
    }
    for (b, bar) in chart.bars.iter().enumerate() {
        let x = LEFT + GAP + b as f64 * (BAR_WIDTH + GAP);
        let centre = x + BAR_WIDTH / 2.0;
        let mut cumulative = Decimal::ZERO;
        // Baseline of the last label written beside this bar, going up the stack.
        let mut side = f64::INFINITY;
        for (s, value) in bar.values.iter().enumerate() {
            if *value <= Decimal::ZERO {
                continue;
            }
            let bottom = plot_bottom - height(cumulative);
            cumulative = cumulative.checked_add(*value).unwrap_or(cumulative);
            let top = plot_bottom - height(cumulative);
            let h = bottom - top;
            let (fill, ink) = colour(chart, s);
            let _ = writeln!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{BAR_WIDTH:.1}\" height=\"{h:.1}\" fill=\"{fill}\" stroke=\"#FFFFFF\" stroke-width=\"0.75\"><title>{}: {}</title></rect>",
                escape(chart.series.get(s).map_or("", String::as_str)),
                format::percent(*value, chart.decimals)
            );
            if h >= MIN_LABELLED {
                let _ = writeln!(
                    svg,
                    "<text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
                    top + h / 2.0 + 4.0,
                    format::percent(*value, chart.decimals)
                );
            } else {
                let middle = top + h / 2.0;
                let baseline = (middle + 3.5).min(side - SIDE_LINE);
                // Written only where it says something (not "0.00%") and stays near its
                // segment, within a couple of lines.
                let label = format::percent(*value, chart.decimals);
                let shown = value
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .is_some_and(|p| !format::round_display(p, chart.decimals).is_zero());
                if shown && baseline >= TOP - 2.0 && middle + 3.5 - baseline <= 2.5 * SIDE_LINE {
                    side = baseline;
                    let edge = x + BAR_WIDTH;
                    let _ = writeln!(
                        svg,
                        "<line x1=\"{:.1}\" y1=\"{middle:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#444444\" stroke-width=\"1\"/>",
                        edge + 1.0,
                        edge + 5.0,
                        baseline - 3.5
                    );
                    let _ = writeln!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{baseline:.1}\" font-size=\"10\" fill=\"#000000\">{label}</text>",
                        edge + 7.0,
                    );
                }
            }
        }
        for (l, line) in bar.label.iter().enumerate() {
            let _ = writeln!(
                svg,
                "<text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#000000\">{}</text>",
                plot_bottom + 18.0 + l as f64 * LINE,
                escape(&shorten(line, label_chars as usize))
            );
        }
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{plot_bottom:.1}\" x2=\"{:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#000000\" stroke-width=\"1\"/>",
        LEFT + plot_width
    );
    // The legend lists the top of the stack first, as the bars read.
    for (row, s) in (0..chart.series.len()).rev().enumerate() {
        let y = TOP + row as f64 * 22.0;
        let (fill, _) = colour(chart, s);
        let _ = writeln!(
            svg,
            "<rect x=\"{legend_x:.1}\" y=\"{y:.1}\" width=\"14\" height=\"14\" fill=\"{fill}\"/>"
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#000000\">{}</text>",
            legend_x + 22.0,
            y + 11.5,
            escape(&shorten(&chart.series[s], 36))
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
#[path = "svg_tests.rs"]
mod tests;
