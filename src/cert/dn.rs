//! Distinguished names typed by people: RFC 4514 (`CN=client.example.com,O=Example
//! Ltd,C=GB`) and openssl's `-subj` form (`/C=GB/O=Example Ltd/CN=client.example.com`).
//!
//! Owns the text → `Name` direction; the way back (a DER name as RFC 4514) is
//! `cert::name`'s, which the certificate listings already use, so a name keysmith
//! makes is shown exactly as one it reads.
//!
//! Refuses: an empty name, a part without `=`, an attribute type it does not know
//! (names as openssl spells them, short or long, or a dotted OID), an empty value
//! in RFC 4514 form, a dangling `\`, and values that the attribute's string type
//! cannot hold (a country is two printable characters; email addresses and domain
//! components are ASCII).
//!
//! Values are encoded as openssl encodes them with its default `utf8only` mask:
//! UTF8String, except PrintableString for `C`, `jurisdictionC`, `serialNumber` and
//! `dnQualifier`,
//! and IA5String for `emailAddress` and `DC`. A `#hex` value (RFC 4514 §2.4) is
//! taken as the DER it spells.
//!
//! Invariant: a [`DistinguishedName`] holds a name that encodes as DER.

use std::fmt;

use der::asn1::{Any, Ia5StringRef, ObjectIdentifier, PrintableStringRef, SetOfVec, Utf8StringRef};
use der::{Decode, Encode};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use super::name::{SHORT_NAMES, rfc4514_der};
use crate::error::{Error, Invalid, Origin, Result};

/// Long names openssl also accepts for the attributes of `SHORT_NAMES`.
const LONG_NAMES: [(&str, &str); 9] = [
    ("commonName", "CN"),
    ("countryName", "C"),
    ("localityName", "L"),
    ("stateOrProvinceName", "ST"),
    ("organizationName", "O"),
    ("organizationalUnitName", "OU"),
    ("streetAddress", "STREET"),
    ("domainComponent", "DC"),
    ("surname", "SN"),
];

/// Extra short names openssl accepts (spelled differently from RFC 4514's).
const ALIASES: [(&str, &str); 4] = [
    ("S", "ST"),
    ("email", "emailAddress"),
    ("givenName", "GN"),
    ("userId", "UID"),
];

/// A distinguished name (the subject or issuer of a certificate or request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinguishedName {
    name: Name,
}

impl DistinguishedName {
    /// Parses a name in RFC 4514 form (last RDN first, `,` between RDNs, `+`
    /// inside one, `\` escapes) or, when it starts with `/`, in openssl's `-subj`
    /// form (first RDN first, `/` between RDNs, `+` inside one, `\` escapes the
    /// next character; an empty value is skipped, as openssl skips it).
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::DistinguishedName`] (naming `origin`)
    /// when the text is not such a name.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::DistinguishedName;
    /// use keysmith::Origin;
    /// let origin = Origin::Argument("subject");
    /// let a = DistinguishedName::parse("/C=GB/O=Example Ltd/CN=client.example.com", &origin)?;
    /// let b = DistinguishedName::parse("CN=client.example.com,O=Example Ltd,C=GB", &origin)?;
    /// assert_eq!(a, b);
    /// assert_eq!(a.to_string(), "CN=client.example.com,O=Example Ltd,C=GB");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, origin: &Origin) -> Result<DistinguishedName> {
        let invalid = || Error::Invalid {
            origin: origin.clone(),
            reason: Invalid::DistinguishedName,
        };
        let rdns = if text.starts_with('/') {
            parse_slash(text)
        } else {
            parse_rfc4514(text)
        }
        .ok_or_else(invalid)?;
        if rdns.is_empty() {
            return Err(invalid());
        }
        DistinguishedName::from_rdns(&rdns).ok_or_else(invalid)
    }

    /// The name from RDNs of `(attribute, value)`, first RDN first.
    fn from_rdns(rdns: &[Vec<(ObjectIdentifier, Value)>]) -> Option<DistinguishedName> {
        let mut sequence = RdnSequence::default();
        for rdn in rdns {
            let mut set = SetOfVec::new();
            for (oid, value) in rdn {
                let value = encode_value(*oid, value)?;
                set.insert(AttributeTypeAndValue { oid: *oid, value })
                    .ok()?;
            }
            let rdn = RelativeDistinguishedName::from(set);
            sequence.push(rdn);
        }
        let der = sequence.to_der().ok()?;
        let name = Name::from_der(&der).ok()?;
        Some(DistinguishedName { name })
    }

    /// The `x509-cert` name, for the builders.
    pub(crate) fn as_name(&self) -> &Name {
        &self.name
    }

    /// A name from an `x509-cert` name (decoded from a request or certificate).
    pub(crate) fn from_name(name: Name) -> DistinguishedName {
        DistinguishedName { name }
    }

    /// The name's DER (`Name ::= SEQUENCE OF RelativeDistinguishedName`).
    pub(crate) fn to_der(&self) -> Vec<u8> {
        // invariant: a name built by `from_rdns` or decoded from DER encodes.
        self.name.to_der().unwrap_or_default()
    }
}

impl std::str::FromStr for DistinguishedName {
    type Err = Error;

    /// [`DistinguishedName::parse`] with the origin `Argument("subject")`.
    fn from_str(text: &str) -> Result<DistinguishedName> {
        DistinguishedName::parse(text, &Origin::Argument("subject"))
    }
}

impl fmt::Display for DistinguishedName {
    /// RFC 4514, as `openssl x509 -nameopt RFC2253` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&rfc4514_der(&self.to_der()).unwrap_or_default())
    }
}

/// A value as written: text, or the DER of a `#hex` value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Text(String),
    Der(Vec<u8>),
}

