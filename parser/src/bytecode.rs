//! The bytecode contract between the compiler (this crate) and the VM: instruction
//! encoding, the opcode set with its exact semantics, and [`Proto`], the compiled function.
//!
//! Semantics are Lua 5.3's (lvm.c); the encoding borrows Lua 5.4's idea of specialised
//! operand forms (constant, immediate, field) instead of 5.3's RK bit, so the interpreter
//! decodes each operand without a branch. Nothing here knows about the VM's heap: constants
//! are plain [`Constant`]s that the VM turns into its own values when it loads a `Proto`.
//!
//! Instruction word (32 bits, little end first):
//!
//! ```text
//!  31      24 23      16 15       8 7        0
//! +----------+----------+----------+----------+
//! |    C     |    B     |    A     |    op    |   iABC
//! |         Bx          |    A     |    op    |   iABx   (Bx unsigned 16 bits)
//! |        sBx          |    A     |    op    |   iAsBx  (sBx = Bx - OFFSET_SBX)
//! |              sJ                |    op    |   isJ    (sJ = 24 bits - OFFSET_SJ)
//! |              Ax                |    op    |   iAx    (Ax unsigned 24 bits)
//! +----------+----------+----------+----------+
//! ```
//!
//! Notation below: `R[x]` register x of the frame, `K[x]` constant x, `U[x]` upvalue x,
//! `sB`/`sC` a signed 8-bit immediate stored as `B - OFFSET_SC` / `C - OFFSET_SC`,
//! `pc` already points at the next instruction when an instruction executes.
//! "Metamethods" means the full 5.3 semantics of the operation (lvm.c), including the
//! error messages of ldebug.c with variable names recovered from the bytecode.

use alloc::rc::Rc;
use alloc::vec::Vec;

/// Number of bits and positions of the fields.
pub const SIZE_OP: u32 = 8;
pub const POS_A: u32 = 8;
pub const POS_B: u32 = 16;
pub const POS_C: u32 = 24;
pub const MAXARG_A: u32 = 255;
pub const MAXARG_B: u32 = 255;
pub const MAXARG_C: u32 = 255;
pub const MAXARG_BX: u32 = 0xffff;
pub const OFFSET_SBX: i32 = 0x7fff;
pub const MAXARG_AX: u32 = 0xff_ffff;
pub const MAXARG_SJ: u32 = 0xff_ffff;
pub const OFFSET_SJ: i32 = 0x7f_ffff;
/// Bias of the signed 8-bit immediates `sB`/`sC`: stored value = imm + OFFSET_SC (imm in -127..=128).
pub const OFFSET_SC: i32 = 127;
/// Values per SETLIST flush (LFIELDS_PER_FLUSH).
pub const FIELDS_PER_FLUSH: u32 = 50;
/// Maximum number of registers of a function (lua5.3: "function or expression needs too many registers").
pub const MAX_REGS: u32 = 255;

/// A register index within the current frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reg(pub u8);

/// An index into [`Proto::constants`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstIdx(pub u32);

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident = $fmt:ident ),* $(,)?) => {
        /// The opcodes. `#[repr(u8)]`, numbered in declaration order; the binary chunk
        /// format and the JIT rely on these numbers, so append new ones at the end.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OpCode { $( $(#[$doc])* $name ),* }

        impl OpCode {
            /// Every opcode, indexed by its number.
            pub const ALL: &'static [OpCode] = &[ $( OpCode::$name ),* ];
            /// Mnemonic as `--bytecode` listings print it.
            pub fn name(self) -> &'static str {
                match self { $( OpCode::$name => stringify!($name) ),* }
            }
            /// Operand layout of the instruction.
            pub fn format(self) -> Format {
                match self { $( OpCode::$name => Format::$fmt ),* }
            }
        }
    };
}

/// Operand layout of an opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    ABC,
    ABx,
    AsBx,
    SJ,
    Ax,
}

