//! Exit waterfalls: who receives what when the company is sold for a given value.
//!
//! The claimants are the preferred classes, common, and the SAFEs and notes still outstanding
//! (never converted). For a given choice of which classes convert (a *profile*), the value is
//! paid in this order:
//!
//! 1. Seniority levels from the highest down (outstanding notes above every class): each level's
//!    claims (a class's preference multiple × the money invested in it, or for a shadow series
//!    × its shares × its conversion price; a SAFE's amount; a note's principal and interest) are paid in full or, when the money runs out, pro rata to the
//!    claims. A class that converts has no claim.
//! 2. The rest goes pro rata to units as converted: common, converted classes and SAFEs, and
//!    participating classes that did not convert. A capped participating class receives at
//!    most `cap × invested` in total; what it would get beyond that goes to the others
//!    (water-filling: the class with the lowest `room ÷ units` fills first). Only if every
//!    participant is capped is the excess shared pro rata to units regardless of caps.
//!
//! Each preferred class, and each outstanding SAFE with a cap, chooses to convert or not. The
//! result is a *stable* profile: no chooser receives strictly more by switching alone. Every
//! profile is enumerated (at most 2^[`MAX_CHOOSERS`]); among the stable ones the one with the
//! fewest conversions is taken (ties: the one whose converting classes come first in file
//! order), so a class converts only when converting pays it strictly more.
//!
//! Options and warrants (holders with `kind = "option" | "warrant"`) are claimants of their own,
//! each with a strike. For a given profile they are exercised only when in the money (the
//! common payout per share strictly above the strike), by cash exercise: the exercise money
//! joins the value distributed and the exercised shares share the residual; the holder's payout
//! is its share less the strike. See [`Waterfall::pay`] for why the exercised set is unique.
//!
//! Breakpoints are found by following the stable profile upward from zero: for the current
//! profile, the next exit value where a level is covered or a cap is reached is closed form,
//! and where some chooser starts to gain by switching is the root of a difference of two
//! linear functions on each piece between those points.

use rust_decimal::Decimal;

use super::arith::{self, Checked, Overflow};
use super::conversion::{effective_terms, with_interest};
use super::rounds::CapTable;
use crate::scenario::id;
use crate::scenario::model::{
    ClassId, Date, InstrumentId, InstrumentKind, PartyId, PositionId, Scenario,
};

/// Most claimants that choose whether to convert (preferred classes and capped SAFEs).
pub const MAX_CHOOSERS: usize = 10;

/// Breakpoints are reported to this many decimal places of the currency unit (a root of a
/// linear piece is computed in 28 significant digits; 10^-12 hides the last-digit noise).
pub const BREAKPOINT_DECIMALS: u32 = 12;

/// What kind of claimant a waterfall row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Common,
    Preferred(ClassId),
    Safe(InstrumentId),
    Note(InstrumentId),
    /// An option or warrant holder.
    Option(PartyId),
}

/// One claimant: a class, common, or one outstanding instrument.
#[derive(Clone, Debug)]
pub struct Claimant {
    pub kind: Kind,
    /// The class name shown: a `[class.NAME]`, `common`, `safe` or `note`.
    pub class: String,
    pub invested: Decimal,
    /// The claim paid before the residual when not converted.
    pub preference: Decimal,
    /// Units as converted (common-equivalent shares); zero for notes.
    pub units: Decimal,
    pub participating: bool,
    /// Total payout cap (`cap × invested`) of a capped participating class.
    pub cap: Option<Decimal>,
    pub seniority: i64,
    /// Whether it may convert.
    pub chooser: bool,
    /// An option's or warrant's exercise price per share: it shares the residual only when
    /// exercised, and pays `units × strike` to exercise.
    pub strike: Option<Decimal>,
}

impl Claimant {
    /// Participation room under the cap: cap − preference, never below zero.
    fn room(&self) -> Option<Decimal> {
        self.cap
            .map(|cap| cap.saturating_sub(self.preference).max(Decimal::ZERO))
    }
}

/// A holder's share of one claimant: of its preference by `preference_weight`, of its residual
/// by `unit_weight` (each over the claimant's total).
#[derive(Clone, Debug)]
pub struct Part {
    pub claimant: usize,
    pub preference_weight: Decimal,
    pub unit_weight: Decimal,
}

/// One row of the payout table: a party in one class.
#[derive(Clone, Debug)]
pub struct Holder {
    pub party: PartyId,
    pub class: String,
    pub invested: Decimal,
    pub parts: Vec<Part>,
}

