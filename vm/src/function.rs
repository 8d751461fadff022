//! Functions and the objects they use: runtime prototypes, Lua closures, native closures,
//! upvalues, and userdata.
//!
//! Owns: the layouts of `Proto`, `LClosure`, `NClosure`, `UpVal`, `UserData`, and the
//! conversion of the compiler's `ravi_parser::bytecode::Proto` into a runtime `Proto`
//! (constants become values and interned strings; the code is verified so the interpreter
//! can index registers and constants without bounds checks).
//! Must not touch: the call machinery (see `call`), the collector's traversal (see `gc`).
//!
//! Upvalues: an open upvalue refers to a stack slot *index* of its thread (`thread`,
//! `index`); closing copies the slot into `value` and nulls `thread`. Each thread keeps its
//! open upvalues sorted by index (`State::open_upvals`). As in 5.3, an open upvalue does
//! not keep its thread alive: a live thread marks its open upvalues; an open upvalue
//! reached from a closure is `touched`, and the atomic phase marks the values of touched
//! upvalues of unmarked threads (threads with open upvalues are in the `twups` list).
//! A dead thread closes its open upvalues when it is freed; a dead open upvalue
//! unlinks itself from its (not yet freed) thread.

use crate::gc::{Gc, GcHeader};
use crate::state::State;
use crate::table::Table;
use crate::value::Value;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use ravi_parser::bytecode::{Instruction, LocVar, UpvalDesc};

/// A runtime function prototype (GC object, immutable once built).
#[repr(C)]
pub struct Proto {
    pub hdr: GcHeader,
    pub code: Box<[Instruction]>,
    pub k: Box<[Value]>,
    pub protos: Box<[Gc<Proto>]>,
    pub upvalues: Box<[UpvalDesc]>,
    pub numparams: u8,
    pub is_vararg: bool,
    pub maxstacksize: u8,
    pub lineinfo: Box<[u32]>,
    pub locvars: Box<[LocVar]>,
    pub linedefined: u32,
    pub lastlinedefined: u32,
    pub source: Rc<[u8]>,
    /// Last closure created from this prototype, reused when its upvalues match (5.3's
    /// closure cache; weak: cleared by the collector when the closure is unmarked).
    pub cache: Option<Gc<LClosure>>,
}

impl Proto {
    pub fn extra_bytes(&self) -> usize {
        self.code.len() * 4
            + self.k.len() * 16
            + self.protos.len() * 8
            + self.upvalues.len() * 32
            + self.lineinfo.len() * 4
            + self.locvars.len() * 40
    }
    /// Line of the instruction at `pc` (0 if unknown).
    pub fn line_at(&self, pc: usize) -> u32 {
        self.lineinfo.get(pc).copied().unwrap_or(0)
    }
    /// Line of the instruction at `pc` as 5.3's getfuncline reports it: -1 when the
    /// function has no line information (a stripped binary chunk), so error positions
    /// read `?:-1:` as in lua5.3.
    pub fn current_line(&self, pc: usize) -> i32 {
        if self.lineinfo.is_empty() { -1 } else { self.line_at(pc) as i32 }
    }
    /// Name of the `n`-th (1-based) active local variable at `pc` (luaF_getlocalname).
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&[u8]> {
        for lv in self.locvars.iter() {
            if lv.start_pc as usize > pc {
                break;
            }
            if pc < lv.end_pc as usize {
                n -= 1;
                if n == 0 {
                    // nameless: a local kept by a stripped chunk for `defer` (chunk.rs)
                    return if lv.name.is_empty() { None } else { Some(&lv.name) };
                }
            }
        }
        None
    }
}

/// An upvalue (GC object).
///
/// `v` points at the current value: the stack slot while open, `value` once closed (5.3's
/// `UpVal::v`), so reading an upvalue is one load through it. The owning thread re-points
/// its open upvalues whenever its stack is reallocated (`State::realloc_stack`).
#[repr(C)]
pub struct UpVal {
    pub hdr: GcHeader,
    /// Where the value lives now.
    pub v: *mut Value,
    /// The value once closed.
    pub value: Value,
    /// The owning thread while open; null once closed.
    pub thread: *mut State,
    /// Stack slot index while open.
    pub index: usize,
    /// Open upvalue reached by the collector since the last atomic phase (5.3's
    /// `u.open.touched`): if its thread is not marked, the atomic phase marks the slot's
    /// value (`gc::remark_upvals`). New upvalues start touched, as in 5.3.
    pub touched: bool,
}

