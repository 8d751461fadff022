//! VIXL-like AArch64 assembler.
