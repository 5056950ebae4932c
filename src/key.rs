//! RSA keys: generation, loading from every common form, encoding, fingerprints.
//!
//! [`load`] reads what [`crate::input::sniff`] found — PKCS#8 (plain, encrypted
//! with PBES2, or with the legacy PBES1 and PKCS#12 PBE schemes), PKCS#1 (`RSA
//! PRIVATE KEY`, also with the legacy `Proc-Type: 4,ENCRYPTED` PEM encryption, and
//! `RSA PUBLIC KEY`) and SPKI, as PEM or DER — and refuses, with a message naming
//! the file, everything else: EC and Ed25519 keys, certificates, keys under 1024
//! bits, inconsistent keys. The legacy encryptions are read, never written
//! (`key/legacy.rs`).
//! All parsing goes through the `pkcs8`/`pkcs1`/`spki` crates and `rsa`'s own
//! constructors, which validate every private key (p·q = n, e·d ≡ 1).
//!
//! [`generate`] refuses sizes other than 2048, 3072 and 4096 bits.

use pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::traits::PublicKeyParts;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::codec::hex_upper;
use crate::error::{Error, Expected, Found, Invalid, Origin, Result};
use crate::input::{self, Block, Encoding, Input, Repair};
use crate::secret::Secret;

mod algorithm;
mod encode;
mod generate;
mod keygen;
mod legacy;
mod sieve;
mod summary;

pub use algorithm::KeyAlgorithm;
pub use encode::{
    Fingerprint, PrivateFormat, Protection, PublicFormat, encode_private, encode_public, spki_der,
    spki_sha256,
};
pub use keygen::{KeygenOptions, KeygenReport, keygen};
pub use legacy::{Encryption, MAX_PBE_ITERATIONS};
pub use summary::{KeySummary, inspect};

pub use rsa::{PrivateKey, PublicKey};

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

