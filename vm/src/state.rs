//! The global state shared by all coroutines (`Global`), the per-coroutine state (`State`,
//! a.k.a. thread: Lua stack + call frames), call frames (`CallInfo`), and the owning
//! handle `Lua` that creates and closes a state.
//!
//! Owns: object constructors (strings, tables, closures, userdata, threads), GC check
//! points, the registry and the basic types' metatables. Must not touch: opcode semantics
//! (`interp`), call/return mechanics (`call`), the collector's internals (`gc`).
//!
//! # Stack and frame layout
//! - `stack: Vec<Value>`; `stack.len()` is the allocated size, every slot initialised.
//!   Slot 0 holds the base frame's dummy function. Values live in `[0, top)`.
//! - The stack may be reallocated by anything that calls or grows it: code holding raw
//!   pointers into it re-derives them after such calls. Open upvalues refer to slots by
//!   index, never by pointer. Limit: `MAX_STACK` slots ("stack overflow").
//! - `ci: Vec<CallInfo>`: frame 0 is the base frame (func = slot 0); the last one is
//!   running. A Lua frame: `func` (closure slot), `base` (first register; for vararg
//!   functions the fixed parameters are copied above the varargs, which stay in
//!   `func+1+numparams .. base`), `top = base + maxstacksize`, `savedpc` (next
//!   instruction; saved before anything that may raise or call). A native frame: `func`,
//!   arguments from `func+1` to `top`, `top` of frame = ensured stack space.
//! - `n_ccalls` counts nested Rust-level calls (native->Lua calls, metamethods,
//!   resumes); at `MAX_CCALLS` the error is "C stack overflow". `nny` counts non-yieldable
//!   calls in the way: yields are allowed only when it is 0.

use crate::error::{Error, LResult};
use crate::function::{LClosure, NClosure, NativeFn, Proto, UpVal, UpvalArray, UserData, UserPayload};
use crate::gc::{self, Gc, GcHeader, Heap, KIND_LCL, KIND_NCL, KIND_PROTO, KIND_TABLE, KIND_THREAD, KIND_UPVAL, KIND_USERDATA};
use crate::metamethod::{TM_N, TM_NAMES};
use crate::string::{hash_bytes, LuaString, StringTable, MAX_SHORT_LEN};
use crate::table::Table;
use crate::value::*;
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::ptr;
use ravi_parser::bytecode::Instruction;

/// Maximum Lua stack size in slots (LUAI_MAXSTACK).
pub const MAX_STACK: usize = 1_000_000;
/// Extra slots after an overflow, to handle the error (ERRORSTACKSIZE).
pub const ERROR_STACK_SIZE: usize = MAX_STACK + 200;
/// Maximum nesting of Rust-level calls (LUAI_MAXCCALLS).
pub const MAX_CCALLS: u16 = 200;
/// Free slots guaranteed to a native function (LUA_MINSTACK).
pub const MIN_STACK: usize = 20;
/// Slots above a frame's top always available for metamethod calls (EXTRA_STACK).
pub const EXTRA_STACK: usize = 5;
pub const BASIC_STACK_SIZE: usize = 2 * MIN_STACK;

/// `nresults` meaning "all results".
pub const MULTRET: i32 = -1;

// callstatus bits
pub const CIST_LUA: u16 = 1 << 0;
/// Frame entered by a fresh `execute` (returning from it leaves `execute`).
pub const CIST_FRESH: u16 = 1 << 1;
/// Native frame doing a yieldable protected call (pcallk).
pub const CIST_YPCALL: u16 = 1 << 2;
/// Frame was tail called.
pub const CIST_TAIL: u16 = 1 << 3;
/// The collector is running a finalizer called from this frame (5.3: GCTM sets it on the
/// current frame; getinfo names the frame `metamethod '__gc'`).
pub const CIST_FIN: u16 = 1 << 4;
/// Frame is a hook call.
pub const CIST_HOOKED: u16 = 1 << 5;
/// A `<=` is being done with `not (b < a)` (finish_op must negate the result).
pub const CIST_LEQ: u16 = 1 << 6;

