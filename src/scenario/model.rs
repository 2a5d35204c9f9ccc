//! The validated scenario: every value parsed, every name resolved, every rule checked.
//!
//! Nothing here carries a span or an unchecked string; the engine takes this model as given.
//! Parties (holders and investors) are numbered once, in order of first appearance, so the
//! engine can keep a cap table as a plain vector.

use rust_decimal::Decimal;

pub use super::condition_set::{ConditionSet, MAX_CONDITIONS};
use super::expr::Expr;
use super::id::indexes;
pub use super::id::{ClassId, IdVec, InstrumentId, PartyId, PositionId, RoundId};

indexes!(PartyId => Party);
indexes!(PositionId => Position);
indexes!(ClassId => ShareClass);
indexes!(InstrumentId => Instrument<P>);
indexes!(RoundId => Round<P>);

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub currency: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub rounding: Rounding,
    pub annual_revenue: Option<Decimal>,
    /// How the cap table before the first round is given.
    pub basis: Basis,
    /// Every party that ever holds a stake: initial holders first, then investors in the order
    /// they first appear in the rounds.
    pub parties: Vec<Party>,
    pub conditions: Vec<Condition>,
    pub rounds: Vec<Round>,
    /// SAFEs and convertible notes, in file order (SAFEs first, then notes).
    pub instruments: Vec<Instrument>,
    pub commitments: Vec<Commitment>,
    /// Preferred share classes (`[class.NAME]`), in file order; `common` is not one of them.
    pub classes: Vec<ShareClass>,
    /// Holdings of one party in one class: where new shares and money are booked. Initial
    /// holders come first, so position `i` is party `i` for every holder before round 1.
    pub positions: Vec<Position>,
    /// The file's `[[exit]]` list.
    pub exits: Vec<Exit>,
}

/// A preferred share class's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareClass {
    pub name: String,
    /// The name tables and charts show (`name = "Series A Preferred"`); without one, a name
    /// derived from the key ([`crate::format::class_title`]).
    pub title: Option<String>,
    /// Multiple of the money invested in the class paid before junior classes and common.
    pub preference: Decimal,
    /// After its preference, also shares in the rest as if converted.
    pub participating: bool,
    /// Participating only: the most the class receives in total, as a multiple of its money.
    pub cap: Option<Decimal>,
    /// Higher is paid first; equal seniority shares pro rata to the claims.
    pub seniority: i64,
    pub anti_dilution: AntiDilution,
    /// What `A` of the broad-based weighted-average formula counts.
    pub anti_dilution_base: AntiDilutionBase,
    /// Decimals an adjusted conversion price is rounded to (half away from zero), if any.
    pub price_decimals: Option<u32>,
    /// A shadow series: the conversion shares of one SAFE or note that converts with
    /// `series = "shadow"`, its own series of another class (whose terms it copies). Its
    /// `name` is `CLASS:shadow:INVESTOR`; tables show [`ShareClass::label`].
    pub shadow: Option<Shadow>,
}

impl ShareClass {
    /// The name shown in tables: `CLASS (INVESTOR)` for a shadow series, else the name.
    pub fn label(&self) -> String {
        match &self.shadow {
            Some(shadow) => format!("{} ({})", shadow.of_name, shadow.investor),
            None => self.name.clone(),
        }
    }

    /// A class with the default terms (1× non-participating, seniority 0, no anti-dilution).
    pub fn plain(name: String) -> Self {
        ShareClass {
            name,
            title: None,
            preference: Decimal::ONE,
            participating: false,
            cap: None,
            seniority: 0,
            anti_dilution: AntiDilution::None,
            anti_dilution_base: AntiDilutionBase::Outstanding,
            price_decimals: None,
            shadow: None,
        }
    }
}

/// The series of one converting instrument within a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadow {
    /// The class it is a series of.
    pub of: ClassId,
    pub of_name: String,
    pub investor: String,
    pub instrument: InstrumentId,
}

/// The share count `A` of the broad-based weighted-average formula counts (`[class.NAME]
/// anti_dilution_base`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntiDilutionBase {
    /// The NVCA model charter's: common outstanding plus outstanding options and convertible
    /// securities as converted, not the reserved-but-unissued pool.
    Outstanding,
    /// Also the reserved-but-unissued pool.
    FullyDiluted,
}

