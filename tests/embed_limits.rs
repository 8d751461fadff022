//! Memory limit, instruction hook, sandbox, Send.
use ravi::{Error, HookTriggers, Lua, SandboxOptions, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[test]
fn lua_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Lua>();
    assert_send::<Error>();
    // a state moves to another thread and keeps working there
    let lua = Lua::new();
    lua.globals().set("x", 40).unwrap();
    let f = lua.create_function(|_, n: i64| Ok(n + 1)).unwrap();
    lua.globals().set("inc", f).unwrap();
    let r = std::thread::spawn(move || {
        let v: i64 = lua.load("return inc(x) + 1").eval().unwrap();
        (lua, v)
    })
    .join()
    .unwrap();
    assert_eq!(r.1, 42);
    let lua = r.0;
    assert_eq!(lua.load("return x").eval::<i64>().unwrap(), 40);
}

#[test]
fn memory_limit() {
    let lua = Lua::new();
    let used = lua.used_memory();
    assert!(used > 0);
    assert_eq!(lua.set_memory_limit(used + 200_000).unwrap(), 0);
    let e = lua.load("local t = {} for i = 1, 1e7 do t[i] = i end").exec().unwrap_err();
    assert!(matches!(e, Error::MemoryError(_)), "{:?}", e);
    let e = lua.load("local s = string.rep('x', 1000000)").exec().unwrap_err();
    assert!(matches!(e, Error::MemoryError(_)), "{:?}", e);
    // still usable under the limit
    assert_eq!(lua.load("return 1 + 1").eval::<i32>().unwrap(), 2);
    // pcall inside Lua catches it
    let (ok, msg): (bool, String) = lua.load("return pcall(string.rep, 'x', 1000000)").eval().unwrap();
    assert!(!ok);
    assert_eq!(msg, "not enough memory");
    // Rust-side allocation over the limit
    let big = vec![b'x'; 1_000_000];
    assert!(matches!(lua.create_string(&big), Err(Error::MemoryError(_))));
    assert_eq!(lua.set_memory_limit(0).unwrap(), used + 200_000);
    lua.load("local t = {} for i = 1, 1e5 do t[i] = i end").exec().unwrap();
    assert!(lua.create_string(&big).is_ok());
}

#[test]
fn memory_limit_from_callback_and_options() {
    let lua = Lua::new_with(ravi::StdLib::ALL_SAFE, ravi::LuaOptions::new().memory_limit(Some(64 * 1024 * 1024))).unwrap();
    let alloc = lua.create_function(|lua, n: usize| lua.create_string(vec![b'a'; n]).map(|s| s.len())).unwrap();
    lua.globals().set("alloc", alloc).unwrap();
    lua.set_memory_limit(lua.used_memory() + 100_000).unwrap();
    let e = lua.load("alloc(10000000)").exec().unwrap_err();
    assert!(matches!(e, Error::MemoryError(_)), "{:?}", e);
    assert_eq!(lua.load("return alloc(10)").eval::<usize>().unwrap(), 10);
}

#[test]
fn hook_aborts_infinite_loop() {
    let lua = Lua::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let c2 = calls.clone();
    lua.set_hook(HookTriggers::new().every_nth_instruction(100), move |_lua, dbg| {
        if c2.fetch_add(1, Ordering::SeqCst) >= 50 {
            assert_eq!(dbg.event(), ravi::DebugEvent::Count);
            return Err(Error::runtime(format!("stopped at line {:?}", dbg.curr_line())));
        }
        Ok(())
    });
    let e = lua.load("local i = 0\nwhile true do\n i = i + 1\nend").set_name("=loop").exec().unwrap_err();
    assert!(matches!(e, Error::CallbackError { .. }), "{:?}", e);
    let root = e.root_cause().to_string();
    assert!(root.contains("stopped at line Some("), "{}", root);
    assert!(calls.load(Ordering::SeqCst) > 50);
    lua.remove_hook();
    lua.load("for i = 1, 100000 do end").exec().unwrap();
}

#[test]
fn hook_sees_lua_and_can_call_it() {
    let lua = Lua::new();
    lua.globals().set("ticks", 0).unwrap();
    lua.set_hook(HookTriggers::new().every_nth_instruction(10), |lua, _| {
        let t: i64 = lua.globals().get("ticks")?;
        lua.globals().set("ticks", t + 1)
    });
    lua.load("for i = 1, 1000 do end").exec().unwrap();
    lua.remove_hook();
    let t: i64 = lua.globals().get("ticks").unwrap();
    assert!(t >= 90, "{}", t);
}

