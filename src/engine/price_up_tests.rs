//! Unit tests of the whole-share-total solver (`[rounding] price = "up"`). Expected figures
//! are worked by hand with Python's `fractions` beside each test.

use crate::engine::conversion::{PriceTerm, Workings};
use crate::engine::rounds::{CapTable, apply_round_with_workings};
use crate::scenario::model::ConditionSet;
use crate::test_support::{d, party, scenario};

const SMALL: &str = r#"
[scenario]
name = "Whole-share total, worked by hand"

[rounding]
price = "up"
price_decimals = 2

[[holder]]
name = "Founders"
shares = 1_000_000

[[holder]]
name = "Pool"
shares = 50_000
pool = true

[[safe]]
investor = "Capped"
amount = "100K"
cap = "4M"
converts_at = "Seed"

[[safe]]
investor = "YC"
amount = "125K"
kind = "fixed-percentage"
percentage = "7%"
converts_at = "Seed"

[[round]]
name = "Seed"
pre_money = "6.5M"
pool_target = "10%"
pool_timing = "pre-money"

[[round.investment]]
investor = "Lead"
amount = "3M"
"#;

#[test]
fn a_round_settles_on_its_whole_share_total() {
    // Python `fractions`, S = 1,050,000 shares before (pool 50,000), money I = 3M on V = 6.5M,
    // target 10%, prices up to 2 decimals (ceil2). An attempt from a candidate total T:
    //   top-up = max(0, ⌊T ÷ 10⌋ − 50,000); price p = ceil2(9,500,000 ÷ T); Lead ⌊3M ÷ p⌋;
    //   K = T − Lead − top-up; Capped at min(ceil2(4M ÷ K), p): ⌊100,000 ÷ that⌋;
    //   YC ⌊0.07 × (S + Capped) ÷ 0.93⌋; total = S + top-up + Capped + YC + Lead.
    // First candidate ⌊1,050,000 ÷ (1 − 0.1 − 3/9.5)⌋ = 1,797,297; the totals go 1,855,408,
    // 1,879,827, 1,890,708, 1,895,510, 1,897,268, 1,898,636, 1,898,863, 1,898,886, 1,898,888,
    // and 1,898,888 gives itself back:
    //   top-up ⌊189,888.8⌋ − 50,000 = 139,888; p = ceil2(5.00292…) = $5.01;
    //   Lead ⌊598,802.39…⌋ = 598,802; K = 1,898,888 − 598,802 − 139,888 = 1,160,198;
    //   cap price ceil2(3.44768…) = $3.45 < $5.01: Capped ⌊28,985.5…⌋ = 28,985;
    //   YC ⌊0.07 × 1,078,985 ÷ 0.93⌋ = ⌊81,213.3…⌋ = 81,213;
    //   1,050,000 + 139,888 + 28,985 + 81,213 + 598,802 = 1,898,888.
    // Pricing from the pre-money side instead (6.5M ÷ the pre-money count, rounded up: the
    // `up` mode before this solver) gives $5.00, the Lead 600,000 and the pool 190,022.
    let scenario = scenario(SMALL);
    let mut table = CapTable::initial(&scenario);
    let mut workings = Workings::default();
    let figures =
        apply_round_with_workings(&scenario, 0, ConditionSet::EMPTY, &mut table, &mut workings)
            .unwrap();
    assert_eq!(figures.price_per_share, Some(d("5.01")));
    let shares = |name: &str| table.units[party(&scenario, name)];
    assert_eq!(shares("Lead"), d("598802"));
    assert_eq!(shares("Capped"), d("28985"));
    assert_eq!(shares("YC"), d("81213"));
    assert_eq!(shares("Pool"), d("189888"));
    assert_eq!(shares("Founders"), d("1000000"));
    assert_eq!(table.total().unwrap(), d("1898888"));
    assert_eq!(workings.pool_top_up, d("139888"));
    assert_eq!(workings.company_capitalization, Some(d("1160198")));
    assert_eq!(workings.conversions[0].conversion_price, d("3.45"));
    assert_eq!(workings.conversions[0].cap_price, Some(d("3.45")));
    assert_eq!(workings.conversions[0].basis, PriceTerm::Cap);
    assert_eq!(workings.conversions[1].basis, PriceTerm::FixedPercentage);
    // The pre-money count: everything but the Lead's shares, 1,898,888 − 598,802.
    assert_eq!(workings.pre_money_count, d("1300086"));
    assert_eq!(figures.pre_money, d("6500000"));
}

#[test]
fn each_attempt_counts_towards_the_solver_work_bound() {
    // Ten attempts (the first candidate and the nine totals after it, the last of which gives
    // itself back), each 1 + 2 conversions + 1 investment = 4 terms: 40 terms.
    let scenario = scenario(SMALL);
    let mut table = CapTable::initial(&scenario);
    let mut workings = Workings::default();
    apply_round_with_workings(&scenario, 0, ConditionSet::EMPTY, &mut table, &mut workings)
        .unwrap();
    assert_eq!(table.solver_steps, 40);
    // A table that has used up the bound stops with the work-bound error, not a loop.
    let mut table = CapTable::initial(&scenario);
    table.solver_steps = super::MAX_SOLVER_STEPS;
    let error =
        apply_round_with_workings(&scenario, 0, ConditionSet::EMPTY, &mut table, &mut workings)
            .unwrap_err();
    assert_eq!(error.overflow.what, super::TOO_SLOW);
    assert_eq!(error.overflow.kind, crate::engine::OverflowKind::TooSlow);
}
