#!/usr/bin/env bash
# The 1,000,000-point OpenAI sweep side by side with benches/sweep_reference.py (Python
# `decimal`), alternating RUNS times, each measured by /usr/bin/time (GNU time): CPU time
# (user + sys), wall time and peak memory (max RSS). Prints each run, then the medians and the
# ratios of medians. CPU time is what to compare on a shared machine: wall time depends on the
# load, and captable uses every core.
#
#   cargo build --release && benches/sweep_ratio.sh [RUNS] [CAPTABLE]
#
# RUNS defaults to 5; CAPTABLE to target/release/captable. Also prints the load average and
# checks that the CSV written is the same on every run (sha256).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
captable=${2:-target/release/captable}
scenario=scenarios/openai-2026.toml
[ -x /usr/bin/time ] || { echo "needs GNU time as /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -x "$captable" ] || { echo "no $captable: cargo build --release first" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

measure() { # NAME COMMAND… : appends "user+sys wall maxrss_kb" to $dir/NAME
    local name=$1
    shift
    /usr/bin/time -f '%U %S %e %M' -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr" ||
        { cat "$dir/stderr" >&2; exit 1; }
    awk '{ printf "%.2f %.2f %d\n", $1 + $2, $3, $4 }' "$dir/time" >>"$dir/$name"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for run in $(seq "$runs"); do
    measure captable "$captable" sweep "$scenario" \
        --vary 'round[0].pre_money=600B..899.9997B:300K' --metric ownership:Amazon \
        --format csv --output "$dir/sweep.csv"
    sha256sum <"$dir/sweep.csv" | cut -d' ' -f1 >>"$dir/hashes"
    measure python python3 benches/sweep_reference.py "$dir/reference.csv"
    echo "run $run: captable $(tail -1 "$dir/captable") | python $(tail -1 "$dir/python")  (cpu s, wall s, max RSS KB)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$(sort -u "$dir/hashes" | wc -l)" = 1 ] || { echo "the CSV differs between runs" >&2; exit 1; }
echo "captable CSV sha256: $(head -1 "$dir/hashes")"

median() { # FILE COLUMN
    cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for what in "cpu 1" "wall 2" "rss 3"; do
    set -- $what
    c=$(median "$dir/captable" "$2")
    p=$(median "$dir/python" "$2")
    echo "median $1: captable $c, python $p, ratio python/captable $(awk -v p="$p" -v c="$c" 'BEGIN { printf "%.1f", p / c }')"
done
