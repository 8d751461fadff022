//! Helpers of Ravi's typed opcodes (the checks and conversions that are not worth
//! inlining into the dispatch loop). The fast arms live in `interp`.
//!
//! Soundness contract: a register the code generator typed (`integer`, `number`,
//! `integer[]`, `number[]`, `table`) is read without tag checks by the typed opcodes, so
//! every write into such a register goes through a check here (`ToInt`, ..., the typed
//! arithmetic producing the right type, `SetUpvalT` for upvalues). Paths that bypass the
//! bytecode must check as well — they do not exist yet, and when they are added:
//! - `debug.setlocal` must refuse (or convert, as `check_value` does) a value of the wrong
//!   type for a local whose register a typed opcode reads; the compiler would need to
//!   record local types in the prototype (Ravi keeps a `ravi_type` per `LocVar`).
//! - `debug.setupvalue` and `debug.upvaluejoin` must do the same for typed upvalues
//!   (`upvaluejoin` may only join upvalues of identical static type).
//! - The embedding API never writes into a Lua frame's registers; it must stay that way.
//! - Binary chunks: `ravi_parser::chunk::verify` re-proves register types (see there).

use crate::error::{Error, LResult};
use crate::state::State;
use crate::value::*;
use ravi_parser::bytecode::TypeCode;

#[cold]
#[inline(never)]
pub fn fail(st: &mut State, msg: &str) -> LResult<()> {
    Err(st.runtime_error(msg))
}

/// Checks/converts `v` for a slot of type `t`; `None` if it does not conform.
pub fn check_value(t: TypeCode, v: &Value) -> Option<Value> {
    Some(match t {
        TypeCode::Int => Value::int(crate::ravi_array::elem_int(v)?),
        TypeCode::Flt => Value::float(crate::ravi_array::elem_flt(v)?),
        TypeCode::IArray if v.tt == TAG_IARRAY => *v,
        TypeCode::FArray if v.tt == TAG_FARRAY => *v,
        TypeCode::Table if v.tt == TAG_TABLE => *v,
        TypeCode::Str if v.is_string() || v.is_nil() => *v,
        TypeCode::Closure if v.is_function() || v.is_nil() => *v,
        TypeCode::Bool if v.is_bool() || v.is_nil() => *v,
        _ => return None,
    })
}

/// `ToInt` .. `ToBool` slow path: converts in place or raises "T expected".
#[cold]
#[inline(never)]
pub fn to_type(st: &mut State, slot: usize, t: TypeCode) -> LResult<()> {
    let v = st.stack[slot];
    match check_value(t, &v) {
        Some(nv) => {
            st.stack[slot] = nv;
            Ok(())
        }
        None => {
            let mut m = alloc::string::String::from(t.name());
            m.push_str(" expected");
            Err(st.runtime_error(&m))
        }
    }
}

/// `ToType`: `v` is nil or has the metatable registered as `registry[name]`.
#[cold]
#[inline(never)]
pub fn to_user_type(st: &mut State, v: Value, name: Value) -> LResult<()> {
    if v.is_nil() {
        return Ok(());
    }
    let ok = match (st.metatable_of(&v), name.as_string()) {
        (Some(mt), Some(n)) => {
            let reg = st.registry();
            let want = reg.get_value(&Value::string(n), st.seed());
            want.as_table().map_or(false, |w| w.as_header() == mt.as_header())
        }
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let mut m = b"type mismatch: expected ".to_vec();
    if let Some(n) = name.as_string() {
        m.extend_from_slice(n.as_bytes());
    }
    Err(st.runtime_error_bytes(&m))
}

/// `SetUpvalT` check: the converted value, or the error.
#[cold]
#[inline(never)]
pub fn upval_value(st: &mut State, t: TypeCode, v: &Value) -> LResult<Value> {
    match check_value(t, v) {
        // tables, arrays and numbers may not be nil in a typed upvalue
        Some(nv) => Ok(nv),
        None => {
            let n = t.name();
            let m = alloc::format!("upvalue of {n} type, cannot be set to non {n} value");
            Err(st.runtime_error(&m))
        }
    }
}

pub fn memory_error() -> Error {
    Error::Memory
}
