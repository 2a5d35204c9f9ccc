//! The report as titled rows of text, shared by the table, Markdown and CSV renderers.
//!
//! [`Numbers`] decides how each kind of figure is written: in human units for people
//! (`$730.0B`, `5.95%`), or exact for spreadsheets (`730000000000`, `0.0595238…`).

use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::{AtPriceReason, Report, RoundReport, WorkingsReport};
use crate::engine::conversion::PriceTerm;
use crate::format::{self, MoneyDigits};
use crate::scenario::model::Basis;

/// How figures are written.
#[derive(Clone, Debug)]
pub enum Numbers {
    /// Human units, percentages with `decimals` places; rounded half away from zero. Money by
    /// `money` (see [`format::MoneyDigits`]); [`Numbers::per_table`] sets it for each table.
    Human {
        decimals: u32,
        currency: String,
        money: MoneyDigits,
        /// While tables are being built to learn their amounts: money is written as a token
        /// that [`Numbers::per_table`] replaces once each table's decimals are known.
        probe: Option<Probe>,
        /// Class keys and the names tables show ([`crate::report::class_titles`]).
        classes: Vec<(String, String)>,
    },
    /// Exact decimals; fractions of 1 for ownership.
    Exact,
}

/// The amounts met while building tables, in order of first appearance; a token names one by
/// its index.
#[derive(Clone, Debug, Default)]
pub struct Probe(Arc<Mutex<Vec<Decimal>>>);

/// The characters that open and close a money token (Unicode private use: never in output).
const TOKEN_OPEN: char = '\u{E000}';
const TOKEN_CLOSE: char = '\u{E001}';

impl Numbers {
    /// Human units: percentages to `decimals` places; money with the fewest decimals that keep
    /// a table's amounts apart, or `money_decimals` decimals when given.
    pub fn human(decimals: u32, currency: impl Into<String>, money_decimals: Option<u32>) -> Self {
        Numbers::Human {
            decimals,
            currency: currency.into(),
            money: money_decimals.map_or(MoneyDigits::DEFAULT, MoneyDigits::Fixed),
            probe: None,
            classes: Vec::new(),
        }
    }

    /// The same, with the names classes are shown by (key, name).
    pub fn with_classes(mut self, titles: &[(String, String)]) -> Self {
        if let Numbers::Human { classes, .. } = &mut self {
            classes.extend(titles.iter().cloned());
        }
        self
    }

    /// A class by the name people read (`Series A`); exact output keeps the key (`series_a`).
    pub fn class(&self, key: &str) -> String {
        match self {
            Numbers::Human { classes, .. } => format::class_display(key, classes),
            Numbers::Exact => format::class_label(key),
        }
    }

    pub fn money(&self, value: Decimal) -> String {
        match self {
            Numbers::Human {
                probe: Some(probe), ..
            } => {
                let mut seen = match probe.0.lock() {
                    Ok(seen) => seen,
                    Err(poisoned) => poisoned.into_inner(),
                };
                let index = match seen.iter().position(|v| *v == value) {
                    Some(i) => i,
                    None => {
                        seen.push(value);
                        seen.len() - 1
                    }
                };
                format!("{TOKEN_OPEN}{index}{TOKEN_CLOSE}")
            }
            Numbers::Human {
                currency, money, ..
            } => format::human_money_with(value, currency, *money),
            Numbers::Exact => format::exact(value),
        }
    }

    /// Whether two amounts read as the same figure ($24.0M, a rounded amount, and $24M do): in
    /// human units by the rule in force (the default while tables are probed), exactly
    /// otherwise.
    pub fn same_money(&self, a: Decimal, b: Decimal) -> bool {
        let digits = match self {
            Numbers::Human {
                money, probe: None, ..
            } => *money,
            Numbers::Human { .. } => MoneyDigits::DEFAULT,
            Numbers::Exact => return a == b,
        };
        a == b || format::shown_money(a, digits) == format::shown_money(b, digits)
    }

