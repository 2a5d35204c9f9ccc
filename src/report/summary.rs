//! The memo's summary: short, factual sentences generated from the report's figures.
//!
//! One paragraph per round (what each investor's money paid in that round buys, at what
//! valuation, each conversion by its amount or principal and interest, a down round and its
//! anti-dilution, the pool top-up and the effective pre-money, and for an investor with
//! contingent tranches the stake with and without them), then the expected
//! values where every condition has a probability, then each commitment's net flow. Figures
//! are written by [`Numbers`], so they match the tables: human units, or exact with `--exact`.

use rust_decimal::Decimal;

use super::sections::Numbers;
use super::{OutcomeReport, Report, RoundReport};
use crate::engine::captable;
use crate::scenario::expr::Expr;
use crate::scenario::model::{ConditionSet, PartyId, Scenario, Sizing, Tranche};

/// The summary's paragraphs, each a few sentences of plain text (not yet escaped).
pub fn paragraphs(scenario: &Scenario, report: &Report, numbers: &Numbers) -> Vec<String> {
    let headline = headline_state(report);
    let contingent = contingent_investors(scenario);
    let mut paragraphs = Vec::new();
    // A file with no round: its cap table as given takes the place of the round paragraphs.
    if let Some(given) = &report.as_given {
        paragraphs.push(super::given::summary(given, report.basis, numbers));
    }
    let many_rounds = report.rounds.len() > 1;
    for (index, round) in report.rounds.iter().enumerate() {
        let mut sentences = round_sentences(scenario, report, index, round, numbers);
        // An investor's contingent tranches are described after its first round with one.
        for c in contingent.iter().filter(|c| c.first_round == index) {
            let at = sentences
                .iter()
                .position(|s| s.investor == Some(c.party))
                .map_or(sentences.len(), |i| i + 1);
            let text = contingent_sentences(scenario, report, c, headline, numbers).join(" ");
            if !text.is_empty() {
                sentences.insert(
                    at,
                    Sentence {
                        investor: None,
                        text,
                    },
                );
            }
        }
        let mut paragraph: Vec<String> = sentences.into_iter().map(|s| s.text).collect();
        if many_rounds && let Some(first) = paragraph.first_mut() {
            *first = format!("{}: {first}", round.name);
        }
        paragraphs.push(paragraph.join(" "));
    }
    if let Some(text) = expected_sentence(scenario, report, &contingent, numbers) {
        paragraphs.push(text);
    }
    let commitments = commitment_sentences(report, numbers);
    if !commitments.is_empty() {
        paragraphs.push(commitments.join(" "));
    }
    paragraphs
}

/// A sentence, and the investor it is about (so a follow-up can be placed after it).
struct Sentence {
    investor: Option<PartyId>,
    text: String,
}

/// `Amazon's`, but `Angel SAFEs'`.
fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// The indefinite article for a figure as it is read aloud: "an $8.0M", "an 18.00%", "an
/// $11.0B", but "a $730.0B" and "a $110.0B". The leading group of three digits decides.
fn article(figure: &str) -> &'static str {
    let unsigned = figure.trim_start_matches(['$', '€', '£', '¥', '-']);
    let whole: String = unsigned
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    if whole.is_empty() {
        return "a";
    }
    let lead = match whole.len() % 3 {
        0 => &whole[..3],
        n => &whole[..n],
    };
    if lead.starts_with('8') || lead == "11" || lead == "18" {
        "an"
    } else {
        "a"
    }
}

