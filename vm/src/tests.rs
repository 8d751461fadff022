//! Unit tests of the VM: tables, strings, the collector, arithmetic helpers, and the
//! interpreter through compiled chunks (with a few test-only natives).

use crate::state::{Lua, State};
use crate::table::Table;
use crate::value::*;
use crate::{LResult, LUA_OK};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

std::thread_local! {
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn t_print(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    let mut line = Vec::new();
    for i in 1..=n {
        let s = st.to_string_meta(i as i32)?;
        if i > 1 {
            line.push(b'\t');
        }
        line.extend_from_slice(s.bytes());
        st.pop(1);
    }
    line.push(b'\n');
    OUT.with(|o| o.borrow_mut().extend_from_slice(&line));
    Ok(0)
}
fn t_setmetatable(st: &mut State) -> LResult<usize> {
    st.set_top(2);
    st.set_metatable(1)?;
    Ok(1)
}
fn t_collect(st: &mut State) -> LResult<usize> {
    st.full_gc()?;
    Ok(0)
}
fn t_count(st: &mut State) -> LResult<usize> {
    let kb = st.global().heap.total() as f64 / 1024.0;
    st.push_number(kb)?;
    Ok(1)
}
fn t_next(st: &mut State) -> LResult<usize> {
    st.set_top(2);
    if st.next(1)? {
        Ok(2)
    } else {
        st.push_nil()?;
        Ok(1)
    }
}
fn t_yield(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    Err(st.yield_k(n, None, 0))
}

fn run(src: &str) -> String {
    OUT.with(|o| o.borrow_mut().clear());
    {
        let mut lua = Lua::new();
        let st = lua.state();
        for (name, f) in [
            ("print", t_print as crate::NativeFn),
            ("setmetatable", t_setmetatable),
            ("collect", t_collect),
            ("count", t_count),
            ("next", t_next),
            ("yield", t_yield),
        ] {
            st.push_fn(f).unwrap();
            st.set_global(name).unwrap();
        }
        let status = st.load(src.as_bytes(), b"=test", "t").unwrap();
        if status != LUA_OK {
            let m = st.value(-1).as_string().unwrap().to_str_lossy();
            panic!("load failed: {}", m);
        }
        let top = st.top;
        let r = st.pcall_raw(top - 1, 0, 0);
        if r.is_err() {
            let v = st.value(-1);
            let m = v.as_string().map(|s| s.to_str_lossy()).unwrap_or_else(|| String::from("?"));
            OUT.with(|o| o.borrow_mut().extend_from_slice(alloc::format!("error: {}\n", m).as_bytes()));
        }
    }
    OUT.with(|o| String::from_utf8_lossy(&o.borrow()).into_owned())
}

fn new_table(st: &mut State) -> crate::Gc<Table> {
    let t = st.new_table().unwrap();
    st.push(Value::table(t)).unwrap();
    t
}

#[test]
fn value_layout() {
    assert_eq!(core::mem::size_of::<Value>(), 16);
    assert_eq!(core::mem::size_of::<crate::table::Node>(), 32);
    assert!(Value::NIL.is_falsy() && Value::FALSE.is_falsy() && Value::TRUE.is_truthy());
    assert!(Value::int(0).is_truthy());
}

#[test]
fn string_interning() {
    let mut lua = Lua::new();
    let st = lua.state();
    let a = st.new_string(b"hello").unwrap();
    let b = st.new_string(b"hello").unwrap();
    assert_eq!(a, b);
    let long = [b'x'; 100];
    let c = st.new_string(&long).unwrap();
    let d = st.new_string(&long).unwrap();
    assert_ne!(c, d);
    assert!(Value::string(c).raw_eq(&Value::string(d)));
    assert!(a.is_short() && !c.is_short());
}

#[test]
fn table_border_and_normalisation() {
    let mut lua = Lua::new();
    let st = lua.state();
    let t = new_table(st);
    for i in 1..=100 {
        st.raw_set_int(t, i, Value::int(i)).unwrap();
    }
    assert_eq!(t.length(), 100);
    st.raw_set(t, Value::float(3.0), Value::int(33)).unwrap();
    assert_eq!(t.get_int_value(3).as_int(), Some(33));
    st.raw_set(t, Value::float(2f64.powi(53)), Value::TRUE).unwrap();
    assert!(t.get_int_value(1 << 53).is_truthy());
    st.raw_set_int(t, 100, Value::NIL).unwrap();
    assert_eq!(t.length(), 99);
    assert!(st.raw_set(t, Value::float(f64::NAN), Value::TRUE).is_err());
    assert!(st.raw_set(t, Value::NIL, Value::TRUE).is_err());
}

#[test]
fn table_rehash_keeps_everything() {
    let mut lua = Lua::new();
    let st = lua.state();
    let t = new_table(st);
    let mut keys = Vec::new();
    for i in 0..2000i64 {
        let k = if i % 3 == 0 {
            Value::int(i * 7919)
        } else if i % 3 == 1 {
            Value::string(st.new_string(alloc::format!("k{}", i).as_bytes()).unwrap())
        } else {
            Value::float(i as f64 + 0.5)
        };
        keys.push(k);
        st.raw_set(t, k, Value::int(i)).unwrap();
    }
    for (i, k) in keys.iter().enumerate() {
        assert_eq!(st.table_raw_get(t, k).as_int(), Some(i as i64));
    }
}

#[test]
fn next_while_clearing() {
    let mut lua = Lua::new();
    let st = lua.state();
    let t = new_table(st);
    for i in 0..500i64 {
        let s = st.new_string(alloc::format!("key{}", i).as_bytes()).unwrap();
        st.raw_set(t, Value::string(s), Value::int(i)).unwrap();
        st.raw_set_int(t, i + 1, Value::int(i)).unwrap();
    }
    let mut k = Value::NIL;
    let mut n = 0;
    let seed = st.seed();
    while let Some((nk, _)) = t.next(&k, seed).unwrap() {
        st.raw_set(t, nk, Value::NIL).unwrap();
        k = nk;
        n += 1;
    }
    assert_eq!(n, 1000);
    assert!(t.next(&Value::NIL, seed).unwrap().is_none());
}

#[test]
fn interpreter_basics() {
    assert_eq!(run("print(1 + 2, 7 // 2, 7 % -2, 2^10, 'a' .. 1)"), "3\t3\t-1\t1024.0\ta1\n");
    assert_eq!(
        run("local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end print(f(190000))"),
        "190000\n"
    );
    assert_eq!(run("local function t(n) if n == 0 then return 'ok' end return t(n-1) end print(t(1000000))"), "ok\n");
    assert_eq!(run("local t = {} t.x.y = 1"), "error: test:1: attempt to index a nil value (field 'x')\n");
    assert_eq!(run("undefinedf()"), "error: test:1: attempt to call a nil value (global 'undefinedf')\n");
    assert_eq!(run("local a = {} ; a = a .. 'x'"), "error: test:1: attempt to concatenate a table value (local 'a')\n");
    assert_eq!(run("print(1 < nil)"), "error: test:1: attempt to compare number with nil\n");
}

#[test]
fn metamethods() {
    let src = r#"
        local mt = {__index = function(t, k) return k .. "!" end,
                    __add = function(a, b) return 42 end,
                    __lt = function(a, b) return true end,
                    __call = function(self, x) return x * 2 end,
                    __len = function() return 7 end}
        local t = setmetatable({}, mt)
        print(t.foo, t + 1, 1 + t, t < t, t <= t, t(21), #t)
    "#;
    assert_eq!(run(src), "foo!\t42\t42\ttrue\tfalse\t42\t7\n");
}

#[test]
fn weak_tables() {
    let src = r#"
        local wk = setmetatable({}, {__mode = "k"})
        local wv = setmetatable({}, {__mode = "v"})
        local keep = {}
        wk[keep] = 1; wk[{}] = 2
        wv[1] = keep; wv[2] = {}; wv[3] = "str"
        collect()
        local n = 0
        local k = next(wk)
        while k do n = n + 1; k = next(wk, k) end
        print(n, wv[1] == keep, wv[2], wv[3])
        -- ephemeron: value refers to its own key
        local e = setmetatable({}, {__mode = "k"})
        do local key = {} e[key] = {key} end
        collect()
        print(next(e))
    "#;
    assert_eq!(run(src), "1\ttrue\tnil\tstr\nnil\n");
}

#[test]
fn finalizer_order_and_resurrection() {
    let src = r#"
        local saved
        local keep = {}
        for i = 1, 3 do
            keep[i] = setmetatable({}, {__gc = function(o) print("gc", i) if i == 2 then saved = o end end})
        end
        keep = nil
        collect()
        print("saved", saved ~= nil)
        saved = nil
        collect()
        print("again")
        setmetatable({}, {__gc = function() print("at close") end})
    "#;
    assert_eq!(run(src), "gc\t3\ngc\t2\ngc\t1\nsaved\ttrue\nagain\nat close\n");
}

#[test]
fn bounded_memory() {
    let src = r#"
        local max = 0
        for i = 1, 200000 do
            local t = {i, {i}}
            if i % 10000 == 0 then local c = count() if c > max then max = c end end
        end
        print(max < 4096)
    "#;
    assert_eq!(run(src), "true\n");
}

#[test]
fn coroutine_yield_in_metamethod() {
    // uses the VM's resume directly
    let mut lua = Lua::new();
    let st = lua.state();
    st.push_fn(t_yield).unwrap();
    st.set_global("yield").unwrap();
    st.push_fn(t_setmetatable).unwrap();
    st.set_global("setmetatable").unwrap();
    let src = b"local t = setmetatable({}, {__index = function(t, k) return yield(k) end}) return t.abc .. '-done'";
    assert_eq!(st.load(src, b"=co", "t").unwrap(), LUA_OK);
    let f = st.value(-1);
    let co = st.new_thread().unwrap();
    st.push(Value::thread(co)).unwrap();
    co.m().push(f).unwrap();
    let s = co.m().resume(0, 0);
    assert_eq!(s, crate::LUA_YIELD);
    assert_eq!(co.m().value(-1).as_string().unwrap().bytes(), b"abc");
    co.m().pop(1);
    let v = co.m().new_str_value(b"X").unwrap();
    co.m().push(v).unwrap();
    let s = co.m().resume(0, 1);
    assert_eq!(s, LUA_OK);
    assert_eq!(co.m().value(-1).as_string().unwrap().bytes(), b"X-done");
}

#[test]
fn memory_limit_is_a_catchable_error() {
    let mut lua = Lua::new();
    let st = lua.state();
    st.set_memory_limit(Some(4 << 20));
    let src = b"local t = {} for i = 1, 1e7 do t[i] = {i} end";
    assert_eq!(st.load(src, b"=mem", "t").unwrap(), LUA_OK);
    let func = st.top - 1;
    let r = st.pcall_raw(func, 0, 0);
    assert_eq!(r, Err(crate::Error::Memory));
    assert_eq!(st.value(-1).as_string().unwrap().bytes(), b"not enough memory");
    st.pop(1);
    st.set_memory_limit(None);
    st.full_gc().unwrap();
    assert!(st.global().heap.total() < 4 << 20);
}

#[test]
fn budget_hook_stops_infinite_loop() {
    fn stop(st: &mut State) -> LResult<()> {
        Err(st.runtime_error("budget exceeded"))
    }
    let mut lua = Lua::new();
    let st = lua.state();
    st.set_budget_hook(10_000, Some(stop));
    assert_eq!(st.load(b"while true do end", b"=loop", "t").unwrap(), LUA_OK);
    let func = st.top - 1;
    assert!(st.pcall_raw(func, 0, 0).is_err());
    assert_eq!(st.value(-1).as_string().unwrap().bytes(), b"loop:1: budget exceeded");
}

#[test]
fn new_key_in_black_table_is_marked() {
    // A new collectable key stored with a non-collectable value into a table that the
    // incremental collector already blackened must still be marked (luaH_newkey's barrier).
    let mut lua = Lua::new();
    let st = lua.state();
    let t = new_table(st);
    for round in 0..200 {
        for i in 0..50 {
            let k = st.new_string(alloc::format!("key{}_{}", round, i).as_bytes()).unwrap();
            st.raw_set(t, Value::string(k), Value::TRUE).unwrap();
            st.check_gc().unwrap();
        }
    }
    st.full_gc().unwrap();
    let mut n = 0;
    let mut k = Value::NIL;
    let seed = st.seed();
    while let Some((nk, _)) = t.next(&k, seed).unwrap() {
        assert!(nk.as_string().unwrap().bytes().starts_with(b"key"));
        k = nk;
        n += 1;
    }
    assert_eq!(n, 200 * 50);
}
