//! `[scenario]`, `[rounding]` and `[metrics]`: the file header, read before anything that holds
//! money (amounts are checked against `currency`, shares rounded by `[rounding]`).
//!
//! Assumes nothing read before it. `scenario_header` sets `Validator::currency`, which every
//! later money reader depends on; `rounding` is passed to the holders (a warrant written as
//! `coverage` rounds its share count by it).

use super::{Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::keys;
use crate::scenario::model::{PriceRounding, Rounding, ShareRounding};
use crate::scenario::tree::{Node, Value};
use rust_decimal::Decimal;

impl Validator<'_> {
    pub(super) fn scenario_header(
        &mut self,
        node: &Node,
    ) -> (Option<String>, String, Option<String>, Vec<String>) {
        let mut currency = "USD".to_string();
        let Some(mut table) = self.table(node, &keys::SCENARIO, "[scenario]") else {
            return (None, currency, None, Vec::new());
        };
        let name = self.name_string(&mut table, "name").map(|(name, _)| name);
        if let Some(node) = table.get("currency") {
            // Unknown until it reads: amounts are not checked against a currency in error.
            self.currency = None;
            self.currency_span = Some(node.span);
        }
        if let Some(node) = table.get("currency")
            && let Some(code) = self.string(node, "currency")
        {
            if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                self.currency = Some(code.clone());
                currency = code;
            } else {
                self.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("`currency` is not an ISO 4217 code: {code:?}"),
                    )
                    .at(node.span, "expected three capital letters")
                    .help("write the currency's ISO code, such as \"USD\", \"EUR\" or \"GBP\""),
                );
            }
        }
        let description = table
            .get("description")
            .and_then(|node| self.string(node, "description"));
        let mut sources = Vec::new();
        if let Some(node) = table.get("sources") {
            match &node.value {
                Value::Array(items) => {
                    for item in items {
                        if let Some(s) = self.string(item, "sources") {
                            sources.push(s);
                        }
                    }
                }
                _ => self.wrong_type(node, "sources", "an array of strings"),
            }
        }
        self.finish(table);
        (name, currency, description, sources)
    }

    pub(super) fn rounding(&mut self, node: &Node) -> Rounding {
        let mut rounding = Rounding::default();
        let Some(mut table) = self.table(node, &keys::ROUNDING, "[rounding]") else {
            return rounding;
        };
        if let Some(node) = table.get("shares")
            && let Some(text) = self.string(node, "shares")
        {
            match text.as_str() {
                "floor" => rounding.shares = ShareRounding::Floor,
                "nearest" => rounding.shares = ShareRounding::Nearest,
                "exact" => rounding.shares = ShareRounding::Exact,
                other => {
                    let mut diagnostic = Diagnostic::error(
                        Code::BadValue,
                        format!("`shares` must be floor, nearest or exact, not {other:?}"),
                    )
                    .at(node.span, "unknown rounding");
                    diagnostic = diagnostic.help(match did_you_mean(other, ["floor", "nearest", "exact"]) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => "floor rounds new share counts down, nearest rounds half away from zero, exact keeps fractions".into(),
                    });
                    self.push(diagnostic);
                }
            }
        }
        if let Some(node) = table.get("price_decimals") {
            rounding.price_decimals = self.price_decimals(
                node,
                "for example price_decimals = 4 rounds each price to $0.0001",
            );
        }
        if let Some(node) = table.get("price")
            && let Some(price) = self.choice(
                node,
                "price",
                &[("nearest", PriceRounding::Nearest), ("up", PriceRounding::Up)],
                "with price_decimals, nearest rounds the round price half away from zero; up rounds the round price and every conversion price up before share counts are computed (the legal-spreadsheet convention)",
            )
        {
            rounding.price = price;
            if price == PriceRounding::Up && rounding.price_decimals.is_none() {
                self.push(
                    Diagnostic::error(Code::MissingKey, "`price = \"up\"` needs `price_decimals`")
                        .at(node.span, "rounded up to how many decimals?")
                        .help("add price_decimals = 5 (for example) to [rounding]: prices are rounded up to that many decimals"),
                );
            }
        }
        self.finish(table);
        rounding
    }

    pub(super) fn metrics(&mut self, node: &Node) -> Option<Decimal> {
        let mut table = self.table(node, &keys::METRICS, "[metrics]")?;
        let revenue = table
            .get("annual_revenue")
            .and_then(|node| self.positive_money(node, "annual_revenue"));
        self.finish(table);
        revenue
    }
}
