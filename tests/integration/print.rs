//! The memo on paper: `memo --pdf` (headless Chromium) on Letter and A4, read back with
//! pdftotext as a reader reads the printed page.
//!
//! Expected figures are worked by hand, not copied from the program.
//!
//! The startup scenario (`scenarios/startup-seed-to-series-a.toml`). Seed: 2,000,000 founder
//! shares; the post-money SAFEs own 500K/5M + 250K/5M = 15% of the company capitalization C,
//! so C = 2,000,000 ÷ 0.85 = 2,352,941.18 and the SAFE price is 5M ÷ C = $2.125: Angel SAFEs
//! 500K ÷ 2.125 = 235,294.1 → 235,294, Accelerator 250K ÷ 2.125 = 117,647.06 → 117,647 (its
//! discount price 0.8 × 2.975 = $2.38 is higher). The pool is 10% of the post-money count in
//! the pre-money count N: the new shares are 2M ÷ (8M ÷ N) = N/4, so the pool is
//! 0.1 × 1.25 N = 0.125 N, N = C ÷ 0.875 = 2,689,075.63, pool 336,134.45 → 336,134, price
//! 8M ÷ N = 7M × 0.85 ÷ 2M = $2.975; Seed Fund 2M ÷ 2.975 = 672,268.9 → 672,268; after:
//! 2,000,000 + 336,134 + 235,294 + 117,647 + 672,268 = 3,361,343 (founders 1M ÷ 3,361,343 =
//! 29.75%, Seed Fund 20.00%, Angel SAFEs 7.00%, Accelerator 3.50%, pool 10.00%).
//! Series A: the note's $1M at 6% for 365 days is $1.06M. With S = 3,361,343, h = 672,268,
//! pool top-up t, note shares n = 1.06M ÷ (30M ÷ (S + t)) (cap price: the cap over the count
//! before the note), pre-money count N = S + t + n, price 40M ÷ N, the lead's 10M buys N/4,
//! the seed fund's pro rata keeps h/S of the post-money count F, and 336,134 + t = 0.12 F:
//! F (1 − h/S − 0.15 k) = 1.25 k (S − 336,134) − h with k = 1 + 1.06/30, so F = 5,030,022.9,
//! t = 267,468.7 → 267,468, n = 128,218.0 → 128,218, N = 3,757,029.76, price $10.6467, lead
//! 939,257.4 → 939,257, seed fund 333,735.7 → 333,735 (for 333,735 × 10.6467… = $3.55M →
//! $3.6M); after: 3,361,343 + 267,468 + 128,218 + 939,257 + 333,735 = 5,030,021 (pool
//! 603,602, seed fund 1,006,003; founders 1M ÷ 5,030,021 = 19.88%, pool 12.00%, lead 18.67%,
//! Angel SAFEs 4.68%, Accelerator 2.34%, Bridge Notes 2.55%).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Test, chromium, skip, tool};

const OPENAI: &str = "scenarios/openai-2026.toml";
const STARTUP: &str = "scenarios/startup-seed-to-series-a.toml";
const THREE_CLASSES: &str = "scenarios/exit-three-classes.toml";

/// Whether chromium and pdftotext are there; says SKIPPED for `test` when not.
fn tools(test: &str) -> bool {
    if chromium().is_none() {
        skip(
            test,
            "no chromium, chromium-browser or google-chrome on the PATH",
        );
        return false;
    }
    if tool("pdftotext").is_none() {
        skip(test, "no pdftotext (poppler-utils)");
        return false;
    }
    true
}

/// `captable memo FILE --pdf --output DIR EXTRA…`; returns the folder (kept alive by the
/// temporary folder).
fn pdf_memo(file: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    Test::new()
        .args([
            "memo",
            file,
            "--pdf",
            "--output",
            dir.to_str().expect("UTF-8"),
        ])
        .args(extra)
        .run()
        .success();
    (temp, dir)
}

/// The PDF's text line by line as laid out on the pages (`pdftotext -layout`: a table's row
/// is one line), spaces and line breaks made single spaces.
fn text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One word of the PDF with its box, and the page's width.
#[derive(Debug)]
struct Word {
    text: String,
    x_min: f64,
    x_max: f64,
    page_width: f64,
}

