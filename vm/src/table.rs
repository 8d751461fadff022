//! Lua tables: array part + hash part, a port of Lua 5.3's ltable.c.
//!
//! Owns: the `Table` object, its array part and its node array (the hash part), key
//! normalisation, lookups, insertion with rehash, `#` (border), and `next`.
//! Must not touch: metatables' semantics (the interpreter and `metamethod` do that), the
//! collector's colour logic (callers apply write barriers after storing collectable values).
//!
//! # Layout (JIT contract)
//! - `array: *mut Value`, `asize: u32`: keys `1..=asize` live in `array[k-1]`.
//! - `node: *mut Node`, `lsizenode: u8`: `1 << lsizenode` nodes of 32 bytes each
//!   (`Node::val` at 0, key payload at 16, key tag at 24, `next` at 28). An empty hash part
//!   points at a shared read-only dummy node (`node_is_dummy`), so lookups never branch on
//!   emptiness.
//! - The main position of a key is `hash & (size - 1)` (integers: the value itself, short
//!   strings: their cached hash; floats, booleans and pointers as `main_position` says).
//!   Colliding keys form a chain linked by `next` (relative node offsets); a key that is
//!   not in its main position was moved there by Brent's variation (see `new_key`).
//! - `flags`: bit `e` set means "metamethod event `e` is absent" in this table used as a
//!   metatable (cache for the first events, cleared whenever a key is added).
//!
//! # Semantics
//! - Float keys with an integral value are stored as integers; NaN and nil keys are errors.
//! - Setting a field to nil leaves its key in the node: `next` keeps working during a
//!   traversal that clears fields. The collector turns such keys into `TAG_DEADKEY` when
//!   the key object dies; `next` still finds them by pointer identity.

use crate::error::Error;
use crate::gc::{Gc, GcHeader, Heap};
use crate::string::LuaString;
use crate::value::*;
use core::alloc::Layout;
use core::ptr;

/// A hash node (32 bytes, see the module doc).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Node {
    pub val: Value,
    pub key_p: Payload,
    pub key_tt: u8,
    pub _pad: [u8; 3],
    pub next: i32,
}

pub const NODE_SIZE: usize = 32;
pub const NODE_VAL_OFFSET: usize = 0;
pub const NODE_KEY_PAYLOAD_OFFSET: usize = 16;
pub const NODE_KEY_TAG_OFFSET: usize = 24;
pub const NODE_NEXT_OFFSET: usize = 28;
const _: () = assert!(core::mem::size_of::<Node>() == NODE_SIZE);
const _: () = assert!(core::mem::offset_of!(Node, val) == NODE_VAL_OFFSET);
const _: () = assert!(core::mem::offset_of!(Node, key_p) == NODE_KEY_PAYLOAD_OFFSET);
const _: () = assert!(core::mem::offset_of!(Node, key_tt) == NODE_KEY_TAG_OFFSET);
const _: () = assert!(core::mem::offset_of!(Node, next) == NODE_NEXT_OFFSET);

impl Node {
    #[inline(always)]
    pub fn key(&self) -> Value {
        Value { p: self.key_p, tt: self.key_tt }
    }
    #[inline(always)]
    fn set_key(&mut self, k: &Value) {
        self.key_p = k.p;
        self.key_tt = k.tt;
    }
}

struct SyncNode(Node);
// SAFETY: the dummy node is never written (every writer checks `node_is_dummy` first).
unsafe impl Sync for SyncNode {}
static DUMMY_NODE: SyncNode =
    SyncNode(Node { val: Value::NIL, key_p: Payload(0), key_tt: TAG_NIL, _pad: [0; 3], next: 0 });

/// Read-only nil returned by lookups that find nothing.
struct SyncValue(Value);
// SAFETY: never written.
unsafe impl Sync for SyncValue {}
static NIL_VALUE: SyncValue = SyncValue(Value::NIL);

#[inline(always)]
pub fn nil_slot() -> *const Value {
    &NIL_VALUE.0 as *const Value
}

/// Why a key cannot be inserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    Nil,
    NaN,
    Memory,
}

impl From<Error> for KeyError {
    fn from(_: Error) -> Self {
        KeyError::Memory
    }
}

/// Largest log2 of array size (MAXABITS).
const MAXABITS: usize = 31;
const MAXASIZE: u64 = 1u64 << MAXABITS;
/// Largest log2 of the node count.
const MAXHBITS: u32 = 30;

