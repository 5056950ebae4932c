//! PKCS#12 (`.pfx`/`.p12`) files: the certificates and private keys inside.
//!
//! Decryption and MAC checking are the `p12-keystore` crate's. It reads both
//! the modern files (PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, a SHA-256
//! MAC: OpenSSL 3's default) and the legacy ones (pbeWithSHA1And40BitRC2-CBC
//! certificates, pbeWithSHA1And3-KeyTripleDES-CBC keys, a SHA-1 MAC) that
//! OpenSSL 3 only opens with `-legacy`. This module maps its errors onto
//! keysmith's (a failed MAC or decryption is [`Error::WrongPassphrase`]) and
//! hands certificates to [`Certificate`] and keys to [`crate::key`].
//!
//! Invariant: private keys stay in zeroizing buffers here; they leave only as
//! a parsed key or as PEM for the caller to write under the private-key rules.

mod create;

pub use create::{Encryption, create};

use der::{Reader, SliceReader, Tag};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{Certificate, CertificateSummary};
use crate::error::{
    Encrypted, Error, Expected, InputError, Invalid, KeyError, Origin, Pkcs12Error, Result,
};
use crate::input::{self, Input};
use crate::key::{self, KeyAlgorithm, PrivateKey};
use crate::secret::Secret;
use crate::time::Timestamp;

/// Whether DER bytes are shaped like a PKCS#12 `PFX`: `SEQUENCE { version
/// INTEGER (3), authSafe ContentInfo, … }`. Nothing is decrypted.
pub(crate) fn is_pkcs12(der: &[u8]) -> bool {
    let Ok(mut reader) = SliceReader::new(der) else {
        return false;
    };
    let shaped = reader.sequence(|pfx| {
        let version: u8 = pfx.decode()?;
        Tag::peek(pfx)?.assert_eq(Tag::Sequence)?;
        pfx.read_slice(pfx.remaining_len())?;
        Ok::<_, der::Error>(version == 3)
    });
    matches!(shaped, Ok(true)) && reader.is_finished()
}

/// A private key found in a PKCS#12 file (PKCS#8 DER, kept in a zeroizing
/// buffer). What it is (algorithm, size, friendly name, the certificate it
/// belongs to) is its [`KeyEntry`] in the [`Pkcs12Summary`].
#[derive(Clone)]
pub struct KeyBag {
    pkcs8: Zeroizing<Vec<u8>>,
    algorithm: KeyAlgorithm,
    friendly_name: Option<String>,
    origin: Origin,
}

impl std::fmt::Debug for KeyBag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyBag")
            .field("algorithm", &self.algorithm)
            .field("friendly_name", &self.friendly_name)
            .finish_non_exhaustive()
    }
}

impl KeyBag {
    /// The key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), as `openssl
    /// pkcs12 -nodes` writes it.
    ///
    /// # Security
    /// This is the private key in the clear: write it with `Mode::Private`
    /// through [`crate::file::write_all`], together with the certificates when
    /// they are written too, so that either both files are written or neither.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the PEM encoder refuses.
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        pem_rfc7468::encode_string("PRIVATE KEY", pem_rfc7468::LineEnding::LF, &self.pkcs8)
            .map(Zeroizing::new)
            .map_err(|_| Error::Crypto {
                operation: "encoding the private key as PEM",
            })
    }

    /// The RSA private key.
    ///
    /// # Errors
    /// As [`key::load_private`] of an RSA key: for instance [`KeyError::EcKey`] for an EC key.
    pub(crate) fn to_rsa(&self) -> Result<PrivateKey> {
        let input = Input::from_bytes(self.origin.clone(), self.pkcs8.to_vec());
        key::load_rsa_private(&input, None).map(|loaded| loaded.key)
    }
}

/// What a PKCS#12 file holds.
#[derive(Clone, Debug)]
pub struct Contents {
    /// The certificates, in the order of their bags (openssl puts the leaf first).
    pub certificates: Vec<Certificate>,
    /// The private keys (usually one).
    pub keys: Vec<KeyBag>,
}

impl Contents {
    /// The file's private key, when it holds exactly one (the usual case; which
    /// of several is meant cannot be told). `origin` names the file in the error.
    ///
    /// # Errors
    /// [`Error::Pkcs12`] with [`Pkcs12Error::WithoutKey`] or [`InputError::SeveralKeys`].
    pub fn single_key(&self, origin: &Origin) -> Result<&KeyBag> {
        match self.keys.as_slice() {
            [key] => Ok(key),
            [] => Err(Error::unexpected(
                origin,
                Expected::PrivateKey,
                Pkcs12Error::WithoutKey,
            )),
            _ => Err(Error::unexpected(
                origin,
                Expected::PrivateKey,
                InputError::SeveralKeys,
            )),
        }
    }
}

