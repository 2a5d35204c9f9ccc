use super::*;
use crate::report::bridge::BridgeRow;

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

#[test]
fn figures_are_rounded_once_half_away_from_zero_from_the_fraction() {
    // 0.110856… (A12's Series A for the founders) is 11.09 points.
    assert_eq!(hundredths(&r(110_856, 1_000_000), 2), "11.09");
    // 0.01235 is 1.235 points, exactly half a hundredth: away from zero, either sign.
    assert_eq!(hundredths(&r(1_235, 100_000), 2), "1.24");
    assert_eq!(points(&r(-1_235, 100_000), 2), "-1.24 pp");
    assert_eq!(points(&r(1_235, 100_000), 2), "+1.24 pp");
    // 1.234999 points, below half: down; a tiny change is "0.00 pp" with no sign.
    assert_eq!(hundredths(&r(1_234_999, 100_000_000), 2), "1.23");
    assert_eq!(points(&r(-1, 1_000_000_000), 2), "0.00 pp");
    assert_eq!(percent(&r(9, 10), 2), "90.00%");
    assert_eq!(percent(&r(9_000_000, 16_953_609), 2), "53.09%");
    assert_eq!(percent(&r(1, 3), 0), "33%");
    assert_eq!(percent(&r(2, 3), 4), "66.6667%");
}

#[test]
fn causes_read_as_words() {
    assert_eq!(cause_words("investment: Amazon"), "Amazon's investment");
    assert_eq!(
        cause_words("conversion: 1984 Ventures"),
        "1984 Ventures' conversion"
    );
    assert_eq!(
        cause_words("pro-rata: Seed Fund"),
        "Seed Fund's pro-rata investment"
    );
    assert_eq!(cause_words("secondary: SoftBank"), "the sale to SoftBank");
    assert_eq!(cause_words("pool top-up"), "the pool top-up");
    assert_eq!(cause_words("anti-dilution"), "anti-dilution");
    assert_eq!(
        cause_words("other (3 causes)"),
        "the 3 smallest causes together"
    );
    assert_eq!(
        cause_words("investment: Other investors (funds, VCs)"),
        "the investment by Other investors (funds, VCs)"
    );
}

#[test]
fn the_largest_part_comes_first_and_ties_keep_their_order() {
    let parts = [r(-1, 10), r(3, 10), r(-3, 10), r(0, 1)];
    assert_eq!(by_size(&parts), [1, 2, 0, 3]);
}

fn row(name: &str, before: BigRational, parts: &[BigRational]) -> BridgeRow {
    let figure = |v: &BigRational| crate::report::bridge::Figure {
        exact: v.to_string(),
        decimal: rust_decimal::Decimal::ZERO,
        value: v.clone(),
    };
    let after = parts.iter().fold(before.clone(), |a, p| a + p);
    BridgeRow {
        holder: name.into(),
        before: figure(&before),
        change: figure(&(&after - &before)),
        after: figure(&after),
        parts: parts.iter().map(figure).collect(),
    }
}

fn sample() -> (Scenario, BridgeReport) {
    let text = "[scenario]\nname = \"S\"\n[[holder]]\nname = \"A\"\nshares = 4\n[[holder]]\nname = \"B\"\nshares = 4\n[[holder]]\nname = \"Pool\"\nshares = 12\npool = true\n";
    let mut sources = crate::diagnostic::Sources::default();
    let scenario = crate::scenario::load::load_text("t.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .scenario;
    let bridge = BridgeReport {
        causes: vec!["investment: Fund".into(), "pool top-up".into()],
        grouped: 0,
        holders: vec![
            // The pool is the largest before, but no headline.
            row("Pool", r(12, 20), &[r(-1, 10), r(1, 10)]),
            row("A", r(4, 20), &[r(-1, 20), r(-1, 100)]),
            row("B", r(4, 20), &[r(-1, 20), r(-1, 100)]),
            row("Fund", r(0, 1), &[r(1, 5), r(0, 1)]),
        ],
        unavailable: None,
    };
    (scenario, bridge)
}

#[test]
fn the_headline_is_the_largest_holder_before_with_its_equals() {
    let (scenario, bridge) = sample();
    let headline = headline(&scenario, &bridge).expect("a headline");
    assert_eq!(headline.names, ["A", "B"]);
    assert_eq!(headline.who(), "A and B together");
    assert_eq!(headline.before, r(2, 5));
    assert_eq!(headline.parts, [r(-1, 10), r(-1, 50)]);
    assert_eq!(headline.after, r(2, 5) - r(1, 10) - r(1, 50));
    let human = Numbers::human(2, "USD", None);
    // 40% − 10 − 2 = 28%.
    assert_eq!(
        sentence(&headline, &bridge, Some("Seed"), &human, 2),
        "Seed: A and B together went from 40.00% to 28.00%: Fund's investment took 10.00 points and the pool top-up 2.00."
    );
    assert_eq!(
        sentence(&headline, &bridge, None, &Numbers::Exact, 2),
        "A and B together went from 0.4 to 0.28: Fund's investment took 0.1 and the pool top-up 0.02."
    );
}

#[test]
fn gains_and_losses_are_said_apart() {
    let (scenario, mut bridge) = sample();
    bridge.holders[1] = row("A", r(4, 20), &[r(-1, 20), r(1, 100)]);
    let headline = headline(&scenario, &bridge).expect("a headline");
    // B differs from A now: A alone (the first of the largest).
    assert_eq!(headline.names, ["A"]);
    assert_eq!(
        sentence(&headline, &bridge, None, &Numbers::human(2, "USD", None), 2),
        "A went from 20.00% to 16.00%: Fund's investment took 5.00 points; the pool top-up added 1.00 points."
    );
    let chart = chart(&headline, &bridge, "Seed", 2);
    let labels: Vec<&str> = chart.causes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["-5.00 pp", "+1.00 pp"]);
}

#[test]
fn no_headline_when_no_holder_before_changed() {
    let (scenario, mut bridge) = sample();
    bridge
        .holders
        .retain(|h| h.holder == "Fund" || h.holder == "Pool");
    assert!(headline(&scenario, &bridge).is_none());
}
