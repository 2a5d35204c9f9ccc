//! `--watch`: render, then render again whenever a watched file changes, until Ctrl-C.
//!
//! Files are polled (size and modification time, every 200 ms) rather than watched through
//! the operating system: editors that save by writing a new file and renaming it over the old
//! one are seen the same way, and nothing is needed beyond the standard library. A change is
//! acted on once the files have stopped changing for 150 ms. An invalid intermediate edit
//! prints its error and keeps watching. Ctrl-C ends the loop between renders, so a file being
//! written with `--output` is always completed (writes are atomic in any case).

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use crate::Error;
use crate::scenario::compose::extends_chain;

const POLL: Duration = Duration::from_millis(200);
const SETTLE: Duration = Duration::from_millis(150);

/// Runs `render` once, or, with `watch`, again after every change to `files` or a base they
/// extend.
pub fn run(
    files: &[String],
    watch: bool,
    mut render: impl FnMut() -> Result<(), Error>,
) -> Result<(), Error> {
    if !watch {
        return render();
    }
    if files.iter().any(|f| f == "-") {
        return Err(Error::Usage(
            "--watch needs files: standard input cannot be watched".into(),
        ));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::Usage(format!("--watch cannot catch Ctrl-C: {e}")))?;
    let clear = std::io::stdout().is_terminal();
    loop {
        if clear {
            print!("\x1b[2J\x1b[H");
        }
        if let Err(error) = render() {
            eprintln!("{}", error.render(super::stderr_color()));
        }
        eprintln!("watching {} for changes (Ctrl-C to stop)", files.join(", "));
        let watched = watched_paths(files);
        let before = fingerprint(&watched);
        loop {
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            std::thread::sleep(POLL);
            if fingerprint(&watched) != before {
                // Let the editor finish: wait until two looks agree.
                let mut last = fingerprint(&watched);
                loop {
                    std::thread::sleep(SETTLE);
                    let now = fingerprint(&watched);
                    if now == last {
                        break;
                    }
                    last = now;
                }
                break;
            }
        }
    }
}

/// The files and every base they extend.
fn watched_paths(files: &[String]) -> Vec<PathBuf> {
    files
        .iter()
        .flat_map(|f| extends_chain(std::path::Path::new(f)))
        .collect()
}

type Fingerprint = Vec<Option<(u64, SystemTime)>>;

fn fingerprint(paths: &[PathBuf]) -> Fingerprint {
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok()?;
            Some((meta.len(), meta.modified().ok()?))
        })
        .collect()
}
