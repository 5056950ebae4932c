//! RSA keys: generation, loading from every common form, encoding, fingerprints.
//!
//! [`load`] reads what [`crate::input::sniff`] found — PKCS#8 (plain or
//! encrypted with PBES2), PKCS#1 (`RSA PRIVATE KEY` / `RSA PUBLIC KEY`) and SPKI,
//! as PEM or DER — and refuses, with a message naming the file, everything else:
//! EC and Ed25519 keys, certificates, legacy `Proc-Type` encrypted PEM (with the
//! openssl command that converts it), keys under 1024 bits, inconsistent keys.
//! All parsing goes through the `pkcs8`/`pkcs1`/`spki` crates and `rsa`'s own
//! constructors, which validate every private key (p·q = n, e·d ≡ 1).
//!
//! [`generate`] refuses sizes other than 2048, 3072 and 4096 bits.

use pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::encode::hex_upper;
use crate::error::{Error, Expected, Found, Invalid, Origin, Result};
use crate::input::{self, Block, Content, Encoding, Input, Repair};
use crate::secret::Secret;

mod generate;

pub use rsa::{PrivateKey, PublicKey};

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OIDS_EDWARDS: [&str; 4] = ["1.3.101.110", "1.3.101.111", "1.3.101.112", "1.3.101.113"];

/// The smallest modulus `rsa` will load; smaller keys are refused with [`Found::SmallKey`].
pub const MIN_LOAD_BITS: usize = 1024;

/// RSA key sizes keysmith generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bits {
    /// 2048 bits (the default, and the minimum).
    B2048,
    /// 3072 bits.
    B3072,
    /// 4096 bits.
    B4096,
}

impl Bits {
    /// The size in bits.
    pub const fn get(self) -> usize {
        match self {
            Bits::B2048 => 2048,
            Bits::B3072 => 3072,
            Bits::B4096 => 4096,
        }
    }
}

