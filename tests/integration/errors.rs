//! The error corpus: every `tests/errors/NAME.toml` against its expected standard error.
//!
//! Each bad scenario file `tests/errors/NAME.toml` has beside it `NAME.stderr`, the exact standard
//! error of `captable check tests/errors/NAME.toml` run from the repository root with
//! `NO_COLOR=1` (so paths in messages are relative and stable, and there is no colour).
//!
//! Exit code convention: a file exits 1 (the input is wrong) unless its first line is a comment
//! `# exit: N`, which gives the expected code instead; files that only produce warnings (an
//! unused condition) start with `# exit: 0`. Files that exit 0 must also print `NAME.toml: ok`.
//! A leading comment line `# args: --set KEY=VALUE …` adds command-line arguments.
//! A file that fails prints nothing on standard output.
//!
//! Bless mode, for maintainers: `CAPTABLE_BLESS=1 cargo test --test integration errors` rewrites
//! every `.stderr` file from the current binary (exit codes are still checked). Read every
//! rewritten message before committing it: does it name `path:line:column`, does the caret sit
//! under the right value, does it say what is wrong and how to fix it? `docs/errors.md` quotes
//! these files; update it too.
//!
//! Every `.stderr` here was read and judged by hand; the messages that fall short are listed with
//! the wanted improvement in the `#[ignore = "bug: …"]` tests at the end of this module.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{Output, Test, root};

/// Codes documented in docs/errors.md that the corpus need not produce, each because no
/// scenario file given to `check` can produce it; each is covered by the test named.
const EXEMPT: &[&str] = &[
    // Features being implemented.
    "E0022", // Unreadable files; also covered by `cli`.
    "E0024", // Found only by the `exit` command, not by `check`; covered by `exits`.
    "E0027",
    // `import ocf`: the input is an OCF package (JSON), not a scenario file; covered by
    // `ocf::a_package_that_cannot_be_read_is_an_error_that_says_what_to_give`.
    "E0040",
    // `import ocf --strict`: an OCF package again; covered by
    // `ocf::strict_names_each_invalid_item_with_its_file_id_and_path`.
    "E0041",
    // `export ocf` of a scenario in stakes: a file `check` accepts; covered by
    // `ocf::a_file_in_stakes_cannot_be_exported`.
    "E0042",
];

fn corpus_dir() -> PathBuf {
    root().join("tests/errors")
}

