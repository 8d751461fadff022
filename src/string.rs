//! [`LuaString`]: a handle to a Lua string (immutable bytes, not necessarily UTF-8).

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::value::LuaRef;
use std::borrow::Cow;
use std::fmt;

/// A Lua string (mlua's `String`). Lua strings are byte strings; `to_str` checks UTF-8.
///
/// ```
/// let lua = ravi::Lua::new();
/// let s: ravi::LuaString = lua.load("return 'hé' .. 1").eval().unwrap();
/// assert_eq!(s.to_str().unwrap(), "hé1");
/// assert_eq!(s.as_bytes().len(), 4);
/// ```
#[derive(Clone, PartialEq)]
pub struct LuaString<'lua>(pub(crate) LuaRef<'lua>);

impl<'lua> LuaString<'lua> {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        let v = self.0.raw();
        // The string is immutable and stays alive while this handle exists.
        v.as_string().map(|s| s.bytes()).unwrap_or(&[])
    }
    /// The bytes followed by the terminating NUL Lua keeps.
    pub fn as_bytes_with_nul(&self) -> &[u8] {
        let b = self.as_bytes();
        // SAFETY: Lua strings are stored with a trailing NUL right after the bytes.
        unsafe { std::slice::from_raw_parts(b.as_ptr(), b.len() + 1) }
    }
    /// The string as UTF-8 (`Error::FromLuaConversionError` if it is not).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// assert_eq!(lua.create_string("ok").unwrap().to_str().unwrap(), "ok");
    /// assert!(lua.create_string([0xff, 0xfe]).unwrap().to_str().is_err());
    /// ```
    pub fn to_str(&self) -> Result<&str> {
        std::str::from_utf8(self.as_bytes())
            .map_err(|e| Error::from_lua_conv("string", "&str", Some(e.to_string())))
    }
    /// The string with invalid UTF-8 replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }
    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for LuaString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string_lossy())
    }
}

impl AsRef<[u8]> for LuaString<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq<str> for LuaString<'_> {
    fn eq(&self, o: &str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}
impl PartialEq<&str> for LuaString<'_> {
    fn eq(&self, o: &&str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}
