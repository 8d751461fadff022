//! The project's Lua test corpus: every `tests/lua/<area>/<name>.lua` is one trial.
//!
//! Each script runs as `ravi <area>/<name>.lua` with the current directory set to
//! `tests/lua` and stdin from /dev/null.  Its stdout must equal `<name>.out` byte for byte.
//! When `<name>.status` exists the exit status must equal it and the first line of stderr,
//! with the program-name prefix (everything up to the first ": ") removed, must equal the
//! first line of `<name>.err`; otherwise the script must exit with status 0.
//! The expectations are produced by lua5.3 (`tests/regen.sh`).
//!
//! `tests/known-failures.txt` lists scripts not expected to pass yet (one relative path per
//! line, `#` starts a comment).  Such a trial passes whether or not the script does; those
//! that do pass are reported at the end as "now passing, remove from
//! tests/known-failures.txt: ...".
//!
//! Environment:
//! - `RAVI_BIN`: path of the interpreter to run instead of the `ravi` built by cargo
//!   (e.g. `RAVI_BIN=/usr/bin/lua5.3` checks expectations and harness agree).
//! - `RAVI_RUNNER`: split on whitespace and prefixed to the command
//!   (e.g. `qemu-aarch64 -L /usr/aarch64-linux-gnu`).
//! - `RAVI_TEST_TIMEOUT`: seconds per script (default 60); on timeout the process is killed
//!   and the trial fails.
//! - `RAVI_DIFF=1`: when `lua5.3` is on PATH, add one `lua5.3:<path>` trial per script that
//!   re-runs lua5.3 and checks the checked-in expectations still match what it prints
//!   (catches stale `.out`/`.err`/`.status` files).  Not affected by known-failures.txt.

use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
}

fn run_program(argv: &[String], script: &str, cwd: &Path, timeout: Duration) -> Result<Outcome, String> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .arg(script)
        .current_dir(cwd)
        // expectations were produced in UTC (os.time of a table, os.date without '!')
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", argv))?;
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) => {
                if start.elapsed() >= timeout {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait().map_err(|e| e.to_string())?;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(format!("wait failed: {e}")),
        }
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    };
    #[cfg(not(unix))]
    let signal = None;
    Ok(Outcome { stdout, stderr, status: status.code(), signal, timed_out })
}

/// First line of stderr with the program name prefix ("ravi: ", "lua5.3: ") removed.
fn stderr_first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().next().unwrap_or("");
    match line.find(": ") {
        Some(i) => line[i + 2..].to_string(),
        None => line.to_string(),
    }
}

fn show(s: &str) -> String {
    format!("{s:?}")
}

/// A readable description of the first difference between two outputs.
fn describe_diff(what: &str, expected: &[u8], got: &[u8]) -> String {
    let exp = String::from_utf8_lossy(expected);
    let got_s = String::from_utf8_lossy(got);
    let el: Vec<&str> = exp.split('\n').collect();
    let gl: Vec<&str> = got_s.split('\n').collect();
    let mut i = 0;
    while i < el.len() && i < gl.len() && el[i] == gl[i] {
        i += 1;
    }
    let mut msg = format!("{what} differs at line {}:\n", i + 1);
    let from = i.saturating_sub(2);
    for (k, l) in el.iter().enumerate().take(i).skip(from) {
        msg.push_str(&format!("   {:>4}  {}\n", k + 1, show(l)));
    }
    match el.get(i) {
        Some(l) if i + 1 < el.len() || !l.is_empty() => {
            msg.push_str(&format!("  -{:>4}  {}   (expected)\n", i + 1, show(l)))
        }
        _ => msg.push_str(&format!("  -{:>4}  <end of output>   (expected)\n", i + 1)),
    }
    match gl.get(i) {
        Some(l) if i + 1 < gl.len() || !l.is_empty() => {
            msg.push_str(&format!("  +{:>4}  {}   (got)\n", i + 1, show(l)))
        }
        _ => msg.push_str(&format!("  +{:>4}  <end of output>   (got)\n", i + 1)),
    }
    msg.push_str(&format!(
        "  ({} expected lines, {} lines produced)\n",
        exp.lines().count(),
        got_s.lines().count()
    ));
    msg
}

struct Expect {
    out: Vec<u8>,
    status: i32,
    err: Option<String>,
}

fn load_expect(lua_dir: &Path, rel: &str) -> Result<Expect, String> {
    let base = lua_dir.join(rel);
    let out_path = base.with_extension("out");
    let out = std::fs::read(&out_path)
        .map_err(|e| format!("missing expectation {}: {e} (run tests/regen.sh)", out_path.display()))?;
    let status_path = base.with_extension("status");
    let (status, err) = if status_path.exists() {
        let s = std::fs::read_to_string(&status_path).map_err(|e| e.to_string())?;
        let status: i32 = s.trim().parse().map_err(|_| format!("bad status file {}", status_path.display()))?;
        let err = std::fs::read_to_string(base.with_extension("err"))
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        (status, Some(err))
    } else {
        (0, None)
    };
    Ok(Expect { out, status, err })
}

