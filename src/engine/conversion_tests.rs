//! Unit tests of `conversion`: which term sets a conversion's price. Every expected figure is
//! worked by hand beside it.

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A $100K instrument of `kind` with `cap` and `discount`.
fn terms(kind: InstrumentKind, cap: Option<&str>, discount: Option<&str>) -> Terms_ {
    Terms_ {
        kind,
        party: PartyId::new(0),
        position: PositionId::new(0),
        amount: d("100000"),
        cap: cap.map(d),
        discount: discount.map(d),
    }
}

/// Converts at a round priced $10M pre-money on 1,000,000 shares ($10.00 a share), the cap
/// base and the capitalization both 1,000,000 shares.
fn convert(t: &Terms_, up: Option<u32>) -> Conversion {
    let (pre, count) = (d("10000000"), d("1000000"));
    let ratio = up.is_none().then_some((pre, count));
    conversion(t, count, count, d("10"), ratio, up).unwrap()
}

#[test]
fn the_cap_wins_when_its_price_is_lowest() {
    // Cap price 5M ÷ 1M = $5.00 < discount price 0.8 × $10 = $8.00 < round price $10.00:
    // 100K ÷ 5 = 20,000 shares.
    for kind in [
        InstrumentKind::PostMoneySafe,
        InstrumentKind::PreMoneySafe,
        InstrumentKind::Note,
    ] {
        let c = convert(&terms(kind, Some("5000000"), Some("0.2")), None);
        assert_eq!(c.basis, PriceTerm::Cap);
        assert_eq!(c.price, d("5"));
        assert_eq!(c.shares, d("20000"));
        assert_eq!(c.cap_price, Some(d("5")));
        assert_eq!(c.discount_price, Some(d("8")));
    }
}

#[test]
fn the_discount_wins_when_its_price_is_lowest() {
    // Cap price 9M ÷ 1M = $9.00 > discount price 0.8 × $10 = $8.00: 100K ÷ 8 = 12,500 shares.
    let c = convert(
        &terms(InstrumentKind::Note, Some("9000000"), Some("0.2")),
        None,
    );
    assert_eq!(c.basis, PriceTerm::Discount);
    assert_eq!(c.price, d("8"));
    assert_eq!(c.shares, d("12500"));
}

#[test]
fn the_round_price_wins_when_the_cap_is_above_it() {
    // Cap price 20M ÷ 1M = $20.00 > round price $10.00 (no discount): the holder takes the
    // greater share count, 100K ÷ 10 = 10,000 shares, not 100K ÷ 20 = 5,000.
    for kind in [
        InstrumentKind::PostMoneySafe,
        InstrumentKind::PreMoneySafe,
        InstrumentKind::Note,
    ] {
        let c = convert(&terms(kind, Some("20000000"), None), None);
        assert_eq!(c.basis, PriceTerm::RoundPrice);
        assert_eq!(c.price, d("10"));
        assert_eq!(c.shares, d("10000"));
        assert_eq!(c.cap_price, Some(d("20")));
    }
    // An uncapped SAFE with no discount (an MFN SAFE with nothing to copy) also converts at it.
    let c = convert(&terms(InstrumentKind::PostMoneySafe, None, None), None);
    assert_eq!(c.basis, PriceTerm::RoundPrice);
    assert_eq!(c.shares, d("10000"));
}

#[test]
fn ties_are_named_cap_then_discount() {
    // Cap price $8.00 = discount price 0.8 × $10: the cap names it; 12,500 shares either way.
    let c = convert(
        &terms(InstrumentKind::Note, Some("8000000"), Some("0.2")),
        None,
    );
    assert_eq!(c.basis, PriceTerm::Cap);
    assert_eq!(c.shares, d("12500"));
    // Cap price $10.00 = the round price: the cap names it.
    let c = convert(&terms(InstrumentKind::Note, Some("10000000"), None), None);
    assert_eq!(c.basis, PriceTerm::Cap);
    assert_eq!(c.shares, d("10000"));
}

#[test]
fn a_fixed_percentage_safe_takes_its_fraction_of_the_capitalization() {
    // 7% of 1,000,000 = 70,000 shares, whatever the round price; 100K ÷ 70,000 = $1.428571…
    let c = convert(
        &terms(InstrumentKind::FixedPercentage(d("0.07")), None, None),
        None,
    );
    assert_eq!(c.basis, PriceTerm::FixedPercentage);
    assert_eq!(c.shares, d("70000"));
    assert_eq!(c.cap_price, None);
    assert_eq!(c.discount_price, None);
}

