//! A scenario's cap table after a round as an OCF 1.2.0 package: the manifest (with each
//! file's md5), stakeholders, stock classes, the stock plan, one stock issuance per holder and
//! class, options and warrants, and the SAFEs and notes still outstanding as convertible
//! issuances. Ids are made from names (`sh-founder_a`, `sec-founder_a-common`), so the same
//! file always exports to the same ids.

use std::collections::HashSet;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::{OCF_VERSION, slug};
use crate::engine::arith::{self, Checked};
use crate::scenario::model::{Date, HolderKind, InstrumentTerms, SafeKind, Scenario};

/// One holding of the cap table being exported.
pub struct Holding {
    pub name: String,
    /// The class key (`common` or a `[class.NAME]`).
    pub class: String,
    pub shares: Decimal,
    pub invested: Decimal,
    pub pool: bool,
}

/// The package's files, `(name, bytes)`, the manifest last; an error names a sum or a price
/// that does not fit in a decimal (a huge `invested` over a fraction of a share, say).
pub fn package(
    scenario: &Scenario,
    holdings: &[Holding],
    after_round: Option<usize>,
    as_of: Date,
) -> Checked<Vec<(String, Vec<u8>)>> {
    let cur = scenario.currency.clone();
    // OCF 1.2.0's Numeric (types/Numeric.schema.json, which Monetary's amount uses) holds at
    // most 10 decimal places: `^[+-]?[0-9]+(\.[0-9]{1,10})?$`. A share price worked as invested
    // ÷ shares has up to 28, so every number is rounded once, here, to 10 places, half away
    // from zero (the money invested read back as price × shares moves by under
    // shares × 0.5 × 10⁻¹⁰: under a cent below 10⁸ shares).
    let ten = |d: Decimal| {
        d.round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
            .to_string()
    };
    let money = |d: Decimal| json!({ "amount": ten(d), "currency": cur });
    let num = |d: Decimal| Value::String(ten(d));
    let date = as_of.to_string();
    let mut used: HashSet<String> = HashSet::new();
    used.insert("sc-common".into());
    let mut unique = |base: String| {
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };

    // Stakeholders: every party holding something or an outstanding instrument.
    let mut stakeholders: Vec<(String, String)> = Vec::new();
    let stakeholder_id = |name: &str,
                          stakeholders: &mut Vec<(String, String)>,
                          unique: &mut dyn FnMut(String) -> String|
     -> String {
        if let Some((id, _)) = stakeholders.iter().find(|(_, n)| n == name) {
            return id.clone();
        }
        let id = unique(format!("sh-{}", slug(name)));
        stakeholders.push((id.clone(), name.to_string()));
        id
    };

    // Classes.
    let mut classes = vec![json!({
        "id": "sc-common", "object_type": "STOCK_CLASS", "name": "Common", "class_type": "COMMON",
        "default_id_prefix": "CS-", "initial_shares_authorized": "UNLIMITED", "votes_per_share": "1",
        "seniority": "0",
    })];
    for c in scenario.classes.iter().filter(|c| c.shadow.is_none()) {
        let held = || holdings.iter().filter(|h| h.class == c.name);
        let invested = arith::sum(held().map(|h| h.invested), "a class's money invested")?;
        let shares = arith::sum(held().map(|h| h.shares), "a class's shares")?;
        let mut class = json!({
            "id": format!("sc-{}", c.name), "object_type": "STOCK_CLASS", "name": c.title.clone().unwrap_or_else(|| crate::format::class_title(&c.name)),
            "class_type": if c.preference.is_zero() && c.participating && c.cap.is_none() { "COMMON" } else { "PREFERRED" },
            "default_id_prefix": format!("{}-", c.name.to_uppercase()), "initial_shares_authorized": "UNLIMITED",
            "votes_per_share": "1", "seniority": c.seniority.to_string(),
            "liquidation_preference_multiple": num(c.preference),
        });
        if !shares.is_zero() {
            let price = arith::div(invested, shares, "a class's price per share")?;
            class["price_per_share"] = money(price);
        }
        if c.participating {
            // OCF has no participation flag: a cap multiple means participating; 0 is uncapped.
            class["participation_cap_multiple"] = num(c.cap.unwrap_or(Decimal::ZERO));
        }
        classes.push(class);
    }
    let class_id = |key: &str| {
        let base = key.split(":shadow:").next().unwrap_or(key);
        if base == "common" {
            "sc-common".to_string()
        } else {
            format!("sc-{base}")
        }
    };

    let mut tx: Vec<Value> = Vec::new();
    let exemptions = json!([]);
    let mut pool = Decimal::ZERO;
    let mut options = Decimal::ZERO;
    for h in holdings {
        if h.pool {
            pool = arith::add(pool, h.shares, "the unallocated pool")?;
            continue;
        }
        let kind = scenario
            .party_index(&h.name)
            .map_or(HolderKind::Shares, |p| scenario.parties[p].kind);
        let who = stakeholder_id(&h.name, &mut stakeholders, &mut unique);
        let sec = unique(format!("sec-{}-{}", slug(&h.name), slug(&h.class)));
        let id = format!("iss-{}", &sec[4..]);
        let base = json!({
            "id": id, "date": date, "security_id": sec, "custom_id": sec.to_uppercase(),
            "stakeholder_id": who, "security_law_exemptions": exemptions, "quantity": num(h.shares),
        });
        let mut item = base;
        match kind {
            HolderKind::Shares => {
                item["object_type"] = json!("TX_STOCK_ISSUANCE");
                item["stock_class_id"] = json!(class_id(&h.class));
                item["share_price"] = money(if h.shares.is_zero() {
                    Decimal::ZERO
                } else {
                    arith::div(h.invested, h.shares, "a holding's price per share")?
                });
                item["stock_legend_ids"] = json!([]);
            }
            HolderKind::Option(strike) => {
                options = arith::add(options, h.shares, "the options granted")?;
                item["object_type"] = json!("TX_EQUITY_COMPENSATION_ISSUANCE");
                item["stock_class_id"] = json!(class_id(&h.class));
                item["stock_plan_id"] = json!("plan-1");
                item["compensation_type"] = json!("OPTION");
                item["exercise_price"] = money(strike);
                item["expiration_date"] = Value::Null;
                item["termination_exercise_windows"] = json!([]);
            }
            HolderKind::Warrant(strike) => {
                item["object_type"] = json!("TX_WARRANT_ISSUANCE");
                item["exercise_price"] = money(strike);
                item["purchase_price"] = money(Decimal::ZERO);
                item["exercise_triggers"] = json!([{
                    "trigger_id": format!("{sec}-exercise"), "type": "ELECTIVE_AT_WILL",
                    "conversion_right": { "type": "WARRANT_CONVERSION_RIGHT",
                        "conversion_mechanism": { "type": "FIXED_AMOUNT_CONVERSION", "converts_to_quantity": num(h.shares) },
                        "converts_to_stock_class_id": class_id(&h.class) } }]);
            }
        }
        tx.push(item);
    }

    // Outstanding SAFEs and notes: those converting in no round up to the one exported.
    for inst in &scenario.instruments {
        if inst
            .round
            .is_some_and(|r| after_round.is_some_and(|a| r.index() <= a))
        {
            continue;
        }
        let name = &scenario.parties[inst.party].name;
        let who = stakeholder_id(name, &mut stakeholders, &mut unique);
        let note = matches!(inst.terms, InstrumentTerms::Note { .. });
        let word = if note { "note" } else { "safe" };
        let sec = unique(format!("sec-{}-{word}", slug(name)));
        let mut mechanism = match inst.terms {
            InstrumentTerms::Note { interest } => {
                let (rate, from) = interest.map_or((Decimal::ZERO, None), |i| (i.rate, i.from));
                json!({ "type": "CONVERTIBLE_NOTE_CONVERSION",
                    "interest_rates": [{ "rate": num(rate), "accrual_start_date": from.unwrap_or(as_of).to_string() }],
                    "day_count_convention": "ACTUAL_365", "interest_payout": "DEFERRED",
                    "interest_accrual_period": "DAILY", "compounding_type": "SIMPLE" })
            }
            InstrumentTerms::Safe {
                kind: SafeKind::FixedPercentage(p),
                ..
            } => {
                json!({ "type": "FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION", "converts_to_percent": num(p) })
            }
            InstrumentTerms::Safe { kind, mfn } => {
                let timing = if kind == SafeKind::PreMoney {
                    "PRE_MONEY"
                } else {
                    "POST_MONEY"
                };
                json!({ "type": "SAFE_CONVERSION", "conversion_mfn": mfn, "conversion_timing": timing })
            }
        };
        if let Some(cap) = inst.cap {
            mechanism["conversion_valuation_cap"] = money(cap);
        }
        if let Some(d) = inst.discount {
            mechanism["conversion_discount"] = num(d);
        }
        let issued = inst
            .interest()
            .and_then(|i| i.from)
            .unwrap_or(as_of)
            .to_string();
        tx.push(json!({
            "id": format!("iss-{}", &sec[4..]), "object_type": "TX_CONVERTIBLE_ISSUANCE", "date": issued,
            "security_id": sec, "custom_id": sec.to_uppercase(), "stakeholder_id": who,
            "security_law_exemptions": exemptions, "investment_amount": money(inst.amount),
            "convertible_type": if note { "NOTE" } else { "SAFE" },
            "conversion_triggers": [{ "trigger_id": format!("{sec}-next-financing"), "type": "AUTOMATIC_ON_CONDITION",
                "trigger_condition": "The next equity financing",
                "conversion_right": { "type": "CONVERTIBLE_CONVERSION_RIGHT", "conversion_mechanism": mechanism,
                    "converts_to_future_round": true } }],
            "seniority": 1,
        }));
    }

    let plans: Vec<Value> = if pool.is_zero() && options.is_zero() {
        Vec::new()
    } else {
        vec![
            json!({ "id": "plan-1", "object_type": "STOCK_PLAN", "plan_name": "Option pool",
            "initial_shares_reserved": num(arith::add(pool, options, "the shares the plan reserves")?), "stock_class_ids": ["sc-common"] }),
        ]
    };
    let people: Vec<Value> = stakeholders
        .iter()
        .map(|(id, name)| json!({ "id": id, "object_type": "STAKEHOLDER", "name": { "legal_name": name }, "stakeholder_type": "INSTITUTION" }))
        .collect();

    let file = |kind: &str, items: Vec<Value>| -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(&json!({ "items": items, "file_type": kind }))
            .unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    };
    let mut files = vec![
        (
            "Stakeholders.ocf.json".to_string(),
            file("OCF_STAKEHOLDERS_FILE", people),
        ),
        (
            "StockClasses.ocf.json".to_string(),
            file("OCF_STOCK_CLASSES_FILE", classes),
        ),
        (
            "StockPlans.ocf.json".to_string(),
            file("OCF_STOCK_PLANS_FILE", plans),
        ),
        (
            "Transactions.ocf.json".to_string(),
            file("OCF_TRANSACTIONS_FILE", tx),
        ),
    ];
    let entry = |name: &str, files: &[(String, Vec<u8>)]| -> Value {
        let bytes = files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        json!([{ "filepath": name, "md5": format!("{:x}", md5::compute(bytes)) }])
    };
    let manifest = json!({
        "file_type": "OCF_MANIFEST_FILE",
        "ocf_version": OCF_VERSION,
        "issuer": { "id": format!("issuer-{}", slug(&scenario.name)), "object_type": "ISSUER",
            "legal_name": scenario.name, "formation_date": date, "country_of_formation": "US" },
        "as_of": date,
        "generated_at": format!("{date}T00:00:00Z"),
        "comments": ["Exported by captable export ocf"],
        "stock_plans_files": entry("StockPlans.ocf.json", &files),
        "stock_legend_templates_files": [],
        "stock_classes_files": entry("StockClasses.ocf.json", &files),
        "vesting_terms_files": [],
        "valuations_files": [],
        "transactions_files": entry("Transactions.ocf.json", &files),
        "stakeholders_files": entry("Stakeholders.ocf.json", &files),
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    files.push(("Manifest.ocf.json".to_string(), text.into_bytes()));
    Ok(files)
}
