use rust_decimal::Decimal;

use super::{extremes, free_dimensions, list};

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// f = x·y on the corners of {0,1}² (corner c = x + 2y): at (0,0) each single flip keeps 0, but
/// flipping both gives 1, so only one dimension may be called free.
#[test]
fn free_dimensions_are_free_together() {
    let values = [d(0), d(0), d(0), d(1)];
    assert_eq!(free_dimensions(&values, 0, 2), vec![0]);
    // A figure that depends on the second dimension only: the first is free at every corner.
    let values = [d(5), d(5), d(7), d(7)];
    assert_eq!(free_dimensions(&values, 0, 2), vec![0]);
    assert_eq!(free_dimensions(&values, 3, 2), vec![0]);
    // A constant figure: both are free.
    assert_eq!(free_dimensions(&[d(2); 4], 1, 2), vec![0, 1]);
}

#[test]
fn extremes_take_the_first_corner_on_a_tie() {
    let values = [d(3), d(1), d(4), d(1), d(4)];
    assert_eq!(extremes(&values), Some(((1, d(1)), (2, d(4)))));
    assert_eq!(extremes(&[]), None);
}

#[test]
fn lists_in_words() {
    let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(list(&items(&[])), "");
    assert_eq!(list(&items(&["a"])), "a");
    assert_eq!(list(&items(&["a", "b"])), "a and b");
    assert_eq!(list(&items(&["a", "b", "c"])), "a, b and c");
}