/// Every word of the PDF with its horizontal extent (`pdftotext -bbox`).
fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout);
    let page = regex::Regex::new(r#"<page width="([\d.]+)""#).expect("a pattern");
    let word = regex::Regex::new(
        r#"<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>"#,
    )
    .expect("a pattern");
    let mut width = 0.0;
    let mut found = Vec::new();
    for line in html.lines() {
        if let Some(c) = page.captures(line) {
            width = c[1].parse().expect("a width");
        } else if let Some(c) = word.captures(line) {
            found.push(Word {
                text: c[3].to_string(),
                x_min: c[1].parse().expect("a number"),
                x_max: c[2].parse().expect("a number"),
                page_width: width,
            });
        }
    }
    found
}

/// The text from `start` up to `end` (both in `text`).
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("the PDF lacks {start:?}:\n{text}"));
    let rest = &text[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("the PDF lacks {end:?} after {start:?}:\n{rest}"));
    &rest[..to]
}

#[test]
fn the_startup_pdf_holds_every_holder_and_figure() {
    let test = "the_startup_pdf_holds_every_holder_and_figure";
    if !tools(test) {
        return;
    }
    let (_temp, dir) = pdf_memo(STARTUP, &[]);
    let pdf = dir.join("memo.pdf");
    assert!(std::fs::read(&pdf).expect("memo.pdf").starts_with(b"%PDF"));
    let text = text(&pdf);
    // The seed's cap table: every holder with its shares and ownership after the round.
    let seed = between(&text, "Cap table after Seed", "Workings for Series A");
    for (holder, shares, after) in [
        ("Founder A", "1,000,000", "29.75%"),
        ("Founder B", "1,000,000", "29.75%"),
        ("Option pool", "336,134", "10.00%"),
        ("Seed Fund", "672,268", "20.00%"),
        ("Angel SAFEs", "235,294", "7.00%"),
        ("Accelerator", "117,647", "3.50%"),
    ] {
        for figure in [holder, shares, after] {
            assert!(
                seed.contains(figure),
                "Cap table after Seed lacks {figure}:\n{seed}"
            );
        }
    }
    let series_a = between(&text, "Cap table after Series A", "Money in K/M/B/T");
    for (holder, shares, after) in [
        ("Founder A", "1,000,000", "19.88%"),
        ("Founder B", "1,000,000", "19.88%"),
        ("Option pool", "603,602", "12.00%"),
        ("Seed Fund", "1,006,003", "20.00%"),
        ("Series A Lead", "939,257", "18.67%"),
        ("Angel SAFEs", "235,294", "4.68%"),
        ("Accelerator", "117,647", "2.34%"),
        ("Bridge Notes", "128,218", "2.55%"),
    ] {
        for figure in [holder, shares, after] {
            assert!(
                series_a.contains(figure),
                "Cap table after Series A lacks {figure}:\n{series_a}"
            );
        }
    }
    // The workings and the valuation: counts and prices of the module comment.
    for figure in [
        "3,361,343",
        "267,468",
        "5,030,021",
        "$2.975",
        "$10.6467",
        "$1.06M",
        "$3.6M",
        "$53.6M",
        "$13.6M",
    ] {
        assert!(text.contains(figure), "memo.pdf lacks {figure}:\n{text}");
    }
    // The rounding rule is printed too.
    assert!(text.contains("rounded half away from zero"), "{text}");
}

