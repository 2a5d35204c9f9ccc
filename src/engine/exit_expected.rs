//! Expected payouts over exits with probabilities (and, for a scenario with contingent
//! tranches, over the condition outcomes): per holder, Σ p × payout, the probability of
//! receiving nothing and, for an investor, of receiving back less than the money invested.
//!
//! Every figure is a sum of products of the decimals given (the probabilities, and the
//! engine's exact payouts before they are paid in cents), taken in exact rationals and rounded
//! once, to 28 significant digits, at the end ([`exact::to_decimal`]).

use rust_decimal::Decimal;

use super::arith::Checked;
use super::exact::{self, Q, q};

/// One way the company can end: its probability, as factors multiplied exactly (an outcome's
/// and an exit's), and, per holder (the same order in every case), the exact payout and the
/// money that holder invested in that case.
#[derive(Clone, Debug)]
pub struct Case {
    pub probability: Vec<Decimal>,
    pub holders: Vec<(Decimal, Decimal)>,
}

/// A holder's figures over every case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// Σ probability × exact payout.
    pub payout: Decimal,
    /// Σ probability over the cases where the exact payout is zero.
    pub nothing: Decimal,
    /// Σ probability over the cases where the holder invested money and the exact payout is
    /// below it (less than 1×); `None` for a holder that invested nothing in every case.
    pub below_1x: Option<Decimal>,
}

/// The expected payouts together: Σ expected payout (each already rounded once, so their sum
/// is the exact total to far below a cent).
pub fn total_payout(payouts: impl IntoIterator<Item = Decimal>) -> Checked<Decimal> {
    super::arith::sum(payouts, "the expected payouts")
}

/// The figures of each of `holders` holders over `cases`; a case without a holder's entry
/// counts as nothing paid and nothing invested.
pub fn expected(cases: &[Case], holders: usize) -> Checked<Vec<Expected>> {
    let mut result = Vec::with_capacity(holders);
    for h in 0..holders {
        let mut payout = Q::zero();
        let mut nothing = Q::zero();
        let mut below = Q::zero();
        let mut investor = false;
        for case in cases {
            let (paid, invested) = case
                .holders
                .get(h)
                .copied()
                .unwrap_or((Decimal::ZERO, Decimal::ZERO));
            let p = case
                .probability
                .iter()
                .fold(Q::one(), |p, &factor| p * q(factor));
            payout += &(p.clone() * q(paid));
            if paid.is_zero() {
                nothing += &p;
            }
            if invested > Decimal::ZERO {
                investor = true;
                if paid < invested {
                    below += &p;
                }
            }
        }
        result.push(Expected {
            payout: exact::to_decimal(&payout, "an expected payout")?,
            nothing: exact::to_decimal(&nothing, "a probability")?,
            below_1x: if investor {
                Some(exact::to_decimal(&below, "a probability")?)
            } else {
                None
            },
        });
    }
    Ok(result)
}

#[cfg(test)]
#[path = "exit_expected_tests.rs"]
mod tests;
