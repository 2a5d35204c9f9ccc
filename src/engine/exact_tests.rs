//! Unit tests of the exact solver's conversions from rationals; every expected figure is
//! worked by hand beside it.

use super::*;

fn r(n: i64, d: i64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

fn text(x: &Q) -> String {
    to_decimal(x, "x").unwrap().to_string()
}

/// A decimal price rounds the same way exactly (`round_price` here) and as a decimal
/// (`captable::round_price`): by hand, 1.23445 to 4 places is 1.2345 half away from zero and
/// 1.2345 up; 1.23441 is 1.2344 and 1.2345; 2.5 to none is 3 either way; −1.23445 is −1.2345
/// both ways (up is away from zero); 4 stays 4.
#[test]
fn prices_round_alike_exactly_and_as_decimals() {
    use crate::engine::captable;
    for (price, dp, nearest, up) in [
        ("1.23445", 4, "1.2345", "1.2345"),
        ("1.23441", 4, "1.2344", "1.2345"),
        ("2.5", 0, "3", "3"),
        ("-1.23445", 4, "-1.2345", "-1.2345"),
        ("4", 2, "4", "4"),
    ] {
        let x: Decimal = price.parse().unwrap();
        for (rule, want) in [(PriceRounding::Nearest, nearest), (PriceRounding::Up, up)] {
            let want: Decimal = want.parse().unwrap();
            assert_eq!(round_price(&q(x), dp, rule), Ok(want), "{price} {rule:?}");
            assert_eq!(
                captable::round_price(x, Some(dp), rule),
                Some(want),
                "{price} {rule:?}"
            );
        }
    }
}

#[test]
fn a_terminating_value_is_exact_and_has_no_trailing_zeros() {
    // 17 ÷ 8 = 2.125; 5,562,500 ÷ 1 = 5562500; 1 ÷ 1024 = 0.0009765625.
    assert_eq!(text(&r(17, 8)), "2.125");
    assert_eq!(text(&r(5_562_500, 1)), "5562500");
    assert_eq!(text(&r(1, 1024)), "0.0009765625");
    assert_eq!(text(&r(-9, 1)), "-9");
}

#[test]
fn a_repeating_value_is_rounded_once_to_28_significant_digits() {
    // 1/3 below 1: 28 decimal places. 10/3: one whole digit and 27 decimals, the 28th
    // significant digit rounded (…333|3 stays). 2/3: …666|6 rounds up to …667.
    assert_eq!(text(&r(1, 3)), "0.3333333333333333333333333333");
    assert_eq!(text(&r(10, 3)), "3.333333333333333333333333333");
    assert_eq!(text(&r(2, 3)), "0.6666666666666666666666666667");
    // 10,000,000 ÷ 3 = 3,333,333.3…: seven whole digits and 21 decimals.
    assert_eq!(text(&r(10_000_000, 3)), "3333333.333333333333333333333");
    // A rounded value keeps its 28 digits, a trailing zero included: 8/21 =
    // 0.380952 380952 … rounds up at its 28th digit to …3810.
    assert_eq!(text(&r(8, 21)), "0.3809523809523809523809523810");
}

#[test]
fn a_tie_at_the_28th_digit_rounds_half_to_even() {
    // 1 + 5 × 10^-28 has 29 significant digits: its 28th (the 27th decimal, 0) is even and
    // the rest is exactly half, so it stays 1. 1 + 15 × 10^-28: the 28th digit is 1 (odd),
    // so it rounds up to 1 + 2 × 10^-27.
    let ten28 = BigInt::from(10u128.pow(28));
    let one_and = |n: u32| Q::new(&ten28 + BigInt::from(n), ten28.clone());
    // (Rounded, it keeps its 28 digits: 1.000…0 with 27 zeros.)
    assert_eq!(text(&one_and(5)), "1.000000000000000000000000000");
    assert_eq!(text(&one_and(15)), "1.000000000000000000000000002");
}

#[test]
fn a_value_beyond_the_decimal_range_is_an_overflow_not_a_panic() {
    // Decimal's largest magnitude is 2^96 − 1 = 79,228,162,514,264,337,593,543,950,335.
    let max = Q::from_integer(BigInt::from((1u128 << 96) - 1));
    assert_eq!(text(&max), "79228162514264337593543950335");
    let beyond = Q::from_integer(BigInt::from(1u128 << 96));
    assert_eq!(
        to_decimal(&beyond, "a share count"),
        Err(Overflow::new("a share count"))
    );
    let far = Q::from_integer(BigInt::from(10u32).pow(40));
    assert!(to_decimal(&far, "x").is_err());
}

#[test]
fn share_counts_round_from_the_exact_value() {
    // 7/2 = 3.5: floor 3, nearest (half away from zero) 4, exact 3.5. A count just below a
    // whole number stays below it: 999,999,999,999/1,000,000,000 floors to 999.
    assert_eq!(
        round_shares(&r(7, 2), ShareRounding::Floor, "x"),
        Ok(Decimal::from(3))
    );
    assert_eq!(
        round_shares(&r(7, 2), ShareRounding::Nearest, "x"),
        Ok(Decimal::from(4))
    );
    assert_eq!(
        round_shares(&r(7, 2), ShareRounding::Exact, "x"),
        Ok(Decimal::new(35, 1))
    );
    assert_eq!(
        round_shares(
            &r(999_999_999_999, 1_000_000_000),
            ShareRounding::Floor,
            "x"
        ),
        Ok(Decimal::from(999))
    );
}

#[test]
fn decimals_become_exact_rationals() {
    assert_eq!(q(Decimal::new(2125, 3)), r(17, 8));
    assert_eq!(q(Decimal::new(-15, 2)), r(-3, 20));
}

#[test]
fn a_price_rounds_to_its_decimals_by_the_rule() {
    // 10/3 to 2 places: 3.33 (nearest), 3.34 (up); 1/8 = 0.125 to 2 places: 0.13 (half away
    // from zero).
    assert_eq!(
        round_price(&r(10, 3), 2, PriceRounding::Nearest),
        Ok(Decimal::new(333, 2))
    );
    assert_eq!(
        round_price(&r(10, 3), 2, PriceRounding::Up),
        Ok(Decimal::new(334, 2))
    );
    assert_eq!(
        round_price(&r(1, 8), 2, PriceRounding::Nearest),
        Ok(Decimal::new(13, 2))
    );
}

// The i128 fractions against `BigRational`, the arithmetic they stand in for: every operation
// on them must give the same value (and `to_decimal` the same decimal) as num-rational does,
// whether it stays in i128 or overflows to big integers. The operands include the edges of the
// i128 range, where a checked step fails and the big path takes over.

use proptest::prelude::*;

fn int() -> impl Strategy<Value = i128> {
    prop_oneof![
        -1000i128..1000,
        any::<i64>().prop_map(i128::from),
        any::<i128>(),
        (0u32..127, any::<bool>()).prop_map(|(k, neg)| {
            let v = (1i128 << k) - 1;
            if neg { -v } else { v }
        }),
        (0u32..39).prop_map(|k| 10i128.pow(k)),
        Just(i128::MAX),
        Just(i128::MIN + 1),
    ]
}

fn nonzero() -> impl Strategy<Value = i128> {
    int().prop_filter("a denominator", |d| *d != 0)
}

fn big(n: i128, d: i128) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// The same value as `Q::new` makes it (the big constructor, then i128 when it fits) and as
/// the small constructor makes it.
fn both(n: i128, d: i128) -> [Q; 2] {
    let small = if d > 0 {
        Q::small(n, d)
    } else {
        n.checked_neg().and_then(|n| Q::small(n, d.checked_neg()?))
    };
    let bigq = Q::new(BigInt::from(n), BigInt::from(d));
    [small.unwrap_or_else(|| bigq.clone()), bigq]
}

proptest! {
    #[test]
    fn fractions_compute_as_num_rational_does(
        a in int(), b in nonzero(), c in int(), d in nonzero(),
    ) {
        let (x, y) = (big(a, b), big(c, d));
        for l in both(a, b) {
            prop_assert_eq!(l.to_big(), x.clone());
            prop_assert_eq!(l.floor().to_big(), x.floor());
            prop_assert_eq!(l.ceil().to_big(), x.ceil());
            prop_assert_eq!(l.round().to_big(), x.round());
            prop_assert_eq!((-l.clone()).to_big(), -x.clone());
            prop_assert_eq!(to_decimal(&l, "x"), to_decimal(&Q(Repr::Big(Box::new(x.clone()))), "x"));
            if a != 0 {
                prop_assert_eq!(l.recip().to_big(), x.recip());
            }
            for r in both(c, d) {
                prop_assert_eq!((&l + &r).to_big(), &x + &y);
                prop_assert_eq!((&l - &r).to_big(), &x - &y);
                prop_assert_eq!((&l * &r).to_big(), &x * &y);
                if c != 0 {
                    prop_assert_eq!((&l / &r).to_big(), &x / &y);
                }
                prop_assert_eq!(l.cmp(&r), x.cmp(&y));
            }
        }
    }

    #[test]
    fn gcd_is_num_integers_gcd(a in int(), b in int()) {
        let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
        prop_assert_eq!(gcd(a, b), num_integer::Integer::gcd(&a, &b));
        prop_assert_eq!(gcd(a << 3, b << 5 >> 5), num_integer::Integer::gcd(&(a << 3), &(b << 5 >> 5)));
    }

    #[test]
    fn a_result_is_reduced_and_small_when_it_fits(a in int(), b in nonzero(), c in int(), d in nonzero()) {
        // The invariant the fast paths rely on: a small fraction is reduced, with a positive
        // denominator and a numerator other than i128::MIN.
        for l in both(a, b) {
            for r in both(c, d) {
                for v in [&l + &r, &l - &r, &l * &r, l.round(), l.floor()] {
                    let reference = v.to_big();
                    let fits = reference.numer().to_i128().is_some_and(|n| n != i128::MIN)
                        && reference.denom().to_i128().is_some();
                    match v.0 {
                        Repr::Small(n, d) => {
                            prop_assert!(d > 0 && n != i128::MIN);
                            prop_assert_eq!(gcd(n.unsigned_abs(), d.unsigned_abs()), 1);
                        }
                        Repr::Big(_) => prop_assert!(!fits, "{reference} fits in i128"),
                    }
                }
            }
        }
    }
}

#[test]
fn a_decimal_from_small_fractions_matches_the_big_path_at_the_edges() {
    // Denominators near 2^127, where the long division's chunks shrink to one digit or none,
    // and ties at the 28th digit; the reference is the big-integer path.
    let cases = [
        (1, i128::MAX),
        (i128::MAX - 1, i128::MAX),
        (i128::MAX, (1 << 126) + 1),
        (-(1 << 100), 3),
        (5, 10i128.pow(29)), // 5 × 10^-29: a tie at the 28th place, rounds to even 0
        (15, 10i128.pow(29)), // 1.5 × 10^-28 → 2 × 10^-28
        (10i128.pow(28) + 5, 10i128.pow(28)),
    ];
    for (n, d) in cases {
        let small = Q::small(n, d).unwrap();
        assert!(matches!(small.0, Repr::Small(..)));
        assert_eq!(
            to_decimal(&small, "x"),
            to_decimal(&Q(Repr::Big(Box::new(big(n, d)))), "x"),
            "{n}/{d}"
        );
    }
    // Worked by hand: 5 × 10^-29 rounds half to even to 0 at 28 places (kept as
    // 0.0000000000000000000000000000); 1.5 × 10^-28 rounds to 2 × 10^-28.
    assert_eq!(
        text(&Q::small(15, 10i128.pow(29)).unwrap()),
        "0.0000000000000000000000000002"
    );
}
