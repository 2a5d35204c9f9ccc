//! Why a run failed, as a value: the diagnostics with the texts they point into, usage and
//! output problems, and the failures of several files together. Nothing here is rendered until
//! the edge: the binary calls [`Error::render`] once, with the colour it decides for standard
//! error (`--watch` does the same for each failed render).

use std::fmt;

use crate::diagnostic::{self, Code, Diagnostic, Sources};

/// Why a run failed; [`Error::exit_code`] maps it to the process's exit code.
#[derive(Debug)]
pub enum Error {
    /// Problems found in an input, each with its place in `sources`. Exit 1, or 2 when one of
    /// them is on the command line (a `--set` key that leads nowhere).
    Problems(Box<Problems>),
    /// The input is wrong, said without a place in a file (an `--assume` of a condition the
    /// file declares, say). Exit 1.
    Input(String),
    /// The command line is wrong. Exit 2.
    Usage(String),
    /// Writing the output failed, or would write over a file the run reads (which file a path
    /// reaches, through links, is a fact of the file system, not of the command line, like an
    /// `--output` that is a folder). Exit 1.
    Output(String),
    /// Where a failure happened, said before it: a sweep's point (`at round[0].pre_money=5:`).
    At { context: String, error: Box<Error> },
    /// The failures of several files (`check`, `compare`), each in turn, then a closing line.
    Several {
        errors: Vec<Error>,
        closing: Option<String>,
    },
}

/// Diagnostics about one file and every text they may point into.
#[derive(Debug)]
pub struct Problems {
    /// The file as named on the command line (`-` is standard input).
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Error {
    /// Diagnostics about `path`, keeping a copy of the texts read so far to show them against.
    pub fn problems(path: &str, diagnostics: Vec<Diagnostic>, sources: &Sources) -> Error {
        Error::Problems(Box::new(Problems {
            path: path.to_string(),
            diagnostics,
            sources: sources.clone(),
        }))
    }

    /// `context` said before this error.
    pub fn at(self, context: String) -> Error {
        Error::At {
            context,
            error: Box::new(self),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Problems(problems) => {
                if problems.diagnostics.iter().any(|d| d.code == Code::SetPath) {
                    2
                } else {
                    1
                }
            }
            Error::Input(_) | Error::Output(_) => 1,
            Error::Usage(_) => 2,
            Error::At { error, .. } => error.exit_code(),
            // A command line that is wrong for one file is wrong for the whole run.
            Error::Several { errors, .. } => errors.iter().map(Error::exit_code).max().unwrap_or(1),
        }
    }

    /// The text a person reads on standard error, with ANSI styles when `color`; no trailing
    /// line break.
    pub fn render(&self, color: bool) -> String {
        let mut text = String::new();
        self.render_into(&mut text, color);
        text.truncate(text.trim_end().len());
        text
    }

    fn render_into(&self, text: &mut String, color: bool) {
        match self {
            Error::Problems(problems) => {
                let errors = problems.diagnostics.iter().filter(|d| d.is_error()).count();
                text.push_str(&diagnostic::render(
                    &problems.diagnostics,
                    &problems.sources,
                    color,
                ));
                let name = if problems.path == "-" {
                    "<stdin>"
                } else {
                    &problems.path
                };
                text.push_str(&format!(
                    "error: {name}: {errors} {} found\n",
                    if errors == 1 { "problem" } else { "problems" }
                ));
            }
            Error::Input(message) => text.push_str(message),
            Error::Usage(message) | Error::Output(message) => {
                text.push_str("error: ");
                text.push_str(message);
            }
            Error::At { context, error } => {
                text.push_str(context);
                text.push('\n');
                error.render_into(text, color);
            }
            Error::Several { errors, closing } => {
                for error in errors {
                    text.push_str(&error.render(color));
                    text.push('\n');
                }
                if let Some(closing) = closing {
                    text.push_str(closing);
                }
            }
        }
    }
}

/// Without colour: what tests, logs and `--watch` into a file read.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
