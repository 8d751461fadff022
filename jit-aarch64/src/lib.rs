//! VIXL-like AArch64 runtime assembler.
//!
//! * [`Assembler`]: one method per instruction form, typed registers, labels with
//!   fix-ups, a sticky error and `finalize() -> Result<CodeBlob, AsmError>`.
//! * [`MacroAssembler`]: any immediate, any offset, literal pool, veneers for far
//!   branches, absolute calls, scoped scratch registers, exact-size blocks.
//! * [`ExecutableMemory`]: W^X memory with I-cache flush, callable as `extern "C"`.
//! * [`disasm`]: dumps through yaxpeax-arm.
//!
//! ```
//! use ravi_jit_aarch64::*;
//! let mut a = Assembler::new();
//! a.add(X0, X0, X1);
//! a.ret();
//! let code = a.finalize().unwrap();
//! assert_eq!(code.words(), &[0x8b010000, 0xd65f03c0]);
//! ```

pub mod assembler;
pub mod cond;
pub mod disasm;
pub mod exec;
pub mod imm;
pub mod label;
pub mod macro_assembler;
pub mod operand;
pub mod reg;

pub use assembler::{AsmError, Assembler, Barrier, CodeBlob, ErrorKind, LsReg};
pub use cond::Cond;
pub use exec::ExecutableMemory;
pub use label::{branch_word, FixupKind, Label};
pub use macro_assembler::MacroAssembler;
pub use operand::{mem, mem_ext, mem_idx, post, pre, Extend, MemOperand, Operand, Shift};
pub use reg::*;

/// The README's example runs as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
