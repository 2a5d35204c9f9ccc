//! Speed of the engine, by criterion: `cargo bench` (figures in README.md, "Performance").
//!
//! - `evaluation/openai`: one what-if point of the bundled OpenAI scenario as `sweep` runs it
//!   (write a pre-money into the model, run the round, read Amazon's ownership), against
//!   `evaluation/bare_decimal_loop`, the same decimal operations written out by hand, and
//!   `evaluation/openai_plan`, the same point as the sweep now computes it
//!   (`engine::sweep::StakesPlan`: only what depends on the pre-money);
//! - `evaluation/startup_series_a`: one what-if point of the bundled startup scenario's Series A
//!   (its pre-money moved; the seed and the Series A replayed): two coupled rounds, solved
//!   exactly, with a pool target, post-money SAFEs, a note and a pro-rata investment;
//! - `sweep/1m_points_csv`: the whole `captable sweep` of 1,000,000 points written as CSV to a
//!   file, through the library's command-line entry point;
//! - `outcomes/wide_*`: `outcomes` on 10,000 and 100,000 holders after 20 rounds;
//! - `outcomes/16_conditions`: 65,536 outcomes over 10 investors, with expected values;
//! - `bridge/twelve_causes`: the dilution bridge of one round with twelve causes (2^12 runs of
//!   the round and the exact Shapley sums; `benches/fixtures/bridge-twelve-causes.toml`).

use std::hint::black_box;

use captable::diagnostic::Sources;
use captable::engine::arith;
use captable::engine::rounds::CapTable;
use captable::engine::sweep::{self, Metric, Slot};
use clap::Parser as _;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;

fn openai() -> captable::scenario::Scenario {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/openai-2026.toml"
    ))
    .expect("the bundled scenario");
    captable::scenario::load_text("openai-2026.toml", text, &mut Sources::default())
        .expect("valid")
        .scenario
}

fn startup() -> captable::scenario::Scenario {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/startup-seed-to-series-a.toml"
    ))
    .expect("the bundled scenario");
    captable::scenario::load_text(
        "startup-seed-to-series-a.toml",
        text,
        &mut Sources::default(),
    )
    .expect("valid")
    .scenario
}

fn evaluation(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluation");
    let mut scenario = openai();
    let state = scenario.assumed_state();
    let amazon = scenario.party_index("Amazon").expect("Amazon invests");
    let metrics = [Metric::Ownership(amazon)];
    let mut table = CapTable::for_sweep(&scenario);
    let mut out = [None];
    let mut pre = Decimal::from(600_000_000_000_i64);
    let step = Decimal::from(300_000);
    group.bench_function("openai", |b| {
        b.iter(|| {
            pre += step;
            if let Some(field) = sweep::slot_mut(&mut scenario, Slot::Terms(0)) {
                *field = pre;
            }
            sweep::evaluate(&scenario, state, 0, &metrics, &mut table, &mut out).expect("computes");
            black_box(out[0])
        });
    });
    let plan = sweep::StakesPlan::new(&scenario, state, 0, &[Slot::Terms(0)]).expect("a plan");
    group.bench_function("openai_plan", |b| {
        b.iter(|| {
            pre += step;
            if let Some(field) = sweep::slot_mut(&mut scenario, Slot::Terms(0)) {
                *field = pre;
            }
            plan.evaluate(&scenario, &metrics, &mut table, &mut out)
                .expect("computes");
            black_box(out[0])
        });
    });

    let mut startup = startup();
    let state = startup.assumed_state();
    let last = startup.rounds.len() - 1;
    let lead = startup
        .party_index("Series A Lead")
        .expect("the lead invests");
    let metrics = [Metric::Ownership(lead)];
    let mut table = CapTable::for_sweep(&startup);
    let mut pre = Decimal::from(40_000_000_i64);
    let step = Decimal::from(1_000);
    group.bench_function("startup_series_a", |b| {
        b.iter(|| {
            pre += step;
            if let Some(field) = sweep::slot_mut(&mut startup, Slot::Terms(last)) {
                *field = pre;
            }
            sweep::evaluate(&startup, state, last, &metrics, &mut table, &mut out)
                .expect("computes");
            black_box(out[0])
        });
    });

    // The same decimal operations written out by hand, with no model, vectors of parties,
    // conditions or error context: the total before the round, the committed money, the three
    // stakes restated at the pre-money, each investment's money (Amazon's as two tranches)
    // added to its holding, its invested-this-round and invested-in-total figures and the new
    // money, the post-money, the total after, and Amazon's ownership.
    let stakes = [
        Decimal::new(27, 2),
        Decimal::new(26, 2),
        Decimal::new(47, 2),
    ];
    let tranches = [
        Decimal::from(15_000_000_000_i64),
        Decimal::from(35_000_000_000_i64),
        Decimal::from(30_000_000_000_i64),
        Decimal::from(30_000_000_000_i64),
    ];
    let amounts = [
        Decimal::from(50_000_000_000_i64),
        Decimal::from(30_000_000_000_i64),
        Decimal::from(30_000_000_000_i64),
    ];
    let mut pre = Decimal::from(600_000_000_000_i64);
    group.bench_function("bare_decimal_loop", |b| {
        b.iter(|| {
            pre += step;
            let mut units = [Decimal::ZERO; 6];
            let mut invested_round = [Decimal::ZERO; 6];
            let mut invested_total = [Decimal::ZERO; 6];
            units[..3].copy_from_slice(&stakes);
            let before = arith::sum(units, "t").expect("sums");
            let committed = arith::sum(amounts, "c").expect("sums");
            for unit in &mut units[..3] {
                *unit = arith::mul_div(*unit, pre, before, "v").expect("fits");
            }
            let paid = [
                arith::add(tranches[0], tranches[1], "a").expect("fits"),
                tranches[2],
                tranches[3],
            ];
            let mut new_money = Decimal::ZERO;
            for (k, money) in paid.into_iter().enumerate() {
                units[3 + k] = arith::add(units[3 + k], money, "a").expect("fits");
                invested_round[3 + k] =
                    arith::add(invested_round[3 + k], money, "a").expect("fits");
                invested_total[3 + k] =
                    arith::add(invested_total[3 + k], money, "a").expect("fits");
                new_money = arith::add(new_money, money, "n").expect("fits");
            }
            let post = arith::add(pre, new_money, "p").expect("fits");
            let total = arith::sum(units, "t").expect("sums");
            black_box((committed, post, invested_round, invested_total));
            black_box(arith::div(units[3], total, "o").expect("divides"))
        });
    });
    group.finish();
}

