//! Embedding API: states, chunks, globals, values and conversions.
use ravi::{ChunkMode, Error, Function, Lua, LuaOptions, LuaString, MultiValue, StdLib, Table, Value, Variadic};
use std::collections::{BTreeMap, HashMap};

#[test]
fn new_opens_safe_libs() {
    let lua = Lua::new();
    let r: (String, String, String) = lua
        .load("return type(print), type(coroutine), type(debug)")
        .eval()
        .unwrap();
    assert_eq!(r, ("function".into(), "table".into(), "nil".into()));
}

#[test]
fn new_with_selects_libs() {
    let lua = Lua::new_with(StdLib::BASE, LuaOptions::new()).unwrap();
    assert!(lua.load("return coroutine == nil and io == nil and os == nil").eval::<bool>().unwrap());
    let lua = Lua::new_with(StdLib::NONE, LuaOptions::new()).unwrap();
    assert!(lua.globals().get::<_, Value>("print").unwrap().is_nil());
    assert!(lua.globals().get::<_, Value>("pairs").unwrap().is_nil());
    let lua = Lua::new_with(StdLib::BASE | StdLib::COROUTINE, LuaOptions::new()).unwrap();
    assert!(lua.load("return type(coroutine.wrap)").eval::<String>().unwrap() == "function");
}

#[test]
fn debug_needs_unsafe() {
    assert!(matches!(Lua::new_with(StdLib::ALL, LuaOptions::new()), Err(Error::SafetyError(_))));
    assert!(matches!(Lua::new_with(StdLib::DEBUG, LuaOptions::new()), Err(Error::SafetyError(_))));
    let _lua = unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::new()) };
    assert!(StdLib::ALL.contains(StdLib::DEBUG));
    assert!(!StdLib::ALL_SAFE.contains(StdLib::DEBUG));
    assert!(StdLib::ALL_SAFE.contains(StdLib::IO | StdLib::OS | StdLib::PACKAGE | StdLib::STRING));
}

#[test]
fn chunk_exec_eval_call() {
    let lua = Lua::new();
    lua.load("x = 10").exec().unwrap();
    assert_eq!(lua.load("x * 2").eval::<i64>().unwrap(), 20);
    assert_eq!(lua.load("return x + 1").eval::<i64>().unwrap(), 11);
    let (a, b): (i64, String) = lua.load("local n, s = ... return n + 1, s .. '!'").call((1, "hi")).unwrap();
    assert_eq!((a, b.as_str()), (2, "hi!"));
    let f = lua.load("return ...").into_function().unwrap();
    let r: Variadic<i64> = f.call((1, 2, 3)).unwrap();
    assert_eq!(r.into_inner(), vec![1, 2, 3]);
}

#[test]
fn chunk_name_and_errors() {
    let lua = Lua::new();
    let e = lua.load("error('boom')").set_name("=mychunk").exec().unwrap_err();
    match &e {
        Error::RuntimeError(m) => {
            assert!(m.starts_with("mychunk:1: boom"), "{}", m);
            assert!(m.contains("stack traceback:"), "{}", m);
        }
        e => panic!("{:?}", e),
    }
    assert!(e.to_string().starts_with("runtime error: mychunk:1: boom"));
    let e = lua.load("error('boom')").exec().unwrap_err();
    assert!(e.to_string().contains("[string \"error('boom')\"]:1: boom"), "{}", e);
    let e = lua.load("error({})").exec().unwrap_err();
    assert!(matches!(e, Error::RuntimeError(ref m) if m.contains("table")), "{:?}", e);
}

#[test]
fn syntax_errors() {
    let lua = Lua::new();
    match lua.load("x = = 1").set_name("=s").exec() {
        Err(Error::SyntaxError { message, incomplete_input }) => {
            assert!(message.starts_with("s:1:"), "{}", message);
            assert!(!incomplete_input);
        }
        r => panic!("{:?}", r),
    }
    match lua.load("for i = 1, 2 do").exec() {
        Err(Error::SyntaxError { incomplete_input, message }) => assert!(incomplete_input, "{}", message),
        r => panic!("{:?}", r),
    }
    match lua.load("x = 'abc").exec() {
        Err(Error::SyntaxError { .. }) => {}
        r => panic!("{:?}", r),
    }
    let e = lua.load("x = = 1").exec().unwrap_err();
    assert!(e.to_string().starts_with("syntax error: "));
}

