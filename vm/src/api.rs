//! The native-function API: how Rust functions (the standard library, embedders) talk to
//! the VM, in the spirit of Lua's C API and lauxlib.
//!
//! Owns: stack-index based access for natives. Must not touch: interpreter internals.
//!
//! # Writing a native function
//!
//! ```ignore
//! use ravi_vm::{State, LResult, Type};
//! // string.rep-like: rep(s, n [, sep])
//! fn rep(st: &mut State) -> LResult<usize> {
//!     let s = st.check_string(1)?;          // Gc<LuaString>; .bytes() gives &[u8]
//!     let n = st.check_integer(2)?;
//!     let sep = st.opt_string(3)?;           // Option<Gc<LuaString>>
//!     let mut out = Vec::new();
//!     /* ... */
//!     st.push_bytes(&out)?;                  // push results ...
//!     Ok(1)                                   // ... and return how many
//! }
//! ```
//!
//! - Arguments are at indices `1..=st.get_top()`; negative indices count from the top
//!   (-1 = top); `REGISTRY_INDEX` is the registry; `upvalue_index(i)` the closure's
//!   upvalue `i` (1-based) — or use `st.upvalue(i)` / `st.set_upvalue(i, v)`.
//! - A native returns `Ok(n)`: the `n` values on top of the stack are its results.
//! - Errors: `return Err(st.error_str("msg"))` (adds "chunk:line: " of the calling Lua
//!   code like luaL_error), `Err(st.arg_error(2, "out of range"))` ("bad argument #2 to
//!   'f' (out of range)"), `Err(st.type_error_arg(1, "table"))` ("bad argument #1 to 'f'
//!   (table expected, got nil)"), `Err(st.error_value(v))` (lua_error: any value). Never
//!   panic on bad input. Propagate errors from API calls with `?`.
//! - `check_*`/`opt_*`: lauxlib's argument checks with the exact messages; the function
//!   name comes from the call site ("bad argument #1 to 'insert'"), method calls adjust
//!   the index ("calling 'xx' on bad self").
//! - Values: `st.value(idx) -> Value` (a copy). `Value` is `Copy`; a GC object stays
//!   alive while it is on the stack or reachable from a root (registry, globals). Do not
//!   keep a `Value`/`Gc<_>` of a *new* object in a Rust local across an API call that may
//!   allocate unless it is on the stack (collections only run at check points inside API
//!   calls that allocate, e.g. `new_table`, `push_bytes`, `call`).
//! - Pushing: `push(v)`, `push_nil`, `push_bool`, `push_integer`, `push_number`,
//!   `push_bytes`, `push_str`, `push_fn(f)` (a light function: equal to every other push
//!   of the same `f`, as lua_pushcfunction), `push_closure(f, nup)`, `new_table_api()`,
//!   `create_table(na, nh)`, `push_value(idx)`, `new_userdata_any(T)`,
//!   `new_userdata_bytes(n)`.
//! - Stack: `get_top`, `set_top`, `pop(n)`, `insert`, `remove`, `replace`, `copy`,
//!   `rotate`, `abs_index`, `check_stack_api(n, msg)` (pushes grow the stack themselves).
//! - Tables (with metamethods unless `raw_`): `get_table(idx)`, `get_field(idx, k)`,
//!   `get_i(idx, n)`, `set_table(idx)`, `set_field(idx, k)`, `set_i(idx, n)`,
//!   `raw_get(idx)`, `raw_geti(idx, n)`, `raw_set_api(idx)`, `raw_seti(idx, n)`, `next(idx)`,
//!   `len(idx)`, `len_int(idx)` (luaL_len), `raw_len(idx)`, `get_metatable(idx)`,
//!   `set_metatable(idx)`, `get_metafield(idx, name)`, `call_meta(idx, name)`.
//! - Calls: `call_api(nargs, nresults)` (function below the args; MULTRET = -1),
//!   `pcall(nargs, nresults, msgh) -> LResult<i32>` (status; the error value replaces the
//!   function), `call_k`/`pcall_k` with a continuation `KFn` for yieldable natives,
//!   `call_value(f, &args, nresults)` convenience.
//! - Conversions: `to_integer(idx)`, `to_number(idx)`, `to_boolean(idx)`,
//!   `to_lstring(idx)` (numbers converted in place), `to_string_meta(idx)` (luaL_tolstring:
//!   `__tostring`, `__name`, pushes and returns the string), `type_of(idx)`,
//!   `type_name(Type)`, `compare(i1, i2, CompareOp)`, `raw_equal`, `concat_api(n)`.
//! - Loading: `load(source, chunkname, mode) -> LResult<i32>` pushes the function or the
//!   message (text chunks are compiled and verified, binary chunks undumped and verified).
//! - Coroutines: `yield_k(n, k, ctx)`, `is_yieldable()`, `new_thread()`, `resume(..)`.
//! - Embedding limits: `set_memory_limit(Some(bytes))` ("not enough memory" is a
//!   catchable error), `set_budget_hook(period, hook)` (runs every `period` loop
//!   back-edges/calls; returning `Err` aborts the script), `request_interrupt()`.
//! - Libraries: `new_lib(&[(name, fn)])` pushes a table of functions, `set_funcs(list,
//!   nup)`, `set_global(name)` pops into `_G`, `require_lib(name, open)` (luaL_requiref:
//!   stores in `package.loaded` and `_G`), `new_metatable(tname)`,
//!   `get_registry_field(name)`, `check_udata::<T>(idx, tname)`, `test_udata`.
//! - Strings with a metatable: `set_type_metatable(Type::String)` pops a table.

