//! Checking items against the vendored OCF 1.2.0 JSON schemas (`schemas/ocf-1.2.0/`, the
//! `schema/` folder of the v1.2.0 tag of github.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF,
//! under the Open Cap Table Coalition's Schema and Documentation License,
//! `schemas/ocf-1.2.0/LICENSE.md`; every file keeps its `$comment` copyright line).
//!
//! Items are checked one by one, each against the object schema its `object_type` names, as
//! the coalition's own validator does: the file-level schemas (`TransactionsFile` and the rest)
//! put every transaction in one `oneOf`, which rejects valid items that match two branches and
//! says only "not valid under any of the schemas" when one fails. The schemas' `$ref`s (all
//! absolute `https://schema.opencaptablecoalition.com/v/1.2.0/…` URIs) resolve to the vendored
//! files, registered by their `$id`: nothing is fetched (the `jsonschema` crate is built
//! without its HTTP and file retrievers).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, Resource, ValidationError, Validator};
use serde_json::Value;

use super::read::Package;
use super::schema_files::FILES;
use super::{Item, clean};

/// The result of checking a package: how many items were checked, and each failing one.
#[derive(Debug, Default)]
pub struct Checked {
    pub items: usize,
    /// `FILE item ID (TYPE): what is wrong at /path`, one per failing item.
    pub problems: Vec<String>,
}

/// The validator of every object schema, by the `object_type` it fixes (`"TX_STOCK_ISSUANCE"`).
struct Schemas {
    by_type: BTreeMap<String, Arc<Validator>>,
}

/// The schemas, compiled once. `Err` only if the vendored files were broken (a test builds them).
fn schemas() -> &'static Result<Schemas, String> {
    static SCHEMAS: OnceLock<Result<Schemas, String>> = OnceLock::new();
    SCHEMAS.get_or_init(compile)
}

fn compile() -> Result<Schemas, String> {
    let mut parsed = Vec::with_capacity(FILES.len());
    for (path, text) in FILES {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("the vendored schema `{path}` is not JSON: {e}"))?;
        let id = value
            .get("$id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the vendored schema `{path}` has no $id"))?
            .to_string();
        parsed.push((path, id, value));
    }
    let registry = Registry::new()
        .draft(Draft::Draft7)
        .extend(
            parsed
                .iter()
                .map(|(_, id, value)| (id.clone(), Resource::from_contents(value.clone()))),
        )
        .and_then(|builder| builder.prepare())
        .map_err(|e| format!("the vendored OCF schemas do not resolve: {e}"))?;
    let mut by_type = BTreeMap::new();
    for (path, _, value) in &parsed {
        if !path.starts_with("objects/") {
            continue;
        }
        // Most schemas fix one `const` object_type; the equity-compensation ones accept an
        // `enum` of two (`TX_EQUITY_COMPENSATION_ISSUANCE` and its older `TX_PLAN_SECURITY_…`).
        let object_type = value.pointer("/properties/object_type");
        let types: Vec<String> = object_type
            .and_then(|t| t.get("const"))
            .into_iter()
            .chain(
                object_type
                    .and_then(|t| t.get("enum"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if types.is_empty() {
            continue;
        }
        let validator = jsonschema::options()
            .with_draft(Draft::Draft7)
            .with_registry(&registry)
            .should_validate_formats(true)
            .build(value)
            .map_err(|e| format!("the vendored schema `{path}` does not compile: {e}"))?;
        let validator = Arc::new(validator);
        for object_type in types {
            by_type.insert(object_type, Arc::clone(&validator));
        }
    }
    Ok(Schemas { by_type })
}

/// How many object types the vendored schemas define (for the tests).
pub fn object_types() -> Result<Vec<String>, String> {
    schemas()
        .as_ref()
        .map(|s| s.by_type.keys().cloned().collect())
        .map_err(Clone::clone)
}

/// Check every item of the package, and the issuer in its manifest, against its object
/// schema. A failing item is one line naming its file, id and type, and what failed where.
pub fn check_items(package: &Package) -> Checked {
    let issuer = package.manifest.get("issuer").map(|value| Item {
        file: package.manifest_name.clone(),
        index: 0,
        value: value.clone(),
    });
    let items: Vec<&Item> = issuer.iter().chain(package.items.iter()).collect();
    let schemas = match schemas() {
        Ok(schemas) => schemas,
        Err(e) => {
            return Checked {
                items: 0,
                problems: vec![e.clone()],
            };
        }
    };
    let mut checked = Checked {
        items: items.len(),
        problems: Vec::new(),
    };
    for item in items {
        if let Some(problem) = check_item(schemas, item) {
            checked.problems.push(problem);
        }
    }
    checked
}

/// Check one item: `None` when it is valid.
fn check_item(schemas: &Schemas, item: &Item) -> Option<String> {
    let object_type = clean(item.object_type());
    let head = format!("{} item {} ({object_type})", item.file, item.id());
    let Some(validator) = schemas.by_type.get(item.object_type()) else {
        let what = if item.value.get("object_type").is_none() {
            "it has no object_type".to_string()
        } else {
            format!(
                "`{object_type}` is not an object type of OCF {}",
                super::OCF_VERSION
            )
        };
        return Some(format!("{head}: {what}"));
    };
    let mut failures: Vec<String> = Vec::new();
    for error in validator.iter_errors(&item.value) {
        describe(&error, &mut failures);
    }
    if failures.is_empty() {
        return None;
    }
    Some(format!("{head}: {}", failures.join("; ")))
}

/// What failed and where, one line per leaf failure. A failed `anyOf`/`oneOf` (the OCF
/// schemas pick a conversion mechanism or trigger by its `type`) says only that no branch
/// matched; the failures of the branch that fits best are more use: the branch whose `type` (or
/// other `const`) matched, and of those the one with fewest failures.
fn describe(error: &ValidationError<'_>, out: &mut Vec<String>) {
    let branches = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            Some(context)
        }
        _ => None,
    };
    if let Some(best) = branches.and_then(|context| {
        context
            .iter()
            .filter(|branch| !branch.is_empty())
            .min_by_key(|branch| {
                let discriminator_failed = branch
                    .iter()
                    .any(|e| matches!(e.kind(), ValidationErrorKind::Constant { .. }));
                (discriminator_failed, branch.len())
            })
    }) {
        for inner in best {
            describe(inner, out);
        }
        return;
    }
    let path = error.instance_path().to_string();
    let text = error.to_string();
    // A long value (a whole object) is quoted in full; say what failed without it.
    let text = if text.chars().count() > 160 {
        error.masked().to_string()
    } else {
        text
    };
    let at = if path.is_empty() { "/" } else { &path };
    let line = format!("{} at {at}", clean(&text));
    if !out.contains(&line) {
        out.push(line);
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
