//! Replaying an OCF package's transactions to the cap table on a date.
//!
//! Events are grouped **by security**, not by date: real exports date a transfer or a
//! cancellation before the issuance it acts on, so each security's events are applied after its
//! issuance, in date order (an event dated before its issuance is taken at the issuance date,
//! with a warning). A closing event (cancellation, transfer, conversion, repurchase, exercise,
//! release, reissuance, retraction) closes the whole security; what is left lives on under the
//! `balance_security_id`, which the package issues as its own security, and what moved is
//! issued under `resulting_security_ids`. Both are checked against the quantities.
//!
//! A **split** multiplies each security of its class issued before the split's date, at the
//! split's place in that security's own timeline, so the quantities of later events (written
//! after the split) and of securities issued after it (written split) are never multiplied
//! twice. Options and warrants over the class are split too (quantity × ratio, strike ÷ ratio),
//! and so is the plan reserve.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde_json::Value;

use super::read::Package;
use super::{Item, Notes, PercentStyle, clean, date, monetary, numeric};
use crate::scenario::model::Date;

#[derive(Clone, Debug)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Class {
    pub id: String,
    pub name: String,
    pub common: bool,
    /// OCF `seniority` (higher is paid first).
    pub seniority: Option<Decimal>,
    /// `price_per_share`: the original issue price.
    pub price: Option<(Decimal, String)>,
    pub preference: Option<Decimal>,
    pub participation_cap: Option<Decimal>,
    /// Conversion ratio (shares of common per share), and the object it comes from.
    pub ratio: Option<(Decimal, String)>,
    pub authorized: Option<String>,
    /// Shares outstanding on the date, securities outstanding, and closed.
    pub outstanding: Decimal,
    pub open_securities: usize,
    pub issued_securities: usize,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub id: String,
    pub name: String,
    pub class: Option<String>,
    pub reserved: Decimal,
    pub reserved_from: String,
    /// Shares of the reserve used: awards outstanding, exercised or released, and stock issued
    /// from the plan (less what cancellations returned).
    pub consumed: Decimal,
    pub outstanding_awards: Decimal,
}

