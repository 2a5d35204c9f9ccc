use serde_json::json;

use super::*;

fn item(value: Value) -> Item {
    Item {
        file: "Stakeholders.ocf.json".into(),
        index: 0,
        value,
    }
}

fn check(value: Value) -> Option<String> {
    let schemas = schemas().as_ref().expect("the vendored schemas compile");
    check_item(schemas, &item(value))
}

#[test]
fn every_object_schema_compiles_offline() {
    // schemas/ocf-1.2.0/objects/ holds 52 object schemas (9 objects, 43 transactions, counted
    // with `find schemas/ocf-1.2.0/objects -name '*.json' | wc -l`). 45 fix one object_type
    // (`const`); the 7 EquityCompensation* ones accept two (`enum`: TX_EQUITY_COMPENSATION_X
    // and TX_PLAN_SECURITY_X), and the 7 PlanSecurity* ones are wrappers fixing that same
    // TX_PLAN_SECURITY_X: 45 + 7 × 2 − 7 = 52 types.
    let types = object_types().expect("the vendored schemas compile");
    assert_eq!(types.len(), 52, "{types:?}");
    assert!(types.iter().any(|t| t == "TX_PLAN_SECURITY_ISSUANCE"));
    assert!(types.iter().any(|t| t == "TX_STOCK_ISSUANCE"));
    assert!(types.iter().any(|t| t == "ISSUER"));
}

#[test]
fn a_valid_stakeholder_passes() {
    // The required keys of Stakeholder.schema.json (id, object_type, name.legal_name,
    // stakeholder_type) and nothing else.
    assert_eq!(
        check(json!({
            "id": "sh-1",
            "object_type": "STAKEHOLDER",
            "name": {"legal_name": "Founder A"},
            "stakeholder_type": "INDIVIDUAL"
        })),
        None
    );
}

#[test]
fn a_stakeholder_of_an_unknown_type_names_file_id_and_path() {
    let problem = check(json!({
        "id": "sh-1",
        "object_type": "STAKEHOLDER",
        "name": {"legal_name": "Founder A"},
        "stakeholder_type": "ROBOT"
    }))
    .expect("ROBOT is not a StakeholderType");
    assert!(
        problem.starts_with("Stakeholders.ocf.json item sh-1 (STAKEHOLDER): ")
            && problem.contains("at /stakeholder_type"),
        "{problem}"
    );
}

#[test]
fn a_missing_required_key_and_an_unknown_object_type_are_problems() {
    let problem = check(
        json!({"id": "sh-2", "object_type": "STAKEHOLDER", "stakeholder_type": "INDIVIDUAL"}),
    )
    .expect("name is required");
    assert!(
        problem.contains("\"name\" is a required property at /"),
        "{problem}"
    );
    let problem = check(json!({"id": "x", "object_type": "TX_TELEPORT"})).expect("unknown type");
    assert_eq!(
        problem,
        "Stakeholders.ocf.json item x (TX_TELEPORT): `TX_TELEPORT` is not an object type of OCF 1.2.0"
    );
}

#[test]
fn a_date_that_is_no_date_fails_its_format() {
    // Date.schema.json: {"type": "string", "format": "date"}; 2024-02-30 does not exist.
    let problem = check(json!({
        "id": "tx-1",
        "object_type": "TX_STOCK_CANCELLATION",
        "date": "2024-02-30",
        "security_id": "s-1",
        "quantity": "10",
        "reason_text": "repurchase"
    }))
    .expect("2024-02-30 is no date");
    assert!(problem.contains("at /date"), "{problem}");
}

#[test]
fn every_vendored_file_is_listed_and_keeps_its_copyright_comment() {
    // The licence (schemas/ocf-1.2.0/LICENSE.md, §1.2) asks each copy of a schema file to keep
    // its `$comment`: "Copyright © … Open Cap Table Coalition … / Original File: URL".
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(base).expect("under base");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ocf-1.2.0");
    let mut on_disk = Vec::new();
    walk(&base, &base, &mut on_disk);
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(p, _)| (*p).to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "regenerate src/ocf/schema_files.rs");
    assert_eq!(listed.len(), 168);
    for (path, text) in FILES {
        let value: Value = serde_json::from_str(text).expect("JSON");
        let comment = value["$comment"].as_str().unwrap_or_default();
        assert!(
            comment.starts_with("Copyright © 2024 Open Cap Table Coalition (https://opencaptablecoalition.com) / Original File: https://github.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF/tree/v1.2.0/schema/")
                && comment.ends_with(path),
            "{path}: {comment}"
        );
    }
    assert!(base.join("LICENSE.md").exists());
}
