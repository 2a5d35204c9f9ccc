//! `[[commitment]]`: side commitments between a party and a counterparty.
//!
//! Needs the parties indexed (`Validator::party_index`): a counterparty that neither holds
//! nor invests gets a warning.

use super::{Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::keys;
use crate::scenario::model::Commitment;
use crate::scenario::tree::Node;
use crate::scenario::value;

impl Validator<'_> {
    pub(super) fn commitments(&mut self, node: &Node) -> Vec<Commitment> {
        let mut commitments = Vec::new();
        for (i, item) in self.array(node, "commitment").iter().enumerate() {
            let Some(mut table) = self.table(
                item,
                &keys::COMMITMENT,
                format!("[[commitment]] #{}", i + 1),
            ) else {
                continue;
            };
            let counterparty = self.name_string(&mut table, "counterparty");
            let amount = match table.get("amount") {
                Some(node) => self.money(node, "amount"),
                None => {
                    self.missing(&table, "amount", "\"38B\"");
                    None
                }
            };
            let years = table.get("years").and_then(|node| {
                self.number(
                    node,
                    "years",
                    "number of years",
                    "write years as a number, such as 7",
                    &value::parse_money,
                )
            });
            let description = table
                .get("description")
                .and_then(|node| self.string(node, "description"));
            let margin = table
                .get("margin")
                .and_then(|node| self.fraction(node, "margin"));
            self.finish(table);
            if let (Some((counterparty, span)), Some(amount)) = (counterparty, amount) {
                let party = self.party_index.get(&counterparty).copied();
                if party.is_none() {
                    self.unknown_counterparty(&counterparty, span);
                }
                commitments.push(Commitment {
                    counterparty,
                    party,
                    amount,
                    years,
                    description,
                    margin,
                });
            }
        }
        commitments
    }

    /// Warns about a commitment whose counterparty neither holds nor invests: nothing it put
    /// in offsets the commitment, so its net flow is the whole commitment, negative.
    pub(super) fn unknown_counterparty(&mut self, counterparty: &str, span: Span) {
        let names: Vec<&str> = self.party_index.keys().map(String::as_str).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        let help = match did_you_mean(counterparty, sorted.iter().copied()) {
            Some(name) => format!("did you mean {name:?}? A commitment is set against what its counterparty invested; with no such party its net flow and economic cost are the whole commitment, negative"),
            None => "a commitment is set against what its counterparty invested: name a [[holder]], an investor or a SAFE or note holder; with no such party its net flow and economic cost are the whole commitment, negative".to_string(),
        };
        self.warnings.push(
            Diagnostic::warning(
                Code::UnknownCounterparty,
                format!("the commitment's counterparty {counterparty:?} is no holder or investor"),
            )
            .at(span, "holds nothing and invests nothing")
            .help(help),
        );
    }
}
