//! `[rounding] price = "up"` with whole shares: the legal-spreadsheet convention, solved the
//! way 1984 Ventures' cap-table solves it (<https://github.com/1984vc/cap-table>, commit
//! 6f188de, `src/conversion-solver.ts`; its README: "Share counts are floored and PPS is
//! rounded up to five decimal places"). `tests/peer/1984vc/` holds its figures for 242 rounds
//! and `tests/integration/peer_1984vc.rs` checks that these are the same share counts.
//!
//! The unknown is the whole-share total *T* after the round (the sum of the rounded counts).
//! Given a candidate *T*, one attempt computes every count from it:
//!
//! - the pool after the round = max(pool before, ⌊`pool_target` × *T*⌋) (`pool_increase`:
//!   that many shares);
//! - a pro-rata investor holding *h* of the *S* shares before the round buys ⌊*h* × *T* ÷ *S*
//!   − *h*⌋;
//! - the round price = ⌈(pre-money + the money of the investments with an amount) ÷ (*T* − what
//!   the price does not divide: a pool top-up with `pool_timing = "post-money"`, conversion
//!   shares the `conversion_method` leaves out of the pre-money count, and the pro-rata
//!   purchases)⌉ to `price_decimals`; with `post_money` terms, ⌈post-money ÷ (*T* − the top-up
//!   after the money − the conversions left out)⌉, the pro-rata money being part of the
//!   post-money; a `price_per_share` is used as written. This is the peer's "(pre-money + new
//!   money) ÷ *T*", which its rounds (pool top-up in the pre-money, every conversion counted,
//!   no pro-rata) give exactly;
//! - each investment with an amount buys ⌊amount ÷ price⌋ (every tranche counts here, as in the
//!   exact solver: the price does not move when a tranche goes unpaid);
//! - a post-money SAFE's cap price = cap ÷ the company capitalization *T* − new shares − pool
//!   top-up (the shares before the round and every conversion's); a pre-money SAFE's and a
//!   note's = cap ÷ (shares before + a pre-money top-up); discount price = (1 − discount) ×
//!   the rounded round price; a conversion takes the lowest of its cap price, its discount
//!   price and the round price, rounded up, and gets ⌊amount ÷ that price⌋;
//! - a fixed-percentage SAFE with fraction *f* gets ⌊*f* × *B* ÷ (1 − Σ *f*)⌋, where *B* = the
//!   shares before the round (the pool before its top-up included) + every other conversion's
//!   shares and Σ *f* sums the fractions of all fixed-percentage SAFEs in the round: *f* of the
//!   capitalization *B* + their own shares, in closed form from the rounded counts, as the peer
//!   computes the YC 7% SAFE. The exact solver keeps the same contract (*f* of the company
//!   capitalization before the new money and the top-up, its own shares included) but floors
//!   once, at the end, so the two may differ by the flooring of the other counts;
//! - the total = shares before + top-up + conversions + new shares.
//!
//! The attempt's total is the next candidate, starting from ⌊*S* ÷ (1 − `pool_target` −
//! money ÷ (pre-money + money))⌋ (at least *S*), until the total is the candidate. The pair
//! iterated is (*T*, conversion shares the price leaves out), the second being zero in every
//! round of the peer's kind. Directed rounding can make the candidates cycle: as the peer does,
//! after a repeated candidate (or [`MAX_CANDIDATES`] of them) the totals within a radius of the
//! last one are tried, nearest first, and the round is an error if none agrees. Every attempt
//! counts towards [`MAX_SOLVER_STEPS`].

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::arith::{self, Checked, Overflow, OverflowKind};
use super::conversion::{
    Conversion, MAX_SOLVER_STEPS, PriceTerm, Solved, TOO_SLOW, Terms_, conversion, pre_money,
    price_up, snap,
};
use crate::scenario::model::{
    ConversionMethod, IdVec, InstrumentKind, PartyId, PoolChange, PoolTiming, Round, ShareRounding,
    Sizing, Terms,
};

/// Most candidate totals visited before the neighbourhood search (the peer's bound).
const MAX_CANDIDATES: usize = 10_000;

/// Smallest radius of the neighbourhood searched when the candidates cycle (the peer's).
const MIN_RADIUS: usize = 64;

