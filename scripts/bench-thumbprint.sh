#!/usr/bin/env bash
# Thumbprints of many certificates in one process: keysmith against a Python
# `cryptography` loop and (for the system bundle only) a shell loop of
# `openssl x509 -fingerprint`, in the same hyperfine run.
#
#   scripts/bench-thumbprint.sh            # needs hyperfine, openssl, python3 + cryptography
#
# Inputs: the system CA bundle (about 140 certificates) and that bundle
# repeated to about 10,000 certificates (big.pem), both in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=/etc/ssl/certs/ca-certificates.crt
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install -y hyperfine)" >&2; exit 2; }
python3 -c 'import cryptography' || { echo "pip install cryptography" >&2; exit 2; }

cargo build --release --quiet
keysmith=$PWD/target/release/keysmith

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(grep -c 'BEGIN CERTIFICATE' "$bundle")
reps=$(( (10000 + n - 1) / n ))
for _ in $(seq "$reps"); do cat "$bundle"; done > "$work/big.pem"
echo "system bundle: $n certificates; big.pem: $(( n * reps )) certificates"

# One Python process: load every certificate, SHA-1 fingerprint and subject.
cat > "$work/thumbprint.py" <<'EOF'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes
for cert in x509.load_pem_x509_certificates(open(sys.argv[1], "rb").read()):
    print(cert.fingerprint(hashes.SHA1()).hex().upper(), cert.subject.rfc4514_string())
EOF

# One openssl process per certificate, as a shell script would do it.
cat > "$work/openssl-loop.sh" <<'EOF'
awk -v dir="$2" '/BEGIN CERT/{n++} {print > (dir "/c" n ".pem")}' "$1"
for f in "$2"/c*.pem; do openssl x509 -in "$f" -noout -fingerprint -sha1 -subject; done
EOF
mkdir -p "$work/split"

# The outputs agree before anything is timed.
diff <("$keysmith" thumbprint "$bundle" | cut -c1-40) \
     <(python3 "$work/thumbprint.py" "$bundle" | cut -c1-40)

hyperfine --warmup 2 --min-runs 10 --export-json "$work/small.json" \
    -n "keysmith ($n)" "$keysmith thumbprint $bundle" \
    -n "python cryptography ($n)" "python3 $work/thumbprint.py $bundle" \
    -n "openssl loop ($n)" "sh $work/openssl-loop.sh $bundle $work/split"
hyperfine --warmup 2 --min-runs 10 --export-json "$work/big.json" \
    -n "keysmith ($(( n * reps )))" "$keysmith thumbprint $work/big.pem" \
    -n "python cryptography ($(( n * reps )))" "python3 $work/thumbprint.py $work/big.pem"
# Medians and ratios to keysmith.
python3 - "$work/small.json" "$work/big.json" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    results = json.load(open(path))["results"]
    base = results[0]["median"]
    for r in results:
        print(f"{r['command']:<32} median {r['median'] * 1000:9.1f} ms   x{r['median'] / base:6.1f}")
EOF