/// The attribute type named `name`: a short or long name, or a dotted OID.
fn attribute(name: &str) -> Option<ObjectIdentifier> {
    let name = name.trim_matches(' ');
    let short = LONG_NAMES
        .iter()
        .chain(ALIASES.iter())
        .find(|(long, _)| long.eq_ignore_ascii_case(name))
        .map_or(name, |(_, short)| *short);
    if let Some((oid, _)) = SHORT_NAMES
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(short))
    {
        return Some(*oid);
    }
    let dotted = name
        .strip_prefix("OID.")
        .or_else(|| name.strip_prefix("oid."))
        .unwrap_or(name);
    if dotted.starts_with(|c: char| c.is_ascii_digit()) {
        return ObjectIdentifier::new(dotted).ok();
    }
    None
}

const COUNTRY: &str = "2.5.4.6";
const JURISDICTION_COUNTRY: &str = "1.3.6.1.4.1.311.60.2.1.3";
const SERIAL_NUMBER: &str = "2.5.4.5";
const DN_QUALIFIER: &str = "2.5.4.46";
const EMAIL: &str = "1.2.840.113549.1.9.1";
const DOMAIN_COMPONENT: &str = "0.9.2342.19200300.100.1.25";

/// The DER value of `value` for attribute `oid`, in the string type openssl uses.
fn encode_value(oid: ObjectIdentifier, value: &Value) -> Option<Any> {
    let text = match value {
        Value::Der(der) => return Any::from_der(der).ok(),
        Value::Text(text) => text.as_str(),
    };
    let oid_text = oid.to_string();
    match oid_text.as_str() {
        COUNTRY | JURISDICTION_COUNTRY if text.chars().count() != 2 => None,
        COUNTRY | JURISDICTION_COUNTRY | SERIAL_NUMBER | DN_QUALIFIER => {
            Any::encode_from(&PrintableStringRef::new(text).ok()?).ok()
        }
        EMAIL | DOMAIN_COMPONENT => Any::encode_from(&Ia5StringRef::new(text).ok()?).ok(),
        _ => Any::encode_from(&Utf8StringRef::new(text).ok()?).ok(),
    }
}

/// Splits `text` at every unescaped `separator`; a `\` keeps the character after
/// it in the part (the part parsers unescape).
fn split_unescaped(text: &str, separators: &[char]) -> Option<Vec<String>> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let next = chars.next()?;
            let part = parts.last_mut()?;
            part.push('\\');
            part.push(next);
        } else if separators.contains(&c) {
            parts.push(String::new());
        } else {
            parts.last_mut()?.push(c);
        }
    }
    Some(parts)
}

