//! `captable memo`: the files it writes, read as a reader would read them.
//!
//! Expected figures are worked by hand from the scenario files, not copied from the program:
//! OpenAI 2026: Amazon $50B of $110B new money at $730B pre-money, so post-money 730 + 110 =
//! $840B and Amazon 50/840 = 0.0595238… → 5.95%. Without the $35B tranche (ipo = no, agi = no)
//! new money is 110 − 35 = $75B, post-money 730 + 75 = $805B and Amazon 15/805 = 0.0186335…
//! → 1.86%. Revenue multiple 840/13 = 64.615… → 64.6x. Expected new money 0.4 × 75 + 0.6 × 110
//! = $96B (P(neither) = 0.5 × 0.8 = 0.4), post-money $826B; Amazon 0.4 × 15/805 + 0.6 × 50/840
//! = 0.0074534 + 0.0357143 = 0.0431677 → 4.32%. AWS: 50 − 38 = $12B net flow; economic cost
//! 50 − 0.3 × 38 = $38.6B; implied post-money 38.6 ÷ (50/840) = 648.48 exactly → $648.48B.
//!
//! The charts are rendered to pixels with resvg and checked for what a reader sees (filled
//! bars in distinguishable colours, legible text where a font is installed). Set
//! `CAPTABLE_MEMO_PNG_DIR=/some/folder` to keep the rendered PNGs for a look. The HTML page is
//! also rendered in headless Chromium when one is installed; the test says so and skips that
//! part when none is.

use std::path::{Path, PathBuf};
use std::process::Command;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use crate::common::{Test, root, skip};

const OPENAI: &str = "scenarios/openai-2026.toml";
const STARTUP: &str = "scenarios/startup-seed-to-series-a.toml";

/// Runs `captable memo FILE --output DIR EXTRA…` into a fresh temporary folder.
fn memo(file: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    let dir_text = dir.to_string_lossy().into_owned();
    let stdout = Test::new()
        .args(["memo", file, "--output", dir_text.as_str()])
        .args(extra)
        .run()
        .success();
    assert_eq!(
        stdout, "",
        "memo writes files and keeps standard output quiet"
    );
    (temp, dir)
}

/// The file `name` of the memo folder `dir`.
pub(crate) fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the memo folder exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_openai_memo_has_every_file_and_the_summary_in_words() {
    let (_temp, dir) = memo(OPENAI, &[]);
    // The round has three causes (Amazon's, Nvidia's and SoftBank's investments): its
    // dilution bridge has a chart.
    assert_eq!(
        file_names(&dir),
        [
            "dilution-bridge-1.svg",
            "memo.html",
            "memo.md",
            "ownership-by-outcome.svg",
            "ownership-by-round.svg"
        ]
    );
    let md = read(&dir, "memo.md");
    for sentence in [
        // The figures of the module comment.
        "Amazon's $50B buys 5.95% at a $730B pre-money valuation ($840B post).",
        "If the $35B contingent tranche is never paid, its stake is 1.86% and the post-money is $805B.",
        "That tranche is paid only if ipo or agi; the figures are for the outcome ipo = no, agi = no.",
        // 30/840 = 0.0357142… → 3.57%.
        "Nvidia's $30B buys 3.57%.",
        "The round raises $110B in all; the post-money is 64.6x annual revenue of $13B.",
        "With the probabilities in the file (ipo 50.00%, agi 20.00%), the expected new money is $96B and the expected post-money $826B; Amazon's expected stake is 4.32%.",
        "After the $38B commitment to Amazon over 7 years, Amazon's net flow is $12B: $50B invested less $38B.",
        "its economic cost is $38.6B, which implies a post-money of $648.48B.",
        // Microsoft puts nothing in: 0 − 250 = −$250B.
        "Microsoft's net flow is -$250B",
    ] {
        assert!(md.contains(sentence), "memo.md lacks {sentence:?}:\n{md}");
    }
    assert!(
        md.contains("![Ownership by holder, before and after each round](ownership-by-round.svg)")
    );
    assert!(md.contains("rounded half away from zero; exact figures with --exact"));
}

#[test]
fn the_memo_tables_are_the_report_markdown_tables() {
    let (_temp, dir) = memo(OPENAI, &[]);
    let md = read(&dir, "memo.md");
    let report = Test::new()
        .args(["report", OPENAI, "--format", "markdown"])
        .run()
        .success();
    // Every section of `report --format markdown` (from its heading to the next) is in the memo
    // word for word.
    let sections: Vec<&str> = report.split("\n## ").skip(1).collect();
    assert_eq!(sections.len(), 4, "{report}");
    for section in sections {
        let section = section.split("\n_").next().unwrap_or(section);
        assert!(
            md.contains(&format!("## {}", section.trim_end())),
            "memo.md lacks this section of the report:\n## {section}"
        );
    }
}

