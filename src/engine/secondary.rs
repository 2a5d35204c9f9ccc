//! Secondary sales and tenders at a round's closing: existing shares move from sellers to a
//! buyer. No money reaches the company and no share is issued, so the round's figures (price,
//! new money, post-money, fully diluted total) are untouched; each party's money invested is
//! too (a secondary pays the seller, not the company).
//!
//! A round's secondaries run after everything else in it (new money, pool, conversions,
//! pro-rata and anti-dilution), in file order: the buyer buys from the cap table as the round
//! closes, and a stake sold is a fraction of the fully diluted total after the round.
//!
//! Quantities, prices and each tender's split are exact rationals ([`super::exact`]); shares
//! are rounded once, by `[rounding] shares`. A tender's split is the largest-remainder method:
//! each seller's exact share of the total (pro rata to its holding, caps applied) is rounded
//! down, and the shares left over go one each to the sellers with the largest fractional
//! remainders, ties to the seller listed first. With `shares = "exact"` and in value terms
//! nothing is rounded to whole shares: each seller gets its exact share (to 28 digits), the
//! last seller the rest, so the parts sum to the total exactly.

use rust_decimal::Decimal;

use super::arith::{self, Overflow};
pub use super::captable::SecondaryWorking;
use super::captable::{CapTable, RoundFigures, round_price};
use super::exact::{Q, q, round_shares, to_decimal};
use crate::scenario::model::{
    Basis, ConditionSet, PartyId, PositionId, Round, Scenario, Secondary, SecondaryPrice,
    SecondaryQuantity, SellerCap, ShareRounding,
};

/// Why a secondary cannot happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// One seller sells more than it holds (shares as issued; money units in value terms).
    Oversold {
        seller: PartyId,
        holds: Decimal,
        sells: Decimal,
    },
    /// A tender asks more than its sellers hold, or may sell under their caps.
    TenderTooLarge { holds: Decimal, sells: Decimal },
}

/// A secondary that cannot happen, in one condition state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecondaryFault {
    /// Index into the round's `secondaries`.
    pub secondary: usize,
    pub kind: FaultKind,
    /// The conditions that held when it happened.
    pub state: ConditionSet,
    /// The fully diluted total after the round (to show money units as stakes).
    pub total: Decimal,
}

/// An arithmetic failure or a sale that cannot happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    Overflow(Overflow),
    Fault(SecondaryFault),
}

impl From<Overflow> for Failure {
    fn from(overflow: Overflow) -> Self {
        Failure::Overflow(overflow)
    }
}

/// Applies `round`'s secondaries that happen in `state` to `table` (the cap table after the
/// rest of the round), recording each into `workings` when given.
pub fn apply(
    scenario: &Scenario,
    round: &Round,
    figures: &RoundFigures,
    state: ConditionSet,
    table: &mut CapTable,
    mut workings: Option<&mut Vec<SecondaryWorking>>,
) -> Result<(), Failure> {
    if let Some(w) = workings.as_deref_mut() {
        w.clear();
    }
    if round.secondaries.is_empty() {
        return Ok(());
    }
    for (index, secondary) in round.secondaries.iter().enumerate() {
        if !secondary.happens(state) {
            continue;
        }
        let working = sell(scenario, secondary, figures, table).map_err(|e| match e {
            Sale::Overflow(o) => Failure::Overflow(o),
            Sale::Fault(kind) => Failure::Fault(SecondaryFault {
                secondary: index,
                kind,
                state,
                total: table.total().unwrap_or_default(),
            }),
        })?;
        if let Some(w) = workings.as_deref_mut() {
            w.push(SecondaryWorking { index, ..working });
        }
    }
    Ok(())
}

enum Sale {
    Overflow(Overflow),
    Fault(FaultKind),
}

impl From<Overflow> for Sale {
    fn from(overflow: Overflow) -> Self {
        Sale::Overflow(overflow)
    }
}

const WHAT: &str = "a secondary sale";

