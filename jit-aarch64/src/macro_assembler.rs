//! The `MacroAssembler`: instructions that may expand to several words, over an
//! [`Assembler`] it dereferences to for everything else.
//!
//! * `mov_imm`: any 64-bit (or 32-bit) constant in the fewest of movz/movn/movk/orr.
//! * `add`/`sub`/`adds`/`subs`/`cmp`/`cmn`/`and`/`orr`/`eor`/`ands`/`bic`/`tst`: any
//!   immediate (flipped sign, two 12-bit halves, or a scratch register).
//! * `ldr`/`str`/... /`ldp`/`stp`: any offset (scratch register or base adjustment).
//! * `ldr_const`/`fmov_const`: 64-bit and double constants from a literal pool.
//! * `b_cond`/`cbz`/`cbnz`/`tbz`/`tbnz` to any distance: an inverted branch over a `b`
//!   when the target is known and far; a veneer (`b label` in the next pool) when a
//!   forward reference would run out of range.
//! * `call`/`call_table`: calls to absolute addresses and through a context table.
//! * `with_scratch`: scoped use of the scratch registers x16/x17.
//! * `exact`: a block of raw instructions of a declared size (for patching), during which
//!   no pool can be emitted.
//!
//! Pools (literals and veneers) are placed after an unconditional branch, at the first
//! instruction boundary where a pending reference gets close to its range limit. The
//! check runs in every macro method and, through `DerefMut`, before every raw
//! instruction. So raw sequences whose words must stay adjacent (hand-computed
//! PC-relative offsets, patch sites) belong inside `exact`.

use std::ops::{Deref, DerefMut};

use crate::assembler::{AsmError, Assembler, CodeBlob, ErrorKind, LsReg};
use crate::cond::Cond;
use crate::imm::{signed_scaled, unsigned_scaled12, AddSubImm, FpImm8, LogicalImm, MoveWideImm};
use crate::label::{FixupKind, Label};
use crate::operand::{MemOperand, Operand};
use crate::reg::{DReg, Gpr, WReg, XReg, SP_CODE, X16, X17, XZR, ZR_CODE};

/// One instruction of a constant-materialising sequence, as planned by [`plan_mov`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum MoveStep {
    Movz {
        imm16: u16,
        shift: u32,
    },
    Movn {
        imm16: u16,
        shift: u32,
    },
    Movk {
        imm16: u16,
        shift: u32,
    },
    /// `orr rd, zr, #value` (a bitmask immediate)
    Orr {
        value: u64,
    },
}

/// The shortest sequence this crate knows for `value` in a `bits`-wide register (one
/// instruction whenever movz, movn or orr can do it; otherwise movz/movn plus movk, or
/// orr of a nearby bitmask plus movk, whichever is shorter).
pub fn plan_mov(value: u64, bits: u32) -> Vec<MoveStep> {
    let mask = u64::MAX >> (64 - bits);
    let v = value & mask;
    let halves = bits / 16;
    let hw = |x: u64, i: u32| ((x >> (16 * i)) & 0xffff) as u16;
    if let Some(m) = MoveWideImm::encode(v, bits) {
        return vec![MoveStep::Movz {
            imm16: m.imm16,
            shift: m.hw as u32 * 16,
        }];
    }
    if let Some(m) = MoveWideImm::encode(!v & mask, bits) {
        return vec![MoveStep::Movn {
            imm16: m.imm16,
            shift: m.hw as u32 * 16,
        }];
    }
    if LogicalImm::encode(v, bits).is_some() {
        return vec![MoveStep::Orr { value: v }];
    }
    // movz (skip 0x0000 chunks) or movn (skip 0xffff chunks), then movk.
    let zeros = (0..halves).filter(|&i| hw(v, i) == 0).count();
    let ones = (0..halves).filter(|&i| hw(v, i) == 0xffff).count();
    let skip = if ones > zeros { 0xffff } else { 0 };
    let mut best = Vec::new();
    for i in (0..halves).filter(|&i| hw(v, i) != skip) {
        let shift = 16 * i;
        best.push(match (best.is_empty(), skip) {
            (true, 0) => MoveStep::Movz {
                imm16: hw(v, i),
                shift,
            },
            (true, _) => MoveStep::Movn {
                imm16: !hw(v, i),
                shift,
            },
            _ => MoveStep::Movk {
                imm16: hw(v, i),
                shift,
            },
        });
    }
    // orr of a bitmask that agrees with v on most chunks, then movk the rest.
    if bits == 64 && best.len() > 2 {
        let lo = v & 0xffff_ffff;
        let hi = v >> 32;
        let mut candidates = vec![lo | lo << 32, hi | hi << 32];
        for i in 0..4 {
            let c = hw(v, i) as u64;
            candidates.push(c * 0x0001_0001_0001_0001);
            for fill in [
                0u64,
                0xffff,
                hw(v, (i + 1) % 4) as u64,
                hw(v, (i + 3) % 4) as u64,
            ] {
                candidates.push((v & !(0xffff << (16 * i))) | fill << (16 * i));
            }
        }
        for c in candidates {
            if LogicalImm::encode(c, 64).is_none() {
                continue;
            }
            let fix: Vec<u32> = (0..4).filter(|&i| hw(c, i) != hw(v, i)).collect();
            if 1 + fix.len() < best.len() {
                best = std::iter::once(MoveStep::Orr { value: c })
                    .chain(fix.iter().map(|&i| MoveStep::Movk {
                        imm16: hw(v, i),
                        shift: 16 * i,
                    }))
                    .collect();
            }
        }
    }
    best
}

