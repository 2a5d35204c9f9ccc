//! One output path for every command (`src/output.rs`): no command writes over a file it reads,
//! however the path is spelt (`./s.toml`, absolute, a symbolic or hard link, an `extends` base,
//! the file standard input comes from); new files get 0666 less the umask; a replaced file
//! keeps its mode; writing to a symbolic link writes the file it points to.

use std::fs;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use crate::common::{Test, root, run_in};

/// The variant every run reads: it extends `base.toml` (a copy of openai-2026.toml).
const VARIANT: &str = "extends = \"base.toml\"\n\n[scenario]\nname = \"Variant\"\n";

/// A folder with `base.toml`, `s.toml` extending it, `other.toml` (a second scenario for
/// `compare`), `link.toml` (a symbolic link to `s.toml`) and `hard.toml` (a hard link to it).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path();
    fs::copy(
        root().join("scenarios/openai-2026.toml"),
        d.join("base.toml"),
    )
    .expect("copied");
    fs::copy(
        root().join("scenarios/startup-seed-to-series-a.toml"),
        d.join("other.toml"),
    )
    .expect("copied");
    fs::write(d.join("s.toml"), VARIANT).expect("written");
    std::os::unix::fs::symlink("s.toml", d.join("link.toml")).expect("symlink");
    fs::hard_link(d.join("s.toml"), d.join("hard.toml")).expect("hard link");
    dir
}

/// Every name in a folder (links included) with its bytes (a link: its target's), sorted.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("readable")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let bytes = if path.is_dir() {
                Vec::new()
            } else {
                fs::read(&path).expect("readable")
            };
            (name, bytes)
        })
        .collect();
    all.sort();
    all
}

/// Each writing command, with `TARGET` where the path to write goes.
const COMMANDS: [&[&str]; 7] = [
    &["report", "s.toml", "--output", "TARGET"],
    &[
        "outcomes", "s.toml", "--format", "csv", "--output", "TARGET",
    ],
    &["compare", "other.toml", "s.toml", "--output", "TARGET"],
    &[
        "sweep",
        "s.toml",
        "--vary",
        "round[0].pre_money=700B..800B:100B",
        "--output",
        "TARGET",
    ],
    &["exit", "s.toml", "--value", "1T", "--output", "TARGET"],
    &["exit", "s.toml", "--value", "1T", "--chart", "TARGET"],
    // The chart is checked before anything is written: out.svg must not appear.
    &[
        "exit", "s.toml", "--value", "1T", "--chart", "out.svg", "--output", "TARGET",
    ],
];

#[test]
fn no_command_writes_over_an_input_however_it_is_named() {
    let dir = folder();
    let d = dir.path();
    let absolute = d.join("s.toml").to_str().expect("UTF-8").to_string();
    let base_absolute = d.join("base.toml").to_str().expect("UTF-8").to_string();
    let before = contents(d);
    // Each spelling of an input, and the input it reaches.
    let targets: [(&str, &str); 6] = [
        ("./s.toml", "the scenario file `s.toml`"),
        (&absolute, "the scenario file `s.toml`"),
        ("link.toml", "the scenario file `s.toml`"),
        ("hard.toml", "the scenario file `s.toml`"),
        ("base.toml", "the base `base.toml` (from `extends`)"),
        (&base_absolute, "the base `base.toml` (from `extends`)"),
    ];
    let mut runs = 0;
    for command in COMMANDS {
        // The command works when it writes elsewhere (so the refusals below are the guard's).
        let fine: Vec<&str> = command
            .iter()
            .map(|a| if *a == "TARGET" { "fine.out" } else { a })
            .collect();
        let output = run_in(d, &fine);
        assert_eq!(output.code, 0, "{fine:?}: {}", output.stderr);
        for name in ["fine.out", "out.svg"] {
            let _ = fs::remove_file(d.join(name));
        }
        for (target, input) in targets {
            let args: Vec<&str> = command
                .iter()
                .map(|a| if *a == "TARGET" { target } else { a })
                .collect();
            let output = run_in(d, &args);
            assert_eq!(output.code, 1, "{args:?}: {}", output.stderr);
            assert_eq!(
                output.stderr,
                format!(
                    "error: cannot write {target}: it is {input}, and captable never writes over a file it reads; name another file\n"
                ),
                "{args:?}"
            );
            // Nothing went to standard output either (`exit --chart` alone prints its table).
            assert_eq!(output.stdout, "", "{args:?}");
            assert!(contents(d) == before, "{args:?} changed the folder");
            runs += 1;
        }
    }
    assert_eq!(runs, 7 * 6);
    // The links are still what they were.
    assert!(
        fs::symlink_metadata(d.join("link.toml"))
            .expect("exists")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::metadata(d.join("hard.toml")).expect("exists").ino(),
        fs::metadata(d.join("s.toml")).expect("exists").ino()
    );
}

