//! From the sections read to the [`Scenario`] model: the order the sections are read in (see
//! the read order in `scenario/mod.rs`), the parties indexed as they are added, each
//! instrument booked to the round it converts in, shadow series made, and every holding
//! numbered (`positions`).
//!
//! `scenario` is the one place the read order is decided: each reader gets what it needs from
//! earlier readers as arguments.

use super::instruments::{NOTE_SECTION, SAFE_SECTION};
use super::{MAX_CONDITIONS, Validator, secondary};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::id;
use crate::scenario::keys;
use crate::scenario::model::{
    Arrival, Basis, ClassId, Instrument, InstrumentId, InstrumentTerms, Party, PartyId, Position,
    PositionId, Round, Scenario, Shadow, ShareClass,
};
use crate::scenario::tree::{Node, Value};
use std::collections::HashMap;

/// Numbers every (party, class) holding: initial holders first (position `i` is holder `i`),
/// then each round's pool, investments and conversions as they first appear. Returns them
/// with the rounds and instruments placed.
fn positions(
    classes: &[ShareClass],
    parties: &[Party],
    rounds: Vec<Round<()>>,
    instruments: Vec<Instrument<()>>,
) -> (Vec<Position>, Vec<Round>, Vec<Instrument>) {
    let class_index = |name: &str| {
        classes
            .iter()
            .position(|c| c.name == name)
            .map(ClassId::new)
    };
    let mut positions: Vec<Position> = id::enumerate::<PartyId, _>(parties)
        .filter(|(_, p)| p.arrival == Arrival::Initial)
        .map(|(party, p)| Position {
            party,
            class: class_index(&p.class),
        })
        .collect();
    let mut index: HashMap<(PartyId, Option<ClassId>), PositionId> =
        id::enumerate::<PositionId, _>(&positions)
            .map(|(i, p)| ((p.party, p.class), i))
            .collect();
    let mut find = |party: PartyId, class: Option<ClassId>| {
        *index.entry((party, class)).or_insert_with(|| {
            positions.push(Position { party, class });
            PositionId::new(positions.len() - 1)
        })
    };
    let mut rounds: Vec<Round> = rounds
        .into_iter()
        .map(|round| {
            let pool_party = round
                .pool_party
                .map(|(party, ())| (party, find(party, None)));
            let investments = round
                .investments
                .into_iter()
                .map(|i| {
                    let position = find(i.party, class_index(&i.class));
                    i.placed(position)
                })
                .collect();
            let grant_pool = round
                .grant_pool
                .map(|(party, ())| (party, find(party, None)));
            let grants = round
                .grants
                .into_iter()
                .map(|grant| {
                    let position = find(grant.party, None);
                    grant.placed(position)
                })
                .collect();
            Round {
                name: round.name,
                date: round.date,
                terms: round.terms,
                investments,
                pool: round.pool,
                pool_timing: round.pool_timing,
                pool_party,
                conversion_method: round.conversion_method,
                conversions: round.conversions,
                grants,
                grant_pool,
                secondaries: round.secondaries,
            }
        })
        .collect();
    let instruments = instruments
        .into_iter()
        .map(|instrument| {
            let position = find(instrument.party, class_index(&instrument.class));
            instrument.placed(position)
        })
        .collect();
    secondary::secondary_positions(classes, parties, &mut rounds, &mut positions, &mut index);
    (positions, rounds, instruments)
}

