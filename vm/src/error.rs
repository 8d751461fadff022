//! Error signalling: the small `Error` status that `Result`s carry through Rust frames.
//!
//! Owns: the status codes. The error *value* (any Lua value) never travels in the `Err`:
//! it is stored in the throwing thread's `State::errobj` (a GC root) and the catcher takes
//! it from there (`State::take_error`). Keeping `Err` one byte keeps the interpreter's
//! hot paths lean. A yield unwinds with the same mechanism (`Error::Yield`).
//! Must not touch: anything else; no panics are used for Lua errors.

/// Why a Rust frame is being unwound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Error {
    /// A coroutine yield in progress (not an error: resume catches it).
    Yield = 1,
    /// A runtime error; the error object is in `State::errobj`.
    Runtime = 2,
    /// A syntax error from `load`; the message is in `State::errobj`.
    Syntax = 3,
    /// Allocation failed or the memory limit was hit; the value is "not enough memory".
    Memory = 4,
    /// An error inside a `__gc` metamethod (message in `State::errobj`).
    Gcmm = 5,
    /// An error while running the message handler.
    ErrErr = 6,
}

/// Result type of everything that can raise a Lua error.
pub type LResult<T> = Result<T, Error>;

/// Status codes as lua.h numbers them (LUA_OK, LUA_YIELD, ...).
pub const LUA_OK: i32 = 0;
pub const LUA_YIELD: i32 = 1;
pub const LUA_ERRRUN: i32 = 2;
pub const LUA_ERRSYNTAX: i32 = 3;
pub const LUA_ERRMEM: i32 = 4;
pub const LUA_ERRGCMM: i32 = 5;
pub const LUA_ERRERR: i32 = 6;

impl Error {
    pub fn code(self) -> i32 {
        self as i32
    }
}

const _: () = assert!(core::mem::size_of::<LResult<()>>() == 1);
