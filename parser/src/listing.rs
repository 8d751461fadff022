//! Bytecode listings in the style of `luac -l -l` (print.c), used by `ravi --bytecode`:
//! per function a header (`main <file:0,0> (N instructions)`, without addresses), the
//! instructions with 1-based pc, `[line]`, mnemonic, decoded operands and a `;` comment
//! naming constants, upvalues and jump targets, then the constants, locals and upvalues
//! sections; nested functions follow their parent.

use alloc::vec::Vec;

use crate::bytecode::{Constant, Format, Instruction, OpCode, Proto, OFFSET_SC};
use crate::lexer::push_uint;
use crate::number::fmt_float_g14;

fn push_int(out: &mut Vec<u8>, i: i64) {
    if i < 0 {
        out.push(b'-');
    }
    push_uint(out, i.unsigned_abs());
}

fn plural(n: usize) -> &'static [u8] {
    if n == 1 {
        b""
    } else {
        b"s"
    }
}

/// Appends a constant as print.c's PrintConstant does.
pub fn constant_text(k: &Constant, out: &mut Vec<u8>) {
    match k {
        Constant::Nil => out.extend_from_slice(b"nil"),
        Constant::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Constant::Int(i) => push_int(out, *i),
        Constant::Float(f) => fmt_float_g14(*f, out),
        Constant::Str(s) => {
            out.push(b'"');
            for &c in s {
                match c {
                    b'"' => out.extend_from_slice(b"\\\""),
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    7 => out.extend_from_slice(b"\\a"),
                    8 => out.extend_from_slice(b"\\b"),
                    12 => out.extend_from_slice(b"\\f"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    11 => out.extend_from_slice(b"\\v"),
                    0x20..=0x7e => out.push(c),
                    _ => {
                        out.push(b'\\');
                        out.push(b'0' + c / 100);
                        out.push(b'0' + (c / 10) % 10);
                        out.push(b'0' + c % 10);
                    }
                }
            }
            out.push(b'"');
        }
    }
}

fn k(p: &Proto, i: u32, out: &mut Vec<u8>) {
    match p.constants.get(i as usize) {
        Some(c) => constant_text(c, out),
        None => out.extend_from_slice(b"?"),
    }
}

fn upname(p: &Proto, i: u32, out: &mut Vec<u8>) {
    match p.upvalues.get(i as usize) {
        Some(u) if !u.name.is_empty() => out.extend_from_slice(&u.name),
        _ => out.push(b'-'),
    }
}

/// Mnemonic as listed (upper case, luac style).
pub fn mnemonic(op: OpCode) -> Vec<u8> {
    if op == OpCode::SelfOp {
        return b"SELF".to_vec();
    }
    op.name().bytes().map(|c| c.to_ascii_uppercase()).collect()
}

/// Lists one instruction (without the leading pc/line columns).
fn instruction(p: &Proto, pc: usize, out: &mut Vec<u8>) {
    use OpCode::*;
    let i: Instruction = p.code[pc];
    let Some(op) = i.opcode() else {
        out.extend_from_slice(b"<bad opcode ");
        push_uint(out, i.op_raw() as u64);
        out.push(b'>');
        return;
    };
    let name = mnemonic(op);
    out.extend_from_slice(&name);
    for _ in name.len()..9 {
        out.push(b' ');
    }
    out.push(b'\t');
    let (a, b, c) = (i.a() as i64, i.b() as i64, i.c() as i64);
    let sb = i.sb() as i64;
    let sc = i.sc() as i64;
    let ops: Vec<i64> = match op {
        Move | LoadNil | GetUpval | SetUpval | Unm | BNot | Not | Len | Return | VarArg => vec_of(&[a, b]),
        LoadKX | Close | ToInt | ToFlt | ToIArray | ToFArray | ToTab | ToStr | ToClosure | ToBool | NewIArray
        | NewFArray => vec_of(&[a]),
        BNotI | UnmI | UnmF | MoveI | MoveF | ToIntN | ToFltN => vec_of(&[a, b]),
        Test | TForCall => vec_of(&[a, c]),
        AddI | AddIImm => vec_of(&[a, b, sc]),
        EqI | LtI | LeI | GtI | GeI => vec_of(&[a, sb, c]),
        _ => match op.format() {
            Format::ABC => vec_of(&[a, b, c]),
            Format::ABx => vec_of(&[a, i.bx() as i64]),
            Format::AsBx => vec_of(&[a, i.sbx() as i64]),
            Format::SJ => vec_of(&[i.sj() as i64]),
            Format::Ax => vec_of(&[i.ax() as i64]),
        },
    };
    for (n, v) in ops.iter().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        push_int(out, *v);
    }
    let _ = OFFSET_SC;
    match op {
        LoadK => {
            out.extend_from_slice(b"\t; ");
            k(p, i.bx(), out);
        }
        LoadKX => {
            if let Some(x) = p.code.get(pc + 1) {
                out.extend_from_slice(b"\t; ");
                k(p, x.ax(), out);
            }
        }
        GetUpval | SetUpval => {
            out.extend_from_slice(b"\t; ");
            upname(p, i.b(), out);
        }
        GetTabUp => {
            out.extend_from_slice(b"\t; ");
            upname(p, i.b(), out);
            out.push(b' ');
            k(p, i.c(), out);
        }
        SetTabUp => {
            out.extend_from_slice(b"\t; ");
            upname(p, i.a(), out);
            out.push(b' ');
            k(p, i.b(), out);
        }
        SetTabUpK => {
            out.extend_from_slice(b"\t; ");
            upname(p, i.a(), out);
            out.push(b' ');
            k(p, i.b(), out);
            out.push(b' ');
            k(p, i.c(), out);
        }
        SetFieldK | TSetFieldK => {
            out.extend_from_slice(b"\t; ");
            k(p, i.b(), out);
            out.push(b' ');
            k(p, i.c(), out);
        }
        SetTableK | SetIK | IArraySetK | FArraySetK => {
            out.extend_from_slice(b"\t; ");
            k(p, i.c(), out);
        }
        GetField | SelfOp | TGetField | TSelf => {
            out.extend_from_slice(b"\t; ");
            k(p, i.c(), out);
        }
        SetField | EqK | TSetField | SubKF | DivKF => {
            out.extend_from_slice(b"\t; ");
            k(p, i.b(), out);
        }
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK | ShlK | ShrK | AddFK | SubFK
        | MulFK | DivFK => {
            out.extend_from_slice(b"\t; ");
            k(p, i.c(), out);
        }
        Jmp => {
            out.extend_from_slice(b"\t; to ");
            push_int(out, i.sj() as i64 + pc as i64 + 2);
        }
        ToType => {
            out.extend_from_slice(b"\t; ");
            k(p, i.bx(), out);
        }
        SetUpvalT => {
            out.extend_from_slice(b"\t; ");
            upname(p, i.b(), out);
            out.push(b' ');
            out.extend_from_slice(crate::bytecode::TypeCode::from_u32(i.c()).map_or("?", |t| t.name()).as_bytes());
        }
        ForLoop | ForPrep | TForLoop | ForLoopI | ForPrepI | ForLoopIP => {
            out.extend_from_slice(b"\t; to ");
            push_int(out, i.sbx() as i64 + pc as i64 + 2);
        }
        Closure => {
            out.extend_from_slice(b"\t; function #");
            push_uint(out, i.bx() as u64);
            if let Some(f) = p.protos.get(i.bx() as usize) {
                out.extend_from_slice(b" <");
                push_uint(out, f.line_defined as u64);
                out.push(b',');
                push_uint(out, f.last_line_defined as u64);
                out.push(b'>');
            }
        }
        SetList => {
            out.extend_from_slice(b"\t; ");
            if i.c() == 0 {
                push_uint(out, p.code.get(pc + 1).map_or(0, |x| x.ax()) as u64);
            } else {
                push_uint(out, i.c() as u64);
            }
        }
        _ => {}
    }
}

