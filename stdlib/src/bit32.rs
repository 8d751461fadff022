//! The bit32 library (lbitlib.c of Lua 5.3.6, compiled in by LUA_COMPAT_BITLIB as in
//! Debian's lua5.3): 32-bit operations on integers; arguments are checked with
//! `check_integer` (so "number has no integer representation" for 1.5) and results are
//! non-negative integers in [0, 2^32).
//!
//! Owns: the `bit32` table only. `no_std`.

use ravi_vm::state::State;
use ravi_vm::LResult;

const NBITS: i64 = 32;
const ALLONES: u64 = 0xffff_ffff;

#[inline]
fn trim(x: u64) -> u64 {
    x & ALLONES
}

/// mask(n): `n` ones (1 <= n <= 32).
#[inline]
fn mask(n: i64) -> u64 {
    !shl(ALLONES << 1, n - 1)
}

#[inline]
fn shl(x: u64, n: i64) -> u64 {
    if (0..64).contains(&n) { x << n } else { 0 }
}

#[inline]
fn shr(x: u64, n: i64) -> u64 {
    if (0..64).contains(&n) { x >> n } else { 0 }
}

fn checkunsigned(st: &mut State, i: i32) -> LResult<u64> {
    Ok(st.check_integer(i)? as u64)
}

fn push_unsigned(st: &mut State, r: u64) -> LResult<usize> {
    st.push_integer(r as i64)?;
    Ok(1)
}

fn andaux(st: &mut State) -> LResult<u64> {
    let n = st.get_top() as i32;
    let mut r = !0u64;
    for i in 1..=n {
        r &= checkunsigned(st, i)?;
    }
    Ok(trim(r))
}

fn b_and(st: &mut State) -> LResult<usize> {
    let r = andaux(st)?;
    push_unsigned(st, r)
}

fn b_test(st: &mut State) -> LResult<usize> {
    let r = andaux(st)?;
    st.push_bool(r != 0)?;
    Ok(1)
}

fn b_or(st: &mut State) -> LResult<usize> {
    let n = st.get_top() as i32;
    let mut r = 0u64;
    for i in 1..=n {
        r |= checkunsigned(st, i)?;
    }
    push_unsigned(st, trim(r))
}

fn b_xor(st: &mut State) -> LResult<usize> {
    let n = st.get_top() as i32;
    let mut r = 0u64;
    for i in 1..=n {
        r ^= checkunsigned(st, i)?;
    }
    push_unsigned(st, trim(r))
}

fn b_not(st: &mut State) -> LResult<usize> {
    let r = !checkunsigned(st, 1)?;
    push_unsigned(st, trim(r))
}

fn b_shift(st: &mut State, mut r: u64, i: i64) -> LResult<usize> {
    if i < 0 {
        // shift right
        let i = i.wrapping_neg();
        r = trim(r);
        if i >= NBITS || i < 0 {
            r = 0;
        } else {
            r >>= i;
        }
    } else {
        // shift left
        if i >= NBITS {
            r = 0;
        } else {
            r <<= i;
        }
        r = trim(r);
    }
    push_unsigned(st, r)
}

fn b_lshift(st: &mut State) -> LResult<usize> {
    let r = checkunsigned(st, 1)?;
    let i = st.check_integer(2)?;
    b_shift(st, r, i)
}

fn b_rshift(st: &mut State) -> LResult<usize> {
    let r = checkunsigned(st, 1)?;
    let i = st.check_integer(2)?;
    b_shift(st, r, i.wrapping_neg())
}

fn b_arshift(st: &mut State) -> LResult<usize> {
    let r = checkunsigned(st, 1)?;
    let i = st.check_integer(2)?;
    if i < 0 || r & (1u64 << (NBITS - 1)) == 0 {
        b_shift(st, r, i.wrapping_neg())
    } else {
        // arithmetic shift for 'negative' number
        let r = if i >= NBITS { ALLONES } else { trim((r >> i) | !(trim(!0u64) >> i)) };
        push_unsigned(st, r)
    }
}

fn b_rot(st: &mut State, d: i64) -> LResult<usize> {
    let mut r = checkunsigned(st, 1)?;
    let i = d & (NBITS - 1);
    r = trim(r);
    if i != 0 {
        r = (r << i) | (r >> (NBITS - i));
    }
    push_unsigned(st, trim(r))
}

fn b_lrot(st: &mut State) -> LResult<usize> {
    let d = st.check_integer(2)?;
    b_rot(st, d)
}

fn b_rrot(st: &mut State) -> LResult<usize> {
    let d = st.check_integer(2)?;
    b_rot(st, d.wrapping_neg())
}

/// Checks field/width arguments at `farg`, `farg+1`; returns (field, width).
fn fieldargs(st: &mut State, farg: i32) -> LResult<(i64, i64)> {
    let f = st.check_integer(farg)?;
    let w = st.opt_integer(farg + 1, 1)?;
    if f < 0 {
        return Err(st.arg_error(farg, "field cannot be negative"));
    }
    if w <= 0 {
        return Err(st.arg_error(farg + 1, "width must be positive"));
    }
    // C computes f + w in lua_Integer (overflow wraps in practice) and then uses
    // (int) casts; shifts out of range give 0 here instead of undefined behaviour.
    if f.wrapping_add(w) > NBITS {
        return Err(st.error_str("trying to access non-existent bits"));
    }
    Ok((f as i32 as i64, w as i32 as i64))
}

fn b_extract(st: &mut State) -> LResult<usize> {
    let r = trim(checkunsigned(st, 1)?);
    let (f, w) = fieldargs(st, 2)?;
    push_unsigned(st, shr(r, f) & mask(w))
}

fn b_replace(st: &mut State) -> LResult<usize> {
    let r = trim(checkunsigned(st, 1)?);
    let v = trim(checkunsigned(st, 2)?);
    let (f, w) = fieldargs(st, 3)?;
    let m = mask(w);
    push_unsigned(st, (r & !shl(m, f)) | shl(v & m, f))
}

/// luaopen_bit32.
pub fn open_bit32(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("arshift", b_arshift),
        ("band", b_and),
        ("bnot", b_not),
        ("bor", b_or),
        ("bxor", b_xor),
        ("btest", b_test),
        ("extract", b_extract),
        ("lrotate", b_lrot),
        ("lshift", b_lshift),
        ("replace", b_replace),
        ("rrotate", b_rrot),
        ("rshift", b_rshift),
    ])?;
    Ok(1)
}
