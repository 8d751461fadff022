//! The `serde` feature: converting any `Serialize` value into a Lua [`Value`] and any Lua
//! value into a `Deserialize` type, as mlua's `serialize` feature does
//! ([`LuaSerdeExt::to_value`], [`LuaSerdeExt::from_value`]).
//!
//! # The mapping
//! | Rust (serde data model) | Lua |
//! | --- | --- |
//! | `bool` | boolean |
//! | integers | integer (a `u64`/`u128` above `i64::MAX` becomes a float); deserializing an integer accepts a float with an integral value |
//! | `f32`, `f64` | float (number) |
//! | `char`, `String`, `&str` | string; bytes (`serde_bytes`) are strings too |
//! | `Option`: `None` / `Some(x)` | `nil` (an absent field in a struct or map) / `x` |
//! | `()`, unit structs | the [`LuaSerdeExt::null`] sentinel (so that a unit field is present) |
//! | sequences (`Vec`, slices, sets), tuples, tuple structs | array tables `{x1, x2, ...}` |
//! | maps | tables (a `nil` key is an error) |
//! | structs | tables with string keys |
//! | unit enum variants | the variant's name as a string |
//! | newtype, tuple and struct variants | a one-key table `{Variant = value}` |
//!
//! Inside arrays, `None` becomes the [`LuaSerdeExt::null`] sentinel (a null light
//! userdata) rather than `nil`, so that the array has no holes; both `nil` and the
//! sentinel deserialize as `None` or `()`.
//!
//! When deserializing without a type to guide it (`deserialize_any`, e.g. into
//! `serde_json::Value`), a table whose keys are exactly `1..=n` (n > 0) is a sequence and
//! any other table is a map. Tables nested deeper than 128 levels (e.g. cyclic ones) are
//! refused with [`Error::DeserializeError`]. Functions, coroutines, userdata and error
//! values cannot be deserialized.
//!
//! ```
//! use ravi::{Lua, LuaSerdeExt};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Point { x: i64, y: f64, tag: Option<String> }
//!
//! let lua = Lua::new();
//! let v = lua.to_value(&Point { x: 1, y: 2.5, tag: None }).unwrap();
//! lua.globals().set("p", v).unwrap();
//! assert!(lua.load("return p.x == 1 and math.type(p.x) == 'integer' and p.y == 2.5 and p.tag == nil").eval::<bool>().unwrap());
//! let p: Point = lua.from_value(lua.load("return {x = 3, y = 4, tag = 'hi'}").eval().unwrap()).unwrap();
//! assert_eq!(p, Point { x: 3, y: 4.0, tag: Some("hi".into()) });
//! ```

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::lua::Lua;
use crate::table::Table;
use crate::value::{LightUserData, Value};
use ::serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected};
use ::serde::ser::{self, Serialize};
use std::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

/// How deeply nested tables may be when deserializing.
const MAX_DEPTH: usize = 128;

