//! [`Chunk`]: Lua source (or a binary chunk) being loaded, with its name, environment
//! and mode, ready to run (`exec`, `eval`, `call`) or to become a [`Function`].

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::function::Function;
use crate::lua::Lua;
use crate::value::{FromLuaMulti, IntoLua, IntoLuaMulti, Value};
use std::borrow::Cow;
use std::string::String;
use std::vec::Vec;

/// What `load` accepts: text (`t`), binary (`b`) or both (the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkMode {
    /// Source text only.
    Text,
    /// Binary (precompiled) chunks only.
    Binary,
}

/// Anything `Lua::load` takes: `&str`, `String`, `&[u8]`, `Vec<u8>`.
pub trait AsChunk<'a> {
    /// The bytes of the chunk.
    fn source(self) -> Cow<'a, [u8]>;
}
impl<'a> AsChunk<'a> for &'a str {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}
impl<'a> AsChunk<'a> for String {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Owned(self.into_bytes())
    }
}
impl<'a> AsChunk<'a> for &'a String {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}
impl<'a> AsChunk<'a> for &'a [u8] {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}
impl<'a, const N: usize> AsChunk<'a> for &'a [u8; N] {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(&self[..])
    }
}
impl<'a> AsChunk<'a> for Vec<u8> {
    fn source(self) -> Cow<'a, [u8]> {
        Cow::Owned(self)
    }
}

/// A chunk being loaded (from `Lua::load`).
///
/// The default name is the source itself, as `luaL_loadstring` does (messages read
/// `[string "..."]:1: ...`); `set_name` takes a Lua chunk name verbatim: `"=name"` prints
/// as `name`, `"@file.lua"` as `file.lua`.
///
/// ```
/// use ravi::{ChunkMode, Error, Lua};
/// let lua = Lua::new();
/// let env = lua.create_table().unwrap();
/// env.set("x", 5).unwrap();
/// let v: i64 = lua.load("return x * 2").set_environment(env).eval().unwrap();
/// assert_eq!(v, 10);
/// let e = lua.load("x = ").set_name("=cfg").set_mode(ChunkMode::Text).exec().unwrap_err();
/// assert!(matches!(e, Error::SyntaxError { incomplete_input: true, .. }));
/// ```
#[must_use = "a chunk does nothing until it is executed"]
pub struct Chunk<'lua, 'a> {
    lua: &'lua Lua,
    source: Cow<'a, [u8]>,
    name: Option<String>,
    env: Option<Result<Value<'lua>>>,
    mode: Option<ChunkMode>,
}

impl<'lua, 'a> Chunk<'lua, 'a> {
    pub(crate) fn new(lua: &'lua Lua, source: Cow<'a, [u8]>) -> Self {
        Chunk { lua, source, name: None, env: None, mode: None }
    }

    /// Sets the chunk name used in messages and tracebacks (`"=name"`, `"@file"`).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let e = lua.load("error('x')").set_name("=config").exec().unwrap_err();
    /// assert!(e.to_string().contains("config:1: x"));
    /// ```
    pub fn set_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the chunk's environment (its `_ENV`), instead of the globals.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let env = lua.create_table().unwrap();
    /// env.set("n", 2).unwrap();
    /// lua.load("m = n * 21").set_environment(env.clone()).exec().unwrap();
    /// assert_eq!(env.get::<_, i64>("m").unwrap(), 42);
    /// assert!(lua.globals().get::<_, Option<i64>>("m").unwrap().is_none());
    /// ```
    pub fn set_environment<V: IntoLua<'lua>>(mut self, env: V) -> Self {
        self.env = Some(env.into_lua(self.lua));
        self
    }

    /// Accepts only text or only binary chunks.
    ///
    /// ```
    /// use ravi::{ChunkMode, Error};
    /// let lua = ravi::Lua::new();
    /// let e = lua.load("return 1").set_mode(ChunkMode::Binary).exec().unwrap_err();
    /// assert!(matches!(e, Error::SyntaxError { .. }));
    /// ```
    pub fn set_mode(mut self, mode: ChunkMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Compiles the chunk into a function.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let f = lua.load("local a, b = ... return a * b").into_function().unwrap();
    /// assert_eq!(f.call::<_, i64>((6, 7)).unwrap(), 42);
    /// assert!(lua.load("return +").into_function().is_err());
    /// ```
    pub fn into_function(self) -> Result<Function<'lua>> {
        let lua = self.lua;
        let env = match self.env {
            Some(Ok(e)) => Some(e),
            Some(Err(e)) => return Err(e),
            None => None,
        };
        let name: Vec<u8> = match &self.name {
            Some(n) => n.as_bytes().to_vec(),
            None => self.source.to_vec(),
        };
        let mode = match self.mode {
            Some(ChunkMode::Text) => "t",
            Some(ChunkMode::Binary) => "b",
            None => "bt",
        };
        let st = lua.state_mut();
        let base = st.get_top();
        let r = (|| -> Result<Function<'lua>> {
            let status = st.load(&self.source, &name, mode).map_err(|e| lua.vm_error(st, e))?;
            if status != ravi_vm::LUA_OK {
                let v = st.value(-1);
                return Err(lua.error_from_vm(&v, status).0);
            }
            if let Some(env) = &env {
                lua.push_value(st, env)?;
                st.set_first_upvalue(base as i32 + 1).map_err(|e| lua.vm_error(st, e))?;
            }
            let v = st.value(base as i32 + 1);
            match lua.value_from_vm(st, v)? {
                Value::Function(f) => Ok(f),
                _ => Err(Error::RuntimeError("load did not produce a function".into())),
            }
        })();
        st.set_top(base);
        r
    }

    /// Runs the chunk, discarding its results.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.load("greeting = 'hi'").exec().unwrap();
    /// assert_eq!(lua.globals().get::<_, String>("greeting").unwrap(), "hi");
    /// ```
    pub fn exec(self) -> Result<()> {
        self.call(())
    }

    /// Evaluates the chunk: as an expression (`return <source>`) if that compiles, else as
    /// statements; converts the results.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// assert_eq!(lua.load("1 + 2").eval::<i32>().unwrap(), 3);
    /// assert_eq!(lua.load("local a = 4; return a").eval::<i32>().unwrap(), 4);
    /// ```
    pub fn eval<R: FromLuaMulti<'lua>>(self) -> Result<R> {
        let is_binary = self.source.first() == Some(&0x1b);
        if !is_binary {
            let mut expr = b"return ".to_vec();
            expr.extend_from_slice(&self.source);
            let name = match &self.name {
                Some(n) => n.clone(),
                None => String::from_utf8_lossy(&self.source).into_owned(),
            };
            let attempt = Chunk {
                lua: self.lua,
                source: Cow::Owned(expr),
                name: Some(name),
                env: match &self.env {
                    Some(Ok(v)) => Some(Ok(v.clone())),
                    Some(Err(e)) => Some(Err(e.clone())),
                    None => None,
                },
                mode: self.mode,
            };
            if let Ok(f) = attempt.into_function() {
                return f.call(());
            }
        }
        self.call(())
    }

    /// Runs the chunk with arguments (its `...`) and converts its results.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let (sum, n): (i64, usize) = lua.load("local s = 0 for _, v in ipairs{...} do s = s + v end return s, select('#', ...)").call((1, 2, 3)).unwrap();
    /// assert_eq!((sum, n), (6, 3));
    /// ```
    pub fn call<A: IntoLuaMulti<'lua>, R: FromLuaMulti<'lua>>(self, args: A) -> Result<R> {
        self.into_function()?.call(args)
    }
}
