//! Exit codes across commands that read several files: a `--set` key that leads nowhere is a
//! mistake on the command line (exit 2) in `compare` as in `check` and `report`, and every
//! file's problems are still shown.

use crate::common::Test;

const BAD_SET: &str = "round[9].pre_money=1B";

#[test]
fn a_set_that_leads_nowhere_exits_2_in_every_command() {
    for command in [
        vec!["report", "scenarios/startup-seed-to-series-a.toml"],
        vec![
            "check",
            "scenarios/startup-seed-to-series-a.toml",
            "scenarios/openai-2026.toml",
        ],
        vec![
            "compare",
            "scenarios/startup-seed-to-series-a.toml",
            "scenarios/openai-2026.toml",
        ],
    ] {
        let output = Test::new()
            .args(command.iter().copied().chain(["--set", BAD_SET]))
            .run();
        assert_eq!(output.code, 2, "{command:?}: {}", output.stderr);
        assert!(output.stderr.contains("error[E0025]"), "{}", output.stderr);
        // One problem per file read, each with its own count line.
        let files = command.len() - 1;
        assert_eq!(
            output.stderr.matches("1 problem found").count(),
            files,
            "{command:?}: {}",
            output.stderr
        );
    }
}

#[test]
fn an_error_on_a_pipe_has_no_colour() {
    // Standard error is a pipe here: colour is decided where the error is printed, and a pipe
    // gets none (NO_COLOR unset: the harness removes it).
    let output = Test::new()
        .args([
            "report",
            "scenarios/startup-seed-to-series-a.toml",
            "--set",
            BAD_SET,
        ])
        .run();
    assert_eq!(output.code, 2);
    assert!(!output.stderr.contains('\u{1b}'), "{}", output.stderr);
}
