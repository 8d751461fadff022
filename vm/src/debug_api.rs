//! The debug interface (ldebug.c's lua_getlocal/lua_setlocal/lua_getupvalue/
//! lua_setupvalue/lua_upvalueid/lua_upvaluejoin/lua_sethook/lua_getinfo, and ldo.c's
//! luaD_hook/luaG_traceexec): what the `debug` library of ravi-stdlib is built on.
//!
//! Owns: `HookState` (per thread, `State::dbg`), the hook events and their dispatch, local
//! and upvalue access for the debug library, and the soundness checks that keep those
//! writes away from slots typed Ravi code trusts.
//!
//! # Hooks
//! A thread's hook is a Rust function (`DebugHookFn`) plus a mask of events (call,
//! return, line, count) as in lua_sethook; new threads inherit their creator's hook
//! (lua_newthread). How the interpreter reports events without slowing down code that
//! runs with no hook:
//! - `interp::execute` runs one of two instances of the dispatch loop: the plain one
//!   (no per-instruction work at all) while `dbg.mask == 0`, the hooked one otherwise.
//!   The plain loop looks at the mask only at the points where a hook can have been set —
//!   on entering a frame (calls and returns) and after a native call returns (e.g.
//!   `debug.sethook`) — and switches loops there at an instruction boundary. The hooked
//!   loop calls `trace_exec` before each instruction when a line or count hook is set
//!   (count and line events, as luaG_traceexec) and returns to the plain loop as soon as
//!   the mask is 0. A hook set from inside a metamethod or a nested native call takes
//!   effect at the next call or return of the interrupted frame.
//! - Call events are raised in `precall`, return events before `poscall`, both behind a
//!   `dbg.mask != 0` test.
//! - The shared budget counter (`Global::budget`: embedder's instruction limits,
//!   interrupts) is not used by debug hooks: count hooks count executed instructions
//!   exactly, as lua5.3 does.
//!
//! # Ravi types
//! Typed opcodes read registers and upvalues without tag checks (see `typed`), so
//! `set_local_checked`, `set_upvalue_of` and `upvalue_join` check each write against the
//! static type the prototype records for the slot (`typed::local_store_value`,
//! `typed::upvalue_store_value`, `typed::upvalues_joinable`; the rules are in `typed`'s
//! module doc). Varargs and native closures' upvalues are never typed and are always
//! writable. Plain Lua programs (no typed slot anywhere) are unaffected.

use crate::error::LResult;
use crate::function::Proto;
use crate::gc;
use crate::state::*;
use crate::value::*;
use alloc::vec::Vec;
use ravi_parser::bytecode::{Instruction, OpCode};

// hook masks (LUA_MASK*) and events (LUA_HOOK*)
pub const MASK_CALL: u8 = 1 << 0;
pub const MASK_RET: u8 = 1 << 1;
pub const MASK_LINE: u8 = 1 << 2;
pub const MASK_COUNT: u8 = 1 << 3;
pub const HOOK_CALL: i32 = 0;
pub const HOOK_RET: i32 = 1;
pub const HOOK_LINE: i32 = 2;
pub const HOOK_COUNT: i32 = 3;
pub const HOOK_TAILCALL: i32 = 4;

/// A thread's hook (lua_Hook): receives the event (`HOOK_*`) and the current line (line
/// events) or -1. The hooked function is the running frame (level 0 of the thread, or
/// level 2 as seen from a Lua function the hook calls directly).
pub type DebugHookFn = fn(&mut State, i32, i32) -> LResult<()>;

/// Per-thread hook state (`hookmask`, `basehookcount`, `hookcount`, `allowhook`,
/// `oldpc`, `hook` of lua_State).
#[derive(Clone, Copy, Debug)]
pub struct HookState {
    pub mask: u8,
    /// Hooks may run (false while a hook runs).
    pub allow: bool,
    pub base_count: i32,
    pub count: i32,
    /// Address of the last instruction traced (for line events), 0 for none.
    pub oldpc: usize,
    pub hook: Option<DebugHookFn>,
}

