//! The os library (loslib.c of Lua 5.3.6), `std` only: clock, date, difftime, execute,
//! exit, getenv, remove, rename, setlocale, time, tmpname — through the host C library
//! (`libc`), so results and messages are lua5.3's on the same system.
//!
//! Owns: the `os` table, and the small C helpers the io library shares (`errno`,
//! `strerror`, `file_result` = luaL_fileresult, `exec_result` = luaL_execresult,
//! `flush_stdout`).
//!
//! Decisions:
//! - `setlocale` calls the C library's setlocale for real (the categories are LC_ALL,
//!   LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME): a query answers the current
//!   name, "" takes the locale from the environment, an unknown locale answers nil. The
//!   process starts in "C", as lua.c never calls setlocale. Our number formatting and
//!   conversion (`tostring`, `string.format`, `tonumber`, the lexer) are our own and always
//!   use '.', not LC_NUMERIC's decimal point; the library's character classes (`%a` etc.)
//!   are ASCII, as in the C locale. The same for every locale installed here (C, POSIX,
//!   C.UTF-8), which all use '.'.
//! - `exit(code, true)` runs the pending finalizers (lua_close's first half) before
//!   exiting; buffered output (Rust's stdout, which `print` and `io.write` share, and the
//!   C streams of open files) is flushed either way.
//! - `execute` and `io.popen` flush standard output first so a child's output comes after
//!   what the script already wrote.

use alloc::vec::Vec;
use core::ffi::{c_char, c_int};
use ravi_vm::api::c_str;
use ravi_vm::state::State;
use ravi_vm::{LResult, Type};
use std::ffi::CString;

extern "C" {
    fn clock() -> libc::clock_t;
    fn strerror(e: c_int) -> *mut c_char;
}

/// The current `errno`.
pub(crate) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// C's `strerror` message for an error number.
pub(crate) fn strerror_bytes(e: i32) -> Vec<u8> {
    // SAFETY: strerror returns a valid NUL-terminated string (glibc never returns NULL).
    unsafe {
        let p = strerror(e);
        if p.is_null() {
            return alloc::format!("Unknown error {}", e).into_bytes();
        }
        std::ffi::CStr::from_ptr(p).to_bytes().to_vec()
    }
}

/// luaL_fileresult with an explicit errno: `true`, or `nil, "[fname: ]msg", errno`.
pub(crate) fn file_result(st: &mut State, ok: bool, fname: Option<&[u8]>, en: i32) -> LResult<usize> {
    if ok {
        st.push_bool(true)?;
        return Ok(1);
    }
    st.push_nil()?;
    let mut m = Vec::new();
    if let Some(f) = fname {
        m.extend_from_slice(f);
        m.extend_from_slice(b": ");
    }
    m.extend_from_slice(&strerror_bytes(en));
    st.push_bytes(&m)?;
    st.push_integer(en as i64)?;
    Ok(3)
}

/// luaL_execresult: `true|nil, "exit"|"signal", code` from a wait status.
pub(crate) fn exec_result(st: &mut State, stat: c_int, en: i32) -> LResult<usize> {
    if stat == -1 {
        return file_result(st, false, None, en);
    }
    let (what, code) = if libc::WIFEXITED(stat) {
        ("exit", libc::WEXITSTATUS(stat))
    } else if libc::WIFSIGNALED(stat) {
        ("signal", libc::WTERMSIG(stat))
    } else {
        ("exit", stat)
    };
    if what == "exit" && code == 0 {
        st.push_bool(true)?;
    } else {
        st.push_nil()?;
    }
    st.push_str(what)?;
    st.push_integer(code as i64)?;
    Ok(3)
}

/// Flushes the standard output shared by `print` and `io.write`.
pub(crate) fn flush_stdout() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// A C string from Lua bytes (truncated at the first NUL, as C sees it).
pub(crate) fn cstring(b: &[u8]) -> CString {
    CString::new(c_str(b)).unwrap_or_default()
}

