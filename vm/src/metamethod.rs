//! Metamethods: event names, lookup (with the per-metatable absence cache), and the full
//! Lua 5.3 semantics of the operations that may call them — indexing chains, assignment
//! chains, arithmetic/bitwise fallbacks, equality, ordering (with the `__le` -> `not __lt`
//! fallback), concatenation and length (lvm.c / ltm.c).
//!
//! Owns: `TM_*` events and these slow paths. The interpreter calls them only after its
//! fast paths fail. Must not touch: the dispatch loop, frames (calls go through `call`).
//! Metamethods run as ordinary calls (`State::call_tm`); when they yield, the interrupted
//! instruction is completed by `interp::finish_op` on resume.

use crate::arith::{self, ArithOp, RawArith};
use crate::debug_info::Origin;
use crate::error::LResult;
use crate::gc::Gc;
use crate::state::{State, CIST_LEQ};
use crate::string::LuaString;
use crate::table::{nil_slot, Table};
use crate::value::*;
use alloc::vec::Vec;

pub const TM_INDEX: u8 = 0;
pub const TM_NEWINDEX: u8 = 1;
pub const TM_GC: u8 = 2;
pub const TM_MODE: u8 = 3;
pub const TM_LEN: u8 = 4;
pub const TM_EQ: u8 = 5;
pub const TM_ADD: u8 = 6;
pub const TM_SUB: u8 = 7;
pub const TM_MUL: u8 = 8;
pub const TM_MOD: u8 = 9;
pub const TM_POW: u8 = 10;
pub const TM_DIV: u8 = 11;
pub const TM_IDIV: u8 = 12;
pub const TM_BAND: u8 = 13;
pub const TM_BOR: u8 = 14;
pub const TM_BXOR: u8 = 15;
pub const TM_SHL: u8 = 16;
pub const TM_SHR: u8 = 17;
pub const TM_UNM: u8 = 18;
pub const TM_BNOT: u8 = 19;
pub const TM_LT: u8 = 20;
pub const TM_LE: u8 = 21;
pub const TM_CONCAT: u8 = 22;
pub const TM_CALL: u8 = 23;
/// Other metafield names kept interned (not events of the cache).
pub const TM_TOSTRING: u8 = 24;
pub const TM_NAME: u8 = 25;
pub const TM_METATABLE: u8 = 26;
pub const TM_PAIRS: u8 = 27;
pub const TM_IPAIRS: u8 = 28;
pub const TM_N: usize = 29;

pub const TM_NAMES: [&str; TM_N] = [
    "__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul", "__mod", "__pow", "__div",
    "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr", "__unm", "__bnot", "__lt", "__le", "__concat", "__call",
    "__tostring", "__name", "__metatable", "__pairs", "__ipairs",
];

/// Longest `__index`/`__newindex` chain (MAXTAGLOOP).
pub const MAX_TAG_LOOP: usize = 2000;

impl ArithOp {
    pub fn event(self) -> u8 {
        TM_ADD + self as u8
    }
}

/// Metamethod `e` of metatable `mt`, using the absence cache for the first 8 events.
#[inline]
pub fn fast_tm(st: &State, mt: Option<Gc<Table>>, e: u8) -> Option<Value> {
    let mt = mt?;
    if e < 8 && mt.flags & (1 << e) != 0 {
        return None;
    }
    let v = mt.get_value_short(st.global().tmname[e as usize]);
    if v.is_nil() {
        if e < 8 {
            mt.m().flags |= 1 << e;
        }
        None
    } else {
        Some(v)
    }
}

impl State {
    /// The metamethod `e` of value `v` (nil if none).
    pub fn get_tm_by_obj(&self, v: &Value, e: u8) -> Value {
        match self.metatable_of(v) {
            Some(mt) => mt.get_value_short(self.global().tmname[e as usize]),
            None => Value::NIL,
        }
    }

