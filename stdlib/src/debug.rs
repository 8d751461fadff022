//! The debug library (ldblib.c of Lua 5.3): debug, gethook, getinfo, getlocal,
//! getmetatable, getregistry, getupvalue, getuservalue, sethook, setlocal, setmetatable,
//! setupvalue, setuservalue, traceback, upvalueid, upvaluejoin — with lua5.3's results and
//! messages. Built on `ravi_vm::debug_api` (frames, locals, upvalues, hooks).
//!
//! Differences from lua5.3, by design:
//! - `debug.setlocal`, `debug.setupvalue` and `debug.upvaluejoin` raise an error instead
//!   of writing into a Lua function's locals/upvalues once typed Ravi code is loaded (typed
//!   opcodes trust those slots; see `ravi_vm::debug_api`).
//! - `debug.getinfo(level, ">...")` ignores the '>' (lua5.3 reads a stray stack slot).
//! - `debug.debug` needs the `std` feature (stdin/stderr); without it, it returns at once.

use alloc::vec::Vec;
use ravi_vm::debug_api::{DebugHookFn, MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET};
use ravi_vm::debug_info::FrameInfo;
use ravi_vm::gc::Gc;
use ravi_vm::api::c_str;
use ravi_vm::state::State;
use ravi_vm::{LResult, Type, Value, REGISTRY_INDEX};

/// Registry key of the table thread -> Lua hook function (weak keys), as HOOKKEY.
static HOOKKEY: u8 = 0;

fn hook_key() -> Value {
    Value::light_userdata(&HOOKKEY as *const u8 as *mut core::ffi::c_void)
}

/// getthread: the thread argument (if the first argument is one) and the argument offset.
fn get_thread(st: &mut State) -> (*mut State, i32) {
    match st.value(1).as_thread() {
        Some(t) => (t.as_ptr(), 1),
        None => (st as *mut State, 0),
    }
}

fn set_str(st: &mut State, t: Gc<ravi_vm::Table>, k: &str, v: &[u8]) -> LResult<()> {
    let s = st.new_str_value(v)?;
    st.push(s)?; // keep it rooted while the key is created
    let r = st.raw_set_str(t, k.as_bytes(), s);
    st.top -= 1;
    r
}

fn set_int(st: &mut State, t: Gc<ravi_vm::Table>, k: &str, v: i64) -> LResult<()> {
    st.raw_set_str(t, k.as_bytes(), Value::int(v))
}

fn set_bool(st: &mut State, t: Gc<ravi_vm::Table>, k: &str, v: bool) -> LResult<()> {
    st.raw_set_str(t, k.as_bytes(), Value::bool(v))
}

/// lua_getinfo's answers for a function that is not running (the '>' form).
fn function_info(f: &Value) -> FrameInfo {
    let mut fi = FrameInfo { func: *f, ..Default::default() };
    match f.as_lclosure() {
        Some(cl) => {
            let p = cl.proto;
            fi.source = p.source.to_vec();
            fi.short_src = ravi_parser::bytecode::chunkid(&p.source);
            fi.linedefined = p.linedefined as i32;
            fi.lastlinedefined = p.lastlinedefined as i32;
            fi.what = if p.linedefined == 0 { "main" } else { "Lua" };
            fi.nups = cl.upvals.len() as u32;
            fi.nparams = p.numparams as u32;
            fi.is_vararg = p.is_vararg;
        }
        None => {
            fi.source = b"=[C]".to_vec();
            fi.short_src = b"[C]".to_vec();
            fi.what = "C";
            fi.linedefined = -1;
            fi.lastlinedefined = -1;
            fi.is_vararg = true;
            fi.nups = f.as_nclosure().map(|c| c.upvals.len() as u32).unwrap_or(0);
        }
    }
    fi.currentline = -1;
    fi.namewhat = "";
    fi
}

