//! The [`Lua`] state of the embedding API and the machinery under every handle.
//!
//! # How the safe API sits on the VM
//! - `Lua` owns a `ravi_vm::state::Lua` (global state + main thread) through a boxed
//!   `Inner` whose address never changes, so the state can move (even to another thread:
//!   `Lua: Send`) while Lua-side objects point back to it.
//! - Handles (`Table`, `Function`, `LuaString`, `AnyUserData`, `Thread`) are slots in a
//!   reference table rooted in the VM's `Global::fixed` list (so scripts cannot reach or
//!   replace it, not even through `debug.getregistry`). A slot is released when the last
//!   clone of its handle is dropped; released slots are cleared at the next operation.
//!   Handles borrow the `Lua` (`'lua`): the state cannot be dropped or moved while any
//!   exists, and a handle of another state is rejected with `Error::MismatchedRegistryKey`.
//! - Every operation works on the stack of the *current* thread (the main thread, or the
//!   coroutine running the callback we are inside of) and restores its top. Anything that
//!   may run Lua code (metamethods, calls) runs under a protected call with a message
//!   handler that adds the traceback, so errors come back as `Result`s and the VM's frames
//!   are unwound by the VM itself.
//! - Rust callbacks are native closures whose only upvalue is a userdata owning the boxed
//!   closure (and a pointer to `Inner`). Errors they return travel as a userdata
//!   (`WrappedFailure`) that `tostring` prints; panics travel the same way and resume
//!   unwinding when they reach the Rust caller.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::chunk::{AsChunk, Chunk};
use crate::error::{Error, Result};
use crate::function::Function;
use crate::hook::{Debug, HookTriggers};
use ravi_vm::debug_api::{HOOK_CALL, HOOK_COUNT, HOOK_LINE, HOOK_RET, HOOK_TAILCALL, MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET};
use crate::string::LuaString;
use crate::table::Table;
use crate::thread::Thread;
use crate::userdata::{AnyUserData, UserData, UserDataCell};
use crate::value::{lossy, FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, LightUserData, LuaRef, MultiValue, RefInner, Value};
use ravi_vm::function::{NativeFn, UserPayload};
use ravi_vm::state::{Lua as VmLua, State};
use ravi_vm::value::*;
use ravi_vm::{Gc, LResult, Value as V, LUA_ERRERR, LUA_ERRGCMM, LUA_ERRMEM, LUA_ERRSYNTAX, LUA_OK};
use std::any::{Any, TypeId};
use std::boxed::Box;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::ptr::NonNull;
use std::rc::Rc;
use std::string::String;
use std::sync::{Arc, Mutex};
use std::vec::Vec;

/// Flags selecting the standard libraries to open (`Lua::new_with`).
///
/// ```
/// use ravi::{Lua, LuaOptions, StdLib};
/// let lua = Lua::new_with(StdLib::BASE | StdLib::MATH, LuaOptions::new()).unwrap();
/// assert!(lua.load("return io == nil and os == nil").eval::<bool>().unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StdLib(u32);

impl StdLib {
    /// The base library (`print`, `pairs`, `pcall`, ...).
    pub const BASE: StdLib = StdLib(1);
    /// `coroutine`.
    pub const COROUTINE: StdLib = StdLib(1 << 1);
    /// `table`.
    pub const TABLE: StdLib = StdLib(1 << 2);
    /// `io` (unsafe for untrusted code).
    pub const IO: StdLib = StdLib(1 << 3);
    /// `os` (unsafe for untrusted code).
    pub const OS: StdLib = StdLib(1 << 4);
    /// `string`.
    pub const STRING: StdLib = StdLib(1 << 5);
    /// `utf8`.
    pub const UTF8: StdLib = StdLib(1 << 6);
    /// `math`.
    pub const MATH: StdLib = StdLib(1 << 7);
    /// `package` and `require`.
    pub const PACKAGE: StdLib = StdLib(1 << 8);
    /// `debug` (only through `Lua::unsafe_new_with`).
    pub const DEBUG: StdLib = StdLib(1 << 31);
    /// No library.
    pub const NONE: StdLib = StdLib(0);
    /// Every library.
    pub const ALL: StdLib = StdLib(u32::MAX);
    /// Every library but `debug` (what `Lua::new` opens).
    pub const ALL_SAFE: StdLib = StdLib(u32::MAX & !(1 << 31));

    /// Does `self` include every library of `other`?
    pub const fn contains(self, other: StdLib) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for StdLib {
    type Output = StdLib;
    fn bitor(self, o: StdLib) -> StdLib {
        StdLib(self.0 | o.0)
    }
}
impl std::ops::BitOrAssign for StdLib {
    fn bitor_assign(&mut self, o: StdLib) {
        self.0 |= o.0
    }
}
impl std::ops::BitAnd for StdLib {
    type Output = StdLib;
    fn bitand(self, o: StdLib) -> StdLib {
        StdLib(self.0 & o.0)
    }
}
impl std::ops::BitXor for StdLib {
    type Output = StdLib;
    fn bitxor(self, o: StdLib) -> StdLib {
        StdLib(self.0 ^ o.0)
    }
}

/// Options of a new state (`Lua::new_with`).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct LuaOptions {
    /// Initial memory limit in bytes (`None`: unlimited), as `Lua::set_memory_limit`.
    pub memory_limit: Option<usize>,
}

impl LuaOptions {
    /// The defaults: no memory limit.
    pub const fn new() -> Self {
        LuaOptions { memory_limit: None }
    }
    /// Sets the initial memory limit.
    pub const fn memory_limit(mut self, limit: Option<usize>) -> Self {
        self.memory_limit = limit;
        self
    }
}

/// A value stored in the Lua registry, outliving any handle lifetime (`'static`, `Send`):
/// the way to keep Lua values in Rust structures. See `Lua::create_registry_value`.
///
/// Dropping the key releases the value (at the next `create_registry_value` or
/// `expire_registry_values`).
pub struct RegistryKey {
    pub(crate) index: i64,
    pub(crate) unref: Arc<Mutex<Vec<i64>>>,
    pub(crate) taken: bool,
}

impl std::fmt::Debug for RegistryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RegistryKey({})", self.index)
    }
}

impl Drop for RegistryKey {
    fn drop(&mut self) {
        if !self.taken {
            if let Ok(mut q) = self.unref.lock() {
                q.push(self.index);
            }
        }
    }
}

/// What a failing callback raises: a Rust error or a caught panic.
pub(crate) enum WrappedFailure {
    Error(Error),
    Panic(Option<Box<dyn Any + Send>>),
}

/// Payload of a callback's upvalue.
pub(crate) struct CallbackData {
    pub(crate) inner: *const Inner,
    pub(crate) f: StaticCallback,
}
struct CallbackHolder(Rc<CallbackData>);

/// A type-erased callback. The `'static` lifetimes are a fiction confined to the
/// trampoline: the real values never outlive the call.
pub(crate) type StaticCallback = Box<dyn Fn(&'static Lua, MultiValue<'static>) -> Result<MultiValue<'static>>>;

/// The installed hook: the VM event mask and count every hooked thread should run with,
/// and the callback.
#[derive(Clone)]
pub(crate) struct HookState {
    pub(crate) mask: u8,
    pub(crate) count: i32,
    #[allow(clippy::type_complexity)]
    pub(crate) f: Rc<dyn Fn(&Lua, Debug) -> Result<()>>,
}

