//! Embedding ravi in a Rust program, in mlua's shape.
//!
//! Run with `cargo run --example embed`. Shows: calling Lua from Rust, Rust functions and
//! a userdata type exposed to Lua, a sandbox running untrusted code under memory and
//! instruction limits, and a state moved to another thread.

use ravi::{Error, Function, Lua, MetaMethod, Result, SandboxOptions, Table, UserData, UserDataFields, UserDataMethods};

/// A bank account exposed to Lua.
struct Account {
    owner: String,
    balance: i64,
}

impl UserData for Account {
    fn add_fields<'lua, F: UserDataFields<'lua, Self>>(fields: &mut F) {
        fields.add_field_method_get("owner", |_, a| Ok(a.owner.clone()));
        fields.add_field_method_get("balance", |_, a| Ok(a.balance));
    }
    fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(methods: &mut M) {
        methods.add_method_mut("deposit", |_, a, amount: i64| {
            if amount <= 0 {
                return Err(Error::runtime("deposit must be positive"));
            }
            a.balance += amount;
            Ok(a.balance)
        });
        methods.add_meta_method(MetaMethod::ToString, |_, a, ()| Ok(format!("Account({}, {})", a.owner, a.balance)));
    }
}

fn calling_lua(lua: &Lua) -> Result<()> {
    // Run a chunk, read globals, call a Lua function with Rust values.
    lua.load(
        r#"
        function greet(name, times)
            return string.rep("hello " .. name .. "! ", times)
        end
        config = { width = 80, tags = { "a", "b" } }
        "#,
    )
    .set_name("=setup")
    .exec()?;
    let greet: Function = lua.globals().get("greet")?;
    println!("{}", greet.call::<_, String>(("ravi", 2))?);
    let config: Table = lua.globals().get("config")?;
    let tags: Vec<String> = config.get("tags")?;
    println!("width = {}, tags = {:?}", config.get::<_, i64>("width")?, tags);
    println!("2^10 = {}", lua.load("2^10").eval::<f64>()?);
    Ok(())
}

fn rust_from_lua(lua: &Lua) -> Result<()> {
    // A Rust function and a userdata type, used from Lua.
    let sum = lua.create_function(|_, xs: ravi::Variadic<f64>| Ok(xs.iter().sum::<f64>()))?;
    lua.globals().set("sum", sum)?;
    lua.globals().set("acct", Account { owner: "ada".into(), balance: 10 })?;
    let out: String = lua
        .load(
            r#"
            acct:deposit(sum(1, 2, 3) // 1)
            local ok, err = pcall(acct.deposit, acct, -5)
            return tostring(acct) .. " / " .. acct.owner .. " / refused: " .. tostring(err)
            "#,
        )
        .eval()?;
    println!("{}", out);
    Ok(())
}

fn sandboxed(lua: &Lua) {
    // Untrusted code: no io/os/require/debug, limited memory and instructions.
    let opts = || SandboxOptions::new().memory_limit(1 << 20).instruction_limit(1_000_000);
    let scripts = [
        "return 6 * 7",
        "return os.execute('rm -rf /')",
        "while true do end",
        "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(100) end",
    ];
    for src in scripts {
        match lua.run_sandboxed::<ravi::Value>(src, opts()) {
            Ok(v) => println!("sandbox: {:<60} -> {:?}", src, v),
            Err(e) => println!("sandbox: {:<60} -> error: {}", src, e.root_cause().to_string().lines().next().unwrap_or("")),
        }
    }
}

fn main() -> Result<()> {
    let lua = Lua::new();
    calling_lua(&lua)?;
    rust_from_lua(&lua)?;
    sandboxed(&lua);
    // `Lua` is Send: move the whole state to a worker thread and back.
    let lua = std::thread::spawn(move || {
        let n: i64 = lua.load("return acct.balance").eval().expect("lua");
        println!("on another thread: balance = {}", n);
        lua
    })
    .join()
    .expect("thread");
    println!("back home, used memory: {} bytes", lua.used_memory());
    Ok(())
}
