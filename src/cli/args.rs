//! Command-line parsing.
//!
//! lua.c's options (`-e stat`, `-l name`, `-i`, `-v`, `-E`, `--`, `-`) are parsed by a
//! transcription of its `collectargs` loop, because its rules cannot be expressed with an
//! argument-parser library: options stop at the first non-option, `-e`/`-l` take their
//! argument attached (`-eprint(1)`, `"-e "`) or as the next word unless that word starts
//! with `-`, the script's own arguments are never looked at, and everything else
//! (`-h`, `-iv`, `---`, `-Ex`) is an "unrecognized option".
//!
//! ravi's own tools (`--bytecode`, `--compile`, `--help`, `--version`) are long options
//! lua.c rejects, so giving one of them as the first argument cannot change the meaning of
//! a lua.c command line; that command line is handed to clap.

use clap::Parser;
use std::path::PathBuf;

/// Bits of `collectargs`' result (lua.c's `has_*`).
pub const HAS_ERROR: u32 = 1;
pub const HAS_I: u32 = 2;
pub const HAS_V: u32 = 4;
pub const HAS_E: u32 = 8;
pub const HAS_BIG_E: u32 = 16;

/// lua.c's `collectargs`: returns the option bits and the index of the script name
/// (`argv.len()` when there is none), or of the bad option when the bits are `HAS_ERROR`.
pub fn collectargs(argv: &[Vec<u8>]) -> (u32, usize) {
    let mut args = 0;
    let mut i = 1;
    let at = |i: usize, j: usize| -> u8 { argv.get(i).and_then(|a| a.get(j)).copied().unwrap_or(0) };
    while i < argv.len() {
        let first = i;
        if at(i, 0) != b'-' {
            return (args, first); // not an option: the script
        }
        match at(i, 1) {
            b'-' => {
                if at(i, 2) != 0 {
                    return (HAS_ERROR, first); // extra characters after '--'
                }
                return (args, i + 1);
            }
            0 => return (args, first), // '-': the script is stdin
            b'E' => {
                if at(i, 2) != 0 {
                    return (HAS_ERROR, first);
                }
                args |= HAS_BIG_E;
            }
            c @ (b'i' | b'v') => {
                if c == b'i' {
                    args |= HAS_I; // -i implies -v
                }
                if at(i, 2) != 0 {
                    return (HAS_ERROR, first);
                }
                args |= HAS_V;
            }
            c @ (b'e' | b'l') => {
                if c == b'e' {
                    args |= HAS_E;
                }
                if at(i, 2) == 0 {
                    // no attached argument: take the next word, which must not be an option
                    i += 1;
                    if i >= argv.len() || at(i, 0) == b'-' {
                        return (HAS_ERROR, first);
                    }
                }
            }
            _ => return (HAS_ERROR, first),
        }
        i += 1;
    }
    (args, argv.len())
}

/// lua.c's `print_usage` text (after the "<progname>: " prefix of the first line).
pub fn usage(progname: &[u8], badoption: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(progname);
    m.extend_from_slice(b": ");
    if matches!(badoption.get(1), Some(b'e' | b'l')) {
        m.extend_from_slice(b"'");
        m.extend_from_slice(badoption);
        m.extend_from_slice(b"' needs argument\n");
    } else {
        m.extend_from_slice(b"unrecognized option '");
        m.extend_from_slice(badoption);
        m.extend_from_slice(b"'\n");
    }
    m.extend_from_slice(b"usage: ");
    m.extend_from_slice(progname);
    m.extend_from_slice(b" [options] [script [args]]\n");
    m.extend_from_slice(LUA_OPTIONS.as_bytes());
    m
}

/// The option list of lua.c's usage message.
pub const LUA_OPTIONS: &str = "\
Available options are:
  -e stat  execute string 'stat'
  -i       enter interactive mode after executing 'script'
  -l name  require library 'name' into global 'name'
  -v       show version information
  -E       ignore environment variables
  --       stop handling options
  -        stop handling options and execute stdin
";

const AFTER_HELP: &str = "\
Lua options (as lua5.3's; they cannot be combined with the options above):
  -e stat  execute string 'stat'
  -i       enter interactive mode after executing 'script'
  -l name  require library 'name' into global 'name'
  -v       show version information
  -E       ignore environment variables
  --       stop handling options
  -        stop handling options and execute stdin

