//! Series of a class: `series = "shadow"` on SAFEs and notes, anti-dilution per series (each
//! from its own conversion price), `anti_dilution_base` and a class's `price_decimals`.
//!
//! Every expected figure below was computed by hand with exact fractions (Python `fractions`)
//! from the NVCA model Certificate of Incorporation's broad-based weighted average (Article
//! Fourth, B.4.4.2): CP2 = CP1 × (A + B) ÷ (A + C).

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{decimal, json_of, named, report_json, stdout_of};

/// Founders 8,000,000 common and a 2,000,000-share reserved pool: 10,000,000 before the
/// Series A. Two post-money SAFEs, $600K and $400K, both capped at $15.658M: with `S` the
/// 10,000,000 shares before and `a` = $1M the SAFEs' money, the company capitalization `T`
/// solves T = S + a·T ÷ cap, so the cap price is cap ÷ T = (cap − a) ÷ S = $1.4658 exactly;
/// Seed Fund gets ⌊600,000 ÷ 1.4658⌋ = 409,332 shares, Angel ⌊400,000 ÷ 1.4658⌋ = 272,888.
/// The Series A sells 8M at $2.0415: ⌊8,000,000 ÷ 2.0415⌋ = 3,918,687 to A Fund. The Series B
/// sells $5M of series_b at `DOWN`.
fn scenario(series: &str, down: &str, class_terms: &str) -> String {
    format!(
        r#"
[scenario]
name = "Shadow series and a down round"

[[holder]]
name = "Founders"
shares = 8_000_000

[[holder]]
name = "Option pool"
shares = 2_000_000
pool = true

[class.series_a]
anti_dilution = "broad-based"
{class_terms}

[class.series_b]

[[safe]]
investor = "Seed Fund"
amount = "600K"
cap = "15.658M"
class = "series_a"
{series}
converts_at = "Series A"

[[safe]]
investor = "Angel"
amount = "400K"
cap = "15.658M"
{series}
converts_at = "Series A"

[[round]]
name = "Series A"
price_per_share = "2.0415"

[[round.investment]]
investor = "A Fund"
amount = "8M"
class = "series_a"

[[round]]
name = "Series B"
price_per_share = "{down}"

[[round.investment]]
investor = "B Fund"
amount = "5M"
class = "series_b"
"#
    )
}

fn shadow(down: &str, class_terms: &str) -> String {
    scenario("series = \"shadow\"", down, class_terms)
}

/// `v` is the fraction n ÷ d to 20 decimals (the report rounds once, to 28 digits).
fn assert_fraction(v: &Value, n: i128, d: i128) {
    let exact = Decimal::from_i128_with_scale(n, 0) / Decimal::from_i128_with_scale(d, 0);
    let got = decimal(v);
    assert!(
        (got - exact).abs() < Decimal::new(1, 20),
        "{got} is not {n}/{d} = {exact}"
    );
}

fn adjustments(round: &Value) -> &Vec<Value> {
    round["workings"]["anti_dilution"]
        .as_array()
        .expect("an array of adjustments")
}

#[test]
fn shadow_series_are_their_own_classes_at_their_conversion_price() {
    let json = report_json(&shadow("1.80", ""), &[]);
    let round = &json["rounds"][0];
    let seed = named(&round["holders"], "Seed Fund");
    assert_eq!(seed["positions"][0]["class"], "series_a:shadow:Seed Fund");
    assert_eq!(seed["shares"], "409332");
    // Angel gives no class: its shadow series is of the round's class (A Fund's series_a).
    let angel = named(&round["holders"], "Angel");
    assert_eq!(angel["positions"][0]["class"], "series_a:shadow:Angel");
    assert_eq!(angel["shares"], "272888");
    let class = named(&round["classes"], "series_a:shadow:Seed Fund");
    assert_eq!(class["original_issue_price"], "1.4658");
    assert_eq!(class["conversion_price"], "1.4658");
    // The round's own series is priced at the round price, not pulled down by the SAFEs.
    let series_a = named(&round["classes"], "series_a");
    assert_eq!(series_a["original_issue_price"], "2.0415");
    assert_eq!(series_a["shares"], "3918687");
    // Tables name the series CLASS (INVESTOR), the class by its name for people.
    let table = stdout_of(&["report", "-"], &shadow("1.80", ""));
    assert!(table.contains("Series A (Seed Fund)"), "{table}");
    assert!(!table.contains(":shadow:"), "{table}");
}