/// Continuation of a native function that called Lua in a yieldable way (lua_KFunction):
/// called with the status (LUA_OK, LUA_YIELD or an error code) and the saved context.
pub type KFn = fn(&mut State, i32, isize) -> LResult<usize>;

/// A call frame.
#[derive(Clone, Copy)]
pub struct CallInfo {
    pub func: usize,
    pub base: usize,
    pub top: usize,
    pub savedpc: *const Instruction,
    pub nresults: i32,
    pub callstatus: u16,
    pub k: Option<KFn>,
    pub ctx: isize,
    pub old_errfunc: usize,
    pub extra: usize,
}

impl CallInfo {
    #[inline(always)]
    pub fn is_lua(&self) -> bool {
        self.callstatus & CIST_LUA != 0
    }
}

/// Thread status values (LUA_OK, LUA_YIELD, error codes for dead coroutines).
pub const STATUS_OK: u8 = 0;
pub const STATUS_YIELD: u8 = 1;

/// Per-coroutine state (a GC object: `lua_State`).
#[repr(C)]
pub struct State {
    pub hdr: GcHeader,
    pub g: *mut Global,
    pub stack: Vec<Value>,
    pub top: usize,
    pub ci: Vec<CallInfo>,
    /// Open upvalues sorted by increasing stack index.
    pub open_upvals: Vec<Gc<UpVal>>,
    pub status: u8,
    pub n_ccalls: u16,
    pub nny: u16,
    /// Current error object while an error unwinds (a GC root).
    pub errobj: Value,
    /// Stack index of the current message handler (0 = none).
    pub errfunc: usize,
    pub(crate) accounted: usize,
    /// Debug hook state (lua_sethook; see `debug_api`).
    pub dbg: crate::debug_api::HookState,
    /// Next thread in the collector's list of threads with open upvalues (`Heap::twups`).
    pub(crate) twups: *mut State,
    /// Is this thread in that list?
    pub(crate) in_twups: bool,
}

/// Hook/interrupt check: called when the budget counter runs out (see `Global::budget`).
pub type HookFn = fn(&mut State) -> LResult<()>;

/// Budget ticks between interrupt checks when no hook is installed.
pub const DEFAULT_HOOK_PERIOD: i64 = 1 << 20;

/// State shared by all threads.
pub struct Global {
    pub heap: Heap,
    pub strt: StringTable,
    pub registry: Value,
    pub mainthread: *mut State,
    pub tmname: [Gc<LuaString>; TM_N],
    /// Metatables of the basic types (indexed by `Type as usize`).
    pub mt: [Option<Gc<Table>>; 9],
    pub memerrmsg: Gc<LuaString>,
    /// Extra strong roots owned by the VM (frequently used strings).
    pub fixed: Vec<Value>,
    /// Counter decremented on loop back-edges and calls; at <= 0 `hook` runs (debug hooks,
    /// instruction limits, interrupts, JIT hot counting all hang off this one check).
    pub budget: i64,
    /// Called when `budget` runs out; returns an error to abort the script.
    pub hook: Option<HookFn>,
    /// Budget ticks between two runs of the hook / interrupt checks.
    pub hook_period: i64,
    /// Interrupt request (e.g. Ctrl-C): checked by the default budget handler.
    pub interrupt: core::sync::atomic::AtomicBool,
    /// Panic hook for output of `print` (no_std: set by the embedder).
    pub writer: Option<fn(&[u8])>,
}

/// The owner of a Lua state: creating it builds the global state and the main thread;
/// dropping it runs pending finalizers and frees everything (lua_close).
pub struct Lua {
    main: *mut State,
}

