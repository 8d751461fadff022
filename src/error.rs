//! Errors of the embedding API: [`Error`] and the [`Result`] alias, in mlua's shape.
//!
//! Lua errors come out of the engine as [`Error::RuntimeError`] (the message followed by a
//! stack traceback), [`Error::SyntaxError`] or [`Error::MemoryError`]. An error returned by
//! a Rust callback travels through Lua as an opaque userdata value (scripts may catch it
//! with `pcall`; `tostring` gives its message) and comes back out wrapped in
//! [`Error::CallbackError`] with the Lua traceback at the point it was raised.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use std::fmt;
use std::string::String;
use std::sync::Arc;

/// The error type of every fallible operation of the embedding API.
///
/// ```
/// use ravi::{Error, Lua};
/// let lua = Lua::new();
/// match lua.load("error('boom')").exec() {
///     Err(Error::RuntimeError(msg)) => assert!(msg.contains("boom")),
///     other => panic!("{:?}", other),
/// }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// A chunk failed to compile.
    SyntaxError {
        /// The message as Lua formats it (`[string "..."]:1: ... near ...`).
        message: String,
        /// True when the source ended too early (more input could make it valid): a REPL
        /// uses it to ask for another line.
        incomplete_input: bool,
    },
    /// A Lua runtime error: the message and, when it was raised under a call from Rust,
    /// the stack traceback.
    RuntimeError(String),
    /// Allocation failed or the memory limit (`Lua::set_memory_limit`) was hit. The state
    /// stays usable.
    MemoryError(String),
    /// An error inside a `__gc` metamethod.
    GarbageCollectorError(String),
    /// A `Lua::new_with` request that would break the API's safety (e.g. the debug library).
    SafetyError(String),
    /// A Rust value could not be converted to a Lua value.
    ToLuaConversionError {
        /// Name of the Rust type.
        from: &'static str,
        /// Name of the Lua type.
        to: &'static str,
        /// More detail, if any.
        message: Option<String>,
    },
    /// A Lua value could not be converted to the Rust type asked for.
    FromLuaConversionError {
        /// Name of the Lua type.
        from: &'static str,
        /// Name of the Rust type.
        to: &'static str,
        /// More detail, if any.
        message: Option<String>,
    },
    /// `Thread::resume` on a coroutine that is running, finished or dead.
    CoroutineInactive,
    /// The userdata is not of the type asked for (or not a Rust userdata at all).
    UserDataTypeMismatch,
    /// The userdata's Rust value was already destroyed.
    UserDataDestructed,
    /// `borrow` failed: the value is mutably borrowed (e.g. by a running `add_method_mut`).
    UserDataBorrowError,
    /// `borrow_mut` failed: the value is borrowed.
    UserDataBorrowMutError,
    /// A `create_function_mut` callback was called again while it was running.
    RecursiveMutCallback,
    /// The callback's Rust closure is gone (e.g. its upvalue was replaced).
    CallbackDestructed,
    /// A `RegistryKey` (or handle) of another `Lua` state was used with this one.
    MismatchedRegistryKey,
    /// An argument of a Rust callback could not be converted.
    BadArgument {
        /// Name of the function, when known.
        to: Option<String>,
        /// 1-based position of the argument.
        pos: usize,
        /// Name of the argument, when known.
        name: Option<String>,
        /// What went wrong.
        cause: Arc<Error>,
    },
    /// An error returned by a Rust callback (or hook), as it comes back out of Lua: the
    /// Lua traceback where it was raised and the original error.
    CallbackError {
        /// `stack traceback:` of the Lua stack when the callback failed.
        traceback: String,
        /// The error the callback returned.
        cause: Arc<Error>,
    },
    /// Any other error, from Rust code (see [`ExternalError::into_lua_err`]).
    ExternalError(Arc<dyn std::error::Error + Send + Sync>),
    /// `LuaSerdeExt::to_value` failed (feature `serde`).
    #[cfg(feature = "serde")]
    SerializeError(String),
    /// `LuaSerdeExt::from_value` failed: the Lua value does not have the shape the type
    /// expects (feature `serde`).
    #[cfg(feature = "serde")]
    DeserializeError(String),
    /// An error with added context (see [`ErrorContext`]).
    WithContext {
        /// The context.
        context: String,
        /// The original error.
        cause: Arc<Error>,
    },
}

