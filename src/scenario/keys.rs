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

const fn key(name: &'static str, kind: Kind, need: Need, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        need,
        doc,
    }
}

const fn opt(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    key(name, kind, Optional, doc)
}

const SERIES: &str = "round (default): the shares join the round's series of the class; shadow: their own series, whose original issue price is the conversion price";
const CONVERTS_AT: &str = "The round it converts in (default: the first round dated on or after `issued`, or the first round)";

pub const TOP: Section = Section {
    path: "",
    doc: "A company's holders, conditions and funding rounds (captable's scenario format; see docs/scenario-format.md)",
    identity: None,
    keys: &[
        opt(
            "extends",
            Path,
            "A base scenario this file changes (a path relative to this file)",
        ),
        opt("scenario", Table(&SCENARIO), "The scenario itself"),
        opt("rounding", Table(&ROUNDING), "Share-count rounding"),
        opt("metrics", Table(&METRICS), "Company figures"),
        opt(
            "holder",
            List(&HOLDER),
            "The cap table before the first round",
        ),
        opt(
            "condition",
            Named(&CONDITION, Some("^[a-z][a-z0-9_]*$")),
            "Conditions, by name ([a-z][a-z0-9_]*)",
        ),
        opt("round", List(&ROUND), "The rounds, in date order"),
        opt(
            "commitment",
            List(&COMMITMENT),
            "Money flowing back from the company",
        ),
        opt("safe", List(&SAFE), "SAFEs"),
        opt("note", List(&NOTE), "Convertible notes"),
        opt("class", Named(&CLASS, None), "Share classes, by name"),
        opt("exit", List(&EXIT), "Exits to compute payouts at"),
    ],
};

pub const SCENARIO: Section = Section {
    path: "scenario",
    doc: "The scenario itself",
    identity: None,
    keys: &[
        key("name", Text, Required, "The scenario's name"),
        opt("currency", Currency, "ISO 4217 code (default USD)"),
        opt("description", Text, "What the scenario shows"),
        opt("sources", Texts, "Where each figure comes from"),
    ],
};

pub const ROUNDING: Section = Section {
    path: "rounding",
    doc: "Share-count rounding",
    identity: None,
    keys: &[
        opt(
            "shares",
            Word(&["floor", "nearest", "exact"]),
            "How new share counts are rounded",
        ),
        opt(
            "price_decimals",
            Decimals,
            "Round each computed price to this many decimals",
        ),
        opt(
            "price",
            Word(&["nearest", "up"]),
            "With price_decimals: nearest rounds the round price; up rounds the round price and every conversion price up (the legal-spreadsheet convention)",
        ),
    ],
};

pub const METRICS: Section = Section {
    path: "metrics",
    doc: "Company figures",
    identity: None,
    keys: &[opt(
        "annual_revenue",
        Money,
        "Annual revenue, for the revenue multiple",
    )],
};

pub const HOLDER: Section = Section {
    path: "holder",
    doc: "A holder before the first round: a stake or a share count",
    identity: Some("name"),
    keys: &[
        key("name", Text, Required, "The holder's name (unique)"),
        key(
            "stake",
            Fraction,
            Sometimes("this or shares"),
            "Fraction of the company before the first round",
        ),
        key("shares", Shares, Sometimes("this or stake"), "Share count"),
        opt("class", Text, "Share class (default common)"),
        opt("pool", Bool, "The unallocated option pool"),
        opt(
            "invested",
            Money,
            "Money invested for these shares (needed for a preferred class's preference)",
        ),
        opt(
            "kind",
            Word(&["shares", "option", "warrant"]),
            "What the holder holds: shares (default), or options or warrants with an exercise_price",
        ),
        key(
            "exercise_price",
            Price,
            Sometimes("kind = option or warrant"),
            "Option or warrant only: money per share paid to exercise (the strike)",
        ),
        opt(
            "coverage",
            Fraction,
            "Warrant only, instead of shares: shares = coverage × amount ÷ exercise_price, rounded by [rounding] shares",
        ),
        key(
            "amount",
            Money,
            Sometimes("with coverage"),
            "Warrant with coverage only: the money the coverage is a fraction of",
        ),
        opt(
            "from_pool",
            Bool,
            "The holder's shares are granted out of the pool holder's (pool = true) reserve",
        ),
    ],
};

pub const CLASS: Section = Section {
    path: "class",
    doc: "Terms of a preferred share class",
    identity: None,
    keys: &[
        opt(
            "name",
            Title,
            "The name tables and charts show, such as \"Series A Preferred\"; default: made from the key (series_a → Series A)",
        ),
        opt(
            "preference",
            Multiple,
            "Liquidation preference, a multiple of the money invested",
        ),
        opt(
            "participating",
            Bool,
            "Also shares pro rata after its preference",
        ),
        opt(
            "cap",
            Multiple,
            "Participation stops at this multiple of invested money",
        ),
        opt("seniority", Integer, "Higher is paid first"),
        opt(
            "anti_dilution",
            Word(&["none", "broad-based", "narrow-based", "full-ratchet"]),
            "Protection against a lower-priced round",
        ),
        opt(
            "anti_dilution_base",
            Word(&["outstanding", "fully-diluted"]),
            "Broad-based only: what A counts; outstanding (default, the NVCA model charter's) leaves out the reserved-but-unissued pool, fully-diluted counts it",
        ),
        opt(
            "price_decimals",
            Decimals,
            "Round an adjusted conversion price to this many decimals (NVCA: 4)",
        ),
    ],
};

