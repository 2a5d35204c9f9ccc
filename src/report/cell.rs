//! Typed table cells: the text every text format shows, the exact figure behind it, and, for the
//! workbook, the formula that recomputes it from other cells.
//!
//! A [`Cell`] reads as its text (it dereferences to `str`), so the table, Markdown, CSV and HTML
//! renderers lay out text as before; the XLSX renderer stores [`Value`]s as numbers with number
//! formats and writes [`Formula`]s where a spreadsheet user expects a figure to recalculate.

use std::fmt;

use rust_decimal::Decimal;

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text only (names, labels, words); an empty text is an empty cell.
    Text,
    /// An amount of the scenario's currency.
    Money(Decimal),
    /// Money per share.
    Price(Decimal),
    /// A share count.
    Shares(Decimal),
    /// A fraction of 1 (ownership, probability, margin, discount).
    Fraction(Decimal),
    /// A difference of two fractions (percentage points).
    Change(Decimal),
    /// A multiple (1x preference, a revenue multiple).
    Multiple(Decimal),
    /// A plain number (years, seniority).
    Number(Decimal),
}

impl Value {
    /// The figure, if the cell holds one.
    pub fn figure(self) -> Option<Decimal> {
        match self {
            Value::Text => None,
            Value::Money(v)
            | Value::Price(v)
            | Value::Shares(v)
            | Value::Fraction(v)
            | Value::Change(v)
            | Value::Multiple(v)
            | Value::Number(v) => Some(v),
        }
    }
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub value: Value,
    /// How a spreadsheet recomputes the figure from other cells, when it is a derived one.
    pub formula: Option<Formula>,
}

impl Cell {
    pub fn new(text: impl Into<String>, value: Value) -> Cell {
        Cell {
            text: text.into(),
            value,
            formula: None,
        }
    }

    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::new(text, Value::Text)
    }

    /// An empty cell.
    pub fn empty() -> Cell {
        Cell::text(String::new())
    }

    /// The cell with `formula`, when the formula evaluated exactly (`computed`, the same
    /// arithmetic in decimals) agrees with the figure; otherwise the cell as it is, a plain
    /// number. A formula is thus never written that would give a figure other than captable's.
    pub fn live(mut self, formula: Formula, computed: Option<Decimal>) -> Cell {
        if let (Some(figure), Some(computed)) = (self.value.figure(), computed)
            && agrees(figure, computed)
        {
            self.formula = Some(formula);
        }
        self
    }
}

/// Whether two decimals are the same figure up to the last of their 28 significant digits (a
/// quotient computed in two orders may differ there).
pub fn agrees(a: Decimal, b: Decimal) -> bool {
    if a == b {
        return true;
    }
    let scale = a.abs().max(b.abs());
    match (a.checked_sub(b), scale.checked_mul(Decimal::new(1, 20))) {
        (Some(difference), Some(tolerance)) => difference.abs() <= tolerance,
        _ => false,
    }
}

impl std::ops::Deref for Cell {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::text(text)
    }
}

impl PartialEq<&str> for Cell {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// A spreadsheet formula over cells of the document's sections, written without the leading
/// `=`: text and references, which the XLSX renderer turns into A1 references.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Formula(pub Vec<Part>);

/// One piece of a [`Formula`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Operators, function names, parentheses.
    Text(String),
    /// A cell: `row` and `col` count data rows and columns of `section` from 0.
    Cell {
        section: Target,
        row: usize,
        col: usize,
    },
    /// Rows `first..=last` of column `col`.
    Range {
        section: Target,
        col: usize,
        first: usize,
        last: usize,
    },
}

/// The section a reference points into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The section the formula is in.
    Here,
    /// The section with this title.
    Titled(String),
}

impl Formula {
    pub fn new() -> Formula {
        Formula::default()
    }

    pub fn text(mut self, text: &str) -> Formula {
        self.0.push(Part::Text(text.to_string()));
        self
    }

    /// A cell of this section.
    pub fn here(self, row: usize, col: usize) -> Formula {
        self.at(Target::Here, row, col)
    }

    pub fn at(mut self, section: Target, row: usize, col: usize) -> Formula {
        self.0.push(Part::Cell { section, row, col });
        self
    }

    pub fn range(mut self, section: Target, col: usize, first: usize, last: usize) -> Formula {
        self.0.push(Part::Range {
            section,
            col,
            first,
            last,
        });
        self
    }
}

/// `Target::Titled` for a title.
pub fn titled(title: &str) -> Target {
    Target::Titled(title.to_string())
}
