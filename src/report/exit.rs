//! The `exit` command's report: payouts per holder and per class at each exit value, the terms
//! of each class, and the breakpoints of the payout curve; built once, rendered in every format.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::cell::Cell;
use super::sections::{Numbers, Section};
use crate::engine::CapTable;
use crate::engine::arith;
use crate::engine::exit::{self, Breakpoint, ExitError, Kind, Outcome, Regime, Waterfall};
use crate::engine::exit_expected;
use crate::format::exact;
use crate::scenario::model::{ConditionSet, Scenario};

/// One exit to compute: its name, value and the date notes accrue interest to.
#[derive(Clone, Debug)]
pub struct ExitInput {
    pub name: String,
    pub value: Decimal,
    pub date: Option<crate::scenario::model::Date>,
    /// The exit's probability (`[[exit]] probability`); `None` for `--value` and `--range`.
    pub probability: Option<Decimal>,
    /// The condition outcomes in which the exit can happen; `None`: every one.
    pub when: Option<crate::scenario::expr::Expr>,
}

impl From<&crate::scenario::model::Exit> for ExitInput {
    /// An `[[exit]]` of the file, as `exit` and `memo` compute it.
    fn from(exit: &crate::scenario::model::Exit) -> Self {
        ExitInput {
            name: exit.name.clone(),
            value: exit.value,
            date: exit.date,
            probability: exit.probability,
            when: exit.when.clone(),
        }
    }
}

/// Everything the `exit` command shows, exact.
#[derive(Clone, Debug)]
pub struct ExitReport {
    pub name: String,
    pub currency: String,
    pub terms: Vec<ClassTerms>,
    pub exits: Vec<ExitRow>,
    pub breakpoints: Vec<BreakpointRow>,
    /// Class names in the order of `ExitRow::classes`.
    pub class_names: Vec<String>,
    /// Class keys and the names tables and charts show them by.
    pub class_titles: Vec<(String, String)>,
    /// Whether an outstanding note accrues interest (its date rule is then stated).
    pub notes_with_interest: bool,
    /// Whether some holder has options or warrants (their columns are then shown).
    pub has_options: bool,
    /// Expected payouts over the exits' probabilities, when every exit has one.
    pub expected: Option<ExpectedReport>,
}

/// Per holder, the figures over every exit (and condition outcome) weighted by probability.
#[derive(Clone, Debug, Serialize)]
pub struct ExpectedReport {
    /// How exits and condition outcomes were combined.
    pub basis: ExpectedBasis,
    pub holders: Vec<ExpectedRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExpectedRow {
    pub name: String,
    pub class: String,
    /// Σ probability × exact payout (before cents), rounded once to 28 digits.
    #[serde(rename = "expected_payout", serialize_with = "super::json::decimal")]
    pub payout: Decimal,
    #[serde(
        rename = "probability_nothing",
        serialize_with = "super::json::decimal"
    )]
    pub nothing: Decimal,
    /// `None` for a holder that invested no money.
    #[serde(
        rename = "probability_below_1x",
        serialize_with = "super::json::optional"
    )]
    pub below_1x: Option<Decimal>,
}

/// How the expected figures combine the exits with the scenario's conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedBasis {
    /// No conditions: the exits' probabilities alone.
    Exits,
    /// Conditions at their assumed values (`assume`, `--assume`), or without probabilities.
    Assumed,
    /// Every condition outcome (this many with a probability above zero) with every exit,
    /// independently: probabilities multiplied.
    Independent(usize),
}

/// JSON: `{"kind": "exits"}`, `{"kind": "assumed"}`, `{"kind": "independent", "outcomes": N}`.
impl Serialize for ExpectedBasis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match *self {
            ExpectedBasis::Exits => map.serialize_entry("kind", "exits")?,
            ExpectedBasis::Assumed => map.serialize_entry("kind", "assumed")?,
            ExpectedBasis::Independent(n) => {
                map.serialize_entry("kind", "independent")?;
                map.serialize_entry("outcomes", &n)?;
            }
        }
        map.end()
    }
}

/// A claimant's terms as the waterfall uses them (JSON: the top-level `classes`).
#[derive(Clone, Debug, Serialize)]
pub struct ClassTerms {
    pub name: String,
    pub class: String,
    pub seniority: Option<i64>,
    #[serde(rename = "preference", serialize_with = "super::json::optional")]
    pub preference_multiple: Option<Decimal>,
    pub participating: bool,
    #[serde(rename = "cap", serialize_with = "super::json::optional")]
    pub cap_multiple: Option<Decimal>,
    #[serde(serialize_with = "super::json::decimal")]
    pub invested: Decimal,
    /// The claim before the residual (without interest for notes at no date).
    #[serde(serialize_with = "super::json::decimal")]
    pub claim: Decimal,
    #[serde(
        rename = "as_converted_shares",
        serialize_with = "super::json::decimal"
    )]
    pub units: Decimal,
    pub may_convert: bool,
    /// What the claimant is: a class, an outstanding SAFE or an outstanding note.
    #[serde(skip)]
    pub claimant: Claimant,
}

