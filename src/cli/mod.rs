//! The `ravi` command: a drop-in for the `lua5.3` command (lua.c of Lua 5.3.6), script
//! runner and REPL, plus ravi's own tools.
//!
//! `ravi [options] [script [args]]` behaves as lua.c: the same options (`-e stat`,
//! `-l name`, `-i`, `-v`, `-E`, `--`, `-`) parsed by the same rules (`args.rs`), handled in
//! the same order (LUA_INIT_5_3/LUA_INIT, then `-e`/`-l` as given, then the script, then
//! the REPL), the same `arg` table and `...`, the same messages on stderr
//! (`<progname>: <message>` plus a stack traceback, from lua.c's `msghandler`) and the same
//! exit statuses. The functions below keep lua.c's names (`pmain`, `collectargs`,
//! `runargs`, `handle_script`, `dochunk`, `docall`, `report`, `l_message`, ...).
//!
//! Decisions where lua.c leaves room:
//! - `-v` prints [`COPYRIGHT`], lua.c's format with ravi-rs's name: the line still ends
//!   with "PUC-Rio" as lua5.3's does (the official suite's main.lua checks that).
//! - The REPL (`repl.rs`) uses rustyline on a terminal, with its history in
//!   `~/.ravi_history` (or `$RAVI_HISTORY`; empty: none). Ctrl-C at the prompt clears the
//!   line instead of killing the process, as lua5.3 does. Without a terminal (`-i` with
//!   piped input) it behaves as lua5.3 linked with GNU readline: prompt, echo of the line.
//! - A chunk left incomplete at end of input in the REPL reports its syntax error (lua.c
//!   prints "(null)" there).
//! - ravi's own long options (`--bytecode`, `--compile`, `--help`, `--version`) are only
//!   recognised as the first argument, where lua.c would reject them; they are parsed by
//!   clap (`args::RaviArgs`).
//! - Ctrl-C while Lua code runs raises "interrupted!" (`interrupt.rs`).

mod args;
mod interrupt;
mod repl;
mod tools;

pub use args::RaviArgs;

use ravi_vm::state::{Lua, State};
use ravi_vm::{LResult, Value, LUA_OK, MULTRET, REGISTRY_INDEX};
use std::cell::RefCell;
use std::io::Write;

/// ravi-rs's version (the root package's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The line `-v` prints (lua.c's LUA_COPYRIGHT).
pub const COPYRIGHT: &str =
    concat!("Ravi-rs ", env!("CARGO_PKG_VERSION"), " (Lua 5.3)  Lua is Copyright (C) 1994-2020 Lua.org, PUC-Rio");

/// lua.c's LUA_PROGNAME: the program name when argv[0] is empty.
const PROGNAME: &[u8] = b"ravi";

