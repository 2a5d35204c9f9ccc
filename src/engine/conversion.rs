//! Rounds whose price, option-pool top-up, conversions and pro-rata investments depend on each
//! other, solved together.
//!
//! Order of operations (documented for users in `docs/scenario-format.md`):
//! 1. Each converting note's amount is its principal plus simple interest, actual/365, from
//!    `issued` to the round's `date`. An MFN SAFE takes the lowest cap and largest discount of
//!    the SAFEs declared after it.
//! 2. The unknowns — the pre-money fully diluted count `F` (so the price `V ÷ F`), the pool
//!    top-up `T`, the company capitalization `K` of post-money SAFEs and pro-rata money — are
//!    the solution of their defining equations:
//!    - a conversion's price is the lowest of its cap price (cap ÷ `K` for a post-money SAFE,
//!      cap ÷ the pre-money count without conversions for notes and pre-money SAFEs), its
//!      discount price ((1 − discount) × the round price) and the round price itself (see
//!      `conversion()` for the SAFE's clause); its shares = amount ÷ that price; a
//!      fixed-percentage SAFE's shares are its percentage × `K`;
//!    - `F` = shares before the round + `T` (with `pool_timing = "pre-money"`) + conversion
//!      shares as the round's `conversion_method` says (post-money SAFEs always count);
//!    - new shares of a fixed investment = money × `F` ÷ `V`; a pro-rata investor buys exactly
//!      enough to hold its pre-round fraction of the post-money count;
//!    - `T` tops the pool up to `pool_target` of the post-money count (never below zero), or
//!      is `pool_increase`.
//!
//!    They are solved exactly, in rational arithmetic (`super::exact`): linear once each
//!    conversion's controlling term is fixed, the terms then checked against the lowest-price
//!    rule. Every figure becomes a decimal once, share counts rounded by `[rounding] shares`
//!    from their exact values.
//!
//!    With `[rounding] price = "up"` and whole shares the round is instead solved on its
//!    whole-share total after the round, as 1984 Ventures' cap-table does ("Share counts are
//!    floored and PPS is rounded up to five decimal places", its README): see
//!    `src/engine/price_up.rs`. With `price = "up"` and `shares = "exact"` it is the fixed
//!    point of those equations with each step's prices rounded up (`solve_by_ratios`), so the
//!    figures settle where the rounded prices agree; its counts are snapped to 9 decimal
//!    places before `[rounding]` applies, so that a count whose exact value is whole is not
//!    lost to the 28th digit.

use rust_decimal::{Decimal, RoundingStrategy};

use super::arith::{self, Checked, Overflow, OverflowKind};
pub use super::captable::{ConversionWorking, CountPart, InvestmentWorking, PriceTerm, Workings};
use super::captable::{round_price, round_shares};
use crate::scenario::model::{
    ConversionMethod, Date, IdVec, Instrument, InstrumentId, InstrumentKind, InstrumentTerms,
    PartyId, PoolChange, PoolTiming, PositionId, Round, Rounding, Scenario, ShareRounding, Sizing,
    Terms,
};

/// Most fixed-point steps before a round is declared unsolvable.
const MAX_ITERATIONS: usize = 400;

/// Most fixed-point work, in terms evaluated (one per converting instrument and investment, and
/// one for the step, per step), that one [`CapTable`] may do: the outcomes table solves every
/// coupled round again in each of its 2^n outcomes, and a round that settles slowly (post-money
/// SAFEs and a pool claiming 90% take 264 steps) costs 150–190 ns a term in a release build.
/// Without the bound a 2.4 KB file (16 conditions, eight SAFEs and a pool target) took 34 s to
/// check; the limit is about 1.5–2 s (the fuzz build is 3–4 times slower). The exact solver
/// (`super::exact`) counts 40 terms per term of a round for each linear system it solves, about
/// the same time per term. The bundled startup scenario takes 320 terms an outcome, so it
/// computes with up to 14 conditions. Validation
/// bounds the rest of the outcomes' work (`MAX_OUTCOME_STEPS`).
pub const MAX_SOLVER_STEPS: u64 = 10_000_000;

/// What a round reports when [`MAX_SOLVER_STEPS`] is reached.
pub const TOO_SLOW: &str = "all outcomes within the step limit: the price, pool and conversions settle slowly, and each outcome solves them again";
/// Decimal places share counts are snapped to before `[rounding]` applies.
const SNAP_DECIMALS: u32 = 9;