opcodes! {
    /// `R[A] := R[B]`
    Move = ABC,
    /// `R[A] := K[Bx]`
    LoadK = ABx,
    /// `R[A] := K[extra]` — the next instruction is ExtraArg holding the constant index.
    LoadKX = ABC,
    /// `R[A] := sBx` as an integer.
    LoadI = AsBx,
    /// `R[A] := sBx` as a float.
    LoadF = AsBx,
    /// `R[A] := (B != 0); if C != 0 { pc++ }`
    LoadBool = ABC,
    /// `R[A], ..., R[A+B] := nil`
    LoadNil = ABC,
    /// `R[A] := U[B]`
    GetUpval = ABC,
    /// `U[B] := R[A]`
    SetUpval = ABC,
    /// `R[A] := U[B][K[C]]` — K[C] is a string (global access through `_ENV`).
    GetTabUp = ABC,
    /// `R[A] := R[B][R[C]]`
    GetTable = ABC,
    /// `R[A] := R[B][C]` — C is an unsigned integer key 0..=255.
    GetI = ABC,
    /// `R[A] := R[B][K[C]]` — K[C] is a string.
    GetField = ABC,
    /// `U[A][K[B]] := R[C]` — K[B] is a string.
    SetTabUp = ABC,
    /// `R[A][R[B]] := R[C]`
    SetTable = ABC,
    /// `R[A][B] := R[C]` — B is an unsigned integer key 0..=255.
    SetI = ABC,
    /// `R[A][K[B]] := R[C]` — K[B] is a string.
    SetField = ABC,
    /// `U[A][K[B]] := K[C]` — K[B] is a string (SetTabUp with a constant value).
    SetTabUpK = ABC,
    /// `R[A][R[B]] := K[C]`
    SetTableK = ABC,
    /// `R[A][B] := K[C]` — B is an unsigned integer key 0..=255.
    SetIK = ABC,
    /// `R[A][K[B]] := K[C]` — K[B] is a string.
    SetFieldK = ABC,
    /// `R[A] := {}` with size hints: array part B, hash part C (both encoded with
    /// [`int2fb`]; decode with [`fb2int`]).
    NewTable = ABC,
    /// `R[A+1] := R[B]; R[A] := R[B][K[C]]` — K[C] is a string (method lookup).
    SelfOp = ABC,
    /// `R[A] := R[B] + sC` (integer immediate; float if R[B] is a float).
    AddI = ABC,
    /// `R[A] := R[B] op K[C]` — K[C] is a number constant. Same semantics as the register forms.
    AddK = ABC,
    SubK = ABC,
    MulK = ABC,
    ModK = ABC,
    PowK = ABC,
    DivK = ABC,
    IDivK = ABC,
    BAndK = ABC,
    BOrK = ABC,
    BXorK = ABC,
    ShlK = ABC,
    ShrK = ABC,
    /// `R[A] := R[B] op R[C]` with Lua 5.3 arithmetic, coercions and metamethods.
    Add = ABC,
    Sub = ABC,
    Mul = ABC,
    Mod = ABC,
    Pow = ABC,
    Div = ABC,
    IDiv = ABC,
    BAnd = ABC,
    BOr = ABC,
    BXor = ABC,
    Shl = ABC,
    Shr = ABC,
    /// `R[A] := -R[B]`
    Unm = ABC,
    /// `R[A] := ~R[B]`
    BNot = ABC,
    /// `R[A] := not R[B]`
    Not = ABC,
    /// `R[A] := #R[B]` (length, `__len`)
    Len = ABC,
    /// `R[A] := R[B] .. ... .. R[C]` (right associative concat of consecutive registers, `__concat`)
    Concat = ABC,
    /// `pc += sJ`
    Jmp = SJ,
    /// Close every open upvalue that refers to a register `>= R[A]`.
    Close = ABC,
    /// `if ((R[A] == R[B]) ~= (C != 0)) then pc++` — always followed by a Jmp.
    Eq = ABC,
    /// `if ((R[A] < R[B]) ~= (C != 0)) then pc++`
    Lt = ABC,
    /// `if ((R[A] <= R[B]) ~= (C != 0)) then pc++`
    Le = ABC,
    /// `if ((R[A] == K[B]) ~= (C != 0)) then pc++` — K[B] any constant (nil excluded).
    EqK = ABC,
    /// `if ((R[A] == sB) ~= (C != 0)) then pc++` — integer immediate.
    EqI = ABC,
    /// `if ((R[A] < sB) ~= (C != 0)) then pc++` — integer immediate; error messages keep
    /// the source operand order ("attempt to compare nil with number").
    LtI = ABC,
    /// `if ((R[A] <= sB) ~= (C != 0)) then pc++`
    LeI = ABC,
    /// `if ((R[A] > sB) ~= (C != 0)) then pc++` — from source `sB < R[A]`; messages say
    /// "attempt to compare number with nil".
    GtI = ABC,
    /// `if ((R[A] >= sB) ~= (C != 0)) then pc++` — from source `sB <= R[A]`.
    GeI = ABC,
    /// `if (not R[A] == (C != 0)) then pc++` — i.e. skip the next instruction (a Jmp) unless
    /// the truthiness of R[A] equals C.
    Test = ABC,
    /// `if (truthy(R[B]) == (C != 0)) then R[A] := R[B] else pc++`
    TestSet = ABC,
    /// `R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])`; B == 0: arguments up to the
    /// top set by the previous multi-result instruction; C == 0: keep all results and set top.
    Call = ABC,
    /// `return R[A](R[A+1], ..., R[A+B-1])` — proper tail call, B as in Call.
    TailCall = ABC,
    /// `return R[A], ..., R[A+B-2]`; B == 0: up to top. Closes open upvalues of the frame.
    Return = ABC,
    /// Numeric for loop step (5.3 semantics: integer loop if init and step are integers and
    /// the limit is converted as forlimit does; else float loop).
    /// `R[A] += R[A+2]; if R[A] <?= R[A+1] then { pc += sBx; R[A+3] := R[A] }`
    ForLoop = AsBx,
    /// Numeric for loop preparation: converts/validates ("'for' initial value must be a
    /// number", "'for' limit must be a number", "'for' step must be a number",
    /// "'for' step is zero"), `R[A] -= R[A+2]; pc += sBx` (jumps to the ForLoop).
    ForPrep = AsBx,
    /// Generic for call: `R[A+3], ..., R[A+2+C] := R[A](R[A+1], R[A+2])`.
    TForCall = ABC,
    /// `if R[A+1] ~= nil then { R[A] := R[A+1]; pc += sBx }`
    TForLoop = AsBx,
    /// `R[A][(C-1)*FPF + i] := R[A+i], 1 <= i <= B` (FPF = [`FIELDS_PER_FLUSH`]);
    /// B == 0: up to top; C == 0: the block number is in the next ExtraArg (Ax).
    SetList = ABC,
    /// `R[A] := closure(protos[Bx])`
    Closure = ABx,
    /// `R[A], R[A+1], ..., R[A+B-2] = vararg`; B == 0: all of them, set top.
    VarArg = ABC,
    /// Extra (larger) argument of the previous instruction.
    ExtraArg = Ax,

    // ---------------------------------------------------------------- Ravi typed opcodes
    // Appended after the Lua 5.3 set. "R[x] is integer" etc. means the code generator has
    // proven the register's type; the interpreter does not check it, and the binary-chunk
    // verifier (`chunk::verify`) proves it again by a forward dataflow before any of these
    // may run (see `typed_effect`).
    /// `R[A] := toint(R[A])`: an integer stays, a float with an exact integral value is
    /// converted, anything else raises "integer expected".
    ToInt = ABC,
    /// `R[A] := tofloat(R[A])`: numbers are converted to float, else "number expected".
    ToFlt = ABC,
    /// Checks `R[A]` is an `integer[]` ("integer[] expected").
    ToIArray = ABC,
    /// Checks `R[A]` is a `number[]` ("number[] expected").
    ToFArray = ABC,
    /// Checks `R[A]` is a Lua table, not an array ("table expected").
    ToTab = ABC,
    /// Checks `R[A]` is a string or nil ("string expected").
    ToStr = ABC,
    /// Checks `R[A]` is a function or nil ("closure expected").
    ToClosure = ABC,
    /// Checks `R[A]` is a boolean or nil ("boolean expected").
    ToBool = ABC,
    /// Checks `R[A]` is nil or has the metatable `registry[K[Bx]]`
    /// ("type mismatch: expected NAME").
    ToType = ABx,
    /// `U[B] := R[A]` after checking/converting R[A] to the type coded in C
    /// ([`TypeCode`]); error "upvalue of T type, cannot be set to non T value".
    SetUpvalT = ABC,
    /// `R[A] := R[B] op R[C]` with both operands proven: `II` integers (wrapping), `FF`
    /// floats, `FI` float and integer, `IF` integer and float. Division `/` always gives a
    /// float.
    AddII = ABC,
    AddFF = ABC,
    AddFI = ABC,
    SubII = ABC,
    SubFF = ABC,
    SubFI = ABC,
    SubIF = ABC,
    MulII = ABC,
    MulFF = ABC,
    MulFI = ABC,
    DivII = ABC,
    DivFF = ABC,
    DivFI = ABC,
    DivIF = ABC,
    /// Bitwise operators on proven integers.
    BAndII = ABC,
    BOrII = ABC,
    BXorII = ABC,
    ShlII = ABC,
    ShrII = ABC,
    /// `R[A] := ~R[B]` (integer), `R[A] := -R[B]` (integer / float).
    BNotI = ABC,
    UnmI = ABC,
    UnmF = ABC,
    /// Compare-and-skip like Eq/Lt/Le, operands R[A], R[B] proven integers / floats.
    EqII = ABC,
    LtII = ABC,
    LeII = ABC,
    EqFF = ABC,
    LtFF = ABC,
    LeFF = ABC,
    /// Integer numeric for: R[A], R[A+1], R[A+2] proven integers; same semantics as
    /// ForPrep/ForLoop on integers (5.3 wrapping), no conversions.
    ForPrepI = AsBx,
    ForLoopI = AsBx,
    /// `R[A] := R[B][R[C]]`: R[B] an `integer[]`/`number[]`, R[C] an integer;
    /// bounds-checked ("array out of bounds").
    IArrayGet = ABC,
    FArrayGet = ABC,
    /// `R[A][R[B]] := R[C]`: R[A] an array, R[B] an integer; the value is checked and
    /// converted ("integer expected" / "number expected"); index len+1 appends.
    IArraySet = ABC,
    FArraySet = ABC,
    /// `R[A] := integer[] / number[]` (empty, growable).
    NewIArray = ABC,
    NewFArray = ABC,
    /// SetList for an array literal: `R[A][(C-1)*FPF + i] := R[A+i]` converted to the
    /// array's element type ("value cannot be converted to integer/number").
    ArraySetList = ABC,
    /// `R[A] := R[B][K[C]]`: R[B] proven a Lua table (a `table` value: never an array or
    /// another type), K[C] a short string (at most 40 bytes). A present key is read without
    /// any tag check; a missing one goes through `__index` exactly as GetField.
    TGetField = ABC,
    /// `R[A][K[B]] := R[C]`: R[A] a proven table, K[B] a short string. A present key is
    /// overwritten in place; a missing one honours `__newindex` exactly as SetField.
    TSetField = ABC,
    /// `R[A][K[B]] := K[C]`: TSetField with a constant value.
    TSetFieldK = ABC,
    /// `R[A+1] := R[B]; R[A] := R[B][K[C]]`: SelfOp on a proven table, K[C] a short string.
    TSelf = ABC,
    /// `R[A] := R[B][R[C]]`: R[B] a proven table, R[C] a proven integer (`__index` on a
    /// missing key).
    TGetInt = ABC,
    /// `R[A][R[B]] := R[C]`: R[A] a proven table, R[B] a proven integer (`__newindex` on a
    /// missing key).
    TSetInt = ABC,
    /// `R[A] := R[B][C]`: R[B] an `integer[]` / `number[]`, C an unsigned immediate
    /// index 0..=255; bounds-checked ("array out of bounds").
    IArrayGetImm = ABC,
    FArrayGetImm = ABC,
    /// `R[A][R[B]] := R[C]`: R[A] an `integer[]` (`number[]`), R[B] an integer, R[C] a
    /// proven integer (float): stored as is; index len+1 appends.
    IArraySetInt = ABC,
    FArraySetFlt = ABC,
    /// `R[A][R[B]] := K[C]`: as IArraySetInt / FArraySetFlt with K[C] an integer (float)
    /// constant.
    IArraySetK = ABC,
    FArraySetK = ABC,
    /// `R[A] := toint(R[B])` / `R[A] := tofloat(R[B])`: the check and conversion of
    /// ToInt / ToFlt, then the move (R[A] is unchanged when the check fails).
    MoveI = ABC,
    MoveF = ABC,
    /// `R[A] := R[B] + sC`: R[B] a proven integer (wrapping).
    AddIImm = ABC,
    /// ToInt / ToFlt of each of `R[A], ..., R[A+B-1]` in order (consecutive checks
    /// merged; B >= 1, the compiler merges up to 4).
    ToIntN = ABC,
    ToFltN = ABC,
    /// `R[A] := tofloat(R[B] op R[C])`: the operator with full Lua semantics (coercions,
    /// metamethods, their errors), then ToFlt's check and conversion of the result
    /// ("number expected"); R[A] is only written with the float. The operator and the
    /// check of a `number` destination fused.
    AddToF = ABC,
    SubToF = ABC,
    MulToF = ABC,
    DivToF = ABC,
    /// `R[A] := R[B] op K[C]`: R[B] a proven float, K[C] a float constant (an integer
    /// operand is converted by the compiler, as the operator would at run time).
    AddFK = ABC,
    SubFK = ABC,
    MulFK = ABC,
    DivFK = ABC,
    /// `R[A] := K[B] op R[C]`: K[B] a float constant, R[C] a proven float.
    SubKF = ABC,
    DivKF = ABC,
    /// ForLoopI of a loop whose step is a positive constant (so the exit test is
    /// `R[A] <= R[A+1]`); ForPrepI jumps to it.
    ForLoopIP = AsBx,
}

