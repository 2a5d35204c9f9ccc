//! `sweep`: the scenario over a grid of values, evaluated in parallel, output in grid order.
//!
//! The file is read and composed once (`scenario::load::compose_file`), then validated with
//! every `--vary` at its first value, and again at its last value (so both ends of every range
//! are valid scenarios). Comparing the model validated at the first and second value of each
//! `--vary` finds the decimal fields (slots) that input lands in; the grid is then evaluated by
//! writing values straight into a private copy of the model per thread (see `engine::sweep`).
//! The slots must account for the whole model: written into the first model, they must give
//! exactly the model validated at the second value and at the last point ([`fast_slots`]).
//! Otherwise the sweep validates the file at every point: correct, but much slower.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rust_decimal::Decimal;

use super::{computation_error, headline_state};
use crate::cli::SweepArgs;
use crate::diagnostic::{self, Sources};
use crate::engine::rounds::CapTable;
use crate::engine::sweep::{self, Metric, Slot};
use crate::format::{exact, push_exact};
use crate::render::{self, Document};
use crate::report::cell::Cell;
use crate::report::sections::{Numbers, Section};
use crate::scenario::{self, ConditionSet, Loaded, Scenario, keys, value};
use crate::{Error, output, report};

/// Most points one sweep may have.
const MAX_POINTS: usize = 50_000_000;
/// Most figures one sweep may compute: points × metrics (JSON, tables and Markdown hold them
/// all until the output is written; CSV is streamed).
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
    values: sweep::Values,
    kind: Kind,
}

/// How a value is shown in tables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Money,
    Fraction,
    Shares,
    Price,
    /// A liquidation preference or participation cap (`1.5x`).
    Multiple,
    /// Years, seniority: a plain number.
    Number,
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
    // The kind is the key table's (`scenario/keys.rs`): a percentage is always a fraction.
    let kind = match scenario::compose::key_at(key).map(|k| &k.kind) {
        _ if percent => Kind::Fraction,
        Some(keys::Kind::Fraction) => Kind::Fraction,
        Some(keys::Kind::Shares | keys::Kind::SharesOrFraction) => Kind::Shares,
        Some(keys::Kind::Price) => Kind::Price,
        Some(keys::Kind::Multiple) => Kind::Multiple,
        Some(keys::Kind::Years | keys::Kind::Integer) => Kind::Number,
        _ => Kind::Money,
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
    let values = sweep::Values::new(spec.from, spec.to, spec.step, MAX_POINTS)
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

/// The file read once (`scenario::load::Composed`) and the `--set`s: validated at any point of
/// the sweep without reading it again.
struct File<'a> {
    path: &'a str,
    composed: scenario::load::Composed,
    /// The texts of the file and its bases, copied for each point (its `--set`s add theirs).
    sources: Sources,
    base: &'a [String],
}

impl<'a> File<'a> {
    fn read(path: &'a str, base: &'a [String]) -> Result<Self, Error> {
        let mut sources = Sources::default();
        match scenario::load::compose_file(path, &mut sources) {
            Ok(composed) => Ok(File {
                path,
                composed,
                sources,
                base,
            }),
            Err(diagnostics) => Err(Error::problems(path, diagnostics, &sources)),
        }
    }

    /// The file validated with each key of `point` at its value (after the `--set`s), and the
    /// texts its messages point into.
    fn load(&self, point: &[(&str, Decimal)]) -> Result<(Loaded, Sources), Error> {
        let mut sources = self.sources.clone();
        let sets: Vec<String> = (self.base.iter().cloned())
            .chain(
                point
                    .iter()
                    .map(|(key, value)| format!("{key}={}", exact(*value))),
            )
            .collect();
        match self.composed.load_with(&sets, &mut sources) {
            Ok(loaded) => Ok((loaded, sources)),
            Err(diagnostics) => Err(Error::problems(self.path, diagnostics, &sources)),
        }
    }

    /// As [`File::load`] at a point checked before the grid is evaluated: its warnings are
    /// printed and a failure names the point (`at the first point of the sweep,
    /// round[0].pre_money=-5:`).
    fn check(&self, which: &str, point: &[(&str, Decimal)]) -> Result<(Loaded, Sources), Error> {
        let (loaded, sources) = self.load(point).map_err(|e| at_point(which, point, e))?;
        if !loaded.warnings.is_empty() {
            let color = super::stderr_color();
            eprint!("{}", diagnostic::render(&loaded.warnings, &sources, color));
        }
        Ok((loaded, sources))
    }
}