/// What a claimant of the waterfall is, besides common.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claimant {
    Class,
    Safe,
    Note,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExitRow {
    pub name: String,
    #[serde(serialize_with = "super::json::decimal")]
    pub value: Decimal,
    pub date: Option<String>,
    /// The exit's probability, when the exits have one.
    #[serde(skip)]
    pub probability: Option<Decimal>,
    pub holders: Vec<HolderPayout>,
    pub classes: Vec<ClassPayout>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HolderPayout {
    pub name: String,
    pub class: String,
    /// In whole cents.
    #[serde(serialize_with = "super::json::decimal")]
    pub payout: Decimal,
    pub converted: bool,
    #[serde(serialize_with = "super::json::decimal")]
    pub payout_exact: Decimal,
    #[serde(serialize_with = "super::json::decimal")]
    pub invested: Decimal,
    /// Payout ÷ invested; `None` when nothing was invested.
    #[serde(serialize_with = "super::json::optional")]
    pub multiple: Option<Decimal>,
    /// `shares`, `option` or `warrant`.
    pub kind: &'static str,
    /// For an option or warrant: whether it was exercised.
    pub exercised: Option<bool>,
    /// The payout before the strike: `payout + strike_cost`.
    #[serde(serialize_with = "super::json::decimal")]
    pub gross: Decimal,
    /// The exercise money an exercised option or warrant paid (zero otherwise).
    #[serde(serialize_with = "super::json::decimal")]
    pub strike_cost: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClassPayout {
    pub name: String,
    #[serde(serialize_with = "super::json::decimal")]
    pub payout: Decimal,
    pub converted: bool,
    #[serde(serialize_with = "super::json::decimal")]
    pub payout_exact: Decimal,
    #[serde(serialize_with = "super::json::decimal")]
    pub invested: Decimal,
    /// The regime of each claimant in the class, in words.
    pub regime: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct BreakpointRow {
    #[serde(serialize_with = "super::json::decimal")]
    pub value: Decimal,
    #[serde(rename = "name")]
    pub claimant: String,
    pub class: String,
    pub event: String,
    /// What changes, for sentences about it (the memo).
    #[serde(skip)]
    pub kind: BreakpointKind,
}

/// The kinds of change at a breakpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakpointKind {
    /// Common starts receiving: every preference is paid.
    StartsReceiving,
    /// A preference (a note's or SAFE's claim) is paid in full.
    PreferencePaid,
    /// A participating class starts sharing in the rest.
    StartsParticipating,
    /// A participating class reaches its cap.
    Capped,
    /// A class or SAFE converts: as common it receives more.
    Converts,
    /// A class or SAFE stops converting.
    StopsConverting,
    /// An option or warrant is exercised: common receives more than its strike per share.
    Exercised,
    /// An option or warrant is no longer exercised.
    StopsExercising,
    /// Any other change (described by `event`).
    Other,
}

/// The name a claimant is shown by in terms and breakpoints.
fn claimant_name(scenario: &Scenario, waterfall: &Waterfall, i: usize) -> String {
    let c = &waterfall.claimants[i];
    match c.kind {
        Kind::Common | Kind::Preferred(_) => c.class.clone(),
        Kind::Safe(k) => format!(
            "SAFE of {}",
            scenario.parties[scenario.instruments[k].party].name
        ),
        Kind::Note(k) => format!(
            "note of {}",
            scenario.parties[scenario.instruments[k].party].name
        ),
        Kind::Option(party) => format!(
            "{}s of {}",
            scenario.parties[party].kind.as_str(),
            scenario.parties[party].name
        ),
    }
}

/// Class names in first-appearance order over the claimants.
fn class_names(waterfall: &Waterfall) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in &waterfall.claimants {
        if !names.contains(&c.class) {
            names.push(c.class.clone());
        }
    }
    names
}

/// Why the report cannot be built, and at which exit (an index into the exits; `None` when the
/// waterfall's terms or breakpoints fail, whatever the exits).
#[derive(Clone, Debug)]
pub struct BuildError {
    pub exit: Option<usize>,
    pub error: ExitError,
}

impl From<ExitError> for BuildError {
    fn from(error: ExitError) -> Self {
        BuildError { exit: None, error }
    }
}

/// Builds the report: the waterfall after the last round in `table`, at each exit.
pub fn build(
    scenario: &Scenario,
    table: &crate::engine::CapTable,
    exits: &[ExitInput],
) -> Result<ExitReport, BuildError> {
    // Breakpoints use the exits' date when they share one (notes' interest depends on it).
    let shared_date = exits
        .first()
        .map(|e| e.date)
        .filter(|d| exits.iter().all(|e| e.date == *d))
        .flatten();
    let curve = Waterfall::new(scenario, table, shared_date)?;
    let names = class_names(&curve);
    let mut rows = Vec::with_capacity(exits.len());
    for (index, exit) in exits.iter().enumerate() {
        let at = |error| BuildError {
            exit: Some(index),
            error,
        };
        let waterfall = if exit.date == shared_date {
            curve.clone()
        } else {
            Waterfall::new(scenario, table, exit.date).map_err(at)?
        };
        let outcome = waterfall.outcome(exit.value).map_err(at)?;
        rows.push(exit_row(scenario, &waterfall, &outcome, exit, &names).map_err(at)?);
    }
    let breakpoints = curve
        .breakpoints()?
        .iter()
        .map(|b| breakpoint_row(scenario, &curve, b))
        .collect();
    let terms = curve
        .claimants
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c.kind, Kind::Common | Kind::Option(_)))
        .map(|(i, c)| {
            let class = match c.kind {
                Kind::Preferred(k) => Some(&scenario.classes[k]),
                _ => None,
            };
            ClassTerms {
                name: claimant_name(scenario, &curve, i),
                class: c.class.clone(),
                seniority: (!matches!(c.kind, Kind::Note(_))).then_some(c.seniority),
                preference_multiple: match c.kind {
                    Kind::Preferred(_) => class.map(|k| k.preference),
                    Kind::Safe(_) => Some(Decimal::ONE),
                    _ => None,
                },
                participating: c.participating,
                cap_multiple: class.and_then(|k| k.cap),
                invested: c.invested,
                claim: c.preference,
                units: c.units,
                may_convert: curve.choosers.contains(&i),
                claimant: match c.kind {
                    Kind::Safe(_) => Claimant::Safe,
                    Kind::Note(_) => Claimant::Note,
                    // Common and options are filtered out above.
                    Kind::Common | Kind::Preferred(_) | Kind::Option(_) => Claimant::Class,
                },
            }
        })
        .collect();
    Ok(ExitReport {
        name: scenario.name.clone(),
        currency: scenario.currency.clone(),
        terms,
        exits: rows,
        breakpoints,
        class_names: names,
        class_titles: super::class_titles(scenario),
        notes_with_interest: scenario
            .instruments
            .iter()
            .any(|i| i.round.is_none() && i.interest().is_some_and(|n| !n.rate.is_zero())),
        has_options: curve
            .claimants
            .iter()
            .any(|c| matches!(c.kind, Kind::Option(_))),
        expected: None,
    })
}

