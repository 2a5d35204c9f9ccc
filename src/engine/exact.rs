//! The exact solution of a coupled round (every `[rounding]` but `price = "up"`): the price,
//! the pool top-up, the conversions and the pro-rata purchases in rational arithmetic, with no
//! iteration to a tolerance.
//!
//! With each conversion's controlling term fixed (its cap, its discount or the round price),
//! every unknown is linear in x = 1 ÷ price, the company capitalization K, the pool top-up T
//! and the post-money count F_post:
//! - shares at the round price = amount × x; at the discount = amount × x ÷ (1 − d); at the
//!   cap = amount × K ÷ cap (post-money SAFE) or amount × (S + T if the top-up is in the
//!   pre-money) ÷ cap (note, pre-money SAFE); a fixed-percentage SAFE's = f × K;
//! - K = S + the conversion shares;
//! - (1 − R) × F_post = S − H + T + C + N, N = the fixed investments' money × x;
//! - T = f × F_post − P (pool target), `pool_increase`, or 0;
//! - the price: F = V × x (pre-money terms), F = (post − fixed money) × x − (R × F_post − H)
//!   (post-money terms: the pro-rata money is not in the pre-money), or x = 1 ÷ price (a given
//!   price), F being the pre-money count.
//!
//! These four equations are solved by elimination (`solve_rows`); then
//! each conversion's term is checked against the rule that it converts at its LOWEST price
//! (the greatest share count; on a tie the cap, then the discount, names it) and the top-up
//! against "never below zero". A choice that does not hold is replaced by the one the solution
//! says, and the system solved again, at most [`MAX_CHOICES`] times.
//!
//! Rationals ([`Q`]) become decimals once, at the end ([`to_decimal`]), and share counts are
//! rounded by `[rounding] shares` from the exact value.
//!
//! Speed: a [`Q`] is a reduced fraction of two `i128`s, every step checked, while it fits, and
//! a `num-rational` `BigRational` (over `num-bigint`, MIT/Apache-2.0; see
//! `docs/scenario-format.md` for why not `malachite-q`) only for a step that would overflow —
//! a note's 28-digit accrued interest, say. Reducing at every step keeps real rounds' figures
//! small enough for `i128`s (the startup Series A's rows, scaled to integers, stay below 10^17), so
//! rows of small fractions are eliminated as they are (Gauss) and only rows with a big entry
//! are scaled to integers and eliminated fraction-free (Bareiss). `to_decimal` divides in
//! `u128`s a few digits at a time. The value of every step, and so every figure, is the same
//! as with big rationals throughout (`exact_tests.rs` checks each operation against
//! `num-rational`); only the time differs. One point of `startup-seed-to-series-a.toml`
//! (`evaluation/startup_series_a`, two coupled rounds) went from 186–189 µs with big
//! rationals throughout to 16.0–16.4 µs (three alternating runs of both builds, load average
//! 2.4–3.4 on 2 cores; `evaluation/openai` 0.59–0.73 µs in the same runs): 11.5× faster, but
//! still about 27× an OpenAI point, not the 3×. What is left is mostly the 128-bit
//! gcds that keep the fractions reduced.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

use super::arith::{Checked, Overflow, OverflowKind};
use super::conversion::{Conversion, Coupled, PriceTerm, Solved};
use crate::scenario::model::{
    ConversionMethod, IdVec, InstrumentKind, PartyId, PoolChange, PoolTiming, PriceRounding,
    Rounding, ShareRounding, Sizing, Terms,
};

/// An exact rational number. While its numerator and denominator fit, it is a reduced fraction
/// of two `i128`s, computed with checked arithmetic; an operation that would overflow is done
/// again over `BigRational` (and a result that fits comes back to `i128`s). The value, and so
/// every figure made from it, is the same either way: only the time differs.
#[derive(Clone, Debug)]
pub struct Q(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// n ÷ d, d > 0, gcd(|n|, d) = 1, n ≠ i128::MIN (so that −n and |n| are in range).
    Small(i128, i128),
    /// Boxed, so that a small one is no bigger than its two `i128`s and a tag.
    Big(Box<BigRational>),
}

