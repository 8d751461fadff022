//! The `serde` feature: `to_value` / `from_value` round trips and error paths.
#![cfg(feature = "serde")]
use ravi::{Error, Lua, LuaSerdeExt, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Empty,
    Circle(f64),
    Rect(i64, i64),
    Poly { points: Vec<(i32, i32)>, closed: bool },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Default)]
struct Unit;

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Id(u32);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Inner {
    name: String,
    weight: f64,
    count: u64,
    tags: Vec<String>,
    maybe: Option<i8>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Outer {
    id: Id,
    flag: bool,
    inner: Inner,
    list: Vec<Inner>,
    shapes: Vec<Shape>,
    map: BTreeMap<String, Vec<Option<i64>>>,
    by_num: HashMap<i64, String>,
    #[serde(default)] // Lua code cannot write the null sentinel `()` becomes
    unit: Unit,
    nothing: Option<Box<Outer>>,
    ch: char,
    pair: (i16, String),
}

fn sample() -> Outer {
    let inner = Inner { name: "a".into(), weight: 1.5, count: 7, tags: vec!["x".into(), "y".into()], maybe: Some(-3) };
    Outer {
        id: Id(42),
        flag: true,
        inner: inner.clone(),
        list: vec![inner.clone(), Inner { maybe: None, tags: vec![], ..inner }],
        shapes: vec![Shape::Empty, Shape::Circle(2.0), Shape::Rect(3, 4), Shape::Poly { points: vec![(0, 0), (1, 2)], closed: true }],
        map: [("k".to_string(), vec![Some(1), None, Some(3)]), ("e".to_string(), vec![])].into_iter().collect(),
        by_num: [(1, "one".to_string()), (10, "ten".to_string())].into_iter().collect(),
        unit: Unit,
        nothing: None,
        ch: 'é',
        pair: (-5, "p".into()),
    }
}

#[test]
fn round_trip_nested() {
    let lua = Lua::new();
    let v = sample();
    let lv = lua.to_value(&v).unwrap();
    let back: Outer = lua.from_value(lv.clone()).unwrap();
    assert_eq!(back, v);
    // and through Lua code (a copy made by a script)
    lua.globals().set("v", lv).unwrap();
    let copied: Value = lua
        .load(
            r#"
            local function copy(t)
              if type(t) ~= "table" then return t end
              local c = {}
              for k, x in pairs(t) do c[k] = copy(x) end
              return c
            end
            return copy(v)"#,
        )
        .eval()
        .unwrap();
    assert_eq!(lua.from_value::<Outer>(copied).unwrap(), v);
}

#[test]
fn lua_shapes() {
    let lua = Lua::new();
    lua.globals().set("v", lua.to_value(&sample()).unwrap()).unwrap();
    let checks = [
        "math.type(v.id) == 'integer' and v.id == 42",
        "math.type(v.inner.count) == 'integer' and math.type(v.inner.weight) == 'float'",
        "v.inner.tags[1] == 'x' and #v.inner.tags == 2",
        "v.nothing == nil and type(v.unit) == 'userdata' and v.list[2].maybe == nil",
        "v.shapes[1] == 'Empty' and v.shapes[2].Circle == 2.0 and v.shapes[3].Rect[2] == 4",
        "v.shapes[4].Poly.closed == true and v.shapes[4].Poly.points[2][2] == 2",
        "#v.map.k == 3 and v.map.k[3] == 3 and type(v.map.k[2]) == 'userdata'",
        "v.by_num[10] == 'ten' and v.ch == 'é' and v.pair[1] == -5",
    ];
    for c in checks {
        assert!(lua.load(format!("return {}", c)).eval::<bool>().unwrap(), "{}", c);
    }
    // the null sentinel
    let t = lua.to_value(&vec![None, Some(1)]).unwrap();
    assert_eq!(t.as_table().unwrap().raw_get::<_, Value>(1).unwrap(), lua.null());
    // integers vs floats
    assert_eq!(lua.to_value(&3u8).unwrap(), Value::Integer(3));
    assert_eq!(lua.to_value(&3.0f32).unwrap(), Value::Number(3.0));
    assert_eq!(lua.to_value(&u64::MAX).unwrap(), Value::Number(u64::MAX as f64));
    assert_eq!(lua.to_value(&None::<i32>).unwrap(), Value::Nil);
}

#[test]
fn from_lua_written_values() {
    let lua = Lua::new();
    let v: Outer = lua
        .from_value(
            lua.load(
                r#"return {
                id = 1, flag = false, unit = nil, ch = "c", pair = {1, "q"},
                inner = {name = "n", weight = 2, count = 3.0, tags = {}},
                list = {}, shapes = {"Empty", {Rect = {1, 2}}}, map = {}, by_num = {[5] = "five"},
            }"#,
            )
            .eval()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(v.inner.weight, 2.0); // integer accepted as a float
    assert_eq!(v.inner.count, 3); // integral float accepted as an integer
    assert_eq!(v.inner.maybe, None); // absent field
    assert_eq!(v.shapes, vec![Shape::Empty, Shape::Rect(1, 2)]);
    assert_eq!(v.by_num[&5], "five");
    // untyped: a sequence vs a map
    let m: HashMap<String, i64> = lua.from_value(lua.load("return {a = 1, b = 2}").eval().unwrap()).unwrap();
    assert_eq!(m.len(), 2);
    let e: Vec<i64> = lua.from_value(lua.load("return {}").eval().unwrap()).unwrap();
    assert!(e.is_empty());
}

fn de_err<T: serde::de::DeserializeOwned + std::fmt::Debug>(lua: &Lua, src: &str) -> String {
    match lua.from_value::<T>(lua.load(src).eval().unwrap()) {
        Err(e @ Error::DeserializeError(_)) => e.to_string(),
        other => panic!("{}: {:?}", src, other),
    }
}

#[test]
fn deserialize_errors() {
    let lua = Lua::new();
    assert_eq!(de_err::<i32>(&lua, "return 'x'"), "deserialize error: invalid type: string \"x\", expected i32");
    assert_eq!(de_err::<i32>(&lua, "return 1.5"), "deserialize error: invalid type: floating point `1.5`, expected i32");
    assert_eq!(de_err::<u8>(&lua, "return 300"), "deserialize error: invalid value: integer `300`, expected u8");
    assert_eq!(de_err::<String>(&lua, "return {}"), "deserialize error: invalid type: table, expected a string");
    assert_eq!(de_err::<bool>(&lua, "return nil"), "deserialize error: invalid type: nil, expected a boolean");
    let e = de_err::<Inner>(&lua, "return {name = 'n', weight = 1, count = -1, tags = {}}");
    assert!(e.contains("invalid value: integer `-1`") && e.contains("field `count`"), "{}", e);
    let e = de_err::<Inner>(&lua, "return {name = 'n', weight = 1, tags = {}}");
    assert_eq!(e, "deserialize error: missing field `count`");
    let e = de_err::<Vec<Inner>>(&lua, "return {{name = 'n', weight = 1, count = 1, tags = {1}}}");
    assert!(e.contains("expected a string") && e.contains("at index 1"), "{}", e);
    let e = de_err::<Shape>(&lua, "return 'Square'");
    assert!(e.contains("unknown variant `Square`"), "{}", e);
    let e = de_err::<Shape>(&lua, "return {Circle = 1, Rect = {1, 2}}");
    assert!(e.contains("exactly one key"), "{}", e);
    let e = de_err::<(i32, i32)>(&lua, "return {1, 2, 3}");
    assert!(e.contains("invalid length 3"), "{}", e);
    let e = de_err::<Vec<i32>>(&lua, "return print");
    assert_eq!(e, "deserialize error: invalid type: function, expected a sequence");
    // cyclic tables are refused, not a stack overflow
    let e = de_err::<serde_value_like::Any>(&lua, "local t = {} t.t = t return t");
    assert!(e.contains("nested too deeply"), "{}", e);
    // invalid UTF-8 where a String is expected
    let e = de_err::<String>(&lua, "return '\\xff'");
    assert!(e.contains("invalid value"), "{}", e);
}

/// A self-describing type (like `serde_json::Value`) to drive `deserialize_any`.
mod serde_value_like {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    #[derive(Debug)]
    pub struct Any;
    impl<'de> Deserialize<'de> for Any {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Any;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("anything")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Any, A::Error> {
                    while let Some((_, _)) = m.next_entry::<Any, Any>()? {}
                    Ok(Any)
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Any, A::Error> {
                    while s.next_element::<Any>()?.is_some() {}
                    Ok(Any)
                }
                fn visit_str<E>(self, _: &str) -> Result<Any, E> {
                    Ok(Any)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Any, E> {
                    Ok(Any)
                }
                fn visit_unit<E>(self) -> Result<Any, E> {
                    Ok(Any)
                }
            }
            d.deserialize_any(V)
        }
    }
}

#[test]
fn serialize_errors() {
    let lua = Lua::new();
    let m: HashMap<Option<i32>, i32> = [(None, 1)].into_iter().collect();
    let e = lua.to_value(&m).unwrap_err();
    assert!(matches!(e, Error::SerializeError(_)), "{:?}", e);
    assert_eq!(e.to_string(), "serialize error: map key cannot be nil");
    // errors a type's Serialize reports come out as SerializeError
    struct Bad;
    impl Serialize for Bad {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("bad value"))
        }
    }
    assert_eq!(lua.to_value(&vec![Bad]).unwrap_err().to_string(), "serialize error: bad value");
    // from a callback: the error reaches Lua and back
    let f = lua.create_function(|lua, v: Value| lua.from_value::<Inner>(v).map(|i| i.name)).unwrap();
    lua.globals().set("name_of", f).unwrap();
    let (ok, msg): (bool, String) = lua.load("local ok, e = pcall(name_of, {name = 1}) return ok, tostring(e)").eval().unwrap();
    assert!(!ok && msg.contains("expected a string"), "{}", msg);
}