/// Stock held by one stakeholder in one class.
#[derive(Clone, Debug)]
pub struct Holding {
    pub stakeholder: usize,
    pub class: usize,
    pub shares: Decimal,
    /// Money paid: the class's original issue price (preferred with one) or each security's
    /// share price, times its quantity as issued.
    pub invested: Decimal,
    /// `security (issuance id)` of each open security, with any split applied.
    pub sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AwardKind {
    Option,
    Rsu,
    Warrant,
}

/// Options, RSUs or warrants of one stakeholder at one strike.
#[derive(Clone, Debug)]
pub struct Award {
    pub stakeholder: usize,
    pub kind: AwardKind,
    pub class: Option<usize>,
    pub strike: Decimal,
    pub quantity: Decimal,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Terms {
    Safe {
        cap: Option<Decimal>,
        discount: Option<Decimal>,
        /// `PRE_MONEY` or `POST_MONEY`; `None` when the package does not say.
        timing: Option<String>,
        mfn: bool,
    },
    FixedPercent {
        percent: Decimal,
    },
    Note {
        rate: Decimal,
        start: Date,
        cap: Option<Decimal>,
        discount: Option<Decimal>,
    },
}

#[derive(Clone, Debug)]
pub struct Convertible {
    pub stakeholder: usize,
    pub amount: Decimal,
    pub issued: Date,
    pub terms: Terms,
    pub source: String,
    /// OCF convertible seniority (1 is the most senior), when given.
    pub seniority: Option<String>,
}

/// The cap table on a date, and what the replay noticed.
#[derive(Debug)]
pub struct CapTable {
    pub issuer: String,
    pub as_of: Date,
    pub currency: String,
    pub stakeholders: Vec<Stakeholder>,
    pub classes: Vec<Class>,
    pub holdings: Vec<Holding>,
    pub awards: Vec<Award>,
    pub plans: Vec<Plan>,
    pub convertibles: Vec<Convertible>,
    pub percent_style: PercentStyle,
    /// Transactions dated after `as_of`, not applied.
    pub after_as_of: usize,
    /// Object types read that do not change the cap table (vesting, acceptances, …), by count.
    pub no_effect: BTreeMap<String, usize>,
    pub notes: Notes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stock,
    Award(AwardKind),
    Sar,
    Warrant,
    Convertible,
}

#[derive(Clone, Debug)]
struct Security {
    id: String,
    /// Index of the issuance in `items`; `None` for a balance the package does not issue.
    item: Option<usize>,
    kind: Kind,
    stakeholder: String,
    class: Option<String>,
    plan: Option<String>,
    date: Date,
    /// Shares (money for a convertible) as issued.
    quantity: Decimal,
    /// Share price (stock) or exercise price (options, warrants), with its currency.
    price: Option<(Decimal, String)>,
    /// A balance or result of another security's event (not a new grant from a plan).
    derived: bool,
}

struct Split {
    date: Date,
    numerator: Decimal,
    denominator: Decimal,
    id: String,
}

/// What an event does to its security.
enum Effect {
    /// Closes it; `Some(key)` names the quantity taken (all of it when absent).
    Close(Option<&'static str>),
    /// Changes an option's exercise price.
    Reprice,
    /// Nothing to the cap table (acceptance, vesting).
    Nothing,
}

fn effect(object_type: &str) -> Option<Effect> {
    let t = object_type.replace("TX_PLAN_SECURITY_", "TX_EQUITY_COMPENSATION_");
    Some(match t.as_str() {
        "TX_STOCK_CANCELLATION" | "TX_STOCK_REPURCHASE" | "TX_STOCK_TRANSFER" => {
            Effect::Close(Some("quantity"))
        }
        "TX_STOCK_CONVERSION" => Effect::Close(Some("quantity_converted")),
        "TX_STOCK_REISSUANCE" | "TX_STOCK_RETRACTION" => Effect::Close(None),
        "TX_EQUITY_COMPENSATION_CANCELLATION"
        | "TX_EQUITY_COMPENSATION_EXERCISE"
        | "TX_EQUITY_COMPENSATION_RELEASE"
        | "TX_EQUITY_COMPENSATION_TRANSFER"
        | "TX_WARRANT_CANCELLATION"
        | "TX_WARRANT_TRANSFER" => Effect::Close(Some("quantity")),
        "TX_WARRANT_EXERCISE" => Effect::Close(Some("quantity")),
        "TX_EQUITY_COMPENSATION_RETRACTION" | "TX_WARRANT_RETRACTION" => Effect::Close(None),
        "TX_CONVERTIBLE_CANCELLATION" | "TX_CONVERTIBLE_TRANSFER" => Effect::Close(Some("amount")),
        "TX_CONVERTIBLE_CONVERSION" | "TX_CONVERTIBLE_RETRACTION" => Effect::Close(None),
        "TX_EQUITY_COMPENSATION_REPRICING" => Effect::Reprice,
        "TX_STOCK_ACCEPTANCE"
        | "TX_EQUITY_COMPENSATION_ACCEPTANCE"
        | "TX_WARRANT_ACCEPTANCE"
        | "TX_CONVERTIBLE_ACCEPTANCE"
        | "TX_VESTING_START"
        | "TX_VESTING_EVENT"
        | "TX_VESTING_ACCELERATION" => Effect::Nothing,
        _ => return None,
    })
}

fn is_issuance(object_type: &str) -> Option<Kind> {
    Some(match object_type {
        "TX_STOCK_ISSUANCE" => Kind::Stock,
        "TX_EQUITY_COMPENSATION_ISSUANCE" | "TX_PLAN_SECURITY_ISSUANCE" => {
            Kind::Award(AwardKind::Option)
        }
        "TX_WARRANT_ISSUANCE" => Kind::Warrant,
        "TX_CONVERTIBLE_ISSUANCE" => Kind::Convertible,
        _ => return None,
    })
}

/// A multiplication or division of exact decimals, or why not (overflow).
fn mul(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_mul(b)
        .ok_or_else(|| format!("{a} × {b} is too large for 28 digits"))
}

/// A sum or difference of exact decimals, or why not (overflow): quantities read from a package
/// may be as large as a decimal holds, and a plain `+` would panic.
fn add(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_add(b)
        .ok_or_else(|| format!("{a} + {b} is too large for 28 digits"))
}

fn sub(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_sub(b)
        .ok_or_else(|| format!("{a} − {b} is too large for 28 digits"))
}

fn div(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    if b.is_zero() {
        return Err(format!("{a} ÷ 0"));
    }
    a.checked_div(b)
        .ok_or_else(|| format!("{a} ÷ {b} is too large for 28 digits"))
}

struct Replay {
    notes: Notes,
    splits: HashMap<String, Vec<Split>>,
}

impl Replay {
    /// `qty` issued (or last split) on `from`, after every split of `class` dated after `from`
    /// and up to `until` (inclusive).
    fn grow(
        &mut self,
        class: Option<&str>,
        from: Date,
        until: Date,
        qty: Decimal,
    ) -> Result<Decimal, String> {
        let Some(splits) = class.and_then(|c| self.splits.get(c)) else {
            return Ok(qty);
        };
        let mut q = qty;
        let mut inexact = None;
        for s in splits.iter().filter(|s| s.date > from && s.date <= until) {
            let times = mul(q, s.numerator)?;
            q = div(times, s.denominator)?;
            if mul(q, s.denominator)? != times {
                inexact = Some(s.id.clone());
            }
        }
        if let Some(id) = inexact {
            self.notes.warn(format!("split {id} leaves a fraction of a share that 28 digits cannot hold exactly; rounded"));
        }
        Ok(q)
    }

