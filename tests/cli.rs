//! The `ravi` command driven as a process: every lua.c option, the `arg` table, LUA_INIT,
//! error reports, exit statuses, Ctrl-C, ravi's own tools, and the REPL (piped, and on a
//! pseudo-terminal through util-linux's `script`).
//!
//! Where `lua5.3` is installed each lua.c behaviour is also run with it and the two must
//! agree (stdout, stderr and exit status, after the program name is normalised to `lua`
//! and the `-v` line to lua5.3's). Every case also has its own assertions, so the tests
//! mean something without lua5.3.
//!
//! `$RAVI_BIN` overrides the binary; `$RAVI_RUNNER` (e.g. `qemu-aarch64 -L
//! /usr/aarch64-linux-gnu`) is a command prefix for starting it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LUA_VERSION_LINE: &str = "Lua 5.3.6  Copyright (C) 1994-2020 Lua.org, PUC-Rio";
const TIMEOUT: Duration = Duration::from_secs(60);

fn ravi_bin() -> PathBuf {
    std::env::var_os("RAVI_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ravi")))
}

fn runner() -> Vec<String> {
    std::env::var("RAVI_RUNNER").map(|r| r.split_whitespace().map(String::from).collect()).unwrap_or_default()
}

fn ravi_cmd() -> Command {
    let r = runner();
    if r.is_empty() {
        Command::new(ravi_bin())
    } else {
        let mut c = Command::new(&r[0]);
        c.args(&r[1..]).arg(ravi_bin());
        c
    }
}