impl Lua {
    pub fn new() -> Lua {
        Lua::with_seed(0x2545_f491)
    }

    pub fn with_seed(seed: u32) -> Lua {
        let mut heap = Heap::new(seed);
        let mut strt = StringTable::new();
        let mk = |heap: &mut Heap, strt: &mut StringTable, b: &[u8]| -> Gc<LuaString> {
            let h = hash_bytes(b, seed);
            if let Some(s) = strt.find(b, h) {
                return s;
            }
            let s = heap.new_string_object(b, true, h).expect("out of memory creating state");
            strt.insert(s);
            s
        };
        let memerr = mk(&mut heap, &mut strt, b"not enough memory");
        let tmname: [Gc<LuaString>; TM_N] = core::array::from_fn(|i| mk(&mut heap, &mut strt, TM_NAMES[i].as_bytes()));
        let g = Box::into_raw(Box::new(Global {
            heap,
            strt,
            registry: Value::NIL,
            mainthread: ptr::null_mut(),
            tmname,
            mt: [None; 9],
            memerrmsg: memerr,
            fixed: Vec::new(),
            budget: DEFAULT_HOOK_PERIOD,
            hook: None,
            hook_period: DEFAULT_HOOK_PERIOD,
            interrupt: core::sync::atomic::AtomicBool::new(false),
            writer: None,
        }));
        let main = Box::into_raw(Box::new(State::new_raw(g)));
        // SAFETY: g and main were just allocated and are exclusively owned here.
        unsafe {
            (*main).hdr.kind = KIND_THREAD;
            (*main).hdr.marked = (*g).heap.white();
            (*g).mainthread = main;
            let st = &mut *main;
            let reg = st.new_table().expect("out of memory creating state");
            st.global_mut().registry = Value::table(reg);
            // registry[1] = main thread, registry[2] = globals (LUA_RIDX_*)
            let gt = st.new_table().expect("out of memory creating state");
            st.raw_set_int(reg, 1, Value::thread(Gc::from_ptr(main))).unwrap();
            st.raw_set_int(reg, 2, Value::table(gt)).unwrap();
            st.global_mut().heap.running = true;
            st.global_mut().heap.estimate = st.global().heap.total();
            let tb = st.global().heap.total();
            st.global_mut().heap.total_bytes = tb as isize;
            st.global_mut().heap.debt = 0;
        }
        Lua { main }
    }

    /// The main thread.
    pub fn state(&mut self) -> &mut State {
        // SAFETY: `main` lives until drop; &mut self guarantees exclusivity.
        unsafe { &mut *self.main }
    }
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl Drop for Lua {
    fn drop(&mut self) {
        // SAFETY: we own the main thread and the global state; nothing else uses them now.
        unsafe {
            let st = &mut *self.main;
            st.ci.truncate(1);
            st.close_upvals(1);
            st.nny = 1;
            gc::free_all_objects(st);
            let g = st.g;
            drop(Box::from_raw(self.main));
            drop(Box::from_raw(g));
        }
    }
}

impl State {
    pub(crate) fn new_raw(g: *mut Global) -> State {
        let mut stack = vec![Value::NIL; BASIC_STACK_SIZE + EXTRA_STACK];
        stack[0] = Value::NIL;
        State {
            hdr: GcHeader::default(),
            g,
            stack,
            top: 1,
            ci: vec![CallInfo {
                func: 0,
                base: 1,
                top: 1 + MIN_STACK,
                savedpc: ptr::null(),
                nresults: 0,
                callstatus: 0,
                k: None,
                ctx: 0,
                old_errfunc: 0,
                extra: 0,
            }],
            open_upvals: Vec::new(),
            status: STATUS_OK,
            n_ccalls: 0,
            nny: 1,
            errobj: Value::NIL,
            errfunc: 0,
            accounted: 0,
            dbg: crate::debug_api::HookState::default(),
            twups: ptr::null_mut(),
            in_twups: false,
        }
    }

