//! Points in time, printed as RFC 3339 UTC with a relative phrase.
//!
//! keysmith never reads the clock below the binary: every time-dependent
//! operation takes `now` as a [`Timestamp`] argument, so scripts and tests are
//! deterministic.

use serde::{Serialize, Serializer};

/// Seconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The timestamp `seconds` after the Unix epoch.
    pub const fn from_unix(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_unix(self) -> i64 {
        self.0
    }

    /// The current time from the system clock (for the binary and `TokenCache`'s clock).
    pub fn now() -> Timestamp {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Timestamp(secs)
    }

    /// Converts a file time; times before the epoch count negative.
    pub fn from_system_time(t: std::time::SystemTime) -> Timestamp {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Timestamp(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Err(e) => Timestamp(-i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX)),
        }
    }

    /// A time given as Unix seconds or RFC 3339 (`2030-01-31T00:00:00Z`, any offset).
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] with [`crate::Invalid::Time`] (naming `origin`).
    ///
    /// # Example
    /// ```
    /// use keysmith::{time::Timestamp, Origin};
    /// let origin = Origin::Argument("end");
    /// assert_eq!(Timestamp::parse("2030-01-01T01:00:00+01:00", &origin)?.as_unix(), 1_893_456_000);
    /// assert_eq!(Timestamp::parse("1893456000", &origin)?.as_unix(), 1_893_456_000);
    /// assert!(Timestamp::parse("next week", &origin).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, origin: &crate::Origin) -> crate::Result<Timestamp> {
        let text = text.trim();
        if let Ok(seconds) = text.parse::<i64>() {
            return Ok(Timestamp(seconds));
        }
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map(|t| Timestamp(t.unix_timestamp()))
            .map_err(|_| crate::Error::Invalid {
                origin: origin.clone(),
                reason: crate::Invalid::Time,
            })
    }

    /// This time plus `seconds` (saturating).
    #[must_use]
    pub fn add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// RFC 3339 in UTC, e.g. `2022-07-09T02:10:16Z`; out-of-range years print as
    /// `@SECONDS`. What `Display` and `Serialize` show.
    pub(crate) fn to_rfc3339(self) -> String {
        let format = time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| t.format(&format).ok())
            .unwrap_or_else(|| format!("@{}", self.0))
    }

    /// A phrase relative to `now`: `4 years ago`, `in 29 minutes`, `now`.
    pub(crate) fn relative_to(self, now: Timestamp) -> String {
        let delta = i128::from(self.0) - i128::from(now.0);
        let abs = delta.unsigned_abs();
        if abs == 0 {
            return "now".to_owned();
        }
        const UNITS: [(u128, &str); 6] = [
            (365 * 86_400, "year"),
            (30 * 86_400, "month"),
            (86_400, "day"),
            (3_600, "hour"),
            (60, "minute"),
            (1, "second"),
        ];
        let (size, unit) = UNITS
            .iter()
            .copied()
            .find(|(size, _)| abs >= *size)
            .unwrap_or((1, "second"));
        let n = abs / size;
        let plural = if n == 1 { "" } else { "s" };
        if delta < 0 {
            format!("{n} {unit}{plural} ago")
        } else {
            format!("in {n} {unit}{plural}")
        }
    }

    /// `2022-07-09T02:10:16Z, 4 years ago`: the time and a phrase relative to
    /// `now` (`4 years ago`, `in 29 minutes`, `now`).
    ///
    /// # Example
    /// ```
    /// use keysmith::time::Timestamp;
    /// let exp = Timestamp::from_unix(1657332616);
    /// let now = Timestamp::from_unix(1790000000);
    /// assert_eq!(exp.describe(now), "2022-07-09T02:10:16Z, 4 years ago");
    /// assert_eq!(now.describe(exp), "2026-09-21T14:13:20Z, in 4 years");
    /// ```
    pub fn describe(self, now: Timestamp) -> String {
        format!("{}, {}", self.to_rfc3339(), self.relative_to(now))
    }
}

/// RFC 3339 in UTC; out-of-range years show as `@SECONDS`.
///
/// # Example
/// ```
/// use keysmith::time::Timestamp;
/// assert_eq!(Timestamp::from_unix(1657332616).to_string(), "2022-07-09T02:10:16Z");
/// ```
impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// Serialises as the RFC 3339 string.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_formats_epoch_and_extremes() {
        assert_eq!(Timestamp::from_unix(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(i64::MAX).to_rfc3339(),
            format!("@{}", i64::MAX)
        );
    }

    #[test]
    fn timestamp_relative_phrases() {
        let now = Timestamp::from_unix(1_000_000);
        assert_eq!(now.relative_to(now), "now");
        assert_eq!(now.add_seconds(1).relative_to(now), "in 1 second");
        assert_eq!(now.add_seconds(-1800).relative_to(now), "30 minutes ago");
        assert_eq!(now.add_seconds(86_400 * 2).relative_to(now), "in 2 days");
        assert_eq!(
            Timestamp::from_unix(i64::MIN).relative_to(Timestamp::from_unix(i64::MAX)),
            format!("{} years ago", (u128::from(u64::MAX)) / (365 * 86_400))
        );
    }
}
