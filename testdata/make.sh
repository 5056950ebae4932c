#!/bin/sh
# Regenerates every fixture in this directory.
#
# Requirements: OpenSSL 3.0.x on PATH, python3 with `cryptography` and `PyJWT`.
# Keys are random, so every run produces new keys, certificates, tokens and
# therefore new expected values; update README.md after re-running.
set -eu
cd "$(dirname "$0")"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

openssl version

# ---------------------------------------------------------------- passphrases
printf 'correct horse\n' > passphrase.txt
printf 'wrong\n' > wrong-passphrase.txt

# ---------------------------------------------------------------- RSA keys
for bits in 2048 4096; do
  k=rsa$bits
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out $k-pkcs8.pem
  openssl pkcs8 -topk8 -nocrypt -in $k-pkcs8.pem -outform DER -out $k-pkcs8.der
  openssl rsa -in $k-pkcs8.pem -traditional -out $k-pkcs1.pem
  openssl rsa -in $k-pkcs8.pem -traditional -outform DER -out $k-pkcs1.der
  openssl pkey -in $k-pkcs8.pem -pubout -out $k-spki.pem
  openssl pkey -in $k-pkcs8.pem -pubout -outform DER -out $k-spki.der
  openssl rsa -in $k-pkcs8.pem -RSAPublicKey_out -out $k-pkcs1-pub.pem
  openssl rsa -in $k-pkcs8.pem -RSAPublicKey_out -outform DER -out $k-pkcs1-pub.der
done

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa3072-pkcs8.pem
openssl pkey -in rsa3072-pkcs8.pem -pubout -out rsa3072-spki.pem

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048b-pkcs8.pem
openssl pkey -in rsa2048b-pkcs8.pem -pubout -out rsa2048b-spki.pem

# ---------------------------------------------------------------- encrypted keys
openssl pkcs8 -topk8 -in rsa2048-pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout file:passphrase.txt -out rsa2048-pkcs8-enc-aes256.pem
openssl pkcs8 -topk8 -in rsa2048-pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout file:passphrase.txt -outform DER -out rsa2048-pkcs8-enc-aes256.der
openssl pkcs8 -topk8 -in rsa2048-pkcs8.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout file:passphrase.txt -out rsa2048-pkcs8-enc-aes128-sha1.pem
openssl pkcs8 -topk8 -in rsa2048-pkcs8.pem -v2 des3 -passout file:passphrase.txt -out rsa2048-pkcs8-enc-des3.pem
openssl rsa -in rsa2048-pkcs8.pem -traditional -aes256 -passout file:passphrase.txt -out rsa2048-pkcs1-enc.pem
openssl pkcs8 -topk8 -in rsa4096-pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout file:passphrase.txt -out rsa4096-pkcs8-enc-aes256.pem

# ---------------------------------------------------------------- odd encodings (text transforms of the PEM/DER above)
python3 - <<'PY'
import base64

pkcs8 = open("rsa2048-pkcs8.pem", "rb").read()
spki = open("rsa2048-spki.pem", "rb").read()
spki_der = open("rsa2048-spki.der", "rb").read()

open("rsa2048-pkcs8-crlf.pem", "wb").write(pkcs8.replace(b"\n", b"\r\n"))
open("rsa2048-spki-crlf.pem", "wb").write(spki.replace(b"\n", b"\r\n"))
open("rsa2048-spki-oneline.pem", "wb").write(b" ".join(spki.strip().split(b"\n")) + b"\n")
open("rsa2048-spki-escaped.txt", "wb").write(spki.replace(b"\n", b"\\n") + b"\n")
open("rsa2048-pkcs8-escaped.txt", "wb").write(pkcs8.replace(b"\n", b"\\n") + b"\n")
open("rsa2048-spki-junk.pem", "wb").write(
    b"Here is my key:\n\n" + spki + b"\nPlease use this key for the staging environment only.\nThanks!\n")
open("rsa2048-spki-nonewline.pem", "wb").write(spki.rstrip(b"\n"))
open("rsa2048-spki-der.b64", "wb").write(base64.b64encode(spki_der) + b"\n")
open("rsa2048-spki-pem.b64", "wb").write(base64.b64encode(spki) + b"\n")
PY

# ---------------------------------------------------------------- bad / unsupported inputs
head -n 14 rsa2048-pkcs8.pem > bad-truncated.pem
python3 - <<'PY'
lines = open("rsa2048-pkcs8.pem").read().split("\n")
lines[3] = lines[3][:10] + "!!!" + lines[3][10:30] + "@#$%" + lines[3][30:]
lines[7] = lines[7][:20] + "~^&*" + lines[7][20:]
open("bad-corrupt-base64.pem", "w").write("\n".join(lines))
PY
sed -e 's/BEGIN PRIVATE KEY/BEGIN CERTIFICATE REQUEST/' -e 's/END PRIVATE KEY/END CERTIFICATE REQUEST/' rsa2048-pkcs8.pem > bad-wrong-label.pem

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-p256.pem
openssl pkey -in ec-p256.pem -pubout -out ec-p256-pub.pem
openssl genpkey -algorithm ED25519 -out ed25519.pem
openssl pkey -in ed25519.pem -pubout -out ed25519-pub.pem
: > empty.txt
head -c 4096 /dev/urandom > garbage.bin
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 -out rsa512-pkcs8.pem
openssl pkey -in rsa512-pkcs8.pem -pubout -out rsa512-spki.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024-pkcs8.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3 -out rsa2048-e3-pkcs8.pem

