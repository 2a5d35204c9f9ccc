use rust_decimal::Decimal;

use super::{corners_at, when, when_text};

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Two dimensions, a and b; corner c is at the high end of a when bit 0 is set, of b when bit 1
/// is (as `scenario::ranges::expand` numbers them).
fn readings() -> Vec<Vec<String>> {
    [["a0", "b0"], ["a1", "b0"], ["a0", "b1"], ["a1", "b1"]]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn labels(alternatives: &[&[&str]]) -> Vec<Vec<String>> {
    alternatives
        .iter()
        .map(|a| a.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn the_same_value_at_every_corner_is_every_reading() {
    let values = [d(50); 4];
    let when = when(&values, d(50), &readings());
    assert_eq!(when, vec![Vec::<String>::new()]);
    assert_eq!(when_text(&when, 4), "every reading");
    assert_eq!(corners_at(&values, d(50)), vec![0, 1, 2, 3]);
}

#[test]
fn an_end_reached_across_one_dimension_names_only_the_other() {
    // The minimum 1 at corners 0 (a0 b0) and 1 (a1 b0): whatever a, with b0.
    let values = [d(1), d(1), d(2), d(3)];
    let min = when(&values, d(1), &readings());
    assert_eq!(min, labels(&[&["b0"]]));
    assert_eq!(when_text(&min, 4), "b0");
    // The maximum 3 at corner 3 only: both labels.
    let max = when(&values, d(3), &readings());
    assert_eq!(max, labels(&[&["a1", "b1"]]));
    assert_eq!(when_text(&max, 4), "a1, b1");
}

#[test]
fn corners_that_share_no_sub_box_are_each_named() {
    // 1 at corners 0 and 3 (a0 b0, a1 b1), 2 at 1 and 2: no label is common to either pair
    // alone, and "every reading" would be wrong.
    let values = [d(1), d(2), d(2), d(1)];
    let min = when(&values, d(1), &readings());
    assert_eq!(min, labels(&[&["a0", "b0"], &["a1", "b1"]]));
    assert_eq!(when_text(&min, 4), "a0, b0; or a1, b1");
    let max = when(&values, d(2), &readings());
    assert_eq!(max, labels(&[&["a1", "b0"], &["a0", "b1"]]));
    // Three corners of four: the sub-box through corner 0 (a free) has two, so all three.
    let values = [d(1), d(1), d(1), d(2)];
    let min = when(&values, d(1), &readings());
    assert_eq!(min, labels(&[&["a0", "b0"], &["a1", "b0"], &["a0", "b1"]]));
}

#[test]
fn one_corner_is_as_written() {
    let when = when(&[d(7)], d(7), &[Vec::new()]);
    assert_eq!(when, vec![Vec::<String>::new()]);
    assert_eq!(when_text(&when, 1), "as written");
}

/// One corner: Founders with 1000 shares, then a round at a pre-money of 800 in which two new
/// investors put 100 each (post-money 800 + 200 = 1000).
fn two_new_investors() -> Vec<crate::report::Report> {
    let text = r#"
[scenario]
name = "Two new investors"
[[holder]]
name = "Founders"
shares = 1000
[[round]]
name = "Seed"
pre_money = "800"
[[round.investment]]
investor = "A"
amount = "100"
[[round.investment]]
investor = "B"
amount = "100"
"#;
    let mut sources = crate::diagnostic::Sources::default();
    let scenario = crate::scenario::load::load_text("t.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .scenario;
    let report = crate::report::build(&scenario, scenario.assumed_state())
        .unwrap_or_else(|e| panic!("{e:?}"));
    vec![report]
}

#[test]
fn the_new_investors_together_own_their_money_over_the_post_money() {
    let together = super::together(&two_new_investors()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(together.len(), 1);
    assert_eq!(together[0].round, 0);
    assert_eq!(together[0].names, ["A", "B"]);
    // (100 + 100) / 1000 = 1/5.
    assert_eq!(together[0].stakes, [Decimal::new(2, 1)]);
}

#[test]
fn a_stake_that_cannot_be_computed_is_an_error_not_a_missing_figure() {
    // A second corner whose post-money is zero: the division fails there, in round 0.
    let mut corners = two_new_investors();
    let mut broken = corners[0].clone();
    broken.rounds[0].post_money = Decimal::ZERO;
    corners.push(broken);
    match super::together(&corners) {
        Err((corner, error)) => assert_eq!((corner, error.round), (1, 0)),
        Ok(together) => panic!("expected an error, got {together:?}"),
    }
}
