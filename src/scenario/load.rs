//! Reading a scenario: file or standard input → text → spanned tree → validated model.

use std::cell::RefCell;
use std::io::Read;
use std::path::Path;

use super::compose;
use super::model::Scenario;
use super::tree::{self, Node};
use super::validate::{Locations, validate};
use crate::diagnostic::{Code, Diagnostic, Sources, Span};
use crate::output::{Input, Inputs};

/// A valid scenario and the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
    pub locations: Locations,
    /// Every file read to make it: the scenario file (or the file standard input is redirected
    /// from) and each `extends` base, by identity, so that no output is written over one.
    pub inputs: Inputs,
}

/// Reads and checks the scenario at `path` (`-` for standard input). On failure, returns every
/// problem found, warnings included.
pub fn load(path: &str, sources: &mut Sources) -> Result<Loaded, Vec<Diagnostic>> {
    load_with(path, &[], sources)
}

/// As [`load`], with `--set KEY=VALUE` overrides applied after `extends` and before validation.
pub fn load_with(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<Loaded, Vec<Diagnostic>> {
    let Composed { mut root, inputs } = compose_file(path, sources)?;
    apply_sets(&mut root, sets, sources)?;
    validate_root(&root, sources, inputs)
}

/// A scenario file read once and its `extends` resolved: validated at many `--set` values
/// (sweep's points) without reading it again.
#[derive(Clone, Debug)]
pub struct Composed {
    root: Node,
    inputs: Inputs,
}

/// Reads the scenario at `path` (`-` for standard input) and resolves its `extends`; its text
/// goes into `sources`.
pub fn compose_file(path: &str, sources: &mut Sources) -> Result<Composed, Vec<Diagnostic>> {
    let (root, inputs) = compose_path(path, &[], sources)?;
    Ok(Composed { root, inputs })
}

/// The scenario at `path` (`-` for standard input) read, as [`compose_bytes`] makes it.
fn compose_path(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<(Node, Inputs), Vec<Diagnostic>> {
    let (bytes, input) = read(path)?;
    let name = if path == "-" { "<stdin>" } else { path };
    let file = (path != "-").then(|| Path::new(path));
    let mut inputs = Inputs::none();
    inputs.extend_from(input);
    compose_bytes(name, bytes, file, sets, sources, inputs)
}

impl Composed {
    /// As [`load_with`] on the file: `sets` applied to a copy of the tree, which is validated.
    /// `sources` are those [`compose_file`] filled (or a copy).
    pub fn load_with(
        &self,
        sets: &[String],
        sources: &mut Sources,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        let mut root = self.root.clone();
        apply_sets(&mut root, sets, sources)?;
        validate_root(&root, sources, self.inputs.clone())
    }
}

/// Checks the bytes of a scenario already read, named `name` in messages; text that is not
/// UTF-8 is an error pointing at the first bad byte. (`extends` is relative to the current
/// folder.)
pub fn load_bytes(
    name: &str,
    bytes: Vec<u8>,
    sources: &mut Sources,
) -> Result<Loaded, Vec<Diagnostic>> {
    let (root, inputs) = compose_bytes(name, bytes, None, &[], sources, Inputs::none())?;
    validate_root(&root, sources, inputs)
}

/// The file's bytes read as text, its `extends` resolved and the `--set` values applied: the
/// tree every load validates (once, or once per corner with `report --ranges`).
fn compose_bytes(
    name: &str,
    bytes: Vec<u8>,
    file: Option<&Path>,
    sets: &[String],
    sources: &mut Sources,
    inputs: Inputs,
) -> Result<(Node, Inputs), Vec<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(text) => compose(name, text, file, sets, sources, inputs),
        Err(error) => {
            // Show the file as far as it reads, with a caret at the first bad byte.
            let offset = error.utf8_error().valid_up_to();
            let width = error.utf8_error().error_len().unwrap_or(1);
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let id = sources.add(name, text);
            // The text up to `offset` is unchanged, and the bad bytes became one U+FFFD (3 bytes).
            let span = Span::new(id, offset..offset + 3.min(width.max(1) * 3));
            Err(vec![
                Diagnostic::error(Code::Io, format!("`{name}` is not UTF-8 text"))
                    .at(span, "not UTF-8")
                    .help("save the file as UTF-8; scenario files are TOML, which is always UTF-8"),
            ])
        }
    }
}

