//! What PostgreSQL needs beside the SQL `store` writes once for both engines: the statements
//! translated (placeholders and the few SQLite spellings pim uses), parameters bound to the types
//! the server infers, and columns read back as the values SQLite would give.
//!
//! pim's PostgreSQL schema stores what SQLite stores as `INTEGER` (timestamps, counters, flags) as
//! `BIGINT` and text as `TEXT COLLATE "C"`, so the same comparisons, orderings and conversions
//! hold on both engines.

use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef as SqlRef};

/// SQLite's spelling of a statement, in PostgreSQL's: `?N` and `?` become `$N`, `INSERT OR IGNORE`
/// becomes `ON CONFLICT DO NOTHING`, `LIKE` (ASCII case-insensitive in SQLite) becomes `ILIKE`,
/// index hints and `CROSS JOIN … ON` (SQLite's join-order hint) go, and the functions pim uses
/// take their PostgreSQL names. Placeholders in quoted text are left as they are.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 0usize;
    let mut chars = sql.char_indices().peekable();
    while let Some((_, ch)) = chars.next() {
        match ch {
            '\'' | '"' => {
                out.push(ch);
                for (_, c) in chars.by_ref() {
                    out.push(c);
                    if c == ch {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_digit() {
                        digits.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push('$');
                if digits.is_empty() {
                    next += 1;
                    out.push_str(&next.to_string());
                } else {
                    out.push_str(&digits);
                }
            }
            _ => out.push(ch),
        }
    }
    let mut s = out;
    // SQLite's index hints: PostgreSQL's planner picks on its own.
    while let Some(i) = s.find(" INDEXED BY ") {
        let rest = &s[i + " INDEXED BY ".len()..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        s.replace_range(i..i + " INDEXED BY ".len() + name_len, "");
    }
    if let Some(i) = find_word(&s, "INSERT OR IGNORE INTO") {
        s.replace_range(i..i + "INSERT OR IGNORE INTO".len(), "INSERT INTO");
        let tail = s.trim_end().len();
        s.truncate(tail);
        s.push_str(" ON CONFLICT DO NOTHING");
    }
    for (from, to) in [
        (" LIKE ", " ILIKE "),
        ("char(0x10FFFF)", "chr(1114111)"),
        ("char(1)", "chr(1)"),
        // SQLite's way to fix the join order, always with `ON` in pim's SQL.
        (" CROSS JOIN ", " JOIN "),
        ("instr(", "strpos("),
        ("unixepoch()", "CAST(extract(epoch FROM now()) AS BIGINT)"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

fn find_word(s: &str, w: &str) -> Option<usize> {
    s.find(w)
}

/// One parameter, bound as the type the server inferred for its place.
pub struct Param<'a>(pub ToSqlOutput<'a>);

fn value_ref<'a>(o: &'a ToSqlOutput<'_>) -> SqlRef<'a> {
    match o {
        ToSqlOutput::Borrowed(v) => *v,
        ToSqlOutput::Owned(v) => SqlRef::from(v),
        _ => SqlRef::Null,
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl std::fmt::Debug for Param<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", value_ref(&self.0))
    }
}

impl PgToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match value_ref(&self.0) {
            SqlRef::Null => Ok(IsNull::Yes),
            SqlRef::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                Type::NUMERIC => Err(format!("cannot bind {i} as numeric").into()),
                _ => i.to_string().to_sql(&Type::TEXT, out),
            },
            SqlRef::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                Type::INT8 => (f as i64).to_sql(ty, out),
                _ => f.to_string().to_sql(&Type::TEXT, out),
            },
            SqlRef::Text(t) => {
                let t = std::str::from_utf8(t)?;
                match *ty {
                    Type::INT8 => t.parse::<i64>()?.to_sql(ty, out),
                    Type::INT4 => t.parse::<i32>()?.to_sql(ty, out),
                    Type::BYTEA => t.as_bytes().to_sql(ty, out),
                    _ => t.to_sql(&Type::TEXT, out),
                }
            }
            SqlRef::Blob(b) => match *ty {
                Type::BYTEA => b.to_sql(ty, out),
                _ => std::str::from_utf8(b)?.to_sql(&Type::TEXT, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Column `idx` of `row` as the value SQLite would hold for it.
pub fn column(row: &postgres::Row, idx: usize) -> Result<SqlValue, postgres::Error> {
    let ty = row
        .columns()
        .get(idx)
        .map(|c| c.type_().clone())
        .unwrap_or(Type::TEXT);
    Ok(match ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(idx)?
            .map_or(SqlValue::Null, SqlValue::Integer),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(idx)?
            .map_or(SqlValue::Null, |v| SqlValue::Integer(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(idx)?
            .map_or(SqlValue::Null, |v| SqlValue::Integer(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(idx)?
            .map_or(SqlValue::Null, |v| SqlValue::Integer(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(idx)?
            .map_or(SqlValue::Null, SqlValue::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(idx)?
            .map_or(SqlValue::Null, |v| SqlValue::Real(v.into())),
        Type::NUMERIC => row
            .try_get::<_, Option<Numeric>>(idx)?
            .map_or(SqlValue::Null, |n| n.0),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(idx)?
            .map_or(SqlValue::Null, SqlValue::Blob),
        _ => row
            .try_get::<_, Option<String>>(idx)?
            .map_or(SqlValue::Null, SqlValue::Text),
    })
}

/// Column `idx` as borrowed text (NULL as `None`).
pub fn text(row: &postgres::Row, idx: usize) -> Result<Option<&str>, postgres::Error> {
    row.try_get::<_, Option<&str>>(idx)
}

/// A `numeric` (what `sum` and `avg` of integers give), read as SQLite would: an integer when
/// it has no fraction, else a real.
struct Numeric(SqlValue);

impl<'a> postgres::types::FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let word = |i: usize| -> Result<i16, BoxError> {
            raw.get(i * 2..i * 2 + 2)
                .map(|b| i16::from_be_bytes([b[0], b[1]]))
                .ok_or_else(|| "short numeric".into())
        };
        let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
        if sign == 0xC000 {
            return Ok(Numeric(SqlValue::Null));
        }
        let mut v = 0f64;
        let mut int: Option<i128> = Some(0);
        for k in 0..ndigits.max(0) as usize {
            let d = word(4 + k)? as i128;
            let exp = weight as i32 - k as i32;
            v += d as f64 * 10000f64.powi(exp);
            int = match int {
                Some(acc) if exp >= 0 => (d * 10000i128.pow(exp as u32)).checked_add(acc),
                Some(acc) if d == 0 => Some(acc),
                _ => None,
            };
        }
        let neg = sign == 0x4000;
        Ok(Numeric(match int {
            Some(i) if dscale == 0 || i as f64 == v => {
                let i = i64::try_from(if neg { -i } else { i })?;
                SqlValue::Integer(i)
            }
            _ => SqlValue::Real(if neg { -v } else { v }),
        }))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// Whether `e` is a serialization failure or a deadlock, which a retry of the whole transaction
/// resolves.
pub fn is_retryable(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    )
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn placeholders_and_sqlite_spellings_are_translated_outside_quoted_text() {
        assert_eq!(
            translate("SELECT a FROM t WHERE a = ?1 AND b LIKE ?2 AND c = '?3'"),
            "SELECT a FROM t WHERE a = $1 AND b ILIKE $2 AND c = '?3'"
        );
        assert_eq!(
            translate("SELECT x FROM t WHERE a >= ? AND b < ? LIMIT ?"),
            "SELECT x FROM t WHERE a >= $1 AND b < $2 LIMIT $3"
        );
        assert_eq!(
            translate("INSERT OR IGNORE INTO m (k, at) VALUES (?1, ?2)"),
            "INSERT INTO m (k, at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            translate("SELECT id FROM a x INDEXED BY a_by_end WHERE x.end_at <= ?1"),
            "SELECT id FROM a x WHERE x.end_at <= $1"
        );
        assert_eq!(
            translate("SELECT id FROM a WHERE id < ?1 || char(0x10FFFF)"),
            "SELECT id FROM a WHERE id < $1 || chr(1114111)"
        );
    }
}
