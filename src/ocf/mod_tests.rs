use rust_decimal::Decimal;
use serde_json::json;

use super::*;

#[test]
fn numbers_are_read_exactly_and_leniently() {
    assert_eq!(
        numeric(&json!("+10000000.00")),
        Ok(Decimal::new(10_000_000, 0))
    );
    assert_eq!(numeric(&json!("0.0001")), Ok(Decimal::new(1, 4)));
    assert_eq!(numeric(&json!(" 12 ")), Ok(Decimal::new(12, 0)));
    assert_eq!(numeric(&json!(250)), Ok(Decimal::new(250, 0)));
    assert!(numeric(&json!("1e5")).is_err());
    assert!(numeric(&json!("")).is_err());
    assert!(numeric(&json!(true)).is_err());
}

#[test]
fn dates_and_days() {
    assert_eq!(
        date(&json!("2024-02-29")),
        Some(Date {
            year: 2024,
            month: 2,
            day: 29
        })
    );
    assert_eq!(date(&json!("2023-02-29")), None);
    assert_eq!(
        date(&json!("2024-01-31T10:00:00Z")),
        Some(Date {
            year: 2024,
            month: 1,
            day: 31
        })
    );
    // 2000-03-01 is day 11,017 after 1970-01-01 (as in scenario::model's test).
    assert_eq!(
        date_from_days(11_017),
        Date {
            year: 2000,
            month: 3,
            day: 1
        }
    );
    assert_eq!(
        date_from_days(0),
        Date {
            year: 1970,
            month: 1,
            day: 1
        }
    );
    let d = Date {
        year: 2026,
        month: 12,
        day: 2,
    };
    assert_eq!(date_from_days(d.days_since_epoch()), d);
}

#[test]
fn percent_styles() {
    assert_eq!(
        PercentStyle::Fraction.read(Decimal::new(2, 1)),
        Decimal::new(2, 1)
    );
    assert_eq!(
        PercentStyle::Percent.read(Decimal::new(50, 1)),
        Decimal::new(5, 2)
    );
}

#[test]
fn slugs() {
    assert_eq!(slug("Series Seed Preferred"), "series_seed_preferred");
    assert_eq!(slug("  Class-B  Common "), "class_b_common");
    assert_eq!(slug("!!"), "x");
}

#[test]
fn md5_matches_the_rfc_1321_test_suite() {
    // RFC 1321, appendix A.5.
    let hex = |b: &[u8]| format!("{:x}", md5::compute(b));
    assert_eq!(hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
    assert_eq!(hex(b"message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
}
