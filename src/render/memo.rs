//! Memo-ready output: a summary in words, the charts, and the report's tables, as Markdown and
//! as one self-contained HTML page (styles and charts inline, nothing fetched).
//!
//! The tables are the `report` command's sections ([`crate::report::sections`]), so a Markdown table
//! here is the same text as in `report --format markdown`. [`Memo::files`] returns each file's
//! name and content; writing them is the command's business.

use super::{markdown, svg};
use crate::format::MoneyDigits;
use crate::report::cell::Cell;
use crate::report::exit::{self, ExitReport};
use crate::report::sections::{self, Numbers, Section};
use crate::report::{Report, summary};
use crate::scenario::Scenario;

/// A chart and the file it is written to.
#[derive(Clone, Debug)]
pub struct ChartFile {
    pub file: String,
    pub title: String,
    pub svg: String,
}

/// Everything the memo shows, as text.
#[derive(Clone, Debug)]
pub struct Memo {
    pub title: String,
    pub description: Option<String>,
    pub summary: Vec<String>,
    /// Lines about the conditions (name, description, probability, assumed value).
    pub conditions: Vec<String>,
    pub charts: Vec<ChartFile>,
    /// Why a chart was left out, if one was.
    pub chart_note: Option<String>,
    pub sections: Vec<Section>,
    /// The waterfall at the exits, when the scenario declares exits or `--exit` asks for some.
    pub exit: Option<ExitPart>,
    /// Each round's dilution bridge ([`super::memo_bridge`]).
    pub bridges: Vec<super::memo_bridge::RoundBridge>,
    pub footnote: String,
}

/// The memo's part about exits: the preference stack and breakpoints in words, the payout
/// chart (the one `exit --chart` draws) and the waterfall's tables.
#[derive(Clone, Debug)]
pub struct ExitPart {
    pub intro: String,
    /// One line per seniority level, most senior first, then what is left.
    pub stack: Vec<String>,
    /// One sentence per breakpoint, in order of exit value.
    pub breakpoints: Vec<String>,
    pub chart: ChartFile,
    /// The expected payouts in words, when the exits have probabilities.
    pub expected: Vec<String>,
    pub sections: Vec<Section>,
}

/// The payout chart's file name.
pub const EXIT_CHART: &str = "payouts-at-exit.svg";

/// The Markdown file's name.
pub const MARKDOWN: &str = "memo.md";
/// The HTML file's name.
pub const HTML: &str = "memo.html";

impl Memo {
    /// Builds the memo; `decimals` is the percentage precision of the charts (at most 2 there)
    /// and, with human units, of the text and tables.
    pub fn build(scenario: &Scenario, report: &Report, numbers: &Numbers, decimals: u32) -> Memo {
        let chart_decimals = decimals.min(2);
        let mut charts = Vec::new();
        if let Some(chart) = svg::ownership_by_round(report, chart_decimals) {
            charts.push(ChartFile {
                file: "ownership-by-round.svg".into(),
                title: chart.title.clone(),
                svg: svg::render(&chart),
            });
        }
        let mut chart_note = None;
        match svg::ownership_by_outcome(report, chart_decimals) {
            Some(chart) => charts.push(ChartFile {
                file: "ownership-by-outcome.svg".into(),
                title: chart.title.clone(),
                svg: svg::render(&chart),
            }),
            None if !report.conditions.is_empty() => {
                chart_note = Some(format!(
                    "No outcomes chart: {} outcomes are too many bars to read; the Outcomes table has them all.",
                    report.outcomes.len()
                ));
            }
            None => {}
        }
        let conditions = report
            .conditions
            .iter()
            .map(|c| {
                let mut line = c.name.clone();
                if let Some(description) = &c.description {
                    line.push_str(": ");
                    line.push_str(description);
                }
                let mut facts = Vec::new();
                if let Some(p) = c.probability {
                    facts.push(format!("probability {}", numbers.fraction(p)));
                }
                facts.push(format!(
                    "assumed {} in the headline figures",
                    if c.assumed { "yes" } else { "no" }
                ));
                line.push_str(&format!(" ({}).", facts.join("; ")));
                line
            })
            .collect();
        let footnote = match numbers {
            Numbers::Human { money, .. } => {
                let fixed = match money {
                    MoneyDigits::Fixed(n) => Some(*n),
                    MoneyDigits::Fewest { .. } => None,
                };
                // Chart labels keep the default money rule whatever --money-decimals says.
                let charts = if fixed.is_some() {
                    "Chart labels: money exact when two decimals suffice, else to one decimal"
                } else {
                    "Chart labels are rounded the same way"
                };
                format!(
                    "{}, percentages to {decimals} decimals, rounded half away from zero; exact figures with --exact. {charts}, percentages to {chart_decimals} decimals.",
                    sections::money_rule(fixed)
                )
            }
            Numbers::Exact => format!(
                "Exact figures: money in whole currency units, ownership and probabilities as fractions of 1, nothing rounded. Chart labels are in human units: money in K/M/B/T exact when two decimals suffice, else to one decimal, percentages to {chart_decimals} decimals, rounded half away from zero."
            ),
        };
        Memo {
            title: report.name.clone(),
            description: report.description.clone(),
            summary: summary::paragraphs(scenario, report, numbers),
            conditions,
            charts,
            chart_note,
            sections: numbers.per_table(|n| sections::report_sections(report, n)),
            exit: None,
            bridges: Vec::new(),
            footnote,
        }
    }