    /// Builds tables with money written, in each table, with the fewest decimals (one, or two
    /// when one would make two different amounts of that table look equal) unless
    /// `--money-decimals` fixed them; exact figures are built once as they are.
    pub fn per_table(&self, build: impl FnOnce(&Numbers) -> Vec<Section>) -> Vec<Section> {
        let Numbers::Human {
            decimals,
            currency,
            money: MoneyDigits::Fewest { .. },
            probe: None,
            classes,
        } = self
        else {
            return build(self);
        };
        let probe = Probe::default();
        let probing = Numbers::Human {
            decimals: *decimals,
            currency: currency.clone(),
            money: MoneyDigits::DEFAULT,
            probe: Some(probe.clone()),
            classes: classes.clone(),
        };
        let mut sections = build(&probing);
        let values: Vec<Decimal> = match probe.0.lock() {
            Ok(seen) => seen.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        for section in &mut sections {
            let mut used: Vec<usize> = Vec::new();
            section.for_each_text(&mut |text| used.extend(tokens(text)));
            used.sort_unstable();
            used.dedup();
            let amounts: Vec<Decimal> = used
                .iter()
                .filter_map(|&i| values.get(i).copied())
                .collect();
            // Two decimals only where they tell apart amounts that one decimal writes alike.
            let two = MoneyDigits::Fewest { inexact: 2 };
            let digits = if collisions(&amounts, two) < collisions(&amounts, MoneyDigits::DEFAULT) {
                two
            } else {
                MoneyDigits::DEFAULT
            };
            section.for_each_text(&mut |text| {
                if text.contains(TOKEN_OPEN) {
                    *text = resolve(text, &values, currency, digits);
                }
            });
        }
        sections
    }

    /// Money put in, where a holder that put in nothing shows a dash in human units.
    pub fn invested(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { .. } if value.is_zero() => "—".into(),
            _ => self.money(value),
        }
    }

    pub fn fraction(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { decimals, .. } => format::percent(value, *decimals),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn change(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { decimals, .. } => format::points(value, *decimals),
            Numbers::Exact => format::exact(value),
        }
    }

    /// A relative change: "+12.05%" in human units, the exact fraction otherwise.
    pub fn relative(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { decimals, .. } => {
                let text = format::percent(value, *decimals);
                if value.is_sign_positive() && !value.is_zero() {
                    format!("+{text}")
                } else {
                    text
                }
            }
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn shares(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { .. } => format::shares(value),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn price(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { currency, .. } => format::price(value, currency),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn multiple(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { .. } => format::multiple(value),
            Numbers::Exact => format::exact(value),
        }
    }

    pub(crate) fn optional(
        &self,
        value: Option<Decimal>,
        f: fn(&Self, Decimal) -> String,
    ) -> String {
        value.map_or_else(String::new, |v| f(self, v))
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, Numbers::Exact)
    }
}

/// The indices of the money tokens in `text`.
fn tokens(text: &str) -> Vec<usize> {
    text.split(TOKEN_OPEN)
        .skip(1)
        .filter_map(|rest| rest.split_once(TOKEN_CLOSE))
        .filter_map(|(index, _)| index.parse().ok())
        .collect()
}

/// `text` with each money token replaced by its amount written with `digits`.
fn resolve(text: &str, values: &[Decimal], currency: &str, digits: MoneyDigits) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split(TOKEN_OPEN);
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        match part.split_once(TOKEN_CLOSE) {
            Some((index, rest)) => {
                if let Some(value) = index.parse::<usize>().ok().and_then(|i| values.get(i)) {
                    out.push_str(&format::human_money_with(*value, currency, digits));
                }
                out.push_str(rest);
            }
            None => out.push_str(part),
        }
    }
    out
}

/// Whether two different amounts among `amounts` are written the same with `digits`.
pub fn looks_equal(amounts: &[Decimal], digits: MoneyDigits) -> bool {
    collisions(amounts, digits) > 0
}

/// How many pairs of different amounts among `amounts` (each listed once) are written the
/// same with `digits`, counted as pairs of neighbours once sorted by their text.
fn collisions(amounts: &[Decimal], digits: MoneyDigits) -> usize {
    let mut shown: Vec<(String, Decimal)> = amounts
        .iter()
        .map(|&a| (format::human_money_with(a, "", digits), a))
        .collect();
    shown.sort();
    shown
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[0].1 != w[1].1)
        .count()
}

/// A column: its title and whether it holds figures (right-aligned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub numeric: bool,
}

/// A titled table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A line printed under the table (Markdown and terminal only).
    pub note: Option<String>,
}