fn sell(
    scenario: &Scenario,
    secondary: &Secondary,
    figures: &RoundFigures,
    table: &mut CapTable,
) -> Result<SecondaryWorking, Sale> {
    let shares_basis = scenario.basis == Basis::Shares;
    let rule = if shares_basis {
        scenario.rounding.shares
    } else {
        ShareRounding::Exact
    };
    let whole = rule != ShareRounding::Exact;
    let total = table.total()?;
    if total.is_zero() {
        return Err(Sale::Overflow(Overflow::new(WHAT)));
    }
    let total_q = q(total);
    // The price of one share (one money unit in value terms), exact, and as reported.
    let (price_q, price_shown, valuation_given) = match secondary.price {
        SecondaryPrice::PerShare(p) => (q(p), Some(p), None),
        SecondaryPrice::Valuation(v) => {
            let exact = q(v) / &total_q;
            let rounding = &scenario.rounding;
            match round_price(
                to_decimal(&exact, WHAT)?,
                rounding.price_decimals,
                rounding.price,
            ) {
                Some(rounded) if shares_basis => (q(rounded), Some(rounded), None),
                _ => {
                    let shown = shares_basis
                        .then(|| to_decimal(&exact, "a secondary's price"))
                        .transpose()?;
                    (exact, shown, Some(v))
                }
            }
        }
    };
    if price_q.is_zero() {
        return Err(Sale::Overflow(Overflow::new(
            "a secondary's price (it rounds to zero)",
        )));
    }
    let exact_quantity = match secondary.quantity {
        SecondaryQuantity::Shares(n) => q(n),
        SecondaryQuantity::Stake(f) => q(f) * &total_q,
        SecondaryQuantity::Amount(a) => q(a) / &price_q,
    };
    let quantity = round_shares(&exact_quantity, rule, "shares sold in a secondary")?;

    // Holdings: shares as issued in the positions each seller sells from.
    let holdings: Vec<Decimal> = secondary
        .seller_positions
        .iter()
        .map(|positions| {
            arith::sum(
                positions
                    .iter()
                    .map(|&p| table.position_shares.get(p).copied().unwrap_or_default()),
                "a seller's holding",
            )
        })
        .collect::<Result<_, _>>()?;
    let parts = if secondary.tender {
        split(secondary, &holdings, quantity, whole, rule)?
    } else {
        vec![quantity]
    };
    let mut sales = Vec::with_capacity(parts.len());
    for (i, (&seller, &part)) in secondary.sellers.iter().zip(&parts).enumerate() {
        let holds = holdings.get(i).copied().unwrap_or_default();
        if part > holds {
            return Err(Sale::Fault(FaultKind::Oversold {
                seller,
                holds,
                sells: part,
            }));
        }
        if !part.is_zero() {
            let positions = secondary.seller_positions.get(i).map_or(&[][..], |v| v);
            transfer(scenario, secondary, seller, positions, part, table)?;
        }
        sales.push((seller, part));
    }

    let amount_q = q(quantity) * &price_q;
    let amount = to_decimal(&amount_q, "a secondary's amount")?;
    let premium = if shares_basis {
        match figures.price_per_share {
            Some(round_price) if !round_price.is_zero() => Some(to_decimal(
                &(price_q.clone() / q(round_price) - Q::one()),
                "a premium",
            )?),
            _ => None,
        }
    } else if figures.post_money.is_zero() {
        None
    } else {
        // A money unit is worth post-money ÷ total at the round; the sale's valuation ÷ total.
        let valuation = price_q.clone() * &total_q;
        Some(to_decimal(
            &(valuation / q(figures.post_money) - Q::one()),
            "a premium",
        )?)
    };
    let implied_valuation = match valuation_given {
        Some(v) => v,
        None => to_decimal(&(price_q * &total_q), "a secondary's implied valuation")?,
    };
    Ok(SecondaryWorking {
        index: 0,
        sales,
        shares: quantity,
        amount,
        price_per_share: price_shown,
        premium,
        implied_valuation,
        stake: to_decimal(&(q(quantity) / total_q), "a secondary's stake")?,
    })
}

/// A tender's split of `quantity` among its sellers, pro rata to `holdings`, each at most its
/// cap and holding; whole shares by the largest-remainder method when `whole`.
fn split(
    secondary: &Secondary,
    holdings: &[Decimal],
    quantity: Decimal,
    whole: bool,
    rule: ShareRounding,
) -> Result<Vec<Decimal>, Sale> {
    let n = holdings.len();
    // Each seller's limit: its holding, or its cap if lower (whole shares when `whole`).
    let mut limits: Vec<Q> = Vec::with_capacity(n);
    for &holds in holdings {
        let cap = match secondary.cap {
            None => q(holds),
            Some(SellerCap::Shares(c)) => q(c.min(holds)),
            Some(SellerCap::Fraction(f)) => q(f) * q(holds),
        };
        limits.push(if whole { cap.floor() } else { cap });
    }
    let available = limits.iter().fold(Q::zero(), |sum, l| sum + l);
    let quantity_q = q(quantity);
    if quantity_q > available {
        return Err(Sale::Fault(FaultKind::TenderTooLarge {
            holds: to_decimal(&available, WHAT)?,
            sells: quantity,
        }));
    }
    // Water-filling: sellers whose pro-rata share would pass their limit sell their limit, and
    // the rest is shared pro rata among the others. A seller is capped before another whose
    // limit is a larger fraction of its holding, so one pass in that order finds them all.
    let mut order: Vec<usize> = (0..n).filter(|&i| !holdings[i].is_zero()).collect();
    let ratio = |i: usize| limits[i].clone() / q(holdings[i]);
    order.sort_by(|&a, &b| ratio(a).cmp(&ratio(b)).then(a.cmp(&b)));
    let mut exact: Vec<Q> = vec![Q::zero(); n];
    let mut capped = vec![false; n];
    let mut rest = quantity_q.clone();
    let mut rest_holdings = order.iter().fold(Q::zero(), |sum, &i| sum + q(holdings[i]));
    for &i in &order {
        let h = q(holdings[i]);
        // rest × h ÷ H > limit, without dividing.
        if rest.clone() * &h > limits[i].clone() * &rest_holdings {
            exact[i] = limits[i].clone();
            capped[i] = true;
            rest -= &limits[i];
            rest_holdings -= &h;
        } else {
            break;
        }
    }
    let free: Vec<usize> = (0..n)
        .filter(|&i| !capped[i] && !holdings[i].is_zero())
        .collect();
    if !rest_holdings.is_zero() {
        for &i in &free {
            exact[i] = rest.clone() * q(holdings[i]) / &rest_holdings;
        }
    }
    let mut parts = Vec::with_capacity(n);
    if whole {
        let mut floors: Vec<Q> = exact.iter().map(Q::floor).collect();
        let assigned = floors.iter().fold(Q::zero(), |sum, f| sum + f);
        let mut left = quantity_q - assigned;
        // Largest fractional remainder first; ties to the seller listed first.
        let mut by_remainder: Vec<usize> = free.clone();
        by_remainder.sort_by(|&a, &b| {
            let (ra, rb) = (exact[a].clone() - &floors[a], exact[b].clone() - &floors[b]);
            rb.cmp(&ra).then(a.cmp(&b))
        });
        for i in by_remainder {
            if !left.is_positive() {
                break;
            }
            floors[i] += Q::one();
            left -= Q::one();
        }
        for f in &floors {
            parts.push(round_shares(f, rule, "shares sold in a tender")?);
        }
    } else {
        let last = free.last().copied();
        let mut sum = Decimal::ZERO;
        for (i, e) in exact.iter().enumerate() {
            if Some(i) == last {
                parts.push(Decimal::ZERO);
                continue;
            }
            let part = to_decimal(e, "shares sold in a tender")?;
            sum = arith::add(sum, part, "shares sold in a tender")?;
            parts.push(part);
        }
        if let Some(i) = last {
            parts[i] = arith::sub(quantity, sum, "shares sold in a tender")?;
        }
    }
    Ok(parts)
}

