//! The broken forms keys arrive in (squashed PEM, literal `\n`, Base64
//! wrapping), and the byte rewrites that undo them.

use zeroize::Zeroizing;

/// A broken form that was read anyway; callers warn about it on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repair {
    /// PEM squashed onto one line (newlines replaced by spaces or removed).
    SquashedPem,
    /// PEM with literal `\n` sequences instead of newlines (from JSON or an env var).
    EscapedNewlines,
    /// The whole input was one Base64 string wrapping the PEM or DER.
    Base64Wrapped,
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Repair::SquashedPem => "PEM was squashed onto one line; line breaks were restored",
            Repair::EscapedNewlines => {
                "PEM had literal \\n sequences instead of line breaks; they were replaced"
            }
            Repair::Base64Wrapped => "input was Base64 text; it was decoded first",
        })
    }
}

/// Replaces `from` with `to` everywhere in `text`.
pub(super) fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(text, from) {
        out.extend_from_slice(text.get(last..at).unwrap_or_default());
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(text.get(last..).unwrap_or_default());
    out
}

/// Applies the replacements in order; copies that are replaced are wiped
/// (the text may hold key material).
pub(super) fn rewrite(text: &mut std::borrow::Cow<'_, [u8]>, replacements: &[(&[u8], &[u8])]) {
    for (from, to) in replacements {
        let replaced = replace(text, from, to);
        if let std::borrow::Cow::Owned(old) = std::mem::replace(text, replaced.into()) {
            drop(Zeroizing::new(old));
        }
    }
}
