//! The `ravi` library and Ravi's array functions in `table`.
//!
//! `ravi.jit`, `ravi.compile`, `ravi.iscompiled`, `ravi.auto`, `ravi.optlevel`: there is no
//! JIT yet, and these say so truthfully — `ravi.jit()` is false (enabling it is refused),
//! `ravi.compile(f)` returns false, `ravi.iscompiled(f)` false, `ravi.auto()` false,
//! `ravi.optlevel()` 0. They must report real state once the trace JIT exists.
//! `ravi.exp(x)` and `ravi.ln(x)` are `math.exp(x)` and `math.log(x)`; `ravi.dumplua(f)`
//! prints `f`'s bytecode as `ravi --bytecode` does (ours, not Ravi's).
//!
//! `table.intarray(n [, v])`, `table.numarray(n [, v])`: fixed-size `integer[]` /
//! `number[]` of `n` elements (default 0 / 0.0). `table.slice(a, start, n)`: a fixed-size
//! view of `a[start .. start+n-1]` sharing its storage (`a` must be fixed-size).
//!
//! Arrays may have a metatable of their own (`setmetatable(a, mt)`, Ravi's test 53):
//! `__name`, `__tostring`, `__gc`, `__call`, arithmetic... apply, while `__index`,
//! `__newindex` and `__len` are ignored (Ravi's manual: arrays ignore them). An array
//! cannot be a metatable ("Lua table expected"). Arrays without a metatable of their own
//! share the type metatable of arrays (values whose type is "table" but are not Lua
//! tables): it holds `__pairs` and is invisible to `getmetatable` (nil, as in Ravi).
//! `setmetatable`, `getmetatable`, `pairs`, `next` and `rawlen` are replaced by versions
//! that know arrays; the others are unchanged for plain values.
//!
//! `ravi.type(v)` is Ravi's global `ravitype(v)` (ravi_typename), kept out of the globals so
//! plain Lua programs see the same global environment as in lua5.3: "integer" / "number"
//! for numbers, "integer[]" / "number[]" for arrays, "closure" / "Cclosure" /
//! "lightCfunction" for functions, and the metatable's `__name` (when a string) for
//! tables, arrays and userdata.

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
/// `ravi.exp(x)`, `ravi.ln(x)`: Ravi's fast paths for `math.exp` / `math.log(x)` (same
/// results).
fn exp(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    #[cfg(feature = "std")]
    let r = x.exp();
    #[cfg(not(feature = "std"))]
    let r = libm::exp(x);
    st.push_number(r)?;
    Ok(1)
}
fn ln(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    #[cfg(feature = "std")]
    let r = x.ln();
    #[cfg(not(feature = "std"))]
    let r = libm::log(x);
    st.push_number(r)?;
    Ok(1)
}
/// `ravi.dumplua(f)`: prints the bytecode of Lua function `f` (and its nested functions)
/// as `ravi --bytecode` lists it. Ravi prints its own bytecode here; ours differs.
fn dumplua(st: &mut State) -> LResult<usize> {
    let f = st.check_any(1)?;
    let Some(cl) = f.as_lclosure() else {
        return Err(st.arg_error(1, "Lua function expected"));
    };
    let pp = crate::string::to_parser_proto(&cl.proto, &cl.proto.source);
    let mut out = alloc::vec::Vec::new();
    ravi_parser::listing::list(&pp, &mut out);
    crate::base::write_out(st, &out);
    Ok(0)
}

fn optlevel(st: &mut State) -> LResult<usize> {
    st.push_integer(0)?;
    Ok(1)
}

pub fn open_ravi(st: &mut State) -> LResult<usize> {
    st.new_lib(&[("jit", jit), ("compile", compile), ("iscompiled", iscompiled), ("auto", jit), ("optlevel", optlevel), ("exp", exp), ("ln", ln), ("dumplua", dumplua), ("type", ravitype)])?;
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
    st.push_fn(getmetatable)?;
    st.set_global("getmetatable")?;
    st.push_fn(rawlen)?;
    st.set_global("rawlen")?;
    // pairs and next: arrays with a metatable of their own still iterate as arrays
    st.push_fn(pairs)?;
    st.set_global("pairs")?;
    st.push_fn(next)?;
    st.set_global("next")?;
    Ok(1)
}