/// The exits' probabilities, when every exit has one.
pub fn probabilities(exits: &[ExitInput]) -> Option<Vec<Decimal>> {
    if exits.is_empty() {
        return None;
    }
    exits.iter().map(|e| e.probability).collect()
}

/// The expected figures over `cases`: each a condition outcome's probability, its state and
/// the report at `exits` under that outcome. In each outcome only the exits whose `when` holds
/// count, with their probabilities (conditional on the outcome: the file is checked to make
/// them sum to 1). Holders are matched by name and class, in order of first appearance.
pub fn expected(
    cases: &[(Decimal, ConditionSet, &ExitReport)],
    exits: &[ExitInput],
    basis: ExpectedBasis,
) -> Result<ExpectedReport, ExitError> {
    let mut keys: Vec<(String, String)> = Vec::new();
    for (_, _, report) in cases {
        for row in &report.exits {
            for h in &row.holders {
                if !keys.iter().any(|(n, c)| n == &h.name && c == &h.class) {
                    keys.push((h.name.clone(), h.class.clone()));
                }
            }
        }
    }
    let mut weighted = Vec::new();
    for (outcome, state, report) in cases {
        for (row, exit) in report.exits.iter().zip(exits) {
            let (Some(p), true) = (
                exit.probability,
                exit.when.as_ref().is_none_or(|w| w.eval(*state)),
            ) else {
                continue;
            };
            let holders = keys
                .iter()
                .map(|(name, class)| {
                    row.holders
                        .iter()
                        .find(|h| &h.name == name && &h.class == class)
                        .map_or((Decimal::ZERO, Decimal::ZERO), |h| {
                            (h.payout_exact, h.invested)
                        })
                })
                .collect();
            weighted.push(crate::engine::exit_expected::Case {
                probability: vec![*outcome, p],
                holders,
            });
        }
    }
    let figures = crate::engine::exit_expected::expected(&weighted, keys.len())?;
    Ok(ExpectedReport {
        holders: keys
            .into_iter()
            .zip(figures)
            .map(|((name, class), f)| ExpectedRow {
                name,
                class,
                payout: f.payout,
                nothing: f.nothing,
                below_1x: f.below_1x,
            })
            .collect(),
        basis,
    })
}

