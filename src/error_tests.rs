use super::*;
use crate::diagnostic::Span;

/// One error diagnostic with code `code`, pointing at `amount` in a one-line file.
fn problems(code: Code) -> Error {
    let mut sources = Sources::default();
    let id = sources.add("deal.toml", "amount = \"-5\"\n");
    let diagnostic = Diagnostic::error(code, "the amount is negative")
        .at(Span::new(id, 9..13), "here")
        .help("write a positive amount");
    Error::problems("deal.toml", vec![diagnostic], &sources)
}

#[test]
fn each_kind_has_its_exit_code() {
    assert_eq!(problems(Code::MissingKey).exit_code(), 1);
    // A `--set` key that leads nowhere is a mistake on the command line.
    assert_eq!(problems(Code::SetPath).exit_code(), 2);
    assert_eq!(Error::Usage("x".into()).exit_code(), 2);
    assert_eq!(Error::Output("x".into()).exit_code(), 1);
    assert_eq!(Error::Input("x".into()).exit_code(), 1);
    assert_eq!(problems(Code::SetPath).at("at p=1:".into()).exit_code(), 2);
    let several = |errors| Error::Several {
        errors,
        closing: None,
    };
    assert_eq!(several(vec![problems(Code::MissingKey)]).exit_code(), 1);
    assert_eq!(
        several(vec![problems(Code::MissingKey), problems(Code::SetPath)]).exit_code(),
        2
    );
}

#[test]
fn colour_is_decided_where_the_error_is_rendered() {
    let error = problems(Code::MissingKey);
    let plain = error.render(false);
    let styled = error.render(true);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(styled.contains("\u{1b}["), "{styled}");
    // The same words either way: the file, line and column, the cause, the fix, the count.
    for words in [
        "deal.toml:1:10",
        "the amount is negative",
        "write a positive amount",
        "error: deal.toml: 1 problem found",
    ] {
        assert!(plain.contains(words), "{words} in {plain}");
    }
    assert_eq!(error.to_string(), plain);
    assert!(!plain.ends_with('\n'));
}

#[test]
fn several_failures_are_said_in_turn_then_the_closing_line() {
    let error = Error::Several {
        errors: vec![
            Error::Input("error: a.toml: 1 warning denied by --deny-warnings".into()),
            problems(Code::MissingKey).at("at round[0].pre_money=5:".into()),
        ],
        closing: Some("error: 2 of 2 files are invalid".into()),
    };
    let text = error.render(false);
    let first = text.find("a.toml: 1 warning").unwrap_or(usize::MAX);
    let context = text
        .find("at round[0].pre_money=5:\n")
        .unwrap_or(usize::MAX);
    let cause = text.find("the amount is negative").unwrap_or(usize::MAX);
    let closing = text
        .find("error: 2 of 2 files are invalid")
        .unwrap_or(usize::MAX);
    assert!(
        first < context && context < cause && cause < closing,
        "{text}"
    );
    assert!(text.ends_with("error: 2 of 2 files are invalid"), "{text}");
    assert_eq!(
        Error::Usage("no file".into()).render(false),
        "error: no file"
    );
}
