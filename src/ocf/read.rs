//! Reading an OCF package from a folder, its `Manifest.ocf.json`, or a `.zip`: the manifest,
//! then every file it lists, each checked against its md5 (a mismatch, such as a placeholder,
//! is a warning), into a list of items tagged with their file.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Item, Notes, clean, date};
use crate::output::{Input, Inputs};
use crate::scenario::model::Date;

/// The manifest's keys that list files, in the order their items are read.
pub const FILE_LISTS: &[&str] = &[
    "stakeholders_files",
    "stock_classes_files",
    "stock_plans_files",
    "stock_legend_templates_files",
    "vesting_terms_files",
    "valuations_files",
    "financings_files",
    "documents_files",
    "transactions_files",
];

/// A package as read.
#[derive(Debug)]
pub struct Package {
    /// How the package was named on the command line.
    pub path: String,
    pub manifest: Value,
    /// The manifest's file name within the package.
    pub manifest_name: String,
    pub ocf_version: String,
    pub issuer: String,
    pub as_of: Option<Date>,
    pub items: Vec<Item>,
    /// Every file read, so that `--output` never writes over one.
    pub inputs: Inputs,
    pub notes: Notes,
}

/// Where the files are: a folder on disk or the entries of a zip archive.
enum Store {
    Folder(PathBuf),
    Zip(Vec<(String, Vec<u8>)>),
}

impl Store {
    /// The bytes of `name` (relative to the manifest's folder `base`).
    fn get(&self, base: &str, name: &str, inputs: &mut Inputs) -> Result<Vec<u8>, String> {
        let name = name.trim_start_matches("./");
        match self {
            Store::Folder(folder) => {
                let path = folder.join(name);
                read_file(&path, inputs)
                    .map_err(|e| format!("cannot read `{}`: {e}", path.display()))
            }
            Store::Zip(entries) => {
                let full = if base.is_empty() {
                    name.to_string()
                } else {
                    format!("{base}/{name}")
                };
                entries
                    .iter()
                    .find(|(n, _)| *n == full)
                    .map(|(_, b)| b.clone())
                    .ok_or_else(|| format!("the archive has no file `{full}`"))
            }
        }
    }
}

fn read_file(path: &Path, inputs: &mut Inputs) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    inputs.extend_from(Input::of_file(
        format!("the OCF file `{}`", path.display()),
        &file,
        path,
    ));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn is_manifest(value: &Value) -> bool {
    value.get("file_type").and_then(Value::as_str) == Some("OCF_MANIFEST_FILE")
}