/// A 64-bit constant waiting for the next literal pool.
struct Literal {
    value: u64,
    label: Label,
    /// Byte offset of the first load that refers to it.
    first_use: usize,
}

/// A short-range branch to a not-yet-bound label that may need a veneer.
struct Veneer {
    /// Word index of the branch.
    at: usize,
    kind: FixupKind,
    label: Label,
}

/// Extra distance kept from a deadline; larger than any single macro expansion.
const MARGIN: usize = 1024;
/// When a pool is emitted anyway, branches whose deadline is this close get veneers.
const VENEER_SLACK: usize = 128 * 1024;
/// Upper bound on the bytes one macro method emits (outside pools).
const MAX_MACRO: usize = 64;

/// See the module documentation.
pub struct MacroAssembler {
    asm: Assembler,
    /// Whether x16, x17 are free.
    scratch_free: [bool; 2],
    literals: Vec<Literal>,
    veneers: Vec<Veneer>,
    /// Byte offset from which the next instruction must first check the pools.
    next_check: usize,
    /// Nesting depth of `exact` blocks (pools blocked while > 0).
    exact_depth: usize,
}

impl Default for MacroAssembler {
    fn default() -> Self {
        MacroAssembler::new()
    }
}

impl Deref for MacroAssembler {
    type Target = Assembler;
    fn deref(&self) -> &Assembler {
        &self.asm
    }
}

impl DerefMut for MacroAssembler {
    /// Raw instructions come through here, so this is where a due pool is placed.
    fn deref_mut(&mut self) -> &mut Assembler {
        if self.asm.offset() >= self.next_check {
            self.check_pools(8);
        }
        &mut self.asm
    }
}

impl MacroAssembler {
    pub fn new() -> MacroAssembler {
        MacroAssembler {
            asm: Assembler::new(),
            scratch_free: [true; 2],
            literals: Vec::new(),
            veneers: Vec::new(),
            next_check: usize::MAX,
            exact_depth: 0,
        }
    }

    /// Emits any pending pool and finishes the code.
    pub fn finalize(mut self) -> Result<CodeBlob, AsmError> {
        if !self.literals.is_empty() {
            self.emit_pool(false, true);
        }
        self.asm.finalize()
    }

    // ---- pools --------------------------------------------------------------------

    fn pool_size(&self) -> usize {
        8 + 4 * self.veneers.len() + 4 + 8 * self.literals.len()
    }

    /// The latest byte offset at which the pool may start.
    fn pool_deadline(&self) -> Option<usize> {
        let lits = self
            .literals
            .iter()
            .map(|l| l.first_use + FixupKind::Imm19.range().1 as usize);
        let vens = self
            .veneers
            .iter()
            .map(|v| v.at * 4 + v.kind.range().1 as usize);
        lits.chain(vens)
            .min()
            .map(|d| d.saturating_sub(self.pool_size()))
    }

