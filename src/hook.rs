//! Hooks: [`HookTriggers`] says when `Lua::set_hook`'s callback runs, [`Debug`] tells it
//! where the script is.
//!
//! Built on the VM's debug-hook facility (`ravi_vm::debug_api`, the machinery behind
//! `debug.sethook`): call, return, line and count events as in Lua 5.3's `lua_sethook`.
//! `every_nth_instruction(n)` counts executed VM instructions exactly. Hooks are per
//! coroutine in the VM: `Lua::set_hook` installs the hook on the main thread and on the
//! thread running the current callback; coroutines created afterwards inherit it (as
//! `lua_newthread` does). Coroutines that already exist pick up a replaced or removed hook
//! at their next hook event.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use ravi_vm::debug_api::{HOOK_CALL, HOOK_COUNT, HOOK_LINE, HOOK_RET, HOOK_TAILCALL, MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET};
use ravi_vm::state::State;
use std::string::String;

/// When the hook runs (mlua's `HookTriggers`). Triggers combine:
///
/// ```
/// use ravi::HookTriggers;
/// let t = HookTriggers::new().every_nth_instruction(500).on_calls();
/// assert_eq!(t.every_nth_instruction, Some(500));
/// assert!(t.on_calls && !t.on_returns && !t.every_line);
/// assert_eq!(HookTriggers::EVERY_LINE, HookTriggers::new().every_line());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HookTriggers {
    /// Run the hook when a function is called (Lua or Rust/native), before its first
    /// instruction (`DebugEvent::Call` or `DebugEvent::TailCall`).
    pub on_calls: bool,
    /// Run the hook when a function is about to return (`DebugEvent::Ret`).
    pub on_returns: bool,
    /// Run the hook when the interpreter starts a new line of code, or jumps back in the
    /// code, even to the same line (`DebugEvent::Line`).
    pub every_line: bool,
    /// Run the hook after every `n` executed VM instructions (`DebugEvent::Count`).
    pub every_nth_instruction: Option<u32>,
}

impl HookTriggers {
    /// Only `on_calls`.
    pub const ON_CALLS: HookTriggers = HookTriggers::new().on_calls();
    /// Only `on_returns`.
    pub const ON_RETURNS: HookTriggers = HookTriggers::new().on_returns();
    /// Only `every_line`.
    pub const EVERY_LINE: HookTriggers = HookTriggers::new().every_line();

    /// No trigger.
    pub const fn new() -> Self {
        HookTriggers { on_calls: false, on_returns: false, every_line: false, every_nth_instruction: None }
    }
    /// Also run the hook on every function call.
    pub const fn on_calls(mut self) -> Self {
        self.on_calls = true;
        self
    }
    /// Also run the hook on every function return.
    pub const fn on_returns(mut self) -> Self {
        self.on_returns = true;
        self
    }
    /// Also run the hook on every new line.
    pub const fn every_line(mut self) -> Self {
        self.every_line = true;
        self
    }
    /// Also run the hook every `n` executed VM instructions; 0 disables the count trigger.
    ///
    /// ```
    /// use ravi::{HookTriggers, Lua};
    /// use std::sync::{Arc, atomic::{AtomicU32, Ordering}};
    /// let lua = Lua::new();
    /// let n = Arc::new(AtomicU32::new(0));
    /// let n2 = n.clone();
    /// lua.set_hook(HookTriggers::new().every_nth_instruction(100), move |_, _| { n2.fetch_add(1, Ordering::Relaxed); Ok(()) });
    /// lua.load("for i = 1, 10000 do end").exec().unwrap();
    /// lua.remove_hook();
    /// assert!(n.load(Ordering::Relaxed) >= 100);
    /// ```
    pub const fn every_nth_instruction(mut self, n: u32) -> Self {
        self.every_nth_instruction = Some(n);
        self
    }

    /// The VM's event mask and instruction count for these triggers.
    pub(crate) fn mask_and_count(&self) -> (u8, i32) {
        let mut mask = 0;
        if self.on_calls {
            mask |= MASK_CALL;
        }
        if self.on_returns {
            mask |= MASK_RET;
        }
        if self.every_line {
            mask |= MASK_LINE;
        }
        let count = match self.every_nth_instruction {
            Some(n) if n > 0 => {
                mask |= MASK_COUNT;
                n.min(i32::MAX as u32) as i32
            }
            _ => 0,
        };
        (mask, count)
    }
}