#[test]
fn chunk_environment_and_mode() {
    let lua = Lua::new();
    let env = lua.create_table().unwrap();
    env.set("y", 7).unwrap();
    lua.load("z = y * 6").set_environment(env.clone()).exec().unwrap();
    assert_eq!(env.get::<_, i64>("z").unwrap(), 42);
    assert!(lua.globals().get::<_, Option<i64>>("z").unwrap().is_none());
    let e = lua.load("return 1").set_mode(ChunkMode::Binary).exec().unwrap_err();
    assert!(matches!(e, Error::SyntaxError { ref message, .. } if message.contains("attempt to load a text chunk")), "{:?}", e);
    let e = lua.load(&b"\x1bLua garbage"[..]).set_mode(ChunkMode::Text).exec().unwrap_err();
    assert!(matches!(e, Error::SyntaxError { ref message, .. } if message.contains("binary chunk")), "{:?}", e);
}

#[test]
fn globals_and_tables() {
    let lua = Lua::new();
    let g = lua.globals();
    g.set("n", 5).unwrap();
    assert_eq!(lua.load("return n").eval::<i32>().unwrap(), 5);
    let t = lua.create_table().unwrap();
    t.set("a", 1).unwrap();
    t.set(1, "one").unwrap();
    assert_eq!(t.get::<_, i32>("a").unwrap(), 1);
    assert_eq!(t.get::<_, String>(1).unwrap(), "one");
    assert!(t.contains_key("a").unwrap());
    assert!(!t.contains_key("b").unwrap());
    t.raw_set("b", 2.5).unwrap();
    assert_eq!(t.raw_get::<_, f64>("b").unwrap(), 2.5);
    assert_eq!(t.raw_len(), 1);
    t.push("two").unwrap();
    assert_eq!(t.len().unwrap(), 2);
    assert_eq!(t.pop::<String>().unwrap(), "two");
    assert_eq!(t.len().unwrap(), 1);
    assert!(t.raw_set(Value::Nil, 1).is_err());
    assert!(t.raw_set(f64::NAN, 1).is_err());
    let e = t.set(Value::Nil, 1).unwrap_err();
    assert!(e.to_string().contains("index is nil"), "{}", e);
}

#[test]
fn table_metamethods_and_metatable() {
    let lua = Lua::new();
    let t: Table = lua
        .load("return setmetatable({}, { __index = function(t, k) return k * 2 end, __len = function() return 99 end, __newindex = function(t, k, v) rawset(t, k, v + 1) end })")
        .eval()
        .unwrap();
    assert_eq!(t.get::<_, i64>(21).unwrap(), 42);
    assert_eq!(t.raw_get::<_, Option<i64>>(21).unwrap(), None);
    assert_eq!(t.len().unwrap(), 99);
    assert_eq!(t.raw_len(), 0);
    t.set("k", 1).unwrap();
    assert_eq!(t.raw_get::<_, i64>("k").unwrap(), 2);
    assert!(t.metatable().is_some());
    t.set_metatable(None);
    assert!(t.metatable().is_none());
    let mt = lua.create_table().unwrap();
    mt.set("__index", lua.create_function(|_, (_t, k): (Table, String)| Ok(format!("<{}>", k))).unwrap()).unwrap();
    t.set_metatable(Some(mt));
    assert_eq!(t.get::<_, String>("x").unwrap(), "<x>");
    // errors inside metamethods come back as errors, the state keeps working
    let bad: Table = lua.load("return setmetatable({}, { __index = function() error('no field') end })").eval().unwrap();
    let e = bad.get::<_, Value>("q").unwrap_err();
    assert!(e.to_string().contains("no field"), "{}", e);
    assert_eq!(lua.load("return 1 + 1").eval::<i32>().unwrap(), 2);
}

#[test]
fn pairs_and_sequence_values() {
    let lua = Lua::new();
    let t: Table = lua.load("return {10, 20, 30, x = 'y'}").eval().unwrap();
    let mut keys = 0;
    for p in t.clone().pairs::<Value, Value>() {
        let (_k, _v) = p.unwrap();
        keys += 1;
    }
    assert_eq!(keys, 4);
    let seq: Vec<i64> = t.clone().sequence_values().collect::<ravi::Result<_>>().unwrap();
    assert_eq!(seq, vec![10, 20, 30]);
    let bad: ravi::Result<Vec<(String, i64)>> = t.clone().pairs().collect();
    assert!(bad.is_err());
    let mut n = 0;
    t.for_each(|_: Value, _: Value| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 4);
}

