//! Unit tests of `commands/sweep.rs`.

use super::{CHUNK, Chunked, PointError, chunked};
use crate::Error;
use crate::format::push_exact;
use rust_decimal::Decimal;

fn fail(point: usize) -> (usize, PointError) {
    (
        point,
        PointError::Load(Error::Input(format!("point {point}"))),
    )
}

/// Runs `chunked` over `points`, each point's product its own number, failing at `failing`;
/// returns the points emitted (in the order emitted) and the outcome.
fn run(points: usize, failing: &[usize]) -> (Vec<usize>, Result<(), Chunked<()>>) {
    let mut emitted = Vec::new();
    let outcome = chunked(
        points,
        || (),
        |(), range, out: &mut Vec<usize>| {
            out.clear();
            for point in range {
                if failing.contains(&point) {
                    return Err(fail(point));
                }
                out.push(point);
            }
            Ok(())
        },
        |out| {
            emitted.extend_from_slice(out);
            Ok(())
        },
    );
    (emitted, outcome)
}

#[test]
fn the_first_failing_point_in_grid_order_is_the_error() {
    // Points fail in the third and fifth chunks (run by different threads on two cores,
    // whichever gets there first); the third's comes first in the grid, and only the two
    // chunks before it are emitted.
    let (emitted, outcome) = run(5 * CHUNK, &[4 * CHUNK + 1, 2 * CHUNK + 5, 2 * CHUNK + 9]);
    match outcome {
        Err(Chunked::Point((point, PointError::Load(Error::Input(text))))) => {
            assert_eq!(point, 2 * CHUNK + 5);
            assert_eq!(text, format!("point {}", 2 * CHUNK + 5));
        }
        _ => panic!("expected the failure at point 2 × CHUNK + 5"),
    }
    assert_eq!(emitted, (0..2 * CHUNK).collect::<Vec<_>>());
}

#[test]
fn every_point_is_emitted_in_grid_order_when_none_fails() {
    for points in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK + 3] {
        let (emitted, outcome) = run(points, &[]);
        assert!(outcome.is_ok(), "{points} points");
        assert_eq!(emitted, (0..points).collect::<Vec<_>>(), "{points} points");
    }
}

#[test]
fn a_failing_emit_stops_the_workers_and_is_the_error() {
    let mut calls = 0;
    let outcome = chunked(
        50 * CHUNK,
        || (),
        |(), _, _: &mut Vec<u8>| Ok(()),
        |_| {
            calls += 1;
            if calls == 3 { Err("disk full") } else { Ok(()) }
        },
    );
    assert!(matches!(outcome, Err(Chunked::Emit("disk full"))));
    assert_eq!(calls, 3);
}

#[test]
fn a_panic_in_a_worker_is_not_swallowed() {
    // Before: `join().unwrap_or(Ok(()))` turned this into success with blank cells.
    let outcome = std::panic::catch_unwind(|| run_panicking(3 * CHUNK, 3 * CHUNK - 1).is_ok());
    assert!(outcome.is_err(), "the worker's panic reaches the caller");
    let outcome = std::panic::catch_unwind(|| run_panicking(10, 9).is_ok());
    assert!(outcome.is_err(), "also with a single chunk, on this thread");
}

fn run_panicking(points: usize, at: usize) -> Result<(), Chunked<()>> {
    chunked(
        points,
        || (),
        |(), range, _: &mut Vec<u8>| {
            for point in range {
                assert_ne!(point, at, "a bug at the last point");
            }
            Ok(())
        },
        |_| Ok(()),
    )
}

fn bytes(value: Decimal) -> String {
    let mut out = Vec::new();
    push_exact(&mut out, value);
    String::from_utf8(out).expect("ASCII")
}

#[test]
fn csv_numbers_are_written_exactly() {
    // Worked by hand: no exponent, no trailing zeros, a leading "0." below one.
    let cases = [
        ("0", "0"),
        ("-0.000", "0"),
        ("600000300000", "600000300000"),
        ("162000000000.00", "162000000000"),
        (
            "0.0704225352112676056338028169",
            "0.0704225352112676056338028169",
        ),
        ("-0.0500", "-0.05"),
        ("1.5", "1.5"),
        ("100", "100"),
        (
            "0.0000000000000000000000000001",
            "0.0000000000000000000000000001",
        ),
        (
            "79228162514264337593543950335",
            "79228162514264337593543950335",
        ),
        (
            "-7922816251426433759354395.0335",
            "-7922816251426433759354395.0335",
        ),
        ("10000000000000000000", "10000000000000000000"),
        (
            "1000000000.0000000000000000001",
            "1000000000.0000000000000000001",
        ),
    ];
    for (input, expected) in cases {
        let value: Decimal = input.parse().expect("a decimal");
        assert_eq!(bytes(value), expected, "{input}");
    }
}

#[test]
fn csv_numbers_match_the_shared_exact_format() {
    // The bytes written in the CSV's hot loop are those of `format::exact` everywhere else,
    // over mantissas of every length and every scale.
    let mut seed: u128 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20_000 {
        seed = seed
            .wrapping_mul(0x5851_f42d_4c95_7f2d_1405_7b7e_f767_814f)
            .wrapping_add(1);
        let digits = (seed >> 100) as u32 % 30;
        let mantissa = (seed >> 3) % 10_u128.pow(digits.min(28)).max(1);
        let scale = (seed >> 60) as u32 % 29;
        let mut value = Decimal::from_i128_with_scale(mantissa as i128, scale);
        if seed & 1 == 1 {
            value.set_sign_negative(true);
        }
        assert_eq!(bytes(value), crate::format::exact(value), "{value:?}");
    }
}