    /// [`Replay::grow`] for a security's `qty`, with its `strike` divided by the same split
    /// (when `scales_strike`: options, warrants, SARs) so that the exercise money stays the same.
    fn grow_security(
        &mut self,
        class: Option<&str>,
        (from, until): (Date, Date),
        qty: Decimal,
        strike: Option<Decimal>,
        scales_strike: bool,
    ) -> Result<(Decimal, Option<Decimal>), String> {
        let grown = self.grow(class, from, until, qty)?;
        let strike = match strike {
            Some(k) if scales_strike && grown != qty => Some(div(mul(k, qty)?, grown)?),
            other => other,
        };
        Ok((grown, strike))
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(clean)
}

/// Replays `package` to its cap table on `as_of` (the package's own `as_of` by default).
pub fn replay(package: &Package, as_of: Option<Date>) -> Result<CapTable, String> {
    let Some(as_of) = as_of.or(package.as_of) else {
        return Err("the package has no as_of date: give one with --as-of YYYY-MM-DD".into());
    };
    let items = &package.items;
    let mut notes = package.notes.clone();
    let mut no_effect: BTreeMap<String, usize> = BTreeMap::new();

    // Objects.
    let mut stakeholders = Vec::new();
    let mut stakeholder_index: HashMap<String, usize> = HashMap::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    let mut plan_dates: Vec<Option<Date>> = Vec::new();
    let mut plan_behaviour: Vec<String> = Vec::new();
    for item in items {
        let v = &item.value;
        match item.object_type() {
            "STAKEHOLDER" => {
                let name = v
                    .pointer("/name/legal_name")
                    .and_then(Value::as_str)
                    .or_else(|| v.get("name").and_then(Value::as_str))
                    .map_or_else(|| item.id(), clean);
                if stakeholder_index
                    .insert(item.id(), stakeholders.len())
                    .is_some()
                {
                    notes.warn(format!(
                        "{}: a second stakeholder with id {}; the later one is used",
                        item.file,
                        item.id()
                    ));
                }
                stakeholders.push(Stakeholder {
                    id: item.id(),
                    name,
                });
            }
            "STOCK_CLASS" => {
                let number = |key: &str, notes: &mut Notes| match v.get(key) {
                    None | Some(Value::Null) => None,
                    Some(x) => match numeric(x) {
                        Ok(d) => Some(d),
                        Err(e) => {
                            notes.warn(format!("{}: {key}: {e}; ignored", item.at()));
                            None
                        }
                    },
                };
                let ratio = v
                    .get("conversion_rights")
                    .and_then(Value::as_array)
                    .and_then(|rights| rights.first())
                    .and_then(|r| r.get("conversion_mechanism"))
                    .and_then(ratio_of)
                    .map(|r| (r, item.id()));
                classes.push(Class {
                    id: item.id(),
                    name: text(v, "name").unwrap_or_else(|| item.id()),
                    common: v.get("class_type").and_then(Value::as_str) != Some("PREFERRED"),
                    seniority: number("seniority", &mut notes),
                    price: v.get("price_per_share").and_then(|p| monetary(p).ok()),
                    preference: number("liquidation_preference_multiple", &mut notes),
                    participation_cap: number("participation_cap_multiple", &mut notes),
                    ratio,
                    authorized: v.get("initial_shares_authorized").map(|a| match a {
                        Value::String(s) => clean(s),
                        other => other.to_string(),
                    }),
                    outstanding: Decimal::ZERO,
                    open_securities: 0,
                    issued_securities: 0,
                });
            }
            "STOCK_PLAN" => {
                let reserved = v
                    .get("initial_shares_reserved")
                    .map(numeric)
                    .transpose()
                    .unwrap_or_else(|e| {
                        notes.warn(format!(
                            "{}: initial_shares_reserved: {e}; read as 0",
                            item.at()
                        ));
                        None
                    });
                let class = v
                    .get("stock_class_ids")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .and_then(Value::as_str)
                    .or_else(|| v.get("stock_class_id").and_then(Value::as_str))
                    .map(clean);
                plans.push(Plan {
                    id: item.id(),
                    name: text(v, "plan_name").unwrap_or_else(|| item.id()),
                    class,
                    reserved: reserved.unwrap_or(Decimal::ZERO),
                    reserved_from: format!("{} initial_shares_reserved", item.id()),
                    consumed: Decimal::ZERO,
                    outstanding_awards: Decimal::ZERO,
                });
                plan_dates.push(v.get("board_approval_date").and_then(date));
                plan_behaviour.push(
                    text(v, "default_cancellation_behavior")
                        .unwrap_or_else(|| "RETURN_TO_POOL".into()),
                );
            }
            _ => {}
        }
    }
    let class_index: HashMap<String, usize> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let plan_index: HashMap<String, usize> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();

    // Percentages: fraction of 1, or percent in an older export (see PercentStyle).
    let percent_style = percent_style(items);
    if percent_style == PercentStyle::Percent {
        notes.warn("a percentage in the package is above 1, so this package writes percent (an older export: \"5.0\" is 5%); every percentage in it is read ÷ 100");
    }

    // Transactions on or before as_of.
    let mut after_as_of = 0;
    let mut tx: Vec<(usize, Date)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let t = item.object_type();
        if !t.starts_with("TX_") {
            if t.starts_with("CE_") {
                *no_effect.entry(t.to_string()).or_default() += 1;
            }
            continue;
        }
        match item.value.get("date").and_then(date) {
            Some(d) if d > as_of => after_as_of += 1,
            Some(d) => tx.push((i, d)),
            None => notes.leave_out(format!(
                "{} ({t}): no readable date, so it cannot be placed before or after {as_of}",
                item.at()
            )),
        }
    }

    let mut r = Replay {
        notes,
        splits: HashMap::new(),
    };

    // Class-level events.
    let mut pool_adjustments: Vec<(usize, Date, Decimal, String)> = Vec::new();
    for &(i, d) in &tx {
        let item = &items[i];
        let v = &item.value;
        match item.object_type() {
            "TX_STOCK_CLASS_SPLIT" => {
                let class = text(v, "stock_class_id").unwrap_or_default();
                let ratio = v.get("split_ratio");
                let n = ratio.and_then(|x| x.get("numerator")).map(numeric);
                let m = ratio.and_then(|x| x.get("denominator")).map(numeric);
                match (n, m) {
                    (Some(Ok(n)), Some(Ok(m))) if n > Decimal::ZERO && m > Decimal::ZERO => {
                        if !class_index.contains_key(&class) {
                            r.notes.warn(format!("{}: splits {class}, which is no stock class of the package; ignored", item.at()));
                            continue;
                        }
                        r.splits.entry(class).or_default().push(Split {
                            date: d,
                            numerator: n,
                            denominator: m,
                            id: item.id(),
                        });
                    }
                    _ => r.notes.leave_out(format!(
                        "{} (TX_STOCK_CLASS_SPLIT): its split_ratio is not two numbers above zero",
                        item.at()
                    )),
                }
            }
            "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT" => {
                let class = text(v, "stock_class_id").unwrap_or_default();
                match (class_index.get(&class), v.get("new_ratio_conversion_mechanism").and_then(ratio_of)) {
                    (Some(&c), Some(ratio)) => classes[c].ratio = Some((ratio, item.id())),
                    _ => r.notes.leave_out(format!("{} (TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT): no known class or no ratio", item.at())),
                }
            }
            "TX_STOCK_PLAN_POOL_ADJUSTMENT" => {
                let plan = text(v, "stock_plan_id").unwrap_or_default();
                match (plan_index.get(&plan), v.get("shares_reserved").map(numeric)) {
                    (Some(&p), Some(Ok(q))) => pool_adjustments.push((p, d, q, item.id())),
                    _ => r.notes.leave_out(format!(
                        "{} (TX_STOCK_PLAN_POOL_ADJUSTMENT): no known plan or no shares_reserved",
                        item.at()
                    )),
                }
            }
            "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT" => {
                let class = text(v, "stock_class_id").unwrap_or_default();
                if let (Some(&c), Some(q)) =
                    (class_index.get(&class), v.get("new_shares_authorized"))
                {
                    classes[c].authorized = Some(match q {
                        Value::String(s) => clean(s),
                        other => other.to_string(),
                    });
                }
                *no_effect.entry(item.object_type().to_string()).or_default() += 1;
            }
            "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT" | "TX_STOCK_PLAN_RETURN_TO_POOL" => {
                *no_effect.entry(item.object_type().to_string()).or_default() += 1;
            }
            _ => {}
        }
    }
    for splits in r.splits.values_mut() {
        splits.sort_by_key(|s| s.date);
    }

