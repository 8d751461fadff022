//! Running untrusted code: a fresh environment without io/os/require/debug, under a
//! memory limit and an instruction limit. Both limits trip cleanly: the script stops with
//! an error and the state stays usable.
//!
//! Run with `cargo run --example sandbox` (tests/embed_examples.rs runs it too).

use ravi::{Error, Lua, SandboxOptions, Value};

pub fn main() {
    let lua = Lua::new();
    let opts = || SandboxOptions::new().memory_limit(1 << 20).instruction_limit(1_000_000);
    let scripts = [
        // fine
        "return 6 * 7",
        // no os library in the sandbox
        "return os.execute('rm -rf /')",
        // runs forever: stopped after a million VM instructions
        "while true do end",
        // catching the limit's error does not help
        "while true do pcall(function() while true do end end) end",
        // allocates without bound: stopped at 1 MiB more than the state used before
        "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end",
    ];
    let mut outcomes = Vec::new();
    for src in scripts {
        match lua.run_sandboxed::<Value>(src, opts()) {
            Ok(v) => {
                println!("{:<62} -> {:?}", src, v);
                outcomes.push("ok");
            }
            Err(e) => {
                let kind = match e.root_cause() {
                    Error::MemoryError(_) => "memory limit",
                    Error::RuntimeError(m) if m == "instruction limit exceeded" => "instruction limit",
                    _ => "error",
                };
                println!("{:<62} -> {}: {}", src, kind, e.root_cause().to_string().lines().next().unwrap_or(""));
                outcomes.push(kind);
            }
        }
    }
    assert_eq!(outcomes, ["ok", "error", "instruction limit", "instruction limit", "memory limit"]);
    // The host state is unaffected and unlimited again.
    let n: i64 = lua.load("local n = 0 for i = 1, 2e6 do n = n + 1 end return n").eval().expect("host code");
    println!("host afterwards: counted to {}, using {} bytes", n, lua.used_memory());
}
