//! Time in pim: integer seconds since the Unix epoch, UTC. Core never reads the system clock; the
//! caller passes a [`Clock`].

use chrono::{DateTime, SecondsFormat, Utc};

/// Seconds since the Unix epoch, UTC.
pub type Ts = i64;

/// The latest instant pim stores: the end of year 9999.
pub const MAX_TS: Ts = 253_402_300_799;

pub trait Clock {
    fn now(&self) -> Ts;
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Ts {
        Utc::now().timestamp()
    }
}

/// A clock that always answers the same instant (tests, `PIM_NOW`).
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub Ts);

impl Clock for FixedClock {
    fn now(&self) -> Ts {
        self.0
    }
}

/// RFC 3339 in UTC with a `Z`, to the second: the form JSON and CSV print.
pub fn rfc3339(ts: Ts) -> String {
    match DateTime::<Utc>::from_timestamp(ts, 0) {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        None => ts.to_string(),
    }
}

/// An instant as people read it, in `zone`: `2026-11-22 10:00 CET`. Tables and messages use this
/// one form (JSON and CSV use [`rfc3339`]).
pub fn human(ts: Ts, zone: &jiff::tz::TimeZone) -> String {
    match jiff::Timestamp::from_second(ts) {
        Ok(t) => t
            .to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => rfc3339(ts),
    }
}

/// Serde helpers: timestamps serialise as RFC 3339 UTC strings.
pub mod serde_ts {
    use super::{Ts, rfc3339};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ts: &Ts, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(*ts))
    }

    /// Reads back what `serialize` wrote (a server's answer, read by its client).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Ts, D::Error> {
        let text = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&text)
            .map(|t| t.timestamp())
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not an RFC 3339 time")))
    }

    pub mod option {
        use super::super::{Ts, rfc3339};
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(ts: &Option<Ts>, s: S) -> Result<S::Ok, S::Error> {
            match ts {
                Some(t) => s.serialize_str(&rfc3339(*t)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Ts>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(text) => chrono::DateTime::parse_from_rfc3339(&text)
                    .map(|t| Some(t.timestamp()))
                    .map_err(|_| {
                        serde::de::Error::custom(format!("'{text}' is not an RFC 3339 time"))
                    }),
            }
        }
    }
}

/// Reads back a word that pim writes as a `&'static str` (`direct`, `pim`, …): a server's
/// answer, read by its client. A word pim never writes is refused.
pub mod serde_word {
    use serde::{Deserialize, Deserializer};

    /// A `&'static str` field that is read back with [`deserialize`]. (Spelt through this alias,
    /// serde does not take the field for a borrowed string.)
    pub type Word = &'static str;

    /// Every word such fields hold.
    const WORDS: &[&str] = &[
        "direct",
        "group",
        "inherited",
        "static",
        "pim",
        "activated",
        "deactivated",
        "already_inactive",
        "not_active",
        "approve",
        "deny",
        "approved",
        "denied",
        "plain",
        "hmac",
        "none",
        "sha256",
        "hmac-sha256",
        "sha256+hmac-sha256",
    ];

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let text = String::deserialize(d)?;
        WORDS
            .iter()
            .find(|w| **w == text)
            .copied()
            .ok_or_else(|| serde::de::Error::custom(format!("unexpected word '{text}'")))
    }

    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => WORDS
                .iter()
                .find(|w| **w == text)
                .copied()
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("unexpected word '{text}'"))),
        }
    }
}

/// A human description of a span: `7h 59m`, `3d 4h`, `45s`.
pub fn human_span(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3_600,
        secs % 3_600 / 60,
        secs % 60,
    );
    if d > 0 {
        if h > 0 {
            format!("{d}d {h}h")
        } else {
            format!("{d}d")
        }
    } else if h > 0 {
        if m > 0 {
            format!("{h}h {m}m")
        } else {
            format!("{h}h")
        }
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_338_000), "2026-11-22T09:00:00Z");
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(human(1_795_338_000, &utc), "2026-11-22 09:00 UTC");
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(human(1_795_338_000, &paris), "2026-11-22 10:00 CET");
        assert_eq!(human(1_782_896_400, &paris), "2026-07-01 11:00 CEST");
    }

    #[test]
    fn spans() {
        assert_eq!(human_span(45), "45s");
        assert_eq!(human_span(8 * 3600), "8h");
        assert_eq!(human_span(7 * 3600 + 59 * 60), "7h 59m");
        assert_eq!(human_span(3 * 86_400 + 4 * 3600), "3d 4h");
        assert_eq!(human_span(-5), "0s");
    }
}
