//! Benchmark runner: times bench/programs (or the reference programs of
//! ../shared/bench-ref) on ravi and on the other Lua implementations that are
//! installed, and prints a Markdown table of medians, ratios to lua5.4 and
//! peak RSS. See bench/README.md.

use clap::Parser;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Program order in the table (files in bench/programs that are not listed
/// here are appended in alphabetical order).
const ORDER: &[&str] = &[
    "fib",
    "mandelbrot",
    "nbody",
    "spectral_norm",
    "fannkuch",
    "sieve",
    "matmul",
    "binary_trees",
    "methods",
    "richards",
    "hash_strings",
    "str_concat",
    "str_gsub",
    "str_format",
    "str_build",
    "closures",
    "coroutines",
];

/// Reference programs of ../shared/bench-ref that run on plain Lua 5.3.
/// Left out: matmul2 (needs LuaJIT's ffi), bitbench, nsievebits, md5test and
/// extra/bittest (need LuaJIT's `bit`), tableaccess and extra/gaussian* (Ravi
/// type annotations), egor_test* (call ravi.compile), the *.ravi files and
/// matmul1_ravi.lua (Ravi-only), and the unscaled sieve, sieve_puc,
/// fornum_test3 and mandel1 (10+ s; their scaled/ copies are used instead).
struct RefProg {
    name: &'static str,
    file: &'static str,
    /// arg[1].. at benchmark size and with --quick (empty quick: skipped by --quick).
    args: &'static [&'static str],
    quick: &'static [&'static str],
    /// Substrings the output must contain.
    need: &'static [&'static str],
}

const fn rp(
    name: &'static str,
    file: &'static str,
    args: &'static [&'static str],
    quick: &'static [&'static str],
    need: &'static [&'static str],
) -> RefProg {
    RefProg {
        name,
        file,
        args,
        quick,
        need,
    }
}

const REF: &[RefProg] = &[
    rp(
        "fornum_test1",
        "fornum_test1.lua",
        &[],
        &[],
        &["1000000000"],
    ),
    rp(
        "fornum_test2",
        "fornum_test2.lua",
        &[],
        &[],
        &["1000000000"],
    ),
    rp(
        "fornum_test3",
        "scaled/fornum_test3_2e8.lua",
        &[],
        &[],
        &["time taken"],
    ),
    rp("mandel", "mandel.lua", &["1500"], &["100"], &[]),
    rp(
        "mandel1",
        "scaled/mandel1_arg.lua",
        &["2000"],
        &["100"],
        &[],
    ),
    rp(
        "fannkuchen",
        "fannkuchen.lua",
        &["10"],
        &["7"],
        &["Pfannkuchen("],
    ),
    rp("matmul1", "matmul1.lua", &["600"], &["60"], &["time taken"]),
    rp(
        "binarytrees",
        "binarytrees.lua",
        &["15"],
        &["6"],
        &["long lived tree of depth"],
    ),
    rp("sieve", "scaled/sieve_1e4.lua", &[], &[], &["1899"]),
    rp(
        "pisum",
        "scaled/pisum_arg.lua",
        &["10000"],
        &["10"],
        &["time taken"],
    ),
];

#[derive(Parser, Debug)]
#[command(
    name = "bench",
    about = "Time Lua benchmark programs on ravi, lua5.3, lua5.4 and luajit",
    after_help = "Examples:\n  cargo run -p bench --release -- --quick\n  cargo run -p bench --release -- --runs 5 fib nbody\n  cargo run -p bench --release -- --ravi-variants=plain,-joff --markdown bench/RESULTS.md\n  cargo run -p bench --release -- --ref"
)]
struct Args {
    /// Programs to run (names without extension; default: all). With --ref,
    /// names of reference programs.
    programs: Vec<String>,

    /// Timed runs per program and implementation (median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,

    /// Path of the ravi binary [default: $CARGO_TARGET_DIR/release/ravi, else
    /// <workspace>/target/release/ravi].
    #[arg(long)]
    ravi: Option<PathBuf>,

    /// Comma-separated ravi variants, each a space-separated list of flags
    /// passed before the script; `plain` means no flags. Each variant is a
    /// column, e.g. --ravi-variants=plain,-joff
    #[arg(long, default_value = "plain", allow_hyphen_values = true)]
    ravi_variants: String,

