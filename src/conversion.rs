//! `IntoLua`/`FromLua`/`IntoLuaMulti`/`FromLuaMulti` for Rust types: integers (range
//! checked; floats with an exact integral value and numeric strings accepted, as
//! `lua_tointegerx`), floats, bool (Lua truthiness), strings (numbers coerced), `Option`,
//! `Vec` (sequences), `HashMap`/`BTreeMap` (tables), tuples, `Variadic`, `MultiValue`,
//! handles, `UserData` types and `Error`.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::function::Function;
use crate::lua::Lua;
use crate::string::LuaString;
use crate::table::Table;
use crate::thread::Thread;
use crate::userdata::{AnyUserData, UserData};
use crate::value::{bad_argument, FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LightUserData, MultiValue, Value, Variadic};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::string::String;
use std::vec::Vec;

fn conv_err(v: &Value, to: &'static str, message: Option<String>) -> Error {
    Error::FromLuaConversionError { from: v.type_name(), to, message }
}

fn str_number(s: &LuaString) -> Option<ravi_vm::Value> {
    ravi_vm::arith::str_to_number(s.as_bytes())
}

fn number_to_string(v: ravi_vm::Value) -> String {
    let mut b = Vec::new();
    ravi_vm::arith::number_to_bytes(&v, &mut b);
    String::from_utf8_lossy(&b).into_owned()
}

/// The value as an i64, Lua-style (exact floats, numeric strings).
fn to_i64(v: &Value) -> std::result::Result<i64, Option<String>> {
    let n = match v {
        Value::Integer(i) => return Ok(*i),
        Value::Number(n) => ravi_vm::Value::float(*n),
        Value::String(s) => match str_number(s) {
            Some(n) => n,
            None => return Err(None),
        },
        _ => return Err(None),
    };
    if n.is_int() {
        return Ok(n.ival());
    }
    ravi_vm::arith::float_to_int_exact(n.fval()).ok_or_else(|| Some("number has no integer representation".into()))
}

fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Number(n) => Some(*n),
        Value::String(s) => str_number(s).and_then(|n| n.as_number()),
        _ => None,
    }
}

// ---------------------------------------------------------------------- values, handles

impl<'lua> IntoLua<'lua> for Value<'lua> {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(self)
    }
}
impl<'lua> FromLua<'lua> for Value<'lua> {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        Ok(v)
    }
}
impl<'lua> IntoLua<'lua> for &Value<'lua> {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(self.clone())
    }
}

macro_rules! handle_conv {
    ($t:ident, $variant:ident, $name:expr) => {
        impl<'lua> IntoLua<'lua> for $t<'lua> {
            fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
                Ok(Value::$variant(self))
            }
        }
        impl<'lua> IntoLua<'lua> for &$t<'lua> {
            fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
                Ok(Value::$variant(self.clone()))
            }
        }
        impl<'lua> FromLua<'lua> for $t<'lua> {
            fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
                match v {
                    Value::$variant(x) => Ok(x),
                    v => Err(conv_err(&v, $name, None)),
                }
            }
        }
    };
}
handle_conv!(Table, Table, "table");
handle_conv!(Function, Function, "function");
handle_conv!(Thread, Thread, "thread");
handle_conv!(AnyUserData, UserData, "userdata");

impl<'lua> IntoLua<'lua> for LuaString<'lua> {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(self))
    }
}
impl<'lua> IntoLua<'lua> for &LuaString<'lua> {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(self.clone()))
    }
}
impl<'lua> FromLua<'lua> for LuaString<'lua> {
    fn from_lua(v: Value<'lua>, lua: &'lua Lua) -> Result<Self> {
        match v {
            Value::String(s) => Ok(s),
            Value::Integer(i) => lua.create_string(number_to_string(ravi_vm::Value::int(i))),
            Value::Number(n) => lua.create_string(number_to_string(ravi_vm::Value::float(n))),
            v => Err(conv_err(&v, "string", None)),
        }
    }
}

impl<'lua> IntoLua<'lua> for LightUserData {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::LightUserData(self))
    }
}
impl<'lua> FromLua<'lua> for LightUserData {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        match v {
            Value::LightUserData(l) => Ok(l),
            v => Err(conv_err(&v, "lightuserdata", None)),
        }
    }
}

impl<'lua> IntoLua<'lua> for Error {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Error(self))
    }
}

impl<'lua, T: UserData + Send + 'static> IntoLua<'lua> for T {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::UserData(lua.create_userdata(self)?))
    }
}

// ---------------------------------------------------------------------- scalars

impl<'lua> IntoLua<'lua> for bool {
    fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Boolean(self))
    }
}
/// Lua truthiness: `nil` and `false` are false, everything else true.
impl<'lua> FromLua<'lua> for bool {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        Ok(v.is_truthy())
    }
}