    // Issuances.
    let mut securities: Vec<Security> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for &(i, d) in &tx {
        let item = &items[i];
        let Some(mut kind) = is_issuance(item.object_type()) else {
            continue;
        };
        let v = &item.value;
        let Some(security_id) = text(v, "security_id") else {
            r.notes.leave_out(format!(
                "{} ({}): no security_id",
                item.at(),
                item.object_type()
            ));
            continue;
        };
        if by_id.contains_key(&security_id) {
            r.notes.warn(format!("{}: security {security_id} is issued a second time; the second issuance is ignored", item.at()));
            continue;
        }
        let stakeholder = text(v, "stakeholder_id").unwrap_or_default();
        if !stakeholder_index.contains_key(&stakeholder) {
            r.notes.leave_out(format!(
                "{} ({}): its stakeholder_id {stakeholder:?} is no stakeholder of the package",
                item.at(),
                item.object_type()
            ));
            continue;
        }
        let plan = text(v, "stock_plan_id");
        let mut class = text(v, "stock_class_id");
        if class.is_none()
            && let Some(p) = plan.as_ref().and_then(|p| plan_index.get(p))
        {
            class = plans[*p].class.clone();
        }
        let (quantity, price) = match kind {
            Kind::Stock => (
                v.get("quantity").map(numeric),
                v.get("share_price").and_then(|p| monetary(p).ok()),
            ),
            Kind::Award(_) => {
                let comp = text(v, "compensation_type").unwrap_or_else(|| "OPTION".into());
                kind = match comp.as_str() {
                    "RSU" => Kind::Award(AwardKind::Rsu),
                    "CSAR" | "SSAR" => Kind::Sar,
                    _ => Kind::Award(AwardKind::Option),
                };
                (
                    v.get("quantity").map(numeric),
                    v.get("exercise_price").and_then(|p| monetary(p).ok()),
                )
            }
            Kind::Warrant => {
                if class.is_none() {
                    class = warrant_class(v);
                }
                (
                    v.get("quantity").map(numeric),
                    v.get("exercise_price").and_then(|p| monetary(p).ok()),
                )
            }
            Kind::Convertible => (
                v.get("investment_amount")
                    .map(|m| monetary(m).map(|(a, _)| a)),
                v.get("investment_amount").and_then(|p| monetary(p).ok()),
            ),
            Kind::Sar => (None, None),
        };
        let quantity = match quantity {
            Some(Ok(q)) if q >= Decimal::ZERO => q,
            Some(Ok(q)) => {
                r.notes.leave_out(format!(
                    "{} ({}): a negative quantity ({q})",
                    item.at(),
                    item.object_type()
                ));
                continue;
            }
            Some(Err(e)) => {
                r.notes.leave_out(format!(
                    "{} ({}): its quantity {e}",
                    item.at(),
                    item.object_type()
                ));
                continue;
            }
            None => {
                let what = if kind == Kind::Warrant {
                    "a warrant with no quantity (its shares depend on a future round)"
                } else {
                    "no quantity"
                };
                r.notes
                    .leave_out(format!("{} ({}): {what}", item.at(), item.object_type()));
                continue;
            }
        };
        if matches!(kind, Kind::Stock)
            && class.as_ref().is_none_or(|c| !class_index.contains_key(c))
        {
            r.notes.leave_out(format!(
                "{} (TX_STOCK_ISSUANCE): its stock_class_id {:?} is no stock class of the package",
                item.at(),
                class.unwrap_or_default()
            ));
            continue;
        }
        by_id.insert(security_id.clone(), securities.len());
        securities.push(Security {
            id: security_id,
            item: Some(i),
            kind,
            stakeholder,
            class,
            plan,
            date: d,
            quantity,
            price,
            derived: false,
        });
    }

    // Events by security.
    let mut events: HashMap<String, Vec<(usize, Date)>> = HashMap::new();
    for &(i, d) in &tx {
        let item = &items[i];
        let t = item.object_type();
        if is_issuance(t).is_some() {
            continue;
        }
        let Some(e) = effect(t) else { continue };
        if matches!(e, Effect::Nothing) {
            *no_effect.entry(t.to_string()).or_default() += 1;
            continue;
        }
        let Some(security) = text(&item.value, "security_id") else {
            r.notes
                .leave_out(format!("{} ({t}): no security_id", item.at()));
            continue;
        };
        if !by_id.contains_key(&security) {
            r.notes.leave_out(format!("{} ({t}): acts on security {security}, which no issuance on or before {as_of} issues", item.at()));
            continue;
        }
        for key in ["balance_security_id"] {
            if let Some(b) = text(&item.value, key)
                && let Some(&s) = by_id.get(&b)
            {
                securities[s].derived = true;
            }
        }
        if let Some(results) = item
            .value
            .get("resulting_security_ids")
            .and_then(Value::as_array)
        {
            for id in results.iter().filter_map(Value::as_str) {
                if let Some(&s) = by_id.get(&clean(id)) {
                    securities[s].derived = true;
                }
            }
        }
        events.entry(security).or_default().push((i, d));
    }

