//! `[[round.secondary]]`: sales of existing shares at a round's closing (secondaries and
//! tenders). Read with the round; names are resolved once every party is known (a SAFE's
//! investor may sell in a later round), and positions once every position is.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{Refused, Table, Validator, did_you_mean, keys, listed};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::expr::Expr;
use crate::scenario::id;
use crate::scenario::model::{
    Arrival, Basis, ClassId, Condition, HolderKind, IdVec, Party, PartyId, Position, PositionId,
    Round, RoundId, Secondary, SecondaryPrice, SecondaryQuantity, SellerCap, ShareClass,
};
use crate::scenario::tree::{Node, Value};

/// The word `sellers = "all-common"`.
pub const ALL_COMMON: &str = "all-common";

/// Who sells, as written.
#[derive(Clone, Debug)]
pub(super) enum Sellers {
    /// `seller = "…"`.
    One(String, Span),
    /// `sellers = [..]`.
    List(Vec<(String, Span)>),
    /// `sellers = "all-common"`.
    AllCommon,
}

/// A secondary as read, before its names are resolved.
#[derive(Clone, Debug)]
pub(super) struct Pending {
    /// Index among the `[[round]]` items (the round's index in the model when the file is
    /// valid).
    pub round: usize,
    pub sellers: Sellers,
    pub buyer: (String, Span),
    pub quantity: SecondaryQuantity,
    pub price: SecondaryPrice,
    pub when: Option<Expr>,
    pub when_text: Option<String>,
    pub class: Option<String>,
    pub cap: Option<SellerCap>,
    pub spans: SecondarySpans,
}

/// Where a secondary was written, for errors found while computing.
#[derive(Clone, Copy, Debug)]
pub struct SecondarySpans {
    /// The `[[round.secondary]]` header.
    pub table: Span,
    /// The quantity's value (`shares`, `stake` or `amount`).
    pub quantity: Span,
    /// `seller` or `sellers`.
    pub sellers: Span,
    /// `cap`, if given.
    pub cap: Option<Span>,
}

