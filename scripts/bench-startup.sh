#!/usr/bin/env bash
# Start-up cost of the small commands against a hello-world Rust binary, whole
# process, one hyperfine run: `thumbprint`, `b64` and `jwt decode` should start no
# heavier than 1.3x hello world.
#
# Usage: scripts/bench-startup.sh [RUNS]      (default 200)
# Output: target/bench/startup.{json,md}, medians and ratios on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-200}
out_dir=target/bench
mkdir -p "$out_dir"
command -v hyperfine >/dev/null || { echo "error: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --locked --quiet
bin=$PWD/target/release/keysmith

# The baseline: the smallest Rust program, built with the same toolchain and -O.
printf 'fn main() { println!("hello"); }\n' > "$out_dir/hello.rs"
rustc -C opt-level=3 -C debuginfo=0 "$out_dir/hello.rs" -o "$out_dir/hello"

echo "cpus: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --runs "$runs" --warmup 20 \
    --export-json "$out_dir/startup.json" --export-markdown "$out_dir/startup.md" \
    --command-name "hello world" "$out_dir/hello" \
    --command-name "keysmith thumbprint" "$bin thumbprint testdata/client.pem" \
    --command-name "keysmith b64" "$bin b64 testdata/msg-hello.txt" \
    --command-name "keysmith jwt decode" "$bin jwt decode testdata/jwt-rs256-valid.txt" \
    >/dev/null

python3 - "$out_dir/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print(f"{'command':<22} {'median':>10} {'vs hello':>9}")
for r in results:
    print(f"{r['command']:<22} {r['median']*1000:>8.2f}ms {r['median']/base:>8.2f}x")
PY
