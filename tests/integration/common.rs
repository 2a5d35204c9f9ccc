//! Runs the `captable` binary the way a user would.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root, for paths such as `scenarios/openai-2026.toml`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