/// Opens a PKCS#12 file.
///
/// Without a passphrase the empty one is tried (Windows and Java export such
/// files), and failing that the error asks for one.
///
/// # Errors
/// [`Error::WrongPassphrase`] when the MAC or decryption fails;
/// [`Error::NeedsPassphrase`] when no passphrase was given and the empty one
/// is wrong; [`Error::Pkcs12`] with [`Pkcs12Error::Unsupported`] for algorithms `p12-keystore` does not know
/// (MD5-based ones), or [`InputError::MalformedDer`]; [`Error::Invalid`] with
/// [`Invalid::Pkcs12Passphrase`] when the passphrase is not UTF-8.
///
/// # Example
/// ```
/// use keysmith::cert::pkcs12;
/// use keysmith::input::Input;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
/// let passphrase = Input::read(format!("{dir}/passphrase.txt"))?.into_secret(false);
/// let legacy = Input::read(format!("{dir}/client-legacy.p12"))?;
/// let contents = pkcs12::open(&legacy, Some(&passphrase))?;
/// assert_eq!(contents.certificates.len(), 3);
/// assert_eq!(contents.keys.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open(input: &Input, passphrase: Option<&Secret>) -> Result<Contents> {
    let origin = input.origin();
    match input::sniff(input, Expected::Pkcs12)? {
        input::Sniffed::Blocks { blocks, .. } => match blocks.as_slice() {
            [block] if super::is_pkcs12_block(block) => open_der(&block.der, origin, passphrase),
            _ => Err(Error::unexpected(
                origin,
                Expected::Pkcs12,
                InputError::MalformedDer,
            )),
        },
        input::Sniffed::Jwt => Err(Error::unexpected(origin, Expected::Pkcs12, InputError::Jwt)),
    }
}

/// Opens PKCS#12 DER (see [`open`]).
pub(crate) fn open_der(
    der: &[u8],
    origin: &Origin,
    passphrase: Option<&Secret>,
) -> Result<Contents> {
    check_kdf_cost(der, origin)?;
    let archive = match passphrase {
        Some(secret) => {
            let Ok(text) = std::str::from_utf8(secret.expose()) else {
                // Named by the file it was meant to open: the passphrase's own
                // source (file, variable or prompt) is the caller's.
                return Err(Error::Invalid {
                    origin: origin.clone(),
                    reason: Invalid::Pkcs12Passphrase,
                });
            };
            decode(der, text, origin)?
        }
        None => match decode(der, "", origin) {
            Err(Error::WrongPassphrase { .. }) => {
                return Err(Error::encrypted(
                    origin,
                    Expected::Pkcs12,
                    Encrypted::Pkcs12,
                ));
            }
            other => other?,
        },
    };
    let certificates = archive
        .certs
        .iter()
        .map(|bag| Certificate::from_der(bag.cert.as_der(), origin.clone()))
        .collect::<Result<Vec<_>>>()?;
    let keys = archive
        .keys
        .into_iter()
        .map(|bag| KeyBag {
            algorithm: KeyAlgorithm::from_oid(&bag.key.oid().to_string()),
            pkcs8: Zeroizing::new(bag.key.as_der().to_vec()),
            friendly_name: bag.friendly_name,
            origin: origin.clone(),
        })
        .collect();
    Ok(Contents { certificates, keys })
}

const ID_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const ID_PBES2: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
/// PBES1 (`1.2.840.113549.1.5.x`) and PKCS#12 PBE (`1.2.840.113549.1.12.1.x`)
/// schemes: parameters `SEQUENCE { salt, iterations }`.
const PBE_ARCS: [&str; 2] = ["1.2.840.113549.1.5.", "1.2.840.113549.1.12.1."];
/// How deep `safeContentsBag`s may nest.
const MAX_BAG_DEPTH: usize = 4;

/// Refuses, before anything is derived, a PFX whose MAC, encrypted parts and
/// shrouded keys together ask for more key-derivation work than one PKCS#8 key
/// may ([`crate::key::MAX_PBKDF2_ITERATIONS`], the scrypt memory cap of `key/kdf.rs`,
/// [`crate::key::MAX_PBE_ITERATIONS`] for each legacy derivation). p12-keystore's
/// own limits are far looser. Parts inside an encrypted part are counted by
/// p12-keystore's limits only: they cannot be seen before it decrypts.
/// Why the cost check refused a PFX, before `check_kdf_cost` names the file.
enum Refusal {
    /// A structure that does not parse.
    Malformed,
    /// An encryption scheme keysmith cannot read.
    Unsupported,
    /// A key-derivation cost above the caps.
    Key(KeyError),
}

