//! The `ravi` library and Ravi's array functions in `table`.
//!
//! `ravi.jit`, `ravi.compile`, `ravi.iscompiled`, `ravi.auto`, `ravi.optlevel`: there is no
//! JIT yet, and these say so truthfully — `ravi.jit()` is false (enabling it is refused),
//! `ravi.compile(f)` returns false, `ravi.iscompiled(f)` false, `ravi.auto()` false,
//! `ravi.optlevel()` 0. They must report real state once the trace JIT exists.
//!
//! `table.intarray(n [, v])`, `table.numarray(n [, v])`: fixed-size `integer[]` /
//! `number[]` of `n` elements (default 0 / 0.0). `table.slice(a, start, n)`: a fixed-size
//! view of `a[start .. start+n-1]` sharing its storage (`a` must be fixed-size).
//!
//! Arrays have no metatable of their own; `pairs` finds the `__pairs` of the type
//! metatable of arrays (values whose type is "table" but are not Lua tables), which is
//! protected (`__metatable = false`). `setmetatable` and `rawlen` are replaced by versions
//! that know arrays ("Lua table expected" when an array is used as a metatable).

use ravi_vm::ravi_array as ra;
use ravi_vm::state::State;
use ravi_vm::value::*;
use ravi_vm::LResult;

fn jit(st: &mut State) -> LResult<usize> {
    st.push_bool(false)?;
    Ok(1)
}
fn compile(st: &mut State) -> LResult<usize> {
    st.push_bool(false)?;
    Ok(1)
}
fn iscompiled(st: &mut State) -> LResult<usize> {
    st.push_bool(false)?;
    Ok(1)
}
fn optlevel(st: &mut State) -> LResult<usize> {
    st.push_integer(0)?;
    Ok(1)
}

pub fn open_ravi(st: &mut State) -> LResult<usize> {
    st.new_lib(&[("jit", jit), ("compile", compile), ("iscompiled", iscompiled), ("auto", jit), ("optlevel", optlevel)])?;
    // array functions go into `table`
    if st.get_global("table")? == Type::Table {
        for (name, f) in [("intarray", intarray as ravi_vm::NativeFn), ("numarray", numarray), ("slice", slice)] {
            st.push_fn(f)?;
            st.set_field(-2, name)?;
        }
    }
    st.pop(1);
    // type metatable of arrays: __pairs, protected
    st.create_table(0, 2)?;
    st.push_fn(array_pairs)?;
    st.set_field(-2, "__pairs")?;
    st.push_bool(false)?;
    st.set_field(-2, "__metatable")?;
    st.set_type_metatable(Type::Table);
    st.push_fn(setmetatable)?;
    st.set_global("setmetatable")?;
    st.push_fn(rawlen)?;
    st.set_global("rawlen")?;
    Ok(1)
}

fn array_len_arg(st: &mut State, arg: i32) -> LResult<usize> {
    let n = st.check_integer(arg)?;
    if !(0..=(u32::MAX as i64 - 2)).contains(&n) {
        return Err(st.error_str("array length out of range"));
    }
    Ok(n as usize)
}

fn intarray(st: &mut State) -> LResult<usize> {
    let n = array_len_arg(st, 1)?;
    let v = if st.is_none_or_nil(2) { 0 } else { st.check_integer(2)? };
    let a = ra::new_array(st, false, n, v as u64, true)?;
    st.push(a)?;
    Ok(1)
}

fn numarray(st: &mut State) -> LResult<usize> {
    let n = array_len_arg(st, 1)?;
    let v = if st.is_none_or_nil(2) { 0.0 } else { st.check_number(2)? };
    let a = ra::new_array(st, true, n, v.to_bits(), true)?;
    st.push(a)?;
    Ok(1)
}

fn slice(st: &mut State) -> LResult<usize> {
    let a = st.value(1);
    if !ra::is_array(&a) {
        return Err(st.arg_error(1, "integer[] or number[] expected"));
    }
    let start = st.check_integer(2)?;
    let n = st.check_integer(3)?;
    let len = ra::length(&a);
    if start < 1 || n < 0 || start > len || n > len - start + 1 {
        return Err(st.error_str("cannot create a slice of given bounds"));
    }
    if !ra::arr(&a).fixed {
        return Err(st.error_str("cannot create a slice of a dynamic array"));
    }
    let s = ra::new_slice(st, &a, start as usize, n as usize)?;
    st.push(s)?;
    Ok(1)
}

fn array_next(st: &mut State) -> LResult<usize> {
    let a = st.value(1);
    let k = if st.is_none_or_nil(2) { 0 } else { st.check_integer(2)? };
    match ra::get_in_range(&a, k + 1) {
        Some(v) => {
            st.push_integer(k + 1)?;
            st.push(v)?;
            Ok(2)
        }
        None => {
            st.push_nil()?;
            Ok(1)
        }
    }
}

fn array_pairs(st: &mut State) -> LResult<usize> {
    st.push_fn(array_next)?;
    st.push_value(1)?;
    st.push_nil()?;
    Ok(3)
}

/// base `setmetatable`, refusing arrays ("Lua table expected").
fn setmetatable(st: &mut State) -> LResult<usize> {
    let t = st.type_of(2);
    if ra::is_array(&st.value(1)) || ra::is_array(&st.value(2)) {
        return Err(st.error_str("Lua table expected"));
    }
    st.check_table(1)?;
    if t != Some(Type::Nil) && t != Some(Type::Table) {
        return Err(st.arg_error(2, "nil or table expected"));
    }
    if st.get_metafield(1, "__metatable")? {
        return Err(st.error_str("cannot change a protected metatable"));
    }
    st.set_top(2);
    st.set_metatable(1)?;
    Ok(1)
}

/// base `rawlen`, knowing arrays.
fn rawlen(st: &mut State) -> LResult<usize> {
    let v = st.value(1);
    if ra::is_array(&v) {
        st.push_integer(ra::length(&v))?;
        return Ok(1);
    }
    let t = st.type_of(1);
    if t != Some(Type::Table) && t != Some(Type::String) {
        return Err(st.arg_error(1, "table or string expected"));
    }
    let n = st.raw_len(1);
    st.push_integer(n as i64)?;
    Ok(1)
}
