//! Ravi arrays: `integer[]` and `number[]` objects (their own GC kinds, `TAG_IARRAY` /
//! `TAG_FARRAY`). Contiguous 64-bit elements, bounds-checked, an optional metatable.
//!
//! Owns: the array object, its creation, element get/set with Ravi's rules, the generic
//! (untyped) access paths the metamethod slow paths delegate to, and `ArraySetList`.
//!
//! Semantics (Ravi's manual): index 1..=len is the array; slot 0 exists (hidden, readable
//! and writable only by direct indexing, not seen by `#`, `ipairs`, `pairs`); storing at
//! len+1 appends unless the array is fixed-size (`table.intarray`/`table.numarray`);
//! anything else is "array out of bounds". Values stored are checked: an `integer[]`
//! takes integers and floats with an exact integral value, a `number[]` takes numbers
//! (integers converted); strings are not coerced. `type()` says "table". An array may have
//! a metatable of its own (`RaviArray::metatable`, set by `setmetatable`): indexing and
//! `#` ignore its `__index`, `__newindex` and `__len` (Ravi's manual), the other
//! metamethods (`__name`, `__tostring`, `__gc`, arithmetic, `__call`, ...) apply through
//! `State::metatable_of`. Arrays cannot be metatables.
//!
//! Deviation from Ravi: untyped reads out of bounds give nil (typed `IArrayGet` raises).
//! Slices (`table.slice`) are views sharing the storage of a fixed-size parent.
//!
//! GC: the element storage holds no references, so an array is marked black at once and
//! never traversed (marking also marks a slice's parent and the metatable; setting a
//! metatable uses a forward barrier); its storage is accounted in the heap's debt.

use crate::error::LResult;
use crate::gc::GcHeader;
use crate::state::State;
use crate::value::*;
use alloc::vec::Vec;

/// GC kinds (= value tags) of the two array types.
pub const KIND_IARRAY: u8 = TAG_IARRAY;
pub const KIND_FARRAY: u8 = TAG_FARRAY;

/// An array object. `data[0]` is Ravi's hidden slot 0; the length is `data.len() - 1`.
#[repr(C)]
pub struct RaviArray {
    pub hdr: GcHeader,
    /// Fixed-size (created by `table.intarray`/`numarray`/`slice`): no growth.
    pub fixed: bool,
    /// Element bits: i64 for `integer[]`, f64 bits for `number[]` (empty for a slice).
    pub data: Vec<u64>,
    /// A slice's array (kept alive by the GC); its storage never moves (fixed size).
    pub parent: Option<crate::gc::Gc<RaviArray>>,
    /// Start of the elements (slot 0) and their count including slot 0: `data`'s buffer,
    /// or a window of the parent's for a slice.
    pub ptr: *mut u64,
    pub n: usize,
    /// The array's own metatable (`setmetatable` on an array): `__name`, `__tostring`,
    /// `__gc`, arithmetic, `__call`... apply; `__index`, `__newindex` and `__len` are
    /// ignored (Ravi's manual). Marked by the collector; set through `set_metatable_of`.
    pub metatable: Option<crate::gc::Gc<crate::table::Table>>,
}

impl RaviArray {
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.n - 1
    }
    /// The elements, slot 0 first.
    #[inline(always)]
    pub fn elems(&self) -> &mut [u64] {
        // SAFETY: ptr/n describe live storage: our own Vec (re-derived after every growth)
        // or a window of a fixed-size parent kept alive through `parent`.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.n) }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Bytes accounted for the element storage.
    pub fn extra_bytes(&self) -> usize {
        self.data.capacity() * 8
    }
}

/// Is `v` an `integer[]` or a `number[]`?
#[inline(always)]
pub fn is_array(v: &Value) -> bool {
    v.tt == TAG_IARRAY || v.tt == TAG_FARRAY
}

/// The array object of an array value (caller checked `is_array`).
#[inline(always)]
#[allow(clippy::mut_from_ref)]
pub fn arr<'a>(v: &Value) -> &'a mut RaviArray {
    // SAFETY: the tag says the payload points to a live RaviArray (GC-managed, non-moving).
    unsafe { &mut *(v.gc_ptr() as *mut RaviArray) }
}

/// Creates an array of `len` elements all equal to `init` (bits), `flt` for `number[]`.
pub fn new_array(st: &mut State, flt: bool, len: usize, init: u64, fixed: bool) -> LResult<Value> {
    let g = st.global_mut();
    g.heap.charge((len + 1) * 8)?;
    let mut data = Vec::new();
    data.try_reserve_exact(len + 1).map_err(|_| crate::error::Error::Memory)?;
    data.push(0);
    data.resize(len + 1, init);
    let kind = if flt { KIND_FARRAY } else { KIND_IARRAY };
    let mut data = data;
    let (ptr, n) = (data.as_mut_ptr(), data.len());
    let a = g.heap.new_object(kind, RaviArray { hdr: GcHeader::default(), fixed, data, parent: None, ptr, n, metatable: None })?;
    Ok(Value::from_gc(a.as_header(), kind))
}

/// A fixed-size view of `len` elements of the fixed-size array `parent` starting at
/// element `start` (slot 0 of the view is element `start - 1`).
pub fn new_slice(st: &mut State, parent: &Value, start: usize, len: usize) -> LResult<Value> {
    let p = arr(parent);
    let ptr = unsafe { p.ptr.add(start - 1) };
    let pg: crate::gc::Gc<RaviArray> = crate::gc::Gc::from_header(parent.gc_ptr());
    let kind = parent.tt;
    let g = st.global_mut();
    let a = g.heap.new_object(
        kind,
        RaviArray { hdr: GcHeader::default(), fixed: true, data: Vec::new(), parent: Some(pg), ptr, n: len + 1, metatable: None },
    )?;
    Ok(Value::from_gc(a.as_header(), kind))
}