impl Bits {
    /// The key size `bits`, which came from `origin` (named in the error).
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::KeyBits`] for any size but 2048, 3072, 4096.
    ///
    /// # Example
    /// ```
    /// use keysmith::{Origin, key::Bits};
    /// assert_eq!(Bits::new(3072, &Origin::Argument("bits"))?, Bits::B3072);
    /// assert!(Bits::new(1024, &Origin::Argument("bits")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(bits: usize, origin: &Origin) -> Result<Bits> {
        match bits {
            2048 => Ok(Bits::B2048),
            3072 => Ok(Bits::B3072),
            4096 => Ok(Bits::B4096),
            _ => Err(Error::Invalid {
                origin: origin.clone(),
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

/// A key as it was read, with the form it was in. `K` is [`Key`] from [`load`],
/// [`PrivateKey`] from [`load_private`]: the key is held once, never cloned.
#[derive(Clone, Debug)]
pub struct LoadedKey<K = Key> {
    /// The key.
    pub key: K,
    /// PKCS#8, PKCS#1 or SPKI.
    pub format: Format,
    /// PEM or DER.
    pub encoding: Encoding,
    /// Whether it was encrypted.
    pub encrypted: bool,
    /// How it was encrypted (`None` when it was not).
    pub encryption: Option<Encryption>,
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
pub fn load(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedKey> {
    load_as(input, passphrase, Expected::Key)
}

/// [`load`] for a caller that needs `expected` (a private key, a key or a
/// certificate, …): every input error names it.
pub(crate) fn load_as(
    input: &Input,
    passphrase: Option<&Secret>,
    expected: Expected,
) -> Result<LoadedKey> {
    let origin = input.origin();
    let (blocks, encoding, repairs) = match input::sniff(input, expected)? {
        input::Sniffed::Blocks {
            blocks,
            encoding,
            repairs,
        } => (blocks, encoding, repairs),
        input::Sniffed::Jwt => return Err(Error::unexpected(origin, expected, Found::Jwt)),
    };
    let mut found: Option<(Key, Format, Option<Encryption>)> = None;
    let mut first_error = None;
    for block in &blocks {
        match load_block(block, origin, expected, passphrase) {
            Ok(k) if found.is_none() => found = Some(k),
            Ok(_) => {
                return Err(Error::unexpected(origin, expected, Found::SeveralKeys));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (found, first_error) {
        (Some((key, _, _)), _) if key.bits() < MIN_LOAD_BITS => Err(Error::unexpected(
            origin,
            expected,
            Found::SmallKey { bits: key.bits() },
        )),
        (Some((key, format, encryption)), _) => Ok(LoadedKey {
            key,
            format,
            encoding,
            encrypted: encryption.is_some(),
            encryption,
            repairs,
        }),
        (None, Some(e)) => Err(e),
        (None, None) => Err(Error::unexpected(origin, expected, Found::Empty)),
    }
}

/// Loads a private key; a public key is refused.
///
/// # Errors
/// As [`load`], and [`Error::Unexpected`] with [`Found::PublicKey`] for a public key.
pub fn load_private(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedKey<PrivateKey>> {
    let LoadedKey {
        key,
        format,
        encoding,
        encrypted,
        encryption,
        repairs,
    } = load_as(input, passphrase, Expected::PrivateKey)?;
    match key {
        Key::Private(key) => Ok(LoadedKey {
            key: *key,
            format,
            encoding,
            encrypted,
            encryption,
            repairs,
        }),
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
pub fn load_public_only(input: &Input) -> Result<LoadedKey> {
    let refuse = || Error::Invalid {
        origin: input.origin().clone(),
        reason: Invalid::PrivateKeyRefused,
    };
    match load_as(input, None, Expected::PublicKey) {
        Ok(loaded) if loaded.key.kind() == Kind::Private => Err(refuse()),
        Ok(loaded) => Ok(loaded),
        Err(Error::Unexpected {
            found: Found::EncryptedKey,
            ..
        }) => Err(refuse()),
        Err(e) => Err(e),
    }
}

fn load_block(
    block: &Block,
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<(Key, Format, Option<Encryption>)> {
    let unexpected = |found| Error::unexpected(origin, expected, found);
    let der: &[u8] = &block.der;
    if let Some(dek_info) = &block.dek_info {
        return match block.label.as_deref() {
            Some("RSA PRIVATE KEY") => {
                let (plain, scheme) =
                    legacy::decrypt_pem(dek_info, der, origin, expected, passphrase)?;
                private_from_pkcs1(&plain, origin, expected)
                    .map(|k| (k, Format::Pkcs1, Some(scheme)))
            }
            Some("EC PRIVATE KEY") => Err(unexpected(Found::EcKey)),
            Some(other) => Err(unexpected(Found::PemLabel(other.to_owned()))),
            None => Err(unexpected(Found::MalformedDer)),
        };
    }
    let label = match block.label.as_deref() {
        Some(label) => label,
        None => der_label(der).ok_or_else(|| unexpected(Found::MalformedDer))?,
    };
    match label {
        "PRIVATE KEY" => {
            private_from_pkcs8(der, origin, expected).map(|k| (k, Format::Pkcs8, None))
        }
        "ENCRYPTED PRIVATE KEY" => {
            let (plain, scheme) = decrypt_pkcs8(der, origin, expected, passphrase)?;
            private_from_pkcs8(&plain, origin, expected).map(|k| (k, Format::Pkcs8, Some(scheme)))
        }
        "RSA PRIVATE KEY" => {
            private_from_pkcs1(der, origin, expected).map(|k| (k, Format::Pkcs1, None))
        }
        "PUBLIC KEY" => {
            public_from_spki(der, origin, expected).map(|k| (Key::Public(k), Format::Spki, None))
        }
        "RSA PUBLIC KEY" => {
            public_from_pkcs1(der, origin, expected).map(|k| (Key::Public(k), Format::Pkcs1, None))
        }
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
            Err(unexpected(Found::Certificate))
        }
        "EC PRIVATE KEY" | "EC PUBLIC KEY" | "EC PARAMETERS" => Err(unexpected(Found::EcKey)),
        other => Err(unexpected(Found::PemLabel(other.to_owned()))),
    }
}

/// The PEM label of the key structure that bare DER holds: each structure is
/// tried in turn and the first that parses decides (private ones first).
pub(crate) fn der_label(der: &[u8]) -> Option<&'static str> {
    use der::Decode;
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        Some("PRIVATE KEY")
    } else if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() || legacy::is_pbe(der) {
        Some("ENCRYPTED PRIVATE KEY")
    } else if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        Some("PUBLIC KEY")
    } else if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        Some("RSA PRIVATE KEY")
    } else if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        Some("RSA PUBLIC KEY")
    } else if x509_parser::parse_x509_certificate(der).is_ok() {
        Some("CERTIFICATE")
    } else {
        None
    }
}

/// Key or certificate material an input holds, as [`material`] tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Material {
    /// A private key of any algorithm, encrypted or not.
    PrivateKey,
    /// A public key of any algorithm.
    PublicKey,
    /// An X.509 certificate.
    Certificate,
}

/// Whether the input holds a key or a certificate, seen through the one input
/// sniffer: PEM blocks by label (any algorithm), bare DER (also Base64 of PEM or
/// DER) by the structure that parses. A private key anywhere in the input wins;
/// a PKCS#12 file (DER or Base64) counts as a private key.
/// `None` for anything else: text, a JWT, bytes that are no such structure.
///
/// This never decrypts or validates a key; it only says what the bytes are, so
/// that callers can refuse to print a private key to a terminal or to take a key
/// as an HMAC secret.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::key::{self, Material};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.der"))?;
/// assert_eq!(key::material(&input), Some(Material::PrivateKey));
/// let input = Input::read(format!("{dir}/testdata/msg-hello.txt"))?;
/// assert_eq!(key::material(&input), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn material(input: &Input) -> Option<Material> {
    let Ok(input::Sniffed::Blocks { blocks, .. }) = input::sniff(input, Expected::Anything) else {
        return None;
    };
    let mut found = None;
    for block in &blocks {
        // A PKCS#12 file is there to carry a private key: treated as one,
        // without decrypting it to see whether it does.
        if crate::cert::is_pkcs12_block(block) {
            return Some(Material::PrivateKey);
        }
        let label = match block.label.as_deref() {
            Some(label) => label,
            None => match der_label(&block.der) {
                Some(label) => label,
                None => continue,
            },
        };
        let kind = if label.ends_with("PRIVATE KEY") {
            return Some(Material::PrivateKey);
        } else if label.ends_with("PUBLIC KEY") {
            Material::PublicKey
        } else if label.ends_with("CERTIFICATE") {
            Material::Certificate
        } else {
            continue;
        };
        found.get_or_insert(kind);
    }
    found
}

fn check_algorithm(oid: &str, origin: &Origin, expected: Expected) -> Result<()> {
    let found = match KeyAlgorithm::from_oid(oid) {
        KeyAlgorithm::Rsa => return Ok(()),
        KeyAlgorithm::Ec => Found::EcKey,
        a if a.is_edwards() => Found::EdwardsKey,
        _ => Found::OtherAlgorithm(oid.to_owned()),
    };
    Err(Error::unexpected(origin, expected, found))
}

fn private_from_pkcs8(der: &[u8], origin: &Origin, expected: Expected) -> Result<Key> {
    use der::Decode;
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, expected, Found::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin, expected)?;
    private_from_pkcs1(info.private_key.as_bytes(), origin, expected)
}

fn private_from_pkcs1(der: &[u8], origin: &Origin, expected: Expected) -> Result<Key> {
    use der::Decode;
    match PrivateKey::from_pkcs1_der(der) {
        Ok(k) => Ok(Key::Private(Box::new(k))),
        Err(_) => {
            let found = match pkcs1::RsaPrivateKeyRef::from_der(der) {
                Ok(raw) => size_or(uint_bits(raw.modulus.as_bytes()), Found::InconsistentKey),
                Err(_) => Found::MalformedDer,
            };
            Err(Error::unexpected(origin, expected, found))
        }
    }
}

fn public_from_spki(der: &[u8], origin: &Origin, expected: Expected) -> Result<PublicKey> {
    use der::Decode;
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, expected, Found::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin, expected)?;
    let Some(bytes) = info.subject_public_key.as_bytes() else {
        return Err(Error::unexpected(origin, expected, Found::MalformedDer));
    };
    public_from_pkcs1(bytes, origin, expected)
}

/// The RSA public key of a DER SubjectPublicKeyInfo, such as a certificate's,
/// with the checks [`load`] makes (RSA, at least [`MIN_LOAD_BITS`]) and its
/// errors, naming `expected`; nothing is sniffed.
pub(crate) fn public_key_from_spki(
    der: &[u8],
    origin: &Origin,
    expected: Expected,
) -> Result<PublicKey> {
    let key = public_from_spki(der, origin, expected)?;
    let bits = modulus_bits(&key);
    if bits < MIN_LOAD_BITS {
        return Err(Error::unexpected(
            origin,
            expected,
            Found::SmallKey { bits },
        ));
    }
    Ok(key)
}

fn public_from_pkcs1(der: &[u8], origin: &Origin, expected: Expected) -> Result<PublicKey> {
    use der::Decode;
    match PublicKey::from_pkcs1_der(der) {
        Ok(k) => Ok(k),
        Err(_) => {
            let found = match pkcs1::RsaPublicKeyRef::from_der(der) {
                Ok(raw) => size_or(uint_bits(raw.modulus.as_bytes()), Found::MalformedDer),
                Err(_) => Found::MalformedDer,
            };
            Err(Error::unexpected(origin, expected, found))
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
pub(crate) fn uint_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => bytes.get(i..).unwrap_or(&[]),
        None => return 0,
    };
    let lead = trimmed.first().map_or(0, |b| b.leading_zeros() as usize);
    trimmed.len() * 8 - lead
}

/// Decrypts an `EncryptedPrivateKeyInfo` (PBES2, or a legacy PBE scheme) to
/// the `PrivateKeyInfo` DER, with the scheme it used.
fn decrypt_pkcs8(
    der: &[u8],
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<(Zeroizing<Vec<u8>>, Encryption)> {
    use der::Decode;
    if legacy::is_pbe(der) {
        return legacy::decrypt_pbe(der, origin, expected, passphrase);
    }
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| {
        // The outer SEQUENCE parses but the scheme does not: Camellia, RC4, …
        let found = match der::asn1::AnyRef::from_der(der) {
            Ok(_) => Found::UnsupportedEncryption,
            Err(_) => Found::MalformedDer,
        };
        Error::unexpected(origin, expected, found)
    })?;
    let Some(passphrase) = passphrase else {
        return Err(Error::unexpected(origin, expected, Found::EncryptedKey));
    };
    check_kdf_cost(&info.encryption_algorithm, origin, expected)?;
    let wrong = || Error::WrongPassphrase {
        origin: origin.clone(),
    };
    let doc = info.decrypt(passphrase.expose()).map_err(|_| wrong())?;
    let plain = Zeroizing::new(doc.as_bytes().to_vec());
    // Padding that happens to check out under a wrong passphrase leaves bytes
    // that are not a PrivateKeyInfo: that is a wrong passphrase too.
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(wrong());
    }
    Ok((plain, Encryption::Pbes2))
}

/// PBKDF2 work above this many iterations is refused (openssl writes 2048,
/// keysmith 600 000): the count comes from the file, and a hostile file could
/// otherwise make keysmith spin for hours. Ten million HMAC-SHA-256 iterations
/// take about two seconds; the work counted is iterations × the PRF blocks the
/// derived key needs (AES-256 from HMAC-SHA-1 needs two) × the PRF's weight
/// (5 for HMAC-SHA-384/512, whose iterations cost about five times as much:
/// 2 000 000 of them are allowed).
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// scrypt costs above this are refused: 128·N·r·p bytes, the memory of all its
/// lanes at once, and in proportion its time (256 MiB take about a second).
/// openssl's default (N = 16384, r = 8, p = 1) costs 16 MiB.
pub const MAX_SCRYPT_BYTES: u64 = 256 * 1024 * 1024;

/// The key-derivation work one file may ask for, spent before anything is
/// derived: PBKDF2 and legacy PBE iterations against [`MAX_PBKDF2_ITERATIONS`],
/// scrypt memory against [`MAX_SCRYPT_BYTES`]. A PKCS#12 file spends one
/// budget on its MAC and all its encrypted parts.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KdfBudget {
    pbkdf2_work: u64,
    scrypt_bytes: u128,
}

impl KdfBudget {
    /// Spends the cost of a PKCS#5 encryption scheme; legacy PBES1 schemes
    /// are counted by [`KdfBudget::spend_pbe`] where their parameters are read.
    pub(crate) fn spend(
        &mut self,
        scheme: &pkcs8::pkcs5::EncryptionScheme,
    ) -> std::result::Result<(), Found> {
        use pkcs8::pkcs5::EncryptionScheme;
        use pkcs8::pkcs5::pbes2::{Kdf, Pbkdf2Prf};
        let EncryptionScheme::Pbes2(params) = scheme else {
            return Ok(());
        };
        match &params.kdf {
            Kdf::Pbkdf2(p) => {
                // (output bytes, cost of one iteration relative to HMAC-SHA-256):
                // SHA-384/512 hash 128-byte blocks of 64-bit words, and one of
                // their iterations costs about five of HMAC-SHA-256 (ten million
                // hmacWithSHA512 iterations took 10.6 s of CPU), so they get
                // about 2 000 000 iterations for the same time.
                let (prf_len, weight): (u64, u64) = match p.prf {
                    Pbkdf2Prf::HmacWithSha1 => (20, 1),
                    Pbkdf2Prf::HmacWithSha224 => (28, 1),
                    Pbkdf2Prf::HmacWithSha256 => (32, 1),
                    Pbkdf2Prf::HmacWithSha384 => (48, 5),
                    Pbkdf2Prf::HmacWithSha512 => (64, 5),
                    // A PRF added later: the shortest output and the heaviest weight.
                    _ => (20, 5),
                };
                let key_len = p
                    .key_length
                    .map_or(params.encryption.key_size() as u64, u64::from);
                let blocks = key_len.div_ceil(prf_len).max(1);
                self.spend_work(
                    u64::from(p.iteration_count)
                        .saturating_mul(blocks)
                        .saturating_mul(weight),
                )
            }
            Kdf::Scrypt(s) => {
                let bytes = 128u128
                    * u128::from(s.cost_parameter)
                    * u128::from(s.block_size)
                    * u128::from(s.parallelization);
                self.scrypt_bytes = self.scrypt_bytes.saturating_add(bytes);
                if self.scrypt_bytes > u128::from(MAX_SCRYPT_BYTES) {
                    return Err(Found::ScryptCost {
                        n: s.cost_parameter,
                        r: s.block_size,
                        p: s.parallelization,
                    });
                }
                Ok(())
            }
            // Key-derivation functions `pkcs5` adds later cannot decrypt here.
            _ => Ok(()),
        }
    }

    /// Spends a legacy PBE or PKCS#12 MAC derivation of `iterations` hash
    /// rounds: each is refused above [`MAX_PBE_ITERATIONS`], and all count
    /// against the PBKDF2 total.
    pub(crate) fn spend_pbe(&mut self, iterations: u64) -> std::result::Result<(), Found> {
        if iterations > u64::from(MAX_PBE_ITERATIONS) {
            return Err(Found::ExcessivePbeIterations {
                max: MAX_PBE_ITERATIONS,
            });
        }
        self.spend_work(iterations)
    }

    fn spend_work(&mut self, work: u64) -> std::result::Result<(), Found> {
        self.pbkdf2_work = self.pbkdf2_work.saturating_add(work);
        if self.pbkdf2_work > u64::from(MAX_PBKDF2_ITERATIONS) {
            return Err(Found::ExcessiveKdfCost);
        }
        Ok(())
    }
}

/// Refuses, before deriving anything, key-derivation parameters read from a file
/// that would cost more than [`MAX_PBKDF2_ITERATIONS`] or [`MAX_SCRYPT_BYTES`].
fn check_kdf_cost(
    scheme: &pkcs8::pkcs5::EncryptionScheme,
    origin: &Origin,
    expected: Expected,
) -> Result<()> {
    KdfBudget::default()
        .spend(scheme)
        .map_err(|found| Error::unexpected(origin, expected, found))
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

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_fixture::input as fixture;

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
            ("rsa2048-pkcs1-enc.pem", Format::Pkcs1, Encoding::Pem),
            ("rsa2048-pkcs1-enc-des.pem", Format::Pkcs1, Encoding::Pem),
            (
                "rsa2048-pkcs8-pbes1-md5-des.pem",
                Format::Pkcs8,
                Encoding::Pem,
            ),
            (
                "rsa2048-pkcs8-pbes1-sha1-3des.der",
                Format::Pkcs8,
                Encoding::Der,
            ),
            (
                "rsa2048-pkcs8-pbes1-sha1-rc2-40.pem",
                Format::Pkcs8,
                Encoding::Pem,
            ),
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
            ("rsa2048-pkcs1-enc.pem", Found::EncryptedKey),
            ("rsa2048-pkcs8-pbes1-sha1-3des.pem", Found::EncryptedKey),
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
        for name in [
            "rsa2048-pkcs8-enc-aes256.pem",
            "rsa2048-pkcs1-enc-des3.pem",
            "rsa2048-pkcs8-pbes1-sha1-2des.pem",
            "rsa2048-pkcs8-pbes1-sha1-rc2-64.pem",
        ] {
            let err = load(&fixture(name), Some(&Secret::new("wrong"))).unwrap_err();
            assert!(
                matches!(err, Error::WrongPassphrase { .. }),
                "{name}: {err}"
            );
        }
    }

    /// Issue 10 §5: legacy encryptions are named, and only PBES2 is not legacy.
    #[test]
    fn issue_10_load_names_the_encryption() {
        let pass = Secret::new("correct horse");
        for (name, encryption) in [
            ("rsa2048-pkcs8.pem", None),
            ("rsa2048-pkcs8-enc-aes256.pem", Some(Encryption::Pbes2)),
            (
                "rsa2048-pkcs1-enc-aes192.pem",
                Some(Encryption::PemAes192Cbc),
            ),
            (
                "rsa2048-pkcs8-pbes1-sha1-rc2-128.pem",
                Some(Encryption::PbeSha1Rc2_128),
            ),
        ] {
            let loaded = load(&fixture(name), Some(&pass)).unwrap();
            assert_eq!(loaded.encryption, encryption, "{name}");
            assert_eq!(loaded.encrypted, encryption.is_some(), "{name}");
            assert_eq!(
                encryption.is_some_and(Encryption::is_legacy),
                encryption.is_some_and(|e| e != Encryption::Pbes2),
                "{name}"
            );
        }
    }

    #[test]
    fn bits_refuses_small_and_odd_sizes() {
        let origin = Origin::Argument("size");
        assert!(Bits::new(1024, &origin).is_err());
        assert!(Bits::new(2047, &origin).is_err());
        assert_eq!(Bits::new(4096, &origin).unwrap().get(), 4096);
    }

    /// Issue 10: the PBKDF2 cap counts the PRF blocks the key needs, and the
    /// scrypt cap is 128·N·r·p ≤ 256 MiB.
    #[test]
    fn issue_10_kdf_cost_is_capped_before_deriving() {
        use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, Pbkdf2Prf, Salt, ScryptParams};
        let origin = Origin::Path("k.pem".into());
        let pbkdf2 = |prf, iterations| {
            let mut p = Pbkdf2Params::hmac_sha256(iterations, &[1; 16]).unwrap();
            p.prf = prf;
            pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
                kdf: Kdf::Pbkdf2(p),
                encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
            })
        };
        let scrypt = |log_n: u8, r: u16, p: u16| {
            pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
                kdf: Kdf::Scrypt(ScryptParams {
                    salt: Salt::new([1; 16]).unwrap(),
                    cost_parameter: 1 << log_n,
                    block_size: r,
                    parallelization: p,
                    key_length: None,
                }),
                encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
            })
        };
        let cost = |scheme| match check_kdf_cost(&scheme, &origin, Expected::Key) {
            Ok(()) => None,
            Err(Error::Unexpected { found, .. }) => Some(found),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(cost(pbkdf2(Pbkdf2Prf::HmacWithSha256, 10_000_000)), None);
        assert_eq!(
            cost(pbkdf2(Pbkdf2Prf::HmacWithSha256, 10_000_001)),
            Some(Found::ExcessiveKdfCost)
        );
        // AES-256 from HMAC-SHA-1 (20-byte blocks) needs two blocks per iteration.
        assert_eq!(cost(pbkdf2(Pbkdf2Prf::HmacWithSha1, 5_000_000)), None);
        assert_eq!(
            cost(pbkdf2(Pbkdf2Prf::HmacWithSha1, 5_000_001)),
            Some(Found::ExcessiveKdfCost)
        );
        // SHA-384/512 iterations weigh five: 2 000 000 of them.
        for prf in [Pbkdf2Prf::HmacWithSha384, Pbkdf2Prf::HmacWithSha512] {
            assert_eq!(cost(pbkdf2(prf, 2_000_000)), None);
            assert_eq!(cost(pbkdf2(prf, 2_000_001)), Some(Found::ExcessiveKdfCost));
        }
        assert_eq!(cost(scrypt(14, 8, 1)), None);
        assert_eq!(cost(scrypt(18, 8, 1)), None);
        assert_eq!(
            cost(scrypt(18, 8, 2)),
            Some(Found::ScryptCost {
                n: 1 << 18,
                r: 8,
                p: 2
            })
        );
    }

    #[test]
    fn issue_10_kdf_budget_is_one_total() {
        use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params};
        let sha256 = |iterations| {
            pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
                kdf: Kdf::Pbkdf2(Pbkdf2Params::hmac_sha256(iterations, &[1; 16]).unwrap()),
                encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
            })
        };
        let mut budget = KdfBudget::default();
        assert_eq!(budget.spend_pbe(1_000_000), Ok(()));
        assert_eq!(budget.spend(&sha256(4_000_000)), Ok(()));
        assert_eq!(budget.spend(&sha256(5_000_000)), Ok(()));
        assert_eq!(budget.spend_pbe(1), Err(Found::ExcessiveKdfCost));
        let mut budget = KdfBudget::default();
        assert_eq!(
            budget.spend_pbe(1_000_001),
            Err(Found::ExcessivePbeIterations { max: 1_000_000 })
        );
    }

    #[test]
    fn encode_private_encrypts_with_pbkdf2_sha256_aes256cbc() {
        use der::Decode;
        use pkcs8::pkcs5::pbes2::{EncryptionScheme, Pbkdf2Prf};
        let key = load_private(&fixture("rsa2048-pkcs8.pem"), None)
            .unwrap()
            .key;
        let pass = Secret::new("correct horse");
        let der = encode_private(
            &key,
            &PrivateFormat::EncryptedPkcs8(pass.clone()),
            Encoding::Der,
        )
        .unwrap();
        let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
        let pbes2 = info.encryption_algorithm.pbes2().unwrap();
        let pbkdf2 = pbes2.kdf.pbkdf2().unwrap();
        assert_eq!(pbkdf2.prf, Pbkdf2Prf::HmacWithSha256);
        assert_eq!(pbkdf2.iteration_count, encode::PBKDF2_ITERATIONS);
        assert_eq!(pbkdf2.salt.as_ref().len(), 16);
        assert!(matches!(
            pbes2.encryption,
            EncryptionScheme::Aes256Cbc { .. }
        ));
        let pem = encode_private(
            &key,
            &PrivateFormat::EncryptedPkcs8(pass.clone()),
            Encoding::Pem,
        )
        .unwrap();
        assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    }

    #[test]
    fn uint_bits_counts_leading_zeros() {
        assert_eq!(uint_bits(&[0, 0x01, 0xff]), 9);
        assert_eq!(uint_bits(&[]), 0);
        assert_eq!(uint_bits(&[0x80, 0]), 16);
    }

    /// Issue 11: a private key is returned once, with the form it was read in.
    #[test]
    fn issue_11_load_private_returns_the_key_once_with_its_form() {
        let loaded: LoadedKey<PrivateKey> =
            load_private(&fixture("rsa2048-pkcs1.pem"), None).unwrap();
        assert_eq!((loaded.format, loaded.encrypted), (Format::Pkcs1, false));
        assert_eq!(modulus_bits(loaded.key.as_public_key()), 2048);
    }
}
