//! ravi: Lua 5.3 with Ravi's optional static types — the embedding API (later) and the
//! reusable logic of the `ravi` command (`cli`), shaped after lua.c.
#![cfg_attr(not(feature = "cli"), no_std)]

pub use ravi_stdlib as stdlib;
pub use ravi_vm as vm;

// ---- embedding API (mlua-shaped); see src/lua.rs for how it sits on the VM ----
#[cfg(not(feature = "cli"))]
extern crate std;
mod chunk;
mod conversion;
mod error;
mod function;
mod hook;
mod lua;
pub mod prelude;
mod sandbox;
mod string;
mod table;
mod thread;
mod userdata;
mod value;
pub use chunk::{AsChunk, Chunk, ChunkMode};
pub use error::{Error, ErrorContext, ExternalError, ExternalResult, Result};
pub use function::Function;
pub use hook::{Debug, DebugEvent, HookTriggers};
pub use lua::{Lua, LuaOptions, RegistryKey, StdLib};
pub use sandbox::SandboxOptions;
pub use string::LuaString;
pub use table::{Table, TablePairs, TableSequence};
pub use thread::{Thread, ThreadStatus};
pub use userdata::{AnyUserData, MetaMethod, UserData, UserDataFields, UserDataMethods};
pub use value::{FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LightUserData, MultiValue, Nil, Value, Variadic};

#[cfg(feature = "cli")]
pub mod cli {
    //! The `ravi` command: script runner in lua.c's image (`ravi [options] [script
    //! [args]]`, `-e stat`, `-` for stdin, `--bytecode file`), messages as `l_message`
    //! prints them and exit status 1 on errors.
    use ravi_vm::state::{Lua, State};
    use ravi_vm::{upvalue_index, LResult, Type, Value, LUA_OK, MULTRET};
    use std::io::Write;

    fn progname_of(st: &mut State) -> Vec<u8> {
        st.value(upvalue_index(2)).as_string().map(|s| s.bytes().to_vec()).unwrap_or_else(|| b"ravi".to_vec())
    }

    /// l_message: "<progname>: <msg>\n" on stderr.
    fn l_message(progname: &[u8], msg: &[u8]) {
        let _ = std::io::stdout().flush();
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(progname);
        let _ = e.write_all(b": ");
        let _ = e.write_all(msg);
        let _ = e.write_all(b"\n");
        let _ = e.flush();
    }

    /// lua.c's msghandler: adds a traceback; non-string errors use `__tostring` or
    /// "(error object is a %s value)".
    fn msghandler(st: &mut State) -> LResult<usize> {
        let v = st.value(1);
        let msg: Vec<u8> = match st.to_lstring(1)? {
            Some(s) => s.bytes().to_vec(),
            None => {
                if st.call_meta(1, "__tostring")? && st.value(-1).is_string() {
                    return Ok(1);
                }
                format!("(error object is a {} value)", v.type_name()).into_bytes()
            }
        };
        let tb = st.traceback(Some(&msg), 1);
        st.push_bytes(&tb)?;
        Ok(1)
    }

    /// Runs the function below `narg` arguments with the message handler; on error the
    /// message is on top. Returns the status (docall).
    fn docall(st: &mut State, narg: usize, nres: i32) -> LResult<i32> {
        let base = st.get_top() - narg;
        st.push_fn(msghandler)?;
        st.insert(base as i32);
        let status = st.pcall(narg, nres, base as i32)?;
        st.remove(base as i32);
        Ok(status)
    }

    /// Prints the error message on top (report).
    fn report(st: &mut State, status: i32) -> LResult<i32> {
        if status != LUA_OK {
            let msg: Vec<u8> = match st.value(-1).as_string() {
                Some(s) => s.bytes().to_vec(),
                None => format!("(error object is a {} value)", st.value(-1).type_name()).into_bytes(),
            };
            let pn = progname_of(st);
            l_message(&pn, &msg);
            st.pop(1);
        }
        Ok(status)
    }

    fn dochunk(st: &mut State, status: i32) -> LResult<i32> {
        let status = if status == LUA_OK { docall(st, 0, 0)? } else { status };
        report(st, status)
    }