impl Section {
    /// Calls `f` on every text of the section: title, column titles, cells and note.
    fn for_each_text(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.title);
        for column in &mut self.columns {
            f(&mut column.title);
        }
        for row in &mut self.rows {
            for cell in row {
                f(cell);
            }
        }
        if let Some(note) = &mut self.note {
            f(note);
        }
    }

    fn new(title: impl Into<String>, columns: &[(&str, bool)]) -> Self {
        Section {
            title: title.into(),
            columns: columns
                .iter()
                .map(|(title, numeric)| Column {
                    title: (*title).to_string(),
                    numeric: *numeric,
                })
                .collect(),
            rows: Vec::new(),
            note: None,
        }
    }
}

/// Most holders shown as columns of the outcomes table before it keeps only the holders whose
/// investment depends on the conditions.
const MAX_OUTCOME_COLUMNS: usize = 8;

/// The sections of the `report` command.
pub fn report_sections(report: &Report, numbers: &Numbers) -> Vec<Section> {
    // A file with no round: its cap table as given, in place of an empty valuation table.
    let mut sections = match &report.as_given {
        Some(given) => super::given::sections(report, given, numbers),
        None => vec![valuation(report, numbers)],
    };
    for round in &report.rounds {
        if let Some(w) = &round.workings {
            sections.push(workings(round, w, numbers));
        }
        sections.push(cap_table(report, round, numbers));
        if !round.secondaries.is_empty() {
            sections.push(secondaries(report, round, numbers));
        }
    }
    if !report.conditions.is_empty() {
        sections.push(outcomes(report, numbers));
    }
    if !report.commitments.is_empty() {
        sections.push(commitments(report, numbers));
    }
    sections
}

/// The valuation summary: one row per round.
///
/// With share counts, a "Post-money at price" column (price per share × fully diluted shares
/// after the round) once a round's figure differs from its post-money as shown, and an
/// "Effective pre-money" column once a round tops the pool up in its pre-money; the note says
/// why the figures differ.
pub fn valuation(report: &Report, numbers: &Numbers) -> Section {
    let shares = report.basis == Basis::Shares;
    let revenue = report.annual_revenue.is_some();
    let differs = |round: &RoundReport| {
        round
            .post_money_at_price
            .is_some_and(|v| !numbers.same_money(v, round.post_money))
    };
    let at_price = report.rounds.iter().any(differs);
    let effective = report
        .rounds
        .iter()
        .any(|r| r.effective_pre_money.is_some());
    let mut columns = vec![
        ("Round", false),
        ("Pre-money", true),
        ("New money", true),
        ("Post-money", true),
    ];
    if at_price {
        columns.push(("Post-money at price", true));
    }
    if effective {
        columns.push(("Effective pre-money", true));
    }
    if shares {
        columns.push(("Price per share", true));
    }
    if revenue {
        columns.push(("Revenue multiple", true));
    }
    let mut section = Section::new("Valuation", &columns);
    let mut notes = Vec::new();
    for round in &report.rounds {
        let mut row = vec![
            round.name.clone(),
            numbers.money(round.pre_money),
            numbers.money(round.new_money),
            numbers.money(round.post_money),
        ];
        if at_price {
            row.push(numbers.optional(round.post_money_at_price, Numbers::money));
        }
        if effective {
            row.push(numbers.optional(round.effective_pre_money, Numbers::money));
        }
        if shares {
            row.push(numbers.optional(round.price_per_share, Numbers::price));
        }
        if revenue {
            row.push(numbers.optional(round.revenue_multiple, Numbers::multiple));
        }
        section.rows.push(row);
        if differs(round) {
            notes.push(format!(
                "{}: post-money at price differs because {}.",
                round.name,
                at_price_reasons(round, numbers)
            ));
        }
    }
    if at_price {
        notes.insert(
            0,
            "Post-money at price: price per share × fully diluted shares after the round (the cap table's values add up to it).".into(),
        );
    }
    if effective {
        notes.push(
            "Effective pre-money: pre-money − pool top-up × price (the top-up comes out of the pre-money: the option pool shuffle).".into(),
        );
    }
    if let Some(revenue) = report.annual_revenue {
        notes.push(format!(
            "Revenue multiple: post-money ÷ annual revenue of {}.",
            numbers.money(revenue)
        ));
    }
    if !notes.is_empty() && !numbers.is_exact() {
        section.note = Some(notes.join(" "));
    }
    section
}

