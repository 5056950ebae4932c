//! Strict parsing of compact JWS tokens into a [`Token`].
//!
//! Strict means: exactly three segments; each base64url without padding, in the
//! canonical form (no stray trailing bits); header and payload JSON objects
//! without duplicate members; the header carries an `alg` string; `exp` and `nbf`,
//! when present, are numbers. Anything else is [`JwtError::Malformed`]. A header
//! over [`MAX_HEADER_LEN`] is refused before it is decoded. The signature
//! segment may be empty (an unsigned token is well formed; it never verifies).

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::Algorithm;
use crate::error::{Error, Expected, JwtError, Malformed, Origin, Result, Segment};
use crate::time::Timestamp;

/// The largest header segment accepted, in characters of base64url (64 KiB).
pub(crate) const MAX_HEADER_LEN: usize = 64 * 1024;

/// A well-formed compact JWS: header object, payload bytes, signature bytes.
///
/// This is the layer signatures are checked on; its payload need not be JSON.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Jws {
    compact: String,
    signing_input_len: usize,
    header: Map<String, Value>,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

/// A well-formed compact JWT (a JWS whose payload is a JSON object), decoded but
/// not judged.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    jws: Jws,
    payload: Map<String, Value>,
    exp: Option<Timestamp>,
    iat: Option<Timestamp>,
    nbf: Option<Timestamp>,
}

/// Decodes a compact JWT without checking its signature or claims; `origin`
/// (where the text came from) is named in errors.
///
/// Surrounding whitespace and a leading `Bearer ` (as copied from an
/// `Authorization` header) are tolerated; everything inside the token is parsed
/// strictly: a member twice in any object (nested ones too), an `exp`, `nbf` or
/// `iat` that is not a number, or a `kid` that is not a string make the token
/// malformed, because a verifier could otherwise be tricked into skipping them
/// or reading them differently from another.
///
/// # Errors
/// [`Error::Jwt`] with [`JwtError::Malformed`] saying what is wrong.
///
/// # Example
/// ```
/// use keysmith::jwt;
/// use keysmith::Origin;
/// let text = std::fs::read_to_string(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/testdata/jwt-hs256-stamps.txt"
/// ))?;
/// let token = jwt::decode(&text, &Origin::Argument("token"))?;
/// assert_eq!(token.header()["alg"], "HS256");
/// assert_eq!(token.payload()["user_id"], 12345);
/// let times = token.times(keysmith::time::Timestamp::from_unix(1657332616));
/// assert_eq!(times.exp.map(|t| t.as_unix()), Some(1657332616));
/// assert!(times.expired);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode(token: &str, origin: &Origin) -> Result<Token> {
    parse_token(token)
        .map_err(|why| Error::unexpected(origin, Expected::Jwt, JwtError::Malformed(why)))
}

/// The token in `text` when it is a well-formed JWT, for callers inside the
/// crate that only look (a lifetime, a thumbprint claim).
pub(crate) fn parse(text: &str) -> Option<Token> {
    parse_token(text).ok()
}

pub(super) fn parse_token(text: &str) -> std::result::Result<Token, Malformed> {
    let jws = parse_jws(text)?;
    let payload = object(&jws.payload, Segment::Payload)?;
    let exp = time_claim(&payload, "exp")?;
    let nbf = time_claim(&payload, "nbf")?;
    let iat = time_claim(&payload, "iat")?;
    Ok(Token {
        jws,
        payload,
        exp,
        iat,
        nbf,
    })
}

fn parse_jws(text: &str) -> std::result::Result<Jws, Malformed> {
    let compact = super::strip_bearer(text);
    let mut parts = compact.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Malformed::Segments {
            found: compact.split('.').count(),
        });
    };
    if h.len() > MAX_HEADER_LEN {
        return Err(Malformed::HeaderTooLarge);
    }
    let header = object(&segment(h, Segment::Header)?, Segment::Header)?;
    let payload = segment(p, Segment::Payload)?;
    let signature = segment(s, Segment::Signature)?;
    if !matches!(header.get("alg"), Some(Value::String(_))) {
        return Err(Malformed::MissingAlg);
    }
    if header.get("kid").is_some_and(|kid| !kid.is_string()) {
        return Err(Malformed::KidNotString);
    }
    Ok(Jws {
        compact: compact.to_owned(),
        signing_input_len: h.len() + 1 + p.len(),
        header,
        payload,
        signature,
    })
}