impl AntiDilutionBase {
    pub fn as_str(self) -> &'static str {
        match self {
            AntiDilutionBase::Outstanding => "outstanding",
            AntiDilutionBase::FullyDiluted => "fully-diluted",
        }
    }
}

/// Which series of its class a converting instrument's shares join (`series`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    /// The round's: the same series as the round's new money.
    Round,
    /// Its own series, whose original issue price is the conversion price.
    Shadow,
}

/// How a class's conversion price follows a later round priced below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntiDilution {
    None,
    /// Weighted average over the fully diluted count before the round.
    BroadBased,
    /// Weighted average over the class's own shares before the round.
    NarrowBased,
    /// The conversion price drops to the new round's price.
    FullRatchet,
}

impl AntiDilution {
    pub fn as_str(self) -> &'static str {
        match self {
            AntiDilution::None => "none",
            AntiDilution::BroadBased => "broad-based",
            AntiDilution::NarrowBased => "narrow-based",
            AntiDilution::FullRatchet => "full-ratchet",
        }
    }
}

/// One party's holding in one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub party: PartyId,
    /// `None` for common.
    pub class: Option<ClassId>,
}

/// An exit: proceeds to the holders of the company's securities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exit {
    pub name: String,
    pub value: Decimal,
    /// The date outstanding notes accrue interest to.
    pub date: Option<Date>,
    /// The chance of this exit, a fraction: given on every exit of the file or on none, and
    /// then summing to exactly 1 (checked when the file is read, E0034).
    pub probability: Option<Decimal>,
    /// The condition outcomes in which this exit can happen (`when`); `None`: in every one.
    /// Its probability is then conditional on the outcome: in each outcome, the exits that can
    /// happen sum to 1.
    pub when: Option<Expr>,
}

/// Whether holders were given as fractions (value terms) or share counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Stakes: the engine works in value terms; share counts and prices are unknown.
    Stakes,
    /// Share counts: prices per share and share counts are computed.
    Shares,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareRounding {
    /// Round new share counts down (the default: a company never issues a part share).
    Floor,
    /// Round half away from zero.
    Nearest,
    /// Keep fractional shares.
    Exact,
}

/// How `price_decimals` rounds a price (`[rounding] price`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceRounding {
    /// Half away from zero, the round price only (the default).
    Nearest,
    /// Up — the legal-spreadsheet convention: the round price and every conversion price are
    /// rounded up before any share count is computed from them.
    Up,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    pub shares: ShareRounding,
    /// Round each computed price per share to this many decimals (see `price`).
    pub price_decimals: Option<u32>,
    pub price: PriceRounding,
}

impl Rounding {
    /// The decimals every price is rounded up to under the legal-spreadsheet convention
    /// (`price = "up"`), if it applies.
    pub fn prices_up(&self) -> Option<u32> {
        match self.price {
            PriceRounding::Up => self.price_decimals,
            PriceRounding::Nearest => None,
        }
    }
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            shares: ShareRounding::Floor,
            price_decimals: None,
            price: PriceRounding::Nearest,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    pub name: String,
    pub class: String,
    /// The unallocated option pool: counted in the fully diluted total, owned by nobody.
    pub pool: bool,
    /// The stake (a fraction, with [`Basis::Stakes`]) or share count held before the first
    /// round; zero for parties that first appear as investors.
    pub initial: Decimal,
    /// When it first holds a stake.
    pub arrival: Arrival,
    /// Money a holder before the first round paid for its shares (`invested`), for
    /// preferences and exit multiples; zero when not given and for later investors.
    pub initial_invested: Decimal,
    /// Shares, or options or warrants with a strike (`[[holder]] kind`).
    pub kind: HolderKind,
}

/// What a holder before the first round holds (`[[holder]] kind`).
///
/// Options and warrants count as shares in every fully diluted figure (price per share, pool
/// top-ups, SAFE capitalizations, ownership); at an exit they are exercised only when in the
/// money (`engine::exit`), and `report --basis outstanding` leaves them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolderKind {
    /// Issued and outstanding shares (the default).
    Shares,
    /// Options to buy shares of its class at this exercise price per share.
    Option(Decimal),
    /// Warrants to buy shares of its class at this exercise price per share.
    Warrant(Decimal),
}

