//! Subject alternative names typed by people: `dns:NAME`, `ip:ADDRESS` (IPv4 or
//! IPv6), `email:ADDRESS`, `uri:URI` (the prefix in any case, so openssl's
//! `DNS:`/`IP:`/`URI:` spellings read too).
//!
//! Refuses: another prefix, an empty value, a value that is not ASCII (these
//! are IA5Strings; an internationalised domain name must be given in its `xn--`
//! form), an address that is not IPv4 or IPv6, and text with spaces or control
//! characters.
//!
//! Invariant: an [`AltName`] holds a `GeneralName` that encodes as DER.

use std::fmt;
use std::net::IpAddr;

use der::asn1::Ia5String;
use x509_cert::ext::pkix::name::GeneralName;

use crate::error::{Error, Invalid, Origin, Result};

/// One subject alternative name of a certificate or request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AltName {
    /// A DNS name (`dns:client.example.com`).
    Dns(String),
    /// An IPv4 or IPv6 address (`ip:192.0.2.1`, `ip:2001:db8::1`).
    Ip(IpAddr),
    /// An email address (`email:ops@example.com`).
    Email(String),
    /// A URI (`uri:spiffe://example.com/client`).
    Uri(String),
}

impl AltName {
    /// Parses `dns:NAME`, `ip:ADDRESS`, `email:ADDRESS` or `uri:URI`.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::AltName`] (naming `origin`).
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::AltName;
    /// use keysmith::Origin;
    /// let origin = Origin::Argument("alternative name");
    /// let ip = AltName::parse("ip:2001:db8::1", &origin)?;
    /// assert_eq!(ip.to_string(), "IP:2001:db8::1");
    /// assert!(AltName::parse("dns:", &origin).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, origin: &Origin) -> Result<AltName> {
        let invalid = || Error::Invalid {
            origin: origin.clone(),
            reason: Invalid::AltName,
        };
        let (kind, value) = text.split_once(':').ok_or_else(invalid)?;
        let plain = !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic());
        let name = match kind.to_ascii_lowercase().as_str() {
            "ip" => AltName::Ip(value.parse().map_err(|_| invalid())?),
            _ if !plain => return Err(invalid()),
            "dns" => AltName::Dns(value.to_owned()),
            "email" => AltName::Email(value.to_owned()),
            "uri" => AltName::Uri(value.to_owned()),
            _ => return Err(invalid()),
        };
        Ok(name)
    }

    /// The `GeneralName` of this name.
    pub(crate) fn to_general_name(&self) -> Option<GeneralName> {
        let ia5 = |text: &str| Ia5String::new(text).ok();
        Some(match self {
            AltName::Dns(name) => GeneralName::DnsName(ia5(name)?),
            AltName::Ip(address) => GeneralName::from(*address),
            AltName::Email(address) => GeneralName::Rfc822Name(ia5(address)?),
            AltName::Uri(uri) => GeneralName::UniformResourceIdentifier(ia5(uri)?),
        })
    }
}

impl fmt::Display for AltName {
    /// As openssl and `inspect` print it: `DNS:…`, `IP:…`, `email:…`, `URI:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AltName::Dns(name) => write!(f, "DNS:{name}"),
            AltName::Ip(address) => write!(f, "IP:{address}"),
            AltName::Email(address) => write!(f, "email:{address}"),
            AltName::Uri(uri) => write!(f, "URI:{uri}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AltName> {
        AltName::parse(text, &Origin::Argument("alternative name"))
    }

    #[test]
    fn parse_reads_each_kind_in_any_case() {
        assert_eq!(
            parse("dns:client.example.com").unwrap(),
            AltName::Dns("client.example.com".into())
        );
        assert_eq!(
            parse("DNS:*.example.com").unwrap().to_string(),
            "DNS:*.example.com"
        );
        assert_eq!(parse("IP:192.0.2.1").unwrap().to_string(), "IP:192.0.2.1");
        assert_eq!(
            parse("ip:2001:DB8::1").unwrap().to_string(),
            "IP:2001:db8::1"
        );
        assert_eq!(
            parse("email:ops@example.com").unwrap().to_string(),
            "email:ops@example.com"
        );
        assert_eq!(
            parse("URI:spiffe://example.com/a").unwrap().to_string(),
            "URI:spiffe://example.com/a"
        );
    }

    #[test]
    fn parse_refuses_other_kinds_and_bad_values() {
        for bad in [
            "client.example.com",
            "dns:",
            "rid:1.2.3",
            "ip:300.1.1.1",
            "ip:example.com",
            "dns:zoë.example.com",
            "dns:a b",
            "email:a\u{1b}@x",
        ] {
            assert_eq!(
                parse(bad).unwrap_err().to_string(),
                "argument alternative name: expected a subject alternative name dns:NAME, \
                 ip:ADDRESS, email:ADDRESS or uri:URI (ASCII; IPv4 or IPv6)",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn ip_addresses_encode_as_their_octets() {
        let GeneralName::IpAddress(octets) = parse("ip:::1").unwrap().to_general_name().unwrap()
        else {
            panic!("not an IP address")
        };
        assert_eq!(octets.as_bytes().len(), 16);
    }
}