/// `to_value`/`from_value` on [`Lua`] (mlua's `LuaSerdeExt`; also in the prelude).
pub trait LuaSerdeExt<'lua> {
    /// The sentinel that stands for `()` and, inside arrays, for `None`: a null light
    /// userdata.
    ///
    /// ```
    /// use ravi::{Lua, LuaSerdeExt};
    /// let lua = Lua::new();
    /// let v = lua.to_value(&vec![Some(1), None, Some(3)]).unwrap();
    /// let t = v.as_table().unwrap();
    /// assert_eq!(t.raw_len(), 3);
    /// assert_eq!(t.raw_get::<_, ravi::Value>(2).unwrap(), lua.null());
    /// ```
    fn null(&'lua self) -> Value<'lua>;

    /// Converts a `Serialize` value into a Lua value (see the module docs for the mapping).
    /// Errors: [`Error::SerializeError`] (a `nil` or NaN map key, or what the type's
    /// `Serialize` reports), [`Error::MemoryError`].
    ///
    /// ```
    /// use ravi::{Lua, LuaSerdeExt};
    /// use std::collections::BTreeMap;
    /// let lua = Lua::new();
    /// let m: BTreeMap<&str, Vec<u8>> = [("a", vec![1, 2]), ("b", vec![])].into_iter().collect();
    /// lua.globals().set("m", lua.to_value(&m).unwrap()).unwrap();
    /// assert_eq!(lua.load("return #m.a + m.a[2] + #m.b").eval::<i64>().unwrap(), 4);
    /// ```
    fn to_value<T: Serialize + ?Sized>(&'lua self, t: &T) -> Result<Value<'lua>>;

    /// Converts a Lua value into a `Deserialize` type (see the module docs for the
    /// mapping). A value of the wrong shape gives [`Error::DeserializeError`] saying what
    /// was found and what was expected.
    ///
    /// ```
    /// use ravi::{Lua, LuaSerdeExt};
    /// let lua = Lua::new();
    /// let v: Vec<(String, bool)> = lua.from_value(lua.load("return {{'a', true}, {'b', false}}").eval().unwrap()).unwrap();
    /// assert_eq!(v, vec![("a".to_string(), true), ("b".to_string(), false)]);
    /// let e = lua.from_value::<Vec<i32>>(lua.load("return {1, 'two'}").eval().unwrap()).unwrap_err();
    /// assert_eq!(e.to_string(), "deserialize error: invalid type: string \"two\", expected i32 (at index 2)");
    /// ```
    fn from_value<T: DeserializeOwned>(&'lua self, value: Value<'lua>) -> Result<T>;
}

impl<'lua> LuaSerdeExt<'lua> for Lua {
    fn null(&'lua self) -> Value<'lua> {
        Value::LightUserData(LightUserData(std::ptr::null_mut()))
    }
    fn to_value<T: Serialize + ?Sized>(&'lua self, t: &T) -> Result<Value<'lua>> {
        t.serialize(Serializer { lua: self, in_array: false })
    }
    fn from_value<T: DeserializeOwned>(&'lua self, value: Value<'lua>) -> Result<T> {
        T::deserialize(Deserializer { value, depth: 0 })
    }
}

fn is_null(v: &Value<'_>) -> bool {
    matches!(v, Value::Nil) || matches!(v, Value::LightUserData(LightUserData(p)) if p.is_null())
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::SerializeError(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::DeserializeError(msg.to_string())
    }
}

// ------------------------------------------------------------------ serializing

/// Serializes into Lua values (`LuaSerdeExt::to_value`).
struct Serializer<'lua> {
    lua: &'lua Lua,
    /// Serializing an array element: `None` becomes the null sentinel.
    in_array: bool,
}

impl<'lua> Serializer<'lua> {
    fn nothing(&self) -> Value<'lua> {
        if self.in_array {
            self.lua.null()
        } else {
            Value::Nil
        }
    }
    fn element<T: Serialize + ?Sized>(&self, v: &T) -> Result<Value<'lua>> {
        v.serialize(Serializer { lua: self.lua, in_array: true })
    }
    fn field<T: Serialize + ?Sized>(&self, v: &T) -> Result<Value<'lua>> {
        v.serialize(Serializer { lua: self.lua, in_array: false })
    }
    fn string(&self, s: impl AsRef<[u8]>) -> Result<Value<'lua>> {
        Ok(Value::String(self.lua.create_string(s)?))
    }
    /// `{variant = value}`.
    fn variant(&self, variant: &str, value: Value<'lua>) -> Result<Value<'lua>> {
        let t = self.lua.create_table_with_capacity(0, 1)?;
        t.raw_set(variant, value)?;
        Ok(Value::Table(t))
    }
}

/// Collects array elements (sequences, tuples), then wraps them for tuple variants.
struct SerializeArray<'lua> {
    ser: Serializer<'lua>,
    table: Table<'lua>,
    n: i64,
    variant: Option<&'static str>,
}

