//! Binary chunks: `string.dump` writes them ([`dump`]), `load` reads them back ([`undump`]),
//! and every loaded prototype passes the bytecode [`verify`]er before it can run.
//!
//! The format is ravi-rs's own (our instruction set is not Lua 5.3's), but its header has
//! Lua 5.3's shape, so `load` recognises a binary chunk by its first byte (ESC) exactly as
//! Lua does, and a foreign (real lua5.3), truncated or corrupt chunk is rejected with
//! lua5.3's messages (`binary string: truncated precompiled chunk`, `...: version mismatch
//! in precompiled chunk`, ...), never with a crash.
//!
//! # Encoding
//!
//! Fixed-width values are little-endian. `varint` is unsigned LEB128 (7 bits per byte, low
//! group first, high bit = "more"; at most 10 bytes, value < 2^64). `zigzag` maps a signed
//! delta to unsigned (`0,-1,1,-2,..` -> `0,1,2,3,..`) before the varint.
//!
//! ```text
//! chunk    := header function                (bytes after the main function are ignored, as in 5.3)
//! header   := "\x1bLua"                      signature (LUA_SIGNATURE)
//!             0x53                           version (Lua 5.3)
//!             FORMAT (0x00)                  official format, as lua5.3 writes it
//!             "\x19\x93\r\n\x1a\n"           LUAC_DATA: catches newline/8-bit-clean corruption
//!             0x04 0x08                      sizeof(int), sizeof(size_t) as 5.3 records them
//!             0x04 0x08 0x08                 sizes of Instruction, integer (i64), number (f64)
//!             i64 0x5678                     LUAC_INT  (8 bytes LE)
//!             f64 370.5                      LUAC_NUM  (8 bytes LE IEEE-754)
//!             "R" RAVI_FORMAT (0x01)         ravi-rs body format; a real lua5.3 chunk has its
//!                                            upvalue count here and is rejected
//!                                            ("format mismatch")
//! The header up to LUAC_NUM is byte for byte lua5.3's (the official suite checks it).
//! function := source:ostring                 absent when stripped or equal to the parent's
//!             line_defined:varint  last_line_defined:varint
//!             num_params:u8  is_vararg:u8(0|1)  max_stack:u8
//!             ncode:varint   ncode × u32     instructions
//!             nk:varint      nk × constant
//!             nup:varint     nup × (in_stack:u8(0|1) index:u8 type)
//!             np:varint      np × function   nested prototypes
//!             nline:varint   nline × zigzag  line of each instruction, as deltas from the
//!                                            previous line (the first from 0); 0 when stripped
//!             nloc:varint    nloc × (name:string start_pc:varint end_pc:varint type)
//!             nname:varint   nname × string  upvalue names: 0 (stripped) or nup
//! constant := 0 (nil) | 1 (false) | 2 (true) | 3 i64 | 4 f64-bits | 5 string
//! type     := RaviType tag:u8 (0 any, 1 integer, 2 number, 3 integer[], 4 number[],
//!             5 table, 6 string, 7 closure, 8 boolean), or 9 name:string (userdata type)
//! string   := len:varint bytes
//! ostring  := 0 (absent) | len+1:varint bytes
//! ```
//!
//! A stripped chunk has no source, line info, local variables or upvalue names (upvalue
//! types are kept: they guard typed slots, as the compiled code relies on them; a function
//! with a Ravi `defer` keeps its local variables, nameless but for the `(defer)` ones that
//! error unwinding looks for); it loads
//! with source `=?` as in 5.3. A function without a source inherits its parent's.
//!
//! # Robustness
//!
//! [`undump`] never panics and never allocates more than a small constant factor of the
//! input's size: every count read from the chunk is checked against the bytes remaining
//! (each element needs at least a known number of bytes) before anything is allocated, and
//! nesting of functions is limited to [`MAX_NESTING`] levels (so a crafted chunk cannot
//! overflow the Rust stack). Its result has passed [`verify`].

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::bytecode::{Constant, Instruction, LocVar, OpCode, Proto, RaviType, UpvalDesc, DEFER_LOCAL};

/// First bytes of every binary chunk (LUA_SIGNATURE).
pub const SIGNATURE: &[u8; 4] = b"\x1bLua";
/// Version byte (LUAC_VERSION of Lua 5.3).
pub const VERSION: u8 = 0x53;
/// Format byte: ravi-rs's encoding (lua5.3's official format is 0). Change it whenever
/// the encoding or the meaning of existing opcodes changes.
pub const FORMAT: u8 = 0x00;
/// Marker of ravi-rs's own body format, right after the 5.3 header. Its second byte is
/// the instruction-set revision: bump it whenever opcodes are renumbered or change
/// meaning, so that chunks from another revision are rejected rather than misread.
/// 3: the `SetTabUpK`/`SetTableK`/`SetIK`/`SetFieldK` forms.
pub const RAVI_MARK: &[u8] = b"R\x03";
/// LUAC_DATA: detects text-mode / non-8-bit-clean transfers.
pub const DATA: &[u8; 6] = b"\x19\x93\r\n\x1a\n";
/// LUAC_INT: detects integer format / byte order differences.
pub const CHECK_INT: i64 = 0x5678;
/// LUAC_NUM: detects float format differences.
pub const CHECK_NUM: f64 = 370.5;
/// Deepest nesting of function prototypes accepted by [`undump`] and [`verify`]
/// (the main function is level 1).
pub const MAX_NESTING: usize = 200;

const SIZE_INT: u8 = 4;
const SIZE_SIZET: u8 = 8;
const SIZE_INSTRUCTION: u8 = 4;
const SIZE_INTEGER: u8 = 8;
const SIZE_NUMBER: u8 = 8;

/// What went wrong with a binary chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkErrorKind {
    /// The input ended too early (`truncated precompiled chunk`).
    Truncated,
    /// No `\x1bLua` signature (`not a precompiled chunk`).
    NotAChunk,
    /// Version byte is not 0x53 (`version mismatch in precompiled chunk`).
    VersionMismatch,
    /// Format byte is not ours, e.g. a real lua5.3 chunk (`format mismatch in precompiled chunk`).
    FormatMismatch,
    /// LUAC_DATA bytes differ (`corrupted precompiled chunk`).
    Corrupted,
    /// A size byte differs (`Instruction size mismatch in precompiled chunk`, ...).
    SizeMismatch,
    /// The check integer differs (`endianness mismatch in precompiled chunk`).
    Endianness,
    /// The check float differs (`float format mismatch in precompiled chunk`).
    FloatFormat,
    /// The body is malformed or the bytecode fails [`verify`]
    /// (`invalid precompiled chunk (<detail>)`; lua5.3 has no verifier, hence no equivalent).
    Invalid,
}

/// A rejected binary chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkError {
    pub kind: ChunkErrorKind,
    /// The full message as `load` returns it, e.g. `binary string: truncated precompiled chunk`
    /// (from [`verify`]: the detail alone, `bad bytecode in function at line 3: ...`).
    pub message: Vec<u8>,
}

impl core::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

/// True if `data` starts like a binary chunk (its first byte is ESC), which is how `load`
/// tells binary from text chunks.
pub fn is_binary(data: &[u8]) -> bool {
    data.first() == Some(&SIGNATURE[0])
}

/// The name used in undump messages, formatted as lundump.c does: a leading `=` or `@` is
/// dropped, a name starting with ESC (the chunk itself, `load`'s default) is `binary string`.
pub fn chunk_name(chunkname: &[u8]) -> Vec<u8> {
    match chunkname.first() {
        Some(b'=') | Some(b'@') => chunkname[1..].to_vec(),
        Some(&c) if c == SIGNATURE[0] => b"binary string".to_vec(),
        _ => chunkname.to_vec(),
    }
}

// ---------------------------------------------------------------------------------------
// Dump

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, s: &[u8]) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Appends the binary chunk of `proto` (a main function and its nested functions) to `out`.
/// `strip` drops the debug information (source, line info, local variables, upvalue names),
/// as `string.dump(f, true)`.
pub fn dump(proto: &Proto, strip: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(SIGNATURE);
    out.push(VERSION);
    out.push(FORMAT);
    out.extend_from_slice(DATA);
    out.push(SIZE_INT);
    out.push(SIZE_SIZET);
    out.push(SIZE_INSTRUCTION);
    out.push(SIZE_INTEGER);
    out.push(SIZE_NUMBER);
    out.extend_from_slice(&CHECK_INT.to_le_bytes());
    out.extend_from_slice(&CHECK_NUM.to_bits().to_le_bytes());
    out.extend_from_slice(RAVI_MARK);
    dump_function(proto, None, strip, out);
}

fn put_type(out: &mut Vec<u8>, t: &RaviType) {
    out.push(t.tag());
    if let RaviType::User(n) = t {
        put_bytes(out, n);
    }
}

