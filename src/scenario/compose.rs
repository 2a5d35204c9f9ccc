//! Building the document a scenario is validated from: a base file it `extends`, merged with
//! the file itself, then `--set KEY=VALUE` overrides from the command line.
//!
//! Both work on the spanned tree, before validation, so every later error still points at the
//! file (base or variant) or the `--set` argument where the offending value was written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::keys;
use super::tree::{self, Key, Node, Value};
use super::validate::did_you_mean;
use crate::diagnostic::{Code, Diagnostic, Sources, Span};

/// The identity of an array item, if it has one: its `name`, `investor` or `counterparty`
/// (the identity keys of the key table, in that order of preference).
fn identity(item: &Node) -> Option<&str> {
    keys::IDENTITY_KEYS
        .iter()
        .find_map(|key| match &item.get(key)?.value {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        })
}

// ----- extends -------------------------------------------------------------------------------

/// Most bases a chain of `extends` may have.
const MAX_DEPTH: usize = 32;

/// Resolves `extends = "base.toml"` in `root` (read from `path`, `None` for standard input):
/// loads the base (recursively), then merges `root` into it.
pub fn resolve_extends(
    root: Node,
    path: Option<&Path>,
    sources: &mut Sources,
    read: &dyn Fn(&Path) -> Result<String, String>,
) -> Result<Node, Vec<Diagnostic>> {
    let mut chain: Vec<(PathBuf, String)> = path
        .map(|p| (canonical(p), p.display().to_string()))
        .into_iter()
        .collect();
    resolve(root, path, sources, read, &mut chain)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn resolve(
    mut root: Node,
    path: Option<&Path>,
    sources: &mut Sources,
    read: &dyn Fn(&Path) -> Result<String, String>,
    // Each file in the chain: canonical path (to find cycles) and the path as shown.
    chain: &mut Vec<(PathBuf, String)>,
) -> Result<Node, Vec<Diagnostic>> {
    let Some(extends) = take_key(&mut root, "extends") else {
        return Ok(root);
    };
    let Value::String(relative) = &extends.value else {
        return Err(vec![
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "`extends` must be a string, found {}",
                    extends.value.type_name()
                ),
            )
            .at(extends.span, "expected a path")
            .help("write extends = \"base.toml\", a path relative to this file"),
        ]);
    };
    let folder = path.and_then(Path::parent).unwrap_or(Path::new("."));
    let base_path = folder.join(relative);
    let key = canonical(&base_path);
    if chain.iter().any(|(k, _)| *k == key) {
        let cycle: Vec<String> = chain
            .iter()
            .map(|(_, shown)| shown.clone())
            .chain(std::iter::once(base_path.display().to_string()))
            .collect();
        return Err(vec![
            Diagnostic::error(Code::Extends, "`extends` makes a cycle")
                .at(extends.span, "this base extends, in the end, this file")
                .help(format!("the chain: {}", cycle.join(" → "))),
        ]);
    }
    if chain.len() >= MAX_DEPTH {
        return Err(vec![
            Diagnostic::error(
                Code::Extends,
                format!("more than {MAX_DEPTH} files extend one another"),
            )
            .at(extends.span, "too deep"),
        ]);
    }
    let text = read(&base_path).map_err(|why| {
        vec![
            Diagnostic::error(
                Code::Extends,
                format!("the base `{}` cannot be read: {why}", base_path.display()),
            )
            .at(extends.span, "this base")
            .help("the path is relative to the file that extends it"),
        ]
    })?;
    let id = sources.add(base_path.display().to_string(), text);
    let base = tree::parse(id, &sources.get(id).text)?;
    chain.push((key, base_path.display().to_string()));
    let base = resolve(base, Some(&base_path), sources, read, chain)?;
    chain.pop();
    let mut merged = base;
    merge(&mut merged, root);
    Ok(merged)
}

/// Removes and returns a top-level key.
fn take_key(root: &mut Node, key: &str) -> Option<Node> {
    let Value::Table(entries) = &mut root.value else {
        return None;
    };
    let index = entries.iter().position(|(k, _)| k.name == key)?;
    Some(entries.remove(index).1)
}

