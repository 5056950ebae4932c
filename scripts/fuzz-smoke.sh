#!/usr/bin/env bash
# A short libFuzzer run of every fuzz target (fuzz/fuzz_targets/), seeded with the
# files of testdata/: a smoke test that the targets build and that no known input
# shape crashes, not a campaign (for that, see README.md, "Fuzzing").
#
# Usage: scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]     (default 5)
# Needs cargo-fuzz (installed here with `cargo install --locked cargo-fuzz` when
# missing). libFuzzer needs nightly flags; RUSTC_BOOTSTRAP=1 allows them on the
# stable toolchain. Exits non-zero when a target crashes, panics or times out;
# the failing input is left in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-5}
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || cargo install --locked --quiet cargo-fuzz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd fuzz
targets=$(cargo fuzz list)
cargo fuzz build -O
for target in $targets; do
    # A fresh corpus per target, seeded from testdata/, so that the run does
    # not depend on (or grow) a local corpus.
    mkdir -p "$work/$target"
    find ../testdata -maxdepth 1 -type f -exec cp -t "$work/$target/" {} +
    echo "== fuzz $target (${seconds}s)"
    status=0
    cargo fuzz run -O "$target" "$work/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        >"$work/$target.log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|Done)' "$work/$target.log" || true
    if [ "$status" != 0 ]; then
        tail -n 40 "$work/$target.log" >&2
        echo "error: fuzz target $target failed (exit $status); input in fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
