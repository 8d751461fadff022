//! Embedders build the `ravi` crate with `default-features = false`: the `ravi` command's
//! dependencies (clap, rustyline, and libc for its signal handling) must not be compiled
//! then. Checked on the dependency graph cargo resolves for the package.
use std::process::Command;

/// Normal (non-dev, non-build) dependencies of the `ravi` package with `features`, or None
/// when cargo cannot be run here (e.g. a cross-built test run under an emulator).
fn dependencies(features: &[&str]) -> Option<Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let mut cmd = Command::new(cargo);
    cmd.args(["tree", "--offline", "--manifest-path", manifest, "-p", "ravi", "-e", "normal", "--prefix", "none", "--format", "{p}"]);
    cmd.args(features);
    let out = match cmd.output() {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!("cargo tree failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            eprintln!("cannot run cargo ({e}): skipping");
            return None;
        }
    };
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(String::from))
            .collect(),
    )
}

#[test]
fn embedders_do_not_compile_the_cli_dependencies() {
    let Some(embed) = dependencies(&["--no-default-features"]) else { return };
    assert!(embed.iter().any(|d| d == "ravi-vm"), "{embed:?}");
    for cli_dep in ["clap", "rustyline"] {
        assert!(!embed.iter().any(|d| d == cli_dep), "{cli_dep} in {embed:?}");
    }
    // the serde feature adds serde, nothing of the command
    let Some(with_serde) = dependencies(&["--no-default-features", "--features", "serde"]) else { return };
    assert!(with_serde.iter().any(|d| d == "serde"), "{with_serde:?}");
    assert!(!with_serde.iter().any(|d| d == "clap" || d == "rustyline"), "{with_serde:?}");
    // ... and the default build (the command) does have them: the check above means something
    let Some(cli) = dependencies(&[]) else { return };
    for cli_dep in ["clap", "rustyline"] {
        assert!(cli.iter().any(|d| d == cli_dep), "{cli_dep} missing from {cli:?}");
    }
}
