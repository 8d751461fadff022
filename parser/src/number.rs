//! Lua numerals: string -> number conversion (luaO_str2num) and number -> string
//! formatting (`%.14g` as lua_Number2str, and C printf float/integer conversions for
//! string.format). Shared by the lexer, the VM's coercions and the string library.
//! Pure functions, no state, no panics on any input.
//!
//! What it owns:
//! - [`str2number`] (and [`str2int`], [`str2float`]): exactly Lua 5.3.6's `luaO_str2num`
//!   on Debian (C locale, `lua_str2number` = glibc `strtod`): C-`isspace` whitespace around
//!   the numeral, optional sign, decimal integers (overflow falls back to float), hex
//!   integers (wrap modulo 2^64), decimal and hex floats (correctly rounded, hex with an
//!   optional `p` exponent), rejecting anything containing `n`/`N` (inf, nan), incomplete
//!   exponents, a bare `0x`, the empty string and embedded NULs.
//! - [`fmt_float_g14`] / [`float_to_lua_string`] / [`int_to_lua_string`]: `tostring` of numbers
//!   (`%.14g`, plus `.0` when the result looks like an integer; `inf`, `-inf`, `nan`, `-nan`
//!   as x86-64 glibc prints them: the NaN sign follows the sign bit).
//! - [`format_float`] (`%e %E %f %F %g %G %a %A`) and [`format_int`] (`%d %i %u %c %o %x %X`)
//!   with C printf flags/width/precision, matching glibc digit for digit. `%e/%f/%g` use
//!   core::fmt's exact (correctly rounded, ties-to-even) decimal conversion; `%a` is
//!   implemented here following glibc's `__printf_fphex` (leading digit 1, or 0 for
//!   subnormals with exponent -1022; round-half-even when a precision is given).
//!
//! Width and precision are the caller's responsibility: string.format limits both to two
//! digits (<= 99); the functions here allocate proportionally to them.

use alloc::vec::Vec;

/// A Lua number: integer or float subtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// C `isspace` in the C locale (and Lua's `lisspace`): space, \t, \n, \v, \f, \r.
#[inline]
pub fn is_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

fn hex_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'f' => Some((c - b'a' + 10) as u32),
        b'A'..=b'F' => Some((c - b'A' + 10) as u32),
        _ => None,
    }
}

/// Converts a whole string to a number exactly as Lua 5.3's `luaO_str2num` does
/// (leading/trailing whitespace allowed, decimal and hex integers (hex wraps around),
/// decimal and hex floats, integers that overflow become floats; "inf"/"nan" rejected).
/// Returns None if the string is not a numeral.
pub fn str2number(s: &[u8]) -> Option<Number> {
    if s.contains(&0) {
        return None; // luaO_str2num's size check rejects embedded zeros
    }
    if let Some(i) = str2int(s) {
        return Some(Number::Int(i));
    }
    str2float(s).map(Number::Float)
}

/// Lua 5.3's `l_str2int`: a whole-string integer numeral (decimal without overflow, or
/// hex with wrap-around), with optional surrounding whitespace and sign.
pub fn str2int(s: &[u8]) -> Option<i64> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && s[i] == b'-' {
        neg = true;
        i += 1;
    } else if i < s.len() && s[i] == b'+' {
        i += 1;
    }
    let mut a: u64 = 0;
    let mut empty = true;
    if i + 1 < s.len() && s[i] == b'0' && (s[i + 1] == b'x' || s[i + 1] == b'X') {
        i += 2;
        while i < s.len() {
            match hex_value(s[i]) {
                Some(d) => {
                    a = a.wrapping_mul(16).wrapping_add(d as u64);
                    empty = false;
                    i += 1;
                }
                None => break,
            }
        }
    } else {
        const MAXBY10: u64 = (i64::MAX as u64) / 10;
        const MAXLASTD: u64 = (i64::MAX as u64) % 10;
        while i < s.len() && s[i].is_ascii_digit() {
            let d = (s[i] - b'0') as u64;
            if a >= MAXBY10 && (a > MAXBY10 || d > MAXLASTD + neg as u64) {
                return None; // overflow: not accepted as an integer
            }
            a = a * 10 + d;
            empty = false;
            i += 1;
        }
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if empty || i != s.len() {
        return None;
    }
    Some((if neg { 0u64.wrapping_sub(a) } else { a }) as i64)
}

/// Lua 5.3's `l_str2d` with glibc `strtod`: a whole-string float numeral (decimal or hex),
/// with optional surrounding whitespace. Rejects any string containing 'n' or 'N'.
pub fn str2float(s: &[u8]) -> Option<f64> {
    if s.iter().any(|&c| c == b'n' || c == b'N' || c == 0) {
        return None;
    }
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    let mut neg = false;
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg = s[i] == b'-';
        i += 1;
    }
    let (v, end) = if i + 1 < s.len() && s[i] == b'0' && (s[i + 1] == b'x' || s[i + 1] == b'X') {
        match parse_hex_float(s, i + 2) {
            Some((v, end)) => (if neg { -v } else { v }, end),
            None => return None, // strtod would stop after "0": 'x' is trailing garbage
        }
    } else {
        let end = scan_decimal(s, i)?;
        let text = core::str::from_utf8(s.get(start..end)?).ok()?;
        (text.parse::<f64>().ok()?, end)
    };
    let mut j = end;
    while j < s.len() && is_space(s[j]) {
        j += 1;
    }
    if j != s.len() {
        return None;
    }
    Some(v)
}

/// Scans a decimal floating numeral (no sign) starting at `i`, as strtod would;
/// returns the end of the longest valid prefix, or None if there are no digits.
fn scan_decimal(s: &[u8], mut i: usize) -> Option<usize> {
    let mut ndigits = 0usize;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        ndigits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            ndigits += 1;
        }
    }
    if ndigits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    Some(i)
}

