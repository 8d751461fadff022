//! Rust callbacks: conversion of arguments/results, errors in both directions, re-entry,
//! FnMut recursion, panics.
use ravi::{Error, ExternalError, Function, Lua, MultiValue, Table, Value, Variadic};
use std::sync::Arc;

#[test]
fn create_function_called_from_lua() {
    let lua = Lua::new();
    let add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b)).unwrap();
    lua.globals().set("add", add).unwrap();
    assert_eq!(lua.load("return add(40, 2)").eval::<i64>().unwrap(), 42);
    let multi = lua.create_function(|_, xs: Variadic<String>| Ok((xs.len(), xs.join("-")))).unwrap();
    lua.globals().set("multi", multi).unwrap();
    let (n, s): (usize, String) = lua.load("return multi('a', 'b', 'c')").eval().unwrap();
    assert_eq!((n, s.as_str()), (3, "a-b-c"));
    let none = lua.create_function(|_, ()| Ok(())).unwrap();
    assert_eq!(none.call::<_, MultiValue>(()).unwrap().len(), 0);
}

#[test]
fn callback_reenters_lua() {
    let lua = Lua::new();
    let apply = lua
        .create_function(|lua, (f, x): (Function, i64)| {
            let t = lua.create_table()?;
            t.set("v", f.call::<_, i64>(x)?)?;
            lua.globals().set("last", x)?;
            Ok(t)
        })
        .unwrap();
    lua.globals().set("apply", apply).unwrap();
    let r: i64 = lua.load("return apply(function(n) return apply(function(m) return m * 3 end, n).v + 1 end, 5).v").eval().unwrap();
    assert_eq!(r, 16);
    assert_eq!(lua.globals().get::<_, i64>("last").unwrap(), 5);
}

#[test]
fn callback_error_becomes_callback_error() {
    let lua = Lua::new();
    let fail = lua.create_function(|_, msg: String| Err::<(), _>(Error::RuntimeError(msg))).unwrap();
    lua.globals().set("fail", fail.clone()).unwrap();
    let e = lua.load("local function g() fail('bad thing') end g()").set_name("=script").exec().unwrap_err();
    match &e {
        Error::CallbackError { traceback, cause } => {
            assert!(matches!(cause.as_ref(), Error::RuntimeError(m) if m == "bad thing"));
            assert!(traceback.starts_with("stack traceback:"), "{}", traceback);
            assert!(traceback.contains("script:1"), "{}", traceback);
        }
        e => panic!("{:?}", e),
    }
    let shown = e.to_string();
    assert!(shown.contains("bad thing") && shown.contains("stack traceback:"), "{}", shown);
    // direct call from Rust
    assert!(matches!(fail.call::<_, ()>("x"), Err(Error::CallbackError { .. })));
}

#[test]
fn lua_pcall_catches_callback_errors() {
    let lua = Lua::new();
    let fail = lua.create_function(|_, ()| Err::<(), _>(Error::external("disk on fire"))).unwrap();
    lua.globals().set("fail", fail).unwrap();
    let (ok, msg, ty): (bool, String, String) =
        lua.load("local ok, e = pcall(fail) return ok, tostring(e), type(e)").eval().unwrap();
    assert!(!ok);
    assert_eq!(msg, "disk on fire");
    assert_eq!(ty, "userdata");
    // rethrown by the script: still the Rust error inside
    let e = lua.load("local ok, e = pcall(fail) error(e)").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::ExternalError(_)), "{:?}", e);
    // the error value seen from Rust
    let v: Value = lua.load("local ok, e = pcall(fail) return e").eval().unwrap();
    assert!(matches!(v, Value::Error(Error::ExternalError(_))), "{:?}", v);
}

#[test]
fn lua_errors_through_callbacks() {
    let lua = Lua::new();
    let call = lua.create_function(|_, f: Function| f.call::<_, ()>(())).unwrap();
    lua.globals().set("call", call).unwrap();
    let e = lua.load("call(function() error('inner') end)").exec().unwrap_err();
    match &e {
        Error::CallbackError { cause, .. } => {
            assert!(matches!(cause.as_ref(), Error::RuntimeError(m) if m.contains("inner")), "{:?}", cause)
        }
        e => panic!("{:?}", e),
    }
    // pcall inside Lua around a callback that propagates a Lua error
    let (ok, m): (bool, String) = lua.load("local ok, e = pcall(call, function() error('x') end) return ok, tostring(e)").eval().unwrap();
    assert!(!ok);
    assert!(m.contains("x"), "{}", m);
}

