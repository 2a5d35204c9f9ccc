//! GitHub-flavoured Markdown: a heading per section and pipe tables with `---:` alignment, so a
//! section pastes straight into a memo.

use crate::report::sections::Section;

pub fn render(preamble: &[String], sections: &[Section], footer: Option<&str>) -> String {
    let mut out = String::new();
    if let Some((title, rest)) = preamble.split_first() {
        out.push_str(&format!("# {}\n\n", escape(title)));
        for line in rest {
            out.push_str(&escape(line));
            out.push_str("\n\n");
        }
    }
    for section in sections {
        out.push_str(&format!("## {}\n\n", escape(&section.title)));
        out.push_str(&table(section));
        if let Some(note) = &section.note {
            out.push('\n');
            out.push_str(&escape(note));
            out.push('\n');
        }
        out.push('\n');
    }
    if let Some(footer) = footer {
        out.push_str(&format!("_{}_\n", escape(footer)));
    }
    out
}

fn table(section: &Section) -> String {
    let mut out = String::new();
    let cells = |row: &mut String, values: &mut dyn Iterator<Item = String>| {
        row.push('|');
        for value in values {
            row.push(' ');
            row.push_str(&value);
            row.push_str(" |");
        }
        row.push('\n');
    };
    cells(
        &mut out,
        &mut section.columns.iter().map(|c| escape(&c.title)),
    );
    cells(
        &mut out,
        &mut section
            .columns
            .iter()
            .map(|c| if c.numeric { "---:" } else { "---" }.to_string()),
    );
    for row in &section.rows {
        cells(&mut out, &mut row.iter().map(|v| escape(v)));
    }
    out
}

/// Escapes the characters that would break a table cell or start Markdown emphasis.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn pipes_and_emphasis_are_escaped() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("Series_A *pref*"), "Series\\_A \\*pref\\*");
    }
}
