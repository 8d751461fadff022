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