/// Nothing is cut off or shrunk on Letter or A4: every word lies within the page's margins
/// (12 mm = 34.0 pt each side), the widest tables print every holder and figure (OpenAI's
/// outcomes; three classes at fourteen exit values, a table split into column groups), and
/// the page is printed at its own size (a heading is as wide as in a memo with small tables;
/// Chromium shrinks a page whose content overflows).
///
/// OpenAI outcomes by hand: without the $35B tranche the post-money is $805B and Microsoft
/// holds 27% × 730/805 = 24.48%, the Foundation 26% × 730/805 = 23.58%, employees and others
/// 47% × 730/805 = 42.62%, Amazon 15/805 = 1.86%, Nvidia and SoftBank 30/805 = 3.73%; with it
/// $840B: 23.46%, 22.60%, 40.85%, 5.95%, 3.57%; expected Nvidia 0.4 × 30/805 + 0.6 × 30/840 =
/// 3.63%.
#[test]
fn printed_memos_fit_letter_and_a4() {
    let test = "printed_memos_fit_letter_and_a4";
    if !tools(test) {
        return;
    }
    let margin = 12.0 / 25.4 * 72.0;
    let heading_width = |words: &[Word]| {
        let w = words
            .iter()
            .find(|w| w.text == "Summary")
            .expect("the Summary heading");
        w.x_max - w.x_min
    };
    // The reference: a memo whose tables are all narrow.
    let small = "[scenario]\nname = \"Small\"\n\n[[holder]]\nname = \"Founder\"\nshares = 1_000_000\n\n[[round]]\nname = \"Seed\"\npre_money = \"8M\"\n\n[[round.investment]]\ninvestor = \"Fund\"\namount = \"2M\"\n";
    let temp = tempfile::tempdir().expect("a temporary folder");
    let small_path = temp.path().join("small.toml");
    std::fs::write(&small_path, small).expect("written");
    let small_path = small_path.to_str().expect("UTF-8").to_string();
    let mut fourteen = Vec::new();
    for v in [
        "10M", "20M", "30M", "35M", "40M", "49M", "60M", "100M", "126M", "150M", "162M", "195M",
        "250M", "400M",
    ] {
        fourteen.extend(["--exit", v]);
    }
    for paper in ["letter", "a4"] {
        let (_a, reference) = pdf_memo(&small_path, &["--paper", paper]);
        let reference = heading_width(&words(&reference.join("memo.pdf")));
        let expected_width = if paper == "a4" { 595.0 } else { 612.0 };
        let mut cases: Vec<(&str, Vec<&str>)> = vec![
            (OPENAI, vec![]),
            (STARTUP, vec![]),
            (THREE_CLASSES, fourteen.clone()),
        ];
        for (file, extra) in &mut cases {
            extra.extend(["--paper", paper]);
            let (_b, dir) = pdf_memo(file, extra);
            let pdf = dir.join("memo.pdf");
            let words = words(&pdf);
            assert!(!words.is_empty());
            for w in &words {
                assert!(
                    (w.page_width - expected_width).abs() < 1.0,
                    "{file} on {paper}: a page {} pt wide",
                    w.page_width
                );
                assert!(
                    w.x_min >= margin - 1.0 && w.x_max <= w.page_width - margin + 1.0,
                    "{file} on {paper}: {w:?} is outside the margins"
                );
            }
            let width = heading_width(&words);
            assert!(
                (width - reference).abs() < reference * 0.002,
                "{file} on {paper}: the page is shrunk ({width} pt against {reference} pt)"
            );
            let text = text(&pdf);
            if *file == OPENAI {
                let outcomes = between(&text, "Outcomes ipo", "Holder columns:");
                // Headings wrap in print, so names are looked for word by word.
                for figure in [
                    "Microsoft",
                    "OpenAI",
                    "Foundation",
                    "Employees",
                    "investors",
                    "Amazon",
                    "Nvidia",
                    "SoftBank",
                    "24.48%",
                    "23.58%",
                    "42.62%",
                    "1.86%",
                    "3.73%",
                    "23.46%",
                    "22.60%",
                    "40.85%",
                    "5.95%",
                    "3.57%",
                    "3.63%",
                    "$805B",
                    "$840B",
                ] {
                    assert!(
                        outcomes.contains(figure),
                        "{paper}: the outcomes table lacks {figure}:\n{outcomes}"
                    );
                }
            }
            if *file == THREE_CLASSES {
                // At $100M: Founders 62 × 6/11 = $33.8M; at $400M $184.6M (6/13 × 400); the
                // total row is each exit value.
                let by_holder = between(&text, "Payouts by holder", "Whole cents summing");
                for figure in [
                    "$10M",
                    "$49M",
                    "$126M",
                    "$195M",
                    "$250M",
                    "$400M",
                    "$33.8M",
                    "$184.6M",
                    "B Growth",
                    "A Partner",
                ] {
                    assert!(
                        by_holder.contains(figure),
                        "{paper}: payouts by holder lack {figure}:\n{by_holder}"
                    );
                }
            }
        }
    }
}