/// Checks scenario text already in memory, named `name` in messages (`extends` is relative to
/// the current folder).
pub fn load_text(
    name: &str,
    text: String,
    sources: &mut Sources,
) -> Result<Loaded, Vec<Diagnostic>> {
    let (root, inputs) = compose(name, text, None, &[], sources, Inputs::none())?;
    validate_root(&root, sources, inputs)
}

/// As [`load_with`], for `report --ranges`: every corner scenario of the file (see
/// [`super::ranges`]), each with its reading in words. Warnings are kept on the first corner
/// only (they repeat in every corner); an error in any corner fails the whole.
pub fn load_corners(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<Vec<(Vec<String>, Loaded)>, Vec<Diagnostic>> {
    Ok(load_ranges(path, sets, sources)?
        .into_iter()
        .map(|c| (c.reading, c.loaded))
        .collect())
}

/// One corner scenario of a file with ranges, loaded: its reading as labels and as facts (see
/// [`super::ranges::Corner`]; corners come in its order).
#[derive(Debug)]
pub struct LoadedCorner {
    pub reading: Vec<String>,
    pub ends: Vec<super::ranges::End>,
    pub loaded: Loaded,
}

/// As [`load_corners`], each corner with its reading as facts too (the memo's words). A file
/// without ranges is one corner with an empty reading. A file with ranges whose figures the
/// corners would not bound (a pool top-up, a SAFE, share counts: see
/// [`super::ranges::unbounded`]) is an error (E0033) pointing at what breaks them.
pub fn load_ranges(
    path: &str,
    sets: &[String],
    sources: &mut Sources,
) -> Result<Vec<LoadedCorner>, Vec<Diagnostic>> {
    let (root, inputs) = compose_path(path, sets, sources)?;
    corners_of(&root, sources, inputs)
}

/// As [`load_ranges`], for scenario text already in memory, named `name` in messages (the fuzz
/// target and the tests read generated files with ranges so).
pub fn load_ranges_text(
    name: &str,
    text: String,
    sources: &mut Sources,
) -> Result<Vec<LoadedCorner>, Vec<Diagnostic>> {
    let (root, inputs) = compose(name, text, None, &[], sources, Inputs::none())?;
    corners_of(&root, sources, inputs)
}

/// Every corner of `root` validated, each with its reading.
fn corners_of(
    root: &Node,
    sources: &Sources,
    inputs: Inputs,
) -> Result<Vec<LoadedCorner>, Vec<Diagnostic>> {
    let corners = super::ranges::expand(root)?;
    let mut loaded = Vec::with_capacity(corners.len());
    for (i, corner) in corners.into_iter().enumerate() {
        let mut one = validate_root(&corner.root, sources, inputs.clone()).map_err(|mut all| {
            if !corner.reading.is_empty() {
                for d in all.iter_mut().filter(|d| d.is_error()) {
                    d.message = format!("{} (reading: {})", d.message, corner.reading.join(", "));
                }
            }
            all
        })?;
        if i > 0 {
            one.warnings.clear();
        }
        let ends = corner
            .ends
            .iter()
            .map(|reading| reading.end(&one.scenario))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                vec![
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "the reading {} has no value in its validated scenario",
                            corner.reading.join(", ")
                        ),
                    )
                    .help("this is a bug in captable: please report the file"),
                ]
            })?;
        loaded.push(LoadedCorner {
            reading: corner.reading,
            ends,
            loaded: one,
        });
    }
    // A file with ranges whose figures its corners would not bound is refused here, once, for
    // every command that reads corners (every corner has the same features; the first's
    // warnings are kept with the error).
    if loaded.len() > 1
        && let Some(first) = loaded.first_mut()
        && let Some(error) =
            super::ranges::unbounded(root, &first.loaded.scenario, &first.loaded.locations)
    {
        let mut all = std::mem::take(&mut first.loaded.warnings);
        all.push(error);
        return Err(all);
    }
    Ok(loaded)
}