fn exit_row(
    scenario: &Scenario,
    waterfall: &Waterfall,
    outcome: &Outcome,
    exit: &ExitInput,
    names: &[String],
) -> Result<ExitRow, ExitError> {
    let mut holders = Vec::with_capacity(waterfall.holders.len());
    for (h, holder) in waterfall.holders.iter().enumerate() {
        let (exact_payout, cents) = outcome.holders[h];
        let option = holder
            .parts
            .iter()
            .find(|p| matches!(waterfall.claimants[p.claimant].kind, Kind::Option(_)))
            .map(|p| p.claimant);
        let strike_cost = option.map_or(Decimal::ZERO, |i| outcome.costs[i]);
        holders.push(HolderPayout {
            kind: scenario.parties[holder.party].kind.as_str(),
            exercised: option.map(|i| outcome.exercised(i)),
            gross: exit::gross_payout(cents, strike_cost)?,
            strike_cost,
            name: scenario.parties[holder.party].name.clone(),
            class: holder.class.clone(),
            invested: holder.invested,
            payout: cents,
            payout_exact: exact_payout,
            multiple: exit::multiple(exact_payout, holder.invested)?,
            converted: waterfall.holder_converted(outcome.profile, h),
        });
    }
    let mut classes = Vec::with_capacity(names.len());
    for name in names {
        let members: Vec<usize> = (0..waterfall.claimants.len())
            .filter(|&i| &waterfall.claimants[i].class == name)
            .collect();
        let payout = exit::total_payout(
            holders
                .iter()
                .filter(|h| &h.class == name)
                .map(|h| h.payout),
        )?;
        let payout_exact = exit::total_payout(members.iter().map(|&i| outcome.net(i)))?;
        let invested =
            exit::total_invested(members.iter().map(|&i| waterfall.claimants[i].invested))?;
        let converted = name != "common"
            && members
                .iter()
                .all(|&i| waterfall.claimant_converted(outcome.profile, i));
        let mut regimes: Vec<&str> = members
            .iter()
            .map(|&i| match waterfall.claimants[i].kind {
                Kind::Option(_) if outcome.exercised(i) => "exercised",
                Kind::Option(_) => "not exercised",
                _ => regime_words(outcome.regimes[i], name == "common"),
            })
            .collect();
        regimes.dedup();
        classes.push(ClassPayout {
            name: name.clone(),
            payout,
            payout_exact,
            invested,
            converted,
            regime: regimes.join(", "),
        });
    }
    Ok(ExitRow {
        name: exit.name.clone(),
        value: exit.value,
        date: exit.date.map(|d| d.to_string()),
        probability: exit.probability,
        holders,
        classes,
    })
}

fn regime_words(regime: Regime, common: bool) -> &'static str {
    match regime {
        Regime::Nothing => "nothing",
        Regime::PartPreference => "part of its preference",
        Regime::Preference => "its preference",
        Regime::Participating if common => "shares the rest",
        Regime::Participating => "preference and participation",
        Regime::Capped => "at its participation cap",
        Regime::Converted => "converted",
    }
}

fn breakpoint_row(scenario: &Scenario, waterfall: &Waterfall, b: &Breakpoint) -> BreakpointRow {
    let common = matches!(waterfall.claimants[b.claimant].kind, Kind::Common);
    let option = matches!(waterfall.claimants[b.claimant].kind, Kind::Option(_));
    let (kind, event) = match (b.from, b.to) {
        (Regime::Nothing, Regime::Participating) if option => (
            BreakpointKind::Exercised,
            "exercised: common receives more than its strike per share".into(),
        ),
        (Regime::Participating, Regime::Nothing) if option => (
            BreakpointKind::StopsExercising,
            "no longer exercised".into(),
        ),
        (_, Regime::Converted) => (
            BreakpointKind::Converts,
            "converts: as common it now receives more".into(),
        ),
        (Regime::Converted, _) => (BreakpointKind::StopsConverting, "stops converting".into()),
        (_, Regime::Capped) => (
            BreakpointKind::Capped,
            "reaches its participation cap".into(),
        ),
        (Regime::Nothing, Regime::Participating) if common => (
            BreakpointKind::StartsReceiving,
            "starts receiving: every preference is paid".into(),
        ),
        (Regime::Nothing | Regime::PartPreference, Regime::Preference | Regime::Participating) => (
            BreakpointKind::PreferencePaid,
            "preference fully paid".into(),
        ),
        (Regime::Preference, Regime::Participating) => (
            BreakpointKind::StartsParticipating,
            "starts participating".into(),
        ),
        (from, to) => (
            BreakpointKind::Other,
            format!(
                "from {} to {}",
                regime_words(from, common),
                regime_words(to, common)
            ),
        ),
    };
    BreakpointRow {
        value: b.value,
        claimant: claimant_name(scenario, waterfall, b.claimant),
        class: waterfall.claimants[b.claimant].class.clone(),
        event,
        kind,
    }
}

// ----- rows ---------------------------------------------------------------------------------

/// The sections of the `exit` command, for table, Markdown and CSV.
pub fn sections(report: &ExitReport, numbers: &Numbers) -> Vec<Section> {
    let mut sections = Vec::new();
    if !report.terms.is_empty() {
        sections.push(terms(report, numbers));
    }
    sections.push(by_class(report, numbers));
    for exit in &report.exits {
        sections.push(holders(exit, numbers, report.has_options));
    }
    if let Some(expected) = &report.expected {
        sections.push(expected_section(expected, numbers));
    }
    sections.push(breakpoints(report, numbers));
    sections
}

fn section(title: impl Into<String>, columns: &[(&str, bool)]) -> Section {
    Section::new(title, columns)
}

fn yes_no(value: bool) -> Cell {
    if value { "yes" } else { "no" }.into()
}