    /// Leave ravi out.
    #[arg(long)]
    no_ravi: bool,

    /// Only these implementations (comma-separated labels, e.g. `ravi,lua5.4`).
    #[arg(long)]
    only: Option<String>,

    /// Run the reference programs of ../shared/bench-ref instead of ours.
    #[arg(long = "ref")]
    reference: bool,

    /// Directory of the reference programs.
    #[arg(long)]
    ref_dir: Option<PathBuf>,

    /// Smoke test: one run each at a small size.
    #[arg(long)]
    quick: bool,

    /// Size passed as arg[1] to every program (overrides the defaults).
    #[arg(long)]
    size: Option<String>,

    /// Leave out the Ravi-typed twins (*.ravi, run on ravi only).
    #[arg(long)]
    no_typed: bool,

    /// Per-run timeout in seconds; a run that exceeds it is a FAIL.
    #[arg(long, default_value_t = 300)]
    timeout: u64,

    /// Also write the table, with machine info, to this Markdown file. If the
    /// file has `<!-- bench:begin -->` and `<!-- bench:end -->` markers
    /// (`bench-ref:` with --ref), only the text between them is replaced;
    /// otherwise the block is appended (or the file created).
    #[arg(long)]
    markdown: Option<PathBuf>,

    /// List the programs with their default and quick sizes, then exit.
    #[arg(long)]
    list: bool,
}

#[derive(Clone, Debug)]
struct Impl {
    label: String,
    exe: PathBuf,
    flags: Vec<String>,
    is_ravi: bool,
}

#[derive(Clone, Debug)]
struct Program {
    name: String,
    path: PathBuf,
    /// Extra interpreter arguments placed before the script (e.g. `-e jit=nil`).
    pre: Vec<String>,
    args: Vec<String>,
    /// Shown in the table's size column.
    size: String,
    typed: bool,
    /// Output must contain a line starting with "ok " (our programs) ...
    need_ok_line: bool,
    /// ... and/or these substrings (reference programs).
    need: Vec<String>,
}

#[derive(Clone, Debug)]
enum Outcome {
    Ok { secs: f64, rss_kb: Option<u64> },
    Fail(String),
}

#[derive(Default, Debug)]
struct Cell {
    times: Vec<f64>,
    rss: Vec<u64>,
    fail: Option<String>,
}

impl Cell {
    fn median(&self) -> Option<f64> {
        if self.fail.is_some() || self.times.is_empty() {
            return None;
        }
        let mut t = self.times.clone();
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let n = t.len();
        Some(if n % 2 == 1 {
            t[n / 2]
        } else {
            (t[n / 2 - 1] + t[n / 2]) / 2.0
        })
    }
    fn peak_mb(&self) -> Option<f64> {
        if self.fail.is_some() {
            return None;
        }
        self.rss.iter().max().map(|kb| *kb as f64 / 1024.0)
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn default_ravi() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let p = PathBuf::from(dir).join("release/ravi");
        if p.is_file() {
            return p;
        }
    }
    workspace_root().join("target/release/ravi")
}

/// `-- Quick: N` from a program's header.
fn header_value(src: &str, key: &str) -> Option<String> {
    src.lines()
        .take_while(|l| l.starts_with("--"))
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string)
}

/// The default size from `local n = tonumber(arg and arg[1]) or N`.
fn default_size(src: &str) -> Option<String> {
    src.lines().find_map(|l| {
        let l = l.trim();
        if l.starts_with("local n") && l.contains("arg[1]") {
            l.rsplit(" or ").next().map(|s| s.trim().to_string())
        } else {
            None
        }
    })
}

