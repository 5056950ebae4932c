//! The one list of signature algorithms keysmith knows: [`Algorithm`] (JWS names:
//! HMAC, RSA, ECDSA and EdDSA) and its RSA-only view [`RsaAlgorithm`].
//!
//! Invariants of this module:
//! - There is no `none`: an unsigned token can never be named, so never verify.
//! - Names are RFC 7518's and parse exactly (case-sensitive); a caller that wants
//!   to accept other spellings normalises before calling [`Algorithm::from_name`].
//! - Each algorithm's hash (and, for RSA, its padding) is stated here once; the
//!   HMAC and RSA code dispatch on [`Algorithm::hash`] and [`RsaAlgorithm::padding`]
//!   instead of repeating the name-to-hash table.
//!
//! [`Algorithm`] is re-exported as [`crate::jwt::Algorithm`]; [`RsaAlgorithm`]
//! stays inside the crate (the RSA backends dispatch on it). This module imports
//! nothing of the crate.

use serde::Serialize;

/// A JWS signature algorithm keysmith signs and verifies (RFC 7518 names).
///
/// There is deliberately no `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt).
    PS256,
    /// RSASSA-PSS with SHA-384 (MGF1-SHA-384, 48-byte salt).
    PS384,
    /// RSASSA-PSS with SHA-512 (MGF1-SHA-512, 64-byte salt).
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// ECDSA on P-521 with SHA-512.
    ES512,
    /// EdDSA (RFC 8037); keysmith signs and verifies Ed25519.
    EdDSA,
}

/// The SHA-2 function an algorithm hashes (and, for HMAC, keys) with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sha2 {
    Sha256,
    Sha384,
    Sha512,
}

/// How an RSA algorithm pads: PKCS#1 v1.5 (RS*) or PSS (PS*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RsaPadding {
    Pkcs1v15,
    Pss,
}

impl Algorithm {
    /// All thirteen: [`Algorithm::HMAC`], [`Algorithm::RSA`], then ECDSA and EdDSA.
    pub const ALL: [Algorithm; 13] = {
        let [hs256, hs384, hs512] = Algorithm::HMAC;
        let [rs256, rs384, rs512, ps256, ps384, ps512] = Algorithm::RSA;
        [
            hs256,
            hs384,
            hs512,
            rs256,
            rs384,
            rs512,
            ps256,
            ps384,
            ps512,
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::ES512,
            Algorithm::EdDSA,
        ]
    };

    /// The HMAC algorithms, which a secret allows.
    pub const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// The RSA algorithms, which an RSA key allows.
    pub const RSA: [Algorithm; 6] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];

    /// The JOSE name (`HS256`…).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Parses a JOSE name exactly (case-sensitive, as a token's header must
    /// spell it); `none` and unknown names give `None`.
    ///
    /// # Example
    /// ```
    /// use keysmith::jwt::Algorithm;
    /// assert_eq!(Algorithm::from_name("PS384"), Some(Algorithm::PS384));
    /// assert_eq!(Algorithm::from_name("none"), None);
    /// assert_eq!(Algorithm::from_name("hs256"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The RSA view of this algorithm, for RS*/PS*; `None` for the others.
    pub(crate) fn as_rsa(self) -> Option<RsaAlgorithm> {
        RsaAlgorithm::try_from(self).ok()
    }

    /// Whether this is an HMAC algorithm (HS*).
    pub(crate) const fn is_hmac(self) -> bool {
        matches!(self, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
    }

    /// The hash function: the only table from a name's digits to a hash.
    pub(crate) const fn hash(self) -> Sha2 {
        match self {
            Algorithm::HS256 | Algorithm::RS256 | Algorithm::PS256 => Sha2::Sha256,
            Algorithm::HS384 | Algorithm::RS384 | Algorithm::PS384 => Sha2::Sha384,
            Algorithm::ES256 => Sha2::Sha256,
            Algorithm::ES384 => Sha2::Sha384,
            // EdDSA hashes with SHA-512 inside Ed25519 itself.
            Algorithm::HS512
            | Algorithm::RS512
            | Algorithm::PS512
            | Algorithm::ES512
            | Algorithm::EdDSA => Sha2::Sha512,
        }
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An RSA signature algorithm (RS*/PS*): an [`Algorithm`] that an RSA key can
/// use. It cannot hold an HMAC, ECDSA or EdDSA algorithm; build it from the constants or with
/// `RsaAlgorithm::try_from(algorithm)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RsaAlgorithm(Algorithm);

impl RsaAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256, the default of RSA keys.
    pub(crate) const RS256: RsaAlgorithm = RsaAlgorithm(Algorithm::RS256);

    /// All six, in the order of [`Algorithm::RSA`].
    #[cfg(any(test, feature = "aws-lc"))]
    pub(crate) const ALL: [RsaAlgorithm; 6] = {
        let [rs256, rs384, rs512, ps256, ps384, ps512] = Algorithm::RSA;
        [
            RsaAlgorithm(rs256),
            RsaAlgorithm(rs384),
            RsaAlgorithm(rs512),
            RsaAlgorithm(ps256),
            RsaAlgorithm(ps384),
            RsaAlgorithm(ps512),
        ]
    };

    /// The JOSE name (`RS256`…).
    pub(crate) const fn name(self) -> &'static str {
        self.0.name()
    }

    /// The algorithm this is a view of.
    pub(crate) const fn algorithm(self) -> Algorithm {
        self.0
    }

    /// The hash function.
    pub(crate) const fn hash(self) -> Sha2 {
        self.0.hash()
    }

    /// PKCS#1 v1.5 for RS*, PSS for PS*.
    pub(crate) const fn padding(self) -> RsaPadding {
        match self.0 {
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => RsaPadding::Pss,
            _ => RsaPadding::Pkcs1v15,
        }
    }
}