/// A point as `--set` writes it: `round[0].pre_money=600000000000, …`.
fn written(point: &[(&str, Decimal)]) -> String {
    let at: Vec<String> = point
        .iter()
        .map(|(key, value)| format!("{key}={}", exact(*value)))
        .collect();
    at.join(", ")
}

/// A load failure at one point of the grid, prefixed with the point.
fn at_point(which: &str, point: &[(&str, Decimal)], error: Error) -> Error {
    match error {
        Error::Usage(_) | Error::Output(_) => error,
        _ => error.at(format!("at {which}, {}:", written(point))),
    }
}

const FIRST: &str = "the first point of the sweep";

pub fn run(args: &SweepArgs) -> Result<(), Error> {
    let options = &args.options;
    super::check_format(options)?;
    if options.long {
        return Err(Error::Usage(
            "--long: sweep's CSV is one tidy table already (a column per --vary and per metric); leave --long out".into(),
        ));
    }
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
    let first: Vec<(&str, Decimal)> = specs.iter().map(|v| (v.key.as_str(), v.from)).collect();
    let file =
        File::read(&args.file, &options.overrides.set).map_err(|e| at_point(FIRST, &first, e))?;
    let (loaded, sources) = file.check(FIRST, &first)?;
    let scenario = &loaded.scenario;
    check_currency(&specs, scenario)?;
    let points = count(&specs, args.metric.len().max(1))?;
    let varies = specs.iter().map(expand).collect::<Result<Vec<_>, _>>()?;

    // Validate at the last values too, so that both ends of every range are scenarios.
    let to: Vec<(&str, Decimal)> = varies
        .iter()
        .map(|v| (v.key.as_str(), v.values.last()))
        .collect();
    let (at_to, _) = file.check("the last point of the sweep", &to)?;
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
    let last = last_round(args.round.as_deref(), scenario)?;

    let slots = fast_slots(&file, scenario, &varies, &at_to.scenario)?;
    let metric_list: Vec<Metric> = metrics.iter().map(|(m, _)| m.clone()).collect();
    let grid = Grid {
        scenario,
        file: &file,
        varies: &varies,
        strides: strides(&varies),
        plan: slots.as_ref().and_then(|slots| {
            let varied: Vec<Slot> = slots.iter().flatten().copied().collect();
            sweep::StakesPlan::new(scenario, state, last, &varied)
        }),
        slots,
        state,
        last,
        metrics: &metric_list,
        points,
    };
    // The error of the first failing point in grid order, naming the point.
    let point_error = |(point, error): (usize, PointError)| {
        let at = format!("at {}:", written(&grid.point(point)));
        match error {
            PointError::Round(e) => computation_error(&args.file, &loaded, e, &sources).at(at),
            PointError::Load(e) => e.at(at),
        }
    };

    if options.format.streams_rows(varies.len()) {
        // Rows go to the output as they are computed, in grid order: a sweep of any size holds
        // only a few chunks of rows at a time.
        return output::write_with(options.output.as_deref().into(), &loaded.inputs, |out| {
            csv(&grid, &metric_names, out)
        })
        .map_err(|e| match e {
            output::Streamed::Producer(failure) => point_error(failure),
            output::Streamed::Output(message) => Error::Output(message),
            output::Streamed::Io(e) => Error::Output(e.to_string()),
        });
    }
    if options.format.is_workbook() && points > render::xlsx::MAX_DATA_ROWS {
        return Err(Error::Usage(format!(
            "the grid has {points} points: a worksheet holds {} rows at most; use larger steps, or --format csv",
            render::xlsx::MAX_DATA_ROWS
        )));
    }
    let results = grid.results().map_err(point_error)?;

    let kinds: Vec<Kind> = metrics.iter().map(|(_, k)| *k).collect();
    let preamble = vec![
        scenario.name.clone(),
        match scenario.rounds.get(last) {
            Some(round) => format!("{} after {}", metric_names.join(", "), round.name),
            None => format!("{} in the cap table as given", metric_names.join(", ")),
        },
    ];
    // One table of one or two --vary; more is one flat table (a workbook's; the text formats
    // stream theirs above).
    let tables = |n: &Numbers| {
        vec![match varies.len() {
            1 => one_way(&varies[0], &metric_names, &kinds, &results, n),
            2 => two_way(
                &varies,
                &metric_names[0],
                kinds[0],
                metric_names.len(),
                &results,
                n,
            ),
            _ => flat(&grid, &metric_names, &kinds, &results),
        }]
    };
    let doc = Document::new(scenario.currency.clone(), tables, || {
        json(&grid, &metric_names, &results)
    })
    .preamble(preamble)
    .sources(|| report::sections::sources(&[("", scenario, state)], &options.overrides.set));
    super::emit(&doc, options, &loaded.inputs)
}

