//! captable: exact cap tables, valuations and contingent-tranche outcomes from scenario files.
//!
//! - `cli`: the command line (clap derive).
//! - `commands`: one module per command: load, compute, render, write.
//! - `scenario`: the file format, from text to a validated model.
//! - `engine`: pure, checked computation on the model.
//! - `report`: one report value and its typed tables (sections of typed cells), and the memo.
//! - `render`: the one switch on `--format`: a document as a table, Markdown, CSV, JSON or a
//!   workbook.
//! - `diagnostic`: problems with spans, rendered as annotated snippets.
//! - `ocf`: Open Cap Format packages: import (replay to a cap table) and export.
//! - `format`: how numbers are written for people (the display rounding rule).
//! - `output`: where rendered bytes go (standard output, or a file written atomically, never
//!   over a file the run reads).

#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod engine;
pub mod format;
pub mod ocf;
pub mod output;
pub mod render;
pub mod report;
pub mod scenario;

use std::fmt;

use cli::{Cli, Command};

/// Why a run failed; each kind maps to one exit code.
#[derive(Debug)]
pub enum Error {
    /// The input is wrong; the text holds every problem, already rendered. Exit 1.
    Input(String),
    /// The command line is wrong. Exit 2.
    Usage(String),
    /// The command line is wrong, with diagnostics already rendered (a `--set` key that leads
    /// nowhere). Exit 2.
    Arguments(String),
    /// Writing the output failed, or would write over a file the run reads (which file a path
    /// reaches, through links, is a fact of the file system, not of the command line, like an
    /// `--output` that is a folder). Exit 1.
    Output(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Output(_) => 1,
            Error::Usage(_) | Error::Arguments(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(text) | Error::Arguments(text) => f.write_str(text.trim_end()),
            Error::Usage(text) => write!(f, "error: {text}"),
            Error::Output(text) => write!(f, "error: {text}"),
        }
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Report(args) => {
            commands::watch::run(std::slice::from_ref(&args.file), args.options.watch, || {
                commands::report::run(&args, commands::report::View::Report)
            })
        }
        Command::Outcomes(args) => {
            commands::watch::run(std::slice::from_ref(&args.file), args.options.watch, || {
                commands::report::run(&args, commands::report::View::Outcomes)
            })
        }
        Command::Compare(args) => commands::watch::run(&args.files, args.options.watch, || {
            commands::compare::run(&args)
        }),
        Command::Sweep(args) => {
            commands::watch::run(std::slice::from_ref(&args.file), args.options.watch, || {
                commands::sweep::run(&args)
            })
        }
        Command::Exit(args) => {
            commands::watch::run(std::slice::from_ref(&args.file), args.options.watch, || {
                commands::exit::run(&args)
            })
        }
        Command::Check(args) => commands::check::run(&args),
        Command::New(args) => commands::new::run(&args),
        Command::Import(args) => commands::import::run(&args),
        Command::Export(args) => commands::export::run(&args),
        Command::Schema => commands::schema::run(),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Memo(args) => {
            commands::watch::run(std::slice::from_ref(&args.file), args.watch, || {
                commands::memo::run(&args)
            })
        }
    }
}
