//! The memo's dilution bridge (a sentence and a waterfall chart per round with two causes or
//! more) and its expected payouts in words.
//!
//! Expected figures are the hand computations of the `bridge` and `exit_probabilities`
//! modules (exact fractions, Shapley values over every order of the causes), rounded here,
//! once, half away from zero, never copied from the program's output.

use std::path::PathBuf;

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_rational::BigRational;
use num_traits::{Signed as _, ToPrimitive as _};
use regex::Regex;

use crate::bridge::{A12_CAUSES, a12, a12_founders, q, shapley_by_orders};
use crate::common::Q;
use crate::common::{Test, root, skip};
use crate::exit_probabilities::{M, by_hand, three_exits};
use crate::memo::{PALETTE, assert_png_is_2x, keep_png, options, palette_counts, read, render};

/// Writes `text` as a scenario file and runs `captable memo` on it; the memo folder.
fn memo(text: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let scenario = temp.path().join("scenario.toml");
    std::fs::write(&scenario, text).expect("the scenario is written");
    let dir = temp.path().join("memo");
    Test::new()
        .args([
            "memo",
            &scenario.display().to_string(),
            "--output",
            &dir.display().to_string(),
        ])
        .args(extra)
        .run()
        .success();
    (temp, dir)
}

/// `r` × 100 to two decimals, rounded half away from zero, without its sign: "11.09".
fn hundredths(r: &BigRational) -> String {
    let scaled = r.abs() * q(10_000, 1);
    let (whole, rest) = scaled.numer().div_rem(scaled.denom());
    let n = if rest * 2 >= *scaled.denom() {
        whole + 1
    } else {
        whole
    };
    let (units, cents) = n.div_rem(&BigInt::from(100));
    format!("{units}.{cents:0>2}")
}

/// How far `r` (a fraction of 1) is from the nearest rounding boundary of its two-decimal
/// percentage (…5 in the third decimal of the percentage), as a fraction of 1.
fn distance_to_boundary(r: &BigRational) -> BigRational {
    // Boundaries are at (k + ½) / 10,000.
    let scaled = r.abs() * q(10_000, 1) - q(1, 2);
    let floor = scaled.floor();
    let below = &scaled - &floor;
    let above = BigRational::from_integer(1.into()) - &below;
    below.min(above) / q(10_000, 1)
}

/// The words the memo gives each of A12's causes.
fn a12_words(cause: &str) -> &'static str {
    match cause {
        "investment: Series A Lead" => "Series A Lead's investment",
        "pool top-up" => "the pool top-up",
        "conversion: YC 7%" => "YC 7%'s conversion",
        "conversion: YC MFN" => "YC MFN's conversion",
        "conversion: 1984 Ventures" => "1984 Ventures' conversion",
        "conversion: Benchmark" => "Benchmark's conversion",
        "conversion: Follow-on SAFE" => "Follow-on SAFE's conversion",
        other => panic!("not a cause of A12: {other}"),
    }
}

/// A12's founders' parts by hand (exact, no share rounding; see `bridge::a12_founders`), the
/// causes' order largest first.
fn a12_by_hand() -> Vec<(&'static str, BigRational)> {
    let hand = shapley_by_orders(7, &a12_founders);
    let mut parts: Vec<(&'static str, BigRational)> =
        A12_CAUSES.iter().copied().zip(hand).collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.1.abs()));
    // The program rounds whole shares (the acceptance case's own rule), which moves each
    // part by less than 1e-6 (the `bridge` module checks it); every hand part is further
    // than that from a rounding boundary, so both round to the same two decimals.
    for (cause, part) in &parts {
        assert!(
            distance_to_boundary(part) > q(2, 1_000_000),
            "{cause}: {part} is too near a rounding boundary to compare"
        );
    }
    parts
}

