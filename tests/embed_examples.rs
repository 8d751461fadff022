//! Runs every example program of examples/ (their `main` functions, as modules of this
//! test), so `cargo test` checks that they still work, not only that they compile.

#[path = "../examples/call_lua.rs"]
mod call_lua;
#[path = "../examples/rust_api.rs"]
mod rust_api;
#[path = "../examples/sandbox.rs"]
mod sandbox;
#[path = "../examples/threads.rs"]
mod threads;

#[test]
fn example_call_lua() {
    call_lua::main().unwrap();
}

#[test]
fn example_rust_api() {
    rust_api::main().unwrap();
}

#[test]
fn example_sandbox() {
    sandbox::main();
}

#[test]
fn example_threads() {
    threads::main().unwrap();
}

/// The embedding snippet of README.md, as written there.
#[test]
fn readme_embedding_snippet() -> ravi::Result<()> {
    use ravi::{Lua, SandboxOptions};

    let lua = Lua::new(); // every library but debug
    let add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b))?;
    lua.globals().set("add", add)?;
    let n: i64 = lua.load("return add(40, 2)").eval()?;
    assert_eq!(n, 42);
    let r = lua.run_sandboxed::<()>("while true do end", SandboxOptions::new().memory_limit(1 << 20).instruction_limit(1_000_000));
    assert!(r.is_err());
    Ok(())
}
