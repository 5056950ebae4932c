//! Text that came from an input, made safe to show on a terminal.
//!
//! A token header, a certificate name or a file name is data chosen by whoever
//! made it. Printed as it is, an ESC starts a terminal escape sequence (erase the
//! line, hide the text that follows), a carriage return or a newline starts a
//! line of its own, and a bidirectional override reorders what follows it: any of
//! these can forge or hide a verdict line. [`escape`] (and [`Escaped`], its
//! non-allocating `Display` form) is the one place that decides what is shown
//! instead; every error message of the library and every text renderer of the
//! `keysmith` command use it for every value that came from an input.
//!
//! What is escaped: every character for which [`char::is_control`] holds (C0
//! U+0000–U+001F including tab and newline, DEL U+007F, C1 U+0080–U+009F), the
//! bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E,
//! U+2066–U+2069) and the line and paragraph separators U+2028 and U+2029. A
//! tab, newline and carriage return are shown as `\t`, `\n` and `\r`; every other
//! escaped character as `\u` and four lowercase hex digits, as JSON writes it
//! (`\u001b`, `\u202e`). Everything else, a backslash included, is shown as it
//! is, so escaping is idempotent: escaped text escapes to itself.
//!
//! Invariant: the escaped form of any string is one line holding no character
//! that `needs_escape` accepts, and a string with none of them is returned
//! borrowed (nothing is allocated for clean values).

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// Whether `c` is shown escaped: a control character (C0, DEL, C1), a
/// bidirectional formatting character, or a line or paragraph separator.
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every character `needs_escape` accepts written as `\n`, `\r`,
/// `\t` or `\uXXXX`; borrowed when there is none.
///
/// # Example
/// ```
/// use keysmith::text::escape;
/// assert_eq!(escape("CN=evil\r\u{1b}[2K"), r"CN=evil\r\u001b[2K");
/// assert!(matches!(escape("CN=client"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if text.contains(needs_escape) {
        Cow::Owned(Escaped(text).to_string())
    } else {
        Cow::Borrowed(text)
    }
}

/// A path as text (lossy for bytes that are not UTF-8, as [`Path::display`]),
/// escaped as by [`escape`].
///
/// # Example
/// ```
/// use keysmith::text::escape_path;
/// let path = std::path::Path::new("key\n\u{1b}[1m.pem");
/// assert_eq!(escape_path(path), r"key\n\u001b[1m.pem");
/// ```
pub fn escape_path(path: &Path) -> Cow<'_, str> {
    match path.to_string_lossy() {
        Cow::Borrowed(text) => escape(text),
        Cow::Owned(text) => Cow::Owned(escape(&text).into_owned()),
    }
}

/// Writes its text escaped as by [`escape`], without allocating: for `format!`
/// and `write!` arguments. Width and alignment flags are not applied.
///
/// # Example
/// ```
/// use keysmith::text::Escaped;
/// let alg = "RS256\r\u{1b}[2Ksignature: VALID";
/// assert_eq!(format!("alg {}", Escaped(alg)), r"alg RS256\r\u001b[2Ksignature: VALID");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut clean_from = 0;
        for (at, c) in text.char_indices().filter(|&(_, c)| needs_escape(c)) {
            f.write_str(text.get(clean_from..at).unwrap_or_default())?;
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                // Every character needs_escape accepts is in the BMP: four digits.
                _ => write!(f, "\\u{:04x}", u32::from(c))?,
            }
            clean_from = at + c.len_utf8();
        }
        f.write_str(text.get(clean_from..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_table() {
        let table: &[(&str, &str)] = &[
            ("", ""),
            ("CN=client,O=Example", "CN=client,O=Example"),
            ("tab\there", r"tab\there"),
            ("two\nlines", r"two\nlines"),
            ("cr\rlf\r\n", r"cr\rlf\r\n"),
            ("\u{1b}[2K", r"\u001b[2K"),
            ("\u{0}nul", r"\u0000nul"),
            ("bell\u{7}", r"bell\u0007"),
            ("del\u{7f}", r"del\u007f"),
            ("csi\u{9b}2K", r"csi\u009b2K"),
            ("c1 end\u{9f}", r"c1 end\u009f"),
            ("\u{202e}DILAVNI", r"\u202eDILAVNI"),
            (
                "\u{202a}\u{202b}\u{202c}\u{202d}",
                r"\u202a\u202b\u202c\u202d",
            ),
            (
                "\u{2066}\u{2067}\u{2068}\u{2069}",
                r"\u2066\u2067\u2068\u2069",
            ),
            ("\u{200e}\u{200f}\u{61c}", r"\u200e\u200f\u061c"),
            ("line\u{2028}para\u{2029}", r"line\u2028para\u2029"),
            ("ümlaut €uro 日本 🔑", "ümlaut €uro 日本 🔑"),
            (r"back\slash \u001b", r"back\slash \u001b"),
            (
                "RS256\r\u{1b}[2Ksignature: VALID\u{1b}[8m",
                r"RS256\r\u001b[2Ksignature: VALID\u001b[8m",
            ),
        ];
        for (input, expected) in table {
            assert_eq!(escape(input), *expected, "escape({input:?})");
            assert_eq!(Escaped(input).to_string(), *expected, "Escaped({input:?})");
            assert_eq!(
                escape(expected),
                *expected,
                "escaping twice changes nothing"
            );
        }
    }

    #[test]
    fn escape_borrows_clean_text() {
        assert!(matches!(escape("CN=client ü"), Cow::Borrowed(_)));
        assert!(matches!(escape("a\u{1b}"), Cow::Owned(_)));
        assert!(matches!(
            escape_path(Path::new("dir/key.pem")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escaped_text_is_one_clean_line() {
        let every: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = escape(&every);
        assert!(!shown.contains(needs_escape));
        assert!(!shown.contains(['\n', '\r', '\u{1b}']));
    }

    proptest::proptest! {
        #[test]
        fn escape_is_clean_reversible_and_idempotent(text in "\\PC*|[\\x00-\\x{a0}\\x{2000}-\\x{206f}]*") {
            let shown = escape(&text);
            proptest::prop_assert!(!shown.contains(needs_escape));
            proptest::prop_assert_eq!(escape(&shown), shown.clone());
            // Nothing is lost: the escaped form reads back as a JSON string.
            let back: String = serde_json::from_str(&format!("\"{}\"", shown.replace('"', "\\\""))).unwrap_or_default();
            if !text.contains('\\') {
                proptest::prop_assert_eq!(back, text);
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn escape_path_shows_non_utf8_bytes_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"k\xff\n.pem"));
        assert_eq!(escape_path(path), "k\u{fffd}\\n.pem");
    }
}