/// What the VM's hook slot holds while the embedder's hooks are in use.
#[derive(Clone)]
pub(crate) enum HookMode {
    /// `Lua::set_hook`'s callback.
    User(HookState),
    /// The sandbox's instruction limit: instructions left (0: exhausted, the error is
    /// raised again at every instruction of every thread that reaches its next count event).
    Limit(u64),
}

/// Count events of the sandbox's instruction limit come at most this many instructions
/// apart (fewer as the limit nears, so it trips at the exact instruction).
pub(crate) const LIMIT_STEP: u64 = 128;
/// The error (inside a `CallbackError`) of an exhausted instruction limit.
pub(crate) const LIMIT_MESSAGE: &str = "instruction limit exceeded";

/// Marker payload that lets VM-level callbacks (hook, message handler) find `Inner`.
struct InnerPtr(*const Inner);

pub(crate) struct Inner {
    vm: Cell<Option<VmLua>>,
    main: *mut State,
    current: Cell<*mut State>,
    handle: std::mem::ManuallyDrop<Lua>,
    refs: Gc<ravi_vm::Table>,
    error_mt: Gc<ravi_vm::Table>,
    next_ref: Cell<i64>,
    free_refs: RefCell<Vec<i64>>,
    pending: RefCell<Vec<i64>>,
    unref_queue: Arc<Mutex<Vec<i64>>>,
    udata_mts: RefCell<HashMap<TypeId, i64>>,
    pub(crate) hook: RefCell<Option<HookMode>>,
}

/// A Lua state: the entry point of the embedding API.
///
/// `Lua` is `Send` (a state can move to another thread) but not `Sync`; for that every
/// Rust callback and userdata type stored in it must be `Send`.
///
/// ```
/// use ravi::Lua;
/// let lua = Lua::new();
/// lua.globals().set("x", 20).unwrap();
/// let add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b)).unwrap();
/// lua.globals().set("add", add).unwrap();
/// assert_eq!(lua.load("return add(x, 22)").eval::<i64>().unwrap(), 42);
/// ```
///
/// # What the types rule out
/// Handles borrow their state, so the state cannot be dropped (or moved) while one lives:
/// ```compile_fail,E0505
/// let lua = ravi::Lua::new();
/// let t = lua.create_table().unwrap();
/// drop(lua); // error: `lua` is still borrowed by `t`
/// t.set(1, 2).unwrap();
/// ```
/// A `Lua` can move to another thread but not be shared between threads:
/// ```compile_fail,E0277
/// let lua = ravi::Lua::new();
/// std::thread::scope(|s| {
///     s.spawn(|| lua.globals()); // error: `Lua` is not `Sync`
/// });
/// ```
/// and handles stay on the thread of their state:
/// ```compile_fail,E0277
/// let lua = ravi::Lua::new();
/// let t = lua.create_table().unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| t.raw_len()); // error: `Table` is not `Sync`
/// });
/// ```
/// Rust callbacks are `'static + Send`, so they cannot keep handles (use the
/// arguments, `lua.globals()` or a [`RegistryKey`]):
/// ```compile_fail
/// let lua = ravi::Lua::new();
/// let t = lua.create_table().unwrap();
/// let f = lua.create_function(move |_, ()| t.len()); // error: captures a handle
/// ```
/// A handle of another state is refused at run time: [`Error::MismatchedRegistryKey`].
pub struct Lua {
    ptr: NonNull<Inner>,
    _not_sync: PhantomData<Cell<()>>,
}

// SAFETY: a `Lua` owns its whole object graph (the VM state, Rust callbacks and userdata
// values, all required to be `Send`); handles borrow the `Lua`, so none can stay behind on
// the old thread, and `Lua` is not `Sync`, so it is never used from two threads at once.
// Reference counts inside the state (`Rc`) are only cloned during a call and move with it.
unsafe impl Send for Lua {}

// Compile-time checks: `Lua` and `Error` are `Send`.
const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<Lua>();
    assert_send::<Error>();
    assert_send::<RegistryKey>();
};

impl Drop for Lua {
    fn drop(&mut self) {
        let p = self.ptr.as_ptr();
        // SAFETY: this is the owning handle (the copy inside `Inner` is never dropped); no
        // borrowing handle can exist. Closing the VM may run finalizers that reach `Inner`
        // through shared references only, so take the VM out through the `Cell` first.
        unsafe {
            let vm = (*p).vm.take();
            drop(vm);
            drop(Box::from_raw(p));
        }
    }
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl std::fmt::Debug for Lua {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lua({:p})", self.ptr)
    }
}

const BASE_NAMES: &[&str] = &[
    "assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs", "load", "loadfile", "next", "pairs",
    "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring",
    "type", "xpcall", "_G", "_VERSION", "loadstring", "unpack",
];

fn n_open_libs(st: &mut State) -> LResult<usize> {
    ravi_stdlib::open_libs(st)?;
    Ok(0)
}
fn n_gc(st: &mut State) -> LResult<usize> {
    st.full_gc()?;
    Ok(0)
}
fn n_error_tostring(st: &mut State) -> LResult<usize> {
    let v = st.value(1);
    let s = match wrapped_failure(&v) {
        Some(WrappedFailure::Error(e)) => e.to_string(),
        Some(WrappedFailure::Panic(_)) => String::from("rust panic"),
        None => String::from("?"),
    };
    st.push_str(&s)?;
    Ok(1)
}

pub(crate) fn wrapped_failure<'a>(v: &V) -> Option<&'a mut WrappedFailure> {
    let u = v.as_userdata()?;
    match &mut u.m().payload {
        UserPayload::Any(b) => b.downcast_mut::<WrappedFailure>(),
        UserPayload::Bytes(_) => None,
    }
}

fn inner_of<'a>(st: &State) -> Option<&'a Inner> {
    for v in st.global().fixed.iter() {
        if let Some(u) = v.as_userdata() {
            if let UserPayload::Any(b) = &u.payload {
                if let Some(p) = b.downcast_ref::<InnerPtr>() {
                    // SAFETY: `Inner` outlives its VM state (it is freed after the VM).
                    return Some(unsafe { &*p.0 });
                }
            }
        }
    }
    None
}

/// Pushes a `WrappedFailure` userdata with the error metatable.
fn push_failure(st: &mut State, inner: &Inner, wf: WrappedFailure) -> LResult<()> {
    st.new_userdata_any(wf)?;
    st.push(V::table(inner.error_mt))?;
    st.set_metatable(-2)
}

/// Raises a failure as a Lua error (memory errors stay memory errors).
fn raise_failure(st: &mut State, inner: &Inner, wf: WrappedFailure) -> ravi_vm::Error {
    if let WrappedFailure::Error(Error::MemoryError(_)) = wf {
        return ravi_vm::Error::Memory;
    }
    if let Err(e) = push_failure(st, inner, wf) {
        return e;
    }
    let v = st.value(-1);
    st.error_value(v)
}

