//! The abstract syntax tree, allocated in a `bumpalo::Bump` arena (no destructors, freed
//! at once). Names are already resolved by the parser (local register, upvalue index or
//! global through `_ENV`), gotos are resolved to label ids with their upvalue-closing
//! needs, and every node that can raise a runtime error or is a statement carries its
//! source line, so codegen needs no symbol tables of its own. Slots for Ravi's type
//! annotations (`Option<&TypeAnn>`) and casts (`ExprKind::Cast`) exist; plain Lua leaves
//! them empty.

/// A byte string in the arena or the source.
pub type Str<'a> = &'a [u8];

/// Ravi type annotation (`local x: integer`, `function f(a: number[])`, `@string e`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TypeAnn<'a> {
    Any,
    Integer,
    Number,
    IntegerArray,
    NumberArray,
    Table,
    String,
    Closure,
    Boolean,
    /// `Name[.Name]*`: a userdata type checked against its metatable name.
    User(Str<'a>),
}

/// A declared local variable (or parameter).
#[derive(Clone, Copy, Debug)]
pub struct LocalDecl<'a> {
    pub name: Str<'a>,
    /// Ravi annotation, if any.
    pub ty: Option<&'a TypeAnn<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Concat,
    Eq,
    Lt,
    Le,
    Ne,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
            BinOp::Div => "/",
            BinOp::IDiv => "//",
            BinOp::BAnd => "&",
            BinOp::BOr => "|",
            BinOp::BXor => "~",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::Concat => "..",
            BinOp::Eq => "==",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Ne => "~=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Minus,
    BNot,
    Not,
    Len,
}

impl UnOp {
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Minus => "-",
            UnOp::BNot => "~",
            UnOp::Not => "not",
            UnOp::Len => "#",
        }
    }
}

/// An expression: kind, the line used for its instruction(s) and the byte offset of its
/// first token (to name it in "near" messages raised by codegen).
#[derive(Clone, Copy, Debug)]
pub struct Expr<'a> {
    pub kind: ExprKind<'a>,
    pub line: u32,
    pub pos: u32,
    /// lua5.3's `ls->lastline` when the construct around this expression finishes it
    /// (discharges it to a register, tests it...): the line of its last token, or of the
    /// token consumed after it first (the `,` of a list, the `)` of a call or
    /// parenthesis, the `}` of a constructor, the `then` of a condition).
    pub end_line: u32,
}

#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'a> {
    Nil,
    True,
    False,
    Vararg,
    Int(i64),
    Flt(f64),
    Str(Str<'a>),
    /// A local variable living in register `reg`.
    Local { reg: u8, name: Str<'a> },
    /// Upvalue `idx` of the current function.
    Upval { idx: u8, name: Str<'a> },
    /// A global: `env[name]` where `env` is the `_ENV` local or upvalue.
    Global { env: &'a Expr<'a>, name: Str<'a> },
    /// `obj[key]` (also `obj.name`, with `key` a `Str`).
    Index { obj: &'a Expr<'a>, key: &'a Expr<'a> },
    /// `func(args)`; `line` of the Expr is the line of the prefix start (lua5.3).
    Call { func: &'a Expr<'a>, args: &'a [Expr<'a>] },
    /// `obj:name(args)`.
    /// `name_line`: line of `name` (lua5.3 emits the Self there).
    Method { obj: &'a Expr<'a>, name: Str<'a>, name_pos: u32, name_line: u32, args: &'a [Expr<'a>] },
    Function(&'a FuncBody<'a>),
    Binop { op: BinOp, lhs: &'a Expr<'a>, rhs: &'a Expr<'a> },
    Unop { op: UnOp, e: &'a Expr<'a> },
    /// `(e)`: truncates to one value, not assignable.
    Paren(&'a Expr<'a>),
    /// A constructor; the Expr's `line` is the line of the token before `{` (lua5.3
    /// emits the NewTable before consuming `{`), the `u32` the line of `}`.
    Table(&'a [Field<'a>], u32),
    /// Ravi cast `@type e`.
    Cast { ty: &'a TypeAnn<'a>, e: &'a Expr<'a> },
}

/// A table constructor field.
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    /// Positional item.
    List(Expr<'a>),
    /// `name = v` or `[k] = v`.
    Rec { key: Expr<'a>, val: Expr<'a> },
}

/// A function literal or declaration body.
#[derive(Debug)]
pub struct FuncBody<'a> {
    /// Line of `function` (0 for the main chunk).
    pub line: u32,
    /// Line of the closing `end` (0 for the main chunk).
    pub last_line: u32,
    /// Line given to the final `Return` (line of the last token).
    pub end_line: u32,
    /// Parameters, `self` first for methods.
    pub params: &'a [LocalDecl<'a>],
    pub is_vararg: bool,
    pub body: Block<'a>,
    /// The function's upvalues, resolved.
    pub upvals: &'a [UpvalInfo<'a>],
    /// Number of labels (including loop "break" labels); ids are 0..nlabels.
    pub nlabels: u32,
    /// Resolution of each goto/break, indexed by goto id.
    pub gotos: &'a [GotoInfo],
    /// Ravi return annotations.
    pub ret_types: Option<&'a [TypeAnn<'a>]>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpvalInfo<'a> {
    pub name: Str<'a>,
    /// true: register `index` of the enclosing function; false: its upvalue `index`.
    pub in_stack: bool,
    pub index: u8,
}