#[repr(C)]
pub struct Table {
    pub hdr: GcHeader,
    pub flags: u8,
    pub lsizenode: u8,
    pub node_is_dummy: bool,
    /// Slots of array part allocated right after the object (0: none); see
    /// [`Table::layout_with_inline`]. `array` points there while the array part fits.
    pub inline_cap: u8,
    pub asize: u32,
    pub array: *mut Value,
    pub node: *mut Node,
    pub metatable: Option<Gc<Table>>,
}

/// Largest array part a table constructor allocates inside the table object itself.
pub const MAX_INLINE_ARRAY: u32 = 4;

// 56 bytes: with malloc's 8-byte chunk header, one 64-byte chunk per table. The free-node
// cursor (`lastfree`: all nodes at index >= it are known not to be free) lives in
// `hdr.aux`.
const _: () = assert!(core::mem::size_of::<Table>() <= 56);

#[inline]
fn ceil_log2(x: u64) -> u32 {
    // ceil(log2(x)) for x >= 1
    if x <= 1 { 0 } else { 64 - (x - 1).leading_zeros() }
}

impl Table {
    /// A new empty table (no allocation beyond the object itself).
    pub fn empty() -> Table {
        Table {
            hdr: GcHeader::default(),
            flags: 0,
            lsizenode: 0,
            node_is_dummy: true,
            inline_cap: 0,
            asize: 0,
            array: ptr::null_mut(),
            node: &DUMMY_NODE.0 as *const Node as *mut Node,
            metatable: None,
        }
    }

    /// The object layout of a table with `cap` inline array slots: small constructors
    /// (`{a, b}`) get their array part in the same block, one allocation and one free
    /// instead of two, and one less cache line for the collector to touch.
    pub fn layout_with_inline(cap: u32) -> Layout {
        Layout::from_size_align(
            core::mem::size_of::<Table>() + cap as usize * core::mem::size_of::<Value>(),
            core::mem::align_of::<Table>(),
        )
        .expect("small layout")
    }

    /// The object layout this table was allocated with.
    pub fn object_layout(&self) -> Layout {
        Self::layout_with_inline(self.inline_cap as u32)
    }

    #[inline(always)]
    fn inline_slots(&mut self) -> *mut Value {
        // SAFETY: one past the object; only dereferenced when inline_cap > 0 (the block
        // then has inline_cap values there, see layout_with_inline).
        unsafe { (self as *mut Table).add(1) as *mut Value }
    }

    #[inline(always)]
    fn array_is_inline(&mut self) -> bool {
        self.inline_cap > 0 && self.array == self.inline_slots()
    }

    /// Gives a fresh table allocated with `layout_with_inline(cap)` its inline array
    /// part of `n <= cap` nils.
    pub fn init_inline_array(&mut self, cap: u32, n: u32) {
        debug_assert!(self.asize == 0 && n <= cap && cap <= MAX_INLINE_ARRAY);
        self.inline_cap = cap as u8;
        let p = self.inline_slots();
        for i in 0..cap as usize {
            // SAFETY: the object was allocated with room for cap values after it.
            unsafe { p.add(i).write(Value::NIL) };
        }
        self.array = p;
        self.asize = n;
    }

    /// Gives a fresh table (no array part yet) an array part of `n` nils: the table
    /// constructor's common case, without `resize`'s general reinsertion work.
    pub fn init_array(&mut self, heap: &mut Heap, n: u32) -> Result<(), KeyError> {
        debug_assert!(self.asize == 0 && self.array.is_null());
        let layout = Layout::array::<Value>(n as usize).map_err(|_| KeyError::Memory)?;
        let p = heap.alloc_raw(layout).map_err(|_| KeyError::Memory)? as *mut Value;
        for i in 0..n as usize {
            // SAFETY: the new block has room for n values.
            unsafe { p.add(i).write(Value::NIL) };
        }
        self.array = p;
        self.asize = n;
        Ok(())
    }

