//! The `string.format` driver of Lua 5.3 (lstrlib.c `str_format`) as a pure function over
//! an argument-fetching trait, VM-independent.
//!
//! Owns: scanning of the format string (`%%`; flags `-+ #0`, at most 5 flag characters;
//! width and precision of at most two digits each), the conversions `d i u c x X o` (via
//! [`ravi_parser::number::format_int`]), `e E f g G a A` (via
//! [`ravi_parser::number::format_float`], glibc-exact), `s` (with 5.3's rules: no
//! modifiers -> the whole string; with modifiers, embedded zeros are an error and a string
//! of 100+ bytes without precision is kept whole) and `q` ([`add_quoted`], integers as
//! `%d` except mininteger as `0x8000000000000000`, floats as glibc `%a` (so `inf`, `-inf`,
//! `nan`/`-nan` as printed there), nil/booleans via tostring), and 5.3's error messages.
//! `%F` is rejected as lua5.3 (5.3.6 on Debian) does. Width and precision are bounded
//! (<= 99) by the scanner, so no conversion can allocate much.
//!
//! The VM wrapper implements [`FormatArgs`] over its stack (Lua argument indices: the
//! format string is argument 1, values start at 2), calls [`format`], and turns a
//! [`FormatError`] into a Lua error: `BadArg { arg, msg }` -> `luaL_argerror(arg, msg)`
//! ("bad argument #2 to 'format' (no value)"), `Error(msg)` -> `luaL_error(msg)`,
//! `Arg(e)` -> the wrapper's own error from fetching the argument.

use alloc::string::String;
use alloc::vec::Vec;
use ravi_parser::number::{format_float, format_int, Flags, FloatSpec, IntSpec};

/// What `%q` gets for one argument (the wrapper classifies the Lua value).
#[derive(Clone, Debug, PartialEq)]
pub enum QArg {
    /// A string: quoted.
    Str(Vec<u8>),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// nil or a boolean: the bytes of `luaL_tolstring` on it, appended as they are.
    Raw(Vec<u8>),
    /// Any other type: "value has no literal form".
    NoLiteral,
}

