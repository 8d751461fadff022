//! The string library (lstrlib.c of Lua 5.3): byte, char, dump, find, format, gmatch,
//! gsub, len, lower, match, rep, reverse, sub, upper, pack, packsize, unpack, and the
//! string metatable (`__index = string`, so `("x"):upper()` works).
//!
//! Owns: the Lua-facing wrappers only — argument handling, results and error messages as
//! lua5.3 has them. The algorithms live in VM-independent modules used as they are:
//! `pattern` (matcher, gmatch/gsub iteration, replacement strings), `format`
//! (`string.format` driver), `pack` (pack/packsize/unpack) and `ravi_parser::chunk::dump`
//! (binary chunks). Written against `ravi_vm::api`.
//!
//! Decisions:
//! - Sizes follow lstrlib.c's `MAXSIZE` on 64-bit Linux (`INT_MAX`): `string.rep` raises
//!   "resulting string too large" for results above it, before allocating anything; a
//!   result below it that cannot be allocated is the "not enough memory" error.
//! - gsub with a function and gmatch iterators call Lua through `call_api` (not
//!   continuation-based), so a yield inside them raises "attempt to yield across a C-call
//!   boundary", as in 5.3.
//! - `string.dump` converts the closure's runtime prototype back into the compiler's
//!   `ravi_parser::bytecode::Proto` (constants from values) and writes it with
//!   `ravi_parser::chunk::dump`; native functions give "unable to dump given function".

use alloc::rc::Rc;
use alloc::vec::Vec;
use ravi_parser::bytecode::{Constant, Proto as PProto};
use ravi_vm::function::Proto as RProto;
use ravi_vm::state::State;
use ravi_vm::{upvalue_index, Error, LResult, Type};

use crate::format::{FormatArgs, FormatError, QArg};
use crate::pack::{PackArgs, PackError, PackValue};
use crate::pattern::{self, Capture, GMatchState, GsubState, GsubStep, Match, PatternError};

/// lstrlib.c's MAXSIZE on 64-bit Linux (INT_MAX).
pub(crate) const MAXSIZE: usize = i32::MAX as usize;
/// INT_MAX, for the "string slice too long" checks.
const INT_MAX: i64 = i32::MAX as i64;

/// lstrlib.c `posrelat`: a relative string position (negative counts from the end).
#[inline]
pub(crate) fn posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

/// A Vec of `n` bytes capacity, or the "not enough memory" error.
pub(crate) fn try_buffer(n: usize) -> LResult<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::Memory)?;
    Ok(v)
}

fn str_len(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    st.push_integer(s.len() as i64)?;
    Ok(1)
}

fn str_sub(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let l = s.len();
    let mut start = posrelat(st.check_integer(2)?, l);
    let mut end = posrelat(st.opt_integer(3, -1)?, l);
    if start < 1 {
        start = 1;
    }
    if end > l as i64 {
        end = l as i64;
    }
    if start <= end {
        let b = s.bytes();
        st.push_bytes(&b[(start - 1) as usize..end as usize])?;
    } else {
        st.push_bytes(b"")?;
    }
    Ok(1)
}

fn str_reverse(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let mut out = try_buffer(s.len())?;
    out.extend(s.bytes().iter().rev());
    st.push_bytes(&out)?;
    Ok(1)
}

fn str_lower(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let mut out = try_buffer(s.len())?;
    out.extend(s.bytes().iter().map(|c| c.to_ascii_lowercase()));
    st.push_bytes(&out)?;
    Ok(1)
}

fn str_upper(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let mut out = try_buffer(s.len())?;
    out.extend(s.bytes().iter().map(|c| c.to_ascii_uppercase()));
    st.push_bytes(&out)?;
    Ok(1)
}