/// Moves `shares` of `seller` from its `positions` (in order) to the buyer: shares as issued,
/// units as converted and the money its class's preference is on, each in proportion.
fn transfer(
    scenario: &Scenario,
    secondary: &Secondary,
    seller: PartyId,
    positions: &[PositionId],
    shares: Decimal,
    table: &mut CapTable,
) -> Result<(), Sale> {
    let buyer = secondary.buyer;
    let mut left = shares;
    for &p in positions {
        if left.is_zero() {
            break;
        }
        let held = table.position_shares.get(p).copied().unwrap_or_default();
        if held.is_zero() {
            continue;
        }
        let taken = left.min(held);
        let (units, preference) = if taken == held {
            (table.position_units[p], table.position_preference[p])
        } else {
            (
                arith::mul_div(taken, table.position_units[p], held, WHAT)?,
                arith::mul_div(table.position_preference[p], taken, held, WHAT)?,
            )
        };
        let from_class = scenario.positions.get(p.index()).and_then(|pos| pos.class);
        let slot = Secondary::slot(from_class);
        let Some(to) = secondary.buyer_positions.get(slot).copied().flatten() else {
            return Err(Sale::Overflow(Overflow::new(
                "a secondary's buyer position",
            )));
        };
        let to_class = scenario.positions.get(to.index()).and_then(|pos| pos.class);
        // Shares that convert into another class carry that class's preference, which is per
        // share: the NVCA model Certificate of Incorporation, Article Fourth, Part B, Section
        // 2.1, pays each preferred share "an amount per share equal to ... the [Series]
        // Original Issue Price". Common carries none.
        let bought_preference = if to_class == from_class {
            preference
        } else {
            match to_class {
                Some(c) => arith::mul(
                    taken,
                    table.series_issue.get(c).copied().unwrap_or_default(),
                    WHAT,
                )?,
                None => Decimal::ZERO,
            }
        };
        table.position_shares[p] = arith::sub(held, taken, WHAT)?;
        table.position_units[p] = arith::sub(table.position_units[p], units, WHAT)?;
        table.position_preference[p] = arith::sub(table.position_preference[p], preference, WHAT)?;
        table.position_shares[to] = arith::add(table.position_shares[to], taken, WHAT)?;
        table.position_units[to] = arith::add(table.position_units[to], units, WHAT)?;
        table.position_preference[to] =
            arith::add(table.position_preference[to], bought_preference, WHAT)?;
        table.units[seller] = arith::sub(table.units[seller], units, WHAT)?;
        table.units[buyer] = arith::add(table.units[buyer], units, WHAT)?;
        table.issued[seller] = arith::sub(table.issued[seller], taken, WHAT)?;
        table.issued[buyer] = arith::add(table.issued[buyer], taken, WHAT)?;
        left = arith::sub(left, taken, WHAT)?;
    }
    if left.is_zero() {
        Ok(())
    } else {
        Err(Sale::Overflow(Overflow::new(WHAT)))
    }
}

#[cfg(test)]
#[path = "secondary_tests.rs"]
mod tests;