impl Validator<'_> {
    pub(super) fn scenario(&mut self, root: &Node) -> Option<Scenario> {
        if root.as_table().is_some_and(<[_]>::is_empty) {
            self.push(
                Diagnostic::error(Code::MissingKey, "the file is empty")
                    .at(Span { end: root.span.start, ..root.span }, "nothing here")
                    .help("a scenario needs at least:\n[scenario]\nname = \"…\"\n\n[[holder]]\nname = \"Founders\"\nshares = 1_000_000\n\nand, for a funding round:\n[[round]]\nname = \"Seed\"\npre_money = \"8M\"\n\n[[round.investment]]\ninvestor = \"Seed Fund\"\namount = \"2M\"\n(`captable check` explains anything missing)"),
            );
            return None;
        }
        // `extends` was resolved (and removed) before validation: see `compose`.
        let mut top = self.table(root, &keys::TOP, "the scenario file")?;
        // A misspelt section (`[classes.x]`, `[[rounds]]`, …) is one unknown-key error, the
        // root cause: what refers to its contents is not also reported as dangling.
        self.classes_unknown = top.misspells(&["class"]);
        self.conditions_unknown = top.misspells(&["condition"]);
        self.rounds_unknown = top.misspells(&["round"]);
        self.instruments_unread = top.misspells(&["safe", "note"]);
        let anti_dilution_spans = match top.get("class") {
            Some(node) => self.classes(node),
            None => Vec::new(),
        };

        // Read before anything else that holds money: amounts are checked against `currency`.
        let header = top.get("scenario");
        if !matches!(header.map(|node| &node.value), Some(Value::Table(_))) {
            // No currency can be read: amounts are not checked against one (the missing or
            // misspelt `[scenario]` is the error to fix first).
            self.currency = None;
        }
        let (name, currency, description, sources) = match header {
            Some(node) => self.scenario_header(node),
            None if top.misspells(&["scenario"]) => (None, "USD".to_string(), None, Vec::new()),
            None => {
                self.push(
                    Diagnostic::error(Code::MissingKey, "the file has no [scenario] section")
                        .at(
                            Span {
                                end: root.span.start,
                                ..root.span
                            },
                            "expected [scenario]",
                        )
                        .help("start the file with:\n[scenario]\nname = \"My company's rounds\""),
                );
                (None, "USD".to_string(), None, Vec::new())
            }
        };
        let rounding = top
            .get("rounding")
            .map(|node| self.rounding(node))
            .unwrap_or_default();
        let annual_revenue = top.get("metrics").and_then(|node| self.metrics(node));

        let (basis, mut parties) = match top.get("holder") {
            Some(node) => self.holders(node, rounding),
            None if top.misspells(&["holder"]) => (Basis::Shares, Vec::new()),
            None => {
                self.push(
                    Diagnostic::error(Code::MissingKey, "the file has no [[holder]]")
                        .at(top.span, "expected at least one [[holder]]")
                        .help("describe the cap table before the first round:\n[[holder]]\nname = \"Founders\"\nshares = 1_000_000"),
                );
                (Basis::Shares, Vec::new())
            }
        };
        self.anti_dilution_needs_shares(basis, anti_dilution_spans);
        self.index_parties(&parties);
        let (conditions, condition_spans) = match top.get("condition") {
            Some(node) => self.conditions(node),
            None => (Vec::new(), Vec::new()),
        };
        let mut used_conditions = vec![false; conditions.len()];
        let rounds = match top.get("round") {
            Some(node) => self.rounds(node, basis, &mut parties, &conditions, &mut used_conditions),
            // No round: the cap table as given (today's, or at a liquidity event before any
            // priced round); SAFEs and notes are then outstanding.
            None => Vec::new(),
        };
        let mut instruments = Vec::new();
        for section in [&SAFE_SECTION, &NOTE_SECTION] {
            if let Some(node) = top.get(section.key) {
                let span = top.key_span(section.key).unwrap_or(node.span);
                if basis == Basis::Stakes {
                    self.instruments_unread = true;
                    self.push(
                        Diagnostic::error(Code::NeedsShares, format!("a {} needs share counts", section.word))
                            .at(span, "the holders are given as stakes")
                            .help("give every [[holder]] a share count (shares = …): conversions are computed in shares"),
                    );
                    continue;
                }
                self.instruments(node, section, &rounds, &mut parties, &mut instruments);
            }
        }
        let mut rounds = rounds;
        // Each instrument into its round, in one pass (not a pass per round).
        for (k, instrument) in id::enumerate::<InstrumentId, _>(&instruments) {
            if let Some(round) = instrument.round.and_then(|r| rounds.get_mut(r.index())) {
                round.conversions.push(k);
            }
        }
        self.report_empty_rounds();
        let secondary_spans = self.resolve_secondaries(&mut rounds, &mut parties);
        self.round_rows(&rounds, &parties);
        if let (Some(span), 1..=MAX_CONDITIONS) = (condition_spans.last(), conditions.len()) {
            self.outcome_work(*span, conditions.len(), &rounds, parties.len());
        }
        let exits = match top.get("exit") {
            Some(node) => self.exits(node, &conditions, &mut used_conditions),
            None => Vec::new(),
        };
        self.unused_conditions(&conditions, &condition_spans, &used_conditions);
        let commitments = match top.get("commitment") {
            Some(node) => self.commitments(node),
            None => Vec::new(),
        };
        self.finish(top);
        if !self.diagnostics.iter().any(Diagnostic::is_error) {
            self.pro_rata_warnings(&rounds, &parties, &instruments);
            let warnings = std::mem::take(&mut self.warnings);
            self.diagnostics.extend(warnings);
        }
        let mut classes = std::mem::take(&mut self.classes);
        self.shadow_series(&mut classes, &rounds, &parties, &mut instruments);
        let (positions, rounds, instruments) = positions(&classes, &parties, rounds, instruments);
        self.check_all_common(&rounds, &secondary_spans);
        self.secondary_spans = secondary_spans;
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }

        Some(Scenario {
            name: name?,
            currency,
            description,
            sources,
            rounding,
            annual_revenue,
            basis,
            parties,
            conditions,
            rounds,
            instruments,
            commitments,
            classes,
            positions,
            exits,
        })
    }

    /// Indexes the holders read so far by name, and finds the pool among them.
    pub(super) fn index_parties(&mut self, parties: &[Party]) {
        for (index, party) in id::enumerate::<PartyId, _>(parties) {
            self.party_index.entry(party.name.clone()).or_insert(index);
            if party.pool && self.pool_index.is_none() {
                self.pool_index = Some(index);
            }
        }
    }

    /// Adds a party found in a round or an instrument, and indexes it.
    pub(super) fn add_party(&mut self, parties: &mut Vec<Party>, party: Party) -> PartyId {
        let index = PartyId::new(parties.len());
        self.party_index.entry(party.name.clone()).or_insert(index);
        if party.pool && self.pool_index.is_none() {
            self.pool_index = Some(index);
        }
        parties.push(party);
        index
    }

    /// Makes a series of its class for each SAFE or note converting with `series = "shadow"`
    /// (appended to `classes`, with the class's terms), and books the instrument's shares to it.
    /// The class is the instrument's `class`, or, when that is common, the class of its round's
    /// first investment with an amount.
    pub(super) fn shadow_series(
        &mut self,
        classes: &mut Vec<ShareClass>,
        rounds: &[Round<()>],
        parties: &[Party],
        instruments: &mut [Instrument<()>],
    ) {
        for (k, span) in std::mem::take(&mut self.shadow_spans) {
            let Some(instrument) = instruments.get_mut(k) else {
                continue;
            };
            let Some(round) = instrument.round.and_then(|r| rounds.get(r.index())) else {
                // Outstanding at the exits: it never converts, so forms no series.
                continue;
            };
            let class_name = if instrument.class == "common" {
                round
                    .investments
                    .iter()
                    .find(|i| !i.amount.is_zero())
                    .map_or("common", |i| i.class.as_str())
            } else {
                instrument.class.as_str()
            };
            let Some(of) = classes
                .iter()
                .position(|c| c.name == class_name && c.shadow.is_none())
                .map(ClassId::new)
            else {
                if !self.classes_unknown {
                    self.push(
                        Diagnostic::error(Code::BadValue, format!("a shadow series needs a preferred class, but the {} converts into common", if matches!(instrument.terms, InstrumentTerms::Note { .. }) { "note" } else { "SAFE" }))
                            .at(span, "a series of common")
                            .help(format!("a shadow series is a series of a preferred class whose original issue price is the conversion price: give the instrument a class = \"…\" with a [class.NAME] table, or invest in round {:?} in a preferred class; or remove series", round.name)),
                    );
                }
                continue;
            };
            let investor = parties[instrument.party].name.clone();
            let name = format!("{class_name}:shadow:{investor}");
            if classes.iter().any(|c| c.name == name) {
                self.push(
                    Diagnostic::error(Code::DuplicateName, format!("{investor:?} has two shadow series of `{class_name}`"))
                        .at(span, "a second shadow series of the same class")
                        .help("a shadow series is named by its class and investor: convert one of the instruments with series = \"round\", or into another class"),
                );
                continue;
            }
            let mut series = classes[of].clone();
            series.shadow = Some(Shadow {
                of,
                of_name: class_name.to_string(),
                investor,
                instrument: InstrumentId::new(k),
            });
            series.name.clone_from(&name);
            classes.push(series);
            instrument.class = name;
        }
    }
}
