//! Unit tests of `rounds`: a priced round, by its three kinds of terms, and the engine's
//! import graph. Every expected figure is worked by hand beside it.

use super::{CapTable, Workings, apply_round, apply_round_with_workings};
use crate::scenario::model::{ConditionSet, Scenario};
use crate::test_support::{d, party, scenario};

/// Founders hold 1,000,000 shares; one investor puts $1M into a round with `terms`.
fn priced(terms: &str) -> Scenario {
    scenario(&format!(
        r#"
[scenario]
name = "A priced round, worked by hand"

[[holder]]
name = "Founders"
shares = 1_000_000

[[round]]
name = "Seed"
{terms}

[[round.investment]]
investor = "Investor"
amount = "1M"
"#
    ))
}

/// $4M pre-money on 1,000,000 shares: price $4M ÷ 1,000,000 = $4.00; the $1M buys
/// $1,000,000 ÷ $4 = 250,000 new shares; 1,250,000 after; the investor holds
/// 250,000 ÷ 1,250,000 = 1/5 = 20%, the founders 4/5 = 80%; post-money $4M + $1M = $5M.
/// `post_money = "5M"` (pre-money $5M − $1M = $4M) and `price_per_share = "4"` (pre-money
/// $4 × 1,000,000 = $4M) are the same round.
#[test]
fn a_priced_round_by_hand() {
    for terms in [
        r#"pre_money = "4M""#,
        r#"post_money = "5M""#,
        r#"price_per_share = "4""#,
    ] {
        let model = priced(terms);
        let mut table = CapTable::initial(&model);
        let figures =
            apply_round(&model, 0, ConditionSet::EMPTY, &mut table).expect("the round computes");
        assert_eq!(figures.pre_money, d("4000000"), "{terms}");
        assert_eq!(figures.new_money, d("1000000"), "{terms}");
        assert_eq!(figures.post_money, d("5000000"), "{terms}");
        assert_eq!(figures.committed, d("1000000"), "{terms}");
        assert_eq!(figures.price_per_share, Some(d("4")), "{terms}");
        assert_eq!(figures.pre_money_units, d("1000000"), "{terms}");
        assert_eq!(figures.post_money_units, d("1250000"), "{terms}");
        let (founders, investor) = (party(&model, "Founders"), party(&model, "Investor"));
        assert_eq!(table.units[investor], d("250000"), "{terms}");
        assert_eq!(table.issued[investor], d("250000"), "{terms}");
        assert_eq!(table.invested_round[investor], d("1000000"), "{terms}");
        assert_eq!(table.invested_total[investor], d("1000000"), "{terms}");
        assert_eq!(table.units[founders], d("1000000"), "{terms}");
        let total = table.total().expect("a total");
        assert_eq!(table.ownership(investor, total), Ok(d("0.2")), "{terms}");
        assert_eq!(table.ownership(founders, total), Ok(d("0.8")), "{terms}");
    }
}