/// RFC 4514: the RDNs, first RDN (the last one written) first.
fn parse_rfc4514(text: &str) -> Option<Vec<Vec<(ObjectIdentifier, Value)>>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    let mut rdns = Vec::new();
    for rdn_text in split_unescaped(text, &[',', ';'])? {
        let mut rdn = Vec::new();
        for pair in split_unescaped(&rdn_text, &['+'])? {
            let (name, value) = pair.split_once('=')?;
            let oid = attribute(name)?;
            let value = value.trim_start_matches(' ');
            let value = match value.strip_prefix('#') {
                Some(hex) => Value::Der(crate::codec::hex_decode_exact(
                    hex.trim_end_matches(' ').as_bytes(),
                )?),
                None => Value::Text(unescape_rfc4514(value)?),
            };
            if value == Value::Text(String::new()) {
                return None;
            }
            rdn.push((oid, value));
        }
        rdns.push(rdn);
    }
    rdns.reverse();
    Some(rdns)
}

/// An RFC 4514 value without its escapes: `\` + special character, or `\` + two
/// hex digits for one byte of UTF-8. Unescaped trailing spaces are dropped.
fn unescape_rfc4514(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    // Length of `bytes` up to the last character that must stay (escaped or not a space).
    let mut keep = 0;
    let mut rest = value.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b == b'\\' {
            let (&next, tail) = rest.split_first()?;
            rest = tail;
            if next.is_ascii_hexdigit() {
                let (&low, tail) = rest.split_first()?;
                rest = tail;
                let pair = [next, low];
                let hex = std::str::from_utf8(&pair).ok()?;
                bytes.push(u8::from_str_radix(hex, 16).ok()?);
            } else {
                bytes.push(next);
            }
            keep = bytes.len();
        } else {
            bytes.push(b);
            if b != b' ' {
                keep = bytes.len();
            }
        }
    }
    bytes.truncate(keep);
    String::from_utf8(bytes).ok()
}

/// openssl's `/type=value/…` form: the RDNs in the order written.
fn parse_slash(text: &str) -> Option<Vec<Vec<(ObjectIdentifier, Value)>>> {
    let body = text.strip_prefix('/')?;
    let mut rdns = Vec::new();
    for rdn_text in split_unescaped(body, &['/'])? {
        let mut rdn = Vec::new();
        for pair in split_unescaped(&rdn_text, &['+'])? {
            let (name, value) = split_pair(&pair)?;
            let oid = attribute(&name)?;
            if value.is_empty() {
                // openssl: "No value provided for subject name attribute", skipped.
                continue;
            }
            rdn.push((oid, Value::Text(value)));
        }
        if !rdn.is_empty() {
            rdns.push(rdn);
        }
    }
    Some(rdns)
}

