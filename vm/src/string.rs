//! Lua strings: immutable byte strings, short ones interned.
//!
//! Owns: the `LuaString` object layout (header, length, hash, bytes stored inline after the
//! struct, NUL-terminated), the per-state string table that interns short strings, and
//! the string hash (seeded per state). Must not touch: tables, the collector's lists
//! (allocation goes through `gc::Heap`).
//!
//! Invariants:
//! - A string of length <= `MAX_SHORT_LEN` is short and interned: two short strings are
//!   equal iff they are the same object, so equality and table lookup compare pointers.
//!   A short string's hash is computed when it is created.
//! - Long strings are not interned; their hash is computed lazily on first use as a key
//!   (`extra` = 1 once it is valid) and equality compares bytes.
//! - The string table is weak: the sweeper removes dead short strings from it
//!   (`StringTable::remove`); interning a dead-but-unswept string resurrects it.

use crate::gc::{Gc, GcHeader};
use core::alloc::Layout;
use hashbrown::HashTable;

/// Longest interned string (LUAI_MAXSHORTLEN).
pub const MAX_SHORT_LEN: usize = 40;

/// A Lua string object. The bytes follow the struct in the same allocation.
#[repr(C)]
pub struct LuaString {
    pub hdr: GcHeader,
    pub len: usize,
    pub hash: u32,
    /// Long strings: 1 when `hash` is valid. Short strings: unused (0).
    pub extra: u8,
    pub short: bool,
}

impl LuaString {
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.short
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    #[inline(always)]
    pub fn data_ptr(&self) -> *const u8 {
        // SAFETY: the bytes are allocated right after the struct (see `layout_for`).
        unsafe { (self as *const LuaString as *const u8).add(core::mem::size_of::<LuaString>()) }
    }
    /// The bytes of the string.
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `len` initialised bytes follow the struct; strings are immutable.
        unsafe { core::slice::from_raw_parts(self.data_ptr(), self.len) }
    }
    /// The hash (computing it for long strings on first use).
    #[inline]
    pub fn hash_value(&mut self, seed: u32) -> u32 {
        if !self.short && self.extra == 0 {
            self.hash = hash_bytes(self.as_bytes(), seed);
            self.extra = 1;
        }
        self.hash
    }
    /// Allocation layout of a string of `len` bytes.
    pub fn layout_for(len: usize) -> Layout {
        Layout::from_size_align(core::mem::size_of::<LuaString>() + len + 1, 8).expect("string too large")
    }
}

impl Gc<LuaString> {
    /// The bytes, with the lifetime of the caller's choice: valid as long as the string is
    /// reachable (e.g. on the Lua stack), exactly like `lua_tolstring`'s pointer in C.
    #[inline(always)]
    pub fn bytes<'a>(self) -> &'a [u8] {
        // SAFETY: by the rooting contract the string is alive; strings are immutable and
        // never move, so the slice stays valid while it is alive.
        unsafe { core::slice::from_raw_parts((*self.as_ptr()).data_ptr(), (*self.as_ptr()).len) }
    }
    pub fn to_str_lossy(self) -> alloc::string::String {
        alloc::string::String::from_utf8_lossy(self.bytes()).into_owned()
    }
}

/// The string hash: Lua 5.3's luaS_hash, over every byte for short strings and with 5.3's
/// sampling step for long ones.
pub fn hash_bytes(s: &[u8], seed: u32) -> u32 {
    let l = s.len();
    let mut h = seed ^ (l as u32);
    let step = if l <= MAX_SHORT_LEN { 1 } else { (l >> 5) + 1 };
    let mut i = l;
    while i >= step {
        h ^= (h << 5).wrapping_add(h >> 2).wrapping_add(s[i - 1] as u32);
        i -= step;
    }
    h
}

#[inline(always)]
fn spread(h: u32) -> u64 {
    (h as u64 | ((h as u64) << 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The interning set of short strings (weak: see the module doc).
pub struct StringTable {
    set: HashTable<Gc<LuaString>>,
}

impl Default for StringTable {
    fn default() -> Self {
        Self::new()
    }
}

impl StringTable {
    pub fn new() -> Self {
        StringTable { set: HashTable::new() }
    }
    pub fn len(&self) -> usize {
        self.set.len()
    }
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
    /// Finds an interned string with these bytes and hash.
    pub fn find(&self, bytes: &[u8], hash: u32) -> Option<Gc<LuaString>> {
        self.set.find(spread(hash), |s| s.hash == hash && s.as_bytes() == bytes).copied()
    }
    pub fn insert(&mut self, s: Gc<LuaString>) {
        self.set.insert_unique(spread(s.hash), s, |x| spread(x.hash));
    }
    /// Removes a (dying) string from the set.
    pub fn remove(&mut self, s: Gc<LuaString>) {
        if let Ok(e) = self.set.find_entry(spread(s.hash), |x| *x == s) {
            e.remove();
        }
    }
    pub fn capacity_bytes(&self) -> usize {
        self.set.capacity() * (core::mem::size_of::<usize>() + 1)
    }
    pub fn shrink(&mut self) {
        if self.set.capacity() > 64 && self.set.len() * 4 < self.set.capacity() {
            self.set.shrink_to(self.set.len() * 2, |x| spread(x.hash));
        }
    }
}