/// Type codes used by [`OpCode::SetUpvalT`] (C operand) and by the verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TypeCode {
    Int = 0,
    Flt = 1,
    IArray = 2,
    FArray = 3,
    Table = 4,
    Str = 5,
    Closure = 6,
    Bool = 7,
}

impl TypeCode {
    pub fn from_u32(c: u32) -> Option<TypeCode> {
        Some(match c {
            0 => TypeCode::Int,
            1 => TypeCode::Flt,
            2 => TypeCode::IArray,
            3 => TypeCode::FArray,
            4 => TypeCode::Table,
            5 => TypeCode::Str,
            6 => TypeCode::Closure,
            7 => TypeCode::Bool,
            _ => return None,
        })
    }
    /// Name as in messages ("integer", "number[]", ...).
    pub fn name(self) -> &'static str {
        match self {
            TypeCode::Int => "integer",
            TypeCode::Flt => "number",
            TypeCode::IArray => "integer[]",
            TypeCode::FArray => "number[]",
            TypeCode::Table => "table",
            TypeCode::Str => "string",
            TypeCode::Closure => "closure",
            TypeCode::Bool => "boolean",
        }
    }
}

impl OpCode {
    /// Is this one of Ravi's typed opcodes (appended after ExtraArg)?
    pub fn is_typed(self) -> bool {
        self as u8 > OpCode::ExtraArg as u8
    }
}