fn our_programs(args: &Args) -> Result<Vec<Program>, String> {
    let dir = bench_dir().join("programs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.strip_suffix(".lua").map(str::to_string)
        })
        .collect();
    names.sort_by_key(|n| {
        (
            ORDER.iter().position(|o| o == n).unwrap_or(usize::MAX),
            n.clone(),
        )
    });
    for want in &args.programs {
        if !names.contains(want) {
            return Err(format!(
                "no program {want:?} in {} (try --list)",
                dir.display()
            ));
        }
    }
    let mut out = Vec::new();
    let mut typed = Vec::new();
    for name in names {
        if !args.programs.is_empty() && !args.programs.contains(&name) {
            continue;
        }
        let path = dir.join(format!("{name}.lua"));
        let src = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let quick = header_value(&src, "-- Quick:").unwrap_or_else(|| "1".into());
        let size = if let Some(s) = &args.size {
            s.clone()
        } else if args.quick {
            quick
        } else {
            default_size(&src).unwrap_or_else(|| "?".into())
        };
        let sized_args = if args.size.is_some() || args.quick {
            vec![size.clone()]
        } else {
            vec![]
        };
        out.push(Program {
            name: name.clone(),
            path,
            pre: vec![],
            args: sized_args.clone(),
            size: size.clone(),
            typed: false,
            need_ok_line: true,
            need: vec![],
        });
        let rpath = dir.join(format!("{name}.ravi"));
        if !args.no_typed && rpath.is_file() {
            typed.push(Program {
                name: format!("{name} (typed)"),
                path: rpath,
                pre: vec![],
                args: sized_args,
                size,
                typed: true,
                need_ok_line: true,
                need: vec![],
            });
        }
    }
    out.extend(typed);
    Ok(out)
}

fn ref_programs(args: &Args) -> Result<Vec<Program>, String> {
    let dir = args
        .ref_dir
        .clone()
        .unwrap_or_else(|| workspace_root().join("../shared/bench-ref"));
    for want in &args.programs {
        if !REF.iter().any(|r| r.name == want) {
            return Err(format!("no reference program {want:?} (try --ref --list)"));
        }
    }
    let mut out = Vec::new();
    for r in REF {
        let (name, file, bench_args, quick_args, need) = (r.name, r.file, r.args, r.quick, r.need);
        if !args.programs.is_empty() && !args.programs.iter().any(|p| p == name) {
            continue;
        }
        let path = dir.join(file);
        if !path.is_file() {
            return Err(format!("missing reference program {}", path.display()));
        }
        let a: Vec<String> = if let Some(s) = &args.size {
            vec![s.clone()]
        } else if args.quick {
            quick_args.iter().map(|s| s.to_string()).collect()
        } else {
            bench_args.iter().map(|s| s.to_string()).collect()
        };
        // In quick mode the fixed-size programs would take seconds; skip them.
        if args.quick && quick_args.is_empty() && args.size.is_none() {
            continue;
        }
        out.push(Program {
            name: name.to_string(),
            path,
            // The programs do a LuaJIT warm-up pass when they see a global `jit`.
            pre: vec!["-e".into(), "jit=nil".into()],
            size: if a.is_empty() {
                "-".into()
            } else {
                a.join(" ")
            },
            args: a,
            typed: false,
            need_ok_line: false,
            need: need.iter().map(|s| s.to_string()).collect(),
        });
    }
    Ok(out)
}

fn implementations(args: &Args) -> Result<Vec<Impl>, String> {
    let mut impls = Vec::new();
    if !args.no_ravi {
        let exe = args.ravi.clone().unwrap_or_else(default_ravi);
        if exe.is_file() {
            for v in args.ravi_variants.split(',') {
                let v = v.trim();
                let flags: Vec<String> = if v.is_empty() || v == "plain" {
                    vec![]
                } else {
                    v.split_whitespace().map(str::to_string).collect()
                };
                let label = if flags.is_empty() {
                    "ravi".to_string()
                } else {
                    format!("ravi {}", flags.join(" "))
                };
                impls.push(Impl {
                    label,
                    exe: exe.clone(),
                    flags,
                    is_ravi: true,
                });
            }
        } else if args.ravi.is_some() {
            return Err(format!("ravi binary {} not found", exe.display()));
        } else {
            eprintln!(
                "note: {} not found (build it with `cargo build --release`, or pass --ravi PATH); ravi left out",
                exe.display()
            );
        }
    }
    let others: &[(&str, &str, &[&str])] = &[
        ("lua5.3", "lua5.3", &[]),
        ("lua5.4", "lua5.4", &[]),
        ("luajit -joff", "luajit", &["-joff"]),
        ("luajit", "luajit", &[]),
    ];
    for (label, exe, flags) in others {
        if let Some(p) = find_in_path(exe) {
            impls.push(Impl {
                label: label.to_string(),
                exe: p,
                flags: flags.iter().map(|s| s.to_string()).collect(),
                is_ravi: false,
            });
        }
    }
    if let Some(only) = &args.only {
        let keep: Vec<&str> = only.split(',').map(str::trim).collect();
        impls.retain(|i| keep.contains(&i.label.as_str()));
    }
    if impls.is_empty() {
        return Err("no Lua implementation to run".into());
    }
    Ok(impls)
}

