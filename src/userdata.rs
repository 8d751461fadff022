//! Rust values exposed to Lua: the [`UserData`] trait (fields and methods, mlua's shape),
//! [`MetaMethod`] names, and [`AnyUserData`] handles with checked borrows.
//!
//! A userdata owns its Rust value (`RefCell<Option<T>>` inside the Lua object): methods
//! borrow it for the duration of the call, `add_method_mut` mutably, so a method that
//! re-enters Lua and touches the same object gets `UserDataBorrowError` /
//! `UserDataBorrowMutError` instead of aliasing. The value is dropped when Lua collects
//! the userdata (or when the state is closed). Each type's metatable is built once per
//! state; it is protected (`getmetatable` returns `false`) and every method checks the
//! type of `self`, so scripts cannot call a method on the wrong kind of object.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::lua::{Lua, StaticCallback};
use crate::table::Table;
use crate::value::{FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LuaRef, MultiValue, Value};
use ravi_vm::function::UserPayload;
use std::cell::{Ref, RefCell, RefMut};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::string::String;
use std::vec::Vec;

/// The payload stored in the Lua object.
pub(crate) struct UserDataCell<T>(RefCell<Option<T>>);

impl<T> UserDataCell<T> {
    pub(crate) fn new(v: T) -> Self {
        UserDataCell(RefCell::new(Some(v)))
    }
}

/// Metamethod names for `add_meta_method` / `add_meta_function`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetaMethod {
    /// `__add`
    Add,
    /// `__sub`
    Sub,
    /// `__mul`
    Mul,
    /// `__div`
    Div,
    /// `__mod`
    Mod,
    /// `__pow`
    Pow,
    /// `__unm`
    Unm,
    /// `__idiv`
    IDiv,
    /// `__band`
    BAnd,
    /// `__bor`
    BOr,
    /// `__bxor`
    BXor,
    /// `__bnot`
    BNot,
    /// `__shl`
    Shl,
    /// `__shr`
    Shr,
    /// `__concat`
    Concat,
    /// `__len`
    Len,
    /// `__eq`
    Eq,
    /// `__lt`
    Lt,
    /// `__le`
    Le,
    /// `__index` (consulted after fields and methods)
    Index,
    /// `__newindex` (consulted after field setters)
    NewIndex,
    /// `__call`
    Call,
    /// `__tostring`
    ToString,
    /// `__pairs`
    Pairs,
    /// Any other name (e.g. `"__close"`).
    Custom(String),
}

impl MetaMethod {
    /// The metatable key, e.g. `"__add"`.
    pub fn name(&self) -> &str {
        match self {
            MetaMethod::Add => "__add",
            MetaMethod::Sub => "__sub",
            MetaMethod::Mul => "__mul",
            MetaMethod::Div => "__div",
            MetaMethod::Mod => "__mod",
            MetaMethod::Pow => "__pow",
            MetaMethod::Unm => "__unm",
            MetaMethod::IDiv => "__idiv",
            MetaMethod::BAnd => "__band",
            MetaMethod::BOr => "__bor",
            MetaMethod::BXor => "__bxor",
            MetaMethod::BNot => "__bnot",
            MetaMethod::Shl => "__shl",
            MetaMethod::Shr => "__shr",
            MetaMethod::Concat => "__concat",
            MetaMethod::Len => "__len",
            MetaMethod::Eq => "__eq",
            MetaMethod::Lt => "__lt",
            MetaMethod::Le => "__le",
            MetaMethod::Index => "__index",
            MetaMethod::NewIndex => "__newindex",
            MetaMethod::Call => "__call",
            MetaMethod::ToString => "__tostring",
            MetaMethod::Pairs => "__pairs",
            MetaMethod::Custom(s) => s,
        }
    }
}

impl AsRef<str> for MetaMethod {
    fn as_ref(&self) -> &str {
        self.name()
    }
}

