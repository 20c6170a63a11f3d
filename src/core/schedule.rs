//! Times and durations as users type them, and the schedule of an assignment.

use chrono::{DateTime, NaiveDate, NaiveTime};

use super::clock::{MAX_TS, Ts};
use super::error::{Error, Result};

/// The shortest assignment or activation Entra allows.
pub const MIN_ASSIGNMENT_SECS: i64 = 5 * 60;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// Parses an instant: RFC 3339 (`2026-11-22T09:00:00Z`, offsets allowed) or a date
/// (`2026-11-22`, midnight UTC). `now` is accepted as the current instant.
pub fn parse_time(text: &str, now: Ts) -> Result<Ts> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    let ts = if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        dt.timestamp()
    } else if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        d.and_time(NaiveTime::MIN).and_utc().timestamp()
    } else {
        return Err(Error::invalid_with_hint(
            format!("invalid time '{}'", shorten(text)),
            "use RFC 3339 (2026-11-22T09:00:00Z, offsets allowed) or a date (2026-11-22)",
        ));
    };
    if !(0..=MAX_TS).contains(&ts) {
        return Err(Error::invalid(format!(
            "time '{}' is out of range (1970 to 9999)",
            shorten(text)
        )));
    }
    Ok(ts)
}

/// Parses a duration: `30m`, `8h`, `1h30m`, `14d`, or ISO 8601 (`PT8H`, `P90D`, `P2W`).
/// Months and years have no fixed length and are refused; sub-second parts too.
pub fn parse_duration(text: &str) -> Result<i64> {
    let t = text.trim();
    let bad = || {
        Error::invalid_with_hint(
            format!("invalid duration '{}'", shorten(text)),
            "use 30m, 8h, 1h30m, 14d, or ISO 8601 such as PT8H or P90D",
        )
    };
    if t.is_empty() {
        return Err(bad());
    }
    let secs: i64 = if t.starts_with(['P', 'p']) {
        let upper = t.to_ascii_uppercase();
        // The parser reads each number as a u32 and takes one that overflows as 0: refuse it
        // here, so that `PT1H4294967296S` is an error rather than one hour.
        if upper
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| !n.is_empty() && n.parse::<u32>().is_err())
        {
            return Err(Error::invalid_with_hint(
                format!(
                    "invalid duration '{}': a number in it is too large",
                    shorten(text)
                ),
                "use 30m, 8h, 1h30m, 14d, or ISO 8601 such as PT8H or P90D",
            ));
        }
        match iso8601::duration(&upper).map_err(|_| bad())? {
            iso8601::Duration::Weeks(w) => i64::from(w).checked_mul(7 * DAY).ok_or_else(bad)?,
            iso8601::Duration::YMDHMS {
                year,
                month,
                day,
                hour,
                minute,
                second,
                millisecond,
            } => {
                if year != 0 || month != 0 {
                    return Err(Error::invalid_with_hint(
                        format!(
                            "invalid duration '{}': years and months have no fixed length",
                            shorten(text)
                        ),
                        "give days instead, e.g. P365D or P30D",
                    ));
                }
                if millisecond != 0 {
                    return Err(bad());
                }
                i64::from(day) * DAY
                    + i64::from(hour) * HOUR
                    + i64::from(minute) * MINUTE
                    + i64::from(second)
            }
        }
    } else {
        // humantime also knows months and years (as averages); pim refuses them as it does in
        // ISO form, so the same words always mean the same length.
        if t.contains("mon") || t.contains('M') || t.contains('y') {
            return Err(Error::invalid_with_hint(
                format!(
                    "invalid duration '{}': years and months have no fixed length",
                    shorten(text)
                ),
                "give days instead, e.g. 365d or 30d",
            ));
        }
        let d = humantime::parse_duration(t).map_err(|_| bad())?;
        if d.subsec_nanos() != 0 {
            return Err(bad());
        }
        i64::try_from(d.as_secs()).map_err(|_| bad())?
    };
    if secs <= 0 {
        return Err(Error::invalid(format!(
            "invalid duration '{}': it must be longer than zero",
            shorten(text)
        )));
    }
    if secs > MAX_TS {
        return Err(Error::invalid(format!(
            "invalid duration '{}': too long",
            shorten(text)
        )));
    }
    Ok(secs)
}

