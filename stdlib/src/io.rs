//! The io library (liolib.c of Lua 5.3.6), `std` only. File handles are full userdata of
//! type "FILE*" (metatable registry["FILE*"] with `__name`, `__gc`, `__tostring` and the
//! methods as `__index`) wrapping a C `FILE*`, so buffering, `setvbuf`, `seek`, `popen`
//! and `tmpfile` behave exactly as lua5.3's on the same C library.
//!
//! Owns: the `io` table, the file handle type, registry fields `_IO_input`/`_IO_output`.
//!
//! Standard output: `print` (base library) writes through Rust's `std::io::stdout()`.
//! So that `print` and `io.write` interleave correctly, the `io.stdout` handle writes and
//! flushes through that same Rust stream (it is never written through C's `stdout`);
//! reads and seeks on it use C's `stdout` after flushing the Rust buffer. `setvbuf` on it
//! succeeds and keeps Rust's line buffering. Other files (and stdin/stderr) are C streams,
//! flushed by C's `exit` and closed by `__gc`.

use alloc::vec::Vec;
use core::ffi::{c_char, c_int};
use ravi_parser::number::{fmt_int, format_float, Flags, FloatSpec};
use ravi_vm::api::c_str;
use ravi_vm::state::State;
use ravi_vm::{upvalue_index, LResult, Type, REGISTRY_INDEX};

use crate::os::{cstring, errno, exec_result, file_result, flush_stdout};

type FILE = libc::FILE;

extern "C" {
    static mut stdin: *mut FILE;
    static mut stdout: *mut FILE;
    static mut stderr: *mut FILE;
    fn popen(command: *const c_char, mode: *const c_char) -> *mut FILE;
    fn pclose(stream: *mut FILE) -> c_int;
    fn getc_unlocked(stream: *mut FILE) -> c_int;
    fn flockfile(stream: *mut FILE);
    fn funlockfile(stream: *mut FILE);
}

/// Name of the file handle metatable (LUA_FILEHANDLE).
pub const FILEHANDLE: &str = "FILE*";
const IO_INPUT: &str = "_IO_input";
const IO_OUTPUT: &str = "_IO_output";
/// LUAL_BUFFERSIZE on x86-64/AArch64 Linux.
const LUAL_BUFFERSIZE: i64 = 8192;
const MAXARGLINE: usize = 250;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CloseKind {
    Fclose,
    Pclose,
    NoClose,
}

/// A file handle (luaL_Stream): `closef` None means closed.
pub struct LStream {
    f: *mut FILE,
    closef: Option<CloseKind>,
    /// The process's standard output: written through Rust's stdout (shared with print).
    is_stdout: bool,
}

impl Drop for LStream {
    fn drop(&mut self) {
        // Safety net when a handle is freed without its finalizer having run.
        if !self.f.is_null() {
            // SAFETY: f is an open stream owned by this handle.
            match self.closef {
                Some(CloseKind::Fclose) => unsafe {
                    libc::fclose(self.f);
                },
                Some(CloseKind::Pclose) => unsafe {
                    pclose(self.f);
                },
                _ => {}
            }
            self.f = core::ptr::null_mut();
        }
    }
}

fn tolstream<'a>(st: &mut State, idx: i32) -> LResult<&'a mut LStream> {
    st.check_udata::<LStream>(idx, FILEHANDLE)
}

/// tofile: the open stream at index 1 ("attempt to use a closed file").
fn tofile<'a>(st: &mut State) -> LResult<&'a mut LStream> {
    let p = tolstream(st, 1)?;
    if p.closef.is_none() {
        return Err(st.error_str("attempt to use a closed file"));
    }
    Ok(p)
}

