use super::*;

/// A scenario of one round (its round's fields do not matter to grouping secondaries).
fn one_round() -> Scenario {
    let text = "[scenario]\nname = \"t\"\n[[holder]]\nname = \"F\"\nshares = 100\n\
                [[round]]\nname = \"A\"\npre_money = \"1M\"\n\
                [[round.investment]]\ninvestor = \"I\"\namount = \"1M\"\n";
    let mut sources = crate::diagnostic::Sources::default();
    crate::scenario::load::load_text("t.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .scenario
}

fn cause(kind: CauseKind) -> Cause {
    Cause {
        name: CauseName::Grants,
        repeat: 1,
        members: vec![kind],
    }
}

#[test]
fn rational_is_exact() {
    // 0.125 = 1/8 and 3.10 = 31/10, reduced.
    assert_eq!(
        rational(Decimal::new(125, 3)),
        BigRational::new(1.into(), 8.into())
    );
    assert_eq!(
        rational(Decimal::new(310, 2)),
        BigRational::new(31.into(), 10.into())
    );
}

#[test]
fn grouping_is_not_needed_at_the_limit() {
    let scenario = one_round();
    let round = scenario.rounds[0].clone();
    let mut causes: Vec<Cause> = (0..MAX_CAUSES)
        .map(CauseKind::Secondary)
        .map(cause)
        .collect();
    assert_eq!(
        group(
            &scenario,
            &round,
            ConditionSet::EMPTY,
            &mut causes,
            MAX_CAUSES
        ),
        Ok(0)
    );
    assert_eq!(causes.len(), MAX_CAUSES);
}

#[test]
fn grouping_keeps_the_pool_and_groups_the_first_secondaries() {
    let scenario = one_round();
    let round = scenario.rounds[0].clone();
    // 14 causes: the pool and 13 secondaries (all "largest", so grouped in file order).
    let mut causes = vec![cause(CauseKind::PoolTopUp)];
    causes.extend((0..13).map(CauseKind::Secondary).map(cause));
    assert_eq!(
        group(
            &scenario,
            &round,
            ConditionSet::EMPTY,
            &mut causes,
            MAX_CAUSES
        ),
        Ok(3)
    );
    assert_eq!(causes.len(), MAX_CAUSES);
    assert_eq!(causes[0].members, vec![CauseKind::PoolTopUp]);
    let other = &causes[MAX_CAUSES - 1];
    assert_eq!(other.name, CauseName::Other(3));
    assert_eq!(
        other.members,
        vec![
            CauseKind::Secondary(0),
            CauseKind::Secondary(1),
            CauseKind::Secondary(2)
        ]
    );
}

#[test]
fn twelve_causes_add_up_exactly() {
    // The bench's round (benches/fixtures/bridge-twelve-causes.toml): 2^12 coalitions, the parts
    // summed as integers over one common denominator. Every holder's parts add up to its whole
    // change, exactly.
    let text = include_str!("../../benches/fixtures/bridge-twelve-causes.toml");
    let mut sources = crate::diagnostic::Sources::default();
    let scenario = crate::scenario::load::load_text("b.toml", text.to_string(), &mut sources)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .scenario;
    let state = scenario.assumed_state();
    let before = CapTable::initial(&scenario);
    let bridge = bridge(&scenario, 0, state, &before).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bridge.causes.len(), MAX_CAUSES);
    assert!(bridge.holders.len() > 10);
    for holder in &bridge.holders {
        let sum = holder
            .parts
            .iter()
            .fold(BigRational::zero(), |sum, part| sum + part);
        assert_eq!(
            sum,
            &holder.after - &holder.before,
            "party {}",
            holder.party
        );
    }
    // And each cause's parts add up to zero over the holders: Shapley values are linear in the
    // game, and the sum of the holders' games is the constant 1 (every coalition's ownerships
    // add up to the whole company), whose every part is 0.
    for cause in 0..bridge.causes.len() {
        let total = bridge
            .holders
            .iter()
            .fold(BigRational::zero(), |sum, h| sum + &h.parts[cause]);
        assert!(
            total.is_zero(),
            "cause {cause}: the holders' parts sum to {total}"
        );
    }
}
