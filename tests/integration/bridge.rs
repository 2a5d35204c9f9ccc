//! `report --bridge`: the dilution bridge, each holder's change in ownership in a round split
//! into its causes by the Shapley value.
//!
//! Every expected figure is worked by hand from the case's terms: v(S), the holder's fully
//! diluted ownership when only the causes in S happen in the round, as an exact fraction; then
//! the Shapley value computed here, independently of the program, as the average over every
//! order of the causes of what each cause adds when it joins (n! orders, enumerated).

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use serde_json::Value;

use crate::common::{A12, Test, company, priced, report_json, stdout_of};

pub(crate) fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// An exact fraction string of the JSON ("n/d" or "n").
#[track_caller]
fn exact(value: &Value) -> BigRational {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a fraction string, got {value}"))
        .parse()
        .expect("a fraction")
}

fn bridge(scenario: &str) -> Value {
    report_json(scenario, &["--bridge"])
}

/// The bridge row of `holder` in round `round`.
#[track_caller]
fn row<'a>(json: &'a Value, round: usize, holder: &str) -> &'a Value {
    json["rounds"][round]["bridge"]["holders"]
        .as_array()
        .expect("rounds[].bridge.holders")
        .iter()
        .find(|h| h["holder"] == holder)
        .unwrap_or_else(|| panic!("no bridge row for {holder}"))
}

/// A row's parts by cause, exact.
fn parts(row: &Value) -> BTreeMap<String, BigRational> {
    row["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["cause"].as_str().expect("cause").to_string(),
                exact(&p["change_exact"]),
            )
        })
        .collect()
}

/// The Shapley value of each of `n` causes for the game `v` (v over subsets as bit masks),
/// by enumerating every one of the n! orders: a cause's value is the average of
/// v(before it ∪ {it}) − v(before it) over the orders.
pub(crate) fn shapley_by_orders(n: usize, v: &dyn Fn(u32) -> BigRational) -> Vec<BigRational> {
    let worth: Vec<BigRational> = (0..1u32 << n).map(v).collect();
    let mut sums = vec![BigRational::zero(); n];
    let mut orders = 0u64;
    let mut order: Vec<usize> = (0..n).collect();
    // Heap's algorithm, iterative: every permutation once.
    let mut c = vec![0usize; n];
    let mut visit = |order: &[usize]| {
        let mut joined = 0u32;
        for &i in order {
            sums[i] += &worth[(joined | 1 << i) as usize] - &worth[joined as usize];
            joined |= 1 << i;
        }
        orders += 1;
    };
    visit(&order);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                order.swap(0, i);
            } else {
                order.swap(c[i], i);
            }
            visit(&order);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    let count = BigRational::from_integer(BigInt::from(orders));
    assert_eq!(orders, (1..=n as u64).product::<u64>().max(1));
    sums.into_iter().map(|s| s / &count).collect()
}