/// Pushes a new handle marked closed with the FILE* metatable (newprefile).
fn newprefile<'a>(st: &mut State) -> LResult<&'a mut LStream> {
    st.new_userdata_any(LStream { f: core::ptr::null_mut(), closef: None, is_stdout: false })?;
    st.get_registry_field(FILEHANDLE)?;
    st.set_metatable(-2)?;
    Ok(st.to_userdata::<LStream>(-1).expect("new file handle"))
}

fn newfile<'a>(st: &mut State) -> LResult<&'a mut LStream> {
    let p = newprefile(st)?;
    p.closef = Some(CloseKind::Fclose);
    Ok(p)
}

fn fopen(name: &[u8], mode: &[u8]) -> *mut FILE {
    let n = cstring(name);
    let m = cstring(mode);
    // SAFETY: valid C strings.
    unsafe { libc::fopen(n.as_ptr(), m.as_ptr()) }
}

fn opencheckfile(st: &mut State, fname: &[u8], mode: &[u8]) -> LResult<()> {
    let p = newfile(st)?;
    p.f = fopen(fname, mode);
    if p.f.is_null() {
        let en = errno();
        let mut m = b"cannot open file '".to_vec();
        m.extend_from_slice(fname);
        m.extend_from_slice(b"' (");
        m.extend_from_slice(&crate::os::strerror_bytes(en));
        m.push(b')');
        return Err(st.error_bytes(&m));
    }
    Ok(())
}

/// Runs the close function of the handle at index 1 (aux_close).
fn aux_close(st: &mut State) -> LResult<usize> {
    let p = tolstream(st, 1)?;
    let cf = p.closef.take();
    match cf {
        Some(CloseKind::Fclose) => {
            let f = core::mem::replace(&mut p.f, core::ptr::null_mut());
            // SAFETY: f is an open stream owned by this handle.
            let res = unsafe { libc::fclose(f) };
            let en = errno();
            file_result(st, res == 0, None, en)
        }
        Some(CloseKind::Pclose) => {
            let f = core::mem::replace(&mut p.f, core::ptr::null_mut());
            // SAFETY: f came from popen.
            let stat = unsafe { pclose(f) };
            let en = errno();
            exec_result(st, stat, en)
        }
        Some(CloseKind::NoClose) | None => {
            p.closef = Some(CloseKind::NoClose); // keep file opened
            st.push_nil()?;
            st.push_str("cannot close standard file")?;
            Ok(2)
        }
    }
}

fn f_close(st: &mut State) -> LResult<usize> {
    tofile(st)?;
    aux_close(st)
}

fn io_close(st: &mut State) -> LResult<usize> {
    if st.is_none(1) {
        st.get_registry_field(IO_OUTPUT)?; // use standard output
    }
    f_close(st)
}

fn f_gc(st: &mut State) -> LResult<usize> {
    let p = tolstream(st, 1)?;
    if p.closef.is_some() && !p.f.is_null() {
        aux_close(st)?; // ignore closed and incompletely open files
    }
    Ok(0)
}

fn f_tostring(st: &mut State) -> LResult<usize> {
    let p = tolstream(st, 1)?;
    if p.closef.is_none() {
        st.push_str("file (closed)")?;
    } else {
        let m = alloc::format!("file ({:p})", p.f);
        st.push_str(&m)?;
    }
    Ok(1)
}

/// l_checkmode: [rwa]%+?b* (C sees the mode up to a NUL).
fn check_mode(mode: &[u8]) -> bool {
    let m = c_str(mode);
    if m.is_empty() || !b"rwa".contains(&m[0]) {
        return false;
    }
    let mut rest = &m[1..];
    if rest.first() == Some(&b'+') {
        rest = &rest[1..];
    }
    rest.iter().all(|&c| c == b'b')
}

fn io_open(st: &mut State) -> LResult<usize> {
    let filename = st.check_string(1)?.bytes().to_vec();
    let mode = match st.opt_string(2)? {
        Some(m) => m.bytes().to_vec(),
        None => b"r".to_vec(),
    };
    let p = newfile(st)?;
    if !check_mode(&mode) {
        return Err(st.arg_error(2, "invalid mode"));
    }
    p.f = fopen(&filename, &mode);
    if p.f.is_null() {
        let en = errno();
        return file_result(st, false, Some(&filename), en);
    }
    Ok(1)
}

