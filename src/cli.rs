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
  captable memo scenarios/openai-2026.toml --output memo/
  captable exit scenarios/exit-three-classes.toml --value 50M --value 250M
  captable exit scenarios/exit-three-classes.toml --range 0..500M:25M --chart payouts.svg

Exit status: 0 success; 1 the input is wrong (every problem is printed with file, line and
column); 2 the command line is wrong.

Money is exact throughout (28 significant digits). Tables round for display only: money in
K/M/B/T units with the fewest decimals (at most two) that show it exactly, else one (two where
one would make two amounts of a table look equal; --money-decimals N fixes them), percentages
to --decimals places, half away from zero. A negative amount is written -$7.8M.
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
    /// Check scenario files and print every problem found in every file.
    ///
    /// Exits 0 only if every file is valid; warnings (such as an unused condition) do not fail
    /// unless --deny-warnings is given.
    Check(CheckArgs),
    /// The same figures from several scenarios side by side, with differences.
    ///
    /// For each file, after its last round: pre-money, new money, post-money, price per share,
    /// and each holder's ownership and value; every file after the first gets its difference
    /// from the first, absolute and relative. `--set` and `--assume` apply to every file. JSON:
    /// {"scenarios": [REPORT, …]}, each REPORT as `report --format json` prints it.
    Compare(CompareArgs),
    /// Evaluate the scenario over a grid of values: sensitivity tables and CSV for spreadsheets.
    ///
    /// Each --vary KEY=FROM..TO:STEP varies one value of the file (KEY as for --set; FROM, TO
    /// and STEP written as in the file: 600B..900B:50B, 10%..90%:10%). One --vary gives a
    /// table with a row per value and a column per metric; two give a sensitivity table of
    /// the first metric (rows: the first --vary, columns: the second); more give CSV rows.
    /// Metrics: post_money, pre_money, new_money, price_per_share, ownership:NAME, value:NAME,
    /// invested:NAME, after the last round or the round named by --round. Points are
    /// evaluated in parallel; the output order is always the grid order (the first --vary
    /// slowest).
    Sweep(SweepArgs),
    /// Exit waterfall: who receives what at each exit value.
    ///
    /// The exits are the --value and --range values, or without them the file's [[exit]]
    /// list. At each value, seniority levels are paid from the top (pro rata within a level),
    /// then common, converted and participating classes share the rest as converted, under
    /// participation caps; each preferred class converts when that pays it more. Prints the
    /// payout per class and per holder, and the breakpoints of the payout curve.
    Exit(ExitArgs),
    /// Memo-ready output: a summary in words, charts and the report's tables in a folder.
    ///
    /// Writes memo.md, memo.html (self-contained: styles and charts inline) and the charts as
    /// .svg files into the --output folder, creating it if needed; each file is written
    /// atomically. The summary says what each investor's money buys at what valuation, the
    /// stakes with and without contingent tranches, expected values and commitments' net flows.
    Memo(MemoArgs),
    /// Import a cap table from an Open Cap Format (OCF) package as a commented scenario file.
    ///
    /// PATH is a folder holding Manifest.ocf.json, the manifest itself, or a .zip of the
    /// package. The transactions are replayed to the cap table on --as-of (default: the
    /// package's as_of): holders per stakeholder and class, classes with their terms, options
    /// and warrants with strikes, the unallocated pool, and SAFEs and notes outstanding. Every
    /// value carries a comment naming the OCF object it came from; a reconciliation (totals per
    /// class, and each item left out with the reason) heads the file and is printed on standard
    /// error. Write rounds in a second file that `extends` the imported one.
    Import(ImportArgs),
    /// Export the cap table after a round as an Open Cap Format 1.2.0 package (a folder).
    ///
    /// Writes Manifest.ocf.json (with each file's md5), stakeholders, stock classes, the stock
    /// plan, one stock issuance per holder and class, options and warrants, and the SAFEs and
    /// notes still outstanding as convertible issuances. Ids are made from names, so exporting
    /// the same file twice gives the same package. Needs share counts.
    Export(ExportArgs),
    /// Write a commented starter scenario to PATH (never overwriting) or standard output.
    New(NewArgs),
    /// Print a JSON Schema of the scenario format, for editors (taplo, Even Better TOML).
    ///
    /// Save it (captable schema > captable.schema.json) and put `#:schema ./captable.schema.json`
    /// on the first line of a scenario file: taplo and editors using it then complete keys and
    /// flag unknown ones as you type.
    Schema,
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    ///
    /// For example: captable completions bash > ~/.local/share/bash-completion/completions/captable
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct MemoArgs {
    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// The folder to write memo.md, memo.html and the .svg charts into (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,

    /// Override a condition's `assume` for the headline figures (repeatable).
    #[arg(long, value_name = "NAME=true|false", value_parser = parse_assumption)]
    pub assume: Vec<(String, bool)>,

    /// Digits after the point for percentages in the text and tables (charts use at most 2).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: u32,

    /// Digits after the point for money in human units (K/M/B/T), in every amount; by default
    /// the fewest, at most two, that show each amount exactly or keep a table's amounts apart.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=6))]
    pub money_decimals: Option<u32>,

    /// Exact figures in the text and tables (whole currency units, fractions of 1) instead of
    /// human units; charts stay in human units.
    #[arg(long)]
    pub exact: bool,

    /// Show the exit waterfall at this exit value (money, such as 100M; repeatable), instead
    /// of the file's [[exit]] sections: payouts by class and holder, the payout chart, the
    /// breakpoints in words and the preference stack.
    #[arg(long = "exit", value_name = "MONEY")]
    pub exits: Vec<String>,

    /// Also write memo.pdf, printed from memo.html by headless Chromium: the first of
    /// chromium, chromium-browser, google-chrome and google-chrome-stable on the PATH, or the
    /// browser CAPTABLE_CHROMIUM names. Without one it is an error and nothing is written.
    #[arg(long)]
    pub pdf: bool,

    /// The paper memo.pdf is printed on.
    #[arg(long, value_enum, value_name = "PAPER", default_value_t = Paper::Letter, requires = "pdf")]
    pub paper: Paper,

    #[command(flatten)]
    pub overrides: Overrides,

    /// Write the memo again whenever the file (or a base it extends) changes, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// What ownership is a fraction of (`--basis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Basis {
    FullyDiluted,
    Outstanding,
}

