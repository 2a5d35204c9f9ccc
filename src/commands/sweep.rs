//! `sweep`: the scenario over a grid of values, evaluated in parallel, output in grid order.
//!
//! The file is loaded and validated with every `--vary` at its first value, and again at its
//! last value (so both ends of every range are valid scenarios). Comparing the model validated
//! at the first and second value of each `--vary` finds the decimal fields (slots) that input
//! lands in; the grid is then evaluated by writing values straight into a private copy of the
//! model per thread (see `engine::sweep`). An input that is not a plain decimal field of the
//! model (it changes anything else) falls back to loading the file at every point: correct,
//! but much slower.

use std::sync::atomic::{AtomicUsize, Ordering};

use rust_decimal::Decimal;

use super::{computation_error, headline_state, load, stdout_color};
use crate::cli::{Format, SweepArgs};
use crate::diagnostic::Sources;
use crate::engine::rounds::CapTable;
use crate::engine::sweep::{self, Metric, Slot};
use crate::format::exact;
use crate::report::sections::{Numbers, Section};
use crate::scenario::{self, Scenario, value};
use crate::{Error, output, report};

/// Most points one sweep may have.
const MAX_POINTS: usize = 50_000_000;
/// Most figures one sweep may compute: points × metrics (each held until the output is written).
const MAX_FIGURES: usize = 100_000_000;
/// Most `--vary` options.
const MAX_VARY: usize = 6;

/// One `--vary` as written: the key, FROM, TO and STEP, before the range is expanded.
struct VarySpec {
    text: String,
    key: String,
    from: Decimal,
    to: Decimal,
    step: Decimal,
    kind: Kind,
    /// FROM, TO and STEP as written: a currency in them must be the scenario's.
    written: [String; 3],
}

/// One `--vary`: the key as given and its values (never empty: a range holds FROM).
struct Vary {
    key: String,
    values: Vec<Decimal>,
    kind: Kind,
}

/// How a value is shown in tables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Money,
    Fraction,
    Shares,
    Price,
}

/// The usage error of a `--vary` argument: what is wrong, and the form to write.
fn vary_usage(text: &str, why: &str) -> Error {
    Error::Usage(format!(
        "--vary {text}: {why}; write KEY=FROM..TO:STEP, e.g. --vary 'round[0].pre_money=600B..900B:50B'"
    ))
}

fn parse_vary(text: &str) -> Result<VarySpec, Error> {
    let usage = |why: &str| vary_usage(text, why);
    let (key, range) = text.rsplit_once('=').ok_or_else(|| usage("no `=`"))?;
    let (from, rest) = range
        .split_once("..")
        .ok_or_else(|| usage("no `..` between FROM and TO"))?;
    let (to, step) = rest
        .split_once(':')
        .ok_or_else(|| usage("no `:` before STEP"))?;
    let percent = [from, to, step].iter().any(|t| t.trim().ends_with('%'));
    let number = |t: &str| -> Result<Decimal, Error> {
        let t = t.trim();
        let parsed = match t.strip_suffix('%') {
            Some(p) => value::parse_signed_amount(p)
                .ok()
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)),
            None => value::parse_signed_amount(t).ok(),
        };
        parsed.ok_or_else(|| usage(&format!("`{t}` is not a number")))
    };
    let written = [from, to, step].map(|t| t.trim().to_string());
    let (from, to, step) = (number(from)?, number(to)?, number(step)?);
    // The checks that need no expansion come first; the number of values is counted once
    // the scenario is known to be valid at FROM (see `run`).
    if step <= Decimal::ZERO {
        return Err(usage("STEP must be more than zero"));
    }
    if to < from {
        return Err(usage("TO must not be below FROM"));
    }
    let last = key.rsplit(['.', ']']).next().unwrap_or_default();
    let kind = if percent
        || [
            "probability",
            "discount",
            "margin",
            "stake",
            "pool_target",
            "interest",
        ]
        .contains(&last)
    {
        Kind::Fraction
    } else if ["pool_increase", "shares"].contains(&last) {
        Kind::Shares
    } else if last == "price_per_share" {
        Kind::Price
    } else {
        Kind::Money
    };
    Ok(VarySpec {
        text: text.to_string(),
        key: key.to_string(),
        from,
        to,
        step,
        kind,
        written,
    })
}

