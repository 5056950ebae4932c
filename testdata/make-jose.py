# Tokens and a JWK Set for the EC and Ed25519 tests, made by PyJWT (see README.md).
import json
import jwt
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

claims = {"sub": "client-42", "iss": "https://auth.partner.example", "iat": 1767225600, "exp": 4102444800}
for alg, key, out in [
    ("ES256", "ec-p256.pem", "jwt-es256.txt"),
    ("ES384", "ec-p384.pem", "jwt-es384.txt"),
    ("ES512", "ec-p521.pem", "jwt-es512.txt"),
    ("EdDSA", "ed25519.pem", "jwt-eddsa.txt"),
]:
    with open(key, "rb") as f:
        pem = f.read()
    token = jwt.encode(claims, pem, algorithm=alg, headers={"kid": "partner-" + alg.lower()})
    with open(out, "w") as f:
        f.write(token + "\n")

keys = []
for alg, pub, cls in [("ES256", "ec-p256-pub.pem", ECAlgorithm), ("EdDSA", "ed25519-pub.pem", OKPAlgorithm)]:
    with open(pub, "rb") as f:
        algo = ECAlgorithm(ECAlgorithm.SHA256) if cls is ECAlgorithm else OKPAlgorithm()
        jwk = json.loads(algo.to_jwk(algo.prepare_key(f.read())))
    jwk["kid"] = "partner-" + alg.lower()
    jwk["use"] = "sig"
    keys.append(jwk)
with open("jwks-partner.json", "w") as f:
    json.dump({"keys": keys}, f, indent=2)
    f.write("\n")