#[test]
fn the_html_page_is_self_contained_and_holds_the_figures() {
    let (_temp, dir) = memo(OPENAI, &[]);
    let html = read(&dir, "memo.html");
    for figure in ["$730B", "$840B", "5.95%", "1.86%", "$805B"] {
        assert!(html.contains(figure), "memo.html lacks {figure}");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The three charts (by round, by outcome, the round's dilution bridge) inline, the styles
    // inline, nothing to fetch: the only URL is the SVG namespace, which is a name, not a
    // request.
    assert_eq!(html.matches("<svg ").count(), 3);
    assert!(html.contains("<style>"));
    let without_namespace = html.replace("http://www.w3.org/2000/svg", "");
    for external in [
        "http:", "https:", "<link", "<script", "src=", "url(", "@import",
    ] {
        assert!(
            !without_namespace.contains(external),
            "memo.html refers to something outside itself: {external}"
        );
    }
    // Names are escaped: the page has no stray markup from the scenario's text.
    assert!(html.contains("<td>Employees and other investors</td>"));
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let (_a, first) = memo(OPENAI, &[]);
    let (_b, second) = memo(OPENAI, &[]);
    for name in file_names(&first) {
        assert_eq!(
            std::fs::read(first.join(&name)).expect("readable"),
            std::fs::read(second.join(&name)).expect("readable"),
            "{name} differs between two runs"
        );
    }
}

#[test]
fn exact_figures_with_exact() {
    let (_temp, dir) = memo(OPENAI, &["--exact"]);
    let md = read(&dir, "memo.md");
    // 50/840 = 5/84 = 0.05952380952380952380952380952… to 28 significant digits.
    assert!(
        md.contains("Amazon's 50000000000 buys 0.0595238095238095238095238095 at a 730000000000 pre-money valuation (840000000000 post)."),
        "{md}"
    );
    assert!(md.contains("| 2026 round | 730000000000 | 110000000000 | 840000000000 |"));
    assert!(!md.contains("$840B |"), "no human units in the tables");
    assert!(md.contains("Exact figures: money in whole currency units"));
}

#[test]
fn assumptions_change_the_headline_and_the_contrast() {
    let (_temp, dir) = memo(OPENAI, &["--assume", "ipo=false", "--assume", "agi=false"]);
    let md = read(&dir, "memo.md");
    // The headline now has only the $15B at closing: 15/805 → 1.86%; the paid case is the
    // nearest outcome that pays the tranche, one condition away (ipo = no, agi = yes comes
    // first in the outcomes' order): 50/840 → 5.95%.
    for sentence in [
        "Amazon's $15B buys 1.86% at a $730B pre-money valuation ($805B post).",
        "If the $35B contingent tranche is paid, its stake is 5.95% and the post-money is $840B.",
        "the figures are for the outcome ipo = no, agi = yes.",
        // 805 / 13 = 61.92… → 61.9x; 30 + 30 + 15 = $75B.
        "The round raises $75B in all; the post-money is 61.9x annual revenue of $13B.",
    ] {
        assert!(md.contains(sentence), "memo.md lacks {sentence:?}:\n{md}");
    }
}

#[test]
fn a_startup_memo_describes_conversions_pro_rata_and_the_pool() {
    let (_temp, dir) = memo(STARTUP, &[]);
    // No conditions: no outcomes chart. Both rounds have several causes (the Seed: its
    // investment, the pool top-up and two SAFEs; the Series A: its investment, the pool, the
    // note and the seed fund's pro rata): a bridge chart each.
    assert_eq!(
        file_names(&dir),
        [
            "dilution-bridge-1.svg",
            "dilution-bridge-2.svg",
            "memo.html",
            "memo.md",
            "ownership-by-round.svg"
        ]
    );
    let md = read(&dir, "memo.md");
    for sentence in [
        // Seed: 672,268 new shares of 3,361,343 = 0.19999982… → 20.00%; post 8 + 2 = $10M.
        "Seed: Seed Fund's $2M buys 20.00% at an $8M pre-money valuation ($10M post).",
        // 235,294 / 3,361,343 = 0.06999999… → 7.00%.
        "Angel SAFEs' $500K post-money SAFE converts into 7.00%.",
        // The pool: 336,134 / 3,361,343 = 0.1000001… → 10.00%.
        "The unallocated option pool is topped up to 10.00%.",
        // Series A: the seed fund keeps 1,006,003 / 5,030,021 = 0.19999996… → 20.00%.
        "Seed Fund puts in $3.6M pro rata and goes from 20.00% to 20.00%.",
        // The bridge note is named by its principal, $1M; its interest is 6% × 365/365 × $1M =
        // $60K and it converts as $1.06M (exact to two decimals, so not rounded to $1.1M):
        // 128,218 / 5,030,021 = 0.02549… → 2.55%.
        "Bridge Notes' $1M note converts, with $60K interest, as $1.06M into 2.55%.",
        // The seed's top-up in the pre-money: 8M − 336,134 × $2.975 = $7,000,001.35 → $7.0M.
        "The pool top-up comes out of the pre-money: the effective pre-money is $7.0M.",
        // The Series A's: 40M − 267,468 × $10.6467… = $37,152,346.22 → $37.2M.
        "the effective pre-money is $37.2M.",
        // 10 + 3.6… = $13.6M (the note's money is not new money).
        "The round raises $13.6M in all.",
    ] {
        assert!(md.contains(sentence), "memo.md lacks {sentence:?}:\n{md}");
    }
    // The workings exist with share counts and are in the memo.
    assert!(md.contains("## Workings for Seed"));
}

#[test]
fn the_folder_is_created_and_the_scenario_file_is_left_alone() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let scenario = temp.path().join("openai.toml");
    std::fs::copy(root().join(OPENAI), &scenario).expect("copied");
    let before = std::fs::read(&scenario).expect("readable");
    let modified = std::fs::metadata(&scenario)
        .and_then(|m| m.modified())
        .expect("a modification time");
    // A nested folder that does not exist yet.
    Test::new()
        .args(["memo", "openai.toml", "--output", "out/q1/memo"])
        .dir(temp.path())
        .run()
        .success();
    assert!(temp.path().join("out/q1/memo/memo.html").is_file());
    // The scenario's own folder as the output: the memo goes beside the file, which stays as
    // it was.
    Test::new()
        .args(["memo", "openai.toml", "--output", "."])
        .dir(temp.path())
        .run()
        .success();
    assert!(temp.path().join("memo.md").is_file());
    assert_eq!(std::fs::read(&scenario).expect("readable"), before);
    assert_eq!(
        std::fs::metadata(&scenario)
            .and_then(|m| m.modified())
            .expect("a modification time"),
        modified
    );
    // No temporary files are left behind.
    let mut names = file_names(temp.path());
    names.retain(|n| n.starts_with(".tmp"));
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn an_output_that_is_a_file_or_the_scenario_is_refused() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let file = temp.path().join("taken");
    std::fs::write(&file, "keep me").expect("written");
    let stderr = Test::new()
        .args(["memo", OPENAI, "--output", file.to_str().expect("UTF-8")])
        .run()
        .input_error();
    assert!(stderr.contains("is a file; name a folder"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).expect("readable"), "keep me");

    // A scenario that happens to be called memo.md, in the output folder.
    let scenario = temp.path().join("memo.md");
    std::fs::copy(root().join(OPENAI), &scenario).expect("copied");
    let before = std::fs::read(&scenario).expect("readable");
    let stderr = Test::new()
        .args(["memo", "memo.md", "--output", "."])
        .dir(temp.path())
        .run()
        .input_error();
    assert!(stderr.contains("is the scenario file"), "{stderr}");
    assert_eq!(std::fs::read(&scenario).expect("readable"), before);
}

#[test]
fn output_is_required_and_bad_input_fails_cleanly() {
    let out = Test::new().args(["memo", OPENAI]).run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--output <DIR>"), "{}", out.stderr);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("never");
    let stderr = Test::new()
        .args(["memo", "-", "--output", dir.to_str().expect("UTF-8")])
        .stdin("[scenario]\nname = \"x\"\n")
        .run()
        .input_error();
    assert!(stderr.contains("error"), "{stderr}");
    assert!(!dir.exists(), "nothing is written for an invalid scenario");
}

/// Five conditions make 32 outcomes: too many bars, so the outcomes chart is left out and the
/// memo says why.
#[test]
fn too_many_outcomes_for_a_chart_are_left_to_the_table() {
    let mut toml = String::from(
        "[scenario]\nname = \"Five conditions\"\n\n[[holder]]\nname = \"Founder\"\nstake = \"100%\"\n\n",
    );
    for name in ["a", "b", "c", "d", "e"] {
        toml.push_str(&format!("[condition.{name}]\nprobability = \"50%\"\n\n"));
    }
    toml.push_str("[[round]]\nname = \"A\"\npre_money = \"90M\"\n\n[[round.investment]]\ninvestor = \"Fund\"\namount = \"10M\"\n\n[[round.investment.tranche]]\namount = \"5M\"\n\n[[round.investment.tranche]]\namount = \"5M\"\nwhen = \"a and b and c and d and e\"\n");
    let temp = tempfile::tempdir().expect("a temporary folder");
    Test::new()
        .args(["memo", "-", "--output", "."])
        .stdin(&toml)
        .dir(temp.path())
        .run()
        .success();
    assert_eq!(
        file_names(temp.path()),
        ["memo.html", "memo.md", "ownership-by-round.svg"]
    );
    let md = read(temp.path(), "memo.md");
    assert!(
        md.contains("No outcomes chart: 32 outcomes are too many bars to read"),
        "{md}"
    );
    // All five true: 5 + 5 = $10M at $90M pre-money, so $100M post and 10/100 = 10.00%; with
    // the tranche unpaid (a = no, the nearest such outcome): 5/95 = 0.0526… → 5.26%, $95M.
    assert!(
        md.contains("Fund's $10M buys 10.00% at a $90M pre-money valuation ($100M post)."),
        "{md}"
    );
    assert!(md.contains("If the $5M contingent tranche is never paid, its stake is 5.26% and the post-money is $95M."), "{md}");
    assert!(md.contains("That tranche is paid only if a and b and c and d and e; the figures are for the outcome a = no, b = yes, c = yes, d = yes, e = yes."), "{md}");
}

// ----- the charts as pixels ------------------------------------------------------------------

/// Fonts for resvg: the system's, with `sans-serif` mapped to one that is installed (resvg's
/// default, Arial, often is not). Returns whether any font was found.
pub(crate) fn options() -> (usvg::Options<'static>, bool) {
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_system_fonts();
    let families: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    let preferred = [
        "DejaVu Sans",
        "Liberation Sans",
        "Arial",
        "Noto Sans",
        "FreeSans",
    ];
    let chosen = preferred
        .iter()
        .find(|p| families.iter().any(|f| f == *p))
        .map(|p| (*p).to_string())
        .or_else(|| families.first().cloned());
    let found = chosen.is_some();
    if let Some(family) = chosen {
        db.set_sans_serif_family(family);
    }
    (options, found)
}

/// The committed PNG `png` (a path from the repository root) is a 2× rendering of the chart
/// `svg`: the same size, twice over.
#[track_caller]
pub(crate) fn assert_png_is_2x(png: &str, svg: &str) {
    let bytes = std::fs::read(root().join(png)).expect("the PNG");
    let pixmap = Pixmap::decode_png(&bytes).expect("a PNG");
    let size = usvg::Tree::from_str(svg, &options().0)
        .expect("valid SVG")
        .size()
        .to_int_size();
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (size.width() * 2, size.height() * 2),
        "{png} is not a 2x rendering of the current chart"
    );
}