    #[inline(always)]
    pub fn size_node(&self) -> usize {
        1usize << self.lsizenode
    }
    #[inline(always)]
    fn node_at(&self, i: usize) -> *mut Node {
        // SAFETY (for callers): i < size_node(); the node array has that many nodes.
        unsafe { self.node.add(i) }
    }
    #[inline(always)]
    pub fn nodes(&self) -> &[Node] {
        // SAFETY: `node` points to size_node() initialised nodes (or the dummy).
        unsafe { core::slice::from_raw_parts(self.node, self.size_node()) }
    }
    #[inline(always)]
    pub fn array_slice(&self) -> &[Value] {
        if self.asize == 0 {
            &[]
        } else {
            // SAFETY: `array` holds `asize` initialised values.
            unsafe { core::slice::from_raw_parts(self.array, self.asize as usize) }
        }
    }
    #[inline(always)]
    pub fn array_slice_mut(&mut self) -> &mut [Value] {
        if self.asize == 0 {
            &mut []
        } else {
            // SAFETY: as above, and we hold &mut self.
            unsafe { core::slice::from_raw_parts_mut(self.array, self.asize as usize) }
        }
    }
    /// Bytes owned by the table outside the object (for accounting).
    pub fn extra_bytes(&self) -> usize {
        self.asize as usize * VALUE_SIZE + if self.node_is_dummy { 0 } else { self.size_node() * NODE_SIZE }
    }

    // ---------------------------------------------------------------- hashing

    #[inline(always)]
    fn mask(&self) -> usize {
        self.size_node() - 1
    }
    #[inline(always)]
    fn hashmod(&self, n: u64) -> usize {
        (n % ((self.mask() as u64) | 1)) as usize
    }

    /// Main position of a (normalised, non-nil) key.
    fn main_position(&self, key: &Value, seed: u32) -> usize {
        match key.tt {
            TAG_INT => (key.ival() as u64 as usize) & self.mask(),
            TAG_FLOAT => self.hashmod(hash_float(key.fval()) as u64),
            TAG_SHRSTR => {
                let s: Gc<LuaString> = Gc::from_header(key.gc_ptr());
                (s.hash as usize) & self.mask()
            }
            TAG_LNGSTR => {
                let s: Gc<LuaString> = Gc::from_header(key.gc_ptr());
                (s.m().hash_value(seed) as usize) & self.mask()
            }
            TAG_FALSE => 0,
            TAG_TRUE => 1 & self.mask(),
            _ => self.hashmod((key.raw_bits() >> 3) as u32 as u64),
        }
    }

    // ---------------------------------------------------------------- lookups

    /// Slot of integer key `key`, or the shared nil slot.
    #[inline]
    pub fn get_int(&self, key: i64) -> *const Value {
        if (key as u64).wrapping_sub(1) < self.asize as u64 {
            // SAFETY: 0 <= key-1 < asize.
            return unsafe { self.array.add((key - 1) as usize) };
        }
        self.get_int_hash(key)
    }

    fn get_int_hash(&self, key: i64) -> *const Value {
        let mut n = self.node_at((key as u64 as usize) & self.mask());
        loop {
            // SAFETY: n is within the node array (main position / chain offsets stay inside).
            let node = unsafe { &*n };
            if node.key_tt == TAG_INT && node.key().ival() == key {
                return &node.val;
            }
            if node.next == 0 {
                return nil_slot();
            }
            // SAFETY: chain offsets are maintained by new_key to stay within the array.
            n = unsafe { n.offset(node.next as isize) };
        }
    }

    /// Slot of a short-string key (pointer comparison, cached hash: no hashing).
    #[inline]
    pub fn get_short_str(&self, key: Gc<LuaString>) -> *const Value {
        let mut n = self.node_at((key.hash as usize) & self.mask());
        let kp = key.as_header();
        loop {
            // SAFETY: see get_int_hash.
            let node = unsafe { &*n };
            if node.key_tt == TAG_SHRSTR && node.key().gc_ptr() == kp {
                return &node.val;
            }
            if node.next == 0 {
                return nil_slot();
            }
            // SAFETY: see get_int_hash.
            n = unsafe { n.offset(node.next as isize) };
        }
    }

    pub fn get_str(&self, key: Gc<LuaString>, seed: u32) -> *const Value {
        if key.is_short() {
            self.get_short_str(key)
        } else {
            self.get_generic(&Value::string(key), seed)
        }
    }

    fn get_generic(&self, key: &Value, seed: u32) -> *const Value {
        let mut n = self.node_at(self.main_position(key, seed));
        loop {
            // SAFETY: see get_int_hash.
            let node = unsafe { &*n };
            if node.key_tt == key.tt && node.key().raw_eq(key) {
                return &node.val;
            }
            if node.next == 0 {
                return nil_slot();
            }
            // SAFETY: see get_int_hash.
            n = unsafe { n.offset(node.next as isize) };
        }
    }