fn os_execute(st: &mut State) -> LResult<usize> {
    let cmd = st.opt_string(1)?.map(|s| cstring(s.bytes()));
    flush_stdout();
    // SAFETY: system() with a valid C string or NULL.
    let stat = unsafe { libc::system(cmd.as_ref().map_or(core::ptr::null(), |c| c.as_ptr())) };
    let en = errno();
    match cmd {
        Some(_) => exec_result(st, stat, en),
        None => {
            st.push_bool(stat != 0)?;
            Ok(1)
        }
    }
}

fn os_remove(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    let c = cstring(&name);
    // SAFETY: valid C string.
    let r = unsafe { libc::remove(c.as_ptr()) };
    let en = errno();
    file_result(st, r == 0, Some(&name), en)
}

fn os_rename(st: &mut State) -> LResult<usize> {
    let from = cstring(st.check_string(1)?.bytes());
    let to = cstring(st.check_string(2)?.bytes());
    // SAFETY: valid C strings.
    let r = unsafe { libc::rename(from.as_ptr(), to.as_ptr()) };
    let en = errno();
    file_result(st, r == 0, None, en)
}

fn os_tmpname(st: &mut State) -> LResult<usize> {
    let mut buf = *b"/tmp/lua_XXXXXX\0";
    // SAFETY: buf is a writable NUL-terminated template.
    let fd = unsafe { libc::mkstemp(buf.as_mut_ptr() as *mut c_char) };
    if fd == -1 {
        return Err(st.error_str("unable to generate a unique filename"));
    }
    // SAFETY: fd was just opened by mkstemp.
    unsafe { libc::close(fd) };
    st.push_bytes(&buf[..buf.len() - 1])?;
    Ok(1)
}

fn os_getenv(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let key = std::ffi::OsStr::from_bytes(c_str(&name));
    match if key.is_empty() || key.as_bytes().contains(&b'=') { None } else { std::env::var_os(key) } {
        Some(v) => {
            st.push_bytes(&v.into_vec())?;
        }
        None => st.push_nil()?,
    }
    Ok(1)
}

fn os_clock(st: &mut State) -> LResult<usize> {
    // SAFETY: clock() has no preconditions.
    let c = unsafe { clock() };
    st.push_number(c as f64 / 1_000_000.0)?; // CLOCKS_PER_SEC is 1000000 on POSIX
    Ok(1)
}

// ------------------------------------------------------------------ time and date

fn set_field(st: &mut State, key: &str, value: i32) -> LResult<()> {
    st.push_integer(value as i64)?;
    st.set_field(-2, key)
}

fn set_bool_field(st: &mut State, key: &str, value: i32) -> LResult<()> {
    if value < 0 {
        return Ok(()); // undefined: does not set field
    }
    st.push_bool(value != 0)?;
    st.set_field(-2, key)
}

/// Sets the fields of the table on top from `tm` (setallfields).
fn set_all_fields(st: &mut State, tm: &libc::tm) -> LResult<()> {
    set_field(st, "sec", tm.tm_sec)?;
    set_field(st, "min", tm.tm_min)?;
    set_field(st, "hour", tm.tm_hour)?;
    set_field(st, "day", tm.tm_mday)?;
    set_field(st, "month", tm.tm_mon.wrapping_add(1))?;
    set_field(st, "year", tm.tm_year.wrapping_add(1900))?;
    set_field(st, "wday", tm.tm_wday.wrapping_add(1))?;
    set_field(st, "yday", tm.tm_yday.wrapping_add(1))?;
    set_bool_field(st, "isdst", tm.tm_isdst)
}

fn get_bool_field(st: &mut State, key: &str) -> LResult<i32> {
    let t = st.get_field(-1, key)?;
    let res = if t == Type::Nil { -1 } else { st.to_boolean(-1) as i32 };
    st.pop(1);
    Ok(res)
}