/// Down round at $1.80, base "outstanding": A = 14,600,907 − the 2,000,000 unissued pool =
/// 12,600,907; B = 5,000,000 ÷ 2.0415; C = ⌊5,000,000 ÷ 1.80⌋ = 2,777,777.
/// CP2 = 2.0415 × (A + B) ÷ (A + C) = 61449503281/30757368000 ≈ 1.99788; A Fund's 3,918,687
/// convert into 3,918,687 × 2.0415 ÷ CP2 = 246058928944268364/61449503281 ≈ 4,004,246.02.
/// The shadow series ($1.4658, below $1.80) are not adjusted.
#[test]
fn a_down_round_adjusts_only_the_series_priced_above_it() {
    let json = report_json(&shadow("1.80", ""), &[]);
    let round = &json["rounds"][1];
    let adjusted = adjustments(round);
    assert_eq!(adjusted.len(), 1, "{adjusted:?}");
    let a = &adjusted[0];
    assert_eq!(a["class"], "series_a");
    assert_eq!(a["conversion_price_before"], "2.0415");
    assert_eq!(a["a"], "12600907");
    assert_fraction(&a["b"], 50_000_000_000, 20_415);
    assert_eq!(a["c"], "2777777");
    assert_fraction(&a["conversion_price"], 61_449_503_281, 30_757_368_000);
    let a_fund = named(&round["holders"], "A Fund");
    assert_eq!(a_fund["shares"], "3918687");
    assert_fraction(
        &a_fund["as_converted_shares"],
        246_058_928_944_268_364,
        61_449_503_281,
    );
    for (name, shares) in [("Seed Fund", "409332"), ("Angel", "272888")] {
        let holder = named(&round["holders"], name);
        assert_eq!(holder["as_converted_shares"], shares);
        let class = named(&round["classes"], &format!("series_a:shadow:{name}"));
        assert_eq!(class["conversion_price"], "1.4658");
    }
}

/// As above with anti_dilution_base = "fully-diluted": A = 14,600,907 (the pool counted).
/// CP2 = 69615503281/34757368000 ≈ 2.00290; as converted 278058926986268364/69615503281.
#[test]
fn the_fully_diluted_base_counts_the_unissued_pool() {
    let json = report_json(
        &shadow("1.80", "anti_dilution_base = \"fully-diluted\""),
        &[],
    );
    let round = &json["rounds"][1];
    let a = &adjustments(round)[0];
    assert_eq!(a["a"], "14600907");
    assert_fraction(&a["conversion_price"], 69_615_503_281, 34_757_368_000);
    assert_fraction(
        &named(&round["holders"], "A Fund")["as_converted_shares"],
        278_058_926_986_268_364,
        69_615_503_281,
    );
}

/// price_decimals = 4 (the NVCA charter's nearest hundredth of a cent): CP2 1.99787… → 1.9979,
/// as converted 3,918,687 × 2.0415 ÷ 1.9979 = 79999995105/19979; fully diluted 2.00289… →
/// 2.0029, 79999995105/20029.
#[test]
fn price_decimals_rounds_the_adjusted_conversion_price() {
    for (terms, price, den) in [
        ("price_decimals = 4", "1.9979", 19_979),
        (
            "price_decimals = 4\nanti_dilution_base = \"fully-diluted\"",
            "2.0029",
            20_029,
        ),
    ] {
        let json = report_json(&shadow("1.80", terms), &[]);
        let round = &json["rounds"][1];
        assert_eq!(adjustments(round)[0]["conversion_price"], price);
        assert_eq!(
            named(&round["classes"], "series_a")["conversion_price"],
            price
        );
        assert_fraction(
            &named(&round["holders"], "A Fund")["as_converted_shares"],
            79_999_995_105,
            den,
        );
    }
}

