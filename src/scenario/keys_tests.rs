//! Unit tests of `scenario/keys.rs`: the table against the validator, through two files that
//! write every key (`tests/fixtures/keys/`).

use std::collections::BTreeSet;

use super::{IDENTITY_KEYS, Kind, Need, SECTIONS, Section, TOP};
use crate::diagnostic::{Code, Sources};
use crate::scenario::tree::{self, Node, Value};
use crate::scenario::{compose, load, validate};

const FIXTURES: [&str; 2] = [
    "tests/fixtures/keys/every-key.toml",
    "tests/fixtures/keys/every-key-stakes.toml",
];

fn parse(path: &str, sources: &mut Sources) -> Node {
    let text = std::fs::read_to_string(path).unwrap();
    let id = sources.add(path, text);
    tree::parse(id, &sources.get(id).text).unwrap()
}

/// Every `section.path key` written in `node`, read as `section`; a key the table does not
/// list fails the test.
fn written(node: &Node, section: &'static Section, found: &mut BTreeSet<String>) {
    let Value::Table(entries) = &node.value else {
        panic!("{} is not a table", section.path)
    };
    for (key, value) in entries {
        let Some(listed) = section.key(&key.name) else {
            panic!("`{}` of `{}` is not in keys.rs", key.name, section.path)
        };
        found.insert(format!("{} {}", section.path, key.name));
        match (&listed.kind, &value.value) {
            (Kind::Table(next), _) => written(value, next, found),
            (Kind::List(next), Value::Array(items)) => {
                for item in items {
                    written(item, next, found);
                }
            }
            (Kind::Named(next, _), Value::Table(named)) => {
                for (_, item) in named {
                    written(item, next, found);
                }
            }
            (Kind::List(_) | Kind::Named(..), _) => panic!("{} is not a section", key.name),
            _ => {}
        }
    }
}