fn time_binary() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/time");
    if !p.is_file() {
        return None;
    }
    // GNU time understands -f and -o; check that it works.
    let ok = Command::new(&p)
        .args(["-f", "%M", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    ok.then_some(p)
}

fn run_once(
    imp: &Impl,
    prog: &Program,
    time_bin: Option<&Path>,
    timeout: Duration,
    seq: usize,
) -> Outcome {
    let rss_file = std::env::temp_dir().join(format!("bench-rss-{}-{seq}", std::process::id()));
    let mut cmd = match time_bin {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(&imp.exe);
            c
        }
        None => Command::new(&imp.exe),
    };
    cmd.args(&imp.flags)
        .args(&prog.pre)
        .arg(&prog.path)
        .args(&prog.args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::Fail(format!("spawn {}: {e}", imp.exe.display())),
    };
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = so.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = se.read_to_end(&mut s);
        s
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) => {
                if start.elapsed() > timeout {
                    // Kill the whole process group (time and the interpreter).
                    let _ = Command::new("kill")
                        .arg("-KILL")
                        .arg(format!("-{}", child.id()))
                        .status();
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Outcome::Fail(format!("wait: {e}")),
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let out = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).to_string();
    let err = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).to_string();
    let rss_kb = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<u64>().ok()));
    let _ = std::fs::remove_file(&rss_file);
    let Some(status) = status else {
        return Outcome::Fail(format!("timeout after {}s", timeout.as_secs()));
    };
    if !status.success() {
        let msg = err
            .lines()
            .find(|l| !l.trim().is_empty() && !l.contains("Command exited"))
            .unwrap_or("");
        return Outcome::Fail(format!(
            "exit {}: {}",
            status.code().map_or("signal".into(), |c| c.to_string()),
            msg
        ));
    }
    if prog.need_ok_line && !out.lines().any(|l| l.starts_with("ok ")) {
        return Outcome::Fail("no `ok` line in the output".into());
    }
    if let Some(missing) = prog.need.iter().find(|n| !out.contains(n.as_str())) {
        return Outcome::Fail(format!("output lacks {missing:?}"));
    }
    if !prog.need_ok_line && out.trim().is_empty() {
        return Outcome::Fail("no output".into());
    }
    Outcome::Ok { secs, rss_kb }
}

fn cmd_output(prog: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(prog).args(args).output().ok()?;
    let mut s = String::from_utf8_lossy(&o.stdout).to_string();
    s.push_str(&String::from_utf8_lossy(&o.stderr));
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn machine_info(impls: &[Impl]) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let date =
        cmd_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown".into());
    let root = workspace_root();
    let root_s = root.to_string_lossy().to_string();
    let commit = cmd_output("git", &["-C", &root_s, "rev-parse", "--short", "HEAD"])
        .unwrap_or_else(|| "unknown".into());
    let dirty = cmd_output(
        "git",
        &[
            "-C",
            &root_s,
            "status",
            "--porcelain",
            "--untracked-files=no",
        ],
    )
    .is_some();
    let kernel = cmd_output("uname", &["-sr"]).unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(s, "- Machine: {cpu}, {cores} cores, {kernel}");
    let _ = writeln!(s, "- Date: {date}");
    let _ = writeln!(
        s,
        "- Commit: {commit}{}",
        if dirty {
            " (with uncommitted changes)"
        } else {
            ""
        }
    );
    let mut seen = Vec::new();
    for i in impls {
        if seen.contains(&i.exe) {
            continue;
        }
        seen.push(i.exe.clone());
        let v = if i.is_ravi {
            format!("ravi at {}", i.exe.display())
        } else {
            cmd_output(&i.exe.to_string_lossy(), &["-v"])
                .map(|v| v.lines().next().unwrap_or("").to_string())
                .unwrap_or_else(|| i.label.clone())
        };
        let _ = writeln!(s, "- {}", v);
    }
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let _ = writeln!(
        s,
        "- Command: `cargo run -p bench --release -- {}`",
        argv.join(" ")
    );
    s
}