/// Reads the package at `path`: a folder holding a manifest, a manifest file, or a zip archive.
pub fn read(path: &Path) -> Result<Package, String> {
    let mut inputs = Inputs::none();
    let shown = path.display().to_string();
    let (store, base, manifest_name, manifest_bytes) = if path.is_dir() {
        let (name, bytes) = find_manifest_in_folder(path, &mut inputs)?;
        (
            Store::Folder(path.to_path_buf()),
            String::new(),
            name,
            bytes,
        )
    } else {
        let bytes =
            read_file(path, &mut inputs).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        if bytes.starts_with(b"PK") {
            let entries = unzip(&bytes)
                .map_err(|e| format!("`{shown}` is not a readable zip archive: {e}"))?;
            let (name, bytes) = find_manifest_in_zip(&entries)
                .ok_or_else(|| format!("the archive `{shown}` holds no OCF manifest (a JSON file with \"file_type\": \"OCF_MANIFEST_FILE\", usually Manifest.ocf.json)"))?;
            let base = name
                .rsplit_once('/')
                .map_or(String::new(), |(b, _)| b.to_string());
            (Store::Zip(entries), base, name, bytes)
        } else {
            let folder = path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let folder = if folder.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                folder
            };
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (Store::Folder(folder), String::new(), name, bytes)
        }
    };
    let manifest: Value = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("`{manifest_name}` in `{shown}` is not JSON: {e}"))?;
    if !is_manifest(&manifest) {
        return Err(format!(
            "`{manifest_name}` in `{shown}` is not an OCF manifest: its file_type is not \"OCF_MANIFEST_FILE\""
        ));
    }
    let mut notes = Notes::default();
    let ocf_version = manifest
        .get("ocf_version")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if ocf_version != super::OCF_VERSION {
        notes.warn(format!(
            "the package says ocf_version {:?}; it is read as OCF {} (older names such as TX_PLAN_SECURITY_* are accepted)",
            clean(&ocf_version),
            super::OCF_VERSION
        ));
    }
    let issuer = manifest
        .pointer("/issuer/legal_name")
        .and_then(Value::as_str)
        .or_else(|| manifest.pointer("/issuer/dba").and_then(Value::as_str))
        .map_or_else(|| "the issuer".to_string(), clean);
    let as_of = manifest.get("as_of").and_then(date);
    if as_of.is_none() {
        notes.warn(format!("`{manifest_name}` has no readable as_of date"));
    }
    let mut items = Vec::new();
    for list in FILE_LISTS {
        let Some(files) = manifest.get(*list).and_then(Value::as_array) else {
            continue;
        };
        for entry in files {
            let Some(filepath) = entry.get("filepath").and_then(Value::as_str) else {
                notes.warn(format!(
                    "an entry of {list} in `{manifest_name}` has no filepath; skipped"
                ));
                continue;
            };
            let bytes = store.get(&base, filepath, &mut inputs)?;
            let actual = format!("{:x}", md5::compute(&bytes));
            match entry.get("md5").and_then(Value::as_str) {
                Some(given) if given.eq_ignore_ascii_case(&actual) => {}
                Some(given) => notes.warn(format!(
                    "`{}`'s md5 in the manifest is {}, but the file's is {actual} (a placeholder or a stale manifest); the file is read as it is",
                    clean(filepath),
                    clean(given)
                )),
                None => notes.warn(format!("`{}` has no md5 in the manifest", clean(filepath))),
            }
            let value: Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("`{}` in `{shown}` is not JSON: {e}", clean(filepath)))?;
            let Some(list_items) = value.get("items").and_then(Value::as_array) else {
                notes.warn(format!("`{}` has no items array; skipped", clean(filepath)));
                continue;
            };
            for (index, value) in list_items.iter().enumerate() {
                items.push(Item {
                    file: clean(filepath),
                    index,
                    value: value.clone(),
                });
            }
        }
    }
    Ok(Package {
        path: shown,
        manifest,
        manifest_name,
        ocf_version,
        issuer,
        as_of,
        items,
        inputs,
        notes,
    })
}

fn find_manifest_in_folder(
    folder: &Path,
    inputs: &mut Inputs,
) -> Result<(String, Vec<u8>), String> {
    let preferred = folder.join("Manifest.ocf.json");
    if preferred.is_file() {
        let bytes = read_file(&preferred, inputs)
            .map_err(|e| format!("cannot read `{}`: {e}", preferred.display()))?;
        return Ok(("Manifest.ocf.json".into(), bytes));
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| format!("cannot list `{}`: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for path in names {
        let mut probe = Inputs::none();
        let Ok(bytes) = read_file(&path, &mut probe) else {
            continue;
        };
        if serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| is_manifest(&v)) {
            inputs.extend(&probe);
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            return Ok((name, bytes));
        }
    }
    Err(format!(
        "the folder `{}` holds no OCF manifest (a JSON file with \"file_type\": \"OCF_MANIFEST_FILE\", usually Manifest.ocf.json)",
        folder.display()
    ))
}

fn find_manifest_in_zip(entries: &[(String, Vec<u8>)]) -> Option<(String, Vec<u8>)> {
    let by_name = entries
        .iter()
        .find(|(n, _)| n.rsplit('/').next() == Some("Manifest.ocf.json"));
    by_name
        .or_else(|| {
            entries.iter().find(|(n, b)| {
                n.ends_with(".json")
                    && serde_json::from_slice::<Value>(b).is_ok_and(|v| is_manifest(&v))
            })
        })
        .cloned()
}

/// Every file of a zip archive, by its name in the archive (at most 256 MB unpacked in all).
fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    const LIMIT: u64 = 256 << 20;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| e.to_string())?
            .trim_start_matches("./")
            .to_string();
        let mut data = Vec::new();
        let limit = LIMIT.saturating_sub(total) + 1;
        (&mut entry)
            .take(limit)
            .read_to_end(&mut data)
            .map_err(|e| e.to_string())?;
        total += data.len() as u64;
        if total > LIMIT {
            return Err("it unpacks to more than 256 MB".into());
        }
        entries.push((name, data));
    }
    Ok(entries)
}