#[test]
fn strings() {
    let lua = Lua::new();
    let s = lua.create_string("héllo").unwrap();
    assert_eq!(s.to_str().unwrap(), "héllo");
    assert_eq!(s, "héllo");
    let b = lua.create_string(&[0xff, 0, 1]).unwrap();
    assert!(b.to_str().is_err());
    assert_eq!(b.as_bytes(), &[0xff, 0, 1]);
    assert_eq!(b.as_bytes_with_nul(), &[0xff, 0, 1, 0]);
    assert_eq!(b.to_string_lossy(), "\u{fffd}\0\u{1}");
    lua.globals().set("s", s).unwrap();
    assert_eq!(lua.load("return #s").eval::<i64>().unwrap(), 6);
    let n: LuaString = lua.load("return 12").eval().unwrap();
    assert_eq!(n, "12");
    assert_eq!(lua.load("return 1.5").eval::<String>().unwrap(), "1.5");
}

#[test]
fn number_conversions() {
    let lua = Lua::new();
    assert_eq!(lua.load("return 3.0").eval::<i32>().unwrap(), 3);
    assert_eq!(lua.load("return '17'").eval::<u8>().unwrap(), 17);
    assert_eq!(lua.load("return ' 0x10 '").eval::<i64>().unwrap(), 16);
    assert!(lua.load("return 3.5").eval::<i32>().is_err());
    assert!(lua.load("return 300").eval::<u8>().is_err());
    assert!(lua.load("return -1").eval::<u32>().is_err());
    assert!(lua.load("return 'x'").eval::<i32>().is_err());
    assert!(lua.load("return nil").eval::<i64>().is_err());
    assert_eq!(lua.load("return 2").eval::<f64>().unwrap(), 2.0);
    assert_eq!(lua.load("return '2.5'").eval::<f32>().unwrap(), 2.5);
    let v: Value = lua.pack(u64::MAX).unwrap();
    assert!(matches!(v, Value::Number(_)));
    let v: Value = lua.pack(7u16).unwrap();
    assert_eq!(v, Value::Integer(7));
    assert_eq!(lua.load("return math.type(...)").call::<_, String>(1.0f64).unwrap(), "float");
    assert_eq!(lua.load("return math.type(...)").call::<_, String>(1i32).unwrap(), "integer");
    match lua.load("return {}").eval::<i64>() {
        Err(Error::FromLuaConversionError { from: "table", to: "i64", .. }) => {}
        r => panic!("{:?}", r),
    }
}

#[test]
fn bool_option_containers() {
    let lua = Lua::new();
    assert!(!lua.load("return nil").eval::<bool>().unwrap());
    assert!(lua.load("return 0").eval::<bool>().unwrap());
    assert_eq!(lua.load("return nil").eval::<Option<i32>>().unwrap(), None);
    assert_eq!(lua.load("return 4").eval::<Option<i32>>().unwrap(), Some(4));
    let v: Vec<String> = lua.load("return {'a', 'b'}").eval().unwrap();
    assert_eq!(v, vec!["a", "b"]);
    let m: HashMap<String, i64> = lua.load("return {a = 1, b = 2}").eval().unwrap();
    assert_eq!(m["b"], 2);
    let bm: BTreeMap<i64, bool> = lua.load("return {[1] = true, [5] = false}").eval().unwrap();
    assert_eq!(bm.len(), 2);
    let f: Function = lua.load("return function(t, m) return #t, m.k end").eval().unwrap();
    let mut hm = HashMap::new();
    hm.insert("k", 9);
    let (n, k): (i64, i64) = f.call((vec![1, 2, 3], hm)).unwrap();
    assert_eq!((n, k), (3, 9));
    let none: Option<i32> = None;
    let (a, b): (Value, Value) = lua.load("return ...").call((none, Some(1))).unwrap();
    assert!(a.is_nil());
    assert_eq!(b, Value::Integer(1));
}

