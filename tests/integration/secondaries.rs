//! Secondary sales and tenders inside a round (`[[round.secondary]]`): ownership moves from
//! sellers to a buyer at the round's closing, with no new money and no new shares. Every
//! expected figure is worked by hand in the comments.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{
    Test, company, decimal, folder, holder, json_of, priced, report_json, stdout_of,
};

/// The OpenAI round as bundled, with a 1% secondary from the employees to SoftBank at an $882B
/// valuation (5% over the $840B post-money).
const OPENAI_SECONDARY: &str = r#"
extends = "scenarios/openai-2026.toml"

[[round]]
name = "2026 round"

[[round.secondary]]
seller = "Employees and other investors"
buyer = "SoftBank"
stake = "1%"
valuation = "882B"
"#;

#[test]
fn a_one_percent_secondary_in_the_openai_round_moves_one_point() {
    let base = json_of(
        &["report", "scenarios/openai-2026.toml", "--format", "json"],
        "",
    );
    let with = report_json(OPENAI_SECONDARY, &[]);
    let (b, w) = (&base["rounds"][0], &with["rounds"][0]);
    // No new money, no new shares: the round's figures are the same.
    for key in [
        "pre_money",
        "new_money",
        "post_money",
        "announced_post_money",
    ] {
        assert_eq!(b[key], w[key], "{key}");
    }
    assert_eq!(w["post_money"], "840000000000");
    assert_eq!(w["new_money"], "110000000000");
    // The employees' 47% of $730B is 343.1B units of 840B; they sell 1% of 840B = 8.4B units:
    // 343.1/840 − 334.7/840 = 8.4/840 = 0.01 exactly, and SoftBank gains 30/840 → 38.4/840.
    let point = Decimal::new(1, 2);
    let seller = "Employees and other investors";
    assert_eq!(
        decimal(&holder(b, seller)["ownership"]) - decimal(&holder(w, seller)["ownership"]),
        point
    );
    assert_eq!(
        decimal(&holder(w, "SoftBank")["ownership"]) - decimal(&holder(b, "SoftBank")["ownership"]),
        point
    );
    // Everyone else is untouched, and so is every party's money invested.
    for name in ["Microsoft", "OpenAI Foundation", "Amazon", "Nvidia"] {
        assert_eq!(holder(b, name)["ownership"], holder(w, name)["ownership"]);
    }
    assert_eq!(holder(w, "SoftBank")["invested"], "30000000000");
    assert_eq!(holder(w, seller)["invested"], "0");
    // The sale: 1% of the company at $882B is $8.82B; premium 882/840 − 1 = 42/840 = 0.05.
    let s = &w["secondaries"][0];
    assert_eq!(s["seller"], seller);
    assert_eq!(s["buyer"], "SoftBank");
    assert_eq!(s["stake"], "0.01");
    assert_eq!(s["amount"], "8820000000");
    assert_eq!(s["implied_valuation"], "882000000000");
    assert_eq!(s["premium"], "0.05");
    // Value terms: no share counts, no price per share.
    assert_eq!(s["shares"], Value::Null);
    assert_eq!(s["price_per_share"], Value::Null);
    assert_eq!(b["secondaries"], serde_json::json!([]));

    let table = stdout_of(&["report", "-"], OPENAI_SECONDARY);
    assert!(table.contains("Secondaries in 2026 round"), "{table}");
    assert!(
        table.contains("│ Employees and other investors ┆ SoftBank ┆ 1.00% ┆ $8.82B ┆  +5.00% ┆             $882B │"),
        "{table}"
    );
    // 334.7/840 = 39.845…% and 38.4/840 = 4.571…%.
    assert!(
        table.contains("39.85%") && table.contains("4.57%"),
        "{table}"
    );
    let markdown = stdout_of(&["report", "-", "--format", "markdown"], OPENAI_SECONDARY);
    assert!(
        markdown.contains(
            "| Employees and other investors | SoftBank | 1.00% | $8.82B | +5.00% | $882B |"
        ),
        "{markdown}"
    );

    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("memo");
    let out_text = out.to_string_lossy().to_string();
    stdout_of(&["memo", "-", "--output", &out_text], OPENAI_SECONDARY);
    let memo = std::fs::read_to_string(out.join("memo.md")).expect("memo.md");
    assert!(
        memo.contains("1.00% of the company ($8.82B) passes from Employees and other investors to SoftBank at an $882B valuation, a 5.00% premium to the post-money."),
        "{memo}"
    );
    // SoftBank's own money still buys 30/840 = 3.57%: the secondary is not counted in it.
    assert!(memo.contains("SoftBank's $30B buys 3.57%."), "{memo}");
    assert!(memo.contains("## Secondaries in 2026 round"), "{memo}");
}