impl TryFrom<usize> for Bits {
    type Error = Error;

    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::KeyBits`] for any size but 2048, 3072, 4096.
    fn try_from(bits: usize) -> Result<Bits> {
        match bits {
            2048 => Ok(Bits::B2048),
            3072 => Ok(Bits::B3072),
            4096 => Ok(Bits::B4096),
            _ => Err(Error::Invalid {
                origin: Origin::Argument("--bits"),
                reason: Invalid::KeyBits,
            }),
        }
    }
}

/// Generates an RSA private key with public exponent 65537 from the OS random source.
///
/// # Errors
/// [`Error::Crypto`] when the random number generator fails.
///
/// The prime search runs on every core (see `key/generate.rs`); the key is built
/// and validated by `rsa`'s own constructor.
pub fn generate(bits: Bits) -> Result<PrivateKey> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    generate::generate(bits, threads)
}

/// How a key was (or will be) encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PKCS#8 `PRIVATE KEY` / `ENCRYPTED PRIVATE KEY`.
    Pkcs8,
    /// PKCS#1 `RSA PRIVATE KEY` / `RSA PUBLIC KEY`.
    Pkcs1,
    /// X.509 SubjectPublicKeyInfo `PUBLIC KEY`.
    Spki,
}

/// Whether a key is private or public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// An RSA private key.
    #[serde(rename = "rsa-private-key")]
    Private,
    /// An RSA public key.
    #[serde(rename = "rsa-public-key")]
    Public,
}

/// An RSA key, private or public.
#[derive(Clone, Debug)]
pub enum Key {
    /// A private key (its public half is available).
    Private(Box<PrivateKey>),
    /// A public key.
    Public(PublicKey),
}

impl Key {
    /// The public key (the public half of a private key).
    pub fn public_key(&self) -> &PublicKey {
        match self {
            Key::Private(k) => k.as_public_key(),
            Key::Public(k) => k,
        }
    }

    /// Private or public.
    pub fn kind(&self) -> Kind {
        match self {
            Key::Private(_) => Kind::Private,
            Key::Public(_) => Kind::Public,
        }
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        modulus_bits(self.public_key())
    }
}

/// A key as it was read, with the form it was in.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The key.
    pub key: Key,
    /// PKCS#8, PKCS#1 or SPKI.
    pub format: Format,
    /// PEM or DER.
    pub encoding: Encoding,
    /// Whether it was encrypted (PKCS#8 PBES2).
    pub encrypted: bool,
    /// Broken forms that were repaired while reading.
    pub repairs: Vec<Repair>,
}

/// Loads one RSA key from an input.
///
/// # Errors
/// [`Error::Unexpected`] when the input is not a single RSA key (with what was found
/// instead), [`Error::WrongPassphrase`] when decryption fails, and
/// [`Found::EncryptedKey`] when the key is encrypted and `passphrase` is `None`.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::key::{self, Format, Kind};
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rsa2048-pkcs1.pem"))?;
/// let loaded = key::load(&input, None)?;
/// assert_eq!(loaded.format, Format::Pkcs1);
/// assert_eq!(loaded.key.kind(), Kind::Private);
/// assert_eq!(loaded.key.bits(), 2048);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(input: &Input, passphrase: Option<&Secret>) -> Result<Loaded> {
    let origin = input.origin();
    let sniffed = input::sniff(input).map_err(|e| retarget(e, Expected::Key))?;
    let blocks = match sniffed.content {
        Content::Blocks(blocks) => blocks,
        Content::Jwt(_) => return Err(Error::unexpected(origin, Expected::Key, Found::Jwt)),
    };
    let mut found: Option<(Key, Format, bool)> = None;
    let mut first_error = None;
    for block in &blocks {
        match load_block(block, origin, passphrase) {
            Ok(k) if found.is_none() => found = Some(k),
            Ok(_) => {
                return Err(Error::unexpected(origin, Expected::Key, Found::SeveralKeys));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (found, first_error) {
        (Some((key, _, _)), _) if key.bits() < MIN_LOAD_BITS => Err(Error::unexpected(
            origin,
            Expected::Key,
            Found::SmallKey { bits: key.bits() },
        )),
        (Some((key, format, encrypted)), _) => Ok(Loaded {
            key,
            format,
            encoding: sniffed.encoding,
            encrypted,
            repairs: sniffed.repairs,
        }),
        (None, Some(e)) => Err(e),
        (None, None) => Err(Error::unexpected(origin, Expected::Key, Found::Empty)),
    }
}

/// Loads a private key; a public key is refused.
///
/// # Errors
/// As [`load`], and [`Error::Unexpected`] with [`Found::PublicKey`] for a public key.
pub fn load_private(input: &Input, passphrase: Option<&Secret>) -> Result<(PrivateKey, Loaded)> {
    let loaded = load(input, passphrase).map_err(|e| retarget(e, Expected::PrivateKey))?;
    match &loaded.key {
        Key::Private(k) => Ok(((**k).clone(), loaded)),
        Key::Public(_) => Err(Error::unexpected(
            input.origin(),
            Expected::PrivateKey,
            Found::PublicKey,
        )),
    }
}

/// Loads a public key to send somewhere; a private key is refused.
///
/// # Errors
/// As [`load`], and [`Error::Invalid`] with [`Invalid::PrivateKeyRefused`] for a
/// private key (encrypted or not), so that a private key is never sent anywhere.
pub fn load_public_only(input: &Input) -> Result<Loaded> {
    let refuse = || Error::Invalid {
        origin: input.origin().clone(),
        reason: Invalid::PrivateKeyRefused,
    };
    match load(input, None) {
        Ok(loaded) if loaded.key.kind() == Kind::Private => Err(refuse()),
        Ok(loaded) => Ok(loaded),
        Err(Error::Unexpected {
            found: Found::EncryptedKey,
            ..
        }) => Err(refuse()),
        Err(e) => Err(retarget(e, Expected::PublicKey)),
    }
}

/// Rewrites the `expected` of an input error to what this caller needs.
pub(crate) fn retarget(err: Error, expected: Expected) -> Error {
    match err {
        Error::Unexpected { origin, found, .. } => Error::Unexpected {
            origin,
            expected,
            found,
        },
        other => other,
    }
}

fn load_block(
    block: &Block,
    origin: &Origin,
    passphrase: Option<&Secret>,
) -> Result<(Key, Format, bool)> {
    let unexpected = |found| Error::unexpected(origin, Expected::Key, found);
    if block.legacy_encrypted {
        return Err(unexpected(Found::LegacyEncryptedPem));
    }
    let der: &[u8] = &block.der;
    match block.label.as_deref() {
        Some("PRIVATE KEY") => private_from_pkcs8(der, origin).map(|k| (k, Format::Pkcs8, false)),
        Some("ENCRYPTED PRIVATE KEY") => {
            let plain = decrypt_pkcs8(der, origin, passphrase)?;
            private_from_pkcs8(&plain, origin).map(|k| (k, Format::Pkcs8, true))
        }
        Some("RSA PRIVATE KEY") => {
            private_from_pkcs1(der, origin).map(|k| (k, Format::Pkcs1, false))
        }
        Some("PUBLIC KEY") => public_from_spki(der, origin).map(|k| (k, Format::Spki, false)),
        Some("RSA PUBLIC KEY") => public_from_pkcs1(der, origin).map(|k| (k, Format::Pkcs1, false)),
        Some("CERTIFICATE") | Some("TRUSTED CERTIFICATE") | Some("X509 CERTIFICATE") => {
            Err(unexpected(Found::Certificate))
        }
        Some("EC PRIVATE KEY") | Some("EC PUBLIC KEY") | Some("EC PARAMETERS") => {
            Err(unexpected(Found::EcKey))
        }
        Some(other) => Err(unexpected(Found::PemLabel(other.to_owned()))),
        None => load_der(der, origin, passphrase),
    }
}

/// Tries each DER structure in turn; the first that parses decides.
fn load_der(
    der: &[u8],
    origin: &Origin,
    passphrase: Option<&Secret>,
) -> Result<(Key, Format, bool)> {
    use der::Decode;
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        return private_from_pkcs8(der, origin).map(|k| (k, Format::Pkcs8, false));
    }
    if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() {
        let plain = decrypt_pkcs8(der, origin, passphrase)?;
        return private_from_pkcs8(&plain, origin).map(|k| (k, Format::Pkcs8, true));
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return public_from_spki(der, origin).map(|k| (k, Format::Spki, false));
    }
    if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        return private_from_pkcs1(der, origin).map(|k| (k, Format::Pkcs1, false));
    }
    if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        return public_from_pkcs1(der, origin).map(|k| (k, Format::Pkcs1, false));
    }
    if x509_parser::parse_x509_certificate(der).is_ok() {
        return Err(Error::unexpected(origin, Expected::Key, Found::Certificate));
    }
    Err(Error::unexpected(
        origin,
        Expected::Key,
        Found::MalformedDer,
    ))
}

fn check_algorithm(oid: &str, origin: &Origin) -> Result<()> {
    let found = match oid {
        OID_RSA => return Ok(()),
        OID_EC => Found::EcKey,
        o if OIDS_EDWARDS.contains(&o) => Found::EdwardsKey,
        o => Found::OtherAlgorithm(o.to_owned()),
    };
    Err(Error::unexpected(origin, Expected::Key, found))
}

fn private_from_pkcs8(der: &[u8], origin: &Origin) -> Result<Key> {
    use der::Decode;
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, Expected::Key, Found::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin)?;
    private_from_pkcs1(info.private_key.as_bytes(), origin)
}

fn private_from_pkcs1(der: &[u8], origin: &Origin) -> Result<Key> {
    use der::Decode;
    match PrivateKey::from_pkcs1_der(der) {
        Ok(k) => Ok(Key::Private(Box::new(k))),
        Err(_) => {
            let found = match pkcs1::RsaPrivateKeyRef::from_der(der) {
                Ok(raw) => size_or(uint_bits(raw.modulus.as_bytes()), Found::InconsistentKey),
                Err(_) => Found::MalformedDer,
            };
            Err(Error::unexpected(origin, Expected::Key, found))
        }
    }
}

fn public_from_spki(der: &[u8], origin: &Origin) -> Result<Key> {
    use der::Decode;
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, Expected::Key, Found::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin)?;
    let Some(bytes) = info.subject_public_key.as_bytes() else {
        return Err(Error::unexpected(
            origin,
            Expected::Key,
            Found::MalformedDer,
        ));
    };
    public_from_pkcs1(bytes, origin)
}

fn public_from_pkcs1(der: &[u8], origin: &Origin) -> Result<Key> {
    use der::Decode;
    match PublicKey::from_pkcs1_der(der) {
        Ok(k) => Ok(Key::Public(k)),
        Err(_) => {
            let found = match pkcs1::RsaPublicKeyRef::from_der(der) {
                Ok(raw) => size_or(uint_bits(raw.modulus.as_bytes()), Found::MalformedDer),
                Err(_) => Found::MalformedDer,
            };
            Err(Error::unexpected(origin, Expected::Key, found))
        }
    }
}

fn size_or(bits: usize, otherwise: Found) -> Found {
    if bits < MIN_LOAD_BITS {
        Found::SmallKey { bits }
    } else {
        otherwise
    }
}

/// Bit length of a big-endian unsigned integer.
fn uint_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => bytes.get(i..).unwrap_or(&[]),
        None => return 0,
    };
    let lead = trimmed.first().map_or(0, |b| b.leading_zeros() as usize);
    trimmed.len() * 8 - lead
}

fn decrypt_pkcs8(
    der: &[u8],
    origin: &Origin,
    passphrase: Option<&Secret>,
) -> Result<Zeroizing<Vec<u8>>> {
    use der::Decode;
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| {
        // The outer SEQUENCE parses but the scheme does not: PBES1, Camellia, …
        let found = match der::asn1::AnyRef::from_der(der) {
            Ok(_) => Found::UnsupportedEncryption,
            Err(_) => Found::MalformedDer,
        };
        Error::unexpected(origin, Expected::Key, found)
    })?;
    let Some(passphrase) = passphrase else {
        return Err(Error::unexpected(
            origin,
            Expected::Key,
            Found::EncryptedKey,
        ));
    };
    if kdf_too_costly(&info.encryption_algorithm) {
        return Err(Error::unexpected(
            origin,
            Expected::Key,
            Found::ExcessiveKdfCost,
        ));
    }
    let doc = info
        .decrypt(passphrase.expose())
        .map_err(|_| Error::WrongPassphrase {
            origin: origin.clone(),
        })?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

/// PBKDF2 iteration counts above this are refused (openssl writes 2048, keysmith
/// 600 000): the count comes from the file, and a hostile file could otherwise make
/// keysmith spin for hours.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// scrypt cost limits: N ≤ 2^20, r ≤ 32, p ≤ 16.
fn kdf_too_costly(scheme: &pkcs8::pkcs5::EncryptionScheme) -> bool {
    use pkcs8::pkcs5::{EncryptionScheme, pbes2::Kdf};
    match scheme {
        EncryptionScheme::Pbes2(params) => match &params.kdf {
            Kdf::Pbkdf2(p) => p.iteration_count > MAX_PBKDF2_ITERATIONS,
            Kdf::Scrypt(s) => {
                s.cost_parameter > (1 << 20) || s.block_size > 32 || s.parallelization > 16
            }
            _ => false,
        },
        _ => false,
    }
}

/// Modulus size in bits.
pub fn modulus_bits(key: &PublicKey) -> usize {
    uint_bits(&key.n_bytes())
}

/// The public exponent, when it fits in 64 bits.
pub fn public_exponent(key: &PublicKey) -> Option<u64> {
    let bytes = key.e_bytes();
    if uint_bits(&bytes) > 64 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// The modulus as uppercase hex, as `openssl rsa -noout -modulus` prints it.
pub fn modulus_hex(key: &PublicKey) -> String {
    let bytes = key.n_bytes();
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(0);
    hex_upper(bytes.get(start..).unwrap_or(&[]))
}

/// SPKI DER of a public key.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails (it does not for keys `rsa` accepted).
pub fn spki_der(key: &PublicKey) -> Result<Vec<u8>> {
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|_| Error::Crypto {
            operation: "encoding the public key",
        })
}

/// SHA-256 of the SPKI DER: the key's fingerprint.
///
/// # Errors
/// As [`spki_der`].
pub fn spki_sha256(key: &PublicKey) -> Result<[u8; 32]> {
    Ok(Sha256::digest(spki_der(key)?).into())
}

/// Output form of a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicFormat {
    /// `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo), what `openssl rsa -pubout` writes.
    Spki,
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    Pkcs1,
}

