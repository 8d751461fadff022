//! Number semantics of Lua 5.3 (lvm.c / lobject.c): integer wraparound, floor division and
//! modulo for integers and floats, exact float->integer conversion, shifts, string->number
//! coercion and number->string conversion.
//!
//! Owns: pure numeric helpers. Must not touch: metamethods or errors (callers turn `None`
//! results into the proper messages), the heap.

use crate::value::*;
use ravi_parser::number::{str2number, Number};

use ravi_parser::float as fp;

/// Arithmetic and bitwise operators, in the order of the metamethod events `__add..__bnot`
/// (ADD..SHR binary, then UNM and BNOT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ArithOp {
    Add = 0,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
}

impl ArithOp {
    pub fn is_bitwise(self) -> bool {
        matches!(self, ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr | ArithOp::BNot)
    }
}

/// The integer with exactly the value of `f`, if any (`lua_numbertointeger` + floor check).
#[inline]
pub fn float_to_int_exact(f: f64) -> Option<i64> {
    if f >= -9223372036854775808.0 && f < 9223372036854775808.0 {
        let i = f as i64;
        if i as f64 == f {
            return Some(i);
        }
    }
    None
}

/// Float to integer with a rounding mode (luaV_flttointns): 0 exact, 1 floor, 2 ceil.
pub fn float_to_int_mode(f: f64, mode: u8) -> Option<i64> {
    let fl = fp::floor(f);
    let v = if fl != f {
        match mode {
            0 => return None,
            1 => fl,
            _ => fl + 1.0,
        }
    } else {
        fl
    };
    if v >= -9223372036854775808.0 && v < 9223372036854775808.0 { Some(v as i64) } else { None }
}

/// String -> number (luaO_str2num on the whole string).
pub fn str_to_number(s: &[u8]) -> Option<Value> {
    match str2number(s)? {
        Number::Int(i) => Some(Value::int(i)),
        Number::Float(f) => Some(Value::float(f)),
    }
}

/// Value -> number with string coercion (luaV_tonumber_ keeping the subtype).
#[inline]
pub fn to_number_value(v: &Value) -> Option<Value> {
    match v.tt {
        TAG_INT | TAG_FLOAT => Some(*v),
        TAG_SHRSTR | TAG_LNGSTR => str_to_number(v.as_string().unwrap().bytes()),
        _ => None,
    }
}

/// Value -> float with string coercion (tonumber).
#[inline]
pub fn to_float(v: &Value) -> Option<f64> {
    match v.tt {
        TAG_FLOAT => Some(v.fval()),
        TAG_INT => Some(v.ival() as f64),
        TAG_SHRSTR | TAG_LNGSTR => to_number_value(v).and_then(|n| n.as_number()),
        _ => None,
    }
}

/// Value -> integer with string coercion; floats must be integral (luaV_tointeger mode 0).
#[inline]
pub fn to_integer(v: &Value) -> Option<i64> {
    match v.tt {
        TAG_INT => Some(v.ival()),
        TAG_FLOAT => float_to_int_exact(v.fval()),
        TAG_SHRSTR | TAG_LNGSTR => to_integer(&to_number_value(v)?),
        _ => None,
    }
}

/// Integer floor division; None when dividing by zero.
#[inline]
pub fn int_idiv(m: i64, n: i64) -> Option<i64> {
    if n == 0 {
        return None;
    }
    if n == -1 {
        return Some(m.wrapping_neg());
    }
    let q = m / n;
    if (m % n != 0) && ((m ^ n) < 0) { Some(q - 1) } else { Some(q) }
}

/// Integer floor modulo; None when dividing by zero.
#[inline]
pub fn int_mod(m: i64, n: i64) -> Option<i64> {
    if n == 0 {
        return None;
    }
    if n == -1 {
        return Some(0);
    }
    let r = m % n;
    if r != 0 && (r ^ n) < 0 { Some(r + n) } else { Some(r) }
}

/// Float modulo as Lua 5.3 (fmod, then adjust sign to the divisor's).
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = fp::fmod(a, b);
    if m * b < 0.0 { m + b } else { m }
}

#[inline]
pub fn float_idiv(a: f64, b: f64) -> f64 {
    fp::floor(a / b)
}