/// The values reach the scenario as plain numbers: their currency is checked here, as the
/// file's amounts are (`"$1B"` in a scenario in EUR is an error, never converted).
fn check_currency(specs: &[VarySpec], scenario: &Scenario) -> Result<(), Error> {
    for vary in specs {
        // (`%` values are fractions: no currency.)
        for text in vary.written.iter().filter(|t| !t.ends_with('%')) {
            value::check_currency(text, &scenario.currency)
                .map_err(|e| Error::Usage(format!("--vary {}: `{text}` {e}", vary.key)))?;
        }
    }
    Ok(())
}

/// The number of points of the grid, counted before the ranges are expanded: six ranges of up
/// to MAX_POINTS values each are not allocated only to find that their grid is too large.
fn count(specs: &[VarySpec], metric_count: usize) -> Result<usize, Error> {
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
    if points
        .checked_mul(metric_count)
        .is_none_or(|n| n > MAX_FIGURES)
    {
        return Err(Error::Usage(format!(
            "{points} points × {metric_count} metrics is more than {MAX_FIGURES} figures; use fewer --metric or larger steps"
        )));
    }
    Ok(points)
}

/// The round the metrics are read after: `--round NAME`, or the last.
fn last_round(name: Option<&str>, scenario: &Scenario) -> Result<usize, Error> {
    let Some(name) = name else {
        return Ok(scenario.rounds.len().saturating_sub(1));
    };
    scenario
        .rounds
        .iter()
        .position(|r| r.name == name)
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
        })
}

/// The slots of each `--vary` in `scenario` (the model at the first point), or `None`: the
/// grid is then evaluated by validating the file at every point (correct, much slower).
///
/// Each input's slots are found by validating the file with that input at its second value
/// `b` (`sweep::find_slots`). Then the guard: `b` written into those slots of a copy of
/// `scenario` must give exactly the model validated at `b`, and every input's last value
/// written into its slots must give exactly `at_to`, the model at the last point. An input
/// that also moves a field no slot holds (a figure derived from it at validation) fails it: a
/// slowdown, never a stale number.
fn fast_slots(
    file: &File<'_>,
    scenario: &Scenario,
    varies: &[Vary],
    at_to: &Scenario,
) -> Result<Option<Vec<Vec<Slot>>>, Error> {
    let mut slots = Vec::with_capacity(varies.len());
    let mut fast = true;
    for (i, vary) in varies.iter().enumerate() {
        if vary.values.len() < 2 {
            slots.push(Vec::new());
            continue;
        }
        let (a, b) = (vary.values.get(0), vary.values.get(1));
        let probe: Vec<(&str, Decimal)> = varies
            .iter()
            .enumerate()
            .map(|(j, v)| (v.key.as_str(), v.values.get(usize::from(j == i))))
            .collect();
        let (at_b, _) = file.check("a point of the sweep", &probe)?;
        let found = sweep::find_slots(scenario, a, &at_b.scenario, b).filter(|found| {
            sweep::same_model(scenario, std::slice::from_ref(found), |_| b, &at_b.scenario)
        });
        fast &= found.is_some();
        slots.push(found.unwrap_or_default());
    }
    let last = |i: usize| varies[i].values.last();
    Ok((fast && sweep::same_model(scenario, &slots, last, at_to)).then_some(slots))
}

/// For each `--vary`, the number of grid points between two of its consecutive values (the
/// product of the later ranges' lengths): the first --vary is the slowest.
fn strides(varies: &[Vary]) -> Vec<usize> {
    (0..varies.len())
        .map(|i| {
            varies[i + 1..]
                .iter()
                .map(|v| v.values.len())
                .product::<usize>()
                .max(1)
        })
        .collect()
}