# ---------------------------------------------------------------- certificates
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-root.key.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-intermediate.key.pem

python3 - <<'PY'
from datetime import datetime, timezone
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

def load(path):
    return serialization.load_pem_private_key(open(path, "rb").read(), password=None)

def dt(y, m=1, d=1):
    return datetime(y, m, d, 0, 0, 0, tzinfo=timezone.utc)

def name(cn, o=None, c=None):
    attrs = []
    if c: attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, c))
    if o: attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, o))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)

def ku(**on):
    flags = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=False,
                 crl_sign=False, encipher_only=False, decipher_only=False)
    flags.update(on)
    return x509.KeyUsage(**flags)

def write(path, cert):
    open(path, "wb").write(cert.public_bytes(serialization.Encoding.PEM))

root_key = load("ca-root.key.pem")
int_key = load("ca-intermediate.key.pem")
client_key = load("rsa2048-pkcs8.pem")
ec_key = load("ec-p256.pem")

root_name = name("Keysmith Test Root CA", "Keysmith Test", "GB")
int_name = name("Keysmith Test Intermediate CA", "Keysmith Test", "GB")
client_name = name("client.example.com", "Example Client Ltd", "GB")

root = (x509.CertificateBuilder()
        .subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(0x01)
        .not_valid_before(dt(2026)).not_valid_after(dt(2036))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ku(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256()))
write("ca-root.pem", root)

