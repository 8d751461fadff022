//! [`Table`]: a handle to a Lua table, with metamethod-aware (`get`, `set`, `len`, `push`,
//! `pop`) and raw (`raw_*`) access, iteration and metatables.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::Result;
use crate::lua::{Callee, Lua};
use crate::value::{FromLua, IntoLua, LuaRef, Value};
use ravi_vm::state::State;
use ravi_vm::LResult;
use std::marker::PhantomData;

fn n_gettable(st: &mut State) -> LResult<usize> {
    st.set_top(2);
    st.get_table(1)?;
    Ok(1)
}
fn n_settable(st: &mut State) -> LResult<usize> {
    st.set_top(3);
    st.set_table(1)?;
    Ok(0)
}
fn n_len(st: &mut State) -> LResult<usize> {
    let n = st.len_int(1)?;
    st.push_integer(n)?;
    Ok(1)
}
fn n_push(st: &mut State) -> LResult<usize> {
    st.set_top(2);
    let n = st.len_int(1)?;
    st.set_i(1, n.wrapping_add(1))?;
    Ok(0)
}
fn n_pop(st: &mut State) -> LResult<usize> {
    st.set_top(1);
    let n = st.len_int(1)?;
    if n == 0 {
        st.push_nil()?;
        return Ok(1);
    }
    st.get_i(1, n)?;
    st.push_nil()?;
    st.set_i(1, n)?;
    Ok(1)
}

/// A Lua table.
///
/// ```
/// let lua = ravi::Lua::new();
/// let t = lua.create_table().unwrap();
/// t.set("name", "ravi").unwrap();
/// t.push(10).unwrap();
/// t.push(20).unwrap();
/// assert_eq!(t.len().unwrap(), 2);
/// assert_eq!(t.get::<_, String>("name").unwrap(), "ravi");
/// let sum: i64 = t.sequence_values::<i64>().map(|v| v.unwrap()).sum();
/// assert_eq!(sum, 30);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Table<'lua>(pub(crate) LuaRef<'lua>);