/// Every `NAME` with a `tests/errors/NAME.toml`, sorted.
fn corpus() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .expect("tests/errors exists")
        .filter_map(|entry| {
            let path = entry.expect("readable directory entry").path();
            (path.extension()? == "toml").then(|| path.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    names
}

/// The expected exit code: `# exit: N` on the first line, else 1.
fn expected_exit(toml: &[u8]) -> i32 {
    let first = toml.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first)
        .trim()
        .strip_prefix("# exit:")
        .map_or(1, |code| {
            code.trim().parse().expect("`# exit: N` holds a number")
        })
}

fn run_check(name: &str) -> Output {
    let path = format!("tests/errors/{name}.toml");
    Test::new()
        .args(["check", &path])
        .args(extra_args(
            &fs::read(root().join(&path)).unwrap_or_default(),
        ))
        .env("NO_COLOR", "1")
        .run()
}

/// Extra command-line arguments: a line `# args: ARG ARG …` among the leading comments (each
/// argument separated by a space, no quoting), used for `--set` cases.
fn extra_args(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| line.strip_prefix("# args:"))
        .map(|args| args.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

fn blessing() -> bool {
    std::env::var_os("CAPTABLE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Reads a corpus file's expected standard error.
fn expected_stderr(name: &str) -> String {
    fs::read_to_string(corpus_dir().join(format!("{name}.stderr"))).unwrap_or_else(|e| {
        panic!("tests/errors/{name}.stderr: {e}; write it with CAPTABLE_BLESS=1 and read it")
    })
}

/// The first line where two texts differ, shown for a failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    for number in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => break,
            (e, a) if e == a => {}
            (e, a) => {
                return format!(
                    "line {number}:\n    expected: {}\n    actual:   {}",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>")
                );
            }
        }
    }
    "the texts differ only in line endings".into()
}

#[test]
fn every_corpus_file_gives_its_expected_message_and_exit_code() {
    let names = corpus();
    assert!(
        names.len() >= 40,
        "the corpus has {} files; keep at least 40",
        names.len()
    );
    let bless = blessing();
    let mut failures = Vec::new();
    for name in &names {
        let toml = fs::read(corpus_dir().join(format!("{name}.toml"))).expect("readable");
        let exit = expected_exit(&toml);
        let output = run_check(name);
        let file = format!("tests/errors/{name}.toml");
        if output.code != exit {
            failures.push(format!(
                "{file}: exit {} (expected {exit})\n{}",
                output.code, output.stderr
            ));
        }
        if exit == 0 {
            let ok = format!("{file}: ok (");
            if !output.stdout.starts_with(&ok) {
                failures.push(format!(
                    "{file}: stdout does not start with `{ok}`: {:?}",
                    output.stdout
                ));
            }
        } else if !output.stdout.is_empty() {
            failures.push(format!(
                "{file}: failed but printed on stdout: {:?}",
                output.stdout
            ));
        }
        if bless {
            fs::write(corpus_dir().join(format!("{name}.stderr")), &output.stderr)
                .expect("the .stderr file is writable");
            continue;
        }
        let expected = expected_stderr(name);
        if output.stderr != expected {
            failures.push(format!(
                "{file}: standard error differs from {name}.stderr at {}\n--- actual standard error:\n{}",
                first_difference(&expected, &output.stderr),
                output.stderr
            ));
        }
    }
    if bless {
        // The examples in docs/errors.md quote the corpus: rewrite them from the new files.
        let (synced, _) = sync_docs(&read_docs());
        fs::write(root().join("docs/errors.md"), synced).expect("docs/errors.md is writable");
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus files fail (bless with CAPTABLE_BLESS=1 only after reading the new messages):\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_expected_message_has_its_scenario_file() {
    let names: BTreeSet<String> = corpus().into_iter().collect();
    for entry in fs::read_dir(corpus_dir()).expect("tests/errors exists") {
        let path = entry.expect("readable directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        match name.rsplit_once('.') {
            Some((stem, "stderr")) => assert!(
                names.contains(stem),
                "tests/errors/{name} has no {stem}.toml beside it"
            ),
            Some((_, "toml")) => {}
            _ => panic!("tests/errors/{name}: only NAME.toml and NAME.stderr belong here"),
        }
    }
}

fn read_docs() -> String {
    fs::read_to_string(root().join("docs/errors.md")).expect("docs/errors.md exists")
}

/// The text of a fenced block opened by `fence` at `lines[*at]`, advancing past its closing
/// fence; `None` (and no advance) if `lines[*at]` does not open such a block.
fn fenced_block(lines: &[&str], at: &mut usize, fence: &str) -> Option<String> {
    if lines.get(*at).map(|line| line.trim_end()) != Some(fence) {
        return None;
    }
    let mut text = String::new();
    let mut i = *at + 1;
    while let Some(line) = lines.get(i) {
        if line.trim_end() == "```" {
            *at = i + 1;
            return Some(text);
        }
        text.push_str(line);
        text.push('\n');
        i += 1;
    }
    panic!(
        "docs/errors.md: the block opened on line {} is never closed",
        *at + 1
    );
}

/// Rewrites each example of docs/errors.md from the corpus. An example is a line
/// `<!-- corpus: NAME -->`, then optionally a ```` ```toml ```` block holding `NAME.toml`, then a
/// ```` ```text ```` block holding `NAME.stderr`. Returns the synced text and, per example that
/// differed, a description.
fn sync_docs(docs: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = docs.lines().collect();
    let mut out = String::new();
    let mut differences = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        out.push_str(line);
        out.push('\n');
        at += 1;
        let Some(name) = line
            .trim()
            .strip_prefix("<!-- corpus: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        if let Some(shown) = fenced_block(&lines, &mut at, "```toml") {
            let toml = fs::read_to_string(corpus_dir().join(format!("{name}.toml")))
                .unwrap_or_else(|e| panic!("docs/errors.md quotes tests/errors/{name}.toml: {e}"));
            if shown != toml {
                differences.push(format!("{name}.toml"));
            }
            out.push_str("```toml\n");
            out.push_str(&toml);
            out.push_str("```\n");
        }
        let shown = fenced_block(&lines, &mut at, "```text").unwrap_or_else(|| {
            panic!("docs/errors.md: `<!-- corpus: {name} -->` must be followed by a ```text block")
        });
        let stderr = expected_stderr(name);
        if shown != stderr {
            differences.push(format!("{name}.stderr"));
        }
        out.push_str("```text\n");
        out.push_str(&stderr);
        out.push_str("```\n");
    }
    (out, differences)
}

#[test]
fn docs_examples_quote_the_corpus_exactly() {
    if blessing() {
        return; // the corpus test rewrites the docs after blessing
    }
    let docs = read_docs();
    let (_, differences) = sync_docs(&docs);
    assert!(
        differences.is_empty(),
        "docs/errors.md does not quote these corpus files as they are: {differences:?}; \
         rewrite the examples with CAPTABLE_BLESS=1"
    );
    let examples = docs.matches("<!-- corpus: ").count();
    assert!(
        examples >= 24,
        "docs/errors.md has only {examples} corpus examples"
    );
}

/// Codes named in `docs/errors.md` headings (`## E0001 …`).
fn documented_codes() -> Vec<String> {
    read_docs()
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(|heading| heading.split_whitespace().next())
        .filter(|word| is_code(word))
        .map(String::from)
        .collect()
}

fn is_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with(['E', 'W']) && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Codes the program defines: every `=> "E0001"` in `src/diagnostic.rs` (`Code::as_str`).
fn defined_codes() -> Vec<String> {
    let source = fs::read_to_string(root().join("src/diagnostic.rs")).expect("src/diagnostic.rs");
    source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Code::"))
        .filter_map(|rest| rest.split_once("=> \"")?.1.split_once('"'))
        .map(|(code, _)| code.to_string())
        .filter(|code| is_code(code))
        .collect()
}

#[test]
fn every_documented_code_is_produced_by_the_corpus() {
    if blessing() {
        return; // the .stderr files are being rewritten by the corpus test
    }
    let documented = documented_codes();
    assert!(
        !documented.is_empty(),
        "docs/errors.md has no `## E0001 …` headings"
    );
    let mut produced = BTreeSet::new();
    for name in corpus() {
        let stderr = expected_stderr(&name);
        for (i, _) in stderr.match_indices('[') {
            if let Some(code) = stderr.get(i + 1..i + 6)
                && is_code(code)
                && stderr[i + 6..].starts_with(']')
            {
                produced.insert(code.to_string());
            }
        }
    }
    let missing: Vec<&String> = documented
        .iter()
        .filter(|code| !EXEMPT.contains(&code.as_str()) && !produced.contains(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "no file in tests/errors/ produces {missing:?}; add one"
    );
}

#[test]
fn docs_list_every_code_the_program_defines_once_and_in_order() {
    let defined = defined_codes();
    assert!(
        defined.len() >= 24,
        "read only {defined:?} from src/diagnostic.rs; has Code::as_str changed shape?"
    );
    assert_eq!(
        documented_codes(),
        defined,
        "docs/errors.md must have one `## CODE` heading per code of src/diagnostic.rs, in order"
    );
}

#[test]
fn exit_code_convention_is_read_from_the_first_line() {
    assert_eq!(expected_exit(b"# exit: 0\n[scenario]\n"), 0);
    assert_eq!(expected_exit(b"[scenario]\n# exit: 0\n"), 1);
    assert_eq!(expected_exit(b""), 1);
}

// ----- messages that fall short: the behaviour wanted, kept until src/ is fixed ---------------

fn stderr_of(name: &str) -> String {
    run_check(name).input_error()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn value_errors_are_grammatical() {
    for name in ["bad-fraction", "stake-over-100", "negative-shares"] {
        let stderr = stderr_of(name);
        assert!(!stderr.contains("valid a "), "{name}:\n{stderr}");
    }
    assert!(stderr_of("bad-fraction").contains("`stake` is not a valid fraction: \"half\""));
}

#[test]
fn mixed_basis_is_one_error_not_a_bogus_stake_sum() {
    let stderr = stderr_of("mixed-stakes-shares");
    assert_eq!(count(&stderr, "error["), 1, "{stderr}");
    assert!(!stderr.contains("40000060%"), "{stderr}");
}

#[test]
fn a_when_error_does_not_also_call_its_conditions_unused() {
    // `ipo or agj`: ipo is declared and used; only agj is wrong.
    for name in [
        "when-unknown-condition",
        "when-symbol-operator",
        "wrong-type-when",
    ] {
        let stderr = stderr_of(name);
        assert!(!stderr.contains("W0020"), "{name}:\n{stderr}");
    }
}

#[test]
fn a_misspelt_key_is_one_error() {
    for name in ["unknown-key-typo", "unknown-key-round"] {
        let stderr = stderr_of(name);
        assert_eq!(count(&stderr, "error["), 1, "{name}:\n{stderr}");
        assert!(stderr.contains("error[E0002]"), "{name}:\n{stderr}");
    }
}

#[test]
fn a_syntax_error_at_the_end_of_a_line_points_at_that_line() {
    for (name, location) in [
        (
            "toml-syntax-unclosed-table",
            "toml-syntax-unclosed-table.toml:1:10",
        ),
        ("toml-syntax-several", "toml-syntax-several.toml:2:13"),
    ] {
        let stderr = stderr_of(name);
        assert!(stderr.contains(location), "{name}:\n{stderr}");
        assert!(
            !stderr.contains("|_"),
            "multi-line annotation in {name}:\n{stderr}"
        );
    }
}

#[test]
fn a_duplicate_key_gets_relevant_help() {
    let stderr = stderr_of("toml-syntax-duplicate-key");
    assert!(!stderr.contains("double quotes"), "{stderr}");
}

#[test]
fn a_large_round_number_is_read_like_its_exponent_form() {
    // 50000000000000000000000000000 = 5e28 < 2^96 - 1 (about 7.9e28): one significant digit, and
    // "5e28" is accepted, so the plain form should be too.
    // (tests/errors/too-large-digits.toml keeps a 30-digit count, above the maximum.)
    let scenario = fs::read_to_string("tests/errors/too-large-digits.toml")
        .expect("corpus file")
        .replace(
            "500000000000000000000000000000",
            "50000000000000000000000000000",
        );
    let output = Test::new().args(["check", "-"]).stdin(&scenario).run();
    assert_eq!(output.code, 0, "{}", output.stderr);
}

#[test]
fn an_overflow_in_the_engine_points_at_the_round() {
    let stderr = stderr_of("overflow-post-money");
    assert!(
        stderr.contains("--> tests/errors/overflow-post-money.toml:"),
        "{stderr}"
    );
}

#[test]
fn a_non_utf8_byte_is_located_by_line_and_column() {
    // Line 2 is `name = "Caf\xE9 Ltd"`: the bad byte follows 11 characters, so column 12.
    let stderr = stderr_of("not-utf8");
    assert!(
        stderr.contains("tests/errors/not-utf8.toml:2:12"),
        "{stderr}"
    );
}

#[test]
fn the_runner_reports_relative_paths() {
    // The corpus depends on messages naming the path exactly as given on the command line.
    let stderr = stderr_of("stakes-sum-99");
    assert!(
        stderr.contains(" --> tests/errors/stakes-sum-99.toml:14:9\n"),
        "{stderr}"
    );
    assert!(!stderr.contains(Path::new(env!("CARGO_MANIFEST_DIR")).to_str().unwrap()));
}

// ----- the root cause first: a value or key that fails to read is the error shown first --------

/// The line (1-based) of `tests/errors/NAME.toml` that holds `text`, comments aside.
fn line_of(name: &str, text: &str) -> usize {
    let toml = fs::read_to_string(corpus_dir().join(format!("{name}.toml"))).expect("corpus file");
    toml.lines()
        .position(|line| !line.starts_with('#') && line.contains(text))
        .unwrap_or_else(|| panic!("tests/errors/{name}.toml has no line with {text:?}"))
        + 1
}

/// Where the first `error[` block of a standard error points: its first ` --> ` line.
fn first_error_location(stderr: &str) -> &str {
    let first = stderr.find("error[").expect("an error[ block");
    let arrow = stderr[first..].find("--> ").expect("a --> line") + first + 4;
    stderr[arrow..].lines().next().unwrap_or_default()
}

#[test]
fn the_first_error_is_about_the_line_with_the_real_mistake() {
    // Each file has one mistake that others depend on (a SAFE converting in a round that fails
    // to read, a note whose interest needs a round date that fails to read, …): the first error
    // points at the mistake's line, and no knock-on error about the dependants follows.
    for (name, mistake) in [
        ("cascade-round-bad-value", "pre_money = \"4OM\""),
        ("cascade-round-misspelt-key", "pre_mony = "),
        ("cascade-rounds-table", "[[rounds]]"),
        ("cascade-round-date", "date = \"15/01/2026\""),
        ("cascade-classes-table", "[classes.series_a]"),
        ("cascade-conditions-table", "[conditions.ipo]"),
    ] {
        let stderr = stderr_of(name);
        let line = line_of(name, mistake);
        let location = first_error_location(&stderr);
        assert!(
            location.starts_with(&format!("tests/errors/{name}.toml:{line}:")),
            "{name}: the first error points at {location}, not line {line} ({mistake}):\n{stderr}"
        );
        assert_eq!(
            count(&stderr, "error["),
            1,
            "{name}: a knock-on error:\n{stderr}"
        );
        for knock_on in ["converts_at", "lacks a date", "not declared", "undeclared"] {
            assert!(!stderr.contains(knock_on), "{name}:\n{stderr}");
        }
    }
}

#[test]
fn a_dangling_reference_is_still_reported_when_nothing_failed() {
    // Suppressing knock-on errors must not hide a real one: a SAFE naming a round that is
    // simply not there (the rounds all read) is still an error, with the rounds listed.
    let scenario = fs::read_to_string(corpus_dir().join("cascade-round-bad-value.toml"))
        .expect("corpus file")
        .replace("pre_money = \"4OM\"", "pre_money = \"40M\"")
        .replace("converts_at = \"Series A\"", "converts_at = \"Series B\"");
    let output = Test::new()
        .args(["check", "-"])
        .stdin(&scenario)
        .env("NO_COLOR", "1")
        .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("`converts_at` names no round: \"Series B\""),
        "{}",
        output.stderr
    );
    assert!(
        output
            .stderr
            .contains("help: did you mean \"Series A\"? rounds: Series A\n"),
        "{}",
        output.stderr
    );
}

#[test]
fn no_help_line_lists_nothing() {
    // An empty list once printed `help: rounds: ` (a SAFE naming a round, no round read).
    for name in corpus() {
        for line in expected_stderr(&name).lines() {
            assert!(
                !line.ends_with(": "),
                "tests/errors/{name}.stderr: {line:?}"
            );
        }
    }
    let scenario = "round = []\n[scenario]\nname = \"x\"\n[[holder]]\nname = \"F\"\nshares = 1\n\
                    [[safe]]\ninvestor = \"A\"\namount = \"1M\"\ncap = \"5M\"\nconverts_at = \"Seed\"\n";
    let output = Test::new()
        .args(["check", "-"])
        .stdin(scenario)
        .env("NO_COLOR", "1")
        .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains(
            "help: no [[round]] is declared: add one with name = \"Seed\", or remove `converts_at`"
        ),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("rounds: \n"), "{}", output.stderr);
}
