//! The key table of the scenario format: every section, every key in it, the kind of value it
//! takes, whether it is required, and a one-line doc. One list, read by the validator (which
//! keys a section takes, "did you mean", and a read of a key not listed here is reported as a
//! bug, see `validate::Table::get`), by `captable schema` (the JSON Schema is built from it), by
//! `extends` (how list items are matched) and by `sweep --vary` (how a varied value is shown).
//!
//! Keys are listed in the order `check` names them in its help ("… takes: a, b, c").

/// A section of the file: the top level, a table (`[scenario]`), the items of a list of tables
/// (`[[round]]`) or the entries of a table of named tables (`[class.NAME]`).
#[derive(Debug)]
pub struct Section {
    /// Where it is, as a `--set` path without indices: `round.investment`.
    pub path: &'static str,
    /// What one item is (the schema's description of the item's table).
    pub doc: &'static str,
    /// The key that identifies an item of a list, for `extends` and `--set KEY["name"]`.
    pub identity: Option<&'static str>,
    pub keys: &'static [Key],
}

/// One key of a section.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub doc: &'static str,
}

/// Whether a key must be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// `check` refuses the section without it.
    Required,
    Optional,
    /// Required in some cases only (one of a group, or with another key's value): when.
    Sometimes(&'static str),
}

