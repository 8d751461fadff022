//! The dispatch loop: executes Lua frames (luaV_execute) and finishes instructions that
//! were interrupted by a yield inside a metamethod (`finish_op`, luaV_finishOp).
//!
//! Owns: the semantics of every opcode of `ravi_parser::bytecode` (the contract).
//! Must not touch: object layouts beyond their public fast-path accessors; slow paths live
//! in `metamethod`, `call`, `arith` as `#[cold]` functions.
//!
//! Shape (see /work/shared/notes/fast-interpreter.md):
//! - `pc`, `base` (raw pointer to register 0) and `k` (constants) are locals. Anything that
//!   may call, grow the stack or raise is wrapped in `protect!`, which saves `pc` into the
//!   frame first and re-derives `base` afterwards (the stack may have been reallocated).
//! - Lua->Lua calls push a frame and `continue 'newframe`; returns pop it and continue the
//!   caller in the same loop. Only a frame marked `CIST_FRESH` (entered from Rust) returns
//!   from `execute`. Tail calls replace the caller's frame.
//! - Generic `for` calls its iterator the same way (no Rust recursion).
//! - Register and constant indices are trusted because every prototype passed
//!   `function::verify` when it was loaded.
//! - Fast paths: int/int then float/float arithmetic, array part for integer keys,
//!   interned short-string keys compared by pointer with their cached hash.
//! - One budget counter (`Global::budget`) is decremented on backward jumps and calls; when
//!   it runs out `budget_exhausted` serves hooks, interrupts and instruction limits.

use crate::arith::{self, ArithOp};
use crate::debug_api::{MASK_COUNT, MASK_LINE};
use crate::debug_info::Origin;
use crate::error::{Error, LResult};
use crate::function::{LClosure, UpVal};
use crate::gc::{self, Gc};
use crate::state::*;
use crate::table::Table;
use crate::value::*;
use ravi_parser::bytecode::{fb2int, Instruction, OpCode, TypeCode, FIELDS_PER_FLUSH};

#[inline(always)]
fn arith_fast(op: ArithOp, a: &Value, b: &Value) -> Option<Value> {
    // Two compares on the fast paths (integer pair, float pair); mixed pairs and
    // everything else leave through one branch.
    let pt = pair_tag(a, b);
    if pt == PAIR_INT_INT {
        let (x, y) = (a.ival(), b.ival());
        return match op {
            ArithOp::Add => Some(Value::int(x.wrapping_add(y))),
            ArithOp::Sub => Some(Value::int(x.wrapping_sub(y))),
            ArithOp::Mul => Some(Value::int(x.wrapping_mul(y))),
            ArithOp::Mod => arith::int_mod(x, y).map(Value::int),
            ArithOp::IDiv => arith::int_idiv(x, y).map(Value::int),
            ArithOp::Div => Some(Value::float(x as f64 / y as f64)),
            ArithOp::Pow => Some(Value::float(arith::float_pow(x as f64, y as f64))),
            ArithOp::BAnd => Some(Value::int(x & y)),
            ArithOp::BOr => Some(Value::int(x | y)),
            ArithOp::BXor => Some(Value::int(x ^ y)),
            ArithOp::Shl => Some(Value::int(arith::shift_left(x, y))),
            ArithOp::Shr => Some(Value::int(arith::shift_left(x, y.wrapping_neg()))),
            _ => None,
        };
    }
    if op.is_bitwise() {
        return None;
    }
    let (x, y) = if pt == PAIR_FLT_FLT {
        (a.fval(), b.fval())
    } else {
        // Kept out of the compare chain above (LLVM would fold the pair tests into a
        // switch, putting the float pair behind two more compares).
        branch_barrier();
        if pt == PAIR_INT_FLT {
            (a.ival() as f64, b.fval())
        } else if pt == PAIR_FLT_INT {
            (a.fval(), b.ival() as f64)
        } else {
            return None;
        }
    };
    Some(Value::float(arith::float_arith(op, x, y)))
}

/// Slow path of the arithmetic opcodes (mixed operands, coercions, metamethods, errors).
/// `pb`/`pc` point at the operands (frame registers or constants); they are read before
/// anything can move the stack.
#[cold]
#[inline(never)]
fn arith_slow(st: &mut State, op: ArithOp, pb: *const Value, pc: *const Value, ob: Origin, oc: Origin) -> LResult<Value> {
    // SAFETY: the caller passes pointers to live registers or constants.
    let (vb, vc) = unsafe { (Value::load(pb), Value::load(pc)) };
    st.arith(op, vb, vc, ob, oc)
}

/// Slow path of the indexing opcodes (metamethods, absent keys, errors): the operands are
/// read through the pointers, so the fast path keeps no copies of them live.
#[cold]
#[inline(never)]
fn get_slow(st: &mut State, pt: *const Value, pk: *const Value, origin: Origin) -> LResult<Value> {
    // SAFETY: the caller passes pointers to live registers, constants or upvalue values.
    let (t, k) = unsafe { (Value::load(pt), Value::load(pk)) };
    st.finish_get(t, k, origin)
}

/// As [`get_slow`], for an integer key taken from the instruction.
#[cold]
#[inline(never)]
fn get_slow_int(st: &mut State, pt: *const Value, n: i64, origin: Origin) -> LResult<Value> {
    // SAFETY: as in `get_slow`.
    let t = unsafe { Value::load(pt) };
    st.finish_get(t, Value::int(n), origin)
}

/// Slow path of the table-store opcodes (as [`get_slow`]).
#[cold]
#[inline(never)]
fn set_slow(st: &mut State, pt: *const Value, pk: *const Value, pv: *const Value, origin: Origin) -> LResult<()> {
    // SAFETY: as in `get_slow`.
    let (t, k, v) = unsafe { (Value::load(pt), Value::load(pk), Value::load(pv)) };
    st.finish_set(t, k, v, origin)
}

/// As [`set_slow`], for an integer key taken from the instruction.
#[cold]
#[inline(never)]
fn set_slow_int(st: &mut State, pt: *const Value, n: i64, pv: *const Value, origin: Origin) -> LResult<()> {
    // SAFETY: as in `get_slow`.
    let (t, v) = unsafe { (Value::load(pt), Value::load(pv)) };
    st.finish_set(t, Value::int(n), v, origin)
}

/// A table lookup by any key, out of line: the key travels in registers, so the callers'
/// fast paths (integer and short-string keys) need no stack copy of it.
#[inline(never)]
fn get_generic(t: &Table, key: Value, seed: u32) -> *const Value {
    t.get(&key, seed)
}

/// Raw equality fast path: Some(result) when no metamethod can be involved.
#[inline(always)]
fn eq_fast(a: &Value, b: &Value) -> Option<bool> {
    if a.tt != b.tt {
        // different tags: equal only as an integer and a float with the same value
        // (`x == nil`, `t == false` end here: no call)
        if (a.tt == TAG_INT || a.tt == TAG_FLOAT) && (b.tt == TAG_INT || b.tt == TAG_FLOAT) {
            return Some(a.raw_eq(b));
        }
        return Some(false);
    }
    match a.tt {
        TAG_TABLE | TAG_USERDATA => {
            if a.raw_bits() == b.raw_bits() { Some(true) } else { None }
        }
        TAG_INT => Some(a.ival() == b.ival()),
        TAG_SHRSTR => Some(a.raw_bits() == b.raw_bits()),
        TAG_NIL | TAG_FALSE | TAG_TRUE => Some(true),
        TAG_FLOAT => Some(a.fval() == b.fval()),
        _ => Some(a.raw_eq(b)),
    }
}

/// An empty asm statement: LLVM cannot speculate it, so a branch that contains it stays a
/// branch instead of becoming a `cmov`/`select`.
#[inline(always)]
fn branch_barrier() {
    #[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64", target_arch = "arm", target_arch = "riscv64"))]
    // SAFETY: an empty template with no operands has no effect.
    unsafe {
        core::arch::asm!("", options(nomem, nostack, preserves_flags))
    };
}

/// Called when the budget counter runs out: hook, interrupt, limits.
#[cold]
#[inline(never)]
fn budget_exhausted(st: &mut State) -> LResult<()> {
    let g = st.global_mut();
    g.budget = g.hook_period;
    if g.interrupt.swap(false, core::sync::atomic::Ordering::Relaxed) {
        return Err(st.runtime_error("interrupted!"));
    }
    if let Some(h) = g.hook {
        h(st)?;
    }
    Ok(())
}