#[test]
fn sandbox_environment() {
    let lua = Lua::new();
    lua.globals().set("secret", "host data").unwrap();
    let r: Vec<Value> = lua
        .sandbox("return {io, os, package, debug, require, dofile, loadfile, collectgarbage, secret, string.dump}")
        .unwrap()
        .eval::<ravi::Table>()
        .unwrap()
        .pairs::<Value, Value>()
        .map(|p| p.unwrap().1)
        .collect();
    assert!(r.is_empty(), "{:?}", r);
    // safe functions are there
    assert_eq!(lua.sandbox("return string.upper('a') .. math.max(1, 2) .. #table.concat({'x'})").unwrap().eval::<String>().unwrap(), "A21");
    // globals do not leak between sandboxes or into the host
    lua.sandbox("leak = 1; string.upper = nil").unwrap().exec().unwrap();
    assert!(lua.sandbox("return leak").unwrap().eval::<Value>().unwrap().is_nil());
    assert_eq!(lua.load("return string.upper('b')").eval::<String>().unwrap(), "B");
    assert!(lua.globals().get::<_, Value>("leak").unwrap().is_nil());
    // the string metatable is out of reach
    assert!(lua.sandbox("return getmetatable('')").unwrap().eval::<Value>().unwrap().is_nil());
    // load: text only, sandbox env by default
    let (ok, _msg): (Value, Value) = lua.sandbox("return load('\\27Lua')").unwrap().eval().unwrap();
    assert!(ok.is_nil());
    assert!(lua.sandbox("return load('return secret')()").unwrap().eval::<Value>().unwrap().is_nil());
    // binary chunks are refused at the top too
    assert!(lua.sandbox(&b"\x1bLua"[..]).unwrap().exec().is_err());
}

#[test]
fn run_sandboxed_limits() {
    let lua = Lua::new();
    let e = lua.run_sandboxed::<()>("while true do end", SandboxOptions::new().instruction_limit(20_000)).unwrap_err();
    assert!(e.to_string().contains("instruction limit exceeded"), "{}", e);
    // catching the error does not help
    let e = lua
        .run_sandboxed::<()>("while true do pcall(function() while true do end end) end", SandboxOptions::new().instruction_limit(20_000))
        .unwrap_err();
    assert!(e.to_string().contains("instruction limit exceeded"), "{}", e);
    let e = lua.run_sandboxed::<()>("local t = {} for i = 1, 1e8 do t[i] = i end", SandboxOptions::new().memory_limit(1 << 20)).unwrap_err();
    assert!(matches!(e, Error::MemoryError(_)), "{:?}", e);
    let e = lua.run_sandboxed::<()>("os.exit(1)", SandboxOptions::new()).unwrap_err();
    assert!(e.to_string().contains("attempt to index a nil value"), "{}", e);
    // limits are lifted afterwards, a user hook is restored
    lua.load("local t = {} for i = 1, 1e5 do t[i] = i end").exec().unwrap();
    lua.set_hook(HookTriggers::new().every_nth_instruction(1), |_, _| Err(Error::runtime("user hook")));
    assert_eq!(lua.run_sandboxed::<i32>("return 1", SandboxOptions::new().instruction_limit(1000)).unwrap(), 1);
    assert!(lua.load("for i = 1, 10 do end").exec().unwrap_err().to_string().contains("user hook"));
    lua.remove_hook();
    assert_eq!(lua.run_sandboxed::<i64>("local s = 0 for i = 1, 100 do s = s + i end return s", SandboxOptions::new().instruction_limit(100_000).memory_limit(1 << 20)).unwrap(), 5050);
}

#[test]
fn used_memory_follows_allocation_and_collection() {
    let lua = Lua::new();
    let start = lua.used_memory();
    lua.load("big = {} for i = 1, 100000 do big[i] = {} end").exec().unwrap();
    let full = lua.used_memory();
    assert!(full > start + 1_000_000, "{start} -> {full}");
    lua.load("big = nil").exec().unwrap();
    lua.gc_collect().unwrap();
    let after = lua.used_memory();
    assert!(after < start + 100_000, "{start} -> {full} -> {after}");
}

#[test]
fn memory_limit_below_current_use() {
    let lua = Lua::new();
    lua.globals().set("kept", "before the limit").unwrap();
    // a limit under what is in use: every new allocation fails, nothing breaks
    lua.set_memory_limit(1).unwrap();
    assert!(matches!(lua.load("return {}").eval::<Value>(), Err(Error::MemoryError(_))));
    assert!(matches!(lua.create_table(), Err(Error::MemoryError(_))));
    // reading what exists and the globals table still work
    assert_eq!(lua.globals().get::<_, String>("kept").unwrap(), "before the limit");
    // lifting it gives a working state back
    assert_eq!(lua.set_memory_limit(0).unwrap(), 1);
    assert_eq!(lua.load("local t = {kept} return t[1]").eval::<String>().unwrap(), "before the limit");
    // LuaOptions' limit applies from the start
    let tiny = Lua::new_with(ravi::StdLib::ALL_SAFE, ravi::LuaOptions::new().memory_limit(Some(1))).unwrap();
    assert!(matches!(tiny.load("return {}").eval::<Value>(), Err(Error::MemoryError(_))));
    tiny.set_memory_limit(0).unwrap();
    assert!(tiny.load("return {}").eval::<ravi::Table>().is_ok());
}
