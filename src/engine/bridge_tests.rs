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
        name: format!("{kind:?}"),
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
    assert_eq!(other.name, "other (3 causes)");
    assert_eq!(
        other.members,
        vec![
            CauseKind::Secondary(0),
            CauseKind::Secondary(1),
            CauseKind::Secondary(2)
        ]
    );
}