#[test]
fn compare_refuses_each_of_its_inputs() {
    let dir = folder();
    let d = dir.path();
    let before = contents(d);
    for target in ["other.toml", "./s.toml", "base.toml"] {
        let output = run_in(
            d,
            &[
                "compare",
                "other.toml",
                "s.toml",
                "--format",
                "json",
                "-o",
                target,
            ],
        );
        assert_eq!(output.code, 1, "{target}: {}", output.stderr);
        assert!(
            output.stderr.contains("never writes over a file it reads"),
            "{}",
            output.stderr
        );
    }
    assert!(contents(d) == before);
}

#[test]
fn memo_writes_no_file_over_an_input() {
    let dir = folder();
    let d = dir.path();
    // Each: the file in the memo folder, made a link to an input, and the input's words.
    let cases = [
        ("memo.md", "symlink s.toml", "the scenario file `s.toml`"),
        ("memo.md", "hard s.toml", "the scenario file `s.toml`"),
        // The last file written, so nothing before it may be written either.
        (
            "ownership-by-outcome.svg",
            "symlink base.toml",
            "the base `base.toml` (from `extends`)",
        ),
        (
            "memo.html",
            "hard base.toml",
            "the base `base.toml` (from `extends`)",
        ),
    ];
    for (name, how, input) in cases {
        let memo = d.join("memo");
        fs::create_dir(&memo).expect("created");
        let (kind, to) = how.split_once(' ').expect("two words");
        if kind == "symlink" {
            std::os::unix::fs::symlink(d.join(to), memo.join(name)).expect("symlink");
        } else {
            fs::hard_link(d.join(to), memo.join(name)).expect("hard link");
        }
        let before = contents(d);
        for output_dir in ["memo", "./memo/", &memo.to_string_lossy()] {
            let output = run_in(d, &["memo", "s.toml", "--output", output_dir]);
            assert_eq!(output.code, 1, "{name}: {}", output.stderr);
            let shown = Path::new(output_dir).join(name);
            assert_eq!(
                output.stderr,
                format!(
                    "error: cannot write {}: it is {input}, and captable never writes over a file it reads; name another file\n",
                    shown.display()
                )
            );
            // Nothing written: the folder holds only the link.
            assert_eq!(contents(&memo).len(), 1, "{name}");
            assert!(contents(d) == before, "{name}");
        }
        fs::remove_dir_all(&memo).expect("removed");
    }
    // The scenario itself called memo.md, in the folder written to.
    fs::copy(d.join("s.toml"), d.join("memo.md")).expect("copied");
    let before = contents(d);
    let output = run_in(d, &["memo", "memo.md", "--output", "."]);
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("it is the scenario file `memo.md`, and captable never writes"),
        "{}",
        output.stderr
    );
    assert!(contents(d) == before);
}

#[test]
fn standard_input_from_a_file_is_an_input() {
    let dir = folder();
    let d = dir.path();
    let before = contents(d);
    // `captable report - -o s.toml < s.toml`, and through the hard link.
    for target in ["s.toml", "hard.toml", "link.toml"] {
        let output = Test::new()
            .args(["report", "-", "--output", target])
            .stdin_file(&d.join("s.toml"))
            .dir(d)
            .run();
        assert_eq!(output.code, 1, "{target}: {}", output.stderr);
        assert_eq!(
            output.stderr,
            format!(
                "error: cannot write {target}: it is the file standard input is read from, and captable never writes over a file it reads; name another file\n"
            )
        );
        assert!(contents(d) == before, "{target}");
    }
    // The base of a scenario on standard input is read relative to the current folder.
    let output = Test::new()
        .args(["outcomes", "-", "--output", "base.toml"])
        .stdin(VARIANT)
        .dir(d)
        .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("it is the base `./base.toml`"),
        "{}",
        output.stderr
    );
    assert!(contents(d) == before);
    // The same text through a pipe does not read s.toml: writing it is allowed.
    let text = fs::read_to_string(d.join("s.toml")).expect("readable");
    Test::new()
        .args(["report", "-", "--output", "s.toml"])
        .stdin(&text)
        .dir(d)
        .run()
        .success();
    assert_ne!(
        fs::read_to_string(d.join("s.toml")).expect("readable"),
        text
    );
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

