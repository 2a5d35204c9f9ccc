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

fn read(dir: &Path, name: &str) -> String {
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
    assert_eq!(
        file_names(&dir),
        [
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
    // Both charts inline, the styles inline, nothing to fetch: the only URL is the SVG
    // namespace, which is a name, not a request.
    assert_eq!(html.matches("<svg ").count(), 2);
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
    // No conditions: no outcomes chart.
    assert_eq!(
        file_names(&dir),
        ["memo.html", "memo.md", "ownership-by-round.svg"]
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
fn options() -> (usvg::Options<'static>, bool) {
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

fn render(svg: &str, scale: f32) -> Pixmap {
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
fn keep_png(svg: &str, name: &str) {
    if let Some(folder) = std::env::var_os("CAPTABLE_MEMO_PNG_DIR") {
        let png = render(svg, 2.0).encode_png().expect("PNG encoding");
        std::fs::write(Path::new(&folder).join(name), png).expect("the PNG is written");
    }
}

fn rgb(pixmap: &Pixmap, x: u32, y: u32) -> (u8, u8, u8) {
    let p = pixmap.pixel(x, y).expect("inside the image").demultiply();
    (p.red(), p.green(), p.blue())
}

/// The Okabe–Ito colours the charts use.
const PALETTE: [(u8, u8, u8); 7] = [
    (0x00, 0x72, 0xB2),
    (0xE6, 0x9F, 0x00),
    (0x56, 0xB4, 0xE9),
    (0x00, 0x9E, 0x73),
    (0xD5, 0x5E, 0x00),
    (0xCC, 0x79, 0xA7),
    (0xF0, 0xE4, 0x42),
];

/// How many pixels of each palette colour the image has.
fn palette_counts(pixmap: &Pixmap) -> [usize; 7] {
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
fn inked(pixmap: &Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
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
    assert_eq!(dom.matches("<svg ").count(), 2, "{dom}");
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
        let png = std::fs::read(root().join(format!("docs/{name}.png"))).expect("the PNG");
        let pixmap = Pixmap::decode_png(&png).expect("a PNG");
        let svg = read(&dir, &format!("{name}.svg"));
        let (options, _) = options();
        let size = usvg::Tree::from_str(&svg, &options)
            .expect("valid SVG")
            .size()
            .to_int_size();
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            (size.width() * 2, size.height() * 2),
            "docs/{name}.png is not a 2x rendering of the current chart"
        );
    }
}