impl UpVal {
    #[inline(always)]
    pub fn is_open(&self) -> bool {
        !self.thread.is_null()
    }
    /// Current value.
    #[inline(always)]
    pub fn get(&self) -> Value {
        // SAFETY: `v` points at `value` (closed) or at the slot `index` of the owning
        // thread's current stack buffer (open; re-pointed on every reallocation, and a
        // thread closes its open upvalues before it is freed).
        unsafe { Value::load(self.v) }
    }
    /// Stores a value (the caller applies the GC barrier).
    #[inline(always)]
    pub fn set(&mut self, v: Value) {
        // SAFETY: as in `get`.
        unsafe { Value::store(self.v, v) }
    }
    /// Closes the upvalue: it keeps `v` as its own value from now on.
    #[inline]
    pub fn close_with(&mut self, v: Value) {
        self.value = v;
        self.thread = core::ptr::null_mut();
        self.v = &mut self.value;
    }
}

/// A Lua closure.
///
/// A call needs the callee's frame shape and code before anything else; they are copied
/// here from the (immutable) prototype so that a call reads them one load away from the
/// function value instead of two: `hdr.aux` holds `numparams | maxstacksize << 8 |
/// is_vararg << 16` ([`LClosure::frame`]), `code` and `k` point into the prototype, which
/// the closure keeps alive.
#[repr(C)]
pub struct LClosure {
    pub hdr: GcHeader,
    pub proto: Gc<Proto>,
    pub code: *const Instruction,
    pub k: *const Value,
    pub upvals: UpvalArray,
}

/// A Lua closure's upvalue array. It is a block of the GC heap (so closures made in a
/// loop reuse small blocks instead of going to malloc), allocated by
/// `State::new_lclosure_from` and freed by the collector with its closure; it reads as a
/// slice.
pub struct UpvalArray {
    ptr: core::ptr::NonNull<Gc<UpVal>>,
    len: usize,
}

impl UpvalArray {
    /// The heap layout of an array of `n` upvalues.
    pub fn layout(n: usize) -> core::alloc::Layout {
        core::alloc::Layout::array::<Gc<UpVal>>(n).expect("at most 255 upvalues")
    }
    /// # Safety
    /// `ptr` is a heap block of `Self::layout(len)` holding `len` initialised upvalues.
    pub unsafe fn from_raw(ptr: *mut Gc<UpVal>, len: usize) -> UpvalArray {
        UpvalArray { ptr: core::ptr::NonNull::new(ptr).expect("heap blocks are never null"), len }
    }
    /// The block, for freeing it.
    pub fn as_raw(&self) -> *mut u8 {
        self.ptr.as_ptr() as *mut u8
    }
}