pub(crate) fn render(svg: &str, scale: f32) -> Pixmap {
    let (options, _) = options();
    let tree = usvg::Tree::from_str(svg, &options).expect("the chart is valid SVG");
    let size = tree.size().to_int_size().scale_by(scale).expect("a size");
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a pixmap");
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
}

/// Keeps a 2× PNG of the chart when `CAPTABLE_MEMO_PNG_DIR` is set.
pub(crate) fn keep_png(svg: &str, name: &str) {
    if let Some(folder) = std::env::var_os("CAPTABLE_MEMO_PNG_DIR") {
        let png = render(svg, 2.0).encode_png().expect("PNG encoding");
        std::fs::write(Path::new(&folder).join(name), png).expect("the PNG is written");
    }
}

pub(crate) fn rgb(pixmap: &Pixmap, x: u32, y: u32) -> (u8, u8, u8) {
    let p = pixmap.pixel(x, y).expect("inside the image").demultiply();
    (p.red(), p.green(), p.blue())
}

/// The Okabe–Ito colours the charts use.
pub(crate) const PALETTE: [(u8, u8, u8); 7] = [
    (0x00, 0x72, 0xB2),
    (0xE6, 0x9F, 0x00),
    (0x56, 0xB4, 0xE9),
    (0x00, 0x9E, 0x73),
    (0xD5, 0x5E, 0x00),
    (0xCC, 0x79, 0xA7),
    (0xF0, 0xE4, 0x42),
];

