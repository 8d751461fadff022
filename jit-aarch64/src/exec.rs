//! Executable memory: map read-write, copy the code in, flip to read-execute (never
//! writable and executable at once), flush the instruction cache, and hand out entry
//! points as `extern "C"` function pointers. This is the only module with `unsafe`.

use std::io;

use crate::assembler::CodeBlob;

/// A private anonymous mapping holding finished code, read-execute while callable.
pub struct ExecutableMemory {
    ptr: *mut u8,
    mapped: usize,
    len: usize,
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions; it only reads a system constant.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 {
        p as usize
    } else {
        4096
    }
}

impl ExecutableMemory {
    /// Maps `code` as executable.
    pub fn new(code: &[u8]) -> io::Result<ExecutableMemory> {
        let page = page_size();
        let mapped = code.len().max(1).div_ceil(page) * page;
        // SAFETY: an anonymous private mapping at a kernel-chosen address touches no
        // existing memory; the result is checked against MAP_FAILED below.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapped,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let mem = ExecutableMemory {
            ptr: ptr as *mut u8,
            mapped,
            len: code.len(),
        };
        // SAFETY: the mapping is `mapped >= code.len()` bytes, writable, freshly created
        // and so cannot overlap `code`.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), mem.ptr, code.len()) };
        mem.protect(libc::PROT_READ | libc::PROT_EXEC)?;
        flush_icache(mem.ptr, mem.len);
        Ok(mem)
    }

    /// Maps a finished `CodeBlob` as executable.
    pub fn from_blob(blob: &CodeBlob) -> io::Result<ExecutableMemory> {
        ExecutableMemory::new(&blob.to_bytes())
    }

    fn protect(&self, prot: libc::c_int) -> io::Result<()> {
        // SAFETY: `ptr..ptr+mapped` is exactly the page-aligned mapping we own.
        let r = unsafe { libc::mprotect(self.ptr as *mut libc::c_void, self.mapped, prot) };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// Start address of the code.
    pub fn as_ptr(&self) -> *const u8 {
        self.ptr
    }

    /// Code size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Rewrites words at byte `offset` (e.g. a patchable branch) with W^X respected:
    /// flip to read-write, write, flip back to read-execute, flush. Out-of-bounds or
    /// unaligned writes are refused.
    pub fn patch(&mut self, offset: usize, words: &[u32]) -> io::Result<()> {
        let bytes = words.len() * 4;
        if offset & 3 != 0 || offset.checked_add(bytes).is_none_or(|end| end > self.len) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "patch outside the code",
            ));
        }
        self.protect(libc::PROT_READ | libc::PROT_WRITE)?;
        for (i, w) in words.iter().enumerate() {
            // SAFETY: bounds and 4-byte alignment of `offset + 4 * i` were checked above
            // (the mapping itself is page-aligned) and the pages are writable right now.
            unsafe { (self.ptr.add(offset + 4 * i) as *mut u32).write(w.to_le()) };
        }
        self.protect(libc::PROT_READ | libc::PROT_EXEC)?;
        // SAFETY: offset <= len, checked above.
        flush_icache(unsafe { self.ptr.add(offset) }, bytes);
        Ok(())
    }

    /// The code at byte `offset` as a function pointer type `F` (for example
    /// `extern "C" fn(u64, u64) -> u64`). `None` if `offset` is outside the code or
    /// unaligned, or `F` is not pointer-sized.
    ///
    /// # Safety
    /// `F` must be an `extern "C"` function pointer type whose signature matches what
    /// the code at `offset` implements, and calling it must not outlive `self`.
    pub unsafe fn function<F: Copy>(&self, offset: usize) -> Option<F> {
        if offset >= self.len
            || offset & 3 != 0
            || std::mem::size_of::<F>() != std::mem::size_of::<usize>()
        {
            return None;
        }
        // SAFETY: in bounds (checked); the caller vouches that `F` is a function
        // pointer with the right signature, and sizes match (checked).
        let p = unsafe { self.ptr.add(offset) } as usize;
        Some(unsafe { std::mem::transmute_copy::<usize, F>(&p) })
    }
}

impl Drop for ExecutableMemory {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping created in `new`; no references into it
        // outlive `self` (`function`'s contract).
        unsafe { libc::munmap(self.ptr as *mut libc::c_void, self.mapped) };
    }
}

/// Makes freshly written code visible to instruction fetch.
#[cfg(target_arch = "aarch64")]
fn flush_icache(start: *const u8, len: usize) {
    use std::arch::asm;
    let ctr: u64;
    // SAFETY: CTR_EL0 is readable at EL0 on Linux (the kernel sets SCTLR_EL1.UCT or
    // emulates the read); reading it has no side effects.
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
    let dline = 4usize << ((ctr >> 16) & 0xf);
    let iline = 4usize << (ctr & 0xf);
    let (start, end) = (start as usize, start as usize + len);
    let mut p = start & !(dline - 1);
    while p < end {
        // SAFETY: cleaning a data-cache line by VA to the point of unification only
        // writes back data; `p` is within (or rounds down into) our mapping.
        unsafe { asm!("dc cvau, {}", in(reg) p, options(nostack)) };
        p += dline;
    }
    let mut p = start & !(iline - 1);
    // SAFETY: barriers have no memory-safety preconditions.
    unsafe { asm!("dsb ish", options(nostack)) };
    while p < end {
        // SAFETY: invalidating instruction-cache lines by VA only discards stale
        // copies; `p` is within (or rounds down into) our mapping.
        unsafe { asm!("ic ivau, {}", in(reg) p, options(nostack)) };
        p += iline;
    }
    // SAFETY: barriers have no memory-safety preconditions.
    unsafe { asm!("dsb ish", "isb", options(nostack)) };
}

/// x86-64 and others keep instruction fetch coherent (and cannot run this code anyway).
#[cfg(not(target_arch = "aarch64"))]
fn flush_icache(_start: *const u8, _len: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_and_patches() {
        let mut m =
            ExecutableMemory::new(&[0x1f, 0x20, 0x03, 0xd5, 0xc0, 0x03, 0x5f, 0xd6]).unwrap();
        assert_eq!(m.len(), 8);
        assert!(m.patch(4, &[0xd503201f]).is_ok());
        assert!(m.patch(8, &[0]).is_err());
        assert!(m.patch(2, &[0]).is_err());
        // SAFETY: only inspects the pointer; nothing is called.
        let f: Option<extern "C" fn()> = unsafe { m.function(8) };
        assert!(f.is_none());
    }
}
