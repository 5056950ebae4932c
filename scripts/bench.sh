#!/usr/bin/env bash
# Every benchmark of keysmith in one run, next to openssl and Python
# `cryptography` measured in the same run, then one table of medians and ratios.
#
#   scripts/bench.sh             # full run: several minutes
#   QUICK=1 scripts/bench.sh     # fewer runs and samples: about a minute or two
#
# What is measured (medians; ratios are keysmith / peer, so < 1 is faster):
#   keygen      `keysmith keygen` vs `openssl genpkey` + `openssl pkey -pubout` (whole
#               process, hyperfine); in process, `key::generate(Bits::B2048)`
#               (criterion, benches/keygen.rs) vs a Python `cryptography` loop.
#               keysmith searches for primes on every core; the peers use one.
#   thumbprint  the system CA bundle and that bundle repeated to ~10,000
#               certificates: `keysmith thumbprint` vs a Python `cryptography`
#               script, and (system bundle) an `openssl x509 -fingerprint` loop.
#   jwt         criterion (benches/jwt.rs): HS256 decode and full validation,
#               RS256 verify and sign, and rsa's own PKCS#1 v1.5 verify; against
#               `openssl speed rsa2048` (sign/verify) and `openssl speed -hmac sha256`
#               (256-byte messages, about a JWT's signing input).
#   startup     `thumbprint`, `b64`, `jwt decode` on small inputs vs a hello-world
#               Rust binary (hyperfine -N, whole process).
#
# Run counts (environment variables; QUICK=1 lowers the defaults):
#   KEYGEN_RUNS (40 | 10)  KEYGEN_SAMPLES (30 | 10)  THUMB_RUNS (15 | 5)
#   OPENSSL_LOOP_RUNS (5 | 2)  STARTUP_RUNS (100 | 25) x STARTUP_ROUNDS (5 | 2)
#   CRITERION_SECONDS (5 | 2)
#   OPENSSL_SECONDS (3 | 1)
# Output: target/bench/*.json, the table on stdout and in target/bench/summary.md.
# The machine's load average is printed before and after: compare ratios, not
# absolute times, on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=${QUICK:-0}
pick() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
keygen_runs=${KEYGEN_RUNS:-$(pick 40 10)}
keygen_samples=${KEYGEN_SAMPLES:-$(pick 30 10)}
thumb_runs=${THUMB_RUNS:-$(pick 15 5)}
openssl_loop_runs=${OPENSSL_LOOP_RUNS:-$(pick 5 2)}
startup_runs=${STARTUP_RUNS:-$(pick 100 25)}
startup_rounds=${STARTUP_ROUNDS:-$(pick 5 2)}
criterion_seconds=${CRITERION_SECONDS:-$(pick 5 2)}
openssl_seconds=${OPENSSL_SECONDS:-$(pick 3 1)}

for tool in hyperfine openssl python3 rustc; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import cryptography' 2>/dev/null ||
    { echo "error: Python cryptography is not installed (pip install cryptography)" >&2; exit 2; }

out=$PWD/target/bench
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -f "$out"/startup-*.json
echo "== build"
cargo build --release --locked --quiet
cargo bench --locked --no-run --quiet 2>/dev/null
bin=$PWD/target/release/keysmith
printf 'fn main() { println!("hello"); }\n' > "$out/hello.rs"
rustc -C opt-level=3 -C debuginfo=0 "$out/hello.rs" -o "$out/hello"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$("$bin" --version); $(openssl version); python cryptography $(python3 -c 'import cryptography; print(cryptography.__version__)')"
echo "load average before: $(load)" | tee "$out/load.txt"

echo "== keygen (whole process)"
mkdir -p "$work/ks" "$work/ossl"
hyperfine --runs "$keygen_runs" --warmup 2 --export-json "$out/keygen.json" \
    -n "keysmith keygen" "cd '$work/ks' && '$bin' keygen --force >/dev/null" \
    -n "openssl genpkey + pkey -pubout" \
    "cd '$work/ossl' && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private_key.pem 2>/dev/null && openssl pkey -in private_key.pem -pubout -out public_key.pem" \
    >/dev/null

