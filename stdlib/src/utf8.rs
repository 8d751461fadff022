//! The utf8 library (lutf8lib.c of Lua 5.3): char, charpattern, codes, codepoint, len,
//! offset.
//!
//! Owns: these functions only; written against `ravi_vm::api`. Validation is 5.3's, not
//! 5.4's: code points up to 0x10FFFF only (`utf8.char(0x110000)` is "value out of range"),
//! sequences of at most 4 bytes, overlong encodings rejected, surrogates accepted; the
//! decoder reads the byte after the end of a string as the terminating NUL of a C string.

use alloc::vec::Vec;
use ravi_vm::state::State;
use ravi_vm::LResult;

const MAXUNICODE: u32 = 0x10FFFF;
const INT_MAX: i64 = i32::MAX as i64;

/// The pattern matching exactly one UTF-8 byte sequence (UTF8PATT).
pub const CHARPATTERN: &[u8] = b"[\x00-\x7F\xC2-\xF4][\x80-\xBF]*";

#[inline]
fn byte_at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

#[inline]
fn iscont(s: &[u8], i: usize) -> bool {
    byte_at(s, i) & 0xC0 == 0x80
}

/// u_posrelat.
fn u_posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

/// `utf8_decode`: decodes the sequence at `s[i..]`; returns (code, index after it), or None
/// for an invalid sequence.
pub fn utf8_decode(s: &[u8], i: usize) -> Option<(u32, usize)> {
    const LIMITS: [u32; 4] = [0xFF, 0x7F, 0x7FF, 0xFFFF];
    let mut c = byte_at(s, i) as u32;
    let mut res: u32 = 0;
    if c < 0x80 {
        return Some((c, i + 1));
    }
    let mut count = 0usize;
    while c & 0x40 != 0 {
        count += 1;
        let cc = byte_at(s, i + count) as u32;
        if cc & 0xC0 != 0x80 {
            return None;
        }
        res = (res << 6) | (cc & 0x3F);
        c <<= 1;
    }
    if count > 3 {
        return None;
    }
    res |= (c & 0x7F) << (count * 5);
    if res > MAXUNICODE || res <= LIMITS[count] {
        return None;
    }
    Some((res, i + count + 1))
}

/// luaO_utf8esc: appends the UTF-8 encoding of `x` (<= 0x7FFFFFFF).
pub fn utf8_encode(out: &mut Vec<u8>, mut x: u32) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 1;
    let mut mfb: u32 = 0x3f;
    loop {
        buf[8 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        mfb >>= 1;
        if x <= mfb {
            break;
        }
    }
    buf[8 - n] = ((!mfb << 1) | x) as u8;
    out.extend_from_slice(&buf[8 - n..]);
}

/// utf8.len(s [, i [, j]]).
fn utflen(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let b = s.bytes();
    let len = b.len();
    let mut posi = u_posrelat(st.opt_integer(2, 1)?, len);
    let mut posj = u_posrelat(st.opt_integer(3, -1)?, len);
    if !(1 <= posi && {
        posi -= 1;
        posi <= len as i64
    }) {
        return Err(st.arg_error(2, "initial position out of string"));
    }
    posj -= 1;
    if posj >= len as i64 {
        return Err(st.arg_error(3, "final position out of string"));
    }
    let mut n: i64 = 0;
    while posi <= posj {
        match utf8_decode(b, posi as usize) {
            None => {
                st.push_nil()?;
                st.push_integer(posi + 1)?;
                return Ok(2);
            }
            Some((_, next)) => posi = next as i64,
        }
        n += 1;
    }
    st.push_integer(n)?;
    Ok(1)
}

/// utf8.codepoint(s [, i [, j]]).
fn codepoint(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let b = s.bytes();
    let len = b.len();
    let posi = u_posrelat(st.opt_integer(2, 1)?, len);
    let pose = u_posrelat(st.opt_integer(3, posi)?, len);
    if posi < 1 {
        return Err(st.arg_error(2, "out of range"));
    }
    if pose > len as i64 {
        return Err(st.arg_error(3, "out of range"));
    }
    if posi > pose {
        return Ok(0);
    }
    if pose - posi >= INT_MAX {
        return Err(st.error_str("string slice too long"));
    }
    let n = (pose - posi) as usize + 1;
    st.check_stack_api(n, "string slice too long")?;
    let se = pose as usize;
    let mut i = posi as usize - 1;
    let mut count = 0;
    while i < se {
        match utf8_decode(b, i) {
            None => return Err(st.error_str("invalid UTF-8 code")),
            Some((code, next)) => {
                st.push_integer(code as i64)?;
                i = next;
                count += 1;
            }
        }
    }
    Ok(count)
}

/// utf8.char(...).
fn utfchar(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    let mut out = Vec::new();
    for i in 1..=n {
        let code = st.check_integer(i as i32)?;
        if !(0..=MAXUNICODE as i64).contains(&code) {
            return Err(st.arg_error(i as i32, "value out of range"));
        }
        utf8_encode(&mut out, code as u32);
    }
    st.push_bytes(&out)?;
    Ok(1)
}

/// utf8.offset(s, n [, i]).
fn byteoffset(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let b = s.bytes();
    let len = b.len();
    let mut n = st.check_integer(2)?;
    let def = if n >= 0 { 1 } else { len as i64 + 1 };
    let mut posi = u_posrelat(st.opt_integer(3, def)?, len);
    if !(1 <= posi && {
        posi -= 1;
        posi <= len as i64
    }) {
        return Err(st.arg_error(3, "position out of range"));
    }
    let mut p = posi as usize;
    if n == 0 {
        while p > 0 && iscont(b, p) {
            p -= 1;
        }
    } else {
        if iscont(b, p) {
            return Err(st.error_str("initial position is a continuation byte"));
        }
        if n < 0 {
            while n < 0 && p > 0 {
                loop {
                    p -= 1;
                    if !(p > 0 && iscont(b, p)) {
                        break;
                    }
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && p < len {
                loop {
                    p += 1;
                    if !iscont(b, p) {
                        break;
                    }
                }
                n -= 1;
            }
        }
    }
    if n == 0 {
        st.push_integer(p as i64 + 1)?;
    } else {
        st.push_nil()?;
    }
    Ok(1)
}

/// The iterator of utf8.codes.
fn iter_aux(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let b = s.bytes();
    let len = b.len() as i64;
    let mut n = st.to_integer(2).unwrap_or(0).wrapping_sub(1);
    if n < 0 {
        n = 0;
    } else if n < len {
        n += 1;
        while iscont(b, n as usize) {
            n += 1;
        }
    }
    if n >= len {
        return Ok(0);
    }
    match utf8_decode(b, n as usize) {
        Some((code, next)) if !iscont(b, next) => {
            st.push_integer(n + 1)?;
            st.push_integer(code as i64)?;
            Ok(2)
        }
        _ => Err(st.error_str("invalid UTF-8 code")),
    }
}

/// utf8.codes(s).
fn iter_codes(st: &mut State) -> LResult<usize> {
    st.check_string(1)?;
    st.push_fn(iter_aux)?;
    st.push_value(1)?;
    st.push_integer(0)?;
    Ok(3)
}

/// luaopen_utf8.
pub fn open_utf8(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("offset", byteoffset),
        ("codepoint", codepoint),
        ("char", utfchar),
        ("len", utflen),
        ("codes", iter_codes),
    ])?;
    st.push_bytes(CHARPATTERN)?;
    st.set_field(-2, "charpattern")?;
    Ok(1)
}