/// Merges `variant` into `base`: tables key by key, arrays of tables item by item (an item
/// with the same identity merges into the base's, a new one is appended), anything else is
/// replaced.
pub fn merge(base: &mut Node, variant: Node) {
    match (&mut base.value, variant.value) {
        (Value::Table(base_entries), Value::Table(entries)) => {
            for (key, value) in entries {
                match base_entries.iter_mut().find(|(k, _)| k.name == key.name) {
                    Some((_, existing)) => merge(existing, value),
                    None => base_entries.push((key, value)),
                }
            }
        }
        (Value::Array(base_items), Value::Array(items))
            if items.iter().all(|i| matches!(i.value, Value::Table(_)))
                && base_items
                    .iter()
                    .all(|i| matches!(i.value, Value::Table(_))) =>
        {
            for item in items {
                let same = identity(&item)
                    .and_then(|id| base_items.iter_mut().find(|b| identity(b) == Some(id)));
                match same {
                    Some(existing) => merge(existing, item),
                    None => base_items.push(item),
                }
            }
        }
        (_, value) => {
            base.value = value;
            base.span = variant.span;
        }
    }
}

// ----- --set ---------------------------------------------------------------------------------

/// One segment of a `--set` key: `round`, `[0]` or `["2026 round"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String, std::ops::Range<usize>),
    Index(usize, std::ops::Range<usize>),
    Name(String, std::ops::Range<usize>),
}

/// Applies one `--set KEY=VALUE` argument to the document.
// A failed --set is reported once and ends the run: the size of the error does not matter.
#[allow(clippy::result_large_err)]
pub fn apply_set(root: &mut Node, argument: &str, sources: &mut Sources) -> Result<(), Diagnostic> {
    let id = sources.add("--set", argument.to_string());
    let whole = Span::new(id, 0..argument.len());
    let Some(equals) = argument.find('=') else {
        return Err(Diagnostic::error(Code::SetPath, "a --set argument needs KEY=VALUE")
            .at(whole, "no `=` here")
            .help("for example --set 'round[0].pre_money=800B' or --set condition.ipo.probability=30%"));
    };
    let segments = parse_key(&argument[..equals]).map_err(|(message, range)| {
        Diagnostic::error(Code::SetPath, format!("--set: {message}"))
            .at(whole.within(range), message.clone())
            .help("a key is names joined by dots, with [N] or [\"name\"] to pick an item: round[0].pre_money, round[\"Seed\"].investment[\"Fund\"].amount")
    })?;
    let value = tree::parse_value(id, argument, equals + 1);
    set(root, &segments, value, id)
}

#[allow(clippy::result_large_err)]
fn set(
    root: &mut Node,
    segments: &[Segment],
    value: Node,
    id: crate::diagnostic::SourceId,
) -> Result<(), Diagnostic> {
    let span = |range: &std::ops::Range<usize>| Span::new(id, range.clone());
    let mut node = root;
    let mut path = String::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match segment {
            Segment::Key(name, range) => {
                let Value::Table(entries) = &mut node.value else {
                    return Err(Diagnostic::error(
                        Code::SetPath,
                        format!("--set: `{path}` is not a table, so it has no `{name}`"),
                    )
                    .at(span(range), "no such key"));
                };
                let index = match entries.iter().position(|(k, _)| k.name == *name) {
                    Some(index) => index,
                    None if last => {
                        entries.push((
                            Key {
                                name: name.clone(),
                                span: span(range),
                            },
                            value.clone(),
                        ));
                        return Ok(());
                    }
                    None => {
                        entries.push((
                            Key {
                                name: name.clone(),
                                span: span(range),
                            },
                            Node {
                                value: Value::Table(Vec::new()),
                                span: span(range),
                            },
                        ));
                        entries.len() - 1
                    }
                };
                if last {
                    entries[index].1 = value;
                    return Ok(());
                }
                node = &mut entries[index].1;
            }
            Segment::Index(_, range) | Segment::Name(_, range)
                if !matches!(node.value, Value::Array(_)) =>
            {
                return Err(Diagnostic::error(Code::SetPath, format!("--set: `{path}` is not a list of items"))
                    .at(span(range), "cannot pick an item here")
                    .help("[N] and [\"name\"] pick an item of a list such as round, holder or round[0].investment"));
            }
            Segment::Index(n, range) => {
                let Value::Array(items) = &mut node.value else {
                    return Err(
                        Diagnostic::error(Code::SetPath, "--set: not a list").at(span(range), "")
                    );
                };
                let count = items.len();
                let Some(item) = items.get_mut(*n) else {
                    return Err(Diagnostic::error(
                        Code::SetPath,
                        format!(
                            "--set: `{path}` has {count} item{}, so there is no [{n}]",
                            if count == 1 { "" } else { "s" }
                        ),
                    )
                    .at(span(range), "no such item")
                    .help("items count from 0"));
                };
                if last {
                    *item = value;
                    return Ok(());
                }
                node = item;
            }
            Segment::Name(name, range) => {
                let Value::Array(items) = &mut node.value else {
                    return Err(
                        Diagnostic::error(Code::SetPath, "--set: not a list").at(span(range), "")
                    );
                };
                let names: Vec<String> = items
                    .iter()
                    .filter_map(identity)
                    .map(str::to_string)
                    .collect();
                let Some(item) = items
                    .iter_mut()
                    .find(|item| identity(item) == Some(name.as_str()))
                else {
                    let list = names
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let help = match did_you_mean(name, names.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean {s:?}? `{path}` has: {list}"),
                        None => format!("`{path}` has: {list}"),
                    };
                    return Err(Diagnostic::error(
                        Code::SetPath,
                        format!("--set: `{path}` has no item named {name:?}"),
                    )
                    .at(span(range), "no item with this name")
                    .help(help));
                };
                if last {
                    *item = value;
                    return Ok(());
                }
                node = item;
            }
        }
        path.push_str(&match segment {
            Segment::Key(name, _) if path.is_empty() => name.clone(),
            Segment::Key(name, _) => format!(".{name}"),
            Segment::Index(n, _) => format!("[{n}]"),
            Segment::Name(name, _) => format!("[{name:?}]"),
        });
    }
    Ok(())
}

