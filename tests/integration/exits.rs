//! The `exit` command and share classes: the bundled three-class scenario against a
//! brute-force waterfall written here with exact fractions, anti-dilution worked by hand, the
//! command line (`--value`, `--range`, `[[exit]]`, `--chart`), and property tests.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{
    Q, Test, assert_payouts, company, decimal, fails, named, priced, report_json, stdout_of,
};

// ----- the brute-force waterfall ------------------------------------------------------------

/// A class for the brute force: claim, units, participating, total cap, seniority.
#[derive(Clone, Debug)]
struct Class {
    claim: Q,
    units: Q,
    participating: bool,
    cap: Option<Q>,
    seniority: i64,
}

/// Payouts of every class (index 0 is common, with no claim) under one conversion choice.
fn brute_pay(classes: &[Class], common_units: Q, converts: &[bool], value: Q) -> Vec<Q> {
    let n = classes.len();
    let mut pay = vec![Q::int(0); n + 1];
    let mut left = value;
    // Seniority levels, highest first; pro rata to claims within a level.
    let mut seniorities: Vec<i64> = classes.iter().map(|c| c.seniority).collect();
    seniorities.sort_unstable();
    seniorities.dedup();
    for &s in seniorities.iter().rev() {
        let members: Vec<usize> = (0..n)
            .filter(|&i| classes[i].seniority == s && !converts[i])
            .collect();
        let claims = members
            .iter()
            .fold(Q::int(0), |t, &i| t.add(classes[i].claim));
        if claims.n == 0 {
            continue;
        }
        let paid = left.min(claims);
        for &i in &members {
            pay[i + 1] = classes[i].claim.mul(paid).div(claims);
        }
        left = left.sub(paid);
    }
    // Residual: common, converted, participating; caps by repeated fixing.
    let mut active: Vec<usize> = vec![0];
    for i in 0..n {
        if (converts[i] || classes[i].participating) && classes[i].units.n > 0 {
            active.push(i + 1);
        }
    }
    let units = |k: usize| {
        if k == 0 {
            common_units
        } else {
            classes[k - 1].units
        }
    };
    let room = |k: usize| -> Option<Q> {
        if k == 0 || converts[k - 1] {
            return None;
        }
        let c = &classes[k - 1];
        c.cap.map(|cap| {
            let r = cap.sub(c.claim);
            if r.n < 0 { Q::int(0) } else { r }
        })
    };
    loop {
        let weight = active.iter().fold(Q::int(0), |t, &k| t.add(units(k)));
        if weight.n == 0 {
            break;
        }
        let price = left.div(weight);
        // Any capped participant over its room at this price is fixed at its room.
        let over: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&k| room(k).is_some_and(|r| units(k).mul(price).gt(r)))
            .collect();
        if over.is_empty() {
            for &k in &active {
                pay[k] = pay[k].add(units(k).mul(price));
            }
            break;
        }
        // Fix the one that overflows most (smallest room per unit) and try again.
        let k = *over
            .iter()
            .min_by(|&&a, &&b| {
                room(a)
                    .unwrap()
                    .div(units(a))
                    .cmp(room(b).unwrap().div(units(b)))
            })
            .unwrap();
        let r = room(k).unwrap();
        pay[k] = pay[k].add(r);
        left = left.sub(r);
        active.retain(|&a| a != k);
    }
    pay
}

/// The stable choice with the fewest conversions (ties: lowest bit pattern, class 0 = bit 0).
fn brute_force(classes: &[Class], common_units: Q, value: Q) -> (Vec<bool>, Vec<Q>) {
    let n = classes.len();
    let choice = |mask: u32| (0..n).map(|i| mask >> i & 1 == 1).collect::<Vec<_>>();
    let mut best: Option<u32> = None;
    for mask in 0..1u32 << n {
        let pay = brute_pay(classes, common_units, &choice(mask), value);
        let stable = (0..n).all(|i| {
            let other = brute_pay(classes, common_units, &choice(mask ^ 1 << i), value);
            !other[i + 1].gt(pay[i + 1])
        });
        if stable && best.is_none_or(|b| (mask.count_ones(), mask) < (b.count_ones(), b)) {
            best = Some(mask);
        }
    }
    let mask = best.expect("a stable choice exists");
    (
        choice(mask),
        brute_pay(classes, common_units, &choice(mask), value),
    )
}

/// Whole-cent payouts: floors, then one cent each to the largest remainders, ties by order.
fn brute_cents(value: Q, exact: &[Q]) -> Vec<i128> {
    let parts: Vec<(i128, Q)> = exact.iter().map(|q| q.cents()).collect();
    let total: i128 = parts.iter().map(|(c, _)| c).sum();
    let (value_cents, _) = value.cents();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| parts[b].1.cmp(parts[a].1).then(a.cmp(&b)));
    let mut cents: Vec<i128> = parts.iter().map(|(c, _)| *c).collect();
    for &i in order.iter().take((value_cents - total) as usize) {
        cents[i] += 1;
    }
    cents
}

fn exit_json(file_or_stdin: &str, stdin: Option<&str>, extra: &[&str]) -> Value {
    let mut test = Test::new()
        .args(["exit", file_or_stdin, "--format", "json"])
        .args(extra);
    if let Some(text) = stdin {
        test = test.stdin(text);
    }
    test.run().json()
}

/// The first exit of `captable exit - --format json EXTRA…` on `scenario`.
fn first_exit(scenario: &str, extra: &[&str]) -> Value {
    exit_json("-", Some(scenario), extra)["exits"][0].take()
}