/// The waterfall of a scenario after its last round.
#[derive(Clone, Debug)]
pub struct Waterfall {
    pub claimants: Vec<Claimant>,
    pub holders: Vec<Holder>,
    /// Claimant indices of the choosers; bit `i` of a profile is `choosers[i]`.
    pub choosers: Vec<usize>,
    /// Claimant indices by seniority level, highest first (common and options are in none).
    levels: Vec<Vec<usize>>,
    /// Option and warrant claimants by strike, lowest first (ties in file order).
    options: Vec<usize>,
    /// Per claimant, the total of its holders' preference and unit weights.
    weights: Vec<(Decimal, Decimal)>,
    /// The date notes accrue interest to.
    pub date: Option<Date>,
}

/// Why an exit cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitError {
    Overflow(Overflow),
    /// More choosers than can be enumerated.
    TooManyChoosers(usize),
    /// Post-money SAFE caps claim the whole liquidity capitalization.
    SafesClaimEverything,
    /// No profile is stable at this value.
    NoStableChoice(Decimal),
    /// Money is left with nobody to receive it.
    NobodyToPay(Decimal),
}

impl From<Overflow> for ExitError {
    fn from(overflow: Overflow) -> Self {
        ExitError::Overflow(overflow)
    }
}

/// What one claimant receives at one exit value under one profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pay {
    /// Paid on its preference (claim).
    pub preference: Decimal,
    /// Paid from the residual, as converted or participating.
    pub residual: Decimal,
}

impl Pay {
    /// Both parts are at most the exit value, so their sum fits.
    pub fn total(self) -> Decimal {
        self.preference.saturating_add(self.residual)
    }
}

/// A claimant's regime at an exit value, for breakpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    Nothing,
    PartPreference,
    /// Preference paid in full, not sharing the residual.
    Preference,
    /// Preference paid (if any) and sharing the residual.
    Participating,
    /// At its participation cap.
    Capped,
    Converted,
}

/// A payout at one exit.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub value: Decimal,
    /// The stable profile (bit i = choosers[i] converts).
    pub profile: u32,
    pub claimants: Vec<Pay>,
    pub regimes: Vec<Regime>,
    /// Per holder: the exact payout and the payout in whole cents (net of any strike paid).
    pub holders: Vec<(Decimal, Decimal)>,
    /// Per claimant: the exercise money paid (an exercised option's `units × strike`; zero
    /// for every other claimant and for options not exercised).
    pub costs: Vec<Decimal>,
    /// Per claimant: whether it is an option or warrant that was exercised.
    pub exercised: Vec<bool>,
}

impl Outcome {
    /// Whether claimant `i` is an option or warrant that was exercised.
    pub fn exercised(&self, i: usize) -> bool {
        self.exercised.get(i).copied().unwrap_or(false)
    }

    /// Claimant `i`'s payout net of the exercise money it paid.
    pub fn net(&self, i: usize) -> Decimal {
        self.claimants[i].total().saturating_sub(self.costs[i])
    }
}

// ----- figures an exit report shows, derived from an outcome ---------------------------------

/// Payouts together (a class's, from its claimants' net payouts or its holders' cents): Σ payout.
pub fn total_payout(payouts: impl IntoIterator<Item = Decimal>) -> Checked<Decimal> {
    arith::sum(payouts, "a class payout")
}

/// Money invested together (a class's claimants', every holder's): Σ invested.
pub fn total_invested(invested: impl IntoIterator<Item = Decimal>) -> Checked<Decimal> {
    arith::sum(invested, "money invested")
}

/// A holder's payout before it paid its options' strike: payout + strike cost.
pub fn gross_payout(payout: Decimal, strike_cost: Decimal) -> Checked<Decimal> {
    arith::add(payout, strike_cost, "a gross payout")
}

/// What a payout returns on the money invested: payout ÷ invested (`None` for a holder that
/// invested nothing).
pub fn multiple(payout: Decimal, invested: Decimal) -> Checked<Option<Decimal>> {
    (!invested.is_zero())
        .then(|| arith::div(payout, invested, "a multiple"))
        .transpose()
}

/// An exit value where some claimant's regime changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    pub value: Decimal,
    pub claimant: usize,
    pub from: Regime,
    pub to: Regime,
}