fn have(prog: &str, arg: &str) -> bool {
    Command::new(prog)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn have_lua53() -> bool {
    static ONCE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ONCE.get_or_init(|| have("lua5.3", "-v"))
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "ravi-cli-{}-{}-{}",
        std::process::id(),
        name,
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[derive(Debug, PartialEq, Eq, Clone)]
struct Run {
    out: String,
    err: String,
    code: Option<i32>,
}

/// One command line with its input, environment and files.
#[derive(Default, Clone)]
struct Case {
    args: Vec<String>,
    stdin: String,
    env: Vec<(String, String)>,
    files: Vec<(String, String)>,
}

fn case(args: &[&str]) -> Case {
    Case { args: args.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

impl Case {
    fn stdin(mut self, s: &str) -> Case {
        self.stdin = s.to_string();
        self
    }
    fn env(mut self, k: &str, v: &str) -> Case {
        self.env.push((k.to_string(), v.to_string()));
        self
    }
    fn file(mut self, name: &str, text: &str) -> Case {
        self.files.push((name.to_string(), text.to_string()));
        self
    }
}

/// Waits for a child with a timeout (killing it then), collecting its output.
fn wait_output(child: Child, stdin: &[u8]) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    match wait_output_or_timeout(child, stdin) {
        Ok(r) => r,
        Err((o, e)) => panic!(
            "timed out after {TIMEOUT:?}; stdout so far {:?}, stderr so far {:?}",
            String::from_utf8_lossy(&o),
            String::from_utf8_lossy(&e)
        ),
    }
}

/// As `wait_output`, but a timeout is returned (with the output read until the kill).
fn wait_output_or_timeout(mut child: Child, stdin: &[u8]) -> Result<(Vec<u8>, Vec<u8>, Option<i32>), (Vec<u8>, Vec<u8>)> {
    let si = child.stdin.take();
    let input = stdin.to_vec();
    let w = std::thread::spawn(move || {
        if let Some(mut si) = si {
            let _ = si.write_all(&input);
        }
    });
    let so = child.stdout.take();
    let se = child.stderr.take();
    let ro = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(mut so) = so {
            let _ = so.read_to_end(&mut v);
        }
        v
    });
    let re = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(mut se) = se {
            let _ = se.read_to_end(&mut v);
        }
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let _ = w.join();
            return Err((ro.join().unwrap(), re.join().unwrap()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = w.join();
    Ok((ro.join().unwrap(), re.join().unwrap(), status.code()))
}

/// Runs `cmd` (whose program name shows as `prog` in messages) on the case in `dir`.
fn exec(mut cmd: Command, prog: &str, c: &Case, dir: &Path) -> Run {
    for (name, text) in &c.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    cmd.args(&c.args).current_dir(dir);
    for v in ["LUA_INIT", "LUA_INIT_5_3", "LUA_PATH", "LUA_PATH_5_3", "LUA_CPATH", "LUA_CPATH_5_3"] {
        cmd.env_remove(v);
    }
    cmd.env("RAVI_HISTORY", "");
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // One CI run under qemu saw two of these short runs (one of them ravi's) make no
    // progress for a minute, together; they never did again in hundreds of runs. A run
    // that times out is reported and tried once more: a real hang times out twice.
    let child = cmd.spawn().expect("start the interpreter");
    let (o, e, code) = match wait_output_or_timeout(child, c.stdin.as_bytes()) {
        Ok(r) => r,
        Err((o, e)) => {
            eprintln!(
                "warning: {prog} {:?} timed out after {TIMEOUT:?} (stdout {:?}, stderr {:?}); running it again",
                c.args,
                String::from_utf8_lossy(&o),
                String::from_utf8_lossy(&e)
            );
            wait_output(cmd.spawn().expect("start the interpreter"), c.stdin.as_bytes())
        }
    };
    let norm = |b: Vec<u8>| -> String {
        String::from_utf8_lossy(&b).replace(prog, "lua").replace(ravi::cli::COPYRIGHT, LUA_VERSION_LINE)
    };
    Run { out: norm(o), err: norm(e), code }
}

fn run_ravi(c: &Case) -> Run {
    let dir = scratch("ravi");
    let r = exec(ravi_cmd(), &ravi_bin().display().to_string(), c, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    r
}

fn run_lua53(c: &Case) -> Run {
    let dir = scratch("lua53");
    let r = exec(Command::new("lua5.3"), "lua5.3", c, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    r
}

/// Runs the case with ravi and, where installed, lua5.3: they must agree.
fn same(c: Case) -> Run {
    let r = run_ravi(&c);
    if have_lua53() {
        let l = run_lua53(&c);
        assert_eq!(r, l, "ravi (left) and lua5.3 (right) differ for {:?} (stdin {:?})", c.args, c.stdin);
    }
    r
}

const USAGE: &str = "usage: lua [options] [script [args]]
Available options are:
  -e stat  execute string 'stat'
  -i       enter interactive mode after executing 'script'
  -l name  require library 'name' into global 'name'
  -v       show version information
  -E       ignore environment variables
  --       stop handling options
  -        stop handling options and execute stdin
";

// ------------------------------------------------------------------ options

#[test]
fn version() {
    let r = same(case(&["-v"]));
    assert_eq!(r.out, format!("{LUA_VERSION_LINE}\n"));
    assert_eq!(r.code, Some(0));
    // the -v line ends as lua5.3's (the official main.lua looks for "PUC-Rio\nhello")
    let r = same(case(&["-v", "-eprint'hello'"]));
    assert_eq!(r.out, format!("{LUA_VERSION_LINE}\nhello\n"));
    assert!(ravi::cli::COPYRIGHT.ends_with("PUC-Rio"));
}

#[test]
fn bad_options() {
    for (arg, msg) in [
        (&["-h"][..], "unrecognized option '-h'"),
        (&["---"], "unrecognized option '---'"),
        (&["-Ex"], "unrecognized option '-Ex'"),
        (&["-vv"], "unrecognized option '-vv'"),
        (&["-iv"], "unrecognized option '-iv'"),
        (&["-x", "script.lua"], "unrecognized option '-x'"),
        (&["-v", "--x"], "unrecognized option '--x'"),
        (&["-e"], "'-e' needs argument"),
        (&["-l"], "'-l' needs argument"),
        (&["-e", "-v"], "'-e' needs argument"),
        (&["-l", "-"], "'-l' needs argument"),
    ] {
        let r = same(case(arg));
        assert_eq!(r.code, Some(1), "{arg:?}");
        assert_eq!(r.out, "", "{arg:?}");
        assert_eq!(r.err, format!("lua: {msg}\n{USAGE}"), "{arg:?}");
    }
}

#[test]
fn options_after_script_belong_to_it() {
    let r = same(case(&["s.lua", "-h", "--", "-e"]).file("s.lua", "print(#arg, ...)"));
    assert_eq!(r.out, "3\t-h\t--\t-e\n");
}

#[test]
fn e_and_l_in_order() {
    let r = same(case(&["-eprint(1)", "-ea=3", "-e", "print(a)"]));
    assert_eq!(r.out, "1\n3\n");
    let r = same(
        case(&["-e", "x=1", "-l", "m1", "-lm2", "-e", "print(x, m1.v, m2.v, m1.seen_x)"])
            .env("LUA_PATH", "./?.lua")
            .file("m1.lua", "print('m1', ...) return {v=10, seen_x=x}")
            .file("m2.lua", "print('m2') return {v=20}"),
    );
    assert_eq!(r.out, "m1\tm1\t./m1.lua\nm2\n1\t10\t20\t1\n");
    // the result of require is stored in the global of that name
    let r = same(case(&["-lstring", "-l", "io", "-e", "print(string == require'string', io ~= nil)"]));
    assert_eq!(r.out, "true\ttrue\n");
}

#[test]
fn e_with_attached_space_runs_empty_command() {
    // main.lua: lua "-e " -- script a b c
    let script = "assert(#arg == 3 and arg[1] == 'a' and arg[2] == 'b' and arg[3] == 'c')
        assert(arg[-1] == '--' and arg[-2] == '-e ' and arg[0] == 's.lua')
        assert(arg[4] == nil)
        local a, b, c = ...
        assert(... == 'a' and a == 'a' and b == 'b' and c == 'c')
        print('ok', arg[-3] ~= nil, arg[-4])";
    let r = same(case(&["-e ", "--", "s.lua", "a", "b", "c"]).file("s.lua", script));
    assert_eq!(r.out, "ok\ttrue\tnil\n");
    assert_eq!(r.code, Some(0));
}

#[test]
fn arg_table() {
    let r = same(
        case(&["-e", "x=1", "s.lua", "p", "q"])
            .file("s.lua", "for i = -3, #arg do print(i, i == -3 and 'lua' or arg[i]) end print(select('#', ...), ...)"),
    );
    assert_eq!(r.out, "-3\tlua\n-2\t-e\n-1\tx=1\n0\ts.lua\n1\tp\n2\tq\n2\tp\tq\n");
    // no script: the interpreter is arg[0] and the options have positive indices
    let r = same(case(&["-e", "print(arg[0] ~= nil, arg[1], arg[-1], #arg)"]));
    assert_eq!(r.out, "true\t-e\tnil\t2\n");
    // many arguments
    let many: Vec<String> = (1..=40).map(|i| format!("a{i}")).collect();
    let mut args = vec!["s.lua".to_string()];
    args.extend(many);
    let c = Case { args, ..Default::default() }.file("s.lua", "print(({...})[30], select('#', ...))");
    assert_eq!(same(c).out, "a30\t40\n");
}

#[test]
fn messing_with_arg() {
    let r = same(case(&["-e", "arg[1] = 100", "-"]).stdin("print(...)"));
    assert_eq!(r.out, "100\n");
    let r = same(case(&["-e", "arg = 1", "-"]).stdin(""));
    assert_eq!(r.code, Some(1));
    assert_eq!(r.err, "lua: 'arg' is not a table\n");
}

#[test]
fn stdin_script() {
    // "-": stdin as a chunk, with arguments
    let r = same(case(&["-", "-h", "x"]).stdin("print(...) print(arg[0], arg[-1])"));
    assert_eq!(r.out, "-h\tx\n-\tlua\n");
    let r = same(case(&["-"]).stdin("  print(\n1, a\n)\n"));
    assert_eq!(r.out, "1\tnil\n");
    let r = same(case(&["-"]).stdin(""));
    assert_eq!((r.out.as_str(), r.code), ("", Some(0)));
    // no arguments and stdin not a terminal: stdin runs as a file
    let r = same(case(&[]).stdin("print(10)\nprint(2)\n"));
    assert_eq!(r.out, "10\n2\n");
    // ... and, as in lua.c, its errors do not change the exit status
    let r = same(case(&[]).stdin("print(1"));
    assert_eq!(r.code, Some(0));
    assert_eq!(r.err, "lua: stdin:1: ')' expected near <eof>\n");
    // but "-" does
    let r = same(case(&["-"]).stdin("error('x', 0)"));
    assert_eq!(r.code, Some(1));
    assert!(r.err.starts_with("lua: x\nstack traceback:\n"), "{}", r.err);
    // "-" after "--" is a file named "-"
    let r = same(case(&["--", "-"]).file("-", "print('file')").stdin("print('stdin')"));
    assert_eq!(r.out, "file\n");
    // '#' first line
    let r = same(case(&["s.lua"]).file("s.lua", "#!/usr/bin/env lua\nprint(1)"));
    assert_eq!(r.out, "1\n");
    let r = same(case(&["s.lua"]).file("s.lua", "# comment without newline"));
    assert_eq!((r.out.as_str(), r.code), ("", Some(0)));
}

#[test]
fn double_dash() {
    let r = same(case(&["--", "s.lua", "-v"]).file("s.lua", "print(...)"));
    assert_eq!(r.out, "-v\n");
    let r = same(case(&["-e", "print(1)", "--"]));
    assert_eq!(r.out, "1\n");
}

#[test]
fn lua_init() {
    let r = same(case(&["s.lua", "3.2"]).env("LUA_INIT", "X=tonumber(arg[1])").file("s.lua", "print(X)"));
    assert_eq!(r.out, "3.2\n");
    let r = same(case(&["s.lua"]).env("LUA_INIT_5_3", "X=10").env("LUA_INIT", "X=3").file("s.lua", "print(X)"));
    assert_eq!(r.out, "10\n");
    let r = same(
        case(&["s.lua"]).env("LUA_INIT", "@s.lua").file("s.lua", "x = x or 10; print(x); x = x + 1"),
    );
    assert_eq!(r.out, "10\n11\n");
    let r = same(case(&[]).env("LUA_INIT", "error('msg')").stdin(""));
    assert_eq!(r.code, Some(1));
    assert!(r.err.starts_with("lua: LUA_INIT:1: msg\nstack traceback:\n"), "{}", r.err);
    let r = same(case(&["-e", ""]).env("LUA_INIT_5_3", "error('msg')"));
    assert!(r.err.starts_with("lua: LUA_INIT_5_3:1: msg\n"), "{}", r.err);
    let r = same(case(&["-e", ""]).env("LUA_INIT", "@nofile.lua"));
    assert_eq!(r.err, "lua: cannot open nofile.lua: No such file or directory\n");
    assert_eq!(r.code, Some(1));
    // LUA_INIT runs before -e and -l
    let r = same(case(&["-e", "print(Y)"]).env("LUA_INIT", "Y='init'"));
    assert_eq!(r.out, "init\n");
}

#[test]
fn option_big_e_ignores_environment() {
    let c = case(&["-E", "-e", "print(X, package.path == 'xxx', package.cpath == 'xxx')"])
        .env("LUA_INIT", "X=1")
        .env("LUA_PATH", "xxx")
        .env("LUA_CPATH", "xxx");
    let r = same(c);
    assert_eq!(r.out, "nil\tfalse\tfalse\n");
    // ... the 5.3-specific names too, and an `@file` LUA_INIT that would fail
    let c = case(&["-E", "-e", "print(X, package.path == 'xxx', package.cpath == 'xxx')"])
        .env("LUA_INIT_5_3", "X=1")
        .env("LUA_INIT", "@nofile.lua")
        .env("LUA_PATH_5_3", "xxx")
        .env("LUA_CPATH_5_3", "xxx");
    let r = same(c);
    assert_eq!((r.out.as_str(), r.err.as_str(), r.code), ("nil\tfalse\tfalse\n", "", Some(0)));
    // without -E they are used (LUA_PATH_5_3 before LUA_PATH)
    let r = same(case(&["-e", "print(package.path, package.cpath)"]).env("LUA_PATH_5_3", "p53").env("LUA_PATH", "p").env("LUA_CPATH_5_3", "c53"));
    assert_eq!(r.out, "p53\tc53\n");
    let r = same(case(&["-e", "print(package.path)"]).env("LUA_PATH", "x;;y"));
    assert!(r.out.starts_with("x;") && r.out.ends_with(";y\n"), "{}", r.out);
}

#[test]
fn errors() {
    // runtime error: program name, message, traceback; status 1
    let r = same(case(&["s.lua"]).file("s.lua", "local function f() error('boom') end\nf()\n"));
    assert_eq!(r.code, Some(1));
    assert!(r.err.starts_with("lua: s.lua:1: boom\nstack traceback:\n\t[C]: in function 'error'\n"), "{}", r.err);
    // syntax error: no traceback
    let r = same(case(&["s.lua"]).file("s.lua", "x = = 1"));
    assert_eq!((r.err.as_str(), r.code), ("lua: s.lua:1: unexpected symbol near '='\n", Some(1)));
    let r = same(case(&["-e", "a"]));
    assert_eq!(r.err, "lua: (command line):1: syntax error near <eof>\n");
    // missing script
    let r = same(case(&["nofile.lua"]));
    assert_eq!((r.err.as_str(), r.code), ("lua: cannot open nofile.lua: No such file or directory\n", Some(1)));
    // error objects: __tostring, other types
    let r = same(case(&["-e", "error(setmetatable({}, {__tostring = function() return 'TS' end}))"]));
    assert_eq!((r.err.as_str(), r.code), ("lua: TS\n", Some(1)));
    let r = same(case(&["-e", "error(setmetatable({}, {__tostring = function() return 1 end}))"]));
    assert!(r.err.starts_with("lua: (error object is a table value)\nstack traceback:\n"), "{}", r.err);
    let r = same(case(&["-e", "error(setmetatable({}, {__name = 'MyType'}))"]));
    assert!(r.err.starts_with("lua: (error object is a table value)\nstack traceback:\n"), "{}", r.err);
    // in a script, the error of a __tostring error object keeps its message
    let r = same(case(&["s.lua"]).file("s.lua", "local E = setmetatable({}, {__tostring = function(e) return 'E!' end})\nerror(E)\n"));
    assert_eq!((r.out.as_str(), r.err.as_str(), r.code), ("", "lua: E!\n", Some(1)));
    let r = same(case(&["-e", "error{}"]));
    assert!(r.err.starts_with("lua: (error object is a table value)\nstack traceback:\n"), "{}", r.err);
    let r = same(case(&["-e", "error(nil)"]));
    assert!(r.err.starts_with("lua: (error object is a nil value)\n"), "{}", r.err);
    let r = same(case(&["-e", "error(12)"]));
    assert!(r.err.starts_with("lua: 12\nstack traceback:\n"), "{}", r.err);
    // an error stops the remaining options and the script
    let r = same(case(&["-e", "print(1)", "-e", "error('e', 0)", "-e", "print(3)", "s.lua"]).file("s.lua", "print(4)"));
    assert_eq!((r.out.as_str(), r.code), ("1\n", Some(1)));
    // -l of a missing module
    let r = same(case(&["-l", "nosuch"]).env("LUA_PATH", "./?.lua").env("LUA_CPATH", "./?.so"));
    assert_eq!(r.code, Some(1));
    assert!(
        r.err.starts_with(
            "lua: module 'nosuch' not found:\n\tno field package.preload['nosuch']\n\tno file './nosuch.lua'\n\tno file './nosuch.so'\n"
        ),
        "{}",
        r.err
    );
}

#[test]
fn os_exit() {
    for (code, status) in [
        ("os.exit()", 0),
        ("os.exit(nil, true)", 0),
        ("os.exit(0, true)", 0),
        ("os.exit(true, true)", 0),
        ("os.exit(1, true)", 1),
        ("os.exit(false, true)", 1),
        ("os.exit(false)", 1),
        ("os.exit(7)", 7),
        ("io.write('alo') os.exit(3)", 3),
    ] {
        let r = same(case(&["-e", code]));
        assert_eq!(r.code, Some(status), "{code}");
        assert_eq!(r.err, "", "{code}");
    }
    // an open file is flushed when the state closes
    let r = same(case(&["-e", "io.output('o.txt') io.write('alo') os.exit(0, true)"]));
    assert_eq!(r.code, Some(0));
}

#[test]
fn main_chunk_varargs_and_results() {
    let r = same(case(&["s.lua", "1", "2"]).file("s.lua", "local a, b = ... return a + b"));
    assert_eq!((r.out.as_str(), r.code), ("", Some(0)));
}

#[test]
fn no_global_jit() {
    let r = same(case(&["-e", "print(jit, rawget(_G, 'jit'))"]));
    assert_eq!(r.out, "nil\tnil\n");
}

// ------------------------------------------------------------------ REPL without a terminal

#[test]
fn repl_piped() {
    // lua5.3 (linked with GNU readline) echoes the prompt and the line when stdin is not
    // a terminal; so does ravi
    let r = same(case(&["-i"]).stdin("x=1\n1+1\n=x\nfor i=1,2 do\nprint(i)\nend\nerror('e')\nreturn 1, nil, 'a'\n"));
    assert_eq!(
        r.out,
        format!(
            "{LUA_VERSION_LINE}\n> x=1\n> 1+1\n2\n> =x\n1\n> for i=1,2 do\n>> print(i)\n>> end\n1\n2\n> error('e')\n> return 1, nil, 'a'\n1\tnil\ta\n> \n"
        )
    );
    assert!(r.err.starts_with("stdin:1: e\nstack traceback:\n"), "{}", r.err);
    assert_eq!(r.code, Some(0));
}

#[test]
fn repl_piped_like_main_lua() {
    let r = same(case(&["-e_PROMPT='' _PROMPT2=''", "-i"]).stdin("(6*2-6) -- ===\na =\n10\nprint(a)\na"));
    assert_eq!(r.out, format!("{LUA_VERSION_LINE}\n(6*2-6) -- ===\n6\na =\n10\nprint(a)\n10\na\n10\n\n"));
    let r = same(case(&["-e_PROMPT='' _PROMPT2=''", "-i"]).stdin("a = [[b\nc\nd\ne]]\n=a"));
    assert!(r.out.contains("\nb\nc\nd\ne\n"), "{}", r.out);
    let r = same(case(&["-e_PROMPT='alo'", "-i"]).stdin(" --\na = 2\n"));
    assert_eq!(r.out.matches("alo").count(), 3, "{}", r.out);
    // error in 'print'
    let r = same(case(&["-e", "print=nil", "-i"]).stdin("10\n"));
    assert_eq!(r.err, "error calling 'print' (attempt to call a nil value)\n");
    // _PROMPT2 as a number, converted by tostring
    let r = same(case(&["-e", "_PROMPT=1 _PROMPT2=2.5", "-i"]).stdin("if x then\nend\n"));
    assert!(r.out.ends_with("1if x then\n2.5end\n1\n"), "{}", r.out);
}

#[test]
fn option_i_and_v() {
    // -i implies -v: the version line once, before anything runs
    let r = same(case(&["-i", "-v", "-e", "print('e')"]).stdin("print('repl')\n"));
    assert_eq!(r.out, format!("{LUA_VERSION_LINE}\ne\n> print('repl')\nrepl\n> \n"));
    assert_eq!(r.code, Some(0));
    // an error in -e ends the run before the REPL, with status 1
    let r = same(case(&["-i", "-e", "error('x')"]).stdin("print('repl')\n"));
    assert_eq!(r.out, format!("{LUA_VERSION_LINE}\n"));
    assert!(r.err.starts_with("lua: (command line):1: x\nstack traceback:\n"), "{}", r.err);
    assert_eq!(r.code, Some(1));
    // so does an error in the script
    let r = same(case(&["-i", "s.lua"]).file("s.lua", "error('in script', 0)").stdin("print('repl')\n"));
    assert_eq!((r.out.clone(), r.code), (format!("{LUA_VERSION_LINE}\n"), Some(1)));
    assert!(r.err.starts_with("lua: in script\n"), "{}", r.err);
}

#[test]
fn repl_tries_return_first() {
    // 5.3 compiles `return <line>` first: a call's results are printed, a statement
    // that is not an expression runs as one, and locals do not outlive their line
    let r = same(case(&["-i"]).stdin("select('#', 1, 2)\nprint('p')\n('ab'):rep(2)\nlocal z = 3\nz\nnil\n"));
    assert_eq!(
        r.out,
        format!("{LUA_VERSION_LINE}\n> select('#', 1, 2)\n2\n> print('p')\np\n> ('ab'):rep(2)\nabab\n> local z = 3\n> z\nnil\n> nil\nnil\n> \n")
    );
    assert_eq!((r.err.as_str(), r.code), ("", Some(0)));
}

#[test]
fn repl_after_script() {
    let r = same(case(&["-i", "s.lua", "a"]).file("s.lua", "y = ...").stdin("y\n"));
    assert!(r.out.ends_with("> y\na\n> \n"), "{}", r.out);
}

#[test]
fn repl_incomplete_at_eof_reports_the_syntax_error() {
    // lua.c prints "(null)" here; ravi prints the message (so no comparison with lua5.3)
    let r = run_ravi(&case(&["-i"]).stdin("x =\n"));
    assert_eq!(r.err, "stdin:1: unexpected symbol near <eof>\n");
    assert_eq!(r.code, Some(0));
}

// ------------------------------------------------------------------ Ctrl-C

/// Starts ravi on a command line with stdout piped; returns the child.
fn spawn_ravi(args: &[&str]) -> Child {
    ravi_cmd()
        .args(args)
        .env("RAVI_HISTORY", "")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ravi")
}

fn read_line(r: &mut impl Read) -> String {
    let mut line = Vec::new();
    let mut b = [0u8];
    while r.read(&mut b).unwrap_or(0) == 1 && b[0] != b'\n' {
        line.push(b[0]);
    }
    String::from_utf8_lossy(&line).into_owned()
}

fn sigint(pid: u32) {
    let ok = Command::new("kill").args(["-INT", &pid.to_string()]).status().map(|s| s.success()).unwrap_or(false);
    assert!(ok, "kill -INT {pid}");
}

#[test]
fn ctrl_c_is_catchable() {
    let mut child = spawn_ravi(&["-e", "pcall(function () print(12); while true do end end); print(42)"]);
    let mut out = child.stdout.take().unwrap();
    assert_eq!(read_line(&mut out), "12");
    sigint(child.id());
    assert_eq!(read_line(&mut out), "42");
    let (o, e, code) = wait_output(child, b"");
    assert_eq!((o.len(), e.len(), code), (0, 0, Some(0)));
}

#[test]
fn ctrl_c_uncaught() {
    let mut child = spawn_ravi(&["-e", "print(1) while true do end"]);
    let mut out = child.stdout.take().unwrap();
    assert_eq!(read_line(&mut out), "1");
    sigint(child.id());
    let (_, e, code) = wait_output(child, b"");
    let e = String::from_utf8_lossy(&e).replace(&ravi_bin().display().to_string(), "lua");
    assert!(e.starts_with("lua: (command line):1: interrupted!\nstack traceback:\n"), "{e}");
    assert_eq!(code, Some(1));
}

// ------------------------------------------------------------------ ravi's own options

#[test]
fn bytecode_listing() {
    let dir = scratch("bytecode");
    std::fs::write(dir.join("f.lua"), "local x = 1\nfunction g(a) return a + x end\n").unwrap();
    let c = Case { args: vec!["--bytecode".into(), "f.lua".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &ravi_bin().display().to_string(), &c, &dir);
    assert_eq!(r.code, Some(0), "{}", r.err);
    assert!(r.out.starts_with("\nmain <f.lua:0,0> ("), "{}", r.out);
    assert!(r.out.contains("\nfunction <f.lua:2,2> ("), "{}", r.out);
    assert!(r.out.contains("constants (") && r.out.contains("locals (") && r.out.contains("upvalues ("));
    // a syntax error is reported as lua.c reports it
    std::fs::write(dir.join("bad.lua"), "x = = 1").unwrap();
    let c = Case { args: vec!["--bytecode".into(), "bad.lua".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &ravi_bin().display().to_string(), &c, &dir);
    assert_eq!((r.err.as_str(), r.code), ("lua: bad.lua:1: unexpected symbol near '='\n", Some(1)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compile_to_binary_chunk() {
    let dir = scratch("compile");
    std::fs::write(dir.join("f.lua"), "local a, b = ...\nprint(a .. b, debug == nil)\n").unwrap();
    let prog = ravi_bin().display().to_string();
    let c = Case { args: vec!["--compile".into(), "f.lua".into(), "-o".into(), "f.out".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &prog, &c, &dir);
    assert_eq!((r.out.as_str(), r.err.as_str(), r.code), ("", "", Some(0)));
    let bin = std::fs::read(dir.join("f.out")).unwrap();
    assert!(bin.starts_with(b"\x1bLua\x53"));
    // the binary chunk runs like the source
    let c = Case { args: vec!["f.out".into(), "x".into(), "y".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &prog, &c, &dir);
    let c2 = Case { args: vec!["f.lua".into(), "x".into(), "y".into()], ..Default::default() };
    let r2 = exec(ravi_cmd(), &prog, &c2, &dir);
    assert_eq!(r, r2);
    // stripped; default output name luac.out
    let c = Case { args: vec!["--compile".into(), "f.lua".into(), "-s".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &prog, &c, &dir);
    assert_eq!(r.code, Some(0), "{}", r.err);
    let stripped = std::fs::read(dir.join("luac.out")).unwrap();
    assert!(stripped.len() < bin.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_and_version() {
    let r = run_ravi(&case(&["--help"]));
    assert_eq!(r.code, Some(0));
    for s in ["--bytecode", "--compile", "-e stat", "-l name", "Usage: ravi [options] [script [args]]"] {
        assert!(r.out.contains(s), "{s} in {}", r.out);
    }
    let r = run_ravi(&case(&["--version"]));
    assert_eq!((r.out.as_str(), r.code), (format!("{LUA_VERSION_LINE}\n").as_str(), Some(0)));
    let r = run_ravi(&case(&["--compile"]));
    assert_eq!(r.code, Some(1));
    assert!(r.err.contains("--compile <FILE>"), "{}", r.err);
    // only as the first argument: elsewhere they are lua.c's "unrecognized option"
    let r = run_ravi(&case(&["-v", "--help"]));
    assert!(r.err.starts_with("lua: unrecognized option '--help'\n"), "{}", r.err);
}

// ------------------------------------------------------------------ REPL on a terminal

/// ravi on a pseudo-terminal (util-linux `script`), read by a background thread.
struct Pty {
    child: Child,
    input: Option<std::process::ChildStdin>,
    buf: Arc<Mutex<Vec<u8>>>,
    seen: usize,
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl Pty {
    fn start(args: &[&str], history: &Path) -> Option<Pty> {
        Pty::start_with(args, |c| {
            c.env("RAVI_HISTORY", history);
        })
    }

    /// As `start`, with the environment of ravi's `script` set up by `env`.
    fn start_with(args: &[&str], env: impl FnOnce(&mut Command)) -> Option<Pty> {
        if !have("script", "--version") {
            eprintln!("script (util-linux) not installed: skipping the terminal test");
            return None;
        }
        let mut words: Vec<String> = runner();
        words.push(ravi_bin().display().to_string());
        words.extend(args.iter().map(|s| s.to_string()));
        // `exec`: the shell that `script` starts must not stay as ravi's parent. dash
        // (Debian's /bin/sh) does not exec a lone command, and it dies of the Ctrl-C that
        // ravi catches, so `script -e` would report 130 for a session that ended well.
        let cmdline = format!("exec {}", words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" "));
        let mut cmd = Command::new("script");
        cmd.args(["-qfec", &cmdline, "/dev/null"]).env("SHELL", "/bin/sh").env("TERM", "xterm");
        env(&mut cmd);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let buf = Arc::new(Mutex::new(Vec::new()));
        let b2 = buf.clone();
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = out.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                b2.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        let input = child.stdin.take();
        Some(Pty { child, input, buf, seen: 0 })
    }

    fn send(&mut self, s: &str) {
        let i = self.input.as_mut().unwrap();
        i.write_all(s.as_bytes()).unwrap();
        i.flush().unwrap();
    }

    /// Waits until `pat` appears in the output after what earlier calls consumed.
    fn expect(&mut self, pat: &str) -> String {
        let start = Instant::now();
        loop {
            {
                let b = self.buf.lock().unwrap();
                let text = String::from_utf8_lossy(&b[self.seen..]).into_owned();
                if let Some(i) = text.find(pat) {
                    self.seen += text[..i + pat.len()].len();
                    return text[..i].to_string();
                }
                if start.elapsed() > TIMEOUT {
                    panic!("expected {pat:?}; got {text:?}");
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait(self) -> Option<i32> {
        self.wait_with_output().0
    }

    /// Waits for the exit; returns the status and the output not consumed yet.
    fn wait_with_output(mut self) -> (Option<i32>, String) {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(20));
                let b = self.buf.lock().unwrap();
                return (s.code(), String::from_utf8_lossy(&b[self.seen..]).into_owned());
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                let b = self.buf.lock().unwrap();
                panic!("REPL did not exit; output {:?}", String::from_utf8_lossy(&b[self.seen..]));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn repl_on_a_terminal() {
    let dir = scratch("pty");
    let history = dir.join("history");
    let Some(mut t) = Pty::start(&[], &history) else { return };
    t.expect("PUC-Rio");
    t.expect("> ");
    // an expression prints its values
    t.send("6*7, 'x'..'y'\r");
    t.expect("42\txy");
    t.expect("> ");
    // '=' form
    t.send("=math.max(3, 17)\r");
    t.expect("17");
    t.expect("> ");
    // continuation lines with '>>'
    t.send("for i = 1, 3 do\r");
    t.expect(">> ");
    t.send("io.write(i * 11, ' ') end\r");
    t.expect("11 22 33 ");
    t.expect("> ");
    // a statement split over lines, then used as an expression
    t.send("v =\r");
    t.expect(">> ");
    t.send("{n = 9}\r");
    t.expect("> ");
    t.send("v.n + 1\r");
    t.expect("10");
    t.expect("> ");
    // errors: message and traceback, no program name; the session goes on
    t.send("error('bo' .. 'om')\r");
    t.expect("stdin:1: boom");
    t.expect("stack traceback:");
    t.expect("> ");
    t.send("x = = 1\r");
    t.expect("stdin:1: unexpected symbol near '='");
    t.expect("> ");
    // Ctrl-C at the prompt clears the line
    t.send("this is not lua");
    t.expect("not lua");
    t.send("\x03");
    t.expect("> ");
    t.send("'c' .. 'lear'\r");
    let before = t.expect("clear");
    assert!(!before.contains("syntax error") && !before.contains("near"), "{before:?}");
    t.expect("> ");
    // Ctrl-C while running interrupts and returns to the prompt
    // (the loop announces itself first, so the signal cannot land before it runs)
    t.send("io.write('run', 'ning\\n') while true do end\r");
    t.expect("running\r\n");
    std::thread::sleep(Duration::from_millis(50));
    t.send("\x03");
    t.expect("interrupted!");
    t.expect("> ");
    t.send("'still' .. ' alive'\r");
    t.expect("still alive");
    t.expect("> ");
    // prompts from _PROMPT / _PROMPT2 (built so that the echo of the line does not match)
    t.send("_PROMPT = 'ravi' .. '$ ' _PROMPT2 = 'more' .. '$ '\r");
    t.expect("ravi$ ");
    t.send("do\r");
    t.expect("more$ ");
    t.send("end\r");
    t.expect("ravi$ ");
    // Ctrl-D ends the session
    t.send("\x04");
    let (code, rest) = t.wait_with_output();
    assert_eq!(code, Some(0), "output after the last prompt: {rest:?}");
    // history: one entry per chunk
    let h = std::fs::read_to_string(&history).unwrap_or_default();
    assert!(h.contains("6*7, 'x'..'y'"), "{h}");
    assert!(h.contains("for i = 1, 3 do\\nio.write(i * 11, ' ') end"), "{h}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repl_on_a_terminal_with_option_i() {
    let dir = scratch("pty-i");
    let Some(mut t) = Pty::start(&["-i", "-e", "greeting = 'hi'"], &dir.join("h")) else { return };
    t.expect("PUC-Rio");
    t.expect("> ");
    t.send("greeting\r");
    t.expect("hi");
    t.expect("> ");
    // os.exit ends the session with its status
    t.send("os.exit(5)\r");
    assert_eq!(t.wait(), Some(5));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repl_history_under_home() {
    // without $RAVI_HISTORY the history is ~/.ravi_history, read back by the next session
    let home = scratch("pty-home");
    let start = || {
        Pty::start_with(&[], |c| {
            c.env_remove("RAVI_HISTORY").env("HOME", &home);
        })
    };
    let Some(mut t) = start() else { return };
    t.expect("> ");
    t.send("hist_marker = 6 * 7\r");
    t.expect("> ");
    t.send("\x04");
    assert_eq!(t.wait(), Some(0));
    let h = std::fs::read_to_string(home.join(".ravi_history")).unwrap_or_default();
    assert!(h.contains("hist_marker = 6 * 7"), "{h:?}");
    // a new session recalls it with the up arrow
    let Some(mut t) = start() else { return };
    t.expect("> ");
    t.send("\x1b[A");
    t.expect("hist_marker = 6 * 7");
    t.send("\r");
    t.expect("> ");
    t.send("=hist_marker + 0\r");
    t.expect("42");
    t.expect("> ");
    t.send("\x04");
    assert_eq!(t.wait(), Some(0));
    let _ = std::fs::remove_dir_all(&home);
}

/// The parts of a `luac -l -l` listing that do not depend on the instruction set:
/// function headers, parameter/upvalue/local/function counts, locals and upvalues.
fn listing_skeleton(listing: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_constants = false;
    for line in listing.lines() {
        if line.starts_with("constants (") {
            in_constants = true;
            continue;
        }
        if line.starts_with("locals (") || line.starts_with("upvalues (") || line.is_empty() {
            in_constants = false;
        }
        if in_constants || line.starts_with('\t') && line.split('\t').nth(2).is_some_and(|f| f.starts_with('[')) {
            continue; // constants (ravi folds some into instructions) and instructions
        }
        let mut l = line.to_string();
        if let Some(i) = l.find(" (").filter(|_| l.starts_with("main <") || l.starts_with("function <")) {
            l.truncate(i); // "(N instructions at 0x...)"
        }
        if let Some(i) = l.find(" for 0x") {
            l.truncate(i); // "locals (N) for 0x...:"
            l.push(':');
        }
        // "N slots, " and ", N constants" depend on the instruction set
        let words: Vec<&str> = l.split(", ").filter(|w| !w.ends_with(" slots") && !w.ends_with(" slot") && !w.ends_with(" constants") && !w.ends_with(" constant")).collect();
        out.push(words.join(", "));
    }
    out
}

#[test]
fn bytecode_listing_matches_luac() {
    let dir = scratch("bytecode-luac");
    let src = "local a, b = 1, 2
local function outer(x, ...)
  local y = x + a
  local function inner(z)
    return z * y + b, function() return y end
  end
  for i = 1, 3 do y = y + i end
  return inner
end
function g(t) for k, v in pairs(t) do print(k, v) end end
return outer
";
    std::fs::write(dir.join("g.lua"), src).unwrap();
    let c = Case { args: vec!["--bytecode".into(), "g.lua".into()], ..Default::default() };
    let r = exec(ravi_cmd(), &ravi_bin().display().to_string(), &c, &dir);
    assert_eq!((r.err.as_str(), r.code), ("", Some(0)));
    let skel = listing_skeleton(&r.out);
    // every function, in luac's order (depth first), with its locals and upvalues
    let heads: Vec<&String> = skel.iter().filter(|l| l.starts_with("main <") || l.starts_with("function <")).collect();
    assert_eq!(heads, ["main <g.lua:0,0>", "function <g.lua:2,9>", "function <g.lua:4,6>", "function <g.lua:5,5>", "function <g.lua:10,10>"]);
    let i = skel.iter().position(|l| l == "function <g.lua:2,9>").unwrap();
    assert_eq!(skel[i + 1], "1+ param, 2 upvalues, 7 locals, 1 function");
    assert!(skel.contains(&"\t3\t(for index)\t7\t10".to_string()), "{skel:#?}");
    assert!(skel.contains(&"\t0\t_ENV\t1\t0".to_string()), "{skel:#?}");
    if have("luac5.3", "-v") {
        let out = Command::new("luac5.3").args(["-l", "-l", "-p", "g.lua"]).current_dir(&dir).output().unwrap();
        assert!(out.status.success());
        let luac = listing_skeleton(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(skel, luac, "ravi --bytecode (left) and luac5.3 -l -l (right)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