/// The reasons a round's post-money at price differs from its post-money, in words.
pub(crate) fn at_price_reasons(round: &RoundReport, numbers: &Numbers) -> String {
    let reasons: Vec<String> = round
        .at_price_reasons
        .iter()
        .map(|reason| match reason {
            AtPriceReason::ConversionsOutsideCount => {
                "the SAFE and note shares converting in it are outside the pre-money count".into()
            }
            AtPriceReason::PoolAfterPrice => "the pool top-up comes after the price".into(),
            AtPriceReason::AntiDilution(added) => format!(
                "anti-dilution added {} as-converted shares",
                numbers.shares(*added)
            ),
            AtPriceReason::Rounding => "share counts are rounded to whole shares".into(),
        })
        .collect();
    reasons.join(" and ")
}

/// The cap table after one round.
pub fn cap_table(report: &Report, round: &RoundReport, numbers: &Numbers) -> Section {
    let shares = report.basis == Basis::Shares;
    let mut columns = vec![("Holder", false), ("Class", false), ("Invested", true)];
    // An "As converted" column only once anti-dilution has moved a conversion price.
    let converted = shares
        && round
            .holders
            .iter()
            .any(|h| h.shares != h.as_converted_shares);
    if shares {
        columns.push(("Shares", true));
    }
    if converted {
        columns.push(("As converted", true));
    }
    columns.extend([
        ("Ownership before", true),
        ("Ownership after", true),
        ("Change", true),
        ("Value", true),
    ]);
    let mut section = Section::new(format!("Cap table after {}", round.name), &columns);
    // One row per (holder, class): a holder of several classes has a row for each, then (for
    // people, not spreadsheets, whose columns must add up) a row with its total.
    for holder in &round.holders {
        let name =
            if holder.pool && !numbers.is_exact() && !holder.name.to_lowercase().contains("pool") {
                format!("{} (pool)", holder.name)
            } else {
                holder.name.clone()
            };
        let row = |name: String, class: String, figures: RowFigures| {
            let mut row = vec![name, class, numbers.invested(figures.invested)];
            if shares {
                row.push(numbers.optional(figures.shares, Numbers::shares));
            }
            if converted {
                row.push(numbers.optional(figures.as_converted_shares, Numbers::shares));
            }
            row.extend([
                numbers.fraction(figures.ownership_before),
                numbers.fraction(figures.ownership),
                numbers.change(figures.ownership - figures.ownership_before),
                numbers.money(figures.value),
            ]);
            row
        };
        let total = RowFigures {
            invested: holder.invested,
            shares: holder.shares,
            as_converted_shares: holder.as_converted_shares,
            ownership_before: holder.ownership_before,
            ownership: holder.ownership,
            value: holder.value,
        };
        if holder.positions.len() < 2 {
            section
                .rows
                .push(row(name, numbers.class(&holder.class), total));
            continue;
        }
        for p in &holder.positions {
            let figures = RowFigures {
                invested: p.invested_round,
                shares: p.shares,
                as_converted_shares: p.as_converted_shares,
                ownership_before: p.ownership_before,
                ownership: p.ownership,
                value: p.value,
            };
            section
                .rows
                .push(row(name.clone(), numbers.class(&p.class), figures));
        }
        if !numbers.is_exact() {
            let classes: Vec<String> = holder
                .positions
                .iter()
                .map(|p| numbers.class(&p.class))
                .collect();
            section
                .rows
                .push(row(format!("{name} (total)"), classes.join(" + "), total));
        }
    }
    let announced = round.announced_post_money;
    if announced != round.post_money && !numbers.is_exact() {
        section.note = Some(format!(
            "Unpaid tranches: post-money is {} realised against {} announced.",
            numbers.money(round.post_money),
            numbers.money(announced)
        ));
    }
    section
}

