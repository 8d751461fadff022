//! The package library (loadlib.c of Lua 5.3.6), `std` only: `require`, and the `package`
//! table with config, cpath, loaded, loadlib, path, preload, searchers, searchpath.
//!
//! Owns: the `package` table, the global `require`, registry fields `_PRELOAD` (and
//! `_LOADED`, shared with `require_lib`).
//!
//! Decisions:
//! - The default `path`/`cpath` are Debian lua5.3's, so pure-Lua modules installed under
//!   /usr/share/lua/5.3 load. LUA_PATH_5_3 (else LUA_PATH) and LUA_CPATH_5_3 (else
//!   LUA_CPATH) override them, with ";;" standing for the default; registry.LUA_NOENV
//!   (set by `ravi -E`) ignores them, as lua5.3.
//! - C modules cannot be loaded into a Rust engine. This is lua5.3 built without dynamic
//!   library support: `package.loadlib` returns `nil, msg, "absent"`, and the C searchers
//!   still look along `cpath`, so a module found there fails with "error loading module
//!   'x' from file 'f':\n\t<msg>". Rust modules are registered through
//!   `package.preload` (or `State::require_lib`).

use alloc::vec::Vec;
use ravi_vm::api::c_str;
use ravi_vm::state::State;
use ravi_vm::{upvalue_index, LResult, Type, Value, LUA_OK, REGISTRY_INDEX};

const LUA_PATH_SEP: u8 = b';';
const LUA_PATH_MARK: &[u8] = b"?";
const LUA_DIRSEP: &str = "/";
/// The failure message of dynamic-library loading (DLMSG).
const DLMSG: &str =
    "dynamic libraries not enabled; check your Lua installation (ravi cannot load C modules; register Rust modules in package.preload)";

const LUA_PATH_DEFAULT: &str = "/usr/local/share/lua/5.3/?.lua;/usr/local/share/lua/5.3/?/init.lua;\
/usr/local/lib/lua/5.3/?.lua;/usr/local/lib/lua/5.3/?/init.lua;\
/usr/share/lua/5.3/?.lua;/usr/share/lua/5.3/?/init.lua;./?.lua;./?/init.lua";

#[cfg(target_arch = "aarch64")]
const LUA_CPATH_DEFAULT: &str = "/usr/local/lib/lua/5.3/?.so;/usr/lib/aarch64-linux-gnu/lua/5.3/?.so;\
/usr/lib/lua/5.3/?.so;/usr/local/lib/lua/5.3/loadall.so;./?.so";
#[cfg(not(target_arch = "aarch64"))]
const LUA_CPATH_DEFAULT: &str = "/usr/local/lib/lua/5.3/?.so;/usr/lib/x86_64-linux-gnu/lua/5.3/?.so;\
/usr/lib/lua/5.3/?.so;/usr/local/lib/lua/5.3/loadall.so;./?.so";

