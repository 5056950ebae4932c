//! The caps on key-derivation work a file may ask for (PBKDF2 iterations,
//! scrypt memory), checked before anything is derived: the parameters come
//! from the file, and a hostile file could otherwise make keysmith spin for hours.

use super::MAX_PBE_ITERATIONS;
use crate::error::{Error, Expected, KeyError, Origin, Result};

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
pub(crate) const MAX_SCRYPT_BYTES: u64 = 256 * 1024 * 1024;

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
    ) -> std::result::Result<(), KeyError> {
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
                    return Err(KeyError::ScryptCost {
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
    pub(crate) fn spend_pbe(&mut self, iterations: u64) -> std::result::Result<(), KeyError> {
        if iterations > u64::from(MAX_PBE_ITERATIONS) {
            return Err(KeyError::ExcessivePbeIterations {
                max: MAX_PBE_ITERATIONS,
            });
        }
        self.spend_work(iterations)
    }

    fn spend_work(&mut self, work: u64) -> std::result::Result<(), KeyError> {
        self.pbkdf2_work = self.pbkdf2_work.saturating_add(work);
        if self.pbkdf2_work > u64::from(MAX_PBKDF2_ITERATIONS) {
            return Err(KeyError::ExcessiveKdfCost);
        }
        Ok(())
    }
}

/// Refuses, before deriving anything, key-derivation parameters read from a file
/// that would cost more than [`MAX_PBKDF2_ITERATIONS`] or [`MAX_SCRYPT_BYTES`].
pub(super) fn check_kdf_cost(
    scheme: &pkcs8::pkcs5::EncryptionScheme,
    origin: &Origin,
    expected: Expected,
) -> Result<()> {
    KdfBudget::default()
        .spend(scheme)
        .map_err(|found| Error::unexpected(origin, expected, found))
}
