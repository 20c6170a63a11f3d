//! Times and durations as people type them (the grammar is docs/times.md), and the schedule of an
//! assignment. One parser for each, used by every flag, file and setting that takes one.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Span, SpanRelativeTo, Timestamp};

use super::clock::{MAX_TS, Ts};
use super::error::{Error, Result};

/// The shortest assignment or activation Entra allows.
pub const MIN_ASSIGNMENT_SECS: i64 = 5 * 60;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// The longest duration pim takes: 36,500 days (a hundred years). Anything longer is a typing
/// slip (or an overflow waiting to happen); an assignment that long is `--permanent`.
pub const MAX_DURATION_SECS: i64 = 36_500 * DAY;

/// What a duration may be, for error hints (docs/times.md says the same at length).
pub const DURATION_GRAMMAR: &str = "a duration is numbers with units, largest first: 90m, 1h30m, 2h, 1.5h, 14d, 2w, \
     2 hours 30 minutes, or ISO 8601 such as PT8H, P1D, P1DT12H (s, m, h, d, w; no months or years; \
     at most 36500d)";

/// What a time may be, for error hints.
pub const TIME_GRAMMAR: &str = "a time is RFC 3339 (2026-11-22T09:00:00Z, offsets allowed), a local date and time \
     (2026-11-22 09:00), a date (2026-11-22, midnight UTC), now, today/tomorrow/yesterday [HH:MM], \
     or a duration from now (1h, 2d; `1h ago`, `in 2h`)";

/// Which way a bare duration given as a time points: `--since 1h` means an hour ago, `--start 1h`
/// an hour from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toward {
    Past,
    Future,
}

/// Parses an instant. Without an offset, a date and time is in `zone` (the user's time zone); a
/// date alone is midnight UTC; a duration is counted from `now` (see [`Toward`]).
pub fn parse_time(text: &str, now: Ts, zone: &TimeZone, toward: Toward) -> Result<Ts> {
    let t = text.trim();
    let bad = |why: Option<&str>| {
        Error::invalid_with_hint(
            match why {
                Some(why) => format!("invalid time {}: {why}", quoted(text)),
                None => format!("invalid time {}", quoted(text)),
            },
            TIME_GRAMMAR,
        )
    };
    let lower = t.to_ascii_lowercase();
    let ts = if lower == "now" {
        now
    } else if let Ok(at) = t.parse::<Timestamp>() {
        // RFC 3339 offsets stop at ±23:59 (ISO 8601's parser goes to ±25:59).
        if let Ok(p) = jiff::fmt::temporal::Pieces::parse(t)
            && let Some(jiff::fmt::temporal::PiecesOffset::Numeric(o)) = p.offset()
            && o.offset().seconds().abs() >= 24 * 3600
        {
            return Err(bad(Some("an offset is at most ±23:59")));
        }
        at.as_second()
    } else if t.len() == 10
        && let Ok(d) = t.parse::<Date>()
    {
        d.to_datetime(Time::midnight())
            .to_zoned_datetime(TimeZone::UTC)
            .map_err(|_| bad(None))?
            .timestamp()
            .as_second()
    } else if t.contains(':')
        && t.starts_with(|c: char| c.is_ascii_digit())
        && !t
            .get(10..)
            .unwrap_or("")
            .contains(['+', '-', 'Z', 'z', '['])
        && let Ok(dt) = t.parse::<DateTime>()
    {
        local(zone, dt).map_err(|_| bad(Some("it does not exist in your time zone")))?
    } else if let Some(ts) = relative_day(&lower, now, zone) {
        ts.map_err(|_| bad(None))?
    } else if !t.contains(':') {
        let (span_text, toward) = if let Some(rest) = lower.strip_suffix(" ago") {
            (rest.trim(), Toward::Past)
        } else if let Some(rest) = lower.strip_prefix("in ") {
            (rest.trim(), Toward::Future)
        } else {
            (t, toward)
        };
        let secs = duration_secs(span_text).map_err(|_| bad(None))?;
        match toward {
            Toward::Past => now.checked_sub(secs),
            Toward::Future => now.checked_add(secs),
        }
        .ok_or_else(|| bad(Some("out of range (1970 to 9999)")))?
    } else {
        return Err(bad(None));
    };
    if !(0..=MAX_TS).contains(&ts) {
        return Err(bad(Some("out of range (1970 to 9999)")));
    }
    Ok(ts)
}

/// A wall-clock time in `zone`. A time that happens twice (the hour clocks are put back) is the
/// first; one that never happens (the hour they skip) is read as it would be before the change.
fn local(zone: &TimeZone, dt: DateTime) -> std::result::Result<Ts, jiff::Error> {
    Ok(zone.to_ambiguous_timestamp(dt).compatible()?.as_second())
}