impl Waterfall {
    /// The waterfall after the last round, from the final cap table; `date` is when
    /// outstanding notes stop accruing interest.
    pub fn new(
        scenario: &Scenario,
        table: &CapTable,
        date: Option<Date>,
    ) -> Result<Self, ExitError> {
        let mut claimants = vec![Claimant {
            kind: Kind::Common,
            class: "common".into(),
            invested: Decimal::ZERO,
            preference: Decimal::ZERO,
            units: Decimal::ZERO,
            participating: true,
            cap: None,
            seniority: i64::MIN,
            chooser: false,
            strike: None,
        }];
        for (c, class) in id::enumerate::<ClassId, _>(&scenario.classes) {
            claimants.push(Claimant {
                kind: Kind::Preferred(c),
                class: class.name.clone(),
                invested: Decimal::ZERO,
                preference: Decimal::ZERO,
                units: Decimal::ZERO,
                participating: class.participating,
                cap: None,
                seniority: class.seniority,
                chooser: true,
                strike: None,
            });
        }
        // Holders by position, the unallocated pool left out: it receives nothing.
        let mut holders: Vec<Holder> = Vec::new();
        for (i, position) in id::enumerate::<PositionId, _>(&scenario.positions) {
            if scenario.parties[position.party].pool {
                continue;
            }
            let (units, invested) = (table.position_units[i], table.position_invested[i]);
            // The money the class's preference is on: the money invested, unless a secondary
            // moved shares (the preference goes with them; the money invested stays).
            let preference = table
                .position_preference
                .get(i)
                .copied()
                .unwrap_or(invested);
            if units.is_zero() && invested.is_zero() && preference.is_zero() {
                continue;
            }
            let party = &scenario.parties[position.party];
            let claimant = match party.kind.strike() {
                // An option or warrant: a claimant of its own (validation keeps it in common).
                Some(strike) => {
                    claimants.push(Claimant {
                        kind: Kind::Option(position.party),
                        class: party.kind.as_str().into(),
                        invested: Decimal::ZERO,
                        preference: Decimal::ZERO,
                        units: Decimal::ZERO,
                        participating: false,
                        cap: None,
                        seniority: i64::MIN,
                        chooser: false,
                        strike: Some(strike),
                    });
                    claimants.len() - 1
                }
                None => position.class.map_or(0, |c| c.index() + 1),
            };
            let row = &mut claimants[claimant];
            row.units = arith::add(row.units, units, "shares at exit")?;
            row.invested = arith::add(row.invested, preference, "money invested")?;
            let class = if party.is_option() {
                party.kind.as_str()
            } else {
                scenario.class_name(position.class)
            };
            holders.push(Holder {
                party: position.party,
                class: class.to_string(),
                invested,
                parts: vec![Part {
                    claimant,
                    preference_weight: preference,
                    unit_weight: units,
                }],
            });
        }
        // Option shares are not outstanding shares of the liquidity capitalization below; they
        // are counted once exercised.
        let totals = table.class_totals(scenario)?;
        for (c, class) in id::enumerate::<ClassId, _>(&scenario.classes) {
            let row = &mut claimants[c.index() + 1];
            // A shadow series' preference is on its shares × its original issue price (the
            // conversion price), not on the money converted; a class's on its money.
            let issue_price = table.series_issue.get(c).copied().unwrap_or(Decimal::ZERO);
            let basis = if class.shadow.is_some() && !issue_price.is_zero() {
                arith::mul(totals[c].1, issue_price, "a shadow series' issue value")?
            } else {
                row.invested
            };
            row.preference = arith::mul(class.preference, basis, "a preference")?;
            row.cap = class
                .cap
                .map(|cap| arith::mul(cap, basis, "a participation cap"))
                .transpose()?;
        }
        // Outstanding instruments, each its own claimant. The liquidity capitalization counts
        // options and warrants: the YC post-money SAFE's "Liquidity Capitalization" "Includes
        // all (i) issued and outstanding Options" and "Excludes the Unissued Option Pool".
        let base = arith::sum(
            claimants.iter().map(|c| c.units),
            "the liquidity capitalization",
        )?;
        let mut post_money_share = Decimal::ZERO;
        for (k, instrument) in id::enumerate::<InstrumentId, _>(&scenario.instruments) {
            if instrument.round.is_some() {
                continue;
            }
            let share = match (instrument.kind(), effective_terms(scenario, k)) {
                (InstrumentKind::FixedPercentage(fraction), _) => fraction,
                (InstrumentKind::PostMoneySafe, (Some(cap), _)) => {
                    arith::div(instrument.amount, cap, "a SAFE's share")?
                }
                _ => continue,
            };
            post_money_share = arith::add(post_money_share, share, "SAFE shares")?;
        }
        let post_capitalization = if post_money_share.is_zero() {
            base
        } else if post_money_share >= Decimal::ONE {
            return Err(ExitError::SafesClaimEverything);
        } else {
            arith::div(
                base,
                arith::sub(Decimal::ONE, post_money_share, "SAFE shares")?,
                "the liquidity capitalization",
            )?
        };
        let lowest = scenario
            .classes
            .iter()
            .map(|c| c.seniority)
            .min()
            .unwrap_or(0);
        for (k, instrument) in id::enumerate::<InstrumentId, _>(&scenario.instruments) {
            if instrument.round.is_some() {
                continue;
            }
            let party = instrument.party;
            let (kind, class, claim, units, seniority, chooser) = match instrument.kind() {
                InstrumentKind::Note => (
                    Kind::Note(k),
                    "note",
                    with_interest(instrument, date)?,
                    Decimal::ZERO,
                    i64::MAX,
                    false,
                ),
                safe => {
                    let (cap, _) = effective_terms(scenario, k);
                    let capitalization = if safe.on_capitalization() {
                        post_capitalization
                    } else {
                        base
                    };
                    let units = if let InstrumentKind::FixedPercentage(fraction) = safe {
                        Some(arith::mul(
                            fraction,
                            post_capitalization,
                            "a SAFE's shares",
                        )?)
                    } else {
                        cap.map(|cap| {
                            arith::mul_div(
                                instrument.amount,
                                capitalization,
                                cap,
                                "a SAFE's shares",
                            )
                        })
                        .transpose()?
                    };
                    let chooser = units.is_some();
                    let units = units.unwrap_or(Decimal::ZERO);
                    let seniority = scenario
                        .classes
                        .iter()
                        .find(|c| c.name == instrument.class)
                        .map_or(lowest, |c| c.seniority);
                    (
                        Kind::Safe(k),
                        "safe",
                        instrument.amount,
                        units,
                        seniority,
                        chooser,
                    )
                }
            };
            claimants.push(Claimant {
                kind,
                class: class.into(),
                invested: instrument.amount,
                preference: claim,
                units,
                participating: false,
                cap: None,
                seniority,
                chooser,
                strike: None,
            });
            let claimant = claimants.len() - 1;
            let part = Part {
                claimant,
                preference_weight: Decimal::ONE,
                unit_weight: Decimal::ONE,
            };
            match holders
                .iter_mut()
                .find(|h| h.party == party && h.class == class)
            {
                Some(holder) => {
                    holder.invested =
                        arith::add(holder.invested, instrument.amount, "money invested")?;
                    holder.parts.push(part);
                }
                None => holders.push(Holder {
                    party,
                    class: class.into(),
                    invested: instrument.amount,
                    parts: vec![part],
                }),
            }
        }
        let choosers: Vec<usize> = claimants
            .iter()
            .enumerate()
            .filter(|(_, c)| c.chooser && (c.units > Decimal::ZERO || c.preference > Decimal::ZERO))
            .map(|(i, _)| i)
            .collect();
        if choosers.len() > MAX_CHOOSERS {
            return Err(ExitError::TooManyChoosers(choosers.len()));
        }
        let mut options: Vec<usize> = (0..claimants.len())
            .filter(|&i| claimants[i].strike.is_some() && claimants[i].units > Decimal::ZERO)
            .collect();
        options.sort_by_key(|&i| (claimants[i].strike, i));
        let mut seniorities: Vec<i64> = claimants[1..]
            .iter()
            .filter(|c| c.strike.is_none())
            .map(|c| c.seniority)
            .collect();
        seniorities.sort_unstable_by(|a, b| b.cmp(a));
        seniorities.dedup();
        let levels = seniorities
            .iter()
            .map(|&s| {
                (1..claimants.len())
                    .filter(|&i| claimants[i].seniority == s && claimants[i].strike.is_none())
                    .collect()
            })
            .collect();
        let mut weights = vec![(Decimal::ZERO, Decimal::ZERO); claimants.len()];
        for holder in &holders {
            for part in &holder.parts {
                let w = &mut weights[part.claimant];
                w.0 = arith::add(w.0, part.preference_weight, "weights")?;
                w.1 = arith::add(w.1, part.unit_weight, "weights")?;
            }
        }
        Ok(Waterfall {
            claimants,
            holders,
            choosers,
            levels,
            options,
            weights,
            date,
        })
    }