fn terms(report: &ExitReport, numbers: &Numbers) -> Section {
    let mut s = section(
        "Classes at exit",
        &[
            ("Class", false),
            ("Seniority", true),
            ("Preference", true),
            ("Participating", false),
            ("Cap", true),
            ("Invested", true),
            ("Claim", true),
            ("Units as converted", true),
            ("May convert", false),
        ],
    );
    for t in &report.terms {
        s.rows.push(vec![
            numbers.class(&t.name).into(),
            t.seniority.map_or_else(
                || "first".into(),
                |v| Cell::new(v.to_string(), super::cell::Value::Number(v.into())),
            ),
            t.preference_multiple
                .map_or_else(Cell::empty, |m| numbers.multiple(m)),
            yes_no(t.participating),
            t.cap_multiple
                .map_or_else(Cell::empty, |m| numbers.multiple(m)),
            numbers.money(t.invested),
            numbers.money(t.claim),
            numbers.shares(t.units),
            yes_no(t.may_convert),
        ]);
    }
    if !numbers.is_exact() {
        let mut note = String::from(
            "Higher seniority is paid first; notes are paid before every class. Claim = preference × invested (a SAFE: its amount; a note: principal and interest).",
        );
        if report.notes_with_interest {
            note.push_str(" Notes accrue interest to the exit's date; exits without a date (--value, --range) count none.");
        }
        s.note = Some(note);
    }
    s
}

fn by_class(report: &ExitReport, numbers: &Numbers) -> Section {
    let labels: Vec<String> = report
        .class_names
        .iter()
        .map(|n| numbers.class(n))
        .collect();
    let mut columns: Vec<(&str, bool)> = vec![("Exit", false), ("Value", true)];
    columns.extend(labels.iter().map(|n| (n.as_str(), true)));
    columns.push(("Converted", false));
    let mut s = section("Payouts by class", &columns);
    for exit in &report.exits {
        let mut row = vec![exit.name.clone().into(), numbers.money(exit.value)];
        row.extend(exit.classes.iter().map(|c| numbers.money(c.payout)));
        let converted: Vec<String> = exit
            .classes
            .iter()
            .filter(|c| c.converted)
            .map(|c| numbers.class(&c.name))
            .collect();
        row.push(if converted.is_empty() {
            "none".into()
        } else {
            converted.join(", ").into()
        });
        s.rows.push(row);
    }
    if !numbers.is_exact() {
        s.note = Some("Each class takes the larger of its preference and converting, every other class choosing likewise. Payouts are whole cents summing to the exit value: each exact payout rounded down, the cents left over to the largest remainders (ties: file order).".into());
    }
    s
}

fn holders(exit: &ExitRow, numbers: &Numbers, options: bool) -> Section {
    // CSV has no titles: each row names its exit there.
    let exact = numbers.is_exact();
    let mut columns = vec![("Exit", false)];
    columns.extend([("Holder", false), ("Class", false), ("Invested", true)]);
    if options {
        columns.extend([("Exercised", false), ("Gross", true), ("Strike cost", true)]);
    }
    columns.extend([("Payout", true), ("Multiple", true), ("Converted", false)]);
    let chance = exit.probability.map_or_else(String::new, |p| {
        format!(", probability {}", numbers.fraction(p))
    });
    let mut s = section(
        format!("Exit {}: {}{chance}", exit.name, numbers.money(exit.value)),
        if exact { &columns } else { &columns[1..] },
    );
    for h in &exit.holders {
        let mut row: Vec<Cell> = if exact {
            vec![exit.name.clone().into()]
        } else {
            Vec::new()
        };
        row.extend([
            h.name.clone().into(),
            numbers.class(&h.class).into(),
            numbers.invested(h.invested),
        ]);
        if options {
            row.extend([
                h.exercised.map_or_else(Cell::empty, yes_no),
                numbers.money(h.gross),
                if h.exercised.is_some() {
                    numbers.money(h.strike_cost)
                } else {
                    Cell::empty()
                },
            ]);
        }
        row.extend([
            numbers.money(h.payout),
            h.multiple.map_or_else(Cell::empty, |m| numbers.multiple(m)),
            yes_no(h.converted),
        ]);
        s.rows.push(row);
    }
    if options && !exact {
        s.note = Some("An option or warrant is exercised only when common receives strictly more than its strike per share; its payout is net: gross − strike cost (shares × strike), the exercise money having joined the proceeds.".into());
    }
    s
}

fn expected_section(expected: &ExpectedReport, numbers: &Numbers) -> Section {
    let mut s = section(
        "Expected payouts",
        &[
            ("Holder", false),
            ("Class", false),
            ("Expected payout", true),
            ("Probability of nothing", true),
            ("Probability below 1x", true),
        ],
    );
    for h in &expected.holders {
        s.rows.push(vec![
            h.name.clone().into(),
            numbers.class(&h.class).into(),
            numbers.money(h.payout),
            numbers.fraction(h.nothing),
            h.below_1x.map_or_else(Cell::empty, |p| numbers.fraction(p)),
        ]);
    }
    if !numbers.is_exact() {
        let over = match expected.basis {
            ExpectedBasis::Exits => "over the exits".to_string(),
            ExpectedBasis::Assumed => {
                "over the exits, the conditions at their assumed values".to_string()
            }
            ExpectedBasis::Independent(n) => format!(
                "over the exits and the {n} outcomes of the conditions, taken as independent (each probability × each exit's)"
            ),
        };
        s.note = Some(format!(
            "Weighted by probability {over}: the expected payout is Σ probability × exact payout (before cents); below 1x: paid less than the money invested (investors only)."
        ));
    }
    s
}