#[test]
fn multivalue_tuples_variadic() {
    let lua = Lua::new();
    let mv: MultiValue = lua.load("return 1, 'a', nil, true").eval().unwrap();
    assert_eq!(mv.len(), 4);
    let (a, rest): (i64, MultiValue) = lua.load("return 1, 2, 3").eval().unwrap();
    assert_eq!(a, 1);
    assert_eq!(rest.len(), 2);
    let (a, b, c): (i64, Option<i64>, Option<i64>) = lua.load("return 1").eval().unwrap();
    assert_eq!((a, b, c), (1, None, None));
    let f: Function = lua.load("return select('#', ...)").into_function().unwrap();
    assert_eq!(f.call::<_, i64>((1, 2, Value::Nil, 4)).unwrap(), 4);
    assert_eq!(f.call::<_, i64>(Variadic::from(vec![1, 2, 3])).unwrap(), 3);
    assert_eq!(f.call::<_, i64>(()).unwrap(), 0);
    let big: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) =
        lua.load("return 1,2,3,4,5,6,7,8,9,10,11,12").eval().unwrap();
    assert_eq!(big.11, 12);
    let mv = lua.pack_multi((1, "x")).unwrap();
    let (x, y): (i32, String) = lua.unpack_multi(mv).unwrap();
    assert_eq!((x, y.as_str()), (1, "x"));
}

#[test]
fn value_enum() {
    let lua = Lua::new();
    let vals: Vec<Value> = lua.load("return {1, 2.5, 'x', {}, print, coroutine.create(print), true}").eval().unwrap();
    let names: Vec<&str> = vals.iter().map(|v| v.type_name()).collect();
    assert_eq!(names, ["integer", "number", "string", "table", "function", "thread", "boolean"]);
    assert_eq!(Value::Integer(1), Value::Number(1.0));
    assert!(vals[3].as_table().is_some());
    assert!(!vals[3].to_pointer().is_null());
    assert_eq!(format!("{:?}", vals[2]), "\"x\"");
    let t1: Table = lua.load("return _G").eval().unwrap();
    assert_eq!(t1, lua.globals());
}

#[test]
fn function_bind() {
    let lua = Lua::new();
    let f: Function = lua.load("return function(...) return select('#', ...), ... end").eval().unwrap();
    let g = f.bind((1, Value::Nil)).unwrap();
    let (n, a, b, c): (i64, i64, Option<i64>, i64) = g.call(3).unwrap();
    assert_eq!((n, a, b, c), (3, 1, None, 3));
}

#[test]
fn cross_state_handles_are_rejected() {
    let a = Lua::new();
    let b = Lua::new();
    let t = a.create_table().unwrap();
    let e = b.globals().set("t", t).unwrap_err();
    assert!(matches!(e, Error::MismatchedRegistryKey), "{:?}", e);
    let f = a.create_function(|_, ()| Ok(())).unwrap();
    assert!(b.create_thread(f).is_err());
    let key = a.create_registry_value(1).unwrap();
    assert!(matches!(b.registry_value::<i32>(&key), Err(Error::MismatchedRegistryKey)));
    assert!(!b.owns_registry_value(&key));
}

#[test]
fn prelude_names() {
    use ravi::prelude::*;
    let lua = Lua::new();
    let t: LuaTable = lua.create_table().unwrap();
    let r: LuaResult<LuaValue> = t.get("x");
    assert!(r.unwrap().is_nil());
    let e: LuaError = "x".parse::<i32>().map_err(|e| e.into_lua_err()).unwrap_err();
    assert!(matches!(e, LuaError::ExternalError(_)));
}

