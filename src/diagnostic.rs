//! Problems found in a scenario, with the places they point at, rendered as annotated snippets.
//!
//! Every file the tool reads (and every `--set` argument) is registered in a [`Sources`] map, so a
//! [`Span`] can name the file and byte range of any value long after parsing. A [`Diagnostic`]
//! carries a stable [`Code`], a message, the primary span with a label, optional secondary spans
//! ("declared here") and a help line; [`render`] turns it into rustc-style text.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Index of a source in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SourceId(u32);

/// A byte range in one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub source: SourceId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(source: SourceId, range: Range<usize>) -> Self {
        Span {
            source,
            start: range.start,
            end: range.end,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// A span covering a sub-range of this one, given relative byte offsets (used to point
    /// inside a string value, e.g. at one word of a `when` expression).
    pub fn within(self, range: Range<usize>) -> Self {
        let start = (self.start + range.start).min(self.end);
        let end = (self.start + range.end).clamp(start, self.end);
        Span {
            source: self.source,
            start,
            end,
        }
    }
}

/// One text the tool has read: a scenario file, standard input or a command-line override.
#[derive(Debug)]
pub struct Source {
    /// How the source is named in messages: the path as given, `<stdin>` or `--set …`.
    pub name: String,
    pub text: String,
}

/// Every source read during one run.
#[derive(Debug, Default)]
pub struct Sources {
    sources: Vec<Source>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        let id = SourceId(u32::try_from(self.sources.len()).unwrap_or(u32::MAX));
        self.sources.push(Source {
            name: name.into(),
            text: text.into(),
        });
        id
    }

    pub fn get(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    pub fn text(&self, span: Span) -> &str {
        self.get(span.source)
            .text
            .get(span.range())
            .unwrap_or_default()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, source: SourceId, offset: usize) -> (usize, usize) {
        let text = &self.get(source).text;
        let offset = floor_char_boundary(text, offset);
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// `path:line:column` of a span's start.
    pub fn location(&self, span: Span) -> String {
        let (line, column) = self.line_column(span.source, span.start);
        format!("{}:{line}:{column}", self.get(span.source).name)
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Stable identifiers of every kind of problem; listed with examples in `docs/errors.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file is not valid TOML.
    TomlSyntax,
    /// A key the format does not know.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value of the wrong TOML type (a table where a string was expected, …).
    WrongType,
    /// A money, share count, fraction or multiple that cannot be read.
    BadValue,
    /// A negative amount where only zero or more makes sense.
    Negative,
    /// A fraction outside 0..=1.
    OutOfRange,
    /// A float literal with more significant digits than a float can hold exactly.
    ImpreciseFloat,
    /// Two things with the same name.
    DuplicateName,
    /// Holder stakes do not sum to 100%.
    StakesSum,
    /// Some holders give stakes and others share counts.
    MixedBasis,
    /// A round has none, or more than one, of pre_money / post_money / price_per_share.
    RoundTerms,
    /// price_per_share (or a share-count feature) used without share counts.
    NeedsShares,
    /// post_money below the money the round raises.
    PostMoneyTooLow,
    /// Tranche amounts do not sum to the investment amount.
    TranchesSum,
    /// A round with no investments.
    EmptyRound,
    /// A `when` expression that cannot be parsed.
    WhenSyntax,
    /// A name (condition, round, investor) that is not declared.
    UnknownName,
    /// More conditions than the outcome table can enumerate.
    TooManyConditions,
    /// A declared condition that no tranche uses (a warning).
    UnusedCondition,
    /// A computation whose result does not fit in a decimal.
    Overflow,
    /// A feature of the format that this version parses but does not compute.
    Unsupported,
    /// A bad scenario name or other value outside what the format allows.
    InvalidName,
    /// The file cannot be read (missing, a directory, not UTF-8).
    Io,
    /// A `--set` argument whose key does not lead anywhere.
    SetPath,
    /// `extends` names a base that cannot be used (missing, a cycle).
    Extends,
    /// An exit waterfall that cannot be computed.
    Exit,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::TomlSyntax => "E0001",
            Code::UnknownKey => "E0002",
            Code::MissingKey => "E0003",
            Code::WrongType => "E0004",
            Code::BadValue => "E0005",
            Code::Negative => "E0006",
            Code::OutOfRange => "E0007",
            Code::ImpreciseFloat => "E0008",
            Code::DuplicateName => "E0009",
            Code::StakesSum => "E0010",
            Code::MixedBasis => "E0011",
            Code::RoundTerms => "E0012",
            Code::NeedsShares => "E0013",
            Code::PostMoneyTooLow => "E0014",
            Code::TranchesSum => "E0015",
            Code::EmptyRound => "E0016",
            Code::WhenSyntax => "E0017",
            Code::UnknownName => "E0018",
            Code::TooManyConditions => "E0019",
            Code::UnusedCondition => "W0020",
            Code::Overflow => "E0021",
            Code::Unsupported => "E0022",
            Code::InvalidName => "E0023",
            Code::Io => "E0024",
            Code::SetPath => "E0025",
            Code::Extends => "E0026",
            Code::Exit => "E0027",
        }
    }
}

/// One problem, with where it is and what would fix it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// The place the problem is, and a short label shown under it.
    pub primary: Option<(Span, String)>,
    /// Other places that matter ("declared here").
    pub secondary: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    #[must_use]
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some((span, label.into()));
        self
    }

    #[must_use]
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders diagnostics as rustc-style annotated snippets; `color` adds ANSI styles.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    // In file order, so a reader can work down the file; problems without a place come first.
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(|d| {
        d.primary
            .as_ref()
            .map(|(span, _)| (span.source.0, span.start))
    });
    let mut out = String::new();
    for diagnostic in ordered {
        let _ = writeln!(out, "{}", render_one(diagnostic, sources, &renderer));
        out.push('\n');
    }
    out
}

fn render_one(diagnostic: &Diagnostic, sources: &Sources, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());

    // One snippet per source, primary first, carrying every annotation in that source.
    let mut spans: Vec<(Span, &str, bool)> = Vec::new();
    if let Some((span, label)) = &diagnostic.primary {
        spans.push((*span, label, true));
    }
    for (span, label) in &diagnostic.secondary {
        spans.push((*span, label, false));
    }
    let mut order: Vec<SourceId> = Vec::new();
    for (span, _, _) in &spans {
        if !order.contains(&span.source) {
            order.push(span.source);
        }
    }
    let mut group = title.elements(order.iter().map(|&source_id| {
        let source = sources.get(source_id);
        let text_len = source.text.len();
        Snippet::source(source.text.as_str())
            .path(source.name.as_str())
            .fold(true)
            .annotations(
                spans
                    .iter()
                    .filter(move |(span, _, _)| span.source == source_id)
                    .map(move |(span, label, primary)| {
                        let kind = if *primary {
                            AnnotationKind::Primary
                        } else {
                            AnnotationKind::Context
                        };
                        let start = span.start.min(text_len);
                        let end = span.end.clamp(start, text_len);
                        let annotation = kind.span(start..end);
                        if label.is_empty() {
                            annotation
                        } else {
                            annotation.label(*label)
                        }
                    }),
            )
    }));
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}