    pub(crate) fn accounted_bytes(&self) -> usize {
        self.accounted
    }

    #[inline(always)]
    pub fn global<'a>(&self) -> &'a Global {
        // SAFETY: the global state outlives every thread; single-threaded access.
        unsafe { &*self.g }
    }
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn global_mut<'a>(&self) -> &'a mut Global {
        // SAFETY: as above; callers do not keep overlapping &mut Global borrows.
        unsafe { &mut *self.g }
    }
    #[inline(always)]
    pub fn seed(&self) -> u32 {
        self.global().heap.seed
    }
    pub fn is_main_thread(&self) -> bool {
        ptr::eq(self as *const State, self.global().mainthread)
    }
    pub fn as_value(&mut self) -> Value {
        Value::thread(Gc::from_ptr(self as *mut State))
    }

    #[inline(always)]
    pub fn cur_ci(&self) -> &CallInfo {
        // SAFETY: there is always at least the base frame.
        unsafe { self.ci.last().unwrap_unchecked() }
    }
    #[inline(always)]
    pub fn cur_ci_mut(&mut self) -> &mut CallInfo {
        // SAFETY: as above.
        unsafe { self.ci.last_mut().unwrap_unchecked() }
    }

    // ------------------------------------------------------------ object creation

    /// Creates (or finds the interned) string with these bytes.
    pub fn new_string(&mut self, b: &[u8]) -> LResult<Gc<LuaString>> {
        let g = self.global_mut();
        if b.len() <= MAX_SHORT_LEN {
            let h = hash_bytes(b, g.heap.seed);
            if let Some(s) = g.strt.find(b, h) {
                if gc::is_dead(&g.heap, s.as_header()) {
                    gc::change_white(s.as_header());
                }
                return Ok(s);
            }
            let s = g.heap.new_string_object(b, true, h)?;
            g.strt.insert(s);
            Ok(s)
        } else {
            g.heap.new_string_object(b, false, 0)
        }
    }
    pub fn new_str_value(&mut self, b: &[u8]) -> LResult<Value> {
        Ok(Value::string(self.new_string(b)?))
    }

    pub fn new_table(&mut self) -> LResult<Gc<Table>> {
        self.global_mut().heap.new_object(KIND_TABLE, Table::empty())
    }
    pub fn new_table_sized(&mut self, narr: u32, nhash: u32) -> LResult<Gc<Table>> {
        if nhash == 0 && narr > 0 && narr <= crate::table::MAX_INLINE_ARRAY {
            // a small constructor: the array part lives in the table object (room for at
            // least two slots: `{f(), g()}` is sized 1 by the compiler and set to 2)
            let cap = narr.max(2);
            let layout = Table::layout_with_inline(cap);
            let t = self.global_mut().heap.new_object_in(KIND_TABLE, Table::empty(), layout)?;
            t.m().init_inline_array(cap, narr);
            return Ok(t);
        }
        let t = self.new_table()?;
        if nhash == 0 && narr > 0 {
            let g = self.global_mut();
            t.m().init_array(&mut g.heap, narr).map_err(|_| Error::Memory)?;
        } else if narr > 0 || nhash > 0 {
            let g = self.global_mut();
            t.m().resize(&mut g.heap, narr, nhash).map_err(|_| Error::Memory)?;
        }
        Ok(t)
    }

    pub fn new_proto(&mut self, p: Proto) -> LResult<Gc<Proto>> {
        let extra = p.extra_bytes();
        let g = self.global_mut();
        g.heap.charge(extra)?;
        g.heap.new_object(KIND_PROTO, p)
    }

    pub fn new_lclosure(&mut self, proto: Gc<Proto>, upvals: &[Gc<UpVal>]) -> LResult<Gc<LClosure>> {
        self.new_lclosure_from(proto, upvals.len(), |_, i| Ok(upvals[i]))
    }

