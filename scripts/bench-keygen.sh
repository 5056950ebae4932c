#!/usr/bin/env bash
# Time `keysmith keygen` against the openssl recipe it replaces, in one hyperfine run:
#
#   keysmith keygen --force
#   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private_key.pem &&
#     openssl pkey -in private_key.pem -pubout -out public_key.pem
#
# Both write private_key.pem and public_key.pem (2048-bit) in their own temporary
# directory. RSA key generation time varies a lot from key to key (the prime
# search), so compare medians over many runs, not single runs.
#
# Usage: scripts/bench-keygen.sh [RUNS]      (default 40)
# Output: target/bench/keygen.{json,md}, and the medians and their ratio on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-40}
out_dir=target/bench

if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y -qq hyperfine >/dev/null
    else
        echo "error: hyperfine is not installed (Debian: apt-get install hyperfine)" >&2
        exit 2
    fi
fi
command -v openssl >/dev/null || { echo "error: openssl is not installed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to read hyperfine's JSON" >&2; exit 2; }

cargo build --release --locked --quiet
bin=$PWD/target/release/keysmith

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/keysmith" "$work/openssl" "$out_dir"

echo "cpus: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$("$bin" --version); $(openssl version)"

hyperfine \
    --runs "$runs" \
    --warmup 3 \
    --export-json "$out_dir/keygen.json" \
    --export-markdown "$out_dir/keygen.md" \
    --command-name "keysmith keygen" \
    "cd '$work/keysmith' && '$bin' keygen --force >/dev/null" \
    --command-name "openssl genpkey + pkey -pubout" \
    "cd '$work/openssl' && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private_key.pem 2>/dev/null && openssl pkey -in private_key.pem -pubout -out public_key.pem"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out_dir/keygen.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
by_name = {r["command"]: r for r in results}
for r in results:
    print(f'{r["command"]:32} median {r["median"] * 1000:8.1f} ms   '
          f'mean {r["mean"] * 1000:8.1f} ± {r["stddev"] * 1000:6.1f} ms   '
          f'min {r["min"] * 1000:7.1f}   max {r["max"] * 1000:7.1f}   runs {len(r["times"])}')
ks = by_name["keysmith keygen"]["median"]
ossl = by_name["openssl genpkey + pkey -pubout"]["median"]
print(f"median ratio keysmith / openssl: {ks / ossl:.2f}")
PY