/// Parses the part of a hex float after "0x" at `i` (glibc strtod semantics, correctly
/// rounded to nearest-even). Returns the (non-negative) value and the end position, or
/// None when there is no hex digit.
fn parse_hex_float(s: &[u8], mut i: usize) -> Option<(f64, usize)> {
    let mut mant: u64 = 0;
    let mut sticky = false;
    let mut exp: i64 = 0; // value = mant * 2^exp (+ sticky)
    let mut any = false;
    let mut seen_dot = false;
    loop {
        if i >= s.len() {
            break;
        }
        let c = s[i];
        if c == b'.' {
            if seen_dot {
                break;
            }
            seen_dot = true;
            i += 1;
            continue;
        }
        let Some(d) = hex_value(c) else { break };
        any = true;
        if mant >> 60 == 0 {
            mant = (mant << 4) | d as u64;
            if seen_dot {
                exp = exp.saturating_sub(4);
            }
        } else {
            if d != 0 {
                sticky = true;
            }
            if !seen_dot {
                exp = exp.saturating_add(4);
            }
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < s.len() && (s[i] == b'p' || s[i] == b'P') {
        let mut j = i + 1;
        let mut eneg = false;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            eneg = s[j] == b'-';
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            let mut e: i64 = 0;
            while j < s.len() && s[j].is_ascii_digit() {
                if e < 1 << 40 {
                    e = e * 10 + (s[j] - b'0') as i64;
                }
                j += 1;
            }
            exp = if eneg {
                exp.saturating_sub(e)
            } else {
                exp.saturating_add(e)
            };
            i = j;
        }
    }
    Some((make_f64(mant, sticky, exp), i))
}

/// Rounds (mant + sticky*epsilon) * 2^exp to the nearest double (ties to even).
fn make_f64(mant: u64, sticky: bool, exp: i64) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    let lz = mant.leading_zeros();
    let m = mant << lz;
    let e = exp.saturating_sub(lz as i64);
    let big_e = e.saturating_add(63); // value in [2^big_e, 2^(big_e+1))
    if big_e > 1023 {
        return f64::INFINITY;
    }
    let shift: i64 = if big_e >= -1022 { 11 } else { 11 + (-1022 - big_e) };
    if shift > 64 {
        return 0.0; // below half of the smallest subnormal
    }
    let shift = shift as u32;
    let (q, rem) = if shift == 64 {
        (0u64, m)
    } else {
        (m >> shift, m & ((1u64 << shift) - 1))
    };
    let half = 1u64 << (shift - 1);
    let up = rem > half || (rem == half && (sticky || q & 1 == 1));
    let q = q + up as u64;
    if big_e >= -1022 {
        let (q, be) = if q == 1u64 << 53 {
            (1u64 << 52, big_e + 1)
        } else {
            (q, big_e)
        };
        if be > 1023 {
            return f64::INFINITY;
        }
        f64::from_bits((((be + 1023) as u64) << 52) | (q & ((1u64 << 52) - 1)))
    } else {
        f64::from_bits(q) // subnormal (or the smallest normal after a carry)
    }
}

// ---------------------------------------------------------------------------------------
// number -> string

struct VecWriter<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// `%.14g` as `lua_Number2str` (LUAI_NUMFFORMAT), appending ".0" when the result looks
/// like an integer (tostring's rule): `1.0`, `-0.0`, `1e+15`, `inf`, `-inf`, `-nan`.
pub fn fmt_float_g14(f: f64, out: &mut Vec<u8>) {
    let start = out.len();
    let spec = FloatSpec {
        flags: Flags::default(),
        width: 0,
        precision: Some(14),
        conv: b'g',
    };
    format_float(out, f, &spec);
    if out[start..].iter().all(|&c| c == b'-' || c.is_ascii_digit()) {
        out.extend_from_slice(b".0");
    }
}

/// Alias of [`fmt_float_g14`].
pub fn fmt_number_lua(f: f64, out: &mut Vec<u8>) {
    fmt_float_g14(f, out)
}

/// tostring of a float.
pub fn float_to_lua_string(f: f64) -> Vec<u8> {
    let mut v = Vec::new();
    fmt_float_g14(f, &mut v);
    v
}

/// Appends the decimal representation of an integer (`%d`).
pub fn fmt_int(i: i64, out: &mut Vec<u8>) {
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut p = buf.len();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[p..]);
}

/// tostring of an integer.
pub fn int_to_lua_string(i: i64) -> Vec<u8> {
    let mut v = Vec::new();
    fmt_int(i, &mut v);
    v
}

/// printf flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `-`: left-justify.
    pub minus: bool,
    /// `+`: always print a sign (signed conversions).
    pub plus: bool,
    /// ` `: a space where the sign would be (signed conversions).
    pub space: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: pad with zeros after the sign/prefix.
    pub zero: bool,
}

impl Flags {
    /// Parses one flag character; returns false if `c` is not one of `-+ #0`.
    pub fn set(&mut self, c: u8) -> bool {
        match c {
            b'-' => self.minus = true,
            b'+' => self.plus = true,
            b' ' => self.space = true,
            b'#' => self.alt = true,
            b'0' => self.zero = true,
            _ => return false,
        }
        true
    }
}

/// A float conversion: `conv` is one of `e E f F g G a A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FloatSpec {
    pub flags: Flags,
    pub width: usize,
    pub precision: Option<usize>,
    pub conv: u8,
}

/// An integer conversion: `conv` is one of `d i u c o x X`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntSpec {
    pub flags: Flags,
    pub width: usize,
    pub precision: Option<usize>,
    pub conv: u8,
}

