//! Options and warrants with a strike: exercised at an exit only when in the money (cash
//! exercise, payouts net of strike), their strikes as breakpoints, warrant coverage, grants
//! from the pool, `report --basis`, and a post-money SAFE whose capitalization counts options.
//!
//! Every expected figure is worked by hand here, as exact fractions written beside it, or
//! (the property) recomputed by an independent brute force over every exercise set.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Test, company, decimal, exit_json, holder, priced, report_json, stdout_of};

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// Each `(holder, payout)` of `rows` is what `exit` pays, as an exact decimal.
#[track_caller]
fn assert_paid(exit: &Value, rows: &[(&str, &str)]) {
    for (name, expected) in rows {
        let paid = decimal(&holder(exit, name)["payout"]);
        assert_eq!(paid, d(expected), "{name}'s payout at {}", exit["name"]);
    }
}

fn sum_payouts(exit: &Value) -> Decimal {
    exit["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .map(|h| decimal(&h["payout"]))
        .sum()
}

/// Three founders of 3,000,000 shares each and options on 1,000,000 shares struck at $2.
fn struck_at_two() -> String {
    company(
        "Options at $2",
        &[
            ("F1", "3_000_000"),
            ("F2", "3_000_000"),
            ("F3", "3_000_000"),
        ],
    ) + r#"
[[holder]]
name = "Employees"
kind = "option"
exercise_price = "2"
shares = 1_000_000
"#
}

#[test]
fn options_struck_at_two_dollars_are_exercised_only_above_it_net_of_strike() {
    let json = exit_json(&struck_at_two(), &["15M", "18M", "19999999.99", "30M"]);
    let exits = json["exits"].as_array().expect("exits");

    // $15M: common alone gets 15M ÷ 9M = $1.6667 a share < $2: not exercised, common takes all.
    let low = &exits[0];
    assert_eq!(holder(low, "Employees")["exercised"], false);
    assert_eq!(decimal(&holder(low, "Employees")["payout"]), Decimal::ZERO);
    assert_eq!(
        decimal(&holder(low, "Employees")["strike_cost"]),
        Decimal::ZERO
    );
    assert_eq!(decimal(&holder(low, "F1")["payout"]), d("5000000"));
    assert_eq!(sum_payouts(low), d("15000000"));

    // $18M: exactly $2 a share, a tie: exercising gains nothing, so it is not exercised.
    let tie = &exits[1];
    assert_eq!(holder(tie, "Employees")["exercised"], false);
    assert_eq!(decimal(&holder(tie, "F3")["payout"]), d("6000000"));

    // $19,999,999.99: exercised. Price = (19,999,999.99 + 1,000,000 × 2) ÷ 10,000,000
    // = 2.199999999; each founder 3,000,000 × 2.199999999 = 6,599,999.997 (floor .99, remainder
    // .007); the options 1,000,000 × (2.199999999 − 2) = 199,999.999 net (floor .99, remainder
    // .009). Floors sum to 19,999,999.96: 3 cents left, to the options (.009), then F1 and F2
    // (.007, ties in file order).
    let mid = &exits[2];
    let employees = holder(mid, "Employees");
    assert_eq!(employees["exercised"], true);
    assert_eq!(decimal(&employees["payout"]), d("200000.00"));
    assert_eq!(decimal(&employees["strike_cost"]), d("2000000"));
    assert_eq!(decimal(&employees["gross"]), d("2200000.00"));
    assert_eq!(decimal(&employees["payout_exact"]), d("199999.999"));
    assert_eq!(decimal(&holder(mid, "F1")["payout"]), d("6600000.00"));
    assert_eq!(decimal(&holder(mid, "F2")["payout"]), d("6600000.00"));
    assert_eq!(decimal(&holder(mid, "F3")["payout"]), d("6599999.99"));
    assert_eq!(sum_payouts(mid), d("19999999.99"));

    // $30M: (30M + 2M) ÷ 10M = $3.20 a share; options 1M × 1.20 = $1.2M net, founders 9.6M each.
    let high = &exits[3];
    assert_paid(high, &[("Employees", "1200000"), ("F2", "9600000")]);
    assert_eq!(sum_payouts(high), d("30000000"));

    // The strike is a breakpoint: common reaches $2 a share at 9,000,000 × 2 = $18M.
    let breakpoints = json["breakpoints"].as_array().expect("breakpoints");
    assert!(
        breakpoints
            .iter()
            .any(|b| decimal(&b["value"]) == d("18000000") && b["name"] == "options of Employees"),
        "{breakpoints:?}"
    );
}

const TWO_STRIKES: &str = r#"
[scenario]
name = "Two strikes"

[[holder]]
name = "Common"
shares = 8_000_000

[[holder]]
name = "Early"
kind = "option"
exercise_price = "1"
shares = 1_000_000

[[holder]]
name = "Late"
kind = "warrant"
exercise_price = "3"
shares = 1_000_000
"#;

#[test]
fn two_strikes_one_exercised_and_one_not() {
    let json = exit_json(TWO_STRIKES, &["20M", "35M"]);
    let exits = json["exits"].as_array().expect("exits");
    // $20M: 20M ÷ 8M = 2.5 > 1, so Early exercises: (20M + 1M) ÷ 9M = 7/3 a share; 7/3 < 3,
    // so Late does not. Common 8M × 7/3 = 18,666,666.666…; Early 1M × (7/3 − 1) =
    // 1,333,333.333…; floors 18,666,666.66 + 1,333,333.33 leave one cent, to common (.0066…
    // beats .0033…).
    let at20 = &exits[0];
    assert_eq!(holder(at20, "Early")["exercised"], true);
    assert_eq!(holder(at20, "Late")["exercised"], false);
    assert_eq!(decimal(&holder(at20, "Common")["payout"]), d("18666666.67"));
    assert_eq!(decimal(&holder(at20, "Early")["payout"]), d("1333333.33"));
    assert_eq!(decimal(&holder(at20, "Late")["payout"]), Decimal::ZERO);
    assert_eq!(sum_payouts(at20), d("20000000"));
    // $35M: (35M + 1M) ÷ 9M = 4 > 3, so Late exercises too: (36M + 3M) ÷ 10M = 3.9.
    // Common 31.2M, Early 1M × 2.9 = 2.9M, Late 1M × 0.9 = 0.9M.
    let at35 = &exits[1];
    assert_eq!(decimal(&holder(at35, "Common")["payout"]), d("31200000"));
    assert_eq!(decimal(&holder(at35, "Early")["payout"]), d("2900000"));
    assert_eq!(decimal(&holder(at35, "Late")["payout"]), d("900000"));
    assert_eq!(decimal(&holder(at35, "Late")["gross"]), d("3900000"));
    assert_eq!(sum_payouts(at35), d("35000000"));
    // Breakpoints at each strike: Early at 8M × 1 = $8M; Late where common gets $3:
    // 8M × 3 + 1M × (3 − 1) = $26M (Early's shares, having paid $1M, take 3M of it).
    let values: Vec<(Decimal, String)> = json["breakpoints"]
        .as_array()
        .expect("breakpoints")
        .iter()
        .map(|b| {
            (
                decimal(&b["value"]),
                b["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        values.contains(&(d("8000000"), "options of Early".into())),
        "{values:?}"
    );
    assert!(
        values.contains(&(d("26000000"), "warrants of Late".into())),
        "{values:?}"
    );
}

/// Common 7,000,000; A 2,000,000 of the 1x class `series_a` (with the TOML lines `terms`)
/// bought for `invested`; Staff's options on 1,000,000 at $1.
fn behind_series_a(name: &str, terms: &str, invested: &str) -> String {
    format!(
        r#"
[scenario]
name = "{name}"

[class.series_a]
preference = "1x"
{terms}
[[holder]]
name = "Common"
shares = 7_000_000

[[holder]]
name = "A"
shares = 2_000_000
class = "series_a"
invested = "{invested}"

[[holder]]
name = "Staff"
kind = "option"
exercise_price = "1"
shares = 1_000_000
"#
    )
}

#[test]
fn options_wait_behind_a_preference() {
    // A 1x non-participating Series A ($4M for 2,000,000 shares) over 7,000,000 common and
    // options on 1,000,000 at $1. At $10M: the preference takes 4M, common 6M ÷ 7M < 1 ... but
    // converting pays the A 2M × p: with p the common price. Not converting: common gets
    // 6M over 7M shares = 0.857 < 1, options out; the A keeps 4M (as common it would get
    // 10M × 2/9 = 2.22M). So options are not exercised.
    // At $20M: staying, common (20M − 4M) = 16M over 7M = 2.29 > 1: options exercise:
    // (16M + 1M) ÷ 8M = 2.125 a share; the A as converted would get (20M + 1M) ÷ 10M × 2M
    // = 4.2M > 4M, so it converts: price 2.1, options 1M × 1.1 = 1.1M, A 4.2M, common 14.7M.
    let text = behind_series_a("Behind a preference", "", "4M");
    let json = exit_json(&text, &["10M", "20M"]);
    let exits = json["exits"].as_array().expect("exits");
    assert_eq!(holder(&exits[0], "Staff")["exercised"], false);
    assert_paid(&exits[0], &[("A", "4000000"), ("Common", "6000000")]);
    let at20 = &exits[1];
    assert_eq!(holder(at20, "A")["converted"], true);
    assert_eq!(decimal(&holder(at20, "A")["payout"]), d("4200000"));
    assert_eq!(decimal(&holder(at20, "Staff")["payout"]), d("1100000"));
    assert_eq!(decimal(&holder(at20, "Common")["payout"]), d("14700000"));
    assert_eq!(sum_payouts(at20), d("20000000"));
}

#[test]
fn strikes_and_caps_are_breakpoints_together() {
    // A 1x participating Series A capped at 3x ($2M for 2,000,000 shares), common 7,000,000,
    // options on 1,000,000 at $1. Common's price per share is λ = residual ÷ units:
    // - strike: λ = 1 at 2M (preference) + 7M × 1 + min(2M × 1, room 4M) = $11M;
    // - cap: the A's residual reaches its room 4M at λ = 2: 2M + 7M × 2 + 4M + the options'
    //   1M × (2 − 1) = $21M;
    // - conversion: capped at 6M, the A converts when 2M × λ > 6M, λ = 3 with everything
    //   converted and exercised: (V + 1M) ÷ 10M = 3 at V = $29M.
    // At $25M: 26M in, the A capped at 6M, 20M over 8M units = 2.5: common 17.5M, options
    // 1M × 2.5 = 2.5M gross, 1.5M net.
    let text = behind_series_a("Capped", "participating = true\ncap = \"3x\"\n", "2M");
    let json = exit_json(&text, &["25M"]);
    let events: Vec<(Decimal, String)> = json["breakpoints"]
        .as_array()
        .expect("breakpoints")
        .iter()
        .map(|b| {
            (
                decimal(&b["value"]),
                b["event"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let at = |v: &str, what: &str| events.iter().any(|(x, e)| *x == d(v) && e.contains(what));
    assert!(at("11000000", "exercised"), "{events:?}");
    assert!(at("21000000", "participation cap"), "{events:?}");
    assert!(at("29000000", "converts"), "{events:?}");
    let exit = &json["exits"][0];
    assert_paid(exit, &[("Common", "17500000"), ("A", "6000000")]);
    assert_eq!(decimal(&holder(exit, "Staff")["gross"]), d("2500000"));
    assert_eq!(decimal(&holder(exit, "Staff")["payout"]), d("1500000"));
}

#[test]
fn a_warrant_written_as_coverage_has_coverage_times_amount_over_strike_shares() {
    // 7% of $1M at $3.00: 70,000 ÷ 3 = 23,333.33…, rounded down (the default) to 23,333; with
    // [rounding] shares = "nearest" also 23,333; 10% of $3M at $1.50 is exactly 200,000.
    let text = |rounding: &str| {
        format!(
            r#"
[scenario]
name = "Coverage"
{rounding}
[[holder]]
name = "Founders"
shares = 1_000_000

[[holder]]
name = "Lender"
kind = "warrant"
exercise_price = "3.00"
coverage = "7%"
amount = "1M"

[[holder]]
name = "Bank"
kind = "warrant"
exercise_price = "1.50"
coverage = "10%"
amount = "3M"
"#
        )
    };
    for rounding in ["", "[rounding]\nshares = \"nearest\"\n"] {
        let json = report_json(&text(rounding), &[]);
        let holders = json["as_given"]["holders"].as_array().expect("holders");
        assert_eq!(decimal(&holders[1]["shares"]), d("23333"));
        assert_eq!(decimal(&holders[2]["shares"]), d("200000"));
    }
    let json = report_json(&text("[rounding]\nshares = \"exact\"\n"), &[]);
    let shares = decimal(&json["as_given"]["holders"][1]["shares"]);
    // 70,000 ÷ 3 = 23,333.3…, to 28 significant digits (the contract's one rounding).
    assert_eq!(shares, d("23333.33333333333333333333333"));
}

/// Founders 6,000,000; a 2,000,000 reserve of which 1,000,000 is granted as options at $0.50;
/// an angel's 1,000,000; a $2.5M seed at $10M pre-money.
const GRANTS: &str = r#"
[scenario]
name = "Grants"

[[holder]]
name = "Founders"
shares = 6_000_000

[[holder]]
name = "Option pool"
shares = 2_000_000
pool = true

[[holder]]
name = "Employees"
kind = "option"
exercise_price = "0.50"
shares = 1_000_000
from_pool = true

[[holder]]
name = "Angel"
shares = 1_000_000

[[round]]
name = "Seed"
pre_money = "10M"

[[round.investment]]
investor = "Fund"
amount = "2.5M"
"#;

#[test]
fn grants_come_out_of_the_pool_and_options_count_fully_diluted() {
    let json = report_json(GRANTS, &[]);
    assert_eq!(json["basis"], "fully-diluted");
    let round = &json["rounds"][0];
    // Fully diluted before the round: 6M + (2M − 1M) + 1M + 1M = 9M, so the price is
    // 10M ÷ 9M = 1.1111…; the fund buys ⌊2.5M ÷ (10/9)⌋ = 2,250,000.
    assert_eq!(
        decimal(&round["price_per_share"]),
        Decimal::from(10) / Decimal::from(9)
    );
    let shares = |name: &str| decimal(&holder(round, name)["shares"]);
    assert_eq!(shares("Option pool"), d("1000000"));
    assert_eq!(shares("Employees"), d("1000000"));
    assert_eq!(shares("Fund"), d("2250000"));
    // Founders own 6 ÷ 11.25 = 8/15 fully diluted.
    let founders = &round["holders"][0];
    assert_eq!(
        decimal(&founders["ownership"]),
        Decimal::from(8) / Decimal::from(15)
    );
}

#[test]
fn a_round_grant_moves_shares_from_the_topped_up_pool_at_the_closing() {
    // Founders 9,000,000; $1M at $9M pre-money: $1.00 a share, 1,000,000 new shares; the pool
    // topped up after the price to 10% of the total T: T = 10,000,000 + 0.1 T, T =
    // 11,111,111.1…, top-up ⌊1,111,111.1…⌋ = 1,111,111; 400,000 granted at the closing leave
    // 711,111. The price and the fund's ownership (1,000,000 ÷ 11,111,111) do not move.
    let text = |grant: bool| {
        let mut text = String::from(
            &(company("Round grants", &[("Founders", "9_000_000")])
                + &priced(
                    "Seed",
                    "pre_money = \"9M\"\npool_target = \"10%\"\npool_timing = \"post-money\"",
                    &[("Fund", "1M")],
                )),
        );
        if grant {
            text.push_str("\n[[round.grant]]\nholder = \"First hires\"\nshares = 400_000\nexercise_price = \"1.00\"\n");
        }
        text
    };
    let with = report_json(&text(true), &[]);
    let without = report_json(&text(false), &[]);
    let shares = |json: &Value, name: &str| {
        json["rounds"][0]["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .find(|h| h["name"] == name)
            .map(|h| decimal(&h["shares"]))
    };
    assert_eq!(shares(&without, "Option pool"), Some(d("1111111")));
    assert_eq!(shares(&with, "Option pool"), Some(d("711111")));
    assert_eq!(shares(&with, "First hires"), Some(d("400000")));
    assert_eq!(shares(&without, "First hires"), None);
    assert_eq!(
        with["rounds"][0]["price_per_share"],
        without["rounds"][0]["price_per_share"]
    );
    let fund = |json: &Value| {
        json["rounds"][0]["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .find(|h| h["name"] == "Fund")
            .map(|h| h["ownership"].clone())
    };
    assert_eq!(fund(&with), fund(&without));
    // At $20M the grant is exercised: (20M + 0.4M) ÷ 10.4M = 51/26 a share. Founders
    // 9M × 51/26 = 17,653,846.1538…, the fund 1M × 51/26 = 1,961,538.4615…, the hires net
    // 400,000 × (51/26 − 1) = 384,615.3846…; the floors sum to 19,999,999.99 and the cent
    // left goes to the largest remainder, the hires' .0046: 384,615.39.
    let json = exit_json(&text(true), &["20M"]);
    let hires = holder(&json["exits"][0], "First hires");
    assert_eq!(hires["kind"], "option");
    assert_eq!(decimal(&hires["payout"]), d("384615.39"));
    assert_eq!(
        decimal(&holder(&json["exits"][0], "Founders")["payout"]),
        d("17653846.15")
    );
    assert_eq!(sum_payouts(&json["exits"][0]), d("20000000"));
}

#[test]
fn basis_outstanding_leaves_out_options_and_the_pool() {
    let json = report_json(GRANTS, &["--basis", "outstanding"]);
    assert_eq!(json["basis"], "outstanding");
    let round = &json["rounds"][0];
    let names: Vec<&str> = round["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .map(|h| h["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Founders", "Angel", "Fund"]);
    // Outstanding after: 6M + 1M + 2.25M = 9.25M; before: 7M. Prices are unchanged.
    let h = &round["holders"];
    assert_eq!(
        decimal(&h[0]["ownership"]),
        Decimal::from(24) / Decimal::from(37)
    ); // 6 ÷ 9.25
    assert_eq!(
        decimal(&h[0]["ownership_before"]),
        Decimal::from(6) / Decimal::from(7)
    );
    assert_eq!(
        decimal(&h[2]["ownership"]),
        Decimal::from(9) / Decimal::from(37)
    ); // 2.25 ÷ 9.25
    assert_eq!(
        decimal(&round["price_per_share"]),
        Decimal::from(10) / Decimal::from(9)
    );
    // The outcome rows follow the same basis.
    let outcome = &json["outcomes"][0]["holders"];
    assert_eq!(outcome.as_array().map(Vec::len), Some(3));
    assert_eq!(
        decimal(&outcome[1]["ownership"]),
        Decimal::from(4) / Decimal::from(37)
    ); // 1 ÷ 9.25
    // Tables say which basis they show.
    let table = stdout_of(&["report", "-", "--basis", "outstanding"], GRANTS);
    assert!(table.contains("issued and outstanding"), "{table}");
    assert!(!table.contains("Employees"), "{table}");
    let csv = stdout_of(
        &["report", "-", "--basis", "outstanding", "--format", "csv"],
        GRANTS,
    );
    assert!(csv.contains("0.6486486486486486486486486486"), "{csv}");
    assert!(!csv.contains("Option pool"), "{csv}");
}

#[test]
fn a_post_money_safe_capitalization_counts_the_options() {
    // YC post-money SAFE: "Company Capitalization" includes all issued and outstanding Options.
    // Founders 9,000,000 and options on 1,000,000; a $1M SAFE at a $10M post-money cap owns
    // 1/10 of the capitalization including its own shares: K = 10,000,000 ÷ (1 − 1/10) =
    // 11,111,111.11…, its shares ⌊K ÷ 10⌋ = 1,111,111. Without the options it would be
    // ⌊9,000,000 ÷ 0.9 ÷ 10⌋ = 1,000,000.
    let text = r#"
[scenario]
name = "SAFE over options"

[[holder]]
name = "Founders"
shares = 9_000_000

[[holder]]
name = "Employees"
kind = "option"
exercise_price = "0.10"
shares = 1_000_000

[[safe]]
investor = "Angel"
amount = "1M"
cap = "10M"

[[round]]
name = "Series A"
pre_money = "30M"

[[round.investment]]
investor = "Lead"
amount = "5M"
"#;
    let json = report_json(text, &[]);
    let conversion = &json["rounds"][0]["workings"]["conversions"][0];
    assert_eq!(decimal(&conversion["shares"]), d("1111111"));
    // The cap price: $10M ÷ K = 0.9.
    assert_eq!(decimal(&conversion["cap_price"]), d("0.9"));
}

#[test]
fn option_keys_are_checked() {
    let out = Test::new()
        .args(["check", "-"])
        .stdin(
            r#"
[scenario]
name = "x"

[[holder]]
name = "F"
shares = 100

[[holder]]
name = "Bank"
kind = "warrant"
exercise_price = "1"
coverage = "10%"
"#,
        )
        .run()
        .input_error();
    assert!(out.contains("has no `amount`"), "{out}");
}

// ----- property: net payouts sum to the exit, options never negative, the exercise set is the
// one consistent set (brute force over every subset, exact integers) -----------------------

/// Cents-scaled exact comparison: is a/b > c/d (b, d > 0)?
fn gt(a: i128, b: i128, c: i128, d: i128) -> bool {
    a * d > c * b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn options_net_payouts_sum_to_the_exit_and_match_the_only_consistent_exercise_set(
        common in 1_000u32..5_000_000,
        options in prop::collection::vec((1_000u32..2_000_000, 1u32..1_000), 1..4),
        value_cents in 1u64..10_000_000_000,
    ) {
        let mut text = format!(
            "[scenario]\nname = \"p\"\n\n[[holder]]\nname = \"Common\"\nshares = {common}\n"
        );
        for (i, (shares, strike_cents)) in options.iter().enumerate() {
            text.push_str(&format!(
                "\n[[holder]]\nname = \"O{i}\"\nkind = \"option\"\nexercise_price = \"{}\"\nshares = {shares}\n",
                Decimal::new(i64::from(*strike_cents), 2)
            ));
        }
        let value = Decimal::new(i64::try_from(value_cents).unwrap_or(i64::MAX), 2);
        let json = exit_json(&text, &[&value.to_string()]);
        let exit = &json["exits"][0];
        prop_assert_eq!(sum_payouts(exit), value);
        // The brute force: every subset S; price = (V + Σ_S n·k) ÷ (C + Σ_S n), in cents per
        // share; S is consistent when every strike in it is strictly below the price and every
        // other at or above it.
        let n = options.len();
        let mut consistent = Vec::new();
        for mask in 0..(1u32 << n) {
            let (mut num, mut den) = (i128::from(value_cents), i128::from(common));
            for (i, (shares, strike)) in options.iter().enumerate() {
                if mask >> i & 1 == 1 {
                    num += i128::from(*shares) * i128::from(*strike);
                    den += i128::from(*shares);
                }
            }
            let ok = options.iter().enumerate().all(|(i, (_, strike))| {
                let inside = mask >> i & 1 == 1;
                let above = gt(num, den, i128::from(*strike), 1);
                inside == above
            });
            if ok {
                consistent.push((mask, num, den));
            }
        }
        prop_assert_eq!(consistent.len(), 1, "one consistent exercise set");
        let (mask, num, den) = consistent[0];
        for (i, (shares, strike)) in options.iter().enumerate() {
            let h = holder(exit, &format!("O{i}"));
            let payout = decimal(&h["payout"]);
            prop_assert!(payout >= Decimal::ZERO);
            prop_assert_eq!(h["exercised"].as_bool(), Some(mask >> i & 1 == 1));
            // Net, exactly: n × (price − k) in cents = n × (num − k·den) ÷ den; the payout in
            // cents is that rounded down or up by one cent at most.
            let exact_cents = if mask >> i & 1 == 1 {
                i128::from(*shares) * (num - i128::from(*strike) * den)
            } else {
                0
            };
            let floor = exact_cents.div_euclid(den);
            let paid = (payout * Decimal::ONE_HUNDRED).trunc().mantissa();
            prop_assert!(paid == floor || paid == floor + 1, "O{i}: {paid} vs {floor}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// With a preferred class (participating or not, capped or not) choosing whether to
    /// convert: the net payouts still sum to the exit value to the cent, no option pays out
    /// less than nothing, and an option receives something exactly when it is exercised.
    #[test]
    fn with_a_preferred_class_net_payouts_sum_to_the_exit(
        common in 1_000u32..5_000_000,
        preferred in 1_000u32..5_000_000,
        invested_k in 1u32..20_000,
        participating in any::<bool>(),
        cap in prop::option::of(2u32..5),
        options in prop::collection::vec((1_000u32..2_000_000, 1u32..1_000), 1..4),
        value_cents in 1u64..10_000_000_000,
    ) {
        let cap = match (participating, cap) {
            (true, Some(c)) => format!("cap = \"{c}x\"\n"),
            _ => String::new(),
        };
        let mut text = format!(
            "[scenario]\nname = \"p\"\n\n[class.a]\npreference = \"1x\"\nparticipating = {participating}\n{cap}\n[[holder]]\nname = \"Common\"\nshares = {common}\n\n[[holder]]\nname = \"A\"\nshares = {preferred}\nclass = \"a\"\ninvested = \"{invested_k}K\"\n"
        );
        for (i, (shares, strike_cents)) in options.iter().enumerate() {
            text.push_str(&format!(
                "\n[[holder]]\nname = \"O{i}\"\nkind = \"warrant\"\nexercise_price = \"{}\"\nshares = {shares}\n",
                Decimal::new(i64::from(*strike_cents), 2)
            ));
        }
        let value = Decimal::new(i64::try_from(value_cents).unwrap_or(i64::MAX), 2);
        let json = exit_json(&text, &[&value.to_string()]);
        let exit = &json["exits"][0];
        prop_assert_eq!(sum_payouts(exit), value);
        for i in 0..options.len() {
            let h = holder(exit, &format!("O{i}"));
            let payout = decimal(&h["payout_exact"]);
            prop_assert!(payout >= Decimal::ZERO);
            prop_assert_eq!(h["exercised"].as_bool(), Some(payout > Decimal::ZERO));
            prop_assert_eq!(decimal(&h["gross"]) - decimal(&h["strike_cost"]), decimal(&h["payout"]));
        }
    }
}
