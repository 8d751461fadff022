//! Hooks on the VM's debug-hook facility: exact instruction counts, call/return/line
//! events, hook errors, and the sandbox's instruction limit.
use ravi::{DebugEvent, Error, HookTriggers, Lua, SandboxOptions};
use std::sync::{Arc, Mutex};

/// Runs `src` with a count hook of `n` and returns how many count events fired.
fn count_events(src: &str, n: u32) -> usize {
    let lua = Lua::new();
    let events = Arc::new(Mutex::new(0usize));
    let e2 = events.clone();
    lua.set_hook(HookTriggers::new().every_nth_instruction(n), move |_, dbg| {
        assert_eq!(dbg.event(), DebugEvent::Count);
        *e2.lock().unwrap() += 1;
        Ok(())
    });
    lua.load(src).exec().unwrap();
    lua.remove_hook();
    let n = *events.lock().unwrap();
    n
}

#[test]
fn count_hook_counts_instructions() {
    // two more instructions (MOVE, MOVE) per iteration: exactly 200 more events
    let empty = count_events("for i = 1, 100 do end", 1);
    let body = count_events("for i = 1, 100 do local x = i; local y = i end", 1);
    assert_eq!(body - empty, 200);
    // straight-line code with no loop or call is counted too
    assert_eq!(count_events("local a = 1\nlocal b = 2\nlocal c = a + b", 1), 4); // 3 + RETURN
    // every n-th instruction
    let total = count_events("local s = 0 for i = 1, 1000 do s = s + i end", 1);
    assert_eq!(count_events("local s = 0 for i = 1, 1000 do s = s + i end", 7), total / 7);
}

#[test]
fn call_and_return_hooks() {
    let lua = Lua::new();
    let log = Arc::new(Mutex::new(Vec::new()));
    let l2 = log.clone();
    lua.load("function f(x) return x + 1 end").exec().unwrap();
    lua.set_hook(HookTriggers::new().on_calls().on_returns(), move |_, dbg| {
        l2.lock().unwrap().push((dbg.event(), dbg.name().map(String::from), dbg.what()));
        Ok(())
    });
    lua.load("local y = f(1)").set_name("=c").exec().unwrap();
    lua.remove_hook();
    let log = log.lock().unwrap();
    // the chunk is called and returns; f is called and returns
    let calls: Vec<_> = log.iter().filter(|e| e.0 == DebugEvent::Call).collect();
    let rets: Vec<_> = log.iter().filter(|e| e.0 == DebugEvent::Ret).collect();
    assert_eq!(calls.len(), rets.len(), "{:?}", log);
    assert!(calls.iter().any(|e| e.1.as_deref() == Some("f") && e.2 == "Lua"), "{:?}", log);
    assert!(calls.iter().any(|e| e.2 == "main"), "{:?}", log);
    // native functions are reported too
    let log2 = Arc::new(Mutex::new(Vec::new()));
    let l3 = log2.clone();
    lua.set_hook(HookTriggers::ON_CALLS, move |_, dbg| {
        l3.lock().unwrap().push((dbg.event(), dbg.what()));
        Ok(())
    });
    lua.load("local s = tostring(1)\nlocal function g() return 1 end\nlocal function h() return g() end\nh()").exec().unwrap();
    lua.remove_hook();
    let log2 = log2.lock().unwrap();
    assert!(log2.iter().any(|e| e.1 == "C"), "{:?}", log2);
    assert!(log2.iter().any(|e| e.0 == DebugEvent::TailCall), "{:?}", log2);
}

#[test]
fn line_hook() {
    let lua = Lua::new();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l2 = lines.clone();
    lua.set_hook(HookTriggers::EVERY_LINE, move |_, dbg| {
        assert_eq!(dbg.event(), DebugEvent::Line);
        l2.lock().unwrap().push(dbg.curr_line().unwrap());
        Ok(())
    });
    lua.load("local s = 0\nfor i = 1, 2 do\n  s = s + i\nend\nreturn s").exec().unwrap();
    lua.remove_hook();
    // a line event on every new line and on every jump back (lua5.3 gives 1 2 3 2 3 2 5)
    assert_eq!(*lines.lock().unwrap(), vec![1, 2, 3, 2, 3, 2, 5]);
}

