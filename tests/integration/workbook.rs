//! `--format xlsx`: the workbook opened, recalculated and edited by a real spreadsheet engine
//! (LibreOffice, headless), against captable's JSON figures and figures worked by hand.

use std::path::Path;
use std::process::Command;

use crate::common::{Test, root, skip, tool};

/// A LibreOffice profile of its own (so that a running LibreOffice does not interfere) that
/// recalculates every formula on load, for xlsx and ODF files alike: the figures read back are
/// LibreOffice's, never the cached results captable writes beside its formulas.
fn profile(dir: &Path) -> String {
    let user = dir.join("profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    )
}

/// Converts `file` with LibreOffice into `out` (`filter` as `--convert-to` takes it).
fn convert(soffice: &Path, profile: &str, file: &Path, filter: &str, out: &Path) {
    let status = Command::new(soffice)
        .args(["--headless", profile, "--convert-to", filter, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Every sheet of `file` as CSV (values, or the formulas with `formulas`), by sheet name.
fn sheets(
    soffice: &Path,
    profile: &str,
    file: &Path,
    out: &Path,
    formulas: bool,
) -> std::collections::HashMap<String, Vec<Vec<String>>> {
    std::fs::create_dir_all(out).unwrap();
    // Comma, double quote, UTF-8, from line 1, …, formulas or not, every sheet (-1).
    let filter = format!(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,{formulas},false,-1"
    );
    convert(soffice, profile, file, &filter, out);
    let stem = file.file_stem().unwrap().to_str().unwrap().to_string();
    let mut sheets = std::collections::HashMap::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if let Some(sheet) = name
            .strip_prefix(&format!("{stem}-"))
            .and_then(|n| n.strip_suffix(".csv"))
        {
            let text = std::fs::read_to_string(&path).unwrap();
            sheets.insert(sheet.to_string(), parse_csv(&text));
        }
    }
    sheets
}

/// RFC 4180 fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let (mut row, mut field, mut quoted) = (vec![], String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A figure as LibreOffice writes it: `730000000000`, `23.4642857142857%`.
fn number(text: &str) -> f64 {
    match text.strip_suffix('%') {
        Some(p) => p.parse::<f64>().unwrap() / 100.0,
        None => text
            .parse()
            .unwrap_or_else(|_| panic!("{text:?} is not a number")),
    }
}

fn close(what: &str, got: f64, want: f64) {
    let error = if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    };
    assert!(
        error <= 1e-12,
        "{what}: LibreOffice has {got}, expected {want}"
    );
}

/// A cell of a sheet: data rows start on the sheet's third row (title, column titles).
fn cell<'a>(sheet: &'a [Vec<String>], row: usize, column: &str) -> &'a str {
    let c = sheet[1]
        .iter()
        .position(|t| t == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {:?}", sheet[1]));
    &sheet[row + 2][c]
}

/// The data row whose first cell is `name`.
fn row_of(sheet: &[Vec<String>], name: &str) -> usize {
    sheet[2..]
        .iter()
        .position(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no row {name:?}"))
}

/// A copy of the workbook `from` with the one cell value `old` replaced by `new`.
fn edit_xlsx(from: &Path, to: &Path, old: &str, new: &str) {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let mut found = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(text).unwrap();
            found += xml.matches(old).count();
            text = xml.replace(old, new).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
    assert_eq!(found, 1, "one cell holds {old}");
}

fn json_figure(value: &serde_json::Value) -> f64 {
    value.as_str().unwrap().parse().unwrap()
}

#[test]
fn the_workbook_recalculates_in_libreoffice_to_captables_figures() {
    const TEST: &str = "workbook::the_workbook_recalculates_in_libreoffice_to_captables_figures";
    let Some(soffice) = tool("soffice") else {
        skip(TEST, "LibreOffice (soffice) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("openai.xlsx");
    let scenario = root().join("scenarios/openai-2026.toml");
    let run = Test::new()
        .args([
            "report",
            scenario.to_str().unwrap(),
            "--format",
            "xlsx",
            "--output",
        ])
        .args([xlsx.to_str().unwrap()])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(
        &Test::new()
            .args(["report", scenario.to_str().unwrap(), "--format", "json"])
            .run()
            .stdout,
    )
    .unwrap();
    let profile = profile(dir.path());

    // Formulas where a spreadsheet user expects them.
    let formulas = sheets(
        &soffice,
        &profile,
        &xlsx,
        &dir.path().join("formulas"),
        true,
    );
    let cap = &formulas["Cap table after 2026 round"];
    for r in 0..cap.len() - 2 {
        for column in ["Ownership after", "Change", "Value"] {
            let f = cell(cap, r, column);
            assert!(
                f.starts_with('='),
                "{column} of row {r} is {f:?}, no formula"
            );
        }
    }
    assert_eq!(
        cell(cap, row_of(cap, "Microsoft"), "Ownership after"),
        "=(D3*$Valuation.B3+C3)/$Valuation.D3"
    );
    let valuation = &formulas["Valuation"];
    assert_eq!(cell(valuation, 0, "Pre-money"), "730000000000");
    assert_eq!(cell(valuation, 0, "Post-money"), "=B3+C3");
    let outcomes = &formulas["Outcomes"];
    assert!(cell(outcomes, 4, "Amazon").starts_with("=SUMPRODUCT("));

    // Recalculated by LibreOffice: captable's JSON figures, to 1e-12.
    let values = sheets(&soffice, &profile, &xlsx, &dir.path().join("values"), false);
    let valuation = &values["Valuation"];
    assert_eq!(cell(valuation, 0, "Pre-money"), "730000000000");
    assert_eq!(cell(valuation, 0, "Post-money"), "840000000000");
    let round = &json["rounds"][0];
    for key in ["pre_money", "new_money", "post_money", "revenue_multiple"] {
        let column = match key {
            "pre_money" => "Pre-money",
            "new_money" => "New money",
            "post_money" => "Post-money",
            _ => "Revenue multiple",
        };
        close(
            key,
            number(cell(valuation, 0, column)),
            json_figure(&round[key]),
        );
    }
    let cap = &values["Cap table after 2026 round"];
    for holder in round["holders"].as_array().unwrap() {
        let name = holder["name"].as_str().unwrap();
        let r = row_of(cap, name);
        for (key, column) in [
            ("ownership", "Ownership after"),
            ("ownership_before", "Ownership before"),
            ("value", "Value"),
            ("invested", "Invested"),
        ] {
            close(
                &format!("{name} {key}"),
                number(cell(cap, r, column)),
                json_figure(&holder[key]),
            );
        }
    }
    // By hand: Microsoft 27% × 730/840, Amazon 50/840.
    close(
        "Microsoft",
        number(cell(cap, 0, "Ownership after")),
        0.27 * 730.0 / 840.0,
    );
    close(
        "Amazon",
        number(cell(cap, row_of(cap, "Amazon"), "Ownership after")),
        50.0 / 840.0,
    );
    let outcomes = &values["Outcomes"];
    let expected = &json["expected"];
    let last = outcomes.len() - 3;
    close(
        "expected new money",
        number(cell(outcomes, last, "New money")),
        json_figure(&expected["new_money"]),
    );
    // By hand: 40% of outcomes pay $75B, 60% pay $110B: 30 + 66 = $96B.
    close(
        "expected new money by hand",
        number(cell(outcomes, last, "New money")),
        96e9,
    );
    for holder in expected["holders"].as_array().unwrap() {
        let name = holder["name"].as_str().unwrap();
        close(
            &format!("expected ownership of {name}"),
            number(cell(outcomes, last, name)),
            json_figure(&holder["ownership"]),
        );
    }
    let commitments = &values["Commitments"];
    for (r, c) in json["commitments"].as_array().unwrap().iter().enumerate() {
        close(
            "net flow",
            number(cell(commitments, r, "Net flow")),
            json_figure(&c["net_flow"]),
        );
        if !c["economic_cost"].is_null() {
            close(
                "economic cost",
                number(cell(commitments, r, "Economic cost")),
                json_figure(&c["economic_cost"]),
            );
        }
    }

    // The valuation cells are numbers: a float cell in LibreOffice's own file format.
    let out = dir.path().join("ods");
    convert(&soffice, &profile, &xlsx, "fods", &out);
    let fods = std::fs::read_to_string(out.join("openai.fods")).unwrap();
    for figure in ["730000000000", "840000000000"] {
        assert!(
            fods.contains(&format!(
                "office:value-type=\"float\" office:value=\"{figure}\""
            )),
            "no number cell holds {figure}"
        );
    }

    // Edit Amazon's contingent tranche ($35B → $20B) in the workbook's XML, as a user would in
    // the Investments sheet, and let LibreOffice recalculate: the post-money follows.
    let edited = dir.path().join("edited.xlsx");
    edit_xlsx(&xlsx, &edited, "<v>35000000000</v>", "<v>20000000000</v>");
    let values = sheets(
        &soffice,
        &profile,
        &edited,
        &dir.path().join("edited"),
        false,
    );
    let valuation = &values["Valuation"];
    // By hand: 730 + 15 + 20 + 30 + 30 = $825B.
    assert_eq!(cell(valuation, 0, "New money"), "95000000000");
    assert_eq!(cell(valuation, 0, "Post-money"), "825000000000");
    let cap = &values["Cap table after 2026 round"];
    close(
        "Amazon after the edit",
        number(cell(cap, row_of(cap, "Amazon"), "Ownership after")),
        35.0 / 825.0,
    );
    close(
        "Microsoft after the edit",
        number(cell(cap, 0, "Ownership after")),
        0.27 * 730.0 / 825.0,
    );
}

#[test]
fn a_workbook_needs_an_output_file() {
    let run = Test::new()
        .args(["report", "scenarios/openai-2026.toml", "--format", "xlsx"])
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    for command in [
        &["outcomes", "scenarios/openai-2026.toml"][..],
        &[
            "compare",
            "scenarios/openai-2026.toml",
            "tests/fixtures/openai-2026-talks-point.toml",
        ],
        &["exit", "scenarios/exit-three-classes.toml"],
        &[
            "sweep",
            "scenarios/openai-2026.toml",
            "--vary",
            "round[0].pre_money=700B..800B:50B",
        ],
    ] {
        let run = Test::new().args(command).args(["--format", "xlsx"]).run();
        assert_eq!(run.code, 2, "{command:?}");
        assert!(run.stdout.is_empty(), "{command:?}");
    }
}

#[test]
fn every_table_command_writes_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    for (name, command) in [
        ("outcomes", &["outcomes", "scenarios/openai-2026.toml"][..]),
        (
            "compare",
            &[
                "compare",
                "scenarios/openai-2026.toml",
                "tests/fixtures/openai-2026-talks-point.toml",
            ],
        ),
        ("exit", &["exit", "scenarios/exit-three-classes.toml"]),
        (
            "sweep",
            &[
                "sweep",
                "scenarios/openai-2026.toml",
                "--vary",
                "round[0].pre_money=700B..800B:50B",
            ],
        ),
        (
            "sweep3",
            &[
                "sweep",
                "scenarios/openai-2026.toml",
                "--vary",
                "round[0].pre_money=700B..800B:50B",
                "--vary",
                "condition.ipo.probability=10%..20%:10%",
                "--vary",
                "condition.agi.probability=10%..20%:10%",
            ],
        ),
        (
            "startup",
            &["report", "scenarios/startup-seed-to-series-a.toml"],
        ),
    ] {
        let path = dir.path().join(format!("{name}.xlsx"));
        let run = Test::new()
            .args(command)
            .args(["--format", "xlsx", "--output", path.to_str().unwrap()])
            .run();
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        // A zip archive (an xlsx file), with its sources sheet.
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..2], b"PK", "{name}");
    }
}

/// The rows of `captable … --format csv --long`, parsed back.
fn long_rows(args: &[&str]) -> Vec<Vec<String>> {
    let run = Test::new()
        .args(args)
        .args(["--format", "csv", "--long"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    assert_eq!(
        rows[0],
        ["table", "round", "holder", "class", "measure", "value"]
    );
    for row in &rows {
        assert_eq!(row.len(), 6, "{row:?}");
    }
    rows
}

fn long_value<'a>(rows: &'a [Vec<String>], key: [&str; 5]) -> &'a str {
    rows.iter()
        .find(|r| r[..5] == key)
        .map(|r| r[5].as_str())
        .unwrap_or_else(|| panic!("no row {key:?}"))
}

#[test]
fn the_long_csv_is_one_tidy_table_of_exact_figures() {
    let rows = long_rows(&["report", "scenarios/openai-2026.toml"]);
    // 50/840 = 0.05952380952380952380952380952…, 28 decimals.
    assert_eq!(
        long_value(
            &rows,
            [
                "Cap table",
                "2026 round",
                "Amazon",
                "common",
                "Ownership after"
            ]
        ),
        "0.0595238095238095238095238095"
    );
    // 27% of $730B.
    assert_eq!(
        long_value(
            &rows,
            ["Cap table", "2026 round", "Microsoft", "common", "Value"]
        ),
        "197100000000"
    );
    assert_eq!(
        long_value(&rows, ["Valuation", "2026 round", "", "", "Post-money"]),
        "840000000000"
    );
    // 0.4 × 75B + 0.6 × 110B.
    assert_eq!(
        long_value(&rows, ["Outcomes", "", "", "", "Expected: New money"]),
        "96000000000"
    );
    assert_eq!(
        long_value(
            &rows,
            ["Outcomes", "", "", "", "ipo=no, agi=no: Post-money"]
        ),
        "805000000000"
    );
    // Net flow 0 − 250B: a negative figure stays a number (no formula guard).
    assert_eq!(
        long_value(&rows, ["Commitments", "", "Microsoft", "", "Net flow"]),
        "-250000000000"
    );

    // Share counts: the Seed Fund's 2,000,000 at 2.975 a share buys 672,268.9…, rounded down.
    let rows = long_rows(&["report", "scenarios/startup-seed-to-series-a.toml"]);
    assert_eq!(
        long_value(
            &rows,
            ["Cap table", "Seed", "Seed Fund", "common", "Shares"]
        ),
        "672268"
    );
    assert_eq!(
        long_value(
            &rows,
            ["Workings", "Seed", "", "", "Price per share: Result"]
        ),
        "2.975"
    );
    // The same figures as the blocks, every one: each block row's figures are long rows.
    let blocks = Test::new()
        .args([
            "report",
            "scenarios/startup-seed-to-series-a.toml",
            "--format",
            "csv",
        ])
        .run()
        .stdout;
    let seed_fund = parse_csv(&blocks)
        .into_iter()
        .find(|r| r.len() > 2 && r[0] == "Seed" && r[1] == "Seed Fund")
        .unwrap();
    for value in &seed_fund[3..] {
        assert!(
            rows.iter()
                .any(|r| r[1] == "Seed" && r[2] == "Seed Fund" && r[5] == *value),
            "{value}"
        );
    }
}

#[test]
fn long_is_for_csv() {
    let run = Test::new()
        .args(["report", "scenarios/openai-2026.toml", "--long"])
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--format csv"), "{}", run.stderr);
}
