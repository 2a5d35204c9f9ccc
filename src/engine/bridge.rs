//! The dilution bridge: a round's change in each holder's ownership split into its causes.
//!
//! A round's causes are its investments (each one, all its paid tranches together: the
//! investment level, not the tranche level), each pro-rata investment, the pool top-up, each
//! SAFE or note conversion, each secondary sale, anti-dilution and the round's grants. How much
//! of a holder's change one cause explains depends on the order the causes are taken in (a pool
//! topped up after the new money dilutes the investor; before it, not): the bridge therefore
//! takes the **Shapley value** of the game whose worth v(S) is the holder's fully diluted
//! ownership when only the causes in S happen in the round (the others removed: an investment
//! not made, a conversion not happening, a pool not topped up, a sale not made, anti-dilution
//! not applied, no grants). The Shapley value is the average, over every order of the causes,
//! of what each cause adds when it is added in that order:
//!
//! φᵢ = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! ⁄ n! · (v(S ∪ {i}) − v(S)).
//!
//! It is the one split that is the same under every order (it *is* the average of all orders),
//! that is efficient (the parts add up exactly to v(N) − v(∅), the round's whole change), and
//! symmetric (two causes that add the same to every coalition get the same part); a cause
//! that changes nothing gets zero. Every v(S) is an exact rational (units ÷ total from the
//! engine's decimals) and the weights are exact fractions, so the parts add up exactly.
//!
//! v(S) is computed by running the round's own engine ([`super::rounds::apply_round`], which
//! solves coupled rounds exactly) on a clone of the round with the causes outside S removed,
//! from the cap table before the round. The price is the round's: a round priced by its
//! post-money keeps the pre-money it had with every cause (removing an investment does not
//! move the valuation).
//!
//! The work is 2ⁿ runs of the round. With more than [`MAX_CAUSES`] causes, the smallest
//! investments and conversions (by money; then secondaries) are grouped into one cause
//! "other (k causes)", removed or kept together, so that at most [`MAX_CAUSES`] remain. (For a
//! pure priced round of independent investments no grouping would be needed in principle:
//! with the pre-money fixed, v(S) = units ÷ (total + Σ_{j∈S} shares_j), a function of one sum,
//! whose Shapley value has a closed form over the sizes; it is not used, grouping is simpler.)

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_rational::BigRational;
use num_traits::{One, Zero};
use rust_decimal::Decimal;

use super::arith::Overflow;
use super::rounds::{CapTable, RoundError, apply_round};
use crate::scenario::model::{
    AntiDilution, Basis, ConditionSet, InstrumentId, PartyId, Round, Scenario, Sizing, Terms,
};

/// At most this many causes are attributed separately (2¹² = 4,096 runs of the round).
pub const MAX_CAUSES: usize = 12;

/// One cause of a round's change, as the round gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseKind {
    /// `Round::investments[i]` (fixed money).
    Investment(usize),
    /// `Round::investments[i]` sized pro rata by the engine.
    ProRata(usize),
    PoolTopUp,
    /// An instrument converting in the round.
    Conversion(InstrumentId),
    /// `Round::secondaries[i]`.
    Secondary(usize),
    AntiDilution,
    Grants,
}

/// A cause of the bridge: one of the round's, or several grouped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub name: CauseName,
    /// 1, or n for the n-th cause of the round with the same name (two investments of one
    /// party), counted before grouping.
    pub repeat: usize,
    pub members: Vec<CauseKind>,
}

/// Who or what a cause is; report/ puts it in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseName {
    /// An investment sized pro rata, by this party.
    ProRata(PartyId),
    /// An investment of fixed money, by this party.
    Investment(PartyId),
    PoolTopUp,
    /// An instrument converting; `party` its holder (`None`: no such instrument).
    Conversion {
        instrument: InstrumentId,
        party: Option<PartyId>,
    },
    /// A secondary sale to this party.
    Secondary(PartyId),
    AntiDilution,
    Grants,
    /// This many causes grouped into one.
    Other(usize),
    /// What the round changes that no cause removes.
    Rest,
}

