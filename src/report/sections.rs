//! The report as titled rows of text, shared by the table, Markdown and CSV renderers.
//!
//! [`Numbers`] decides how each kind of figure is written: in human units for people
//! (`$730.0B`, `5.95%`), or exact for spreadsheets (`730000000000`, `0.0595238…`).

use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::cell::{Cell, Formula, Target, Value, titled};
use super::{AtPriceReason, Report, RoundReport, WorkingsReport};
use crate::engine::conversion::PriceTerm;
use crate::engine::{captable, commitments};
use crate::format::{self, MoneyDigits};
use crate::scenario::model::{Basis, ConditionSet};

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

/// The characters that open and close a money token: control characters, which no text of a
/// scenario can hold (E0035), so a name can never be taken for a token.
const TOKEN_OPEN: char = '\u{1}';
const TOKEN_CLOSE: char = '\u{2}';

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

    pub fn money(&self, value: Decimal) -> Cell {
        Cell::new(self.money_text(value), Value::Money(value))
    }

    fn money_text(&self, value: Decimal) -> String {
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
    pub fn invested(&self, value: Decimal) -> Cell {
        match self {
            Numbers::Human { .. } if value.is_zero() => Cell::new("—", Value::Money(value)),
            _ => self.money(value),
        }
    }

    pub fn fraction(&self, value: Decimal) -> Cell {
        Cell::new(self.fraction_text(value), Value::Fraction(value))
    }

    fn fraction_text(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { decimals, .. } => format::percent(value, *decimals),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn change(&self, value: Decimal) -> Cell {
        Cell::new(self.change_text(value), Value::Change(value))
    }

    fn change_text(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { decimals, .. } => format::points(value, *decimals),
            Numbers::Exact => format::exact(value),
        }
    }

    /// A relative change: "+12.05%" in human units, the exact fraction otherwise.
    pub fn relative(&self, value: Decimal) -> Cell {
        Cell::new(self.relative_text(value), Value::Fraction(value))
    }

    fn relative_text(&self, value: Decimal) -> String {
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

    pub fn shares(&self, value: Decimal) -> Cell {
        Cell::new(self.shares_text(value), Value::Shares(value))
    }

    fn shares_text(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { .. } => format::shares(value),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn price(&self, value: Decimal) -> Cell {
        Cell::new(self.price_text(value), Value::Price(value))
    }

    fn price_text(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { currency, .. } => format::price(value, currency),
            Numbers::Exact => format::exact(value),
        }
    }

    pub fn multiple(&self, value: Decimal) -> Cell {
        Cell::new(self.multiple_text(value), Value::Multiple(value))
    }

    fn multiple_text(&self, value: Decimal) -> String {
        match self {
            Numbers::Human { .. } => format::multiple(value),
            Numbers::Exact => format::exact(value),
        }
    }

    pub(crate) fn optional(&self, value: Option<Decimal>, f: fn(&Self, Decimal) -> Cell) -> Cell {
        value.map_or_else(Cell::empty, |v| f(self, v))
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
    /// The table's name without its round ("Cap table" for "Cap table after Seed").
    pub table: String,
    /// The round a table repeated per round belongs to.
    pub round: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
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
                f(&mut cell.text);
            }
        }
        if let Some(note) = &mut self.note {
            f(note);
        }
    }

    pub fn new(title: impl Into<String>, columns: &[(&str, bool)]) -> Self {
        let title = title.into();
        Section {
            table: title.clone(),
            round: None,
            title,
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
        if let Some(b) = &round.bridge {
            sections.push(bridge(round, b, numbers));
        }
    }
    if !report.conditions.is_empty() {
        sections.push(outcomes(report.outcomes_view(), numbers));
    }
    if !report.commitments.is_empty() {
        sections.push(commitments(report, numbers));
    }
    sections
}

/// The title of the workbook's inputs table ([`investments`]).
pub const INVESTMENTS: &str = "Investments";
/// The title of the valuation table.
pub const VALUATION: &str = "Valuation";