use crate::arith;
use crate::debug_info::Origin;
use crate::error::{Error, LResult, LUA_OK};
use crate::function::{NativeFn, UserPayload};
use crate::gc::Gc;
use crate::metamethod::{TM_NAME, TM_TOSTRING};
use crate::state::*;
use crate::string::LuaString;
use crate::table::Table;
use crate::value::*;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Pseudo-index of the registry.
pub const REGISTRY_INDEX: i32 = -1_001_000;
/// Pseudo-index of upvalue `i` (1-based) of the running native closure.
pub const fn upvalue_index(i: i32) -> i32 {
    REGISTRY_INDEX - i
}
/// Registry key of the main thread / globals table.
pub const RIDX_MAINTHREAD: i64 = 1;
pub const RIDX_GLOBALS: i64 = 2;

/// Comparison operators for `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Lt,
    Le,
}

fn tname_of_type(t: Option<Type>) -> &'static str {
    match t {
        None => "no value",
        Some(t) => t.name(),
    }
}

/// The bytes C sees of a Lua string passed as `const char *`: up to the first NUL.
pub fn c_str(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

impl State {
    // ------------------------------------------------------------ stack

    /// Number of values in the running native's frame.
    #[inline]
    pub fn get_top(&self) -> usize {
        self.top - (self.cur_ci().func + 1)
    }
    /// Sets the top (fills with nil when growing).
    pub fn set_top(&mut self, n: usize) {
        let base = self.cur_ci().func + 1;
        let newtop = base + n;
        if newtop > self.top {
            if self.check_stack(newtop - self.top).is_err() {
                return;
            }
            for i in self.top..newtop {
                self.stack[i] = Value::NIL;
            }
        }
        self.top = newtop;
    }
    pub fn pop(&mut self, n: usize) {
        self.top -= n.min(self.get_top());
    }
    /// Absolute stack slot of an acceptable index (None for pseudo-indices / out of range).
    pub fn slot(&self, idx: i32) -> Option<usize> {
        let func = self.cur_ci().func;
        if idx > 0 {
            let s = func + idx as usize;
            if s < self.top { Some(s) } else { None }
        } else if idx < 0 && idx > REGISTRY_INDEX {
            let s = self.top as i64 + idx as i64;
            if s > func as i64 { Some(s as usize) } else { None }
        } else {
            None
        }
    }
    /// Converts a relative index to an absolute (positive) one.
    pub fn abs_index(&self, idx: i32) -> i32 {
        if idx > 0 || idx <= REGISTRY_INDEX {
            idx
        } else {
            (self.top as i64 - self.cur_ci().func as i64 + idx as i64) as i32
        }
    }
    /// The value at an index (nil for none).
    pub fn value(&self, idx: i32) -> Value {
        if idx == REGISTRY_INDEX {
            return self.global().registry;
        }
        if idx < REGISTRY_INDEX {
            let i = (REGISTRY_INDEX - idx) as usize;
            return self.upvalue(i);
        }
        match self.slot(idx) {
            Some(s) => self.stack[s],
            None => Value::NIL,
        }
    }
    pub fn is_none(&self, idx: i32) -> bool {
        idx > 0 && self.slot(idx).is_none()
    }
    pub fn is_none_or_nil(&self, idx: i32) -> bool {
        self.value(idx).is_nil()
    }
    /// Type of the value at `idx` (None: no value).
    pub fn type_of(&self, idx: i32) -> Option<Type> {
        if idx > REGISTRY_INDEX && self.slot(idx).is_none() {
            return None;
        }
        Some(self.value(idx).type_of())
    }
    pub fn push_value(&mut self, idx: i32) -> LResult<()> {
        let v = self.value(idx);
        self.push(v)
    }
    pub fn push_nil(&mut self) -> LResult<()> {
        self.push(Value::NIL)
    }
    pub fn push_bool(&mut self, b: bool) -> LResult<()> {
        self.push(Value::bool(b))
    }
    pub fn push_integer(&mut self, i: i64) -> LResult<()> {
        self.push(Value::int(i))
    }
    pub fn push_number(&mut self, n: f64) -> LResult<()> {
        self.push(Value::float(n))
    }
    /// Pushes a new (or interned) string.
    pub fn push_bytes(&mut self, b: &[u8]) -> LResult<Gc<LuaString>> {
        let s = self.new_string(b)?;
        self.push(Value::string(s))?;
        self.check_gc()?;
        Ok(s)
    }
    pub fn push_str(&mut self, s: &str) -> LResult<Gc<LuaString>> {
        self.push_bytes(s.as_bytes())
    }
    /// Pushes a native function without upvalues.
    pub fn push_fn(&mut self, f: NativeFn) -> LResult<()> {
        self.push(Value::light_fn(f))
    }
    /// Pops `nup` values and pushes a native closure with them as upvalues.
    pub fn push_closure(&mut self, f: NativeFn, nup: usize) -> LResult<()> {
        if nup == 0 {
            return self.push_fn(f);
        }
        let ups: Vec<Value> = self.stack[self.top - nup..self.top].to_vec();
        let c = self.new_nclosure(f, ups.into_boxed_slice())?;
        self.top -= nup;
        self.push(Value::nclosure(c))?;
        self.check_gc()
    }
    /// Pushes a new empty table and returns it.
    pub fn new_table_api(&mut self) -> LResult<Gc<Table>> {
        self.create_table(0, 0)
    }
    pub fn create_table(&mut self, narr: usize, nhash: usize) -> LResult<Gc<Table>> {
        let t = self.new_table_sized(narr.min(1 << 26) as u32, nhash.min(1 << 26) as u32)?;
        self.push(Value::table(t))?;
        self.check_gc()?;
        Ok(t)
    }
    pub fn insert(&mut self, idx: i32) {
        if let Some(s) = self.slot(idx) {
            let v = self.stack[self.top - 1];
            let mut i = self.top - 1;
            while i > s {
                self.stack[i] = self.stack[i - 1];
                i -= 1;
            }
            self.stack[s] = v;
        }
    }
    pub fn remove(&mut self, idx: i32) {
        if let Some(s) = self.slot(idx) {
            for i in s..self.top - 1 {
                self.stack[i] = self.stack[i + 1];
            }
            self.top -= 1;
        }
    }
    /// Pops the top value into `idx`.
    pub fn replace(&mut self, idx: i32) {
        let v = self.stack[self.top - 1];
        self.top -= 1;
        if idx < REGISTRY_INDEX {
            self.set_upvalue((REGISTRY_INDEX - idx) as usize, v);
        } else if let Some(s) = self.slot(idx) {
            self.stack[s] = v;
        }
    }
    pub fn copy(&mut self, from: i32, to: i32) {
        let v = self.value(from);
        if let Some(s) = self.slot(to) {
            self.stack[s] = v;
        }
    }
    /// Rotates the values from `idx` to the top by `n` positions towards the top.
    pub fn rotate(&mut self, idx: i32, n: i32) {
        if let Some(s) = self.slot(idx) {
            let len = self.top - s;
            if len == 0 {
                return;
            }
            let n = n.rem_euclid(len as i32) as usize;
            self.stack[s..self.top].rotate_right(n);
        }
    }
    /// luaL_checkstack: ensures room for `n` more values or raises "stack overflow (msg)".
    pub fn check_stack_api(&mut self, n: usize, msg: &str) -> LResult<()> {
        if self.top + n + EXTRA_STACK > MAX_STACK {
            let m = alloc::format!("stack overflow ({})", msg);
            return Err(self.error_str(&m));
        }
        self.check_stack(n)
    }

    // ------------------------------------------------------------ upvalues

    /// Upvalue `i` (1-based) of the running native closure.
    pub fn upvalue(&self, i: usize) -> Value {
        match self.stack[self.cur_ci().func].as_nclosure() {
            Some(c) if i >= 1 && i <= c.upvals.len() => c.upvals[i - 1],
            _ => Value::NIL,
        }
    }
    pub fn set_upvalue(&mut self, i: usize, v: Value) {
        if let Some(c) = self.stack[self.cur_ci().func].as_nclosure() {
            if i >= 1 && i <= c.upvals.len() {
                c.m().upvals[i - 1] = v;
                crate::gc::barrier(self.global_mut(), c.as_header(), &v);
            }
        }
    }

    // ------------------------------------------------------------ conversions

    pub fn to_integer(&self, idx: i32) -> Option<i64> {
        arith::to_integer(&self.value(idx))
    }
    pub fn to_number(&self, idx: i32) -> Option<f64> {
        arith::to_float(&self.value(idx))
    }
    pub fn to_boolean(&self, idx: i32) -> bool {
        self.value(idx).is_truthy()
    }
    /// lua_tolstring: strings as is, numbers converted (in place); None otherwise.
    pub fn to_lstring(&mut self, idx: i32) -> LResult<Option<Gc<LuaString>>> {
        let v = self.value(idx);
        if let Some(s) = v.as_string() {
            return Ok(Some(s));
        }
        if v.is_number() {
            let mut b = Vec::new();
            arith::number_to_bytes(&v, &mut b);
            let s = self.new_string(&b)?;
            if let Some(sl) = self.slot(idx) {
                self.stack[sl] = Value::string(s);
            }
            return Ok(Some(s));
        }
        Ok(None)
    }

    /// Formats any value as `tostring` does (luaL_tolstring): `__tostring`, then numbers,
    /// strings, booleans, nil, and `<__name or type>: 0x...`. Pushes and returns the string.
    pub fn to_string_meta(&mut self, idx: i32) -> LResult<Gc<LuaString>> {
        let idx = self.abs_index(idx);
        if self.call_meta(idx, "__tostring")? {
            match self.to_lstring(-1)? {
                Some(s) => return Ok(s),
                None => return Err(self.error_str("'__tostring' must return a string")),
            }
        }
        let v = self.value(idx);
        let mut b = Vec::new();
        match v.tt {
            TAG_INT | TAG_FLOAT => arith::number_to_bytes(&v, &mut b),
            TAG_SHRSTR | TAG_LNGSTR => {
                self.push(v)?;
                return Ok(v.as_string().unwrap());
            }
            TAG_TRUE => b.extend_from_slice(b"true"),
            TAG_FALSE => b.extend_from_slice(b"false"),
            TAG_NIL => b.extend_from_slice(b"nil"),
            _ => {
                let mt = self.metatable_of(&v);
                let name = mt.map(|m| m.get_value_short(self.global().tmname[TM_NAME as usize]));
                match name.and_then(|n| n.as_string()) {
                    Some(s) => b.extend_from_slice(s.bytes()),
                    None => b.extend_from_slice(v.type_name().as_bytes()),
                }
                b.extend_from_slice(alloc::format!(": {:p}", v.gc_ptr()).as_bytes());
            }
        }
        self.push_bytes(&b)
    }

    // ------------------------------------------------------------ errors

    /// luaL_error: message prefixed with the calling Lua position (luaL_where(L, 1)).
    #[cold]
    pub fn error_str(&mut self, msg: &str) -> Error {
        self.error_bytes(msg.as_bytes())
    }
    #[cold]
    pub fn error_bytes(&mut self, msg: &[u8]) -> Error {
        let mut m = self.where_(1);
        m.extend_from_slice(msg);
        match self.new_string(&m) {
            Ok(s) => self.throw(Value::string(s)),
            Err(e) => e,
        }
    }
    /// lua_error: raises any value.
    #[cold]
    pub fn error_value(&mut self, v: Value) -> Error {
        self.throw(v)
    }

    /// Name of the running native function for argument errors: (namewhat, name).
    fn current_fn_name(&mut self) -> (&'static str, Option<Vec<u8>>) {
        let ci = self.ci.len() - 1;
        match self.func_name_of(ci) {
            Some((w, n)) => (w, Some(n)),
            None => ("", None),
        }
    }

    /// luaL_argerror: "bad argument #arg to 'fname' (extramsg)".
    #[cold]
    pub fn arg_error(&mut self, arg: i32, extramsg: &str) -> Error {
        self.arg_error_bytes(arg, extramsg.as_bytes())
    }

    /// luaL_argerror with a message of arbitrary bytes (names from Lua strings are shown
    /// as they are, not as UTF-8).
    #[cold]
    pub fn arg_error_bytes(&mut self, arg: i32, extramsg: &[u8]) -> Error {
        let mut arg = arg;
        let (what, name) = self.current_fn_name();
        if what == "method" {
            arg -= 1;
            if arg == 0 {
                let mut m = b"calling '".to_vec();
                m.extend_from_slice(name.as_deref().unwrap_or(b"?"));
                m.extend_from_slice(b"' on bad self (");
                m.extend_from_slice(extramsg);
                m.push(b')');
                return self.error_bytes(&m);
            }
        }
        let name = match name {
            Some(n) => n,
            None => {
                let f = self.stack[self.cur_ci().func];
                self.global_func_name(&f).unwrap_or_else(|| b"?".to_vec())
            }
        };
        let mut m = alloc::format!("bad argument #{} to '", arg).into_bytes();
        m.extend_from_slice(&name);
        m.extend_from_slice(b"' (");
        m.extend_from_slice(extramsg);
        m.push(b')');
        self.error_bytes(&m)
    }

    /// luaL_typeerror: "bad argument #arg to 'f' (tname expected, got <type>)".
    #[cold]
    pub fn type_error_arg(&mut self, arg: i32, tname: &str) -> Error {
        let v = self.value(arg);
        let got: Vec<u8> = {
            let mt_name = self
                .metatable_of(&v)
                .filter(|_| v.tt == TAG_TABLE || v.tt == TAG_USERDATA)
                .map(|m| m.get_value_short(self.global().tmname[TM_NAME as usize]))
                .and_then(|n| n.as_string());
            match mt_name {
                Some(s) => s.bytes().to_vec(),
                None if v.tt == TAG_LIGHTUD => b"light userdata".to_vec(),
                None => tname_of_type(self.type_of(arg)).as_bytes().to_vec(),
            }
        };
        let mut msg = alloc::format!("{} expected, got ", tname).into_bytes();
        msg.extend_from_slice(&got);
        self.arg_error_bytes(arg, &msg)
    }

    // ------------------------------------------------------------ argument checks

    pub fn check_any(&mut self, arg: i32) -> LResult<Value> {
        if self.type_of(arg).is_none() {
            return Err(self.arg_error(arg, "value expected"));
        }
        Ok(self.value(arg))
    }
    pub fn check_type(&mut self, arg: i32, t: Type) -> LResult<Value> {
        if self.type_of(arg) != Some(t) {
            return Err(self.type_error_arg(arg, t.name()));
        }
        Ok(self.value(arg))
    }
    pub fn check_table(&mut self, arg: i32) -> LResult<Gc<Table>> {
        match self.value(arg).as_table() {
            Some(t) if self.type_of(arg).is_some() => Ok(t),
            _ => Err(self.type_error_arg(arg, "table")),
        }
    }
    /// luaL_checkinteger ("number has no integer representation" for non-integral floats).
    pub fn check_integer(&mut self, arg: i32) -> LResult<i64> {
        let v = self.value(arg);
        if v.is_int() {
            return Ok(v.ival());
        }
        match arith::to_integer(&v) {
            Some(i) => Ok(i),
            None => {
                if arith::to_float(&v).is_some() {
                    Err(self.arg_error(arg, "number has no integer representation"))
                } else {
                    Err(self.type_error_arg(arg, "number"))
                }
            }
        }
    }
    pub fn opt_integer(&mut self, arg: i32, def: i64) -> LResult<i64> {
        if self.is_none_or_nil(arg) { Ok(def) } else { self.check_integer(arg) }
    }
    pub fn check_number(&mut self, arg: i32) -> LResult<f64> {
        match arith::to_float(&self.value(arg)) {
            Some(n) => Ok(n),
            None => Err(self.type_error_arg(arg, "number")),
        }
    }
    /// The number at `arg` keeping its subtype (strings converted).
    pub fn check_number_value(&mut self, arg: i32) -> LResult<Value> {
        match arith::to_number_value(&self.value(arg)) {
            Some(n) => Ok(n),
            None => Err(self.type_error_arg(arg, "number")),
        }
    }
    pub fn opt_number(&mut self, arg: i32, def: f64) -> LResult<f64> {
        if self.is_none_or_nil(arg) { Ok(def) } else { self.check_number(arg) }
    }
    /// luaL_checklstring: strings, or numbers converted in place.
    pub fn check_string(&mut self, arg: i32) -> LResult<Gc<LuaString>> {
        match self.to_lstring(arg)? {
            Some(s) => Ok(s),
            None => Err(self.type_error_arg(arg, "string")),
        }
    }
    pub fn opt_string(&mut self, arg: i32) -> LResult<Option<Gc<LuaString>>> {
        if self.is_none_or_nil(arg) { Ok(None) } else { self.check_string(arg).map(Some) }
    }
    /// luaL_checkoption: index of the string argument in `list` ("invalid option 'x'").
    pub fn check_option(&mut self, arg: i32, def: Option<&str>, list: &[&str]) -> LResult<usize> {
        let name: Vec<u8> = match def {
            Some(d) if self.is_none_or_nil(arg) => d.as_bytes().to_vec(),
            _ => self.check_string(arg)?.bytes().to_vec(),
        };
        // compared (and shown) as the C string lua5.3 sees: up to an embedded NUL
        let name = c_str(&name);
        for (i, o) in list.iter().enumerate() {
            if o.as_bytes() == name {
                return Ok(i);
            }
        }
        let mut m = b"invalid option '".to_vec();
        m.extend_from_slice(name);
        m.push(b'\'');
        Err(self.arg_error_bytes(arg, &m))
    }

    // ------------------------------------------------------------ tables

    fn idx_value(&self, idx: i32) -> (Value, Origin) {
        (self.value(idx), Origin::None)
    }

    /// Pushes `t[k]` where `t` is at `idx` and `k` is popped (lua_gettable).
    pub fn get_table(&mut self, idx: i32) -> LResult<Type> {
        let (t, o) = self.idx_value(idx);
        let k = self.stack[self.top - 1];
        let v = self.index(t, k, o)?;
        self.stack[self.top - 1] = v;
        Ok(v.type_of())
    }
    /// Pushes `t[k]` (lua_getfield).
    pub fn get_field(&mut self, idx: i32, k: &str) -> LResult<Type> {
        let (t, o) = self.idx_value(idx);
        let ks = self.new_string(k.as_bytes())?;
        self.push(Value::string(ks))?;
        let v = self.index(t, Value::string(ks), o)?;
        self.stack[self.top - 1] = v;
        Ok(v.type_of())
    }
    /// Pushes `t[n]` (lua_geti).
    pub fn get_i(&mut self, idx: i32, n: i64) -> LResult<Type> {
        let (t, o) = self.idx_value(idx);
        let v = self.index(t, Value::int(n), o)?;
        self.push(v)?;
        Ok(v.type_of())
    }
    /// `t[k] = v` with k, v popped (lua_settable).
    pub fn set_table(&mut self, idx: i32) -> LResult<()> {
        let (t, o) = self.idx_value(idx);
        let k = self.stack[self.top - 2];
        let v = self.stack[self.top - 1];
        self.set_index(t, k, v, o)?;
        self.top -= 2;
        Ok(())
    }
    /// `t[k] = v` with v popped (lua_setfield).
    pub fn set_field(&mut self, idx: i32, k: &str) -> LResult<()> {
        let (t, o) = self.idx_value(idx);
        let ks = self.new_string(k.as_bytes())?;
        let v = self.stack[self.top - 1];
        self.push(Value::string(ks))?;
        self.set_index(t, Value::string(ks), v, o)?;
        self.top -= 2;
        Ok(())
    }
    /// `t[n] = v` with v popped (lua_seti).
    pub fn set_i(&mut self, idx: i32, n: i64) -> LResult<()> {
        let (t, o) = self.idx_value(idx);
        let v = self.stack[self.top - 1];
        self.set_index(t, Value::int(n), v, o)?;
        self.top -= 1;
        Ok(())
    }
    fn table_at(&mut self, idx: i32) -> LResult<Gc<Table>> {
        match self.value(idx).as_table() {
            Some(t) => Ok(t),
            None => Err(self.error_str("table expected")),
        }
    }
    /// Pushes `rawget(t, k)` with k popped.
    pub fn raw_get(&mut self, idx: i32) -> LResult<Type> {
        let t = self.table_at(idx)?;
        let k = self.stack[self.top - 1];
        let v = t.get_value(&k, self.seed());
        self.stack[self.top - 1] = v;
        Ok(v.type_of())
    }
    pub fn raw_geti(&mut self, idx: i32, n: i64) -> LResult<Type> {
        let t = self.table_at(idx)?;
        let v = t.get_int_value(n);
        self.push(v)?;
        Ok(v.type_of())
    }
    /// `rawset(t, k, v)` with k, v popped.
    pub fn raw_set_api(&mut self, idx: i32) -> LResult<()> {
        let t = self.table_at(idx)?;
        let k = self.stack[self.top - 2];
        let v = self.stack[self.top - 1];
        self.raw_set(t, k, v)?;
        self.top -= 2;
        Ok(())
    }
    pub fn raw_seti(&mut self, idx: i32, n: i64) -> LResult<()> {
        let t = self.table_at(idx)?;
        let v = self.stack[self.top - 1];
        self.raw_set_int(t, n, v)?;
        self.top -= 1;
        Ok(())
    }
    /// lua_next: pops a key, pushes the next key and value; false at the end.
    pub fn next(&mut self, idx: i32) -> LResult<bool> {
        let t = self.table_at(idx)?;
        let k = self.stack[self.top - 1];
        match t.next(&k, self.seed()) {
            Ok(Some((nk, nv))) => {
                self.stack[self.top - 1] = nk;
                self.push(nv)?;
                Ok(true)
            }
            Ok(None) => {
                self.top -= 1;
                Ok(false)
            }
            Err(()) => Err(self.error_str("invalid key to 'next'")),
        }
    }
    /// Pushes `#v` with metamethods (lua_len).
    pub fn len(&mut self, idx: i32) -> LResult<()> {
        let v = self.value(idx);
        let r = self.length(v, Origin::None)?;
        self.push(r)
    }
    /// luaL_len: `#v` as an integer ("object length is not an integer").
    pub fn len_int(&mut self, idx: i32) -> LResult<i64> {
        let v = self.value(idx);
        if let Some(t) = v.as_table() {
            if t.metatable.is_none() {
                return Ok(t.length() as i64);
            }
        }
        let r = self.length(v, Origin::None)?;
        match arith::to_integer(&r) {
            Some(i) if r.is_number() => Ok(i),
            _ => Err(self.error_str("object length is not an integer")),
        }
    }
    pub fn raw_len(&self, idx: i32) -> usize {
        let v = self.value(idx);
        match v.tt {
            TAG_SHRSTR | TAG_LNGSTR => v.as_string().unwrap().len(),
            TAG_TABLE => v.as_table().unwrap().length() as usize,
            TAG_USERDATA => match &v.as_userdata().unwrap().payload {
                UserPayload::Bytes(b) => b.len(),
                UserPayload::Any(_) => 0,
            },
            _ => 0,
        }
    }
    /// Pushes the metatable of the value at `idx` if it has one.
    pub fn get_metatable(&mut self, idx: i32) -> LResult<bool> {
        let v = self.value(idx);
        match self.metatable_of(&v) {
            Some(mt) => {
                self.push(Value::table(mt))?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    /// Pops a table (or nil) and sets it as the metatable of the value at `idx`.
    pub fn set_metatable(&mut self, idx: i32) -> LResult<()> {
        let v = self.value(idx);
        let mt = self.stack[self.top - 1].as_table();
        self.top -= 1;
        self.set_metatable_of(&v, mt);
        Ok(())
    }
    /// Pops a table (or nil) and sets it as the metatable of all values of type `t`.
    pub fn set_type_metatable(&mut self, t: Type) {
        let mt = self.stack[self.top - 1].as_table();
        self.top -= 1;
        self.global_mut().mt[t as usize] = mt;
    }
    /// luaL_getmetafield: pushes field `name` of the metatable and returns true, or pushes
    /// nothing and returns false.
    pub fn get_metafield(&mut self, idx: i32, name: &str) -> LResult<bool> {
        let v = self.value(idx);
        let mt = match self.metatable_of(&v) {
            Some(mt) => mt,
            None => return Ok(false),
        };
        let k = self.new_string(name.as_bytes())?;
        let f = mt.get_value(&Value::string(k), self.seed());
        if f.is_nil() {
            return Ok(false);
        }
        self.push(f)?;
        Ok(true)
    }
    /// luaL_callmeta: calls metafield `name` with the object, pushing its result.
    pub fn call_meta(&mut self, idx: i32, name: &str) -> LResult<bool> {
        let idx = self.abs_index(idx);
        if !self.get_metafield(idx, name)? {
            return Ok(false);
        }
        self.push_value(idx)?;
        self.call_noyield(self.top - 2, 1)?;
        Ok(true)
    }

    // ------------------------------------------------------------ calls

    /// Calls the function below the `nargs` values on top (lua_call, not yieldable).
    pub fn call_api(&mut self, nargs: usize, nresults: i32) -> LResult<()> {
        let func = self.top - nargs - 1;
        self.call_noyield(func, nresults)
    }
    /// Protected call (lua_pcall): `msgh` is a stack index of a message handler (0: none).
    /// Returns the status code (LUA_OK or an error code with the error value on top).
    pub fn pcall(&mut self, nargs: usize, nresults: i32, msgh: i32) -> LResult<i32> {
        let ef = if msgh == 0 { 0 } else { self.slot(msgh).unwrap_or(0) };
        self.pcall_k(nargs, nresults, ef, 0, None)
    }
    /// Calls `f(args...)`, pushing `nresults` results (MULTRET: all).
    pub fn call_value(&mut self, f: Value, args: &[Value], nresults: i32) -> LResult<()> {
        self.check_stack(args.len() + 1)?;
        self.push(f)?;
        for a in args {
            self.push(*a)?;
        }
        self.call_api(args.len(), nresults)
    }
    /// `a op b` for the values at two indices, with metamethods (lua_compare).
    pub fn compare(&mut self, i1: i32, i2: i32, op: CompareOp) -> LResult<bool> {
        if self.type_of(i1).is_none() || self.type_of(i2).is_none() {
            return Ok(false);
        }
        let (a, b) = (self.value(i1), self.value(i2));
        match op {
            CompareOp::Eq => self.equals(a, b),
            CompareOp::Lt => self.less_than(a, b),
            CompareOp::Le => self.less_equal(a, b),
        }
    }
    pub fn raw_equal(&self, i1: i32, i2: i32) -> bool {
        if self.type_of(i1).is_none() || self.type_of(i2).is_none() {
            return false;
        }
        self.value(i1).raw_eq(&self.value(i2))
    }
    /// Concatenates the `n` values on top (lua_concat), leaving the result.
    pub fn concat_api(&mut self, n: usize) -> LResult<()> {
        if n >= 2 {
            self.concat(n)?;
            self.check_gc()
        } else if n == 0 {
            self.push_bytes(b"").map(|_| ())
        } else {
            Ok(())
        }
    }

    // ------------------------------------------------------------ libraries

    /// Pushes a new table with these functions (luaL_newlib).
    pub fn new_lib(&mut self, funcs: &[(&str, NativeFn)]) -> LResult<Gc<Table>> {
        let t = self.create_table(0, funcs.len())?;
        self.set_funcs(funcs, 0)?;
        Ok(t)
    }
    /// Sets the functions into the table below the `nup` upvalues on top, each closure
    /// sharing those upvalues (luaL_setfuncs); pops the upvalues.
    pub fn set_funcs(&mut self, funcs: &[(&str, NativeFn)], nup: usize) -> LResult<()> {
        for (name, f) in funcs {
            for _ in 0..nup {
                self.push_value(-(nup as i32))?;
            }
            self.push_closure(*f, nup)?;
            self.set_field(-(nup as i32 + 2), name)?;
        }
        self.pop(nup);
        Ok(())
    }
    /// Pops a value into the global `name`.
    pub fn set_global(&mut self, name: &str) -> LResult<()> {
        let g = self.globals();
        let v = self.stack[self.top - 1];
        let k = self.new_string(name.as_bytes())?;
        self.push(Value::string(k))?;
        self.set_index(Value::table(g), Value::string(k), v, Origin::None)?;
        self.top -= 2;
        Ok(())
    }
    /// Pushes the global `name`.
    pub fn get_global(&mut self, name: &str) -> LResult<Type> {
        let g = self.globals();
        let k = self.new_string(name.as_bytes())?;
        self.push(Value::string(k))?;
        let v = self.index(Value::table(g), Value::string(k), Origin::None)?;
        self.stack[self.top - 1] = v;
        Ok(v.type_of())
    }
    /// Pushes registry[name] (luaL_getmetatable / registry fields).
    pub fn get_registry_field(&mut self, name: &str) -> LResult<Type> {
        self.get_field(REGISTRY_INDEX, name)
    }
    /// Pushes the table registry._LOADED (package.loaded), creating it if needed.
    pub fn loaded_table(&mut self) -> LResult<Gc<Table>> {
        let reg = self.registry();
        let v = self.raw_get_str(reg, b"_LOADED")?;
        let t = match v.as_table() {
            Some(t) => {
                self.push(v)?;
                t
            }
            None => {
                let t = self.create_table(0, 8)?;
                self.raw_set_str(reg, b"_LOADED", Value::table(t))?;
                t
            }
        };
        Ok(t)
    }
    /// luaL_requiref: calls `open` (which pushes the module) unless package.loaded[name]
    /// exists, stores it there, and (if `global`) in `_G[name]`. Leaves the module pushed.
    pub fn require_lib(&mut self, name: &str, open: NativeFn, global: bool) -> LResult<()> {
        let loaded = self.loaded_table()?;
        let cur = self.raw_get_str(loaded, name.as_bytes())?;
        self.pop(1);
        if cur.is_truthy() {
            return self.push(cur);
        }
        self.push_fn(open)?;
        self.push_str(name)?;
        self.call_api(1, 1)?;
        let m = self.value(-1);
        self.raw_set_str(loaded, name.as_bytes(), m)?;
        if global {
            self.push(m)?;
            self.set_global(name)?;
        }
        Ok(())
    }
    /// luaL_newmetatable: creates registry[tname] = {__name = tname} unless it exists;
    /// pushes it; returns true if it was created.
    pub fn new_metatable(&mut self, tname: &str) -> LResult<bool> {
        if self.get_registry_field(tname)? != Type::Nil {
            return Ok(false);
        }
        self.pop(1);
        let t = self.create_table(0, 2)?;
        let nm = self.new_str_value(tname.as_bytes())?;
        let key = Value::string(self.global().tmname[TM_NAME as usize]);
        self.raw_set(t, key, nm)?;
        let reg = self.registry();
        self.raw_set_str(reg, tname.as_bytes(), Value::table(t))?;
        Ok(true)
    }

    // ------------------------------------------------------------ userdata

    /// Pushes a new full userdata holding a Rust value (dropped when collected).
    pub fn new_userdata_any<T: 'static>(&mut self, v: T) -> LResult<()> {
        let u = self.new_userdata(UserPayload::Any(Box::new(v)))?;
        self.push(Value::userdata(u))?;
        self.check_gc()
    }
    /// Pushes a new full userdata of `size` zeroed bytes (lua_newuserdata).
    pub fn new_userdata_bytes(&mut self, size: usize) -> LResult<()> {
        let u = self.new_userdata(UserPayload::Bytes(alloc::vec![0u8; size].into_boxed_slice()))?;
        self.push(Value::userdata(u))?;
        self.check_gc()
    }
    /// The Rust value inside the userdata at `idx`, if it is a `T`.
    pub fn to_userdata<'a, T: 'static>(&self, idx: i32) -> Option<&'a mut T> {
        let u = self.value(idx).as_userdata()?;
        match &mut u.m().payload {
            UserPayload::Any(b) => b.downcast_mut::<T>(),
            UserPayload::Bytes(_) => None,
        }
    }
    /// luaL_testudata: the userdata at `idx` if its metatable is registry[tname].
    pub fn test_udata<'a, T: 'static>(&mut self, idx: i32, tname: &str) -> LResult<Option<&'a mut T>> {
        let v = self.value(idx);
        let u = match v.as_userdata() {
            Some(u) => u,
            None => return Ok(None),
        };
        let reg = self.registry();
        let mt = self.raw_get_str(reg, tname.as_bytes())?;
        match (u.metatable, mt.as_table()) {
            (Some(a), Some(b)) if a == b => Ok(self.to_userdata::<T>(idx)),
            _ => Ok(None),
        }
    }
    /// luaL_checkudata.
    pub fn check_udata<'a, T: 'static>(&mut self, idx: i32, tname: &str) -> LResult<&'a mut T> {
        match self.test_udata::<T>(idx, tname)? {
            Some(r) => Ok(r),
            None => Err(self.type_error_arg(idx, tname)),
        }
    }

    // ------------------------------------------------------------ loading

    /// Compiles a chunk and pushes the main function (with `_ENV` = globals), or pushes
    /// the error message and returns the status (LUA_ERRSYNTAX / LUA_ERRMEM).
    /// `mode`: "t", "b" or "bt".
    pub fn load(&mut self, source: &[u8], chunkname: &[u8], mode: &str) -> LResult<i32> {
        let is_binary = source.first() == Some(&0x1b);
        let kind = if is_binary { "binary" } else { "text" };
        let allowed = if is_binary { mode.contains('b') } else { mode.contains('t') };
        if !allowed {
            let m = alloc::format!("attempt to load a {} chunk (mode is '{}')", kind, mode);
            self.push_str(&m)?;
            return Ok(crate::error::LUA_ERRSYNTAX);
        }
        if is_binary {
            // undump verifies the bytecode (operands, constants, jumps, register types)
            let proto = match ravi_parser::chunk::undump(source, chunkname) {
                Ok(p) => p,
                Err(e) => {
                    self.push_bytes(&e.message)?;
                    return Ok(crate::error::LUA_ERRSYNTAX);
                }
            };
            self.push_compiled(&proto)?;
            return Ok(LUA_OK);
        }
        let level = self.n_ccalls as u32;
        let proto = match ravi_parser::compile_with_level(source, chunkname, level) {
            Ok(p) => p,
            Err(e) => {
                self.push_bytes(&e.message)?;
                return Ok(crate::error::LUA_ERRSYNTAX);
            }
        };
        // the interpreter trusts register/constant/jump operands: check them once
        if let Err(e) = ravi_parser::chunk::verify_compiled(&proto) {
            let mut m = ravi_parser::bytecode::chunkid(chunkname);
            m.extend_from_slice(b": ");
            m.extend_from_slice(&e.message);
            self.push_bytes(&m)?;
            return Ok(crate::error::LUA_ERRSYNTAX);
        }
        self.push_compiled(&proto)?;
        Ok(LUA_OK)
    }

    /// Pushes a closure of a compiled main chunk; its first upvalue (if any) is the
    /// globals table.
    pub fn push_compiled(&mut self, p: &ravi_parser::bytecode::Proto) -> LResult<()> {
        let rp = self.convert_proto(p)?;
        let n = rp.upvalues.len();
        let mut ups = Vec::with_capacity(n);
        for i in 0..n {
            let v = if i == 0 { Value::table(self.globals()) } else { Value::NIL };
            ups.push(self.new_upval_closed(v)?);
        }
        let cl = self.new_lclosure(rp, &ups)?;
        self.push(Value::lclosure(cl))?;
        self.check_gc()
    }

    fn convert_proto(&mut self, p: &ravi_parser::bytecode::Proto) -> LResult<Gc<crate::function::Proto>> {
        use ravi_parser::bytecode::Constant;
        let mut k = Vec::with_capacity(p.constants.len());
        for c in p.constants.iter() {
            k.push(match c {
                Constant::Nil => Value::NIL,
                Constant::Bool(b) => Value::bool(*b),
                Constant::Int(i) => Value::int(*i),
                Constant::Float(f) => Value::float(*f),
                Constant::Str(s) => Value::string(self.new_string(s)?),
            });
        }
        let mut subs = Vec::with_capacity(p.protos.len());
        for sp in p.protos.iter() {
            subs.push(self.convert_proto(sp)?);
        }
        let rp = crate::function::Proto {
            hdr: crate::gc::GcHeader::default(),
            code: p.code.clone().into_boxed_slice(),
            k: k.into_boxed_slice(),
            protos: subs.into_boxed_slice(),
            upvalues: p.upvalues.clone().into_boxed_slice(),
            numparams: p.num_params,
            is_vararg: p.is_vararg,
            maxstacksize: p.max_stack.max(2),
            lineinfo: p.line_info.clone().into_boxed_slice(),
            locvars: p.loc_vars.clone().into_boxed_slice(),
            linedefined: p.line_defined,
            lastlinedefined: p.last_line_defined,
            source: p.source.clone(),
            cache: None,
        };
        self.new_proto(rp)
    }

    /// Sets the first upvalue of the Lua function at `idx` to the value popped (used by
    /// `load`'s env parameter). Returns false if it has no upvalues.
    pub fn set_first_upvalue(&mut self, idx: i32) -> LResult<bool> {
        let f = self.value(idx);
        let v = self.stack[self.top - 1];
        self.top -= 1;
        match f.as_lclosure() {
            Some(cl) if !cl.upvals.is_empty() => {
                let uv = self.new_upval_closed(v)?;
                cl.m().upvals[0] = uv;
                crate::gc::barrier_ptr(self.global_mut(), cl.as_header(), uv.as_header());
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The value of `v` as `tostring` without metamethods would print it (for embedders).
    pub fn type_name_of(&self, idx: i32) -> &'static str {
        tname_of_type(self.type_of(idx))
    }
}

/// lua_typename.
pub fn type_name(t: Option<Type>) -> &'static str {
    tname_of_type(t)
}

#[allow(dead_code)]
fn _uses(_: TM_TOSTRING_T) {}
#[allow(non_camel_case_types)]
type TM_TOSTRING_T = [u8; TM_TOSTRING as usize];