impl core::ops::Deref for UpvalArray {
    type Target = [Gc<UpVal>];
    #[inline(always)]
    fn deref(&self) -> &[Gc<UpVal>] {
        // SAFETY: `len` initialised elements at `ptr` (from_raw's contract), alive as long
        // as the closure owning the array.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl core::ops::DerefMut for UpvalArray {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Gc<UpVal>] {
        // SAFETY: as in `deref`; `&mut self` gives exclusive access.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

/// The frame shape of a Lua function, as packed in `LClosure::hdr.aux`.
#[derive(Clone, Copy)]
pub struct FrameShape(pub u32);

impl FrameShape {
    pub fn of(p: &Proto) -> FrameShape {
        FrameShape(p.numparams as u32 | (p.maxstacksize as u32) << 8 | (p.is_vararg as u32) << 16)
    }
    #[inline(always)]
    pub fn numparams(self) -> usize {
        (self.0 & 0xff) as usize
    }
    #[inline(always)]
    pub fn maxstacksize(self) -> usize {
        ((self.0 >> 8) & 0xff) as usize
    }
    #[inline(always)]
    pub fn is_vararg(self) -> bool {
        self.0 & (1 << 16) != 0
    }
}

impl LClosure {
    /// A closure of `proto` (its header is completed by the allocator).
    pub fn new(proto: Gc<Proto>, upvals: UpvalArray) -> LClosure {
        let hdr = GcHeader { aux: FrameShape::of(&proto).0, ..GcHeader::default() };
        LClosure { hdr, proto, code: proto.code.as_ptr(), k: proto.k.as_ptr(), upvals }
    }
    #[inline(always)]
    pub fn frame(&self) -> FrameShape {
        FrameShape(self.hdr.aux)
    }
}

/// A native function: receives the calling thread, its arguments at stack indices
/// 1..=`st.get_top()`, pushes its results and returns how many it pushed (see `api`).
pub type NativeFn = fn(&mut State) -> crate::error::LResult<usize>;

/// A native closure: a Rust function plus upvalues.
#[repr(C)]
pub struct NClosure {
    pub hdr: GcHeader,
    pub f: NativeFn,
    pub upvals: Box<[Value]>,
}

/// Payload of a full userdata.
pub enum UserPayload {
    /// Raw bytes (like `lua_newuserdata`).
    Bytes(Box<[u8]>),
    /// A Rust value (dropped when the userdata is collected).
    Any(Box<dyn core::any::Any>),
}

/// A full userdata.
#[repr(C)]
pub struct UserData {
    pub hdr: GcHeader,
    pub metatable: Option<Gc<Table>>,
    pub user_value: Value,
    pub payload: UserPayload,
}

impl UserData {
    pub fn extra_bytes(&self) -> usize {
        match &self.payload {
            UserPayload::Bytes(b) => b.len(),
            UserPayload::Any(_) => 16,
        }
    }
}

/// Checks a compiled prototype so the interpreter may index registers, constants,
/// upvalues and nested prototypes without bounds checks. Returns a message on failure.
pub fn verify(p: &ravi_parser::bytecode::Proto, nups_available: usize) -> Result<(), &'static str> {
    use ravi_parser::bytecode::{Format, OpCode as O};
    let ms = p.max_stack as u32;
    let nk = p.constants.len() as u32;
    let n = p.code.len() as i64;
    if p.code.is_empty() {
        return Err("empty code");
    }
    if p.upvalues.len() > 255 || (p.num_params as u32) > ms {
        return Err("bad header");
    }
    let _ = nups_available;
    let reg = |r: u32| if r < ms { Ok(()) } else { Err("register out of range") };
    let kk = |k: u32| if k < nk { Ok(()) } else { Err("constant out of range") };
    let nu = p.upvalues.len() as u32;
    // a constant the typed field opcodes use as an interned key, read without a tag check
    let short_str = |k: u32| match p.constants.get(k as usize) {
        Some(ravi_parser::bytecode::Constant::Str(s)) if s.len() <= crate::string::MAX_SHORT_LEN => Ok(()),
        _ => Err("bad constant"),
    };
    for (pc, ins) in p.code.iter().enumerate() {
        let op = ins.opcode().ok_or("bad opcode")?;
        let (a, b, c) = (ins.a(), ins.b(), ins.c());
        let jump = |off: i64| {
            let t = pc as i64 + 1 + off;
            if t >= 0 && t < n { Ok(()) } else { Err("jump out of range") }
        };
        match op {
            O::Move | O::Unm | O::BNot | O::Not | O::Len => {
                reg(a)?;
                reg(b)?
            }
            O::LoadK => {
                reg(a)?;
                kk(ins.bx())?
            }
            O::LoadKX => {
                reg(a)?;
                let nx = p.code.get(pc + 1).ok_or("missing extra arg")?;
                if nx.opcode() != Some(O::ExtraArg) {
                    return Err("missing extra arg");
                }
                kk(nx.ax())?
            }
            O::LoadI | O::LoadF => reg(a)?,
            O::LoadBool => {
                reg(a)?;
                if c != 0 {
                    jump(1)?
                }
            }
            O::LoadNil => reg(a + b)?,
            O::GetUpval | O::SetUpval => {
                reg(a)?;
                if b >= nu {
                    return Err("upvalue out of range");
                }
            }
            O::GetTabUp => {
                reg(a)?;
                if b >= nu {
                    return Err("upvalue out of range");
                }
                kk(c)?;
                if !matches!(p.constants[c as usize], ravi_parser::bytecode::Constant::Str(_)) {
                    return Err("bad constant");
                }
            }
            O::SetTabUp | O::SetTabUpK => {
                if a >= nu {
                    return Err("upvalue out of range");
                }
                kk(b)?;
                if !matches!(p.constants[b as usize], ravi_parser::bytecode::Constant::Str(_)) {
                    return Err("bad constant");
                }
                if op == O::SetTabUpK { kk(c)? } else { reg(c)? }
            }
            O::GetTable | O::Add | O::Sub | O::Mul | O::Mod | O::Pow | O::Div | O::IDiv | O::BAnd | O::BOr
            | O::BXor | O::Shl | O::Shr => {
                reg(a)?;
                reg(b)?;
                reg(c)?
            }
            O::GetI => {
                reg(a)?;
                reg(b)?
            }
            O::GetField | O::SelfOp => {
                reg(a)?;
                reg(b)?;
                kk(c)?;
                if !matches!(p.constants[c as usize], ravi_parser::bytecode::Constant::Str(_)) {
                    return Err("bad constant");
                }
                if op == O::SelfOp {
                    reg(a + 1)?
                }
            }
            O::SetTable => {
                reg(a)?;
                reg(b)?;
                reg(c)?
            }
            O::SetI => {
                reg(a)?;
                reg(c)?
            }
            O::SetField | O::SetFieldK => {
                reg(a)?;
                kk(b)?;
                if !matches!(p.constants[b as usize], ravi_parser::bytecode::Constant::Str(_)) {
                    return Err("bad constant");
                }
                if op == O::SetFieldK { kk(c)? } else { reg(c)? }
            }
            O::SetTableK => {
                reg(a)?;
                reg(b)?;
                kk(c)?
            }
            O::SetIK => {
                reg(a)?;
                kk(c)?
            }
            O::NewTable | O::Close => reg(a)?,
            O::AddI => {
                reg(a)?;
                reg(b)?
            }
            O::AddK | O::SubK | O::MulK | O::ModK | O::PowK | O::DivK | O::IDivK | O::BAndK | O::BOrK | O::BXorK
            | O::ShlK | O::ShrK => {
                reg(a)?;
                reg(b)?;
                kk(c)?;
                if !matches!(
                    p.constants[c as usize],
                    ravi_parser::bytecode::Constant::Int(_) | ravi_parser::bytecode::Constant::Float(_)
                ) {
                    return Err("bad constant");
                }
            }
            O::Concat => {
                reg(a)?;
                reg(b)?;
                reg(c)?;
                if b >= c {
                    return Err("bad concat");
                }
            }
            O::Jmp => jump(ins.sj() as i64)?,
            O::Eq | O::Lt | O::Le => {
                reg(a)?;
                reg(b)?;
                jump(1)?
            }
            O::EqK => {
                reg(a)?;
                kk(b)?;
                jump(1)?
            }
            O::EqI | O::LtI | O::LeI | O::GtI | O::GeI | O::Test => {
                reg(a)?;
                jump(1)?
            }
            O::TestSet => {
                reg(a)?;
                reg(b)?;
                jump(1)?
            }
            O::Call | O::TailCall => {
                reg(a)?;
                if b > 0 {
                    reg(a + b - 1)?
                }
                if c > 1 {
                    reg(a + c - 2)?
                }
            }
            O::Return => {
                if b > 1 {
                    reg(a + b - 2)?
                }
            }
            O::ForLoop => {
                reg(a + 3)?;
                jump(ins.sbx() as i64)?
            }
            O::ForPrep => {
                reg(a + 3)?;
                jump(ins.sbx() as i64)?;
                let t = (pc as i64 + 1 + ins.sbx() as i64) as usize;
                if p.code[t].opcode() != Some(O::ForLoop) {
                    return Err("bad for loop");
                }
            }
            O::TForCall => {
                reg(a + 2 + c.max(1))?;
                let nx = p.code.get(pc + 1).ok_or("missing tforloop")?;
                if nx.opcode() != Some(O::TForLoop) {
                    return Err("bad generic for");
                }
            }
            O::TForLoop => {
                reg(a + 1)?;
                jump(ins.sbx() as i64)?
            }
            O::SetList => {
                reg(a + b)?;
                if c == 0 {
                    let nx = p.code.get(pc + 1).ok_or("missing extra arg")?;
                    if nx.opcode() != Some(O::ExtraArg) {
                        return Err("missing extra arg");
                    }
                }
            }
            O::Closure => {
                reg(a)?;
                if ins.bx() as usize >= p.protos.len() {
                    return Err("bad closure index");
                }
            }
            O::VarArg => {
                reg(a)?;
                if b > 1 {
                    reg(a + b - 2)?
                }
            }
            O::ExtraArg => {}
            // Ravi typed opcodes: operand bounds here; register types were proven by the
            // compiler (source) or by `ravi_parser::chunk::verify` (binary chunks).
            O::ToInt | O::ToFlt | O::ToIArray | O::ToFArray | O::ToTab | O::ToStr | O::ToClosure | O::ToBool
            | O::NewIArray | O::NewFArray => reg(a)?,
            O::ToType => {
                reg(a)?;
                kk(ins.bx())?;
                if !matches!(p.constants[ins.bx() as usize], ravi_parser::bytecode::Constant::Str(_)) {
                    return Err("bad type name constant");
                }
            }
            O::SetUpvalT => {
                reg(a)?;
                if b >= nu {
                    return Err("upvalue out of range");
                }
                if ravi_parser::bytecode::TypeCode::from_u32(c).is_none() {
                    return Err("bad type code");
                }
            }
            O::AddII | O::AddFF | O::AddFI | O::SubII | O::SubFF | O::SubFI | O::SubIF | O::MulII | O::MulFF
            | O::MulFI | O::DivII | O::DivFF | O::DivFI | O::DivIF | O::BAndII | O::BOrII | O::BXorII | O::ShlII
            | O::ShrII | O::IArrayGet | O::FArrayGet | O::IArraySet | O::FArraySet => {
                reg(a)?;
                reg(b)?;
                reg(c)?
            }
            O::BNotI | O::UnmI | O::UnmF => {
                reg(a)?;
                reg(b)?
            }
            O::EqII | O::LtII | O::LeII | O::EqFF | O::LtFF | O::LeFF => {
                reg(a)?;
                reg(b)?;
                let nx = p.code.get(pc + 1).ok_or("missing jump")?;
                if nx.opcode() != Some(O::Jmp) {
                    return Err("compare not followed by a jump");
                }
            }
            O::ForLoopI | O::ForLoopIP => {
                reg(a + 3)?;
                jump(ins.sbx() as i64)?
            }
            O::ForPrepI => {
                reg(a + 3)?;
                jump(ins.sbx() as i64)?;
                let t = (pc as i64 + 1 + ins.sbx() as i64) as usize;
                if !matches!(p.code[t].opcode(), Some(O::ForLoopI | O::ForLoopIP)) {
                    return Err("bad for loop");
                }
            }
            O::TGetField | O::TSelf => {
                reg(a)?;
                reg(b)?;
                if op == O::TSelf {
                    reg(a + 1)?
                }
                short_str(c)?
            }
            O::TSetField | O::TSetFieldK => {
                reg(a)?;
                short_str(b)?;
                if op == O::TSetFieldK { kk(c)? } else { reg(c)? }
            }
            O::ToIntN | O::ToFltN => {
                if b == 0 {
                    return Err("empty check range");
                }
                reg(a + b - 1)?
            }
            O::TGetInt | O::TSetInt | O::IArraySetInt | O::FArraySetFlt | O::AddToF | O::SubToF | O::MulToF
            | O::DivToF => {
                reg(a)?;
                reg(b)?;
                reg(c)?
            }
            O::IArrayGetImm | O::FArrayGetImm | O::MoveI | O::MoveF | O::AddIImm => {
                reg(a)?;
                reg(b)?
            }
            O::AddFK | O::SubFK | O::MulFK | O::DivFK | O::SubKF | O::DivKF => {
                reg(a)?;
                let (r, k) = if matches!(op, O::SubKF | O::DivKF) { (c, b) } else { (b, c) };
                reg(r)?;
                kk(k)?;
                if !matches!(p.constants[k as usize], ravi_parser::bytecode::Constant::Float(_)) {
                    return Err("bad constant");
                }
            }
            O::IArraySetK | O::FArraySetK => {
                use ravi_parser::bytecode::Constant as K;
                reg(a)?;
                reg(b)?;
                kk(c)?;
                let ok = matches!((&p.constants[c as usize], op), (K::Int(_), O::IArraySetK) | (K::Float(_), O::FArraySetK));
                if !ok {
                    return Err("bad constant");
                }
            }
            O::ArraySetList => {
                reg(a + b)?;
                if c == 0 {
                    let nx = p.code.get(pc + 1).ok_or("missing extra arg")?;
                    if nx.opcode() != Some(O::ExtraArg) {
                        return Err("missing extra arg");
                    }
                }
            }
        }
        let _ = Format::ABC;
    }
    // the last instruction must not fall off the end
    let last = p.code[p.code.len() - 1].opcode();
    if !matches!(last, Some(O::Return) | Some(O::Jmp) | Some(O::TailCall)) {
        return Err("code does not end with a return");
    }
    if p.line_info.len() != p.code.len() {
        return Err("bad line info");
    }
    for sub in p.protos.iter() {
        verify(sub, p.upvalues.len())?;
        for u in sub.upvalues.iter() {
            if u.in_stack && (u.index as u32) >= ms {
                return Err("bad upvalue description");
            }
            if !u.in_stack && (u.index as u32) >= nu {
                return Err("bad upvalue description");
            }
        }
    }
    Ok(())
}

pub(crate) fn _unused(_: Vec<u8>) {}

// ---------------------------------------------------------------- `defer` on errors

pub use ravi_parser::bytecode::DEFER_LOCAL;

impl State {
    /// Stack slots of the `defer` closures still pending in the Lua frames `ci[from..]`,
    /// innermost first (frames from the top down, later declarations first).
    ///
    /// A `defer` closure lives in a hidden local named `(defer)`; the code that runs it
    /// at a normal scope exit clears the slot first, so a pending defer is an active
    /// `(defer)` local whose slot is not nil. The k-th active local of a frame is its
    /// register k-1 (as `debug.getlocal` counts), so the registers come from the
    /// prototype's local-variable table at the frame's current pc.
    pub(crate) fn pending_defers(&self, from: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for ci in (from.max(1)..self.ci.len()).rev() {
            let Some(p) = self.ci_proto(ci) else { continue };
            if !p.locvars.iter().any(|lv| lv.name == DEFER_LOCAL) {
                continue;
            }
            let pc = self.ci_pc(ci);
            let base = self.ci[ci].base;
            let first = out.len();
            let mut reg = 0usize;
            for lv in p.locvars.iter() {
                if lv.start_pc as usize > pc {
                    break;
                }
                if pc < lv.end_pc as usize {
                    if lv.name == DEFER_LOCAL && !self.stack[base + reg].is_nil() {
                        out.push(base + reg);
                    }
                    reg += 1;
                }
            }
            out[first..].reverse();
        }
        out
    }