fn getinfo(st: &mut State) -> LResult<usize> {
    let (l1p, arg) = get_thread(st);
    let opts: Vec<u8> = match st.opt_string(arg + 2)? {
        // a C string for lua_getinfo: an embedded NUL ends the options
        Some(s) => c_str(s.bytes()).to_vec(),
        None => b"flnStu".to_vec(),
    };
    let fv = st.value(arg + 1);
    let fi = if fv.is_function() {
        // lua_getinfo(">opts"): a '>' given by the caller is an invalid option
        if opts.contains(&b'>') {
            return Err(st.arg_error(arg + 2, "invalid option"));
        }
        function_info(&fv)
    } else {
        let level = st.check_integer(arg + 1)?;
        // SAFETY: l1p is this thread or a live thread argument; only read here.
        let l1 = unsafe { &*l1p };
        let fi = if level < 0 || level > i32::MAX as i64 { None } else { l1.frame_info(level as usize) };
        match fi {
            Some(mut fi) => {
                // a stripped function has no line information: -1, as getfuncline
                if fi.func.as_lclosure().is_some_and(|cl| cl.proto.lineinfo.is_empty()) {
                    fi.currentline = -1;
                }
                fi
            }
            None => {
                st.push_nil()?;
                return Ok(1);
            }
        }
    };
    // lua_getinfo skips one leading '>' whatever the caller (with a level, lua5.3 then
    // describes whatever value is on top of its stack); any other '>' is invalid
    let valid = if opts.first() == Some(&b'>') { &opts[1..] } else { &opts[..] };
    for &c in valid.iter() {
        if !b"SlutnLf".contains(&c) {
            return Err(st.arg_error(arg + 2, "invalid option"));
        }
    }
    let t = st.create_table(0, 2)?;
    if opts.contains(&b'S') {
        set_str(st, t, "source", &fi.source)?;
        set_str(st, t, "short_src", &fi.short_src)?;
        set_int(st, t, "linedefined", fi.linedefined as i64)?;
        set_int(st, t, "lastlinedefined", fi.lastlinedefined as i64)?;
        set_str(st, t, "what", fi.what.as_bytes())?;
    }
    if opts.contains(&b'l') {
        set_int(st, t, "currentline", fi.currentline as i64)?;
    }
    if opts.contains(&b'u') {
        set_int(st, t, "nups", fi.nups as i64)?;
        set_int(st, t, "nparams", fi.nparams as i64)?;
        set_bool(st, t, "isvararg", fi.is_vararg)?;
    }
    if opts.contains(&b'n') {
        if let Some(n) = &fi.name {
            set_str(st, t, "name", n)?;
        }
        set_str(st, t, "namewhat", fi.namewhat.as_bytes())?;
    }
    if opts.contains(&b't') {
        set_bool(st, t, "istailcall", fi.is_tail)?;
    }
    if opts.contains(&b'L') {
        if let Some(cl) = fi.func.as_lclosure() {
            let lines = ravi_vm::debug_api::active_lines(&cl.proto);
            let lt = st.create_table(0, 0)?;
            for l in lines {
                st.raw_set_int(lt, l as i64, Value::TRUE)?;
            }
            st.raw_set_str(t, b"activelines", Value::table(lt))?;
            st.top -= 1;
        }
    }
    if opts.contains(&b'f') {
        st.raw_set_str(t, b"func", fi.func)?;
    }
    Ok(1)
}

fn getlocal(st: &mut State) -> LResult<usize> {
    let (l1p, arg) = get_thread(st);
    let nvar = st.check_integer(arg + 2)?;
    let fv = st.value(arg + 1);
    if fv.is_function() {
        // parameters of a non-active function
        let name = match fv.as_lclosure() {
            Some(cl) if nvar > 0 => cl.proto.local_name(nvar as usize, 0).map(|n| n.to_vec()),
            _ => None,
        };
        match name {
            Some(n) => {
                st.push_bytes(&n)?;
            }
            None => st.push_nil()?,
        }
        return Ok(1);
    }
    let level = st.check_integer(arg + 1)?;
    // SAFETY: l1p is this thread or a live thread argument; only read here.
    let (found, v) = {
        let l1 = unsafe { &*l1p };
        match l1.level_ci(level) {
            None => (None, Value::NIL),
            Some(ci) => match l1.find_local(ci, nvar) {
                Some(l) => {
                    let v = l1.stack[l.slot];
                    (Some(Some(l.name)), v)
                }
                None => (Some(None), Value::NIL),
            },
        }
    };
    match found {
        None => Err(st.arg_error(arg + 1, "level out of range")),
        Some(None) => {
            st.push_nil()?;
            Ok(1)
        }
        Some(Some(name)) => {
            st.push(v)?;
            st.push_bytes(&name)?;
            st.insert(-2);
            Ok(2)
        }
    }
}

