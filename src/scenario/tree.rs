//! The scenario file as written: a TOML tree in which every key and value keeps its span.
//!
//! `toml::de::DeTable` parses with spans and keeps going after a syntax error; this module
//! copies its result into an owned [`Node`] tree whose spans also name the source, so values
//! from a base file (`extends`) or from a `--set` argument can sit in one tree and still point
//! at where they were written. Float literals keep their text: money is never read through a
//! binary float.

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::diagnostic::{Code, Diagnostic, SourceId, Span};

/// A key of a table, with where it was written.
#[derive(Clone, Debug)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// A value with where it was written.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Value {
    String(String),
    /// An integer literal, as the digits TOML read (underscores removed) and its radix.
    Integer {
        digits: String,
        radix: u32,
    },
    /// A float literal's text (underscores removed), never converted to a binary float.
    Float(String),
    Boolean(bool),
    Datetime(Datetime),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

impl Value {
    /// The TOML type name, for "expected a string, found an array" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer { .. } => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

impl Node {
    pub fn as_table(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Table(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_table()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

/// Parses `text` as TOML. On syntax errors, returns every error the parser reported.
pub fn parse(source: SourceId, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|error| syntax_error(source, text, &error))
            .collect());
    }
    let span = Span::new(source, 0..text.len());
    Ok(Node {
        value: convert_table(source, document.into_inner()),
        span,
    })
}

/// Parses the value of a `--set KEY=VALUE` argument registered as `source`, whose value starts
/// at byte `offset`. Text that is not a TOML value (`800B`, `30%`, `pre-money`) is a string.
pub fn parse_value(source: SourceId, text: &str, offset: usize) -> Node {
    let value_text = text.get(offset..).unwrap_or_default();
    match DeValue::parse(value_text) {
        Ok(value) => {
            let mut node = convert(source, value);
            shift(&mut node, offset);
            node
        }
        Err(_) => Node {
            value: Value::String(value_text.to_string()),
            span: Span::new(source, offset..text.len()),
        },
    }
}

/// Moves every span of a tree by `offset` bytes.
fn shift(node: &mut Node, offset: usize) {
    node.span.start += offset;
    node.span.end += offset;
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|item| shift(item, offset)),
        Value::Table(entries) => {
            for (key, value) in entries {
                key.span.start += offset;
                key.span.end += offset;
                shift(value, offset);
            }
        }
        _ => {}
    }
}

fn syntax_error(source: SourceId, text: &str, error: &toml::de::Error) -> Diagnostic {
    let range = error.span().unwrap_or(0..0);
    // The parser's message can span several lines; its first line is the summary.
    let message = error.message().trim();
    let (summary, detail) = match message.split_once('\n') {
        Some((summary, detail)) => (summary.trim(), Some(detail.trim())),
        None => (message, None),
    };
    let range = visible(text, range);
    let help = match detail {
        Some(detail) if !detail.is_empty() => detail.to_string(),
        _ if summary.contains("duplicate key") => {
            "each key may appear once per table, and each [table] header once; remove or rename the repeat".into()
        }
        _ if summary.contains("must be quoted") => {
            "strings need double quotes, such as name = \"Amazon\"".into()
        }
        _ => "see https://toml.io for the syntax".into(),
    };
    Diagnostic::error(Code::TomlSyntax, format!("TOML syntax: {summary}"))
        .at(Span::new(source, range), "here")
        .help(help)
}

/// A range a caret can show: an empty range gets the character after it, but never a line
/// break (which would draw a two-line annotation).
fn visible(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    if start < end {
        return start..end;
    }
    match text[start..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => start..start + c.len_utf8(),
        // At the end of a line the caret stands just past its last character.
        _ => start..start,
    }
}

fn convert_table(source: SourceId, table: DeTable<'_>) -> Value {
    Value::Table(
        table
            .into_iter()
            .map(|(key, value)| {
                let span = Span::new(source, key.span());
                (
                    Key {
                        name: key.into_inner().into_owned(),
                        span,
                    },
                    convert(source, value),
                )
            })
            .collect(),
    )
}

fn convert(source: SourceId, value: Spanned<DeValue<'_>>) -> Node {
    let span = Span::new(source, value.span());
    let value = match value.into_inner() {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => Value::Integer {
            digits: i.as_str().to_string(),
            radix: i.radix(),
        },
        DeValue::Float(f) => Value::Float(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Boolean(b),
        DeValue::Datetime(d) => Value::Datetime(d),
        DeValue::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| convert(source, item))
                .collect(),
        ),
        DeValue::Table(table) => convert_table(source, table),
    };
    Node { value, span }
}