    /// Adds the waterfall at `report`'s exits; `chart` is the SVG of `exit --chart` for them,
    /// `from_file` says whether the exits are the file's `[[exit]]` sections (else `--exit`).
    pub fn with_exits(
        mut self,
        report: &ExitReport,
        chart: String,
        numbers: &Numbers,
        from_file: bool,
    ) -> Memo {
        // Sentences are lists of one column, so that money in them follows the rule of a table:
        // the fewest decimals that keep the list's amounts apart.
        let list = |title: &str, lines: Vec<String>| {
            let mut section = Section::new(title, &[("", false)]);
            section.rows = lines.into_iter().map(|l| vec![Cell::text(l)]).collect();
            section
        };
        let mut words = numbers.per_table(|n| {
            vec![
                list("stack", exit::stack_words(report, n)),
                list("breakpoints", exit::breakpoint_words(report, n)),
                list("expected", exit::expected_words(report, n)),
            ]
        });
        let mut take = |i: usize| -> Vec<String> {
            words
                .get_mut(i)
                .map(|s| {
                    std::mem::take(&mut s.rows)
                        .into_iter()
                        .flatten()
                        .map(|c| c.text)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (stack, breakpoints, expected) = (take(0), take(1), take(2));
        let count = report.exits.len();
        let which = if from_file {
            format!(
                "the {count} exit{} the file declares",
                if count == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "the exit value{} given with --exit",
                if count == 1 { "" } else { "s" }
            )
        };
        let dated = report.exits.iter().any(|e| e.date.is_some());
        let intro = format!(
            "What each holder receives if the company is sold after the last round for {which}, under the headline assumptions{}. Each class takes the larger of its preference and converting to common.",
            if dated && report.notes_with_interest {
                ", outstanding notes with interest to each exit's date"
            } else {
                ""
            }
        );
        self.exit = Some(ExitPart {
            intro,
            stack,
            breakpoints,
            chart: ChartFile {
                file: EXIT_CHART.into(),
                title: format!("{}: payout by class at exit", report.name),
                svg: chart,
            },
            expected,
            sections: numbers.per_table(|n| exit::memo_sections(report, n)),
        });
        self
    }

    /// Every file of the memo, as (file name, content): the charts, then `memo.md` and
    /// `memo.html`.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = self
            .charts
            .iter()
            .map(|c| (c.file.clone(), c.svg.clone()))
            .collect();
        files.extend(self.bridge_files());
        if let Some(exit) = &self.exit {
            files.push((exit.chart.file.clone(), exit.chart.svg.clone()));
        }
        files.push((MARKDOWN.into(), self.markdown()));
        files.push((HTML.into(), self.html()));
        files
    }

    /// The memo as Markdown; charts are linked as the `.svg` files beside it.
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n", markdown::escape(&self.title));
        if let Some(description) = &self.description {
            out.push_str(&markdown::escape(description));
            out.push_str("\n\n");
        }
        out.push_str("## Summary\n\n");
        for paragraph in &self.summary {
            out.push_str(&markdown::escape(paragraph));
            out.push_str("\n\n");
        }
        if !self.conditions.is_empty() {
            out.push_str("Conditions:\n\n");
            for line in &self.conditions {
                out.push_str(&format!("- {}\n", markdown::escape(line)));
            }
            out.push('\n');
        }
        if !self.charts.is_empty() || self.chart_note.is_some() {
            out.push_str("## Charts\n\n");
            for chart in &self.charts {
                out.push_str(&format!(
                    "![{}]({})\n\n",
                    markdown::escape(&chart.title),
                    chart.file
                ));
            }
            if let Some(note) = &self.chart_note {
                out.push_str(&markdown::escape(note));
                out.push_str("\n\n");
            }
        }
        out.push_str(&markdown::render(&[], &self.sections, None));
        out.push_str(&self.bridge_markdown());
        if let Some(exit) = &self.exit {
            out.push_str("## At exit\n\n");
            out.push_str(&markdown::escape(&exit.intro));
            out.push_str("\n\n");
            if exit.stack.len() > 1 {
                out.push_str("The preference stack, paid in this order:\n\n");
                for (i, line) in exit.stack.iter().enumerate() {
                    out.push_str(&format!("{}. {}\n", i + 1, markdown::escape(line)));
                }
                out.push('\n');
            }
            if !exit.breakpoints.is_empty() {
                out.push_str("Breakpoints:\n\n");
                for line in &exit.breakpoints {
                    out.push_str(&format!("- {}\n", markdown::escape(line)));
                }
                out.push('\n');
            }
            out.push_str(&format!(
                "![{}]({})\n\n",
                markdown::escape(&exit.chart.title),
                exit.chart.file
            ));
            for line in &exit.expected {
                out.push_str(&markdown::escape(line));
                out.push_str("\n\n");
            }
            out.push_str(&markdown::render(&[], &exit.sections, None));
        }
        out.push_str(&format!("_{}_\n", markdown::escape(&self.footnote)));
        out
    }

    /// The memo as one HTML page with its styles and charts inline.
    pub fn html(&self) -> String {
        let e = svg::escape;
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(&format!("<title>{}</title>\n", e(&self.title)));
        out.push_str("<style>\n");
        out.push_str(CSS);
        out.push_str("</style>\n</head>\n<body>\n<main>\n");
        out.push_str(&format!("<h1>{}</h1>\n", e(&self.title)));
        if let Some(description) = &self.description {
            out.push_str(&format!(
                "<p class=\"description\">{}</p>\n",
                e(description)
            ));
        }
        out.push_str("<h2>Summary</h2>\n");
        for paragraph in &self.summary {
            out.push_str(&format!("<p>{}</p>\n", e(paragraph)));
        }
        if !self.conditions.is_empty() {
            out.push_str("<p>Conditions:</p>\n<ul>\n");
            for line in &self.conditions {
                out.push_str(&format!("<li>{}</li>\n", e(line)));
            }
            out.push_str("</ul>\n");
        }
        if !self.charts.is_empty() || self.chart_note.is_some() {
            out.push_str("<h2>Charts</h2>\n");
            for chart in &self.charts {
                out.push_str("<figure>\n");
                out.push_str(&chart.svg);
                out.push_str("</figure>\n");
            }
            if let Some(note) = &self.chart_note {
                out.push_str(&format!("<p class=\"note\">{}</p>\n", e(note)));
            }
        }
        for section in &self.sections {
            out.push_str(&html_table(section));
        }
        out.push_str(&self.bridge_html());
        if let Some(exit) = &self.exit {
            out.push_str("<h2>At exit</h2>\n");
            out.push_str(&format!("<p>{}</p>\n", e(&exit.intro)));
            if exit.stack.len() > 1 {
                out.push_str("<p>The preference stack, paid in this order:</p>\n<ol>\n");
                for line in &exit.stack {
                    out.push_str(&format!("<li>{}</li>\n", e(line)));
                }
                out.push_str("</ol>\n");
            }
            if !exit.breakpoints.is_empty() {
                out.push_str("<p>Breakpoints:</p>\n<ul>\n");
                for line in &exit.breakpoints {
                    out.push_str(&format!("<li>{}</li>\n", e(line)));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("<figure>\n");
            out.push_str(&exit.chart.svg);
            out.push_str("</figure>\n");
            for line in &exit.expected {
                out.push_str(&format!("<p>{}</p>\n", e(line)));
            }
            for section in &exit.sections {
                out.push_str(&html_table(section));
            }
        }
        out.push_str(&format!("<footer><p>{}</p></footer>\n", e(&self.footnote)));
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// A section as HTML: its heading, the table, and its note. A table too wide for a printed
/// page (by [`width`]) is also written as column groups of at most [`PRINT_WIDTH`], each
/// repeating the leading text columns (holder, class, condition values), shown only in print;
/// the screen shows the whole table, scrolling sideways.
pub(super) fn html_table(section: &Section) -> String {
    let e = svg::escape;
    let all: Vec<usize> = (0..section.columns.len()).collect();
    let mut out = format!("<h2>{}</h2>\n", e(&section.title));
    let groups = print_groups(section);
    if groups.len() > 1 {
        out.push_str("<div class=\"table screen-only\">\n");
        out.push_str(&table_html(section, &all));
        out.push_str("</div>\n<div class=\"table print-only\">\n");
        for (i, group) in groups.iter().enumerate() {
            if i > 0 {
                out.push_str(&format!(
                    "<p class=\"continued\">{}, continued ({} of {})</p>\n",
                    e(&section.title),
                    i + 1,
                    groups.len()
                ));
            }
            out.push_str(&table_html(section, group));
        }
        out.push_str("</div>\n");
    } else {
        out.push_str("<div class=\"table\">\n");
        out.push_str(&table_html(section, &all));
        out.push_str("</div>\n");
    }
    if let Some(note) = &section.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", e(note)));
    }
    out
}

/// The `<table>` of `section`'s columns `columns`.
fn table_html(section: &Section, columns: &[usize]) -> String {
    let e = svg::escape;
    let class = |numeric: bool| if numeric { " class=\"num\"" } else { "" };
    let mut out = String::from("<table>\n<thead>\n<tr>");
    for &i in columns {
        if let Some(column) = section.columns.get(i) {
            out.push_str(&format!(
                "<th{}>{}</th>",
                class(column.numeric),
                e(&column.title)
            ));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &section.rows {
        out.push_str("<tr>");
        for &i in columns {
            let numeric = section.columns.get(i).is_some_and(|c| c.numeric);
            let cell = row.get(i).map_or("", |c| c.text.as_str());
            out.push_str(&format!("<td{}>{}</td>", class(numeric), e(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The width of table a printed page holds, in thousandths of the tables' printed type size
/// (8 pt): the narrower paper, A4, is 210 mm less 2 × 12 mm of margin = 186 mm = 527 pt =
/// 65,875 units. (The estimate of [`text_width`] errs wide: OpenAI's outcomes table, 66,000
/// units by it, prints on A4 without overflowing.)
const PRINT_WIDTH: u32 = 65_000;

/// Each cell's padding and border in print (4 pt either side, 1 pt of border), in the same
/// units.
const CELL_PADDING: u32 = 1_125;

/// The printed width of `text` in thousandths of its type size, by the advance widths of
/// DejaVu Sans (a wide sans-serif, the one Debian installs for `sans-serif`); headings are
/// bold, about a tenth wider.
fn text_width(text: &str, bold: bool) -> u32 {
    let width: u32 = text
        .chars()
        .map(|c| match c {
            '0'..='9' | '$' | '+' | '=' | '#' => 636,
            ' ' | '.' | ',' | 'i' | 'j' | 'l' | '\'' => 318,
            ':' | ';' | '!' | '|' => 337,
            '-' | '(' | ')' | '[' | ']' | 'f' | 't' | 'r' => 400,
            '%' => 950,
            'm' | 'M' | 'W' | '—' | '–' | '€' | '£' => 1_000,
            'w' | 'O' | 'Q' | 'G' | 'D' | 'H' | 'N' | 'U' | 'C' => 820,
            'a'..='z' => 620,
            'A'..='Z' => 720,
            _ => 800,
        })
        .sum();
    if bold { width + width / 10 } else { width }
}

/// A column's narrowest printed width: its widest word in the heading (headings wrap at
/// spaces and after hyphens), its widest cell (numbers never wrap; text wraps, so its widest
/// word or the first 12 characters, whichever is wider), and the cell's padding.
fn width(section: &Section, i: usize) -> u32 {
    let widest_word = |text: &str, bold: bool| {
        text.split_whitespace()
            .flat_map(|w| w.split_inclusive('-'))
            .map(|w| text_width(w, bold))
            .max()
            .unwrap_or(0)
    };
    let Some(column) = section.columns.get(i) else {
        return 0;
    };
    let cells = section.rows.iter().filter_map(|r| r.get(i));
    let body = if column.numeric {
        cells.map(|c| text_width(c, false)).max().unwrap_or(0)
    } else {
        cells
            .map(|c| {
                let start: String = c.chars().take(12).collect();
                widest_word(c, false).max(text_width(&start, false))
            })
            .max()
            .unwrap_or(0)
    };
    widest_word(&column.title, true).max(body) + CELL_PADDING
}

/// The columns of each printed group: one group when the table fits [`PRINT_WIDTH`]; else the
/// leading text columns (the row's key) in every group and the rest packed in order.
fn print_groups(section: &Section) -> Vec<Vec<usize>> {
    let count = section.columns.len();
    let widths: Vec<u32> = (0..count).map(|i| width(section, i)).collect();
    if widths.iter().sum::<u32>() <= PRINT_WIDTH {
        return vec![(0..count).collect()];
    }
    let mut keys: Vec<usize> = (0..count)
        .take_while(|&i| !section.columns[i].numeric)
        .collect();
    // Keys wider than half a page leave too little room: keep the first only.
    if keys.iter().map(|&i| widths[i]).sum::<u32>() > PRINT_WIDTH / 2 {
        keys.truncate(1);
    }
    let key_width: u32 = keys.iter().map(|&i| widths[i]).sum();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut used = key_width;
    for (i, &w) in widths.iter().enumerate().skip(keys.len()) {
        if !current.is_empty() && used + w > PRINT_WIDTH {
            groups.push(std::mem::take(&mut current));
            used = key_width;
        }
        current.push(i);
        used += w;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
        .into_iter()
        .map(|g| keys.iter().copied().chain(g).collect())
        .collect()
}

/// The page's styles: one column of text for the screen, and for print (Letter or A4, the
/// browser's paper unless `@page` names one) smaller type, tables that wrap within the page
/// or are split into column groups, and charts scaled to the page's width.
const CSS: &str = "\
body { margin: 0; background: #FFFFFF; color: #1A1A1A; font-family: sans-serif; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #D0D0D0; }
p.description { color: #444444; }
p.note, p.continued, footer { color: #444444; font-size: 0.9rem; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; max-width: 100%; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #E0E0E0; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #888888; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
footer { margin-top: 2rem; border-top: 1px solid #D0D0D0; }
.print-only { display: none; }
@page { margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; line-height: 1.4; }
  main { max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12.5pt; margin: 14pt 0 5pt; break-after: avoid; }
  p.continued { margin: 8pt 0 3pt; break-after: avoid; }
  .screen-only { display: none; }
  .print-only { display: block; }
  div.table, figure { overflow: visible; }
  figure { break-inside: avoid; margin: 8pt 0; }
  figure svg { display: block; max-width: 100%; height: auto; }
  table { font-size: 8pt; table-layout: auto; max-width: 100%; }
  th, td { padding: 2pt 4pt; overflow-wrap: break-word; }
  th.num { white-space: normal; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
}
";

#[cfg(test)]
#[path = "memo_tests.rs"]
mod tests;