/// The shortest exact form of a duration: `8h`, `1h30m`, `90d`.
pub fn format_duration(secs: i64) -> String {
    if secs <= 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = secs;
    for (unit, len) in [("d", DAY), ("h", HOUR), ("m", MINUTE), ("s", 1)] {
        if rest >= len {
            out.push_str(&format!("{}{unit}", rest / len));
            rest %= len;
        }
    }
    out
}

/// ISO 8601 form, as Microsoft Graph writes it: `PT8H`, `P365D`, `PT1H30M`.
pub fn iso_duration(secs: i64) -> String {
    let (d, h, m, s) = (
        secs / DAY,
        secs % DAY / HOUR,
        secs % HOUR / MINUTE,
        secs % MINUTE,
    );
    let mut out = String::from("P");
    if d > 0 {
        out.push_str(&format!("{d}D"));
    }
    if h > 0 || m > 0 || s > 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 {
            out.push_str(&format!("{s}S"));
        }
    }
    if out == "P" {
        out.push_str("T0S");
    }
    out
}

/// How the end of a schedule was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EndSpec {
    /// Not given: the rules' default applies.
    Default,
    At(Ts),
    After(i64),
    Permanent,
}

/// Adds a span to an instant, refusing anything past year 9999.
pub fn add(ts: Ts, secs: i64) -> Result<Ts> {
    ts.checked_add(secs)
        .filter(|t| *t <= MAX_TS)
        .ok_or_else(|| Error::invalid("the end of the schedule is past the year 9999"))
}

fn shorten(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if clean.chars().count() > 60 {
        let mut t: String = clean.chars().take(57).collect();
        t.push_str("...");
        t
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_form() {
        assert_eq!(parse_duration("30m").unwrap(), 30 * MINUTE);
        assert_eq!(parse_duration("8h").unwrap(), 8 * HOUR);
        assert_eq!(parse_duration("1h30m").unwrap(), 90 * MINUTE);
        assert_eq!(parse_duration("14d").unwrap(), 14 * DAY);
        assert_eq!(parse_duration("PT8H").unwrap(), 8 * HOUR);
        assert_eq!(parse_duration("pt8h").unwrap(), 8 * HOUR);
        assert_eq!(parse_duration("P90D").unwrap(), 90 * DAY);
        assert_eq!(parse_duration("PT1H30M").unwrap(), 90 * MINUTE);
        assert_eq!(parse_duration("P2W").unwrap(), 14 * DAY);
        assert_eq!(parse_duration("1.5h").unwrap(), 90 * MINUTE);
    }

    #[test]
    fn an_iso_number_too_large_is_refused_not_read_as_zero() {
        for text in [
            "PT1H4294967296S",
            "P4294967296D",
            "PT99999999999M",
            "P4294967296W",
        ] {
            let e = parse_duration(text).unwrap_err().to_string();
            assert!(e.contains(text) && e.contains("too large"), "{text}: {e}");
        }
        // The largest a component may be still parses (and is then judged by its length).
        assert_eq!(parse_duration("PT4294967295S").unwrap(), 4_294_967_295);
    }

    #[test]
    fn bad_durations_are_refused() {
        for bad in [
            "",
            "0m",
            "PT0S",
            "abc",
            "8",
            "-5m",
            "P1Y",
            "P1M",
            "1month",
            "2y",
            "1.0001s",
            "PT",
            "h8",
            "99999999999999999999d",
            "1000000000d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("2026-11-22T09:00:00Z", 0).unwrap(),
            1_795_338_000
        );
        assert_eq!(
            parse_time("2026-11-22T10:00:00+01:00", 0).unwrap(),
            1_795_338_000
        );
        assert_eq!(parse_time("2026-11-22", 0).unwrap(), 1_795_305_600);
        assert_eq!(parse_time("now", 42).unwrap(), 42);
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-11-22T25:00:00Z",
            "22/11/2026",
            "1969-12-31",
        ] {
            assert!(parse_time(bad, 0).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn formats_round_trip() {
        for secs in [5 * MINUTE, 8 * HOUR, 90 * MINUTE, 365 * DAY, DAY + 1] {
            assert_eq!(parse_duration(&format_duration(secs)).unwrap(), secs);
            assert_eq!(parse_duration(&iso_duration(secs)).unwrap(), secs);
        }
        assert_eq!(iso_duration(8 * HOUR), "PT8H");
        assert_eq!(iso_duration(365 * DAY), "P365D");
        assert_eq!(format_duration(90 * MINUTE), "1h30m");
    }
}