    fn update_next_check(&mut self) {
        self.next_check = match self.pool_deadline() {
            Some(d) => d.saturating_sub(MARGIN),
            None => usize::MAX,
        };
    }

    /// Emits the pools now if the next `upcoming` bytes could push a pending reference
    /// out of range. Called by every macro method; call it in long raw sequences that
    /// bypass `DerefMut`.
    pub fn check_pools(&mut self, upcoming: usize) {
        if self.exact_depth > 0 {
            return;
        }
        if let Some(deadline) = self.pool_deadline() {
            if self.asm.offset() + upcoming + MARGIN >= deadline {
                self.emit_pool(true, false);
            }
        }
        self.update_next_check();
    }

    /// Places veneers (those due soon, or all when `all`) and every pending literal.
    fn emit_pool(&mut self, branch_over: bool, all: bool) {
        let over = self.asm.new_label();
        if branch_over {
            self.asm.b(over);
        }
        let horizon = self.asm.offset() + self.pool_size() + VENEER_SLACK;
        let (due, later): (Vec<Veneer>, Vec<Veneer>) = std::mem::take(&mut self.veneers)
            .into_iter()
            .partition(|v| all || v.at * 4 + (v.kind.range().1 as usize) < horizon);
        self.veneers = later;
        for v in due {
            let here = self.asm.words().len();
            self.asm.redirect(v.at, here);
            self.asm.b(v.label);
        }
        if !self.literals.is_empty() {
            if self.asm.offset() & 7 != 0 {
                self.asm.udf(0);
            }
            for lit in std::mem::take(&mut self.literals) {
                self.asm.bind(lit.label);
                self.asm.dc64(lit.value);
            }
        }
        self.asm.bind(over);
    }

    /// Binds `label` here (see [`Assembler::bind`]) and forgets veneers it made moot.
    pub fn bind(&mut self, label: Label) {
        self.check_pools(0);
        self.asm.bind(label);
        let asm = &self.asm;
        self.veneers
            .retain(|v| asm.pending_fixups().any(|(at, _, _)| at == v.at));
        self.update_next_check();
    }

    fn prepare(&mut self) {
        self.check_pools(MAX_MACRO);
    }

    // ---- scratch registers ----------------------------------------------------------

    /// Takes a free scratch register (x16, then x17) not among `avoid` (internal codes).
    fn acquire(&mut self, avoid: &[u8]) -> Option<XReg> {
        let i = (0..2).find(|&i| self.scratch_free[i] && !avoid.contains(&(16 + i as u8)))?;
        self.scratch_free[i] = false;
        Some([X16, X17][i])
    }

    fn release(&mut self, r: XReg) {
        self.scratch_free[(r.code() - 16) as usize] = true;
    }

    /// Runs `f` with a scratch register checked out (x16 or x17); macro methods inside
    /// `f` will not touch it. With none free, records `NoScratchRegister` and passes
    /// `XZR` (so nothing valid is emitted).
    pub fn with_scratch<T>(&mut self, f: impl FnOnce(&mut MacroAssembler, XReg) -> T) -> T {
        match self.acquire(&[]) {
            Some(r) => {
                let out = f(self, r);
                self.release(r);
                out
            }
            None => {
                self.asm.fail(ErrorKind::NoScratchRegister);
                f(self, XZR)
            }
        }
    }

    /// Runs `emit` with a scratch register that is none of `avoid`.
    fn scratch<T: Default>(
        &mut self,
        avoid: &[u8],
        emit: impl FnOnce(&mut Assembler, XReg) -> T,
    ) -> T {
        match self.acquire(avoid) {
            Some(r) => {
                let out = emit(&mut self.asm, r);
                self.release(r);
                out
            }
            None => {
                self.asm.fail(ErrorKind::NoScratchRegister);
                T::default()
            }
        }
    }

    // ---- exact-size blocks ----------------------------------------------------------

    /// Emits `f`'s raw instructions with pools blocked and checks that exactly
    /// `instructions` words came out (else `ExactSizeMismatch`). Returns the block's
    /// start offset, e.g. for patching a branch there later.
    pub fn exact(&mut self, instructions: usize, f: impl FnOnce(&mut Assembler)) -> usize {
        self.check_pools(4 * instructions);
        let start = self.asm.offset();
        self.exact_depth += 1;
        f(&mut self.asm);
        self.exact_depth -= 1;
        let actual = (self.asm.offset() - start) / 4;
        if actual != instructions {
            self.asm.fail(ErrorKind::ExactSizeMismatch {
                expected: instructions,
                actual,
            });
        }
        start
    }