#[test]
fn hook_error_aborts_and_is_the_hooks_error() {
    let lua = Lua::new();
    lua.set_hook(HookTriggers::new().every_nth_instruction(1000), |_, dbg| {
        Err(Error::runtime(format!("stop at {}:{}", dbg.short_src(), dbg.curr_line().unwrap_or(0))))
    });
    let e = lua.load("local i = 0\nwhile true do\n i = i + 1\nend").set_name("=loop").exec().unwrap_err();
    assert!(matches!(e, Error::CallbackError { .. }), "{:?}", e);
    let root = e.root_cause().to_string();
    assert!(root.starts_with("runtime error: stop at loop:"), "{}", root);
    // a panic in a hook resumes unwinding in the Rust caller
    lua.set_hook(HookTriggers::ON_CALLS, |_, _| panic!("hook panic"));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lua.load("tostring(1)").exec()));
    assert!(r.is_err());
    lua.remove_hook();
    assert_eq!(lua.load("return 1 + 1").eval::<i32>().unwrap(), 2);
}

#[test]
fn hook_replaced_and_removed_in_coroutines() {
    let lua = Lua::new();
    let hits = Arc::new(Mutex::new(0usize));
    let h2 = hits.clone();
    lua.set_hook(HookTriggers::new().every_nth_instruction(1), move |_, _| {
        *h2.lock().unwrap() += 1;
        Ok(())
    });
    // a coroutine created under the hook inherits it
    lua.load("co = coroutine.wrap(function() while true do coroutine.yield() end end) co()").exec().unwrap();
    let before = *hits.lock().unwrap();
    lua.load("co()").exec().unwrap();
    assert!(*hits.lock().unwrap() > before);
    // after remove_hook, it drops the hook at its next event
    lua.remove_hook();
    let before = *hits.lock().unwrap();
    lua.load("for i = 1, 10 do co() end").exec().unwrap();
    assert!(*hits.lock().unwrap() <= before + 1);
}

#[test]
fn sandbox_limit_is_exact() {
    // measure the chunk with a count hook, then run it under limits around that count
    let src = "local s = 0 for i = 1, 50 do s = s + i end return s";
    let lua = Lua::new();
    let n = Arc::new(Mutex::new(0u64));
    let n2 = n.clone();
    lua.set_hook(HookTriggers::new().every_nth_instruction(1), move |_, _| {
        *n2.lock().unwrap() += 1;
        Ok(())
    });
    lua.sandbox(src).unwrap().exec().unwrap();
    lua.remove_hook();
    let total = *n.lock().unwrap();
    assert!(total > 100);
    assert_eq!(lua.run_sandboxed::<i64>(src, SandboxOptions::new().instruction_limit(total)).unwrap(), 1275);
    let e = lua.run_sandboxed::<i64>(src, SandboxOptions::new().instruction_limit(total - 1)).unwrap_err();
    assert_eq!(e.root_cause().to_string(), "runtime error: instruction limit exceeded");
}

#[test]
fn sandbox_limit_survives_pcall() {
    let lua = Lua::new();
    let limit = || SandboxOptions::new().instruction_limit(50_000);
    for src in [
        "pcall(function() while true do end end) return 'escaped'",
        "while true do pcall(function() while true do end end) end",
        "local ok = pcall(function() while true do end end) error('my own error')",
        "xpcall(function() while true do end end, function(m) while true do end end) return 'escaped'",
        "xpcall(function() error('x') end, function(m) while true do end end) return 'escaped'",
        "local co = coroutine.create(function() while true do end end) coroutine.resume(co) return 'escaped'",
        "local f = coroutine.wrap(function() while true do end end) pcall(f) return 'escaped'",
        "local t = setmetatable({}, {__index = function() while true do end end}) pcall(function() return t.x end) return 'escaped'",
    ] {
        let e = lua.run_sandboxed::<String>(src, limit()).unwrap_err();
        assert_eq!(e.root_cause().to_string(), "runtime error: instruction limit exceeded", "{}", src);
    }
    // the state is usable afterwards, with no limit
    lua.load("for i = 1, 1e6 do end").exec().unwrap();
}


#[test]
fn hook_replaced_from_inside_a_hook() {
    let lua = Lua::new();
    lua.set_hook(HookTriggers::new().every_nth_instruction(10), |lua, _| {
        lua.set_hook(HookTriggers::new().every_nth_instruction(5), |_, _| Err(Error::runtime("second hook")));
        Ok(())
    });
    let e = lua.load("for i = 1, 1000 do end").exec().unwrap_err();
    assert!(e.to_string().contains("second hook"), "{e}");
    // a hook removing itself
    lua.set_hook(HookTriggers::new().every_nth_instruction(1), |lua, _| {
        lua.remove_hook();
        Ok(())
    });
    lua.load("for i = 1, 1000 do end").exec().unwrap();
    lua.load("for i = 1, 1000 do end").exec().unwrap();
}
