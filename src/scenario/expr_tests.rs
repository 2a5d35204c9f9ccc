//! Unit tests of `expr`.

use super::*;

fn eval(text: &str, names: &[&str], state: u32) -> bool {
    let ast = parse(text).unwrap();
    let expr = ast
        .resolve(&|n| names.iter().position(|x| *x == n))
        .unwrap();
    expr.eval(ConditionSet::from_bits(state))
}

#[test]
fn precedence_is_not_then_and_then_or() {
    let names = ["a", "b", "c"];
    // a or (b and c)
    assert!(eval("a or b and c", &names, 0b001));
    assert!(!eval("a or b and c", &names, 0b010));
    assert!(eval("a or b and c", &names, 0b110));
    // (not a) and b
    assert!(eval("not a and b", &names, 0b010));
    assert!(!eval("not a and b", &names, 0b011));
    assert!(eval("not (a and b)", &names, 0b001));
    assert!(!eval("not (a and b)", &names, 0b011));
    assert!(eval("not not a", &names, 0b001));
}

#[test]
fn ipo_or_agi_truth_table() {
    let names = ["ipo", "agi"];
    let truth: Vec<bool> = (0..4).map(|s| eval("ipo or agi", &names, s)).collect();
    assert_eq!(truth, [false, true, true, true]);
}

#[test]
fn syntax_errors_point_inside_the_text() {
    let error = parse("ipo or").unwrap_err();
    assert_eq!(error.range, 6..6);
    let error = parse("ipo && agi").unwrap_err();
    assert_eq!(error.message, "unexpected `&` (write `and`)");
    assert_eq!(error.range, 4..5);
    let error = parse("(ipo or agi").unwrap_err();
    assert_eq!(error.message, "this `(` is never closed");
    assert_eq!(error.range, 0..1);
    let error = parse("ipo agi").unwrap_err();
    assert_eq!(error.message, "expected `and` or `or` before `agi`");
    assert_eq!(error.range, 4..7);
    assert!(parse("").is_err());
    assert!(parse("ipo)").is_err());
    assert!(parse("and").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(parse(&deep).is_err());
    let nots = format!("{}a", "not ".repeat(10_000));
    assert!(parse(&nots).is_err());
    let chain = vec!["a"; 10_000].join(" or ");
    assert!(parse(&chain).is_err());
}

#[test]
fn unknown_names_are_all_reported() {
    let ast = parse("ipo or x or y").unwrap();
    let unknown = ast.resolve(&|n| (n == "ipo").then_some(0)).unwrap_err();
    let names: Vec<_> = unknown.into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["x", "y"]);
}

#[test]
fn the_word_limit_is_exact_and_checked_while_reading() {
    // 256 words: `a or a or … a` with 128 names and 127 `or`s is 255; add `not`.
    let at_limit = format!("not {}", vec!["a"; 128].join(" or "));
    assert!(parse(&at_limit).is_ok());
    let over = format!("{at_limit} or");
    assert_eq!(
        parse(&over).unwrap_err().message,
        "the expression is longer than 256 words"
    );
    // A bad character after the limit is not reached: reading stops at word 257.
    let long = format!("{} ?", vec!["a"; 1_000].join(" and "));
    assert_eq!(
        parse(&long).unwrap_err().message,
        "the expression is longer than 256 words"
    );
}
