"""Public (and one private) JWKs of existing keys, as PyJWT's to_jwk writes them.

Run from testdata/: python3 make-jwk-input.py
"""
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm


def private(name):
    with open(name, "rb") as f:
        return load_pem_private_key(f.read(), password=None)


def write(name, text):
    with open(name, "w") as f:
        f.write(text + "\n")


write("rsa2048-pub-jwk.json", RSAAlgorithm.to_jwk(private("rsa2048-pkcs8.pem").public_key()))
write("ec-p256-pub-jwk.json", ECAlgorithm.to_jwk(private("ec-p256.pem").public_key()))
write("ed25519-pub-jwk.json", OKPAlgorithm.to_jwk(private("ed25519.pem").public_key()))
write("ec-p256-private-jwk.json", ECAlgorithm.to_jwk(private("ec-p256.pem")))