    // Each security's timeline.
    let mut open: Vec<Option<(Decimal, Option<Decimal>)>> = Vec::new(); // (quantity, strike) when open
    let mut consumed: Vec<Decimal> = vec![Decimal::ZERO; plans.len()];
    let mut closed_by: HashMap<String, String> = HashMap::new();
    let mut s = 0;
    while s < securities.len() {
        let sec = securities[s].clone();
        let split_class = sec.class.clone();
        let mut qty = sec.quantity;
        let mut strike = sec.price.as_ref().map(|p| p.0);
        let mut last = sec.date;
        let scales_strike = matches!(sec.kind, Kind::Award(_) | Kind::Warrant | Kind::Sar);
        let mut is_open = true;
        let plan = sec.plan.as_ref().and_then(|p| plan_index.get(p)).copied();
        let from_plan =
            plan.filter(|_| matches!(sec.kind, Kind::Award(_) | Kind::Sar | Kind::Stock));
        if let Some(p) = from_plan
            && !sec.derived
        {
            // A new grant or plan issuance uses the reserve (exercise results are not new).
            let grown = r.grow(split_class.as_deref(), sec.date, as_of, sec.quantity)?;
            consumed[p] = add(consumed[p], grown)?;
        }
        let mut timeline = events.get(&sec.id).cloned().unwrap_or_default();
        for (i, d) in &mut timeline {
            if *d < sec.date {
                r.notes.warn(format!("{} is dated {d}, before the issuance of security {} ({}); it is applied after the issuance", items[*i].at(), sec.id, sec.date));
                *d = sec.date;
            }
        }
        timeline.sort_by_key(|&(i, d)| (d, i));
        for (i, d) in timeline {
            let item = &items[i];
            let v = &item.value;
            if sec.kind != Kind::Convertible {
                let class = split_class.as_deref();
                (qty, strike) = r.grow_security(class, (last, d), qty, strike, scales_strike)?;
                last = d;
            }
            match effect(item.object_type()) {
                Some(Effect::Reprice) => {
                    if let Some(p) = v.get("new_exercise_price").and_then(|p| monetary(p).ok()) {
                        strike = Some(p.0);
                    }
                }
                Some(Effect::Close(key)) => {
                    if !is_open {
                        let first = closed_by.get(&sec.id).cloned().unwrap_or_default();
                        r.notes.warn(format!("{} closes security {} again (first closed by {first}); the second closing is ignored", item.at(), sec.id));
                        continue;
                    }
                    let taken = match key.and_then(|k| v.get(k)) {
                        None => qty,
                        Some(x) => match if key == Some("amount") {
                            monetary(x).map(|m| m.0)
                        } else {
                            numeric(x)
                        } {
                            Ok(q) => q,
                            Err(e) => {
                                r.notes.warn(format!(
                                    "{}: {} {e}; read as the whole security",
                                    item.at(),
                                    key.unwrap_or("quantity")
                                ));
                                qty
                            }
                        },
                    };
                    let taken = if taken > qty {
                        r.notes.warn(format!("{} takes {taken} from security {}, which holds {qty}; read as all of it", item.at(), sec.id));
                        qty
                    } else {
                        taken
                    };
                    let left = sub(qty, taken)?;
                    is_open = false;
                    closed_by.insert(sec.id.clone(), item.id());
                    let t = item
                        .object_type()
                        .replace("TX_PLAN_SECURITY_", "TX_EQUITY_COMPENSATION_");
                    // Pool: a cancelled or retracted award returns its shares to the reserve.
                    if let Some(p) = from_plan
                        && sec.kind != Kind::Stock
                        && (t.ends_with("_CANCELLATION") || t.ends_with("_RETRACTION"))
                    {
                        let back = r.grow(split_class.as_deref(), d, as_of, taken)?;
                        if plan_behaviour[p] == "RETURN_TO_POOL"
                            || plan_behaviour[p] == "DEFINED_PER_PLAN_SECURITY"
                        {
                            consumed[p] = sub(consumed[p], back)?;
                        } else {
                            consumed[p] = sub(consumed[p], back)?;
                            plans[p].reserved = sub(plans[p].reserved, back)?;
                        }
                    }
                    // The balance.
                    match text(v, "balance_security_id") {
                        Some(b) => match by_id.get(&b) {
                            Some(&bs) => {
                                let given = securities[bs].quantity;
                                if given != left && sec.kind != Kind::Convertible {
                                    r.notes.warn(format!("{} leaves {left} of security {}, but its balance security {b} is issued for {given}; the balance security's quantity is used", item.at(), sec.id));
                                }
                            }
                            None if left > Decimal::ZERO => {
                                r.notes.warn(format!("{} leaves {left} of security {} under balance security {b}, which the package does not issue; it is kept with the same holder and terms", item.at(), sec.id));
                                by_id.insert(b.clone(), securities.len());
                                securities.push(Security {
                                    id: b,
                                    item: sec.item,
                                    quantity: left,
                                    date: d,
                                    derived: true,
                                    price: strike
                                        .map(|k| {
                                            (k, sec.price.clone().map(|p| p.1).unwrap_or_default())
                                        })
                                        .or(sec.price.clone()),
                                    ..sec.clone()
                                });
                            }
                            None => {}
                        },
                        None if left > Decimal::ZERO => {
                            r.notes.warn(format!("{} takes {taken} of security {} ({qty}) and names no balance_security_id; the remaining {left} are kept under {}", item.at(), sec.id, sec.id));
                            is_open = true;
                            qty = left;
                        }
                        None => {}
                    }
                    // The results.
                    let results: Vec<String> = v
                        .get("resulting_security_ids")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).map(clean).collect())
                        .unwrap_or_default();
                    let mut moved = Decimal::ZERO;
                    let mut all_known = true;
                    for id in &results {
                        match by_id.get(id) {
                            Some(&x) => moved = add(moved, securities[x].quantity)?,
                            None => {
                                all_known = false;
                                r.notes.leave_out(format!("{} results in security {id}, which no issuance on or before {as_of} issues: what it moved is left out", item.at()));
                            }
                        }
                    }
                    if t.ends_with("_TRANSFER")
                        && all_known
                        && !results.is_empty()
                        && moved != taken
                        && sec.kind != Kind::Convertible
                    {
                        r.notes.warn(format!("{} transfers {taken} of security {}, but its resulting securities hold {moved}", item.at(), sec.id));
                    }
                    if t.ends_with("_TRANSFER") && results.is_empty() {
                        r.notes.leave_out(format!("{} transfers {taken} of security {} to no resulting security: those are left out", item.at(), sec.id));
                    }
                }
                _ => {}
            }
        }
        if is_open && sec.kind != Kind::Convertible {
            let class = split_class.as_deref();
            (qty, strike) = r.grow_security(class, (last, as_of), qty, strike, scales_strike)?;
        }
        open.push(is_open.then_some((qty, strike)));
        s += 1;
    }