    /// Slot for any key (raw get). Returns the shared nil slot when absent.
    pub fn get(&self, key: &Value, seed: u32) -> *const Value {
        match key.tt {
            TAG_SHRSTR => self.get_short_str(Gc::from_header(key.gc_ptr())),
            TAG_INT => self.get_int(key.ival()),
            TAG_NIL => nil_slot(),
            TAG_FLOAT => match crate::arith::float_to_int_exact(key.fval()) {
                Some(i) => self.get_int(i),
                None => self.get_generic(key, seed),
            },
            _ => self.get_generic(key, seed),
        }
    }

    /// Raw get returning the value.
    #[inline]
    pub fn get_value(&self, key: &Value, seed: u32) -> Value {
        // SAFETY: get() returns a valid slot pointer (node/array/static nil).
        unsafe { Value::load(self.get(key, seed)) }
    }
    #[inline]
    pub fn get_int_value(&self, key: i64) -> Value {
        // SAFETY: as above.
        unsafe { Value::load(self.get_int(key)) }
    }

    // ---------------------------------------------------------------- insertion

    /// Slot for `key`, inserting the key (with a nil value) if absent (luaH_set). The
    /// caller stores the value and applies the back barrier. Clears the metamethod cache.
    pub fn set_slot(&mut self, heap: &mut Heap, key: &Value, seed: u32) -> Result<*mut Value, KeyError> {
        self.flags = 0;
        let p = self.get(key, seed);
        if !ptr::eq(p, nil_slot()) {
            return Ok(p as *mut Value);
        }
        let k = match key.tt {
            TAG_NIL => return Err(KeyError::Nil),
            TAG_FLOAT => {
                let f = key.fval();
                if f.is_nan() {
                    return Err(KeyError::NaN);
                }
                match crate::arith::float_to_int_exact(f) {
                    Some(i) => Value::int(i),
                    None => *key,
                }
            }
            _ => *key,
        };
        self.new_key(heap, &k, seed)
    }

    pub fn set_int_slot(&mut self, heap: &mut Heap, key: i64, seed: u32) -> Result<*mut Value, KeyError> {
        let p = self.get_int(key);
        if !ptr::eq(p, nil_slot()) {
            return Ok(p as *mut Value);
        }
        self.flags = 0;
        self.new_key(heap, &Value::int(key), seed)
    }

    /// Raw set (no barrier: callers in the VM go through `State::table_set_raw`).
    pub fn raw_set(&mut self, heap: &mut Heap, key: &Value, val: Value, seed: u32) -> Result<(), KeyError> {
        let slot = self.set_slot(heap, key, seed)?;
        // SAFETY: set_slot returns a valid writable slot of this table.
        unsafe { *slot = val };
        Ok(())
    }

    fn get_free_pos(&mut self) -> Option<usize> {
        if !self.node_is_dummy {
            while self.hdr.aux > 0 {
                self.hdr.aux -= 1;
                // SAFETY: lastfree < size_node().
                if unsafe { (*self.node_at(self.hdr.aux as usize)).key_tt } == TAG_NIL {
                    return Some(self.hdr.aux as usize);
                }
            }
        }
        None
    }

