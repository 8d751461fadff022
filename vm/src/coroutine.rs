//! Coroutine switching (ldo.c's resume/yield/unroll/recover).
//!
//! Owns: `State::resume`, `State::yield_k`, and how a suspended coroutine continues: the
//! yielding native frame is completed with the resume arguments, then every frame above
//! the base is finished in turn — Lua frames interrupted inside a metamethod get
//! `interp::finish_op` then run on, native frames with a continuation (pcallk) get their
//! continuation called. Errors after a yield inside a yieldable pcall are caught by
//! `recover` (the pcall frame's continuation receives the error status). Pending Ravi
//! `defer`s of the frames an error unwinds run there too, and when a coroutine dies with
//! an error (see `State::pending_defers` in `function`).
//! Must not touch: the coroutine library's API surface (stdlib/coroutine.rs).
//!
//! Each coroutine has its own Lua stack and frames; Lua code inside runs in the same
//! dispatch loop as always, so Lua-level calls never recurse on the Rust stack. One
//! Rust-level recursion per active `resume` is counted in `n_ccalls`.

use crate::error::{Error, LResult, LUA_ERRRUN, LUA_OK, LUA_YIELD};
use crate::interp;
use crate::state::*;
use crate::value::Value;

impl State {
    /// Whether the running code may yield (lua_isyieldable).
    pub fn is_yieldable(&self) -> bool {
        self.nny == 0
    }

    /// Yields from a native function: the `nresults` values on top are passed to the
    /// resumer. Returns the status to propagate (`return Err(st.yield_k(..))`). With a
    /// continuation `k`, the native's frame is finished by calling `k` on resume; without
    /// one the resume arguments become the native's results.
    pub fn yield_k(&mut self, nresults: usize, k: Option<KFn>, ctx: isize) -> Error {
        if self.nny > 0 {
            if !self.is_main_thread() {
                return self.runtime_error("attempt to yield across a C-call boundary");
            } else {
                return self.runtime_error("attempt to yield from outside a coroutine");
            }
        }
        self.status = STATUS_YIELD;
        let top = self.top;
        let ci = self.cur_ci_mut();
        ci.extra = ci.func;
        ci.k = k;
        ci.ctx = ctx;
        ci.func = top - nresults - 1;
        Error::Yield
    }

    /// Number of values a finished/yielded coroutine left for its resumer (at the top).
    pub fn resume_results(&self) -> usize {
        self.top - (self.cur_ci().func + 1)
    }

    fn resume_error(&mut self, msg: &str, nargs: usize) -> i32 {
        self.top -= nargs;
        let v = match self.new_string(msg.as_bytes()) {
            Ok(s) => Value::string(s),
            Err(_) => Value::string(self.global().memerrmsg),
        };
        let _ = self.push(v);
        LUA_ERRRUN
    }

    /// Starts or continues this coroutine with the `nargs` values on its stack top
    /// (lua_resume). `from_ccalls` is the resumer's `n_ccalls`. Returns LUA_OK (finished),
    /// LUA_YIELD, or an error code (the error value is then on top and the coroutine dead).
    pub fn resume(&mut self, from_ccalls: u16, nargs: usize) -> i32 {
        let old_nny = self.nny;
        if self.status == STATUS_OK {
            if self.ci.len() != 1 {
                return self.resume_error("cannot resume non-suspended coroutine", nargs);
            }
        } else if self.status != STATUS_YIELD {
            return self.resume_error("cannot resume dead coroutine", nargs);
        }
        self.n_ccalls = from_ccalls + 1;
        if self.n_ccalls >= MAX_CCALLS {
            return self.resume_error("C stack overflow", nargs);
        }
        let base_cc = self.n_ccalls;
        self.nny = 0;
        let mut r = self.resume_inner(nargs);
        let status;
        loop {
            match r {
                Ok(()) => {
                    status = self.status as i32;
                    break;
                }
                Err(Error::Yield) => {
                    status = LUA_YIELD;
                    break;
                }
                Err(e) => {
                    if self.recover(e, base_cc) {
                        self.n_ccalls = base_cc;
                        r = self.unroll(Some(e));
                        continue;
                    }
                    let ev = self.take_error(e);
                    // the coroutine dies: its pending Ravi `defer`s run now, above its
                    // frames, which stay for tracebacks (function.rs)
                    let defers = self.pending_defers(1);
                    if !defers.is_empty() {
                        self.n_ccalls = base_cc;
                        let top = self.top.max(self.cur_ci().top);
                        self.top = top;
                        if self.check_stack(1).is_ok() {
                            self.stack[top] = ev;
                            self.top = top + 1;
                            self.run_defers_unwinding(&defers, false);
                        }
                        self.top = top;
                    }
                    self.status = e.code() as u8;
                    let _ = self.push(ev);
                    let top = self.top;
                    self.cur_ci_mut().top = top;
                    status = e.code();
                    break;
                }
            }
        }
        self.nny = old_nny;
        self.n_ccalls = from_ccalls;
        status
    }

