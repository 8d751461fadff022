//! Hooks: [`HookTriggers`] says when `Lua::set_hook`'s callback runs, [`Debug`] tells it
//! where the script is.
//!
//! The VM has one asynchronous check, on loop back-edges and calls (see DESIGN.md §5):
//! `every_nth_instruction(n)` fires after `n` such check points. Straight-line code
//! between them is bounded by the size of the function, so a script cannot run unbounded
//! without passing check points. Per-line, per-call and per-return hooks are not
//! available through this API yet (the VM does not report those events to embedders).

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use ravi_vm::state::State;
use std::string::String;

/// When the hook runs.
///
/// ```
/// let t = ravi::HookTriggers::new().every_nth_instruction(500);
/// assert_eq!(t.every_nth_instruction, Some(500));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HookTriggers {
    /// Run the hook after this many VM check points (loop back-edges and calls).
    pub every_nth_instruction: Option<u32>,
}

impl HookTriggers {
    /// No trigger.
    pub const fn new() -> Self {
        HookTriggers { every_nth_instruction: None }
    }
    /// Runs the hook every `n` check points (loop back-edges and calls); 0 disables it.
    pub const fn every_nth_instruction(mut self, n: u32) -> Self {
        self.every_nth_instruction = Some(n);
        self
    }
}

/// Why the hook runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DebugEvent {
    /// The instruction count (`every_nth_instruction`) ran out.
    Count,
}

/// Where the script is when the hook runs (the running function).
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
    pub(crate) fn from_state(st: &State) -> Debug {
        let fi = st.frame_info(0).unwrap_or_default();
        Debug {
            event: DebugEvent::Count,
            source: String::from_utf8_lossy(&fi.source).into_owned(),
            short_src: String::from_utf8_lossy(&fi.short_src).into_owned(),
            what: if fi.what.is_empty() { "C" } else { fi.what },
            current_line: if fi.currentline > 0 { Some(fi.currentline as usize) } else { None },
            name: fi.name.map(|n| String::from_utf8_lossy(&n).into_owned()),
        }
    }
    /// The event.
    pub fn event(&self) -> DebugEvent {
        self.event
    }
    /// The line the running function is at, if known.
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
