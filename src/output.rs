//! Where rendered bytes go: standard output, or a file replaced atomically. Every command writes
//! through [`write`] (or [`write_with`], which streams), so the rules below hold for all of them:
//!
//! - A file is written to a temporary file in the target's folder and renamed over the target,
//!   so a reader never sees half a report and an existing file survives any failure untouched.
//! - A run never writes over a file it read: the scenario file(s), every `extends` base, and the
//!   file standard input is redirected from. Files are compared by identity (device and inode
//!   on Unix, the canonical path elsewhere), not by how the path is spelt, so `./s.toml`, an
//!   absolute path, a symbolic link or a hard link to the scenario are all refused. The
//!   identity of each input is taken from the open file while it is read ([`Input`], collected
//!   in [`Inputs`] by the loader), so nothing is resolved a second time.
//! - A new file gets the mode an ordinary `open(…, 0666)` gets: the temporary file is created
//!   with mode 0666 and the kernel removes the process umask (and applies a folder's default
//!   ACL), exactly as for any program that creates a file, so nothing needs to read the umask.
//!   A file being replaced keeps its permission bits.
//! - Writing to a symbolic link writes to the file it points to (the temporary file goes into
//!   the target's folder and is renamed over the target); the link stays a link.
//! - Standard output closed early (`captable report … | head`) is not an error.

use std::fs::{File, Metadata};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Where [`write`] puts its bytes.
#[derive(Clone, Copy, Debug)]
pub enum Destination<'a> {
    /// Standard output.
    Stdout,
    /// A file, created or replaced atomically (never one of the run's inputs).
    File(&'a Path),
    /// A file that must not exist yet (`captable new`): never replaces anything.
    NewFile(&'a Path),
}

impl<'a> From<Option<&'a Path>> for Destination<'a> {
    /// `--output PATH` when given, standard output otherwise.
    fn from(path: Option<&'a Path>) -> Self {
        path.map_or(Destination::Stdout, Destination::File)
    }
}

/// One file a run read, by identity, with words for it in messages.
#[derive(Clone, Debug)]
pub struct Input {
    /// "the scenario file `s.toml`", "the base `base.toml`", …
    what: String,
    key: Key,
}

/// What makes two names one file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    #[cfg(unix)]
    Inode { dev: u64, ino: u64 },
    #[cfg(not(unix))]
    Path(PathBuf),
}

impl Key {
    /// The identity of a file from its metadata (Unix) or its path (elsewhere).
    // Unix reads only `meta`, other systems only `path`.
    #[allow(unused_variables)]
    fn of(meta: &Metadata, path: &Path) -> Option<Key> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(Key::Inode {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Key::Path)
        }
    }
}

impl Input {
    /// The file at `path`, open as `file`, described as `what`. On Unix the identity comes from
    /// the open file itself (fstat), so it is the file actually read.
    pub fn of_file(what: String, file: &File, path: &Path) -> Option<Input> {
        let meta = file.metadata().ok()?;
        Key::of(&meta, path).map(|key| Input { what, key })
    }

    /// The file standard input is redirected from (or the pipe or terminal it is); `None`
    /// where that cannot be known (outside Unix, or a closed standard input).
    pub fn stdin() -> Option<Input> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd as _;
            // A duplicate of descriptor 0, so that dropping the `File` leaves standard input open.
            let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
            let meta = File::from(fd).metadata().ok()?;
            Key::of(&meta, Path::new("")).map(|key| Input {
                what: "the file standard input is read from".into(),
                key,
            })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Every file a run read; [`write`] refuses to write over any of them.
#[derive(Clone, Debug, Default)]
pub struct Inputs(Vec<Input>);

impl Inputs {
    /// No inputs (`schema`, `completions`, `new`).
    pub fn none() -> Inputs {
        Inputs::default()
    }

    /// Adds one input, if its identity could be taken.
    pub fn extend_from(&mut self, input: Option<Input>) {
        self.0.extend(input);
    }