impl<'lua> SerializeArray<'lua> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        let v = self.ser.element(v)?;
        self.n += 1;
        self.table.raw_set(self.n, v)
    }
    fn finish(self) -> Result<Value<'lua>> {
        match self.variant {
            Some(name) => self.ser.variant(name, Value::Table(self.table)),
            None => Ok(Value::Table(self.table)),
        }
    }
}

/// Collects map entries and struct fields, then wraps them for struct variants.
struct SerializeTable<'lua> {
    ser: Serializer<'lua>,
    table: Table<'lua>,
    key: Option<Value<'lua>>,
    variant: Option<&'static str>,
}

impl<'lua> SerializeTable<'lua> {
    fn insert(&mut self, key: Value<'lua>, value: Value<'lua>) -> Result<()> {
        match &key {
            Value::Nil => return Err(Error::SerializeError("map key cannot be nil".into())),
            Value::Number(n) if n.is_nan() => return Err(Error::SerializeError("map key cannot be NaN".into())),
            _ => {}
        }
        self.table.raw_set(key, value)
    }
    fn finish(self) -> Result<Value<'lua>> {
        match self.variant {
            Some(name) => self.ser.variant(name, Value::Table(self.table)),
            None => Ok(Value::Table(self.table)),
        }
    }
}

impl<'lua> ser::Serializer for Serializer<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    type SerializeSeq = SerializeArray<'lua>;
    type SerializeTuple = SerializeArray<'lua>;
    type SerializeTupleStruct = SerializeArray<'lua>;
    type SerializeTupleVariant = SerializeArray<'lua>;
    type SerializeMap = SerializeTable<'lua>;
    type SerializeStruct = SerializeTable<'lua>;
    type SerializeStructVariant = SerializeTable<'lua>;

    fn serialize_bool(self, v: bool) -> Result<Value<'lua>> {
        Ok(Value::Boolean(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value<'lua>> {
        Ok(Value::Integer(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value<'lua>> {
        Ok(i64::try_from(v).map(Value::Integer).unwrap_or(Value::Number(v as f64)))
    }
    fn serialize_u8(self, v: u8) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value<'lua>> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value<'lua>> {
        Ok(i64::try_from(v).map(Value::Integer).unwrap_or(Value::Number(v as f64)))
    }
    fn serialize_u128(self, v: u128) -> Result<Value<'lua>> {
        Ok(i64::try_from(v).map(Value::Integer).unwrap_or(Value::Number(v as f64)))
    }
    fn serialize_f32(self, v: f32) -> Result<Value<'lua>> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value<'lua>> {
        Ok(Value::Number(v))
    }
    fn serialize_char(self, v: char) -> Result<Value<'lua>> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Value<'lua>> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value<'lua>> {
        self.string(v)
    }
    fn serialize_none(self) -> Result<Value<'lua>> {
        Ok(self.nothing())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value<'lua>> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value<'lua>> {
        Ok(self.lua.null())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value<'lua>> {
        Ok(self.lua.null())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<Value<'lua>> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<Value<'lua>> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value<'lua>> {
        let v = self.field(value)?;
        self.variant(variant, v)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SerializeArray<'lua>> {
        let table = self.lua.create_table_with_capacity(len.unwrap_or(0), 0)?;
        Ok(SerializeArray { ser: self, table, n: 0, variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<SerializeArray<'lua>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SerializeArray<'lua>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeArray<'lua>> {
        let table = self.lua.create_table_with_capacity(len, 0)?;
        Ok(SerializeArray { ser: self, table, n: 0, variant: Some(variant) })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<SerializeTable<'lua>> {
        let table = self.lua.create_table_with_capacity(0, len.unwrap_or(0))?;
        Ok(SerializeTable { ser: self, table, key: None, variant: None })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<SerializeTable<'lua>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeTable<'lua>> {
        let table = self.lua.create_table_with_capacity(0, len)?;
        Ok(SerializeTable { ser: self, table, key: None, variant: Some(variant) })
    }
}

impl<'lua> ser::SerializeSeq for SerializeArray<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeTuple for SerializeArray<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeTupleStruct for SerializeArray<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeTupleVariant for SerializeArray<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeMap for SerializeTable<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(self.ser.field(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self.key.take().ok_or_else(|| Error::SerializeError("map value without a key".into()))?;
        let value = self.ser.field(value)?;
        self.insert(key, value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeStruct for SerializeTable<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let k = self.ser.string(key)?;
        let value = self.ser.field(value)?;
        self.insert(k, value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}
impl<'lua> ser::SerializeStructVariant for SerializeTable<'lua> {
    type Ok = Value<'lua>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let k = self.ser.string(key)?;
        let value = self.ser.field(value)?;
        self.insert(k, value)
    }
    fn end(self) -> Result<Value<'lua>> {
        self.finish()
    }
}

// ------------------------------------------------------------------ deserializing

/// Deserializes from a Lua value (`LuaSerdeExt::from_value`).
struct Deserializer<'lua> {
    value: Value<'lua>,
    depth: usize,
}

fn unexpected<'a>(v: &'a Value<'_>, buf: &'a mut String) -> Unexpected<'a> {
    match v {
        Value::Nil => Unexpected::Other("nil"),
        Value::Boolean(b) => Unexpected::Bool(*b),
        Value::Integer(i) => Unexpected::Signed(*i),
        Value::Number(n) => Unexpected::Float(*n),
        Value::String(s) => match s.to_str() {
            Ok(st) => {
                *buf = st.to_string();
                Unexpected::Str(buf)
            }
            Err(_) => Unexpected::Other("non-UTF-8 string"),
        },
        Value::Table(_) => Unexpected::Other("table"),
        Value::Function(_) => Unexpected::Other("function"),
        Value::Thread(_) => Unexpected::Other("thread"),
        Value::UserData(_) => Unexpected::Other("userdata"),
        Value::LightUserData(LightUserData(p)) if p.is_null() => Unexpected::Other("null"),
        Value::LightUserData(_) => Unexpected::Other("light userdata"),
        Value::Error(_) => Unexpected::Other("error"),
    }
}