    fn converts(&self, profile: u32, claimant: usize) -> bool {
        self.choosers
            .iter()
            .position(|&c| c == claimant)
            .is_some_and(|bit| profile >> bit & 1 == 1)
    }

    /// Exercise money of option claimant `i`: its shares × its strike.
    fn cost(&self, i: usize) -> Checked<Decimal> {
        let c = &self.claimants[i];
        arith::mul(
            c.units,
            c.strike.unwrap_or(Decimal::ZERO),
            "an option's exercise money",
        )
    }

    /// Every claimant's pay at `value` under `profile`, and the money nobody could receive.
    /// An exercised option's pay is gross: what its shares receive, before its strike.
    ///
    /// The options exercised are found here, for this profile. They are taken by strike,
    /// lowest first, and each is exercised while it strictly gains by it: its gross with it
    /// exercised exceeds its exercise money (gains below [`tolerance`] are ties, and a tie is
    /// not exercised). The set found is the only consistent one (every exercised option is in
    /// the money at the resulting common price, and none left out is):
    ///
    /// - Exercising `n` shares at strike `k` adds `n·k` to the value and `n` uncapped units to
    ///   the residual. If the residual's water level (the payout per uncapped unit, common's
    ///   price per share) was `p`, the new level `p'` solves `F(p') + n·p' = R + n·k`, where
    ///   `F` (what the other participants take at a level, non-decreasing) had `F(p) = R`; so
    ///   `p'` lies between `k` and `p` (for plain pro rata it is the mediant
    ///   `(R + n·k) ÷ (U + n)`). Hence the option gains (`p' > k`) exactly when `p > k`: when
    ///   it was in the money before it was exercised.
    /// - So a consistent set is a prefix of the options by strike (if one is in the money at
    ///   the final price, so is every lower strike). Walking up: while the next strike is below
    ///   the current price it is exercised and the price stays above it; the first strike at or
    ///   above the price stays out, and exercising stops there for good, because from then on
    ///   each price is at most that strike, at most every higher one. The walk's stopping
    ///   point is therefore the one prefix that is consistent.
    pub fn pay(&self, profile: u32, value: Decimal) -> Checked<(Vec<Pay>, Decimal)> {
        let mut exercised = vec![false; self.claimants.len()];
        let mut best = self.pay_exercised(profile, value, &exercised)?;
        let mut cash = Decimal::ZERO;
        let tolerance = tolerance(value);
        for &o in &self.options {
            let cost = self.cost(o)?;
            let with = arith::add(cash, cost, "exercise money")?;
            exercised[o] = true;
            let trial = self.pay_exercised(
                profile,
                arith::add(value, with, "value and exercise money")?,
                &exercised,
            )?;
            if trial.0[o].residual.saturating_sub(cost) > tolerance {
                best = trial;
                cash = with;
            } else {
                exercised[o] = false;
                break;
            }
        }
        Ok(best)
    }

