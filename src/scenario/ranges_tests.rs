//! [`unbounded`]: what makes corners not proven bounds, and where it is written. With holders
//! as stakes the validator already refuses pools, grants, SAFEs, anti-dilution and pro-rata
//! (E0013), so those are tested on files in shares read as if in stakes.

use super::unbounded;
use crate::diagnostic::{Code, Sources};
use crate::scenario::model::Basis;
use crate::scenario::{load_text, tree};

const HEAD: &str = "[scenario]\nname = \"X\"\n\n[[holder]]\nname = \"Ann\"\nshares = 900_000\n\n[[holder]]\nname = \"Pool\"\nshares = 100_000\npool = true\n\n";
const ROUND: &str = "[[round]]\nname = \"Seed\"\npre_money = \"10M\"\n\n[[round.investment]]\ninvestor = \"Fund\"\namount = \"2M\"\n";

/// The message and the text under the primary label of `text`'s refusal, the holders read as
/// stakes when `stakes`.
fn refusal(text: &str, stakes: bool) -> (String, String) {
    let mut sources = Sources::default();
    let mut loaded = load_text("x.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("a valid file: {e:?}"));
    if stakes {
        loaded.scenario.basis = Basis::Stakes;
    }
    let id = sources.add("x.toml", text.to_string());
    let root = tree::parse(id, text).expect("TOML");
    let diagnostic = unbounded(&root, &loaded.scenario, &loaded.locations).expect("refused");
    assert_eq!(diagnostic.code, Code::Range);
    assert!(diagnostic.help.is_some());
    let (span, _) = diagnostic.primary.expect("a place");
    (diagnostic.message, sources.text(span).to_string())
}

#[test]
fn share_counts_point_at_the_first_holders_shares() {
    let (message, at) = refusal(&format!("{HEAD}{ROUND}"), false);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: the holders are given as share counts"
    );
    assert_eq!(at, "shares");
}

#[test]
fn a_plain_round_in_stakes_is_bounded() {
    let mut sources = Sources::default();
    let text = format!(
        "[scenario]\nname = \"X\"\n\n[[holder]]\nname = \"Ann\"\nstake = \"100%\"\n\n{ROUND}"
    );
    let loaded = load_text("x.toml", text.clone(), &mut sources).expect("valid");
    let id = sources.add("x.toml", text.clone());
    let root = tree::parse(id, &text).expect("TOML");
    assert!(unbounded(&root, &loaded.scenario, &loaded.locations).is_none());
}

#[test]
fn a_pool_top_up_points_at_its_key() {
    let round = ROUND.replace(
        "pre_money = \"10M\"\n",
        "pre_money = \"10M\"\npool_target = \"15%\"\n",
    );
    let text = format!("{HEAD}{round}");
    let (message, at) = refusal(&text, true);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: Seed tops up the pool"
    );
    assert_eq!(at, "pool_target");
}

#[test]
fn a_safe_points_at_its_table() {
    let text = format!(
        "{HEAD}[[safe]]\ninvestor = \"Angel\"\namount = \"1M\"\ncap = \"8M\"\nconverts_at = \"Seed\"\n\n{ROUND}"
    );
    let (message, at) = refusal(&text, true);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: the file has a SAFE or a convertible note"
    );
    assert_eq!(at, "[[safe]]");
}

#[test]
fn anti_dilution_points_at_its_key() {
    let text =
        format!("{HEAD}[class.a]\nanti_dilution = \"broad-based\"\n\n{ROUND}class = \"a\"\n");
    let (message, at) = refusal(&text, true);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: class a has anti-dilution"
    );
    assert_eq!(at, "anti_dilution");
}

#[test]
fn a_grant_points_at_its_table() {
    let text = format!(
        "{HEAD}{ROUND}\n[[round.grant]]\nholder = \"Eve\"\nshares = 1000\nexercise_price = \"1\"\n"
    );
    let (message, at) = refusal(&text, true);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: Seed grants options"
    );
    assert_eq!(at, "[[round.grant]]");
}

#[test]
fn pro_rata_points_at_its_key() {
    let text = format!(
        "{HEAD}{ROUND}\n[[round]]\nname = \"A\"\npre_money = \"20M\"\n\n[[round.investment]]\ninvestor = \"Fund\"\npro_rata = true\n\n[[round.investment]]\ninvestor = \"New\"\namount = \"5M\"\n"
    );
    let (message, at) = refusal(&text, true);
    assert_eq!(
        message,
        "the ranges cannot be reported exactly: A has pro-rata money"
    );
    assert_eq!(at, "pro_rata");
}