/// A round's secondary sales and tenders: one row per seller that sold (a tender's sellers each
/// have theirs, with the sale's price on every row).
pub fn secondaries(report: &Report, round: &RoundReport, numbers: &Numbers) -> Section {
    let shares = report.basis == Basis::Shares;
    let conditional = round.secondaries.iter().any(|s| s.when.is_some());
    let converting = round.secondaries.iter().any(|s| s.class.is_some());
    let mut columns = vec![("Seller", false), ("Buyer", false)];
    if shares {
        columns.push(("Shares", true));
    }
    columns.extend([("Stake", true), ("Amount", true)]);
    if shares {
        columns.push(("Price per share", true));
    }
    columns.extend([("Premium", true), ("Implied valuation", true)]);
    if converting {
        columns.push(("Into class", false));
    }
    if conditional {
        columns.push(("When", false));
    }
    let mut section = Section::new(format!("Secondaries in {}", round.name), &columns);
    for secondary in &round.secondaries {
        for sale in &secondary.sales {
            let seller = if secondary.tender && !numbers.is_exact() {
                format!("{} (tender)", sale.seller)
            } else {
                sale.seller.clone()
            };
            let mut row = vec![seller, secondary.buyer.clone()];
            if shares {
                row.push(numbers.optional(sale.shares, Numbers::shares));
            }
            row.extend([numbers.fraction(sale.stake), numbers.money(sale.amount)]);
            if shares {
                row.push(numbers.optional(secondary.price_per_share, Numbers::price));
            }
            row.extend([
                numbers.optional(secondary.premium, Numbers::relative),
                numbers.money(secondary.implied_valuation),
            ]);
            if converting {
                row.push(
                    secondary
                        .class
                        .as_deref()
                        .map_or_else(String::new, |c| numbers.class(c)),
                );
            }
            if conditional {
                row.push(secondary.when.clone().unwrap_or_default());
            }
            section.rows.push(row);
        }
    }
    if !numbers.is_exact() {
        section.note = Some(if shares {
            "Existing shares change hands at the round's closing: no new money, no new shares. Premium = price ÷ round price − 1; implied valuation = price × fully diluted shares after the round.".into()
        } else {
            "Existing stakes change hands at the round's closing: no new money, no new shares. Premium = implied valuation ÷ post-money − 1.".into()
        });
    }
    section
}

/// The figures of one cap-table row: a holder's, or one of its positions'.
struct RowFigures {
    invested: Decimal,
    shares: Option<Decimal>,
    as_converted_shares: Option<Decimal>,
    ownership_before: Decimal,
    ownership: Decimal,
    value: Decimal,
}

/// How a round with share counts was priced, line by line, for a reader to audit.
pub fn workings(round: &RoundReport, w: &WorkingsReport, numbers: &Numbers) -> Section {
    let mut section = Section::new(
        format!("Workings for {}", round.name),
        &[("Step", false), ("Working", false), ("Result", true)],
    );
    let mut row = |step: String, working: String, result: String| {
        section.rows.push(vec![step, working, result])
    };
    row(
        "Shares before the round".into(),
        format!(
            "fully diluted; unallocated pool {}",
            numbers.shares(w.pool_before)
        ),
        numbers.shares(w.shares_before),
    );
    if let Some(rule) = &w.pool_rule {
        row(
            "Pool top-up".into(),
            rule.clone(),
            numbers.shares(w.pool_top_up),
        );
    }
    if let Some(k) = w.company_capitalization {
        row(
            "Company capitalization".into(),
            "shares before the round + every converting SAFE and note (post-money SAFE caps divide this)".into(),
            numbers.shares(k),
        );
    }
    row(
        "Pre-money count".into(),
        w.pre_money_count_includes.join(" + "),
        numbers.shares(w.pre_money_count),
    );
    row(
        "Price per share".into(),
        format!(
            "pre-money {} ÷ pre-money count",
            numbers.money(round.pre_money)
        ),
        numbers.price(w.price_per_share),
    );
    for c in &w.conversions {
        let mut working = vec![format!("{} {}", c.kind, numbers.money(c.amount))];
        if let (Some(cap), Some(price)) = (c.cap, c.cap_price) {
            working.push(format!(
                "cap {} → {}",
                numbers.money(cap),
                numbers.price(price)
            ));
        }
        if let (Some(discount), Some(price)) = (c.discount, c.discount_price) {
            working.push(format!(
                "discount {} → {}",
                numbers.fraction(discount),
                numbers.price(price)
            ));
        }
        working.push(match c.basis {
            PriceTerm::FixedPercentage => format!(
                "its fixed percentage of the company capitalization ({} a share)",
                numbers.price(c.conversion_price)
            ),
            basis => format!(
                "{basis} wins: {} ÷ {}",
                numbers.money(c.amount),
                numbers.price(c.conversion_price)
            ),
        });
        row(
            format!("{} converts", c.investor),
            working.join("; "),
            numbers.shares(c.shares),
        );
    }
    for i in &w.investments {
        let working = if i.pro_rata {
            format!(
                "pro rata: keeps its pre-round ownership; {} at the round price",
                numbers.money(i.money)
            )
        } else {
            format!("{} ÷ price per share", numbers.money(i.money))
        };
        row(
            format!("{} buys", i.investor),
            working,
            numbers.shares(i.shares),
        );
    }
    for a in &w.adjustments {
        let formula = match a.weighted {
            Some((x, b, c)) => format!(
                "{} anti-dilution: round price {} below {}; CP2 = CP1 × (A + B) ÷ (A + C), A = {}, B = {}, C = {} → {}",
                a.rule,
                numbers.price(a.round_price),
                numbers.price(a.before),
                numbers.shares(x),
                numbers.shares(b),
                numbers.shares(c),
                numbers.price(a.after)
            ),
            None => format!(
                "full ratchet: round price {} below {} → {}",
                numbers.price(a.round_price),
                numbers.price(a.before),
                numbers.price(a.after)
            ),
        };
        row(
            format!("{} conversion price", numbers.class(&a.class)),
            format!(
                "{formula}; as converted {} → {}",
                numbers.shares(a.units_before),
                numbers.shares(a.units_after)
            ),
            numbers.price(a.after),
        );
    }
    for c in &round.classes {
        if c.conversion_price != c.original_issue_price
            && !w.adjustments.iter().any(|a| a.class == c.name)
        {
            row(
                format!("{} conversion price", numbers.class(&c.name)),
                format!(
                    "adjusted earlier from {}; {} shares convert into {}",
                    numbers.price(c.original_issue_price),
                    numbers.shares(c.shares),
                    numbers.shares(c.as_converted_shares)
                ),
                numbers.price(c.conversion_price),
            );
        }
    }
    row(
        "Shares after the round".into(),
        "before + pool top-up + conversions + new shares".into(),
        numbers.shares(w.shares_after),
    );
    section
}

