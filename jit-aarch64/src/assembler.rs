//! The `Assembler`: one method per instruction form, each emitting exactly one 32-bit
//! word (aliases such as `cmp`, `mov`, `lsl`, `cset` emit the one word they alias).
//!
//! Registers are typed (`XReg`/`WReg` via the `Gpr` trait, `DReg`), so a 64-bit `add`
//! cannot mix in a 32-bit operand by accident. Nothing here panics on a bad operand:
//! an unencodable immediate, a misplaced `SP`/`XZR`, or a branch out of range records the
//! first such problem as a sticky `AsmError`, emits `udf #0` in place of the word (so
//! offsets stay predictable), and makes `finalize()` fail. A wrong word is never emitted.

use std::fmt;

use crate::cond::Cond;
use crate::imm::{signed_scaled, unsigned_scaled12, AddSubImm, FpImm8, LogicalImm, MoveWideImm};
use crate::label::{Fixup, FixupKind, Label};
use crate::operand::{Extend, MemOperand, Operand, Shift};
use crate::reg::{DReg, GReg, Gpr, WReg, XReg, SP_CODE, ZR_CODE};

/// What went wrong; see `AsmError` for where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An immediate or offset that the instruction form cannot encode.
    Unencodable(&'static str),
    /// A register not allowed in that position (`SP` vs zero register, width mismatch).
    BadRegister(&'static str),
    /// A branch, literal load or `adr` whose target is out of the field's range.
    BranchOutOfRange,
    /// `bind` on a label that is already bound.
    LabelBoundTwice,
    /// A label was referenced but never bound.
    UnboundLabel,
    /// A label that this assembler did not create.
    ForeignLabel,
    /// The macro-assembler needed a scratch register and none was free.
    NoScratchRegister,
    /// An exact-size block emitted a different number of instructions than declared.
    ExactSizeMismatch { expected: usize, actual: usize },
}

/// The first error an assembler hit, with the byte offset of the offending instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    pub offset: usize,
    pub kind: ErrorKind,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "assembler error at offset {:#x}: {:?}",
            self.offset, self.kind
        )
    }
}

impl std::error::Error for AsmError {}

/// Finished machine code: little-endian 32-bit words, position independent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlob {
    words: Vec<u32>,
}

impl CodeBlob {
    pub fn words(&self) -> &[u32] {
        &self.words
    }
    pub fn len_bytes(&self) -> usize {
        self.words.len() * 4
    }
    pub fn to_bytes(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
    /// One line per word: offset, word, yaxpeax-arm disassembly.
    pub fn disassemble(&self) -> String {
        crate::disasm::disassemble(&self.words)
    }
}

/// Memory barrier domains for `dmb`/`dsb` (the `CRm` field).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Barrier {
    OshLd = 1,
    OshSt = 2,
    Osh = 3,
    NshLd = 5,
    NshSt = 6,
    Nsh = 7,
    IshLd = 9,
    IshSt = 10,
    Ish = 11,
    Ld = 13,
    St = 14,
    Sy = 15,
}

/// Registers that loads and stores transfer: `XReg`, `WReg` and `DReg`.
pub trait LsReg: Copy {
    /// log2 of the access size in bytes.
    const SIZE_LOG2: u32;
    /// Whether this is a SIMD/FP register (the `V` bit).
    const FP: bool;
    #[doc(hidden)]
    fn rt_code(self) -> Result<u32, ErrorKind>;
    #[doc(hidden)]
    fn gpr_code(self) -> Option<u8>;
}

impl LsReg for XReg {
    const SIZE_LOG2: u32 = 3;
    const FP: bool = false;
    fn rt_code(self) -> Result<u32, ErrorKind> {
        rz(self)
    }
    fn gpr_code(self) -> Option<u8> {
        Some(Gpr::code(self))
    }
}

impl LsReg for WReg {
    const SIZE_LOG2: u32 = 2;
    const FP: bool = false;
    fn rt_code(self) -> Result<u32, ErrorKind> {
        rz(self)
    }
    fn gpr_code(self) -> Option<u8> {
        Some(Gpr::code(self))
    }
}

impl LsReg for DReg {
    const SIZE_LOG2: u32 = 3;
    const FP: bool = true;
    fn rt_code(self) -> Result<u32, ErrorKind> {
        Ok(self.code() as u32)
    }
    fn gpr_code(self) -> Option<u8> {
        None
    }
}

type Enc = Result<u32, ErrorKind>;

/// Register field where 31 means the zero register.
fn rz<R: Gpr>(r: R) -> Enc {
    gz(r.into())
}

fn gz(r: GReg) -> Enc {
    if r.code == SP_CODE {
        Err(ErrorKind::BadRegister(
            "sp where the zero register is encoded",
        ))
    } else {
        Ok(r.code as u32)
    }
}

/// Register field where 31 means the stack pointer.
fn rs<R: Gpr>(r: R) -> Enc {
    match r.code() {
        ZR_CODE => Err(ErrorKind::BadRegister("zero register where sp is encoded")),
        SP_CODE => Ok(31),
        c => Ok(c as u32),
    }
}

fn sf<R: Gpr>() -> u32 {
    (R::SF as u32) << 31
}

fn d(r: DReg) -> u32 {
    r.code() as u32
}

fn check(ok: bool, kind: ErrorKind) -> Result<(), ErrorKind> {
    if ok {
        Ok(())
    } else {
        Err(kind)
    }
}

/// A value for a `width`-bit immediate: a 32-bit one may be given zero- or sign-extended.
fn imm_for_width(v: i64, width: u32) -> Option<u64> {
    if width == 64 {
        Some(v as u64)
    } else if (i32::MIN as i64..=u32::MAX as i64).contains(&v) {
        Some(v as u64 & 0xffff_ffff)
    } else {
        None
    }
}

/// Emits AArch64 instructions into a growable buffer; see the module doc.
#[derive(Default)]
pub struct Assembler {
    code: Vec<u32>,
    labels: Vec<Option<usize>>,
    fixups: Vec<Fixup>,
    error: Option<AsmError>,
}

impl Assembler {
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// Current position in bytes from the start of the code.
    pub fn offset(&self) -> usize {
        self.code.len() * 4
    }

    /// The words emitted so far.
    pub fn words(&self) -> &[u32] {
        &self.code
    }

    /// The sticky error, if any instruction so far failed.
    pub fn error(&self) -> Option<&AsmError> {
        self.error.as_ref()
    }

    /// Records `kind` as the sticky error (the first one wins).
    pub fn fail(&mut self, kind: ErrorKind) {
        if self.error.is_none() {
            self.error = Some(AsmError {
                offset: self.offset(),
                kind,
            });
        }
    }

