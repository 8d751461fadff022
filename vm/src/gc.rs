//! The heap and the garbage collector: object headers, the allocator hook with memory
//! accounting, and a precise incremental tri-colour mark & sweep collector ported from
//! Lua 5.3's lgc.c (gray lists, write barriers, weak tables, ephemerons, `__gc`
//! finalizers with resurrection).
//!
//! Owns: `GcHeader`, `Gc<T>` handles, the object lists (`allgc`, `finobj`, `tobefnz`),
//! colours, the collector's state machine and pacing, and freeing objects.
//! Must not touch: object semantics (tables' contents are only traversed/cleared here).
//!
//! # Invariants
//! - Every collectable object starts with a `GcHeader` (`#[repr(C)]`, first field) and is
//!   in exactly one of `allgc`, `finobj` (has a `__gc` not yet due), `tobefnz` (due for
//!   finalization). The main thread is not in any list (it lives with the `Global`).
//! - Colours (5.3): two whites (the current one and the "other" one of dead objects after
//!   the atomic phase), gray (in a gray list, children not yet traversed) and black.
//!   Invariant while marking (`state <= ATOMIC`): no black object points to a white one.
//!   Writes keep it with barriers: tables use the *back* barrier (`barrier_back`: the table
//!   becomes gray again), upvalues, metatables of userdata and user values the *forward*
//!   barrier (`barrier`: the white value gets marked). Threads are never black outside the
//!   atomic phase (they are re-traversed in `atomic`), so stack writes need no barrier.
//! - Collection only happens at *check points* (`State::check_gc`), never inside an
//!   allocation, so a Rust local holding a fresh object is safe until the next check point.
//!   At a check point every live value is reachable from a root: the registry, the basic
//!   types' metatables, the tag-method names, threads' stacks below `top` (slots above
//!   `top` are cleared to nil in the atomic phase), open upvalues and `errobj`.
//! - As in 5.3, an open upvalue does not keep its thread alive; a live thread marks its
//!   open upvalues. Threads with open upvalues are in `twups`; an open upvalue reached
//!   while marking is `touched`, and the atomic phase (`remark_upvals`) marks the values
//!   of touched upvalues of unmarked threads. A freed thread closes its open upvalues
//!   (live closures keep using them); a freed open upvalue unlinks itself from its
//!   thread (which is dead too but may be freed later in the same sweep).
//! - Finalizers (`__gc`) run at check points in `CALLFIN` state, in the reverse order of
//!   `setmetatable`, with the collector stopped; an object resurrected by its finalizer
//!   lives until it is unreachable again (it is not finalized twice). All pending
//!   finalizers run when the state is closed. While a finalizer runs, the frame that was
//!   running when the collector called it has `CIST_FIN` (5.3's GCTM), so
//!   `debug.getinfo` names that level `metamethod '__gc'`.
//!
//! # Memory accounting
//! Every block goes through `Heap::alloc_raw`/`free_raw` (the one allocator hook,
//! `AllocHook`), or is charged with `Heap::account` when it lives in a Rust container.
//! `limit` makes allocation fail with `Error::Memory` ("not enough memory").
//! Pacing follows 5.3: `debt` grows with allocation; at check points, when positive, the
//! collector does work proportional to it (`stepmul`); after a cycle the next one starts
//! when memory reaches `estimate * pause / 100`.

use crate::error::{Error, LResult};
use crate::function::{LClosure, NClosure, Proto, UpVal, UserData};
use crate::state::{Global, State};
use crate::string::LuaString;
use crate::smallblock::{SizeClass, SmallBlocks};
use crate::table::Table;
use crate::value::*;
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::{self, NonNull};

/// Object kinds stored in the header (value tags for first-class objects).
pub const KIND_SHRSTR: u8 = TAG_SHRSTR;
pub const KIND_LNGSTR: u8 = TAG_LNGSTR;
pub const KIND_TABLE: u8 = TAG_TABLE;
pub const KIND_LCL: u8 = TAG_LCL;
pub const KIND_NCL: u8 = TAG_NCL;
pub const KIND_USERDATA: u8 = TAG_USERDATA;
pub const KIND_THREAD: u8 = TAG_THREAD;
pub const KIND_PROTO: u8 = 15;
pub const KIND_UPVAL: u8 = 16;

/// The common header of every collectable object.
#[repr(C)]
#[derive(Debug)]
pub struct GcHeader {
    /// Next object in the object list (`allgc`, `finobj` or `tobefnz`).
    pub next: *mut GcHeader,
    /// Next object in a gray / weak list.
    pub gclist: *mut GcHeader,
    pub kind: u8,
    pub marked: u8,
    /// Free for the object's own use (it sits in what would be padding): tables keep
    /// their `lastfree` here, which makes `Table` 56 bytes, one 64-byte malloc chunk.
    pub aux: u32,
}

impl Default for GcHeader {
    fn default() -> Self {
        GcHeader { next: ptr::null_mut(), gclist: ptr::null_mut(), kind: 0, marked: 0, aux: 0 }
    }
}

/// A handle to a collectable object of type `T` (which starts with a `GcHeader`).
/// Copyable; validity follows the rooting contract in the module doc.
#[repr(transparent)]
pub struct Gc<T> {
    p: NonNull<T>,
    _m: PhantomData<*mut T>,
}
impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}
impl<T> PartialEq for Gc<T> {
    fn eq(&self, o: &Self) -> bool {
        self.p == o.p
    }
}
impl<T> Eq for Gc<T> {}
impl<T> core::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Gc({:p})", self.p)
    }
}

impl<T> Gc<T> {
    #[inline(always)]
    pub fn from_header(h: *mut GcHeader) -> Gc<T> {
        debug_assert!(!h.is_null());
        // SAFETY: callers pass a non-null header of an object of type T (header first).
        Gc { p: unsafe { NonNull::new_unchecked(h as *mut T) }, _m: PhantomData }
    }
    #[inline(always)]
    pub fn from_ptr(p: *mut T) -> Gc<T> {
        debug_assert!(!p.is_null());
        // SAFETY: as above.
        Gc { p: unsafe { NonNull::new_unchecked(p) }, _m: PhantomData }
    }
    #[inline(always)]
    pub fn as_ptr(self) -> *mut T {
        self.p.as_ptr()
    }
    #[inline(always)]
    pub fn as_header(self) -> *mut GcHeader {
        self.p.as_ptr() as *mut GcHeader
    }
    /// Mutable access. The VM is single-threaded; callers must not hold two overlapping
    /// mutable references to the same object.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn m<'a>(self) -> &'a mut T {
        // SAFETY: the object is alive (rooting contract) and accessed by one thread only.
        unsafe { &mut *self.p.as_ptr() }
    }
}