fn io_popen(st: &mut State) -> LResult<usize> {
    let filename = st.check_string(1)?.bytes().to_vec();
    let mode = match st.opt_string(2)? {
        Some(m) => m.bytes().to_vec(),
        None => b"r".to_vec(),
    };
    let p = newprefile(st)?;
    // l_checkmodep on the C string: what follows an embedded NUL is not seen
    let mode = c_str(&mode).to_vec();
    if !(mode.len() == 1 && (mode[0] == b'r' || mode[0] == b'w')) {
        return Err(st.arg_error(2, "invalid mode"));
    }
    flush_stdout();
    let c = cstring(&filename);
    let m = cstring(&mode);
    // SAFETY: valid C strings.
    p.f = unsafe { popen(c.as_ptr(), m.as_ptr()) };
    p.closef = Some(CloseKind::Pclose);
    if p.f.is_null() {
        let en = errno();
        return file_result(st, false, Some(&filename), en);
    }
    Ok(1)
}

fn io_tmpfile(st: &mut State) -> LResult<usize> {
    let p = newfile(st)?;
    // SAFETY: no preconditions.
    p.f = unsafe { libc::tmpfile() };
    if p.f.is_null() {
        let en = errno();
        return file_result(st, false, None, en);
    }
    Ok(1)
}

/// Pushes registry[findex] and returns its stream ("standard output file is closed").
fn getiofile<'a>(st: &mut State, findex: &str) -> LResult<&'a mut LStream> {
    st.get_registry_field(findex)?;
    match st.to_userdata::<LStream>(-1) {
        Some(p) if p.closef.is_some() => Ok(p),
        _ => {
            let m = alloc::format!("standard {} file is closed", &findex[4..]);
            Err(st.error_str(&m))
        }
    }
}

fn g_iofile(st: &mut State, f: &str, mode: &[u8]) -> LResult<usize> {
    if !st.is_none_or_nil(1) {
        let v = st.value(1);
        if v.is_string() || v.is_number() {
            let name = st.to_lstring(1)?.unwrap().bytes().to_vec();
            opencheckfile(st, &name, mode)?;
        } else {
            tofile(st)?;
            st.push_value(1)?;
        }
        st.set_field(REGISTRY_INDEX, f)?;
    }
    st.get_registry_field(f)?;
    Ok(1)
}

fn io_input(st: &mut State) -> LResult<usize> {
    g_iofile(st, IO_INPUT, b"r")
}

fn io_output(st: &mut State) -> LResult<usize> {
    g_iofile(st, IO_OUTPUT, b"w")
}

fn io_type(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    match st.test_udata::<LStream>(1, FILEHANDLE)? {
        None => st.push_nil()?,
        Some(p) if p.closef.is_none() => {
            st.push_str("closed file")?;
        }
        Some(_) => {
            st.push_str("file")?;
        }
    }
    Ok(1)
}

// ------------------------------------------------------------------ lines

/// Pushes the iterator closure for the file at index 1 and the formats after it.
fn aux_lines(st: &mut State, toclose: bool) -> LResult<()> {
    let n = st.get_top() - 1; // number of arguments to read
    if n > MAXARGLINE {
        return Err(st.arg_error(MAXARGLINE as i32 + 2, "too many arguments"));
    }
    st.push_integer(n as i64)?;
    st.push_bool(toclose)?;
    st.rotate(2, 2); // move 'n' and 'toclose' to their positions
    st.push_closure(io_readline, 3 + n)
}

fn f_lines(st: &mut State) -> LResult<usize> {
    tofile(st)?;
    aux_lines(st, false)?;
    Ok(1)
}

