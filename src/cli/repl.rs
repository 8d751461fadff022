//! The read-eval-print loop (lua.c's `doREPL`, `loadline`, `addreturn`, `multiline`,
//! `pushline`, `l_print`).
//!
//! Each entry is first tried as `return <line>;` (so an expression prints its values);
//! if that does not compile it is compiled as a statement, and while the error is "near
//! `<eof>`" (an incomplete chunk) another line is read with the `>>` prompt. `=expr` is
//! `return expr`. Prompts come from the globals `_PROMPT` and `_PROMPT2`. Errors are
//! printed without the program name, with a traceback.
//!
//! On a terminal, lines are read with rustyline: line editing, history kept in
//! `~/.ravi_history` (`$RAVI_HISTORY` overrides the file; set it empty for no history
//! file), Ctrl-C clears the line (or abandons an incomplete chunk), Ctrl-D on an empty
//! line ends the session. Without a terminal (`ravi -i < file`), lines are read from C's
//! `stdin` (shared with `io.read`) and, as lua5.3 linked with GNU readline does, the
//! prompt and the line are echoed to stdout.

use super::{docall, interrupt, l_message, progname, report, set_progname, tostring_or_null};
use ravi_vm::state::State;
use ravi_vm::{LResult, LUA_ERRSYNTAX, LUA_OK, MULTRET};
use std::io::Write;

const LUA_PROMPT: &[u8] = b"> ";
const LUA_PROMPT2: &[u8] = b">> ";
const EOFMARK: &[u8] = b"<eof>";

/// What reading a line gave.
enum Input {
    Line(Vec<u8>),
    Eof,
    /// Ctrl-C at the prompt.
    Interrupted,
}

/// A source of input lines.
trait LineReader {
    fn read(&mut self, prompt: &[u8]) -> Input;
    /// lua.c's `lua_saveline`: keeps an entry in the history.
    fn save(&mut self, _line: &[u8]) {}
}

/// The terminal: rustyline with a history file.
struct Terminal {
    rl: rustyline::DefaultEditor,
    history: Option<std::path::PathBuf>,
}

impl Terminal {
    fn new() -> Option<Terminal> {
        let config = rustyline::Config::builder()
            .max_history_size(1000)
            .ok()?
            .history_ignore_dups(true)
            .ok()?
            .auto_add_history(false)
            .build();
        let mut rl = rustyline::DefaultEditor::with_config(config).ok()?;
        let history = history_file();
        if let Some(h) = &history {
            let _ = rl.load_history(h);
        }
        Some(Terminal { rl, history })
    }
}

/// `$RAVI_HISTORY` (empty: none), else `$HOME/.ravi_history`.
fn history_file() -> Option<std::path::PathBuf> {
    match std::env::var_os("RAVI_HISTORY") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(p.into()),
        None => std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| std::path::Path::new(&h).join(".ravi_history")),
    }
}

impl LineReader for Terminal {
    fn read(&mut self, prompt: &[u8]) -> Input {
        let _ = std::io::stdout().flush();
        let prompt = String::from_utf8_lossy(prompt);
        match self.rl.readline(&*prompt) {
            Ok(line) => Input::Line(line.into_bytes()),
            Err(rustyline::error::ReadlineError::Interrupted) => Input::Interrupted,
            Err(rustyline::error::ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                l_message(None, b"input is not valid UTF-8 (line ignored)");
                Input::Interrupted
            }
            Err(rustyline::error::ReadlineError::Signal(_)) => Input::Interrupted,
            Err(_) => Input::Eof,
        }
    }
    fn save(&mut self, line: &[u8]) {
        let entry = String::from_utf8_lossy(line).into_owned();
        if matches!(self.rl.add_history_entry(entry), Ok(true)) {
            if let Some(h) = &self.history {
                let _ = self.rl.append_history(h);
            }
        }
    }
}

/// Piped input: C's `stdin` (the stream `io.read` uses), with GNU readline's echo.
struct Piped;

extern "C" {
    static mut stdin: *mut libc::FILE;
}

impl LineReader for Piped {
    fn read(&mut self, prompt: &[u8]) -> Input {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(prompt);
        let _ = out.flush();
        let mut buf: *mut libc::c_char = std::ptr::null_mut();
        let mut cap: libc::size_t = 0;
        // SAFETY: getline allocates `buf` (freed below) and reads from C's stdin stream.
        let n = unsafe { libc::getline(&mut buf, &mut cap, stdin) };
        let line = if n < 0 {
            None
        } else {
            // SAFETY: getline stored n bytes at buf.
            Some(unsafe { std::slice::from_raw_parts(buf as *const u8, n as usize) }.to_vec())
        };
        // SAFETY: buf was allocated by getline (or is null).
        unsafe { libc::free(buf as *mut libc::c_void) };
        match line {
            None => Input::Eof,
            Some(mut l) => {
                if l.last() == Some(&b'\n') {
                    l.pop();
                }
                let _ = out.write_all(&l);
                let _ = out.write_all(b"\n");
                let _ = out.flush();
                Input::Line(l)
            }
        }
    }
}

