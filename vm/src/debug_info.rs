//! Debug information (ldebug.c / lauxlib.c parts): current lines, `chunkid:line:` error
//! prefixes, variable names for error messages by symbolic execution of the bytecode
//! (getobjname / varinfo), function names of frames (funcnamefromcode), global function
//! names (pushglobalfuncname), tracebacks formatted as luaL_traceback, and `FrameInfo`
//! (a small lua_Debug).
//!
//! Owns: reading frames and prototypes for diagnostics. Must not touch: execution state
//! (nothing here changes frames or the stack beyond temporary pushes).

use crate::error::Error;
use crate::function::Proto;
use crate::gc::Gc;
use crate::metamethod::*;
use crate::state::{State, CIST_FIN, CIST_HOOKED, CIST_LUA, CIST_TAIL};
use crate::value::*;
use alloc::vec::Vec;
use ravi_parser::bytecode::{chunkid, OpCode};

/// Where an operand of a failing operation came from, to name it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    None,
    /// Absolute stack slot.
    Stack(usize),
    /// Upvalue of the running Lua function.
    Upval(u32),
}

/// Information about an active frame (a subset of lua_Debug).
#[derive(Clone, Debug, Default)]
pub struct FrameInfo {
    /// "Lua", "C" or "main".
    pub what: &'static str,
    pub source: Vec<u8>,
    pub short_src: Vec<u8>,
    pub currentline: i32,
    pub linedefined: i32,
    pub lastlinedefined: i32,
    /// "global", "local", "method", "field", "upvalue", "metamethod", "for iterator", "".
    pub namewhat: &'static str,
    pub name: Option<Vec<u8>>,
    pub is_tail: bool,
    pub nups: u32,
    pub nparams: u32,
    pub is_vararg: bool,
    /// The function value.
    pub func: Value,
}

fn upval_name(p: &Proto, i: usize) -> &[u8] {
    match p.upvalues.get(i) {
        Some(u) if !u.name.is_empty() => &u.name,
        _ => b"?",
    }
}

fn find_set_reg(p: &Proto, lastpc: usize, reg: u32) -> Option<usize> {
    let mut setreg = None;
    let mut jmptarget = 0usize;
    let filter = |pc: usize, jt: usize| if pc < jt { None } else { Some(pc) };
    for pc in 0..lastpc.min(p.code.len()) {
        let i = p.code[pc];
        let op = match i.opcode() {
            Some(o) => o,
            None => continue,
        };
        let a = i.a();
        match op {
            OpCode::LoadNil => {
                if a <= reg && reg <= a + i.b() {
                    setreg = filter(pc, jmptarget);
                }
            }
            OpCode::TForCall => {
                if reg >= a + 2 {
                    setreg = filter(pc, jmptarget);
                }
            }
            OpCode::Call | OpCode::TailCall => {
                if reg >= a {
                    setreg = filter(pc, jmptarget);
                }
            }
            OpCode::Jmp => {
                let dest = pc as i64 + 1 + i.sj() as i64;
                if (pc as i64) < dest && dest <= lastpc as i64 && dest as usize > jmptarget {
                    jmptarget = dest as usize;
                }
            }
            OpCode::VarArg => {
                if reg >= a {
                    setreg = filter(pc, jmptarget);
                }
            }
            _ => {
                if sets_a(op) && reg == a {
                    setreg = filter(pc, jmptarget);
                }
            }
        }
    }
    setreg
}

fn sets_a(op: OpCode) -> bool {
    use OpCode::*;
    !matches!(
        op,
        SetUpval | SetTabUp | SetTable | SetI | SetField | SetTabUpK | SetTableK | SetIK | SetFieldK | Jmp | Close | Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI
            | GeI | Test | Return | SetList | ExtraArg
            // Ravi: stores, typed compares and checks that only convert in place
            | SetUpvalT | IArraySet | FArraySet | ArraySetList | EqII | LtII | LeII | EqFF | LtFF | LeFF
            | TSetField | TSetFieldK | TSetInt | IArraySetInt | FArraySetFlt | IArraySetK | FArraySetK
    )
}