enum PointError {
    Round(crate::engine::RoundError),
    Load(Error),
}

type Results = Vec<Option<Decimal>>;

/// A grid point that failed, and why.
type PointFailure = (usize, PointError);

/// Points per chunk: a worker evaluates (and formats) this many points at a time, and the
/// chunks are output in grid order.
const CHUNK: usize = 8192;

/// Everything needed to evaluate any point of the grid.
struct Grid<'a> {
    scenario: &'a Scenario,
    file: &'a File<'a>,
    varies: &'a [Vary],
    /// See [`strides`].
    strides: Vec<usize>,
    /// The slots of each `--vary` in the model (the fast path), or `None`: validate the file
    /// at every point (see [`fast_slots`]).
    slots: Option<Vec<Vec<Slot>>>,
    /// The faster evaluation of the fast path, where it applies.
    plan: Option<sweep::StakesPlan>,
    state: ConditionSet,
    last: usize,
    metrics: &'a [Metric],
    points: usize,
}

/// What one thread reuses from point to point: its copy of the model and its cap table.
struct Worker {
    model: Scenario,
    table: CapTable,
}

impl Grid<'_> {
    /// The index into `varies[i].values` of grid point `point`.
    fn digit(&self, point: usize, i: usize) -> usize {
        (point / self.strides[i]) % self.varies[i].values.len().max(1)
    }

    /// Each `--vary` key with its value at grid point `point`.
    fn point(&self, point: usize) -> Vec<(&str, Decimal)> {
        (self.varies.iter().enumerate())
            .map(|(i, v)| (v.key.as_str(), v.values.get(self.digit(point, i))))
            .collect()
    }

    fn worker(&self) -> Worker {
        let model = self.scenario.clone();
        let table = CapTable::for_sweep(&model);
        Worker { model, table }
    }

    /// The metrics at `point` into `out` (one per metric).
    fn evaluate(
        &self,
        worker: &mut Worker,
        point: usize,
        out: &mut [Option<Decimal>],
    ) -> Result<(), PointError> {
        let value = |i: usize| self.varies[i].values.get(self.digit(point, i));
        match &self.slots {
            Some(slots) => sweep::write_slots(&mut worker.model, slots, value),
            None => {
                // The slow path: the file validated at this point.
                worker.model = self
                    .file
                    .load(&self.point(point))
                    .map_err(PointError::Load)?
                    .0
                    .scenario;
                worker.table = CapTable::for_sweep(&worker.model);
            }
        }
        let (model, table) = (&worker.model, &mut worker.table);
        match &self.plan {
            Some(plan) => plan.evaluate(model, self.metrics, table, out),
            None => sweep::evaluate(model, self.state, self.last, self.metrics, table, out),
        }
        .map_err(PointError::Round)
    }

    /// Every point's metrics, in grid order (points × metrics ≤ MAX_FIGURES, checked in `run`).
    fn results(&self) -> Result<Results, PointFailure> {
        let width = self.metrics.len();
        let mut results = Results::with_capacity(self.points * width);
        let outcome = chunked(
            self.points,
            || self.worker(),
            |worker, range, chunk: &mut Results| {
                chunk.clear();
                chunk.resize(range.len() * width, None);
                for (k, point) in range.enumerate() {
                    self.evaluate(worker, point, &mut chunk[k * width..(k + 1) * width])
                        .map_err(|e| (point, e))?;
                }
                Ok(())
            },
            |chunk| {
                results.extend_from_slice(chunk);
                Ok::<(), std::convert::Infallible>(())
            },
        );
        match outcome {
            Ok(()) => Ok(results),
            Err(Chunked::Point(failure)) => Err(failure),
            Err(Chunked::Emit(never)) => match never {},
        }
    }
}

/// Why [`chunked`] stopped.
enum Chunked<E> {
    /// A point failed (the first in grid order).
    Point(PointFailure),
    /// `emit` failed.
    Emit(E),
}