pub const EXIT: Section = Section {
    path: "exit",
    doc: "An exit to compute payouts at",
    identity: Some("name"),
    keys: &[
        opt("name", Text, "The exit's name"),
        key("value", Money, Required, "Proceeds to equity holders"),
        opt("date", Date, "The exit's date"),
        opt(
            "probability",
            Fraction,
            "How likely this exit is: on every exit or none, summing to 100%",
        ),
        opt(
            "when",
            Condition,
            "With probabilities: only in the condition outcomes where this holds (its probability then conditional on the outcome)",
        ),
    ],
};

pub const CONDITION: Section = Section {
    path: "condition",
    doc: "Something contingent money depends on",
    identity: None,
    keys: &[
        opt("description", Text, "What the condition means"),
        opt(
            "probability",
            Fraction,
            "Its probability, for expected values",
        ),
        opt(
            "assume",
            Bool,
            "The state the headline report uses (default true)",
        ),
    ],
};

pub const ROUND: Section = Section {
    path: "round",
    doc: "A priced round: exactly one of pre_money, post_money and price_per_share",
    identity: Some("name"),
    keys: &[
        opt("name", Text, "The round's name"),
        opt("date", Date, "The round's date (for note interest)"),
        key(
            "pre_money",
            MoneyOrRange,
            Sometimes("one of pre_money, post_money, price_per_share, valuation"),
            "Pre-money valuation (a range \"820B..840B\" with report --ranges)",
        ),
        key(
            "post_money",
            MoneyOrRange,
            Sometimes("one of pre_money, post_money, price_per_share, valuation"),
            "Post-money as announced: pre-money + every tranche (a range with report --ranges)",
        ),
        key(
            "price_per_share",
            Price,
            Sometimes("one of pre_money, post_money, price_per_share, valuation"),
            "Price per share (needs share counts)",
        ),
        key(
            "valuation",
            MoneyOrRange,
            Sometimes("one of pre_money, post_money, price_per_share, valuation"),
            "A valuation whose basis is given by `basis` (pre-money, post-money, or unknown: both readings with report --ranges)",
        ),
        key(
            "basis",
            Word(&["pre-money", "post-money", "unknown"]),
            Sometimes("with valuation"),
            "How `valuation` is read",
        ),
        opt(
            "pool_target",
            Fraction,
            "Top the unallocated pool up to this fraction of the post-money fully diluted count",
        ),
        opt(
            "pool_increase",
            Shares,
            "Add this many shares to the unallocated pool",
        ),
        opt(
            "pool_timing",
            Word(&["pre-money", "post-money"]),
            "Whether the top-up is in the pre-money count",
        ),
        opt(
            "conversion_method",
            Word(&["percentage-ownership", "pre-money", "dollars-invested"]),
            "How notes and pre-money SAFEs enter the price",
        ),
        opt("investment", List(&INVESTMENT), "The round's investments"),
        opt(
            "grant",
            List(&GRANT),
            "Options granted from the pool at the round's closing",
        ),
        opt(
            "secondary",
            List(&SECONDARY),
            "Sales of existing shares at the round's closing, after its new money",
        ),
    ],
};

pub const GRANT: Section = Section {
    path: "round.grant",
    doc: "Options granted out of the unallocated pool at the round's closing",
    identity: None,
    keys: &[
        key(
            "holder",
            Text,
            Required,
            "The grantee: a new name, or an existing option or warrant holder",
        ),
        key("shares", Shares, Required, "Shares out of the pool"),
        key(
            "exercise_price",
            Price,
            Sometimes("for a new holder"),
            "The strike per share (required for a new holder)",
        ),
        opt(
            "kind",
            Word(&["option", "warrant"]),
            "For a new holder: options (default) or warrants",
        ),
    ],
};

pub const INVESTMENT: Section = Section {
    path: "round.investment",
    doc: "Money an investor puts into the round",
    identity: Some("investor"),
    keys: &[
        key(
            "investor",
            Text,
            Required,
            "The investor; an existing holder of that name is the same party",
        ),
        key(
            "amount",
            MoneyOrRange,
            Sometimes("unless pro_rata = true"),
            "The total commitment (the sum of the tranches), or a reported range (\"0..20B\", with report --ranges)",
        ),
        opt("class", Text, "Share class (default common)"),
        opt(
            "pro_rata",
            Bool,
            "Invest exactly enough to keep the investor's ownership from before the round",
        ),
        opt(
            "tranche",
            List(&TRANCHE),
            "Tranches whose amounts sum to the investment",
        ),
    ],
};