fn tender() -> String {
    company(
        "Tender",
        &[("Founder A", "1_000_000"), ("Founder B", "1_000_000")],
    ) + &priced("Seed", "price_per_share = \"4.00\"", &[("Fund", "2M")])
        + r#"
[[round.secondary]]
sellers = ["Founder A", "Founder B"]
buyer = "Fund"
shares = 100_000
price_per_share = "5.00"
"#
}

#[test]
fn a_tender_from_two_equal_founders_sells_half_each_at_a_premium() {
    // $2M ÷ $4.00 = 500,000 new shares: 2,500,000 after the round. 100,000 pro rata to
    // 1,000,000 : 1,000,000 is 50,000 each, at $5.00: $250,000 each, $500,000 in all.
    // Premium 5/4 − 1 = 0.25; implied valuation 5 × 2,500,000 = $12.5M.
    let json = report_json(&tender(), &[]);
    let round = &json["rounds"][0];
    let s = &round["secondaries"][0];
    assert_eq!(s["shares"], "100000");
    assert_eq!(s["amount"], "500000");
    assert_eq!(s["price_per_share"], "5");
    assert_eq!(s["premium"], "0.25");
    assert_eq!(s["implied_valuation"], "12500000");
    assert_eq!(s["tender"], true);
    for (i, name) in ["Founder A", "Founder B"].iter().enumerate() {
        assert_eq!(s["sellers"][i]["name"], *name);
        assert_eq!(s["sellers"][i]["shares"], "50000");
        assert_eq!(s["sellers"][i]["amount"], "250000");
        // 950,000 ÷ 2,500,000 = 0.38.
        assert_eq!(holder(round, name)["shares"], "950000");
        assert_eq!(holder(round, name)["ownership"], "0.38");
    }
    // The fund: 500,000 bought from the company + 100,000 from the founders = 600,000 (24%);
    // its money invested is the $2M it paid the company only.
    assert_eq!(holder(round, "Fund")["shares"], "600000");
    assert_eq!(holder(round, "Fund")["ownership"], "0.24");
    assert_eq!(holder(round, "Fund")["invested"], "2000000");
    assert_eq!(round["new_money"], "2000000");
    assert_eq!(round["post_money"], "10000000");
    let table = stdout_of(&["report", "-"], &tender());
    assert!(
        table.contains("│ Founder A (tender) ┆ Fund  ┆ 50,000 ┆ 2.00% ┆  $250K ┆           $5.00 ┆ +25.00% ┆            $12.5M │"),
        "{table}"
    );
    let csv = stdout_of(&["report", "-", "--format", "csv"], &tender());
    assert!(
        csv.contains("Founder A,Fund,50000,0.02,250000,5,0.25,12500000"),
        "{csv}"
    );
}