impl From<KeyError> for Refusal {
    fn from(found: KeyError) -> Refusal {
        Refusal::Key(found)
    }
}

fn check_kdf_cost(der: &[u8], origin: &Origin) -> Result<()> {
    use der::Decode;
    use der::asn1::OctetString;
    use pkcs12::cms::content_info::ContentInfo;
    use pkcs12::cms::encrypted_data::EncryptedData;
    let refuse = |refusal| {
        let unexpected = |found| Error::unexpected(origin, Expected::Pkcs12, found);
        match refusal {
            Refusal::Malformed => {
                Error::unexpected(origin, Expected::Pkcs12, InputError::MalformedDer)
            }
            Refusal::Unsupported => unexpected(Pkcs12Error::Unsupported),
            Refusal::Key(KeyError::ExcessiveKdfCost | KeyError::ExcessivePbeIterations { .. }) => {
                unexpected(Pkcs12Error::ExcessiveCost)
            }
            Refusal::Key(other) => Error::unexpected(origin, Expected::Pkcs12, other),
        }
    };
    let malformed = |_| refuse(Refusal::Malformed);
    let pfx = pkcs12::Pfx::from_der(der).map_err(malformed)?;
    let mut budget = key::KdfBudget::default();
    if let Some(mac) = &pfx.mac_data {
        let iterations = u64::try_from(mac.iterations).map_err(|_| refuse(Refusal::Malformed))?;
        budget.spend_pbe(iterations).map_err(|e| refuse(e.into()))?;
    }
    if pfx.auth_safe.content_type != ID_DATA {
        return Ok(());
    }
    let safe = pfx
        .auth_safe
        .content
        .decode_as::<OctetString>()
        .map_err(malformed)?;
    let infos = Vec::<ContentInfo>::from_der(safe.as_bytes()).map_err(malformed)?;
    for info in &infos {
        if info.content_type == ID_DATA {
            let bags = info.content.decode_as::<OctetString>().map_err(malformed)?;
            spend_bags(bags.as_bytes(), &mut budget, 0).map_err(refuse)?;
        } else if info.content_type == ID_ENCRYPTED_DATA {
            let data = info
                .content
                .decode_as::<EncryptedData>()
                .map_err(malformed)?;
            spend_algorithm(&data.enc_content_info.content_enc_alg, &mut budget).map_err(refuse)?;
        }
    }
    Ok(())
}

/// Spends the shrouded key bags of a DER `SafeContents`.
fn spend_bags(
    der: &[u8],
    budget: &mut key::KdfBudget,
    depth: usize,
) -> std::result::Result<(), Refusal> {
    use der::Decode;
    let bags = pkcs12::safe_bag::SafeContents::from_der(der).map_err(|_| Refusal::Malformed)?;
    for bag in &bags {
        // bag_value is the `[0] EXPLICIT` element: its content is the bag.
        let value = der::AnyRef::from_der(&bag.bag_value).map_err(|_| Refusal::Malformed)?;
        if bag.bag_id == pkcs12::PKCS_12_PKCS8_KEY_BAG_OID {
            // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }.
            let mut reader = SliceReader::new(value.value()).map_err(|_| Refusal::Malformed)?;
            let algorithm = reader
                .sequence(|info| {
                    let algorithm: spki::AlgorithmIdentifierOwned = info.decode()?;
                    info.read_slice(info.remaining_len())?;
                    Ok::<_, der::Error>(algorithm)
                })
                .map_err(|_| Refusal::Malformed)?;
            spend_algorithm(&algorithm, budget)?;
        } else if bag.bag_id == pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID {
            if depth >= MAX_BAG_DEPTH {
                return Err(Refusal::Malformed);
            }
            spend_bags(value.value(), budget, depth + 1)?;
        }
    }
    Ok(())
}

