//! Exact reading of the format's value kinds: money, share counts, fractions and multiples.
//!
//! Everything here works on text and returns `Decimal`s: a money string such as `"$1.5T"`,
//! `"€6 million"` or `"1,250,000"` becomes an exact decimal, never a binary float. TOML float
//! literals reach this module as their source text (see `tree.rs`), so `0.26` is exactly 26/100.
//!
//! The money grammar (docs/scenario-format.md has it as a table):
//!
//! ```text
//! amount   = sign? currency? sign? number scale? (" " code)?
//! currency = symbol | code " "?          symbol = $ (USD) | € (EUR) | £ (GBP) | ¥ (JPY)
//! code     = three capital letters (ISO 4217), which must be the scenario's currency
//! number   = digits (with `_`, or `,` before each group of three) [. digits] [e sign? digits]
//! scale    = " "? (k | thousand | m | mm | million | b | bn | billion | t | tn | trillion),
//!            any case
//! ```

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
    /// An amount written in another currency than the scenario's: `"$1.3B"` in a EUR file.
    Currency {
        /// The currency the amount names, such as `USD`.
        code: String,
        /// How it names it: a symbol such as `$`, or the code itself.
        written: String,
        /// The scenario's currency.
        expected: String,
        /// The amount without its currency, such as `1.3B`, for the help.
        bare: String,
    },
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
            ValueError::Currency {
                code,
                written,
                expected,
                ..
            } => {
                if written == code {
                    write!(f, "is in {code} but the scenario's currency is {expected}")
                } else {
                    write!(
                        f,
                        "is in {code} ({written}) but the scenario's currency is {expected}"
                    )
                }
            }
        }
    }
}

/// The currency symbols the grammar knows, each standing for one ISO 4217 code.
pub const SYMBOLS: [(char, &str); 4] = [('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY")];

/// The symbol of a currency code, if the grammar has one.
pub fn symbol_of(code: &str) -> Option<char> {
    SYMBOLS.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
}

/// Forms a money string may take in a scenario whose currency is `currency`, for help messages.
pub fn money_forms(currency: &str) -> String {
    let marked = match symbol_of(currency) {
        Some(symbol) => format!("\"{symbol}1.5T\", \"{currency} 6 million\""),
        None => format!("\"{currency} 1.5T\", \"6 million {currency}\""),
    };
    format!(
        "write money as an integer (730_000_000_000) or a string: \"730B\", {marked}, \"24mm\", \"1.3bn\", \"10K\", \"730e9\", \"12.50\" or \"1,250,000\""
    )
}
/// Forms a share count may take, for help messages.
pub const SHARE_FORMS: &str = "write a share count as an integer (1_000_000) or a string such as \"1,000,000\" or \"1.5M\", zero or more";
/// Forms a fraction may take, for help messages.
pub const FRACTION_FORMS: &str = "write a fraction as \"26%\", \"0.26\" or 0.26, between 0 and 1";
/// Forms a multiple may take, for help messages.
pub const MULTIPLE_FORMS: &str = "write a multiple as \"1x\", \"1.5x\" or 1.5, zero or more";

/// Most significant digits a TOML float literal may have and still be read exactly.
pub const MAX_FLOAT_DIGITS: usize = 15;

/// The currency an amount is written in, by symbol or ISO code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The ISO 4217 code: `USD` for `$`.
    pub code: String,
    /// As written: `$`, `€`, or the code.
    pub written: String,
}

/// Reads money in a scenario whose currency is `currency` (`None`: unknown, because the
/// scenario's `currency` failed to read; then any currency is let through, as its own error
/// is the one to fix). Not negative. See the module comment for the grammar.
pub fn parse_money_in(text: &str, currency: Option<&str>) -> Result<Decimal, ValueError> {
    let (value, marker) = read_amount(text)?;
    if let (Some(marker), Some(expected)) = (marker, currency) {
        check_marker(text, marker, expected)?;
    }
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ValueError::Negative);
    }
    Ok(value)
}

/// Reads money whose currency is not known here (a command-line exit value): any currency
/// symbol or code is let through. Not negative.
pub fn parse_money(text: &str) -> Result<Decimal, ValueError> {
    parse_money_in(text, None)
}

/// As [`parse_money`] but keeps a sign; any currency symbol or code is let through (a caller
/// that knows the scenario's currency checks it with [`check_currency`]).
pub fn parse_signed_amount(text: &str) -> Result<Decimal, ValueError> {
    read_amount(text).map(|(value, _)| value)
}

/// Whether an amount's currency, if it names one, is `currency`: the error says which it is.
pub fn check_currency(text: &str, currency: &str) -> Result<(), ValueError> {
    match read_amount(text)? {
        (_, Some(marker)) => check_marker(text, marker, currency),
        (_, None) => Ok(()),
    }
}

fn check_marker(text: &str, marker: Marker, expected: &str) -> Result<(), ValueError> {
    if marker.code == expected {
        return Ok(());
    }
    Err(ValueError::Currency {
        bare: text
            .trim()
            .replacen(&marker.written, "", 1)
            .trim()
            .to_string(),
        code: marker.code,
        written: marker.written,
        expected: expected.to_string(),
    })
}

