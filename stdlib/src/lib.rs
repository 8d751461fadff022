//! ravi-stdlib: the Lua 5.3 standard library for ravi-rs, written against the native API
//! of `ravi_vm::api`. `no_std` + `alloc`; io, os and package need the `std` feature.
//!
//! `open_libs` installs every library into a state (each library module adds itself here).
#![no_std]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;
pub mod pattern;
pub mod format;
pub mod pack;

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod math;
pub mod bit32;
#[cfg(feature = "std")]
pub mod io;
#[cfg(feature = "std")]
pub mod os;
#[cfg(feature = "std")]
pub mod package;
pub mod string;
pub mod table;
pub mod ravi;
pub mod utf8;

use ravi_vm::state::State;
use ravi_vm::LResult;

/// Opens the standard libraries into `st` (luaL_openlibs): each is stored in
/// `package.loaded` (registry._LOADED) and in its global.
pub fn open_libs(st: &mut State) -> LResult<()> {
    let top = st.top;
    st.require_lib("_G", base::open_base, true)?;
    #[cfg(feature = "std")]
    st.require_lib("package", package::open_package, true)?;
    st.require_lib("coroutine", coroutine::open_coroutine, true)?;
    st.require_lib("table", table::open_table, true)?;
    #[cfg(feature = "std")]
    st.require_lib("io", io::open_io, true)?;
    #[cfg(feature = "std")]
    st.require_lib("os", os::open_os, true)?;
    st.require_lib("string", string::open_string, true)?;
    st.require_lib("math", math::open_math, true)?;
    st.require_lib("utf8", utf8::open_utf8, true)?;
    st.require_lib("bit32", bit32::open_bit32, true)?;
    st.require_lib("debug", debug::open_debug, true)?;
    st.require_lib("ravi", ravi::open_ravi, true)?;
    st.top = top;
    Ok(())
}