/// The contingent outcomes: one row per combination of conditions, then the expected values.
pub fn outcomes(report: &Report, numbers: &Numbers) -> Section {
    let holders: Vec<usize> = outcome_columns(report);
    let mut columns: Vec<(&str, bool)> = report
        .conditions
        .iter()
        .map(|c| (c.name.as_str(), false))
        .collect();
    columns.extend([
        ("Probability", true),
        ("New money", true),
        ("Post-money", true),
    ]);
    let names: Vec<String> = holders
        .iter()
        .map(|&i| report.outcomes[0].holders[i].name.clone())
        .collect();
    columns.extend(names.iter().map(|n| (n.as_str(), true)));
    let mut section = Section::new("Outcomes", &columns);
    for outcome in &report.outcomes {
        let mut row: Vec<String> = outcome
            .conditions
            .iter()
            .map(|&v| if v { "yes" } else { "no" }.to_string())
            .collect();
        row.extend([
            numbers.optional(outcome.probability, Numbers::fraction),
            numbers.money(outcome.new_money),
            numbers.money(outcome.post_money),
        ]);
        row.extend(
            holders
                .iter()
                .map(|&i| numbers.fraction(outcome.holders[i].ownership)),
        );
        section.rows.push(row);
    }
    if let Some(expected) = &report.expected {
        let mut row = vec![String::new(); report.conditions.len()];
        // The label goes in the first column: a condition's, or the probability's if none.
        let label = if row.is_empty() {
            "Expected".to_string()
        } else {
            row[0] = "Expected".into();
            String::new()
        };
        row.extend([
            label,
            numbers.money(expected.new_money),
            numbers.money(expected.post_money),
        ]);
        row.extend(
            holders
                .iter()
                .map(|&i| numbers.fraction(expected.holders[i].1)),
        );
        section.rows.push(row);
    }
    if !numbers.is_exact() {
        let mut note = String::from(if report.rounds.is_empty() {
            "No round: nothing is raised or priced; holder columns: ownership in the cap table as given."
        } else {
            "Holder columns: ownership after the last round."
        });
        if holders.len() < report.outcomes.first().map_or(0, |o| o.holders.len()) {
            note.push_str(" Only holders whose money depends on the conditions are shown; every holder is in --format json or csv.");
        }
        if report.expected.is_none() {
            note.push_str(" No expected values: not every condition has a probability.");
        }
        section.note = Some(note);
    }
    section
}

/// Which holders get an ownership column in the outcomes table.
fn outcome_columns(report: &Report) -> Vec<usize> {
    let Some(first) = report.outcomes.first() else {
        return Vec::new();
    };
    let all: Vec<usize> = (0..first.holders.len()).collect();
    if all.len() <= MAX_OUTCOME_COLUMNS {
        return all;
    }
    all.into_iter()
        .filter(|&i| {
            report
                .outcomes
                .iter()
                .any(|o| o.holders[i].invested != first.holders[i].invested)
        })
        .take(MAX_OUTCOME_COLUMNS)
        .collect()
}

