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
#   token       `token get` against tests/partner_server.py on 127.0.0.1 (OAuth
#               client credentials, the testdata/token/ CA): served from the cache vs
#               the hello-world binary and vs `keysmith b64` of a small file (what
#               any keysmith command costs to start; hyperfine -N); a cold get
#               (--force-refresh: one request, one cache write) vs curl making the
#               same request (-K config, --cacert) in the same run; and 32
#               processes started at once on an empty cache: wall time (median of
#               TOKEN_CONCURRENT_ROUNDS) and how many requests reached the server.
#
# Run counts (environment variables; QUICK=1 lowers the defaults):
#   KEYGEN_RUNS (40 | 10)  KEYGEN_SAMPLES (30 | 10)  THUMB_RUNS (15 | 5)
#   OPENSSL_LOOP_RUNS (5 | 2)  STARTUP_RUNS (100 | 25) x STARTUP_ROUNDS (5 | 2)
#   CRITERION_SECONDS (5 | 2)
#   OPENSSL_SECONDS (3 | 1)
#   TOKEN_RUNS (100 | 25) x TOKEN_ROUNDS (5 | 2)  TOKEN_CONCURRENT_ROUNDS (15 | 5)
# ONLY=token runs the token section alone (with the build and the hello-world binary).
# Output: $CARGO_TARGET_DIR (default target)/bench/*.json, the table on stdout and
# in bench/summary.md there.
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
token_runs=${TOKEN_RUNS:-$(pick 100 25)}
token_rounds=${TOKEN_ROUNDS:-$(pick 5 2)}
token_concurrent_rounds=${TOKEN_CONCURRENT_ROUNDS:-$(pick 15 5)}
only=${ONLY:-}
case "$only" in ''|token) ;; *) echo "error: ONLY is empty or token" >&2; exit 2 ;; esac

for tool in hyperfine openssl python3 rustc curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import cryptography' 2>/dev/null ||
    { echo "error: Python cryptography is not installed (pip install cryptography)" >&2; exit 2; }

target=${CARGO_TARGET_DIR:-$PWD/target}
out=$target/bench
mkdir -p "$out"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

rm -f "$out"/startup-*.json "$out"/token-*.json
echo "== build"
cargo build --release --locked --quiet
[ -n "$only" ] || cargo bench --locked --no-run --quiet 2>/dev/null
bin=$target/release/keysmith
printf 'fn main() { println!("hello"); }\n' > "$out/hello.rs"
rustc -C opt-level=3 -C debuginfo=0 "$out/hello.rs" -o "$out/hello"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$("$bin" --version); $(openssl version); python cryptography $(python3 -c 'import cryptography; print(cryptography.__version__)')"
echo "load average before: $(load)" | tee "$out/load.txt"

# Everything but the token section (ONLY=token skips it).
if [ -z "$only" ]; then
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

fi

echo "== token get ($token_rounds rounds of $token_runs runs; $token_concurrent_rounds rounds of 32 at once)"
tok=$work/token
mkdir -p "$tok"
python3 tests/partner_server.py "$tok" > "$tok/port" &
server=$!
for _ in $(seq 100); do [ -s "$tok/port" ] && break; sleep 0.1; done
port=$(head -1 "$tok/port")
[ -n "$port" ] || { echo "error: the partner server did not start" >&2; exit 2; }
printf 's3cret-pa55word\n' > "$tok/pw"
cat > "$tok/keysmith.toml" <<TOML
[profile.oauth]
url   = "https://127.0.0.1:$port/oauth/token"
form  = { grant_type = "client_credentials", scope = "payments" }
basic = { user = "my-client", password_file = "pw" }
ca_file = "$PWD/testdata/token/ca.pem"
TOML
# curl's side of the same request: the credentials from a config file, not argv.
printf 'user = "my-client:s3cret-pa55word"\n' > "$tok/curl.cfg"
export KEYSMITH_CONFIG=$tok/keysmith.toml KEYSMITH_CACHE_DIR=$tok/cache
unset HTTPS_PROXY https_proxy ALL_PROXY all_proxy
# Both sides must get a token before anything is timed.
"$bin" token get oauth >/dev/null
curl -sS --fail --cacert testdata/token/ca.pem -K "$tok/curl.cfg" \
    -d grant_type=client_credentials -d scope=payments "https://127.0.0.1:$port/oauth/token" >/dev/null