    /// [`Waterfall::pay`] with a given set of exercised options, at `value` (their exercise
    /// money included).
    fn pay_exercised(
        &self,
        profile: u32,
        value: Decimal,
        exercised: &[bool],
    ) -> Checked<(Vec<Pay>, Decimal)> {
        let n = self.claimants.len();
        let mut pay = vec![Pay::default(); n];
        let converted: Vec<bool> = (0..n).map(|i| self.converts(profile, i)).collect();
        let mut remaining = value;
        for level in &self.levels {
            let claims = arith::sum(
                level
                    .iter()
                    .filter(|&&i| !converted[i])
                    .map(|&i| self.claimants[i].preference),
                "a level's claims",
            )?;
            if claims.is_zero() {
                continue;
            }
            if remaining >= claims {
                for &i in level.iter().filter(|&&i| !converted[i]) {
                    pay[i].preference = self.claimants[i].preference;
                }
                remaining = arith::sub(remaining, claims, "the rest")?;
            } else {
                for &i in level.iter().filter(|&&i| !converted[i]) {
                    pay[i].preference = arith::mul_div(
                        self.claimants[i].preference,
                        remaining,
                        claims,
                        "a preference paid",
                    )?;
                }
                remaining = Decimal::ZERO;
            }
        }
        // The residual, water-filled under participation caps.
        let participants: Vec<usize> = (0..n)
            .filter(|&i| {
                let c = &self.claimants[i];
                c.units > Decimal::ZERO && (converted[i] || c.participating || exercised[i])
            })
            .collect();
        let mut active: Vec<usize> = participants.clone();
        let mut left = remaining;
        loop {
            if left.is_zero() || active.is_empty() {
                break;
            }
            let weight = arith::sum(active.iter().map(|&i| self.claimants[i].units), "units")?;
            // The capped participant that fills first, if it fills at this price.
            let mut first: Option<(usize, Decimal)> = None;
            for (slot, &i) in active.iter().enumerate() {
                if converted[i] {
                    continue;
                }
                if let Some(room) = self.claimants[i].room() {
                    let fill = arith::mul_div(room, weight, self.claimants[i].units, "a cap")?;
                    if fill < left && first.is_none_or(|(_, f)| fill < f) {
                        first = Some((slot, fill));
                    }
                }
            }
            match first {
                Some((slot, _)) => {
                    let i = active.remove(slot);
                    let room = self.claimants[i].room().unwrap_or(Decimal::ZERO);
                    pay[i].residual = room;
                    left = arith::sub(left, room, "the rest")?;
                }
                None => {
                    for &i in &active {
                        pay[i].residual = arith::mul_div(
                            self.claimants[i].units,
                            left,
                            weight,
                            "a share of the rest",
                        )?;
                    }
                    left = Decimal::ZERO;
                }
            }
        }
        if left > Decimal::ZERO && !participants.is_empty() {
            // Every participant is at its cap: the excess is shared pro rata to units.
            let weight = arith::sum(
                participants.iter().map(|&i| self.claimants[i].units),
                "units",
            )?;
            for &i in &participants {
                let extra =
                    arith::mul_div(self.claimants[i].units, left, weight, "a share of the rest")?;
                pay[i].residual = arith::add(pay[i].residual, extra, "a share of the rest")?;
            }
            left = Decimal::ZERO;
        }
        Ok((pay, left))
    }