fn fmt_secs(t: f64) -> String {
    if t < 10.0 {
        format!("{t:.3}")
    } else {
        format!("{t:.2}")
    }
}

fn build_table(
    progs: &[Program],
    impls: &[Impl],
    cells: &BTreeMap<(usize, usize), Cell>,
    reference: bool,
) -> String {
    let base = impls.iter().position(|i| i.label == "lua5.4");
    let rss_cols: Vec<usize> = impls
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_ravi || i.label == "lua5.4")
        .map(|(k, _)| k)
        .collect();
    let mut head = String::from("| program | size |");
    let mut sep = String::from("|---|---:|");
    for (ii, imp) in impls.iter().enumerate() {
        if Some(ii) == base {
            let _ = write!(head, " {} s |", imp.label);
            sep.push_str("---:|");
        } else {
            let _ = write!(head, " {} s | {} / 5.4 |", imp.label, imp.label);
            sep.push_str("---:|---:|");
        }
    }
    for &k in &rss_cols {
        let _ = write!(head, " {} MB |", impls[k].label);
        sep.push_str("---:|");
    }
    let mut s = format!("{head}\n{sep}\n");
    // The untyped program of the same name gives the lua5.4 baseline for typed rows.
    let base_time = |pi: usize| -> Option<f64> {
        let b = base?;
        let name = progs[pi].name.trim_end_matches(" (typed)");
        let pj = progs.iter().position(|p| p.name == name && !p.typed)?;
        cells.get(&(pj, b)).and_then(Cell::median)
    };
    let mut logs: Vec<(f64, usize)> = vec![(0.0, 0); impls.len()];
    let n_untyped = progs.iter().filter(|p| !p.typed).count();
    for (pi, p) in progs.iter().enumerate() {
        let _ = write!(s, "| {} | {} |", p.name, p.size);
        let bt = base_time(pi);
        for (ii, log) in logs.iter_mut().enumerate() {
            let is_base = Some(ii) == base;
            let cell = cells.get(&(pi, ii));
            let (t, r) = match cell {
                None => ("-".to_string(), "-".to_string()),
                Some(c) if c.fail.is_some() => ("FAIL".to_string(), "-".to_string()),
                Some(c) => match c.median() {
                    Some(m) => {
                        let ratio = bt.map(|b| m / b);
                        if let (Some(r), false) = (ratio, p.typed) {
                            log.0 += r.ln();
                            log.1 += 1;
                        }
                        (fmt_secs(m), ratio.map_or("-".into(), |r| format!("{r:.2}")))
                    }
                    None => ("-".to_string(), "-".to_string()),
                },
            };
            if is_base {
                let _ = write!(s, " {t} |");
            } else {
                let _ = write!(s, " {t} | {r} |");
            }
        }
        for &k in &rss_cols {
            let v = cells
                .get(&(pi, k))
                .and_then(Cell::peak_mb)
                .map_or("-".to_string(), |mb| format!("{mb:.1}"));
            let _ = write!(s, " {v} |");
        }
        s.push('\n');
    }
    let _ = write!(
        s,
        "| **geomean of ratios to lua5.4** ({} set) | |",
        if reference { "reference" } else { "untyped" }
    );
    for (ii, _) in impls.iter().enumerate() {
        let is_base = Some(ii) == base;
        let (sum, n) = logs[ii];
        let g = if n == 0 {
            "-".to_string()
        } else if n == n_untyped {
            format!("**{:.2}**", (sum / n as f64).exp())
        } else {
            format!("{:.2} ({n}/{n_untyped})", (sum / n as f64).exp())
        };
        if is_base {
            let _ = write!(s, " |");
        } else {
            let _ = write!(s, " | {g} |");
        }
    }
    for _ in &rss_cols {
        s.push_str(" |");
    }
    s.push('\n');
    s
}