/// A converting instrument's terms for this round.
#[derive(Clone, Copy)]
pub(super) struct Terms_ {
    pub(super) kind: InstrumentKind,
    pub(super) party: PartyId,
    pub(super) position: PositionId,
    pub(super) amount: Decimal,
    pub(super) cap: Option<Decimal>,
    pub(super) discount: Option<Decimal>,
}

/// A coupled round solved: the figures the cap table is updated with.
pub(super) struct Solved {
    /// The pre-money under the round's terms.
    pub(super) pre_money: Decimal,
    /// The pre-money count: what the workings show the price divided into.
    pub(super) count: Decimal,
    /// The company capitalization post-money SAFEs convert on.
    pub(super) capitalization: Decimal,
    pub(super) price: Decimal,
    /// New pool shares, rounded.
    pub(super) top_up: Decimal,
    /// Per converting instrument (in `round.conversions` order): the conversion and its
    /// rounded shares.
    pub(super) converted: Vec<(Conversion, Decimal)>,
    /// Per investment: the money paid and the rounded shares bought.
    pub(super) bought: Vec<(Decimal, Decimal)>,
}

/// Whether a round with share counts is solved as a fixed point over the whole-share total
/// after it (`[rounding] price = "up"` with whole shares: the legal-spreadsheet convention,
/// see `src/engine/price_up.rs`). Such rounds take that path even without a pool,
/// conversions or pro-rata investments, so that a plain round's price is also post-money ÷
/// that total.
pub fn solves_on_whole_total(rounding: &Rounding) -> bool {
    rounding.prices_up().is_some() && rounding.shares != ShareRounding::Exact
}

/// A coupled round's inputs, as `super::rounds::apply_coupled` gathers them.
pub(super) struct Coupled<'a> {
    pub(super) round: &'a Round,
    pub(super) terms: &'a [Terms_],
    pub(super) paid: &'a [Decimal],
    pub(super) shares_before: Decimal,
    pub(super) pool_before: Decimal,
    /// R: the fraction of the company the pro-rata investors keep.
    pub(super) kept: Decimal,
    pub(super) committed_fixed: Decimal,
}