/// luaL_gsub on byte strings.
fn gsub(s: &[u8], p: &[u8], r: &[u8]) -> Vec<u8> {
    if p.is_empty() {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(p) {
            out.extend_from_slice(r);
            i += p.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}


fn readable(filename: &[u8]) -> bool {
    let c = crate::os::cstring(filename);
    // SAFETY: valid C string; the stream is closed right away.
    unsafe {
        let f = libc::fopen(c.as_ptr(), b"r\0".as_ptr() as *const core::ffi::c_char);
        if f.is_null() {
            return false;
        }
        libc::fclose(f);
    }
    true
}

/// searchpath: Ok(filename) or Err(message "\n\tno file '...'"...).
fn search_path(name: &[u8], path: &[u8], sep: &[u8], dirsep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = if !sep.is_empty() { gsub(name, sep, dirsep) } else { name.to_vec() };
    let mut msg = Vec::new();
    for template in c_str(path).split(|&c| c == LUA_PATH_SEP) {
        if template.is_empty() {
            continue;
        }
        let filename = gsub(template, LUA_PATH_MARK, &name);
        if readable(&filename) {
            return Ok(filename);
        }
        msg.extend_from_slice(b"\n\tno file '");
        msg.extend_from_slice(&filename);
        msg.push(b'\'');
    }
    Err(msg)
}

fn ll_searchpath(st: &mut State) -> LResult<usize> {
    // lua5.3 (gcc) evaluates these C arguments right to left: check them in that order
    let dirsep = match st.opt_string(4)? {
        Some(s) => s.bytes().to_vec(),
        None => LUA_DIRSEP.as_bytes().to_vec(),
    };
    let sep = match st.opt_string(3)? {
        Some(s) => s.bytes().to_vec(),
        None => b".".to_vec(),
    };
    let path = st.check_string(2)?.bytes().to_vec();
    let name = st.check_string(1)?.bytes().to_vec();
    match search_path(c_str(&name), &path, c_str(&sep), c_str(&dirsep)) {
        Ok(f) => {
            st.push_bytes(&f)?;
            Ok(1)
        }
        Err(m) => {
            st.push_nil()?;
            st.push_bytes(&m)?;
            Ok(2)
        }
    }
}

/// findfile: searches package[pname] (package is upvalue 1).
fn find_file(st: &mut State, name: &[u8], pname: &str) -> LResult<Result<Vec<u8>, Vec<u8>>> {
    st.get_field(upvalue_index(1), pname)?;
    let path = match st.to_lstring(-1)? {
        Some(s) => s.bytes().to_vec(),
        None => {
            let m = alloc::format!("'package.{}' must be a string", pname);
            return Err(st.error_str(&m));
        }
    };
    st.pop(1);
    Ok(search_path(c_str(name), &path, b".", LUA_DIRSEP.as_bytes()))
}

/// checkload: returns the loader and the file name, or raises the loading error (the
/// message is on the stack top).
fn check_load(st: &mut State, ok: bool, filename: &[u8]) -> LResult<usize> {
    if ok {
        st.push_bytes(filename)?;
        return Ok(2);
    }
    let mut m = b"error loading module '".to_vec();
    m.extend_from_slice(st.to_lstring(1)?.map(|s| s.bytes().to_vec()).unwrap_or_default().as_slice());
    m.extend_from_slice(b"' from file '");
    m.extend_from_slice(filename);
    m.extend_from_slice(b"':\n\t");
    m.extend_from_slice(st.to_lstring(-1)?.map(|s| s.bytes().to_vec()).unwrap_or_default().as_slice());
    Err(st.error_bytes(&m))
}

fn searcher_preload(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    st.get_field(REGISTRY_INDEX, "_PRELOAD")?;
    let t = st.value(-1);
    let v = if t.is_table() {
        let k = st.new_str_value(&name)?;
        st.push(k)?;
        st.get_table(-2)?;
        st.value(-1)
    } else {
        Value::NIL
    };
    if v.is_nil() {
        let mut m = b"\n\tno field package.preload['".to_vec();
        m.extend_from_slice(c_str(&name));
        m.extend_from_slice(b"']");
        st.push_bytes(&m)?;
    }
    Ok(1)
}

/// luaL_loadfilex for a module file: pushes the chunk or the error message.
fn load_file(st: &mut State, filename: &[u8]) -> LResult<bool> {
    let mut chunkname = b"@".to_vec();
    chunkname.extend_from_slice(filename);
    let path = std::path::PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(filename));
    let res = std::fs::File::open(&path).map_err(|e| ("open", e)).and_then(|mut f| {
        use std::io::Read;
        let mut d = Vec::new();
        f.read_to_end(&mut d).map(|_| d).map_err(|e| ("read", e))
    });
    let mut data = match res {
        Ok(d) => d,
        Err((what, e)) => {
            let mut m = alloc::format!("cannot {} ", what).into_bytes();
            m.extend_from_slice(filename);
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::os::strerror_bytes(e.raw_os_error().unwrap_or(0)));
            st.push_bytes(&m)?;
            return Ok(false);
        }
    };
    if data.starts_with(b"\xEF\xBB\xBF") {
        data.drain(..3);
    }
    // skip an optional first line starting with '#' (keeping the newline for line numbers)
    if data.first() == Some(&b'#') {
        let end = data.iter().position(|&c| c == b'\n').unwrap_or(data.len());
        data.drain(..end);
    }
    Ok(st.load(&data, &chunkname, "bt")? == LUA_OK)
}

fn searcher_lua(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    match find_file(st, &name, "path")? {
        Err(m) => {
            st.push_bytes(&m)?;
            Ok(1)
        }
        Ok(filename) => {
            let ok = load_file(st, &filename)?;
            check_load(st, ok, &filename)
        }
    }
}

fn searcher_c(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    match find_file(st, &name, "cpath")? {
        Err(m) => {
            st.push_bytes(&m)?;
            Ok(1)
        }
        Ok(filename) => {
            st.push_str(DLMSG)?;
            check_load(st, false, &filename)
        }
    }
}

fn searcher_croot(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    let name = c_str(&name).to_vec();
    let dot = match name.iter().position(|&c| c == b'.') {
        Some(p) => p,
        None => return Ok(0), // is root
    };
    match find_file(st, &name[..dot], "cpath")? {
        Err(m) => {
            st.push_bytes(&m)?;
            Ok(1)
        }
        Ok(filename) => {
            st.push_str(DLMSG)?;
            check_load(st, false, &filename)
        }
    }
}

fn ll_loadlib(st: &mut State) -> LResult<usize> {
    st.check_string(1)?;
    st.check_string(2)?;
    st.push_nil()?;
    st.push_str(DLMSG)?;
    st.push_str("absent")?;
    Ok(3)
}