/// `Result<T, ravi::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::SyntaxError { message, .. } => write!(f, "syntax error: {}", message),
            Error::RuntimeError(m) => write!(f, "runtime error: {}", m),
            Error::MemoryError(m) => write!(f, "memory error: {}", m),
            Error::GarbageCollectorError(m) => write!(f, "garbage collector error: {}", m),
            Error::SafetyError(m) => write!(f, "safety error: {}", m),
            Error::ToLuaConversionError { from, to, message } => {
                write!(f, "error converting {} to Lua {}", from, to)?;
                match message {
                    Some(m) => write!(f, " ({})", m),
                    None => Ok(()),
                }
            }
            Error::FromLuaConversionError { from, to, message } => {
                write!(f, "error converting Lua {} to {}", from, to)?;
                match message {
                    Some(m) => write!(f, " ({})", m),
                    None => Ok(()),
                }
            }
            Error::CoroutineInactive => write!(f, "cannot resume non-suspended coroutine"),
            Error::UserDataTypeMismatch => write!(f, "userdata is not expected type"),
            Error::UserDataDestructed => write!(f, "userdata has been destructed"),
            Error::UserDataBorrowError => write!(f, "error borrowing userdata"),
            Error::UserDataBorrowMutError => write!(f, "error mutably borrowing userdata"),
            Error::RecursiveMutCallback => write!(f, "mutable callback called recursively"),
            Error::CallbackDestructed => write!(f, "a destructed callback or destructed userdata method was called"),
            Error::MismatchedRegistryKey => write!(f, "RegistryKey used from different Lua state"),
            Error::BadArgument { to, pos, name, cause } => {
                write!(f, "bad argument #{}", pos)?;
                if let Some(n) = name {
                    write!(f, " '{}'", n)?;
                }
                if let Some(t) = to {
                    write!(f, " to '{}'", t)?;
                }
                write!(f, ": {}", cause)
            }
            Error::CallbackError { traceback, cause } => {
                // The innermost cause first (nested callback errors share one traceback
                // story), then where it happened.
                write!(f, "{}\n{}", cause, traceback)
            }
            Error::ExternalError(e) => write!(f, "{}", e),
            #[cfg(feature = "serde")]
            Error::SerializeError(m) => write!(f, "serialize error: {}", m),
            #[cfg(feature = "serde")]
            Error::DeserializeError(m) => write!(f, "deserialize error: {}", m),
            Error::WithContext { context, cause } => write!(f, "{}\n{}", context, cause),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::CallbackError { cause, .. } | Error::BadArgument { cause, .. } | Error::WithContext { cause, .. } => {
                Some(cause.as_ref())
            }
            Error::ExternalError(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl Error {
    /// Wraps any error as [`Error::ExternalError`].
    ///
    /// ```
    /// let e = ravi::Error::external(std::io::Error::other("disk"));
    /// assert_eq!(e.to_string(), "disk");
    /// ```
    pub fn external<T: Into<Box<dyn std::error::Error + Send + Sync>>>(err: T) -> Error {
        Error::ExternalError(err.into().into())
    }

    /// A [`Error::RuntimeError`] with this message (handy in callbacks).
    pub fn runtime<S: fmt::Display>(msg: S) -> Error {
        Error::RuntimeError(msg.to_string())
    }

    /// The innermost error of a chain of `CallbackError`/`WithContext`/`BadArgument`.
    ///
    /// ```
    /// use ravi::{Error, Lua};
    /// let lua = Lua::new();
    /// let f = lua.create_function(|_, ()| Err::<(), _>(Error::runtime("deep"))).unwrap();
    /// lua.globals().set("f", f).unwrap();
    /// let e = lua.load("f()").exec().unwrap_err();
    /// assert!(matches!(e, Error::CallbackError { .. }));
    /// assert!(matches!(e.root_cause(), Error::RuntimeError(m) if m == "deep"));
    /// ```
    pub fn root_cause(&self) -> &Error {
        match self {
            Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } | Error::BadArgument { cause, .. } => {
                cause.root_cause()
            }
            e => e,
        }
    }

    pub(crate) fn from_lua_conv(from: &'static str, to: &'static str, message: Option<String>) -> Error {
        Error::FromLuaConversionError { from, to, message }
    }
}

/// Converts any error into [`Error::ExternalError`] (`.into_lua_err()`), as mlua's trait.
///
/// ```
/// use ravi::ExternalError;
/// let e = "12x".parse::<i32>().map_err(|e| e.into_lua_err()).unwrap_err();
/// assert!(matches!(e, ravi::Error::ExternalError(_)));
/// ```
pub trait ExternalError {
    /// Wraps `self` as an external error.
    fn into_lua_err(self) -> Error;
}

impl<E: Into<Box<dyn std::error::Error + Send + Sync>>> ExternalError for E {
    fn into_lua_err(self) -> Error {
        Error::external(self)
    }
}

/// `.into_lua_err()` on the error of a `Result`.
pub trait ExternalResult<T> {
    /// Maps the error to [`Error::ExternalError`].
    fn into_lua_err(self) -> Result<T>;
}

impl<T, E: ExternalError> ExternalResult<T> for std::result::Result<T, E> {
    fn into_lua_err(self) -> Result<T> {
        self.map_err(|e| e.into_lua_err())
    }
}

/// Adds context to an error (`.context("while loading config")`).
pub trait ErrorContext: Sized {
    /// Wraps the error in [`Error::WithContext`].
    fn context<C: fmt::Display>(self, context: C) -> Self;
    /// As `context`, computing the context lazily.
    fn with_context<C: fmt::Display>(self, f: impl FnOnce(&Error) -> C) -> Self;
}

impl ErrorContext for Error {
    fn context<C: fmt::Display>(self, context: C) -> Self {
        Error::WithContext { context: context.to_string(), cause: Arc::new(self) }
    }
    fn with_context<C: fmt::Display>(self, f: impl FnOnce(&Error) -> C) -> Self {
        let context = f(&self).to_string();
        Error::WithContext { context, cause: Arc::new(self) }
    }
}

impl<T> ErrorContext for Result<T> {
    fn context<C: fmt::Display>(self, context: C) -> Self {
        self.map_err(|e| e.context(context))
    }
    fn with_context<C: fmt::Display>(self, f: impl FnOnce(&Error) -> C) -> Self {
        self.map_err(|e| e.with_context(f))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::external(e)
    }
}