/// Message handler of every protected call made from Rust: adds the traceback (string
/// errors get it appended; callback errors become `CallbackError { traceback, cause }`).
fn msg_handler(st: &mut State) -> LResult<usize> {
    let v = st.value(1);
    if let Some(wf) = wrapped_failure(&v) {
        if let WrappedFailure::Error(e) = wf {
            if !matches!(e, Error::CallbackError { .. }) {
                let cause = Arc::new(e.clone());
                let traceback = lossy(&st.traceback(None, 1));
                if let Some(inner) = inner_of(st) {
                    push_failure(st, inner, WrappedFailure::Error(Error::CallbackError { traceback, cause }))?;
                    return Ok(1);
                }
            }
        }
        st.push_value(1)?;
        return Ok(1);
    }
    if v.is_string() || v.is_number() {
        let msg = match st.to_lstring(1)? {
            Some(s) => s.bytes().to_vec(),
            None => Vec::new(),
        };
        let tb = st.traceback(Some(&msg), 1);
        st.push_bytes(&tb)?;
        return Ok(1);
    }
    // Other error objects: their `__tostring` text (as mlua's `luaL_tolstring`), with the
    // traceback; without one the message says what type the object is.
    if st.call_meta(1, "__tostring")? && st.value(-1).is_string() {
        let msg = match st.to_lstring(-1)? {
            Some(s) => s.bytes().to_vec(),
            None => Vec::new(),
        };
        let tb = st.traceback(Some(&msg), 1);
        st.push_bytes(&tb)?;
        return Ok(1);
    }
    st.push_value(1)?;
    Ok(1)
}

/// `__tostring(v)` when it gives a string, else nil (for error objects that reach Rust
/// without the message handler, e.g. the error that kills a coroutine).
pub(crate) fn n_tostring_meta(st: &mut State) -> LResult<usize> {
    if st.call_meta(1, "__tostring")? && st.value(-1).is_string() {
        return Ok(1);
    }
    st.push_nil()?;
    Ok(1)
}

/// Restores the current thread when a callback/hook returns (also on unwinding).
struct CurrentGuard<'a> {
    inner: &'a Inner,
    prev: *mut State,
}
impl<'a> CurrentGuard<'a> {
    fn enter(inner: &'a Inner, st: *mut State) -> Self {
        let prev = inner.current.replace(st);
        CurrentGuard { inner, prev }
    }
}
impl Drop for CurrentGuard<'_> {
    fn drop(&mut self) {
        self.inner.current.set(self.prev);
    }
}

fn callback_holder(v: V) -> Option<Rc<CallbackData>> {
    let u = v.as_userdata()?;
    match &u.payload {
        UserPayload::Any(b) => b.downcast_ref::<CallbackHolder>().map(|h| h.0.clone()),
        UserPayload::Bytes(_) => None,
    }
}

/// The native function behind every Rust callback.
fn callback_trampoline(st: &mut State) -> LResult<usize> {
    let stp: *mut State = st;
    // SAFETY (whole function): `st` is not used past this point; every access goes through
    // `stp`, one short-lived reference at a time, so the user's callback (which reaches
    // the state through `Inner::current` = `stp`) never overlaps with ours.
    let data = match callback_holder(unsafe { (*stp).upvalue(1) }) {
        Some(d) => d,
        None => {
            let st = unsafe { &mut *stp };
            return Err(match inner_of(st) {
                Some(inner) => raise_failure(st, inner, WrappedFailure::Error(Error::CallbackDestructed)),
                None => st.error_str("callback destructed"),
            });
        }
    };
    // SAFETY: `Inner` lives as long as its VM state, which is running this call.
    let inner: &Inner = unsafe { &*data.inner };
    let lua: &'static Lua = unsafe { &*(&*inner.handle as *const Lua) };
    let _guard = CurrentGuard::enter(inner, stp);
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<usize> {
        let nargs = unsafe { (*stp).get_top() };
        let mut args = MultiValue::new();
        for i in 1..=nargs {
            let st = unsafe { &mut *stp };
            let v = st.value(i as i32);
            args.push_back(lua.value_from_vm(st, v)?);
        }
        let results = (data.f)(lua, args)?;
        let st = unsafe { &mut *stp };
        let n = results.len();
        for v in results.iter() {
            lua.push_value(st, v)?;
        }
        Ok(n)
    }));
    let st = unsafe { &mut *stp };
    match r {
        Ok(Ok(n)) => Ok(n),
        Ok(Err(mut e)) => {
            if let Error::BadArgument { to: to @ None, .. } = &mut e {
                let ci = st.ci.len() - 1;
                *to = st.func_name_of(ci).map(|(_, n)| lossy(&n));
            }
            Err(raise_failure(st, inner, WrappedFailure::Error(e)))
        }
        Err(p) => Err(raise_failure(st, inner, WrappedFailure::Panic(Some(p)))),
    }
}

/// The VM debug hook behind `Lua::set_hook` and the sandbox's instruction limit (see
/// `ravi_vm::debug_api`): runs on the hooked thread, with the hooked frame running.
fn vm_hook(st: &mut State, event: i32, line: i32) -> LResult<()> {
    let stp: *mut State = st;
    let inner = match inner_of(st) {
        Some(i) => i,
        None => return Ok(()),
    };
    let mode = inner.hook.borrow().clone();
    let hs = match mode {
        None => {
            // a thread still carrying a removed hook
            st.set_debug_hook(None, 0, 0);
            return Ok(());
        }
        Some(HookMode::Limit(left)) => {
            if event != HOOK_COUNT {
                st.set_debug_hook(Some(vm_hook), MASK_COUNT, st.dbg.base_count.max(1));
                return Ok(());
            }
            // This thread ran exactly `base_count` instructions since its last count event.
            let ran = st.dbg.base_count.max(1) as u64;
            let left = left.saturating_sub(ran);
            *inner.hook.borrow_mut() = Some(HookMode::Limit(left));
            let next = if left == 0 { 1 } else { left.min(LIMIT_STEP) as i32 };
            st.dbg.base_count = next;
            st.dbg.count = next;
            if left == 0 {
                // Make the main thread and the one the embedder called into stop at their
                // next instruction too (they may be resuming this coroutine).
                for t in [inner.main, inner.current.get()] {
                    if !core::ptr::eq(t, stp) {
                        // SAFETY: a live thread other than `st`; a short-lived access.
                        let t = unsafe { &mut *t };
                        if t.dbg.mask & MASK_COUNT != 0 {
                            t.dbg.base_count = 1;
                            t.dbg.count = 1;
                        }
                    }
                }
                // Raised without calling the message handler: the handler would run inside
                // this hook, where the VM disables hooks, so an `xpcall` handler that loops
                // forever would escape the limit.
                let e = Error::RuntimeError(LIMIT_MESSAGE.into());
                if let Err(e) = push_failure(st, inner, WrappedFailure::Error(e)) {
                    return Err(e);
                }
                st.errobj = st.value(-1);
                st.top -= 1;
                return Err(ravi_vm::Error::Runtime);
            }
            return Ok(());
        }
        Some(HookMode::User(hs)) => hs,
    };
    if st.dbg.mask != hs.mask || st.dbg.base_count != hs.count {
        // a thread still carrying a replaced hook (or the limit's): adopt the current one
        st.set_debug_hook(Some(vm_hook), hs.mask, hs.count);
        let wanted = match event {
            HOOK_CALL | HOOK_TAILCALL => MASK_CALL,
            HOOK_RET => MASK_RET,
            HOOK_LINE => MASK_LINE,
            _ => MASK_COUNT,
        };
        if hs.mask & wanted == 0 {
            return Ok(());
        }
    }
    // SAFETY: as in `callback_trampoline`.
    let lua: &Lua = unsafe { &*(&*inner.handle as *const Lua) };
    let dbg = Debug::from_state(unsafe { &*stp }, event, line);
    let r = {
        let _guard = CurrentGuard::enter(inner, stp);
        catch_unwind(AssertUnwindSafe(|| (hs.f)(lua, dbg)))
    };
    let st = unsafe { &mut *stp };
    match r {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(raise_failure(st, inner, WrappedFailure::Error(e))),
        Err(p) => Err(raise_failure(st, inner, WrappedFailure::Panic(Some(p)))),
    }
}

