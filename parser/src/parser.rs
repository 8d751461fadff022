//! The parser: Lua 5.3's grammar (lparser.c) producing the arena AST. Besides syntax it
//! owns everything lparser.c decides while reading: scopes and name resolution (locals by
//! register, upvalues, globals through `_ENV`), which blocks have captured locals, goto /
//! label / break resolution with 5.3's rules and messages, and the limits reported while
//! parsing (200 locals, 255 upvalues, 200 "C levels" of nesting), each with lua5.3's exact
//! message and "near" token. Recursion is bounded by the C-levels counter, so deep input
//! gives an error instead of overflowing the Rust stack.

use alloc::vec::Vec;
use bumpalo::Bump;

use crate::ast::*;
use crate::lexer::{push_uint, Lexer, Tok, TokVal};
use crate::SyntaxError;

type R<T> = Result<T, SyntaxError>;

/// LUAI_MAXCCALLS.
pub const MAX_C_LEVELS: u32 = 200;
/// MAXVARS.
pub const MAX_VARS: usize = 200;
/// MAXUPVAL.
pub const MAX_UPVAL: usize = 255;

struct BlockCnt {
    nactvar: usize,
    upval: bool,
    isloop: bool,
    firstlabel: usize,
    firstgoto: usize,
}

struct LabelDesc<'a> {
    name: Str<'a>,
    line: u32,
    nactvar: usize,
    id: u32,
}

struct PendingGoto<'a> {
    name: Str<'a>,
    line: u32,
    nactvar: usize,
    id: u32,
    close: Option<u8>,
}

struct FuncState<'a> {
    linedefined: u32,
    is_vararg: bool,
    /// Declared locals of this function (pending and active); index = register.
    actvars: Vec<Str<'a>>,
    nactvar: usize,
    blocks: Vec<BlockCnt>,
    upvals: Vec<UpvalInfo<'a>>,
    labels: Vec<LabelDesc<'a>>,
    pending: Vec<PendingGoto<'a>>,
    gotos: Vec<GotoInfo>,
    nlabels: u32,
    ret_types: Option<&'a [TypeAnn<'a>]>,
}

impl<'a> FuncState<'a> {
    fn new(line: u32) -> Self {
        FuncState {
            linedefined: line,
            is_vararg: false,
            actvars: Vec::new(),
            nactvar: 0,
            blocks: Vec::new(),
            upvals: Vec::new(),
            labels: Vec::new(),
            pending: Vec::new(),
            gotos: Vec::new(),
            nlabels: 0,
            ret_types: None,
        }
    }
}

enum VarKind {
    Local(u8),
    Upval(u8),
    Global,
}

pub struct Parser<'a> {
    pub lx: Lexer<'a>,
    arena: &'a Bump,
    fs: Vec<FuncState<'a>>,
    /// L->nCcalls as seen by the parser.
    level: u32,
    /// Return annotation read by `open_body`, moved into its FuncState.
    pending_ret: Option<&'a [TypeAnn<'a>]>,
    /// The source uses Ravi annotations or casts (codegen types only such chunks, so
    /// plain Lua compiles exactly as before).
    pub saw_types: bool,
}

const UNARY_PRIORITY: u8 = 12;

fn binopr(t: Tok) -> Option<BinOp> {
    Some(match t {
        Tok::Char(b'+') => BinOp::Add,
        Tok::Char(b'-') => BinOp::Sub,
        Tok::Char(b'*') => BinOp::Mul,
        Tok::Char(b'%') => BinOp::Mod,
        Tok::Char(b'^') => BinOp::Pow,
        Tok::Char(b'/') => BinOp::Div,
        Tok::IDiv => BinOp::IDiv,
        Tok::Char(b'&') => BinOp::BAnd,
        Tok::Char(b'|') => BinOp::BOr,
        Tok::Char(b'~') => BinOp::BXor,
        Tok::Shl => BinOp::Shl,
        Tok::Shr => BinOp::Shr,
        Tok::Concat => BinOp::Concat,
        Tok::Ne => BinOp::Ne,
        Tok::Eq => BinOp::Eq,
        Tok::Char(b'<') => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Char(b'>') => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::And => BinOp::And,
        Tok::Or => BinOp::Or,
        _ => return None,
    })
}

fn priority(op: BinOp) -> (u8, u8) {
    match op {
        BinOp::Add | BinOp::Sub => (10, 10),
        BinOp::Mul | BinOp::Mod | BinOp::Div | BinOp::IDiv => (11, 11),
        BinOp::Pow => (14, 13),
        BinOp::BAnd => (6, 6),
        BinOp::BOr => (4, 4),
        BinOp::BXor => (5, 5),
        BinOp::Shl | BinOp::Shr => (7, 7),
        BinOp::Concat => (9, 8),
        BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Ne | BinOp::Gt | BinOp::Ge => (3, 3),
        BinOp::And => (2, 2),
        BinOp::Or => (1, 1),
    }
}

