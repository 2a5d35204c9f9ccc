//! Exact reading of the format's value kinds: money, share counts, fractions and multiples.
//!
//! Everything here works on text and returns `Decimal`s: a money string such as `"$1.5T"` or
//! `"1,250,000"` becomes an exact decimal, never a binary float. TOML float literals reach this
//! module as their source text (see `tree.rs`), so `0.26` is exactly 26/100.

use std::fmt;

use rust_decimal::Decimal;

/// What went wrong reading a value; the caller adds the key and the span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// The text is not of the expected form.
    Malformed(String),
    /// A negative amount.
    Negative,
    /// A fraction below 0 or above 1.
    OutOfRange,
    /// More significant digits than a 96-bit decimal holds.
    TooPrecise,
    /// A magnitude above the largest decimal.
    TooLarge,
    /// A float literal with more than 15 significant digits.
    ImpreciseFloat,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Malformed(why) => f.write_str(why),
            ValueError::Negative => f.write_str("is negative"),
            ValueError::OutOfRange => f.write_str("is outside 0% to 100%"),
            ValueError::TooPrecise => {
                f.write_str("has more digits than can be held exactly (28 significant digits)")
            }
            ValueError::TooLarge => {
                f.write_str("is too large (the largest amount is 79,228,162,514,264,337,593,543,950,335)")
            }
            ValueError::ImpreciseFloat => f.write_str(
                "is a float literal with more than 15 significant digits, which TOML cannot hold exactly",
            ),
        }
    }
}

/// Forms a money string may take, for help messages.
pub const MONEY_FORMS: &str = "write money as an integer (730_000_000_000) or a string: \"730B\", \"$1.5T\", \"250M\", \"10K\", \"730e9\", \"12.50\" or \"1,250,000\"";
/// Forms a share count may take, for help messages.
pub const SHARE_FORMS: &str = "write a share count as an integer (1_000_000) or a string such as \"1,000,000\" or \"1.5M\", zero or more";
/// Forms a fraction may take, for help messages.
pub const FRACTION_FORMS: &str = "write a fraction as \"26%\", \"0.26\" or 0.26, between 0 and 1";
/// Forms a multiple may take, for help messages.
pub const MULTIPLE_FORMS: &str = "write a multiple as \"1x\", \"1.5x\" or 1.5, zero or more";

/// Most significant digits a TOML float literal may have and still be read exactly.
pub const MAX_FLOAT_DIGITS: usize = 15;

/// Reads a money string: optional `$`, digits with optional `,` or `_` separators, an optional
/// decimal point and exponent, and an optional K / M / B / bn / T / tn suffix (any case).
pub fn parse_money(text: &str) -> Result<Decimal, ValueError> {
    let value = parse_signed_amount(text)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ValueError::Negative);
    }
    Ok(value)
}

/// As [`parse_money`] but keeps a sign: the building block for money and share counts.
pub fn parse_signed_amount(text: &str) -> Result<Decimal, ValueError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ValueError::Malformed("is empty".into()));
    }
    let (mut negative, mut rest) = split_sign(trimmed);
    if let Some(after_dollar) = rest.strip_prefix('$') {
        rest = after_dollar.trim_start();
        // "$-5B" is as negative as "-$5B"; one sign at most.
        if !negative {
            (negative, rest) = split_sign(rest);
        }
    }
    let (number, multiplier) = split_suffix(rest);
    if number.starts_with(['-', '+']) {
        return Err(ValueError::Malformed(format!(
            "`{text}` has more than one sign"
        )));
    }
    let digits = strip_separators(number).map_err(ValueError::Malformed)?;
    let magnitude = parse_plain_decimal(&digits).map_err(|error| match error {
        // Name the whole text, suffix included, not the part left after taking it off.
        ValueError::Malformed(_) => ValueError::Malformed(format!(
            "`{}` is not an amount (expected digits, an optional decimal point and exponent, and at most one K, M, B or T)",
            text.trim()
        )),
        other => other,
    })?;
    let magnitude = magnitude
        .checked_mul(multiplier)
        .ok_or(ValueError::TooLarge)?;
    Ok(if negative && !magnitude.is_zero() {
        -magnitude
    } else {
        magnitude
    })
}

/// Reads a fraction written as a percentage (`"26%"`, `"12.5 %"`) or a plain decimal (`"0.26"`).
pub fn parse_fraction(text: &str) -> Result<Decimal, ValueError> {
    let trimmed = text.trim();
    let value = if let Some(percent) = trimmed.strip_suffix('%') {
        let number = parse_plain_decimal(percent.trim())?;
        number
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(ValueError::TooPrecise)?
    } else {
        parse_plain_decimal(trimmed)?
    };
    check_fraction(value)
}

/// A fraction must lie in 0..=1.
pub fn check_fraction(value: Decimal) -> Result<Decimal, ValueError> {
    if value < Decimal::ZERO || value > Decimal::ONE {
        Err(ValueError::OutOfRange)
    } else {
        Ok(value)
    }
}

