//! `[[exit]]`: liquidity events at a value, with optional `when` and probabilities (which must
//! sum to 1 per condition outcome).
//!
//! Needs the conditions, passed in (a `when` names them; `used_conditions` records which are
//! used).

use super::{MAX_CONDITIONS, Validator};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::expr::Expr;
use crate::scenario::keys;
use crate::scenario::model::{Condition, ConditionSet, Exit};
use crate::scenario::tree::{Node, Value};
use rust_decimal::Decimal;

/// An `[[exit]]`'s `probability` as read (`None` inside: it could not be read) with where it is
/// written, or `None` when not given; and where the exit starts.
type ExitProbability = (Option<(Option<Decimal>, Span)>, Span);

impl Validator<'_> {
    pub(super) fn exits(
        &mut self,
        node: &Node,
        conditions: &[Condition],
        used_conditions: &mut [bool],
    ) -> Vec<Exit> {
        let mut exits = Vec::new();
        let mut probabilities = Vec::new();
        let mut whens = Vec::new();
        for (i, item) in self.array(node, "exit").iter().enumerate() {
            let Some(mut table) = self.table(item, &keys::EXIT, format!("[[exit]] #{}", i + 1))
            else {
                continue;
            };
            let name = table.get("name").and_then(|node| self.string(node, "name"));
            let value = match table.get("value") {
                Some(node) => self.money(node, "value").and_then(|value| {
                    if value.fract().round_dp(2) == value.fract() {
                        Some(value)
                    } else {
                        self.push(
                            Diagnostic::error(Code::BadValue, "an exit `value` must be in whole cents")
                                .at(node.span, "more than two decimals")
                                .help("payouts are paid in cents and sum exactly to the exit value: give it at most two decimals"),
                        );
                        None
                    }
                }),
                None => {
                    self.missing(&table, "value", "\"100M\"");
                    None
                }
            };
            let date = table.get("date").and_then(|node| self.date(node, "date"));
            let probability = table
                .get("probability")
                .map(|node| (self.fraction(node, "probability"), node.span));
            let when = table.get("when").map(|node| {
                let when = self.when(node, conditions);
                if let Some(when) = &when {
                    when.for_each_condition(&mut |c| used_conditions[c] = true);
                } else if let Value::String(text) = &node.value {
                    // As for a tranche: a `when` that cannot be read still uses the conditions
                    // it names (no "unused" warning on top of its error).
                    for (c, condition) in conditions.iter().enumerate() {
                        if text.contains(condition.name.as_str()) {
                            used_conditions[c] = true;
                        }
                    }
                }
                (when, node.span)
            });
            let span = table.span;
            self.finish(table);
            probabilities.push((probability, span));
            whens.push(when.clone());
            if let Some(value) = value {
                exits.push(Exit {
                    name: name.unwrap_or_else(|| crate::format::grouped(value)),
                    value,
                    date,
                    probability: probability.and_then(|(p, _)| p),
                    when: when.and_then(|(w, _)| w),
                });
            }
        }
        if self.exit_probabilities(&probabilities, whens.iter().any(Option::is_some)) {
            self.exit_outcomes(&probabilities, &whens, conditions);
        }
        exits
    }

    /// With `when` on exits, each condition outcome's possible exits must sum to 1; `when`
    /// without probabilities is an error (it is only used by the expected figures).
    pub(super) fn exit_outcomes(
        &mut self,
        probabilities: &[ExitProbability],
        whens: &[Option<(Option<Expr>, Span)>],
        conditions: &[Condition],
    ) {
        let Some(first_when) = whens.iter().flatten().map(|(_, span)| *span).next() else {
            return;
        };
        if probabilities.iter().all(|(p, _)| p.is_none()) {
            self.push(
                Diagnostic::error(
                    Code::ExitProbability,
                    "an [[exit]] has `when` but the exits have no `probability`",
                )
                .at(first_when, "only used with probabilities")
                .help("`when` says in which condition outcomes an exit can happen, for the expected payouts: give every exit a probability, or remove `when`"),
            );
            return;
        }
        // A `when` that could not be read has been reported already.
        if whens.iter().flatten().any(|(w, _)| w.is_none()) || conditions.len() > MAX_CONDITIONS {
            return;
        }
        let count = conditions.len();
        for state in ConditionSet::outcomes(count) {
            let mut sum = Some(Decimal::ZERO);
            for ((p, _), when) in probabilities.iter().zip(whens) {
                let applies = when
                    .as_ref()
                    .and_then(|(w, _)| w.as_ref())
                    .is_none_or(|w| w.eval(state));
                if applies {
                    let p = p.and_then(|(p, _)| p).unwrap_or_default();
                    sum = sum.and_then(|s| s.checked_add(p));
                }
            }
            if sum == Some(Decimal::ONE) {
                continue;
            }
            let outcome: Vec<String> = conditions
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} is {}", c.name, state.holds(i)))
                .collect();
            let total = sum
                .and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED))
                .map_or_else(
                    || "more than can be added".to_string(),
                    |s| format!("{}%", crate::format::exact(s)),
                );
            self.push(
                Diagnostic::error(
                    Code::ExitProbability,
                    format!(
                        "when {}, the exits that can happen have probabilities summing to {total}, not 100%",
                        outcome.join(", ")
                    ),
                )
                .at(first_when, "an exit only in some outcomes")
                .help("an exit's probability with `when` is conditional on its outcome: in every outcome of the conditions, the exits whose `when` holds (and those without `when`) must sum to 100%"),
            );
            return;
        }
    }

    /// Exit probabilities are given on every `[[exit]]` or on none, and sum to exactly 1: the
    /// exits are then every way the company can end (a failure is an exit at `value = 0`).
    /// Returns whether the probabilities are all there or all absent, and each was read.
    pub(super) fn exit_probabilities(
        &mut self,
        items: &[ExitProbability],
        whens_given: bool,
    ) -> bool {
        let given: Vec<(Option<Decimal>, Span)> = items.iter().filter_map(|(p, _)| *p).collect();
        if given.is_empty() {
            return true;
        }
        if let Some(index) = items.iter().position(|(p, _)| p.is_none()) {
            let (_, first_given) = given[0];
            self.push(
                Diagnostic::error(
                    Code::ExitProbability,
                    format!(
                        "[[exit]] #{} has no `probability`, but other exits have one",
                        index + 1
                    ),
                )
                .at(items[index].1, "no `probability`")
                .also(first_given, "an exit with a probability")
                .help("give every [[exit]] a probability (summing to 100%), or remove them all"),
            );
            return false;
        }
        // A probability that could not be read has been reported already.
        if given.iter().any(|(p, _)| p.is_none()) {
            return false;
        }
        // With `when`, the sums are per outcome (checked by `exit_outcomes`).
        if whens_given {
            return true;
        }
        let sum = given.iter().try_fold(Decimal::ZERO, |sum, (p, _)| {
            sum.checked_add(p.unwrap_or_default())
        });
        if sum != Some(Decimal::ONE) {
            let total = sum
                .and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED))
                .map_or_else(
                    || "more than can be added".to_string(),
                    |s| format!("{}%", crate::format::exact(s)),
                );
            let mut d = Diagnostic::error(
                Code::ExitProbability,
                format!("the exit probabilities sum to {total}, not 100%"),
            );
            for (i, (_, span)) in given.iter().enumerate() {
                d = if i == 0 {
                    d.at(*span, "summed")
                } else {
                    d.also(*span, "summed")
                };
            }
            self.push(d.help(
                "the exits are every way the company can end: make their probabilities sum to exactly 100% (add an exit at value = 0 for a failure)",
            ));
        }
        true
    }
}