/// Splits `points` into chunks of [`CHUNK`] points, runs `work` on them in parallel (one
/// thread per core, each with its own `state` and buffers, taking every n-th chunk) and hands
/// each chunk's product to `emit` in grid order, recycling the buffers.
///
/// The first failing point in grid order is the error: chunks are emitted in order and a
/// worker stops at its first failure, so every chunk before the failing one succeeded. Once
/// a point has failed or `emit` has, the workers stop after their current chunk. A panic in a
/// worker is resumed here (a bug must not turn into missing rows).
fn chunked<S, T, E>(
    points: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, std::ops::Range<usize>, &mut T) -> Result<(), PointFailure> + Sync,
    mut emit: impl FnMut(&mut T) -> Result<(), E>,
) -> Result<(), Chunked<E>>
where
    T: Default + Send,
{
    let chunks = points.div_ceil(CHUNK);
    let range = |chunk: usize| chunk * CHUNK..((chunk + 1) * CHUNK).min(points);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chunks);
    if threads <= 1 {
        // One chunk or one core: no thread to start.
        let (mut state, mut buffer) = (state(), T::default());
        for chunk in 0..chunks {
            work(&mut state, range(chunk), &mut buffer).map_err(Chunked::Point)?;
            emit(&mut buffer).map_err(Chunked::Emit)?;
        }
        return Ok(());
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let mut lanes = Vec::with_capacity(threads);
        let mut handles = Vec::with_capacity(threads);
        for first in 0..threads {
            // Each worker runs at most one chunk ahead of the one waiting in its lane.
            let (done, finished) = mpsc::sync_channel::<(T, Result<(), PointFailure>)>(1);
            let (give_back, returned) = mpsc::channel::<T>();
            let (state, work, stop, range) = (&state, &work, &stop, &range);
            handles.push(scope.spawn(move || {
                let mut own = state();
                for chunk in (first..chunks).step_by(threads) {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut buffer = returned.try_recv().unwrap_or_default();
                    let outcome = work(&mut own, range(chunk), &mut buffer);
                    let failed = outcome.is_err();
                    // A closed lane: the emitter has stopped.
                    if done.send((buffer, outcome)).is_err() || failed {
                        break;
                    }
                }
            }));
            lanes.push((finished, give_back));
        }
        let mut outcome = Ok(());
        for chunk in 0..chunks {
            let (finished, give_back) = &lanes[chunk % threads];
            match finished.recv() {
                Ok((mut buffer, Ok(()))) => {
                    if let Err(e) = emit(&mut buffer) {
                        outcome = Err(Chunked::Emit(e));
                        break;
                    }
                    // The worker may have finished: its buffer is then simply dropped.
                    let _ = give_back.send(buffer);
                }
                Ok((_, Err(failure))) => {
                    outcome = Err(Chunked::Point(failure));
                    break;
                }
                // The worker is gone without its chunk: it panicked (resumed below).
                Err(mpsc::RecvError) => break,
            }
        }
        stop.store(true, Ordering::Relaxed);
        // Closing the lanes unblocks any worker waiting to hand over a chunk.
        drop(lanes);
        for handle in handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        outcome
    })
}

