//! The coroutine library (lcorolib.c): create, resume, yield, status, wrap, isyieldable,
//! running. Written against `ravi_vm::api`; the switching itself is `ravi_vm::coroutine`.

use ravi_vm::gc::Gc;
use ravi_vm::state::State;
use ravi_vm::{upvalue_index, LResult, Type, Value, LUA_OK, LUA_YIELD};

fn get_co(st: &mut State) -> LResult<Gc<State>> {
    match st.value(1).as_thread() {
        Some(c) => Ok(c),
        None => Err(st.arg_error(1, "thread expected")),
    }
}

/// Moves `n` values from the top of `from` to the top of `to` (lua_xmove).
fn xmove(from: &mut State, to: &mut State, n: usize) -> LResult<()> {
    to.check_stack(n)?;
    let start = from.top - n;
    for i in 0..n {
        let v = from.stack[start + i];
        to.push(v)?;
    }
    from.top = start;
    Ok(())
}

/// Resumes `co` with `narg` arguments from `st`'s top; Ok(Some(nres)) with the results
/// moved to `st`, or Ok(None) with the error message pushed on `st`.
fn aux_resume(st: &mut State, co: Gc<State>, narg: usize) -> LResult<Option<usize>> {
    if core::ptr::eq(co.as_ptr(), st as *mut State) {
        // lua5.3's auxresume checks "status OK and an empty stack" first, on the running
        // coroutine's own stack: a wrap function called by its own coroutine with no
        // arguments (nothing in its frame) reports a dead coroutine.
        let dead = st.get_top() == 0;
        st.pop(narg);
        st.push_str(if dead { "cannot resume dead coroutine" } else { "cannot resume non-suspended coroutine" })?;
        return Ok(None);
    }
    let com = co.m();
    if com.check_stack(narg).is_err() {
        st.push_str("too many arguments to resume")?;
        return Ok(None);
    }
    if com.status == LUA_OK as u8 && com.get_top() == 0 {
        st.push_str("cannot resume dead coroutine")?;
        return Ok(None);
    }
    xmove(st, com, narg)?;
    let status = com.resume(st.n_ccalls, narg);
    if status == LUA_OK || status == LUA_YIELD {
        let nres = com.resume_results();
        if st.check_stack(nres + 1).is_err() {
            com.top -= nres;
            st.push_str("too many results to resume")?;
            return Ok(None);
        }
        xmove(com, st, nres)?;
        Ok(Some(nres))
    } else {
        xmove(com, st, 1)?;
        Ok(None)
    }
}

fn resume(st: &mut State) -> LResult<usize> {
    let co = get_co(st)?;
    let n = st.get_top() - 1;
    match aux_resume(st, co, n)? {
        None => {
            st.push_bool(false)?;
            st.insert(-2);
            Ok(2)
        }
        Some(r) => {
            st.push_bool(true)?;
            st.insert(-(r as i32 + 1));
            Ok(r + 1)
        }
    }
}

fn aux_wrap(st: &mut State) -> LResult<usize> {
    let co = st.value(upvalue_index(1)).as_thread().unwrap();
    let n = st.get_top();
    match aux_resume(st, co, n)? {
        Some(r) => Ok(r),
        None => {
            if st.value(-1).is_string() {
                let mut m = st.where_(1);
                m.extend_from_slice(st.value(-1).as_string().unwrap().bytes());
                st.pop(1);
                st.push_bytes(&m)?;
            }
            let v = st.value(-1);
            Err(st.error_value(v))
        }
    }
}

fn create(st: &mut State) -> LResult<usize> {
    st.check_type(1, Type::Function)?;
    let f = st.value(1);
    let co = st.new_thread()?;
    st.push(Value::thread(co))?;
    co.m().push(f)?;
    st.check_gc()?;
    Ok(1)
}

fn wrap(st: &mut State) -> LResult<usize> {
    create(st)?;
    st.push_closure(aux_wrap, 1)?;
    Ok(1)
}

fn yield_(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    Err(st.yield_k(n, None, 0))
}

fn status(st: &mut State) -> LResult<usize> {
    let co = get_co(st)?;
    let s = if core::ptr::eq(co.as_ptr(), st as *mut State) {
        "running"
    } else {
        match co.status as i32 {
            LUA_YIELD => "suspended",
            LUA_OK => {
                if co.ci.len() > 1 {
                    "normal"
                } else if co.get_top() == 0 {
                    "dead"
                } else {
                    "suspended"
                }
            }
            _ => "dead",
        }
    };
    st.push_str(s)?;
    Ok(1)
}

fn isyieldable(st: &mut State) -> LResult<usize> {
    let y = st.is_yieldable();
    st.push_bool(y)?;
    Ok(1)
}

fn running(st: &mut State) -> LResult<usize> {
    let me = st.as_value();
    st.push(me)?;
    let m = st.is_main_thread();
    st.push_bool(m)?;
    Ok(2)
}

/// luaopen_coroutine: pushes the library table.
pub fn open_coroutine(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("create", create),
        ("resume", resume),
        ("running", running),
        ("status", status),
        ("wrap", wrap),
        ("yield", yield_),
        ("isyieldable", isyieldable),
    ])?;
    Ok(1)
}