/// Writes `prefix` (sign, "0x") and `body` padded to `width` as printf does.
/// `zero_pad`: pad with zeros between prefix and body (the `0` flag, when applicable).
fn pad_out(out: &mut Vec<u8>, prefix: &[u8], body: &[u8], width: usize, left: bool, zero_pad: bool) {
    let len = prefix.len() + body.len();
    let fill = width.saturating_sub(len);
    if left {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if zero_pad {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// C printf of an integer: `%d %i` (signed), `%u %o %x %X` (the value's 64-bit two's
/// complement, as Lua's `%llx` etc.), `%c` (the low byte; only width and `-` apply).
/// Any other `conv` is treated as `%d`.
pub fn format_int(out: &mut Vec<u8>, value: i64, spec: &IntSpec) {
    let f = spec.flags;
    if spec.conv == b'c' {
        pad_out(out, b"", &[value as u8], spec.width, f.minus, false);
        return;
    }
    let signed = !matches!(spec.conv, b'u' | b'o' | b'x' | b'X');
    let (neg, mut n) = if signed {
        (value < 0, value.unsigned_abs())
    } else {
        (false, value as u64)
    };
    let (base, digits_set): (u64, &[u8; 16]) = match spec.conv {
        b'o' => (8, b"0123456789abcdef"),
        b'x' => (16, b"0123456789abcdef"),
        b'X' => (16, b"0123456789ABCDEF"),
        _ => (10, b"0123456789abcdef"),
    };
    let mut buf = [0u8; 24];
    let mut p = buf.len();
    let is_zero = n == 0;
    if !(is_zero && spec.precision == Some(0)) {
        loop {
            p -= 1;
            buf[p] = digits_set[(n % base) as usize];
            n /= base;
            if n == 0 {
                break;
            }
        }
    }
    let digits = &buf[p..];
    let mut body: Vec<u8> = Vec::new();
    let prec = spec.precision.unwrap_or(0);
    if prec > digits.len() {
        body.resize(prec - digits.len(), b'0');
    }
    body.extend_from_slice(digits);
    if spec.conv == b'o' && f.alt && body.first() != Some(&b'0') {
        body.insert(0, b'0');
    }
    let mut prefix: Vec<u8> = Vec::new();
    if neg {
        prefix.push(b'-');
    } else if signed && f.plus {
        prefix.push(b'+');
    } else if signed && f.space {
        prefix.push(b' ');
    }
    if f.alt && !is_zero && (spec.conv == b'x' || spec.conv == b'X') {
        prefix.push(b'0');
        prefix.push(spec.conv);
    }
    let zero_pad = f.zero && !f.minus && spec.precision.is_none();
    pad_out(out, &prefix, &body, spec.width, f.minus, zero_pad);
}

/// Decimal digits and exponent of `|v|` (finite) rounded to `ndig` significant digits:
/// v ~= 0.d1d2... * 10^(exp+1), i.e. d1.d2d3... * 10^exp.
fn exp_digits(v: f64, ndig: usize) -> (Vec<u8>, i32) {
    use core::fmt::Write;
    let mut s = Vec::new();
    let _ = write!(VecWriter(&mut s), "{:.*e}", ndig.saturating_sub(1), v.abs());
    // s is "d[.ddd]e[-]X"
    let epos = s.iter().position(|&c| c == b'e').unwrap_or(s.len());
    let mut digits: Vec<u8> = s[..epos].iter().copied().filter(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        digits.push(b'0');
    }
    let mut exp: i32 = 0;
    let mut eneg = false;
    for &c in s.get(epos + 1..).unwrap_or(&[]) {
        if c == b'-' {
            eneg = true;
        } else if c.is_ascii_digit() {
            exp = exp.saturating_mul(10).saturating_add((c - b'0') as i32);
        }
    }
    (digits, if eneg { -exp } else { exp })
}

fn push_exp(body: &mut Vec<u8>, marker: u8, exp: i32, min_digits: usize) {
    body.push(marker);
    body.push(if exp < 0 { b'-' } else { b'+' });
    let mut buf = [0u8; 12];
    let mut p = buf.len();
    let mut n = exp.unsigned_abs();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in (buf.len() - p)..min_digits {
        body.push(b'0');
    }
    body.extend_from_slice(&buf[p..]);
}

/// C printf (glibc) of a double: `%e %E %f %F %g %G %a %A` with flags, width and precision.
/// Any other `conv` is treated as `%g`.
pub fn format_float(out: &mut Vec<u8>, value: f64, spec: &FloatSpec) {
    let f = spec.flags;
    let conv = spec.conv;
    let upper = conv.is_ascii_uppercase();
    let mut prefix: Vec<u8> = Vec::new();
    if value.is_sign_negative() {
        prefix.push(b'-');
    } else if f.plus {
        prefix.push(b'+');
    } else if f.space {
        prefix.push(b' ');
    }
    if !value.is_finite() {
        let body: &[u8] = match (value.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        pad_out(out, &prefix, body, spec.width, f.minus, false);
        return;
    }
    let mut body: Vec<u8> = Vec::new();
    match conv {
        b'a' | b'A' => {
            prefix.push(b'0');
            prefix.push(if upper { b'X' } else { b'x' });
            hex_body(&mut body, value.abs(), spec.precision, f.alt, upper);
        }
        b'e' | b'E' => {
            let prec = spec.precision.unwrap_or(6);
            let (digits, exp) = exp_digits(value, prec.saturating_add(1));
            body.push(digits[0]);
            if prec > 0 || f.alt {
                body.push(b'.');
            }
            body.extend_from_slice(&digits[1..]);
            push_exp(&mut body, if upper { b'E' } else { b'e' }, exp, 2);
        }
        b'f' | b'F' => {
            use core::fmt::Write;
            let prec = spec.precision.unwrap_or(6);
            let _ = write!(VecWriter(&mut body), "{:.*}", prec, value.abs());
            if prec == 0 && f.alt {
                body.push(b'.');
            }
        }
        _ => {
            // %g / %G
            let p = match spec.precision {
                None => 6,
                Some(0) => 1,
                Some(p) => p,
            };
            let (mut digits, x) = exp_digits(value, p);
            let use_exp = !(x >= -4 && (x as i64) < p as i64);
            if f.alt
                && x as i64 == p as i64
                && digits[0] == b'1'
                && digits[1..].iter().all(|&d| d == b'0')
                && exp_digits(value, 800).1 == x - 1
            {
                // glibc quirk: when %#g's rounding carries into a new decade and that forces
                // the exponential form (9999.75 with "%#.4g"), glibc prints "1.e+04",
                // without the trailing zeros '#' asks for.
                digits.truncate(1);
            }
            let mut int_part: Vec<u8> = Vec::new();
            let mut frac: Vec<u8> = Vec::new();
            if use_exp {
                int_part.push(digits[0]);
                frac.extend_from_slice(&digits[1..]);
            } else if x >= 0 {
                let k = (x as usize + 1).min(digits.len());
                int_part.extend_from_slice(&digits[..k]);
                frac.extend_from_slice(&digits[k..]);
            } else {
                int_part.push(b'0');
                frac.resize((-x - 1) as usize, b'0');
                frac.extend_from_slice(&digits);
            }
            if !f.alt {
                while frac.last() == Some(&b'0') {
                    frac.pop();
                }
            }
            body.extend_from_slice(&int_part);
            if !frac.is_empty() || f.alt {
                body.push(b'.');
                body.extend_from_slice(&frac);
            }
            if use_exp {
                push_exp(&mut body, if upper { b'E' } else { b'e' }, x, 2);
            }
        }
    }
    pad_out(out, &prefix, &body, spec.width, f.minus, f.zero && !f.minus);
}

/// The part of glibc's `%a` after "0x" for a finite non-negative double.
fn hex_body(body: &mut Vec<u8>, v: f64, precision: Option<usize>, alt: bool, upper: bool) {
    let hexd: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let bits = v.to_bits();
    let bexp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut leading, exponent): (u32, i32) = if bexp == 0 {
        if frac == 0 {
            (0, 0)
        } else {
            (0, -1022)
        }
    } else {
        (1, bexp - 1023)
    };
    // 13 hex digits of the fraction
    let mut digs = [0u8; 13];
    for (k, d) in digs.iter_mut().enumerate() {
        *d = ((frac >> (48 - 4 * k)) & 0xf) as u8;
    }
    let mut ndig = 13;
    while ndig > 0 && digs[ndig - 1] == 0 {
        ndig -= 1;
    }
    let prec = match precision {
        None => ndig,
        Some(p) => {
            if p < ndig {
                // round to nearest, ties to even
                let next = digs[p];
                let rest_nonzero = digs[p + 1..ndig].iter().any(|&d| d != 0);
                let last_odd = if p > 0 { digs[p - 1] & 1 == 1 } else { leading & 1 == 1 };
                let up = next > 8 || (next == 8 && (rest_nonzero || last_odd));
                if up {
                    let mut k = p;
                    loop {
                        if k == 0 {
                            leading += 1;
                            break;
                        }
                        k -= 1;
                        if digs[k] == 15 {
                            digs[k] = 0;
                        } else {
                            digs[k] += 1;
                            break;
                        }
                    }
                }
                ndig = p;
            }
            p
        }
    };
    body.push(hexd[(leading & 15) as usize]);
    if prec > 0 || alt {
        body.push(b'.');
    }
    for k in 0..prec {
        body.push(if k < ndig { hexd[digs[k] as usize] } else { b'0' });
    }
    push_exp(body, if upper { b'P' } else { b'p' }, exponent, 1);
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use alloc::string::String;
    use alloc::vec;
    use std::format;

    fn n(s: &str) -> Option<Number> {
        str2number(s.as_bytes())
    }

    fn fl(v: f64, spec: &str) -> String {
        // parse a printf spec like "%-+#012.3e"
        let b = spec.as_bytes();
        let mut i = 1;
        let mut flags = Flags::default();
        while i < b.len() && flags.set(b[i]) {
            i += 1;
        }
        let mut width = 0;
        while b[i].is_ascii_digit() {
            width = width * 10 + (b[i] - b'0') as usize;
            i += 1;
        }
        let mut precision = None;
        if b[i] == b'.' {
            i += 1;
            let mut p = 0;
            while b[i].is_ascii_digit() {
                p = p * 10 + (b[i] - b'0') as usize;
                i += 1;
            }
            precision = Some(p);
        }
        let conv = b[i];
        let mut out = Vec::new();
        format_float(
            &mut out,
            v,
            &FloatSpec {
                flags,
                width,
                precision,
                conv,
            },
        );
        String::from_utf8(out).unwrap()
    }

    fn it(v: i64, spec: &str) -> String {
        let b = spec.as_bytes();
        let mut i = 1;
        let mut flags = Flags::default();
        while i < b.len() && flags.set(b[i]) {
            i += 1;
        }
        let mut width = 0;
        while b[i].is_ascii_digit() {
            width = width * 10 + (b[i] - b'0') as usize;
            i += 1;
        }
        let mut precision = None;
        if b[i] == b'.' {
            i += 1;
            let mut p = 0;
            while b[i].is_ascii_digit() {
                p = p * 10 + (b[i] - b'0') as usize;
                i += 1;
            }
            precision = Some(p);
        }
        let mut out = Vec::new();
        format_int(
            &mut out,
            v,
            &IntSpec {
                flags,
                width,
                precision,
                conv: b[i],
            },
        );
        String::from_utf8(out).unwrap()
    }

    fn ts(v: f64) -> String {
        String::from_utf8(float_to_lua_string(v)).unwrap()
    }

    #[test]
    fn str2number_integers() {
        assert_eq!(n("10"), Some(Number::Int(10)));
        assert_eq!(n("  \t10 \n\x0b\x0c\r"), Some(Number::Int(10)));
        assert_eq!(n("-10"), Some(Number::Int(-10)));
        assert_eq!(n("+10"), Some(Number::Int(10)));
        assert_eq!(n("9223372036854775807"), Some(Number::Int(i64::MAX)));
        assert_eq!(n("-9223372036854775808"), Some(Number::Int(i64::MIN)));
        assert_eq!(n("9223372036854775808"), Some(Number::Float(9223372036854775808.0)));
        assert_eq!(n("-9223372036854775809"), Some(Number::Float(-9223372036854775809.0)));
        assert_eq!(n("0x10"), Some(Number::Int(16)));
        assert_eq!(n("0XfF"), Some(Number::Int(255)));
        assert_eq!(n("-0x10"), Some(Number::Int(-16)));
        assert_eq!(n("0xffffffffffffffff"), Some(Number::Int(-1)));
        assert_eq!(n("0x10000000000000000"), Some(Number::Int(0)));
        assert_eq!(n("0x7fffffffffffffff1"), Some(Number::Int(-15)));
        assert_eq!(n("000123"), Some(Number::Int(123)));
        assert_eq!(n("99999999999999999999"), Some(Number::Float(1e20)));
    }

    #[test]
    fn str2number_floats() {
        assert_eq!(n("1.5"), Some(Number::Float(1.5)));
        assert_eq!(n(" .5 "), Some(Number::Float(0.5)));
        assert_eq!(n("5."), Some(Number::Float(5.0)));
        assert_eq!(n("1e2"), Some(Number::Float(100.0)));
        assert_eq!(n("1E+2"), Some(Number::Float(100.0)));
        assert_eq!(n("-1e-2"), Some(Number::Float(-0.01)));
        assert_eq!(n("1e400"), Some(Number::Float(f64::INFINITY)));
        assert_eq!(n("1e-400"), Some(Number::Float(0.0)));
        assert_eq!(n("0x1p4"), Some(Number::Float(16.0)));
        assert_eq!(n("0x1.8p3"), Some(Number::Float(12.0)));
        assert_eq!(n("0x.1"), Some(Number::Float(0.0625)));
        assert_eq!(n("0xA."), Some(Number::Float(10.0)));
        assert_eq!(n("0xA.8"), Some(Number::Float(10.5)));
        assert_eq!(n("-0x1P-2"), Some(Number::Float(-0.25)));
        assert_eq!(n("0x1p+2"), Some(Number::Float(4.0)));
        assert_eq!(n("0x1p99999"), Some(Number::Float(f64::INFINITY)));
        assert_eq!(n("0x1p-99999"), Some(Number::Float(0.0)));
        assert_eq!(n("0x1p-1074"), Some(Number::Float(5e-324)));
        assert_eq!(n("0x1p-1075"), Some(Number::Float(0.0))); // tie, to even (0)
        assert_eq!(n("0x1.0000000000001p-1075"), Some(Number::Float(5e-324)));
        assert_eq!(n("0x3p-1076"), Some(Number::Float(5e-324))); // 0.75 ulp -> 1
        assert_eq!(n("0x1.fffffffffffff8p1023"), Some(Number::Float(f64::INFINITY)));
        assert_eq!(n("0x1.fffffffffffff7p1023"), Some(Number::Float(f64::MAX)));
        // 2^53+1 ties to even, 2^53+3 rounds up
        assert_eq!(n("0x20000000000001"), Some(Number::Int(0x20000000000001)));
        assert_eq!(n("0x20000000000001p0"), Some(Number::Float(9007199254740992.0)));
        assert_eq!(n("0x20000000000003p0"), Some(Number::Float(9007199254740996.0)));
        assert_eq!(
            n("0x200000000000010000000000000000001p-76"),
            Some(Number::Float(9007199254740994.0))
        );
        assert_eq!(n("0x1.000000000000000000000000000000001p0"), Some(Number::Float(1.0)));
        assert_eq!(n("0x0.0000000000000000000000000000001p124"), Some(Number::Float(1.0)));
        assert_eq!(n(&format!("1{}", "0".repeat(400))), Some(Number::Float(f64::INFINITY)));
        assert_eq!(n(&format!("0.{}1e401", "0".repeat(400))), Some(Number::Float(1.0)));
    }

    #[test]
    fn str2number_rejects() {
        for s in [
            "", " ", "inf", "nan", "-inf", "infinity", "NaN", "0x", "0x.", "0xp1", "1e", "1e+", "1e-", ".", "-", "+",
            "--1", "- 1", "1 2", "0x1p", "0x1p+", "1.5x", "1..2", "0x1.2.3", "1e5.5", "12a", "0x1g", "\x001", "1\x00",
            "1 \x00", "0b101", "1_000", "1,5", "++1", "0x-1",
        ] {
            assert_eq!(n(s), None, "{:?}", s);
        }
    }

    #[test]
    fn tostring_floats() {
        assert_eq!(ts(1.0), "1.0");
        assert_eq!(ts(-0.0), "-0.0");
        assert_eq!(ts(0.0), "0.0");
        assert_eq!(ts(1e15), "1e+15");
        assert_eq!(ts(1e14), "1e+14");
        assert_eq!(ts(1e100), "1e+100");
        assert_eq!(ts(2f64.powi(63)), "9.2233720368548e+18");
        assert_eq!(ts(f64::INFINITY), "inf");
        assert_eq!(ts(f64::NEG_INFINITY), "-inf");
        assert_eq!(ts(-f64::NAN), "-nan");
        assert_eq!(ts(f64::from_bits(0x7ff8000000000000)), "nan");
        assert_eq!(ts(123456789012345.0), "1.2345678901234e+14");
        assert_eq!(ts(0.1), "0.1");
        assert_eq!(ts(1e-7), "1e-07");
        assert_eq!(ts(3.14159265358979), "3.1415926535898");
        assert_eq!(ts(100.0), "100.0");
        assert_eq!(ts(-12345678901234.0), "-12345678901234.0");
        assert_eq!(ts(5e-324), "4.9406564584125e-324");
        assert_eq!(
            String::from_utf8(int_to_lua_string(i64::MIN)).unwrap(),
            "-9223372036854775808"
        );
        assert_eq!(String::from_utf8(int_to_lua_string(0)).unwrap(), "0");
    }

    #[test]
    fn printf_floats_vs_lua53() {
        // expected strings produced by lua5.3 (glibc) string.format
        assert_eq!(fl(0.125, "%.2f"), "0.12");
        assert_eq!(fl(0.375, "%.2f"), "0.38");
        assert_eq!(fl(0.5, "%.0f"), "0");
        assert_eq!(fl(1.5, "%.0f"), "2");
        assert_eq!(fl(2.5, "%.0f"), "2");
        assert_eq!(fl(0.25, "%.1f"), "0.2");
        assert_eq!(fl(2.5, "%.0e"), "2e+00");
        assert_eq!(fl(0.25, "%.1e"), "2.5e-01");
        assert_eq!(fl(1.125, "%.2e"), "1.12e+00");
        assert_eq!(fl(100000.0, "%g"), "100000");
        assert_eq!(fl(1000000.0, "%g"), "1e+06");
        assert_eq!(fl(1e-4, "%g"), "0.0001");
        assert_eq!(fl(1e-5, "%g"), "1e-05");
        assert_eq!(fl(0.0001234567, "%g"), "0.000123457");
        assert_eq!(fl(1.0, "%#g"), "1.00000");
        assert_eq!(fl(1.0, "%#.3g"), "1.00");
        assert_eq!(fl(123.0, "%.0g"), "1e+02");
        assert_eq!(fl(123.0, "%#.0g"), "1.e+02");
        assert_eq!(fl(0.0, "%g"), "0");
        assert_eq!(fl(1.0, "%+.3e"), "+1.000e+00");
        assert_eq!(fl(2.0, "% .3E"), " 2.000E+00");
        assert_eq!(fl(-3.0, "%010.2f"), "-000003.00");
        assert_eq!(fl(4.0, "%-10.2f"), "4.00      ");
        assert_eq!(fl(-f64::NAN, "%+f"), "-nan");
        assert_eq!(fl(f64::INFINITY, "%+f"), "+inf");
        assert_eq!(fl(f64::NEG_INFINITY, "% f"), "-inf");
        assert_eq!(fl(-f64::NAN, "%010.3f"), "      -nan");
        assert_eq!(fl(f64::INFINITY, "%E"), "INF");
        assert_eq!(fl(f64::NAN, "% G"), " NAN");
        assert_eq!(fl(1e308, "%.99f").len(), 309 + 100);
        assert!(fl(1e308, "%.99f").starts_with("100000000000000001097906362944045541740492309677311846336810682903157585404911491537163328978494688899061249669721172515611590283743140088328307009198146046031271664502933027185697489699588559043338384466165001178426897626212945177628091195786"));
        assert!(fl(-1e308, "%099.99f").starts_with("-1000000000000000010979"));
        assert_eq!(
            fl(1e300, "%.0f"),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"
        );
        assert_eq!(fl(1.0, "%#.0f"), "1.");
        assert_eq!(fl(1.0, "%#.0e"), "1.e+00");
        assert_eq!(fl(1e100, "%e"), "1.000000e+100");
        assert_eq!(fl(5e-324, "%e"), "4.940656e-324");
        assert_eq!(fl(-0.0, "%f"), "-0.000000");
        assert_eq!(fl(0.1, "%.20f"), "0.10000000000000000555");
        assert_eq!(fl(9.9999996, "%g"), "10");
        assert_eq!(fl(999999.5, "%g"), "1e+06");
        assert_eq!(fl(0.00009999995, "%g"), "0.0001");
        assert_eq!(fl(123456.0, "%G"), "123456");
        assert_eq!(fl(1e-10, "%G"), "1E-10");
        assert_eq!(fl(3.0, "%+010.4g"), "+000000003");
        assert_eq!(fl(1.0, "%5.1F"), "  1.0");
        // glibc's %#g quirk on rounding into a new decade
        assert_eq!(fl(9999.75, "%#.4g"), "1.e+04");
        assert_eq!(fl(99999.0, "%#.4g"), "1.000e+05");
        assert_eq!(fl(999.9, "%#.3g"), "1.e+03");
        assert_eq!(fl(9.999, "%#.3g"), "10.0");
        assert_eq!(fl(99.9, "%#.2g"), "1.e+02");
        assert_eq!(fl(9.999, "%#.2g"), "10.");
        assert_eq!(fl(999999.5, "%#g"), "1.e+06");
        assert_eq!(fl(99999999.0, "%#g"), "1.00000e+08");
        assert_eq!(fl(0.00099999, "%#.3g"), "0.00100");
        assert_eq!(fl(9.5, "%#.1g"), "1.e+01");
    }

    #[test]
    fn printf_hex_floats_vs_lua53() {
        assert_eq!(fl(1.0 / 3.0, "%5.3a"), "0x1.555p-2");
        assert_eq!(fl(1.0, "%#a"), "0x1.p+0");
        assert_eq!(fl(1.5, "%.0a"), "0x2p+0");
        assert_eq!(fl(5e-324, "%a"), "0x0.0000000000001p-1022");
        assert_eq!(fl(1e300, "%A"), "0X1.7E43C8800759CP+996");
        assert_eq!(fl(-0.0, "%-+#12.3a"), "-0x0.000p+0 ");
        assert_eq!(fl(f64::INFINITY, "%.3a"), "inf");
        assert_eq!(fl(f64::NEG_INFINITY, "%010.3a"), "      -inf");
        assert_eq!(fl(1.03125, "%.0a"), "0x1p+0");
        assert_eq!(fl(1.03125, "%.1a"), "0x1.0p+0");
        assert_eq!(fl(1.0 / 3.0, "%.12a"), "0x1.555555555555p-2");
        assert_eq!(fl(1.0 / 3.0, "%.13a"), "0x1.5555555555555p-2");
        assert_eq!(fl(1.0 / 3.0, "%.14a"), "0x1.55555555555550p-2");
        assert_eq!(fl(1.75, "%.0a"), "0x2p+0");
        assert_eq!(fl(1.09375, "%.1a"), "0x1.2p+0"); // 0x1.18
        assert_eq!(fl(1.15625, "%.1a"), "0x1.2p+0"); // 0x1.28
        assert_eq!(fl(1.96875, "%.1a"), "0x2.0p+0"); // 0x1.f8
        assert_eq!(fl(1.9375, "%.0a"), "0x2p+0"); // 0x1.f
        assert_eq!(fl(f64::from_bits(0xf8), "%.1a"), "0x0.0p-1022");
        assert_eq!(fl(f64::from_bits(0xfffffffffffff), "%.2a"), "0x1.00p-1022");
        assert_eq!(fl(f64::from_bits(0xfffffffffffff), "%.0a"), "0x1p-1022");
        assert_eq!(fl(f64::from_bits(1 << 51), "%a"), "0x0.8p-1022");
        assert_eq!(fl(1e-310, "%a"), "0x0.012688b70e62bp-1022");
        assert_eq!(fl(1.5, "%020a"), "0x0000000000001.8p+0");
        assert_eq!(fl(1.5, "%-20a"), "0x1.8p+0            ");
        assert_eq!(fl(1.5, "%+a"), "+0x1.8p+0");
        assert_eq!(fl(1.5, "% a"), " 0x1.8p+0");
        assert_eq!(fl(0.0, "%#A"), "0X0.P+0");
        assert_eq!(fl(0.0, "%a"), "0x0p+0");
        assert_eq!(fl(0.1, "%a"), "0x1.999999999999ap-4");
        assert_eq!(fl(1.0, "%a"), "0x1p+0");
        assert_eq!(fl(f64::MAX, "%a"), "0x1.fffffffffffffp+1023");
    }

    #[test]
    fn printf_ints_vs_lua53() {
        assert_eq!(it(65, "%5c"), "    A");
        assert_eq!(it(65, "%05c"), "    A");
        assert_eq!(it(0, "%-3c"), "\0  ");
        assert_eq!(it(256 + 65, "%c"), "A");
        assert_eq!(it(0, "%.0d"), "");
        assert_eq!(it(0, "%#.0o"), "0");
        assert_eq!(it(0, "%#o"), "0");
        assert_eq!(it(0, "%#x"), "0");
        assert_eq!(it(5, "%+u"), "5");
        assert_eq!(it(5, "% x"), "5");
        assert_eq!(it(-5, "%08.3d"), "    -005");
        assert_eq!(it(-5, "%-8.3d"), "-005    ");
        assert_eq!(it(255, "%#.3x"), "0x0ff");
        assert_eq!(it(8, "%#10.3o"), "       010");
        assert_eq!(it(-1, "%#X"), "0XFFFFFFFFFFFFFFFF");
        assert_eq!(it(-1, "%x"), "ffffffffffffffff");
        assert_eq!(it(-1, "%u"), "18446744073709551615");
        assert_eq!(it(-1, "%o"), "1777777777777777777777");
        assert_eq!(it(i64::MIN, "%d"), "-9223372036854775808");
        assert_eq!(it(255, "%#x"), "0xff");
        assert_eq!(it(8, "%#o"), "010");
        assert_eq!(it(5, "%+d"), "+5");
        assert_eq!(it(5, "% d"), " 5");
        assert_eq!(it(5, "%+ d"), "+5");
        assert_eq!(it(42, "%05d"), "00042");
        assert_eq!(it(-42, "%05d"), "-0042");
        assert_eq!(it(42, "%-05d"), "42   ");
        assert_eq!(it(42, "%#010x"), "0x0000002a");
        assert_eq!(it(42, "%i"), "42");
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
        let alphabet = b"0123456789abcdefxXpPeEnN.+- \t\x00\xff";
        for _ in 0..100000 {
            let len = (rnd() % 40) as usize;
            let st: Vec<u8> = (0..len)
                .map(|_| {
                    if rnd() % 8 == 0 {
                        rnd() as u8
                    } else {
                        alphabet[(rnd() % alphabet.len() as u64) as usize]
                    }
                })
                .collect();
            let _ = str2number(&st);
            let v = f64::from_bits(rnd());
            let mut flags = Flags::default();
            for &c in b"-+ #0" {
                if rnd() % 3 == 0 {
                    flags.set(c);
                }
            }
            let precision = if rnd() % 2 == 0 {
                Some((rnd() % 100) as usize)
            } else {
                None
            };
            let width = (rnd() % 100) as usize;
            let mut out = Vec::new();
            let conv = b"eEfFgGaAq"[(rnd() % 9) as usize];
            format_float(
                &mut out,
                v,
                &FloatSpec {
                    flags,
                    width,
                    precision,
                    conv,
                },
            );
            let conv = b"diucoxXq"[(rnd() % 8) as usize];
            format_int(
                &mut out,
                rnd() as i64,
                &IntSpec {
                    flags,
                    width,
                    precision,
                    conv,
                },
            );
            fmt_float_g14(v, &mut out);
        }
    }

    /// Random cross-check against the installed lua5.3 (run with `--ignored`).
    #[test]
    #[ignore]
    fn random_crosscheck_with_lua53() {
        use std::process::Command;
        use std::string::ToString;
        if Command::new("lua5.3").arg("-v").output().is_err() {
            return;
        }
        let mut seed: u64 = 0x9e3779b97f4a7c15;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let convs = [b'e', b'E', b'f', b'g', b'G', b'a', b'A'];
        let flagset = [b'-', b'+', b' ', b'#', b'0'];
        let lit = |v: f64| -> String {
            if v.is_infinite() {
                String::from(if v > 0.0 { "(1/0)" } else { "(-1/0)" })
            } else {
                fl(v, "%a")
            }
        };
        let mut cases: Vec<(String, f64)> = Vec::new();
        let count: usize = std::env::var("RAVI_CROSSCHECK_N")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20000);
        for _ in 0..count {
            let r = rnd();
            let v = match r % 8 {
                6 => {
                    let k = (rnd() % 40) as i32 - 10;
                    let d = (rnd() % 17) as i32 + 1;
                    10f64.powi(k) * (1.0 - 0.5 * 10f64.powi(-d)) * if rnd() % 2 == 0 { 1.0 } else { 1.0 - 1e-15 }
                }
                7 => (rnd() % 4000) as f64 * 0.125,
                0 => f64::from_bits(rnd()),
                1 => (rnd() as i64 as f64) / ((rnd() % 1000 + 1) as f64),
                2 => f64::from_bits(rnd() % (1u64 << 52)), // subnormal
                3 => ((rnd() % 100000) as f64) / 8.0,
                4 => f64::from_bits(rnd()) % 1e20,
                _ => (rnd() % 1000) as f64 * 10f64.powi((rnd() % 40) as i32 - 20),
            };
            if v.is_nan() {
                continue;
            }
            let mut spec = String::from("%");
            for fl in flagset {
                if rnd() % 4 == 0 {
                    spec.push(fl as char);
                }
            }
            if rnd() % 2 == 0 {
                spec.push_str(&(1 + rnd() % 99).to_string());
            }
            if rnd() % 3 != 0 {
                spec.push('.');
                let p = if rnd() % 5 == 0 { rnd() % 100 } else { rnd() % 20 };
                spec.push_str(&p.to_string());
            }
            spec.push(convs[(rnd() % convs.len() as u64) as usize] as char);
            cases.push((spec, v));
        }
        let mut script = String::new();
        for (spec, v) in &cases {
            script.push_str(&format!("print(string.format('{}', {}))\n", spec, lit(*v)));
        }
        let path = std::env::temp_dir().join("ravi_number_crosscheck.lua");
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), cases.len());
        let mut bad = 0;
        for ((spec, v), want) in cases.iter().zip(lines) {
            let got = fl(*v, spec);
            if got != want {
                bad += 1;
                if bad < 20 {
                    std::eprintln!("{} {:e}: got {:?} want {:?}", spec, v, got, want);
                }
            }
        }
        // tostring and tonumber round trip
        let mut script = String::new();
        let mut vals = vec![];
        for _ in 0..count / 4 {
            let v = f64::from_bits(rnd());
            if !v.is_finite() {
                continue;
            }
            vals.push(v);
            script.push_str(&format!(
                "print(tostring({}), tonumber('{}'), tonumber('{}'))\n",
                lit(v),
                fl(v, "%a"),
                fl(v, "%.20e")
            ));
        }
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for (v, line) in vals.iter().zip(text.lines()) {
            let a = fl(*v, "%a");
            let e = fl(*v, "%.20e");
            let mut want = ts(*v);
            want.push('\t');
            want.push_str(&ts(match str2number(a.as_bytes()) {
                Some(Number::Float(f)) => f,
                _ => f64::NAN,
            }));
            want.push('\t');
            want.push_str(&ts(match str2number(e.as_bytes()) {
                Some(Number::Float(f)) => f,
                _ => f64::NAN,
            }));
            if want != line {
                bad += 1;
                if bad < 40 {
                    std::eprintln!("tostring/tonumber {:e}: got {:?} want {:?}", v, want, line);
                }
            }
        }
        // tonumber on random numeral-like strings
        let alphabet = b"0123456789abcdefxXpPeE.+- \t\n9n1";
        let mut strs: Vec<Vec<u8>> = Vec::new();
        let mut script = String::from("local function show(s) local v = tonumber(s) if v == nil then print('nil') elseif math.type(v) == 'integer' then print('i', v) else print('f', string.format('%a', v)) end end\n");
        for _ in 0..count / 4 {
            let len = (rnd() % 12) as usize;
            let mut st = Vec::new();
            let prefix = rnd() % 4;
            if prefix == 0 {
                st.extend_from_slice(b"0x");
            } else if prefix == 1 {
                st.extend_from_slice(b"-0X");
            }
            for _ in 0..len {
                st.push(alphabet[(rnd() % alphabet.len() as u64) as usize]);
            }
            let mut lit = String::new();
            for &c in &st {
                match c {
                    b'\t' => lit.push_str("\\t"),
                    b'\n' => lit.push_str("\\n"),
                    _ => lit.push(c as char),
                }
            }
            script.push_str(&format!("show(\"{}\")\n", lit));
            strs.push(st);
        }
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), strs.len());
        for (st, line) in strs.iter().zip(text.lines()) {
            let got = match str2number(st) {
                None => String::from("nil"),
                Some(Number::Int(i)) => format!("i\t{}", i),
                Some(Number::Float(f)) => format!("f\t{}", fl(f, "%a")),
            };
            if got != line {
                bad += 1;
                if bad < 60 {
                    std::eprintln!(
                        "tonumber {:?}: got {:?} want {:?}",
                        String::from_utf8_lossy(st),
                        got,
                        line
                    );
                }
            }
        }
        assert_eq!(bad, 0);
    }
}
