//! Code generation: AST -> [`Proto`], following Lua 5.3's lcode.c/lparser.c step by step
//! (expression descriptors, the freereg discipline, jump lists threaded through the Jmp
//! offsets, TestSet/LoadBool value materialisation, constant folding with 5.3's rules),
//! with Lua 5.4-style specialised operand forms (GetField/GetI/GetTabUp, K and immediate
//! arithmetic, EqK/EqI/LtI...). Owns register allocation, constants, upvalue/closure
//! emission, `Close` placement, debug info (line per instruction, local variable ranges)
//! and the errors only codegen can find ("function or expression needs too many
//! registers", "control structure too long").
//!
//! Recursion follows the AST only where the parser recursed (bounded by its C-levels
//! limit); left-associative operator chains and suffix chains (`a.b.c()`, `a+b+c`) are
//! walked iteratively.

use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;
use hashbrown::HashMap;

use crate::ast::*;
use crate::bytecode::*;
use crate::lexer::{push_uint, Lexer};
use crate::SyntaxError;

type R<T> = Result<T, SyntaxError>;

const NO_JUMP: i32 = -1;
const NO_REG: u32 = MAXARG_A;
const MULTRET: i32 = -1;
/// LUAI_MAXSHORTLEN: only interned (short) strings are used as GetField-style keys.
const MAX_SHORT_LEN: usize = 40;
/// Debug entries for locals per function (lua5.3's SHRT_MAX limit on `f->locvars`).
const MAX_LOCVARS: usize = 32767;

#[derive(Clone, Copy, Debug, PartialEq)]
enum EK<'a> {
    Void,
    Nil,
    True,
    False,
    /// Constant in K[idx].
    K(u32),
    KFlt(f64),
    KInt(i64),
    KStr(&'a [u8]),
    /// Value in a fixed register.
    NonReloc(u32),
    Local(u32),
    Upval(u32),
    IndexUp { t: u32, k: u32 },
    IndexStr { t: u32, k: u32 },
    IndexInt { t: u32, k: u32 },
    Indexed { t: u32, k: u32 },
    /// Ravi array element `R[t][R[k]]` (t an `integer[]`/`number[]`, k an integer).
    ArrIdx { t: u32, k: u32, flt: bool },
    /// Ravi array element `R[t][k]` with a constant index k in 0..=255.
    ArrIdxImm { t: u32, k: u32, flt: bool },
    /// Field `R[t][K[k]]` of a `table` value (K[k] a short string).
    TIndexStr { t: u32, k: u32 },
    /// `R[t][R[k]]`: t a `table` value, k an integer.
    TIndexInt { t: u32, k: u32 },
    /// A comparison; pc of its Jmp.
    Jmp(u32),
    /// Instruction at pc whose A can be set.
    Reloc(u32),
    Call(u32),
    Vararg(u32),
}

#[derive(Clone, Copy, Debug)]
struct ExpDesc<'a> {
    k: EK<'a>,
    t: i32,
    f: i32,
    /// Ravi static type of the value (constants derive theirs from `k`, see `ety`).
    ty: Ty<'a>,
}

/// Static type of a value as the Ravi type checker tracks it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Ty<'a> {
    Any,
    /// The constant nil.
    Nil,
    Int,
    Flt,
    IArr,
    FArr,
    Tab,
    Str,
    Clo,
    Bool,
    User(&'a [u8]),
}

impl<'a> Ty<'a> {
    fn from_ann(t: Option<&TypeAnn<'a>>) -> Ty<'a> {
        match t {
            None | Some(TypeAnn::Any) => Ty::Any,
            Some(TypeAnn::Integer) => Ty::Int,
            Some(TypeAnn::Number) => Ty::Flt,
            Some(TypeAnn::IntegerArray) => Ty::IArr,
            Some(TypeAnn::NumberArray) => Ty::FArr,
            Some(TypeAnn::Table) => Ty::Tab,
            Some(TypeAnn::String) => Ty::Str,
            Some(TypeAnn::Closure) => Ty::Clo,
            Some(TypeAnn::Boolean) => Ty::Bool,
            Some(TypeAnn::User(n)) => Ty::User(n),
        }
    }
    fn name(self) -> &'a [u8] {
        match self {
            Ty::Any => b"any",
            Ty::Nil => b"nil",
            Ty::Int => b"integer",
            Ty::Flt => b"number",
            Ty::IArr => b"integer[]",
            Ty::FArr => b"number[]",
            Ty::Tab => b"table",
            Ty::Str => b"string",
            Ty::Clo => b"closure",
            Ty::Bool => b"boolean",
            Ty::User(n) => n,
        }
    }
    fn code(self) -> Option<TypeCode> {
        Some(match self {
            Ty::Int => TypeCode::Int,
            Ty::Flt => TypeCode::Flt,
            Ty::IArr => TypeCode::IArray,
            Ty::FArr => TypeCode::FArray,
            Ty::Tab => TypeCode::Table,
            Ty::Str => TypeCode::Str,
            Ty::Clo => TypeCode::Closure,
            Ty::Bool => TypeCode::Bool,
            _ => return None,
        })
    }
    fn is_num(self) -> bool {
        matches!(self, Ty::Int | Ty::Flt)
    }
    /// The type recorded in debug info (LocVar/UpvalDesc).
    fn ravi_type(self) -> RaviType {
        match self {
            Ty::Any | Ty::Nil => RaviType::Any,
            Ty::Int => RaviType::Integer,
            Ty::Flt => RaviType::Number,
            Ty::IArr => RaviType::IntegerArray,
            Ty::FArr => RaviType::NumberArray,
            Ty::Tab => RaviType::Table,
            Ty::Str => RaviType::String,
            Ty::Clo => RaviType::Closure,
            Ty::Bool => RaviType::Boolean,
            Ty::User(n) => RaviType::User(n.to_vec()),
        }
    }
}

impl<'a> ExpDesc<'a> {
    fn new(k: EK<'a>) -> Self {
        ExpDesc { k, t: NO_JUMP, f: NO_JUMP, ty: Ty::Any }
    }
    fn typed(k: EK<'a>, ty: Ty<'a>) -> Self {
        ExpDesc { k, t: NO_JUMP, f: NO_JUMP, ty }
    }
    fn has_jumps(&self) -> bool {
        self.t != self.f
    }
}


/// Longest jump lua5.3 can encode (MAXARG_sBx of its 18-bit sBx field).
const LUA53_MAX_JUMP: i64 = (1 << 17) - 1;
fn has_multret(k: &EK) -> bool {
    matches!(k, EK::Call(_) | EK::Vararg(_))
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum KKey<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Flt(u64),
    Str(&'a [u8]),
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Num {
    I(i64),
    F(f64),
}

struct FuncState<'a> {
    f: Proto,
    kcache: HashMap<KKey<'a>, u32>,
    freereg: u32,
    nactvar: u32,
    /// loc_vars index of each active local (by register).
    actvar: Vec<usize>,
    lasttarget: i32,
    /// lua5.3's `fs->jpc`: jumps patched to pc `jpc_pc` while it was the next free pc.
    /// If the next instruction is an unconditional Jmp they are threaded through it to
    /// its target, as luaK_jump does (line hooks then see what they see in lua5.3).
    jpc: Vec<u32>,
    jpc_pc: u32,
    label_pc: Vec<i32>,
    label_jumps: Vec<i32>,
    gotos: &'a [GotoInfo],
    /// Ravi: static type of each active local (by register) and of each upvalue.
    vtypes: Vec<Ty<'a>>,
    uptypes: Vec<Ty<'a>>,
    /// Registers of the active `defer` closures, innermost last.
    defers: Vec<u32>,
    ret_types: Option<&'a [TypeAnn<'a>]>,
}

/// Compiler state for one chunk.
pub struct CodeGen<'a> {
    src: &'a [u8],
    source: Rc<[u8]>,
    chunkid: Vec<u8>,
    fs: Vec<FuncState<'a>>,
    line: u32,
    /// Source offset of the token an error would be reported "near".
    near: u32,
    /// Offset of the token after the assignment being compiled (Ravi type errors).
    stmt_next: u32,
    /// Ravi typing is on: the chunk has annotations or casts. Plain Lua chunks are
    /// compiled exactly as by the Lua 5.3 code generator (no typed opcodes).
    pub typed: bool,
    /// Numeric-for typing handed from `st_num_for` to `forbody`.
    for_typed: u8,
    for_var_ty: Ty<'a>,
}

fn floor_f64(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 4503599627370496.0 {
        return x; // integral already, or inf/nan
    }
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// luaV_tointeger with exact mode: a float with an integral value in range.
fn flt_to_int(f: f64) -> Option<i64> {
    if f == floor_f64(f) && (-9223372036854775808.0..9223372036854775808.0).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

fn shiftl(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 {
            0
        } else {
            ((x as u64) >> (-y) as u32) as i64
        }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << y as u32) as i64
    }
}

fn int_mod(a: i64, b: i64) -> i64 {
    if b == -1 {
        return 0;
    }
    let m = a % b;
    if m != 0 && (m ^ b) < 0 {
        m + b
    } else {
        m
    }
}

fn int_idiv(a: i64, b: i64) -> i64 {
    if b == -1 {
        return a.wrapping_neg();
    }
    let q = a / b;
    if (a % b != 0) && ((a ^ b) < 0) {
        q - 1
    } else {
        q
    }
}

fn flt_mod(a: f64, b: f64) -> f64 {
    // luai_nummod of Lua 5.3: fmod, then give the result the divisor's sign.
    let m = a % b;
    if m * b < 0.0 { m + b } else { m }
}

/// luai_numpow: `b == 2` squares, anything else is `pow` ([`crate::float::pow`], the one the VM uses at
/// run time, so a folded `^` and a computed one agree bit for bit, with or without std).
fn flt_pow(a: f64, b: f64) -> Option<f64> {
    Some(if b == 2.0 { a * a } else { crate::float::pow(a, b) })
}