const L_MAXDATEFIELD: i64 = (i32::MAX / 2) as i64;

fn get_field(st: &mut State, key: &str, d: i32, delta: i32) -> LResult<i32> {
    let t = st.get_field(-1, key)?;
    let res = match st.to_integer(-1) {
        None => {
            if t != Type::Nil {
                let m = alloc::format!("field '{}' is not an integer", key);
                return Err(st.error_str(&m));
            } else if d < 0 {
                let m = alloc::format!("field '{}' missing in date table", key);
                return Err(st.error_str(&m));
            }
            d
        }
        Some(r) => {
            if !(-L_MAXDATEFIELD <= r && r <= L_MAXDATEFIELD) {
                let m = alloc::format!("field '{}' is out-of-bound", key);
                return Err(st.error_str(&m));
            }
            (r - delta as i64) as i32
        }
    };
    st.pop(1);
    Ok(res)
}

fn zero_tm() -> libc::tm {
    // SAFETY: `tm` is plain data; all-zero is a valid value (tm_zone NULL).
    unsafe { core::mem::zeroed() }
}

fn os_time(st: &mut State) -> LResult<usize> {
    let t: libc::time_t;
    if st.is_none_or_nil(1) {
        // SAFETY: time(NULL) has no preconditions.
        t = unsafe { libc::time(core::ptr::null_mut()) };
    } else {
        st.check_type(1, Type::Table)?;
        st.set_top(1);
        let mut ts = zero_tm();
        ts.tm_sec = get_field(st, "sec", 0, 0)?;
        ts.tm_min = get_field(st, "min", 0, 0)?;
        ts.tm_hour = get_field(st, "hour", 12, 0)?;
        ts.tm_mday = get_field(st, "day", -1, 0)?;
        ts.tm_mon = get_field(st, "month", -1, 1)?;
        ts.tm_year = get_field(st, "year", -1, 1900)?;
        ts.tm_isdst = get_bool_field(st, "isdst")?;
        // SAFETY: ts is a valid tm.
        t = unsafe { libc::mktime(&mut ts) };
        set_all_fields(st, &ts)?; // update fields with normalized values
    }
    if t == -1 {
        return Err(st.error_str("time result cannot be represented in this installation"));
    }
    st.push_integer(t as i64)?;
    Ok(1)
}

fn check_time(st: &mut State, arg: i32) -> LResult<libc::time_t> {
    Ok(st.check_integer(arg)? as libc::time_t)
}

fn os_difftime(st: &mut State) -> LResult<usize> {
    let t1 = check_time(st, 1)?;
    let t2 = check_time(st, 2)?;
    st.push_number(t1 as f64 - t2 as f64)?;
    Ok(1)
}

/// strftime conversions accepted (LUA_STRFTIMEOPTIONS for C99): one-char, then two-char.
const OPTS1: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const OPTS2: &[&[u8]] = &[
    b"Ec", b"EC", b"Ex", b"EX", b"Ey", b"EY", b"Od", b"Oe", b"OH", b"OI", b"Om", b"OM", b"OS", b"Ou",
    b"OU", b"OV", b"Ow", b"OW", b"Oy",
];

const SIZETIMEFMT: usize = 250;

