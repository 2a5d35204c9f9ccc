//! `[[round]]` with its `[[round.investment]]` (and tranches), `[[round.grant]]` and pool
//! change: each round's terms, parties added as they first invest.
//!
//! Needs, passed in: the holders' basis and parties (investors are looked up and added), and
//! the conditions (a tranche's `when` names them; `used_conditions` records which are used).
//! Needs the classes read first (`class_of`). Each round is read without positions
//! (`Round<()>`) and without its conversions: `build` adds both once every section is read.

use super::{Refused, Table, Validator, did_you_mean};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::format::grouped;
use crate::scenario::keys;
use crate::scenario::model::{
    Arrival, Basis, Condition, ConversionMethod, Grant, HolderKind, Investment, Party, PartyId,
    PoolChange, PoolTiming, Round, RoundId, Sizing, Terms, Tranche,
};
use crate::scenario::tree::{Node, Value};
use rust_decimal::Decimal;
use std::collections::HashMap;

fn target_node<'a>(table: &mut Table<'a>) -> Option<&'a Node> {
    table.get("pool_target")
}

/// How many tranches are written, if `tranche` is a list.
fn tranche_node_count(node: &Node) -> Option<usize> {
    match &node.value {
        Value::Array(items) => Some(items.len()),
        _ => None,
    }
}

