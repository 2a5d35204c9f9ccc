//! How numbers are written for people: human money units, grouped digits and percentages.
//!
//! The one rounding rule for display is stated here: half away from zero (as spreadsheets
//! round), applied only when text is produced. JSON and CSV use [`exact`] and never round.

use rust_decimal::{Decimal, RoundingStrategy};

/// The exact decimal text used by JSON and CSV: no exponent, no trailing zeros.
pub fn exact(value: Decimal) -> String {
    let normalized = value.normalize();
    if normalized.is_zero() {
        "0".into()
    } else {
        normalized.to_string()
    }
}

/// Appends [`exact`] text to `out` as bytes, without allocating: the hot loop of sweep CSV
/// output.
pub fn push_exact(out: &mut Vec<u8>, value: Decimal) {
    /// "00" to "99".
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    const TEN_19: u128 = 10_000_000_000_000_000_000;
    let mantissa = value.mantissa().unsigned_abs();
    if mantissa == 0 {
        out.push(b'0');
        return;
    }
    if value.is_sign_negative() {
        out.push(b'-');
    }
    // A mantissa is below 2^96 < 10^29: 29 digits at most, written from the right.
    let mut buffer = [b'0'; 32];
    let mut start = buffer.len();
    let mut push_digits = |mut n: u64, at_least: usize| {
        let end = start;
        while n >= 100 {
            let pair = (n % 100) as usize * 2;
            n /= 100;
            start -= 2;
            buffer[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
        }
        if n >= 10 {
            let pair = n as usize * 2;
            start -= 2;
            buffer[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
        } else if n > 0 {
            start -= 1;
            buffer[start] = b'0' + n as u8;
        }
        // Leading zeros of a low part (the buffer is filled with '0').
        start = start.min(end - at_least);
    };
    if let Ok(small) = u64::try_from(mantissa) {
        // Below 2^64 (money in whole units, most share counts): no 128-bit division.
        push_digits(small, 0);
    } else {
        let (high, low) = ((mantissa / TEN_19) as u64, (mantissa % TEN_19) as u64);
        push_digits(low, 19);
        push_digits(high, 0);
    }
    // Trailing zeros after the point are dropped.
    let mut scale = value.scale() as usize;
    let mut end = buffer.len();
    while scale > 0 && buffer[end - 1] == b'0' {
        end -= 1;
        scale -= 1;
    }
    let digits = &buffer[start..end];
    let point = digits.len().saturating_sub(scale);
    if point == 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + (scale - digits.len()), b'0');
    } else {
        out.extend_from_slice(&digits[..point]);
        if scale > 0 {
            out.push(b'.');
        }
    }
    out.extend_from_slice(&digits[point..]);
}