    /// The stable profile at `value`: fewest conversions, then lowest bits.
    pub fn stable_profile(&self, value: Decimal) -> Result<u32, ExitError> {
        let count = 1u32 << self.choosers.len();
        let mut payoffs: Vec<Vec<Decimal>> = Vec::with_capacity(count as usize);
        for profile in 0..count {
            let (pay, _) = self.pay(profile, value)?;
            payoffs.push(self.choosers.iter().map(|&c| pay[c].total()).collect());
        }
        let tolerance = tolerance(value);
        let stable = |profile: u32| {
            (0..self.choosers.len()).all(|bit| {
                let other = profile ^ (1 << bit);
                payoffs[other as usize][bit]
                    <= payoffs[profile as usize][bit].saturating_add(tolerance)
            })
        };
        (0..count)
            .filter(|&p| stable(p))
            .min_by_key(|&p| (p.count_ones(), p))
            .ok_or(ExitError::NoStableChoice(value))
    }

    /// The payout at one exit value.
    pub fn outcome(&self, value: Decimal) -> Result<Outcome, ExitError> {
        let profile = self.stable_profile(value)?;
        let (pay, left) = self.pay(profile, value)?;
        if left > tolerance(value) {
            return Err(ExitError::NobodyToPay(left));
        }
        let regimes = self.regimes(profile, &pay);
        // An option shares the residual only when exercised (and then receives more than its
        // exercise money, so something).
        let mut costs = vec![Decimal::ZERO; self.claimants.len()];
        let mut exercised = vec![false; self.claimants.len()];
        for &o in &self.options {
            if pay[o].residual > Decimal::ZERO {
                costs[o] = self.cost(o)?;
                exercised[o] = true;
            }
        }
        let mut exact = Vec::with_capacity(self.holders.len());
        for holder in &self.holders {
            let mut total = Decimal::ZERO;
            for part in &holder.parts {
                let (pref_total, unit_total) = self.weights[part.claimant];
                let p = pay[part.claimant];
                if !p.preference.is_zero() && !pref_total.is_zero() {
                    total = arith::add(
                        total,
                        arith::mul_div(
                            p.preference,
                            part.preference_weight,
                            pref_total,
                            "a payout",
                        )?,
                        "a payout",
                    )?;
                }
                if !p.residual.is_zero() && !unit_total.is_zero() {
                    total = arith::add(
                        total,
                        arith::mul_div(p.residual, part.unit_weight, unit_total, "a payout")?,
                        "a payout",
                    )?;
                }
                // An option claimant has one holder: it pays the whole exercise money.
                if !costs[part.claimant].is_zero() {
                    total = arith::sub(total, costs[part.claimant], "a payout net of strike")?;
                }
            }
            exact.push(total);
        }
        let cents = to_cents(value, &exact)?;
        Ok(Outcome {
            value,
            profile,
            claimants: pay,
            regimes,
            holders: exact.into_iter().zip(cents).collect(),
            costs,
            exercised,
        })
    }

    /// Whether holder `h` converted under `profile`.
    pub fn holder_converted(&self, profile: u32, h: usize) -> bool {
        self.holders[h]
            .parts
            .iter()
            .any(|p| self.converts(profile, p.claimant))
    }

    /// Whether claimant `i` converted under `profile`.
    pub fn claimant_converted(&self, profile: u32, i: usize) -> bool {
        self.converts(profile, i)
    }