/// The same round's workings: 1,000,000 shares before, the price divides 1,000,000, $4.00 a
/// share, 1,250,000 after, the investor's 250,000 shares for $1M.
#[test]
fn a_priced_rounds_workings() {
    let model = priced(r#"pre_money = "4M""#);
    let mut table = CapTable::initial(&model);
    let mut workings = Workings::default();
    apply_round_with_workings(&model, 0, ConditionSet::EMPTY, &mut table, &mut workings)
        .expect("computes");
    assert_eq!(workings.shares_before, d("1000000"));
    assert_eq!(workings.pre_money_count, d("1000000"));
    assert_eq!(workings.price_per_share, d("4"));
    assert_eq!(workings.shares_after, d("1250000"));
    assert_eq!(workings.investments.len(), 1);
    assert_eq!(workings.investments[0].money, d("1000000"));
    assert_eq!(workings.investments[0].shares, d("250000"));
    assert!(workings.conversions.is_empty());
}

/// Value terms: Founders 60% and Angel 40% of a company marked at $10M pre-money; $2.5M new
/// money. Holdings restated at the pre-money: $6M and $4M; post-money $12.5M; the investor
/// holds 2.5 ÷ 12.5 = 20%, Founders 6 ÷ 12.5 = 48%, Angel 4 ÷ 12.5 = 32%.
#[test]
fn a_round_in_value_terms_by_hand() {
    let model = scenario(
        r#"
[scenario]
name = "Stakes, worked by hand"

[[holder]]
name = "Founders"
stake = "60%"

[[holder]]
name = "Angel"
stake = "40%"

[[round]]
name = "A"
pre_money = "10M"

[[round.investment]]
investor = "Investor"
amount = "2.5M"
"#,
    );
    let mut table = CapTable::initial(&model);
    let figures =
        apply_round(&model, 0, ConditionSet::EMPTY, &mut table).expect("the round computes");
    assert_eq!(figures.post_money, d("12500000"));
    assert_eq!(figures.price_per_share, None);
    let total = table.total().expect("a total");
    assert_eq!(total, d("12500000"));
    for (name, value, fraction) in [
        ("Founders", "6000000", "0.48"),
        ("Angel", "4000000", "0.32"),
        ("Investor", "2500000", "0.2"),
    ] {
        let p = party(&model, name);
        assert_eq!(table.units[p], d(value), "{name}");
        assert_eq!(table.ownership(p, total), Ok(d(fraction)), "{name}");
        assert_eq!(
            super::holding_value(table.units[p], figures.post_money, total),
            Ok(d(value)),
            "{name}"
        );
    }
}

/// The engine's modules (`src/engine/*.rs`, tests left out) import each other without a
/// cycle: each names the others it uses as `super::NAME` (or `crate::engine::NAME`), and the
/// graph of those names has a topological order. A module that imports one that imports it
/// back, even through others, fails here.
#[test]
fn the_engine_modules_import_each_other_without_a_cycle() {
    let sources: &[(&str, &str)] = &[
        ("antidilution", include_str!("antidilution.rs")),
        ("arith", include_str!("arith.rs")),
        ("bridge", include_str!("bridge.rs")),
        ("captable", include_str!("captable.rs")),
        ("commitments", include_str!("commitments.rs")),
        ("conversion", include_str!("conversion.rs")),
        ("exact", include_str!("exact.rs")),
        ("exit", include_str!("exit.rs")),
        ("exit_expected", include_str!("exit_expected.rs")),
        ("outcomes", include_str!("outcomes.rs")),
        ("price_up", include_str!("price_up.rs")),
        ("rounds", include_str!("rounds.rs")),
        ("secondary", include_str!("secondary.rs")),
        ("sweep", include_str!("sweep.rs")),
    ];
    // Every module of `mod.rs` is in the list above.
    let declared: Vec<&str> = include_str!("mod.rs")
        .lines()
        .filter_map(|l| l.trim().strip_suffix(';'))
        .filter_map(|l| l.strip_prefix("pub mod ").or(l.strip_prefix("mod ")))
        .collect();
    let mut listed: Vec<&str> = sources.iter().map(|(name, _)| *name).collect();
    listed.sort_unstable();
    let mut declared_sorted = declared.clone();
    declared_sorted.sort_unstable();
    assert_eq!(listed, declared_sorted, "list every engine module here");

    let names: Vec<&str> = sources.iter().map(|(name, _)| *name).collect();
    let imports: Vec<Vec<usize>> = sources
        .iter()
        .map(|(module, text)| {
            // The module's own code: its tests (from the first `#[cfg(test)]`) and comments
            // (a doc link is no import) are left out.
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or(text)
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut used = Vec::new();
            for prefix in ["super::", "crate::engine::"] {
                for (at, _) in code.match_indices(prefix) {
                    let rest = &code[at + prefix.len()..];
                    let word: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(k) = names.iter().position(|n| *n == word)
                        && names[k] != *module
                        && !used.contains(&k)
                    {
                        used.push(k);
                    }
                }
            }
            used
        })
        .collect();
    // The graph as found, for the failure message.
    let graph: Vec<String> = imports
        .iter()
        .enumerate()
        .map(|(m, used)| {
            let used: Vec<&str> = used.iter().map(|&k| names[k]).collect();
            format!("{} -> {}", names[m], used.join(", "))
        })
        .collect();
    // The known leaves: what the cycle was broken with imports nothing of the engine but
    // checked arithmetic.
    let index = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    assert!(imports[index("arith")].is_empty(), "{graph:#?}");
    assert_eq!(
        imports[index("captable")],
        vec![index("arith")],
        "captable is a leaf: {graph:#?}"
    );
    let left = in_cycles(&imports);
    let left: Vec<&str> = left.iter().map(|&m| names[m]).collect();
    assert!(
        left.is_empty(),
        "an import cycle among {left:?}: {graph:#?}"
    );
}

/// The modules no topological order reaches (Kahn's algorithm: repeatedly take a module whose
/// imports are all taken): those in a cycle and those importing one. Empty without a cycle.
fn in_cycles(imports: &[Vec<usize>]) -> Vec<usize> {
    let mut taken = vec![false; imports.len()];
    while let Some(next) =
        (0..imports.len()).find(|&m| !taken[m] && imports[m].iter().all(|&k| taken[k]))
    {
        taken[next] = true;
    }
    (0..imports.len()).filter(|&m| !taken[m]).collect()
}

/// The check itself: 0 → 1 → 2 → 0 is a cycle (3 imports one of them, so no order reaches it
/// either; 4 is a leaf); with 2 → 0 gone, everything has an order.
#[test]
fn the_cycle_check_finds_a_cycle() {
    let cyclic = [vec![1], vec![2], vec![0], vec![0, 4], vec![]];
    assert_eq!(in_cycles(&cyclic), vec![0, 1, 2, 3]);
    let acyclic = [vec![1], vec![2], vec![], vec![0, 4], vec![]];
    assert!(in_cycles(&acyclic).is_empty());
}

#[test]
fn grants_beyond_the_pool_fail_as_pool_too_small() {
    // $9M pre-money on 9,000,000 shares and $1M in: $10M post-money, so a 10% post-money pool
    // holds about 1,000,000 shares, fewer than the 2,000,000 granted.
    let scenario = scenario(
        r#"
[scenario]
name = "Grants beyond the pool"

[[holder]]
name = "Founders"
shares = 9_000_000

[[round]]
name = "Seed"
pre_money = "9M"
pool_target = "10%"
pool_timing = "post-money"

[[round.investment]]
investor = "Fund"
amount = "1M"

[[round.grant]]
holder = "First hires"
shares = 2_000_000
exercise_price = "1.00"
"#,
    );
    let mut table = CapTable::initial(&scenario);
    let error = apply_round(&scenario, 0, ConditionSet::EMPTY, &mut table).unwrap_err();
    assert_eq!(
        error.overflow.kind,
        crate::engine::OverflowKind::PoolTooSmall
    );
    assert_eq!(error.overflow.what, super::POOL_TOO_SMALL);
}