/// What a protected call runs.
pub(crate) enum Callee<'a, 'lua> {
    Native(NativeFn),
    Value(&'a Value<'lua>),
}

impl Lua {
    /// A new state with every standard library but `debug` (`StdLib::ALL_SAFE`).
    ///
    /// Panics if the state cannot be created (out of memory).
    pub fn new() -> Lua {
        Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new()).expect("cannot create a Lua state")
    }

    /// A new state with the selected standard libraries. The `debug` library is refused
    /// with `Error::SafetyError` (it can break the API's invariants); use
    /// [`Lua::unsafe_new_with`] for it.
    ///
    /// ```
    /// use ravi::{Lua, LuaOptions, StdLib};
    /// assert!(Lua::new_with(StdLib::ALL, LuaOptions::new()).is_err());
    /// let lua = Lua::new_with(StdLib::NONE, LuaOptions::new()).unwrap();
    /// assert!(lua.load("return print").eval::<ravi::Value>().unwrap().is_nil());
    /// ```
    pub fn new_with(libs: StdLib, options: LuaOptions) -> Result<Lua> {
        if libs.contains(StdLib::DEBUG) {
            return Err(Error::SafetyError("the unsafe `debug` module can't be loaded using `Lua::new_with`".into()));
        }
        // SAFETY: no debug library.
        unsafe { Lua::create(libs, options) }
    }

    /// As `new_with`, allowing the `debug` library.
    ///
    /// # Safety
    /// `debug` lets scripts change upvalues, locals and metatables behind the API's back
    /// (as in mlua, where this constructor is unsafe for the same reason). The engine stays
    /// sound: the API checks what it relies on, and `debug.setlocal`/`setupvalue`/
    /// `upvaluejoin` refuse to put a wrongly typed value into a Ravi-typed slot.
    pub unsafe fn unsafe_new_with(libs: StdLib, options: LuaOptions) -> Lua {
        unsafe { Lua::create(libs, options) }.expect("cannot create a Lua state")
    }

    unsafe fn create(libs: StdLib, options: LuaOptions) -> Result<Lua> {
        let mut vm = VmLua::new();
        let main: *mut State = vm.state();
        // SAFETY: `main` is the freshly created main thread, used only here for now.
        let st = unsafe { &mut *main };
        let mem = |_| Error::MemoryError("not enough memory".into());
        let refs = st.new_table().map_err(mem)?;
        st.global_mut().fixed.push(V::table(refs));
        let error_mt = st.new_table().map_err(mem)?;
        st.global_mut().fixed.push(V::table(error_mt));
        let inner = Box::new(Inner {
            vm: Cell::new(Some(vm)),
            main,
            current: Cell::new(main),
            handle: std::mem::ManuallyDrop::new(Lua { ptr: NonNull::dangling(), _not_sync: PhantomData }),
            refs,
            error_mt,
            next_ref: Cell::new(1),
            free_refs: RefCell::new(Vec::new()),
            pending: RefCell::new(Vec::new()),
            unref_queue: Arc::new(Mutex::new(Vec::new())),
            udata_mts: RefCell::new(HashMap::new()),
            hook: RefCell::new(None),
        });
        let p = Box::into_raw(inner);
        // SAFETY: p is the unique pointer to the new Inner.
        unsafe {
            (*p).handle = std::mem::ManuallyDrop::new(Lua { ptr: NonNull::new_unchecked(p), _not_sync: PhantomData });
        }
        let lua = Lua { ptr: unsafe { NonNull::new_unchecked(p) }, _not_sync: PhantomData };
        {
            let st = lua.state_mut();
            let u = st.new_userdata(UserPayload::Any(Box::new(InnerPtr(p)))).map_err(mem)?;
            st.global_mut().fixed.push(V::userdata(u));
            st.raw_set_str(error_mt, b"__tostring", V::light_fn(n_error_tostring)).map_err(mem)?;
            st.raw_set_str(error_mt, b"__name", V::NIL).map_err(mem)?;
        }
        lua.pcall_raw(Callee::Native(n_open_libs), &[], 0)?;
        {
            let st = lua.state_mut();
            let g = st.globals();
            let loaded = st.raw_get_str(st.registry(), b"_LOADED").map_err(mem)?.as_table();
            let libs_list: [(StdLib, &str); 9] = [
                (StdLib::COROUTINE, "coroutine"),
                (StdLib::TABLE, "table"),
                (StdLib::IO, "io"),
                (StdLib::OS, "os"),
                (StdLib::STRING, "string"),
                (StdLib::UTF8, "utf8"),
                (StdLib::MATH, "math"),
                (StdLib::PACKAGE, "package"),
                (StdLib::DEBUG, "debug"),
            ];
            for (flag, name) in libs_list {
                if !libs.contains(flag) {
                    st.raw_set_str(g, name.as_bytes(), V::NIL).map_err(mem)?;
                    if let Some(l) = loaded {
                        st.raw_set_str(l, name.as_bytes(), V::NIL).map_err(mem)?;
                    }
                    if flag == StdLib::STRING {
                        st.push_nil().map_err(mem)?;
                        st.set_type_metatable(Type::String);
                    }
                    if flag == StdLib::PACKAGE {
                        st.raw_set_str(g, b"require", V::NIL).map_err(mem)?;
                    }
                }
            }
            if !libs.contains(StdLib::BASE) {
                for name in BASE_NAMES {
                    st.raw_set_str(g, name.as_bytes(), V::NIL).map_err(mem)?;
                }
                if let Some(l) = loaded {
                    st.raw_set_str(l, b"_G", V::NIL).map_err(mem)?;
                }
            }
        }
        if let Some(limit) = options.memory_limit {
            lua.set_memory_limit(limit)?;
        }
        Ok(lua)
    }

    // ------------------------------------------------------------------ internals

    pub(crate) fn inner(&self) -> &Inner {
        // SAFETY: Inner lives as long as the owning Lua, which outlives every `&Lua`.
        unsafe { self.ptr.as_ref() }
    }
    pub(crate) fn inner_ptr(&self) -> *const Inner {
        self.ptr.as_ptr()
    }
    pub(crate) fn same_state(&self, other: &Lua) -> bool {
        self.ptr == other.ptr
    }

    /// The thread operations run on. Callers hold the returned reference only for the
    /// duration of one operation and never call user code while holding it (except
    /// through the VM, which hands the callback a reborrow that becomes `current`).
    #[allow(clippy::mut_from_ref)]
    pub(crate) fn state_mut(&self) -> &mut State {
        let inner = self.inner();
        // SAFETY: see above; `current` is the main thread or the thread running the
        // innermost callback, both alive.
        let st = unsafe { &mut *inner.current.get() };
        if !inner.pending.borrow().is_empty() {
            let pend = std::mem::take(&mut *inner.pending.borrow_mut());
            for i in pend.iter() {
                // Clearing an existing slot never allocates.
                let _ = st.raw_set_int(inner.refs, *i, V::NIL);
            }
            inner.free_refs.borrow_mut().extend(pend);
        }
        st
    }

    pub(crate) fn ref_value(&self, index: i64) -> V {
        self.inner().refs.get_int_value(index)
    }

    pub(crate) fn release_ref(&self, index: i64) {
        if let Ok(mut p) = self.inner().pending.try_borrow_mut() {
            p.push(index);
        }
    }

    /// Roots `v` in the reference table.
    pub(crate) fn new_ref<'lua>(&'lua self, st: &mut State, v: V) -> Result<LuaRef<'lua>> {
        let index = self.alloc_ref_slot(st, v)?;
        Ok(LuaRef(Rc::new(RefInner { lua: self, index })))
    }

    fn alloc_ref_slot(&self, st: &mut State, v: V) -> Result<i64> {
        let inner = self.inner();
        let index = match inner.free_refs.borrow_mut().pop() {
            Some(i) => i,
            None => {
                let i = inner.next_ref.get();
                inner.next_ref.set(i + 1);
                i
            }
        };
        // Handles are Rust-side roots: growing their table is not charged against the
        // script's memory limit (so `globals()` and conversions do not fail under it).
        let limit = std::mem::replace(&mut st.global_mut().heap.limit, usize::MAX);
        let r = st.raw_set_int(inner.refs, index, v);
        st.global_mut().heap.limit = limit;
        match r {
            Ok(()) => Ok(index),
            Err(e) => {
                inner.free_refs.borrow_mut().push(index);
                Err(self.vm_error(st, e))
            }
        }
    }

    /// Roots the value on top of the stack and pops it.
    pub(crate) fn pop_ref<'lua>(&'lua self, st: &mut State) -> Result<LuaRef<'lua>> {
        let v = st.value(-1);
        let r = self.new_ref(st, v);
        st.pop(1);
        r
    }

    /// Converts an error status of a direct (unprotected) VM call.
    pub(crate) fn vm_error(&self, st: &mut State, e: ravi_vm::Error) -> Error {
        match e {
            ravi_vm::Error::Memory => Error::MemoryError("not enough memory".into()),
            ravi_vm::Error::ErrErr => Error::RuntimeError("error in error handling".into()),
            e => {
                let v = st.take_error(e);
                let (err, panic) = self.error_from_vm(&v, e.code());
                if let Some(p) = panic {
                    resume_unwind(p);
                }
                err
            }
        }
    }

    /// The `Error` for an error value and status; a panic payload is handed back to be
    /// resumed once the stack is clean.
    pub(crate) fn error_from_vm(&self, v: &V, status: i32) -> (Error, Option<Box<dyn Any + Send>>) {
        if status == LUA_ERRMEM {
            return (Error::MemoryError("not enough memory".into()), None);
        }
        if status == LUA_ERRERR {
            return (Error::RuntimeError("error in error handling".into()), None);
        }
        if let Some(wf) = wrapped_failure(v) {
            return match wf {
                WrappedFailure::Error(e) => (e.clone(), None),
                WrappedFailure::Panic(p) => match p.take() {
                    Some(p) => (Error::RuntimeError("rust panic".into()), Some(p)),
                    None => (Error::RuntimeError("rust panic (already resumed)".into()), None),
                },
            };
        }
        let msg = if let Some(s) = v.as_string() {
            lossy(s.bytes())
        } else if v.is_number() {
            let mut b = Vec::new();
            ravi_vm::arith::number_to_bytes(v, &mut b);
            lossy(&b)
        } else {
            format!("(error object is a {} value)", v.type_name())
        };
        if status == LUA_ERRGCMM {
            (Error::GarbageCollectorError(msg), None)
        } else if status == LUA_ERRSYNTAX {
            let incomplete_input = msg.ends_with("<eof>");
            (Error::SyntaxError { message: msg, incomplete_input }, None)
        } else {
            (Error::RuntimeError(msg), None)
        }
    }

    /// The `__tostring` text of an error object, when it has one that gives a string
    /// (called under a protected call; an error in it gives `None`).
    pub(crate) fn error_object_text(&self, st: &mut State, v: V) -> Option<String> {
        let v = self.value_from_vm(st, v).ok()?;
        let mut r = self.pcall_raw(Callee::Native(n_tostring_meta), &[v], 1).ok()?;
        match r.pop_front()? {
            Value::String(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        }
    }

    /// Pushes a value of this state (handles of another state are refused).
    pub(crate) fn push_value(&self, st: &mut State, v: &Value<'_>) -> Result<()> {
        let raw = match v {
            Value::Nil => V::NIL,
            Value::Boolean(b) => V::bool(*b),
            Value::LightUserData(p) => V::light_userdata(p.0),
            Value::Integer(i) => V::int(*i),
            Value::Number(n) => V::float(*n),
            Value::Error(e) => {
                return push_failure(st, self.inner(), WrappedFailure::Error(e.clone())).map_err(|e| self.vm_error(st, e));
            }
            other => {
                let r = other.lua_ref().expect("reference value");
                if !self.same_state(r.lua()) {
                    return Err(Error::MismatchedRegistryKey);
                }
                self.ref_value(r.index())
            }
        };
        st.push(raw).map_err(|e| self.vm_error(st, e))
    }

    /// Wraps a VM value (rooting reference values).
    pub(crate) fn value_from_vm<'lua>(&'lua self, st: &mut State, v: V) -> Result<Value<'lua>> {
        Ok(match v.tag() {
            TAG_NIL => Value::Nil,
            TAG_FALSE => Value::Boolean(false),
            TAG_TRUE => Value::Boolean(true),
            TAG_INT => Value::Integer(v.ival()),
            TAG_FLOAT => Value::Number(v.fval()),
            TAG_LIGHTUD => Value::LightUserData(LightUserData(v.gc_ptr() as *mut std::ffi::c_void)),
            TAG_SHRSTR | TAG_LNGSTR => Value::String(LuaString(self.new_ref(st, v)?)),
            TAG_TABLE => Value::Table(Table(self.new_ref(st, v)?)),
            TAG_LCL | TAG_NCL | TAG_LCF => Value::Function(Function(self.new_ref(st, v)?)),
            TAG_THREAD => Value::Thread(Thread(self.new_ref(st, v)?)),
            TAG_USERDATA => {
                if let Some(WrappedFailure::Error(e)) = wrapped_failure(&v) {
                    Value::Error(e.clone())
                } else {
                    Value::UserData(AnyUserData(self.new_ref(st, v)?))
                }
            }
            _ => Value::Nil,
        })
    }

    /// Calls `callee(args...)` under a protected call with the traceback handler and
    /// returns up to `nresults` results (`-1`: all).
    pub(crate) fn pcall_raw<'lua>(&'lua self, callee: Callee<'_, 'lua>, args: &[Value<'lua>], nresults: i32) -> Result<MultiValue<'lua>> {
        let st = self.state_mut();
        let base = st.get_top();
        let pushed = (|| -> Result<()> {
            st.push_fn(msg_handler).map_err(|e| self.vm_error(st, e))?;
            match callee {
                Callee::Native(f) => st.push_fn(f).map_err(|e| self.vm_error(st, e))?,
                Callee::Value(v) => self.push_value(st, v)?,
            }
            for a in args {
                self.push_value(st, a)?;
            }
            Ok(())
        })();
        if let Err(e) = pushed {
            st.set_top(base);
            return Err(e);
        }
        let status = match st.pcall(args.len(), nresults, (base + 1) as i32) {
            Ok(s) => s,
            Err(e) => {
                let err = self.vm_error(st, e);
                st.set_top(base);
                return Err(err);
            }
        };
        if status != LUA_OK {
            let v = st.value(-1);
            let (err, panic) = self.error_from_vm(&v, status);
            st.set_top(base);
            if let Some(p) = panic {
                resume_unwind(p);
            }
            return Err(err);
        }
        let n = st.get_top() - base - 1;
        let mut out = MultiValue::new();
        let mut res = Ok(());
        for i in 0..n {
            let v = st.value((base + 2 + i) as i32);
            match self.value_from_vm(st, v) {
                Ok(v) => out.push_back(v),
                Err(e) => {
                    res = Err(e);
                    break;
                }
            }
        }
        st.set_top(base);
        res.map(|_| out)
    }

    // ------------------------------------------------------------------ public API

    /// Starts loading a chunk of Lua source (or a binary chunk, if the mode allows it).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.load("x = 1").set_name("=init").exec().unwrap();
    /// assert_eq!(lua.load("return x + 1").eval::<i64>().unwrap(), 2);
    /// ```
    pub fn load<'lua, 'a>(&'lua self, chunk: impl AsChunk<'a>) -> Chunk<'lua, 'a> {
        Chunk::new(self, chunk.source())
    }

    /// The table of globals (`_G`).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.globals().set("answer", 42).unwrap();
    /// assert_eq!(lua.load("return answer").eval::<i32>().unwrap(), 42);
    /// ```
    pub fn globals(&self) -> Table<'_> {
        let st = self.state_mut();
        let g = V::table(st.globals());
        Table(self.new_ref(st, g).expect("cannot reference the globals table (out of memory)"))
    }

    /// Creates an empty table.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.set("k", 1).unwrap();
    /// assert_eq!(t.get::<_, i32>("k").unwrap(), 1);
    /// ```
    pub fn create_table(&self) -> Result<Table<'_>> {
        self.create_table_with_capacity(0, 0)
    }

    /// Creates an empty table with room for `narr` sequence and `nrec` other entries.
    pub fn create_table_with_capacity(&self, narr: usize, nrec: usize) -> Result<Table<'_>> {
        let st = self.state_mut();
        if let Err(e) = st.create_table(narr, nrec) {
            return Err(self.vm_error(st, e));
        }
        Ok(Table(self.pop_ref(st)?))
    }

    /// Creates a table from key/value pairs.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_table_from([("a", 1), ("b", 2)]).unwrap();
    /// assert_eq!(t.get::<_, i32>("b").unwrap(), 2);
    /// ```
    pub fn create_table_from<'lua, K, V2, I>(&'lua self, iter: I) -> Result<Table<'lua>>
    where
        K: IntoLua<'lua>,
        V2: IntoLua<'lua>,
        I: IntoIterator<Item = (K, V2)>,
    {
        let t = self.create_table()?;
        for (k, v) in iter {
            t.raw_set(k, v)?;
        }
        Ok(t)
    }

    /// Creates a sequence `{v1, v2, ...}`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let t = lua.create_sequence_from([10, 20, 30]).unwrap();
    /// assert_eq!(t.raw_len(), 3);
    /// ```
    pub fn create_sequence_from<'lua, T, I>(&'lua self, iter: I) -> Result<Table<'lua>>
    where
        T: IntoLua<'lua>,
        I: IntoIterator<Item = T>,
    {
        let t = self.create_table()?;
        for (i, v) in iter.into_iter().enumerate() {
            t.raw_set(i as i64 + 1, v)?;
        }
        Ok(t)
    }

    /// Creates a Lua string (any bytes).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let s = lua.create_string(b"a\0b").unwrap();
    /// assert_eq!(s.as_bytes(), b"a\0b");
    /// ```
    pub fn create_string(&self, s: impl AsRef<[u8]>) -> Result<LuaString<'_>> {
        let st = self.state_mut();
        if let Err(e) = st.push_bytes(s.as_ref()) {
            return Err(self.vm_error(st, e));
        }
        Ok(LuaString(self.pop_ref(st)?))
    }

    pub(crate) fn create_callback<'lua>(&'lua self, f: StaticCallback) -> Result<Function<'lua>> {
        let data = Rc::new(CallbackData { inner: self.inner_ptr(), f });
        let st = self.state_mut();
        if let Err(e) = st.new_userdata_any(CallbackHolder(data)) {
            return Err(self.vm_error(st, e));
        }
        if let Err(e) = st.push_closure(callback_trampoline, 1) {
            st.pop(1);
            return Err(self.vm_error(st, e));
        }
        Ok(Function(self.pop_ref(st)?))
    }

    /// Wraps a Rust closure as a Lua function. Arguments convert with `FromLuaMulti`
    /// (a failure is `Error::BadArgument`), results with `IntoLuaMulti`; an `Err` becomes
    /// a Lua error (catchable by `pcall`), and comes back to Rust as
    /// `Error::CallbackError { traceback, cause }`. The closure may call back into Lua.
    ///
    /// ```
    /// use ravi::{Error, Lua};
    /// let lua = Lua::new();
    /// let f = lua.create_function(|_, (s, n): (String, usize)| Ok(s.repeat(n))).unwrap();
    /// lua.globals().set("rep", f).unwrap();
    /// assert_eq!(lua.load("return rep('ab', 3)").eval::<String>().unwrap(), "ababab");
    ///
    /// let fail = lua.create_function(|_, ()| Err::<(), _>(Error::runtime("nope"))).unwrap();
    /// match fail.call::<_, ()>(()) {
    ///     Err(Error::CallbackError { cause, .. }) => assert_eq!(cause.to_string(), "runtime error: nope"),
    ///     r => panic!("{:?}", r),
    /// }
    /// ```
    pub fn create_function<'lua, A, R, F>(&'lua self, func: F) -> Result<Function<'lua>>
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: Fn(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        let cb: Box<dyn Fn(&'lua Lua, MultiValue<'lua>) -> Result<MultiValue<'lua>> + 'lua> =
            Box::new(move |lua, args| func(lua, A::from_lua_args(args, lua, None)?)?.into_lua_multi(lua));
        // SAFETY: only the signature mentions 'lua (the closure owns only `func`, which is
        // 'static); the trampoline calls it with values that live for the call only.
        let cb: StaticCallback = unsafe { std::mem::transmute(cb) };
        self.create_callback(cb)
    }

    /// As `create_function` for an `FnMut`. A recursive call (the closure calling itself
    /// through Lua) fails with `Error::RecursiveMutCallback`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let mut n = 0;
    /// let counter = lua.create_function_mut(move |_, ()| { n += 1; Ok(n) }).unwrap();
    /// counter.call::<_, i32>(()).unwrap();
    /// assert_eq!(counter.call::<_, i32>(()).unwrap(), 2);
    /// ```
    pub fn create_function_mut<'lua, A, R, F>(&'lua self, func: F) -> Result<Function<'lua>>
    where
        A: FromLuaMulti<'lua>,
        R: IntoLuaMulti<'lua>,
        F: FnMut(&'lua Lua, A) -> Result<R> + Send + 'static,
    {
        let func = RefCell::new(func);
        self.create_function(move |lua, args| {
            let mut f = func.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
            (*f)(lua, args)
        })
    }

    /// Moves a Rust value into a Lua userdata whose methods and fields come from its
    /// [`UserData`] implementation. The value is dropped when Lua collects it.
    ///
    /// ```
    /// use ravi::{Lua, UserData, UserDataMethods};
    /// struct Counter(i64);
    /// impl UserData for Counter {
    ///     fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(m: &mut M) {
    ///         m.add_method_mut("inc", |_, this, by: i64| { this.0 += by; Ok(this.0) });
    ///     }
    /// }
    /// let lua = Lua::new();
    /// lua.globals().set("c", Counter(1)).unwrap();
    /// assert_eq!(lua.load("c:inc(2); return c:inc(3)").eval::<i64>().unwrap(), 6);
    /// ```
    pub fn create_userdata<T: UserData + Send + 'static>(&self, data: T) -> Result<AnyUserData<'_>> {
        let mt = self.userdata_metatable::<T>()?;
        let st = self.state_mut();
        if let Err(e) = st.new_userdata_any(UserDataCell::new(data)) {
            return Err(self.vm_error(st, e));
        }
        let r = (|| {
            st.push(self.ref_value(mt))?;
            st.set_metatable(-2)
        })();
        if let Err(e) = r {
            st.pop(1);
            return Err(self.vm_error(st, e));
        }
        Ok(AnyUserData(self.pop_ref(st)?))
    }

    fn userdata_metatable<T: UserData + 'static>(&self) -> Result<i64> {
        if let Some(i) = self.inner().udata_mts.borrow().get(&TypeId::of::<T>()) {
            return Ok(*i);
        }
        let mt = crate::userdata::build_metatable::<T>(self)?;
        let st = self.state_mut();
        let index = self.alloc_ref_slot(st, mt.0.raw())?;
        self.inner().udata_mts.borrow_mut().insert(TypeId::of::<T>(), index);
        Ok(index)
    }

    /// Creates a coroutine running `func`.
    ///
    /// ```
    /// use ravi::{Lua, ThreadStatus};
    /// let lua = Lua::new();
    /// let f = lua.load("local a = ...; local b = coroutine.yield(a + 1); return b * 2").into_function().unwrap();
    /// let co = lua.create_thread(f).unwrap();
    /// assert_eq!(co.resume::<_, i64>(1).unwrap(), 2);
    /// assert_eq!(co.resume::<_, i64>(21).unwrap(), 42);
    /// assert_eq!(co.status(), ThreadStatus::Finished);
    /// ```
    pub fn create_thread<'lua>(&'lua self, func: Function<'lua>) -> Result<Thread<'lua>> {
        if !self.same_state(func.0.lua()) {
            return Err(Error::MismatchedRegistryKey);
        }
        let st = self.state_mut();
        let th = match st.new_thread() {
            Ok(t) => t,
            Err(e) => return Err(self.vm_error(st, e)),
        };
        if let Err(e) = st.push(V::thread(th)) {
            return Err(self.vm_error(st, e));
        }
        let f = func.0.raw();
        if let Err(e) = th.m().push(f) {
            st.pop(1);
            return Err(self.vm_error(st, e));
        }
        Ok(Thread(self.pop_ref(st)?))
    }

    /// Converts a Rust value to a Lua value.
    pub fn pack<'lua, T: IntoLua<'lua>>(&'lua self, t: T) -> Result<Value<'lua>> {
        t.into_lua(self)
    }
    /// Converts a Lua value to a Rust value.
    pub fn unpack<'lua, T: FromLua<'lua>>(&'lua self, v: Value<'lua>) -> Result<T> {
        T::from_lua(v, self)
    }
    /// Converts a Rust value to several Lua values.
    pub fn pack_multi<'lua, T: IntoLuaMulti<'lua>>(&'lua self, t: T) -> Result<MultiValue<'lua>> {
        t.into_lua_multi(self)
    }
    /// Converts several Lua values to a Rust value.
    pub fn unpack_multi<'lua, T: FromLuaMulti<'lua>>(&'lua self, v: MultiValue<'lua>) -> Result<T> {
        T::from_lua_multi(v, self)
    }

    // ------------------------------------------------------------------ registry

    /// Sets `registry[name] = t`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.set_named_registry_value("config.level", 3).unwrap();
    /// assert_eq!(lua.named_registry_value::<i32>("config.level").unwrap(), 3);
    /// ```
    pub fn set_named_registry_value<'lua, T: IntoLua<'lua>>(&'lua self, name: &str, t: T) -> Result<()> {
        let v = t.into_lua(self)?;
        let st = self.state_mut();
        let base = st.get_top();
        let r = (|| {
            st.push(V::table(st.registry())).map_err(|e| self.vm_error(st, e))?;
            st.push_str(name).map_err(|e| self.vm_error(st, e))?;
            self.push_value(st, &v)?;
            st.raw_set_api(base as i32 + 1).map_err(|e| self.vm_error(st, e))
        })();
        st.set_top(base);
        r
    }

    /// Reads `registry[name]`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// assert_eq!(lua.named_registry_value::<Option<i32>>("unset").unwrap(), None);
    /// lua.set_named_registry_value("app.version", "1.2").unwrap();
    /// assert_eq!(lua.named_registry_value::<String>("app.version").unwrap(), "1.2");
    /// ```
    pub fn named_registry_value<'lua, T: FromLua<'lua>>(&'lua self, name: &str) -> Result<T> {
        let st = self.state_mut();
        let reg = st.registry();
        let v = match st.raw_get_str(reg, name.as_bytes()) {
            Ok(v) => v,
            Err(e) => return Err(self.vm_error(st, e)),
        };
        let v = self.value_from_vm(st, v)?;
        T::from_lua(v, self)
    }

    /// Removes `registry[name]`.
    pub fn unset_named_registry_value(&self, name: &str) -> Result<()> {
        self.set_named_registry_value(name, Value::Nil)
    }

    /// Stores a value in the registry and returns a `'static` key for it.
    ///
    /// ```
    /// use ravi::{Lua, Table};
    /// let lua = Lua::new();
    /// let key = lua.create_registry_value(lua.create_table().unwrap()).unwrap();
    /// let t: Table = lua.registry_value(&key).unwrap();
    /// t.set(1, "x").unwrap();
    /// lua.remove_registry_value(key).unwrap();
    /// ```
    pub fn create_registry_value<'lua, T: IntoLua<'lua>>(&'lua self, t: T) -> Result<RegistryKey> {
        let v = t.into_lua(self)?;
        self.expire_registry_values();
        let st = self.state_mut();
        let base = st.get_top();
        self.push_value(st, &v)?;
        let raw = st.value(-1);
        let r = self.alloc_ref_slot(st, raw);
        st.set_top(base);
        Ok(RegistryKey { index: r?, unref: self.inner().unref_queue.clone(), taken: false })
    }

    /// The value stored under `key` (`Error::MismatchedRegistryKey` for a key of another
    /// state).
    ///
    /// ```
    /// use ravi::{Error, Lua};
    /// let (a, b) = (Lua::new(), Lua::new());
    /// let key = a.create_registry_value("kept").unwrap();
    /// assert_eq!(a.registry_value::<String>(&key).unwrap(), "kept");
    /// assert!(matches!(b.registry_value::<String>(&key), Err(Error::MismatchedRegistryKey)));
    /// ```
    pub fn registry_value<'lua, T: FromLua<'lua>>(&'lua self, key: &RegistryKey) -> Result<T> {
        if !self.owns_registry_value(key) {
            return Err(Error::MismatchedRegistryKey);
        }
        let st = self.state_mut();
        let raw = self.ref_value(key.index);
        let v = self.value_from_vm(st, raw)?;
        T::from_lua(v, self)
    }

    /// Replaces the value stored under `key`.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let key = lua.create_registry_value(1).unwrap();
    /// lua.replace_registry_value(&key, 2).unwrap();
    /// assert_eq!(lua.registry_value::<i32>(&key).unwrap(), 2);
    /// ```
    pub fn replace_registry_value<'lua, T: IntoLua<'lua>>(&'lua self, key: &RegistryKey, t: T) -> Result<()> {
        if !self.owns_registry_value(key) {
            return Err(Error::MismatchedRegistryKey);
        }
        let v = t.into_lua(self)?;
        let st = self.state_mut();
        let base = st.get_top();
        self.push_value(st, &v)?;
        let raw = st.value(-1);
        let r = st.raw_set_int(self.inner().refs, key.index, raw).map_err(|e| self.vm_error(st, e));
        st.set_top(base);
        r
    }

    /// Removes the value stored under `key` now.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let key = lua.create_registry_value(lua.create_table().unwrap()).unwrap();
    /// lua.remove_registry_value(key).unwrap(); // the key is consumed: no use after removal
    /// ```
    pub fn remove_registry_value(&self, mut key: RegistryKey) -> Result<()> {
        if !self.owns_registry_value(&key) {
            return Err(Error::MismatchedRegistryKey);
        }
        key.taken = true;
        self.release_ref(key.index);
        self.state_mut();
        Ok(())
    }

    /// Does `key` belong to this state?
    pub fn owns_registry_value(&self, key: &RegistryKey) -> bool {
        Arc::ptr_eq(&key.unref, &self.inner().unref_queue)
    }

    /// Releases the values of dropped `RegistryKey`s.
    pub fn expire_registry_values(&self) {
        let q: Vec<i64> = match self.inner().unref_queue.lock() {
            Ok(mut q) => std::mem::take(&mut *q),
            Err(_) => return,
        };
        for i in q {
            self.release_ref(i);
        }
        self.state_mut();
    }

    // ------------------------------------------------------------------ memory and GC

    /// Sets the memory limit in bytes (0: none) and returns the previous one. Allocations
    /// over the limit fail with `Error::MemoryError`; the state stays usable.
    ///
    /// ```
    /// use ravi::{Error, Lua};
    /// let lua = Lua::new();
    /// lua.set_memory_limit(lua.used_memory() + 100_000).unwrap();
    /// let r = lua.load("local t = {} for i = 1, 1e7 do t[i] = i end").exec();
    /// assert!(matches!(r, Err(Error::MemoryError(_))));
    /// lua.set_memory_limit(0).unwrap();
    /// assert_eq!(lua.load("return 1 + 1").eval::<i32>().unwrap(), 2);
    /// ```
    pub fn set_memory_limit(&self, limit: usize) -> Result<usize> {
        let st = self.state_mut();
        let heap = &mut st.global_mut().heap;
        let prev = heap.limit;
        heap.limit = if limit == 0 { usize::MAX } else { limit };
        Ok(if prev == usize::MAX { 0 } else { prev })
    }

    /// Bytes currently allocated by the state.
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// let before = lua.used_memory();
    /// let _s = lua.create_string(vec![b'x'; 100_000]).unwrap();
    /// assert!(lua.used_memory() >= before + 100_000);
    /// ```
    pub fn used_memory(&self) -> usize {
        self.state_mut().global().heap.total()
    }

    /// Runs a full garbage collection cycle (finalizers and userdata `Drop`s included).
    ///
    /// ```
    /// let lua = ravi::Lua::new();
    /// lua.load("junk = {} for i = 1, 10000 do junk[i] = {} end junk = nil").exec().unwrap();
    /// let before = lua.used_memory();
    /// lua.gc_collect().unwrap();
    /// assert!(lua.used_memory() < before);
    /// ```
    pub fn gc_collect(&self) -> Result<()> {
        self.expire_registry_values();
        self.pcall_raw(Callee::Native(n_gc), &[], 0).map(|_| ())
    }

    // ------------------------------------------------------------------ hooks

    /// Installs a hook: `callback` runs on the events `triggers` selects (calls,
    /// returns, new lines, every `n` executed VM instructions), receiving a [`Debug`](struct@crate::Debug)
    /// that describes the event and the running function. An `Err` from the hook aborts
    /// the running script with that error (as a `CallbackError` whose cause is the hook's
    /// error); a `pcall` inside the script catches it like any Lua error. Replaces any
    /// previous hook; triggers selecting nothing remove it.
    ///
    /// The hook is installed on the main thread and on the thread running the current
    /// callback, and coroutines created afterwards inherit it. While the hook runs, hooks
    /// are off for that coroutine. (In a state made with the `debug` library,
    /// `debug.sethook` replaces it for the thread it is called on.)
    ///
    /// ```
    /// use ravi::{Error, HookTriggers, Lua};
    /// let lua = Lua::new();
    /// lua.set_hook(HookTriggers::new().every_nth_instruction(1000), |_, _| Err(Error::runtime("time is up")));
    /// let err = lua.load("while true do end").exec().unwrap_err();
    /// assert!(err.to_string().contains("time is up"));
    /// lua.remove_hook();
    /// ```
    pub fn set_hook<F>(&self, triggers: HookTriggers, callback: F)
    where
        F: Fn(&Lua, Debug) -> Result<()> + Send + 'static,
    {
        let (mask, count) = triggers.mask_and_count();
        if mask == 0 {
            self.remove_hook();
            return;
        }
        self.install_hook(Some(HookMode::User(HookState { mask, count, f: Rc::new(callback) })));
    }

    /// Removes the hook (from the main thread and the current one at once; other
    /// coroutines drop it at their next hook event).
    pub fn remove_hook(&self) {
        self.install_hook(None);
    }

    /// Sets the hook mode and the VM hook of the main and the current thread.
    fn install_hook(&self, mode: Option<HookMode>) {
        let (mask, count) = match &mode {
            None => (0, 0),
            Some(HookMode::User(h)) => (h.mask, h.count),
            Some(HookMode::Limit(left)) => (MASK_COUNT, (*left).clamp(1, LIMIT_STEP) as i32),
        };
        let inner = self.inner();
        *inner.hook.borrow_mut() = mode;
        let f: Option<ravi_vm::debug_api::DebugHookFn> = if mask == 0 { None } else { Some(vm_hook) };
        let main = inner.main;
        let cur = inner.current.get();
        // SAFETY: both threads are alive (see `state_mut`); one short-lived reference at a time.
        unsafe { (*main).set_debug_hook(f, mask, count) };
        if cur != main {
            unsafe { (*cur).set_debug_hook(f, mask, count) };
        }
    }

    pub(crate) fn take_hook(&self) -> Option<HookMode> {
        let h = self.inner().hook.borrow_mut().take();
        self.remove_hook();
        h
    }

    pub(crate) fn restore_hook(&self, h: Option<HookMode>) {
        self.install_hook(h);
    }

    /// Starts the sandbox's instruction limit: `n` more VM instructions, counted exactly
    /// on every thread (see `sandbox.rs`), replacing any hook until `restore_hook`.
    pub(crate) fn start_instruction_limit(&self, n: u64) {
        // The count event comes before the instruction that exhausts the count: `n + 1`
        // lets exactly `n` instructions run.
        self.install_hook(Some(HookMode::Limit(n.saturating_add(1))));
    }

    /// Has the instruction limit run out?
    pub(crate) fn instruction_limit_exhausted(&self) -> bool {
        matches!(*self.inner().hook.borrow(), Some(HookMode::Limit(0)))
    }

    pub(crate) fn main_state_ptr(&self) -> *mut State {
        self.inner().main
    }
}