/// The three classes of `scenarios/exit-three-classes.toml`, as the file's comments give them:
/// Seed $2M for 2,000,000 (1x, non-participating, seniority 1); Series A $8M for 2,000,000
/// (1x participating, 3x cap, seniority 2); Series B $20M for 2,000,000 (1.5x, seniority 3);
/// common 6,000,000 + 1,000,000 (the 500,000-share unallocated pool gets nothing).
fn three_classes() -> (Vec<Class>, Q) {
    let m = |x: i128| Q::int(x * 1_000_000);
    (
        vec![
            Class {
                claim: m(2),
                units: m(2),
                participating: false,
                cap: None,
                seniority: 1,
            },
            Class {
                claim: m(8),
                units: m(2),
                participating: true,
                cap: Some(m(24)),
                seniority: 2,
            },
            Class {
                claim: m(30),
                units: m(2),
                participating: false,
                cap: None,
                seniority: 3,
            },
        ],
        m(7),
    )
}

#[test]
fn three_classes_match_the_brute_force_at_twenty_exit_values() {
    let values = [
        "0",
        "1",
        "1M",
        "15M",
        "29999999.99",
        "30M",
        "34M",
        "38M",
        "40M",
        "45M",
        "49M",
        "60M",
        "100M",
        "126M",
        "150M",
        "162M",
        "180M",
        "195M",
        "400M",
        "123456789.01",
    ];
    let mut args = Vec::new();
    for v in values {
        args.extend(["--value", v]);
    }
    let json = exit_json("scenarios/exit-three-classes.toml", None, &args);
    let exits = json["exits"].as_array().expect("exits");
    assert_eq!(exits.len(), 20);
    let (classes, common) = three_classes();
    let names = ["series_seed", "series_a", "series_b"];
    for (exit, text) in exits.iter().zip(values) {
        let value = Decimal::from_str(
            &text
                .replace('M', "")
                .parse::<Decimal>()
                .map(|v| {
                    if text.ends_with('M') {
                        v * Decimal::from(1_000_000)
                    } else {
                        v
                    }
                })
                .unwrap()
                .to_string(),
        )
        .unwrap();
        assert_eq!(decimal(&exit["value"]), value, "{text}");
        let q = Q::new((value * Decimal::ONE_HUNDRED).trunc().mantissa(), 100);
        let (converts, pay) = brute_force(&classes, common, q);
        // Classes: exact payouts to 20 places, and the conversion choice.
        for (i, name) in names.iter().enumerate() {
            let class = named(&exit["classes"], name);
            let exact = decimal(&class["payout_exact"]);
            assert!(
                (exact - pay[i + 1].to_decimal()).abs() < Decimal::new(1, 15),
                "{text} {name}: {exact} vs {:?}",
                pay[i + 1]
            );
            assert_eq!(class["converted"], converts[i], "{text} {name}");
        }
        // Holders in file order: Founders, Employees (common 6:1), Seed Fund, A Lead, A Partner
        // (Series A 3:1 in both money and shares), B Growth.
        let split = |q: Q, a: i128, b: i128| q.mul(Q::new(a, b));
        let holders = [
            ("Founders", split(pay[0], 6, 7)),
            ("Employees", split(pay[0], 1, 7)),
            ("Seed Fund", pay[1]),
            ("A Lead", split(pay[2], 3, 4)),
            ("A Partner", split(pay[2], 1, 4)),
            ("B Growth", pay[3]),
        ];
        let exact: Vec<Q> = holders.iter().map(|(_, q)| *q).collect();
        let cents = brute_cents(q, &exact);
        let listed = exit["holders"].as_array().expect("holders");
        assert_eq!(
            listed.len(),
            holders.len(),
            "{text}: the pool is not a payee"
        );
        let mut sum = Decimal::ZERO;
        for ((name, _), (row, c)) in holders.iter().zip(listed.iter().zip(&cents)) {
            assert_eq!(row["name"], *name, "{text}: holders in file order");
            let payout = decimal(&row["payout"]);
            assert_eq!(payout, Decimal::new(*c as i64, 2), "{text} {name}");
            sum += payout;
        }
        assert_eq!(sum, value, "{text}: payouts sum to the exit value");
    }
}

