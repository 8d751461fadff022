//! Typed registers: 64-bit `XReg`, 32-bit `WReg`, scalar double `DReg` and vector `VReg`.
//!
//! The stack pointer and the zero register share hardware number 31; which one an
//! encoding means depends on the instruction. Here they are distinct values (`SP` has the
//! internal code 32), so the assembler can reject `SP` where 31 means the zero register
//! and `XZR` where 31 means the stack pointer, instead of silently emitting the other one.

use std::fmt;

/// Internal code of the zero register (hardware 31 in "zero" contexts).
pub(crate) const ZR_CODE: u8 = 31;
/// Internal code of the stack pointer (hardware 31 in "sp" contexts).
pub(crate) const SP_CODE: u8 = 32;

/// A 64-bit general register: x0..x30, `XZR` or `SP`.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct XReg(u8);

/// A 32-bit general register: w0..w30, `WZR` or `WSP`.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct WReg(u8);

/// A scalar double-precision register d0..d31.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct DReg(u8);

/// A 128-bit SIMD/FP register v0..v31 (the scalar ops use its `DReg` view).
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct VReg(u8);

/// A general register of either width, as held inside operands.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct GReg {
    pub(crate) code: u8,
    pub(crate) sf: bool,
}

/// What the assembler needs to know about a general register type.
pub trait Gpr: Copy + Into<GReg> + Into<crate::operand::Operand> + std::fmt::Debug {
    /// True for 64-bit registers (the `sf` bit of most encodings).
    const SF: bool;
    /// Register width in bits.
    const BITS: u32 = if Self::SF { 64 } else { 32 };
    /// Internal code: 0..=30, 31 for the zero register, 32 for the stack pointer.
    fn code(self) -> u8;
    /// Builds the register of this width with `code` (0..=32).
    fn from_code(code: u8) -> Self;
}

impl XReg {
    /// Returns x`n` for n in 0..=30; `None` otherwise.
    pub const fn new(n: u8) -> Option<XReg> {
        if n <= 30 {
            Some(XReg(n))
        } else {
            None
        }
    }
    /// The 32-bit view of this register (`SP` becomes `WSP`).
    pub const fn w(self) -> WReg {
        WReg(self.0)
    }
    pub fn is_sp(self) -> bool {
        self.0 == SP_CODE
    }
    pub fn is_zr(self) -> bool {
        self.0 == ZR_CODE
    }
}

impl WReg {
    /// Returns w`n` for n in 0..=30; `None` otherwise.
    pub const fn new(n: u8) -> Option<WReg> {
        if n <= 30 {
            Some(WReg(n))
        } else {
            None
        }
    }
    /// The 64-bit view of this register.
    pub const fn x(self) -> XReg {
        XReg(self.0)
    }
}

impl DReg {
    /// Returns d`n` for n in 0..=31; `None` otherwise.
    pub const fn new(n: u8) -> Option<DReg> {
        if n <= 31 {
            Some(DReg(n))
        } else {
            None
        }
    }
    pub const fn code(self) -> u8 {
        self.0
    }
    pub const fn v(self) -> VReg {
        VReg(self.0)
    }
}

impl VReg {
    /// Returns v`n` for n in 0..=31; `None` otherwise.
    pub const fn new(n: u8) -> Option<VReg> {
        if n <= 31 {
            Some(VReg(n))
        } else {
            None
        }
    }
    pub const fn code(self) -> u8 {
        self.0
    }
    /// The scalar double view.
    pub const fn d(self) -> DReg {
        DReg(self.0)
    }
}

impl Gpr for XReg {
    const SF: bool = true;
    fn code(self) -> u8 {
        self.0
    }
    fn from_code(code: u8) -> Self {
        XReg(code.min(SP_CODE))
    }
}

impl Gpr for WReg {
    const SF: bool = false;
    fn code(self) -> u8 {
        self.0
    }
    fn from_code(code: u8) -> Self {
        WReg(code.min(SP_CODE))
    }
}

