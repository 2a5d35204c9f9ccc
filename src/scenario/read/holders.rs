//! `[[holder]]`: the cap table before the first round, with each holder's kind (shares,
//! option, warrant), class and basis (share counts or stakes).
//!
//! Needs the classes read first (`class_of` checks a holder's `class` against them) and the
//! `[rounding]` passed in (a warrant written as `coverage` rounds its share count by it).
//! Returns the basis every later section depends on (anti-dilution, SAFEs, notes and
//! secondaries need share counts).

use super::{Table, Validator, a_or_an, did_you_mean, percent};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::format::grouped;
use crate::scenario::keys;
use crate::scenario::model::{Arrival, Basis, HolderKind, Party, Rounding};
use crate::scenario::tree::Node;
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Validator<'_> {
    pub(super) fn holders(&mut self, node: &Node, rounding: Rounding) -> (Basis, Vec<Party>) {
        struct Read {
            name: String,
            name_span: Span,
            amount: Option<(Decimal, Basis, Span)>,
            class: String,
            pool: bool,
            invested: Decimal,
            kind: HolderKind,
            /// `from_pool = true`, and where.
            from_pool: Option<Span>,
        }
        let mut read: Vec<Read> = Vec::new();
        for (i, item) in self.array(node, "holder").iter().enumerate() {
            let Some(mut table) = self.table(item, &keys::HOLDER, format!("[[holder]] #{}", i + 1))
            else {
                continue;
            };
            let name = self.name_string(&mut table, "name");
            let kind = self.holder_kind(&mut table);
            let stake = table.get("stake");
            let shares = table.get("shares");
            let coverage = table.get("coverage");
            let amount = match (stake, shares, coverage) {
                (Some(stake), None, None) => self
                    .fraction(stake, "stake")
                    .map(|v| (v, Basis::Stakes, stake.span)),
                (None, Some(shares), None) => self
                    .shares(shares, "shares")
                    .map(|v| (v, Basis::Shares, shares.span)),
                (None, None, Some(coverage)) => self
                    .coverage(&mut table, coverage, kind, rounding)
                    .map(|v| (v, Basis::Shares, coverage.span)),
                (Some(stake), Some(_), _) => {
                    self.push(
                        Diagnostic::error(
                            Code::MixedBasis,
                            format!("{} has both `stake` and `shares`", table.what),
                        )
                        .at(stake.span, "one of these")
                        .help(
                            "give each holder either a stake (\"27%\") or a share count, not both",
                        ),
                    );
                    None
                }
                (first, second, Some(coverage)) => {
                    let other = first.or(second).map_or(coverage.span, |n| n.span);
                    self.push(
                        Diagnostic::error(
                            Code::MixedBasis,
                            format!("{} has both `coverage` and a share count or stake", table.what),
                        )
                        .at(coverage.span, "coverage gives the share count")
                        .also(other, "and so does this")
                        .help("a warrant gives either `shares = …` or `coverage` with `amount` and `exercise_price`, not both"),
                    );
                    None
                }
                (None, None, None) => {
                    self.missing(&table, "stake", "\"27%\"` or `shares = 1_000_000");
                    None
                }
            };
            if coverage.is_none()
                && let Some(node) = table.get("amount")
            {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("{} has an `amount` but no `coverage`", table.what))
                        .at(node.span, "the amount of what?")
                        .help("`amount` is what a warrant's `coverage` is a fraction of (coverage = \"10%\"); money paid for shares is `invested`"),
                );
            }
            if kind.is_some_and(|k| k != HolderKind::Shares)
                && let Some((_, Basis::Stakes, span)) = amount
            {
                let word = a_or_an(kind.map_or("option", HolderKind::as_str));
                self.push(
                    Diagnostic::error(Code::NeedsShares, format!("{word} holder needs share counts"))
                        .at(span, "given as a stake")
                        .help(format!("{word} is exercised per share at its exercise price: give every [[holder]] a share count (shares = …)")),
                );
            }
            let class = self.class_of(&mut table);
            let pool = table
                .get("pool")
                .and_then(|node| self.boolean(node, "pool"))
                .unwrap_or(false);
            if let Some(kind) = kind.filter(|k| *k != HolderKind::Shares) {
                if pool && let Some(span) = table.key_span("pool") {
                    self.push(
                        Diagnostic::error(Code::BadValue, format!("{} is both the unallocated pool and {}", table.what, a_or_an(kind.as_str())))
                            .at(span, "the pool is unissued, owned by nobody")
                            .help("give the pool its own [[holder]] with pool = true, and the granted options another with kind = \"option\" and from_pool = true"),
                    );
                }
                if class != "common"
                    && self.classes.iter().any(|c| c.name == class)
                    && let Some(span) = table.get("class").map(|node| node.span)
                {
                    self.push(
                        Diagnostic::error(Code::Unsupported, format!("{} over a preferred class (`{class}`) is not supported", a_or_an(kind.as_str())))
                            .at(span, "preferred class")
                            .help("options and warrants are over common here: remove `class` (an exercised warrant over preferred would add to that class's money and preference, which is not modelled)"),
                    );
                }
            }
            let from_pool = match table.get("from_pool") {
                Some(node) => match self.boolean(node, "from_pool") {
                    Some(true) if pool => {
                        self.push(
                            Diagnostic::error(
                                Code::BadValue,
                                format!("{} is the pool and has `from_pool = true`", table.what),
                            )
                            .at(node.span, "the pool cannot be granted from itself")
                            .help("remove from_pool from the pool's [[holder]]"),
                        );
                        None
                    }
                    Some(true) => Some(node.span),
                    _ => None,
                },
                None => None,
            };
            let invested = table
                .get("invested")
                .and_then(|node| self.money(node, "invested"));
            if invested.is_none()
                && table.get("invested").is_none()
                && class != "common"
                && kind.is_none_or(|k| k == HolderKind::Shares)
                && self.classes.iter().any(|c| c.name == class)
            {
                self.push(
                    Diagnostic::error(Code::MissingKey, format!("{} holds preferred class `{class}` but gives no `invested`", table.what))
                        .at(table.span, "how much was paid for these shares?")
                        .help("a liquidation preference is a multiple of the money invested: add invested = \"2M\" (the money paid for the shares)"),
                );
            }
            self.finish(table);
            if let (Some((name, name_span)), Some(kind)) = (name, kind) {
                read.push(Read {
                    name,
                    name_span,
                    amount,
                    class,
                    pool,
                    invested: invested.unwrap_or(Decimal::ZERO),
                    kind,
                    from_pool,
                });
            }
        }

        // Duplicate names (by hash: a cap table may have a million holders).
        let mut first_by_name: HashMap<&str, Span> = HashMap::with_capacity(read.len());
        let mut duplicates = Vec::new();
        for r in &read {
            match first_by_name.get(r.name.as_str()) {
                Some(first) => duplicates.push((r.name.clone(), r.name_span, *first)),
                None => {
                    first_by_name.insert(&r.name, r.name_span);
                }
            }
        }
        for (name, span, first) in duplicates {
            self.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("two holders are named {name:?}"),
                )
                .at(span, "second holder with this name")
                .also(first, "first declared here")
                .help("holder names are unique; merge the two or rename one"),
            );
        }

        // One basis for all.
        let first_basis = read.iter().find_map(|r| r.amount.map(|(_, b, _)| b));
        let basis = first_basis.unwrap_or(Basis::Shares);
        if let Some(first) = read.iter().find_map(|r| r.amount)
            && let Some(other) = read
                .iter()
                .filter_map(|r| r.amount)
                .find(|(_, b, _)| *b != basis)
        {
            let (this, that) = match basis {
                Basis::Stakes => ("a stake", "a share count"),
                Basis::Shares => ("a share count", "a stake"),
            };
            self.push(
                Diagnostic::error(Code::MixedBasis, "holders mix stakes and share counts")
                    .at(other.2, format!("this holder gives {that}"))
                    .also(first.2, format!("this one gives {this}"))
                    .help("every holder uses the same one of `stake` and `shares`"),
            );
        }

        let amounts: Vec<(Decimal, Span)> = read
            .iter()
            .filter_map(|r| r.amount.map(|(v, _, s)| (v, s)))
            .collect();
        let mixed = read
            .iter()
            .filter_map(|r| r.amount)
            .any(|(_, b, _)| b != basis);
        let all_read = amounts.len() == read.len();
        if all_read && !read.is_empty() && !mixed {
            let total = amounts
                .iter()
                .try_fold(Decimal::ZERO, |sum, (v, _)| sum.checked_add(*v));
            let last = amounts.last().map(|(_, s)| *s);
            match (basis, total, last) {
                (Basis::Stakes, Some(total), Some(last)) if total != Decimal::ONE => {
                    let gap = Decimal::ONE - total;
                    let (word, gap) = if gap.is_sign_positive() {
                        ("short of", gap)
                    } else {
                        ("over", -gap)
                    };
                    self.push(
                        Diagnostic::error(
                            Code::StakesSum,
                            format!("holder stakes sum to {}, not 100%", percent(total)),
                        )
                        .at(last, format!("the stakes sum to {}, {} {word} 100%", percent(total), percent(gap)))
                        .help("stakes are each holder's fraction of the company before the first round; they must sum to exactly 100%"),
                    );
                }
                (Basis::Shares, Some(total), Some(last)) if total.is_zero() => {
                    self.push(
                        Diagnostic::error(Code::OutOfRange, "the holders have no shares between them")
                            .at(last, "the share counts sum to zero")
                            .help("a round's price is the pre-money divided by the shares outstanding, so at least one holder needs shares"),
                    );
                }
                (_, None, Some(last)) => self.push(
                    Diagnostic::error(
                        Code::Overflow,
                        "the holders' share counts overflow when added up",
                    )
                    .at(last, "the sum is too large for a 28-digit decimal")
                    .help("use smaller share counts"),
                ),
                _ => {}
            }
        }

        // Grants from the pool: each `from_pool` holder's shares come out of the pool as
        // written (the plan's reserve), in file order, never below zero.
        let pool = read.iter().position(|r| r.pool);
        let mut pool_left = pool.and_then(|p| read[p].amount.map(|(v, _, _)| v));
        let mut granted = Decimal::ZERO;
        let mut grant_failed = false;
        for r in &read {
            let (Some(span), Some((shares, _, _))) = (r.from_pool, r.amount) else {
                continue;
            };
            let Some(pool) = pool else {
                self.push(
                    Diagnostic::error(Code::PoolTooSmall, format!("{:?} is granted from the pool, but no holder is the pool", r.name))
                        .at(span, "granted from which pool?")
                        .help("add the option pool as a holder with pool = true and the shares reserved for grants (this holder's included)"),
                );
                grant_failed = true;
                break;
            };
            granted = granted.checked_add(shares).unwrap_or(Decimal::MAX);
            let Some(left) = pool_left else {
                break;
            };
            if shares > left {
                let pool_span = read[pool]
                    .amount
                    .map_or(read[pool].name_span, |(_, _, s)| s);
                self.push(
                    Diagnostic::error(
                        Code::PoolTooSmall,
                        format!("the pool is too small for the grant to {:?}: {} shares wanted, {} left in the pool", r.name, grouped(shares), grouped(left)),
                    )
                    .at(span, format!("{} shares out of the pool", grouped(shares)))
                    .also(pool_span, format!("the pool reserves {} shares; {} granted before this grant", read[pool].amount.map_or(String::new(), |(v, _, _)| grouped(v)), grouped(granted - shares)))
                    .help("enlarge the pool's `shares` (the reserve before grants), or grant fewer shares"),
                );
                grant_failed = true;
                break;
            }
            pool_left = Some(left - shares);
        }
        let parties = read
            .into_iter()
            .map(|r| Party {
                name: r.name,
                class: r.class,
                pool: r.pool,
                initial: match (r.pool, pool_left) {
                    (true, Some(left)) if !grant_failed => left,
                    _ => r.amount.map_or(Decimal::ZERO, |(v, _, _)| v),
                },
                arrival: Arrival::Initial,
                initial_invested: r.invested,
                kind: r.kind,
            })
            .collect();
        (basis, parties)
    }

    /// An option or warrant holder is one instrument: it may not also buy shares or hold a
    /// SAFE or note under the same name (its exercise would mix with what it paid for).
    pub(super) fn option_holder_invests(&mut self, party: &Party, span: Span) {
        if party.is_option() {
            self.push(
                Diagnostic::error(Code::DuplicateName, format!("{:?} holds {}s and cannot also invest", party.name, party.kind.as_str()))
                    .at(span, format!("{:?} is {} holder", party.name, a_or_an(party.kind.as_str())))
                    .help("give the investment its own name (\"Jane Doe (shares)\"): an option or warrant holder holds only that instrument"),
            );
        }
    }

    /// `kind = "shares" | "option" | "warrant"` with its `exercise_price`; `None` on error.
    pub(super) fn holder_kind(&mut self, table: &mut Table<'_>) -> Option<HolderKind> {
        let kind = match table.get("kind") {
            None => "shares".to_string(),
            Some(node) => {
                let text = self.string(node, "kind")?;
                if !["shares", "option", "warrant"].contains(&text.as_str()) {
                    let help = match did_you_mean(&text, ["shares", "option", "warrant"]) {
                        Some(s) => format!(
                            "did you mean \"{s}\"? kind is one of: shares (default), option, warrant"
                        ),
                        None => "kind is one of: shares (default), option, warrant".to_string(),
                    };
                    self.push(
                        Diagnostic::error(
                            Code::BadValue,
                            format!("`kind` is not a kind of holding: {text:?}"),
                        )
                        .at(node.span, "unknown kind")
                        .help(help),
                    );
                    return None;
                }
                text
            }
        };
        let price = table.get("exercise_price");
        match (kind.as_str(), price) {
            ("shares", None) => Some(HolderKind::Shares),
            ("shares", Some(node)) => {
                self.push(
                    Diagnostic::error(Code::BadValue, format!("{} has an `exercise_price` but holds shares", table.what))
                        .at(node.span, "shares have no strike")
                        .help("an exercise price is for options and warrants: add kind = \"option\" or kind = \"warrant\", or remove exercise_price"),
                );
                None
            }
            (kind, None) => {
                if !table.misspells(&["exercise_price"]) {
                    self.push(
                        Diagnostic::error(Code::MissingKey, format!("{} is {} but has no `exercise_price`", table.what, a_or_an(kind)))
                            .at(table.span, format!("{} needs its strike", a_or_an(kind)))
                            .help(format!("add exercise_price = \"2.00\" (money per share the {kind} holder pays to exercise)")),
                    );
                }
                None
            }
            (kind, Some(node)) => {
                let price = self.money(node, "exercise_price")?;
                Some(if kind == "option" {
                    HolderKind::Option(price)
                } else {
                    HolderKind::Warrant(price)
                })
            }
        }
    }

    /// A warrant's share count from `coverage` of `amount` at its `exercise_price`: coverage ×
    /// amount ÷ exercise price, exactly, then rounded by `[rounding] shares`.
    pub(super) fn coverage(
        &mut self,
        table: &mut Table<'_>,
        node: &Node,
        kind: Option<HolderKind>,
        rounding: Rounding,
    ) -> Option<Decimal> {
        let coverage = self.fraction(node, "coverage");
        let amount = match table.get("amount") {
            Some(amount) => self.money(amount, "amount"),
            None => {
                self.missing(
                    table,
                    "amount",
                    "\"5M\"` (the money the coverage is a fraction of",
                );
                None
            }
        };
        let strike = match kind {
            Some(HolderKind::Warrant(price)) => Some(price),
            Some(_) => {
                self.push(
                    Diagnostic::error(
                        Code::BadValue,
                        format!("{} gives `coverage` but is not a warrant", table.what),
                    )
                    .at(node.span, "coverage is a warrant's")
                    .help("add kind = \"warrant\" with its exercise_price, or give shares = …"),
                );
                None
            }
            None => None,
        };
        let (coverage, amount, strike) = (coverage?, amount?, strike?);
        if strike.is_zero() {
            self.push(
                Diagnostic::error(Code::OutOfRange, "a warrant written as coverage needs an exercise price above zero")
                    .at(node.span, "coverage × amount ÷ exercise price")
                    .help("coverage buys shares at the exercise price: give exercise_price above zero, or give shares = …"),
            );
            return None;
        }
        use crate::engine::exact::{q, round_shares};
        let shares = q(coverage) * q(amount) / q(strike);
        match round_shares(&shares, rounding.shares, "a warrant's shares") {
            Ok(shares) => Some(shares),
            Err(_) => {
                self.push(
                    Diagnostic::error(Code::Overflow, "a warrant's share count overflows")
                        .at(node.span, "coverage × amount ÷ exercise price is too large")
                        .help("use a smaller amount or a larger exercise price"),
                );
                None
            }
        }
    }
}