    /// Inserts a key known to be absent (luaH_newkey). Key is normalised and not nil/NaN.
    fn new_key(&mut self, heap: &mut Heap, key: &Value, seed: u32) -> Result<*mut Value, KeyError> {
        let mut mp = self.main_position(key, seed);
        // SAFETY: mp < size_node(); nodes are initialised.
        let mp_occupied = unsafe { !(*self.node_at(mp)).val.is_nil() };
        if mp_occupied || self.node_is_dummy {
            let f = match self.get_free_pos() {
                Some(f) => f,
                None => {
                    self.rehash(heap, key, seed)?;
                    // the key is still absent; after rehash insert through the general path
                    return self.set_slot(heap, key, seed);
                }
            };
            // SAFETY: all indices below are < size_node().
            unsafe {
                let mpn = self.node_at(mp);
                let othern_start = self.main_position(&(*mpn).key(), seed);
                if othern_start != mp {
                    // colliding node is out of its main position: move it to the free slot
                    let mut othern = self.node_at(othern_start);
                    while othern.offset((*othern).next as isize) != mpn {
                        othern = othern.offset((*othern).next as isize);
                    }
                    let fnode = self.node_at(f);
                    (*othern).next = (fnode.offset_from(othern)) as i32;
                    *fnode = *mpn;
                    if (*mpn).next != 0 {
                        (*fnode).next += (mpn.offset_from(fnode)) as i32;
                        (*mpn).next = 0;
                    }
                    (*mpn).val = Value::NIL;
                } else {
                    // colliding node is in its own main position: new key goes to the free slot
                    let fnode = self.node_at(f);
                    if (*mpn).next != 0 {
                        (*fnode).next = (mpn.offset((*mpn).next as isize).offset_from(fnode)) as i32;
                    } else {
                        debug_assert!((*fnode).next == 0);
                    }
                    (*mpn).next = (fnode.offset_from(mpn)) as i32;
                    mp = f;
                }
            }
        }
        // SAFETY: mp < size_node() and the table is not the dummy here.
        unsafe {
            let n = self.node_at(mp);
            (*n).set_key(key);
            debug_assert!((*n).val.is_nil());
            Ok(&mut (*n).val as *mut Value)
        }
    }

    // ---------------------------------------------------------------- rehash

    fn num_use_array(&self, nums: &mut [u32; MAXABITS + 1]) -> u32 {
        let mut ause = 0u32;
        let mut i: u64 = 1;
        let mut lim: u64 = 1;
        let mut lg = 0usize;
        while lg <= MAXABITS {
            let mut lc = 0u32;
            let mut lim2 = lim;
            if lim2 > self.asize as u64 {
                lim2 = self.asize as u64;
                if i > lim2 {
                    break;
                }
            }
            while i <= lim2 {
                if !self.array_slice()[(i - 1) as usize].is_nil() {
                    lc += 1;
                }
                i += 1;
            }
            nums[lg] += lc;
            ause += lc;
            lg += 1;
            lim *= 2;
        }
        ause
    }

    fn num_use_hash(&self, nums: &mut [u32; MAXABITS + 1], na: &mut u32) -> u32 {
        let mut totaluse = 0;
        let mut ause = 0;
        for n in self.nodes().iter().rev() {
            if !n.val.is_nil() {
                if n.key_tt == TAG_INT {
                    ause += count_int(n.key().ival(), nums);
                }
                totaluse += 1;
            }
        }
        *na += ause;
        totaluse
    }

    fn rehash(&mut self, heap: &mut Heap, extra_key: &Value, _seed: u32) -> Result<(), KeyError> {
        let mut nums = [0u32; MAXABITS + 1];
        let mut na = self.num_use_array(&mut nums);
        let mut totaluse = na;
        totaluse += self.num_use_hash(&mut nums, &mut na);
        if extra_key.tt == TAG_INT {
            na += count_int(extra_key.ival(), &mut nums);
        }
        totaluse += 1;
        let asize = compute_sizes(&mut nums, &mut na);
        self.resize(heap, asize, totaluse - na)?;
        Ok(())
    }

    fn alloc_nodes(heap: &mut Heap, size: usize) -> Result<*mut Node, Error> {
        let layout = Layout::array::<Node>(size).map_err(|_| Error::Memory)?;
        let p = heap.alloc_raw(layout)? as *mut Node;
        for i in 0..size {
            // SAFETY: p has room for `size` nodes.
            unsafe { p.add(i).write(DUMMY_NODE.0) };
        }
        Ok(p)
    }

