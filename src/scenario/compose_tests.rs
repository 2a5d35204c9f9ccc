//! Unit tests of `compose`.

use super::*;

#[test]
fn keys_split_into_segments() {
    let segments = parse_key(r#"round["2026 round"].investment[0].amount"#).unwrap();
    assert_eq!(segments.len(), 5);
    assert!(matches!(&segments[1], Segment::Name(n, _) if n == "2026 round"));
    assert!(matches!(&segments[3], Segment::Index(0, _)));
    assert!(parse_key("round[").is_err());
    assert!(parse_key("round.").is_err());
    assert!(parse_key("round[x]").is_err());
    assert!(parse_key("").is_err());
    assert!(parse_key(r#"round["a\"b"].x"#).is_ok());
}
