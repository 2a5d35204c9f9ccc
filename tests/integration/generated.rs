//! Every scenario the project itself writes passes `captable check`: the starter of
//! `captable new`, every bundled scenario, the valid fuzz seeds, and the files of every
//! generator in the repository — the structure-aware fuzz target's (shared with it, from
//! `fuzz/generator/scenario.rs`) and the property tests' (`properties.rs`). A validation rule
//! that one of them does not know about fails here, instead of silently turning the fuzzer's
//! inputs into rejected ones or a property test's cases into errors.
//!
//! (There is no `import`/`export` command to round-trip yet. The benchmarks' generators in
//! `benches/engine.rs` load their text with `.expect("valid")` and fail when run.)

#[path = "../../fuzz/generator/scenario.rs"]
mod structured;

use arbitrary::{Arbitrary as _, Unstructured};
use captable::diagnostic::{self, Sources};
use captable::scenario::{self, load_text};
use proptest::prelude::*;
use proptest::test_runner::Config;

use super::common::{Test, root};
use super::properties;

/// Loads `text`; Err with the file and its diagnostics when it does not pass, or (unless
/// `warnings` are allowed) has warnings.
fn loads(name: &str, text: String, warnings: bool) -> Result<(), String> {
    let mut sources = Sources::default();
    match load_text(name, text.clone(), &mut sources) {
        Ok(loaded) if warnings || loaded.warnings.is_empty() => Ok(()),
        Ok(loaded) => Err(format!(
            "{name} has warnings:\n{text}\n{}",
            diagnostic::render(&loaded.warnings, &sources, false)
        )),
        Err(diagnostics) => Err(format!(
            "{name} does not pass check:\n{text}\n{}",
            diagnostic::render(&diagnostics, &sources, false)
        )),
    }
}

/// Passes check without warnings.
fn passes(name: &str, text: String) -> Result<(), String> {
    loads(name, text, false)
}

/// A file of the structured generator passes check without warnings: one with ranges (or an
/// unknown basis) as `check` and `report --ranges` read it, every corner valid; any other as
/// every command reads it.
fn generated_passes(rendered: structured::Rendered) -> Result<(), String> {
    if !rendered.ranges {
        return passes("structured.toml", rendered.text);
    }
    let mut sources = Sources::default();
    match scenario::load_ranges_text("structured.toml", rendered.text.clone(), &mut sources) {
        Ok(corners) if corners.len() < 2 => Err(format!(
            "structured.toml is marked as having ranges but has {} corner:\n{}",
            corners.len(),
            rendered.text
        )),
        Ok(corners) if corners[0].loaded.warnings.is_empty() => Ok(()),
        Ok(corners) => Err(format!(
            "structured.toml has warnings:\n{}\n{}",
            rendered.text,
            diagnostic::render(&corners[0].loaded.warnings, &sources, false)
        )),
        Err(diagnostics) => Err(format!(
            "structured.toml does not pass check:\n{}\n{}",
            rendered.text,
            diagnostic::render(&diagnostics, &sources, false)
        )),
    }
}