/// One 32-bit instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Instruction(pub u32);

impl Instruction {
    #[inline(always)]
    pub fn op_raw(self) -> u8 {
        self.0 as u8
    }
    /// The opcode; None if the byte is not a valid opcode (only possible in unverified code).
    #[inline]
    pub fn opcode(self) -> Option<OpCode> {
        OpCode::ALL.get(self.op_raw() as usize).copied()
    }
    #[inline(always)]
    pub fn a(self) -> u32 {
        (self.0 >> POS_A) & 0xff
    }
    #[inline(always)]
    pub fn b(self) -> u32 {
        (self.0 >> POS_B) & 0xff
    }
    #[inline(always)]
    pub fn c(self) -> u32 {
        self.0 >> POS_C
    }
    #[inline(always)]
    pub fn sb(self) -> i32 {
        self.b() as i32 - OFFSET_SC
    }
    #[inline(always)]
    pub fn sc(self) -> i32 {
        self.c() as i32 - OFFSET_SC
    }
    #[inline(always)]
    pub fn bx(self) -> u32 {
        self.0 >> POS_B
    }
    #[inline(always)]
    pub fn sbx(self) -> i32 {
        self.bx() as i32 - OFFSET_SBX
    }
    #[inline(always)]
    pub fn ax(self) -> u32 {
        self.0 >> POS_A
    }
    #[inline(always)]
    pub fn sj(self) -> i32 {
        (self.0 >> POS_A) as i32 - OFFSET_SJ
    }