fn io_lines(st: &mut State) -> LResult<usize> {
    if st.is_none(1) {
        st.push_nil()?; // at least one argument
    }
    let toclose;
    if st.value(1).is_nil() {
        st.get_registry_field(IO_INPUT)?; // default input
        st.replace(1);
        tofile(st)?;
        toclose = false;
    } else {
        let name = st.check_string(1)?.bytes().to_vec();
        opencheckfile(st, &name, b"r")?;
        st.replace(1);
        toclose = true;
    }
    aux_lines(st, toclose)?;
    Ok(1)
}

fn io_readline(st: &mut State) -> LResult<usize> {
    let p = match st.to_userdata::<LStream>(upvalue_index(1)) {
        Some(p) => p,
        None => return Err(st.error_str("file is already closed")),
    };
    let n = st.value(upvalue_index(2)).as_int().unwrap_or(0) as usize;
    if p.closef.is_none() {
        return Err(st.error_str("file is already closed"));
    }
    st.set_top(1);
    st.check_stack_api(n, "too many arguments")?;
    for i in 1..=n {
        st.push_value(upvalue_index(3 + i as i32))?;
    }
    let f = p.f;
    let n = g_read(st, f, 2)?;
    if st.to_boolean(-(n as i32)) {
        return Ok(n);
    }
    if n > 1 {
        // 2nd result is the error message
        let m = match st.to_lstring(-(n as i32) + 1)? {
            Some(s) => s.bytes().to_vec(),
            None => Vec::new(),
        };
        return Err(st.error_bytes(&m));
    }
    if st.to_boolean(upvalue_index(3)) {
        st.set_top(0);
        st.push_value(upvalue_index(1))?;
        aux_close(st)?;
    }
    Ok(0)
}

// ------------------------------------------------------------------ read

/// l_getc: `getc_unlocked`; callers hold the stream lock (l_lockfile) around loops.
#[inline]
fn getc(f: *mut FILE) -> c_int {
    // SAFETY: f is an open stream locked by the caller (or used by this thread only).
    unsafe { getc_unlocked(f) }
}

struct FileLock(*mut FILE);
impl FileLock {
    fn new(f: *mut FILE) -> FileLock {
        // SAFETY: f is an open stream.
        unsafe { flockfile(f) };
        FileLock(f)
    }
}
impl Drop for FileLock {
    fn drop(&mut self) {
        // SAFETY: locked in `new`.
        unsafe { funlockfile(self.0) };
    }
}

#[inline]
fn ungetc(c: c_int, f: *mut FILE) {
    // SAFETY: f is an open stream.
    unsafe {
        libc::ungetc(c, f);
    }
}

const L_MAXLENNUM: usize = 200;

struct Rn {
    f: *mut FILE,
    c: c_int,
    buff: Vec<u8>,
    invalid: bool,
}

impl Rn {
    fn nextc(&mut self) -> bool {
        if self.buff.len() >= L_MAXLENNUM {
            self.invalid = true;
            false
        } else {
            self.buff.push(self.c as u8);
            self.c = getc(self.f);
            true
        }
    }
    fn test2(&mut self, set: &[u8; 2]) -> bool {
        if self.c == set[0] as c_int || self.c == set[1] as c_int {
            self.nextc()
        } else {
            false
        }
    }
    fn readdigits(&mut self, hex: bool) -> usize {
        let mut count = 0;
        loop {
            let c = self.c;
            let ok = c >= 0 && c < 256 && {
                let b = c as u8;
                if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() }
            };
            if !(ok && self.nextc()) {
                break;
            }
            count += 1;
        }
        count
    }
}

fn is_c_space(c: c_int) -> bool {
    c == b' ' as c_int || (b'\t' as c_int..=b'\r' as c_int).contains(&c)
}