/// What no whole-share total agreeing with the rounded prices gives.
const NO_TOTAL: &str = "the round's share counts (no whole-share total agrees with the prices rounded up to price_decimals: the counts cycle; try more price_decimals)";

/// A coupled round's inputs.
pub(super) struct Inputs<'a> {
    pub round: &'a Round,
    pub terms: &'a [Terms_],
    /// Money paid per investment under the state computed.
    pub paid: &'a [Decimal],
    pub shares_before: Decimal,
    pub pool_before: Decimal,
    /// Money of every tranche of the investments with an amount.
    pub committed_fixed: Decimal,
    /// `price_decimals`.
    pub decimals: u32,
    /// `[rounding] shares`: floor or nearest.
    pub rule: ShareRounding,
}

/// Every count computed from one candidate total.
struct Attempt {
    /// The sum of the counts.
    total: Decimal,
    /// Conversion shares the price does not divide (the `conversion_method` leaves them out).
    left_out: Decimal,
    price: Decimal,
    top_up: Decimal,
    /// Shares before the round + every conversion's shares.
    capitalization: Decimal,
    /// The pre-money count: shares before + a pre-money top-up + the conversions counted.
    count: Decimal,
    converted: Vec<(Conversion, Decimal)>,
    /// Per investment: shares bought with its whole amount, or a pro-rata purchase.
    shares: Vec<Decimal>,
}

/// Solves the round as the fixed point over its whole-share total (see the module docs).
pub(super) fn solve(
    inputs: &Inputs<'_>,
    units: &IdVec<PartyId, Decimal>,
    steps: &mut u64,
) -> Checked<Solved> {
    let step_terms = (1 + inputs.terms.len() + inputs.round.investments.len()) as u64;
    let charge = |steps: &mut u64| -> Checked<()> {
        *steps = steps.saturating_add(step_terms);
        if *steps > MAX_SOLVER_STEPS {
            return Err(Overflow::of(OverflowKind::TooSlow, TOO_SLOW));
        }
        Ok(())
    };
    let mut state = (first_candidate(inputs)?, Decimal::ZERO);
    let mut seen = HashSet::new();
    while seen.len() < MAX_CANDIDATES && seen.insert(state) {
        charge(steps)?;
        let a = attempt(inputs, units, state.0, state.1)?;
        if (a.total, a.left_out) == state {
            return finish(inputs, a);
        }
        state = (a.total, a.left_out);
    }
    // A cycle (or too many candidates): the totals around the last one, nearest first.
    let (center, left_out) = state;
    let radius = MIN_RADIUS.max(seen.len() + inputs.terms.len() + inputs.round.investments.len());
    for offset in 0..=radius {
        let offset = Decimal::from(offset);
        for candidate in [
            arith::sub(center, offset, NO_TOTAL)?,
            arith::add(center, offset, NO_TOTAL)?,
        ] {
            if candidate <= Decimal::ZERO {
                continue;
            }
            charge(steps)?;
            // A candidate far from the solution may leave nothing to divide by: not a solution.
            if let Ok(a) = attempt(inputs, units, candidate, left_out)
                && (a.total, a.left_out) == (candidate, left_out)
            {
                return finish(inputs, a);
            }
            if offset.is_zero() {
                break;
            }
        }
    }
    Err(Overflow::new(NO_TOTAL))
}

/// The peer's first candidate: the shares before the round grossed up by the pool target and
/// the new money's fraction of the post-money, ⌊S ÷ (1 − target − money ÷ (pre + money))⌋,
/// and at least S.
fn first_candidate(inputs: &Inputs<'_>) -> Checked<Decimal> {
    let s = inputs.shares_before;
    let money = inputs.committed_fixed;
    let pre = match inputs.round.terms {
        Terms::PreMoney(v) => v,
        Terms::PostMoney(post) => arith::sub(post, money, "the pre-money")?,
        Terms::PricePerShare(p) => arith::mul(p, s, "the pre-money")?,
    };
    let post = arith::add(pre, money, "the post-money")?;
    let new_fraction = if post > Decimal::ZERO {
        arith::div(money, post, "the new money's fraction")?
    } else {
        Decimal::ZERO
    };
    let target = match inputs.round.pool {
        Some(PoolChange::Target(f)) => f,
        _ => Decimal::ZERO,
    };
    let rest = Decimal::ONE - target - new_fraction;
    if rest <= Decimal::ZERO {
        return Ok(s);
    }
    Ok(snap(arith::div(s, rest, "the post-money count")?, inputs.rule).max(s))
}