fn str_rep(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let n = st.check_integer(2)?;
    let sep = st.opt_string(3)?;
    let sb = s.bytes();
    let sepb: &[u8] = match sep {
        Some(x) => x.bytes(),
        None => b"",
    };
    let (l, lsep) = (sb.len(), sepb.len());
    if n <= 0 {
        st.push_bytes(b"")?;
        return Ok(1);
    }
    let unit = l + lsep; // cannot overflow: both are allocated lengths
    if unit == 0 {
        st.push_bytes(b"")?;
        return Ok(1);
    }
    if unit > MAXSIZE / n as usize {
        return Err(st.error_str("resulting string too large"));
    }
    let n = n as usize;
    let total = unit * n - lsep;
    let mut out = try_buffer(total)?;
    for i in 0..n {
        out.extend_from_slice(sb);
        if lsep > 0 && i + 1 < n {
            out.extend_from_slice(sepb);
        }
    }
    st.push_bytes(&out)?;
    Ok(1)
}

fn str_byte(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let l = s.len();
    let mut posi = posrelat(st.opt_integer(2, 1)?, l);
    let mut pose = posrelat(st.opt_integer(3, posi)?, l);
    if posi < 1 {
        posi = 1;
    }
    if pose > l as i64 {
        pose = l as i64;
    }
    if posi > pose {
        return Ok(0);
    }
    if pose - posi >= INT_MAX {
        return Err(st.error_str("string slice too long"));
    }
    let n = (pose - posi) as usize + 1;
    st.check_stack_api(n, "string slice too long")?;
    let b = s.bytes();
    for i in 0..n {
        st.push_integer(b[posi as usize - 1 + i] as i64)?;
    }
    Ok(n)
}

fn str_char(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    let mut out = try_buffer(n)?;
    for i in 1..=n {
        let c = st.check_integer(i as i32)? as u64;
        if c > 255 {
            return Err(st.arg_error(i as i32, "value out of range"));
        }
        out.push(c as u8);
    }
    st.push_bytes(&out)?;
    Ok(1)
}

// ---------------------------------------------------------------- dump

/// Converts a runtime prototype back into the compiler's form (for `ravi_parser::chunk::dump`
/// and `ravi.dumplua`'s listing).
pub(crate) fn to_parser_proto(p: &RProto, source: &Rc<[u8]>) -> PProto {
    let constants = p
        .k
        .iter()
        .map(|v| {
            if let Some(s) = v.as_string() {
                Constant::Str(s.bytes().to_vec())
            } else if v.is_int() {
                Constant::Int(v.ival())
            } else if v.is_float() {
                Constant::Float(v.fval())
            } else if let Some(b) = v.as_bool() {
                Constant::Bool(b)
            } else {
                Constant::Nil
            }
        })
        .collect();
    let src = if Rc::ptr_eq(&p.source, source) { source.clone() } else { p.source.clone() };
    PProto {
        code: p.code.to_vec(),
        constants,
        protos: p.protos.iter().map(|sp| to_parser_proto(sp, &src)).collect(),
        upvalues: p.upvalues.to_vec(),
        num_params: p.numparams,
        is_vararg: p.is_vararg,
        max_stack: p.maxstacksize,
        line_info: p.lineinfo.to_vec(),
        loc_vars: p.locvars.to_vec(),
        line_defined: p.linedefined,
        last_line_defined: p.lastlinedefined,
        source: src,
    }
}

fn str_dump(st: &mut State) -> LResult<usize> {
    let strip = st.to_boolean(2);
    st.check_type(1, Type::Function)?;
    st.set_top(1);
    let f = st.value(1);
    let cl = match f.as_lclosure() {
        Some(c) => c,
        None => return Err(st.error_str("unable to dump given function")),
    };
    let pp = to_parser_proto(&cl.proto, &cl.proto.source);
    match dump_proto(&pp, strip) {
        Some(out) => {
            st.push_bytes(&out)?;
            Ok(1)
        }
        None => Err(st.error_str("unable to dump given function")),
    }
}

/// Writes a binary chunk with `ravi_parser::chunk::dump`.
fn dump_proto(p: &PProto, strip: bool) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    ravi_parser::chunk::dump(p, strip, &mut out);
    Some(out)
}

// ---------------------------------------------------------------- patterns

/// A pattern error as lstrlib raises it (luaL_error).
fn pat_err(st: &mut State, e: PatternError) -> Error {
    st.error_str(&e.message())
}

