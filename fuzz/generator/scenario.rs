//! A scenario description built by `arbitrary` that is valid by construction, and its TOML
//! text. Shared by the structure-aware fuzz target (`fuzz/fuzz_targets/structured.rs`) and the
//! integration test that checks every generated file passes validation
//! (`tests/integration/generated.rs`), so a rule added to the validator that the generator
//! does not know about fails `cargo test` rather than silently lowering the fuzzer's yield.
//!
//! Only `arbitrary` and `std` are used here (no captable types): the text is the interface.
//!
//! Values: every money amount and share count is a mantissa of up to 29 digits (at most
//! 79,228,162,514,264,337,593,543,950,335, rust_decimal's largest) at one scale per scenario
//! (0 to 12 decimals), spread over magnitudes so that tiny, ordinary and huge (near 10^27)
//! values all occur; sums the format requires to hold exactly (stakes to 100%, tranches to
//! their investment, `post_money` above the round's money) are computed on the mantissas, with
//! each addend bounded so that no sum passes the largest decimal.

#![allow(dead_code)]

use arbitrary::{Arbitrary, Result, Unstructured};
use std::fmt::Write as _;

/// rust_decimal's largest mantissa (2^96 − 1).
pub const MAX_MANTISSA: u128 = 79_228_162_514_264_337_593_543_950_335;

/// Most items of each list, so that no generated file nears the outcome-work limits (E0019).
const MAX_HOLDERS: usize = 6;
const MAX_CONDITIONS: usize = 4;
const MAX_CLASSES: usize = 4;
const MAX_ROUNDS: usize = 4;
const MAX_INVESTMENTS: usize = 4;
const MAX_TRANCHES: usize = 4;
const MAX_SAFES: usize = 3;
const MAX_NOTES: usize = 2;
const MAX_COMMITMENTS: usize = 2;
const MAX_EXITS: usize = 3;
const MAX_WHEN_TERMS: usize = 5;
const MAX_OPTION_HOLDERS: usize = 3;
const MAX_GRANTS: usize = 2;
const MAX_SECONDARIES: usize = 2;
/// `report --ranges` reads at most 4 dimensions (16 corners).
const MAX_RANGE_DIMENSIONS: usize = 4;
/// Funds that are no holder: "Fund 0" … "Fund 3".
const FUNDS: usize = 4;

/// A non-negative mantissa spread over magnitudes: mostly up to 12 digits, sometimes up to 29.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mag(pub u128);

impl<'a> Arbitrary<'a> for Mag {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let pick: u8 = u.arbitrary()?;
        let digits: u32 = match pick % 8 {
            0..=4 => 1 + u32::from(pick / 8) % 12,
            5 | 6 => 1 + u32::from(pick / 8) % 29,
            _ => 29,
        };
        let raw: u128 = u.arbitrary()?;
        // 10^29 fits in a u128 (about 3.4 × 10^38).
        let value = raw % 10_u128.pow(digits);
        Ok(Mag(value.min(MAX_MANTISSA)))
    }
}

