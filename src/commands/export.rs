//! `export ocf`: the cap table after a round as an OCF 1.2.0 package.

use crate::Error;
use crate::cli::ExportArgs;

pub fn run(_args: &ExportArgs) -> Result<(), Error> {
    Err(Error::Usage("export is not built yet".into()))
}