/// `type=value` with every `\` escape removed (the `=` may not be escaped).
fn split_pair(pair: &str) -> Option<(String, String)> {
    let (name, value) = pair.split_once('=')?;
    if name.contains('\\') {
        return None;
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next()? } else { c });
    }
    Some((name.to_owned(), out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dn(text: &str) -> DistinguishedName {
        DistinguishedName::parse(text, &Origin::Argument("subject")).unwrap()
    }

    #[test]
    fn both_forms_give_one_name() {
        let slash = dn("/C=GB/ST=London/O=Example Ltd/OU=IT+CN=client.example.com");
        let rfc = dn("OU=IT+CN=client.example.com,O=Example Ltd,ST=London,C=GB");
        assert_eq!(slash, rfc);
        assert_eq!(
            rfc.to_string(),
            "OU=IT+CN=client.example.com,O=Example Ltd,ST=London,C=GB",
            "a multi-valued RDN is a DER SET: shorter encodings sort first"
        );
    }

    #[test]
    fn escapes_and_utf8_survive() {
        let name = dn(r"CN=Smith\, John \+ Co,O=M\C3\BCller \22GmbH\22,OU=\#1\ ");
        assert_eq!(
            name.to_string(),
            r#"CN=Smith\, John \+ Co,O=Müller \"GmbH\",OU=\#1\ "#
        );
        let slash = dn(r"/O=a\/b/CN=x\+y=z");
        assert_eq!(slash.to_string(), r"CN=x\+y=z,O=a/b");
        assert_eq!(dn("CN=Zoë 東京").to_string(), "CN=Zoë 東京");
    }

    #[test]
    fn long_names_oids_and_hex_values() {
        assert_eq!(
            dn("commonName=a, organizationName=b, countryName=GB"),
            dn("CN=a,O=b,C=GB")
        );
        assert_eq!(dn("2.5.4.3=a"), dn("CN=a"));
        // #hex is the DER of the value: a UTF8String "a".
        assert_eq!(dn("CN=#0C0161"), dn("CN=a"));
        assert_eq!(
            dn("1.2.3.4=#0C0161").to_string(),
            "1.2.3.4=#0C0161",
            "unknown types keep their DER"
        );
    }

    #[test]
    fn openssl_skips_empty_values_in_slash_form() {
        assert_eq!(dn("/C=GB/O=/CN=a"), dn("CN=a,C=GB"));
    }

    #[test]
    fn country_is_printable_and_email_ascii() {
        let der = dn("C=GB,emailAddress=a@example.com").to_der();
        // PrintableString (0x13) for C, IA5String (0x16) for emailAddress.
        assert!(der.windows(4).any(|w| w == [0x13, 0x02, b'G', b'B']));
        assert!(der.windows(2).any(|w| w == [0x16, 13]));
    }

    #[test]
    fn parse_refuses_what_is_not_a_name() {
        for bad in [
            "",
            "   ",
            "/",
            "CN",
            "CN=",
            "XX=a",
            "CN=a\\",
            "C=GBR",
            "C=G_",
            "emailAddress=zoë@example.com",
            "CN=#zz",
            "/CN",
        ] {
            let err = DistinguishedName::parse(bad, &Origin::Argument("subject")).unwrap_err();
            assert_eq!(
                err.to_string(),
                "argument subject: expected a distinguished name such as \
                 CN=client.example.com,O=Example Ltd,C=GB or /C=GB/O=Example Ltd/CN=client.example.com",
                "{bad:?}"
            );
        }
    }

    /// Attribute types with a UTF8String value, and values with every character
    /// RFC 4514 escapes, spaces at the ends, and non-ASCII text.
    fn attribute_and_value() -> impl Strategy<Value = (&'static str, String)> {
        (
            prop::sample::select(vec!["CN", "O", "OU", "L", "ST", "STREET", "title"]),
            "[a-zA-Z0-9 ,+;<>#=\"\\\\/éü東京\u{1F600}]{1,12}",
        )
    }

    proptest! {
        /// Parse ⇄ render: an RFC 4514 string keysmith prints reads back as the
        /// same name; so does the slash form of the same values.
        #[test]
        fn render_then_parse_is_identity(
            rdns in prop::collection::vec(prop::collection::vec(attribute_and_value(), 1..3), 1..5)
        ) {
            let parts: Vec<Vec<(ObjectIdentifier, Value)>> = rdns
                .iter()
                .map(|rdn| {
                    rdn.iter()
                        .map(|(a, v)| (attribute(a).unwrap(), Value::Text(v.clone())))
                        .collect()
                })
                .collect();
            // A value of spaces only is no value: RFC 4514 trims unescaped ones.
            prop_assume!(rdns.iter().flatten().all(|(_, v)| !v.trim().is_empty()));
            let name = DistinguishedName::from_rdns(&parts).unwrap();
            let text = name.to_string();
            prop_assert_eq!(&dn(&text), &name, "{}", text);
            prop_assert_eq!(dn(&text).to_string(), text);
            let slash: String = rdns
                .iter()
                .map(|rdn| {
                    let pairs: Vec<String> = rdn
                        .iter()
                        .map(|(a, v)| {
                            let escaped: String = v
                                .chars()
                                .flat_map(|c| {
                                    let escape = matches!(c, '/' | '+' | '\\');
                                    escape.then_some('\\').into_iter().chain([c])
                                })
                                .collect();
                            format!("{a}={escaped}")
                        })
                        .collect();
                    format!("/{}", pairs.join("+"))
                })
                .collect();
            prop_assert_eq!(&dn(&slash), &name, "{}", slash);
        }
    }
}