fn sweep_csv(c: &mut Criterion) {
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("sweep.csv");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/openai-2026.toml");
    group.bench_function("1m_points_csv", |b| {
        b.iter(|| {
            let cli = captable::cli::Cli::parse_from([
                "captable",
                "sweep",
                scenario,
                "--vary",
                "round[0].pre_money=600B..899.9997B:300K",
                "--metric",
                "ownership:Amazon",
                "--format",
                "csv",
                "--output",
                out.to_str().expect("a UTF-8 path"),
            ]);
            captable::run(cli).expect("the sweep runs");
        });
    });
    group.finish();
}

/// `holders` holders with share counts, 20 rounds, two conditions.
fn wide(holders: usize) -> captable::scenario::Scenario {
    let mut text = String::from(
        "[scenario]\nname = \"Wide\"\n\n[condition.ipo]\nprobability = \"50%\"\n[condition.agi]\nprobability = \"20%\"\n",
    );
    for i in 0..holders {
        text.push_str(&format!(
            "[[holder]]\nname = \"Holder {i}\"\nshares = {}\n",
            100 + (i * 7919) % 100_000
        ));
    }
    for r in 0..20 {
        text.push_str(&format!(
            "[[round]]\nname = \"Round {}\"\npre_money = \"{}M\"\n[[round.investment]]\ninvestor = \"Fund {r}\"\namount = \"{}M\"\n",
            r + 1,
            (r + 1) * 100,
            10 + r
        ));
        if r % 5 == 0 {
            text.push_str(&format!(
                "[[round.investment.tranche]]\namount = \"{}M\"\n[[round.investment.tranche]]\namount = \"5M\"\nwhen = \"ipo or agi\"\n",
                5 + r
            ));
        }
    }
    captable::scenario::load_text("wide.toml", text, &mut Sources::default())
        .expect("valid")
        .scenario
}

/// 16 conditions, 10 investors each paying a tranche on one or two of them.
fn sixteen_conditions() -> captable::scenario::Scenario {
    let mut text = String::from(
        "[scenario]\nname = \"Sixteen\"\n\n[[holder]]\nname = \"Founders\"\nshares = 10_000_000\n",
    );
    for c in 0..16 {
        text.push_str(&format!(
            "[condition.c{c}]\nprobability = \"{}%\"\n",
            10 + c * 5
        ));
    }
    text.push_str("[[round]]\nname = \"Series A\"\npre_money = \"40M\"\n");
    for i in 0..10 {
        text.push_str(&format!(
            "[[round.investment]]\ninvestor = \"Investor {i}\"\namount = \"3M\"\n[[round.investment.tranche]]\namount = \"1M\"\n[[round.investment.tranche]]\namount = \"2M\"\nwhen = \"c{} or c{}\"\n",
            i,
            (i + 10) % 16
        ));
    }
    captable::scenario::load_text("sixteen.toml", text, &mut Sources::default())
        .expect("valid")
        .scenario
}

fn outcomes(c: &mut Criterion) {
    let mut group = c.benchmark_group("outcomes");
    group.sample_size(10);
    for holders in [10_000, 100_000] {
        let scenario = wide(holders);
        group.bench_function(format!("wide_{holders}_holders_20_rounds"), |b| {
            b.iter(|| {
                black_box(
                    captable::report::outcomes(
                        &scenario,
                        scenario.assumed_state(),
                        captable::report::OwnershipBasis::FullyDiluted,
                    )
                    .expect("computes"),
                )
            });
        });
    }
    let scenario = sixteen_conditions();
    group.bench_function("16_conditions", |b| {
        b.iter(|| {
            black_box(
                captable::report::outcomes(
                    &scenario,
                    scenario.assumed_state(),
                    captable::report::OwnershipBasis::FullyDiluted,
                )
                .expect("computes"),
            )
        });
    });
    group.finish();
}

fn bridge(c: &mut Criterion) {
    let mut group = c.benchmark_group("bridge");
    group.sample_size(10);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/fixtures/bridge-twelve-causes.toml"
    ))
    .expect("the bench fixture");
    let scenario = captable::scenario::load_text("bridge.toml", text, &mut Sources::default())
        .expect("valid")
        .scenario;
    let state = scenario.assumed_state();
    let report = captable::report::build(&scenario, state).expect("computes");
    group.bench_function("twelve_causes", |b| {
        b.iter(|| {
            let mut report = report.clone();
            captable::report::bridge::attach(&scenario, state, &mut report).expect("computes");
            black_box(report)
        });
    });
}

criterion_group!(benches, evaluation, sweep_csv, outcomes, bridge);
criterion_main!(benches);
