//! ravi-vm: values, garbage collector, strings, tables, functions, coroutines, the
//! interpreter, errors and the native-function API of ravi-rs. `no_std` + `alloc`.
//!
//! Module map (each module's doc says what it owns and must not touch):
//! - `value`: the 16-byte `Value` and its tags (JIT contract).
//! - `gc`: object headers, allocator hook and accounting, incremental collector.
//! - `string`, `table`, `function`: the object kinds.
//! - `state`: `Global`, `State` (a thread), `CallInfo`, `Lua` (owner).
//! - `call`: call/return protocol, protected calls, raising errors.
//! - `interp`: the dispatch loop and `finish_op`.
//! - `arith`, `metamethod`: number semantics and metamethod-aware operations.
//! - `debug_info`: line info, variable names, tracebacks.
//! - `coroutine`: resume/yield.
//! - `error`: the `Error` status.
//! - `api`: the native-function API used by the standard library.
#![no_std]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod api;
pub mod arith;
pub mod call;
pub mod coroutine;
pub mod debug_api;
pub mod debug_info;
pub mod error;
pub mod function;
pub mod gc;
pub mod interp;
pub mod metamethod;
pub mod ravi_array;
pub mod smallblock;
pub mod typed;
pub mod state;
pub mod string;
pub mod table;
pub mod value;

#[cfg(test)]
mod tests;

pub use api::{upvalue_index, CompareOp, REGISTRY_INDEX};
pub use error::{Error, LResult, LUA_ERRERR, LUA_ERRGCMM, LUA_ERRMEM, LUA_ERRRUN, LUA_ERRSYNTAX, LUA_OK, LUA_YIELD};
pub use function::NativeFn;
pub use gc::Gc;
pub use state::{KFn, Lua, State, MULTRET};
pub use string::LuaString;
pub use table::Table;
pub use value::{Type, Value};
