//! What `inspect` says about a key, including a private key whose parts do not
//! agree (which [`load`] refuses).

use der::Decode;
use serde::Serialize;
use zeroize::Zeroizing;

use super::{
    Format, Key, Kind, Loaded, PublicKey, decrypt_pkcs8, load, modulus_bits, modulus_hex,
    public_exponent, spki_sha256,
};
use crate::encode::hex_upper;
use crate::error::{Error, Expected, Found, Result};
use crate::input::{self, Content, Encoding, Input};
use crate::secret::Secret;

/// What `inspect` reports about a key (`--json` field names are the SPEC's).
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// `rsa-private-key` or `rsa-public-key`.
    pub kind: Kind,
    /// `pkcs8`, `pkcs1` or `spki`.
    pub format: Format,
    /// `pem` or `der`.
    pub encoding: Encoding,
    /// Whether the key was encrypted.
    pub encrypted: bool,
    /// Modulus size in bits.
    pub bits: usize,
    /// The public exponent (`null` if it does not fit in 64 bits).
    pub public_exponent: Option<u64>,
    /// Uppercase hex modulus, as `openssl rsa -noout -modulus`.
    pub modulus: String,
    /// Uppercase hex SHA-256 of the SPKI DER.
    pub spki_sha256: String,
    /// For private keys: p·q = n and e·d ≡ 1 (checked by `rsa` when loading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consistent: Option<bool>,
    /// Weak parameters: under 2048 bits, e ≠ 65537.
    pub warnings: Vec<String>,
    /// Broken forms repaired while reading (for the caller's warnings; not in JSON).
    #[serde(skip)]
    pub repairs: Vec<input::Repair>,
}

impl Summary {
    /// Describes a loaded key.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the public key cannot be encoded.
    pub fn new(loaded: &Loaded) -> Result<Summary> {
        let public = loaded.key.public_key();
        let bits = modulus_bits(public);
        let public_exponent = public_exponent(public);
        let mut warnings = Vec::new();
        if bits < 2048 {
            warnings.push(format!(
                "{bits}-bit key: under 2048 bits, which partners and current guidance reject"
            ));
        }
        if public_exponent != Some(65537) {
            warnings
                .push("public exponent is not 65537; some libraries refuse such keys".to_owned());
        }
        let consistent = match &loaded.key {
            Key::Private(k) => Some(k.validate().is_ok()),
            Key::Public(_) => None,
        };
        Ok(Summary {
            kind: loaded.key.kind(),
            format: loaded.format,
            encoding: loaded.encoding,
            encrypted: loaded.encrypted,
            bits,
            public_exponent,
            modulus: modulus_hex(public),
            spki_sha256: hex_upper(&spki_sha256(public)?),
            consistent,
            warnings,
            repairs: loaded.repairs.clone(),
        })
    }
}

/// Describes a key for `inspect`, including a private key whose parts do not agree,
/// which [`load`] refuses: its summary has `consistent: false`.
///
/// # Errors
/// As [`load`], except that [`Found::InconsistentKey`] becomes a summary.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let bad = Input::read(format!("{dir}/testdata/rsa2048-inconsistent.pem"))?;
/// let summary = keysmith::key::inspect(&bad, None)?;
/// assert_eq!(summary.consistent, Some(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inspect(input: &Input, passphrase: Option<&Secret>) -> Result<Summary> {
    match load(input, passphrase) {
        Ok(loaded) => Summary::new(&loaded),
        Err(Error::Unexpected {
            found: Found::InconsistentKey,
            ..
        }) => inconsistent_summary(input, passphrase),
        Err(e) => Err(e),
    }
}

/// Summary of the first private key block that parses structurally but fails
/// `rsa`'s validation; its public half is built from n and e alone.
fn inconsistent_summary(input: &Input, passphrase: Option<&Secret>) -> Result<Summary> {
    let origin = input.origin();
    let malformed = || Error::unexpected(origin, Expected::Key, Found::InconsistentKey);
    let sniffed = input::sniff(input)?;
    let Content::Blocks(blocks) = &sniffed.content else {
        return Err(malformed());
    };
    for block in blocks {
        let der: &[u8] = &block.der;
        // Bare DER: the label of the structure it holds, as `load` decides it.
        let label = block.label.as_deref().or_else(|| super::der_label(der));
        let (pkcs1, format, encrypted): (Zeroizing<Vec<u8>>, Format, bool) = match label {
            Some("RSA PRIVATE KEY") => (Zeroizing::new(der.to_vec()), Format::Pkcs1, false),
            Some("PRIVATE KEY") => match pkcs8::PrivateKeyInfoRef::from_der(der) {
                Ok(info) => (
                    Zeroizing::new(info.private_key.as_bytes().to_vec()),
                    Format::Pkcs8,
                    false,
                ),
                Err(_) => continue,
            },
            Some("ENCRYPTED PRIVATE KEY") => {
                let plain = decrypt_pkcs8(der, origin, passphrase)?;
                match pkcs8::PrivateKeyInfoRef::from_der(&plain) {
                    Ok(info) => (
                        Zeroizing::new(info.private_key.as_bytes().to_vec()),
                        Format::Pkcs8,
                        true,
                    ),
                    Err(_) => continue,
                }
            }
            _ => continue,
        };
        let Ok(raw) = pkcs1::RsaPrivateKeyRef::from_der(&pkcs1) else {
            continue;
        };
        let n = raw.modulus.as_bytes();
        let e = raw.public_exponent.as_bytes();
        let width = |b: &[u8]| u32::try_from(b.len() * 8).unwrap_or(u32::MAX);
        let n = rsa::BoxedUint::from_be_slice(n, width(n)).map_err(|_| malformed())?;
        let e = rsa::BoxedUint::from_be_slice(e, width(e)).map_err(|_| malformed())?;
        let public = PublicKey::new(n, e).map_err(|_| malformed())?;
        let loaded = Loaded {
            key: Key::Public(public),
            format,
            encoding: sniffed.encoding,
            encrypted,
            repairs: sniffed.repairs.clone(),
        };
        let mut summary = Summary::new(&loaded)?;
        summary.kind = Kind::Private;
        summary.consistent = Some(false);
        summary.warnings.push(
            "private key is inconsistent (p·q ≠ n or e·d ≢ 1): it cannot sign; \
             openssl rsa -check reports the same"
                .to_owned(),
        );
        return Ok(summary);
    }
    Err(malformed())
}
