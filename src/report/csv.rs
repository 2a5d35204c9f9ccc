//! CSV for spreadsheets: each section is a block (a header row, then its rows) and blocks are
//! separated by one empty line. Figures are exact; ownership is a fraction of 1.

use super::sections::Section;

pub fn render(sections: &[Section]) -> String {
    let mut out = String::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        line(&mut out, section.columns.iter().map(|c| c.title.as_str()));
        for row in &section.rows {
            line(&mut out, row.iter().map(String::as_str));
        }
    }
    out
}

fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(field));
    }
    out.push('\n');
}

/// Quotes a field when it holds a comma, a quote or a line break (RFC 4180). A field that a
/// spreadsheet would run as a formula is prefixed with `'`.
fn quote(field: &str) -> String {
    let formula = field.starts_with(['=', '+', '@'])
        || (field.starts_with('-') && field.parse::<rust_decimal::Decimal>().is_err());
    let field = if formula {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("-12000000000"), "-12000000000");
        assert_eq!(quote("=SUM(A1)"), "'=SUM(A1)");
    }
}