impl<T> core::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the object is alive by the rooting contract (see module doc).
        unsafe { self.p.as_ref() }
    }
}

/// The allocator hook: every GC block is obtained and released through it.
#[derive(Clone, Copy)]
pub struct AllocHook {
    pub alloc: unsafe fn(Layout) -> *mut u8,
    pub dealloc: unsafe fn(*mut u8, Layout),
    /// Grows or shrinks a block in place when it can (C `realloc`), keeping its contents;
    /// null on failure (the old block is then untouched). Used for table array parts,
    /// as Lua does: growing by alloc+copy+free doubled their peak footprint and made the
    /// C heap shrink and re-grow (page faults) on every large rehash.
    pub realloc: unsafe fn(*mut u8, Layout, usize) -> *mut u8,
}

unsafe fn default_alloc(l: Layout) -> *mut u8 {
    // SAFETY: layouts passed here have non-zero size.
    unsafe { alloc::alloc::alloc(l) }
}
unsafe fn default_dealloc(p: *mut u8, l: Layout) {
    // SAFETY: p was allocated by default_alloc with layout l.
    unsafe { alloc::alloc::dealloc(p, l) }
}

unsafe fn default_realloc(p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
    // SAFETY: p was allocated by default_alloc with layout l; new_size is non-zero.
    unsafe { alloc::alloc::realloc(p, l, new_size) }
}

impl Default for AllocHook {
    fn default() -> Self {
        AllocHook { alloc: default_alloc, dealloc: default_dealloc, realloc: default_realloc }
    }
}

// colour bits
const WHITE0BIT: u8 = 0;
const WHITE1BIT: u8 = 1;
const BLACKBIT: u8 = 2;
const FINALIZEDBIT: u8 = 3;
const WHITEBITS: u8 = (1 << WHITE0BIT) | (1 << WHITE1BIT);
const MASKCOLORS: u8 = !((1 << BLACKBIT) | WHITEBITS);

/// Collector states (lgc.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GcState {
    Propagate = 0,
    Atomic = 1,
    SwpAllgc = 2,
    SwpFinobj = 3,
    SwpTobefnz = 4,
    SwpEnd = 5,
    CallFin = 6,
    Pause = 7,
}

const GCSTEPSIZE: isize = 100 * 40;
const STEPMULADJ: isize = 200;
const PAUSEADJ: usize = 100;
const GCSWEEPMAX: usize = 80;
const GCSWEEPCOST: usize = 20;
const GCFINALIZECOST: usize = GCSWEEPCOST;
const GCFINMAX: usize = 10;

/// Allocation accounting and collector state.
pub struct Heap {
    pub hook: AllocHook,
    /// Freed small blocks kept for reuse (see `smallblock`).
    small: SmallBlocks,
    /// Bytes allocated minus `debt` (5.3's totalbytes).
    pub total_bytes: isize,
    pub debt: isize,
    pub estimate: usize,
    /// Maximum total bytes (usize::MAX: none).
    pub limit: usize,
    pub seed: u32,
    pub currentwhite: u8,
    pub state: GcState,
    pub emergency: bool,
    pub running: bool,
    pub allgc: *mut GcHeader,
    pub finobj: *mut GcHeader,
    pub tobefnz: *mut GcHeader,
    pub sweepgc: *mut *mut GcHeader,
    pub gray: *mut GcHeader,
    pub grayagain: *mut GcHeader,
    pub weak: *mut GcHeader,
    pub ephemeron: *mut GcHeader,
    pub allweak: *mut GcHeader,
    pub memtrav: usize,
    pub pause: u32,
    pub stepmul: u32,
    pub gcfinnum: usize,
    /// Set while a finalizer is running (no nested collections).
    pub in_finalizer: bool,
    /// Threads that may have open upvalues (5.3's `twups`), linked by `State::twups`.
    pub twups: *mut State,
    /// Inside `atomic` (5.3's GCSinsideatomic): open upvalues reached now get their
    /// values marked at once instead of being `touched`.
    pub inside_atomic: bool,
}

impl Drop for Heap {
    fn drop(&mut self) {
        self.release_small_blocks();
    }
}

impl Heap {
    pub fn new(seed: u32) -> Heap {
        Heap {
            hook: AllocHook::default(),
            small: SmallBlocks::default(),
            total_bytes: 0,
            debt: 0,
            estimate: 0,
            limit: usize::MAX,
            seed,
            currentwhite: 1 << WHITE0BIT,
            state: GcState::Pause,
            emergency: false,
            running: false,
            allgc: ptr::null_mut(),
            finobj: ptr::null_mut(),
            tobefnz: ptr::null_mut(),
            sweepgc: ptr::null_mut(),
            gray: ptr::null_mut(),
            grayagain: ptr::null_mut(),
            weak: ptr::null_mut(),
            ephemeron: ptr::null_mut(),
            allweak: ptr::null_mut(),
            memtrav: 0,
            pause: 200,
            stepmul: 200,
            gcfinnum: 0,
            in_finalizer: false,
            twups: ptr::null_mut(),
            inside_atomic: false,
        }
    }

    /// Total bytes in use.
    #[inline]
    pub fn total(&self) -> usize {
        (self.total_bytes + self.debt).max(0) as usize
    }

    fn set_debt(&mut self, debt: isize) {
        let tb = self.total() as isize;
        self.total_bytes = tb - debt;
        self.debt = debt;
    }

    /// Charges `n` bytes living in a Rust container; fails when over the limit.
    #[inline]
    pub fn charge(&mut self, n: usize) -> LResult<()> {
        if self.limit != usize::MAX && self.total().saturating_add(n) > self.limit {
            return Err(Error::Memory);
        }
        self.debt += n as isize;
        Ok(())
    }
    /// Adjusts the accounting by `delta` bytes without a limit check (frees, shrinks).
    #[inline]
    pub fn account(&mut self, delta: isize) {
        self.debt += delta;
    }

    /// Allocates a block through the hook, with accounting and the limit.
    #[inline]
    pub fn alloc_raw(&mut self, layout: Layout) -> LResult<*mut u8> {
        if layout.size() == 0 {
            return Ok(layout.align() as *mut u8);
        }
        self.charge(layout.size())?;
        let p = self.obtain(layout);
        if p.is_null() {
            self.debt -= layout.size() as isize;
            return Err(Error::Memory);
        }
        Ok(p)
    }