    pub fn abc(op: OpCode, a: u32, b: u32, c: u32) -> Self {
        debug_assert!(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C);
        Instruction(op as u32 | a << POS_A | b << POS_B | c << POS_C)
    }
    pub fn abx(op: OpCode, a: u32, bx: u32) -> Self {
        debug_assert!(a <= MAXARG_A && bx <= MAXARG_BX);
        Instruction(op as u32 | a << POS_A | bx << POS_B)
    }
    pub fn asbx(op: OpCode, a: u32, sbx: i32) -> Self {
        let bx = (sbx + OFFSET_SBX) as u32;
        debug_assert!(bx <= MAXARG_BX);
        Self::abx(op, a, bx)
    }
    pub fn new_sj(op: OpCode, sj: i32) -> Self {
        let v = (sj + OFFSET_SJ) as u32;
        debug_assert!(v <= MAXARG_SJ);
        Instruction(op as u32 | v << POS_A)
    }
    pub fn ax_op(op: OpCode, ax: u32) -> Self {
        debug_assert!(ax <= MAXARG_AX);
        Instruction(op as u32 | ax << POS_A)
    }
    /// Replace field A (used when patching).
    pub fn with_a(self, a: u32) -> Self {
        Instruction(self.0 & !(0xff << POS_A) | a << POS_A)
    }
    pub fn with_b(self, b: u32) -> Self {
        Instruction(self.0 & !(0xff << POS_B) | b << POS_B)
    }
    pub fn with_c(self, c: u32) -> Self {
        Instruction(self.0 & !(0xff << POS_C) | c << POS_C)
    }
    pub fn with_sbx(self, sbx: i32) -> Self {
        Instruction(self.0 & 0xffff | ((sbx + OFFSET_SBX) as u32) << POS_B)
    }
    pub fn with_sj(self, sj: i32) -> Self {
        Instruction(self.0 & 0xff | ((sj + OFFSET_SJ) as u32) << POS_A)
    }
}