/// Reads an amount with its sign and the currency it names, if any.
pub fn read_amount(text: &str) -> Result<(Decimal, Option<Marker>), ValueError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ValueError::Malformed("is empty".into()));
    }
    let (mut negative, mut rest) = split_sign(trimmed);
    let mut marker = None;
    if let Some((prefix, after)) = split_prefix_marker(rest) {
        marker = Some(prefix);
        rest = after.trim_start();
        // "$-5B" is as negative as "-$5B"; one sign at most.
        if !negative {
            (negative, rest) = split_sign(rest);
        }
    }
    if let Some((before, code)) = split_suffix_code(rest) {
        rest = before;
        match &marker {
            Some(prefix) if prefix.code != code.code => {
                return Err(ValueError::Malformed(format!(
                    "`{}` names two currencies, {} and {}",
                    text.trim(),
                    prefix.code,
                    code.code
                )));
            }
            Some(_) => {}
            None => marker = Some(code),
        }
    }
    let (number, multiplier) = split_suffix(rest);
    if number.starts_with(['-', '+']) {
        return Err(ValueError::Malformed(format!(
            "`{text}` has more than one sign"
        )));
    }
    let digits = strip_separators(number).map_err(ValueError::Malformed)?;
    check_comma_groups(number, text.trim()).map_err(ValueError::Malformed)?;
    let magnitude = parse_plain_decimal(&digits).map_err(|error| match error {
        // Name the whole text, suffix included, not the part left after taking it off.
        ValueError::Malformed(_) => ValueError::Malformed(format!(
            "`{}` is not an amount (expected digits, an optional decimal point and exponent, and at most one scale: K, M, mm, million, B, bn, billion, T, tn or trillion)",
            text.trim()
        )),
        other => other,
    })?;
    let magnitude = magnitude
        .checked_mul(multiplier)
        .ok_or(ValueError::TooLarge)?;
    let value = if negative && !magnitude.is_zero() {
        -magnitude
    } else {
        magnitude
    };
    Ok((value, marker))
}

/// A currency before the number: a symbol (`$`, `€`, `£`, `¥`) or a three-capital ISO code
/// (`EUR 1.3B`, `EUR1.3B`). Returns it and the text after it.
fn split_prefix_marker(text: &str) -> Option<(Marker, &str)> {
    let first = text.chars().next()?;
    if let Some((symbol, code)) = SYMBOLS.iter().find(|(s, _)| *s == first) {
        let marker = Marker {
            code: (*code).to_string(),
            written: symbol.to_string(),
        };
        return Some((marker, &text[first.len_utf8()..]));
    }
    let code = text.get(..3)?;
    let after = &text[3..];
    let is_code = code.bytes().all(|b| b.is_ascii_uppercase())
        && !after.starts_with(|c: char| c.is_ascii_alphabetic());
    is_code.then(|| {
        let marker = Marker {
            code: code.to_string(),
            written: code.to_string(),
        };
        (marker, after)
    })
}

/// A three-capital ISO code after the number, after a space: `1.3B EUR`. Returns the text
/// before it and the code.
fn split_suffix_code(text: &str) -> Option<(&str, Marker)> {
    let split = text.len().checked_sub(3)?;
    let code = text.get(split..)?;
    let before = &text[..split];
    let is_code = code.bytes().all(|b| b.is_ascii_uppercase())
        && before.ends_with(char::is_whitespace)
        && !before.trim().is_empty();
    is_code.then(|| {
        let marker = Marker {
            code: code.to_string(),
            written: code.to_string(),
        };
        (before.trim_end(), marker)
    })
}

/// A `,` separates thousands: it is followed by exactly three digits and stands before any
/// decimal point. So `"1,3B"` and `"24,5M"` (decimal commas) and `"1.000,5"` are errors, not
/// 13 billion, 245 million and 1.0005.
fn check_comma_groups(number: &str, text: &str) -> Result<(), String> {
    let Some(first) = number.find(',') else {
        return Ok(());
    };
    let point = number.find(['.', 'e', 'E']).unwrap_or(number.len());
    let misplaced = || {
        format!(
            "`{text}` has a `,` that does not separate thousands: write the decimal point as `.` (\"1.3B\"), and `,` only before each group of three digits (\"1,250,000\")"
        )
    };
    if first > point {
        return Err(misplaced());
    }
    for (i, _) in number[..point].match_indices(',') {
        let group = number[i + 1..point].split(',').next().unwrap_or_default();
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(misplaced());
        }
    }
    if number[point..].contains(',') {
        return Err(misplaced());
    }
    Ok(())
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

/// Splits a scale off a number (any case, with or without a space before it), returning its
/// multiplier. Longer words first, so `mm` is not read as `m` after `m`.
fn split_suffix(text: &str) -> (&str, Decimal) {
    const SUFFIXES: [(&str, i64); 11] = [
        ("thousand", 1_000),
        ("trillion", 1_000_000_000_000),
        ("million", 1_000_000),
        ("billion", 1_000_000_000),
        ("mm", 1_000_000),
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
