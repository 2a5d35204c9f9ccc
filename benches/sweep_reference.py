#!/usr/bin/env python3
"""The 1,000,000-point sweep of `benches/engine.rs` (sweep/1m_points_csv), written as a
straightforward Python script with the standard `decimal` module, for comparison.

For each pre-money from $600B in steps of $300K: restate the three holders' stakes at the
pre-money, add Amazon's $15B + $35B, Nvidia's $30B and SoftBank's $30B, and write Amazon's
ownership (28 significant digits, as captable computes) to a CSV file.

    python3 benches/sweep_reference.py /tmp/reference.csv
"""
import sys
import time
from decimal import Decimal, getcontext

getcontext().prec = 28

STAKES = [Decimal("0.27"), Decimal("0.26"), Decimal("0.47")]
TRANCHES = {"Amazon": [Decimal(15_000_000_000), Decimal(35_000_000_000)],
            "Nvidia": [Decimal(30_000_000_000)],
            "SoftBank": [Decimal(30_000_000_000)]}


def ownership_of_amazon(pre):
    before = sum(STAKES)
    units = [stake * pre / before for stake in STAKES]
    invested = {}
    for investor, tranches in TRANCHES.items():
        paid = sum(tranches)
        invested[investor] = paid
        units.append(paid)
    total = sum(units)
    return invested["Amazon"] / total


def main(path):
    start = time.perf_counter()
    pre = Decimal(600_000_000_000)
    step = Decimal(300_000)
    with open(path, "w") as out:
        out.write("round[0].pre_money,ownership:Amazon\n")
        for _ in range(1_000_000):
            out.write(f"{pre.normalize():f},{ownership_of_amazon(pre)}\n")
            pre += step
    print(f"{time.perf_counter() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "reference.csv")