Options and the script are handled in order; the script's arguments are in the global
table 'arg' (arg[0] is the script, negative indices hold the interpreter and its options)
and in '...' of the main chunk. LUA_INIT_5_3 or LUA_INIT (\"@file\" runs a file) is run
first unless -E is given. Without a script, ravi reads stdin: interactively (line
editing, history in ~/.ravi_history) when it is a terminal.";

/// ravi's own command line: tools that work on a file without running it.
#[derive(Parser, Debug)]
#[command(
    name = "ravi",
    version = crate::cli::VERSION,
    about = "Lua 5.3 with Ravi's optional static types",
    override_usage = "ravi [options] [script [args]]\n       ravi --bytecode FILE\n       ravi --compile FILE [-s] [-o OUT]",
    after_help = AFTER_HELP,
    disable_version_flag = true,
)]
pub struct RaviArgs {
    /// List the bytecode of every function in FILE, like `luac -l -l` ("-" reads stdin)
    #[arg(long, value_name = "FILE", conflicts_with = "compile")]
    pub bytecode: Option<PathBuf>,

    /// Compile FILE to a binary chunk, like `luac` ("-" reads stdin)
    #[arg(long, value_name = "FILE")]
    pub compile: Option<PathBuf>,

    /// Output file of --compile (default: luac.out)
    #[arg(short = 'o', value_name = "OUT", requires = "compile")]
    pub output: Option<PathBuf>,

    /// Strip debug information from the --compile output, like `luac -s`
    #[arg(short = 's', long = "strip", requires = "compile")]
    pub strip: bool,

    /// Print version information and exit
    #[arg(long = "version", action = clap::ArgAction::Version)]
    pub version: (),
}

/// Whether the command line is for ravi's own tools (handled by clap) rather than lua.c's
/// loop: its first argument is one of ravi's long options.
pub fn is_ravi_command(argv: &[Vec<u8>]) -> bool {
    let Some(a) = argv.get(1) else { return false };
    const LONG: [&[u8]; 5] = [b"--help", b"--version", b"--bytecode", b"--compile", b"--strip"];
    LONG.iter().any(|o| a == o || (a.starts_with(o) && a.get(o.len()) == Some(&b'=')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<Vec<u8>> {
        s.iter().map(|a| a.as_bytes().to_vec()).collect()
    }

    #[test]
    fn collectargs_like_lua_c() {
        assert_eq!(collectargs(&argv(&["lua"])), (0, 1));
        assert_eq!(collectargs(&argv(&["lua", "x.lua", "-h"])), (0, 1));
        assert_eq!(collectargs(&argv(&["lua", "-h"])), (HAS_ERROR, 1));
        assert_eq!(collectargs(&argv(&["lua", "---"])), (HAS_ERROR, 1));
        assert_eq!(collectargs(&argv(&["lua", "-iv"])), (HAS_ERROR, 1));
        assert_eq!(collectargs(&argv(&["lua", "-Ex"])), (HAS_ERROR, 1));
        assert_eq!(collectargs(&argv(&["lua", "-e"])), (HAS_ERROR, 1));
        assert_eq!(collectargs(&argv(&["lua", "-v", "-l", "-x"])), (HAS_ERROR, 2));
        assert_eq!(collectargs(&argv(&["lua", "-e", "x=1", "-i"])), (HAS_E | HAS_I | HAS_V, 4));
        assert_eq!(collectargs(&argv(&["lua", "-e ", "--", "s", "a"])), (HAS_E, 3));
        assert_eq!(collectargs(&argv(&["lua", "-lstring", "-", "a"])), (0, 2));
        assert_eq!(collectargs(&argv(&["lua", "-E", "--"])), (HAS_BIG_E, 3));
    }

    #[test]
    fn ravi_commands() {
        assert!(is_ravi_command(&argv(&["ravi", "--bytecode", "f"])));
        assert!(is_ravi_command(&argv(&["ravi", "--compile=f"])));
        assert!(!is_ravi_command(&argv(&["ravi", "-", "--bytecode"])));
        assert!(!is_ravi_command(&argv(&["ravi", "---"])));
        assert!(!is_ravi_command(&argv(&["ravi", "--helpx"])));
    }
}