fn setlocal(st: &mut State) -> LResult<usize> {
    let (l1p, arg) = get_thread(st);
    let level = st.check_integer(arg + 1)?;
    let nvar = st.check_integer(arg + 2)?;
    // SAFETY: l1p is this thread or a live thread argument.
    let ci = match unsafe { &*l1p }.level_ci(level) {
        Some(ci) => ci,
        None => return Err(st.arg_error(arg + 1, "level out of range")),
    };
    let v = st.check_any(arg + 3)?;
    let l1 = unsafe { &mut *l1p };
    let r = match l1.find_local(ci, nvar) {
        None => None,
        Some(l) => Some(l1.set_local_checked(ci, &l, v).map(|_| l.name)),
    };
    match r {
        None => st.push_nil()?,
        Some(Ok(name)) => {
            st.push_bytes(&name)?;
        }
        Some(Err(msg)) => return Err(st.error_str(msg)),
    }
    Ok(1)
}

fn getupvalue(st: &mut State) -> LResult<usize> {
    let n = st.check_integer(2)?;
    let f = st.check_type(1, Type::Function)?;
    match st.get_upvalue_of(&f, n) {
        None => Ok(0),
        Some((name, v)) => {
            st.push_bytes(&name)?;
            st.push(v)?;
            Ok(2)
        }
    }
}

fn setupvalue(st: &mut State) -> LResult<usize> {
    let v = st.check_any(3)?;
    let n = st.check_integer(2)?;
    let f = st.check_type(1, Type::Function)?;
    match st.set_upvalue_of(&f, n, v) {
        Ok(None) => Ok(0),
        Ok(Some(name)) => {
            st.push_bytes(&name)?;
            Ok(1)
        }
        Err(msg) => Err(st.error_str(msg)),
    }
}

/// checkupval: the upvalue index argument, checked.
fn check_upval(st: &mut State, argf: i32, argnup: i32) -> LResult<i64> {
    let nup = st.check_integer(argnup)?;
    let f = st.check_type(argf, Type::Function)?;
    if st.get_upvalue_of(&f, nup).is_none() {
        return Err(st.arg_error(argnup, "invalid upvalue index"));
    }
    Ok(nup)
}

fn upvalueid(st: &mut State) -> LResult<usize> {
    let n = check_upval(st, 1, 2)?;
    let f = st.value(1);
    let id = st.upvalue_id(&f, n).unwrap_or(core::ptr::null_mut());
    st.push(Value::light_userdata(id))?;
    Ok(1)
}

fn upvaluejoin(st: &mut State) -> LResult<usize> {
    let n1 = check_upval(st, 1, 2)?;
    let n2 = check_upval(st, 3, 4)?;
    let (f1, f2) = (st.value(1), st.value(3));
    if f1.as_lclosure().is_none() {
        return Err(st.arg_error(1, "Lua function expected"));
    }
    if f2.as_lclosure().is_none() {
        return Err(st.arg_error(3, "Lua function expected"));
    }
    if let Err(msg) = st.upvalue_join(&f1, n1, &f2, n2) {
        return Err(st.error_str(msg));
    }
    Ok(0)
}

const HOOK_NAMES: [&[u8]; 5] = [b"call", b"return", b"line", b"count", b"tail call"];

