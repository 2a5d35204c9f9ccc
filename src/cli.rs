//! The command line, declared with clap's derive API. `--help` is the manual.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  captable report scenarios/openai-2026.toml
  captable report scenarios/openai-2026.toml --assume ipo=false --assume agi=false
  captable outcomes scenarios/openai-2026.toml --format markdown
  captable report scenarios/openai-2026.toml --format json --output report.json
  captable check scenarios/*.toml
  captable exit scenarios/exit-three-classes.toml --value 50M --value 250M
  captable exit scenarios/exit-three-classes.toml --range 0..500M:25M --chart payouts.svg

Exit status: 0 success; 1 the input is wrong (every problem is printed with file, line and
column); 2 the command line is wrong.

Money is exact throughout (28 significant digits). Tables round for display only: money in
K/M/B/T units to one decimal, percentages to --decimals places, half away from zero.
Colour is used only on a terminal and never when NO_COLOR is set.";

/// Exact cap tables, valuations and contingent-tranche outcomes from plain-text scenario files.
///
/// A scenario file (TOML) describes a company's holders before a round, the conditions that
/// contingent money depends on, and its funding rounds. captable computes who owns what after
/// each round, the pre- and post-money valuations, every outcome of the conditions with its
/// probability, and the net flows of commitments back to investors.
#[derive(Debug, Parser)]
#[command(name = "captable", version, after_long_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The headline: valuations per round, the cap table after each round, outcomes, commitments.
    ///
    /// Shows pre-money, new money, post-money (and price per share and revenue multiple where
    /// known) for every round; each holder's ownership before and after each round with its
    /// value; one row per combination of conditions with probabilities and expected values;
    /// and each commitment's net flow, economic cost and implied post-money.
    Report(RenderArgs),
    /// The contingent-outcomes table alone: one row per combination of conditions.
    ///
    /// Outcomes are in binary counting order, the first declared condition most significant,
    /// `no` before `yes`; the last row holds the probability-weighted expected values.
    Outcomes(RenderArgs),
    /// Exit waterfall: who receives what at each exit value.
    ///
    /// The exits are the --value and --range values, or without them the file's [[exit]]
    /// list. At each value, seniority levels are paid from the top (pro rata within a level),
    /// then common, converted and participating classes share the rest as converted, under
    /// participation caps; each preferred class converts when that pays it more. Prints the
    /// payout per class and per holder, and the breakpoints of the payout curve.
    Exit(ExitArgs),
    /// Check scenario files and print every problem found in every file.
    ///
    /// Exits 0 only if every file is valid; warnings (such as an unused condition) do not fail.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    #[command(flatten)]
    pub options: RenderOptions,
}

#[derive(Debug, Args)]
pub struct RenderOptions {
    /// Output format.
    ///
    /// table: UTF-8 tables for the terminal; markdown: headings and pipe tables for memos;
    /// csv: exact figures in blocks separated by empty lines, for spreadsheets; json: exact
    /// figures as strings, the contract in docs/scenario-format.md.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Override a condition's `assume` for the headline figures (repeatable).
    #[arg(long, value_name = "NAME=true|false", value_parser = parse_assumption)]
    pub assume: Vec<(String, bool)>,

    /// Digits after the point for percentages in table and markdown output.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: u32,

    /// Write the output to PATH (atomically: a temporary file in the same folder, then a
    /// rename) instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExitArgs {
    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// An exit value (money, such as 100M), named by the text given (repeatable).
    #[arg(long = "value", value_name = "MONEY")]
    pub values: Vec<String>,

    /// Exit values from FROM to TO (included when reached) in steps of STEP, such as
    /// 0..500M:25M.
    #[arg(long, value_name = "FROM..TO:STEP")]
    pub range: Option<String>,

    /// Also write the payout curve (one line per class) as an SVG file, atomically.
    #[arg(long, value_name = "PATH")]
    pub chart: Option<PathBuf>,

    #[command(flatten)]
    pub options: RenderOptions,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// UTF-8 tables (comfy-table).
    Table,
    /// Markdown headings and pipe tables.
    Markdown,
    /// Comma-separated blocks with exact figures.
    Csv,
    /// The JSON contract, exact figures as strings.
    Json,
}

/// Parses `NAME=true|false` (also yes/no, 1/0).
fn parse_assumption(text: &str) -> Result<(String, bool), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=true or NAME=false, got `{text}`"))?;
    let value = match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => true,
        "false" | "no" | "0" => false,
        other => return Err(format!("`{other}` is not true or false")),
    };
    Ok((name.trim().to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn assumptions() {
        assert_eq!(parse_assumption("ipo=false"), Ok(("ipo".into(), false)));
        assert_eq!(parse_assumption("agi=YES"), Ok(("agi".into(), true)));
        assert!(parse_assumption("ipo").is_err());
        assert!(parse_assumption("ipo=maybe").is_err());
    }
}