#[test]
fn bad_argument() {
    let lua = Lua::new();
    let f = lua.create_function(|_, (_a, _b): (i64, String)| Ok(())).unwrap();
    lua.globals().set("f", f).unwrap();
    let e = lua.load("f(1, {})").exec().unwrap_err();
    match e.root_cause() {
        Error::FromLuaConversionError { from: "table", .. } => {}
        c => panic!("{:?}", c),
    }
    match &e {
        Error::CallbackError { cause, .. } => match cause.as_ref() {
            Error::BadArgument { pos, to, .. } => {
                assert_eq!(*pos, 2);
                assert_eq!(to.as_deref(), Some("f"));
            }
            c => panic!("{:?}", c),
        },
        e => panic!("{:?}", e),
    }
    assert!(e.to_string().contains("bad argument #2 to 'f'"), "{}", e);
    let e = lua.load("f('x')").exec().unwrap_err();
    assert!(e.to_string().contains("bad argument #1"), "{}", e);
    let g = lua.create_function(|_, xs: Variadic<i64>| Ok(xs.len())).unwrap();
    let e = g.call::<_, usize>((1, 2, "z")).unwrap_err();
    assert!(e.to_string().contains("bad argument #3"), "{}", e);
}

#[test]
fn function_mut_and_recursion() {
    let lua = Lua::new();
    let mut total = 0i64;
    let acc = lua
        .create_function_mut(move |_, n: i64| {
            total += n;
            Ok(total)
        })
        .unwrap();
    acc.call::<_, i64>(5).unwrap();
    assert_eq!(acc.call::<_, i64>(6).unwrap(), 11);
    // a FnMut callback calling itself through Lua
    let rec = lua
        .create_function_mut(|lua, ()| {
            let me: Function = lua.globals().get("rec")?;
            me.call::<_, ()>(())
        })
        .unwrap();
    lua.globals().set("rec", rec.clone()).unwrap();
    let e = rec.call::<_, ()>(()).unwrap_err();
    assert!(matches!(e.root_cause(), Error::RecursiveMutCallback), "{:?}", e);
    // still callable afterwards
    let e2 = rec.call::<_, ()>(()).unwrap_err();
    assert!(matches!(e2.root_cause(), Error::RecursiveMutCallback));
}

#[test]
fn external_errors_and_context() {
    use ravi::ErrorContext;
    let lua = Lua::new();
    let parse = lua.create_function(|_, s: String| s.parse::<i32>().map_err(|e| e.into_lua_err())).unwrap();
    assert_eq!(parse.call::<_, i32>("12").unwrap(), 12);
    let e = parse.call::<_, i32>("zz").unwrap_err();
    assert!(matches!(e.root_cause(), Error::ExternalError(_)));
    let e = Error::runtime("low").context("high");
    assert_eq!(e.to_string(), "high\nruntime error: low");
    let arc: Arc<Error> = Arc::new(Error::CoroutineInactive);
    assert_eq!(arc.to_string(), "cannot resume non-suspended coroutine");
}

#[test]
fn panics_propagate_to_rust() {
    let lua = Lua::new();
    let boom = lua.create_function(|_, ()| -> ravi::Result<()> { panic!("kaboom") }).unwrap();
    lua.globals().set("boom", boom).unwrap();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lua.load("boom()").exec()));
    let p = r.unwrap_err();
    assert_eq!(p.downcast_ref::<&str>(), Some(&"kaboom"));
    // the state is still usable
    assert_eq!(lua.load("return 1 + 2").eval::<i32>().unwrap(), 3);
    let (ok, msg): (bool, String) = lua.load("local ok, e = pcall(boom) return ok, tostring(e)").eval().unwrap();
    assert!(!ok);
    assert_eq!(msg, "rust panic");
}

#[test]
fn value_error_roundtrip() {
    let lua = Lua::new();
    let f: Function = lua.load("return function(e) return tostring(e), e end").eval().unwrap();
    let (s, back): (String, Value) = f.call(Value::Error(Error::runtime("oops"))).unwrap();
    assert_eq!(s, "runtime error: oops");
    assert!(matches!(back, Value::Error(Error::RuntimeError(_))));
}

#[test]
fn callbacks_in_tables_and_many_calls() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    for i in 0..50 {
        t.set(i, lua.create_function(move |_, x: i64| Ok(x + i)).unwrap()).unwrap();
    }
    lua.globals().set("fs", t).unwrap();
    let s: i64 = lua.load("local s = 0 for r = 1, 200 do for i = 0, 49 do s = s + fs[i](r) end end return s").eval().unwrap();
    let expect: i64 = (1..=200).map(|r| (0..50).map(|i| r + i).sum::<i64>()).sum();
    assert_eq!(s, expect);
    lua.gc_collect().unwrap();
    let _: Table = lua.globals().get("fs").unwrap();
}

#[test]
fn deep_recursion_through_callbacks_is_an_error() {
    // Lua -> Rust -> Lua -> ... until the VM's C-stack limit: an error, not a crash.
    let r = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            let lua = Lua::new();
            let down = lua
                .create_function(|lua, n: i64| {
                    let f: Function = lua.globals().get("f")?;
                    f.call::<_, i64>(n + 1)
                })
                .unwrap();
            lua.globals().set("down", down).unwrap();
            lua.load("function f(n) return down(n) end").exec().unwrap();
            let e = lua.load("return f(0)").exec().unwrap_err();
            let s = e.to_string();
            assert!(s.contains("stack overflow"), "{}", &s[..s.len().min(300)]);
            assert_eq!(lua.load("return 5").eval::<i32>().unwrap(), 5);
        })
        .unwrap()
        .join();
    assert!(r.is_ok());
}
