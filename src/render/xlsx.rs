//! An Excel workbook (`--format xlsx`) from typed sections: one sheet per section, figures as
//! numbers with number formats, derived figures as live formulas.
//!
//! Each sheet holds its table's title in row 1 and the column titles in row 2 (both frozen), then
//! the rows. A cell with a [`Formula`] is written as that formula, with captable's figure as
//! its cached result, so a viewer that does not recalculate still shows the figures; a spreadsheet
//! that recalculates gets the same figures (to its double precision) and follows any edit of the
//! inputs.
//!
//! Figures are exact decimals up to here. A spreadsheet stores every number as an IEEE double
//! (15–17 significant digits), so each figure becomes the nearest double only as it is written
//! into its cell: the conversion is for the spreadsheet's storage, never part of a computation.

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::report::cell::{Cell, Formula, Part, Target, Value};
use crate::report::sections::Section;

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Data rows start below the title and the column titles.
const FIRST_ROW: u32 = 2;
/// Excel's rows per worksheet.
const MAX_ROWS: usize = 1_048_576;
/// The most data rows a sheet takes (below its title, column titles, and a note).
pub const MAX_DATA_ROWS: usize = MAX_ROWS - FIRST_ROW as usize - 2;

/// The workbook of `sections`, money in `currency`.
pub fn render(sections: &[Section], currency: &str) -> Result<Vec<u8>, String> {
    let rows: usize = sections.iter().map(|s| s.rows.len()).max().unwrap_or(0);
    if rows > MAX_DATA_ROWS {
        return Err(format!(
            "a table of {rows} rows does not fit in a worksheet ({MAX_DATA_ROWS} rows at most); use --format csv"
        ));
    }
    let names = sheet_names(sections);
    let formats = Formats::new(currency);
    let mut workbook = Workbook::new();
    for (section, name) in sections.iter().zip(&names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name.as_str()).map_err(error)?;
        write_sheet(
            sheet,
            section,
            &|target| match target {
                Target::Here => Some(String::new()),
                Target::Titled(title) => sections
                    .iter()
                    .position(|s| s.title == *title)
                    .map(|i| format!("{}!", quote_sheet_name(&names[i]))),
            },
            &formats,
        )
        .map_err(error)?;
    }
    workbook.save_to_buffer().map_err(error)
}

fn error(e: XlsxError) -> String {
    format!("cannot write the workbook: {e}")
}

/// A sheet name for each section: its title without the characters Excel forbids (`[]:*?/\`),
/// at most 31 characters, no leading or trailing apostrophe, unique (ignoring case).
pub fn sheet_names(sections: &[Section]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(sections.len());
    for section in sections {
        let clean: String = section
            .title
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
            .collect();
        let clean = clean.trim_matches(['\'', ' ']).to_string();
        let base = if clean.is_empty() {
            "Sheet".to_string()
        } else {
            clean
        };
        let mut name = truncate(&base, MAX_SHEET_NAME);
        let mut n = 2;
        while names
            .iter()
            .any(|other| other.to_lowercase() == name.to_lowercase())
            || name.eq_ignore_ascii_case("history")
        {
            let suffix = format!(" ({n})");
            name = format!(
                "{}{suffix}",
                truncate(&base, MAX_SHEET_NAME - suffix.chars().count()).trim_end_matches('\'')
            );
            n += 1;
        }
        names.push(name);
    }
    names
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars()
        .take(chars)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The number formats, by kind of figure.
struct Formats {
    title: Format,
    header: Format,
    header_number: Format,
    text: Format,
    wrapped: Format,
    money: Format,
    cents: Format,
    price: Format,
    shares: Format,
    part_shares: Format,
    fraction: Format,
    change: Format,
    multiple: Format,
    number: Format,
}

impl Formats {
    fn new(currency: &str) -> Self {
        // The currency as a literal prefix: "$", "€", "CHF ".
        let prefix = format!(
            "\"{}\"",
            crate::format::currency_prefix(currency).replace('"', "")
        );
        let money =
            |body: &str| Format::new().set_num_format(format!("{prefix}{body};-{prefix}{body}"));
        let header = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap();
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            header_number: header
                .clone()
                .set_align(rust_xlsxwriter::FormatAlign::Right),
            header,
            text: Format::new(),
            wrapped: Format::new().set_text_wrap(),
            money: money("#,##0"),
            cents: money("#,##0.00"),
            price: money("#,##0.00####"),
            shares: Format::new().set_num_format("#,##0"),
            part_shares: Format::new().set_num_format("#,##0.0000"),
            fraction: Format::new().set_num_format("0.00%"),
            change: Format::new().set_num_format("+0.00%;-0.00%;0.00%"),
            multiple: Format::new().set_num_format("0.0#\"x\""),
            number: Format::new(),
        }
    }

    fn of(&self, value: Value) -> &Format {
        let whole = |v: Decimal| v.fract().is_zero();
        match value {
            Value::Text => &self.text,
            Value::Money(v) if whole(v) => &self.money,
            Value::Money(_) => &self.cents,
            Value::Price(_) => &self.price,
            Value::Shares(v) if whole(v) => &self.shares,
            Value::Shares(_) => &self.part_shares,
            Value::Fraction(_) => &self.fraction,
            Value::Change(_) => &self.change,
            Value::Multiple(_) => &self.multiple,
            Value::Number(_) => &self.number,
        }
    }
}