/// A header row, then one row per point: the --vary values, then the metrics, all exact.
/// Rows are computed in chunks in parallel and written to `out` in grid order.
fn csv(
    grid: &Grid<'_>,
    metric_names: &[String],
    out: &mut dyn std::io::Write,
) -> Result<(), output::Streamed<PointFailure>> {
    let header: Vec<String> = grid
        .varies
        .iter()
        .map(|v| v.key.clone())
        .chain(metric_names.iter().cloned())
        .map(|h| render::csv::field(&h))
        .collect();
    out.write_all(header.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    let width = grid.metrics.len();
    chunked(
        grid.points,
        || (grid.worker(), vec![None; width]),
        |(worker, values), range, text: &mut Vec<u8>| {
            text.clear();
            for point in range {
                grid.evaluate(worker, point, values)
                    .map_err(|e| (point, e))?;
                for (i, vary) in grid.varies.iter().enumerate() {
                    push_exact(text, vary.values.get(grid.digit(point, i)));
                    text.push(b',');
                }
                for (m, value) in values.iter().enumerate() {
                    if m > 0 {
                        text.push(b',');
                    }
                    if let Some(v) = value {
                        push_exact(text, *v);
                    }
                }
                text.push(b'\n');
            }
            Ok(())
        },
        |text| out.write_all(text),
    )
    .map_err(|e| match e {
        Chunked::Point(failure) => output::Streamed::Producer(failure),
        Chunked::Emit(e) => output::Streamed::Io(e),
    })
}

fn json(grid: &Grid<'_>, metric_names: &[String], results: &[Option<Decimal>]) -> String {
    let width = metric_names.len();
    let varies = grid.varies;
    let rows: Vec<serde_json::Value> = (0..grid.points)
        .map(|point| {
            let mut row = serde_json::Map::new();
            for (i, vary) in varies.iter().enumerate() {
                row.insert(
                    vary.key.clone(),
                    exact(vary.values.get(grid.digit(point, i))).into(),
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
    render::json::to_string(&serde_json::json!({
        "vary": varies.iter().map(|v| v.key.clone()).collect::<Vec<_>>(),
        "metrics": metric_names,
        "points": rows,
    }))
}

fn show(kind: Kind, value: Decimal, numbers: &Numbers) -> Cell {
    match kind {
        Kind::Money => numbers.money(value),
        Kind::Fraction => numbers.fraction(value),
        Kind::Shares => numbers.shares(value),
        Kind::Price => numbers.price(value),
        Kind::Multiple => numbers.multiple(value),
        Kind::Number => Cell::new(exact(value), report::cell::Value::Number(value)),
    }
}

/// The metrics of one point as cells (empty where a metric has no value).
fn figures<'a>(
    results: &'a [Option<Decimal>],
    kinds: &'a [Kind],
    numbers: &'a Numbers,
) -> impl Iterator<Item = Cell> + 'a {
    (results.iter().zip(kinds)).map(|(v, k)| v.map_or_else(Cell::empty, |v| show(*k, v, numbers)))
}

/// Every point as a row: the --vary values, then the metrics (the CSV's table, typed).
fn flat(
    grid: &Grid<'_>,
    metric_names: &[String],
    kinds: &[Kind],
    results: &[Option<Decimal>],
) -> Section {
    let numbers = &Numbers::Exact;
    let columns: Vec<(&str, bool)> = (grid.varies.iter().map(|v| v.key.as_str()))
        .chain(metric_names.iter().map(String::as_str))
        .map(|title| (title, true))
        .collect();
    let mut section = Section::new("Sweep", &columns);
    let width = metric_names.len();
    for (point, results) in results.chunks(width).enumerate() {
        let mut row: Vec<Cell> = (grid.varies.iter().enumerate())
            .map(|(i, v)| show(v.kind, v.values.get(grid.digit(point, i)), numbers))
            .collect();
        row.extend(figures(results, kinds, numbers));
        section.rows.push(row);
    }
    section
}

fn one_way(
    vary: &Vary,
    metric_names: &[String],
    kinds: &[Kind],
    results: &[Option<Decimal>],
    numbers: &Numbers,
) -> Section {
    let columns: Vec<(&str, bool)> = std::iter::once(vary.key.as_str())
        .chain(metric_names.iter().map(String::as_str))
        .map(|title| (title, true))
        .collect();
    let mut section = Section::new(format!("Sweep of {}", vary.key), &columns);
    section.rows = (vary.values.iter().zip(results.chunks(metric_names.len())))
        .map(|(value, results)| {
            std::iter::once(show(vary.kind, value, numbers))
                .chain(figures(results, kinds, numbers))
                .collect()
        })
        .collect();
    section
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
    let corner = format!("{} ↓ / {} →", rows_vary.key, columns_vary.key);
    let titles: Vec<String> = std::iter::once(corner)
        .chain(
            columns_vary
                .values
                .iter()
                .map(|v| show(columns_vary.kind, v, numbers).text),
        )
        .collect();
    let columns: Vec<(&str, bool)> = titles.iter().map(|t| (t.as_str(), true)).collect();
    let title = format!("{metric} by {} and {}", rows_vary.key, columns_vary.key);
    let mut section = Section::new(title, &columns);
    let count = columns_vary.values.len();
    section.rows = (rows_vary.values.iter().zip(results.chunks(count * width)))
        .map(|(value, results)| {
            std::iter::once(show(rows_vary.kind, value, numbers))
                .chain(
                    results
                        .iter()
                        .step_by(width)
                        .map(|v| v.map_or_else(Cell::empty, |v| show(kind, v, numbers))),
                )
                .collect()
        })
        .collect();
    section.note = (width > 1).then(|| {
        "Only the first --metric is shown in a two-way table; use --format csv for all.".into()
    });
    section
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