echo "== keygen (in process, $keygen_samples keys each)"
KEYGEN_SAMPLES=$keygen_samples cargo bench --locked --quiet --bench keygen -- --noplot >/dev/null 2>&1
python3 - "$keygen_samples" > "$out/keygen-python.json" <<'PY'
import json, statistics, sys, time
from cryptography.hazmat.primitives.asymmetric import rsa
times = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    times.append(time.perf_counter() - start)
print(json.dumps({"median": statistics.median(times), "times": times}))
PY

echo "== thumbprints"
bundle=/etc/ssl/certs/ca-certificates.crt
n=$(grep -c 'BEGIN CERTIFICATE' "$bundle")
reps=$(( (10000 + n - 1) / n ))
for _ in $(seq "$reps"); do cat "$bundle"; done > "$work/big.pem"
big=$(( n * reps ))
cat > "$work/thumbprint.py" <<'PY'
import sys, warnings
warnings.simplefilter("ignore")  # deprecation notes about odd certificates in the store
from cryptography import x509
from cryptography.hazmat.primitives import hashes
for cert in x509.load_pem_x509_certificates(open(sys.argv[1], "rb").read()):
    print(cert.fingerprint(hashes.SHA1()).hex().upper(), cert.subject.rfc4514_string())
PY
cat > "$work/openssl-loop.sh" <<'SH'
rm -rf "$2" && mkdir -p "$2"
awk -v dir="$2" '/BEGIN CERT/{n++} {print > (dir "/c" n ".pem")}' "$1"
for f in "$2"/c*.pem; do openssl x509 -in "$f" -noout -fingerprint -sha1 -subject; done
SH
# The thumbprints agree before anything is timed.
diff <("$bin" thumbprint "$bundle" | cut -c1-40) <(python3 "$work/thumbprint.py" "$bundle" | cut -c1-40)
hyperfine -N --runs "$thumb_runs" --warmup 2 --export-json "$out/thumbprint-small.json" \
    -n "keysmith" "$bin thumbprint $bundle" \
    -n "python" "python3 $work/thumbprint.py $bundle" >/dev/null
hyperfine --runs "$openssl_loop_runs" --warmup 1 --export-json "$out/thumbprint-openssl.json" \
    -n "openssl loop" "sh $work/openssl-loop.sh $bundle $work/split" >/dev/null
hyperfine -N --runs "$thumb_runs" --warmup 2 --export-json "$out/thumbprint-big.json" \
    -n "keysmith" "$bin thumbprint $work/big.pem" \
    -n "python" "python3 $work/thumbprint.py $work/big.pem" >/dev/null

echo "== jwt (criterion, ${criterion_seconds}s per benchmark)"
cargo bench --locked --quiet --bench jwt -- --noplot --warm-up-time 1 \
    --measurement-time "$criterion_seconds" >/dev/null 2>&1
openssl speed -mr -seconds "$openssl_seconds" rsa2048 2>/dev/null > "$out/openssl-rsa.txt"
openssl speed -mr -seconds "$openssl_seconds" -hmac sha256 2>/dev/null > "$out/openssl-hmac.txt"

echo "== start-up ($startup_rounds rounds of $startup_runs runs)"
# Rounds, pooled: a change of the machine's load hits every command alike.
for round in $(seq "$startup_rounds"); do
    hyperfine -N --runs "$startup_runs" --warmup 10 --export-json "$out/startup-$round.json" \
        -n "hello world" "$out/hello" \
        -n "thumbprint" "$bin thumbprint testdata/client.pem" \
        -n "b64" "$bin b64 testdata/msg-hello.txt" \
        -n "jwt decode" "$bin jwt decode testdata/jwt-rs256-valid.txt" >/dev/null
done

echo "load average after: $(load)" | tee -a "$out/load.txt"

python3 - "$out" "$n" "$big" <<'PY' | tee "$out/summary.md"
import json, sys
out, n, big = sys.argv[1], sys.argv[2], sys.argv[3]