    fn resume_inner(&mut self, nargs: usize) -> LResult<()> {
        let first_arg = self.top - nargs;
        if self.status == STATUS_OK {
            if self.precall(first_arg - 1, MULTRET)? {
                interp::execute(self)?;
            }
            Ok(())
        } else {
            self.status = STATUS_OK;
            let ci = self.cur_ci_mut();
            ci.func = ci.extra;
            if ci.is_lua() {
                interp::execute(self)?;
            } else {
                let mut n = nargs;
                let mut first = first_arg;
                let ci = *self.cur_ci();
                if let Some(k) = ci.k {
                    n = k(self, LUA_YIELD, ci.ctx)?;
                    first = self.top - n;
                }
                self.poscall(first, n);
            }
            self.unroll(None)
        }
    }

    fn finish_ccall(&mut self, status: i32) -> LResult<()> {
        let ci = *self.cur_ci();
        if ci.callstatus & CIST_YPCALL != 0 {
            self.cur_ci_mut().callstatus &= !CIST_YPCALL;
            self.errfunc = ci.old_errfunc;
        }
        if ci.nresults == MULTRET && self.cur_ci().top < self.top {
            let t = self.top;
            self.cur_ci_mut().top = t;
        }
        let k = match ci.k {
            Some(k) => k,
            None => return Err(self.runtime_error("cannot continue a native function after a yield")),
        };
        let n = k(self, status, ci.ctx)?;
        let first = self.top - n;
        self.poscall(first, n);
        Ok(())
    }

    /// Finishes every frame above the base after a resume (unroll).
    fn unroll(&mut self, err: Option<Error>) -> LResult<()> {
        if let Some(e) = err {
            self.finish_ccall(e.code())?;
        }
        while self.ci.len() > 1 {
            if !self.cur_ci().is_lua() {
                self.finish_ccall(LUA_YIELD)?;
            } else {
                interp::finish_op(self)?;
                interp::execute(self)?;
            }
        }
        Ok(())
    }

    /// Error after a yield: unwinds to the innermost yieldable pcall, if any (recover).
    fn recover(&mut self, e: Error, base_cc: u16) -> bool {
        let idx = match self.ci.iter().rposition(|c| c.callstatus & CIST_YPCALL != 0) {
            Some(i) => i,
            None => return false,
        };
        let oldtop = self.ci[idx].extra;
        let defers = self.pending_defers(idx + 1);
        self.close_upvals(oldtop);
        let ev = self.take_error(e);
        self.stack[oldtop] = ev;
        self.ci.truncate(idx + 1);
        if !defers.is_empty() {
            self.n_ccalls = base_cc;
            self.run_defers_unwinding(&defers, true);
        }
        self.top = oldtop + 1;
        self.nny = 0;
        self.shrink_stack();
        self.errfunc = self.ci[idx].old_errfunc;
        true
    }

    /// Yieldable protected call from a native (lua_pcallk): calls the function below the
    /// `nargs` arguments; `errfunc` is the stack index of a message handler (0: none).
    /// Returns the status; on error the error value replaces the function. When the callee
    /// yields, `Err(Error::Yield)` is returned and `k` will be called on completion.
    pub fn pcall_k(&mut self, nargs: usize, nresults: i32, errfunc: usize, ctx: isize, k: Option<KFn>) -> LResult<i32> {
        let func = self.top - nargs - 1;
        if k.is_none() || self.nny > 0 {
            return Ok(match self.pcall_raw(func, nresults, errfunc) {
                Ok(()) => LUA_OK,
                Err(e) => e.code(),
            });
        }
        let old_ci = self.ci.len();
        let old_cc = self.n_ccalls;
        let old_errfunc = self.errfunc;
        {
            let ci = self.cur_ci_mut();
            ci.k = k;
            ci.ctx = ctx;
            ci.extra = func;
            ci.old_errfunc = old_errfunc;
            ci.callstatus |= CIST_YPCALL;
        }
        self.errfunc = errfunc;
        let r = self.call(func, nresults);
        match r {
            Ok(()) => {
                self.ci[old_ci - 1].callstatus &= !CIST_YPCALL;
                self.errfunc = old_errfunc;
                Ok(LUA_OK)
            }
            Err(Error::Yield) => Err(Error::Yield),
            Err(e) => {
                let ev = self.take_error(e);
                let defers = self.pending_defers(old_ci);
                self.close_upvals(func);
                self.stack[func] = ev;
                self.ci.truncate(old_ci);
                self.n_ccalls = old_cc;
                if !defers.is_empty() {
                    self.run_defers_unwinding(&defers, true);
                }
                self.top = func + 1;
                self.ci[old_ci - 1].callstatus &= !CIST_YPCALL;
                self.errfunc = old_errfunc;
                self.shrink_stack();
                Ok(e.code())
            }
        }
    }

    /// Yieldable call from a native (lua_callk).
    pub fn call_k(&mut self, nargs: usize, nresults: i32, ctx: isize, k: Option<KFn>) -> LResult<()> {
        let func = self.top - nargs - 1;
        if k.is_some() && self.nny == 0 {
            let ci = self.cur_ci_mut();
            ci.k = k;
            ci.ctx = ctx;
            self.call(func, nresults)
        } else {
            self.call_noyield(func, nresults)
        }
    }
}