/// Where a goto/break goes and what it must close first.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GotoInfo {
    pub label: u32,
    /// Close upvalues of registers >= this level before jumping.
    pub close: Option<u8>,
    /// Number of active locals at the target label (Ravi `defer`s declared at or above
    /// this level run before the jump).
    pub level: u8,
}

/// A block (scope). `upval`: some local declared directly in it is captured by a closure
/// (the block's exit must close it).
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    pub stmts: &'a [Stmt<'a>],
    pub upval: bool,
    /// Line of the last token of the block (lastline when lua5.3 leaves it).
    pub end_line: u32,
}

#[derive(Clone, Copy, Debug)]
pub struct Stmt<'a> {
    pub kind: StmtKind<'a>,
    pub line: u32,
}

#[derive(Clone, Copy, Debug)]
pub enum StmtKind<'a> {
    /// A function call statement.
    Call(Expr<'a>),
    /// `local n1, n2 = e1, e2`
    /// `end_line`: line of the statement's last token.
    Local { names: &'a [LocalDecl<'a>], exprs: &'a [Expr<'a>], next_pos: u32, end_line: u32 },
    /// `local function name body`
    LocalFunction { decl: LocalDecl<'a>, func: &'a FuncBody<'a> },
    /// `t1, t2 = e1, e2`
    /// `next_pos`: offset of the token after the statement (Ravi type errors say "near" it).
    Assign { targets: &'a [Expr<'a>], exprs: &'a [Expr<'a>], next_pos: u32 },
    /// `function a.b:c() end`: store the closure in `target`.
    Function { target: Expr<'a>, func: &'a FuncBody<'a> },
    Do(Block<'a>),
    While { cond: Expr<'a>, body: Block<'a>, break_label: Option<u32> },
    /// `repeat body until cond` (cond sees body's locals).
    Repeat { body: Block<'a>, cond: Expr<'a>, break_label: Option<u32> },
    /// `if c1 then b1 elseif c2 then b2 else b3 end`
    If { clauses: &'a [(Expr<'a>, Block<'a>)], else_block: Option<Block<'a>> },
    /// Numeric for. `vars_upval`: the loop variable is captured. `do_line`: line of `do`
    /// (the ForPrep's); the ForLoop has the `for` line.
    NumFor {
        var: LocalDecl<'a>,
        start: Expr<'a>,
        limit: Expr<'a>,
        step: Option<Expr<'a>>,
        body: Block<'a>,
        vars_upval: bool,
        break_label: Option<u32>,
        do_line: u32,
    },
    /// Generic for; `line` of the stmt is the `for` line, `exprs_line` the explist's
    /// (the TForCall/TForLoop's), `do_line` the line of `do` (the initial Jmp's).
    GenFor {
        vars: &'a [LocalDecl<'a>],
        exprs: &'a [Expr<'a>],
        exprs_line: u32,
        body: Block<'a>,
        vars_upval: bool,
        break_label: Option<u32>,
        do_line: u32,
    },
    Return { exprs: &'a [Expr<'a>] },
    /// `goto name` or `break` (id indexes FuncBody::gotos). `jmp_line`: line of the token
    /// before `goto`/`break` (lua5.3 emits the Jmp before consuming the keyword).
    Goto { id: u32, is_break: bool, jmp_line: u32 },
    Label { id: u32 },
    /// Ravi `defer block end`: `func` (no parameters) runs when the enclosing block exits
    /// normally, by `break`/`goto`, or by `return` (compiled calls), and when an error
    /// propagates out of it (the VM's protected calls and dying coroutines call the
    /// pending ones, innermost first; an error raised by one of them then is dropped).
    /// It occupies a hidden local register named `(defer)` (`bytecode::DEFER_LOCAL`).
    Defer { func: &'a FuncBody<'a> },
}