/// A round's sentences. Each kind states one fact taken from one figure of the report:
///
/// - an investor's money paid in this round and what it buys (the shares its investments
///   bought ÷ the fully diluted count), or for a holder from before, its ownership before and
///   after; a pro-rata line that buys nothing gets no sentence;
/// - each conversion: the SAFE's amount, or the note's principal with its interest and the
///   amount that converts, and the stake its shares are;
/// - a round priced below the previous round's price, and each conversion price anti-dilution
///   lowers;
/// - the pool top-up and, when it sits in the pre-money, the effective pre-money;
/// - the post-money at the round price when it differs (as shown) from the post-money;
/// - the money raised in all, and the revenue multiple.
fn round_sentences(
    scenario: &Scenario,
    report: &Report,
    index: usize,
    round: &RoundReport,
    numbers: &Numbers,
) -> Vec<Sentence> {
    let pre = numbers.money(round.pre_money);
    let valuation = format!(
        " at {} {pre} pre-money valuation ({} post)",
        article(&pre),
        numbers.money(round.post_money)
    );
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut investors: Vec<PartyId> = Vec::new();
    let Some(model) = scenario.rounds.get(index) else {
        return sentences;
    };
    for investment in &model.investments {
        if !investors.contains(&investment.party) {
            investors.push(investment.party);
        }
    }
    let holder = |party: PartyId| {
        let name = &scenario.parties[party].name;
        round.holders.iter().find(|h| &h.name == name)
    };
    // The money a party paid in this round and the shares it bought with it: from the workings
    // with share counts (a holder's `invested` also counts a SAFE or note converting in the
    // round); in value terms nothing converts and `invested` is that money.
    // Non-negative parts of the round's new money and share count, which the engine summed
    // without overflow: these sums cannot overflow either (were one to, the sentence is left
    // out rather than a wrong figure said).
    let paid = |name: &str, invested: Decimal| -> Option<(Decimal, Option<Decimal>)> {
        match &round.workings {
            Some(w) => captable::money_and_shares(
                w.investments
                    .iter()
                    .filter(|i| i.investor == name)
                    .map(|i| (i.money, i.shares)),
            )
            .ok()
            .map(|(money, shares)| (money, Some(shares))),
            None => Some((invested, None)),
        }
    };
    // A number of shares as a fraction of the fully diluted count after the round.
    let stake = |shares: Decimal| {
        round
            .fully_diluted_shares
            .filter(|total| !total.is_zero())
            .and_then(|total| captable::share_of(shares, total).ok())
    };
    let mut paying = 0;
    let mut first_paying = None;
    let mut only_money = Decimal::ZERO;
    for &party in &investors {
        let Some(h) = holder(party) else { continue };
        let investments = || model.investments.iter().filter(|i| i.party == party);
        let pro_rata = investments().any(|i| i.sizing == Sizing::ProRata);
        let contingent = investments().any(|i| i.tranches.iter().any(|t| t.when.is_some()));
        let Some((money, bought)) = paid(&h.name, h.invested) else {
            continue;
        };
        let text = if money.is_zero() {
            if !contingent {
                // A pro-rata right that buys nothing, or nothing to pay: no sentence.
                continue;
            }
            format!("{} puts in nothing under the assumed conditions", h.name)
        } else if h.ownership_before.is_zero() {
            // In value terms: its ownership after the round, less what it bought (and plus what
            // it sold) in the round's secondaries.
            let Some(fraction) =
                bought.map_or_else(|| secondary_net(round, &h.name, h.ownership), stake)
            else {
                continue;
            };
            format!(
                "{} {} buys {}",
                possessive(&h.name),
                numbers.money(money),
                numbers.fraction(fraction)
            )
        } else {
            format!(
                "{} puts in {}{} and goes from {} to {}",
                h.name,
                numbers.money(money),
                if pro_rata { " pro rata" } else { "" },
                numbers.fraction(h.ownership_before),
                numbers.fraction(h.ownership)
            )
        };
        if !money.is_zero() {
            paying += 1;
            only_money = money;
            if first_paying.is_none() {
                first_paying = Some(sentences.len());
            }
        }
        sentences.push(Sentence {
            investor: Some(party),
            text,
        });
    }
    match first_paying.and_then(|i| sentences.get_mut(i)) {
        Some(first) => first.text.push_str(&valuation),
        None => sentences.insert(
            0,
            Sentence {
                investor: None,
                // A round of secondaries only: no new money, so no price is set by it.
                text: if model.investments.is_empty() && round.pre_money == round.post_money {
                    format!("No new money: the company is valued at {pre}")
                } else {
                    format!("The round is priced{valuation}")
                },
            },
        ),
    }
    for sentence in &mut sentences {
        sentence.text.push('.');
    }
    let mut say = |text: String| {
        sentences.push(Sentence {
            investor: None,
            text,
        })
    };
    if let Some(price) = round.price_per_share
        && let Some(previous) = index
            .checked_sub(1)
            .and_then(|i| report.rounds.get(i))
            .filter(|r| r.price_per_share.is_some_and(|p| price < p))
        && let Some(before) = previous.price_per_share
    {
        say(format!(
            "This is a down round: {} a share, below {} {}.",
            numbers.price(price),
            possessive(&previous.name),
            numbers.price(before)
        ));
    }
    if let Some(w) = &round.workings {
        for c in &w.conversions {
            let Some(fraction) = stake(c.shares) else {
                continue;
            };
            let interest = c.interest;
            say(if interest > Decimal::ZERO {
                format!(
                    "{} {} {} converts, with {} interest, as {} into {}.",
                    possessive(&c.terms.investor),
                    numbers.money(c.principal),
                    c.terms.kind,
                    numbers.money(interest),
                    numbers.money(c.terms.amount),
                    numbers.fraction(fraction)
                )
            } else {
                format!(
                    "{} {} {} converts into {}.",
                    possessive(&c.terms.investor),
                    numbers.money(c.terms.amount),
                    c.terms.kind,
                    numbers.fraction(fraction)
                )
            });
        }
        for a in &w.adjustments {
            say(format!(
                "Anti-dilution ({}) lowers the {} conversion price from {} to {}: its shares convert into {} instead of {}.",
                a.rule,
                numbers.class(&a.class),
                numbers.price(a.before),
                numbers.price(a.after),
                numbers.shares(a.units_after),
                numbers.shares(a.units_before)
            ));
        }
        if !w.pool_top_up.is_zero()
            && let Some(pool) = round.holders.iter().find(|h| h.pool)
        {
            say(format!(
                "The unallocated option pool is topped up to {}.",
                numbers.fraction(pool.ownership)
            ));
        }
    }
    if let Some(effective) = round.effective_pre_money {
        say(format!(
            "The pool top-up comes out of the pre-money: the effective pre-money is {}.",
            numbers.money(effective)
        ));
    }
    if let Some(at_price) = round.post_money_at_price
        && !numbers.same_money(at_price, round.post_money)
    {
        say(format!(
            "At the round price the company is worth {} after the round, against {} pre-money plus new money, because {}.",
            numbers.money(at_price),
            numbers.money(round.post_money),
            super::sections::at_price_reasons(round, numbers)
        ));
    }
    let only_one = paying == 1 && only_money == round.new_money;
    let mut closing = Vec::new();
    if paying > 0 && !only_one {
        closing.push(format!(
            "The round raises {} in all",
            numbers.money(round.new_money)
        ));
    }
    if let (Some(multiple), Some(revenue)) = (round.revenue_multiple, report.annual_revenue) {
        closing.push(format!(
            "the post-money is {} annual revenue of {}",
            times(numbers, multiple),
            numbers.money(revenue)
        ));
    }
    if !closing.is_empty() {
        let mut text = closing.join("; ");
        capitalize(&mut text);
        text.push('.');
        say(text);
    }
    for secondary in &round.secondaries {
        say(secondary_sentence(secondary, numbers));
    }
    sentences
}

