//! Calls and returns (ldo.c): stack growth, frame push/pop (`precall`/`poscall`), calls
//! from Rust (`call`, `call_noyield`), protected calls (`pcall_raw`), raising errors
//! (`throw`, `runtime_error`) with the message handler, and metamethod calls.
//!
//! Owns: the call protocol. Must not touch: opcode semantics (`interp`), coroutine
//! switching (`coroutine`).
//!
//! Protocol: the function is at stack index `func` followed by its arguments up to `top`.
//! `precall` pushes a frame; for a Lua function it returns `true` and the caller runs
//! `interp::execute` (the dispatch loop runs Lua->Lua calls itself, without recursion);
//! a native function runs immediately and `poscall` moves its results to `func..`.
//! Errors unwind with `Err(Error)`; the error value is in `State::errobj`. Frames are
//! *not* popped while unwinding: the catching point (`pcall_raw`, `resume`) truncates the
//! frame stack and the Lua stack to what it saved.

use crate::debug_info::Origin;
use crate::error::{Error, LResult};
use crate::interp;
use crate::metamethod::TM_CALL;
use crate::state::*;
use crate::value::*;

impl State {
    /// Ensures `n` free slots above `top` (plus EXTRA_STACK); may reallocate the stack.
    #[inline]
    pub fn check_stack(&mut self, n: usize) -> LResult<()> {
        if self.stack.len() - EXTRA_STACK <= self.top + n {
            self.grow_stack(n)
        } else {
            Ok(())
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn grow_stack(&mut self, n: usize) -> LResult<()> {
        let size = self.stack.len();
        if size > MAX_STACK {
            return Err(Error::ErrErr);
        }
        let needed = self.top + n + EXTRA_STACK;
        let mut newsize = (2 * size).min(MAX_STACK);
        if newsize < needed {
            newsize = needed;
        }
        if newsize > MAX_STACK {
            self.realloc_stack(ERROR_STACK_SIZE)?;
            return Err(self.runtime_error("stack overflow"));
        }
        self.realloc_stack(newsize)
    }

    fn realloc_stack(&mut self, newsize: usize) -> LResult<()> {
        let old = self.stack.len();
        if newsize > old {
            self.global_mut().heap.charge((newsize - old) * VALUE_SIZE)?;
        } else {
            self.global_mut().heap.account(-(((old - newsize) * VALUE_SIZE) as isize));
        }
        self.accounted = (self.accounted as isize + (newsize as isize - old as isize) * VALUE_SIZE as isize) as usize;
        self.stack.resize(newsize, Value::NIL);
        if newsize < old {
            self.stack.shrink_to_fit();
        }
        // the buffer may have moved: re-point the open upvalues (5.3's correctstack)
        let sp = self.stack.as_mut_ptr();
        for u in self.open_upvals.iter() {
            // SAFETY: open upvalues refer to slots below the top, inside the new buffer.
            u.m().v = unsafe { sp.add(u.index) };
        }
        Ok(())
    }

    /// Shrinks the stack after an overflow was handled (luaD_shrinkstack, simplified).
    pub(crate) fn shrink_stack(&mut self) {
        if self.stack.len() > MAX_STACK {
            let mut inuse = self.top;
            for ci in self.ci.iter() {
                inuse = inuse.max(ci.top);
            }
            let good = (inuse + inuse / 8 + 2 * EXTRA_STACK).min(MAX_STACK);
            if inuse <= MAX_STACK - EXTRA_STACK && good < self.stack.len() {
                let _ = self.realloc_stack(good);
            }
        }
    }

    /// Pushes a value (growing the stack if needed).
    #[inline]
    pub fn push(&mut self, v: Value) -> LResult<()> {
        if self.top + EXTRA_STACK >= self.stack.len() {
            self.grow_stack(1)?;
        }
        self.stack[self.top] = v;
        self.top += 1;
        Ok(())
    }

    /// Replaces a non-callable value at `func` by its `__call` metamethod (inserted below
    /// the arguments).
    fn try_func_tm(&mut self, func: usize) -> LResult<()> {
        let fv = self.stack[func];
        let tm = self.get_tm_by_obj(&fv, TM_CALL);
        // luaD_tryfuncTM: a __call that is not a function is not followed; the error
        // names the called value, not the metamethod.
        if !tm.is_function() {
            return Err(self.type_error(&fv, "call", Origin::Stack(func)));
        }
        self.check_stack(1)?;
        let mut p = self.top;
        while p > func {
            self.stack[p] = self.stack[p - 1];
            p -= 1;
        }
        self.top += 1;
        self.stack[func] = tm;
        Ok(())
    }

    /// Prepares a call of the value at `func` with the arguments up to `top`. Lua function:
    /// pushes its frame and returns true (the caller must run it). Native: runs it and
    /// returns false.
    pub(crate) fn precall(&mut self, func: usize, nresults: i32) -> LResult<bool> {
        let mut called_tm = false;
        loop {
            // field-wise load: the slot was usually just written (see `Value::load`)
            // SAFETY: a reference to an initialised value.
            let fv = unsafe { Value::load(&self.stack[func]) };
            match fv.tt {
                TAG_LCL => {
                    let p = fv.as_lclosure().unwrap().proto;
                    let n = self.top - func - 1;
                    let fsize = p.maxstacksize as usize;
                    self.check_stack(fsize)?;
                    let np = p.numparams as usize;
                    let base = if p.is_vararg {
                        // move fixed parameters above the varargs
                        let fixed = self.top - n;
                        let base = self.top;
                        let mut i = 0;
                        while i < np && i < n {
                            // SAFETY: a reference to an initialised value.
                            let v = unsafe { Value::load(&self.stack[fixed + i]) };
                            self.stack[self.top] = v;
                            self.stack[fixed + i] = Value::NIL;
                            self.top += 1;
                            i += 1;
                        }
                        while i < np {
                            self.stack[self.top] = Value::NIL;
                            self.top += 1;
                            i += 1;
                        }
                        base
                    } else {
                        let mut n = n;
                        while n < np {
                            self.stack[self.top] = Value::NIL;
                            self.top += 1;
                            n += 1;
                        }
                        func + 1
                    };
                    self.ci.push(CallInfo {
                        func,
                        base,
                        top: base + fsize,
                        savedpc: p.code.as_ptr(),
                        nresults,
                        callstatus: CIST_LUA,
                        k: None,
                        ctx: 0,
                        old_errfunc: 0,
                        extra: 0,
                    });
                    self.top = base + fsize;
                    if self.dbg.mask != 0 {
                        self.hook_lua_call()?;
                    }
                    return Ok(true);
                }
                TAG_NCL | TAG_LCF => {
                    let f = match fv.as_light_fn() {
                        Some(f) => f,
                        None => fv.as_nclosure().unwrap().f,
                    };
                    self.check_stack(MIN_STACK)?;
                    let top = self.top;
                    self.ci.push(CallInfo {
                        func,
                        base: func + 1,
                        top: top + MIN_STACK,
                        savedpc: core::ptr::null(),
                        nresults,
                        callstatus: 0,
                        k: None,
                        ctx: 0,
                        old_errfunc: 0,
                        extra: 0,
                    });
                    if self.dbg.mask != 0 {
                        self.hook_native_call()?;
                    }
                    let n = f(self)?;
                    if self.dbg.mask != 0 {
                        let t = self.top;
                        self.hook_return(t)?;
                    }
                    let first = self.top - n;
                    self.poscall(first, n);
                    return Ok(false);
                }
                _ => {
                    if called_tm {
                        return Err(self.type_error(&fv, "call", Origin::Stack(func)));
                    }
                    self.try_func_tm(func)?;
                    called_tm = true;
                }
            }
        }
    }

    /// Finishes a call: moves `nres` results starting at `first` to the function's slot,
    /// adjusted to the wanted count, and pops the frame.
    #[inline]
    pub(crate) fn poscall(&mut self, first: usize, nres: usize) {
        // SAFETY: a frame is being returned from, so there are at least two frames.
        let ci = unsafe { self.ci.pop().unwrap_unchecked() };
        let res = ci.func;
        let wanted = ci.nresults;
        assert!(first + nres <= self.stack.len() && res <= first);
        let sp = self.stack.as_mut_ptr();
        match wanted {
            0 => {}
            1 => {
                // SAFETY: res < first + 1 <= stack length (asserted; res is below first).
                unsafe {
                    if nres == 0 {
                        Value::store(sp.add(res), Value::NIL)
                    } else {
                        Value::copy(sp.add(res), sp.add(first))
                    }
                }
            }
            MULTRET => {
                for i in 0..nres {
                    // SAFETY: res + i <= first + i < first + nres <= stack length.
                    unsafe { Value::copy(sp.add(res + i), sp.add(first + i)) };
                }
                self.top = res + nres;
                return;
            }
            _ => {
                let wanted = wanted as usize;
                if self.stack.len() < res + wanted + EXTRA_STACK {
                    // only natives can ask for more results than their frame holds
                    let _ = self.realloc_stack(res + wanted + EXTRA_STACK + MIN_STACK);
                }
                let m = wanted.min(nres);
                let sp = self.stack.as_mut_ptr();
                for i in 0..m {
                    // SAFETY: as in the MULTRET case (the stack was not shrunk).
                    unsafe { Value::copy(sp.add(res + i), sp.add(first + i)) };
                }
                for i in m..wanted {
                    self.stack[res + i] = Value::NIL;
                }
            }
        }
        self.top = res + wanted as usize;
    }

    #[cold]
    fn c_stack_overflow(&mut self) -> LResult<()> {
        if self.n_ccalls == MAX_CCALLS {
            Err(self.runtime_error("C stack overflow"))
        } else if self.n_ccalls >= MAX_CCALLS + (MAX_CCALLS >> 3) {
            Err(Error::ErrErr)
        } else {
            Ok(())
        }
    }

    /// Calls the value at `func` with the arguments above it (luaD_call); results are
    /// left from `func` on (`nresults` of them, or all with MULTRET and `top` set).
    pub fn call(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.n_ccalls += 1;
        if self.n_ccalls >= MAX_CCALLS {
            self.c_stack_overflow()?;
        }
        if self.precall(func, nresults)? {
            interp::execute(self)?;
        }
        self.n_ccalls -= 1;
        Ok(())
    }

    /// `call` in a non-yieldable context (luaD_callnoyield).
    pub fn call_noyield(&mut self, func: usize, nresults: i32) -> LResult<()> {
        self.nny += 1;
        let r = self.call(func, nresults);
        self.nny -= 1;
        r
    }

    /// The error value for an unwinding status (luaD_seterrorobj).
    pub fn take_error(&mut self, e: Error) -> Value {
        match e {
            Error::Memory => Value::string(self.global().memerrmsg),
            Error::ErrErr => match self.new_string(b"error in error handling") {
                Ok(s) => Value::string(s),
                Err(_) => Value::string(self.global().memerrmsg),
            },
            _ => {
                let v = self.errobj;
                self.errobj = Value::NIL;
                v
            }
        }
    }

    /// Protected call (luaD_pcall + f_call): on error, closes upvalues, restores the
    /// frames, runs the pending Ravi `defer`s of the dropped frames, puts the error value
    /// at `func` (top = func + 1) and returns the status.
    pub fn pcall_raw(&mut self, func: usize, nresults: i32, errfunc: usize) -> Result<(), Error> {
        let old_ci = self.ci.len();
        let old_nny = self.nny;
        let old_errfunc = self.errfunc;
        let old_cc = self.n_ccalls;
        self.errfunc = errfunc;
        let r = self.call_noyield(func, nresults);
        self.nny = old_nny;
        self.errfunc = old_errfunc;
        if let Err(e) = r {
            let ev = self.take_error(e);
            // Ravi `defer`s of the frames being dropped run now (function.rs)
            let defers = self.pending_defers(old_ci);
            self.close_upvals(func);
            self.stack[func] = ev;
            self.ci.truncate(old_ci);
            self.n_ccalls = old_cc;
            if !defers.is_empty() {
                self.run_defers_unwinding(&defers, true);
            }
            self.top = func + 1;
            self.shrink_stack();
            return Err(e);
        }
        Ok(())
    }

    /// Calls `f(args...)` protected, discarding results beyond `nresults` (which are left
    /// on the stack). On error the error value is in `errobj` again (used by finalizers).
    pub fn pcall_value(&mut self, f: Value, args: &[Value], nresults: i32) -> LResult<()> {
        let func = self.top;
        self.check_stack(args.len() + 1)?;
        self.stack[func] = f;
        for (i, a) in args.iter().enumerate() {
            self.stack[func + 1 + i] = *a;
        }
        self.top = func + 1 + args.len();
        match self.pcall_raw(func, nresults, 0) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.errobj = self.stack[func];
                self.top = func;
                Err(e)
            }
        }
    }