impl Default for HookState {
    fn default() -> Self {
        HookState { mask: 0, allow: true, base_count: 0, count: 0, oldpc: 0, hook: None }
    }
}

impl HookState {
    /// The state a new thread starts with (lua_newthread copies the hook).
    pub fn inherit(&self) -> HookState {
        HookState {
            mask: self.mask,
            allow: true,
            base_count: self.base_count,
            count: self.base_count,
            oldpc: 0,
            hook: self.hook,
        }
    }
}

/// Where a local variable lives (findlocal).
pub struct LocalRef {
    pub name: Vec<u8>,
    pub slot: usize,
    /// A vararg (never typed).
    pub vararg: bool,
}

fn instr_addr(p: *const Instruction) -> usize {
    p as usize
}

impl State {
    // ------------------------------------------------------------ hooks

    /// lua_sethook: `None` or a zero mask turns hooks off.
    pub fn set_debug_hook(&mut self, f: Option<DebugHookFn>, mask: u8, count: i32) {
        let (f, mask) = if f.is_none() || mask == 0 { (None, 0) } else { (f, mask) };
        if self.cur_ci().is_lua() {
            self.dbg.oldpc = instr_addr(self.cur_ci().savedpc);
        }
        self.dbg.hook = f;
        self.dbg.base_count = count;
        self.dbg.count = count;
        self.dbg.mask = mask;
    }

    /// Calls the hook for `event` with the running frame as the hooked one (luaD_hook).
    pub fn hook_event(&mut self, event: i32, line: i32) -> LResult<()> {
        let h = match self.dbg.hook {
            Some(h) if self.dbg.allow => h,
            _ => return Ok(()),
        };
        let ci = self.ci.len() - 1;
        let top = self.top;
        let ci_top = self.ci[ci].top;
        self.check_stack(MIN_STACK)?;
        self.ci[ci].top = self.top + MIN_STACK;
        self.dbg.allow = false;
        self.ci[ci].callstatus |= CIST_HOOKED;
        let r = h(self, event, line);
        self.dbg.allow = true;
        if ci < self.ci.len() {
            self.ci[ci].top = ci_top;
            self.ci[ci].callstatus &= !CIST_HOOKED;
        }
        if r.is_ok() {
            self.top = top;
        }
        r
    }

    /// Count and line events before an instruction of the running Lua frame, whose
    /// `savedpc` points past that instruction (luaG_traceexec).
    #[cold]
    #[inline(never)]
    pub fn trace_exec(&mut self) -> LResult<()> {
        let mask = self.dbg.mask;
        self.dbg.count = self.dbg.count.wrapping_sub(1);
        let counthook = self.dbg.count == 0 && mask & MASK_COUNT != 0;
        if counthook {
            self.dbg.count = self.dbg.base_count;
        } else if mask & MASK_LINE == 0 {
            return Ok(());
        }
        if counthook {
            self.hook_event(HOOK_COUNT, -1)?;
        }
        if mask & MASK_LINE != 0 {
            let ci = self.ci.len() - 1;
            if let Some(p) = self.ci_proto(ci) {
                let savedpc = instr_addr(self.ci[ci].savedpc);
                let npc = self.ci_pc(ci);
                let newline = if p.lineinfo.is_empty() { u32::MAX } else { p.line_at(npc) };
                let oldpc = self.dbg.oldpc;
                let code = instr_addr(p.code.as_ptr());
                let oldline = if oldpc > code && oldpc <= code + 4 * p.code.len() {
                    Some(if p.lineinfo.is_empty() { u32::MAX } else { p.line_at((oldpc - code) / 4 - 1) })
                } else {
                    None
                };
                if npc == 0 || savedpc <= oldpc || oldline != Some(newline) {
                    self.hook_event(HOOK_LINE, if newline == u32::MAX { -1 } else { newline as i32 })?;
                }
            }
        }
        if self.cur_ci().is_lua() {
            self.dbg.oldpc = instr_addr(self.cur_ci().savedpc);
        }
        Ok(())
    }