fn const_str(p: &Proto, k: usize) -> Option<Vec<u8>> {
    p.k.get(k).and_then(|v| v.as_string()).map(|s| s.bytes().to_vec())
}

/// Is the table indexed from register `t` at `pc` the environment? 5.3 asks for a local
/// named `_ENV`; an `_ENV` upvalue copied into a register (what the compiler emits where
/// 5.3 would use OP_GETTABUP with a register key: constant index above 255) counts too.
fn is_env(p: &Proto, pc: usize, t: u32) -> bool {
    if p.local_name(t as usize + 1, pc) == Some(b"_ENV") {
        return true;
    }
    matches!(get_obj_name(p, pc, t), Some(("upvalue", n)) if n == b"_ENV")
}

/// Name of the register's value at `lastpc` (getobjname): (kind, name).
pub fn get_obj_name(p: &Proto, lastpc: usize, reg: u32) -> Option<(&'static str, Vec<u8>)> {
    if let Some(n) = p.local_name(reg as usize + 1, lastpc) {
        return Some(("local", n.to_vec()));
    }
    let pc = find_set_reg(p, lastpc, reg)?;
    let i = p.code[pc];
    match i.opcode()? {
        OpCode::Move => {
            let b = i.b();
            if b < i.a() {
                return get_obj_name(p, pc, b);
            }
            None
        }
        OpCode::GetTabUp => {
            let name = const_str(p, i.c() as usize).unwrap_or_else(|| b"?".to_vec());
            let vn = upval_name(p, i.b() as usize);
            Some((if vn == b"_ENV" { "global" } else { "field" }, name))
        }
        OpCode::GetField | OpCode::TGetField => {
            let name = const_str(p, i.c() as usize).unwrap_or_else(|| b"?".to_vec());
            Some((if is_env(p, pc, i.b()) { "global" } else { "field" }, name))
        }
        OpCode::TGetInt => Some(("field", b"?".to_vec())),
        OpCode::GetTable => {
            let name = match get_obj_name(p, pc, i.c()) {
                Some(("constant", n)) => n,
                _ => b"?".to_vec(),
            };
            // a method lookup whose name constant does not fit SelfOp's C operand is
            // compiled `MOVE a+1 obj; LOADK a name; GETTABLE a a+1 a` (5.3: OP_SELF)
            let a = i.a();
            if i.b() == a + 1
                && i.c() == a
                && pc >= 2
                && p.code[pc - 2].opcode() == Some(OpCode::Move)
                && p.code[pc - 2].a() == a + 1
            {
                return Some(("method", name));
            }
            Some((if is_env(p, pc, i.b()) { "global" } else { "field" }, name))
        }
        OpCode::GetI => Some(("field", b"?".to_vec())),
        OpCode::GetUpval => Some(("upvalue", upval_name(p, i.b() as usize).to_vec())),
        OpCode::LoadK => const_str(p, i.bx() as usize).map(|n| ("constant", n)),
        OpCode::LoadKX => const_str(p, p.code.get(pc + 1)?.ax() as usize).map(|n| ("constant", n)),
        OpCode::SelfOp | OpCode::TSelf => {
            let name = const_str(p, i.c() as usize).unwrap_or_else(|| b"?".to_vec());
            Some(("method", name))
        }
        _ => None,
    }
}

impl State {
    /// The prototype of a Lua frame.
    pub fn ci_proto(&self, ci: usize) -> Option<Gc<Proto>> {
        let c = &self.ci[ci];
        if c.callstatus & CIST_LUA == 0 {
            return None;
        }
        self.stack[c.func].as_lclosure().map(|cl| cl.proto)
    }

    /// Index of the instruction being executed in Lua frame `ci`.
    pub fn ci_pc(&self, ci: usize) -> usize {
        let p = self.ci_proto(ci).unwrap();
        let c = &self.ci[ci];
        // SAFETY: savedpc points into p.code (at most one past the current instruction).
        let off = unsafe { c.savedpc.offset_from(p.code.as_ptr()) };
        if off <= 0 { 0 } else { off as usize - 1 }
    }

