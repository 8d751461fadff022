//! `use ravi::prelude::*;` brings the traits and the `Lua`-prefixed names mlua's prelude
//! has (`LuaTable`, `LuaFunction`, `LuaResult`, ...).
pub use crate::{
    AnyUserData as LuaAnyUserData, Chunk as LuaChunk, Error as LuaError, ExternalError as _, ExternalResult as _,
    FromLua, FromLuaMulti, Function as LuaFunction, HookTriggers as LuaHookTriggers, IntoLua, IntoLuaMulti, Lua,
    LuaOptions, LuaString, MetaMethod as LuaMetaMethod, MultiValue as LuaMultiValue, RegistryKey as LuaRegistryKey,
    Result as LuaResult, StdLib as LuaStdLib, Table as LuaTable, Thread as LuaThread, ThreadStatus as LuaThreadStatus,
    UserData as LuaUserData, UserDataFields as LuaUserDataFields, UserDataMethods as LuaUserDataMethods,
    Value as LuaValue, Variadic as LuaVariadic,
};
#[cfg(feature = "serde")]
pub use crate::serde::LuaSerdeExt;