/// How many pixels of each palette colour the image has.
pub(crate) fn palette_counts(pixmap: &Pixmap) -> [usize; 7] {
    let mut counts = [0; 7];
    for y in 0..pixmap.height() {
        for x in 0..pixmap.width() {
            if let Some(i) = PALETTE.iter().position(|c| *c == rgb(pixmap, x, y)) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// Pixels that are neither white nor the light gridline grey, in a rectangle.
pub(crate) fn inked(pixmap: &Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut count = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let (r, g, b) = rgb(pixmap, x, y);
            if r.min(g).min(b) < 200 {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn the_charts_render_to_filled_bars_in_distinct_colours() {
    let (_temp, dir) = memo(OPENAI, &[]);
    let by_round = read(&dir, "ownership-by-round.svg");
    let by_outcome = read(&dir, "ownership-by-outcome.svg");
    keep_png(&by_round, "ownership-by-round.png");
    keep_png(&by_outcome, "ownership-by-outcome.png");

    // The plot: 320 px tall from y = 70; bars 96 px wide with 48 px
    // between them, the first at x = 56 + 48 = 104.
    let pixmap = render(&by_round, 1.0);
    assert!(pixmap.width() > 300 && pixmap.height() > 400);
    // Two bars (before and after the round) fill the plot to 100%: nearly every pixel of each
    // bar is coloured (white separators between segments and white-on-blue text aside).
    for bar in 0..2 {
        let x0 = 104 + bar * (96 + 48);
        let filled = inked(&pixmap, x0 + 2, 72, x0 + 94, 388);
        let area = 92 * 316;
        assert!(filled * 100 >= area * 85, "bar {bar}: {filled} of {area}");
    }
    // The gap after the first bar is background: its segments are all tall enough to hold
    // their labels (27%, 26%, 47% of 320 px).
    assert_eq!(inked(&pixmap, 104 + 96 + 2, 72, 104 + 144 - 2, 388), 0);
    // Six holders, six colours; the three holders before the round are in both bars, so blue
    // (Microsoft, 27% then 23.46%) covers about (0.27 + 0.2346) × 320 × 96 ≈ 15,500 pixels.
    let counts = palette_counts(&pixmap);
    assert!(counts[..6].iter().all(|&c| c > 300), "{counts:?}");
    assert!(counts[0] > 13_000 && counts[0] < 16_000, "{counts:?}");

    // Outcomes: four outcomes and the expected bar, each a full stack.
    let pixmap = render(&by_outcome, 1.0);
    for bar in 0..5 {
        let x0 = 104 + bar * (96 + 48);
        let filled = inked(&pixmap, x0 + 2, 72, x0 + 94, 388);
        assert!(filled * 100 >= 92 * 316 * 85, "outcome bar {bar}: {filled}");
    }
    // Amazon (fourth colour, bluish green) is 1.86% of the first bar and 5.95% of the next
    // three: (0.0186 + 3 × 0.0595) × 320 × 96 ≈ 6,050 pixels, plus about 4.32% in the last
    // (≈ 1,330); allow for the separators and the labels written on the segments.
    let counts = palette_counts(&pixmap);
    assert!(counts[3] > 5_500 && counts[3] < 7_600, "{counts:?}");
}

#[test]
fn the_chart_text_is_drawn_where_a_font_is_installed() {
    let (_temp, dir) = memo(OPENAI, &[]);
    let svg = read(&dir, "ownership-by-round.svg");
    // Text as a reader sees it: in human units, not raw numbers.
    for label in [
        ">$730B pre<",
        ">$840B post<",
        ">23.46%<",
        ">5.95%<",
        ">Microsoft<",
    ] {
        assert!(svg.contains(label), "the chart lacks {label}");
    }
    // Segments too short for a label inside (3.57% of 320 px is 11.4 px) get one beside the
    // bar in smaller type: Nvidia's and SoftBank's 30/840.
    assert_eq!(
        svg.matches("font-size=\"10\" fill=\"#000000\">3.57%<")
            .count(),
        2
    );
    // In the outcomes chart, Amazon's 15/805 = 1.86% without the tranche is labelled too.
    let outcomes = read(&dir, "ownership-by-outcome.svg");
    assert!(outcomes.contains("font-size=\"10\" fill=\"#000000\">1.86%<"));
    assert!(!svg.contains("730000000000"));
    assert!(svg.contains("font-family=\"sans-serif\""));
    let (_, fonts) = options();
    if !fonts {
        skip(
            "the_chart_text_is_drawn_where_a_font_is_installed",
            "no font is installed for resvg (fonts-dejavu-core), so chart text cannot be drawn",
        );
        return;
    }
    let pixmap = render(&svg, 1.0);
    // The title (16 px bold, baseline at y = 26 from x = 56) leaves dark pixels in its band.
    assert!(inked(&pixmap, 56, 10, 400, 30) > 200);
    // The labels under the bars (from y = 390 + 18).
    assert!(inked(&pixmap, 104, 395, 200, 440) > 100);
}

// ----- the page in a browser -----------------------------------------------------------------

/// A Chromium or Chrome binary on the PATH, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ]
            .map(|name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

#[test]
fn the_html_page_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        skip(
            "the_html_page_renders_in_headless_chromium",
            "no chromium, chromium-browser or google-chrome on the PATH",
        );
        return;
    };
    let (temp, dir) = memo(OPENAI, &[]);
    let page = format!("file://{}", dir.join("memo.html").display());
    let profile = temp.path().join("profile");
    let run = |extra: &[String]| {
        Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&page)
            .output()
            .expect("chromium runs")
    };
    // The page as the browser parsed it still holds the figures, and both charts.
    let dom = run(&["--dump-dom".to_string()]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    for figure in ["$730B", "$840B", "5.95%", "1.86%", "$805B"] {
        assert!(dom.contains(figure), "the rendered page lacks {figure}");
    }
    assert_eq!(dom.matches("<svg ").count(), 3, "{dom}");
    // A screenshot is mostly white paper with a good deal of ink on it.
    let shot = temp.path().join("memo.png");
    run(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=1200,2400".to_string(),
    ]);
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    if let Some(folder) = std::env::var_os("CAPTABLE_MEMO_PNG_DIR") {
        std::fs::write(Path::new(&folder).join("memo-html.png"), &png).expect("written");
    }
    let pixmap = Pixmap::decode_png(&png).expect("a PNG");
    let ink = inked(&pixmap, 0, 0, pixmap.width(), pixmap.height());
    let all = (pixmap.width() * pixmap.height()) as usize;
    assert!(ink * 100 > all * 3, "{ink} of {all} pixels inked");
    // The charts' colours are on the page.
    let counts = palette_counts(&pixmap);
    assert!(
        counts.iter().filter(|&&c| c > 200).count() >= 6,
        "{counts:?}"
    );
}

// ----- the README ----------------------------------------------------------------------------

#[test]
fn the_readme_quotes_the_real_summary_and_shows_current_charts() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md exists");
    assert!(readme.contains("captable memo scenarios/openai-2026.toml --output memo/"));
    let (_temp, dir) = memo(OPENAI, &[]);
    let md = read(&dir, "memo.md");
    let summary = md
        .split("## Summary\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\nConditions:").next())
        .expect("memo.md has a summary");
    for paragraph in summary.split("\n\n") {
        assert!(
            readme.contains(&format!("> {paragraph}\n")),
            "README.md does not quote the current summary; paste:\n> {paragraph}"
        );
    }
    // The committed PNGs are 2× renderings of the current charts (regenerate them with
    // `CAPTABLE_MEMO_PNG_DIR=docs cargo test memo::the_charts_render`): same layout, same size.
    for name in ["ownership-by-round", "ownership-by-outcome"] {
        assert!(readme.contains(&format!("docs/{name}.png")));
        assert_png_is_2x(
            &format!("docs/{name}.png"),
            &read(&dir, &format!("{name}.svg")),
        );
    }
}

// ----- the exit waterfall --------------------------------------------------------------------

const THREE_CLASSES: &str = "scenarios/exit-three-classes.toml";

/// The part of `md` from `## heading` up to the next `## ` heading.
fn md_section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(&format!("## {heading}\n"))
        .unwrap_or_else(|| panic!("memo.md lacks ## {heading}:\n{md}"));
    let rest = &md[start + 3..];
    rest.find("\n## ").map_or(rest, |end| &rest[..end])
}