/// Paper sizes for `memo --pdf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// What ownership is a fraction of: fully-diluted (every share, option, warrant and the
    /// unallocated pool) or outstanding (issued and outstanding shares only: options, warrants,
    /// the pool and unconverted SAFEs and notes are left out, as the press often quotes it).
    #[arg(long, value_enum, default_value_t = Basis::FullyDiluted)]
    pub basis: Basis,

    /// Report a file with ranges ("80B..100B") and unknown readings (basis = "unknown"): every
    /// figure's exact minimum and maximum over the corners, with the reading behind each
    /// (`report` only).
    #[arg(long)]
    pub ranges: bool,
    /// Adds each round's dilution bridge (`report` only): every holder's change in fully
    /// diluted ownership split into the round's causes (each investment, the pool top-up,
    /// each conversion, pro-rata, each secondary, anti-dilution, grants) by their Shapley
    /// value, so that the split does not depend on their order and adds up exactly.
    #[arg(long)]
    pub bridge: bool,

    #[command(flatten)]
    pub options: RenderOptions,
}

#[derive(Debug, Args)]
pub struct RenderOptions {
    /// Output format.
    ///
    /// table: UTF-8 tables for the terminal; markdown: headings and pipe tables for memos;
    /// csv: exact figures, each table a block with a title row (a `round` column where a table
    /// repeats per round), blocks separated by empty lines; json: exact figures as strings, the
    /// contract in docs/scenario-format.md; xlsx: an Excel workbook (needs --output), one sheet
    /// per table, figures as numbers, derived figures as live formulas.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// With --format csv: one tidy table with the columns table, round, holder, class, measure,
    /// value (one row per figure, exact) instead of blocks: it pivots in any spreadsheet.
    #[arg(long)]
    pub long: bool,

