//! The one helper module of the integration tests: runs the `captable` binary the way a user
//! would, writes scenarios into temporary folders, builds plain scenario texts (`company`,
//! `priced`), reads the JSON contract back (exact decimals, entries by name, payouts), exact
//! fractions for worked figures, the shared scenario fixtures of `tests/fixtures/`, and `skip`
//! for a test whose external tool is missing.
//!
//! A helper used by more than one module lives here, not in the modules.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rust_decimal::Decimal;
use serde_json::Value;

/// Acceptance case A1, the OpenAI 2026 round in value terms (acceptance/a1-openai-2026.toml):
/// stakes 27% / 26% / 47% before a $730B pre-money; Amazon $50B ($15B at closing, $35B when
/// `ipo or agi`), Nvidia and SoftBank $30B each; ipo 50%, agi 20%. The one copy of its text:
/// `acceptance`, `cli` and `whatif` all read it. Tests quote line numbers of this file (the
/// round's `pre_money` is line 30, the last line 51): edit it only with them.
pub const A1: &str = include_str!("../fixtures/a1-openai-2026.toml");

/// Acceptance case A12, a seed-to-Series A table with a SAFE stack (acceptance/README.md, A12;
/// 1984 Ventures' cap-table README): read by `acceptance` and `bridge`.
pub const A12: &str = include_str!("../fixtures/a12-safe-stack.toml");

/// Valid, but 10^27 shares bought with 10^27 at a pre-money of 1 overflows 96 bits: a
/// computation error (E0021) found only after validation.
pub const OVERFLOWS: &str = include_str!("../fixtures/overflow.toml");

/// The start of a scenario text written in a test: `[scenario]` named `name`, then one
/// `[[holder]]` per `(name, shares)` (shares as TOML writes them: `1_000_000`). The rest
/// (classes, rounds, SAFEs) is appended as TOML: `company(…) + &priced(…) + "[[safe]]…"`.
pub fn company(name: &str, holders: &[(&str, &str)]) -> String {
    let mut text = format!("\n[scenario]\nname = \"{name}\"\n");
    for (holder, shares) in holders {
        text += &format!("\n[[holder]]\nname = \"{holder}\"\nshares = {shares}\n");
    }
    text
}

/// A `[[round]]` named `name` with the TOML lines `terms` (its price, date, pool), and one
/// `[[round.investment]]` per `(investor, amount)`.
pub fn priced(name: &str, terms: &str, investments: &[(&str, &str)]) -> String {
    let mut text = format!("\n[[round]]\nname = \"{name}\"\n{terms}\n");
    for (investor, amount) in investments {
        text +=
            &format!("\n[[round.investment]]\ninvestor = \"{investor}\"\namount = \"{amount}\"\n");
    }
    text
}

/// The repository root, for paths such as `scenarios/openai-2026.toml`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A program on the PATH, if any.
pub fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A Chromium or Chrome binary on the PATH, if any.
pub fn chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find_map(tool)
}

/// A test that needs a tool this machine lacks says so where a person sees it, or fails.
///
/// The message goes to the process's standard error itself, which the test harness does not
/// capture (it captures only `print!` and `eprint!`), so `cargo test` shows a `SKIPPED` line
/// between the results instead of counting a silent pass. With `CAPTABLE_REQUIRE_TOOLS=1`
/// (set by `.ci/run` once it has installed every tool) a missing tool fails the test instead.
pub fn skip(test: &str, why: &str) {
    if std::env::var_os("CAPTABLE_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("{test}: {why}, and CAPTABLE_REQUIRE_TOOLS=1 says every tool is installed");
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "SKIPPED {test}: {why}");
}

/// What one run printed and how it exited.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A run of the binary: `Test::new().args(["report", "-"]).stdin(TOML).run()`.
#[derive(Default)]
pub struct Test {
    args: Vec<String>,
    stdin: Option<String>,
    dir: Option<PathBuf>,
    env: Vec<(String, String)>,
    stdin_file: Option<PathBuf>,
    umask: Option<u32>,
}

impl Test {
    pub fn new() -> Self {
        Test::default()
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_string());
        self
    }

    /// The working directory (default: the repository root).
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Standard input redirected from a file (as `captable … < path`).
    pub fn stdin_file(mut self, path: &Path) -> Self {
        self.stdin_file = Some(path.to_path_buf());
        self
    }

    /// Runs the binary with this umask (set by `sh`, which then `exec`s the binary).
    pub fn umask(mut self, mask: u32) -> Self {
        self.umask = Some(mask);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn run(self) -> Output {
        let binary = env!("CARGO_BIN_EXE_captable");
        let mut command = match self.umask {
            None => Command::new(binary),
            Some(mask) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("umask {mask:03o} && exec \"$0\" \"$@\""))
                    .arg(binary);
                sh
            }
        };
        let stdin = match (&self.stdin, &self.stdin_file) {
            (_, Some(path)) => Stdio::from(std::fs::File::open(path).expect("stdin file opens")),
            (Some(_), None) => Stdio::piped(),
            (None, None) => Stdio::null(),
        };
        command
            .args(&self.args)
            .current_dir(self.dir.unwrap_or_else(root))
            .env_remove("NO_COLOR")
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the captable binary runs");
        if let Some(text) = self.stdin {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            // The binary may exit before reading everything; a broken pipe is fine then.
            let _ = stdin.write_all(text.as_bytes());
        }
        let output = child
            .wait_with_output()
            .expect("the captable binary finishes");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Output {
    /// Asserts success and returns standard output.
    #[track_caller]
    pub fn success(self) -> String {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self.stdout
    }

    /// Asserts exit 1 (bad input) and returns standard error.
    #[track_caller]
    pub fn input_error(self) -> String {
        assert_eq!(
            self.code, 1,
            "expected exit 1; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.stderr
    }

    /// Parses standard output as JSON after asserting success.
    #[track_caller]
    pub fn json(self) -> serde_json::Value {
        let stdout = self.success();
        serde_json::from_str(&stdout).expect("stdout is JSON")
    }
}

/// Runs `captable ARGS` in `dir` with `NO_COLOR=1`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Test::new().args(args).env("NO_COLOR", "1").dir(dir).run()
}

