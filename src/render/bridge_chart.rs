//! The dilution bridge as a chart: a horizontal waterfall from a holder's ownership before a
//! round, one bar per cause (its Shapley part, see [`crate::engine::bridge`]), to its
//! ownership after.
//!
//! The bars and their labels are given ready: each label is written from the exact part by
//! the caller (rounded once), and the `f64` values only place the bars in pixels. The colours
//! are the memo's one palette ([`svg::OKABE_ITO`]): blue for the stakes before and after,
//! vermillion for a cause that takes ownership away, bluish green for one that adds to it; a
//! bar's colour is never its only sign, the label carries it too. The same input always gives
//! byte-identical SVG.

use std::fmt::Write as _;

use super::svg::{OKABE_ITO, escape, shorten};

/// One bar of the waterfall.
#[derive(Clone, Debug)]
pub struct Step {
    /// What the bar is: "Before", a cause, "After".
    pub name: String,
    /// The bar's size as a fraction of 1 (signed for a cause), for pixels only.
    pub value: f64,
    /// The label written beside the bar ("90.00%", "-11.08 pp").
    pub label: String,
}

/// A waterfall: the stake before, the causes in the order drawn, the stake after.
#[derive(Clone, Debug)]
pub struct Waterfall {
    pub title: String,
    pub subtitle: String,
    pub before: Step,
    pub causes: Vec<Step>,
    pub after: Step,
    /// A line under the chart (how the parts are rounded), if any.
    pub footnote: Option<String>,
}

/// The stakes' colour (blue).
const STAKE: &str = OKABE_ITO[0];
/// A cause that takes ownership away (vermillion).
const DOWN: &str = OKABE_ITO[4];
/// A cause that adds to it (bluish green).
const UP: &str = OKABE_ITO[3];

const TOP: f64 = 70.0;
const ROW: f64 = 28.0;
const BAR: f64 = 18.0;
/// The cause names' column: right-aligned at this x.
const NAMES_RIGHT: f64 = 250.0;
const PLOT_LEFT: f64 = 262.0;
const PLOT_WIDTH: f64 = 420.0;
/// Room right of the plot for the label of a bar that reaches its end.
const LABEL_ROOM: f64 = 90.0;
/// A rough width of one character at 12 px.
const CHAR: f64 = 7.0;
/// Most characters of a cause name (longer ones are shortened with an ellipsis).
const NAME_CHARS: usize = 34;

/// The step between gridlines, in fractions of 1: 1, 2, 5, 10, 20 or 25 points, whichever
/// gives at most six intervals up to `max`.
fn grid_step(max: f64) -> f64 {
    for points in [1.0, 2.0, 5.0, 10.0, 20.0, 25.0] {
        if max / (points / 100.0) <= 6.0 {
            return points / 100.0;
        }
    }
    0.25
}

/// The waterfall as SVG text.
pub fn render(chart: &Waterfall) -> String {
    // The widest point the running stake reaches, for the scale.
    let mut running = chart.before.value;
    let mut max = running.max(chart.after.value);
    for cause in &chart.causes {
        running += cause.value;
        max = max.max(running);
    }
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let step = grid_step(max);
    let axis_max = ((max / step).ceil() * step).max(step);
    let x = |fraction: f64| PLOT_LEFT + fraction.clamp(0.0, axis_max) / axis_max * PLOT_WIDTH;

    let rows = chart.causes.len() + 2;
    let plot_bottom = TOP + rows as f64 * ROW;
    let footnote_lines = usize::from(chart.footnote.is_some());
    let height = (plot_bottom + 34.0 + footnote_lines as f64 * 18.0 + 8.0).ceil();
    let title_chars = chart
        .title
        .chars()
        .count()
        .max(chart.subtitle.chars().count())
        .max(chart.footnote.as_ref().map_or(0, |f| f.chars().count())) as f64;
    let width = (PLOT_LEFT + PLOT_WIDTH + LABEL_ROOM)
        .max(16.0 + title_chars * CHAR + 16.0)
        .ceil();

    let mut svg = super::svg::open(width, height, 16.0, &chart.title, &chart.subtitle);
    // Gridlines and the percentage axis under the plot.
    let ticks = (axis_max / step).round() as u32;
    for tick in 0..=ticks {
        let value = f64::from(tick) * step;
        let gx = x(value);
        let _ = writeln!(
            svg,
            "<line x1=\"{gx:.1}\" y1=\"{:.1}\" x2=\"{gx:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#D0D0D0\" stroke-width=\"1\"/>",
            TOP - 4.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444444\">{}%</text>",
            plot_bottom + 16.0,
            (value * 100.0).round()
        );
    }

    let mut running = 0.0;
    let all = std::iter::once((&chart.before, true))
        .chain(chart.causes.iter().map(|c| (c, false)))
        .chain(std::iter::once((&chart.after, true)));
    for (row, (step, stake)) in all.enumerate() {
        let top = TOP + row as f64 * ROW + (ROW - BAR) / 2.0;
        let (from, to, fill) = if stake {
            running = step.value;
            (0.0, step.value, STAKE)
        } else {
            let from = running;
            running += step.value;
            (
                from.min(running),
                from.max(running),
                if step.value < 0.0 { DOWN } else { UP },
            )
        };
        let (left, right) = (x(from), x(to));
        let _ = writeln!(
            svg,
            "<text x=\"{NAMES_RIGHT:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#000000\"{}>{}</text>",
            top + BAR / 2.0 + 4.0,
            if stake { " font-weight=\"bold\"" } else { "" },
            escape(&shorten(&step.name, NAME_CHARS))
        );
        let _ = writeln!(
            svg,
            "<rect class=\"bar\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{BAR:.1}\" fill=\"{fill}\"><title>{}: {}</title></rect>",
            right - left,
            escape(&step.name),
            escape(&step.label)
        );
        let _ = writeln!(
            svg,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" fill=\"#000000\">{}</text>",
            right + 5.0,
            top + BAR / 2.0 + 4.0,
            escape(&step.label)
        );
        // A connector from this bar's end to the next bar.
        if row + 1 < rows {
            let cx = x(running);
            let _ = writeln!(
                svg,
                "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"#444444\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>",
                top + BAR,
                top + ROW
            );
        }
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{PLOT_LEFT:.1}\" y1=\"{:.1}\" x2=\"{PLOT_LEFT:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#000000\" stroke-width=\"1\"/>",
        TOP - 4.0
    );
    if let Some(footnote) = &chart.footnote {
        let _ = writeln!(
            svg,
            "<text x=\"16\" y=\"{:.1}\" font-size=\"11\" fill=\"#444444\">{}</text>",
            plot_bottom + 40.0,
            escape(footnote)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
#[path = "bridge_chart_tests.rs"]
mod tests;
