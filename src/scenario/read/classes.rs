//! `[class.NAME]`: the preferred classes (seniority, preference, participation, conversion,
//! anti-dilution), read into `Validator::classes` before anything that names a class.
//!
//! Assumes nothing read before it; `class_of` (the `class = "…"` of a holder, investment,
//! instrument or secondary) assumes the classes read.

use super::{Table, Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::keys;
use crate::scenario::model::{AntiDilution, AntiDilutionBase, ShareClass};
use crate::scenario::tree::{Node, Value};
use crate::scenario::value::parse_integer_literal;
use rust_decimal::Decimal;

impl Validator<'_> {
    /// Reads a table's `class`: `common` (the default) or a declared `[class.NAME]`.
    pub(super) fn class_of(&mut self, table: &mut Table<'_>) -> String {
        let Some(node) = table.get("class") else {
            return "common".into();
        };
        let Some(name) = self.string(node, "class") else {
            return "common".into();
        };
        if name == "common" || self.classes_unknown || self.classes.iter().any(|c| c.name == name) {
            return name;
        }
        let declared: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
        let list = if declared.is_empty() {
            "no [class.NAME] is declared; common needs none, a preferred class needs a [class.NAME] table with its terms".to_string()
        } else {
            format!("classes: common, {}", declared.join(", "))
        };
        let help = match did_you_mean(&name, declared.iter().copied().chain(["common"])) {
            Some(s) => format!("did you mean `{s}`? {list}"),
            None => list,
        };
        self.push(
            Diagnostic::error(Code::UnknownName, format!("class `{name}` is not declared"))
                .at(node.span, "no [class] with this name")
                .help(help),
        );
        name
    }

    /// Reads the `[class.NAME]` tables into `self.classes`; returns where each
    /// `anti_dilution` other than none is written (it needs share counts).
    pub(super) fn classes(&mut self, node: &Node) -> Vec<Span> {
        let mut anti_dilution_spans = Vec::new();
        let Value::Table(entries) = &node.value else {
            self.classes_unknown = true;
            self.wrong_type(node, "class", "a table of [class.NAME] sections");
            return anti_dilution_spans;
        };
        for (key, item) in entries {
            if key.name == "common" {
                self.push(
                    Diagnostic::error(Code::InvalidName, "`common` cannot have a [class] table")
                        .at(key.span, "common has no terms")
                        .help("common is what is left after every preference; name the preferred class, such as [class.series_a]"),
                );
                continue;
            }
            if key.name.trim().is_empty() {
                self.push(
                    Diagnostic::error(Code::InvalidName, "a class name is empty")
                        .at(key.span, "empty name")
                        .help("name the class, such as [class.series_a]"),
                );
                continue;
            }
            let Some(mut table) = self.table(item, &keys::CLASS, format!("[class.{}]", key.name))
            else {
                // Declared all the same (its error is reported), as a class with a wrong term
                // is below: what names it is not reported as naming an unknown class.
                self.classes.push(ShareClass::plain(key.name.clone()));
                self.class_spans.push(key.span);
                continue;
            };
            let title = table.get("name").and_then(|node| {
                let text = self.string(node, "name")?;
                if text.trim().is_empty() {
                    self.push(
                        Diagnostic::error(Code::InvalidName, format!("{} has an empty `name`", table.what))
                            .at(node.span, "empty name")
                            .help("give the name tables show, such as name = \"Series A Preferred\", or remove it to show one made from the key"),
                    );
                    return None;
                }
                Some(text)
            });
            let preference = match table.get("preference") {
                Some(node) => self.multiple(node, "preference"),
                None => Some(Decimal::ONE),
            };
            let participating = table
                .get("participating")
                .and_then(|node| self.boolean(node, "participating"))
                .unwrap_or(false);
            let cap_node = table.get("cap");
            let cap = cap_node.and_then(|node| self.multiple(node, "cap"));
            if let (Some(node), Some(cap)) = (cap_node, cap) {
                if !participating {
                    self.push(
                        Diagnostic::error(Code::BadValue, format!("{} has a `cap` but is not participating", table.what))
                            .at(node.span, "a cap limits participation")
                            .help("add participating = true, or remove the cap: a non-participating class receives its preference or converts, and needs no cap"),
                    );
                } else if preference.is_some_and(|p| cap < p) {
                    self.push(
                        Diagnostic::error(Code::OutOfRange, format!("{} has a `cap` below its preference", table.what))
                            .at(node.span, "below the preference")
                            .help("the cap is the most the class receives in total (preference and participation), as a multiple of its money: make it at least the preference"),
                    );
                }
            }
            let seniority = table.get("seniority").and_then(|node| match &node.value {
                Value::Integer { digits, radix } => parse_integer_literal(digits, *radix)
                    .ok()
                    .and_then(|d| i64::try_from(d.mantissa()).ok().filter(|_| d.scale() == 0))
                    .filter(|s| s.unsigned_abs() <= 1_000_000),
                _ => None,
            }.or_else(|| {
                self.push(
                    Diagnostic::error(Code::BadValue, "`seniority` must be a whole number")
                        .at(node.span, "expected an integer")
                        .help("higher is paid first, such as seniority = 2; classes with equal seniority share pro rata (default 0)"),
                );
                None
            }));
            let anti_dilution = match table.get("anti_dilution") {
                Some(node) => {
                    let choice = self.choice(
                        node,
                        "anti_dilution",
                        &[
                            ("none", AntiDilution::None),
                            ("broad-based", AntiDilution::BroadBased),
                            ("narrow-based", AntiDilution::NarrowBased),
                            ("full-ratchet", AntiDilution::FullRatchet),
                        ],
                        "how the conversion price follows a later round priced below it (see docs/scenario-format.md)",
                    );
                    if choice.is_some_and(|c| c != AntiDilution::None) {
                        anti_dilution_spans.push(node.span);
                    }
                    choice
                }
                None => Some(AntiDilution::None),
            };
            let base_node = table.get("anti_dilution_base");
            let anti_dilution_base = match base_node {
                Some(node) => self.choice(
                    node,
                    "anti_dilution_base",
                    &[
                        ("outstanding", AntiDilutionBase::Outstanding),
                        ("fully-diluted", AntiDilutionBase::FullyDiluted),
                    ],
                    "the shares A of the broad-based formula counts: outstanding (the NVCA model charter's: common, options and convertible securities as converted, without the reserved-but-unissued pool) or fully-diluted (the unissued pool too)",
                ),
                None => Some(AntiDilutionBase::Outstanding),
            };
            if let (Some(node), Some(rule)) = (base_node, anti_dilution)
                && rule != AntiDilution::BroadBased
            {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("{} has an `anti_dilution_base` but its anti-dilution is {}", table.what, rule.as_str()))
                        .at(node.span, "counted by broad-based anti-dilution only")
                        .help("the base is the share count A of the broad-based weighted-average formula: add anti_dilution = \"broad-based\", or remove anti_dilution_base"),
                );
            }
            let decimals_node = table.get("price_decimals");
            let price_decimals = decimals_node.and_then(|node| {
                self.price_decimals(
                    node,
                    "the adjusted conversion price is rounded to this many decimals; the NVCA model charter rounds to the nearest hundredth of a cent: price_decimals = 4",
                )
            });
            if let (Some(node), Some(AntiDilution::None)) = (decimals_node, anti_dilution) {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("{} has a `price_decimals` but no anti-dilution", table.what))
                        .at(node.span, "rounds an adjusted conversion price")
                        .help("a class's price_decimals rounds the conversion price anti-dilution adjusts: add anti_dilution, or remove price_decimals ([rounding] price_decimals rounds round prices)"),
                );
            }
            self.finish(table);
            // Declared even when a term is wrong (that error is reported already), so that
            // the investments naming it are not reported as naming an unknown class.
            self.classes.push(ShareClass {
                name: key.name.clone(),
                title,
                preference: preference.unwrap_or(Decimal::ONE),
                participating,
                cap: cap.filter(|_| participating),
                seniority: seniority.unwrap_or(0),
                anti_dilution: anti_dilution.unwrap_or(AntiDilution::None),
                anti_dilution_base: anti_dilution_base.unwrap_or(AntiDilutionBase::Outstanding),
                price_decimals,
                shadow: None,
            });
            self.class_spans.push(key.span);
        }
        anti_dilution_spans
    }
}