fn dump_function(p: &Proto, parent_source: Option<&[u8]>, strip: bool, out: &mut Vec<u8>) {
    if strip || parent_source == Some(&p.source[..]) {
        put_varint(out, 0);
    } else {
        put_varint(out, p.source.len() as u64 + 1);
        out.extend_from_slice(&p.source);
    }
    put_varint(out, p.line_defined as u64);
    put_varint(out, p.last_line_defined as u64);
    out.push(p.num_params);
    out.push(p.is_vararg as u8);
    out.push(p.max_stack);

    put_varint(out, p.code.len() as u64);
    for i in &p.code {
        out.extend_from_slice(&i.0.to_le_bytes());
    }

    put_varint(out, p.constants.len() as u64);
    for k in &p.constants {
        match k {
            Constant::Nil => out.push(0),
            Constant::Bool(false) => out.push(1),
            Constant::Bool(true) => out.push(2),
            Constant::Int(i) => {
                out.push(3);
                out.extend_from_slice(&i.to_le_bytes());
            }
            Constant::Float(f) => {
                out.push(4);
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Constant::Str(s) => {
                out.push(5);
                put_bytes(out, s);
            }
        }
    }

    put_varint(out, p.upvalues.len() as u64);
    for u in &p.upvalues {
        out.push(u.in_stack as u8);
        out.push(u.index);
        put_type(out, &u.ty);
    }

    put_varint(out, p.protos.len() as u64);
    for child in &p.protos {
        dump_function(child, Some(&p.source), strip, out);
    }

    if strip {
        put_varint(out, 0); // line info
        // Local variables are dropped, except in a function with a Ravi `defer`: error
        // unwinding finds pending defer closures through their `(defer)` locals, whose
        // registers follow from the order of all locals, so these keep every local, the
        // others without a name.
        if p.loc_vars.iter().any(|v| v.name == DEFER_LOCAL) {
            put_varint(out, p.loc_vars.len() as u64);
            for v in &p.loc_vars {
                put_bytes(out, if v.name == DEFER_LOCAL { &v.name } else { b"" });
                put_varint(out, v.start_pc as u64);
                put_varint(out, v.end_pc as u64);
                put_type(out, &v.ty);
            }
        } else {
            put_varint(out, 0); // local variables
        }
        put_varint(out, 0); // upvalue names
    } else {
        put_varint(out, p.line_info.len() as u64);
        let mut prev = 0i64;
        for &l in &p.line_info {
            put_varint(out, zigzag(l as i64 - prev));
            prev = l as i64;
        }
        put_varint(out, p.loc_vars.len() as u64);
        for v in &p.loc_vars {
            put_bytes(out, &v.name);
            put_varint(out, v.start_pc as u64);
            put_varint(out, v.end_pc as u64);
            put_type(out, &v.ty);
        }
        put_varint(out, p.upvalues.len() as u64);
        for u in &p.upvalues {
            put_bytes(out, &u.name);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Undump

/// Internal failure while reading; turned into a [`ChunkError`] with the chunk name.
enum Fail {
    Truncated,
    /// Header check failed: kind and the `why` of "%s: %s precompiled chunk".
    Header(ChunkErrorKind, &'static str),
    Invalid(String),
}

type R<T> = Result<T, Fail>;

fn invalid<T>(msg: impl Into<String>) -> R<T> {
    Err(Fail::Invalid(msg.into()))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    fn bytes(&mut self, n: usize) -> R<&'a [u8]> {
        if n > self.remaining() {
            return Err(Fail::Truncated);
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn byte(&mut self) -> R<u8> {
        Ok(self.bytes(1)?[0])
    }

    fn flag(&mut self, what: &str) -> R<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => invalid(format!("bad {} flag {}", what, b)),
        }
    }

    fn u32le(&mut self) -> R<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64le(&mut self) -> R<u64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn varint(&mut self) -> R<u64> {
        let mut v = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return invalid("varint overflow");
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return invalid("varint overflow");
            }
        }
    }

    fn varint_u32(&mut self, what: &str) -> R<u32> {
        let v = self.varint()?;
        u32::try_from(v).or_else(|_| invalid(format!("{} out of range", what)))
    }

    /// A count of elements each taking at least `min_size` bytes in the input: rejected
    /// (as truncated) when the remaining input cannot hold that many, so nothing is
    /// allocated on the word of a crafted size.
    fn count(&mut self, min_size: usize) -> R<usize> {
        let v = self.varint()?;
        if v > (self.remaining() / min_size) as u64 {
            return Err(Fail::Truncated);
        }
        Ok(v as usize)
    }

    fn string(&mut self) -> R<Vec<u8>> {
        let n = self.count(1)?;
        Ok(self.bytes(n)?.to_vec())
    }

    fn literal(&mut self, lit: &[u8], kind: ChunkErrorKind, why: &'static str) -> R<()> {
        if self.bytes(lit.len())? != lit {
            return Err(Fail::Header(kind, why));
        }
        Ok(())
    }
}

/// Minimum encoded sizes, for [`Reader::count`].
const MIN_FUNCTION: usize = 13;
const MIN_CONSTANT: usize = 1;
const MIN_UPVAL: usize = 3;
const MIN_LOCVAR: usize = 4;

fn check_header(r: &mut Reader) -> R<()> {
    use ChunkErrorKind::*;
    // lua_load has looked at the first byte only; lundump checks the rest of the signature.
    match r.data.first() {
        None => return Err(Fail::Truncated),
        Some(&c) if c != SIGNATURE[0] => return Err(Fail::Header(NotAChunk, "not a")),
        _ => r.pos = 1,
    }
    r.literal(&SIGNATURE[1..], NotAChunk, "not a")?;
    if r.byte()? != VERSION {
        return Err(Fail::Header(VersionMismatch, "version mismatch in"));
    }
    if r.byte()? != FORMAT {
        return Err(Fail::Header(FormatMismatch, "format mismatch in"));
    }
    r.literal(DATA, Corrupted, "corrupted")?;
    if r.byte()? != SIZE_INT {
        return Err(Fail::Header(SizeMismatch, "int size mismatch in"));
    }
    if r.byte()? != SIZE_SIZET {
        return Err(Fail::Header(SizeMismatch, "size_t size mismatch in"));
    }
    if r.byte()? != SIZE_INSTRUCTION {
        return Err(Fail::Header(SizeMismatch, "Instruction size mismatch in"));
    }
    if r.byte()? != SIZE_INTEGER {
        return Err(Fail::Header(SizeMismatch, "lua_Integer size mismatch in"));
    }
    if r.byte()? != SIZE_NUMBER {
        return Err(Fail::Header(SizeMismatch, "lua_Number size mismatch in"));
    }
    if r.u64le()? as i64 != CHECK_INT {
        return Err(Fail::Header(Endianness, "endianness mismatch in"));
    }
    if f64::from_bits(r.u64le()?) != CHECK_NUM {
        return Err(Fail::Header(FloatFormat, "float format mismatch in"));
    }
    r.literal(RAVI_MARK, FormatMismatch, "format mismatch in")?;
    Ok(())
}

fn load_type(r: &mut Reader) -> R<RaviType> {
    let t = r.byte()?;
    match RaviType::from_tag(t) {
        Some(RaviType::User(_)) => Ok(RaviType::User(r.string()?)),
        Some(ty) => Ok(ty),
        None => invalid(format!("bad type tag {}", t)),
    }
}

fn load_function(r: &mut Reader, parent_source: &Rc<[u8]>, depth: usize) -> R<Proto> {
    if depth > MAX_NESTING {
        return invalid("functions nested too deeply");
    }
    let source: Rc<[u8]> = match r.varint()? {
        0 => parent_source.clone(),
        n => {
            let len = n - 1;
            if len > r.remaining() as u64 {
                return Err(Fail::Truncated);
            }
            Rc::from(r.bytes(len as usize)?)
        }
    };
    let line_defined = r.varint_u32("line number")?;
    let last_line_defined = r.varint_u32("line number")?;
    let num_params = r.byte()?;
    let is_vararg = r.flag("vararg")?;
    let max_stack = r.byte()?;

    let n = r.count(4)?;
    let mut code = Vec::with_capacity(n);
    for _ in 0..n {
        code.push(Instruction(r.u32le()?));
    }

    let n = r.count(MIN_CONSTANT)?;
    let mut constants = Vec::with_capacity(n);
    for _ in 0..n {
        let k = match r.byte()? {
            0 => Constant::Nil,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => Constant::Int(r.u64le()? as i64),
            4 => Constant::Float(f64::from_bits(r.u64le()?)),
            5 => Constant::Str(r.string()?),
            t => return invalid(format!("bad constant tag {}", t)),
        };
        constants.push(k);
    }

    let n = r.count(MIN_UPVAL)?;
    let mut upvalues = Vec::with_capacity(n);
    for _ in 0..n {
        let in_stack = r.flag("upvalue")?;
        let index = r.byte()?;
        let ty = load_type(r)?;
        upvalues.push(UpvalDesc { name: Vec::new(), in_stack, index, ty });
    }

    let n = r.count(MIN_FUNCTION)?;
    let mut protos = Vec::with_capacity(n);
    for _ in 0..n {
        protos.push(load_function(r, &source, depth + 1)?);
    }

    let n = r.count(1)?;
    let mut line_info = Vec::with_capacity(n);
    let mut line = 0i64;
    for _ in 0..n {
        line = line.wrapping_add(unzigzag(r.varint()?));
        if !(0..=u32::MAX as i64).contains(&line) {
            return invalid("line number out of range");
        }
        line_info.push(line as u32);
    }

    let n = r.count(MIN_LOCVAR)?;
    let mut loc_vars = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.string()?;
        let start_pc = r.varint_u32("pc")?;
        let end_pc = r.varint_u32("pc")?;
        let ty = load_type(r)?;
        loc_vars.push(LocVar { name, start_pc, end_pc, ty });
    }

    let n = r.count(1)?;
    if n != 0 && n != upvalues.len() {
        return invalid("wrong number of upvalue names");
    }
    for u in upvalues.iter_mut().take(n) {
        u.name = r.string()?;
    }

    Ok(Proto {
        code,
        constants,
        protos,
        upvalues,
        num_params,
        is_vararg,
        max_stack,
        line_info,
        loc_vars,
        line_defined,
        last_line_defined,
        source,
    })
}

/// Reads a binary chunk written by [`dump`] and returns its main function, which has passed
/// [`verify`]. `chunkname` is the name given to `load` (its default there is the chunk
/// itself); errors carry lua5.3's messages, e.g. `binary string: truncated precompiled chunk`,
/// `foo: version mismatch in precompiled chunk`.
pub fn undump(data: &[u8], chunkname: &[u8]) -> Result<Proto, ChunkError> {
    let mut r = Reader { data, pos: 0 };
    let result = check_header(&mut r).and_then(|()| {
        let unknown: Rc<[u8]> = Rc::from(&b"=?"[..]);
        let p = load_function(&mut r, &unknown, 1)?;
        verify_proto(&p, 1, false).map_err(Fail::Invalid)?;
        Ok(p)
    });
    result.map_err(|fail| {
        let mut message = chunk_name(chunkname);
        let (kind, why): (ChunkErrorKind, &[u8]) = match &fail {
            Fail::Truncated => (ChunkErrorKind::Truncated, b"truncated"),
            Fail::Header(kind, why) => (*kind, why.as_bytes()),
            Fail::Invalid(_) => (ChunkErrorKind::Invalid, b"invalid"),
        };
        message.extend_from_slice(b": ");
        message.extend_from_slice(why);
        message.extend_from_slice(b" precompiled chunk");
        if let Fail::Invalid(detail) = fail {
            message.extend_from_slice(b" (");
            message.extend_from_slice(detail.as_bytes());
            message.push(b')');
        }
        ChunkError { kind, message }
    })
}

// ---------------------------------------------------------------------------------------
// Verifier

/// Checks that `proto` and its nested functions are well-formed bytecode that the
/// interpreter can run without any check of its own: every opcode valid; every register
/// operand (and register range) below `max_stack`; constant indices in range and of the
/// kind the opcode needs; upvalue indices in range; `Closure` indices in range and the
/// child's upvalue descriptors valid in this function; jump targets inside the code (and
/// never on an `ExtraArg`); pairs complete (`LoadKX`/`SetList C=0` + `ExtraArg`, tests +
/// `Jmp`, `TForCall` + `TForLoop`, `ForPrep` -> its `ForLoop`); open results ("up to top")
/// produced and consumed by adjacent instructions; the last instruction a `Return`; debug
/// info consistent; nesting at most [`MAX_NESTING`] deep.
/// Binary chunks are verified this way: Ravi's typed opcodes are rejected (see below).
pub fn verify(proto: &Proto) -> Result<(), ChunkError> {
    verify_with(proto, false)
}

/// Verifies a prototype that our own compiler just produced from source: the same checks,
/// except that Ravi's typed opcodes are accepted, because the compiler's type checker
/// proved the register types they rely on (their operand bounds are checked by the VM's
/// loader, `ravi_vm::function::verify`).
pub fn verify_compiled(proto: &Proto) -> Result<(), ChunkError> {
    verify_with(proto, true)
}

fn verify_with(proto: &Proto, typed_ok: bool) -> Result<(), ChunkError> {
    verify_proto(proto, 1, typed_ok).map_err(|detail| ChunkError {
        kind: ChunkErrorKind::Invalid,
        message: detail.into_bytes(),
    })
}

fn verify_proto(p: &Proto, depth: usize, typed_ok: bool) -> Result<(), String> {
    let fail = |msg: String| -> Result<(), String> {
        Err(format!("bad bytecode in function at line {}: {}", p.line_defined, msg))
    };
    if depth > MAX_NESTING {
        return Err(String::from("functions nested too deeply"));
    }
    let ms = p.max_stack as usize;
    if !(2..=crate::bytecode::MAX_REGS as usize).contains(&ms) {
        return fail(format!("bad max stack size {}", ms));
    }
    if p.num_params as usize > ms {
        return fail(format!("{} parameters exceed max stack size {}", p.num_params, ms));
    }
    if p.upvalues.len() > 255 {
        return fail(format!("too many upvalues ({})", p.upvalues.len()));
    }
    if !p.line_info.is_empty() && p.line_info.len() != p.code.len() {
        return fail(format!(
            "line info has {} entries for {} instructions",
            p.line_info.len(),
            p.code.len()
        ));
    }
    for v in &p.loc_vars {
        if v.start_pc > v.end_pc || v.end_pc as usize > p.code.len() {
            return fail(format!("local variable pcs {}..{} out of range", v.start_pc, v.end_pc));
        }
    }
    for (j, child) in p.protos.iter().enumerate() {
        for (k, u) in child.upvalues.iter().enumerate() {
            let ok = if u.in_stack {
                (u.index as usize) < ms
            } else {
                (u.index as usize) < p.upvalues.len()
            };
            if !ok {
                return fail(format!(
                    "upvalue {} of function {} refers to missing {} {}",
                    k,
                    j,
                    if u.in_stack { "register" } else { "upvalue" },
                    u.index
                ));
            }
        }
    }
    if let Err(msg) = check_code(p, typed_ok) {
        return fail(msg);
    }
    for child in &p.protos {
        verify_proto(child, depth + 1, typed_ok)?;
    }
    Ok(())
}

fn check_code(p: &Proto, typed_ok: bool) -> Result<(), String> {
    use OpCode::*;
    let code = &p.code;
    let n = code.len();
    let ms = p.max_stack as u32;
    let nk = p.constants.len();
    let nup = p.upvalues.len();
    if n == 0 {
        return Err(String::from("no code"));
    }
    // Slots that hold the ExtraArg of the previous instruction.
    let mut extra = vec![false; n];
    for pc in 0..n {
        let i = code[pc];
        let needs = match i.opcode() {
            Some(LoadKX) => true,
            Some(SetList) => i.c() == 0,
            Some(ArraySetList) => typed_ok && i.c() == 0,
            _ => false,
        };
        if needs {
            if pc + 1 >= n {
                return Err(format!("pc {}: missing ExtraArg", pc));
            }
            if code[pc + 1].opcode() != Some(ExtraArg) {
                return Err(format!("pc {}: expected ExtraArg", pc + 1));
            }
            extra[pc + 1] = true;
        }
    }
    // Branch targets, to check that nothing jumps between an open-result pair.
    let mut target = vec![false; n];

    for pc in 0..n {
        let i = code[pc];
        let Some(op) = i.opcode() else {
            return Err(format!("pc {}: invalid opcode {}", pc, i.op_raw()));
        };
        let err = |msg: String| -> Result<(), String> {
            Err(format!("pc {} ({}): {}", pc, op.name(), msg))
        };
        macro_rules! check {
            ($cond:expr, $($fmt:tt)*) => {{
                if !$cond {
                    return err(format!($($fmt)*));
                }
            }};
        }
        let (a, b, c) = (i.a(), i.b(), i.c());
        if extra[pc] {
            continue; // an ExtraArg, checked with its instruction
        }
        let reg = |r: u32| r < ms;
        let kstr = |k: u32| matches!(p.constants.get(k as usize), Some(Constant::Str(_)));
        let kshort = |k: u32| matches!(p.constants.get(k as usize), Some(Constant::Str(s)) if s.len() <= 40);
        let knum = |k: u32| {
            matches!(p.constants.get(k as usize), Some(Constant::Int(_)) | Some(Constant::Float(_)))
        };
        let up = |u: u32| (u as usize) < nup;
        let kk = |k: u32| (k as usize) < p.constants.len();
        // Destination of a branch from pc with offset `off` (relative to pc + 1).
        let dest = |off: i32| -> Option<usize> {
            let t = pc as i64 + 1 + off as i64;
            if t >= 0 && (t as usize) < n && !extra[t as usize] {
                Some(t as usize)
            } else {
                None
            }
        };
        let next_op = code.get(pc + 1).and_then(|i| i.opcode());
        macro_rules! regs {
            ($($r:expr),+) => {{ $( check!(reg($r), "register {} out of range (max stack {})", $r, ms); )+ }};
        }
        macro_rules! branch {
            ($off:expr) => {{
                let Some(t) = dest($off) else {
                    return err(format!(
                        "jump target {} out of range",
                        pc as i64 + 1 + $off as i64
                    ));
                };
                target[t] = true;
                t
            }};
        }
        macro_rules! followed_by_jmp {
            () => {{
                check!(next_op == Some(Jmp), "not followed by Jmp");
            }};
        }
        match op {
            Move | Unm | BNot | Not | Len | GetI | AddI => regs!(a, b),
            LoadK => {
                regs!(a);
                check!((i.bx() as usize) < nk, "constant {} out of range", i.bx());
            }
            LoadKX => {
                regs!(a);
                let ax = code[pc + 1].ax();
                check!((ax as usize) < nk, "constant {} out of range", ax);
            }
            LoadI | LoadF | Close => regs!(a),
            NewTable => {
                regs!(a);
                // Size hints come from the constructor's items, one instruction each at
                // least (the encoding rounds up by at most 1/8): a crafted hint must not
                // make the loader allocate gigabytes.
                let (nb, nc) = (crate::bytecode::fb2int(b) as usize, crate::bytecode::fb2int(c) as usize);
                let most = 2 * n + 16;
                check!(nb <= most && nc <= most, "table size hints {}/{} exceed the constructor's code", nb, nc);
            }
            LoadBool => {
                regs!(a);
                if c != 0 {
                    branch!(1);
                }
            }
            LoadNil => regs!(a + b),
            GetUpval | SetUpval => {
                regs!(a);
                check!(up(b), "upvalue {} out of range", b);
            }
            GetTabUp => {
                regs!(a);
                check!(up(b), "upvalue {} out of range", b);
                check!(kstr(c), "constant {} is not a string", c);
            }
            GetTable | SetTable => regs!(a, b, c),
            GetField => {
                regs!(a, b);
                check!(kstr(c), "constant {} is not a string", c);
            }
            SetTabUp => {
                check!(up(a), "upvalue {} out of range", a);
                check!(kstr(b), "constant {} is not a string", b);
                regs!(c);
            }
            SetI => regs!(a, c),
            SetField => {
                regs!(a, c);
                check!(kstr(b), "constant {} is not a string", b);
            }
            SetTabUpK => {
                check!(up(a), "upvalue {} out of range", a);
                check!(kstr(b), "constant {} is not a string", b);
                check!(kk(c), "constant {} out of range", c);
            }
            SetTableK => {
                regs!(a, b);
                check!(kk(c), "constant {} out of range", c);
            }
            SetIK => {
                regs!(a);
                check!(kk(c), "constant {} out of range", c);
            }
            SetFieldK => {
                regs!(a);
                check!(kstr(b), "constant {} is not a string", b);
                check!(kk(c), "constant {} out of range", c);
            }
            SelfOp => {
                regs!(a + 1, b);
                check!(kstr(c), "constant {} is not a string", c);
            }
            AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK | ShlK
            | ShrK => {
                regs!(a, b);
                check!(knum(c), "constant {} is not a number", c);
            }
            Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                regs!(a, b, c)
            }
            Concat => {
                regs!(a, c);
                check!(b < c, "empty concat range {}..{}", b, c);
            }
            Jmp => {
                branch!(i.sj());
            }
            Eq | Lt | Le | TestSet => {
                regs!(a, b);
                followed_by_jmp!();
            }
            EqK => {
                regs!(a);
                check!(
                    !matches!(p.constants.get(b as usize), None | Some(Constant::Nil)),
                    "constant {} out of range or nil",
                    b
                );
                followed_by_jmp!();
            }
            EqI | LtI | LeI | GtI | GeI | Test => {
                regs!(a);
                followed_by_jmp!();
            }
            Call | TailCall => {
                regs!(a);
                if b > 0 {
                    regs!(a + b - 1);
                }
                if op == Call && c > 1 {
                    regs!(a + c - 2);
                }
            }
            Return => match b {
                0 => regs!(a),
                1 => check!(a <= ms, "register {} out of range (max stack {})", a, ms),
                _ => regs!(a + b - 2),
            },
            ForLoop => {
                regs!(a + 3);
                branch!(i.sbx());
            }
            ForPrep => {
                regs!(a + 3);
                let t = branch!(i.sbx());
                let l = code[t];
                check!(l.opcode() == Some(ForLoop) && l.a() == a, "does not jump to its ForLoop");
            }
            TForCall => {
                check!(c >= 1, "no loop variables");
                regs!(a + 5, a + 2 + c);
                check!(next_op == Some(TForLoop), "not followed by TForLoop");
            }
            TForLoop => {
                regs!(a + 1);
                branch!(i.sbx());
            }
            SetList => {
                regs!(a);
                if b > 0 {
                    regs!(a + b);
                }
                // Block c holds items (c-1)*50+1.. : the earlier blocks took at least one
                // instruction per item, which bounds the table size a chunk can ask for.
                let blk = if c == 0 { code[pc + 1].ax() } else { c };
                check!(
                    blk >= 1 && (blk as usize - 1) * crate::bytecode::FIELDS_PER_FLUSH as usize <= n,
                    "list block {} impossible in {} instructions",
                    blk,
                    n
                );
            }
            Closure => {
                regs!(a);
                check!((i.bx() as usize) < p.protos.len(), "function {} out of range", i.bx());
            }
            VarArg => {
                check!(p.is_vararg, "vararg in a non-vararg function");
                regs!(a);
                if b > 1 {
                    regs!(a + b - 2);
                }
            }
            ExtraArg => return err(String::from("ExtraArg without a preceding LoadKX or SetList")),
            // Ravi's typed opcodes skip tag checks: a loaded chunk could only use them
            // soundly after a register-type proof, which the verifier does not do yet.
            // Compiled code gets the operand checks.
            ToInt | ToFlt | ToIArray | ToFArray | ToTab | ToStr | ToClosure | ToBool | NewIArray | NewFArray
                if typed_ok =>
            {
                regs!(a)
            }
            ToType if typed_ok => {
                regs!(a);
                check!(kstr(i.bx()), "constant {} is not a string", i.bx());
            }
            SetUpvalT if typed_ok => {
                regs!(a);
                check!(up(b), "upvalue {} out of range", b);
                check!(crate::bytecode::TypeCode::from_u32(c).is_some(), "bad type code {}", c);
            }
            AddII | AddFF | AddFI | SubII | SubFF | SubFI | SubIF | MulII | MulFF | MulFI | DivII | DivFF | DivFI
            | DivIF | BAndII | BOrII | BXorII | ShlII | ShrII | IArrayGet | FArrayGet | IArraySet | FArraySet
            | TGetInt | TSetInt | IArraySetInt | FArraySetFlt | AddToF | SubToF | MulToF | DivToF
                if typed_ok =>
            {
                regs!(a, b, c)
            }
            BNotI | UnmI | UnmF | IArrayGetImm | FArrayGetImm | MoveI | MoveF | AddIImm if typed_ok => regs!(a, b),
            ToIntN | ToFltN if typed_ok => {
                check!(b >= 1, "empty check range");
                regs!(a + b - 1);
            }
            EqII | LtII | LeII | EqFF | LtFF | LeFF if typed_ok => {
                regs!(a, b);
                followed_by_jmp!();
            }
            ForLoopI | ForLoopIP if typed_ok => {
                regs!(a + 3);
                branch!(i.sbx());
            }
            ForPrepI if typed_ok => {
                regs!(a + 3);
                let t = branch!(i.sbx());
                let l = code[t];
                check!(
                    matches!(l.opcode(), Some(ForLoopI | ForLoopIP)) && l.a() == a,
                    "does not jump to its ForLoopI"
                );
            }
            ArraySetList if typed_ok => {
                regs!(a);
                if b > 0 {
                    regs!(a + b);
                }
            }
            TGetField | TSelf if typed_ok => {
                regs!(a, b);
                if op == TSelf {
                    regs!(a + 1);
                }
                check!(kshort(c), "constant {} is not a short string", c);
            }
            TSetField | TSetFieldK if typed_ok => {
                regs!(a);
                check!(kshort(b), "constant {} is not a short string", b);
                if op == TSetField {
                    regs!(c);
                } else {
                    check!(kk(c), "constant {} out of range", c);
                }
            }
            AddFK | SubFK | MulFK | DivFK if typed_ok => {
                regs!(a, b);
                check!(matches!(p.constants.get(c as usize), Some(Constant::Float(_))), "constant {} is not a float", c);
            }
            SubKF | DivKF if typed_ok => {
                regs!(a, c);
                check!(matches!(p.constants.get(b as usize), Some(Constant::Float(_))), "constant {} is not a float", b);
            }
            IArraySetK | FArraySetK if typed_ok => {
                regs!(a, b);
                let ok = match p.constants.get(c as usize) {
                    Some(Constant::Int(_)) => op == IArraySetK,
                    Some(Constant::Float(_)) => op == FArraySetK,
                    _ => false,
                };
                check!(ok, "constant {} is not of the array's element type", c);
            }
            _ => return err(format!("typed opcode {} not accepted in binary chunks", op.name())),
        }
        // Open results: an instruction leaving its results "up to top" must be followed
        // by one that consumes them (B == 0).
        let open = (op == Call && c == 0) || (op == VarArg && b == 0);
        if open {
            let consumer = code.get(pc + 1).is_some_and(|nx| {
                matches!(nx.opcode(), Some(Call | TailCall | Return | SetList | ArraySetList)) && nx.b() == 0
            });
            check!(consumer, "open results not consumed by the next instruction");
        }
    }

    // Consumers of open results must directly follow their producer, and nothing may
    // jump to them (the top would be stale).
    for pc in 0..n {
        let i = code[pc];
        let Some(op) = i.opcode() else { continue };
        if extra[pc] || !matches!(op, Call | TailCall | Return | SetList | ArraySetList) || i.b() != 0 {
            continue;
        }
        let produced = pc > 0 && {
            let prev = code[pc - 1];
            match prev.opcode() {
                Some(Call) => prev.c() == 0,
                Some(VarArg) => prev.b() == 0,
                Some(TailCall) => op == Return,
                _ => false,
            }
        };
        if !produced || target[pc] {
            return Err(format!("pc {} ({}): uses results that are not open", pc, op.name()));
        }
        // The open results start at the producer's register: the consumer's first value
        // (the arguments after the function, the items after the table, the first result
        // returned) must not lie above it, or `top - first` would be negative.
        let first = if op == Return { i.a() } else { i.a() + 1 };
        if first > code[pc - 1].a() {
            return Err(format!("pc {} ({}): open results start below its operands", pc, op.name()));
        }
    }

    let last = code[n - 1];
    if extra[n - 1] || last.opcode() != Some(Return) {
        return Err(String::from("last instruction is not a Return"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    /// Length of the header written by `dump` (5.3's 33 bytes plus `RAVI_MARK`).
    const HEADER_LEN: usize = 35;
    use super::*;
    use crate::bytecode::{int2fb, OFFSET_SBX, OFFSET_SC};
    use alloc::vec;
    use OpCode::*;

    fn abc(op: OpCode, a: u32, b: u32, c: u32) -> Instruction {
        Instruction::abc(op, a, b, c)
    }
    fn abx(op: OpCode, a: u32, bx: u32) -> Instruction {
        Instruction::abx(op, a, bx)
    }
    fn asbx(op: OpCode, a: u32, sbx: i32) -> Instruction {
        Instruction::asbx(op, a, sbx)
    }
    fn jmp(sj: i32) -> Instruction {
        Instruction::new_sj(Jmp, sj)
    }
    fn ret0() -> Instruction {
        abc(Return, 0, 1, 0)
    }

    fn src(s: &str) -> Rc<[u8]> {
        Rc::from(s.as_bytes())
    }

    /// A minimal valid function: 10 registers, vararg, one upvalue (_ENV), a few constants.
    fn base(code: Vec<Instruction>) -> Proto {
        let n = code.len() as u32;
        Proto {
            code,
            constants: vec![
                Constant::Str(b"x".to_vec()),
                Constant::Int(1),
                Constant::Float(2.5),
                Constant::Nil,
                Constant::Bool(true),
            ],
            protos: vec![],
            upvalues: vec![UpvalDesc { name: b"_ENV".to_vec(), in_stack: true, index: 0, ty: RaviType::Any }],
            num_params: 0,
            is_vararg: true,
            max_stack: 10,
            line_info: (1..=n).collect(),
            loc_vars: vec![],
            line_defined: 0,
            last_line_defined: 0,
            source: src("@t.lua"),
        }
    }

    fn leaf(source: &str, line: u32) -> Proto {
        let mut p = base(vec![abc(GetUpval, 0, 0, 0), ret0()]);
        p.upvalues = vec![UpvalDesc { name: b"up".to_vec(), in_stack: true, index: 1, ty: RaviType::Any }];
        p.is_vararg = false;
        p.num_params = 1;
        p.max_stack = 2;
        p.line_defined = line;
        p.last_line_defined = line + 2;
        p.line_info = vec![line + 1, line + 2];
        p.loc_vars = vec![LocVar { name: b"a".to_vec(), start_pc: 0, end_pc: 2, ty: RaviType::Any }];
        p.source = src(source);
        p
    }

    /// A valid main function using every opcode, with nested functions.
    fn all_opcodes() -> Proto {
        let mut c = vec![
            abc(Move, 0, 1, 0),
            abx(LoadK, 0, 0),
            abc(LoadKX, 0, 0, 0),
            Instruction::ax_op(ExtraArg, 1),
            asbx(LoadI, 0, -5),
            asbx(LoadF, 0, 3),
            abc(LoadBool, 0, 1, 1),
            abc(LoadNil, 0, 3, 0),
            abc(GetUpval, 0, 0, 0),
            abc(SetUpval, 0, 0, 0),
            abc(GetTabUp, 0, 0, 0),
            abc(GetTable, 0, 1, 2),
            abc(GetI, 0, 1, 5),
            abc(GetField, 0, 1, 0),
            abc(SetTabUp, 0, 0, 1),
            abc(SetTable, 0, 1, 2),
            abc(SetI, 0, 3, 1),
            abc(SetField, 0, 0, 1),
            abc(SetTabUpK, 0, 0, 1),
            abc(SetTableK, 0, 1, 2),
            abc(SetIK, 0, 3, 1),
            abc(SetFieldK, 0, 0, 1),
            abc(NewTable, 0, 1, 1),
            abc(SelfOp, 0, 1, 0),
            abc(AddI, 0, 1, (OFFSET_SC - 3) as u32),
        ];
        for op in [AddK, SubK, MulK, ModK, PowK, DivK, IDivK, BAndK, BOrK, BXorK, ShlK, ShrK] {
            c.push(abc(op, 0, 1, 1));
        }
        c.push(abc(AddK, 0, 1, 2));
        for op in [Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr, BXor, Shl, Shr] {
            c.push(abc(op, 0, 1, 2));
        }
        for op in [Unm, BNot, Not, Len] {
            c.push(abc(op, 0, 1, 0));
        }
        c.push(abc(Concat, 0, 1, 3));
        c.push(abc(Close, 0, 0, 0));
        for op in [Eq, Lt, Le] {
            c.push(abc(op, 0, 1, 0));
            c.push(jmp(0));
        }
        c.push(abc(EqK, 0, 2, 0));
        c.push(jmp(0));
        c.push(abc(EqK, 0, 0, 1));
        c.push(jmp(0));
        for op in [EqI, LtI, LeI, GtI, GeI] {
            c.push(abc(op, 0, 130, 1));
            c.push(jmp(0));
        }
        c.push(abc(Test, 0, 0, 1));
        c.push(jmp(0));
        c.push(abc(TestSet, 0, 1, 1));
        c.push(jmp(1));
        c.push(abc(Call, 0, 2, 2));
        c.push(abc(Call, 1, 1, 0)); // open results...
        c.push(abc(Call, 0, 0, 1)); // ...consumed
        c.push(abc(VarArg, 1, 0, 0));
        c.push(abc(SetList, 0, 0, 1));
        c.push(abc(SetList, 0, 2, 0));
        c.push(Instruction::ax_op(ExtraArg, 1));
        c.push(asbx(ForPrep, 0, 1));
        c.push(abc(Move, 4, 3, 0));
        c.push(asbx(ForLoop, 0, -2));
        c.push(jmp(1));
        c.push(abc(Move, 6, 5, 0));
        c.push(abc(TForCall, 0, 0, 2));
        c.push(asbx(TForLoop, 2, -3));
        c.push(abx(Closure, 0, 0));
        c.push(abx(Closure, 1, 1));
        c.push(abc(VarArg, 0, 3, 0));
        c.push(jmp(-3)); // backward jump
        c.push(abc(TailCall, 0, 2, 0));
        c.push(abc(Return, 0, 0, 0));
        c.push(abc(Return, 0, 3, 0));
        c.push(ret0());
        let mut p = base(c);
        p.constants.extend([
            Constant::Int(i64::MIN),
            Constant::Int(-1),
            Constant::Float(-0.0),
            Constant::Float(f64::INFINITY),
            Constant::Float(1e300),
            Constant::Bool(false),
            Constant::Str(Vec::new()),
            Constant::Str((0..=255u8).cycle().take(1000).collect()),
        ]);
        p.loc_vars = vec![
            LocVar { name: b"i".to_vec(), start_pc: 3, end_pc: 40, ty: RaviType::Integer },
            LocVar { name: b"\xff\x00weird".to_vec(), start_pc: 0, end_pc: p.code.len() as u32, ty: RaviType::Any },
            LocVar { name: b"u".to_vec(), start_pc: 1, end_pc: 2, ty: RaviType::User(b"My.Type".to_vec()) },
            LocVar { name: b"a".to_vec(), start_pc: 1, end_pc: 2, ty: RaviType::NumberArray },
        ];
        p.line_info[5] = 1_000_000;
        p.line_info[6] = 2;
        let mut child = leaf("@t.lua", 10);
        child.protos.push(leaf("@t.lua", 11));
        child.protos[0].upvalues[0] = UpvalDesc { name: b"a".to_vec(), in_stack: true, index: 0, ty: RaviType::User(b"U".to_vec()) };
        child.code.insert(0, abx(Closure, 1, 0));
        child.line_info.insert(0, 10);
        child.upvalues.push(UpvalDesc { name: b"_ENV".to_vec(), in_stack: false, index: 0, ty: RaviType::Any });
        p.protos = vec![child, leaf("=other source", 20)];
        p
    }

    fn dumped(p: &Proto, strip: bool) -> Vec<u8> {
        let mut out = Vec::new();
        dump(p, strip, &mut out);
        out
    }

    fn stripped(p: &Proto) -> Proto {
        let mut q = p.clone();
        q.source = src("=?");
        q.line_info.clear();
        if q.loc_vars.iter().any(|v| v.name == DEFER_LOCAL) {
            for v in &mut q.loc_vars {
                if v.name != DEFER_LOCAL {
                    v.name.clear();
                }
            }
        } else {
            q.loc_vars.clear();
        }
        for u in &mut q.upvalues {
            u.name.clear();
        }
        q.protos = p.protos.iter().map(stripped).collect();
        q
    }

    fn msg(e: &ChunkError) -> String {
        String::from_utf8_lossy(&e.message).into_owned()
    }

    fn check_roundtrip(p: &Proto) {
        verify(p).unwrap_or_else(|e| panic!("{}", msg(&e)));
        let d = dumped(p, false);
        let q = undump(&d, b"=t").unwrap_or_else(|e| panic!("{}", msg(&e)));
        assert_eq!(&q, p);
        assert_eq!(dumped(&q, false), d);
        let ds = dumped(p, true);
        assert!(ds.len() <= d.len());
        let qs = undump(&ds, &ds).unwrap_or_else(|e| panic!("{}", msg(&e)));
        assert_eq!(qs, stripped(p));
        assert_eq!(&*qs.source, b"=?");
    }

    #[test]
    fn roundtrip_hand_built() {
        check_roundtrip(&base(vec![ret0()]));
        check_roundtrip(&leaf("=x", 3));
        let p = all_opcodes();
        check_roundtrip(&p);
        // Children keep a source that differs from their parent's; equal ones are shared.
        let q = undump(&dumped(&p, false), b"x").unwrap();
        assert_eq!(&*q.protos[1].source, b"=other source");
        assert!(Rc::ptr_eq(&q.source, &q.protos[0].source));
        assert!(Rc::ptr_eq(&q.source, &q.protos[0].protos[0].source));
    }

    #[test]
    fn every_opcode_is_covered() {
        let p = all_opcodes();
        for op in OpCode::ALL.iter().filter(|op| !op.is_typed()) {
            assert!(p.code.iter().any(|i| i.opcode() == Some(*op)), "{:?} not exercised", op);
        }
    }

    #[test]
    fn source_only_in_main_function() {
        let mut p = base(vec![abx(Closure, 0, 0), ret0()]);
        p.source = src("@a_rather_long_source_name.lua");
        p.protos.push(leaf("@a_rather_long_source_name.lua", 1));
        let d = dumped(&p, false);
        let count = d.windows(10).filter(|w| *w == b"a_rather_l").count();
        assert_eq!(count, 1);
        assert_eq!(dumped(&p, true).windows(10).filter(|w| *w == b"a_rather_l").count(), 0);
    }

    #[test]
    fn trailing_bytes_are_ignored_as_in_lua53() {
        let p = all_opcodes();
        let mut d = dumped(&p, false);
        d.extend_from_slice(b"xyz");
        assert_eq!(undump(&d, b"=t").unwrap(), p);
    }

    #[test]
    fn chunk_names() {
        assert_eq!(chunk_name(b"=foo"), b"foo");
        assert_eq!(chunk_name(b"@foo.lua"), b"foo.lua");
        assert_eq!(chunk_name(b"foo"), b"foo");
        assert_eq!(chunk_name(b"\x1bLua"), b"binary string");
        assert_eq!(chunk_name(b"\x1bxyz"), b"binary string");
        assert!(is_binary(b"\x1bL") && !is_binary(b"return") && !is_binary(b""));
    }

    // Expected messages taken from lua5.3 (`load(s, name)` with s truncated/altered).
    #[test]
    fn header_errors_match_lua53() {
        let d = dumped(&base(vec![ret0()]), false);
        let e = |data: &[u8], name: &[u8]| {
            let err = undump(data, name).unwrap_err();
            (err.kind, msg(&err))
        };
        use ChunkErrorKind::*;
        let header_len = 4 + 2 + 6 + 3 + 8 + 8;
        for len in 0..header_len {
            assert_eq!(
                e(&d[..len], &d),
                (Truncated, "binary string: truncated precompiled chunk".into())
            );
        }
        assert_eq!(e(&d[..4], b"=foo").1, "foo: truncated precompiled chunk");
        assert_eq!(e(&d[..4], b"@foo.lua").1, "foo.lua: truncated precompiled chunk");
        assert_eq!(e(&d[..4], b"foo").1, "foo: truncated precompiled chunk");
        assert_eq!(e(&d[..4], b"\x1bLua").1, "binary string: truncated precompiled chunk");
        assert_eq!(
            e(b"\x1babc", b"\x1babc"),
            (NotAChunk, "binary string: not a precompiled chunk".into())
        );
        assert_eq!(e(b"\x1babc", b"=x").1, "x: not a precompiled chunk");
        assert_eq!(e(b"return 1", b"=x").1, "x: not a precompiled chunk");
        let alter = |pos: usize, v: u8| {
            let mut x = d.clone();
            x[pos] ^= v;
            e(&x, &x)
        };
        let m = |s: &str| alloc::format!("binary string: {} precompiled chunk", s);
        assert_eq!(alter(1, 1), (NotAChunk, m("not a")));
        assert_eq!(alter(3, 1), (NotAChunk, m("not a")));
        assert_eq!(alter(4, 1), (VersionMismatch, m("version mismatch in")));
        assert_eq!(alter(5, 1), (FormatMismatch, m("format mismatch in")));
        for pos in 6..12 {
            assert_eq!(alter(pos, 0x20), (Corrupted, m("corrupted")));
        }
        assert_eq!(alter(12, 1), (SizeMismatch, m("int size mismatch in")));
        assert_eq!(alter(13, 1), (SizeMismatch, m("size_t size mismatch in")));
        assert_eq!(alter(14, 1), (SizeMismatch, m("Instruction size mismatch in")));
        assert_eq!(alter(15, 1), (SizeMismatch, m("lua_Integer size mismatch in")));
        assert_eq!(alter(16, 1), (SizeMismatch, m("lua_Number size mismatch in")));
        for pos in 17..25 {
            assert_eq!(alter(pos, 0x10), (Endianness, m("endianness mismatch in")));
        }
        for pos in 25..33 {
            assert_eq!(alter(pos, 0x10), (FloatFormat, m("float format mismatch in")));
        }
        for pos in 33..HEADER_LEN {
            assert_eq!(alter(pos, 0x10), (FormatMismatch, m("format mismatch in")));
        }
        // A text-mode transfer (\r\n -> \n) is caught by LUAC_DATA.
        let mut x = d.clone();
        x.remove(8);
        assert_eq!(e(&x, &x), (Corrupted, m("corrupted")));
    }

    #[test]
    fn real_lua53_chunk_is_a_format_mismatch() {
        // string.dump(function(a) return a end) from lua5.3
        let lua53: &[u8] = b"\x1b\x4c\x75\x61\x53\x00\x19\x93\x0d\x0a\x1a\x0a\x04\x08\x04\x08\x08\x78\x56\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x28\x77\x40\x00\x10\x3d\x28\x63\x6f\x6d\x6d\x61\x6e\x64\x20\x6c\x69\x6e\x65\x29\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x02\x02\x00\x00\x00\x26\x00\x00\x01\x26\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x61\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00";
        let err = undump(lua53, lua53).unwrap_err();
        assert_eq!(err.kind, ChunkErrorKind::FormatMismatch);
        assert_eq!(msg(&err), "binary string: format mismatch in precompiled chunk");
    }

    fn check_every_truncation(d: &[u8]) {
        for len in 0..d.len() {
            let err = undump(&d[..len], b"=t").unwrap_err();
            assert_eq!(err.kind, ChunkErrorKind::Truncated, "at {}: {}", len, msg(&err));
            assert_eq!(msg(&err), "t: truncated precompiled chunk");
        }
        assert!(undump(d, b"=t").is_ok());
    }

    #[test]
    fn truncation_at_every_offset() {
        let p = all_opcodes();
        check_every_truncation(&dumped(&p, false));
        check_every_truncation(&dumped(&p, true));
    }

    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn fuzz(d: &[u8], seed: u64, iterations: usize) -> (usize, usize) {
        let mut rng = XorShift(seed);
        let (mut ok, mut rejected) = (0, 0);
        for it in 0..iterations {
            let mut x = d.to_vec();
            let flips = 1 + rng.below(4);
            for _ in 0..flips {
                // Mostly the body: the header only ever gives header errors.
                let pos = if rng.below(8) == 0 {
                    rng.below(x.len())
                } else {
                    HEADER_LEN + rng.below(x.len() - HEADER_LEN)
                };
                match rng.below(3) {
                    0 => x[pos] ^= 1 << rng.below(8),
                    1 => x[pos] = rng.next() as u8,
                    _ => x[pos] = [0, 0xff, 0x80, 0x7f, 1][rng.below(5)],
                }
            }
            if it % 7 == 0 {
                let cut = rng.below(x.len() + 1);
                x.truncate(cut);
            }
            match undump(&x, &x) {
                Ok(p) => {
                    ok += 1;
                    assert!(verify(&p).is_ok());
                    // What loads dumps and loads back to the same thing.
                    let again = undump(&dumped(&p, false), b"=t").unwrap();
                    assert_eq!(dumped(&again, false), dumped(&p, false));
                }
                Err(e) => {
                    rejected += 1;
                    assert!(e.message.ends_with(b"precompiled chunk") || e.message.ends_with(b")"));
                }
            }
        }
        (ok, rejected)
    }

    #[test]
    fn random_byte_flips_never_panic() {
        let p = all_opcodes();
        let (ok, rejected) = fuzz(&dumped(&p, false), 0x9e3779b97f4a7c15, 10_000);
        assert_eq!(ok + rejected, 10_000);
        assert!(rejected > 5_000, "{} rejected", rejected);
        fuzz(&dumped(&p, true), 0x1234_5678_9abc_def1, 10_000);
    }

    /// Longer run: `cargo test -p ravi-parser --release -- --ignored random_byte_flips_long`.
    #[test]
    #[ignore]
    fn random_byte_flips_long() {
        let p = all_opcodes();
        for seed in 1..=10u64 {
            fuzz(&dumped(&p, seed % 2 == 0), seed.wrapping_mul(0x9e3779b97f4a7c15), 100_000);
        }
    }

    fn header_bytes() -> Vec<u8> {
        let d = dumped(&base(vec![ret0()]), false);
        d[..HEADER_LEN].to_vec()
    }

    #[test]
    fn crafted_sizes_do_not_allocate() {
        let huge = [1u64 << 40, u64::MAX, u32::MAX as u64 + 1];
        for &n in &huge {
            // code count
            let mut d = header_bytes();
            d.extend_from_slice(&[0, 0, 0, 0, 0, 2]);
            put_varint(&mut d, n);
            d.extend_from_slice(&[0u8; 64]);
            assert_eq!(undump(&d, b"=t").unwrap_err().kind, ChunkErrorKind::Truncated);
            // source length
            let mut d = header_bytes();
            put_varint(&mut d, n);
            d.extend_from_slice(&[0u8; 64]);
            assert_eq!(undump(&d, b"=t").unwrap_err().kind, ChunkErrorKind::Truncated);
            // constants, then a string constant's length
            for prefix in [&[0u8][..], &[1, 5][..]] {
                let mut d = header_bytes();
                d.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0]);
                d.extend_from_slice(prefix);
                put_varint(&mut d, n);
                d.extend_from_slice(&[0u8; 64]);
                assert_eq!(undump(&d, b"=t").unwrap_err().kind, ChunkErrorKind::Truncated);
            }
            // upvalues, protos, line info, local vars, upvalue names
            for skip in 0..5 {
                let mut d = header_bytes();
                d.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 0]);
                d.resize(d.len() + skip, 0);
                put_varint(&mut d, n);
                d.extend_from_slice(&[0u8; 64]);
                let e = undump(&d, b"=t").unwrap_err();
                assert!(
                    matches!(e.kind, ChunkErrorKind::Truncated | ChunkErrorKind::Invalid),
                    "{}",
                    msg(&e)
                );
            }
        }
        // An overlong varint is invalid, not a panic.
        let mut d = header_bytes();
        d.extend_from_slice(&[0xff; 11]);
        d.extend_from_slice(&[0u8; 64]);
        let e = undump(&d, b"=t").unwrap_err();
        assert_eq!(e.kind, ChunkErrorKind::Invalid);
        assert_eq!(msg(&e), "t: invalid precompiled chunk (varint overflow)");
        // A line number beyond u32.
        let mut d = header_bytes();
        d.push(0);
        put_varint(&mut d, 1 << 33);
        d.extend_from_slice(&[0u8; 64]);
        assert_eq!(undump(&d, b"=t").unwrap_err().kind, ChunkErrorKind::Invalid);
    }

    #[test]
    fn bad_body_values() {
        let p = base(vec![ret0()]);
        let d = dumped(&p, false);
        // header(HEADER_LEN) source("@t.lua": 7) lines(2) params(1) vararg(1) ...
        let vararg = HEADER_LEN + 7 + 2 + 1;
        let mut x = d.clone();
        x[vararg] = 2;
        assert_eq!(
            msg(&undump(&x, b"=t").unwrap_err()),
            "t: invalid precompiled chunk (bad vararg flag 2)"
        );
        // first constant tag: after max_stack, ncode(1), code(4), nk(1)
        let mut x = d.clone();
        x[vararg + 1 + 1 + 4 + 1 + 1] = 9;
        assert_eq!(
            msg(&undump(&x, b"=t").unwrap_err()),
            "t: invalid precompiled chunk (bad constant tag 9)"
        );
        // Verifier errors come through undump.
        let mut q = p.clone();
        q.code = vec![abc(Move, 0, 20, 0), ret0()];
        q.line_info = vec![1, 1];
        let e = undump(&dumped(&q, false), b"@x.lua").unwrap_err();
        assert_eq!(e.kind, ChunkErrorKind::Invalid);
        assert_eq!(
            msg(&e),
            "x.lua: invalid precompiled chunk (bad bytecode in function at line 0: pc 0 (Move): register 20 out of range (max stack 10))"
        );
    }

    fn nested(depth: usize) -> Proto {
        let mut p = base(vec![ret0()]);
        for _ in 1..depth {
            let mut parent = base(vec![abx(Closure, 0, 0), ret0()]);
            parent.protos.push(p);
            p = parent;
        }
        p
    }

    #[test]
    fn nesting_limit() {
        let ok = nested(MAX_NESTING);
        assert!(verify(&ok).is_ok());
        assert_eq!(undump(&dumped(&ok, false), b"=t").unwrap(), ok);
        let deep = nested(MAX_NESTING + 1);
        assert!(msg(&verify(&deep).unwrap_err()).contains("nested too deeply"));
        let e = undump(&dumped(&deep, false), b"=t").unwrap_err();
        assert_eq!(msg(&e), "t: invalid precompiled chunk (functions nested too deeply)");
        // A crafted chunk nesting 100000 functions is rejected without deep recursion.
        let mut d = header_bytes();
        for _ in 0..100_000 {
            d.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
        }
        d.extend_from_slice(&[0u8; 64]);
        let e = undump(&d, b"=t").unwrap_err();
        assert!(msg(&e).contains("nested too deeply"));
    }

    // ---- verifier: every rule rejects a crafted Proto

    #[track_caller]
    fn rejects(p: &Proto, what: &str) {
        match verify(p) {
            Ok(()) => panic!("accepted, expected '{}': {:?}", what, p.code),
            Err(e) => {
                let m = msg(&e);
                assert!(m.contains(what), "expected '{}', got '{}'", what, m);
                // undump rejects it too
                let u = undump(&dumped(p, false), b"=t").unwrap_err();
                assert_eq!(u.kind, ChunkErrorKind::Invalid);
            }
        }
    }

    #[track_caller]
    fn code_rejects(code: Vec<Instruction>, what: &str) {
        rejects(&base(code), what);
    }

    #[track_caller]
    fn code_accepts(code: Vec<Instruction>) {
        let p = base(code);
        if let Err(e) = verify(&p) {
            panic!("{}", msg(&e));
        }
    }

    const RANGE: &str = "out of range (max stack 10)";

    #[test]
    fn verify_accepts_valid_code() {
        assert!(verify(&all_opcodes()).is_ok());
        code_accepts(vec![abc(LoadNil, 0, 9, 0), ret0()]);
        code_accepts(vec![abc(Call, 0, 10, 11), ret0()]);
        code_accepts(vec![abc(Return, 0, 11, 0)]);
        code_accepts(vec![abc(Return, 10, 1, 0)]);
        code_accepts(vec![abc(SetList, 0, 9, 1), ret0()]);
        code_accepts(vec![abc(TForCall, 4, 0, 3), asbx(TForLoop, 6, -2), ret0()]);
    }

    #[test]
    fn verify_rejects_bad_opcode() {
        assert!(OpCode::ALL.len() < 256);
        code_rejects(vec![Instruction(OpCode::ALL.len() as u32), ret0()], "invalid opcode");
        code_rejects(vec![Instruction(0xff), ret0()], "invalid opcode 255");
    }

    #[test]
    fn verify_rejects_registers_out_of_range() {
        let bad = [
            abc(Move, 10, 0, 0),
            abc(Move, 0, 10, 0),
            abx(LoadK, 10, 0),
            asbx(LoadI, 10, 0),
            abc(LoadBool, 10, 0, 0),
            abc(LoadNil, 5, 5, 0),
            abc(GetUpval, 10, 0, 0),
            abc(SetUpval, 10, 0, 0),
            abc(GetTabUp, 10, 0, 0),
            abc(GetTable, 0, 0, 10),
            abc(GetI, 0, 10, 0),
            abc(GetField, 0, 10, 0),
            abc(SetTabUp, 0, 0, 10),
            abc(SetTable, 0, 10, 0),
            abc(SetI, 0, 0, 10),
            abc(SetField, 10, 0, 0),
            abc(NewTable, 10, 0, 0),
            abc(SelfOp, 9, 0, 0),
            abc(AddI, 0, 10, 0),
            abc(AddK, 0, 10, 1),
            abc(Shr, 0, 0, 10),
            abc(Len, 0, 10, 0),
            abc(Concat, 0, 8, 10),
            abc(Close, 10, 0, 0),
            abc(Call, 8, 3, 1),
            abc(Call, 8, 1, 4),
            abc(Call, 10, 1, 1),
            abc(TailCall, 8, 3, 0),
            abc(Return, 8, 4, 0),
            abc(SetList, 5, 5, 1),
            abx(Closure, 10, 0),
            abc(VarArg, 8, 4, 0),
            abc(VarArg, 10, 1, 0),
        ];
        for i in bad {
            code_rejects(vec![i, ret0()], RANGE);
        }
        code_rejects(vec![abc(Return, 11, 1, 0)], RANGE);
        code_rejects(vec![abc(Eq, 0, 10, 0), jmp(0), ret0()], RANGE);
        code_rejects(vec![abc(TestSet, 10, 0, 0), jmp(0), ret0()], RANGE);
        code_rejects(vec![abc(GeI, 10, 0, 0), jmp(0), ret0()], RANGE);
        code_rejects(vec![abc(LoadKX, 10, 0, 0), Instruction::ax_op(ExtraArg, 0), ret0()], RANGE);
        code_rejects(vec![asbx(ForPrep, 7, 1), ret0(), asbx(ForLoop, 7, -2), ret0()], RANGE);
        code_rejects(vec![ret0(), asbx(ForLoop, 7, -2), ret0()], RANGE);
        // TForCall: the call needs A+3..A+5, the results go to A+3..A+2+C.
        code_rejects(vec![abc(TForCall, 5, 0, 1), asbx(TForLoop, 7, -2), ret0()], RANGE);
        code_rejects(vec![abc(TForCall, 0, 0, 8), asbx(TForLoop, 2, -2), ret0()], RANGE);
        code_rejects(vec![abc(TForCall, 0, 0, 1), asbx(TForLoop, 9, -2), ret0()], RANGE);
        code_rejects(
            vec![abc(TForCall, 0, 0, 0), asbx(TForLoop, 2, -2), ret0()],
            "no loop variables",
        );
        // Function-wide sizes.
        for ms in [0u8, 1] {
            let mut p = base(vec![ret0()]);
            p.max_stack = ms;
            rejects(&p, "bad max stack size");
        }
        let mut p = base(vec![ret0()]);
        p.num_params = 11;
        rejects(&p, "11 parameters exceed max stack size 10");
    }

    #[test]
    fn verify_rejects_bad_constants() {
        // K: 0 "x", 1 Int, 2 Float, 3 Nil, 4 true
        let not_str = "is not a string";
        code_rejects(vec![abc(GetField, 0, 1, 1), ret0()], not_str);
        code_rejects(vec![abc(GetField, 0, 1, 5), ret0()], not_str);
        code_rejects(vec![abc(SetField, 0, 2, 1), ret0()], not_str);
        code_rejects(vec![abc(GetTabUp, 0, 0, 3), ret0()], not_str);
        code_rejects(vec![abc(SetTabUp, 0, 4, 1), ret0()], not_str);
        code_rejects(vec![abc(SelfOp, 0, 1, 1), ret0()], not_str);
        for op in [AddK, SubK, MulK, ModK, PowK, DivK, IDivK, BAndK, BOrK, BXorK, ShlK, ShrK] {
            code_rejects(vec![abc(op, 0, 1, 0), ret0()], "is not a number");
            code_rejects(vec![abc(op, 0, 1, 3), ret0()], "is not a number");
            code_rejects(vec![abc(op, 0, 1, 200), ret0()], "is not a number");
        }
        code_rejects(vec![abc(EqK, 0, 3, 0), jmp(0), ret0()], "out of range or nil");
        code_rejects(vec![abc(EqK, 0, 5, 0), jmp(0), ret0()], "out of range or nil");
        code_rejects(vec![abx(LoadK, 0, 5), ret0()], "constant 5 out of range");
        code_rejects(
            vec![abc(LoadKX, 0, 0, 0), Instruction::ax_op(ExtraArg, 5), ret0()],
            "constant 5 out of range",
        );
    }

    #[test]
    fn verify_rejects_bad_upvalues() {
        code_rejects(vec![abc(GetUpval, 0, 1, 0), ret0()], "upvalue 1 out of range");
        code_rejects(vec![abc(SetUpval, 0, 1, 0), ret0()], "upvalue 1 out of range");
        code_rejects(vec![abc(GetTabUp, 0, 1, 0), ret0()], "upvalue 1 out of range");
        code_rejects(vec![abc(SetTabUp, 1, 0, 0), ret0()], "upvalue 1 out of range");
        let mut p = base(vec![ret0()]);
        p.upvalues =
            (0..256).map(|i| UpvalDesc { name: vec![], in_stack: true, index: i as u8, ty: RaviType::Any }).collect();
        rejects(&p, "too many upvalues");
    }

    #[test]
    fn verify_rejects_bad_closures() {
        code_rejects(vec![abx(Closure, 0, 0), ret0()], "function 0 out of range");
        let mut p = base(vec![abx(Closure, 0, 0), ret0()]);
        p.protos.push(leaf("@t.lua", 1));
        assert!(verify(&p).is_ok());
        p.protos[0].upvalues[0] = UpvalDesc { name: vec![], in_stack: true, index: 10, ty: RaviType::Any };
        rejects(&p, "refers to missing register 10");
        p.protos[0].upvalues[0] = UpvalDesc { name: vec![], in_stack: false, index: 1, ty: RaviType::Any };
        rejects(&p, "refers to missing upvalue 1");
        // Nested functions are verified too.
        p.protos[0].upvalues[0].index = 0;
        assert!(verify(&p).is_ok());
        p.protos[0].code[0] = abc(Move, 0, 2, 0);
        rejects(&p, "function at line 1: pc 0 (Move): register 2 out of range (max stack 2)");
    }

    #[test]
    fn verify_rejects_bad_jumps() {
        let out = "out of range";
        code_rejects(vec![jmp(1), ret0()], out);
        code_rejects(vec![jmp(-2), ret0()], out);
        code_rejects(vec![ret0(), jmp(-3), ret0()], out);
        code_rejects(vec![ret0(), asbx(ForLoop, 0, 1), ret0()], out);
        code_rejects(vec![ret0(), asbx(ForLoop, 0, -3), ret0()], out);
        code_rejects(vec![asbx(ForPrep, 0, 5), ret0()], out);
        code_rejects(vec![asbx(ForPrep, 0, 0), ret0()], "does not jump to its ForLoop");
        code_rejects(
            vec![asbx(ForPrep, 0, 0), asbx(ForLoop, 1, -2), ret0()],
            "does not jump to its ForLoop",
        );
        code_rejects(vec![abc(TForCall, 0, 0, 1), asbx(TForLoop, 2, 5), ret0()], out);
        code_rejects(vec![abc(LoadBool, 0, 1, 1), ret0()], out);
        code_rejects(vec![Instruction::new_sj(Jmp, -(1 << 23) + 1), ret0()], out);
        code_rejects(vec![Instruction::new_sj(Jmp, (1 << 23) - 1), ret0()], out);
        // No jump into the ExtraArg of a pair.
        code_rejects(
            vec![jmp(1), abc(LoadKX, 0, 0, 0), Instruction::ax_op(ExtraArg, 0), ret0()],
            out,
        );
        code_rejects(
            vec![
                abc(LoadBool, 0, 0, 1),
                abc(LoadKX, 0, 0, 0),
                Instruction::ax_op(ExtraArg, 0),
                ret0(),
            ],
            out,
        );
        let _ = OFFSET_SBX;
    }

    #[test]
    fn verify_rejects_missing_followers() {
        code_rejects(vec![abc(LoadKX, 0, 0, 0), ret0()], "expected ExtraArg");
        code_rejects(vec![abc(SetList, 0, 1, 0), ret0()], "expected ExtraArg");
        code_rejects(vec![ret0(), abc(LoadKX, 0, 0, 0)], "missing ExtraArg");
        code_rejects(vec![ret0(), abc(SetList, 0, 1, 0)], "missing ExtraArg");
        code_rejects(vec![Instruction::ax_op(ExtraArg, 0), ret0()], "ExtraArg without");
        for op in [Eq, Lt, Le, EqK, EqI, LtI, LeI, GtI, GeI, Test, TestSet] {
            code_rejects(vec![abc(op, 0, 0, 0), abc(Move, 0, 0, 0), ret0()], "not followed by Jmp");
            code_rejects(vec![ret0(), abc(op, 0, 0, 0)], "not followed by Jmp");
        }
        code_rejects(vec![abc(TForCall, 0, 0, 1), jmp(-2), ret0()], "not followed by TForLoop");
        code_rejects(vec![ret0(), abc(TForCall, 0, 0, 1)], "not followed by TForLoop");
    }

    #[test]
    fn verify_rejects_bad_ends_and_debug_info() {
        code_rejects(vec![], "no code");
        code_rejects(vec![abc(Move, 0, 0, 0)], "last instruction is not a Return");
        code_rejects(vec![jmp(-1)], "last instruction is not a Return");
        code_rejects(vec![abc(TailCall, 0, 1, 0)], "last instruction is not a Return");
        let mut p = base(vec![ret0()]);
        p.line_info = vec![1, 2];
        rejects(&p, "line info has 2 entries for 1 instructions");
        p.line_info = vec![];
        assert!(verify(&p).is_ok());
        p.loc_vars = vec![LocVar { name: b"x".to_vec(), start_pc: 0, end_pc: 2, ty: RaviType::Any }];
        rejects(&p, "local variable pcs 0..2 out of range");
        p.loc_vars = vec![LocVar { name: b"x".to_vec(), start_pc: 1, end_pc: 0, ty: RaviType::Any }];
        rejects(&p, "local variable pcs 1..0 out of range");
    }

    #[test]
    fn verify_rejects_bad_open_results() {
        code_rejects(vec![abc(VarArg, 0, 0, 0), ret0()], "open results not consumed");
        code_rejects(
            vec![abc(Call, 0, 1, 0), abc(Move, 0, 0, 0), ret0()],
            "open results not consumed",
        );
        code_rejects(
            vec![abc(Call, 0, 1, 0), abc(Call, 0, 1, 1), ret0()],
            "open results not consumed",
        );
        code_rejects(vec![abc(Call, 0, 0, 1), ret0()], "not open");
        code_rejects(vec![abc(Return, 0, 0, 0)], "not open");
        code_rejects(vec![abc(Move, 0, 0, 0), abc(SetList, 0, 0, 1), ret0()], "not open");
        code_rejects(vec![abc(Call, 0, 1, 1), abc(TailCall, 0, 0, 0), ret0()], "not open");
        code_rejects(vec![abc(Call, 0, 1, 2), abc(Return, 0, 0, 0)], "not open");
        // a jump into the middle of a pair
        code_rejects(vec![jmp(1), abc(VarArg, 0, 0, 0), abc(Return, 0, 0, 0)], "not open");
        let mut p = base(vec![abc(VarArg, 0, 0, 0), abc(Return, 0, 0, 0)]);
        assert!(verify(&p).is_ok());
        p.is_vararg = false;
        rejects(&p, "vararg in a non-vararg function");
        code_accepts(vec![abc(TailCall, 0, 1, 0), abc(Return, 0, 0, 0)]);
        // open results that start below the consumer's operands (top - first < 0)
        code_accepts(vec![abc(Call, 2, 1, 0), abc(Call, 1, 0, 1), ret0()]);
        code_rejects(vec![abc(Call, 2, 1, 0), abc(Call, 2, 0, 1), ret0()], "start below its operands");
        code_rejects(vec![abc(VarArg, 2, 0, 0), abc(SetList, 5, 0, 1), ret0()], "start below its operands");
        code_rejects(vec![abc(VarArg, 2, 0, 0), abc(Return, 3, 0, 0)], "start below its operands");
        code_accepts(vec![abc(VarArg, 2, 0, 0), abc(Return, 2, 0, 0)]);
    }

    #[test]
    fn verify_rejects_impossible_table_sizes() {
        // NEWTABLE's size hints are bounded by the code that fills the table
        code_accepts(vec![abc(NewTable, 0, int2fb(8), int2fb(4)), ret0()]);
        code_rejects(vec![abc(NewTable, 0, 212, 0), ret0()], "table size hints");
        code_rejects(vec![abc(NewTable, 0, 0, 255), ret0()], "table size hints");
        // SETLIST block c stores items (c-1)*50+1..: the earlier items needed code
        code_accepts(vec![abc(SetList, 0, 1, 1), ret0()]);
        code_rejects(vec![abc(SetList, 0, 1, 200), ret0()], "list block 200 impossible");
        code_rejects(
            vec![abc(SetList, 0, 1, 0), Instruction::ax_op(ExtraArg, 1 << 20), ret0()],
            "list block 1048576 impossible",
        );
        code_rejects(vec![abc(SetList, 0, 1, 0), Instruction::ax_op(ExtraArg, 0), ret0()], "list block 0");
    }

    // ---- compiled programs, once the compiler is in

    const PROGRAMS: &[&str] = &[
        "return 1",
        "local a, b = 1, 2.5 print(a + b, 'x' .. a, #'abc', -a, ~a, not a) return a // b, a % b, a ^ 2, a & 3",
        "local t = {1, 2, 3, x = 1, ['y'] = 2, ...} t.z = t[1] t[2] = t.x return t:foo(1, 2)",
        "for i = 1, 10 do print(i) end for i = 10, 1, -0.5 do end for k, v in pairs(_G) do print(k, v) end",
        "local function f(a, ...) local b = a return function() b = b + 1 return b end, ... end return f(1, 2, 3)",
        "local x = 0 while x < 10 do x = x + 1 if x == 5 then break elseif x > 7 then goto done end end ::done:: repeat x = x - 1 until x <= 0",
        "local s = 0 for i = 1, 300 do s = s + i end local t = {} for i = 1, 100 do t[#t + 1] = i end return s, t",
        "return print(select('#', ...)), {f(...)}, a and b or c, x == nil, 1 < y, y <= 2, 'a' ~= z",
        "local a = 1 defer print(a) end do local b = 2 defer print(b) end end return a",
    ];

    #[test]
    fn stripped_defer_locals_keep_their_registers() {
        let p = crate::compile(b"local a = 1 do local b = 2 defer print(b) end end return a", b"=d").unwrap();
        let q = undump(&dumped(&p, true), b"=d").unwrap_or_else(|e| panic!("{}", msg(&e)));
        let names: Vec<&[u8]> = q.loc_vars.iter().map(|v| &v.name[..]).collect();
        assert_eq!(names, [&b""[..], b"", DEFER_LOCAL]);
        assert_eq!(q.loc_vars.len(), p.loc_vars.len());
        // without a defer, a stripped chunk has no local variables at all
        let p = crate::compile(b"local a = 1 return a", b"=d").unwrap();
        assert!(undump(&dumped(&p, true), b"=d").unwrap().loc_vars.is_empty());
    }

    #[test]
    fn roundtrip_compiled_programs() {
        let mut big = String::from("local t = {");
        for i in 0..70000 {
            big.push_str(&alloc::format!("{}.5,", i));
        }
        big.push_str("} return t");
        let mut sources: Vec<&str> = PROGRAMS.to_vec();
        sources.push(&big);
        for (n, s) in sources.iter().enumerate() {
            let p = match crate::compile(s.as_bytes(), b"=prog") {
                Ok(p) => p,
                Err(e) if e.message.windows(15).any(|w| w == b"not implemented") => return,
                Err(e) => panic!("{}", String::from_utf8_lossy(&e.message)),
            };
            check_roundtrip(&p);
            if n < PROGRAMS.len() {
                check_every_truncation(&dumped(&p, false));
                fuzz(&dumped(&p, false), 77 + n as u64, 1000);
            }
        }
    }

    #[test]
    fn typed_opcodes_only_from_the_compiler() {
        let p = crate::compile(b"local function f(a: integer) return a + 1 end return f(2)", b"=t").unwrap();
        assert!(verify_compiled(&p).is_ok());
        let e = verify(&p).unwrap_err();
        assert!(msg(&e).contains("not accepted in binary chunks"), "{}", msg(&e));
        let e = undump(&dumped(&p, false), b"=t").unwrap_err();
        assert!(msg(&e).contains("not accepted in binary chunks"), "{}", msg(&e));
    }

    #[test]
    fn compiled_typed_opcodes_get_operand_checks() {
        // K: 0 "x", 1 Int, 2 Float, 3 Nil, 4 true, 5 a 41-byte (long) string
        let typed = |code: Vec<Instruction>| {
            let mut p = base(code);
            p.constants.push(Constant::Str(alloc::vec![b'y'; 41]));
            p
        };
        let ok = |code: Vec<Instruction>| {
            if let Err(e) = verify_compiled(&typed(code)) {
                panic!("{}", msg(&e));
            }
        };
        let bad = |code: Vec<Instruction>, what: &str| {
            let e = verify_compiled(&typed(code)).unwrap_err();
            assert!(msg(&e).contains(what), "expected '{}', got '{}'", what, msg(&e));
        };
        ok(vec![abc(TGetField, 0, 1, 0), abc(TSelf, 2, 1, 0), abc(TSetField, 1, 0, 2), abc(TSetFieldK, 1, 0, 4), ret0()]);
        ok(vec![abc(ToIntN, 7, 3, 0), abc(IArraySetK, 0, 1, 1), abc(FArraySetK, 0, 1, 2), abc(DivKF, 0, 2, 1), ret0()]);
        ok(vec![asbx(ForPrepI, 0, 0), asbx(ForLoopIP, 0, -1), ret0()]);
        bad(vec![abc(TGetField, 0, 1, 5), ret0()], "is not a short string");
        bad(vec![abc(TSetField, 0, 5, 1), ret0()], "is not a short string");
        bad(vec![abc(TSelf, 9, 1, 0), ret0()], RANGE);
        bad(vec![abc(TGetInt, 0, 1, 10), ret0()], RANGE);
        bad(vec![abc(ToFltN, 8, 3, 0), ret0()], RANGE);
        bad(vec![abc(ToIntN, 0, 0, 0), ret0()], "empty check range");
        bad(vec![abc(IArraySetK, 0, 1, 2), ret0()], "element type");
        bad(vec![abc(FArraySetK, 0, 1, 1), ret0()], "element type");
        bad(vec![abc(AddFK, 0, 1, 1), ret0()], "is not a float");
        bad(vec![abc(SubKF, 0, 1, 1), ret0()], "is not a float");
        bad(vec![abc(AddToF, 0, 1, 10), ret0()], RANGE);
        bad(vec![asbx(ForPrepI, 0, 0), asbx(ForLoop, 0, -1), ret0()], "does not jump to its ForLoopI");
        bad(vec![abc(EqII, 0, 1, 0), ret0()], "not followed by Jmp");
    }
}