impl Validator<'_> {
    /// Reads a round's `[[round.secondary]]` list into `self.pending_secondaries`.
    pub(super) fn secondaries(
        &mut self,
        node: &Node,
        round: usize,
        basis: Basis,
        conditions: &[Condition],
        used_conditions: &mut [bool],
    ) {
        for (i, item) in self.array(node, "round.secondary").iter().enumerate() {
            let Some(mut table) = self.table(
                item,
                &keys::SECONDARY,
                format!("[[round.secondary]] #{}", i + 1),
            ) else {
                continue;
            };
            let header = table.span;
            let sellers = self.sellers(&mut table);
            let buyer = self.name_string(&mut table, "buyer");
            let quantity = self.quantity(&mut table, basis);
            let price = self.secondary_price(&mut table, basis);
            let (when, when_text) = match table.get("when") {
                Some(node) => {
                    let text = match &node.value {
                        Value::String(text) => Some(text.clone()),
                        _ => None,
                    };
                    let when = self.when(node, conditions);
                    if let Some(when) = &when {
                        when.for_each_condition(&mut |c| used_conditions[c] = true);
                    } else if let Some(text) = &text {
                        // As for a tranche: a `when` that cannot be read still uses the
                        // conditions it names (no "unused" warning on top of its error).
                        for (c, condition) in conditions.iter().enumerate() {
                            if text.contains(condition.name.as_str()) {
                                used_conditions[c] = true;
                            }
                        }
                    }
                    (when.map(Some).ok_or(Refused), text)
                }
                None => (Ok(None), None),
            };
            let class = match table.key_span("class") {
                Some(span) => {
                    let class = self.class_of(&mut table);
                    if basis == Basis::Stakes && class != "common" {
                        self.push(
                            Diagnostic::error(Code::NeedsShares, format!("converting the shares sold into `{class}` needs share counts"))
                                .at(span, "the holders are given as stakes")
                                .help("a preferred class's preference is its original issue price per share: give every [[holder]] a share count, or remove `class`"),
                        );
                    }
                    Some(class)
                }
                None => None,
            };
            let cap = self.seller_cap(&mut table, &sellers, basis);
            if let (Some((name, span)), Some((sellers, _))) = (&buyer, &sellers) {
                let same = match sellers {
                    Sellers::One(seller, seller_span) if seller == name => Some(*seller_span),
                    Sellers::List(list) => list.iter().find(|(s, _)| s == name).map(|(_, s)| *s),
                    _ => None,
                };
                if let Some(seller_span) = same {
                    self.push(
                        Diagnostic::error(Code::Secondary, format!("{name:?} both sells and buys in one secondary"))
                            .at(*span, "the buyer")
                            .also(seller_span, "also a seller")
                            .help("a secondary moves shares from its sellers to a different party: remove the buyer from the sellers, or name the party that buys"),
                    );
                }
            }
            let quantity_span = ["shares", "stake", "amount"]
                .iter()
                .find_map(|k| table.get(k).map(|n| n.span))
                .unwrap_or(header);
            let cap_span = table.get("cap").map(|n| n.span);
            self.finish(table);
            if let (
                Some((sellers, sellers_span)),
                Some(buyer),
                Some(quantity),
                Some(price),
                Ok(when),
                Ok(cap),
            ) = (sellers, buyer, quantity, price, when, cap)
            {
                self.pending_secondaries.push(Pending {
                    round,
                    sellers,
                    buyer,
                    quantity,
                    price,
                    when,
                    when_text,
                    class,
                    cap,
                    spans: SecondarySpans {
                        table: header,
                        quantity: quantity_span,
                        sellers: sellers_span,
                        cap: cap_span,
                    },
                });
            }
        }
    }

    /// `seller = "…"`, or a tender's `sellers = [..]` / `"all-common"`: exactly one.
    fn sellers(&mut self, table: &mut Table<'_>) -> Option<(Sellers, Span)> {
        let one = table.get("seller");
        let many = table.get("sellers");
        match (one, many) {
            (Some(node), None) => {
                let name = self.string(node, "seller")?;
                if name.trim().is_empty() {
                    self.push(
                        Diagnostic::error(Code::InvalidName, "`seller` is empty")
                            .at(node.span, "empty name")
                            .help("name the party that sells: seller = \"Founders\""),
                    );
                    return None;
                }
                Some((Sellers::One(name, node.span), node.span))
            }
            (None, Some(node)) => match &node.value {
                Value::String(word) if word == ALL_COMMON => Some((Sellers::AllCommon, node.span)),
                Value::Array(items) if !items.is_empty() => {
                    let mut names: Vec<(String, Span)> = Vec::new();
                    let mut ok = true;
                    for item in items {
                        match self.string(item, "sellers") {
                            Some(name) if !name.trim().is_empty() => {
                                if let Some((_, first)) = names.iter().find(|(n, _)| *n == name) {
                                    self.push(
                                        Diagnostic::error(
                                            Code::DuplicateName,
                                            format!("{name:?} is listed twice in `sellers`"),
                                        )
                                        .at(item.span, "second time")
                                        .also(*first, "first time")
                                        .help("list each seller once"),
                                    );
                                    ok = false;
                                }
                                names.push((name, item.span));
                            }
                            Some(_) => {
                                self.push(
                                    Diagnostic::error(Code::InvalidName, "a name in `sellers` is empty")
                                        .at(item.span, "empty name")
                                        .help("list the parties that sell: sellers = [\"Founder A\", \"Founder B\"]"),
                                );
                                ok = false;
                            }
                            None => ok = false,
                        }
                    }
                    ok.then_some((Sellers::List(names), node.span))
                }
                _ => {
                    self.push(
                        Diagnostic::error(Code::WrongType, "`sellers` must be a list of names or \"all-common\"")
                            .at(node.span, "expected [\"A\", \"B\"] or \"all-common\"")
                            .help("a tender: sellers = [\"Founder A\", \"Founder B\"] (each sells pro rata to its holding), or sellers = \"all-common\" (every holder of common); one seller: seller = \"…\""),
                    );
                    None
                }
            },
            (Some(node), Some(_)) => {
                self.push(
                    Diagnostic::error(Code::Secondary, format!("{} has both `seller` and `sellers`", table.what))
                        .at(node.span, "one of these")
                        .help("one seller: seller = \"…\"; a tender: sellers = [\"A\", \"B\"] or \"all-common\""),
                );
                None
            }
            (None, None) => {
                if !table.misspells(&["seller", "sellers"]) {
                    self.push(
                        Diagnostic::error(Code::MissingKey, format!("{} has no `seller`", table.what))
                            .at(table.span, "who sells?")
                            .help("add seller = \"Founders\", or for a tender sellers = [\"A\", \"B\"] or sellers = \"all-common\""),
                    );
                }
                None
            }
        }
    }

    /// Exactly one of `shares`, `stake` and `amount`.
    fn quantity(&mut self, table: &mut Table<'_>, basis: Basis) -> Option<SecondaryQuantity> {
        let given: Vec<(&str, &Node)> = ["shares", "stake", "amount"]
            .into_iter()
            .filter_map(|k| table.get(k).map(|n| (k, n)))
            .collect();
        match given.as_slice() {
            [] => {
                if !table.misspells(&["shares", "stake", "amount"]) {
                    self.push(
                        Diagnostic::error(Code::Secondary, format!("{} says nothing of how much is sold", table.what))
                            .at(table.span, "needs shares, stake or amount")
                            .help("add exactly one of shares = 1_000_000, stake = \"1%\" (of the company, fully diluted at the round's closing) or amount = \"6.6B\" (money, at the price)"),
                    );
                }
                None
            }
            [(key, node)] => match *key {
                "shares" => {
                    let shares = self.shares(node, key)?;
                    if basis == Basis::Stakes {
                        self.push(
                            Diagnostic::error(Code::NeedsShares, "a secondary of `shares` needs share counts")
                                .at(node.span, "the holders are given as stakes")
                                .help("in value terms sell a stake (stake = \"1%\") or an amount at a valuation (amount = \"6.6B\", valuation = \"500B\")"),
                        );
                        return None;
                    }
                    self.positive(node, key, shares)
                        .map(SecondaryQuantity::Shares)
                }
                "stake" => {
                    let stake = self.fraction(node, key)?;
                    self.positive(node, key, stake)
                        .map(SecondaryQuantity::Stake)
                }
                _ => self
                    .positive_money(node, key)
                    .map(SecondaryQuantity::Amount),
            },
            [(first_key, first), (second_key, second), ..] => {
                self.push(
                    Diagnostic::error(Code::Secondary, format!("{} gives two quantities: `{first_key}` and `{second_key}`", table.what))
                        .at(second.span, "second quantity")
                        .also(first.span, "first quantity")
                        .help("keep exactly one of shares, stake and amount: the others follow from it and the price"),
                );
                None
            }
        }
    }

    fn positive(&mut self, node: &Node, key: &str, value: Decimal) -> Option<Decimal> {
        if value.is_zero() {
            self.push(
                Diagnostic::error(Code::OutOfRange, format!("`{key}` must be more than zero"))
                    .at(node.span, "zero")
                    .help("a secondary sells something; remove the [[round.secondary]] if it sells nothing"),
            );
            return None;
        }
        Some(value)
    }

    /// Exactly one of `price_per_share` and `valuation`.
    fn secondary_price(&mut self, table: &mut Table<'_>, basis: Basis) -> Option<SecondaryPrice> {
        let price = table.get("price_per_share");
        let valuation = table.get("valuation");
        match (price, valuation) {
            (Some(node), None) => {
                let price = self.positive_money(node, "price_per_share")?;
                if basis == Basis::Stakes {
                    self.push(
                        Diagnostic::error(Code::NeedsShares, "a secondary's `price_per_share` needs share counts")
                            .at(node.span, "the holders are given as stakes")
                            .help("in value terms give the company value the price implies: valuation = \"500B\""),
                    );
                    return None;
                }
                Some(SecondaryPrice::PerShare(price))
            }
            (None, Some(node)) => self
                .positive_money(node, "valuation")
                .map(SecondaryPrice::Valuation),
            (Some(first), Some(second)) => {
                self.push(
                    Diagnostic::error(Code::Secondary, format!("{} is priced twice: `price_per_share` and `valuation`", table.what))
                        .at(second.span, "second price")
                        .also(first.span, "first price")
                        .help("keep one: price_per_share = \"210\", or valuation = \"500B\" (price = valuation ÷ fully diluted shares after the round)"),
                );
                None
            }
            (None, None) => {
                if !table.misspells(&["price_per_share", "valuation"]) {
                    self.push(
                        Diagnostic::error(Code::Secondary, format!("{} has no price", table.what))
                            .at(table.span, "needs price_per_share or valuation")
                            .help("add price_per_share = \"210\", or valuation = \"500B\" (the company value the price implies)"),
                    );
                }
                None
            }
        }
    }

    /// A tender's `cap`, if given: a share count per seller, or a percentage of each seller's
    /// holding.
    fn seller_cap(
        &mut self,
        table: &mut Table<'_>,
        sellers: &Option<(Sellers, Span)>,
        basis: Basis,
    ) -> Result<Option<SellerCap>, Refused> {
        let Some(node) = table.get("cap") else {
            return Ok(None);
        };
        if let Some((Sellers::One(..), _)) = sellers {
            self.push(
                Diagnostic::error(Code::Secondary, "`cap` is for tenders, not one seller")
                    .at(node.span, "one seller")
                    .help("a cap limits what each seller of a tender sells (sellers = [..] or \"all-common\"); with one seller, give the quantity it sells"),
            );
            return Err(Refused);
        }
        let percent = matches!(&node.value, Value::String(text) if text.trim_end().ends_with('%'));
        let cap = if percent {
            let fraction = self.fraction(node, "cap").ok_or(Refused)?;
            self.positive(node, "cap", fraction)
                .map(SellerCap::Fraction)
        } else {
            let shares = self.shares(node, "cap").ok_or(Refused)?;
            if basis == Basis::Stakes {
                self.push(
                    Diagnostic::error(Code::NeedsShares, "a `cap` in shares needs share counts")
                        .at(node.span, "the holders are given as stakes")
                        .help("in value terms cap each seller at a percentage of its holding: cap = \"20%\""),
                );
                return Err(Refused);
            }
            self.positive(node, "cap", shares).map(SellerCap::Shares)
        };
        cap.map(Some).ok_or(Refused)
    }

    /// Resolves the names of every secondary read into `rounds` (a buyer not met before joins
    /// the parties in the round of its purchase), and returns where each was written.
    pub(super) fn resolve_secondaries(
        &mut self,
        rounds: &mut [Round<()>],
        parties: &mut Vec<Party>,
    ) -> Vec<Vec<SecondarySpans>> {
        let mut spans = vec![Vec::new(); rounds.len()];
        for pending in std::mem::take(&mut self.pending_secondaries) {
            let r = pending.round;
            if r >= rounds.len() {
                continue;
            }
            let round_name = rounds[r].name.clone();
            let at = RoundId::new(r);
            let mut sellers = Vec::new();
            let mut ok = true;
            let named: Vec<(String, Span)> = match &pending.sellers {
                Sellers::One(name, span) => vec![(name.clone(), *span)],
                Sellers::List(list) => list.clone(),
                Sellers::AllCommon => Vec::new(),
            };
            for (name, span) in named {
                match self.party_index.get(&name).copied() {
                    Some(p) if parties[p].pool => {
                        self.push(
                            Diagnostic::error(Code::Secondary, format!("{name:?} is the unallocated option pool, which cannot sell"))
                                .at(span, "the pool")
                                .help("the pool's shares are reserved, not owned: name a holder that sells"),
                        );
                        ok = false;
                    }
                    Some(p) if parties[p].is_option() => {
                        self.push(
                            Diagnostic::error(Code::Secondary, format!("{name:?} holds {}s, which cannot be sold in a secondary", parties[p].kind.as_str()))
                                .at(span, "holds no issued shares")
                                .help("options and warrants are not outstanding shares: exercise them first (model the exercised shares as a holder with shares), or name a holder of shares"),
                        );
                        ok = false;
                    }
                    Some(p) if parties[p].arrival.by(at) => sellers.push(p),
                    Some(_) => {
                        self.push(
                            Diagnostic::error(Code::UnknownName, format!("{name:?} holds nothing by round {round_name:?}, so it cannot sell in it"))
                                .at(span, "holds no shares yet")
                                .help("a seller must hold shares before the round, or be issued them in it: name a holder, or move the sale to a later round"),
                        );
                        ok = false;
                    }
                    None => {
                        let names: Vec<&str> = parties
                            .iter()
                            .filter(|p| !p.pool && p.arrival.by(at))
                            .map(|p| p.name.as_str())
                            .collect();
                        let list = format!("holders by then: {}", listed(&names));
                        let help = match did_you_mean(&name, names.iter().copied()) {
                            Some(s) => format!("did you mean {s:?}? {list}"),
                            None => list,
                        };
                        self.push(
                            Diagnostic::error(
                                Code::UnknownName,
                                format!("seller {name:?} is no holder or investor"),
                            )
                            .at(span, "nobody by this name holds shares")
                            .help(help),
                        );
                        ok = false;
                    }
                }
            }
            let (buyer_name, buyer_span) = pending.buyer;
            let buyer = match self.party_index.get(&buyer_name).copied() {
                Some(p) if parties[p].is_option() => {
                    self.push(
                        Diagnostic::error(
                            Code::Secondary,
                            format!(
                                "{buyer_name:?} holds {}s, so it cannot also buy shares under that name",
                                parties[p].kind.as_str()
                            ),
                        )
                        .at(buyer_span, "an option or warrant holder")
                        .help("name the buyer differently from its options (e.g. \"Jane Doe (shares)\")"),
                    );
                    ok = false;
                    p
                }
                Some(p) if parties[p].pool => {
                    self.push(
                        Diagnostic::error(
                            Code::Secondary,
                            format!(
                                "{buyer_name:?} is the unallocated option pool, which cannot buy"
                            ),
                        )
                        .at(buyer_span, "the pool")
                        .help("name the party that buys"),
                    );
                    ok = false;
                    p
                }
                Some(p) => {
                    // It holds from the earlier of its first stake and this purchase.
                    parties[p].arrival = parties[p].arrival.min(Arrival::Round(at));
                    p
                }
                None => self.add_party(
                    parties,
                    Party::newcomer(
                        buyer_name,
                        pending.class.clone().unwrap_or_else(|| "common".into()),
                        Arrival::Round(at),
                        HolderKind::Shares,
                    ),
                ),
            };
            if !ok {
                continue;
            }
            let tender = !matches!(pending.sellers, Sellers::One(..));
            let common_only = matches!(pending.sellers, Sellers::AllCommon);
            spans[r].push(pending.spans);
            rounds[r].secondaries.push(Secondary {
                sellers,
                tender,
                common_only,
                buyer,
                quantity: pending.quantity,
                price: pending.price,
                when: pending.when,
                when_text: pending.when_text,
                class: pending.class,
                cap: pending.cap,
                buyer_positions: Vec::new(),
                seller_positions: Vec::new(),
            });
        }
        spans
    }

    /// After the positions: reports each `sellers = "all-common"` that finds no holder of
    /// common.
    pub(super) fn check_all_common(&mut self, rounds: &[Round], spans: &[Vec<SecondarySpans>]) {
        for (r, round) in rounds.iter().enumerate() {
            for (s, secondary) in round.secondaries.iter().enumerate() {
                if secondary.common_only
                    && secondary.sellers.is_empty()
                    && let Some(at) = spans.get(r).and_then(|v| v.get(s))
                {
                    self.push(
                        Diagnostic::error(Code::Secondary, format!("`sellers = \"all-common\"` in round {:?} finds no holder of common", round.name))
                            .at(at.sellers, "nobody holds common by then")
                            .help("every holder is in a preferred class (or is the buyer or the pool): name the sellers, sellers = [\"A\", \"B\"]"),
                    );
                }
            }
        }
    }
}

