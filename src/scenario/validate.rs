//! From the spanned TOML tree to the checked [`Scenario`] model.
//!
//! Problems are collected, not thrown: a file with five mistakes gets five diagnostics in one
//! run, each pointing at the value it is about. This file holds the `Validator` state, the
//! table and scalar readers every section uses (`string`, `money`, `shares`, `choice`, …) and
//! the help-text helpers; the work is split by job (see `scenario/mod.rs` for the read order):
//!
//! - `read/*.rs`: one section each, type-checked, with its own rules;
//! - `rules.rs`: rules across sections;
//! - `build.rs`: the read order and the model built from the sections read;
//! - `work.rs`: the engine-work estimate (files too large to compute are refused).
//!
//! They are child modules of this one (`#[path]`), so that each `impl Validator` block can
//! use the validator's private state, `Table` and the scalar readers, none of which is visible
//! outside `validate`.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::keys::{self, Section};
use super::model::{Date, PartyId, Scenario, ShareClass};
use super::tree::{Key, Node, Value};
use super::value::{
    self, FRACTION_FORMS, MULTIPLE_FORMS, SHARE_FORMS, ValueError, parse_float_literal,
    parse_integer_literal,
};
use crate::diagnostic::{Code, Diagnostic, Sources, Span};
use crate::format::grouped;

#[path = "build.rs"]
mod build;
#[path = "read/classes.rs"]
mod classes;
#[path = "read/commitments.rs"]
mod commitments;
#[path = "read/conditions.rs"]
mod conditions;
#[path = "read/exits.rs"]
mod exits;
#[path = "read/header.rs"]
mod header;
#[path = "read/holders.rs"]
mod holders;
#[path = "read/instruments.rs"]
mod instruments;
#[path = "read/rounds.rs"]
mod rounds;
#[path = "rules.rs"]
mod rules;
#[path = "read/secondary.rs"]
mod secondary;
#[path = "work.rs"]
mod work;
pub use secondary::{ALL_COMMON, SecondarySpans};
pub use work::{MAX_OUTCOME_ROWS, MAX_OUTCOME_STEPS, MAX_ROUND_ROWS};

pub use super::condition_set::MAX_CONDITIONS;

/// An optional key given but refused: its error is already reported. A reader of an optional
/// key returns `Result<Option<T>, Refused>`: `Ok(None)` when the key is absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Refused;

/// Checks a parsed scenario. Returns the model when there is no error, and every diagnostic
/// (warnings included) either way.
pub fn validate(root: &Node, sources: &Sources) -> Validated {
    let mut v = Validator::new(sources);
    // The root cause first: a control character in a text is reported alone.
    control_characters(root, &mut v.diagnostics);
    if !v.diagnostics.is_empty() {
        return Validated {
            scenario: None,
            diagnostics: v.diagnostics,
            locations: Locations {
                rounds: Vec::new(),
                classes: Vec::new(),
                secondaries: Vec::new(),
            },
        };
    }
    let scenario = v.scenario(root);
    let failed = v.diagnostics.iter().any(Diagnostic::is_error);
    Validated {
        scenario: if failed { None } else { scenario },
        diagnostics: v.diagnostics,
        locations: Locations {
            rounds: v.round_spans,
            classes: v.class_spans,
            secondaries: v.secondary_spans,
        },
    }
}