impl core::fmt::Debug for Instruction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.opcode() {
            None => write!(f, "<bad opcode {}>", self.op_raw()),
            Some(op) => match op.format() {
                Format::ABC => write!(f, "{} {} {} {}", op.name(), self.a(), self.b(), self.c()),
                Format::ABx => write!(f, "{} {} {}", op.name(), self.a(), self.bx()),
                Format::AsBx => write!(f, "{} {} {}", op.name(), self.a(), self.sbx()),
                Format::SJ => write!(f, "{} {}", op.name(), self.sj()),
                Format::Ax => write!(f, "{} {}", op.name(), self.ax()),
            },
        }
    }
}

/// Converts an integer to a "floating point byte" (eeeeexxx) as Lua's luaO_int2fb.
pub fn int2fb(mut x: u32) -> u32 {
    let mut e = 0;
    if x < 8 {
        return x;
    }
    while x >= (8 << 4) {
        x = (x + 0xf) >> 4;
        e += 4;
    }
    while x >= (8 << 1) {
        x = (x + 1) >> 1;
        e += 1;
    }
    ((e + 1) << 3) | (x - 8)
}

/// Inverse of [`int2fb`].
pub fn fb2int(x: u32) -> u32 {
    if x < 8 {
        x
    } else {
        ((x & 7) + 8) << ((x >> 3) - 1)
    }
}

