//! How much work the engine would do on a scenario, estimated before it runs: a file whose
//! cap tables or outcomes table would be too large is refused with an error pointing at where
//! the limit is passed, instead of taking minutes and gigabytes.
//!
//! Runs on the model as built (rounds with their conversions, every party known): it may
//! assume every section read, names resolved and conversions booked to their rounds.

use super::Validator;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::format::grouped;
use crate::scenario::model::{Arrival, Party, Round};
use rust_decimal::Decimal;

/// Most work the outcomes table may take, in steps: each of the 2^n outcomes replays every
/// round, a round costing a step per party and, per investment, tranche and conversion, two
/// steps, or [`ITEM_STEPS`] in a round whose price, pool and conversions are solved together
/// (the fixed-point solver iterates over those). A step is 20–30 ns in a release build, so the
/// limit is about 1.5 s; without conditions a scenario is computed once and is never refused.
/// Without this bound a 35 KB file (16 conditions, 200 rounds, 200 investors) took 157 s and
/// 2.7 GB to check. (The fuzz build, with overflow checks and coverage, is 3–4 times slower.)
pub const MAX_OUTCOME_STEPS: u128 = 50_000_000;

/// Most holder rows the outcomes table may have (outcomes × parties, such as 65,536 outcomes
/// of 15 parties): each row takes about 200 bytes while the report is built, and as much again
/// as JSON text. Without it a 6 KB file (16 conditions, 150 holders: 9.9 million rows) took
/// 2.1 GB to check and 4.3 GB to print as JSON. A scenario without conditions has one outcome
/// and is never refused.
pub const MAX_OUTCOME_ROWS: u128 = 1_000_000;

/// Most rows the cap tables after each round may have together (each lists every party so
/// far): a million holders through four rounds. Without it 260 KB of rounds, each bringing a
/// new investor (3,000 rounds, 4.5 million rows), took 0.9 GB to check and 4 GB and 10 s to
/// print as a table, and the rows grow with the square of the file.
pub const MAX_ROUND_ROWS: u128 = 4_000_000;

/// Steps a solved round costs per investment, tranche and conversion (measured: see above).
const ITEM_STEPS: u128 = 16;

impl Validator<'_> {
    /// Refuses a scenario whose cap tables after each round would hold more than
    /// [`MAX_ROUND_ROWS`] rows together, pointing at the round that passes the limit.
    pub(super) fn round_rows(&mut self, rounds: &[Round<()>], parties: &[Party]) {
        let mut joining = vec![0_u128; rounds.len()];
        let mut listed: u128 = 0;
        for party in parties {
            match party.arrival {
                Arrival::Initial => listed += 1,
                Arrival::Round(r) => {
                    if let Some(count) = joining.get_mut(r.index()) {
                        *count += 1;
                    }
                }
                Arrival::Never => {}
            }
        }
        let mut rows: u128 = 0;
        for (index, joined) in joining.iter().enumerate() {
            listed += joined;
            rows += listed;
            if rows <= MAX_ROUND_ROWS {
                continue;
            }
            // The total over every round, for the message.
            let total = rows
                + joining[index + 1..]
                    .iter()
                    .scan(listed, |so_far, joined| {
                        *so_far += joined;
                        Some(*so_far)
                    })
                    .sum::<u128>();
            let shown = |n: u128| grouped(Decimal::from(u64::try_from(n).unwrap_or(u64::MAX)));
            let mut diagnostic = Diagnostic::error(
                Code::TooManyConditions,
                format!(
                    "the cap tables after each of the {} rounds would list {} rows together, over the limit of {}",
                    shown(rounds.len() as u128),
                    shown(total),
                    shown(MAX_ROUND_ROWS),
                ),
            )
            .help("each round's cap table lists every party so far: split the rounds over several scenarios");
            if let Some(span) = self.round_spans.get(index) {
                diagnostic = diagnostic.at(
                    *span,
                    format!("the limit is passed in this round, number {}", index + 1),
                );
            }
            self.push(diagnostic);
            return;
        }
    }

    /// Refuses a scenario whose outcomes table would hold more than [`MAX_OUTCOME_ROWS`] rows
    /// or take more than [`MAX_OUTCOME_STEPS`].
    pub(super) fn outcome_work(
        &mut self,
        last_condition: Span,
        conditions: usize,
        rounds: &[Round<()>],
        parties: usize,
    ) {
        let outcomes = 1_u128 << conditions;
        let parties = parties as u128;
        let per_outcome: u128 = rounds
            .iter()
            .map(|r| {
                // A tranche's `when` (up to 256 words) costs a step per 16 condition names: an
                // evaluation of a name takes a nanosecond or two.
                let tranches: usize = r
                    .investments
                    .iter()
                    .flat_map(|i| &i.tranches)
                    .map(|t| {
                        let mut names = 0;
                        if let Some(when) = &t.when {
                            when.for_each_condition(&mut |_| names += 1);
                        }
                        1 + names / 16
                    })
                    .sum();
                let items = (1 + r.investments.len() + tranches + r.conversions.len()) as u128;
                let weight = if r.is_coupled() { ITEM_STEPS } else { 2 };
                parties.saturating_add(weight.saturating_mul(items))
            })
            .fold(0, u128::saturating_add);
        let steps = outcomes.saturating_mul(per_outcome);
        let rows = outcomes.saturating_mul(parties);
        let investments: usize = rounds.iter().map(|r| r.investments.len()).sum();
        let shown = |n: u128| grouped(Decimal::from(u64::try_from(n).unwrap_or(u64::MAX)));
        if rows > MAX_OUTCOME_ROWS {
            self.push(
                Diagnostic::error(
                    Code::TooManyConditions,
                    format!(
                        "{conditions} conditions make {} outcomes of {} parties each: {} rows, over the limit of {}",
                        shown(outcomes),
                        shown(parties),
                        shown(rows),
                        shown(MAX_OUTCOME_ROWS),
                    ),
                )
                .at(last_condition, format!("condition number {conditions}: {} outcomes", shown(outcomes)))
                .help("each condition doubles the outcomes table: declare fewer conditions (merge those that always move together)"),
            );
            return;
        }
        if steps <= MAX_OUTCOME_STEPS {
            return;
        }
        self.push(
            Diagnostic::error(
                Code::TooManyConditions,
                format!(
                    "{conditions} conditions make {} outcomes, each replaying {} {} ({} {}) over {} parties: about {} steps, over the limit of {}",
                    shown(outcomes),
                    rounds.len(),
                    if rounds.len() == 1 { "round" } else { "rounds" },
                    investments,
                    if investments == 1 { "investment" } else { "investments" },
                    shown(parties),
                    shown(steps),
                    shown(MAX_OUTCOME_STEPS),
                ),
            )
            .at(last_condition, format!("condition number {conditions}: {} outcomes", shown(outcomes)))
            .help("each condition doubles the outcomes table: declare fewer conditions (merge those that always move together), or split the rounds into several scenarios"),
        );
    }
}