impl Validator<'_> {
    /// The party that invests as `name` (written at `span`): a holder of that name (an error if
    /// it holds options or warrants), or a new holder of shares of `class` arriving so.
    pub(super) fn investing_party(
        &mut self,
        parties: &mut Vec<Party>,
        (name, span): (String, Span),
        class: &str,
        arrival: Arrival,
    ) -> PartyId {
        if let Some(&index) = self.party_index.get(&name) {
            self.option_holder_invests(&parties[index], span);
            return index;
        }
        let party = Party::newcomer(name, class.to_string(), arrival, HolderKind::Shares);
        self.add_party(parties, party)
    }

    pub(super) fn rounds(
        &mut self,
        node: &Node,
        basis: Basis,
        parties: &mut Vec<Party>,
        conditions: &[Condition],
        used_conditions: &mut [bool],
    ) -> Vec<Round<()>> {
        let mut rounds = Vec::new();
        let mut names: HashMap<String, Span> = HashMap::new();
        if !matches!(node.value, Value::Array(_)) {
            self.rounds_unknown = true;
        }
        for (index, item) in self.array(node, "round").iter().enumerate() {
            let Some(mut table) =
                self.table(item, &keys::ROUND, format!("[[round]] #{}", index + 1))
            else {
                self.rounds_unknown = true;
                continue;
            };
            let name = match table.get("name") {
                Some(node) => self.string(node, "name").map(|n| (n, node.span)),
                None => Some((format!("Round {}", index + 1), table.span)),
            };
            match &name {
                Some((name, _)) => self.round_names.push(name.clone()),
                None => self.rounds_unknown = true,
            }
            if let Some((name, span)) = &name {
                if let Some(first) = names.get(name.as_str()) {
                    self.push(
                        Diagnostic::error(
                            Code::DuplicateName,
                            format!("two rounds are named {name:?}"),
                        )
                        .at(*span, "second round with this name")
                        .also(*first, "first declared here")
                        .help("round names are unique; rename one"),
                    );
                }
                names.entry(name.clone()).or_insert(*span);
            }
            let date_node = table.get("date");
            let date = date_node.and_then(|node| self.date(node, "date"));
            let date_unread = date_node.is_some() && date.is_none();
            let pool = self.pool_change(&mut table, basis);
            let pool_timing = self.choice_or(
                table.get("pool_timing"),
                "pool_timing",
                &[("pre-money", PoolTiming::PreMoney), ("post-money", PoolTiming::PostMoney)],
                "pre-money puts the top-up in the pre-money count, so only earlier holders are diluted by it; post-money dilutes the new investors too",
                PoolTiming::PreMoney,
            );
            let conversion_method = self.choice_or(
                table.get("conversion_method"),
                "conversion_method",
                &[
                    ("percentage-ownership", ConversionMethod::PercentageOwnership),
                    ("pre-money", ConversionMethod::PreMoney),
                    ("dollars-invested", ConversionMethod::DollarsInvested),
                ],
                "how converting notes and pre-money SAFEs enter the price (see docs/scenario-format.md)",
                ConversionMethod::PercentageOwnership,
            );
            let pool_party = if matches!(pool, Ok(Some(_))) {
                Some(match self.pool_index {
                    Some(index) => index,
                    None => self.add_party(
                        parties,
                        Party {
                            pool: true,
                            ..Party::newcomer(
                                "Option pool".into(),
                                "common".into(),
                                Arrival::Round(RoundId::new(index)),
                                HolderKind::Shares,
                            )
                        },
                    ),
                })
            } else {
                None
            };
            let pre = table.get("pre_money");
            let post = table.get("post_money");
            let price = table.get("price_per_share");
            let valuation = table.get("valuation");
            let given: Vec<(&str, &Node)> = [
                ("pre_money", pre),
                ("post_money", post),
                ("price_per_share", price),
                ("valuation", valuation),
            ]
            .into_iter()
            .filter_map(|(k, n)| n.map(|n| (k, n)))
            .collect();
            let terms_span = given.first().map(|(_, n)| n.span);
            if let (Some(basis_node), None) = (table.get("basis"), valuation) {
                self.push(
                    Diagnostic::error(Code::RoundTerms, format!("{} has `basis` but no `valuation`", table.what))
                        .at(basis_node.span, "basis of which valuation?")
                        .help("`basis` says how to read `valuation`: write valuation = \"830B\" with basis = \"pre-money\", \"post-money\" or \"unknown\", or remove `basis`"),
                );
            }
            let terms = match given.as_slice() {
                [] if table.misspells(&["pre_money", "post_money", "price_per_share"]) => None,
                [] => {
                    self.push(
                        Diagnostic::error(Code::RoundTerms, format!("{} has no price", table.what))
                            .at(table.span, "this round needs pre_money, post_money or price_per_share")
                            .help("add exactly one of pre_money = \"730B\", post_money = \"840B\" or price_per_share = \"12.50\""),
                    );
                    None
                }
                [(key, node)] => match *key {
                    "pre_money" => self.positive_money(node, key).map(Terms::PreMoney),
                    "post_money" => self.positive_money(node, key).map(Terms::PostMoney),
                    "valuation" => {
                        let amount = self.positive_money(node, key);
                        let reading =
                            self.valuation_basis(table.get("basis"), node.span, &table.what);
                        match (amount, reading) {
                            (Some(amount), Some(true)) => Some(Terms::PreMoney(amount)),
                            (Some(amount), Some(false)) => Some(Terms::PostMoney(amount)),
                            _ => None,
                        }
                    }
                    _ => {
                        let price = self.positive_money(node, key).map(Terms::PricePerShare);
                        if basis == Basis::Stakes {
                            self.push(
                                Diagnostic::error(Code::NeedsShares, "`price_per_share` needs share counts")
                                    .at(node.span, "the holders are given as stakes")
                                    .help("give every [[holder]] a share count (shares = …), or price the round with pre_money or post_money"),
                            );
                            None
                        } else {
                            price
                        }
                    }
                },
                [(first_key, first), (second_key, second), ..] => {
                    self.push(
                        Diagnostic::error(
                            Code::RoundTerms,
                            format!(
                                "{} is priced twice: `{first_key}` and `{second_key}`",
                                table.what
                            ),
                        )
                        .at(second.span, "second price")
                        .also(first.span, "first price")
                        .help("keep exactly one of pre_money, post_money and price_per_share"),
                    );
                    None
                }
            };

            let investments = match table.get("investment") {
                Some(node) => {
                    self.investments(node, index, basis, parties, conditions, used_conditions)
                }
                // A round of secondary sales only: no new money, the company marked at its
                // terms while stakes change hands (an employee tender between rounds).
                None if table.get("secondary").is_some() => Vec::new(),
                None => {
                    // An error unless a SAFE or note converts here: known once they are read.
                    self.empty_rounds.push((
                        name.as_ref().map(|(n, _)| n.clone()),
                        Diagnostic::error(Code::EmptyRound, format!("{} has no investments and nothing converts in it", table.what))
                            .at(table.span, "no [[round.investment]] in this round")
                            .help("add one:\n[[round.investment]]\ninvestor = \"Lead investor\"\namount = \"10M\""),
                    ));
                    Vec::new()
                }
            };

            if let (Some(Terms::PostMoney(post)), Some(span)) = (terms, terms_span) {
                // Pro-rata money is not known yet: the engine checks the rest.
                let raised = investments
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, i| sum.checked_add(i.amount));
                if let Some(raised) = raised
                    && post <= raised
                {
                    self.push(
                        Diagnostic::error(
                            Code::PostMoneyTooLow,
                            format!("post-money {} is not above the round's money {}", grouped(post), grouped(raised)),
                        )
                        .at(span, "post-money too low")
                        .help("post-money = pre-money + every tranche of the round, so it must exceed the money raised; did you mean pre_money?"),
                    );
                }
            }

            let grants = match table.get("grant") {
                Some(node) => self.grants(node, index, basis, parties),
                None => Vec::new(),
            };
            let grant_pool = pool_party.or(self.pool_index);
            if let (Some(first), None) = (grants.first(), grant_pool) {
                self.push(
                    Diagnostic::error(Code::PoolTooSmall, format!("{} grants options from the pool, but there is no pool", table.what))
                        .at(first.1, "granted from which pool?")
                        .help("add the option pool as a holder with pool = true (or top it up in this round with pool_target or pool_increase)"),
                );
            }
            let grants = grants.into_iter().map(|(grant, _)| grant).collect();
            if let Some(node) = table.get("secondary") {
                self.secondaries(node, index, basis, conditions, used_conditions);
            }
            let header = table.span;
            self.finish(table);
            if let (
                Some((name, _)),
                Some(terms),
                Ok(pool),
                Some(pool_timing),
                Some(conversion_method),
            ) = (name.clone(), terms, pool, pool_timing, conversion_method)
            {
                self.round_spans.push(header);
                self.round_date_unread.push(date_unread);
                rounds.push(Round {
                    name,
                    date,
                    terms,
                    investments,
                    pool,
                    pool_timing,
                    pool_party: pool_party.map(|party| (party, ())),
                    conversion_method,
                    conversions: Vec::new(),
                    grants,
                    grant_pool: grant_pool.map(|party| (party, ())),
                    secondaries: Vec::new(),
                });
            } else if let Some((name, _)) = name {
                // Its error is reported; what names it is not also reported as dangling.
                self.unread_rounds.insert(name);
            }
        }
        rounds
    }

    /// The `[[round.grant]]` items of round `round`: each grantee (an option or warrant holder,
    /// created if new) with the shares it is granted, and where the grant is written.
    pub(super) fn grants(
        &mut self,
        node: &Node,
        round: usize,
        basis: Basis,
        parties: &mut Vec<Party>,
    ) -> Vec<(Grant<()>, Span)> {
        let mut grants = Vec::new();
        for (i, item) in self.array(node, "round.grant").iter().enumerate() {
            let Some(mut table) =
                self.table(item, &keys::GRANT, format!("[[round.grant]] #{}", i + 1))
            else {
                continue;
            };
            let holder = self.name_string(&mut table, "holder");
            let shares = match table.get("shares") {
                Some(node) => self.shares(node, "shares").map(|v| (v, node.span)),
                None => {
                    self.missing(&table, "shares", "500_000");
                    None
                }
            };
            let price_node = table.get("exercise_price");
            let price = price_node.and_then(|node| self.money(node, "exercise_price"));
            let kind_node = table.get("kind");
            let warrant = self.choice_or(
                kind_node,
                "kind",
                &[("option", false), ("warrant", true)],
                "a grant is of options (the default) or warrants",
                false,
            );
            if basis == Basis::Stakes {
                self.push(
                    Diagnostic::error(Code::NeedsShares, "a grant from the pool needs share counts")
                        .at(table.span, "the holders are given as stakes")
                        .help("give every [[holder]] a share count (shares = …): options are granted in shares"),
                );
                self.finish(table);
                continue;
            }
            let span = table.span;
            self.finish(table);
            let (Some((name, name_span)), Some((shares, _)), Some(warrant)) =
                (holder, shares, warrant)
            else {
                continue;
            };
            let party = match self.party_index.get(&name) {
                Some(&index) => {
                    let party = &parties[index];
                    match party.kind.strike() {
                        None => {
                            self.push(
                                Diagnostic::error(Code::DuplicateName, format!("{name:?} holds shares: a grant from the pool is of options"))
                                    .at(name_span, "not an option or warrant holder")
                                    .help("grant to a new name (it becomes an option holder), or to a [[holder]] with kind = \"option\""),
                            );
                            continue;
                        }
                        Some(strike) => {
                            if let (Some(price), Some(node)) = (price, price_node)
                                && price != strike
                            {
                                self.push(
                                    Diagnostic::error(Code::BadValue, format!("the grant to {name:?} is at {}, but its options are struck at {}", grouped(price), grouped(strike)))
                                        .at(node.span, "a different strike")
                                        .help("one holder has one strike: grant at a different price to a new name (\"2026 grants at $1.25\")"),
                                );
                                continue;
                            }
                        }
                    }
                    index
                }
                None => {
                    let Some(price) = price else {
                        if price_node.is_none() {
                            self.push(
                                Diagnostic::error(Code::MissingKey, format!("[[round.grant]] #{} to a new holder has no `exercise_price`", i + 1))
                                    .at(span, "the options need a strike")
                                    .help("add exercise_price = \"1.25\" (money per share the holder pays to exercise)"),
                            );
                        }
                        continue;
                    };
                    self.add_party(
                        parties,
                        Party::newcomer(
                            name,
                            "common".into(),
                            Arrival::Round(RoundId::new(round)),
                            if warrant {
                                HolderKind::Warrant(price)
                            } else {
                                HolderKind::Option(price)
                            },
                        ),
                    )
                }
            };
            grants.push((
                Grant {
                    party,
                    shares,
                    position: (),
                },
                name_span,
            ));
        }
        grants
    }

    pub(super) fn investments(
        &mut self,
        node: &Node,
        round: usize,
        basis: Basis,
        parties: &mut Vec<Party>,
        conditions: &[Condition],
        used_conditions: &mut [bool],
    ) -> Vec<Investment<()>> {
        let mut investments = Vec::new();
        let mut unclassed_pro_rata = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        let items = self.array(node, "round.investment");
        for (i, item) in items.iter().enumerate() {
            let Some(mut table) = self.table(
                item,
                &keys::INVESTMENT,
                format!("[[round.investment]] #{}", i + 1),
            ) else {
                continue;
            };
            let investor = self.name_string(&mut table, "investor");
            if let Some((name, span)) = &investor {
                table.what = format!("the investment by {name:?}");
                if let Some(first) = seen.get(name.as_str()) {
                    self.push(
                        Diagnostic::error(Code::DuplicateName, format!("{name:?} invests twice in one round"))
                            .at(*span, "second investment")
                            .also(*first, "first investment")
                            .help("merge them into one investment, with tranches if the money arrives in parts"),
                    );
                }
                seen.entry(name.clone()).or_insert(*span);
            }
            let pro_rata = match table.get("pro_rata") {
                Some(node) => self.boolean(node, "pro_rata").unwrap_or(false),
                None => false,
            };
            let amount_node = table.get("amount");
            // The amount given; `Ok(None)` for pro-rata, which the engine sizes.
            let amount = match (amount_node, pro_rata) {
                (Some(node), false) => self.money(node, "amount").map(Some).ok_or(Refused),
                (None, false) => {
                    self.missing(&table, "amount", "\"50B\"` or `pro_rata = true");
                    Err(Refused)
                }
                (Some(node), true) => {
                    self.push(
                        Diagnostic::error(Code::RoundTerms, format!("{} has both `amount` and `pro_rata = true`", table.what))
                            .at(node.span, "remove this, or pro_rata")
                            .help("a pro-rata investment is sized by the engine to keep the investor's ownership; give either an amount or pro_rata = true"),
                    );
                    Err(Refused)
                }
                (None, true) => {
                    if basis == Basis::Stakes {
                        let span = table.key_span("pro_rata").unwrap_or(table.span);
                        self.push(
                            Diagnostic::error(Code::NeedsShares, "`pro_rata` needs share counts")
                                .at(span, "the holders are given as stakes")
                                .help("give every [[holder]] a share count, or give this investment an amount"),
                        );
                        Err(Refused)
                    } else {
                        Ok(None)
                    }
                }
            };
            if pro_rata && let Some(node) = table.get("tranche") {
                let span = table.key_span("tranche").unwrap_or(node.span);
                self.push(
                    Diagnostic::error(
                        Code::RoundTerms,
                        "a pro-rata investment cannot have tranches",
                    )
                    .at(span, "tranches need amounts")
                    .help("give the investment an amount to split it into tranches"),
                );
            }
            let class_given = table.key_span("class").is_some();
            let class = self.class_of(&mut table);
            let tranches = match table.get("tranche") {
                Some(node) if !pro_rata => self.tranches(node, conditions, used_conditions),
                _ => match amount {
                    Ok(Some(amount)) => vec![Tranche {
                        name: "at closing".into(),
                        amount,
                        when: None,
                    }],
                    _ => Vec::new(),
                },
            };
            if let (Ok(Some(amount)), Some(amount_node), Some(tranche_node)) =
                (amount, amount_node, table.get("tranche"))
            {
                let sum = tranches
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, t| sum.checked_add(t.amount));
                let all_read = tranche_node_count(tranche_node) == Some(tranches.len());
                if all_read && sum != Some(amount) {
                    let sum_text = sum.map_or_else(|| "more than can be held".into(), grouped);
                    let mut diagnostic = Diagnostic::error(
                        Code::TranchesSum,
                        format!(
                            "the tranches of {} sum to {sum_text}, not its amount {}",
                            table.what,
                            grouped(amount)
                        ),
                    )
                    .at(amount_node.span, format!("amount is {}", grouped(amount)));
                    if let Value::Array(items) = &tranche_node.value {
                        for item in items {
                            if let Some(node) = item.get("amount") {
                                diagnostic = diagnostic.also(node.span, "");
                            }
                        }
                    }
                    if let Some(sum) = sum {
                        let gap = amount - sum;
                        diagnostic = diagnostic.help(format!(
                            "the tranches must add up to the investment exactly; they are {} {}",
                            grouped(gap.abs()),
                            if gap.is_sign_positive() {
                                "short"
                            } else {
                                "over"
                            }
                        ));
                    }
                    self.push(diagnostic);
                }
            }
            self.finish(table);

            let (Some((name, name_span)), Ok(amount)) = (investor, amount) else {
                continue;
            };
            let arrival = Arrival::Round(RoundId::new(round));
            let party = self.investing_party(parties, (name, name_span), &class, arrival);
            let (sizing, amount) = match amount {
                Some(amount) => (Sizing::Fixed, amount),
                None => {
                    self.pro_rata_at.push((round, party, name_span));
                    // No money given: the engine sizes it (see `Investment::amount`).
                    (Sizing::ProRata, Decimal::ZERO)
                }
            };
            investments.push(Investment {
                party,
                sizing,
                amount,
                class,
                position: (),
                tranches,
            });
            if pro_rata && !class_given {
                unclassed_pro_rata.push(investments.len() - 1);
            }
        }
        // Pro-rata shares are bought in the round's class: a pro-rata investment without its
        // own `class` takes that of the round's first investment with an amount.
        if let Some(lead) = investments.iter().find(|i| i.sizing == Sizing::Fixed) {
            let class = lead.class.clone();
            for &i in &unclassed_pro_rata {
                investments[i].class.clone_from(&class);
            }
        }
        if items.is_empty() {
            self.push(
                Diagnostic::error(Code::EmptyRound, "the round's investment list is empty")
                    .at(node.span, "no investments")
                    .help("add at least one [[round.investment]]"),
            );
        }
        investments
    }

    pub(super) fn tranches(
        &mut self,
        node: &Node,
        conditions: &[Condition],
        used_conditions: &mut [bool],
    ) -> Vec<Tranche> {
        let mut tranches = Vec::new();
        for (i, item) in self
            .array(node, "round.investment.tranche")
            .iter()
            .enumerate()
        {
            let Some(mut table) = self.table(
                item,
                &keys::TRANCHE,
                format!("[[round.investment.tranche]] #{}", i + 1),
            ) else {
                continue;
            };
            let name = table
                .get("name")
                .and_then(|node| self.string(node, "name"))
                .unwrap_or_else(|| format!("tranche {}", i + 1));
            let amount = match table.get("amount") {
                Some(node) => self.money(node, "amount"),
                None => {
                    self.missing(&table, "amount", "\"15B\"");
                    None
                }
            };
            let when = match table.get("when") {
                Some(node) => {
                    let when = self.when(node, conditions);
                    if when.is_none()
                        && let Value::String(text) = &node.value
                    {
                        // A `when` that cannot be read still uses the conditions it names: no
                        // "unused condition" warning on top of the real error. Only as many
                        // words as an expression may hold: a huge one costs no more.
                        for word in text
                            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                            .filter(|word| !word.is_empty())
                            .take(crate::scenario::expr::MAX_TOKENS)
                        {
                            let meant =
                                conditions.iter().position(|c| c.name == word).or_else(|| {
                                    let suggestion = did_you_mean(
                                        word,
                                        conditions.iter().map(|c| c.name.as_str()),
                                    )?;
                                    conditions.iter().position(|c| c.name == suggestion)
                                });
                            if let Some(i) = meant {
                                used_conditions[i] = true;
                            }
                        }
                    }
                    when.map(Some).ok_or(Refused)
                }
                None => Ok(None),
            };
            self.finish(table);
            if let (Some(amount), Ok(when)) = (amount, when) {
                if let Some(when) = &when {
                    when.for_each_condition(&mut |c| used_conditions[c] = true);
                }
                tranches.push(Tranche { name, amount, when });
            }
        }
        tranches
    }

    /// `pool_target` or `pool_increase`, if either is given.
    fn pool_change(
        &mut self,
        table: &mut Table<'_>,
        basis: Basis,
    ) -> Result<Option<PoolChange>, Refused> {
        let target = table.get("pool_target");
        let increase = table.get("pool_increase");
        let change = match (target, increase) {
            (None, None) => return Ok(None),
            (Some(target), None) => {
                PoolChange::Target(self.fraction(target, "pool_target").ok_or(Refused)?)
            }
            (None, Some(increase)) => {
                PoolChange::Increase(self.shares(increase, "pool_increase").ok_or(Refused)?)
            }
            (Some(target), Some(increase)) => {
                self.push(
                    Diagnostic::error(Code::RoundTerms, format!("{} has both `pool_target` and `pool_increase`", table.what))
                        .at(increase.span, "second pool change")
                        .also(target.span, "first pool change")
                        .help("give the pool either a target fraction of the post-money count or a number of new shares"),
                );
                return Err(Refused);
            }
        };
        if basis == Basis::Stakes {
            let node = target.or(increase).ok_or(Refused)?;
            self.push(
                Diagnostic::error(Code::NeedsShares, "an option-pool top-up needs share counts")
                    .at(node.span, "the holders are given as stakes")
                    .help("give every [[holder]] a share count (shares = …), with the pool as a holder with pool = true"),
            );
            return Err(Refused);
        }
        if let PoolChange::Target(target) = change
            && target >= Decimal::ONE
        {
            let node = target_node(table).ok_or(Refused)?;
            self.push(
                Diagnostic::error(Code::OutOfRange, "`pool_target` must be below 100%")
                    .at(node.span, "the pool cannot be the whole company")
                    .help("a pool target is a fraction of the post-money fully diluted count, such as \"10%\""),
            );
            return Err(Refused);
        }
        Ok(Some(change))
    }
}

#[cfg(test)]
#[path = "rounds_tests.rs"]
mod tests;