/// Encodes a public key as PEM (LF line endings, as openssl writes it) or DER.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails.
///
/// # Example
/// ```
/// use keysmith::input::{Encoding, Input};
/// use keysmith::key::{self, PublicFormat};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let private = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let loaded = key::load(&private, None)?;
/// let pem = key::encode_public(loaded.key.public_key(), PublicFormat::Spki, Encoding::Pem)?;
/// assert_eq!(pem, std::fs::read(format!("{dir}/testdata/rsa2048-spki.pem"))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_public(key: &PublicKey, format: PublicFormat, encoding: Encoding) -> Result<Vec<u8>> {
    let fail = |_| Error::Crypto {
        operation: "encoding the public key",
    };
    match (format, encoding) {
        (PublicFormat::Spki, Encoding::Pem) => key
            .to_public_key_pem(LineEnding::LF)
            .map(String::into_bytes)
            .map_err(|_| fail(())),
        (PublicFormat::Spki, Encoding::Der) => spki_der(key),
        (PublicFormat::Pkcs1, Encoding::Pem) => key
            .to_pkcs1_pem(LineEnding::LF)
            .map(String::into_bytes)
            .map_err(|_| fail(())),
        (PublicFormat::Pkcs1, Encoding::Der) => key
            .to_pkcs1_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|_| fail(())),
    }
}

