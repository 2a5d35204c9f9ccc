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
//! - `error`: why a run failed, typed; rendered once, by the binary, with colour decided there.
//! - `ocf`: Open Cap Format packages: import (replay to a cap table) and export.
//! - `format`: how numbers are written for people (the display rounding rule).
//! - `output`: where rendered bytes go (standard output, or a file written atomically, never
//!   over a file the run reads).

#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod format;
pub mod ocf;
pub mod output;
pub mod render;
pub mod report;
pub mod scenario;
#[cfg(test)]
mod test_support;

use cli::{Cli, Command};

pub use error::Error;

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