/// A constant of a function.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A byte string (not necessarily UTF-8).
    Str(Vec<u8>),
}

/// Where a closure finds an upvalue when it is created.
#[derive(Clone, Debug, PartialEq)]
pub struct UpvalDesc {
    /// Name for debug information and error messages (`upvalue 'x'`), e.g. `_ENV`.
    pub name: Vec<u8>,
    /// true: register `index` of the enclosing function; false: upvalue `index` of it.
    pub in_stack: bool,
    pub index: u8,
    /// Ravi type of the variable it refers to (`Any` for plain Lua): `debug.setupvalue`
    /// must not store a value of another type. Kept in stripped chunks.
    pub ty: RaviType,
}

/// Name of the hidden local holding a Ravi `defer` closure. Normal scope exits call it
/// and clear the slot first; error unwinding calls the ones still in scope and not nil
/// (`ravi_vm::function::State::pending_defers`).
pub const DEFER_LOCAL: &[u8] = b"(defer)";

/// A local variable's debug information: live for `start_pc <= pc < end_pc`.
#[derive(Clone, Debug, PartialEq)]
pub struct LocVar {
    pub name: Vec<u8>,
    pub start_pc: u32,
    pub end_pc: u32,
    /// Ravi type annotation of the variable (`Any` for plain Lua): `debug.setlocal` must
    /// not store a value of another type.
    pub ty: RaviType,
}

/// The Ravi type of a local variable or upvalue, as declared (`local x: integer`, a
/// typed parameter, a numeric `for` variable the compiler types...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RaviType {
    /// Untyped: any value.
    #[default]
    Any,
    Integer,
    Number,
    IntegerArray,
    NumberArray,
    Table,
    String,
    Closure,
    Boolean,
    /// A userdata whose metatable is registered under this name (`local u: Foo.Bar`).
    User(Vec<u8>),
}

impl RaviType {
    /// Name as in messages ("integer", "number[]", ..., the userdata type's name).
    pub fn name(&self) -> &[u8] {
        match self {
            RaviType::Any => b"any",
            RaviType::Integer => b"integer",
            RaviType::Number => b"number",
            RaviType::IntegerArray => b"integer[]",
            RaviType::NumberArray => b"number[]",
            RaviType::Table => b"table",
            RaviType::String => b"string",
            RaviType::Closure => b"closure",
            RaviType::Boolean => b"boolean",
            RaviType::User(n) => n,
        }
    }
    /// Tag in binary chunks (a `User` tag is followed by the name).
    pub fn tag(&self) -> u8 {
        match self {
            RaviType::Any => 0,
            RaviType::Integer => 1,
            RaviType::Number => 2,
            RaviType::IntegerArray => 3,
            RaviType::NumberArray => 4,
            RaviType::Table => 5,
            RaviType::String => 6,
            RaviType::Closure => 7,
            RaviType::Boolean => 8,
            RaviType::User(_) => 9,
        }
    }
    /// The type of tag `t` (`User` gets an empty name, to be filled by the reader).
    pub fn from_tag(t: u8) -> Option<RaviType> {
        Some(match t {
            0 => RaviType::Any,
            1 => RaviType::Integer,
            2 => RaviType::Number,
            3 => RaviType::IntegerArray,
            4 => RaviType::NumberArray,
            5 => RaviType::Table,
            6 => RaviType::String,
            7 => RaviType::Closure,
            8 => RaviType::Boolean,
            9 => RaviType::User(Vec::new()),
            _ => return None,
        })
    }
}