fn find_loader(st: &mut State, name: &[u8]) -> LResult<()> {
    let mut msg = Vec::new();
    // package.searchers at index 3
    if st.get_field(upvalue_index(1), "searchers")? != Type::Table {
        return Err(st.error_str("'package.searchers' must be a table"));
    }
    let mut i = 1;
    loop {
        if st.raw_geti(3, i)? == Type::Nil {
            st.pop(1);
            let mut m = b"module '".to_vec();
            m.extend_from_slice(c_str(name));
            m.extend_from_slice(b"' not found:");
            m.extend_from_slice(&msg);
            return Err(st.error_bytes(&m));
        }
        st.push_bytes(name)?;
        st.call_api(1, 2)?;
        if st.value(-2).is_function() {
            return Ok(());
        } else if st.value(-2).is_string() || st.value(-2).is_number() {
            let s = st.to_lstring(-2)?.unwrap();
            msg.extend_from_slice(s.bytes());
            st.pop(2);
        } else {
            st.pop(2);
        }
        i += 1;
    }
}

fn ll_require(st: &mut State) -> LResult<usize> {
    let name = st.check_string(1)?.bytes().to_vec();
    st.set_top(1); // LOADED table will be at index 2
    st.get_field(REGISTRY_INDEX, "_LOADED")?;
    st.push_value(1)?;
    st.get_table(2)?;
    if st.to_boolean(-1) {
        return Ok(1); // package is already loaded
    }
    st.pop(1);
    find_loader(st, &name)?;
    st.push_value(1)?; // name is the 1st argument to the loader
    st.insert(-2); // (before the search data)
    st.call_api(2, 1)?;
    if !st.value(-1).is_nil() {
        // LOADED[name] = returned value
        st.push_value(1)?;
        st.insert(-2);
        st.set_table(2)?;
    } else {
        st.pop(1);
    }
    st.push_value(1)?;
    if st.get_table(2)? == Type::Nil {
        // module set no value: use true
        st.pop(1);
        st.push_bool(true)?;
        st.push_value(1)?;
        st.push_bool(true)?;
        st.set_table(2)?;
    }
    Ok(1)
}

/// Pushes registry[name], creating it as a table when it is not one (luaL_getsubtable).
fn get_subtable(st: &mut State, name: &str) -> LResult<()> {
    if st.get_field(REGISTRY_INDEX, name)? == Type::Table {
        return Ok(());
    }
    st.pop(1);
    st.create_table(0, 0)?;
    st.push_value(-1)?;
    st.set_field(REGISTRY_INDEX, name)
}

/// setpath: package[fieldname] from the environment or the default.
fn set_path(st: &mut State, fieldname: &str, env1: &str, env2: &str, def: &str) -> LResult<()> {
    let path = std::env::var_os(env1).or_else(|| std::env::var_os(env2));
    st.get_field(REGISTRY_INDEX, "LUA_NOENV")?;
    let noenv = st.to_boolean(-1);
    st.pop(1);
    match path {
        Some(p) if !noenv => {
            use std::os::unix::ffi::OsStringExt;
            let p = p.into_vec();
            let p = gsub(&p, b";;", b";\x01;");
            let p = gsub(&p, b"\x01", def.as_bytes());
            st.push_bytes(&p)?;
        }
        _ => {
            st.push_str(def)?;
        }
    }
    st.set_field(-2, fieldname)
}

/// luaopen_package.
pub fn open_package(st: &mut State) -> LResult<usize> {
    st.new_lib(&[("loadlib", ll_loadlib), ("searchpath", ll_searchpath)])?;
    // searchers, each with the package table as upvalue
    st.create_table(4, 0)?;
    let searchers: [ravi_vm::NativeFn; 4] = [searcher_preload, searcher_lua, searcher_c, searcher_croot];
    for (i, f) in searchers.iter().enumerate() {
        st.push_value(-2)?;
        st.push_closure(*f, 1)?;
        st.raw_seti(-2, i as i64 + 1)?;
    }
    st.set_field(-2, "searchers")?;
    set_path(st, "path", "LUA_PATH_5_3", "LUA_PATH", LUA_PATH_DEFAULT)?;
    set_path(st, "cpath", "LUA_CPATH_5_3", "LUA_CPATH", LUA_CPATH_DEFAULT)?;
    st.push_str("/\n;\n?\n!\n-\n")?;
    st.set_field(-2, "config")?;
    st.loaded_table()?;
    st.set_field(-2, "loaded")?;
    get_subtable(st, "_PRELOAD")?;
    st.set_field(-2, "preload")?;
    // require, with the package table as upvalue, into the global table
    st.push_value(-1)?;
    st.push_closure(ll_require, 1)?;
    st.set_global("require")?;
    Ok(1)
}