/// Access to string.format's arguments, by Lua argument index (2 = first value).
pub trait FormatArgs {
    /// The wrapper's error type for failed conversions (e.g. "number expected, got nil").
    type Error;
    /// `lua_gettop`: the index of the last argument (the format string is argument 1).
    fn top(&self) -> usize;
    /// `luaL_checkinteger(i)`.
    fn int(&mut self, i: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber(i)`.
    fn float(&mut self, i: usize) -> Result<f64, Self::Error>;
    /// `luaL_tolstring(i)` (honours `__tostring`/`__name`), for `%s`.
    fn tostring(&mut self, i: usize) -> Result<Vec<u8>, Self::Error>;
    /// The argument classified for `%q`.
    fn literal(&mut self, i: usize) -> Result<QArg, Self::Error>;
}

/// An error of [`format`].
#[derive(Clone, Debug, PartialEq)]
pub enum FormatError<E> {
    /// Fetching an argument failed (the wrapper's error, passed through).
    Arg(E),
    /// `luaL_argerror(arg, msg)`: "bad argument #<arg> to 'format' (<msg>)".
    BadArg { arg: usize, msg: &'static str },
    /// `luaL_error(msg)`, e.g. "invalid option '%y' to 'format'".
    Error(String),
}

const FLAGS: &[u8] = b"-+ #0";

#[inline]
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// lua_pushfstring's `%c`: printable characters as is, others as `<\ddd>`.
fn push_fchar(s: &mut String, c: u8) {
    if (32..127).contains(&c) {
        s.push(c as char);
    } else {
        s.push_str("<\\");
        let mut v = Vec::new();
        ravi_parser::number::fmt_int(c as i64, &mut v);
        s.push_str(core::str::from_utf8(&v).unwrap_or("?"));
        s.push('>');
    }
}

/// `addquoted`: `s` as a Lua string literal, exactly as 5.3's `%q` writes it.
pub fn add_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        if c == b'"' || c == b'\\' || c == b'\n' {
            out.push(b'\\');
            out.push(c);
        } else if c < 32 || c == 127 {
            out.push(b'\\');
            let next_digit = at(s, i + 1).is_ascii_digit();
            if next_digit {
                out.push(b'0' + c / 100);
                out.push(b'0' + (c / 10) % 10);
                out.push(b'0' + c % 10);
            } else {
                ravi_parser::number::fmt_int(c as i64, out);
            }
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// `%q` of a number: integers as `%d` (mininteger as `0x8000000000000000`), floats as
/// glibc's `%a`.
pub fn add_quoted_number(out: &mut Vec<u8>, n: ravi_parser::number::Number) {
    match n {
        ravi_parser::number::Number::Int(i) => {
            if i == i64::MIN {
                out.extend_from_slice(b"0x8000000000000000");
            } else {
                ravi_parser::number::fmt_int(i, out);
            }
        }
        ravi_parser::number::Number::Float(f) => {
            let spec = FloatSpec {
                flags: Flags::default(),
                width: 0,
                precision: None,
                conv: b'a',
            };
            format_float(out, f, &spec);
        }
    }
}

/// A scanned conversion specification.
struct Spec {
    flags: Flags,
    width: usize,
    precision: Option<usize>,
    /// true if anything appears between '%' and the conversion (5.3's `form[2] != '\0'`).
    modifiers: bool,
}

/// `scanformat`: parses flags/width/precision at `fmt[i..]`; returns the spec and the
/// index of the conversion character.
fn scan_format(fmt: &[u8], start: usize) -> Result<(Spec, usize), String> {
    let mut p = start;
    let mut flags = Flags::default();
    while at(fmt, p) != 0 && FLAGS.contains(&at(fmt, p)) {
        flags.set(fmt[p]);
        p += 1;
    }
    // lstrlib: (p - strfrmt) >= sizeof(FLAGS), i.e. 6 or more flag characters
    if p - start > FLAGS.len() {
        return Err(String::from("invalid format (repeated flags)"));
    }
    let mut width = 0usize;
    for _ in 0..2 {
        if at(fmt, p).is_ascii_digit() {
            width = width * 10 + (fmt[p] - b'0') as usize;
            p += 1;
        }
    }
    let mut precision = None;
    if at(fmt, p) == b'.' {
        p += 1;
        let mut prec = 0usize;
        for _ in 0..2 {
            if at(fmt, p).is_ascii_digit() {
                prec = prec * 10 + (fmt[p] - b'0') as usize;
                p += 1;
            }
        }
        precision = Some(prec);
    }
    if at(fmt, p).is_ascii_digit() {
        return Err(String::from("invalid format (width or precision too long)"));
    }
    Ok((
        Spec {
            flags,
            width,
            precision,
            modifiers: p > start,
        },
        p,
    ))
}

/// `string.format(fmt, ...)`: the formatted result. See the module doc for the errors.
pub fn format<A: FormatArgs>(fmt: &[u8], args: &mut A) -> Result<Vec<u8>, FormatError<A::Error>> {
    let mut out = Vec::new();
    format_into(&mut out, fmt, args)?;
    Ok(out)
}

/// [`format`], appending to `out`.
pub fn format_into<A: FormatArgs>(out: &mut Vec<u8>, fmt: &[u8], args: &mut A) -> Result<(), FormatError<A::Error>> {
    let top = args.top();
    let mut arg = 1usize;
    let mut i = 0usize;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if at(fmt, i) == b'%' {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg > top {
            return Err(FormatError::BadArg { arg, msg: "no value" });
        }
        let (spec, p) = scan_format(fmt, i).map_err(FormatError::Error)?;
        let conv = at(fmt, p);
        i = p + 1;
        match conv {
            b'c' | b'd' | b'i' | b'o' | b'u' | b'x' | b'X' => {
                let mut n = args.int(arg).map_err(FormatError::Arg)?;
                if conv == b'c' {
                    n = n as i32 as i64; // (int)luaL_checkinteger
                }
                let s = IntSpec {
                    flags: spec.flags,
                    width: spec.width,
                    precision: spec.precision,
                    conv,
                };
                format_int(out, n, &s);
            }
            b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => {
                let v = args.float(arg).map_err(FormatError::Arg)?;
                let s = FloatSpec {
                    flags: spec.flags,
                    width: spec.width,
                    precision: spec.precision,
                    conv,
                };
                format_float(out, v, &s);
            }
            b'q' => match args.literal(arg).map_err(FormatError::Arg)? {
                QArg::Str(s) => add_quoted(out, &s),
                QArg::Int(n) => add_quoted_number(out, ravi_parser::number::Number::Int(n)),
                QArg::Float(f) => add_quoted_number(out, ravi_parser::number::Number::Float(f)),
                QArg::Raw(b) => out.extend_from_slice(&b),
                QArg::NoLiteral => {
                    return Err(FormatError::BadArg {
                        arg,
                        msg: "value has no literal form",
                    })
                }
            },
            b's' => {
                let s = args.tostring(arg).map_err(FormatError::Arg)?;
                if !spec.modifiers {
                    out.extend_from_slice(&s);
                } else if s.contains(&0) {
                    return Err(FormatError::BadArg {
                        arg,
                        msg: "string contains zeros",
                    });
                } else if spec.precision.is_none() && s.len() >= 100 {
                    out.extend_from_slice(&s);
                } else {
                    let body = match spec.precision {
                        Some(p) if p < s.len() => &s[..p],
                        _ => &s[..],
                    };
                    let fill = spec.width.saturating_sub(body.len());
                    if spec.flags.minus {
                        out.extend_from_slice(body);
                        out.resize(out.len() + fill, b' ');
                    } else {
                        out.resize(out.len() + fill, b' ');
                        out.extend_from_slice(body);
                    }
                }
            }
            _ => {
                let mut m = String::from("invalid option '%");
                push_fchar(&mut m, conv);
                m.push_str("' to 'format'");
                return Err(FormatError::Error(m));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use alloc::format;
    use alloc::vec;
    use ravi_parser::number::{float_to_lua_string, int_to_lua_string, str2number, Number};

    #[derive(Clone, Debug)]
    enum A {
        I(i64),
        F(f64),
        S(&'static [u8]),
        Nil,
        B(bool),
        T,
    }
    use A::*;

    struct Args(Vec<A>);

    impl FormatArgs for Args {
        type Error = String;
        fn top(&self) -> usize {
            self.0.len() + 1
        }
        fn int(&mut self, i: usize) -> Result<i64, String> {
            match self.0[i - 2] {
                I(n) => Ok(n),
                F(f) => {
                    if f == (f as i64) as f64 && f != 9223372036854775808.0 {
                        Ok(f as i64)
                    } else {
                        Err(String::from("number has no integer representation"))
                    }
                }
                S(s) => match str2number(s) {
                    Some(Number::Int(n)) => Ok(n),
                    Some(Number::Float(f)) if f == (f as i64) as f64 => Ok(f as i64),
                    Some(_) => Err(String::from("number has no integer representation")),
                    None => Err(String::from("number expected, got string")),
                },
                Nil => Err(String::from("number expected, got nil")),
                B(_) => Err(String::from("number expected, got boolean")),
                T => Err(String::from("number expected, got table")),
            }
        }
        fn float(&mut self, i: usize) -> Result<f64, String> {
            match self.0[i - 2] {
                I(n) => Ok(n as f64),
                F(f) => Ok(f),
                S(s) => match str2number(s) {
                    Some(Number::Int(n)) => Ok(n as f64),
                    Some(Number::Float(f)) => Ok(f),
                    None => Err(String::from("number expected, got string")),
                },
                Nil => Err(String::from("number expected, got nil")),
                B(_) => Err(String::from("number expected, got boolean")),
                T => Err(String::from("number expected, got table")),
            }
        }
        fn tostring(&mut self, i: usize) -> Result<Vec<u8>, String> {
            Ok(match self.0[i - 2] {
                I(n) => int_to_lua_string(n),
                F(f) => float_to_lua_string(f),
                S(s) => s.to_vec(),
                Nil => b"nil".to_vec(),
                B(b) => {
                    if b {
                        b"true".to_vec()
                    } else {
                        b"false".to_vec()
                    }
                }
                T => b"table: 0x55".to_vec(),
            })
        }
        fn literal(&mut self, i: usize) -> Result<QArg, String> {
            Ok(match self.0[i - 2] {
                I(n) => QArg::Int(n),
                F(f) => QArg::Float(f),
                S(s) => QArg::Str(s.to_vec()),
                Nil => QArg::Raw(b"nil".to_vec()),
                B(b) => QArg::Raw(if b { b"true".to_vec() } else { b"false".to_vec() }),
                T => QArg::NoLiteral,
            })
        }
    }

    fn run(fmt: &[u8], args: Vec<A>) -> Vec<u8> {
        match format(fmt, &mut Args(args)) {
            Ok(v) => v,
            Err(FormatError::Arg(m)) => format!("BADARG ({})", m).into_bytes(),
            Err(FormatError::BadArg { arg, msg }) => format!("BADARG #{} ({})", arg, msg).into_bytes(),
            Err(FormatError::Error(m)) => format!("ERR {}", m).into_bytes(),
        }
    }

    fn check(fmt: &[u8], args: Vec<A>, want: &[u8]) {
        let got = run(fmt, args.clone());
        assert_eq!(
            std::string::String::from_utf8_lossy(&got),
            std::string::String::from_utf8_lossy(want),
            "format {:?} {:?}",
            std::string::String::from_utf8_lossy(fmt),
            args
        );
    }

    #[test]
    fn quoting_vs_lua53() {
        // lua5.3: string.format("%q", "a\0b\0001\r\n\"\\\127\200")
        check(
            b"%q",
            vec![S(b"a\0b\x001\r\n\"\\\x7f\x80")],
            b"\"a\\0b\\0001\\13\\\n\\\"\\\\\\127\x80\"",
        );
        check(b"%q", vec![S(b"\x01")], b"\"\\1\"");
        check(b"%q", vec![S(b"\x0112")], b"\"\\00112\"");
        check(b"%q", vec![S(b"\t9\t")], b"\"\\0099\\9\"");
        check(b"%q", vec![S(b"")], b"\"\"");
        check(b"%q", vec![I(1)], b"1");
        check(b"%q", vec![I(i64::MIN)], b"0x8000000000000000");
        check(b"%q", vec![I(i64::MIN + 1)], b"-9223372036854775807");
        check(b"%q", vec![F(1.0)], b"0x1p+0");
        check(b"%q", vec![F(0.1)], b"0x1.999999999999ap-4");
        check(b"%q", vec![F(9223372036854775808.0)], b"0x1p+63");
        check(b"%q", vec![F(f64::INFINITY)], b"inf");
        check(b"%q", vec![F(f64::NEG_INFINITY)], b"-inf");
        check(b"%q", vec![F(-f64::NAN)], b"-nan");
        check(b"%q", vec![F(-0.0)], b"-0x0p+0");
        check(b"%q", vec![B(true)], b"true");
        check(b"%q", vec![Nil], b"nil");
        check(b"%q", vec![T], b"BADARG #2 (value has no literal form)");
        check(b"%-5q|", vec![I(1)], b"1|");
        check(b"%.3q", vec![S(b"x")], b"\"x\"");
        check(b"%10q", vec![S(b"x")], b"\"x\"");
    }

    #[test]
    fn errors_vs_lua53() {
        check(b"%y", vec![I(1)], b"ERR invalid option '%y' to 'format'");
        check(b"%F", vec![I(1)], b"ERR invalid option '%F' to 'format'");
        check(b"%", vec![I(1)], b"ERR invalid option '%<\\0>' to 'format'");
        check(b"%5", vec![I(1)], b"ERR invalid option '%<\\0>' to 'format'");
        check(b"%\0d", vec![I(1)], b"ERR invalid option '%<\\0>' to 'format'");
        check(b"%\xff", vec![I(1)], b"ERR invalid option '%<\\255>' to 'format'");
        check(b"%ld", vec![I(1)], b"ERR invalid option '%l' to 'format'");
        check(b"%----------d", vec![I(1)], b"ERR invalid format (repeated flags)");
        check(b"%-+ #0-d", vec![I(1)], b"ERR invalid format (repeated flags)");
        check(b"%-----d", vec![I(1)], b"1");
        check(
            b"%100d",
            vec![I(1)],
            b"ERR invalid format (width or precision too long)",
        );
        check(
            b"%.100d",
            vec![I(1)],
            b"ERR invalid format (width or precision too long)",
        );
        let mut want = vec![b'0'; 98];
        want.push(b'1');
        check(b"%99.99d", vec![I(1)], &want);
        check(b"%d", vec![], b"BADARG #2 (no value)");
        check(b"%", vec![], b"BADARG #2 (no value)");
        check(b"%d %d", vec![I(1)], b"BADARG #3 (no value)");
        check(b"%y", vec![], b"BADARG #2 (no value)");
        check(b"%d", vec![F(1.5)], b"BADARG (number has no integer representation)");
        check(b"%d", vec![S(b"10")], b"10");
        check(b"%5s", vec![S(b"a\0bc")], b"BADARG #2 (string contains zeros)");
        check(b"%.0s|", vec![S(b"a\0")], b"BADARG #2 (string contains zeros)");
        check(b"%s", vec![S(b"a\0bc")], b"a\0bc");
        check(b"%%%d%%", vec![I(5)], b"%5%");
        check(b"abc", vec![], b"abc");
        check(b"a\0%s\0", vec![S(b"x")], b"a\0x\0");
    }

    #[test]
    fn conversions_vs_lua53() {
        check(b"%5.2s|", vec![S(b"abc")], b"   ab|");
        check(b"%5.1s|", vec![S(b"abc")], b"    a|");
        check(b"[%05s]", vec![S(b"ab")], b"[   ab]");
        check(b"[%-05s]", vec![S(b"ab")], b"[ab   ]");
        check(b"%s %s", vec![I(1), F(2.5)], b"1 2.5");
        check(b"%s", vec![F(1e15)], b"1e+15");
        check(b"%5s|%-5s|", vec![F(1.5), I(2)], b"  1.5|2    |");
        check(b"%s", vec![F(2.0)], b"2.0");
        check(b"%d", vec![F(3.0)], b"3");
        check(b"%x", vec![I(-1)], b"ffffffffffffffff");
        check(b"%5.3a", vec![F(1.0 / 3.0)], b"0x1.555p-2");
        check(b"%c", vec![I(65)], b"A");
        check(b"%10c", vec![I(65)], b"         A");
        check(b"%-10c|", vec![I(0)], b"\0         |");
        check(b"%c", vec![F(2147483648.0 + 65.0)], b"A");
        check(
            b"%#x %#o %#X %+d % d",
            vec![I(255), I(8), I(255), I(5), I(5)],
            b"0xff 010 0XFF +5  5",
        );
        check(b"%i", vec![I(3)], b"3");
        check(b"%#a", vec![I(1)], b"0x1.p+0");
        check(b"%.0a", vec![F(1.5)], b"0x2p+0");
        check(b"%a", vec![F(5e-324)], b"0x0.0000000000001p-1022");
        check(b"%A", vec![F(1e300)], b"0X1.7E43C8800759CP+996");
        check(b"%.3f", vec![S(b"0x10")], b"16.000");
        check(b"%g", vec![I(100000000000000)], b"1e+14");
        check(b"%.14g", vec![F(0.1)], b"0.1");
        check(
            b"%5.1f|%-8.3e|%G",
            vec![F(3.25159), F(-2.5), F(1e-10)],
            b"  3.3|-2.500e+00|1E-10",
        );
        let s150 = [b'x'; 150];
        let mut want = s150.to_vec();
        want.push(b'|');
        let leaked: &'static [u8] = std::boxed::Box::leak(std::boxed::Box::new(s150));
        check(b"%-99s|", vec![S(leaked)], &want);
        check(b"%.2s|", vec![S(leaked)], b"xx|");
        let r = run(b"%99.99f", vec![F(1e308)]);
        assert_eq!(r.len(), 309 + 100);
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
        let alphabet = b"%-+ #0123456789.diucoxXeEfFgGaAqsyl\x00\xff";
        for _ in 0..30000 {
            let fmt: Vec<u8> = (0..(rnd() % 16))
                .map(|_| alphabet[(rnd() % alphabet.len() as u64) as usize])
                .collect();
            let args: Vec<A> = (0..(rnd() % 5))
                .map(|_| match rnd() % 6 {
                    0 => I(rnd() as i64),
                    1 => F(f64::from_bits(rnd())),
                    2 => S(b"a\0b"),
                    3 => S(b"hello"),
                    4 => B(true),
                    _ => T,
                })
                .collect();
            let r = run(&fmt, args);
            assert!(r.len() < 4096);
        }
    }

    /// Random cross-check of whole format strings against lua5.3 (`--ignored`).
    #[test]
    #[ignore]
    fn random_crosscheck_with_lua53() {
        use std::process::Command;
        use std::string::String;
        if Command::new("lua5.3").arg("-v").output().is_err() {
            return;
        }
        let count: usize = std::env::var("RAVI_FORMAT_N")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20000);
        let mut seed: u64 = 0x853c49e6748fea9b;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let convs = b"diucoxXeEfgGaAqsy%F";
        let strs: &[&'static [u8]] = &[
            b"",
            b"abc",
            b"a\"b\\c\n",
            b"\x01\x02" as &[u8],
            b"\x0012",
            b"\r\n\t9",
            b"hello world",
            b"\x7f\xff",
        ];
        let mut script = String::from("local function run(...) local ok, r = pcall(string.format, ...) if ok then return r else return (r:gsub(\"^bad argument (#%d+) to '[%w.]+'\", 'BADARG %1'):gsub('^BADARG #%d+ %((number [^)]*)%)', 'BADARG (%1)'):gsub('^invalid', 'ERR invalid')) end end\n");
        let mut cases = Vec::new();
        for _ in 0..count {
            let mut fmt = Vec::new();
            let mut args = Vec::new();
            let mut lua_args = Vec::new();
            for _ in 0..(1 + rnd() % 3) {
                if rnd() % 3 == 0 {
                    fmt.extend_from_slice(b"<>");
                }
                fmt.push(b'%');
                for fl in b"-+ #0" {
                    if rnd() % 5 == 0 {
                        fmt.push(*fl);
                    }
                }
                if rnd() % 2 == 0 {
                    fmt.extend_from_slice(format!("{}", 1 + rnd() % 30).as_bytes());
                }
                if rnd() % 2 == 0 {
                    fmt.extend_from_slice(format!(".{}", rnd() % 25).as_bytes());
                }
                let conv = if rnd() % 20 == 0 {
                    convs[(rnd() % convs.len() as u64) as usize]
                } else {
                    convs[(rnd() % 16) as usize]
                };
                fmt.push(conv);
                let kind = if rnd() % 20 == 0 {
                    rnd() % 7
                } else {
                    match conv {
                        b'd' | b'i' | b'u' | b'c' | b'o' | b'x' | b'X' => [0, 1, 6][(rnd() % 3) as usize],
                        b'e' | b'E' | b'f' | b'g' | b'G' | b'a' | b'A' => [0, 2, 3, 3, 6][(rnd() % 5) as usize],
                        _ => rnd() % 7,
                    }
                };
                let (a, l): (A, String) = match kind {
                    0 => {
                        let n = rnd() as i64 >> (rnd() % 64);
                        (I(n), format!("math.tointeger({})", n as i128))
                    }
                    1 => (I(i64::MIN), String::from("math.mininteger")),
                    2 => {
                        let f = if rnd() % 2 == 0 {
                            f64::from_bits(rnd())
                        } else {
                            (rnd() as i64 as f64) / 1e9
                        };
                        if f.is_nan() {
                            (F(f64::INFINITY), String::from("(1/0)"))
                        } else {
                            (F(f), String::from_utf8(hexa(f)).unwrap())
                        }
                    }
                    3 => {
                        let f = ((rnd() % 20000) as f64 - 10000.0) / 16.0;
                        (F(f), String::from_utf8(hexa(f)).unwrap())
                    }
                    4 => {
                        let s = strs[(rnd() % strs.len() as u64) as usize];
                        let mut l = String::from("\"");
                        for &c in s {
                            l.push_str(&format!("\\{}", c));
                        }
                        l.push('"');
                        (S(s), l)
                    }
                    5 => (B(rnd() % 2 == 0), String::new()),
                    _ => (F(((rnd() % 1000) as f64) * 1.0), String::new()),
                };
                let l = match (&a, l.is_empty()) {
                    (B(b), _) => format!("{}", b),
                    (F(f), true) => String::from_utf8(hexa(*f)).unwrap(),
                    _ => l,
                };
                args.push(a);
                lua_args.push(l);
            }
            let mut lf = String::from("\"");
            for &c in &fmt {
                lf.push_str(&format!("\\{}", c));
            }
            lf.push('"');
            script.push_str(&format!("io.write(run({}, {}), '\\n')\n", lf, lua_args.join(", ")));
            cases.push((fmt, args));
        }
        let path = std::env::temp_dir().join("ravi_format_crosscheck.lua");
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let lines: Vec<&[u8]> = out.stdout.split(|&c| c == b'\n').collect();
        assert!(lines.len() > cases.len(), "{}", String::from_utf8_lossy(&out.stderr));
        // outputs may contain '\n' (from %q or %c): compare the concatenation instead
        let mut bad = 0;
        let mut pos = 0usize;
        for (fmt, args) in &cases {
            let got = run(fmt, args.clone());
            let want = out.stdout.get(pos..pos + got.len() + 1).unwrap_or(&[]);
            if want.len() != got.len() + 1 || want[..got.len()] != got[..] || want[got.len()] != b'\n' {
                bad += 1;
                if bad < 20 {
                    let end = out.stdout[pos..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map(|e| pos + e)
                        .unwrap_or(out.stdout.len());
                    std::eprintln!(
                        "{:?} {:?}: got {:?} want {:?}",
                        String::from_utf8_lossy(fmt),
                        args,
                        String::from_utf8_lossy(&got),
                        String::from_utf8_lossy(&out.stdout[pos..end])
                    );
                }
                // resynchronise on the next line break of lua's output
                let end = out.stdout[pos..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map(|e| pos + e)
                    .unwrap_or(out.stdout.len());
                pos = end + 1;
            } else {
                pos += got.len() + 1;
            }
        }
        assert_eq!(bad, 0);
    }

    fn hexa(f: f64) -> Vec<u8> {
        if f.is_infinite() {
            return if f > 0.0 { b"(1/0)".to_vec() } else { b"(-1/0)".to_vec() };
        }
        let mut v = Vec::new();
        v.push(b'(');
        add_quoted_number(&mut v, Number::Float(f));
        v.push(b')');
        v
    }
}