fn vec_of(v: &[i64]) -> Vec<i64> {
    v.to_vec()
}

fn source_name(src: &[u8]) -> &[u8] {
    match src.first() {
        Some(b'@') | Some(b'=') => &src[1..],
        Some(0x1b) => b"(bstring)",
        _ => b"(string)",
    }
}

/// Lists `proto` and, after it, every nested function (depth first), like `luac -l -l`.
pub fn list(proto: &Proto, out: &mut Vec<u8>) {
    let p = proto;
    out.push(b'\n');
    out.extend_from_slice(if p.line_defined == 0 { b"main" } else { b"function" });
    out.extend_from_slice(b" <");
    out.extend_from_slice(source_name(&p.source));
    out.push(b':');
    push_uint(out, p.line_defined as u64);
    out.push(b',');
    push_uint(out, p.last_line_defined as u64);
    out.extend_from_slice(b"> (");
    push_uint(out, p.code.len() as u64);
    out.extend_from_slice(b" instruction");
    out.extend_from_slice(plural(p.code.len()));
    out.extend_from_slice(b")\n");
    push_uint(out, p.num_params as u64);
    if p.is_vararg {
        out.push(b'+');
    }
    out.extend_from_slice(b" param");
    out.extend_from_slice(plural(p.num_params as usize));
    out.extend_from_slice(b", ");
    push_uint(out, p.max_stack as u64);
    out.extend_from_slice(b" slot");
    out.extend_from_slice(plural(p.max_stack as usize));
    out.extend_from_slice(b", ");
    push_uint(out, p.upvalues.len() as u64);
    out.extend_from_slice(b" upvalue");
    out.extend_from_slice(plural(p.upvalues.len()));
    out.extend_from_slice(b", ");
    push_uint(out, p.loc_vars.len() as u64);
    out.extend_from_slice(b" local");
    out.extend_from_slice(plural(p.loc_vars.len()));
    out.extend_from_slice(b", ");
    push_uint(out, p.constants.len() as u64);
    out.extend_from_slice(b" constant");
    out.extend_from_slice(plural(p.constants.len()));
    out.extend_from_slice(b", ");
    push_uint(out, p.protos.len() as u64);
    out.extend_from_slice(b" function");
    out.extend_from_slice(plural(p.protos.len()));
    out.push(b'\n');
    for pc in 0..p.code.len() {
        out.push(b'\t');
        push_uint(out, pc as u64 + 1);
        out.push(b'\t');
        match p.line_info.get(pc) {
            Some(&l) if l > 0 => {
                out.push(b'[');
                push_uint(out, l as u64);
                out.extend_from_slice(b"]\t");
            }
            _ => out.extend_from_slice(b"[-]\t"),
        }
        instruction(p, pc, out);
        out.push(b'\n');
    }
    out.extend_from_slice(b"constants (");
    push_uint(out, p.constants.len() as u64);
    out.extend_from_slice(b"):\n");
    for (i, c) in p.constants.iter().enumerate() {
        out.push(b'\t');
        push_uint(out, i as u64 + 1);
        out.push(b'\t');
        constant_text(c, out);
        out.push(b'\n');
    }
    out.extend_from_slice(b"locals (");
    push_uint(out, p.loc_vars.len() as u64);
    out.extend_from_slice(b"):\n");
    for (i, l) in p.loc_vars.iter().enumerate() {
        out.push(b'\t');
        push_uint(out, i as u64);
        out.push(b'\t');
        out.extend_from_slice(&l.name);
        out.push(b'\t');
        push_uint(out, l.start_pc as u64 + 1);
        out.push(b'\t');
        push_uint(out, l.end_pc as u64 + 1);
        out.push(b'\n');
    }
    out.extend_from_slice(b"upvalues (");
    push_uint(out, p.upvalues.len() as u64);
    out.extend_from_slice(b"):\n");
    for (i, u) in p.upvalues.iter().enumerate() {
        out.push(b'\t');
        push_uint(out, i as u64);
        out.push(b'\t');
        out.extend_from_slice(&u.name);
        out.push(b'\t');
        push_uint(out, u.in_stack as u64);
        out.push(b'\t');
        push_uint(out, u.index as u64);
        out.push(b'\n');
    }
    for f in &p.protos {
        list(f, out);
    }
}

/// The instruction listing of one function only (no header or sections): one line per
/// instruction, `MNEMONIC a b c ; comment` — handy in tests.
pub fn code_lines(p: &Proto) -> Vec<Vec<u8>> {
    (0..p.code.len())
        .map(|pc| {
            let mut v = Vec::new();
            instruction(p, pc, &mut v);
            v
        })
        .collect()
}
