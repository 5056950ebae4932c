//! The legacy encryptions of private keys that OpenSSL 3 still reads, so that
//! keysmith reads them too: traditional `Proc-Type: 4,ENCRYPTED` PEM
//! (`DEK-Info` AES-128/192/256-CBC, DES-EDE3-CBC, DES-CBC) and PKCS#8 with
//! PBES1 (PKCS#5 v1.5) or the PKCS#12 PBE schemes (`openssl pkcs8 -topk8 -v1`).
//!
//! This module only decrypts; keysmith writes PBES2 alone. It is glue: the key
//! derivations are compositions of the `md-5`/`sha1` digests (OpenSSL's
//! `EVP_BytesToKey`, PBKDF1) or the `pkcs12` crate's KDF, the ciphers come
//! from `aes`, `des` and `rc2` in CBC mode from `cbc`, with its PKCS#7 unpadding.
//!
//! A passphrase that does not decrypt (bad padding, or plaintext that is not
//! the structure the container promises) is [`Error::WrongPassphrase`]; the
//! iteration counts read from a file are capped by [`MAX_PBE_ITERATIONS`].

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, InnerIvInit, KeyInit, KeyIvInit};
use der::{Decode, Reader};
use serde::Serialize;
use sha1::Digest;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Encrypted, Error, Expected, InputError, KeyError, Origin, Result};
use crate::secret::Secret;

/// PBES1 and PKCS#12 PBE iteration counts above this are refused: the count
/// comes from the file, and the PKCS#12 KDF derives the key and IV apart, so a
/// million iterations already take a few seconds (openssl writes 2048, Java's
/// keytool 10 000 or so).
pub(crate) const MAX_PBE_ITERATIONS: u32 = 1_000_000;

/// How an encrypted private key was encrypted.
///
/// Serialised (in the JSON report) as the lowercase names below; displayed as
/// OpenSSL names them (`PEM DES-EDE3-CBC`, `PBE-SHA1-3DES`).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encryption {
    /// PKCS#8 with PBES2 (PBKDF2 or scrypt): the scheme keysmith writes.
    #[serde(rename = "pbes2")]
    Pbes2,
    /// Traditional PEM, `DEK-Info: AES-128-CBC`.
    #[serde(rename = "pem-aes-128-cbc")]
    PemAes128Cbc,
    /// Traditional PEM, `DEK-Info: AES-192-CBC`.
    #[serde(rename = "pem-aes-192-cbc")]
    PemAes192Cbc,
    /// Traditional PEM, `DEK-Info: AES-256-CBC`.
    #[serde(rename = "pem-aes-256-cbc")]
    PemAes256Cbc,
    /// Traditional PEM, `DEK-Info: DES-EDE3-CBC` (`openssl genrsa -des3`).
    #[serde(rename = "pem-des-ede3-cbc")]
    PemDesEde3Cbc,
    /// Traditional PEM, `DEK-Info: DES-CBC`.
    #[serde(rename = "pem-des-cbc")]
    PemDesCbc,
    /// PKCS#8 PBES1 `pbeWithMD5AndDES-CBC`.
    #[serde(rename = "pbe-md5-des")]
    PbeMd5Des,
    /// PKCS#8 PBES1 `pbeWithMD5AndRC2-CBC` (64-bit RC2).
    #[serde(rename = "pbe-md5-rc2-64")]
    PbeMd5Rc2_64,
    /// PKCS#8 PBES1 `pbeWithSHA1AndDES-CBC`.
    #[serde(rename = "pbe-sha1-des")]
    PbeSha1Des,
    /// PKCS#8 PBES1 `pbeWithSHA1AndRC2-CBC` (64-bit RC2).
    #[serde(rename = "pbe-sha1-rc2-64")]
    PbeSha1Rc2_64,
    /// PKCS#8 with PKCS#12 `pbeWithSHAAnd3-KeyTripleDES-CBC`.
    #[serde(rename = "pbe-sha1-3des")]
    PbeSha1TripleDes,
    /// PKCS#8 with PKCS#12 `pbeWithSHAAnd2-KeyTripleDES-CBC`.
    #[serde(rename = "pbe-sha1-2des")]
    PbeSha1TwoKeyTripleDes,
    /// PKCS#8 with PKCS#12 `pbeWithSHAAnd128BitRC2-CBC`.
    #[serde(rename = "pbe-sha1-rc2-128")]
    PbeSha1Rc2_128,
    /// PKCS#8 with PKCS#12 `pbeWithSHAAnd40BitRC2-CBC`.
    #[serde(rename = "pbe-sha1-rc2-40")]
    PbeSha1Rc2_40,
}

