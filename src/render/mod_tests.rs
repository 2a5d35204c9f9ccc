use std::io::Read as _;

use rust_decimal::Decimal;

use super::*;
use crate::report::cell::Cell;

/// One holder with a third of the company who put in $1.62M, and a JSON of the same third.
fn document() -> Document<'static> {
    let third = Decimal::ONE / Decimal::from(3);
    Document::new(
        "USD",
        move |n: &Numbers| {
            let mut table = Section::new(
                "Ownership",
                &[("Holder", false), ("Ownership", true), ("Invested", true)],
            );
            table.rows.push(vec![
                Cell::text("Ada"),
                n.fraction(third),
                n.money(Decimal::from(1_620_000)),
            ]);
            vec![table]
        },
        move || json::to_string(&serde_json::json!({ "ownership": crate::format::exact(third) })),
    )
    .preamble(vec!["A third".into()])
    .sources(|| Section::new("Sources", &[("File", false)]))
}

fn text(format: Format, style: &Style) -> String {
    let bytes = render(&document(), format, style).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

const STYLE: Style = Style {
    decimals: 2,
    money_decimals: None,
    color: false,
    long: false,
};

// 1/3 to 28 digits (a Decimal's scale) is 0.3333333333333333333333333333; as a percentage to
// two decimals, 33.33%. $1,620,000 is exact in two decimals of millions: $1.62M (the rule in
// `sections::money_rule`).
const THIRD: &str = "0.3333333333333333333333333333";

#[test]
fn one_document_in_every_format() {
    let table = text(Format::Table, &STYLE);
    assert!(table.starts_with("A third\n\nOwnership\n"), "{table}");
    // Figures right-aligned under their titles ("Ownership" is 9 wide, "Invested" 8).
    assert!(
        table.contains("│ Ada    ┆    33.33% ┆   $1.62M │"),
        "{table}"
    );
    assert!(
        table.ends_with("exact figures with --format json or csv.\n"),
        "{table}"
    );

    let markdown = text(Format::Markdown, &STYLE);
    assert!(
        markdown.starts_with("# A third\n\n## Ownership\n\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "| Holder | Ownership | Invested |\n| --- | ---: | ---: |\n| Ada | 33.33% | $1.62M |\n"
        ),
        "{markdown}"
    );

    // Exact figures; no preamble, no rounding note.
    let csv = text(Format::Csv, &STYLE);
    assert_eq!(
        csv,
        format!("Ownership\nHolder,Ownership,Invested\nAda,{THIRD},1620000\n")
    );
    let long = text(
        Format::Csv,
        &Style {
            long: true,
            ..STYLE
        },
    );
    assert_eq!(
        long,
        format!(
            "table,round,holder,class,measure,value\nOwnership,,Ada,,Ownership,{THIRD}\nOwnership,,Ada,,Invested,1620000\n"
        )
    );

    let json = text(Format::Json, &STYLE);
    assert_eq!(json, format!("{{\n  \"ownership\": \"{THIRD}\"\n}}\n"));

    // The workbook: the table, then the sources sheet; 1/3 as a double.
    let bytes = render(&document(), Format::Xlsx, &STYLE).unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .expect(name)
            .read_to_string(&mut text)
            .expect(name);
        text
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("name=\"Ownership\""), "{workbook}");
    assert!(workbook.contains("name=\"Sources\""), "{workbook}");
    let sheet = read("xl/worksheets/sheet1.xml");
    // 1/3 to a spreadsheet's 15 significant digits (the double is within an ulp or so of 1/3).
    assert!(sheet.contains("<v>0.333333333333333"), "{sheet}");
    assert!(sheet.contains("<v>1620000</v>"), "{sheet}");
}

#[test]
fn human_tables_take_the_style() {
    // --decimals 4 and --money-decimals 3: 33.3333%, $1.620M.
    let style = Style {
        decimals: 4,
        money_decimals: Some(3),
        ..STYLE
    };
    let markdown = text(Format::Markdown, &style);
    assert!(
        markdown.contains("| Ada | 33.3333% | $1.620M |"),
        "{markdown}"
    );
    assert!(markdown.contains("percentages to 4 decimals"), "{markdown}");
}

#[test]
fn options_that_cannot_go_together() {
    assert!(Format::Xlsx.check(false, false).is_err());
    assert!(Format::Xlsx.check(true, false).is_ok());
    assert!(Format::Table.check(false, true).is_err());
    assert!(Format::Csv.check(false, true).is_ok());
    assert!(Format::Csv.streams_rows(1));
    assert!(!Format::Table.streams_rows(2));
    assert!(Format::Markdown.streams_rows(3));
    assert!(!Format::Json.streams_rows(3));
    assert!(!Format::Xlsx.streams_rows(3));
}