/// Every key of the table is written in a fixture, every key written is in the table, both
/// fixtures pass `check`, and the validator reads every key they write: a key added to the
/// table without the validator reading it fails here, and so does a key the validator takes
/// (a key missing from the table is refused as unknown, or, if the validator reads it, is an
/// error naming the bug: see `validate::Table::get`).
#[test]
fn the_fixtures_write_every_key_and_the_validator_reads_each() {
    let mut found = BTreeSet::new();
    let mut sources = Sources::default();
    for path in FIXTURES {
        written(&parse(path, &mut sources), &TOP, &mut found);
    }
    let listed: BTreeSet<String> = SECTIONS
        .iter()
        .flat_map(|s| s.keys.iter().map(|k| format!("{} {}", s.path, k.name)))
        .collect();
    let missing: Vec<&String> = listed.difference(&found).collect();
    assert!(missing.is_empty(), "keys no fixture writes: {missing:?}");
    validate::UNREAD.with(|unread| unread.borrow_mut().clear());
    for path in FIXTURES {
        let mut sources = Sources::default();
        if let Err(problems) = load::load(path, &mut sources) {
            panic!(
                "{path}: {:?}",
                problems.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
        }
    }
    let unread = validate::UNREAD.with(|unread| unread.take());
    assert!(unread.is_empty(), "written but never read: {unread:?}");
}

/// Every section is reachable from the top level once, under its path.
#[test]
fn sections_are_reached_at_their_paths() {
    fn walk(section: &'static Section, path: &str, seen: &mut Vec<String>) {
        assert_eq!(section.path, path);
        seen.push(path.to_string());
        for key in section.keys {
            if let Kind::Table(next) | Kind::List(next) | Kind::Named(next, _) = key.kind {
                let child = if path.is_empty() {
                    key.name.to_string()
                } else {
                    format!("{path}.{}", key.name)
                };
                walk(next, &child, seen);
            }
        }
    }
    let mut seen = Vec::new();
    walk(&TOP, "", &mut seen);
    let mut all: Vec<String> = SECTIONS.iter().map(|s| s.path.to_string()).collect();
    seen.sort();
    all.sort();
    assert_eq!(seen, all);
}

/// A key the table calls required is refused when it is left out of the fixture: each one,
/// removed from the first item of its section that writes it, gives E0002 (missing key)
/// naming it.
#[test]
fn a_required_key_left_out_is_a_missing_key() {
    /// Removes `key` from the first table of `target` under `node` (read as `section`).
    fn remove(node: &mut Node, section: &'static Section, target: &str, key: &str) -> bool {
        let Value::Table(entries) = &mut node.value else {
            return false;
        };
        if section.path == target
            && let Some(i) = entries.iter().position(|(k, _)| k.name == key)
        {
            entries.remove(i);
            return true;
        }
        for (k, value) in entries.iter_mut() {
            let Some(listed) = section.key(&k.name) else {
                continue;
            };
            let done = match (&listed.kind, &mut value.value) {
                (Kind::Table(next), _) => remove(value, next, target, key),
                (Kind::List(next), Value::Array(items)) => {
                    items.iter_mut().any(|item| remove(item, next, target, key))
                }
                (Kind::Named(next, _), Value::Table(named)) => named
                    .iter_mut()
                    .any(|(_, item)| remove(item, next, target, key)),
                _ => false,
            };
            if done {
                return true;
            }
        }
        false
    }
    let mut checked = 0;
    for section in SECTIONS {
        for key in section.keys.iter().filter(|k| k.need == Need::Required) {
            let mut sources = Sources::default();
            let mut root = parse(FIXTURES[0], &mut sources);
            assert!(
                remove(&mut root, &TOP, section.path, key.name),
                "{} {} is not in the fixture",
                section.path,
                key.name
            );
            let found = validate::validate(&root, &sources).diagnostics;
            assert!(
                found.iter().any(|d| d.code == Code::MissingKey
                    && d.message.contains(&format!("`{}`", key.name))),
                "{} without `{}`: {:?}",
                section.path,
                key.name,
                found.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 14);
}

/// `extends` matches list items by these keys, in this order: the sections' identities.
#[test]
fn identity_keys_are_the_sections_identities() {
    let mut identities: Vec<&str> = Vec::new();
    for section in SECTIONS {
        if let Some(identity) = section.identity
            && !identities.contains(&identity)
        {
            identities.push(identity);
            assert!(section.key(identity).is_some(), "{}", section.path);
        }
    }
    assert_eq!(identities, IDENTITY_KEYS);
}

/// A `--set`/`--vary` path leads to its key: item picks are skipped, a named table's name is
/// one word of the path, and a path to a section or to nothing leads to no key.
#[test]
fn paths_lead_to_their_keys() {
    let kind = |path: &str| compose::key_at(path).map(|k| format!("{:?}", k.kind));
    let doc = |path: &str| compose::key_at(path).map(|k| k.doc);
    assert_eq!(
        doc(r#"round["Seed"].investment[0].tranche[1].amount"#),
        Some("Money of this tranche, or a reported range (\"0..20B\", with report --ranges)")
    );
    assert_eq!(kind("round[0].pre_money").as_deref(), Some("MoneyOrRange"));
    assert_eq!(kind("class.series_a.cap").as_deref(), Some("Multiple"));
    assert_eq!(kind("safe[0].cap").as_deref(), Some("Money"));
    assert_eq!(
        kind("round[0].secondary[0].cap").as_deref(),
        Some("SharesOrFraction")
    );
    assert_eq!(
        kind("condition.ipo.probability").as_deref(),
        Some("Fraction")
    );
    assert_eq!(kind("holder[2].exercise_price").as_deref(), Some("Price"));
    assert_eq!(kind("metrics.annual_revenue").as_deref(), Some("Money"));
    for nowhere in [
        "round[0]",
        "round",
        "class.series_a",
        "round[0].nope",
        "nope",
        "round[0].pre_money.x",
    ] {
        assert_eq!(kind(nowhere), None, "{nowhere}");
    }
}

/// `report --ranges` (`scenario/ranges.rs`) expands the ranges of these keys and no others: a
/// key given `Kind::MoneyOrRange` elsewhere must be taught there too (a round's are read from
/// the table; an investment's and a tranche's amounts are walked by hand).
#[test]
fn the_keys_that_take_ranges_are_the_ones_ranges_expands() {
    let ranged: Vec<String> = SECTIONS
        .iter()
        .flat_map(|s| s.keys.iter().map(move |k| (s, k)))
        .filter(|(_, k)| matches!(k.kind, Kind::MoneyOrRange))
        .map(|(s, k)| format!("{} {}", s.path, k.name))
        .collect();
    assert_eq!(
        ranged,
        [
            "round pre_money",
            "round post_money",
            "round valuation",
            "round.investment amount",
            "round.investment.tranche amount"
        ]
    );
}

/// docs/scenario-format.md shows every section's header and writes every key (`key = …`), so a
/// key added to the table is documented too.
#[test]
fn the_format_documents_every_section_and_key() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let written = |name: &str| {
        doc.match_indices(&format!("{name} =")).any(|(at, _)| {
            at == 0 || matches!(doc.as_bytes()[at - 1], b' ' | b'\n' | b'`' | b'[' | b'(')
        })
    };
    let mut missing = Vec::new();
    for section in SECTIONS {
        for key in section.keys {
            let header = match key.kind {
                Kind::Table(next) => Some(format!("[{}]", next.path)),
                Kind::List(next) => Some(format!("[[{}]]", next.path)),
                Kind::Named(next, _) => Some(format!("[{}.", next.path)),
                _ => None,
            };
            let shown = match &header {
                Some(header) => doc.contains(header.as_str()),
                None => written(key.name),
            };
            if !shown {
                missing.push(header.unwrap_or_else(|| format!("{} {}", section.path, key.name)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in docs/scenario-format.md: {missing:?}"
    );
}