#[test]
fn each_stdlib_flag_opens_exactly_its_library() {
    let libs = [
        (StdLib::COROUTINE, "coroutine"),
        (StdLib::TABLE, "table"),
        (StdLib::IO, "io"),
        (StdLib::OS, "os"),
        (StdLib::STRING, "string"),
        (StdLib::UTF8, "utf8"),
        (StdLib::MATH, "math"),
        (StdLib::PACKAGE, "package"),
    ];
    for (flag, name) in libs {
        let lua = Lua::new_with(StdLib::BASE | flag, LuaOptions::new()).unwrap();
        let present: Vec<String> = lua
            .load("local r = {} for _, n in ipairs{'coroutine','table','io','os','string','utf8','math','package','debug'} do if _G[n] ~= nil then r[#r+1] = n end end return r")
            .eval()
            .unwrap();
        assert_eq!(present, [name], "StdLib for {name}");
        // package brings require; string brings the strings' metatable
        assert_eq!(lua.load("return require ~= nil").eval::<bool>().unwrap(), name == "package", "{name}");
        assert_eq!(lua.load("return getmetatable('') ~= nil").eval::<bool>().unwrap(), name == "string", "{name}");
    }
    // BASE alone and without BASE
    let lua = Lua::new_with(StdLib::MATH, LuaOptions::new()).unwrap();
    assert!(lua.globals().get::<_, Value>("print").unwrap().is_nil());
    assert!(lua.globals().get::<_, Value>("_G").unwrap().is_nil());
    assert_eq!(lua.load("return math.max(1, 5)").eval::<i64>().unwrap(), 5);
    // ALL_SAFE = Lua::new: everything but debug
    let lua = Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new()).unwrap();
    let n: i64 = lua.load("local n = 0 for _, m in ipairs{'coroutine','table','io','os','string','utf8','math','package'} do if _G[m] then n = n + 1 end end return n + (debug and 100 or 0)").eval().unwrap();
    assert_eq!(n, 8);
    let lua = unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::new()) };
    assert_eq!(lua.load("return type(debug.traceback)").eval::<String>().unwrap(), "function");
}

#[test]
fn eval_tries_an_expression_then_statements() {
    let lua = Lua::new();
    assert_eq!(lua.load("1 + 2").eval::<i64>().unwrap(), 3);
    // not an expression: runs as statements
    lua.load("y = 5").eval::<()>().unwrap();
    assert_eq!(lua.globals().get::<_, i64>("y").unwrap(), 5);
    let (a, b): (i64, i64) = lua.load("y, y * 2").eval().unwrap();
    assert_eq!((a, b), (5, 10));
    // a syntax error in both forms is the statement's error
    match lua.load("y = = 1").eval::<()>() {
        Err(Error::SyntaxError { message, .. }) => assert!(message.contains("unexpected symbol near '='"), "{message}"),
        r => panic!("{r:?}"),
    }
    let r = lua.load("x = = 1").into_function().map(|_| ());
    assert!(matches!(r, Err(Error::SyntaxError { incomplete_input: false, .. })), "{r:?}");
}

#[test]
fn binary_chunks_load_in_binary_mode() {
    let lua = Lua::new();
    let dumped: LuaString = lua.load("return string.dump(function(a) return a * 2 end)").eval().unwrap();
    let bytes = dumped.as_bytes().to_vec();
    let f = lua.load(&bytes[..]).set_mode(ChunkMode::Binary).into_function().unwrap();
    assert_eq!(f.call::<_, i64>(21).unwrap(), 42);
    // the default mode accepts both
    assert_eq!(lua.load(&bytes[..]).call::<_, i64>(4).unwrap(), 8);
    // a truncated binary chunk is a syntax error, not a crash
    let e = lua.load(&bytes[..bytes.len() / 2]).exec().unwrap_err();
    assert!(matches!(e, Error::SyntaxError { .. }), "{e:?}");
}