/// The greatest common divisor (binary; 0 with 0 is 0).
fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    if a == 1 || b == 1 {
        return 1; // (whole numbers are common, and the binary loop is slow on them)
    }
    let (mut a, mut b) = (a, b);
    // One of 64 bits, one wider: one remainder brings both to 64 bits.
    if (a >> 64 == 0) != (b >> 64 == 0) {
        if a > b {
            a %= b;
        } else {
            b %= a;
        }
        if a == 0 || b == 0 {
            return a | b;
        }
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        if (a | b) >> 64 == 0 {
            // a is odd, so gcd(a, b) has no factor 2 for the 64-bit loop to find twice.
            return u128::from(gcd64(a as u64, b as u64)) << shift;
        }
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// a ÷ g for a g that divides a (g > 0), in 64 bits when they fit: `i128` division is slow.
fn div_exact(a: i128, g: i128) -> i128 {
    if g == 1 {
        a
    } else if let (Ok(a), Ok(g)) = (i64::try_from(a), i64::try_from(g)) {
        // g > 0: no overflow.
        i128::from(a / g)
    } else {
        a / g
    }
}

fn gcd64(a: u64, b: u64) -> u64 {
    let shift = (a | b).trailing_zeros();
    let (mut a, mut b) = (a >> a.trailing_zeros(), b);
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl Q {
    /// n ÷ d over big integers (d ≠ 0).
    pub fn new(n: BigInt, d: BigInt) -> Q {
        Q::big(BigRational::new(n, d))
    }

    pub fn from_integer(n: BigInt) -> Q {
        Q::big(BigRational::from_integer(n))
    }

    fn int(n: i128) -> Q {
        Q::small(n, 1).unwrap_or_else(|| Q::from_integer(BigInt::from(n)))
    }

    pub fn zero() -> Q {
        Q(Repr::Small(0, 1))
    }

    pub fn one() -> Q {
        Q(Repr::Small(1, 1))
    }

    /// n ÷ d reduced, if it fits (d > 0).
    fn small(n: i128, d: i128) -> Option<Q> {
        if n == i128::MIN || d <= 0 {
            return None;
        }
        let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128; // ≤ d: in range
        Some(Q(Repr::Small(div_exact(n, g), div_exact(d, g))))
    }

    /// A big rational, as `i128`s when they fit.
    fn big(r: BigRational) -> Q {
        match (r.numer().to_i128(), r.denom().to_i128()) {
            (Some(n), Some(d)) if n != i128::MIN => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(Box::new(r))),
        }
    }

    fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(n, d) => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(r) => (**r).clone(),
        }
    }

    /// The numerator and (positive) denominator, as big integers.
    fn parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small(n, d) => (BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(r) => (r.numer().clone(), r.denom().clone()),
        }
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n == 0,
            Repr::Big(r) => r.is_zero(),
        }
    }

    pub fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n > 0,
            Repr::Big(r) => r.is_positive(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n < 0,
            Repr::Big(r) => r.is_negative(),
        }
    }

    /// 1 ÷ self (self ≠ 0).
    pub fn recip(&self) -> Q {
        match self.0 {
            Repr::Small(n, d) if n > 0 => Q(Repr::Small(d, n)),
            Repr::Small(n, d) if n < 0 => Q(Repr::Small(-d, -n)),
            _ => Q::big(self.to_big().recip()),
        }
    }

    pub fn floor(&self) -> Q {
        match self.0 {
            Repr::Small(n, d) => Q::int(n.div_euclid(d)),
            Repr::Big(ref r) => Q::big(r.floor()),
        }
    }

    pub fn ceil(&self) -> Q {
        match self.0 {
            // −⌊−n ÷ d⌋; n ≠ i128::MIN, so −n is in range, and so is the result.
            Repr::Small(n, d) => Q::int(-(-n).div_euclid(d)),
            Repr::Big(ref r) => Q::big(r.ceil()),
        }
    }

    /// To the nearest whole number, half away from zero (as `Ratio::round`).
    pub fn round(&self) -> Q {
        match self.0 {
            Repr::Small(n, d) => {
                let (whole, rest) = (n / d, (n % d).unsigned_abs());
                // rest ≥ d − rest, that is rest ≥ d ÷ 2: away from zero.
                let away = rest >= d.unsigned_abs() - rest;
                Q::int(if !away {
                    whole
                } else if n >= 0 {
                    whole + 1
                } else {
                    whole - 1
                })
            }
            Repr::Big(ref r) => Q::big(r.round()),
        }
    }

    fn add_small(a: i128, b: i128, c: i128, d: i128) -> Option<Q> {
        if b == d {
            return Q::small(a.checked_add(c)?, b);
        }
        let g = gcd(b.unsigned_abs(), d.unsigned_abs()) as i128;
        let (b1, d1) = (div_exact(b, g), div_exact(d, g));
        let n = a.checked_mul(d1)?.checked_add(c.checked_mul(b1)?)?;
        Q::small(n, b.checked_mul(d1)?)
    }

    fn mul_small(a: i128, b: i128, c: i128, d: i128) -> Option<Q> {
        if a == 0 || c == 0 {
            return Some(Q::zero());
        }
        // a/b × c/d with a, d and c, b cross-reduced first: the result is reduced.
        let g1 = gcd(a.unsigned_abs(), d.unsigned_abs()) as i128;
        let g2 = gcd(c.unsigned_abs(), b.unsigned_abs()) as i128;
        let n = div_exact(a, g1).checked_mul(div_exact(c, g2))?;
        let den = div_exact(b, g2).checked_mul(div_exact(d, g1))?;
        (n != i128::MIN).then_some(Q(Repr::Small(n, den)))
    }

    fn div_small(a: i128, b: i128, c: i128, d: i128) -> Option<Q> {
        match c {
            0 => None, // as BigRational: a division by zero (never asked for)
            _ if c > 0 => Q::mul_small(a, b, d, c),
            _ => Q::mul_small(a, b, -d, -c),
        }
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident, $assign:ident, $assign_method:ident, $small:path, $big:tt) => {
        impl std::ops::$trait<&Q> for &Q {
            type Output = Q;
            fn $method(self, other: &Q) -> Q {
                if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0)
                    && let Some(r) = $small(*a, *b, *c, *d)
                {
                    return r;
                }
                Q::big(self.to_big() $big other.to_big())
            }
        }
        impl std::ops::$trait<Q> for Q {
            type Output = Q;
            fn $method(self, other: Q) -> Q {
                &self $big &other
            }
        }
        impl std::ops::$trait<&Q> for Q {
            type Output = Q;
            fn $method(self, other: &Q) -> Q {
                &self $big other
            }
        }
        impl std::ops::$trait<Q> for &Q {
            type Output = Q;
            fn $method(self, other: Q) -> Q {
                self $big &other
            }
        }
        impl std::ops::$assign<&Q> for Q {
            fn $assign_method(&mut self, other: &Q) {
                *self = &*self $big other;
            }
        }
        impl std::ops::$assign<Q> for Q {
            fn $assign_method(&mut self, other: Q) {
                *self = &*self $big &other;
            }
        }
    };
}