#[test]
fn a_conditional_secondary_happens_only_in_its_outcomes() {
    let text = r#"
[scenario]
name = "Conditional"

[condition.ipo]
probability = "50%"

[[holder]]
name = "Founder"
shares = 2_000_000

[[round]]
name = "Seed"
price_per_share = "4.00"

[[round.investment]]
investor = "Fund"
amount = "2M"

[[round.secondary]]
seller = "Founder"
buyer = "Buyer"
shares = 250_000
price_per_share = "3.00"
when = "ipo"
"#;
    let json = json_of(&["outcomes", "-", "--format", "json"], text);
    let outcomes = json["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 2);
    // ipo = no: no sale. 2,000,000 + 500,000 shares; Buyer holds nothing.
    assert_eq!(outcomes[0]["conditions"]["ipo"], false);
    let no = &outcomes[0]["holders"];
    assert_eq!(no[0]["shares"], "2000000");
    assert_eq!(no[2]["name"], "Buyer");
    assert_eq!(no[2]["shares"], "0");
    // ipo = yes: 250,000 move: Founder 1,750,000 (0.7), Buyer 250,000 (0.1).
    assert_eq!(outcomes[1]["conditions"]["ipo"], true);
    let yes = &outcomes[1]["holders"];
    assert_eq!(yes[0]["shares"], "1750000");
    assert_eq!(yes[0]["ownership"], "0.7");
    assert_eq!(yes[2]["shares"], "250000");
    assert_eq!(yes[2]["ownership"], "0.1");
    // Both outcomes: the same money and post-money.
    assert_eq!(outcomes[0]["post_money"], outcomes[1]["post_money"]);
    // Expected: Buyer 0.5 × 0.1 = 0.05.
    assert_eq!(json["expected"]["holders"][2]["ownership"], "0.05");
    // The headline assumes ipo: the sale shows, at a discount 3/4 − 1 = −0.25.
    let headline = report_json(text, &[]);
    let s = &headline["rounds"][0]["secondaries"][0];
    assert_eq!(s["premium"], "-0.25");
    assert_eq!(s["when"], "ipo");
    // Assumed away, it is not in the round at all.
    let without = json_of(
        &["report", "-", "--format", "json", "--assume", "ipo=false"],
        text,
    );
    assert_eq!(without["rounds"][0]["secondaries"], serde_json::json!([]));
    let memo_text = stdout_of(&["report", "-", "--format", "markdown"], text);
    assert!(
        memo_text.contains(
            "| Founder | Buyer | 250,000 | 10.00% | $750K | $3.00 | -25.00% | $7.5M | ipo |"
        ),
        "{memo_text}"
    );
}

#[test]
fn a_tender_rounds_by_largest_remainder_and_caps_share_the_excess() {
    // Three holders of 600, 300 and 100 shares tender 500 with cap = 250 each. Pro rata 300,
    // 150, 50: C (600) passes the cap and sells 250. The other 250 go 300 : 100: 187.5 and
    // 62.5; floors 187 + 62 = 249, and the share left goes to the tie of remainders (0.5 each)
    // first listed, B: 188 and 62. Price $1, round price $1: premium 0.
    let text = &(company("Capped tender", &[("C", "600"), ("B", "300"), ("A", "100")])
        + &priced("Seed", "price_per_share = \"1\"", &[("Fund", "1000")])
        + r#"
[[round.secondary]]
sellers = ["C", "B", "A"]
buyer = "Fund"
shares = 500
price_per_share = "1"
cap = 250
"#);
    let json = report_json(text, &[]);
    let round = &json["rounds"][0];
    let sold: Vec<&str> = round["secondaries"][0]["sellers"]
        .as_array()
        .expect("sellers")
        .iter()
        .map(|s| s["shares"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sold, ["250", "188", "62"]);
    assert_eq!(round["secondaries"][0]["premium"], "0");
    assert_eq!(holder(round, "C")["shares"], "350");
    assert_eq!(holder(round, "B")["shares"], "112");
    assert_eq!(holder(round, "A")["shares"], "38");
    // 1,000 bought + 500 = 1,500 of 2,000.
    assert_eq!(holder(round, "Fund")["shares"], "1500");

    // Three holders of 1 share each tender 2 with no cap: 2/3 each, floors 0, two shares left,
    // remainders tie (2/3 each): the first two listed sell one each.
    let three = &(company("Three", &[("X", "1"), ("Y", "1"), ("Z", "1")])
        + &priced("Seed", "price_per_share = \"1\"", &[("Fund", "3")])
        + r#"
[[round.secondary]]
sellers = ["Z", "X", "Y"]
buyer = "Fund"
shares = 2
price_per_share = "1"
"#);
    let json = report_json(three, &[]);
    let round = &json["rounds"][0];
    assert_eq!(holder(round, "Z")["shares"], "0");
    assert_eq!(holder(round, "X")["shares"], "0");
    assert_eq!(holder(round, "Y")["shares"], "1");
    assert_eq!(holder(round, "Fund")["shares"], "5");
}

#[test]
fn an_all_common_tender_sells_common_only_and_the_preference_follows_shares() {
    // Founder holds 1,000,000 common; Angel 500,000 series_a ($500K, $1.00 a share). In the
    // round, 3,000,000 new series_b at $2.00 ($6M) → 4,500,000 after. "all-common": only
    // Founder holds common, so it sells all 300,000; they convert into series_b, whose
    // original issue price is $2.00: a preference of 300,000 × 2 = $600K for the buyer.
    // Angel also sells 100,000 series_a to the buyer: a fifth of its $500K preference, $100K,
    // goes with them.
    let text = r#"
[scenario]
name = "All common"

[class.series_a]
preference = 1

[class.series_b]
preference = 1
seniority = 1

[[holder]]
name = "Founder"
shares = 1_000_000

[[holder]]
name = "Angel"
shares = 500_000
class = "series_a"
invested = "500K"

[[round]]
name = "B"
price_per_share = "2"

[[round.investment]]
investor = "Lead"
amount = "6M"
class = "series_b"

[[round.secondary]]
sellers = "all-common"
buyer = "Secondary fund"
shares = 300_000
price_per_share = "1.50"
class = "series_b"

[[round.secondary]]
seller = "Angel"
buyer = "Secondary fund"
shares = 100_000
price_per_share = "2"

[[exit]]
name = "Low"
value = "6.7M"
"#;
    let json = report_json(text, &[]);
    let round = &json["rounds"][0];
    assert_eq!(holder(round, "Founder")["shares"], "700000");
    let buyer = holder(round, "Secondary fund");
    assert_eq!(buyer["shares"], "400000");
    assert_eq!(buyer["invested"], "0");
    let classes: Vec<(&str, &str)> = buyer["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .map(|p| {
            (
                p["class"].as_str().unwrap_or(""),
                p["shares"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(classes, [("series_b", "300000"), ("series_a", "100000")]);
    assert_eq!(round["secondaries"][0]["seller"], "all-common");
    // 1.50 ÷ 2 − 1 = −0.25.
    assert_eq!(round["secondaries"][0]["premium"], "-0.25");
    // Exit at $6.7M: series_b (senior) claims $6M (Lead) + $600K (the converted shares) =
    // $6.6M; the $100K left goes to series_a, whose claim is $500K: Angel's $400K and the
    // buyer's $100K share it 4 : 1, so $80K and $20K. Common gets nothing. The buyer:
    // $600K + $20K = $620K. (Converting would not pay: series_b as common gets 3.3M/4.5M of
    // $6.7M = $4.91M < $6.6M.)
    let exit = json_of(&["exit", "-", "--format", "json"], text);
    let payout = |name: &str| {
        exit["exits"][0]["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .filter(|h| h["name"] == name)
            .map(|h| decimal(&h["payout_exact"]))
            .sum::<Decimal>()
    };
    assert_eq!(payout("Lead"), Decimal::from(6_000_000));
    assert_eq!(payout("Secondary fund"), Decimal::from(620_000));
    assert_eq!(payout("Angel"), Decimal::from(80_000));
    assert_eq!(payout("Founder"), Decimal::ZERO);
}

#[test]
fn an_amount_at_a_valuation_buys_whole_shares() {
    // 2,000,000 + 500,000 shares after the round; a $1M sale at a $12M valuation is priced
    // 12,000,000 ÷ 2,500,000 = $4.80 a share: 1,000,000 ÷ 4.80 = 208,333.3… → 208,333 shares
    // (floor), $999,998.40. Premium 4.80 ÷ 4 − 1 = 0.2.
    let text = &(company("Amount", &[("Founder", "2_000_000")])
        + &priced("Seed", "price_per_share = \"4\"", &[("Fund", "2M")])
        + r#"
[[round.secondary]]
seller = "Founder"
buyer = "Fund"
amount = "1M"
valuation = "12M"
"#);
    let json = report_json(text, &[]);
    let s = &json["rounds"][0]["secondaries"][0];
    assert_eq!(s["shares"], "208333");
    assert_eq!(s["price_per_share"], "4.8");
    assert_eq!(s["amount"], "999998.4");
    assert_eq!(s["premium"], "0.2");
    assert_eq!(s["implied_valuation"], "12000000");
}

#[test]
fn a_sweep_varies_a_secondarys_shares() {
    // 100,000, 150,000, 200,000 sold: Fund holds 500,000 + that of 2,500,000: 0.24, 0.26, 0.28.
    let temp = folder(&[("tender.toml", tender().as_bytes())]);
    let file = temp.path().join("tender.toml");
    let out = Test::new()
        .args([
            "sweep",
            &file.to_string_lossy(),
            "--vary",
            "round[\"Seed\"].secondary[0].shares=100000..200000:50000",
            "--metric",
            "ownership:Fund",
            "--format",
            "csv",
        ])
        .run()
        .success();
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows, ["100000,0.24", "150000,0.26", "200000,0.28"]);
}

#[test]
fn compare_shows_the_secondary_in_each_report() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let file = temp.path().join("with.toml");
    std::fs::write(
        &file,
        OPENAI_SECONDARY.replace(
            "scenarios/openai-2026.toml",
            &crate::common::root()
                .join("scenarios/openai-2026.toml")
                .to_string_lossy(),
        ),
    )
    .expect("written");
    let out = Test::new()
        .args([
            "compare",
            "scenarios/openai-2026.toml",
            &file.to_string_lossy(),
        ])
        .run()
        .success();
    // SoftBank: 3.57% (30/840) without, 4.57% (38.4/840) with.
    assert!(out.contains("3.57%") && out.contains("4.57%"), "{out}");
}
