//! Memo-ready output: a summary in words, the charts, and the report's tables, as Markdown and
//! as one self-contained HTML page (styles and charts inline, nothing fetched).
//!
//! The tables are the `report` command's sections ([`super::sections`]), so a Markdown table
//! here is the same text as in `report --format markdown`. [`Memo::files`] returns each file's
//! name and content; writing them is the command's business.

use super::sections::{self, Numbers, Section};
use super::{Report, markdown, summary, svg};
use crate::format::MoneyDigits;
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
    pub footnote: String,
}

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
            footnote,
        }
    }

    /// Every file of the memo, as (file name, content): the charts, then `memo.md` and
    /// `memo.html`.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = self
            .charts
            .iter()
            .map(|c| (c.file.clone(), c.svg.clone()))
            .collect();
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
        out.push_str(&format!("<footer><p>{}</p></footer>\n", e(&self.footnote)));
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

fn html_table(section: &Section) -> String {
    let e = svg::escape;
    let class = |numeric: bool| if numeric { " class=\"num\"" } else { "" };
    let mut out = format!(
        "<h2>{}</h2>\n<div class=\"table\">\n<table>\n<thead>\n<tr>",
        e(&section.title)
    );
    for column in &section.columns {
        out.push_str(&format!(
            "<th{}>{}</th>",
            class(column.numeric),
            e(&column.title)
        ));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &section.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let numeric = section.columns.get(i).is_some_and(|c| c.numeric);
            out.push_str(&format!("<td{}>{}</td>", class(numeric), e(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if let Some(note) = &section.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", e(note)));
    }
    out
}

const CSS: &str = "\
body { margin: 0; background: #FFFFFF; color: #1A1A1A; font-family: sans-serif; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #D0D0D0; }
p.description { color: #444444; }
p.note, footer { color: #444444; font-size: 0.9rem; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; max-width: 100%; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #E0E0E0; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #888888; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
footer { margin-top: 2rem; border-top: 1px solid #D0D0D0; }
";