fn unopr(t: Tok) -> Option<UnOp> {
    match t {
        Tok::Not => Some(UnOp::Not),
        Tok::Char(b'-') => Some(UnOp::Minus),
        Tok::Char(b'~') => Some(UnOp::BNot),
        Tok::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn is_var(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Local { .. } | ExprKind::Upval { .. } | ExprKind::Global { .. } | ExprKind::Index { .. })
}

impl<'a> Parser<'a> {
    /// A parser over `src`; `base_level` is the C-call depth already in use (lua5.3's
    /// nCcalls when `load` runs from a main chunk is 2).
    pub fn new(src: &'a [u8], arena: &'a Bump, chunkid: Vec<u8>, base_level: u32) -> Self {
        Parser { lx: Lexer::new(src, arena, chunkid), arena, fs: Vec::new(), level: base_level, pending_ret: None, saw_types: false }
    }

    // ----------------------------------------------------------------- helpers

    fn tok(&self) -> Tok {
        self.lx.t.tok
    }

    #[inline(never)]
    fn next(&mut self) -> R<()> {
        self.lx.next()
    }

    #[inline(never)]
    fn err(&mut self, msg: &[u8]) -> SyntaxError {
        self.lx.syntax_error(msg)
    }

    #[inline(never)]
    fn error_expected(&mut self, t: Tok) -> SyntaxError {
        let mut m = t.to_str();
        m.extend_from_slice(b" expected");
        self.err(&m)
    }

    #[inline(never)]
    fn testnext(&mut self, t: Tok) -> R<bool> {
        if self.tok() == t {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    #[inline(never)]
    fn check(&mut self, t: Tok) -> R<()> {
        if self.tok() != t {
            return Err(self.error_expected(t));
        }
        Ok(())
    }

    #[inline(never)]
    fn checknext(&mut self, t: Tok) -> R<()> {
        self.check(t)?;
        self.next()
    }

    #[inline(never)]
    fn check_match(&mut self, what: Tok, who: Tok, where_: u32) -> R<()> {
        if !self.testnext(what)? {
            if where_ == self.lx.linenumber {
                return Err(self.error_expected(what));
            }
            let mut m = what.to_str();
            m.extend_from_slice(b" expected (to close ");
            m.extend_from_slice(&who.to_str());
            m.extend_from_slice(b" at line ");
            push_uint(&mut m, where_ as u64);
            m.push(b')');
            return Err(self.err(&m));
        }
        Ok(())
    }

    #[inline(never)]
    fn str_checkname(&mut self) -> R<Str<'a>> {
        self.check(Tok::Name)?;
        let s = match self.lx.t.val {
            TokVal::Str(s) => s,
            _ => &[],
        };
        self.next()?;
        Ok(s)
    }

    fn block_follow(&self, withuntil: bool) -> bool {
        match self.tok() {
            Tok::Else | Tok::Elseif | Tok::End | Tok::Eos => true,
            Tok::Until => withuntil,
            _ => false,
        }
    }

    fn fs(&mut self) -> &mut FuncState<'a> {
        self.fs.last_mut().unwrap()
    }

    #[inline(never)]
    fn errorlimit(&mut self, limit: u32, what: &[u8]) -> SyntaxError {
        let line = self.fs.last().map(|f| f.linedefined).unwrap_or(0);
        let mut m = Vec::new();
        m.extend_from_slice(b"too many ");
        m.extend_from_slice(what);
        m.extend_from_slice(b" (limit is ");
        push_uint(&mut m, limit as u64);
        m.extend_from_slice(b") in ");
        if line == 0 {
            m.extend_from_slice(b"main function");
        } else {
            m.extend_from_slice(b"function at line ");
            push_uint(&mut m, line as u64);
        }
        self.err(&m)
    }

    #[inline(never)]
    fn enterlevel(&mut self) -> R<()> {
        self.level += 1;
        if self.level > MAX_C_LEVELS {
            return Err(self.errorlimit(MAX_C_LEVELS, b"C levels"));
        }
        Ok(())
    }

    fn leavelevel(&mut self) {
        self.level -= 1;
    }

    fn mk(&self, kind: ExprKind<'a>, line: u32, pos: u32) -> Expr<'a> {
        Expr { kind, line, pos, end_line: self.lx.lastline }
    }

    fn alloc<T>(&self, v: T) -> &'a T {
        self.arena.alloc(v)
    }

    fn slice<T: Copy>(&self, v: &[T]) -> &'a [T] {
        self.arena.alloc_slice_copy(v)
    }

    // ----------------------------------------------------------------- variables

    #[inline(never)]
    fn new_localvar(&mut self, name: Str<'a>) -> R<()> {
        if self.fs().actvars.len() + 1 > MAX_VARS {
            return Err(self.errorlimit(MAX_VARS as u32, b"local variables"));
        }
        self.fs().actvars.push(name);
        Ok(())
    }

    fn adjustlocalvars(&mut self, n: usize) {
        self.fs().nactvar += n;
    }

    fn searchvar(fs: &FuncState<'a>, name: &[u8]) -> Option<usize> {
        (0..fs.nactvar).rev().find(|&i| fs.actvars[i] == name)
    }

    fn markupval(fs: &mut FuncState<'a>, level: usize) {
        for bl in fs.blocks.iter_mut().rev() {
            if bl.nactvar <= level {
                bl.upval = true;
                return;
            }
        }
    }

    #[inline(never)]
    fn singlevaraux(&mut self, fsi: usize, name: Str<'a>, base: bool) -> R<VarKind> {
        let fs = &mut self.fs[fsi];
        if let Some(v) = Self::searchvar(fs, name) {
            if !base {
                Self::markupval(fs, v);
            }
            return Ok(VarKind::Local(v as u8));
        }
        if let Some(i) = fs.upvals.iter().position(|u| u.name == name) {
            return Ok(VarKind::Upval(i as u8));
        }
        if fsi == 0 {
            return Ok(VarKind::Global);
        }
        let (in_stack, index) = match self.singlevaraux(fsi - 1, name, false)? {
            VarKind::Global => return Ok(VarKind::Global),
            VarKind::Local(r) => (true, r),
            VarKind::Upval(u) => (false, u),
        };
        // newupvalue: the limit message names the function gaining the upvalue
        if self.fs[fsi].upvals.len() + 1 > MAX_UPVAL {
            let line = self.fs[fsi].linedefined;
            let mut m = Vec::new();
            m.extend_from_slice(b"too many upvalues (limit is 255) in ");
            if line == 0 {
                m.extend_from_slice(b"main function");
            } else {
                m.extend_from_slice(b"function at line ");
                push_uint(&mut m, line as u64);
            }
            return Err(self.err(&m));
        }
        let fs = &mut self.fs[fsi];
        fs.upvals.push(UpvalInfo { name, in_stack, index });
        Ok(VarKind::Upval((fs.upvals.len() - 1) as u8))
    }

    /// singlevar: a name already consumed, at `line`/`pos`.
    #[inline(never)]
    fn singlevar(&mut self, name: Str<'a>, line: u32, pos: u32) -> R<&'a Expr<'a>> {
        let fsi = self.fs.len() - 1;
        let e = match self.singlevaraux(fsi, name, true)? {
            VarKind::Local(reg) => self.mk(ExprKind::Local { reg, name }, line, pos),
            VarKind::Upval(idx) => self.mk(ExprKind::Upval { idx, name }, line, pos),
            VarKind::Global => {
                let env = match self.singlevaraux(fsi, b"_ENV", true)? {
                    VarKind::Local(reg) => self.mk(ExprKind::Local { reg, name: b"_ENV" }, line, pos),
                    VarKind::Upval(idx) => self.mk(ExprKind::Upval { idx, name: b"_ENV" }, line, pos),
                    VarKind::Global => unreachable!("_ENV always resolves"),
                };
                let env = self.alloc(env);
                self.mk(ExprKind::Global { env, name }, line, pos)
            }
        };
        Ok(self.alloc(e))
    }

    // ----------------------------------------------------------------- blocks, gotos

    fn enterblock(&mut self, isloop: bool) {
        let fs = self.fs();
        let bl = BlockCnt {
            nactvar: fs.nactvar,
            upval: false,
            isloop,
            firstlabel: fs.labels.len(),
            firstgoto: fs.pending.len(),
        };
        fs.blocks.push(bl);
    }

    /// Leaves the current block; returns (upval, break label id if a loop).
    #[inline(never)]
    fn leaveblock(&mut self) -> R<(bool, Option<u32>)> {
        let mut break_label = None;
        if self.fs().blocks.last().unwrap().isloop {
            // breaklabel
            let fs = self.fs();
            let id = fs.nlabels;
            fs.nlabels += 1;
            let nactvar = fs.nactvar;
            fs.labels.push(LabelDesc { name: b"break", line: 0, nactvar, id });
            let li = fs.labels.len() - 1;
            self.findgotos(li)?;
            break_label = Some(id);
        }
        let fs = self.fs();
        let bl = fs.blocks.pop().unwrap();
        fs.actvars.truncate(bl.nactvar);
        fs.nactvar = bl.nactvar;
        fs.labels.truncate(bl.firstlabel);
        if !fs.blocks.is_empty() {
            self.movegotosout(&bl)?;
        } else if bl.firstgoto < fs.pending.len() {
            let gt = &fs.pending[bl.firstgoto];
            let mut m = Vec::new();
            if gt.name == b"break" {
                m.extend_from_slice(b"<break> at line ");
                push_uint(&mut m, gt.line as u64);
                m.extend_from_slice(b" not inside a loop");
            } else {
                m.extend_from_slice(b"no visible label '");
                m.extend_from_slice(gt.name);
                m.extend_from_slice(b"' for <goto> at line ");
                push_uint(&mut m, gt.line as u64);
            }
            return Err(self.lx.sem_error(&m));
        }
        Ok((bl.upval, break_label))
    }

    fn movegotosout(&mut self, bl: &BlockCnt) -> R<()> {
        let mut i = bl.firstgoto;
        while i < self.fs().pending.len() {
            let gt = &mut self.fs.last_mut().unwrap().pending[i];
            if gt.nactvar > bl.nactvar {
                if bl.upval {
                    let lv = bl.nactvar as u8;
                    gt.close = Some(gt.close.map_or(lv, |c| c.min(lv)));
                }
                gt.nactvar = bl.nactvar;
            }
            if !self.findlabel(i)? {
                i += 1;
            }
        }
        Ok(())
    }

    /// Tries to resolve pending goto `g` with a label of the current block.
    fn findlabel(&mut self, g: usize) -> R<bool> {
        let fs = self.fs.last_mut().unwrap();
        let first = fs.blocks.last().map_or(0, |b| b.firstlabel);
        let name = fs.pending[g].name;
        for li in first..fs.labels.len() {
            if fs.labels[li].name == name {
                let lnact = fs.labels[li].nactvar;
                let gt = &mut fs.pending[g];
                if gt.nactvar > lnact {
                    let lv = lnact as u8;
                    gt.close = Some(gt.close.map_or(lv, |c| c.min(lv)));
                }
                self.closegoto(g, li)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn closegoto(&mut self, g: usize, li: usize) -> R<()> {
        let fs = self.fs.last_mut().unwrap();
        let (lnact, lid) = (fs.labels[li].nactvar, fs.labels[li].id);
        let gt = &fs.pending[g];
        if gt.nactvar < lnact {
            let vname = fs.actvars[gt.nactvar];
            let mut m = Vec::new();
            m.extend_from_slice(b"<goto ");
            m.extend_from_slice(gt.name);
            m.extend_from_slice(b"> at line ");
            push_uint(&mut m, gt.line as u64);
            m.extend_from_slice(b" jumps into the scope of local '");
            m.extend_from_slice(vname);
            m.push(b'\'');
            return Err(self.lx.sem_error(&m));
        }
        let gt = fs.pending.remove(g);
        fs.gotos[gt.id as usize] = GotoInfo { label: lid, close: gt.close, level: lnact as u8 };
        Ok(())
    }

    /// Resolves pending gotos of the current block that match label `li`.
    fn findgotos(&mut self, li: usize) -> R<()> {
        let fs = self.fs.last_mut().unwrap();
        let mut i = fs.blocks.last().map_or(0, |b| b.firstgoto);
        loop {
            let fs = self.fs.last_mut().unwrap();
            if i >= fs.pending.len() {
                break;
            }
            if fs.pending[i].name == fs.labels[li].name {
                self.closegoto(i, li)?;
            } else {
                i += 1;
            }
        }
        Ok(())
    }

    // ----------------------------------------------------------------- functions

    /// Parses a function body `(params) block end`; `line` is linedefined. Setup and
    /// teardown are out of line to keep this frame (on the recursion path) small.
    #[inline(never)]
    fn body(&mut self, ismethod: bool, line: u32) -> R<&'a FuncBody<'a>> {
        let params = self.open_body(ismethod, line)?;
        let rt = self.pending_ret.take();
        self.fs().ret_types = rt;
        let mut stmts = Vec::new();
        self.statlist(&mut stmts)?;
        let last_line = self.lx.linenumber;
        self.check_match(Tok::End, Tok::Function, line)?;
        self.close_body(line, last_line, params, &stmts)
    }

    #[inline(never)]
    fn open_body(&mut self, ismethod: bool, line: u32) -> R<&'a [LocalDecl<'a>]> {
        self.fs.push(FuncState::new(line));
        self.enterblock(false);
        let mut params: Vec<LocalDecl<'a>> = Vec::new();
        if ismethod {
            self.new_localvar(b"self")?;
            self.adjustlocalvars(1);
            params.push(LocalDecl { name: b"self", ty: None });
        }
        self.checknext(Tok::Char(b'('))?;
        // parlist
        let mut nparams = 0;
        if self.tok() != Tok::Char(b')') {
            loop {
                match self.tok() {
                    Tok::Name => {
                        let n = self.str_checkname()?;
                        self.new_localvar(n)?;
                        let ty = self.opt_type()?;
                        params.push(LocalDecl { name: n, ty });
                        nparams += 1;
                    }
                    Tok::Dots => {
                        self.next()?;
                        self.fs().is_vararg = true;
                    }
                    _ => return Err(self.err(b"<name> or '...' expected")),
                }
                if self.fs().is_vararg || !self.testnext(Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.adjustlocalvars(nparams);
        self.checknext(Tok::Char(b')'))?;
        // Ravi return annotation: `): type` or `): (type, type)`
        self.pending_ret = None;
        if self.testnext(Tok::Char(b':'))? {
            let mut v = Vec::new();
            if self.testnext(Tok::Char(b'('))? {
                loop {
                    v.push(self.type_ann()?);
                    if !self.testnext(Tok::Char(b','))? {
                        break;
                    }
                }
                self.checknext(Tok::Char(b')'))?;
            } else {
                v.push(self.type_ann()?);
            }
            self.pending_ret = Some(self.slice(&v));
        }
        Ok(self.slice(&params))
    }

    /// `: type` after a declared name, if present.
    #[inline(never)]
    fn opt_type(&mut self) -> R<Option<&'a TypeAnn<'a>>> {
        if self.tok() == Tok::Char(b':') {
            self.next()?;
            let t = self.type_ann()?;
            Ok(Some(self.alloc(t)))
        } else {
            Ok(None)
        }
    }

    /// A Ravi type: `integer`, `number`, `integer[]`, `number[]`, `table`, `string`,
    /// `closure`, `boolean`, `any` or `Name[.Name]*` (a userdata type).
    #[inline(never)]
    fn type_ann(&mut self) -> R<TypeAnn<'a>> {
        self.saw_types = true;
        let start = self.lx.t.pos as usize;
        let n = self.str_checkname()?;
        let arr = |p: &mut Self| -> R<bool> {
            if p.tok() == Tok::Char(b'[') {
                p.next()?;
                p.checknext(Tok::Char(b']'))?;
                Ok(true)
            } else {
                Ok(false)
            }
        };
        Ok(match n {
            b"integer" => if arr(self)? { TypeAnn::IntegerArray } else { TypeAnn::Integer },
            b"number" => if arr(self)? { TypeAnn::NumberArray } else { TypeAnn::Number },
            b"table" => TypeAnn::Table,
            b"string" => TypeAnn::String,
            b"closure" => TypeAnn::Closure,
            b"boolean" => TypeAnn::Boolean,
            b"any" => TypeAnn::Any,
            _ => {
                let mut name = n.to_vec();
                let _ = start;
                while self.tok() == Tok::Char(b'.') {
                    self.next()?;
                    let m = self.str_checkname()?;
                    name.push(b'.');
                    name.extend_from_slice(m);
                }
                TypeAnn::User(self.arena.alloc_slice_copy(&name))
            }
        })
    }

    #[inline(never)]
    fn close_body(&mut self, line: u32, last_line: u32, params: &'a [LocalDecl<'a>], stmts: &[Stmt<'a>]) -> R<&'a FuncBody<'a>> {
        let end_line = self.lx.lastline;
        let (upval, _) = self.leaveblock()?;
        let fs = self.fs.pop().unwrap();
        let fb = FuncBody {
            line,
            last_line,
            end_line,
            params,
            is_vararg: fs.is_vararg,
            body: Block { stmts: self.slice(stmts), upval, end_line },
            upvals: self.slice(&fs.upvals),
            nlabels: fs.nlabels,
            gotos: self.slice(&fs.gotos),
            ret_types: fs.ret_types,
        };
        Ok(self.alloc(fb))
    }

    /// Parses the main chunk.
    pub fn mainfunc(&mut self) -> R<&'a FuncBody<'a>> {
        let mut fs = FuncState::new(0);
        fs.is_vararg = true;
        fs.upvals.push(UpvalInfo { name: b"_ENV", in_stack: true, index: 0 });
        self.fs.push(fs);
        self.enterblock(false);
        self.next()?;
        let mut stmts = Vec::new();
        self.statlist(&mut stmts)?;
        self.check(Tok::Eos)?;
        let end_line = self.lx.lastline;
        let (upval, _) = self.leaveblock()?;
        let fs = self.fs.pop().unwrap();
        let fb = FuncBody {
            line: 0,
            last_line: 0,
            end_line,
            params: &[],
            is_vararg: true,
            body: Block { stmts: self.slice(&stmts), upval, end_line },
            upvals: self.slice(&fs.upvals),
            nlabels: fs.nlabels,
            gotos: self.slice(&fs.gotos),
            ret_types: None,
        };
        Ok(self.alloc(fb))
    }

    // ----------------------------------------------------------------- statements

    fn statlist(&mut self, list: &mut Vec<Stmt<'a>>) -> R<()> {
        while !self.block_follow(true) {
            if self.tok() == Tok::Return {
                self.statement(list)?;
                return Ok(());
            }
            self.statement(list)?;
        }
        Ok(())
    }

    fn block(&mut self) -> R<Block<'a>> {
        self.enterblock(false);
        let mut stmts = Vec::new();
        self.statlist(&mut stmts)?;
        let end_line = self.lx.lastline;
        let (upval, _) = self.leaveblock()?;
        Ok(Block { stmts: self.slice(&stmts), upval, end_line })
    }

    fn statement(&mut self, list: &mut Vec<Stmt<'a>>) -> R<()> {
        let line = self.lx.linenumber;
        self.enterlevel()?;
        match self.tok() {
            Tok::Char(b';') => self.next()?,
            Tok::If => self.ifstat(list, line)?,
            Tok::While => self.whilestat(list, line)?,
            Tok::Do => {
                self.next()?;
                let b = self.block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
                list.push(Stmt { kind: StmtKind::Do(b), line });
            }
            Tok::For => self.forstat(list, line)?,
            Tok::Repeat => self.repeatstat(list, line)?,
            Tok::Function => self.funcstat(list, line)?,
            Tok::Local => {
                self.next()?;
                if self.testnext(Tok::Function)? {
                    self.localfunc(list, line)?;
                } else {
                    self.localstat(list, line)?;
                }
            }
            Tok::DbColon => {
                self.next()?;
                let name = self.str_checkname()?;
                self.labelstat(list, name, line)?;
            }
            Tok::Return => {
                self.next()?;
                self.retstat(list, line)?;
            }
            Tok::Break | Tok::Goto => self.gotostat(list)?,
            Tok::Name if self.is_defer()? => self.deferstat(list, line)?,
            _ => self.exprstat(list, line)?,
        }
        // freereg = max(freereg, nactvar) is codegen's business
        self.leavelevel();
        Ok(())
    }

    /// `defer` is a contextual keyword: a statement starting with the name `defer`
    /// followed by a token that cannot continue an expression statement (in plain Lua
    /// that would be a syntax error, so Lua programs using `defer` as a name parse as before).
    #[inline(never)]
    fn is_defer(&mut self) -> R<bool> {
        if !matches!(self.lx.t.val, TokVal::Str(b"defer")) {
            return Ok(false);
        }
        let la = self.lx.lookahead()?;
        Ok(!matches!(
            la,
            Tok::Char(b'.' | b'[' | b':' | b'(' | b'{' | b'=' | b',') | Tok::Str
        ))
    }

    #[inline(never)]
    fn deferstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        self.next()?; // skip 'defer'
        self.new_localvar(b"(defer)")?;
        self.adjustlocalvars(1);
        // the body is a parameterless function: `defer` ... `end`
        self.fs.push(FuncState::new(line));
        self.enterblock(false);
        let mut stmts = Vec::new();
        self.statlist(&mut stmts)?;
        let last_line = self.lx.linenumber;
        self.check_match(Tok::End, Tok::Name, line)?;
        let func = self.close_body(line, last_line, &[], &stmts)?;
        list.push(Stmt { kind: StmtKind::Defer { func }, line });
        Ok(())
    }

    #[inline(never)]
    fn ifstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        let mut clauses = Vec::new();
        loop {
            // test_then_block
            self.next()?; // skip IF / ELSEIF
            let mut cond = *self.expr()?;
            self.checknext(Tok::Then)?;
            cond.end_line = self.lx.lastline; // lua5.3 tests it after consuming `then`
            self.enterblock(false);
            let mut stmts = Vec::new();
            if self.tok() == Tok::Goto || self.tok() == Tok::Break {
                self.gotostat(&mut stmts)?;
                while self.testnext(Tok::Char(b';'))? {}
                if !self.block_follow(false) {
                    self.statlist(&mut stmts)?;
                }
            } else {
                self.statlist(&mut stmts)?;
            }
            let end_line = self.lx.lastline;
            let (upval, _) = self.leaveblock()?;
            clauses.push((cond, Block { stmts: self.slice(&stmts), upval, end_line }));
            if self.tok() != Tok::Elseif {
                break;
            }
        }
        let else_block = if self.testnext(Tok::Else)? { Some(self.block()?) } else { None };
        self.check_match(Tok::End, Tok::If, line)?;
        list.push(Stmt { kind: StmtKind::If { clauses: self.slice(&clauses), else_block }, line });
        Ok(())
    }

    #[inline(never)]
    fn whilestat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        self.next()?;
        let cond = *self.expr()?;
        self.enterblock(true);
        self.checknext(Tok::Do)?;
        let body = self.block()?;
        self.check_match(Tok::End, Tok::While, line)?;
        let (_, break_label) = self.leaveblock()?;
        list.push(Stmt { kind: StmtKind::While { cond, body, break_label }, line });
        Ok(())
    }

    #[inline(never)]
    fn repeatstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        self.enterblock(true);
        self.enterblock(false);
        self.next()?;
        let mut stmts = Vec::new();
        self.statlist(&mut stmts)?;
        self.check_match(Tok::Until, Tok::Repeat, line)?;
        let cond = *self.expr()?;
        let end_line = self.lx.lastline;
        let (upval, _) = self.leaveblock()?;
        let (_, break_label) = self.leaveblock()?;
        let body = Block { stmts: self.slice(&stmts), upval, end_line };
        list.push(Stmt { kind: StmtKind::Repeat { body, cond, break_label }, line });
        Ok(())
    }

    #[inline(never)]
    fn forstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        self.enterblock(true);
        self.next()?;
        let varname = self.str_checkname()?;
        let kind = match self.tok() {
            Tok::Char(b'=') => {
                self.new_localvar(b"(for index)")?;
                self.new_localvar(b"(for limit)")?;
                self.new_localvar(b"(for step)")?;
                self.new_localvar(varname)?;
                self.next()?;
                let start = *self.expr()?;
                self.checknext(Tok::Char(b','))?;
                let limit = *self.expr()?;
                let step = if self.testnext(Tok::Char(b','))? { Some(*self.expr()?) } else { None };
                let (body, vars_upval, do_line) = self.forbody(1)?;
                StmtKind::NumFor {
                    var: LocalDecl { name: varname, ty: None },
                    start,
                    limit,
                    step,
                    body,
                    vars_upval,
                    break_label: None,
                    do_line,
                }
            }
            Tok::Char(b',') | Tok::In => {
                self.new_localvar(b"(for generator)")?;
                self.new_localvar(b"(for state)")?;
                self.new_localvar(b"(for control)")?;
                self.new_localvar(varname)?;
                let mut vars = Vec::new();
                vars.push(LocalDecl { name: varname, ty: None });
                while self.testnext(Tok::Char(b','))? {
                    let n = self.str_checkname()?;
                    self.new_localvar(n)?;
                    vars.push(LocalDecl { name: n, ty: None });
                }
                self.checknext(Tok::In)?;
                let exprs_line = self.lx.linenumber;
                let exprs = self.explist()?;
                let (body, vars_upval, do_line) = self.forbody(vars.len())?;
                StmtKind::GenFor {
                    vars: self.slice(&vars),
                    exprs,
                    exprs_line,
                    body,
                    vars_upval,
                    break_label: None,
                    do_line,
                }
            }
            _ => return Err(self.err(b"'=' or 'in' expected")),
        };
        self.check_match(Tok::End, Tok::For, line)?;
        let (_, bl) = self.leaveblock()?;
        let kind = match kind {
            StmtKind::NumFor { var, start, limit, step, body, vars_upval, do_line, .. } => {
                StmtKind::NumFor { var, start, limit, step, body, vars_upval, break_label: bl, do_line }
            }
            StmtKind::GenFor { vars, exprs, exprs_line, body, vars_upval, do_line, .. } => {
                StmtKind::GenFor { vars, exprs, exprs_line, body, vars_upval, break_label: bl, do_line }
            }
            k => k,
        };
        list.push(Stmt { kind, line });
        Ok(())
    }

    #[inline(never)]
    fn forbody(&mut self, nvars: usize) -> R<(Block<'a>, bool, u32)> {
        self.adjustlocalvars(3);
        self.checknext(Tok::Do)?;
        let do_line = self.lx.lastline;
        self.enterblock(false);
        self.adjustlocalvars(nvars);
        let body = self.block()?;
        let (vars_upval, _) = self.leaveblock()?;
        Ok((body, vars_upval, do_line))
    }

    #[inline(never)]
    fn funcstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        self.next()?;
        // funcname
        let pos = self.lx.t.pos;
        let nline = self.lx.linenumber;
        let n = self.str_checkname()?;
        let mut target = self.singlevar(n, nline, pos)?;
        let mut ismethod = false;
        while self.tok() == Tok::Char(b'.') {
            target = self.fieldsel(target)?;
        }
        if self.tok() == Tok::Char(b':') {
            ismethod = true;
            target = self.fieldsel(target)?;
        }
        let func = self.body(ismethod, line)?;
        list.push(Stmt { kind: StmtKind::Function { target: *target, func }, line });
        Ok(())
    }

    #[inline(never)]
    fn localfunc(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        let name = self.str_checkname()?;
        self.new_localvar(name)?;
        self.adjustlocalvars(1);
        let l = self.lx.linenumber;
        let func = self.body(false, l)?;
        list.push(Stmt { kind: StmtKind::LocalFunction { decl: LocalDecl { name, ty: None }, func }, line });
        Ok(())
    }

    #[inline(never)]
    fn localstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        let mut names = Vec::new();
        loop {
            let n = self.str_checkname()?;
            self.new_localvar(n)?;
            let ty = self.opt_type()?;
            names.push(LocalDecl { name: n, ty });
            if !self.testnext(Tok::Char(b','))? {
                break;
            }
        }
        let exprs = if self.testnext(Tok::Char(b'='))? { self.explist()? } else { &[] };
        self.adjustlocalvars(names.len());
        let next_pos = self.lx.t.pos;
        let end_line = self.lx.lastline;
        list.push(Stmt { kind: StmtKind::Local { names: self.slice(&names), exprs, next_pos, end_line }, line });
        Ok(())
    }

    #[inline(never)]
    fn labelstat(&mut self, list: &mut Vec<Stmt<'a>>, name: Str<'a>, line: u32) -> R<()> {
        // checkrepeated (current block only, as 5.3)
        let fs = self.fs.last().unwrap();
        let first = fs.blocks.last().map_or(0, |b| b.firstlabel);
        if let Some(l) = fs.labels[first..].iter().find(|l| l.name == name) {
            let mut m = Vec::new();
            m.extend_from_slice(b"label '");
            m.extend_from_slice(name);
            m.extend_from_slice(b"' already defined on line ");
            push_uint(&mut m, l.line as u64);
            return Err(self.lx.sem_error(&m));
        }
        self.checknext(Tok::DbColon)?;
        let fs = self.fs();
        let id = fs.nlabels;
        fs.nlabels += 1;
        let nactvar = fs.nactvar;
        fs.labels.push(LabelDesc { name, line, nactvar, id });
        let li = fs.labels.len() - 1;
        list.push(Stmt { kind: StmtKind::Label { id }, line });
        // skipnoopstat
        while self.tok() == Tok::Char(b';') || self.tok() == Tok::DbColon {
            self.statement(list)?;
        }
        if self.block_follow(false) {
            let fs = self.fs();
            let bn = fs.blocks.last().unwrap().nactvar;
            fs.labels[li].nactvar = bn;
        }
        self.findgotos(li)
    }

    #[inline(never)]
    fn retstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        let exprs = if self.block_follow(true) || self.tok() == Tok::Char(b';') { &[][..] } else { self.explist()? };
        self.testnext(Tok::Char(b';'))?;
        list.push(Stmt { kind: StmtKind::Return { exprs }, line });
        Ok(())
    }

    #[inline(never)]
    fn gotostat(&mut self, list: &mut Vec<Stmt<'a>>) -> R<()> {
        let line = self.lx.linenumber;
        let jmp_line = self.lx.lastline;
        let (name, is_break): (Str<'a>, bool) = if self.testnext(Tok::Goto)? {
            (self.str_checkname()?, false)
        } else {
            self.next()?;
            (b"break", true)
        };
        let fs = self.fs();
        let id = fs.gotos.len() as u32;
        fs.gotos.push(GotoInfo::default());
        let nactvar = fs.nactvar;
        fs.pending.push(PendingGoto { name, line, nactvar, id, close: None });
        let g = fs.pending.len() - 1;
        list.push(Stmt { kind: StmtKind::Goto { id, is_break, jmp_line }, line });
        self.findlabel(g)?;
        Ok(())
    }

    #[inline(never)]
    fn exprstat(&mut self, list: &mut Vec<Stmt<'a>>, line: u32) -> R<()> {
        let e = self.suffixedexp()?;
        if self.tok() == Tok::Char(b'=') || self.tok() == Tok::Char(b',') {
            let mut targets = Vec::new();
            targets.push(e);
            loop {
                if !is_var(targets.last().unwrap()) {
                    return Err(self.err(b"syntax error"));
                }
                if self.testnext(Tok::Char(b','))? {
                    let nv = self.suffixedexp()?;
                    if targets.len() as u32 + self.level > MAX_C_LEVELS {
                        return Err(self.errorlimit(MAX_C_LEVELS, b"C levels"));
                    }
                    targets.push(nv);
                } else {
                    self.checknext(Tok::Char(b'='))?;
                    let exprs = self.explist()?;
                    let targets: Vec<Expr<'a>> = targets.iter().map(|t| **t).collect();
                    let next_pos = self.lx.t.pos;
                    list.push(Stmt { kind: StmtKind::Assign { targets: self.slice(&targets), exprs, next_pos }, line });
                    return Ok(());
                }
            }
        }
        if !matches!(e.kind, ExprKind::Call { .. } | ExprKind::Method { .. }) {
            return Err(self.err(b"syntax error"));
        }
        list.push(Stmt { kind: StmtKind::Call(*e), line });
        Ok(())
    }

    // ----------------------------------------------------------------- expressions

    #[inline(never)]
    fn explist(&mut self) -> R<&'a [Expr<'a>]> {
        let v = self.explist_vec()?;
        Ok(self.slice(&v))
    }

    /// explist; every expression but the last is discharged after its `,` is consumed
    /// (its `end_line` is the comma's line).
    fn explist_vec(&mut self) -> R<Vec<Expr<'a>>> {
        let mut v = Vec::new();
        v.push(*self.expr()?);
        while self.testnext(Tok::Char(b','))? {
            v.last_mut().unwrap().end_line = self.lx.lastline;
            v.push(*self.expr()?);
        }
        Ok(v)
    }

    /// Parses an expression; returns it allocated in the arena (small return values keep
    /// the recursive frames small).
    #[inline(always)]
    pub fn expr(&mut self) -> R<&'a Expr<'a>> {
        Ok(self.subexpr(0)?.0)
    }

    fn mka(&self, kind: ExprKind<'a>, line: u32, pos: u32) -> &'a Expr<'a> {
        self.arena.alloc(Expr { kind, line, pos, end_line: self.lx.lastline })
    }

    fn subexpr(&mut self, limit: u8) -> R<(&'a Expr<'a>, Option<BinOp>)> {
        self.enterlevel()?;
        let mut v = if let Some(uop) = unopr(self.tok()) {
            let line = self.lx.linenumber;
            let pos = self.lx.t.pos;
            self.next()?;
            let e = self.subexpr(UNARY_PRIORITY)?.0;
            self.mka(ExprKind::Unop { op: uop, e }, line, pos)
        } else if let Some(ty) = self.cast_prefix()? {
            let line = self.lx.linenumber;
            let pos = self.lx.t.pos;
            let e = self.subexpr(UNARY_PRIORITY)?.0;
            let ty = self.alloc(ty);
            self.mka(ExprKind::Cast { ty, e }, line, pos)
        } else {
            self.simpleexp()?
        };
        let mut op = binopr(self.tok());
        while let Some(o) = op {
            let (left, right) = priority(o);
            if left <= limit {
                break;
            }
            let line = self.lx.linenumber;
            self.next()?;
            let (rhs, nextop) = self.subexpr(right)?;
            v = self.mka(ExprKind::Binop { op: o, lhs: v, rhs }, line, v.pos);
            op = nextop;
        }
        self.leavelevel();
        Ok((v, op))
    }

    /// A Ravi cast operator (`@integer`, ..., `@Name[.Name]*`), consumed; None otherwise.
    #[inline(never)]
    fn cast_prefix(&mut self) -> R<Option<TypeAnn<'a>>> {
        match self.tok() {
            Tok::Cast(c) => {
                self.saw_types = true;
                self.next()?;
                Ok(Some(match c {
                    0 => TypeAnn::Integer,
                    1 => TypeAnn::Number,
                    2 => TypeAnn::IntegerArray,
                    3 => TypeAnn::NumberArray,
                    4 => TypeAnn::Table,
                    5 => TypeAnn::String,
                    6 => TypeAnn::Closure,
                    _ => TypeAnn::Boolean,
                }))
            }
            Tok::Char(b'@') => {
                if self.lx.lookahead()? != Tok::Name {
                    return Err(self.err(b"unexpected symbol"));
                }
                self.next()?;
                Ok(Some(self.type_ann()?))
            }
            _ => Ok(None),
        }
    }

    #[inline(always)]
    fn simpleexp(&mut self) -> R<&'a Expr<'a>> {
        let line = self.lx.linenumber;
        let pos = self.lx.t.pos;
        let kind = match self.tok() {
            Tok::Flt => ExprKind::Flt(match self.lx.t.val {
                TokVal::Flt(f) => f,
                _ => 0.0,
            }),
            Tok::Int => ExprKind::Int(match self.lx.t.val {
                TokVal::Int(i) => i,
                _ => 0,
            }),
            Tok::Str => ExprKind::Str(match self.lx.t.val {
                TokVal::Str(s) => s,
                _ => &[],
            }),
            Tok::Nil => ExprKind::Nil,
            Tok::True => ExprKind::True,
            Tok::False => ExprKind::False,
            Tok::Dots => {
                if !self.fs().is_vararg {
                    return Err(self.err(b"cannot use '...' outside a vararg function"));
                }
                // lua5.3 emits the VarArg before consuming `...`
                let l = self.lx.lastline;
                self.next()?;
                return Ok(self.mka(ExprKind::Vararg, l, pos));
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => return self.function_literal(pos),
            _ => return self.suffixedexp(),
        };
        self.next()?;
        Ok(self.mka(kind, line, pos))
    }

    #[inline(never)]
    fn function_literal(&mut self, pos: u32) -> R<&'a Expr<'a>> {
        self.next()?;
        let l = self.lx.linenumber;
        let f = self.body(false, l)?;
        Ok(self.mka(ExprKind::Function(f), f.end_line, pos))
    }

    #[inline(always)]
    fn primaryexp(&mut self) -> R<&'a Expr<'a>> {
        match self.tok() {
            Tok::Char(b'(') => {
                let line = self.lx.linenumber;
                let pos = self.lx.t.pos;
                self.next()?;
                let mut e = *self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                e.end_line = self.lx.lastline; // discharged after `)`
                let e = self.arena.alloc(e);
                Ok(self.mka(ExprKind::Paren(e), e.line, pos))
            }
            Tok::Name => {
                let line = self.lx.linenumber;
                let pos = self.lx.t.pos;
                let n = self.str_checkname()?;
                self.singlevar(n, line, pos)
            }
            _ => Err(self.err(b"unexpected symbol")),
        }
    }

    #[inline(never)]
    fn fieldsel(&mut self, obj: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        self.next()?; // skip '.' or ':'
        let pos = self.lx.t.pos;
        let name = self.str_checkname()?;
        let line = self.lx.lastline;
        let key = self.mka(ExprKind::Str(name), line, pos);
        Ok(self.mka(ExprKind::Index { obj, key }, line, obj.pos))
    }

    #[inline(never)]
    fn suffixedexp(&mut self) -> R<&'a Expr<'a>> {
        let line = self.lx.linenumber;
        let mut v = self.primaryexp()?;
        loop {
            match self.tok() {
                Tok::Char(b'.') => v = self.fieldsel(v)?,
                Tok::Char(b'[') => {
                    self.next()?;
                    let key = self.expr()?;
                    self.checknext(Tok::Char(b']'))?;
                    let l = self.lx.lastline;
                    v = self.mka(ExprKind::Index { obj: v, key }, l, v.pos);
                }
                Tok::Char(b':') => {
                    self.next()?;
                    let name_pos = self.lx.t.pos;
                    let name = self.str_checkname()?;
                    let name_line = self.lx.lastline;
                    let args = self.funcargs(line)?;
                    v = self.mka(ExprKind::Method { obj: v, name, name_pos, name_line, args }, line, v.pos);
                }
                Tok::Char(b'(') | Tok::Str | Tok::Char(b'{') => {
                    let args = self.funcargs(line)?;
                    v = self.mka(ExprKind::Call { func: v, args }, line, v.pos);
                }
                _ => return Ok(v),
            }
        }
    }

    #[inline(never)]
    fn funcargs(&mut self, line: u32) -> R<&'a [Expr<'a>]> {
        match self.tok() {
            Tok::Char(b'(') => {
                self.next()?;
                if self.tok() == Tok::Char(b')') {
                    self.next()?;
                    return Ok(&[][..]);
                }
                let mut args = self.explist_vec()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                // the last argument is discharged after `)`
                args.last_mut().unwrap().end_line = self.lx.lastline;
                Ok(self.slice(&args))
            }
            Tok::Char(b'{') => {
                let t = self.constructor()?;
                Ok(core::slice::from_ref(t))
            }
            Tok::Str => {
                let s = match self.lx.t.val {
                    TokVal::Str(s) => s,
                    _ => &[],
                };
                let (l, p) = (self.lx.linenumber, self.lx.t.pos);
                self.next()?;
                let e = self.mka(ExprKind::Str(s), l, p);
                Ok(core::slice::from_ref(e))
            }
            _ => Err(self.err(b"function arguments expected")),
        }
    }

    #[inline(never)]
    fn constructor(&mut self) -> R<&'a Expr<'a>> {
        let line = self.lx.linenumber;
        let pos = self.lx.t.pos;
        // lua5.3 emits the NewTable before consuming `{`
        let open_line = self.lx.lastline;
        self.checknext(Tok::Char(b'{'))?;
        let mut fields = Vec::new();
        loop {
            if self.tok() == Tok::Char(b'}') {
                break;
            }
            match self.tok() {
                Tok::Name => {
                    if self.lx.lookahead()? != Tok::Char(b'=') {
                        fields.push(Field::List(*self.expr()?));
                    } else {
                        let kpos = self.lx.t.pos;
                        let kline = self.lx.linenumber;
                        let n = self.str_checkname()?;
                        let key = self.mk(ExprKind::Str(n), kline, kpos);
                        self.checknext(Tok::Char(b'='))?;
                        let val = *self.expr()?;
                        fields.push(Field::Rec { key, val });
                    }
                }
                Tok::Char(b'[') => {
                    self.next()?;
                    let key = *self.expr()?;
                    self.checknext(Tok::Char(b']'))?;
                    self.checknext(Tok::Char(b'='))?;
                    let val = *self.expr()?;
                    fields.push(Field::Rec { key, val });
                }
                _ => fields.push(Field::List(*self.expr()?)),
            }
            if !(self.testnext(Tok::Char(b','))? || self.testnext(Tok::Char(b';'))?) {
                break;
            }
            // a list item is discharged after its separator (closelistfield)
            if let Some(Field::List(e)) = fields.last_mut() {
                e.end_line = self.lx.lastline;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        let close_line = self.lx.lastline;
        // the last item is discharged after `}` (lastlistfield)
        if let Some(Field::List(e)) = fields.last_mut() {
            e.end_line = close_line;
        }
        let fields = self.slice(&fields);
        Ok(self.mka(ExprKind::Table(fields, close_line), open_line, pos))
    }
}
