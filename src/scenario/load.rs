//! Reading a scenario: file or standard input → text → spanned tree → validated model.

use std::io::Read as _;

use super::model::Scenario;
use super::tree;
use super::validate::validate;
use crate::diagnostic::{Code, Diagnostic, Sources};

/// A valid scenario and the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks the scenario at `path` (`-` for standard input). On failure, returns every
/// problem found, warnings included.
pub fn load(path: &str, sources: &mut Sources) -> Result<Loaded, Vec<Diagnostic>> {
    let text = read(path)?;
    let name = if path == "-" { "<stdin>" } else { path };
    load_text(name, text, sources)
}

/// Checks scenario text already in memory, named `name` in messages.
pub fn load_text(
    name: &str,
    text: String,
    sources: &mut Sources,
) -> Result<Loaded, Vec<Diagnostic>> {
    let id = sources.add(name, text);
    let root = tree::parse(id, &sources.get(id).text)?;
    let (scenario, diagnostics) = validate(&root, sources);
    match scenario {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: diagnostics,
        }),
        None => Err(diagnostics),
    }
}

fn read(path: &str) -> Result<String, Vec<Diagnostic>> {
    let io_error = |what: String, help: &str| vec![Diagnostic::error(Code::Io, what).help(help)];
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(format!("cannot read standard input: {e}"), "pipe a scenario file into the command, or name the file instead of `-`"))?;
        bytes
    } else {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(io_error(
                    format!("`{path}` is a directory, not a scenario file"),
                    "name a .toml file inside it, e.g. scenarios/openai-2026.toml",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(io_error(
                    format!("`{path}` does not exist"),
                    "check the path; `captable new PATH` writes a starter scenario",
                ));
            }
            _ => {}
        }
        std::fs::read(path)
            .map_err(|e| io_error(format!("cannot read `{path}`: {e}"), "check the file's permissions"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        io_error(
            format!("`{path}` is not UTF-8 text: invalid byte at line {line} (byte offset {offset})"),
            "save the file as UTF-8; scenario files are TOML, which is always UTF-8",
        )
    })
}