#[test]
fn three_classes_breakpoints_are_the_hand_computed_ones() {
    let json = exit_json("scenarios/exit-three-classes.toml", None, &[]);
    // The file's [[exit]] list, named as written.
    let names: Vec<&str> = json["exits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Fire sale", "Acqui-hire", "Strategic sale", "Big exit"]
    );
    // See the file's comments for the working of each.
    let found: Vec<(String, String)> = json["breakpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["value"].as_str().unwrap().to_string(),
                b["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("30000000", "series_b"),
        ("38000000", "series_a"),
        ("40000000", "common"),
        ("40000000", "series_seed"),
        ("40000000", "series_a"),
        ("49000000", "series_seed"),
        ("126000000", "series_a"),
        ("162000000", "series_a"),
        ("195000000", "series_b"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(v, n)| (v.to_string(), n.to_string()))
        .collect();
    assert_eq!(found, expected);
}

// ----- anti-dilution ------------------------------------------------------------------------

/// Founders 1,000,000 common; Series A $1M at $1 (1,000,000 preferred, protected by RULE);
/// Series B $500K at $0.50 (1,000,000 common): tests/fixtures/down-round.toml with its rule.
fn down_round(rule: &str) -> String {
    include_str!("../fixtures/down-round.toml").replace(
        "anti_dilution = \"broad-based\"",
        &format!("anti_dilution = \"{rule}\""),
    )
}

#[test]
fn broad_based_weighted_average() {
    // A = 2,000,000 fully diluted before the Series B, B = $500K ÷ $1 = 500,000, C = 1,000,000:
    // CP2 = 1 × 2,500,000 ÷ 3,000,000 = 5/6; as converted 1,000,000 ÷ 5/6 = 1,200,000; of
    // 3,200,000: 37.5%, Founders and B Fund 31.25% each.
    let json = report_json(&down_round("broad-based"), &[]);
    let round = &json["rounds"][1];
    let class = &round["classes"][0];
    assert_eq!(class["original_issue_price"], "1");
    assert_eq!(
        decimal(&class["conversion_price"]),
        Decimal::from(5) / Decimal::from(6)
    );
    assert_eq!(class["as_converted_shares"], "1200000");
    let a = named(&round["holders"], "A Fund");
    assert_eq!(a["shares"], "1000000");
    assert_eq!(a["as_converted_shares"], "1200000");
    assert_eq!(a["ownership"], "0.375");
    assert_eq!(named(&round["holders"], "Founders")["ownership"], "0.3125");
    let adjustment = &round["workings"]["anti_dilution"][0];
    assert_eq!(adjustment["a"], "2000000");
    assert_eq!(adjustment["b"], "500000");
    assert_eq!(adjustment["c"], "1000000");
    // The round before is untouched.
    assert_eq!(json["rounds"][0]["classes"][0]["conversion_price"], "1");
}

/// The down round's valuation figures at its price. By hand (broad-based, as above): the Series
/// B prices 2,000,000 shares at $0.50, pre-money $1,000,000, + $500,000 = post-money
/// $1,500,000. After it 3,200,000 shares as converted (the Series A's 1,000,000 now convert into
/// 1,200,000): at $0.50 that is $1,600,000, the $100,000 above the post-money being the 200,000
/// shares anti-dilution added. Values at $0.50: A Fund 1,200,000 → $600,000, Founders and B Fund
/// 1,000,000 → $500,000 each (B Fund's value is exactly the money it paid at the round price;
/// ownership × post-money would say 31.25% × $1.5M = $468,750).
#[test]
fn a_down_round_is_valued_at_its_price() {
    let json = report_json(&down_round("broad-based"), &[]);
    let round = &json["rounds"][1];
    assert_eq!(round["post_money"], "1500000");
    assert_eq!(round["post_money_at_price"], "1600000");
    assert!(round["effective_pre_money"].is_null());
    assert_eq!(named(&round["holders"], "A Fund")["value"], "600000");
    assert_eq!(named(&round["holders"], "Founders")["value"], "500000");
    assert_eq!(named(&round["holders"], "B Fund")["value"], "500000");
    // The Series A, at $1 on 2,000,000 shares: $2M both ways.
    assert_eq!(json["rounds"][0]["post_money_at_price"], "2000000");
    let table = stdout_of(&["report", "-"], &down_round("broad-based"));
    assert!(
        table.contains("Series B: post-money at price differs because anti-dilution added 200,000 as-converted shares."),
        "{table}"
    );
    assert!(table.contains("$1.6M"), "{table}");
}

#[test]
fn narrow_based_weighted_average() {
    // A = the class's 1,000,000 shares: CP2 = 1 × 1,500,000 ÷ 2,000,000 = 0.75; as converted
    // 4/3 × 1,000,000; ownership (4/3) ÷ (10/3) = 40%, Founders 30%.
    let json = report_json(&down_round("narrow-based"), &[]);
    let round = &json["rounds"][1];
    assert_eq!(round["classes"][0]["conversion_price"], "0.75");
    assert_eq!(named(&round["holders"], "A Fund")["ownership"], "0.4");
    assert_eq!(named(&round["holders"], "Founders")["ownership"], "0.3");
}

#[test]
fn full_ratchet() {
    // CP2 = $0.50: 2,000,000 as converted of 4,000,000 = 50%.
    let json = report_json(&down_round("full-ratchet"), &[]);
    let round = &json["rounds"][1];
    assert_eq!(round["classes"][0]["conversion_price"], "0.5");
    assert_eq!(
        named(&round["holders"], "A Fund")["as_converted_shares"],
        "2000000"
    );
    assert_eq!(named(&round["holders"], "A Fund")["ownership"], "0.5");
}

#[test]
fn anti_dilution_counts_at_exit() {
    // Full ratchet: 2,000,000 units of 4,000,000 at exit. A 1x non-participating preference of
    // $1M converts above $2M (half the value pays more than $1M): at $10M it gets $5M.
    let exit = &first_exit(&down_round("full-ratchet"), &["--value", "10M"]);
    assert_payouts(exit, &[("A Fund", "5000000"), ("Founders", "2500000")]);
    assert_eq!(named(&exit["holders"], "A Fund")["converted"], true);
}

#[test]
fn no_adjustment_when_the_round_prices_higher() {
    let text =
        down_round("broad-based").replace("price_per_share = \"0.5\"", "price_per_share = \"2\"");
    let json = report_json(&text, &[]);
    assert_eq!(json["rounds"][1]["classes"][0]["conversion_price"], "1");
    assert_eq!(
        json["rounds"][1]["workings"]["anti_dilution"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

// ----- outstanding instruments, ties, cents -------------------------------------------------

/// Founders 8,000,000 and a Seed round (2024-01-01) in which Angel buys 1,000,000 at $1.
fn seeded(name: &str) -> String {
    let seed = priced(
        "Seed",
        "date = 2024-01-01\nprice_per_share = \"1\"",
        &[("Angel", "1M")],
    );
    company(name, &[("Founders", "8_000_000")]) + &seed
}

#[test]
fn outstanding_safe_takes_the_greater_of_amount_and_conversion() {
    // Founders 9,000,000; a $1M post-money SAFE with a $10M cap issued after the only round:
    // it owns 1M/10M = 10% of the liquidity capitalization, 9,000,000 ÷ 0.9 = 10,000,000, so
    // 1,000,000 units. At $5M: converting pays 10% = $500K < $1M, so $1M. At $50M: $5M.
    let text = &(seeded("SAFE at exit")
        + r#"
[[safe]]
investor = "Late SAFE"
amount = "1M"
cap = "10M"
issued = 2025-01-01

[[note]]
investor = "Bridge"
principal = "1M"
interest = "10%"
issued = 2025-01-01

[[exit]]
name = "Sale"
value = "5M"
date = 2026-01-01
"#);
    let exit = &first_exit(text, &[]);
    // The note first: $1M + 10% × 365/365 = $1.1M. Then the SAFE's $1M; common shares $2.9M
    // (Founders 8/9, Angel 1/9).
    assert_eq!(named(&exit["holders"], "Bridge")["payout"], "1100000");
    assert_eq!(named(&exit["holders"], "Bridge")["class"], "note");
    assert_eq!(named(&exit["holders"], "Late SAFE")["payout"], "1000000");
    assert_eq!(named(&exit["holders"], "Late SAFE")["converted"], false);
    let founders = decimal(&named(&exit["holders"], "Founders")["payout"]);
    let angel = decimal(&named(&exit["holders"], "Angel")["payout"]);
    // 2,900,000 × 8/9 = 2,577,777.777… → 2,577,777.78 (the larger remainder gets the cent).
    assert_eq!(founders, Decimal::from_str("2577777.78").unwrap());
    assert_eq!(angel, Decimal::from_str("322222.22").unwrap());
    // Without a date the note accrues nothing; at $101.1M the SAFE converts: 10% of $100M.
    let exit = &first_exit(text, &["--value", "101M"]);
    assert_payouts(exit, &[("Bridge", "1000000"), ("Late SAFE", "10000000")]);
    assert_eq!(named(&exit["holders"], "Late SAFE")["converted"], true);
}

#[test]
fn outstanding_fixed_percentage_safe_takes_the_greater_of_amount_and_its_percentage() {
    // Founders 8,000,000 and Angel 1,000,000 after the only round, then a $125K SAFE for a
    // fixed 10% with no round to convert in: it owns 10% of the liquidity capitalization
    // 9,000,000 ÷ 0.9 = 10,000,000, so 1,000,000 units. At $1M: converting pays 10% = $100K <
    // $125K, so it takes $125K and common shares $875K (Founders 8/9 = $777,777.78). At $10M:
    // 10% = $1M > $125K, so it converts: $1M, Founders 8/10 × $10M = $8M.
    let text = &(seeded("Fixed-percentage SAFE at exit")
        + r#"
[[safe]]
investor = "Accelerator"
amount = "125K"
kind = "fixed-percentage"
percentage = "10%"
issued = 2025-01-01

[[exit]]
name = "Sale"
value = "1M"
"#);
    let exit = &first_exit(text, &[]);
    assert_payouts(
        exit,
        &[("Accelerator", "125000"), ("Founders", "777777.78")],
    );
    assert_eq!(named(&exit["holders"], "Accelerator")["converted"], false);
    let exit = &first_exit(text, &["--value", "10M"]);
    assert_payouts(exit, &[("Accelerator", "1000000"), ("Founders", "8000000")]);
    assert_eq!(named(&exit["holders"], "Accelerator")["converted"], true);
}

#[test]
fn pari_passu_within_a_level_pro_rata_to_claims() {
    // Two classes at seniority 1: $3M (1x) and $2M × 1.5 = $3M claims; at $4M each gets $2M.
    let text = r#"
[scenario]
name = "Pari passu"

[[holder]]
name = "Founders"
shares = 10_000_000

[class.a]
seniority = 1

[class.b]
preference = "1.5x"
seniority = 1

[[round]]
name = "A"
price_per_share = "1"

[[round.investment]]
investor = "A Fund"
amount = "3M"
class = "a"

[[round.investment]]
investor = "B Fund"
amount = "2M"
class = "b"
"#;
    let json = exit_json("-", Some(text), &["--value", "4M"]);
    let rows = [
        ("A Fund", "2000000"),
        ("B Fund", "2000000"),
        ("Founders", "0"),
    ];
    assert_payouts(&json["exits"][0], &rows);
}

// ----- command line -------------------------------------------------------------------------

#[test]
fn range_gives_evenly_spaced_exits() {
    let json = exit_json(
        "scenarios/exit-three-classes.toml",
        None,
        &["--range", "0..100M:25M"],
    );
    let values: Vec<&str> = json["exits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        ["0", "25000000", "50000000", "75000000", "100000000"]
    );
}

#[test]
fn bad_exit_values_are_usage_errors() {
    for args in [
        vec!["--value", "ten"],
        vec!["--value", "1.005"],
        vec!["--range", "10M..0:1M"],
        vec!["--range", "0..10M"],
    ] {
        let out = Test::new()
            .args(["exit", "scenarios/exit-three-classes.toml"])
            .args(&args)
            .run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
    // A file without [[exit]] and no --value.
    let out = Test::new()
        .args(["exit", "scenarios/startup-seed-to-series-a.toml"])
        .run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--value"), "{}", out.stderr);
}

#[test]
fn every_format_renders() {
    for format in ["table", "markdown", "csv"] {
        let out = Test::new()
            .args([
                "exit",
                "scenarios/exit-three-classes.toml",
                "--format",
                format,
            ])
            .env("NO_COLOR", "1")
            .run()
            .success();
        assert!(out.contains("What changes"), "{format}:\n{out}");
        assert!(out.contains("B Growth"), "{format}:\n{out}");
    }
}

#[test]
fn chart_is_written_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("payouts.svg");
    let path_text = path.to_string_lossy().to_string();
    Test::new()
        .args([
            "exit",
            "scenarios/exit-three-classes.toml",
            "--range",
            "0..250M:50M",
            "--chart",
            &path_text,
            "--format",
            "json",
        ])
        .run()
        .success();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    for label in [
        // Classes by their names for people: series_a → Series A.
        "Series Seed",
        "Series A",
        "Series B",
        "Common",
        "$100M",
        "Exit value (USD)",
    ] {
        assert!(svg.contains(label), "{label} missing from the chart");
    }
    // Okabe–Ito colours.
    assert!(svg.contains("#E69F00") && svg.contains("#56B4E9"));
}

// ----- properties ---------------------------------------------------------------------------

/// A random class: shares, price in cents, preference in tenths, participating, cap above the
/// preference in tenths, seniority.
type RandomClass = (u32, u32, u8, bool, Option<u8>, i8);

/// A random scenario: common plus up to three preferred classes with random terms.
fn random_scenario(common: u32, classes: &[RandomClass]) -> String {
    let mut text = format!(
        "[scenario]\nname = \"random\"\n\n[[holder]]\nname = \"Common\"\nshares = {common}\n\n"
    );
    for (i, (_, _, preference, participating, cap, seniority)) in classes.iter().enumerate() {
        text.push_str(&format!(
            "[class.c{i}]\npreference = \"{}x\"\nparticipating = {participating}\nseniority = {seniority}\n",
            Decimal::new(i64::from(*preference), 1)
        ));
        if let (true, Some(cap)) = (participating, cap) {
            text.push_str(&format!(
                "cap = \"{}x\"\n",
                Decimal::new(i64::from(*preference), 1) + Decimal::new(i64::from(*cap), 1)
            ));
        }
        text.push('\n');
    }
    for (i, (shares, price_cents, ..)) in classes.iter().enumerate() {
        let amount = Decimal::new(i64::from(*shares) * i64::from(*price_cents), 2);
        text.push_str(&format!(
            "[[round]]\nname = \"R{i}\"\nprice_per_share = \"{}\"\n\n[[round.investment]]\ninvestor = \"I{i}\"\namount = \"{amount}\"\nclass = \"c{i}\"\n\n",
            Decimal::new(i64::from(*price_cents), 2)
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn payouts_add_up_rise_with_value_and_are_stable(
        common in 1_000u32..2_000_000,
        classes in prop::collection::vec(
            (1_000u32..2_000_000, 10u32..1_000, 0u8..30, any::<bool>(), prop::option::of(0u8..40), -2i8..3),
            1..4,
        ),
        values in prop::collection::vec(0u64..5_000_000_000, 6),
    ) {
        let text = random_scenario(common, &classes);
        let mut values = values;
        values.sort_unstable();
        let mut args = vec!["exit".to_string(), "-".into(), "--format".into(), "json".into()];
        for v in &values {
            args.push("--value".into());
            args.push(Decimal::new(i64::try_from(*v).unwrap(), 2).to_string());
        }
        let json = Test::new().args(args).stdin(&text).run().json();
        let exits = json["exits"].as_array().unwrap();
        let mut previous: Option<Vec<Decimal>> = None;
        for exit in exits {
            let value = decimal(&exit["value"]);
            let holders = exit["holders"].as_array().unwrap();
            let cents: Decimal = holders.iter().map(|h| decimal(&h["payout"])).sum();
            prop_assert_eq!(cents, value, "{}", text);
            let exact: Vec<Decimal> = holders.iter().map(|h| decimal(&h["payout_exact"])).collect();
            let exact_sum: Decimal = exact.iter().sum();
            prop_assert!((exact_sum - value).abs() < Decimal::new(1, 12), "{} {}", exact_sum, value);
            for h in holders {
                prop_assert!((decimal(&h["payout"]) - decimal(&h["payout_exact"])).abs() < Decimal::new(1, 2));
            }
            if let Some(prev) = &previous {
                for (a, b) in prev.iter().zip(&exact) {
                    prop_assert!(*b >= *a - Decimal::new(1, 12), "payout fell from {} to {}\n{}", a, b, text);
                }
            }
            previous = Some(exact);
        }
        // Stability, checked against the brute force's own notion on the same terms: the engine's
        // conversion choice is one where no class gains by switching.
        let pref: Vec<Class> = classes.iter().map(|(shares, price, preference, participating, cap, seniority)| {
            let invested = Q::new(i128::from(*shares) * i128::from(*price), 100);
            Class {
                claim: invested.mul(Q::new(i128::from(*preference), 10)),
                units: Q::int(i128::from(*shares)),
                participating: *participating,
                cap: if *participating {
                    cap.map(|c| invested.mul(Q::new(i128::from(*preference) + i128::from(c), 10)))
                } else {
                    None
                },
                seniority: i64::from(*seniority),
            }
        }).collect();
        for exit in exits {
            let value = decimal(&exit["value"]);
            let q = Q::new((value * Decimal::ONE_HUNDRED).trunc().mantissa(), 100);
            let converts: Vec<bool> = (0..pref.len())
                .map(|i| named(&exit["classes"], &format!("c{i}"))["converted"] == true)
                .collect();
            let pay = brute_pay(&pref, Q::int(i128::from(common)), &converts, q);
            for i in 0..pref.len() {
                let mut other = converts.clone();
                other[i] = !other[i];
                let switched = brute_pay(&pref, Q::int(i128::from(common)), &other, q);
                prop_assert!(
                    !switched[i + 1].gt(pay[i + 1].add(Q::new(1, 1_000_000))),
                    "class c{} gains by switching at {}\n{}", i, value, text
                );
            }
        }
    }
}

/// `captable exit` on every bundled scenario that lists exits, in every format, against its
/// reviewed snapshot `FILE-STEM.exit.FORMAT`.
#[test]
fn bundled_exits_render_in_every_format() {
    for format in ["table", "markdown", "csv", "json"] {
        let output = Test::new()
            .args([
                "exit",
                "scenarios/exit-three-classes.toml",
                "--format",
                format,
            ])
            .env("NO_COLOR", "1")
            .run()
            .success();
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!(
            "captable exit scenarios/exit-three-classes.toml --format {format}"
        ));
        settings
            .bind(|| insta::assert_snapshot!(format!("exit-three-classes.exit.{format}"), output));
    }
}

#[test]
fn safes_claiming_everything_is_an_exit_error() {
    // A $6M post-money SAFE at a $5M cap would own 120% of the company: E0027, as in
    // docs/errors.md.
    let seed = priced(
        "Seed",
        "date = 2024-01-01\npre_money = \"4M\"",
        &[("Seed Fund", "1M")],
    );
    let text = company("Too much SAFE", &[("Founders", "1_000_000")])
        + &seed
        + r#"
[[safe]]
investor = "Big SAFE"
amount = "6M"
cap = "5M"
issued = 2025-01-01
"#;
    let out = Test::new()
        .args(["exit", "-", "--value", "10M"])
        .stdin(&text)
        .env("NO_COLOR", "1")
        .run();
    let stderr = out.input_error();
    assert_eq!(
        stderr,
        "error[E0027]: the outstanding post-money SAFEs claim 100% or more of the company at exit\n |\n = help: each post-money SAFE owns amount ÷ cap of the liquidity capitalization: check the SAFEs' amounts and caps\n\nerror: <stdin>: 1 problem found\n"
    );
}

/// The chart renders (resvg): each class's colour is on the image, and the image is written to
/// `target/tmp/exit-chart.png` for a person to look at.
#[test]
fn chart_renders_to_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("payouts.svg");
    Test::new()
        .args([
            "exit",
            "scenarios/exit-three-classes.toml",
            "--range",
            "0..250M:10M",
            "--chart",
            &svg_path.to_string_lossy(),
            "--format",
            "csv",
        ])
        .run()
        .success();
    let svg = std::fs::read(&svg_path).unwrap();
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_data(&svg, &options).expect("the chart is valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let png = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("exit-chart.png");
    pixmap.save_png(&png).unwrap();
    // Okabe–Ito colours of the four lines: black, orange, sky blue, bluish green.
    for (r, g, b) in [
        (0, 0, 0),
        (0xE6, 0x9F, 0x00),
        (0x56, 0xB4, 0xE9),
        (0x00, 0x9E, 0x73),
    ] {
        let found = pixmap
            .pixels()
            .iter()
            .any(|p| p.red() == r && p.green() == g && p.blue() == b && p.alpha() == 255);
        assert!(
            found,
            "no pixel of colour ({r}, {g}, {b}) in {}",
            png.display()
        );
    }
}

/// Runs `exit` on the three-class scenario; asserts a clean failure with exit `code` (nothing on
/// standard output, no panic) and returns standard error.
#[track_caller]
fn exit_fails(args: &[&str], code: i32) -> String {
    let out = Test::new()
        .args(["exit", "scenarios/exit-three-classes.toml"])
        .args(args)
        .env("NO_COLOR", "1")
        .run();
    fails(out, code)
}

#[test]
fn ranges_beyond_a_decimal_are_usage_errors_naming_the_argument() {
    const MAX: &str = "79228162514264337593543950335"; // 2^96 − 1, the largest decimal
    let cases = [
        // 0 to 2^96 − 1 in steps of 1: 2^96 values.
        (
            format!("0..{MAX}:1"),
            format!(
                "--range 0..{MAX}:1: the range has 79228162514264337593543950336 values, more than the 10000 allowed; use a larger STEP"
            ),
        ),
        // In cents the values would need 2^96 × 100: not decimals.
        (
            format!("0..{MAX}:0.01"),
            format!(
                "--range 0..{MAX}:0.01: the values do not fit in a 28-digit decimal at 2 decimals"
            ),
        ),
        (
            "0..10M:0".to_string(),
            "--range 0..10M:0: STEP must be more than zero".to_string(),
        ),
        (
            "0..10M:-1M".to_string(),
            "--range -1M: not valid money (is negative)".to_string(),
        ),
    ];
    for (range, expected) in cases {
        let stderr = exit_fails(&["--range", &range], 2);
        assert!(stderr.contains(&expected), "{stderr}");
    }
    // 10,000 from --range (0 to 9,999 in steps of 1) and one more --value: 10,001 in all.
    let stderr = exit_fails(&["--range", "0..9999:1", "--value", "1M"], 2);
    assert!(
        stderr.contains("10001 exit values from --value and --range together; at most 10000"),
        "{stderr}"
    );
}

#[test]
fn a_range_whose_next_value_would_overflow_still_has_its_values() {
    // 10M + (2^96 − 2) overflows, but that sum is past TO: the one exit is 10M (before, adding
    // STEP after the last value failed with "the values overflow").
    let json = exit_json(
        "scenarios/exit-three-classes.toml",
        None,
        &["--range", "10M..20M:79228162514264337593543950334"],
    );
    let values: Vec<&str> = json["exits"]
        .as_array()
        .expect("exits")
        .iter()
        .map(|e| e["value"].as_str().expect("a value"))
        .collect();
    assert_eq!(values, ["10000000"]);
}

#[test]
fn an_exit_that_cannot_be_computed_is_named() {
    // 10M computes; at the largest decimal the payouts cannot be: the error names that exit.
    let stderr = exit_fails(
        &["--value", "10M", "--value", "79228162514264337593543950335"],
        1,
    );
    assert!(
        stderr.contains("at the exit value 79,228,162,514,264,337,593,543,950,335\n"),
        "{stderr}"
    );
    let stderr = exit_fails(
        &[
            "--value",
            "10M",
            "--value",
            "79228162514264337.593543950335T",
        ],
        1,
    );
    assert!(
        stderr.contains(
            "at the exit \"79228162514264337.593543950335T\" (79,228,162,514,264,337,593,543,950,335)\n"
        ),
        "{stderr}"
    );
}

// ----- positions: a holder of several classes -----------------------------------------------

/// Founders 10,000,000 common; a Series A at $2 (A Lead $6M → 3,000,000 and A Partner $4M →
/// 2,000,000 `series_a`, 1x non-participating, seniority 1); a Series B at `pre_money` in which
/// B Lead buys `series_b` (1x non-participating, seniority 2: senior) for $20M and A Lead takes
/// its pro-rata, written without a `class`: its shares are bought in the round's class.
fn pro_rata_in_the_b(pre_money: &str) -> String {
    format!(
        r#"
[scenario]
name = "A Lead takes its pro-rata in the Series B"

[rounding]
shares = "floor"

[[holder]]
name = "Founders"
shares = 10_000_000

[class.series_a]
preference = "1x"
participating = false
seniority = 1

[class.series_b]
preference = "1x"
participating = false
seniority = 2

[[round]]
name = "Series A"
price_per_share = "2"

[[round.investment]]
investor = "A Lead"
amount = "6M"
class = "series_a"

[[round.investment]]
investor = "A Partner"
amount = "4M"
class = "series_a"

[[round]]
name = "Series B"
pre_money = "{pre_money}"

[[round.investment]]
investor = "B Lead"
amount = "20M"
class = "series_b"

[[round.investment]]
investor = "A Lead"
pro_rata = true
"#
    )
}

/// By hand (Python `fractions`), pre-money $72M: S = 15,000,000 before the Series B, A Lead
/// holds H = 3,000,000 (R = 1/5); price 72M/15M = 24/5 = $4.80. B Lead: $20M ÷ 24/5 =
/// 12,500,000/3 = 4,166,666.67 → N = 4,166,666 shares. F_post = (S − H + N) ÷ (1 − R), with N
/// exact: (12,000,000 + 12,500,000/3) ÷ 4/5 = 60,625,000/3; A Lead buys H × F_post ÷ S − H =
/// 3,125,000/3 = 1,041,666.67 → 1,041,666 shares, paying 1,041,666 × 24/5 = $4,999,996.80.
/// So A Lead holds 3,000,000 `series_a` ($6M) and 1,041,666 `series_b`: 4,041,666 in all, its
/// class `series_a` (the larger position).
#[test]
fn a_series_a_lead_taking_its_pro_rata_holds_two_positions() {
    let json = report_json(&pro_rata_in_the_b("72M"), &[]);
    let lead = named(&json["rounds"][1]["holders"], "A Lead");
    assert_eq!(lead["shares"], "4041666");
    assert_eq!(lead["class"], "series_a");
    let positions = lead["positions"].as_array().expect("positions");
    assert_eq!(positions.len(), 2, "{lead}");
    assert_eq!(positions[0]["class"], "series_a");
    assert_eq!(positions[0]["shares"], "3000000");
    assert_eq!(positions[0]["invested"], "6000000");
    assert_eq!(positions[1]["class"], "series_b");
    assert_eq!(positions[1]["shares"], "1041666");
    assert_eq!(positions[1]["invested"], "4999996.8");
    // After the Series A it held one class only.
    let before = named(&json["rounds"][0]["holders"], "A Lead");
    assert_eq!(before["positions"].as_array().map(Vec::len), Some(1));
    assert_eq!(before["positions"][0]["class"], "series_a");
    // The class totals count the pro-rata shares in series_b: 4,166,666 + 1,041,666, for
    // $20M + $4,999,996.80.
    let classes = &json["rounds"][1]["classes"];
    assert_eq!(named(classes, "series_a")["shares"], "5000000");
    assert_eq!(named(classes, "series_b")["shares"], "5208332");
    assert_eq!(named(classes, "series_b")["invested"], "24999996.8");
    // Every other holder holds one class.
    for name in ["Founders", "A Partner", "B Lead"] {
        let h = named(&json["rounds"][1]["holders"], name);
        assert_eq!(h["positions"].as_array().map(Vec::len), Some(1), "{h}");
        assert_eq!(h["positions"][0]["class"], h["class"]);
        assert_eq!(h["positions"][0]["shares"], h["shares"]);
    }
}

/// No table files A Lead's 4,041,666 shares under one class: a row per class it holds, and
/// (for people, not in CSV) a total row naming both.
#[test]
fn tables_show_each_class_a_holder_holds() {
    let text = pro_rata_in_the_b("72M");
    let render = |format: &str| {
        Test::new()
            .args(["report", "-", "--format", format])
            .stdin(&text)
            .env("NO_COLOR", "1")
            .run()
            .success()
    };
    let csv = render("csv");
    // Each cap-table row starts with its round (the `round` column).
    let rows: Vec<&str> = csv
        .lines()
        .filter_map(|l| l.split_once(",A Lead,").map(|(_, rest)| rest))
        .collect();
    // After the Series A one row; after the Series B one per class, no total.
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("series_a,6000000,3000000,"), "{csv}");
    assert!(rows[1].starts_with("series_a,0,3000000,"), "{csv}");
    assert!(rows[2].starts_with("series_b,4999996.8,1041666,"), "{csv}");
    assert!(!csv.contains("4041666"), "{csv}");
    for format in ["table", "markdown"] {
        // Markdown escapes the underscores of class names.
        let out = render(format).replace("\\_", "_");
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("A Lead")).collect();
        let with = |words: &[&str]| lines.iter().any(|l| words.iter().all(|w| l.contains(w)));
        assert!(with(&["Series B", "1,041,666"]), "{format}:\n{out}");
        assert!(with(&["Series A", "3,000,000"]), "{format}:\n{out}");
        assert!(
            with(&["A Lead (total)", "Series A + Series B", "4,041,666"]),
            "{format}:\n{out}"
        );
        // The only line with the holder's total is the total row, naming both classes.
        for line in lines.iter().filter(|l| l.contains("4,041,666")) {
            assert!(line.contains("Series A + Series B"), "{format}:\n{out}");
        }
    }
}

/// Pre-money $75M: price 75M/15M = $5; B Lead buys 4,000,000 `series_b`; F_post = (15,000,000 −
/// 3,000,000 + 4,000,000) ÷ 4/5 = 20,000,000; A Lead buys 3,000,000 × 20/15 − 3,000,000 =
/// 1,000,000 `series_b` for $5M. Claims: `series_b` (senior) $20M + $5M = $25M; `series_a`
/// (junior) $6M + $4M = $10M.
///
/// At $30M (between $25M and $35M): `series_b` is paid in full (B Lead $20M, A Lead's Series B
/// shares $5M); the $5M left goes to `series_a` pro rata to its claims 6:4 (A Lead $3M, A Partner
/// $2M); common nothing. Neither class converts: `series_b` as common would get at most ($30M −
/// $10M) × 5/15 = $6.67M < $25M, `series_a` ($30M − $25M) × 5/15 = $1.67M < $5M.
/// At $20M (below the senior stack): `series_b` takes it all pro rata to claims 20:5 (B Lead
/// $16M, A Lead $4M); `series_a` nothing.
/// Had A Lead's 4,000,000 shares been filed under `series_a` alone (claim $11M junior), it would
/// get $7.33M at $30M; under common, $6M: the per-position waterfall is what gives $8M.
#[test]
fn the_waterfall_pays_each_position_by_its_own_class() {
    let text = pro_rata_in_the_b("75M");
    let json = report_json(&text, &[]);
    let lead = named(&json["rounds"][1]["holders"], "A Lead");
    assert_eq!(lead["positions"][1]["class"], "series_b");
    assert_eq!(lead["positions"][1]["shares"], "1000000");
    assert_eq!(lead["positions"][1]["invested"], "5000000");

    /// Holder, class, payout.
    type Row = (&'static str, &'static str, &'static str);
    let cases: [(&str, [Row; 5]); 2] = [
        (
            "30M",
            [
                ("Founders", "common", "0"),
                ("A Lead", "series_a", "3000000"),
                ("A Partner", "series_a", "2000000"),
                ("B Lead", "series_b", "20000000"),
                ("A Lead", "series_b", "5000000"),
            ],
        ),
        (
            "20M",
            [
                ("Founders", "common", "0"),
                ("A Lead", "series_a", "0"),
                ("A Partner", "series_a", "0"),
                ("B Lead", "series_b", "16000000"),
                ("A Lead", "series_b", "4000000"),
            ],
        ),
    ];
    for (value, expected) in cases {
        let json = exit_json("-", Some(&text), &["--value", value]);
        let holders = json["exits"][0]["holders"].as_array().expect("holders");
        assert_eq!(holders.len(), expected.len(), "{value}: {holders:?}");
        for (name, class, payout) in expected {
            let row = holders
                .iter()
                .find(|h| h["name"] == name && h["class"] == class)
                .unwrap_or_else(|| panic!("{value}: no {name} in {class}: {holders:?}"));
            assert_eq!(
                decimal(&row["payout"]),
                decimal(&Value::from(payout)),
                "{value}: {name} {class}"
            );
            assert_eq!(row["converted"], false, "{value}: {name} {class}");
        }
    }
}