/// Columns wider than this wrap their text.
const WIDEST: usize = 60;

fn write_sheet(
    sheet: &mut Worksheet,
    section: &Section,
    prefix: &dyn Fn(&Target) -> Option<String>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, &section.title, &formats.title)?;
    let mut widths: Vec<usize> = section
        .columns
        .iter()
        .map(|c| c.title.chars().count().clamp(8, 30))
        .collect();
    for (c, column) in section.columns.iter().enumerate() {
        let format = if column.numeric {
            &formats.header_number
        } else {
            &formats.header
        };
        sheet.write_string_with_format(1, col(c), &column.title, format)?;
    }
    for (r, row) in section.rows.iter().enumerate() {
        let at = FIRST_ROW + u32::try_from(r).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let shown = match cell.value.figure() {
                // A figure's width as its number format shows it: grouped digits, a symbol.
                Some(v) => crate::format::grouped(v.round_dp(2)).chars().count() + 3,
                None => cell.text.chars().count(),
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown.min(WIDEST));
            }
            write_cell(sheet, (at, col(c)), cell, formats, prefix)?;
        }
    }
    if let Some(note) = &section.note {
        let at = FIRST_ROW + u32::try_from(section.rows.len() + 1).unwrap_or(u32::MAX);
        sheet.write_string(at, 0, note)?;
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), u32::try_from(*width + 2).unwrap_or(60))?;
        if *width >= WIDEST {
            sheet.set_column_format(col(c), &formats.wrapped)?;
        }
    }
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    // Printed (or exported to PDF): landscape, each sheet one page wide.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn write_cell(
    sheet: &mut Worksheet,
    (row, column): (u32, u16),
    cell: &Cell,
    formats: &Formats,
    prefix: &dyn Fn(&Target) -> Option<String>,
) -> Result<(), XlsxError> {
    let format = formats.of(cell.value);
    let Some(figure) = cell.value.figure() else {
        if !cell.text.is_empty() {
            sheet.write_string_with_format(row, column, &cell.text, format)?;
        }
        return Ok(());
    };
    let number = nearest_double(figure);
    match cell.formula.as_ref().and_then(|f| a1(f, prefix)) {
        Some(text) => {
            let formula = rust_xlsxwriter::Formula::new(text).set_result(number.to_string());
            sheet.write_formula_with_format(row, column, formula, format)?;
        }
        None => {
            sheet.write_number_with_format(row, column, number, format)?;
        }
    }
    Ok(())
}

/// The double nearest to `figure`: how a spreadsheet stores any number (see the module's doc).
/// Read from the decimal's text, since Rust's float parsing rounds correctly and
/// `Decimal::to_f64` does not always (1/3 at 28 places came out one step above the nearest).
pub fn nearest_double(figure: Decimal) -> f64 {
    figure.to_string().parse().unwrap_or(f64::NAN)
}

/// A formula in A1 notation (`=B3+C3`, `=SUMPRODUCT(Investments!E3:E6,…)`); `None` when it
/// refers to a table the workbook does not hold.
pub fn a1(formula: &Formula, prefix: &dyn Fn(&Target) -> Option<String>) -> Option<String> {
    let at = |r: usize, c: usize| {
        row_col_to_cell(FIRST_ROW + u32::try_from(r).unwrap_or(u32::MAX), col(c))
    };
    let mut out = String::from("=");
    for part in &formula.0 {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Cell { section, row, col } => {
                out.push_str(&prefix(section)?);
                out.push_str(&at(*row, *col));
            }
            Part::Range {
                section,
                col,
                first,
                last,
            } => {
                out.push_str(&prefix(section)?);
                out.push_str(&format!("{}:{}", at(*first, *col), at(*last, *col)));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
