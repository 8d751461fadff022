//! The basic library (lbaselib.c): print, type, tostring, tonumber, pcall, xpcall, error,
//! assert, select, next, pairs, ipairs (with 5.3's `__ipairs` compatibility, as Debian's
//! lua5.3), raw*, set/getmetatable, load, dofile, collectgarbage, _G, _VERSION.
//!
//! Owns: these functions only; written against `ravi_vm::api`.

use alloc::vec::Vec;
use ravi_vm::api::c_str;
use ravi_vm::state::State;
use ravi_vm::{LResult, Type, Value, LUA_OK, LUA_YIELD, MULTRET, REGISTRY_INDEX};

/// Writes bytes to the standard output (std) or the embedder's writer (no_std).
pub fn write_out(st: &State, b: &[u8]) {
    #[cfg(feature = "std")]
    {
        let _ = st;
        use std::io::Write;
        let _ = std::io::stdout().write_all(b);
    }
    #[cfg(not(feature = "std"))]
    {
        if let Some(w) = st.global().writer {
            w(b);
        }
    }
}

/// luaB_print: each value through the global `tostring` (whose result may be a string or
/// a number, lua_tolstring), written piece by piece as lua5.3 does: what came before a
/// failing conversion is still written (without the newline), and a `tostring` that
/// prints itself comes out between the pieces.
fn print(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    st.get_global("tostring")?;
    // the builtin tostring of a string or number without __tostring is the value itself
    // (lua_tolstring): no call, nothing can print or fail in between
    let builtin = st.value(-1).as_light_fn().map(|f| f as usize) == Some(tostring as ravi_vm::NativeFn as usize);
    let mut out = Vec::new();
    for i in 1..=n {
        let v = st.value(i as i32);
        if builtin && (v.is_string() || v.is_number()) && st.get_tm_by_obj(&v, ravi_vm::metamethod::TM_TOSTRING).is_nil() {
            st.push_value(i as i32)?;
        } else {
            // what is pending goes out before `tostring` runs (it may print, or fail)
            if !out.is_empty() {
                write_out(st, &out);
                out.clear();
            }
            st.push_value(-1)?;
            st.push_value(i as i32)?;
            st.call_api(1, 1)?;
        }
        let Some(s) = st.to_lstring(-1)? else {
            return Err(st.error_str("'tostring' must return a string to 'print'"));
        };
        if i > 1 {
            out.push(b'\t');
        }
        out.extend_from_slice(s.bytes());
        st.pop(1);
    }
    out.push(b'\n');
    write_out(st, &out);
    Ok(0)
}

fn type_(st: &mut State) -> LResult<usize> {
    let v = st.check_any(1)?;
    st.push_str(v.type_name())?;
    Ok(1)
}