    /// Emits the word, or on error records it and emits `udf #0` in its place.
    fn put(&mut self, word: Enc) {
        match word {
            Ok(w) => self.code.push(w),
            Err(kind) => {
                self.fail(kind);
                self.code.push(0);
            }
        }
    }

    /// Emits a raw data word (for literal pools and tables).
    pub fn dc32(&mut self, word: u32) {
        self.code.push(word);
    }

    /// Emits a raw 64-bit data value as two words, low word first.
    pub fn dc64(&mut self, value: u64) {
        self.code.push(value as u32);
        self.code.push((value >> 32) as u32);
    }

    /// Finishes the code. Fails with the sticky error or on any label left unbound.
    pub fn finalize(self) -> Result<CodeBlob, AsmError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if let Some(f) = self.fixups.first() {
            return Err(AsmError {
                offset: f.at * 4,
                kind: ErrorKind::UnboundLabel,
            });
        }
        Ok(CodeBlob { words: self.code })
    }

    // ---- labels -------------------------------------------------------------------

    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// The byte offset a label is bound to, if bound.
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        self.labels
            .get(label.0 as usize)
            .copied()
            .flatten()
            .map(|w| w * 4)
    }

    /// Binds `label` to the current position and patches every pending reference.
    pub fn bind(&mut self, label: Label) {
        let here = self.code.len();
        match self.labels.get_mut(label.0 as usize) {
            None => return self.fail(ErrorKind::ForeignLabel),
            Some(Some(_)) => return self.fail(ErrorKind::LabelBoundTwice),
            Some(slot) => *slot = Some(here),
        }
        let (done, pending): (Vec<Fixup>, Vec<Fixup>) =
            self.fixups.iter().partition(|f| f.label == label);
        self.fixups = pending;
        for f in done {
            self.resolve(f.at, f.kind, here);
        }
    }

    /// Patches the word at `at` (word index) to point at word index `target`.
    fn resolve(&mut self, at: usize, kind: FixupKind, target: usize) {
        let delta = (target as i64 - at as i64) * 4;
        match kind.patch(self.code[at], delta) {
            Some(w) => self.code[at] = w,
            None => {
                if self.error.is_none() {
                    self.error = Some(AsmError {
                        offset: at * 4,
                        kind: ErrorKind::BranchOutOfRange,
                    });
                }
                self.code[at] = 0;
            }
        }
    }

    /// Emits `word` whose `kind` field refers to `label`.
    fn put_ref(&mut self, word: Enc, kind: FixupKind, label: Label) {
        let word = match word {
            Ok(w) => w,
            Err(e) => return self.put(Err(e)),
        };
        let at = self.code.len();
        match self.labels.get(label.0 as usize) {
            None => self.put(Err(ErrorKind::ForeignLabel)),
            Some(Some(target)) => {
                let target = *target;
                self.code.push(word);
                self.resolve(at, kind, target);
            }
            Some(None) => {
                self.code.push(word);
                self.fixups.push(Fixup { at, kind, label });
            }
        }
    }

    /// Pending (unresolved) references: (word index, kind, label).
    pub(crate) fn pending_fixups(&self) -> impl Iterator<Item = (usize, FixupKind, Label)> + '_ {
        self.fixups.iter().map(|f| (f.at, f.kind, f.label))
    }

    /// Points the pending reference at word `at` to word index `target` instead of its
    /// label (used by veneers).
    pub(crate) fn redirect(&mut self, at: usize, target: usize) {
        if let Some(i) = self.fixups.iter().position(|f| f.at == at) {
            let f = self.fixups.remove(i);
            self.resolve(f.at, f.kind, target);
        }
    }

    // ---- add / sub ----------------------------------------------------------------

    fn add_sub<R: Gpr>(&mut self, sub: bool, flags: bool, rd: R, rn: R, op: Operand) {
        let w = (|| {
            let base = sf::<R>() | (sub as u32) << 30 | (flags as u32) << 29;
            let rd_code = |r: R| if flags { rz(r) } else { rs(r) };
            match op {
                Operand::Imm(v) => {
                    let imm = u64::try_from(v).ok().and_then(AddSubImm::encode);
                    let imm = imm.ok_or(ErrorKind::Unencodable("add/sub immediate"))?;
                    Ok(0x1100_0000 | base | imm.bits() | rs(rn)? << 5 | rd_code(rd)?)
                }
                Operand::Shifted { rm, shift, amount } => {
                    check(rm.sf == R::SF, ErrorKind::BadRegister("operand width"))?;
                    let uses_sp = rn.code() == SP_CODE || (!flags && rd.code() == SP_CODE);
                    if uses_sp && shift == Shift::Lsl && amount <= 4 {
                        // `add x0, sp, x1` only exists as the extended form with uxtx/uxtw.
                        let ext = if R::SF { Extend::Uxtx } else { Extend::Uxtw };
                        return Ok(0x0B20_0000
                            | base
                            | gz(rm)? << 16
                            | (ext as u32) << 13
                            | (amount as u32) << 10
                            | rs(rn)? << 5
                            | rd_code(rd)?);
                    }
                    check(
                        shift != Shift::Ror,
                        ErrorKind::Unencodable("ror in add/sub"),
                    )?;
                    check(
                        (amount as u32) < R::BITS,
                        ErrorKind::Unencodable("shift amount"),
                    )?;
                    Ok(0x0B00_0000
                        | base
                        | (shift as u32) << 22
                        | gz(rm)? << 16
                        | (amount as u32) << 10
                        | rz(rn)? << 5
                        | rz(rd)?)
                }
                Operand::Extended { rm, extend, amount } => {
                    let wide = matches!(extend, Extend::Uxtx | Extend::Sxtx);
                    check(
                        rm.sf == (R::SF && wide),
                        ErrorKind::BadRegister("extended operand width"),
                    )?;
                    check(amount <= 4, ErrorKind::Unencodable("extend amount"))?;
                    Ok(0x0B20_0000
                        | base
                        | gz(rm)? << 16
                        | (extend as u32) << 13
                        | (amount as u32) << 10
                        | rs(rn)? << 5
                        | rd_code(rd)?)
                }
            }
        })();
        self.put(w);
    }

    /// `add rd, rn, op` (immediate: imm12 optionally `lsl #12`; `sp` allowed).
    pub fn add<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, false, rd, rn, op.into())
    }
    /// `adds rd, rn, op`
    pub fn adds<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, true, rd, rn, op.into())
    }
    /// `sub rd, rn, op`
    pub fn sub<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, false, rd, rn, op.into())
    }
    /// `subs rd, rn, op`
    pub fn subs<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, true, rd, rn, op.into())
    }
    /// `cmp rn, op` (= `subs zr, rn, op`)
    pub fn cmp<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, true, R::from_code(ZR_CODE), rn, op.into())
    }
    /// `cmn rn, op` (= `adds zr, rn, op`)
    pub fn cmn<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, true, R::from_code(ZR_CODE), rn, op.into())
    }
    /// `neg rd, op` (= `sub rd, zr, op`; register operands only)
    pub fn neg<R: Gpr>(&mut self, rd: R, op: impl Into<Operand>) {
        self.neg_impl(false, rd, op.into())
    }
    /// `negs rd, op`
    pub fn negs<R: Gpr>(&mut self, rd: R, op: impl Into<Operand>) {
        self.neg_impl(true, rd, op.into())
    }
    fn neg_impl<R: Gpr>(&mut self, flags: bool, rd: R, op: Operand) {
        if !matches!(op, Operand::Shifted { .. }) {
            return self.put(Err(ErrorKind::Unencodable("neg takes a shifted register")));
        }
        self.add_sub(true, flags, rd, R::from_code(ZR_CODE), op)
    }

    // ---- logical ------------------------------------------------------------------

    fn logical<R: Gpr>(&mut self, opc: u32, invert: bool, rd: R, rn: R, op: Operand) {
        let w = (|| {
            let base = sf::<R>() | opc << 29;
            match op {
                Operand::Imm(v) => {
                    let v = imm_for_width(v, R::BITS)
                        .ok_or(ErrorKind::Unencodable("logical immediate"))?;
                    let v = if invert {
                        !v & (u64::MAX >> (64 - R::BITS))
                    } else {
                        v
                    };
                    let imm = LogicalImm::encode(v, R::BITS)
                        .ok_or(ErrorKind::Unencodable("logical immediate"))?;
                    let rd = if opc == 3 { rz(rd)? } else { rs(rd)? };
                    Ok(0x1200_0000 | base | imm.bits() | rz(rn)? << 5 | rd)
                }
                Operand::Shifted { rm, shift, amount } => {
                    check(rm.sf == R::SF, ErrorKind::BadRegister("operand width"))?;
                    check(
                        (amount as u32) < R::BITS,
                        ErrorKind::Unencodable("shift amount"),
                    )?;
                    Ok(0x0A00_0000
                        | base
                        | (shift as u32) << 22
                        | (invert as u32) << 21
                        | gz(rm)? << 16
                        | (amount as u32) << 10
                        | rz(rn)? << 5
                        | rz(rd)?)
                }
                Operand::Extended { .. } => {
                    Err(ErrorKind::Unencodable("extended operand in logical op"))
                }
            }
        })();
        self.put(w);
    }

    /// `and rd, rn, op` (immediate: any bitmask immediate; `sp` allowed as rd)
    pub fn and<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(0, false, rd, rn, op.into())
    }
    /// `orr rd, rn, op`
    pub fn orr<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(1, false, rd, rn, op.into())
    }
    /// `eor rd, rn, op`
    pub fn eor<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(2, false, rd, rn, op.into())
    }
    /// `ands rd, rn, op`
    pub fn ands<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(3, false, rd, rn, op.into())
    }
    /// `bic rd, rn, op` (an immediate is inverted into `and`)
    pub fn bic<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(0, true, rd, rn, op.into())
    }
    /// `orn rd, rn, op`
    pub fn orn<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(1, true, rd, rn, op.into())
    }
    /// `eon rd, rn, op`
    pub fn eon<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(2, true, rd, rn, op.into())
    }
    /// `bics rd, rn, op`
    pub fn bics<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(3, true, rd, rn, op.into())
    }
    /// `tst rn, op` (= `ands zr, rn, op`)
    pub fn tst<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.logical(3, false, R::from_code(ZR_CODE), rn, op.into())
    }
    /// `mvn rd, op` (= `orn rd, zr, op`)
    pub fn mvn<R: Gpr>(&mut self, rd: R, op: impl Into<Operand>) {
        self.logical(1, true, rd, R::from_code(ZR_CODE), op.into())
    }

    // ---- moves --------------------------------------------------------------------

    /// `mov rd, rn` (`orr rd, zr, rn`, or `add rd, rn, #0` when either is `sp`)
    pub fn mov<R: Gpr>(&mut self, rd: R, rn: R) {
        if rd.code() == SP_CODE || rn.code() == SP_CODE {
            self.add(rd, rn, 0)
        } else {
            self.orr(rd, R::from_code(ZR_CODE), rn)
        }
    }

    /// `mov rd, #imm` as one `movz`, `movn` or `orr`; fails if none fits (the
    /// macro-assembler's `mov_imm` handles any value). A 32-bit value may be given
    /// sign-extended.
    pub fn mov_imm<R: Gpr>(&mut self, rd: R, value: u64) {
        let bits = R::BITS;
        let Some(v) = imm_for_width(value as i64, bits) else {
            return self.put(Err(ErrorKind::Unencodable("mov immediate")));
        };
        let mask = u64::MAX >> (64 - bits);
        if let Some(m) = MoveWideImm::encode(v, bits) {
            self.move_wide(2, rd, m.imm16, m.hw as u32 * 16)
        } else if let Some(m) = MoveWideImm::encode(!v & mask, bits) {
            self.move_wide(0, rd, m.imm16, m.hw as u32 * 16)
        } else if LogicalImm::encode(v, bits).is_some() {
            self.orr(rd, R::from_code(ZR_CODE), v)
        } else {
            self.put(Err(ErrorKind::Unencodable("mov immediate")))
        }
    }

    fn move_wide<R: Gpr>(&mut self, opc: u32, rd: R, imm16: u16, shift: u32) {
        let w = (|| {
            check(
                shift & 15 == 0 && shift < R::BITS,
                ErrorKind::Unencodable("move-wide shift"),
            )?;
            Ok(0x1280_0000
                | sf::<R>()
                | opc << 29
                | (shift / 16) << 21
                | (imm16 as u32) << 5
                | rz(rd)?)
        })();
        self.put(w)
    }

    /// `movz rd, #imm16, lsl #shift` (shift 0/16/32/48)
    pub fn movz<R: Gpr>(&mut self, rd: R, imm16: u16, shift: u32) {
        self.move_wide(2, rd, imm16, shift)
    }
    /// `movn rd, #imm16, lsl #shift`
    pub fn movn<R: Gpr>(&mut self, rd: R, imm16: u16, shift: u32) {
        self.move_wide(0, rd, imm16, shift)
    }
    /// `movk rd, #imm16, lsl #shift`
    pub fn movk<R: Gpr>(&mut self, rd: R, imm16: u16, shift: u32) {
        self.move_wide(3, rd, imm16, shift)
    }

    // ---- shifts and bitfields -------------------------------------------------------

    fn bitfield<R: Gpr>(&mut self, opc: u32, rd: R, rn: R, immr: u32, imms: u32) {
        let w = (|| {
            check(
                immr < R::BITS && imms < R::BITS,
                ErrorKind::Unencodable("bitfield position"),
            )?;
            Ok(0x1300_0000
                | sf::<R>()
                | opc << 29
                | (R::SF as u32) << 22
                | immr << 16
                | imms << 10
                | rz(rn)? << 5
                | rz(rd)?)
        })();
        self.put(w)
    }

    /// Checks `lsb`/`width` of a bitfield alias, returning a value that fails encoding if bad.
    fn field<R: Gpr>(lsb: u32, width: u32) -> Option<(u32, u32)> {
        (lsb < R::BITS && width >= 1 && width <= R::BITS - lsb).then_some((lsb, width))
    }

    fn bad_field(&mut self) {
        self.put(Err(ErrorKind::Unencodable("bitfield lsb/width")))
    }

    /// `sbfm rd, rn, #immr, #imms`
    pub fn sbfm<R: Gpr>(&mut self, rd: R, rn: R, immr: u32, imms: u32) {
        self.bitfield(0, rd, rn, immr, imms)
    }
    /// `bfm rd, rn, #immr, #imms`
    pub fn bfm<R: Gpr>(&mut self, rd: R, rn: R, immr: u32, imms: u32) {
        self.bitfield(1, rd, rn, immr, imms)
    }
    /// `ubfm rd, rn, #immr, #imms`
    pub fn ubfm<R: Gpr>(&mut self, rd: R, rn: R, immr: u32, imms: u32) {
        self.bitfield(2, rd, rn, immr, imms)
    }

    /// `lsl rd, rn, #shift`
    pub fn lsl<R: Gpr>(&mut self, rd: R, rn: R, shift: u32) {
        match shift < R::BITS {
            true => self.ubfm(rd, rn, (R::BITS - shift) % R::BITS, R::BITS - 1 - shift),
            false => self.put(Err(ErrorKind::Unencodable("shift amount"))),
        }
    }
    /// `lsr rd, rn, #shift`
    pub fn lsr<R: Gpr>(&mut self, rd: R, rn: R, shift: u32) {
        self.ubfm(rd, rn, shift, R::BITS - 1)
    }
    /// `asr rd, rn, #shift`
    pub fn asr<R: Gpr>(&mut self, rd: R, rn: R, shift: u32) {
        self.sbfm(rd, rn, shift, R::BITS - 1)
    }
    /// `ror rd, rn, #shift` (= `extr rd, rn, rn, #shift`)
    pub fn ror<R: Gpr>(&mut self, rd: R, rn: R, shift: u32) {
        self.extr(rd, rn, rn, shift)
    }
    /// `extr rd, rn, rm, #lsb`
    pub fn extr<R: Gpr>(&mut self, rd: R, rn: R, rm: R, lsb: u32) {
        let w = (|| {
            check(lsb < R::BITS, ErrorKind::Unencodable("extr position"))?;
            Ok(0x1380_0000
                | sf::<R>()
                | (R::SF as u32) << 22
                | rz(rm)? << 16
                | lsb << 10
                | rz(rn)? << 5
                | rz(rd)?)
        })();
        self.put(w)
    }
    /// `ubfx rd, rn, #lsb, #width`
    pub fn ubfx<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.ubfm(rd, rn, l, l + w - 1)
    }
    /// `sbfx rd, rn, #lsb, #width`
    pub fn sbfx<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.sbfm(rd, rn, l, l + w - 1)
    }
    /// `ubfiz rd, rn, #lsb, #width`
    pub fn ubfiz<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.ubfm(rd, rn, (R::BITS - l) % R::BITS, w - 1)
    }
    /// `sbfiz rd, rn, #lsb, #width`
    pub fn sbfiz<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.sbfm(rd, rn, (R::BITS - l) % R::BITS, w - 1)
    }
    /// `bfi rd, rn, #lsb, #width`
    pub fn bfi<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.bfm(rd, rn, (R::BITS - l) % R::BITS, w - 1)
    }
    /// `bfxil rd, rn, #lsb, #width`
    pub fn bfxil<R: Gpr>(&mut self, rd: R, rn: R, lsb: u32, width: u32) {
        let Some((l, w)) = Self::field::<R>(lsb, width) else {
            return self.bad_field();
        };
        self.bfm(rd, rn, l, l + w - 1)
    }
    /// `sxtb rd, wn`
    pub fn sxtb<R: Gpr>(&mut self, rd: R, rn: WReg) {
        self.sbfm(rd, R::from_code(rn.code()), 0, 7)
    }
    /// `sxth rd, wn`
    pub fn sxth<R: Gpr>(&mut self, rd: R, rn: WReg) {
        self.sbfm(rd, R::from_code(rn.code()), 0, 15)
    }
    /// `sxtw xd, wn`
    pub fn sxtw(&mut self, rd: XReg, rn: WReg) {
        self.sbfm(rd, rn.x(), 0, 31)
    }
    /// `uxtb wd, wn`
    pub fn uxtb(&mut self, rd: WReg, rn: WReg) {
        self.ubfm(rd, rn, 0, 7)
    }
    /// `uxth wd, wn`
    pub fn uxth(&mut self, rd: WReg, rn: WReg) {
        self.ubfm(rd, rn, 0, 15)
    }

    fn dp2<R: Gpr>(&mut self, opcode: u32, rd: R, rn: R, rm: R) {
        let w = (|| {
            Ok(0x1AC0_0000 | sf::<R>() | rz(rm)? << 16 | opcode << 10 | rz(rn)? << 5 | rz(rd)?)
        })();
        self.put(w)
    }
    /// `lslv rd, rn, rm` (shift by register, also written `lsl rd, rn, rm`)
    pub fn lslv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b001000, rd, rn, rm)
    }
    /// `lsrv rd, rn, rm`
    pub fn lsrv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b001001, rd, rn, rm)
    }
    /// `asrv rd, rn, rm`
    pub fn asrv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b001010, rd, rn, rm)
    }
    /// `rorv rd, rn, rm`
    pub fn rorv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b001011, rd, rn, rm)
    }
    /// `udiv rd, rn, rm`
    pub fn udiv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b000010, rd, rn, rm)
    }
    /// `sdiv rd, rn, rm`
    pub fn sdiv<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.dp2(0b000011, rd, rn, rm)
    }

    fn dp1<R: Gpr>(&mut self, opcode: u32, rd: R, rn: R) {
        let w = (|| Ok(0x5AC0_0000 | sf::<R>() | opcode << 10 | rz(rn)? << 5 | rz(rd)?))();
        self.put(w)
    }
    /// `clz rd, rn`
    pub fn clz<R: Gpr>(&mut self, rd: R, rn: R) {
        self.dp1(0b000100, rd, rn)
    }
    /// `cls rd, rn`
    pub fn cls<R: Gpr>(&mut self, rd: R, rn: R) {
        self.dp1(0b000101, rd, rn)
    }
    /// `rbit rd, rn`
    pub fn rbit<R: Gpr>(&mut self, rd: R, rn: R) {
        self.dp1(0b000000, rd, rn)
    }
    /// `rev rd, rn` (byte reverse of the whole register)
    pub fn rev<R: Gpr>(&mut self, rd: R, rn: R) {
        self.dp1(if R::SF { 0b000011 } else { 0b000010 }, rd, rn)
    }

    // ---- multiply -----------------------------------------------------------------

    fn dp3(&mut self, base: u32, rd: GReg, rn: GReg, rm: GReg, ra: GReg) {
        let w = (|| Ok(base | gz(rm)? << 16 | gz(ra)? << 10 | gz(rn)? << 5 | gz(rd)?))();
        self.put(w)
    }
    /// `madd rd, rn, rm, ra` (rd = ra + rn * rm)
    pub fn madd<R: Gpr>(&mut self, rd: R, rn: R, rm: R, ra: R) {
        self.dp3(
            0x1B00_0000 | sf::<R>(),
            rd.into(),
            rn.into(),
            rm.into(),
            ra.into(),
        )
    }
    /// `msub rd, rn, rm, ra` (rd = ra - rn * rm)
    pub fn msub<R: Gpr>(&mut self, rd: R, rn: R, rm: R, ra: R) {
        self.dp3(
            0x1B00_8000 | sf::<R>(),
            rd.into(),
            rn.into(),
            rm.into(),
            ra.into(),
        )
    }
    /// `mul rd, rn, rm`
    pub fn mul<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.madd(rd, rn, rm, R::from_code(ZR_CODE))
    }
    /// `mneg rd, rn, rm`
    pub fn mneg<R: Gpr>(&mut self, rd: R, rn: R, rm: R) {
        self.msub(rd, rn, rm, R::from_code(ZR_CODE))
    }
    /// `smulh xd, xn, xm` (high 64 bits of the signed 128-bit product)
    pub fn smulh(&mut self, rd: XReg, rn: XReg, rm: XReg) {
        self.dp3(
            0x9B40_0000,
            rd.into(),
            rn.into(),
            rm.into(),
            crate::reg::XZR.into(),
        )
    }
    /// `umulh xd, xn, xm`
    pub fn umulh(&mut self, rd: XReg, rn: XReg, rm: XReg) {
        self.dp3(
            0x9BC0_0000,
            rd.into(),
            rn.into(),
            rm.into(),
            crate::reg::XZR.into(),
        )
    }
    /// `smull xd, wn, wm`
    pub fn smull(&mut self, rd: XReg, rn: WReg, rm: WReg) {
        self.dp3(
            0x9B20_0000,
            rd.into(),
            rn.into(),
            rm.into(),
            crate::reg::XZR.into(),
        )
    }
    /// `umull xd, wn, wm`
    pub fn umull(&mut self, rd: XReg, rn: WReg, rm: WReg) {
        self.dp3(
            0x9BA0_0000,
            rd.into(),
            rn.into(),
            rm.into(),
            crate::reg::XZR.into(),
        )
    }

    // ---- conditional select -------------------------------------------------------

    fn csel_op<R: Gpr>(&mut self, base: u32, rd: R, rn: R, rm: R, cond: Cond) {
        let w =
            (|| Ok(base | sf::<R>() | rz(rm)? << 16 | cond.bits() << 12 | rz(rn)? << 5 | rz(rd)?))(
            );
        self.put(w)
    }
    /// `csel rd, rn, rm, cond`
    pub fn csel<R: Gpr>(&mut self, rd: R, rn: R, rm: R, cond: Cond) {
        self.csel_op(0x1A80_0000, rd, rn, rm, cond)
    }
    /// `csinc rd, rn, rm, cond`
    pub fn csinc<R: Gpr>(&mut self, rd: R, rn: R, rm: R, cond: Cond) {
        self.csel_op(0x1A80_0400, rd, rn, rm, cond)
    }
    /// `csinv rd, rn, rm, cond`
    pub fn csinv<R: Gpr>(&mut self, rd: R, rn: R, rm: R, cond: Cond) {
        self.csel_op(0x5A80_0000, rd, rn, rm, cond)
    }
    /// `csneg rd, rn, rm, cond`
    pub fn csneg<R: Gpr>(&mut self, rd: R, rn: R, rm: R, cond: Cond) {
        self.csel_op(0x5A80_0400, rd, rn, rm, cond)
    }
    fn not_always(&mut self, cond: Cond) -> bool {
        let ok = !matches!(cond, Cond::Al | Cond::Nv);
        if !ok {
            self.fail(ErrorKind::Unencodable("al/nv in an inverting alias"));
        }
        ok
    }
    /// `cset rd, cond` (rd = cond ? 1 : 0)
    pub fn cset<R: Gpr>(&mut self, rd: R, cond: Cond) {
        self.not_always(cond);
        let zr = R::from_code(ZR_CODE);
        self.csinc(rd, zr, zr, cond.invert())
    }
    /// `csetm rd, cond` (rd = cond ? -1 : 0)
    pub fn csetm<R: Gpr>(&mut self, rd: R, cond: Cond) {
        self.not_always(cond);
        let zr = R::from_code(ZR_CODE);
        self.csinv(rd, zr, zr, cond.invert())
    }
    /// `cinc rd, rn, cond`
    pub fn cinc<R: Gpr>(&mut self, rd: R, rn: R, cond: Cond) {
        self.not_always(cond);
        self.csinc(rd, rn, rn, cond.invert())
    }
    /// `cneg rd, rn, cond`
    pub fn cneg<R: Gpr>(&mut self, rd: R, rn: R, cond: Cond) {
        self.not_always(cond);
        self.csneg(rd, rn, rn, cond.invert())
    }

    // ---- loads and stores ---------------------------------------------------------

    /// One load/store of `1 << size` bytes; `opc` is the 2-bit opc field.
    #[allow(clippy::too_many_arguments)]
    fn ldst(
        &mut self,
        size: u32,
        v: bool,
        opc: u32,
        rt: Enc,
        rt_gpr: Option<u8>,
        m: MemOperand,
        unscaled_only: bool,
    ) {
        let w = (|| {
            let rt = rt?;
            let base = size << 30 | (v as u32) << 26 | opc << 22;
            let rn = rs(m.base())?;
            let writeback_clash = rt_gpr == Some(m.base().code()) && opc != 0;
            match m {
                MemOperand::Offset { offset, .. } => {
                    if !unscaled_only {
                        if let Some(imm12) = unsigned_scaled12(offset, 1 << size) {
                            return Ok(0x3900_0000 | base | imm12 << 10 | rn << 5 | rt);
                        }
                    }
                    let imm9 = signed_scaled(offset, 9, 1)
                        .ok_or(ErrorKind::Unencodable("load/store offset"))?;
                    Ok(0x3800_0000 | base | imm9 << 12 | rn << 5 | rt)
                }
                MemOperand::PreIndex { offset, .. } | MemOperand::PostIndex { offset, .. } => {
                    check(
                        !unscaled_only,
                        ErrorKind::Unencodable("ldur/stur take a plain offset"),
                    )?;
                    check(
                        !writeback_clash,
                        ErrorKind::BadRegister("load with writeback into its base"),
                    )?;
                    let imm9 = signed_scaled(offset, 9, 1)
                        .ok_or(ErrorKind::Unencodable("pre/post-index offset"))?;
                    let mode = if matches!(m, MemOperand::PreIndex { .. }) {
                        0xC00
                    } else {
                        0x400
                    };
                    Ok(0x3800_0000 | base | imm9 << 12 | mode | rn << 5 | rt)
                }
                MemOperand::RegOffset {
                    index,
                    extend,
                    shift,
                    ..
                } => {
                    check(
                        !unscaled_only,
                        ErrorKind::Unencodable("ldur/stur take a plain offset"),
                    )?;
                    let ok_ext = match extend {
                        Extend::Uxtw | Extend::Sxtw => !index.sf,
                        Extend::Uxtx | Extend::Sxtx => index.sf,
                        _ => false,
                    };
                    check(ok_ext, ErrorKind::Unencodable("register-offset extend"))?;
                    let s = match shift as u32 {
                        0 => 0,
                        s if s == size && s != 0 => 1,
                        _ => return Err(ErrorKind::Unencodable("register-offset shift")),
                    };
                    Ok(0x3820_0800
                        | base
                        | gz(index)? << 16
                        | (extend as u32) << 13
                        | s << 12
                        | rn << 5
                        | rt)
                }
            }
        })();
        self.put(w)
    }

    /// `ldr rt, mem` for x, w and d registers. A plain offset that is not a scaled
    /// unsigned imm12 but fits a signed imm9 is emitted as `ldur`, as GNU as does.
    pub fn ldr<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.ldst(
            T::SIZE_LOG2,
            T::FP,
            1,
            rt.rt_code(),
            rt.gpr_code(),
            m,
            false,
        )
    }
    /// `str rt, mem`
    pub fn str<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.ldst(T::SIZE_LOG2, T::FP, 0, rt.rt_code(), None, m, false)
    }
    /// `ldur rt, [base, #simm9]`
    pub fn ldur<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.ldst(T::SIZE_LOG2, T::FP, 1, rt.rt_code(), rt.gpr_code(), m, true)
    }
    /// `stur rt, [base, #simm9]`
    pub fn stur<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.ldst(T::SIZE_LOG2, T::FP, 0, rt.rt_code(), None, m, true)
    }
    /// `ldrb wt, mem` (zero-extends)
    pub fn ldrb(&mut self, rt: WReg, m: MemOperand) {
        self.ldst(0, false, 1, rz(rt), Some(rt.code()), m, false)
    }
    /// `ldrh wt, mem` (zero-extends)
    pub fn ldrh(&mut self, rt: WReg, m: MemOperand) {
        self.ldst(1, false, 1, rz(rt), Some(rt.code()), m, false)
    }
    /// `strb wt, mem`
    pub fn strb(&mut self, rt: WReg, m: MemOperand) {
        self.ldst(0, false, 0, rz(rt), None, m, false)
    }
    /// `strh wt, mem`
    pub fn strh(&mut self, rt: WReg, m: MemOperand) {
        self.ldst(1, false, 0, rz(rt), None, m, false)
    }
    /// `ldrsb rt, mem` (sign-extends to 32 or 64 bits)
    pub fn ldrsb<R: Gpr>(&mut self, rt: R, m: MemOperand) {
        self.ldst(
            0,
            false,
            if R::SF { 2 } else { 3 },
            rz(rt),
            Some(rt.code()),
            m,
            false,
        )
    }
    /// `ldrsh rt, mem`
    pub fn ldrsh<R: Gpr>(&mut self, rt: R, m: MemOperand) {
        self.ldst(
            1,
            false,
            if R::SF { 2 } else { 3 },
            rz(rt),
            Some(rt.code()),
            m,
            false,
        )
    }
    /// `ldrsw xt, mem`
    pub fn ldrsw(&mut self, rt: XReg, m: MemOperand) {
        self.ldst(2, false, 2, rz(rt), Some(rt.code()), m, false)
    }

    fn pair<T: LsReg>(&mut self, load: bool, rt1: T, rt2: T, m: MemOperand) {
        let w = (|| {
            let (rt1c, rt2c) = (rt1.rt_code()?, rt2.rt_code()?);
            let opc = match (T::FP, T::SIZE_LOG2) {
                (true, _) => 1,
                (false, 3) => 2,
                _ => 0,
            };
            check(
                !(load && rt1c == rt2c),
                ErrorKind::BadRegister("ldp of the same register twice"),
            )?;
            let (offset, mode) = match m {
                MemOperand::Offset { offset, .. } => (offset, 0x0100_0000),
                MemOperand::PreIndex { offset, .. } => (offset, 0x0180_0000),
                MemOperand::PostIndex { offset, .. } => (offset, 0x0080_0000),
                MemOperand::RegOffset { .. } => {
                    return Err(ErrorKind::Unencodable("register offset in ldp/stp"))
                }
            };
            let wb = mode != 0x0100_0000;
            let base = m.base().code();
            check(
                !(wb && (rt1.gpr_code() == Some(base) || rt2.gpr_code() == Some(base))),
                ErrorKind::BadRegister("pair with writeback into its base"),
            )?;
            let imm7 = signed_scaled(offset, 7, 1 << T::SIZE_LOG2)
                .ok_or(ErrorKind::Unencodable("ldp/stp offset"))?;
            Ok(0x2800_0000
                | opc << 30
                | (T::FP as u32) << 26
                | mode
                | (load as u32) << 22
                | imm7 << 15
                | rt2c << 10
                | rs(m.base())? << 5
                | rt1c)
        })();
        self.put(w)
    }
    /// `ldp rt1, rt2, mem` (offset, pre- or post-index; scaled signed imm7)
    pub fn ldp<T: LsReg>(&mut self, rt1: T, rt2: T, m: MemOperand) {
        self.pair(true, rt1, rt2, m)
    }
    /// `stp rt1, rt2, mem`
    pub fn stp<T: LsReg>(&mut self, rt1: T, rt2: T, m: MemOperand) {
        self.pair(false, rt1, rt2, m)
    }

    /// `ldr rt, label` (PC-relative literal load, ±1 MiB)
    pub fn ldr_literal<T: LsReg>(&mut self, rt: T, label: Label) {
        let opc = T::SIZE_LOG2 - 2;
        let w = rt
            .rt_code()
            .map(|rt| 0x1800_0000 | opc << 30 | (T::FP as u32) << 26 | rt);
        self.put_ref(w, FixupKind::Imm19, label)
    }

    /// `adr xd, label` (±1 MiB)
    pub fn adr(&mut self, rd: XReg, label: Label) {
        self.put_ref(rz(rd).map(|rd| 0x1000_0000 | rd), FixupKind::Adr21, label)
    }

    /// `adrp xd, #pages`: xd = (pc & !0xfff) + pages * 4096 (±4 GiB)
    pub fn adrp(&mut self, rd: XReg, pages: i64) {
        let w = (|| {
            let imm =
                signed_scaled(pages, 21, 1).ok_or(ErrorKind::Unencodable("adrp page offset"))?;
            Ok(0x9000_0000 | (imm & 3) << 29 | (imm >> 2) << 5 | rz(rd)?)
        })();
        self.put(w)
    }

    // ---- branches -----------------------------------------------------------------

    /// `b label` (±128 MiB)
    pub fn b(&mut self, label: Label) {
        self.put_ref(Ok(0x1400_0000), FixupKind::Imm26, label)
    }
    /// `bl label`
    pub fn bl(&mut self, label: Label) {
        self.put_ref(Ok(0x9400_0000), FixupKind::Imm26, label)
    }
    /// `b.cond label` (±1 MiB)
    pub fn b_cond(&mut self, cond: Cond, label: Label) {
        self.put_ref(Ok(0x5400_0000 | cond.bits()), FixupKind::Imm19, label)
    }
    /// `cbz rt, label` (±1 MiB)
    pub fn cbz<R: Gpr>(&mut self, rt: R, label: Label) {
        self.put_ref(
            rz(rt).map(|rt| 0x3400_0000 | sf::<R>() | rt),
            FixupKind::Imm19,
            label,
        )
    }
    /// `cbnz rt, label`
    pub fn cbnz<R: Gpr>(&mut self, rt: R, label: Label) {
        self.put_ref(
            rz(rt).map(|rt| 0x3500_0000 | sf::<R>() | rt),
            FixupKind::Imm19,
            label,
        )
    }
    fn test_branch<R: Gpr>(&mut self, base: u32, rt: R, bit: u32, label: Label) {
        let w = (|| {
            check(bit < R::BITS, ErrorKind::Unencodable("tbz/tbnz bit"))?;
            Ok(base | (bit >> 5) << 31 | (bit & 31) << 19 | rz(rt)?)
        })();
        self.put_ref(w, FixupKind::Imm14, label)
    }
    /// `tbz rt, #bit, label` (±32 KiB)
    pub fn tbz<R: Gpr>(&mut self, rt: R, bit: u32, label: Label) {
        self.test_branch(0x3600_0000, rt, bit, label)
    }
    /// `tbnz rt, #bit, label`
    pub fn tbnz<R: Gpr>(&mut self, rt: R, bit: u32, label: Label) {
        self.test_branch(0x3700_0000, rt, bit, label)
    }
    /// `br xn`
    pub fn br(&mut self, rn: XReg) {
        self.put(rz(rn).map(|rn| 0xD61F_0000 | rn << 5))
    }
    /// `blr xn`
    pub fn blr(&mut self, rn: XReg) {
        self.put(rz(rn).map(|rn| 0xD63F_0000 | rn << 5))
    }
    /// `ret` (to x30)
    pub fn ret(&mut self) {
        self.ret_to(crate::reg::LR)
    }
    /// `ret xn`
    pub fn ret_to(&mut self, rn: XReg) {
        self.put(rz(rn).map(|rn| 0xD65F_0000 | rn << 5))
    }

    // ---- system -------------------------------------------------------------------

    pub fn nop(&mut self) {
        self.put(Ok(0xD503_201F))
    }
    /// `brk #imm16`
    pub fn brk(&mut self, imm16: u16) {
        self.put(Ok(0xD420_0000 | (imm16 as u32) << 5))
    }
    /// `hlt #imm16`
    pub fn hlt(&mut self, imm16: u16) {
        self.put(Ok(0xD440_0000 | (imm16 as u32) << 5))
    }
    /// `udf #imm16` (permanently undefined)
    pub fn udf(&mut self, imm16: u16) {
        self.put(Ok(imm16 as u32))
    }
    /// `dmb <option>`
    pub fn dmb(&mut self, option: Barrier) {
        self.put(Ok(0xD503_30BF | (option as u32) << 8))
    }
    /// `dsb <option>`
    pub fn dsb(&mut self, option: Barrier) {
        self.put(Ok(0xD503_309F | (option as u32) << 8))
    }
    /// `isb`
    pub fn isb(&mut self) {
        self.put(Ok(0xD503_3FDF))
    }

    // ---- scalar double floating point ---------------------------------------------

    fn fp2(&mut self, opcode: u32, rd: DReg, rn: DReg, rm: DReg) {
        self.put(Ok(0x1E60_0800
            | d(rm) << 16
            | opcode << 12
            | d(rn) << 5
            | d(rd)))
    }
    /// `fmul dd, dn, dm`
    pub fn fmul(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0000, rd, rn, rm)
    }
    /// `fdiv dd, dn, dm`
    pub fn fdiv(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0001, rd, rn, rm)
    }
    /// `fadd dd, dn, dm`
    pub fn fadd(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0010, rd, rn, rm)
    }
    /// `fsub dd, dn, dm`
    pub fn fsub(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0011, rd, rn, rm)
    }
    /// `fmax dd, dn, dm` (NaN if either is NaN)
    pub fn fmax(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0100, rd, rn, rm)
    }
    /// `fmin dd, dn, dm`
    pub fn fmin(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0101, rd, rn, rm)
    }
    /// `fmaxnm dd, dn, dm` (IEEE maxNum)
    pub fn fmaxnm(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0110, rd, rn, rm)
    }
    /// `fminnm dd, dn, dm`
    pub fn fminnm(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b0111, rd, rn, rm)
    }
    /// `fnmul dd, dn, dm`
    pub fn fnmul(&mut self, rd: DReg, rn: DReg, rm: DReg) {
        self.fp2(0b1000, rd, rn, rm)
    }

    fn fp1(&mut self, opcode: u32, rd: DReg, rn: DReg) {
        self.put(Ok(0x1E60_4000 | opcode << 15 | d(rn) << 5 | d(rd)))
    }
    /// `fmov dd, dn`
    pub fn fmov(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b000000, rd, rn)
    }
    /// `fabs dd, dn`
    pub fn fabs(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b000001, rd, rn)
    }
    /// `fneg dd, dn`
    pub fn fneg(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b000010, rd, rn)
    }
    /// `fsqrt dd, dn`
    pub fn fsqrt(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b000011, rd, rn)
    }
    /// `frintn dd, dn` (to nearest, ties to even)
    pub fn frintn(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001000, rd, rn)
    }
    /// `frintp dd, dn` (towards +inf: ceil)
    pub fn frintp(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001001, rd, rn)
    }
    /// `frintm dd, dn` (towards -inf: floor)
    pub fn frintm(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001010, rd, rn)
    }
    /// `frintz dd, dn` (towards zero: trunc)
    pub fn frintz(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001011, rd, rn)
    }
    /// `frinta dd, dn` (to nearest, ties away: round)
    pub fn frinta(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001100, rd, rn)
    }
    /// `frintx dd, dn` (current mode, signals inexact)
    pub fn frintx(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001110, rd, rn)
    }
    /// `frinti dd, dn` (current mode)
    pub fn frinti(&mut self, rd: DReg, rn: DReg) {
        self.fp1(0b001111, rd, rn)
    }

    fn fp3(&mut self, base: u32, rd: DReg, rn: DReg, rm: DReg, ra: DReg) {
        self.put(Ok(base | d(rm) << 16 | d(ra) << 10 | d(rn) << 5 | d(rd)))
    }
    /// `fmadd dd, dn, dm, da` (dd = da + dn * dm, fused)
    pub fn fmadd(&mut self, rd: DReg, rn: DReg, rm: DReg, ra: DReg) {
        self.fp3(0x1F40_0000, rd, rn, rm, ra)
    }
    /// `fmsub dd, dn, dm, da` (dd = da - dn * dm, fused)
    pub fn fmsub(&mut self, rd: DReg, rn: DReg, rm: DReg, ra: DReg) {
        self.fp3(0x1F40_8000, rd, rn, rm, ra)
    }
    /// `fnmadd dd, dn, dm, da` (dd = -da - dn * dm)
    pub fn fnmadd(&mut self, rd: DReg, rn: DReg, rm: DReg, ra: DReg) {
        self.fp3(0x1F60_0000, rd, rn, rm, ra)
    }
    /// `fnmsub dd, dn, dm, da` (dd = -da + dn * dm)
    pub fn fnmsub(&mut self, rd: DReg, rn: DReg, rm: DReg, ra: DReg) {
        self.fp3(0x1F60_8000, rd, rn, rm, ra)
    }

    /// `fcmp dn, dm`
    pub fn fcmp(&mut self, rn: DReg, rm: DReg) {
        self.put(Ok(0x1E60_2000 | d(rm) << 16 | d(rn) << 5))
    }
    /// `fcmp dn, #0.0`
    pub fn fcmp_zero(&mut self, rn: DReg) {
        self.put(Ok(0x1E60_2008 | d(rn) << 5))
    }
    /// `fcmpe dn, dm` (signals on quiet NaN too)
    pub fn fcmpe(&mut self, rn: DReg, rm: DReg) {
        self.put(Ok(0x1E60_2010 | d(rm) << 16 | d(rn) << 5))
    }
    /// `fcmpe dn, #0.0`
    pub fn fcmpe_zero(&mut self, rn: DReg) {
        self.put(Ok(0x1E60_2018 | d(rn) << 5))
    }
    /// `fcsel dd, dn, dm, cond`
    pub fn fcsel(&mut self, rd: DReg, rn: DReg, rm: DReg, cond: Cond) {
        self.put(Ok(0x1E60_0C00
            | d(rm) << 16
            | cond.bits() << 12
            | d(rn) << 5
            | d(rd)))
    }
    /// `fmov dd, #imm` for the 256 values of the 8-bit float immediate.
    pub fn fmov_imm(&mut self, rd: DReg, value: f64) {
        let w = FpImm8::encode(value)
            .map(|i| 0x1E60_1000 | (i.0 as u32) << 13 | d(rd))
            .ok_or(ErrorKind::Unencodable("fmov immediate"));
        self.put(w)
    }
    /// `fmov xd, dn` (raw bits to a general register)
    pub fn fmov_to_gpr(&mut self, rd: XReg, rn: DReg) {
        self.put(rz(rd).map(|rd| 0x9E66_0000 | d(rn) << 5 | rd))
    }
    /// `fmov dd, xn` (raw bits from a general register; `xzr` gives +0.0)
    pub fn fmov_from_gpr(&mut self, rd: DReg, rn: XReg) {
        self.put(rz(rn).map(|rn| 0x9E67_0000 | rn << 5 | d(rd)))
    }

    fn fcvt_int(&mut self, sf: u32, rmode_opcode: u32, rd: u32, rn: Enc) {
        self.put(rn.map(|rn| 0x1E60_0000 | sf | rmode_opcode << 16 | rn << 5 | rd))
    }
    fn fp_to_int<R: Gpr>(&mut self, rmode_opcode: u32, rd: R, rn: DReg) {
        match rz(rd) {
            Ok(rd) => self.fcvt_int(sf::<R>(), rmode_opcode, rd, Ok(d(rn))),
            Err(e) => self.put(Err(e)),
        }
    }
    /// `scvtf dd, rn` (signed integer to double)
    pub fn scvtf<R: Gpr>(&mut self, rd: DReg, rn: R) {
        self.fcvt_int(sf::<R>(), 0b00_010, d(rd), rz(rn))
    }
    /// `ucvtf dd, rn` (unsigned integer to double)
    pub fn ucvtf<R: Gpr>(&mut self, rd: DReg, rn: R) {
        self.fcvt_int(sf::<R>(), 0b00_011, d(rd), rz(rn))
    }
    /// `fcvtzs rd, dn` (towards zero, signed, saturating)
    pub fn fcvtzs<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b11_000, rd, rn)
    }
    /// `fcvtzu rd, dn`
    pub fn fcvtzu<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b11_001, rd, rn)
    }
    /// `fcvtms rd, dn` (towards -inf: floor)
    pub fn fcvtms<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b10_000, rd, rn)
    }
    /// `fcvtps rd, dn` (towards +inf: ceil)
    pub fn fcvtps<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b01_000, rd, rn)
    }
    /// `fcvtns rd, dn` (to nearest, ties to even)
    pub fn fcvtns<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b00_000, rd, rn)
    }
    /// `fcvtas rd, dn` (to nearest, ties away)
    pub fn fcvtas<R: Gpr>(&mut self, rd: R, rn: DReg) {
        self.fp_to_int(0b00_100, rd, rn)
    }
}
