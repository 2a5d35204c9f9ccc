//! The payout curve as SVG: one line per class, payout against exit value.
//!
//! The curve is piecewise linear between breakpoints, so each line is drawn exactly through
//! its payouts at zero, at every breakpoint, at every exit asked for and at the right edge.
//! Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
//! deficiencies), and each line also has its own dash pattern. Pixel positions are computed
//! in decimals like everything else and written to two places.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::svg::OKABE_ITO;
use super::svg::escape;
use crate::engine::arith::{self, Checked};
use crate::format::currency_prefix;
use crate::report::exit::{ExitReport, PayoutCurve};

const WIDTH: i64 = 860;
const HEIGHT: i64 = 520;
const LEFT: i64 = 90;
const RIGHT: i64 = 200;
const TOP: i64 = 50;
const BOTTOM: i64 = 70;

/// The memo charts' palette ([`super::svg::OKABE_ITO`]), black first for common, then orange,
/// sky blue, bluish green, blue, vermillion, reddish purple and yellow.
const PALETTE: [&str; 8] = [
    OKABE_ITO[7],
    OKABE_ITO[1],
    OKABE_ITO[2],
    OKABE_ITO[3],
    OKABE_ITO[0],
    OKABE_ITO[4],
    OKABE_ITO[5],
    OKABE_ITO[6],
];
const DASHES: [&str; 8] = [
    "", "8 4", "2 3", "12 4 2 4", "4 4", "1 2", "16 4", "6 2 2 2",
];

/// The SVG text of the payout curve of `report`'s classes.
pub fn svg(report: &ExitReport, curve: &PayoutCurve) -> Checked<String> {
    let PayoutCurve {
        xs,
        lines,
        right,
        top,
    } = curve;
    let (right, top) = (*right, *top);
    let x_step = nice_step(right);
    let y_step = nice_step(top);
    let x_max = round_up(right, x_step)?;
    let y_max = round_up(top, y_step)?;
    let plot_w = Decimal::from(WIDTH - LEFT - RIGHT);
    let plot_h = Decimal::from(HEIGHT - TOP - BOTTOM);
    let px = |v: Decimal| -> Checked<Decimal> {
        Ok(arith::add(
            Decimal::from(LEFT),
            arith::mul_div(v, plot_w, x_max, "a pixel")?,
            "a pixel",
        )?
        .round_dp(2))
    };
    let py = |v: Decimal| -> Checked<Decimal> {
        Ok(arith::sub(
            Decimal::from(HEIGHT - BOTTOM),
            arith::mul_div(v, plot_h, y_max, "a pixel")?,
            "a pixel",
        )?
        .round_dp(2))
    };
    let prefix = currency_prefix(&report.currency);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        out,
        r#"<title>{}: payout by class at exit</title>"#,
        escape(&report.name)
    );
    let _ = writeln!(
        out,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="28" font-size="16" font-weight="bold">{}: payout by class at exit</text>"#,
        LEFT,
        escape(&report.name)
    );
    // Grid and tick labels.
    let mut v = Decimal::ZERO;
    while v <= x_max {
        let x = px(v)?;
        let _ = writeln!(
            out,
            r##"<line x1="{x}" y1="{TOP}" x2="{x}" y2="{}" stroke="#dddddd"/><text x="{x}" y="{}" text-anchor="middle">{}</text>"##,
            HEIGHT - BOTTOM,
            HEIGHT - BOTTOM + 20,
            short_money(v, &prefix)
        );
        v = arith::add(v, x_step, "a tick")?;
    }
    let mut v = Decimal::ZERO;
    while v <= y_max {
        let y = py(v)?;
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{y}" x2="{}" y2="{y}" stroke="#dddddd"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 8,
            y.saturating_add(Decimal::new(45, 1)),
            short_money(v, &prefix)
        );
        v = arith::add(v, y_step, "a tick")?;
    }
    let _ = writeln!(
        out,
        r##"<line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}" stroke="#333333"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}" stroke="#333333"/>"##,
        b = HEIGHT - BOTTOM,
        r = WIDTH - RIGHT
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">Exit value ({})</text>"#,
        LEFT + (WIDTH - LEFT - RIGHT) / 2,
        HEIGHT - 20,
        escape(&report.currency)
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate(22 {}) rotate(-90)" text-anchor="middle">Payout ({})</text>"#,
        TOP + (HEIGHT - TOP - BOTTOM) / 2,
        escape(&report.currency)
    );
    // One line per class, and its legend entry.
    for (k, (name, ys)) in report.class_names.iter().zip(lines).enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let dash = DASHES[k % DASHES.len()];
        let mut points = String::new();
        for (&x, &y) in xs.iter().zip(ys) {
            let _ = write!(points, "{},{} ", px(x)?, py(y)?);
        }
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = writeln!(
            out,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{}"><title>{}</title></polyline>"#,
            points.trim_end(),
            escape(&crate::format::class_display(name, &report.class_titles))
        );
        let ly = TOP + 10 + 24 * i64::try_from(k).unwrap_or(0);
        let lx = WIDTH - RIGHT + 16;
        let _ = writeln!(
            out,
            r#"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2.5"{dash_attr}/><text x="{}" y="{}">{}</text>"#,
            lx + 34,
            lx + 42,
            ly + 4,
            escape(&crate::format::class_display(name, &report.class_titles))
        );
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// A tick step of 1, 2 or 5 × 10^k giving at most about six intervals up to `max`.
fn nice_step(max: Decimal) -> Decimal {
    // The largest power of ten not above `max` (or 1 when `max` is below 1).
    let mut unit = Decimal::ONE;
    while let Some(next) = unit.checked_mul(Decimal::TEN).filter(|u| *u <= max) {
        unit = next;
    }
    for tenths in [1, 2, 5, 10, 20, 50] {
        let step = unit.saturating_mul(Decimal::new(tenths, 1));
        if step > Decimal::ZERO && max.checked_div(step).is_some_and(|n| n <= Decimal::from(6)) {
            return step;
        }
    }
    unit
}

fn round_up(value: Decimal, step: Decimal) -> Checked<Decimal> {
    let steps = arith::div(value, step, "an axis")?.ceil().max(Decimal::ONE);
    arith::mul(steps, step, "an axis")
}

/// Axis labels in human units without needless decimals: $100M, $1.5B, $250K, $0.
fn short_money(value: Decimal, prefix: &str) -> String {
    const UNITS: [(i64, &str); 4] = [
        (1_000_000_000_000, "T"),
        (1_000_000_000, "B"),
        (1_000_000, "M"),
        (1_000, "K"),
    ];
    for (scale, unit) in UNITS {
        let scale = Decimal::from(scale);
        if value >= scale {
            let scaled = value
                .checked_div(scale)
                .unwrap_or(value)
                .round_dp(2)
                .normalize();
            return format!("{prefix}{scaled}{unit}");
        }
    }
    format!("{prefix}{}", value.round_dp(2).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_human_units() {
        assert_eq!(short_money(Decimal::from(100_000_000), "$"), "$100M");
        assert_eq!(short_money(Decimal::from(1_500_000_000), "$"), "$1.5B");
        assert_eq!(short_money(Decimal::from(250_000), "€"), "€250K");
        assert_eq!(short_money(Decimal::ZERO, "$"), "$0");
    }

    #[test]
    fn ticks_are_one_two_or_five() {
        assert_eq!(
            nice_step(Decimal::from(300_000_000)),
            Decimal::from(50_000_000)
        );
        assert_eq!(nice_step(Decimal::from(100)), Decimal::from(20));
        assert_eq!(nice_step(Decimal::from(7)), Decimal::from(2));
    }
}