#[cold]
#[inline(never)]
pub fn out_of_bounds(st: &mut State) -> crate::error::Error {
    st.runtime_error("array out of bounds")
}

/// Integer value for an `integer[]` element: integers, floats with an exact integral value.
#[inline(always)]
pub fn elem_int(v: &Value) -> Option<i64> {
    match v.tt {
        TAG_INT => Some(v.ival()),
        TAG_FLOAT => crate::arith::float_to_int_exact(v.fval()),
        _ => None,
    }
}

/// Float value for a `number[]` element.
#[inline(always)]
pub fn elem_flt(v: &Value) -> Option<f64> {
    match v.tt {
        TAG_FLOAT => Some(v.fval()),
        TAG_INT => Some(v.ival() as f64),
        _ => None,
    }
}

/// Reads element `k` (0..=len); `None` when out of bounds.
#[inline(always)]
pub fn get(t: &Value, k: i64) -> Option<Value> {
    let a = arr(t);
    let bits = *a.elems().get(usize::try_from(k).ok()?)?;
    Some(if t.tt == TAG_IARRAY { Value::int(bits as i64) } else { Value::float(f64::from_bits(bits)) })
}

/// Appends `bits` at `k` if `k` is the length+1 slot of a growable array with spare
/// capacity: no reallocation, so `ptr` stays valid and no memory is charged. The
/// interpreter's inline path for arrays built up in a loop; false: use [`store_bits`].
#[inline(always)]
pub fn try_append(a: &mut RaviArray, k: i64, bits: u64) -> bool {
    if k as u64 == a.n as u64 && !a.fixed && a.data.len() < a.data.capacity() {
        debug_assert!(a.n == a.data.len() && a.ptr == a.data.as_mut_ptr());
        a.data.push(bits); // len < capacity: stays in place
        a.n = a.data.len();
        true
    } else {
        false
    }
}

/// Stores element bits at `k`: in 0..=len, or appends at len+1 when growable.
#[inline(always)]
pub fn store_bits(st: &mut State, t: &Value, k: i64, bits: u64) -> LResult<()> {
    let a = arr(t);
    let n = a.n as u64;
    if (k as u64) < n {
        a.elems()[k as usize] = bits;
        Ok(())
    } else if k as u64 == n && !a.fixed {
        let before = a.data.capacity();
        a.data.push(bits);
        a.ptr = a.data.as_mut_ptr();
        a.n = a.data.len();
        let grown = a.data.capacity() - before;
        if grown > 0 {
            st.global_mut().heap.charge(grown * 8)?;
        }
        Ok(())
    } else {
        Err(out_of_bounds(st))
    }
}

/// `t[k] = v` for a proven array `t` and integer `k`, value checked ("integer expected" /
/// "number expected").
pub fn set(st: &mut State, t: &Value, k: i64, v: &Value) -> LResult<()> {
    let bits = if t.tt == TAG_IARRAY {
        match elem_int(v) {
            Some(i) => i as u64,
            None => return Err(st.runtime_error("integer expected")),
        }
    } else {
        match elem_flt(v) {
            Some(f) => f.to_bits(),
            None => return Err(st.runtime_error("number expected")),
        }
    };
    store_bits(st, t, k, bits)
}

/// Integer key of a generic access (integers and integral floats).
fn key_int(k: &Value) -> Option<i64> {
    elem_int(k)
}

/// `t[k]` from untyped code (metamethod slow path): arrays ignore metamethods.
#[cold]
#[inline(never)]
pub fn generic_get(st: &mut State, t: &Value, k: &Value) -> LResult<Value> {
    match key_int(k) {
        // untyped reads past the end give nil (ipairs stops there); typed reads raise
        Some(i) => Ok(get(t, i).unwrap_or(Value::NIL)),
        None => Err(st.runtime_error("attempt to incorrectly index a table value")),
    }
}

/// `t[k] = v` from untyped code.
#[cold]
#[inline(never)]
pub fn generic_set(st: &mut State, t: &Value, k: &Value, v: &Value) -> LResult<()> {
    match key_int(k) {
        Some(i) => set(st, t, i, v),
        None => Err(st.runtime_error("attempt to incorrectly index a table value")),
    }
}

/// Raw read used by iteration (`ipairs`, `next`): `None` past the end (not an error).
pub fn get_in_range(t: &Value, k: i64) -> Option<Value> {
    if k >= 1 && (k as usize) <= arr(t).len() {
        get(t, k)
    } else {
        None
    }
}

/// `#t`.
#[inline(always)]
pub fn length(t: &Value) -> i64 {
    arr(t).len() as i64
}

/// ArraySetList: stores `n` values from stack index `ra + 1` at positions
/// `(c - 1) * FPF + 1 ...` with conversion ("value cannot be converted to integer").
#[cold]
#[inline(never)]
pub fn set_list(st: &mut State, ra: usize, mut n: usize, c: usize) -> LResult<()> {
    if n == 0 {
        n = st.top - ra - 1;
    }
    let t = st.stack[ra];
    let first = (c - 1) * ravi_parser::bytecode::FIELDS_PER_FLUSH as usize + 1;
    for j in 0..n {
        let v = st.stack[ra + 1 + j];
        let bits = if t.tt == TAG_IARRAY {
            match elem_int(&v) {
                Some(i) => i as u64,
                None => return Err(st.runtime_error("value cannot be converted to integer")),
            }
        } else {
            match elem_flt(&v) {
                Some(f) => f.to_bits(),
                None => return Err(st.runtime_error("value cannot be converted to number")),
            }
        };
        store_bits(st, &t, (first + j) as i64, bits)?;
    }
    Ok(())
}
