use super::*;

fn step(name: &str, value: f64, label: &str) -> Step {
    Step {
        name: name.into(),
        value,
        label: label.into(),
    }
}

/// A founder at 80% who loses 30 points to an investment and gains 10 from a buy-back
/// (a secondary it is the buyer in), ending at 60%.
fn mixed() -> Waterfall {
    Waterfall {
        title: "Founder & co: from 80.00% to 60.00% in <Seed>".into(),
        subtitle: "Fully diluted ownership".into(),
        before: step("Before", 0.8, "80.00%"),
        causes: vec![
            step("investment: Fund", -0.3, "-30.00 pp"),
            step("secondary: Founder", 0.1, "+10.00 pp"),
        ],
        after: step("After", 0.6, "60.00%"),
        footnote: None,
    }
}

#[test]
fn grid_steps_give_at_most_six_intervals() {
    // 90%: 10 points would be 9 intervals, 20 points 4.5.
    assert_eq!(grid_step(0.9), 0.2);
    assert_eq!(grid_step(0.05), 0.01);
    assert_eq!(grid_step(0.3), 0.05);
    assert_eq!(grid_step(1.0), 0.2);
}

#[test]
fn a_bar_per_step_coloured_by_its_sign_and_placed_from_the_running_stake() {
    let svg = render(&mixed());
    assert_eq!(svg.matches("<rect class=\"bar\"").count(), 4);
    // Axis to 80% in 20-point steps: 420 px for 0.8, from x = 262.
    // Before: 0 → 0.8 (420 px); the investment 0.5 → 0.8 (x = 262 + 262.5 = 524.5, 157.5 px,
    // vermillion); the buy-back 0.5 → 0.6 (x = 524.5, 52.5 px, bluish green); after 0 → 0.6.
    assert!(
        svg.contains("x=\"262.0\" y=\"75.0\" width=\"420.0\" height=\"18.0\" fill=\"#0072B2\"")
    );
    assert!(
        svg.contains("x=\"524.5\" y=\"103.0\" width=\"157.5\" height=\"18.0\" fill=\"#D55E00\"")
    );
    assert!(
        svg.contains("x=\"524.5\" y=\"131.0\" width=\"52.5\" height=\"18.0\" fill=\"#009E73\"")
    );
    assert!(
        svg.contains("x=\"262.0\" y=\"159.0\" width=\"315.0\" height=\"18.0\" fill=\"#0072B2\"")
    );
    for label in ["80.00%", "-30.00 pp", "+10.00 pp", "60.00%"] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    // Names are escaped; the chart is one SVG document.
    assert!(svg.contains("Founder &amp; co: from 80.00% to 60.00% in &lt;Seed&gt;"));
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
}

#[test]
fn the_same_input_gives_the_same_bytes_and_long_names_are_shortened() {
    let mut chart = mixed();
    chart.causes[0].name = "investment: A fund with a very long name indeed, and more".into();
    assert_eq!(render(&chart), render(&chart));
    let svg = render(&chart);
    assert!(
        svg.contains(">investment: A fund with a very lo…</text>"),
        "{svg}"
    );
    // The full name stays in the bar's tooltip.
    assert!(svg.contains(
        "<title>investment: A fund with a very long name indeed, and more: -30.00 pp</title>"
    ));
}
