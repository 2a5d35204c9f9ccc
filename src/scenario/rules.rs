//! Rules across sections: checks that need more than one section read (anti-dilution with
//! stakes, a round in which nothing is invested or converts, an unused condition, a pro-rata
//! investor holding nothing before its round). The SAFE/note-needs-shares rule stays in
//! `build` (it decides whether the section is read at all); `sellers = "all-common"` finding
//! no holder is `check_all_common` in `read/secondary.rs`.
//!
//! Each rule says what it needs read; `build::scenario` calls it once that is read.

use super::{Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::model::{Basis, Condition, IdVec, Instrument, Party, PartyId, Round, Sizing};

impl Validator<'_> {
    /// Warns about each pro-rata investment by a party that holds nothing before its round:
    /// keeping a stake of zero buys nothing. A party holds something before a round if it is
    /// a holder with shares, invested an amount in an earlier round (a contingent tranche
    /// counts: it may be paid), or a SAFE or note of its converted in an earlier round.
    pub(super) fn pro_rata_warnings(
        &mut self,
        rounds: &[Round<()>],
        parties: &[Party],
        instruments: &[Instrument<()>],
    ) {
        if self.pro_rata_at.is_empty() {
            return;
        }
        let mut holds: IdVec<PartyId, bool> =
            parties.iter().map(|p| !p.initial.is_zero()).collect();
        let mut converting: Vec<Vec<PartyId>> = vec![Vec::new(); rounds.len()];
        for instrument in instruments {
            if let Some(list) = instrument.round.and_then(|r| converting.get_mut(r.index())) {
                list.push(instrument.party);
            }
        }
        let pending = std::mem::take(&mut self.pro_rata_at);
        for (index, round) in rounds.iter().enumerate() {
            for &(_, party, span) in pending.iter().filter(|(r, _, _)| *r == index) {
                if holds.get(party).copied().unwrap_or(true) {
                    continue;
                }
                let name = &parties[party].name;
                let holders: Vec<&str> = parties
                    .iter()
                    .zip(&holds)
                    .filter(|(_, held)| **held)
                    .map(|(p, _)| p.name.as_str())
                    .collect();
                let converts_here = converting.get(index).is_some_and(|c| c.contains(&party));
                let help = match did_you_mean(name, holders.iter().copied()) {
                    Some(other) => format!("did you mean {other:?}? A pro-rata investment keeps the stake its investor held before the round"),
                    None if converts_here => "its SAFE or note converts in this same round, so it held nothing before it: give the pro-rata right an amount, or move it to the next round".to_string(),
                    None => "a pro-rata investment keeps the stake its investor held before the round: check the name, or give the investment an amount".to_string(),
                };
                self.warnings.push(
                    Diagnostic::warning(
                        Code::ProRataHoldsNothing,
                        format!("{name:?} holds nothing before round {:?}: its pro-rata investment buys nothing", round.name),
                    )
                    .at(span, "holds no shares before this round")
                    .help(help),
                );
            }
            for investment in &round.investments {
                if investment.sizing == Sizing::Fixed
                    && !investment.amount.is_zero()
                    && let Some(held) = holds.get_mut(investment.party)
                {
                    *held = true;
                }
            }
            for &party in converting.get(index).into_iter().flatten() {
                if let Some(held) = holds.get_mut(party) {
                    *held = true;
                }
            }
            if let (Some(_), Some((party, ()))) = (round.pool, round.pool_party)
                && let Some(held) = holds.get_mut(party)
            {
                *held = true;
            }
        }
    }

    /// `anti_dilution` on a class needs share counts: reported at each `anti_dilution` (other
    /// than none) when the holders are given as stakes. Needs the classes and the holders read.
    pub(super) fn anti_dilution_needs_shares(
        &mut self,
        basis: Basis,
        anti_dilution_spans: Vec<Span>,
    ) {
        if basis == Basis::Stakes {
            for span in anti_dilution_spans {
                self.push(
                    Diagnostic::error(Code::NeedsShares, "anti-dilution needs share counts")
                        .at(span, "the holders are given as stakes")
                        .help("give every [[holder]] a share count (shares = …): a conversion price is money per share; or remove anti_dilution"),
                );
            }
        }
    }

    /// Reports each round without investments in which nothing converts. Needs the rounds and
    /// every `[[safe]]` and `[[note]]` read (`Validator::converting`, `instruments_unread`).
    pub(super) fn report_empty_rounds(&mut self) {
        // A round without investments is an error unless something converts in it: a SAFE or
        // note naming it, read or not (one that failed to read has its own error), looked up by
        // name once per empty round. If a `safe` or `note` section could not be read at all,
        // what it would convert in is unknown: its error is the one to fix first.
        for (name, diagnostic) in std::mem::take(&mut self.empty_rounds) {
            let converts = name.as_ref().is_some_and(|n| self.converting.contains(n));
            if !converts && !self.instruments_unread {
                self.push(diagnostic);
            }
        }
    }

    /// Warns about each declared condition no `when` uses. Needs every reader of a `when` run
    /// (tranches, secondaries, exits); runs before `[[commitment]]` is read, so an error there
    /// does not silence it (the order is part of the behaviour).
    pub(super) fn unused_conditions(
        &mut self,
        conditions: &[Condition],
        condition_spans: &[Span],
        used_conditions: &[bool],
    ) {
        // "Unused" is noise next to real errors (a broken `when` or a misspelt key may be what
        // was meant to use the condition): warn only about files that are otherwise valid.
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        for (i, used) in used_conditions.iter().enumerate() {
            if has_errors {
                break;
            }
            if !used {
                self.push(
                    Diagnostic::warning(
                        Code::UnusedCondition,
                        format!("condition `{}` is declared but no tranche uses it", conditions[i].name),
                    )
                    .at(condition_spans[i], "declared here")
                    .help("use it in a tranche's `when`, or remove it: it doubles the outcomes table for nothing"),
                );
            }
        }
    }
}
