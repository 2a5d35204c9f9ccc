//! The acceptance cases A1–A9 and A12: worked examples whose figures were obtained
//! independently of captable (published sources, or by hand with exact fractions).
//!
//! Source of every scenario text and every expected figure: the project's acceptance folder,
//! `acceptance/README.md` and `acceptance/a1..a7-*.toml` (copied here, as TOML or through the
//! builders `common::company` and `common::priced`, since the tests must not read that folder;
//! A8, A9 and A12 are given in the README only, and their scenario files are written here from
//! its description). Each case runs the binary as a user would, with `--format json`, and
//! compares the exact strings of the JSON contract.
//!
//! Repeating decimals are checked as the library writes them: the exact fraction rounded to 28
//! decimal places (rust_decimal's limit for values below 1), trailing zeros dropped. Every such
//! string below was recomputed with Python (`fractions.Fraction` for the exact value, then
//! `decimal` at 80 digits quantized to 1e-28, half-even and half-up agreeing); the fraction is
//! given in the comment beside it.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{
    A1, A12, assert_payouts, company, decimal, exit_json, named, priced, report_json, stdout_of,
};

/// A holder's field after round `round`.
#[track_caller]
fn holder<'a>(json: &'a Value, round: usize, name: &str, field: &str) -> &'a Value {
    &named(&json["rounds"][round]["holders"], name)[field]
}

/// Each `(holder, expected)` of `rows`: the holder's `field` after round `round` is `expected`.
#[track_caller]
fn assert_holders(json: &Value, round: usize, field: &str, rows: &[(&str, &str)]) {
    for (name, expected) in rows {
        assert_eq!(
            holder(json, round, name, field),
            *expected,
            "{name}'s {field}"
        );
    }
}

/// Each `(holder, expected)` of `rows`: the holder's ownership after round `round`, as a
/// percentage to two places (`percent_2dp`), is `expected`.
#[track_caller]
fn assert_percents(json: &Value, round: usize, rows: &[(&str, &str)]) {
    for (name, expected) in rows {
        assert_eq!(
            percent_2dp(holder(json, round, name, "ownership")),
            *expected,
            "{name}'s ownership"
        );
    }
}

/// A decimal string of the JSON as an f64, for figures the source gives only to a few places.
#[track_caller]
fn approx(value: &Value) -> f64 {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a decimal string, got {value}"))
        .parse()
        .expect("a decimal string")
}

/// `value` (a fraction of 1) as a percentage rounded to two places, as the sources print it.
#[track_caller]
fn percent_2dp(value: &Value) -> String {
    format!("{:.2}", approx(value) * 100.0)
}

// ---------------------------------------------------------------------------------------------
// A1 — OpenAI 2026 round, value terms (a1-openai-2026.toml).

// The text: `common::A1` (tests/fixtures/a1-openai-2026.toml).

#[test]
fn a1_every_tranche_paid() {
    let json = report_json(A1, &[]);
    let round = &json["rounds"][0];
    // Both conditions default to `assume = true`: every tranche is paid.
    assert_eq!(json["assumed"]["ipo"], true);
    assert_eq!(json["assumed"]["agi"], true);
    assert_eq!(round["pre_money"], "730000000000");
    // 15 + 35 + 30 + 30 = 110 (billions); post = 730 + 110 = 840.
    assert_eq!(round["new_money"], "110000000000");
    assert_eq!(round["post_money"], "840000000000");
    // Value terms: no share counts, no price.
    assert_eq!(round["price_per_share"], Value::Null);
    assert_eq!(holder(&json, 0, "Amazon", "shares"), &Value::Null);

    // 50/840 = 5/84.
    assert_eq!(
        holder(&json, 0, "Amazon", "ownership"),
        "0.0595238095238095238095238095"
    );
    // 30/840 = 1/28.
    for investor in ["Nvidia", "SoftBank"] {
        assert_eq!(
            holder(&json, 0, investor, "ownership"),
            "0.0357142857142857142857142857"
        );
    }
    // 27% × 730/840 = 197.1/840 (README: 23.46428571428571428571428571%).
    assert_eq!(
        holder(&json, 0, "Microsoft", "ownership"),
        "0.2346428571428571428571428571"
    );
    // 26% × 730/840 = 189.8/840 = 0.22595238095…; the 28th place rounds up to …810, and the
    // trailing zero is dropped.
    assert_eq!(
        holder(&json, 0, "OpenAI Foundation", "ownership"),
        "0.225952380952380952380952381"
    );
    // 47% × 730/840 = 343.1/840.
    assert_eq!(
        holder(&json, 0, "Employees and other investors", "ownership"),
        "0.408452380952380952380952381"
    );
    // Before the round the holders had their stakes; the investors had nothing.
    assert_eq!(holder(&json, 0, "Microsoft", "ownership_before"), "0.27");
    // value = ownership × post-money: Amazon's stake is worth its $50B; Microsoft's is
    // 27% of the $730B pre-money = $197.1B (exact: 197.1/840 × 840).
    assert_eq!(holder(&json, 0, "Amazon", "invested"), "50000000000");
    assert_eq!(holder(&json, 0, "Amazon", "value"), "50000000000");
}

#[test]
fn a1_contingent_tranche_unpaid() {
    let json = report_json(A1, &["--assume", "ipo=false", "--assume", "agi=false"]);
    let round = &json["rounds"][0];
    assert_eq!(json["assumed"]["ipo"], false);
    assert_eq!(json["assumed"]["agi"], false);
    assert_eq!(round["pre_money"], "730000000000");
    // 15 + 30 + 30 = 75; post = 730 + 75 = 805.
    assert_eq!(round["new_money"], "75000000000");
    assert_eq!(round["post_money"], "805000000000");
    // 15/805 = 3/161 (README: 1.863354037267080745341614907%).
    assert_eq!(
        holder(&json, 0, "Amazon", "ownership"),
        "0.0186335403726708074534161491"
    );
    assert_eq!(holder(&json, 0, "Amazon", "invested"), "15000000000");
    // 30/805 = 6/161.
    assert_eq!(
        holder(&json, 0, "Nvidia", "ownership"),
        "0.0372670807453416149068322981"
    );
    // 27% × 730/805 = 197.1/805 (README: 24.48447204968944099378881988%).
    assert_eq!(
        holder(&json, 0, "Microsoft", "ownership"),
        "0.2448447204968944099378881988"
    );
}

