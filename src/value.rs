//! Lua values as the embedding API sees them: [`Value`], [`MultiValue`], [`Variadic`],
//! and the conversion traits [`IntoLua`], [`FromLua`], [`IntoLuaMulti`], [`FromLuaMulti`].
//!
//! Reference types (`Table`, `Function`, `LuaString`, `AnyUserData`, `Thread`) keep their
//! object alive through a slot in a reference table rooted by the state; the slot is
//! released when the last clone of the handle is dropped. Handles borrow the [`Lua`] they
//! come from (`'lua`), so the state cannot be dropped or moved while they exist.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::function::Function;
use crate::lua::Lua;
use crate::string::LuaString;
use crate::table::Table;
use crate::thread::Thread;
use crate::userdata::AnyUserData;
use std::collections::VecDeque;
use std::fmt;
use std::iter::FromIterator;
use std::ops::{Deref, DerefMut};
use std::rc::Rc;
use std::string::String;
use std::vec::Vec;

/// A rooted reference to a Lua object: an index into the state's reference table.
pub(crate) struct RefInner<'lua> {
    pub(crate) lua: &'lua Lua,
    pub(crate) index: i64,
}

impl Drop for RefInner<'_> {
    fn drop(&mut self) {
        self.lua.release_ref(self.index);
    }
}

/// A shared handle to a rooted Lua object (cloning is cheap; the slot is released when
/// the last clone goes away).
#[derive(Clone)]
pub(crate) struct LuaRef<'lua>(pub(crate) Rc<RefInner<'lua>>);

impl<'lua> LuaRef<'lua> {
    pub(crate) fn lua(&self) -> &'lua Lua {
        self.0.lua
    }
    pub(crate) fn index(&self) -> i64 {
        self.0.index
    }
    /// The VM value behind the handle.
    pub(crate) fn raw(&self) -> ravi_vm::Value {
        self.0.lua.ref_value(self.0.index)
    }
}

impl fmt::Debug for LuaRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ref({:p})", self.raw().gc_ptr())
    }
}

impl PartialEq for LuaRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0.lua.inner_ptr(), other.0.lua.inner_ptr()) && self.raw().raw_eq(&other.raw())
    }
}

/// A light userdata: a raw pointer value Lua stores but never dereferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LightUserData(pub *mut std::ffi::c_void);

/// A Lua value.
///
/// ```
/// use ravi::{Lua, Value};
/// let lua = Lua::new();
/// let v: Value = lua.load("return 1 + 1").eval().unwrap();
/// assert_eq!(v, Value::Integer(2));
/// assert_eq!(v.type_name(), "integer");
/// ```
#[derive(Clone, Default)]
pub enum Value<'lua> {
    /// `nil`.
    #[default]
    Nil,
    /// `true` / `false`.
    Boolean(bool),
    /// A light userdata.
    LightUserData(LightUserData),
    /// An integer number (Lua 5.3's integer subtype).
    Integer(i64),
    /// A float number.
    Number(f64),
    /// A (byte) string.
    String(LuaString<'lua>),
    /// A table.
    Table(Table<'lua>),
    /// A Lua or Rust function.
    Function(Function<'lua>),
    /// A coroutine.
    Thread(Thread<'lua>),
    /// A full userdata.
    UserData(AnyUserData<'lua>),
    /// A Rust error travelling as a Lua value (what a failing callback raises).
    Error(Error),
}

pub use Value::Nil;

impl<'lua> Value<'lua> {
    /// The `nil` value (same as `Value::Nil`).
    pub const NULL: Value<'static> = Value::Nil;

    /// The type name: "nil", "boolean", "lightuserdata", "integer", "number", "string",
    /// "table", "function", "thread", "userdata" or "error".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Boolean(_) => "boolean",
            Value::LightUserData(_) => "lightuserdata",
            Value::Integer(_) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Table(_) => "table",
            Value::Function(_) => "function",
            Value::Thread(_) => "thread",
            Value::UserData(_) => "userdata",
            Value::Error(_) => "error",
        }
    }
    /// Is this `nil`?
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }
    /// The boolean, if it is one.
    pub fn as_boolean(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }
    /// The integer, if it is one (no conversion).
    ///
    /// ```
    /// use ravi::Value;
    /// assert_eq!(Value::Integer(3).as_integer(), Some(3));
    /// assert_eq!(Value::Number(3.0).as_integer(), None);
    /// assert_eq!(Value::Boolean(true).as_integer(), None);
    /// ```
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
    /// The number as a float (integers converted), if it is a number.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    /// The string, if it is one.
    pub fn as_string(&self) -> Option<&LuaString<'lua>> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The string as UTF-8, if it is a valid UTF-8 string.
    pub fn as_str(&self) -> Option<&str> {
        self.as_string().and_then(|s| s.to_str().ok())
    }
    /// The table, if it is one.
    pub fn as_table(&self) -> Option<&Table<'lua>> {
        match self {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }
    /// The function, if it is one.
    pub fn as_function(&self) -> Option<&Function<'lua>> {
        match self {
            Value::Function(f) => Some(f),
            _ => None,
        }
    }
    /// The userdata, if it is one.
    pub fn as_userdata(&self) -> Option<&AnyUserData<'lua>> {
        match self {
            Value::UserData(u) => Some(u),
            _ => None,
        }
    }
    /// The coroutine, if it is one.
    pub fn as_thread(&self) -> Option<&Thread<'lua>> {
        match self {
            Value::Thread(t) => Some(t),
            _ => None,
        }
    }
    /// Lua truthiness: everything but `nil` and `false` is true.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Boolean(false))
    }
    /// Raw pointer identity of reference values (null for others), like `%p`.
    pub fn to_pointer(&self) -> *const std::ffi::c_void {
        match self {
            Value::String(s) => s.0.raw().gc_ptr() as *const _,
            Value::Table(t) => t.0.raw().gc_ptr() as *const _,
            Value::Function(f) => f.0.raw().gc_ptr() as *const _,
            Value::Thread(t) => t.0.raw().gc_ptr() as *const _,
            Value::UserData(u) => u.0.raw().gc_ptr() as *const _,
            Value::LightUserData(l) => l.0 as *const _,
            _ => std::ptr::null(),
        }
    }
    pub(crate) fn lua_ref(&self) -> Option<&LuaRef<'lua>> {
        match self {
            Value::String(s) => Some(&s.0),
            Value::Table(t) => Some(&t.0),
            Value::Function(f) => Some(&f.0),
            Value::Thread(t) => Some(&t.0),
            Value::UserData(u) => Some(&u.0),
            _ => None,
        }
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Boolean(b) => write!(f, "{}", b),
            Value::LightUserData(l) => write!(f, "lightuserdata: {:p}", l.0),
            Value::Integer(i) => write!(f, "{}", i),
            Value::Number(n) => write!(f, "{:?}", n),
            Value::String(s) => write!(f, "{:?}", s.to_string_lossy()),
            Value::Table(t) => write!(f, "table: {:p}", t.0.raw().gc_ptr()),
            Value::Function(t) => write!(f, "function: {:p}", t.0.raw().gc_ptr()),
            Value::Thread(t) => write!(f, "thread: {:p}", t.0.raw().gc_ptr()),
            Value::UserData(t) => write!(f, "userdata: {:p}", t.0.raw().gc_ptr()),
            Value::Error(e) => write!(f, "error: {}", e),
        }
    }
}