/// Books each secondary's positions, round by round after the rounds' own: the sellers' (an
/// `"all-common"` tender's sellers are found here: every party but the pool and the buyer that
/// holds common by then) and the buyer's, one per class sold (or the one of `class`).
pub(super) fn secondary_positions(
    classes: &[ShareClass],
    parties: &[Party],
    rounds: &mut [Round],
    positions: &mut Vec<Position>,
    index: &mut HashMap<(PartyId, Option<ClassId>), PositionId>,
) {
    let class_index = |name: &str| {
        classes
            .iter()
            .position(|c| c.name == name)
            .map(ClassId::new)
    };
    // Each party's positions, in booking order.
    let mut by_party: IdVec<PartyId, Vec<PositionId>> = vec![Vec::new(); parties.len()].into();
    for (i, p) in id::enumerate::<PositionId, _>(positions) {
        if let Some(list) = by_party.get_mut(p.party) {
            list.push(i);
        }
    }
    for (r, round) in id::enumerate_mut::<RoundId, _>(rounds) {
        for secondary in &mut round.secondaries {
            if secondary.common_only {
                let buyer = secondary.buyer;
                let mut holders: Vec<PartyId> = positions
                    .iter()
                    .filter(|p| {
                        p.class.is_none()
                            && p.party != buyer
                            && parties.get(p.party.index()).is_some_and(|party| {
                                !party.pool && !party.is_option() && party.arrival.by(r)
                            })
                    })
                    .map(|p| p.party)
                    .collect();
                holders.sort_unstable();
                holders.dedup();
                secondary.sellers = holders;
            }
            // Each seller's positions: common first, then the others in booking order.
            secondary.seller_positions = secondary
                .sellers
                .iter()
                .map(|&seller| {
                    let mut own: Vec<PositionId> = by_party
                        .get(seller)
                        .map(|list| {
                            list.iter()
                                .copied()
                                .filter(|&i| !secondary.common_only || positions[i].class.is_none())
                                .collect()
                        })
                        .unwrap_or_default();
                    own.sort_by_key(|&i| (positions[i].class.is_some(), i));
                    own
                })
                .collect();
            let target = secondary.class.as_deref().map(|name| {
                if name == "common" {
                    None
                } else {
                    class_index(name)
                }
            });
            let mut buyer_positions = vec![None; classes.len() + 1];
            let sold: Vec<Option<ClassId>> = secondary
                .seller_positions
                .iter()
                .flatten()
                .map(|&p| positions[p].class)
                .collect();
            for class in sold {
                let to = target.unwrap_or(class);
                let slot = Secondary::slot(class);
                let position = *index.entry((secondary.buyer, to)).or_insert_with(|| {
                    positions.push(Position {
                        party: secondary.buyer,
                        class: to,
                    });
                    if let Some(list) = by_party.get_mut(secondary.buyer) {
                        list.push(PositionId::new(positions.len() - 1));
                    }
                    PositionId::new(positions.len() - 1)
                });
                if let Some(b) = buyer_positions.get_mut(slot) {
                    *b = Some(position);
                }
            }
            secondary.buyer_positions = buyer_positions;
        }
    }
}