/// Solves a coupled round under `[rounding] price = "up"` with `shares = "exact"`, as the
/// fixed point of its equations with each step's prices rounded up (a rounded price is not
/// linear in the unknowns, so this path is not the exact solver's: see `super::exact`).
pub(super) fn solve_by_ratios(
    rounding: &Rounding,
    inputs: &Coupled<'_>,
    units: &IdVec<PartyId, Decimal>,
    steps: &mut u64,
) -> Checked<Solved> {
    let &Coupled {
        round,
        terms,
        paid,
        shares_before,
        pool_before,
        kept,
        committed_fixed,
    } = inputs;
    let pre_timing = round.pool_timing == PoolTiming::PreMoney;
    let up = rounding.prices_up();
    let rule = rounding.shares;
    let mut top_up = match round.pool {
        Some(PoolChange::Increase(n)) => n,
        _ => Decimal::ZERO,
    };
    let mut capitalization = shares_before;
    let mut count = if pre_timing {
        arith::add(shares_before, top_up, "the pre-money count")?
    } else {
        shares_before
    };
    let mut pro_rata_money = Decimal::ZERO;
    let mut post_count = Decimal::ZERO;
    let mut converged = false;
    // Close estimates are refined a few more steps, to the last digit where they stop moving.
    let mut close_steps = 0;
    let step_terms = (1 + terms.len() + round.investments.len()) as u64;
    for _ in 0..MAX_ITERATIONS {
        *steps = steps.saturating_add(step_terms);
        if *steps > MAX_SOLVER_STEPS {
            return Err(Overflow::of(OverflowKind::TooSlow, TOO_SLOW));
        }
        let pre_money = pre_money(round, committed_fixed, pro_rata_money, count)?;
        let step = step(&Step {
            round,
            terms,
            shares_before,
            pool_before,
            kept,
            pre_money,
            count,
            top_up,
            capitalization,
            units,
            up,
            rule,
        })?;
        let unchanged = step.count == count
            && step.top_up == top_up
            && step.capitalization == capitalization
            && step.pro_rata_money == pro_rata_money;
        if close(step.count, count)
            && close(step.top_up, top_up)
            && close(step.capitalization, capitalization)
            && close(step.pro_rata_money, pro_rata_money)
        {
            close_steps += 1;
        }
        let settled = unchanged || close_steps >= 4;
        count = step.count;
        top_up = step.top_up;
        capitalization = step.capitalization;
        pro_rata_money = step.pro_rata_money;
        post_count = step.post_count;
        if settled {
            converged = true;
            break;
        }
    }
    if !converged {
        return Err(Overflow::new(
            "the round's price (price, pool and conversions do not settle: do post-money SAFEs claim 100% or more?)",
        ));
    }

    // Final figures from the settled values.
    let pre_money = pre_money(round, committed_fixed, pro_rata_money, count)?;
    let exact_price = arith::div(pre_money, count, "the price per share")?;
    let fixed_price = match round.terms {
        Terms::PricePerShare(p) => Some(p),
        _ => round_price(exact_price, rounding.price_decimals, rounding.price),
    };
    let price = fixed_price.unwrap_or(exact_price);
    if price.is_zero() {
        return Err(Overflow::new(
            "the price per share (it rounds to zero at price_decimals)",
        ));
    }
    let snap = |x: Decimal| snap(x, rule);
    // Shares bought with `money` at the round price.
    let buy = |money: Decimal| -> Checked<Decimal> {
        match fixed_price {
            Some(p) => arith::div(money, p, "new shares"),
            None => arith::mul_div(money, count, pre_money, "new shares"),
        }
    };

    // Every count is computed from the cap table before the round, then applied.
    let cap_base = if pre_timing {
        arith::add(shares_before, top_up, "the pre-money count")?
    } else {
        shares_before
    };
    let ratio = fixed_price.is_none().then_some((pre_money, count));
    let mut converted = Vec::with_capacity(terms.len());
    for t in terms {
        let c = conversion(t, cap_base, capitalization, price, ratio, up)?;
        let shares = snap(c.shares);
        converted.push((c, shares));
    }
    let mut bought = Vec::with_capacity(round.investments.len());
    for (investment, &paid) in round.investments.iter().zip(paid) {
        bought.push(match investment.sizing {
            Sizing::Fixed if paid.is_zero() => (Decimal::ZERO, Decimal::ZERO),
            Sizing::Fixed => (paid, snap(buy(paid)?)),
            Sizing::ProRata => {
                let held = units[investment.party];
                let target = arith::mul_div(held, post_count, shares_before, "a pro-rata stake")?;
                let shares = snap(arith::sub(target, held, "a pro-rata stake")?.max(Decimal::ZERO));
                (arith::mul(shares, price, "pro-rata money")?, shares)
            }
        });
    }
    Ok(Solved {
        pre_money,
        count,
        capitalization,
        price,
        top_up: snap(top_up),
        converted,
        bought,
    })
}

/// What the pre-money count includes, for the workings.
pub(super) fn includes(round: &Round, terms: &[Terms_]) -> Vec<CountPart> {
    let mut parts = vec![CountPart::SharesBefore];
    if round.pool.is_some() && round.pool_timing == PoolTiming::PreMoney {
        parts.push(CountPart::PoolTopUp);
    }
    if terms.iter().any(|t| t.kind.on_capitalization()) {
        parts.push(CountPart::PostMoneySafes);
    }
    if terms.iter().any(|t| !t.kind.on_capitalization()) {
        parts.push(CountPart::Converting(round.conversion_method));
    }
    parts
}

/// The pre-money under the round's terms, given the current estimate of the count.
pub(super) fn pre_money(
    round: &Round,
    committed_fixed: Decimal,
    pro_rata_money: Decimal,
    count: Decimal,
) -> Checked<Decimal> {
    let pre = match round.terms {
        Terms::PreMoney(v) => v,
        Terms::PostMoney(post) => arith::sub(
            arith::sub(post, committed_fixed, "pre-money")?,
            pro_rata_money,
            "pre-money",
        )?,
        Terms::PricePerShare(p) => arith::mul(p, count, "pre-money")?,
    };
    if pre <= Decimal::ZERO {
        return Err(Overflow::new(
            "the pre-money (post-money is not above the round's money)",
        ));
    }
    Ok(pre)
}