/// Raw equality (no `__eq`): numbers compare by value across subtypes, reference types by
/// identity, strings by content.
impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Integer(a), Value::Number(b)) | (Value::Number(b), Value::Integer(a)) => (*a as f64) == *b && (*b as i64) == *a,
            (Value::String(a), Value::String(b)) => a.as_bytes() == b.as_bytes(),
            (Value::Table(a), Value::Table(b)) => a.0 == b.0,
            (Value::Function(a), Value::Function(b)) => a.0 == b.0,
            (Value::Thread(a), Value::Thread(b)) => a.0 == b.0,
            (Value::UserData(a), Value::UserData(b)) => a.0 == b.0,
            _ => false,
        }
    }
}

/// Converts a Rust value into a Lua value.
///
/// ```
/// use ravi::{IntoLua, Lua, Result, Value};
/// struct Celsius(f64);
/// impl<'lua> IntoLua<'lua> for Celsius {
///     fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
///         let t = lua.create_table()?;
///         t.set("celsius", self.0)?;
///         t.into_lua(lua)
///     }
/// }
/// let lua = Lua::new();
/// lua.globals().set("temp", Celsius(21.5)).unwrap();
/// assert_eq!(lua.load("return temp.celsius").eval::<f64>().unwrap(), 21.5);
/// ```
pub trait IntoLua<'lua> {
    /// Performs the conversion.
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>>;
}

/// Converts a Lua value into a Rust value.
///
/// ```
/// use ravi::{Error, FromLua, Lua, Result, Table, Value};
/// struct Point { x: i64, y: i64 }
/// impl<'lua> FromLua<'lua> for Point {
///     fn from_lua(v: Value<'lua>, lua: &'lua Lua) -> Result<Self> {
///         let t = Table::from_lua(v, lua)?;
///         Ok(Point { x: t.get("x")?, y: t.get("y")? })
///     }
/// }
/// let lua = Lua::new();
/// let p: Point = lua.load("return {x = 1, y = 2}").eval().unwrap();
/// assert_eq!((p.x, p.y), (1, 2));
/// assert!(matches!(lua.load("return 5").eval::<Point>(), Err(Error::FromLuaConversionError { .. })));
/// ```
pub trait FromLua<'lua>: Sized {
    /// Performs the conversion.
    fn from_lua(value: Value<'lua>, lua: &'lua Lua) -> Result<Self>;
}

/// Converts a Rust value into any number of Lua values (function arguments and results).
pub trait IntoLuaMulti<'lua> {
    /// Performs the conversion.
    fn into_lua_multi(self, lua: &'lua Lua) -> Result<MultiValue<'lua>>;
}

