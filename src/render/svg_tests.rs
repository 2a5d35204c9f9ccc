//! Unit tests of `svg`.

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn chart() -> Chart {
    Chart {
        title: "T & <t>".into(),
        subtitle: "s".into(),
        series: vec!["A".into(), "B".into()],
        bars: vec![
            Bar {
                label: vec!["one".into()],
                values: vec![d("1"), d("0")],
            },
            Bar {
                label: vec!["two".into()],
                values: vec![d("0.75"), d("0.25")],
            },
        ],
        decimals: 2,
        others: false,
    }
}

#[test]
fn text_is_escaped_and_output_is_deterministic() {
    let svg = render(&chart());
    assert!(svg.contains("T &amp; &lt;t&gt;"));
    assert_eq!(svg, render(&chart()));
    // 0.75 of a 320 px plot is 240 px; the 0.25 on top of it 80 px.
    assert!(svg.contains("height=\"240.0\""), "{svg}");
    assert!(svg.contains("height=\"80.0\""), "{svg}");
    assert!(svg.contains(">75.00%<") && svg.contains(">25.00%<"));
    // A zero stake draws nothing.
    assert_eq!(svg.matches("<rect").count(), 1 + 3 + 2);
}

#[test]
fn short_segments_are_labelled_beside_the_bar_unless_they_round_to_zero() {
    let mut chart = chart();
    // 0.02 of 320 px is 6.4 px: labelled beside the bar; 0.00004 is 0.004%, which rounds
    // to 0.00% and says nothing, so it gets no label (its tooltip still has it).
    chart.bars[1].values = vec![d("0.97996"), d("0.02"), d("0.00004")];
    chart.series.push("C".into());
    let svg = render(&chart);
    assert!(
        svg.contains("font-size=\"10\" fill=\"#000000\">2.00%</text>"),
        "{svg}"
    );
    assert!(!svg.contains(">0.00%</text>"), "{svg}");
    assert!(svg.contains("<title>C: 0.00%</title>"), "{svg}");
}

#[test]
fn many_holders_are_grouped_exactly() {
    // Eleven holders: H0 0.01, H1 0.02, …, H9 0.10 (together 0.55) and H10 0.45, so 1.
    let chart = Chart {
        title: String::new(),
        subtitle: String::new(),
        series: (0..11).map(|i| format!("H{i}")).collect(),
        bars: vec![Bar {
            label: vec![],
            values: (1..=10)
                .map(|i| Decimal::new(i, 2))
                .chain([d("0.45")])
                .collect(),
        }],
        decimals: 2,
        others: false,
    };
    let grouped = group_others(chart);
    // Eight colours: the seven largest (H10, H9 … H4) keep theirs, in the original order;
    // H0 … H3 become one grey series worth 0.01 + 0.02 + 0.03 + 0.04 = 0.10.
    let expected: Vec<String> = ["H4", "H5", "H6", "H7", "H8", "H9", "H10"]
        .iter()
        .map(|s| s.to_string())
        .chain(["Other holders (4)".to_string()])
        .collect();
    assert_eq!(grouped.series, expected);
    assert_eq!(grouped.bars[0].values.last(), Some(&d("0.10")));
    assert_eq!(grouped.bars[0].values[0], d("0.05"));
    assert_eq!(colour(&grouped, 7), OTHERS);
    assert_eq!(colour(&grouped, 6), PALETTE[6]);
    // Eight holders fit the eight colours: nothing is grouped.
    let eight = Chart {
        series: (0..8).map(|i| format!("H{i}")).collect(),
        ..grouped
    };
    let eight = group_others(Chart {
        others: false,
        ..eight
    });
    assert!(!eight.others);
    assert_eq!(colour(&eight, 7), PALETTE[7]);
}