macro_rules! int_conv {
    ($($t:ty),*) => {$(
        impl<'lua> IntoLua<'lua> for $t {
            #[allow(irrefutable_let_patterns, clippy::unnecessary_fallible_conversions)]
            fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
                match i64::try_from(self) {
                    Ok(i) => Ok(Value::Integer(i)),
                    Err(_) => Ok(Value::Number(self as f64)),
                }
            }
        }
        impl<'lua> FromLua<'lua> for $t {
            #[allow(clippy::unnecessary_fallible_conversions)]
            fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
                match to_i64(&v) {
                    Ok(i) => <$t>::try_from(i).map_err(|_| conv_err(&v, stringify!($t), Some("out of range".into()))),
                    Err(m) => Err(conv_err(&v, stringify!($t), m)),
                }
            }
        }
    )*};
}
int_conv!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! float_conv {
    ($($t:ty),*) => {$(
        impl<'lua> IntoLua<'lua> for $t {
            fn into_lua(self, _: &'lua Lua) -> Result<Value<'lua>> {
                Ok(Value::Number(self as f64))
            }
        }
        impl<'lua> FromLua<'lua> for $t {
            fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
                to_f64(&v).map(|n| n as $t).ok_or_else(|| conv_err(&v, stringify!($t), None))
            }
        }
    )*};
}
float_conv!(f32, f64);

// ---------------------------------------------------------------------- strings

impl<'lua> IntoLua<'lua> for &str {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(lua.create_string(self)?))
    }
}
impl<'lua> IntoLua<'lua> for String {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(lua.create_string(self)?))
    }
}
impl<'lua> IntoLua<'lua> for &String {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(lua.create_string(self)?))
    }
}
impl<'lua> IntoLua<'lua> for std::borrow::Cow<'_, str> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(lua.create_string(self.as_bytes())?))
    }
}
impl<'lua> IntoLua<'lua> for Box<str> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::String(lua.create_string(self.as_bytes())?))
    }
}
/// UTF-8 strings; numbers are converted as Lua prints them.
impl<'lua> FromLua<'lua> for String {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        match &v {
            Value::String(s) => s.to_str().map(|s| s.to_string()),
            Value::Integer(i) => Ok(number_to_string(ravi_vm::Value::int(*i))),
            Value::Number(n) => Ok(number_to_string(ravi_vm::Value::float(*n))),
            _ => Err(conv_err(&v, "String", None)),
        }
    }
}

// ---------------------------------------------------------------------- containers

impl<'lua, T: IntoLua<'lua>> IntoLua<'lua> for Option<T> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        match self {
            Some(v) => v.into_lua(lua),
            None => Ok(Value::Nil),
        }
    }
}
impl<'lua, T: FromLua<'lua>> FromLua<'lua> for Option<T> {
    fn from_lua(v: Value<'lua>, lua: &'lua Lua) -> Result<Self> {
        match v {
            Value::Nil => Ok(None),
            v => T::from_lua(v, lua).map(Some),
        }
    }
}

impl<'lua, T: IntoLua<'lua>> IntoLua<'lua> for Vec<T> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Table(lua.create_sequence_from(self)?))
    }
}
impl<'lua, T: IntoLua<'lua> + Clone> IntoLua<'lua> for &[T] {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Table(lua.create_sequence_from(self.iter().cloned())?))
    }
}
/// The sequence `t[1], t[2], ...` up to the first nil.
impl<'lua, T: FromLua<'lua>> FromLua<'lua> for Vec<T> {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        match v {
            Value::Table(t) => t.sequence_values().collect(),
            v => Err(conv_err(&v, "Vec", Some("expected table".into()))),
        }
    }
}

impl<'lua, K: IntoLua<'lua>, V: IntoLua<'lua>, S> IntoLua<'lua> for HashMap<K, V, S> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Table(lua.create_table_from(self)?))
    }
}
impl<'lua, K: FromLua<'lua> + Eq + Hash, V: FromLua<'lua>, S: BuildHasher + Default> FromLua<'lua> for HashMap<K, V, S> {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        match v {
            Value::Table(t) => t.pairs().collect(),
            v => Err(conv_err(&v, "HashMap", Some("expected table".into()))),
        }
    }
}
impl<'lua, K: IntoLua<'lua>, V: IntoLua<'lua>> IntoLua<'lua> for BTreeMap<K, V> {
    fn into_lua(self, lua: &'lua Lua) -> Result<Value<'lua>> {
        Ok(Value::Table(lua.create_table_from(self)?))
    }
}
impl<'lua, K: FromLua<'lua> + Ord, V: FromLua<'lua>> FromLua<'lua> for BTreeMap<K, V> {
    fn from_lua(v: Value<'lua>, _: &'lua Lua) -> Result<Self> {
        match v {
            Value::Table(t) => t.pairs().collect(),
            v => Err(conv_err(&v, "BTreeMap", Some("expected table".into()))),
        }
    }
}

// ---------------------------------------------------------------------- multi

impl<'lua, T: IntoLua<'lua>> IntoLuaMulti<'lua> for T {
    fn into_lua_multi(self, lua: &'lua Lua) -> Result<MultiValue<'lua>> {
        let mut m = MultiValue::new();
        m.push_back(self.into_lua(lua)?);
        Ok(m)
    }
}
impl<'lua, T: FromLua<'lua>> FromLuaMulti<'lua> for T {
    fn from_lua_multi(mut values: MultiValue<'lua>, lua: &'lua Lua) -> Result<Self> {
        T::from_lua(values.pop_front().unwrap_or(Value::Nil), lua)
    }
}