impl HolderKind {
    /// The exercise price per share of an option or warrant.
    pub fn strike(self) -> Option<Decimal> {
        match self {
            HolderKind::Shares => None,
            HolderKind::Option(price) | HolderKind::Warrant(price) => Some(price),
        }
    }

    /// The word used in files and JSON: `shares`, `option` or `warrant`.
    pub fn as_str(self) -> &'static str {
        match self {
            HolderKind::Shares => "shares",
            HolderKind::Option(_) => "option",
            HolderKind::Warrant(_) => "warrant",
        }
    }
}

/// When a party first holds a stake. Ordered as time runs: `Initial`, then the rounds in
/// order, then `Never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Arrival {
    /// A holder before the first round (`[[holder]]`).
    Initial,
    /// First invests, is granted options, buys shares or converts a SAFE or note in this round.
    Round(RoundId),
    /// Holds only SAFEs or notes that no round converts: outstanding at the exits, never in a
    /// cap table.
    Never,
}

impl Arrival {
    /// When the holder of a SAFE or note converting in `round` arrives (`None`: no round
    /// converts it).
    pub fn converting(round: Option<RoundId>) -> Arrival {
        round.map_or(Arrival::Never, Arrival::Round)
    }

    /// Whether the party holds a stake after round `round`.
    pub fn by(self, round: RoundId) -> bool {
        self <= Arrival::Round(round)
    }
}

impl Party {
    /// A party that first appears at `arrival` (an investor, a grantee, a buyer, the pool a
    /// round creates, a SAFE or note holder): nothing held or invested before it.
    pub fn newcomer(name: String, class: String, arrival: Arrival, kind: HolderKind) -> Party {
        Party {
            name,
            class,
            pool: false,
            initial: Decimal::ZERO,
            arrival,
            initial_invested: Decimal::ZERO,
            kind,
        }
    }

    /// Whether it holds options or warrants rather than issued shares.
    pub fn is_option(&self) -> bool {
        self.kind != HolderKind::Shares
    }

    /// Whether its shares are issued and outstanding: not the unallocated pool, not options or
    /// warrants (`report --basis outstanding`).
    pub fn is_outstanding(&self) -> bool {
        !self.pool && !self.is_option()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub name: String,
    pub description: Option<String>,
    pub probability: Option<Decimal>,
    pub assume: bool,
}

/// A round. `P` is a position holdings are booked to: `()` while the file is read, `PositionId`
/// once every holding is numbered (see `scenario/build.rs`, `positions`).
#[derive(Clone, Debug, PartialEq)]
pub struct Round<P = PositionId> {
    pub name: String,
    pub date: Option<Date>,
    pub terms: Terms,
    pub investments: Vec<Investment<P>>,
    /// A top-up of the unallocated option pool, if any.
    pub pool: Option<PoolChange>,
    pub pool_timing: PoolTiming,
    /// With a top-up: the party that holds the unallocated pool (created if the holders had
    /// none), and its common position the top-up is booked to.
    pub pool_party: Option<(PartyId, P)>,
    pub conversion_method: ConversionMethod,
    /// The instruments converting in this round (`build` adds them once the instruments are
    /// read).
    pub conversions: Vec<InstrumentId>,
    /// Options granted out of the unallocated pool at the round's closing (`[[round.grant]]`).
    pub grants: Vec<Grant<P>>,
    /// The pool party grants come out of, and its common position.
    pub grant_pool: Option<(PartyId, P)>,
    /// Sales of existing shares at the round's closing (`[[round.secondary]]`), in file order,
    /// applied after the round's new money, conversions and anti-dilution.
    pub secondaries: Vec<Secondary>,
}

/// Options (or warrants) granted out of the unallocated pool at a round's closing: after its
/// new shares, pool top-up and conversions, `shares` move from the pool to the grantee.
#[derive(Clone, Debug, PartialEq)]
pub struct Grant<P = PositionId> {
    /// An option or warrant holder.
    pub party: PartyId,
    pub shares: Decimal,
    /// The grantee's position (common).
    pub position: P,
}

impl Grant<()> {
    /// The grant with the grantee's options booked to `position`.
    pub fn placed(self, position: PositionId) -> Grant {
        Grant {
            party: self.party,
            shares: self.shares,
            position,
        }
    }
}

/// A secondary sale or tender: existing shares move from the sellers to the buyer at the
/// round's closing. No money reaches the company and no share is issued.
#[derive(Clone, Debug, PartialEq)]
pub struct Secondary {
    /// Parties that sell, in file order (one for `seller`; a tender's list; every common
    /// holder but the pool and the buyer for `"all-common"`).
    pub sellers: Vec<PartyId>,
    /// `sellers = [..]` or `"all-common"`: a tender, each seller selling pro rata.
    pub tender: bool,
    /// `sellers = "all-common"`: only common positions are sold (and counted as holdings).
    pub common_only: bool,
    pub buyer: PartyId,
    pub quantity: SecondaryQuantity,
    pub price: SecondaryPrice,
    /// `None`: the sale happens in every outcome.
    pub when: Option<Expr>,
    /// The `when` as written, for reports.
    pub when_text: Option<String>,
    /// The class the bought shares convert into (`class`); `None` keeps the seller's class.
    pub class: Option<String>,
    /// A tender's limit per seller (`cap`).
    pub cap: Option<SellerCap>,
    /// The buyer's position per class slot ([`Secondary::slot`]):
    /// where the shares sold from a position of that class are booked (all the same position
    /// when `class` is given). Filled in with the positions.
    pub buyer_positions: Vec<Option<PositionId>>,
    /// Per seller, the positions it sells from, in order: common first, then its other
    /// classes in booking order (only common for `"all-common"`).
    pub seller_positions: Vec<Vec<PositionId>>,
}

impl Secondary {
    /// The slot of [`Secondary::buyer_positions`] for shares of `class`: 0 for common, then
    /// one per class of `Scenario::classes`.
    pub fn slot(class: Option<ClassId>) -> usize {
        class.map_or(0, |c| c.index() + 1)
    }

