use super::*;
use crate::report::cell::{Cell, Value};
use rust_decimal::Decimal;

#[test]
fn fields_are_quoted_as_rfc_4180_says() {
    assert_eq!(field("plain"), "plain");
    assert_eq!(field("a,b"), "\"a,b\"");
    assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(field("line\r\nbreak"), "\"line\r\nbreak\"");
    assert_eq!(field("-12000000000"), "-12000000000");
    assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
    assert_eq!(field("+1"), "'+1");
    assert_eq!(field("@cmd"), "'@cmd");
    assert_eq!(field("-cmd"), "'-cmd");
    assert_eq!(field("=a,b"), "\"'=a,b\"");
}

fn money(v: i64) -> Cell {
    Cell::new(v.to_string(), Value::Money(Decimal::from(v)))
}

fn cap_table(round: &str, rows: &[(&str, &str, i64)]) -> Section {
    let mut s = Section::new(
        format!("Cap table after {round}"),
        &[("Holder", false), ("Class", false), ("Value", true)],
    );
    s.table = "Cap table".into();
    s.round = Some(round.into());
    for (holder, class, value) in rows {
        s.rows
            .push(vec![(*holder).into(), (*class).into(), money(*value)]);
    }
    s
}

#[test]
fn blocks_have_a_title_row_and_a_round_column_where_tables_repeat_per_round() {
    let mut outcomes = Section::new("Outcomes", &[("ipo", false), ("Probability", true)]);
    outcomes.rows.push(vec![
        "no".into(),
        Cell::new("0.4", Value::Fraction(Decimal::new(4, 1))),
    ]);
    let text = render(&[
        cap_table("Seed", &[("Ann", "common", 5)]),
        cap_table("Series A", &[("Ann", "common", 7)]),
        outcomes,
    ]);
    assert_eq!(
        text,
        "Cap table after Seed\nround,Holder,Class,Value\nSeed,Ann,common,5\n\n\
         Cap table after Series A\nround,Holder,Class,Value\nSeries A,Ann,common,7\n\n\
         Outcomes\nipo,Probability\nno,0.4\n"
    );
}

#[test]
fn the_long_table_has_one_row_per_figure() {
    let mut outcomes = Section::new(
        "Outcomes",
        &[("ipo", false), ("Probability", true), ("Bob", true)],
    );
    outcomes.rows.push(vec![
        "yes".into(),
        Cell::new("0.5", Value::Fraction(Decimal::new(5, 1))),
        Cell::new("0.25", Value::Fraction(Decimal::new(25, 2))),
    ]);
    let text = render_long(&[cap_table("Seed", &[("Ann, Inc.", "common", -3)]), outcomes]);
    assert_eq!(
        text,
        "table,round,holder,class,measure,value\n\
         Cap table,Seed,\"Ann, Inc.\",common,Value,-3\n\
         Outcomes,,,,ipo=yes: Probability,0.5\n\
         Outcomes,,,,ipo=yes: Bob,0.25\n"
    );
}
