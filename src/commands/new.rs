//! `new`: a commented starter scenario, to standard output or a new file (never overwriting).

use crate::cli::NewArgs;
use crate::{Error, output};

/// The starter; a test checks that it passes `check`.
pub const STARTER: &str = include_str!("starter.toml");

pub fn run(args: &NewArgs) -> Result<(), Error> {
    match &args.path {
        None => output::write(
            output::Destination::Stdout,
            STARTER.as_bytes(),
            &output::Inputs::none(),
        )
        .map_err(Error::Output),
        Some(path) => {
            // Never replaces a file (nor a link): see `output::Destination::NewFile`.
            output::write(
                output::Destination::NewFile(path),
                STARTER.as_bytes(),
                &output::Inputs::none(),
            )
            .map_err(Error::Output)?;
            let shown = path.display();
            eprintln!("wrote {shown}; next: captable check {shown}");
            Ok(())
        }
    }
}
