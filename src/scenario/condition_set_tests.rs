//! Unit tests of `condition_set`.

use super::*;

#[test]
fn with_without_and_holds_touch_one_condition() {
    let set = ConditionSet::EMPTY.with(0).with(3);
    assert_eq!(set.bits(), 0b1001);
    assert!(set.holds(0) && set.holds(3));
    assert!(!set.holds(1) && !set.holds(2));
    assert_eq!(set.without(0).bits(), 0b1000);
    assert_eq!(set.without(1), set);
    assert_eq!(set.set(1, true).bits(), 0b1011);
    assert_eq!(set.set(3, false).bits(), 0b0001);
}

#[test]
fn indices_past_the_cap_never_hold() {
    let set = ConditionSet::EMPTY.with(MAX_CONDITIONS).with(40);
    assert_eq!(set, ConditionSet::EMPTY);
    assert!(!ConditionSet::from_bits(u32::MAX).holds(MAX_CONDITIONS));
    assert!(ConditionSet::from_bits(u32::MAX).holds(MAX_CONDITIONS - 1));
}

#[test]
fn holding_reads_one_value_per_condition() {
    assert_eq!(ConditionSet::holding([true, false, true]).bits(), 0b101);
    assert_eq!(ConditionSet::holding([]), ConditionSet::EMPTY);
}

#[test]
fn differences_count_the_conditions_that_differ() {
    let a = ConditionSet::from_bits(0b0110);
    let b = ConditionSet::from_bits(0b1100);
    // 0110 xor 1100 = 1010: conditions 1 and 3 differ.
    assert_eq!(a.differences(b), 2);
    assert_eq!(a.differences(a), 0);
}

#[test]
fn outcomes_count_in_binary_with_the_first_condition_most_significant() {
    // Two conditions, ipo (0) and agi (1): the table's rows are
    // (ipo, agi) = (no, no), (no, yes), (yes, no), (yes, yes).
    let rows: Vec<(bool, bool)> = ConditionSet::outcomes(2)
        .map(|s| (s.holds(0), s.holds(1)))
        .collect();
    assert_eq!(
        rows,
        [(false, false), (false, true), (true, false), (true, true)]
    );
    let one: Vec<ConditionSet> = ConditionSet::outcomes(0).collect();
    assert_eq!(one, [ConditionSet::EMPTY]);
    assert_eq!(ConditionSet::outcomes(3).len(), 8);
}

#[test]
fn outcomes_stop_at_the_cap() {
    assert_eq!(ConditionSet::outcomes(40).len(), 1 << MAX_CONDITIONS);
}

#[test]
fn outcome_index_inverts_outcome() {
    for (index, set) in ConditionSet::outcomes(4).enumerate() {
        assert_eq!(set, ConditionSet::outcome(index, 4));
        assert_eq!(set.outcome_index(4), index);
    }
    // Three conditions, only the first holds: row 0b100 = 4.
    assert_eq!(ConditionSet::EMPTY.with(0).outcome_index(3), 4);
}