    /// A block for `layout` (non-zero size) from the small-block lists or the hook; null
    /// when the hook fails even after the lists were handed back. No accounting.
    #[inline(always)]
    fn obtain(&mut self, layout: Layout) -> *mut u8 {
        if let Some(c) = SizeClass::of(layout) {
            let p = self.small.pop(c);
            if !p.is_null() {
                return p;
            }
            return self.obtain_from_hook(c.layout());
        }
        self.obtain_from_hook(layout)
    }

    #[inline(never)]
    fn obtain_from_hook(&mut self, layout: Layout) -> *mut u8 {
        // SAFETY: non-zero size layout.
        let p = unsafe { (self.hook.alloc)(layout) };
        if p.is_null() && self.small.cached > 0 {
            self.release_small_blocks();
            // SAFETY: as above.
            return unsafe { (self.hook.alloc)(layout) };
        }
        p
    }

    /// Gives a block from `obtain` back (to its free list when small). No accounting.
    #[inline(always)]
    fn give_back(&mut self, p: *mut u8, layout: Layout) {
        match SizeClass::of(layout) {
            // SAFETY: a small block was obtained with its class's layout; the caller no
            // longer uses it.
            Some(c) => unsafe { self.small.push(c, p) },
            // SAFETY: p was allocated through the hook with this layout.
            None => unsafe { (self.hook.dealloc)(p, layout) },
        }
    }

    /// Hands the cached small blocks back to the allocator hook.
    pub fn release_small_blocks(&mut self) {
        self.small.release(self.hook.dealloc);
    }

    /// Resizes a block from `alloc_raw` (both sizes non-zero), with accounting and the
    /// limit; on failure the old block is untouched.
    pub fn realloc_raw(&mut self, p: *mut u8, layout: Layout, new_size: usize) -> LResult<*mut u8> {
        debug_assert!(layout.size() > 0 && new_size > 0);
        let grow = new_size.saturating_sub(layout.size());
        self.charge(grow)?;
        let np = match Layout::from_size_align(new_size, layout.align()) {
            Ok(nl) if SizeClass::of(layout).is_some() || SizeClass::of(nl).is_some() => {
                // a small block on either side: move it (small blocks are class-sized)
                let np = self.obtain(nl);
                if !np.is_null() {
                    // SAFETY: both blocks are live and distinct; the smaller size is
                    // inside both.
                    unsafe { ptr::copy_nonoverlapping(p, np, layout.size().min(new_size)) };
                    self.give_back(p, layout);
                }
                np
            }
            // SAFETY: p was allocated through the hook with `layout`; new_size is non-zero.
            _ => unsafe { (self.hook.realloc)(p, layout, new_size) },
        };
        if np.is_null() {
            self.debt -= grow as isize;
            return Err(Error::Memory);
        }
        self.debt -= layout.size().saturating_sub(new_size) as isize;
        Ok(np)
    }

    #[inline]
    pub fn free_raw(&mut self, p: *mut u8, layout: Layout) {
        if layout.size() == 0 {
            return;
        }
        self.debt -= layout.size() as isize;
        self.give_back(p, layout);
    }

    #[inline(always)]
    pub fn white(&self) -> u8 {
        self.currentwhite & WHITEBITS
    }
    #[inline(always)]
    fn other_white(&self) -> u8 {
        self.currentwhite ^ WHITEBITS
    }
    #[inline(always)]
    pub fn keep_invariant(&self) -> bool {
        self.state <= GcState::Atomic
    }
    #[inline(always)]
    fn is_sweep_phase(&self) -> bool {
        self.state >= GcState::SwpAllgc && self.state <= GcState::SwpEnd
    }

    /// Allocates a new object of type T (whose first field is a `GcHeader`), links it into
    /// `allgc` and colours it with the current white.
    pub fn new_object<T>(&mut self, kind: u8, value: T) -> LResult<Gc<T>> {
        self.new_object_in(kind, value, Layout::new::<T>())
    }

    /// `new_object` in a block of `layout` (at least `T`'s size, `T`'s alignment): the
    /// object owns the bytes after it (a table's inline array part).
    pub fn new_object_in<T>(&mut self, kind: u8, value: T, layout: Layout) -> LResult<Gc<T>> {
        debug_assert!(layout.size() >= core::mem::size_of::<T>() && layout.align() == core::mem::align_of::<T>());
        let p = self.alloc_raw(layout)? as *mut T;
        // SAFETY: p is a fresh allocation for T; T starts with a GcHeader (repr(C)).
        unsafe {
            p.write(value);
            let h = p as *mut GcHeader;
            (*h).kind = kind;
            (*h).marked = self.white();
            (*h).next = self.allgc;
            (*h).gclist = ptr::null_mut();
            self.allgc = h;
        }
        Ok(Gc::from_ptr(p))
    }

    /// Allocates a string object with `bytes` (not interned here).
    pub fn new_string_object(&mut self, bytes: &[u8], short: bool, hash: u32) -> LResult<Gc<LuaString>> {
        let layout = LuaString::layout_for(bytes.len());
        let p = self.alloc_raw(layout)? as *mut LuaString;
        // SAFETY: fresh allocation of size_of::<LuaString>() + len + 1 bytes.
        unsafe {
            p.write(LuaString {
                hdr: GcHeader {
                    next: self.allgc,
                    gclist: ptr::null_mut(),
                    kind: if short { KIND_SHRSTR } else { KIND_LNGSTR },
                    marked: self.white(),
                    aux: 0,
                },
                len: bytes.len(),
                hash,
                extra: 0,
                short,
            });
            let d = (p as *mut u8).add(core::mem::size_of::<LuaString>());
            ptr::copy_nonoverlapping(bytes.as_ptr(), d, bytes.len());
            *d.add(bytes.len()) = 0;
            self.allgc = p as *mut GcHeader;
        }
        Ok(Gc::from_ptr(p))
    }
}

// ------------------------------------------------------------------ colour helpers

#[inline(always)]
fn hdr<'a>(o: *mut GcHeader) -> &'a mut GcHeader {
    // SAFETY: the collector only handles pointers to live objects it owns.
    unsafe { &mut *o }
}
#[inline(always)]
pub fn is_white(o: *mut GcHeader) -> bool {
    hdr(o).marked & WHITEBITS != 0
}
#[inline(always)]
pub fn is_black(o: *mut GcHeader) -> bool {
    hdr(o).marked & (1 << BLACKBIT) != 0
}
#[inline(always)]
fn is_gray(o: *mut GcHeader) -> bool {
    hdr(o).marked & ((1 << BLACKBIT) | WHITEBITS) == 0
}
#[inline(always)]
fn white2gray(o: *mut GcHeader) {
    hdr(o).marked &= !WHITEBITS;
}
#[inline(always)]
fn gray2black(o: *mut GcHeader) {
    hdr(o).marked |= 1 << BLACKBIT;
}
#[inline(always)]
fn black2gray(o: *mut GcHeader) {
    hdr(o).marked &= !(1 << BLACKBIT);
}
#[inline(always)]
fn to_finalize(o: *mut GcHeader) -> bool {
    hdr(o).marked & (1 << FINALIZEDBIT) != 0
}
#[inline(always)]
fn value_is_white(v: &Value) -> bool {
    v.is_collectable() && is_white(v.gc_ptr())
}