fn tonum_f(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

fn toint(n: Num) -> Option<i64> {
    match n {
        Num::I(i) => Some(i),
        Num::F(f) => flt_to_int(f),
    }
}

/// luaO_arith for constant folding (None: not foldable / not valid).
fn arith(op: BinOp, a: Num, b: Num) -> Option<Num> {
    use BinOp::*;
    match op {
        BAnd | BOr | BXor | Shl | Shr => {
            let (x, y) = (toint(a)?, toint(b)?);
            Some(Num::I(match op {
                BAnd => x & y,
                BOr => x | y,
                BXor => x ^ y,
                Shl => shiftl(x, y),
                _ => shiftl(x, y.wrapping_neg()),
            }))
        }
        Div | Pow => {
            let (x, y) = (tonum_f(a), tonum_f(b));
            Some(Num::F(if op == Div { x / y } else { flt_pow(x, y)? }))
        }
        _ => {
            if let (Num::I(x), Num::I(y)) = (a, b) {
                Some(Num::I(match op {
                    Add => x.wrapping_add(y),
                    Sub => x.wrapping_sub(y),
                    Mul => x.wrapping_mul(y),
                    Mod => int_mod(x, y),
                    IDiv => int_idiv(x, y),
                    _ => return None,
                }))
            } else {
                let (x, y) = (tonum_f(a), tonum_f(b));
                Some(Num::F(match op {
                    Add => x + y,
                    Sub => x - y,
                    Mul => x * y,
                    Mod => flt_mod(x, y),
                    IDiv => floor_f64(x / y),
                    _ => return None,
                }))
            }
        }
    }
}

fn validop(op: BinOp, a: Num, b: Num) -> bool {
    use BinOp::*;
    match op {
        BAnd | BOr | BXor | Shl | Shr => toint(a).is_some() && toint(b).is_some(),
        Div | IDiv | Mod => tonum_f(b) != 0.0,
        _ => true,
    }
}

fn is_test_op(op: OpCode) -> bool {
    use OpCode::*;
    matches!(op, Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI | GeI | Test | TestSet | EqII | LtII | LeII | EqFF | LtFF | LeFF)
}

fn arith_opcode(op: BinOp) -> (OpCode, OpCode) {
    use OpCode as O;
    match op {
        BinOp::Add => (O::Add, O::AddK),
        BinOp::Sub => (O::Sub, O::SubK),
        BinOp::Mul => (O::Mul, O::MulK),
        BinOp::Mod => (O::Mod, O::ModK),
        BinOp::Pow => (O::Pow, O::PowK),
        BinOp::Div => (O::Div, O::DivK),
        BinOp::IDiv => (O::IDiv, O::IDivK),
        BinOp::BAnd => (O::BAnd, O::BAndK),
        BinOp::BOr => (O::BOr, O::BOrK),
        BinOp::BXor => (O::BXor, O::BXorK),
        BinOp::Shl => (O::Shl, O::ShlK),
        BinOp::Shr => (O::Shr, O::ShrK),
        _ => unreachable!(),
    }
}

fn is_arith(op: BinOp) -> bool {
    use BinOp::*;
    matches!(op, Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr)
}

/// Static result type of a binary arithmetic/bitwise operator (Lua 5.3 rules).
fn arith_result<'a>(op: BinOp, t1: Ty<'a>, t2: Ty<'a>) -> Ty<'a> {
    use BinOp::*;
    if !(t1.is_num() && t2.is_num()) {
        return Ty::Any;
    }
    match op {
        Div | Pow => Ty::Flt,
        BAnd | BOr | BXor | Shl | Shr => Ty::Int,
        _ => {
            if t1 == Ty::Int && t2 == Ty::Int {
                Ty::Int
            } else {
                Ty::Flt
            }
        }
    }
}

/// Typed opcode for `t1 op t2`, and whether the operands are swapped in it.
fn typed_arith(op: BinOp, t1: Ty, t2: Ty) -> Option<(OpCode, bool)> {
    use OpCode::*;
    use Ty::{Flt as F, Int as I};
    Some(match (op, t1, t2) {
        (BinOp::Add, I, I) => (AddII, false),
        (BinOp::Add, F, F) => (AddFF, false),
        (BinOp::Add, F, I) => (AddFI, false),
        (BinOp::Add, I, F) => (AddFI, true),
        (BinOp::Sub, I, I) => (SubII, false),
        (BinOp::Sub, F, F) => (SubFF, false),
        (BinOp::Sub, F, I) => (SubFI, false),
        (BinOp::Sub, I, F) => (SubIF, false),
        (BinOp::Mul, I, I) => (MulII, false),
        (BinOp::Mul, F, F) => (MulFF, false),
        (BinOp::Mul, F, I) => (MulFI, false),
        (BinOp::Mul, I, F) => (MulFI, true),
        (BinOp::Div, I, I) => (DivII, false),
        (BinOp::Div, F, F) => (DivFF, false),
        (BinOp::Div, F, I) => (DivFI, false),
        (BinOp::Div, I, F) => (DivIF, false),
        (BinOp::BAnd, I, I) => (BAndII, false),
        (BinOp::BOr, I, I) => (BOrII, false),
        (BinOp::BXor, I, I) => (BXorII, false),
        (BinOp::Shl, I, I) => (ShlII, false),
        (BinOp::Shr, I, I) => (ShrII, false),
        _ => return None,
    })
}

/// An integer immediate for sB/sC operands (-127..=128).
fn fits_sc(i: i64) -> bool {
    (-(OFFSET_SC as i64)..=(MAXARG_C as i64 - OFFSET_SC as i64)).contains(&i)
}

fn fits_sbx(i: i64) -> bool {
    (-(OFFSET_SBX as i64)..=(MAXARG_BX as i64 - OFFSET_SBX as i64)).contains(&i)
}

impl<'a> CodeGen<'a> {
    pub fn new(src: &'a [u8], chunkname: &[u8]) -> Self {
        CodeGen {
            src,
            source: Rc::from(chunkname),
            chunkid: chunkid(chunkname),
            fs: Vec::new(),
            line: 0,
            near: 0,
            stmt_next: 0,
            typed: false,
            for_typed: 0,
            for_var_ty: Ty::Any,
        }
    }

    // ------------------------------------------------------------------ errors

    #[inline(never)]
    fn error(&self, msg: &[u8]) -> SyntaxError {
        let mut m = self.chunkid.clone();
        m.push(b':');
        push_uint(&mut m, self.line as u64);
        m.extend_from_slice(b": ");
        m.extend_from_slice(msg);
        m.extend_from_slice(b" near ");
        let arena = bumpalo::Bump::new();
        let near = Lexer::token_text_at(self.src, &arena, self.near as usize);
        let incomplete = near == b"<eof>";
        m.extend_from_slice(&near);
        SyntaxError { message: m, incomplete }
    }

    // ------------------------------------------------------------------ Ravi types

    /// Static type of an expression.
    fn ety(&self, e: &ExpDesc<'a>) -> Ty<'a> {
        if !self.typed {
            return Ty::Any;
        }
        if e.has_jumps() {
            return if matches!(e.k, EK::Jmp(_)) { Ty::Bool } else { e.ty };
        }
        match e.k {
            EK::Nil => Ty::Nil,
            EK::True | EK::False | EK::Jmp(_) => Ty::Bool,
            EK::KInt(_) => Ty::Int,
            EK::KFlt(_) => Ty::Flt,
            EK::KStr(_) => Ty::Str,
            EK::K(k) => match self.fsr().f.constants.get(k as usize) {
                Some(Constant::Int(_)) => Ty::Int,
                Some(Constant::Float(_)) => Ty::Flt,
                Some(Constant::Str(_)) => Ty::Str,
                Some(Constant::Bool(_)) => Ty::Bool,
                Some(Constant::Nil) => Ty::Nil,
                None => Ty::Any,
            },
            EK::Local(r) => self.fsr().vtypes.get(r as usize).copied().unwrap_or(Ty::Any),
            EK::Upval(u) => self.fsr().uptypes.get(u as usize).copied().unwrap_or(Ty::Any),
            EK::Void | EK::Call(_) | EK::Vararg(_) => Ty::Any,
            _ => e.ty,
        }
    }

    #[inline(never)]
    fn type_error(&mut self, local: bool, t: Ty<'a>) -> SyntaxError {
        self.near = self.stmt_next;
        if local {
            self.error(b"Invalid local assignment")
        } else {
            let mut m = b"Invalid assignment: ".to_vec();
            m.extend_from_slice(t.name());
            m.extend_from_slice(b" expected");
            self.error(&m)
        }
    }

    /// Checks a value against declared type `t` at compile time: a provable mismatch is an
    /// error, an integral float constant for `integer` is converted. Returns whether a
    /// runtime check is still needed.
    fn static_check(&mut self, t: Ty<'a>, v: &mut ExpDesc<'a>, local: bool) -> R<bool> {
        let et = self.ety(v);
        if t == Ty::Any || et == t {
            return Ok(false);
        }
        match (t, et) {
            (_, Ty::Any) => Ok(true),
            (Ty::Int, Ty::Flt) => {
                if let EK::KFlt(f) = v.k {
                    if !v.has_jumps() {
                        return match flt_to_int(f) {
                            Some(i) => {
                                v.k = EK::KInt(i);
                                Ok(false)
                            }
                            None => Err(self.type_error(local, t)),
                        };
                    }
                }
                Ok(true)
            }
            (Ty::Str | Ty::Clo | Ty::Bool | Ty::User(_), Ty::Nil) => Ok(false),
            (Ty::User(_), _) => Ok(true),
            _ => Err(self.type_error(local, t)),
        }
    }

    /// The instruction before the next one, if nothing jumps to the next one (so that
    /// the two may be fused).
    fn fusable_prev(&self) -> Option<Instruction> {
        let pc = self.pc();
        let fs = self.fsr();
        let jumps_here = pc as i32 <= fs.lasttarget || (fs.jpc_pc == pc && !fs.jpc.is_empty());
        if pc == 0 || jumps_here {
            return None;
        }
        Some(self.instr(pc - 1))
    }

    /// The checked-float form of a generic arithmetic instruction (see `AddToF`).
    fn to_float_op(op: Option<OpCode>) -> Option<OpCode> {
        Some(match op? {
            OpCode::Add => OpCode::AddToF,
            OpCode::Sub => OpCode::SubToF,
            OpCode::Mul => OpCode::MulToF,
            OpCode::Div => OpCode::DivToF,
            _ => return None,
        })
    }

    /// Emits the runtime check/conversion of register `reg` to type `t`. An `integer` or
    /// `number` check joins the instruction just before when it can: the arithmetic that
    /// produced `reg` (`AddToF`...), or the checks of the registers just below (`ToIntN`,
    /// `ToFltN`).
    fn emit_check(&mut self, t: Ty<'a>, reg: u32) -> R<()> {
        if let (Ty::Int | Ty::Flt, Some(prev)) = (t, self.fusable_prev()) {
            let pc = self.pc() - 1;
            let flt = t == Ty::Flt;
            if flt && prev.a() == reg {
                if let Some(op) = Self::to_float_op(prev.opcode()) {
                    self.set_instr(pc, Instruction::abc(op, reg, prev.b(), prev.c()));
                    return Ok(());
                }
            }
            let (one, many) = if flt { (OpCode::ToFlt, OpCode::ToFltN) } else { (OpCode::ToInt, OpCode::ToIntN) };
            let n = match prev.opcode() {
                Some(op) if op == one => 1,
                Some(op) if op == many => prev.b(),
                _ => 0,
            };
            // at most 4 registers: the VM tests that many inline
            if n > 0 && prev.a() + n == reg && n < 4 {
                self.set_instr(pc, Instruction::abc(many, prev.a(), n + 1, 0));
                return Ok(());
            }
        }
        let op = match t {
            Ty::Int => OpCode::ToInt,
            Ty::Flt => OpCode::ToFlt,
            Ty::IArr => OpCode::ToIArray,
            Ty::FArr => OpCode::ToFArray,
            Ty::Tab => OpCode::ToTab,
            Ty::Str => OpCode::ToStr,
            Ty::Clo => OpCode::ToClosure,
            Ty::Bool => OpCode::ToBool,
            Ty::User(n) => {
                let k = self.string_k(n);
                if k > MAXARG_BX {
                    return Err(self.error(b"too many constants"));
                }
                self.code(Instruction::abx(OpCode::ToType, reg, k));
                return Ok(());
            }
            Ty::Any | Ty::Nil => return Ok(()),
        };
        self.code_abc(op, reg, 0, 0);
        Ok(())
    }

    /// Puts `e` in a register that is not an active local (so it may be converted in place).
    fn exp2temp(&mut self, e: &mut ExpDesc<'a>) -> R<u32> {
        self.dischargevars(e);
        if let EK::NonReloc(r) = e.k {
            if r >= self.fsr().nactvar && !e.has_jumps() {
                return Ok(r);
            }
        }
        self.exp2nextreg(e)?;
        let EK::NonReloc(r) = e.k else { unreachable!() };
        Ok(r)
    }

    /// Calls the active `defer` closures in registers >= `level`, innermost first.
    fn call_defers(&mut self, level: u32, pop: bool, scratch: u32) -> R<()> {
        let regs: Vec<u32> = self.fsr().defers.iter().copied().filter(|&r| r >= level).collect();
        if regs.is_empty() {
            return Ok(());
        }
        let tmp = scratch.max(self.fsr().freereg).max(self.fsr().nactvar);
        self.checkstack(tmp + 1 - self.fsr().freereg.min(tmp + 1))?;
        if tmp + 1 > self.fsr().f.max_stack as u32 {
            if tmp + 1 > MAX_REGS {
                return Err(self.error(b"function or expression needs too many registers"));
            }
            self.fs().f.max_stack = (tmp + 1) as u8;
        }
        for r in regs.iter().rev() {
            // the slot is cleared before the call: a defer runs once, and error unwinding
            // (which calls the non-nil `(defer)` slots still in scope) skips it
            self.code_abc(OpCode::Move, tmp, *r, 0);
            self.code_abc(OpCode::LoadNil, *r, 0, 0);
            self.code_abc(OpCode::Call, tmp, 1, 1);
        }
        if pop {
            self.fs().defers.retain(|&r| r < level);
        }
        Ok(())
    }

    /// An array literal for an `integer[]`/`number[]` target.
    #[inline(never)]
    fn array_constructor(&mut self, fields: &[Field<'a>], flt: bool, line: u32) -> R<ExpDesc<'a>> {
        self.line = line;
        let pc = self.code_abc(if flt { OpCode::NewFArray } else { OpCode::NewIArray }, 0, 0, 0);
        let mut t = ExpDesc::typed(EK::Reloc(pc), if flt { Ty::FArr } else { Ty::IArr });
        self.exp2nextreg(&mut t)?;
        let EK::NonReloc(treg) = t.k else { unreachable!() };
        let (mut na, mut tostore) = (0u32, 0i32);
        let mut v = ExpDesc::new(EK::Void);
        for fld in fields {
            if !matches!(v.k, EK::Void) {
                self.exp2nextreg(&mut v)?;
                let _ = &v;
                if tostore == FIELDS_PER_FLUSH as i32 {
                    self.array_setlist(treg, na, tostore)?;
                    tostore = 0;
                }
            }
            match fld {
                Field::List(e) => {
                    v = self.expr(e)?;
                    na += 1;
                    tostore += 1;
                }
                Field::Rec { key, .. } => {
                    self.near = key.pos;
                    return Err(self.error(b"array literal cannot have keyed fields"));
                }
            }
        }
        if tostore != 0 {
            if has_multret(&v.k) {
                self.setmultret(&mut v)?;
                self.array_setlist(treg, na, MULTRET)?;
            } else {
                if !matches!(v.k, EK::Void) {
                    self.exp2nextreg(&mut v)?;
                }
                self.array_setlist(treg, na, tostore)?;
            }
        }
        self.fs().freereg = treg + 1;
        Ok(t)
    }

    fn array_setlist(&mut self, base: u32, nelems: u32, tostore: i32) -> R<()> {
        let c = (nelems.wrapping_sub(1)) / FIELDS_PER_FLUSH + 1;
        let b = if tostore == MULTRET { 0 } else { tostore as u32 };
        if c <= MAXARG_C {
            self.code_abc(OpCode::ArraySetList, base, b, c);
        } else if c <= MAXARG_AX {
            self.code_abc(OpCode::ArraySetList, base, b, 0);
            self.code(Instruction::ax_op(OpCode::ExtraArg, c));
        } else {
            return Err(self.error(b"constructor too long"));
        }
        self.fs().freereg = base + 1;
        Ok(())
    }

    /// Evaluates an expression that initialises/assigns a slot of type `t` (array
    /// literals become typed arrays).
    fn expr_for(&mut self, t: Ty<'a>, e: &Expr<'a>) -> R<ExpDesc<'a>> {
        if let (Ty::IArr | Ty::FArr, ExprKind::Table(fields, _)) = (t, e.kind) {
            self.near = e.pos;
            return self.array_constructor(fields, t == Ty::FArr, e.line);
        }
        self.expr(e)
    }

    // ------------------------------------------------------------------ basic emission

    fn fs(&mut self) -> &mut FuncState<'a> {
        self.fs.last_mut().unwrap()
    }

    fn fsr(&self) -> &FuncState<'a> {
        self.fs.last().unwrap()
    }

    fn pc(&self) -> u32 {
        self.fsr().f.code.len() as u32
    }

    fn code(&mut self, i: Instruction) -> u32 {
        let line = self.line;
        let f = &mut self.fs().f;
        f.code.push(i);
        f.line_info.push(line);
        (f.code.len() - 1) as u32
    }

    fn code_abc(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> u32 {
        self.code(Instruction::abc(op, a, b, c))
    }

    fn code_asbx(&mut self, op: OpCode, a: u32, sbx: i32) -> u32 {
        self.code(Instruction::asbx(op, a, sbx))
    }

    fn fixline(&mut self, line: u32) {
        let f = &mut self.fs().f;
        if let Some(l) = f.line_info.last_mut() {
            *l = line;
        }
    }

    fn instr(&self, pc: u32) -> Instruction {
        self.fsr().f.code[pc as usize]
    }

    fn set_instr(&mut self, pc: u32, i: Instruction) {
        self.fs().f.code[pc as usize] = i;
    }

    fn checkstack(&mut self, n: u32) -> R<()> {
        let newstack = self.fsr().freereg + n;
        if newstack > self.fsr().f.max_stack as u32 {
            if newstack >= MAX_REGS {
                return Err(self.error(b"function or expression needs too many registers"));
            }
            self.fs().f.max_stack = newstack as u8;
        }
        Ok(())
    }

    fn reserveregs(&mut self, n: u32) -> R<()> {
        self.checkstack(n)?;
        self.fs().freereg += n;
        Ok(())
    }

    fn freereg(&mut self, reg: u32) {
        let fs = self.fs();
        if reg >= fs.nactvar {
            fs.freereg -= 1;
            debug_assert_eq!(reg, fs.freereg, "freereg discipline");
        }
    }

    fn freeregs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.freereg(r1);
            self.freereg(r2);
        } else {
            self.freereg(r2);
            self.freereg(r1);
        }
    }

    fn freeexp(&mut self, e: &ExpDesc) {
        if let EK::NonReloc(r) = e.k {
            self.freereg(r);
        }
    }

    fn freeexps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        let r1 = if let EK::NonReloc(r) = e1.k { r as i64 } else { -1 };
        let r2 = if let EK::NonReloc(r) = e2.k { r as i64 } else { -1 };
        if r1 > r2 {
            if r1 >= 0 {
                self.freereg(r1 as u32);
            }
            if r2 >= 0 {
                self.freereg(r2 as u32);
            }
        } else {
            if r2 >= 0 {
                self.freereg(r2 as u32);
            }
            if r1 >= 0 {
                self.freereg(r1 as u32);
            }
        }
    }

    // ------------------------------------------------------------------ constants

    fn addk(&mut self, key: KKey<'a>, v: Constant) -> u32 {
        let fs = self.fs();
        if let Some(&i) = fs.kcache.get(&key) {
            return i;
        }
        let i = fs.f.constants.len() as u32;
        fs.f.constants.push(v);
        fs.kcache.insert(key, i);
        i
    }

    fn string_k(&mut self, s: &'a [u8]) -> u32 {
        self.addk(KKey::Str(s), Constant::Str(s.to_vec()))
    }

    fn int_k(&mut self, i: i64) -> u32 {
        self.addk(KKey::Int(i), Constant::Int(i))
    }

    fn number_k(&mut self, f: f64) -> u32 {
        self.addk(KKey::Flt(f.to_bits()), Constant::Float(f))
    }

    fn bool_k(&mut self, b: bool) -> u32 {
        self.addk(KKey::Bool(b), Constant::Bool(b))
    }

    fn codek(&mut self, reg: u32, k: u32) -> u32 {
        if k <= MAXARG_BX {
            self.code(Instruction::abx(OpCode::LoadK, reg, k))
        } else {
            let p = self.code_abc(OpCode::LoadKX, reg, 0, 0);
            self.code(Instruction::ax_op(OpCode::ExtraArg, k));
            p
        }
    }

    fn code_int(&mut self, reg: u32, i: i64) {
        if fits_sbx(i) {
            self.code_asbx(OpCode::LoadI, reg, i as i32);
        } else {
            let k = self.int_k(i);
            self.codek(reg, k);
        }
    }

    fn code_float(&mut self, reg: u32, f: f64) {
        match flt_to_int(f) {
            Some(i) if fits_sbx(i) && !(f == 0.0 && f.is_sign_negative()) => {
                self.code_asbx(OpCode::LoadF, reg, i as i32);
            }
            _ => {
                let k = self.number_k(f);
                self.codek(reg, k);
            }
        }
    }

    // ------------------------------------------------------------------ jumps

    fn getjump(&self, pc: u32) -> i32 {
        let off = self.instr(pc).sj();
        if off == NO_JUMP {
            NO_JUMP
        } else {
            pc as i32 + 1 + off
        }
    }

    fn fixjump(&mut self, pc: u32, dest: u32) -> R<()> {
        let offset = dest as i64 - (pc as i64 + 1);
        // Our Jmp reaches +-2^23, but lua5.3's reaches only MAXARG_sBx (2^17 - 1): keep its
        // limit so the same programs compile (the official suite checks the error).
        if offset.abs() > LUA53_MAX_JUMP {
            return Err(self.error(b"control structure too long"));
        }
        let i = self.instr(pc).with_sj(offset as i32);
        self.set_instr(pc, i);
        Ok(())
    }

    /// Appends list `l2` to list `l1` (walking `l2`, usually a single jump).
    fn concat(&mut self, l1: &mut i32, l2: i32) -> R<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let mut list = l2;
        loop {
            let next = self.getjump(list as u32);
            if next == NO_JUMP {
                break;
            }
            list = next;
        }
        self.fixjump(list as u32, *l1 as u32)?;
        *l1 = l2;
        Ok(())
    }

    fn jump(&mut self) -> u32 {
        let pc = self.pc();
        let pending = if self.fsr().jpc_pc == pc { core::mem::take(&mut self.fs().jpc) } else { Vec::new() };
        let j = self.code(Instruction::new_sj(OpCode::Jmp, NO_JUMP));
        // luaK_jump: the jumps pending to this pc join the new jump's list, after it
        // (the list keeps `j` as its head: callers use it as the Jmp's pc)
        let mut last = j;
        for p in pending {
            let i = self.instr(last).with_sj(p as i32 - (last as i32 + 1));
            self.set_instr(last, i);
            last = p;
        }
        let i = self.instr(last).with_sj(NO_JUMP);
        self.set_instr(last, i);
        j
    }

    fn getlabel(&mut self) -> u32 {
        let pc = self.pc();
        self.fs().lasttarget = pc as i32;
        pc
    }

    fn getjumpcontrol(&self, pc: u32) -> u32 {
        if pc >= 1 {
            if let Some(op) = self.instr(pc - 1).opcode() {
                if is_test_op(op) {
                    return pc - 1;
                }
            }
        }
        pc
    }

    fn patchtestreg(&mut self, node: u32, reg: u32) -> bool {
        let ctl = self.getjumpcontrol(node);
        let i = self.instr(ctl);
        if i.opcode() != Some(OpCode::TestSet) {
            return false;
        }
        if reg != NO_REG && reg != i.b() {
            self.set_instr(ctl, i.with_a(reg));
        } else {
            self.set_instr(ctl, Instruction::abc(OpCode::Test, i.b(), 0, i.c()));
        }
        true
    }

    fn removevalues(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patchtestreg(list as u32, NO_REG);
            list = self.getjump(list as u32);
        }
    }

    fn patchlistaux(&mut self, mut list: i32, vtarget: u32, reg: u32, dtarget: u32) -> R<()> {
        while list != NO_JUMP {
            let next = self.getjump(list as u32);
            if self.patchtestreg(list as u32, reg) {
                self.fixjump(list as u32, vtarget)?;
            } else {
                self.fixjump(list as u32, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    fn patchlist(&mut self, list: i32, target: u32) -> R<()> {
        let pc = self.pc();
        if target == pc && list != NO_JUMP {
            // luaK_patchtohere: the jumps wait in jpc for the next instruction
            if self.fsr().jpc_pc != pc {
                let fs = self.fs();
                fs.jpc.clear();
                fs.jpc_pc = pc;
            }
            let mut l = list;
            while l != NO_JUMP {
                self.fs().jpc.push(l as u32);
                l = self.getjump(l as u32);
            }
        }
        self.patchlistaux(list, target, NO_REG, target)
    }

    fn patchtohere(&mut self, list: i32) -> R<()> {
        let hr = self.getlabel();
        self.patchlist(list, hr)
    }

    fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            let i = self.instr(self.getjumpcontrol(list as u32));
            if i.opcode() != Some(OpCode::TestSet) {
                return true;
            }
            list = self.getjump(list as u32);
        }
        false
    }

    fn condjump(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> u32 {
        self.code_abc(op, a, b, c);
        self.jump()
    }

    // ------------------------------------------------------------------ expression discharge

    fn nil(&mut self, mut from: u32, n: u32) {
        let mut l = from + n - 1;
        let pc = self.pc();
        if pc as i32 > self.fsr().lasttarget && pc > 0 {
            let prev = self.instr(pc - 1);
            if prev.opcode() == Some(OpCode::LoadNil) {
                let pfrom = prev.a();
                let pl = pfrom + prev.b();
                if (pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1) {
                    if pfrom < from {
                        from = pfrom;
                    }
                    if pl > l {
                        l = pl;
                    }
                    self.set_instr(pc - 1, Instruction::abc(OpCode::LoadNil, from, l - from, 0));
                    return;
                }
            }
        }
        self.code_abc(OpCode::LoadNil, from, n - 1, 0);
    }

    fn setreturns(&mut self, e: &mut ExpDesc<'a>, nresults: i32) -> R<()> {
        match e.k {
            EK::Call(pc) => {
                let i = self.instr(pc).with_c((nresults + 1) as u32);
                self.set_instr(pc, i);
            }
            EK::Vararg(pc) => {
                let fr = self.fsr().freereg;
                let i = self.instr(pc).with_b((nresults + 1) as u32).with_a(fr);
                self.set_instr(pc, i);
                self.reserveregs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn setmultret(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        self.setreturns(e, MULTRET)
    }

    fn setoneret(&mut self, e: &mut ExpDesc<'a>) {
        match e.k {
            EK::Call(pc) => e.k = EK::NonReloc(self.instr(pc).a()),
            EK::Vararg(pc) => {
                let i = self.instr(pc).with_b(2);
                self.set_instr(pc, i);
                e.k = EK::Reloc(pc);
            }
            _ => {}
        }
    }

    fn dischargevars(&mut self, e: &mut ExpDesc<'a>) {
        match e.k {
            EK::Local(r) => e.k = EK::NonReloc(r),
            EK::Upval(u) => e.k = EK::Reloc(self.code_abc(OpCode::GetUpval, 0, u, 0)),
            EK::IndexUp { t, k } => e.k = EK::Reloc(self.code_abc(OpCode::GetTabUp, 0, t, k)),
            EK::IndexStr { t, k } => {
                self.freereg(t);
                e.k = EK::Reloc(self.code_abc(OpCode::GetField, 0, t, k));
            }
            EK::IndexInt { t, k } => {
                self.freereg(t);
                e.k = EK::Reloc(self.code_abc(OpCode::GetI, 0, t, k));
            }
            EK::Indexed { t, k } => {
                self.freeregs(t, k);
                e.k = EK::Reloc(self.code_abc(OpCode::GetTable, 0, t, k));
            }
            EK::ArrIdx { t, k, flt } => {
                self.freeregs(t, k);
                let op = if flt { OpCode::FArrayGet } else { OpCode::IArrayGet };
                e.k = EK::Reloc(self.code_abc(op, 0, t, k));
                e.ty = if flt { Ty::Flt } else { Ty::Int };
            }
            EK::ArrIdxImm { t, k, flt } => {
                self.freereg(t);
                let op = if flt { OpCode::FArrayGetImm } else { OpCode::IArrayGetImm };
                e.k = EK::Reloc(self.code_abc(op, 0, t, k));
                e.ty = if flt { Ty::Flt } else { Ty::Int };
            }
            EK::TIndexStr { t, k } => {
                self.freereg(t);
                e.k = EK::Reloc(self.code_abc(OpCode::TGetField, 0, t, k));
            }
            EK::TIndexInt { t, k } => {
                self.freeregs(t, k);
                e.k = EK::Reloc(self.code_abc(OpCode::TGetInt, 0, t, k));
            }
            EK::Call(_) | EK::Vararg(_) => self.setoneret(e),
            _ => {}
        }
    }

    fn discharge2reg(&mut self, e: &mut ExpDesc<'a>, reg: u32) {
        self.dischargevars(e);
        match e.k {
            EK::Nil => self.nil(reg, 1),
            EK::False => {
                self.code_abc(OpCode::LoadBool, reg, 0, 0);
            }
            EK::True => {
                self.code_abc(OpCode::LoadBool, reg, 1, 0);
            }
            EK::KStr(s) => {
                let k = self.string_k(s);
                self.codek(reg, k);
            }
            EK::K(k) => {
                self.codek(reg, k);
            }
            EK::KFlt(f) => self.code_float(reg, f),
            EK::KInt(i) => self.code_int(reg, i),
            EK::Reloc(pc) => {
                let i = self.instr(pc).with_a(reg);
                self.set_instr(pc, i);
            }
            EK::NonReloc(r) => {
                if r != reg {
                    self.code_abc(OpCode::Move, reg, r, 0);
                }
            }
            _ => return, // Jmp / Void: nothing to do
        }
        e.k = EK::NonReloc(reg);
    }

    fn discharge2anyreg(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        if !matches!(e.k, EK::NonReloc(_)) {
            self.reserveregs(1)?;
            let r = self.fsr().freereg - 1;
            self.discharge2reg(e, r);
        }
        Ok(())
    }

    fn code_loadbool(&mut self, a: u32, b: u32, jump: u32) -> u32 {
        self.getlabel();
        self.code_abc(OpCode::LoadBool, a, b, jump)
    }

    fn exp2reg(&mut self, e: &mut ExpDesc<'a>, reg: u32) -> R<()> {
        self.discharge2reg(e, reg);
        if let EK::Jmp(pc) = e.k {
            let mut t = e.t;
            self.concat(&mut t, pc as i32)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP as u32;
            let mut p_t = NO_JUMP as u32;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.k, EK::Jmp(_)) { NO_JUMP } else { self.jump() as i32 };
                p_f = self.code_loadbool(reg, 0, 1);
                p_t = self.code_loadbool(reg, 1, 0);
                self.patchtohere(fj)?;
            }
            let final_ = self.getlabel();
            self.patchlistaux(e.f, final_, reg, p_f)?;
            self.patchlistaux(e.t, final_, reg, p_t)?;
        }
        e.f = NO_JUMP;
        e.t = NO_JUMP;
        e.k = EK::NonReloc(reg);
        Ok(())
    }

    fn exp2nextreg(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        self.dischargevars(e);
        self.freeexp(e);
        self.reserveregs(1)?;
        let r = self.fsr().freereg - 1;
        self.exp2reg(e, r)
    }

    fn exp2anyreg(&mut self, e: &mut ExpDesc<'a>) -> R<u32> {
        self.dischargevars(e);
        if let EK::NonReloc(r) = e.k {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.fsr().nactvar {
                self.exp2reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp2nextreg(e)?;
        match e.k {
            EK::NonReloc(r) => Ok(r),
            _ => unreachable!(),
        }
    }

    fn exp2anyregup(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        if !matches!(e.k, EK::Upval(_)) || e.has_jumps() {
            self.exp2anyreg(e)?;
        }
        Ok(())
    }

    fn exp2val(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        if e.has_jumps() {
            self.exp2anyreg(e)?;
        } else {
            self.dischargevars(e);
        }
        Ok(())
    }

    /// Turns a string constant into K (5.4 str2K).
    fn str2k(&mut self, e: &mut ExpDesc<'a>) {
        if let EK::KStr(s) = e.k {
            e.k = EK::K(self.string_k(s));
        }
    }

    /// Is `e` a short string constant usable as an 8-bit K operand?
    fn is_kstr(&self, e: &ExpDesc) -> bool {
        if let EK::K(k) = e.k {
            if !e.has_jumps() && k <= MAXARG_B {
                if let Constant::Str(s) = &self.fsr().f.constants[k as usize] {
                    return s.len() <= MAX_SHORT_LEN;
                }
            }
        }
        false
    }

    fn is_cint(e: &ExpDesc) -> Option<u32> {
        match e.k {
            EK::KInt(i) if !e.has_jumps() && (0..=MAXARG_C as i64).contains(&i) => Some(i as u32),
            _ => None,
        }
    }

    /// Integer immediate for sB/sC (integers, or floats with an exact integral value).
    fn is_scnumber(e: &ExpDesc) -> Option<i32> {
        if e.has_jumps() {
            return None;
        }
        let i = match e.k {
            EK::KInt(i) => i,
            EK::KFlt(f) => flt_to_int(f)?,
            _ => return None,
        };
        if fits_sc(i) {
            Some(i as i32)
        } else {
            None
        }
    }

    fn tonumeral(e: &ExpDesc) -> Option<Num> {
        if e.has_jumps() {
            return None;
        }
        match e.k {
            EK::KInt(i) => Some(Num::I(i)),
            EK::KFlt(f) => Some(Num::F(f)),
            _ => None,
        }
    }

    /// Makes `e` a K operand (index <= MAXARG_C) if it is a constant; nil only if `allow_nil`.
    fn exp2k(&mut self, e: &mut ExpDesc<'a>, allow_nil: bool) -> bool {
        if e.has_jumps() {
            return false;
        }
        let k = match e.k {
            EK::True => self.bool_k(true),
            EK::False => self.bool_k(false),
            EK::Nil if allow_nil => self.addk(KKey::Nil, Constant::Nil),
            EK::KInt(i) => self.int_k(i),
            EK::KFlt(f) => self.number_k(f),
            EK::KStr(s) => self.string_k(s),
            EK::K(k) => k,
            _ => return false,
        };
        if k <= MAXARG_C {
            e.k = EK::K(k);
            true
        } else {
            false
        }
    }

    #[inline(never)]
    fn indexed(&mut self, t: &mut ExpDesc<'a>, k: &mut ExpDesc<'a>) -> R<()> {
        self.str2k(k);
        if matches!(t.k, EK::Upval(_)) && !self.is_kstr(k) {
            self.exp2anyreg(t)?;
        }
        if let EK::Upval(u) = t.k {
            let EK::K(ki) = k.k else { unreachable!() };
            t.k = EK::IndexUp { t: u, k: ki };
            t.ty = Ty::Any; // the field's type, not the upvalue's
            return Ok(());
        }
        let arr_ty = self.ety(t);
        let treg = match t.k {
            EK::Local(r) | EK::NonReloc(r) => r,
            _ => self.exp2anyreg(t)?,
        };
        t.ty = Ty::Any;
        if matches!(arr_ty, Ty::IArr | Ty::FArr) && self.ety(k) == Ty::Int {
            let flt = arr_ty == Ty::FArr;
            if let Some(i) = Self::is_cint(k) {
                t.k = EK::ArrIdxImm { t: treg, k: i, flt };
            } else {
                let kr = self.exp2anyreg(k)?;
                t.k = EK::ArrIdx { t: treg, k: kr, flt };
            }
            t.ty = if flt { Ty::Flt } else { Ty::Int };
            return Ok(());
        }
        // a `table` value: field and integer-key accesses skip the receiver's tag check
        if arr_ty == Ty::Tab {
            if self.is_kstr(k) {
                let EK::K(ki) = k.k else { unreachable!() };
                t.k = EK::TIndexStr { t: treg, k: ki };
                return Ok(());
            }
            if Self::is_cint(k).is_none() && self.ety(k) == Ty::Int {
                let kr = self.exp2anyreg(k)?;
                t.k = EK::TIndexInt { t: treg, k: kr };
                return Ok(());
            }
        }
        if self.is_kstr(k) {
            let EK::K(ki) = k.k else { unreachable!() };
            t.k = EK::IndexStr { t: treg, k: ki };
        } else if let Some(i) = Self::is_cint(k) {
            t.k = EK::IndexInt { t: treg, k: i };
        } else {
            let kr = self.exp2anyreg(k)?;
            t.k = EK::Indexed { t: treg, k: kr };
        }
        Ok(())
    }

    #[inline(never)]
    fn storevar(&mut self, var: &ExpDesc<'a>, ex: &mut ExpDesc<'a>) -> R<()> {
        match var.k {
            EK::Local(r) => {
                let t = self.fsr().vtypes.get(r as usize).copied().unwrap_or(Ty::Any);
                if t != Ty::Any && self.static_check(t, ex, false)? {
                    if matches!(t, Ty::Int | Ty::Flt) {
                        // arithmetic into a `number` local: computed, checked and stored
                        // by one instruction
                        if let (EK::Reloc(pc), false, Ty::Flt) = (ex.k, ex.has_jumps(), t) {
                            let i = self.instr(pc);
                            if let Some(op) = Self::to_float_op(i.opcode()) {
                                self.set_instr(pc, Instruction::abc(op, r, i.b(), i.c()));
                                ex.k = EK::NonReloc(r);
                                return Ok(());
                            }
                        }
                        // check, convert and move in one instruction (the source is left
                        // as it is, so it may be any register)
                        let src = self.exp2anyreg(ex)?;
                        self.freeexp(ex);
                        self.code_abc(if t == Ty::Int { OpCode::MoveI } else { OpCode::MoveF }, r, src, 0);
                        return Ok(());
                    }
                    let tmp = self.exp2temp(ex)?;
                    self.emit_check(t, tmp)?;
                    self.freeexp(ex);
                    self.code_abc(OpCode::Move, r, tmp, 0);
                    return Ok(());
                }
                self.freeexp(ex);
                return self.exp2reg(ex, r);
            }
            EK::Upval(u) => {
                let t = self.fsr().uptypes.get(u as usize).copied().unwrap_or(Ty::Any);
                let et = self.ety(ex);
                let nil_ok = matches!(t, Ty::Str | Ty::Clo | Ty::Bool | Ty::User(_)) && et == Ty::Nil;
                if t == Ty::Any || t == et || nil_ok {
                    let e = self.exp2anyreg(ex)?;
                    self.code_abc(OpCode::SetUpval, e, u, 0);
                } else if let Some(code) = t.code() {
                    let e = self.exp2anyreg(ex)?;
                    self.code_abc(OpCode::SetUpvalT, e, u, code as u32);
                } else {
                    let e = self.exp2anyreg(ex)?;
                    self.emit_check(t, e)?;
                    self.code_abc(OpCode::SetUpval, e, u, 0);
                }
            }
            EK::ArrIdx { t, k, flt } => self.store_array(t, k, flt, ex)?,
            EK::ArrIdxImm { t, k, flt } => {
                // no immediate-index store: the index goes to a register above the value
                let et = self.ety(ex);
                let konst = self.array_elem_k(ex, flt);
                let e = if konst.is_none() { Some(self.exp2anyreg(ex)?) } else { None };
                let kr = self.fsr().freereg;
                self.reserveregs(1)?;
                self.code_int(kr, k as i64);
                self.code_array_store(t, kr, flt, et, konst, e);
                self.freereg(kr);
            }
            EK::TIndexStr { t, k } => self.store_indexed(OpCode::TSetField, OpCode::TSetFieldK, t, k, ex)?,
            EK::TIndexInt { t, k } => {
                let e = self.exp2anyreg(ex)?;
                self.code_abc(OpCode::TSetInt, t, k, e);
            }
            EK::IndexUp { t, k } => self.store_indexed(OpCode::SetTabUp, OpCode::SetTabUpK, t, k, ex)?,
            EK::IndexStr { t, k } => self.store_indexed(OpCode::SetField, OpCode::SetFieldK, t, k, ex)?,
            EK::IndexInt { t, k } => self.store_indexed(OpCode::SetI, OpCode::SetIK, t, k, ex)?,
            EK::Indexed { t, k } => self.store_indexed(OpCode::SetTable, OpCode::SetTableK, t, k, ex)?,
            _ => unreachable!("storevar on a non-variable"),
        }
        self.freeexp(ex);
        Ok(())
    }

    /// `R[t][R[k]] = ex` for a Ravi array: the value's static type picks the store (a
    /// constant or a value of the element type is stored without conversion).
    fn store_array(&mut self, t: u32, k: u32, flt: bool, ex: &mut ExpDesc<'a>) -> R<()> {
        let et = self.ety(ex);
        let konst = self.array_elem_k(ex, flt);
        let e = if konst.is_none() { Some(self.exp2anyreg(ex)?) } else { None };
        self.code_array_store(t, k, flt, et, konst, e);
        Ok(())
    }

    /// A numeric constant `ex` converted to the element type of the array (an integer
    /// array takes integral values only), as a constant index that fits in C.
    fn array_elem_k(&mut self, ex: &ExpDesc<'a>, flt: bool) -> Option<u32> {
        let k = match (Self::tonumeral(ex)?, flt) {
            (Num::I(i), false) => self.int_k(i),
            (Num::F(f), false) => self.int_k(flt_to_int(f)?),
            (n, true) => self.number_k(tonum_f(n)),
        };
        (k <= MAXARG_C).then_some(k)
    }

    fn code_array_store(&mut self, t: u32, k: u32, flt: bool, et: Ty<'a>, konst: Option<u32>, e: Option<u32>) {
        let op = match (konst, flt) {
            (Some(_), false) => OpCode::IArraySetK,
            (Some(_), true) => OpCode::FArraySetK,
            (None, false) if et == Ty::Int => OpCode::IArraySetInt,
            (None, true) if et == Ty::Flt => OpCode::FArraySetFlt,
            (None, false) => OpCode::IArraySet,
            (None, true) => OpCode::FArraySet,
        };
        self.code_abc(op, t, k, konst.or(e).unwrap_or(0));
    }

    /// `t[k] = ex`: the `K` form when the value is a constant that fits in C (as 5.3's
    /// RK(C) operand), else the value goes to a register.
    fn store_indexed(&mut self, op: OpCode, op_k: OpCode, t: u32, k: u32, ex: &mut ExpDesc<'a>) -> R<()> {
        if self.exp2k(ex, true) {
            let EK::K(kv) = ex.k else { unreachable!() };
            self.code_abc(op_k, t, k, kv);
        } else {
            let e = self.exp2anyreg(ex)?;
            self.code_abc(op, t, k, e);
        }
        Ok(())
    }

    #[inline(never)]
    fn self_op(&mut self, e: &mut ExpDesc<'a>, name: &'a [u8]) -> R<()> {
        let is_tab = self.ety(e) == Ty::Tab;
        let ereg = self.exp2anyreg(e)?;
        self.freeexp(e);
        let base = self.fsr().freereg;
        e.k = EK::NonReloc(base);
        e.ty = Ty::Any;
        self.reserveregs(2)?;
        let k = self.string_k(name);
        if k <= MAXARG_C && name.len() <= MAX_SHORT_LEN {
            self.code_abc(if is_tab { OpCode::TSelf } else { OpCode::SelfOp }, base, ereg, k);
        } else {
            // key does not fit: R[base+1] := obj; R[base] := key; R[base] := R[base+1][R[base]]
            self.code_abc(OpCode::Move, base + 1, ereg, 0);
            self.codek(base, k);
            self.code_abc(OpCode::GetTable, base, base + 1, base);
        }
        Ok(())
    }

    fn negatecondition(&mut self, e: &ExpDesc) {
        if let EK::Jmp(pc) = e.k {
            let ctl = self.getjumpcontrol(pc);
            let i = self.instr(ctl);
            self.set_instr(ctl, i.with_c((i.c() == 0) as u32));
        }
    }

    fn jumponcond(&mut self, e: &mut ExpDesc<'a>, cond: u32) -> R<u32> {
        if let EK::Reloc(pc) = e.k {
            let ie = self.instr(pc);
            if ie.opcode() == Some(OpCode::Not) && pc + 1 == self.pc() {
                let f = &mut self.fs().f;
                f.code.pop();
                f.line_info.pop();
                return Ok(self.condjump(OpCode::Test, ie.b(), 0, (cond == 0) as u32));
            }
        }
        self.discharge2anyreg(e)?;
        self.freeexp(e);
        let EK::NonReloc(r) = e.k else { unreachable!() };
        Ok(self.condjump(OpCode::TestSet, NO_REG, r, cond))
    }

    fn goiftrue(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        self.dischargevars(e);
        let pc = match e.k {
            EK::Jmp(pc) => {
                self.negatecondition(e);
                pc as i32
            }
            EK::K(_) | EK::KFlt(_) | EK::KInt(_) | EK::KStr(_) | EK::True => NO_JUMP,
            _ => self.jumponcond(e, 0)? as i32,
        };
        let mut f = e.f;
        self.concat(&mut f, pc)?;
        e.f = f;
        self.patchtohere(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    fn goiffalse(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        self.dischargevars(e);
        let pc = match e.k {
            EK::Jmp(pc) => pc as i32,
            EK::Nil | EK::False => NO_JUMP,
            _ => self.jumponcond(e, 1)? as i32,
        };
        let mut t = e.t;
        self.concat(&mut t, pc)?;
        e.t = t;
        self.patchtohere(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    fn codenot(&mut self, e: &mut ExpDesc<'a>) -> R<()> {
        self.dischargevars(e);
        match e.k {
            EK::Nil | EK::False => e.k = EK::True,
            EK::K(_) | EK::KFlt(_) | EK::KInt(_) | EK::KStr(_) | EK::True => e.k = EK::False,
            EK::Jmp(_) => self.negatecondition(e),
            EK::Reloc(_) | EK::NonReloc(_) => {
                self.discharge2anyreg(e)?;
                self.freeexp(e);
                let EK::NonReloc(r) = e.k else { unreachable!() };
                e.k = EK::Reloc(self.code_abc(OpCode::Not, 0, r, 0));
            }
            _ => unreachable!(),
        }
        e.ty = Ty::Bool;
        core::mem::swap(&mut e.f, &mut e.t);
        self.removevalues(e.f);
        self.removevalues(e.t);
        Ok(())
    }

    fn constfolding(op: BinOp, e1: &mut ExpDesc<'a>, e2: &ExpDesc<'a>) -> bool {
        let (Some(v1), Some(v2)) = (Self::tonumeral(e1), Self::tonumeral(e2)) else { return false };
        if !validop(op, v1, v2) {
            return false;
        }
        match arith(op, v1, v2) {
            Some(Num::I(i)) => {
                e1.k = EK::KInt(i);
                true
            }
            Some(Num::F(f)) => {
                if f.is_nan() || f == 0.0 {
                    return false;
                }
                e1.k = EK::KFlt(f);
                true
            }
            None => false,
        }
    }

    #[inline(never)]
    fn prefix(&mut self, op: UnOp, e: &mut ExpDesc<'a>, line: u32) -> R<()> {
        let zero = ExpDesc::new(EK::KInt(0));
        match op {
            UnOp::Minus | UnOp::BNot => {
                // fold as 0 - e / ~e
                if let Some(v) = Self::tonumeral(e) {
                    let folded = match op {
                        UnOp::Minus => match v {
                            Num::I(i) => Some(Num::I(i.wrapping_neg())),
                            Num::F(f) => Some(Num::F(-f)),
                        },
                        _ => toint(v).map(|i| Num::I(!i)),
                    };
                    let _ = zero;
                    match folded {
                        Some(Num::I(i)) => {
                            e.k = EK::KInt(i);
                            return Ok(());
                        }
                        Some(Num::F(f)) if !f.is_nan() && f != 0.0 => {
                            e.k = EK::KFlt(f);
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                let et = self.ety(e);
                let (opc, rt) = match (op, et) {
                    (UnOp::Minus, Ty::Int) => (OpCode::UnmI, Ty::Int),
                    (UnOp::Minus, Ty::Flt) => (OpCode::UnmF, Ty::Flt),
                    (UnOp::Minus, _) => (OpCode::Unm, Ty::Any),
                    (_, Ty::Int) => (OpCode::BNotI, Ty::Int),
                    (_, Ty::Flt) => (OpCode::BNot, Ty::Int),
                    _ => (OpCode::BNot, Ty::Any),
                };
                self.codeunexpval(opc, e, line)?;
                e.ty = rt;
                Ok(())
            }
            UnOp::Len => {
                let et = self.ety(e);
                self.codeunexpval(OpCode::Len, e, line)?;
                e.ty = if matches!(et, Ty::IArr | Ty::FArr | Ty::Str) { Ty::Int } else { Ty::Any };
                Ok(())
            }
            UnOp::Not => self.codenot(e),
        }
    }

    fn codeunexpval(&mut self, op: OpCode, e: &mut ExpDesc<'a>, line: u32) -> R<()> {
        let r = self.exp2anyreg(e)?;
        self.freeexp(e);
        e.k = EK::Reloc(self.code_abc(op, 0, r, 0));
        self.fixline(line);
        Ok(())
    }

    #[inline(never)]
    fn infix(&mut self, op: BinOp, v: &mut ExpDesc<'a>) -> R<()> {
        match op {
            BinOp::And => self.goiftrue(v)?,
            BinOp::Or => self.goiffalse(v)?,
            BinOp::Concat => self.exp2nextreg(v)?,
            BinOp::Eq | BinOp::Ne => {
                if Self::tonumeral(v).is_none() && !self.exp2k(v, false) {
                    self.exp2anyreg(v)?;
                }
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if Self::is_scnumber(v).is_none() {
                    self.exp2anyreg(v)?;
                }
            }
            _ => {
                if Self::tonumeral(v).is_none() {
                    self.exp2anyreg(v)?;
                }
            }
        }
        Ok(())
    }

    /// Puts the first operand of an arithmetic operator in a register. A numeric
    /// constant needs a load here that lua5.3 has not (its operand is an RK): the load
    /// takes the operator's line, so line hooks see what they see in lua5.3.
    fn arith_operand(&mut self, e1: &mut ExpDesc<'a>, line: u32) -> R<u32> {
        if Self::tonumeral(e1).is_some() {
            let saved = self.line;
            self.line = line;
            let r = self.exp2anyreg(e1);
            self.line = saved;
            return r;
        }
        self.exp2anyreg(e1)
    }

    fn codebinexpval(&mut self, op: OpCode, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>, line: u32) -> R<()> {
        let v2 = self.exp2anyreg(e2)?;
        let v1 = self.arith_operand(e1, line)?;
        self.freeexps(e1, e2);
        e1.k = EK::Reloc(self.code_abc(op, 0, v1, v2));
        self.fixline(line);
        Ok(())
    }

    #[inline(never)]
    fn posfix(&mut self, op: BinOp, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>, line: u32) -> R<()> {
        self.dischargevars(e2);
        if is_arith(op) && Self::constfolding(op, e1, e2) {
            return Ok(());
        }
        match op {
            BinOp::And => {
                let (t1, t2) = (self.ety(e1), self.ety(e2));
                let mut f = e2.f;
                self.concat(&mut f, e1.f)?;
                e2.f = f;
                *e1 = *e2;
                // `a and b` is a (when falsy) or b: typed only when both agree
                e1.ty = if t1 == t2 && t1 != Ty::Nil { t1 } else { Ty::Any };
            }
            BinOp::Or => {
                let (t1, t2) = (self.ety(e1), self.ety(e2));
                let mut t = e2.t;
                self.concat(&mut t, e1.t)?;
                e2.t = t;
                *e1 = *e2;
                e1.ty = if t1 == t2 && t1 != Ty::Nil { t1 } else { Ty::Any };
            }
            BinOp::Concat => {
                self.exp2val(e2)?;
                if let EK::Reloc(pc) = e2.k {
                    let ie = self.instr(pc);
                    if ie.opcode() == Some(OpCode::Concat) {
                        let EK::NonReloc(r1) = e1.k else { unreachable!() };
                        debug_assert_eq!(r1 + 1, ie.b());
                        self.freeexp(e1);
                        self.set_instr(pc, ie.with_b(r1));
                        e1.k = EK::Reloc(pc);
                        return Ok(());
                    }
                }
                self.exp2nextreg(e2)?;
                self.codebinexpval(OpCode::Concat, e1, e2, line)?;
                e1.ty = Ty::Any;
            }
            BinOp::Eq | BinOp::Ne => self.codeeq(op == BinOp::Eq, e1, e2)?,
            BinOp::Lt | BinOp::Le => self.codeorder(op, e1, e2)?,
            BinOp::Gt | BinOp::Ge => {
                core::mem::swap(e1, e2);
                let o = if op == BinOp::Gt { BinOp::Lt } else { BinOp::Le };
                self.codeorder(o, e1, e2)?;
            }
            _ => {
                let (t1, t2) = (self.ety(e1), self.ety(e2));
                let rty = arith_result(op, t1, t2);
                if Self::tonumeral(e1).is_none() && Self::tonumeral(e2).is_none() {
                    if let Some((opc, swap)) = typed_arith(op, t1, t2) {
                        let v2 = self.exp2anyreg(e2)?;
                        let v1 = self.arith_operand(e1, line)?;
                        self.freeexps(e1, e2);
                        let (b, c) = if swap { (v2, v1) } else { (v1, v2) };
                        e1.k = EK::Reloc(self.code_abc(opc, 0, b, c));
                        e1.ty = rty;
                        self.fixline(line);
                        return Ok(());
                    }
                }
                e1.ty = rty;
                let (rop, kop) = arith_opcode(op);
                // a float and a numeric constant (converted to a float here)
                if matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
                    let (n1, n2) = (Self::tonumeral(e1), Self::tonumeral(e2));
                    let form = match (n1, n2) {
                        (None, Some(n)) if t1 == Ty::Flt => Some((n, false)),
                        (Some(n), None) if t2 == Ty::Flt => Some((n, true)),
                        _ => None,
                    };
                    if let Some((n, konst_first)) = form {
                        let k = self.number_k(tonum_f(n));
                        if k <= MAXARG_C {
                            let (opc, reg_b) = match (op, konst_first) {
                                (BinOp::Add, _) => (OpCode::AddFK, true),
                                (BinOp::Mul, _) => (OpCode::MulFK, true),
                                (BinOp::Sub, false) => (OpCode::SubFK, true),
                                (BinOp::Div, false) => (OpCode::DivFK, true),
                                (BinOp::Sub, true) => (OpCode::SubKF, false),
                                _ => (OpCode::DivKF, false),
                            };
                            let r = if konst_first { self.exp2anyreg(e2)? } else { self.arith_operand(e1, line)? };
                            self.freeexps(e1, e2);
                            let (b, c) = if reg_b { (r, k) } else { (k, r) };
                            e1.k = EK::Reloc(self.code_abc(opc, 0, b, c));
                            e1.ty = Ty::Flt;
                            self.fixline(line);
                            return Ok(());
                        }
                    }
                }
                // integer +/- a small integer constant
                if t1 == Ty::Int && matches!(op, BinOp::Add | BinOp::Sub) && Self::tonumeral(e1).is_none() {
                    if let EK::KInt(i) = e2.k {
                        let imm = if op == BinOp::Add { Some(i) } else { i.checked_neg() };
                        if let Some(imm) = imm.filter(|&m| !e2.has_jumps() && fits_sc(m)) {
                            let r1 = self.arith_operand(e1, line)?;
                            self.freeexp(e1);
                            e1.k = EK::Reloc(self.code_abc(OpCode::AddIImm, 0, r1, (imm as i32 + OFFSET_SC) as u32));
                            self.fixline(line);
                            return Ok(());
                        }
                    }
                }
                if op == BinOp::Add {
                    if let EK::KInt(i) = e2.k {
                        if !e2.has_jumps() && fits_sc(i) {
                            let r1 = self.arith_operand(e1, line)?;
                            self.freeexp(e1);
                            e1.k = EK::Reloc(self.code_abc(OpCode::AddI, 0, r1, (i as i32 + OFFSET_SC) as u32));
                            self.fixline(line);
                            return Ok(());
                        }
                    }
                }
                if Self::tonumeral(e2).is_some() && self.exp2k(e2, false) {
                    let EK::K(k) = e2.k else { unreachable!() };
                    let r1 = self.arith_operand(e1, line)?;
                    self.freeexp(e1);
                    e1.k = EK::Reloc(self.code_abc(kop, 0, r1, k));
                    self.fixline(line);
                    return Ok(());
                }
                self.codebinexpval(rop, e1, e2, line)?;
            }
        }
        Ok(())
    }

    fn codeeq(&mut self, is_eq: bool, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>) -> R<()> {
        let (t1, t2) = (self.ety(e1), self.ety(e2));
        if t1 == t2 && t1.is_num() && Self::tonumeral(e1).is_none() && Self::tonumeral(e2).is_none() {
            let r1 = self.exp2anyreg(e1)?;
            let r2 = self.exp2anyreg(e2)?;
            self.freeexps(e1, e2);
            let op = if t1 == Ty::Int { OpCode::EqII } else { OpCode::EqFF };
            let pc = self.condjump(op, r1, r2, is_eq as u32);
            e1.k = EK::Jmp(pc);
            e1.ty = Ty::Bool;
            return Ok(());
        }
        if !matches!(e1.k, EK::NonReloc(_)) {
            // e1 is a constant: swap
            core::mem::swap(e1, e2);
        }
        let r1 = self.exp2anyreg(e1)?;
        let (op, r2) = if let Some(im) = Self::is_scnumber(e2) {
            (OpCode::EqI, (im + OFFSET_SC) as u32)
        } else if self.exp2k(e2, false) {
            let EK::K(k) = e2.k else { unreachable!() };
            (OpCode::EqK, k)
        } else {
            (OpCode::Eq, self.exp2anyreg(e2)?)
        };
        self.freeexps(e1, e2);
        let pc = self.condjump(op, r1, r2, is_eq as u32);
        e1.k = EK::Jmp(pc);
        Ok(())
    }

    fn codeorder(&mut self, op: BinOp, e1: &mut ExpDesc<'a>, e2: &mut ExpDesc<'a>) -> R<()> {
        let (opc, r1, r2);
        let (t1, t2) = (self.ety(e1), self.ety(e2));
        if t1 == t2 && t1.is_num() && Self::tonumeral(e1).is_none() && Self::tonumeral(e2).is_none() {
            r1 = self.exp2anyreg(e1)?;
            r2 = self.exp2anyreg(e2)?;
            opc = match (t1, op) {
                (Ty::Int, BinOp::Lt) => OpCode::LtII,
                (Ty::Int, _) => OpCode::LeII,
                (_, BinOp::Lt) => OpCode::LtFF,
                _ => OpCode::LeFF,
            };
        } else if let Some(im) = Self::is_scnumber(e2) {
            r1 = self.exp2anyreg(e1)?;
            r2 = (im + OFFSET_SC) as u32;
            opc = if op == BinOp::Lt { OpCode::LtI } else { OpCode::LeI };
        } else if let Some(im) = Self::is_scnumber(e1) {
            r1 = self.exp2anyreg(e2)?;
            r2 = (im + OFFSET_SC) as u32;
            opc = if op == BinOp::Lt { OpCode::GtI } else { OpCode::GeI };
        } else {
            r1 = self.exp2anyreg(e1)?;
            r2 = self.exp2anyreg(e2)?;
            opc = if op == BinOp::Lt { OpCode::Lt } else { OpCode::Le };
        }
        self.freeexps(e1, e2);
        let pc = self.condjump(opc, r1, r2, 1);
        e1.k = EK::Jmp(pc);
        Ok(())
    }

    fn setlist(&mut self, base: u32, nelems: u32, tostore: i32) -> R<()> {
        let c = (nelems.wrapping_sub(1)) / FIELDS_PER_FLUSH + 1;
        let b = if tostore == MULTRET { 0 } else { tostore as u32 };
        if c <= MAXARG_C {
            self.code_abc(OpCode::SetList, base, b, c);
        } else if c <= MAXARG_AX {
            self.code_abc(OpCode::SetList, base, b, 0);
            self.code(Instruction::ax_op(OpCode::ExtraArg, c));
        } else {
            return Err(self.error(b"constructor too long"));
        }
        self.fs().freereg = base + 1;
        Ok(())
    }

    // ------------------------------------------------------------------ expressions

    /// Compiles `e` (undischarged); leaves `self.line` at `e.end_line`, lua5.3's lastline
    /// when the construct around `e` finishes it.
    fn expr(&mut self, e: &Expr<'a>) -> R<ExpDesc<'a>> {
        let v = self.expr_inner(e)?;
        self.line = e.end_line;
        Ok(v)
    }

    fn expr_inner(&mut self, e: &Expr<'a>) -> R<ExpDesc<'a>> {
        self.line = e.line;
        self.near = e.pos;
        Ok(match e.kind {
            ExprKind::Nil => ExpDesc::new(EK::Nil),
            ExprKind::True => ExpDesc::new(EK::True),
            ExprKind::False => ExpDesc::new(EK::False),
            ExprKind::Int(i) => ExpDesc::new(EK::KInt(i)),
            ExprKind::Flt(f) => ExpDesc::new(EK::KFlt(f)),
            ExprKind::Str(s) => ExpDesc::new(EK::KStr(s)),
            ExprKind::Vararg => ExpDesc::new(EK::Vararg(self.code_abc(OpCode::VarArg, 0, 1, 0))),
            ExprKind::Local { .. }
            | ExprKind::Upval { .. }
            | ExprKind::Global { .. }
            | ExprKind::Index { .. }
            | ExprKind::Call { .. }
            | ExprKind::Method { .. } => self.suffixed(e)?,
            ExprKind::Function(fb) => {
                let mut v = self.closure(fb, e.line)?;
                v.ty = Ty::Clo;
                v
            }
            ExprKind::Binop { .. } => self.binop(e)?,
            ExprKind::Unop { op, e: inner } => {
                let mut v = self.expr(inner)?;
                self.prefix(op, &mut v, e.line)?;
                v
            }
            ExprKind::Paren(inner) => {
                let mut v = self.expr(inner)?;
                self.dischargevars(&mut v);
                v
            }
            ExprKind::Table(fields, close_line) => {
                let mut v = self.constructor(fields, e.line, close_line)?;
                v.ty = Ty::Tab;
                v
            }
            ExprKind::Cast { ty, e: inner } => {
                let t = Ty::from_ann(Some(ty));
                // `@integer[] {...}` / `@number[] {...}`: the literal is an array literal
                let mut v = self.expr_for(t, inner)?;
                if self.ety(&v) != t && t != Ty::Any {
                    self.exp2nextreg(&mut v)?;
                    let EK::NonReloc(r) = v.k else { unreachable!() };
                    self.line = e.line;
                    self.emit_check(t, r)?;
                }
                v.ty = t;
                v
            }
        })
    }

    /// A function literal: compiles the child and emits its Closure into the next register.
    #[inline(never)]
    fn closure(&mut self, fb: &FuncBody<'a>, line: u32) -> R<ExpDesc<'a>> {
        self.function(fb)?;
        let idx = self.close_child();
        self.line = line;
        if idx > MAXARG_BX {
            return Err(self.error(b"too many functions (limit is 65536)"));
        }
        let mut v = ExpDesc::new(EK::Reloc(self.code(Instruction::abx(OpCode::Closure, 0, idx))));
        self.exp2nextreg(&mut v)?;
        Ok(v)
    }

    /// Binary operators: walks the left spine iteratively (lua5.3's subexpr loop).
    #[inline(never)]
    fn binop(&mut self, e: &Expr<'a>) -> R<ExpDesc<'a>> {
        let mut spine: Vec<&Expr<'a>> = Vec::new();
        let mut cur = e;
        while let ExprKind::Binop { lhs, .. } = cur.kind {
            spine.push(cur);
            cur = lhs;
        }
        let mut v = self.expr(cur)?;
        for node in spine.iter().rev() {
            let ExprKind::Binop { op, rhs, .. } = node.kind else { unreachable!() };
            self.line = node.line;
            self.infix(op, &mut v)?;
            let mut v2 = self.expr(rhs)?;
            // lastline is the rhs's last token (comparisons and `and`/`or` use it);
            // arithmetic and concatenation fix their line to the operator's
            self.posfix(op, &mut v, &mut v2, node.line)?;
            self.line = node.end_line;
        }
        Ok(v)
    }

    /// Primary expressions with suffixes (names, fields, calls), iteratively.
    fn suffixed(&mut self, e: &Expr<'a>) -> R<ExpDesc<'a>> {
        let mut spine: Vec<&Expr<'a>> = Vec::new();
        let mut cur = e;
        loop {
            match cur.kind {
                ExprKind::Index { obj, .. } => {
                    spine.push(cur);
                    cur = obj;
                }
                ExprKind::Call { func, .. } => {
                    spine.push(cur);
                    cur = func;
                }
                ExprKind::Method { obj, .. } => {
                    spine.push(cur);
                    cur = obj;
                }
                _ => break,
            }
        }
        self.line = cur.line;
        self.near = cur.pos;
        let mut v = match cur.kind {
            ExprKind::Local { reg, .. } => {
                let t = self.fsr().vtypes.get(reg as usize).copied().unwrap_or(Ty::Any);
                ExpDesc::typed(EK::Local(reg as u32), t)
            }
            ExprKind::Upval { idx, .. } => {
                let t = self.fsr().uptypes.get(idx as usize).copied().unwrap_or(Ty::Any);
                ExpDesc::typed(EK::Upval(idx as u32), t)
            }
            ExprKind::Global { env, name } => {
                let mut t = match env.kind {
                    ExprKind::Local { reg, .. } => ExpDesc::new(EK::Local(reg as u32)),
                    ExprKind::Upval { idx, .. } => ExpDesc::new(EK::Upval(idx as u32)),
                    _ => unreachable!(),
                };
                let mut k = ExpDesc::new(EK::KStr(name));
                self.indexed(&mut t, &mut k)?;
                t
            }
            _ => self.expr(cur)?,
        };
        // each suffix starts where lua5.3 has just read the previous part
        self.line = cur.end_line;
        for node in spine.iter().rev() {
            match node.kind {
                ExprKind::Index { key, .. } => {
                    self.exp2anyregup(&mut v)?;
                    let mut k = self.expr(key)?;
                    self.exp2val(&mut k)?;
                    self.line = node.line;
                    self.indexed(&mut v, &mut k)?;
                }
                ExprKind::Method { name, name_pos, name_line, args, .. } => {
                    self.line = name_line;
                    self.near = name_pos;
                    self.self_op(&mut v, name)?;
                    self.funcargs(&mut v, args, node.line)?;
                }
                ExprKind::Call { args, .. } => {
                    self.exp2nextreg(&mut v)?;
                    self.funcargs(&mut v, args, node.line)?;
                }
                _ => unreachable!(),
            }
            self.line = node.end_line;
        }
        Ok(v)
    }

    #[inline(never)]
    fn funcargs(&mut self, f: &mut ExpDesc<'a>, args: &[Expr<'a>], line: u32) -> R<()> {
        let mut a = ExpDesc::new(EK::Void);
        if !args.is_empty() {
            a = self.explist(args)?.0;
            if has_multret(&a.k) {
                self.setmultret(&mut a)?;
            }
        }
        let EK::NonReloc(base) = f.k else { unreachable!() };
        let nparams: i32 = if has_multret(&a.k) {
            MULTRET
        } else {
            if !matches!(a.k, EK::Void) {
                self.exp2nextreg(&mut a)?;
            }
            (self.fsr().freereg - (base + 1)) as i32
        };
        self.line = line;
        let pc = self.code_abc(OpCode::Call, base, (nparams + 1) as u32, 2);
        f.k = EK::Call(pc);
        f.ty = Ty::Any;
        self.fs().freereg = base + 1;
        Ok(())
    }

    /// Evaluates an expression list; returns the last expression (undischarged) and the count.
    #[inline(never)]
    fn explist(&mut self, exprs: &[Expr<'a>]) -> R<(ExpDesc<'a>, usize)> {
        let mut v = ExpDesc::new(EK::Void);
        for (i, e) in exprs.iter().enumerate() {
            if i > 0 {
                self.near = e.pos;
                self.exp2nextreg(&mut v)?;
            }
            v = self.expr(e)?;
        }
        Ok((v, exprs.len()))
    }

    #[inline(never)]
    fn constructor(&mut self, fields: &[Field<'a>], line: u32, close_line: u32) -> R<ExpDesc<'a>> {
        self.line = line;
        let pc = self.code_abc(OpCode::NewTable, 0, 0, 0);
        let mut t = ExpDesc::new(EK::Reloc(pc));
        self.exp2nextreg(&mut t)?;
        let EK::NonReloc(treg) = t.k else { unreachable!() };
        let (mut na, mut nh, mut tostore) = (0u32, 0u32, 0i32);
        let mut v = ExpDesc::new(EK::Void);
        for fld in fields {
            // closelistfield
            if !matches!(v.k, EK::Void) {
                self.exp2nextreg(&mut v)?;
                v.k = EK::Void;
                if tostore == FIELDS_PER_FLUSH as i32 {
                    self.setlist(treg, na, tostore)?;
                    tostore = 0;
                }
            }
            match fld {
                Field::List(e) => {
                    v = self.expr(e)?;
                    na += 1;
                    tostore += 1;
                }
                Field::Rec { key, val } => {
                    let reg = self.fsr().freereg;
                    nh += 1;
                    let mut tab = ExpDesc::new(EK::NonReloc(treg));
                    let mut k = self.expr(key)?;
                    self.exp2val(&mut k)?;
                    self.indexed(&mut tab, &mut k)?;
                    let mut val = self.expr(val)?;
                    self.storevar(&tab, &mut val)?;
                    self.fs().freereg = reg;
                }
            }
        }
        // lastlistfield
        self.line = close_line;
        if tostore != 0 {
            if has_multret(&v.k) {
                self.setmultret(&mut v)?;
                self.setlist(treg, na, MULTRET)?;
                na -= 1;
            } else {
                if !matches!(v.k, EK::Void) {
                    self.exp2nextreg(&mut v)?;
                }
                self.setlist(treg, na, tostore)?;
            }
        }
        let i = self.instr(pc).with_b(int2fb(na)).with_c(int2fb(nh));
        self.set_instr(pc, i);
        Ok(t)
    }

    // ------------------------------------------------------------------ locals, blocks

    fn add_local(&mut self, name: &[u8]) -> R<()> {
        if self.fsr().f.loc_vars.len() >= MAX_LOCVARS {
            // lua5.3 raises this from luaM_growvector: a plain message without position
            return Err(SyntaxError { message: b"too many local variables (limit is 32767)".to_vec(), incomplete: false });
        }
        let pc = self.pc();
        let fs = self.fs();
        // `ty` is filled when the variable goes out of scope (removevars)
        fs.f.loc_vars.push(LocVar { name: name.to_vec(), start_pc: pc, end_pc: 0, ty: RaviType::Any });
        let idx = fs.f.loc_vars.len() - 1;
        fs.actvar.push(idx);
        fs.vtypes.push(Ty::Any);
        fs.nactvar += 1;
        Ok(())
    }

    fn removevars(&mut self, tolevel: u32) {
        let pc = self.pc();
        // plain Lua has no typed slots (its `for` variables are not typed either)
        let typed = self.typed;
        let fs = self.fs();
        while fs.nactvar > tolevel {
            fs.nactvar -= 1;
            let t = fs.vtypes.pop().unwrap_or(Ty::Any);
            let idx = fs.actvar.pop().unwrap();
            let v = &mut fs.f.loc_vars[idx];
            v.end_pc = pc;
            if typed {
                v.ty = t.ravi_type();
            }
        }
    }

    /// Leaves a nested block that started at `nact` active locals.
    fn leave_scope(&mut self, nact: u32, upval: bool, end_line: u32) {
        if self.fsr().defers.iter().any(|&r| r >= nact) {
            self.line = end_line;
            // cannot fail for lack of registers in practice: a block end has free registers
            let _ = self.call_defers(nact, true, 0);
        }
        if upval {
            self.line = end_line;
            self.code_abc(OpCode::Close, nact, 0, 0);
        }
        self.removevars(nact);
        let fs = self.fs();
        fs.freereg = fs.nactvar;
    }

    fn block(&mut self, b: &Block<'a>) -> R<()> {
        let nact = self.fsr().nactvar;
        self.stmts(b.stmts)?;
        self.leave_scope(nact, b.upval, b.end_line);
        Ok(())
    }

    fn bind_label(&mut self, id: u32) -> R<()> {
        let pc = self.getlabel();
        let fs = self.fs();
        fs.label_pc[id as usize] = pc as i32;
        let list = core::mem::replace(&mut fs.label_jumps[id as usize], NO_JUMP);
        self.patchlist(list, pc)
    }

    /// Sends jump list `list` to label `id` (now if bound, else when it is).
    fn jump_to_label(&mut self, list: i32, id: u32) -> R<()> {
        let target = self.fsr().label_pc[id as usize];
        if target >= 0 {
            self.patchlist(list, target as u32)
        } else {
            let mut l = self.fsr().label_jumps[id as usize];
            self.concat(&mut l, list)?;
            self.fs().label_jumps[id as usize] = l;
            Ok(())
        }
    }

    // ------------------------------------------------------------------ functions

    /// Compiles a function body. Only small locals live in this frame (it is on the
    /// recursion path of nested functions); setup and teardown are out of line.
    #[inline(never)]
    fn function(&mut self, fb: &FuncBody<'a>) -> R<()> {
        let saved_line = self.line;
        self.open_function(fb)?;
        self.stmts(fb.body.stmts)?;
        self.line = fb.end_line;
        if fb.ret_types.map_or(false, |r| !r.is_empty()) {
            self.typed_return(&[])?;
        } else {
            self.call_defers(0, false, 0)?;
            self.ret(0, 0);
        }
        self.removevars(0);
        self.line = saved_line;
        Ok(())
    }

    #[inline(never)]
    fn open_function(&mut self, fb: &FuncBody<'a>) -> R<()> {
        let uptypes: Vec<Ty<'a>> = match self.fs.last() {
            None => fb.upvals.iter().map(|_| Ty::Any).collect(),
            Some(parent) => fb
                .upvals
                .iter()
                .map(|u| {
                    let t = if u.in_stack { parent.vtypes.get(u.index as usize) } else { parent.uptypes.get(u.index as usize) };
                    t.copied().unwrap_or(Ty::Any)
                })
                .collect(),
        };
        let typed = self.typed;
        let f = Proto {
            num_params: fb.params.len() as u8,
            is_vararg: fb.is_vararg,
            max_stack: 2,
            line_defined: fb.line,
            last_line_defined: fb.last_line,
            source: self.source.clone(),
            upvalues: fb
                .upvals
                .iter()
                .zip(uptypes.iter())
                .map(|(u, t)| UpvalDesc {
                    name: u.name.to_vec(),
                    in_stack: u.in_stack,
                    index: u.index,
                    ty: if typed { t.ravi_type() } else { RaviType::Any },
                })
                .collect(),
            ..Default::default()
        };
        self.fs.push(FuncState {
            vtypes: Vec::new(),
            uptypes,
            defers: Vec::new(),
            ret_types: fb.ret_types,
            f,
            kcache: HashMap::new(),
            freereg: 0,
            nactvar: 0,
            actvar: Vec::new(),
            lasttarget: 0,
            jpc: Vec::new(),
            jpc_pc: 0,
            label_pc: vec![-1; fb.nlabels as usize],
            label_jumps: vec![NO_JUMP; fb.nlabels as usize],
            gotos: fb.gotos,
        });
        for p in fb.params {
            self.add_local(p.name)?;
        }
        let np = fb.params.len() as u32;
        self.reserveregs(np)?;
        // Ravi: typed parameters are checked (and converted) on entry
        self.line = fb.line;
        for (i, p) in fb.params.iter().enumerate() {
            let t = Ty::from_ann(p.ty);
            if t != Ty::Any {
                self.fs().vtypes[i] = t;
                self.emit_check(t, i as u32)?;
            }
        }
        Ok(())
    }

    /// Finishes the current function and adds it to its parent's protos; returns its index.
    #[inline(never)]
    fn close_child(&mut self) -> u32 {
        let fs = self.fs.pop().unwrap();
        let parent = self.fs();
        parent.f.protos.push(fs.f);
        (parent.f.protos.len() - 1) as u32
    }

    /// Compiles the main chunk.
    pub fn main(&mut self, fb: &FuncBody<'a>) -> R<Proto> {
        self.function(fb)?;
        Ok(self.fs.pop().unwrap().f)
    }

    fn ret(&mut self, first: u32, nret: i32) {
        self.code_abc(OpCode::Return, first, (nret + 1) as u32, 0);
    }

    // ------------------------------------------------------------------ statements

    fn stmts(&mut self, stmts: &[Stmt<'a>]) -> R<()> {
        for s in stmts {
            self.line = s.line;
            self.statement(s)?;
            let fs = self.fs();
            fs.freereg = fs.nactvar;
        }
        Ok(())
    }

    #[inline(never)]
    fn adjust_assign(&mut self, nvars: i32, nexps: i32, e: &mut ExpDesc<'a>) -> R<()> {
        let mut extra = nvars - nexps;
        if has_multret(&e.k) {
            extra += 1;
            if extra < 0 {
                extra = 0;
            }
            self.setreturns(e, extra)?;
            if extra > 1 {
                self.reserveregs(extra as u32 - 1)?;
            }
        } else {
            if !matches!(e.k, EK::Void) {
                self.exp2nextreg(e)?;
            }
            if extra > 0 {
                let reg = self.fsr().freereg;
                self.reserveregs(extra as u32)?;
                self.nil(reg, extra as u32);
            }
        }
        if nexps > nvars {
            self.fs().freereg -= (nexps - nvars) as u32;
        }
        Ok(())
    }

    fn cond(&mut self, e: &Expr<'a>) -> R<i32> {
        let mut v = self.expr(e)?;
        if matches!(v.k, EK::Nil) {
            v.k = EK::False;
        }
        self.goiftrue(&mut v)?;
        Ok(v.f)
    }

    #[inline(never)]
    fn goto_jump(&mut self, id: u32) -> R<()> {
        let info = self.fsr().gotos[id as usize];
        if self.fsr().defers.iter().any(|&r| r >= info.level as u32) {
            self.call_defers(info.level as u32, false, 0)?;
        }
        if let Some(lv) = info.close {
            self.code_abc(OpCode::Close, lv as u32, 0, 0);
        }
        let j = self.jump();
        self.jump_to_label(j as i32, info.label)
    }

    fn statement(&mut self, s: &Stmt<'a>) -> R<()> {
        match s.kind {
            StmtKind::Call(..) => self.st_call(s)?,
            StmtKind::Local { .. } => self.st_local(s)?,
            StmtKind::LocalFunction { .. } => self.st_local_function(s)?,
            StmtKind::Function { .. } => self.st_function(s)?,
            StmtKind::Assign { targets, exprs, next_pos } => {
                self.stmt_next = next_pos;
                self.assign(targets, exprs)?
            }
            StmtKind::Defer { func } => {
                let mut v = self.closure(func, func.end_line)?;
                let EK::NonReloc(r) = v.k else { unreachable!() };
                let _ = &mut v;
                self.add_local(DEFER_LOCAL)?;
                self.fs().defers.push(r);
            }
            StmtKind::Do(ref b) => self.block(b)?,
            StmtKind::While { .. } => self.st_while(s)?,
            StmtKind::Repeat { .. } => self.st_repeat(s)?,
            StmtKind::If { .. } => self.st_if(s)?,
            StmtKind::NumFor { .. } => self.st_num_for(s)?,
            StmtKind::GenFor { .. } => self.st_gen_for(s)?,
            StmtKind::Return { .. } => self.st_return(s)?,
            StmtKind::Goto { id, jmp_line, .. } => {
                self.line = jmp_line;
                self.goto_jump(id)?
            }
            StmtKind::Label { id } => self.bind_label(id)?,
        }
        Ok(())
    }

    #[inline(never)]
    fn st_call(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::Call(ref e) = s.kind else { unreachable!() };
        let v = self.expr(e)?;
        let EK::Call(pc) = v.k else { unreachable!() };
        let i = self.instr(pc).with_c(1);
        self.set_instr(pc, i);
        Ok(())
    }

    #[inline(never)]
    fn st_local(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::Local { names, exprs, next_pos, end_line } = s.kind else { unreachable!() };
        if names.iter().all(|d| d.ty.is_none()) {
            let (mut e, n) = self.explist(exprs)?;
            self.line = end_line;
            self.adjust_assign(names.len() as i32, n as i32, &mut e)?;
            for d in names {
                self.add_local(d.name)?;
            }
            return Ok(());
        }
        // Ravi: typed locals
        self.stmt_next = next_pos;
        let base = self.fsr().freereg;
        let nvars = names.len();
        let mut need = vec![false; nvars];
        let mut v = ExpDesc::new(EK::Void);
        for (i, e) in exprs.iter().enumerate() {
            if i > 0 {
                self.near = e.pos;
                self.exp2nextreg(&mut v)?;
            }
            let t = names.get(i).map_or(Ty::Any, |d| Ty::from_ann(d.ty));
            v = self.expr_for(t, e)?;
            if i < nvars {
                need[i] = self.static_check(t, &mut v, true)?;
            }
        }
        let multret = has_multret(&v.k);
        self.line = end_line;
        self.adjust_assign(nvars as i32, exprs.len() as i32, &mut v)?;
        self.line = s.line;
        for (i, d) in names.iter().enumerate() {
            let t = Ty::from_ann(d.ty);
            let reg = base + i as u32;
            if i + 1 >= exprs.len() && multret {
                self.emit_check(t, reg)?;
            } else if i >= exprs.len() {
                match t {
                    Ty::Int => self.code_int(reg, 0),
                    Ty::Flt => self.code_float(reg, 0.0),
                    Ty::Tab | Ty::IArr | Ty::FArr => {
                        let mut m = b"uninitialized ".to_vec();
                        m.extend_from_slice(t.name());
                        m.extend_from_slice(b" in local variable");
                        self.near = next_pos;
                        return Err(self.error(&m));
                    }
                    _ => {}
                }
            } else if need[i] {
                self.emit_check(t, reg)?;
            }
        }
        for d in names {
            self.add_local(d.name)?;
            let r = self.fsr().nactvar as usize - 1;
            self.fs().vtypes[r] = Ty::from_ann(d.ty);
        }
        Ok(())
    }

    /// `return` in a function with return annotations: values are adjusted to the
    /// declared count and checked.
    #[inline(never)]
    fn typed_return(&mut self, exprs: &[Expr<'a>]) -> R<()> {
        let rts = self.fsr().ret_types.unwrap_or(&[]);
        let n = rts.len();
        let base = self.fsr().freereg;
        let mut need = vec![true; n];
        let mut v = ExpDesc::new(EK::Void);
        for (i, e) in exprs.iter().enumerate() {
            if i > 0 {
                self.exp2nextreg(&mut v)?;
            }
            let t = if i < n { Ty::from_ann(Some(&rts[i])) } else { Ty::Any };
            v = self.expr_for(t, e)?;
            if i < n {
                need[i] = self.static_check(t, &mut v, false)?;
            }
        }
        let multret = has_multret(&v.k);
        self.adjust_assign(n as i32, exprs.len() as i32, &mut v)?;
        for i in 0..n {
            let t = Ty::from_ann(Some(&rts[i]));
            if need[i] || i >= exprs.len() || (multret && i + 1 >= exprs.len()) {
                self.emit_check(t, base + i as u32)?;
            }
        }
        self.call_defers(0, false, base + n as u32)?;
        self.ret(base, n as i32);
        Ok(())
    }

    #[inline(never)]
    fn st_local_function(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::LocalFunction { decl, func } = s.kind else { unreachable!() };
        self.add_local(decl.name)?;
        self.closure(func, func.end_line)?;
        let pc = self.pc();
        let fs = self.fs();
        let li = *fs.actvar.last().unwrap();
        fs.f.loc_vars[li].start_pc = pc;
        Ok(())
    }

    #[inline(never)]
    fn st_function(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::Function { ref target, func } = s.kind else { unreachable!() };
        let v = self.suffixed(target)?;
        let mut b = self.closure(func, func.end_line)?;
        self.storevar(&v, &mut b)?;
        self.fixline(s.line);
        Ok(())
    }

    #[inline(never)]
    fn st_while(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::While { ref cond, ref body, break_label } = s.kind else { unreachable!() };
        let whileinit = self.getlabel();
        let condexit = self.cond(cond)?;
        self.block(body)?;
        self.line = body.end_line;
        let j = self.jump();
        self.patchlist(j as i32, whileinit)?;
        if let Some(l) = break_label {
            self.bind_label(l)?;
        }
        self.patchtohere(condexit)?;
        Ok(())
    }

    #[inline(never)]
    fn st_repeat(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::Repeat { ref body, ref cond, break_label } = s.kind else { unreachable!() };
        let repeat_init = self.getlabel();
        let nact = self.fsr().nactvar;
        self.stmts(body.stmts)?;
        let mut condexit = self.cond(cond)?;
        if body.upval {
            let exit = self.jump();
            self.patchtohere(condexit)?;
            self.code_abc(OpCode::Close, nact, 0, 0);
            condexit = self.jump() as i32;
            self.patchtohere(exit as i32)?;
        }
        self.leave_scope(nact, body.upval, body.end_line);
        self.patchlist(condexit, repeat_init)?;
        if let Some(l) = break_label {
            self.bind_label(l)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn st_if(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::If { clauses, ref else_block } = s.kind else { unreachable!() };
        let mut escapelist = NO_JUMP;
        let n = clauses.len();
        for (ci, (cond, blk)) in clauses.iter().enumerate() {
            let has_more = ci + 1 < n || else_block.is_some();
            self.test_then_block(cond, blk, has_more, &mut escapelist)?;
        }
        if let Some(b) = else_block {
            self.block(b)?;
        }
        self.patchtohere(escapelist)?;
        Ok(())
    }

    #[inline(never)]
    fn st_num_for(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::NumFor { var, ref start, ref limit, ref step, ref body, vars_upval, break_label, do_line } = s.kind else { unreachable!() };
        let nact = self.fsr().nactvar;
        let base = self.fsr().freereg;
        let mut e = self.expr(start)?;
        let t_init = self.ety(&e);
        self.exp2nextreg(&mut e)?;
        let mut e = self.expr(limit)?;
        let t_lim = self.ety(&e);
        self.exp2nextreg(&mut e)?;
        let t_step;
        let mut step_positive = step.is_none();
        if let Some(st) = step {
            let mut e = self.expr(st)?;
            t_step = self.ety(&e);
            step_positive = matches!(Self::tonumeral(&e), Some(Num::I(i)) if i > 0);
            self.exp2nextreg(&mut e)?;
        } else {
            let r = self.fsr().freereg;
            self.code_int(r, 1);
            self.reserveregs(1)?;
            t_step = Ty::Int;
        }
        // Ravi: the loop variable's type follows 5.3's loop kind when it is provable
        let var_ty = if t_init == Ty::Int && t_step == Ty::Int && t_lim.is_num() {
            Ty::Int
        } else if t_init.is_num() && t_step.is_num() && t_lim.is_num() {
            Ty::Flt
        } else {
            Ty::Any
        };
        // 1: an integer loop (ForPrepI/ForLoopI); 2: one with a positive constant step (ForLoopIP)
        self.for_typed = match (t_init == Ty::Int && t_step == Ty::Int && t_lim == Ty::Int, step_positive) {
            (true, true) => 2,
            (true, false) => 1,
            _ => 0,
        };
        self.for_var_ty = var_ty;
        self.forbody(base, s.line, do_line, &[var.name], body, vars_upval, true)?;
        if let Some(l) = break_label {
            self.bind_label(l)?;
        }
        self.leave_scope(nact, false, body.end_line);
        Ok(())
    }

    #[inline(never)]
    fn st_gen_for(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::GenFor { vars, exprs, exprs_line, ref body, vars_upval, break_label, do_line } = s.kind else { unreachable!() };
        let nact = self.fsr().nactvar;
        let base = self.fsr().freereg;
        let (mut e, n) = self.explist(exprs)?;
        self.adjust_assign(3, n as i32, &mut e)?;
        self.checkstack(3)?;
        let names: Vec<&[u8]> = vars.iter().map(|d| d.name).collect();
        self.forbody(base, exprs_line, do_line, &names, body, vars_upval, false)?;
        if let Some(l) = break_label {
            self.bind_label(l)?;
        }
        self.leave_scope(nact, false, body.end_line);
        Ok(())
    }

    #[inline(never)]
    fn st_return(&mut self, s: &Stmt<'a>) -> R<()> {
        let StmtKind::Return { exprs } = s.kind else { unreachable!() };
        if self.fsr().ret_types.is_some() {
            return self.typed_return(exprs);
        }
        let has_defers = !self.fsr().defers.is_empty();
        if has_defers {
            if let Some(last) = exprs.last() {
                if matches!(last.kind, ExprKind::Call { .. } | ExprKind::Method { .. } | ExprKind::Vararg) {
                    return self.defer_multret_return(exprs);
                }
            }
        }
        let (first, nret);
        if exprs.is_empty() {
            first = 0;
            nret = 0;
        } else {
            let (mut e, n) = self.explist(exprs)?;
            if has_multret(&e.k) {
                self.setmultret(&mut e)?;
                if let EK::Call(pc) = e.k {
                    if n == 1 && !has_defers {
                        let i = self.instr(pc);
                        self.set_instr(pc, Instruction((i.0 & !0xff) | OpCode::TailCall as u32));
                    }
                }
                first = self.fsr().nactvar;
                nret = MULTRET;
            } else if n == 1 {
                first = self.exp2anyreg(&mut e)?;
                nret = 1;
            } else {
                self.exp2nextreg(&mut e)?;
                first = self.fsr().nactvar;
                nret = n as i32;
            }
        }
        if has_defers {
            let scratch = if nret > 0 { first + nret as u32 } else { 0 };
            self.call_defers(0, false, scratch)?;
        }
        self.ret(first, nret);
        Ok(())
    }

    /// `return e1, ..., f()` in the scope of a `defer`: compiled as
    /// `return (function(...) <run defers> return ... end)(e1, ..., f())`, with a
    /// synthetic closure capturing the defer registers, so every value is kept and the
    /// defers run after the expressions are evaluated.
    #[inline(never)]
    fn defer_multret_return(&mut self, exprs: &[Expr<'a>]) -> R<()> {
        let regs: Vec<u32> = self.fsr().defers.clone();
        let line = self.line;
        let mut code = Vec::new();
        let mut upvalues = Vec::new();
        for (ui, r) in regs.iter().rev().enumerate() {
            upvalues.push(UpvalDesc { name: b"(defer)".to_vec(), in_stack: true, index: *r as u8, ty: RaviType::Any });
            code.push(Instruction::abc(OpCode::GetUpval, 0, ui as u32, 0));
            code.push(Instruction::abc(OpCode::LoadNil, 1, 0, 0));
            code.push(Instruction::abc(OpCode::SetUpval, 1, ui as u32, 0));
            code.push(Instruction::abc(OpCode::Call, 0, 1, 1));
        }
        code.push(Instruction::abc(OpCode::VarArg, 0, 0, 0));
        code.push(Instruction::abc(OpCode::Return, 0, 0, 0));
        let n = code.len();
        let p = Proto {
            code,
            upvalues,
            is_vararg: true,
            max_stack: 2,
            line_info: vec![line; n],
            line_defined: line,
            last_line_defined: line,
            source: self.source.clone(),
            ..Default::default()
        };
        self.fs().f.protos.push(p);
        let idx = (self.fsr().f.protos.len() - 1) as u32;
        if idx > MAXARG_BX {
            return Err(self.error(b"too many functions (limit is 65536)"));
        }
        let mut f = ExpDesc::new(EK::Reloc(self.code(Instruction::abx(OpCode::Closure, 0, idx))));
        self.exp2nextreg(&mut f)?;
        let EK::NonReloc(fr) = f.k else { unreachable!() };
        let (mut e, _) = self.explist(exprs)?;
        self.setmultret(&mut e)?;
        self.line = line;
        self.code_abc(OpCode::Call, fr, 0, 0);
        self.ret(fr, MULTRET);
        Ok(())
    }

    #[inline(never)]
    fn test_then_block(&mut self, cond: &Expr<'a>, blk: &Block<'a>, has_more: bool, escapelist: &mut i32) -> R<()> {
        let mut v = self.expr(cond)?;
        let nact = self.fsr().nactvar;
        let jf;
        let rest: &[Stmt<'a>];
        let first_goto = match blk.stmts.first() {
            Some(Stmt { kind: StmtKind::Goto { id, .. }, .. }) if self.fsr().gotos[*id as usize].close.is_none() => {
                Some(*id)
            }
            _ => None,
        };
        if let Some(id) = first_goto {
            self.goiffalse(&mut v)?;
            let label = self.fsr().gotos[id as usize].label;
            self.jump_to_label(v.t, label)?;
            rest = &blk.stmts[1..];
            if rest.is_empty() {
                self.leave_scope(nact, blk.upval, blk.end_line);
                return Ok(());
            }
            self.line = blk.stmts[0].line;
            jf = self.jump() as i32;
        } else {
            self.goiftrue(&mut v)?;
            jf = v.f;
            rest = blk.stmts;
        }
        self.stmts(rest)?;
        self.leave_scope(nact, blk.upval, blk.end_line);
        if has_more {
            self.line = blk.end_line;
            let j = self.jump();
            self.concat(escapelist, j as i32)?;
        }
        self.patchtohere(jf)
    }

    #[inline(never)]
    fn forbody(
        &mut self,
        base: u32,
        line: u32,
        do_line: u32,
        names: &[&[u8]],
        body: &Block<'a>,
        vars_upval: bool,
        isnum: bool,
    ) -> R<()> {
        if isnum {
            self.add_local(b"(for index)")?;
            self.add_local(b"(for limit)")?;
            self.add_local(b"(for step)")?;
        } else {
            self.add_local(b"(for generator)")?;
            self.add_local(b"(for state)")?;
            self.add_local(b"(for control)")?;
        }
        self.line = do_line;
        let typed_loop = isnum && self.for_typed >= 1;
        let step_positive = self.for_typed == 2;
        let var_ty = if isnum { self.for_var_ty } else { Ty::Any };
        self.for_typed = 0;
        self.for_var_ty = Ty::Any;
        let prep = if isnum {
            self.code_asbx(if typed_loop { OpCode::ForPrepI } else { OpCode::ForPrep }, base, 0)
        } else {
            self.jump()
        };
        let nact = self.fsr().nactvar;
        for n in names {
            self.add_local(n)?;
        }
        if isnum {
            let r = nact as usize;
            self.fs().vtypes[r] = var_ty;
        }
        self.reserveregs(names.len() as u32)?;
        self.block(body)?;
        self.leave_scope(nact, vars_upval, body.end_line);
        self.line = line;
        if isnum {
            let here = self.getlabel();
            self.fix_sbx(prep, here)?;
            let op = match (typed_loop, step_positive) {
                (true, true) => OpCode::ForLoopIP,
                (true, false) => OpCode::ForLoopI,
                _ => OpCode::ForLoop,
            };
            let endfor = self.code_asbx(op, base, 0);
            self.fix_sbx(endfor, prep + 1)?;
        } else {
            self.patchtohere(prep as i32)?;
            self.code_abc(OpCode::TForCall, base, 0, names.len() as u32);
            let endfor = self.code_asbx(OpCode::TForLoop, base + 2, 0);
            self.fix_sbx(endfor, prep + 1)?;
        }
        Ok(())
    }

    fn fix_sbx(&mut self, pc: u32, dest: u32) -> R<()> {
        let offset = dest as i64 - (pc as i64 + 1);
        if !fits_sbx(offset) {
            return Err(self.error(b"control structure too long"));
        }
        let i = self.instr(pc).with_sbx(offset as i32);
        self.set_instr(pc, i);
        Ok(())
    }

    #[inline(never)]
    fn assign(&mut self, targets: &[Expr<'a>], exprs: &[Expr<'a>]) -> R<()> {
        let mut vars: Vec<ExpDesc<'a>> = Vec::with_capacity(targets.len());
        for t in targets {
            let v = self.suffixed(t)?;
            if !vars.is_empty()
                && !matches!(
                    v.k,
                    EK::IndexUp { .. }
                        | EK::IndexStr { .. }
                        | EK::IndexInt { .. }
                        | EK::Indexed { .. }
                        | EK::ArrIdx { .. }
                        | EK::ArrIdxImm { .. }
                        | EK::TIndexStr { .. }
                        | EK::TIndexInt { .. }
                )
            {
                self.check_conflict(&mut vars, &v)?;
            }
            vars.push(v);
        }
        let nvars = vars.len() as i32;
        // Ravi: static types of the values stored from registers by `store_rest`
        let mut tys: Vec<Ty<'a>> = Vec::new();
        let (mut e, nexps) = if vars.len() == 1 && exprs.len() == 1 {
            let t = match vars[0].k {
                EK::Local(r) => self.fsr().vtypes.get(r as usize).copied().unwrap_or(Ty::Any),
                EK::Upval(u) => self.fsr().uptypes.get(u as usize).copied().unwrap_or(Ty::Any),
                _ => Ty::Any,
            };
            (self.expr_for(t, &exprs[0])?, 1)
        } else if self.typed {
            let mut v = ExpDesc::new(EK::Void);
            for (i, ex) in exprs.iter().enumerate() {
                if i > 0 {
                    self.near = ex.pos;
                    tys.push(self.ety(&v));
                    self.exp2nextreg(&mut v)?;
                }
                v = self.expr(ex)?;
            }
            (v, exprs.len())
        } else {
            self.explist(exprs)?
        };
        let last = vars.len() - 1;
        if nexps as i32 != nvars {
            // values beyond the expressions (nil or extra results) are untyped
            tys.push(if has_multret(&e.k) { Ty::Any } else { self.ety(&e) });
            tys.resize(vars.len().min(nexps), Ty::Any);
            self.adjust_assign(nvars, nexps as i32, &mut e)?;
        } else {
            self.setoneret(&mut e);
            let lv = vars[last];
            self.storevar(&lv, &mut e)?;
            return self.store_rest(&vars[..last], &tys);
        }
        self.store_rest(&vars, &tys)
    }

    /// Stores the values in the registers below `freereg` into `vars`, last first;
    /// `tys[i]` is the static type of the value for `vars[i]` when known.
    fn store_rest(&mut self, vars: &[ExpDesc<'a>], tys: &[Ty<'a>]) -> R<()> {
        for (i, v) in vars.iter().enumerate().rev() {
            let ty = tys.get(i).copied().unwrap_or(Ty::Any);
            let mut e = ExpDesc::typed(EK::NonReloc(self.fsr().freereg - 1), ty);
            self.storevar(v, &mut e)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn check_conflict(&mut self, prev: &mut [ExpDesc<'a>], v: &ExpDesc<'a>) -> R<()> {
        let extra = self.fsr().freereg;
        let mut conflict = false;
        for lh in prev.iter_mut() {
            match lh.k {
                EK::IndexUp { t, k } => {
                    if let EK::Upval(u) = v.k {
                        if t == u {
                            conflict = true;
                            lh.k = EK::IndexStr { t: extra, k };
                        }
                    }
                }
                EK::IndexStr { ref mut t, .. }
                | EK::IndexInt { ref mut t, .. }
                | EK::ArrIdxImm { ref mut t, .. }
                | EK::TIndexStr { ref mut t, .. } => {
                    if let EK::Local(r) = v.k {
                        if *t == r {
                            conflict = true;
                            *t = extra;
                        }
                    }
                }
                EK::Indexed { ref mut t, ref mut k }
                | EK::ArrIdx { ref mut t, ref mut k, .. }
                | EK::TIndexInt { ref mut t, ref mut k } => {
                    if let EK::Local(r) = v.k {
                        if *t == r {
                            conflict = true;
                            *t = extra;
                        }
                        if *k == r {
                            conflict = true;
                            *k = extra;
                        }
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                EK::Local(r) => {
                    self.code_abc(OpCode::Move, extra, r, 0);
                }
                EK::Upval(u) => {
                    self.code_abc(OpCode::GetUpval, extra, u, 0);
                }
                _ => {}
            }
            self.reserveregs(1)?;
        }
        Ok(())
    }
}