fn sub_small(a: i128, b: i128, c: i128, d: i128) -> Option<Q> {
    Q::add_small(a, b, c.checked_neg()?, d)
}

binary!(Add, add, AddAssign, add_assign, Q::add_small, +);
binary!(Sub, sub, SubAssign, sub_assign, sub_small, -);
binary!(Mul, mul, MulAssign, mul_assign, Q::mul_small, *);
binary!(Div, div, DivAssign, div_assign, Q::div_small, /);

impl std::ops::Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        match self.0 {
            // n ≠ i128::MIN: −n is in range.
            Repr::Small(n, d) => Q(Repr::Small(-n, d)),
            Repr::Big(r) => Q::big(-*r),
        }
    }
}

impl Ord for Q {
    fn cmp(&self, other: &Q) -> std::cmp::Ordering {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            if b == d {
                return a.cmp(c);
            }
            if let (Some(l), Some(r)) = (a.checked_mul(*d), c.checked_mul(*b)) {
                return l.cmp(&r);
            }
        }
        self.to_big().cmp(&other.to_big())
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Q) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Q {
    fn eq(&self, other: &Q) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Q {}

/// Most solutions of the linear system one round may try before its choice of controlling
/// terms is declared inconsistent (E0021).
pub const MAX_CHOICES: usize = 32;

/// What one exact solve of the linear system counts towards
/// [`super::conversion::MAX_SOLVER_STEPS`], per term of the round (one per converting
/// instrument and investment, and one): measured against the fixed-point steps it replaced
/// (150–190 ns a term in release), so that the bound stays about 1.5–2 s of work.
const SOLVE_WEIGHT: u64 = 40;

const UNSETTLED: &str = "the round's price (price, pool and conversions do not settle: do post-money SAFEs claim 100% or more?)";

/// An exact rational from a decimal.
pub fn q(d: Decimal) -> Q {
    // |mantissa| < 2^96 and 10^scale ≤ 10^28: both fit.
    let (n, d) = (d.mantissa(), 10i128.pow(d.scale()));
    Q::small(n, d).unwrap_or_else(|| Q::new(BigInt::from(n), BigInt::from(d)))
}

/// A rational as a decimal, rounded once: the exact value when it terminates within 28
/// decimal places and 28 significant digits, otherwise rounded half to even (as `Decimal`'s
/// own division rounds) to 28 significant digits — 28 decimal places below 1, whole above
/// 10^28. An exact value's trailing zeros are dropped. A value beyond `Decimal`'s range is an [`Overflow`].
pub fn to_decimal(r: &Q, what: &'static str) -> Checked<Decimal> {
    let overflow = Overflow::new(what);
    if r.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if let Repr::Small(n, d) = r.0
        && let Some(decimal) = small_to_decimal(n, d, overflow)
    {
        return decimal;
    }
    let (n, d) = r.parts();
    let n = n.abs();
    let d = &d; // positive: the sign is in the numerator
    let whole = (&n / d).to_u128().ok_or(overflow)?;
    if whole >> 96 != 0 {
        return Err(overflow);
    }
    let digits = if whole == 0 { 0 } else { whole.ilog10() + 1 };
    let scale = 28u32.saturating_sub(digits);
    let (mut quotient, remainder) = (n * BigInt::from(10u128.pow(scale))).div_rem(d);
    let exact = remainder.is_zero();
    if !exact {
        let twice: BigInt = remainder * 2u32;
        let up = match twice.cmp(d) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => quotient.is_odd(),
            std::cmp::Ordering::Less => false,
        };
        if up {
            quotient += 1u32;
        }
    }
    let mantissa = quotient.to_u128().ok_or(overflow)?;
    finish_decimal(mantissa, scale, r.is_negative(), exact, overflow)
}

