//! Commitments: money the company promises to spend with an investor, set against what that
//! investor put in.

use rust_decimal::Decimal;

use super::arith::{self, Checked};
use super::rounds::CapTable;
use crate::scenario::model::Commitment;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentFlow {
    /// All the counterparty put in across the rounds.
    pub invested: Decimal,
    /// invested − amount.
    pub net_flow: Decimal,
    /// invested − margin × amount; `None` without a margin.
    pub economic_cost: Option<Decimal>,
    /// economic cost ÷ the counterparty's ownership after the last round.
    pub implied_post_money: Option<Decimal>,
}

/// A commitment's net flow: what its counterparty put in less the commitment, invested −
/// amount.
pub fn net_flow(invested: Decimal, amount: Decimal) -> Checked<Decimal> {
    arith::sub(invested, amount, "a commitment's net flow")
}

/// A commitment's economic cost: what its counterparty put in less the margin the company
/// keeps of what it spends, invested − margin × amount.
pub fn economic_cost(invested: Decimal, margin: Decimal, amount: Decimal) -> Checked<Decimal> {
    let kept = arith::mul(margin, amount, "a commitment's margin")?;
    arith::sub(invested, kept, "a commitment's economic cost")
}

/// The flows of one commitment, given the cap table after the last round.
pub fn flow(commitment: &Commitment, table: &CapTable) -> Checked<CommitmentFlow> {
    let (invested, units) = match commitment.party {
        Some(party) => (table.invested_total[party], table.units[party]),
        None => (Decimal::ZERO, Decimal::ZERO),
    };
    let net_flow = net_flow(invested, commitment.amount)?;
    let economic_cost = commitment
        .margin
        .map(|margin| economic_cost(invested, margin, commitment.amount))
        .transpose()?;
    let implied_post_money = match economic_cost {
        // cost ÷ (units ÷ total) = cost × total ÷ units: one rounding, not two.
        Some(cost) if !units.is_zero() => Some(arith::mul_div(
            cost,
            table.total()?,
            units,
            "a commitment's implied post-money",
        )?),
        _ => None,
    };
    Ok(CommitmentFlow {
        invested,
        net_flow,
        economic_cost,
        implied_post_money,
    })
}

#[cfg(test)]
#[path = "commitments_tests.rs"]
mod tests;