/// Why the hook runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DebugEvent {
    /// A function was called (`on_calls`).
    Call,
    /// A function was called by a tail call (`on_calls`; there is no matching return).
    TailCall,
    /// A function is returning (`on_returns`).
    Ret,
    /// A new line starts (`every_line`).
    Line,
    /// The instruction count (`every_nth_instruction`) ran out.
    Count,
    /// An event the VM reported that this API does not know.
    Unknown(i32),
}

impl DebugEvent {
    pub(crate) fn from_vm(event: i32) -> DebugEvent {
        match event {
            HOOK_CALL => DebugEvent::Call,
            HOOK_TAILCALL => DebugEvent::TailCall,
            HOOK_RET => DebugEvent::Ret,
            HOOK_LINE => DebugEvent::Line,
            HOOK_COUNT => DebugEvent::Count,
            e => DebugEvent::Unknown(e),
        }
    }
}

/// Where the script is when the hook runs: the event and the running (hooked) function.
///
/// ```
/// use ravi::{DebugEvent, HookTriggers, Lua};
/// use std::sync::{Arc, Mutex};
/// let lua = Lua::new();
/// let lines = Arc::new(Mutex::new(Vec::new()));
/// let l2 = lines.clone();
/// lua.set_hook(HookTriggers::EVERY_LINE, move |_, dbg| {
///     assert_eq!(dbg.event(), DebugEvent::Line);
///     assert_eq!(dbg.source(), "=demo");
///     l2.lock().unwrap().push(dbg.curr_line().unwrap());
///     Ok(())
/// });
/// lua.load("local a = 1\nlocal b = 2\nreturn a + b").set_name("=demo").exec().unwrap();
/// lua.remove_hook();
/// assert_eq!(*lines.lock().unwrap(), vec![1, 2, 3]);
/// ```
#[derive(Clone, Debug)]
pub struct Debug {
    event: DebugEvent,
    source: String,
    short_src: String,
    what: &'static str,
    current_line: Option<usize>,
    name: Option<String>,
}

impl Debug {
    pub(crate) fn from_state(st: &State, event: i32, line: i32) -> Debug {
        let fi = st.frame_info(0).unwrap_or_default();
        let current_line = if line > 0 {
            Some(line as usize)
        } else if fi.currentline > 0 {
            Some(fi.currentline as usize)
        } else {
            None
        };
        Debug {
            event: DebugEvent::from_vm(event),
            source: String::from_utf8_lossy(&fi.source).into_owned(),
            short_src: String::from_utf8_lossy(&fi.short_src).into_owned(),
            what: if fi.what.is_empty() { "C" } else { fi.what },
            current_line,
            name: fi.name.map(|n| String::from_utf8_lossy(&n).into_owned()),
        }
    }
    /// The event.
    pub fn event(&self) -> DebugEvent {
        self.event
    }
    /// The line the running function is at, if known (the new line for `Line` events).
    ///
    /// ```
    /// use ravi::{HookTriggers, Lua};
    /// use std::sync::{Arc, Mutex};
    /// let lua = Lua::new();
    /// let lines = Arc::new(Mutex::new(Vec::new()));
    /// let l2 = lines.clone();
    /// lua.set_hook(HookTriggers::EVERY_LINE, move |_, d| { l2.lock().unwrap().extend(d.curr_line()); Ok(()) });
    /// lua.load("local a = 1\nlocal b = 2\n").exec().unwrap();
    /// lua.remove_hook();
    /// assert_eq!(*lines.lock().unwrap(), [1, 2]);
    /// ```
    pub fn curr_line(&self) -> Option<usize> {
        self.current_line
    }
    /// The chunk name of the running function (`source` in `lua_Debug`).
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The printable chunk name (`short_src`).
    pub fn short_src(&self) -> &str {
        &self.short_src
    }
    /// "Lua", "main" or "C".
    pub fn what(&self) -> &'static str {
        self.what
    }
    /// The running function's name, if the caller knows it.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}
