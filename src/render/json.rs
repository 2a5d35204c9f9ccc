//! JSON output: a typed value (a report value deriving `Serialize`, the objects of
//! `report::json`, a command's `serde_json::Value`) pretty-printed, with a final newline.

use serde::Serialize;

/// Pretty-printed JSON with a final newline.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