/// The columns of the valuation table, given which optional ones it has.
struct ValuationColumns {
    titles: Vec<(&'static str, bool)>,
    at_price: bool,
    effective: bool,
    shares: bool,
    revenue: bool,
}

impl ValuationColumns {
    fn of(report: &Report, numbers: &Numbers) -> Self {
        let at_price = report.rounds.iter().any(|r| differs(r, numbers));
        let effective = report
            .rounds
            .iter()
            .any(|r| r.effective_pre_money.is_some());
        let shares = report.basis == Basis::Shares;
        let revenue = report.annual_revenue.is_some();
        let mut titles = vec![
            ("Round", false),
            ("Pre-money", true),
            ("New money", true),
            ("Post-money", true),
        ];
        if at_price {
            titles.push(("Post-money at price", true));
        }
        if effective {
            titles.push(("Effective pre-money", true));
        }
        if shares {
            titles.push(("Price per share", true));
        }
        if revenue {
            titles.push(("Revenue multiple", true));
        }
        ValuationColumns {
            titles,
            at_price,
            effective,
            shares,
            revenue,
        }
    }

    fn index(&self, title: &str) -> Option<usize> {
        self.titles.iter().position(|(t, _)| *t == title)
    }
}

/// Columns of the valuation table every report has.
const PRE_MONEY: usize = 1;
const NEW_MONEY: usize = 2;
const POST_MONEY: usize = 3;

/// Whether a round's post-money at its price reads differently from its post-money.
fn differs(round: &RoundReport, numbers: &Numbers) -> bool {
    round
        .post_money_at_price
        .is_some_and(|v| !numbers.same_money(v, round.post_money))
}

/// Rows `first..=last` of the investments table that hold round `index`'s tranches, if any.
fn tranche_rows(report: &Report, index: usize) -> Option<(usize, usize)> {
    let first: usize = report.rounds[..index]
        .iter()
        .map(|r| r.tranches.len())
        .sum();
    let count = report.rounds[index].tranches.len();
    (count > 0).then(|| (first, first + count - 1))
}

/// Columns of the investments table.
const TRANCHE_AMOUNT: usize = 4;
const TRANCHE_PAID: usize = 5;

/// The valuation summary: one row per round.
///
/// With share counts, a "Post-money at price" column (price per share × fully diluted shares
/// after the round) once a round's figure differs from its post-money as shown, and an
/// "Effective pre-money" column once a round tops the pool up in its pre-money; the note says
/// why the figures differ.
///
/// In a workbook, new money sums the round's paid tranches (the investments table), post-money
/// is pre-money + new money, and the revenue multiple is post-money ÷ revenue.
pub fn valuation(report: &Report, numbers: &Numbers) -> Section {
    let layout = ValuationColumns::of(report, numbers);
    let mut section = Section::new(VALUATION, &layout.titles);
    let mut notes = Vec::new();
    for (index, round) in report.rounds.iter().enumerate() {
        let r = section.rows.len();
        let mut new_money = numbers.money(round.new_money);
        if let Some((first, last)) = tranche_rows(report, index) {
            let paid = captable::paid_money(round.tranches.iter().map(|t| (t.amount, t.paid)));
            new_money = new_money.live(
                Formula::new()
                    .text("SUMPRODUCT(")
                    .range(titled(INVESTMENTS), TRANCHE_AMOUNT, first, last)
                    .text(",")
                    .range(titled(INVESTMENTS), TRANCHE_PAID, first, last)
                    .text(")"),
                paid.ok(),
            );
        }
        let mut row = vec![
            round.name.clone().into(),
            numbers.money(round.pre_money),
            new_money,
            numbers.money(round.post_money).live(
                Formula::new()
                    .here(r, PRE_MONEY)
                    .text("+")
                    .here(r, NEW_MONEY),
                captable::post_money(round.pre_money, round.new_money).ok(),
            ),
        ];
        if layout.at_price {
            row.push(numbers.optional(round.post_money_at_price, Numbers::money));
        }
        if layout.effective {
            row.push(numbers.optional(round.effective_pre_money, Numbers::money));
        }
        if layout.shares {
            row.push(numbers.optional(round.price_per_share, Numbers::price));
        }
        if layout.revenue {
            let mut multiple = numbers.optional(round.revenue_multiple, Numbers::multiple);
            if let Some(revenue) = report.annual_revenue {
                multiple = multiple.live(
                    Formula::new()
                        .here(r, POST_MONEY)
                        .text(&format!("/{}", crate::format::exact(revenue))),
                    captable::revenue_multiple(round.post_money, revenue).ok(),
                );
            }
            row.push(multiple);
        }
        section.rows.push(row);
        if differs(round, numbers) {
            notes.push(format!(
                "{}: post-money at price differs because {}.",
                round.name,
                at_price_reasons(round, numbers)
            ));
        }
    }
    if layout.at_price {
        notes.insert(
            0,
            "Post-money at price: price per share × fully diluted shares after the round (the cap table's values add up to it).".into(),
        );
    }
    if layout.effective {
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

/// The workbook's inputs: every tranche of every round, with whether the headline conditions
/// pay it (1) or not (0). The valuation's new money and the cap tables' money invested sum
/// these, so editing an amount here recalculates the round. `None` without tranches.
pub fn investments(report: &Report, numbers: &Numbers) -> Option<Section> {
    let mut section = Section::new(
        INVESTMENTS,
        &[
            ("Round", false),
            ("Investor", false),
            ("Tranche", false),
            ("When", false),
            ("Amount", true),
            ("Paid", true),
        ],
    );
    for round in &report.rounds {
        for t in &round.tranches {
            let paid = Decimal::from(u8::from(t.paid));
            section.rows.push(vec![
                round.name.clone().into(),
                t.investor.clone().into(),
                t.name.clone().into(),
                t.when.clone().unwrap_or_else(|| "always".into()).into(),
                numbers.money(t.amount),
                Cell::new(paid.to_string(), Value::Number(paid)),
            ]);
        }
    }
    (!section.rows.is_empty()).then_some(section)
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

/// The title of the cap table after a round.
pub fn cap_table_title(round: &str) -> String {
    format!("Cap table after {round}")
}

/// The cap table after one round.
///
/// In a workbook (exact figures), the derived cells are formulas: money invested sums the
/// holder's paid tranches, ownership after is shares as converted ÷ their total (in value terms:
/// (ownership before × pre-money + invested) ÷ post-money), ownership before links to the
/// previous round's cap table, the change is after − before and the value is shares × price
/// (ownership × post-money).
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
    let mut section = Section::new(cap_table_title(&round.name), &columns);
    section.table = "Cap table".into();
    section.round = Some(round.name.clone());
    // The figures of each row and, for a holder's only row, its name.
    let mut figures_of: Vec<(RowFigures, Option<&str>)> = Vec::new();
    // One row per (holder, class): a holder of several classes has a row for each, then (for
    // people, not spreadsheets, whose columns must add up) a row with its total.
    for holder in &round.holders {
        let name =
            if holder.pool && !numbers.is_exact() && !holder.name.to_lowercase().contains("pool") {
                format!("{} (pool)", holder.name)
            } else {
                holder.name.clone()
            };
        let row = |name: String, class: String, figures: &RowFigures| {
            let mut row = vec![
                name.into(),
                class.into(),
                numbers.invested(figures.invested),
            ];
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
                .push(row(name, numbers.class(&holder.class), &total));
            figures_of.push((total, Some(holder.name.as_str())));
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
                .push(row(name.clone(), numbers.class(&p.class), &figures));
            figures_of.push((figures, None));
        }
        if !numbers.is_exact() {
            let classes: Vec<String> = holder
                .positions
                .iter()
                .map(|p| numbers.class(&p.class))
                .collect();
            section
                .rows
                .push(row(format!("{name} (total)"), classes.join(" + "), &total));
        }
    }
    if numbers.is_exact() {
        live_cap_table(report, round, &mut section, &figures_of);
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
/// A round's dilution bridge (`report --bridge`): holder rows, one column per cause and the
/// total change, each a change in fully diluted ownership.
pub fn bridge(
    round: &RoundReport,
    bridge: &super::bridge::BridgeReport,
    numbers: &Numbers,
) -> Section {
    let mut titles: Vec<String> = vec!["Holder".into(), "Before".into()];
    titles.extend(bridge.causes.iter().cloned());
    titles.extend(["Change".into(), "After".into()]);
    let columns: Vec<(&str, bool)> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i > 0))
        .collect();
    let mut section = Section::new(format!("Dilution bridge of {}", round.name), &columns);
    section.table = "Dilution bridge".into();
    section.round = Some(round.name.clone());
    for h in &bridge.holders {
        let mut row: Vec<Cell> = vec![h.holder.clone().into(), numbers.fraction(h.before.decimal)];
        row.extend(h.parts.iter().map(|p| numbers.change(p.decimal)));
        row.extend([
            numbers.change(h.change.decimal),
            numbers.fraction(h.after.decimal),
        ]);
        section.rows.push(row);
    }
    if let Some(why) = &bridge.unavailable {
        section.note = Some(why.clone());
        return section;
    }
    if !numbers.is_exact() {
        let mut note = "Each part is the cause's Shapley value: its effect on the holder's fully diluted ownership averaged over every order of the round's causes, so the parts add up exactly to the change whatever the order.".to_string();
        if bridge.grouped > 0 {
            note.push_str(&format!(
                " The {} smallest causes are grouped as one (\"other\").",
                bridge.grouped
            ));
        }
        section.note = Some(note);
    }
    section
}

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
    section.table = "Secondaries".into();
    section.round = Some(round.name.clone());
    for secondary in &round.secondaries {
        for sale in &secondary.sales {
            let seller = if secondary.tender && !numbers.is_exact() {
                format!("{} (tender)", sale.seller)
            } else {
                sale.seller.clone()
            };
            let mut row: Vec<Cell> = vec![seller.into(), secondary.buyer.clone().into()];
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
                        .map_or_else(String::new, |c| numbers.class(c))
                        .into(),
                );
            }
            if conditional {
                row.push(secondary.when.clone().unwrap_or_default().into());
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

/// The rows of a round's cap table (exact figures) that are a holder's only row, by name.
fn single_rows(round: &RoundReport) -> Vec<(&str, usize)> {
    let mut rows = Vec::new();
    let mut row = 0;
    for holder in &round.holders {
        if holder.positions.len() < 2 {
            rows.push((holder.name.as_str(), row));
            row += 1;
        } else {
            row += holder.positions.len();
        }
    }
    rows
}

/// Puts the formulas of [`cap_table`] into its exact rows, each where it reproduces the figure.
fn live_cap_table(
    report: &Report,
    round: &RoundReport,
    section: &mut Section,
    figures_of: &[(RowFigures, Option<&str>)],
) {
    let Some(index) = report.rounds.iter().position(|r| std::ptr::eq(r, round)) else {
        return;
    };
    let column = |title: &str| section.columns.iter().position(|c| c.title == title);
    let (Some(invested), Some(before), Some(after), Some(change), Some(value)) = (
        column("Invested"),
        column("Ownership before"),
        column("Ownership after"),
        column("Change"),
        column("Value"),
    ) else {
        return;
    };
    let units_column = column("As converted").or(column("Shares"));
    let layout = ValuationColumns::of(report, &Numbers::Exact);
    let price_column = layout.index("Price per share");
    let valuation = || titled(VALUATION);
    let last = figures_of.len().saturating_sub(1);
    let total_units = figures_of
        .iter()
        .map(|(f, _)| f.as_converted_shares)
        .collect::<Option<Vec<_>>>()
        .and_then(|units| captable::total_units(units).ok());
    let previous = index.checked_sub(1).map(|p| {
        (
            cap_table_title(&report.rounds[p].name),
            single_rows(&report.rounds[p]),
        )
    });
    let first_tranche: usize = report.rounds[..index]
        .iter()
        .map(|r| r.tranches.len())
        .sum();
    for (r, (figures, name)) in figures_of.iter().enumerate() {
        let cells = &mut section.rows[r];
        // Money invested: the holder's paid tranches of this round.
        if let Some(name) = name {
            let mut formula = Formula::new();
            let mut tranches = Vec::new();
            for (k, t) in round.tranches.iter().enumerate() {
                if t.investor != *name {
                    continue;
                }
                if !formula.0.is_empty() {
                    formula = formula.text("+");
                }
                let row = first_tranche + k;
                formula = formula
                    .at(titled(INVESTMENTS), row, TRANCHE_AMOUNT)
                    .text("*")
                    .at(titled(INVESTMENTS), row, TRANCHE_PAID);
                tranches.push((t.amount, t.paid));
            }
            if !formula.0.is_empty() {
                let sum = captable::paid_money(tranches).ok();
                take(&mut cells[invested], |c| c.live(formula, sum));
            }
        }
        // Ownership before: the same holder's ownership after the previous round.
        if let (Some((title, rows)), Some(name)) = (&previous, name)
            && let Some(&(_, row)) = rows.iter().find(|(n, _)| n == name)
        {
            let formula = Formula::new().at(titled(title), row, after);
            let prior = report.rounds[index - 1]
                .holders
                .iter()
                .find(|h| h.name == *name)
                .map(|h| h.ownership);
            take(&mut cells[before], |c| c.live(formula, prior));
        }
        // Ownership after.
        let (ownership, computed) = match (units_column, figures.as_converted_shares) {
            (Some(units), Some(held)) => (
                Formula::new()
                    .here(r, units)
                    .text("/SUM(")
                    .range(Target::Here, units, 0, last)
                    .text(")"),
                total_units.and_then(|t| captable::share_of(held, t).ok()),
            ),
            _ => (
                Formula::new()
                    .text("(")
                    .here(r, before)
                    .text("*")
                    .at(valuation(), index, PRE_MONEY)
                    .text("+")
                    .here(r, invested)
                    .text(")/")
                    .at(valuation(), index, POST_MONEY),
                captable::ownership_in_value_terms(
                    figures.ownership_before,
                    round.pre_money,
                    figures.invested,
                    round.post_money,
                )
                .ok(),
            ),
        };
        take(&mut cells[after], |c| c.live(ownership, computed));
        take(&mut cells[change], |c| {
            c.live(
                Formula::new().here(r, after).text("-").here(r, before),
                captable::change(figures.ownership, figures.ownership_before).ok(),
            )
        });
        // Value: shares × price, or ownership × post-money.
        let (formula, computed) = match (units_column, price_column, figures.as_converted_shares) {
            (Some(units), Some(price), Some(held)) => (
                Formula::new()
                    .here(r, units)
                    .text("*")
                    .at(valuation(), index, price),
                round
                    .price_per_share
                    .and_then(|p| captable::value_at_price(held, p).ok()),
            ),
            _ => (
                Formula::new()
                    .here(r, after)
                    .text("*")
                    .at(valuation(), index, POST_MONEY),
                captable::stake_value(figures.ownership, round.post_money).ok(),
            ),
        };
        take(&mut cells[value], |c| c.live(formula, computed));
    }
}

/// Replaces a cell by `f` of it.
fn take(cell: &mut Cell, f: impl FnOnce(Cell) -> Cell) {
    *cell = f(std::mem::replace(cell, Cell::empty()));
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
    section.table = "Workings".into();
    section.round = Some(round.name.clone());
    let mut row = |step: String, working: String, result: Cell| {
        section.rows.push(vec![step.into(), working.into(), result])
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
        let mut working = vec![format!(
            "{} {}",
            c.terms.kind,
            numbers.money(c.terms.amount)
        )];
        if let (Some(cap), Some(price)) = (c.terms.cap, c.cap_price) {
            working.push(format!(
                "cap {} → {}",
                numbers.money(cap),
                numbers.price(price)
            ));
        }
        if let (Some(discount), Some(price)) = (c.terms.discount, c.discount_price) {
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
                numbers.money(c.terms.amount),
                numbers.price(c.conversion_price)
            ),
        });
        row(
            format!("{} converts", c.terms.investor),
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
pub fn outcomes(report: super::OutcomesView<'_>, numbers: &Numbers) -> Section {
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
    for outcome in report.outcomes {
        let mut row: Vec<Cell> = outcome
            .conditions
            .iter()
            .map(|&v| Cell::from(if v { "yes" } else { "no" }))
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
        let mut row = vec![Cell::empty(); report.conditions.len()];
        // The label goes in the first column: a condition's, or the probability's if none.
        let label = if row.is_empty() {
            "Expected".into()
        } else {
            row[0] = "Expected".into();
            Cell::empty()
        };
        row.extend([
            label,
            numbers.money(expected.new_money),
            numbers.money(expected.post_money),
        ]);
        row.extend(
            holders
                .iter()
                .map(|&i| numbers.fraction(expected.holders[i].ownership)),
        );
        // In a workbook: each expected value is the probability-weighted sum of its column.
        let probability = report.conditions.len();
        let last = report.outcomes.len().saturating_sub(1);
        let weighted = |pick: &dyn Fn(&super::OutcomeReport) -> Decimal| {
            let terms = report
                .outcomes
                .iter()
                .map(|o| Some((o.probability?, pick(o))))
                .collect::<Option<Vec<_>>>()?;
            captable::expectation(terms).ok()
        };
        type Pick = Box<dyn Fn(&super::OutcomeReport) -> Decimal>;
        let mut picks: Vec<Pick> = vec![Box::new(|o| o.new_money), Box::new(|o| o.post_money)];
        for &i in &holders {
            picks.push(Box::new(move |o| o.holders[i].ownership));
        }
        for (k, pick) in picks.iter().enumerate() {
            let col = probability + 1 + k;
            take(&mut row[col], |c| {
                c.live(
                    Formula::new()
                        .text("SUMPRODUCT(")
                        .range(Target::Here, probability, 0, last)
                        .text(",")
                        .range(Target::Here, col, 0, last)
                        .text(")"),
                    weighted(pick.as_ref()),
                )
            });
        }
        section.rows.push(row);
    }
    if !numbers.is_exact() {
        let mut note = String::from(if report.no_round {
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
fn outcome_columns(report: super::OutcomesView<'_>) -> Vec<usize> {
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
    // In a workbook: net flow = invested − commitment, economic cost = invested − margin ×
    // commitment, both formulas over the row.
    const AMOUNT: usize = 1;
    const INVESTED: usize = 3;
    const MARGIN: usize = 5;
    for c in &report.commitments {
        let r = section.rows.len();
        let mut economic_cost = numbers.optional(c.economic_cost, Numbers::money);
        if let Some(margin) = c.margin {
            economic_cost = economic_cost.live(
                Formula::new()
                    .here(r, INVESTED)
                    .text("-")
                    .here(r, MARGIN)
                    .text("*")
                    .here(r, AMOUNT),
                commitments::economic_cost(c.invested, margin, c.amount).ok(),
            );
        }
        section.rows.push(vec![
            c.counterparty.clone().into(),
            numbers.money(c.amount),
            c.years.map_or_else(Cell::empty, |y| {
                Cell::new(format::exact(y), Value::Number(y))
            }),
            numbers.invested(c.invested),
            numbers.money(c.net_flow).live(
                Formula::new().here(r, INVESTED).text("-").here(r, AMOUNT),
                commitments::net_flow(c.invested, c.amount).ok(),
            ),
            numbers.optional(c.margin, Numbers::fraction),
            economic_cost,
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

/// The title of the workbook's provenance sheet.
pub const SOURCES: &str = "Sources and assumptions";

/// The workbook's provenance: for each scenario (with its label when there are several) its
/// name, description and currency, every source the file lists, the conditions the headline
/// figures assume with their probabilities, the `--set` overrides, the rounding rule, and how
/// the workbook's figures and formulas relate to captable's.
pub fn sources(
    scenarios: &[(&str, &crate::scenario::Scenario, ConditionSet)],
    overrides: &[String],
) -> Section {
    use crate::scenario::model::{PriceRounding, ShareRounding};
    let mut section = Section::new(
        SOURCES,
        &[("Scenario", false), ("Item", false), ("Detail", false)],
    );
    for &(label, scenario, state) in scenarios {
        let mut row = |item: &str, detail: String| {
            section
                .rows
                .push(vec![label.into(), item.into(), detail.into()]);
        };
        row("Name", scenario.name.clone());
        if let Some(description) = &scenario.description {
            row("Description", description.clone());
        }
        row("Currency", scenario.currency.clone());
        for source in &scenario.sources {
            row("Source", source.clone());
        }
        for (i, c) in scenario.conditions.iter().enumerate() {
            let assumed = if state.holds(i) { "yes" } else { "no" };
            let probability = c.probability.map_or_else(
                || "no probability given".to_string(),
                |p| format!("probability {}", format::percent(p, 2)),
            );
            let description = c
                .description
                .as_ref()
                .map_or_else(String::new, |d| format!(": {d}"));
            row(
                "Assumption",
                format!(
                    "condition {} = {assumed} in the headline figures; {probability}{description}",
                    c.name
                ),
            );
        }
        for set in overrides {
            row("Assumption", format!("--set {set}"));
        }
        let shares = match scenario.rounding.shares {
            ShareRounding::Floor => "new share counts rounded down to whole shares",
            ShareRounding::Nearest => "new share counts rounded half away from zero",
            ShareRounding::Exact => "fractional shares kept",
        };
        let price = match (scenario.rounding.price_decimals, scenario.rounding.price) {
            (None, _) => "prices per share exact".to_string(),
            (Some(n), PriceRounding::Nearest) => {
                format!("the round price rounded half away from zero to {n} decimals")
            }
            (Some(n), PriceRounding::Up) => {
                format!("the round price and every conversion price rounded up to {n} decimals")
            }
        };
        row(
            "Rounding",
            format!("{shares}; {price} ([rounding] in the file)"),
        );
    }
    let mut note = |item: &str, detail: &str| {
        section
            .rows
            .push(vec![Cell::empty(), item.into(), detail.into()]);
    };
    note(
        "Rounding",
        "captable computes every figure exactly (28 significant digits), rounding once by the rule above; each cell holds that figure as the nearest double, as every spreadsheet stores numbers (15 to 17 significant digits). Number formats round only the display.",
    );
    note(
        "Formulas",
        "Inputs are numbers (the Investments sheet: each tranche's amount and whether the headline conditions pay it, 1 or 0). Derived cells are formulas: new money, post-money = pre-money + new money, money invested, ownership = shares ÷ total (in value terms: (ownership before × pre-money + invested) ÷ post-money), value = shares × price (ownership × post-money), expected values = SUMPRODUCT over the probabilities. Edit an input and the workbook recalculates; cells that captable's solver computes (conversions, pools, pro rata, outcomes) are numbers.",
    );
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
pub fn preamble(report: super::OutcomesView<'_>) -> Vec<String> {
    let mut lines = vec![report.name.to_string()];
    if let Some(description) = report.description {
        lines.push(description.to_string());
    }
    if !report.conditions.is_empty() {
        let assumed: Vec<String> = report
            .conditions
            .iter()
            .map(|c| format!("{} = {}", c.name, if c.assumed { "yes" } else { "no" }))
            .collect();
        lines.push(format!("Conditions assumed: {}", assumed.join(", ")));
    }
    if report.ownership_basis == super::OwnershipBasis::Outstanding {
        lines.push("Ownership of the shares issued and outstanding: options, warrants, the unallocated pool and unconverted SAFEs and notes are left out (--basis outstanding).".into());
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
    /// How a row's figures are shown.
    #[derive(Clone, Copy, PartialEq)]
    enum Shown {
        Money,
        Price,
        Fraction,
    }
    let last = |r: &Report| r.rounds.last().cloned();
    let mut rows: Vec<(String, Pick, Shown)> = vec![
        (
            "Pre-money".into(),
            Box::new(move |r| last(r).map(|x| x.pre_money)),
            Shown::Money,
        ),
        (
            "New money".into(),
            Box::new(move |r| last(r).map(|x| x.new_money)),
            Shown::Money,
        ),
        (
            "Post-money".into(),
            Box::new(move |r| last(r).map(|x| x.post_money)),
            Shown::Money,
        ),
    ];
    if reports.iter().any(|r| r.basis == Basis::Shares) {
        rows.push((
            "Price per share".into(),
            Box::new(move |r| last(r).and_then(|x| x.price_per_share)),
            Shown::Price,
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
            Shown::Fraction,
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
            Shown::Money,
        ));
    }
    for (title, pick, shown) in rows {
        let values: Vec<Option<Decimal>> = reports.iter().map(&pick).collect();
        let money = shown != Shown::Fraction;
        let show = |v: Decimal| match shown {
            Shown::Money => numbers.money(v),
            Shown::Price => numbers.price(v),
            Shown::Fraction => numbers.fraction(v),
        };
        let mut row: Vec<Cell> = vec![title.clone().into()];
        let r = section.rows.len();
        for (i, value) in values.iter().enumerate() {
            row.push(value.map_or_else(Cell::empty, show));
            if i > 0 {
                // In a workbook: Δ = this scenario's figure − the first's, Δ% = Δ ÷ the first's.
                let this = row.len() - 1;
                let difference = match (values[0], *value) {
                    (Some(a), Some(b)) => captable::change(b, a).ok(),
                    _ => None,
                };
                let delta = difference.map_or_else(Cell::empty, |d| {
                    if money {
                        let mut cell = show(d);
                        if d.is_sign_positive() && !d.is_zero() && !numbers.is_exact() {
                            cell.text = format!("+{}", cell.text);
                        }
                        cell
                    } else {
                        numbers.change(d)
                    }
                });
                row.push(delta.live(
                    Formula::new().here(r, this).text("-").here(r, 1),
                    difference,
                ));
                let relative = match (values[0], difference) {
                    (Some(a), Some(d)) if !a.is_zero() => captable::relative_change(d, a).ok(),
                    _ => None,
                };
                row.push(
                    relative
                        .map_or_else(Cell::empty, |x| numbers.relative(x))
                        .live(
                            Formula::new().here(r, this + 1).text("/").here(r, 1),
                            relative,
                        ),
                );
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