#[test]
fn a12_memo_says_why_the_founders_stake_fell() {
    let parts = a12_by_hand();
    // The hand figures: -11.0856…, -6.3240…, -5.9020…, -4.0039…, -3.2416…, -3.1963…,
    // -3.1606… points (the first is 11.09 rounded, not 11.08).
    let rounded: Vec<String> = parts.iter().map(|(_, p)| hundredths(p)).collect();
    assert_eq!(
        rounded,
        ["11.09", "6.32", "5.90", "4.00", "3.24", "3.20", "3.16"]
    );
    // Before 9,000,000 ÷ 10,000,000 = 90.00%; after 9,000,000 ÷ 16,953,609 = 0.530860… →
    // 53.09% (the whole shares of the acceptance case).
    assert_eq!(hundredths(&q(9, 10)), "90.00");
    assert_eq!(hundredths(&q(9_000_000, 16_953_609)), "53.09");
    let mut expected =
        String::from("Founder A and Founder B together went from 90.00% to 53.09%: ");
    for (i, ((cause, _), figure)) in parts.iter().zip(&rounded).enumerate() {
        let words = a12_words(cause);
        expected.push_str(&match i {
            0 => format!("{words} took {figure} points"),
            6 => format!(" and {words} {figure}."),
            _ => format!(", {words} {figure}"),
        });
    }
    let (_temp, dir) = memo(&a12(), &[]);
    let md = read(&dir, "memo.md");
    assert!(md.contains(&expected), "memo.md lacks\n{expected}\n{md}");
    assert!(md.contains("## Dilution bridge\n"));
    // The table of every holder, as `report --bridge` has it.
    assert!(md.contains("## Dilution bridge of Series A"));
    assert!(md.contains("![Founder A and Founder B together: from 90.00% to 53.09% in Series A](dilution-bridge-1.svg)"));
    let html = read(&dir, "memo.html");
    assert!(html.contains(&expected.replace('\'', "&#39;")), "{html}");
    // The README quotes this sentence, and shows the chart as a 2× rendering of the current
    // one (regenerate with `CAPTABLE_MEMO_PNG_DIR=docs cargo test memo_bridge::a12_bridge`).
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("> {expected}\n")),
        "README.md lacks\n> {expected}"
    );
    assert!(readme.contains("](docs/bridge-chart.png)"));
    let svg = read(&dir, "dilution-bridge-1.svg");
    assert_png_is_2x("docs/bridge-chart.png", &svg);
}

