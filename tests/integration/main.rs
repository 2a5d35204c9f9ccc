//! The integration tests: one binary, one module per concern.
//!
//! - `common`: a builder that runs the `captable` binary on files or standard input, and every
//!   helper more than one module uses (JSON by name, exact decimals and fractions, temporary
//!   folders, tools and `skip`); the shared scenario texts are in `tests/fixtures/`.
//! - `acceptance`: worked cases with independently computed figures.
//! - `bridge`: `report --bridge`, the dilution bridge by Shapley value, worked by hand.
//! - `errors`: every file under `tests/errors/` against its expected message.
//! - `memo`: `captable memo`'s files, charts rendered to pixels, the page in a browser.
//! - `memo_bridge`: the memo's dilution bridge (sentence, waterfall chart) and expected payouts
//!   in words, against the hand figures of `bridge` and `exit_probabilities`.
//! - `exits`: the exit waterfall, share classes and anti-dilution.
//! - `exit_codes`: exit codes of commands over several files (a bad `--set` is exit 2).
//! - `exit_probabilities`: expected payouts over exits with probabilities (and conditions).
//! - `peer_1984vc`: share counts against an independent engine, 1984 Ventures' cap-table.
//! - `peer_spillpoint`: exit payouts with options, warrants and preferred classes against an
//!   independent engine, spillpoint.
//! - `figures`: money written for people: the fewest decimals, one sign, --money-decimals.
//! - `money`: money as people write it (scale words, currency symbols and codes), exactly.
//! - `generated`: every file the project writes (starter, bundled scenarios, seeds, the
//!   generators of the fuzz target and the property tests) passes `check`.
//! - `options`: options and warrants with a strike: exercise at an exit, coverage, pool grants,
//!   `report --basis`.
//! - `no_round`: files with no round (the cap table as given, SAFEs at a sale) and warnings.
//! - `properties`: invariants of the engine, by proptest.
//! - `scenarios`: every bundled scenario in every format (snapshots reviewed by hand).
//! - `scenarios_history`: OpenAI from March 2025 to 2026, figures worked by hand.
//! - `cli`: the command line itself: options, exit codes, output files.
//! - `output`: one output path for every command: never over an input, modes, symbolic links.
//! - `secondaries`: secondary sales and tenders inside a round, worked by hand.
//! - `series`: series of a class (shadow series of SAFEs and notes) and anti-dilution per series.
//! - `print`: the memo on paper: `memo --pdf` on Letter and A4, read back with pdftotext.
//! - `robustness`: nothing crashes, hangs or gets lost: scenario files never written, atomic
//!   output on every failure, unreadable and very large inputs.

mod acceptance;
mod bridge;
mod cli;
mod commands;
mod common;
mod errors;
mod exit_codes;
mod exit_probabilities;
mod exits;
mod figures;
mod generated;
mod instruments;
mod memo;
mod memo_bridge;
mod money;
mod no_round;
mod ocf;
mod options;
#[cfg(unix)]
mod output;
mod peer_1984vc;
mod peer_spillpoint;
mod print;
mod properties;
mod ranges;
mod robustness;
mod scenarios;
mod scenarios_history;
mod secondaries;
mod series;
mod sweep_every_key;
mod whatif;
mod workbook;
