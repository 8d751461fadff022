//! ravi: Lua 5.3 with Ravi's optional static types — the embedding API (later) and the
//! reusable logic of the `ravi` command (`cli`), shaped after lua.c.
#![cfg_attr(not(feature = "cli"), no_std)]

pub use ravi_stdlib as stdlib;
pub use ravi_vm as vm;

// ---- embedding API (mlua-shaped); see src/lua.rs for how it sits on the VM ----
#[cfg(not(feature = "cli"))]
extern crate std;
mod chunk;
mod conversion;
mod error;
mod function;
mod hook;
mod lua;
pub mod prelude;
mod sandbox;
mod string;
mod table;
mod thread;
mod userdata;
mod value;
pub use chunk::{AsChunk, Chunk, ChunkMode};
pub use error::{Error, ErrorContext, ExternalError, ExternalResult, Result};
pub use function::Function;
pub use hook::{Debug, DebugEvent, HookTriggers};
pub use lua::{Lua, LuaOptions, RegistryKey, StdLib};
pub use sandbox::SandboxOptions;
pub use string::LuaString;
pub use table::{Table, TablePairs, TableSequence};
pub use thread::{Thread, ThreadStatus};
pub use userdata::{AnyUserData, MetaMethod, UserData, UserDataFields, UserDataMethods};
pub use value::{FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LightUserData, MultiValue, Nil, Value, Variadic};

#[cfg(feature = "cli")]
pub mod cli;
