//! Rounds with share counts where the price, the pool and conversions depend on each other,
//! beyond the published acceptance cases (in `acceptance.rs`). Figures by hand in comments.

use crate::common::{Test, company, decimal, holder, json_of, priced, report_json};

fn shares(round: &serde_json::Value, name: &str) -> String {
    holder(round, name)["shares"]
        .as_str()
        .unwrap_or_else(|| panic!("no shares for {name}"))
        .to_string()
}

#[test]
fn a_round_where_only_a_safe_converts() {
    // Company capitalization K = 2,000,000 + 0.1 K (the SAFE owns 1M ÷ 10M of it), so
    // K = 2,222,222.2…; the SAFE gets 0.1 K = 222,222.2… → 222,222 shares. No new money: the
    // post-money equals the pre-money.
    let json = report_json(
        r#"
[scenario]
name = "Conversion only"

[[holder]]
name = "Founders"
shares = 2_000_000

[[safe]]
investor = "Angel"
amount = "1M"
cap = "10M"

[[round]]
name = "Recapitalization"
pre_money = "20M"
"#,
        &[],
    );
    let round = &json["rounds"][0];
    assert_eq!(shares(round, "Angel"), "222222");
    assert_eq!(round["new_money"], "0");
    assert_eq!(round["post_money"], "20000000");
    assert_eq!(round["holders"][1]["invested"], "1000000");
}

#[test]
fn a_round_with_nothing_at_all_is_an_error() {
    let stderr = Test::new()
        .args(["check", "-"])
        .stdin("[scenario]\nname = \"x\"\n\n[[holder]]\nname = \"F\"\nshares = 1\n\n[[round]]\nname = \"Empty\"\npre_money = \"1M\"\n")
        .env("NO_COLOR", "1")
        .run()
        .input_error();
    assert!(
        stderr.contains("error[E0016]: [[round]] #1 has no investments and nothing converts in it"),
        "{stderr}"
    );
}

#[test]
fn note_interest_is_simple_actual_over_365() {
    // $1M at 6% from 2025-03-01 to 2026-03-01 (365 days): $1,060,000, converting at a 20%
    // discount to a price of 8M ÷ 1M = $8 (pre-money method): $6.40, so 1,060,000 ÷ 6.4 =
    // 165,625 shares exactly.
    let json = report_json(
        r#"
[scenario]
name = "Note with interest"

[[holder]]
name = "Founders"
shares = 1_000_000

[[note]]
investor = "Bridge"
principal = "1M"
interest = "6%"
issued = 2025-03-01
discount = "20%"

[[round]]
name = "Series A"
date = 2026-03-01
pre_money = "8M"
conversion_method = "pre-money"

[[round.investment]]
investor = "Lead"
amount = "2M"
"#,
        &[],
    );
    let round = &json["rounds"][0];
    assert_eq!(round["workings"]["conversions"][0]["amount"], "1060000");
    assert_eq!(
        round["workings"]["conversions"][0]["conversion_price"],
        "6.4"
    );
    assert_eq!(shares(round, "Bridge"), "165625");
    assert_eq!(shares(round, "Lead"), "250000");
}