impl<'lua> Deserializer<'lua> {
    fn invalid(&self, exp: &dyn de::Expected) -> Error {
        let mut buf = String::new();
        de::Error::invalid_type(unexpected(&self.value, &mut buf), exp)
    }
    fn child(&self, value: Value<'lua>) -> Result<Deserializer<'lua>> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::DeserializeError("tables nested too deeply (recursive table?)".into()));
        }
        Ok(Deserializer { value, depth: self.depth + 1 })
    }
    /// A float with an integral value, as an integer.
    fn integral(&self) -> Option<i64> {
        match self.value {
            Value::Integer(i) => Some(i),
            Value::Number(n) if n.fract() == 0.0 && n >= -9.223372036854776e18 && n < 9.223372036854776e18 => Some(n as i64),
            _ => None,
        }
    }
    fn seq<'de, V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Table(t) => {
                let len = t.raw_len();
                let mut access = SeqAccess { de: &self, table: t.clone(), i: 0, len };
                let v = visitor.visit_seq(&mut access)?;
                if access.i < access.len {
                    return Err(de::Error::invalid_length(access.len, &"fewer elements in the table"));
                }
                Ok(v)
            }
            _ => Err(self.invalid(&visitor)),
        }
    }
    fn map<'de, V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Table(t) => {
                let mut entries = Vec::new();
                t.for_each::<Value, Value>(|k, v| {
                    entries.push((k, v));
                    Ok(())
                })?;
                let mut access = MapAccess { de: &self, entries: entries.into_iter(), value: None };
                visitor.visit_map(&mut access)
            }
            _ => Err(self.invalid(&visitor)),
        }
    }
    /// Is the table a non-empty sequence (keys exactly `1..=n`)?
    fn is_sequence(t: &Table<'lua>) -> Result<bool> {
        let len = t.raw_len();
        if len == 0 {
            return Ok(false);
        }
        let mut count = 0usize;
        let mut ok = true;
        t.for_each::<Value, Value>(|k, _| {
            count += 1;
            if !matches!(k, Value::Integer(i) if i >= 1 && i as usize <= len) {
                ok = false;
            }
            Ok(())
        })?;
        Ok(ok && count == len)
    }
}