impl<'lua> IntoLuaMulti<'lua> for MultiValue<'lua> {
    fn into_lua_multi(self, _: &'lua Lua) -> Result<MultiValue<'lua>> {
        Ok(self)
    }
}
impl<'lua> FromLuaMulti<'lua> for MultiValue<'lua> {
    fn from_lua_multi(values: MultiValue<'lua>, _: &'lua Lua) -> Result<Self> {
        Ok(values)
    }
}

impl<'lua, T: IntoLua<'lua>> IntoLuaMulti<'lua> for Variadic<T> {
    fn into_lua_multi(self, lua: &'lua Lua) -> Result<MultiValue<'lua>> {
        self.into_iter().map(|v| v.into_lua(lua)).collect()
    }
}
impl<'lua, T: FromLua<'lua>> FromLuaMulti<'lua> for Variadic<T> {
    fn from_lua_multi(values: MultiValue<'lua>, lua: &'lua Lua) -> Result<Self> {
        values.into_iter().map(|v| T::from_lua(v, lua)).collect()
    }
    fn from_lua_args(values: MultiValue<'lua>, lua: &'lua Lua, to: Option<&str>) -> Result<Self> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| T::from_lua(v, lua).map_err(|e| bad_argument(to, i + 1, e)))
            .collect()
    }
}

impl<'lua> IntoLuaMulti<'lua> for () {
    fn into_lua_multi(self, _: &'lua Lua) -> Result<MultiValue<'lua>> {
        Ok(MultiValue::new())
    }
}
impl<'lua> FromLuaMulti<'lua> for () {
    fn from_lua_multi(_: MultiValue<'lua>, _: &'lua Lua) -> Result<Self> {
        Ok(())
    }
}

macro_rules! tuple_conv {
    ($($name:ident)* ; $last:ident) => {
        impl<'lua, $($name: IntoLua<'lua>,)* $last: IntoLuaMulti<'lua>> IntoLuaMulti<'lua> for ($($name,)* $last,) {
            #[allow(non_snake_case)]
            fn into_lua_multi(self, lua: &'lua Lua) -> Result<MultiValue<'lua>> {
                let ($($name,)* $last,) = self;
                let mut m = $last.into_lua_multi(lua)?;
                let front: Vec<Value<'lua>> = vec![$($name.into_lua(lua)?,)*];
                for v in front.into_iter().rev() {
                    m.push_front(v);
                }
                Ok(m)
            }
        }
        impl<'lua, $($name: FromLua<'lua>,)* $last: FromLuaMulti<'lua>> FromLuaMulti<'lua> for ($($name,)* $last,) {
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn from_lua_multi(mut values: MultiValue<'lua>, lua: &'lua Lua) -> Result<Self> {
                $(let $name = $name::from_lua(values.pop_front().unwrap_or(Value::Nil), lua)?;)*
                let $last = $last::from_lua_multi(values, lua)?;
                Ok(($($name,)* $last,))
            }
            #[allow(non_snake_case, unused_mut, unused_assignments, unused_variables)]
            fn from_lua_args(mut values: MultiValue<'lua>, lua: &'lua Lua, to: Option<&str>) -> Result<Self> {
                let mut pos = 0usize;
                $(
                    pos += 1;
                    let $name = $name::from_lua(values.pop_front().unwrap_or(Value::Nil), lua).map_err(|e| bad_argument(to, pos, e))?;
                )*
                let $last = $last::from_lua_args(values, lua, to).map_err(|e| match e {
                    Error::BadArgument { to, pos: p, name, cause } => Error::BadArgument { to, pos: p + pos, name, cause },
                    e => e,
                })?;
                Ok(($($name,)* $last,))
            }
        }
    };
}
tuple_conv!(; A);
tuple_conv!(A ; B);
tuple_conv!(A B ; C);
tuple_conv!(A B C ; D);
tuple_conv!(A B C D ; E);
tuple_conv!(A B C D E ; F);
tuple_conv!(A B C D E F ; G);
tuple_conv!(A B C D E F G ; H);
tuple_conv!(A B C D E F G H ; I);
tuple_conv!(A B C D E F G H I ; J);
tuple_conv!(A B C D E F G H I J ; K);
tuple_conv!(A B C D E F G H I J K ; L);
