use super::{PRINT_WIDTH, Section, print_groups, text_width, width};
use crate::report::cell::Cell;

fn section(columns: &[(&str, bool)], rows: &[&[&str]]) -> Section {
    let mut section = Section::new("T", columns);
    section.rows = rows
        .iter()
        .map(|r| r.iter().map(|c| Cell::text(*c)).collect())
        .collect();
    section
}

/// OpenAI's outcomes table: two condition columns, five figures, six holders.
fn outcomes() -> Section {
    section(
        &[
            ("ipo", false),
            ("agi", false),
            ("Probability", true),
            ("New money", true),
            ("Post-money", true),
            ("Microsoft", true),
            ("OpenAI Foundation", true),
            ("Employees and other investors", true),
            ("Amazon", true),
            ("Nvidia", true),
            ("SoftBank", true),
        ],
        &[
            &[
                "no", "no", "40.00%", "$75B", "$805B", "24.48%", "23.58%", "42.62%", "1.86%",
                "3.73%", "3.73%",
            ],
            &[
                "Expected", "", "", "$96B", "$826B", "23.87%", "22.99%", "41.56%", "4.32%",
                "3.63%", "3.63%",
            ],
        ],
    )
}

#[test]
fn widths_follow_the_fonts_advances() {
    // DejaVu Sans Bold's "Probability" is 6.178 em (its advance widths summed); regular
    // "24.48%" is 5 × 0.636 − 0.636 + 0.318 + 0.950 = 3.812 em.
    let bold = text_width("Probability", true);
    assert!((5_900..=6_500).contains(&bold), "{bold}");
    assert_eq!(text_width("24.48%", false), 4 * 636 + 318 + 950);
    // A heading wraps at spaces and after a hyphen: "Post-money" is as wide as "money".
    let s = outcomes();
    assert_eq!(width(&s, 4), width(&s, 3));
}

#[test]
fn a_table_that_fits_the_page_is_one_group() {
    let s = outcomes();
    let total: u32 = (0..s.columns.len()).map(|i| width(&s, i)).sum();
    assert!(total <= PRINT_WIDTH, "{total}");
    assert_eq!(print_groups(&s), [(0..11).collect::<Vec<_>>()]);
}

#[test]
fn a_wide_table_is_split_into_groups_that_repeat_its_key_columns() {
    // Holder and Class, Invested, then twenty exits of "$123.4M".
    let mut columns = vec![("Holder", false), ("Class", false), ("Invested", true)];
    let titles: Vec<String> = (1..=20).map(|i| format!("Exit {i}")).collect();
    columns.extend(titles.iter().map(|t| (t.as_str(), true)));
    let mut row = vec!["Seed Fund", "Series Seed", "$2M"];
    row.extend(std::iter::repeat_n("$123.4M", 20));
    let s = section(&columns, &[&row]);
    let groups = print_groups(&s);
    assert!(groups.len() >= 2, "{groups:?}");
    let mut seen = vec![0, 1];
    for group in &groups {
        assert_eq!(
            group[..2],
            [0, 1],
            "every group starts with the key columns"
        );
        let total: u32 = group.iter().map(|&i| width(&s, i)).sum();
        assert!(total <= PRINT_WIDTH, "{group:?}: {total}");
        seen.extend(&group[2..]);
    }
    // Every other column once, in order.
    assert_eq!(seen, (0..23).collect::<Vec<_>>());
}