impl Mag {
    /// At least 1 and at most `limit`.
    fn positive(self, limit: u128) -> u128 {
        self.0.clamp(1, limit)
    }
    fn at_most(self, limit: u128) -> u128 {
        self.0.min(limit)
    }
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Holder {
    pub amount: Mag,
    pub class: Option<u8>,
    pub invested: Option<Mag>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Condition {
    /// Basis points (reduced to 0–10,000).
    pub probability: Option<u16>,
    pub assume: Option<bool>,
    pub description: bool,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Class {
    /// Tenths of a multiple.
    pub preference: Option<u8>,
    pub participating: Option<bool>,
    /// Tenths above the preference (participating only).
    pub cap: Option<u8>,
    pub seniority: Option<i8>,
    pub anti_dilution: Option<u8>,
}

/// A `when`: a first condition, then up to five `and`/`or` (`not`) terms, optionally negated
/// and parenthesised as a whole.
#[derive(Arbitrary, Clone, Debug)]
pub struct When {
    pub first: u8,
    pub terms: Vec<(u8, u8)>,
    pub negate: bool,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Tranche {
    pub amount: Mag,
    pub named: bool,
    pub when: Option<When>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Investment {
    pub investor: u8,
    pub pro_rata: bool,
    pub class: Option<u8>,
    pub amount: Mag,
    /// With ranges, and without tranches: the width of the amount's range.
    pub range: Option<Mag>,
    /// Written as `[[round.investment.tranche]]` items (when not empty).
    pub tranches: Vec<Tranche>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Round {
    pub named: bool,
    /// 0 pre_money, 1 post_money, 2 price_per_share (share counts only).
    pub terms: u8,
    pub value: Mag,
    /// 0 none, 1 pool_target, 2 pool_increase (share counts only).
    pub pool: u8,
    pub pool_target: u16,
    pub pool_increase: Mag,
    pub pool_timing: Option<bool>,
    pub method: Option<u8>,
    pub investments: Vec<Investment>,
    /// 0 `pre-money`, 1 `post-money`, 2 `unknown` (ranges only) for terms 3 (`valuation`).
    pub basis: u8,
    /// With ranges: the width of the round's valuation range (0: one amount).
    pub range: Option<Mag>,
    /// `[[round.grant]]` (share counts with a pool).
    pub grants: Vec<Grant>,
    /// `[[round.secondary]]`.
    pub secondaries: Vec<Secondary>,
}

/// An option or warrant holder before the first round (share counts only), named
/// "Option holder K".
#[derive(Arbitrary, Clone, Debug)]
pub struct OptionHolder {
    pub warrant: bool,
    /// The strike in ten-thousandths (reduced below 10^8, that is 10,000.0000).
    pub strike: u64,
    pub shares: Mag,
    /// A warrant written as coverage (basis points) of an amount.
    pub coverage: Option<(u16, Mag)>,
    pub from_pool: bool,
    /// Writes `class = "common"` (options are over common only).
    pub common: bool,
}

/// `[[round.grant]]`: options out of the pool at the round's closing.
#[derive(Arbitrary, Clone, Debug)]
pub struct Grant {
    /// An existing option or warrant holder (when there is one), else a new grantee.
    pub existing: Option<u8>,
    pub shares: Mag,
    /// For a new grantee: `kind` (none: the default, option), its strike in ten-thousandths.
    pub warrant: Option<bool>,
    pub strike: u64,
    /// For an existing holder: write its strike again.
    pub repeat_strike: bool,
}

/// `[[round.secondary]]`: a sale (one seller) or a tender (several, or "all-common").
#[derive(Arbitrary, Clone, Debug)]
pub struct Secondary {
    /// 0 `seller`, 1 `sellers = [..]`, 2 `sellers = "all-common"`.
    pub sellers: u8,
    pub picks: Vec<u8>,
    /// Among the parties that are no seller, or a new buyer.
    pub buyer: u8,
    /// 0 `shares` (share counts only), 1 `stake`, 2 `amount`.
    pub quantity: u8,
    pub shares: Mag,
    /// Basis points of the company, reduced to 1–1,000 (at most 10%).
    pub stake: u16,
    pub amount: Mag,
    /// `price_per_share` (share counts only) or `valuation`.
    pub per_share: bool,
    pub price: Mag,
    pub when: Option<When>,
    pub class: Option<u8>,
    /// Tenders only: a share count (share counts only) or a percentage of each seller's holding.
    pub cap: Option<(bool, u16, Mag)>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Instrument {
    pub investor: u8,
    pub amount: Mag,
    pub cap: Option<Mag>,
    pub discount: Option<u16>,
    pub post_money: Option<bool>,
    pub mfn: bool,
    pub class: Option<u8>,
    /// 0: neither `converts_at` nor `issued`; 1: `converts_at`; 2: `issued` only.
    pub target: u8,
    pub round: u8,
    pub issued: (u8, u8, u8),
    /// Notes: basis points of simple interest.
    pub interest: Option<u16>,
    /// SAFEs: a fixed-percentage SAFE (YC's standard deal) of 1–9% of the capitalization,
    /// while the file's fixed percentages stay below 90% in all.
    pub fixed: Option<u8>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Commitment {
    pub counterparty: u8,
    pub amount: Mag,
    pub years: Option<u8>,
    pub margin: Option<u16>,
    pub description: bool,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Exit {
    /// In cents.
    pub value: Mag,
    pub named: bool,
    pub date: Option<(u8, u8)>,
    /// The weight of its probability (with `exit_probabilities`).
    pub weight: u16,
}

/// `[[exit]] probability` on every exit, summing to 100%; with `when` a pair of exits on a
/// condition expression and its negation, each summing to 100% with the exits without `when`.
#[derive(Arbitrary, Clone, Debug)]
pub struct ExitProbabilities {
    pub when: Option<When>,
    /// Basis points of the exit without `when` (reduced to 0–10,000).
    pub rest: u16,
}

impl Instrument {
    /// Which way it is placed (0: neither `converts_at` nor `issued`, 1: `converts_at`, 2:
    /// `issued` only) and its interest in basis points: interest needs `issued`, and a dated
    /// round to convert in (or none: outstanding).
    fn effective(&self, is_note: bool, dated: bool) -> (u8, Option<u32>) {
        let target = self.target % 3;
        let interest = if is_note {
            self.interest.map(|b| u32::from(b) % 10_001)
        } else {
            None
        };
        let interest = interest.filter(|_| dated || target != 1);
        match (target, interest) {
            (0, Some(_)) => (2, interest),
            _ => (target, interest),
        }
    }
}

/// The whole description. Lists longer than their limit are cut.
#[derive(Arbitrary, Clone, Debug)]
pub struct Description {
    pub by_shares: bool,
    pub scale: u8,
    pub style: u8,
    pub currency: Option<u8>,
    pub description: bool,
    pub sources: bool,
    pub rounding: Option<(u8, Option<u8>)>,
    pub revenue: Option<Mag>,
    pub holders: Vec<Holder>,
    pub pool: Option<Mag>,
    pub conditions: Vec<Condition>,
    pub classes: Vec<Class>,
    pub dated: bool,
    pub rounds: Vec<Round>,
    pub safes: Vec<Instrument>,
    pub notes: Vec<Instrument>,
    pub commitments: Vec<Commitment>,
    pub exits: Vec<Exit>,
    pub option_holders: Vec<OptionHolder>,
    pub exit_probabilities: Option<ExitProbabilities>,
    /// A file with ranges (`report --ranges`): stakes only, no secondaries.
    pub ranges: bool,
}

/// The decimal text of `mantissa` × 10^−`scale`.
pub fn decimal(mantissa: u128, scale: u32) -> String {
    let digits = mantissa.to_string();
    if scale == 0 {
        return digits;
    }
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// A fraction given in basis points (0–10,000), as a percentage or a decimal.
fn fraction(bps: u32, style: u32) -> String {
    if style.is_multiple_of(2) {
        format!("\"{}%\"", decimal(u128::from(bps), 2))
    } else {
        format!("\"{}\"", decimal(u128::from(bps), 4))
    }
}

/// Everything the renderer needs to know while writing.
struct Writer {
    text: String,
    scale: u32,
    style: u32,
    counter: u32,
    /// The scenario's currency as written before an amount: its symbol, or its ISO code.
    marker: &'static str,
}

impl Writer {
    /// Money or a share count, in one of the forms the format reads, chosen per value.
    fn number(&mut self, mantissa: u128) -> String {
        self.counter = self.counter.wrapping_add(1);
        let form = (self.style.wrapping_mul(7).wrapping_add(self.counter)) % 6;
        let plain = decimal(mantissa, self.scale);
        match form {
            // A bare TOML integer.
            1 if self.scale == 0 && mantissa <= i64::MAX as u128 => plain,
            // A suffix: K, M, B or T.
            2 if self.scale == 0 => {
                for (power, suffix) in [(12, "T"), (9, "B"), (6, "M"), (3, "K")] {
                    let unit = 10_u128.pow(power);
                    if mantissa >= unit && mantissa.is_multiple_of(unit) {
                        return format!("\"{}{suffix}\"", mantissa / unit);
                    }
                }
                format!("\"{plain}\"")
            }
            // An exponent.
            3 if self.scale == 0 && mantissa != 0 => {
                let mut m = mantissa;
                let mut e = 0;
                while m.is_multiple_of(10) && e < 28 {
                    m /= 10;
                    e += 1;
                }
                format!("\"{m}e{e}\"")
            }
            // The currency's symbol or code (`$`, `€`, `CHF `); grouped digits.
            4 => format!("\"{}{plain}\"", self.marker),
            5 if self.scale == 0 => format!("\"{}\"", grouped(&plain)),
            _ => format!("\"{plain}\""),
        }
    }

    /// A range `"LOW..HIGH"`, each end in one of the forms of [`Writer::number`].
    fn range(&mut self, low: u128, high: u128) -> String {
        let low = self.number(low);
        let high = self.number(high);
        format!("\"{}..{}\"", low.trim_matches('"'), high.trim_matches('"'))
    }

    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the description became: the TOML text and what a harness may want to know about it.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub text: String,
    /// Keys for `sweep --vary` (money or fractions), with their value as written.
    pub sweep_keys: Vec<(String, SweepValue)>,
    /// Party names, for `sweep --metric ownership:NAME`.
    pub parties: Vec<String>,
    pub rounds: Vec<String>,
    /// The file has ranges or an unknown basis: it is read as `report --ranges` reads it
    /// (`scenario::load_ranges_text`), every corner a scenario.
    pub ranges: bool,
}

#[derive(Clone, Copy, Debug)]
pub enum SweepValue {
    /// A mantissa at the scenario's scale.
    Number(u128, u32),
    /// Basis points.
    Fraction(u32),
}

fn holder_name(i: usize) -> String {
    format!("Holder {i}")
}

impl Description {
    /// The TOML text of a valid scenario.
    pub fn render(&self) -> Rendered {
        let scale = [0, 0, 0, 0, 0, 2, 6, 12][usize::from(self.scale % 8)];
        let style = u32::from(self.style);
        let mut w = Writer {
            text: String::new(),
            scale,
            style,
            counter: 0,
            marker: "$",
        };
        let mut out = Rendered::default();
        let shares = self.by_shares;

        w.line("[scenario]");
        w.line("name = \"structured\"");
        if let Some(c) = self.currency {
            let (code, marker) = [
                ("USD", "$"),
                ("EUR", "€"),
                ("GBP", "£"),
                ("JPY", "¥"),
                ("CHF", "CHF "),
            ][usize::from(c % 5)];
            w.marker = marker;
            w.line(&format!("currency = \"{code}\""));
        }
        if self.description {
            w.line("description = \"Generated by the structure-aware fuzz target\"");
        }
        if self.sources {
            w.line("sources = [\"fuzz\", \"arbitrary\"]");
        }
        if let Some((mode, decimals)) = self.rounding {
            w.line("\n[rounding]");
            w.line(&format!(
                "shares = \"{}\"",
                ["floor", "nearest", "exact"][usize::from(mode % 3)]
            ));
            if let Some(d) = decimals {
                w.line(&format!("price_decimals = {}", d % 29));
                // The legal-spreadsheet convention: prices rounded up (needs price_decimals).
                if mode / 3 % 2 == 1 {
                    w.line("price = \"up\"");
                }
            }
        }
        if let Some(revenue) = self.revenue {
            let v = w.number(revenue.positive(MAX_MANTISSA));
            w.line(&format!("\n[metrics]\nannual_revenue = {v}"));
        }

        // Classes.
        let classes: Vec<String> = (0..self.classes.len().min(MAX_CLASSES))
            .map(|i| format!("pref_{i}"))
            .collect();
        for (name, class) in classes.iter().zip(&self.classes) {
            w.line(&format!("\n[class.{name}]"));
            let preference = class.preference.map(u32::from);
            if let Some(p) = preference {
                w.line(&format!("preference = \"{}x\"", decimal(u128::from(p), 1)));
            }
            if let Some(participating) = class.participating {
                w.line(&format!("participating = {participating}"));
                if let (true, Some(extra)) = (participating, class.cap) {
                    let cap = preference.unwrap_or(10) + u32::from(extra);
                    w.line(&format!("cap = \"{}x\"", decimal(u128::from(cap), 1)));
                }
            }
            if let Some(s) = class.seniority {
                w.line(&format!("seniority = {s}"));
            }
            if let (true, Some(a)) = (shares, class.anti_dilution) {
                w.line(&format!(
                    "anti_dilution = \"{}\"",
                    ["none", "broad-based", "narrow-based", "full-ratchet"][usize::from(a % 4)]
                ));
            }
        }
        let class_of = |pick: Option<u8>| -> Option<&str> {
            let pick = pick?;
            if classes.is_empty() || pick % 4 == 0 {
                // Now and then the default, written out.
                return (pick % 8 == 0).then_some("common");
            }
            Some(&classes[usize::from(pick) % classes.len()])
        };

        // Holders.
        let mut holders: Vec<Holder> = self.holders.iter().take(MAX_HOLDERS).cloned().collect();
        if holders.is_empty() {
            holders.push(Holder {
                amount: Mag(1_000_000),
                class: None,
                invested: None,
            });
        }
        let amounts: Vec<u128> = if shares {
            let cap = MAX_MANTISSA / 16;
            let mut a: Vec<u128> = holders.iter().map(|h| h.amount.at_most(cap)).collect();
            if a.iter().all(|x| *x == 0) {
                a[0] = 1;
            }
            a
        } else {
            // Stakes: parts of 1,000,000 (100% to four decimals of a percent), exactly.
            let weights: Vec<u128> = holders.iter().map(|h| h.amount.0 % 1000 + 1).collect();
            let total: u128 = weights.iter().sum();
            let mut parts: Vec<u128> = weights.iter().map(|x| x * 1_000_000 / total).collect();
            let given: u128 = parts.iter().sum();
            parts[0] += 1_000_000 - given;
            parts
        };
        // Holders of common with something to sell (`sellers = "all-common"` needs one).
        let mut common_holders: Vec<String> = Vec::new();
        for (i, (holder, amount)) in holders.iter().zip(&amounts).enumerate() {
            let name = holder_name(i);
            w.line("\n[[holder]]");
            w.line(&format!("name = \"{name}\""));
            if shares {
                let v = w.number(*amount);
                w.line(&format!("shares = {v}"));
                out.sweep_keys.push((
                    format!("holder[{i}].shares"),
                    SweepValue::Number(*amount, scale),
                ));
            } else {
                w.line(&format!("stake = \"{}%\"", decimal(*amount, 4)));
            }
            let class = class_of(holder.class);
            if class.is_none_or(|c| c == "common") && *amount > 0 {
                common_holders.push(name.clone());
            }
            if let Some(class) = class {
                w.line(&format!("class = \"{class}\""));
            }
            let invested = match (holder.invested, class) {
                (Some(m), _) => Some(m.at_most(MAX_MANTISSA / 16)),
                (None, Some(c)) if c != "common" => Some(1_000_000),
                _ => None,
            };
            if let Some(m) = invested {
                let v = w.number(m);
                w.line(&format!("invested = {v}"));
            }
            out.parties.push(name);
        }
        // Who holds something before each round: the holders, then each round's investors.
        let mut holding: Vec<String> = (0..holders.len())
            .filter(|&i| amounts.get(i).is_some_and(|a| *a > 0))
            .map(holder_name)
            .collect();
        let pool_shares = self
            .pool
            .filter(|_| shares)
            .map(|p| p.at_most(MAX_MANTISSA / 16));
        if let Some(pool) = pool_shares {
            let v = w.number(pool);
            w.line(&format!(
                "\n[[holder]]\nname = \"Option pool\"\nshares = {v}\npool = true"
            ));
        }

        // Options and warrants (share counts only): a strike, shares or (a warrant) coverage of
        // an amount, granted from the pool while it has shares left.
        let mut pool_left = pool_shares.unwrap_or(0);
        // (name, the strike as written)
        let mut option_holders: Vec<(String, String)> = Vec::new();
        let option_list: &[OptionHolder] = if shares { &self.option_holders } else { &[] };
        for (k, o) in option_list.iter().take(MAX_OPTION_HOLDERS).enumerate() {
            let name = format!("Option holder {k}");
            w.line("\n[[holder]]");
            w.line(&format!("name = \"{name}\""));
            w.line(&format!(
                "kind = \"{}\"",
                if o.warrant { "warrant" } else { "option" }
            ));
            let coverage = o.coverage.filter(|_| o.warrant);
            // Coverage buys at the strike, which must then be above zero: at least 0.01, so
            // that coverage × amount ÷ strike stays below 10^17 shares.
            let strike = if coverage.is_some() {
                (o.strike % 100_000_000).max(100)
            } else {
                o.strike % 100_000_000
            };
            let strike_text = format!("\"{}\"", decimal(u128::from(strike), 4));
            w.line(&format!("exercise_price = {strike_text}"));
            if let Some((bps, amount)) = coverage {
                w.line(&format!(
                    "coverage = {}",
                    fraction(1 + u32::from(bps) % 10_000, style + k as u32)
                ));
                let v = w.number(amount.positive(1_000_000_000_000_000));
                w.line(&format!("amount = {v}"));
            } else if o.from_pool && pool_left > 0 {
                let granted = o.shares.positive(pool_left);
                pool_left -= granted;
                let v = w.number(granted);
                w.line(&format!("shares = {v}\nfrom_pool = true"));
            } else {
                let v = w.number(o.shares.positive(MAX_MANTISSA / 16));
                w.line(&format!("shares = {v}"));
            }
            if o.common {
                w.line("class = \"common\"");
            }
            out.parties.push(name.clone());
            option_holders.push((name, strike_text));
        }

        // Conditions: declared after the rounds, and only those a `when` names (an unused one
        // is a warning, W0020, which the sweep command would print for every input).
        let conditions = self.conditions.len().min(MAX_CONDITIONS);
        let used = std::cell::RefCell::new(vec![false; conditions]);

        // Rounds: names, dates, and which rounds an instrument explicitly converts in.
        let mut rounds: Vec<Round> = self.rounds.iter().take(MAX_ROUNDS).cloned().collect();
        if rounds.is_empty() {
            rounds.push(Round {
                named: true,
                terms: 0,
                value: Mag(10_000_000),
                pool: 0,
                pool_target: 0,
                pool_increase: Mag(0),
                pool_timing: None,
                method: None,
                investments: Vec::new(),
                basis: 0,
                range: None,
                grants: Vec::new(),
                secondaries: Vec::new(),
            });
        }
        let round_names: Vec<String> = rounds
            .iter()
            .enumerate()
            .map(|(r, round)| {
                if round.named {
                    format!("Series {r}")
                } else {
                    format!("Round {}", r + 1)
                }
            })
            .collect();
        let round_year = |r: usize| 2025 + r as u32;
        let instruments_allowed = shares;
        let safes: Vec<Instrument> = if instruments_allowed {
            self.safes.iter().take(MAX_SAFES).cloned().collect()
        } else {
            Vec::new()
        };
        let notes: Vec<Instrument> = if instruments_allowed {
            self.notes.iter().take(MAX_NOTES).cloned().collect()
        } else {
            Vec::new()
        };
        let mut converts_explicitly = vec![false; rounds.len()];
        let notes_from = safes.len();
        for (k, i) in safes.iter().chain(&notes).enumerate() {
            match i.effective(k >= notes_from, self.dated).0 {
                1 => converts_explicitly[usize::from(i.round) % rounds.len()] = true,
                0 => converts_explicitly[0] = true,
                _ => {}
            }
        }

        let party_count = holders.len() + FUNDS;
        let investor_name = |pick: u8| -> String {
            let k = usize::from(pick) % party_count;
            if k < holders.len() {
                holder_name(k)
            } else {
                format!("Fund {}", k - holders.len())
            }
        };
        let when_text = |when: &When| -> Option<String> {
            if conditions == 0 {
                return None;
            }
            let mut used = used.borrow_mut();
            let first = usize::from(when.first) % conditions;
            used[first] = true;
            let mut text = format!("c{first}");
            for (op, c) in when.terms.iter().take(MAX_WHEN_TERMS) {
                let c = usize::from(*c) % conditions;
                used[c] = true;
                let name = format!("c{c}");
                let term = match op % 5 {
                    0 => format!(" and {name}"),
                    1 => format!(" or {name}"),
                    2 => format!(" and not {name}"),
                    3 => format!(" or not {name}"),
                    _ => format!(" and ({name} or not {name})"),
                };
                text.push_str(&term);
            }
            Some(if when.negate {
                format!("not ({text})")
            } else {
                text
            })
        };

        // Ranges: value terms only (`report --ranges` refuses share counts, pools, SAFEs, notes,
        // pro-rata, anti-dilution and secondaries), at most 4 dimensions.
        let ranges = self.ranges && !shares;
        let mut dimensions = 0;
        let range_width = |dimensions: &mut usize, m: Option<Mag>, limit: u128| -> Option<u128> {
            if !ranges || *dimensions >= MAX_RANGE_DIMENSIONS {
                return None;
            }
            // A range whose ends are equal is one value: one corner, not a dimension.
            let width = m?.at_most(limit);
            if width == 0 {
                return None;
            }
            *dimensions += 1;
            Some(width)
        };
        // A pool to grant from: the pool holder, or a top-up in this round or an earlier one.
        let mut pool_topped_up = false;
        let mut grantees = 0;
        let mut buyers = 0;
        let mut fund_names_used = Vec::new();
        for (r, round) in rounds.iter().enumerate() {
            w.line("\n[[round]]");
            if round.named {
                w.line(&format!("name = \"{}\"", round_names[r]));
            }
            if self.dated {
                w.line(&format!("date = {}-06-15", round_year(r)));
            }
            // The investments first, to know the round's money.
            let tranche_cap = MAX_MANTISSA / 64;
            let mut seen: Vec<String> = Vec::new();
            let mut body = Vec::new(); // (investor, pro_rata, class, amount, tranches, range)
            // Pro rata only for a party that holds something before this round (else W0028).
            let held_before = holding.clone();
            for inv in round.investments.iter().take(MAX_INVESTMENTS) {
                let investor = investor_name(inv.investor);
                if seen.contains(&investor) {
                    continue;
                }
                seen.push(investor.clone());
                let pro_rata = shares && inv.pro_rata && held_before.contains(&investor);
                let tranches: Vec<(u128, bool, Option<String>)> = if pro_rata {
                    Vec::new()
                } else {
                    inv.tranches
                        .iter()
                        .take(MAX_TRANCHES)
                        .map(|t| {
                            (
                                t.amount.at_most(tranche_cap),
                                t.named,
                                t.when.as_ref().and_then(when_text),
                            )
                        })
                        .collect()
                };
                let amount = if tranches.is_empty() {
                    inv.amount.at_most(tranche_cap * MAX_TRANCHES as u128)
                } else {
                    tranches.iter().map(|t| t.0).sum()
                };
                // A range on an amount without tranches: up to 1/32 of the largest decimal
                // wider, so that the round's money at its high end stays below 3/8 of it.
                let range = if tranches.is_empty() && !pro_rata {
                    range_width(&mut dimensions, inv.range, MAX_MANTISSA / 32)
                } else {
                    None
                };
                body.push((
                    investor,
                    pro_rata,
                    class_of(inv.class),
                    amount,
                    tranches,
                    range,
                ));
            }
            // A round of secondaries alone (no money) when it tops no pool up and grants nothing.
            let secondaries_only = !ranges
                && !round.secondaries.is_empty()
                && round.pool % 3 == 0
                && round.grants.is_empty();
            if body.is_empty() && !converts_explicitly[r] && !secondaries_only {
                body.push(("Fund 0".into(), false, None, 1_000_000, Vec::new(), None));
            }
            // The round's money at the high end of every amount's range.
            let raised_high: u128 = body
                .iter()
                .filter(|b| !b.1)
                .map(|b| b.3 + b.5.unwrap_or(0))
                .sum::<u128>();
            let value = if ranges {
                round.value.positive(MAX_MANTISSA / 4)
            } else {
                round.value.positive(MAX_MANTISSA / 2)
            };
            let terms = match round.terms % 4 {
                2 if !shares => 0,
                t => t,
            };
            // A valuation's basis: pre-money, post-money, or (with ranges) unknown; unknown is
            // read both ways, so it is a dimension too.
            let basis = match round.basis % 3 {
                2 if terms == 3 && ranges && dimensions < MAX_RANGE_DIMENSIONS => {
                    dimensions += 1;
                    2
                }
                b => b % 2,
            };
            // Terms read as a post-money must exceed the round's money at its high end.
            let low = if terms == 1 || (terms == 3 && basis != 0) {
                value + raised_high
            } else {
                value
            };
            if terms == 0 || terms == 1 || terms == 3 {
                if let Some(width) = range_width(&mut dimensions, round.range, MAX_MANTISSA / 4) {
                    let v = w.range(low, low + width);
                    let key = ["pre_money", "post_money", "", "valuation"][usize::from(terms)];
                    w.line(&format!("{key} = {v}"));
                    out.ranges = true;
                } else if terms == 3 {
                    let v = w.number(low);
                    w.line(&format!("valuation = {v}"));
                } else if terms == 1 {
                    let v = w.number(low);
                    w.line(&format!("post_money = {v}"));
                    out.sweep_keys.push((
                        format!("round[{r}].post_money"),
                        SweepValue::Number(low, scale),
                    ));
                } else {
                    let v = w.number(value);
                    w.line(&format!("pre_money = {v}"));
                    out.sweep_keys.push((
                        format!("round[{r}].pre_money"),
                        SweepValue::Number(value, scale),
                    ));
                }
                if terms == 3 {
                    w.line(&format!(
                        "basis = \"{}\"",
                        ["pre-money", "post-money", "unknown"][usize::from(basis)]
                    ));
                    if basis == 2 {
                        out.ranges = true;
                    }
                }
            }
            match terms {
                0 | 1 | 3 => {}
                _ => {
                    let v = w.number(value);
                    w.line(&format!("price_per_share = {v}"));
                    out.sweep_keys.push((
                        format!("round[{r}].price_per_share"),
                        SweepValue::Number(value, scale),
                    ));
                }
            }
            if shares {
                match round.pool % 3 {
                    1 => {
                        let bps = u32::from(round.pool_target) % 10_000;
                        w.line(&format!(
                            "pool_target = {}",
                            fraction(bps, style + r as u32)
                        ));
                    }
                    2 => {
                        let v = w.number(round.pool_increase.at_most(MAX_MANTISSA / 16));
                        w.line(&format!("pool_increase = {v}"));
                    }
                    _ => {}
                }
                if let (1 | 2, Some(post)) = (round.pool % 3, round.pool_timing) {
                    w.line(&format!(
                        "pool_timing = \"{}\"",
                        if post { "post-money" } else { "pre-money" }
                    ));
                }
                if let Some(m) = round.method {
                    w.line(&format!(
                        "conversion_method = \"{}\"",
                        ["percentage-ownership", "pre-money", "dollars-invested"]
                            [usize::from(m % 3)]
                    ));
                }
            }
            for (i, (investor, pro_rata, class, amount, tranches, range)) in body.iter().enumerate()
            {
                w.line("\n[[round.investment]]");
                w.line(&format!("investor = \"{investor}\""));
                if *pro_rata {
                    w.line("pro_rata = true");
                } else if let Some(width) = range {
                    let v = w.range(*amount, amount + width);
                    w.line(&format!("amount = {v}"));
                    out.ranges = true;
                } else {
                    let v = w.number(*amount);
                    w.line(&format!("amount = {v}"));
                    if tranches.is_empty() {
                        out.sweep_keys.push((
                            format!("round[{r}].investment[{i}].amount"),
                            SweepValue::Number(*amount, scale),
                        ));
                    }
                }
                if let Some(class) = class {
                    w.line(&format!("class = \"{class}\""));
                }
                for (t, (amount, named, when)) in tranches.iter().enumerate() {
                    w.line("\n[[round.investment.tranche]]");
                    if *named {
                        w.line(&format!("name = \"tranche {t}\""));
                    }
                    let v = w.number(*amount);
                    w.line(&format!("amount = {v}"));
                    if let Some(when) = when {
                        w.line(&format!("when = \"{when}\""));
                    }
                }
                if investor.starts_with("Fund") && !fund_names_used.contains(investor) {
                    fund_names_used.push(investor.clone());
                }
                // An investment of zero buys nothing, so it does not make a holder (W0028).
                if !*pro_rata && *amount > 0 && !holding.contains(investor) {
                    holding.push(investor.clone());
                }
            }

            // Grants from the pool at the closing: to an option holder at its strike, or to a
            // new grantee, while there is a pool (E0032 without one).
            pool_topped_up |= shares && round.pool % 3 != 0;
            if pool_shares.is_some() || pool_topped_up {
                let limit = (pool_shares.unwrap_or(0) / 8).max(1_000_000);
                for g in round.grants.iter().take(MAX_GRANTS) {
                    w.line("\n[[round.grant]]");
                    let existing = g
                        .existing
                        .filter(|_| !option_holders.is_empty())
                        .map(|k| &option_holders[usize::from(k) % option_holders.len()]);
                    match existing {
                        Some((name, strike)) => {
                            w.line(&format!("holder = \"{name}\""));
                            if g.repeat_strike {
                                w.line(&format!("exercise_price = {strike}"));
                            }
                        }
                        None => {
                            w.line(&format!("holder = \"Grantee {grantees}\""));
                            grantees += 1;
                            w.line(&format!(
                                "exercise_price = \"{}\"",
                                decimal(u128::from(g.strike % 100_000_000), 4)
                            ));
                            if let Some(warrant) = g.warrant {
                                w.line(&format!(
                                    "kind = \"{}\"",
                                    if warrant { "warrant" } else { "option" }
                                ));
                            }
                        }
                    }
                    let v = w.number(g.shares.positive(limit));
                    w.line(&format!("shares = {v}"));
                }
            }

            // Secondaries and tenders at the closing (not with ranges: `report --ranges`
            // refuses them). Sellers hold something by now; the pool and option holders never
            // sell or buy.
            let secondaries: &[Secondary] = if ranges { &[] } else { &round.secondaries };
            for (k, sale) in secondaries.iter().take(MAX_SECONDARIES).enumerate() {
                if holding.is_empty() {
                    break;
                }
                let pick = |p: u8| holding[usize::from(p) % holding.len()].clone();
                let mode = match sale.sellers % 3 {
                    2 if common_holders.is_empty() => 0,
                    m => m,
                };
                let first = sale.picks.first().copied().unwrap_or(0);
                let sellers: Vec<String> = match mode {
                    0 => vec![pick(first)],
                    1 => {
                        let mut list: Vec<String> = Vec::new();
                        for p in sale.picks.iter().take(4).copied().chain([first]) {
                            let name = pick(p);
                            if !list.contains(&name) {
                                list.push(name);
                            }
                        }
                        list
                    }
                    _ => Vec::new(),
                };
                // The buyer: a holder or fund that does not sell, or a new party. With
                // "all-common", a fund or a new party (a holder of common would leave the tender
                // without sellers when it is the only one).
                let candidates: Vec<String> = if mode == 2 {
                    (0..FUNDS).map(|f| format!("Fund {f}")).collect()
                } else {
                    holding
                        .iter()
                        .cloned()
                        .chain((0..FUNDS).map(|f| format!("Fund {f}")))
                        .filter(|n| !sellers.contains(n))
                        .collect()
                };
                let b = usize::from(sale.buyer) % (candidates.len() + 1);
                let buyer = match candidates.get(b) {
                    Some(name) if mode != 2 || !holding.contains(name) => name.clone(),
                    _ => {
                        buyers += 1;
                        format!("Buyer {}", buyers - 1)
                    }
                };
                w.line("\n[[round.secondary]]");
                match mode {
                    0 => w.line(&format!("seller = \"{}\"", sellers[0])),
                    1 => {
                        let list: Vec<String> =
                            sellers.iter().map(|n| format!("\"{n}\"")).collect();
                        w.line(&format!("sellers = [{}]", list.join(", ")));
                    }
                    _ => w.line("sellers = \"all-common\""),
                }
                w.line(&format!("buyer = \"{buyer}\""));
                match sale.quantity % 3 {
                    0 if shares => {
                        let v = w.number(sale.shares.positive(1_000_000));
                        w.line(&format!("shares = {v}"));
                    }
                    2 => {
                        let v = w.number(sale.amount.positive(MAX_MANTISSA / 16));
                        w.line(&format!("amount = {v}"));
                    }
                    _ => {
                        let bps = 1 + u32::from(sale.stake) % 1_000;
                        w.line(&format!("stake = {}", fraction(bps, style + k as u32)));
                    }
                }
                let price = w.number(sale.price.positive(MAX_MANTISSA / 16));
                if sale.per_share && shares {
                    w.line(&format!("price_per_share = {price}"));
                } else {
                    w.line(&format!("valuation = {price}"));
                }
                if let Some(when) = sale.when.as_ref().and_then(when_text) {
                    w.line(&format!("when = \"{when}\""));
                }
                if shares && let Some(class) = class_of(sale.class) {
                    w.line(&format!("class = \"{class}\""));
                }
                if let (1 | 2, Some((count, bps, cap))) = (mode, sale.cap) {
                    if count && shares {
                        let v = w.number(cap.positive(MAX_MANTISSA / 16));
                        w.line(&format!("cap = {v}"));
                    } else {
                        // A percentage: "0.2" would be read as a share count.
                        let bps = 1 + u32::from(bps) % 10_000;
                        w.line(&format!("cap = {}", fraction(bps, 0)));
                    }
                }
            }
        }
        out.parties.extend(fund_names_used);

        // SAFEs and notes.
        let mut fixed_total = 0_u32;
        for (is_note, list) in [(false, &safes), (true, &notes)] {
            for (k, i) in list.iter().enumerate() {
                let key = if is_note { "note" } else { "safe" };
                w.line(&format!("\n[[{key}]]"));
                let investor = if i.investor % 4 == 0 {
                    investor_name(i.investor / 4)
                } else if is_note {
                    format!("Lender {k}")
                } else {
                    format!("Angel {k}")
                };
                w.line(&format!("investor = \"{investor}\""));
                let amount = i.amount.positive(MAX_MANTISSA / 16);
                let v = w.number(amount);
                w.line(&format!(
                    "{} = {v}",
                    if is_note { "principal" } else { "amount" }
                ));
                out.sweep_keys.push((
                    format!(
                        "{key}[{k}].{}",
                        if is_note { "principal" } else { "amount" }
                    ),
                    SweepValue::Number(amount, scale),
                ));
                let fixed = i
                    .fixed
                    .map(|p| 1 + u32::from(p) % 9)
                    .filter(|p| !is_note && fixed_total + p < 90);
                if let Some(p) = fixed {
                    fixed_total += p;
                    w.line("kind = \"fixed-percentage\"");
                    w.line(&format!("percentage = \"{p}%\""));
                }
                let mut cap = i.cap.map(|c| c.positive(MAX_MANTISSA));
                let mut discount = i.discount.map(|d| u32::from(d) % 10_000);
                if fixed.is_some() {
                    (cap, discount) = (None, None);
                }
                // A SAFE needs a cap or a discount unless it is MFN; a converting note needs one.
                if fixed.is_none() && cap.is_none() && discount.is_none() && (is_note || !i.mfn) {
                    cap = Some(amount.saturating_mul(10).min(MAX_MANTISSA));
                }
                if let Some(c) = cap {
                    let v = w.number(c);
                    w.line(&format!("cap = {v}"));
                    out.sweep_keys
                        .push((format!("{key}[{k}].cap"), SweepValue::Number(c, scale)));
                }
                if let Some(d) = discount {
                    w.line(&format!("discount = {}", fraction(d, style + k as u32)));
                }
                if !is_note && fixed.is_none() {
                    if let Some(post) = i.post_money {
                        w.line(&format!(
                            "kind = \"{}\"",
                            if post { "post-money" } else { "pre-money" }
                        ));
                    }
                    if i.mfn {
                        w.line("mfn = true");
                    }
                }
                if let Some(class) = class_of(i.class) {
                    w.line(&format!("class = \"{class}\""));
                }
                let (y, m, d) = i.issued;
                let month = 1 + u32::from(m) % 12;
                let day = 1 + u32::from(d) % 28;
                let (target, interest) = i.effective(is_note, self.dated);
                match target {
                    1 => {
                        let r = usize::from(i.round) % rounds.len();
                        w.line(&format!("converts_at = \"{}\"", round_names[r]));
                        if interest.is_some() || y % 2 == 0 {
                            // At most the round's date: a year before it at the latest, or
                            // on the day.
                            let year = round_year(r) - 1 - u32::from(y % 3);
                            if y % 5 == 4 && self.dated {
                                w.line(&format!("issued = {}-06-15", round_year(r)));
                            } else {
                                w.line(&format!("issued = {year}-{month:02}-{day:02}"));
                            }
                        }
                    }
                    2 => {
                        // Any date from 2023 to 2030: it may fall after every round, and the
                        // instrument is then outstanding.
                        let year = 2023 + u32::from(y % 8);
                        w.line(&format!("issued = {year}-{month:02}-{day:02}"));
                    }
                    _ => {}
                }
                if let Some(bps) = interest {
                    w.line(&format!("interest = {}", fraction(bps, style + k as u32)));
                }
                out.parties.push(investor);
            }
        }

        // Exit probabilities, decided before the conditions are declared (an exit's `when`
        // uses them): on every exit, summing to exactly 100%; or a pair of exits on an
        // expression and its negation, each with the exit without `when` summing to 100% in
        // every outcome.
        let exit_count = self.exits.len().min(MAX_EXITS);
        let mut exit_terms: Vec<(Option<u32>, Option<String>)> = vec![(None, None); exit_count];
        if let (Some(p), true) = (&self.exit_probabilities, exit_count > 0) {
            match p
                .when
                .as_ref()
                .filter(|_| exit_count >= 2)
                .and_then(when_text)
            {
                Some(when) => {
                    let rest = if exit_count == 3 {
                        u32::from(p.rest) % 10_001
                    } else {
                        0
                    };
                    exit_terms[0] = (Some(10_000 - rest), Some(when.clone()));
                    exit_terms[1] = (Some(10_000 - rest), Some(format!("not ({when})")));
                    if exit_count == 3 {
                        exit_terms[2] = (Some(rest), None);
                    }
                }
                None => {
                    let weights: Vec<u32> = self.exits[..exit_count]
                        .iter()
                        .map(|e| u32::from(e.weight) % 1000 + 1)
                        .collect();
                    let total: u32 = weights.iter().sum();
                    let mut parts: Vec<u32> = weights.iter().map(|x| x * 10_000 / total).collect();
                    let given: u32 = parts.iter().sum();
                    parts[0] += 10_000 - given;
                    for (term, part) in exit_terms.iter_mut().zip(parts) {
                        term.0 = Some(part);
                    }
                }
            }
        }

        for (i, c) in self.conditions.iter().take(conditions).enumerate() {
            if !used.borrow()[i] {
                continue;
            }
            w.line(&format!("\n[condition.c{i}]"));
            if c.description {
                w.line(&format!("description = \"condition {i}\""));
            }
            if let Some(p) = c.probability {
                let bps = u32::from(p) % 10_001;
                w.line(&format!(
                    "probability = {}",
                    fraction(bps, style + i as u32)
                ));
                out.sweep_keys.push((
                    format!("condition.c{i}.probability"),
                    SweepValue::Fraction(bps),
                ));
            }
            if let Some(a) = c.assume {
                w.line(&format!("assume = {a}"));
            }
        }

        // Commitments.
        for c in self.commitments.iter().take(MAX_COMMITMENTS) {
            // A holder or investor of the file (anyone else is W0029).
            let Some(counterparty) =
                holding.get(usize::from(c.counterparty) % holding.len().max(1))
            else {
                break;
            };
            w.line("\n[[commitment]]");
            w.line(&format!("counterparty = \"{counterparty}\""));
            let v = w.number(c.amount.at_most(MAX_MANTISSA));
            w.line(&format!("amount = {v}"));
            if let Some(y) = c.years {
                w.line(&format!("years = {}", y % 30));
            }
            if let Some(m) = c.margin {
                w.line(&format!(
                    "margin = {}",
                    fraction(u32::from(m) % 10_001, style)
                ));
            }
            if c.description {
                w.line("description = \"services\"");
            }
        }

        // Exits: whole cents.
        for (k, e) in self.exits.iter().take(MAX_EXITS).enumerate() {
            w.line("\n[[exit]]");
            if e.named {
                w.line(&format!("name = \"Exit {k}\""));
            }
            w.line(&format!("value = \"{}\"", decimal(e.value.0, 2)));
            let (probability, when) = &exit_terms[k];
            if let Some(bps) = probability {
                w.line(&format!(
                    "probability = {}",
                    fraction(*bps, style + k as u32)
                ));
            }
            if let Some(when) = when {
                w.line(&format!("when = \"{when}\""));
            }
            if let Some((y, m)) = e.date {
                w.line(&format!(
                    "date = {}-{:02}-01",
                    2024 + u32::from(y % 10),
                    1 + m % 12
                ));
            }
        }

        let _ = write!(w.text, "");
        out.text = w.text;
        out.rounds = round_names;
        out
    }
}
