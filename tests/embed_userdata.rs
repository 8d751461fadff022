//! UserData: fields, methods, metamethods, borrows, type checks, Drop on collection.
use ravi::{AnyUserData, Error, Lua, MetaMethod, UserData, UserDataFields, UserDataMethods, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Vec2 {
    x: f64,
    y: f64,
}

impl UserData for Vec2 {
    fn add_fields<'lua, F: UserDataFields<'lua, Self>>(f: &mut F) {
        f.add_field_method_get("x", |_, v| Ok(v.x));
        f.add_field_method_get("y", |_, v| Ok(v.y));
        f.add_field_method_set("x", |_, v, x: f64| {
            v.x = x;
            Ok(())
        });
        f.add_field_function_get("kind", |_, _ud| Ok("vec2"));
    }
    fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(m: &mut M) {
        m.add_method("len", |_, v, ()| Ok((v.x * v.x + v.y * v.y).sqrt()));
        m.add_method_mut("scale", |_, v, k: f64| {
            v.x *= k;
            v.y *= k;
            Ok(())
        });
        m.add_function("new", |_, (x, y): (f64, f64)| Ok(Vec2 { x, y }));
        m.add_meta_method(MetaMethod::Add, |_, a, b: AnyUserData| {
            let b = b.borrow::<Vec2>()?;
            Ok(Vec2 { x: a.x + b.x, y: a.y + b.y })
        });
        m.add_meta_method(MetaMethod::Eq, |_, a, b: AnyUserData| Ok(*a == *b.borrow::<Vec2>()?));
        m.add_meta_method(MetaMethod::ToString, |_, v, ()| Ok(format!("({}, {})", v.x, v.y)));
        m.add_meta_method(MetaMethod::Len, |_, _, ()| Ok(2));
        m.add_meta_method(MetaMethod::Index, |_, _, key: String| Ok(format!("no field {}", key)));
        m.add_meta_function(MetaMethod::Call, |_, (_this, a): (AnyUserData, i64)| Ok(a * 10));
    }
}

#[test]
fn fields_methods_metamethods() {
    let lua = Lua::new();
    lua.globals().set("v", Vec2 { x: 3.0, y: 4.0 }).unwrap();
    let chk = |src: &str| -> Value { lua.load(src).eval().unwrap() };
    assert_eq!(chk("return v:len()"), Value::Number(5.0));
    assert_eq!(chk("return v.x + v.y"), Value::Number(7.0));
    assert_eq!(chk("return v.kind"), lua.pack("vec2").unwrap());
    assert_eq!(chk("v.x = 6; v:scale(0.5); return v.x"), Value::Number(3.0));
    assert_eq!(chk("local w = v + v return w.y"), Value::Number(4.0));
    assert_eq!(chk("return tostring(v)"), lua.pack("(3, 2)").unwrap());
    assert_eq!(chk("return #v"), Value::Integer(2));
    assert_eq!(chk("return v.nothing"), lua.pack("no field nothing").unwrap());
    assert_eq!(chk("return v(4)"), Value::Integer(40));
    assert_eq!(chk("return v == v.new(3, 2)"), Value::Boolean(true));
    assert_eq!(chk("return getmetatable(v)"), Value::Boolean(false));
    let e = lua.load("v.y = 1").exec().unwrap_err();
    assert!(e.to_string().contains("cannot set field 'y' of Vec2"), "{}", e);
    // the value in Rust
    let ud: AnyUserData = lua.globals().get("v").unwrap();
    assert_eq!(*ud.borrow::<Vec2>().unwrap(), Vec2 { x: 3.0, y: 2.0 });
    ud.borrow_mut::<Vec2>().unwrap().y = 10.0;
    assert_eq!(lua.load("return v.y").eval::<f64>().unwrap(), 10.0);
}

#[test]
fn wrong_self_and_types() {
    let lua = Lua::new();
    struct Other;
    impl UserData for Other {}
    lua.globals().set("v", Vec2 { x: 1.0, y: 1.0 }).unwrap();
    lua.globals().set("o", Other).unwrap();
    // calling a method with a wrong self
    let e = lua.load("local f = v.len return f(o)").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::UserDataTypeMismatch), "{:?}", e);
    let e = lua.load("local f = v.len return f(1)").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::UserDataTypeMismatch), "{:?}", e);
    let ud: AnyUserData = lua.globals().get("o").unwrap();
    assert!(ud.is::<Other>());
    assert!(!ud.is::<Vec2>());
    assert!(matches!(ud.borrow::<Vec2>(), Err(Error::UserDataTypeMismatch)));
    // a Lua table is not a userdata
    assert!(lua.load("return {}").eval::<AnyUserData>().is_err());
    // a type without fields or methods: unknown keys are nil, assignment is an error
    assert!(lua.load("return o.x").eval::<Value>().unwrap().is_nil());
    assert!(lua.load("o.x = 1").exec().is_err());
}

struct Cell(i64);
impl UserData for Cell {
    fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(m: &mut M) {
        m.add_method("get", |_, c, ()| Ok(c.0));
        m.add_method("with", |_, _c, f: ravi::Function| f.call::<_, ()>(()));
        m.add_method_mut("set", |_, c, v: i64| {
            c.0 = v;
            Ok(())
        });
        m.add_method_mut("set_then", |_, c, f: ravi::Function| {
            c.0 += 1;
            f.call::<_, ()>(())
        });
    }
}