    /// pmain: upvalue 1 = table of argv strings (1-based), upvalue 2 = progname.
    fn pmain(st: &mut State) -> LResult<usize> {
        let argv = st.value(upvalue_index(1)).as_table().unwrap();
        let argc = argv.length() as i64;
        let arg = |i: i64| -> Vec<u8> { argv.get_int_value(i).as_string().map(|s| s.bytes().to_vec()).unwrap_or_default() };
        ravi_stdlib::open_libs(st)?;
        // parse options (a subset of lua.c's)
        let mut i = 2;
        let mut script: Option<i64> = None;
        while i <= argc {
            let a = arg(i);
            if a.first() != Some(&b'-') {
                script = Some(i);
                break;
            }
            if a == b"-" {
                script = Some(i);
                break;
            }
            if a == b"--" {
                if i < argc {
                    script = Some(i + 1);
                }
                break;
            }
            if a == b"-e" || a == b"-l" {
                i += 2;
                continue;
            }
            if a.starts_with(b"-e") || a.starts_with(b"-l") {
                i += 1;
                continue;
            }
            i += 1;
        }
        // create 'arg'
        let sidx = script.unwrap_or(argc + 1);
        let t = st.create_table((argc - sidx).max(0) as usize, (sidx + 1) as usize)?;
        for j in 1..=argc {
            let v = argv.get_int_value(j);
            st.raw_set_int(t, j - sidx, v)?;
        }
        st.set_global("arg")?;
        // run -e / -l in order
        let mut j = 2;
        while j < sidx {
            let a = arg(j);
            if a.starts_with(b"-e") || a.starts_with(b"-l") {
                let (chunk, step) = if a.len() > 2 { (a[2..].to_vec(), 1) } else { (arg(j + 1), 2) };
                if a[1] == b'e' {
                    let status = st.load(&chunk, b"=(command line)", "bt")?;
                    if dochunk(st, status)? != LUA_OK {
                        st.push_bool(false)?;
                        return Ok(1);
                    }
                } else {
                    st.get_global("require")?;
                    st.push_bytes(&chunk)?;
                    let status = docall(st, 1, 1)?;
                    if status == LUA_OK {
                        let name = chunk.clone();
                        st.set_global(&String::from_utf8_lossy(&name))?;
                    } else if report(st, status)? != LUA_OK {
                        st.push_bool(false)?;
                        return Ok(1);
                    }
                }
                j += step;
            } else {
                j += 1;
            }
        }
        let has_e = (2..sidx).any(|j| arg(j).starts_with(b"-e"));
        let run_stdin = script.is_none() && !has_e;
        if let Some(si) = script.or(if run_stdin { Some(0) } else { None }) {
            let fname = if si == 0 { b"-".to_vec() } else { arg(si) };
            let path = if fname == b"-" && (si == 0 || arg(si - 1) != b"--") { None } else { Some(fname.clone()) };
            let status = ravi_stdlib::base::load_file(st, path.as_deref())?;
            // push script arguments
            let mut n = 0;
            if status == LUA_OK && si > 0 {
                for k in si + 1..=argc {
                    let v = argv.get_int_value(k);
                    st.push(v)?;
                    n += 1;
                }
            }
            let status = if status == LUA_OK { docall(st, n, MULTRET)? } else { status };
            if report(st, status)? != LUA_OK {
                st.push_bool(false)?;
                return Ok(1);
            }
        }
        st.push_bool(true)?;
        Ok(1)
    }

    /// Prints the bytecode listing of a file (`ravi --bytecode file.lua`).
    fn list_bytecode(progname: &[u8], path: &[u8]) -> i32 {
        let p = String::from_utf8_lossy(path).into_owned();
        let src = match ravi_stdlib::base::read_chunk_file(Some(path)) {
            Ok(s) => s,
            Err(m) => {
                l_message(progname, m.as_bytes());
                return 1;
            }
        };
        let mut name = b"@".to_vec();
        name.extend_from_slice(p.as_bytes());
        match ravi_parser::compile(&src, &name) {
            Ok(proto) => {
                let mut out = Vec::new();
                ravi_parser::listing::list(&proto, &mut out);
                let _ = std::io::stdout().write_all(&out);
                0
            }
            Err(e) => {
                l_message(progname, &e.message);
                1
            }
        }
    }

    /// Runs the command line (`args[0]` is the program name); returns the exit status.
    pub fn run(args: Vec<Vec<u8>>) -> i32 {
        let progname = args.first().cloned().unwrap_or_else(|| b"ravi".to_vec());
        if args.len() >= 3 && args[1] == b"--bytecode" {
            return list_bytecode(&progname, &args[2]);
        }
        let mut lua = Lua::new();
        let st = lua.state();
        let r = (|| -> LResult<i32> {
            let t = st.create_table(args.len(), 0)?;
            for (i, a) in args.iter().enumerate() {
                let s = st.new_string(a)?;
                st.raw_set_int(t, i as i64 + 1, Value::string(s))?;
            }
            st.push_bytes(&progname)?;
            st.push_closure(pmain, 2)?;
            let status = st.pcall(0, 1, 0)?;
            let ok = st.value(-1).as_bool() == Some(true);
            if status != LUA_OK {
                report(st, status)?;
                return Ok(1);
            }
            let _ = Type::Nil;
            Ok(if ok { 0 } else { 1 })
        })();
        let code = match r {
            Ok(c) => c,
            Err(_) => {
                l_message(&progname, b"not enough memory");
                1
            }
        };
        let _ = std::io::stdout().flush();
        drop(lua);
        let _ = std::io::stdout().flush();
        code
    }
}
