//! `[[safe]]` and `[[note]]`: the instruments, each with the round it converts in (if any) and
//! its holder, added as a party if new.
//!
//! Needs, passed in: the rounds read (`converts_at` names one; a note accrues interest to its
//! round's date) and the parties (the holder is looked up and added). Needs the classes read
//! first (`class_of`), and the holders given as share counts (`build` refuses stakes before
//! calling it). Leaves every `position` unset (`()`): `build` numbers them.
//!
//! The section is dispatched on once ([`Section`]): the keys both kinds share are read here,
//! each kind's own in its own function (`safe_terms`, `note_terms`).

use super::{Table, Validator, did_you_mean, listed};
use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::id;
use crate::scenario::keys;
use crate::scenario::model::{
    Arrival, Date, Instrument, InstrumentTerms, Interest, Party, Round, RoundId, SafeKind, Series,
};
use crate::scenario::tree::Node;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What differs between `[[safe]]` and `[[note]]` before their own terms are read.
pub(super) struct Section {
    pub(super) key: &'static str,
    /// How an error names one: "SAFE", "note".
    pub(super) word: &'static str,
    keys: &'static keys::Section,
    /// The key of its money: a SAFE's purchase `amount`, a note's `principal`.
    amount: &'static str,
    /// Reads its own keys, given its `issued` date.
    terms: fn(&mut Validator<'_>, &mut Table<'_>, Option<Date>) -> Own,
}

/// A SAFE's or note's own keys as read.
struct Own {
    /// `None` when they failed to read (the error is reported).
    terms: Option<InstrumentTerms>,
    /// Whether it converts at a cap or discount price, so needs one of them.
    priced: bool,
}

pub(super) const SAFE_SECTION: Section = Section {
    key: "safe",
    word: "SAFE",
    keys: &keys::SAFE,
    amount: "amount",
    terms: |validator, table, _issued| validator.safe_terms(table),
};

pub(super) const NOTE_SECTION: Section = Section {
    key: "note",
    word: "note",
    keys: &keys::NOTE,
    amount: "principal",
    terms: |validator, table, issued| validator.note_terms(table, issued),
};

/// A SAFE's `kind = "…"` as written: a fixed-percentage SAFE's kind is built once its
/// `percentage` is read (`fixed_percentage`), instead of holding a placeholder fraction.
#[derive(Clone, Copy)]
enum Written {
    FixedPercentage,
    Other(SafeKind),
}