/// `ownership` without the stakes `name` bought or sold in the round's secondaries.
fn secondary_net(round: &RoundReport, name: &str, ownership: Decimal) -> Option<Decimal> {
    let changes = round.secondaries.iter().flat_map(|secondary| {
        let bought = (secondary.buyer == name).then_some(-secondary.stake);
        let sold = secondary
            .sales
            .iter()
            .filter(|s| s.seller == name)
            .map(|s| s.stake);
        bought.into_iter().chain(sold)
    });
    captable::ownership_before_secondaries(ownership, changes).ok()
}

/// A secondary in one sentence: "Employees sell 31,428,571 shares ($6.6B) to SoftBank at
/// $210.00 a share, a 5.00% premium to the round price."
fn secondary_sentence(secondary: &super::SecondaryRow, numbers: &Numbers) -> String {
    let names: Vec<&str> = secondary.sales.iter().map(|s| s.seller.as_str()).collect();
    let sellers = if secondary.seller == crate::scenario::validate::ALL_COMMON {
        "the holders of common".to_string()
    } else {
        match names.as_slice() {
            [] => secondary.seller.clone(),
            [one] => (*one).to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    };
    let quantity = match secondary.shares {
        Some(shares) => format!("{} shares", numbers.shares(shares)),
        None => format!("{} of the company", numbers.fraction(secondary.stake)),
    };
    let price = match secondary.price_per_share {
        Some(price) => format!("at {} a share", numbers.price(price)),
        None => {
            let valuation = numbers.money(secondary.implied_valuation);
            format!("at {} {valuation} valuation", article(&valuation))
        }
    };
    let reference = if secondary.shares.is_some() {
        "the round price"
    } else {
        "the post-money"
    };
    let premium = match secondary.premium {
        Some(p) if p.is_zero() => format!(", at {reference}"),
        Some(p) if p.is_sign_negative() => {
            let text = numbers.fraction(-p);
            format!(", {} {text} discount to {reference}", article(&text))
        }
        Some(p) => {
            let text = numbers.fraction(p);
            format!(", {} {text} premium to {reference}", article(&text))
        }
        None => String::new(),
    };
    let into = secondary
        .class
        .as_deref()
        .map(|c| format!(", converting into {}", numbers.class(c)))
        .unwrap_or_default();
    let condition = secondary
        .when
        .as_deref()
        .map(|w| format!(" (only if {w})"))
        .unwrap_or_default();
    // The quantity is the subject, so the verb agrees whatever the sellers' names are
    // ("Employees and other investors" is one party with a plural name).
    let verb = if secondary.shares.is_some() {
        "pass"
    } else {
        "passes"
    };
    let mut text = format!(
        "{}{quantity} ({}) {verb} from {sellers} to {} {price}{premium}{into}{condition}.",
        if secondary.tender {
            "In a tender, "
        } else {
            ""
        },
        numbers.money(secondary.amount),
        secondary.buyer,
    );
    capitalize(&mut text);
    text
}

/// `64.6x`, or `64.615… times` when exact.
fn times(numbers: &Numbers, multiple: Decimal) -> String {
    match numbers {
        Numbers::Human { .. } => numbers.multiple(multiple).to_string(),
        Numbers::Exact => format!("{} times", numbers.multiple(multiple)),
    }
}

fn capitalize(text: &mut String) {
    if let Some(first) = text.get(..1)
        && first.chars().all(|c| c.is_ascii_lowercase())
    {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
}

/// An investor with at least one tranche that depends on the conditions.
struct Contingent<'a> {
    party: PartyId,
    first_round: usize,
    tranches: Vec<&'a Tranche>,
}

fn contingent_investors(scenario: &Scenario) -> Vec<Contingent<'_>> {
    let mut found: Vec<Contingent<'_>> = Vec::new();
    for (index, round) in scenario.rounds.iter().enumerate() {
        for investment in &round.investments {
            for tranche in investment.tranches.iter().filter(|t| t.when.is_some()) {
                match found.iter_mut().find(|c| c.party == investment.party) {
                    Some(c) => c.tranches.push(tranche),
                    None => found.push(Contingent {
                        party: investment.party,
                        first_round: index,
                        tranches: vec![tranche],
                    }),
                }
            }
        }
    }
    found
}