impl From<XReg> for GReg {
    fn from(r: XReg) -> GReg {
        GReg {
            code: r.0,
            sf: true,
        }
    }
}

impl From<WReg> for GReg {
    fn from(r: WReg) -> GReg {
        GReg {
            code: r.0,
            sf: false,
        }
    }
}

fn fmt_gpr(f: &mut fmt::Formatter<'_>, code: u8, sf: bool) -> fmt::Result {
    match (code, sf) {
        (ZR_CODE, true) => write!(f, "xzr"),
        (ZR_CODE, false) => write!(f, "wzr"),
        (SP_CODE, true) => write!(f, "sp"),
        (SP_CODE, false) => write!(f, "wsp"),
        (n, true) => write!(f, "x{n}"),
        (n, false) => write!(f, "w{n}"),
    }
}

impl fmt::Debug for XReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_gpr(f, self.0, true)
    }
}
impl fmt::Debug for WReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_gpr(f, self.0, false)
    }
}
impl fmt::Debug for DReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "d{}", self.0)
    }
}
impl fmt::Debug for VReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

macro_rules! consts {
    ($ty:ident: $($name:ident = $n:expr),* $(,)?) => { $(pub const $name: $ty = $ty($n);)* };
}

consts!(XReg: X0 = 0, X1 = 1, X2 = 2, X3 = 3, X4 = 4, X5 = 5, X6 = 6, X7 = 7, X8 = 8,
    X9 = 9, X10 = 10, X11 = 11, X12 = 12, X13 = 13, X14 = 14, X15 = 15, X16 = 16, X17 = 17,
    X18 = 18, X19 = 19, X20 = 20, X21 = 21, X22 = 22, X23 = 23, X24 = 24, X25 = 25,
    X26 = 26, X27 = 27, X28 = 28, X29 = 29, X30 = 30, XZR = ZR_CODE, SP = SP_CODE);
consts!(WReg: W0 = 0, W1 = 1, W2 = 2, W3 = 3, W4 = 4, W5 = 5, W6 = 6, W7 = 7, W8 = 8,
    W9 = 9, W10 = 10, W11 = 11, W12 = 12, W13 = 13, W14 = 14, W15 = 15, W16 = 16, W17 = 17,
    W18 = 18, W19 = 19, W20 = 20, W21 = 21, W22 = 22, W23 = 23, W24 = 24, W25 = 25,
    W26 = 26, W27 = 27, W28 = 28, W29 = 29, W30 = 30, WZR = ZR_CODE, WSP = SP_CODE);
consts!(DReg: D0 = 0, D1 = 1, D2 = 2, D3 = 3, D4 = 4, D5 = 5, D6 = 6, D7 = 7, D8 = 8,
    D9 = 9, D10 = 10, D11 = 11, D12 = 12, D13 = 13, D14 = 14, D15 = 15, D16 = 16, D17 = 17,
    D18 = 18, D19 = 19, D20 = 20, D21 = 21, D22 = 22, D23 = 23, D24 = 24, D25 = 25,
    D26 = 26, D27 = 27, D28 = 28, D29 = 29, D30 = 30, D31 = 31);
consts!(VReg: V0 = 0, V1 = 1, V2 = 2, V3 = 3, V4 = 4, V5 = 5, V6 = 6, V7 = 7, V8 = 8,
    V9 = 9, V10 = 10, V11 = 11, V12 = 12, V13 = 13, V14 = 14, V15 = 15, V16 = 16, V17 = 17,
    V18 = 18, V19 = 19, V20 = 20, V21 = 21, V22 = 22, V23 = 23, V24 = 24, V25 = 25,
    V26 = 26, V27 = 27, V28 = 28, V29 = 29, V30 = 30, V31 = 31);

/// The frame pointer and link register by their ABI names.
pub const FP: XReg = X29;
pub const LR: XReg = X30;
