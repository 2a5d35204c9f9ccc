//! Money as people write it: scale words, currency symbols and ISO codes, read exactly and
//! checked against the scenario's currency (docs/scenario-format.md, "Money").
//!
//! Every expected figure is worked out by hand from the digits and the scale (million = 10^6,
//! billion = 10^9) and compared with `captable report --format json`, whose figures are exact
//! decimal strings.

use crate::common::{Test, folder};

/// One round, `pre_money` and one investment's `amount` as given, in `currency`.
fn scenario(currency: &str, pre_money: &str, amount: &str) -> String {
    format!(
        "[scenario]\nname = \"Money\"\ncurrency = \"{currency}\"\n\n\
         [[holder]]\nname = \"Founders\"\nshares = 1_000_000\n\n\
         [[round]]\nname = \"Seed\"\npre_money = \"{pre_money}\"\n\n\
         [[round.investment]]\ninvestor = \"Fund\"\namount = \"{amount}\"\n"
    )
}

/// `rounds[0]`'s pre-money, new money and post-money as the JSON report gives them.
fn figures(toml: &str, args: &[&str]) -> [String; 3] {
    let json = Test::new()
        .args(["report", "-", "--format", "json"])
        .args(args)
        .stdin(toml)
        .run()
        .json();
    let round = &json["rounds"][0];
    ["pre_money", "new_money", "post_money"].map(|key| {
        round[key]
            .as_str()
            .unwrap_or_else(|| panic!("rounds[0].{key} is a string: {round}"))
            .to_string()
    })
}

#[test]
fn dollars_in_words_and_abbreviations_are_read_exactly() {
    // $6 million = 6,000,000; 24mm = 24,000,000; post = 30,000,000.
    assert_eq!(
        figures(&scenario("USD", "$6 million", "24mm"), &[]),
        ["6000000", "24000000", "30000000"]
    );
    // 1.3bn = 1,300,000,000; $250 thousand = 250,000; post = 1,300,250,000.
    assert_eq!(
        figures(&scenario("USD", "1.3bn", "$250 thousand"), &[]),
        ["1300000000", "250000", "1300250000"]
    );
    // Without `currency` the scenario is in USD: "$" is accepted.
    let no_currency =
        scenario("USD", "$1.3 billion", "USD 2.5M").replace("currency = \"USD\"\n", "");
    assert_eq!(
        figures(&no_currency, &[]),
        ["1300000000", "2500000", "1302500000"]
    );
}

#[test]
fn euros_by_symbol_and_code_are_read_exactly() {
    // €1.3B = 1,300,000,000; EUR 200M = 200,000,000; post = 1,500,000,000.
    assert_eq!(
        figures(&scenario("EUR", "€1.3B", "EUR 200M"), &[]),
        ["1300000000", "200000000", "1500000000"]
    );
    // 1.3B EUR, and 0.2 billion without a currency.
    assert_eq!(
        figures(&scenario("EUR", "1.3B EUR", "0.2 billion"), &[]),
        ["1300000000", "200000000", "1500000000"]
    );
    // Pounds: £8M + £2M = £10M.
    assert_eq!(
        figures(&scenario("GBP", "£8M", "GBP2M"), &[]),
        ["8000000", "2000000", "10000000"]
    );
}

