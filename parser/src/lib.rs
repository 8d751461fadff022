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