    // Plan reserves: the latest adjustment on or before as_of, split after its date.
    for (p, plan) in plans.iter_mut().enumerate() {
        let latest = pool_adjustments
            .iter()
            .filter(|a| a.0 == p)
            .max_by_key(|a| (a.1, a.3.clone()));
        let (from, base, what) = match latest {
            Some((_, d, q, id)) => (*d, *q, format!("{id} shares_reserved")),
            None => (
                plan_dates[p].unwrap_or(Date {
                    year: 1,
                    month: 1,
                    day: 1,
                }),
                plan.reserved,
                plan.reserved_from.clone(),
            ),
        };
        // `reserved` was reduced above by cancellations that retire shares; keep that reduction.
        let initial = items
            .iter()
            .find(|it| it.object_type() == "STOCK_PLAN" && it.id() == plan.id)
            .and_then(|it| it.value.get("initial_shares_reserved"))
            .and_then(|x| numeric(x).ok())
            .unwrap_or(Decimal::ZERO);
        let retired = sub(plan.reserved, initial)?;
        let base = if latest.is_some() { base } else { initial };
        plan.reserved = add(r.grow(plan.class.as_deref(), from, as_of, base)?, retired)?;
        plan.reserved_from = what;
        plan.consumed = consumed[p];
    }

    // Currency: the most common among prices and amounts.
    let mut currencies: Vec<(String, usize)> = Vec::new();
    for sec in &securities {
        if let Some((_, c)) = &sec.price
            && !c.is_empty()
        {
            match currencies.iter_mut().find(|(x, _)| x == c) {
                Some(e) => e.1 += 1,
                None => currencies.push((c.clone(), 1)),
            }
        }
    }
    let currency = currencies
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or_else(|| "USD".to_string(), |(c, _)| c.clone());