    /// Resizes both parts (luaH_resize), reinserting everything.
    pub fn resize(&mut self, heap: &mut Heap, nasize: u32, nhsize: u32) -> Result<(), KeyError> {
        let seed = heap.seed;
        let oldasize = self.asize;
        let old_node = self.node;
        let old_lsize = self.lsizenode;
        let old_dummy = self.node_is_dummy;
        // new hash part
        let (new_node, new_lsize, new_dummy) = if nhsize == 0 {
            (&DUMMY_NODE.0 as *const Node as *mut Node, 0u8, true)
        } else {
            let lsize = ceil_log2(nhsize as u64);
            if lsize > MAXHBITS {
                return Err(KeyError::Memory);
            }
            (Self::alloc_nodes(heap, 1usize << lsize)?, lsize as u8, false)
        };
        // new array part
        if nasize != oldasize {
            let new_layout = Layout::array::<Value>(nasize as usize).map_err(|_| KeyError::Memory)?;
            let old_inline = self.array_is_inline();
            let new_arr = if nasize == 0 {
                ptr::null_mut()
            } else if self.inline_cap > 0 && nasize <= self.inline_cap as u32 {
                // fits in the inline slots (moving back there if the part had left them)
                self.inline_slots()
            } else if nasize > oldasize && oldasize > 0 && !old_inline {
                // growing: resize in place when the allocator can (the new tail is set
                // to nil below; `keep` = oldasize values stay where they are)
                let old_layout = Layout::array::<Value>(oldasize as usize).unwrap();
                match heap.realloc_raw(self.array as *mut u8, old_layout, new_layout.size()) {
                    Ok(p) => {
                        // the old block is gone: `old_arr == new_arr` below skips the
                        // copy and the free
                        self.array = p as *mut Value;
                        p as *mut Value
                    }
                    Err(_) => {
                        if !new_dummy {
                            heap.free_raw(new_node as *mut u8, Layout::array::<Node>(1usize << new_lsize).unwrap());
                        }
                        return Err(KeyError::Memory);
                    }
                }
            } else {
                match heap.alloc_raw(new_layout) {
                    Ok(p) => p as *mut Value,
                    Err(_) => {
                        if !new_dummy {
                            heap.free_raw(new_node as *mut u8, Layout::array::<Node>(1usize << new_lsize).unwrap());
                        }
                        return Err(KeyError::Memory);
                    }
                }
            };
            let keep = nasize.min(oldasize) as usize;
            // SAFETY: both arrays have at least `keep` elements; the new one has `nasize`.
            unsafe {
                if keep > 0 && new_arr != self.array {
                    ptr::copy_nonoverlapping(self.array, new_arr, keep);
                }
                for i in keep..nasize as usize {
                    new_arr.add(i).write(Value::NIL);
                }
            }
            let old_arr = self.array;
            self.array = new_arr;
            self.asize = nasize;
            self.node = new_node;
            self.lsizenode = new_lsize;
            self.node_is_dummy = new_dummy;
            self.hdr.aux = if new_dummy { 0 } else { 1u32 << new_lsize };
            // re-insert the vanishing slice of the old array
            for i in nasize..oldasize {
                // SAFETY: i < oldasize, old_arr still allocated.
                let v = unsafe { *old_arr.add(i as usize) };
                if !v.is_nil() {
                    let slot = self.set_int_slot(heap, i as i64 + 1, seed)?;
                    // SAFETY: valid slot.
                    unsafe { *slot = v };
                }
            }
            if oldasize > 0 && old_arr != new_arr && !old_inline {
                heap.free_raw(old_arr as *mut u8, Layout::array::<Value>(oldasize as usize).unwrap());
            }
        } else {
            self.node = new_node;
            self.lsizenode = new_lsize;
            self.node_is_dummy = new_dummy;
            self.hdr.aux = if new_dummy { 0 } else { 1u32 << new_lsize };
        }
        // re-insert elements from the old hash part
        if !old_dummy {
            let oldn = 1usize << old_lsize;
            for j in (0..oldn).rev() {
                // SAFETY: j < old node count; old array not freed yet.
                let old = unsafe { *old_node.add(j) };
                if !old.val.is_nil() {
                    let k = old.key();
                    let slot = match k.tt {
                        TAG_INT => self.set_int_slot(heap, k.ival(), seed)?,
                        _ => self.set_slot(heap, &k, seed)?,
                    };
                    // SAFETY: valid slot.
                    unsafe { *slot = old.val };
                }
            }
            heap.free_raw(old_node as *mut u8, Layout::array::<Node>(oldn).unwrap());
        }
        Ok(())
    }

    /// Frees the parts (the object itself is freed by the collector).
    pub fn free_parts(&mut self, heap: &mut Heap) {
        if self.asize > 0 && !self.array_is_inline() {
            heap.free_raw(self.array as *mut u8, Layout::array::<Value>(self.asize as usize).unwrap());
            self.asize = 0;
        }
        if !self.node_is_dummy {
            heap.free_raw(self.node as *mut u8, Layout::array::<Node>(self.size_node()).unwrap());
            self.node_is_dummy = true;
        }
    }

    // ---------------------------------------------------------------- length, next