    /// Call event for a Lua frame just pushed by `precall` (callhook): "tail call" when
    /// the caller is executing a tail call.
    #[cold]
    #[inline(never)]
    pub fn hook_lua_call(&mut self) -> LResult<()> {
        if self.dbg.mask & MASK_CALL == 0 {
            return Ok(());
        }
        let ci = self.ci.len() - 1;
        let mut event = HOOK_CALL;
        if ci >= 1 && self.ci[ci - 1].is_lua() {
            // SAFETY: a Lua caller's savedpc points past the calling instruction.
            let op = unsafe { (*self.ci[ci - 1].savedpc.sub(1)).opcode() };
            if op == Some(OpCode::TailCall) {
                self.ci[ci].callstatus |= CIST_TAIL;
                event = HOOK_TAILCALL;
            }
        }
        // hooks assume 'pc' is already incremented
        // SAFETY: the code has at least one instruction.
        self.ci[ci].savedpc = unsafe { self.ci[ci].savedpc.add(1) };
        let r = self.hook_event(event, -1);
        self.ci[ci].savedpc = unsafe { self.ci[ci].savedpc.sub(1) };
        r
    }

    /// Call event for a native frame just pushed by `precall`.
    #[cold]
    #[inline(never)]
    pub fn hook_native_call(&mut self) -> LResult<()> {
        if self.dbg.mask & MASK_CALL != 0 {
            self.hook_event(HOOK_CALL, -1)?;
        }
        Ok(())
    }

    /// Return event of the running frame, before `poscall` (the results end at
    /// `res_end`, which the hook must not overwrite); also resets `oldpc` for the caller.
    #[cold]
    #[inline(never)]
    pub fn hook_return(&mut self, res_end: usize) -> LResult<()> {
        let mask = self.dbg.mask;
        if mask & (MASK_RET | MASK_LINE) == 0 {
            return Ok(());
        }
        if mask & MASK_RET != 0 {
            let top = self.top;
            if self.top < res_end {
                self.top = res_end;
            }
            self.hook_event(HOOK_RET, -1)?;
            self.top = top;
        }
        let n = self.ci.len();
        if n >= 2 {
            self.dbg.oldpc = instr_addr(self.ci[n - 2].savedpc);
        }
        Ok(())
    }

    // ------------------------------------------------------------ frames

    /// Frame index of stack level `level` (0 = running function; lua_getstack).
    pub fn level_ci(&self, level: i64) -> Option<usize> {
        if level < 0 || level as u64 >= (self.ci.len() - 1) as u64 {
            return None;
        }
        Some(self.ci.len() - 1 - level as usize)
    }

    /// The local variable `n` of frame `ci` (findlocal): named locals, "(*temporary)"
    /// slots, and varargs for negative `n` ("(*vararg)").
    pub fn find_local(&self, ci: usize, n: i64) -> Option<LocalRef> {
        let c = self.ci[ci];
        let mut name: Option<Vec<u8>> = None;
        let base;
        if c.is_lua() {
            let p = self.ci_proto(ci)?;
            if n < 0 {
                let np = p.numparams as usize;
                let nvar = (c.base - c.func) as i64 - np as i64 - 1;
                let k = -n;
                if k > nvar {
                    return None;
                }
                return Some(LocalRef { name: b"(*vararg)".to_vec(), slot: c.func + np + k as usize, vararg: true });
            }
            base = c.base;
            if n > 0 {
                name = p.local_name(n as usize, self.ci_pc(ci)).map(|s| s.to_vec());
            }
        } else {
            base = c.func + 1;
        }
        if name.is_none() {
            let limit = if ci == self.ci.len() - 1 { self.top } else { self.ci[ci + 1].func };
            if n > 0 && (limit as i64 - base as i64) >= n {
                name = Some(b"(*temporary)".to_vec());
            } else {
                return None;
            }
        }
        Some(LocalRef { name: name.unwrap(), slot: base + n as usize - 1, vararg: false })
    }