/// Rounds half away from zero to `decimals` places: the display rule everywhere.
pub fn round_display(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Groups the integer digits of an exact value with commas: 49000000000 → "49,000,000,000".
pub fn grouped(value: Decimal) -> String {
    let text = exact(value);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// The symbol written before money in a currency, or the ISO code and a space.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

/// How many decimals money in human units gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyDigits {
    /// The fewest decimals, at most two, that show the amount exactly in its unit ($730B,
    /// $1.62M, $24.75M); an amount that needs more is rounded to `inexact` decimals ($648.5B).
    /// Below a thousand: whole amounts without decimals ($500), others to the cent ($12.50).
    Fewest { inexact: u32 },
    /// Exactly this many decimals in the unit (`--money-decimals N`).
    Fixed(u32),
}

impl MoneyDigits {
    /// The rule of sentences and of a table in which one decimal tells every amount apart.
    pub const DEFAULT: MoneyDigits = MoneyDigits::Fewest { inexact: 1 };
}

/// Money in human units by [`MoneyDigits::DEFAULT`]: $730B, $1.5T, $1.62M, $648.5B, $10K, $12.50.
pub fn human_money(value: Decimal, currency: &str) -> String {
    human_money_with(value, currency, MoneyDigits::DEFAULT)
}

/// Money in human units: from a thousand up scaled to K, M, B or T (the largest unit the
/// amount reaches, or reaches once rounded: 999,999 at one decimal is $1.0M), below a thousand
/// in the currency itself; decimals by `digits`, rounded half away from zero. A negative amount
/// has an ASCII minus before the currency: -$7.8M.
pub fn human_money_with(value: Decimal, currency: &str, digits: MoneyDigits) -> String {
    let prefix = currency_prefix(currency);
    let (negative, rounded, decimals, unit) = human_parts(value, digits);
    let sign = if negative { "-" } else { "" };
    format!("{sign}{prefix}{rounded:.*}{unit}", decimals as usize)
}

/// The number a person reads for `value` (its unit's multiple, rounded as shown): two amounts
/// look equal when these are equal.
pub fn shown_money(value: Decimal, digits: MoneyDigits) -> (bool, Decimal, &'static str) {
    let (negative, rounded, _, unit) = human_parts(value, digits);
    (negative, rounded.normalize(), unit)
}

/// (negative as shown, the rounded amount in its unit, its decimals, the unit).
fn human_parts(value: Decimal, digits: MoneyDigits) -> (bool, Decimal, u32, &'static str) {
    // Smallest unit first; the plain currency is index 0.
    const UNITS: [(i64, &str); 5] = [
        (1, ""),
        (1_000, "K"),
        (1_000_000, "M"),
        (1_000_000_000, "B"),
        (1_000_000_000_000, "T"),
    ];
    let magnitude = value.abs();
    let mut index = UNITS
        .iter()
        .rposition(|(scale, _)| magnitude >= Decimal::from(*scale))
        .unwrap_or(0);
    loop {
        let (scale, unit) = UNITS[index];
        // Dividing by a power of ten of at most 10^12 cannot overflow: the result is smaller.
        let scaled = magnitude / Decimal::from(scale);
        let decimals = match digits {
            MoneyDigits::Fixed(n) => n,
            MoneyDigits::Fewest { inexact } => {
                let exact = scaled.normalize().scale();
                if index == 0 {
                    // Cents: whole amounts plain, any other to two decimals.
                    if exact == 0 { 0 } else { 2 }
                } else if exact <= 2 {
                    exact
                } else {
                    inexact
                }
            }
        };
        let rounded = round_display(scaled, decimals);
        if rounded >= Decimal::ONE_THOUSAND && index + 1 < UNITS.len() {
            // Rounded up into the next unit (999.96K → 1.0M).
            index += 1;
            continue;
        }
        let negative = value.is_sign_negative() && !rounded.is_zero();
        return (negative, rounded, decimals, unit);
    }
}

/// A fraction of 1 as a percentage with `decimals` places: 0.0595238… → "5.95%".
pub fn percent(fraction: Decimal, decimals: u32) -> String {
    let hundred = fraction.checked_mul(Decimal::ONE_HUNDRED);
    match hundred {
        Some(p) => format!("{:.*}%", decimals as usize, round_display(p, decimals)),
        None => "overflow".into(),
    }
}

/// A change in percentage points with its sign: "+5.95 pp", "-3.54 pp", "0.00 pp".
pub fn points(change: Decimal, decimals: u32) -> String {
    let p = change
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|p| round_display(p, decimals));
    match p {
        Some(p) if p.is_zero() => format!("{:.*} pp", decimals as usize, Decimal::ZERO),
        Some(p) if p.is_sign_positive() => format!("+{p:.*} pp", decimals as usize),
        Some(p) => format!("{p:.*} pp", decimals as usize),
        None => "overflow".into(),
    }
}

/// A share count for tables: grouped digits, fractions (from `shares = "exact"`) to 4 places.
pub fn shares(value: Decimal) -> String {
    if value.fract().is_zero() {
        grouped(value)
    } else {
        grouped(round_display(value, 4))
    }
}

/// A price per share for tables: at least two decimals, at most four.
/// A negative price has the minus before the currency, as money does: -$0.7191.
pub fn price(value: Decimal, currency: &str) -> String {
    let rounded = round_display(value, 4).normalize();
    let decimals = rounded.scale().max(2) as usize;
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!(
        "{sign}{}{:.*}",
        currency_prefix(currency),
        decimals,
        rounded.abs()
    )
}

/// A multiple: 64.6x.
pub fn multiple(value: Decimal) -> String {
    format!("{:.1}x", round_display(value, 1))
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;

/// A class as tables show it: a shadow series `CLASS:shadow:INVESTOR` (its JSON name) as
/// `CLASS (INVESTOR)`; any other class as named.
pub fn class_label(name: &str) -> String {
    match name.split_once(":shadow:") {
        Some((class, investor)) => format!("{class} ({investor})"),
        None => name.to_string(),
    }
}

/// A class's name for people made from its key: words split at `_` and `-`, each starting
/// with a capital: `series_a` → "Series A", `seed_preferred` → "Seed Preferred".
pub fn class_title(key: &str) -> String {
    key.split(['_', '-'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A class as tables and charts show it: its title from `titles` (key, title), else one made
/// from its key; a shadow series `CLASS:shadow:INVESTOR` as `TITLE (INVESTOR)`.
pub fn class_display(name: &str, titles: &[(String, String)]) -> String {
    let title = |key: &str| {
        titles
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| class_title(key), |(_, t)| t.clone())
    };
    match name.split_once(":shadow:") {
        Some((class, investor)) => format!("{} ({investor})", title(class)),
        None => title(name),
    }
}
