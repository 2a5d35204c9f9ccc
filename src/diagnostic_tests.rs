//! Unit tests of `diagnostic.rs`.

use super::*;

#[test]
fn long_texts_are_shortened_in_the_middle() {
    let short = "x".repeat(MAX_TEXT);
    assert_eq!(shorten(short.clone()), short);
    let long = format!(
        "`currency` is not an ISO 4217 code: \"{}\"",
        "é".repeat(10_000)
    );
    let shown = shorten(long);
    assert!(
        shown.starts_with("`currency` is not an ISO 4217 code: \"éé"),
        "{shown}"
    );
    assert!(shown.ends_with("éé\""), "{shown}");
    assert!(
        shown.contains(" … (9518 characters left out) … "),
        "{shown}"
    );
    assert!(shown.chars().count() < MAX_TEXT);
    let diagnostic = Diagnostic::error(Code::BadValue, "y".repeat(1_000_000))
        .help("z".repeat(1_000_000))
        .at(Span::new(SourceId(0), 0..1), "w".repeat(1_000_000));
    assert!(diagnostic.message.len() < MAX_TEXT);
    assert!(diagnostic.help.is_some_and(|h| h.len() < MAX_TEXT));
    assert!(diagnostic.primary.is_some_and(|(_, l)| l.len() < MAX_TEXT));
}

mod excerpt_tests {
    use super::*;

    fn render_at(text: &str, needle: &str) -> String {
        let mut sources = Sources::default();
        let id = sources.add("long.toml", text);
        let start = text.find(needle).unwrap();
        let diagnostic = Diagnostic::error(Code::BadValue, "bad")
            .at(Span::new(id, start..start + needle.len()), "here");
        render(&[diagnostic], &sources, false)
    }

    #[test]
    fn a_long_line_is_cut_but_the_location_is_exact() {
        // 3,000 two-byte characters before the value: column 3,055 in characters.
        let text = format!(
            "[scenario]\nname = \"x\"\nscenario = {{ description = \"{}\", currency = \"usd\" }}\n",
            "é".repeat(3_000)
        );
        let shown = render_at(&text, "\"usd\"");
        let prefix =
            "scenario = { description = \"".chars().count() + 3_000 + "\", currency = ".len();
        assert!(
            shown.contains(&format!(" --> long.toml:3:{}\n", prefix + 1)),
            "{shown}"
        );
        assert!(shown.contains("éé...éé"), "{shown}");
        assert!(shown.contains("\"usd\""), "{shown}");
        assert!(shown.len() < 1_000, "{shown}");
    }

    #[test]
    fn a_huge_value_is_shown_by_its_ends() {
        let text = format!("[scenario]\nname = \"{}\"\n", "y".repeat(1_000_000));
        let shown = render_at(&text, "\"yyy");
        assert!(
            shown.starts_with("error[E0005]: bad\n --> long.toml:2:8\n"),
            "{shown}"
        );
        assert!(shown.contains("2 | name = \"yyy"), "{shown}");
        assert!(shown.len() < 1_000, "{shown}");
    }

    /// Found by the fuzzer: a span on the empty line after the final line break.
    #[test]
    fn a_span_at_the_very_end_after_a_line_break() {
        for text in ["a = 1\n", "\n", "", "a = \"\n\n"] {
            let mut sources = Sources::default();
            let id = sources.add("end.toml", text);
            let end = Span::new(id, text.len()..text.len());
            let whole = Span::new(id, 0..text.len());
            let diagnostic = Diagnostic::error(Code::TomlSyntax, "end")
                .at(end, "here")
                .also(whole, "all");
            let shown = render(&[diagnostic], &sources, false);
            assert!(shown.contains(" --> end.toml:"), "{text:?}: {shown}");
            assert!(shown.contains("here"), "{text:?}: {shown}");
        }
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_own_line_numbers() {
        let text = "a = 1\nb = 2\nc = 3\n";
        let shown = render_at(text, "3");
        assert!(shown.contains(" --> long.toml:3:5\n"), "{shown}");
        assert!(shown.contains("3 | c = 3\n"), "{shown}");
        assert!(!shown.contains("a = 1"), "{shown}");
        let mut sources = Sources::default();
        let id = sources.add("x", text);
        assert_eq!(sources.line_column(id, 0), (1, 1));
        assert_eq!(sources.line_column(id, 5), (1, 6));
        assert_eq!(sources.line_column(id, 6), (2, 1));
        assert_eq!(sources.line_column(id, 100), (4, 1));
    }
}