#[test]
fn conflicting_borrows_are_errors() {
    let lua = Lua::new();
    lua.globals().set("c", Cell(1)).unwrap();
    // &self method re-entering and reading: fine
    lua.load("c:with(function() assert(c:get() == 1) end)").exec().unwrap();
    // &self method re-entering and writing: borrow_mut fails
    let e = lua.load("c:with(function() c:set(5) end)").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::UserDataBorrowMutError), "{:?}", e);
    // &mut method re-entering and reading: borrow fails
    let e = lua.load("c:set_then(function() return c:get() end)").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::UserDataBorrowError), "{:?}", e);
    // Rust-side borrows against Lua calls
    let ud: AnyUserData = lua.globals().get("c").unwrap();
    {
        let _r = ud.borrow::<Cell>().unwrap();
        assert!(matches!(ud.borrow_mut::<Cell>(), Err(Error::UserDataBorrowMutError)));
        let e = lua.load("c:set(3)").exec().unwrap_err();
        assert!(matches!(e.root_cause(), Error::UserDataBorrowMutError));
        assert_eq!(lua.load("return c:get()").eval::<i64>().unwrap(), 2);
    }
    lua.load("c:set(3)").exec().unwrap();
    assert_eq!(ud.borrow::<Cell>().unwrap().0, 3);
    // take() destructs
    let v = ud.take::<Cell>().unwrap();
    assert_eq!(v.0, 3);
    assert!(matches!(ud.borrow::<Cell>(), Err(Error::UserDataDestructed)));
    let e = lua.load("return c:get()").exec().unwrap_err();
    assert!(matches!(e.root_cause(), Error::UserDataDestructed), "{:?}", e);
}

struct Tracked(Arc<AtomicUsize>);
impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}
impl UserData for Tracked {}

#[test]
fn drop_runs_when_collected() {
    let drops = Arc::new(AtomicUsize::new(0));
    let lua = Lua::new();
    {
        let ud = lua.create_userdata(Tracked(drops.clone())).unwrap();
        lua.globals().set("keep", ud).unwrap();
    }
    lua.globals().set("tmp", Tracked(drops.clone())).unwrap();
    lua.load("tmp = nil").exec().unwrap();
    lua.gc_collect().unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    // a handle keeps it alive
    let h: AnyUserData = lua.globals().get("keep").unwrap();
    lua.load("keep = nil").exec().unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    drop(h);
    lua.gc_collect().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 2);
    // closing the state drops the rest
    lua.globals().set("last", Tracked(drops.clone())).unwrap();
    drop(lua);
    assert_eq!(drops.load(Ordering::SeqCst), 3);
}

#[test]
fn many_userdata_and_garbage() {
    let lua = Lua::new();
    let drops = Arc::new(AtomicUsize::new(0));
    let d2 = drops.clone();
    let mk = lua.create_function(move |_, ()| Ok(Tracked(d2.clone()))).unwrap();
    lua.globals().set("mk", mk).unwrap();
    lua.load("for i = 1, 2000 do local x = mk() end").exec().unwrap();
    lua.gc_collect().unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 2000);
}

#[test]
fn take_and_borrows_exclude_each_other() {
    let lua = Lua::new();
    let ud = lua.create_userdata(Cell(7)).unwrap();
    {
        let _r = ud.borrow::<Cell>().unwrap();
        // two shared borrows are fine; take and borrow_mut are not
        assert_eq!(ud.borrow::<Cell>().unwrap().0, 7);
        assert!(matches!(ud.take::<Cell>(), Err(Error::UserDataBorrowMutError)));
    }
    {
        let _w = ud.borrow_mut::<Cell>().unwrap();
        assert!(matches!(ud.borrow::<Cell>(), Err(Error::UserDataBorrowError)));
        assert!(matches!(ud.borrow_mut::<Cell>(), Err(Error::UserDataBorrowMutError)));
        assert!(matches!(ud.take::<Cell>(), Err(Error::UserDataBorrowMutError)));
    }
    // the wrong type never hands out a reference
    assert!(matches!(ud.take::<Vec2>(), Err(Error::UserDataTypeMismatch)));
    assert!(matches!(ud.borrow_mut::<Vec2>(), Err(Error::UserDataTypeMismatch)));
    assert_eq!(ud.take::<Cell>().unwrap().0, 7);
    assert!(matches!(ud.take::<Cell>(), Err(Error::UserDataDestructed)));
    assert!(matches!(ud.borrow_mut::<Cell>(), Err(Error::UserDataDestructed)));
}

#[test]
fn userdata_from_lua_into_rust_functions() {
    // a userdata passed back into a Rust callback, by handle and by conversion
    #[derive(Clone)]
    struct Point(i64, i64);
    impl UserData for Point {
        fn add_fields<'lua, F: UserDataFields<'lua, Self>>(f: &mut F) {
            f.add_field_method_get("x", |_, p| Ok(p.0));
            f.add_field_method_set("x", |_, p, v: i64| {
                p.0 = v;
                Ok(())
            });
        }
    }
    let lua = Lua::new();
    let sum = lua.create_function(|_, ud: AnyUserData| {
        let p = ud.borrow::<Point>()?;
        Ok(p.0 + p.1)
    }).unwrap();
    lua.globals().set("sum", sum).unwrap();
    lua.globals().set("p", Point(2, 3)).unwrap();
    assert_eq!(lua.load("p.x = 10 return sum(p)").eval::<i64>().unwrap(), 13);
    // a bad field type is a bad argument of the setter
    let e = lua.load("p.x = 'ten'").exec().unwrap_err();
    assert!(e.to_string().contains("error converting Lua string to i64"), "{e}");
    // a non-userdata argument is a conversion error naming the types
    let e = lua.load("return sum({})").exec().unwrap_err();
    assert!(e.to_string().contains("bad argument #1"), "{e}");
}