/// [`to_decimal`] of n ÷ d (d > 0, n ≠ 0) in `u128`s: the same digits by long division, a few
/// at a time; `None` when a step would not fit (then the big integers do it).
fn small_to_decimal(n: i128, d: i128, overflow: Overflow) -> Option<Checked<Decimal>> {
    let negative = n < 0;
    let (n, d) = (n.unsigned_abs(), d.unsigned_abs());
    let whole = n / d;
    if whole >> 96 != 0 {
        return Some(Err(overflow));
    }
    let digits = if whole == 0 { 0 } else { whole.ilog10() + 1 };
    let scale = 28u32.saturating_sub(digits);
    let (mut quotient, mut remainder) = (whole, n % d);
    let mut left = scale;
    while left > 0 {
        if remainder == 0 {
            quotient = quotient.checked_mul(10u128.pow(left))?;
            break;
        }
        // remainder × 10^k < 2^128 while k ≤ 0.3 × the free bits (log10 2 > 0.3).
        let k = (remainder.leading_zeros() * 3 / 10).min(left);
        if k == 0 {
            return None;
        }
        let scaled = remainder.checked_mul(10u128.pow(k))?;
        quotient = quotient
            .checked_mul(10u128.pow(k))?
            .checked_add(scaled / d)?;
        remainder = scaled % d;
        left -= k;
    }
    let exact = remainder == 0;
    // 2 × remainder against d, as remainder against d − remainder (no overflow).
    let up = match remainder.cmp(&(d - remainder)) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => quotient % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    if !exact && up {
        quotient = quotient.checked_add(1)?;
    }
    Some(finish_decimal(quotient, scale, negative, exact, overflow))
}

/// The decimal of `mantissa` × 10^−scale, with its sign: an exact value drops its trailing
/// zeros (2.125, not 2.1250…); a rounded one keeps all 28 significant digits, so that a reader
/// (and `report`'s check of whether a figure terminates) can tell it was rounded.
fn finish_decimal(
    mantissa: u128,
    scale: u32,
    negative: bool,
    exact: bool,
    overflow: Overflow,
) -> Checked<Decimal> {
    if mantissa >> 96 != 0 {
        return Err(overflow);
    }
    let signed = i128::try_from(mantissa).map_err(|_| overflow)?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, scale)
        .map(|d| if exact { d.normalize() } else { d })
        .map_err(|_| overflow)
}

/// A share count rounded by `[rounding] shares` from its exact value.
pub fn round_shares(r: &Q, rule: ShareRounding, what: &'static str) -> Checked<Decimal> {
    match rule {
        ShareRounding::Floor => to_decimal(&r.floor(), what),
        // `Ratio::round` rounds half away from zero, as `[rounding] shares = "nearest"` says.
        ShareRounding::Nearest => to_decimal(&r.round(), what),
        ShareRounding::Exact => to_decimal(r, what),
    }
}

/// A price rounded to `dp` decimals by `[rounding] price` (half away from zero, or up).
fn round_price(r: &Q, dp: u32, rule: PriceRounding) -> Checked<Decimal> {
    let scale = Q::int(10i128.pow(dp.min(28)));
    let scaled = r * &scale;
    let rounded = match rule {
        PriceRounding::Nearest => scaled.round(),
        PriceRounding::Up if r.is_negative() => scaled.floor(),
        PriceRounding::Up => scaled.ceil(),
    };
    to_decimal(&(rounded / scale), "the price per share")
}

