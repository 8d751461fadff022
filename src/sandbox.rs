//! Running untrusted code: a fresh environment per chunk without `io`, `os`, `package`,
//! `debug`, file loading or binary chunks, optionally under memory and instruction limits.
//!
//! What the environment holds: the safe base functions (`assert`, `error`, `ipairs`,
//! `next`, `pairs`, `pcall`, `print`, `raw*`, `select`, `setmetatable`, `tonumber`,
//! `tostring`, `type`, `xpcall`, `_VERSION`), *copies* of `string` (without `dump`),
//! `table`, `math`, `utf8` and `coroutine` (so a script cannot change the host's
//! libraries), `getmetatable` (returning nil for strings, so the shared string
//! metatable stays out of reach), `load` restricted to text chunks whose default
//! environment is the sandbox, and `_G` pointing at the environment itself. Left out:
//! `collectgarbage`, `dofile`, `loadfile`, `require`, `io`, `os`, `package`, `debug`.
//!
//! Limits are per state (the VM has one allocator): while a sandboxed chunk runs,
//! `memory_limit` bytes *more* than the current use are allowed, and `instruction_limit`
//! counts executed VM instructions exactly, through the VM's count hook (the one
//! `debug.sethook` uses; the embedder's own hook is suspended meanwhile and restored
//! afterwards).
//!
//! # The instruction limit cannot be caught
//! The VM raises a hook's error like any Lua error, so a `pcall` in the untrusted chunk
//! catches it. To make the limit stick anyway, once it is exhausted every thread that
//! reaches its next count event switches to a count of 1: the error is raised again
//! before *every* following instruction until the chunk's outermost function has
//! unwound, so `pcall(function() while true do end end)` followed by more code, an
//! `xpcall` message handler, or a coroutine that catches the error with
//! `coroutine.resume` all stop at their next instruction. The limit's error is raised
//! without calling the message handler (the VM runs a handler called from a hook with
//! hooks off, so `xpcall(f, function() while true do end end)` would otherwise escape),
//! and if the chunk still returns normally after catching it (a coroutine between it and
//! the chunk may run up to 127 more instructions), `run_sandboxed` returns the error
//! anyway. The error the embedder gets has `RuntimeError("instruction limit exceeded")`
//! as its root cause.
//!
//! Counting is per coroutine in the VM: each count event accounts for the instructions
//! that thread ran since its previous one (at most `LIMIT_STEP` = 128 apart). A coroutine
//! that finishes, fails or stays suspended between two events takes its last partial
//! count (under 128 instructions) with it, uncounted; so a script that creates many
//! short-lived coroutines can exceed the limit by up to 127 instructions per coroutine
//! (each of which it must still pay for creating and resuming). Coroutines that existed
//! before the chunk started (e.g. resumed by a host function) are not limited.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::chunk::{AsChunk, Chunk, ChunkMode};
use crate::error::{Error, Result};
use crate::lua::{Lua, LIMIT_MESSAGE};
use crate::table::Table;
use crate::value::FromLuaMulti;
use std::string::String;

const BUILDER: &str = r##"
local G = ...
local env = {}
local safe = {"assert", "error", "ipairs", "next", "pairs", "pcall", "print", "rawequal", "rawget",
  "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION"}
for i = 1, #safe do local k = safe[i]; env[k] = G[k] end
local next = G.next
local function copy(t)
  if t == nil then return nil end
  local c = {}
  local k, v = next(t)
  while k ~= nil do c[k] = v; k, v = next(t, k) end
  return c
end
if next then
  local libs = {"string", "table", "math", "utf8", "coroutine"}
  for i = 1, #libs do env[libs[i]] = copy(G[libs[i]]) end
  if env.string then env.string.dump = nil end
end
local getmt, ty = G.getmetatable, G.type
if getmt and ty then
  env.getmetatable = function(o) if ty(o) == "string" then return nil end return getmt(o) end
end
local load, select = G.load, G.select
if load and select then
  env.load = function(chunk, name, mode, ...)
    if select("#", ...) > 0 then return load(chunk, name, "t", ...) end
    return load(chunk, name, "t", env)
  end
end
env._G = env
return env
"##;

