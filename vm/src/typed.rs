//! Helpers of Ravi's typed opcodes (the checks and conversions that are not worth
//! inlining into the dispatch loop). The fast arms live in `interp`.
//!
//! Soundness contract: a register the code generator typed (`integer`, `number`,
//! `integer[]`, `number[]`, `table`) is read without tag checks by the typed opcodes, so
//! every write into such a register goes through a check here (`ToInt`, ..., the typed
//! arithmetic producing the right type, `SetUpvalT` for upvalues). Paths that bypass the
//! bytecode check as well, against the static types the compiler records in the
//! prototype (`LocVar::ty`, `UpvalDesc::ty`; both are kept in binary chunks):
//! - `debug.setlocal` (`local_store_value`): a named local stores only a value of its
//!   type (converted as `check_value` does: an integral float into an `integer`, an
//!   integer into a `number`); any other slot of a frame — temporaries and the hidden
//!   `(for ...)` locals, which typed opcodes such as `ForLoopI` trust — is writable only
//!   in a function without typed opcodes. Varargs and native frames are never typed.
//! - `debug.setupvalue` (`slot_value` on the upvalue's type) likewise; `debug.upvaluejoin`
//!   joins only upvalues of identical static type and silently does nothing otherwise
//!   (Ravi's lua_upvaluejoin), so an untyped closure never gets write access to a typed
//!   variable.
//! - The embedding API never writes into a Lua frame's registers (natives index their own
//!   frame only); it must stay that way.
//! - Binary chunks: typed opcodes are refused by `ravi_parser::chunk::verify`.
//!
//! Refusals raise an error (Ravi's lua_setlocal/lua_setupvalue return no name instead).

use crate::error::{Error, LResult};
use crate::state::State;
use crate::value::*;
use ravi_parser::bytecode::{RaviType, TypeCode};

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

/// `ToIntN` / `ToFltN` slow path: `to_type` on each of the `n` slots from `first`, in order.
#[cold]
#[inline(never)]
pub fn to_types(st: &mut State, first: usize, n: u32, t: TypeCode) -> LResult<()> {
    for slot in first..first + n as usize {
        to_type(st, slot, t)?;
    }
    Ok(())
}

/// `MoveI` / `MoveF` slow path: `R[a] := R[b]` converted to `t`, or "T expected" with
/// R[a] untouched.
#[cold]
#[inline(never)]
pub fn move_type(st: &mut State, base: usize, a: u32, b: u32, t: TypeCode) -> LResult<()> {
    let v = st.stack[base + b as usize];
    match check_value(t, &v) {
        Some(nv) => {
            st.stack[base + a as usize] = nv;
            Ok(())
        }
        None => {
            let mut m = alloc::string::String::from(t.name());
            m.push_str(" expected");
            Err(st.runtime_error(&m))
        }
    }
}

/// `AddToF` .. `DivToF` slow path: `R[a] := tofloat(R[b] op R[c])` with the operator's
/// full semantics, then the `number` check of the result.
#[cold]
#[inline(never)]
pub fn arith_to_float(st: &mut State, op: crate::arith::ArithOp, base: usize, a: u32, b: u32, c: u32) -> LResult<()> {
    use crate::debug_info::Origin;
    let (ib, ic) = (base + b as usize, base + c as usize);
    let (vb, vc) = (st.stack[ib], st.stack[ic]);
    let v = st.arith(op, vb, vc, Origin::Stack(ib), Origin::Stack(ic))?;
    match check_value(TypeCode::Flt, &v) {
        Some(f) => {
            // the stack may have moved (a metamethod ran): index it again
            st.stack[base + a as usize] = f;
            Ok(())
        }
        None => Err(st.runtime_error("number expected")),
    }
}

/// `IArraySet` / `FArraySet` slow path: conversion, append, errors.
#[cold]
#[inline(never)]
pub fn array_set(st: &mut State, t: &Value, k: i64, v: &Value) -> LResult<()> {
    crate::ravi_array::set(st, t, k, v)
}