/// Every count from the candidate total `total`, with `left_out` conversion shares that the
/// price does not divide (from the previous attempt).
fn attempt(
    inputs: &Inputs<'_>,
    units: &IdVec<PartyId, Decimal>,
    total: Decimal,
    left_out: Decimal,
) -> Checked<Attempt> {
    let round = inputs.round;
    let s = inputs.shares_before;
    let whole = |x: Decimal| snap(x, inputs.rule);
    let up = Some(inputs.decimals);
    let top_up = match round.pool {
        Some(PoolChange::Target(f)) => arith::sub(
            whole(arith::mul(f, total, "the pool top-up")?),
            inputs.pool_before,
            "the pool top-up",
        )?
        .max(Decimal::ZERO),
        Some(PoolChange::Increase(n)) => n,
        None => Decimal::ZERO,
    };
    let pre_timing = round.pool_timing == PoolTiming::PreMoney;
    let top_up_after = if pre_timing { Decimal::ZERO } else { top_up };

    // Pro-rata purchases: h × T ÷ S − h each.
    let mut shares = Vec::with_capacity(round.investments.len());
    let mut pro_rata = Decimal::ZERO;
    for investment in &round.investments {
        let bought = if investment.sizing == Sizing::ProRata {
            let held = units[investment.party];
            let target = arith::mul_div(held, total, s, "a pro-rata stake")?;
            let bought = whole(arith::sub(target, held, "a pro-rata stake")?).max(Decimal::ZERO);
            pro_rata = arith::add(pro_rata, bought, "pro-rata shares")?;
            bought
        } else {
            Decimal::ZERO
        };
        shares.push(bought);
    }

    // The round price: money ÷ the count it buys, rounded up.
    let priced = arith::sub(
        arith::sub(total, top_up_after, "the post-money count")?,
        left_out,
        "the post-money count",
    )?;
    let (money, divisor) = match round.terms {
        Terms::PreMoney(v) => (
            arith::add(v, inputs.committed_fixed, "the post-money")?,
            arith::sub(priced, pro_rata, "the post-money count")?,
        ),
        Terms::PostMoney(post) => (post, priced),
        Terms::PricePerShare(p) => (p, Decimal::ONE),
    };
    if divisor <= Decimal::ZERO {
        return Err(Overflow::new(
            "the price per share (nothing left to divide the post-money by)",
        ));
    }
    let price = match round.terms {
        Terms::PricePerShare(p) => p,
        _ => price_up(arith::div(money, divisor, "the price per share")?, up),
    };
    if price <= Decimal::ZERO {
        return Err(Overflow::new(
            "the price per share (it rounds to zero at price_decimals)",
        ));
    }

    // Investments with an amount: every tranche, paid or not.
    let mut new_shares = pro_rata;
    for (investment, bought) in round.investments.iter().zip(shares.iter_mut()) {
        if investment.sizing == Sizing::Fixed {
            *bought = whole(arith::div(investment.amount, price, "new shares")?);
            new_shares = arith::add(new_shares, *bought, "new shares")?;
        }
    }

    // Conversions: post-money SAFEs on T − new shares − top-up, the rest on the pre-money
    // count; fixed-percentage SAFEs last, from the others' rounded shares.
    let capitalization = arith::sub(
        arith::sub(total, new_shares, "the company capitalization")?,
        top_up,
        "the company capitalization",
    )?;
    if capitalization <= Decimal::ZERO {
        return Err(Overflow::new(
            "the company capitalization (nothing is left of the total for it)",
        ));
    }
    let cap_base = if pre_timing {
        arith::add(s, top_up, "the pre-money count")?
    } else {
        s
    };
    let mut converted: Vec<Option<(Conversion, Decimal)>> = Vec::with_capacity(inputs.terms.len());
    let mut others = Decimal::ZERO;
    let mut fractions = Decimal::ZERO;
    for t in inputs.terms {
        if let InstrumentKind::FixedPercentage(f) = t.kind {
            fractions = arith::add(fractions, f, "the fixed percentages")?;
            converted.push(None);
            continue;
        }
        let c = conversion(t, cap_base, capitalization, price, None, up)?;
        let n = whole(c.shares);
        others = arith::add(others, n, "conversion shares")?;
        converted.push(Some((c, n)));
    }
    let base = arith::add(s, others, "the company capitalization")?;
    let rest = Decimal::ONE - fractions;
    if rest <= Decimal::ZERO {
        return Err(Overflow::new(
            "a fixed-percentage SAFE's shares (the fixed percentages reach 100%)",
        ));
    }
    let mut converted_total = others;
    let mut left_out_next = Decimal::ZERO;
    let mut done = Vec::with_capacity(converted.len());
    for (t, c) in inputs.terms.iter().zip(converted) {
        let (c, n) = match (c, t.kind) {
            (Some(c), _) => c,
            (None, InstrumentKind::FixedPercentage(f)) => {
                let n = whole(arith::mul_div(f, base, rest, "conversion shares")?);
                if n <= Decimal::ZERO {
                    return Err(Overflow::new(
                        "a fixed-percentage SAFE's shares (the capitalization is zero)",
                    ));
                }
                converted_total = arith::add(converted_total, n, "conversion shares")?;
                let c = Conversion {
                    cap_price: None,
                    discount_price: None,
                    price: arith::div(t.amount, n, "a conversion price")?,
                    basis: PriceTerm::FixedPercentage,
                    shares: n,
                };
                (c, n)
            }
            // Only fixed-percentage SAFEs were left for this pass.
            (None, _) => {
                return Err(Overflow::new("conversion shares"));
            }
        };
        if !t.kind.on_capitalization() {
            let out = match round.conversion_method {
                ConversionMethod::PercentageOwnership => Decimal::ZERO,
                ConversionMethod::PreMoney => n,
                // Counted: the discount shares only, beyond what the amount buys at the
                // round price.
                ConversionMethod::DollarsInvested => {
                    n.min(whole(arith::div(t.amount, price, "conversion shares")?))
                }
            };
            left_out_next = arith::add(left_out_next, out, "the pre-money count")?;
        }
        done.push((c, n));
    }

    let sum = arith::add(
        arith::add(s, top_up, "the post-money count")?,
        arith::add(converted_total, new_shares, "the post-money count")?,
        "the post-money count",
    )?;
    let count = arith::sub(
        arith::add(
            arith::add(s, top_up, "the pre-money count")?,
            converted_total,
            "the pre-money count",
        )?,
        arith::add(top_up_after, left_out_next, "the pre-money count")?,
        "the pre-money count",
    )?;
    Ok(Attempt {
        total: sum,
        left_out: left_out_next,
        price,
        top_up,
        capitalization,
        count,
        converted: done,
        shares,
    })
}

