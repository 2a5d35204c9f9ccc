//! The replayed cap table as a commented scenario file: a reconciliation block, `[scenario]`
//! with its sources, the classes, one `[[holder]]` per (stakeholder, class) position, the
//! options and warrants with their strikes, the unallocated pool, and the SAFEs and notes
//! outstanding. Every value carries a comment naming the OCF object it came from.

use std::collections::HashMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::replay::{AwardKind, CapTable, Terms};
use super::{PercentStyle, slug};
use crate::scenario::model::Date;

/// The scenario text, and the reconciliation (also at the top of the text, as comments).
pub struct Written {
    pub text: String,
    pub reconciliation: Vec<String>,
}

/// A TOML basic string.
fn q(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// An exact decimal as written in a scenario: integers with `_` groups, others as a string.
fn number(d: Decimal) -> String {
    let d = d.normalize();
    if d.fract().is_zero() && d.abs() < Decimal::from(i64::MAX) {
        let digits = d.trunc().abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('_');
            }
            out.push(c);
        }
        if d.is_sign_negative() {
            format!("-{out}")
        } else {
            out
        }
    } else {
        q(&d.to_string())
    }
}

/// Money as a string (`"1250000.5"`).
fn money(d: Decimal) -> String {
    q(&d.normalize().to_string())
}

/// A fraction as a percentage string (`"20%"`), exact.
fn percent(d: Decimal) -> String {
    // A fraction too large to write as a percentage (past 10^26) is written as it is: the
    // same value, never a panic.
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => q(&format!("{}%", p.normalize())),
        None => q(&d.normalize().to_string()),
    }
}

/// Grouped digits for the reconciliation text.
pub fn grouped(d: Decimal) -> String {
    let d = d.normalize();
    let text = d.abs().to_string();
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if d.is_sign_negative() {
        format!("-{out}")
    } else {
        out
    }
}