    /// A border of the table (luaH_getn).
    pub fn length(&self) -> u64 {
        let mut j = self.asize as u64;
        let arr = self.array_slice();
        if j > 0 && arr[(j - 1) as usize].is_nil() {
            let mut i = 0u64;
            while j - i > 1 {
                let m = (i + j) / 2;
                if arr[(m - 1) as usize].is_nil() {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if self.node_is_dummy {
            return j;
        }
        self.unbound_search(j)
    }

    fn is_nil_at(&self, k: u64) -> bool {
        self.get_int_value(k as i64).is_nil()
    }

    fn unbound_search(&self, j0: u64) -> u64 {
        let mut i = j0;
        let mut j = j0 + 1;
        while !self.is_nil_at(j) {
            i = j;
            if j > (i64::MAX as u64) / 2 {
                let mut i = 1u64;
                while !self.is_nil_at(i) {
                    i += 1;
                }
                return i - 1;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.is_nil_at(m) {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// Index for `next` (0 = start; array slots 1..=asize; nodes after). None: invalid key.
    fn find_index(&self, key: &Value, seed: u32) -> Option<usize> {
        if key.is_nil() {
            return Some(0);
        }
        let ik = match key.tt {
            TAG_INT => Some(key.ival()),
            TAG_FLOAT => crate::arith::float_to_int_exact(key.fval()),
            _ => None,
        };
        if let Some(i) = ik {
            if i >= 1 && (i as u64) <= self.asize as u64 {
                return Some(i as usize);
            }
        }
        let k = match ik {
            Some(i) => Value::int(i),
            None => *key,
        };
        if self.node_is_dummy {
            return None;
        }
        let mut n = self.main_position(&k, seed);
        loop {
            let node = &self.nodes()[n];
            let nk = node.key();
            if (nk.tt == k.tt && nk.raw_eq(&k))
                || (nk.tt == TAG_DEADKEY && k.is_collectable() && nk.gc_ptr() == k.gc_ptr())
            {
                return Some(n + 1 + self.asize as usize);
            }
            if node.next == 0 {
                return None;
            }
            n = (n as isize + node.next as isize) as usize;
        }
    }

    /// The entry after `key` (luaH_next): Ok(Some((k, v))), Ok(None) at the end,
    /// Err(()) for an invalid key ("invalid key to 'next'").
    pub fn next(&self, key: &Value, seed: u32) -> Result<Option<(Value, Value)>, ()> {
        let mut i = self.find_index(key, seed).ok_or(())?;
        let arr = self.array_slice();
        while i < arr.len() {
            if !arr[i].is_nil() {
                return Ok(Some((Value::int(i as i64 + 1), arr[i])));
            }
            i += 1;
        }
        let nodes = if self.node_is_dummy { &[][..] } else { self.nodes() };
        let mut j = i - arr.len();
        while j < nodes.len() {
            if !nodes[j].val.is_nil() {
                return Ok(Some((nodes[j].key(), nodes[j].val)));
            }
            j += 1;
        }
        Ok(None)
    }
}

/// Hash of a float key (like l_hashfloat: spreads the bits; only consistency matters).
fn hash_float(n: f64) -> u32 {
    if !n.is_finite() {
        return 0;
    }
    let b = n.to_bits();
    let h = (b ^ (b >> 32)) as u32;
    h & 0x7fff_ffff
}

fn count_int(key: i64, nums: &mut [u32; MAXABITS + 1]) -> u32 {
    if key >= 1 && (key as u64) <= MAXASIZE {
        nums[ceil_log2(key as u64) as usize] += 1;
        1
    } else {
        0
    }
}

/// computesizes of ltable.c: the largest n (power of 2) such that more than half of
/// 1..n are in use. Updates `na` to the number of keys going to the array part.
fn compute_sizes(nums: &mut [u32; MAXABITS + 1], na: &mut u32) -> u32 {
    let mut a: u32 = 0;
    let mut nai: u32 = 0;
    let mut optimal: u32 = 0;
    let mut i = 0usize;
    let mut twotoi: u64 = 1;
    while twotoi > 0 && twotoi <= u32::MAX as u64 && *na as u64 > twotoi / 2 {
        if nums[i] > 0 {
            a += nums[i];
            if a as u64 > twotoi / 2 {
                optimal = twotoi as u32;
                nai = a;
            }
        }
        i += 1;
        if i > MAXABITS {
            break;
        }
        twotoi *= 2;
    }
    *na = nai;
    optimal
}
