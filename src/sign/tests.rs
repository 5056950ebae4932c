use super::*;
use crate::codec::Base64Variant;
use crate::input::Input;
use crate::key::{Curve, CurvePrivateKey};
use proptest::prelude::*;

fn rsa_key() -> AnyPrivateKey {
    let input = Input::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/rsa2048-pkcs8.pem"
    ))
    .unwrap();
    crate::key::load_private(&input, None).unwrap().key
}

fn scheme(alg: Algorithm) -> Scheme {
    Scheme {
        algorithm: Some((alg, Origin::Argument("alg"))),
        ..Scheme::default()
    }
}

fn pair(key: &AnyPrivateKey, scheme: &Scheme) -> (Signer, Verifier) {
    let signer = Signer::new(key.clone(), &Origin::Stdin, scheme).unwrap();
    let verifier = Verifier::new(key.public_key(), &Origin::Stdin, scheme).unwrap();
    (signer, verifier)
}

#[test]
fn verify_rejects_empty_and_truncated_signatures() {
    let k = rsa_key();
    let (signer, verifier) = pair(&k, &Scheme::default());
    let sig = signer.sign(b"m").unwrap();
    assert!(verifier.verify(b"m", &sig).valid);
    assert!(!verifier.verify(b"m", &[]).valid);
    assert!(!verifier.verify(b"m", &sig[1..]).valid);
    for other in [Algorithm::RS384, Algorithm::PS256] {
        let (_, v) = pair(&k, &scheme(other));
        assert!(!v.verify(b"m", &sig).valid, "{other}");
    }
}

#[test]
fn scheme_narrows_and_never_widens_the_key() {
    let rsa = rsa_key();
    let ec = AnyPrivateKey::Curve(Box::new(CurvePrivateKey::generate(Curve::P256).unwrap()));
    assert_eq!(pair(&rsa, &Scheme::default()).1.algorithm, Algorithm::RS256);
    assert_eq!(pair(&ec, &Scheme::default()).1.algorithm, Algorithm::ES256);
    assert_eq!(
        pair(&ec, &scheme(Algorithm::ES256)).1.algorithm,
        Algorithm::ES256
    );
    for (key, alg) in [
        (&rsa, Algorithm::ES256),
        (&rsa, Algorithm::HS256),
        (&ec, Algorithm::RS256),
        (&ec, Algorithm::ES384),
    ] {
        let err = Signer::new(key.clone(), &Origin::Stdin, &scheme(alg)).unwrap_err();
        assert_eq!(
            err.to_string().split(" (").next(),
            Some("argument alg: this algorithm does not fit the key"),
            "{alg}"
        );
        assert!(Verifier::new(key.public_key(), &Origin::Stdin, &scheme(alg)).is_err());
    }
}

#[test]
fn small_rsa_keys_are_refused_naming_their_origin() {
    let input = Input::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/rsa1024-pkcs8.pem"
    ))
    .unwrap();
    let small = crate::key::load_private(&input, None).unwrap().key;
    let origin = Origin::Argument("small");
    let err = Signer::new(small.clone(), &origin, &Scheme::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument small: expected a private key, found a 1024-bit RSA key, too small to be safe"
    );
    let err = Verifier::new(small.public_key(), &origin, &Scheme::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument small: expected a public key, found a 1024-bit RSA key, too small to be safe"
    );
}

#[test]
fn decode_signature_forms() {
    let origin = Origin::Argument("signature");
    let (_, verifier) = pair(&rsa_key(), &Scheme::default());
    let decode = |bytes: &[u8], from_file| verifier.decode_signature(bytes, from_file, &origin);
    let raw: Vec<u8> = (0..=255).collect();
    let text = crate::codec::base64_encode(&raw, Base64Variant::Standard);
    // A file of exactly the modulus size is raw, even if it happens to be Base64 text.
    assert_eq!(decode(&raw, true).unwrap(), raw);
    assert_eq!(decode(format!("{text}\n").as_bytes(), true).unwrap(), raw);
    let url = crate::codec::base64_encode(&raw, Base64Variant::UrlNoPad);
    assert_eq!(decode(url.as_bytes(), false).unwrap(), raw);
    assert_eq!(decode(b"AQID", false).unwrap(), vec![1, 2, 3]);
    assert_eq!(decode(b" \n", true).unwrap(), b"");
    let err = decode(&raw[..255], true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument signature: expected a signature (Base64 text or raw bytes), found invalid Base64"
    );
}

#[test]
fn decode_signature_reads_raw_der_jose_and_base64_curve_signatures() {
    let origin = Origin::Argument("signature");
    for curve in Curve::ALL {
        let key = AnyPrivateKey::Curve(Box::new(CurvePrivateKey::generate(curve).unwrap()));
        for encoding in [SignatureEncoding::Der, SignatureEncoding::Jose] {
            let scheme = Scheme {
                algorithm: None,
                encoding,
            };
            let (signer, verifier) = pair(&key, &scheme);
            let sig = signer.sign(b"m").unwrap();
            let b64 = crate::codec::base64_encode(&sig, Base64Variant::Standard);
            for (bytes, from_file) in [
                (&sig[..], true),
                (b64.as_bytes(), true),
                (b64.as_bytes(), false),
            ] {
                let got = verifier
                    .decode_signature(bytes, from_file, &origin)
                    .unwrap();
                assert_eq!(got, sig, "{curve} {encoding:?}");
                let verification = verifier.verify(b"m", &got);
                assert!(verification.valid, "{curve} {encoding:?}");
                assert_eq!(verification.algorithm, curve.algorithm());
                assert_eq!(
                    verification.key_sha256,
                    key.public_key().fingerprint().unwrap()
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn sign_then_verify(message in proptest::collection::vec(any::<u8>(), 0..256), i in 0usize..6) {
        let alg = Algorithm::RSA[i];
        let (signer, verifier) = pair(&rsa_key(), &scheme(alg));
        let sig = signer.sign(&message).unwrap();
        let verification = verifier.verify(&message, &sig);
        prop_assert!(verification.valid);
        prop_assert_eq!(verification.algorithm, alg);
        let mut flipped = sig.clone();
        flipped[0] ^= 1;
        prop_assert!(!verifier.verify(&message, &flipped).valid);
    }
}