fn compose(
    name: &str,
    text: String,
    file: Option<&Path>,
    sets: &[String],
    sources: &mut Sources,
    inputs: Inputs,
) -> Result<(Node, Inputs), Vec<Diagnostic>> {
    let id = sources.add(name, text);
    let root = tree::parse(id, &sources.get(id).text)?;
    // Each base read is recorded as it is read (its identity from the open file).
    let inputs = RefCell::new(inputs);
    let read_base = |path: &Path| {
        let (text, input) = read_base(path)?;
        inputs.borrow_mut().extend_from(input);
        Ok(text)
    };
    let mut root = compose::resolve_extends(root, file, sources, &read_base)?;
    apply_sets(&mut root, sets, sources)?;
    Ok((root, inputs.into_inner()))
}

/// Every `--set` applied to `root`; every one that fails is a problem.
fn apply_sets(
    root: &mut Node,
    sets: &[String],
    sources: &mut Sources,
) -> Result<(), Vec<Diagnostic>> {
    let problems: Vec<Diagnostic> = sets
        .iter()
        .filter_map(|argument| compose::apply_set(root, argument, sources).err())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn validate_root(
    root: &tree::Node,
    sources: &Sources,
    inputs: Inputs,
) -> Result<Loaded, Vec<Diagnostic>> {
    let validated = validate(root, sources);
    match validated.scenario {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: validated.diagnostics,
            locations: validated.locations,
            inputs,
        }),
        None => Err(validated.diagnostics),
    }
}

/// Largest scenario file (or standard input, or base) read: 256 MiB. A hundred megabytes read
/// in well under a second; without a bound, `captable check /dev/zero` (or a base
/// `extends = "/dev/zero"`) read until memory ran out.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads at most [`MAX_FILE_BYTES`] from `reader`; more is an error saying so.
fn read_capped(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "it is larger than {} MiB, more than a scenario needs",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// Reads a base named by `extends`: a regular file (not a device, a pipe or a folder, which
/// could block or never end), at most [`MAX_FILE_BYTES`], UTF-8; with the file's identity.
fn read_base(path: &Path) -> Result<(String, Option<Input>), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let input = Input::of_file(
        format!("the base `{}` (from `extends`)", path.display()),
        &file,
        path,
    );
    let bytes = read_capped(file)?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text")?;
    Ok((text, input))
}

/// The bytes of the scenario at `path` (`-` for standard input), and the identity of the file
/// they came from.
fn read(path: &str) -> Result<(Vec<u8>, Option<Input>), Vec<Diagnostic>> {
    let io_error = |what: String, help: &str| vec![Diagnostic::error(Code::Io, what).help(help)];
    if path == "-" {
        let bytes = read_capped(std::io::stdin().lock()).map_err(|e| {
            io_error(
                format!("cannot read standard input: {e}"),
                "pipe a scenario file into the command, or name the file instead of `-`",
            )
        })?;
        return Ok((bytes, Input::stdin()));
    }
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
                "check the path (relative paths start from the current folder)",
            ));
        }
        _ => {}
    }
    let cannot_read = |e: String| {
        io_error(
            format!("cannot read `{path}`: {e}"),
            "check the file's permissions, and that it is a scenario file",
        )
    };
    let file = std::fs::File::open(path).map_err(|e| cannot_read(e.to_string()))?;
    let input = Input::of_file(
        format!("the scenario file `{path}`"),
        &file,
        Path::new(path),
    );
    let bytes = read_capped(file).map_err(cannot_read)?;
    Ok((bytes, input))
}