/// Commitments and the net flows they imply.
pub fn commitments(report: &Report, numbers: &Numbers) -> Section {
    let mut section = Section::new(
        "Commitments",
        &[
            ("Counterparty", false),
            ("Commitment", true),
            ("Years", true),
            ("Invested", true),
            ("Net flow", true),
            ("Margin", true),
            ("Economic cost", true),
            ("Implied post-money", true),
        ],
    );
    for c in &report.commitments {
        section.rows.push(vec![
            c.counterparty.clone(),
            numbers.money(c.amount),
            c.years.map_or_else(String::new, format::exact),
            numbers.invested(c.invested),
            numbers.money(c.net_flow),
            numbers.optional(c.margin, Numbers::fraction),
            numbers.optional(c.economic_cost, Numbers::money),
            numbers.optional(c.implied_post_money, Numbers::money),
        ]);
    }
    if !numbers.is_exact() {
        section.note = Some(
            "Net flow = invested − commitment. Economic cost = invested − margin × commitment; implied post-money = economic cost ÷ ownership after the last round."
                .into(),
        );
    }
    section
}

/// The line that states the display rounding rule.
pub fn rounding_note(decimals: u32, money_decimals: Option<u32>) -> String {
    format!(
        "{}, percentages to {decimals} decimals, rounded half away from zero; exact figures with --format json or csv.",
        money_rule(money_decimals)
    )
}

/// How money is written for people, in words: the start of a rounding note.
pub fn money_rule(money_decimals: Option<u32>) -> String {
    match money_decimals {
        Some(1) => "Money in K/M/B/T to 1 decimal".into(),
        Some(n) => format!("Money in K/M/B/T to {n} decimals"),
        None => "Money in K/M/B/T exact when two decimals suffice ($1.62M), else to one decimal (two where that tells a table's amounts apart)".into(),
    }
}

/// The lines above the tables: the scenario's name and the conditions the headline assumes.
pub fn preamble(report: &Report) -> Vec<String> {
    let mut lines = vec![report.name.clone()];
    if let Some(description) = &report.description {
        lines.push(description.clone());
    }
    if !report.conditions.is_empty() {
        let assumed: Vec<String> = report
            .conditions
            .iter()
            .map(|c| format!("{} = {}", c.name, if c.assumed { "yes" } else { "no" }))
            .collect();
        lines.push(format!("Conditions assumed: {}", assumed.join(", ")));
    }
    lines
}