/// A compiled function prototype.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proto {
    pub code: Vec<Instruction>,
    pub constants: Vec<Constant>,
    /// Nested function prototypes (referenced by `Closure`).
    pub protos: Vec<Proto>,
    pub upvalues: Vec<UpvalDesc>,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Registers the function needs (frame size).
    pub max_stack: u8,
    /// Source line of each instruction (same length as `code`).
    pub line_info: Vec<u32>,
    pub loc_vars: Vec<LocVar>,
    /// 0 for the main chunk.
    pub line_defined: u32,
    pub last_line_defined: u32,
    /// Chunk name as given to `load` (e.g. `@file.lua`, `=stdin`, or the source text);
    /// shared by every prototype of the chunk. Format it for messages with [`chunkid`].
    pub source: Rc<[u8]>,
}

/// Maximum size of a formatted chunk id (LUA_IDSIZE).
pub const LUA_IDSIZE: usize = 60;

/// Formats a chunk name for messages exactly as Lua 5.3's `luaO_chunkid`:
/// `=name` -> `name`, `@file` -> `file` (or `...tail` if too long),
/// source text -> `[string "first line..."]`.
pub fn chunkid(source: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let bufflen = LUA_IDSIZE; // includes the terminating zero in C
    if let Some(rest) = source.strip_prefix(b"=") {
        let n = rest.len().min(bufflen - 1);
        out.extend_from_slice(&rest[..n]);
    } else if let Some(rest) = source.strip_prefix(b"@") {
        if rest.len() <= bufflen - 1 {
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(b"...");
            let keep = bufflen - 1 - 3;
            out.extend_from_slice(&rest[rest.len() - keep..]);
        }
    } else {
        const PRE: &[u8] = b"[string \"";
        const POS: &[u8] = b"\"]";
        const RETS: &[u8] = b"...";
        let nl = source.iter().position(|&c| c == b'\n');
        // space available for the source text
        let avail = bufflen - PRE.len() - RETS.len() - POS.len() - 1;
        out.extend_from_slice(PRE);
        if source.len() < avail && nl.is_none() {
            out.extend_from_slice(source);
        } else {
            let mut l = nl.unwrap_or(source.len());
            if l > avail {
                l = avail;
            }
            out.extend_from_slice(&source[..l]);
            out.extend_from_slice(RETS);
        }
        out.extend_from_slice(POS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_roundtrip() {
        let i = Instruction::abc(OpCode::Add, 1, 2, 255);
        assert_eq!((i.opcode(), i.a(), i.b(), i.c()), (Some(OpCode::Add), 1, 2, 255));
        let j = Instruction::asbx(OpCode::ForLoop, 7, -5);
        assert_eq!((j.a(), j.sbx()), (7, -5));
        let k = Instruction::new_sj(OpCode::Jmp, -1000);
        assert_eq!(k.sj(), -1000);
        assert_eq!(k.with_sj(42).sj(), 42);
        let x = Instruction::ax_op(OpCode::ExtraArg, MAXARG_AX);
        assert_eq!(x.ax(), MAXARG_AX);
    }

    #[test]
    fn fb_roundtrip() {
        for x in [0u32, 7, 8, 9, 15, 16, 50, 100, 1000, 65536] {
            assert!(fb2int(int2fb(x)) >= x);
        }
        assert_eq!(fb2int(int2fb(8)), 8);
    }

    #[test]
    fn chunkids() {
        assert_eq!(chunkid(b"=stdin"), b"stdin");
        assert_eq!(chunkid(b"@a.lua"), b"a.lua");
        assert_eq!(chunkid(b"x = "), b"[string \"x = \"]");
        assert_eq!(chunkid(b"a\nb"), b"[string \"a...\"]");
    }
}