impl CauseName {
    /// Whether two causes bear the same name (a conversion is named by its holder).
    fn same(self, other: CauseName) -> bool {
        match (self, other) {
            (
                CauseName::Conversion { party: Some(a), .. },
                CauseName::Conversion { party: Some(b), .. },
            ) => a == b,
            _ => self == other,
        }
    }
}

/// One holder's line of the bridge (exact).
#[derive(Clone, Debug)]
pub struct HolderBridge {
    /// Index into `Scenario::parties`.
    pub party: usize,
    /// Fully diluted ownership before the round.
    pub before: BigRational,
    /// Fully diluted ownership after the round.
    pub after: BigRational,
    /// One part per cause of [`Bridge::causes`]; they add up exactly to `after − before`.
    pub parts: Vec<BigRational>,
}

/// Why a round has no bridge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The round itself fails (as the report would).
    Round(RoundError),
    /// The round cannot happen with these causes removed (grants larger than the pool without
    /// its top-up, a sale of shares not yet issued, …): v is not defined there, so neither is
    /// the Shapley value.
    Without {
        removed: Vec<Cause>,
        what: &'static str,
    },
}

impl From<RoundError> for Failure {
    fn from(error: RoundError) -> Self {
        Failure::Round(error)
    }
}

/// A round's dilution bridge.
#[derive(Clone, Debug)]
pub struct Bridge {
    pub causes: Vec<Cause>,
    /// How many of the round's causes were grouped into the last cause ("other"); 0: none.
    pub grouped: usize,
    pub holders: Vec<HolderBridge>,
}

/// The round's causes under the conditions in `state`, in file order: investments, pool,
/// conversions, secondaries, anti-dilution, grants. An investment that pays nothing in `state`
/// and a sale that does not happen are left out (they change nothing).
pub fn causes(
    scenario: &Scenario,
    round: &Round,
    state: ConditionSet,
) -> Result<Vec<Cause>, Overflow> {
    let mut causes = Vec::new();
    let mut push = |name: CauseName, kind: CauseKind| {
        causes.push(Cause {
            name,
            repeat: 1,
            members: vec![kind],
        });
    };
    for (i, investment) in round.investments.iter().enumerate() {
        if investment.sizing == Sizing::ProRata {
            push(CauseName::ProRata(investment.party), CauseKind::ProRata(i));
        } else if !super::rounds::paid(investment, state)?.is_zero() {
            push(
                CauseName::Investment(investment.party),
                CauseKind::Investment(i),
            );
        }
    }
    if round.pool.is_some() {
        push(CauseName::PoolTopUp, CauseKind::PoolTopUp);
    }
    for &k in &round.conversions {
        let party = scenario.instruments.get(k.index()).map(|i| i.party);
        push(
            CauseName::Conversion {
                instrument: k,
                party,
            },
            CauseKind::Conversion(k),
        );
    }
    for (i, sale) in round.secondaries.iter().enumerate() {
        if sale.happens(state) {
            push(CauseName::Secondary(sale.buyer), CauseKind::Secondary(i));
        }
    }
    if scenario.basis == Basis::Shares && scenario.has_anti_dilution() {
        push(CauseName::AntiDilution, CauseKind::AntiDilution);
    }
    if !round.grants.is_empty() {
        push(CauseName::Grants, CauseKind::Grants);
    }
    // The same name twice (two investments of one party) gets its order: "(2)", "(3)".
    let names: Vec<CauseName> = causes.iter().map(|c| c.name).collect();
    for (i, cause) in causes.iter_mut().enumerate() {
        cause.repeat += names[..i].iter().filter(|n| n.same(names[i])).count();
    }
    Ok(causes)
}

