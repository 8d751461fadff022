//! Unit and end-to-end tests of the parser crate. Expected messages and outputs are
//! literal strings obtained from lua5.3.

mod minivm;
mod programs;

use alloc::string::String;
use alloc::vec::Vec;

use crate::compile;

fn run(src: &str) -> Result<String, String> {
    let p = compile(src.as_bytes(), b"=test").map_err(|e| String::from_utf8_lossy(&e.message).into_owned())?;
    match minivm::Vm::run(p) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).into_owned()),
        Err((out, e)) => Err(std::format!("{}<error: {}>", String::from_utf8_lossy(&out), e)),
    }
}

#[test]
fn programs_match_lua53() {
    let mut failures = Vec::new();
    for (name, src, expected) in programs::PROGRAMS {
        match run(src) {
            Ok(out) if out == *expected => {}
            other => failures.push(std::format!("{}:\n--- got\n{:?}\n--- expected\n{}", name, other, expected)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn err(src: &str) -> String {
    match compile(src.as_bytes(), src.as_bytes()) {
        Ok(_) => String::from("OK"),
        Err(e) => String::from_utf8_lossy(&e.message).into_owned(),
    }
}

/// Deep nesting gives lua5.3's error, and compiling at the limit fits in a 256 KiB stack.
const STACK: usize = 256 * 1024;
#[test]
fn deep_nesting_in_small_stack() {
    let h = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(|| {
            let rep = |s: &str, n: usize| s.repeat(n);
            let mut out = Vec::new();
            for src in [
                std::format!("x = {}1{}", rep("(", 100000), rep(")", 100000)),
                std::format!("{}{}", rep("do ", 100000), rep("end ", 100000)),
                std::format!("x = {}{}", rep("{", 100000), rep("}", 100000)),
                std::format!("x = {}1", rep("- ", 100000)),
                std::format!("x = {}b", rep("a..", 100000)),
                std::format!("x = {}b", rep("a^", 100000)),
                std::format!("{}{}", rep("function f() ", 100000), rep("end ", 100000)),
                std::format!("{}{}", rep("if x then ", 100000), rep("end ", 100000)),
                std::format!("x = {}1{}", rep("f(", 100000), rep(")", 100000)),
                std::format!("x = {}1{}", rep("{f(", 100000), rep(")}", 100000)),
                std::format!("x = {}1", rep("not ", 100000)),
                // at the limit: compiles fine
                std::format!("x = {}1{}", rep("(", 196), rep(")", 196)),
                std::format!("{}{}", rep("do ", 198), rep("end ", 198)),
                std::format!("{}{}", rep("while x do ", 198), rep("end ", 198)),
                std::format!("x = {}{}", rep("function() return ", 97), rep("end ", 97)),
                std::format!("x = {}1{}", rep("{", 197), rep("}", 197)),
                std::format!("x = {}1", rep("- ", 196)),
                // long left-associative and suffix chains are iterative (no limit in lua5.3)
                std::format!("x = {}b", rep("a.", 100000)),
                std::format!("x = {}b", rep("a+", 100000)),
                std::format!("x = {}b", rep("a or ", 100000)),
                std::format!("x = f{}", rep("(1)", 100000)),
                std::format!("x = a{}", rep(":m()", 100000)),
                std::format!("if x then {} end", rep("elseif x then ", 100000)),
            ] {
                let e = err(&src);
                out.push(e.split(": ").skip(1).collect::<Vec<_>>().join(": "));
            }
            out
        })
        .unwrap();
    let out = h.join().expect("no stack overflow");
    let expected = [
        "too many C levels (limit is 200) in main function near '('",
        "too many C levels (limit is 200) in main function near 'do'",
        "too many C levels (limit is 200) in main function near '{'",
        "too many C levels (limit is 200) in main function near '-'",
        "too many C levels (limit is 200) in main function near 'a'",
        "too many C levels (limit is 200) in main function near 'a'",
        "too many C levels (limit is 200) in function at line 1 near 'function'",
        "too many C levels (limit is 200) in main function near 'x'",
        "too many C levels (limit is 200) in main function near 'f'",
        // lua5.3 quirk: the lookahead (after a name in a constructor) empties the text
        "too many C levels (limit is 200) in main function near ''",
        "too many C levels (limit is 200) in main function near 'not'",
        "",
        "",
        "too many C levels (limit is 200) in main function near 'x'",
        "",
        "too many C levels (limit is 200) in main function near '1'",
        "",
        "",
        "",
        // jumps keep lua5.3's 18-bit reach; lua5.3 says "near <eof>" (our check runs after
        // parsing, so the token differs)
        "control structure too long near 'b'",
        "",
        "",
        "control structure too long near 'x'",
    ];
    assert_eq!(out, expected);
}

mod errors;

#[test]
fn syntax_errors_match_lua53() {
    let mut bad = Vec::new();
    for (src, expected) in errors::ERROR_CASES {
        let got = err(src);
        if got != *expected {
            bad.push(std::format!("{:?}\n   got {:?}\n  want {:?}", src, got, expected));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Limits: sources built here, messages from lua5.3 (`load(src, "=t")`).
#[test]
fn limits_match_lua53() {
    let rep = |s: &str, n: usize| s.repeat(n);
    let locals = |n: usize| {
        let mut s = String::from("local a0");
        for i in 1..=n {
            s.push_str(&std::format!(", a{}", i));
        }
        s
    };
    let ones = rep("1,", 299) + "1";
    let mut upv = String::from("local f = function() local a0");
    for i in 1..=199 {
        upv.push_str(&std::format!(", a{}", i));
    }
    upv.push_str(" return function() local b0");
    for i in 1..=60 {
        upv.push_str(&std::format!(", b{}", i));
    }
    upv.push_str(" return function() return a0");
    for i in 1..=199 {
        upv.push_str(&std::format!(" + a{}", i));
    }
    for i in 1..=60 {
        upv.push_str(&std::format!(" + b{}", i));
    }
    upv.push_str(" end end end");
    let cases: Vec<(String, &str)> = std::vec![
        (std::format!("x = {}1{}", rep("(", 196), rep(")", 196)), "OK"),
        (std::format!("x = {}1{}", rep("(", 197), rep(")", 197)), "t:1: too many C levels (limit is 200) in main function near '1'"),
        (std::format!("{}{}", rep("do ", 198), rep("end ", 198)), "OK"),
        (std::format!("{}{}", rep("do ", 199), rep("end ", 199)), "t:1: too many C levels (limit is 200) in main function near 'do'"),
        (std::format!("local a; a{} = 1", rep(",a", 197)), "OK"),
        (std::format!("local a; a{} = 1", rep(",a", 198)), "t:1: too many C levels (limit is 200) in main function near '='"),
        (std::format!("{}{}", rep("function foo() ", 300), rep("end ", 300)), "t:1: too many C levels (limit is 200) in function at line 1 near 'function'"),
        (locals(200), "t:1: too many local variables (limit is 200) in main function near <eof>"),
        (locals(199), "OK"),
        (std::format!("function f() {} end", locals(200)), "t:1: too many local variables (limit is 200) in function at line 1 near 'end'"),
        (std::format!("return function(\n) {} end", locals(200)), "t:2: too many local variables (limit is 200) in function at line 1 near 'end'"),
        (upv, "t:1: too many upvalues (limit is 255) in function at line 1 near '+'"),
        (std::format!("f({})", ones), "t:1: function or expression needs too many registers near '1'"),
        (std::format!("x = {{f({})}}", ones), "t:1: function or expression needs too many registers near '1'"),
        (std::format!("local a = {}", ones), "t:1: function or expression needs too many registers near '1'"),
        (std::format!("return {}", ones), "t:1: function or expression needs too many registers near '1'"),
        (std::format!("local a\n a = a..{}a", rep("a..", 260)), "t:2: too many C levels (limit is 200) in main function near 'a'"),
        (rep("::a:: ", 300), "t:1: label 'a' already defined on line 1"),
        (std::format!("{}{}", rep("x = 1; ", 10), rep("local a; ", 250)), "t:1: too many local variables (limit is 200) in main function near ';'"),
        (std::format!("local t = {{{}}}", rep("1,", 300)), "OK"),
        (std::format!("x = {{{}}}", rep("f(),", 300)), "OK"),
        (std::format!("local t = {{{}}}", (1..=70000).map(|i| std::format!("x{}", i)).collect::<Vec<_>>().join(",")), "OK"),
    ];
    for (src, want) in cases {
        let got = match compile(src.as_bytes(), b"=t") {
            Ok(_) => String::from("OK"),
            Err(e) => String::from_utf8_lossy(&e.message).into_owned(),
        };
        assert_eq!(got, want, "source starting {:?}", &src[..src.len().min(40)]);
    }
}

#[test]
fn incomplete_flag() {
    for (src, inc) in [("x = ", true), ("f(", true), ("x = 'abc", true), ("x = [[", true), ("x = }", false), ("goto l", false)] {
        let e = compile(src.as_bytes(), b"=t").unwrap_err();
        assert_eq!(e.incomplete, inc, "{}", src);
    }
}

// ------------------------------------------------------------------ lexer

fn tokens(src: &str) -> Vec<String> {
    use crate::lexer::{Lexer, Tok, TokVal};
    let arena = bumpalo::Bump::new();
    let mut lx = Lexer::new(src.as_bytes(), &arena, b"t".to_vec());
    let mut out = Vec::new();
    loop {
        match lx.next() {
            Err(e) => {
                out.push(std::format!("ERR {}", String::from_utf8_lossy(&e.message)));
                break;
            }
            Ok(()) => {}
        }
        let t = lx.t;
        let s = match (t.tok, t.val) {
            (Tok::Eos, _) => break,
            (Tok::Int, TokVal::Int(i)) => std::format!("int {}", i),
            (Tok::Flt, TokVal::Flt(f)) => std::format!("flt {:?}", f),
            (Tok::Name, TokVal::Str(s)) => std::format!("name {}", String::from_utf8_lossy(s)),
            (Tok::Str, TokVal::Str(s)) => std::format!("str {:?}", s),
            (tok, _) => String::from_utf8_lossy(&tok.to_str()).into_owned(),
        };
        out.push(std::format!("{}:{}", lx.linenumber, s));
    }
    out
}

#[test]
fn lexer_all_tokens() {
    let src = "and break do else elseif end false for function goto if in local nil not or repeat return then true until while \
               // .. ... == >= <= ~= << >> :: + - * / % ^ # & ~ | < > = ( ) { } [ ] ; : , . @ $";
    let toks = tokens(src);
    let words: Vec<&str> = toks.iter().map(|s| s.split_once(':').unwrap().1).collect();
    assert_eq!(
        words.join(" "),
        "'and' 'break' 'do' 'else' 'elseif' 'end' 'false' 'for' 'function' 'goto' 'if' 'in' 'local' 'nil' 'not' 'or' \
         'repeat' 'return' 'then' 'true' 'until' 'while' '//' '..' '...' '==' '>=' '<=' '~=' '<<' '>>' '::' '+' '-' '*' \
         '/' '%' '^' '#' '&' '~' '|' '<' '>' '=' '(' ')' '{' '}' '[' ']' ';' ':' ',' '.' '@' '$'"
    );
}

#[test]
fn lexer_numerals() {
    let t = tokens("3 345 0xff 0xBEBADA 3.0 3.1416 314.16e-2 0.31416E1 34e1 0x0.1E 0xA23p-4 0X1.921FB54442D18P+1 .5 5. 9223372036854775807 9223372036854775808 0xffffffffffffffff 0x7fffffffffffffff1 1e309");
    let v: Vec<&str> = t.iter().map(|s| s.split_once(':').unwrap().1).collect();
    assert_eq!(
        v,
        [
            "int 3", "int 345", "int 255", "int 12499674", "flt 3.0", "flt 3.1416", "flt 3.1416", "flt 3.1416", "flt 340.0",
            "flt 0.1171875", "flt 162.1875", "flt 3.141592653589793", "flt 0.5", "flt 5.0", "int 9223372036854775807",
            "flt 9.223372036854776e18", "int -1", "int -15", "flt inf"
        ]
    );
    assert_eq!(tokens("x = 3x"), ["1:name x", "1:'='", "1:int 3", "1:name x"]);
    assert_eq!(tokens("0x"), ["ERR t:1: malformed number near '0x'"]);
    assert_eq!(tokens("1..2"), ["ERR t:1: malformed number near '1..2'"]);
    assert_eq!(tokens("3e"), ["ERR t:1: malformed number near '3e'"]);
    assert_eq!(tokens("0x1p"), ["ERR t:1: malformed number near '0x1p'"]);
}

#[test]
fn lexer_strings_and_escapes() {
    let t = tokens(r#"'a\tb' "\65\066\0677" '\x41\x62' '\u{48}\u{20AC}\u{10FFFF}' 'a\z
        b' "\a\b\f\n\r\v\\\"\'" 'x\
y'"#);
    let v: Vec<&str> = t.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        v,
        [
            "1:str [97, 9, 98]",
            "1:str [65, 66, 67, 55]",
            "1:str [65, 98]",
            "1:str [72, 226, 130, 172, 244, 143, 191, 191]",
            "2:str [97, 98]",
            "2:str [7, 8, 12, 10, 13, 11, 92, 34, 39]",
            "3:str [120, 10, 121]",
        ]
    );
    assert_eq!(tokens("[[\nfoo]] [==[a]]b]=]c]==] --[[ comment\n]] --[==[ x ]==] -- line\n'z'"), [
        "2:str [102, 111, 111]",
        "2:str [97, 93, 93, 98, 93, 61, 93, 99]",
        "4:str [122]",
    ]);
    assert_eq!(tokens("a\r\nb\n\rc\rd\ne"), ["1:name a", "2:name b", "3:name c", "4:name d", "5:name e"]);
}

#[test]
fn lexer_errors() {
    let cases = [
        ("'abc", "t:1: unfinished string near <eof>"),
        ("'abc\n'", "t:1: unfinished string near ''abc'"),
        ("'\\q'", "t:1: invalid escape sequence near ''\\q'"),
        ("'\\256'", "t:1: decimal escape too large near ''\\256''"),
        ("'\\xg'", "t:1: hexadecimal digit expected near ''\\xg'"),
        ("'\\u{110000}'", "t:1: UTF-8 value too large near ''\\u{110000'"),
        ("'\\u41'", "t:1: missing '{' near ''\\u4'"),
        ("'\\u{41'", "t:1: missing '}' near ''\\u{41''"),
        ("[[abc", "t:1: unfinished long string (starting at line 1) near <eof>"),
        ("--[[abc\n", "t:2: unfinished long comment (starting at line 1) near <eof>"),
        ("[=x", "t:1: invalid long string delimiter near '[='"),
    ];
    for (src, want) in cases {
        assert_eq!(tokens(src), [std::format!("ERR {}", want)], "{}", src);
    }
    assert_eq!(crate::lexer::skip_shebang(b"#!/bin/lua\nprint(1)"), 10);
    assert_eq!(crate::lexer::skip_shebang(b"print(1)"), 0);
}

// ------------------------------------------------------------------ parser (AST dumps)

fn dump(e: &crate::ast::Expr, out: &mut String) {
    use crate::ast::ExprKind::*;
    match e.kind {
        Nil => out.push_str("nil"),
        True => out.push_str("true"),
        False => out.push_str("false"),
        Vararg => out.push_str("..."),
        Int(i) => out.push_str(&std::format!("{}", i)),
        Flt(f) => out.push_str(&std::format!("{:?}", f)),
        Str(s) => out.push_str(&std::format!("{:?}", String::from_utf8_lossy(s))),
        Local { reg, name } => out.push_str(&std::format!("{}@r{}", String::from_utf8_lossy(name), reg)),
        Upval { idx, name } => out.push_str(&std::format!("{}@u{}", String::from_utf8_lossy(name), idx)),
        Global { name, .. } => out.push_str(&String::from_utf8_lossy(name)),
        Index { obj, key } => {
            dump(obj, out);
            out.push('[');
            dump(key, out);
            out.push(']');
        }
        Call { func, args } => {
            dump(func, out);
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump(a, out);
            }
            out.push(')');
        }
        Method { obj, name, args, .. } => {
            dump(obj, out);
            out.push_str(&std::format!(":{}(", String::from_utf8_lossy(name)));
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump(a, out);
            }
            out.push(')');
        }
        Function(_) => out.push_str("function"),
        Binop { op, lhs, rhs } => {
            out.push('(');
            dump(lhs, out);
            out.push_str(&std::format!(" {} ", op.symbol()));
            dump(rhs, out);
            out.push(')');
        }
        Unop { op, e } => {
            out.push('(');
            out.push_str(op.symbol());
            out.push(' ');
            dump(e, out);
            out.push(')');
        }
        Paren(e) => {
            out.push('<');
            dump(e, out);
            out.push('>');
        }
        Table(fields, _) => out.push_str(&std::format!("{{{} fields}}", fields.len())),
        Cast { e, .. } => dump(e, out),
    }
}

fn expr_dump(src: &str) -> String {
    let arena = bumpalo::Bump::new();
    let full = std::format!("local a, b, c; return {}", src);
    let fb = crate::parse(full.as_bytes(), b"=t", &arena).unwrap();
    let crate::ast::StmtKind::Return { exprs } = fb.body.stmts.last().unwrap().kind else { panic!() };
    let mut out = String::new();
    dump(&exprs[0], &mut out);
    out
}

#[test]
fn parser_precedence() {
    let cases = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("a or b and c", "(a@r0 or (b@r1 and c@r2))"),
        ("a and b or c", "((a@r0 and b@r1) or c@r2)"),
        ("a < b == c", "((a@r0 < b@r1) == c@r2)"),
        ("a | b ~ c & 1 << 2 .. 3 + 4", "(a@r0 | (b@r1 ~ (c@r2 & (1 << (2 .. (3 + 4))))))"),
        ("a .. b .. c", "(a@r0 .. (b@r1 .. c@r2))"),
        ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
        ("-2 ^ 2", "(- (2 ^ 2))"),
        ("not a == b", "((not a@r0) == b@r1)"),
        ("-a * #b", "((- a@r0) * (# b@r1))"),
        ("a - b - c", "((a@r0 - b@r1) - c@r2)"),
        ("a // b % c / d", "(((a@r0 // b@r1) % c@r2) / d)"),
        ("~a ~ ~b", "((~ a@r0) ~ (~ b@r1))"),
        ("a >= b ~= c > d <= e", "((((a@r0 >= b@r1) ~= c@r2) > d) <= e)"),
        ("x.y[1]:m(2)(3)", "x[\"y\"][1]:m(2)(3)"),
        ("f{1} 's'", "f({1 fields})(\"s\")"),
        ("(a)", "<a@r0>"),
        ("a.b.c .. -2 ^ -3", "(a@r0[\"b\"][\"c\"] .. (- (2 ^ (- 3))))"),
    ];
    for (src, want) in cases {
        assert_eq!(expr_dump(src), want, "{}", src);
    }
}

#[test]
fn parser_statements_and_scopes() {
    let arena = bumpalo::Bump::new();
    let src = b"local x = 1\nlocal function f(a, ...) return x, a, ... end\n\
                function t.a.b:m() return self end\nfor i = 1, 2 do end\nfor k, v in pairs(t) do local y = k end\n\
                while x do break end\nrepeat local z until z\nif x then elseif y then else end\ndo goto l end ::l::\n\
                x, t[1] = 1, 2\n";
    let fb = crate::parse(src, b"=t", &arena).unwrap();
    use crate::ast::StmtKind::*;
    let kinds: Vec<&str> = fb
        .body
        .stmts
        .iter()
        .map(|s| match s.kind {
            Call(_) => "call",
            Local { .. } => "local",
            LocalFunction { .. } => "localfunction",
            Assign { .. } => "assign",
            Function { .. } => "function",
            Do(_) => "do",
            While { .. } => "while",
            Repeat { .. } => "repeat",
            If { .. } => "if",
            NumFor { .. } => "numfor",
            GenFor { .. } => "genfor",
            Return { .. } => "return",
            Goto { .. } => "goto",
            Label { .. } => "label",
            Defer { .. } => "defer",
        })
        .collect();
    assert_eq!(kinds, ["local", "localfunction", "function", "numfor", "genfor", "while", "repeat", "if", "do", "label", "assign"]);
    // the local function sees x as an upvalue and a, ... as its own
    let LocalFunction { func, .. } = fb.body.stmts[1].kind else { panic!() };
    assert_eq!(func.upvals.len(), 1);
    assert_eq!(func.upvals[0].name, b"x");
    assert!(func.upvals[0].in_stack);
    assert!(func.is_vararg);
    assert!(fb.body.upval, "x is captured: the main block is marked");
    // main has _ENV
    assert_eq!(fb.upvals[0].name, b"_ENV");
}

// ------------------------------------------------------------------ codegen

fn code(src: &str) -> Vec<String> {
    let p = compile(src.as_bytes(), b"=t").unwrap();
    crate::listing::code_lines(&p)
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn codegen_specialised_forms() {
    assert_eq!(
        code("local t = {} ; t.x = t.y ; t[1] = t[2] ; t[256] = t[-1] ; g = h"),
        [
            "NEWTABLE 0 0 0",
            "GETFIELD 1 0 1 ; \"y\"",
            "SETFIELD 0 0 1 ; \"x\"",
            "GETI 1 0 2",
            "SETI 0 1 1",
            "LOADI 1 256",
            "LOADI 2 -1",
            "GETTABLE 2 0 2",
            "SETTABLE 0 1 2",
            "GETTABUP 1 0 3 ; _ENV \"h\"",
            "SETTABUP 0 2 1 ; _ENV \"g\"",
            "RETURN 0 1",
        ]
    );
    assert_eq!(
        code("local a; a = a + 1; a = a - 1; a = a * 2.5; a = a + 300; a = 1 + a; a = a // 0"),
        [
            "LOADNIL 0 0",
            "ADDI 0 0 1",
            "SUBK 0 0 0 ; 1",
            "MULK 0 0 1 ; 2.5",
            "ADDK 0 0 2 ; 300",
            "LOADI 1 1",
            "ADD 0 1 0",
            "IDIVK 0 0 3 ; 0",
            "RETURN 0 1",
        ]
    );
    assert_eq!(
        code("local a; if a == 1 then end; if a < 2 then end; if 3 < a then end; if a == 'x' then end; if a == nil then end"),
        [
            "LOADNIL 0 0",
            "EQI 0 1 0",
            "JMP 0 ; to 4",
            "LTI 0 2 0",
            "JMP 0 ; to 6",
            "GTI 0 3 0",
            "JMP 0 ; to 8",
            "EQK 0 0 0 ; \"x\"",
            "JMP 0 ; to 10",
            "LOADNIL 1 0",
            "EQ 0 1 0",
            "JMP 0 ; to 13",
            "RETURN 0 1",
        ]
    );
    assert_eq!(
        code("local o; o:m(1); return f(o)"),
        ["LOADNIL 0 0", "SELF 1 0 0 ; \"m\"", "LOADI 3 1", "CALL 1 3 1", "GETTABUP 1 0 1 ; _ENV \"f\"", "MOVE 2 0", "TAILCALL 1 2 0", "RETURN 1 0", "RETURN 0 1"]
    );
    assert_eq!(
        code("local x = a and b or c"),
        [
            "GETTABUP 0 0 0 ; _ENV \"a\"",
            "TEST 0 0",
            "JMP 3 ; to 7",
            "GETTABUP 0 0 1 ; _ENV \"b\"",
            "TEST 0 1",
            "JMP 1 ; to 8",
            "GETTABUP 0 0 2 ; _ENV \"c\"",
            "RETURN 0 1",
        ]
    );
    assert_eq!(
        code("local y; local x = y or 2"),
        ["LOADNIL 0 0", "TESTSET 1 0 1", "JMP 1 ; to 5", "LOADI 1 2", "RETURN 0 1"]
    );
    assert_eq!(code("local x = 1 < 2"), ["LOADI 0 1", "LTI 0 2 1", "JMP 1 ; to 5", "LOADBOOL 0 0 1", "LOADBOOL 0 1 0", "RETURN 0 1"]);
    assert_eq!(code("local t = {...}"), ["NEWTABLE 0 0 0", "VARARG 1 0", "SETLIST 0 0 1 ; 1", "RETURN 0 1"]);
}

#[test]
fn codegen_closes_upvalues() {
    // loop body with a captured local closes each iteration; break closes before jumping
    assert_eq!(
        code("while x do local a; f = function() return a end; if a then break end end"),
        [
            "GETTABUP 0 0 0 ; _ENV \"x\"",
            "TEST 0 0",
            "JMP 9 ; to 13",
            "LOADNIL 0 0",
            "CLOSURE 1 0 ; function #0 <1,1>",
            "SETTABUP 0 1 1 ; _ENV \"f\"",
            "TEST 0 0",
            "JMP 2 ; to 11",
            "CLOSE 0",
            "JMP 2 ; to 13",
            "CLOSE 0",
            "JMP -12 ; to 1",
            "RETURN 0 1",
        ]
    );
    // repeat: the back edge closes, the exit closes
    assert_eq!(
        code("repeat local a; f = function() return a end until a"),
        [
            "LOADNIL 0 0",
            "CLOSURE 1 0 ; function #0 <1,1>",
            "SETTABUP 0 0 1 ; _ENV \"f\"",
            "TEST 0 0",
            "JMP 1 ; to 7",
            "JMP 2 ; to 9",
            "CLOSE 0",
            "JMP -8 ; to 1",
            "CLOSE 0",
            "RETURN 0 1",
        ]
    );
    // numeric for: fresh loop variable per iteration
    let c = code("for i = 1, 3 do f = function() return i end end");
    assert!(c.contains(&String::from("CLOSE 3")), "{:?}", c);
}

#[test]
fn codegen_constant_folding() {
    // folded
    assert_eq!(code("return 1 + 2 * 3"), ["LOADI 0 7", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return 2 ^ 10, 7 // 2, 7 % -3, 1 << 62, ~0, -(-3), 3.0 & 1"), [
        "LOADF 0 1024",
        "LOADI 1 3",
        "LOADI 2 -2",
        "LOADK 3 0 ; 4611686018427387904",
        "LOADI 4 -1",
        "LOADI 5 3",
        "LOADI 6 1",
        "RETURN 0 8",
        "RETURN 0 1",
    ]);
    // not folded: division/modulo by zero, NaN, -0.0 and 0.0 results, non-integral bitwise, strings
    assert_eq!(code("return 1 // 0"), ["LOADI 0 1", "IDIVK 0 0 0 ; 0", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return 1 % 0"), ["LOADI 0 1", "MODK 0 0 0 ; 0", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return 0/0"), ["LOADI 0 0", "DIVK 0 0 0 ; 0", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return -0.0"), ["LOADF 0 0", "UNM 0 0", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return 1.5 | 1"), ["LOADK 0 1 ; 1.5", "BORK 0 0 0 ; 1", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return 0.5 - 0.5"), ["LOADK 0 0 ; 0.5", "SUBK 0 0 0 ; 0.5", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return '1' + 1"), ["LOADK 0 0 ; \"1\"", "ADDI 0 0 1", "RETURN 0 2", "RETURN 0 1"]);
    assert_eq!(code("return -9223372036854775807 - 1, 9223372036854775807 + 1"), [
        "LOADK 0 0 ; -9223372036854775808",
        "LOADK 1 0 ; -9223372036854775808",
        "RETURN 0 3",
        "RETURN 0 1",
    ]);
    // not of constants
    assert_eq!(code("return not nil, not 1, not 'x'"), ["LOADBOOL 0 1 0", "LOADBOOL 1 0 0", "LOADBOOL 2 0 0", "RETURN 0 4", "RETURN 0 1"]);
}

#[test]
fn codegen_debug_info() {
    let p = compile(b"local a = 1\nfor i = 1, 2 do local b = i end\nfor k, v in next, {} do end\n", b"=t").unwrap();
    let names: Vec<String> = p.loc_vars.iter().map(|l| std::format!("{} {} {}", String::from_utf8_lossy(&l.name), l.start_pc, l.end_pc)).collect();
    assert_eq!(
        names,
        [
            "a 1 14",
            "(for index) 4 7",
            "(for limit) 4 7",
            "(for step) 4 7",
            "i 5 6",
            "b 6 6",
            "(for generator) 10 13",
            "(for state) 10 13",
            "(for control) 10 13",
            "k 11 11",
            "v 11 11",
        ]
    );
    assert_eq!(p.line_info.len(), p.code.len());
    assert_eq!(p.line_info[0], 1);
    assert!(p.max_stack >= 2);
    assert!(p.is_vararg);
    assert_eq!(p.upvalues[0].name, b"_ENV");
    assert!(p.upvalues[0].in_stack);
    assert_eq!(p.upvalues[0].index, 0);
    // plain Lua: no typed slots, not even the integer loop's variable
    assert!(p.loc_vars.iter().all(|l| l.ty == crate::bytecode::RaviType::Any));
}

#[test]
fn codegen_debug_info_types() {
    use crate::bytecode::RaviType as T;
    let p = compile(
        b"local n: integer, x: number, s: string, t: integer[] = 1, 2.0, 's', {}\n\
          local u: My.T, plain\n\
          for i = 1, 3 do end\n\
          return function(a: number[], b) return n, x, a, u end\n",
        b"=t",
    )
    .unwrap();
    let tys: Vec<(String, T)> = p.loc_vars.iter().map(|l| (String::from_utf8_lossy(&l.name).into_owned(), l.ty.clone())).collect();
    let get = |n: &str| tys.iter().find(|(m, _)| m == n).map(|(_, t)| t.clone()).unwrap();
    assert_eq!(get("n"), T::Integer);
    assert_eq!(get("x"), T::Number);
    assert_eq!(get("s"), T::String);
    assert_eq!(get("t"), T::IntegerArray);
    assert_eq!(get("u"), T::User(b"My.T".to_vec()));
    assert_eq!(get("plain"), T::Any);
    // a typed chunk's integer loop variable is a typed slot
    assert_eq!(get("i"), T::Integer);
    let f = &p.protos[0];
    assert_eq!(f.loc_vars[0].ty, T::NumberArray);
    assert_eq!(f.loc_vars[1].ty, T::Any);
    let up: Vec<(&[u8], T)> = f.upvalues.iter().map(|u| (&u.name[..], u.ty.clone())).collect();
    assert_eq!(up, [(&b"n"[..], T::Integer), (&b"x"[..], T::Number), (&b"u"[..], T::User(b"My.T".to_vec()))]);
    // (dump/undump of the types: chunk.rs's round-trip tests; typed opcodes are not
    // accepted in binary chunks, so this Proto cannot be loaded back)
}

#[test]
fn listing_format() {
    let p = compile(b"local t = {x = 1}\nprint(t.x, 'a\\n')\n", b"@f.lua").unwrap();
    let mut out = Vec::new();
    crate::listing::list(&p, &mut out);
    let s = String::from_utf8(out).unwrap();
    assert_eq!(
        s,
        "\nmain <f.lua:0,0> (7 instructions)\n0+ params, 4 slots, 1 upvalue, 1 local, 4 constants, 0 functions\n\
         \t1\t[1]\tNEWTABLE \t0 0 1\n\
         \t2\t[1]\tSETFIELDK\t0 0 1\t; \"x\" 1\n\
         \t3\t[2]\tGETTABUP \t1 0 2\t; _ENV \"print\"\n\
         \t4\t[2]\tGETFIELD \t2 0 0\t; \"x\"\n\
         \t5\t[2]\tLOADK    \t3 3\t; \"a\\n\"\n\
         \t6\t[2]\tCALL     \t1 3 1\n\
         \t7\t[2]\tRETURN   \t0 1\n\
         constants (4):\n\t1\t\"x\"\n\t2\t1\n\t3\t\"print\"\n\t4\t\"a\\n\"\n\
         locals (1):\n\t0\tt\t3\t8\n\
         upvalues (1):\n\t0\t_ENV\t1\t0\n"
    );
}

#[test]
fn debug_info_limits() {
    let src = "do local a end ".repeat(33000);
    let e = compile(src.as_bytes(), b"=t").unwrap_err();
    assert_eq!(String::from_utf8_lossy(&e.message), "too many local variables (limit is 32767)");
    let src = "do local a end ".repeat(32767);
    assert!(compile(src.as_bytes(), b"=t").is_ok());
}
