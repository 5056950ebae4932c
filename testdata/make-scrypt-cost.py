"""Re-encodes the scrypt parameters of an openssl-encrypted PKCS#8 key.

Usage: python3 make-scrypt-cost.py IN.pem N r p > OUT.pem

Only the INTEGERs N, r and p of the scryptParams change (pyasn1 re-encodes the
DER with the new lengths); salt, cipher and ciphertext stay as openssl wrote
them. The result is for testing that a reader refuses the cost before deriving:
no tool need ever derive the key with these parameters.
"""
import base64
import sys

from pyasn1.codec.der import decoder, encoder
from pyasn1.type import univ

path, n, r, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
lines = open(path).read().split("\n")
body = "".join(l for l in lines if l and not l.startswith("-----"))
info, rest = decoder.decode(base64.b64decode(body))
assert not rest
pbes2 = info[0]
assert str(pbes2[0]) == "1.2.840.113549.1.5.13"  # PBES2
kdf = pbes2[1][0]
assert str(kdf[0]) == "1.3.6.1.4.1.11591.4.11"  # scrypt
params = kdf[1]
params[1] = univ.Integer(n)
params[2] = univ.Integer(r)
params[3] = univ.Integer(p)
der = encoder.encode(info)
text = base64.b64encode(der).decode()
print("-----BEGIN ENCRYPTED PRIVATE KEY-----")
for i in range(0, len(text), 64):
    print(text[i : i + 64])
print("-----END ENCRYPTED PRIVATE KEY-----")