#[inline]
pub fn float_pow(a: f64, b: f64) -> f64 {
    if b == 2.0 { a * a } else { fp::pow(a, b) }
}

/// Logical shift left (negative shifts go right), as luaV_shiftl.
#[inline]
pub fn shift_left(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 { 0 } else { ((x as u64) >> ((-y) as u32)) as i64 }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << (y as u32)) as i64
    }
}

/// Integer arithmetic for ops other than Div/Pow (None: division by zero).
#[inline]
pub fn int_arith(op: ArithOp, a: i64, b: i64) -> Option<i64> {
    Some(match op {
        ArithOp::Add => a.wrapping_add(b),
        ArithOp::Sub => a.wrapping_sub(b),
        ArithOp::Mul => a.wrapping_mul(b),
        ArithOp::Mod => return int_mod(a, b),
        ArithOp::IDiv => return int_idiv(a, b),
        ArithOp::BAnd => a & b,
        ArithOp::BOr => a | b,
        ArithOp::BXor => a ^ b,
        ArithOp::Shl => shift_left(a, b),
        ArithOp::Shr => shift_left(a, b.wrapping_neg()),
        ArithOp::Unm => 0i64.wrapping_sub(a),
        ArithOp::BNot => !a,
        ArithOp::Div | ArithOp::Pow => return None,
    })
}

#[inline]
pub fn float_arith(op: ArithOp, a: f64, b: f64) -> f64 {
    match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div => a / b,
        ArithOp::Pow => float_pow(a, b),
        ArithOp::IDiv => float_idiv(a, b),
        ArithOp::Mod => float_mod(a, b),
        ArithOp::Unm => -a,
        _ => 0.0,
    }
}

/// Outcome of raw arithmetic on two values (no metamethods).
pub enum RawArith {
    Ok(Value),
    /// Operands are not numbers (or not convertible): try metamethods.
    NotNumbers,
    /// Integer division or modulo by zero ('n//0' / 'n%0').
    DivZero,
    /// Bitwise op on a float without an exact integer value.
    NoInteger,
}

/// luaO_arith for numbers and strings coercible to numbers.
pub fn raw_arith(op: ArithOp, a: &Value, b: &Value) -> RawArith {
    if op.is_bitwise() {
        match (to_integer(a), to_integer(b)) {
            (Some(x), Some(y)) => RawArith::Ok(Value::int(int_arith(op, x, y).unwrap())),
            _ => {
                if to_number_value(a).is_some() && to_number_value(b).is_some() {
                    RawArith::NoInteger
                } else {
                    RawArith::NotNumbers
                }
            }
        }
    } else if matches!(op, ArithOp::Div | ArithOp::Pow) {
        match (to_float(a), to_float(b)) {
            (Some(x), Some(y)) => RawArith::Ok(Value::float(float_arith(op, x, y))),
            _ => RawArith::NotNumbers,
        }
    } else {
        if a.tt == TAG_INT && b.tt == TAG_INT {
            return match int_arith(op, a.ival(), b.ival()) {
                Some(r) => RawArith::Ok(Value::int(r)),
                None => RawArith::DivZero,
            };
        }
        // 5.3: strings are converted with tonumber (to float) in arithmetic
        let na = match a.tt {
            TAG_INT | TAG_FLOAT => *a,
            _ => match to_float(a) {
                Some(f) => Value::float(f),
                None => return RawArith::NotNumbers,
            },
        };
        let nb = match b.tt {
            TAG_INT | TAG_FLOAT => *b,
            _ => match to_float(b) {
                Some(f) => Value::float(f),
                None => return RawArith::NotNumbers,
            },
        };
        if na.tt == TAG_INT && nb.tt == TAG_INT {
            return match int_arith(op, na.ival(), nb.ival()) {
                Some(r) => RawArith::Ok(Value::int(r)),
                None => RawArith::DivZero,
            };
        }
        RawArith::Ok(Value::float(float_arith(op, na.as_number().unwrap(), nb.as_number().unwrap())))
    }
}