impl TryFrom<Algorithm> for RsaAlgorithm {
    /// The algorithm that was refused (HMAC, ECDSA or EdDSA).
    type Error = Algorithm;

    fn try_from(algorithm: Algorithm) -> Result<RsaAlgorithm, Algorithm> {
        if Algorithm::RSA.contains(&algorithm) {
            Ok(RsaAlgorithm(algorithm))
        } else {
            Err(algorithm)
        }
    }
}

impl From<RsaAlgorithm> for Algorithm {
    fn from(algorithm: RsaAlgorithm) -> Algorithm {
        algorithm.0
    }
}

impl std::fmt::Display for RsaAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_none_is_absent() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()), Some(a));
            assert_eq!(a.to_string(), a.name());
        }
        for bad in [
            "none", "None", "NONE", "", "RS256 ", "ES256K", "EDDSA", "Ed25519", "HS1", "rs256",
        ] {
            assert_eq!(Algorithm::from_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn rsa_view_holds_exactly_the_rsa_algorithms() {
        assert_eq!(RsaAlgorithm::ALL.map(Algorithm::from), Algorithm::RSA);
        for a in Algorithm::ALL {
            assert_eq!(a.as_rsa().is_some(), Algorithm::RSA.contains(&a), "{a}");
            assert_eq!(Algorithm::HMAC.contains(&a), a.is_hmac(), "{a}");
        }
        for a in RsaAlgorithm::ALL {
            assert_eq!(RsaAlgorithm::try_from(a.algorithm()), Ok(a));
            assert_eq!(a.to_string(), a.name());
        }
        assert_eq!(
            RsaAlgorithm::try_from(Algorithm::PS256).map(RsaAlgorithm::algorithm),
            Ok(Algorithm::PS256)
        );
        assert_eq!(
            RsaAlgorithm::try_from(Algorithm::HS256),
            Err(Algorithm::HS256)
        );
        assert_eq!(
            RsaAlgorithm::try_from(Algorithm::ES256),
            Err(Algorithm::ES256)
        );
    }

    #[test]
    fn hash_and_padding_follow_the_name() {
        for a in Algorithm::ALL
            .into_iter()
            .filter(|a| *a != Algorithm::EdDSA)
        {
            let digits = &a.name()[2..];
            let want = match digits {
                "256" => Sha2::Sha256,
                "384" => Sha2::Sha384,
                _ => Sha2::Sha512,
            };
            assert_eq!(a.hash(), want, "{a}");
        }
        for a in RsaAlgorithm::ALL {
            let pss = a.name().starts_with("PS");
            assert_eq!(a.padding() == RsaPadding::Pss, pss, "{a}");
        }
    }
}