    /// Whether the sale happens when the conditions in `state` hold.
    pub fn happens(&self, state: ConditionSet) -> bool {
        self.when.as_ref().is_none_or(|when| when.eval(state))
    }
}

/// How much a secondary sells in total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondaryQuantity {
    /// Shares (as issued).
    Shares(Decimal),
    /// A fraction of the company, fully diluted at the round's closing.
    Stake(Decimal),
    /// Money, at the sale's price.
    Amount(Decimal),
}

/// A secondary's price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondaryPrice {
    PerShare(Decimal),
    /// The company value the price implies: price = valuation ÷ fully diluted shares after the
    /// round (in value terms, stake = amount ÷ valuation).
    Valuation(Decimal),
}

/// The most one seller of a tender sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SellerCap {
    Shares(Decimal),
    /// A fraction of the seller's own holding at the round's closing.
    Fraction(Decimal),
}

impl<P> Round<P> {
    /// Whether price, pool, conversions and pro-rata depend on each other in this round.
    pub fn is_coupled(&self) -> bool {
        self.pool.is_some()
            || !self.conversions.is_empty()
            || self.investments.iter().any(|i| i.sizing == Sizing::ProRata)
    }
}

/// How the unallocated pool grows in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolChange {
    /// Top up to this fraction of the post-money fully diluted count.
    Target(Decimal),
    /// Add this many shares.
    Increase(Decimal),
}

/// Whether a pool top-up is in the pre-money count (diluting only earlier holders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolTiming {
    PreMoney,
    PostMoney,
}

/// How converting notes and pre-money SAFEs enter the round's price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConversionMethod {
    /// Their conversion shares are in the pre-money count.
    PercentageOwnership,
    /// They are not.
    PreMoney,
    /// Only the shares their discount adds (beyond what their money buys at the round price).
    DollarsInvested,
}

impl ConversionMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversionMethod::PercentageOwnership => "percentage-ownership",
            ConversionMethod::PreMoney => "pre-money",
            ConversionMethod::DollarsInvested => "dollars-invested",
        }
    }
}