/// The kinds of section and term of the newer features a generated file has, found in the
/// `[[exit]]`, `[[round.secondary]]` and `[[round]]` blocks of its text.
fn blocks_reached(text: &str, seen: &mut std::collections::BTreeSet<&'static str>) {
    for block in text.split("\n[").skip(1) {
        let (header, body) = block.split_once('\n').unwrap_or((block, ""));
        let range = |key: &str| {
            body.lines()
                .any(|l| l.starts_with(&format!("{key} = \"")) && l.contains(".."))
        };
        match header {
            "[exit]]" => {
                if body.contains("probability = ") {
                    seen.insert("exit probability");
                }
                if body.contains("when = ") {
                    seen.insert("exit when");
                }
            }
            "[round.secondary]]" => {
                for (key, what) in [
                    ("seller = ", "secondary seller"),
                    ("sellers = [", "secondary sellers list"),
                    ("sellers = \"all-common\"", "secondary all-common"),
                    ("shares = ", "secondary shares"),
                    ("stake = ", "secondary stake"),
                    ("amount = ", "secondary amount"),
                    ("price_per_share = ", "secondary price_per_share"),
                    ("valuation = ", "secondary valuation"),
                    ("when = ", "secondary when"),
                    ("class = ", "secondary class"),
                    ("cap = \"", "secondary cap as a percentage or money"),
                ] {
                    if body.contains(key) {
                        seen.insert(what);
                    }
                }
                if body.lines().any(|l| {
                    l.strip_prefix("cap = ")
                        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
                }) {
                    seen.insert("secondary cap as a bare share count");
                }
            }
            "[round]]" => {
                for (key, what) in [
                    ("pre_money", "a pre_money range"),
                    ("post_money", "a post_money range"),
                    ("valuation", "a valuation range"),
                ] {
                    if range(key) {
                        seen.insert(what);
                    }
                }
            }
            "[round.investment]]" if range("amount") => {
                seen.insert("an amount range");
            }
            "[round.grant]]" => {
                if body.contains("Grantee") {
                    seen.insert("a grant to a new holder");
                }
                if body.contains("Option holder") {
                    seen.insert("a grant to an option holder");
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_starter_written_by_new_passes_check() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    Test::new()
        .dir(dir.path())
        .args(["new", "starter.toml"])
        .run()
        .success();
    let out = Test::new()
        .dir(dir.path())
        .args(["check", "starter.toml"])
        .run()
        .success();
    assert!(out.contains("starter.toml"), "check names the file: {out}");
    // And the text printed to standard output is the same file.
    let printed = Test::new().args(["new"]).run().success();
    let written = std::fs::read_to_string(dir.path().join("starter.toml")).expect("written");
    assert_eq!(printed, written);
    passes("starter.toml", written).unwrap();
}

#[test]
fn every_bundled_scenario_and_valid_seed_passes_check() {
    let mut files = Vec::new();
    for folder in ["scenarios", "fuzz/seeds"] {
        for entry in std::fs::read_dir(root().join(folder)).expect("the folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    // The seeds that are meant to be invalid. A file with ranges (scenarios/openai-2026-talks.toml,
    // fuzz/seeds/ranges-talks.toml) is valid: `check` reads it as `report --ranges` does, every
    // corner scenario loaded.
    let invalid = ["bad-many.toml", "not-utf8.toml"];
    let mut checked = 0;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let mut sources = Sources::default();
        // Through the path, so that `extends` is resolved as `check` resolves it.
        let result = scenario::load_ranges(path.to_str().expect("a UTF-8 path"), &[], &mut sources);
        if invalid.contains(&name) {
            assert!(result.is_err(), "{name} is meant to be invalid");
            continue;
        }
        if let Err(diagnostics) = result {
            panic!(
                "{} does not pass check:\n{}",
                path.display(),
                diagnostic::render(&diagnostics, &sources, false)
            );
        }
        checked += 1;
    }
    // Five bundled scenarios and three valid seeds at the time of writing.
    assert!(checked >= 8, "only {checked} files were checked");
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The fuzz target's generator writes only valid files, without warnings, whatever bytes it
    /// is given (short, long, all zeros, all ones).
    #[test]
    fn the_structured_fuzz_generator_writes_valid_files(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..4096),
            (any::<u8>(), 0..4096_usize).prop_map(|(b, n)| vec![b; n]),
        ]
    ) {
        let mut u = Unstructured::new(&bytes);
        let description = structured::Description::arbitrary(&mut u)
            .map_err(|e| TestCaseError::fail(format!("arbitrary: {e}")))?;
        let rendered = description.render();
        generated_passes(rendered).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn the_property_tests_generators_write_valid_files(
        moderate in properties::model(properties::MODERATE),
        huge in properties::model(properties::HUGE),
        instruments in properties::instrument_model(),
    ) {
        // These declare conditions no tranche may use (a warning, W0020, on purpose: the
        // outcomes then repeat), so only errors count.
        loads("moderate.toml", moderate.toml(), true).map_err(TestCaseError::fail)?;
        loads("huge.toml", huge.toml(), true).map_err(TestCaseError::fail)?;
        loads("instruments.toml", instruments.toml(), true).map_err(TestCaseError::fail)?;
    }
}

/// The generator reaches what it is meant to: over a fixed set of inputs, files with every
/// kind of section and term, and every value form, occur.
#[test]
fn the_structured_fuzz_generator_reaches_every_section() {
    let mut seen = std::collections::BTreeSet::new();
    let wanted = [
        "stake = ",
        "shares = ",
        "pool = true",
        "[class.",
        "participating = true",
        "cap = \"",
        "anti_dilution = \"full-ratchet\"",
        "pre_money = ",
        "post_money = ",
        "price_per_share = ",
        "pool_target = ",
        "pool_increase = ",
        "pro_rata = true",
        "[[round.investment.tranche]]",
        "when = ",
        "[[safe]]",
        "kind = \"pre-money\"",
        "mfn = true",
        "discount = ",
        "[[note]]",
        "interest = ",
        "converts_at = ",
        "issued = ",
        "[[commitment]]",
        "[[exit]]",
        "price_decimals = ",
        "price = \"up\"",
        "kind = \"fixed-percentage\"",
        "an exponent",
        "$",
        "€",
        "M\"",
        "a number of 25 digits or more",
        // Options and warrants, grants, secondaries, exit probabilities, ranges.
        "kind = \"option\"",
        "kind = \"warrant\"",
        "exercise_price = ",
        "coverage = ",
        "from_pool = true",
        "[[round.grant]]",
        "a grant to a new holder",
        "a grant to an option holder",
        "[[round.secondary]]",
        "secondary seller",
        "secondary sellers list",
        "secondary all-common",
        "secondary shares",
        "secondary stake",
        "secondary amount",
        "secondary price_per_share",
        "secondary valuation",
        "secondary when",
        "secondary class",
        "secondary cap as a percentage or money",
        "secondary cap as a bare share count",
        "exit probability",
        "exit when",
        "basis = \"pre-money\"",
        "basis = \"post-money\"",
        "basis = \"unknown\"",
        "a pre_money range",
        "a post_money range",
        "a valuation range",
        "an amount range",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut valid = 0;
    let mut first_invalid = None;
    for _ in 0..2000 {
        let bytes: Vec<u8> = (0..2048)
            .map(|_| {
                // xorshift64: a fixed, dependency-free stream of bytes.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 56) as u8
            })
            .collect();
        let mut u = Unstructured::new(&bytes);
        let Ok(description) = structured::Description::arbitrary(&mut u) else {
            continue;
        };
        let rendered = description.render();
        let text = rendered.text.clone();
        blocks_reached(&text, &mut seen);
        let exponent = text
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'e' && w[2].is_ascii_digit());
        if exponent {
            seen.insert("an exponent");
        }
        let mut run = 0;
        for b in text.bytes() {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            if run >= 25 {
                seen.insert("a number of 25 digits or more");
            }
        }
        for w in wanted {
            if text.contains(w) {
                seen.insert(w);
            }
        }
        match generated_passes(rendered) {
            Ok(()) => valid += 1,
            Err(why) if first_invalid.is_none() => first_invalid = Some(why),
            Err(_) => {}
        }
    }
    let missing: Vec<&&str> = wanted.iter().filter(|w| !seen.contains(*w)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
    assert_eq!(
        valid,
        2000,
        "every generated file is valid; the first that is not: {}",
        first_invalid.unwrap_or_default()
    );
}