#[test]
fn prices_up_rounds_cap_and_discount_prices_up() {
    // On 7,000,000 shares: cap price 3M ÷ 7M = $0.428571…,
    // up to 2 decimals $0.43: 100K ÷ 0.43 = 232,558.139… shares (exact: 233,333.3…).
    let t = terms(InstrumentKind::Note, Some("3000000"), Some("0.3"));
    let seven = d("7000000");
    let c = conversion(&t, seven, seven, d("10"), None, Some(2)).unwrap();
    assert_eq!(c.cap_price, Some(d("0.43")));
    assert_eq!(c.basis, PriceTerm::Cap);
    assert_eq!(c.shares.floor(), d("232558"));
    // Discount 30% of a $0.61 round price: 0.427 → $0.43 up; the tie names the cap.
    let c = conversion(&t, seven, seven, d("0.61"), None, Some(2)).unwrap();
    assert_eq!(c.discount_price, Some(d("0.43")));
    assert_eq!(c.basis, PriceTerm::Cap);
    // A $0.60 round price: discount price 0.42 exactly, below the cap's $0.43.
    let c = conversion(&t, seven, seven, d("0.6"), None, Some(2)).unwrap();
    assert_eq!(c.discount_price, Some(d("0.42")));
    assert_eq!(c.basis, PriceTerm::Discount);
}

#[test]
fn price_terms_are_named_as_workings_show_them() {
    assert_eq!(PriceTerm::Cap.to_string(), "cap");
    assert_eq!(PriceTerm::Discount.to_string(), "discount");
    assert_eq!(PriceTerm::RoundPrice.to_string(), "round price");
    assert_eq!(PriceTerm::FixedPercentage.to_string(), "fixed percentage");
}

/// A $500K post-money SAFE capped at $5M converting in a $20M-pre-money Series A on 9,000,000
/// founder shares, where the investor puts in $5M. By the YC post-money SAFE: "Safe Price"
/// means the price per share equal to the Post-Money Valuation Cap divided by the Company
/// Capitalization, which counts the shares the SAFEs convert into (but not the new money's).
/// With `S` the SAFE's shares: Company Capitalization K = 9,000,000 + S, Safe Price = 5M ÷ K,
/// S = 500,000 ÷ (5M ÷ K) = K ÷ 10, so K = 9,000,000 + K ÷ 10, K = 10,000,000, S = 1,000,000,
/// Safe Price = $0.50 (the SAFE owns 500K ÷ 5M = 10% of K, as its post-money cap promises).
/// The round's pre-money count counts the post-money SAFE's shares: 9,000,000 + 1,000,000 =
/// 10,000,000, so the price is $20M ÷ 10,000,000 = $2.00 (above the $0.50 cap price: the cap
/// wins). The investor buys $5M ÷ $2 = 2,500,000 shares; 12,500,000 after; ownership:
/// founders 9/12.5 = 72%, the SAFE 1/12.5 = 8%, the investor 2.5/12.5 = 20%.
#[test]
fn a_post_money_safe_converts_at_its_cap_by_hand() {
    use crate::engine::rounds::{CapTable, apply_round_with_workings};
    let mut sources = crate::diagnostic::Sources::default();
    let text = r#"
[scenario]
name = "A post-money SAFE, worked by hand"

[[holder]]
name = "Founders"
shares = 9_000_000

[[safe]]
investor = "SAFE Investor"
amount = "500K"
cap = "5M"
converts_at = "Series A"

[[round]]
name = "Series A"
pre_money = "20M"

[[round.investment]]
investor = "Lead"
amount = "5M"
"#;
    let model = match crate::scenario::load_text("safe.toml", text.into(), &mut sources) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => panic!("invalid scenario: {problems:?}"),
    };
    let mut table = CapTable::initial(&model);
    let mut workings = Workings::default();
    let figures = apply_round_with_workings(
        &model,
        0,
        crate::scenario::model::ConditionSet::EMPTY,
        &mut table,
        &mut workings,
    )
    .expect("the round computes");
    assert_eq!(workings.company_capitalization, Some(d("10000000")));
    assert_eq!(workings.pre_money_count, d("10000000"));
    assert_eq!(workings.price_per_share, d("2"));
    assert_eq!(figures.price_per_share, Some(d("2")));
    assert_eq!(figures.post_money, d("25000000"));
    let [safe] = workings.conversions.as_slice() else {
        panic!("one conversion: {:?}", workings.conversions);
    };
    assert_eq!(safe.basis, PriceTerm::Cap);
    assert_eq!(safe.cap_price, Some(d("0.5")));
    assert_eq!(safe.conversion_price, d("0.5"));
    assert_eq!(safe.shares, d("1000000"));
    let total = table.total().expect("a total");
    assert_eq!(total, d("12500000"));
    for (name, shares, fraction) in [
        ("Founders", "9000000", "0.72"),
        ("SAFE Investor", "1000000", "0.08"),
        ("Lead", "2500000", "0.2"),
    ] {
        let p = model.party_index(name).expect("a party");
        assert_eq!(table.units[p], d(shares), "{name}");
        assert_eq!(table.ownership(p, total), Ok(d(fraction)), "{name}");
    }
}
