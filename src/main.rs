//! The `captable` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = captable::cli::Cli::parse();
    match captable::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.render(captable::commands::stderr_color()));
            ExitCode::from(error.exit_code())
        }
    }
}