/// Is the object dead (not marked in the last completed mark phase)?
pub fn is_dead(heap: &Heap, o: *mut GcHeader) -> bool {
    hdr(o).marked & heap.other_white() & WHITEBITS != 0
}
/// Resurrects a dead-but-unswept object (used when re-interning a string).
pub fn change_white(o: *mut GcHeader) {
    hdr(o).marked ^= WHITEBITS;
}
fn make_white(heap: &Heap, o: *mut GcHeader) {
    let h = hdr(o);
    h.marked = (h.marked & MASKCOLORS) | heap.white();
}

// ------------------------------------------------------------------ barriers

/// Forward barrier: `o` (black) now refers to `v`.
#[inline]
pub fn barrier(g: &mut Global, o: *mut GcHeader, v: &Value) {
    if v.is_collectable() && is_black(o) && is_white(v.gc_ptr()) {
        barrier_slow(g, o, v.gc_ptr());
    }
}

/// Barrier for setting a prototype's closure cache (luaC_barrierproto: back barrier).
pub fn barrier_proto(g: &mut Global, p: *mut GcHeader) {
    if is_black(p) {
        barrier_back_slow(g, p);
    }
}

/// Forward barrier for an object reference that is not a `Value` (e.g. an upvalue).
#[inline]
pub fn barrier_ptr(g: &mut Global, o: *mut GcHeader, v: *mut GcHeader) {
    if is_black(o) && is_white(v) {
        barrier_slow(g, o, v);
    }
}

#[cold]
#[inline(never)]
fn barrier_slow(g: &mut Global, o: *mut GcHeader, v: *mut GcHeader) {
    if g.heap.keep_invariant() {
        really_mark(g, v);
    } else {
        make_white(&g.heap, o);
    }
}

/// Back barrier for tables: `t` (black) received a white value; make it gray again.
#[inline(always)]
pub fn barrier_back(g: &mut Global, t: Gc<Table>, v: &Value) {
    if v.is_collectable() && is_black(t.as_header()) && is_white(v.gc_ptr()) {
        barrier_back_slow(g, t.as_header());
    }
}

#[cold]
#[inline(never)]
fn barrier_back_slow(g: &mut Global, t: *mut GcHeader) {
    black2gray(t);
    hdr(t).gclist = g.heap.grayagain;
    g.heap.grayagain = t;
}

// ------------------------------------------------------------------ marking

#[inline]
fn mark_value(g: &mut Global, v: &Value) {
    if value_is_white(v) {
        really_mark(g, v.gc_ptr());
    }
}
#[inline]
fn mark_object(g: &mut Global, o: *mut GcHeader) {
    if is_white(o) {
        really_mark(g, o);
    }
}

fn link_gray(g: &mut Global, o: *mut GcHeader) {
    hdr(o).gclist = g.heap.gray;
    g.heap.gray = o;
}

fn really_mark(g: &mut Global, o: *mut GcHeader) {
    white2gray(o);
    match hdr(o).kind {
        KIND_SHRSTR | KIND_LNGSTR => {
            gray2black(o);
            let s: Gc<LuaString> = Gc::from_header(o);
            g.heap.memtrav += s.len + 40;
        }
        KIND_USERDATA => {
            let u: Gc<UserData> = Gc::from_header(o);
            if let Some(mt) = u.metatable {
                mark_object(g, mt.as_header());
            }
            gray2black(o);
            g.heap.memtrav += 64 + u.extra_bytes();
            let uv = u.user_value;
            mark_value(g, &uv);
        }
        crate::ravi_array::KIND_IARRAY | crate::ravi_array::KIND_FARRAY => {
            // no references in the elements: black at once (parent and metatable marked
            // here; setting a metatable later goes through a forward barrier)
            gray2black(o);
            let a: Gc<crate::ravi_array::RaviArray> = Gc::from_header(o);
            g.heap.memtrav += 64 + a.extra_bytes();
            if let Some(p) = a.parent {
                mark_object(g, p.as_header()); // a slice keeps its array alive
            }
            if let Some(mt) = a.metatable {
                mark_object(g, mt.as_header());
            }
        }
        KIND_UPVAL => {
            let uv: Gc<UpVal> = Gc::from_header(o);
            gray2black(o);
            if uv.is_open() {
                // 5.3: an open upvalue does not keep its thread alive. Its value lives in
                // the thread's stack: marked by the thread's traversal if the thread is
                // reached, else by `remark_upvals` (touched) or right now (atomic).
                if g.heap.inside_atomic {
                    let v = uv.get();
                    mark_value(g, &v);
                } else {
                    uv.m().touched = true;
                }
            } else {
                let v = uv.value;
                mark_value(g, &v);
            }
        }
        _ => link_gray(g, o),
    }
}

fn mark_roots(g: &mut Global) {
    let mt = g.mainthread as *mut GcHeader;
    mark_object(g, mt);
    let r = g.registry;
    mark_value(g, &r);
    for i in 0..g.mt.len() {
        if let Some(t) = g.mt[i] {
            mark_object(g, t.as_header());
        }
    }
    for i in 0..g.tmname.len() {
        let s = g.tmname[i];
        mark_object(g, s.as_header());
    }
    let m = g.memerrmsg;
    mark_object(g, m.as_header());
    for i in 0..g.fixed.len() {
        let v = g.fixed[i];
        mark_value(g, &v);
    }
}

fn mark_being_fnz(g: &mut Global) {
    let mut o = g.heap.tobefnz;
    while !o.is_null() {
        mark_object(g, o);
        o = hdr(o).next;
    }
}

fn restart_collection(g: &mut Global) {
    g.heap.gray = ptr::null_mut();
    g.heap.grayagain = ptr::null_mut();
    g.heap.weak = ptr::null_mut();
    g.heap.allweak = ptr::null_mut();
    g.heap.ephemeron = ptr::null_mut();
    mark_roots(g);
    mark_being_fnz(g);
}