#[test]
fn a1_outcomes_and_expected_values() {
    let json = report_json(A1, &[]);
    let outcomes = json["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 4);
    // (ipo, agi) in binary counting order, the first declared condition most significant.
    let order: Vec<(bool, bool)> = outcomes
        .iter()
        .map(|o| {
            (
                o["conditions"]["ipo"].as_bool().expect("ipo"),
                o["conditions"]["agi"].as_bool().expect("agi"),
            )
        })
        .collect();
    assert_eq!(
        order,
        [(false, false), (false, true), (true, false), (true, true)]
    );
    let post: Vec<&Value> = outcomes.iter().map(|o| &o["post_money"]).collect();
    assert_eq!(
        post,
        [
            "805000000000",
            "840000000000",
            "840000000000",
            "840000000000"
        ]
    );
    let new_money: Vec<&Value> = outcomes.iter().map(|o| &o["new_money"]).collect();
    assert_eq!(
        new_money,
        [
            "75000000000",
            "110000000000",
            "110000000000",
            "110000000000"
        ]
    );
    // Independent events, P(ipo) = 0.5, P(agi) = 0.2: 0.5×0.8, 0.5×0.2, 0.5×0.8, 0.5×0.2.
    let probability: Vec<&Value> = outcomes.iter().map(|o| &o["probability"]).collect();
    assert_eq!(probability, ["0.4", "0.1", "0.4", "0.1"]);
    // The first row is the unpaid case, the others the paid one (figures as above).
    assert_eq!(
        named(&outcomes[0]["holders"], "Amazon")["ownership"],
        "0.0186335403726708074534161491"
    );
    assert_eq!(
        named(&outcomes[0]["holders"], "Amazon")["invested"],
        "15000000000"
    );
    for outcome in &outcomes[1..] {
        assert_eq!(
            named(&outcome["holders"], "Amazon")["ownership"],
            "0.0595238095238095238095238095"
        );
        assert_eq!(
            named(&outcome["holders"], "Amazon")["invested"],
            "50000000000"
        );
    }

    // Expected: the contingent $35B is paid with probability 0.6.
    // new money 75 + 0.6 × 35 = 96; post-money 805 + 0.6 × 35 = 826 (billions).
    let expected = &json["expected"];
    assert_eq!(expected["new_money"], "96000000000");
    assert_eq!(expected["post_money"], "826000000000");
    // Expected value = Σ p × ownership × post-money = Σ p × the holding's money:
    // Amazon 0.4 × 15 + 0.6 × 50 = 36; Nvidia 30 in every outcome; Microsoft 27% × 730 = 197.1.
    assert_eq!(
        named(&expected["holders"], "Amazon")["value"],
        "36000000000"
    );
    assert_eq!(
        named(&expected["holders"], "Nvidia")["value"],
        "30000000000"
    );
    assert_eq!(
        named(&expected["holders"], "Microsoft")["value"],
        "197100000000"
    );
    // Expected ownership to within one unit in the 27th place; the exact strings are checked
    // in `a1_expected_ownership_exact`.
    for (name, exact) in A1_EXPECTED_OWNERSHIP {
        let got = decimal(&named(&expected["holders"], name)["ownership"]);
        let exact = exact.parse::<Decimal>().expect("a decimal");
        assert!(
            (got - exact).abs() <= Decimal::new(1, 27),
            "{name}: {got} vs {exact}"
        );
    }
}

/// Expected ownership after the A1 round: 0.4 × (stake or money)/805 + 0.6 × (…)/840, each the
/// exact fraction rounded to 28 places (Python `fractions` + `decimal`).
const A1_EXPECTED_OWNERSHIP: [(&str, &str); 4] = [
    // 0.4 × 15/805 + 0.6 × 50/840 = 973/22540 = 139/3220 (also the spec's JSON example).
    ("Amazon", "0.0431677018633540372670807453"),
    // 0.4 × 197.1/805 + 0.6 × 197.1/840.
    ("Microsoft", "0.2387236024844720496894409938"),
    // 0.4 × 343.1/805 + 0.6 × 343.1/840.
    (
        "Employees and other investors",
        "0.4155559006211180124223602484",
    ),
    // 0.4 × 30/805 + 0.6 × 30/840.
    ("Nvidia", "0.0363354037267080745341614907"),
];

#[test]
fn a1_expected_ownership_exact() {
    let json = report_json(A1, &[]);
    for (name, exact) in A1_EXPECTED_OWNERSHIP {
        assert_eq!(
            named(&json["expected"]["holders"], name)["ownership"],
            exact,
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A2 — seed round with share counts (a2-seed-round.toml).

fn a2() -> String {
    let founders = [("Founder A", "1_000_000"), ("Founder B", "1_000_000")];
    let seed = priced("Seed", "pre_money = \"8M\"", &[("Seed Investor", "2M")]);
    company("Seed round, two founders", &founders) + &seed
}

#[test]
fn a2_seed_round() {
    let json = report_json(&a2(), &[]);
    let round = &json["rounds"][0];
    // 8,000,000 / 2,000,000 = $4 exactly; $2M buys 500,000 shares.
    assert_eq!(round["price_per_share"], "4");
    assert_eq!(round["pre_money"], "8000000");
    assert_eq!(round["new_money"], "2000000");
    assert_eq!(round["post_money"], "10000000");
    assert_holders(
        &json,
        0,
        "shares",
        &[
            ("Seed Investor", "500000"),
            ("Founder A", "1000000"),
            ("Founder B", "1000000"),
        ],
    );
    // 1M / 2.5M, 1M / 2.5M, 0.5M / 2.5M.
    assert_holders(
        &json,
        0,
        "ownership",
        &[
            ("Founder A", "0.4"),
            ("Founder B", "0.4"),
            ("Seed Investor", "0.2"),
        ],
    );
    assert_eq!(holder(&json, 0, "Founder A", "ownership_before"), "0.5");
    // 40% of $10M.
    assert_eq!(holder(&json, 0, "Founder A", "value"), "4000000");
}

/// The rule in arith.rs and style.md: share counts come from the exact ratio, so a whole ratio
/// stays whole even when the price per share repeats. 3,000,000 shares, $1M at $10M pre-money:
/// price 10M/3M = $3.333…, and $1M × 3,000,000 / $10M = 300,000 shares exactly (dividing by a
/// 28-digit price would give 299,999.99… and floor to 299,999).
#[test]
fn whole_share_counts_survive_a_repeating_price() {
    let founders = [("Founder A", "2_000_000"), ("Founder B", "1_000_000")];
    let seed = priced("Seed", "pre_money = \"10M\"", &[("Investor", "1M")]);
    let json = report_json(&(company("Repeating price", &founders) + &seed), &[]);
    assert_eq!(holder(&json, 0, "Investor", "shares"), "300000");
    // 300,000 / 3,300,000 = 1/11; 2,000,000 / 3,300,000 = 20/33.
    assert_eq!(
        holder(&json, 0, "Investor", "ownership"),
        "0.0909090909090909090909090909"
    );
    // The price itself repeats: 10/3 to 28 significant digits, whatever the last digit.
    let price = json["rounds"][0]["price_per_share"]
        .as_str()
        .expect("a price");
    assert!(price.starts_with("3.33333333333333333333333333"), "{price}");
    assert_eq!(json["rounds"][0]["post_money"], "11000000");
}

// ---------------------------------------------------------------------------------------------
// A3 — seed round with an option pool top-up (a3-seed-pool.toml).

fn a3() -> String {
    company(
        "Seed round with a 10% option pool",
        &[("Founder A", "1_000_000"), ("Founder B", "1_000_000")],
    ) + r#"
[[holder]]
name = "Option pool"
shares = 0
pool = true

[[round]]
name = "Seed"
pre_money = "8M"
pool_target = "10%"
pool_timing = "pre-money"

[[round.investment]]
investor = "Seed Investor"
amount = "2M"
"#
}

#[test]
fn a3_with_the_sources_price_rounded_up() {
    // acceptance/README.md, A3: "The source prints 571,426 in one cell: its engine rounds the
    // price up to 5 decimals ($3.50001) before dividing." With `price = "up"`: the pool top-up
    // is ⌊285,714.28…⌋ = 285,714, so 8M ÷ 2,285,714 = $3.500000875 → $3.50001 up, and
    // 2M ÷ 3.50001 = 571,426.9 → 571,426 (the pool stays 285,714: (10% × 2,571,426) ÷ 0.9 =
    // 285,714.0).
    let scenario = a3() + "\n[rounding]\nprice = \"up\"\nprice_decimals = 5\n";
    let json = report_json(&scenario, &[]);
    assert_eq!(json["rounds"][0]["price_per_share"], "3.50001");
    assert_eq!(holder(&json, 0, "Seed Investor", "shares"), "571426");
}

#[test]
fn a3_pool_top_up_in_the_pre_money() {
    let json = report_json(&a3(), &[]);
    let round = &json["rounds"][0];
    // Post-money $10M with the pool at 10% of it: price p solves 2M + 1M/p = 8M/p, p = 3.5
    // exactly (= 8,000,000 / 2,285,714.2857…).
    assert_eq!(round["price_per_share"], "3.5");
    assert_eq!(round["post_money"], "10000000");
    // Pool 1M/3.5 = 285,714.28… and investor 2M/3.5 = 571,428.57…, both floored.
    assert_holders(
        &json,
        0,
        "shares",
        &[
            ("Option pool", "285714"),
            ("Seed Investor", "571428"),
            ("Founder A", "1000000"),
            ("Founder B", "1000000"),
        ],
    );
    let total: u64 = json["rounds"][0]["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .map(|h| {
            h["shares"]
                .as_str()
                .expect("shares")
                .parse::<u64>()
                .expect("whole")
        })
        .sum();
    assert_eq!(total, 2_857_142);
    // Ownership = shares / 2,857,142 (exact fractions, 28 places).
    assert_holders(
        &json,
        0,
        "ownership",
        &[
            ("Founder A", "0.3500001050000315000094500028"),
            ("Seed Investor", "0.1999998599999579999873999962"),
            ("Option pool", "0.0999999299999789999936999981"),
        ],
    );
    // As the source prints them, to the nearest 0.01%.
    assert_percents(
        &json,
        0,
        &[
            ("Founder A", "35.00"),
            ("Founder B", "35.00"),
            ("Seed Investor", "20.00"),
            ("Option pool", "10.00"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// A4 — pre-money vs post-money SAFEs (a4-safes-pre-vs-post.toml).

const A4: &str = r#"
# Two variants of the same company: run as is (post-money SAFEs), then with
#   --set 'safe[0].kind=pre-money' --set 'safe[0].cap=8M' --set 'safe[1].kind=pre-money' --set 'safe[1].cap=8M'
[scenario]
name = "Two $2M SAFEs converting at a priced round"

[[holder]]
name = "Founder A"
shares = 1_000_000

[[holder]]
name = "Founder B"
shares = 1_000_000

[[safe]]
investor = "SAFE 1"
amount = "2M"
cap = "10M"
kind = "post-money"

[[safe]]
investor = "SAFE 2"
amount = "2M"
cap = "10M"
kind = "post-money"

[[round]]
name = "Series A"
pre_money = "30M"

[[round.investment]]
investor = "Series A Lead"
amount = "1M"
"#;

#[test]
fn a4_post_money_safes() {
    let json = report_json(A4, &[]);
    // Company capitalization C = 2M + 2 × (2M ÷ (10M ÷ C)) = 2M + 0.4 C, so C = 3,333,333.3…
    // and each SAFE gets 0.2 C = 666,666.6… → 666,666 shares (the round price, above the
    // $3 conversion price, does not bind).
    for safe in ["SAFE 1", "SAFE 2"] {
        assert_eq!(holder(&json, 0, safe, "shares"), "666666");
        assert_eq!(holder(&json, 0, safe, "invested"), "2000000");
    }
    assert_eq!(holder(&json, 0, "Founder A", "shares"), "1000000");
    // The pre-money count F = 2M + 0.4 C = 2M + 4M/3 = 10M/3, so the price is
    // 30M ÷ (10M/3) = 9 exactly: printed "9", not 9.000000000000000000000000003.
    assert_eq!(json["rounds"][0]["price_per_share"], "9");
    assert_eq!(json["rounds"][0]["workings"]["price_per_share"], "9");
}

#[test]
fn a4_pre_money_safes() {
    let json = report_json(
        A4,
        &[
            "--set",
            "safe[0].kind=pre-money",
            "--set",
            "safe[0].cap=8M",
            "--set",
            "safe[1].kind=pre-money",
            "--set",
            "safe[1].cap=8M",
        ],
    );
    // Conversion price = cap ÷ pre-money count without converting shares = 8M / 2M = $4;
    // 2M / 4 = 500,000 shares each.
    for safe in ["SAFE 1", "SAFE 2"] {
        assert_eq!(holder(&json, 0, safe, "shares"), "500000");
    }
    assert_eq!(holder(&json, 0, "Founder A", "shares"), "1000000");
}

// ---------------------------------------------------------------------------------------------
// A5 — pre-money SAFE, cap against discount (a5-safe-cap-discount.toml).

const A5: &str = r#"
# Variant 2: --set 'safe[0].cap=8M' --set 'safe[0].discount=15%'
[scenario]
name = "Pre-money SAFE converting at a Series A"

[[holder]]
name = "Common"
shares = 10_000_000

[[holder]]
name = "Option pool"
shares = 0
pool = true

[[safe]]
investor = "SAFE Investor"
amount = "100K"
cap = "5M"
kind = "pre-money"

[[round]]
name = "Series A"
pre_money = "10M"
pool_increase = 1_000_000
pool_timing = "pre-money"
conversion_method = "pre-money"

[[round.investment]]
investor = "Series A Investor"
amount = "1M"
"#;

#[test]
fn a5_safe_cap_without_discount() {
    let json = report_json(A5, &[]);
    // Round price = 10M / (10M + 1M pool) = 10/11 = $0.9090…; the new investor gets
    // 1M × 11M / 10M = 1,100,000 shares exactly.
    assert_eq!(holder(&json, 0, "Series A Investor", "shares"), "1100000");
    // SAFE price = 5M / 11M; 100K × 11M / 5M = 220,000 shares exactly.
    assert_holders(
        &json,
        0,
        "shares",
        &[
            ("SAFE Investor", "220000"),
            ("Option pool", "1000000"),
            ("Common", "10000000"),
        ],
    );
    let price = approx(&json["rounds"][0]["price_per_share"]);
    assert!((price - 10.0 / 11.0).abs() < 1e-12, "{price}");
    // Money at a repeating price is the exact ratio, not a rounded price times a count: the
    // new investor's 1,100,000 shares × 10/11 = $1,000,000, the pool's 1,000,000 × 10/11 =
    // 10,000,000/11 = $909,090.909… (rounded to 28 significant digits), the 12,320,000 shares after the
    // round × 10/11 = $11,200,000 (the SAFE's 220,000 × 10/11 = $200,000 above the $11M
    // post-money: its shares are outside the pre-money count); the pool top-up of 1,000,000
    // comes out of the pre-money: 10M × (11M − 1M) ÷ 11M = $9,090,909.09…
    let round = &json["rounds"][0];
    assert_holders(
        &json,
        0,
        "value",
        &[
            ("Series A Investor", "1000000"),
            ("SAFE Investor", "200000"),
            ("Option pool", "909090.9090909090909090909091"),
        ],
    );
    assert_eq!(round["post_money"], "11000000");
    assert_eq!(round["post_money_at_price"], "11200000");
    assert_eq!(
        round["effective_pre_money"],
        "9090909.090909090909090909091"
    );
}

#[test]
fn a5_safe_cap_beats_discount() {
    let json = report_json(
        A5,
        &["--set", "safe[0].cap=8M", "--set", "safe[0].discount=15%"],
    );
    // Discount price 0.85 × 10/11 = 17/22 = $0.7727…; cap price 8M / 11M = 8/11 = $0.7272…:
    // the cap is lower and wins; 100K × 11/8 = 137,500 shares exactly.
    assert_eq!(holder(&json, 0, "SAFE Investor", "shares"), "137500");
}

// ---------------------------------------------------------------------------------------------
// A6 — convertible notes under two pricing methods (a6-notes-methods.toml).

const A6: &str = r#"
# Variant: --set 'round[0].conversion_method=percentage-ownership'
[scenario]
name = "Notes converting at a Series A"

[[holder]]
name = "Founders"
shares = 1_000_000

[[note]]
investor = "Noteholders"
principal = "1M"
interest = "0%"
discount = "30%"

[[round]]
name = "Series A"
pre_money = "8M"
conversion_method = "pre-money"

[[round.investment]]
investor = "Series A Investors"
amount = "2M"
"#;

#[test]
fn a6_notes_pre_money_method() {
    let json = report_json(A6, &[]);
    // Price 8M / 1M = $8; conversion price 0.7 × 8 = $5.60.
    assert_eq!(json["rounds"][0]["price_per_share"], "8");
    // 1M / 5.6 = 178,571.4… → 178,571; 2M / 8 = 250,000.
    assert_eq!(holder(&json, 0, "Noteholders", "shares"), "178571");
    assert_eq!(holder(&json, 0, "Noteholders", "invested"), "1000000");
    assert_eq!(holder(&json, 0, "Series A Investors", "shares"), "250000");
    // Out of 1,428,571 shares.
    assert_holders(
        &json,
        0,
        "ownership",
        &[
            ("Founders", "0.7000002100000630000189000057"),
            ("Noteholders", "0.1249997374999212499763749929"),
            ("Series A Investors", "0.1750000525000157500047250014"),
        ],
    );
    assert_percents(
        &json,
        0,
        &[
            ("Founders", "70.00"),
            ("Noteholders", "12.50"),
            ("Series A Investors", "17.50"),
        ],
    );
}

#[test]
fn a6_notes_percentage_ownership_method() {
    let json = report_json(
        A6,
        &["--set", "round[0].conversion_method=percentage-ownership"],
    );
    // The note shares are in the pre-money count: p (1M + 1M/(0.7 p)) = 8M, so
    // p = (8,000,000 − 1,000,000/0.7) / 1,000,000 = 46/7 = $6.571428…, which has no exact
    // decimal form: checked to 1e-20 rather than as a string.
    let price = decimal(&json["rounds"][0]["price_per_share"]);
    let exact = Decimal::from(46) / Decimal::from(7);
    assert!((price - exact).abs() < Decimal::new(1, 20), "{price}");
    // Conversion price 0.7 × 46/7 = $4.60; 1M / 4.6 = 217,391.3 → 217,391;
    // 2M / (46/7) = 304,347.8 → 304,347.
    assert_holders(
        &json,
        0,
        "shares",
        &[
            ("Noteholders", "217391"),
            ("Series A Investors", "304347"),
            ("Founders", "1000000"),
        ],
    );
    // Out of 1,521,738 shares.
    assert_holders(
        &json,
        0,
        "ownership",
        &[
            ("Founders", "0.6571433453064850848174915787"),
            ("Noteholders", "0.1428570489795220990735593118"),
            ("Series A Investors", "0.1999996057139928161089491095"),
        ],
    );
    assert_percents(
        &json,
        0,
        &[
            ("Founders", "65.71"),
            ("Noteholders", "14.29"),
            ("Series A Investors", "20.00"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// A7 — liquidation preferences at exit (a7-exit-preferences.toml for the capped case).

/// Runs `captable exit - --value V ... --format json` and returns the `exits` array.
fn exits(scenario: &str, values: &[&str]) -> Value {
    exit_json(scenario, values)["exits"].take()
}

/// Whether a holder converted at exit `index`.
#[track_caller]
fn converted<'a>(exits: &'a Value, index: usize, name: &str) -> &'a Value {
    &named(&exits[index]["holders"], name)["converted"]
}

/// A company of one common holder `(name, shares)` and one investor in the 1x preferred class
/// `class` with the participation `terms` (TOML lines), buying in each `(round, price line,
/// amount)` of `rounds`.
fn one_preferred(
    name: &str,
    common: (&str, &str),
    class: &str,
    terms: &str,
    investor: &str,
    rounds: &[(&str, &str, &str)],
) -> String {
    let mut text = company(name, &[common]);
    text += &format!("\n[class.{class}]\npreference = \"1x\"\n{terms}\n");
    for (round_name, price, amount) in rounds {
        text += &priced(round_name, price, &[(investor, amount)]);
        text += &format!("class = \"{class}\"\n");
    }
    text
}

/// The A7 investor and common holders.
const FUND: &str = "Series A Fund";
const COMMON: &str = "Common holders";

/// Capped participating preferred: the investor holds 10% for $10M
/// (`captable exit a7-exit-preferences.toml --value 20M --value 110M --value 150M --value 300M`).
fn a7_capped_text() -> String {
    let terms = "participating = true\ncap = \"2x\"\nseniority = 1";
    let rounds = [("Series A", "price_per_share = \"10\"", "10M")];
    let common = (COMMON, "9_000_000");
    one_preferred(
        "Capped participating preferred",
        common,
        "series_a",
        terms,
        FUND,
        &rounds,
    )
}

#[test]
fn a7_capped_participating() {
    let exits = exits(&a7_capped_text(), &["20M", "110M", "150M", "300M"]);
    assert_eq!(exits.as_array().expect("exits").len(), 4);
    // Named by the text given, valued exactly.
    assert_eq!(exits[0]["name"], "20M");
    assert_eq!(exits[0]["value"], "20000000");
    assert_eq!(exits[3]["value"], "300000000");
    // 1,000,000 preferred shares at $10 = 10% of 10,000,000. Participation is capped at
    // 2 × $10M = $20M in total.
    // $20M: $10M preference + 10% × $10M = $11M.
    assert_payouts(&exits[0], &[(FUND, "11000000"), (COMMON, "9000000")]);
    // $110M: $10M + 10% × $100M = $20M, just at the cap.
    assert_payouts(&exits[1], &[(FUND, "20000000"), (COMMON, "90000000")]);
    // $150M: $10M + 10% × $140M = $24M, capped at $20M; converting would pay only $15M.
    assert_payouts(&exits[2], &[(FUND, "20000000"), (COMMON, "130000000")]);
    assert_eq!(converted(&exits, 2, FUND), false);
    // $300M: converting pays 10% × $300M = $30M, more than the $20M cap.
    assert_payouts(&exits[3], &[(FUND, "30000000"), (COMMON, "270000000")]);
    assert_eq!(converted(&exits, 3, FUND), true);
    assert_eq!(named(&exits[3]["classes"], "series_a")["converted"], true);
    assert_eq!(
        named(&exits[3]["classes"], "series_a")["payout"],
        "30000000"
    );
}

/// "Investor paid $2M for 30%": no single price gives exactly 30% for $2M with whole shares
/// (the price would be 2/3 of a dollar per share of a 7:3 split), so the stake is bought in two
/// rounds of the same class: $1M at $0.50 (2,000,000 shares) and $1M at $1 (1,000,000 shares).
/// The class has $2M invested and 3,000,000 of 10,000,000 shares = 30% exactly.
fn a7_participating_text() -> String {
    let rounds = [
        ("Series A", "price_per_share = \"0.5\"", "1M"),
        ("Series A extension", "price_per_share = \"1\"", "1M"),
    ];
    let common = (COMMON, "7_000_000");
    one_preferred(
        "Participating 1x preferred",
        common,
        "series_a",
        "participating = true",
        FUND,
        &rounds,
    )
}

#[test]
fn a7_participating() {
    let exits = exits(&a7_participating_text(), &["10M"]);
    // $2M preference, then 30% of the remaining $8M = $2.4M: $4.4M; common 70% × $8M = $5.6M.
    assert_payouts(&exits[0], &[(FUND, "4400000"), (COMMON, "5600000")]);
    assert_eq!(converted(&exits, 0, FUND), false);
}

/// "$5M preference on a 25% stake": 5,000,000 shares at $1 beside 15,000,000 common.
fn a7_non_participating_text() -> String {
    let rounds = [("Series A", "price_per_share = \"1\"", "5M")];
    let common = (COMMON, "15_000_000");
    let name = "Non-participating 1x preferred";
    one_preferred(
        name,
        common,
        "series_a",
        "participating = false",
        FUND,
        &rounds,
    )
}

#[test]
fn a7_non_participating() {
    let exits = exits(&a7_non_participating_text(), &["30M", "12M", "20M"]);
    // $30M: converting pays 25% × $30M = $7.5M > $5M.
    assert_payouts(&exits[0], &[(FUND, "7500000"), (COMMON, "22500000")]);
    assert_eq!(converted(&exits, 0, FUND), true);
    // $12M: 25% would be $3M < $5M: the preference.
    assert_payouts(&exits[1], &[(FUND, "5000000"), (COMMON, "7000000")]);
    assert_eq!(converted(&exits, 1, FUND), false);
    // Break-even at $20M: 25% × $20M = $5M either way.
    assert_payouts(&exits[2], &[(FUND, "5000000"), (COMMON, "15000000")]);
}

// ---------------------------------------------------------------------------------------------
// A8 — the option pool shuffle (acceptance/README.md, A8; source: Venture Hacks, "The Option
// Pool Shuffle"): 6,000,000 shares outstanding, no pool; $2M at $8M pre-money; "the $8 million
// pre-money valuation includes an option pool equal to 20% of the post-financing fully diluted
// capitalization". Published: price $1.00 (not the naive 8M ÷ 6M = $1.33), "your effective
// valuation" $6M.
//
// By hand: with price p, pool P = 0.2 × 10M ÷ p (20% of the post-money count, which is
// (8M + 2M) ÷ p) and 6,000,000 + P = 8M ÷ p, so 6,000,000 = 6M ÷ p and p = $1.00 exactly;
// pool 2,000,000, investor 2,000,000, total 10,000,000; founders 60%, pool 20%, investor 20%;
// effective pre-money 8,000,000 − 2,000,000 × $1.00 = $6,000,000.

const A8: &str = r#"
[scenario]
name = "The option pool shuffle"

[rounding]
shares = "floor"

[[holder]]
name = "Founders"
shares = 6_000_000

[[holder]]
name = "Option pool"
shares = 0
pool = true

[[round]]
name = "Series A"
pre_money = "8M"
pool_target = "20%"
pool_timing = "pre-money"

[[round.investment]]
investor = "VC"
amount = "2M"
"#;

#[test]
fn a8_the_option_pool_shuffle() {
    let json = report_json(A8, &[]);
    let round = &json["rounds"][0];
    assert_eq!(round["price_per_share"], "1");
    assert_eq!(round["workings"]["pool_top_up"], "2000000");
    assert_eq!(holder(&json, 0, "Option pool", "shares"), "2000000");
    assert_holders(
        &json,
        0,
        "ownership",
        &[("Founders", "0.6"), ("Option pool", "0.2"), ("VC", "0.2")],
    );
    assert_eq!(round["post_money"], "10000000");
    // "Your effective valuation": $6M.
    assert_eq!(round["effective_pre_money"], "6000000");
    // $1.00 × 10,000,000 shares: the post-money at price is the post-money here.
    assert_eq!(round["post_money_at_price"], "10000000");
    // Values at the round price: 6,000,000 × $1, 2,000,000 × $1 each.
    assert_eq!(holder(&json, 0, "Founders", "value"), "6000000");
}

#[test]
fn a8_tables_show_the_effective_pre_money() {
    let table = stdout_of(&["report", "-", "--format", "markdown"], A8);
    assert!(
        table.contains(
            "| Round | Pre-money | New money | Post-money | Effective pre-money | Price per share |"
        ),
        "{table}"
    );
    assert!(
        table.contains("| Series A | $8M | $2M | $10M | $6M | $1.00 |"),
        "{table}"
    );
    // No conversion, no anti-dilution, whole share counts: no post-money at price column.
    assert!(!table.contains("Post-money at price"), "{table}");
    let csv = stdout_of(&["report", "-", "--format", "csv"], A8);
    assert!(
        csv.contains("Series A,8000000,2000000,10000000,6000000,1\n"),
        "{csv}"
    );
}

// ---------------------------------------------------------------------------------------------
// A9 — a note: cap against discount (acceptance/README.md, A9; source: FundersClub, the
// convertible note primer's example of a $25,000 note with a $5M cap and a 20% discount). The
// note's shares are not in the price's share count (`conversion_method = "pre-money"`), so the
// round price is pre-money ÷ the shares before. The source gives no new money; a $1M investment
// is added so that the round has one, and its shares are checked too.

/// The A9 round: `shares` before, `pre_money`, a $25K note with `terms` (TOML lines).
fn a9_text(shares: &str, pre_money: &str, terms: &str) -> String {
    format!(
        r#"
[scenario]
name = "A $25,000 note converting at a priced round"

[[holder]]
name = "Founders"
shares = {shares}

[[note]]
investor = "Noteholder"
principal = "25K"
{terms}

[[round]]
name = "Series A"
pre_money = "{pre_money}"
conversion_method = "pre-money"

[[round.investment]]
investor = "Series A Investor"
amount = "1M"
"#
    )
}

/// The report of [`a9_text`].
fn a9(shares: &str, pre_money: &str, terms: &str) -> Value {
    report_json(&a9_text(shares, pre_money, terms), &[])
}

/// The JSON workings of the one conversion of round 0.
fn only_conversion(json: &Value) -> &Value {
    let conversions = &json["rounds"][0]["workings"]["conversions"];
    assert_eq!(
        conversions.as_array().map(Vec::len),
        Some(1),
        "{conversions}"
    );
    &conversions[0]
}

#[test]
fn a9_the_cap_applies() {
    let json = a9("2_000_000", "10M", "cap = \"5M\"\ndiscount = \"20%\"");
    // Price 10M ÷ 2M = $5.00; discount price 0.8 × 5 = $4.00; cap price 5M ÷ 2M = $2.50:
    // "the note would convert at $2.50/share which gives 10,000 shares".
    assert_eq!(json["rounds"][0]["price_per_share"], "5");
    let c = only_conversion(&json);
    assert_eq!(c["cap_price"], "2.5");
    assert_eq!(c["discount_price"], "4");
    assert_eq!(c["conversion_price"], "2.5");
    assert_eq!(c["price_basis"], "cap");
    assert_eq!(c["shares"], "10000");
    assert_eq!(holder(&json, 0, "Noteholder", "shares"), "10000");
    // 1M ÷ 5 = 200,000.
    assert_eq!(holder(&json, 0, "Series A Investor", "shares"), "200000");
}

#[test]
fn a9_the_discount_applies() {
    let json = a9("1_200_000", "6M", "cap = \"5M\"\ndiscount = \"20%\"");
    // Price 6M ÷ 1.2M = $5.00; discount price $4.00; cap price 5M ÷ 1.2M = 25/6 = $4.1667:
    // "the discount would apply … $4.00/share which gives 6,250 shares".
    assert_eq!(json["rounds"][0]["price_per_share"], "5");
    let c = only_conversion(&json);
    let cap_price = decimal(&c["cap_price"]);
    let exact = Decimal::from(25) / Decimal::from(6);
    assert!(
        (cap_price - exact).abs() < Decimal::new(1, 20),
        "{cap_price}"
    );
    assert_eq!(c["conversion_price"], "4");
    assert_eq!(c["price_basis"], "discount");
    assert_eq!(holder(&json, 0, "Noteholder", "shares"), "6250");
}

#[test]
fn a9_a_cap_above_the_round_price_converts_at_the_round_price() {
    let json = a9("1_200_000", "3.6M", "cap = \"5M\"");
    // Price 3.6M ÷ 1.2M = $3.00; cap price 25/6 = $4.1667 is above it: the note converts at
    // the round price, $3.00 → 25,000 ÷ 3 = 8,333.3 → 8,333 (never above what new money pays).
    assert_eq!(json["rounds"][0]["price_per_share"], "3");
    let c = only_conversion(&json);
    assert_eq!(c["conversion_price"], "3");
    assert_eq!(c["price_basis"], "round price");
    assert_eq!(holder(&json, 0, "Noteholder", "shares"), "8333");
    // 1M ÷ 3 = 333,333.3 → 333,333.
    assert_eq!(holder(&json, 0, "Series A Investor", "shares"), "333333");
}

// The A9 notes under `conversion_method = "pre-money"`: the note's shares are outside the
// pre-money count, so price × the fully diluted count after the round is above pre-money + new
// money by the note's shares at the round price. By hand, for each case of A9 above:
// - $10M on 2,000,000: 2,000,000 + 10,000 + 200,000 = 2,210,000 × $5 = $11,050,000 against
//   $11,000,000 (the note's 10,000 shares × $5 = $50,000 more);
// - $6M on 1,200,000: 1,200,000 + 6,250 + 200,000 = 1,406,250 × $5 = $7,031,250 against $7,000,000;
// - $3.6M on 1,200,000: 1,200,000 + 8,333 + 333,333 = 1,541,666 × $3 = $4,624,998 against
//   $4,600,000 (8,333 × $3 = $24,999, less $1 for the investor's 333,333.3 rounded down).
#[test]
fn a9_post_money_at_price_counts_the_note_shares() {
    for (shares, pre_money, terms, post, at_price, note_value, investor_value) in [
        (
            "2_000_000",
            "10M",
            "cap = \"5M\"\ndiscount = \"20%\"",
            "11000000",
            "11050000",
            "50000",
            "1000000",
        ),
        (
            "1_200_000",
            "6M",
            "cap = \"5M\"\ndiscount = \"20%\"",
            "7000000",
            "7031250",
            "31250",
            "1000000",
        ),
        (
            "1_200_000",
            "3.6M",
            "cap = \"5M\"",
            "4600000",
            "4624998",
            "24999",
            "999999",
        ),
    ] {
        let json = a9(shares, pre_money, terms);
        let round = &json["rounds"][0];
        assert_eq!(round["post_money"], post);
        assert_eq!(round["post_money_at_price"], at_price);
        assert!(round["effective_pre_money"].is_null());
        // A holder's value is its shares at the round price: the note's 10,000 × $5 …
        assert_eq!(holder(&json, 0, "Noteholder", "value"), note_value);
        assert_eq!(
            holder(&json, 0, "Series A Investor", "value"),
            investor_value
        );
    }
    // The table shows it, with the reason.
    let table = stdout_of(
        &["report", "-", "--format", "table"],
        &a9_text("2_000_000", "10M", "cap = \"5M\""),
    );
    assert!(table.contains("Post-money at price"), "{table}");
    // $11,050,000 is exact to two decimals in millions: $11.05M, against $11M.
    assert!(table.contains("$11.05M"), "{table}");
    assert!(table.contains("$11M"), "{table}");
    assert!(
        table.contains("Series A: post-money at price differs because the SAFE and note shares converting in it are outside the pre-money count."),
        "{table}"
    );
}

// ---------------------------------------------------------------------------------------------
// A post-money SAFE whose cap price is above the round price: the case that showed the bug (8 of
// 40 random cases against 1984 Ventures' cap-table disagreed, all for it). A $925K SAFE at a
// $34.5M post-money cap, in a round at $31M pre-money on 5,527,004 shares before; the SAFE's
// shares are in the pre-money count (a post-money SAFE always is).
//
// Derived by hand (checked with Python `fractions`): at its cap the SAFE would own
// 925K ÷ 34.5M of the company capitalization K = 5,527,004 ÷ (1 − 925/34,500), a price of
// 34.5M ÷ K = (34,500,000 − 925,000) ÷ 5,527,004 = $6.0747. At the round price p = 31M ÷ F
// with F = 5,527,004 + 925,000 ÷ p, so p = (31,000,000 − 925,000) ÷ 5,527,004 =
// 7,518,750 ÷ 1,381,751 = $5.441465…, below the cap price: YC's post-money SAFE gives the
// greater share count, 925,000 ÷ p = 169,990.98 → 169,990 shares. The $5M of new money buys
// 5,000,000 ÷ p = 918,870.16 → 918,870 shares.

const LOWEST_PRICE: &str = r#"
[scenario]
name = "A post-money SAFE converting at the round price"

[[holder]]
name = "Common"
shares = 5_527_004

[[safe]]
investor = "SAFE Investor"
amount = "925K"
cap = "34.5M"

[[round]]
name = "Series A"
pre_money = "31M"

[[round.investment]]
investor = "Series A Investor"
amount = "5M"
"#;

#[test]
fn a_safe_never_pays_more_per_share_than_the_round() {
    let json = report_json(LOWEST_PRICE, &[]);
    let price = decimal(&json["rounds"][0]["price_per_share"]);
    let exact = Decimal::from(7_518_750) / Decimal::from(1_381_751);
    assert!((price - exact).abs() < Decimal::new(1, 20), "{price}");
    let c = only_conversion(&json);
    assert_eq!(c["price_basis"], "round price");
    // The workings' cap price is the cap ÷ the capitalization as it is, the SAFE's shares
    // counted at the round price: K = 5,527,004 + 925,000 ÷ p = 5,527,004 × 31M ÷ 30,075,000,
    // so 34.5M ÷ K = 34.5M × 30,075,000 ÷ (5,527,004 × 31M) = $6.0558, still above p.
    let cap_price = decimal(&c["cap_price"]);
    let exact_cap = Decimal::from(34_500_000) * Decimal::from(30_075)
        / (Decimal::from(5_527_004) * Decimal::from(31_000));
    assert!(
        (cap_price - exact_cap).abs() < Decimal::new(1, 20),
        "{cap_price}"
    );
    assert_eq!(decimal(&c["conversion_price"]), price);
    assert_holders(
        &json,
        0,
        "shares",
        &[
            ("SAFE Investor", "169990"),
            ("Series A Investor", "918870"),
            ("Common", "5527004"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// A12 — a full seed-to-Series A table with a SAFE stack (acceptance/README.md, A12; source:
// 1984 Ventures' cap-table README, commit 6f188de). The scenario is written from the README's
// description: the YC standard deal's fixed 7%, an uncapped MFN SAFE taking the $10M cap of
// the SAFEs after it, three capped post-money SAFEs, and a $4M Series A at $25M pre-money with
// the pool refreshed to 10% post-money, the top-up in the pre-money.

// The text: `common::A12` (tests/fixtures/a12-safe-stack.toml).

/// Checks A12's share counts, pool top-up, total and the founders' rounded percentages.
#[track_caller]
fn a12_check(json: &Value, shares: &[(&str, &str)], top_up: &str, total: &str) {
    for (name, count) in shares {
        assert_eq!(holder(json, 0, name, "shares"), count, "{name}");
    }
    let workings = &json["rounds"][0]["workings"];
    assert_eq!(workings["pool_top_up"], top_up);
    assert_eq!(workings["shares_after"], total);
    for founder in ["Founder A", "Founder B"] {
        assert_eq!(holder(json, 0, founder, "shares"), "4500000");
        assert_eq!(percent_2dp(holder(json, 0, founder, "ownership")), "26.54");
    }
    // "90% → 53.09% together": 9,000,000 ÷ the total.
    let together = approx(holder(json, 0, "Founder A", "ownership")) * 2.0;
    assert_eq!(format!("{:.2}", together * 100.0), "53.09");
    assert_eq!(
        percent_2dp(holder(json, 0, "Available Option Pool", "ownership")),
        "10.00"
    );
}

#[test]
fn a12_safe_stack_exact_prices() {
    // The README's exact-price figures, derived with Python `fractions`: the post-money SAFEs
    // and the fixed 7% own 0.07 + 375/10,000 + 750/10,000 + 475/10,000 + 500/13,000 of the
    // company capitalization K = 10,000,000 + their shares, so K = 13,000,000,000 ÷ 951 =
    // 13,669,821.24; with the pool top-up T in the pre-money count F = K + T, the Series A buys
    // 4M ÷ (25M ÷ F) = 0.16 F and the pool 750,000 + T = 10% × 1.16 F, so F = (K − 750,000) ÷
    // 0.884 and the price 25M ÷ F = 24,726 ÷ 14,455 = $1.710549982…
    let json = report_json(A12, &[]);
    let price = decimal(&json["rounds"][0]["price_per_share"]);
    let exact = Decimal::from(24_726) / Decimal::from(14_455);
    assert!((price - exact).abs() < Decimal::new(1, 20), "{price}");
    a12_check(
        &json,
        &[
            ("YC 7%", "956887"),
            ("YC MFN", "512618"),
            ("1984 Ventures", "1025236"),
            ("Benchmark", "649316"),
            ("Follow-on SAFE", "525762"),
            ("Series A Lead", "2338429"),
            ("Available Option Pool", "1695361"),
        ],
        "945361",
        "16953609",
    );
    let conversions = &json["rounds"][0]["workings"]["conversions"];
    assert_eq!(conversions[0]["price_basis"], "fixed percentage");
    // The MFN SAFE took the $10M cap of the SAFEs after it.
    assert_eq!(conversions[1]["cap"], "10000000");
    for c in 1..5 {
        assert_eq!(conversions[c]["price_basis"], "cap");
    }
}

#[test]
fn a12_safe_stack_prices_rounded_up_to_5_decimals() {
    // The source's convention, as published: every price rounded UP to 5 decimals before the
    // shares are computed, shares floored. Price $1.71056; the $10M cap price $0.73155 and the
    // $13M one $0.95101 (10M and 13M ÷ the capitalization 13,669,776 that the floored shares
    // add up to, rounded up); the fixed 7% is 7% of that capitalization, 956,884.
    let scenario = format!("{A12}\n[rounding]\nprice = \"up\"\nprice_decimals = 5\n");
    let json = report_json(&scenario, &[]);
    assert_eq!(json["rounds"][0]["price_per_share"], "1.71056");
    let conversions = &json["rounds"][0]["workings"]["conversions"];
    assert_eq!(conversions[1]["conversion_price"], "0.73155");
    assert_eq!(conversions[4]["conversion_price"], "0.95101");
    a12_check(
        &json,
        &[
            ("YC 7%", "956884"),
            ("YC MFN", "512610"),
            ("1984 Ventures", "1025220"),
            ("Benchmark", "649306"),
            ("Follow-on SAFE", "525756"),
            ("Series A Lead", "2338415"),
            ("Available Option Pool", "1695354"),
        ],
        "945354",
        "16953545",
    );
}

// ---------------------------------------------------------------------------------------------
// A10 — one preferred class, three preference types (acceptance/README.md, A10; source: Foley
// Hoag, "Examples of Liquidation Preference"): $5M Series A at $20M pre-money on 4,000,000
// common shares, so $5 a share and 1,000,000 Series A shares (20%). Sale for $40M.

/// The A10 company with the Series A class's participation terms given as `terms`.
fn a10(terms: &str) -> String {
    let rounds = [("Series A", "pre_money = \"20M\"", "5M")];
    let (name, common) = ("One preferred class (Foley Hoag)", ("Common", "4_000_000"));
    one_preferred(name, common, "series_a", terms, "Series A", &rounds)
}

#[test]
fn a10_three_preference_types_at_a_40m_sale() {
    // 1x non-participating: 20% × $40M = $8M beats the $5M preference, so Series A converts.
    let sale = exits(&a10("participating = false"), &["40M"]);
    assert_payouts(&sale[0], &[("Series A", "8000000"), ("Common", "32000000")]);
    assert_eq!(converted(&sale, 0, "Series A"), true);
    // 1x participating with a 2x cap: $5M + 20% × $35M = $12M, capped at 2 × $5M = $10M
    // (converting would pay only $8M).
    let sale = exits(&a10("participating = true\ncap = \"2x\""), &["40M"]);
    assert_payouts(
        &sale[0],
        &[("Series A", "10000000"), ("Common", "30000000")],
    );
    assert_eq!(converted(&sale, 0, "Series A"), false);
    // 1x participating, no cap: $5M + 20% × $35M = $12M; common 80% × $35M = $28M.
    let sale = exits(&a10("participating = true"), &["40M"]);
    assert_payouts(
        &sale[0],
        &[("Series A", "12000000"), ("Common", "28000000")],
    );
}

// ---------------------------------------------------------------------------------------------
// A11 — non-participating break-even (acceptance/README.md, A11; source: Ledgy, liquidation
// preferences example): an investor buys 20% for $1M, 1x non-participating: 800,000 common and
// 200,000 preferred shares ($1M at $4M pre-money on 800,000 shares is $5 a share).

fn a11() -> String {
    let rounds = [("Seed", "pre_money = \"4M\"", "1M")];
    let (name, common) = (
        "Non-participating break-even (Ledgy)",
        ("Others", "800_000"),
    );
    one_preferred(
        name,
        common,
        "preferred",
        "participating = false",
        "Investor",
        &rounds,
    )
}

#[test]
fn a11_non_participating_break_even() {
    let exits = exits(&a11(), &["3M", "6M", "5M"]);
    // $3M: 20% would be $600K, less than the $1M preference: the investor takes $1M.
    assert_payouts(&exits[0], &[("Investor", "1000000"), ("Others", "2000000")]);
    assert_eq!(converted(&exits, 0, "Investor"), false);
    // $6M: 20% × $6M = $1.2M beats $1M: the investor converts.
    assert_payouts(&exits[1], &[("Investor", "1200000"), ("Others", "4800000")]);
    assert_eq!(converted(&exits, 1, "Investor"), true);
    // Break-even at $5M = $1M ÷ 20%: both choices pay exactly $1M.
    assert_payouts(&exits[2], &[("Investor", "1000000"), ("Others", "4000000")]);
}