fn segment(text: &str, which: Segment) -> std::result::Result<Vec<u8>, Malformed> {
    // The decoder refuses padding too; telling the two apart waits for an error.
    crate::codec::base64url_decode_strict(text.as_bytes()).ok_or_else(|| {
        if text.contains('=') {
            Malformed::Padding(which)
        } else {
            Malformed::Base64(which)
        }
    })
}

/// A JSON object whose members are all distinct, in nested objects too.
struct StrictObject(Map<String, Value>);

/// Any JSON value whose objects, at every depth, have distinct members.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = StrictObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object with distinct members")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<StrictObject, A::Error> {
                strict_map(map).map(StrictObject)
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The members of a JSON object, refusing a member name seen twice.
fn strict_map<'de, A: MapAccess<'de>>(
    mut map: A,
) -> std::result::Result<Map<String, Value>, A::Error> {
    // Room for a typical header or claims set without regrowing.
    let mut out = Map::with_capacity(map.size_hint().unwrap_or(8));
    while let Some(key) = map.next_key::<String>()? {
        let StrictValue(value) = map.next_value()?;
        if out.insert(key, value).is_some() {
            return Err(de::Error::custom("duplicate member"));
        }
    }
    Ok(out)
}

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = StrictValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value whose objects have distinct members")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::String(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::String(v)))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<StrictValue, E> {
                Ok(StrictValue(Value::Null))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<StrictValue, A::Error> {
                let mut items = Vec::new();
                while let Some(StrictValue(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(StrictValue(Value::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<StrictValue, A::Error> {
                strict_map(map).map(|m| StrictValue(Value::Object(m)))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

fn object(bytes: &[u8], which: Segment) -> std::result::Result<Map<String, Value>, Malformed> {
    match serde_json::from_slice::<StrictObject>(bytes) {
        Ok(StrictObject(map)) => Ok(map),
        // Only on the error path: find out which rule was broken.
        Err(_) => Err(match serde_json::from_slice::<Value>(bytes) {
            Err(_) => Malformed::Json(which),
            Ok(Value::Object(_)) => Malformed::DuplicateMember(which),
            Ok(_) => Malformed::NotObject(which),
        }),
    }
}

/// A NumericDate claim: seconds since the epoch, fractions dropped (floor).
fn time_claim(
    payload: &Map<String, Value>,
    claim: &'static str,
) -> std::result::Result<Option<Timestamp>, Malformed> {
    let Some(value) = payload.get(claim) else {
        return Ok(None);
    };
    let Value::Number(n) = value else {
        return Err(Malformed::TimeNotNumeric(claim));
    };
    let seconds = if let Some(i) = n.as_i64() {
        i
    } else if n.as_u64().is_some() {
        i64::MAX
    } else {
        match n.as_f64() {
            Some(f) if f.is_finite() => clamp_f64(f.floor()),
            _ => return Err(Malformed::TimeNotNumeric(claim)),
        }
    };
    Ok(Some(Timestamp::from_unix(seconds)))
}

#[allow(clippy::cast_possible_truncation)]
fn clamp_f64(f: f64) -> i64 {
    // `as` saturates at the i64 bounds for finite floats.
    f as i64
}

impl Jws {
    /// Parses a compact JWS strictly (the rules of [`decode`], except that the
    /// payload may be any bytes).
    ///
    /// # Errors
    /// [`Error::Jwt`] with [`JwtError::Malformed`].
    #[cfg(test)]
    pub(crate) fn parse(text: &str) -> Result<Jws> {
        parse_jws(text).map_err(|why| {
            Error::unexpected(
                &Origin::Argument("TOKEN"),
                Expected::Jwt,
                JwtError::Malformed(why),
            )
        })
    }

    /// The JOSE header.
    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    /// The header's `alg`, as written (it may name an algorithm keysmith does not
    /// support, or `none`).
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or("")
    }

    /// The header's `alg` when it is one keysmith supports; never a `none`.
    pub fn algorithm(&self) -> Option<Algorithm> {
        Algorithm::from_name(self.alg())
    }

    /// The header's `kid`, when it is a string.
    pub(crate) fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The bytes the signature covers: `header.payload` as base64url text.
    pub fn signing_input(&self) -> &[u8] {
        self.compact
            .as_bytes()
            .get(..self.signing_input_len)
            .unwrap_or_default()
    }

    /// The decoded signature bytes (empty for an unsigned token).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

impl Token {
    /// The header and the claims, taken out of the token.
    pub(crate) fn into_parts(self) -> (Map<String, Value>, Map<String, Value>) {
        (self.jws.header, self.payload)
    }

    /// The JWS layer: header, signing input and signature.
    pub(crate) fn jws(&self) -> &Jws {
        &self.jws
    }

    /// The JOSE header.
    pub fn header(&self) -> &Map<String, Value> {
        self.jws.header()
    }

    /// The claims.
    pub fn payload(&self) -> &Map<String, Value> {
        &self.payload
    }

    /// The bytes the signature covers: `header.payload` as base64url text.
    pub fn signing_input(&self) -> &[u8] {
        self.jws.signing_input()
    }

    /// The decoded signature bytes (empty for an unsigned token).
    pub fn signature(&self) -> &[u8] {
        self.jws.signature()
    }

    /// The `exp` claim (expiration time).
    pub(crate) fn exp(&self) -> Option<Timestamp> {
        self.exp
    }

    /// The `nbf` claim (not before).
    pub(crate) fn nbf(&self) -> Option<Timestamp> {
        self.nbf
    }

    /// The time claims (`exp`, `iat`, `nbf`) and whether the token has expired at
    /// `now` (`now >= exp`, no leeway; a token without `exp` never expires).
    pub fn times(&self, now: Timestamp) -> Times {
        Times {
            exp: self.exp,
            iat: self.iat,
            nbf: self.nbf,
            expired: self.exp.is_some_and(|exp| now >= exp),
        }
    }

    /// The decode report of the token: header, payload, times, and
    /// the fact that the signature was not checked (`"signature": "not-checked"`).
    pub fn report(&self, now: Timestamp) -> Decoded<'_> {
        Decoded {
            kind: None,
            header: self.jws.header(),
            payload: &self.payload,
            times: self.times(now),
            signature: Some("not-checked"),
        }
    }

    /// The decoded token as an inspection of an input reports it: the same facts
    /// as [`Token::report`], opening with `"kind": "jwt"`.
    pub fn inspection(&self, now: Timestamp) -> Decoded<'_> {
        Decoded {
            kind: Some("jwt"),
            header: self.jws.header(),
            payload: &self.payload,
            times: self.times(now),
            signature: None,
        }
    }
}

/// The time claims of a token at a given moment (RFC 3339 in JSON; absent claims are `null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Times {
    /// Expiration time.
    pub exp: Option<Timestamp>,
    /// Issued at.
    pub iat: Option<Timestamp>,
    /// Not before.
    pub nbf: Option<Timestamp>,
    /// Whether `now >= exp`.
    pub expired: bool,
}

/// A decoded token, its signature not checked: header, payload and times
/// (serialised with SPEC.md's field names, as [`Token::report`] or
/// [`Token::inspection`] made it).
#[derive(Clone, Debug, Serialize)]
pub struct Decoded<'a> {
    /// `jwt` in an inspection, absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// The JOSE header.
    pub header: &'a Map<String, Value>,
    /// The claims.
    pub payload: &'a Map<String, Value>,
    /// The time claims at `now`.
    pub times: Times,
    /// `not-checked` in a report (decoding judges nothing), absent in an inspection.
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn b64(s: &str) -> String {
        crate::codec::base64_encode(s.as_ref(), crate::codec::Base64Variant::UrlNoPad)
    }

    fn token(header: &str, payload: &str) -> String {
        format!("{}.{}.c2ln", b64(header), b64(payload))
    }

    fn why(text: &str) -> Malformed {
        match parse_token(text) {
            Err(m) => m,
            Ok(t) => panic!("decoded {t:?}"),
        }
    }

    const STAMPS: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNjU3MzMyNjE2LCJpYXQiOjE2NTczMjkwMTYsImp0aSI6IjhhM2E2YTVlNmQxYzRiMGY5ZDRhMmIxYzNlNWY3YTliIiwidXNlcl9pZCI6MTIzNDUsIm1lcmNoYW50X2lkIjo2Nzg5MH0.DF4Ofm-cEzRPvy9o4V3wHdGgTl1zSlk4Zo0V6KERTKU";

    #[test]
    fn decode_reads_stamps_token() {
        let t = parse(&format!("  Bearer {STAMPS}\n")).unwrap();
        assert_eq!(t.jws.compact, STAMPS);
        assert_eq!(t.jws.alg(), "HS256");
        assert_eq!(t.jws.algorithm(), Some(Algorithm::HS256));
        assert_eq!(t.header()["typ"], "JWT");
        assert_eq!(t.payload()["merchant_id"], 67890);
        let times = t.times(Timestamp::from_unix(0));
        assert_eq!(times.exp, Some(Timestamp::from_unix(1657332616)));
        assert_eq!(times.iat, Some(Timestamp::from_unix(1657329016)));
        assert_eq!(times.nbf, None);
        assert_eq!(t.signature().len(), 32);
        let dot = STAMPS.rfind('.').unwrap();
        assert_eq!(t.signing_input(), &STAMPS.as_bytes()[..dot]);
        // Claims keep the token's order.
        let keys: Vec<&str> = t.payload().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["token_type", "exp", "iat", "jti", "user_id", "merchant_id"]
        );
    }

    #[test]
    fn decode_report_serialises_times() {
        let t = parse(STAMPS).unwrap();
        let json = serde_json::to_value(t.report(Timestamp::from_unix(1657300000))).unwrap();
        assert_eq!(
            json["times"],
            serde_json::json!({"exp": "2022-07-09T02:10:16Z", "iat": "2022-07-09T01:10:16Z", "nbf": null, "expired": false})
        );
        assert_eq!(json["signature"], "not-checked");
        // One type, two shapes: the report ends with `signature`, the inspection
        // opens with `kind`, each in its own field order.
        let now = Timestamp::from_unix(1657300000);
        let keys = |v: serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(
            keys(serde_json::to_value(t.report(now)).unwrap()),
            ["header", "payload", "times", "signature"]
        );
        assert_eq!(
            keys(serde_json::to_value(t.inspection(now)).unwrap()),
            ["kind", "header", "payload", "times"]
        );
        assert_eq!(
            serde_json::to_value(t.inspection(now)).unwrap()["kind"],
            "jwt"
        );
        assert!(t.times(Timestamp::from_unix(1657332616)).expired);
        assert!(!t.times(Timestamp::from_unix(1657332615)).expired);
    }

    #[test]
    fn decode_rejects_wrong_segment_counts() {
        assert_eq!(why("eyJ.e30"), Malformed::Segments { found: 2 });
        assert_eq!(why("a.b.c.d"), Malformed::Segments { found: 4 });
        assert_eq!(why(""), Malformed::Segments { found: 1 });
    }

    #[test]
    fn decode_rejects_padding_and_bad_base64url() {
        let h = b64(r#"{"alg":"HS256"}"#);
        assert_eq!(
            why(&format!("{h}=.e30.")),
            Malformed::Padding(Segment::Header)
        );
        assert_eq!(
            why(&format!("{h}.e30=.")),
            Malformed::Padding(Segment::Payload)
        );
        assert_eq!(
            why(&format!("{h}.e30.YQ==")),
            Malformed::Padding(Segment::Signature)
        );
        assert_eq!(
            why(&format!("{h}.e3+.")),
            Malformed::Base64(Segment::Payload)
        );
        assert_eq!(
            why(&format!("{h}.e30.a")),
            Malformed::Base64(Segment::Signature)
        );
        // Non-canonical trailing bits ("e31" decodes like "e30" in lax decoders).
        assert_eq!(
            why(&format!("{h}.e31.")),
            Malformed::Base64(Segment::Payload)
        );
        assert_eq!(
            why(&format!("{h}.e30 .")),
            Malformed::Base64(Segment::Payload)
        );
    }

    #[test]
    fn decode_rejects_non_json_and_non_objects() {
        assert_eq!(
            why(&token("not json", "{}")),
            Malformed::Json(Segment::Header)
        );
        assert_eq!(
            why(&token(r#"{"alg":"HS256"}"#, "[1]")),
            Malformed::NotObject(Segment::Payload)
        );
        assert_eq!(
            why(&token(r#""HS256""#, "{}")),
            Malformed::NotObject(Segment::Header)
        );
        assert_eq!(
            why(&token(r#"{"alg":"HS256","alg":"none"}"#, "{}")),
            Malformed::DuplicateMember(Segment::Header)
        );
        assert_eq!(why(&token(r#"{"typ":"JWT"}"#, "{}")), Malformed::MissingAlg);
        assert_eq!(why(&token(r#"{"alg":null}"#, "{}")), Malformed::MissingAlg);
    }

    #[test]
    fn decode_rejects_non_numeric_exp_and_nbf() {
        let h = r#"{"alg":"HS256"}"#;
        assert_eq!(
            why(&token(h, r#"{"exp":"1657332616"}"#)),
            Malformed::TimeNotNumeric("exp")
        );
        assert_eq!(
            why(&token(h, r#"{"nbf":null}"#)),
            Malformed::TimeNotNumeric("nbf")
        );
        // Issue 10: `iat` too; a token is malformed everywhere or nowhere.
        assert_eq!(
            why(&token(h, r#"{"iat":"yesterday"}"#)),
            Malformed::TimeNotNumeric("iat")
        );
        let t = parse_token(&token(h, r#"{"exp":1.9e3,"nbf":-5.5,"iat":7}"#)).unwrap();
        let times = t.times(Timestamp::from_unix(0));
        assert_eq!(times.exp, Some(Timestamp::from_unix(1900)));
        assert_eq!(times.nbf, Some(Timestamp::from_unix(-6)));
        assert_eq!(times.iat, Some(Timestamp::from_unix(7)));
        let t = parse_token(&token(h, r#"{"exp":1e300}"#)).unwrap();
        assert_eq!(t.exp(), Some(Timestamp::from_unix(i64::MAX)));
    }

    /// Issue 10: a `kid` that is not a string is malformed, not absent; duplicate
    /// members are malformed at every depth of the header and the payload.
    #[test]
    fn issue_10_kid_type_and_nested_duplicates_are_malformed() {
        let h = r#"{"alg":"HS256"}"#;
        for kid in ["7", "null", "[\"k\"]", "{\"k\":1}"] {
            assert_eq!(
                why(&token(&format!(r#"{{"alg":"HS256","kid":{kid}}}"#), "{}")),
                Malformed::KidNotString,
                "{kid}"
            );
        }
        let t = parse_token(&token(r#"{"alg":"HS256","kid":"k1"}"#, "{}")).unwrap();
        assert_eq!(t.jws().kid(), Some("k1"));
        assert_eq!(
            why(&token(
                r#"{"alg":"HS256","jwk":{"kty":"oct","kty":"RSA"}}"#,
                "{}"
            )),
            Malformed::DuplicateMember(Segment::Header)
        );
        assert_eq!(
            why(&token(
                h,
                r#"{"sub":"a","ctx":[{"role":"user","role":"admin"}]}"#
            )),
            Malformed::DuplicateMember(Segment::Payload)
        );
        let t = parse_token(&token(h, r#"{"a":{"b":[1,2.5,true,null,"x",{"c":{}}]}}"#)).unwrap();
        assert_eq!(
            t.payload()["a"],
            serde_json::json!({"b": [1, 2.5, true, null, "x", {"c": {}}]})
        );
    }

    #[test]
    fn decode_refuses_huge_header_before_decoding() {
        let big = "A".repeat(MAX_HEADER_LEN + 1);
        assert_eq!(why(&format!("{big}.e30.")), Malformed::HeaderTooLarge);
    }

    #[test]
    fn decode_accepts_unsigned_token_as_well_formed() {
        let t = parse_token(&format!("{}.e30.", b64(r#"{"alg":"none"}"#))).unwrap();
        assert_eq!(t.jws.alg(), "none");
        assert_eq!(t.jws.algorithm(), None);
        assert!(t.signature().is_empty());
    }

    #[test]
    fn decode_error_names_origin() {
        let err = decode("a.b", &Origin::Argument("TOKEN")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument TOKEN: expected a JWT, found a malformed JWT: expected 3 dot-separated segments, found 2"
        );
    }

    proptest! {
        #[test]
        fn decode_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn decode_never_panics_on_token_like_text(text in "[A-Za-z0-9_=.+/ -]{0,120}") {
            let _ = parse(&text);
        }

        #[test]
        fn decode_never_panics_on_json_segments(h in "\\PC{0,40}", p in "\\PC{0,40}") {
            let _ = parse(&token(&h, &p));
        }
    }
}