/// 'for' loop limit conversion (forlimit): Some((limit, stop_now)) or None if not a number.
fn for_limit(lim: &Value, step: i64) -> Option<(i64, bool)> {
    let mode = if step < 0 { 2 } else { 1 };
    let iv = match lim.tt {
        TAG_INT => Some(lim.ival()),
        TAG_FLOAT => arith::float_to_int_mode(lim.fval(), mode),
        _ => match arith::to_number_value(lim) {
            Some(n) if n.is_int() => Some(n.ival()),
            Some(n) => arith::float_to_int_mode(n.fval(), mode),
            None => return None,
        },
    };
    match iv {
        Some(i) => Some((i, false)),
        None => {
            let n = arith::to_float(lim)?;
            if n > 0.0 {
                Some((i64::MAX, step < 0))
            } else {
                Some((i64::MIN, step >= 0))
            }
        }
    }
}

#[cold]
#[inline(never)]
fn for_prep_slow(st: &mut State, ra: usize) -> LResult<()> {
    let init = st.stack[ra];
    let plimit = st.stack[ra + 1];
    let pstep = st.stack[ra + 2];
    if init.is_int() && pstep.is_int() {
        if let Some((ilimit, stop)) = for_limit(&plimit, pstep.ival()) {
            let initv = if stop { 0 } else { init.ival() };
            st.stack[ra + 1] = Value::int(ilimit);
            st.stack[ra] = Value::int(initv.wrapping_sub(pstep.ival()));
            return Ok(());
        }
    }
    let nlimit = match arith::to_float(&plimit) {
        Some(n) => n,
        None => return Err(st.runtime_error("'for' limit must be a number")),
    };
    st.stack[ra + 1] = Value::float(nlimit);
    let nstep = match arith::to_float(&pstep) {
        Some(n) => n,
        None => return Err(st.runtime_error("'for' step must be a number")),
    };
    st.stack[ra + 2] = Value::float(nstep);
    let ninit = match arith::to_float(&init) {
        Some(n) => n,
        None => return Err(st.runtime_error("'for' initial value must be a number")),
    };
    st.stack[ra] = Value::float(ninit - nstep);
    Ok(())
}

/// Creates a closure for prototype `bx` of the running function.
#[cold]
#[inline(never)]
fn make_closure(st: &mut State, cl: Gc<LClosure>, bx: usize, base_idx: usize) -> LResult<Value> {
    let p = cl.proto.protos[bx];
    let n = p.upvalues.len();
    if let Some(c) = p.cache {
        let me = st as *mut State;
        let hit = (0..n).all(|i| {
            let d = &p.upvalues[i];
            let u = c.upvals[i];
            if d.in_stack {
                u.thread == me && u.index == base_idx + d.index as usize
            } else {
                u == cl.upvals[d.index as usize]
            }
        });
        if hit {
            return Ok(Value::lclosure(c));
        }
    }
    let ncl = st.new_lclosure_from(p, n, |st, i| {
        let d = &p.upvalues[i];
        if d.in_stack {
            st.find_upval(base_idx + d.index as usize)
        } else {
            Ok(cl.upvals[d.index as usize])
        }
    })?;
    p.m().cache = Some(ncl);
    gc::barrier_proto(st.global_mut(), p.as_header());
    Ok(Value::lclosure(ncl))
}

#[cold]
#[inline(never)]
fn set_list(st: &mut State, ra: usize, mut n: usize, c: usize) -> LResult<()> {
    if n == 0 {
        // The verifier keeps open results at or above ra + 1.
        n = st.top.saturating_sub(ra + 1);
    }
    // Our compiler puts the constructor's table in ra; a crafted binary chunk may not
    // (the verifier does not track register types), and gets an error, not a panic.
    let Some(h) = st.stack[ra].as_table() else {
        return Err(st.runtime_error("bad binary chunk: SETLIST on a non-table"));
    };
    let mut last = c.saturating_sub(1) * FIELDS_PER_FLUSH as usize + n;
    if last > h.asize as usize {
        let g = st.global_mut();
        let nh = if h.node_is_dummy { 0 } else { h.size_node() as u32 };
        h.m().resize(&mut g.heap, last as u32, nh).map_err(|_| Error::Memory)?;
    }
    while n > 0 {
        // SAFETY: ra + n < top <= stack length.
        let v = unsafe { Value::load(&st.stack[ra + n]) };
        st.raw_set_int(h, last as i64, v)?;
        last -= 1;
        n -= 1;
    }
    Ok(())
}

/// GC check point inside a Lua frame (5.3's `checkGC(L, c)`): only the registers below
/// `limit` (and every active local variable) are live, so dead temporaries above the
/// instruction's target do not keep objects alive; slots above are cleared by the
/// atomic phase. The frame's top is restored afterwards.
#[cold]
#[inline(never)]
fn gc_at(st: &mut State, ci_idx: usize, limit: usize) -> LResult<()> {
    let (base, top) = (st.ci[ci_idx].base, st.ci[ci_idx].top);
    let mut lim = limit.min(top);
    if let Some(p) = st.ci_proto(ci_idx) {
        let pc = st.ci_pc(ci_idx) as u32;
        let nact = p.locvars.iter().filter(|l| l.start_pc <= pc && pc < l.end_pc).count();
        lim = lim.max(base + nact);
    }
    st.top = lim;
    let r = st.check_gc();
    st.top = top;
    r
}

#[cold]
#[inline(never)]
fn len_slow(st: &mut State, v: Value, idx: usize) -> LResult<Value> {
    st.length(v, Origin::Stack(idx))
}

/// Runs Lua frames starting with the current one until a fresh frame returns.
pub fn execute(st: &mut State) -> LResult<()> {
    st.cur_ci_mut().callstatus |= CIST_FRESH;
    // Two instances of the dispatch loop: the plain one (no hook work at all) and the one
    // reporting debug hook events; each returns `true` to switch to the other at an
    // instruction boundary (see `debug_api`).
    loop {
        let switch = if st.dbg.mask == 0 { run::<false>(st)? } else { run::<true>(st)? };
        if !switch {
            return Ok(());
        }
    }
}

