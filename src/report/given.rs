//! The cap table as given, for a file with no `[[round]]`: a company's current holdings, or the
//! holdings at a sale before any priced round, with its preferred classes and the SAFEs and
//! notes still outstanding. It takes the place of the valuation and per-round tables, which
//! would be empty: with no round there is no price and no post-money.

use rust_decimal::Decimal;
use serde::Serialize;

use super::cell::{Cell, Value};
use super::sections::{Numbers, Section};
use super::{InstrumentSummary, Report, json};
use crate::engine::arith::Checked;
use crate::engine::captable::{issue_price, outstanding_units};
use crate::engine::conversion::effective_terms;
use crate::engine::rounds::CapTable;
use crate::scenario::id;
use crate::scenario::model::{Arrival, Basis, InstrumentId, InstrumentKind, PartyId, Scenario};

/// The holdings of a file with no round (JSON: the `as_given` object of `report`).
#[derive(Clone, Debug, Serialize)]
pub struct GivenReport {
    /// Fully diluted: every holding, the unallocated pool included (shares; the sum of the
    /// stakes, 1, in value terms).
    #[serde(serialize_with = "json::decimal")]
    pub total: Decimal,
    pub holders: Vec<GivenHolder>,
    /// Each preferred class some holder holds, in file order.
    pub classes: Vec<GivenClass>,
    /// Every SAFE and note: none converts without a round.
    pub outstanding: Vec<OutstandingRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GivenHolder {
    pub name: String,
    pub class: String,
    pub pool: bool,
    /// The holder's `invested` (zero when not given).
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    /// `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub ownership: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct GivenClass {
    pub name: String,
    #[serde(serialize_with = "json::decimal")]
    pub invested: Decimal,
    /// `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub shares: Option<Decimal>,
    /// Money invested ÷ shares; `None` in value terms.
    #[serde(serialize_with = "json::optional")]
    pub original_issue_price: Option<Decimal>,
    #[serde(serialize_with = "json::decimal")]
    pub preference: Decimal,
    pub participating: bool,
    #[serde(serialize_with = "json::optional")]
    pub cap: Option<Decimal>,
    pub seniority: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutstandingRow {
    /// The investor, the kind, the purchase amount or principal and the terms that apply.
    #[serde(flatten)]
    pub terms: InstrumentSummary,
    /// A fixed-percentage SAFE's fraction.
    #[serde(serialize_with = "json::optional")]
    pub percentage: Option<Decimal>,
    /// A note's simple annual rate.
    #[serde(serialize_with = "json::optional")]
    pub interest: Option<Decimal>,
    /// The kind, typed (`terms.kind` is its words).
    #[serde(skip)]
    pub instrument: InstrumentKind,
}

/// The cap table as given, if the scenario has no round (`None` otherwise).
pub fn build(scenario: &Scenario, basis: super::OwnershipBasis) -> Checked<Option<GivenReport>> {
    if !scenario.rounds.is_empty() {
        return Ok(None);
    }
    let table = CapTable::initial(scenario);
    let kept = |i: PartyId| basis.counts(scenario, i);
    let total = match basis {
        super::OwnershipBasis::FullyDiluted => table.total()?,
        super::OwnershipBasis::Outstanding => outstanding_units(scenario, &table.units)?,
    };
    let shares = scenario.basis == Basis::Shares;
    let mut holders = Vec::new();
    for (i, party) in id::enumerate::<PartyId, _>(&scenario.parties) {
        // SAFE and note holders first appear with their instrument: they hold no shares.
        if party.arrival != Arrival::Initial || !kept(i) {
            continue;
        }
        holders.push(GivenHolder {
            name: party.name.clone(),
            class: party.class.clone(),
            pool: party.pool,
            invested: party.initial_invested,
            shares: shares.then_some(party.initial),
            ownership: table.ownership(i, total)?,
        });
    }
    let mut classes = Vec::new();
    for (class, &(invested, held, _)) in scenario.classes.iter().zip(&table.class_totals(scenario)?)
    {
        if held.is_zero() {
            continue;
        }
        classes.push(GivenClass {
            name: class.name.clone(),
            invested,
            shares: shares.then_some(held),
            original_issue_price: if shares {
                Some(issue_price(invested, held)?)
            } else {
                None
            },
            preference: class.preference,
            participating: class.participating,
            cap: class.cap,
            seniority: class.seniority,
        });
    }
    let outstanding = id::enumerate::<InstrumentId, _>(&scenario.instruments)
        .map(|(k, instrument)| {
            let (cap, discount) = effective_terms(scenario, k);
            OutstandingRow {
                terms: InstrumentSummary {
                    investor: scenario.parties[instrument.party].name.clone(),
                    kind: instrument.kind().as_str().to_string(),
                    amount: instrument.amount,
                    cap,
                    discount,
                },
                percentage: match instrument.kind() {
                    InstrumentKind::FixedPercentage(fraction) => Some(fraction),
                    _ => None,
                },
                interest: instrument.interest().map(|interest| interest.rate),
                instrument: instrument.kind(),
            }
        })
        .collect();
    Ok(Some(GivenReport {
        total,
        holders,
        classes,
        outstanding,
    }))
}

impl GivenReport {
    /// The ownership of the holder named `name` (zero if it holds nothing).
    pub fn ownership_of(&self, name: &str) -> Decimal {
        self.holders
            .iter()
            .filter(|h| h.name == name)
            .map(|h| h.ownership)
            .sum()
    }
}

/// The sections a report of a file with no round shows in place of the valuation table.
pub fn sections(report: &Report, given: &GivenReport, numbers: &Numbers) -> Vec<Section> {
    let shares = report.basis == Basis::Shares;
    let mut columns = vec![("Holder", false), ("Class", false), ("Invested", true)];
    if shares {
        columns.push(("Shares", true));
    }
    columns.push(("Ownership", true));
    let mut table = section("Cap table as given", &columns);
    for holder in &given.holders {
        let mut row = vec![
            if holder.pool && !numbers.is_exact() && !holder.name.to_lowercase().contains("pool") {
                format!("{} (pool)", holder.name).into()
            } else {
                holder.name.clone().into()
            },
            numbers.class(&holder.class).into(),
            numbers.invested(holder.invested),
        ];
        if let Some(count) = holder.shares {
            row.push(numbers.shares(count));
        }
        row.push(numbers.fraction(holder.ownership));
        table.rows.push(row);
    }
    if !numbers.is_exact() {
        let mut note = String::from(
            if report.ownership_basis == super::OwnershipBasis::Outstanding {
                "No round: the holdings as the file gives them; ownership is of the shares issued and outstanding (no options, warrants or unallocated pool). No price, so no valuation."
            } else {
                "No round: the holdings as the file gives them; ownership is fully diluted (the unallocated pool included). No price, so no valuation."
            },
        );
        if !given.outstanding.is_empty() {
            note.push_str(" SAFEs and notes are outstanding and hold no shares until a priced round; `captable exit` shows what they receive at a sale.");
        }
        table.note = Some(note);
    }
    let mut sections = vec![table];

    if !given.classes.is_empty() {
        let mut columns = vec![("Class", false), ("Invested", true)];
        if shares {
            columns.extend([("Shares", true), ("Original issue price", true)]);
        }
        columns.extend([
            ("Preference", true),
            ("Participating", false),
            ("Seniority", true),
        ]);
        let mut section = section("Classes", &columns);
        for class in &given.classes {
            let mut row = vec![
                numbers.class(&class.name).into(),
                numbers.money(class.invested),
            ];
            if shares {
                row.push(class.shares.map_or_else(Cell::empty, |s| numbers.shares(s)));
                row.push(
                    class
                        .original_issue_price
                        .map_or_else(Cell::empty, |p| numbers.price(p)),
                );
            }
            row.extend([
                numbers.multiple(class.preference),
                participation(class, numbers).into(),
                Cell::new(
                    class.seniority.to_string(),
                    Value::Number(class.seniority.into()),
                ),
            ]);
            section.rows.push(row);
        }
        sections.push(section);
    }

    if !given.outstanding.is_empty() {
        let notes = given.outstanding.iter().any(|o| o.interest.is_some());
        let mut columns = vec![
            ("Investor", false),
            ("Kind", false),
            ("Amount", true),
            ("Cap", true),
            ("Discount", true),
        ];
        if notes {
            columns.push(("Interest", true));
        }
        let mut section = section("Outstanding SAFEs and notes", &columns);
        for o in &given.outstanding {
            let mut row = vec![
                o.terms.investor.clone().into(),
                match o.percentage {
                    Some(p) => format!("{} ({})", o.terms.kind, numbers.fraction(p)).into(),
                    None => o.terms.kind.clone().into(),
                },
                numbers.money(o.terms.amount),
                o.terms.cap.map_or_else(Cell::empty, |c| numbers.money(c)),
                o.terms
                    .discount
                    .map_or_else(Cell::empty, |d| numbers.fraction(d)),
            ];
            if notes {
                row.push(o.interest.map_or_else(Cell::empty, |r| numbers.fraction(r)));
            }
            section.rows.push(row);
        }
        if !numbers.is_exact() {
            section.note = Some(
                "Amount: a SAFE's purchase amount, a note's principal. At a sale a SAFE receives the greater of its amount and what its shares as converted would receive; a note is repaid with its interest before any class."
                    .into(),
            );
        }
        sections.push(section);
    }
    sections
}

fn section(title: &str, columns: &[(&str, bool)]) -> Section {
    Section::new(title, columns)
}

fn participation(class: &GivenClass, numbers: &Numbers) -> String {
    match (class.participating, class.cap) {
        (false, _) => "no".into(),
        (true, None) => "yes".into(),
        (true, Some(cap)) => format!("yes, capped at {}", numbers.multiple(cap)),
    }
}

/// The memo's paragraph about a file with no round.
pub fn summary(given: &GivenReport, basis: Basis, numbers: &Numbers) -> String {
    /// Holders named before "and N others".
    const NAMED: usize = 6;
    let mut order: Vec<&GivenHolder> = given.holders.iter().collect();
    // Largest first; file order on a tie.
    order.sort_by_key(|h| std::cmp::Reverse(h.ownership));
    let name = |h: &GivenHolder| {
        if h.pool && !h.name.to_lowercase().contains("pool") {
            format!("{} (the unallocated pool)", h.name)
        } else {
            h.name.clone()
        }
    };
    let mut parts: Vec<String> = order
        .iter()
        .take(NAMED)
        .map(|h| format!("{} {}", name(h), numbers.fraction(h.ownership)))
        .collect();
    if order.len() > NAMED {
        let rest: Decimal = order[NAMED..].iter().map(|h| h.ownership).sum();
        parts.push(format!(
            "{} others {} together",
            order.len() - NAMED,
            numbers.fraction(rest)
        ));
    }
    let of = match basis {
        Basis::Shares => format!(" of {} shares fully diluted", numbers.shares(given.total)),
        Basis::Stakes => String::new(),
    };
    let mut text = format!(
        "The cap table as given, before any priced round: {}{of}.",
        join(&parts)
    );
    for class in &given.classes {
        text.push_str(&format!(
            " The {} class carries a {} {} preference on {}.",
            numbers.class(&class.name),
            numbers.multiple(class.preference),
            match (class.participating, class.cap) {
                (false, _) => "non-participating".to_string(),
                (true, None) => "participating".to_string(),
                (true, Some(cap)) => format!("participating (capped at {})", numbers.multiple(cap)),
            },
            numbers.money(class.invested)
        ));
    }
    let safes: Vec<String> = given
        .outstanding
        .iter()
        .filter(|o| o.instrument != InstrumentKind::Note)
        .map(|o| {
            let mut terms = Vec::new();
            if let Some(p) = o.percentage {
                terms.push(numbers.fraction(p).to_string());
            }
            if let Some(cap) = o.terms.cap {
                terms.push(format!("{} cap", numbers.money(cap)));
            }
            if let Some(d) = o.terms.discount {
                terms.push(format!("{} discount", numbers.fraction(d)));
            }
            let terms = if terms.is_empty() {
                String::new()
            } else {
                format!(" ({})", terms.join(", "))
            };
            format!(
                "{} {} {}{terms}",
                possessive(&o.terms.investor),
                numbers.money(o.terms.amount),
                o.terms.kind
            )
        })
        .collect();
    if !safes.is_empty() {
        text.push_str(&format!(
            " Outstanding: {}. {} no shares until a priced round; at a sale each receives the greater of its amount and what its shares as converted would receive.",
            join(&safes),
            if safes.len() == 1 { "It holds" } else { "They hold" }
        ));
    }
    let notes: Vec<String> = given
        .outstanding
        .iter()
        .filter(|o| o.instrument == InstrumentKind::Note)
        .map(|o| {
            format!(
                "{} {} note{}",
                possessive(&o.terms.investor),
                numbers.money(o.terms.amount),
                o.interest.map_or_else(String::new, |r| format!(
                    " at {} interest",
                    numbers.fraction(r)
                ))
            )
        })
        .collect();
    if !notes.is_empty() {
        text.push_str(&format!(
            " Also outstanding: {}; at a sale {} repaid with interest before any class.",
            join(&notes),
            if notes.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    text
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}