/// Errors (E0035) for every string and key of `node` holding a control character other than
/// a line break, carriage return or tab. TOML lets a string hold any character through an
/// escape (`"\u001b[2J"`); printed in a table or a terminal, an escape sequence would rewrite
/// the screen, and a table's text would no longer be the file's.
fn control_characters(node: &Node, problems: &mut Vec<Diagnostic>) {
    let bad = |text: &str| {
        text.chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    };
    let report = |problems: &mut Vec<Diagnostic>, span: Span, what: &str, c: char| {
        problems.push(
            Diagnostic::error(
                Code::ControlCharacter,
                format!(
                    "{what} holds the control character U+{:04X}; tables and terminals would not show it as written",
                    u32::from(c)
                ),
            )
            .at(span, "control character")
            .help("remove it: only line breaks and tabs may appear in a text"),
        );
    };
    match &node.value {
        Value::String(text) => {
            if let Some(c) = bad(text) {
                report(problems, node.span, "this text", c);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| control_characters(item, problems)),
        Value::Table(entries) => {
            for (key, value) in entries {
                if let Some(c) = bad(&key.name) {
                    report(problems, key.span, &format!("the key {:?}", key.name), c);
                }
                control_characters(value, problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
thread_local! {
    /// Keys written in a file, listed in the key table, that the validator did not read
    /// (`section.path key`): a test of `keys.rs` wants none in its every-key fixtures.
    pub(crate) static UNREAD: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl<'s> Validator<'s> {
    fn new(sources: &'s Sources) -> Self {
        Validator {
            sources,
            diagnostics: Vec::new(),
            round_spans: Vec::new(),
            empty_rounds: Vec::new(),
            classes: Vec::new(),
            class_spans: Vec::new(),
            party_index: HashMap::new(),
            pool_index: None,
            round_names: Vec::new(),
            unread_rounds: HashSet::new(),
            rounds_unknown: false,
            round_date_unread: Vec::new(),
            converting: HashSet::new(),
            instruments_unread: false,
            classes_unknown: false,
            shadow_spans: Vec::new(),
            conditions_unknown: false,
            currency: Some("USD".into()),
            currency_span: None,
            warnings: Vec::new(),
            pro_rata_at: Vec::new(),
            pending_secondaries: Vec::new(),
            secondary_spans: Vec::new(),
        }
    }
}

/// The outcome of validation: the model when there is no error, every diagnostic either way.
#[derive(Debug)]
pub struct Validated {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    pub locations: Locations,
}

/// Where parts of the model were written, for errors found while computing (the model itself
/// carries no spans).
#[derive(Clone, Debug, Default)]
pub struct Locations {
    /// The `[[round]]` header of each round, indexed like `Scenario::rounds`.
    pub rounds: Vec<Span>,
    /// The `[class.NAME]` key of each class, indexed like `Scenario::classes`.
    pub classes: Vec<Span>,
    /// Each round's `[[round.secondary]]` items, indexed like `Round::secondaries`.
    pub secondaries: Vec<Vec<SecondarySpans>>,
}

struct Validator<'s> {
    sources: &'s Sources,
    diagnostics: Vec<Diagnostic>,
    round_spans: Vec<Span>,
    /// Rounds without investments (by name) and the error they get if nothing converts in them.
    empty_rounds: Vec<(Option<String>, Diagnostic)>,
    /// The declared classes, read before anything that names one.
    classes: Vec<ShareClass>,
    class_spans: Vec<Span>,
    /// Each party's index by name (the first, if a name repeats), kept with the parties: a
    /// scan of every party per investment made 50,000 investors in one round take 8 s.
    party_index: HashMap<String, PartyId>,
    /// The first party that is the unallocated pool.
    pool_index: Option<PartyId>,
    // What failed to read, so that what depends on it is not reported too (a cascade): the
    // error about the value or key that failed is the root cause, and the only one shown.
    /// The name of every `[[round]]`, read or not, in file order (for "did you mean").
    round_names: Vec<String>,
    /// Rounds whose name was read but that failed to read: a `converts_at` naming one is not
    /// reported as naming no round.
    unread_rounds: HashSet<String>,
    /// Whether some round's name is unknown (the `round` key is missing or misspelt, is not an
    /// array of tables, or a round's `name` failed to read): no `converts_at` is then reported
    /// as naming no round, since it may name that one.
    rounds_unknown: bool,
    /// Per read round (indexed like the rounds returned): whether its `date` was given but
    /// failed to read, so a note's interest is not reported as lacking that date.
    round_date_unread: Vec<bool>,
    /// The names of the rounds that some `[[safe]]` or `[[note]]` converts in, read or not: a
    /// round without investments is not empty if one of these converts in it.
    converting: HashSet<String>,
    /// Whether a `safe` or `note` section could not be read (misspelt key, stakes basis): a round
    /// without investments is then not reported as having nothing converting in it.
    instruments_unread: bool,
    /// Each instrument with `series = "shadow"` (index into the instruments) and where.
    shadow_spans: Vec<(usize, Span)>,
    /// Whether the `class` section failed to read (misspelt key, not a table) or one of its
    /// classes did: a `class = "…"` naming no declared class is then not reported.
    classes_unknown: bool,
    /// Whether the `condition` section failed to read (misspelt key, not a table): a `when`
    /// naming an undeclared condition is then not reported.
    conditions_unknown: bool,
    /// The scenario's currency, which amounts written with a symbol or code must be in: read
    /// (in `[scenario]`) before any amount, wherever it is in the file. `None` when `currency`
    /// failed to read: amounts are then not checked against it (its error is the root cause).
    currency: Option<String>,
    /// Where `currency` is declared, if it is.
    currency_span: Option<Span>,
    /// Warnings found while reading, shown only if the file is otherwise valid: next to an
    /// error they may be knock-on noise (a holder section that failed to read makes every
    /// commitment's counterparty look unknown).
    warnings: Vec<Diagnostic>,
    /// Each pro-rata investment read: the round's index among the `[[round]]` items, the
    /// investing party and the span of its `investor` name.
    pro_rata_at: Vec<(usize, PartyId, Span)>,
    /// Each `[[round.secondary]]` read, resolved once every party is known.
    pending_secondaries: Vec<secondary::Pending>,
    /// Where each resolved secondary was written, per round.
    secondary_spans: Vec<Vec<SecondarySpans>>,
}

/// A table being read: remembers which keys were used so the rest can be reported.
struct Table<'a> {
    entries: &'a [(Key, Node)],
    used: Vec<bool>,
    /// Its section of the key table: the keys it takes.
    section: &'static Section,
    /// Keys read that the key table does not list for the section: a bug in captable, reported
    /// by `finish` on any file that reaches the read, so a key cannot be added to the
    /// validator without its entry in `keys.rs` (every test of the key would fail).
    unlisted: Vec<String>,
    /// The table's header (or whole span for inline tables), for "missing key" errors.
    span: Span,
    /// How the table is named in messages: `[scenario]`, `[[holder]] #2`, …
    what: String,
}

impl<'a> Table<'a> {
    fn get(&mut self, key: &str) -> Option<&'a Node> {
        if self.section.key(key).is_none() && !self.unlisted.iter().any(|k| k == key) {
            self.unlisted.push(key.to_string());
        }
        let index = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    /// Whether an unread key looks like a misspelling of one of `keys`.
    fn misspells(&self, keys: &[&str]) -> bool {
        self.entries.iter().zip(&self.used).any(|((k, _), used)| {
            !used
                && !keys.contains(&k.name.as_str())
                && did_you_mean(&k.name, keys.iter().copied()).is_some()
        })
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.span)
    }
}

impl<'s> Validator<'s> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Opens a node as a table, or reports what it is instead.
    fn table<'a>(
        &mut self,
        node: &'a Node,
        section: &'static Section,
        what: impl Into<String>,
    ) -> Option<Table<'a>> {
        let what = what.into();
        if let Value::Table(entries) = &node.value {
            Some(Table {
                entries,
                used: vec![false; entries.len()],
                section,
                unlisted: Vec::new(),
                span: self.first_line(node.span),
                what,
            })
        } else {
            self.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("{what} must be a table, found {}", node.value.type_name()),
                )
                .at(node.span, "expected a table")
                .help(format!("write it as a `{what}` section")),
            );
            None
        }
    }

    /// Reports every key of `table` that its section does not take, suggesting the nearest.
    fn finish(&mut self, table: Table<'_>) {
        for key in &table.unlisted {
            self.push(
                Diagnostic::error(
                    Code::UnknownKey,
                    format!(
                        "captable read `{key}` in {}, a key its key table does not list",
                        table.what
                    ),
                )
                .at(table.span, "read here")
                .help(format!(
                    "a bug in captable: list `{key}` in section `{}` of src/scenario/keys.rs",
                    table.section.path
                )),
            );
        }
        let known: Vec<&str> = table.section.names().collect();
        for ((key, _), used) in table.entries.iter().zip(&table.used) {
            #[cfg(test)]
            if !*used && known.contains(&key.name.as_str()) {
                UNREAD.with(|unread| {
                    unread
                        .borrow_mut()
                        .push(format!("{} {}", table.section.path, key.name));
                });
            }
            if *used || known.contains(&key.name.as_str()) {
                continue;
            }
            let mut diagnostic = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key `{}` in {}", key.name, table.what),
            )
            .at(key.span, "unknown key");
            diagnostic = match did_you_mean(&key.name, known.iter().copied()) {
                Some(suggestion) => diagnostic.help(format!(
                    "did you mean `{suggestion}`? {} takes: {}",
                    table.what,
                    known.join(", ")
                )),
                None => diagnostic.help(format!("{} takes: {}", table.what, known.join(", "))),
            };
            self.push(diagnostic);
        }
    }

    /// The first line of a span: where a `[[round]]` header is, not the whole body.
    fn first_line(&self, span: Span) -> Span {
        let text = self.sources.text(span);
        match text.find('\n') {
            Some(end) => Span {
                end: span.start + text[..end].trim_end().len(),
                ..span
            },
            None => span,
        }
    }

    fn missing(&mut self, table: &Table<'_>, key: &str, example: &str) {
        // A misspelt key is reported once, as an unknown key that suggests this one.
        if table.misspells(&[key]) {
            return;
        }
        self.push(
            Diagnostic::error(Code::MissingKey, format!("{} has no `{key}`", table.what))
                .at(table.span, format!("`{key}` is required here"))
                .help(format!("add `{key} = {example}`")),
        );
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str) {
        self.push(
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "`{key}` must be {expected}, found {}",
                    node.value.type_name()
                ),
            )
            .at(node.span, format!("expected {expected}")),
        );
    }

    // ----- scalar readers ---------------------------------------------------------------

    fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        if let Value::String(s) = &node.value {
            Some(s.clone())
        } else {
            self.wrong_type(node, key, "a string");
            None
        }
    }

    fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        if let Value::Boolean(b) = node.value {
            Some(b)
        } else {
            self.wrong_type(node, key, "true or false");
            None
        }
    }

    fn date(&mut self, node: &Node, key: &str) -> Option<Date> {
        let Value::Datetime(datetime) = &node.value else {
            self.wrong_type(node, key, "a date such as 2026-02-27 (no quotes)");
            if let Value::String(text) = &node.value
                && let Some(last) = self.diagnostics.pop()
            {
                self.push(last.help(date_help(key, text)));
            }
            return None;
        };
        match (datetime.date, datetime.time) {
            (Some(date), None) => Some(Date {
                year: i32::from(date.year),
                month: date.month,
                day: date.day,
            }),
            _ => {
                self.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("`{key}` must be a date without a time"),
                    )
                    .at(node.span, "expected a date")
                    .help("write a date as 2026-02-27"),
                );
                None
            }
        }
    }

    /// Reads a number written as an integer, a float literal or a string, with `parse` for
    /// strings; `kind` and `forms` word the messages.
    fn number(
        &mut self,
        node: &Node,
        key: &str,
        kind: &str,
        forms: &str,
        parse: &dyn Fn(&str) -> Result<Decimal, ValueError>,
    ) -> Option<Decimal> {
        let result = match &node.value {
            Value::String(text) => parse(text),
            Value::Integer { digits, radix } => parse_integer_literal(digits, *radix),
            Value::Float(text) => parse_float_literal(text),
            _ => {
                self.wrong_type(
                    node,
                    key,
                    &format!("{} (a number or a string)", article(kind)),
                );
                return None;
            }
        };
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.value_error(node, key, kind, forms, &error);
                None
            }
        }
    }

    fn value_error(&mut self, node: &Node, key: &str, kind: &str, forms: &str, error: &ValueError) {
        let shown = self.sources.text(node.span).to_string();
        let valid = if kind == "money" {
            "valid money".to_string()
        } else {
            format!("a valid {kind}")
        };
        let (code, message, label, help) = match error {
            ValueError::Negative => (
                Code::Negative,
                format!("`{key}` is negative: {shown}"),
                "negative".to_string(),
                format!("{} cannot be negative; {forms}", capitalize(&article(kind))),
            ),
            ValueError::OutOfRange => (
                Code::OutOfRange,
                format!("`{key}` {error}: {shown}"),
                "outside 0% to 100%".to_string(),
                forms.to_string(),
            ),
            ValueError::ImpreciseFloat => (
                Code::ImpreciseFloat,
                format!("`{key}` {error}"),
                "too many digits for a float".to_string(),
                format!("quote it to keep every digit: {key} = \"{}\"", shown.trim()),
            ),
            ValueError::TooPrecise | ValueError::TooLarge => (
                Code::BadValue,
                format!("`{key}` is not {valid}: {shown}"),
                if *error == ValueError::TooLarge {
                    "too large"
                } else {
                    "too many digits"
                }
                .to_string(),
                format!("it {error}"),
            ),
            ValueError::Malformed(_) => (
                Code::BadValue,
                format!("`{key}` is not {valid}: {shown}"),
                format!("not {valid}"),
                format!("{error}; {forms}"),
            ),
            ValueError::Currency {
                code,
                expected,
                bare,
                ..
            } => {
                let symbol = value::symbol_of(expected)
                    .map(|symbol| format!("\"{symbol}{bare}\", "))
                    .unwrap_or_default();
                let change = if self.currency_span.is_some() {
                    format!("or change `currency` in [scenario] if every amount is in {code}")
                } else {
                    format!(
                        "the scenario has no `currency`, so it is {expected}: add currency = \"{code}\" to [scenario] if every amount is in {code}"
                    )
                };
                (
                    Code::BadValue,
                    format!("`{key}` {error}"),
                    format!("in {code}, not {expected}"),
                    format!(
                        "amounts are not converted between currencies: write it in {expected}, as {symbol}\"{expected} {bare}\" or \"{bare}\"; {change}"
                    ),
                )
            }
        };
        let mut diagnostic = Diagnostic::error(code, message)
            .at(node.span, label)
            .help(help);
        if let (ValueError::Currency { .. }, Some(span)) = (error, self.currency_span) {
            diagnostic = diagnostic.also(span, "the scenario's currency");
        }
        self.push(diagnostic);
    }

    fn money(&mut self, node: &Node, key: &str) -> Option<Decimal> {
        if let Value::String(text) = &node.value
            && super::ranges::is_range(text)
        {
            self.push(super::ranges::range_outside(node.span, key, text));
            return None;
        }
        let currency = self.currency.clone();
        let forms = self.money_forms();
        let value = self.number(node, key, "money", &forms, &|text| {
            value::parse_money_in(text, currency.as_deref())
        })?;
        if value.is_sign_negative() && !value.is_zero() {
            self.value_error(node, key, "money", &forms, &ValueError::Negative);
            return None;
        }
        Some(value)
    }

    /// The forms money may take, in the scenario's currency.
    fn money_forms(&self) -> String {
        value::money_forms(self.currency.as_deref().unwrap_or("USD"))
    }

    fn positive_money(&mut self, node: &Node, key: &str) -> Option<Decimal> {
        let value = self.money(node, key)?;
        if value.is_zero() {
            self.push(
                Diagnostic::error(Code::OutOfRange, format!("`{key}` must be more than zero"))
                    .at(node.span, "zero")
                    .help(self.money_forms()),
            );
            return None;
        }
        Some(value)
    }

    /// How a round's `valuation` is read: `Some(true)` pre-money, `Some(false)` post-money.
    /// `basis = "unknown"` is read both ways only by `report --ranges` (see `ranges.rs`, which
    /// replaces it in each corner before validation), so here it is an error saying so.
    fn valuation_basis(
        &mut self,
        basis: Option<&Node>,
        valuation: Span,
        what: &str,
    ) -> Option<bool> {
        let Some(node) = basis else {
            self.push(
                Diagnostic::error(Code::MissingKey, format!("{what} has a `valuation` but no `basis`"))
                    .at(valuation, "pre-money or post-money?")
                    .help("add basis = \"pre-money\" (before the new money), \"post-money\" (after it) or \"unknown\" (not reported: `captable report --ranges` reads it both ways)"),
            );
            return None;
        };
        match &node.value {
            Value::String(text) if text == "pre-money" => Some(true),
            Value::String(text) if text == "post-money" => Some(false),
            Value::String(text) if text == "unknown" => {
                self.push(super::ranges::unknown_outside(node.span));
                None
            }
            Value::String(text) => {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("`basis` is \"{text}\""))
                        .at(node.span, "not a basis")
                        .help("write basis = \"pre-money\", \"post-money\" or \"unknown\""),
                );
                None
            }
            _ => {
                self.wrong_type(node, "basis", "a string");
                None
            }
        }
    }

    fn shares(&mut self, node: &Node, key: &str) -> Option<Decimal> {
        // A share count is written as money is (a currency, if any, must be the scenario's).
        let currency = self.currency.clone();
        let value = self.number(node, key, "share count", SHARE_FORMS, &|text| {
            value::parse_money_in(text, currency.as_deref())
        })?;
        if value.is_sign_negative() && !value.is_zero() {
            self.value_error(node, key, "share count", SHARE_FORMS, &ValueError::Negative);
            return None;
        }
        Some(value)
    }

    fn fraction(&mut self, node: &Node, key: &str) -> Option<Decimal> {
        let value = self.number(
            node,
            key,
            "fraction",
            FRACTION_FORMS,
            &value::parse_fraction,
        )?;
        match value::check_fraction(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.value_error(node, key, "fraction", FRACTION_FORMS, &error);
                None
            }
        }
    }

    fn multiple(&mut self, node: &Node, key: &str) -> Option<Decimal> {
        self.number(
            node,
            key,
            "multiple",
            MULTIPLE_FORMS,
            &value::parse_multiple,
        )
    }

    fn name_string(&mut self, table: &mut Table<'_>, key: &str) -> Option<(String, Span)> {
        let Some(node) = table.get(key) else {
            self.missing(table, key, "\"…\"");
            return None;
        };
        let name = self.string(node, key)?;
        if name.trim().is_empty() {
            self.push(
                Diagnostic::error(Code::InvalidName, format!("`{key}` is empty"))
                    .at(node.span, "empty name")
                    .help(format!("give it a name: {key} = \"…\"")),
            );
            return None;
        }
        Some((name, node.span))
    }

    fn array<'a>(&mut self, node: &'a Node, what: &str) -> &'a [Node] {
        if let Value::Array(items) = &node.value {
            items
        } else {
            self.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!(
                        "`{what}` must be written as [[{what}]] sections, found {}",
                        node.value.type_name()
                    ),
                )
                .at(node.span, format!("expected [[{what}]]")),
            );
            &[]
        }
    }

    /// A `price_decimals`: a whole number from 0 to 28.
    fn price_decimals(&mut self, node: &Node, help: &str) -> Option<u32> {
        let digits = match &node.value {
            Value::Integer { digits, radix } => parse_integer_literal(digits, *radix)
                .ok()
                .and_then(|d| u32::try_from(d.mantissa()).ok().filter(|_| d.scale() == 0))
                .filter(|&d| d <= 28),
            _ => None,
        };
        if digits.is_none() {
            self.push(
                Diagnostic::error(
                    Code::BadValue,
                    "`price_decimals` must be a whole number from 0 to 28",
                )
                .at(node.span, "expected 0 to 28")
                .help(help),
            );
        }
        digits
    }

    /// Reads a string that must be one of a few words.
    fn choice<T: Copy>(
        &mut self,
        node: &Node,
        key: &str,
        options: &[(&str, T)],
        meaning: &str,
    ) -> Option<T> {
        let text = self.string(node, key)?;
        if let Some((_, value)) = options.iter().find(|(word, _)| *word == text) {
            return Some(*value);
        }
        let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
        let list = words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(&text, words.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"? {key} is one of {list}: {meaning}"),
            None => format!("{key} is one of {list}: {meaning}"),
        };
        self.push(
            Diagnostic::error(Code::BadValue, format!("`{key}` cannot be {text:?}"))
                .at(node.span, format!("expected one of {list}"))
                .help(help),
        );
        None
    }

    /// [`Self::choice`] for a key that may be missing, in which case it is `default`.
    fn choice_or<T: Copy>(
        &mut self,
        node: Option<&Node>,
        key: &str,
        options: &[(&str, T)],
        meaning: &str,
        default: T,
    ) -> Option<T> {
        match node {
            Some(node) => self.choice(node, key, options, meaning),
            None => Some(default),
        }
    }
}