/// Groups the smallest causes into one "other" cause so that at most `max` remain (`max` ≥
/// 5: the pool, anti-dilution and grants are never grouped). Smallest: investments and
/// conversions by their money, then secondaries (in file order); ties keep file order.
/// Returns how many causes the group holds (0 when none was needed).
pub fn group(
    scenario: &Scenario,
    round: &Round,
    state: ConditionSet,
    causes: &mut Vec<Cause>,
    max: usize,
) -> Result<usize, Overflow> {
    if causes.len() <= max {
        return Ok(0);
    }
    let mut sized = Vec::new();
    for (at, cause) in causes.iter().enumerate() {
        let size = match cause.members.first() {
            Some(CauseKind::Investment(i)) => match round.investments.get(*i) {
                Some(investment) => Some(super::rounds::paid(investment, state)?),
                None => None,
            },
            Some(CauseKind::Conversion(k)) => scenario.instruments.get(k.index()).map(|i| i.amount),
            Some(CauseKind::ProRata(_) | CauseKind::Secondary(_)) => Some(Decimal::MAX),
            _ => None,
        };
        if let Some(size) = size {
            sized.push((size, at));
        }
    }
    sized.sort_by_key(|&(size, at)| (size, at));
    let take = (causes.len() + 1 - max).min(sized.len());
    let mut chosen: Vec<usize> = sized[..take].iter().map(|&(_, at)| at).collect();
    chosen.sort_unstable();
    let mut members = Vec::new();
    for &at in chosen.iter().rev() {
        members.splice(0..0, causes.remove(at).members);
    }
    causes.push(Cause {
        name: CauseName::Other(take),
        repeat: 1,
        members,
    });
    Ok(take)
}

/// An exact rational from a decimal.
fn rational(d: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(d.mantissa()),
        BigInt::from(10u8).pow(d.scale()),
    )
}

/// Each party's fully diluted ownership in `table`, exact.
fn ownership(table: &CapTable) -> Vec<BigRational> {
    let total = table
        .units
        .iter()
        .fold(BigRational::zero(), |sum, &u| sum + rational(u));
    table
        .units
        .iter()
        .map(|&u| {
            if total.is_zero() {
                BigRational::zero()
            } else {
                rational(u) / &total
            }
        })
        .collect()
}