/// `today`, `tomorrow`, `yesterday`, each optionally followed by `HH:MM[:SS]`, in `zone`.
fn relative_day(lower: &str, now: Ts, zone: &TimeZone) -> Option<std::result::Result<Ts, ()>> {
    let (word, rest) = lower.split_once(' ').unwrap_or((lower, ""));
    let shift = match word {
        "today" => 0,
        "tomorrow" => 1,
        "yesterday" => -1,
        _ => return None,
    };
    Some((|| {
        let today = Timestamp::from_second(now)
            .map_err(drop)?
            .to_zoned_datetime(zone.clone())
            .date();
        let day = today.checked_add(Span::new().days(shift)).map_err(drop)?;
        let rest = rest.trim();
        let time = if rest.is_empty() {
            Time::midnight()
        } else {
            rest.parse::<Time>().map_err(drop)?
        };
        local(zone, day.to_datetime(time)).map_err(drop)
    })())
}

/// Parses a duration (the grammar is [`DURATION_GRAMMAR`]) into seconds: more than zero, whole
/// seconds, at most [`MAX_DURATION_SECS`].
pub fn parse_duration(text: &str) -> Result<i64> {
    duration_secs(text.trim()).map_err(|why| {
        Error::invalid_with_hint(
            match why {
                Some(why) => format!("invalid duration {}: {why}", quoted(text)),
                None => format!("invalid duration {}", quoted(text)),
            },
            DURATION_GRAMMAR,
        )
    })
}

const OUT_OF_RANGE: &str = "out of range (at most 36500d; for no end, give none or `permanent`)";

/// The seconds of a duration, or why not (None: it is not a duration at all).
fn duration_secs(t: &str) -> std::result::Result<i64, Option<&'static str>> {
    // ISO 8601 is written in capitals; accept `pt8h` as well.
    let upper;
    let t = if t.starts_with(['p', 'P']) {
        upper = t.to_ascii_uppercase();
        upper.as_str()
    } else {
        t
    };
    let span: Span = t.parse().map_err(|e: jiff::Error| {
        // A number too large for its unit is out of range, not malformed.
        let e = e.to_string();
        // (jiff says a number too large for minutes "failed to set value for minute unit".)
        (e.contains("range") || e.contains("overflow") || e.contains("failed to set value"))
            .then_some(OUT_OF_RANGE)
    })?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err(Some(
            "years and months have no fixed length: give days instead, e.g. 365d or 30d",
        ));
    }
    let d = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| Some(OUT_OF_RANGE))?;
    if d.subsec_nanos() != 0 {
        return Err(Some("pim counts whole seconds"));
    }
    let secs = d.as_secs();
    if secs <= 0 {
        return Err(Some("it must be longer than zero"));
    }
    if secs > MAX_DURATION_SECS {
        return Err(Some(OUT_OF_RANGE));
    }
    Ok(secs)
}