impl Encryption {
    /// Whether this is a weak legacy scheme (everything but PBES2), which is
    /// worth re-encrypting.
    ///
    /// # Example
    /// ```
    /// use keysmith::key::Encryption;
    /// assert!(Encryption::PemDesEde3Cbc.is_legacy());
    /// assert!(!Encryption::Pbes2.is_legacy());
    /// ```
    pub fn is_legacy(self) -> bool {
        self != Encryption::Pbes2
    }
}

impl std::fmt::Display for Encryption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encryption::Pbes2 => "PBES2",
            Encryption::PemAes128Cbc => "PEM AES-128-CBC",
            Encryption::PemAes192Cbc => "PEM AES-192-CBC",
            Encryption::PemAes256Cbc => "PEM AES-256-CBC",
            Encryption::PemDesEde3Cbc => "PEM DES-EDE3-CBC",
            Encryption::PemDesCbc => "PEM DES-CBC",
            Encryption::PbeMd5Des => "PBE-MD5-DES",
            Encryption::PbeMd5Rc2_64 => "PBE-MD5-RC2-64",
            Encryption::PbeSha1Des => "PBE-SHA1-DES",
            Encryption::PbeSha1Rc2_64 => "PBE-SHA1-RC2-64",
            Encryption::PbeSha1TripleDes => "PBE-SHA1-3DES",
            Encryption::PbeSha1TwoKeyTripleDes => "PBE-SHA1-2DES",
            Encryption::PbeSha1Rc2_128 => "PBE-SHA1-RC2-128",
            Encryption::PbeSha1Rc2_40 => "PBE-SHA1-RC2-40",
        })
    }
}

/// The ciphers the legacy schemes use, with their key length in bytes.
#[derive(Clone, Copy)]
enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    TripleDes,
    TwoKeyTripleDes,
    Des,
    /// RC2 with this key length and effective key bits.
    Rc2 {
        key_len: usize,
        effective_bits: usize,
    },
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::TwoKeyTripleDes => 16,
            Cipher::Aes192 | Cipher::TripleDes => 24,
            Cipher::Aes256 => 32,
            Cipher::Des => 8,
            Cipher::Rc2 { key_len, .. } => key_len,
        }
    }

    fn iv_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::Aes192 | Cipher::Aes256 => 16,
            _ => 8,
        }
    }

    /// CBC decryption and PKCS#7 unpadding; `None` when the padding is wrong
    /// (or the lengths are, which the callers rule out).
    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let mut buffer = Zeroizing::new(data.to_vec());
        let len = match self {
            Cipher::Aes128 => cbc_decrypt::<aes::Aes128>(key, iv, &mut buffer)?,
            Cipher::Aes192 => cbc_decrypt::<aes::Aes192>(key, iv, &mut buffer)?,
            Cipher::Aes256 => cbc_decrypt::<aes::Aes256>(key, iv, &mut buffer)?,
            Cipher::TripleDes => cbc_decrypt::<des::TdesEde3>(key, iv, &mut buffer)?,
            Cipher::TwoKeyTripleDes => cbc_decrypt::<des::TdesEde2>(key, iv, &mut buffer)?,
            Cipher::Des => cbc_decrypt::<des::Des>(key, iv, &mut buffer)?,
            Cipher::Rc2 { effective_bits, .. } => {
                // The rc2 crate takes 1 to 128 key bytes; the lengths here are 5, 8 or 16.
                if key.is_empty() || key.len() > 128 {
                    return None;
                }
                let rc2 = rc2::Rc2::new_with_eff_key_len(key, effective_bits);
                let mode = cbc::Decryptor::inner_iv_slice_init(rc2, iv).ok()?;
                mode.decrypt_padded::<Pkcs7>(&mut buffer).ok()?.len()
            }
        };
        buffer.truncate(len);
        Some(buffer)
    }
}

