//! Checked decimal arithmetic: every step on user data either succeeds or names what overflowed.
//!
//! `Decimal`'s operators panic on overflow; the engine uses only these functions. Errors carry
//! a static description so that the hot paths never allocate.

use rust_decimal::Decimal;

/// An arithmetic step whose result does not fit in a 96-bit decimal, or a division by zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// What was being computed, e.g. "new shares" or "post-money".
    pub what: &'static str,
    /// Which failure this is, for a caller that explains some of them apart.
    pub kind: OverflowKind,
}

/// The failures a computation reports as an [`Overflow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverflowKind {
    /// A result out of range, a division by zero, or terms that cannot be met.
    Arithmetic,
    /// A round's grants ask for more shares than the unallocated pool holds.
    PoolTooSmall,
    /// The solver reached its step limit ([`super::conversion::MAX_SOLVER_STEPS`]).
    TooSlow,
}

impl Overflow {
    /// An arithmetic failure computing `what`.
    pub const fn new(what: &'static str) -> Self {
        Overflow::of(OverflowKind::Arithmetic, what)
    }

    /// A failure of the given kind, computing `what`.
    pub const fn of(kind: OverflowKind, what: &'static str) -> Self {
        Overflow { what, kind }
    }
}

pub type Checked<T> = Result<T, Overflow>;

pub fn add(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_add(b).ok_or(Overflow::new(what))
}

pub fn sub(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_sub(b).ok_or(Overflow::new(what))
}

pub fn mul(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_mul(b).ok_or(Overflow::new(what))
}

/// `a / b`; division by zero is reported like an overflow, naming the quantity.
pub fn div(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_div(b).ok_or(Overflow::new(what))
}

/// `a × b ÷ c` from the exact product where it fits, so that a ratio which is whole comes out
/// whole ($1M × 3,000,000 shares ÷ $10M = 300,000 exactly, where $1M ÷ $3.333… would not).
/// Falls back to `(a ÷ c) × b` only when the product itself overflows.
pub fn mul_div(a: Decimal, b: Decimal, c: Decimal, what: &'static str) -> Checked<Decimal> {
    if c.is_zero() {
        return Err(Overflow::new(what));
    }
    if a.is_zero() || b.is_zero() {
        return Ok(Decimal::ZERO);
    }
    // Dividing by one is common (stakes that sum to 100% restated at a pre-money) and exact.
    if c == Decimal::ONE {
        return mul(a, b, what);
    }
    match a.checked_mul(b) {
        Some(product) => product.checked_div(c).ok_or(Overflow::new(what)),
        None => a
            .checked_div(c)
            .and_then(|q| q.checked_mul(b))
            .ok_or(Overflow::new(what)),
    }
}

/// ⌊a × b ÷ c⌋ exactly, for whole non-negative `a`, `b` and a positive whole `c` (share
/// counts and whole-currency amounts), by 192-bit integer arithmetic: no 28-digit rounding of
/// the quotient can push a count that is just below a whole number up to it. `None` when an
/// input is not whole or the result does not fit in a decimal.
pub fn floor_mul_div(a: Decimal, b: Decimal, c: Decimal) -> Option<Decimal> {
    let whole = |d: Decimal| {
        let d = d.normalize();
        (d.scale() == 0 && !d.is_sign_negative()).then(|| d.mantissa().unsigned_abs())
    };
    let (a, b, c) = (whole(a)?, whole(b)?, whole(c)?);
    if c == 0 {
        return None;
    }
    // a, b < 2^96: the product in two 128-bit halves, from 64-bit limbs.
    let (a_hi, a_lo) = (a >> 64, a & u128::from(u64::MAX));
    let (b_hi, b_lo) = (b >> 64, b & u128::from(u64::MAX));
    let lo_lo = a_lo * b_lo;
    let cross = a_hi * b_lo + a_lo * b_hi; // < 2^97: a_hi, b_hi < 2^32
    let hi_hi = a_hi * b_hi; // < 2^64
    let (low, carry) = lo_lo.overflowing_add(cross << 64);
    let high = hi_hi + (cross >> 64) + u128::from(carry);
    if high == 0 {
        return Decimal::try_from_i128_with_scale(i128::try_from(low / c).ok()?, 0).ok();
    }
    // Long division of (high, low) by c < 2^96, one bit at a time.
    let mut remainder: u128 = 0;
    let mut quotient: u128 = 0;
    for bit in (0..256).rev() {
        let next = if bit >= 128 {
            (high >> (bit - 128)) & 1
        } else {
            (low >> bit) & 1
        };
        remainder = (remainder << 1) | next; // remainder < c < 2^96, so no overflow
        quotient = quotient.checked_mul(2)?;
        if remainder >= c {
            remainder -= c;
            quotient += 1;
        }
    }
    Decimal::try_from_i128_with_scale(i128::try_from(quotient).ok()?, 0).ok()
}

/// The sum of a sequence.
pub fn sum(values: impl IntoIterator<Item = Decimal>, what: &'static str) -> Checked<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |total, v| add(total, v, what))
}

/// Σ aᵢ ÷ bᵢ over non-negative terms, rounded once, half away from zero, to 28 decimal places.
///
/// Each quotient is taken to 36 places by long division on the integer mantissas, so a sum of
/// ratios (an expected ownership) is the correctly rounded value rather than the sum of
/// separately rounded quotients, whose last digit can be off. `None` if a term is negative, a
/// divisor is not positive, or the sum reaches 340 (where 36 places no longer fit in 128 bits).
pub fn sum_of_ratios(terms: impl IntoIterator<Item = (Decimal, Decimal)>) -> Option<Decimal> {
    const PLACES: u32 = 36;
    let mut total: u128 = 0;
    for (a, b) in terms {
        if a.is_sign_negative() || b <= Decimal::ZERO {
            return None;
        }
        if a.is_zero() {
            continue;
        }
        let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
        // a ÷ b × 10^36 = ma × 10^(36 + scale(b) − scale(a)) ÷ mb, and scale(a) ≤ 28.
        let places = PLACES + b.scale() - a.scale();
        let mut quotient = ma / mb;
        let mut remainder = ma % mb;
        for _ in 0..places {
            // remainder < mb < 2^96, so remainder × 10 cannot overflow.
            remainder *= 10;
            quotient = quotient.checked_mul(10)?.checked_add(remainder / mb)?;
            remainder %= mb;
        }
        total = total.checked_add(quotient)?;
    }
    let rounded = total.checked_add(50_000_000)? / 100_000_000;
    Decimal::try_from_i128_with_scale(i128::try_from(rounded).ok()?, 28)
        .ok()
        .map(|d| d.normalize())
}

#[cfg(test)]
#[path = "arith_tests.rs"]
mod tests;