fn breakpoints(report: &ExitReport, numbers: &Numbers) -> Section {
    let mut s = section(
        "Breakpoints",
        &[
            ("Exit value", true),
            ("Who", false),
            ("What changes", false),
        ],
    );
    for b in &report.breakpoints {
        s.rows.push(vec![
            numbers.money(b.value),
            if b.claimant == b.class {
                numbers.class(&b.claimant).into()
            } else {
                b.claimant.clone().into()
            },
            b.event.clone().into(),
        ]);
    }
    if !numbers.is_exact() {
        s.note = Some("Exit values where some class's payout changes regime, computed exactly from the waterfall; exact figures with --format json or csv.".into());
    }
    s
}

/// The payout curve `render::chart` draws: each class's payout at zero, at every breakpoint, at
/// every exit asked for and at the right edge (the curve is straight between them).
#[derive(Clone, Debug)]
pub struct PayoutCurve {
    /// The exit values, ascending.
    pub xs: Vec<Decimal>,
    /// Per class of `ExitReport::class_names`, its payout at each of `xs`.
    pub lines: Vec<Vec<Decimal>>,
    /// The right edge: the largest exit asked for, or 1.25 × the last breakpoint if more.
    pub right: Decimal,
    /// The largest payout (at least 1).
    pub top: Decimal,
}

/// The payout curve of `report`'s classes on `table`, with `exits` marked.
pub fn payout_curve(
    scenario: &Scenario,
    table: &CapTable,
    report: &ExitReport,
    exits: &[ExitInput],
) -> Result<PayoutCurve, ExitError> {
    let waterfall = Waterfall::new(scenario, table, None)?;
    let names = &report.class_names;
    let mut right = exits.iter().map(|e| e.value).max().unwrap_or(Decimal::ZERO);
    if let Some(last) = report.breakpoints.last() {
        right = right.max(arith::mul(
            last.value,
            Decimal::new(125, 2),
            "the chart's width",
        )?);
    }
    if right.is_zero() {
        right = Decimal::ONE;
    }
    let mut xs: Vec<Decimal> = vec![Decimal::ZERO, right];
    xs.extend(report.breakpoints.iter().map(|b| b.value));
    xs.extend(exits.iter().map(|e| e.value));
    xs.retain(|x| *x <= right);
    xs.sort();
    xs.dedup();
    // Per class, its payout at each x.
    let mut lines = vec![Vec::with_capacity(xs.len()); names.len()];
    for &x in &xs {
        let outcome = waterfall.outcome(x)?;
        for (k, name) in names.iter().enumerate() {
            let total = exit::total_payout(
                waterfall
                    .claimants
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| &c.class == name)
                    .map(|(i, _)| outcome.net(i)),
            )?;
            lines[k].push(total);
        }
    }
    let top = lines
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    Ok(PayoutCurve {
        xs,
        lines,
        right,
        top,
    })
}

// ----- the memo -----------------------------------------------------------------------------

/// The claimants with a preference in the order they are paid: outstanding notes first, then
/// seniority from the highest down, file order within a level (they rank pari passu there).
pub fn stack(report: &ExitReport) -> Vec<Vec<&ClassTerms>> {
    let mut terms: Vec<&ClassTerms> = report.terms.iter().collect();
    // A stable sort: file order within a level. Notes (no seniority) sort first.
    terms.sort_by_key(|t| (t.seniority.is_some(), std::cmp::Reverse(t.seniority)));
    let mut levels: Vec<Vec<&ClassTerms>> = Vec::new();
    for t in terms {
        match levels.last_mut() {
            Some(level) if level.first().map(|f| f.seniority) == Some(t.seniority) => {
                level.push(t);
            }
            _ => levels.push(vec![t]),
        }
    }
    levels
}

/// The preference stack in words, one line per level, most senior first, and a last line for
/// what is left.
pub fn stack_words(report: &ExitReport, numbers: &Numbers) -> Vec<String> {
    let times = |m: Decimal| {
        if numbers.is_exact() {
            format!("{}x", exact(m))
        } else {
            numbers.multiple(m).to_string()
        }
    };
    let describe = |t: &ClassTerms| match t.claimant {
        Claimant::Note => {
            // The claim may already hold interest to a date; the principal is the note's own.
            let interest = if report.notes_with_interest {
                " plus interest to the exit's date"
            } else {
                ""
            };
            format!(
                "the {} ({}{interest}, never converts)",
                t.name,
                numbers.money(t.invested)
            )
        }
        Claimant::Safe => {
            let converts = if t.may_convert {
                ", or converts when that pays more"
            } else {
                ""
            };
            format!("the {} ({}{converts})", t.name, numbers.money(t.claim))
        }
        Claimant::Class => {
            let multiple = t
                .preference_multiple
                .map_or_else(String::new, |m| format!("{} ", times(m)));
            let participation = match (t.participating, t.cap_multiple) {
                (false, _) => "non-participating".to_string(),
                (true, None) => "participating".to_string(),
                (true, Some(cap)) => {
                    format!("participating to a {} cap", times(cap))
                }
            };
            format!(
                "{} ({multiple}{participation}: {} on {} invested)",
                numbers.class(&t.name),
                numbers.money(t.claim),
                numbers.money(t.invested)
            )
        }
    };
    let mut lines: Vec<String> = stack(report)
        .iter()
        .map(|level| {
            let names: Vec<String> = level.iter().map(|t| describe(t)).collect();
            let mut line = match names.as_slice() {
                [one] => one.clone(),
                [rest @ .., last] => format!("{} and {last}, pari passu", rest.join(", ")),
                [] => String::new(),
            };
            if let Some(first) = line.get(..1) {
                let upper = first.to_uppercase();
                line.replace_range(..1, &upper);
            }
            line
        })
        .collect();
    let participating = report
        .terms
        .iter()
        .any(|t| t.claimant == Claimant::Class && t.participating);
    lines.push(
        if participating {
            "What is left: common, the participating classes and whatever converts, pro rata to shares as converted"
        } else {
            "What is left: common and whatever converts, pro rata to shares as converted"
        }
        .to_string(),
    );
    lines
}

