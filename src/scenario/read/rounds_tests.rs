//! What the rounds reader and `build` make of a round: parties' arrivals, a pro-rata
//! investment's sizing and the positions each holding is booked to. Expected values are read
//! off the scenario text: positions are numbered holders first, then per round the pool,
//! the investments and the grants as they first appear, then the SAFEs and notes.

use crate::scenario::model::{Arrival, ClassId, Position, PositionId, RoundId, Sizing};
use crate::test_support::{d, party, scenario};

/// A SAFE issued after the last round converts in none: its holder never holds a stake, while
/// a SAFE holder who also invests arrives at the earlier of the two rounds.
#[test]
fn arrival_is_the_first_round_a_party_holds_in_or_never() {
    let s = scenario(
        r#"
[scenario]
name = "t"

[[holder]]
name = "Founders"
shares = 1_000_000

[[round]]
name = "Seed"
date = 2025-06-01
pre_money = "8M"

[[round.investment]]
investor = "Seed Fund"
amount = "2M"

[[round]]
name = "Series A"
date = 2026-06-01
pre_money = "40M"

[[round.investment]]
investor = "A Fund"
amount = "10M"

[[safe]]
investor = "Seed Fund"
amount = "500K"
cap = "20M"
issued = 2025-09-01

[[safe]]
investor = "Late Angel"
amount = "100K"
cap = "60M"
issued = 2026-09-01

[[safe]]
investor = "A Fund"
amount = "1M"
cap = "10M"
issued = 2025-01-01
"#,
    );
    let arrival = |name: &str| s.parties[party(&s, name)].arrival;
    let round = RoundId::new;
    assert_eq!(arrival("Founders"), Arrival::Initial);
    // Invests in Seed (round 0); its SAFE converts in Series A (round 1): the earlier counts.
    assert_eq!(arrival("Seed Fund"), Arrival::Round(round(0)));
    // Invests in Series A (round 1); its SAFE, issued before Seed, converts in Seed.
    assert_eq!(s.instruments[2].round, Some(round(0)));
    assert_eq!(arrival("A Fund"), Arrival::Round(round(0)));
    // Issued after Series A: no round converts it, it is outstanding at the exits.
    assert_eq!(arrival("Late Angel"), Arrival::Never);
    assert_eq!(s.instruments[1].round, None);
    assert!(!Arrival::Never.by(round(1)));
    assert!(Arrival::Round(round(1)).by(round(1)) && !Arrival::Round(round(1)).by(round(0)));
    assert!(Arrival::Initial.by(round(0)));
}

/// A pro-rata investment is read with its sizing, no money (the engine sizes it) and the
/// lead's class; the pool a round creates arrives in that round; every holding has its
/// position.
#[test]
fn a_round_is_built_with_its_sizing_pool_and_positions() {
    let s = scenario(
        r#"
[scenario]
name = "t"

[[holder]]
name = "Founders"
shares = 9_000_000

[[holder]]
name = "Angel"
shares = 1_000_000

[class.seed]

[[round]]
name = "Seed"
pre_money = "8M"
pool_target = "10%"

[[round.investment]]
investor = "Seed Fund"
amount = "2M"
class = "seed"

[[round.investment]]
investor = "Angel"
pro_rata = true
"#,
    );
    let round = &s.rounds[0];
    let (fund, angel) = (party(&s, "Seed Fund"), party(&s, "Angel"));
    let pool = party(&s, "Option pool");
    assert_eq!(s.parties[pool].arrival, Arrival::Round(RoundId::new(0)));
    // Positions: Founders 0, Angel 1 (the holders), then the round's pool (2), the Seed
    // Fund's seed shares (3), Angel's seed shares (4).
    assert_eq!(round.pool_party, Some((pool, PositionId::new(2))));
    assert_eq!(round.investments[0].sizing, Sizing::Fixed);
    assert_eq!(round.investments[0].amount, d("2000000"));
    assert_eq!(round.investments[0].position, PositionId::new(3));
    let pro_rata = &round.investments[1];
    assert_eq!((pro_rata.party, pro_rata.sizing), (angel, Sizing::ProRata));
    assert_eq!(pro_rata.amount, d("0"));
    assert!(pro_rata.tranches.is_empty());
    assert_eq!(pro_rata.class, "seed");
    assert_eq!(pro_rata.position, PositionId::new(4));
    let seed = Some(ClassId::new(0));
    assert_eq!(
        s.positions,
        [
            Position {
                party: party(&s, "Founders"),
                class: None
            },
            Position {
                party: angel,
                class: None
            },
            Position {
                party: pool,
                class: None
            },
            Position {
                party: fund,
                class: seed
            },
            Position {
                party: angel,
                class: seed
            },
        ]
    );
}