    /// A closure of `proto` whose `n` upvalues come from `up(state, i)` in order (which
    /// may create upvalues: no collection runs before the closure exists).
    pub fn new_lclosure_from(
        &mut self,
        proto: Gc<Proto>,
        n: usize,
        mut up: impl FnMut(&mut State, usize) -> LResult<Gc<UpVal>>,
    ) -> LResult<Gc<LClosure>> {
        let layout = UpvalArray::layout(n);
        let p = self.global_mut().heap.alloc_raw(layout)? as *mut Gc<UpVal>;
        for i in 0..n {
            match up(self, i) {
                // SAFETY: the block has room for n upvalues.
                Ok(u) => unsafe { p.add(i).write(u) },
                Err(e) => {
                    self.global_mut().heap.free_raw(p as *mut u8, layout);
                    return Err(e);
                }
            }
        }
        // SAFETY: p is a heap block of `layout` with n initialised upvalues.
        let arr = unsafe { UpvalArray::from_raw(p, n) };
        let g = self.global_mut();
        match g.heap.new_object(KIND_LCL, LClosure::new(proto, arr)) {
            Ok(c) => Ok(c),
            Err(e) => {
                g.heap.free_raw(p as *mut u8, layout);
                Err(e)
            }
        }
    }

    pub fn new_nclosure(&mut self, f: NativeFn, upvals: Box<[Value]>) -> LResult<Gc<NClosure>> {
        let g = self.global_mut();
        g.heap.charge(upvals.len() * 16)?;
        g.heap.new_object(KIND_NCL, NClosure { hdr: GcHeader::default(), f, upvals })
    }

    pub fn new_upval_closed(&mut self, v: Value) -> LResult<Gc<UpVal>> {
        let uv = self.global_mut().heap.new_object(
            KIND_UPVAL,
            UpVal { hdr: GcHeader::default(), v: ptr::null_mut(), value: v, thread: ptr::null_mut(), index: 0, touched: false },
        )?;
        uv.m().close_with(v);
        Ok(uv)
    }

    pub fn new_userdata(&mut self, payload: UserPayload) -> LResult<Gc<UserData>> {
        let u = UserData { hdr: GcHeader::default(), metatable: None, user_value: Value::NIL, payload };
        let extra = u.extra_bytes();
        let g = self.global_mut();
        g.heap.charge(extra)?;
        g.heap.new_object(KIND_USERDATA, u)
    }

    /// Creates a new coroutine state sharing this global state.
    pub fn new_thread(&mut self) -> LResult<Gc<State>> {
        let mut t = State::new_raw(self.g);
        t.dbg = self.dbg.inherit();
        let bytes = t.stack.len() * 16 + 64;
        let g = self.global_mut();
        g.heap.charge(bytes)?;
        let th = g.heap.new_object(KIND_THREAD, t)?;
        th.m().accounted = bytes;
        Ok(th)
    }

    // ------------------------------------------------------------ GC

    /// A GC check point: runs a collection step when the allocation debt is positive.
    /// Everything live must be reachable from roots (e.g. on the stack below `top`).
    #[inline]
    pub fn check_gc(&mut self) -> LResult<()> {
        if cfg!(feature = "gc-stress") {
            if self.global().heap.running && !self.global().heap.in_finalizer {
                return gc::full_gc(self, false);
            }
            return Ok(());
        }
        let h = &self.global().heap;
        if h.debt > 0 {
            return self.gc_step();
        }
        if h.limit != usize::MAX && h.total() > h.limit - h.limit / 8 && h.running && !h.in_finalizer {
            return self.limit_gc();
        }
        Ok(())
    }

    /// Whether the next `check_gc` would do collector work.
    #[inline]
    pub fn gc_due(&self) -> bool {
        let h = &self.global().heap;
        cfg!(feature = "gc-stress") || h.debt > 0 || (h.limit != usize::MAX && h.total() > h.limit - h.limit / 8)
    }