/// Spends the key derivation of one encryption algorithm; algorithms keysmith
/// does not know are left to p12-keystore, which refuses them.
fn spend_algorithm(
    algorithm: &spki::AlgorithmIdentifierOwned,
    budget: &mut key::KdfBudget,
) -> std::result::Result<(), Refusal> {
    use der::{Decode, Encode};
    if algorithm.oid == ID_PBES2 {
        let der = algorithm.to_der().map_err(|_| Refusal::Malformed)?;
        let scheme =
            pkcs8::pkcs5::EncryptionScheme::from_der(&der).map_err(|_| Refusal::Unsupported)?;
        if !decryptable(&scheme) {
            return Err(Refusal::Unsupported);
        }
        return Ok(budget.spend(&scheme)?);
    }
    let oid = algorithm.oid.to_string();
    if PBE_ARCS.iter().any(|arc| oid.starts_with(arc)) {
        let parameters = algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<pkcs12::pbe_params::Pkcs12PbeParams>().ok())
            .ok_or(Refusal::Malformed)?;
        let iterations = u64::try_from(parameters.iterations).map_err(|_| Refusal::Malformed)?;
        return Ok(budget.spend_pbe(iterations)?);
    }
    Ok(())
}

/// Whether `pkcs5` decrypts this scheme with a right passphrase: its key
/// length (if given) fits the cipher. Ciphers `pkcs5` does not know, DES-CBC
/// among them, do not parse in the first place.
fn decryptable(scheme: &pkcs8::pkcs5::EncryptionScheme) -> bool {
    use pkcs8::pkcs5::EncryptionScheme;
    match scheme {
        EncryptionScheme::Pbes2(params) => params
            .kdf
            .key_length()
            .is_none_or(|len| usize::from(len) == params.encryption.key_size()),
        _ => true,
    }
}

fn decode(der: &[u8], passphrase: &str, origin: &Origin) -> Result<p12_keystore::Pkcs12Archive> {
    use p12_keystore::error::Error as P12;
    p12_keystore::Pkcs12Archive::from_pkcs12(der, passphrase).map_err(|e| match e {
        // `check_kdf_cost` has refused every PBES2 scheme `pkcs5` cannot
        // decrypt (DES-CBC, a key length that does not fit the cipher), so a
        // PKCS#5 failure is the padding check: the passphrase is wrong.
        P12::MacError(_) | P12::UnpadError | P12::Pkcs5Error(_) => Error::WrongPassphrase {
            origin: origin.clone(),
        },
        P12::UnsupportedEncryptionScheme
        | P12::UnsupportedMacAlgorithm
        | P12::UnsupportedContentType
        | P12::UnsupportedCertificateType
        | P12::InvalidParameters => {
            Error::unexpected(origin, Expected::Pkcs12, Pkcs12Error::Unsupported)
        }
        _ => Error::unexpected(origin, Expected::Pkcs12, InputError::MalformedDer),
    })
}

/// What the `pkcs12` command lists: a summary of each certificate and each
/// private key. Its JSON lists each certificate as `subject`, `not_after`,
/// `expired` and `sha1`.
#[derive(Clone, Debug)]
pub struct Pkcs12Summary {
    /// One summary per certificate, in file order.
    pub certificates: Vec<CertificateSummary>,
    /// One entry per private key.
    pub private_keys: Vec<KeyEntry>,
}

impl Serialize for Pkcs12Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A certificate as the listing shows it.
        struct Listed<'a>(&'a CertificateSummary);
        impl Serialize for Listed<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut out = s.serialize_struct("CertificateEntry", 4)?;
                out.serialize_field("subject", &self.0.subject)?;
                out.serialize_field("not_after", &self.0.not_after)?;
                out.serialize_field("expired", &self.0.expired)?;
                out.serialize_field("sha1", &self.0.sha1)?;
                out.end()
            }
        }
        let certificates: Vec<Listed<'_>> = self.certificates.iter().map(Listed).collect();
        let mut out = s.serialize_struct("Pkcs12Summary", 2)?;
        out.serialize_field("certificates", &certificates)?;
        out.serialize_field("private_keys", &self.private_keys)?;
        out.end()
    }
}

/// A private key in a PKCS#12 listing.
#[derive(Clone, Debug, Serialize)]
pub struct KeyEntry {
    /// `rsa`, `ec`, … or the OID.
    pub algorithm: KeyAlgorithm,
    /// RSA modulus size; `null` for other algorithms.
    pub bits: Option<usize>,
    /// Subject of the certificate whose public key is this key's; `null` when none is.
    pub certificate: Option<String>,
    /// The bag's friendly name.
    pub friendly_name: Option<String>,
}