/// Decrypts `buffer` in place; the length of the unpadded plaintext.
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], buffer: &mut [u8]) -> Option<usize>
where
    C: BlockCipherDecrypt + KeyInit,
{
    let mode = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    mode.decrypt_padded::<Pkcs7>(buffer).ok().map(<[u8]>::len)
}

/// Decrypts the body of a traditional `Proc-Type: 4,ENCRYPTED` PEM block whose
/// `DEK-Info` header is `dek_info` (`CIPHER,<hex IV>`), returning the PKCS#1
/// `RSAPrivateKey` DER and the scheme.
///
/// The key is OpenSSL's `EVP_BytesToKey` with MD5, one iteration and the first
/// 8 bytes of the IV as salt: `D_i = MD5(D_{i-1} ‖ passphrase ‖ salt)`, the
/// key being `D_1 ‖ D_2 ‖ …` cut to the cipher's key length.
pub(super) fn decrypt_pem(
    dek_info: &str,
    ciphertext: &[u8],
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<(Zeroizing<Vec<u8>>, Encryption)> {
    let (name, iv_hex) = dek_info
        .split_once(',')
        .ok_or_else(|| Error::unexpected(origin, expected, InputError::BadPemBody))?;
    let (cipher, scheme) = match name.trim().to_ascii_uppercase().as_str() {
        "AES-128-CBC" => (Cipher::Aes128, Encryption::PemAes128Cbc),
        "AES-192-CBC" => (Cipher::Aes192, Encryption::PemAes192Cbc),
        "AES-256-CBC" => (Cipher::Aes256, Encryption::PemAes256Cbc),
        "DES-EDE3-CBC" => (Cipher::TripleDes, Encryption::PemDesEde3Cbc),
        "DES-CBC" => (Cipher::Des, Encryption::PemDesCbc),
        _ => {
            return Err(Error::unexpected(
                origin,
                expected,
                KeyError::UnsupportedEncryption,
            ));
        }
    };
    let iv = crate::codec::hex_decode_exact(iv_hex.trim().as_bytes())
        .filter(|iv| iv.len() == cipher.iv_len())
        .ok_or_else(|| Error::unexpected(origin, expected, InputError::BadPemBody))?;
    let Some(passphrase) = passphrase else {
        return Err(Error::encrypted(origin, expected, Encrypted::PrivateKey));
    };
    let salt = iv.get(..8).unwrap_or_default();
    let mut key = Zeroizing::new(Vec::with_capacity(cipher.key_len() + 16));
    // EVP_BytesToKey: D_i = MD5(D_{i-1} ‖ P ‖ S), one block overwritten in
    // place and wiped after (`*previous = block.to_vec()` freed the old bytes
    // unwiped).
    let mut block = sha1::digest::Output::<md5::Md5>::default();
    let mut first = true;
    while key.len() < cipher.key_len() {
        let mut hasher = md5::Md5::new();
        if !first {
            hasher.update(block);
        }
        first = false;
        hasher.update(passphrase.expose());
        hasher.update(salt);
        hasher.finalize_into(&mut block);
        key.extend_from_slice(&block);
    }
    block.as_mut_slice().zeroize();
    key.truncate(cipher.key_len());
    let wrong = || Error::WrongPassphrase {
        origin: origin.clone(),
    };
    let plain = cipher.decrypt(&key, &iv, ciphertext).ok_or_else(wrong)?;
    if pkcs1::RsaPrivateKeyRef::from_der(&plain).is_err() {
        return Err(wrong());
    }
    Ok((plain, scheme))
}

/// The PBES1 and PKCS#12 PBE schemes, by OID: the scheme, its cipher, and how
/// its key is derived.
fn pbe_scheme(oid: &der::asn1::ObjectIdentifier) -> Option<(Encryption, Cipher, Kdf)> {
    use pkcs8::pkcs5::pbes1;
    let rc2 = |key_len, effective_bits| Cipher::Rc2 {
        key_len,
        effective_bits,
    };
    Some(match *oid {
        pbes1::PBE_WITH_MD5_AND_DES_CBC_OID => (Encryption::PbeMd5Des, Cipher::Des, Kdf::Md5),
        pbes1::PBE_WITH_MD5_AND_RC2_CBC_OID => (Encryption::PbeMd5Rc2_64, rc2(8, 64), Kdf::Md5),
        pbes1::PBE_WITH_SHA1_AND_DES_CBC_OID => (Encryption::PbeSha1Des, Cipher::Des, Kdf::Sha1),
        pbes1::PBE_WITH_SHA1_AND_RC2_CBC_OID => (Encryption::PbeSha1Rc2_64, rc2(8, 64), Kdf::Sha1),
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => {
            (Encryption::PbeSha1TripleDes, Cipher::TripleDes, Kdf::Pkcs12)
        }
        pkcs12::PKCS_12_PBE_WITH_SHAAND2_KEY_TRIPLE_DES_CBC => (
            Encryption::PbeSha1TwoKeyTripleDes,
            Cipher::TwoKeyTripleDes,
            Kdf::Pkcs12,
        ),
        pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => {
            (Encryption::PbeSha1Rc2_128, rc2(16, 128), Kdf::Pkcs12)
        }
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => {
            (Encryption::PbeSha1Rc2_40, rc2(5, 40), Kdf::Pkcs12)
        }
        _ => return None,
    })
}

/// How a PBE scheme derives its key and IV.
#[derive(Clone, Copy)]
enum Kdf {
    /// PKCS#5 v1.5 PBKDF1 with MD5.
    Md5,
    /// PKCS#5 v1.5 PBKDF1 with SHA-1.
    Sha1,
    /// The PKCS#12 KDF (RFC 7292 appendix B) with SHA-1.
    Pkcs12,
}

/// PBKDF1 (RFC 8018 §5.1): `T_1 = H(P ‖ S)`, `T_i = H(T_{i-1})`; key and IV
/// are the first 8 and the next 8 bytes of `T_c`.
fn pbkdf1<D: Digest>(passphrase: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<Vec<u8>> {
    // One block, hashed in place: no copy of a T_i is left behind unwiped.
    let mut t = sha1::digest::Output::<D>::default();
    D::new()
        .chain_update(passphrase)
        .chain_update(salt)
        .finalize_into(&mut t);
    for _ in 1..iterations {
        let mut hasher = D::new();
        hasher.update(&t);
        hasher.finalize_into(&mut t);
    }
    let out = Zeroizing::new(t.to_vec());
    t.as_mut_slice().zeroize();
    out
}

/// The passphrase as the PKCS#12 KDF takes it: UTF-16BE with two zero bytes
/// at the end, as OpenSSL converts it (from UTF-8, characters beyond the Basic
/// Multilingual Plane as surrogate pairs; byte by byte when it is not UTF-8).
fn bmp_passphrase(passphrase: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut bmp = Zeroizing::new(Vec::with_capacity(passphrase.len() * 2 + 2));
    match std::str::from_utf8(passphrase) {
        Ok(text) => bmp.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
        Err(_) => bmp.extend(passphrase.iter().flat_map(|&b| [0, b])),
    }
    bmp.extend_from_slice(&[0, 0]);
    bmp
}

/// Whether an `EncryptedPrivateKeyInfo` uses one of the legacy PBE schemes.
pub(super) fn is_pbe(der: &[u8]) -> bool {
    encrypted_info(der).is_some_and(|(oid, _, _)| pbe_scheme(&oid).is_some())
}

/// The algorithm OID, its parameters and the encrypted data of an
/// `EncryptedPrivateKeyInfo`, whatever its algorithm.
fn encrypted_info(
    der: &[u8],
) -> Option<(
    der::asn1::ObjectIdentifier,
    Option<der::asn1::AnyRef<'_>>,
    &[u8],
)> {
    let any = der::asn1::AnyRef::from_der(der).ok()?;
    any.sequence(|reader| {
        let algorithm: spki::AlgorithmIdentifierRef<'_> = reader.decode()?;
        let data: &der::asn1::OctetStringRef = reader.decode()?;
        Ok::<_, der::Error>((algorithm.oid, algorithm.parameters, data.as_bytes()))
    })
    .ok()
}

/// Decrypts a PKCS#8 `EncryptedPrivateKeyInfo` under PBES1 or a PKCS#12 PBE
/// scheme, returning the `PrivateKeyInfo` DER and the scheme.
///
/// Callers check [`is_pbe`] first; anything else is
/// [`KeyError::UnsupportedEncryption`].
pub(super) fn decrypt_pbe(
    der: &[u8],
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<(Zeroizing<Vec<u8>>, Encryption)> {
    let (oid, parameters, data) = encrypted_info(der)
        .ok_or_else(|| Error::unexpected(origin, expected, InputError::MalformedDer))?;
    let (scheme, cipher, kdf) = pbe_scheme(&oid)
        .ok_or_else(|| Error::unexpected(origin, expected, KeyError::UnsupportedEncryption))?;
    // PBES1's PBEParameter and PKCS#12's pkcs-12PbeParams are one shape:
    // SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    let parameters = parameters
        .and_then(|p| p.decode_as::<pkcs12::pbe_params::Pkcs12PbeParams>().ok())
        .ok_or_else(|| Error::unexpected(origin, expected, InputError::MalformedDer))?;
    let salt = parameters.salt.as_bytes();
    let iterations = u32::try_from(parameters.iterations)
        .map_err(|_| Error::unexpected(origin, expected, InputError::MalformedDer))?;
    if iterations == 0 {
        return Err(Error::unexpected(
            origin,
            expected,
            InputError::MalformedDer,
        ));
    }
    let Some(passphrase) = passphrase else {
        return Err(Error::encrypted(origin, expected, Encrypted::PrivateKey));
    };
    let too_costly = || {
        Error::unexpected(
            origin,
            expected,
            KeyError::ExcessivePbeIterations {
                max: MAX_PBE_ITERATIONS,
            },
        )
    };
    if iterations > MAX_PBE_ITERATIONS {
        return Err(too_costly());
    }
    let wrong = || Error::WrongPassphrase {
        origin: origin.clone(),
    };
    let (key, iv) = match kdf {
        Kdf::Md5 | Kdf::Sha1 => {
            let t = match kdf {
                Kdf::Md5 => pbkdf1::<md5::Md5>(passphrase.expose(), salt, iterations),
                _ => pbkdf1::<sha1::Sha1>(passphrase.expose(), salt, iterations),
            };
            let key = Zeroizing::new(t.get(..8).unwrap_or_default().to_vec());
            let iv = Zeroizing::new(t.get(8..16).unwrap_or_default().to_vec());
            (key, iv)
        }
        Kdf::Pkcs12 => {
            use pkcs12::kdf::{Pkcs12KeyType, derive_key};
            let bmp = bmp_passphrase(passphrase.expose());
            // Never fails: iterations ≤ MAX_PBE_ITERATIONS < i32::MAX.
            let rounds = i32::try_from(iterations).map_err(|_| too_costly())?;
            let key = Zeroizing::new(derive_key::<sha1::Sha1>(
                &bmp,
                salt,
                Pkcs12KeyType::EncryptionKey,
                rounds,
                cipher.key_len(),
            ));
            let iv = Zeroizing::new(derive_key::<sha1::Sha1>(
                &bmp,
                salt,
                Pkcs12KeyType::Iv,
                rounds,
                cipher.iv_len(),
            ));
            (key, iv)
        }
    };
    let plain = cipher.decrypt(&key, &iv, data).ok_or_else(wrong)?;
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(wrong());
    }
    Ok((plain, scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_passphrase_is_utf16be_with_a_terminator() {
        assert_eq!(&bmp_passphrase(b"ab")[..], &[0, b'a', 0, b'b', 0, 0]);
        assert_eq!(&bmp_passphrase("é".as_bytes())[..], &[0, 0xe9, 0, 0]);
        assert_eq!(&bmp_passphrase(&[0xff])[..], &[0, 0xff, 0, 0]);
        // Beyond the BMP: a surrogate pair, as OpenSSL writes it (U+1F600).
        assert_eq!(
            &bmp_passphrase("😀p".as_bytes())[..],
            &[0xd8, 0x3d, 0xde, 0x00, 0, b'p', 0, 0]
        );
    }

    /// RFC 8018's PBKDF1 with one iteration is one hash of passphrase ‖ salt.
    #[test]
    fn pbkdf1_iterates_the_digest() {
        let one = pbkdf1::<sha1::Sha1>(b"p", b"saltsalt", 1);
        assert_eq!(&one[..], &sha1::Sha1::digest(b"psaltsalt")[..]);
        let two = pbkdf1::<sha1::Sha1>(b"p", b"saltsalt", 2);
        assert_eq!(&two[..], &sha1::Sha1::digest(&one[..])[..]);
    }
}