    /// Close to the memory limit: collect everything before allocations start failing.
    #[cold]
    #[inline(never)]
    fn limit_gc(&mut self) -> LResult<()> {
        gc::full_gc(self, false)
    }

    #[cold]
    #[inline(never)]
    fn gc_step(&mut self) -> LResult<()> {
        gc::step(self)
    }

    /// Sets a memory limit in bytes (`None`: unlimited). Allocations beyond it raise the
    /// catchable error "not enough memory".
    pub fn set_memory_limit(&mut self, limit: Option<usize>) {
        self.global_mut().heap.limit = limit.unwrap_or(usize::MAX);
    }

    /// Installs `hook`, called every `period` budget ticks (loop back-edges and calls);
    /// an `Err` from it aborts the running code (instruction limits, debug hooks).
    pub fn set_budget_hook(&mut self, period: i64, hook: Option<HookFn>) {
        let g = self.global_mut();
        g.hook = hook;
        g.hook_period = if hook.is_some() { period.max(1) } else { DEFAULT_HOOK_PERIOD };
        g.budget = g.hook_period;
    }

    /// Asks the running code to stop with the error "interrupted!" at the next budget
    /// check (safe to call from a signal handler through `Global::interrupt`).
    pub fn request_interrupt(&self) {
        self.global().interrupt.store(true, core::sync::atomic::Ordering::Relaxed);
    }

    /// Full collection (collectgarbage("collect")).
    pub fn full_gc(&mut self) -> LResult<()> {
        gc::full_gc(self, false)
    }

    // ------------------------------------------------------------ raw table access

    /// Raw set with the back barrier (for the value and for a new key, as luaH_newkey);
    /// errors for nil/NaN keys.
    pub fn raw_set(&mut self, t: Gc<Table>, k: Value, v: Value) -> LResult<()> {
        let g = self.global_mut();
        let seed = g.heap.seed;
        match t.m().set_slot(&mut g.heap, &k, seed) {
            Ok(slot) => {
                // SAFETY: set_slot returns a valid slot of t.
                unsafe { *slot = v };
                gc::barrier_back(g, t, &k);
                gc::barrier_back(g, t, &v);
                Ok(())
            }
            Err(crate::table::KeyError::Nil) => Err(self.runtime_error("table index is nil")),
            Err(crate::table::KeyError::NaN) => Err(self.runtime_error("table index is NaN")),
            Err(crate::table::KeyError::Memory) => Err(Error::Memory),
        }
    }
    pub fn raw_set_int(&mut self, t: Gc<Table>, k: i64, v: Value) -> LResult<()> {
        let g = self.global_mut();
        let seed = g.heap.seed;
        match t.m().set_int_slot(&mut g.heap, k, seed) {
            Ok(slot) => {
                // SAFETY: valid slot of t.
                unsafe { Value::store(slot, v) };
                gc::barrier_back(g, t, &v);
                Ok(())
            }
            Err(_) => Err(Error::Memory),
        }
    }
    pub fn raw_set_str(&mut self, t: Gc<Table>, k: &[u8], v: Value) -> LResult<()> {
        let s = self.new_string(k)?;
        self.raw_set(t, Value::string(s), v)
    }
    pub fn table_raw_get(&self, t: Gc<Table>, k: &Value) -> Value {
        t.get_value(k, self.seed())
    }
    pub fn raw_get_int(&self, t: Gc<Table>, k: i64) -> Value {
        t.get_int_value(k)
    }
    pub fn raw_get_str(&mut self, t: Gc<Table>, k: &[u8]) -> LResult<Value> {
        let s = self.new_string(k)?;
        Ok(t.get_value(&Value::string(s), self.seed()))
    }