/// The hook installed by `debug.sethook` (hookf): calls hooktable[thread](event, line).
fn hookf(st: &mut State, event: i32, line: i32) -> LResult<()> {
    let seed = st.seed();
    let ht = match st.registry().get_value(&hook_key(), seed).as_table() {
        Some(t) => t,
        None => return Ok(()),
    };
    let me = st.as_value();
    let f = ht.get_value(&me, seed);
    if !f.is_function() {
        return Ok(());
    }
    let func = st.top;
    st.push(f)?;
    st.push_bytes(HOOK_NAMES[event as usize])?;
    if line >= 0 {
        st.push_integer(line as i64)?;
    } else {
        st.push_nil()?;
    }
    st.call_noyield(func, 0)
}

fn sethook(st: &mut State) -> LResult<usize> {
    let (l1p, arg) = get_thread(st);
    let (func, mask, count): (Option<DebugHookFn>, u8, i64);
    if st.is_none_or_nil(arg + 1) {
        st.set_top((arg + 1) as usize);
        func = None;
        mask = 0;
        count = 0;
    } else {
        // makemask's strchr sees the mask up to an embedded NUL
        let smask = c_str(st.check_string(arg + 2)?.bytes()).to_vec();
        st.check_type(arg + 1, Type::Function)?;
        count = st.opt_integer(arg + 3, 0)?;
        func = Some(hookf);
        let mut m = 0u8;
        if smask.contains(&b'c') {
            m |= MASK_CALL;
        }
        if smask.contains(&b'r') {
            m |= MASK_RET;
        }
        if smask.contains(&b'l') {
            m |= MASK_LINE;
        }
        if count > 0 {
            m |= MASK_COUNT;
        }
        mask = m;
    }
    let seed = st.seed();
    let reg = st.registry();
    let ht = match reg.get_value(&hook_key(), seed).as_table() {
        Some(t) => t,
        None => {
            let t = st.create_table(0, 2)?;
            st.raw_set(reg, hook_key(), Value::table(t))?;
            st.raw_set_str(t, b"__mode", Value::NIL)?;
            let k = st.new_str_value(b"k")?;
            st.raw_set_str(t, b"__mode", k)?;
            st.set_metatable_of(&Value::table(t), Some(t));
            st.top -= 1;
            t
        }
    };
    // SAFETY: l1p is this thread or a live thread argument.
    let thv = Value::thread(Gc::from_ptr(l1p));
    let hv = st.value(arg + 1);
    st.raw_set(ht, thv, hv)?;
    let l1 = unsafe { &mut *l1p };
    l1.set_debug_hook(func, mask, count as i32);
    Ok(0)
}

fn gethook(st: &mut State) -> LResult<usize> {
    let (l1p, _arg) = get_thread(st);
    // SAFETY: l1p is this thread or a live thread argument; only read here.
    let d = unsafe { &*l1p }.dbg;
    match d.hook {
        None => st.push_nil()?,
        Some(h) if h as usize != hookf as DebugHookFn as usize => {
            st.push_str("external hook")?;
        }
        Some(_) => {
            let seed = st.seed();
            let f = match st.registry().get_value(&hook_key(), seed).as_table() {
                Some(t) => t.get_value(&Value::thread(Gc::from_ptr(l1p)), seed),
                None => Value::NIL,
            };
            st.push(f)?;
        }
    }
    let mut m = Vec::new();
    if d.mask & MASK_CALL != 0 {
        m.push(b'c');
    }
    if d.mask & MASK_RET != 0 {
        m.push(b'r');
    }
    if d.mask & MASK_LINE != 0 {
        m.push(b'l');
    }
    st.push_bytes(&m)?;
    st.push_integer(d.base_count as i64)?;
    Ok(3)
}

fn getmetatable(st: &mut State) -> LResult<usize> {
    st.check_any(1)?;
    if !st.get_metatable(1)? {
        st.push_nil()?;
    }
    Ok(1)
}