// Unknowns, in the order of a row's coefficients; the row's last entry is its constant.
const X: usize = 0;
const K: usize = 1;
const T: usize = 2;
const PC: usize = 3;
const N: usize = 4;

/// A linear expression c₀x + c₁K + c₂T + c₃F_post + c₄.
#[derive(Clone)]
struct Lin([Q; N + 1]);

impl Lin {
    fn zero() -> Self {
        Lin(std::array::from_fn(|_| Q::zero()))
    }
    fn term(at: usize, c: Q) -> Self {
        let mut l = Lin::zero();
        l.0[at] = c;
        l
    }
    fn add(&mut self, other: &Lin) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a += b;
        }
    }
    fn sub(&mut self, other: &Lin) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a -= b;
        }
    }
    fn at(&self, u: &[Q; N]) -> Q {
        let mut v = self.0[N].clone();
        for (c, x) in self.0.iter().zip(u) {
            if !c.is_zero() {
                v += c * x;
            }
        }
        v
    }
}

/// The terms of one conversion, as rationals.
struct Term {
    kind: InstrumentKind,
    amount: Q,
    cap: Option<Q>,
    /// 1 − discount.
    kept: Option<Q>,
}

/// The round's fixed inputs, as rationals.
struct System<'a> {
    inputs: &'a Coupled<'a>,
    s: Q,
    pool: Q,
    /// R and H: the fraction the pro-rata investors keep and the shares they hold.
    r: Q,
    h: Q,
    /// The fixed investments' money (every tranche: the round's terms count them all).
    n: Q,
    pre_timing: bool,
    terms: Vec<Term>,
}

impl System<'_> {
    /// The cap base of notes and pre-money SAFEs: S, plus T with a pre-money top-up.
    fn cap_base(&self) -> Lin {
        let mut l = Lin::term(N, self.s.clone());
        if self.pre_timing {
            l.0[T] = Q::one();
        }
        l
    }

    /// Term `t`'s shares under `choice`.
    fn shares(&self, t: &Term, choice: PriceTerm) -> Lin {
        match (choice, t.kind, &t.cap, &t.kept) {
            (_, InstrumentKind::FixedPercentage(f), _, _) => Lin::term(K, q(f)),
            (PriceTerm::Cap, kind, Some(cap), _) => {
                let per = &t.amount / cap;
                if kind.on_capitalization() {
                    Lin::term(K, per)
                } else {
                    let mut l = self.cap_base();
                    for c in &mut l.0 {
                        *c *= &per;
                    }
                    l
                }
            }
            (PriceTerm::Discount, _, _, Some(kept)) => Lin::term(X, &t.amount / kept),
            _ => Lin::term(X, t.amount.clone()),
        }
    }

    /// The rows of the system under `choices` and the pool's `topped_up`, with the
    /// expressions of the pre-money count F and of each conversion's shares.
    fn rows(&self, choices: &[PriceTerm], topped_up: bool) -> ([Lin; 4], Lin, Vec<Lin>) {
        let round = self.inputs.round;
        let shares: Vec<Lin> = self
            .terms
            .iter()
            .zip(choices)
            .map(|(t, &c)| self.shares(t, c))
            .collect();
        let mut converted = Lin::zero();
        let mut f = Lin::term(N, self.s.clone());
        if self.pre_timing {
            f.0[T] = Q::one();
        }
        for (t, l) in self.terms.iter().zip(&shares) {
            converted.add(l);
            match round.conversion_method {
                _ if t.kind.on_capitalization() => f.add(l),
                ConversionMethod::PercentageOwnership => f.add(l),
                ConversionMethod::PreMoney => {}
                ConversionMethod::DollarsInvested => {
                    // Its discount shares only: what it gets beyond the round price (never
                    // below zero, as the choice is the greatest share count).
                    f.add(l);
                    f.sub(&Lin::term(X, t.amount.clone()));
                }
            }
        }
        // K − S − C = 0.
        let mut k = Lin::term(K, Q::one());
        k.0[N] = -self.s.clone();
        k.sub(&converted);
        // The top-up.
        let mut top = Lin::term(T, Q::one());
        match round.pool {
            Some(PoolChange::Target(target)) if topped_up => {
                top.0[PC] = -q(target);
                top.0[N] = self.pool.clone();
            }
            Some(PoolChange::Increase(n)) => top.0[N] = -q(n),
            _ => {}
        }
        // (1 − R) F_post − S + H − T − C − N x = 0.
        let mut post = Lin::term(PC, Q::one() - &self.r);
        post.0[N] = &self.h - &self.s;
        post.0[T] = -Q::one();
        post.0[X] = -self.n.clone();
        post.sub(&converted);
        // The price.
        let price = match round.terms {
            Terms::PreMoney(v) => {
                let mut l = f.clone();
                l.0[X] -= q(v);
                l
            }
            Terms::PostMoney(v) => {
                let mut l = f.clone();
                l.0[X] -= q(v) - q(self.inputs.committed_fixed);
                l.0[PC] += &self.r;
                l.0[N] -= &self.h;
                l
            }
            Terms::PricePerShare(p) => {
                let mut l = Lin::term(X, q(p));
                l.0[N] = -Q::one();
                l
            }
        };
        ([k, top, post, price], f, shares)
    }
}