/// The three classes (see `exits::three_classes` and the comments of the file): Series B $20M
/// at 1.5x, most senior; Series A $8M, 1x participating to a 3x cap ($24M); Seed $2M, 1x;
/// 7,000,000 common units (Founders 6M, Employees 1M; the 500,000 pool shares get nothing),
/// 2,000,000 units per class. By hand, at the file's four exits:
/// - $35M (Fire sale): Series B its $30M; Series A the $5M left, 3:1 → A Lead $3.75M, A Partner
///   $1.25M; Seed and common nothing.
/// - $60M (Acqui-hire): B $30M; A $8M + 2/11 × ($60M − $38M) = $12M (A Lead 3/4 = $9M, A
///   Partner $3M); the Seed converts, 2/11 × $22M = $4M; common 7/11 × $22M = $14M (Founders
///   6/7 = $12M, Employees $2M).
/// - $150M (Strategic sale): A at its 3x cap, $24M (A Lead $18M, A Partner $6M); B $30M; the
///   other $96M to common and the converted Seed, 7:2: common 96 × 7/9 = $74.67M → $74.7M
///   (Founders 96 × 6/9 = $64M, Employees 96/9 = $10.67M → $10.7M), Seed 96 × 2/9 = $21.33M →
///   $21.3M.
/// - $400M (Big exit): all convert, 13,000,000 units: each class 2/13 × 400 = $61.54M → $61.5M;
///   common 7/13 × 400 = $215.38M → $215.4M; Founders 6/13 × 400 = $184.62M → $184.6M; A Lead
///   3/4 × 61.54 = $46.15M → $46.2M, A Partner $15.38M → $15.4M.
#[test]
fn a_memo_with_exits_has_the_waterfall_the_chart_the_breakpoints_and_the_stack() {
    let (_temp, dir) = memo(THREE_CLASSES, &[]);
    // Of the three rounds only the Series A (A Lead and A Partner) has two causes: one bridge
    // chart, numbered by its round.
    assert_eq!(
        file_names(&dir),
        [
            "dilution-bridge-2.svg",
            "memo.html",
            "memo.md",
            "ownership-by-round.svg",
            "payouts-at-exit.svg"
        ]
    );
    let md = read(&dir, "memo.md");
    let by_holder = md_section(&md, "Payouts by holder");
    for row in [
        "| Holder | Class | Invested | Fire sale ($35M) | Acqui-hire ($60M) | Strategic sale ($150M) | Big exit ($400M) |",
        "| Founders | Common | — | $0 | $12M | $64M | $184.6M |",
        "| Employees | Common | — | $0 | $2M | $10.7M | $30.8M |",
        "| Seed Fund | Series Seed | $2M | $0 | $4M | $21.3M | $61.5M |",
        "| A Lead | Series A | $6M | $3.75M | $9M | $18M | $46.2M |",
        "| A Partner | Series A | $2M | $1.25M | $3M | $6M | $15.4M |",
        "| B Growth | Series B | $20M | $30M | $30M | $30M | $61.5M |",
        "| Total |  | $30M | $35M | $60M | $150M | $400M |",
    ] {
        assert!(by_holder.contains(row), "lacks {row:?}:\n{by_holder}");
    }
    // The pool is not a payee.
    assert!(!by_holder.contains("Option pool"), "{by_holder}");
    let by_class = md_section(&md, "Payouts by class");
    for row in [
        "| Fire sale | $35M | $0 | $0 | $5M | $30M | none |",
        "| Acqui-hire | $60M | $14M | $4M | $12M | $30M | Series Seed |",
        "| Strategic sale | $150M | $74.7M | $21.3M | $24M | $30M | Series Seed |",
        "| Big exit | $400M | $215.4M | $61.5M | $61.5M | $61.5M | Series Seed, Series A, Series B |",
    ] {
        assert!(by_class.contains(row), "lacks {row:?}:\n{by_class}");
    }
    // The preference stack, most senior first: the B's 1.5 × $20M = $30M, the A's $8M with its
    // 3x cap, the Seed's $2M; in words and as a table in that order.
    let at_exit = md_section(&md, "At exit");
    for line in [
        "1. Series B (1.5x non-participating: $30M on $20M invested)",
        "2. Series A (1.0x participating to a 3.0x cap: $8M on $8M invested)",
        "3. Series Seed (1.0x non-participating: $2M on $2M invested)",
        "4. What is left: common, the participating classes and whatever converts",
    ] {
        assert!(at_exit.contains(line), "lacks {line:?}:\n{at_exit}");
    }
    let stack = md_section(&md, "Preference stack");
    let b = stack
        .find("| Series B | 3 | 1.5x | no |")
        .expect("the B's row");
    let a = stack
        .find("| Series A | 2 | 1.0x | yes | 3.0x |")
        .expect("the A's row");
    let seed = stack
        .find("| Series Seed | 1 | 1.0x | no |")
        .expect("the Seed's row");
    assert!(b < a && a < seed, "{stack}");
    // The breakpoints of the file's comments, in words: B covered at $30M, A at $38M, common
    // from $40M, the Seed converts at $49M (2M × ($49M − $40M) ÷ 9M = $2M), the A's cap at
    // $126M ($8M + 2/11 × $88M = $24M), the A converts at $162M, the B at $195M.
    for sentence in [
        "- Series B's preference is paid in full at $30M.",
        "- Series A's preference is paid in full at $38M.",
        "- Common receives nothing below $40M, where every preference is paid.",
        "- Series Seed converts to common above $49M.",
        "- Series A reaches its 3.0x cap at $126M.",
        "- Series A converts to common above $162M.",
        "- Series B converts to common above $195M.",
    ] {
        assert!(at_exit.contains(sentence), "lacks {sentence:?}:\n{at_exit}");
    }
    assert!(at_exit.contains("![Exit waterfall: three preferred classes (illustrative): payout by class at exit](payouts-at-exit.svg)"));

    // The chart is the one `exit --chart` draws for the same exits, byte for byte, and it is
    // inline in the page beside the ownership chart.
    let temp = tempfile::tempdir().expect("a temporary folder");
    let chart = temp.path().join("payouts.svg");
    Test::new()
        .args([
            "exit",
            THREE_CLASSES,
            "--chart",
            chart.to_str().expect("UTF-8"),
        ])
        .run()
        .success();
    let svg = std::fs::read_to_string(&chart).expect("the chart");
    assert_eq!(read(&dir, "payouts-at-exit.svg"), svg);
    let html = read(&dir, "memo.html");
    assert!(html.contains(&svg), "the page holds the payout chart");
    // Ownership by round, the Series A's dilution bridge and the payout chart.
    assert_eq!(html.matches("<svg ").count(), 3);
    for figure in [
        "$184.6M",
        "$74.7M",
        "$3.75M",
        "Common receives nothing below $40M",
    ] {
        assert!(html.contains(figure), "memo.html lacks {figure}");
    }
}