fn setmetatable(st: &mut State) -> LResult<usize> {
    let t = st.type_of(2);
    if t != Some(Type::Nil) && t != Some(Type::Table) {
        return Err(st.arg_error(2, "nil or table expected"));
    }
    st.set_top(2);
    let v = st.value(1);
    let mt = st.value(2).as_table();
    st.set_metatable_of(&v, mt);
    st.set_top(1);
    Ok(1)
}

fn getregistry(st: &mut State) -> LResult<usize> {
    st.push_value(REGISTRY_INDEX)?;
    Ok(1)
}

fn getuservalue(st: &mut State) -> LResult<usize> {
    match st.value(1).as_userdata() {
        Some(u) if st.type_of(1) == Some(Type::Userdata) => st.push(u.user_value)?,
        _ => st.push_nil()?,
    }
    Ok(1)
}

fn setuservalue(st: &mut State) -> LResult<usize> {
    st.check_type(1, Type::Userdata)?;
    let v = st.check_any(2)?;
    st.set_top(2);
    if let Some(u) = st.value(1).as_userdata() {
        u.m().user_value = v;
        ravi_vm::gc::barrier(st.global_mut(), u.as_header(), &v);
    }
    st.set_top(1);
    Ok(1)
}

fn traceback(st: &mut State) -> LResult<usize> {
    let (l1p, arg) = get_thread(st);
    let mv = st.value(arg + 1);
    let msg: Option<Vec<u8>> = if mv.is_string() || mv.is_number() {
        Some(st.to_lstring(arg + 1)?.map(|s| s.bytes().to_vec()).unwrap_or_default())
    } else {
        None
    };
    if msg.is_none() && !st.is_none_or_nil(arg + 1) {
        st.push(mv)?;
        return Ok(1);
    }
    let same = core::ptr::eq(l1p, st as *mut State);
    let level = st.opt_integer(arg + 2, if same { 1 } else { 0 })?;
    // luaL_traceback: lua_getstack finds no frame at a negative level, so only the header
    let tb = if level < 0 {
        let mut out = Vec::new();
        if let Some(m) = &msg {
            out.extend_from_slice(m);
            out.push(b'\n');
        }
        out.extend_from_slice(b"stack traceback:");
        out
    } else {
        st.traceback_of(l1p, msg.as_deref(), level as usize)
    };
    st.push_bytes(&tb)?;
    Ok(1)
}

/// debug.debug: runs lines from stdin until "cont" (or end of input).
fn debug_(st: &mut State) -> LResult<usize> {
    #[cfg(feature = "std")]
    {
        use std::io::{BufRead, Write};
        loop {
            let _ = std::io::stderr().write_all(b"lua_debug> ");
            let _ = std::io::stderr().flush();
            let mut line = Vec::new();
            match std::io::stdin().lock().read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return Ok(0),
                Ok(_) => {}
            }
            if line == b"cont\n" || line == b"cont" {
                return Ok(0);
            }
            let top = st.top;
            let status = st.load(&line, b"=(debug command)", "bt")?;
            let status = if status == ravi_vm::LUA_OK { st.pcall(0, 0, 0)? } else { status };
            if status != ravi_vm::LUA_OK {
                let msg = match st.to_lstring(-1)? {
                    Some(s) => s.bytes().to_vec(),
                    None => b"(error object is not a string)".to_vec(),
                };
                let mut e = std::io::stderr();
                let _ = e.write_all(&msg);
                let _ = e.write_all(b"\n");
                let _ = e.flush();
            }
            st.top = top;
        }
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = st;
        Ok(0)
    }
}

pub fn open_debug(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("debug", debug_),
        ("getuservalue", getuservalue),
        ("gethook", gethook),
        ("getinfo", getinfo),
        ("getlocal", getlocal),
        ("getregistry", getregistry),
        ("getmetatable", getmetatable),
        ("getupvalue", getupvalue),
        ("upvaluejoin", upvaluejoin),
        ("upvalueid", upvalueid),
        ("setuservalue", setuservalue),
        ("sethook", sethook),
        ("setlocal", setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("traceback", traceback),
    ])?;
    Ok(1)
}
