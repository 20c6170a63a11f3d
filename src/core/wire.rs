//! What travels from a server to the command line beyond the `-o json` contract: a field marked
//! `#[serde(default, skip_serializing_if = "crate::core::wire::hidden")]` stays out of the JSON a
//! command prints, and goes along when a server encodes its answer, so that the command line
//! prints through a server exactly what it prints locally (a warning, a value's text as a table
//! shows it, an exit code).

use std::cell::Cell;

thread_local! {
    static WIRE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (an encoding) with hidden fields included.
pub fn on_the_wire<T>(f: impl FnOnce() -> T) -> T {
    let before = WIRE.with(|w| w.replace(true));
    let out = f();
    WIRE.with(|w| w.set(before));
    out
}

/// `skip_serializing_if` of a field the `-o json` contract leaves out but a server sends.
pub fn hidden<T>(_: &T) -> bool {
    !WIRE.with(Cell::get)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, Default, Debug, PartialEq)]
    struct S {
        shown: u8,
        #[serde(default, skip_serializing_if = "super::hidden")]
        kept: u8,
    }

    #[test]
    fn a_hidden_field_travels_only_on_the_wire() {
        let s = S { shown: 1, kept: 2 };
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"shown":1}"#);
        let wire = super::on_the_wire(|| serde_json::to_string(&s).unwrap());
        assert_eq!(wire, r#"{"shown":1,"kept":2}"#);
        assert_eq!(serde_json::from_str::<S>(&wire).unwrap(), s);
        // And the flag does not outlive the encoding.
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"shown":1}"#);
    }
}