/// The values of one `--vary`: FROM, FROM + STEP, … up to TO, exact.
fn expand(spec: &VarySpec) -> Result<Vary, Error> {
    let values = sweep::range(spec.from, spec.to, spec.step, MAX_POINTS)
        .map_err(|why| vary_usage(&spec.text, &why))?;
    Ok(Vary {
        key: spec.key.clone(),
        values,
        kind: spec.kind,
    })
}

fn parse_metric(text: &str, scenario: &Scenario) -> Result<(Metric, Kind), Error> {
    let party = |name: &str| {
        scenario.party_index(name).ok_or_else(|| {
            let names: Vec<&str> = scenario.parties.iter().map(|p| p.name.as_str()).collect();
            Error::Usage(format!(
                "--metric {text}: no holder or investor named {name:?}; the scenario has: {}",
                names.join(", ")
            ))
        })
    };
    Ok(match text.split_once(':') {
        None => match text {
            "post_money" => (Metric::PostMoney, Kind::Money),
            "pre_money" => (Metric::PreMoney, Kind::Money),
            "new_money" => (Metric::NewMoney, Kind::Money),
            "price_per_share" => (Metric::PricePerShare, Kind::Price),
            _ => {
                return Err(Error::Usage(format!(
                    "--metric {text}: unknown; use post_money, pre_money, new_money, price_per_share, ownership:NAME, value:NAME or invested:NAME"
                )));
            }
        },
        Some(("ownership", name)) => (Metric::Ownership(party(name)?), Kind::Fraction),
        Some(("value", name)) => (Metric::Value(party(name)?), Kind::Money),
        Some(("invested", name)) => (Metric::Invested(party(name)?), Kind::Money),
        Some(_) => {
            return Err(Error::Usage(format!(
                "--metric {text}: unknown; use ownership:NAME, value:NAME or invested:NAME"
            )));
        }
    })
}

/// The `--set` arguments that put every `--vary` at the value of grid point `digits`.
fn point_sets(base: &[String], varies: &[Vary], pick: impl Fn(usize) -> usize) -> Vec<String> {
    let mut sets = base.to_vec();
    for (i, vary) in varies.iter().enumerate() {
        sets.push(format!("{}={}", vary.key, exact(vary.values[pick(i)])));
    }
    sets
}

/// A load failure at one point of the grid, prefixed with the point: `at the first point of
/// the sweep, round[0].pre_money=-5:`.
fn at_point(which: &str, point: &[(&str, Decimal)], error: Error) -> Error {
    let at: Vec<String> = point
        .iter()
        .map(|(key, value)| format!("{key}={}", exact(*value)))
        .collect();
    let prefix = format!("at {which}, {}:\n", at.join(", "));
    match error {
        Error::Input(text) => Error::Input(prefix + &text),
        Error::Arguments(text) => Error::Arguments(prefix + &text),
        other => other,
    }
}