    /// The registry table.
    pub fn registry(&self) -> Gc<Table> {
        self.global().registry.as_table().unwrap()
    }
    /// The table of globals (registry[2]).
    pub fn globals(&self) -> Gc<Table> {
        self.registry().get_int_value(2).as_table().unwrap()
    }

    /// Metatable of any value.
    pub fn metatable_of(&self, v: &Value) -> Option<Gc<Table>> {
        match v.tt {
            TAG_TABLE => v.as_table().unwrap().metatable,
            TAG_USERDATA => v.as_userdata().unwrap().metatable,
            // a Ravi array's own metatable, else the arrays' type metatable (ravi lib)
            TAG_IARRAY | TAG_FARRAY => {
                crate::ravi_array::arr(v).metatable.or(self.global().mt[v.type_of() as usize])
            }
            _ => self.global().mt[v.type_of() as usize],
        }
    }

    /// Sets the metatable of a table or userdata (with barrier and finalizer check), or
    /// of a basic type for other values.
    pub fn set_metatable_of(&mut self, v: &Value, mt: Option<Gc<Table>>) {
        let g = self.global_mut();
        match v.tt {
            TAG_TABLE => {
                let t = v.as_table().unwrap();
                t.m().metatable = mt;
                if let Some(m) = mt {
                    gc::barrier(g, t.as_header(), &Value::table(m));
                    gc::check_finalizer(g, t.as_header(), mt);
                }
            }
            TAG_USERDATA => {
                let u = v.as_userdata().unwrap();
                u.m().metatable = mt;
                if let Some(m) = mt {
                    gc::barrier(g, u.as_header(), &Value::table(m));
                    gc::check_finalizer(g, u.as_header(), mt);
                }
            }
            TAG_IARRAY | TAG_FARRAY => {
                let a = crate::ravi_array::arr(v);
                a.metatable = mt;
                if let Some(m) = mt {
                    gc::barrier(g, v.gc_ptr(), &Value::table(m));
                    gc::check_finalizer(g, v.gc_ptr(), mt);
                }
            }
            _ => g.mt[v.type_of() as usize] = mt,
        }
    }

    /// Stores into an upvalue with the forward barrier.
    #[inline]
    pub fn upval_set(&mut self, uv: Gc<UpVal>, v: Value) {
        uv.m().set(v);
        if !uv.is_open() {
            gc::barrier(self.global_mut(), uv.as_header(), &v);
        }
    }

    // ------------------------------------------------------------ upvalues

    /// Finds or creates the open upvalue for stack slot `idx`.
    pub fn find_upval(&mut self, idx: usize) -> LResult<Gc<UpVal>> {
        let n = self.open_upvals.len();
        let mut i = n;
        while i > 0 {
            let u = self.open_upvals[i - 1];
            if u.index == idx {
                return Ok(u);
            }
            if u.index < idx {
                break;
            }
            i -= 1;
        }
        let me = self as *mut State;
        let uv = self.global_mut().heap.new_object(
            KIND_UPVAL,
            UpVal {
                hdr: GcHeader::default(),
                // SAFETY: idx is a slot of this thread's stack (below its top).
                v: unsafe { self.stack.as_mut_ptr().add(idx) },
                value: Value::NIL,
                thread: me,
                index: idx,
                touched: true,
            },
        )?;
        self.open_upvals.insert(i, uv);
        if !self.in_twups {
            // a thread with open upvalues goes into the collector's `twups` list
            let g = self.global_mut();
            self.twups = g.heap.twups;
            self.in_twups = true;
            g.heap.twups = me;
        }
        Ok(uv)
    }

    /// Closes every open upvalue referring to slot `level` or above.
    pub fn close_upvals(&mut self, level: usize) {
        while let Some(&u) = self.open_upvals.last() {
            if u.index < level {
                break;
            }
            self.open_upvals.pop();
            let v = self.stack[u.index];
            u.m().close_with(v);
            gc::barrier(self.global_mut(), u.as_header(), &v);
        }
    }
}