/// Pushes one capture (push_onecapture).
fn push_capture(st: &mut State, src: &[u8], c: Capture) -> LResult<()> {
    match c {
        Capture::Str(a, b) => st.push_bytes(&src[a..b]).map(|_| ()),
        Capture::Position(p) => st.push_integer(p as i64 + 1),
    }
}

/// Pushes a list of captures; returns how many.
fn push_captures(st: &mut State, src: &[u8], caps: Result<Vec<Capture>, PatternError>) -> LResult<usize> {
    let caps = match caps {
        Ok(c) => c,
        Err(e) => return Err(pat_err(st, e)),
    };
    st.check_stack_api(caps.len(), "too many captures")?;
    for c in caps.iter() {
        push_capture(st, src, *c)?;
    }
    Ok(caps.len())
}

fn str_find_aux(st: &mut State, find: bool) -> LResult<usize> {
    let s = st.check_string(1)?;
    let p = st.check_string(2)?;
    let (sb, pb) = (s.bytes(), p.bytes());
    let ls = sb.len();
    let mut init = posrelat(st.opt_integer(3, 1)?, ls);
    if init < 1 {
        init = 1;
    } else if init > ls as i64 + 1 {
        st.push_nil()?;
        return Ok(1);
    }
    let init = (init - 1) as usize;
    if find && (st.to_boolean(4) || pattern::no_specials(pb)) {
        return match pattern::plain_find(sb, pb, init) {
            Some(pos) => {
                st.push_integer(pos as i64 + 1)?;
                st.push_integer((pos + pb.len()) as i64)?;
                Ok(2)
            }
            None => {
                st.push_nil()?;
                Ok(1)
            }
        };
    }
    let m: Option<Match> = match pattern::find(sb, pb, init) {
        Ok(m) => m,
        Err(e) => return Err(pat_err(st, e)),
    };
    match m {
        Some(m) => {
            if find {
                st.push_integer(m.start as i64 + 1)?;
                st.push_integer(m.end as i64)?;
                let n = push_captures(st, sb, m.find_captures())?;
                Ok(n + 2)
            } else {
                push_captures(st, sb, m.captures())
            }
        }
        None => {
            st.push_nil()?;
            Ok(1)
        }
    }
}

fn str_find(st: &mut State) -> LResult<usize> {
    str_find_aux(st, true)
}

fn str_match(st: &mut State) -> LResult<usize> {
    str_find_aux(st, false)
}

/// The gmatch iterator: upvalues are the subject, the pattern and the `GMatchState`.
fn gmatch_aux(st: &mut State) -> LResult<usize> {
    let s = match st.value(upvalue_index(1)).as_string() {
        Some(s) => s,
        None => return Ok(0),
    };
    let p = match st.value(upvalue_index(2)).as_string() {
        Some(p) => p,
        None => return Ok(0),
    };
    let (sb, pb) = (s.bytes(), p.bytes());
    let r = match st.to_userdata::<GMatchState>(upvalue_index(3)) {
        Some(gm) => gm.next(sb, pb),
        None => return Ok(0),
    };
    match r {
        Ok(Some(m)) => push_captures(st, sb, m.captures()),
        Ok(None) => Ok(0),
        Err(e) => Err(pat_err(st, e)),
    }
}

fn str_gmatch(st: &mut State) -> LResult<usize> {
    st.check_string(1)?;
    st.check_string(2)?;
    st.set_top(2);
    st.new_userdata_any(GMatchState::new())?;
    st.push_closure(gmatch_aux, 3)?;
    Ok(1)
}