#[test]
fn pro_rata_keeps_the_pre_round_fraction() {
    // Founders 8M, Seed 2M (20%). Series A: $10M at $40M pre, the seed fund pro rata. Price
    // 40M ÷ 10M = $4. Post count F = (10M + 2.5M − 2M) ÷ (1 − 0.2) = 13,125,000; the seed fund
    // holds 0.2 F = 2,625,000, buying 625,000 shares for $2,500,000.
    let json = report_json(
        &(company(
            "Pro rata",
            &[("Founders", "8_000_000"), ("Seed Fund", "2_000_000")],
        ) + &priced("Series A", "pre_money = \"40M\"", &[("Lead", "10M")])
            + r#"
[[round.investment]]
investor = "Seed Fund"
pro_rata = true
"#),
        &[],
    );
    let round = &json["rounds"][0];
    assert_eq!(shares(round, "Seed Fund"), "2625000");
    assert_eq!(shares(round, "Lead"), "2500000");
    assert_eq!(round["new_money"], "12500000");
    assert_eq!(round["holders"][1]["ownership"], "0.2");
}

#[test]
fn a_pool_top_up_after_the_price_dilutes_the_new_investor_too() {
    // pool_timing = post-money: price = 8M ÷ 2M = $4; the investor buys 500,000; the pool is
    // topped up to 10% of the final count: T = 0.1 × (2.5M + T) → T = 277,777.7… → 277,777.
    let json = report_json(
        &(company("Post-money pool", &[("Founders", "2_000_000")])
            + &priced(
                "Seed",
                "pre_money = \"8M\"\npool_target = \"10%\"\npool_timing = \"post-money\"",
                &[("Seed Investor", "2M")],
            )),
        &[],
    );
    let round = &json["rounds"][0];
    assert_eq!(round["price_per_share"], "4");
    assert_eq!(shares(round, "Seed Investor"), "500000");
    assert_eq!(shares(round, "Option pool"), "277777");
}

#[test]
fn an_unpaid_tranche_moves_neither_the_price_nor_the_pool() {
    // As A3 (two founders with 1,000,000 shares each, $8M pre-money, the pool topped up to 10%
    // in the pre-money), with the investor's $2M split $1.5M + $0.5M on a condition. The terms
    // count every tranche: pool 285,714 (0.875 T = 250,000), price 8M ÷ 2,285,714.28… = $3.50,
    // whether or not the $0.5M is paid. Unpaid, the investor gets 1.5M ÷ 3.5 = 428,571.4… →
    // 428,571 shares; paid, 571,428.
    let text = &(company(
        "Contingent seed",
        &[("Founder A", "1_000_000"), ("Founder B", "1_000_000")],
    ) + r#"
[condition.milestone]

[[round]]
name = "Seed"
pre_money = "8M"
pool_target = "10%"

[[round.investment]]
investor = "Seed Investor"
amount = "2M"

[[round.investment.tranche]]
amount = "1.5M"

[[round.investment.tranche]]
amount = "0.5M"
when = "milestone"
"#);
    for (assume, investor) in [("true", "571428"), ("false", "428571")] {
        let json = Test::new()
            .args(["report", "-", "--format", "json", "--assume"])
            .args([format!("milestone={assume}")])
            .stdin(text)
            .run()
            .json();
        let round = &json["rounds"][0];
        assert_eq!(round["price_per_share"], "3.5", "milestone={assume}");
        assert_eq!(shares(round, "Option pool"), "285714", "milestone={assume}");
        assert_eq!(
            shares(round, "Seed Investor"),
            investor,
            "milestone={assume}"
        );
    }
}

#[test]
fn expected_money_counts_a_tranche_too_small_to_buy_a_share() {
    // Two shares at $100K pre-money: $50K a share. The $10K tranche buys 0.2 of a share, which
    // floors to none, so both outcomes end in the same cap table; with the condition certain,
    // the expected new money is still the $60K paid (found by the property tests).
    let json = json_of(
        &["outcomes", "-", "--format", "json"],
        &(company("Small tranche", &[("A", "1"), ("B", "1")])
            + r#"
[condition.sure]
probability = "100%"

[[round]]
name = "Seed"
pre_money = "100K"

[[round.investment]]
investor = "Fund"
amount = "60K"

[[round.investment.tranche]]
amount = "50K"

[[round.investment.tranche]]
amount = "10K"
when = "sure"
"#),
    );
    assert_eq!(json["outcomes"][0]["new_money"], "50000");
    assert_eq!(json["outcomes"][1]["new_money"], "60000");
    assert_eq!(json["expected"]["new_money"], "60000");
    assert_eq!(json["expected"]["post_money"], "160000");
}

/// n ÷ d (both whole, d > 0) to 30 decimal places, as text of its integer digits scaled by
/// 10^30: the exact fraction to compare the engine's 28-place ownership with.
fn scaled_30(n: u128, d: u128) -> u128 {
    let mut quotient = n / d;
    let mut remainder = n % d;
    for _ in 0..30 {
        remainder *= 10;
        quotient = quotient * 10 + remainder / d;
        remainder %= d;
    }
    quotient
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// With `shares = "exact"`, ownership after a round is the exact fraction: an investor of m
    /// at pre-money V with new money M in all owns m ÷ (V + M); a holder of s of S shares owns
    /// s·V ÷ (S·(V + M)). The engine's 28-place decimals are within 10^-27 of it.
    #[test]
    fn exact_share_rounding_matches_exact_fractions(
        holders in proptest::collection::vec(1_u128..1_000_000, 1..5),
        pre in 1_u128..1_000_000_000,
        money in proptest::collection::vec(1_u128..100_000_000, 1..4),
    ) {
        let mut text = String::from("[scenario]\nname = \"exact\"\n\n[rounding]\nshares = \"exact\"\n\n");
        for (i, s) in holders.iter().enumerate() {
            text.push_str(&format!("[[holder]]\nname = \"H{i}\"\nshares = {s}\n\n"));
        }
        text.push_str(&format!("[[round]]\nname = \"R\"\npre_money = {pre}\n\n"));
        for (j, m) in money.iter().enumerate() {
            text.push_str(&format!("[[round.investment]]\ninvestor = \"I{j}\"\namount = {m}\n\n"));
        }
        let json = report_json(&text, &[]);
        let round = &json["rounds"][0];
        let total_shares: u128 = holders.iter().sum();
        let new_money: u128 = money.iter().sum();
        let close = |name: &str, numerator: u128, denominator: u128| {
            let expected = scaled_30(numerator, denominator);
            let got = decimal(&holder(round, name)["ownership"]);
            // got × 10^30 as an integer (28 places: exact after scaling by 10^30).
            let got_scaled = (got * rust_decimal::Decimal::from(100)).mantissa() as u128
                * 10_u128.pow(28 - (got * rust_decimal::Decimal::from(100)).scale());
            let difference = got_scaled.abs_diff(expected);
            // 10^-27 at 30 places is 1,000 units.
            proptest::prop_assert!(difference <= 1_000, "{name}: {got} vs {expected}e-30");
            Ok(())
        };
        for (i, s) in holders.iter().enumerate() {
            close(&format!("H{i}"), s * pre, total_shares * (pre + new_money))?;
        }
        for (j, m) in money.iter().enumerate() {
            close(&format!("I{j}"), *m, pre + new_money)?;
        }
    }
}

#[test]
fn price_up_rounds_a_plain_rounds_price_up_and_nearest_rounds_it_half_away() {
    // $1M at $10M pre-money on 3,000,000 shares: exact price 10/3 = $3.3333…, new shares
    // 1M × 3/10 = 300,000 exactly. Rounded up to 5 decimals the price is $3.33334, and
    // 1,000,000 ÷ 3.33334 = 299,999.4 → 299,999; rounded to nearest it is $3.33333, and
    // 1,000,000 ÷ 3.33333 = 300,000.03 → 300,000.
    let scenario = |price: &str| {
        format!(
            r#"
[scenario]
name = "Plain round"

[rounding]
price_decimals = 5
price = "{price}"

[[holder]]
name = "Founders"
shares = 3_000_000

[[round]]
name = "Seed"
pre_money = "10M"

[[round.investment]]
investor = "Seed Fund"
amount = "1M"
"#
        )
    };
    let up = report_json(&scenario("up"), &[]);
    assert_eq!(up["rounds"][0]["price_per_share"], "3.33334");
    assert_eq!(shares(&up["rounds"][0], "Seed Fund"), "299999");
    let nearest = report_json(&scenario("nearest"), &[]);
    assert_eq!(nearest["rounds"][0]["price_per_share"], "3.33333");
    assert_eq!(shares(&nearest["rounds"][0], "Seed Fund"), "300000");
}