/// The key a `--set` path leads to in the key table, if it names one that takes a value:
/// `round["Seed"].investment[0].amount` is `[[round.investment]]`'s `amount`.
pub fn key_at(path: &str) -> Option<&'static keys::Key> {
    let segments = parse_key(path).ok()?;
    let names: Vec<&str> = segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Key(name, _) => Some(name.as_str()),
            Segment::Index(..) | Segment::Name(..) => None,
        })
        .collect();
    keys::key_at(&names)
}

/// Splits `round["2026 round"].investment[0].amount` into segments with their byte ranges.
fn parse_key(text: &str) -> Result<Vec<Segment>, (String, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut i = 0;
    let mut expect_key = true;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                let start = i;
                i += 1;
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                    let mut name = String::new();
                    loop {
                        match text[i..].chars().next() {
                            None => {
                                return Err((
                                    "this `\"` is never closed".into(),
                                    start..text.len(),
                                ));
                            }
                            Some('"') => break,
                            Some('\\') if text[i + 1..].starts_with('"') => {
                                name.push('"');
                                i += 2;
                            }
                            Some(c) => {
                                name.push(c);
                                i += c.len_utf8();
                            }
                        }
                    }
                    i += 1;
                    if bytes.get(i) != Some(&b']') {
                        return Err((
                            "expected `]` after the name".into(),
                            start..i.min(text.len()),
                        ));
                    }
                    i += 1;
                    segments.push(Segment::Name(name, start..i));
                } else {
                    let digits_start = i;
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    let number = text[digits_start..i].parse::<usize>();
                    if bytes.get(i) != Some(&b']') || number.is_err() {
                        return Err((
                            "expected a number or a quoted name inside [ ]".into(),
                            start..(i + 1).min(text.len()),
                        ));
                    }
                    i += 1;
                    segments.push(Segment::Index(number.unwrap_or_default(), start..i));
                }
                expect_key = false;
            }
            b'.' if !expect_key => {
                i += 1;
                expect_key = true;
            }
            _ if expect_key => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                {
                    i += 1;
                }
                if start == i {
                    return Err(("expected a key name".into(), start..(i + 1).min(text.len())));
                }
                segments.push(Segment::Key(text[start..i].to_string(), start..i));
                expect_key = false;
            }
            _ => return Err(("expected `.` or `[` here".into(), i..i + 1)),
        }
    }
    if segments.is_empty() || expect_key {
        return Err((
            "the key is incomplete".into(),
            text.len().saturating_sub(1)..text.len(),
        ));
    }
    Ok(segments)
}

/// Paths of every base a document extends, for `--watch`.
pub fn extends_chain(path: &Path) -> Vec<PathBuf> {
    let mut chain = vec![path.to_path_buf()];
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut current = path.to_path_buf();
    while seen.insert(canonical(&current)) {
        let Ok(text) = std::fs::read_to_string(&current) else {
            break;
        };
        let Ok(value) = text.parse::<toml::Table>() else {
            break;
        };
        let Some(toml::Value::String(base)) = value.get("extends") else {
            break;
        };
        let folder = current.parent().unwrap_or(Path::new(".")).to_path_buf();
        current = folder.join(base);
        chain.push(current.clone());
    }
    chain
}

#[cfg(test)]
#[path = "compose_tests.rs"]
mod tests;