/// gsub's `add_value`: appends the replacement for match `m` (repl at index 3, type `tr`).
fn add_value(st: &mut State, out: &mut Vec<u8>, src: &[u8], m: &Match, tr: Type) -> LResult<()> {
    match tr {
        Type::Function => {
            st.push_value(3)?;
            let n = push_captures(st, src, m.captures())?;
            st.call_api(n, 1)?;
        }
        Type::Table => {
            let c = match m.get(0) {
                Ok(c) => c,
                Err(e) => return Err(pat_err(st, e)),
            };
            push_capture(st, src, c)?;
            st.get_table(3)?;
        }
        _ => {
            // string or number: expand the replacement string
            let r = st.to_lstring(3)?.map(|s| s.bytes()).unwrap_or(b"");
            return match pattern::expand_replacement(out, r, src, m) {
                Ok(()) => Ok(()),
                Err(e) => Err(pat_err(st, e)),
            };
        }
    }
    let v = st.value(-1);
    if !v.is_truthy() {
        st.pop(1);
        out.extend_from_slice(&src[m.start..m.end]);
    } else if v.is_string() || v.is_number() {
        let s = st.to_lstring(-1)?.map(|s| s.bytes()).unwrap_or(b"");
        out.extend_from_slice(s);
        st.pop(1);
    } else {
        let m = alloc::format!("invalid replacement value (a {})", v.type_name());
        return Err(st.error_str(&m));
    }
    Ok(())
}

fn str_gsub(st: &mut State) -> LResult<usize> {
    let s = st.check_string(1)?;
    let p = st.check_string(2)?;
    let (sb, pb) = (s.bytes(), p.bytes());
    let tr = st.type_of(3);
    let max_s = st.opt_integer(4, sb.len() as i64 + 1)?;
    let tr = match tr {
        Some(t @ (Type::Number | Type::String | Type::Function | Type::Table)) => t,
        _ => return Err(st.arg_error(3, "string/function/table expected")),
    };
    let mut gs = GsubState::new(pb, max_s);
    let mut out = Vec::new();
    loop {
        let step = match gs.next(sb, pb) {
            Ok(x) => x,
            Err(e) => return Err(pat_err(st, e)),
        };
        match step {
            GsubStep::Match { keep, m } => {
                out.extend_from_slice(&sb[keep.0..keep.1]);
                add_value(st, &mut out, sb, &m, tr)?;
            }
            GsubStep::Done { keep } => {
                out.extend_from_slice(&sb[keep.0..keep.1]);
                break;
            }
        }
    }
    st.push_bytes(&out)?;
    st.push_integer(gs.count())?;
    Ok(2)
}

// ---------------------------------------------------------------- format

/// luaL_tolstring's bytes. 5.3 accepts a number from `__tostring` (lua_isstring), which
/// `State::to_string_meta` does not (yet), so `__tostring` is handled here.
fn tolstring(st: &mut State, idx: i32) -> LResult<Vec<u8>> {
    let idx = st.abs_index(idx);
    if st.call_meta(idx, "__tostring")? {
        let v = st.value(-1);
        if !(v.is_string() || v.is_number()) {
            return Err(st.error_str("'__tostring' must return a string"));
        }
        let b = st.to_lstring(-1)?.map(|s| s.bytes().to_vec()).unwrap_or_default();
        st.pop(1);
        return Ok(b);
    }
    let s = st.to_string_meta(idx)?;
    let v = s.bytes().to_vec();
    st.pop(1);
    Ok(v)
}

struct FmtArgs<'a> {
    st: &'a mut State,
}

impl FormatArgs for FmtArgs<'_> {
    type Error = Error;
    fn top(&self) -> usize {
        self.st.get_top()
    }
    fn int(&mut self, i: usize) -> Result<i64, Error> {
        self.st.check_integer(i as i32)
    }
    fn float(&mut self, i: usize) -> Result<f64, Error> {
        self.st.check_number(i as i32)
    }
    fn tostring(&mut self, i: usize) -> Result<Vec<u8>, Error> {
        tolstring(self.st, i as i32)
    }
    fn literal(&mut self, i: usize) -> Result<QArg, Error> {
        let v = self.st.value(i as i32);
        Ok(match v.type_of() {
            Type::String => QArg::Str(v.as_string().unwrap().bytes().to_vec()),
            Type::Number => {
                if v.is_int() {
                    QArg::Int(v.ival())
                } else {
                    QArg::Float(v.fval())
                }
            }
            Type::Nil | Type::Boolean => {
                let s = self.st.to_string_meta(i as i32)?;
                let b = s.bytes().to_vec();
                self.st.pop(1);
                QArg::Raw(b)
            }
            _ => QArg::NoLiteral,
        })
    }
}

