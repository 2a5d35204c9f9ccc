//! `[condition.NAME]` and the `when` expressions that name them (tranches, exits, secondaries).
//!
//! Assumes nothing read before it; `when` takes the conditions read, so every reader of a
//! `when` runs after `conditions`.

use super::{MAX_CONDITIONS, Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::expr::{self, Expr};
use crate::scenario::keys;
use crate::scenario::model::Condition;
use crate::scenario::tree::{Node, Value};

impl Validator<'_> {
    pub(super) fn conditions(&mut self, node: &Node) -> (Vec<Condition>, Vec<Span>) {
        let mut conditions = Vec::new();
        let mut spans = Vec::new();
        let Value::Table(entries) = &node.value else {
            self.conditions_unknown = true;
            self.wrong_type(node, "condition", "a table of [condition.NAME] sections");
            return (conditions, spans);
        };
        for (index, (key, item)) in entries.iter().enumerate() {
            if index == MAX_CONDITIONS {
                self.push(
                    Diagnostic::error(
                        Code::TooManyConditions,
                        format!("more than {MAX_CONDITIONS} conditions ({} declared)", entries.len()),
                    )
                    .at(key.span, format!("condition number {} of at most {MAX_CONDITIONS}", index + 1))
                    .help("outcomes enumerate every combination of conditions (2^n); merge conditions that always move together"),
                );
            }
            let valid_name = key.name.starts_with(|c: char| c.is_ascii_lowercase())
                && key
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid_name {
                self.push(
                    Diagnostic::error(Code::InvalidName, format!("condition name `{}` is not allowed", key.name))
                        .at(key.span, "expected lower-case letters, digits and _")
                        .help("a condition name starts with a lower-case letter, then letters, digits or _ (such as `ipo` or `agi_milestone`)"),
                );
            }
            let Some(mut table) =
                self.table(item, &keys::CONDITION, format!("[condition.{}]", key.name))
            else {
                // Declared all the same, so a `when` naming it is not reported as well.
                conditions.push(Condition {
                    name: key.name.clone(),
                    description: None,
                    probability: None,
                    assume: true,
                });
                spans.push(key.span);
                continue;
            };
            let description = table
                .get("description")
                .and_then(|node| self.string(node, "description"));
            let probability = table
                .get("probability")
                .and_then(|node| self.fraction(node, "probability"));
            let assume = table
                .get("assume")
                .and_then(|node| self.boolean(node, "assume"))
                .unwrap_or(true);
            self.finish(table);
            conditions.push(Condition {
                name: key.name.clone(),
                description,
                probability,
                assume,
            });
            spans.push(key.span);
        }
        (conditions, spans)
    }

    pub(super) fn when(&mut self, node: &Node, conditions: &[Condition]) -> Option<Expr> {
        let text = self.string(node, "when")?;
        // Offsets inside the string are shifted by its opening quote(s).
        let raw = self.sources.text(node.span);
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            usize::from(raw.starts_with(['"', '\'']))
        };
        let inner = |range: std::ops::Range<usize>| {
            let start = range.start + quote;
            let end = range.end + quote;
            // A zero-width range (end of text) still gets one column to point at.
            node.span.within(start..end.max(start + 1))
        };
        let ast = match expr::parse(&text) {
            Ok(ast) => ast,
            Err(error) => {
                self.push(
                    Diagnostic::error(Code::WhenSyntax, format!("`when` cannot be read: {}", error.message))
                        .at(inner(error.range), error.message.clone())
                        .help("write condition names joined by and, or, not and parentheses, e.g. when = \"ipo or (agi and not recession)\""),
                );
                return None;
            }
        };
        let declared: Vec<&str> = conditions.iter().map(|c| c.name.as_str()).collect();
        match ast.resolve(&|name| declared.iter().position(|d| *d == name)) {
            Ok(expr) => Some(expr),
            // The conditions failed to read: their error is the one to fix first.
            Err(_) if self.conditions_unknown => None,
            Err(unknown) => {
                for (name, range) in unknown {
                    let list = if declared.is_empty() {
                        "no conditions are declared; add a [condition.NAME] section".to_string()
                    } else {
                        format!("declared conditions: {}", declared.join(", "))
                    };
                    let help = match did_you_mean(&name, declared.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? {list}"),
                        None => list,
                    };
                    self.push(
                        Diagnostic::error(
                            Code::UnknownName,
                            format!("`when` names an undeclared condition `{name}`"),
                        )
                        .at(inner(range), "not declared")
                        .help(help),
                    );
                }
                None
            }
        }
    }
}