    /// Current line of frame `ci` (-1 for native frames).
    pub fn ci_line(&self, ci: usize) -> i32 {
        match self.ci_proto(ci) {
            Some(p) => p.current_line(self.ci_pc(ci)),
            None => -1,
        }
    }

    /// `chunkid:line: ` for a Lua frame, empty for natives (luaG_addinfo's prefix).
    pub fn position_prefix(&self, ci: usize) -> Vec<u8> {
        match self.ci_proto(ci) {
            Some(p) => {
                let mut m = chunkid(&p.source);
                m.push(b':');
                m.extend_from_slice(alloc::format!("{}", p.current_line(self.ci_pc(ci))).as_bytes());
                m.extend_from_slice(b": ");
                m
            }
            None => Vec::new(),
        }
    }

    /// luaL_where(L, level): position of the function at `level` (0 = running one).
    pub fn where_(&self, level: usize) -> Vec<u8> {
        if level >= self.ci.len() - 1 {
            return Vec::new();
        }
        let ci = self.ci.len() - 1 - level;
        if self.ci_line(ci) > 0 { self.position_prefix(ci) } else { Vec::new() }
    }

    /// varinfo: " (global 'x')" etc. for an operand, or empty.
    pub fn var_info(&self, _v: &Value, origin: Origin) -> Vec<u8> {
        let ci = self.ci.len() - 1;
        let p = match self.ci_proto(ci) {
            Some(p) => p,
            None => return Vec::new(),
        };
        let r = match origin {
            Origin::None => None,
            Origin::Upval(u) => Some(("upvalue", upval_name(&p, u as usize).to_vec())),
            Origin::Stack(idx) => {
                let c = &self.ci[ci];
                if idx >= c.base && idx < c.top {
                    get_obj_name(&p, self.ci_pc(ci), (idx - c.base) as u32)
                } else {
                    None
                }
            }
        };
        match r {
            Some((kind, name)) => {
                let mut m = b" (".to_vec();
                m.extend_from_slice(kind.as_bytes());
                m.extend_from_slice(b" '");
                m.extend_from_slice(&name);
                m.extend_from_slice(b"')");
                m
            }
            None => Vec::new(),
        }
    }

    /// "attempt to <op> a <type> value<varinfo>" (luaG_typeerror).
    #[cold]
    #[inline(never)]
    pub fn type_error(&mut self, v: &Value, op: &str, origin: Origin) -> Error {
        let t = self.obj_type_name(v);
        let mut m = b"attempt to ".to_vec();
        m.extend_from_slice(op.as_bytes());
        m.extend_from_slice(b" a ");
        m.extend_from_slice(&t);
        m.extend_from_slice(b" value");
        m.extend_from_slice(&self.var_info(v, origin));
        self.runtime_error_bytes(&m)
    }