/// The kind of value a key takes (the accepted forms are in `scenario::value`).
#[derive(Debug)]
pub enum Kind {
    /// An amount of money (`"730B"`, `1_250_000`, `"$6 million"`).
    Money,
    /// Money, or a reported range of it (`"80B..100B"`, with `report --ranges`).
    MoneyOrRange,
    /// Money per share.
    Price,
    /// A share count.
    Shares,
    /// A fraction or percentage (`0.25`, `"25%"`).
    Fraction,
    /// A share count, or a percentage of a holding.
    SharesOrFraction,
    /// A multiple (`1`, `"1.5x"`).
    Multiple,
    /// A number of years, written as a number.
    Years,
    /// Text.
    Text,
    /// Non-empty text.
    Title,
    /// An ISO 4217 code.
    Currency,
    /// A list of texts.
    Texts,
    /// Names of holders, or one word.
    Sellers(&'static str),
    /// A date without quotes (`2026-02-27`).
    Date,
    /// `true` or `false`.
    Bool,
    /// An integer.
    Integer,
    /// A number of decimals, 0 to 28.
    Decimals,
    /// One of these words.
    Word(&'static [&'static str]),
    /// A `when` expression: condition names joined by and, or, not and parentheses.
    Condition,
    /// A path to another scenario file.
    Path,
    /// A table: `[rounding]`.
    Table(&'static Section),
    /// A list of tables: `[[round]]`.
    List(&'static Section),
    /// Tables by name: `[class.NAME]`, with the pattern names must match, if any.
    Named(&'static Section, Option<&'static str>),
}

use Kind::*;
use Need::*;

/// `section! { path, identity, doc; key: kind, need, doc; … }`: a section, one line a key.
macro_rules! section {
    ($path:literal, $identity:expr, $doc:expr; $($name:ident: $kind:expr, $need:expr, $key_doc:expr;)*) => {
        Section {
            path: $path,
            doc: $doc,
            identity: $identity,
            keys: &[$(Key { name: stringify!($name), kind: $kind, need: $need, doc: $key_doc }),*],
        }
    };
}

const SERIES: &str = "round (default): the shares join the round's series of the class; shadow: their own series, whose original issue price is the conversion price";
const CONVERTS_AT: &str = "The round it converts in (default: the first round dated on or after `issued`, or the first round)";

pub const TOP: Section = section! { "", None, "A company's holders, conditions and funding rounds (captable's scenario format; see docs/scenario-format.md)";
    extends: Path, Optional, "A base scenario this file changes (a path relative to this file)";
    scenario: Table(&SCENARIO), Optional, "The scenario itself";
    rounding: Table(&ROUNDING), Optional, "Share-count rounding";
    metrics: Table(&METRICS), Optional, "Company figures";
    holder: List(&HOLDER), Optional, "The cap table before the first round";
    condition: Named(&CONDITION, Some("^[a-z][a-z0-9_]*$")), Optional, "Conditions, by name ([a-z][a-z0-9_]*)";
    round: List(&ROUND), Optional, "The rounds, in date order";
    commitment: List(&COMMITMENT), Optional, "Money flowing back from the company";
    safe: List(&SAFE), Optional, "SAFEs";
    note: List(&NOTE), Optional, "Convertible notes";
    class: Named(&CLASS, None), Optional, "Share classes, by name";
    exit: List(&EXIT), Optional, "Exits to compute payouts at";
};

pub const SCENARIO: Section = section! { "scenario", None, "The scenario itself";
    name: Text, Required, "The scenario's name";
    currency: Currency, Optional, "ISO 4217 code (default USD)";
    description: Text, Optional, "What the scenario shows";
    sources: Texts, Optional, "Where each figure comes from";
};

pub const ROUNDING: Section = section! { "rounding", None, "Share-count rounding";
    shares: Word(&["floor", "nearest", "exact"]), Optional, "How new share counts are rounded";
    price_decimals: Decimals, Optional, "Round each computed price to this many decimals";
    price: Word(&["nearest", "up"]), Optional, "With price_decimals: nearest rounds the round price; up rounds the round price and every conversion price up (the legal-spreadsheet convention)";
};

pub const METRICS: Section = section! { "metrics", None, "Company figures";
    annual_revenue: Money, Optional, "Annual revenue, for the revenue multiple";
};

pub const HOLDER: Section = section! { "holder", Some("name"), "A holder before the first round: a stake or a share count";
    name: Text, Required, "The holder's name (unique)";
    stake: Fraction, Sometimes("this or shares"), "Fraction of the company before the first round";
    shares: Shares, Sometimes("this or stake"), "Share count";
    class: Text, Optional, "Share class (default common)";
    pool: Bool, Optional, "The unallocated option pool";
    invested: Money, Optional, "Money invested for these shares (needed for a preferred class's preference)";
    kind: Word(&["shares", "option", "warrant"]), Optional, "What the holder holds: shares (default), or options or warrants with an exercise_price";
    exercise_price: Price, Sometimes("kind = option or warrant"), "Option or warrant only: money per share paid to exercise (the strike)";
    coverage: Fraction, Optional, "Warrant only, instead of shares: shares = coverage × amount ÷ exercise_price, rounded by [rounding] shares";
    amount: Money, Sometimes("with coverage"), "Warrant with coverage only: the money the coverage is a fraction of";
    from_pool: Bool, Optional, "The holder's shares are granted out of the pool holder's (pool = true) reserve";
};

pub const CLASS: Section = section! { "class", None, "Terms of a preferred share class";
    name: Title, Optional, "The name tables and charts show, such as \"Series A Preferred\"; default: made from the key (series_a → Series A)";
    preference: Multiple, Optional, "Liquidation preference, a multiple of the money invested";
    participating: Bool, Optional, "Also shares pro rata after its preference";
    cap: Multiple, Optional, "Participation stops at this multiple of invested money";
    seniority: Integer, Optional, "Higher is paid first";
    anti_dilution: Word(&["none", "broad-based", "narrow-based", "full-ratchet"]), Optional, "Protection against a lower-priced round";
    anti_dilution_base: Word(&["outstanding", "fully-diluted"]), Optional, "Broad-based only: what A counts; outstanding (default, the NVCA model charter's) leaves out the reserved-but-unissued pool, fully-diluted counts it";
    price_decimals: Decimals, Optional, "Round an adjusted conversion price to this many decimals (NVCA: 4)";
};

pub const EXIT: Section = section! { "exit", Some("name"), "An exit to compute payouts at";
    name: Text, Optional, "The exit's name";
    value: Money, Required, "Proceeds to equity holders";
    date: Date, Optional, "The exit's date";
    probability: Fraction, Optional, "How likely this exit is: on every exit or none, summing to 100%";
    when: Condition, Optional, "With probabilities: only in the condition outcomes where this holds (its probability then conditional on the outcome)";
};

pub const CONDITION: Section = section! { "condition", None, "Something contingent money depends on";
    description: Text, Optional, "What the condition means";
    probability: Fraction, Optional, "Its probability, for expected values";
    assume: Bool, Optional, "The state the headline report uses (default true)";
};

pub const ROUND: Section = section! { "round", Some("name"), "A priced round: exactly one of pre_money, post_money and price_per_share";
    name: Text, Optional, "The round's name";
    date: Date, Optional, "The round's date (for note interest)";
    pre_money: MoneyOrRange, Sometimes("one of pre_money, post_money, price_per_share, valuation"), "Pre-money valuation (a range \"820B..840B\" with report --ranges)";
    post_money: MoneyOrRange, Sometimes("one of pre_money, post_money, price_per_share, valuation"), "Post-money as announced: pre-money + every tranche (a range with report --ranges)";
    price_per_share: Price, Sometimes("one of pre_money, post_money, price_per_share, valuation"), "Price per share (needs share counts)";
    valuation: MoneyOrRange, Sometimes("one of pre_money, post_money, price_per_share, valuation"), "A valuation whose basis is given by `basis` (pre-money, post-money, or unknown: both readings with report --ranges)";
    basis: Word(&["pre-money", "post-money", "unknown"]), Sometimes("with valuation"), "How `valuation` is read";
    pool_target: Fraction, Optional, "Top the unallocated pool up to this fraction of the post-money fully diluted count";
    pool_increase: Shares, Optional, "Add this many shares to the unallocated pool";
    pool_timing: Word(&["pre-money", "post-money"]), Optional, "Whether the top-up is in the pre-money count";
    conversion_method: Word(&["percentage-ownership", "pre-money", "dollars-invested"]), Optional, "How notes and pre-money SAFEs enter the price";
    investment: List(&INVESTMENT), Optional, "The round's investments";
    grant: List(&GRANT), Optional, "Options granted from the pool at the round's closing";
    secondary: List(&SECONDARY), Optional, "Sales of existing shares at the round's closing, after its new money";
};

pub const GRANT: Section = section! { "round.grant", None, "Options granted out of the unallocated pool at the round's closing";
    holder: Text, Required, "The grantee: a new name, or an existing option or warrant holder";
    shares: Shares, Required, "Shares out of the pool";
    exercise_price: Price, Sometimes("for a new holder"), "The strike per share (required for a new holder)";
    kind: Word(&["option", "warrant"]), Optional, "For a new holder: options (default) or warrants";
};

pub const INVESTMENT: Section = section! { "round.investment", Some("investor"), "Money an investor puts into the round";
    investor: Text, Required, "The investor; an existing holder of that name is the same party";
    amount: MoneyOrRange, Sometimes("unless pro_rata = true"), "The total commitment (the sum of the tranches), or a reported range (\"0..20B\", with report --ranges)";
    class: Text, Optional, "Share class (default common)";
    pro_rata: Bool, Optional, "Invest exactly enough to keep the investor's ownership from before the round";
    tranche: List(&TRANCHE), Optional, "Tranches whose amounts sum to the investment";
};

pub const TRANCHE: Section = section! { "round.investment.tranche", Some("name"), "A part of an investment, paid when its condition holds";
    name: Text, Optional, "The tranche's name";
    amount: MoneyOrRange, Required, "Money of this tranche, or a reported range (\"0..20B\", with report --ranges)";
    when: Condition, Optional, "Condition names joined by and, or, not and parentheses; no `when`: paid unconditionally";
};

pub const SECONDARY: Section = section! { "round.secondary", None, "A sale of existing shares at the round's closing (a secondary, or a tender with `sellers`): exactly one of shares, stake and amount, and one of price_per_share and valuation";
    seller: Text, Sometimes("this or sellers"), "The holder that sells";
    sellers: Sellers("all-common"), Sometimes("this or seller"), "A tender: the holders that sell, each pro rata to its holding, or \"all-common\" (every holder of common but the pool and the buyer)";
    buyer: Text, Required, "The party that buys (a new party if it holds nothing yet)";
    shares: Shares, Sometimes("one of shares, stake, amount"), "Shares sold (needs share counts)";
    stake: Fraction, Sometimes("one of shares, stake, amount"), "Fraction of the company sold, fully diluted at the round's closing";
    amount: Money, Sometimes("one of shares, stake, amount"), "Money paid, at the price";
    price_per_share: Price, Sometimes("this or valuation"), "Price a share (needs share counts)";
    valuation: Money, Sometimes("this or price_per_share"), "The company value the price implies: price = valuation ÷ fully diluted shares after the round";
    when: Condition, Optional, "Only in outcomes where this condition holds, e.g. \"ipo or agi\"";
    class: Text, Optional, "The class the bought shares convert into (default: the seller's)";
    cap: SharesOrFraction, Optional, "A tender only: the most each seller sells, a share count or a percentage of its own holding (\"20%\"); a capped seller's excess is shared pro rata among the others";
};

pub const SAFE: Section = section! { "safe", Some("investor"), "A SAFE, converting at a priced round";
    investor: Text, Required, "The SAFE holder";
    amount: Money, Required, "The purchase amount";
    cap: Money, Optional, "Valuation cap";
    discount: Fraction, Optional, "Discount to the round price";
    kind: Word(&["post-money", "pre-money", "fixed-percentage"]), Optional, "YC post-money (default), pre-money, or fixed-percentage (YC's standard deal)";
    percentage: Fraction, Sometimes("kind = \"fixed-percentage\""), "kind = \"fixed-percentage\" only: the fraction of the company capitalization it converts into";
    converts_at: Text, Optional, CONVERTS_AT;
    mfn: Bool, Optional, "Most-favoured-nation: the best terms of later SAFEs";
    class: Text, Optional, "Share class of the conversion shares";
    issued: Date, Optional, "Issue date: without converts_at, it converts at the first round on or after it";
    series: Word(&["round", "shadow"]), Optional, SERIES;
};

pub const NOTE: Section = section! { "note", Some("investor"), "A convertible note";
    investor: Text, Required, "The note holder";
    principal: Money, Required, "Principal";
    interest: Fraction, Optional, "Simple annual interest, actual/365";
    issued: Date, Sometimes("with interest"), "Issue date (interest runs from it)";
    cap: Money, Optional, "Valuation cap";
    discount: Fraction, Optional, "Discount to the round price";
    converts_at: Text, Optional, CONVERTS_AT;
    class: Text, Optional, "Share class of the conversion shares";
    series: Word(&["round", "shadow"]), Optional, SERIES;
};

pub const COMMITMENT: Section = section! { "commitment", Some("counterparty"), "Money the company commits to spend with a counterparty";
    counterparty: Text, Required, "Who receives the spend (an investor, usually)";
    amount: Money, Required, "The committed spend";
    years: Years, Optional, "Over how many years";
    description: Text, Optional, "What the spend is for";
    margin: Fraction, Optional, "The counterparty's profit share of the spend";
};

/// Every section, the top level first.
pub const SECTIONS: [&Section; 16] = [
    &TOP,
    &SCENARIO,
    &ROUNDING,
    &METRICS,
    &HOLDER,
    &CONDITION,
    &ROUND,
    &INVESTMENT,
    &TRANCHE,
    &GRANT,
    &SECONDARY,
    &COMMITMENT,
    &SAFE,
    &NOTE,
    &CLASS,
    &EXIT,
];

/// The keys that identify a list item, in order of preference (an item with a `name` is known
/// by it): each section's `identity`, once each (a test checks it against the sections).
pub const IDENTITY_KEYS: [&str; 3] = ["name", "investor", "counterparty"];

impl Section {
    /// The key of this name, if the section takes it.
    pub fn key(&'static self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// The names of its keys, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|k| k.name)
    }
}

/// The key a `--set`/`--vary` path leads to, given the path's key names without item picks
/// (`round[0].investment["Fund"].amount` is `["round", "investment", "amount"]`; the name of a
/// `[class.NAME]` or `[condition.NAME]` is one of them).
pub fn key_at(names: &[&str]) -> Option<&'static Key> {
    let mut section: &'static Section = &TOP;
    let mut names = names.iter();
    while let Some(name) = names.next() {
        let key = section.key(name)?;
        match key.kind {
            Table(next) | List(next) => section = next,
            Named(next, _) => {
                names.next()?;
                section = next;
            }
            _ => return names.next().is_none().then_some(key),
        }
    }
    None
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