/// A SAFE or convertible note: the terms both have, and in `terms` the terms of its kind.
///
/// `P` is the position its conversion shares are booked to: `()` while the file is read,
/// `PositionId` once every holding is numbered (see `scenario/build.rs`, `positions`).
#[derive(Clone, Debug, PartialEq)]
pub struct Instrument<P = PositionId> {
    /// A SAFE's or a note's own terms.
    pub terms: InstrumentTerms,
    pub party: PartyId,
    /// The SAFE's purchase amount or the note's principal.
    pub amount: Decimal,
    /// Neither for a fixed-percentage SAFE.
    pub cap: Option<Decimal>,
    pub discount: Option<Decimal>,
    /// The round it converts in; `None` when no round follows (outstanding at an exit).
    pub round: Option<RoundId>,
    /// The class its conversion shares are issued in (`common` by default).
    pub class: String,
    /// The position its conversion shares are booked to (the party in the instrument's class).
    pub position: P,
    /// The series its conversion shares join; with [`Series::Shadow`] `class` names the
    /// shadow series (`CLASS:shadow:INVESTOR`) once validation made it.
    pub series: Series,
}

impl<P> Instrument<P> {
    /// What it is, in one word the engine and the reports match on.
    pub fn kind(&self) -> InstrumentKind {
        match self.terms {
            InstrumentTerms::Safe { kind, .. } => match kind {
                SafeKind::PostMoney => InstrumentKind::PostMoneySafe,
                SafeKind::PreMoney => InstrumentKind::PreMoneySafe,
                SafeKind::FixedPercentage(fraction) => InstrumentKind::FixedPercentage(fraction),
            },
            InstrumentTerms::Note { .. } => InstrumentKind::Note,
        }
    }

    /// A note's interest, if it states one (never a SAFE's: a SAFE bears none).
    pub fn interest(&self) -> Option<Interest> {
        match self.terms {
            InstrumentTerms::Note { interest } => interest,
            InstrumentTerms::Safe { .. } => None,
        }
    }
}

impl Instrument<()> {
    /// The instrument with its conversion shares booked to `position`.
    pub fn placed(self, position: PositionId) -> Instrument {
        Instrument {
            terms: self.terms,
            party: self.party,
            amount: self.amount,
            cap: self.cap,
            discount: self.discount,
            round: self.round,
            class: self.class,
            position,
            series: self.series,
        }
    }
}

/// The terms only one kind of instrument has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstrumentTerms {
    /// A Simple Agreement for Future Equity (Y Combinator's standard forms, `[[safe]]`).
    Safe {
        kind: SafeKind,
        /// Most-favoured-nation (YC's "Safe: Uncapped, MFN, No Discount" form, its "MFN
        /// Amendment Provision": the holder may take the terms of "Subsequent Convertible
        /// Securities" it prefers). Here: the lowest cap and largest discount of the SAFEs
        /// declared after it. Never on a fixed-percentage SAFE.
        mfn: bool,
    },
    /// A convertible note (`[[note]]`): a loan that converts at the next priced round at its
    /// cap or discount, its principal plus accrued interest buying the shares.
    Note {
        /// The `interest` written, if any: a note without one converts its principal alone.
        interest: Option<Interest>,
    },
}

/// A note's simple annual interest, actual/365.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interest {
    pub rate: Decimal,
    /// The date it runs from (the note's `issued`); without one, none accrues.
    pub from: Option<Date>,
}

/// How a SAFE converts (the YC form it follows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeKind {
    /// YC's post-money SAFE (v1.2): "Safe Price" means the Post-Money Valuation Cap divided by
    /// the Company Capitalization, which counts every SAFE's and note's conversion shares.
    PostMoney,
    /// YC's earlier pre-money SAFE: the cap is divided by the pre-money count, without the
    /// converting SAFEs' and notes' shares.
    PreMoney,
    /// The YC standard deal ("$125K for 7%"): converts into this fraction (below 1) of the
    /// company capitalization, whatever the round's price.
    FixedPercentage(Decimal),
}

/// What an instrument is, in one word: the engine's view of how it converts (a note converts
/// as a pre-money SAFE does, but is repaid at an exit), derived by [`Instrument::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstrumentKind {
    PostMoneySafe,
    PreMoneySafe,
    Note,
    /// See [`SafeKind::FixedPercentage`].
    FixedPercentage(Decimal),
}