impl Pkcs12Summary {
    /// Lists a PKCS#12 file's contents as of `now`.
    ///
    /// # Errors
    /// [`Error::Input`] when a certificate does not parse as X.509.
    pub fn new(contents: &Contents, now: Timestamp) -> Result<Pkcs12Summary> {
        let certificates = contents
            .certificates
            .iter()
            .map(|c| CertificateSummary::new(c, now))
            .collect::<Result<Vec<_>>>()?;
        let private_keys = contents
            .keys
            .iter()
            .map(|bag| {
                let rsa = bag.to_rsa().ok();
                let public = rsa.as_ref().map(|k| k.to_public_key());
                // An EC or Ed25519 key is matched by its public point.
                let curve = key::CurvePrivateKey::from_pkcs8_der(&bag.pkcs8)
                    .ok()
                    .map(|read| read.key.public_key());
                let holds_key = |c: &&Certificate| match (&public, &curve) {
                    (Some(p), _) => super::public_key(c).is_ok_and(|cp| &cp == p),
                    (None, Some(point)) => c
                        .spki_der()
                        .ok()
                        .and_then(|der| key::CurvePublicKey::from_spki_der(&der).ok())
                        .is_some_and(|theirs| &theirs == point),
                    (None, None) => false,
                };
                let certificate = contents
                    .certificates
                    .iter()
                    .find(holds_key)
                    .map(|c| c.subject().to_owned());
                KeyEntry {
                    algorithm: bag.algorithm.clone(),
                    bits: public.as_ref().map(key::modulus_bits),
                    certificate,
                    friendly_name: bag.friendly_name.clone(),
                }
            })
            .collect();
        Ok(Pkcs12Summary {
            certificates,
            private_keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cert::HashAlgorithm;
    use crate::test_fixture::input as fixture;

    fn passphrase(name: &str) -> Secret {
        fixture(name).into_secret(false)
    }

    #[test]
    fn open_reads_modern_and_legacy_files() {
        for file in ["client.p12", "client-legacy.p12"] {
            let contents = open(&fixture(file), Some(&passphrase("passphrase.txt"))).unwrap();
            let sha1: Vec<String> = contents
                .certificates
                .iter()
                .map(|c| c.thumbprint(HashAlgorithm::Sha1).to_string())
                .collect();
            assert_eq!(
                sha1[0], "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
                "{file}"
            );
            assert_eq!(sha1.len(), 3);
            assert_eq!(contents.keys.len(), 1);
            assert_eq!(contents.keys[0].friendly_name.as_deref(), Some("client"));
            assert_eq!(contents.keys[0].algorithm, KeyAlgorithm::Rsa);
            assert_eq!(
                key::modulus_bits(&contents.keys[0].to_rsa().unwrap().to_public_key()),
                2048
            );
        }
    }

    /// Issue 11: "exactly one key" is the library's rule.
    #[test]
    fn issue_11_single_key_takes_the_only_key() {
        let input = fixture("client.p12");
        let mut contents = open(&input, Some(&passphrase("passphrase.txt"))).unwrap();
        assert!(contents.single_key(input.origin()).is_ok());
        let key = contents.keys.remove(0);
        let err = contents.single_key(input.origin()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("found a PKCS#12 file without a private key")
        );
        contents.keys = vec![key.clone(), key];
        let err = contents.single_key(input.origin()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("expected a private key, found several keys")
        );
    }

    #[test]
    fn open_refuses_wrong_and_missing_passphrases() {
        let input = fixture("client.p12");
        let err = open(&input, Some(&passphrase("wrong-passphrase.txt"))).unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase { .. }));
        assert!(
            err.to_string()
                .ends_with("client.p12: wrong passphrase (decryption failed)")
        );
        let err = open(&input, None).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("client.p12: PKCS#12 file needs its passphrase"),
            "{err}"
        );
    }

    #[test]
    fn summary_matches_key_to_its_certificate() {
        let contents = open(&fixture("client.p12"), Some(&passphrase("passphrase.txt"))).unwrap();
        let summary = Pkcs12Summary::new(&contents, Timestamp::from_unix(1_800_000_000)).unwrap();
        assert_eq!(
            summary.private_keys[0].certificate.as_deref(),
            Some("CN=client.example.com,O=Example Client Ltd,C=GB")
        );
        let nokey = open(
            &fixture("client-nokey.p12"),
            Some(&passphrase("passphrase.txt")),
        )
        .unwrap();
        assert!(nokey.keys.is_empty());
        assert_eq!(nokey.certificates.len(), 3);
    }

    #[test]
    fn is_pkcs12_tells_pfx_from_certificates() {
        assert!(is_pkcs12(fixture("client.p12").bytes()));
        assert!(!is_pkcs12(fixture("client.der").bytes()));
        assert!(!is_pkcs12(b""));
    }
}