/// A browser that is not there, or fails, is a clear error and nothing is written. These need
/// no browser: the PATH is emptied, or `CAPTABLE_CHROMIUM` names a stand-in script.
#[test]
fn without_a_browser_pdf_is_an_error_and_nothing_is_written() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = temp.path().join("memo");
    let dir_text = dir.to_str().expect("UTF-8");
    let run = Test::new()
        .args(["memo", STARTUP, "--pdf", "--output", dir_text])
        .env("PATH", "/nonexistent")
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for says in [
        "none was found on the PATH (chromium, chromium-browser, google-chrome, google-chrome-stable)",
        "CAPTABLE_CHROMIUM",
        "nothing was written",
    ] {
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    assert!(!dir.exists());

    let run = Test::new()
        .args(["memo", STARTUP, "--pdf", "--output", dir_text])
        .env("CAPTABLE_CHROMIUM", "/nonexistent/chrome")
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("CAPTABLE_CHROMIUM=/nonexistent/chrome names no browser file"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());

    // --paper without --pdf is a usage error.
    let run = Test::new()
        .args(["memo", STARTUP, "--paper", "a4", "--output", dir_text])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.exists());
}

#[cfg(unix)]
#[test]
fn the_browser_is_driven_with_a_fresh_profile_and_its_pdf_written_atomically() {
    use std::os::unix::fs::PermissionsExt as _;
    let temp = tempfile::tempdir().expect("a temporary folder");
    // A stand-in browser: records its arguments, and writes a small "PDF" where asked.
    let args_file = temp.path().join("args.txt");
    let script = temp.path().join("fake-chrome");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4 stand-in' > \"${{a#--print-to-pdf=}}\";; esac; done\n",
            args_file.display()
        ),
    )
    .expect("written");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let dir = temp.path().join("memo");
    Test::new()
        .args([
            "memo",
            STARTUP,
            "--pdf",
            "--output",
            dir.to_str().expect("UTF-8"),
        ])
        .env("CAPTABLE_CHROMIUM", script.to_str().expect("UTF-8"))
        .run()
        .success();
    assert_eq!(
        std::fs::read(dir.join("memo.pdf")).expect("memo.pdf"),
        b"%PDF-1.4 stand-in"
    );
    let args = std::fs::read_to_string(&args_file).expect("the arguments");
    for flag in [
        "--headless",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-pdf-header-footer",
    ] {
        assert!(args.lines().any(|l| l == flag), "{flag} missing:\n{args}");
    }
    assert!(
        args.lines().any(|l| l.starts_with("--user-data-dir=")),
        "{args}"
    );
    assert!(
        args.lines()
            .any(|l| l.starts_with("file://") && l.ends_with("/memo.html")),
        "{args}"
    );
    // The browser's temporary folder is gone.
    let profile = args
        .lines()
        .find_map(|l| l.strip_prefix("--user-data-dir="))
        .expect("a profile");
    assert!(!Path::new(profile).exists(), "{profile} is left behind");

    // A browser that fails: an error with its words, and nothing written.
    let failing = temp.path().join("failing-chrome");
    std::fs::write(&failing, "#!/bin/sh\necho 'no display here' >&2\nexit 3\n").expect("written");
    std::fs::set_permissions(&failing, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let other = temp.path().join("other");
    let run = Test::new()
        .args([
            "memo",
            STARTUP,
            "--pdf",
            "--output",
            other.to_str().expect("UTF-8"),
        ])
        .env("CAPTABLE_CHROMIUM", failing.to_str().expect("UTF-8"))
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot print memo.pdf"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no display here"), "{}", run.stderr);
    assert!(!other.exists(), "nothing is written when printing fails");
}

#[test]
fn the_readme_shows_a_printed_page() {
    let readme =
        std::fs::read_to_string(crate::common::root().join("README.md")).expect("README.md");
    assert!(readme.contains("](docs/memo-printed-page.png)"));
    assert!(
        readme.contains("captable memo scenarios/exit-three-classes.toml --output memo/ --pdf")
    );
    let png = std::fs::read(crate::common::root().join("docs/memo-printed-page.png"))
        .expect("docs/memo-printed-page.png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}