/// Solves the rows (each = 0); `None` when singular. Rows of small fractions are eliminated
/// as they are (Gauss, each step reduced, so that the entries stay small); rows with a big
/// entry are scaled to integers and eliminated fraction-free (Bareiss). The solution is the
/// same either way.
fn solve_rows(rows: &[Lin; 4]) -> Option<[Q; N]> {
    if rows
        .iter()
        .all(|row| row.0.iter().all(|c| matches!(c.0, Repr::Small(..))))
    {
        solve_small(rows)
    } else {
        solve_big(rows)
    }
}

/// Gaussian elimination over the rationals.
fn solve_small(rows: &[Lin; 4]) -> Option<[Q; N]> {
    let mut m: [[Q; N + 1]; N] = std::array::from_fn(|r| {
        let mut row = rows[r].0.clone();
        // Σ a u + c = 0 → Σ a u = −c.
        row[N] = -std::mem::replace(&mut row[N], Q::zero());
        row
    });
    for k in 0..N {
        let pivot = (k..N).find(|&r| !m[r][k].is_zero())?;
        m.swap(k, pivot);
        let (above, below) = m.split_at_mut(k + 1);
        let top = &above[k];
        for row in below {
            if row[k].is_zero() {
                continue;
            }
            let factor = &row[k] / &top[k];
            for j in k + 1..=N {
                if !top[j].is_zero() {
                    row[j] -= &factor * &top[j];
                }
            }
            row[k] = Q::zero();
        }
    }
    let mut u: [Q; N] = std::array::from_fn(|_| Q::zero());
    for i in (0..N).rev() {
        let mut s = m[i][N].clone();
        for j in i + 1..N {
            if !m[i][j].is_zero() {
                s -= &m[i][j] * &u[j];
            }
        }
        u[i] = s / &m[i][i];
    }
    Some(u)
}

/// Fraction-free (Bareiss) elimination over big integers.
fn solve_big(rows: &[Lin; 4]) -> Option<[Q; N]> {
    // Each row scaled to integers by the least common multiple of its denominators.
    let mut m: Vec<Vec<BigInt>> = rows
        .iter()
        .map(|row| {
            let parts: Vec<(BigInt, BigInt)> = row.0.iter().map(Q::parts).collect();
            let lcm = parts.iter().fold(BigInt::one(), |l, (_, d)| l.lcm(d));
            let mut out: Vec<BigInt> = parts.iter().map(|(n, d)| n * (&lcm / d)).collect();
            // Σ a u + c = 0 → Σ a u = −c.
            out[N] = -out[N].clone();
            out
        })
        .collect();
    let mut previous = BigInt::one();
    for k in 0..N {
        let pivot = (k..N).find(|&r| !m[r][k].is_zero())?;
        m.swap(k, pivot);
        for i in k + 1..N {
            for j in k + 1..=N {
                // Bareiss: the division is exact.
                m[i][j] = (&m[i][j] * &m[k][k] - &m[i][k] * &m[k][j]) / &previous;
            }
            m[i][k] = BigInt::zero();
        }
        previous = m[k][k].clone();
    }
    // m[N−1][N−1] is the determinant (up to sign); back substitution over it.
    let det = m[N - 1][N - 1].clone();
    let mut scaled: [BigInt; N] = std::array::from_fn(|_| BigInt::zero());
    for i in (0..N).rev() {
        let mut s = &m[i][N] * &det;
        for j in i + 1..N {
            s -= &m[i][j] * &scaled[j];
        }
        scaled[i] = s / &m[i][i];
    }
    Some(scaled.map(|n| Q::new(n, det.clone())))
}