/// read_number: reads a numeral as lua5.3 does (at most 200 characters), pushes the
/// number (or nil) and returns success.
fn read_number(st: &mut State, f: *mut FILE) -> LResult<bool> {
    let mut rn = Rn { f, c: 0, buff: Vec::new(), invalid: false };
    let mut count = 0;
    let mut hex = false;
    let lock = FileLock::new(f);
    loop {
        rn.c = getc(f);
        if !is_c_space(rn.c) {
            break;
        }
    }
    rn.test2(b"-+");
    if rn.test2(b"00") {
        if rn.test2(b"xX") {
            hex = true;
        } else {
            count = 1;
        }
    }
    count += rn.readdigits(hex);
    if rn.test2(b"..") {
        count += rn.readdigits(hex);
    }
    if count > 0 && rn.test2(if hex { b"pP" } else { b"eE" }) {
        rn.test2(b"-+");
        rn.readdigits(false);
    }
    ungetc(rn.c, f);
    drop(lock);
    let num = if rn.invalid { None } else { ravi_vm::arith::str_to_number(&rn.buff) };
    match num {
        Some(v) => {
            st.push(v)?;
            Ok(true)
        }
        None => {
            st.push_nil()?;
            Ok(false)
        }
    }
}

fn test_eof(st: &mut State, f: *mut FILE) -> LResult<bool> {
    // SAFETY: f is an open stream.
    let c = unsafe { libc::fgetc(f) };
    ungetc(c, f);
    st.push_str("")?;
    Ok(c != libc::EOF)
}

fn read_line(st: &mut State, f: *mut FILE, chop: bool) -> LResult<bool> {
    let mut buf: Vec<u8> = Vec::new();
    let mut c;
    {
        let _lock = FileLock::new(f);
        loop {
            c = getc(f);
            if c == libc::EOF || c == b'\n' as c_int {
                break;
            }
            buf.push(c as u8);
        }
    }
    let nl = c == b'\n' as c_int;
    if !chop && nl {
        buf.push(b'\n');
    }
    let ok = nl || !buf.is_empty();
    st.push_bytes(&buf)?;
    Ok(ok)
}

fn read_all(st: &mut State, f: *mut FILE) -> LResult<()> {
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        // SAFETY: chunk is writable for its length; f is an open stream.
        let n = unsafe { libc::fread(chunk.as_mut_ptr() as *mut libc::c_void, 1, chunk.len(), f) };
        out.extend_from_slice(&chunk[..n]);
        if n < chunk.len() {
            break;
        }
    }
    st.push_bytes(&out)?;
    Ok(())
}

fn read_chars(st: &mut State, f: *mut FILE, n: usize) -> LResult<bool> {
    let mut out: Vec<u8> = Vec::new();
    let mut left = n;
    let mut chunk = [0u8; 8192];
    while left > 0 {
        let want = left.min(chunk.len());
        // SAFETY: chunk is writable for `want` bytes; f is an open stream.
        let got = unsafe { libc::fread(chunk.as_mut_ptr() as *mut libc::c_void, 1, want, f) };
        out.extend_from_slice(&chunk[..got]);
        left -= got;
        if got < want {
            break;
        }
    }
    let ok = !out.is_empty();
    st.push_bytes(&out)?;
    Ok(ok)
}

