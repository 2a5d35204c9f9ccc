//! Anti-dilution: a series' conversion price after a round priced below it.
//!
//! Anti-dilution works per *series* (each entry of `Scenario::classes`: a class's shares
//! issued in rounds, or one instrument's shadow series, see `series` in
//! docs/scenario-format.md). A series' conversion price `CP1` is its own original issue price
//! (the round's price for a class's round series, the conversion price for a shadow series)
//! until an adjustment moves it, whatever other series of the class paid. When a round's
//! price per share is below it, a series with anti-dilution protection gets a new conversion
//! price `CP2`:
//!
//! - full ratchet: `CP2` = the round's price;
//! - weighted average, the NVCA model Certificate of Incorporation's formula (Article Fourth,
//!   B.4.4.2): `CP2 = CP1 × (A + B) ÷ (A + C)`, where `C` is the shares the round issued for
//!   money (investments and conversions of SAFEs and notes, not the pool top-up), `B` = the
//!   money they were issued for ÷ `CP1` (the shares it would have bought at `CP1`), and `A`
//!   is, broad-based, the shares outstanding before the round as converted — with
//!   `anti_dilution_base = "outstanding"` (the default, the charter's: common outstanding plus
//!   outstanding options and convertible securities as converted) everything but the
//!   reserved-but-unissued pool, with `"fully-diluted"` the pool too — or, narrow-based, the
//!   series' own shares as issued before the round.
//!
//! `CP2` is then rounded to the class's `price_decimals` (half away from zero), if given: the
//! charter rounds to the nearest one-hundredth of a cent (`price_decimals = 4`).
//!
//! The holdings the series had before the round then convert into `CP1 ÷ CP2` times as many
//! common-equivalent units, added to their holders' as-converted units (so every later round
//! and all ownership count them). Shares the series issued in the round itself convert 1:1. The
//! adjustment follows the round: the round's own price is not changed by it.

use rust_decimal::Decimal;

use super::arith::{self, Checked};
pub use super::captable::Adjustment;
use super::captable::{CapTable, ClassTotals, RoundFigures, Workings, round_price};
use crate::scenario::id;
use crate::scenario::model::{
    AntiDilution, AntiDilutionBase, ClassId, PositionId, PriceRounding, Scenario,
};

/// What the formula needs from the cap table before the round.
pub struct Before {
    /// Fully diluted units before the round.
    total: Decimal,
    /// Units of the pool parties before the round.
    pool: Decimal,
    /// Per class: money invested, shares as issued, units as converted.
    classes: ClassTotals,
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

    /// Per class: money invested, shares as issued and units as converted before the round.
    pub fn classes(&self) -> &ClassTotals {
        &self.classes
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

/// Adjusts every protected series whose own conversion price is above the round's price.
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
    for (c, class) in id::enumerate::<ClassId, _>(&scenario.classes) {
        if class.anti_dilution == AntiDilution::None {
            continue;
        }
        let (_, shares_before, units_before) = before.classes[c];
        // The series' own conversion price before the round (its original issue price until
        // an adjustment): `price_series` set it when the series was issued.
        let cp1 = table.series_price[c];
        if units_before.is_zero() || cp1.is_zero() || price >= cp1 {
            continue;
        }
        let (cp2, weighted) = match class.anti_dilution {
            AntiDilution::FullRatchet | AntiDilution::None => (price, None),
            rule => {
                let a = match (rule, class.anti_dilution_base) {
                    (AntiDilution::BroadBased, AntiDilutionBase::FullyDiluted) => before.total,
                    (AntiDilution::BroadBased, AntiDilutionBase::Outstanding) => {
                        arith::sub(before.total, before.pool, "anti-dilution A")?
                    }
                    _ => shares_before,
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
        let cp2 = round_price(cp2, class.price_decimals, PriceRounding::Nearest).unwrap_or(cp2);
        if cp2 >= cp1 || cp2 <= Decimal::ZERO {
            continue;
        }
        table.series_price[c] = cp2;
        // Each holding before the round gains units × (CP1 − CP2) ÷ CP2.
        let gain = arith::sub(cp1, cp2, "a conversion price")?;
        let mut added = Decimal::ZERO;
        for (i, position) in id::enumerate::<PositionId, _>(&scenario.positions) {
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

#[cfg(test)]
#[path = "antidilution_tests.rs"]
mod tests;