#[test]
fn handles_of_another_state_are_refused_everywhere() {
    let a = Lua::new();
    let b = Lua::new();
    let tb = b.create_table().unwrap();
    let t = a.create_table().unwrap();
    // as a value, a key, an argument, an environment, a resume argument
    assert!(matches!(t.set(1, tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(t.raw_set(1, tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(t.get::<_, Value>(tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(t.raw_get::<_, Value>(tb.clone()), Err(Error::MismatchedRegistryKey)));
    let f: Function = a.load("return function(...) return ... end").eval().unwrap();
    assert!(matches!(f.call::<_, Value>(tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(f.bind(tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(a.load("return 1").set_environment(tb.clone()).exec(), Err(Error::MismatchedRegistryKey)));
    let co = a.create_thread(f.clone()).unwrap();
    assert!(matches!(co.resume::<_, Value>(tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(a.create_registry_value(tb.clone()), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(a.set_named_registry_value("k", tb.clone()), Err(Error::MismatchedRegistryKey)));
    // a callback returning a value of another state
    thread_local! { static OTHER: &'static Lua = Box::leak(Box::new(Lua::new())); }
    let cb = a.create_function(|_, ()| OTHER.with(|o| o.create_table())).unwrap();
    match cb.call::<_, Value>(()) {
        Err(Error::CallbackError { cause, .. }) => assert!(matches!(*cause, Error::MismatchedRegistryKey), "{cause:?}"),
        r => panic!("{r:?}"),
    }
    // the states keep working
    assert_eq!(a.load("return 1").eval::<i32>().unwrap(), 1);
    assert_eq!(tb.raw_len(), 0);
    // a key of a state that is gone is still recognised as foreign
    let key = {
        let gone = Lua::new();
        gone.create_registry_value(5).unwrap()
    };
    assert!(matches!(a.registry_value::<i32>(&key), Err(Error::MismatchedRegistryKey)));
    assert!(matches!(a.replace_registry_value(&key, 1), Err(Error::MismatchedRegistryKey)));
}

#[test]
#[should_panic(expected = "the metatable belongs to another Lua state")]
fn set_metatable_of_another_state_panics() {
    let a = Lua::new();
    let b = Lua::new();
    let t = a.create_table().unwrap();
    t.set_metatable(Some(b.create_table().unwrap()));
}

#[test]
fn error_objects_with_tostring() {
    let lua = Lua::new();
    let e = lua
        .load("error(setmetatable({}, {__tostring = function() return 'custom error' end}))")
        .set_name("=obj")
        .exec()
        .unwrap_err();
    match &e {
        Error::RuntimeError(m) => {
            assert!(m.starts_with("custom error\nstack traceback:\n"), "{m}");
            assert!(m.contains("obj:1: in main chunk"), "{m}");
        }
        e => panic!("{e:?}"),
    }
    // __tostring that does not give a string, or fails: the type is named
    let e = lua.load("error(setmetatable({}, {__tostring = function() return {} end}))").exec().unwrap_err();
    assert!(matches!(&e, Error::RuntimeError(m) if m.starts_with("(error object is a table value)")), "{e:?}");
    // the error that kills a coroutine
    let f: Function = lua.load("return function() error(setmetatable({}, {__tostring = function() return 'in co' end})) end").eval().unwrap();
    let co = lua.create_thread(f).unwrap();
    let e = co.resume::<_, ()>(()).unwrap_err();
    assert!(matches!(&e, Error::RuntimeError(m) if m.starts_with("in co\nstack traceback:")), "{e:?}");
    // Lua-side pcall still sees the object itself
    assert!(lua.load("local ok, e = pcall(error, setmetatable({}, {__tostring = function() return 'x' end})) return type(e) == 'table'").eval::<bool>().unwrap());
}

#[test]
fn container_and_wide_integer_conversion_failures() {
    let lua = Lua::new();
    // a non-table, or an element/key/value of the wrong type
    assert!(matches!(lua.load("return 1").eval::<Vec<i64>>(), Err(Error::FromLuaConversionError { from: "integer", .. })));
    assert!(lua.load("return {1, 'x'}").eval::<Vec<i64>>().is_err());
    assert!(lua.load("return {a = 1, [2] = 2}").eval::<HashMap<String, i64>>().is_ok()); // 2 -> "2"
    assert!(lua.load("return {a = {}}").eval::<HashMap<String, i64>>().is_err());
    assert!(lua.load("return {[{}] = 1}").eval::<HashMap<String, i64>>().is_err());
    assert!(lua.load("return 'str'").eval::<HashMap<String, i64>>().is_err());
    assert!(lua.load("return {1}").eval::<Option<String>>().is_err());
    // Variadic: every value must convert
    assert!(lua.load("return 1, 2, 'x'").eval::<Variadic<i64>>().is_err());
    assert_eq!(lua.load("return").eval::<Variadic<i64>>().unwrap().len(), 0);
    // wide integers: in range they are Lua integers, else floats (or an error back)
    assert_eq!(lua.pack(i128::from(i64::MIN)).unwrap(), Value::Integer(i64::MIN));
    assert!(matches!(lua.pack(i128::MAX).unwrap(), Value::Number(_)));
    assert_eq!(lua.load("return math.maxinteger").eval::<i128>().unwrap(), i64::MAX as i128);
    assert!(lua.load("return math.mininteger").eval::<u64>().is_err());
    assert!(lua.load("return 2^70").eval::<i64>().is_err());
    assert!(lua.load("return 0/0").eval::<i32>().is_err());
    // bool from anything is Lua truthiness; Option<T> nil is None, false is a bool error for i64
    assert!(lua.load("return false").eval::<Option<i64>>().is_err());
}