/// Asserts a clean failure with exit `code` (nothing on standard output, no panic) and returns
/// standard error.
#[track_caller]
pub fn fails(output: Output, code: i32) -> String {
    assert_eq!(
        output.code, code,
        "expected exit {code}; stdout:\n{}\nstderr:\n{}",
        output.stdout, output.stderr
    );
    assert!(output.stdout.is_empty(), "stdout: {}", output.stdout);
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
    output.stderr
}

/// Runs `captable ARGS` with `scenario` on standard input; asserts success, returns standard
/// output.
#[track_caller]
pub fn stdout_of(args: &[&str], scenario: &str) -> String {
    Test::new().args(args).stdin(scenario).run().success()
}

/// Runs `captable ARGS` with `scenario` on standard input; asserts success, parses the JSON.
#[track_caller]
pub fn json_of(args: &[&str], scenario: &str) -> Value {
    Test::new().args(args).stdin(scenario).run().json()
}

/// Runs `captable report - --format json` plus `extra` on `scenario` given on standard input.
#[track_caller]
pub fn report_json(scenario: &str, extra: &[&str]) -> Value {
    Test::new()
        .args(["report", "-", "--format", "json"])
        .args(extra)
        .stdin(scenario)
        .run()
        .json()
}

/// Runs `captable exit - --format json` on `scenario`, with one `--value` per entry of `values`.
#[track_caller]
pub fn exit_json(scenario: &str, values: &[&str]) -> Value {
    let mut args = vec!["exit", "-", "--format", "json"];
    for value in values {
        args.extend(["--value", value]);
    }
    Test::new().args(args).stdin(scenario).run().json()
}

/// The JSON object named `name` in the array `list`.
#[track_caller]
pub fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {list}"))
        .iter()
        .find(|item| item["name"] == name)
        .unwrap_or_else(|| panic!("no entry named {name:?} in {list}"))
}

/// The holder named `name` in `value["holders"]` (a round, an exit, the expected values).
#[track_caller]
pub fn holder<'a>(value: &'a Value, name: &str) -> &'a Value {
    named(&value["holders"], name)
}

/// Each `(holder, payout)` of `rows` is what `exit` (one entry of an `exits` array) pays.
#[track_caller]
pub fn assert_payouts(exit: &Value, rows: &[(&str, &str)]) {
    for (name, expected) in rows {
        let got = &holder(exit, name)["payout"];
        assert_eq!(got, *expected, "{name}'s payout at {}", exit["name"]);
    }
}

/// A decimal string of the JSON as an exact decimal.
#[track_caller]
pub fn decimal(value: &Value) -> Decimal {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a decimal string, got {value}"))
        .parse()
        .unwrap_or_else(|e| panic!("{value} is not a decimal: {e}"))
}

/// A fresh temporary folder holding `files` (name, contents).
pub fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("writable");
    }
    dir
}

/// The names in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A fraction n/d in lowest terms, d > 0, for figures worked by hand. i128 is plenty for the
/// magnitudes of these scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Q {
    pub n: i128,
    pub d: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Q {
    pub fn new(n: i128, d: i128) -> Q {
        assert!(d != 0);
        let g = gcd(n, d) * d.signum();
        Q { n: n / g, d: d / g }
    }
    pub fn int(n: i128) -> Q {
        Q { n, d: 1 }
    }
    pub fn add(self, o: Q) -> Q {
        Q::new(self.n * o.d + o.n * self.d, self.d * o.d)
    }
    pub fn sub(self, o: Q) -> Q {
        Q::new(self.n * o.d - o.n * self.d, self.d * o.d)
    }
    pub fn mul(self, o: Q) -> Q {
        let (g1, g2) = (gcd(self.n, o.d), gcd(o.n, self.d));
        Q::new((self.n / g1) * (o.n / g2), (self.d / g2) * (o.d / g1))
    }
    pub fn div(self, o: Q) -> Q {
        self.mul(Q::new(o.d, o.n))
    }
    pub fn min(self, o: Q) -> Q {
        if self.gt(o) { o } else { self }
    }
    pub fn cmp(self, o: Q) -> std::cmp::Ordering {
        (self.n * o.d).cmp(&(o.n * self.d))
    }
    pub fn gt(self, o: Q) -> bool {
        self.cmp(o) == std::cmp::Ordering::Greater
    }
    /// Floor to whole cents, and the remainder.
    pub fn cents(self) -> (i128, Q) {
        let c = (self.n * 100).div_euclid(self.d);
        (c, self.sub(Q::new(c, 100)))
    }
    /// n ÷ d as a decimal, rounded in the 28th digit where it repeats.
    pub fn to_decimal(self) -> Decimal {
        Decimal::from_i128_with_scale(self.n, 0) / Decimal::from_i128_with_scale(self.d, 0)
    }
    /// The exact decimal; the fraction must terminate.
    pub fn decimal(self) -> Decimal {
        let mut scale = 0;
        let mut n = self.n;
        while n % self.d != 0 {
            n *= 10;
            scale += 1;
            assert!(scale <= 28, "{self:?} does not terminate");
        }
        Decimal::from_i128_with_scale(n / self.d, scale).normalize()
    }
}
