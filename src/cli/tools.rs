//! ravi's own tools: `--bytecode FILE` (a `luac -l -l` listing) and `--compile FILE -o OUT`
//! (a binary chunk, as `luac -o`). Both read a source file (a `#` first line is skipped,
//! "-" is stdin) or a binary chunk, and never run it.

use super::l_message;
use ravi_parser::bytecode::Proto;
use std::io::Write;
use std::path::Path;

/// Reads and compiles (or undumps) a file; errors are printed as lua.c prints them.
fn load_proto(progname: &[u8], path: &Path) -> Result<Proto, ()> {
    use std::os::unix::ffi::OsStrExt;
    let p = path.as_os_str().as_bytes();
    let stdin = p == b"-";
    let src = match ravi_stdlib::base::read_chunk_file(if stdin { None } else { Some(p) }) {
        Ok(s) => s,
        Err(m) => {
            l_message(Some(progname), m.as_bytes());
            return Err(());
        }
    };
    let name: Vec<u8> = if stdin { b"=stdin".to_vec() } else { [b"@", p].concat() };
    let r = if ravi_parser::chunk::is_binary(&src) {
        ravi_parser::chunk::undump(&src, &name).map_err(|e| e.message)
    } else {
        ravi_parser::compile(&src, &name).map_err(|e| e.message)
    };
    r.map_err(|m| l_message(Some(progname), &m))
}

/// `ravi --bytecode FILE`: exit status 0, or 1 when the file cannot be read or compiled.
pub fn list_bytecode(progname: &[u8], path: &Path) -> i32 {
    let Ok(proto) = load_proto(progname, path) else { return 1 };
    let mut out = Vec::new();
    ravi_parser::listing::list(&proto, &mut out);
    let mut so = std::io::stdout().lock();
    if so.write_all(&out).and_then(|()| so.flush()).is_err() {
        return 1;
    }
    0
}

/// `ravi --compile FILE [-s] [-o OUT]` (OUT defaults to luac's `luac.out`).
pub fn compile(progname: &[u8], path: &Path, output: Option<&Path>, strip: bool) -> i32 {
    let Ok(proto) = load_proto(progname, path) else { return 1 };
    let mut out = Vec::new();
    ravi_parser::chunk::dump(&proto, strip, &mut out);
    let output = output.unwrap_or(Path::new("luac.out"));
    if let Err(e) = std::fs::write(output, &out) {
        let msg = format!("cannot open {}: {}", output.display(), strip_os_error(&e));
        l_message(Some(progname), msg.as_bytes());
        return 1;
    }
    0
}

/// "No such file or directory (os error 2)" -> "No such file or directory" (strerror).
fn strip_os_error(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
