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
//! Limits are per state (the VM has one allocator and one instruction budget): while a
//! sandboxed chunk runs, `memory_limit` bytes *more* than the current use are allowed and
//! the instruction budget counts loop back-edges and calls. Once the budget is exhausted
//! the hook fires at every check point, so a script that catches the error with `pcall`
//! still stops at its next loop iteration or call.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::chunk::{AsChunk, Chunk, ChunkMode};
use crate::error::{Error, Result};
use crate::hook::HookTriggers;
use crate::lua::Lua;
use crate::table::Table;
use crate::value::FromLuaMulti;
use std::cell::Cell;
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
    /// VM check points (loop back-edges and calls) the chunk may pass.
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
    /// Sets the instruction budget (check points).
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
    /// let err = lua.run_sandboxed::<()>("while true do pcall(function() end) end", opts).unwrap_err();
    /// assert!(err.to_string().contains("instruction limit exceeded"));
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
                let step = n.clamp(1, 1000) as u32;
                let used = Cell::new(0u64);
                self.set_hook(HookTriggers::new().every_nth_instruction(step), move |lua, _| {
                    let u = used.get() + step as u64;
                    used.set(u);
                    if u >= n {
                        lua.set_hook_sticky();
                        Err(Error::RuntimeError("instruction limit exceeded".into()))
                    } else {
                        Ok(())
                    }
                });
                Some(saved)
            }
            None => None,
        };
        let r = f.call::<_, R>(());
        if let Some(h) = prev_hook {
            self.restore_hook(h);
        }
        if let Some(l) = prev_limit {
            self.set_memory_limit(l)?;
        }
        r
    }
}