    /// Type name for messages: `__name` of the metatable if it is a string (luaT_objtypename).
    pub fn obj_type_name(&self, v: &Value) -> Vec<u8> {
        if v.tt == TAG_TABLE || v.tt == TAG_USERDATA {
            if let Some(mt) = self.metatable_of(v) {
                let n = mt.get_value_short(self.global().tmname[TM_NAME as usize]);
                if let Some(s) = n.as_string() {
                    return s.bytes().to_vec();
                }
            }
        }
        v.type_name().as_bytes().to_vec()
    }

    // ------------------------------------------------------------ indexing

    /// `t[k]` with full semantics (luaV_gettable). `origin` names `t` in messages.
    pub fn index(&mut self, t: Value, k: Value, origin: Origin) -> LResult<Value> {
        if let Some(tab) = t.as_table() {
            let v = tab.get_value(&k, self.seed());
            if !v.is_nil() {
                return Ok(v);
            }
        }
        self.finish_get(t, k, origin)
    }

    /// Slow path of indexing after a raw miss (luaV_finishget).
    #[cold]
    #[inline(never)]
    pub fn finish_get(&mut self, mut t: Value, k: Value, mut origin: Origin) -> LResult<Value> {
        if crate::ravi_array::is_array(&t) {
            return crate::ravi_array::generic_get(self, &t, &k);
        }
        for _ in 0..MAX_TAG_LOOP {
            let tm = if let Some(tab) = t.as_table() {
                match fast_tm(self, tab.metatable, TM_INDEX) {
                    None => return Ok(Value::NIL),
                    Some(tm) => tm,
                }
            } else {
                let tm = self.get_tm_by_obj(&t, TM_INDEX);
                if tm.is_nil() {
                    return Err(self.type_error(&t, "index", origin));
                }
                tm
            };
            if tm.is_function() {
                return self.call_tm_res(tm, t, k);
            }
            t = tm;
            origin = Origin::None;
            if let Some(tab) = t.as_table() {
                // method and field lookups through __index tables: short-string keys
                let v = if k.tt == TAG_SHRSTR {
                    tab.get_value_short(Gc::from_header(k.gc_ptr()))
                } else {
                    tab.get_value(&k, self.seed())
                };
                if !v.is_nil() {
                    return Ok(v);
                }
            }
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// `t[k] = v` with full semantics (luaV_settable).
    pub fn set_index(&mut self, t: Value, k: Value, v: Value, origin: Origin) -> LResult<()> {
        if let Some(tab) = t.as_table() {
            let slot = tab.get(&k, self.seed());
            // SAFETY: get() returns a valid slot; the static nil slot is only read.
            if unsafe { !(*slot).is_nil() } {
                // SAFETY: non-nil slot is a real slot of the table.
                unsafe { *(slot as *mut Value) = v };
                crate::gc::barrier_back(self.global_mut(), tab, &v);
                return Ok(());
            }
        }
        self.finish_set(t, k, v, origin)
    }

    /// Slow path of assignment (luaV_finishset).
    #[cold]
    #[inline(never)]
    pub fn finish_set(&mut self, mut t: Value, k: Value, v: Value, mut origin: Origin) -> LResult<()> {
        if crate::ravi_array::is_array(&t) {
            return crate::ravi_array::generic_set(self, &t, &k, &v);
        }
        for _ in 0..MAX_TAG_LOOP {
            let tm = if let Some(tab) = t.as_table() {
                match fast_tm(self, tab.metatable, TM_NEWINDEX) {
                    None => {
                        let slot = tab.get(&k, self.seed());
                        if core::ptr::eq(slot, nil_slot()) {
                            return self.raw_set(tab, k, v);
                        }
                        // SAFETY: existing slot of the table.
                        unsafe { *(slot as *mut Value) = v };
                        tab.m().flags = 0;
                        crate::gc::barrier_back(self.global_mut(), tab, &v);
                        return Ok(());
                    }
                    Some(tm) => {
                        // 5.3 checks the raw slot first: only absent keys use __newindex
                        let slot = tab.get(&k, self.seed());
                        // SAFETY: valid slot pointer.
                        if unsafe { !(*slot).is_nil() } {
                            // SAFETY: existing slot of the table.
                            unsafe { *(slot as *mut Value) = v };
                            crate::gc::barrier_back(self.global_mut(), tab, &v);
                            return Ok(());
                        }
                        tm
                    }
                }
            } else {
                let tm = self.get_tm_by_obj(&t, TM_NEWINDEX);
                if tm.is_nil() {
                    return Err(self.type_error(&t, "index", origin));
                }
                tm
            };
            if tm.is_function() {
                return self.call_tm_noret(tm, t, k, v);
            }
            t = tm;
            origin = Origin::None;
        }
        Err(self.runtime_error("'__newindex' chain too long; possible loop"))
    }

    /// `t[k]` for a string key (used by natives: `get_field`).
    pub fn index_str(&mut self, t: Value, k: Gc<LuaString>) -> LResult<Value> {
        self.index(t, Value::string(k), Origin::None)
    }

    // ------------------------------------------------------------ arithmetic

    /// Arithmetic / bitwise operation with coercions and metamethods (luaO_arith +
    /// luaT_trybinTM). `oa`/`ob` name the operands in messages.
    #[cold]
    #[inline(never)]
    pub fn arith(&mut self, op: ArithOp, a: Value, b: Value, oa: Origin, ob: Origin) -> LResult<Value> {
        match arith::raw_arith(op, &a, &b) {
            RawArith::Ok(v) => return Ok(v),
            RawArith::DivZero => {
                return Err(self.runtime_error(if op == ArithOp::Mod {
                    "attempt to perform 'n%0'"
                } else {
                    "attempt to divide by zero"
                }))
            }
            _ => {}
        }
        let e = op.event();
        let mut tm = self.get_tm_by_obj(&a, e);
        if tm.is_nil() {
            tm = self.get_tm_by_obj(&b, e);
        }
        if !tm.is_nil() {
            return self.call_tm_res(tm, a, b);
        }
        // 5.3 encodes constant operands of binary operators as RK operands, which have no
        // name in messages; unary operators read a register (loaded by LOADK: "constant").
        let unary = matches!(op, ArithOp::Unm | ArithOp::BNot);
        let oa = if !unary && self.var_info(&a, oa).starts_with(b" (constant") { Origin::None } else { oa };
        let ob = if !unary && self.var_info(&b, ob).starts_with(b" (constant") { Origin::None } else { ob };
        if op.is_bitwise() {
            if arith::to_float(&a).is_some() && arith::to_float(&b).is_some() {
                let (v, o) = if arith::to_integer(&a).is_none() { (a, oa) } else { (b, ob) };
                let vi = self.var_info(&v, o);
                let mut m = b"number".to_vec();
                if !vi.starts_with(b" (constant") {
                    m.extend_from_slice(&vi);
                }
                m.extend_from_slice(b" has no integer representation");
                return Err(self.runtime_error_bytes(&m));
            }
            let (v, o) = if arith::to_float(&a).is_none() { (a, oa) } else { (b, ob) };
            return Err(self.type_error(&v, "perform bitwise operation on", o));
        }
        let (v, o) = if arith::to_float(&a).is_none() { (a, oa) } else { (b, ob) };
        Err(self.type_error(&v, "perform arithmetic on", o))
    }

    // ------------------------------------------------------------ comparison

    /// `a == b` with `__eq` (luaV_equalobj).
    pub fn equals(&mut self, a: Value, b: Value) -> LResult<bool> {
        if a.tt != b.tt {
            return Ok(a.raw_eq(&b));
        }
        let tm = match a.tt {
            TAG_TABLE => {
                let (x, y) = (a.as_table().unwrap(), b.as_table().unwrap());
                if x == y {
                    return Ok(true);
                }
                fast_tm(self, x.metatable, TM_EQ).or_else(|| fast_tm(self, y.metatable, TM_EQ))
            }
            TAG_USERDATA => {
                let (x, y) = (a.as_userdata().unwrap(), b.as_userdata().unwrap());
                if x == y {
                    return Ok(true);
                }
                fast_tm(self, x.metatable, TM_EQ).or_else(|| fast_tm(self, y.metatable, TM_EQ))
            }
            _ => return Ok(a.raw_eq(&b)),
        };
        match tm {
            None => Ok(false),
            Some(tm) => Ok(self.call_tm_res(tm, a, b)?.is_truthy()),
        }
    }

    fn call_order_tm(&mut self, a: Value, b: Value, e: u8) -> LResult<Option<bool>> {
        let mut tm = self.get_tm_by_obj(&a, e);
        if tm.is_nil() {
            tm = self.get_tm_by_obj(&b, e);
        }
        if tm.is_nil() {
            return Ok(None);
        }
        Ok(Some(self.call_tm_res(tm, a, b)?.is_truthy()))
    }

    /// `a < b` (luaV_lessthan).
    pub fn less_than(&mut self, a: Value, b: Value) -> LResult<bool> {
        if a.is_number() && b.is_number() {
            return Ok(num_lt(&a, &b));
        }
        if a.is_string() && b.is_string() {
            return Ok(a.as_string().unwrap().bytes() < b.as_string().unwrap().bytes());
        }
        match self.call_order_tm(a, b, TM_LT)? {
            Some(r) => Ok(r),
            None => Err(self.order_error(&a, &b)),
        }
    }

    /// `a <= b` (luaV_lessequal, with the `not (b < a)` fallback).
    pub fn less_equal(&mut self, a: Value, b: Value) -> LResult<bool> {
        if a.is_number() && b.is_number() {
            return Ok(num_le(&a, &b));
        }
        if a.is_string() && b.is_string() {
            return Ok(a.as_string().unwrap().bytes() <= b.as_string().unwrap().bytes());
        }
        if let Some(r) = self.call_order_tm(a, b, TM_LE)? {
            return Ok(r);
        }
        self.cur_ci_mut().callstatus |= CIST_LEQ;
        let r = self.call_order_tm(b, a, TM_LT)?;
        self.cur_ci_mut().callstatus &= !CIST_LEQ;
        match r {
            Some(r) => Ok(!r),
            None => Err(self.order_error(&a, &b)),
        }
    }

    /// "attempt to compare ..." (luaG_ordererror).
    #[cold]
    pub fn order_error(&mut self, a: &Value, b: &Value) -> crate::error::Error {
        let t1 = self.obj_type_name(a);
        let t2 = self.obj_type_name(b);
        let mut m = b"attempt to compare ".to_vec();
        if t1 == t2 {
            m.extend_from_slice(b"two ");
            m.extend_from_slice(&t1);
            m.extend_from_slice(b" values");
        } else {
            m.extend_from_slice(&t1);
            m.extend_from_slice(b" with ");
            m.extend_from_slice(&t2);
        }
        self.runtime_error_bytes(&m)
    }

    // ------------------------------------------------------------ length

    /// `#v` (luaV_objlen).
    pub fn length(&mut self, v: Value, origin: Origin) -> LResult<Value> {
        let tm = match v.tt {
            TAG_TABLE => {
                let t = v.as_table().unwrap();
                match fast_tm(self, t.metatable, TM_LEN) {
                    None => return Ok(Value::int(t.length() as i64)),
                    Some(tm) => tm,
                }
            }
            TAG_SHRSTR | TAG_LNGSTR => return Ok(Value::int(v.as_string().unwrap().len() as i64)),
            TAG_IARRAY | TAG_FARRAY => return Ok(Value::int(crate::ravi_array::length(&v))),
            _ => {
                let tm = self.get_tm_by_obj(&v, TM_LEN);
                if tm.is_nil() {
                    return Err(self.type_error(&v, "get length of", origin));
                }
                tm
            }
        };
        self.call_tm_res(tm, v, v)
    }

    // ------------------------------------------------------------ concatenation

    /// Converts a number in stack slot `i` to a string in place; true if the slot now holds
    /// a string (cvt2str + tostring).
    fn to_string_in_place(&mut self, i: usize) -> LResult<bool> {
        let v = self.stack[i];
        if v.is_string() {
            return Ok(true);
        }
        if v.is_number() {
            let mut b = Vec::new();
            arith::number_to_bytes(&v, &mut b);
            let s = self.new_string(&b)?;
            self.stack[i] = Value::string(s);
            return Ok(true);
        }
        Ok(false)
    }

    /// Concatenates the `total` values below `top`, leaving the result in place of the
    /// first (luaV_concat). Operands are stack slots, so messages can name them.
    pub fn concat(&mut self, mut total: usize) -> LResult<()> {
        while total > 1 {
            let top = self.top;
            let mut n = 2;
            let a_ok = self.stack[top - 2].is_string() || self.stack[top - 2].is_number();
            if !a_ok || !self.to_string_in_place(top - 1)? {
                let (a, b) = (self.stack[top - 2], self.stack[top - 1]);
                let mut tm = self.get_tm_by_obj(&a, TM_CONCAT);
                if tm.is_nil() {
                    tm = self.get_tm_by_obj(&b, TM_CONCAT);
                }
                if tm.is_nil() {
                    let (bad, at) = if a.is_string() || a.is_number() { (b, top - 1) } else { (a, top - 2) };
                    return Err(self.type_error(&bad, "concatenate", Origin::Stack(at)));
                }
                let r = self.call_tm_res(tm, a, b)?;
                self.stack[top - 2] = r;
            } else if self.stack[top - 1].as_string().unwrap().is_empty() {
                self.to_string_in_place(top - 2)?;
            } else if self.stack[top - 2].is_string() && self.stack[top - 2].as_string().unwrap().is_empty() {
                self.stack[top - 2] = self.stack[top - 1];
            } else {
                let mut tl = self.stack[top - 1].as_string().unwrap().len();
                n = 1;
                while n < total && self.to_string_in_place(top - n - 1)? {
                    tl += self.stack[top - n - 1].as_string().unwrap().len();
                    n += 1;
                }
                if tl >= (i32::MAX as usize) {
                    return Err(self.runtime_error("string length overflow"));
                }
                let mut buf = Vec::with_capacity(tl);
                for i in (top - n)..top {
                    buf.extend_from_slice(self.stack[i].as_string().unwrap().bytes());
                }
                let s = self.new_string(&buf)?;
                self.stack[top - n] = Value::string(s);
            }
            total -= n - 1;
            self.top -= n - 1;
        }
        Ok(())
    }
}

/// `a < b` for numbers of any subtypes, exact (LTnum).
pub fn num_lt(a: &Value, b: &Value) -> bool {
    match pair_tag(a, b) {
        PAIR_INT_INT => a.ival() < b.ival(),
        PAIR_FLT_FLT => a.fval() < b.fval(),
        PAIR_INT_FLT => lt_int_float(a.ival(), b.fval()),
        _ => lt_float_int(a.fval(), b.ival()),
    }
}

/// `a <= b` for numbers (LEnum).
pub fn num_le(a: &Value, b: &Value) -> bool {
    match pair_tag(a, b) {
        PAIR_INT_INT => a.ival() <= b.ival(),
        PAIR_FLT_FLT => a.fval() <= b.fval(),
        PAIR_INT_FLT => le_int_float(a.ival(), b.fval()),
        _ => le_float_int(a.fval(), b.ival()),
    }
}

const FITS: i64 = 1 << 53;
#[inline]
fn fits_f(i: i64) -> bool {
    (-FITS..=FITS).contains(&i)
}

pub fn lt_int_float(i: i64, f: f64) -> bool {
    if fits_f(i) {
        return (i as f64) < f;
    }
    match arith::float_to_int_mode(f, 2) {
        Some(fi) => i < fi,
        None => f > 0.0,
    }
}
pub fn le_int_float(i: i64, f: f64) -> bool {
    if fits_f(i) {
        return (i as f64) <= f;
    }
    match arith::float_to_int_mode(f, 1) {
        Some(fi) => i <= fi,
        None => f > 0.0,
    }
}
pub fn lt_float_int(f: f64, i: i64) -> bool {
    if fits_f(i) {
        return f < (i as f64);
    }
    match arith::float_to_int_mode(f, 1) {
        Some(fi) => fi < i,
        None => f < 0.0,
    }
}
pub fn le_float_int(f: f64, i: i64) -> bool {
    if fits_f(i) {
        return f <= (i as f64);
    }
    match arith::float_to_int_mode(f, 2) {
        Some(fi) => fi <= i,
        None => f < 0.0,
    }
}
