//! Unit tests of `engine/secondary.rs`: the tender split, by hand. (Worked cases through
//! scenario files are in tests/integration/secondaries.rs.)

use rust_decimal::Decimal;

use super::{Sale, split};
use crate::scenario::model::{
    PartyId, Secondary, SecondaryPrice, SecondaryQuantity, SellerCap, ShareRounding,
};

fn tender(sellers: usize, cap: Option<SellerCap>) -> Secondary {
    Secondary {
        sellers: (0..sellers).map(PartyId::new).collect(),
        tender: true,
        common_only: false,
        buyer: PartyId::new(sellers),
        quantity: SecondaryQuantity::Shares(Decimal::ZERO),
        price: SecondaryPrice::PerShare(Decimal::ONE),
        when: None,
        when_text: None,
        class: None,
        cap,
        buyer_positions: Vec::new(),
        seller_positions: Vec::new(),
    }
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn parts(
    holdings: &[i64],
    quantity: i64,
    cap: Option<SellerCap>,
    rule: ShareRounding,
) -> Vec<Decimal> {
    let holdings: Vec<Decimal> = holdings.iter().map(|&h| d(h)).collect();
    let whole = rule != ShareRounding::Exact;
    match split(
        &tender(holdings.len(), cap),
        &holdings,
        d(quantity),
        whole,
        rule,
    ) {
        Ok(parts) => parts,
        Err(_) => panic!("the tender splits"),
    }
}

#[test]
fn equal_holders_split_a_remainder_to_the_first_listed() {
    // 100 × 1/3 = 33⅓ each: floors 33 + 33 + 33 = 99, one share left; the remainders tie
    // (⅓ each), so it goes to the first seller listed.
    assert_eq!(
        parts(&[100, 100, 100], 100, None, ShareRounding::Floor),
        [d(34), d(33), d(33)]
    );
}

#[test]
fn the_largest_remainder_gets_the_share_left() {
    // 7 × 50/100 = 3.5, 7 × 30/100 = 2.1, 7 × 20/100 = 1.4: floors 3 + 2 + 1 = 6; the share
    // left goes to the largest remainder, 0.5 (the first seller).
    assert_eq!(
        parts(&[50, 30, 20], 7, None, ShareRounding::Floor),
        [d(4), d(2), d(1)]
    );
    // 7 × 20/100 = 1.4, 7 × 30/100 = 2.1, 7 × 50/100 = 3.5: the same split, listed the other
    // way round: the remainder follows the fraction, not the place in the list.
    assert_eq!(
        parts(&[20, 30, 50], 7, None, ShareRounding::Floor),
        [d(1), d(2), d(4)]
    );
}

#[test]
fn a_capped_sellers_excess_goes_pro_rata_to_the_others() {
    // Holdings 600, 300, 100 sell 500, cap 250 each. Pro rata 300, 150, 50: the first passes
    // its cap and sells 250. The other 250 go 300 : 100 to the rest: 187.5 and 62.5 (under their
    // limits 250 and 100). Floors 187 + 62 = 249; the share left goes to the tie of 0.5
    // remainders' first seller: 188, 62.
    assert_eq!(
        parts(
            &[600, 300, 100],
            500,
            Some(SellerCap::Shares(d(250))),
            ShareRounding::Floor
        ),
        [d(250), d(188), d(62)]
    );
    // Cap 200: the first sells 200 (300 > 200); 300 left over 300 : 100 is 225 for the second,
    // over 200, so it sells 200; the last sells the 100 left, all it holds.
    assert_eq!(
        parts(
            &[600, 300, 100],
            500,
            Some(SellerCap::Shares(d(200))),
            ShareRounding::Floor
        ),
        [d(200), d(200), d(100)]
    );
}

#[test]
fn a_cap_as_a_percentage_is_of_each_sellers_holding() {
    // 20% of 600, 300, 100 is 120, 60, 20 = 200 in all: 200 is every cap exactly; pro rata
    // 150 is 90, 45, 15, under every cap.
    let cap = Some(SellerCap::Fraction(Decimal::new(2, 1)));
    assert_eq!(
        parts(&[600, 300, 100], 200, cap, ShareRounding::Floor),
        [d(120), d(60), d(20)]
    );
    assert_eq!(
        parts(&[600, 300, 100], 150, cap, ShareRounding::Floor),
        [d(90), d(45), d(15)]
    );
    let holdings = [d(600), d(300), d(100)];
    let too_many = split(
        &tender(3, cap),
        &holdings,
        d(201),
        true,
        ShareRounding::Floor,
    );
    assert!(matches!(
        too_many,
        Err(Sale::Fault(super::FaultKind::TenderTooLarge { holds, sells }))
            if holds == d(200) && sells == d(201)
    ));
}

#[test]
fn exact_shares_split_exactly_and_sum_to_the_total() {
    // 1 × 1/3 each: 0.333…3 (28 places) twice, and the last seller the rest, 0.333…4.
    let split = parts(&[1, 1, 1], 1, None, ShareRounding::Exact);
    let third = Decimal::ONE / d(3);
    assert_eq!(split[0], third);
    assert_eq!(split[1], third);
    assert_eq!(split[0] + split[1] + split[2], Decimal::ONE);
}

#[test]
fn a_seller_holding_nothing_sells_nothing() {
    assert_eq!(
        parts(&[0, 10, 30], 8, None, ShareRounding::Floor),
        [d(0), d(2), d(6)]
    );
}