/// The metatable an array was given with `setmetatable` (not the arrays' type metatable).
fn own_metatable(v: &Value) -> Option<ravi_vm::gc::Gc<ravi_vm::Table>> {
    if ra::is_array(v) { ra::arr(v).metatable } else { None }
}

/// Field `name` of an array's own metatable (raw), nil if none.
fn own_metafield(st: &mut State, v: &Value, name: &str) -> LResult<Value> {
    match own_metatable(v) {
        Some(mt) => st.raw_get_str(mt, name.as_bytes()),
        None => Ok(Value::NIL),
    }
}

/// `ravi.type(v)`: Ravi's `ravitype(v)` (ravi_typename).
fn ravitype(st: &mut State) -> LResult<usize> {
    let v = st.check_any(1)?;
    let name: &str = match v.tt {
        TAG_NIL => "nil",
        TAG_FALSE | TAG_TRUE => "boolean",
        TAG_INT => "integer",
        TAG_FLOAT => "number",
        TAG_SHRSTR | TAG_LNGSTR => "string",
        TAG_LCF => "lightCfunction",
        TAG_NCL => "Cclosure",
        TAG_LCL => "closure",
        TAG_THREAD => "thread",
        TAG_TABLE | TAG_USERDATA | TAG_IARRAY | TAG_FARRAY => {
            let mt = if ra::is_array(&v) { own_metatable(&v) } else { st.metatable_of(&v) };
            if let Some(mt) = mt {
                let n = st.raw_get_str(mt, b"__name")?;
                if n.as_string().is_some() {
                    st.push(n)?;
                    return Ok(1);
                }
            }
            match v.tt {
                TAG_TABLE => "table",
                TAG_USERDATA => "userdata",
                TAG_IARRAY => "integer[]",
                _ => "number[]",
            }
        }
        _ => "lightuserdata",
    };
    st.push_str(name)?;
    Ok(1)
}

/// base `getmetatable`: an array's own metatable (or its `__metatable` field), nil for an
/// array without one.
fn getmetatable(st: &mut State) -> LResult<usize> {
    let v = st.check_any(1)?;
    if ra::is_array(&v) {
        match own_metatable(&v) {
            None => st.push_nil()?,
            Some(mt) => {
                let protected = st.raw_get_str(mt, b"__metatable")?;
                st.push(if protected.is_nil() { Value::table(mt) } else { protected })?;
            }
        }
        return Ok(1);
    }
    if !st.get_metatable(1)? {
        st.push_nil()?;
        return Ok(1);
    }
    st.get_metafield(1, "__metatable")?;
    Ok(1)
}

/// base `pairs`, except for arrays with a metatable of their own but no `__pairs` in
/// it: they iterate as arrays.
fn pairs(st: &mut State) -> LResult<usize> {
    let v = st.check_any(1)?;
    if own_metatable(&v).is_some() && own_metafield(st, &v, "__pairs")?.is_nil() {
        return array_pairs(st);
    }
    if !st.get_metafield(1, "__pairs")? {
        st.push_fn(next)?;
        st.push_value(1)?;
        st.push_nil()?;
    } else {
        st.push_value(1)?;
        st.call_api(1, 3)?;
    }
    Ok(3)
}

/// base `next`, knowing arrays.
fn next(st: &mut State) -> LResult<usize> {
    if ra::is_array(&st.value(1)) {
        return array_next(st);
    }
    st.check_table(1)?;
    st.set_top(2);
    if st.next(1)? {
        Ok(2)
    } else {
        st.push_nil()?;
        Ok(1)
    }
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

/// base `setmetatable`, knowing arrays: an array takes a metatable of its own, an array
/// cannot be a metatable ("Lua table expected").
fn setmetatable(st: &mut State) -> LResult<usize> {
    let t = st.type_of(2);
    let v = st.value(1);
    if ra::is_array(&st.value(2)) {
        return Err(st.error_str("Lua table expected"));
    }
    if !ra::is_array(&v) {
        st.check_table(1)?;
    }
    if t != Some(Type::Nil) && t != Some(Type::Table) {
        return Err(st.arg_error(2, "nil or table expected"));
    }
    let protected = if ra::is_array(&v) {
        !own_metafield(st, &v, "__metatable")?.is_nil()
    } else {
        st.get_metafield(1, "__metatable")?
    };
    if protected {
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
