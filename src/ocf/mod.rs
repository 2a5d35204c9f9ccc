//! Open Cap Format (OCF, the Open Cap Table Coalition's interchange format for cap tables):
//! reading a package (`read`), replaying its transactions to the cap table on a date
//! (`replay`), writing that cap table as a commented scenario file (`write`), exporting a
//! scenario's cap table as a package (`export`), and checking items against the vendored OCF
//! 1.2.0 JSON schemas (`schema`).
//!
//! Reading is lenient, as real exports need: numbers written `"+10000000.00"`, events dated
//! before their own issuance, a security closed twice, placeholder md5s and items that fail the
//! published schemas are read and reported (`Notes`), never silently dropped. Every figure is a
//! `rust_decimal` parsed from the package's text, never a float.

pub mod export;
pub mod read;
pub mod replay;
pub mod schema;
mod schema_files;
pub mod write;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::scenario::model::Date;

/// The OCF version this module writes and validates against.
pub const OCF_VERSION: &str = "1.2.0";

/// One object of a package: which file it is in, its place there, and its JSON.
#[derive(Clone, Debug)]
pub struct Item {
    /// The file's path as the manifest lists it (`Transactions.ocf.json`).
    pub file: String,
    /// Its index in the file's `items`.
    pub index: usize,
    pub value: Value,
}

impl Item {
    /// The object's `id` (its index in the file when it has none).
    pub fn id(&self) -> String {
        self.value
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("item {}", self.index), clean)
    }

    pub fn object_type(&self) -> &str {
        self.value
            .get("object_type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// "`Transactions.ocf.json` item `tx-3`", for messages.
    pub fn at(&self) -> String {
        format!("{} {}", self.file, self.id())
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
}

/// What the reading and replay noticed: warnings (the import goes on) and items left out of the
/// scenario with the reason.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    pub warnings: Vec<String>,
    pub left_out: Vec<String>,
}

impl Notes {
    pub fn warn(&mut self, text: impl Into<String>) {
        self.warnings.push(text.into());
    }

    pub fn leave_out(&mut self, text: impl Into<String>) {
        self.left_out.push(text.into());
    }
}

/// Text from a package made safe for one line of a comment or message: control characters
/// (a newline would end a TOML comment) become spaces.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An OCF Numeric (`"^[+-]?[0-9]+(\.[0-9]{1,10})?$"`) read exactly, and leniently: a leading
/// `+` (`"+10000000.00"`, as one real export writes), surrounding spaces, more than ten
/// decimals, and a JSON number (read from its text) are accepted. `Err` says why not.
pub fn numeric(value: &Value) -> Result<Decimal, String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(format!(
                "expected a number written as a string, found {other}"
            ));
        }
    };
    let digits = text.strip_prefix('+').unwrap_or(&text);
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(format!("{text:?} is not a decimal number"));
    }
    Decimal::from_str_exact(digits).map_err(|_| format!("{text:?} is not a decimal number"))
}

/// A `Monetary` (`{amount, currency}`): the amount and the currency code.
pub fn monetary(value: &Value) -> Result<(Decimal, String), String> {
    let amount = value
        .get("amount")
        .ok_or_else(|| "has no amount".to_string())
        .and_then(numeric)?;
    let currency = value
        .get("currency")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase();
    Ok((amount, currency))
}

/// An OCF Date (`YYYY-MM-DD`); a date-time (`2024-01-31T00:00:00Z`) is read as its date.
pub fn date(value: &Value) -> Option<Date> {
    let text = value.as_str()?.trim();
    let text = text.get(..10).unwrap_or(text);
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u8>().ok()?;
    let day = parts.next()?.parse::<u8>().ok()?;
    let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then_some(Date { year, month, day })
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date of a count of days since 1970-01-01 (Howard Hinnant's civil-from-days).
pub fn date_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// Today (UTC), or the date of `SOURCE_DATE_EPOCH` when set (the reproducible-builds
/// convention: tests and reproducible outputs fix the import date with it).
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    date_from_days(seconds.div_euclid(86_400))
}

/// How the package writes percentages. OCF 1.2.0's `Percentage` is a fraction of 1 (`"0.2"` is
/// 20%); an older export wrote percent (`"5.0"` for 5%). A package is read one way throughout:
/// when any percentage in it is above 1 (no fraction of 1 is), every percentage in it is read
/// as percent (÷ 100), and a warning says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentStyle {
    Fraction,
    Percent,
}

impl PercentStyle {
    pub fn read(self, value: Decimal) -> Decimal {
        match self {
            PercentStyle::Fraction => value,
            PercentStyle::Percent => value / Decimal::ONE_HUNDRED,
        }
    }
}

/// Deterministic, readable ids for an export: `prefix-slug` of a name (`sh-founder-a`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('_');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