fn main() {
    let args = Args::parse();
    if let Err(e) = real_main(args) {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

fn real_main(args: Args) -> Result<(), String> {
    let progs = if args.reference {
        ref_programs(&args)?
    } else {
        our_programs(&args)?
    };
    if args.list {
        for p in &progs {
            println!("{:<22} size {:<10} {}", p.name, p.size, p.path.display());
        }
        return Ok(());
    }
    let impls = implementations(&args)?;
    let runs = if args.quick { 1 } else { args.runs.max(1) };
    let time_bin = time_binary();
    if time_bin.is_none() {
        eprintln!("note: GNU time (/usr/bin/time, apt package `time`) not found: peak RSS is not measured");
    }
    let timeout = Duration::from_secs(args.timeout);
    eprintln!(
        "bench: {} programs x {} implementations ({}) x {} runs",
        progs.len(),
        impls.len(),
        impls
            .iter()
            .map(|i| i.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        runs
    );

    let mut cells: BTreeMap<(usize, usize), Cell> = BTreeMap::new();
    let mut seq = 0;
    for (pi, p) in progs.iter().enumerate() {
        // Typed twins run on ravi only; everything else on every implementation.
        let targets: Vec<usize> = (0..impls.len())
            .filter(|&ii| !p.typed || impls[ii].is_ravi)
            .collect();
        for run in 0..runs {
            // Round-robin over the implementations within each run.
            for &ii in &targets {
                let cell = cells.entry((pi, ii)).or_default();
                if cell.fail.is_some() {
                    continue;
                }
                seq += 1;
                match run_once(&impls[ii], p, time_bin.as_deref(), timeout, seq) {
                    Outcome::Ok { secs, rss_kb } => {
                        eprintln!(
                            "  {:<22} {:<14} run {}/{}: {:.3}s",
                            p.name,
                            impls[ii].label,
                            run + 1,
                            runs,
                            secs
                        );
                        cell.times.push(secs);
                        if let Some(kb) = rss_kb {
                            cell.rss.push(kb);
                        }
                    }
                    Outcome::Fail(why) => {
                        eprintln!(
                            "  {:<22} {:<14} run {}/{}: FAIL ({})",
                            p.name,
                            impls[ii].label,
                            run + 1,
                            runs,
                            why
                        );
                        cell.fail = Some(why);
                    }
                }
            }
        }
    }

    let table = build_table(&progs, &impls, &cells, args.reference);
    let legend = format!(
        "Median wall-clock seconds of {runs} interleaved run(s); `X / 5.4` is the ratio of medians to lua5.4 \
         (below 1 is faster); typed rows (Ravi annotations, ravi only) are compared with lua5.4 on the untyped \
         program. MB is peak RSS. FAIL: non-zero exit, wrong result, or timeout.\n"
    );
    println!("\n{table}\n{legend}");
    let failures: Vec<String> = cells
        .iter()
        .filter_map(|((pi, ii), c)| {
            c.fail
                .as_ref()
                .map(|f| format!("{} on {}: {f}", progs[*pi].name, impls[*ii].label))
        })
        .collect();
    if !failures.is_empty() {
        eprintln!("failures:");
        for f in &failures {
            eprintln!("  {f}");
        }
    }

    if let Some(path) = &args.markdown {
        let title = if args.reference {
            "Reference programs (../shared/bench-ref)"
        } else {
            "bench/programs"
        };
        let block = format!("### {title}\n\n{}\n{table}\n{legend}", machine_info(&impls));
        let existing = std::fs::read_to_string(path).unwrap_or_default();
        let (b, e) = if args.reference {
            ("<!-- bench-ref:begin -->", "<!-- bench-ref:end -->")
        } else {
            ("<!-- bench:begin -->", "<!-- bench:end -->")
        };
        let text = match (existing.find(b), existing.find(e)) {
            (Some(i), Some(j)) if i < j => {
                format!("{}{b}\n{block}{}", &existing[..i], &existing[j..])
            }
            _ if !existing.trim().is_empty() => {
                format!("{}\n{b}\n{block}{e}\n", existing.trim_end())
            }
            _ => format!("# Benchmark results\n\n{b}\n{block}{e}\n"),
        };
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
