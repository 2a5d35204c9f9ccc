//! Problems found in a scenario, with the places they point at, rendered as annotated snippets.
//!
//! Every file the tool reads (and every `--set` argument) is registered in a [`Sources`] map, so a
//! [`Span`] can name the file and byte range of any value long after parsing. A [`Diagnostic`]
//! carries a stable [`Code`], a message, the primary span with a label, optional secondary spans
//! ("declared here") and a help line; [`render`] turns it into rustc-style text.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Element, Group, Level, Renderer, Snippet};

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
#[derive(Clone, Debug)]
pub struct Source {
    /// How the source is named in messages: the path as given, `<stdin>` or `--set …`.
    pub name: String,
    pub text: String,
    /// The byte offset at which each line starts (the first is 0), so that a location, or the
    /// lines a diagnostic shows, are found without reading the text from its start.
    line_starts: Vec<usize>,
}

impl Source {
    /// The 0-based index of the line holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte range of line `index`, its line break included.
    fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }
}

/// Every source read during one run.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    sources: Vec<Source>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        let id = SourceId(u32::try_from(self.sources.len()).unwrap_or(u32::MAX));
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.sources.push(Source {
            name: name.into(),
            text,
            line_starts,
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
        let source = self.get(source);
        let offset = floor_char_boundary(&source.text, offset);
        let line = source.line_index(offset);
        let line_start = source.line_range(line).start;
        let column = source
            .text
            .get(line_start..offset)
            .map_or(0, |before| before.chars().count())
            + 1;
        (line + 1, column)
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
    /// A range (`"80B..100B"`) or an unknown reading (`basis = "unknown"`) outside
    /// `report --ranges`, or a range where none is allowed.
    Range,
    /// The file cannot be read (missing, a directory, not UTF-8).
    Io,
    /// A `--set` argument whose key does not lead anywhere.
    SetPath,
    /// `extends` names a base that cannot be used (missing, a cycle).
    Extends,
    /// An exit waterfall that cannot be computed.
    Exit,
    /// A pro-rata investment by a party that holds nothing before its round (a warning).
    ProRataHoldsNothing,
    /// A commitment whose counterparty neither holds nor invests (a warning).
    UnknownCounterparty,
    /// A SAFE or note issued after the date of the round it is set to convert in (a warning).
    IssuedAfterRound,
    /// A secondary sale or tender that cannot happen as written.
    Secondary,
    /// Options granted from the pool (`from_pool`) exceed it, or there is no pool.
    PoolTooSmall,
    /// Exit probabilities on some exits only, or not summing to 1.
    ExitProbability,
    /// A text or key holding a control character (an escape sequence, a bell, …) that would
    /// garble terminals and tables.
    ControlCharacter,
    /// `import ocf`: the package cannot be read (no manifest, not JSON, a missing file) or
    /// its transactions cannot be replayed.
    OcfPackage,
    /// `import ocf --strict`: items that fail the OCF 1.2.0 JSON schemas.
    OcfSchema,
    /// `export ocf`: the scenario gives stakes, not the share counts a package records.
    OcfNeedsShares,
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
            Code::ProRataHoldsNothing => "W0028",
            Code::UnknownCounterparty => "W0029",
            Code::IssuedAfterRound => "W0030",
            Code::Secondary => "E0031",
            Code::PoolTooSmall => "E0032",
            Code::Range => "E0033",
            Code::ExitProbability => "E0034",
            Code::ControlCharacter => "E0035",
            Code::OcfPackage => "E0040",
            Code::OcfSchema => "E0041",
            Code::OcfNeedsShares => "E0042",
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

/// Longest message, label or help text shown, in characters. Messages quote what the file
/// says (a value, a key, a name); a quote of a 100 MB value would help no one, so the middle
/// of a longer text is left out.
pub const MAX_TEXT: usize = 600;

/// `text` itself, or its first and last characters with the number left out between them.
fn shorten(text: String) -> String {
    const HEAD: usize = 400;
    const TAIL: usize = 120;
    let count = text.chars().count();
    if count <= MAX_TEXT {
        return text;
    }
    let head: String = text.chars().take(HEAD).collect();
    let tail: String = text.chars().skip(count - TAIL).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        count - HEAD - TAIL
    )
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: shorten(message.into()),
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
        self.primary = Some((span, shorten(label.into())));
        self
    }

    #[must_use]
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, shorten(label.into())));
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shorten(help.into()));
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
    let mut elements: Vec<Element<'_>> = Vec::new();
    // Where the primary annotation is, and the column the renderer will print for it when a
    // cut before it on its line makes that column wrong.
    let mut header_fix: Option<(String, String)> = None;
    for &source_id in &order {
        let source = sources.get(source_id);
        let text_len = source.text.len();
        let ranges: Vec<(Range<usize>, &str, bool)> = spans
            .iter()
            .filter(|(span, _, _)| span.source == source_id)
            .map(|(span, label, primary)| {
                let start = span.start.min(text_len);
                (start..span.end.clamp(start, text_len), *label, *primary)
            })
            .collect();
        let excerpt = Excerpt::new(source, ranges.iter().map(|(r, _, _)| r.clone()));
        if let Some((range, _, _)) = ranges.iter().find(|(_, _, primary)| *primary) {
            let shown = excerpt.column(range.start);
            let (line, column) = sources.line_column(source_id, range.start);
            if shown != column {
                header_fix = Some((
                    format!("{}:{line}:{shown}", source.name),
                    format!("{}:{line}:{column}", source.name),
                ));
            }
        }
        let annotations: Vec<_> = ranges
            .into_iter()
            .map(|(range, label, primary)| {
                let kind = if primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                let annotation = kind.span(excerpt.offset(range.start)..excerpt.offset(range.end));
                if label.is_empty() {
                    annotation
                } else {
                    annotation.label(label)
                }
            })
            .collect();
        elements.push(
            Snippet::source(excerpt.text)
                .path(source.name.as_str())
                .line_start(excerpt.first_line)
                .fold(true)
                .annotations(annotations)
                .into(),
        );
    }
    let mut group = title.elements(elements);
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    let mut rendered = renderer.render(&report);
    if let Some((shown, right)) = header_fix {
        // The location line follows the title line.
        let after_title = rendered.find('\n').unwrap_or(0);
        if let Some(at) = rendered[after_title..].find(&shown) {
            let at = after_title + at;
            rendered.replace_range(at..at + shown.len(), &right);
        }
    }
    rendered
}