impl fmt::Display for MetaMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Rust type usable as a Lua userdata (`lua.create_userdata(v)` or any `IntoLua` use).
///
/// ```
/// use ravi::{Lua, MetaMethod, UserData, UserDataFields, UserDataMethods};
/// #[derive(Clone, Copy)]
/// struct Vec2 { x: f64, y: f64 }
/// impl UserData for Vec2 {
///     fn add_fields<'lua, F: UserDataFields<'lua, Self>>(f: &mut F) {
///         f.add_field_method_get("x", |_, v| Ok(v.x));
///         f.add_field_method_set("x", |_, v, x: f64| { v.x = x; Ok(()) });
///     }
///     fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(m: &mut M) {
///         m.add_method("len", |_, v, ()| Ok((v.x * v.x + v.y * v.y).sqrt()));
///         m.add_meta_method(MetaMethod::Add, |_, a, b: ravi::AnyUserData| {
///             let b = b.borrow::<Vec2>()?;
///             Ok(Vec2 { x: a.x + b.x, y: a.y + b.y })
///         });
///     }
/// }
/// let lua = Lua::new();
/// lua.globals().set("v", Vec2 { x: 3.0, y: 4.0 }).unwrap();
/// assert_eq!(lua.load("return v:len()").eval::<f64>().unwrap(), 5.0);
/// assert_eq!(lua.load("v.x = 1; return (v + v).x").eval::<f64>().unwrap(), 2.0);
/// ```
pub trait UserData: Sized {
    /// Adds fields (properties computed by Rust getters/setters).
    fn add_fields<'lua, F: UserDataFields<'lua, Self>>(_fields: &mut F) {}
    /// Adds methods, functions and metamethods.
    fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(_methods: &mut M) {}
}

/// Registers fields of a `UserData` type (see [`UserData::add_fields`]).
///
/// ```
/// use ravi::{Lua, UserData, UserDataFields};
/// struct Config { level: u8 }
/// impl UserData for Config {
///     fn add_fields<'lua, F: UserDataFields<'lua, Self>>(f: &mut F) {
///         f.add_field_method_get("level", |_, c| Ok(c.level));
///         f.add_field_method_set("level", |_, c, v: u8| { c.level = v; Ok(()) });
///     }
/// }
/// let lua = Lua::new();
/// lua.globals().set("cfg", Config { level: 1 }).unwrap();
/// assert_eq!(lua.load("cfg.level = cfg.level + 2; return cfg.level").eval::<u8>().unwrap(), 3);
/// assert!(lua.load("cfg.level = 'high'").exec().is_err()); // not a u8
/// ```
pub trait UserDataFields<'lua, T> {
    /// A read-only property: `obj.name` calls `method(lua, &obj)`.
    fn add_field_method_get<R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        R: IntoLua<'lua>,
        M: Fn(&'lua Lua, &T) -> Result<R> + Send + 'static;
    /// A writable property: `obj.name = v` calls `method(lua, &mut obj, v)`.
    fn add_field_method_set<A, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLua<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<()> + Send + 'static;
    /// A read-only property computed from the userdata handle.
    fn add_field_function_get<R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        R: IntoLua<'lua>,
        F: Fn(&'lua Lua, AnyUserData<'lua>) -> Result<R> + Send + 'static;
    /// A writable property set through the userdata handle.
    fn add_field_function_set<A, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLua<'lua>,
        F: FnMut(&'lua Lua, AnyUserData<'lua>, A) -> Result<()> + Send + 'static;
}

/// Registers methods of a `UserData` type (see [`UserData::add_methods`]).
///
/// ```
/// use ravi::{Lua, MetaMethod, UserData, UserDataMethods};
/// struct Stack(Vec<i64>);
/// impl UserData for Stack {
///     fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(m: &mut M) {
///         m.add_function("new", |_, ()| Ok(Stack(Vec::new())));
///         m.add_method_mut("push", |_, s, v: i64| { s.0.push(v); Ok(()) });
///         m.add_method("peek", |_, s, ()| Ok(s.0.last().copied()));
///         m.add_meta_method(MetaMethod::Len, |_, s, ()| Ok(s.0.len()));
///     }
/// }
/// let lua = Lua::new();
/// lua.globals().set("s", Stack(vec![])).unwrap();
/// let (top, n): (i64, i64) = lua.load("local t = s.new() t:push(4) t:push(9) return t:peek(), #t").eval().unwrap();
/// assert_eq!((top, n), (9, 2));
/// ```
pub trait UserDataMethods<'lua, T> {
    /// `obj:name(args)` with `&T`.
    fn add_method<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: Fn(&'lua Lua, &T, A) -> Result<R> + Send + 'static;
    /// `obj:name(args)` with `&mut T`.
    fn add_method_mut<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<R> + Send + 'static;
    /// `obj.name(args)`: a plain function stored among the methods.
    fn add_function<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static;
    /// As `add_function` with an `FnMut`.
    fn add_function_mut<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: FnMut(&'lua Lua, A) -> Result<R> + Send + 'static;
    /// A metamethod taking `&T` as its first operand (e.g. `MetaMethod::Add`,
    /// `MetaMethod::ToString`).
    fn add_meta_method<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: Fn(&'lua Lua, &T, A) -> Result<R> + Send + 'static;
    /// A metamethod taking `&mut T`.
    fn add_meta_method_mut<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<R> + Send + 'static;
    /// A metamethod as a plain function (all operands as arguments).
    fn add_meta_function<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static;
}

type LuaCallback<'lua> = Box<dyn Fn(&'lua Lua, MultiValue<'lua>) -> Result<MultiValue<'lua>> + 'lua>;

fn erase(cb: LuaCallback<'_>) -> StaticCallback {
    // SAFETY: see `Lua::create_function`: only the signature mentions 'lua.
    unsafe { std::mem::transmute(cb) }
}

fn take_self<'lua>(args: &mut MultiValue<'lua>) -> Result<AnyUserData<'lua>> {
    match args.pop_front() {
        Some(Value::UserData(u)) => Ok(u),
        _ => Err(Error::BadArgument {
            to: None,
            pos: 1,
            name: Some("self".into()),
            cause: std::sync::Arc::new(Error::UserDataTypeMismatch),
        }),
    }
}