pub fn run(args: &SweepArgs) -> Result<(), Error> {
    let options = &args.options;
    if args.vary.len() > MAX_VARY {
        return Err(Error::Usage(format!("at most {MAX_VARY} --vary options")));
    }
    let specs = args
        .vary
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<Vec<_>, _>>()?;

    // Load at the first values (the model the sweep works on): a value the scenario cannot
    // take (a negative pre-money) is reported as such before the ranges are counted.
    let mut sources = Sources::default();
    let base = &options.overrides.set;
    let first_sets: Vec<String> = base
        .iter()
        .cloned()
        .chain(specs.iter().map(|v| format!("{}={}", v.key, exact(v.from))))
        .collect();
    let first_point: Vec<(&str, Decimal)> =
        specs.iter().map(|v| (v.key.as_str(), v.from)).collect();
    let loaded = load(&args.file, &first_sets, &mut sources)
        .map_err(|e| at_point("the first point of the sweep", &first_point, e))?;
    let scenario = &loaded.scenario;
    // The values reach the scenario as plain numbers: check their currency here, as the file's
    // amounts are (`"$1B"` in a scenario in EUR is an error, never converted).
    for vary in &specs {
        // (`%` values are fractions: no currency.)
        for text in vary.written.iter().filter(|t| !t.ends_with('%')) {
            value::check_currency(text, &scenario.currency)
                .map_err(|e| Error::Usage(format!("--vary {}: `{text}` {e}", vary.key)))?;
        }
    }

    // Count before expanding: six ranges of up to MAX_POINTS values each are not allocated
    // only to find that their grid is too large.
    let lengths = specs
        .iter()
        .map(|v| {
            sweep::range_len(v.from, v.to, v.step, MAX_POINTS)
                .map_err(|why| vary_usage(&v.text, &why))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let points = lengths
        .iter()
        .try_fold(1_usize, |n, len| n.checked_mul(*len))
        .filter(|n| *n <= MAX_POINTS)
        .ok_or_else(|| {
            Error::Usage(format!(
                "the grid has more than {MAX_POINTS} points (the product of the --vary ranges' lengths); use larger steps or fewer --vary"
            ))
        })?;
    let metric_count = args.metric.len().max(1);
    if points
        .checked_mul(metric_count)
        .is_none_or(|n| n > MAX_FIGURES)
    {
        return Err(Error::Usage(format!(
            "{points} points × {metric_count} metrics is more than {MAX_FIGURES} figures; use fewer --metric or larger steps"
        )));
    }

    let varies = specs.iter().map(expand).collect::<Result<Vec<_>, _>>()?;

    // Validate at the last values too, so that both ends of every range are scenarios.
    let mut end_sources = Sources::default();
    let last_point: Vec<(&str, Decimal)> = varies
        .iter()
        .map(|v| (v.key.as_str(), v.values[v.values.len().saturating_sub(1)]))
        .collect();
    load(
        &args.file,
        &point_sets(base, &varies, |i| varies[i].values.len().saturating_sub(1)),
        &mut end_sources,
    )
    .map_err(|e| at_point("the last point of the sweep", &last_point, e))?;
    // Refused before the grid is evaluated when --output names a file the run read.
    if let Some(path) = &options.output {
        output::check(path, &loaded.inputs).map_err(Error::Output)?;
    }
    let state = headline_state(scenario, &options.assume)?;
    let metric_names: Vec<String> = if args.metric.is_empty() {
        vec!["post_money".into()]
    } else {
        args.metric.clone()
    };
    let metrics = metric_names
        .iter()
        .map(|m| parse_metric(m, scenario))
        .collect::<Result<Vec<_>, _>>()?;
    // A file with no round has a cap table but no price: only its ownership (and money
    // invested) can be swept; exit values are swept by `exit --range`.
    if scenario.rounds.is_empty()
        && let Some(name) = metric_names
            .iter()
            .zip(&metrics)
            .find_map(|(name, (metric, _))| {
                (!matches!(metric, Metric::Ownership(_) | Metric::Invested(_))).then_some(name)
            })
    {
        return Err(Error::Usage(format!(
            "--metric {name}: the scenario has no [[round]], so nothing is priced; sweep ownership:NAME (e.g. --vary 'holder[0].shares=…' --metric ownership:NAME), or vary the sale value with `captable exit FILE --range FROM..TO:STEP`"
        )));
    }
    let last = match &args.round {
        None => scenario.rounds.len().saturating_sub(1),
        Some(name) => scenario
            .rounds
            .iter()
            .position(|r| r.name == *name)
            .ok_or_else(|| {
                let names: Vec<&str> = scenario.rounds.iter().map(|r| r.name.as_str()).collect();
                Error::Usage(if names.is_empty() {
                    format!("--round {name}: the scenario has no [[round]]")
                } else {
                    format!(
                        "--round {name}: no such round; the scenario has: {}",
                        names.join(", ")
                    )
                })
            })?,
    };

    // Find each input's slots in the model.
    let mut slots: Vec<Vec<Slot>> = Vec::with_capacity(varies.len());
    let mut fast = true;
    for (i, vary) in varies.iter().enumerate() {
        let (a, b) = match vary.values.as_slice() {
            [a, b, ..] => (*a, *b),
            _ => {
                slots.push(Vec::new());
                continue;
            }
        };
        let mut probe_sources = Sources::default();
        let probe_point: Vec<(&str, Decimal)> = varies
            .iter()
            .enumerate()
            .map(|(j, v)| (v.key.as_str(), v.values[usize::from(j == i)]))
            .collect();
        let probe = load(
            &args.file,
            &point_sets(base, &varies, |j| usize::from(j == i)),
            &mut probe_sources,
        )
        .map_err(|e| at_point("a point of the sweep", &probe_point, e))?;
        match sweep::find_slots(scenario, a, &probe.scenario, b) {
            Some(found) => slots.push(found),
            None => {
                fast = false;
                slots.push(Vec::new());
            }
        }
    }

    // The fast path writes into these slots of a copy of `scenario`; each must be there (they
    // were found in `scenario` itself, so this only guards the evaluation against a silently
    // unwritten value).
    let mut check_model = scenario.clone();
    fast = fast
        && slots
            .iter()
            .flatten()
            .all(|slot| sweep::slot_mut(&mut check_model, *slot).is_some());

    let metric_list: Vec<Metric> = metrics.iter().map(|(m, _)| m.clone()).collect();
    let results = if fast {
        evaluate_fast(scenario, state, last, &metric_list, &varies, &slots, points)
    } else {
        evaluate_slow(&args.file, base, &varies, state, last, &metric_list, points)
    }
    .map_err(|(point, error)| {
        let at: Vec<String> = varies
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{}={}", v.key, exact(v.values[digit(point, i, &varies)])))
            .collect();
        match error {
            PointError::Round(e) => {
                let located = computation_error(&args.file, &loaded, e, &sources);
                Error::Input(format!("at {}:\n{located}", at.join(", ")))
            }
            PointError::Load(e) => Error::Input(format!("at {}:\n{e}", at.join(", "))),
        }
    })?;

    let kinds: Vec<Kind> = metrics.iter().map(|(_, k)| *k).collect();
    let text = match options.format {
        Format::Csv => csv(&varies, &metric_names, &results, points),
        _ if varies.len() > 2 && options.format != Format::Json => {
            csv(&varies, &metric_names, &results, points)
        }
        Format::Json => json(&varies, &metric_names, &results, points),
        Format::Table | Format::Markdown => {
            let numbers = Numbers::Human {
                decimals: options.decimals,
                currency: scenario.currency.clone(),
            };
            let section = if varies.len() == 1 {
                one_way(&varies[0], &metric_names, &kinds, &results, &numbers)
            } else {
                two_way(
                    &varies,
                    &metric_names[0],
                    kinds[0],
                    metric_names.len(),
                    &results,
                    &numbers,
                )
            };
            let preamble = vec![
                scenario.name.clone(),
                match scenario.rounds.get(last) {
                    Some(round) => format!("{} after {}", metric_names.join(", "), round.name),
                    None => format!("{} in the cap table as given", metric_names.join(", ")),
                },
            ];
            let footer = report::sections::rounding_note(options.decimals);
            if options.format == Format::Table {
                report::table::render(
                    &preamble,
                    &[section],
                    Some(&footer),
                    stdout_color(options.output.is_some()),
                )
            } else {
                report::markdown::render(&preamble, &[section], Some(&footer))
            }
        }
    };
    output::write(
        options.output.as_deref().into(),
        text.as_bytes(),
        &loaded.inputs,
    )
    .map_err(Error::Output)
}

/// The index into `varies[i].values` of grid point `point` (the first --vary slowest).
fn digit(point: usize, i: usize, varies: &[Vary]) -> usize {
    let inner: usize = varies[i + 1..].iter().map(|v| v.values.len()).product();
    (point / inner.max(1)) % varies[i].values.len().max(1)
}

enum PointError {
    Round(crate::engine::RoundError),
    Load(Error),
}

type Results = Vec<Option<Decimal>>;

/// Splits `points` into one contiguous chunk per core and runs `work` on each, in parallel.
///
/// `work` gets its range of points, its part of the results and the first failing point so
/// far (`usize::MAX` while none has failed), and should stop once that is before its current
/// point: the result is then an error anyway. The first failing point in grid order is the
/// error; a panic in a worker is resumed here (a bug must not turn into a blank cell).
fn parallel<F>(points: usize, metrics: usize, work: F) -> Result<Results, (usize, PointError)>
where
    F: Fn(
            std::ops::Range<usize>,
            &mut [Option<Decimal>],
            &AtomicUsize,
        ) -> Result<(), (usize, PointError)>
        + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(points.max(1));
    // points × metrics ≤ MAX_FIGURES, checked in `run`.
    let mut results: Results = vec![None; points * metrics];
    let chunk = points.div_ceil(threads).max(1);
    let failed = AtomicUsize::new(usize::MAX);
    let outcomes: Vec<std::thread::Result<Result<(), (usize, PointError)>>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = results
                .chunks_mut(chunk * metrics.max(1))
                .enumerate()
                .map(|(t, out)| {
                    let (work, failed) = (&work, &failed);
                    let start = t * chunk;
                    scope.spawn(move || {
                        let outcome = work(start..(start + chunk).min(points), out, failed);
                        if let Err((point, _)) = &outcome {
                            failed.fetch_min(*point, Ordering::Relaxed);
                        }
                        outcome
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join()).collect()
        });
    // A panic is a bug: resumed whatever else failed, so that it is never hidden behind an
    // ordinary error (its message is already on standard error).
    let mut first_error = None;
    for outcome in outcomes {
        match outcome {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(Err(e)) if first_error.is_none() => first_error = Some(e),
            Ok(_) => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(results),
    }
}

/// Whether a worker at `point` should stop: an earlier point has failed.
fn stopped(failed: &AtomicUsize, point: usize) -> bool {
    failed.load(Ordering::Relaxed) < point
}

fn evaluate_fast(
    scenario: &Scenario,
    state: u32,
    last: usize,
    metrics: &[Metric],
    varies: &[Vary],
    slots: &[Vec<Slot>],
    points: usize,
) -> Result<Results, (usize, PointError)> {
    let width = metrics.len();
    parallel(points, width, |range, out, failed| {
        let mut model = scenario.clone();
        let mut table = CapTable::for_sweep(&model);
        for (k, point) in range.enumerate() {
            if stopped(failed, point) {
                break;
            }
            for (i, vary) in varies.iter().enumerate() {
                let value = vary.values[digit(point, i, varies)];
                for slot in &slots[i] {
                    // Always there: `run` checked every slot on this model's original.
                    if let Some(field) = sweep::slot_mut(&mut model, *slot) {
                        *field = value;
                    }
                }
            }
            sweep::evaluate(
                &model,
                state,
                last,
                metrics,
                &mut table,
                &mut out[k * width..(k + 1) * width],
            )
            .map_err(|e| (point, PointError::Round(e)))?;
        }
        Ok(())
    })
}

fn evaluate_slow(
    file: &str,
    base: &[String],
    varies: &[Vary],
    state: u32,
    last: usize,
    metrics: &[Metric],
    points: usize,
) -> Result<Results, (usize, PointError)> {
    let width = metrics.len();
    parallel(points, width, |range, out, failed| {
        for (k, point) in range.enumerate() {
            if stopped(failed, point) {
                break;
            }
            let mut sources = Sources::default();
            let sets = point_sets(base, varies, |i| digit(point, i, varies));
            let loaded = scenario::load_with(file, &sets, &mut sources).map_err(|d| {
                (
                    point,
                    PointError::Load(Error::Input(crate::commands::render_failure(
                        file, &d, &sources,
                    ))),
                )
            })?;
            let mut table = CapTable::for_sweep(&loaded.scenario);
            sweep::evaluate(
                &loaded.scenario,
                state,
                last,
                metrics,
                &mut table,
                &mut out[k * width..(k + 1) * width],
            )
            .map_err(|e| (point, PointError::Round(e)))?;
        }
        Ok(())
    })
}

/// A header row, then one row per point: the --vary values, then the metrics, all exact.
fn csv(
    varies: &[Vary],
    metric_names: &[String],
    results: &[Option<Decimal>],
    points: usize,
) -> String {
    let width = metric_names.len();
    let header: Vec<String> = varies
        .iter()
        .map(|v| v.key.clone())
        .chain(metric_names.iter().cloned())
        .map(|h| csv_field(&h))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = points.div_ceil(threads).max(1);
    let parts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..points)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    let mut text = String::with_capacity(chunk * 24 * (varies.len() + width));
                    for point in start..(start + chunk).min(points) {
                        for (i, vary) in varies.iter().enumerate() {
                            crate::format::push_exact(
                                &mut text,
                                vary.values[digit(point, i, varies)],
                            );
                            text.push(',');
                        }
                        for (m, value) in results[point * width..(point + 1) * width]
                            .iter()
                            .enumerate()
                        {
                            if m > 0 {
                                text.push(',');
                            }
                            if let Some(v) = value {
                                crate::format::push_exact(&mut text, *v);
                            }
                        }
                        text.push('\n');
                    }
                    text
                })
            })
            .collect();
        // A panic while writing rows is a bug: resumed, never a run of missing rows.
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut out = header.join(",");
    out.push('\n');
    for part in parts {
        out.push_str(&part);
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn json(
    varies: &[Vary],
    metric_names: &[String],
    results: &[Option<Decimal>],
    points: usize,
) -> String {
    let width = metric_names.len();
    let rows: Vec<serde_json::Value> = (0..points)
        .map(|point| {
            let mut row = serde_json::Map::new();
            for (i, vary) in varies.iter().enumerate() {
                row.insert(
                    vary.key.clone(),
                    exact(vary.values[digit(point, i, varies)]).into(),
                );
            }
            for (name, value) in metric_names
                .iter()
                .zip(&results[point * width..(point + 1) * width])
            {
                row.insert(
                    name.clone(),
                    value.map_or(serde_json::Value::Null, |v| exact(v).into()),
                );
            }
            serde_json::Value::Object(row)
        })
        .collect();
    report::json::to_string(&serde_json::json!({
        "vary": varies.iter().map(|v| v.key.clone()).collect::<Vec<_>>(),
        "metrics": metric_names,
        "points": rows,
    }))
}

fn show(kind: Kind, value: Decimal, numbers: &Numbers) -> String {
    match kind {
        Kind::Money => numbers.money(value),
        Kind::Fraction => numbers.fraction(value),
        Kind::Shares => numbers.shares(value),
        Kind::Price => numbers.price(value),
    }
}

fn one_way(
    vary: &Vary,
    metric_names: &[String],
    kinds: &[Kind],
    results: &[Option<Decimal>],
    numbers: &Numbers,
) -> Section {
    let mut columns = vec![crate::report::sections::Column {
        title: vary.key.clone(),
        numeric: true,
    }];
    columns.extend(
        metric_names
            .iter()
            .map(|m| crate::report::sections::Column {
                title: m.clone(),
                numeric: true,
            }),
    );
    let width = metric_names.len();
    let rows = vary
        .values
        .iter()
        .enumerate()
        .map(|(p, value)| {
            let mut row = vec![show(vary.kind, *value, numbers)];
            row.extend(
                results[p * width..(p + 1) * width]
                    .iter()
                    .zip(kinds)
                    .map(|(v, k)| v.map_or_else(String::new, |v| show(*k, v, numbers))),
            );
            row
        })
        .collect();
    Section {
        title: format!("Sweep of {}", vary.key),
        columns,
        rows,
        note: None,
    }
}

fn two_way(
    varies: &[Vary],
    metric: &str,
    kind: Kind,
    width: usize,
    results: &[Option<Decimal>],
    numbers: &Numbers,
) -> Section {
    let (rows_vary, columns_vary) = (&varies[0], &varies[1]);
    let mut columns = vec![crate::report::sections::Column {
        title: format!("{} ↓ / {} →", rows_vary.key, columns_vary.key),
        numeric: true,
    }];
    columns.extend(
        columns_vary
            .values
            .iter()
            .map(|v| crate::report::sections::Column {
                title: show(columns_vary.kind, *v, numbers),
                numeric: true,
            }),
    );
    let count = columns_vary.values.len();
    let rows = rows_vary
        .values
        .iter()
        .enumerate()
        .map(|(r, value)| {
            let mut row = vec![show(rows_vary.kind, *value, numbers)];
            row.extend((0..count).map(|c| {
                results[(r * count + c) * width]
                    .map_or_else(String::new, |v| show(kind, v, numbers))
            }));
            row
        })
        .collect();
    Section {
        title: format!("{metric} by {} and {}", rows_vary.key, columns_vary.key),
        columns,
        rows,
        note: (width > 1).then(|| {
            "Only the first --metric is shown in a two-way table; use --format csv for all.".into()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{PointError, parallel};
    use crate::Error;
    use rust_decimal::Decimal;

    fn fail(point: usize) -> (usize, PointError) {
        (
            point,
            PointError::Load(Error::Input(format!("point {point}"))),
        )
    }

    #[test]
    fn the_first_failing_point_in_grid_order_is_the_error() {
        // Points 7 and 2 fail (whichever thread gets there first); 2 comes first in the grid.
        let result = parallel(10, 1, |range, out, _| {
            for (k, point) in range.enumerate() {
                if point == 2 || point == 7 {
                    return Err(fail(point));
                }
                out[k] = Some(Decimal::from(point));
            }
            Ok(())
        });
        match result {
            Err((point, PointError::Load(Error::Input(text)))) => {
                assert_eq!((point, text.as_str()), (2, "point 2"));
            }
            _ => panic!("expected the failure at point 2"),
        }
    }

    #[test]
    fn every_point_is_filled_when_none_fails() {
        let results = parallel(9, 2, |range, out, _| {
            for (k, point) in range.enumerate() {
                out[2 * k] = Some(Decimal::from(point));
                out[2 * k + 1] = Some(Decimal::from(10 * point));
            }
            Ok(())
        });
        let Ok(results) = results else {
            panic!("no point fails");
        };
        let expected: Vec<Option<Decimal>> = (0..9_i64)
            .flat_map(|p| [Some(Decimal::from(p)), Some(Decimal::from(10 * p))])
            .collect();
        assert_eq!(results, expected);
    }

    #[test]
    fn a_panic_in_a_worker_is_not_swallowed() {
        // Before: `join().unwrap_or(Ok(()))` turned this into success with blank cells.
        let outcome = std::panic::catch_unwind(|| {
            parallel(10, 1, |range, out, _| {
                for (k, point) in range.enumerate() {
                    assert_ne!(point, 9, "a bug at the last point");
                    out[k] = Some(Decimal::ONE);
                }
                Ok(())
            })
            .is_ok()
        });
        assert!(outcome.is_err(), "the worker's panic reaches the caller");
    }
}
