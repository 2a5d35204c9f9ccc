//! `[[safe]]` and `[[note]]` read into their own terms: each section's keys land in its
//! variant of [`InstrumentTerms`], and a key of the other kind is refused. Expected values are
//! the figures written in each test's own text.

use crate::diagnostic::{Code, Diagnostic, Sources};
use crate::scenario::model::{
    Date, Instrument, InstrumentTerms, Interest, RoundId, SafeKind, Scenario,
};
use crate::test_support::{d, party, scenario};

/// A file with one holder and one round (dated 2026-06-01) before `instruments`.
fn with(instruments: &str) -> String {
    format!(
        "[scenario]\nname = \"t\"\n\n[[holder]]\nname = \"Founders\"\nshares = 1_000_000\n\n\
         [[round]]\nname = \"Seed\"\ndate = 2026-06-01\npre_money = \"8M\"\n\n\
         [[round.investment]]\ninvestor = \"Fund\"\namount = \"2M\"\n\n{instruments}"
    )
}

/// The errors the file's text gets (none for a valid file).
fn errors(text: &str) -> Vec<Diagnostic> {
    let mut sources = Sources::default();
    match crate::scenario::load_text("t.toml", text.to_string(), &mut sources) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn held_by<'a>(scenario: &'a Scenario, name: &str) -> &'a Instrument {
    let holder = party(scenario, name);
    scenario
        .instruments
        .iter()
        .find(|i| i.party == holder)
        .unwrap_or_else(|| panic!("no instrument of {name}"))
}

#[test]
fn a_note_reads_into_the_note_variant_with_its_interest_from_its_issue_date() {
    let s = scenario(&with(
        "[[note]]\ninvestor = \"Lender\"\nprincipal = \"250K\"\ninterest = \"6%\"\n\
         issued = 2025-03-01\ndiscount = \"20%\"\n",
    ));
    let note = held_by(&s, "Lender");
    assert_eq!(
        note.terms,
        InstrumentTerms::Note {
            interest: Some(Interest {
                rate: d("0.06"),
                from: Some(Date {
                    year: 2025,
                    month: 3,
                    day: 1
                }),
            }),
        }
    );
    // The common terms: `principal` is the amount; no cap; the discount; the only round.
    assert_eq!(note.amount, d("250000"));
    assert_eq!((note.cap, note.discount), (None, Some(d("0.2"))));
    assert_eq!(note.round, Some(RoundId::new(0)));
    // Booked to its holder's own position (`build` numbers it once every section is read).
    assert_eq!(s.positions[note.position].party, note.party);
}

#[test]
fn a_note_without_interest_states_none() {
    let s = scenario(&with(
        "[[note]]\ninvestor = \"Lender\"\nprincipal = \"100K\"\ncap = \"5M\"\n",
    ));
    let note = held_by(&s, "Lender");
    assert_eq!(note.terms, InstrumentTerms::Note { interest: None });
    assert_eq!(note.interest(), None);
}

#[test]
fn each_safe_kind_reads_into_its_own_safe_variant() {
    let s = scenario(&with(
        "[[safe]]\ninvestor = \"Post\"\namount = \"100K\"\ncap = \"6M\"\n\n\
         [[safe]]\ninvestor = \"Pre\"\namount = \"50K\"\nkind = \"pre-money\"\nmfn = true\n\n\
         [[safe]]\ninvestor = \"YC\"\namount = \"125K\"\nkind = \"fixed-percentage\"\n\
         percentage = \"7%\"\n",
    ));
    // No `kind`: YC's post-money SAFE.
    assert_eq!(
        held_by(&s, "Post").terms,
        InstrumentTerms::Safe {
            kind: SafeKind::PostMoney,
            mfn: false
        }
    );
    assert_eq!(held_by(&s, "Post").cap, Some(d("6000000")));
    assert_eq!(
        held_by(&s, "Pre").terms,
        InstrumentTerms::Safe {
            kind: SafeKind::PreMoney,
            mfn: true
        }
    );
    assert_eq!(held_by(&s, "Pre").interest(), None);
    assert_eq!(
        held_by(&s, "YC").terms,
        InstrumentTerms::Safe {
            kind: SafeKind::FixedPercentage(d("0.07")),
            mfn: false
        }
    );
    assert_eq!(held_by(&s, "YC").amount, d("125000"));
}

#[test]
fn a_key_of_the_other_kind_is_refused_as_unknown() {
    // A note's `interest` on a SAFE, and a SAFE's `mfn` on a note.
    let safe = errors(&with(
        "[[safe]]\ninvestor = \"Angel\"\namount = \"100K\"\ncap = \"5M\"\ninterest = \"8%\"\n",
    ));
    assert_eq!(safe.len(), 1, "{safe:?}");
    assert_eq!(safe[0].code, Code::UnknownKey);
    assert_eq!(
        safe[0].message,
        "unknown key `interest` in the SAFE of \"Angel\""
    );
    let note = errors(&with(
        "[[note]]\ninvestor = \"Angel\"\nprincipal = \"100K\"\ncap = \"5M\"\nmfn = true\n",
    ));
    assert_eq!(note.len(), 1, "{note:?}");
    assert_eq!(note[0].code, Code::UnknownKey);
    assert_eq!(
        note[0].message,
        "unknown key `mfn` in the note of \"Angel\""
    );
}

#[test]
fn which_instruments_need_a_cap_or_discount() {
    let neither = |what: &str| format!("{what} has neither a cap nor a discount");
    // A SAFE converting at a round, without a cap, a discount or MFN: refused.
    let bare = errors(&with("[[safe]]\ninvestor = \"Angel\"\namount = \"100K\"\n"));
    assert_eq!(bare.len(), 1, "{bare:?}");
    assert_eq!(bare[0].message, neither("the SAFE of \"Angel\""));
    // An MFN SAFE takes the later SAFEs' terms; a fixed-percentage SAFE missing its
    // percentage is told of that alone.
    assert!(
        errors(&with(
            "[[safe]]\ninvestor = \"Angel\"\namount = \"100K\"\nmfn = true\n"
        ))
        .is_empty()
    );
    let fixed = errors(&with(
        "[[safe]]\ninvestor = \"YC\"\namount = \"125K\"\nkind = \"fixed-percentage\"\n",
    ));
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert_eq!(fixed[0].message, "the SAFE of \"YC\" has no `percentage`");
    // A note converting at a round needs one; a note dated after every round is outstanding
    // at the exits, repaid rather than converted, and needs none.
    let note = errors(&with(
        "[[note]]\ninvestor = \"Lender\"\nprincipal = \"100K\"\n",
    ));
    assert_eq!(note.len(), 1, "{note:?}");
    assert_eq!(note[0].message, neither("the note of \"Lender\""));
    let repaid = scenario(&with(
        "[[note]]\ninvestor = \"Lender\"\nprincipal = \"100K\"\nissued = 2026-07-01\n",
    ));
    assert_eq!(held_by(&repaid, "Lender").round, None);
}
