use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn weights_payouts_by_probability_exactly() {
    // Holder 0 invested 10: paid 0 (p 1/4), 5 (p 1/4), 30 (p 1/2):
    // expected 1/4 × 0 + 1/4 × 5 + 1/2 × 30 = 16.25; nothing 1/4; below 1x 1/4 + 1/4 = 1/2.
    // Holder 1 invested nothing: paid 7, 0 and 1.
    let cases = vec![
        Case {
            probability: vec![d("0.25")],
            holders: vec![(d("0"), d("10")), (d("7"), d("0"))],
        },
        Case {
            probability: vec![d("0.25")],
            holders: vec![(d("5"), d("10")), (d("0"), d("0"))],
        },
        Case {
            probability: vec![d("0.5")],
            holders: vec![(d("30"), d("10")), (d("1"), d("0"))],
        },
    ];
    let e = expected(&cases, 2).unwrap();
    assert_eq!(e[0].payout, d("16.25"));
    assert_eq!(e[0].nothing, d("0.25"));
    assert_eq!(e[0].below_1x, Some(d("0.5")));
    // 1/4 × 7 + 1/2 × 1 = 2.25
    assert_eq!(e[1].payout, d("2.25"));
    assert_eq!(e[1].nothing, d("0.25"));
    assert_eq!(e[1].below_1x, None);
}

#[test]
fn factors_multiply_exactly() {
    // 0.7 × 0.3 = 0.21 with payout 100 and 0.3 × 0.3 = 0.09 with payout 0: expected
    // 0.21 × 100 = 21, nothing 0.09, below 1x (invested 50) 0.09.
    let cases = vec![
        Case {
            probability: vec![d("0.7"), d("0.3")],
            holders: vec![(d("100"), d("50"))],
        },
        Case {
            probability: vec![d("0.3"), d("0.3")],
            holders: vec![(d("0"), d("50"))],
        },
    ];
    let e = expected(&cases, 1).unwrap();
    assert_eq!(e[0].payout, d("21"));
    assert_eq!(e[0].nothing, d("0.09"));
    assert_eq!(e[0].below_1x, Some(d("0.09")));
}

#[test]
fn a_payout_equal_to_the_money_is_not_below_1x() {
    let cases = vec![Case {
        probability: vec![Decimal::ONE],
        holders: vec![(d("10"), d("10"))],
    }];
    let e = expected(&cases, 1).unwrap();
    assert_eq!(e[0].below_1x, Some(Decimal::ZERO));
    assert_eq!(e[0].nothing, Decimal::ZERO);
}

#[test]
fn products_beyond_28_digits_are_summed_exactly_then_rounded_once() {
    // 0.5 × x = 1.5000…0005 has 29 significant digits: a decimal product would round it; the two
    // halves summed exactly give x back.
    let x = d("3.000000000000000000000000001");
    let cases = vec![
        Case {
            probability: vec![d("0.5")],
            holders: vec![(x, Decimal::ZERO)],
        },
        Case {
            probability: vec![d("0.5")],
            holders: vec![(x, Decimal::ZERO)],
        },
    ];
    assert_eq!(expected(&cases, 1).unwrap()[0].payout, x);
}

#[test]
fn the_expected_payouts_add_up_to_their_total() {
    // 0.5 × 1,000 = 500 and 0.5 × 300 = 150 expected: 500 + 150 = 650 in all.
    assert_eq!(total_payout([d("500"), d("150")]), Ok(d("650")));
    assert!(total_payout([Decimal::MAX, d("1")]).is_err());
}