macro_rules! deserialize_integer {
    ($($method:ident => $visit:ident as $t:ty),* $(,)?) => {$(
        fn $method<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integral() {
                Some(i) => match <$t>::try_from(i) {
                    Ok(x) => visitor.$visit(x),
                    Err(_) => Err(de::Error::invalid_value(Unexpected::Signed(i), &visitor)),
                },
                None => Err(self.invalid(&visitor)),
            }
        }
    )*};
}

impl<'de, 'lua> de::Deserializer<'de> for Deserializer<'lua> {
    type Error = Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Nil => visitor.visit_unit(),
            Value::LightUserData(LightUserData(p)) if p.is_null() => visitor.visit_unit(),
            Value::Boolean(b) => visitor.visit_bool(*b),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Number(n) => visitor.visit_f64(*n),
            Value::String(s) => match s.to_str() {
                Ok(st) => visitor.visit_str(st),
                Err(_) => visitor.visit_bytes(s.as_bytes()),
            },
            Value::Table(t) => {
                if Self::is_sequence(t)? {
                    self.seq(visitor)
                } else {
                    self.map(visitor)
                }
            }
            _ => Err(Error::DeserializeError(format!("cannot deserialize a Lua {}", self.value.type_name()))),
        }
    }

    fn deserialize_bool<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.value {
            Value::Boolean(b) => visitor.visit_bool(b),
            _ => Err(self.invalid(&visitor)),
        }
    }

    deserialize_integer! {
        deserialize_i8 => visit_i8 as i8,
        deserialize_i16 => visit_i16 as i16,
        deserialize_i32 => visit_i32 as i32,
        deserialize_i64 => visit_i64 as i64,
        deserialize_u8 => visit_u8 as u8,
        deserialize_u16 => visit_u16 as u16,
        deserialize_u32 => visit_u32 as u32,
        deserialize_u64 => visit_u64 as u64,
    }

    fn deserialize_i128<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.integral() {
            Some(i) => visitor.visit_i128(i.into()),
            None => Err(self.invalid(&visitor)),
        }
    }
    fn deserialize_u128<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.integral() {
            Some(i) if i >= 0 => visitor.visit_u128(i as u128),
            Some(i) => Err(de::Error::invalid_value(Unexpected::Signed(i), &visitor)),
            None => Err(self.invalid(&visitor)),
        }
    }
    fn deserialize_f32<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_f64<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.value {
            Value::Number(n) => visitor.visit_f64(n),
            Value::Integer(i) => visitor.visit_f64(i as f64),
            _ => Err(self.invalid(&visitor)),
        }
    }
    fn deserialize_char<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_str<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::String(s) => match s.to_str() {
                Ok(st) => visitor.visit_str(st),
                Err(_) => Err(de::Error::invalid_value(Unexpected::Bytes(s.as_bytes()), &visitor)),
            },
            _ => Err(self.invalid(&visitor)),
        }
    }
    fn deserialize_string<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::String(s) => visitor.visit_bytes(s.as_bytes()),
            Value::Table(_) => self.seq(visitor),
            _ => Err(self.invalid(&visitor)),
        }
    }
    fn deserialize_byte_buf<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if is_null(&self.value) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }
    fn deserialize_unit<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if is_null(&self.value) {
            visitor.visit_unit()
        } else {
            Err(self.invalid(&visitor))
        }
    }
    fn deserialize_unit_struct<V: de::Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: de::Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.seq(visitor)
    }
    fn deserialize_tuple<V: de::Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.seq(visitor)
    }
    fn deserialize_tuple_struct<V: de::Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value> {
        self.seq(visitor)
    }
    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.map(visitor)
    }
    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.map(visitor)
    }
    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match &self.value {
            Value::String(s) => {
                let name = s.to_str().map_err(|_| <Error as de::Error>::invalid_value(Unexpected::Bytes(s.as_bytes()), &"a variant name"))?;
                visitor.visit_enum(name.to_string().into_deserializer())
            }
            Value::Table(t) => {
                let mut entries = Vec::new();
                t.for_each::<Value, Value>(|k, v| {
                    entries.push((k, v));
                    Ok(())
                })?;
                if entries.len() != 1 {
                    return Err(Error::DeserializeError(format!(
                        "invalid enum value: expected a table with exactly one key (the variant name), found {} keys",
                        entries.len()
                    )));
                }
                let (k, v) = entries.pop().unwrap();
                let name = match &k {
                    Value::String(s) => s.to_str().map(|s| s.to_string()).ok(),
                    _ => None,
                };
                let name = name.ok_or_else(|| {
                    let mut buf = String::new();
                    <Error as de::Error>::invalid_type(unexpected(&k, &mut buf), &"a variant name")
                })?;
                let value = self.child(v)?;
                visitor.visit_enum(EnumAccess { name, value })
            }
            _ => Err(self.invalid(&"a string or a table with a single key (an enum)")),
        }
    }
    fn deserialize_identifier<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }
    fn deserialize_ignored_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

