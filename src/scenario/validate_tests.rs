//! Unit tests of the validator's own helpers (help texts, suggestions, the key-table check).

use super::{Sources, Validator, date_help, did_you_mean, keys};

#[test]
fn a_date_written_as_a_string_gets_its_toml_form_when_that_is_clear() {
    let wanted = |date: &str| format!("write it year-month-day without quotes: date = {date}");
    // 15 is no month: day/month/year. 13 is no month: month/day/year.
    assert_eq!(date_help("date", "15/01/2026"), wanted("2026-01-15"));
    assert_eq!(date_help("date", "1/13/2026"), wanted("2026-01-13"));
    assert_eq!(date_help("date", "31.12.2025"), wanted("2025-12-31"));
    assert_eq!(date_help("date", "03/03/2026"), wanted("2026-03-03"));
    assert_eq!(date_help("date", "2026/2/7"), wanted("2026-02-07"));
    assert_eq!(
        date_help("issued", "2026-02-27"),
        "remove the quotes: issued = 2026-02-27"
    );
    assert_eq!(
        date_help("date", "01/03/2026"),
        "01/03/2026 is ambiguous: write it year-month-day without quotes, date = 2026-03-01 \
         if it is day/month/year, date = 2026-01-03 if month/day/year"
    );
    // 29 February only in a leap year; 31 April never; no guess from words.
    let generic = "write a date as year-month-day without quotes: date = 2026-02-27";
    assert_eq!(date_help("date", "29/02/2024"), wanted("2024-02-29"));
    assert_eq!(date_help("date", "29/02/2026"), generic);
    assert_eq!(date_help("date", "31/04/2026"), generic);
    assert_eq!(date_help("date", "yesterday"), generic);
    assert_eq!(date_help("date", "1/2"), generic);
}

/// A key read that the key table does not list for its section is an error naming the
/// bug, on any file that reaches the read (here `[metrics]` reading a key it does not take).
#[test]
fn a_key_read_but_not_in_the_key_table_is_an_error() {
    let mut sources = Sources::default();
    let id = sources.add("t.toml", "[metrics]\nannual_revenue = \"1M\"\n");
    let root = crate::scenario::tree::parse(id, &sources.get(id).text).unwrap();
    let metrics = root.get("metrics").unwrap();
    let mut v = Validator::new(&sources);
    let mut table = v.table(metrics, &keys::METRICS, "[metrics]").unwrap();
    assert!(table.get("annual_revenue").is_some());
    assert!(table.get("monthly_revenue").is_none());
    v.finish(table);
    let messages: Vec<&str> = v.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["captable read `monthly_revenue` in [metrics], a key its key table does not list"]
    );
    assert_eq!(
        v.diagnostics[0].help.as_deref(),
        Some(
            "a bug in captable: list `monthly_revenue` in section `metrics` of src/scenario/keys.rs"
        )
    );
}

#[test]
fn suggestions_are_near_misses_only() {
    assert_eq!(
        did_you_mean("stak", ["name", "stake", "shares"]),
        Some("stake")
    );
    assert_eq!(
        did_you_mean("pre_mony", ["pre_money", "post_money"]),
        Some("pre_money")
    );
    assert_eq!(did_you_mean("zzz", ["name", "stake"]), None);
}
