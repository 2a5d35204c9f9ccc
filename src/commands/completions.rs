//! `completions`: shell completion scripts, generated from the command line's definition.

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};
use crate::{Error, output};

pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "captable", &mut script);
    output::write(
        output::Destination::Stdout,
        &script,
        &output::Inputs::none(),
    )
    .map_err(Error::Output)
}