/// Checks one row: one part per cause, the parts add up exactly to after − before.
#[track_caller]
fn check_row(json: &Value, round: usize, row: &Value) {
    let causes = json["rounds"][round]["bridge"]["causes"]
        .as_array()
        .expect("causes");
    let parts = row["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), causes.len(), "one part per cause: {row}");
    for (part, cause) in parts.iter().zip(causes) {
        assert_eq!(&part["cause"], cause);
    }
    let sum = parts
        .iter()
        .fold(BigRational::zero(), |s, p| s + exact(&p["change_exact"]));
    let change = exact(&row["after_exact"]) - exact(&row["before_exact"]);
    assert_eq!(sum, change, "the parts add up exactly to the change: {row}");
    assert_eq!(exact(&row["change_exact"]), change);
}

// Two causes, fully by hand. Founder: 1,000,000 shares, no pool. A round at $4M pre-money,
// one $6M investment, the pool topped up to 20% of the post-money fully diluted count inside
// the pre-money (pool_timing = "pre-money"):
// - v({}): nothing happens: the founder owns 1.
// - v({invest}): price 4M ÷ 1M = $4, 6M ÷ 4 = 1,500,000 new shares: 1M ÷ 2.5M = 2/5.
// - v({pool}): T = 20% × (1M + T), T = 250,000: 1M ÷ 1.25M = 4/5.
// - v({both}): pre-money count F = 1M + T, price 4M ÷ F, new shares 6M ÷ (4M ÷ F) = 1.5 F,
//   T = 20% × 2.5 F = 0.5 (1M + T), T = 1,000,000, F = 2M, total 5M: 1M ÷ 5M = 1/5.
// Shapley: invest ½[(2/5 − 1) + (1/5 − 4/5)] = −3/5; pool ½[(4/5 − 1) + (1/5 − 2/5)] = −1/5;
// −3/5 − 1/5 = −4/5 = 1/5 − 1. The investor owns 3/5 exactly when it invests (3M of 5M, or
// 1.5M of 2.5M): all of its +3/5 is the investment's; the pool owns 1/5 exactly when topped up
// (250K of 1.25M, 1M of 5M): all of its +1/5 is the pool's.
fn two_causes() -> String {
    company(
        "One investment and a pre-money pool top-up",
        &[("Founder", "1_000_000")],
    ) + &priced(
        "Seed",
        "pre_money = \"4M\"\npool_target = \"20%\"\npool_timing = \"pre-money\"",
        &[("Investor", "6M")],
    )
}

#[test]
fn two_causes_by_hand() {
    let json = bridge(&two_causes());
    let causes = &json["rounds"][0]["bridge"]["causes"];
    assert_eq!(causes[0], "investment: Investor");
    assert_eq!(causes[1], "pool top-up");
    assert_eq!(causes.as_array().map(Vec::len), Some(2));
    assert_eq!(json["rounds"][0]["bridge"]["method"], "shapley");
    assert_eq!(json["rounds"][0]["bridge"]["grouped"], 0);

    // v over bit masks: bit 0 = the investment, bit 1 = the pool.
    let founder = |s: u32| match s {
        0 => q(1, 1),
        1 => q(2, 5),
        2 => q(4, 5),
        _ => q(1, 5),
    };
    let by_orders = shapley_by_orders(2, &founder);
    assert_eq!(by_orders, vec![q(-3, 5), q(-1, 5)]);

    let f = row(&json, 0, "Founder");
    check_row(&json, 0, f);
    assert_eq!(exact(&f["before_exact"]), q(1, 1));
    assert_eq!(exact(&f["after_exact"]), q(1, 5));
    let p = parts(f);
    assert_eq!(p["investment: Investor"], q(-3, 5));
    assert_eq!(p["pool top-up"], q(-1, 5));
    assert_eq!(f["parts"][0]["change"], "-0.6");

    let investor = parts(row(&json, 0, "Investor"));
    assert_eq!(investor["investment: Investor"], q(3, 5));
    assert_eq!(investor["pool top-up"], q(0, 1));
    let pool = json["rounds"][0]["bridge"]["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .find(|h| h["holder"] != "Founder" && h["holder"] != "Investor")
        .expect("the pool's row");
    check_row(&json, 0, pool);
    let pool = parts(pool);
    assert_eq!(pool["investment: Investor"], q(0, 1));
    assert_eq!(pool["pool top-up"], q(1, 5));
}

#[test]
fn without_the_flag_there_is_no_bridge() {
    let json = report_json(&two_causes(), &[]);
    assert!(json["rounds"][0].get("bridge").is_none());
}

#[test]
fn outcomes_refuses_the_bridge_rather_than_ignoring_it() {
    let out = Test::new()
        .args(["outcomes", "-", "--bridge"])
        .stdin(&two_causes())
        .run();
    assert_eq!(out.code, 2, "a usage error: {}", out.stderr);
    assert!(
        out.stderr.contains("--bridge is a `report` option"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_table_has_a_column_per_cause() {
    let out = stdout_of(&["report", "-", "--bridge"], &two_causes());
    assert!(out.contains("Dilution bridge of Seed"), "{out}");
    assert!(out.contains("investment: Investor"), "{out}");
    assert!(out.contains("-60.00 pp"), "{out}");
    assert!(out.contains("-20.00 pp"), "{out}");
}

/// The founders' ownership together (9,000,000 shares) in A12 when only the causes in `s`
/// happen, exact, with no share rounding. Bits: 0 the Series A investment, 1 the pool top-up,
/// 2..6 the conversions of YC 7%, YC MFN, 1984 Ventures, Benchmark, Follow-on SAFE.
///
/// By hand from A12's terms (acceptance.rs, `a12_safe_stack_exact_prices`): each converting
/// post-money SAFE owns amount ÷ cap of the company capitalization K (the shares before the
/// round, 10,000,000, plus the SAFEs' shares; the cap price binds: cap ÷ K is below the round's
/// price 25M ÷ F in every case), the fixed-percentage SAFE 7% of K; the MFN SAFE keeps the $10M
/// cap of the SAFEs after it (a contract term, whether they convert or not). So
/// K = 10,000,000 ÷ (1 − Σ fᵢ). The pool top-up T is inside the pre-money count F = K + T; the
/// Series A buys 4M ÷ (25M ÷ F) = 0.16 F. With the pool, 750,000 + T = 10% of the total after:
/// with the investment 10% × 1.16 F, without it 10% × F. The founders own 9M ÷ the total.
pub(crate) fn a12_founders(s: u32) -> BigRational {
    let fractions = [
        q(7, 100),
        q(375_000, 10_000_000),
        q(750_000, 10_000_000),
        q(475_000, 10_000_000),
        q(500_000, 13_000_000),
    ];
    let mut claimed = BigRational::zero();
    for (i, f) in fractions.iter().enumerate() {
        if s >> (2 + i) & 1 == 1 {
            claimed += f;
        }
    }
    let k = q(10_000_000, 1) / (BigRational::one() - claimed);
    let invest = s & 1 == 1;
    let growth = if invest { q(116, 100) } else { q(1, 1) };
    let t = if s >> 1 & 1 == 1 {
        // 750,000 + T = 0.1 × growth × (K + T)  ⇒  T = (0.1 g K − 750,000) ÷ (1 − 0.1 g).
        let g = q(1, 10) * &growth;
        (&g * &k - q(750_000, 1)) / (BigRational::one() - &g)
    } else {
        BigRational::zero()
    };
    q(9_000_000, 1) / ((k + t) * growth)
}

/// A12 with the default rounding (whole shares, floored): the acceptance case as given.
pub(crate) fn a12() -> String {
    A12.to_string()
}

pub(crate) const A12_CAUSES: [&str; 7] = [
    "investment: Series A Lead",
    "pool top-up",
    "conversion: YC 7%",
    "conversion: YC MFN",
    "conversion: 1984 Ventures",
    "conversion: Benchmark",
    "conversion: Follow-on SAFE",
];

/// Founders A and B's parts together, exact.
fn a12_founder_parts(json: &Value) -> (Vec<BigRational>, BigRational, BigRational) {
    let mut sum = vec![BigRational::zero(); 7];
    let (mut before, mut after) = (BigRational::zero(), BigRational::zero());
    for founder in ["Founder A", "Founder B"] {
        let r = row(json, 0, founder);
        check_row(json, 0, r);
        let p = parts(r);
        for (s, cause) in sum.iter_mut().zip(A12_CAUSES) {
            *s += &p[cause];
        }
        before += exact(&r["before_exact"]);
        after += exact(&r["after_exact"]);
    }
    (sum, before, after)
}

fn close(a: &BigRational, b: &BigRational, within: &BigRational) -> bool {
    let d = a - b;
    (if d < BigRational::zero() { -d } else { d }) < *within
}

#[test]
fn a12_bridge_adds_up_has_a_part_per_cause_and_matches_the_hand_computation() {
    let json = bridge(A12);
    let bridge = &json["rounds"][0]["bridge"];
    let causes: Vec<&str> = bridge["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .map(|c| c.as_str().expect("a cause"))
        .collect();
    assert_eq!(causes, A12_CAUSES);
    // Every holder: one part per cause, exactly adding up to its change.
    for r in bridge["holders"].as_array().expect("holders") {
        check_row(&json, 0, r);
    }
    let (parts, before, after) = a12_founder_parts(&json);
    // "90% → 53.09%": 9,000,000 of 10,000,000 before, of the 16,953,609 shares after.
    assert_eq!(before, q(9, 10));
    assert_eq!(after, q(9_000_000, 16_953_609));
    let total = parts.iter().fold(BigRational::zero(), |s, p| s + p);
    assert_eq!(total, q(9_000_000, 16_953_609) - q(9, 10));

    // The hand computation (no share rounding) over all 7! = 5,040 orders; whole shares move
    // each v(S) by under 1e-6 (a few shares in 17 million).
    let hand = shapley_by_orders(7, &a12_founders);
    let hand_total = hand.iter().fold(BigRational::zero(), |s, p| s + p);
    assert_eq!(hand_total, a12_founders(0b111_1111) - q(9, 10));
    assert_eq!(a12_founders(0), q(9, 10));
    let within = q(1, 1_000_000);
    for ((p, h), cause) in parts.iter().zip(&hand).zip(A12_CAUSES) {
        assert!(close(p, h, &within), "{cause}: {p} against {h} by hand");
    }
    // The founders' all-causes ownership by hand is 53.09% too: 9M × 0.884 × 951 ÷ (1.16 ×
    // (13,000,000,000 − 750,000 × 951)) …
    assert!(close(&a12_founders(0b111_1111), &after, &within));
}

#[test]
fn a12_bridge_with_exact_shares_matches_the_hand_computation_closely() {
    // No share rounding: the engine's v(S) are its exact solutions to 28 digits, so the
    // program's parts agree with the hand's exact Shapley values to far below 1e-18.
    let json = bridge(&format!("{A12}\n[rounding]\nshares = \"exact\"\n"));
    let (founders, before, _) = a12_founder_parts(&json);
    assert_eq!(before, q(9, 10));
    let hand = shapley_by_orders(7, &a12_founders);
    let within = q(1, 1_000_000_000_000_000_000); // 1e-18
    for ((p, h), cause) in founders.iter().zip(&hand).zip(A12_CAUSES) {
        assert!(close(p, h, &within), "{cause}: {p} against {h} by hand");
    }
    // The Series A Lead owns 0.16 F ÷ 1.16 F = 4/29 whenever it invests, whatever else
    // happens: all of its change is the investment's, none the other causes'.
    let lead = parts(row(&json, 0, "Series A Lead"));
    assert!(close(
        &lead["investment: Series A Lead"],
        &q(4, 29),
        &within
    ));
    for cause in &A12_CAUSES[1..] {
        assert!(
            close(&lead[*cause], &BigRational::zero(), &within),
            "{cause}"
        );
    }
}

#[test]
fn more_than_twelve_causes_group_the_smallest() {
    // 14 investments in a priced round: $1M each from "Big 1".."Big 10", $100K each from
    // "Small 1".."Small 4" at $10M pre-money on the founder's 10,000,000 shares ($1 a share).
    // 14 > 12 causes: the 3 smallest (Small 1..3, in file order among equals) are grouped.
    let mut text = String::from(
        "[scenario]\nname = \"Many investors\"\n[[holder]]\nname = \"Founder\"\nshares = 10_000_000\n[[round]]\nname = \"A\"\npre_money = \"10M\"\n",
    );
    for i in 1..=10 {
        text.push_str(&format!(
            "[[round.investment]]\ninvestor = \"Big {i}\"\namount = \"1M\"\n"
        ));
    }
    for i in 1..=4 {
        text.push_str(&format!(
            "[[round.investment]]\ninvestor = \"Small {i}\"\namount = \"100K\"\n"
        ));
    }
    let json = bridge(&text);
    let b = &json["rounds"][0]["bridge"];
    assert_eq!(b["grouped"], 3);
    let causes = b["causes"].as_array().expect("causes");
    assert_eq!(causes.len(), 12);
    assert_eq!(causes[10], "investment: Small 4");
    assert_eq!(causes[11], "other (3 causes)");
    for r in b["holders"].as_array().expect("holders") {
        check_row(&json, 0, r);
    }
    // Before 1; after 10M ÷ (10M + 10 × 1M + 4 × 100K) = 10/20.4 = 25/51. With the price fixed
    // the founder's v(S) is 10M ÷ (10M + money in S): the ten $1M investments are symmetric and
    // get equal parts (the Shapley value's symmetry).
    let founder = row(&json, 0, "Founder");
    assert_eq!(exact(&founder["after_exact"]), q(25, 51));
    let p = parts(founder);
    for i in 2..=10 {
        assert_eq!(p[&format!("investment: Big {i}")], p["investment: Big 1"]);
    }
    // "Other" (3 × $100K, one player of $300K) takes more than Small 4 ($100K) alone.
    assert!(p["other (3 causes)"] < p["investment: Small 4"]);
}

#[test]
fn a_round_that_cannot_happen_without_a_cause_has_no_bridge_and_says_why() {
    // Grants of 150,000 from a pool of 100,000 need the round's top-up: v({investment}) and
    // v({}) are not defined, and neither is the split. The report still succeeds.
    let text = r#"
[scenario]
name = "Grant beyond the old pool"

[[holder]]
name = "Founder"
shares = 900_000

[[holder]]
name = "Pool"
shares = 100_000
pool = true

[[round]]
name = "Seed"
pre_money = "4M"
pool_target = "20%"
pool_timing = "pre-money"

[[round.investment]]
investor = "Investor"
amount = "1M"

[[round.grant]]
holder = "Hires"
shares = 150_000
exercise_price = "1.00"
"#;
    let json = bridge(text);
    let b = &json["rounds"][0]["bridge"];
    assert_eq!(b["holders"].as_array().map(Vec::len), Some(0));
    let why = b["unavailable"].as_str().expect("a reason");
    assert!(why.contains("\"pool top-up\""), "{why}");
    assert!(why.contains("grants"), "{why}");
    let ok = bridge(&two_causes());
    assert!(ok["rounds"][0]["bridge"]["unavailable"].is_null());
}
