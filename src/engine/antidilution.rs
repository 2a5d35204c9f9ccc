//! Anti-dilution: a preferred class's conversion price after a round priced below it.
//!
//! A class's conversion price is the money invested in it ÷ its shares as converted (for a
//! class issued once, its original issue price until an adjustment). When a round's price per
//! share is below it, a class with anti-dilution protection gets a new conversion price `CP2`:
//!
//! - full ratchet: `CP2` = the round's price;
//! - weighted average: `CP2 = CP1 × (A + B) ÷ (A + C)`, where `C` is the shares the round
//!   issued for money (investments and conversions of SAFEs and notes, not the pool top-up), `B`
//!   = the money they were issued for ÷ `CP1`, and `A` is, broad-based, the fully diluted count
//!   before the round (as converted, the pool included) or, narrow-based, the class's own shares
//!   as issued before the round.
//!
//! The holdings the class had before the round then convert into `CP1 ÷ CP2` times as many
//! common-equivalent units, added to their holders' as-converted units (so every later round
//! and all ownership count them). Shares the class issued in the round itself convert 1:1. The
//! adjustment follows the round: the round's own price is not changed by it.

use rust_decimal::Decimal;

use super::arith::{self, Checked};
use super::conversion::Workings;
use super::rounds::{CapTable, RoundFigures};
use crate::scenario::model::{AntiDilution, Scenario};

/// One class's conversion price moved by a round, with the figures of the formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    /// Index into `Scenario::classes`.
    pub class: usize,
    pub rule: AntiDilution,
    pub round_price: Decimal,
    pub before: Decimal,
    pub after: Decimal,
    /// `A`, `B` and `C` of the weighted-average formula (`None` for a full ratchet).
    pub weighted: Option<(Decimal, Decimal, Decimal)>,
    pub units_before: Decimal,
    pub units_after: Decimal,
}

/// What the formula needs from the cap table before the round.
pub struct Before {
    /// Fully diluted units before the round.
    total: Decimal,
    /// Units of the pool parties before the round.
    pool: Decimal,
    /// Per class: money invested, shares as issued, units as converted.
    classes: Vec<(Decimal, Decimal, Decimal)>,
}

impl Before {
    /// Records the cap table before a round (position units into the table's scratch buffer).
    pub fn take(scenario: &Scenario, table: &mut CapTable) -> Checked<Self> {
        table.scratch.clear();
        table.scratch.extend_from_slice(&table.position_units);
        let classes = table.class_totals(scenario)?;
        Ok(Before {
            total: table.total()?,
            pool: pool_units(scenario, table)?,
            classes,
        })
    }
}

fn pool_units(scenario: &Scenario, table: &CapTable) -> Checked<Decimal> {
    arith::sum(
        scenario
            .parties
            .iter()
            .zip(&table.units)
            .filter(|(p, _)| p.pool)
            .map(|(_, u)| *u),
        "the pool",
    )
}

/// Adjusts every protected class whose conversion price is above the round's price.
pub fn adjust(
    scenario: &Scenario,
    figures: &RoundFigures,
    before: &Before,
    table: &mut CapTable,
    mut workings: Option<&mut Workings>,
) -> Checked<()> {
    let Some(price) = figures.price_per_share else {
        return Ok(());
    };
    let issued_total = arith::sub(figures.post_money_units, before.total, "new shares")?;
    let pool_growth = arith::sub(pool_units(scenario, table)?, before.pool, "the pool top-up")?;
    let new_shares = arith::sub(issued_total, pool_growth, "new shares")?;
    let new_money = arith::sum(table.invested_round.iter().copied(), "new money")?;
    for (c, class) in scenario.classes.iter().enumerate() {
        if class.anti_dilution == AntiDilution::None {
            continue;
        }
        let (money_before, shares_before, units_before) = before.classes[c];
        if units_before.is_zero() || money_before.is_zero() {
            continue;
        }
        let cp1 = arith::div(money_before, units_before, "a conversion price")?;
        if price >= cp1 {
            continue;
        }
        let (cp2, weighted) = match class.anti_dilution {
            AntiDilution::FullRatchet | AntiDilution::None => (price, None),
            rule => {
                let a = if rule == AntiDilution::BroadBased {
                    before.total
                } else {
                    shares_before
                };
                let b = arith::div(new_money, cp1, "anti-dilution B")?;
                let numerator = arith::add(a, b, "anti-dilution A + B")?;
                let denominator = arith::add(a, new_shares, "anti-dilution A + C")?;
                (
                    arith::mul_div(cp1, numerator, denominator, "a conversion price")?,
                    Some((a, b, new_shares)),
                )
            }
        };
        if cp2 >= cp1 || cp2 <= Decimal::ZERO {
            continue;
        }
        // Each holding before the round gains units × (CP1 − CP2) ÷ CP2.
        let gain = arith::sub(cp1, cp2, "a conversion price")?;
        let mut added = Decimal::ZERO;
        for (i, position) in scenario.positions.iter().enumerate() {
            if position.class != Some(c) || table.scratch[i].is_zero() {
                continue;
            }
            let extra = arith::mul_div(table.scratch[i], gain, cp2, "as-converted shares")?;
            table.position_units[i] =
                arith::add(table.position_units[i], extra, "as-converted shares")?;
            table.units[position.party] =
                arith::add(table.units[position.party], extra, "as-converted shares")?;
            added = arith::add(added, extra, "as-converted shares")?;
        }
        if let Some(w) = workings.as_deref_mut() {
            w.adjustments.push(Adjustment {
                class: c,
                rule: class.anti_dilution,
                round_price: price,
                before: cp1,
                after: cp2,
                weighted,
                units_before,
                units_after: arith::add(units_before, added, "as-converted shares")?,
            });
        }
    }
    Ok(())
}