/// The SAFEs in the round's series (the default): the series' price is the round's $2.0415,
/// not the blend with the SAFEs' $1.4658, so the $1.80 round adjusts it (CP2 as above) and
/// every holder of the series: Seed Fund's 409,332 × 2.0415 ÷ CP2 ≈ 418,269.18860.
#[test]
fn round_series_safes_do_not_pull_the_series_price_down() {
    let json = report_json(&scenario("", "1.80", ""), &[]);
    let round = &json["rounds"][1];
    let a = &adjustments(round)[0];
    assert_eq!(a["class"], "series_a");
    assert_eq!(a["conversion_price_before"], "2.0415");
    assert_fraction(&a["conversion_price"], 61_449_503_281, 30_757_368_000);
    let seed = named(&round["holders"], "Seed Fund");
    assert_eq!(seed["class"], "series_a");
    // 409,332 × 2.0415 × 30757368000 ÷ 61449503281
    assert_fraction(
        &seed["as_converted_shares"],
        409_332 * 20_415 * 30_757_368_000 / 10_000,
        61_449_503_281,
    );
}

/// A round at $1.40 is below both: each series adjusts from its own price. C = ⌊5M ÷ 1.4⌋ =
/// 3,571,428, A = 12,600,907. series_a: CP2 = 2.0415 × (A + 5M/2.0415) ÷ (A + C); a shadow
/// series: CP2 = 1.4658 × (A + 5M/1.4658) ÷ (A + C) = (1.4658·A + 5M) ÷ (A + C).
#[test]
fn each_series_adjusts_from_its_own_price() {
    let json = report_json(&shadow("1.40", ""), &[]);
    let round = &json["rounds"][1];
    let adjusted = adjustments(round);
    assert_eq!(adjusted.len(), 3, "{adjusted:?}");
    let a = 12_600_907_i128;
    let c = 3_571_428_i128;
    // (2.0415·A + 5M) ÷ (A + C) and (1.4658·A + 5M) ÷ (A + C), in ten-thousandths.
    let series_a = adjusted.iter().find(|x| x["class"] == "series_a").unwrap();
    assert_eq!(series_a["conversion_price_before"], "2.0415");
    assert_fraction(
        &series_a["conversion_price"],
        20_415 * a + 50_000_000_000,
        (a + c) * 10_000,
    );
    let seed = adjusted
        .iter()
        .find(|x| x["class"] == "series_a:shadow:Seed Fund")
        .unwrap();
    assert_eq!(seed["conversion_price_before"], "1.4658");
    let cp2 = (14_658 * a + 50_000_000_000, (a + c) * 10_000);
    assert_fraction(&seed["conversion_price"], cp2.0, cp2.1);
    // 409,332 × 1.4658 ÷ CP2
    assert_fraction(
        &named(&round["holders"], "Seed Fund")["as_converted_shares"],
        409_332 * 14_658 * (a + c),
        cp2.0,
    );
}

/// At an exit a shadow series' preference is its shares × its conversion price × the class's
/// multiple: Seed Fund 409,332 × 1.4658 × 2 = 749998557/625 = $1,199,997.6912, Angel
/// 272,888 × 1.4658 × 2 = 499999038/625 = $799,998.4608 (their money × 2 would be $1.2M and
/// $800K); series_a's is its money: $8M × 2.
#[test]
fn a_shadow_series_preference_is_shares_times_its_price() {
    let text = shadow("1.80", "preference = 2");
    let json = json_of(&["exit", "-", "--format", "json", "--value", "10M"], &text);
    let classes = &json["classes"];
    let seed = named(classes, "series_a:shadow:Seed Fund");
    assert_eq!(seed["claim"], "1199997.6912");
    assert_eq!(
        named(classes, "series_a:shadow:Angel")["claim"],
        "799998.4608"
    );
    assert_eq!(named(classes, "series_a")["claim"], "16000000");
    // At $10M every preferred class stays on its preference (pari passu, all at seniority 0):
    // claims 16,000,000 + 1,199,997.6912 + 799,998.4608 + 5,000,000 = 22,999,996.152, so the
    // Seed Fund receives 10M × 1,199,997.6912 ÷ 22,999,996.152 exactly.
    let table = stdout_of(&["exit", "-", "--value", "10M"], &text);
    assert!(table.contains("Series A (Angel)"), "{table}");
    assert!(!table.contains(":shadow:"), "{table}");
    let exit = &json["exits"][0];
    assert_fraction(
        &named(&exit["holders"], "Seed Fund")["payout_exact"],
        10_000_000 * 11_999_976_912,
        229_999_961_520,
    );
}
