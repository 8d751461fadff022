//! `string.pack`, `string.packsize` and `string.unpack` of Lua 5.3 (lstrlib.c) as pure
//! functions, VM-independent.
//!
//! Owns: the format language (`< > = ! [n] b B h H l L j J T i[n] I[n] f d n s[n] z x
//! X<op> c<n>` and spaces; the format string ends at its first NUL, as a C string), the
//! alignment rules (`!` sets the maximum alignment, default 1 / native 8; an option is
//! aligned to min(its size, maxalign), which must be a power of two; `X` aligns to its
//! next option), integer range checks and sign extension (up to 16-byte integers),
//! float conversion (f32/f64, with NaN sign and payload kept as the x86-64/AArch64
//! hardware conversions do), and 5.3.6's error messages. Native endianness and sizes are
//! those of 64-bit Linux (int 4, short 2, long 8, size_t 8, max alignment 8).
//!
//! Deliberate differences from lua5.3: `unpack` of an `s[n]` length near 2^64 reports
//! "data string too short" (5.3.6's check wraps around and dies with a memory error); a
//! result that cannot be allocated is [`PackError::Memory`] rather than a process abort.
//!
//! The VM wrapper implements [`PackArgs`] (luaL_checkinteger / luaL_checknumber /
//! luaL_checklstring on its stack; the format string is argument 1, values start at 2) or
//! uses [`ValueArgs`] over a slice of [`PackValue`], and maps a [`PackError`]:
//! `BadArg { arg, msg }` -> "bad argument #arg to 'pack' (msg)", `Error(msg)` ->
//! `luaL_error(msg)`, `Memory` -> the "not enough memory" error, `Arg(e)` -> its own error.
//! `unpack` returns the values and the next position (1-based), as `string.unpack` does.

use alloc::string::String;
use alloc::vec::Vec;
use ravi_parser::number::{float_to_lua_string, int_to_lua_string, str2number, Number};

