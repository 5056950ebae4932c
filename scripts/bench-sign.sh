#!/usr/bin/env bash
# RSA-2048 sign/verify through the library (benches/sign.rs), without and with the
# aws-lc feature, against `openssl speed -elapsed -seconds 3 rsa2048`, in
# interleaved rounds so that the machine's load falls on all three alike.
# `-elapsed` makes openssl divide by wall-clock time, as criterion does; without
# it openssl divides by its CPU time, which flatters it on a loaded machine.
#
#   scripts/bench-sign.sh [ROUNDS]      # default 3; needs openssl and python3
#
# Prints per round and as medians over the rounds: operations per second (from
# criterion's median time per operation) and the ratio to openssl's sign/s and
# verify/s of the same round.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}

cargo bench --bench sign --no-run --quiet
cargo bench --bench sign --features aws-lc --no-run --quiet

results=$(mktemp)
trap 'rm -f "$results"' EXIT
median_ns() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
    "target/criterion/$1/new/estimates.json"; }

for round in $(seq "$rounds"); do
    read -r ossl_sign ossl_verify < <(openssl speed -elapsed -seconds 3 rsa2048 2>/dev/null |
        awk '/^rsa 2048 bits/ {print $6, $7}')
    echo "$round openssl rs256_sign $ossl_sign" >> "$results"
    echo "$round openssl rs256_verify $ossl_verify" >> "$results"
    for backend in rust aws-lc; do
        features=()
        [ "$backend" = aws-lc ] && features=(--features aws-lc)
        rm -rf target/criterion/hmac_hs256_verify_*
        cargo bench --quiet --bench sign "${features[@]}" >/dev/null
        for name in rs256_sign rs256_verify ps256_sign ps256_verify; do
            echo "$round $backend $name $(python3 -c "print(1e9 / $(median_ns "rsa2048_$name"))")" >> "$results"
        done
        for dir in target/criterion/hmac_hs256_verify_*; do
            name=${dir#target/criterion/}
            echo "$round $backend $name $(python3 -c "print(1e9 / $(median_ns "$name"))")" >> "$results"
        done
    done
    echo "round $round of $rounds done (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

python3 - "$results" <<'PY'
import statistics, sys
from collections import defaultdict
rows = [line.split() for line in open(sys.argv[1])]
rate = defaultdict(dict)  # (backend, name) -> {round: ops/s}
for rnd, backend, name, value in rows:
    rate[(backend, name)][rnd] = float(value)
def ratio(backend, name):
    base = "rs256_sign" if name.endswith("_sign") else "rs256_verify"
    own = rate[(backend, name)]
    return statistics.median(own[r] / rate[("openssl", base)][r] for r in own)
print(f"{'backend':8} {'operation':30} {'median ops/s':>13} {'vs openssl':>11}  per round")
for (backend, name), per_round in sorted(rate.items()):
    rounds = " ".join(f"{per_round[r]:.0f}" for r in sorted(per_round))
    vs = "" if backend == "openssl" or name.startswith("hmac") else f"{ratio(backend, name):.2f}x"
    print(f"{backend:8} {name:30} {statistics.median(per_round.values()):13.0f} {vs:>11}  {rounds}")
PY