    // ---- constants ------------------------------------------------------------------

    /// `rd = value` in the fewest instructions (see [`plan_mov`]). A 32-bit value may be
    /// given sign-extended.
    pub fn mov_imm<R: Gpr>(&mut self, rd: R, value: u64) {
        self.prepare();
        mov_into(&mut self.asm, rd, value);
    }

    /// Loads a 64-bit constant from the literal pool (`ldr rt, =value`); `WReg` gets the
    /// low 32 bits, `DReg` the bit pattern.
    pub fn ldr_const<T: LsReg>(&mut self, rt: T, value: u64) {
        self.prepare();
        let label = match self.literals.iter().find(|l| l.value == value) {
            Some(l) => l.label,
            None => {
                let label = self.asm.new_label();
                self.literals.push(Literal {
                    value,
                    label,
                    first_use: self.asm.offset(),
                });
                label
            }
        };
        self.asm.ldr_literal(rt, label);
        self.update_next_check();
    }

    /// `rd = value`: `fmov` immediate when encodable, `fmov rd, xzr` for +0.0, else a
    /// literal-pool load.
    pub fn fmov_const(&mut self, rd: DReg, value: f64) {
        self.prepare();
        if FpImm8::encode(value).is_some() {
            self.asm.fmov_imm(rd, value)
        } else if value.to_bits() == 0 {
            self.asm.fmov_from_gpr(rd, XZR)
        } else {
            self.ldr_const(rd, value.to_bits())
        }
    }

    // ---- arithmetic with any immediate ------------------------------------------------

    fn add_sub<R: Gpr>(&mut self, sub: bool, flags: bool, rd: R, rn: R, op: Operand) {
        self.prepare();
        let raw = |a: &mut Assembler, sub: bool, rd: R, rn: R, op: Operand| match (sub, flags) {
            (false, false) => a.add(rd, rn, op),
            (false, true) => a.adds(rd, rn, op),
            (true, false) => a.sub(rd, rn, op),
            (true, true) => a.subs(rd, rn, op),
        };
        let Operand::Imm(v) = op else {
            return raw(&mut self.asm, sub, rd, rn, op);
        };
        if !R::SF && !(i32::MIN as i64..=u32::MAX as i64).contains(&v) {
            return self.asm.fail(ErrorKind::Unencodable("32-bit immediate"));
        }
        let mask = u64::MAX >> (64 - R::BITS);
        let (pos, neg) = (v as u64 & mask, (v as u64).wrapping_neg() & mask);
        if AddSubImm::encode(pos).is_some() {
            return raw(&mut self.asm, sub, rd, rn, Operand::Imm(pos as i64));
        }
        if neg != 0 && AddSubImm::encode(neg).is_some() {
            return raw(&mut self.asm, !sub, rd, rn, Operand::Imm(neg as i64));
        }
        for (s, x) in [(sub, pos), (!sub, neg)] {
            if !flags && x < 1 << 24 {
                raw(&mut self.asm, s, rd, rn, Operand::Imm((x & !0xfff) as i64));
                raw(&mut self.asm, s, rd, rd, Operand::Imm((x & 0xfff) as i64));
                return;
            }
        }
        self.scratch(&[rn.code()], |a, tmp| {
            let tmp = R::from_code(tmp.code());
            mov_into(a, tmp, pos);
            raw(a, sub, rd, rn, tmp.into());
        })
    }