/// Weak mode of a table's metatable: (weak keys, weak values).
fn weak_mode(g: &Global, t: &Table) -> (bool, bool) {
    let mt = match t.metatable {
        Some(mt) => mt,
        None => return (false, false),
    };
    let v = mt.get_value_short(g.tmname[crate::metamethod::TM_MODE as usize]);
    match v.as_string() {
        Some(s) => {
            let b = s.bytes();
            (b.contains(&b'k'), b.contains(&b'v'))
        }
        None => (false, false),
    }
}

impl Table {
    #[inline]
    pub fn get_value_short(&self, k: Gc<LuaString>) -> Value {
        // SAFETY: get_short_str returns a valid slot.
        unsafe { Value::load(self.get_short_str(k)) }
    }
}

/// Value that will be removed from a weak table (strings are values, never cleared).
fn is_cleared(g: &mut Global, v: &Value) -> bool {
    if !v.is_collectable() {
        return false;
    }
    if v.is_string() {
        mark_object(g, v.gc_ptr());
        return false;
    }
    is_white(v.gc_ptr())
}

fn remove_entry(n: &mut crate::table::Node) {
    let k = n.key();
    if k.is_collectable() && is_white(k.gc_ptr()) {
        n.key_tt = TAG_DEADKEY;
    }
}

fn nodes_mut<'a>(t: Gc<Table>) -> &'a mut [crate::table::Node] {
    let tm = t.m();
    if tm.node_is_dummy {
        return &mut [];
    }
    // SAFETY: a non-dummy node array of size_node() nodes owned by the table.
    unsafe { core::slice::from_raw_parts_mut(tm.node, tm.size_node()) }
}

fn traverse_weak_value(g: &mut Global, t: Gc<Table>) {
    let mut hasclears = t.asize > 0;
    for n in nodes_mut(t).iter_mut() {
        if n.val.is_nil() {
            remove_entry(n);
        } else {
            let k = n.key();
            mark_value(g, &k);
            if !hasclears && is_cleared(g, &n.val) {
                hasclears = true;
            }
        }
    }
    let o = t.as_header();
    if g.heap.state == GcState::Propagate {
        hdr(o).gclist = g.heap.grayagain;
        g.heap.grayagain = o;
    } else if hasclears {
        hdr(o).gclist = g.heap.weak;
        g.heap.weak = o;
    }
}

fn traverse_ephemeron(g: &mut Global, t: Gc<Table>) -> bool {
    let mut marked = false;
    let mut hasclears = false;
    let mut hasww = false;
    for v in t.m().array_slice_mut().iter() {
        if value_is_white(v) {
            marked = true;
            really_mark(g, v.gc_ptr());
        }
    }
    for n in nodes_mut(t).iter_mut() {
        if n.val.is_nil() {
            remove_entry(n);
        } else if is_cleared(g, &n.key()) {
            hasclears = true;
            if value_is_white(&n.val) {
                hasww = true;
            }
        } else if value_is_white(&n.val) {
            marked = true;
            really_mark(g, n.val.gc_ptr());
        }
    }
    let o = t.as_header();
    if g.heap.state == GcState::Propagate {
        hdr(o).gclist = g.heap.grayagain;
        g.heap.grayagain = o;
    } else if hasww {
        hdr(o).gclist = g.heap.ephemeron;
        g.heap.ephemeron = o;
    } else if hasclears {
        hdr(o).gclist = g.heap.allweak;
        g.heap.allweak = o;
    }
    marked
}

fn traverse_strong_table(g: &mut Global, t: Gc<Table>) {
    for v in t.array_slice().iter() {
        mark_value(g, v);
    }
    for n in nodes_mut(t).iter_mut() {
        if n.val.is_nil() {
            remove_entry(n);
        } else {
            let k = n.key();
            mark_value(g, &k);
            let v = n.val;
            mark_value(g, &v);
        }
    }
}

fn traverse_table(g: &mut Global, t: Gc<Table>) -> usize {
    if let Some(mt) = t.metatable {
        mark_object(g, mt.as_header());
    }
    let (wk, wv) = weak_mode(g, &t);
    if wk || wv {
        black2gray(t.as_header());
        if !wk {
            traverse_weak_value(g, t);
        } else if !wv {
            traverse_ephemeron(g, t);
        } else {
            let o = t.as_header();
            hdr(o).gclist = g.heap.allweak;
            g.heap.allweak = o;
        }
    } else {
        traverse_strong_table(g, t);
    }
    core::mem::size_of::<Table>() + t.extra_bytes()
}

fn traverse_thread(g: &mut Global, th: Gc<State>) -> usize {
    let st = th.m();
    let top = st.top.min(st.stack.len());
    for i in 0..top {
        let v = st.stack[i];
        mark_value(g, &v);
    }
    for i in 0..st.open_upvals.len() {
        // the thread's stack holds the values: the upvalue objects just become black
        let u = st.open_upvals[i].as_header();
        if is_white(u) {
            white2gray(u);
            gray2black(u);
        }
    }
    let e = st.errobj;
    mark_value(g, &e);
    if g.heap.inside_atomic {
        if !g.heap.emergency {
            for v in st.stack[top..].iter_mut() {
                *v = Value::NIL;
            }
        }
        // `remark_upvals` may have taken the thread out of `twups`
        if !st.in_twups && !st.open_upvals.is_empty() {
            st.twups = g.heap.twups;
            st.in_twups = true;
            g.heap.twups = th.as_ptr();
        }
    }
    core::mem::size_of::<State>() + st.stack.len() * 16 + st.ci.len() * 64
}

fn propagate_mark(g: &mut Global) {
    let o = g.heap.gray;
    gray2black(o);
    g.heap.gray = hdr(o).gclist;
    let size = match hdr(o).kind {
        KIND_TABLE => traverse_table(g, Gc::from_header(o)),
        KIND_LCL => {
            let cl: Gc<LClosure> = Gc::from_header(o);
            mark_object(g, cl.proto.as_header());
            for u in cl.upvals.iter() {
                mark_object(g, u.as_header());
            }
            32 + cl.upvals.len() * 8
        }
        KIND_NCL => {
            let cl: Gc<NClosure> = Gc::from_header(o);
            for v in cl.upvals.iter() {
                mark_value(g, v);
            }
            32 + cl.upvals.len() * 16
        }
        KIND_THREAD => {
            let th: Gc<State> = Gc::from_header(o);
            // threads stay gray: they are traversed again in the atomic phase
            black2gray(o);
            hdr(o).gclist = g.heap.grayagain;
            g.heap.grayagain = o;
            traverse_thread(g, th)
        }
        KIND_PROTO => {
            let p: Gc<Proto> = Gc::from_header(o);
            if let Some(c) = p.cache {
                if is_white(c.as_header()) {
                    p.m().cache = None;
                }
            }
            for v in p.k.iter() {
                mark_value(g, v);
            }
            for sp in p.protos.iter() {
                mark_object(g, sp.as_header());
            }
            p.extra_bytes()
        }
        _ => 0,
    };
    g.heap.memtrav += size;
}