/// The controlling term the rule picks for `t` at the solution `u`: the greatest share count,
/// on a tie the cap, then the discount.
fn best(system: &System<'_>, t: &Term, u: &[Q; N]) -> PriceTerm {
    if let InstrumentKind::FixedPercentage(_) = t.kind {
        return PriceTerm::FixedPercentage;
    }
    let mut best = (
        system.shares(t, PriceTerm::RoundPrice).at(u),
        PriceTerm::RoundPrice,
    );
    for term in [PriceTerm::Discount, PriceTerm::Cap] {
        let available = match term {
            PriceTerm::Discount => t.kept.is_some(),
            _ => t.cap.is_some(),
        };
        if available {
            let shares = system.shares(t, term).at(u);
            if shares >= best.0 {
                best = (shares, term);
            }
        }
    }
    best.1
}

/// Solves a coupled round exactly.
pub(super) fn solve(
    rounding: &Rounding,
    inputs: &Coupled<'_>,
    units: &IdVec<PartyId, Decimal>,
    steps: &mut u64,
) -> Checked<Solved> {
    let round = inputs.round;
    let s = q(inputs.shares_before);
    let h = round
        .investments
        .iter()
        .filter(|i| i.sizing == Sizing::ProRata)
        .fold(Q::zero(), |h, i| h + q(units[i.party]));
    let r = &h / &s;
    let mut terms = Vec::with_capacity(inputs.terms.len());
    for t in inputs.terms {
        let kept = match t.discount {
            Some(d) => {
                let kept = Q::one() - q(d);
                if !kept.is_positive() {
                    return Err(Overflow::new("a conversion price (it is zero)"));
                }
                Some(kept)
            }
            None => None,
        };
        terms.push(Term {
            kind: t.kind,
            amount: q(t.amount),
            cap: t.cap.map(q),
            kept,
        });
    }
    if let Some(PoolChange::Target(f)) = round.pool
        && !(Q::one() - &r - q(f)).is_positive()
    {
        return Err(Overflow::new(
            "the pool top-up (pool_target plus the pro-rata stakes reach 100%)",
        ));
    }
    let n = round
        .investments
        .iter()
        .filter(|i| i.sizing == Sizing::Fixed)
        .fold(Q::zero(), |n, i| n + q(i.amount));
    let system = System {
        inputs,
        s,
        pool: q(inputs.pool_before),
        r,
        h,
        n,
        pre_timing: round.pool_timing == PoolTiming::PreMoney,
        terms,
    };

    // Start where most rounds end: each conversion at its cap (else its discount), the pool
    // topped up.
    let mut choices: Vec<PriceTerm> = system
        .terms
        .iter()
        .map(|t| match t.kind {
            InstrumentKind::FixedPercentage(_) => PriceTerm::FixedPercentage,
            _ if t.cap.is_some() => PriceTerm::Cap,
            _ if t.kept.is_some() => PriceTerm::Discount,
            _ => PriceTerm::RoundPrice,
        })
        .collect();
    let targeted = matches!(round.pool, Some(PoolChange::Target(_)));
    let mut topped_up = targeted;
    let weight = (1 + inputs.terms.len() + round.investments.len()) as u64 * SOLVE_WEIGHT;
    let mut solution = None;
    for _ in 0..MAX_CHOICES {
        *steps = steps.saturating_add(weight);
        if *steps > super::conversion::MAX_SOLVER_STEPS {
            return Err(Overflow::of(
                OverflowKind::TooSlow,
                super::conversion::TOO_SLOW,
            ));
        }
        let (rows, f, _) = system.rows(&choices, topped_up);
        let u = solve_rows(&rows).ok_or(Overflow::new(UNSETTLED))?;
        if !u[X].is_positive() || !u[K].is_positive() || !u[PC].is_positive() {
            return Err(Overflow::new(UNSETTLED));
        }
        let next: Vec<PriceTerm> = system.terms.iter().map(|t| best(&system, t, &u)).collect();
        let next_top = targeted && {
            // With the top-up, it must not be negative; without, the target must not need one.
            let wanted = match round.pool {
                Some(PoolChange::Target(target)) => q(target) * &u[PC] - &system.pool,
                _ => Q::zero(),
            };
            if topped_up {
                !wanted.is_negative()
            } else {
                wanted.is_positive()
            }
        };
        if next == choices && next_top == topped_up {
            solution = Some((u, f));
            break;
        }
        choices = next;
        topped_up = next_top;
    }
    let (u, f) = solution.ok_or(Overflow::new("the round's conversions (no choice of cap, discount or round price agrees with the solution)"))?;
    figures(rounding, &system, &choices, &u, &f, units)
}

