//! Differential test of Ravi's typed programs: every `tests/lua/ravi/NAME.ravi` runs under
//! `ravi` and must print exactly `NAME.out`, which is also the expectation of its untyped
//! twin `NAME.lua` (checked by the `scripts` harness, and against `lua5.3` by
//! `RAVI_DIFF=1`). So typed and untyped runs agree. Runs from `tests/lua` like `scripts`.
//!
//! Programs with no untyped equivalent (`defer`, metatables on arrays, the debug library
//! against typed slots...) live in `tests/lua/ravi/semantics/NAME.ravi`: each must exit
//! successfully and print exactly `NAME.out`, written from Ravi's documented semantics and
//! Ravi's own tests (see each program's header).

use std::path::PathBuf;
use std::process::Command;

/// Runs `ravi rel` from `root` (under `RAVI_RUNNER` if set).
fn run_ravi(root: &std::path::Path, ravi: &std::path::Path, rel: &str) -> std::process::Output {
    let runner = std::env::var("RAVI_RUNNER").unwrap_or_default();
    let mut argv: Vec<std::ffi::OsString> = runner.split_whitespace().map(Into::into).collect();
    argv.push(ravi.as_os_str().to_owned());
    argv.push(rel.into());
    Command::new(&argv[0]).args(&argv[1..]).current_dir(root).output().expect("run ravi")
}

#[test]
fn ravi_only_programs_print_their_expectations() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let ravi = std::env::var_os("RAVI_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ravi")));
    let mut failures = Vec::new();
    let mut n = 0;
    for e in std::fs::read_dir(root.join("ravi/semantics")).expect("tests/lua/ravi/semantics") {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "ravi") {
            continue;
        }
        n += 1;
        let rel = format!("ravi/semantics/{}", p.file_name().unwrap().to_string_lossy());
        let expected = std::fs::read_to_string(p.with_extension("out")).expect("expected .out next to the .ravi");
        let out = run_ravi(&root, &ravi, &rel);
        let got = String::from_utf8_lossy(&out.stdout);
        if got != expected || !out.status.success() {
            failures.push(format!("{rel}: status {:?}\n--- expected\n{expected}--- got\n{got}{}", out.status, String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(n > 0, "no .ravi programs found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn typed_programs_match_their_untyped_twins() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let ravi = std::env::var_os("RAVI_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ravi")));
    let mut failures = Vec::new();
    let mut n = 0;
    for e in std::fs::read_dir(root.join("ravi")).expect("tests/lua/ravi") {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "ravi") {
            continue;
        }
        n += 1;
        let rel = format!("ravi/{}", p.file_name().unwrap().to_string_lossy());
        let expected = std::fs::read_to_string(p.with_extension("out")).expect("expected .out next to the .ravi");
        assert!(p.with_extension("lua").is_file(), "{rel} has no untyped twin");
        // RAVI_RUNNER (e.g. `qemu-aarch64 -L /usr/aarch64-linux-gnu`) prefixes the command.
        let runner = std::env::var("RAVI_RUNNER").unwrap_or_default();
        let mut argv: Vec<std::ffi::OsString> = runner.split_whitespace().map(Into::into).collect();
        argv.push(ravi.clone().into_os_string());
        argv.push(rel.clone().into());
        let out = Command::new(&argv[0]).args(&argv[1..]).current_dir(&root).output().expect("run ravi");
        let got = String::from_utf8_lossy(&out.stdout);
        if got != expected || !out.status.success() {
            failures.push(format!("{rel}: status {:?}\n--- expected\n{expected}--- got\n{got}{}", out.status, String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(n > 0, "no .ravi programs found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