/// The bridge of round `index` of `scenario` under the conditions in `state`, from `before`,
/// the cap table before the round. Rounds in value terms (stakes) are bridged the same way.
pub fn bridge(
    scenario: &Scenario,
    index: usize,
    state: ConditionSet,
    before: &CapTable,
) -> Result<Bridge, Failure> {
    let wrap = |overflow| RoundError::new(index, overflow);
    let round = scenario
        .rounds
        .get(index)
        .ok_or(wrap(Overflow::new("a round the scenario does not have")))?;
    let mut causes = causes(scenario, round, state).map_err(wrap)?;
    let grouped = group(scenario, round, state, &mut causes, MAX_CAUSES).map_err(wrap)?;
    let n = causes.len();

    // Every cause: the actual round, whose pre-money the others keep.
    let mut actual = before.clone();
    let figures = apply_round(scenario, index, state, &mut actual)?;
    let full: u32 = (1u32 << n) - 1;
    let mut with = scenario.clone();
    let mut without = scenario.clone();
    for class in &mut without.classes {
        class.anti_dilution = AntiDilution::None;
    }
    let mut worth: Vec<Vec<BigRational>> = Vec::with_capacity(1 << n);
    for subset in 0..=full {
        if subset == full {
            worth.push(ownership(&actual));
            continue;
        }
        let kept = |kind: CauseKind| {
            causes
                .iter()
                .enumerate()
                .find(|(_, c)| c.members.contains(&kind))
                .is_none_or(|(at, _)| subset >> at & 1 == 1)
        };
        let mut modified = round.clone();
        modified.investments = round
            .investments
            .iter()
            .enumerate()
            .filter(|&(i, _)| kept(CauseKind::Investment(i)) && kept(CauseKind::ProRata(i)))
            .map(|(_, i)| i.clone())
            .collect();
        if !kept(CauseKind::PoolTopUp) {
            modified.pool = None;
        }
        modified
            .conversions
            .retain(|&k| kept(CauseKind::Conversion(k)));
        modified.secondaries = round
            .secondaries
            .iter()
            .enumerate()
            .filter(|&(i, _)| kept(CauseKind::Secondary(i)))
            .map(|(_, s)| s.clone())
            .collect();
        if !kept(CauseKind::Grants) {
            modified.grants.clear();
        }
        if matches!(round.terms, Terms::PostMoney(_)) {
            modified.terms = Terms::PreMoney(figures.pre_money);
        }
        let game = if kept(CauseKind::AntiDilution) {
            &mut with
        } else {
            &mut without
        };
        let slot = game
            .rounds
            .get_mut(index)
            .ok_or(wrap(Overflow::new("a round the scenario does not have")))?;
        *slot = modified;
        let mut table = before.clone();
        if let Err(error) = apply_round(game, index, state, &mut table) {
            return Err(Failure::Without {
                removed: causes
                    .iter()
                    .enumerate()
                    .filter(|&(at, _)| subset >> at & 1 == 0)
                    .map(|(_, c)| c.clone())
                    .collect(),
                what: error.overflow.what,
            });
        }
        worth.push(ownership(&table));
    }

    // Shapley weights |S|! (n − |S| − 1)! ⁄ n! by the size of S, kept as the integers over n!.
    let factorial = |k: usize| (1..=k).fold(BigInt::one(), |f, i| f * BigInt::from(i));
    let weights: Vec<BigInt> = (0..n)
        .map(|s| factorial(s) * factorial(n - s - 1))
        .collect();
    let n_factorial = factorial(n);
    let start = ownership(before);
    let mut holders = Vec::new();
    for party in 0..scenario.parties.len() {
        let (Some(b), Some(a)) = (start.get(party), worth[full as usize].get(party)) else {
            continue;
        };
        if b.is_zero() && a.is_zero() {
            continue;
        }
        // φᵢ = Σₛ [w(s − 1) Aᵢ(s) − w(s) Bᵢ(s)], Aᵢ(s) the sum of v over the coalitions of size s
        // with i, Bᵢ(s) = all(s) − Aᵢ(s) those without: each v(S) is added n + 1 times, not
        // subtracted and multiplied n times. The sums are of integers: every v(S) written over
        // one common denominator L (the least common multiple of theirs), so no addition
        // reduces a fraction; adding the fractions themselves made every sum's denominator grow
        // and spent nearly all the time in gcds (2^12 coalitions: seconds). One fraction is
        // reduced per part, at the end.
        let mut common = BigInt::one();
        for subset in 0..=full {
            let denominator = worth[subset as usize][party].denom();
            let remainder = &common % denominator;
            let shared = denominator.gcd(&remainder);
            if !(denominator / &shared).is_one() {
                common *= denominator / shared;
            }
        }
        let mut all = vec![BigInt::zero(); n + 1];
        let mut with_i = vec![vec![BigInt::zero(); n + 1]; n];
        for subset in 0..=full {
            let value = &worth[subset as usize][party];
            if value.is_zero() {
                continue;
            }
            let scaled = value.numer() * (&common / value.denom());
            let size = subset.count_ones() as usize;
            for (i, sums) in with_i.iter_mut().enumerate() {
                if subset >> i & 1 == 1 {
                    sums[size] += &scaled;
                }
            }
            all[size] += scaled;
        }
        let denominator = &n_factorial * &common;
        let mut parts = Vec::with_capacity(n);
        for sums in &with_i {
            let mut part = BigInt::zero();
            for size in 0..=n {
                if size > 0 {
                    part += &weights[size - 1] * &sums[size];
                }
                if size < n {
                    part -= &weights[size] * (&all[size] - &sums[size]);
                }
            }
            parts.push(BigRational::new(part, denominator.clone()));
        }
        holders.push(HolderBridge {
            party,
            before: b.clone(),
            after: a.clone(),
            parts,
        });
    }
    // Whatever the round changes that no cause removes (v(∅) ≠ the table before) is its own
    // part, so that the parts still add up to the whole change.
    let rest: Vec<BigRational> = holders
        .iter()
        .map(|h| &worth[0][h.party] - &h.before)
        .collect();
    if rest.iter().any(|r| !r.is_zero()) {
        causes.push(Cause {
            name: CauseName::Rest,
            repeat: 1,
            members: Vec::new(),
        });
        for (h, r) in holders.iter_mut().zip(rest) {
            h.parts.push(r);
        }
    }
    Ok(Bridge {
        causes,
        grouped,
        holders,
    })
}

#[cfg(test)]
#[path = "bridge_tests.rs"]
mod tests;