    /// Adds the inputs of another scenario (`compare` reads several).
    pub fn extend(&mut self, other: &Inputs) {
        self.0.extend(other.0.iter().cloned());
    }

    fn matching(&self, key: &Key) -> Option<&Input> {
        self.0.iter().find(|input| input.key == *key)
    }
}

/// Writes `bytes` to `to`. A file is checked with [`check`] first, then written atomically.
pub fn write(to: Destination<'_>, bytes: &[u8], inputs: &Inputs) -> Result<(), String> {
    write_with::<std::convert::Infallible>(to, inputs, |w| w.write_all(bytes).map_err(Streamed::Io))
        .map_err(|e| match e {
            Streamed::Output(message) => message,
            // `write_all` fails only with `Io`, which `write_with` turns into `Output`.
            Streamed::Io(e) => e.to_string(),
            Streamed::Producer(never) => match never {},
        })
}

/// What stopped a [`write_with`].
#[derive(Debug)]
pub enum Streamed<E> {
    /// A write to the writer failed: what the producer returns (with `?`) when a write fails.
    /// [`write_with`] turns it into [`Streamed::Output`].
    Io(std::io::Error),
    /// The destination could not be written: a message naming it.
    Output(String),
    /// The producer's own failure: nothing was written to a file.
    Producer(E),
}

impl<E> From<std::io::Error> for Streamed<E> {
    fn from(e: std::io::Error) -> Self {
        Streamed::Io(e)
    }
}

/// As [`write`], with the bytes written by `produce` as it makes them (a large output is never
/// held whole in memory). A file keeps every guarantee of [`write`]: the bytes go to a
/// temporary file renamed over the target only once `produce` succeeds, so when it fails (or a
/// write does) the target is untouched and the temporary file removed. Standard output gets
/// the bytes as they come: what was written before a failure stays written; a closed pipe
/// stops `produce` and is not an error.
pub fn write_with<E>(
    to: Destination<'_>,
    inputs: &Inputs,
    produce: impl FnOnce(&mut dyn std::io::Write) -> Result<(), Streamed<E>>,
) -> Result<(), Streamed<E>> {
    match to {
        Destination::Stdout => {
            let mut stdout = std::io::stdout().lock();
            let outcome = match produce(&mut stdout) {
                Ok(()) => stdout.flush().map_err(Streamed::Io),
                Err(e) => Err(e),
            };
            match outcome {
                // A closed pipe (`captable report … | head`) is not an error worth reporting.
                Err(Streamed::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(Streamed::Io(e)) => Err(Streamed::Output(format!(
                    "cannot write to standard output: {e}"
                ))),
                other => other,
            }
        }
        Destination::File(path) => {
            let (target, existing) = inspect(path, inputs).map_err(Streamed::Output)?;
            replace(path, &target, existing.as_ref(), produce)
        }
        Destination::NewFile(path) => create_new(path, produce),
    }
}

/// Whether `path` may be written: not a folder, and not (through any link) one of `inputs`.
/// [`write`] checks this itself; commands call it too, to refuse before any work is done and
/// before the first of several files is written.
pub fn check(path: &Path, inputs: &Inputs) -> Result<(), String> {
    inspect(path, inputs).map(|_| ())
}

/// As [`check`], returning the file a write would replace (links followed) and its metadata
/// if it exists.
fn inspect(path: &Path, inputs: &Inputs) -> Result<(PathBuf, Option<Metadata>), String> {
    let shown = path.display();
    let target = follow_links(path)?;
    let existing = std::fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(format!("--output {shown} is a directory; name a file"));
        }
        if let Some(input) = Key::of(meta, &target).and_then(|key| inputs.matching(&key)) {
            return Err(format!(
                "cannot write {shown}: it is {}, and captable never writes over a file it reads; name another file",
                input.what
            ));
        }
    }
    Ok((target, existing))
}

