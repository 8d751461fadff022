//! Keeps the benchmark programs honest: every bench/programs/*.lua must run on
//! lua5.3 at its small `-- Quick:` size, exit 0 and print an `ok` line; every
//! typed twin (*.ravi) must be its .lua with type annotations added and
//! nothing else, and must pass on lua5.3 once the annotations are stripped.
//! Skipped (with a note) when lua5.3 is not installed. No timings are checked.

use std::path::{Path, PathBuf};
use std::process::Command;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

fn lua53() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("lua5.3"))
        .find(|p| p.is_file())
}

fn files(ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(programs_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn quick_size(lua_file: &Path) -> String {
    let src = std::fs::read_to_string(lua_file).unwrap();
    src.lines()
        .take_while(|l| l.starts_with("--"))
        .find_map(|l| l.strip_prefix("-- Quick:"))
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| {
            panic!(
                "{}: no `-- Quick: N` line in the header",
                lua_file.display()
            )
        })
        .to_string()
}

/// Runs `file` with lua5.3 at `size`; returns an error message on failure.
fn run(lua: &Path, file: &Path, size: &str) -> Result<(), String> {
    let out = Command::new(lua)
        .arg(file)
        .arg(size)
        .output()
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{} {size}: {}\n{}",
            file.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if !stdout.lines().any(|l| l.starts_with("ok ")) {
        return Err(format!(
            "{} {size}: no `ok` line in {stdout:?}",
            file.display()
        ));
    }
    Ok(())
}

const TYPES: &[&str] = &[
    "integer", "number", "table", "string", "closure", "boolean", "any",
];

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Removes Ravi annotations `name : type` / `name: type[]` (keeps `name`).
fn strip_annotations(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i] == b':' {
            // Preceded by an identifier (spaces allowed)?
            let mut s = i;
            while s > 0 && b[s - 1] == b' ' {
                s -= 1;
            }
            let mut j = i + 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if s > 0 && is_ident(b[s - 1]) {
                if let Some(t) = TYPES.iter().find(|t| src[j..].starts_with(**t)) {
                    let mut k = j + t.len();
                    if src[k..].starts_with("[]") {
                        k += 2;
                    }
                    if k >= b.len() || !is_ident(b[k]) {
                        out.push_str(&src[copied..s]);
                        copied = k;
                        i = k;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out.push_str(&src[copied..]);
    out
}

fn without_comment_lines(src: &str) -> String {
    src.lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn strip_annotations_works() {
    assert_eq!(
        strip_annotations("local a: integer[], b :number, c: table = x:number_of(), y\nfunction f(n: integer) s:sub(1)"),
        "local a, b, c = x:number_of(), y\nfunction f(n) s:sub(1)"
    );
}

#[test]
fn every_program_passes_on_lua53_at_quick_size() {
    let Some(lua) = lua53() else {
        eprintln!("note: lua5.3 not installed; skipping");
        return;
    };
    let progs = files("lua");
    assert!(
        progs.len() >= 17,
        "expected the benchmark programs, found {}",
        progs.len()
    );
    let mut failures = Vec::new();
    for p in &progs {
        if let Err(e) = run(&lua, p, &quick_size(p)) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "failing programs:\n{}",
        failures.join("\n")
    );
}

#[test]
fn typed_twins_are_the_untyped_programs_plus_annotations() {
    let twins = files("ravi");
    assert!(
        twins.len() >= 7,
        "expected the typed twins, found {}",
        twins.len()
    );
    let lua = lua53();
    let tmp = std::env::temp_dir().join(format!("bench-twins-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut failures = Vec::new();
    for r in &twins {
        let l = r.with_extension("lua");
        let lua_src = std::fs::read_to_string(&l)
            .unwrap_or_else(|_| panic!("{} has no .lua twin", r.display()));
        let stripped = strip_annotations(&std::fs::read_to_string(r).unwrap());
        if without_comment_lines(&stripped) != without_comment_lines(&lua_src) {
            failures.push(format!(
                "{}: differs from {} beyond type annotations",
                r.display(),
                l.display()
            ));
            continue;
        }
        if let Some(lua) = &lua {
            let f = tmp.join(l.file_name().unwrap());
            std::fs::write(&f, &stripped).unwrap();
            if let Err(e) = run(lua, &f, &quick_size(&l)) {
                failures.push(e);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