/// Several reports side by side, after their last rounds, with differences against the first.
///
/// Rows: pre-money, new money, post-money, price per share (where known), then each holder's
/// ownership and value (holders in order of first appearance across the scenarios). For every
/// scenario after the first, two more columns: the difference (later − first) and, for money,
/// the relative difference.
pub fn compare(reports: &[Report], labels: &[String], numbers: &Numbers) -> Section {
    let mut titles: Vec<String> = vec!["Figure (after the last round)".into()];
    for (i, label) in labels.iter().enumerate() {
        titles.push(label.clone());
        if i > 0 {
            titles.push(format!("Δ vs {}", labels[0]));
            titles.push(format!("Δ% vs {}", labels[0]));
        }
    }
    let columns: Vec<(&str, bool)> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i > 0))
        .collect();
    let mut section = Section::new("Comparison", &columns);

    type Pick = Box<dyn Fn(&Report) -> Option<Decimal>>;
    let last = |r: &Report| r.rounds.last().cloned();
    let mut rows: Vec<(String, Pick, bool)> = vec![
        (
            "Pre-money".into(),
            Box::new(move |r| last(r).map(|x| x.pre_money)),
            true,
        ),
        (
            "New money".into(),
            Box::new(move |r| last(r).map(|x| x.new_money)),
            true,
        ),
        (
            "Post-money".into(),
            Box::new(move |r| last(r).map(|x| x.post_money)),
            true,
        ),
    ];
    if reports.iter().any(|r| r.basis == Basis::Shares) {
        rows.push((
            "Price per share".into(),
            Box::new(move |r| last(r).and_then(|x| x.price_per_share)),
            true,
        ));
    }
    let mut names: Vec<String> = Vec::new();
    for report in reports {
        if let Some(round) = report.rounds.last() {
            for holder in &round.holders {
                if !names.contains(&holder.name) {
                    names.push(holder.name.clone());
                }
            }
        } else if let Some(given) = &report.as_given {
            // A file with no round: its holders as given.
            for holder in &given.holders {
                if !names.contains(&holder.name) {
                    names.push(holder.name.clone());
                }
            }
        }
    }
    for name in &names {
        let n = name.clone();
        rows.push((
            format!("Ownership: {name}"),
            Box::new(move |r| {
                last(r)
                    .map(|x| {
                        x.holders
                            .iter()
                            .find(|h| h.name == n)
                            .map_or(Decimal::ZERO, |h| h.ownership)
                    })
                    .or_else(|| r.as_given.as_ref().map(|g| g.ownership_of(&n)))
            }),
            false,
        ));
        let n = name.clone();
        rows.push((
            format!("Value: {name}"),
            Box::new(move |r| {
                last(r).map(|x| {
                    x.holders
                        .iter()
                        .find(|h| h.name == n)
                        .map_or(Decimal::ZERO, |h| h.value)
                })
            }),
            true,
        ));
    }
    for (title, pick, money) in rows {
        let values: Vec<Option<Decimal>> = reports.iter().map(&pick).collect();
        let show = |v: Decimal| {
            if money {
                if title == "Price per share" {
                    numbers.price(v)
                } else {
                    numbers.money(v)
                }
            } else {
                numbers.fraction(v)
            }
        };
        let mut row = vec![title.clone()];
        for (i, value) in values.iter().enumerate() {
            row.push(value.map_or_else(String::new, show));
            if i > 0 {
                let difference = match (values[0], *value) {
                    (Some(a), Some(b)) => b.checked_sub(a),
                    _ => None,
                };
                row.push(difference.map_or_else(String::new, |d| {
                    if money {
                        let text = show(d);
                        if d.is_sign_positive() && !d.is_zero() && !numbers.is_exact() {
                            format!("+{text}")
                        } else {
                            text
                        }
                    } else {
                        numbers.change(d)
                    }
                }));
                let relative = match (values[0], difference) {
                    (Some(a), Some(d)) if !a.is_zero() => d.checked_div(a),
                    _ => None,
                };
                row.push(relative.map_or_else(String::new, |r| numbers.relative(r)));
            }
        }
        section.rows.push(row);
    }
    if !numbers.is_exact() {
        section.note = Some(
            "Δ: the difference from the first scenario (ownership in percentage points); Δ%: that difference relative to the first scenario's figure."
                .into(),
        );
    }
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(title: &str, numbers: &Numbers, amounts: &[i64]) -> Section {
        let mut section = Section::new(title, &[("Amount", true)]);
        for &a in amounts {
            section.rows.push(vec![numbers.money(Decimal::from(a))]);
        }
        section.note = Some(format!(
            "First: {}.",
            numbers.money(Decimal::from(amounts[0]))
        ));
        section
    }

    #[test]
    fn each_table_gets_two_decimals_only_where_one_writes_amounts_alike() {
        let numbers = Numbers::human(2, "USD", None);
        let sections = numbers.per_table(|n| {
            vec![
                // 1.234M and 1.241M are both $1.2M at one decimal; two tell them apart. The
                // exact $24.75M keeps its two decimals, the exact $2M none.
                table("A", n, &[1_234_000, 1_241_000, 24_750_000, 2_000_000]),
                // Alone, 1.234M needs only one decimal.
                table("B", n, &[1_234_000, 16_250_000]),
                // 61,538,461 and 61,538,462: alike at two decimals too, so one is kept.
                table("C", n, &[61_538_461, 61_538_462]),
            ]
        });
        let cells = |s: &Section| s.rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>();
        assert_eq!(cells(&sections[0]), ["$1.23M", "$1.24M", "$24.75M", "$2M"]);
        assert_eq!(sections[0].note.as_deref(), Some("First: $1.23M."));
        assert_eq!(cells(&sections[1]), ["$1.2M", "$16.25M"]);
        assert_eq!(cells(&sections[2]), ["$61.5M", "$61.5M"]);
        // Fixed decimals: every table alike.
        let fixed = Numbers::human(2, "USD", Some(1));
        let sections = fixed.per_table(|n| vec![table("A", n, &[1_234_000, 24_750_000])]);
        assert_eq!(cells(&sections[0]), ["$1.2M", "$24.8M"]);
    }
}