    #[command(flatten)]
    pub overrides: Overrides,

    /// Override a condition's `assume` for the headline figures (repeatable).
    #[arg(long, value_name = "NAME=true|false", value_parser = parse_assumption)]
    pub assume: Vec<(String, bool)>,

    /// Digits after the point for percentages in table and markdown output.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: u32,

    /// Digits after the point for money in human units (K/M/B/T), in every amount; by default
    /// the fewest, at most two, that show each amount exactly or keep a table's amounts apart.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=6))]
    pub money_decimals: Option<u32>,

    /// Render again whenever the file (or a base it extends) changes, until Ctrl-C. An invalid
    /// edit prints its error and keeps watching.
    #[arg(long)]
    pub watch: bool,

    /// Write the output to PATH (atomically: a temporary file in the same folder, then a
    /// rename) instead of standard output. Never a file the run reads (the scenario, a base it
    /// extends), by any name or link; a symbolic link is written through.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario files; the first is the baseline for the differences.
    #[arg(value_name = "FILE", required = true, num_args = 2..)]
    pub files: Vec<String>,

    #[command(flatten)]
    pub options: RenderOptions,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// A value to vary: KEY=FROM..TO:STEP (repeatable; at most six).
    #[arg(long = "vary", value_name = "KEY=FROM..TO:STEP", required = true)]
    pub vary: Vec<String>,

    /// What to report at each point (repeatable; default post_money).
    #[arg(long = "metric", value_name = "METRIC")]
    pub metric: Vec<String>,

    /// Report the metrics after this round instead of the last.
    #[arg(long = "round", value_name = "NAME")]
    pub round: Option<String>,

    #[command(flatten)]
    pub options: RenderOptions,
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

/// The interchange formats `import` and `export` know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PackageFormat {
    /// Open Cap Format (Open Cap Table Coalition), version 1.2.0.
    Ocf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the package: ocf.
    #[arg(value_name = "FORMAT", value_enum)]
    pub format: PackageFormat,

    /// A folder holding Manifest.ocf.json, the manifest file, or a .zip of the package.
    #[arg(value_name = "PATH")]
    pub path: String,

    /// The date of the cap table (YYYY-MM-DD); default the package's as_of. Transactions
    /// after it are not applied.
    #[arg(long, value_name = "DATE", value_parser = crate::commands::import::parse_date)]
    pub as_of: Option<crate::scenario::model::Date>,

    /// Write the scenario to FILE (atomically; never over a file of the package) instead of
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Refuse the package when any item fails the OCF 1.2.0 JSON schemas (each is named with
    /// its file and id); without it, such items are read leniently and listed as warnings.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format of the package: ocf.
    #[arg(value_name = "FORMAT", value_enum)]
    pub format: PackageFormat,

    /// The scenario file (TOML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// Export the cap table after this round (default: after the last round, or as given in
    /// a file with no round).
    #[arg(long, value_name = "NAME")]
    pub round: Option<String>,

    /// The folder to write the package into (created if missing; each file written
    /// atomically).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,

    #[command(flatten)]
    pub overrides: Overrides,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the starter; standard output without it.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,

    /// Treat warnings as errors: a file with any warning fails the check (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub overrides: Overrides,
}

/// Changes to a scenario made on the command line, applied before validation.
#[derive(Debug, Args, Clone, Default)]
pub struct Overrides {
    /// Override any value of the file before it is checked (repeatable).
    ///
    /// KEY is a path of names joined by dots, with [N] (counting from 0) or ["name"] to pick an
    /// item of a list; VALUE is written as in the file: --set 'round[0].pre_money=800B',
    /// --set 'round["2026 round"].investment["Amazon"].amount=60B',
    /// --set condition.ipo.probability=30%. A key that does not exist yet is added.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
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
    /// An Excel workbook with live formulas (requires --output).
    Xlsx,
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
