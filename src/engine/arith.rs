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
}

pub type Checked<T> = Result<T, Overflow>;

pub fn add(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_add(b).ok_or(Overflow { what })
}

pub fn sub(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_sub(b).ok_or(Overflow { what })
}

pub fn mul(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_mul(b).ok_or(Overflow { what })
}

/// `a / b`; division by zero is reported like an overflow, naming the quantity.
pub fn div(a: Decimal, b: Decimal, what: &'static str) -> Checked<Decimal> {
    a.checked_div(b).ok_or(Overflow { what })
}

/// `a × b ÷ c` from the exact product where it fits, so that a ratio which is whole comes out
/// whole ($1M × 3,000,000 shares ÷ $10M = 300,000 exactly, where $1M ÷ $3.333… would not).
/// Falls back to `(a ÷ c) × b` only when the product itself overflows.
pub fn mul_div(a: Decimal, b: Decimal, c: Decimal, what: &'static str) -> Checked<Decimal> {
    if c.is_zero() {
        return Err(Overflow { what });
    }
    match a.checked_mul(b) {
        Some(product) => product.checked_div(c).ok_or(Overflow { what }),
        None => a
            .checked_div(c)
            .and_then(|q| q.checked_mul(b))
            .ok_or(Overflow { what }),
    }
}

/// The sum of a sequence.
pub fn sum(values: impl IntoIterator<Item = Decimal>, what: &'static str) -> Checked<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |total, v| add(total, v, what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_keeps_whole_ratios_whole() {
        let shares = mul_div(
            Decimal::from(1_000_000),
            Decimal::from(3_000_000),
            Decimal::from(10_000_000),
            "t",
        );
        assert_eq!(shares, Ok(Decimal::from(300_000)));
    }

    #[test]
    fn overflow_is_an_error_naming_the_quantity() {
        assert_eq!(
            mul(Decimal::MAX, Decimal::TWO, "post-money"),
            Err(Overflow { what: "post-money" })
        );
        assert_eq!(
            add(Decimal::MAX, Decimal::ONE, "x"),
            Err(Overflow { what: "x" })
        );
        assert_eq!(
            div(Decimal::ONE, Decimal::ZERO, "price"),
            Err(Overflow { what: "price" })
        );
        assert!(mul_div(Decimal::MAX, Decimal::MAX, Decimal::ONE, "y").is_err());
        // The product overflows but the quotient first does not.
        assert_eq!(
            mul_div(Decimal::MAX, Decimal::TWO, Decimal::from(4), "z").map(|v| v.round()),
            Ok((Decimal::MAX / Decimal::TWO).round())
        );
    }
}
