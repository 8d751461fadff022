//! [`Function`]: a handle to a Lua function (Lua closure or Rust callback).

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::Result;
use crate::lua::Callee;
use crate::value::{FromLuaMulti, IntoLuaMulti, LuaRef, Value};

/// A Lua function.
///
/// ```
/// let lua = ravi::Lua::new();
/// let f: ravi::Function = lua.load("return function(a, b) return a .. b, #a end").eval().unwrap();
/// let (s, n): (String, i64) = f.call(("ab", "cd")).unwrap();
/// assert_eq!((s.as_str(), n), ("abcd", 2));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Function<'lua>(pub(crate) LuaRef<'lua>);

impl<'lua> Function<'lua> {
    /// Calls the function with `args` and converts its results. A Lua error comes back as
    /// `Error::RuntimeError` (message and traceback), an error raised by a Rust callback
    /// as `Error::CallbackError`.
    ///
    /// ```
    /// use ravi::{Error, Function, Lua};
    /// let lua = Lua::new();
    /// let f: Function = lua.load("return function(a, b) return a + b, a * b end").eval().unwrap();
    /// let (s, p): (i64, i64) = f.call((3, 4)).unwrap();
    /// assert_eq!((s, p), (7, 12));
    /// let bad: Function = lua.load("return function() error('nope') end").eval().unwrap();
    /// assert!(matches!(bad.call::<_, ()>(()), Err(Error::RuntimeError(m)) if m.contains("nope")));
    /// ```
    pub fn call<A: IntoLuaMulti<'lua>, R: FromLuaMulti<'lua>>(&self, args: A) -> Result<R> {
        let lua = self.0.lua();
        let args = args.into_lua_multi(lua)?;
        let args: Vec<Value<'lua>> = args.into_vec();
        let me = Value::Function(self.clone());
        let results = lua.pcall_raw(Callee::Value(&me), &args, -1)?;
        R::from_lua_multi(results, lua)
    }

    /// A function that calls this one with `args` prepended to its own arguments.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let sum: ravi::Function = lua.load("return function(a, b, c) return a + b + c end").eval().unwrap();
    /// let plus3 = sum.bind((1, 2)).unwrap();
    /// assert_eq!(plus3.call::<_, i64>(10).unwrap(), 13);
    /// ```
    pub fn bind<A: IntoLuaMulti<'lua>>(&self, args: A) -> Result<Function<'lua>> {
        let lua = self.0.lua();
        let pre = args.into_lua_multi(lua)?;
        let n = pre.len();
        let t = lua.create_sequence_from(pre)?;
        lua.load(
            "local f, pre, n = ...\n\
             local function go(i, ...) if i == 0 then return f(...) end return go(i - 1, pre[i], ...) end\n\
             return function(...) return go(n, ...) end",
        )
        .set_name("=bind")
        .set_mode(crate::chunk::ChunkMode::Text)
        .call((self.clone(), t, n))

    }
}