    // Collect what is open.
    let mut holdings: Vec<Holding> = Vec::new();
    let mut awards: Vec<Award> = Vec::new();
    let mut convertibles: Vec<Convertible> = Vec::new();
    for (sec, state) in securities.iter().zip(&open) {
        let class_i = sec.class.as_ref().and_then(|c| class_index.get(c)).copied();
        if sec.kind == Kind::Stock
            && let Some(c) = class_i
        {
            classes[c].issued_securities += 1;
        }
        let Some((qty, strike)) = *state else {
            continue;
        };
        let who = stakeholder_index[&sec.stakeholder];
        let issuance = sec.item.map_or_else(String::new, |i| items[i].id());
        let source = if sec.item.is_some_and(|i| {
            items[i].str("security_id").map(clean).as_deref() == Some(sec.id.as_str())
        }) {
            format!("{} ({issuance})", sec.id)
        } else {
            format!("{} (balance, implied)", sec.id)
        };
        match sec.kind {
            Kind::Stock => {
                let Some(c) = class_i else { continue };
                classes[c].outstanding = add(classes[c].outstanding, qty)?;
                classes[c].open_securities += 1;
                // Money paid: the original issue price of a preferred class (what its
                // preference multiplies), else the security's own price, × quantity as issued
                // (before any split) in the proportion still held.
                let class = &classes[c];
                let price = match (&class.price, class.common) {
                    (Some(p), false) => Some(p.clone()),
                    _ => sec.price.clone(),
                };
                let invested = match price {
                    Some((p, cur)) if cur == currency || cur.is_empty() => {
                        // The price is per share as issued; after a split, per split share.
                        let as_issued =
                            r.grow(sec.class.as_deref(), sec.date, as_of, Decimal::ONE)?;
                        let per_share = div(p, as_issued)?;
                        mul(per_share, qty)?
                    }
                    Some((_, cur)) => {
                        r.notes.warn(format!("security {} was paid in {cur}, not {currency}: its money invested is not counted", sec.id));
                        Decimal::ZERO
                    }
                    None => Decimal::ZERO,
                };
                match holdings
                    .iter_mut()
                    .find(|h| h.stakeholder == who && h.class == c)
                {
                    Some(h) => {
                        h.shares = add(h.shares, qty)?;
                        h.invested = add(h.invested, invested)?;
                        h.sources.push(source);
                    }
                    None => holdings.push(Holding {
                        stakeholder: who,
                        class: c,
                        shares: qty,
                        invested,
                        sources: vec![source],
                    }),
                }
            }
            Kind::Award(_) | Kind::Warrant => {
                let kind = kind_of(sec.kind);
                if let Some(p) = sec.plan.as_ref().and_then(|p| plan_index.get(p)) {
                    plans[*p].outstanding_awards = add(plans[*p].outstanding_awards, qty)?;
                }
                if class_i.is_some_and(|c| !classes[c].common) {
                    r.notes.leave_out(format!("{source}: {} over {}, a preferred class: captable's options and warrants are over common", kind_word(kind), classes[class_i.unwrap_or_default()].name));
                    continue;
                }
                let strike = match (kind, strike) {
                    (AwardKind::Rsu, _) => Decimal::ZERO,
                    (_, Some(k)) => k,
                    (_, None) => {
                        r.notes.leave_out(format!(
                            "{source}: {} with no exercise price",
                            kind_word(kind)
                        ));
                        continue;
                    }
                };
                if let Some((_, cur)) = &sec.price
                    && !cur.is_empty()
                    && *cur != currency
                {
                    r.notes.leave_out(format!(
                        "{source}: exercise price in {cur}, not {currency} (mixed currencies)"
                    ));
                    continue;
                }
                match awards.iter_mut().find(|a| {
                    a.stakeholder == who
                        && a.kind == kind
                        && a.strike == strike
                        && a.class == class_i
                }) {
                    Some(a) => {
                        a.quantity = add(a.quantity, qty)?;
                        a.sources.push(source);
                    }
                    None => awards.push(Award {
                        stakeholder: who,
                        kind,
                        class: class_i,
                        strike,
                        quantity: qty,
                        sources: vec![source],
                    }),
                }
            }
            Kind::Sar => {
                if let Some(p) = sec.plan.as_ref().and_then(|p| plan_index.get(p)) {
                    plans[*p].outstanding_awards = add(plans[*p].outstanding_awards, qty)?;
                }
                r.notes.leave_out(format!("{source}: a stock appreciation right ({qty}): captable models options, warrants and shares, not SARs"));
            }
            Kind::Convertible => {
                let Some(i) = sec.item else { continue };
                let (_, cur) = sec.price.clone().unwrap_or_default();
                if !cur.is_empty() && cur != currency {
                    r.notes.leave_out(format!(
                        "{source}: a convertible in {cur}, not {currency} (mixed currencies)"
                    ));
                    continue;
                }
                match convertible_terms(&items[i], percent_style, sec.date, &mut r.notes) {
                    Ok(terms) => convertibles.push(Convertible {
                        stakeholder: who,
                        amount: qty,
                        issued: sec.date,
                        terms,
                        source,
                        seniority: items[i]
                            .value
                            .get("seniority")
                            .map(|s| clean(&s.to_string())),
                    }),
                    Err(reason) => r.notes.leave_out(format!("{source}: {reason}")),
                }
            }
        }
    }
    let mut notes = r.notes;
    for plan in &plans {
        if plan.consumed > plan.reserved {
            notes.warn(format!(
                "plan {} ({}) has {} shares reserved but uses {}: the pool is written as 0",
                plan.name, plan.id, plan.reserved, plan.consumed
            ));
        }
    }
    let table = CapTable {
        issuer: package.issuer.clone(),
        as_of,
        currency,
        stakeholders,
        classes,
        holdings,
        awards,
        plans,
        convertibles,
        percent_style,
        after_as_of,
        no_effect,
        notes,
    };
    totals_fit(&table)?;
    Ok(table)
}

/// Every total `ocf::write` adds up across securities fits a decimal: each class's shares
/// written, each plan's reserve less its use and their sum, the options and the warrants, the
/// SAFEs' and the notes' money. `write` can then add them with plain sums; a package whose
/// totals do not fit is an error here, never a panic there.
fn totals_fit(table: &CapTable) -> Result<(), String> {
    fn sum(values: impl Iterator<Item = Decimal>) -> Result<Decimal, String> {
        let mut total = Decimal::ZERO;
        for v in values {
            total = add(total, v)?;
        }
        Ok(total)
    }
    let mut per_class = vec![Decimal::ZERO; table.classes.len()];
    for h in &table.holdings {
        if let Some(total) = per_class.get_mut(h.class) {
            *total = add(*total, h.shares)?;
        }
    }
    let mut pool = Decimal::ZERO;
    for p in &table.plans {
        pool = add(pool, sub(p.reserved, p.consumed)?.max(Decimal::ZERO))?;
    }
    sum(table
        .awards
        .iter()
        .filter(|a| a.kind != AwardKind::Warrant)
        .map(|a| a.quantity))?;
    sum(table
        .awards
        .iter()
        .filter(|a| a.kind == AwardKind::Warrant)
        .map(|a| a.quantity))?;
    sum(table
        .convertibles
        .iter()
        .filter(|c| !matches!(c.terms, Terms::Note { .. }))
        .map(|c| c.amount))?;
    sum(table
        .convertibles
        .iter()
        .filter(|c| matches!(c.terms, Terms::Note { .. }))
        .map(|c| c.amount))?;
    Ok(())
}

fn kind_of(kind: Kind) -> AwardKind {
    match kind {
        Kind::Award(k) => k,
        _ => AwardKind::Warrant,
    }
}

pub fn kind_word(kind: AwardKind) -> &'static str {
    match kind {
        AwardKind::Option => "options",
        AwardKind::Rsu => "RSUs",
        AwardKind::Warrant => "a warrant",
    }
}

/// The class a warrant is exercisable for, from its exercise triggers' conversion right.
fn warrant_class(v: &Value) -> Option<String> {
    v.get("exercise_triggers")?
        .as_array()?
        .iter()
        .find_map(|t| {
            t.pointer("/conversion_right/converts_to_stock_class_id")
                .and_then(Value::as_str)
        })
        .map(clean)
}

/// A ratio conversion mechanism's shares per share (numerator ÷ denominator).
fn ratio_of(m: &Value) -> Option<Decimal> {
    let r = m.get("ratio")?;
    let n = numeric(r.get("numerator")?).ok()?;
    let d = numeric(r.get("denominator")?).ok()?;
    if d.is_zero() {
        return None;
    }
    n.checked_div(d)
}

