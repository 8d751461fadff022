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

use ravi_vm::state::State;
use ravi_vm::LResult;

/// Opens the standard libraries into `st` (luaL_openlibs): each is stored in
/// `package.loaded` (registry._LOADED) and in its global.
pub fn open_libs(st: &mut State) -> LResult<()> {
    let top = st.top;
    st.require_lib("_G", base::open_base, true)?;
    st.require_lib("coroutine", coroutine::open_coroutine, true)?;
    st.top = top;
    Ok(())
}