fn tostring(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    st.to_string_meta(1)?;
    Ok(1)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn str2int_base(s: &[u8], base: i64) -> Option<i64> {
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
    if i >= s.len() || !s[i].is_ascii_alphanumeric() {
        return None;
    }
    let mut n: u64 = 0;
    while i < s.len() && s[i].is_ascii_alphanumeric() {
        let c = s[i];
        let d = if c.is_ascii_digit() { (c - b'0') as i64 } else { (c.to_ascii_uppercase() - b'A') as i64 + 10 };
        if d >= base {
            return None;
        }
        n = n.wrapping_mul(base as u64).wrapping_add(d as u64);
        i += 1;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    Some(if neg { 0u64.wrapping_sub(n) as i64 } else { n as i64 })
}

fn tonumber(st: &mut State) -> LResult<usize> {
    if st.is_none_or_nil(2) {
        let v = st.value(1);
        if v.is_number() {
            st.set_top(1);
            return Ok(1);
        }
        if let Some(s) = v.as_string() {
            if let Some(n) = ravi_vm::arith::str_to_number(s.bytes()) {
                st.push(n)?;
                return Ok(1);
            }
        }
        st.check_any(1)?;
    } else {
        let base = st.check_integer(2)?;
        st.check_type(1, Type::String)?;
        let s = st.value(1).as_string().unwrap();
        if !(2..=36).contains(&base) {
            return Err(st.arg_error(2, "base out of range"));
        }
        if let Some(n) = str2int_base(s.bytes(), base) {
            st.push_integer(n)?;
            return Ok(1);
        }
    }
    st.push_nil()?;
    Ok(1)
}

fn error(st: &mut State) -> LResult<usize> {
    let level = st.opt_integer(2, 1)?;
    st.set_top(1);
    if st.value(1).is_string() && level > 0 {
        let mut m = st.where_(level as usize);
        m.extend_from_slice(st.value(1).as_string().unwrap().bytes());
        let s = st.push_bytes(&m)?;
        return Err(st.error_value(Value::string(s)));
    }
    let v = st.value(1);
    Err(st.error_value(v))
}

fn assert(st: &mut State) -> LResult<usize> {
    if st.to_boolean(1) {
        return Ok(st.get_top());
    }
    st.check_any(1)?;
    st.remove(1);
    st.push_str("assertion failed!")?;
    st.set_top(1);
    error(st)
}

fn finish_pcall(st: &mut State, status: i32, extra: isize) -> LResult<usize> {
    if status != LUA_OK && status != LUA_YIELD {
        st.push_bool(false)?;
        st.push_value(-2)?;
        return Ok(2);
    }
    Ok(st.get_top() - extra as usize)
}

fn pcall(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    st.push_bool(true)?;
    st.insert(1);
    let n = st.get_top() - 2;
    let status = st.pcall_k(n, MULTRET, 0, 0, Some(finish_pcall))?;
    finish_pcall(st, status, 0)
}

fn xpcall(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    st.check_type(2, Type::Function)?;
    st.push_bool(true)?;
    st.push_value(1)?;
    st.rotate(3, 2);
    let ef = st.slot(2).unwrap();
    let status = st.pcall_k(n.saturating_sub(2), MULTRET, ef, 2, Some(finish_pcall))?;
    finish_pcall(st, status, 2)
}

fn select(st: &mut State) -> LResult<usize> {
    let n = st.get_top() as i64;
    if let Some(s) = st.value(1).as_string() {
        if s.bytes().first() == Some(&b'#') {
            st.push_integer(n - 1)?;
            return Ok(1);
        }
    }
    let mut i = st.check_integer(1)?;
    if i < 0 {
        i += n;
    } else if i > n {
        i = n;
    }
    if i < 1 {
        return Err(st.arg_error(1, "index out of range"));
    }
    Ok((n - i) as usize)
}

fn next(st: &mut State) -> LResult<usize> {
    st.check_table(1)?;
    st.set_top(2);
    if st.next(1)? {
        Ok(2)
    } else {
        st.push_nil()?;
        Ok(1)
    }
}

fn pairs_meta(st: &mut State, method: &str, iszero: bool, iter: ravi_vm::NativeFn) -> LResult<usize> {
    st.check_any(1)?;
    if !st.get_metafield(1, method)? {
        st.push_fn(iter)?;
        st.push_value(1)?;
        if iszero {
            st.push_integer(0)?;
        } else {
            st.push_nil()?;
        }
    } else {
        st.push_value(1)?;
        st.call_api(1, 3)?;
    }
    Ok(3)
}

fn pairs(st: &mut State) -> LResult<usize> {
    pairs_meta(st, "__pairs", false, next)
}

fn ipairs_aux(st: &mut State) -> LResult<usize> {
    let i = st.check_integer(2)?.wrapping_add(1);
    st.push_integer(i)?;
    Ok(if st.get_i(1, i)? == Type::Nil { 1 } else { 2 })
}

fn ipairs(st: &mut State) -> LResult<usize> {
    pairs_meta(st, "__ipairs", true, ipairs_aux)
}

fn rawget(st: &mut State) -> LResult<usize> {
    st.check_table(1)?;
    st.check_any(2)?;
    st.set_top(2);
    st.raw_get(1)?;
    Ok(1)
}

fn rawset(st: &mut State) -> LResult<usize> {
    st.check_table(1)?;
    st.check_any(2)?;
    st.check_any(3)?;
    st.set_top(3);
    st.raw_set_api(1)?;
    Ok(1)
}

fn rawequal(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    st.check_any(2)?;
    let r = st.raw_equal(1, 2);
    st.push_bool(r)?;
    Ok(1)
}

fn rawlen(st: &mut State) -> LResult<usize> {
    let t = st.type_of(1);
    if t != Some(Type::Table) && t != Some(Type::String) {
        return Err(st.arg_error(1, "table or string expected"));
    }
    let n = st.raw_len(1);
    st.push_integer(n as i64)?;
    Ok(1)
}

fn setmetatable(st: &mut State) -> LResult<usize> {
    let t = st.type_of(2);
    st.check_table(1)?;
    if t != Some(Type::Nil) && t != Some(Type::Table) {
        return Err(st.arg_error(2, "nil or table expected"));
    }
    if st.get_metafield(1, "__metatable")? {
        return Err(st.error_str("cannot change a protected metatable"));
    }
    st.set_top(2);
    st.set_metatable(1)?;
    Ok(1)
}

fn getmetatable(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    if !st.get_metatable(1)? {
        st.push_nil()?;
        return Ok(1);
    }
    st.get_metafield(1, "__metatable")?;
    Ok(1)
}

fn load_aux(st: &mut State, status: i32, envidx: i32) -> LResult<usize> {
    if status == LUA_OK {
        if envidx != 0 {
            st.push_value(envidx)?;
            st.set_first_upvalue(-2)?;
        }
        Ok(1)
    } else {
        st.push_nil()?;
        st.insert(-2);
        Ok(2)
    }
}

fn load(st: &mut State) -> LResult<usize> {
    let s = st.to_lstring(1)?;
    // the chunk name and the mode reach lua_load as C strings (cut at a NUL)
    let mode: Vec<u8> = match st.opt_string(3)? {
        Some(m) => c_str(m.bytes()).to_vec(),
        None => b"bt".to_vec(),
    };
    let mode = alloc::string::String::from_utf8_lossy(&mode).into_owned();
    let envidx = if !st.is_none(4) { 4 } else { 0 };
    let status = if let Some(s) = s {
        let name: Vec<u8> = match st.opt_string(2)? {
            Some(n) => c_str(n.bytes()).to_vec(),
            None => c_str(s.bytes()).to_vec(),
        };
        st.load(s.bytes(), &name, &mode)?
    } else {
        let name: Vec<u8> = match st.opt_string(2)? {
            Some(n) => c_str(n.bytes()).to_vec(),
            None => b"=(load)".to_vec(),
        };
        st.check_type(1, Type::Function)?;
        let mut src = Vec::new();
        loop {
            st.push_value(1)?;
            let status = st.pcall(0, 1, 0)?;
            if status != LUA_OK {
                st.push_nil()?;
                st.insert(-2);
                return Ok(2);
            }
            let v = st.value(-1);
            if v.is_nil() {
                st.pop(1);
                break;
            }
            match st.to_lstring(-1)? {
                Some(piece) => {
                    if piece.is_empty() {
                        st.pop(1);
                        break;
                    }
                    src.extend_from_slice(piece.bytes());
                    st.pop(1);
                }
                None => {
                    st.pop(1);
                    let mut m = st.where_(1);
                    m.extend_from_slice(b"reader function must return a string");
                    st.push_bytes(&m)?;
                    st.push_nil()?;
                    st.insert(-2);
                    return Ok(2);
                }
            }
        }
        st.load(&src, &name, &mode)?
    };
    load_aux(st, status, envidx)
}

/// Reads a file for loading, skipping a first line starting with '#' (luaL_loadfilex).
#[cfg(feature = "std")]
pub fn read_chunk_file(path: Option<&[u8]>) -> Result<Vec<u8>, alloc::string::String> {
    read_chunk_file_bytes(path).map_err(|m| alloc::string::String::from_utf8_lossy(&m).into_owned())
}

/// `read_chunk_file` with the error message as bytes: the file name is shown as given
/// (lua5.3 prints it as a C string, whatever its encoding).
#[cfg(feature = "std")]
pub fn read_chunk_file_bytes(path: Option<&[u8]>) -> Result<Vec<u8>, Vec<u8>> {
    use std::io::Read;
    let mut data = Vec::new();
    let msg = |what: &str, p: &[u8], e: &std::io::Error| {
        let mut m = alloc::format!("cannot {} ", what).into_bytes();
        m.extend_from_slice(p);
        m.extend_from_slice(b": ");
        m.extend_from_slice(strip_os_error(e).as_bytes());
        m
    };
    match path {
        None => {
            std::io::stdin().read_to_end(&mut data).map_err(|e| alloc::format!("cannot read stdin: {}", e).into_bytes())?;
        }
        Some(p) => {
            let os = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(p);
            let mut f = std::fs::File::open(os).map_err(|e| msg("open", p, &e))?;
            f.read_to_end(&mut data).map_err(|e| msg("read", p, &e))?;
        }
    }
    // luaL_loadfilex's skipcomment: an optional UTF-8 BOM, then an optional '#' line
    if data.starts_with(b"\xEF\xBB\xBF") {
        data.drain(..3);
    }
    if data.first() == Some(&b'#') {
        let nl = data.iter().position(|&c| c == b'\n').unwrap_or(data.len());
        // keep the newline so line numbers stay right, except before a binary chunk
        let binary = data.get(nl + 1) == Some(&0x1b);
        data.drain(..if binary { nl + 1 } else { nl });
    }
    Ok(data)
}

#[cfg(feature = "std")]
fn strip_os_error(e: &std::io::Error) -> alloc::string::String {
    let s = alloc::format!("{}", e);
    match s.find(" (os error") {
        Some(i) => alloc::string::String::from(&s[..i]),
        None => s,
    }
}

/// luaL_loadfilex: pushes the chunk or an error message; returns the status.
#[cfg(feature = "std")]
pub fn load_file(st: &mut State, path: Option<&[u8]>) -> LResult<i32> {
    load_file_mode(st, path, "bt")
}

/// luaL_loadfilex with a mode ("t", "b" or "bt").
#[cfg(feature = "std")]
pub fn load_file_mode(st: &mut State, path: Option<&[u8]>, mode: &str) -> LResult<i32> {
    // C strings: an embedded NUL ends the file name (and the mode)
    let path = path.map(c_str);
    let mode = mode.split('\0').next().unwrap_or(mode);
    let chunkname: Vec<u8> = match path {
        None => b"=stdin".to_vec(),
        Some(p) => {
            let mut n = b"@".to_vec();
            n.extend_from_slice(p);
            n
        }
    };
    match read_chunk_file_bytes(path) {
        Ok(data) => st.load(&data, &chunkname, mode),
        Err(m) => {
            st.push_bytes(&m)?;
            Ok(ravi_vm::LUA_ERRRUN + 4) // LUA_ERRFILE
        }
    }
}

#[cfg(feature = "std")]
fn loadfile(st: &mut State) -> LResult<usize> {
    let fname = st.opt_string(1)?.map(|s| s.bytes().to_vec());
    let mode = match st.opt_string(2)? {
        Some(m) => alloc::string::String::from_utf8_lossy(m.bytes()).into_owned(),
        None => alloc::string::String::from("bt"),
    };
    let env = if !st.is_none(3) { 3 } else { 0 };
    let status = load_file_mode(st, fname.as_deref(), &mode)?;
    load_aux(st, status, env)
}

#[cfg(feature = "std")]
fn dofile(st: &mut State) -> LResult<usize> {
    let fname = st.opt_string(1)?.map(|s| s.bytes().to_vec());
    st.set_top(1);
    if load_file(st, fname.as_deref())? != LUA_OK {
        let v = st.value(-1);
        return Err(st.error_value(v));
    }
    // lua_callk with a continuation, as 5.3's luaB_dofile: the chunk may yield
    // (`coroutine.wrap(dofile)`)
    st.call_k(0, MULTRET, 0, Some(dofile_cont))?;
    dofile_cont(st, 0, 0)
}

/// Continuation of `dofile` (5.3's dofilecont): the chunk's results are its results.
#[cfg(feature = "std")]
fn dofile_cont(st: &mut State, _status: i32, _ctx: isize) -> LResult<usize> {
    Ok(st.get_top() - 1)
}

fn collectgarbage(st: &mut State) -> LResult<usize> {
    const OPTS: &[&str] = &["stop", "restart", "collect", "count", "step", "setpause", "setstepmul", "isrunning"];
    let o = st.check_option(1, Some("collect"), OPTS)?;
    let ex = st.opt_integer(2, 0)? as i32 as i64; // (int)luaL_optinteger
    let g = st.global_mut();
    match o {
        0 => {
            g.heap.running = false;
            st.push_integer(0)?;
        }
        1 => {
            g.heap.debt = 0;
            g.heap.running = true;
            st.push_integer(0)?;
        }
        2 => {
            st.full_gc()?;
            st.push_integer(0)?;
        }
        3 => {
            let t = g.heap.total() as f64 / 1024.0;
            st.push_number(t)?;
        }
        4 => {
            let old = g.heap.running;
            g.heap.running = true;
            let did_cycle;
            if ex == 0 {
                let tb = g.heap.total() as isize;
                g.heap.total_bytes = tb;
                g.heap.debt = 1;
                ravi_vm::gc::step(st)?;
                did_cycle = st.global().heap.state == ravi_vm::gc::GcState::Pause;
            } else {
                let g = st.global_mut();
                let debt = (ex as isize).saturating_mul(1024).saturating_add(g.heap.debt);
                let tb = g.heap.total() as isize;
                g.heap.total_bytes = tb - debt;
                g.heap.debt = debt;
                st.check_gc()?;
                did_cycle = debt > 0 && st.global().heap.state == ravi_vm::gc::GcState::Pause;
            }
            st.global_mut().heap.running = old;
            st.push_bool(did_cycle)?;
        }
        5 => {
            let old = g.heap.pause;
            g.heap.pause = ex.clamp(0, u32::MAX as i64) as u32;
            st.push_integer(old as i64)?;
        }
        6 => {
            let old = g.heap.stepmul;
            // lgc.c: "avoid ridiculous low values (and 0)"
            g.heap.stepmul = ex.max(40) as u32;
            st.push_integer(old as i64)?;
        }
        _ => {
            let r = g.heap.running;
            st.push_bool(r)?;
        }
    }
    Ok(1)
}

/// Opens the basic library into the globals table (luaopen_base); pushes `_G`.
pub fn open_base(st: &mut State) -> LResult<usize> {
    let g = st.globals();
    st.push(Value::table(g))?;
    #[allow(unused_mut)]
    let mut funcs: Vec<(&str, ravi_vm::NativeFn)> = alloc::vec![
        ("assert", assert as ravi_vm::NativeFn),
        ("collectgarbage", collectgarbage),
        ("error", error),
        ("getmetatable", getmetatable),
        ("ipairs", ipairs),
        ("load", load),
        ("next", next),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawlen", rawlen),
        ("rawget", rawget),
        ("rawset", rawset),
        ("select", select),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("xpcall", xpcall),
    ];
    #[cfg(feature = "std")]
    funcs.push(("dofile", dofile));
    #[cfg(feature = "std")]
    funcs.push(("loadfile", loadfile));
    st.set_funcs(&funcs, 0)?;
    st.push_value(-1)?;
    st.set_field(-2, "_G")?;
    st.push_str("Lua 5.3")?;
    st.set_field(-2, "_VERSION")?;
    let _ = REGISTRY_INDEX;
    Ok(1)
}