    /// Writes a local found by `find_local`, refusing slots typed code may trust.
    /// `Err(msg)` is the refusal.
    pub fn set_local_checked(&mut self, ci: usize, l: &LocalRef, v: Value) -> Result<(), &'static str> {
        let v = if !l.vararg && self.ci[ci].is_lua() { crate::typed::local_store_value(self, ci, l.slot, v)? } else { v };
        self.stack[l.slot] = v;
        Ok(())
    }

    // ------------------------------------------------------------ upvalues

    /// Name and value of upvalue `n` (1-based) of a function (aux_upvalue): "" for native
    /// closures, "(*no name)" for stripped Lua ones.
    pub fn get_upvalue_of(&self, f: &Value, n: i64) -> Option<(Vec<u8>, Value)> {
        if let Some(cl) = f.as_lclosure() {
            if n < 1 || n as usize > cl.upvals.len() || n as usize > cl.proto.upvalues.len() {
                return None;
            }
            let i = n as usize - 1;
            let name = &cl.proto.upvalues[i].name;
            let name = if name.is_empty() { b"(*no name)".to_vec() } else { name.to_vec() };
            return Some((name, cl.upvals[i].get()));
        }
        if let Some(cl) = f.as_nclosure() {
            if n < 1 || n as usize > cl.upvals.len() {
                return None;
            }
            return Some((Vec::new(), cl.upvals[n as usize - 1]));
        }
        None
    }

    /// lua_setupvalue: the upvalue's name, None if there is no such upvalue, `Err` when
    /// the write is refused (see the module doc).
    pub fn set_upvalue_of(&mut self, f: &Value, n: i64, v: Value) -> Result<Option<Vec<u8>>, &'static str> {
        let (name, _) = match self.get_upvalue_of(f, n) {
            Some(x) => x,
            None => return Ok(None),
        };
        let i = n as usize - 1;
        if let Some(cl) = f.as_lclosure() {
            let v = crate::typed::upvalue_store_value(self, &cl, i, v)?;
            self.upval_set(cl.upvals[i], v);
        } else if let Some(cl) = f.as_nclosure() {
            cl.m().upvals[i] = v;
            gc::barrier(self.global_mut(), cl.as_header(), &v);
        }
        Ok(Some(name))
    }

    /// lua_upvalueid: a unique identity of upvalue `n` of `f` (None if out of range).
    pub fn upvalue_id(&self, f: &Value, n: i64) -> Option<*mut core::ffi::c_void> {
        self.get_upvalue_of(f, n)?;
        let i = n as usize - 1;
        if let Some(cl) = f.as_lclosure() {
            return Some(cl.upvals[i].as_ptr() as *mut core::ffi::c_void);
        }
        if let Some(cl) = f.as_nclosure() {
            return Some(&cl.upvals[i] as *const Value as *mut core::ffi::c_void);
        }
        None
    }

    /// lua_upvaluejoin: makes upvalue `n1` of Lua closure `f1` refer to upvalue `n2` of
    /// Lua closure `f2` (indices already checked).
    pub fn upvalue_join(&mut self, f1: &Value, n1: i64, f2: &Value, n2: i64) -> Result<(), &'static str> {
        let (c1, c2) = match (f1.as_lclosure(), f2.as_lclosure()) {
            (Some(a), Some(b)) => (a, b),
            _ => return Err("Lua function expected"),
        };
        if !crate::typed::upvalues_joinable(&c1, n1 as usize - 1, &c2, n2 as usize - 1) {
            return Ok(()); // different static types: nothing happens (Ravi)
        }
        let uv = c2.upvals[n2 as usize - 1];
        c1.m().upvals[n1 as usize - 1] = uv;
        gc::barrier_ptr(self.global_mut(), c1.as_header(), uv.as_header());
        Ok(())
    }
}

/// Lines with code of a Lua function ('L' of lua_getinfo), in instruction order.
pub fn active_lines(p: &Proto) -> Vec<u32> {
    p.lineinfo.to_vec()
}