/// Most candidates a "did you mean" compares a word with. Keys, conditions and settings are
/// far fewer; round names are not bounded, and 5,000 SAFEs naming 5,000 rounds wrongly took
/// 15 s (25 million string distances). Past this many, only the first are suggested from.
const MAX_SUGGESTION_CANDIDATES: usize = 100;

/// Most names a help text lists before "and N more".
const MAX_LISTED_NAMES: usize = 20;

/// The nearest candidate to a misspelt word, if it is near enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        .take(MAX_SUGGESTION_CANDIDATES)
        .filter_map(|c| {
            let most = 2.max(c.len() / 3);
            let lower = c.to_lowercase();
            // The distance is at least the difference in length: skip the quadratic
            // comparison when that alone is too far (a 100 MB key costs nothing then).
            if length.abs_diff(lower.chars().count()) > most {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&word, &lower);
            (distance <= most && distance < c.len()).then_some((distance, c))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Names joined by commas, the first [`MAX_LISTED_NAMES`] and then how many more.
fn listed(names: &[&str]) -> String {
    match names.get(MAX_LISTED_NAMES..) {
        Some(rest) if !rest.is_empty() => format!(
            "{}, and {} more",
            names[..MAX_LISTED_NAMES].join(", "),
            grouped(Decimal::from(rest.len()))
        ),
        _ => names.join(", "),
    }
}

/// Help for a date written as a string: the TOML date it stands for, when that is clear.
fn date_help(key: &str, text: &str) -> String {
    let generic = format!("write a date as year-month-day without quotes: {key} = 2026-02-27");
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let (Some(numbers), [a, b, c]) = (numbers, parts.as_slice()) else {
        return generic;
    };
    let iso = |year: u32, month: u32, day: u32| {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (year >= 1000 && (1..=12).contains(&month) && (1..=days).contains(&day))
            .then(|| format!("{year:04}-{month:02}-{day:02}"))
    };
    let (x, y, z) = (numbers[0], numbers[1], numbers[2]);
    if a.len() == 4 {
        // Year first: 2026-02-27 (quoted) or 2026/02/27.
        return match iso(x, y, z) {
            Some(date) if date == text => format!("remove the quotes: {key} = {date}"),
            Some(date) => format!("write it year-month-day without quotes: {key} = {date}"),
            None => generic,
        };
    }
    if c.len() != 4 || b.is_empty() {
        return generic;
    }
    match (iso(z, y, x), iso(z, x, y)) {
        (Some(date), None) | (None, Some(date)) => {
            format!("write it year-month-day without quotes: {key} = {date}")
        }
        (Some(dmy), Some(mdy)) if dmy == mdy => {
            format!("write it year-month-day without quotes: {key} = {dmy}")
        }
        (Some(dmy), Some(mdy)) => format!(
            "{text} is ambiguous: write it year-month-day without quotes, {key} = {dmy} if it is day/month/year, {key} = {mdy} if month/day/year"
        ),
        (None, None) => generic,
    }
}

/// "share count" → "a share count"; "money" stays "money".
/// "an option", "a warrant".
fn a_or_an(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

fn article(kind: &str) -> String {
    if kind == "money" {
        kind.to_string()
    } else {
        format!("a {kind}")
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A fraction as an exact percentage for messages: 0.99 → "99%".
fn percent(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::ONE_HUNDRED).normalize())
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