/// Lines longer than this many bytes are shown in part, around what a diagnostic points at:
/// the renderer lays out every character of a line it shows, which for a 100 MB line takes
/// seconds and gigabytes.
const LONG_LINE: usize = 1_000;
/// Bytes kept on each side of an annotation's ends, and at each end of a long line.
const CONTEXT: usize = 60;
/// What stands for a part of a line left out (as the renderer writes its own cuts).
const CUT: &str = "...";

/// The part of a source a diagnostic shows: the lines from its first annotation to its last,
/// with long lines cut down. The renderer is given only this, so the cost of a diagnostic
/// does not grow with the size of the file (ten thousand problems in a 500 KB file took 23 s
/// when each was laid out against the whole text).
struct Excerpt<'a> {
    text: Cow<'a, str>,
    /// 1-based number of the excerpt's first line.
    first_line: usize,
    /// Byte offset of the excerpt in the source.
    start: usize,
    /// Byte ranges of the source left out, in order; each became [`CUT`].
    cuts: Vec<Range<usize>>,
}

impl<'a> Excerpt<'a> {
    fn new(source: &'a Source, ranges: impl Iterator<Item = Range<usize>>) -> Self {
        let text = source.text.as_str();
        let mut boundaries: Vec<usize> = ranges
            .flat_map(|r| [r.start, r.end])
            .map(|b| floor_char_boundary(text, b))
            .collect();
        boundaries.sort_unstable();
        let (Some(&first), Some(&last)) = (boundaries.first(), boundaries.last()) else {
            return Excerpt {
                text: Cow::Borrowed(""),
                first_line: 1,
                start: 0,
                cuts: Vec::new(),
            };
        };
        let (first_line, last_line) = (source.line_index(first), source.line_index(last));
        let start = source.line_range(first_line).start;
        let end = source.line_range(last_line).end;
        let mut cuts: Vec<Range<usize>> = Vec::new();
        for line in first_line..=last_line {
            let range = source.line_range(line);
            // Without its line break (the last line, possibly empty, has none).
            let line = text.get(range.clone()).unwrap_or_default();
            let line_end = range.start + line.strip_suffix('\n').unwrap_or(line).len();
            if line_end - range.start <= LONG_LINE {
                continue;
            }
            // Keep the line's ends and the neighbourhood of every boundary in it.
            let mut keep = vec![
                range.start..range.start + CONTEXT,
                line_end - CONTEXT..line_end,
            ];
            let inside = boundaries.partition_point(|&b| b < range.start)
                ..boundaries.partition_point(|&b| b <= line_end);
            keep.extend(
                boundaries[inside].iter().map(|&b| {
                    b.saturating_sub(CONTEXT).max(range.start)..(b + CONTEXT).min(line_end)
                }),
            );
            keep.sort_by_key(|r| r.start);
            let mut covered = range.start;
            for kept in keep {
                let cut_start = ceil_char_boundary(text, covered);
                let cut_end = floor_char_boundary(text, kept.start);
                if cut_end > cut_start + CUT.len() {
                    cuts.push(cut_start..cut_end);
                }
                covered = covered.max(kept.end);
            }
        }
        let text = if cuts.is_empty() {
            Cow::Borrowed(&text[start..end])
        } else {
            let mut clipped = String::new();
            let mut from = start;
            for cut in &cuts {
                clipped.push_str(&text[from..cut.start]);
                clipped.push_str(CUT);
                from = cut.end;
            }
            clipped.push_str(&text[from..end]);
            Cow::Owned(clipped)
        };
        Excerpt {
            text,
            first_line: first_line + 1,
            start,
            cuts,
        }
    }

    /// Where a source offset (at a boundary, so never inside a cut) is in the excerpt.
    fn offset(&self, original: usize) -> usize {
        let removed: usize = self
            .cuts
            .iter()
            .take_while(|cut| cut.end <= original)
            .map(|cut| cut.len() - CUT.len())
            .sum();
        original.saturating_sub(self.start + removed)
    }

    /// The 1-based column, in characters, that the renderer computes for a source offset from
    /// the excerpt: the true column unless a cut on the same line comes before it.
    fn column(&self, original: usize) -> usize {
        let offset = self.offset(original).min(self.text.len());
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        before[line_start..].chars().count() + 1
    }
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
#[path = "diagnostic_tests.rs"]
mod tests;
