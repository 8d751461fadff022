//! Labels and branch fix-ups.
//!
//! A `Label` is a cheap handle created by the assembler. It is bound once (binding twice is
//! an error) and may be referenced by any number of branches, before or after binding.
//! A reference to an unbound label is recorded as a fix-up of one `FixupKind`; binding
//! patches every pending fix-up, and a target out of the kind's range becomes the
//! assembler's sticky error instead of a wrong word.

/// A branch target inside one assembler's code. Copy it freely; bind it once.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Label(pub(crate) u32);

/// The PC-relative fields that can refer to a label.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FixupKind {
    /// `b`, `bl`: 26-bit word offset at bits 25..0 (±128 MiB).
    Imm26,
    /// `b.cond`, `cbz`, `cbnz`, `ldr` literal: 19-bit word offset at bits 23..5 (±1 MiB).
    Imm19,
    /// `tbz`, `tbnz`: 14-bit word offset at bits 18..5 (±32 KiB).
    Imm14,
    /// `adr`: 21-bit byte offset split into immlo (bits 30..29) and immhi (bits 23..5).
    Adr21,
}

impl FixupKind {
    /// Inclusive range of byte offsets (target - instruction) this field can express.
    pub const fn range(self) -> (i64, i64) {
        match self {
            FixupKind::Imm26 => (-(1 << 27), (1 << 27) - 4),
            FixupKind::Imm19 => (-(1 << 20), (1 << 20) - 4),
            FixupKind::Imm14 => (-(1 << 15), (1 << 15) - 4),
            FixupKind::Adr21 => (-(1 << 20), (1 << 20) - 1),
        }
    }

    /// Whether `delta` (bytes) fits this field.
    pub const fn in_range(self, delta: i64) -> bool {
        let (lo, hi) = self.range();
        let aligned = matches!(self, FixupKind::Adr21) || delta & 3 == 0;
        aligned && delta >= lo && delta <= hi
    }

    /// Rewrites the offset field of `word` so it points `delta` bytes away, or `None` when
    /// `delta` is out of range (the word is then left alone by the caller).
    pub fn patch(self, word: u32, delta: i64) -> Option<u32> {
        if !self.in_range(delta) {
            return None;
        }
        let w = delta >> 2;
        Some(match self {
            FixupKind::Imm26 => (word & !0x03ff_ffff) | (w as u32 & 0x03ff_ffff),
            FixupKind::Imm19 => (word & !(0x7ffff << 5)) | ((w as u32 & 0x7ffff) << 5),
            FixupKind::Imm14 => (word & !(0x3fff << 5)) | ((w as u32 & 0x3fff) << 5),
            FixupKind::Adr21 => {
                let lo = (delta & 3) as u32;
                let hi = ((delta >> 2) as u32) & 0x7ffff;
                (word & !((3 << 29) | (0x7ffff << 5))) | (lo << 29) | (hi << 5)
            }
        })
    }
}

/// Encodes `b` (or `bl` when `link`) from byte offset `from` to byte offset `to` of the
/// same code, for patching branches at run time. `None` when out of range or unaligned.
pub fn branch_word(from: usize, to: usize, link: bool) -> Option<u32> {
    let base = if link { 0x9400_0000 } else { 0x1400_0000 };
    FixupKind::Imm26.patch(base, to as i64 - from as i64)
}

/// A pending reference: the word at `at` (word index) refers to `label`.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Fixup {
    pub at: usize,
    pub kind: FixupKind,
    pub label: Label,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(FixupKind::Imm19.in_range((1 << 20) - 4));
        assert!(!FixupKind::Imm19.in_range(1 << 20));
        assert!(FixupKind::Imm19.in_range(-(1 << 20)));
        assert!(!FixupKind::Imm14.in_range(2));
        assert!(FixupKind::Adr21.in_range(3));
        assert_eq!(branch_word(0, 8, false), Some(0x1400_0002));
        assert_eq!(branch_word(8, 0, true), Some(0x97ff_fffe));
    }
}