/// The headline condition state.
fn headline_state(report: &Report) -> ConditionSet {
    ConditionSet::holding(report.conditions.iter().map(|c| c.assumed))
}

fn outcome_state(outcome: &OutcomeReport) -> ConditionSet {
    ConditionSet::holding(outcome.conditions.iter().copied())
}

/// The outcome nearest the headline (fewest conditions changed; the first in the table's
/// order on a tie) among those where `keep` holds.
fn nearest(
    report: &Report,
    headline: ConditionSet,
    keep: impl Fn(ConditionSet) -> bool,
) -> Option<&OutcomeReport> {
    report
        .outcomes
        .iter()
        .filter(|o| keep(outcome_state(o)))
        .min_by_key(|o| outcome_state(o).differences(headline))
}

/// The conditions of an outcome: `ipo = no, agi = no`.
fn condition_list(report: &Report, outcome: &OutcomeReport) -> String {
    report
        .conditions
        .iter()
        .zip(&outcome.conditions)
        .map(|(c, v)| format!("{} = {}", c.name, if *v { "yes" } else { "no" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `when` expression written out with condition names: `ipo or agi`.
pub fn expression(expr: &Expr, names: &[String]) -> String {
    fn go(expr: &Expr, names: &[String], parent: u8) -> String {
        // Binding strength: or 1, and 2, not 3.
        let (text, strength) = match expr {
            Expr::Condition(i) => (names.get(*i).cloned().unwrap_or_default(), 4),
            Expr::Not(e) => (format!("not {}", go(e, names, 3)), 3),
            Expr::And(a, b) => (format!("{} and {}", go(a, names, 2), go(b, names, 2)), 2),
            Expr::Or(a, b) => (format!("{} or {}", go(a, names, 1), go(b, names, 1)), 1),
        };
        if strength < parent {
            format!("({text})")
        } else {
            text
        }
    }
    go(expr, names, 0)
}

fn contingent_sentences(
    scenario: &Scenario,
    report: &Report,
    c: &Contingent<'_>,
    headline: ConditionSet,
    numbers: &Numbers,
) -> Vec<String> {
    let all_paid = |state: ConditionSet| c.tranches.iter().all(|t| t.is_paid(state));
    let none_paid = |state: ConditionSet| c.tranches.iter().all(|t| !t.is_paid(state));
    let amount: Decimal = c.tranches.iter().map(|t| t.amount).sum();
    let one = c.tranches.len() == 1;
    let what = if one {
        format!("the {} contingent tranche", numbers.money(amount))
    } else {
        format!(
            "the {} contingent tranches ({} in all)",
            c.tranches.len(),
            numbers.money(amount)
        )
    };
    let after = if report.rounds.len() > 1 {
        report
            .rounds
            .last()
            .map_or_else(String::new, |r| format!(" after {}", r.name))
    } else {
        String::new()
    };
    let stake = |o: &OutcomeReport| {
        let ownership = o
            .holders
            .get(c.party.index())
            .map_or(Decimal::ZERO, |h| h.ownership);
        format!(
            "its stake{after} is {} and the post-money is {}",
            numbers.fraction(ownership),
            numbers.money(o.post_money)
        )
    };
    let with = nearest(report, headline, all_paid);
    let without = nearest(report, headline, none_paid);
    let mut sentences = Vec::new();
    let verb = if one { "is" } else { "are" };
    if !all_paid(headline)
        && let Some(o) = with
    {
        sentences.push(format!("If {what} {verb} paid, {}.", stake(o)));
    }
    if !none_paid(headline)
        && let Some(o) = without
    {
        sentences.push(format!("If {what} {verb} never paid, {}.", stake(o)));
    }
    if sentences.is_empty() {
        return sentences;
    }
    let names: Vec<String> = scenario.conditions.iter().map(|c| c.name.clone()).collect();
    let whens: Vec<String> = c
        .tranches
        .iter()
        .filter_map(|t| t.when.as_ref())
        .map(|w| expression(w, &names))
        .collect();
    let mut rule = if one {
        format!("That tranche is paid only if {}", whens.join(""))
    } else {
        format!(
            "Those tranches are paid only if {} respectively",
            whens.join("; ")
        )
    };
    let shown: Vec<String> = [with, without]
        .into_iter()
        .flatten()
        .filter(|o| outcome_state(o) != headline)
        .map(|o| condition_list(report, o))
        .collect();
    if !shown.is_empty() {
        rule.push_str(&format!(
            "; the figures are for the outcome{} {}",
            if shown.len() > 1 { "s" } else { "" },
            shown.join(" and ")
        ));
    }
    rule.push('.');
    sentences.push(rule);
    sentences
}

fn expected_sentence(
    scenario: &Scenario,
    report: &Report,
    contingent: &[Contingent<'_>],
    numbers: &Numbers,
) -> Option<String> {
    let expected = report.expected.as_ref()?;
    if report.conditions.is_empty() {
        return None;
    }
    let probabilities: Vec<String> = report
        .conditions
        .iter()
        .filter_map(|c| {
            c.probability
                .map(|p| format!("{} {}", c.name, numbers.fraction(p)))
        })
        .collect();
    let mut text = format!(
        "With the probabilities in the file ({}), the expected new money is {} and the expected post-money {}",
        probabilities.join(", "),
        numbers.money(expected.new_money),
        numbers.money(expected.post_money)
    );
    let stakes: Vec<String> = contingent
        .iter()
        .filter_map(|c| {
            let name = &scenario.parties.get(c.party.index())?.name;
            let ownership = &expected.holders.iter().find(|h| h.name == *name)?.ownership;
            Some(format!(
                "{} expected stake is {}",
                possessive(name),
                numbers.fraction(*ownership)
            ))
        })
        .collect();
    if !stakes.is_empty() {
        text.push_str("; ");
        text.push_str(&stakes.join(", "));
    }
    text.push('.');
    Some(text)
}

fn commitment_sentences(report: &Report, numbers: &Numbers) -> Vec<String> {
    let mut sentences = Vec::new();
    for c in &report.commitments {
        let years = c.years.map_or_else(String::new, |y| {
            format!(" over {} years", crate::format::exact(y))
        });
        let source = if c.invested.is_zero() {
            "it puts in nothing".to_string()
        } else {
            format!(
                "{} invested less {}",
                numbers.money(c.invested),
                numbers.money(c.amount)
            )
        };
        sentences.push(format!(
            "After the {} commitment to {}{years}, {} net flow is {}: {source}.",
            numbers.money(c.amount),
            c.counterparty,
            possessive(&c.counterparty),
            numbers.money(c.net_flow)
        ));
        if let (Some(margin), Some(cost)) = (c.margin, c.economic_cost) {
            let implied = c.implied_post_money.map_or_else(String::new, |v| {
                format!(", which implies a post-money of {}", numbers.money(v))
            });
            let margin = numbers.fraction(margin);
            sentences.push(format!(
                "With {} {margin} margin on that spend, its economic cost is {}{implied}.",
                article(&margin),
                numbers.money(cost)
            ));
        }
    }
    sentences
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