/// Converting instruments' effective terms, MFN resolved and interest accrued.
pub(super) fn conversion_terms(scenario: &Scenario, round: &Round) -> Checked<Vec<Terms_>> {
    round
        .conversions
        .iter()
        .map(|&k| {
            let instrument = &scenario.instruments[k];
            let (cap, discount) = effective_terms(scenario, k);
            Ok(Terms_ {
                kind: instrument.kind(),
                party: instrument.party,
                position: instrument.position,
                amount: with_interest(instrument, round.date)?,
                cap,
                discount,
            })
        })
        .collect()
}

/// A SAFE's amount, or a note's principal plus simple interest, actual/365, from `issued` to
/// `date` (none without both dates, or before `issued`).
pub fn with_interest(instrument: &Instrument, date: Option<Date>) -> Checked<Decimal> {
    let mut amount = instrument.amount;
    if let (Some(interest), Some(date)) = (instrument.interest(), date)
        && let Some(issued) = interest.from
    {
        let days = (date.days_since_epoch() - issued.days_since_epoch()).max(0);
        let interest = arith::mul_div(
            arith::mul(instrument.amount, interest.rate, "a note's interest")?,
            Decimal::from(days),
            Decimal::from(365),
            "a note's interest",
        )?;
        amount = arith::add(amount, interest, "a note's principal and interest")?;
    }
    Ok(amount)
}

/// Instrument `k`'s cap and discount, an MFN SAFE taking the lowest cap and largest discount
/// of the SAFEs declared after it.
pub fn effective_terms(scenario: &Scenario, k: InstrumentId) -> (Option<Decimal>, Option<Decimal>) {
    let instrument = &scenario.instruments[k];
    let (mut cap, mut discount) = (instrument.cap, instrument.discount);
    if let InstrumentTerms::Safe { mfn: true, .. } = instrument.terms {
        for later in scenario.instruments.iter().skip(k.index() + 1) {
            if let InstrumentTerms::Note { .. } = later.terms {
                continue;
            }
            cap = match (cap, later.cap) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            discount = match (discount, later.discount) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
    }
    (cap, discount)
}

pub(super) struct Conversion {
    pub(super) cap_price: Option<Decimal>,
    pub(super) discount_price: Option<Decimal>,
    pub(super) price: Decimal,
    pub(super) basis: PriceTerm,
    pub(super) shares: Decimal,
}

/// `x` rounded up to `up` decimals, if given (`[rounding] price = "up"`).
pub(super) fn price_up(x: Decimal, up: Option<u32>) -> Decimal {
    match up {
        Some(dp) => x.round_dp_with_strategy(dp, RoundingStrategy::AwayFromZero),
        None => x,
    }
}

/// A share count snapped to [`SNAP_DECIMALS`] places, then rounded by `[rounding] shares`.
pub(super) fn snap(x: Decimal, rule: ShareRounding) -> Decimal {
    round_shares(
        x.round_dp_with_strategy(SNAP_DECIMALS, RoundingStrategy::MidpointAwayFromZero),
        rule,
    )
}

/// One instrument's conversion at the current estimate. `ratio` is (pre-money, count) when
/// the round price is the exact ratio, so shares at a discount come from it, not from a
/// rounded price. `up`: every conversion price is rounded up to that many decimals, and shares
/// are the amount ÷ that price (`[rounding] price = "up"`).
///
/// The price is the LOWEST of the cap price, the discount price and the round price: the
/// holder gets the greater number of shares. YC's post-money SAFE (v1.2), section 1(a)
/// "Equity Financing": the Safe converts into "the number of shares of Safe Preferred Stock
/// equal to the Purchase Amount divided by the Conversion Price", where "Conversion Price"
/// means "either: (1) the Safe Price or (2) the Discount Price, whichever calculation results
/// in a greater number of shares of Safe Preferred Stock"; the Discount Price is the price per
/// share of the Standard Preferred Stock times the Discount Rate, and a SAFE with no valuation
/// cap converts at that Standard Preferred Stock price. So a SAFE never pays more per share
/// than the round's new money; pre-money SAFEs and notes follow the same rule.
pub(super) fn conversion(
    t: &Terms_,
    cap_base: Decimal,
    capitalization: Decimal,
    price: Decimal,
    ratio: Option<(Decimal, Decimal)>,
    up: Option<u32>,
) -> Checked<Conversion> {
    if let InstrumentKind::FixedPercentage(fraction) = t.kind {
        // The YC standard deal: that fraction of the company capitalization (its own shares
        // included), whatever the round's price.
        let shares = arith::mul(fraction, capitalization, "conversion shares")?;
        if shares.is_zero() {
            return Err(Overflow::new(
                "a fixed-percentage SAFE's shares (the capitalization is zero)",
            ));
        }
        return Ok(Conversion {
            cap_price: None,
            discount_price: None,
            price: arith::div(t.amount, shares, "a conversion price")?,
            basis: PriceTerm::FixedPercentage,
            shares,
        });
    }
    let base = if t.kind.on_capitalization() {
        capitalization
    } else {
        cap_base
    };
    let cap_price = t
        .cap
        .map(|cap| arith::div(cap, base, "a conversion's cap price"))
        .transpose()?
        .map(|p| price_up(p, up));
    let discount_price = t
        .discount
        .map(|d| arith::mul(Decimal::ONE - d, price, "a conversion's discount price"))
        .transpose()?
        .map(|p| price_up(p, up));
    // The lowest price; on a tie the cap, then the discount, names it.
    let mut best = (price, PriceTerm::RoundPrice);
    if let Some(d) = discount_price
        && d <= best.0
    {
        best = (d, PriceTerm::Discount);
    }
    if let Some(c) = cap_price
        && c <= best.0
    {
        best = (c, PriceTerm::Cap);
    }
    let (price_used, basis) = best;
    if price_used.is_zero() {
        return Err(Overflow::new("a conversion price (it is zero)"));
    }
    // Shares from exact ratios: amount × base ÷ cap at the cap, amount × count ÷ ((1 − d) ×
    // pre-money) at the discount, amount × count ÷ pre-money at the round price.
    let shares = match (up, basis, t.cap, t.discount, ratio) {
        (None, PriceTerm::Cap, Some(cap), _, _) => {
            arith::mul_div(t.amount, base, cap, "conversion shares")?
        }
        (None, PriceTerm::Discount, _, Some(d), Some((pre, count))) => arith::mul_div(
            t.amount,
            count,
            arith::mul(Decimal::ONE - d, pre, "a conversion's discount price")?,
            "conversion shares",
        )?,
        (None, PriceTerm::RoundPrice, _, _, Some((pre, count))) => {
            arith::mul_div(t.amount, count, pre, "conversion shares")?
        }
        _ => arith::div(t.amount, price_used, "conversion shares")?,
    };
    Ok(Conversion {
        cap_price,
        discount_price,
        price: price_used,
        basis,
        shares,
    })
}

struct Step<'a> {
    round: &'a Round,
    terms: &'a [Terms_],
    shares_before: Decimal,
    pool_before: Decimal,
    kept: Decimal,
    pre_money: Decimal,
    count: Decimal,
    top_up: Decimal,
    capitalization: Decimal,
    units: &'a IdVec<PartyId, Decimal>,
    /// `[rounding] price = "up"`: prices rounded up to these decimals and every share count
    /// rounded in each step, so the solution is the one the rounded figures agree with.
    up: Option<u32>,
    rule: ShareRounding,
}