/// The breakpoints in words, in order of exit value: "Common receives nothing below $40M."
pub fn breakpoint_words(report: &ExitReport, numbers: &Numbers) -> Vec<String> {
    report
        .breakpoints
        .iter()
        .map(|b| {
            let terms = report.terms.iter().find(|t| t.name == b.claimant);
            let mut who = if b.claimant == b.class {
                numbers.class(&b.claimant)
            } else {
                b.claimant.clone()
            };
            // Each sentence starts with a capital (exact output names classes by their keys).
            if let Some(first) = who.get(..1) {
                let upper = first.to_uppercase();
                who.replace_range(..1, &upper);
            }
            let value = numbers.money(b.value);
            let claim = match terms.map(|t| t.claimant) {
                Some(Claimant::Class) => "preference",
                _ => "claim",
            };
            match b.kind {
                BreakpointKind::StartsReceiving => {
                    format!("{who} receives nothing below {value}, where every preference is paid.")
                }
                BreakpointKind::PreferencePaid => {
                    format!("{who}'s {claim} is paid in full at {value}.")
                }
                BreakpointKind::StartsParticipating => {
                    format!("{who} also shares in what is left above {value}.")
                }
                BreakpointKind::Capped => match terms.and_then(|t| t.cap_multiple) {
                    Some(cap) => format!(
                        "{who} reaches its {} cap at {value}.",
                        if numbers.is_exact() {
                            format!("{}x", exact(cap))
                        } else {
                            numbers.multiple(cap).to_string()
                        }
                    ),
                    None => format!("{who} reaches its participation cap at {value}."),
                },
                BreakpointKind::Converts => format!("{who} converts to common above {value}."),
                BreakpointKind::StopsConverting => {
                    format!("{who} stops converting above {value}.")
                }
                BreakpointKind::Exercised => format!(
                    "{who} is exercised above {value}, where common receives more than its strike a share."
                ),
                BreakpointKind::StopsExercising => {
                    format!("{who} is no longer exercised above {value}.")
                }
                BreakpointKind::Other => format!("{who}: {} at {value}.", b.event),
            }
        })
        .collect()
}

/// The memo's tables: the preference stack, the payouts by class and by holder (one column per
/// exit), each exit a row or a column as the exit command shows it.
pub fn memo_sections(report: &ExitReport, numbers: &Numbers) -> Vec<Section> {
    let mut sections = Vec::new();
    if !report.terms.is_empty() {
        let ordered = ExitReport {
            terms: stack(report).into_iter().flatten().cloned().collect(),
            ..report.clone()
        };
        let mut s = terms(&ordered, numbers);
        s.title = "Preference stack".into();
        sections.push(s);
    }
    sections.push(by_class(report, numbers));
    sections.push(by_holder(report, numbers));
    if let Some(expected) = &report.expected {
        sections.push(expected_section(expected, numbers));
    }
    sections
}