/// The round's figures from the exact solution `u`.
fn figures(
    rounding: &Rounding,
    system: &System<'_>,
    choices: &[PriceTerm],
    u: &[Q; N],
    f: &Lin,
    units: &IdVec<PartyId, Decimal>,
) -> Checked<Solved> {
    let inputs = system.inputs;
    let round = inputs.round;
    let rule = rounding.shares;
    let count = f.at(u);
    let exact_price = u[X].recip();
    let pro_rata_shares = &system.r * &u[PC] - &system.h;
    let pre_money = match round.terms {
        Terms::PreMoney(v) => q(v),
        Terms::PostMoney(post) => {
            q(post) - q(inputs.committed_fixed) - &pro_rata_shares * &exact_price
        }
        Terms::PricePerShare(p) => q(p) * &count,
    };
    if !pre_money.is_positive() {
        return Err(Overflow::new(
            "the pre-money (post-money is not above the round's money)",
        ));
    }
    // The price a share is bought at: given, rounded by `price_decimals`, or exact.
    let price_q = match (round.terms, rounding.price_decimals) {
        (Terms::PricePerShare(p), _) => q(p),
        (_, Some(dp)) => q(round_price(&exact_price, dp, rounding.price)?),
        (_, None) => exact_price,
    };
    if price_q.is_zero() {
        return Err(Overflow::new(
            "the price per share (it rounds to zero at price_decimals)",
        ));
    }
    let price = to_decimal(&price_q, "the price per share")?;
    let cap_base = system.cap_base().at(u);

    let mut converted = Vec::with_capacity(system.terms.len());
    for (t, choice) in system.terms.iter().zip(choices) {
        let c = if let InstrumentKind::FixedPercentage(_) = t.kind {
            let shares = system.shares(t, *choice).at(u);
            if shares.is_zero() {
                return Err(Overflow::new(
                    "a fixed-percentage SAFE's shares (the capitalization is zero)",
                ));
            }
            (
                None,
                None,
                &t.amount / &shares,
                PriceTerm::FixedPercentage,
                shares,
            )
        } else {
            let base = if t.kind.on_capitalization() {
                &u[K]
            } else {
                &cap_base
            };
            let cap_price = t.cap.as_ref().map(|cap| cap / base);
            let discount_price = t.kept.as_ref().map(|kept| kept * &price_q);
            // The lowest price; on a tie the cap, then the discount, names it.
            let mut lowest = (price_q.clone(), PriceTerm::RoundPrice);
            if let Some(d) = &discount_price
                && *d <= lowest.0
            {
                lowest = (d.clone(), PriceTerm::Discount);
            }
            if let Some(c) = &cap_price
                && *c <= lowest.0
            {
                lowest = (c.clone(), PriceTerm::Cap);
            }
            let shares = &t.amount / &lowest.0;
            (cap_price, discount_price, lowest.0, lowest.1, shares)
        };
        let (cap_price, discount_price, conversion_price, basis, shares) = c;
        let decimal = |r: &Option<Q>, what| r.as_ref().map(|r| to_decimal(r, what)).transpose();
        let rounded = round_shares(&shares, rule, "conversion shares")?;
        converted.push((
            Conversion {
                cap_price: decimal(&cap_price, "a conversion's cap price")?,
                discount_price: decimal(&discount_price, "a conversion's discount price")?,
                price: to_decimal(&conversion_price, "a conversion price")?,
                basis,
                shares: to_decimal(&shares, "conversion shares")?,
            },
            rounded,
        ));
    }

    let mut bought = Vec::with_capacity(round.investments.len());
    for (investment, &paid) in round.investments.iter().zip(inputs.paid) {
        bought.push(match investment.sizing {
            Sizing::Fixed if paid.is_zero() => (Decimal::ZERO, Decimal::ZERO),
            Sizing::Fixed => (
                paid,
                round_shares(&(q(paid) / &price_q), rule, "new shares")?,
            ),
            Sizing::ProRata => {
                let held = q(units[investment.party]);
                let target = &held * &u[PC] / &system.s;
                let exact = (target - held).max(Q::zero());
                let shares = round_shares(&exact, rule, "a pro-rata stake")?;
                let money = to_decimal(&(q(shares) * &price_q), "pro-rata money")?;
                (money, shares)
            }
        });
    }
    Ok(Solved {
        pre_money: to_decimal(&pre_money, "pre-money")?,
        count: to_decimal(&count, "the pre-money count")?,
        capitalization: to_decimal(&u[K], "the company capitalization")?,
        price,
        top_up: round_shares(&u[T], rule, "the pool top-up")?,
        converted,
        bought,
    })
}

#[cfg(test)]
#[path = "exact_tests.rs"]
mod tests;
