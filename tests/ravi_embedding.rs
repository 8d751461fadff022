//! The embedding API cannot put an unchecked value into a slot typed Ravi code trusts:
//! values from Rust reach typed code only as arguments (checked on entry), results
//! (checked at the assignment) and upvalues set through the debug library (checked
//! against the slot's static type).
use ravi::{Error, Function, Lua, LuaOptions, StdLib};

fn runtime_message(e: Error) -> String {
    match e {
        Error::RuntimeError(m) => m,
        Error::CallbackError { cause, .. } => runtime_message((*cause).clone()),
        e => panic!("unexpected error {e:?}"),
    }
}

#[test]
fn typed_parameters_check_values_from_rust() {
    let lua = Lua::new();
    let f: Function = lua.load("return function(x: integer, a: number[]) return x + #a end").eval().unwrap();
    let e = f.call::<_, i64>(("str", 1)).unwrap_err();
    assert!(runtime_message(e).contains("integer expected"));
    let e = f.call::<_, i64>((1.5, 1)).unwrap_err();
    assert!(runtime_message(e).contains("integer expected"));
    // an untyped table is not a number[]
    let t = lua.create_table().unwrap();
    let e = f.call::<_, i64>((1, t)).unwrap_err();
    assert!(runtime_message(e).contains("number[] expected"));
    // an integral float is converted
    let g: Function = lua.load("return function(x: integer) return math.type(x) end").eval().unwrap();
    assert_eq!(g.call::<_, String>(2.0).unwrap(), "integer");
}

#[test]
fn results_of_rust_callbacks_are_checked() {
    let lua = Lua::new();
    let cb = lua.create_function(|_, ()| Ok("not a number")).unwrap();
    lua.globals().set("cb", cb).unwrap();
    let e = lua.load("local x: integer = cb(); return x").exec().unwrap_err();
    assert!(runtime_message(e).contains("integer expected"));
    let e = lua.load("local t: table = {}; local x: number = 0.0; x = cb(); return x").exec().unwrap_err();
    assert!(runtime_message(e).contains("number expected"));
}

#[test]
fn debug_library_respects_typed_slots() {
    let lua = unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::new()) };
    let r: String = lua
        .load(
            r#"
            local n: integer = 1
            local function f() return n + 1 end
            local ok, e = pcall(debug.setupvalue, f, 1, "x")
            assert(not ok and e:find("upvalue of integer type"))
            assert(debug.setupvalue(f, 1, 41) == "n")
            local ok2, e2 = pcall(function()
              local i: integer = 0
              debug.setlocal(1, 1, {})
            end)
            assert(not ok2 and e2:find("local variable of integer type"))
            return tostring(f())
            "#,
        )
        .eval()
        .unwrap();
    assert_eq!(r, "42");
}