    /// Name of the function running in frame `ci` as seen from its caller (getfuncname).
    pub fn func_name_of(&self, ci: usize) -> Option<(&'static str, Vec<u8>)> {
        if ci == 0 {
            return None;
        }
        let c = &self.ci[ci];
        if c.callstatus & CIST_FIN != 0 {
            return Some(("metamethod", b"__gc".to_vec()));
        }
        if c.callstatus & CIST_TAIL != 0 {
            return None;
        }
        let prev = ci - 1;
        if self.ci[prev].callstatus & CIST_LUA == 0 {
            return None;
        }
        if self.ci[prev].callstatus & CIST_HOOKED != 0 {
            return Some(("hook", b"?".to_vec()));
        }
        let p = self.ci_proto(prev)?;
        let pc = self.ci_pc(prev);
        let i = p.code[pc];
        let tm = match i.opcode()? {
            OpCode::Call | OpCode::TailCall => return get_obj_name(&p, pc, i.a()),
            OpCode::TForCall => return Some(("for iterator", b"for iterator".to_vec())),
            OpCode::SelfOp | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => TM_INDEX,
            OpCode::TSelf | OpCode::TGetField | OpCode::TGetInt => TM_INDEX,
            OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => TM_NEWINDEX,
            OpCode::TSetField | OpCode::TSetFieldK | OpCode::TSetInt => TM_NEWINDEX,
            OpCode::SetTabUpK | OpCode::SetTableK | OpCode::SetIK | OpCode::SetFieldK => TM_NEWINDEX,
            OpCode::Add | OpCode::AddK | OpCode::AddI | OpCode::AddToF => TM_ADD,
            OpCode::Sub | OpCode::SubK | OpCode::SubToF => TM_SUB,
            OpCode::Mul | OpCode::MulK | OpCode::MulToF => TM_MUL,
            OpCode::Mod | OpCode::ModK => TM_MOD,
            OpCode::Pow | OpCode::PowK => TM_POW,
            OpCode::Div | OpCode::DivK | OpCode::DivToF => TM_DIV,
            OpCode::IDiv | OpCode::IDivK => TM_IDIV,
            OpCode::BAnd | OpCode::BAndK => TM_BAND,
            OpCode::BOr | OpCode::BOrK => TM_BOR,
            OpCode::BXor | OpCode::BXorK => TM_BXOR,
            OpCode::Shl | OpCode::ShlK => TM_SHL,
            OpCode::Shr | OpCode::ShrK => TM_SHR,
            OpCode::Unm => TM_UNM,
            OpCode::BNot => TM_BNOT,
            OpCode::Len => TM_LEN,
            OpCode::Concat => TM_CONCAT,
            OpCode::Eq | OpCode::EqK | OpCode::EqI => TM_EQ,
            OpCode::Lt | OpCode::LtI | OpCode::GtI => TM_LT,
            OpCode::Le | OpCode::LeI | OpCode::GeI => TM_LE,
            _ => return None,
        };
        Some(("metamethod", TM_NAMES[tm as usize].as_bytes().to_vec()))
    }

    /// Information about the frame at `level` (0 = running function), like lua_getinfo
    /// with "Slnt" + "f".
    pub fn frame_info(&self, level: usize) -> Option<FrameInfo> {
        if level >= self.ci.len() - 1 {
            return None;
        }
        let ci = self.ci.len() - 1 - level;
        let c = &self.ci[ci];
        let func = self.stack[c.func];
        let mut fi = FrameInfo { func, ..Default::default() };
        fi.is_tail = c.callstatus & CIST_TAIL != 0;
        match func.as_lclosure() {
            Some(cl) => {
                let p = cl.proto;
                fi.source = p.source.to_vec();
                fi.short_src = chunkid(&p.source);
                fi.linedefined = p.linedefined as i32;
                fi.lastlinedefined = p.lastlinedefined as i32;
                fi.what = if p.linedefined == 0 { "main" } else { "Lua" };
                fi.currentline = if c.callstatus & CIST_LUA != 0 { self.ci_line(ci) } else { -1 };
                fi.nups = cl.upvals.len() as u32;
                fi.nparams = p.numparams as u32;
                fi.is_vararg = p.is_vararg;
            }
            None => {
                fi.source = b"=[C]".to_vec();
                fi.short_src = b"[C]".to_vec();
                fi.what = "C";
                fi.currentline = -1;
                fi.linedefined = -1;
                fi.lastlinedefined = -1;
                fi.is_vararg = true;
                fi.nups = func.as_nclosure().map(|c| c.upvals.len() as u32).unwrap_or(0);
            }
        }
        match self.func_name_of(ci) {
            Some((w, n)) => {
                fi.namewhat = w;
                fi.name = Some(n);
            }
            None => fi.namewhat = "",
        }
        Some(fi)
    }