/// What was typed, quoted, exactly; control characters escaped, and cut only when very long.
pub fn quoted(text: &str) -> String {
    const LONG: usize = 200;
    let mut out = String::from("'");
    for (i, c) in text.chars().enumerate() {
        if i == LONG {
            out.push_str(&format!("…' ({} characters)", text.chars().count()));
            return out;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> TimeZone {
        TimeZone::get("Europe/Paris").unwrap()
    }

    const T0: Ts = 1_795_338_000; // 2026-11-22T09:00:00Z, a Sunday

    #[test]
    fn durations_in_every_form() {
        for (text, secs) in [
            ("30m", 30 * MINUTE),
            ("90m", 90 * MINUTE),
            ("8h", 8 * HOUR),
            ("2h", 2 * HOUR),
            ("1h30m", 90 * MINUTE),
            ("1h 30m", 90 * MINUTE),
            ("2 hours 30 minutes", 150 * MINUTE),
            ("1.5h", 90 * MINUTE),
            ("14d", 14 * DAY),
            ("2w", 14 * DAY),
            ("PT8H", 8 * HOUR),
            ("pt8h", 8 * HOUR),
            ("P1D", DAY),
            ("P90D", 90 * DAY),
            ("PT1H30M", 90 * MINUTE),
            ("P1DT12H", 36 * HOUR),
            ("P2W", 14 * DAY),
            (" 8h ", 8 * HOUR),
            ("36500d", MAX_DURATION_SECS),
        ] {
            assert_eq!(parse_duration(text).ok(), Some(secs), "{text:?}");
        }
    }

    #[test]
    fn an_iso_number_too_large_is_refused_not_read_as_zero() {
        for text in [
            "PT1H4294967296S",
            "P4294967296D",
            "PT99999999999M",
            "P4294967296W",
            "PT4294967295S",
        ] {
            let e = parse_duration(text).unwrap_err().to_string();
            assert!(
                e.contains(text) && e.contains("out of range"),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn bad_durations_are_refused_and_repeat_what_was_typed() {
        for bad in [
            "",
            "0m",
            "PT0S",
            "abc",
            "8",
            "-5m",
            "P1Y",
            "P1M",
            "1mo",
            "1month",
            "2y",
            "1.0001s",
            "PT",
            "h8",
            "1h30",
            "99999999999999999999d",
            "1000000000d",
            "36501d",
            // An ISO 8601 component past 2^32 - 1 must not wrap round to a small number.
            "PT1H4294967296S",
            "PT4294967297S",
        ] {
            let e = parse_duration(bad).expect_err(bad).to_string();
            assert!(
                e.starts_with(&format!("invalid duration '{bad}'")),
                "{bad:?}: {e}"
            );
        }
        for long in ["36501d", "99999999d", "99999999999d", "PT1H4294967296S"] {
            let e = parse_duration(long).unwrap_err();
            assert!(
                e.to_string().contains("out of range (at most 36500d"),
                "{e}"
            );
        }
        let e = parse_duration("36501d").unwrap_err();
        assert!(e.hints().iter().any(|h| h.contains("1h30m")));
        let e = parse_duration("P1Y").unwrap_err().to_string();
        assert!(e.contains("no fixed length"), "{e}");
    }

    #[test]
    fn times_absolute() {
        let utc = TimeZone::UTC;
        let t = |s: &str| parse_time(s, 42, &utc, Toward::Future);
        assert_eq!(t("2026-11-22T09:00:00Z").unwrap(), T0);
        assert_eq!(t("2026-11-22T10:00:00+01:00").unwrap(), T0);
        assert_eq!(t("2026-11-22 09:00Z").unwrap(), T0);
        assert_eq!(t("2026-11-22").unwrap(), T0 - 9 * HOUR);
        assert_eq!(t("now").unwrap(), 42);
        for bad in [
            "",
            "2026-13-01",
            "2026-02-30",
            "2026-11-22T25:00:00Z",
            "22/11/2026",
            "1969-12-31",
            "1795000000",
            "10:30",
            "+275760-01-01T00:00:00Z",
            "2026-11-22T09:00:00+25:00",
            "2026-11-22 09:00 +25:00",
            "notatime",
        ] {
            let e = t(bad).expect_err(bad).to_string();
            assert!(e.starts_with(&format!("invalid time '{bad}'")), "{e}");
        }
    }

    #[test]
    fn times_without_an_offset_are_in_the_users_zone() {
        let p = |s: &str| parse_time(s, T0, &paris(), Toward::Future).unwrap();
        // Paris is UTC+1 in November, UTC+2 in July.
        assert_eq!(p("2026-11-22 10:00"), T0);
        assert_eq!(p("2026-11-22T10:00:00"), T0);
        assert_eq!(p("2026-07-01 11:00") % DAY, 9 * HOUR);
        // A date alone stays midnight UTC; an offset is taken as written.
        assert_eq!(p("2026-11-22"), T0 - 9 * HOUR);
        assert_eq!(p("2026-11-22T09:00:00Z"), T0);
        // The hour skipped in March reads as before the change; the hour repeated in October
        // is its first time.
        assert_eq!(
            p("2026-03-29 02:30"),
            p("2026-03-29T02:30:00+01:00"),
            "skipped hour"
        );
        assert_eq!(
            p("2026-10-25 02:30"),
            p("2026-10-25T02:30:00+02:00"),
            "repeated hour"
        );
        let utc = parse_time("2026-11-22 10:00", T0, &TimeZone::UTC, Toward::Future).unwrap();
        assert_eq!(utc, T0 + HOUR);
    }

    #[test]
    fn relative_times() {
        let z = paris();
        let past = |s: &str| parse_time(s, T0, &z, Toward::Past).unwrap();
        let future = |s: &str| parse_time(s, T0, &z, Toward::Future).unwrap();
        assert_eq!(past("1h"), T0 - HOUR);
        assert_eq!(past("90m"), T0 - 90 * MINUTE);
        assert_eq!(future("1h"), T0 + HOUR);
        assert_eq!(future("PT2H"), T0 + 2 * HOUR);
        assert_eq!(future("1h ago"), T0 - HOUR);
        assert_eq!(past("in 2d"), T0 + 2 * DAY);
        // T0 is 10:00 in Paris on 2026-11-22.
        assert_eq!(future("tomorrow 09:00"), T0 + DAY - HOUR);
        assert_eq!(future("Tomorrow 09:30:15"), T0 + DAY - 30 * MINUTE + 15);
        assert_eq!(past("yesterday"), T0 - DAY - 10 * HOUR);
        assert_eq!(past("today"), T0 - 10 * HOUR);
        for bad in ["tomorrow 25:00", "in", "ago", "1h from now", "in 0m"] {
            assert!(parse_time(bad, T0, &z, Toward::Future).is_err(), "{bad:?}");
        }
        assert!(parse_time("40000d", T0, &z, Toward::Past).is_err());
    }

    #[test]
    fn what_was_typed_is_quoted_exactly() {
        assert_eq!(quoted("1h30"), "'1h30'");
        assert_eq!(quoted(" 8x\n"), "' 8x\\n'");
        let long = "9".repeat(300);
        assert!(quoted(&long).ends_with("…' (300 characters)"));
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