struct Next {
    count: Decimal,
    top_up: Decimal,
    capitalization: Decimal,
    pro_rata_money: Decimal,
    /// The post-money fully diluted count pro-rata investors size against.
    post_count: Decimal,
}

/// One fixed-point step: the defining equations evaluated at the current estimate.
fn step(s: &Step<'_>) -> Checked<Next> {
    let pre_timing = s.round.pool_timing == PoolTiming::PreMoney;
    let exact_price = arith::div(s.pre_money, s.count, "the price per share")?;
    // Under `price = "up"` each step computes with the rounded prices and share counts.
    let (price, ratio) = match (s.up, s.round.terms) {
        (None, _) => (exact_price, Some((s.pre_money, s.count))),
        (Some(_), Terms::PricePerShare(p)) => (p, None),
        (Some(_), _) => (price_up(exact_price, s.up), None),
    };
    let whole = |x: Decimal| if s.up.is_some() { snap(x, s.rule) } else { x };
    let cap_base = if pre_timing {
        arith::add(s.shares_before, s.top_up, "the pre-money count")?
    } else {
        s.shares_before
    };
    let mut converted = Decimal::ZERO;
    let mut included = Decimal::ZERO;
    for t in s.terms {
        let c = conversion(t, cap_base, s.capitalization, price, ratio, s.up)?;
        let shares = whole(c.shares);
        converted = arith::add(converted, shares, "conversion shares")?;
        let counted = match s.round.conversion_method {
            _ if t.kind.on_capitalization() => shares,
            ConversionMethod::PercentageOwnership => shares,
            ConversionMethod::PreMoney => Decimal::ZERO,
            ConversionMethod::DollarsInvested => {
                let bought = match ratio {
                    Some((pre, count)) => {
                        arith::mul_div(t.amount, count, pre, "conversion shares")?
                    }
                    None => whole(arith::div(t.amount, price, "conversion shares")?),
                };
                arith::sub(shares, bought, "discount shares")?.max(Decimal::ZERO)
            }
        };
        included = arith::add(included, counted, "the pre-money count")?;
    }
    let capitalization = arith::add(s.shares_before, converted, "the company capitalization")?;

    let mut fixed_new = Decimal::ZERO;
    let mut pro_rata_held = Decimal::ZERO;
    // The round's terms count every tranche, paid or not: the price and the pool top-up do not
    // move when a contingent tranche goes unpaid (it then only issues no shares).
    for investment in &s.round.investments {
        match investment.sizing {
            Sizing::Fixed => {
                let shares = match ratio {
                    Some((pre, count)) => {
                        arith::mul_div(investment.amount, count, pre, "new shares")?
                    }
                    None => whole(arith::div(investment.amount, price, "new shares")?),
                };
                fixed_new = arith::add(fixed_new, shares, "new shares")?;
            }
            Sizing::ProRata => {
                pro_rata_held = arith::add(
                    pro_rata_held,
                    s.units[investment.party],
                    "pro-rata holdings",
                )?;
            }
        }
    }
    // F_post = (S + T + C + N_fixed − held by pro-rata investors) ÷ (1 − R).
    let others = arith::add(
        arith::add(s.shares_before, converted, "the post-money count")?,
        arith::sub(fixed_new, pro_rata_held, "the post-money count")?,
        "the post-money count",
    )?;
    let one_minus_kept = Decimal::ONE - s.kept;
    let top_up = match s.round.pool {
        Some(PoolChange::Target(f)) => {
            // T = f × (others + T) ÷ (1 − R) − P_old, solved for T.
            let numerator = arith::sub(
                arith::mul(f, others, "the pool top-up")?,
                arith::mul(s.pool_before, one_minus_kept, "the pool top-up")?,
                "the pool top-up",
            )?;
            let denominator = one_minus_kept - f;
            if denominator <= Decimal::ZERO {
                return Err(Overflow::new(
                    "the pool top-up (pool_target plus the pro-rata stakes reach 100%)",
                ));
            }
            whole(arith::div(numerator, denominator, "the pool top-up")?.max(Decimal::ZERO))
        }
        Some(PoolChange::Increase(n)) => n,
        None => Decimal::ZERO,
    };
    let post_count = arith::div(
        arith::add(others, top_up, "the post-money count")?,
        one_minus_kept,
        "the post-money count",
    )?;
    let mut pro_rata_money = Decimal::ZERO;
    for investment in s
        .round
        .investments
        .iter()
        .filter(|i| i.sizing == Sizing::ProRata)
    {
        let held = s.units[investment.party];
        let target = arith::mul_div(held, post_count, s.shares_before, "a pro-rata stake")?;
        let shares = whole(arith::sub(target, held, "a pro-rata stake")?.max(Decimal::ZERO));
        pro_rata_money = arith::add(
            pro_rata_money,
            arith::mul(shares, price, "pro-rata money")?,
            "pro-rata money",
        )?;
    }
    let count = arith::add(
        arith::add(
            s.shares_before,
            if pre_timing { top_up } else { Decimal::ZERO },
            "the pre-money count",
        )?,
        included,
        "the pre-money count",
    )?;
    Ok(Next {
        count,
        top_up,
        capitalization,
        pro_rata_money,
        post_count,
    })
}

/// Whether two estimates agree to the 26th significant digit.
fn close(a: Decimal, b: Decimal) -> bool {
    if a == b {
        return true;
    }
    let scale = a.abs().max(b.abs());
    let difference = (a - b).abs();
    // difference ≤ scale × 1e-26, without overflow: compare difference ÷ scale.
    difference
        .checked_div(scale)
        .is_some_and(|r| r <= Decimal::new(1, 26))
}

#[cfg(test)]
#[path = "conversion_tests.rs"]
mod tests;