/// Limits for [`Lua::run_sandboxed`].
///
/// ```
/// let opts = ravi::SandboxOptions::new().memory_limit(1 << 20).instruction_limit(100_000);
/// assert_eq!(opts.memory_limit, Some(1 << 20));
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct SandboxOptions {
    /// Bytes the chunk may allocate beyond the state's current use.
    pub memory_limit: Option<usize>,
    /// VM instructions the chunk may execute.
    pub instruction_limit: Option<u64>,
    /// Chunk name (default `"=sandbox"`).
    pub name: Option<String>,
}

impl SandboxOptions {
    /// No limits.
    pub fn new() -> Self {
        SandboxOptions::default()
    }
    /// Sets the memory allowance in bytes.
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = Some(bytes);
        self
    }
    /// Sets the instruction budget (executed VM instructions).
    pub fn instruction_limit(mut self, n: u64) -> Self {
        self.instruction_limit = Some(n);
        self
    }
    /// Sets the chunk name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl Lua {
    /// A fresh environment table for untrusted code (see the module docs for its
    /// contents). Each call makes a new one, so scripts do not see each other's globals.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let env = lua.create_sandbox_env().unwrap();
    /// let r: bool = lua.load("return io == nil and os == nil and require == nil")
    ///     .set_environment(env).eval().unwrap();
    /// assert!(r);
    /// ```
    pub fn create_sandbox_env(&self) -> Result<Table<'_>> {
        // The builder runs without the embedder's hook (it is trusted code).
        let saved = self.take_hook();
        let r = self.load(BUILDER).set_name("=sandbox").set_mode(ChunkMode::Text).call(self.globals());
        self.restore_hook(saved);
        r
    }

    /// Loads untrusted source text with a fresh sandbox environment; binary chunks are
    /// refused.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.sandbox("x = 1").unwrap().exec().unwrap();
    /// assert!(lua.globals().get::<_, Option<i64>>("x").unwrap().is_none());
    /// ```
    pub fn sandbox<'lua, 'a>(&'lua self, chunk: impl AsChunk<'a>) -> Result<Chunk<'lua, 'a>> {
        let env = self.create_sandbox_env()?;
        Ok(self.load(chunk).set_name("=sandbox").set_environment(env).set_mode(ChunkMode::Text))
    }

    /// Runs untrusted source text in a fresh sandbox under the given limits and converts
    /// its results. Over the memory allowance: `Error::MemoryError`; over the instruction
    /// budget: an error whose root cause is `RuntimeError("instruction limit exceeded")`.
    /// The previous memory limit and hook are restored afterwards; the state stays usable.
    ///
    /// ```
    /// use ravi::{Lua, SandboxOptions};
    /// let lua = Lua::new();
    /// let opts = SandboxOptions::new().instruction_limit(10_000);
    /// let err = lua.run_sandboxed::<()>("while true do pcall(function() while true do end end) end", opts).unwrap_err();
    /// assert_eq!(err.root_cause().to_string(), "runtime error: instruction limit exceeded");
    /// assert_eq!(lua.run_sandboxed::<i32>("return 6 * 7", SandboxOptions::new()).unwrap(), 42);
    /// ```
    pub fn run_sandboxed<'lua, 'a, R: FromLuaMulti<'lua>>(&'lua self, chunk: impl AsChunk<'a>, options: SandboxOptions) -> Result<R> {
        let name = options.name.clone().unwrap_or_else(|| "=sandbox".into());
        let f = self.sandbox(chunk)?.set_name(name).into_function()?;
        let prev_limit = match options.memory_limit {
            Some(m) => Some(self.set_memory_limit(self.used_memory().saturating_add(m).max(1))?),
            None => None,
        };
        let prev_hook = match options.instruction_limit {
            Some(n) => {
                let saved = self.take_hook();
                self.start_instruction_limit(n);
                Some(saved)
            }
            None => None,
        };
        let mut r = f.call::<_, R>(());
        if options.instruction_limit.is_some() && self.instruction_limit_exhausted() {
            // The script caught the limit's error (and maybe raised another one, or
            // returned): the limit still wins.
            let is_limit = matches!(&r, Err(e) if matches!(e.root_cause(), Error::RuntimeError(m) if m == LIMIT_MESSAGE));
            if !is_limit {
                r = Err(Error::RuntimeError(LIMIT_MESSAGE.into()));
            }
        }
        if let Some(h) = prev_hook {
            self.restore_hook(h);
        }
        if let Some(l) = prev_limit {
            self.set_memory_limit(l)?;
        }
        r
    }
}