inter = (x509.CertificateBuilder()
         .subject_name(int_name).issuer_name(root_name)
         .public_key(int_key.public_key()).serial_number(0x02)
         .not_valid_before(dt(2026)).not_valid_after(dt(2036))
         .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
         .add_extension(ku(key_cert_sign=True, crl_sign=True), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(int_key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
         .sign(root_key, hashes.SHA256()))
write("ca-intermediate.pem", inter)

def leaf(serial, nb, na, keyusage):
    return (x509.CertificateBuilder()
            .subject_name(client_name).issuer_name(int_name)
            .public_key(client_key.public_key()).serial_number(serial)
            .not_valid_before(nb).not_valid_after(na)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(keyusage, critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("client.example.com"), x509.DNSName("api.client.example.com")]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(client_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(int_key.public_key()), critical=False)
            .sign(int_key, hashes.SHA256()))

client = leaf(0x1001, dt(2026), dt(2028), ku(digital_signature=True))
write("client.pem", client)
open("client.der", "wb").write(client.public_bytes(serialization.Encoding.DER))
write("client-nodigsig.pem", leaf(0x1002, dt(2026), dt(2028), ku(key_encipherment=True)))
write("client-expired.pem", leaf(0x1003, dt(2020), dt(2021), ku(digital_signature=True)))
write("client-notyet.pem", leaf(0x1004, dt(2035), dt(2036), ku(digital_signature=True)))

ec_name = name("ec.example.com")
ec_cert = (x509.CertificateBuilder()
           .subject_name(ec_name).issuer_name(ec_name)
           .public_key(ec_key.public_key()).serial_number(0x2001)
           .not_valid_before(dt(2026)).not_valid_after(dt(2031))
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(ku(digital_signature=True), critical=True)
           .add_extension(x509.SubjectAlternativeName([x509.DNSName("ec.example.com")]), critical=False)
           .sign(ec_key, hashes.SHA256()))
write("ec-cert.pem", ec_cert)
PY

# selfsigned.pem: serial number 0, which python `cryptography` refuses to issue,
# so it is made with `openssl ca -selfsign` (the only OpenSSL 3.0 command that
# takes explicit start and end dates).
touch "$TMP/index.txt"
echo 00 > "$TMP/serial"
cat > "$TMP/selfsign.cnf" <<CNF
[ ca ]
default_ca = selfsign
[ selfsign ]
database = $TMP/index.txt
serial = $TMP/serial
new_certs_dir = $TMP
default_md = sha256
policy = policy_any
unique_subject = no
preserve = yes
email_in_dn = no
x509_extensions = selfsigned_ext
[ policy_any ]
commonName = supplied
[ selfsigned_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:selfsigned.example.com
subjectKeyIdentifier = hash
CNF
openssl req -new -key rsa2048b-pkcs8.pem -subj /CN=selfsigned.example.com -out "$TMP/selfsigned.csr"
openssl ca -batch -config "$TMP/selfsign.cnf" -selfsign -keyfile rsa2048b-pkcs8.pem -in "$TMP/selfsigned.csr" \
  -startdate 20260101000000Z -enddate 20310101000000Z -notext -out selfsigned.pem

cat client.pem ca-intermediate.pem ca-root.pem > bundle-3certs.pem

# ---------------------------------------------------------------- PKCS#12
cat ca-intermediate.pem ca-root.pem > "$TMP/chain.pem"
openssl pkcs12 -export -inkey rsa2048-pkcs8.pem -in client.pem -certfile "$TMP/chain.pem" -name client -passout file:passphrase.txt -out client.p12
openssl pkcs12 -export -legacy -inkey rsa2048-pkcs8.pem -in client.pem -certfile "$TMP/chain.pem" -name client -passout file:passphrase.txt -out client-legacy.p12
openssl pkcs12 -export -nokeys -in client.pem -certfile "$TMP/chain.pem" -name client -passout file:passphrase.txt -out client-nokey.p12

# ---------------------------------------------------------------- JWTs and token responses
python3 - <<'PY'
import base64, hashlib, json, secrets
import jwt
from jwt.algorithms import RSAAlgorithm
from cryptography import x509
from cryptography.hazmat.primitives import serialization

key = open("rsa2048-pkcs8.pem", "rb").read()
der = open("client.der", "rb").read()
sha1 = hashlib.sha1(der).digest()
thumb = sha1.hex().upper()
x5t = base64.urlsafe_b64encode(sha1).rstrip(b"=").decode()

def out(path, token):
    open(path, "w").write(token + "\n")

def opaque():
    return secrets.token_urlsafe(48)

out("jwt-hs256-stamps.txt", jwt.encode(
    {"token_type": "access", "exp": 1657332616, "iat": 1657329016,
     "jti": "8a3a6a5e6d1c4b0f9d4a2b1c3e5f7a9b", "user_id": 12345, "merchant_id": 67890},
    "TESTJWT", algorithm="HS256", headers={"typ": "JWT"}))

claims = {"sub": "client-42", "iss": "https://auth.example.com", "aud": "https://api.example.com",
          "iat": 1700000000, "exp": 1700001800, "thumbprint": thumb}
out("jwt-rs256-expired.txt", jwt.encode(claims, key, algorithm="RS256", headers={"kid": "key-1"}))
claims.update(iat=1790000000, exp=1790001800)
out("jwt-rs256-valid.txt", jwt.encode(claims, key, algorithm="RS256", headers={"kid": "key-1"}))

out("jwt-ps256.txt", jwt.encode({"sub": "x", "exp": 1790001800}, key, algorithm="PS256"))
out("jwt-rs256-x5t.txt", jwt.encode({"sub": "client-42", "exp": 1790001800}, key,
                                    algorithm="RS256", headers={"x5t": x5t}))

keys = []
for path, kid in (("rsa2048-spki.pem", "key-1"), ("rsa2048b-spki.pem", "key-2")):
    pub = serialization.load_pem_public_key(open(path, "rb").read())
    jwk = RSAAlgorithm.to_jwk(pub, as_dict=True)
    jwk.update(kid=kid, use="sig", alg="RS256")
    keys.append(jwk)
open("jwks.json", "w").write(json.dumps({"keys": keys}, indent=2) + "\n")

access = jwt.encode({"sub": "client-42", "iss": "https://auth.example.com", "iat": 1790000000,
                     "exp": 1790001800}, key, algorithm="RS256", headers={"kid": "key-1"})
refresh = jwt.encode({"sub": "client-42", "iss": "https://auth.example.com", "iat": 1790000000,
                      "exp": 1790172800, "token_use": "refresh"}, key, algorithm="RS256",
                     headers={"kid": "key-1"})
def dump(path, obj):
    open(path, "w").write(json.dumps(obj, indent=2) + "\n")
dump("refresh-response.json", {"access_token": access, "refresh_token": refresh,
                               "expires_in": 3600, "token_type": "Bearer"})
dump("m2m-response.json", {"access_token": opaque(), "expires_in": "300", "token_type": "Bearer"})
dump("paymentsgate-response.json", {"access_token": "opaque-" + opaque(),
                                    "refresh_token": "opaque-" + opaque(), "expires_in": 3600})
dump("merchant-response.json", {"data": {"accessToken": opaque(), "expiresIn": 1707241515,
                                         "refreshToken": opaque()}})

out("upu-token.txt", jwt.encode({"sub": "upu-client", "iss": "https://auth.example.com",
                                 "iat": 1790000000, "exp": 1790086400}, key, algorithm="RS256",
                                headers={"kid": "key-1"}))
PY

# ---------------------------------------------------------------- messages to sign
: > msg-empty.bin
printf 'hello world\n' > msg-hello.txt
python3 -c 'import random, sys; random.seed(42); sys.stdout.buffer.write(random.randbytes(1048576))' > msg-1mb.bin

echo "done"
