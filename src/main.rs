//! The `ravi` command: a drop-in for `lua5.3` (see `ravi::cli`).
use std::os::unix::ffi::OsStringExt;

fn main() {
    let args: Vec<Vec<u8>> = std::env::args_os().map(|a| a.into_vec()).collect();
    let code = ravi::cli::run(args);
    std::process::exit(code);
}
