//! The commands around the scenario: `new`, `schema`, `completions` and `--watch`.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Test, root, skip};

#[test]
fn the_starter_passes_check() {
    let starter = Test::new().args(["new"]).run().success();
    assert!(starter.contains("[scenario]"), "{starter}");
    let out = Test::new()
        .args(["check", "-"])
        .stdin(&starter)
        .run()
        .success();
    assert_eq!(out, "<stdin>: ok (1 round, 5 parties, 1 condition)\n");
}

#[test]
fn new_writes_a_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    Test::new()
        .args(["new", "mine.toml"])
        .dir(dir.path())
        .run()
        .success();
    let written = fs::read_to_string(&path).unwrap();
    assert_eq!(written, Test::new().args(["new"]).run().success());
    fs::write(&path, "keep me").unwrap();
    let output = Test::new().args(["new", "mine.toml"]).dir(dir.path()).run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("already exists"),
        "{}",
        output.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
}

#[test]
fn schema_is_json_schema_that_refuses_unknown_keys() {
    let schema = Test::new().args(["schema"]).run().json();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    let round = &schema["properties"]["round"]["items"];
    assert_eq!(round["additionalProperties"], false);
    for key in [
        "pre_money",
        "post_money",
        "price_per_share",
        "pool_target",
        "investment",
    ] {
        assert!(round["properties"][key].is_object(), "round.{key}");
    }
}

/// With taplo available (`TAPLO=/path/to/taplo`, as `.ci/run` sets up when npm is there), the
/// schema accepts every bundled scenario and flags a misspelt key.
#[test]
fn taplo_validates_scenarios_against_the_schema() {
    let Ok(taplo) = std::env::var("TAPLO") else {
        skip(
            "taplo_validates_scenarios_against_the_schema",
            "TAPLO does not name a taplo binary (.ci/run installs @taplo/cli from npm)",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let schema = Test::new().args(["schema"]).run().success();
    let schema_path = dir.path().join("captable.schema.json");
    fs::write(&schema_path, schema).unwrap();
    let url = format!("file://{}", schema_path.display());
    let check = |file: &std::path::Path| {
        Command::new(&taplo)
            .args(["check", "--schema", &url])
            .arg(file)
            .output()
            .expect("taplo runs")
    };
    for entry in fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let output = check(&path);
        assert!(
            output.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Money as people write it (docs/scenario-format.md), in a scenario in euros.
    let euros = dir.path().join("euros.toml");
    fs::write(
        &euros,
        fs::read_to_string(root().join("scenarios/startup-seed-to-series-a.toml"))
            .unwrap()
            .replace("currency = \"USD\"", "currency = \"EUR\"")
            .replace("amount = \"500K\"", "amount = \"€500 thousand\"")
            .replace("pre_money = \"8M\"", "pre_money = \"8mm\"")
            .replace("amount = \"2M\"", "amount = \"EUR 2 million\"")
            .replace("principal = \"1M\"", "principal = \"1M EUR\"")
            .replace("pre_money = \"40M\"", "pre_money = \"0.04bn\""),
    )
    .unwrap();
    let output = check(&euros);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bad = dir.path().join("bad.toml");
    fs::write(
        &bad,
        fs::read_to_string(root().join("scenarios/openai-2026.toml"))
            .unwrap()
            .replace("pre_money = \"730B\"", "pre_mony = \"730B\""),
    )
    .unwrap();
    let output = check(&bad);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pre_mony"));
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = Test::new().args(["completions", shell]).run().success();
        assert!(script.contains("captable"), "{shell}");
        assert!(
            script.contains("sweep"),
            "{shell} completes the sweep command"
        );
    }
    let output = Test::new().args(["completions", "tcsh"]).run();
    assert_eq!(output.code, 2);
}

/// Waits until `condition` holds, for at most `limit`.
fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn watch_renders_again_after_a_save_survives_a_bad_edit_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    let original =
        fs::read_to_string(root().join("tests/fixtures/openai-2026-talks-point.toml")).unwrap();
    fs::write(&scenario, &original).unwrap();
    let out = dir.path().join("out.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_captable"))
        .args([
            "report", "s.toml", "--watch", "--format", "markdown", "--output", "out.md",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read = || fs::read_to_string(&out).unwrap_or_default();
    assert!(eventually(Duration::from_secs(20), || read().contains("$830B")));

    // A broken edit: the old output stays, the watcher keeps going.
    fs::write(
        &scenario,
        original.replace("post_money = \"830B\"", "post_money = \"830Q\""),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(read().contains("$830B"));

    // A good edit (saved by writing a new file and renaming it, as editors do): post 900B.
    let temporary = dir.path().join("s.toml.tmp");
    fs::write(
        &temporary,
        original.replace("post_money = \"830B\"", "post_money = \"900B\""),
    )
    .unwrap();
    fs::rename(&temporary, &scenario).unwrap();
    assert!(
        eventually(Duration::from_secs(20), || read().contains("$900B")),
        "{}",
        read()
    );

    // Ctrl-C: the process ends by itself, successfully.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(interrupted, "kill -INT ran");
    let mut status = None;
    assert!(eventually(Duration::from_secs(10), || {
        status = child.try_wait().ok().flatten();
        status.is_some()
    }));
    assert_eq!(status.and_then(|s| s.code()), Some(0));
    let mut stderr = String::new();
    use std::io::Read as _;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("not valid money: \"830Q\""), "{stderr}");
    assert!(stderr.contains("watching s.toml for changes"), "{stderr}");
}

#[test]
fn watch_refuses_standard_input() {
    let output = Test::new().args(["report", "-", "--watch"]).stdin("").run();
    assert_eq!(output.code, 2, "{}", output.stderr);
}