/// g_read: reads with the formats at `first..` (all the arguments after index
/// `first - 1`), pushing the results; returns their number.
fn g_read(st: &mut State, f: *mut FILE, first: i32) -> LResult<usize> {
    let mut nargs = st.get_top() as i32 - 1;
    // SAFETY: f is an open stream.
    unsafe { libc::clearerr(f) };
    let mut success;
    let mut n: i32;
    if nargs == 0 {
        success = read_line(st, f, true)?;
        n = first + 1;
    } else {
        st.check_stack_api(nargs as usize + 20, "too many arguments")?;
        success = true;
        n = first;
        while nargs > 0 && success {
            nargs -= 1;
            if st.type_of(n) == Some(Type::Number) {
                let l = st.check_integer(n)?;
                if l < 0 {
                    // lua5.3 asks luaL_prepbuffsize for (size_t)l bytes, which malloc refuses
                    return Err(st.error_str("not enough memory for buffer allocation"));
                }
                let l = l as usize;
                success = if l == 0 { test_eof(st, f)? } else { read_chars(st, f, l)? };
            } else {
                let p = st.check_string(n)?.bytes().to_vec();
                let mut p = &p[..];
                if p.first() == Some(&b'*') {
                    p = &p[1..];
                }
                match p.first() {
                    Some(b'n') => success = read_number(st, f)?,
                    Some(b'l') => success = read_line(st, f, true)?,
                    Some(b'L') => success = read_line(st, f, false)?,
                    Some(b'a') => {
                        read_all(st, f)?;
                        success = true;
                    }
                    _ => return Err(st.arg_error(n, "invalid format")),
                }
            }
            n += 1;
        }
    }
    // SAFETY: f is an open stream.
    if unsafe { libc::ferror(f) } != 0 {
        let en = errno();
        return file_result(st, false, None, en);
    }
    if !success {
        st.pop(1);
        st.push_nil()?;
    }
    Ok((n - first) as usize)
}

fn io_read(st: &mut State) -> LResult<usize> {
    let p = getiofile(st, IO_INPUT)?;
    let f = p.f;
    if p.is_stdout {
        flush_stdout();
    }
    g_read(st, f, 1)
}

fn f_read(st: &mut State) -> LResult<usize> {
    let p = tofile(st)?;
    let f = p.f;
    if p.is_stdout {
        flush_stdout();
    }
    g_read(st, f, 2)
}

// ------------------------------------------------------------------ write

fn write_bytes(p: &LStream, b: &[u8]) -> Result<(), i32> {
    if b.is_empty() {
        return Ok(());
    }
    if p.is_stdout {
        use std::io::Write;
        return std::io::stdout().write_all(b).map_err(|e| e.raw_os_error().unwrap_or(libc::EIO));
    }
    // SAFETY: b is readable for its length; p.f is an open stream.
    let n = unsafe { libc::fwrite(b.as_ptr() as *const libc::c_void, 1, b.len(), p.f) };
    if n == b.len() { Ok(()) } else { Err(errno()) }
}

fn g_write(st: &mut State, p: &LStream, mut arg: i32) -> LResult<usize> {
    let mut nargs = st.get_top() as i32 - arg;
    let mut status = true;
    let mut en = 0;
    let mut buf: Vec<u8> = Vec::new();
    while nargs > 0 {
        nargs -= 1;
        let v = st.value(arg);
        buf.clear();
        if v.is_int() {
            fmt_int(v.ival(), &mut buf);
        } else if v.is_float() {
            let spec = FloatSpec { flags: Flags::default(), width: 0, precision: Some(14), conv: b'g' };
            format_float(&mut buf, v.fval(), &spec);
        } else {
            let s = st.check_string(arg)?;
            // write straight from the string
            if status {
                if let Err(e) = write_bytes(p, s.bytes()) {
                    status = false;
                    en = e;
                }
            }
            arg += 1;
            continue;
        }
        if status {
            if let Err(e) = write_bytes(p, &buf) {
                status = false;
                en = e;
            }
        }
        arg += 1;
    }
    if status {
        Ok(1) // file handle already on stack top
    } else {
        file_result(st, false, None, en)
    }
}

fn io_write(st: &mut State) -> LResult<usize> {
    let p = getiofile(st, IO_OUTPUT)?;
    g_write(st, p, 1)
}

fn f_write(st: &mut State) -> LResult<usize> {
    let p = tofile(st)?;
    st.push_value(1)?; // file at the stack top (to be returned)
    g_write(st, p, 2)
}

// ------------------------------------------------------------------ seek, setvbuf, flush