/// Slow path of the array stores whose value is proven of the element type: append at
/// len+1, else "array out of bounds".
#[cold]
#[inline(never)]
pub fn array_store(st: &mut State, t: &Value, k: i64, bits: u64) -> LResult<()> {
    crate::ravi_array::store_bits(st, t, k, bits)
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

/// The type code of a built-in Ravi type (`None` for `any` and userdata types).
fn type_code(ty: &RaviType) -> Option<TypeCode> {
    Some(match ty {
        RaviType::Integer => TypeCode::Int,
        RaviType::Number => TypeCode::Flt,
        RaviType::IntegerArray => TypeCode::IArray,
        RaviType::NumberArray => TypeCode::FArray,
        RaviType::Table => TypeCode::Table,
        RaviType::String => TypeCode::Str,
        RaviType::Closure => TypeCode::Closure,
        RaviType::Boolean => TypeCode::Bool,
        RaviType::Any | RaviType::User(_) => return None,
    })
}

/// Is `v` nil or a value whose metatable is `registry[name]` (the `ToType` check)?
fn is_user_type(st: &mut State, name: &[u8], v: &Value) -> bool {
    if v.is_nil() {
        return true;
    }
    let Some(mt) = st.metatable_of(v) else { return false };
    let Ok(k) = st.new_string(name) else { return false };
    let want = st.registry().get_value(&Value::string(k), st.seed());
    want.as_table().is_some_and(|w| w.as_header() == mt.as_header())
}

/// The value a slot of static type `ty` may receive from outside the bytecode
/// (`debug.setlocal`, `debug.setupvalue`): `v` itself for an untyped slot, `v` converted
/// as by `check_value`, or `None` when it does not conform.
pub fn slot_value(st: &mut State, ty: &RaviType, v: &Value) -> Option<Value> {
    match ty {
        RaviType::Any => Some(*v),
        RaviType::User(name) => is_user_type(st, name, v).then_some(*v),
        _ => check_value(type_code(ty)?, v),
    }
}

/// Message for a refused `debug.setlocal` / `debug.setupvalue` (static: the debug
/// library raises it as is).
fn refusal(ty: &RaviType, upvalue: bool) -> &'static str {
    macro_rules! msg {
        ($t:literal) => {
            if upvalue {
                concat!("upvalue of ", $t, " type, cannot be set to non ", $t, " value")
            } else {
                concat!("local variable of ", $t, " type, cannot be set to non ", $t, " value")
            }
        };
    }
    match ty {
        RaviType::Integer => msg!("integer"),
        RaviType::Number => msg!("number"),
        RaviType::IntegerArray => msg!("integer[]"),
        RaviType::NumberArray => msg!("number[]"),
        RaviType::Table => msg!("table"),
        RaviType::String => msg!("string"),
        RaviType::Closure => msg!("closure"),
        RaviType::Boolean => msg!("boolean"),
        RaviType::Any | RaviType::User(_) => {
            if upvalue {
                "upvalue of a user-defined type, cannot be set to a value of another type"
            } else {
                "local variable of a user-defined type, cannot be set to a value of another type"
            }
        }
    }
}

/// Does the prototype contain a typed opcode (whose registers may be trusted)?
fn has_typed_code(p: &crate::function::Proto) -> bool {
    p.code.iter().any(|i| i.opcode().is_some_and(|op| op.is_typed()))
}

/// `debug.setlocal` into stack slot `slot` of the Lua frame `ci` (not a vararg): the value
/// to store, or the refusal (see the module doc).
pub fn local_store_value(st: &mut State, ci: usize, slot: usize, v: Value) -> Result<Value, &'static str> {
    let Some(p) = st.ci_proto(ci) else { return Ok(v) };
    let pc = st.ci_pc(ci);
    let reg = slot - st.ci[ci].base;
    // the reg-th active local at pc (luaF_getlocalname's walk)
    let mut n = 0usize;
    let mut found = None;
    for lv in p.locvars.iter() {
        if lv.start_pc as usize > pc {
            break;
        }
        if pc < lv.end_pc as usize {
            if n == reg {
                found = Some(lv);
                break;
            }
            n += 1;
        }
    }
    match found {
        Some(lv) if !lv.name.is_empty() && lv.name[0] != b'(' => {
            slot_value(st, &lv.ty, &v).ok_or_else(|| refusal(&lv.ty, false))
        }
        _ if has_typed_code(&p) => Err("cannot change a temporary of a function with typed (Ravi) code"),
        _ => Ok(v),
    }
}

/// `debug.setupvalue` on upvalue `i` (0-based) of a Lua closure: the value to store, or
/// the refusal.
pub fn upvalue_store_value(st: &mut State, cl: &crate::function::LClosure, i: usize, v: Value) -> Result<Value, &'static str> {
    let ty = &cl.proto.upvalues[i].ty;
    slot_value(st, ty, &v).ok_or_else(|| refusal(ty, true))
}

/// `debug.upvaluejoin` may make upvalue `n1` of `c1` refer to upvalue `n2` of `c2`
/// (0-based) only when their static types are identical (Ravi's lua_upvaluejoin).
pub fn upvalues_joinable(c1: &crate::function::LClosure, n1: usize, c2: &crate::function::LClosure, n2: usize) -> bool {
    c1.proto.upvalues[n1].ty == c2.proto.upvalues[n2].ty
}
