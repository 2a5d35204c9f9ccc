//! `new`: a commented starter scenario, to standard output or a new file (never overwriting).

use std::io::Write as _;
use std::path::Path;

use crate::cli::NewArgs;
use crate::{Error, output};

/// The starter; a test checks that it passes `check`.
pub const STARTER: &str = include_str!("starter.toml");

pub fn run(args: &NewArgs) -> Result<(), Error> {
    match &args.path {
        None => output::write(None, STARTER).map_err(Error::Output),
        Some(path) => write_new(path, STARTER),
    }
}

/// Writes a file that must not exist yet: a temporary file in the same folder, then a link
/// that fails if the name is taken, so an existing file is never replaced.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let shown = path.display();
    if path.exists() {
        return Err(Error::Output(format!(
            "{shown} already exists; captable new never overwrites a file (choose another name)"
        )));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .map_err(|e| Error::Output(format!("cannot write {shown}: {e}")))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Error::Output(format!("cannot write {shown}: {e}")))?;
    file.persist_noclobber(path)
        .map_err(|e| Error::Output(format!("cannot write {shown}: {}", e.error)))?;
    eprintln!("wrote {shown}; next: captable check {shown}");
    Ok(())
}