def hyperfine(name):
    return {r["command"]: r["median"] for r in json.load(open(f"{out}/{name}.json"))["results"]}

def criterion(path):
    est = json.load(open(f"{out}/../criterion/{path}/new/estimates.json"))
    return est["median"]["point_estimate"] / 1e9

def openssl_rsa():
    for line in open(f"{out}/openssl-rsa.txt"):
        if line.startswith("+F2:") and line.split(":")[2] == "2048":
            sign, verify = map(float, line.strip().split(":")[3:5])
            return 1 / sign, 1 / verify
    raise SystemExit("no rsa2048 line in openssl speed output")

def openssl_hmac(size=256):
    sizes = None
    for line in open(f"{out}/openssl-hmac.txt"):
        if line.startswith("+H:"):
            sizes = [int(s) for s in line.strip().split(":")[1:]]
        if line.startswith("+F:") and sizes:
            rates = [float(r) for r in line.strip().split(":")[3:]]
            return size / rates[sizes.index(size)]
    raise SystemExit("no hmac line in openssl speed output")

def ms(s):
    return f"{s * 1e3:.1f} ms" if s >= 1e-3 else f"{s * 1e6:.2f} µs"

rows = []
def row(what, ours, peer_name, peer):
    ratio = ours / peer if peer else None
    shown = "" if ratio is None else f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.2g}"
    rows.append((what, ms(ours), peer_name, ms(peer) if peer else "", shown))

kg = hyperfine("keygen")
row("keygen 2048, whole process", kg["keysmith keygen"], "openssl genpkey + pkey", kg["openssl genpkey + pkey -pubout"])
py_keygen = json.load(open(f"{out}/keygen-python.json"))["median"]
row("keygen 2048, in process", criterion("keygen/rsa2048"), "python cryptography", py_keygen)

small, big_t, loop = hyperfine("thumbprint-small"), hyperfine("thumbprint-big"), hyperfine("thumbprint-openssl")
row(f"thumbprint, {n} certificates", small["keysmith"], "python cryptography", small["python"])
row(f"thumbprint, {n} certificates", small["keysmith"], "openssl x509 loop", loop["openssl loop"])
row(f"thumbprint, {big} certificates", big_t["keysmith"], "python cryptography", big_t["python"])

rsa_sign, rsa_verify = openssl_rsa()
primitive = criterion("rsa_primitive_rs256_verify")
row("JWT RS256 verify (full)", criterion("jwt_rs256_verify"), "rsa crate verify", primitive)
row("JWT RS256 verify (full)", criterion("jwt_rs256_verify"), "openssl speed rsa2048 verify", rsa_verify)
row("rsa crate PKCS#1 v1.5 verify", primitive, "openssl speed rsa2048 verify", rsa_verify)
row("JWT RS256 sign", criterion("jwt_rs256_sign"), "openssl speed rsa2048 sign", rsa_sign)
hmac = openssl_hmac()
hs_verify = criterion("jwt_hs256_verify")
row("JWT HS256 decode only", criterion("jwt_hs256_decode_only"), "", None)
row("JWT HS256 verify (full)", hs_verify, "openssl HMAC-SHA256, 256 B", hmac)

import glob, statistics
pooled = {}
for path in sorted(glob.glob(f"{out}/startup-*.json")):
    for r in json.load(open(path))["results"]:
        pooled.setdefault(r["command"], []).extend(r["times"])
st = {name: statistics.median(times) for name, times in pooled.items()}
hello = st["hello world"]
for name in ("thumbprint", "b64", "jwt decode"):
    row(f"start-up: {name}", st[name], "hello-world Rust", hello)

print("| benchmark | keysmith (median) | compared with | its median | ratio |")
print("|---|---:|---|---:|---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print(f"JWT HS256 full validation: {1 / hs_verify / 1e3:.0f}k per second (one thread); "
      f"RS256 verify overhead over the rsa primitive: {(criterion('jwt_rs256_verify') / primitive - 1) * 100:+.1f}%")
print("load average before / after: " + " / ".join(l.split(": ")[1].strip() for l in open(f"{out}/load.txt")))
PY