#[test]
fn dollars_in_a_scenario_in_euros_are_an_error_naming_both() {
    let toml = scenario("EUR", "$1.3B", "€200M");
    let output = Test::new()
        .args(["check", "-"])
        .stdin(&toml)
        .env("NO_COLOR", "1")
        .run();
    let stderr = output.input_error();
    assert!(
        stderr.contains(
            "error[E0005]: `pre_money` is in USD ($) but the scenario's currency is EUR\n"
        ),
        "{stderr}"
    );
    // At the value: line 11 is `pre_money = "$1.3B"`, the value at column 13.
    assert!(stderr.contains("--> <stdin>:11:13\n"), "{stderr}");
    assert!(stderr.contains("in USD, not EUR"), "{stderr}");
    assert!(stderr.contains("the scenario's currency"), "{stderr}");
    assert!(
        stderr.contains("= help: amounts are not converted between currencies: write it in EUR, as \"€1.3B\", \"EUR 1.3B\" or \"1.3B\""),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    // A code is checked as a symbol is.
    let stderr = Test::new()
        .args(["check", "-"])
        .stdin(&scenario("EUR", "1.3B GBP", "€200M"))
        .run()
        .input_error();
    assert!(
        stderr.contains("`pre_money` is in GBP but the scenario's currency is EUR"),
        "{stderr}"
    );
}

#[test]
fn the_currency_is_read_first_wherever_it_is_written() {
    // `currency` after every amount in the file (a [scenario] table at the end).
    let toml = "[[holder]]\nname = \"Founders\"\nshares = 1_000_000\n\n\
                [[round]]\nname = \"Seed\"\npre_money = \"€1.3B\"\n\n\
                [[round.investment]]\ninvestor = \"Fund\"\namount = \"€200M\"\n\n\
                [scenario]\nname = \"Money\"\ncurrency = \"EUR\"\n";
    assert_eq!(
        figures(toml, &[]),
        ["1300000000", "200000000", "1500000000"]
    );
}

#[test]
fn a_currency_that_fails_to_read_is_the_only_error() {
    // `currency = "euro"` is the mistake; the amounts in € are not also reported.
    let stderr = Test::new()
        .args(["check", "-"])
        .stdin(&scenario("euro", "€1.3B", "€200M"))
        .run()
        .input_error();
    assert!(
        stderr.contains("`currency` is not an ISO 4217 code"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
}

#[test]
fn set_and_vary_use_the_same_grammar_and_currency() {
    let toml = scenario("EUR", "€8M", "€2M");
    // --set: €1.3B is 1,300,000,000; post = 1,302,000,000.
    assert_eq!(
        figures(&toml, &["--set", "round[0].pre_money=€1.3B"]),
        ["1300000000", "2000000", "1302000000"]
    );
    assert_eq!(
        figures(&toml, &["--set", "round[0].pre_money=1.3 billion"]),
        ["1300000000", "2000000", "1302000000"]
    );
    let stderr = Test::new()
        .args(["report", "-", "--set", "round[0].pre_money=$1.3B"])
        .stdin(&toml)
        .run()
        .input_error();
    assert!(
        stderr.contains("`pre_money` is in USD ($) but the scenario's currency is EUR"),
        "{stderr}"
    );
    // --vary (sweep reads the file several times: not standard input): €8M, €9M, €10M;
    // post-money each plus €2M.
    let dir = folder(&[("euros.toml", toml.as_bytes())]);
    let path = dir.path().join("euros.toml");
    let path = path.to_str().expect("a UTF-8 path");
    let csv = Test::new()
        .args([
            "sweep",
            path,
            "--vary",
            "round[0].pre_money=€8 million..€10 million:€1M",
            "--format",
            "csv",
        ])
        .run()
        .success();
    for row in ["8000000,10000000", "9000000,11000000", "10000000,12000000"] {
        assert!(csv.contains(row), "{row} in:\n{csv}");
    }
    let output = Test::new()
        .args(["sweep", path, "--vary", "round[0].pre_money=$8M..$10M:$1M"])
        .run();
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("`$8M` is in USD ($) but the scenario's currency is EUR"),
        "{}",
        output.stderr
    );
}

#[test]
fn exit_values_use_the_same_grammar_and_currency() {
    let toml = scenario("EUR", "€8M", "€2M");
    // The fund bought 2/10 of the company with common shares: at an exit of €5 million it
    // receives 20% = €1,000,000, at €1.5B 20% = €300,000,000.
    let json = Test::new()
        .args(["exit", "-", "--value", "€5 million", "--value", "EUR 1.5bn"])
        .args(["--format", "json"])
        .stdin(&toml)
        .run()
        .json();
    let text = json.to_string();
    for figure in [
        "\"5000000\"",
        "\"1000000\"",
        "\"1500000000\"",
        "\"300000000\"",
    ] {
        assert!(text.contains(figure), "{figure} in {text}");
    }
    for args in [
        ["--value", "$5M"],
        ["--range", "€1M..$5M:€1M"],
        ["--range", "€1M..€5M:£1M"],
    ] {
        let output = Test::new()
            .args(["exit", "-"])
            .args(args)
            .stdin(&toml)
            .run();
        assert_eq!(output.code, 2, "{args:?}: {}", output.stderr);
        assert!(
            output.stderr.contains("but the scenario's currency is EUR"),
            "{args:?}: {}",
            output.stderr
        );
    }
}
