//! Calling Lua from Rust: run chunks, read and write globals, call Lua functions with
//! Rust values and convert their results back, handle Lua errors as `Result`s.
//!
//! Run with `cargo run --example call_lua` (tests/embed_examples.rs runs it too).

use ravi::{Error, Function, Lua, Result, Table};

pub fn main() -> Result<()> {
    let lua = Lua::new();

    // Run a chunk that defines a function and a table.
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

    // Call a Lua function: arguments are a tuple of Rust values, the result type is chosen
    // by the caller.
    let greet: Function = lua.globals().get("greet")?;
    println!("{}", greet.call::<_, String>(("ravi", 2))?);

    // Read a table: fields convert to Rust types (Vec, HashMap, Option, numbers, ...).
    let config: Table = lua.globals().get("config")?;
    let tags: Vec<String> = config.get("tags")?;
    println!("width = {}, tags = {:?}", config.get::<_, i64>("width")?, tags);

    // Evaluate an expression; integers and floats stay distinct.
    println!("2^10 = {}, 7 // 2 = {}", lua.load("2^10").eval::<f64>()?, lua.load("7 // 2").eval::<i64>()?);

    // Pass Rust data in as globals; several results come back as a tuple.
    lua.globals().set("xs", vec![3, 1, 2])?;
    let (min, max): (i64, i64) = lua.load("table.sort(xs) return xs[1], xs[#xs]").eval()?;
    println!("min = {}, max = {}", min, max);

    // Lua errors are Rust errors: syntax errors and runtime errors (with a traceback).
    match lua.load("return 1 +").exec() {
        Err(Error::SyntaxError { message, incomplete_input }) => {
            println!("syntax error (incomplete input: {}): {}", incomplete_input, message)
        }
        other => println!("unexpected: {:?}", other),
    }
    let err = lua.load("error('boom')").set_name("=script").exec().unwrap_err();
    println!("{}", err.to_string().lines().next().unwrap_or(""));
    Ok(())
}
