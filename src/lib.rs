//! ravi: Lua 5.3 with Ravi's optional static types, in pure Rust — an embedding API in
//! mlua's shape, and the reusable logic of the `ravi` command (`cli`, shaped after lua.c).
//!
//! # Embedding
//! [`Lua`] is a state; [`Lua::load`] gives a [`Chunk`] to run, handles ([`Table`],
//! [`Function`], [`LuaString`], [`AnyUserData`], [`Thread`]) reach Lua objects, Rust
//! closures become Lua functions ([`Lua::create_function`]) and Rust types become userdata
//! ([`UserData`]). Values convert with [`IntoLua`]/[`FromLua`] (and the `Multi` variants
//! for argument lists). Untrusted code runs under [`Lua::run_sandboxed`] with memory and
//! instruction limits; [`Lua::set_hook`] observes calls, returns, lines and instruction
//! counts; a `Lua` is `Send`. With the `serde` feature, `LuaSerdeExt` (module `serde`)
//! converts any Serialize/Deserialize type. Embedders build with
//! `default-features = false`, which leaves out the `ravi` command's dependencies.
//!
//! ```
//! use ravi::prelude::*;
//!
//! let lua = Lua::new();
//! let double = lua.create_function(|_, x: i64| Ok(x * 2))?;
//! lua.globals().set("double", double)?;
//! let t: LuaTable = lua.load("return { double(21), 'x' }").eval()?;
//! assert_eq!(t.get::<_, i64>(1)?, 42);
//! # Ok::<(), LuaError>(())
//! ```
//!
//! Runnable programs: `examples/call_lua.rs`, `rust_api.rs`, `sandbox.rs`, `threads.rs`.
#![cfg_attr(not(feature = "cli"), no_std)]

pub use ravi_stdlib as stdlib;
pub use ravi_vm as vm;

// ---- embedding API (mlua-shaped); see src/lua.rs for how it sits on the VM ----
#[cfg(not(feature = "cli"))]
extern crate std;
#[warn(missing_docs)]
mod chunk;
#[warn(missing_docs)]
mod conversion;
#[warn(missing_docs)]
mod error;
#[warn(missing_docs)]
mod function;
#[warn(missing_docs)]
mod hook;
#[warn(missing_docs)]
mod lua;
#[warn(missing_docs)]
pub mod prelude;
#[warn(missing_docs)]
mod sandbox;
#[cfg(feature = "serde")]
#[warn(missing_docs)]
pub mod serde;
#[warn(missing_docs)]
mod string;
#[warn(missing_docs)]
mod table;
#[warn(missing_docs)]
mod thread;
#[warn(missing_docs)]
mod userdata;
#[warn(missing_docs)]
mod value;
pub use chunk::{AsChunk, Chunk, ChunkMode};
pub use error::{Error, ErrorContext, ExternalError, ExternalResult, Result};
pub use function::Function;
pub use hook::{Debug, DebugEvent, HookTriggers};
pub use lua::{Lua, LuaOptions, RegistryKey, StdLib};
pub use sandbox::SandboxOptions;
#[cfg(feature = "serde")]
pub use crate::serde::LuaSerdeExt;
pub use string::LuaString;
pub use table::{Table, TablePairs, TableSequence};
pub use thread::{Thread, ThreadStatus};
pub use userdata::{AnyUserData, MetaMethod, UserData, UserDataFields, UserDataMethods};
pub use value::{FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LightUserData, MultiValue, Nil, Value, Variadic};

#[cfg(feature = "cli")]
pub mod cli;