/// The bars of a bridge chart: (x, width, fill) of each `class="bar"` rect, in order.
fn bars(svg: &str) -> Vec<(f64, f64, String)> {
    let bar = Regex::new(r#"<rect class="bar" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="[0-9.]+" fill="(#[0-9A-F]{6})""#)
        .expect("a regex");
    bar.captures_iter(svg)
        .map(|c| {
            (
                c[1].parse().expect("x"),
                c[2].parse().expect("width"),
                c[3].to_string(),
            )
        })
        .collect()
}

/// The labels beside the bars, in order.
fn labels(svg: &str) -> Vec<String> {
    let label = Regex::new(r#"<text class="label" [^>]*>([^<]*)</text>"#).expect("a regex");
    label.captures_iter(svg).map(|c| c[1].to_string()).collect()
}

#[test]
fn a12_bridge_chart_has_a_bar_per_cause_from_before_to_after() {
    let parts = a12_by_hand();
    let (_temp, dir) = memo(&a12(), &[]);
    let svg = read(&dir, "dilution-bridge-1.svg");
    keep_png(&svg, "bridge-chart.png");
    // Before, the seven causes largest first, after: nine bars and their labels.
    let bars = bars(&svg);
    assert_eq!(bars.len(), 9, "{svg}");
    let mut expected = vec!["90.00%".to_string()];
    expected.extend(parts.iter().map(|(_, p)| format!("-{} pp", hundredths(p))));
    expected.push("53.09%".into());
    assert_eq!(labels(&svg), expected);
    // The bars' names, in the same order, are the table's cause names.
    for (cause, _) in &parts {
        assert!(svg.contains(&format!(">{cause}</text>")), "{cause}");
    }
    // Colours: the stakes blue, every cause here takes ownership away: vermillion.
    assert_eq!(bars[0].2, "#0072B2");
    assert_eq!(bars[8].2, "#0072B2");
    assert!(bars[1..8].iter().all(|b| b.2 == "#D55E00"));
    // Geometry: the axis runs to 100% (gridlines every 20 points up to 90%) over 420 px from
    // x = 262. The before bar is 0.9 × 420 = 378 px; each cause bar starts where the one
    // before it ended and is |part| × 420 px wide; the last ends where the after bar does,
    // 0.530860… × 420 = 222.96 px: the waterfall closes.
    let px = |r: &BigRational| r.to_f64().expect("a float") * 420.0;
    assert!((bars[0].1 - 378.0).abs() < 0.06, "{bars:?}");
    let mut right = 262.0 + 378.0;
    for ((x, width, _), (cause, part)) in bars[1..8].iter().zip(&parts) {
        assert!((x + width - right).abs() < 0.11, "{cause}: {bars:?}");
        assert!((width - px(&part.abs())).abs() < 0.06, "{cause}: {width}");
        right = *x;
    }
    assert!((bars[8].0 + bars[8].1 - right).abs() < 0.11, "{bars:?}");
    assert!((bars[8].1 - px(&q(9_000_000, 16_953_609))).abs() < 0.06);

    // As pixels: the blue of the stakes covers (0.9 + 0.5309) × 420 × 18 ≈ 10,818 px, the
    // vermillion of the causes 0.3691 × 420 × 18 ≈ 2,791 px (less the edges' antialiasing).
    let pixmap = render(&svg, 1.0);
    let counts = palette_counts(&pixmap);
    assert_eq!(PALETTE[0], (0x00, 0x72, 0xB2));
    assert_eq!(PALETTE[4], (0xD5, 0x5E, 0x00));
    assert!(counts[0] > 10_300 && counts[0] < 11_000, "{counts:?}");
    assert!(counts[4] > 2_500 && counts[4] < 2_900, "{counts:?}");
    let (_, fonts) = options();
    if !fonts {
        skip(
            "a12_bridge_chart_has_a_bar_per_cause_from_before_to_after",
            "no font is installed for resvg (fonts-dejavu-core), so the labels cannot be drawn",
        );
        return;
    }
    // The cause names, right-aligned at x = 250, leave ink left of the plot in every row.
    let ink = |x0: u32, y0: u32, x1: u32, y1: u32| crate::memo::inked(&pixmap, x0, y0, x1, y1);
    for row in 0..9 {
        let y = 70 + row * 28;
        assert!(ink(120, y + 6, 250, y + 24) > 20, "row {row}");
    }
}

// Two causes by hand: scenarios/exit-three-classes.toml's Series A at $4 a share, A Lead
// 1,500,000 shares and A Partner 500,000, on 9,500,000 units (Founders 6,000,000). Founders:
// v(∅) = 6/9.5 = 12/19, v(Lead) = 6/11, v(Partner) = 6/10 = 3/5, v(both) = 6/11.5 = 12/23.
// Lead ½[(6/11 − 12/19) + (12/23 − 3/5)], Partner ½[(3/5 − 12/19) + (12/23 − 6/11)].
#[test]
fn a_two_cause_round_by_hand_in_the_memo_of_three_exits() {
    let lead = (q(6, 11) - q(12, 19) + q(12, 23) - q(3, 5)) / q(2, 1);
    let partner = (q(3, 5) - q(12, 19) + q(12, 23) - q(6, 11)) / q(2, 1);
    assert_eq!(&lead + &partner, q(12, 23) - q(12, 19));
    assert_eq!(hundredths(&lead), "8.22");
    assert_eq!(hundredths(&partner), "2.76");
    assert_eq!(hundredths(&q(12, 19)), "63.16");
    assert_eq!(hundredths(&q(12, 23)), "52.17");
    let (_temp, dir) = memo(&three_exits(), &[]);
    let md = read(&dir, "memo.md");
    // Three rounds: the round's name leads. The Seed and the Series B have one cause each.
    assert!(
        md.contains("Series A: Founders went from 63.16% to 52.17%: A Lead's investment took 8.22 points and A Partner's investment 2.76."),
        "{md}"
    );
    assert_eq!(md.matches("## Dilution bridge of ").count(), 1, "{md}");
    assert_eq!(
        labels(&read(&dir, "dilution-bridge-2.svg")),
        ["63.16%", "-8.22 pp", "-2.76 pp", "52.17%"]
    );
}

#[test]
fn the_memo_says_what_each_holder_can_expect() {
    // Per holder Σ p × payout over the 20/50/30% exits, from the hand payouts of
    // `exit_probabilities::by_hand`: B Growth $30M every time; Founders 0.5 × 12 + 0.3 × 64 =
    // $25.2M; A Lead 3/4 × (0.2 × 5 + 0.5 × 12 + 0.3 × 24) = $10.65M; Seed Fund 0.5 × 4 + 0.3
    // × 64/3 = $8.4M; Employees 0.5 × 2 + 0.3 × 32/3 = $4.2M; A Partner 1/4 × 14.2 = $3.55M;
    // $82M in all.
    let p = [Q::new(2, 10), Q::new(5, 10), Q::new(3, 10)];
    let expected: Vec<(&str, Q)> = by_hand()
        .into_iter()
        .map(|(name, _, pays)| {
            let e = pays
                .iter()
                .zip(p)
                .fold(Q::int(0), |s, (&pay, p)| s.add(p.mul(pay)));
            (name, e)
        })
        .collect();
    let figure = |name: &str| {
        expected
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| *e)
            .expect("a holder")
    };
    assert_eq!(figure("B Growth"), Q::int(30 * M));
    assert_eq!(figure("Founders"), Q::new(252 * M, 10));
    assert_eq!(figure("A Lead"), Q::new(1065 * M, 100));
    assert_eq!(figure("Seed Fund"), Q::new(84 * M, 10));
    assert_eq!(figure("Employees"), Q::new(42 * M, 10));
    assert_eq!(figure("A Partner"), Q::new(355 * M, 100));
    let (_temp, dir) = memo(&three_exits(), &[]);
    let md = read(&dir, "memo.md");
    assert!(
        md.contains("Weighted by the exits' probabilities, the expected payouts add up to $82M: B Growth $30M, Founders $25.2M, A Lead $10.65M, Seed Fund $8.4M, Employees $4.2M and A Partner $3.55M."),
        "{md}"
    );
    // Only the 20% fire sale ($35M) pays common and the Seed nothing (the Series B's $30M and
    // the Series A's $5M take it all), and pays the Seed and the Series A less than their
    // money ($0 of $2M; $3.75M of $6M, $1.25M of $2M); the Series B gets $30M on $20M always.
    assert!(
        md.contains("The probability of receiving nothing is 20.00% for Founders, Employees and Seed Fund; of getting back less than the money invested, 20.00% for Seed Fund, A Lead and A Partner and 0.00% for B Growth."),
        "{md}"
    );
    // The sentences come before the table they sum up.
    let words = md.find("Weighted by the exits'").expect("the sentence");
    let table = md.find("## Expected payouts").expect("the table");
    assert!(words < table);
    let html = read(&dir, "memo.html");
    assert!(html.contains(
        "<p>Weighted by the exits&#39; probabilities, the expected payouts add up to $82M"
    ));
}

#[test]
fn exits_without_probabilities_have_no_expected_words() {
    let text = std::fs::read_to_string(root().join("scenarios/exit-three-classes.toml"))
        .expect("the bundled scenario");
    let (_temp, dir) = memo(&text, &[]);
    let md = read(&dir, "memo.md");
    assert!(!md.contains("Weighted by the exits'"));
    assert!(!md.contains("The probability of receiving nothing"));
}

#[test]
fn a_round_with_one_cause_has_no_bridge_and_exact_figures_stay_exact() {
    // One investment: the whole change is its own, which the summary says; no bridge.
    let one = "[scenario]\nname = \"One\"\n[[holder]]\nname = \"Founder\"\nshares = 1_000_000\n[[round]]\nname = \"Seed\"\npre_money = \"4M\"\n[[round.investment]]\ninvestor = \"Investor\"\namount = \"1M\"\n";
    let (_temp, dir) = memo(one, &[]);
    let md = read(&dir, "memo.md");
    assert!(!md.contains("Dilution bridge"), "{md}");
    assert!(!dir.join("dilution-bridge-1.svg").exists());

    // Two causes (bridge::TWO_CAUSES): the founder goes from 1 to 1/5, the investment -3/5 and
    // the pool -1/5 (worked by hand there). With --exact the sentence has exact fractions of 1.
    let two = "[scenario]\nname = \"Two\"\n[[holder]]\nname = \"Founder\"\nshares = 1_000_000\n[[round]]\nname = \"Seed\"\npre_money = \"4M\"\npool_target = \"20%\"\npool_timing = \"pre-money\"\n[[round.investment]]\ninvestor = \"Investor\"\namount = \"6M\"\n";
    let (_temp, dir) = memo(two, &["--exact"]);
    let md = read(&dir, "memo.md");
    assert!(
        md.contains(
            "Founder went from 1 to 0.2: Investor's investment took 0.6 and the pool top-up 0.2."
        ),
        "{md}"
    );
    let (_temp, dir) = memo(two, &[]);
    let md = read(&dir, "memo.md");
    assert!(
        md.contains("Founder went from 100.00% to 20.00%: Investor's investment took 60.00 points and the pool top-up 20.00."),
        "{md}"
    );
    // The chart: before, the two causes, after.
    let svg = read(&dir, "dilution-bridge-1.svg");
    assert_eq!(
        labels(&svg),
        ["100.00%", "-60.00 pp", "-20.00 pp", "20.00%"]
    );
}