struct SeqAccess<'a, 'lua> {
    de: &'a Deserializer<'lua>,
    table: Table<'lua>,
    i: usize,
    len: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.i >= self.len {
            return Ok(None);
        }
        self.i += 1;
        let v: Value = self.table.raw_get(self.i as i64)?;
        let idx = self.i;
        seed.deserialize(self.de.child(v)?)
            .map(Some)
            .map_err(|e| match e {
                Error::DeserializeError(m) => Error::DeserializeError(format!("{} (at index {})", m, idx)),
                e => e,
            })
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.len - self.i)
    }
}

struct MapAccess<'a, 'lua> {
    de: &'a Deserializer<'lua>,
    entries: std::vec::IntoIter<(Value<'lua>, Value<'lua>)>,
    value: Option<(String, Value<'lua>)>,
}

fn key_name(k: &Value<'_>) -> String {
    match k {
        Value::String(s) => s.to_string_lossy().into_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Number(n) => n.to_string(),
        v => v.type_name().to_string(),
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.entries.next() {
            Some((k, v)) => {
                let name = key_name(&k);
                self.value = Some((name, v));
                seed.deserialize(self.de.child(k)?).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let (name, v) = self.value.take().ok_or_else(|| Error::DeserializeError("map value without a key".into()))?;
        seed.deserialize(self.de.child(v)?).map_err(|e| match e {
            Error::DeserializeError(m) => Error::DeserializeError(format!("{} (in field `{}`)", m, name)),
            e => e,
        })
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumAccess<'lua> {
    name: String,
    value: Deserializer<'lua>,
}

impl<'de, 'lua> de::EnumAccess<'de> for EnumAccess<'lua> {
    type Error = Error;
    type Variant = Deserializer<'lua>;
    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Deserializer<'lua>)> {
        let de: de::value::StringDeserializer<Error> = self.name.into_deserializer();
        let v = seed.deserialize(de)?;
        Ok((v, self.value))
    }
}

impl<'de, 'lua> de::VariantAccess<'de> for Deserializer<'lua> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        if is_null(&self.value) {
            Ok(())
        } else {
            Err(self.invalid(&"a unit variant"))
        }
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: de::Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.seq(visitor)
    }
    fn struct_variant<V: de::Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        self.map(visitor)
    }
}
