//! Registry values and coroutines.
use ravi::{Error, Function, Lua, RegistryKey, Table, Thread, ThreadStatus, Value};

#[test]
fn named_registry_values() {
    let lua = Lua::new();
    lua.set_named_registry_value("app.counter", 41).unwrap();
    assert_eq!(lua.named_registry_value::<i64>("app.counter").unwrap(), 41);
    let t = lua.create_table().unwrap();
    t.set("k", "v").unwrap();
    lua.set_named_registry_value("app.t", t).unwrap();
    let t: Table = lua.named_registry_value("app.t").unwrap();
    assert_eq!(t.get::<_, String>("k").unwrap(), "v");
    lua.unset_named_registry_value("app.t").unwrap();
    assert!(lua.named_registry_value::<Value>("app.t").unwrap().is_nil());
    // not visible as a global
    assert!(lua.globals().get::<_, Value>("app.counter").unwrap().is_nil());
}

#[test]
fn registry_keys() {
    let lua = Lua::new();
    let f = lua.create_function(|_, x: i64| Ok(x * 2)).unwrap();
    let key: RegistryKey = lua.create_registry_value(f).unwrap();
    struct Holder {
        cb: RegistryKey,
    }
    let h = Holder { cb: key };
    let f: Function = lua.registry_value(&h.cb).unwrap();
    assert_eq!(f.call::<_, i64>(21).unwrap(), 42);
    lua.replace_registry_value(&h.cb, "now a string").unwrap();
    assert_eq!(lua.registry_value::<String>(&h.cb).unwrap(), "now a string");
    assert!(lua.owns_registry_value(&h.cb));
    lua.remove_registry_value(h.cb).unwrap();
    // dropped keys are expired
    for i in 0..100 {
        let _k = lua.create_registry_value(i).unwrap();
    }
    lua.expire_registry_values();
    let other = Lua::new();
    let k = other.create_registry_value(1).unwrap();
    assert!(matches!(lua.remove_registry_value(k), Err(Error::MismatchedRegistryKey)));
}

#[test]
fn registry_key_is_send_and_static() {
    fn assert_send_sync_static<T: Send + Sync + 'static>() {}
    assert_send_sync_static::<RegistryKey>();
}

#[test]
fn thread_resume_and_status() {
    let lua = Lua::new();
    let f: Function = lua
        .load("return function(a, b) local c = coroutine.yield(a + b) local d, e = coroutine.yield(c * 2) return d + e, 'end' end")
        .eval()
        .unwrap();
    let co: Thread = lua.create_thread(f).unwrap();
    assert_eq!(co.status(), ThreadStatus::Resumable);
    assert_eq!(co.resume::<_, i64>((1, 2)).unwrap(), 3);
    assert_eq!(co.status(), ThreadStatus::Resumable);
    assert_eq!(co.resume::<_, i64>(10).unwrap(), 20);
    let (s, tag): (i64, String) = co.resume((3, 4)).unwrap();
    assert_eq!((s, tag.as_str()), (7, "end"));
    assert_eq!(co.status(), ThreadStatus::Finished);
    assert!(matches!(co.resume::<_, ()>(()), Err(Error::CoroutineInactive)));
}

#[test]
fn thread_errors_and_callbacks_inside() {
    let lua = Lua::new();
    let cb = lua.create_function(|lua, x: i64| {
        let t = lua.create_table()?;
        t.set(1, x)?;
        Ok(t)
    }).unwrap();
    lua.globals().set("cb", cb).unwrap();
    let f: Function = lua.load("return function() local t = cb(5) coroutine.yield(t[1]) error('co failed') end").eval().unwrap();
    let co = lua.create_thread(f).unwrap();
    assert_eq!(co.resume::<_, i64>(()).unwrap(), 5);
    let e = co.resume::<_, ()>(()).unwrap_err();
    match &e {
        Error::RuntimeError(m) => {
            assert!(m.contains("co failed"), "{}", m);
            assert!(m.contains("stack traceback:"), "{}", m);
        }
        e => panic!("{:?}", e),
    }
    assert_eq!(co.status(), ThreadStatus::Error);
    assert!(matches!(co.resume::<_, ()>(()), Err(Error::CoroutineInactive)));
}

#[test]
fn thread_from_lua_and_wrap_and_running() {
    let lua = Lua::new();
    let co: Thread = lua.load("return coroutine.create(function(...) return select('#', ...) end)").eval().unwrap();
    assert_eq!(co.resume::<_, i64>((1, 2, 3)).unwrap(), 3);
    // status of the running coroutine seen from a callback inside it
    let st = lua.create_function(|_, t: Thread| Ok(format!("{:?}", t.status()))).unwrap();
    lua.globals().set("st", st).unwrap();
    let s: String = lua.load("local co co = coroutine.create(function() return st(co) end) local _, r = coroutine.resume(co) return r").eval().unwrap();
    assert_eq!(s, "Running");
    // resuming a coroutine from a callback running inside another coroutine
    let res = lua.create_function(|_, t: Thread| t.resume::<_, i64>(())).unwrap();
    lua.globals().set("res", res).unwrap();
    let v: i64 = lua
        .load("local inner = coroutine.create(function() coroutine.yield(7) end) local outer = coroutine.wrap(function() return res(inner) end) return outer()")
        .eval()
        .unwrap();
    assert_eq!(v, 7);
    // yield across the callback boundary is an error, not a crash
    let y = lua.create_function(|lua, ()| lua.load("coroutine.yield(1)").exec()).unwrap();
    lua.globals().set("y", y).unwrap();
    let (ok, msg): (bool, String) = lua.load("local ok, e = coroutine.resume(coroutine.create(function() y() end)) return ok, tostring(e)").eval().unwrap();
    assert!(!ok);
    assert!(msg.contains("attempt to yield across a C-call boundary"), "{}", msg);
}
