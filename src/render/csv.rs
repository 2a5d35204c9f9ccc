//! CSV for spreadsheets, figures exact (ownership is a fraction of 1).
//!
//! [`render`]: each section is a block — a title row, a header row, then its rows — and blocks
//! are separated by one empty line; a table repeated per round (the cap table, the workings)
//! starts with a `round` column. [`render_long`]: one tidy table of every figure, with the
//! columns `table,round,holder,class,measure,value`, that pivots in any spreadsheet.

use crate::report::sections::Section;

/// [`render_long`] when `long`, else [`render`].
pub fn render_as(sections: &[Section], long: bool) -> String {
    if long {
        render_long(sections)
    } else {
        render(sections)
    }
}

/// The blocks of `sections`.
pub fn render(sections: &[Section]) -> String {
    let mut out = String::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        line(&mut out, [section.title.as_str()].into_iter());
        let round = section.round.as_deref();
        let lead = round.map(|_| "round");
        line(
            &mut out,
            lead.into_iter()
                .chain(section.columns.iter().map(|c| c.title.as_str())),
        );
        for row in &section.rows {
            line(
                &mut out,
                round.into_iter().chain(row.iter().map(|c| c.text.as_str())),
            );
        }
    }
    out
}

/// The header of [`render_long`].
pub const LONG_COLUMNS: [&str; 6] = ["table", "round", "holder", "class", "measure", "value"];

/// Columns whose cells name the holder of a row.
const HOLDER_COLUMNS: [&str; 3] = ["Holder", "Investor", "Counterparty"];
/// Columns that describe a row in words rather than name it or give a figure.
const DESCRIPTION_COLUMNS: [&str; 1] = ["Working"];

/// Every cell of `sections` as one row of a tidy table: the table's name, its round, the row's
/// holder and class, what the figure is (the column, after the row's own label where the row
/// has one: `ipo=no, agi=no: Probability`, `Price per share: Result`) and its exact value.
pub fn render_long(sections: &[Section]) -> String {
    let mut out = String::new();
    line(&mut out, LONG_COLUMNS.into_iter());
    for section in sections {
        let find = |titles: &[&str]| {
            section
                .columns
                .iter()
                .position(|c| titles.contains(&c.title.as_str()))
        };
        let holder = find(&HOLDER_COLUMNS);
        let class = find(&["Class"]);
        let round_column = find(&["Round"]);
        let first_figure = section
            .columns
            .iter()
            .position(|c| c.numeric)
            .unwrap_or(section.columns.len());
        // Columns before the first figure that are no key: the row's label.
        let labels: Vec<usize> = (0..first_figure)
            .filter(|&i| {
                Some(i) != holder
                    && Some(i) != class
                    && Some(i) != round_column
                    && !DESCRIPTION_COLUMNS.contains(&section.columns[i].title.as_str())
            })
            .collect();
        for row in &section.rows {
            let cell =
                |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| c.text.as_str());
            let round = section.round.as_deref().unwrap_or(cell(round_column));
            let label: Vec<String> = labels
                .iter()
                .filter_map(|&i| {
                    let text = row.get(i)?.text.as_str();
                    let title = &section.columns[i].title;
                    match text {
                        "" => None,
                        "yes" | "no" => Some(format!("{title}={text}")),
                        _ => Some(text.to_string()),
                    }
                })
                .collect();
            for (i, column) in section.columns.iter().enumerate() {
                let Some(value) = row.get(i).map(|c| c.text.as_str()) else {
                    continue;
                };
                if i < first_figure || value.is_empty() {
                    continue;
                }
                let measure = if label.is_empty() {
                    column.title.clone()
                } else {
                    format!("{}: {}", label.join(", "), column.title)
                };
                line(
                    &mut out,
                    [
                        section.table.as_str(),
                        round,
                        cell(holder),
                        cell(class),
                        measure.as_str(),
                        value,
                    ]
                    .into_iter(),
                );
            }
        }
    }
    out
}

fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, text) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(text));
    }
    out.push('\n');
}

/// One CSV field, as every CSV captable writes it (`report`, `compare`, `exit`, `sweep`).
///
/// Quoted when it holds a comma, a quote or a line break (RFC 4180). A field that a spreadsheet
/// would run as a formula (starting with `=`, `+`, `@`, or `-` not followed by a number) is
/// prefixed with `'` — a negative figure such as `-12000000000` stays a number.
pub fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '@'])
        || (text.starts_with('-') && text.parse::<rust_decimal::Decimal>().is_err());
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