/// `--exit` replaces the file's exits. At $40M every preference is paid and nothing is left
/// (B $30M, A $8M, Seed $2M); at $100M the B takes $30M, the A its $8M, and the $62M left is
/// shared by common (7M units), the converted Seed (2M) and the participating A (2M):
/// A 8 + 62 × 2/11 = $19.27M → $19.3M, Seed 62 × 2/11 = $11.27M → $11.3M, common
/// 62 × 7/11 = $39.45M → $39.5M (Founders 62 × 6/11 = $33.82M → $33.8M).
#[test]
fn exit_values_on_the_command_line_replace_the_files() {
    let (_temp, dir) = memo(THREE_CLASSES, &["--exit", "40M", "--exit", "$100M"]);
    let md = read(&dir, "memo.md");
    assert!(md.contains("for the exit values given with --exit"), "{md}");
    assert!(!md.contains("Fire sale"), "{md}");
    let by_class = md_section(&md, "Payouts by class");
    assert!(
        by_class.contains("| 40M | $40M | $0 | $2M | $8M | $30M | none |"),
        "{by_class}"
    );
    assert!(
        by_class.contains("| $100M | $100M | $39.5M | $11.3M | $19.3M | $30M | Series Seed |"),
        "{by_class}"
    );
    // An exit named by its value is a column titled by the value alone.
    let by_holder = md_section(&md, "Payouts by holder");
    assert!(
        by_holder.contains("| Holder | Class | Invested | $40M | $100M |"),
        "{by_holder}"
    );
    assert!(
        by_holder.contains("| Founders | Common | — | $0 | $33.8M |"),
        "{by_holder}"
    );
}

