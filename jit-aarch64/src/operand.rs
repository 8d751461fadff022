//! Instruction operands: `Operand` (immediate, shifted register, extended register) for
//! data-processing instructions and `MemOperand` (offset, pre-index, post-index, register
//! offset) for loads and stores.
//!
//! Registers turn into operands with readable helpers: `X2.lsl(3)`, `W2.sxtw(0)`, and
//! integers convert into immediates, so `asm.add(X0, X1, 16)` and `asm.add(X0, X1,
//! X2.lsl(3))` both read like assembly.

use crate::reg::{GReg, WReg, XReg};

/// Shift applied to a register operand.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Shift {
    Lsl = 0,
    Lsr = 1,
    Asr = 2,
    /// Only logical instructions accept `ror`.
    Ror = 3,
}

/// Extension applied to a register operand (add/sub extended, register-offset addressing).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Extend {
    Uxtb = 0,
    Uxth = 1,
    Uxtw = 2,
    /// Also spelled `lsl` when the base is 64-bit.
    Uxtx = 3,
    Sxtb = 4,
    Sxth = 5,
    Sxtw = 6,
    Sxtx = 7,
}

/// The flexible second operand of data-processing instructions.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Operand {
    /// An immediate; each instruction decides whether it is encodable.
    Imm(i64),
    /// `rm, <shift> #amount`; a plain register is `lsl #0`.
    Shifted { rm: GReg, shift: Shift, amount: u8 },
    /// `rm, <extend> #amount` with amount 0..=4.
    Extended {
        rm: GReg,
        extend: Extend,
        amount: u8,
    },
}

impl Operand {
    /// The register of a plain (unshifted) register operand.
    pub fn plain_reg(&self) -> Option<GReg> {
        match *self {
            Operand::Shifted {
                rm,
                shift: Shift::Lsl,
                amount: 0,
            } => Some(rm),
            _ => None,
        }
    }
    /// The register this operand reads, if any.
    pub fn reg(&self) -> Option<GReg> {
        match *self {
            Operand::Imm(_) => None,
            Operand::Shifted { rm, .. } | Operand::Extended { rm, .. } => Some(rm),
        }
    }
}

macro_rules! imm_from {
    ($($t:ty),*) => { $(impl From<$t> for Operand {
        fn from(v: $t) -> Operand { Operand::Imm(v as i64) }
    })* };
}
imm_from!(i32, i64, u32, u64, u16, u8, i16, i8, usize);

macro_rules! reg_operand {
    ($($t:ty),*) => { $(
        impl From<$t> for Operand {
            fn from(r: $t) -> Operand { Operand::Shifted { rm: r.into(), shift: Shift::Lsl, amount: 0 } }
        }
        impl $t {
            fn shifted(self, shift: Shift, amount: u8) -> Operand {
                Operand::Shifted { rm: self.into(), shift, amount }
            }
            fn extended(self, extend: Extend, amount: u8) -> Operand {
                Operand::Extended { rm: self.into(), extend, amount }
            }
            /// `reg, lsl #amount`
            pub fn lsl(self, amount: u8) -> Operand { self.shifted(Shift::Lsl, amount) }
            /// `reg, lsr #amount`
            pub fn lsr(self, amount: u8) -> Operand { self.shifted(Shift::Lsr, amount) }
            /// `reg, asr #amount`
            pub fn asr(self, amount: u8) -> Operand { self.shifted(Shift::Asr, amount) }
            /// `reg, ror #amount` (logical instructions only)
            pub fn ror(self, amount: u8) -> Operand { self.shifted(Shift::Ror, amount) }
            /// `reg, uxtb #amount`
            pub fn uxtb(self, amount: u8) -> Operand { self.extended(Extend::Uxtb, amount) }
            /// `reg, uxth #amount`
            pub fn uxth(self, amount: u8) -> Operand { self.extended(Extend::Uxth, amount) }
            /// `reg, uxtw #amount`
            pub fn uxtw(self, amount: u8) -> Operand { self.extended(Extend::Uxtw, amount) }
            /// `reg, uxtx #amount`
            pub fn uxtx(self, amount: u8) -> Operand { self.extended(Extend::Uxtx, amount) }
            /// `reg, sxtb #amount`
            pub fn sxtb(self, amount: u8) -> Operand { self.extended(Extend::Sxtb, amount) }
            /// `reg, sxth #amount`
            pub fn sxth(self, amount: u8) -> Operand { self.extended(Extend::Sxth, amount) }
            /// `reg, sxtw #amount`
            pub fn sxtw(self, amount: u8) -> Operand { self.extended(Extend::Sxtw, amount) }
            /// `reg, sxtx #amount`
            pub fn sxtx(self, amount: u8) -> Operand { self.extended(Extend::Sxtx, amount) }
        }
    )* };
}
reg_operand!(XReg, WReg);

/// A memory operand for loads and stores. The base is always a 64-bit register or `SP`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum MemOperand {
    /// `[base, #offset]`
    Offset { base: XReg, offset: i64 },
    /// `[base, #offset]!` (writes back before the access)
    PreIndex { base: XReg, offset: i64 },
    /// `[base], #offset` (writes back after the access)
    PostIndex { base: XReg, offset: i64 },
    /// `[base, index, <extend> #shift]`; `shift` is 0 or log2 of the access size.
    RegOffset {
        base: XReg,
        index: GReg,
        extend: Extend,
        shift: u8,
    },
}

impl MemOperand {
    pub fn base(&self) -> XReg {
        match *self {
            MemOperand::Offset { base, .. }
            | MemOperand::PreIndex { base, .. }
            | MemOperand::PostIndex { base, .. }
            | MemOperand::RegOffset { base, .. } => base,
        }
    }
}

/// `[base, #offset]`
pub fn mem(base: XReg, offset: i64) -> MemOperand {
    MemOperand::Offset { base, offset }
}

/// `[base, #offset]!`
pub fn pre(base: XReg, offset: i64) -> MemOperand {
    MemOperand::PreIndex { base, offset }
}

/// `[base], #offset`
pub fn post(base: XReg, offset: i64) -> MemOperand {
    MemOperand::PostIndex { base, offset }
}

/// `[base, index, lsl #shift]` (shift 0 prints as `[base, index]`).
pub fn mem_idx(base: XReg, index: XReg, shift: u8) -> MemOperand {
    MemOperand::RegOffset {
        base,
        index: index.into(),
        extend: Extend::Uxtx,
        shift,
    }
}

/// `[base, index, <extend> #shift]` with a 32-bit index (`uxtw`/`sxtw`) or a 64-bit one
/// (`sxtx`, or `uxtx` which is `lsl`).
pub fn mem_ext(base: XReg, index: impl Into<GReg>, extend: Extend, shift: u8) -> MemOperand {
    MemOperand::RegOffset {
        base,
        index: index.into(),
        extend,
        shift,
    }
}