/// A value given to `pack` or returned by `unpack`.
#[derive(Clone, Debug, PartialEq)]
pub enum PackValue {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

/// Access to `string.pack`'s arguments by Lua argument index (2 = first value).
pub trait PackArgs {
    type Error;
    /// `luaL_checkinteger(i)`.
    fn int(&mut self, i: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber(i)`.
    fn float(&mut self, i: usize) -> Result<f64, Self::Error>;
    /// `luaL_checklstring(i)` (numbers converted as tostring does).
    fn string(&mut self, i: usize) -> Result<Vec<u8>, Self::Error>;
}

/// [`PackArgs`] over a slice of values (element 0 is argument 2), with Lua's coercions.
/// Errors are the parenthesised part of the message, e.g. "number expected, got no value".
pub struct ValueArgs<'a>(pub &'a [PackValue]);

impl PackArgs for ValueArgs<'_> {
    type Error = String;
    fn int(&mut self, i: usize) -> Result<i64, String> {
        let f = match self.0.get(i.wrapping_sub(2)) {
            None => return Err(String::from("number expected, got no value")),
            Some(PackValue::Int(n)) => return Ok(*n),
            Some(PackValue::Float(f)) => *f,
            Some(PackValue::Str(s)) => match str2number(s) {
                Some(Number::Int(n)) => return Ok(n),
                Some(Number::Float(f)) => f,
                None => return Err(String::from("number expected, got string")),
            },
        };
        if (-9223372036854775808.0..9223372036854775808.0).contains(&f) && f == libm::floor(f) {
            Ok(f as i64)
        } else {
            Err(String::from("number has no integer representation"))
        }
    }
    fn float(&mut self, i: usize) -> Result<f64, String> {
        match self.0.get(i.wrapping_sub(2)) {
            None => Err(String::from("number expected, got no value")),
            Some(PackValue::Int(n)) => Ok(*n as f64),
            Some(PackValue::Float(f)) => Ok(*f),
            Some(PackValue::Str(s)) => match str2number(s) {
                Some(Number::Int(n)) => Ok(n as f64),
                Some(Number::Float(f)) => Ok(f),
                None => Err(String::from("number expected, got string")),
            },
        }
    }
    fn string(&mut self, i: usize) -> Result<Vec<u8>, String> {
        match self.0.get(i.wrapping_sub(2)) {
            None => Err(String::from("string expected, got no value")),
            Some(PackValue::Int(n)) => Ok(int_to_lua_string(*n)),
            Some(PackValue::Float(f)) => Ok(float_to_lua_string(*f)),
            Some(PackValue::Str(s)) => Ok(s.clone()),
        }
    }
}

/// An error of [`pack`], [`packsize`] or [`unpack`].
#[derive(Clone, Debug, PartialEq)]
pub enum PackError<E> {
    /// Fetching an argument failed (the wrapper's error, passed through).
    Arg(E),
    /// `luaL_argerror(arg, msg)`.
    BadArg { arg: usize, msg: &'static str },
    /// `luaL_error(msg)`.
    Error(String),
    /// The result could not be allocated.
    Memory,
}

/// Maximum size of a packed integer.
const MAXINTSIZE: usize = 16;
/// sizeof(lua_Integer).
const SZINT: usize = 8;
/// Native maximum alignment (offsetof(struct cD, u)).
const MAXALIGN: usize = 8;
/// MAXSIZE of lstrlib.c on 64-bit: INT_MAX.
const MAXSIZE: usize = i32::MAX as usize;
const NATIVE_LITTLE: bool = cfg!(target_endian = "little");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KOption {
    Int,
    Uint,
    Float,
    Char,
    String,
    Zstr,
    Padding,
    Paddalign,
    Nop,
}

struct Header {
    little: bool,
    maxalign: usize,
}

struct Fmt<'a> {
    f: &'a [u8],
    p: usize,
}

impl Fmt<'_> {
    fn peek(&self) -> u8 {
        self.f.get(self.p).copied().unwrap_or(0)
    }
    fn at_end(&self) -> bool {
        self.peek() == 0
    }
}

fn pushf_char(s: &mut String, c: u8) {
    if (32..127).contains(&c) {
        s.push(c as char);
    } else {
        s.push_str("<\\");
        push_num(s, c as i64);
        s.push('>');
    }
}

fn push_num(s: &mut String, n: i64) {
    let v = int_to_lua_string(n);
    s.push_str(core::str::from_utf8(&v).unwrap_or("?"));
}

/// `getnum`: a numeral, or `df` if none (stops reading before it could overflow an int).
fn getnum(fmt: &mut Fmt<'_>, df: i64) -> i64 {
    if !fmt.peek().is_ascii_digit() {
        return df;
    }
    let mut a: i64 = 0;
    loop {
        a = a * 10 + (fmt.peek() - b'0') as i64;
        fmt.p += 1;
        if !(fmt.peek().is_ascii_digit() && a <= (MAXSIZE as i64 - 9) / 10) {
            return a;
        }
    }
}

fn getnumlimit<E>(fmt: &mut Fmt<'_>, df: i64) -> Result<usize, PackError<E>> {
    let sz = getnum(fmt, df);
    if sz > MAXINTSIZE as i64 || sz <= 0 {
        let mut m = String::from("integral size (");
        push_num(&mut m, sz);
        m.push_str(") out of limits [1,16]");
        return Err(PackError::Error(m));
    }
    Ok(sz as usize)
}

/// `getoption`: the next option and its size.
fn getoption<E>(h: &mut Header, fmt: &mut Fmt<'_>) -> Result<(KOption, usize), PackError<E>> {
    let opt = fmt.peek();
    fmt.p += 1;
    Ok(match opt {
        b'b' => (KOption::Int, 1),
        b'B' => (KOption::Uint, 1),
        b'h' => (KOption::Int, 2),
        b'H' => (KOption::Uint, 2),
        b'l' | b'j' => (KOption::Int, 8),
        b'L' | b'J' | b'T' => (KOption::Uint, 8),
        b'f' => (KOption::Float, 4),
        b'd' | b'n' => (KOption::Float, 8),
        b'i' => (KOption::Int, getnumlimit(fmt, 4)?),
        b'I' => (KOption::Uint, getnumlimit(fmt, 4)?),
        b's' => (KOption::String, getnumlimit(fmt, 8)?),
        b'c' => {
            let sz = getnum(fmt, -1);
            if sz == -1 {
                return Err(PackError::Error(String::from("missing size for format option 'c'")));
            }
            (KOption::Char, sz as usize)
        }
        b'z' => (KOption::Zstr, 0),
        b'x' => (KOption::Padding, 1),
        b'X' => (KOption::Paddalign, 0),
        b' ' => (KOption::Nop, 0),
        b'<' => {
            h.little = true;
            (KOption::Nop, 0)
        }
        b'>' => {
            h.little = false;
            (KOption::Nop, 0)
        }
        b'=' => {
            h.little = NATIVE_LITTLE;
            (KOption::Nop, 0)
        }
        b'!' => {
            h.maxalign = getnumlimit(fmt, MAXALIGN as i64)?;
            (KOption::Nop, 0)
        }
        c => {
            let mut m = String::from("invalid format option '");
            pushf_char(&mut m, c);
            m.push('\'');
            return Err(PackError::Error(m));
        }
    })
}

/// `getdetails`: option, size and padding needed to align it at `totalsize`.
fn getdetails<E>(h: &mut Header, totalsize: usize, fmt: &mut Fmt<'_>) -> Result<(KOption, usize, usize), PackError<E>> {
    let (opt, size) = getoption(h, fmt)?;
    let mut align = size;
    if opt == KOption::Paddalign {
        let bad = if fmt.at_end() {
            true
        } else {
            let (next, nsize) = getoption(h, fmt)?;
            align = nsize;
            next == KOption::Char || align == 0
        };
        if bad {
            return Err(PackError::BadArg {
                arg: 1,
                msg: "invalid next option for option 'X'",
            });
        }
    }
    let ntoalign = if align <= 1 || opt == KOption::Char {
        0
    } else {
        if align > h.maxalign {
            align = h.maxalign;
        }
        if align & (align - 1) != 0 {
            return Err(PackError::BadArg {
                arg: 1,
                msg: "format asks for alignment not power of 2",
            });
        }
        (align - (totalsize & (align - 1))) & (align - 1)
    };
    Ok((opt, size, ntoalign))
}

fn reserve<E>(out: &mut Vec<u8>, n: usize) -> Result<(), PackError<E>> {
    out.try_reserve(n).map_err(|_| PackError::Memory)
}

fn packint(out: &mut Vec<u8>, n: u64, little: bool, size: usize, neg: bool) {
    let start = out.len();
    for i in 0..size {
        let byte = if i < SZINT {
            (n >> (8 * i)) as u8
        } else if neg {
            0xff
        } else {
            0
        };
        out.push(byte);
    }
    if !little {
        out[start..].reverse();
    }
}

fn put_bytes(out: &mut Vec<u8>, le_bytes: &[u8], little: bool) {
    if little {
        out.extend_from_slice(le_bytes);
    } else {
        out.extend(le_bytes.iter().rev());
    }
}

/// f64 -> f32 as the hardware conversion does (round to nearest; NaN keeps its sign and
/// the top bits of its payload, quieted).
fn to_f32_bits(v: f64) -> u32 {
    if v.is_nan() {
        let b = v.to_bits();
        let sign = ((b >> 63) as u32) << 31;
        sign | 0x7fc0_0000 | ((b >> 29) as u32 & 0x003f_ffff)
    } else {
        (v as f32).to_bits()
    }
}

fn from_f32_bits(b: u32) -> f64 {
    let f = f32::from_bits(b);
    if f.is_nan() {
        let sign = ((b >> 31) as u64) << 63;
        f64::from_bits(sign | 0x7ff8_0000_0000_0000 | (((b & 0x003f_ffff) as u64) << 29))
    } else {
        f as f64
    }
}

/// The format string as C sees it (up to the first NUL).
fn cstr(fmt: &[u8]) -> &[u8] {
    match fmt.iter().position(|&c| c == 0) {
        Some(i) => &fmt[..i],
        None => fmt,
    }
}

/// `string.pack(fmt, ...)`.
pub fn pack<A: PackArgs>(fmt: &[u8], args: &mut A) -> Result<Vec<u8>, PackError<A::Error>> {
    let mut h = Header {
        little: NATIVE_LITTLE,
        maxalign: 1,
    };
    let mut f = Fmt { f: cstr(fmt), p: 0 };
    let mut out: Vec<u8> = Vec::new();
    let mut arg = 1usize;
    let mut totalsize = 0usize;
    while !f.at_end() {
        let (opt, size, ntoalign) = getdetails(&mut h, totalsize, &mut f)?;
        totalsize = totalsize.saturating_add(ntoalign).saturating_add(size);
        reserve(&mut out, ntoalign)?;
        out.resize(out.len() + ntoalign, 0);
        arg += 1;
        match opt {
            KOption::Int => {
                let n = args.int(arg).map_err(PackError::Arg)?;
                if size < SZINT {
                    let lim: i64 = 1i64 << (size * 8 - 1);
                    if !(-lim <= n && n < lim) {
                        return Err(PackError::BadArg {
                            arg,
                            msg: "integer overflow",
                        });
                    }
                }
                reserve(&mut out, size)?;
                packint(&mut out, n as u64, h.little, size, n < 0);
            }
            KOption::Uint => {
                let n = args.int(arg).map_err(PackError::Arg)?;
                if size < SZINT && (n as u64) >= (1u64 << (size * 8)) {
                    return Err(PackError::BadArg {
                        arg,
                        msg: "unsigned overflow",
                    });
                }
                reserve(&mut out, size)?;
                packint(&mut out, n as u64, h.little, size, false);
            }
            KOption::Float => {
                let v = args.float(arg).map_err(PackError::Arg)?;
                if size == 4 {
                    put_bytes(&mut out, &to_f32_bits(v).to_le_bytes(), h.little);
                } else {
                    put_bytes(&mut out, &v.to_bits().to_le_bytes(), h.little);
                }
            }
            KOption::Char => {
                let s = args.string(arg).map_err(PackError::Arg)?;
                if s.len() > size {
                    return Err(PackError::BadArg {
                        arg,
                        msg: "string longer than given size",
                    });
                }
                reserve(&mut out, size)?;
                out.extend_from_slice(&s);
                out.resize(out.len() + (size - s.len()), 0);
            }
            KOption::String => {
                let s = args.string(arg).map_err(PackError::Arg)?;
                if !(size >= 8 || (s.len() as u64) < (1u64 << (size * 8))) {
                    return Err(PackError::BadArg {
                        arg,
                        msg: "string length does not fit in given size",
                    });
                }
                reserve(&mut out, size.saturating_add(s.len()))?;
                packint(&mut out, s.len() as u64, h.little, size, false);
                out.extend_from_slice(&s);
                totalsize = totalsize.saturating_add(s.len());
            }
            KOption::Zstr => {
                let s = args.string(arg).map_err(PackError::Arg)?;
                if s.contains(&0) {
                    return Err(PackError::BadArg {
                        arg,
                        msg: "string contains zeros",
                    });
                }
                reserve(&mut out, s.len().saturating_add(1))?;
                out.extend_from_slice(&s);
                out.push(0);
                totalsize = totalsize.saturating_add(s.len() + 1);
            }
            KOption::Padding => {
                out.push(0);
                arg -= 1;
            }
            KOption::Paddalign | KOption::Nop => arg -= 1,
        }
    }
    Ok(out)
}

/// `string.packsize(fmt)`.
pub fn packsize(fmt: &[u8]) -> Result<i64, PackError<core::convert::Infallible>> {
    let mut h = Header {
        little: NATIVE_LITTLE,
        maxalign: 1,
    };
    let mut f = Fmt { f: cstr(fmt), p: 0 };
    let mut totalsize = 0usize;
    while !f.at_end() {
        let (opt, size, ntoalign) = getdetails(&mut h, totalsize, &mut f)?;
        if opt == KOption::String || opt == KOption::Zstr {
            return Err(PackError::BadArg {
                arg: 1,
                msg: "variable-length format",
            });
        }
        let size = size + ntoalign;
        if size > MAXSIZE || totalsize > MAXSIZE - size {
            return Err(PackError::BadArg {
                arg: 1,
                msg: "format result too large",
            });
        }
        totalsize += size;
    }
    Ok(totalsize as i64)
}

fn unpackint<E>(data: &[u8], little: bool, size: usize, signed: bool) -> Result<i64, PackError<E>> {
    let byte = |i: usize| -> u8 {
        if little {
            data[i]
        } else {
            data[size - 1 - i]
        }
    };
    let limit = size.min(SZINT);
    let mut res: u64 = 0;
    for i in (0..limit).rev() {
        res = (res << 8) | byte(i) as u64;
    }
    if size < SZINT {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > SZINT {
        let mask: u8 = if !signed || (res as i64) >= 0 { 0 } else { 0xff };
        for i in limit..size {
            if byte(i) != mask {
                let mut m = String::new();
                push_num(&mut m, size as i64);
                m.push_str("-byte integer does not fit into Lua Integer");
                return Err(PackError::Error(m));
            }
        }
    }
    Ok(res as i64)
}

/// `string.unpack(fmt, data, init)`: `init` is the Lua argument (1 when absent). Returns
/// the values and the position after the last one read (1-based).
pub fn unpack(
    fmt: &[u8],
    data: &[u8],
    init: i64,
) -> Result<(Vec<PackValue>, i64), PackError<core::convert::Infallible>> {
    let ld = data.len();
    // posrelat, then -1 (as size_t)
    let rel: u64 = if init >= 0 {
        init as u64
    } else if init.unsigned_abs() > ld as u64 {
        0
    } else {
        (ld as i64 + init + 1) as u64
    };
    let pos = rel.wrapping_sub(1);
    if pos > ld as u64 {
        return Err(PackError::BadArg {
            arg: 3,
            msg: "initial position out of string",
        });
    }
    let mut pos = pos as usize;
    let mut h = Header {
        little: NATIVE_LITTLE,
        maxalign: 1,
    };
    let mut f = Fmt { f: cstr(fmt), p: 0 };
    let mut out = Vec::new();
    while !f.at_end() {
        let (opt, size, ntoalign) = getdetails(&mut h, pos, &mut f)?;
        let need = ntoalign.checked_add(size).and_then(|n| n.checked_add(pos));
        match need {
            Some(end) if end <= ld => {}
            _ => {
                return Err(PackError::BadArg {
                    arg: 2,
                    msg: "data string too short",
                })
            }
        }
        pos += ntoalign;
        let item = &data[pos..pos + size];
        match opt {
            KOption::Int | KOption::Uint => {
                out.push(PackValue::Int(unpackint(item, h.little, size, opt == KOption::Int)?));
            }
            KOption::Float => {
                let mut le = [0u8; 8];
                le[..size].copy_from_slice(item);
                if !h.little {
                    le[..size].reverse();
                }
                let v = if size == 4 {
                    from_f32_bits(u32::from_le_bytes([le[0], le[1], le[2], le[3]]))
                } else {
                    f64::from_bits(u64::from_le_bytes(le))
                };
                out.push(PackValue::Float(v));
            }
            KOption::Char => out.push(PackValue::Str(item.to_vec())),
            KOption::String => {
                let len = unpackint(item, h.little, size, false)? as u64;
                let start = pos + size;
                if len > (ld - start) as u64 {
                    return Err(PackError::BadArg {
                        arg: 2,
                        msg: "data string too short",
                    });
                }
                let len = len as usize;
                out.push(PackValue::Str(data[start..start + len].to_vec()));
                pos += len;
            }
            KOption::Zstr => {
                // strlen: lua5.3 reads up to the terminating NUL of the Lua string
                let len = data[pos..].iter().position(|&c| c == 0).unwrap_or(ld - pos);
                out.push(PackValue::Str(data[pos..pos + len].to_vec()));
                pos += len + 1;
            }
            KOption::Paddalign | KOption::Padding | KOption::Nop => {}
        }
        pos += size;
    }
    Ok((out, pos as i64 + 1))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use alloc::format;
    use alloc::vec;
    use PackValue::*;

    fn hex(b: &[u8]) -> String {
        let mut s = String::new();
        for &c in b {
            if c.is_ascii_alphanumeric() || c.is_ascii_punctuation() || c == b' ' {
                s.push(c as char);
            } else {
                s.push_str(&format!("\\x{:02x}", c));
            }
        }
        s
    }

    fn show_err<E: core::fmt::Debug>(e: PackError<E>, fname: &str) -> String {
        match e {
            PackError::Arg(m) => format!("ARG {:?}", m),
            PackError::BadArg { arg, msg } => format!("bad argument #{} to 'string.{}' ({})", arg, fname, msg),
            PackError::Error(m) => m,
            PackError::Memory => String::from("memory"),
        }
    }

    fn p(fmt: &str, vals: &[PackValue]) -> String {
        match pack(fmt.as_bytes(), &mut ValueArgs(vals)) {
            Ok(v) => format!("true {}", hex(&v)),
            Err(PackError::Arg(m)) => format!("false bad argument to 'string.pack' ({})", m),
            Err(e) => format!("false {}", show_err(e, "pack")),
        }
    }

    fn ps(fmt: &[u8]) -> String {
        match packsize(fmt) {
            Ok(n) => format!("true {}", n),
            Err(e) => format!("false {}", show_err(e, "packsize")),
        }
    }

    fn u(fmt: &str, data: &[u8], init: i64) -> String {
        match unpack(fmt.as_bytes(), data, init) {
            Ok((vals, next)) => {
                let mut s = String::from("true");
                for v in vals {
                    s.push(' ');
                    match v {
                        Int(n) => s.push_str(&format!("{}", n)),
                        Float(f) => s.push_str(core::str::from_utf8(&float_to_lua_string(f)).unwrap()),
                        Str(b) => s.push_str(&hex(&b)),
                    }
                }
                s.push_str(&format!(" {}", next));
                s
            }
            Err(e) => format!("false {}", show_err(e, "unpack")),
        }
    }

    #[test]
    fn packsize_vs_lua53() {
        assert_eq!(
            ps(b"s"),
            "false bad argument #1 to 'string.packsize' (variable-length format)"
        );
        assert_eq!(
            ps(b"z"),
            "false bad argument #1 to 'string.packsize' (variable-length format)"
        );
        assert_eq!(ps(b"c2147483647"), "false invalid format option '7'");
        assert_eq!(ps(b"c2147483640c8"), "false invalid format option '0'");
        assert_eq!(ps(b"i17"), "false integral size (17) out of limits [1,16]");
        assert_eq!(ps(b"i0"), "false integral size (0) out of limits [1,16]");
        assert_eq!(ps(b"c"), "false missing size for format option 'c'");
        assert_eq!(ps(b"y"), "false invalid format option 'y'");
        assert_eq!(ps(b"\x01"), "false invalid format option '<\\1>'");
        assert_eq!(ps(b"c99999999999"), "false invalid format option '9'");
        assert_eq!(
            ps(b"!3i4"),
            "false bad argument #1 to 'string.packsize' (format asks for alignment not power of 2)"
        );
        assert_eq!(
            ps(b"!4i3"),
            "false bad argument #1 to 'string.packsize' (format asks for alignment not power of 2)"
        );
        assert_eq!(ps(b"!8bXi8"), "true 8");
        assert_eq!(
            ps(b"bX"),
            "false bad argument #1 to 'string.packsize' (invalid next option for option 'X')"
        );
        assert_eq!(
            ps(b"bXc1"),
            "false bad argument #1 to 'string.packsize' (invalid next option for option 'X')"
        );
        assert_eq!(ps(b"bXc"), "false missing size for format option 'c'");
        assert_eq!(
            ps(b"bX<"),
            "false bad argument #1 to 'string.packsize' (invalid next option for option 'X')"
        );
        assert_eq!(ps(b"!bXi"), "true 4");
        assert_eq!(ps(b"!2bXi"), "true 2");
        assert_eq!(ps(b"b\0b"), "true 1");
        assert_eq!(ps(b""), "true 0");
        assert_eq!(ps(b"i3i3"), "true 6");
        assert_eq!(
            ps(b"!i3"),
            "false bad argument #1 to 'string.packsize' (format asks for alignment not power of 2)"
        );
        assert_eq!(ps(b"bhijlLnfdTJ"), "true 67");
        assert_eq!(ps(b"!bhijlLnfdTJ"), "true 72");
        assert_eq!(ps(b"!4 i16 b i16"), "true 36");
        assert_eq!(ps(b"c214748363c214748363"), "true 429496726");
        let big = b"c200000000c200000000c200000000c200000000c200000000c200000000c200000000c200000000c200000000c200000000c147483647";
        assert_eq!(ps(big), "true 2147483647");
        let mut big2 = big.to_vec();
        big2.push(b'b');
        assert_eq!(
            ps(&big2),
            "false bad argument #1 to 'string.packsize' (format result too large)"
        );
    }

    #[test]
    fn pack_vs_lua53() {
        assert_eq!(
            p("i1", &[Int(128)]),
            "false bad argument #2 to 'string.pack' (integer overflow)"
        );
        assert_eq!(
            p("I1", &[Int(256)]),
            "false bad argument #2 to 'string.pack' (unsigned overflow)"
        );
        assert_eq!(
            p("I1", &[Int(-1)]),
            "false bad argument #2 to 'string.pack' (unsigned overflow)"
        );
        assert_eq!(
            p("i16", &[Int(-2)]),
            "true \\xfe\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff"
        );
        assert_eq!(
            p(">i16", &[Int(-2)]),
            "true \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe"
        );
        assert_eq!(
            p("I16", &[Int(-2)]),
            "true \\xfe\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
        );
        assert_eq!(
            p("s1", &[Str(vec![b'x'; 256])]),
            "false bad argument #2 to 'string.pack' (string length does not fit in given size)"
        );
        assert_eq!(
            p("c2", &[Str(b"abc".to_vec())]),
            "false bad argument #2 to 'string.pack' (string longer than given size)"
        );
        assert_eq!(
            p("z", &[Str(b"a\0b".to_vec())]),
            "false bad argument #2 to 'string.pack' (string contains zeros)"
        );
        assert_eq!(
            p("i", &[Float(1.5)]),
            "false bad argument to 'string.pack' (number has no integer representation)"
        );
        assert_eq!(
            p("d", &[Str(b"x".to_vec())]),
            "false bad argument to 'string.pack' (number expected, got string)"
        );
        assert_eq!(
            p("bb", &[Int(1)]),
            "false bad argument to 'string.pack' (number expected, got no value)"
        );
        assert_eq!(
            p("!4 b i4 h >i4 <I2 =j f d n", &[Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), Float(0.5), Float(1.5), Float(2.5)]),
            "true \\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x04\\x05\\x00\\x00\\x00\\x06\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00?\\x00\\x00\\x00\\x00\\x00\\x00\\xf8?\\x00\\x00\\x00\\x00\\x00\\x00\\x04@"
        );
        assert_eq!(p("f", &[Float(1e300)]), "true \\x00\\x00\\x80\\x7f");
        assert_eq!(p("f", &[Float(-f64::NAN)]), "true \\x00\\x00\\xc0\\xff");
        assert_eq!(
            p(
                "i3 I5 x Xi2 i7 s2 z",
                &[
                    Int(-1),
                    Float(549755813888.0),
                    Int(3),
                    Str(b"hi".to_vec()),
                    Str(b"yo".to_vec())
                ]
            ),
            "true \\xff\\xff\\xff\\x00\\x00\\x00\\x00\\x80\\x00\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00hiyo\\x00"
        );
        assert_eq!(
            p(
                ">i3 I5 x Xi2 i7 s2 z",
                &[
                    Int(-1),
                    Float(549755813888.0),
                    Int(3),
                    Str(b"hi".to_vec()),
                    Str(b"yo".to_vec())
                ]
            ),
            "true \\xff\\xff\\xff\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03\\x00\\x02hiyo\\x00"
        );
        assert_eq!(p("i0", &[]), "false integral size (0) out of limits [1,16]");
        assert_eq!(p("!17", &[]), "false integral size (17) out of limits [1,16]");
        assert_eq!(
            p("Xz", &[]),
            "false bad argument #1 to 'string.pack' (invalid next option for option 'X')"
        );
        assert_eq!(p("c1a", &[Str(b"x".to_vec())]), "false invalid format option 'a'");
        assert_eq!(
            p("j", &[Int(i64::MIN)]),
            "true \\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80"
        );
        assert_eq!(
            p("b", &[Float(9007199254740992.0)]),
            "false bad argument #2 to 'string.pack' (integer overflow)"
        );
        assert_eq!(
            p("i2", &[Int(32768)]),
            "false bad argument #2 to 'string.pack' (integer overflow)"
        );
        assert_eq!(
            p("i2", &[Int(-32769)]),
            "false bad argument #2 to 'string.pack' (integer overflow)"
        );
        assert_eq!(p("i2", &[Int(-32768)]), "true \\x00\\x80");
        assert_eq!(p("I8", &[Int(-1)]), "true \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff");
        assert_eq!(
            p("<i8", &[Int(i64::MAX)]),
            "true \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x7f"
        );
        assert_eq!(p("c3", &[Str(b"a".to_vec())]), "true a\\x00\\x00");
        assert_eq!(
            p("c", &[Str(b"a".to_vec())]),
            "false missing size for format option 'c'"
        );
        assert_eq!(p("i1000", &[]), "false integral size (1000) out of limits [1,16]");
        assert_eq!(p("s", &[Int(12)]), "true \\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x0012");
        assert_eq!(p("z", &[Float(1.5)]), "true 1.5\\x00");
        assert_eq!(p("b", &[Str(b"0x10".to_vec())]), "true \\x10");
        assert_eq!(p("", &[]), "true ");
        assert_eq!(
            p("!2 b Xh b X!", &[Int(1), Int(2)]),
            "false bad argument #1 to 'string.pack' (invalid next option for option 'X')"
        );
    }

    #[test]
    fn unpack_vs_lua53() {
        assert_eq!(u("z", b"abc", 1), "true abc 5");
        assert_eq!(u("z", b"abc\0", 1), "true abc 5");
        assert_eq!(u("i16", &[0xff; 16], 1), "true -1 17");
        let mut d = vec![0xffu8; 15];
        d.push(0x7f);
        assert_eq!(u("i16", &d, 1), "false 16-byte integer does not fit into Lua Integer");
        assert_eq!(
            u("I9", &[0xff; 9], 1),
            "false 9-byte integer does not fit into Lua Integer"
        );
        assert_eq!(u("i9", b"\0\0\0\0\0\0\0\x80\xff", 1), "true -9223372036854775808 10");
        assert_eq!(
            u("i9", b"\0\0\0\0\0\0\0\x80\0", 1),
            "false 9-byte integer does not fit into Lua Integer"
        );
        assert_eq!(
            u("b", b"", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(
            u("b", b"a", 3),
            "false bad argument #3 to 'string.unpack' (initial position out of string)"
        );
        assert_eq!(
            u("b", b"a", 0),
            "false bad argument #3 to 'string.unpack' (initial position out of string)"
        );
        assert_eq!(
            u("b", b"a", 2),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(u("b", b"a", -1), "true 97 2");
        assert_eq!(
            u("b", b"a", -5),
            "false bad argument #3 to 'string.unpack' (initial position out of string)"
        );
        assert_eq!(
            u("b", b"a", i64::MIN),
            "false bad argument #3 to 'string.unpack' (initial position out of string)"
        );
        assert_eq!(
            u("b", b"a", i64::MAX),
            "false bad argument #3 to 'string.unpack' (initial position out of string)"
        );
        assert_eq!(
            u("s1", b"\x05abc", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(
            u("s9", b"\xff\xff\xff\xff\xff\xff\xff\xff\0abc", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(
            u("s", b"\xff\xff\xff\xff\xff\xff\xff\xffabc", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        let packed = pack(
            b"!4 b i4 h >i4 <I2 =j f d n",
            &mut ValueArgs(&[
                Int(1),
                Int(2),
                Int(3),
                Int(4),
                Int(5),
                Int(6),
                Float(0.5),
                Float(1.5),
                Float(2.5),
            ]),
        )
        .unwrap();
        assert_eq!(
            u("!4 b i4 h >i4 <I2 =j f d n", &packed, 1),
            "true 1 2 3 4 5 6 0.5 1.5 2.5 49"
        );
        assert_eq!(u("!8 b Xd", b"abcdefghij", 1), "true 97 9");
        assert_eq!(u(" < > = ! ", b"", 1), "true 1");
        assert_eq!(u("c0 c3", b"abc", 1), "true  abc 4");
        assert_eq!(
            u("c4", b"abc", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(
            u("i", b"\x01\x02\x03", 1),
            "false bad argument #2 to 'string.unpack' (data string too short)"
        );
        assert_eq!(u("z", b"abc\0def", 5), "true def 9");
        assert_eq!(u("zz", b"abc\0def\0", 1), "true abc def 9");
        let packed = pack(
            b"<d>d=f",
            &mut ValueArgs(&[Float(f64::INFINITY), Float(-0.0), Float(1.0 / 3.0)]),
        )
        .unwrap();
        assert_eq!(u("<d>d=f", &packed, 1), "true inf -0.0 0.33333334326744 21");
        // alignment is relative to the absolute position in the data
        assert_eq!(u("!4 i4", b"xxxx\x01\0\0\0", 2), "true 1 9");
        assert_eq!(u("s1", b"\x03abcz", 1), "true abc 5");
        assert_eq!(u(">s2", b"\0\x03abc", 1), "true abc 6");
        assert_eq!(u("f", &to_f32_bits(-f64::NAN).to_le_bytes(), 1), "true -nan 5");
    }

    #[test]
    fn no_panics_on_random_input() {
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"<>=!bBhHlLjJTiIfdnszxXc 0123456789\x00y";
        for _ in 0..30000 {
            let mut fmt: Vec<u8> = Vec::new();
            let mut digits = 0;
            for _ in 0..(rnd() % 14) {
                let c = alphabet[(rnd() % alphabet.len() as u64) as usize];
                if c.is_ascii_digit() {
                    digits += 1;
                    if digits > 3 {
                        continue;
                    }
                } else {
                    digits = 0;
                }
                fmt.push(c);
            }
            let vals: Vec<PackValue> = (0..(rnd() % 6))
                .map(|_| match rnd() % 3 {
                    0 => Int(rnd() as i64 >> (rnd() % 64)),
                    1 => Float(f64::from_bits(rnd())),
                    _ => Str((0..(rnd() % 6)).map(|_| rnd() as u8).collect()),
                })
                .collect();
            let data: Vec<u8> = (0..(rnd() % 40)).map(|_| rnd() as u8).collect();
            let _ = pack(&fmt, &mut ValueArgs(&vals));
            let _ = packsize(&fmt);
            let _ = unpack(&fmt, &data, (rnd() as i64) >> (rnd() % 64));
            let _ = unpack(&fmt, &data, (rnd() % 50) as i64 - 25);
        }
    }

    /// Random round trips and packsize cross-checked against lua5.3 (`--ignored`).
    #[test]
    #[ignore]
    fn random_crosscheck_with_lua53() {
        use std::process::Command;
        if Command::new("lua5.3").arg("-v").output().is_err() {
            return;
        }
        let mut seed: u64 = 0xda942042e4dd58b5;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let opts: &[&str] = &[
            "b", "B", "h", "H", "i", "I", "i3", "I5", "i9", "I16", "j", "J", "T", "l", "L", "f", "d", "n", "s", "s1",
            "s3", "z", "x", "Xi4", "Xd", "c3", "c0", "<", ">", "=", "!", "!2", "!4", " ", "!16", "i16", "X",
        ];
        let mut script = String::from(
            "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end\n\
             local function ser(...) local t = table.pack(...) for i = 1, t.n do local v = t[i] if type(v) == 'string' then t[i] = '[' .. hex(v) .. ']' \
             elseif math.type(v) == 'float' then t[i] = string.format('%a', v) else t[i] = tostring(v) end end return table.concat(t, ' ', 1, t.n) end\n\
             local function R(f, ...) local r = table.pack(pcall(f, ...)) if r[1] then return ser(table.unpack(r, 2, r.n)) else return 'ERR ' .. r[2] end end\n",
        );
        let mut cases = Vec::new();
        let count: usize = std::env::var("RAVI_PACK_N")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5000);
        for _ in 0..count {
            let mut fmt = String::new();
            let mut vals = Vec::new();
            let mut lua_vals = Vec::new();
            for _ in 0..(rnd() % 6) {
                let o = opts[(rnd() % opts.len() as u64) as usize];
                fmt.push_str(o);
                let c = o.as_bytes()[0];
                let (v, l) = match c {
                    b's' | b'z' | b'c' => {
                        let n = (rnd() % 5) as usize;
                        let s: Vec<u8> = (0..n).map(|_| b"ab\0"[(rnd() % 3) as usize]).collect();
                        let l = format!("\"{}\"", s.iter().map(|c| format!("\\{}", c)).collect::<String>());
                        (Some(Str(s)), l)
                    }
                    b'f' | b'd' | b'n' => {
                        let f = ((rnd() % 100000) as f64 - 50000.0) / 64.0;
                        (Some(Float(f)), format!("{:?}", f))
                    }
                    b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'j' | b'J' | b'T' | b'l' | b'L' => {
                        let n = (rnd() as i64) >> (rnd() % 64);
                        (Some(Int(n)), format!("math.tointeger({})", n))
                    }
                    _ => (None, String::new()),
                };
                if let Some(v) = v {
                    vals.push(v);
                    lua_vals.push(l);
                }
            }
            let data: Vec<u8> = (0..(rnd() % 24)).map(|_| (rnd() % 256) as u8).collect();
            let init = (rnd() % 30) as i64 - 10;
            let lua_data = format!("\"{}\"", data.iter().map(|c| format!("\\{}", c)).collect::<String>());
            let mut a = vec![format!("'{}'", fmt)];
            a.extend(lua_vals.iter().cloned());
            script.push_str(&format!(
                "print(R(string.pack, {}))\nprint(R(string.packsize, '{}'))\nprint(R(string.unpack, '{}', {}, {}))\n",
                a.join(", "),
                fmt,
                fmt,
                lua_data,
                init
            ));
            cases.push((fmt, vals, data, init));
        }
        let path = std::env::temp_dir().join("ravi_pack_crosscheck.lua");
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), cases.len() * 3, "{}", String::from_utf8_lossy(&out.stderr));
        let strip = |s: &str| -> String {
            // "bad argument #2 to 'string.pack' (x)" / "...to 'pack'..." -> normalised
            s.replace("'string.pack'", "'pack'")
                .replace("'string.unpack'", "'unpack'")
                .replace("'string.packsize'", "'packsize'")
        };
        let ser = |vals: &[PackValue]| -> String {
            vals.iter()
                .map(|v| match v {
                    Int(n) => format!("{}", n),
                    Float(f) => {
                        let mut b = Vec::new();
                        crate::format::add_quoted_number(&mut b, Number::Float(*f));
                        String::from_utf8(b).unwrap()
                    }
                    Str(s) => format!("[{}]", s.iter().map(|c| format!("{:02x}", c)).collect::<String>()),
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let err = |e: PackError<String>, f: &str| -> String {
            match e {
                PackError::Arg(m) => format!("ERR ARG {}", m),
                PackError::BadArg { arg, msg } => format!("ERR bad argument #{} to '{}' ({})", arg, f, msg),
                PackError::Error(m) => format!("ERR {}", m),
                PackError::Memory => String::from("ERR memory"),
            }
        };
        let conv = |e: PackError<core::convert::Infallible>| -> PackError<String> {
            match e {
                PackError::Arg(x) => match x {},
                PackError::BadArg { arg, msg } => PackError::BadArg { arg, msg },
                PackError::Error(m) => PackError::Error(m),
                PackError::Memory => PackError::Memory,
            }
        };
        let mut bad = 0;
        for (k, (fmt, vals, data, init)) in cases.iter().enumerate() {
            let got = [
                match pack(fmt.as_bytes(), &mut ValueArgs(vals)) {
                    Ok(b) => ser(&[Str(b)]),
                    Err(e) => err(e, "pack"),
                },
                match packsize(fmt.as_bytes()) {
                    Ok(n) => format!("{}", n),
                    Err(e) => err(conv(e), "packsize"),
                },
                match unpack(fmt.as_bytes(), data, *init) {
                    Ok((v, next)) => {
                        let mut v = v;
                        v.push(Int(next));
                        ser(&v)
                    }
                    Err(e) => err(conv(e), "unpack"),
                },
            ];
            for j in 0..3 {
                let want = strip(lines[k * 3 + j]);
                if got[j] != want && !(got[j].starts_with("ERR ARG") && want.starts_with("ERR bad argument")) {
                    bad += 1;
                    if bad < 20 {
                        std::eprintln!("{} {:?} {:?} {}: got {:?} want {:?}", j, fmt, vals, init, got[j], want);
                    }
                }
            }
        }
        assert_eq!(bad, 0);
    }
}