    /// Calls a metamethod with two arguments and one result (luaT_callTM with result).
    pub fn call_tm_res(&mut self, f: Value, a: Value, b: Value) -> LResult<Value> {
        self.check_stack(3)?;
        let func = self.top;
        self.stack[func] = f;
        self.stack[func + 1] = a;
        self.stack[func + 2] = b;
        self.top = func + 3;
        if self.cur_ci().is_lua() {
            self.call(func, 1)?;
        } else {
            self.call_noyield(func, 1)?;
        }
        self.top -= 1;
        Ok(self.stack[self.top])
    }

    /// Calls a metamethod with three arguments and no result (`__newindex`).
    pub fn call_tm_noret(&mut self, f: Value, a: Value, b: Value, c: Value) -> LResult<()> {
        self.check_stack(4)?;
        let func = self.top;
        self.stack[func] = f;
        self.stack[func + 1] = a;
        self.stack[func + 2] = b;
        self.stack[func + 3] = c;
        self.top = func + 4;
        if self.cur_ci().is_lua() {
            self.call(func, 0)
        } else {
            self.call_noyield(func, 0)
        }
    }

    // ------------------------------------------------------------ raising errors

    /// Raises `v` as an error (luaG_errormsg): calls the message handler if any, stores
    /// the final error value in `errobj` and returns the status to propagate.
    #[cold]
    #[inline(never)]
    pub fn throw(&mut self, v: Value) -> Error {
        let mut v = v;
        if self.errfunc != 0 {
            let ef = self.stack[self.errfunc];
            if let Err(e) = self.check_stack(2) {
                return e;
            }
            let func = self.top;
            self.stack[func] = ef;
            self.stack[func + 1] = v;
            self.top = func + 2;
            if let Err(e) = self.call_noyield(func, 1) {
                return e;
            }
            v = self.stack[func];
            self.top = func;
        }
        self.errobj = v;
        Error::Runtime
    }

    /// Raises a runtime error with the message prefixed by the current Lua position
    /// (luaG_runerror). The message is used verbatim (no format directives).
    #[cold]
    #[inline(never)]
    pub fn runtime_error(&mut self, msg: &str) -> Error {
        self.runtime_error_bytes(msg.as_bytes())
    }

    #[cold]
    #[inline(never)]
    pub fn runtime_error_bytes(&mut self, msg: &[u8]) -> Error {
        let mut m = self.position_prefix(self.ci.len() - 1);
        m.extend_from_slice(msg);
        match self.new_string(&m) {
            Ok(s) => self.throw(Value::string(s)),
            Err(e) => e,
        }
    }
}