    /// `add rd, rn, op` with any immediate.
    pub fn add<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, false, rd, rn, op.into())
    }
    /// `adds rd, rn, op` with any immediate.
    pub fn adds<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, true, rd, rn, op.into())
    }
    /// `sub rd, rn, op` with any immediate.
    pub fn sub<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, false, rd, rn, op.into())
    }
    /// `subs rd, rn, op` with any immediate.
    pub fn subs<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, true, rd, rn, op.into())
    }
    /// `cmp rn, op` with any immediate.
    pub fn cmp<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.add_sub(true, true, R::from_code(ZR_CODE), rn, op.into())
    }
    /// `cmn rn, op` with any immediate.
    pub fn cmn<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.add_sub(false, true, R::from_code(ZR_CODE), rn, op.into())
    }

    fn logical<R: Gpr>(&mut self, opc: u32, rd: R, rn: R, op: Operand) {
        self.prepare();
        let raw = |a: &mut Assembler, rd: R, rn: R, op: Operand| match opc {
            0 => a.and(rd, rn, op),
            1 => a.orr(rd, rn, op),
            2 => a.eor(rd, rn, op),
            _ => a.ands(rd, rn, op),
        };
        let Operand::Imm(v) = op else {
            return raw(&mut self.asm, rd, rn, op);
        };
        if !R::SF && !(i32::MIN as i64..=u32::MAX as i64).contains(&v) {
            return self.asm.fail(ErrorKind::Unencodable("32-bit immediate"));
        }
        let mask = u64::MAX >> (64 - R::BITS);
        let v = v as u64 & mask;
        if LogicalImm::encode(v, R::BITS).is_some() {
            return raw(&mut self.asm, rd, rn, Operand::Imm(v as i64));
        }
        let (zero, ones) = (v == 0, v == mask);
        let a = &mut self.asm;
        match opc {
            0 if zero && rd.code() != SP_CODE => return a.mov_imm(rd, 0),
            0..=2 if (opc == 0 && ones) || (opc != 0 && zero) => return a.mov(rd, rn),
            1 if ones && rd.code() != SP_CODE => return a.mov_imm(rd, mask),
            2 if ones && rd.code() != SP_CODE => return a.mvn(rd, rn),
            _ => {}
        }
        self.scratch(&[rn.code()], |a, tmp| {
            let tmp = R::from_code(tmp.code());
            mov_into(a, tmp, v);
            raw(a, rd, rn, tmp.into());
        })
    }

    /// `and rd, rn, op` with any immediate.
    pub fn and<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(0, rd, rn, op.into())
    }
    /// `orr rd, rn, op` with any immediate.
    pub fn orr<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(1, rd, rn, op.into())
    }
    /// `eor rd, rn, op` with any immediate.
    pub fn eor<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(2, rd, rn, op.into())
    }
    /// `ands rd, rn, op` with any immediate.
    pub fn ands<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        self.logical(3, rd, rn, op.into())
    }
    /// `tst rn, op` with any immediate.
    pub fn tst<R: Gpr>(&mut self, rn: R, op: impl Into<Operand>) {
        self.logical(3, R::from_code(ZR_CODE), rn, op.into())
    }
    /// `bic rd, rn, op` with any immediate.
    pub fn bic<R: Gpr>(&mut self, rd: R, rn: R, op: impl Into<Operand>) {
        match op.into() {
            Operand::Imm(v) if !R::SF && !(i32::MIN as i64..=u32::MAX as i64).contains(&v) => {
                self.asm.fail(ErrorKind::Unencodable("32-bit immediate"))
            }
            Operand::Imm(v) => self.logical(
                0,
                rd,
                rn,
                Operand::Imm((!v as u64 & (u64::MAX >> (64 - R::BITS))) as i64),
            ),
            op => {
                self.prepare();
                self.asm.bic(rd, rn, op)
            }
        }
    }

    // ---- loads and stores at any offset -------------------------------------------------

    /// Emits `access(m')` where `m'` is `m` made encodable for an access of
    /// `1 << size` bytes (`pair`: ldp/stp). `rts` are the transferred registers' codes.
    fn mem_access(
        &mut self,
        size: u32,
        pair: bool,
        rts: &[Option<u8>],
        m: MemOperand,
        access: impl FnOnce(&mut Assembler, MemOperand),
    ) {
        self.prepare();
        let scale = 1i64 << size;
        let fits_offset = |off: i64| match pair {
            true => signed_scaled(off, 7, scale).is_some(),
            false => unsigned_scaled12(off, scale).is_some() || signed_scaled(off, 9, 1).is_some(),
        };
        let fits_index = |off: i64| match pair {
            true => signed_scaled(off, 7, scale).is_some(),
            false => signed_scaled(off, 9, 1).is_some(),
        };
        let base = m.base();
        let mut avoid: Vec<u8> = rts.iter().flatten().copied().collect();
        avoid.push(base.code());
        match m {
            MemOperand::Offset { offset, .. } if !fits_offset(offset) => {
                self.scratch(&avoid, |a, tmp| {
                    if pair {
                        mov_into(a, tmp, offset as u64);
                        a.add(tmp, base, tmp);
                        access(
                            a,
                            MemOperand::Offset {
                                base: tmp,
                                offset: 0,
                            },
                        );
                    } else {
                        mov_into(a, tmp, offset as u64);
                        access(a, crate::operand::mem_idx(base, tmp, 0));
                    }
                })
            }
            MemOperand::PreIndex { offset, .. } if !fits_index(offset) => {
                self.add(base, base, offset);
                access(&mut self.asm, MemOperand::Offset { base, offset: 0 });
            }
            MemOperand::PostIndex { offset, .. } if !fits_index(offset) => {
                access(&mut self.asm, MemOperand::Offset { base, offset: 0 });
                self.add(base, base, offset);
            }
            _ => access(&mut self.asm, m),
        }
    }

    /// `ldr rt, mem` at any offset.
    pub fn ldr<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.mem_access(T::SIZE_LOG2, false, &[rt.gpr_code()], m, |a, m| {
            a.ldr(rt, m)
        })
    }
    /// `str rt, mem` at any offset.
    pub fn str<T: LsReg>(&mut self, rt: T, m: MemOperand) {
        self.mem_access(T::SIZE_LOG2, false, &[rt.gpr_code()], m, |a, m| {
            a.str(rt, m)
        })
    }
    /// `ldrb wt, mem` at any offset.
    pub fn ldrb(&mut self, rt: WReg, m: MemOperand) {
        self.mem_access(0, false, &[Some(rt.code())], m, |a, m| a.ldrb(rt, m))
    }
    /// `ldrh wt, mem` at any offset.
    pub fn ldrh(&mut self, rt: WReg, m: MemOperand) {
        self.mem_access(1, false, &[Some(rt.code())], m, |a, m| a.ldrh(rt, m))
    }
    /// `strb wt, mem` at any offset.
    pub fn strb(&mut self, rt: WReg, m: MemOperand) {
        self.mem_access(0, false, &[Some(rt.code())], m, |a, m| a.strb(rt, m))
    }
    /// `strh wt, mem` at any offset.
    pub fn strh(&mut self, rt: WReg, m: MemOperand) {
        self.mem_access(1, false, &[Some(rt.code())], m, |a, m| a.strh(rt, m))
    }
    /// `ldrsb rt, mem` at any offset.
    pub fn ldrsb<R: Gpr>(&mut self, rt: R, m: MemOperand) {
        self.mem_access(0, false, &[Some(rt.code())], m, |a, m| a.ldrsb(rt, m))
    }
    /// `ldrsh rt, mem` at any offset.
    pub fn ldrsh<R: Gpr>(&mut self, rt: R, m: MemOperand) {
        self.mem_access(1, false, &[Some(rt.code())], m, |a, m| a.ldrsh(rt, m))
    }
    /// `ldrsw xt, mem` at any offset.
    pub fn ldrsw(&mut self, rt: XReg, m: MemOperand) {
        self.mem_access(2, false, &[Some(rt.code())], m, |a, m| a.ldrsw(rt, m))
    }
    /// `ldp rt1, rt2, mem` at any offset.
    pub fn ldp<T: LsReg>(&mut self, rt1: T, rt2: T, m: MemOperand) {
        self.mem_access(
            T::SIZE_LOG2,
            true,
            &[rt1.gpr_code(), rt2.gpr_code()],
            m,
            |a, m| a.ldp(rt1, rt2, m),
        )
    }
    /// `stp rt1, rt2, mem` at any offset.
    pub fn stp<T: LsReg>(&mut self, rt1: T, rt2: T, m: MemOperand) {
        self.mem_access(
            T::SIZE_LOG2,
            true,
            &[rt1.gpr_code(), rt2.gpr_code()],
            m,
            |a, m| a.stp(rt1, rt2, m),
        )
    }

    // ---- branches at any distance -------------------------------------------------------

    /// Emits a short-range branch to `label`: directly when in range; for a bound label
    /// out of range, `inverted` (a branch with the opposite sense) over a `b label`; for
    /// an unbound label, directly with a veneer registered in case it runs out of range.
    fn far_branch(
        &mut self,
        kind: FixupKind,
        label: Label,
        direct: impl FnOnce(&mut Assembler, Label),
        inverted: impl FnOnce(&mut Assembler, Label),
    ) {
        self.prepare();
        match self.asm.label_offset(label) {
            Some(target) if !kind.in_range(target as i64 - self.asm.offset() as i64) => {
                let skip = self.asm.new_label();
                inverted(&mut self.asm, skip);
                self.asm.b(label);
                self.asm.bind(skip);
            }
            Some(_) => direct(&mut self.asm, label),
            None => {
                let at = self.asm.words().len();
                direct(&mut self.asm, label);
                self.veneers.push(Veneer { at, kind, label });
                self.update_next_check();
            }
        }
    }

    /// `b.cond label` at any distance.
    pub fn b_cond(&mut self, cond: Cond, label: Label) {
        self.far_branch(
            FixupKind::Imm19,
            label,
            |a, l| a.b_cond(cond, l),
            |a, l| a.b_cond(cond.invert(), l),
        )
    }
    /// `cbz rt, label` at any distance.
    pub fn cbz<R: Gpr>(&mut self, rt: R, label: Label) {
        self.far_branch(
            FixupKind::Imm19,
            label,
            |a, l| a.cbz(rt, l),
            |a, l| a.cbnz(rt, l),
        )
    }
    /// `cbnz rt, label` at any distance.
    pub fn cbnz<R: Gpr>(&mut self, rt: R, label: Label) {
        self.far_branch(
            FixupKind::Imm19,
            label,
            |a, l| a.cbnz(rt, l),
            |a, l| a.cbz(rt, l),
        )
    }
    /// `tbz rt, #bit, label` at any distance.
    pub fn tbz<R: Gpr>(&mut self, rt: R, bit: u32, label: Label) {
        self.far_branch(
            FixupKind::Imm14,
            label,
            |a, l| a.tbz(rt, bit, l),
            |a, l| a.tbnz(rt, bit, l),
        )
    }
    /// `tbnz rt, #bit, label` at any distance.
    pub fn tbnz<R: Gpr>(&mut self, rt: R, bit: u32, label: Label) {
        self.far_branch(
            FixupKind::Imm14,
            label,
            |a, l| a.tbnz(rt, bit, l),
            |a, l| a.tbz(rt, bit, l),
        )
    }

    // ---- calls ----------------------------------------------------------------------------

    /// Calls the absolute address `target` (`mov x16, #target; blr x16`).
    pub fn call(&mut self, target: usize) {
        self.prepare();
        self.scratch(&[], |a, tmp| {
            mov_into(a, tmp, target as u64);
            a.blr(tmp);
        })
    }

    /// Calls through a table of function pointers: `ldr x16, [base, #offset]; blr x16`.
    pub fn call_table(&mut self, base: XReg, offset: i64) {
        self.prepare();
        match self.acquire(&[base.code()]) {
            Some(tmp) => {
                self.ldr(tmp, MemOperand::Offset { base, offset });
                self.asm.blr(tmp);
                self.release(tmp);
            }
            None => self.asm.fail(ErrorKind::NoScratchRegister),
        }
    }
}

/// Emits the [`plan_mov`] sequence for `value` into `rd`.
fn mov_into<R: Gpr>(a: &mut Assembler, rd: R, value: u64) {
    let value = if !R::SF && (value as i64) < 0 && (value as i64) >= i32::MIN as i64 {
        value & 0xffff_ffff
    } else {
        value
    };
    if !R::SF && value >> 32 != 0 {
        return a.fail(ErrorKind::Unencodable("32-bit constant"));
    }
    for step in plan_mov(value, R::BITS) {
        match step {
            MoveStep::Movz { imm16, shift } => a.movz(rd, imm16, shift),
            MoveStep::Movn { imm16, shift } => a.movn(rd, imm16, shift),
            MoveStep::Movk { imm16, shift } => a.movk(rd, imm16, shift),
            MoveStep::Orr { value } => a.orr(rd, R::from_code(ZR_CODE), value),
        }
    }
}