thread_local! {
    /// lua.c's `progname`: prefix of error messages; `None` inside the REPL.
    static PROGNAME_CUR: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    /// The command line, for `pmain`.
    static ARGV: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

fn progname() -> Option<Vec<u8>> {
    PROGNAME_CUR.with(|p| p.borrow().clone())
}

fn set_progname(p: Option<Vec<u8>>) -> Option<Vec<u8>> {
    PROGNAME_CUR.with(|c| c.replace(p))
}

/// lua.c's `l_message`: "<progname>: <msg>\n" on stderr (no prefix without a progname).
pub(crate) fn l_message(pname: Option<&[u8]>, msg: &[u8]) {
    let _ = std::io::stdout().flush();
    let mut e = std::io::stderr().lock();
    if let Some(p) = pname {
        let _ = e.write_all(p);
        let _ = e.write_all(b": ");
    }
    let _ = e.write_all(msg);
    let _ = e.write_all(b"\n");
    let _ = e.flush();
}

/// `lua_tostring` of a value for messages; glibc prints a NULL `%s` as "(null)".
fn tostring_or_null(st: &mut State, idx: i32) -> LResult<Vec<u8>> {
    Ok(match st.to_lstring(idx)? {
        Some(s) => s.bytes().to_vec(),
        None => b"(null)".to_vec(),
    })
}

/// lua.c's `msghandler`: appends a traceback; a non-string error object becomes its
/// `__tostring` result (without traceback) or "(error object is a %s value)".
fn msghandler(st: &mut State) -> LResult<usize> {
    let msg: Vec<u8> = match st.to_lstring(1)? {
        Some(s) => s.bytes().to_vec(),
        None => {
            if st.call_meta(1, "__tostring")? && st.value(-1).is_string() {
                return Ok(1);
            }
            format!("(error object is a {} value)", st.type_name_of(1)).into_bytes()
        }
    };
    let tb = st.traceback(Some(&msg), 1);
    st.push_bytes(&tb)?;
    Ok(1)
}

/// lua.c's `docall`: calls the function below `narg` arguments with `msghandler`, with
/// the SIGINT handler installed; on error the message is on top.
fn docall(st: &mut State, narg: usize, nres: i32) -> LResult<i32> {
    let base = st.get_top() - narg;
    st.push_fn(msghandler)?;
    st.insert(base as i32);
    interrupt::arm();
    let r = st.pcall(narg, nres, base as i32);
    interrupt::disarm();
    let status = r?;
    st.remove(base as i32);
    Ok(status)
}

/// lua.c's `report`: prints and pops the error message of a failed status.
fn report(st: &mut State, status: i32) -> LResult<i32> {
    if status != LUA_OK {
        let msg = tostring_or_null(st, -1)?;
        l_message(progname().as_deref(), &msg);
        st.pop(1);
    }
    Ok(status)
}

fn dochunk(st: &mut State, status: i32) -> LResult<i32> {
    let status = if status == LUA_OK { docall(st, 0, 0)? } else { status };
    report(st, status)
}

/// lua.c's `dofile`: `None` is stdin.
fn dofile(st: &mut State, name: Option<&[u8]>) -> LResult<i32> {
    let status = ravi_stdlib::base::load_file(st, name)?;
    dochunk(st, status)
}

fn dostring(st: &mut State, s: &[u8], name: &[u8]) -> LResult<i32> {
    let status = st.load(s, name, "bt")?;
    dochunk(st, status)
}

/// lua.c's `dolibrary`: `name = require(name)`.
fn dolibrary(st: &mut State, name: &[u8]) -> LResult<i32> {
    st.get_global("require")?;
    st.push_bytes(name)?;
    let status = docall(st, 1, 1)?;
    if status == LUA_OK {
        // lua_setglobal with a byte-string name
        let g = st.globals();
        let k = st.new_str_value(name)?;
        let v = st.value(-1);
        st.push(Value::table(g))?;
        st.push(k)?;
        st.push(v)?;
        st.set_table(-3)?;
        st.pop(2);
    }
    report(st, status)
}

/// lua.c's `print_version` (on stdout).
fn print_version() {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(COPYRIGHT.as_bytes());
    let _ = o.write_all(b"\n");
    let _ = o.flush();
}

/// lua.c's `createargtable`: `arg[i - script] = argv[i]`.
fn createargtable(st: &mut State, argv: &[Vec<u8>], script: usize) -> LResult<()> {
    let argc = argv.len();
    let script = if script == argc { 0 } else { script };
    let narg = argc - (script + 1);
    let t = st.create_table(narg, script + 1)?;
    for (i, a) in argv.iter().enumerate() {
        let s = st.new_str_value(a)?;
        st.raw_set_int(t, i as i64 - script as i64, s)?;
    }
    st.set_global("arg")
}

/// lua.c's `handle_luainit`: LUA_INIT_5_3, else LUA_INIT; "@file" runs a file.
fn handle_luainit(st: &mut State) -> LResult<i32> {
    use std::os::unix::ffi::OsStrExt;
    let (name, init) = match std::env::var_os("LUA_INIT_5_3") {
        Some(v) => ("=LUA_INIT_5_3", v),
        None => match std::env::var_os("LUA_INIT") {
            Some(v) => ("=LUA_INIT", v),
            None => return Ok(LUA_OK),
        },
    };
    let init = init.as_bytes();
    if let Some(file) = init.strip_prefix(b"@") {
        dofile(st, Some(file))
    } else {
        dostring(st, init, name.as_bytes())
    }
}

/// lua.c's `runargs`: runs `-e` and `-l` in order; false if one failed.
fn runargs(st: &mut State, argv: &[Vec<u8>], n: usize) -> LResult<bool> {
    let mut i = 1;
    while i < n {
        let option = argv[i].get(1).copied();
        if matches!(option, Some(b'e' | b'l')) {
            let mut extra = &argv[i][2..];
            if extra.is_empty() {
                i += 1;
                extra = &argv[i];
            }
            let status = if option == Some(b'e') {
                dostring(st, extra, b"=(command line)")?
            } else {
                dolibrary(st, extra)?
            };
            if status != LUA_OK {
                return Ok(false);
            }
        }
        i += 1;
    }
    Ok(true)
}

/// lua.c's `pushargs`: pushes arg[1..#arg] (the table may have been changed by then).
fn pushargs(st: &mut State) -> LResult<usize> {
    if st.get_global("arg")? != ravi_vm::Type::Table {
        return Err(st.error_str("'arg' is not a table"));
    }
    let n = st.len_int(-1)?.max(0) as usize;
    st.check_stack_api(n + 3, "too many arguments to script")?;
    let t = st.value(-1).as_table().expect("checked above");
    for i in 1..=n {
        let v = st.raw_get_int(t, i as i64);
        st.push(v)?;
    }
    st.remove(-(n as i32) - 1);
    Ok(n)
}

/// lua.c's `handle_script`: "-" is stdin unless it follows "--".
fn handle_script(st: &mut State, argv: &[Vec<u8>], script: usize) -> LResult<i32> {
    let fname = &argv[script];
    let stdin = fname == b"-" && argv[script - 1] != b"--";
    let mut status = ravi_stdlib::base::load_file(st, if stdin { None } else { Some(fname) })?;
    if status == LUA_OK {
        let n = pushargs(st)?;
        status = docall(st, n, MULTRET)?;
    }
    report(st, status)
}

/// lua.c's `pmain`, run in protected mode: returns true on success.
fn pmain(st: &mut State) -> LResult<usize> {
    let argv = ARGV.with(|a| a.borrow().clone());
    let argc = argv.len();
    let (args, script) = args::collectargs(&argv);
    if args == args::HAS_ERROR {
        let pn = progname().unwrap_or_else(|| PROGNAME.to_vec());
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().write_all(&args::usage(&pn, &argv[script]));
        st.push_bool(false)?;
        return Ok(1);
    }
    if args & args::HAS_V != 0 {
        print_version();
    }
    if args & args::HAS_BIG_E != 0 {
        // signal for libraries to ignore environment variables (package.path, ...)
        st.push_bool(true)?;
        st.set_field(REGISTRY_INDEX, "LUA_NOENV")?;
    }
    ravi_stdlib::open_libs(st)?;
    createargtable(st, &argv, script)?;
    if args & args::HAS_BIG_E == 0 && handle_luainit(st)? != LUA_OK {
        st.push_bool(false)?;
        return Ok(1);
    }
    if !runargs(st, &argv, script)? {
        st.push_bool(false)?;
        return Ok(1);
    }
    if script < argc && handle_script(st, &argv, script)? != LUA_OK {
        st.push_bool(false)?;
        return Ok(1);
    }
    if args & args::HAS_I != 0 {
        repl::do_repl(st)?;
    } else if script == argc && args & (args::HAS_E | args::HAS_V) == 0 {
        if interrupt::stdin_is_tty() {
            print_version();
            repl::do_repl(st)?;
        } else {
            // stdin as a file; as in lua.c, its failure does not change the exit status
            dofile(st, None)?;
        }
    }
    st.push_bool(true)?;
    Ok(1)
}

/// ravi's own tools (`--bytecode`, `--compile`, `--help`, `--version`), parsed by clap.
fn run_ravi_command(progname: &[u8], argv: Vec<Vec<u8>>) -> i32 {
    use clap::Parser;
    use std::os::unix::ffi::OsStringExt;
    let os: Vec<std::ffi::OsString> = argv.into_iter().map(std::ffi::OsString::from_vec).collect();
    let a = match RaviArgs::try_parse_from(os) {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Some(f) = &a.bytecode {
        tools::list_bytecode(progname, f)
    } else if let Some(f) = &a.compile {
        tools::compile(progname, f, a.output.as_deref(), a.strip)
    } else {
        0
    }
}

/// Runs the command line (`args[0]` is the program name, as lua.c's argv) and returns the
/// exit status.
pub fn run(args: Vec<Vec<u8>>) -> i32 {
    interrupt::default_sigpipe();
    let progname = match args.first() {
        Some(p) if !p.is_empty() => p.clone(),
        _ => PROGNAME.to_vec(),
    };
    if args.get(1).map(|a| &a[..]) == Some(b"--version") && args.len() == 2 {
        print_version();
        return 0;
    }
    if args::is_ravi_command(&args) {
        return run_ravi_command(&progname, args);
    }
    set_progname(Some(progname.clone()));
    ARGV.with(|a| *a.borrow_mut() = args);
    let mut lua = Lua::new();
    let st = lua.state();
    interrupt::attach(st.global_mut());
    let r = (|| -> LResult<i32> {
        st.push_fn(pmain)?;
        let status = st.pcall(0, 1, 0)?;
        let result = st.to_boolean(-1);
        report(st, status)?;
        Ok(if result && status == LUA_OK { 0 } else { 1 })
    })();
    let code = match r {
        Ok(c) => c,
        Err(_) => {
            l_message(Some(&progname), b"not enough memory");
            1
        }
    };
    let _ = std::io::stdout().flush();
    interrupt::detach();
    drop(lua); // lua_close: runs pending finalizers
    let _ = std::io::stdout().flush();
    code
}