    /// Searches `package.loaded` (registry._LOADED) for a field holding `f`, two levels
    /// deep, as pushglobalfuncname does ("_G." prefix removed).
    pub fn global_func_name(&mut self, f: &Value) -> Option<Vec<u8>> {
        let loaded = self.raw_get_str(self.registry(), b"_LOADED").ok()?.as_table()?;
        let seed = self.seed();
        let mut k = Value::NIL;
        while let Ok(Some((mk, mv))) = loaded.next(&k, seed) {
            k = mk;
            let mname = match mk.as_string() {
                Some(s) => s,
                None => continue,
            };
            if mv.raw_eq(f) {
                return Some(mname.bytes().to_vec());
            }
            if let Some(mt) = mv.as_table() {
                let mut k2 = Value::NIL;
                while let Ok(Some((fk, fv))) = mt.next(&k2, seed) {
                    k2 = fk;
                    if let Some(fname) = fk.as_string() {
                        if fv.raw_eq(f) {
                            let mut n = mname.bytes().to_vec();
                            n.push(b'.');
                            n.extend_from_slice(fname.bytes());
                            if n.starts_with(b"_G.") {
                                n.drain(..3);
                            }
                            return Some(n);
                        }
                    }
                }
            }
        }
        None
    }

    /// One line of a traceback (luaL_traceback's loop body) for frame `fi`, appended to
    /// `out`. Global function names are looked up in this state's `package.loaded`.
    pub fn traceback_line(&mut self, fi: &FrameInfo, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\n\t");
        out.extend_from_slice(&fi.short_src);
        out.push(b':');
        if fi.currentline > 0 {
            out.extend_from_slice(alloc::format!("{}:", fi.currentline).as_bytes());
        }
        out.extend_from_slice(b" in ");
        if let Some(gn) = self.global_func_name(&fi.func) {
            out.extend_from_slice(b"function '");
            out.extend_from_slice(&gn);
            out.push(b'\'');
        } else if !fi.namewhat.is_empty() {
            out.extend_from_slice(fi.namewhat.as_bytes());
            out.extend_from_slice(b" '");
            out.extend_from_slice(fi.name.as_deref().unwrap_or(b"?"));
            out.push(b'\'');
        } else if fi.what == "main" {
            out.extend_from_slice(b"main chunk");
        } else if fi.what != "C" {
            out.extend_from_slice(b"function <");
            out.extend_from_slice(&fi.short_src);
            out.extend_from_slice(alloc::format!(":{}>", fi.linedefined).as_bytes());
        } else {
            out.push(b'?');
        }
        if fi.is_tail {
            out.extend_from_slice(b"\n\t(...tail calls...)");
        }
    }

    /// luaL_traceback of this thread from `level`, appended to `msg` (if any).
    pub fn traceback(&mut self, msg: Option<&[u8]>, level: usize) -> Vec<u8> {
        let me = self as *mut State;
        self.traceback_of(me, msg, level)
    }

    /// luaL_traceback of thread `l1p` (this one or another live thread) from `level`, as
    /// lua5.3 formats it: past 22 levels, the first 10 and the last 11 with "..." between.
    /// Function names are resolved against this thread's globals.
    pub fn traceback_of(&mut self, l1p: *mut State, msg: Option<&[u8]>, level: usize) -> Vec<u8> {
        const LEVELS1: isize = 10;
        const LEVELS2: isize = 11;
        let mut out = Vec::new();
        if let Some(m) = msg {
            out.extend_from_slice(m);
            out.push(b'\n');
        }
        out.extend_from_slice(b"stack traceback:");
        // SAFETY: l1p is this thread or a live thread (the caller holds it); only read.
        let last = unsafe { &*l1p }.ci.len() as isize - 2; // lastlevel
        let mut n1: isize = if last - level as isize > LEVELS1 + LEVELS2 { LEVELS1 } else { -1 };
        let mut lv = level;
        // SAFETY: as above.
        while let Some(fi) = unsafe { &*l1p }.frame_info(lv) {
            lv += 1;
            let was = n1;
            n1 -= 1;
            if was == 0 {
                out.extend_from_slice(b"\n\t...");
                lv = (last - LEVELS2 + 1) as usize;
                continue;
            }
            self.traceback_line(&fi, &mut out);
        }
        out
    }
}