for round in $(seq "$token_rounds"); do
    hyperfine -N --runs "$token_runs" --warmup 5 --export-json "$out/token-cached-$round.json" \
        -n "hello world" "$out/hello" \
        -n "keysmith b64 (start-up)" "$bin b64 testdata/msg-hello.txt" \
        -n "token get (cached)" "$bin token get oauth" >/dev/null
    hyperfine -N --runs "$token_runs" --warmup 5 --export-json "$out/token-cold-$round.json" \
        -n "token get (cold)" "$bin token get oauth --force-refresh" \
        -n "curl" "curl -sS --fail -o /dev/null --cacert testdata/token/ca.pem -K $tok/curl.cfg -d grant_type=client_credentials -d scope=payments https://127.0.0.1:$port/oauth/token" \
        >/dev/null
done
python3 - "$bin" "$tok" "$token_concurrent_rounds" > "$out/token-concurrent.json" <<'PY'
import json, os, shutil, statistics, subprocess, sys, time
bin, tok, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = os.path.join(tok, "requests.log")
def requests():
    with open(log) as f:
        return sum(1 for _ in f)
walls, counts = [], []
for _ in range(rounds):
    subprocess.run([bin, "token", "forget", "--all"], check=True, stderr=subprocess.DEVNULL)
    before = requests()
    start = time.perf_counter()
    procs = [subprocess.Popen([bin, "token", "get", "oauth"], stdout=subprocess.PIPE) for _ in range(32)]
    outs = [p.communicate()[0] for p in procs]
    walls.append(time.perf_counter() - start)
    counts.append(requests() - before)
    assert all(p.returncode == 0 for p in procs) and len(set(outs)) == 1, outs
print(json.dumps({"median": statistics.median(walls), "walls": walls, "requests": counts}))
PY
kill "$server" 2>/dev/null || true
server=

echo "load average after: $(load)" | tee -a "$out/load.txt"

python3 - "$out" "${n:-}" "${big:-}" "$only" <<'PY' | tee "$out/summary.md"
import json, sys
out, n, big, only = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

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

import glob, statistics
def pooled(pattern):
    times = {}
    for path in sorted(glob.glob(f"{out}/{pattern}")):
        for r in json.load(open(path))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
    return {name: statistics.median(t) for name, t in times.items()}

if not only:
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

    st = pooled("startup-*.json")
    hello = st["hello world"]
    for name in ("thumbprint", "b64", "jwt decode"):
        row(f"start-up: {name}", st[name], "hello-world Rust", hello)

def cpu(pattern):
    """Mean user + system seconds per run, over the rounds: the load of a
    shared machine stretches wall time far more than CPU time."""
    sums = {}
    for path in sorted(glob.glob(f"{out}/{pattern}")):
        for r in json.load(open(path))["results"]:
            sums.setdefault(r["command"], []).append(r["user"] + r["system"])
    return {name: statistics.mean(v) for name, v in sums.items()}

tc, tk = pooled("token-cached-*.json"), pooled("token-cold-*.json")
tc_cpu = cpu("token-cached-*.json")
row("token get, served from the cache", tc["token get (cached)"], "hello-world Rust", tc["hello world"])
row("token get, served from the cache", tc["token get (cached)"], "keysmith b64 (its start-up)", tc["keysmith b64 (start-up)"])
row("token get, served from the cache: CPU (user + sys, mean)", tc_cpu["token get (cached)"], "hello-world Rust: CPU", tc_cpu["hello world"])
row("token get, cold (one request)", tk["token get (cold)"], "curl, same request", tk["curl"])
conc = json.load(open(f"{out}/token-concurrent.json"))
row("token get, 32 processes at once, empty cache (wall)", conc["median"], "", None)

print("| benchmark | keysmith (median) | compared with | its median | ratio |")
print("|---|---:|---|---:|---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
if not only:
    print(f"JWT HS256 full validation: {1 / hs_verify / 1e3:.0f}k per second (one thread); "
          f"RS256 verify overhead over the rsa primitive: {(criterion('jwt_rs256_verify') / primitive - 1) * 100:+.1f}%")
print(f"token get, 32 processes at once: requests per round {conc['requests']} (goal: 1 each)")
print("load average before / after: " + " / ".join(l.split(": ")[1].strip() for l in open(f"{out}/load.txt")))
PY
