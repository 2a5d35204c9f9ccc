//! Rules across sections: checks that need more than one section read (a pro-rata investor
//! holding nothing before its round, …).
//!
//! Runs after every section is read and names are resolved; may assume the rounds, parties
//! and instruments final (positions aside).

use super::*;

impl Validator<'_> {
    /// Warns about each pro-rata investment by a party that holds nothing before its round:
    /// keeping a stake of zero buys nothing. A party holds something before a round if it is
    /// a holder with shares, invested an amount in an earlier round (a contingent tranche
    /// counts: it may be paid), or a SAFE or note of its converted in an earlier round.
    pub(super) fn pro_rata_warnings(
        &mut self,
        rounds: &[Round],
        parties: &[Party],
        instruments: &[Instrument],
    ) {
        if self.pro_rata_at.is_empty() {
            return;
        }
        let mut holds: Vec<bool> = parties.iter().map(|p| !p.initial.is_zero()).collect();
        let mut converting: Vec<Vec<usize>> = vec![Vec::new(); rounds.len()];
        for instrument in instruments {
            if let Some(list) = instrument.round.and_then(|r| converting.get_mut(r)) {
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
            if let (Some(_), Some(party)) = (round.pool, round.pool_party)
                && let Some(held) = holds.get_mut(party)
            {
                *held = true;
            }
        }
    }
}