fn str_format(st: &mut State) -> LResult<usize> {
    let f = st.check_string(1)?;
    let r = crate::format::format(f.bytes(), &mut FmtArgs { st });
    match r {
        Ok(out) => {
            st.push_bytes(&out)?;
            Ok(1)
        }
        Err(FormatError::Arg(e)) => Err(e),
        Err(FormatError::BadArg { arg, msg }) => Err(st.arg_error(arg as i32, msg)),
        Err(FormatError::Error(m)) => Err(st.error_str(&m)),
    }
}

// ---------------------------------------------------------------- pack

struct PkArgs<'a> {
    st: &'a mut State,
}

impl PackArgs for PkArgs<'_> {
    type Error = Error;
    fn int(&mut self, i: usize) -> Result<i64, Error> {
        self.st.check_integer(i as i32)
    }
    fn float(&mut self, i: usize) -> Result<f64, Error> {
        self.st.check_number(i as i32)
    }
    fn string(&mut self, i: usize) -> Result<Vec<u8>, Error> {
        Ok(self.st.check_string(i as i32)?.bytes().to_vec())
    }
}

fn pack_error<E>(st: &mut State, e: PackError<E>, conv: impl FnOnce(E) -> Error) -> Error {
    match e {
        PackError::Arg(e) => conv(e),
        PackError::BadArg { arg, msg } => st.arg_error(arg as i32, msg),
        PackError::Error(m) => st.error_str(&m),
        PackError::Memory => Error::Memory,
    }
}

fn str_pack(st: &mut State) -> LResult<usize> {
    let f = st.check_string(1)?;
    // lstrlib pushes a nil to separate the arguments from its buffer, so a missing first
    // value reads as "number expected, got nil" (not "no value").
    st.push_nil()?;
    let r = crate::pack::pack(f.bytes(), &mut PkArgs { st });
    match r {
        Ok(out) => {
            st.push_bytes(&out)?;
            Ok(1)
        }
        Err(e) => Err(pack_error(st, e, |e| e)),
    }
}

fn str_packsize(st: &mut State) -> LResult<usize> {
    let f = st.check_string(1)?;
    match crate::pack::packsize(f.bytes()) {
        Ok(n) => {
            st.push_integer(n)?;
            Ok(1)
        }
        Err(e) => Err(pack_error(st, e, |e| match e {})),
    }
}

fn str_unpack(st: &mut State) -> LResult<usize> {
    let f = st.check_string(1)?;
    let data = st.check_string(2)?;
    let init = st.opt_integer(3, 1)?;
    match crate::pack::unpack(f.bytes(), data.bytes(), init) {
        Ok((vals, next)) => {
            st.check_stack_api(vals.len() + 1, "too many results")?;
            for v in vals.iter() {
                match v {
                    PackValue::Int(i) => st.push_integer(*i)?,
                    PackValue::Float(x) => st.push_number(*x)?,
                    PackValue::Str(s) => {
                        st.push_bytes(s)?;
                    }
                }
            }
            st.push_integer(next)?;
            Ok(vals.len() + 1)
        }
        Err(e) => Err(pack_error(st, e, |e| match e {})),
    }
}

// ---------------------------------------------------------------- open

/// luaopen_string: the library table, and the string metatable with `__index = string`.
pub fn open_string(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("byte", str_byte),
        ("char", str_char),
        ("dump", str_dump),
        ("find", str_find),
        ("format", str_format),
        ("gmatch", str_gmatch),
        ("gsub", str_gsub),
        ("len", str_len),
        ("lower", str_lower),
        ("match", str_match),
        ("rep", str_rep),
        ("reverse", str_reverse),
        ("sub", str_sub),
        ("upper", str_upper),
        ("pack", str_pack),
        ("packsize", str_packsize),
        ("unpack", str_unpack),
    ])?;
    st.create_table(0, 1)?;
    st.push_value(-2)?;
    st.set_field(-2, "__index")?;
    st.set_type_metatable(Type::String);
    Ok(1)
}