/// The solution from the agreeing attempt: money paid buys at its price.
fn finish(inputs: &Inputs<'_>, a: Attempt) -> Checked<Solved> {
    let mut pro_rata_money = Decimal::ZERO;
    let mut bought = Vec::with_capacity(inputs.round.investments.len());
    for ((investment, &paid), &shares) in inputs
        .round
        .investments
        .iter()
        .zip(inputs.paid)
        .zip(&a.shares)
    {
        bought.push(match investment.sizing {
            Sizing::Fixed if paid.is_zero() => (Decimal::ZERO, Decimal::ZERO),
            Sizing::Fixed => (
                paid,
                snap(arith::div(paid, a.price, "new shares")?, inputs.rule),
            ),
            Sizing::ProRata => {
                let money = arith::mul(shares, a.price, "pro-rata money")?;
                pro_rata_money = arith::add(pro_rata_money, money, "pro-rata money")?;
                (money, shares)
            }
        });
    }
    let pre_money = pre_money(
        inputs.round,
        inputs.committed_fixed,
        pro_rata_money,
        a.count,
    )?;
    Ok(Solved {
        pre_money,
        count: a.count,
        capitalization: a.capitalization,
        price: a.price,
        top_up: a.top_up,
        converted: a.converted,
        bought,
    })
}

#[cfg(test)]
#[path = "price_up_tests.rs"]
mod tests;