/// Whether two destinations name one file (links followed, folders compared by their canonical
/// path), so that a command writing two files (`exit --chart X --output X`) can refuse to let
/// the second overwrite the first.
pub fn same_destination(a: &Path, b: &Path) -> bool {
    let resolve = |path: &Path| -> Option<PathBuf> {
        let target = follow_links(path).ok()?;
        let folder = std::fs::canonicalize(folder_of(&target)).ok()?;
        Some(folder.join(target.file_name()?))
    };
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Most symbolic links followed from one name (as Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// The file `path` names once symbolic links in its last component are followed (the target
/// of a dangling link is where a new file goes).
fn follow_links(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                current = match current.parent() {
                    Some(folder) if link.is_relative() => folder.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(format!(
        "cannot write {}: more than {MAX_LINKS} symbolic links to follow",
        path.display()
    ))
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A temporary file in `folder`, created with mode 0666 less the umask on Unix.
fn temporary(folder: &Path, shown: &str) -> Result<tempfile::NamedTempFile, String> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // open(2) with this mode: the kernel clears the umask's bits (tempfile's own 0600 would
        // make every report private).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder).map_err(|e| {
        format!(
            "cannot write {shown}: cannot create a temporary file in {}: {e}",
            folder.display()
        )
    })
}

/// Writes what `produce` makes to a temporary file beside `target` and renames it over
/// `target` (the file `path` names, links followed), keeping the permission bits of the file it
/// replaces. On any failure the temporary file is removed and `target` untouched.
fn replace<E>(
    path: &Path,
    target: &Path,
    existing: Option<&Metadata>,
    produce: impl FnOnce(&mut dyn std::io::Write) -> Result<(), Streamed<E>>,
) -> Result<(), Streamed<E>> {
    let shown = path.display().to_string();
    let mut file = temporary(folder_of(target), &shown).map_err(Streamed::Output)?;
    #[cfg(unix)]
    if let Some(meta) = existing {
        use std::os::unix::fs::PermissionsExt as _;
        // fchmod is not subject to the umask: the replaced file's rwx bits, exactly.
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(
                meta.permissions().mode() & 0o777,
            ))
            .map_err(|e| Streamed::Output(format!("cannot write {shown}: {e}")))?;
    }
    #[cfg(not(unix))]
    let _ = existing;
    fill(&mut file, &shown, produce)?;
    file.persist(target)
        .map_err(|e| Streamed::Output(format!("cannot write {shown}: {}", e.error)))?;
    Ok(())
}

/// Runs `produce` on a temporary file and syncs it; a failed write becomes a message naming
/// the destination. (Dropping the `NamedTempFile` on failure removes it.)
fn fill<E>(
    file: &mut tempfile::NamedTempFile,
    shown: &str,
    produce: impl FnOnce(&mut dyn std::io::Write) -> Result<(), Streamed<E>>,
) -> Result<(), Streamed<E>> {
    let written = match produce(file) {
        Ok(()) => file.as_file().sync_all().map_err(Streamed::Io),
        Err(e) => Err(e),
    };
    written.map_err(|e| match e {
        Streamed::Io(e) => Streamed::Output(format!("cannot write {shown}: {e}")),
        other => other,
    })
}

/// Writes a file that must not exist yet: a temporary file in the same folder, then a link
/// that fails if the name is taken, so an existing file (or link) is never replaced.
fn create_new<E>(
    path: &Path,
    produce: impl FnOnce(&mut dyn std::io::Write) -> Result<(), Streamed<E>>,
) -> Result<(), Streamed<E>> {
    let shown = path.display().to_string();
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Streamed::Output(format!(
            "{shown} already exists; captable new never overwrites a file (choose another name)"
        )));
    }
    let mut file = temporary(folder_of(path), &shown).map_err(Streamed::Output)?;
    fill(&mut file, &shown, produce)?;
    file.persist_noclobber(path)
        .map_err(|e| Streamed::Output(format!("cannot write {shown}: {}", e.error)))?;
    Ok(())
}
