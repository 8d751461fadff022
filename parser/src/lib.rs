//! ravi-parser: lexer, parser, AST, (later) type checker and bytecode compiler of ravi-rs.
//!
//! Owns everything between source text and a [`bytecode::Proto`]; knows nothing of the VM's
//! values or heap. `no_std` + `alloc`: the kernel build uses it as is.
#![no_std]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod bytecode;
pub mod number;

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

/// Compiles a chunk of Lua source to its main function prototype (a vararg function with
/// one upvalue, `_ENV`). `chunkname` is the name as given to `load` (`@file.lua`,
/// `=stdin`, or the source itself); messages format it with [`bytecode::chunkid`].
pub fn compile(source: &[u8], chunkname: &[u8]) -> Result<bytecode::Proto, SyntaxError> {
    let _ = source;
    let mut message = bytecode::chunkid(chunkname);
    message.extend_from_slice(b": parser not implemented yet");
    Err(SyntaxError { message, incomplete: false })
}