fn os_date(st: &mut State) -> LResult<usize> {
    let fmt: Vec<u8> = match st.opt_string(1)? {
        Some(s) => s.bytes().to_vec(),
        None => b"%c".to_vec(),
    };
    let t: libc::time_t = if st.is_none_or_nil(2) {
        // SAFETY: no preconditions.
        unsafe { libc::time(core::ptr::null_mut()) }
    } else {
        check_time(st, 2)?
    };
    let mut s = &fmt[..];
    let mut tm = zero_tm();
    // SAFETY: valid pointers to t and tm.
    let ok = if s.first() == Some(&b'!') {
        s = &s[1..];
        unsafe { !libc::gmtime_r(&t, &mut tm).is_null() }
    } else {
        unsafe { !libc::localtime_r(&t, &mut tm).is_null() }
    };
    if !ok {
        return Err(st.error_str("time result cannot be represented in this installation"));
    }
    // strcmp(s, "*t"): a NUL after "*t" ends the comparison
    if c_str(&s) == b"*t" {
        st.create_table(0, 9)?;
        set_all_fields(st, &tm)?;
        return Ok(1);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'%' {
            out.push(s[i]);
            i += 1;
            continue;
        }
        i += 1; // skip '%'
        let rest = &s[i..];
        let conv: &[u8] = if !rest.is_empty() && OPTS1.contains(&rest[0]) {
            &rest[..1]
        } else if rest.len() >= 2 && OPTS2.iter().any(|o| *o == &rest[..2]) {
            &rest[..2]
        } else {
            // the message shows the rest of the format as a C string
            let mut m = b"invalid conversion specifier '%".to_vec();
            m.extend_from_slice(c_str(rest));
            m.push(b'\'');
            return Err(st.arg_error_bytes(1, &m));
        };
        i += conv.len();
        let mut cc = [0u8; 4];
        cc[0] = b'%';
        cc[1..1 + conv.len()].copy_from_slice(conv);
        let mut buf = [0u8; SIZETIMEFMT];
        // SAFETY: cc is NUL-terminated; buf has SIZETIMEFMT bytes.
        let n = unsafe {
            libc::strftime(buf.as_mut_ptr() as *mut c_char, SIZETIMEFMT, cc.as_ptr() as *const c_char, &tm)
        };
        out.extend_from_slice(&buf[..n]);
    }
    st.push_bytes(&out)?;
    Ok(1)
}

fn os_setlocale(st: &mut State) -> LResult<usize> {
    const CATS: [c_int; 6] =
        [libc::LC_ALL, libc::LC_COLLATE, libc::LC_CTYPE, libc::LC_MONETARY, libc::LC_NUMERIC, libc::LC_TIME];
    // luaL_optstring hands C a NUL-terminated string: an embedded NUL ends the name.
    let l = st.opt_string(1)?.map(|s| cstring(s.bytes()));
    let op = st.check_option(2, Some("all"), &["all", "collate", "ctype", "monetary", "numeric", "time"])?;
    let lp = l.as_ref().map_or(core::ptr::null(), |c| c.as_ptr());
    // SAFETY: lp is NULL (a query) or a NUL-terminated string that outlives the call; the
    // result is NULL or a NUL-terminated string valid until the next setlocale, copied at once.
    let r = unsafe {
        let p = libc::setlocale(CATS[op], lp);
        if p.is_null() { None } else { Some(std::ffi::CStr::from_ptr(p).to_bytes().to_vec()) }
    };
    match r {
        Some(name) => {
            st.push_bytes(&name)?;
        }
        None => st.push_nil()?,
    }
    Ok(1)
}

fn os_exit(st: &mut State) -> LResult<usize> {
    let v = st.value(1);
    let status: i32 = if v.is_bool() {
        if v.is_truthy() { 0 } else { 1 }
    } else {
        st.opt_integer(1, 0)? as i32
    };
    if st.to_boolean(2) {
        // lua_close: run the pending finalizers on the main thread, then free everything.
        let main = st.global().mainthread;
        // SAFETY: the main thread lives as long as the global state; nothing runs Lua
        // code on this state after this point (the process exits below).
        unsafe { ravi_vm::gc::free_all_objects(&mut *main) };
    }
    flush_stdout();
    std::process::exit(status);
}

/// luaopen_os.
pub fn open_os(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("clock", os_clock),
        ("date", os_date),
        ("difftime", os_difftime),
        ("execute", os_execute),
        ("exit", os_exit),
        ("getenv", os_getenv),
        ("remove", os_remove),
        ("rename", os_rename),
        ("setlocale", os_setlocale),
        ("time", os_time),
        ("tmpname", os_tmpname),
    ])?;
    Ok(1)
}