#[test]
fn new_files_get_0666_less_the_umask() {
    for (umask, expected) in [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)] {
        let dir = folder();
        let d = dir.path();
        let runs: [&[&str]; 5] = [
            &["report", "s.toml", "--output", "report.txt"],
            &[
                "sweep",
                "s.toml",
                "--vary",
                "round[0].pre_money=700B..800B:100B",
                "-o",
                "sweep.csv",
            ],
            &[
                "exit",
                "s.toml",
                "--value",
                "1T",
                "--chart",
                "chart.svg",
                "-o",
                "exit.txt",
            ],
            &["memo", "s.toml", "--output", "memo"],
            &["new", "new.toml"],
        ];
        for args in runs {
            Test::new().args(args).dir(d).umask(umask).run().success();
        }
        let mut written = vec![
            d.join("report.txt"),
            d.join("sweep.csv"),
            d.join("chart.svg"),
            d.join("exit.txt"),
            d.join("new.toml"),
        ];
        for entry in fs::read_dir(d.join("memo")).expect("memo folder") {
            written.push(entry.expect("entry").path());
        }
        // Five files of their own, and the memo's five (memo.md, memo.html, the two ownership
        // charts and the round's dilution bridge).
        assert_eq!(written.len(), 10);
        for path in &written {
            assert_eq!(
                mode(path),
                expected,
                "{} under umask {umask:03o}",
                path.display()
            );
        }
    }
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let dir = folder();
    let d = dir.path();
    for umask in [0o022, 0o077] {
        for (name, old_mode) in [
            ("report.txt", 0o640),
            ("open.txt", 0o666),
            ("ro.txt", 0o444),
        ] {
            fs::write(d.join(name), "old").expect("written");
            fs::set_permissions(d.join(name), fs::Permissions::from_mode(old_mode)).expect("chmod");
            Test::new()
                .args(["report", "s.toml", "--output", name])
                .dir(d)
                .umask(umask)
                .run()
                .success();
            assert_ne!(fs::read(d.join(name)).expect("readable"), b"old");
            assert_eq!(
                mode(&d.join(name)),
                old_mode,
                "{name} under umask {umask:03o}"
            );
            fs::remove_file(d.join(name)).expect("removed");
        }
    }
}

#[test]
fn writing_to_a_symbolic_link_writes_its_target() {
    let dir = folder();
    let d = dir.path();
    fs::create_dir(d.join("sub")).expect("created");
    fs::write(d.join("out.txt"), "old").expect("written");
    fs::set_permissions(d.join("out.txt"), fs::Permissions::from_mode(0o640)).expect("chmod");
    let expected = run_in(d, &["report", "s.toml", "--format", "json"]).success();
    // A link beside the target, a relative link from another folder, a link to a link.
    let links = [
        ("out-link", "out.txt"),
        ("sub/out-link", "../out.txt"),
        ("chain", "out-link"),
    ];
    for (link, to) in links {
        std::os::unix::fs::symlink(to, d.join(link)).expect("symlink");
    }
    for (link, to) in links {
        fs::write(d.join("out.txt"), "old").expect("written");
        run_in(
            d,
            &["report", "s.toml", "--format", "json", "--output", link],
        )
        .success();
        assert_eq!(
            fs::read_to_string(d.join("out.txt")).expect("readable"),
            expected
        );
        assert_eq!(mode(&d.join("out.txt")), 0o640, "{link}");
        let meta = fs::symlink_metadata(d.join(link)).expect("exists");
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        assert_eq!(fs::read_link(d.join(link)).expect("a link"), Path::new(to));
    }
    // A dangling link: the file it names is created; the link stays.
    std::os::unix::fs::symlink("sub/fresh.txt", d.join("dangling")).expect("symlink");
    run_in(
        d,
        &["report", "s.toml", "--format", "json", "-o", "dangling"],
    )
    .success();
    assert_eq!(
        fs::read_to_string(d.join("sub/fresh.txt")).expect("created"),
        expected
    );
    assert!(
        fs::symlink_metadata(d.join("dangling"))
            .expect("exists")
            .file_type()
            .is_symlink()
    );
    // No temporary file left in either folder.
    let mut names: Vec<String> = contents(d).into_iter().map(|(n, _)| n).collect();
    names.retain(|n| {
        ![
            "base.toml",
            "other.toml",
            "s.toml",
            "link.toml",
            "hard.toml",
        ]
        .contains(&n.as_str())
    });
    assert_eq!(names, ["chain", "dangling", "out-link", "out.txt", "sub"]);
    let sub: Vec<String> = contents(&d.join("sub"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(sub, ["fresh.txt", "out-link"]);

    // `new` never writes through a link, dangling or not.
    std::os::unix::fs::symlink("nowhere.toml", d.join("new-link")).expect("symlink");
    let output = run_in(d, &["new", "new-link"]);
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("already exists"),
        "{}",
        output.stderr
    );
    assert!(!d.join("nowhere.toml").exists());
}

#[test]
fn exit_refuses_a_chart_and_a_table_in_one_file() {
    let dir = folder();
    let d = dir.path();
    fs::write(d.join("out.svg"), "old").expect("written");
    std::os::unix::fs::symlink("out.svg", d.join("out-link")).expect("symlink");
    for (chart, table) in [
        ("out.svg", "out.svg"),
        ("out.svg", "./out.svg"),
        ("out.svg", "out-link"),
    ] {
        let before = contents(d);
        let output = run_in(
            d,
            &[
                "exit", "s.toml", "--value", "1T", "--chart", chart, "--output", table,
            ],
        );
        assert_eq!(output.code, 2, "{chart} / {table}");
        assert!(
            output.stderr.contains("name the same file"),
            "{chart} / {table}: {}",
            output.stderr
        );
        assert_eq!(contents(d), before, "nothing written for {chart} / {table}");
    }
    // Two different files are still fine.
    let output = run_in(
        d,
        &[
            "exit", "s.toml", "--value", "1T", "--chart", "a.svg", "--output", "b.txt",
        ],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(d.join("a.svg").is_file() && d.join("b.txt").is_file());
}
