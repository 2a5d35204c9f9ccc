//! Output formats: the one place that switches on `--format`.
//!
//! A command builds a [`Document`] (its preamble, its tables for any [`Numbers`], its workbook
//! sheets and its JSON) and calls [`render`] once; the bytes go to `output::write`. Each format
//! has its module: `table` (terminal), `markdown`, `csv` (blocks or one long table), `xlsx` (a
//! workbook of typed cells) and `json` (the typed report, pretty-printed). The memo is rendered
//! here too: `memo` (Markdown and HTML; `memo_bridge` its dilution bridges, `memo_ranges` the
//! memo of a file with ranges) and the charts, `svg` (the one palette and escape, the ownership
//! bars), `chart` (the payout curve) and `bridge_chart` (the bridge's waterfall).

pub mod bridge_chart;
pub mod chart;
pub mod csv;
pub mod json;
pub mod markdown;
pub mod memo;
pub mod memo_bridge;
pub mod memo_ranges;
pub mod svg;
pub mod table;
pub mod xlsx;

pub use crate::cli::Format;
use crate::report::sections::{self, Numbers, Section};

/// Tables built with a way of writing figures.
pub type Tables<'a> = Box<dyn Fn(&Numbers) -> Vec<Section> + 'a>;

/// What every format can be rendered from.
pub struct Document<'a> {
    /// The lines above the tables in a table or Markdown, the first one its title.
    pub preamble: Vec<String>,
    /// The currency of money in human units and in the workbook's number formats.
    pub currency: String,
    /// Class keys and the names tables show ([`crate::report::class_titles`]).
    pub classes: Vec<(String, String)>,
    /// The tables, built with the [`Numbers`] given: exact for CSV and the workbook, human for
    /// a table or Markdown (built again per table: see [`Numbers::per_table`]).
    pub tables: Tables<'a>,
    /// The workbook's tables when they are not the exact `tables` (`report`'s add its inputs).
    pub workbook: Option<Box<dyn Fn() -> Vec<Section> + 'a>>,
    /// The workbook's last sheet: where its figures come from ([`sections::sources`]).
    pub sources: Option<Box<dyn Fn() -> Section + 'a>>,
    /// The JSON text (the typed report through [`json::to_string`]), built only when asked for.
    pub json: Box<dyn Fn() -> String + 'a>,
}

impl<'a> Document<'a> {
    /// A document of `tables` and `json`, in `currency`, with no preamble.
    pub fn new(
        currency: impl Into<String>,
        tables: impl Fn(&Numbers) -> Vec<Section> + 'a,
        json: impl Fn() -> String + 'a,
    ) -> Self {
        Document {
            preamble: Vec::new(),
            currency: currency.into(),
            classes: Vec::new(),
            tables: Box::new(tables),
            workbook: None,
            sources: None,
            json: Box::new(json),
        }
    }

    pub fn preamble(mut self, lines: Vec<String>) -> Self {
        self.preamble = lines;
        self
    }

    pub fn classes(mut self, titles: &[(String, String)]) -> Self {
        self.classes.extend(titles.iter().cloned());
        self
    }

    pub fn workbook(mut self, sheets: impl Fn() -> Vec<Section> + 'a) -> Self {
        self.workbook = Some(Box::new(sheets));
        self
    }

    pub fn sources(mut self, sheet: impl Fn() -> Section + 'a) -> Self {
        self.sources = Some(Box::new(sheet));
        self
    }
}

/// How the human formats look, and CSV's shape.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Digits after the point for percentages (`--decimals`).
    pub decimals: u32,
    /// Fixed digits for money (`--money-decimals`), else the fewest per table.
    pub money_decimals: Option<u32>,
    /// Bold titles in a terminal table.
    pub color: bool,
    /// CSV as one long table (`--long`).
    pub long: bool,
}

impl Style {
    pub fn of(options: &crate::cli::RenderOptions, color: bool) -> Self {
        Style {
            decimals: options.decimals,
            money_decimals: options.money_decimals,
            color,
            long: options.long,
        }
    }
}

/// The bytes of `doc` in `format`. Fails only for a workbook that cannot be written.
pub fn render(doc: &Document<'_>, format: Format, style: &Style) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => (doc.json)().into_bytes(),
        Format::Csv => csv::render_as(&(doc.tables)(&Numbers::Exact), style.long).into_bytes(),
        Format::Xlsx => {
            let mut sheets = match &doc.workbook {
                Some(workbook) => workbook(),
                None => (doc.tables)(&Numbers::Exact),
            };
            sheets.extend(doc.sources.as_ref().map(|sources| sources()));
            xlsx::render(&sheets, &doc.currency)?
        }
        Format::Table | Format::Markdown => {
            let numbers =
                Numbers::human(style.decimals, doc.currency.clone(), style.money_decimals)
                    .with_classes(&doc.classes);
            let tables = numbers.per_table(|n| (doc.tables)(n));
            let footer = sections::rounding_note(style.decimals, style.money_decimals);
            if format == Format::Table {
                table::render(&doc.preamble, &tables, Some(&footer), style.color)
            } else {
                markdown::render(&doc.preamble, &tables, Some(&footer))
            }
            .into_bytes()
        }
    })
}

impl Format {
    /// Refuses output options that cannot go together, before anything is read: a workbook is
    /// binary and is never written to standard output; `--long` shapes CSV only.
    pub fn check(self, to_file: bool, long: bool) -> Result<(), String> {
        if self == Format::Xlsx && !to_file {
            return Err("--format xlsx writes a binary workbook, never to standard output: add --output FILE.xlsx".into());
        }
        if long && self != Format::Csv {
            return Err("--long shapes CSV output: use it with --format csv".into());
        }
        Ok(())
    }

    /// Whether the format is a workbook (one sheet per table, at most
    /// [`xlsx::MAX_DATA_ROWS`] rows each).
    pub fn is_workbook(self) -> bool {
        self == Format::Xlsx
    }

    /// Whether a grid of `dimensions` (`sweep`'s `--vary`s) is written as rows streamed to
    /// the output ([`csv::field`]s, exact) rather than rendered whole: CSV always, and a table
    /// or Markdown of more than two dimensions, which no table lays out.
    pub fn streams_rows(self, dimensions: usize) -> bool {
        self == Format::Csv || (dimensions > 2 && matches!(self, Format::Table | Format::Markdown))
    }
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