impl InstrumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::PostMoneySafe => "post-money SAFE",
            InstrumentKind::PreMoneySafe => "pre-money SAFE",
            InstrumentKind::Note => "note",
            InstrumentKind::FixedPercentage(_) => "fixed-percentage SAFE",
        }
    }

    /// Whether it converts on the company capitalization (every SAFE's and note's shares
    /// included) and its shares are always in the round's pre-money count: post-money SAFEs,
    /// fixed-percentage ones included.
    pub fn on_capitalization(self) -> bool {
        matches!(
            self,
            InstrumentKind::PostMoneySafe | InstrumentKind::FixedPercentage(_)
        )
    }
}

/// Whether an investment's size is given or follows from keeping the investor's stake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sizing {
    Fixed,
    /// Exactly enough to keep the fully diluted ownership the investor had before the round.
    ProRata,
}

/// How a round is priced: exactly one of the three is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terms {
    PreMoney(Decimal),
    /// Post-money as announced: pre-money plus every tranche, paid or not.
    PostMoney(Decimal),
    PricePerShare(Decimal),
}

/// `P` is the position its shares are booked to, as in [`Round`].
#[derive(Clone, Debug, PartialEq)]
pub struct Investment<P = PositionId> {
    pub party: PartyId,
    pub sizing: Sizing,
    /// The total commitment: the sum of the tranches. Zero for pro-rata: the engine sizes it,
    /// and sums every investment's amount as the round's given money.
    pub amount: Decimal,
    pub class: String,
    /// The position its shares are booked to (the party in `class`).
    pub position: P,
    /// At least one; an investment written without tranches is one unconditional tranche.
    pub tranches: Vec<Tranche>,
}

impl Investment<()> {
    /// The investment with its shares booked to `position`.
    pub fn placed(self, position: PositionId) -> Investment {
        Investment {
            party: self.party,
            sizing: self.sizing,
            amount: self.amount,
            class: self.class,
            position,
            tranches: self.tranches,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tranche {
    pub name: String,
    pub amount: Decimal,
    /// `None`: paid unconditionally.
    pub when: Option<Expr>,
}

impl Tranche {
    /// Whether the tranche is paid when the conditions in `state` hold.
    pub fn is_paid(&self, state: ConditionSet) -> bool {
        self.when.as_ref().is_none_or(|when| when.eval(state))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Commitment {
    pub counterparty: String,
    /// The party with that name, if the counterparty invests or holds.
    pub party: Option<PartyId>,
    pub amount: Decimal,
    pub years: Option<Decimal>,
    pub description: Option<String>,
    pub margin: Option<Decimal>,
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn days_since_epoch(self) -> i64 {
        let month = i64::from(self.month);
        let day = i64::from(self.day);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Scenario {
    /// The state used for the headline report: each condition's `assume`.
    pub fn assumed_state(&self) -> ConditionSet {
        ConditionSet::holding(self.conditions.iter().map(|c| c.assume))
    }

    pub fn condition_index(&self, name: &str) -> Option<usize> {
        self.conditions.iter().position(|c| c.name == name)
    }

    pub fn party_index(&self, name: &str) -> Option<PartyId> {
        self.parties
            .iter()
            .position(|p| p.name == name)
            .map(PartyId::new)
    }

    /// The name of a position's class: a `[class.NAME]` or `common`.
    pub fn class_name(&self, class: Option<ClassId>) -> &str {
        class.map_or("common", |c| self.classes[c].name.as_str())
    }

    /// Whether any round has a secondary sale.
    pub fn has_secondaries(&self) -> bool {
        self.rounds.iter().any(|r| !r.secondaries.is_empty())
    }

    /// Whether any class adjusts its conversion price in a down round.
    pub fn has_anti_dilution(&self) -> bool {
        self.classes
            .iter()
            .any(|c| c.anti_dilution != AntiDilution::None)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_since_epoch_matches_known_dates() {
        let d = |year, month, day| Date { year, month, day }.days_since_epoch();
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(2000, 3, 1), 11_017);
        assert_eq!(d(2026, 2, 27) - d(2025, 1, 15), 408);
        assert_eq!(d(2024, 3, 1) - d(2024, 2, 28), 2); // leap year
        assert_eq!(d(2023, 3, 1) - d(2023, 2, 28), 1);
    }
}
