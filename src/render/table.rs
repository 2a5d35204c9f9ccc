//! Terminal tables (comfy-table, UTF-8 borders). Bold titles only when `color` is set, which
//! the caller decides from the terminal and `NO_COLOR`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table};

use crate::report::sections::Section;

/// Renders the preamble lines, the sections and a closing note.
pub fn render(
    preamble: &[String],
    sections: &[Section],
    footer: Option<&str>,
    color: bool,
) -> String {
    let mut out = String::new();
    for (i, line) in preamble.iter().enumerate() {
        if i == 0 && color {
            out.push_str(&format!("\x1b[1m{line}\x1b[0m\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    for section in sections {
        if !out.is_empty() {
            out.push('\n');
        }
        if color {
            out.push_str(&format!("\x1b[1m{}\x1b[0m\n", section.title));
        } else {
            out.push_str(&section.title);
            out.push('\n');
        }
        out.push_str(&table(section, color));
        out.push('\n');
        if let Some(note) = &section.note {
            out.push_str(note);
            out.push('\n');
        }
    }
    if let Some(footer) = footer {
        out.push('\n');
        out.push_str(footer);
        out.push('\n');
    }
    out
}

fn table(section: &Section, color: bool) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    if color {
        table
            .enforce_styling()
            .set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled);
    }
    table.set_header(section.columns.iter().map(|c| {
        let cell = Cell::new(&c.title);
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in &section.rows {
        table.add_row(row.iter().map(Cell::new));
    }
    for (i, column) in section.columns.iter().enumerate() {
        if column.numeric
            && let Some(col) = table.column_mut(i)
        {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}