impl Validator<'_> {
    /// Reads `[[safe]]` or `[[note]]` items into instruments, adding their holders as parties.
    pub(super) fn instruments(
        &mut self,
        node: &Node,
        section: &Section,
        rounds: &[Round<()>],
        parties: &mut Vec<Party>,
        instruments: &mut Vec<Instrument<()>>,
    ) {
        let key = section.key;
        // The first round of each name (names are unique in a valid file).
        let mut round_index: HashMap<&str, RoundId> = HashMap::with_capacity(rounds.len());
        for (index, round) in id::enumerate(rounds) {
            round_index.entry(round.name.as_str()).or_insert(index);
        }
        for (i, item) in self.array(node, key).iter().enumerate() {
            let Some(mut table) = self.table(item, section.keys, format!("[[{key}]] #{}", i + 1))
            else {
                continue;
            };
            let investor = self.name_string(&mut table, "investor");
            if let Some((name, _)) = &investor {
                table.what = format!("the {} of {name:?}", section.word);
            }
            let amount_key = section.amount;
            let amount = match table.get(amount_key) {
                Some(node) => self.positive_money(node, amount_key),
                None => {
                    self.missing(&table, amount_key, "\"200K\"");
                    None
                }
            };
            let cap = table
                .get("cap")
                .and_then(|node| self.positive_money(node, "cap"));
            let discount_node = table.get("discount");
            let discount = discount_node.and_then(|node| self.fraction(node, "discount"));
            if let (Some(node), Some(d)) = (discount_node, discount)
                && d >= Decimal::ONE
            {
                self.push(
                    Diagnostic::error(Code::OutOfRange, "`discount` must be below 100%")
                        .at(node.span, "a 100% discount makes the shares free")
                        .help("write the discount to the round price, such as \"20%\""),
                );
            }
            let issued_node = table.get("issued");
            let issued = issued_node.and_then(|node| self.date(node, "issued"));
            // An `issued` that failed to read has its error: nothing is said about its absence.
            let issued_unread = issued_node.is_some() && issued.is_none();
            let Own { terms, priced } = (section.terms)(self, &mut table, issued);
            let interest = match terms {
                Some(InstrumentTerms::Note { interest }) => interest,
                _ => None,
            };
            // Conversion round: named; else the first round dated on or after `issued`
            // (none: outstanding at the exits); else the first round. `unresolved`: it names a
            // round that is not there (reported, or a round that failed to read), or its
            // `converts_at` failed to read; the instrument is checked but not kept.
            let converts_at = table.get("converts_at");
            let mut unresolved = false;
            let round = match converts_at {
                Some(node) => match self.string(node, "converts_at") {
                    Some(name) => {
                        let found = round_index.get(name.as_str()).copied();
                        if found.is_none() {
                            unresolved = true;
                            self.dangling_round(node, &name);
                        }
                        self.converting.insert(name);
                        found
                    }
                    None => {
                        unresolved = true;
                        None
                    }
                },
                None => match issued {
                    Some(issued) => rounds
                        .iter()
                        .position(|r| r.date.is_some_and(|date| date >= issued))
                        .map(RoundId::new),
                    None => (!rounds.is_empty()).then_some(RoundId::new(0)),
                },
            };
            if converts_at.is_none()
                && let Some(round) = round.and_then(|r| rounds.get(r.index()))
            {
                self.converting.insert(round.name.clone());
            }
            // A note still outstanding at the exits is repaid, not converted: it needs no terms.
            let repaid = matches!(terms, Some(InstrumentTerms::Note { .. }))
                && round.is_none()
                && converts_at.is_none();
            if priced
                && !repaid
                && cap.is_none()
                && discount.is_none()
                && table.get("cap").is_none()
                && discount_node.is_none()
            {
                self.push(
                    Diagnostic::error(Code::MissingKey, format!("{} has neither a cap nor a discount", table.what))
                        .at(table.span, "converts at what price?")
                        .help("add cap = \"10M\", discount = \"20%\" or both (or mfn = true for an uncapped MFN SAFE)"),
                );
            }
            // Interest runs to the conversion round's date.
            if let (Some(Interest { rate, from: issued }), Some(round)) = (interest, round)
                && !rate.is_zero()
            {
                let round_date = rounds[round].date;
                match (issued, round_date) {
                    (Some(issued), Some(date)) if issued > date => self.push(
                        Diagnostic::error(Code::OutOfRange, format!("{} is issued after it converts ({issued} > {date})", table.what))
                            .at(table.span, "issued after the round")
                            .help("a note converts at a round after its issue date; check `issued` and the round's `date`"),
                    ),
                    (Some(_), Some(_)) => {}
                    // A date that failed to read has its own error.
                    _ if issued_unread || self.round_date_unread.get(round.index()) == Some(&true) => {}
                    _ => self.push(
                        Diagnostic::error(Code::MissingKey, format!("{} accrues interest but lacks a date to count it", table.what))
                            .at(table.span, "needs `issued` and the round's `date`")
                            .help(format!("interest is simple, actual/365, from `issued` to the date of round {:?}: give both dates", rounds[round].name)),
                    ),
                }
            }
            // A named round dated before the instrument: it converts there all the same (a note
            // accruing interest over a negative time is refused above).
            let accrues = interest.is_some_and(|i| !i.rate.is_zero());
            if let (Some(issued), Some(issued_node), Some(node), Some(r)) =
                (issued, issued_node, converts_at, round)
                && let Some(date) = rounds.get(r.index()).and_then(|r| r.date)
                && issued > date
                && !accrues
            {
                let kind = section.word;
                self.warnings.push(
                    Diagnostic::warning(
                        Code::IssuedAfterRound,
                        format!("{} is issued after the round it converts in ({issued} > {date})", table.what),
                    )
                    .at(issued_node.span, format!("issued after round {:?}", rounds[r].name))
                    .also(node.span, format!("converts in this round, dated {date}"))
                    .help(format!("a {kind} converts at a round after it is issued; it converts in round {:?} anyway: check `issued`, the round's `date` and `converts_at` (without `converts_at` it converts in the first round dated on or after `issued`)", rounds[r].name)),
                );
            }
            if let (Some(Interest { rate, from: None }), None) = (interest, round)
                && !rate.is_zero()
                && !issued_unread
                && !unresolved
            {
                self.push(
                    Diagnostic::error(Code::MissingKey, format!("{} accrues interest but has no `issued` date", table.what))
                        .at(table.span, "needs `issued`")
                        .help("it is outstanding at the exits, where interest is simple, actual/365, from `issued` to the exit's `date`: add issued = 2025-01-15"),
                );
            }
            let class = self.class_of(&mut table);
            let series_node = table.get("series");
            let series = self.choice_or(
                series_node,
                "series",
                &[("round", Series::Round), ("shadow", Series::Shadow)],
                "round: its shares join the round's series of the class; shadow: they form their own series, whose original issue price (for the preference and anti-dilution) is the conversion price",
                Series::Round,
            );
            self.finish(table);
            let (Some((name, name_span)), Some(amount), Some(terms), false) =
                (investor, amount, terms, unresolved)
            else {
                continue;
            };
            let arrival = Arrival::converting(round);
            let party = self.investing_party(parties, (name, name_span), &class, arrival);
            // A holder already there arrives no later than its conversion.
            parties[party].arrival = parties[party].arrival.min(arrival);
            instruments.push(Instrument {
                terms,
                party,
                amount,
                cap,
                discount: discount.filter(|d| *d < Decimal::ONE),
                round,
                position: (),
                class,
                series: series.unwrap_or(Series::Round),
            });
            if let (Some(Series::Shadow), Some(node)) = (series, series_node) {
                self.shadow_spans.push((instruments.len() - 1, node.span));
            }
        }
    }

    /// A SAFE's own keys: `kind` (with a fixed-percentage SAFE's `percentage`) and `mfn`. A
    /// fixed-percentage or MFN SAFE needs no cap or discount.
    fn safe_terms(&mut self, table: &mut Table<'_>) -> Own {
        let written = self.choice_or(
            table.get("kind"),
            "kind",
            &[
                ("post-money", Written::Other(SafeKind::PostMoney)),
                ("pre-money", Written::Other(SafeKind::PreMoney)),
                ("fixed-percentage", Written::FixedPercentage),
            ],
            "post-money SAFEs (YC's standard) convert on the company capitalization including every SAFE; pre-money SAFEs on the pre-money count; a fixed-percentage SAFE (YC's standard deal) into its `percentage` of the company capitalization",
            Written::Other(SafeKind::PostMoney),
        );
        let fixed = matches!(written, Some(Written::FixedPercentage));
        let kind = self.fixed_percentage(table, written);
        let mfn = table
            .get("mfn")
            .and_then(|node| self.boolean(node, "mfn"))
            .unwrap_or(false);
        Own {
            terms: kind.map(|kind| InstrumentTerms::Safe { kind, mfn }),
            priced: !fixed && !mfn,
        }
    }

    /// A note's own key: `interest`, which runs from its `issued` date. A note converts at
    /// its cap or discount price (unless it is repaid at the exits: see `instruments`).
    fn note_terms(&mut self, table: &mut Table<'_>, issued: Option<Date>) -> Own {
        let interest = table
            .get("interest")
            .and_then(|node| self.fraction(node, "interest"))
            .map(|rate| Interest { rate, from: issued });
        Own {
            terms: Some(InstrumentTerms::Note { interest }),
            priced: true,
        }
    }

    /// A SAFE's `percentage`: required by, and only allowed with, `kind = "fixed-percentage"`,
    /// which takes no cap, discount or MFN. Returns the kind with its fraction (`None` when
    /// the percentage is missing or invalid).
    fn fixed_percentage(
        &mut self,
        table: &mut Table<'_>,
        written: Option<Written>,
    ) -> Option<SafeKind> {
        let node = table.get("percentage");
        match written {
            Some(Written::FixedPercentage) => {}
            Some(Written::Other(kind)) => {
                if let Some(node) = node {
                    self.push(
                        Diagnostic::error(Code::BadValue, format!("{} has a `percentage` but is not a fixed-percentage SAFE", table.what))
                            .at(node.span, "only for kind = \"fixed-percentage\"")
                            .help("add kind = \"fixed-percentage\" for a SAFE that converts into a fixed fraction of the company (YC's standard deal), or remove `percentage`"),
                    );
                }
                return Some(kind);
            }
            None => return None,
        }
        for key in ["cap", "discount", "mfn"] {
            if let Some(other) = table.get(key) {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("{} is a fixed-percentage SAFE: it takes no `{key}`", table.what))
                        .at(other.span, "not a term of a fixed-percentage SAFE")
                        .help("a fixed-percentage SAFE converts into its `percentage` of the company capitalization, whatever the round's price; remove this key, or use kind = \"post-money\" for a SAFE with a cap or discount"),
                );
            }
        }
        let Some(node) = node else {
            self.missing(table, "percentage", "\"7%\"");
            return None;
        };
        let fraction = self.fraction(node, "percentage")?;
        if fraction.is_zero() || fraction >= Decimal::ONE {
            self.push(
                Diagnostic::error(Code::OutOfRange, "`percentage` must be more than 0% and below 100%")
                    .at(node.span, "the fraction of the company the SAFE converts into")
                    .help("write the SAFE's share of the company capitalization, such as percentage = \"7%\""),
            );
            return None;
        }
        Some(SafeKind::FixedPercentage(fraction))
    }

    /// Reports a `converts_at` naming no round, unless the round it names may be one that
    /// failed to read (whose own error is the root cause).
    pub(super) fn dangling_round(&mut self, node: &Node, name: &str) {
        if self.rounds_unknown || self.unread_rounds.contains(name) {
            return;
        }
        let names: Vec<&str> = self.round_names.iter().map(String::as_str).collect();
        let list = if names.is_empty() {
            format!(
                "no [[round]] is declared: add one with name = {name:?}, or remove `converts_at`"
            )
        } else {
            format!("rounds: {}", listed(&names))
        };
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean {s:?}? {list}"),
            None => list,
        };
        self.push(
            Diagnostic::error(
                Code::UnknownName,
                format!("`converts_at` names no round: {name:?}"),
            )
            .at(node.span, "no round with this name")
            .help(help),
        );
    }
}

#[cfg(test)]
#[path = "instruments_tests.rs"]
mod tests;