impl<'lua> Table<'lua> {
    fn lua(&self) -> &'lua Lua {
        self.0.lua()
    }
    fn me(&self) -> Value<'lua> {
        Value::Table(self.clone())
    }

    /// `self[key] = value`, with `__newindex`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.set("k", "v").unwrap();
    /// t.set(1, 10).unwrap();
    /// assert_eq!(lua.load("return ...").call::<_, ravi::Table>(t).unwrap().get::<_, String>("k").unwrap(), "v");
    /// ```
    pub fn set<K: IntoLua<'lua>, V: IntoLua<'lua>>(&self, key: K, value: V) -> Result<()> {
        let lua = self.lua();
        let k = key.into_lua(lua)?;
        let v = value.into_lua(lua)?;
        lua.pcall_raw(Callee::Native(n_settable), &[self.me(), k, v], 0).map(|_| ())
    }

    /// `self[key]`, with `__index`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return setmetatable({a = 1}, {__index = function(_, k) return k .. '?' end})").eval().unwrap();
    /// assert_eq!(t.get::<_, i64>("a").unwrap(), 1);
    /// assert_eq!(t.get::<_, String>("b").unwrap(), "b?");
    /// assert!(t.get::<_, i64>("b").is_err()); // "b?" is not a number
    /// ```
    pub fn get<K: IntoLua<'lua>, V: FromLua<'lua>>(&self, key: K) -> Result<V> {
        let lua = self.lua();
        let k = key.into_lua(lua)?;
        let mut r = lua.pcall_raw(Callee::Native(n_gettable), &[self.me(), k], 1)?;
        V::from_lua(r.pop_front().unwrap_or(Value::Nil), lua)
    }

    /// Is `self[key]` not nil (with `__index`)?
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return {x = false}").eval().unwrap();
    /// assert!(t.contains_key("x").unwrap());
    /// assert!(!t.contains_key("y").unwrap());
    /// ```
    pub fn contains_key<K: IntoLua<'lua>>(&self, key: K) -> Result<bool> {
        Ok(!self.get::<K, Value>(key)?.is_nil())
    }

    /// `rawset(self, key, value)`. Errors for a nil or NaN key.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return setmetatable({}, {__newindex = function() error('read-only') end})").eval().unwrap();
    /// assert!(t.set("a", 1).is_err());
    /// t.raw_set("a", 1).unwrap();
    /// assert_eq!(t.raw_get::<_, i64>("a").unwrap(), 1);
    /// assert!(t.raw_set(ravi::Value::Nil, 1).is_err());
    /// ```
    pub fn raw_set<K: IntoLua<'lua>, V: IntoLua<'lua>>(&self, key: K, value: V) -> Result<()> {
        let lua = self.lua();
        let k = key.into_lua(lua)?;
        let v = value.into_lua(lua)?;
        let st = lua.state_mut();
        let base = st.get_top();
        let r = (|| {
            lua.push_value(st, &self.me())?;
            lua.push_value(st, &k)?;
            lua.push_value(st, &v)?;
            st.raw_set_api(base as i32 + 1).map_err(|e| lua.vm_error(st, e))
        })();
        st.set_top(base);
        r
    }

    /// `rawget(self, key)`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return setmetatable({}, {__index = function() return 1 end})").eval().unwrap();
    /// assert_eq!(t.get::<_, i64>("x").unwrap(), 1);
    /// assert_eq!(t.raw_get::<_, Option<i64>>("x").unwrap(), None);
    /// ```
    pub fn raw_get<K: IntoLua<'lua>, V: FromLua<'lua>>(&self, key: K) -> Result<V> {
        let lua = self.lua();
        let k = key.into_lua(lua)?;
        let st = lua.state_mut();
        let base = st.get_top();
        let r = (|| {
            lua.push_value(st, &self.me())?;
            lua.push_value(st, &k)?;
            st.raw_get(base as i32 + 1).map_err(|e| lua.vm_error(st, e))?;
            let v = st.value(-1);
            lua.value_from_vm(st, v)
        })();
        st.set_top(base);
        V::from_lua(r?, lua)
    }

    /// `#self` with `__len` (must be an integer).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return setmetatable({1, 2}, {__len = function() return 10 end})").eval().unwrap();
    /// assert_eq!(t.len().unwrap(), 10);
    /// assert_eq!(t.raw_len(), 2);
    /// ```
    pub fn len(&self) -> Result<i64> {
        let lua = self.lua();
        let mut r = lua.pcall_raw(Callee::Native(n_len), &[self.me()], 1)?;
        Ok(r.pop_front().and_then(|v| v.as_integer()).unwrap_or(0))
    }

    /// `#self` without metamethods (a border of the sequence).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return {1, 2, 3}").eval().unwrap();
    /// assert_eq!(t.raw_len(), 3);
    /// ```
    pub fn raw_len(&self) -> usize {
        self.0.raw().as_table().map(|t| t.length() as usize).unwrap_or(0)
    }

    /// Is the table empty (no key at all)?
    pub fn is_empty(&self) -> bool {
        self.clone().pairs::<Value, Value>().next().is_none()
    }

    /// `self[#self + 1] = value` (with `__len` and `__newindex`).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.push("a").unwrap();
    /// t.push("b").unwrap();
    /// assert_eq!(t.raw_len(), 2);
    /// assert_eq!(t.get::<_, String>(2).unwrap(), "b");
    /// ```
    pub fn push<V: IntoLua<'lua>>(&self, value: V) -> Result<()> {
        let lua = self.lua();
        let v = value.into_lua(lua)?;
        lua.pcall_raw(Callee::Native(n_push), &[self.me(), v], 0).map(|_| ())
    }

    /// Removes and returns `self[#self]` (nil when empty; with metamethods).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return {10, 20}").eval().unwrap();
    /// assert_eq!(t.pop::<i64>().unwrap(), 20);
    /// assert_eq!(t.pop::<i64>().unwrap(), 10);
    /// assert_eq!(t.pop::<Option<i64>>().unwrap(), None);
    /// ```
    pub fn pop<V: FromLua<'lua>>(&self) -> Result<V> {
        let lua = self.lua();
        let mut r = lua.pcall_raw(Callee::Native(n_pop), &[self.me()], 1)?;
        V::from_lua(r.pop_front().unwrap_or(Value::Nil), lua)
    }

    /// The metatable (raw: ignores `__metatable`).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return setmetatable({}, {__metatable = 'locked', tag = 'mt'})").eval().unwrap();
    /// assert_eq!(t.metatable().unwrap().get::<_, String>("tag").unwrap(), "mt");
    /// assert!(lua.create_table().unwrap().metatable().is_none());
    /// ```
    pub fn metatable(&self) -> Option<Table<'lua>> {
        let mt = self.0.raw().as_table()?.metatable?;
        let lua = self.lua();
        let st = lua.state_mut();
        lua.new_ref(st, ravi_vm::Value::table(mt)).ok().map(Table)
    }

    /// Sets or removes the metatable.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// let mt = lua.load("return { __index = function(_, k) return k .. '!' end }").eval().unwrap();
    /// t.set_metatable(Some(mt));
    /// assert_eq!(t.get::<_, String>("hi").unwrap(), "hi!");
    /// assert!(t.metatable().is_some());
    /// ```
    ///
    /// # Panics
    /// If `metatable` belongs to another `Lua` state (as mlua, which panics when a handle
    /// of one state is passed to another; the fallible operations return
    /// `Error::MismatchedRegistryKey` instead).
    pub fn set_metatable(&self, metatable: Option<Table<'lua>>) {
        let lua = self.lua();
        if let Some(m) = &metatable {
            assert!(lua.same_state(m.0.lua()), "Table::set_metatable: the metatable belongs to another Lua state");
        }
        let st = lua.state_mut();
        let base = st.get_top();
        let _ = (|| -> LResult<()> {
            st.push(self.0.raw())?;
            match &metatable {
                Some(m) => st.push(m.0.raw())?,
                None => st.push_nil()?,
            }
            st.set_metatable(base as i32 + 1)
        })();
        st.set_top(base);
    }

    /// Iterates over all pairs (raw `next` order, no `__pairs`), converting each.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return {a = 1, b = 2}").eval().unwrap();
    /// let mut v: Vec<(String, i32)> = t.pairs().collect::<ravi::Result<_>>().unwrap();
    /// v.sort();
    /// assert_eq!(v, [("a".to_string(), 1), ("b".to_string(), 2)]);
    /// ```
    pub fn pairs<K: FromLua<'lua>, V: FromLua<'lua>>(self) -> TablePairs<'lua, K, V> {
        TablePairs { table: self, key: Some(Value::Nil), _p: PhantomData }
    }

    /// Iterates over `self[1]`, `self[2]`, ... up to the first nil (raw access).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t: ravi::Table = lua.load("return {1, 2, 3, nil, 5}").eval().unwrap();
    /// let v: Vec<i64> = t.sequence_values().collect::<ravi::Result<_>>().unwrap();
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    pub fn sequence_values<V: FromLua<'lua>>(self) -> TableSequence<'lua, V> {
        TableSequence { table: self, index: 1, done: false, _p: PhantomData }
    }

    /// Calls `f` for every pair (stops at the first error).
    pub fn for_each<K: FromLua<'lua>, V: FromLua<'lua>>(&self, mut f: impl FnMut(K, V) -> Result<()>) -> Result<()> {
        for p in self.clone().pairs::<K, V>() {
            let (k, v) = p?;
            f(k, v)?;
        }
        Ok(())
    }

    /// Raw pointer identity (`%p`).
    pub fn to_pointer(&self) -> *const std::ffi::c_void {
        self.0.raw().gc_ptr() as *const _
    }
}

