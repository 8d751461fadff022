//! A state moved to another thread and used there (`Lua: Send`; callbacks and userdata
//! types must be `Send` too). A state is never shared: `Lua` is not `Sync`.
//!
//! Run with `cargo run --example threads` (tests/embed_examples.rs runs it too).

use ravi::{Lua, RegistryKey, Result};
use std::sync::mpsc;

pub fn main() -> Result<()> {
    let lua = Lua::new();
    lua.load("total = 0 function add(n) total = total + n return total end").exec()?;
    // Keep a Lua value across the move: registry keys are `Send` and `'static`.
    let key: RegistryKey = lua.create_registry_value(lua.create_function(|_, s: String| Ok(s.to_uppercase()))?)?;

    // A worker thread owns the state and serves requests sent over a channel.
    let (tx, rx) = mpsc::channel::<i64>();
    let worker = std::thread::spawn(move || -> Result<(Lua, RegistryKey)> {
        for n in rx {
            let total: i64 = lua.globals().get::<_, ravi::Function>("add")?.call(n)?;
            println!("worker {:?}: add({}) -> {}", std::thread::current().id(), n, total);
        }
        {
            // handles borrow the state: they must be gone before it moves on
            let upper: ravi::Function = lua.registry_value(&key)?;
            println!("worker: {}", upper.call::<_, String>("made on main, called here")?);
        }
        Ok((lua, key))
    });
    for n in 1..=3 {
        tx.send(n).expect("send");
    }
    drop(tx);

    // The state comes back with the thread's result.
    let (lua, key) = worker.join().expect("worker panicked")?;
    println!("main {:?}: total = {}", std::thread::current().id(), lua.globals().get::<_, i64>("total")?);
    lua.remove_registry_value(key)?;
    Ok(())
}