/// Output form of a private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateFormat {
    /// `BEGIN PRIVATE KEY` (PKCS#8), what `openssl genpkey` writes.
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (PKCS#1).
    Pkcs1,
}

/// Encodes a private key as PEM or DER, encrypted when `passphrase` is given.
///
/// Encryption is PKCS#8 PBES2 with PBKDF2-HMAC-SHA256 (600 000 iterations, random
/// 16-byte salt) and AES-256-CBC, which `openssl pkey -passin` reads.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::Conflict`] for encrypted PKCS#1 (only PKCS#8
/// can be encrypted), [`Error::Crypto`] if encoding fails.
///
/// # Security
/// The returned bytes are private key material, wiped when dropped.
pub fn encode_private(
    key: &PrivateKey,
    format: PrivateFormat,
    encoding: Encoding,
    passphrase: Option<&Secret>,
) -> Result<Zeroizing<Vec<u8>>> {
    let fail = || Error::Crypto {
        operation: "encoding the private key",
    };
    let bytes = match (format, encoding, passphrase) {
        (PrivateFormat::Pkcs1, _, Some(_)) => {
            return Err(Error::Invalid {
                origin: Origin::Argument("--encrypt"),
                reason: Invalid::Conflict,
            });
        }
        (PrivateFormat::Pkcs8, Encoding::Pem, None) => {
            let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Der, None) => {
            key.to_pkcs8_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Pem, Some(p)) => {
            let pem = encrypt_pkcs8(key, p)?
                .to_pem(
                    <pkcs8::EncryptedPrivateKeyInfoRef<'_> as der::pem::PemLabel>::PEM_LABEL,
                    LineEnding::LF,
                )
                .map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Der, Some(p)) => {
            encrypt_pkcs8(key, p)?.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Pem, None) => {
            let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Der, None) => {
            key.to_pkcs1_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
    };
    Ok(Zeroizing::new(bytes))
}

/// PBKDF2 iterations for keys keysmith encrypts (OWASP's figure for PBKDF2-HMAC-SHA256).
const PBKDF2_ITERATIONS: u32 = 600_000;

/// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme
/// `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes. (The `pkcs8` crate's default is
/// scrypt, which older readers of encrypted keys do not support.)
fn encrypt_pkcs8(key: &PrivateKey, passphrase: &Secret) -> Result<der::SecretDocument> {
    let fail = || Error::Crypto {
        operation: "encrypting the private key",
    };
    let plain = key.to_pkcs8_der().map_err(|_| fail())?;
    let info = pkcs8::PrivateKeyInfoRef::try_from(plain.as_bytes()).map_err(|_| fail())?;
    let salt: [u8; 16] = rand::random();
    let iv: [u8; 16] = rand::random();
    let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
        PBKDF2_ITERATIONS,
        &salt,
        iv,
    )
    .map_err(|_| fail())?;
    info.encrypt_with_params(params, passphrase.expose())
        .map_err(|_| fail())
}

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
    use der::Decode;
    let origin = input.origin();
    let malformed = || Error::unexpected(origin, Expected::Key, Found::InconsistentKey);
    let sniffed = input::sniff(input)?;
    let Content::Blocks(blocks) = &sniffed.content else {
        return Err(malformed());
    };
    for block in blocks {
        let der: &[u8] = &block.der;
        let (pkcs1, format, encrypted): (Zeroizing<Vec<u8>>, Format, bool) = match block
            .label
            .as_deref()
        {
            Some("RSA PRIVATE KEY") | None => (Zeroizing::new(der.to_vec()), Format::Pkcs1, false),
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

/// What `keygen` writes.
#[derive(Clone, Debug)]
pub struct KeygenOptions {
    /// Key size.
    pub bits: Bits,
    /// Private key path.
    pub private_path: std::path::PathBuf,
    /// Public key path (always SPKI).
    pub public_path: std::path::PathBuf,
    /// Private key format.
    pub format: PrivateFormat,
    /// PEM or DER for both files.
    pub encoding: Encoding,
    /// Encrypt the private key with this passphrase (PKCS#8 only).
    pub passphrase: Option<Secret>,
    /// Replace existing files.
    pub force: bool,
}

/// What `keygen` reports.
#[derive(Clone, Debug, Serialize)]
pub struct KeygenReport {
    /// Where the private key was written (mode 0600).
    pub private_key: std::path::PathBuf,
    /// Where the public key was written.
    pub public_key: std::path::PathBuf,
    /// Modulus size.
    pub bits: usize,
    /// Private key format.
    pub format: Format,
    /// `pem` or `der`.
    pub encoding: Encoding,
    /// Whether the private key is encrypted.
    pub encrypted: bool,
    /// Uppercase hex SHA-256 of the public key's SPKI DER.
    pub spki_sha256: String,
}

/// Generates a key pair and writes both files: the private key atomically with
/// mode 0600, the public key as SPKI.
///
/// Existing files are checked before the (slow) generation, so a refusal costs
/// nothing.
///
/// # Errors
/// [`Error::Exists`] when a file exists and `force` is false, [`Error::Write`],
/// [`Error::Invalid`] for encrypted PKCS#1, [`Error::Crypto`].
pub fn keygen(options: &KeygenOptions) -> Result<KeygenReport> {
    if options.passphrase.is_some() && options.format == PrivateFormat::Pkcs1 {
        return Err(Error::Invalid {
            origin: Origin::Argument("--encrypt"),
            reason: Invalid::Conflict,
        });
    }
    if !options.force {
        for path in [&options.private_path, &options.public_path] {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::Exists { path: path.clone() });
            }
        }
    }
    let key = generate(options.bits)?;
    let private = encode_private(
        &key,
        options.format,
        options.encoding,
        options.passphrase.as_ref(),
    )?;
    let public = encode_public(key.as_public_key(), PublicFormat::Spki, options.encoding)?;
    let private_existed = std::fs::symlink_metadata(&options.private_path).is_ok();
    crate::file::write(
        &options.private_path,
        &private,
        crate::file::Mode::Private,
        options.force,
    )?;
    if let Err(e) = crate::file::write(
        &options.public_path,
        &public,
        crate::file::Mode::Public,
        options.force,
    ) {
        // Leave no half pair behind: a private key without its public key file
        // would be mistaken for a finished job.
        if !private_existed {
            let _ = std::fs::remove_file(&options.private_path);
        }
        return Err(e);
    }
    Ok(KeygenReport {
        private_key: options.private_path.clone(),
        public_key: options.public_path.clone(),
        bits: modulus_bits(key.as_public_key()),
        format: match options.format {
            PrivateFormat::Pkcs8 => Format::Pkcs8,
            PrivateFormat::Pkcs1 => Format::Pkcs1,
        },
        encoding: options.encoding,
        encrypted: options.passphrase.is_some(),
        spki_sha256: hex_upper(&spki_sha256(key.as_public_key())?),
    })
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Input {
        Input::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn load_reads_every_form_of_the_same_key() {
        let reference = load(&fixture("rsa2048-spki.pem"), None).unwrap();
        let n = modulus_hex(reference.key.public_key());
        let pass = Secret::new("correct horse");
        for (name, format, encoding) in [
            ("rsa2048-pkcs8.pem", Format::Pkcs8, Encoding::Pem),
            ("rsa2048-pkcs8.der", Format::Pkcs8, Encoding::Der),
            ("rsa2048-pkcs1.pem", Format::Pkcs1, Encoding::Pem),
            ("rsa2048-pkcs1.der", Format::Pkcs1, Encoding::Der),
            ("rsa2048-spki.der", Format::Spki, Encoding::Der),
            ("rsa2048-pkcs1-pub.pem", Format::Pkcs1, Encoding::Pem),
            ("rsa2048-pkcs1-pub.der", Format::Pkcs1, Encoding::Der),
            ("rsa2048-pkcs8-enc-aes256.pem", Format::Pkcs8, Encoding::Pem),
            ("rsa2048-pkcs8-enc-aes256.der", Format::Pkcs8, Encoding::Der),
            (
                "rsa2048-pkcs8-enc-aes128-sha1.pem",
                Format::Pkcs8,
                Encoding::Pem,
            ),
            ("rsa2048-pkcs8-enc-des3.pem", Format::Pkcs8, Encoding::Pem),
        ] {
            let loaded = load(&fixture(name), Some(&pass)).unwrap();
            assert_eq!(loaded.format, format, "{name}");
            assert_eq!(loaded.encoding, encoding, "{name}");
            assert_eq!(modulus_hex(loaded.key.public_key()), n, "{name}");
        }
    }

    #[test]
    fn load_refuses_with_what_was_found() {
        let cases = [
            ("ec-p256.pem", Found::EcKey),
            ("ed25519.pem", Found::EdwardsKey),
            ("rsa512-pkcs8.pem", Found::SmallKey { bits: 512 }),
            ("rsa2048-pkcs1-enc.pem", Found::LegacyEncryptedPem),
            ("rsa2048-pkcs8-enc-aes256.pem", Found::EncryptedKey),
            ("empty.txt", Found::Empty),
            ("bad-truncated.pem", Found::TruncatedPem),
            ("bad-corrupt-base64.pem", Found::BadPemBody),
        ];
        let pass = Secret::new("correct horse");
        match load(&fixture("rsa2048-pkcs8-enc-20m-iter.pem"), Some(&pass)) {
            Err(Error::Unexpected { found, .. }) => assert_eq!(found, Found::ExcessiveKdfCost),
            other => panic!("20m iterations: {other:?}"),
        }
        for (name, found) in cases {
            match load(&fixture(name), None) {
                Err(Error::Unexpected { found: f, .. }) => assert_eq!(f, found, "{name}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn load_reports_wrong_passphrase() {
        let err = load(
            &fixture("rsa2048-pkcs8-enc-aes256.pem"),
            Some(&Secret::new("wrong")),
        )
        .unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase { .. }));
    }

    #[test]
    fn bits_refuses_small_and_odd_sizes() {
        assert!(Bits::try_from(1024).is_err());
        assert!(Bits::try_from(2047).is_err());
        assert_eq!(Bits::try_from(4096).unwrap().get(), 4096);
    }

    #[test]
    fn encode_private_encrypts_with_pbkdf2_sha256_aes256cbc() {
        use der::Decode;
        use pkcs8::pkcs5::pbes2::{EncryptionScheme, Pbkdf2Prf};
        let (key, _) = load_private(&fixture("rsa2048-pkcs8.pem"), None).unwrap();
        let pass = Secret::new("correct horse");
        let der = encode_private(&key, PrivateFormat::Pkcs8, Encoding::Der, Some(&pass)).unwrap();
        let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
        let pbes2 = info.encryption_algorithm.pbes2().unwrap();
        let pbkdf2 = pbes2.kdf.pbkdf2().unwrap();
        assert_eq!(pbkdf2.prf, Pbkdf2Prf::HmacWithSha256);
        assert_eq!(pbkdf2.iteration_count, PBKDF2_ITERATIONS);
        assert_eq!(pbkdf2.salt.as_ref().len(), 16);
        assert!(matches!(
            pbes2.encryption,
            EncryptionScheme::Aes256Cbc { .. }
        ));
        let pem = encode_private(&key, PrivateFormat::Pkcs8, Encoding::Pem, Some(&pass)).unwrap();
        assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    }

    #[test]
    fn uint_bits_counts_leading_zeros() {
        assert_eq!(uint_bits(&[0, 0x01, 0xff]), 9);
        assert_eq!(uint_bits(&[]), 0);
        assert_eq!(uint_bits(&[0x80, 0]), 16);
    }
}
