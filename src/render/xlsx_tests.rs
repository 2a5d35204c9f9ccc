use super::*;
use crate::report::cell::titled;

fn titled_sections(titles: &[&str]) -> Vec<Section> {
    titles
        .iter()
        .map(|t| Section::new(*t, &[("A", false)]))
        .collect()
}

#[test]
fn sheet_names_obey_excel() {
    let names = sheet_names(&titled_sections(&[
        "Cap table after Series A [extension]: 2026/27?",
        "Cap table after Series A [extension]: 2026/28?",
        "valuation",
        "Valuation",
        "'quoted'",
        "History",
        "",
    ]));
    // 31 characters at most, none of []:*?/\, unique ignoring case.
    assert_eq!(names[0], "Cap table after Series A -exten");
    assert_eq!(names[1], "Cap table after Series A -e (2)");
    assert_eq!(names[2], "valuation");
    assert_eq!(names[3], "Valuation (2)");
    assert_eq!(names[4], "quoted");
    assert_eq!(names[5], "History (2)");
    assert_eq!(names[6], "Sheet");
    for name in &names {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
}

#[test]
fn formulas_are_written_in_a1_notation() {
    let prefix = |t: &Target| match t {
        Target::Here => Some(String::new()),
        Target::Titled(t) if t == "Investments" => Some("Investments!".into()),
        Target::Titled(_) => None,
    };
    // Data rows start on the third row: the title and the column titles come first.
    let f = Formula::new().here(0, 1).text("+").here(0, 2);
    assert_eq!(a1(&f, &prefix).as_deref(), Some("=B3+C3"));
    let f = Formula::new()
        .text("SUMPRODUCT(")
        .range(titled("Investments"), 4, 0, 3)
        .text(",")
        .range(titled("Investments"), 5, 0, 3)
        .text(")");
    assert_eq!(
        a1(&f, &prefix).as_deref(),
        Some("=SUMPRODUCT(Investments!E3:E6,Investments!F3:F6)")
    );
    // A table the workbook lacks: no formula (the cell keeps its number).
    assert_eq!(
        a1(&Formula::new().at(titled("Nowhere"), 0, 0), &prefix),
        None
    );
}

#[test]
fn a_figure_is_stored_as_its_nearest_double() {
    use rust_decimal::Decimal;
    // 1/3 to 28 places: its nearest double is the one nearest to 1/3 itself, 1.0 / 3.0 (the
    // two differ by 3e-29, far below the double's spacing near 1/3, 5.6e-17).
    let third = Decimal::ONE / Decimal::from(3);
    assert_eq!(super::nearest_double(third), 1.0 / 3.0);
    // 2/3 to 28 places (…6667) and 0.1: each is the double Rust's correctly rounded parser gives.
    let two_thirds = Decimal::from(2) / Decimal::from(3);
    assert_eq!(super::nearest_double(two_thirds), 2.0 / 3.0);
    assert_eq!(super::nearest_double(Decimal::new(1, 1)), 0.1);
    assert_eq!(
        super::nearest_double(Decimal::from(840_000_000_000_u64)),
        840_000_000_000.0
    );
}