/// Iterator of `Table::pairs`.
pub struct TablePairs<'lua, K, V> {
    table: Table<'lua>,
    key: Option<Value<'lua>>,
    _p: PhantomData<(K, V)>,
}

impl<'lua, K: FromLua<'lua>, V: FromLua<'lua>> Iterator for TablePairs<'lua, K, V> {
    type Item = Result<(K, V)>;
    fn next(&mut self) -> Option<Self::Item> {
        let key = self.key.take()?;
        let lua = self.table.lua();
        let st = lua.state_mut();
        let base = st.get_top();
        let r = (|| -> Result<Option<(Value<'lua>, Value<'lua>)>> {
            lua.push_value(st, &self.table.me())?;
            lua.push_value(st, &key)?;
            if !st.next(base as i32 + 1).map_err(|e| lua.vm_error(st, e))? {
                return Ok(None);
            }
            let (k, v) = (st.value(-2), st.value(-1));
            Ok(Some((lua.value_from_vm(st, k)?, lua.value_from_vm(st, v)?)))
        })();
        st.set_top(base);
        match r {
            Ok(None) => None,
            Ok(Some((k, v))) => {
                self.key = Some(k.clone());
                Some(K::from_lua(k, lua).and_then(|k| Ok((k, V::from_lua(v, lua)?))))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

/// Iterator of `Table::sequence_values`.
pub struct TableSequence<'lua, V> {
    table: Table<'lua>,
    index: i64,
    done: bool,
    _p: PhantomData<V>,
}

impl<'lua, V: FromLua<'lua>> Iterator for TableSequence<'lua, V> {
    type Item = Result<V>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let lua = self.table.lua();
        let raw = match self.table.0.raw().as_table() {
            Some(t) => t.get_int_value(self.index),
            None => ravi_vm::Value::NIL,
        };
        if raw.is_nil() {
            self.done = true;
            return None;
        }
        self.index += 1;
        let st = lua.state_mut();
        Some(lua.value_from_vm(st, raw).and_then(|v| V::from_lua(v, lua)))
    }
}