    /// Runs pending `defer` closures while an error unwinds (Ravi's semantics, like Lua
    /// 5.4's to-be-closed variables): each slot of `slots` (from `pending_defers`, in
    /// that order) is cleared and its closure called without arguments in protected
    /// mode; an error raised by a deferred closure is dropped (the error being
    /// propagated stays the first one). Yields are not allowed inside.
    ///
    /// `at_slot`: the frames the slots belong to are gone (a protected call caught the
    /// error and closed their upvalues), so each closure runs right above its own slot,
    /// which needs little stack even after a stack overflow. Otherwise (a coroutine
    /// dying with its frames kept for tracebacks) they run above the current top.
    pub(crate) fn run_defers_unwinding(&mut self, slots: &[usize], at_slot: bool) {
        let saved_top = self.top;
        let saved_errobj = self.errobj;
        for &s in slots {
            let f = self.stack[s];
            if f.is_nil() {
                continue;
            }
            self.stack[s] = Value::NIL;
            let func = if at_slot { s + 1 } else { saved_top };
            self.top = func;
            if self.check_stack(2).is_err() {
                continue;
            }
            self.stack[func] = f;
            self.top = func + 1;
            let _ = self.pcall_raw(func, 0, 0);
        }
        self.errobj = saved_errobj;
        self.top = saved_top;
    }
}