/// The dispatch loop. `HOOKED`: the instance that reports debug hook events.
#[inline(never)]
#[allow(unused_assignments)] // `refresh!` reloads all frame state, also where a path then leaves
fn run<const HOOKED: bool>(st: &mut State) -> LResult<bool> {
    // The budget counter lives in the global state, which outlives this call and never
    // moves; the signal handler and `budget_exhausted` write it through the same address.
    // SAFETY: `st.g` is the live global state; the address is taken without a reference.
    let budget: *mut i64 = unsafe { core::ptr::addr_of_mut!((*st.g).budget) };
    'newframe: loop {
        if HOOKED != (st.dbg.mask != 0) {
            return Ok(true);
        }
        // The running frame's state. A Lua->Lua call sets all of it directly (it knows the
        // callee); everything else re-derives it from the frame stack here.
        let mut ci_idx = st.ci.len() - 1;
        // SAFETY: ci_idx is the last frame; its func slot holds a Lua closure (a Lua frame
        // is only pushed for one) and is inside the stack.
        let (base_idx0, func_idx0, savedpc) = unsafe {
            let c = st.ci.get_unchecked(ci_idx);
            (c.base, c.func, c.savedpc)
        };
        let cl: Gc<LClosure> = Gc::from_header(unsafe { st.stack.get_unchecked(func_idx0) }.gc_ptr());
        let mut k: *const Value = cl.k;
        // the upvalue array, one load closer than through `cl` (upvalue reads are a
        // chain of dependent loads: array -> UpVal -> value)
        let mut upv: *const Gc<UpVal> = cl.upvals.as_ptr();
        let mut pc: *const Instruction = savedpc;
        // SAFETY: base_idx!() + maxstacksize <= stack.len() (ensured by precall).
        let mut base: *mut Value = unsafe { st.stack.as_mut_ptr().add(base_idx0) };

        macro_rules! savepc {
            () => {
                // SAFETY: ci_idx is the running frame, which exists.
                unsafe { st.ci.get_unchecked_mut(ci_idx).savedpc = pc }
            };
        }
        // The frame's indices live in its `CallInfo` only: the hot state (`pc`, `base`, `k`,
        // `upv`) is re-derived from it after every call that can run other code, so none
        // of it is live across calls and LLVM keeps it in registers instead of stack slots.
        macro_rules! base_idx {
            () => {
                // SAFETY: ci_idx is the running frame, which exists.
                unsafe { st.ci.get_unchecked(ci_idx).base }
            };
        }
        macro_rules! func_idx {
            () => {
                // SAFETY: ci_idx is the running frame, which exists.
                unsafe { st.ci.get_unchecked(ci_idx).func }
            };
        }
        macro_rules! cl {
            () => {{
                // SAFETY: the running frame's func slot holds its Lua closure.
                let fi = func_idx!();
                let f = unsafe { st.stack.get_unchecked(fi) }.gc_ptr();
                Gc::<LClosure>::from_header(f)
            }};
        }
        macro_rules! refresh {
            () => {{
                // SAFETY: the running frame exists; its registers are inside the (possibly
                // new) stack buffer and its func slot holds its closure.
                let (b, f) = unsafe {
                    let c = st.ci.get_unchecked(ci_idx);
                    (c.base, c.func)
                };
                base = unsafe { st.stack.as_mut_ptr().add(b) };
                let c: Gc<LClosure> = Gc::from_header(unsafe { st.stack.get_unchecked(f) }.gc_ptr());
                k = c.k;
                upv = c.upvals.as_ptr();
            }};
        }
        macro_rules! protect {
            ($e:expr) => {{
                savepc!();
                let r = $e;
                refresh!();
                // SAFETY: the running frame exists; savedpc was set above.
                pc = unsafe { st.ci.get_unchecked(ci_idx).savedpc };
                r?
            }};
        }
        macro_rules! reg {
            ($x:expr) => {
                // SAFETY: verified register index < maxstacksize.
                unsafe { Value::load(base.add($x as usize)) }
            };
        }
        macro_rules! setreg {
            ($x:expr, $v:expr) => {{
                let v = $v;
                // SAFETY: verified register index < maxstacksize.
                unsafe { Value::store(base.add($x as usize), v) }
            }};
        }
        macro_rules! regp {
            ($x:expr) => {
                // SAFETY: verified register index < maxstacksize.
                unsafe { base.add($x as usize) as *const Value }
            };
        }
        macro_rules! kstp {
            ($x:expr) => {
                // SAFETY: verified constant index.
                unsafe { k.add($x as usize) }
            };
        }
        macro_rules! kst {
            ($x:expr) => {
                // SAFETY: verified constant index.
                unsafe { Value::load(k.add($x as usize)) }
            };
        }
        // `R[dest] := t[key]` (GetTabUp/GetTable/GetI/GetField/SelfOp): a present key is
        // read directly, everything else goes to `finish_get`. `$kind` is the key's likely
        // type (`short` string constant, `int`, or `any`), as for `store!`.
        macro_rules! load {
            ($dest:expr, $pt:expr, $pk:expr, $kind:ident, $origin:expr) => {{
                let (pt, pk): (*const Value, *const Value) = ($pt, $pk);
                // SAFETY: verified register/constant/upvalue operands.
                let (t, key) = unsafe { (Value::load(pt), Value::load(pk)) };
                load!(@fast $dest, t, key, $kind);
                let v = protect!(get_slow(st, pt, pk, $origin));
                setreg!($dest, v);
            }};
            (@int $dest:expr, $pt:expr, $n:expr, $origin:expr) => {{
                let pt: *const Value = $pt;
                // SAFETY: verified register operand.
                let t = unsafe { Value::load(pt) };
                let key = Value::int($n);
                load!(@fast $dest, t, key, int);
                let v = protect!(get_slow_int(st, pt, $n, $origin));
                setreg!($dest, v);
            }};
            (@fast $dest:expr, $t:ident, $key:ident, $kind:ident) => {
                if let Some(tab) = $t.as_table() {
                    let slot = store!(@slot tab, $key, $kind);
                    // SAFETY: a valid slot pointer (the table's or the shared nil slot).
                    let v = unsafe { Value::load(slot) };
                    if !v.is_nil() {
                        setreg!($dest, v);
                        continue;
                    }
                }
            };
        }
        // `t[key] = v` (SetTabUp/SetTable/SetI/SetField and their K forms): a present key
        // is overwritten in place, everything else goes to `finish_set`.
        macro_rules! store {
            ($pt:expr, $pk:expr, $pv:expr, $kind:ident, $origin:expr) => {{
                let (pt, pk, pv): (*const Value, *const Value, *const Value) = ($pt, $pk, $pv);
                // SAFETY: verified register/constant/upvalue operands.
                let (t, key, v) = unsafe { (Value::load(pt), Value::load(pk), Value::load(pv)) };
                store!(@fast t, key, v, $kind);
                protect!(set_slow(st, pt, pk, pv, $origin));
            }};
            (@int $pt:expr, $n:expr, $pv:expr, $origin:expr) => {{
                let (pt, pv): (*const Value, *const Value) = ($pt, $pv);
                // SAFETY: verified register/constant operands.
                let (t, v) = unsafe { (Value::load(pt), Value::load(pv)) };
                let key = Value::int($n);
                store!(@fast t, key, v, int);
                protect!(set_slow_int(st, pt, $n, pv, $origin));
            }};
            (@fast $t:ident, $key:ident, $v:ident, $kind:ident) => {
                let v = $v;
                if let Some(tab) = $t.as_table() {
                    let slot = store!(@slot tab, $key, $kind);
                    // SAFETY: valid slot pointer; non-nil slots belong to the table.
                    if unsafe { !(*slot).is_nil() } {
                        unsafe { Value::store(slot as *mut Value, v) };
                        gc::barrier_back(st.global_mut(), tab, &v);
                        continue;
                    }
                    // An existing empty slot (array part, or a cleared node) of a table
                    // without a metatable: no __newindex can apply (luaV_finishset's
                    // first case), so no call is needed either.
                    if tab.metatable.is_none() && !core::ptr::eq(slot, crate::table::nil_slot()) {
                        // SAFETY: a slot of the table itself (not the shared nil slot).
                        unsafe { Value::store(slot as *mut Value, v) };
                        tab.m().flags = 0;
                        gc::barrier_back(st.global_mut(), tab, &v);
                        continue;
                    }
                }
            };
            (@slot $tab:ident, $key:ident, short) => {
                if $key.tt == TAG_SHRSTR {
                    $tab.get_short_str(Gc::from_header($key.gc_ptr()))
                } else {
                    get_generic(&$tab, $key, st.seed())
                }
            };
            (@slot $tab:ident, $key:ident, int) => {
                $tab.get_int($key.ival())
            };
            (@slot $tab:ident, $key:ident, any) => {
                match $key.tt {
                    TAG_INT => $tab.get_int($key.ival()),
                    TAG_SHRSTR => $tab.get_short_str(Gc::from_header($key.gc_ptr())),
                    _ => get_generic(&$tab, $key, st.seed()),
                }
            };
        }
        macro_rules! ci_top {
            () => {
                // SAFETY: running frame exists.
                unsafe { st.ci.get_unchecked(ci_idx).top }
            };
        }
        macro_rules! budget {
            () => {{
                // SAFETY: `budget` points into the live global state (see above).
                let left = unsafe {
                    *budget -= 1;
                    *budget
                };
                if left <= 0 {
                    protect!(budget_exhausted(st));
                }
            }};
        }
        // `R[a] := vb op vc` with the operands given as pointers (registers or constants):
        // the slow path reads them again, so the fast path keeps no copies for it.
        macro_rules! arith_op {
            ($op:expr, $a:expr, $pb:expr, $pc:expr, $ob:expr, $oc:expr) => {{
                let (pb, pc_): (*const Value, *const Value) = ($pb, $pc);
                // SAFETY: verified register/constant indices.
                let (vb, vc) = unsafe { (Value::load(pb), Value::load(pc_)) };
                match arith_fast($op, &vb, &vc) {
                    Some(v) => setreg!($a, v),
                    None => {
                        let v = protect!(arith_slow(st, $op, pb, pc_, $ob, $oc));
                        setreg!($a, v);
                    }
                }
            }};
        }
        // The jump that follows a test (luaV_execute's donextjump): executed in place when
        // not hooked (hooks see the Jmp as its own instruction, as before), so the taken
        // branch costs no second dispatch. Left to the dispatch if the next instruction is
        // not a Jmp (the verifier does not require one).
        macro_rules! next_jump {
            () => {{
                if !HOOKED {
                    // SAFETY: verified: an instruction follows every test.
                    let ni = unsafe { *pc };
                    if ni.op_raw() == OpCode::Jmp as u8 {
                        let off = ni.sj() as isize;
                        // SAFETY: a Jmp's target was verified.
                        pc = unsafe { pc.offset(off + 1) };
                        if off < 0 {
                            budget!();
                        }
                    }
                }
            }};
        }
        // Kept a real branch (not a select of `pc`): the barrier in the skip arm stops LLVM
        // from making the next fetch wait on the comparison.
        macro_rules! cond_jump {
            ($res:expr, $c:expr) => {{
                if ($res) != ($c != 0) {
                    branch_barrier();
                    // SAFETY: verified: the next instruction (a jump) exists.
                    pc = unsafe { pc.add(1) };
                } else {
                    next_jump!();
                }
            }};
        }

        loop {
            if HOOKED {
                let m = st.dbg.mask;
                if m == 0 {
                    savepc!();
                    return Ok(true);
                }
                if m & (MASK_LINE | MASK_COUNT) != 0 {
                    // SAFETY: as the fetch below; savedpc points past the traced instruction.
                    unsafe { st.ci.get_unchecked_mut(ci_idx).savedpc = pc.add(1) };
                    let r = st.trace_exec();
                    refresh!();
                    r?;
                }
            }
            // SAFETY: verified code never runs past its end (it ends with a return/jump).
            let i = unsafe { *pc };
            pc = unsafe { pc.add(1) };
            let a = i.a();
            // SAFETY: verified code contains only valid opcodes (repr(u8), in range).
            let op: OpCode = unsafe { core::mem::transmute::<u8, OpCode>(i.op_raw()) };
            match op {
                OpCode::Move => setreg!(a, reg!(i.b())),
                OpCode::LoadK => setreg!(a, kst!(i.bx())),
                OpCode::LoadKX => {
                    // SAFETY: verified: an ExtraArg follows.
                    let ax = unsafe { (*pc).ax() };
                    pc = unsafe { pc.add(1) };
                    setreg!(a, kst!(ax));
                }
                OpCode::LoadI => setreg!(a, Value::int(i.sbx() as i64)),
                OpCode::LoadF => setreg!(a, Value::float(i.sbx() as f64)),
                OpCode::LoadBool => {
                    setreg!(a, Value::bool(i.b() != 0));
                    if i.c() != 0 {
                        pc = unsafe { pc.add(1) };
                    }
                }
                OpCode::LoadNil => {
                    for j in 0..=i.b() {
                        setreg!(a + j, Value::NIL);
                    }
                }
                OpCode::GetUpval => {
                    // SAFETY: verified upvalue index.
                    let uv = unsafe { *upv.add(i.b() as usize) };
                    setreg!(a, uv.get());
                }
                OpCode::SetUpval => {
                    // SAFETY: verified upvalue index.
                    let uv = unsafe { *upv.add(i.b() as usize) };
                    st.upval_set(uv, reg!(a));
                }
                OpCode::GetTabUp => {
                    // SAFETY: verified upvalue index.
                    let uv: Gc<UpVal> = unsafe { *upv.add(i.b() as usize) };
                    let pt = uv.v as *const Value;
                    load!(a, pt, kstp!(i.c()), short, Origin::Upval(i.b()));
                }
                OpCode::GetTable => load!(a, regp!(i.b()), regp!(i.c()), any, Origin::Stack(base_idx!() + i.b() as usize)),
                OpCode::GetI => {
                    load!(@int a, regp!(i.b()), i.c() as i64, Origin::Stack(base_idx!() + i.b() as usize))
                }
                OpCode::GetField => load!(a, regp!(i.b()), kstp!(i.c()), short, Origin::Stack(base_idx!() + i.b() as usize)),
                OpCode::SelfOp => {
                    let t = reg!(i.b());
                    setreg!(a + 1, t);
                    load!(a, regp!(a + 1), kstp!(i.c()), short, Origin::Stack(base_idx!() + i.b() as usize));
                }
                OpCode::SetTabUp => {
                    // SAFETY: verified upvalue index.
                    let uv: Gc<UpVal> = unsafe { *upv.add(a as usize) };
                    let pt = uv.v as *const Value;
                    store!(pt, kstp!(i.b()), regp!(i.c()), short, Origin::Upval(a));
                }
                OpCode::SetTabUpK => {
                    // SAFETY: verified upvalue index.
                    let uv: Gc<UpVal> = unsafe { *upv.add(a as usize) };
                    let pt = uv.v as *const Value;
                    store!(pt, kstp!(i.b()), kstp!(i.c()), short, Origin::Upval(a));
                }
                OpCode::SetTable => store!(regp!(a), regp!(i.b()), regp!(i.c()), any, Origin::Stack(base_idx!() + a as usize)),
                OpCode::SetTableK => store!(regp!(a), regp!(i.b()), kstp!(i.c()), any, Origin::Stack(base_idx!() + a as usize)),
                OpCode::SetI => {
                    store!(@int regp!(a), i.b() as i64, regp!(i.c()), Origin::Stack(base_idx!() + a as usize))
                }
                OpCode::SetIK => {
                    store!(@int regp!(a), i.b() as i64, kstp!(i.c()), Origin::Stack(base_idx!() + a as usize))
                }
                OpCode::SetField => store!(regp!(a), kstp!(i.b()), regp!(i.c()), short, Origin::Stack(base_idx!() + a as usize)),
                OpCode::SetFieldK => store!(regp!(a), kstp!(i.b()), kstp!(i.c()), short, Origin::Stack(base_idx!() + a as usize)),
                OpCode::NewTable => {
                    let (nb, nc) = (fb2int(i.b()), fb2int(i.c()));
                    let t = protect!(st.new_table_sized(nb, nc));
                    setreg!(a, Value::table(t));
                    st.top = ci_top!();
                    if st.gc_due() {
                        protect!(gc_at(st, ci_idx, base_idx!() + a as usize + 1));
                    }
                }
                OpCode::AddI => {
                    let vb = reg!(i.b());
                    let imm = i.sc() as i64;
                    match vb.tt {
                        TAG_INT => setreg!(a, Value::int(vb.ival().wrapping_add(imm))),
                        TAG_FLOAT => setreg!(a, Value::float(vb.fval() + imm as f64)),
                        _ => {
                            let v = protect!(st.arith(
                                ArithOp::Add,
                                vb,
                                Value::int(imm),
                                Origin::Stack(base_idx!() + i.b() as usize),
                                Origin::None
                            ));
                            setreg!(a, v);
                        }
                    }
                }
                OpCode::AddK => arith_op!(ArithOp::Add, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::SubK => arith_op!(ArithOp::Sub, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::MulK => arith_op!(ArithOp::Mul, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::ModK => arith_op!(ArithOp::Mod, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::PowK => arith_op!(ArithOp::Pow, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::DivK => arith_op!(ArithOp::Div, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::IDivK => arith_op!(ArithOp::IDiv, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::BAndK => arith_op!(ArithOp::BAnd, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::BOrK => arith_op!(ArithOp::BOr, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::BXorK => arith_op!(ArithOp::BXor, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::ShlK => arith_op!(ArithOp::Shl, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::ShrK => arith_op!(ArithOp::Shr, a, regp!(i.b()), kstp!(i.c()), Origin::Stack(base_idx!() + i.b() as usize), Origin::None),
                OpCode::Add => arith_op!(
                    ArithOp::Add,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Sub => arith_op!(
                    ArithOp::Sub,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Mul => arith_op!(
                    ArithOp::Mul,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Mod => arith_op!(
                    ArithOp::Mod,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Pow => arith_op!(
                    ArithOp::Pow,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Div => arith_op!(
                    ArithOp::Div,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::IDiv => arith_op!(
                    ArithOp::IDiv,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::BAnd => arith_op!(
                    ArithOp::BAnd,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::BOr => arith_op!(
                    ArithOp::BOr,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::BXor => arith_op!(
                    ArithOp::BXor,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Shl => arith_op!(
                    ArithOp::Shl,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Shr => arith_op!(
                    ArithOp::Shr,
                    a,
                    regp!(i.b()),
                    regp!(i.c()),
                    Origin::Stack(base_idx!() + i.b() as usize),
                    Origin::Stack(base_idx!() + i.c() as usize)
                ),
                OpCode::Unm => {
                    let vb = reg!(i.b());
                    match vb.tt {
                        TAG_INT => setreg!(a, Value::int(vb.ival().wrapping_neg())),
                        TAG_FLOAT => setreg!(a, Value::float(-vb.fval())),
                        _ => {
                            let o = Origin::Stack(base_idx!() + i.b() as usize);
                            let v = protect!(st.arith(ArithOp::Unm, vb, vb, o, o));
                            setreg!(a, v);
                        }
                    }
                }
                OpCode::BNot => {
                    let vb = reg!(i.b());
                    if vb.tt == TAG_INT {
                        setreg!(a, Value::int(!vb.ival()));
                    } else {
                        let o = Origin::Stack(base_idx!() + i.b() as usize);
                        let v = protect!(st.arith(ArithOp::BNot, vb, vb, o, o));
                        setreg!(a, v);
                    }
                }
                OpCode::Not => setreg!(a, Value::bool(reg!(i.b()).is_falsy())),
                OpCode::Len => {
                    let vb = reg!(i.b());
                    if let Some(t) = vb.as_table() {
                        if t.metatable.is_none() {
                            setreg!(a, Value::int(t.length() as i64));
                            continue;
                        }
                    }
                    let v = protect!(len_slow(st, vb, base_idx!() + i.b() as usize));
                    setreg!(a, v);
                }
                OpCode::Concat => {
                    let (b, c) = (i.b() as usize, i.c() as usize);
                    st.top = base_idx!() + c + 1;
                    protect!(st.concat(c - b + 1));
                    setreg!(a, reg!(b));
                    st.top = ci_top!();
                    if st.gc_due() {
                        let lim = if a as usize >= b { base_idx!() + a as usize + 1 } else { base_idx!() + b };
                        protect!(gc_at(st, ci_idx, lim));
                    }
                }
                OpCode::Jmp => {
                    let off = i.sj() as isize;
                    // SAFETY: verified jump target.
                    pc = unsafe { pc.offset(off) };
                    if off < 0 {
                        budget!();
                    }
                }
                OpCode::Close => st.close_upvals(base_idx!() + a as usize),
                OpCode::Eq => {
                    let (x, y) = (reg!(a), reg!(i.b()));
                    let r = match eq_fast(&x, &y) {
                        Some(r) => r,
                        None => protect!(st.equals(x, y)),
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::Lt => {
                    let (x, y) = (reg!(a), reg!(i.b()));
                    let r = match pair_tag(&x, &y) {
                        PAIR_INT_INT => x.ival() < y.ival(),
                        PAIR_FLT_FLT => x.fval() < y.fval(),
                        _ => protect!(st.less_than(x, y)),
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::Le => {
                    let (x, y) = (reg!(a), reg!(i.b()));
                    let r = match pair_tag(&x, &y) {
                        PAIR_INT_INT => x.ival() <= y.ival(),
                        PAIR_FLT_FLT => x.fval() <= y.fval(),
                        _ => protect!(st.less_equal(x, y)),
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::EqK => {
                    let (x, y) = (reg!(a), kst!(i.b()));
                    cond_jump!(x.raw_eq(&y), i.c());
                }
                OpCode::EqI => {
                    let x = reg!(a);
                    let imm = i.sb() as i64;
                    let r = match x.tt {
                        TAG_INT => x.ival() == imm,
                        TAG_FLOAT => x.fval() == imm as f64,
                        _ => false,
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::LtI => {
                    let x = reg!(a);
                    let imm = i.sb() as i64;
                    let r = match x.tt {
                        TAG_INT => x.ival() < imm,
                        TAG_FLOAT => x.fval() < imm as f64,
                        _ => {
                            let y = Value::int(imm);
                            protect!(st.less_than(x, y))
                        }
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::LeI => {
                    let x = reg!(a);
                    let imm = i.sb() as i64;
                    let r = match x.tt {
                        TAG_INT => x.ival() <= imm,
                        TAG_FLOAT => x.fval() <= imm as f64,
                        _ => {
                            let y = Value::int(imm);
                            protect!(st.less_equal(x, y))
                        }
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::GtI => {
                    let x = reg!(a);
                    let imm = i.sb() as i64;
                    let r = match x.tt {
                        TAG_INT => x.ival() > imm,
                        TAG_FLOAT => x.fval() > imm as f64,
                        _ => {
                            let y = Value::int(imm);
                            protect!(st.less_than(y, x))
                        }
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::GeI => {
                    let x = reg!(a);
                    let imm = i.sb() as i64;
                    let r = match x.tt {
                        TAG_INT => x.ival() >= imm,
                        TAG_FLOAT => x.fval() >= imm as f64,
                        _ => {
                            let y = Value::int(imm);
                            protect!(st.less_equal(y, x))
                        }
                    };
                    cond_jump!(r, i.c());
                }
                OpCode::Test => cond_jump!(reg!(a).is_truthy(), i.c()),
                OpCode::TestSet => {
                    let vb = reg!(i.b());
                    if vb.is_truthy() == (i.c() != 0) {
                        setreg!(a, vb);
                        next_jump!();
                    } else {
                        pc = unsafe { pc.add(1) };
                    }
                }
                OpCode::Call => {
                    let func = base_idx!() + a as usize;
                    let b = i.b() as usize;
                    if b != 0 {
                        st.top = func + b;
                    }
                    let nresults = i.c() as i32 - 1;
                    savepc!();
                    budget!();
                    // fast path: a fixed-parameter Lua function with enough stack
                    let fv = reg!(a);
                    if !HOOKED && fv.tt == TAG_LCL {
                        let ncl: Gc<LClosure> = Gc::from_header(fv.gc_ptr());
                        let shape = ncl.frame();
                        let fsize = shape.maxstacksize();
                        let nbase = func + 1;
                        if !shape.is_vararg() && nbase + fsize + EXTRA_STACK < st.stack.len() {
                            let np = shape.numparams();
                            let mut n = st.top - nbase;
                            while n < np {
                                // SAFETY: nbase + n < nbase + fsize < stack.len() (np <= fsize).
                                unsafe { *st.stack.get_unchecked_mut(nbase + n) = Value::NIL };
                                n += 1;
                            }
                            st.ci.push(CallInfo {
                                func,
                                base: nbase,
                                top: nbase + fsize,
                                savedpc: ncl.code,
                                nresults,
                                callstatus: CIST_LUA,
                                k: None,
                                ctx: 0,
                                old_errfunc: 0,
                                extra: 0,
                            });
                            st.top = nbase + fsize;
                            // enter the callee without the frame-stack round trip
                            ci_idx += 1;
                            k = ncl.k;
                            upv = ncl.upvals.as_ptr();
                            pc = ncl.code;
                            // SAFETY: nbase + fsize < stack.len() (checked above).
                            base = unsafe { st.stack.as_mut_ptr().add(nbase) };
                            continue;
                        }
                    }
                    if st.precall(func, nresults)? {
                        continue 'newframe;
                    }
                    if nresults >= 0 {
                        st.top = ci_top!();
                    }
                    refresh!();
                    if !HOOKED && st.dbg.mask != 0 {
                        return Ok(true); // a hook was set (pc is saved)
                    }
                }
                OpCode::TailCall => {
                    let func = base_idx!() + a as usize;
                    let b = i.b() as usize;
                    if b != 0 {
                        st.top = func + b;
                    }
                    savepc!();
                    budget!();
                    if st.precall(func, MULTRET)? {
                        // move the new frame down over the caller's
                        let nci = st.ci.pop().unwrap();
                        let np = st.stack[nci.func].as_lclosure().unwrap().proto.numparams as usize;
                        let lim = nci.base + np;
                        if st.open_upvals.last().is_some_and(|u| u.index >= base_idx!()) {
                            st.close_upvals(base_idx!());
                        }
                        let ofunc = st.ci[ci_idx].func;
                        let mut aux = 0;
                        assert!(lim <= st.stack.len() && ofunc <= nci.func);
                        let sp = st.stack.as_mut_ptr();
                        while nci.func + aux < lim {
                            // SAFETY: ofunc + aux <= nci.func + aux < lim <= stack length.
                            unsafe { Value::copy(sp.add(ofunc + aux), sp.add(nci.func + aux)) };
                            aux += 1;
                        }
                        let oci = &mut st.ci[ci_idx];
                        oci.base = ofunc + (nci.base - nci.func);
                        oci.top = ofunc + (st.top - nci.func);
                        st.top = oci.top;
                        oci.savedpc = nci.savedpc;
                        oci.callstatus |= CIST_TAIL;
                        continue 'newframe;
                    }
                    // a native function was called: return its results
                    refresh!();
                    let first = func;
                    let n = st.top - first;
                    if st.open_upvals.last().is_some_and(|u| u.index >= base_idx!()) {
                        st.close_upvals(base_idx!());
                    }
                    if HOOKED {
                        protect!(st.hook_return(first + n));
                    }
                    let fresh = st.ci[ci_idx].callstatus & CIST_FRESH != 0;
                    let wanted = st.ci[ci_idx].nresults;
                    st.poscall(first, n);
                    if fresh {
                        return Ok(false);
                    }
                    if wanted != MULTRET {
                        st.top = st.cur_ci().top;
                    }
                    continue 'newframe;
                }
                OpCode::Return => {
                    let b = i.b() as usize;
                    let first = base_idx!() + a as usize;
                    let n = if b != 0 { b - 1 } else { st.top - first };
                    if st.open_upvals.last().is_some_and(|u| u.index >= base_idx!()) {
                        st.close_upvals(base_idx!());
                    }
                    if HOOKED {
                        protect!(st.hook_return(first + n));
                    }
                    // SAFETY: running frame exists.
                    let (cs, wanted) = unsafe {
                        let c = st.ci.get_unchecked(ci_idx);
                        (c.callstatus, c.nresults)
                    };
                    let fresh = cs & CIST_FRESH != 0;
                    if !fresh && wanted >= 0 {
                        // fast return to a Lua caller wanting a fixed number of results
                        let res = func_idx!();
                        let wanted = wanted as usize;
                        let sp = st.stack.as_mut_ptr();
                        if wanted == 1 && n >= 1 {
                            // the common `return x` to `local y = f()`
                            // SAFETY: res (the function slot) < base <= first, and
                            // first + n <= this frame's top <= stack length.
                            unsafe { Value::copy(sp.add(res), sp.add(first)) };
                        } else {
                            let m = wanted.min(n);
                            // SAFETY: the results lie inside this frame's registers and
                            // `res` (the function slot) is below them; `wanted` slots from
                            // `res` lie in the caller's frame (its registers), inside the stack.
                            assert!(res + wanted <= st.stack.len() && first + m <= st.stack.len());
                            unsafe {
                                for j in 0..m {
                                    Value::copy(sp.add(res + j), sp.add(first + j));
                                }
                                for j in m..wanted {
                                    Value::store(sp.add(res + j), Value::NIL);
                                }
                            }
                        }
                        st.ci.pop();
                        if HOOKED {
                            st.top = st.cur_ci().top;
                            continue 'newframe;
                        }
                        // A frame without CIST_FRESH was called by a Lua frame of this
                        // loop (luaV_execute's `goto newframe` on return): resume it here.
                        ci_idx -= 1;
                        st.top = ci_top!();
                        refresh!();
                        // SAFETY: the caller's frame exists; its savedpc is past its Call.
                        pc = unsafe { st.ci.get_unchecked(ci_idx).savedpc };
                        if st.dbg.mask != 0 {
                            return Ok(true); // a hook was set while the callee ran
                        }
                        continue;
                    }
                    st.poscall(first, n);
                    if fresh {
                        return Ok(false);
                    }
                    if wanted != MULTRET {
                        st.top = st.cur_ci().top;
                    }
                    continue 'newframe;
                }
                OpCode::ForLoop => {
                    let ra = reg!(a);
                    if ra.tt == TAG_INT {
                        let step = reg!(a + 2).ival();
                        let idx = ra.ival().wrapping_add(step);
                        let limit = reg!(a + 1).ival();
                        if if 0 < step { idx <= limit } else { limit <= idx } {
                            pc = unsafe { pc.offset(i.sbx() as isize) };
                            setreg!(a, Value::int(idx));
                            setreg!(a + 3, Value::int(idx));
                            budget!();
                        }
                    } else {
                        let step = reg!(a + 2).fval();
                        let idx = ra.fval() + step;
                        let limit = reg!(a + 1).fval();
                        if if 0.0 < step { idx <= limit } else { limit <= idx } {
                            pc = unsafe { pc.offset(i.sbx() as isize) };
                            setreg!(a, Value::float(idx));
                            setreg!(a + 3, Value::float(idx));
                            budget!();
                        }
                    }
                }
                OpCode::ForPrep => {
                    let (init, lim, step) = (reg!(a), reg!(a + 1), reg!(a + 2));
                    if pair_tag(&init, &lim) == PAIR_INT_INT && step.tt == TAG_INT {
                        setreg!(a, Value::int(init.ival().wrapping_sub(step.ival())));
                    } else {
                        protect!(for_prep_slow(st, base_idx!() + a as usize));
                    }
                    pc = unsafe { pc.offset(i.sbx() as isize) };
                }
                OpCode::TForCall => {
                    let cb = base_idx!() + a as usize + 3;
                    setreg!(a + 5, reg!(a + 2));
                    setreg!(a + 4, reg!(a + 1));
                    setreg!(a + 3, reg!(a));
                    st.top = cb + 3;
                    savepc!();
                    if st.precall(cb, i.c() as i32)? {
                        continue 'newframe;
                    }
                    st.top = ci_top!();
                    refresh!();
                    if !HOOKED && st.dbg.mask != 0 {
                        return Ok(true); // a hook was set (pc is saved)
                    }
                }
                OpCode::TForLoop => {
                    let v = reg!(a + 1);
                    if !v.is_nil() {
                        setreg!(a, v);
                        pc = unsafe { pc.offset(i.sbx() as isize) };
                        budget!();
                    }
                }
                OpCode::SetList => {
                    let mut c = i.c() as usize;
                    if c == 0 {
                        // SAFETY: verified: an ExtraArg follows.
                        c = unsafe { (*pc).ax() } as usize;
                        pc = unsafe { pc.add(1) };
                    }
                    protect!(set_list(st, base_idx!() + a as usize, i.b() as usize, c));
                    st.top = ci_top!();
                }
                OpCode::Closure => {
                    let v = protect!(make_closure(st, cl!(), i.bx() as usize, base_idx!()));
                    setreg!(a, v);
                    st.top = ci_top!();
                    if st.gc_due() {
                        protect!(gc_at(st, ci_idx, base_idx!() + a as usize + 1));
                    }
                }
                OpCode::VarArg => {
                    let b = i.b() as i64 - 1;
                    let func = st.ci[ci_idx].func;
                    let n = (base_idx!() as i64 - func as i64 - cl!().proto.numparams as i64 - 1).max(0) as usize;
                    let want = if b < 0 {
                        protect!(st.check_stack(n));
                        st.top = base_idx!() + a as usize + n;
                        n
                    } else {
                        b as usize
                    };
                    let src = base_idx!() - n;
                    for j in 0..want {
                        let v = if j < n { st.stack[src + j] } else { Value::NIL };
                        st.stack[base_idx!() + a as usize + j] = v;
                    }
                }
                // ---- Ravi typed opcodes: operand types are proven (compiler / chunk
                // verifier), so these read payloads without tag checks. See `typed`.
                // One arm per check: the exact tag is the whole fast path (a float for
                // `integer`, an integer for `number`, and the nil-accepting types take
                // `to_type`).
                OpCode::ToInt => {
                    if reg!(a).tt != TAG_INT {
                        protect!(crate::typed::to_type(st, base_idx!() + a as usize, TypeCode::Int));
                    }
                }
                OpCode::ToFlt => {
                    if reg!(a).tt != TAG_FLOAT {
                        protect!(crate::typed::to_type(st, base_idx!() + a as usize, TypeCode::Flt));
                    }
                }
                OpCode::ToTab => {
                    if reg!(a).tt != TAG_TABLE {
                        protect!(crate::typed::to_type(st, base_idx!() + a as usize, TypeCode::Table));
                    }
                }
                OpCode::ToIArray => {
                    if reg!(a).tt != TAG_IARRAY {
                        protect!(crate::typed::to_type(st, base_idx!() + a as usize, TypeCode::IArray));
                    }
                }
                OpCode::ToFArray => {
                    if reg!(a).tt != TAG_FARRAY {
                        protect!(crate::typed::to_type(st, base_idx!() + a as usize, TypeCode::FArray));
                    }
                }
                OpCode::ToStr | OpCode::ToClosure | OpCode::ToBool => {
                    let t = match op {
                        OpCode::ToStr => TypeCode::Str,
                        OpCode::ToClosure => TypeCode::Closure,
                        _ => TypeCode::Bool,
                    };
                    protect!(crate::typed::to_type(st, base_idx!() + a as usize, t));
                }
                OpCode::MoveI => {
                    let v = reg!(i.b());
                    if v.tt == TAG_INT {
                        setreg!(a, v);
                    } else {
                        protect!(crate::typed::move_type(st, base_idx!(), a, i.b(), TypeCode::Int));
                    }
                }
                OpCode::MoveF => {
                    let v = reg!(i.b());
                    if v.tt == TAG_FLOAT {
                        setreg!(a, v);
                    } else {
                        protect!(crate::typed::move_type(st, base_idx!(), a, i.b(), TypeCode::Flt));
                    }
                }
                OpCode::ToType => {
                    let v = reg!(a);
                    if !v.is_nil() {
                        protect!(crate::typed::to_user_type(st, v, kst!(i.bx())));
                    }
                }
                OpCode::SetUpvalT => {
                    let t = ravi_parser::bytecode::TypeCode::from_u32(i.c()).unwrap_or(ravi_parser::bytecode::TypeCode::Int);
                    let v = reg!(a);
                    let nv = match crate::typed::check_value(t, &v) {
                        Some(x) => x,
                        None => protect!(crate::typed::upval_value(st, t, &v)),
                    };
                    // SAFETY: verified upvalue index.
                    let uv = unsafe { *upv.add(i.b() as usize) };
                    st.upval_set(uv, nv);
                }
                OpCode::AddII => setreg!(a, Value::int(reg!(i.b()).ival().wrapping_add(reg!(i.c()).ival()))),
                OpCode::AddFF => setreg!(a, Value::float(reg!(i.b()).fval() + reg!(i.c()).fval())),
                OpCode::AddFI => setreg!(a, Value::float(reg!(i.b()).fval() + reg!(i.c()).ival() as f64)),
                OpCode::SubII => setreg!(a, Value::int(reg!(i.b()).ival().wrapping_sub(reg!(i.c()).ival()))),
                OpCode::SubFF => setreg!(a, Value::float(reg!(i.b()).fval() - reg!(i.c()).fval())),
                OpCode::SubFI => setreg!(a, Value::float(reg!(i.b()).fval() - reg!(i.c()).ival() as f64)),
                OpCode::SubIF => setreg!(a, Value::float(reg!(i.b()).ival() as f64 - reg!(i.c()).fval())),
                OpCode::MulII => setreg!(a, Value::int(reg!(i.b()).ival().wrapping_mul(reg!(i.c()).ival()))),
                OpCode::MulFF => setreg!(a, Value::float(reg!(i.b()).fval() * reg!(i.c()).fval())),
                OpCode::MulFI => setreg!(a, Value::float(reg!(i.b()).fval() * reg!(i.c()).ival() as f64)),
                OpCode::DivII => setreg!(a, Value::float(reg!(i.b()).ival() as f64 / reg!(i.c()).ival() as f64)),
                OpCode::DivFF => setreg!(a, Value::float(reg!(i.b()).fval() / reg!(i.c()).fval())),
                OpCode::DivFI => setreg!(a, Value::float(reg!(i.b()).fval() / reg!(i.c()).ival() as f64)),
                OpCode::DivIF => setreg!(a, Value::float(reg!(i.b()).ival() as f64 / reg!(i.c()).fval())),
                OpCode::BAndII => setreg!(a, Value::int(reg!(i.b()).ival() & reg!(i.c()).ival())),
                OpCode::BOrII => setreg!(a, Value::int(reg!(i.b()).ival() | reg!(i.c()).ival())),
                OpCode::BXorII => setreg!(a, Value::int(reg!(i.b()).ival() ^ reg!(i.c()).ival())),
                OpCode::ShlII => setreg!(a, Value::int(arith::shift_left(reg!(i.b()).ival(), reg!(i.c()).ival()))),
                OpCode::ShrII => {
                    setreg!(a, Value::int(arith::shift_left(reg!(i.b()).ival(), reg!(i.c()).ival().wrapping_neg())))
                }
                OpCode::BNotI => setreg!(a, Value::int(!reg!(i.b()).ival())),
                OpCode::UnmI => setreg!(a, Value::int(reg!(i.b()).ival().wrapping_neg())),
                OpCode::UnmF => setreg!(a, Value::float(-reg!(i.b()).fval())),
                OpCode::EqII => cond_jump!(reg!(a).ival() == reg!(i.b()).ival(), i.c()),
                OpCode::LtII => cond_jump!(reg!(a).ival() < reg!(i.b()).ival(), i.c()),
                OpCode::LeII => cond_jump!(reg!(a).ival() <= reg!(i.b()).ival(), i.c()),
                OpCode::EqFF => cond_jump!(reg!(a).fval() == reg!(i.b()).fval(), i.c()),
                OpCode::LtFF => cond_jump!(reg!(a).fval() < reg!(i.b()).fval(), i.c()),
                OpCode::LeFF => cond_jump!(reg!(a).fval() <= reg!(i.b()).fval(), i.c()),
                OpCode::ForPrepI => {
                    setreg!(a, Value::int(reg!(a).ival().wrapping_sub(reg!(a + 2).ival())));
                    // SAFETY: verified jump target.
                    pc = unsafe { pc.offset(i.sbx() as isize) };
                }
                OpCode::ForLoopI => {
                    let step = reg!(a + 2).ival();
                    let idx = reg!(a).ival().wrapping_add(step);
                    let limit = reg!(a + 1).ival();
                    if if 0 < step { idx <= limit } else { limit <= idx } {
                        // SAFETY: verified jump target.
                        pc = unsafe { pc.offset(i.sbx() as isize) };
                        setreg!(a, Value::int(idx));
                        setreg!(a + 3, Value::int(idx));
                        budget!();
                    }
                }
                OpCode::IArrayGet => {
                    let t = reg!(i.b());
                    let k = reg!(i.c()).ival();
                    let ar = crate::ravi_array::arr(&t);
                    if (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        setreg!(a, Value::int(unsafe { *ar.ptr.add(k as usize) } as i64));
                    } else {
                        protect!(crate::typed::fail(st, "array out of bounds"));
                    }
                }
                OpCode::FArrayGet => {
                    let t = reg!(i.b());
                    let k = reg!(i.c()).ival();
                    let ar = crate::ravi_array::arr(&t);
                    if (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        setreg!(a, Value::float(f64::from_bits(unsafe { *ar.ptr.add(k as usize) })));
                    } else {
                        protect!(crate::typed::fail(st, "array out of bounds"));
                    }
                }
                OpCode::IArraySet => {
                    let t = reg!(a);
                    let k = reg!(i.b()).ival();
                    let v = reg!(i.c());
                    let ar = crate::ravi_array::arr(&t);
                    if v.tt == TAG_INT && (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        unsafe { *ar.ptr.add(k as usize) = v.raw_bits() };
                    } else if !(v.tt == TAG_INT && crate::ravi_array::try_append(ar, k, v.raw_bits())) {
                        protect!(crate::typed::array_set(st, &t, k, &v));
                    }
                }
                OpCode::FArraySet => {
                    let t = reg!(a);
                    let k = reg!(i.b()).ival();
                    let v = reg!(i.c());
                    let ar = crate::ravi_array::arr(&t);
                    if v.tt == TAG_FLOAT && (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        unsafe { *ar.ptr.add(k as usize) = v.raw_bits() };
                    } else if !(v.tt == TAG_FLOAT && crate::ravi_array::try_append(ar, k, v.raw_bits())) {
                        protect!(crate::typed::array_set(st, &t, k, &v));
                    }
                }
                // the value is proven of the element type (register or constant): only
                // the bounds are checked; len+1 appends in place while there is capacity,
                // otherwise through `array_store`
                OpCode::IArraySetInt | OpCode::FArraySetFlt => {
                    let t = reg!(a);
                    let k = reg!(i.b()).ival();
                    let bits = reg!(i.c()).raw_bits();
                    let ar = crate::ravi_array::arr(&t);
                    if (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        unsafe { *ar.ptr.add(k as usize) = bits };
                    } else if !crate::ravi_array::try_append(ar, k, bits) {
                        protect!(crate::typed::array_store(st, &t, k, bits));
                    }
                }
                OpCode::IArraySetK | OpCode::FArraySetK => {
                    let t = reg!(a);
                    let k = reg!(i.b()).ival();
                    let bits = kst!(i.c()).raw_bits();
                    let ar = crate::ravi_array::arr(&t);
                    if (k as u64) < ar.n as u64 {
                        // SAFETY: bounds checked above.
                        unsafe { *ar.ptr.add(k as usize) = bits };
                    } else if !crate::ravi_array::try_append(ar, k, bits) {
                        protect!(crate::typed::array_store(st, &t, k, bits));
                    }
                }
                OpCode::IArrayGetImm => {
                    let ar = crate::ravi_array::arr(&reg!(i.b()));
                    let k = i.c() as usize;
                    if k < ar.n {
                        // SAFETY: bounds checked above.
                        setreg!(a, Value::int(unsafe { *ar.ptr.add(k) } as i64));
                    } else {
                        protect!(crate::typed::fail(st, "array out of bounds"));
                    }
                }
                OpCode::FArrayGetImm => {
                    let ar = crate::ravi_array::arr(&reg!(i.b()));
                    let k = i.c() as usize;
                    if k < ar.n {
                        // SAFETY: bounds checked above.
                        setreg!(a, Value::float(f64::from_bits(unsafe { *ar.ptr.add(k) })));
                    } else {
                        protect!(crate::typed::fail(st, "array out of bounds"));
                    }
                }
                // `table` receivers: the value is a Lua table (never an array), so the
                // lookup starts at once; a missing key takes the full path (`__index`,
                // `__newindex`, insertion) as the untyped opcodes do.
                OpCode::TGetField => {
                    let t = reg!(i.b());
                    let key = kst!(i.c());
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    // SAFETY: a valid slot pointer (the table's or the shared nil slot).
                    let v = unsafe { Value::load(tab.get_short_str(Gc::from_header(key.gc_ptr()))) };
                    if !v.is_nil() {
                        setreg!(a, v);
                    } else {
                        let v = protect!(st.finish_get(t, key, Origin::Stack(base_idx!() + i.b() as usize)));
                        setreg!(a, v);
                    }
                }
                OpCode::TSelf => {
                    let t = reg!(i.b());
                    let key = kst!(i.c());
                    setreg!(a + 1, t);
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    // SAFETY: as TGetField.
                    let v = unsafe { Value::load(tab.get_short_str(Gc::from_header(key.gc_ptr()))) };
                    if !v.is_nil() {
                        setreg!(a, v);
                    } else {
                        let v = protect!(st.finish_get(t, key, Origin::Stack(base_idx!() + i.b() as usize)));
                        setreg!(a, v);
                    }
                }
                OpCode::TGetInt => {
                    let t = reg!(i.b());
                    let key = reg!(i.c());
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    // SAFETY: as TGetField.
                    let v = unsafe { Value::load(tab.get_int(key.ival())) };
                    if !v.is_nil() {
                        setreg!(a, v);
                    } else {
                        let v = protect!(st.finish_get(t, key, Origin::Stack(base_idx!() + i.b() as usize)));
                        setreg!(a, v);
                    }
                }
                OpCode::TSetField => {
                    let t = reg!(a);
                    let key = kst!(i.b());
                    let v = reg!(i.c());
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    let slot = tab.get_short_str(Gc::from_header(key.gc_ptr()));
                    // SAFETY: valid slot pointer; non-nil slots belong to the table.
                    if unsafe { !(*slot).is_nil() } {
                        unsafe { Value::store(slot as *mut Value, v) };
                        gc::barrier_back(st.global_mut(), tab, &v);
                    } else {
                        protect!(st.finish_set(t, key, v, Origin::Stack(base_idx!() + a as usize)));
                    }
                }
                OpCode::TSetFieldK => {
                    let t = reg!(a);
                    let key = kst!(i.b());
                    let v = kst!(i.c());
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    let slot = tab.get_short_str(Gc::from_header(key.gc_ptr()));
                    // SAFETY: as TSetField.
                    if unsafe { !(*slot).is_nil() } {
                        unsafe { Value::store(slot as *mut Value, v) };
                        gc::barrier_back(st.global_mut(), tab, &v);
                    } else {
                        protect!(st.finish_set(t, key, v, Origin::Stack(base_idx!() + a as usize)));
                    }
                }
                OpCode::TSetInt => {
                    let t = reg!(a);
                    let key = reg!(i.b());
                    let v = reg!(i.c());
                    let tab: Gc<Table> = Gc::from_header(t.gc_ptr());
                    let slot = tab.get_int(key.ival());
                    // SAFETY: as TSetField.
                    if unsafe { !(*slot).is_nil() } {
                        unsafe { Value::store(slot as *mut Value, v) };
                        gc::barrier_back(st.global_mut(), tab, &v);
                    } else {
                        protect!(st.finish_set(t, key, v, Origin::Stack(base_idx!() + a as usize)));
                    }
                }
                OpCode::ForLoopIP => {
                    let idx = reg!(a).ival().wrapping_add(reg!(a + 2).ival());
                    if idx <= reg!(a + 1).ival() {
                        // SAFETY: verified jump target.
                        pc = unsafe { pc.offset(i.sbx() as isize) };
                        setreg!(a, Value::int(idx));
                        setreg!(a + 3, Value::int(idx));
                        budget!();
                    }
                }
                OpCode::AddIImm => setreg!(a, Value::int(reg!(i.b()).ival().wrapping_add(i.sc() as i64))),
                OpCode::AddFK => setreg!(a, Value::float(reg!(i.b()).fval() + kst!(i.c()).fval())),
                OpCode::SubFK => setreg!(a, Value::float(reg!(i.b()).fval() - kst!(i.c()).fval())),
                OpCode::MulFK => setreg!(a, Value::float(reg!(i.b()).fval() * kst!(i.c()).fval())),
                OpCode::DivFK => setreg!(a, Value::float(reg!(i.b()).fval() / kst!(i.c()).fval())),
                OpCode::SubKF => setreg!(a, Value::float(kst!(i.b()).fval() - reg!(i.c()).fval())),
                OpCode::DivKF => setreg!(a, Value::float(kst!(i.b()).fval() / reg!(i.c()).fval())),
                // straight-line tag tests of up to four registers (a loop here costs the
                // whole dispatch loop a register); conversions and errors in `to_types`
                OpCode::ToIntN | OpCode::ToFltN => {
                    let (want, t) = if op == OpCode::ToIntN { (TAG_INT, TypeCode::Int) } else { (TAG_FLOAT, TypeCode::Flt) };
                    let n = i.b();
                    let exact = n <= 4
                        && reg!(a).tt == want
                        && (n < 2 || reg!(a + 1).tt == want)
                        && (n < 3 || reg!(a + 2).tt == want)
                        && (n < 4 || reg!(a + 3).tt == want);
                    if !exact {
                        protect!(crate::typed::to_types(st, base_idx!() + a as usize, n, t));
                    }
                }
                OpCode::AddToF | OpCode::SubToF | OpCode::MulToF | OpCode::DivToF => {
                    let aop = match op {
                        OpCode::AddToF => ArithOp::Add,
                        OpCode::SubToF => ArithOp::Sub,
                        OpCode::MulToF => ArithOp::Mul,
                        _ => ArithOp::Div,
                    };
                    match arith_fast(aop, &reg!(i.b()), &reg!(i.c())) {
                        Some(v) if v.tt == TAG_FLOAT => setreg!(a, v),
                        _ => protect!(crate::typed::arith_to_float(st, aop, base_idx!(), a, i.b(), i.c())),
                    }
                }
                OpCode::NewIArray | OpCode::NewFArray => {
                    let v = protect!(crate::ravi_array::new_array(st, op == OpCode::NewFArray, 0, 0, false));
                    setreg!(a, v);
                    st.top = ci_top!();
                    protect!(st.check_gc());
                }
                OpCode::ArraySetList => {
                    let mut c = i.c() as usize;
                    if c == 0 {
                        // SAFETY: verified: an ExtraArg follows.
                        c = unsafe { (*pc).ax() } as usize;
                        pc = unsafe { pc.add(1) };
                    }
                    protect!(crate::ravi_array::set_list(st, base_idx!() + a as usize, i.b() as usize, c));
                    st.top = ci_top!();
                }
                OpCode::ExtraArg => {
                    savepc!();
                    return Err(st.runtime_error("bad instruction"));
                }
            }
        }
    }
}

/// Completes the instruction interrupted by a yield in a metamethod (luaV_finishOp).
/// The metamethod's result (if any) is at `top - 1`.
pub fn finish_op(st: &mut State) -> LResult<()> {
    let ci_idx = st.ci.len() - 1;
    let ci = st.ci[ci_idx];
    let base = ci.base;
    // SAFETY: a Lua frame's savedpc is past at least one instruction when it was interrupted.
    let inst = unsafe { *ci.savedpc.sub(1) };
    let op = match inst.opcode() {
        Some(o) => o,
        None => return Ok(()),
    };
    use OpCode::*;
    match op {
        AddI | AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK | ShlK | ShrK | Add | Sub
        | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr | Unm | BNot | Len | GetTabUp | GetTable
        | GetI | GetField | SelfOp | TGetField | TSelf | TGetInt => {
            st.top -= 1;
            st.stack[base + inst.a() as usize] = st.stack[st.top];
        }
        Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI | GeI => {
            let mut res = st.stack[st.top - 1].is_truthy();
            st.top -= 1;
            if st.ci[ci_idx].callstatus & CIST_LEQ != 0 {
                st.ci[ci_idx].callstatus &= !CIST_LEQ;
                res = !res;
            }
            if res != (inst.c() != 0) {
                // SAFETY: the skipped instruction (a jump) exists.
                st.ci[ci_idx].savedpc = unsafe { ci.savedpc.add(1) };
            }
        }
        Concat => {
            let top = st.top - 1;
            let b = inst.b() as usize;
            let total = top - 1 - (base + b);
            st.stack[top - 2] = st.stack[top];
            if total > 1 {
                st.top = top - 1;
                st.concat(total)?;
            }
            st.stack[base + inst.a() as usize] = st.stack[st.top - 1];
            st.top = ci.top;
        }
        // Ravi: the fused arithmetic checks the metamethod's result as ToFlt does
        AddToF | SubToF | MulToF | DivToF => {
            st.top -= 1;
            let v = st.stack[st.top];
            match crate::typed::check_value(ravi_parser::bytecode::TypeCode::Flt, &v) {
                Some(f) => st.stack[base + inst.a() as usize] = f,
                None => return Err(st.runtime_error("number expected")),
            }
        }
        TForCall => st.top = ci.top,
        Call => {
            if inst.c() as i32 - 1 >= 0 {
                st.top = ci.top;
            }
        }
        _ => {}
    }
    Ok(())
}