/// Writes the scenario for `table`, read from `package` (as named on the command line).
pub fn write(
    table: &CapTable,
    package: &str,
    manifest_as_of: Option<Date>,
    imported: Date,
) -> Written {
    // Party names: a stakeholder's legal name; several stakeholders of one name get their id.
    let mut count: HashMap<&str, usize> = HashMap::new();
    for s in &table.stakeholders {
        *count.entry(s.name.as_str()).or_default() += 1;
    }
    let base: Vec<String> = table
        .stakeholders
        .iter()
        .map(|s| {
            if count[s.name.as_str()] > 1 {
                format!("{} ({})", s.name, s.id)
            } else {
                s.name.clone()
            }
        })
        .collect();

    // Class keys: the common class with the most shares is `common`; the others get a slug.
    let common = table
        .classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.common)
        .fold(None::<(usize, Decimal)>, |best, (i, c)| match best {
            Some((_, s)) if s >= c.outstanding => best,
            _ => Some((i, c.outstanding)),
        })
        .map(|(i, _)| i);
    let mut keys: Vec<String> = Vec::new();
    for (i, c) in table.classes.iter().enumerate() {
        let mut key = if Some(i) == common {
            "common".to_string()
        } else {
            slug(&c.name)
        };
        if !key.starts_with(|ch: char| ch.is_ascii_lowercase()) {
            key = format!("class_{key}");
        }
        if key != "common" {
            while key == "common" || keys.contains(&key) {
                key.push_str("_2");
            }
        }
        keys.push(key);
    }
    // Seniority: OCF's (higher paid first, any decimal) as dense ranks 1, 2, … among preferred.
    let mut levels: Vec<Decimal> = table
        .classes
        .iter()
        .filter(|c| !c.common)
        .filter_map(|c| c.seniority)
        .collect();
    levels.sort();
    levels.dedup();
    let rank = |s: Option<Decimal>| {
        s.and_then(|s| levels.iter().position(|l| *l == s))
            .map_or(1, |p| p + 1)
    };

    // Holder names for stock positions.
    let mut positions_of: HashMap<usize, usize> = HashMap::new();
    for h in &table.holdings {
        *positions_of.entry(h.stakeholder).or_default() += 1;
    }

    let mut recon: Vec<String> = Vec::new();
    let mut body = String::new();

    // [scenario]
    let as_of = table.as_of;
    let _ = writeln!(body, "[scenario]");
    let _ = writeln!(
        body,
        "name = {}",
        q(&format!(
            "{} — cap table as of {as_of} (Open Cap Format)",
            table.issuer
        ))
    );
    let _ = writeln!(
        body,
        "currency = {}   # the currency of most prices in the package",
        q(&table.currency)
    );
    let _ = writeln!(body, "sources = [");
    let _ = writeln!(
        body,
        "  {},",
        q(&format!(
            "OCF package {package} (issuer {}, package as_of {})",
            table.issuer,
            manifest_as_of.map_or_else(|| "not given".to_string(), |d| d.to_string())
        ))
    );
    let _ = writeln!(
        body,
        "  {},",
        q(&format!(
            "replayed to {as_of}; imported {imported} by captable import ocf"
        ))
    );
    let _ = writeln!(body, "]");

    // Classes (not `common`).
    for (i, c) in table.classes.iter().enumerate() {
        if Some(i) == common {
            continue;
        }
        let _ = writeln!(body);
        let _ = writeln!(
            body,
            "[class.{}]   # STOCK_CLASS {} ({})",
            keys[i],
            c.id,
            if c.common { "COMMON" } else { "PREFERRED" }
        );
        let _ = writeln!(body, "name = {}   # {} name", q(&c.name), c.id);
        if c.common {
            let _ = writeln!(
                body,
                "preference = \"0x\"   # a second common class: no preference ..."
            );
            let _ = writeln!(
                body,
                "participating = true   # ... and shares the rest with common, share for share"
            );
            continue;
        }
        match c.preference {
            Some(p) => {
                let _ = writeln!(
                    body,
                    "preference = {}   # {} liquidation_preference_multiple",
                    q(&format!("{}x", p.normalize())),
                    c.id
                );
            }
            None => {
                let _ = writeln!(
                    body,
                    "preference = \"1x\"   # {} gives no liquidation_preference_multiple: 1x assumed",
                    c.id
                );
            }
        }
        match c.participation_cap {
            Some(cap) if cap > Decimal::ZERO => {
                let _ = writeln!(
                    body,
                    "participating = true   # {} has a participation_cap_multiple",
                    c.id
                );
                let _ = writeln!(
                    body,
                    "cap = {}   # {} participation_cap_multiple",
                    q(&format!("{}x", cap.normalize())),
                    c.id
                );
            }
            Some(_) => {
                let _ = writeln!(
                    body,
                    "participating = true   # {} participation_cap_multiple 0: read as uncapped participation",
                    c.id
                );
            }
            None => {
                let _ = writeln!(
                    body,
                    "participating = false   # {} has no participation_cap_multiple (OCF's only sign of participation)",
                    c.id
                );
            }
        }
        let _ = writeln!(
            body,
            "seniority = {}   # {} seniority {} (higher is paid first, in OCF as in captable)",
            rank(c.seniority),
            c.id,
            c.seniority
                .map_or_else(|| "not given".to_string(), |s| s.normalize().to_string())
        );
        if let Some((ratio, from)) = &c.ratio {
            if *ratio == Decimal::ONE {
                let _ = writeln!(
                    body,
                    "# conversion ratio 1 ({from}): captable converts preferred share for share"
                );
            } else {
                let _ = writeln!(
                    body,
                    "# conversion ratio {} ({from}) is NOT modelled: captable converts share for share",
                    ratio.normalize()
                );
                recon.push(format!("left out: class {} ({}) converts at {} common shares per share; captable converts share for share", c.name, c.id, ratio.normalize()));
            }
        }
    }

    // Holders: stock positions.
    let mut written_per_class: Vec<Decimal> = vec![Decimal::ZERO; table.classes.len()];
    let mut holders_per_class: Vec<usize> = vec![0; table.classes.len()];
    for h in &table.holdings {
        let c = &table.classes[h.class];
        let name = if positions_of[&h.stakeholder] > 1 {
            format!("{} ({})", base[h.stakeholder], c.name)
        } else {
            base[h.stakeholder].clone()
        };
        // (Every total this function adds up fits a decimal: `replay::totals_fit`.)
        written_per_class[h.class] += h.shares;
        holders_per_class[h.class] += 1;
        let sh = &table.stakeholders[h.stakeholder];
        let _ = writeln!(body);
        let _ = writeln!(
            body,
            "[[holder]]   # stakeholder {}; {} in {}",
            sh.id, c.name, c.id
        );
        let _ = writeln!(body, "name = {}", q(&name));
        let _ = writeln!(
            body,
            "shares = {}   # {}",
            number(h.shares),
            h.sources.join(", ")
        );
        if Some(h.class) != common {
            let _ = writeln!(body, "class = {}   # {}", q(&keys[h.class]), c.id);
        }
        let basis = if !c.common && c.price.is_some() {
            format!("{} price_per_share", c.id)
        } else {
            "each issuance's share_price".to_string()
        };
        if !h.invested.is_zero() || !c.common {
            let _ = writeln!(
                body,
                "invested = {}   # {basis} × shares",
                money(h.invested)
            );
        }
    }

    // Options, RSUs and warrants.
    for a in &table.awards {
        let sh = &table.stakeholders[a.stakeholder];
        let (kind, label) = match a.kind {
            AwardKind::Option => ("option", format!("options at {}", a.strike.normalize())),
            AwardKind::Rsu => ("option", "RSUs".to_string()),
            AwardKind::Warrant => ("warrant", format!("warrant at {}", a.strike.normalize())),
        };
        let _ = writeln!(body);
        let _ = writeln!(
            body,
            "[[holder]]   # stakeholder {}; {}",
            sh.id,
            super::replay::kind_word(a.kind)
        );
        let _ = writeln!(
            body,
            "name = {}",
            q(&format!("{} ({label})", base[a.stakeholder]))
        );
        let _ = writeln!(body, "kind = {}", q(kind));
        let _ = writeln!(
            body,
            "shares = {}   # {}",
            number(a.quantity),
            a.sources.join(", ")
        );
        let strike_note = if a.kind == AwardKind::Rsu {
            "an RSU: no exercise price"
        } else {
            "exercise_price"
        };
        let _ = writeln!(
            body,
            "exercise_price = {}   # {strike_note}",
            money(a.strike)
        );
        if let Some(c) = a.class
            && Some(c) != common
        {
            let _ = writeln!(body, "class = {}   # {}", q(&keys[c]), table.classes[c].id);
        }
    }

    // The pool: reserved less what the plans used.
    if !table.plans.is_empty() {
        let available: Decimal = table
            .plans
            .iter()
            .map(|p| (p.reserved - p.consumed).max(Decimal::ZERO))
            .sum();
        let names: Vec<String> = table.plans.iter().map(|p| p.name.clone()).collect();
        let _ = writeln!(body);
        let _ = writeln!(
            body,
            "[[holder]]   # the unallocated pool of {}",
            names.join(", ")
        );
        let _ = writeln!(
            body,
            "name = {}",
            q(&format!("Option pool ({})", names.join(", ")))
        );
        let sources: Vec<String> = table
            .plans
            .iter()
            .map(|p| {
                format!(
                    "{}: {} reserved ({}) − {} used",
                    p.id,
                    grouped(p.reserved),
                    p.reserved_from,
                    grouped(p.consumed)
                )
            })
            .collect();
        let _ = writeln!(
            body,
            "shares = {}   # {}",
            number(available),
            sources.join("; ")
        );
        let _ = writeln!(body, "pool = true");
    }

    // SAFEs and notes.
    for cv in &table.convertibles {
        let investor = &base[cv.stakeholder];
        let _ = writeln!(body);
        let seniority = cv.seniority.as_ref().map_or(String::new(), |s| {
            format!("; OCF convertible seniority {s} (1 is most senior) is not modelled")
        });
        match &cv.terms {
            Terms::Safe {
                cap,
                discount,
                timing,
                mfn,
            } => {
                let _ = writeln!(body, "[[safe]]   # {}{seniority}", cv.source);
                let _ = writeln!(body, "investor = {}", q(investor));
                let _ = writeln!(body, "amount = {}   # investment_amount", money(cv.amount));
                let kind = match timing.as_deref() {
                    Some("PRE_MONEY") => "\"pre-money\"   # conversion_timing PRE_MONEY",
                    Some("POST_MONEY") => "\"post-money\"   # conversion_timing POST_MONEY",
                    _ => "\"post-money\"   # no conversion_timing: YC's post-money SAFE assumed",
                };
                let _ = writeln!(body, "kind = {kind}");
                let plain = (!mfn).then_some("no cap, discount or MFN");
                cap_and_discount(&mut body, *cap, *discount, plain, table.percent_style);
                if *mfn {
                    let _ = writeln!(body, "mfn = true   # conversion_mfn");
                }
                let _ = writeln!(body, "issued = {}   # date", cv.issued);
            }
            Terms::FixedPercent { percent: p } => {
                let _ = writeln!(body, "[[safe]]   # {}{seniority}", cv.source);
                let _ = writeln!(body, "investor = {}", q(investor));
                let _ = writeln!(body, "amount = {}   # investment_amount", money(cv.amount));
                let _ = writeln!(
                    body,
                    "kind = \"fixed-percentage\"   # FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION"
                );
                let _ = writeln!(
                    body,
                    "percentage = {}   # converts_to_percent{}",
                    percent(*p),
                    style_note(table.percent_style)
                );
                let _ = writeln!(body, "issued = {}   # date", cv.issued);
            }
            Terms::Note {
                rate,
                start,
                cap,
                discount,
            } => {
                let _ = writeln!(body, "[[note]]   # {}{seniority}", cv.source);
                let _ = writeln!(body, "investor = {}", q(investor));
                let _ = writeln!(
                    body,
                    "principal = {}   # investment_amount",
                    money(cv.amount)
                );
                let _ = writeln!(
                    body,
                    "interest = {}   # interest_rates[0].rate, simple, actual/365{}",
                    percent(*rate),
                    style_note(table.percent_style)
                );
                let _ = writeln!(
                    body,
                    "issued = {start}   # accrual_start_date (else the issuance date)"
                );
                let plain = Some("no cap or discount");
                cap_and_discount(&mut body, *cap, *discount, plain, table.percent_style);
            }
        }
    }

    // Reconciliation.
    let mut lines: Vec<String> = Vec::new();
    lines.push(format!("Reconciliation of {} as of {as_of}", package));
    for (i, c) in table.classes.iter().enumerate() {
        let written = written_per_class[i];
        let check = if written == c.outstanding {
            "equal"
        } else {
            "DIFFERENT"
        };
        lines.push(format!(
            "  class {} ({}, {}): package {} shares outstanding in {} of {} securities issued; written {} in {} holder{} ({check}); authorized {}",
            c.name,
            c.id,
            keys[i],
            grouped(c.outstanding),
            c.open_securities,
            c.issued_securities,
            grouped(written),
            holders_per_class[i],
            if holders_per_class[i] == 1 { "" } else { "s" },
            c.authorized.clone().unwrap_or_else(|| "not given".into()),
        ));
    }
    for p in &table.plans {
        lines.push(format!(
            "  plan {} ({}): {} reserved, {} awards outstanding, {} used in all (awards, exercises, plan stock); pool written {}",
            p.name,
            p.id,
            grouped(p.reserved),
            grouped(p.outstanding_awards),
            grouped(p.consumed),
            grouped((p.reserved - p.consumed).max(Decimal::ZERO)),
        ));
    }
    let options: Decimal = table
        .awards
        .iter()
        .filter(|a| a.kind != AwardKind::Warrant)
        .map(|a| a.quantity)
        .sum();
    let warrants: Decimal = table
        .awards
        .iter()
        .filter(|a| a.kind == AwardKind::Warrant)
        .map(|a| a.quantity)
        .sum();
    lines.push(format!(
        "  options and RSUs written: {}; warrants written: {}",
        grouped(options),
        grouped(warrants)
    ));
    let safes = table
        .convertibles
        .iter()
        .filter(|c| !matches!(c.terms, Terms::Note { .. }))
        .count();
    let safe_money: Decimal = table
        .convertibles
        .iter()
        .filter(|c| !matches!(c.terms, Terms::Note { .. }))
        .map(|c| c.amount)
        .sum();
    let notes = table.convertibles.len() - safes;
    let note_money: Decimal = table
        .convertibles
        .iter()
        .filter(|c| matches!(c.terms, Terms::Note { .. }))
        .map(|c| c.amount)
        .sum();
    lines.push(format!(
        "  SAFEs outstanding: {safes} ({} {}); notes outstanding: {notes} ({} {} principal)",
        grouped(safe_money),
        table.currency,
        grouped(note_money),
        table.currency
    ));
    if table.after_as_of > 0 {
        lines.push(format!(
            "  {} transaction(s) dated after {as_of} not applied",
            table.after_as_of
        ));
    }
    if !table.no_effect.is_empty() {
        let list: Vec<String> = table
            .no_effect
            .iter()
            .map(|(k, n)| format!("{k} ×{n}"))
            .collect();
        lines.push(format!(
            "  read, no effect on the cap table: {}",
            list.join(", ")
        ));
    }
    let left: Vec<&String> = table.notes.left_out.iter().chain(recon.iter()).collect();
    if left.is_empty() {
        lines.push("  left out: nothing".into());
    } else {
        lines.push(format!("  left out ({}):", left.len()));
        for l in left {
            lines.push(format!("    - {}", l.trim_start_matches("left out: ")));
        }
    }
    if !table.notes.warnings.is_empty() {
        lines.push(format!("  warnings ({}):", table.notes.warnings.len()));
        for w in &table.notes.warnings {
            lines.push(format!("    - {w}"));
        }
    }

    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Imported by `captable import ocf` from an Open Cap Format package. Do not edit:"
    );
    let _ = writeln!(
        text,
        "# a re-import replaces this file. Write rounds in a second file that starts with"
    );
    let _ = writeln!(text, "#   extends = \"THIS FILE\"");
    let _ = writeln!(
        text,
        "# (see README: \"Start from an Open Cap Format package\")."
    );
    let _ = writeln!(text, "#");
    for l in &lines {
        let _ = writeln!(text, "# {l}");
    }
    let _ = writeln!(text);
    text.push_str(&body);
    Written {
        text,
        reconciliation: lines,
    }
}

/// The `cap` and `discount` lines of a SAFE or note. One with neither (`plain` says what it
/// lacks; `None` when it converts some other way, by MFN) gets `discount = "0%"`: it converts
/// at the round price.
fn cap_and_discount(
    body: &mut String,
    cap: Option<Decimal>,
    discount: Option<Decimal>,
    plain: Option<&str>,
    style: PercentStyle,
) {
    if let Some(cap) = cap {
        let _ = writeln!(body, "cap = {}   # conversion_valuation_cap", money(cap));
    }
    match (discount, cap, plain) {
        (Some(d), _, _) => {
            let note = style_note(style);
            let _ = writeln!(
                body,
                "discount = {}   # conversion_discount{note}",
                percent(d)
            );
        }
        (None, None, Some(lacks)) => {
            let _ = writeln!(
                body,
                "discount = \"0%\"   # {lacks}: converts at the round price"
            );
        }
        _ => {}
    }
}

fn style_note(style: PercentStyle) -> &'static str {
    match style {
        PercentStyle::Fraction => "",
        PercentStyle::Percent => " (written as percent in this package)",
    }
}
