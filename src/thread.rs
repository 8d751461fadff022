//! [`Thread`]: a handle to a Lua coroutine, resumable from Rust.

#[allow(unused_imports)]
use std::prelude::rust_2021::*;

use crate::error::{Error, Result};
use crate::value::{lossy, FromLuaMulti, IntoLuaMulti, LuaRef, MultiValue};
use ravi_vm::state::{State, STATUS_OK, STATUS_YIELD};
use ravi_vm::{LUA_OK, LUA_YIELD};

/// Status of a coroutine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadStatus {
    /// Suspended (not started yet, or yielded): `resume` continues it.
    Resumable,
    /// Running, or suspended in a `resume` of another coroutine.
    Running,
    /// Returned normally.
    Finished,
    /// Died with an error.
    Error,
}

/// A Lua coroutine.
///
/// ```
/// let lua = ravi::Lua::new();
/// let co: ravi::Thread = lua.load("return coroutine.create(function(a) coroutine.yield(a * 2) return 'done' end)").eval().unwrap();
/// assert_eq!(co.resume::<_, i32>(21).unwrap(), 42);
/// assert_eq!(co.resume::<_, String>(()).unwrap(), "done");
/// assert!(matches!(co.resume::<_, ()>(()), Err(ravi::Error::CoroutineInactive)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Thread<'lua>(pub(crate) LuaRef<'lua>);

fn status_of(th: &State, current: *const State) -> ThreadStatus {
    if std::ptr::eq(th, current) {
        return ThreadStatus::Running;
    }
    match th.status {
        STATUS_YIELD => ThreadStatus::Resumable,
        STATUS_OK => {
            if th.ci.len() > 1 {
                ThreadStatus::Running
            } else if th.get_top() > 0 {
                ThreadStatus::Resumable
            } else {
                ThreadStatus::Finished
            }
        }
        _ => ThreadStatus::Error,
    }
}

impl<'lua> Thread<'lua> {
    /// Resumes the coroutine with `args`; returns what it yields or returns. Errors:
    /// `Error::CoroutineInactive` when it is not suspended; its runtime error (with the
    /// coroutine's traceback) when it dies.
    ///
    /// ```
    /// use ravi::{Error, Lua, Thread};
    /// let lua = Lua::new();
    /// let co: Thread = lua.load("return coroutine.create(function(a) local b = coroutine.yield(a * 2) return b + 1 end)").eval().unwrap();
    /// assert_eq!(co.resume::<_, i64>(21).unwrap(), 42);
    /// assert_eq!(co.resume::<_, i64>(9).unwrap(), 10);
    /// assert!(matches!(co.resume::<_, ()>(()), Err(Error::CoroutineInactive)));
    /// ```
    pub fn resume<A: IntoLuaMulti<'lua>, R: FromLuaMulti<'lua>>(&self, args: A) -> Result<R> {
        let lua = self.0.lua();
        let args = args.into_lua_multi(lua)?;
        let st = lua.state_mut();
        let th_gc = match self.0.raw().as_thread() {
            Some(t) => t,
            None => return Err(Error::CoroutineInactive),
        };
        if std::ptr::eq(th_gc.as_ptr(), st as *const State) || std::ptr::eq(th_gc.as_ptr(), lua.main_state_ptr()) {
            return Err(Error::CoroutineInactive);
        }
        if status_of(th_gc.m(), st) != ThreadStatus::Resumable {
            return Err(Error::CoroutineInactive);
        }
        // Push the arguments on the coroutine's stack.
        let th = th_gc.m();
        let th_top = th.top;
        for a in args.iter() {
            if let Err(e) = lua.push_value(th, a) {
                th.top = th_top;
                return Err(e);
            }
        }
        let from = st.n_ccalls;
        let th = th_gc.m();
        let status = th.resume(from, args.len());
        let th = th_gc.m();
        let st = lua.state_mut();
        if status == LUA_OK || status == LUA_YIELD {
            let n = th.resume_results();
            let first = th.top - n;
            let mut out = MultiValue::new();
            let mut res = Ok(());
            for i in first..th.top {
                let v = th.stack[i];
                match lua.value_from_vm(st, v) {
                    Ok(v) => out.push_back(v),
                    Err(e) => {
                        res = Err(e);
                        break;
                    }
                }
            }
            th.top = first;
            res?;
            R::from_lua_multi(out, lua)
        } else {
            let v = th.stack[th.top - 1];
            let (mut err, panic) = lua.error_from_vm(&v, status);
            if let Error::RuntimeError(msg) = &mut err {
                let tb = th.traceback(None, 0);
                if panic.is_none() && !v.is_string() && !v.is_number() && crate::lua::wrapped_failure(&v).is_none() {
                    // an error object with `__tostring` (run on the calling thread)
                    if let Some(s) = lua.error_object_text(st, v) {
                        *msg = s;
                    }
                }
                msg.push('\n');
                msg.push_str(&lossy(&tb));
            }
            let th = th_gc.m();
            th.top -= 1;
            if let Some(p) = panic {
                std::panic::resume_unwind(p);
            }
            Err(err)
        }
    }

    /// The coroutine's status.
    ///
    /// ```
    /// use ravi::{Lua, ThreadStatus};
    /// let lua = Lua::new();
    /// let co = lua.create_thread(lua.load("coroutine.yield()").into_function().unwrap()).unwrap();
    /// assert_eq!(co.status(), ThreadStatus::Resumable);
    /// co.resume::<_, ()>(()).unwrap();
    /// co.resume::<_, ()>(()).unwrap();
    /// assert_eq!(co.status(), ThreadStatus::Finished);
    /// ```
    pub fn status(&self) -> ThreadStatus {
        let lua = self.0.lua();
        let st = lua.state_mut();
        match self.0.raw().as_thread() {
            Some(t) => status_of(t.m(), st),
            None => ThreadStatus::Error,
        }
    }

    /// Raw pointer identity (`%p`).
    pub fn to_pointer(&self) -> *const std::ffi::c_void {
        self.0.raw().gc_ptr() as *const _
    }
}
