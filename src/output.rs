//! Where rendered text goes: standard output, or a file replaced atomically.
//!
//! A file is written to a temporary file in the same folder and renamed over the target, so a
//! reader never sees half a report and an existing file survives any failure untouched.

use std::io::Write as _;
use std::path::Path;

/// Writes `text` to `path`, or to standard output when `path` is `None`.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (`captable report … | head`) is not an error worth reporting.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write to standard output: {e}"))
                }
                _ => Ok(()),
            }
        }
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// Whether two paths name one existing file (through links and `..` too). The atomic rename
/// would replace even a read-only scenario file, so `--output` may not name the input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("--output {shown} is a directory; name a file"));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(|e| {
        format!(
            "cannot write {shown}: cannot create a temporary file in {}: {e}",
            folder.display()
        )
    })?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| format!("cannot write {shown}: {e}"))?;
    file.persist(path)
        .map_err(|e| format!("cannot write {shown}: {}", e.error))?;
    Ok(())
}
