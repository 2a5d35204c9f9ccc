//! `memo --pdf`: memo.html printed to PDF by headless Chromium.
//!
//! The browser is the first of [`NAMES`] on the `PATH`, or the one `CAPTABLE_CHROMIUM` names
//! (a path, or a name looked up on the `PATH`). It prints a copy of the page from a fresh
//! temporary folder, with a fresh profile (`--user-data-dir`), without background networking,
//! component updates or sync, and is stopped after [`TIMEOUT`]. The PDF comes back as bytes;
//! the command writes it through `output::write` like every other file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;
use crate::cli::Paper;

/// Browser names looked up on the `PATH`, in this order.
pub const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The environment variable that names the browser.
pub const ENV: &str = "CAPTABLE_CHROMIUM";

/// How long the browser may take to print.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// The browser to print with, or an error saying how to get one.
pub fn browser() -> Result<PathBuf, Error> {
    if let Some(named) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        let found = if path.components().count() > 1 {
            path.is_file().then_some(path)
        } else {
            on_path(&path)
        };
        return found.ok_or_else(|| {
            Error::Output(format!(
                "{ENV}={} names no browser file (a path, or a name on the PATH): fix or unset it; nothing was written",
                named.to_string_lossy()
            ))
        });
    }
    NAMES.iter().find_map(|n| on_path(Path::new(n))).ok_or_else(|| {
        Error::Output(format!(
            "--pdf prints memo.pdf with headless Chromium, and none was found on the PATH ({}): install one (Debian and Ubuntu: apt-get install chromium) or name it with {ENV}=/path/to/chrome; nothing was written (without --pdf the memo is written as Markdown and HTML)",
            NAMES.join(", ")
        ))
    })
}

/// The file `name` in the first `PATH` folder that has it.
fn on_path(name: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Prints `html` (a self-contained page) on `paper` with `browser`; returns the PDF's bytes.
pub fn print(browser: &Path, html: &str, paper: Paper) -> Result<Vec<u8>, Error> {
    let fail =
        |why: String| Error::Output(format!("cannot print memo.pdf: {why}; nothing was written"));
    let temp = tempfile::Builder::new()
        .prefix("captable-pdf-")
        .tempdir()
        .map_err(|e| fail(format!("no temporary folder for the browser ({e})")))?;
    // The paper is the page's: Chromium prints on the CSS page size.
    let size = match paper {
        Paper::Letter => "letter",
        Paper::A4 => "A4",
    };
    let page = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {size}; }}</style>\n</head>"),
        1,
    );
    let page_path = temp.path().join("memo.html");
    let pdf_path = temp.path().join("memo.pdf");
    let log_path = temp.path().join("browser.log");
    std::fs::write(&page_path, page)
        .map_err(|e| fail(format!("cannot write the page to print ({e})")))?;
    let log = std::fs::File::create(&log_path)
        .map_err(|e| fail(format!("cannot create the browser's log ({e})")))?;
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!(
            "--user-data-dir={}",
            temp.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(file_url(&page_path))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| fail(format!("{} does not start ({e})", browser.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "{} did not finish within {} seconds and was stopped",
                    browser.display(),
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(fail(format!("cannot wait for the browser ({e})"))),
        }
    };
    let bytes = std::fs::read(&pdf_path).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(fail(format!(
            "{} ({status}) wrote no PDF{}",
            browser.display(),
            if tail.is_empty() {
                String::new()
            } else {
                format!("; its last words:\n  {}", tail.join("\n  "))
            }
        )));
    }
    Ok(bytes)
}

/// A `file://` URL for an absolute path, every byte outside `A–Z a–z 0–9 - . _ ~ /`
/// percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &byte in path.to_string_lossy().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