fn f_seek(st: &mut State) -> LResult<usize> {
    let p = tofile(st)?;
    let op = st.check_option(2, Some("cur"), &["set", "cur", "end"])?;
    let offset = st.opt_integer(3, 0)?;
    let whence = [libc::SEEK_SET, libc::SEEK_CUR, libc::SEEK_END][op];
    if p.is_stdout {
        flush_stdout();
    }
    // SAFETY: p.f is an open stream.
    let r = unsafe { libc::fseeko(p.f, offset as libc::off_t, whence) };
    if r != 0 {
        let en = errno();
        return file_result(st, false, None, en);
    }
    // SAFETY: as above.
    let pos = unsafe { libc::ftello(p.f) };
    st.push_integer(pos as i64)?;
    Ok(1)
}

fn f_setvbuf(st: &mut State) -> LResult<usize> {
    let p = tofile(st)?;
    let op = st.check_option(2, None, &["no", "full", "line"])?;
    let sz = st.opt_integer(3, LUAL_BUFFERSIZE)?;
    if p.is_stdout {
        // Rust's stdout keeps its line buffering (see the module doc).
        return file_result(st, true, None, 0);
    }
    let mode = [libc::_IONBF, libc::_IOFBF, libc::_IOLBF][op];
    // SAFETY: p.f is an open stream; a NULL buffer lets C allocate it.
    let res = unsafe { libc::setvbuf(p.f, core::ptr::null_mut(), mode, sz as usize) };
    let en = errno();
    file_result(st, res == 0, None, en)
}

fn flush_stream(p: &LStream) -> Result<(), i32> {
    if p.is_stdout {
        use std::io::Write;
        return std::io::stdout().flush().map_err(|e| e.raw_os_error().unwrap_or(libc::EIO));
    }
    // SAFETY: p.f is an open stream.
    if unsafe { libc::fflush(p.f) } == 0 { Ok(()) } else { Err(errno()) }
}

fn io_flush(st: &mut State) -> LResult<usize> {
    let p = getiofile(st, IO_OUTPUT)?;
    match flush_stream(p) {
        Ok(()) => file_result(st, true, None, 0),
        Err(en) => file_result(st, false, None, en),
    }
}

fn f_flush(st: &mut State) -> LResult<usize> {
    let p = tofile(st)?;
    match flush_stream(p) {
        Ok(()) => file_result(st, true, None, 0),
        Err(en) => file_result(st, false, None, en),
    }
}

// ------------------------------------------------------------------ open

fn createstdfile(st: &mut State, f: *mut FILE, k: Option<&str>, fname: &str, is_stdout: bool) -> LResult<()> {
    let p = newprefile(st)?;
    p.f = f;
    p.closef = Some(CloseKind::NoClose);
    p.is_stdout = is_stdout;
    if let Some(k) = k {
        st.push_value(-1)?;
        st.set_field(REGISTRY_INDEX, k)?;
    }
    st.set_field(-2, fname)
}

/// luaopen_io.
pub fn open_io(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ])?;
    // metatable for file handles
    st.new_metatable(FILEHANDLE)?;
    st.set_funcs(
        &[
            ("close", f_close),
            ("flush", f_flush),
            ("lines", f_lines),
            ("read", f_read),
            ("seek", f_seek),
            ("setvbuf", f_setvbuf),
            ("write", f_write),
            ("__gc", f_gc),
            ("__tostring", f_tostring),
        ],
        0,
    )?;
    st.push_value(-1)?;
    st.set_field(-2, "__index")?;
    st.pop(1);
    // SAFETY: reading the C library's standard stream pointers.
    let (fin, fout, ferr) = unsafe { (stdin, stdout, stderr) };
    createstdfile(st, fin, Some(IO_INPUT), "stdin", false)?;
    createstdfile(st, fout, Some(IO_OUTPUT), "stdout", true)?;
    createstdfile(st, ferr, None, "stderr", false)?;
    Ok(1)
}
