//! ravi-parser: lexer, parser, AST, (later) type checker and bytecode compiler of ravi-rs.
//!
//! Owns everything between source text and a [`bytecode::Proto`]; knows nothing of the VM's
//! values or heap. `no_std` + `alloc`: the kernel build uses it as is.
//!
//! Pipeline: [`lexer`] (tokens, llex.c) -> [`parser`] (lparser.c grammar, scopes, gotos,
//! limits; builds the [`ast`] in a bump arena) -> [`codegen`] (lcode.c: registers, jumps,
//! constant folding, specialised opcodes) -> [`bytecode::Proto`]; [`listing`] prints it
//! like `luac -l -l`.
#![no_std]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ast;
pub mod bytecode;
pub mod chunk;
pub mod codegen;
pub mod float;
pub mod lexer;
pub mod listing;
pub mod number;
pub mod parser;

#[cfg(test)]
mod tests;

use alloc::vec::Vec;

/// A compile-time error, formatted exactly as lua5.3 reports it
/// (`[string "x = "]:1: unexpected symbol near <eof>`).
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// The full message, with the `chunkid:line:` prefix (bytes: tokens may not be UTF-8).
    pub message: Vec<u8>,
    /// True when the error was found at the end of the input (`near <eof>`): the REPL
    /// then asks for another line instead of reporting it.
    pub incomplete: bool,
}

/// C-call depth lua5.3 has already used when `load` runs from a main chunk; the parser's
/// nesting limit (200 "C levels") counts from here.
pub const DEFAULT_BASE_LEVEL: u32 = 2;

/// Compiles a chunk of Lua source to its main function prototype (a vararg function with
/// one upvalue, `_ENV`). `chunkname` is the name as given to `load` (`@file.lua`,
/// `=stdin`, or the source itself); messages format it with [`bytecode::chunkid`].
/// The source must not start with a `#` line (see [`lexer::skip_shebang`]).
pub fn compile(source: &[u8], chunkname: &[u8]) -> Result<bytecode::Proto, SyntaxError> {
    compile_with_level(source, chunkname, DEFAULT_BASE_LEVEL)
}

/// [`compile`] with an explicit starting nesting level (the caller's C-call depth, as
/// lua5.3's `L->nCcalls`): the "too many C levels (limit is 200)" error triggers when
/// `base_level` plus the source's nesting exceeds 200.
pub fn compile_with_level(source: &[u8], chunkname: &[u8], base_level: u32) -> Result<bytecode::Proto, SyntaxError> {
    let arena = bumpalo::Bump::new();
    let mut p = parser::Parser::new(source, &arena, bytecode::chunkid(chunkname), base_level);
    let main = p.mainfunc()?;
    let mut cg = codegen::CodeGen::new(source, chunkname);
    cg.typed = p.saw_types;
    cg.main(main)
}

/// Parses a chunk into an AST allocated in `arena` (for tools and tests).
pub fn parse<'a>(source: &'a [u8], chunkname: &[u8], arena: &'a bumpalo::Bump) -> Result<&'a ast::FuncBody<'a>, SyntaxError> {
    let mut p = parser::Parser::new(source, arena, bytecode::chunkid(chunkname), DEFAULT_BASE_LEVEL);
    p.mainfunc()
}