/// lua.c's `get_prompt`: `_PROMPT`/`_PROMPT2` converted by `lua_tostring`, or the default.
fn get_prompt(st: &mut State, firstline: bool) -> LResult<Vec<u8>> {
    st.get_global(if firstline { "_PROMPT" } else { "_PROMPT2" })?;
    let p = st.to_lstring(-1)?.map(|s| s.bytes().to_vec());
    st.pop(1);
    Ok(p.unwrap_or_else(|| (if firstline { LUA_PROMPT } else { LUA_PROMPT2 }).to_vec()))
}

/// lua.c's `incomplete`: a syntax error at the end of the input; pops its message.
fn incomplete(st: &mut State, status: i32) -> LResult<bool> {
    if status == LUA_ERRSYNTAX {
        let msg = tostring_or_null(st, -1)?;
        if msg.ends_with(EOFMARK) {
            st.pop(1);
            return Ok(true);
        }
    }
    Ok(false)
}

/// Result of reading one entry.
enum Loaded {
    Eof,
    /// Ctrl-C abandoned the entry.
    Skip,
    /// A compiled function (LUA_OK) or an error message is on the stack.
    Status(i32),
}

/// lua.c's `loadline` (with `pushline`, `addreturn` and `multiline`).
fn loadline(st: &mut State, rd: &mut dyn LineReader) -> LResult<Loaded> {
    st.set_top(0);
    let prompt = get_prompt(st, true)?;
    let line = match rd.read(&prompt) {
        Input::Line(l) => l,
        Input::Eof => return Ok(Loaded::Eof),
        Input::Interrupted => return Ok(Loaded::Skip),
    };
    // '=' for compatibility with 5.2: "=x" is "return x"
    let code: Vec<u8> = match line.strip_prefix(b"=") {
        Some(rest) => [b"return ", rest].concat(),
        None => line.clone(),
    };
    // addreturn: try "return <line>;" first
    let retline = [b"return ", &code[..], b";"].concat();
    if st.load(&retline, b"=stdin", "bt")? == LUA_OK {
        if !line.is_empty() {
            rd.save(&line);
        }
        return Ok(Loaded::Status(LUA_OK));
    }
    st.pop(1);
    // multiline: as a statement, reading continuation lines while it is incomplete
    let mut chunk = code;
    let mut hist = line;
    loop {
        let status = st.load(&chunk, b"=stdin", "bt")?;
        if !incomplete(st, status)? {
            rd.save(&hist);
            return Ok(Loaded::Status(status));
        }
        let prompt2 = get_prompt(st, false)?;
        match rd.read(&prompt2) {
            Input::Line(l) => {
                chunk.push(b'\n');
                chunk.extend_from_slice(&l);
                hist.push(b'\n');
                hist.extend_from_slice(&l);
            }
            Input::Interrupted => {
                rd.save(&hist);
                return Ok(Loaded::Skip);
            }
            Input::Eof => {
                // lua.c reports whatever is on top here ("(null)"); report the real error
                rd.save(&hist);
                let status = st.load(&chunk, b"=stdin", "bt")?;
                return Ok(Loaded::Status(status));
            }
        }
    }
}

/// lua.c's `l_print`: prints the results on the stack with the global `print`.
fn l_print(st: &mut State) -> LResult<()> {
    let n = st.get_top();
    if n > 0 {
        st.check_stack_api(20, "too many results to print")?;
        st.get_global("print")?;
        st.insert(1);
        if st.pcall(n, 0, 0)? != LUA_OK {
            let mut m = b"error calling 'print' (".to_vec();
            m.extend_from_slice(&tostring_or_null(st, -1)?);
            m.push(b')');
            l_message(progname().as_deref(), &m);
        }
    }
    Ok(())
}

/// lua.c's `doREPL`.
pub fn do_repl(st: &mut State) -> LResult<()> {
    let tty = interrupt::stdin_is_tty();
    let mut terminal = if tty { Terminal::new() } else { None };
    let mut piped = Piped;
    let rd: &mut dyn LineReader = match terminal.as_mut() {
        Some(t) => t,
        None => &mut piped,
    };
    let oldprogname = set_progname(None); // no program name on errors in interactive mode
    loop {
        if tty {
            interrupt::ignore();
        }
        let status = match loadline(st, rd)? {
            Loaded::Eof => break,
            Loaded::Skip => continue,
            Loaded::Status(s) => s,
        };
        let status = if status == LUA_OK { docall(st, 0, MULTRET)? } else { status };
        if status == LUA_OK {
            l_print(st)?;
        } else {
            report(st, status)?;
        }
    }
    interrupt::disarm();
    st.set_top(0);
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(b"\n");
    let _ = o.flush();
    set_progname(oldprogname);
    Ok(())
}