/// The expected payouts in words, for the memo: what the holders expect in all and each one's
/// share, largest first, then the probability of receiving nothing and, for investors, of
/// getting back less than the money invested (holders with the same probability named
/// together). Nothing without probabilities.
pub fn expected_words(report: &ExitReport, numbers: &Numbers) -> Vec<String> {
    let Some(expected) = &report.expected else {
        return Vec::new();
    };
    let name = |h: &ExpectedRow| {
        if expected.holders.iter().filter(|o| o.name == h.name).count() > 1 {
            format!("{} ({})", h.name, numbers.class(&h.class))
        } else {
            h.name.clone()
        }
    };
    let list = |items: &[String]| match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let mut order: Vec<&ExpectedRow> = expected.holders.iter().collect();
    // Largest first; a stable sort keeps the table's order among equals.
    order.sort_by_key(|h| std::cmp::Reverse(h.payout));
    // Each payout is its exact sum rounded once to 28 digits: their sum is the total to far
    // below a cent.
    let total = exit_expected::total_payout(expected.holders.iter().map(|h| h.payout));
    let over = match expected.basis {
        ExpectedBasis::Exits => "the exits' probabilities".to_string(),
        ExpectedBasis::Assumed => {
            "the exits' probabilities, the conditions at their assumed values".to_string()
        }
        ExpectedBasis::Independent(_) => {
            "the probabilities of the exits and of the conditions' outcomes".to_string()
        }
    };
    let shares: Vec<String> = order
        .iter()
        .map(|h| format!("{} {}", name(h), numbers.money(h.payout)))
        .collect();
    let mut words = vec![match total {
        Ok(total) => format!(
            "Weighted by {over}, the expected payouts add up to {}: {}.",
            numbers.money(total),
            list(&shares)
        ),
        Err(_) => format!(
            "Weighted by {over}, the expected payouts are {}.",
            list(&shares)
        ),
    }];
    // Holders grouped by equal probability, the largest probability first.
    let grouped = |pick: &dyn Fn(&ExpectedRow) -> Option<Decimal>, zero: bool| {
        let mut values: Vec<Decimal> = expected
            .holders
            .iter()
            .filter_map(pick)
            .filter(|p| zero || !p.is_zero())
            .collect();
        values.sort_by_key(|p| std::cmp::Reverse(*p));
        values.dedup();
        values
            .into_iter()
            .map(|p| {
                let names: Vec<String> = expected
                    .holders
                    .iter()
                    .filter(|h| pick(h) == Some(p))
                    .map(&name)
                    .collect();
                format!("{} for {}", numbers.fraction(p), list(&names))
            })
            .collect::<Vec<String>>()
    };
    let nothing = grouped(&|h| Some(h.nothing), false);
    let below = grouped(&|h| h.below_1x, true);
    let mut risk = Vec::new();
    if !nothing.is_empty() {
        risk.push(format!(
            "The probability of receiving nothing is {}",
            list(&nothing)
        ));
    }
    if !below.is_empty() {
        risk.push(format!(
            "{} getting back less than the money invested, {}",
            if risk.is_empty() {
                "The probability of"
            } else {
                "of"
            },
            list(&below)
        ));
    }
    if !risk.is_empty() {
        words.push(format!("{}.", risk.join("; ")));
    }
    words
}

/// A column title for an exit: its name and value, or the value alone when the name is the
/// value written (`--exit 40M`).
fn exit_title(exit: &ExitRow, numbers: &Numbers) -> String {
    let value = numbers.money(exit.value).to_string();
    let named_by_value = crate::scenario::value::parse_money(&exit.name)
        .is_ok_and(|v| v == exit.value)
        || exit.name == exact(exit.value);
    let chance = exit.probability.map(|p| numbers.fraction(p).to_string());
    match (named_by_value, chance) {
        (true, None) => value,
        (true, Some(p)) => format!("{value} ({p})"),
        (false, None) => format!("{} ({value})", exit.name),
        (false, Some(p)) => format!("{} ({value}, {p})", exit.name),
    }
}

/// Payouts by holder, one column per exit, and a total row (the exit value).
fn by_holder(report: &ExitReport, numbers: &Numbers) -> Section {
    let titles: Vec<String> = report
        .exits
        .iter()
        .map(|e| exit_title(e, numbers))
        .collect();
    let mut columns: Vec<(&str, bool)> =
        vec![("Holder", false), ("Class", false), ("Invested", true)];
    columns.extend(titles.iter().map(|t| (t.as_str(), true)));
    let mut s = section("Payouts by holder", &columns);
    let Some(first) = report.exits.first() else {
        return s;
    };
    for (i, h) in first.holders.iter().enumerate() {
        let mut row: Vec<Cell> = vec![
            h.name.clone().into(),
            numbers.class(&h.class).into(),
            numbers.invested(h.invested),
        ];
        row.extend(report.exits.iter().map(|e| {
            e.holders
                .get(i)
                .map_or_else(Cell::empty, |p| numbers.money(p.payout))
        }));
        s.rows.push(row);
    }
    let invested = exit::total_invested(first.holders.iter().map(|h| h.invested)).ok();
    let mut total: Vec<Cell> = vec![
        "Total".into(),
        Cell::empty(),
        invested.map_or_else(Cell::empty, |v| numbers.invested(v)),
    ];
    total.extend(report.exits.iter().map(|e| numbers.money(e.value)));
    s.rows.push(total);
    if !numbers.is_exact() {
        s.note = Some("Whole cents summing to each exit value (the total row); the unallocated pool receives nothing.".into());
    }
    s
}

// ----- JSON ---------------------------------------------------------------------------------

/// The object of `exit --format json`: the contract's `exits` plus extra keys. Its own shape:
/// the file's name and currency nest under `scenario`, the terms are `classes`.
pub fn json(report: &ExitReport) -> impl Serialize + '_ {
    #[derive(Serialize)]
    struct ScenarioJson<'a> {
        name: &'a str,
        currency: &'a str,
    }
    #[derive(Serialize)]
    struct ExitJson<'a> {
        scenario: ScenarioJson<'a>,
        exits: &'a [ExitRow],
        classes: &'a [ClassTerms],
        breakpoints: &'a [BreakpointRow],
        expected: &'a Option<ExpectedReport>,
    }
    ExitJson {
        scenario: ScenarioJson {
            name: &report.name,
            currency: &report.currency,
        },
        exits: &report.exits,
        classes: &report.terms,
        breakpoints: &report.breakpoints,
        expected: &report.expected,
    }
}
