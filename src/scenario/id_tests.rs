use super::{ClassId, Id, IdVec, PartyId, PositionId, RoundId, enumerate, enumerate_mut, ids};

struct Item(&'static str);
indexes!(PartyId => Item);

#[test]
fn an_id_round_trips_its_index() {
    for index in [0, 1, 7, usize::MAX] {
        assert_eq!(PartyId::new(index).index(), index);
        assert_eq!(PositionId::from_index(index).to_index(), index);
        assert_eq!(ClassId::new(index), ClassId::from_index(index));
    }
    assert!(PartyId::new(1) < PartyId::new(2));
}

#[test]
fn an_id_serializes_as_the_bare_number() {
    assert_eq!(
        serde_json::to_string(&PartyId::new(3)).ok().as_deref(),
        Some("3")
    );
    assert_eq!(
        serde_json::to_string(&Some(ClassId::new(0)))
            .ok()
            .as_deref(),
        Some("0")
    );
}

#[test]
fn an_id_indexes_the_lists_it_names() {
    let mut items = vec![Item("a"), Item("b"), Item("c")];
    assert_eq!(items[PartyId::new(1)].0, "b");
    items[PartyId::new(2)] = Item("z");
    let slice: &[Item] = &items;
    assert_eq!(slice[PartyId::new(2)].0, "z");
    let named: Vec<(PartyId, &str)> = enumerate(&items).map(|(i, item)| (i, item.0)).collect();
    assert_eq!(
        named,
        [
            (PartyId::new(0), "a"),
            (PartyId::new(1), "b"),
            (PartyId::new(2), "z")
        ]
    );
}

#[test]
fn an_id_vec_is_indexed_by_its_id() {
    let mut units: IdVec<PositionId, u32> = [10, 20, 30].into_iter().collect();
    units[PositionId::new(1)] += 5;
    assert_eq!(units[PositionId::new(1)], 25);
    assert_eq!(units.get(PositionId::new(3)), None);
    assert_eq!(units.get(PositionId::new(0)), Some(&10));
    assert_eq!(
        units.ids().collect::<Vec<_>>(),
        ids::<PositionId>(3).collect::<Vec<_>>()
    );
    let sum: u32 = units.enumerate().map(|(p, &u)| u * p.index() as u32).sum();
    assert_eq!(sum, 25 + 2 * 30);
    units.clear();
    units.resize(2, 1);
    assert_eq!(units.as_slice(), [1, 1]);
}

struct Generic<P>(P);
indexes!(RoundId => Generic<P>);

#[test]
fn an_id_indexes_a_list_generic_over_its_positions() {
    let mut placed = vec![Generic(1_u8), Generic(2)];
    let unplaced = [Generic(()), Generic(())];
    assert_eq!(placed[RoundId::new(1)].0, 2);
    assert_eq!(unplaced[RoundId::new(0)].0, ());
    for (r, item) in enumerate_mut::<RoundId, _>(&mut placed) {
        item.0 += 10 * u8::try_from(r.index()).unwrap_or(0);
    }
    assert_eq!(
        (placed[RoundId::new(0)].0, placed[RoundId::new(1)].0),
        (1, 12)
    );
}