#[test]
fn no_exits_no_exit_part_and_bad_exit_values_are_usage_errors() {
    let (_temp, dir) = memo(STARTUP, &[]);
    let md = read(&dir, "memo.md");
    assert!(!md.contains("## At exit"), "{md}");
    assert!(!dir.join("payouts-at-exit.svg").exists());
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("m");
    let out = out.to_str().expect("UTF-8");
    for (value, says) in [
        ("lots", "--exit lots: not valid money"),
        (
            "40000000.005",
            "--exit 40000000.005: an exit value is paid in whole cents",
        ),
        ("€40M", "--exit `€40M`"),
    ] {
        let run = Test::new()
            .args(["memo", THREE_CLASSES, "--output", out, "--exit", value])
            .run();
        assert_eq!(run.code, 2, "{value}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{value}: {}", run.stderr);
    }
    assert!(!temp.path().join("m").exists(), "nothing is written");
}

/// The variant of docs/scenario-format.md: a $3M note at 10% outstanding, paid first, with
/// 3M × 10% × 180/365 = $147,945.21 of interest to the exits' date (2026-06-30); a $5M SAFE
/// ranking with the Seed (seniority 1). So the note is covered at $3,147,945.21 → $3.1M and
/// the Series B's $30M at $33,147,945.21 → $33.1M.
#[test]
fn outstanding_notes_come_first_and_safes_rank_with_their_class() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let base = root().join(THREE_CLASSES);
    let variant = format!(
        "extends = {:?}\n\n[scenario]\nname = \"Variant\"\n\n[[safe]]\ninvestor = \"Bridge SAFE\"\namount = \"5M\"\ncap = \"100M\"\nissued = 2026-01-15\n\n[[note]]\ninvestor = \"Venture Debt\"\nprincipal = \"3M\"\ninterest = \"10%\"\nissued = 2026-01-01\n",
        base.to_str().expect("UTF-8")
    );
    let file = temp.path().join("variant.toml");
    std::fs::write(&file, variant).expect("written");
    let (_out, dir) = memo(file.to_str().expect("UTF-8"), &[]);
    let md = read(&dir, "memo.md");
    let at_exit = md_section(&md, "At exit");
    for line in [
        "1. The note of Venture Debt ($3M plus interest to the exit's date, never converts)",
        "2. Series B (1.5x non-participating: $30M on $20M invested)",
        "4. Series Seed (1.0x non-participating: $2M on $2M invested) and the SAFE of Bridge SAFE ($5M, or converts when that pays more), pari passu",
        "- Note of Venture Debt's claim is paid in full at $3.1M.",
        "- Series B's preference is paid in full at $33.1M.",
    ] {
        assert!(at_exit.contains(line), "lacks {line:?}:\n{at_exit}");
    }
}