pub const TRANCHE: Section = Section {
    path: "round.investment.tranche",
    doc: "A part of an investment, paid when its condition holds",
    identity: Some("name"),
    keys: &[
        opt("name", Text, "The tranche's name"),
        key(
            "amount",
            MoneyOrRange,
            Required,
            "Money of this tranche, or a reported range (\"0..20B\", with report --ranges)",
        ),
        opt(
            "when",
            Condition,
            "Condition names joined by and, or, not and parentheses; no `when`: paid unconditionally",
        ),
    ],
};

pub const SECONDARY: Section = Section {
    path: "round.secondary",
    doc: "A sale of existing shares at the round's closing (a secondary, or a tender with `sellers`): exactly one of shares, stake and amount, and one of price_per_share and valuation",
    identity: None,
    keys: &[
        key(
            "seller",
            Text,
            Sometimes("this or sellers"),
            "The holder that sells",
        ),
        key(
            "sellers",
            Sellers("all-common"),
            Sometimes("this or seller"),
            "A tender: the holders that sell, each pro rata to its holding, or \"all-common\" (every holder of common but the pool and the buyer)",
        ),
        key(
            "buyer",
            Text,
            Required,
            "The party that buys (a new party if it holds nothing yet)",
        ),
        key(
            "shares",
            Shares,
            Sometimes("one of shares, stake, amount"),
            "Shares sold (needs share counts)",
        ),
        key(
            "stake",
            Fraction,
            Sometimes("one of shares, stake, amount"),
            "Fraction of the company sold, fully diluted at the round's closing",
        ),
        key(
            "amount",
            Money,
            Sometimes("one of shares, stake, amount"),
            "Money paid, at the price",
        ),
        key(
            "price_per_share",
            Price,
            Sometimes("this or valuation"),
            "Price a share (needs share counts)",
        ),
        key(
            "valuation",
            Money,
            Sometimes("this or price_per_share"),
            "The company value the price implies: price = valuation ÷ fully diluted shares after the round",
        ),
        opt(
            "when",
            Condition,
            "Only in outcomes where this condition holds, e.g. \"ipo or agi\"",
        ),
        opt(
            "class",
            Text,
            "The class the bought shares convert into (default: the seller's)",
        ),
        opt(
            "cap",
            SharesOrFraction,
            "A tender only: the most each seller sells, a share count or a percentage of its own holding (\"20%\"); a capped seller's excess is shared pro rata among the others",
        ),
    ],
};

pub const SAFE: Section = Section {
    path: "safe",
    doc: "A SAFE, converting at a priced round",
    identity: Some("investor"),
    keys: &[
        key("investor", Text, Required, "The SAFE holder"),
        key("amount", Money, Required, "The purchase amount"),
        opt("cap", Money, "Valuation cap"),
        opt("discount", Fraction, "Discount to the round price"),
        opt(
            "kind",
            Word(&["post-money", "pre-money", "fixed-percentage"]),
            "YC post-money (default), pre-money, or fixed-percentage (YC's standard deal)",
        ),
        key(
            "percentage",
            Fraction,
            Sometimes("kind = \"fixed-percentage\""),
            "kind = \"fixed-percentage\" only: the fraction of the company capitalization it converts into",
        ),
        opt("converts_at", Text, CONVERTS_AT),
        opt(
            "mfn",
            Bool,
            "Most-favoured-nation: the best terms of later SAFEs",
        ),
        opt("class", Text, "Share class of the conversion shares"),
        opt(
            "issued",
            Date,
            "Issue date: without converts_at, it converts at the first round on or after it",
        ),
        opt("series", Word(&["round", "shadow"]), SERIES),
    ],
};

pub const NOTE: Section = Section {
    path: "note",
    doc: "A convertible note",
    identity: Some("investor"),
    keys: &[
        key("investor", Text, Required, "The note holder"),
        key("principal", Money, Required, "Principal"),
        opt("interest", Fraction, "Simple annual interest, actual/365"),
        key(
            "issued",
            Date,
            Sometimes("with interest"),
            "Issue date (interest runs from it)",
        ),
        opt("cap", Money, "Valuation cap"),
        opt("discount", Fraction, "Discount to the round price"),
        opt("converts_at", Text, CONVERTS_AT),
        opt("class", Text, "Share class of the conversion shares"),
        opt("series", Word(&["round", "shadow"]), SERIES),
    ],
};

pub const COMMITMENT: Section = Section {
    path: "commitment",
    doc: "Money the company commits to spend with a counterparty",
    identity: Some("counterparty"),
    keys: &[
        key(
            "counterparty",
            Text,
            Required,
            "Who receives the spend (an investor, usually)",
        ),
        key("amount", Money, Required, "The committed spend"),
        opt("years", Years, "Over how many years"),
        opt("description", Text, "What the spend is for"),
        opt(
            "margin",
            Fraction,
            "The counterparty's profit share of the spend",
        ),
    ],
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