fn percent_style(items: &[Item]) -> PercentStyle {
    fn walk(v: &Value, found: &mut bool) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    if matches!(
                        k.as_str(),
                        "conversion_discount" | "rate" | "converts_to_percent"
                    ) && numeric(x).is_ok_and(|d| d > Decimal::ONE)
                    {
                        *found = true;
                    }
                    walk(x, found);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, found)),
            _ => {}
        }
    }
    let mut found = false;
    for item in items
        .iter()
        .filter(|i| i.object_type() == "TX_CONVERTIBLE_ISSUANCE")
    {
        walk(&item.value, &mut found);
    }
    if found {
        PercentStyle::Percent
    } else {
        PercentStyle::Fraction
    }
}

/// A SAFE's or note's terms from its conversion triggers; `Err` is why it is left out.
fn convertible_terms(
    item: &Item,
    style: PercentStyle,
    issued: Date,
    notes: &mut Notes,
) -> Result<Terms, String> {
    let v = &item.value;
    let mechanisms: Vec<&Value> = v
        .get("conversion_triggers")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(|t| t.pointer("/conversion_right/conversion_mechanism"))
                .collect()
        })
        .unwrap_or_default();
    let kind_of = |m: &Value| {
        m.get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let known = [
        "SAFE_CONVERSION",
        "CONVERTIBLE_NOTE_CONVERSION",
        "FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION",
    ];
    let Some(m) = mechanisms
        .iter()
        .find(|m| known.contains(&kind_of(m).as_str()))
    else {
        let types: Vec<String> = mechanisms.iter().map(|m| kind_of(m)).collect();
        return Err(if types.is_empty() {
            "a convertible with no conversion mechanism".to_string()
        } else {
            format!(
                "a convertible whose conversion mechanism ({}) captable does not model (custom conversion mechanism)",
                types.join(", ")
            )
        });
    };
    if mechanisms.iter().any(|x| *x != *m) {
        notes.warn(format!("{}: its triggers carry different conversion mechanisms; the first SAFE, note or fixed-percentage one is used", item.at()));
    }
    let declared = v
        .get("convertible_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    let percent = |key: &str, notes: &mut Notes| -> Option<Decimal> {
        let x = m.get(key)?;
        match numeric(x) {
            Ok(d) => Some(style.read(d)),
            Err(e) => {
                notes.warn(format!("{}: {key} {e}; ignored", item.at()));
                None
            }
        }
    };
    let cap = match m.get("conversion_valuation_cap").map(monetary) {
        Some(Ok((a, _))) => Some(a),
        Some(Err(e)) => return Err(format!("its conversion_valuation_cap {e}")),
        None => None,
    };
    if let Some(x) = m.get("exit_multiple")
        && let (Some(n), Some(d)) = (
            x.get("numerator").and_then(|n| numeric(n).ok()),
            x.get("denominator").and_then(|n| numeric(n).ok()),
        )
        && n != d
    {
        notes.warn(format!("{}: an exit multiple of {n}/{d} is not modelled (captable pays a SAFE its amount at a sale)", item.at()));
    }
    let discount = percent("conversion_discount", notes);
    match kind_of(m).as_str() {
        "SAFE_CONVERSION" => {
            if declared == "NOTE" {
                notes.warn(format!(
                    "{}: a NOTE with a SAFE's conversion mechanism; read as a SAFE",
                    item.at()
                ));
            }
            Ok(Terms::Safe {
                cap,
                discount,
                timing: m
                    .get("conversion_timing")
                    .and_then(Value::as_str)
                    .map(clean),
                mfn: m
                    .get("conversion_mfn")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            })
        }
        "FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION" => percent("converts_to_percent", notes)
            .map(|percent| Terms::FixedPercent { percent })
            .ok_or_else(|| {
                "a fixed-percentage convertible with no converts_to_percent".to_string()
            }),
        _ => {
            if declared == "SAFE" {
                notes.warn(format!(
                    "{}: a SAFE with a note's conversion mechanism; read as a note",
                    item.at()
                ));
            }
            let rates = m
                .get("interest_rates")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if rates.len() > 1 || rates.iter().any(|r| r.get("accrual_end_date").is_some()) {
                return Err("a note with several interest rates or an accrual end date (captable reads one rate for the note's life)".into());
            }
            for (key, wanted) in [
                ("day_count_convention", "ACTUAL_365"),
                ("compounding_type", "SIMPLE"),
                ("interest_payout", "DEFERRED"),
            ] {
                let given = m.get(key).and_then(Value::as_str).unwrap_or(wanted);
                if given != wanted {
                    return Err(format!(
                        "a note with {key} {} (unsupported interest convention: captable accrues simple interest, actual/365, paid at conversion)",
                        clean(given)
                    ));
                }
            }
            if let Some(p) = m.get("interest_accrual_period").and_then(Value::as_str)
                && p != "DAILY"
            {
                notes.warn(format!("{}: interest_accrual_period {} is read as daily accrual (simple interest, actual/365)", item.at(), clean(p)));
            }
            let (rate, start) = match rates.first() {
                None => (Decimal::ZERO, issued),
                Some(r) => {
                    let rate = r
                        .get("rate")
                        .map(numeric)
                        .transpose()
                        .map_err(|e| format!("its interest rate {e}"))?
                        .unwrap_or(Decimal::ZERO);
                    (
                        style.read(rate),
                        r.get("accrual_start_date").and_then(date).unwrap_or(issued),
                    )
                }
            };
            if m.get("conversion_mfn").and_then(Value::as_bool) == Some(true) {
                notes.warn(format!(
                    "{}: an MFN note: captable's notes have no MFN term, so it is read without",
                    item.at()
                ));
            }
            Ok(Terms::Note {
                rate,
                start,
                cap,
                discount,
            })
        }
    }
}