/// Formats a number as `tostring` does (`%d` for integers, `%.14g` for floats, with a
/// `.0` suffix when the float looks like an integer).
pub fn number_to_bytes(v: &Value, out: &mut alloc::vec::Vec<u8>) {
    use core::fmt::Write;
    struct W<'a>(&'a mut alloc::vec::Vec<u8>);
    impl core::fmt::Write for W<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    match v.tt {
        TAG_INT => {
            let _ = write!(W(out), "{}", v.ival());
        }
        _ => fmt_float(v.fval(), out),
    }
}

/// `%.14g` of a float plus Lua's ".0" rule (lua_Number2str + tostringbuff).
pub fn fmt_float(f: f64, out: &mut alloc::vec::Vec<u8>) {
    let start = out.len();
    fmt_g14(f, out);
    let s = &out[start..];
    if s.iter().all(|&c| c == b'-' || c.is_ascii_digit()) {
        out.extend_from_slice(b".0");
    }
}

/// C's `%.14g`.
pub fn fmt_g14(f: f64, out: &mut alloc::vec::Vec<u8>) {
    use core::fmt::Write;
    struct W<'a>(&'a mut alloc::vec::Vec<u8>);
    impl core::fmt::Write for W<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    if f.is_nan() {
        out.extend_from_slice(if f.is_sign_negative() { b"-nan" } else { b"nan" });
        return;
    }
    if f.is_infinite() {
        out.extend_from_slice(if f < 0.0 { b"-inf" } else { b"inf" });
        return;
    }
    if f == 0.0 {
        out.extend_from_slice(if f.is_sign_negative() { b"-0" } else { b"0" });
        return;
    }
    const P: i32 = 14;
    // exponent after rounding to P significant digits
    let mut buf = alloc::string::String::new();
    let _ = write!(buf, "{:.*e}", (P - 1) as usize, f);
    let epos = buf.find('e').unwrap();
    let exp: i32 = buf[epos + 1..].parse().unwrap();
    if exp < -4 || exp >= P {
        // scientific: mantissa without trailing zeros
        let mut mant = alloc::string::String::from(&buf[..epos]);
        if mant.contains('.') {
            while mant.ends_with('0') {
                mant.pop();
            }
            if mant.ends_with('.') {
                mant.pop();
            }
        }
        let _ = write!(W(out), "{}e{}{:02}", mant, if exp < 0 { '-' } else { '+' }, exp.abs());
    } else {
        let decimals = (P - 1 - exp).max(0) as usize;
        let mut s = alloc::string::String::new();
        let _ = write!(s, "{:.*}", decimals, f);
        if s.contains('.') {
            while s.ends_with('0') {
                s.pop();
            }
            if s.ends_with('.') {
                s.pop();
            }
        }
        out.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn g(f: f64) -> alloc::string::String {
        let mut v = Vec::new();
        fmt_float(f, &mut v);
        alloc::string::String::from_utf8(v).unwrap()
    }

    #[test]
    fn formatting() {
        assert_eq!(g(1e15), "1e+15");
        assert_eq!(g(2f64.powi(53)), "9.007199254741e+15");
        assert_eq!(g(-0.0), "-0.0");
        assert_eq!(g(0.1), "0.1");
        assert_eq!(g(100.0), "100.0");
        assert_eq!(g(1.0 / 3.0), "0.33333333333333");
        assert_eq!(g(f64::INFINITY), "inf");
        assert_eq!(g(1e-5), "1e-05");
        assert_eq!(g(123456.789), "123456.789");
    }

    #[test]
    fn int_ops() {
        assert_eq!(int_idiv(7, -2), Some(-4));
        assert_eq!(int_mod(7, -2), Some(-1));
        assert_eq!(int_mod(-7, 2), Some(1));
        assert_eq!(int_idiv(i64::MIN, -1), Some(i64::MIN));
        assert_eq!(int_mod(i64::MIN, -1), Some(0));
        assert_eq!(int_idiv(1, 0), None);
        assert_eq!(shift_left(1, 64), 0);
        assert_eq!(shift_left(-1, -1), i64::MAX);
        assert_eq!(float_mod(5.5, -2.0), -0.5);
        assert_eq!(float_to_int_exact(3.0), Some(3));
        assert_eq!(float_to_int_exact(3.5), None);
        assert_eq!(float_to_int_exact(9.3e18), None);
        assert_eq!(float_to_int_exact(-9223372036854775808.0), Some(i64::MIN));
    }
}