/// Reads a multiple such as `"1x"`, `"1.5X"` or `"2"`.
pub fn parse_multiple(text: &str) -> Result<Decimal, ValueError> {
    let trimmed = text.trim();
    let number = trimmed
        .strip_suffix(['x', 'X'])
        .map_or(trimmed, str::trim_end);
    let value = parse_plain_decimal(number)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ValueError::Negative);
    }
    Ok(value)
}

/// Reads the text of a TOML float literal (`0.26`, `730e9`, `-1.5E-3`) exactly, refusing
/// literals with more significant digits than a binary float keeps.
pub fn parse_float_literal(text: &str) -> Result<Decimal, ValueError> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return Err(ValueError::Malformed(
            "is not a finite number (inf and nan are not amounts)".into(),
        ));
    }
    let mantissa = lower.split('e').next().unwrap_or_default();
    // Significant digits: leading and trailing zeros do not count (730e9 has 2, 0.260 has 2).
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    if significant > MAX_FLOAT_DIGITS {
        return Err(ValueError::ImpreciseFloat);
    }
    let digits = strip_separators(text).map_err(ValueError::Malformed)?;
    parse_plain_decimal(&digits)
}

/// Reads an integer literal's digits in the given radix.
pub fn parse_integer_literal(digits: &str, radix: u32) -> Result<Decimal, ValueError> {
    let value = i128::from_str_radix(digits, radix)
        .map_err(|_| ValueError::Malformed("is not an integer".into()))?;
    Decimal::try_from_i128_with_scale(value, 0).map_err(|_| ValueError::TooPrecise)
}

fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest.trim_start())
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest.trim_start())
    } else {
        (false, text)
    }
}

/// Splits a K / M / B / bn / T / tn suffix off a number, returning its multiplier.
fn split_suffix(text: &str) -> (&str, Decimal) {
    const SUFFIXES: [(&str, i64); 6] = [
        ("bn", 1_000_000_000),
        ("tn", 1_000_000_000_000),
        ("k", 1_000),
        ("m", 1_000_000),
        ("b", 1_000_000_000),
        ("t", 1_000_000_000_000),
    ];
    for (suffix, multiplier) in SUFFIXES {
        if text.len() > suffix.len() {
            let split = text.len() - suffix.len();
            if text.is_char_boundary(split) && text[split..].eq_ignore_ascii_case(suffix) {
                return (text[..split].trim_end(), Decimal::from(multiplier));
            }
        }
    }
    (text, Decimal::ONE)
}

/// Removes `,` and `_` digit separators, which must stand between two digits.
fn strip_separators(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == ',' || c == '_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !(before.is_some_and(u8::is_ascii_digit) && after.is_some_and(u8::is_ascii_digit)) {
                return Err(format!(
                    "has a misplaced `{c}`: separators go between digits"
                ));
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Reads `digits[.digits][e[+-]digits]` exactly.
fn parse_plain_decimal(text: &str) -> Result<Decimal, ValueError> {
    let malformed = || {
        ValueError::Malformed(format!(
            "`{text}` is not a number (expected digits, an optional decimal point and exponent)"
        ))
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (negative, unsigned) = split_sign(mantissa);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (unsigned, ""),
    };
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_ok(whole) || !digits_ok(fraction) {
        return Err(malformed());
    }
    if unsigned.ends_with('.') && exponent.is_none() && fraction.is_empty() && whole.is_empty() {
        return Err(malformed());
    }
    // Zeros that only place the point (leading zeros, trailing zeros of the fraction) cost no
    // precision; trailing zeros of the whole part make the number large, not precise.
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    if whole.len() > 29 {
        return Err(ValueError::TooLarge);
    }
    if format!("{whole}{fraction}").trim_start_matches('0').len() > 29 {
        return Err(ValueError::TooPrecise);
    }
    let sign = if negative { "-" } else { "" };
    let whole = if whole.is_empty() { "0" } else { whole };
    let plain = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    let mut value = Decimal::from_str_exact(&plain).map_err(|_| {
        if whole.len() >= 29 {
            ValueError::TooLarge
        } else {
            ValueError::TooPrecise
        }
    })?;
    if let Some(exponent) = exponent {
        let (exp_negative, exp_digits) = split_sign(exponent);
        if exp_digits.is_empty() || !digits_ok(exp_digits) || exp_digits.len() > 3 {
            return Err(malformed());
        }
        let power: u32 = exp_digits.parse().map_err(|_| malformed())?;
        if power > 28 {
            return Err(if exp_negative {
                ValueError::TooPrecise
            } else {
                ValueError::TooLarge
            });
        }
        let scale = Decimal::from_i128_with_scale(10_i128.pow(power), 0);
        value = if exp_negative {
            value.checked_div(scale).ok_or(ValueError::TooPrecise)?
        } else {
            value.checked_mul(scale).ok_or(ValueError::TooLarge)?
        };
        // A division that had to round is not exact.
        if exp_negative && value.checked_mul(scale) != Decimal::from_str_exact(&plain).ok() {
            return Err(ValueError::TooPrecise);
        }
    }
    Ok(value.normalize())
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