    fn regimes(&self, profile: u32, pay: &[Pay]) -> Vec<Regime> {
        self.claimants
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let p = pay[i];
                if self.converts(profile, i) {
                    Regime::Converted
                } else if p.preference < c.preference {
                    if p.preference.is_zero() {
                        Regime::Nothing
                    } else {
                        Regime::PartPreference
                    }
                } else if p.residual.is_zero() {
                    if c.preference.is_zero() {
                        Regime::Nothing
                    } else {
                        Regime::Preference
                    }
                } else if c.room().is_some_and(|room| p.residual >= room) {
                    Regime::Capped
                } else {
                    Regime::Participating
                }
            })
            .collect()
    }

    /// Exit values where the payout of some claimant under `profile` changes slope.
    fn kinks(&self, profile: u32) -> Checked<Vec<Decimal>> {
        let mut kinks = Vec::new();
        let mut covered = Decimal::ZERO;
        for level in &self.levels {
            let claims = arith::sum(
                level
                    .iter()
                    .filter(|&&i| !self.converts(profile, i))
                    .map(|&i| self.claimants[i].preference),
                "a level's claims",
            )?;
            if !claims.is_zero() {
                covered = arith::add(covered, claims, "claims")?;
                kinks.push(covered);
            }
        }
        let participants: Vec<usize> = (0..self.claimants.len())
            .filter(|&i| {
                let c = &self.claimants[i];
                c.units > Decimal::ZERO && (self.converts(profile, i) || c.participating)
            })
            .collect();
        // The room a participant has under its cap, unless it converted.
        let room = |i: usize| {
            (!self.converts(profile, i))
                .then(|| self.claimants[i].room())
                .flatten()
        };
        // The exit value at which the payout per uncapped unit (common's price per share) is
        // `price`: every claim covered, each participant at min(units × price, its room), and
        // each option struck below `price` exercised, adding units × (price − strike) net
        // (its shares take units × price of a residual its exercise money grew by
        // units × strike).
        let value_at = |price: Decimal| -> Checked<Decimal> {
            let mut value = covered;
            for &j in &participants {
                let full = arith::mul(self.claimants[j].units, price, "a residual")?;
                let share = room(j).map_or(full, |r| full.min(r));
                value = arith::add(value, share, "a residual")?;
            }
            for &o in &self.options {
                let strike = self.claimants[o].strike.unwrap_or(Decimal::ZERO);
                if strike < price {
                    let gain = arith::mul(
                        self.claimants[o].units,
                        arith::sub(price, strike, "a price above a strike")?,
                        "an option's residual",
                    )?;
                    value = arith::add(value, gain, "a residual")?;
                }
            }
            Ok(value)
        };
        for &i in &participants {
            let Some(limit) = room(i) else {
                continue;
            };
            // The value at which the price per unit reaches this participant's cap.
            let price = arith::div(limit, self.claimants[i].units, "a cap price")?;
            kinks.push(value_at(price)?);
        }
        // Each strike: the value at which common's price per share equals it.
        for &o in &self.options {
            kinks.push(value_at(self.claimants[o].strike.unwrap_or(Decimal::ZERO))?);
        }
        kinks.sort();
        kinks.dedup();
        Ok(kinks)
    }

    /// Every exit value where some claimant's regime changes, in increasing order.
    pub fn breakpoints(&self) -> Result<Vec<Breakpoint>, ExitError> {
        let mut found = Vec::new();
        let mut at = Decimal::ZERO;
        let mut profile = self.stable_profile(nudge(at))?;
        // Each step passes at least one kink or conversion; the bound only guards a loop.
        let limit = 8 * (self.claimants.len() + self.levels.len() + 2) * (self.choosers.len() + 1);
        for _ in 0..limit {
            let mut next: Option<Decimal> = None;
            let mut consider = |v: Decimal| {
                if v > nudge(at) && next.is_none_or(|n| v < n) {
                    next = Some(v);
                }
            };
            let kinks = self.kinks(profile)?;
            for &k in &kinks {
                consider(k);
            }
            for bit in 0..self.choosers.len() {
                if let Some(v) = self.first_gain(profile, bit, at, &kinks)? {
                    consider(v);
                }
            }
            let Some(event) = next else {
                break;
            };
            let before = back(event).max(midpoint(at, event));
            let (pay_before, _) = self.pay(profile, before)?;
            let regimes_before = self.regimes(profile, &pay_before);
            let after = nudge(event);
            let next_profile = self.stable_profile(after)?;
            let (pay_after, _) = self.pay(next_profile, after)?;
            let regimes_after = self.regimes(next_profile, &pay_after);
            for (i, (from, to)) in regimes_before.iter().zip(&regimes_after).enumerate() {
                if from != to && reportable(*from, *to) {
                    found.push(Breakpoint {
                        value: event.round_dp(BREAKPOINT_DECIMALS),
                        claimant: i,
                        from: *from,
                        to: *to,
                    });
                }
            }
            at = event;
            profile = next_profile;
        }
        Ok(found)
    }

    /// The first exit value above `at` where chooser `bit` would receive strictly more by
    /// switching from `profile`.
    fn first_gain(
        &self,
        profile: u32,
        bit: usize,
        at: Decimal,
        kinks: &[Decimal],
    ) -> Result<Option<Decimal>, ExitError> {
        let other = profile ^ (1 << bit);
        let claimant = self.choosers[bit];
        let gain = |v: Decimal| -> Checked<Decimal> {
            let (mine, _) = self.pay(profile, v)?;
            let (theirs, _) = self.pay(other, v)?;
            arith::sub(theirs[claimant].total(), mine[claimant].total(), "a gain")
        };
        let mut points: Vec<Decimal> = kinks.to_vec();
        points.extend(self.kinks(other)?);
        let start = nudge(at);
        points.retain(|&p| p > start);
        points.push(start);
        points.sort();
        points.dedup();
        let last = *points.last().unwrap_or(&start);
        points.push(
            last.saturating_mul(Decimal::TWO)
                .saturating_add(Decimal::ONE),
        );
        let end = *points.last().unwrap_or(&start);
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (ga, gb) = (gain(a)?, gain(b)?);
            if ga > tolerance(a) {
                return Ok(Some(a));
            }
            // Linear on [a, b], and beyond b on the last piece.
            let rise = gb.saturating_sub(ga);
            if rise <= Decimal::ZERO || !(gb > tolerance(b) || b == end) {
                continue;
            }
            // The zero of ga + rise × (v − a) ÷ (b − a); too far to compute is no root.
            let root = b
                .checked_sub(a)
                .and_then(|width| arith::mul_div(width, -ga, rise, "a root").ok())
                .and_then(|offset| a.checked_add(offset));
            if let Some(root) = root
                && root > at
            {
                return Ok(Some(root));
            }
        }
        Ok(None)
    }
}