fn propagate_all(g: &mut Global) {
    while !g.heap.gray.is_null() {
        propagate_mark(g);
    }
}

fn converge_ephemerons(g: &mut Global) {
    loop {
        let mut next = g.heap.ephemeron;
        g.heap.ephemeron = ptr::null_mut();
        let mut changed = false;
        while !next.is_null() {
            let w = next;
            next = hdr(w).gclist;
            if traverse_ephemeron(g, Gc::from_header(w)) {
                propagate_all(g);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn clear_keys(g: &mut Global, mut l: *mut GcHeader, f: *mut GcHeader) {
    while l != f {
        let t: Gc<Table> = Gc::from_header(l);
        for n in nodes_mut(t).iter_mut() {
            if !n.val.is_nil() && is_cleared(g, &n.key()) {
                n.val = Value::NIL;
            }
            if n.val.is_nil() {
                remove_entry(n);
            }
        }
        l = hdr(l).gclist;
    }
}

fn clear_values(g: &mut Global, mut l: *mut GcHeader, f: *mut GcHeader) {
    while l != f {
        let t: Gc<Table> = Gc::from_header(l);
        for v in t.m().array_slice_mut().iter_mut() {
            if is_cleared(g, v) {
                *v = Value::NIL;
            }
        }
        for n in nodes_mut(t).iter_mut() {
            if !n.val.is_nil() && is_cleared(g, &n.val) {
                n.val = Value::NIL;
                remove_entry(n);
            }
        }
        l = hdr(l).gclist;
    }
}

/// Moves unreached objects with finalizers (or all, at close) from `finobj` to the end of
/// `tobefnz`.
fn separate_tobefnz(g: &mut Global, all: bool) {
    // SAFETY: list surgery on the collector's own singly linked lists.
    unsafe {
        let mut p: *mut *mut GcHeader = &mut g.heap.finobj;
        let mut lastnext: *mut *mut GcHeader = &mut g.heap.tobefnz;
        while !(*lastnext).is_null() {
            lastnext = &mut (**lastnext).next;
        }
        while !(*p).is_null() {
            let curr = *p;
            if !(is_white(curr) || all) {
                p = &mut (*curr).next;
            } else {
                *p = (*curr).next;
                (*curr).next = *lastnext;
                *lastnext = curr;
                lastnext = &mut (*curr).next;
            }
        }
    }
}

/// Marks the values of touched open upvalues of unmarked threads, and takes unmarked
/// threads and threads without open upvalues out of `twups` (5.3's remarkupvals).
fn remark_upvals(g: &mut Global) {
    // SAFETY: `twups` links live threads (a freed thread unlinks itself).
    unsafe {
        let mut p: *mut *mut State = &mut g.heap.twups;
        while !(*p).is_null() {
            let th = *p;
            if is_gray(th as *mut GcHeader) && !(&*th).open_upvals.is_empty() {
                p = &mut (*th).twups;
            } else {
                *p = (*th).twups;
                (*th).twups = ptr::null_mut();
                (*th).in_twups = false;
                let thr = &*th;
                for i in 0..thr.open_upvals.len() {
                    let uv = thr.open_upvals[i];
                    if uv.touched {
                        let v = uv.get();
                        mark_value(g, &v);
                        uv.m().touched = false;
                    }
                }
            }
        }
    }
}

/// Unlinks a thread being freed from `twups`.
fn unlink_twups(g: &mut Global, th: *mut State) {
    // SAFETY: as in `remark_upvals`.
    unsafe {
        let mut p: *mut *mut State = &mut g.heap.twups;
        while !(*p).is_null() {
            if *p == th {
                *p = (*th).twups;
                (*th).twups = ptr::null_mut();
                (*th).in_twups = false;
                return;
            }
            p = &mut (**p).twups;
        }
    }
}

fn atomic(g: &mut Global, running: *mut State) -> usize {
    g.heap.state = GcState::Atomic;
    g.heap.inside_atomic = true;
    g.heap.memtrav = 0;
    mark_object(g, running as *mut GcHeader);
    mark_roots(g);
    propagate_all(g);
    remark_upvals(g);
    propagate_all(g);
    g.heap.gray = g.heap.grayagain;
    g.heap.grayagain = ptr::null_mut();
    propagate_all(g);
    converge_ephemerons(g);
    let (w, aw) = (g.heap.weak, g.heap.allweak);
    clear_values(g, w, ptr::null_mut());
    clear_values(g, aw, ptr::null_mut());
    let origweak = g.heap.weak;
    let origall = g.heap.allweak;
    separate_tobefnz(g, false);
    mark_being_fnz(g);
    propagate_all(g);
    converge_ephemerons(g);
    let (e, aw) = (g.heap.ephemeron, g.heap.allweak);
    clear_keys(g, e, ptr::null_mut());
    clear_keys(g, aw, ptr::null_mut());
    let (w, aw) = (g.heap.weak, g.heap.allweak);
    clear_values(g, w, origweak);
    clear_values(g, aw, origall);
    g.heap.currentwhite ^= WHITEBITS;
    g.heap.inside_atomic = false;
    g.heap.memtrav
}

/// Frees one object (any kind).
fn free_object(g: &mut Global, o: *mut GcHeader) {
    let heap = &mut g.heap;
    // SAFETY: `o` is a dead object being removed from its list; it was allocated by
    // `new_object`/`new_string_object` with the layout used here, and nothing reachable
    // refers to it any more.
    unsafe {
        match hdr(o).kind {
            KIND_SHRSTR | KIND_LNGSTR => {
                let s: Gc<LuaString> = Gc::from_header(o);
                if s.short {
                    g.strt.remove(s);
                }
                let l = LuaString::layout_for(s.len);
                heap.free_raw(o as *mut u8, l);
            }
            KIND_TABLE => {
                let t: Gc<Table> = Gc::from_header(o);
                t.m().free_parts(heap);
                let layout = t.object_layout();
                ptr::drop_in_place(t.as_ptr());
                heap.free_raw(o as *mut u8, layout);
            }
            KIND_LCL => {
                let c: Gc<LClosure> = Gc::from_header(o);
                heap.free_raw(c.upvals.as_raw(), crate::function::UpvalArray::layout(c.upvals.len()));
                ptr::drop_in_place(c.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<LClosure>());
            }
            KIND_NCL => {
                let c: Gc<NClosure> = Gc::from_header(o);
                heap.account(-(c.upvals.len() as isize * 16));
                ptr::drop_in_place(c.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<NClosure>());
            }
            KIND_UPVAL => {
                let uv: Gc<UpVal> = Gc::from_header(o);
                if uv.is_open() {
                    // its thread is dead too but not freed yet (a freed thread closes its
                    // upvalues): unlink the upvalue from the thread's list
                    let th = &mut *uv.thread;
                    if let Some(i) = th.open_upvals.iter().position(|u| *u == uv) {
                        th.open_upvals.remove(i);
                    }
                }
                heap.free_raw(o as *mut u8, Layout::new::<UpVal>());
            }
            crate::ravi_array::KIND_IARRAY | crate::ravi_array::KIND_FARRAY => {
                let a: Gc<crate::ravi_array::RaviArray> = Gc::from_header(o);
                heap.account(-(a.extra_bytes() as isize));
                ptr::drop_in_place(a.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<crate::ravi_array::RaviArray>());
            }
            KIND_PROTO => {
                let p: Gc<Proto> = Gc::from_header(o);
                heap.account(-(p.extra_bytes() as isize));
                ptr::drop_in_place(p.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<Proto>());
            }
            KIND_USERDATA => {
                let u: Gc<UserData> = Gc::from_header(o);
                heap.account(-(u.extra_bytes() as isize));
                ptr::drop_in_place(u.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<UserData>());
            }
            KIND_THREAD => {
                let t: Gc<State> = Gc::from_header(o);
                // close its open upvalues (closures may still use them; luaE_freethread)
                let tm = t.m();
                for u in core::mem::take(&mut tm.open_upvals) {
                    let v = tm.stack[u.index];
                    u.m().close_with(v);
                }
                if tm.in_twups {
                    unlink_twups(g, t.as_ptr());
                }
                let heap = &mut g.heap;
                heap.account(-(t.accounted_bytes() as isize));
                ptr::drop_in_place(t.as_ptr());
                heap.free_raw(o as *mut u8, Layout::new::<State>());
            }
            _ => {}
        }
    }
}

/// Sweeps up to `count` objects of the list at `p`; returns where to continue (null: done).
fn sweep_list(g: &mut Global, mut p: *mut *mut GcHeader, mut count: usize) -> *mut *mut GcHeader {
    let ow = g.heap.other_white();
    let white = g.heap.white();
    // SAFETY: p points to a link field of the collector's lists.
    unsafe {
        while !(*p).is_null() && count > 0 {
            count -= 1;
            let curr = *p;
            let marked = (*curr).marked;
            if (marked ^ WHITEBITS) & ow == 0 {
                // dead: marked with the other white
                *p = (*curr).next;
                free_object(g, curr);
            } else {
                (*curr).marked = (marked & MASKCOLORS) | white;
                p = &mut (*curr).next;
            }
        }
        if (*p).is_null() { ptr::null_mut() } else { p }
    }
}

fn sweep_to_live(g: &mut Global, p: *mut *mut GcHeader) -> *mut *mut GcHeader {
    let old = p;
    let mut p = p;
    loop {
        p = sweep_list(g, p, 1);
        if p != old {
            return p;
        }
    }
}

fn enter_sweep(g: &mut Global) {
    g.heap.state = GcState::SwpAllgc;
    let p: *mut *mut GcHeader = &mut g.heap.allgc;
    g.heap.sweepgc = sweep_to_live(g, p);
}

fn sweep_step(g: &mut Global, next: GcState, nextlist: *mut *mut GcHeader) -> usize {
    if !g.heap.sweepgc.is_null() {
        let olddebt = g.heap.debt;
        let p = g.heap.sweepgc;
        g.heap.sweepgc = sweep_list(g, p, GCSWEEPMAX);
        g.heap.estimate = (g.heap.estimate as isize + g.heap.debt - olddebt).max(0) as usize;
        if !g.heap.sweepgc.is_null() {
            return GCSWEEPMAX * GCSWEEPCOST;
        }
    }
    g.heap.state = next;
    g.heap.sweepgc = nextlist;
    0
}

fn set_pause(heap: &mut Heap) {
    let estimate = (heap.estimate / PAUSEADJ).max(1);
    let threshold = estimate.saturating_mul(heap.pause as usize);
    let debt = heap.total() as isize - threshold.min(isize::MAX as usize) as isize;
    heap.set_debt(debt);
}

/// One step of the collector; returns the work done. May run a finalizer (Lua code).
fn single_step(st: &mut State) -> LResult<usize> {
    let g = st.global_mut();
    match g.heap.state {
        GcState::Pause => {
            g.heap.memtrav = g.strt.capacity_bytes();
            restart_collection(g);
            g.heap.state = GcState::Propagate;
            Ok(g.heap.memtrav)
        }
        GcState::Propagate => {
            g.heap.memtrav = 0;
            if !g.heap.gray.is_null() {
                propagate_mark(g);
            }
            if g.heap.gray.is_null() {
                g.heap.state = GcState::Atomic;
            }
            Ok(g.heap.memtrav)
        }
        GcState::Atomic => {
            propagate_all(g);
            let work = atomic(g, st as *mut State);
            let g = st.global_mut();
            enter_sweep(g);
            g.heap.estimate = g.heap.total();
            Ok(work)
        }
        GcState::SwpAllgc => {
            let n: *mut *mut GcHeader = &mut g.heap.finobj;
            Ok(sweep_step(g, GcState::SwpFinobj, n))
        }
        GcState::SwpFinobj => {
            let n: *mut *mut GcHeader = &mut g.heap.tobefnz;
            Ok(sweep_step(g, GcState::SwpTobefnz, n))
        }
        GcState::SwpTobefnz => Ok(sweep_step(g, GcState::SwpEnd, ptr::null_mut())),
        GcState::SwpEnd => {
            let mt = g.mainthread as *mut GcHeader;
            make_white(&g.heap, mt);
            g.strt.shrink();
            g.heap.state = GcState::CallFin;
            Ok(0)
        }
        GcState::CallFin => {
            if !g.heap.tobefnz.is_null() && !g.heap.emergency {
                let n = run_a_few_finalizers(st)?;
                Ok(n * GCFINALIZECOST)
            } else {
                g.heap.state = GcState::Pause;
                Ok(0)
            }
        }
    }
}

fn run_until(st: &mut State, target: impl Fn(GcState) -> bool) -> LResult<()> {
    while !target(st.global().heap.state) {
        single_step(st)?;
    }
    Ok(())
}

/// A step of incremental collection (luaC_step). Called at check points when debt > 0.
pub fn step(st: &mut State) -> LResult<()> {
    let g = st.global_mut();
    let stepmul = g.heap.stepmul.max(40) as isize;
    let mut debt = (g.heap.debt / STEPMULADJ + 1).saturating_mul(stepmul);
    if !g.heap.running || g.heap.in_finalizer {
        g.heap.set_debt(-GCSTEPSIZE * 10);
        return Ok(());
    }
    loop {
        let work = single_step(st)? as isize;
        debt -= work;
        if !(debt > -GCSTEPSIZE && st.global().heap.state != GcState::Pause) {
            break;
        }
    }
    let g = st.global_mut();
    if g.heap.state == GcState::Pause {
        set_pause(&mut g.heap);
    } else {
        let debt = (debt / stepmul) * STEPMULADJ;
        g.heap.set_debt(debt);
        run_a_few_finalizers(st)?;
    }
    Ok(())
}

/// A full collection (luaC_fullgc).
pub fn full_gc(st: &mut State, emergency: bool) -> LResult<()> {
    {
        let g = st.global_mut();
        if g.heap.in_finalizer {
            return Ok(());
        }
        g.heap.emergency = emergency;
        if g.heap.keep_invariant() {
            enter_sweep(g);
        }
    }
    let r = (|| {
        run_until(st, |s| s == GcState::Pause)?;
        run_until(st, |s| s != GcState::Pause)?;
        run_until(st, |s| s == GcState::CallFin)?;
        run_until(st, |s| s == GcState::Pause)
    })();
    let g = st.global_mut();
    g.heap.emergency = false;
    set_pause(&mut g.heap);
    g.heap.release_small_blocks();
    r
}

fn run_a_few_finalizers(st: &mut State) -> LResult<usize> {
    let mut i = 0;
    while i < GCFINMAX.max(st.global().heap.gcfinnum) && !st.global().heap.tobefnz.is_null() {
        call_one_finalizer(st, true)?;
        i += 1;
    }
    let g = st.global_mut();
    g.heap.gcfinnum = if g.heap.tobefnz.is_null() { 0 } else { g.heap.gcfinnum * 2 };
    Ok(i)
}

/// Takes the first object of `tobefnz` back to `allgc` and calls its `__gc` (GCTM).
fn call_one_finalizer(st: &mut State, propagate_errors: bool) -> LResult<()> {
    let g = st.global_mut();
    let o = g.heap.tobefnz;
    g.heap.tobefnz = hdr(o).next;
    hdr(o).next = g.heap.allgc;
    g.heap.allgc = o;
    hdr(o).marked &= !(1 << FINALIZEDBIT);
    if g.heap.is_sweep_phase() {
        make_white(&g.heap, o);
    }
    let v = Value::from_gc(o, hdr(o).kind);
    let tm = st.get_tm_by_obj(&v, crate::metamethod::TM_GC);
    if !tm.is_function() {
        return Ok(());
    }
    let g = st.global_mut();
    let running = g.heap.running;
    g.heap.running = false;
    g.heap.in_finalizer = true;
    // as 5.3's GCTM: the frame running when the collector called the finalizer is marked,
    // so debug.getinfo names the finalizer `metamethod '__gc'`
    let ci = st.ci.len() - 1;
    let fin_was_set = st.ci[ci].callstatus & crate::state::CIST_FIN != 0;
    st.ci[ci].callstatus |= crate::state::CIST_FIN;
    let r = st.pcall_value(tm, &[v], 0);
    if !fin_was_set {
        st.ci[ci].callstatus &= !crate::state::CIST_FIN;
    }
    let g = st.global_mut();
    g.heap.running = running;
    g.heap.in_finalizer = false;
    match r {
        Ok(()) => Ok(()),
        Err(e) if propagate_errors => {
            if e == Error::Runtime {
                let ev = st.errobj;
                let msg: alloc::vec::Vec<u8> = match ev.as_string() {
                    Some(s) => s.bytes().to_vec(),
                    None => b"no message".to_vec(),
                };
                let mut m = b"error in __gc metamethod (".to_vec();
                m.extend_from_slice(&msg);
                m.push(b')');
                let s = st.new_string(&m)?;
                st.errobj = Value::string(s);
                Err(Error::Gcmm)
            } else {
                Err(e)
            }
        }
        Err(_) => Ok(()),
    }
}

/// Registers `o` for finalization if `mt` has `__gc` (luaC_checkfinalizer).
pub fn check_finalizer(g: &mut Global, o: *mut GcHeader, mt: Option<Gc<Table>>) {
    let mt = match mt {
        Some(mt) => mt,
        None => return,
    };
    if to_finalize(o) {
        return;
    }
    let gcname = g.tmname[crate::metamethod::TM_GC as usize];
    if mt.get_value_short(gcname).is_nil() {
        return;
    }
    if g.heap.is_sweep_phase() {
        make_white(&g.heap, o);
        // SAFETY: sweepgc points at a link field of a live list.
        if g.heap.sweepgc == unsafe { &mut (*o).next as *mut *mut GcHeader } {
            let p = g.heap.sweepgc;
            g.heap.sweepgc = sweep_to_live(g, p);
        }
    }
    // SAFETY: o is in allgc (not to_finalize); unlink it and push it on finobj.
    unsafe {
        let mut p: *mut *mut GcHeader = &mut g.heap.allgc;
        while *p != o {
            if (*p).is_null() {
                return; // not in allgc (e.g. main thread): ignore
            }
            p = &mut (**p).next;
        }
        *p = (*o).next;
        (*o).next = g.heap.finobj;
        g.heap.finobj = o;
        (*o).marked |= 1 << FINALIZEDBIT;
    }
}

/// Runs every pending finalizer and frees all objects (lua_close).
pub fn free_all_objects(st: &mut State) {
    {
        let g = st.global_mut();
        separate_tobefnz(g, true);
    }
    while !st.global().heap.tobefnz.is_null() {
        let _ = call_one_finalizer(st, false);
    }
    let g = st.global_mut();
    g.heap.currentwhite = WHITEBITS;
    g.heap.state = GcState::Pause;
    for list in 0..2 {
        let p: *mut *mut GcHeader = if list == 0 { &mut g.heap.finobj } else { &mut g.heap.allgc };
        let mut q = p;
        while !q.is_null() {
            q = sweep_list(g, q, usize::MAX);
        }
    }
}

/// Is the object currently gray (for debugging / tests)?
pub fn debug_is_gray(o: *mut GcHeader) -> bool {
    is_gray(o)
}
