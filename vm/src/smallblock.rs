//! Free lists of small blocks, between the heap's accounting and the allocator hook.
//!
//! Owns: the cached blocks of at most `MAX_SMALL` bytes. Must not touch: accounting
//! (`Heap::alloc_raw`/`free_raw` charge the requested size, cached or not) or the objects
//! stored in the blocks.
//!
//! Why: a Lua program that builds and drops many small objects (tables, closures, short
//! strings, array parts of two or three slots) has the collector free thousands of blocks
//! per sweep and the program allocate them again right after. The C allocator's per-thread
//! caches hold a handful of blocks per size; past that every free and malloc goes through
//! its bins (binary_trees spent 44% of its time in malloc/free). Here a freed small block
//! goes onto the free list of its size class (16-byte classes up to 256 bytes) and the next
//! allocation of that class pops it: a few instructions each way, as LuaJIT's allocator does.
//!
//! Blocks of a class are always obtained from the hook with the class's size and 16-byte
//! alignment, so any block on a list can serve any request of its class. The lists are
//! returned to the hook by `release` (full collections, emergency collections, close).

use core::alloc::Layout;
use core::ptr;

/// Largest size served from the free lists.
pub const MAX_SMALL: usize = 256;
const GRAIN: usize = 16;
const NCLASSES: usize = MAX_SMALL / GRAIN;

/// A size class: blocks of `(class + 1) * 16` bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SizeClass(usize);

impl SizeClass {
    /// The class serving `layout`, if it is small enough (and at most 16-aligned).
    #[inline(always)]
    pub fn of(layout: Layout) -> Option<SizeClass> {
        let s = layout.size();
        if s <= MAX_SMALL && s != 0 && layout.align() <= GRAIN {
            Some(SizeClass((s - 1) / GRAIN))
        } else {
            None
        }
    }
    /// The layout every block of the class is allocated with.
    #[inline(always)]
    pub fn layout(self) -> Layout {
        // SAFETY: non-zero size, power-of-two alignment, no overflow (<= 256).
        unsafe { Layout::from_size_align_unchecked((self.0 + 1) * GRAIN, GRAIN) }
    }
}

/// Hints the CPU to bring `p`'s cache line in (no effect on other targets; `p` may be
/// null: a prefetch never faults).
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it reads nothing architecturally and cannot fault.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A free block: its first word links to the next one.
struct FreeBlock {
    next: *mut FreeBlock,
}

/// The per-class free lists.
pub struct SmallBlocks {
    heads: [*mut FreeBlock; NCLASSES],
    /// Bytes held on the lists (reported by `collectgarbage` nowhere; kept for `release`
    /// decisions and tests).
    pub cached: usize,
}

impl Default for SmallBlocks {
    fn default() -> Self {
        SmallBlocks { heads: [ptr::null_mut(); NCLASSES], cached: 0 }
    }
}

impl SmallBlocks {
    /// Pops a block of class `c`, or null when its list is empty.
    #[inline(always)]
    pub fn pop(&mut self, c: SizeClass) -> *mut u8 {
        // SAFETY: c.0 < NCLASSES by construction.
        let head = unsafe { self.heads.get_unchecked_mut(c.0) };
        let b = *head;
        if !b.is_null() {
            // SAFETY: every block on a list was pushed by `push` and is not in use: its
            // first word is the link written there.
            let next = unsafe { (*b).next };
            *head = next;
            self.cached -= c.layout().size();
            // Freed blocks are scattered (the sweep frees them in list order): start
            // fetching the next one now, so the next pop does not wait for memory.
            prefetch(next as *const u8);
        }
        b as *mut u8
    }

    /// Keeps a freed block of class `c` (allocated with `c.layout()`).
    ///
    /// # Safety
    /// `p` must be a block of `c.layout()` from the heap's hook that nothing uses any more.
    #[inline(always)]
    pub unsafe fn push(&mut self, c: SizeClass, p: *mut u8) {
        let b = p as *mut FreeBlock;
        // SAFETY: c.0 < NCLASSES; the block is at least 16 bytes and 16-aligned, so the
        // link fits and is aligned; nothing else refers to it (caller's contract).
        unsafe {
            let head = self.heads.get_unchecked_mut(c.0);
            (*b).next = *head;
            *head = b;
        }
        self.cached += c.layout().size();
    }

    /// Hands every cached block back to `dealloc`.
    pub fn release(&mut self, dealloc: unsafe fn(*mut u8, Layout)) {
        for (i, head) in self.heads.iter_mut().enumerate() {
            let l = SizeClass(i).layout();
            let mut b = core::mem::replace(head, ptr::null_mut());
            while !b.is_null() {
                // SAFETY: the block is on our list (not in use), allocated with `l`.
                unsafe {
                    let next = (*b).next;
                    dealloc(b as *mut u8, l);
                    b = next;
                }
            }
        }
        self.cached = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_sizes_in_16_byte_steps() {
        let l = |s, a| Layout::from_size_align(s, a).unwrap();
        assert_eq!(SizeClass::of(l(1, 1)), Some(SizeClass(0)));
        assert_eq!(SizeClass::of(l(16, 8)), Some(SizeClass(0)));
        assert_eq!(SizeClass::of(l(17, 8)), Some(SizeClass(1)));
        assert_eq!(SizeClass::of(l(56, 8)).unwrap().layout().size(), 64);
        assert_eq!(SizeClass::of(l(256, 16)).unwrap().layout().size(), 256);
        assert_eq!(SizeClass::of(l(257, 8)), None);
        assert_eq!(SizeClass::of(l(64, 32)), None);
        assert_eq!(SizeClass::of(l(0, 1)), None);
    }

    #[test]
    fn blocks_are_reused_last_in_first_out_and_released() {
        unsafe fn dealloc(p: *mut u8, l: Layout) {
            unsafe { alloc::alloc::dealloc(p, l) }
        }
        let mut s = SmallBlocks::default();
        let c = SizeClass::of(Layout::new::<[u64; 5]>()).unwrap();
        let (a, b) = unsafe { (alloc::alloc::alloc(c.layout()), alloc::alloc::alloc(c.layout())) };
        unsafe {
            s.push(c, a);
            s.push(c, b);
        }
        assert_eq!(s.cached, 96);
        assert_eq!(s.pop(c), b);
        assert_eq!(s.pop(SizeClass(0)), ptr::null_mut());
        unsafe { s.push(c, b) };
        s.release(dealloc);
        assert_eq!(s.cached, 0);
        assert_eq!(s.pop(c), ptr::null_mut());
    }
}