fn shift_arg(e: Error) -> Error {
    match e {
        Error::BadArgument { to, pos, name, cause } => Error::BadArgument { to, pos: pos + 1, name, cause },
        e => e,
    }
}

/// Collects what `UserData::add_fields`/`add_methods` register.
pub(crate) struct UserDataRegistry<'lua, T> {
    methods: Vec<(String, StaticCallback)>,
    meta: Vec<(String, StaticCallback)>,
    getters: Vec<(String, StaticCallback)>,
    setters: Vec<(String, StaticCallback)>,
    _p: PhantomData<(&'lua Lua, fn(T))>,
}

impl<'lua, T: 'static> UserDataRegistry<'lua, T> {
    fn new() -> Self {
        UserDataRegistry { methods: Vec::new(), meta: Vec::new(), getters: Vec::new(), setters: Vec::new(), _p: PhantomData }
    }

    fn method_cb<A, R, M>(method: M) -> StaticCallback
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: Fn(&'lua Lua, &T, A) -> Result<R> + Send + 'static,
    {
        erase(Box::new(move |lua, mut args| {
            let this = take_self(&mut args)?;
            let r = this.borrow::<T>()?;
            let a = A::from_lua_args(args, lua, None).map_err(shift_arg)?;
            method(lua, &r, a)?.into_lua_multi(lua)
        }))
    }

    fn method_mut_cb<A, R, M>(method: M) -> StaticCallback
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<R> + Send + 'static,
    {
        let method = RefCell::new(method);
        erase(Box::new(move |lua, mut args| {
            let this = take_self(&mut args)?;
            let mut r = this.borrow_mut::<T>()?;
            let a = A::from_lua_args(args, lua, None).map_err(shift_arg)?;
            let mut m = method.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
            (*m)(lua, &mut r, a)?.into_lua_multi(lua)
        }))
    }

    fn function_cb<A, R, F>(function: F) -> StaticCallback
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        erase(Box::new(move |lua, args| function(lua, A::from_lua_args(args, lua, None)?)?.into_lua_multi(lua)))
    }

    fn function_mut_cb<A, R, F>(function: F) -> StaticCallback
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: FnMut(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        let function = RefCell::new(function);
        Self::function_cb(move |lua, a: A| {
            let mut f = function.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
            (*f)(lua, a)
        })
    }
}

impl<'lua, T: 'static> UserDataFields<'lua, T> for UserDataRegistry<'lua, T> {
    fn add_field_method_get<R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        R: IntoLua<'lua>,
        M: Fn(&'lua Lua, &T) -> Result<R> + Send + 'static,
    {
        self.getters.push((name.as_ref().into(), Self::method_cb(move |lua, this: &T, ()| method(lua, this))));
    }
    fn add_field_method_set<A, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLua<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<()> + Send + 'static,
    {
        self.setters.push((name.as_ref().into(), Self::method_mut_cb(method)));
    }
    fn add_field_function_get<R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        R: IntoLua<'lua>,
        F: Fn(&'lua Lua, AnyUserData<'lua>) -> Result<R> + Send + 'static,
    {
        self.getters.push((name.as_ref().into(), Self::function_cb(function)));
    }
    fn add_field_function_set<A, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLua<'lua>,
        F: FnMut(&'lua Lua, AnyUserData<'lua>, A) -> Result<()> + Send + 'static,
    {
        let function = RefCell::new(function);
        self.setters.push((
            name.as_ref().into(),
            Self::function_cb(move |lua, (ud, a): (AnyUserData<'lua>, A)| {
                let mut f = function.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
                (*f)(lua, ud, a)
            }),
        ));
    }
}

impl<'lua, T: 'static> UserDataMethods<'lua, T> for UserDataRegistry<'lua, T> {
    fn add_method<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: Fn(&'lua Lua, &T, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.as_ref().into(), Self::method_cb(method)));
    }
    fn add_method_mut<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.as_ref().into(), Self::method_mut_cb(method)));
    }
    fn add_function<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.as_ref().into(), Self::function_cb(function)));
    }
    fn add_function_mut<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: FnMut(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.as_ref().into(), Self::function_mut_cb(function)));
    }
    fn add_meta_method<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: Fn(&'lua Lua, &T, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((name.as_ref().into(), Self::method_cb(method)));
    }
    fn add_meta_method_mut<A, R, M>(&mut self, name: impl AsRef<str>, method: M)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        M: FnMut(&'lua Lua, &mut T, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((name.as_ref().into(), Self::method_mut_cb(method)));
    }
    fn add_meta_function<A, R, F>(&mut self, name: impl AsRef<str>, function: F)
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((name.as_ref().into(), Self::function_cb(function)));
    }
}

fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base).to_string()
}

/// Builds the metatable of `T` (once per state; cached by `Lua`).
pub(crate) fn build_metatable<'lua, T: UserData + 'static>(lua: &'lua Lua) -> Result<Table<'lua>> {
    let mut reg = UserDataRegistry::<'lua, T>::new();
    T::add_fields(&mut reg);
    T::add_methods(&mut reg);
    let mt = lua.create_table()?;
    let methods = lua.create_table()?;
    for (name, cb) in reg.methods {
        methods.raw_set(name, lua.create_callback(cb)?)?;
    }
    let mut index_fallback: Option<StaticCallback> = None;
    let mut newindex_fallback: Option<StaticCallback> = None;
    for (name, cb) in reg.meta {
        match name.as_str() {
            "__index" => index_fallback = Some(cb),
            "__newindex" => newindex_fallback = Some(cb),
            _ => mt.raw_set(name, lua.create_callback(cb)?)?,
        }
    }
    if reg.getters.is_empty() && index_fallback.is_none() {
        mt.raw_set("__index", methods)?;
    } else {
        let getters: HashMap<Vec<u8>, StaticCallback> = reg.getters.into_iter().map(|(k, v)| (k.into_bytes(), v)).collect();
        let methods_key = lua.create_registry_value(methods)?;
        let index: StaticCallback = Box::new(move |lua: &'static Lua, args: MultiValue<'static>| {
            if let Some(Value::String(k)) = args.get(1) {
                if let Some(g) = getters.get(k.as_bytes()) {
                    let mut one = MultiValue::new();
                    one.push_back(args[0].clone());
                    return g(lua, one);
                }
                let methods: Table = lua.registry_value(&methods_key)?;
                let m: Value = methods.raw_get(k.clone())?;
                if !m.is_nil() {
                    return Ok(MultiValue::from_vec(vec![m]));
                }
            }
            match &index_fallback {
                Some(f) => f(lua, args),
                None => Ok(MultiValue::from_vec(vec![Value::Nil])),
            }
        });
        mt.raw_set("__index", lua.create_callback(index)?)?;
    }
    if !reg.setters.is_empty() || newindex_fallback.is_some() {
        let setters: HashMap<Vec<u8>, StaticCallback> = reg.setters.into_iter().map(|(k, v)| (k.into_bytes(), v)).collect();
        let tname = short_type_name::<T>();
        let newindex: StaticCallback = Box::new(move |lua: &'static Lua, args: MultiValue<'static>| {
            if let Some(Value::String(k)) = args.get(1) {
                if let Some(s) = setters.get(k.as_bytes()) {
                    let mut two = MultiValue::new();
                    two.push_back(args[0].clone());
                    two.push_back(args.get(2).cloned().unwrap_or(Value::Nil));
                    return s(lua, two);
                }
            }
            match &newindex_fallback {
                Some(f) => f(lua, args),
                None => {
                    let key = match args.get(1) {
                        Some(Value::String(k)) => k.to_string_lossy().into_owned(),
                        Some(v) => format!("{:?}", v),
                        None => "?".into(),
                    };
                    Err(Error::RuntimeError(format!("cannot set field '{}' of {}", key, tname)))
                }
            }
        });
        mt.raw_set("__newindex", lua.create_callback(newindex)?)?;
    }
    mt.raw_set("__name", short_type_name::<T>())?;
    mt.raw_set("__metatable", false)?;
    Ok(mt)
}

/// A handle to a full userdata (usually one made by `Lua::create_userdata`).
///
/// ```
/// use ravi::{AnyUserData, Lua, UserData};
/// struct Config { level: u8 }
/// impl UserData for Config {}
/// let lua = Lua::new();
/// let ud = lua.create_userdata(Config { level: 1 }).unwrap();
/// ud.borrow_mut::<Config>().unwrap().level = 7;
/// assert_eq!(ud.borrow::<Config>().unwrap().level, 7);
/// assert!(!ud.is::<String>());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AnyUserData<'lua>(pub(crate) LuaRef<'lua>);

impl<'lua> AnyUserData<'lua> {
    fn cell<T: 'static>(&self) -> Result<&UserDataCell<T>> {
        let v = self.0.raw();
        let u = v.as_userdata().ok_or(Error::UserDataTypeMismatch)?;
        // SAFETY: the userdata is kept alive by this handle; its payload is never replaced
        // while it lives, and the cell is only accessed through `RefCell` borrows.
        let ud: &ravi_vm::function::UserData = unsafe { &*u.as_ptr() };
        match &ud.payload {
            UserPayload::Any(b) => b.downcast_ref::<UserDataCell<T>>().ok_or(Error::UserDataTypeMismatch),
            UserPayload::Bytes(_) => Err(Error::UserDataTypeMismatch),
        }
    }

    /// Is the Rust value a `T`?
    pub fn is<T: 'static>(&self) -> bool {
        self.cell::<T>().is_ok()
    }

    /// Borrows the value (`UserDataTypeMismatch`, `UserDataBorrowError` while mutably
    /// borrowed, `UserDataDestructed` after `take`).
    ///
    /// ```
    /// use ravi::{AnyUserData, Error, Lua, UserData};
    /// struct Id(u32);
    /// impl UserData for Id {}
    /// let lua = Lua::new();
    /// let ud: AnyUserData = lua.create_userdata(Id(7)).unwrap();
    /// assert_eq!(ud.borrow::<Id>().unwrap().0, 7);
    /// let _w = ud.borrow_mut::<Id>().unwrap();
    /// assert!(matches!(ud.borrow::<Id>(), Err(Error::UserDataBorrowError)));
    /// ```
    pub fn borrow<T: 'static>(&self) -> Result<Ref<'_, T>> {
        let c = self.cell::<T>()?;
        let r = c.0.try_borrow().map_err(|_| Error::UserDataBorrowError)?;
        Ref::filter_map(r, |o| o.as_ref()).map_err(|_| Error::UserDataDestructed)
    }

    /// Mutably borrows the value (`UserDataBorrowMutError` while borrowed).
    ///
    /// ```
    /// use ravi::{AnyUserData, Error, Lua, UserData};
    /// struct Id(u32);
    /// impl UserData for Id {}
    /// let lua = Lua::new();
    /// let ud: AnyUserData = lua.create_userdata(Id(7)).unwrap();
    /// ud.borrow_mut::<Id>().unwrap().0 = 8;
    /// assert_eq!(ud.borrow::<Id>().unwrap().0, 8);
    /// assert!(matches!(ud.borrow_mut::<String>(), Err(Error::UserDataTypeMismatch)));
    /// ```
    pub fn borrow_mut<T: 'static>(&self) -> Result<RefMut<'_, T>> {
        let c = self.cell::<T>()?;
        let r = c.0.try_borrow_mut().map_err(|_| Error::UserDataBorrowMutError)?;
        RefMut::filter_map(r, |o| o.as_mut()).map_err(|_| Error::UserDataDestructed)
    }

    /// Moves the value out; later uses of the userdata fail with `UserDataDestructed`.
    ///
    /// ```
    /// use ravi::{Error, Lua, UserData};
    /// struct Id(u32);
    /// impl UserData for Id {}
    /// let lua = Lua::new();
    /// let ud = lua.create_userdata(Id(7)).unwrap();
    /// assert_eq!(ud.take::<Id>().unwrap().0, 7);
    /// assert!(matches!(ud.borrow::<Id>(), Err(Error::UserDataDestructed)));
    /// ```
    pub fn take<T: 'static>(&self) -> Result<T> {
        let c = self.cell::<T>()?;
        let mut r = c.0.try_borrow_mut().map_err(|_| Error::UserDataBorrowMutError)?;
        r.take().ok_or(Error::UserDataDestructed)
    }

    /// Raw pointer identity (`%p`).
    pub fn to_pointer(&self) -> *const std::ffi::c_void {
        self.0.raw().gc_ptr() as *const _
    }
}
