#!/bin/sh
# Fills fuzz/corpus/pipeline/ (not committed) with the seed inputs: the bundled scenarios, the
# error corpus and the hand-written seeds in fuzz/seeds/. Run from anywhere; see docs/fuzzing.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/pipeline"
mkdir -p "$corpus"
for file in "$root"/scenarios/*.toml "$root"/tests/errors/*.toml "$root"/fuzz/seeds/*.toml; do
    prefix=$(basename "$(dirname "$file")")
    cp "$file" "$corpus/seed-$prefix-$(basename "$file")"
done
echo "$(ls "$corpus" | wc -l) files in $corpus"