/// Whether a regime change is worth a breakpoint: a preference starting to be paid is the same
/// point as the senior one being covered, and is left out.
fn reportable(from: Regime, to: Regime) -> bool {
    !(from == Regime::Nothing && to == Regime::PartPreference)
}

/// Gains smaller than this are rounding, not a reason to switch.
fn tolerance(value: Decimal) -> Decimal {
    value
        .abs()
        .max(Decimal::ONE)
        .saturating_mul(Decimal::new(1, 21))
}

/// A point just above `v`, inside the next piece (relative step 10^-15).
fn nudge(v: Decimal) -> Decimal {
    v.saturating_add(
        v.abs()
            .max(Decimal::ONE)
            .saturating_mul(Decimal::new(1, 15)),
    )
}

/// A point just below `v`.
fn back(v: Decimal) -> Decimal {
    v.saturating_sub(
        v.abs()
            .max(Decimal::ONE)
            .saturating_mul(Decimal::new(1, 15)),
    )
}

/// Halfway between `a` and `b` (`a ≤ b`, both non-negative).
fn midpoint(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(
        b.saturating_sub(a)
            .checked_div(Decimal::TWO)
            .unwrap_or(Decimal::ZERO),
    )
}

/// Whole-cent payouts summing exactly to `value` (itself in whole cents): each exact payout is
/// rounded down to the cent, then the cents left over go one each to the largest fractional
/// remainders, ties to the earlier holder.
pub fn to_cents(value: Decimal, exact: &[Decimal]) -> Checked<Vec<Decimal>> {
    let cent = Decimal::new(1, 2);
    let mut floors = Vec::with_capacity(exact.len());
    let mut remainders = Vec::with_capacity(exact.len());
    for &payout in exact {
        let floor = payout
            .max(Decimal::ZERO)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        remainders.push(arith::sub(payout, floor, "a remainder")?);
        floors.push(floor);
    }
    let total = arith::sum(floors.iter().copied(), "payouts")?;
    let left = arith::div(arith::sub(value, total, "cents left")?, cent, "cents left")?;
    let Ok(left) = usize::try_from(left.trunc().mantissa().max(0)) else {
        return Err(Overflow::new("cents left"));
    };
    if left > exact.len() {
        return Err(Overflow::new(
            "the payouts (they do not add up to the exit value)",
        ));
    }
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    for &i in order.iter().take(left) {
        floors[i] = arith::add(floors[i], cent, "a payout")?;
    }
    Ok(floors)
}

#[cfg(test)]
#[path = "exit_tests.rs"]
mod tests;