fn check(argv: &[String], lua_dir: &Path, rel: &str, timeout: Duration) -> Result<(), String> {
    let exp = load_expect(lua_dir, rel)?;
    let got = run_program(argv, rel, lua_dir, timeout)?;
    let mut problems = Vec::new();
    if got.timed_out {
        problems.push(format!("timed out after {} s (killed)", timeout.as_secs_f64()));
    }
    if let Some(sig) = got.signal {
        if !got.timed_out {
            problems.push(format!("killed by signal {sig}"));
        }
    }
    if got.stdout != exp.out {
        problems.push(describe_diff("stdout", &exp.out, &got.stdout));
    }
    if got.status != Some(exp.status) && !got.timed_out {
        problems.push(format!(
            "exit status: expected {}, got {}",
            exp.status,
            got.status.map_or("none".to_string(), |s| s.to_string())
        ));
    }
    if let Some(err) = &exp.err {
        let line = stderr_first_line(&got.stderr);
        if &line != err {
            problems.push(format!(
                "first line of stderr (program name removed):\n  - {}   (expected)\n  + {}   (got)",
                show(err),
                show(&line)
            ));
        }
    } else if exp.status == 0 && got.status != Some(0) {
        let text = String::from_utf8_lossy(&got.stderr);
        let first: Vec<&str> = text.lines().take(5).collect();
        if !first.is_empty() {
            problems.push(format!("stderr:\n  {}", first.join("\n  ")));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{rel} (cd tests/lua && {} {rel}):\n{}", argv.join(" "), problems.join("\n")))
    }
}

fn collect_scripts(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_scripts(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "lua") {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            out.push(rel);
        }
    }
}

fn read_known_failures(path: &Path) -> HashSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.to_string())
        .collect()
}

fn on_path(prog: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(prog).is_file()))
        .unwrap_or(false)
}

fn main() {
    let args = Arguments::from_args();
    let tests_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    let lua_dir = tests_dir.join("lua");
    let known = Arc::new(read_known_failures(&tests_dir.join("known-failures.txt")));

    let bin = std::env::var("RAVI_BIN")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_ravi").to_string());
    let mut argv: Vec<String> = std::env::var("RAVI_RUNNER")
        .unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect();
    argv.push(bin);
    let argv = Arc::new(argv);
    let timeout = Duration::from_secs_f64(
        std::env::var("RAVI_TEST_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .unwrap_or(60.0),
    );
    let diff_mode = std::env::var("RAVI_DIFF").is_ok_and(|v| v == "1") && on_path("lua5.3");

    let mut scripts = Vec::new();
    collect_scripts(&lua_dir, &lua_dir, &mut scripts);
    scripts.sort();

    for k in known.iter() {
        if !scripts.contains(k) {
            eprintln!("warning: tests/known-failures.txt names {k}, which does not exist");
        }
    }

    let now_passing = Arc::new(Mutex::new(Vec::<String>::new()));
    let lua_dir = Arc::new(lua_dir);
    let mut trials = Vec::new();
    for rel in &scripts {
        let is_known = known.contains(rel);
        let (argv, dir, np, rel2) = (argv.clone(), lua_dir.clone(), now_passing.clone(), rel.clone());
        let trial = Trial::test(rel.clone(), move || {
            let r = check(&argv, &dir, &rel2, timeout);
            match (r, is_known) {
                (Ok(()), false) => Ok(()),
                (Err(e), false) => Err(Failed::from(e)),
                (Ok(()), true) => {
                    np.lock().unwrap().push(rel2.clone());
                    Ok(())
                }
                (Err(_), true) => Ok(()),
            }
        });
        trials.push(if is_known { trial.with_kind("known-failure") } else { trial });
        if diff_mode {
            let (dir, rel2) = (lua_dir.clone(), rel.clone());
            trials.push(Trial::test(format!("lua5.3:{rel}"), move || {
                check(&["lua5.3".to_string()], &dir, &rel2, timeout)
                    .map_err(|e| Failed::from(format!("stale expectation (rerun tests/regen.sh?)\n{e}")))
            }));
        }
    }

    let conclusion = libtest_mimic::run(&args, trials);
    let mut np = now_passing.lock().unwrap().clone();
    if !np.is_empty() {
        np.sort();
        println!("\n{} known failures now pass:", np.len());
        for p in &np {
            println!("now passing, remove from tests/known-failures.txt: {p}");
        }
    }
    conclusion.exit();
}