/// Converts any number of Lua values into a Rust value (missing values are `nil`, extra
/// values are ignored unless the type collects them, like `Variadic` and `MultiValue`).
pub trait FromLuaMulti<'lua>: Sized {
    /// Performs the conversion.
    fn from_lua_multi(values: MultiValue<'lua>, lua: &'lua Lua) -> Result<Self>;

    /// As `from_lua_multi`, for the arguments of a callback: conversion failures become
    /// [`Error::BadArgument`] naming the position (`to`: the function's name, if known).
    fn from_lua_args(values: MultiValue<'lua>, lua: &'lua Lua, to: Option<&str>) -> Result<Self> {
        Self::from_lua_multi(values, lua).map_err(|e| bad_argument(to, 1, e))
    }
}

pub(crate) fn bad_argument(to: Option<&str>, pos: usize, e: Error) -> Error {
    match e {
        e @ Error::BadArgument { .. } => e,
        e => Error::BadArgument { to: to.map(|s| s.to_string()), pos, name: None, cause: std::sync::Arc::new(e) },
    }
}

/// A list of Lua values: function arguments and results.
///
/// ```
/// use ravi::{Lua, MultiValue, Value};
/// let lua = Lua::new();
/// let r: MultiValue = lua.load("return 1, 'two', nil").eval().unwrap();
/// assert_eq!(r.len(), 3);
/// assert_eq!(r[0], Value::Integer(1));
/// ```
#[derive(Debug, Clone, Default)]
///
/// ```
/// use ravi::{Lua, MultiValue, Value};
/// let lua = Lua::new();
/// let mut mv: MultiValue = lua.load("return 1, 'two', nil").eval().unwrap();
/// assert_eq!(mv.len(), 3);
/// assert_eq!(mv.pop_front(), Some(Value::Integer(1)));
/// let f = lua.load("return select('#', ...)").into_function().unwrap();
/// assert_eq!(f.call::<_, i64>(mv).unwrap(), 2);
/// ```
pub struct MultiValue<'lua>(VecDeque<Value<'lua>>);

impl<'lua> MultiValue<'lua> {
    /// An empty list.
    pub const fn new() -> Self {
        MultiValue(VecDeque::new())
    }
    /// From a vector (first element = first value).
    pub fn from_vec(v: Vec<Value<'lua>>) -> Self {
        MultiValue(VecDeque::from(v))
    }
    /// Into a vector.
    pub fn into_vec(self) -> Vec<Value<'lua>> {
        self.0.into()
    }
    /// Removes and returns the first value.
    pub fn pop_front(&mut self) -> Option<Value<'lua>> {
        self.0.pop_front()
    }
    /// Inserts a value at the front.
    pub fn push_front(&mut self, v: Value<'lua>) {
        self.0.push_front(v)
    }
    /// Appends a value.
    pub fn push_back(&mut self, v: Value<'lua>) {
        self.0.push_back(v)
    }
    /// Removes and returns the last value.
    pub fn pop_back(&mut self) -> Option<Value<'lua>> {
        self.0.pop_back()
    }
}

impl<'lua> Deref for MultiValue<'lua> {
    type Target = VecDeque<Value<'lua>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl DerefMut for MultiValue<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}
impl<'lua> FromIterator<Value<'lua>> for MultiValue<'lua> {
    fn from_iter<I: IntoIterator<Item = Value<'lua>>>(iter: I) -> Self {
        MultiValue(iter.into_iter().collect())
    }
}
impl<'lua> IntoIterator for MultiValue<'lua> {
    type Item = Value<'lua>;
    type IntoIter = std::collections::vec_deque::IntoIter<Value<'lua>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
impl<'a, 'lua> IntoIterator for &'a MultiValue<'lua> {
    type Item = &'a Value<'lua>;
    type IntoIter = std::collections::vec_deque::Iter<'a, Value<'lua>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Any number of values of one type: as the last callback parameter it collects the
/// remaining arguments; as a result it returns them all.
///
/// ```
/// use ravi::{Lua, Variadic};
/// let lua = Lua::new();
/// let sum = lua.create_function(|_, xs: Variadic<i64>| Ok(xs.iter().sum::<i64>())).unwrap();
/// assert_eq!(sum.call::<_, i64>((1, 2, 3)).unwrap(), 6);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variadic<T>(Vec<T>);

impl<T> Variadic<T> {
    /// An empty list.
    pub const fn new() -> Self {
        Variadic(Vec::new())
    }
    /// Into the vector.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}
impl<T> From<Vec<T>> for Variadic<T> {
    fn from(v: Vec<T>) -> Self {
        Variadic(v)
    }
}
impl<T> FromIterator<T> for Variadic<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Variadic(iter.into_iter().collect())
    }
}
impl<T> IntoIterator for Variadic<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
impl<T> Deref for Variadic<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}
impl<T> DerefMut for Variadic<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

pub(crate) fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
