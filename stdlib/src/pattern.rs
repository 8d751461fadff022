//! Lua 5.3 pattern matching (lstrlib.c semantics) over byte slices, VM-independent.
//!
//! Owns: the matcher (§6.4.1: classes `%a %c %d %g %l %p %s %u %w %x` (+ deprecated `%z`)
//! and their upper-case complements in the C locale, sets `[...]` / `[^...]` with ranges and
//! escapes, `.`, `%b()`, `%f[set]`, `^` anchor (find/match/gsub only), `$`, quantifiers
//! `* + - ?`, captures, position captures `()`, back-references `%1`-`%9`), its limits
//! (MAXCCALLS = 200 nested matcher calls -> "pattern too complex", LUA_MAXCAPTURES = 32 ->
//! "too many captures") and lstrlib's exact error texts ([`PatternError::message`]);
//! plain search ([`no_specials`], [`plain_find`]), the iteration rules of `string.gmatch`
//! ([`GMatchState`]) and `string.gsub` ([`GsubState`]), and gsub's replacement-string
//! expansion ([`expand_replacement`]).
//!
//! The matcher never recurses on the Rust stack: PUC's recursive `match` is run as a
//! backtracking loop over an explicit heap stack of choice points (one per nested C call,
//! so the depth limit of 200 triggers on exactly the same patterns and at the same moment
//! of the search as in lua5.3). Errors are raised lazily, when the search reaches the bad
//! pattern item, as in C (`string.find("abc", "x[")` is nil, not an error).
//!
//! Positions are 0-based byte offsets everywhere; Lua's 1-based values are `offset + 1`.
//!
//! How the VM wrappers use it (all of 5.3's argument handling stays in the wrapper):
//! - `string.find(s, p, init, plain)` / `string.match(s, p, init)`: compute `init` as 5.3
//!   (posrelat; `< 1` -> 1; `> len + 1` -> return nil). For find, if `plain` or
//!   [`no_specials`]`(p)`, use [`plain_find`]`(s, p, init - 1)` and return start+1, start+len(p).
//!   Otherwise call [`find`]`(s, p, init - 1)` (it handles the `^` anchor): on `Some(m)`,
//!   find returns `m.start + 1, m.end` followed by [`Match::find_captures`]; match returns
//!   [`Match::captures`] (the whole match when the pattern has no captures).
//! - `string.gmatch(s, p)`: keep a [`GMatchState`] in the iterator closure; each call does
//!   `state.next(s, p)` and returns [`Match::captures`] or nothing. As in 5.3, `^` is not an
//!   anchor in gmatch, and an empty match right where the previous match ended is skipped.
//! - `string.gsub(s, p, repl, n)`: `let mut st = GsubState::new(p, max_n)` (max_n = n or
//!   `len(s) + 1`), then loop over `st.next(s, p)`: `GsubStep::Match { keep, m }` -> append
//!   `s[keep.0..keep.1]`, then the replacement for `m` (string/number repl:
//!   [`expand_replacement`]; table: index with `m.get(0)`; function: call with
//!   `m.captures()`; a false/nil result keeps `s[m.start..m.end]`; other non-strings raise
//!   "invalid replacement value (a %s)"); `GsubStep::Done { keep }` -> append `s[keep.0..keep.1]`
//!   and return the result with `st.count()`.
//! - Turn a [`PatternError`] into a Lua error with [`PatternError::message`] (lstrlib raises
//!   them with `luaL_error`, i.e. no position prefix for a C function).

use alloc::string::String;
use alloc::vec::Vec;

/// Maximum number of captures (LUA_MAXCAPTURES).
pub const MAXCAPTURES: usize = 32;
/// Maximum depth of nested matcher calls (MAXCCALLS in lstrlib.c).
pub const MAXCCALLS: usize = 200;

const L_ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// An error of the pattern matcher or of gsub's replacement string; see [`Self::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// "pattern too complex"
    TooComplex,
    /// "malformed pattern (ends with '%')"
    EndsWithPercent,
    /// "malformed pattern (missing ']')"
    MissingBracket,
    /// "missing '[' after '%f' in pattern"
    MissingFrontierBracket,
    /// "malformed pattern (missing arguments to '%b')"
    MissingBalanceArgs,
    /// "invalid capture index %N" (N as printed, may be 0)
    InvalidCaptureIndex(i32),
    /// "invalid pattern capture"
    InvalidPatternCapture,
    /// "unfinished capture"
    UnfinishedCapture,
    /// "too many captures"
    TooManyCaptures,
    /// "invalid use of '%' in replacement string"
    InvalidReplacement,
}

impl PatternError {
    /// The message exactly as Lua 5.3's lstrlib.c raises it.
    pub fn message(&self) -> String {
        match *self {
            PatternError::TooComplex => String::from("pattern too complex"),
            PatternError::EndsWithPercent => String::from("malformed pattern (ends with '%')"),
            PatternError::MissingBracket => String::from("malformed pattern (missing ']')"),
            PatternError::MissingFrontierBracket => String::from("missing '[' after '%f' in pattern"),
            PatternError::MissingBalanceArgs => String::from("malformed pattern (missing arguments to '%b')"),
            PatternError::InvalidCaptureIndex(n) => {
                let mut s = String::from("invalid capture index %");
                let mut buf = Vec::new();
                ravi_parser::number::fmt_int(n as i64, &mut buf);
                s.push_str(core::str::from_utf8(&buf).unwrap_or("?"));
                s
            }
            PatternError::InvalidPatternCapture => String::from("invalid pattern capture"),
            PatternError::UnfinishedCapture => String::from("unfinished capture"),
            PatternError::TooManyCaptures => String::from("too many captures"),
            PatternError::InvalidReplacement => String::from("invalid use of '%' in replacement string"),
        }
    }
}

impl core::fmt::Display for PatternError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

/// One capture value, as `push_onecapture` would push it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The substring `src[start..end]`.
    Str(usize, usize),
    /// A position capture `()`: 0-based offset (Lua value is offset + 1).
    Position(usize),
}

impl Capture {
    /// The captured bytes, or None for a position capture.
    pub fn bytes<'a>(&self, src: &'a [u8]) -> Option<&'a [u8]> {
        match *self {
            Capture::Str(a, b) => src.get(a..b),
            Capture::Position(_) => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CapLen {
    Unfinished,
    Position,
    Len(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cap {
    init: usize,
    len: CapLen,
}

/// A successful match: the whole-match range and the capture state at the end of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// 0-based start of the whole match.
    pub start: usize,
    /// 0-based end (exclusive) of the whole match.
    pub end: usize,
    caps: Vec<Cap>,
}

impl Match {
    /// Number of captures in the pattern that were opened (`ms->level`); some may be
    /// unfinished (`string.find("a", "(")`), which is an error only when fetched.
    pub fn level(&self) -> usize {
        self.caps.len()
    }

    /// `push_onecapture(i)`: capture `i` (0-based); with no captures, index 0 is the whole
    /// match. Errors: "invalid capture index %<i+1>", "unfinished capture".
    pub fn get(&self, i: usize) -> Result<Capture, PatternError> {
        match self.caps.get(i) {
            None => {
                if i == 0 {
                    Ok(Capture::Str(self.start, self.end))
                } else {
                    Err(PatternError::InvalidCaptureIndex(
                        i.saturating_add(1).min(i32::MAX as usize) as i32,
                    ))
                }
            }
            Some(c) => match c.len {
                CapLen::Unfinished => Err(PatternError::UnfinishedCapture),
                CapLen::Position => Ok(Capture::Position(c.init)),
                CapLen::Len(l) => Ok(Capture::Str(c.init, c.init + l)),
            },
        }
    }

    /// `push_captures(ms, s, e)`: all captures, or the whole match if there are none
    /// (string.match, gmatch, gsub with a function).
    pub fn captures(&self) -> Result<Vec<Capture>, PatternError> {
        let n = if self.caps.is_empty() { 1 } else { self.caps.len() };
        (0..n).map(|i| self.get(i)).collect()
    }

    /// `push_captures(ms, NULL, 0)`: only the explicit captures (string.find's extra results).
    pub fn find_captures(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.caps.len()).map(|i| self.get(i)).collect()
    }
}

/// Choice points / undo records of the backtracking matcher; each one stands for a C
/// `match` frame that is waiting for a nested call.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// start_capture: on failure, drop the capture.
    StartCap,
    /// end_capture: on failure, reopen capture `l`.
    EndCap(usize),
    /// max_expand: `s + i` is being tried; on failure try `i - 1`.
    Max { s: usize, i: usize, p: usize, ep: usize },
    /// min_expand: `s` is being tried; on failure extend by one if the item matches at `s`.
    Min { s: usize, p: usize, ep: usize },
    /// `?`: `s + 1` is being tried; on failure continue at `s` after the item.
    Opt { s: usize, ep: usize },
}

/// The matcher's reusable state (captures and backtracking stack).
#[derive(Clone, Debug)]
pub struct MatchState {
    level: usize,
    capture: [Cap; MAXCAPTURES],
    stack: Vec<Frame>,
}

impl Default for MatchState {
    fn default() -> Self {
        Self::new()
    }
}

#[inline]
fn at(b: &[u8], i: usize) -> u8 {
    // C strings are NUL-terminated: reading at (or past) the end yields '\0'
    b.get(i).copied().unwrap_or(0)
}

/// C-locale ctype tests used by the classes.
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c < 32 || c == 127,
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => c == b' ' || (9..=13).contains(&c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_lowercase() {
        res
    } else {
        !res
    }
}

/// `matchbracketclass`: `p` is the index of '[', `ec` the index of the closing ']'.
fn match_bracket_class(c: u8, pat: &[u8], mut p: usize, ec: usize) -> bool {
    let mut sig = true;
    if at(pat, p + 1) == b'^' {
        sig = false;
        p += 1;
    }
    loop {
        p += 1;
        if p >= ec {
            break;
        }
        let pc = at(pat, p);
        if pc == L_ESC {
            p += 1;
            if match_class(c, at(pat, p)) {
                return sig;
            }
        } else if at(pat, p + 1) == b'-' && p + 2 < ec {
            p += 2;
            if pc <= c && c <= at(pat, p) {
                return sig;
            }
        } else if pc == c {
            return sig;
        }
    }
    !sig
}

/// `classend`: index just after the single-char class starting at `p` (p < pat.len()).
fn class_end(pat: &[u8], mut p: usize) -> Result<usize, PatternError> {
    let c = at(pat, p);
    p += 1;
    match c {
        L_ESC => {
            if p >= pat.len() {
                return Err(PatternError::EndsWithPercent);
            }
            Ok(p + 1)
        }
        b'[' => {
            if at(pat, p) == b'^' {
                p += 1;
            }
            loop {
                if p >= pat.len() {
                    return Err(PatternError::MissingBracket);
                }
                let cc = pat[p];
                p += 1;
                if cc == L_ESC && p < pat.len() {
                    p += 1;
                }
                if at(pat, p) == b']' {
                    break;
                }
            }
            Ok(p + 1)
        }
        _ => Ok(p),
    }
}

/// `singlematch`: does the class at `p..ep` match `src[s]`?
fn single_match(src: &[u8], s: usize, pat: &[u8], p: usize, ep: usize) -> bool {
    if s >= src.len() {
        return false;
    }
    let c = src[s];
    match at(pat, p) {
        b'.' => true,
        L_ESC => match_class(c, at(pat, p + 1)),
        b'[' => match_bracket_class(c, pat, p, ep - 1),
        pc => pc == c,
    }
}

impl MatchState {
    pub fn new() -> Self {
        MatchState {
            level: 0,
            capture: [Cap {
                init: 0,
                len: CapLen::Unfinished,
            }; MAXCAPTURES],
            stack: Vec::new(),
        }
    }

    /// One match attempt of `pat` (taken literally: no `^` processing) at `src[s..]`
    /// (`s <= src.len()`). Returns the end of the match; the captures are then available
    /// through [`Self::to_match`].
    pub fn match_here(&mut self, src: &[u8], pat: &[u8], s: usize) -> Result<Option<usize>, PatternError> {
        self.level = 0;
        self.stack.clear();
        let r = self.run(src, pat, s);
        self.stack.clear();
        r
    }

    /// Snapshot of the current captures as a [`Match`] of `src[start..end]`.
    pub fn to_match(&self, start: usize, end: usize) -> Match {
        Match {
            start,
            end,
            caps: self.capture[..self.level].to_vec(),
        }
    }

    fn push(&mut self, f: Frame) -> Result<(), PatternError> {
        // the nested C call made for this frame would be at depth stack.len() + 1
        if self.stack.len() + 1 >= MAXCCALLS {
            return Err(PatternError::TooComplex);
        }
        self.stack.push(f);
        Ok(())
    }

    fn run(&mut self, src: &[u8], pat: &[u8], mut s: usize) -> Result<Option<usize>, PatternError> {
        let plen = pat.len();
        let mut p = 0usize;
        'outer: loop {
            // try to match pat[p..] at s; `break` means failure of this attempt
            loop {
                if p >= plen {
                    return Ok(Some(s));
                }
                let mut default = false;
                match pat[p] {
                    b'(' => {
                        let (np, what) = if at(pat, p + 1) == b')' {
                            (p + 2, CapLen::Position)
                        } else {
                            (p + 1, CapLen::Unfinished)
                        };
                        if self.level >= MAXCAPTURES {
                            return Err(PatternError::TooManyCaptures);
                        }
                        self.push(Frame::StartCap)?;
                        self.capture[self.level] = Cap { init: s, len: what };
                        self.level += 1;
                        p = np;
                    }
                    b')' => {
                        let l = self.capture_to_close()?;
                        self.push(Frame::EndCap(l))?;
                        self.capture[l].len = CapLen::Len(s - self.capture[l].init);
                        p += 1;
                    }
                    b'$' if p + 1 == plen => {
                        if s == src.len() {
                            return Ok(Some(s));
                        }
                        break;
                    }
                    L_ESC => match at(pat, p + 1) {
                        b'b' => match self.match_balance(src, s, pat, p + 2)? {
                            Some(ns) => {
                                s = ns;
                                p += 4;
                            }
                            None => break,
                        },
                        b'f' => {
                            p += 2;
                            if at(pat, p) != b'[' {
                                return Err(PatternError::MissingFrontierBracket);
                            }
                            let ep = class_end(pat, p)?;
                            let prev = if s == 0 { 0 } else { at(src, s - 1) };
                            let cur = at(src, s);
                            if !match_bracket_class(prev, pat, p, ep - 1) && match_bracket_class(cur, pat, p, ep - 1) {
                                p = ep;
                            } else {
                                break;
                            }
                        }
                        d @ b'0'..=b'9' => match self.match_capture(src, s, d)? {
                            Some(ns) => {
                                s = ns;
                                p += 2;
                            }
                            None => break,
                        },
                        _ => default = true,
                    },
                    _ => default = true,
                }
                if !default {
                    continue;
                }
                let ep = class_end(pat, p)?;
                let q = at(pat, ep);
                if !single_match(src, s, pat, p, ep) {
                    if q == b'*' || q == b'?' || q == b'-' {
                        p = ep + 1;
                        continue;
                    }
                    break;
                }
                match q {
                    b'?' => {
                        self.push(Frame::Opt { s, ep })?;
                        s += 1;
                        p = ep + 1;
                    }
                    b'+' | b'*' => {
                        let s0 = if q == b'+' { s + 1 } else { s };
                        let mut i = 0usize;
                        while single_match(src, s0 + i, pat, p, ep) {
                            i += 1;
                        }
                        self.push(Frame::Max { s: s0, i, p, ep })?;
                        s = s0 + i;
                        p = ep + 1;
                    }
                    b'-' => {
                        self.push(Frame::Min { s, p, ep })?;
                        p = ep + 1;
                    }
                    _ => {
                        s += 1;
                        p = ep;
                    }
                }
            }
            // failure: unwind to the most recent choice point
            loop {
                match self.stack.pop() {
                    None => return Ok(None),
                    Some(Frame::StartCap) => self.level -= 1,
                    Some(Frame::EndCap(l)) => self.capture[l].len = CapLen::Unfinished,
                    Some(Frame::Opt { s: os, ep }) => {
                        s = os;
                        p = ep + 1;
                        continue 'outer;
                    }
                    Some(Frame::Max { s: ms, i, p: mp, ep }) => {
                        if i == 0 {
                            continue;
                        }
                        let i = i - 1;
                        self.stack.push(Frame::Max { s: ms, i, p: mp, ep });
                        s = ms + i;
                        p = ep + 1;
                        continue 'outer;
                    }
                    Some(Frame::Min { s: ms, p: mp, ep }) => {
                        if single_match(src, ms, pat, mp, ep) {
                            self.stack.push(Frame::Min { s: ms + 1, p: mp, ep });
                            s = ms + 1;
                            p = ep + 1;
                            continue 'outer;
                        }
                    }
                }
            }
        }
    }

    fn capture_to_close(&self) -> Result<usize, PatternError> {
        (0..self.level)
            .rev()
            .find(|&l| self.capture[l].len == CapLen::Unfinished)
            .ok_or(PatternError::InvalidPatternCapture)
    }

    fn match_balance(&self, src: &[u8], s: usize, pat: &[u8], p: usize) -> Result<Option<usize>, PatternError> {
        if p + 1 >= pat.len() {
            return Err(PatternError::MissingBalanceArgs);
        }
        if s >= src.len() || src[s] != pat[p] {
            return Ok(None);
        }
        let (b, e) = (pat[p], pat[p + 1]);
        let mut cont = 1usize;
        let mut i = s + 1;
        while i < src.len() {
            let c = src[i];
            if c == e {
                cont -= 1;
                if cont == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == b {
                cont += 1;
            }
            i += 1;
        }
        Ok(None)
    }

    fn match_capture(&self, src: &[u8], s: usize, d: u8) -> Result<Option<usize>, PatternError> {
        let l = d as i32 - b'1' as i32;
        if l < 0 || l as usize >= self.level || self.capture[l as usize].len == CapLen::Unfinished {
            return Err(PatternError::InvalidCaptureIndex(l + 1));
        }
        let c = self.capture[l as usize];
        match c.len {
            CapLen::Len(len) => {
                if src.len() - s >= len && src[c.init..c.init + len] == src[s..s + len] {
                    Ok(Some(s + len))
                } else {
                    Ok(None)
                }
            }
            _ => Ok(None), // a position capture never matches (its C length is (size_t)-2)
        }
    }
}

/// True if `pat` has none of the characters `^$*+?.([%-` (then string.find does a plain search).
pub fn no_specials(pat: &[u8]) -> bool {
    !pat.iter().any(|c| SPECIALS.contains(c))
}

/// `lmemfind`: first occurrence of `needle` in `hay[init..]` (0-based result), or None.
/// An empty needle matches at `init` (if `init <= hay.len()`).
pub fn plain_find(hay: &[u8], needle: &[u8], init: usize) -> Option<usize> {
    let h = hay.get(init..)?;
    if needle.is_empty() {
        return Some(init);
    }
    if needle.len() > h.len() {
        return None;
    }
    h.windows(needle.len()).position(|w| w == needle).map(|i| i + init)
}

/// `str_find_aux`'s pattern search: handles a leading `^` anchor and tries every start
/// from `init` (0-based, `<= src.len()`) to `src.len()`.
pub fn find(src: &[u8], pat: &[u8], init: usize) -> Result<Option<Match>, PatternError> {
    let (anchor, p) = match pat.first() {
        Some(b'^') => (true, &pat[1..]),
        _ => (false, pat),
    };
    let mut ms = MatchState::new();
    let mut s1 = init;
    if s1 > src.len() {
        return Ok(None);
    }
    loop {
        if let Some(e) = ms.match_here(src, p, s1)? {
            return Ok(Some(ms.to_match(s1, e)));
        }
        s1 += 1;
        if s1 > src.len() || anchor {
            return Ok(None);
        }
    }
}

/// The state of a `string.gmatch` iterator (no anchor processing, as in 5.3).
#[derive(Clone, Debug, Default)]
pub struct GMatchState {
    src: usize,
    lastmatch: Option<usize>,
    ms: MatchState,
}

impl GMatchState {
    pub fn new() -> Self {
        Self::default()
    }

    /// The next match (call with the same `src` and `pat` each time), or None when done.
    pub fn next(&mut self, src: &[u8], pat: &[u8]) -> Result<Option<Match>, PatternError> {
        let mut s = self.src;
        while s <= src.len() {
            if let Some(e) = self.ms.match_here(src, pat, s)? {
                if Some(e) != self.lastmatch {
                    self.src = e;
                    self.lastmatch = Some(e);
                    return Ok(Some(self.ms.to_match(s, e)));
                }
            }
            s += 1;
        }
        Ok(None)
    }
}

/// One step of [`GsubState::next`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GsubStep {
    /// Copy `src[keep.0..keep.1]` verbatim, then add the replacement for `m`.
    Match { keep: (usize, usize), m: Match },
    /// Copy `src[keep.0..keep.1]` verbatim; the substitution is finished.
    Done { keep: (usize, usize) },
}

/// The state of one `string.gsub` call (5.3's loop: at most `max_n` replacements, an
/// empty match right after the previous match is not replaced, `^` anchors to the start).
#[derive(Clone, Debug)]
pub struct GsubState {
    pos: usize,
    lastmatch: Option<usize>,
    anchor: bool,
    count: i64,
    max_n: i64,
    done: bool,
    ms: MatchState,
}

impl GsubState {
    /// `max_n`: gsub's 4th argument, or `len(src) + 1` when absent.
    pub fn new(pat: &[u8], max_n: i64) -> Self {
        GsubState {
            pos: 0,
            lastmatch: None,
            anchor: pat.first() == Some(&b'^'),
            count: 0,
            max_n,
            done: false,
            ms: MatchState::new(),
        }
    }

    /// Number of replacements made so far (gsub's second result).
    pub fn count(&self) -> i64 {
        self.count
    }

    /// The next step (call with the same `src` and `pat` each time, until `Done`).
    pub fn next(&mut self, src: &[u8], pat: &[u8]) -> Result<GsubStep, PatternError> {
        let p = if self.anchor && !pat.is_empty() { &pat[1..] } else { pat };
        let keep_start = self.pos.min(src.len());
        while !self.done && self.count < self.max_n {
            let mut step = None;
            match self.ms.match_here(src, p, self.pos)? {
                Some(e) if Some(e) != self.lastmatch => {
                    self.count += 1;
                    step = Some(GsubStep::Match {
                        keep: (keep_start, self.pos),
                        m: self.ms.to_match(self.pos, e),
                    });
                    self.pos = e;
                    self.lastmatch = Some(e);
                }
                _ => {
                    if self.pos < src.len() {
                        self.pos += 1;
                    } else {
                        self.done = true;
                    }
                }
            }
            if self.anchor {
                self.done = true;
            }
            if let Some(st) = step {
                return Ok(st);
            }
        }
        self.done = true;
        Ok(GsubStep::Done {
            keep: (keep_start, src.len()),
        })
    }
}

/// gsub's `add_s`: appends the expansion of the replacement string `repl` for match `m`
/// of `src`: `%0` whole match, `%1`-`%9` captures (position captures as integers),
/// `%%` a percent; any other `%x` is "invalid use of '%' in replacement string".
pub fn expand_replacement(out: &mut Vec<u8>, repl: &[u8], src: &[u8], m: &Match) -> Result<(), PatternError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != L_ESC {
            out.push(c);
            continue;
        }
        let d = at(repl, i);
        i += 1;
        if !d.is_ascii_digit() {
            if d != L_ESC {
                return Err(PatternError::InvalidReplacement);
            }
            out.push(d);
        } else if d == b'0' {
            out.extend_from_slice(src.get(m.start..m.end).unwrap_or(&[]));
        } else {
            match m.get((d - b'1') as usize)? {
                Capture::Str(a, b) => out.extend_from_slice(src.get(a..b).unwrap_or(&[])),
                Capture::Position(pos) => ravi_parser::number::fmt_int(pos as i64 + 1, out),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use alloc::format;
    use alloc::vec;

    fn ser_cap(src: &[u8], c: &Capture, out: &mut Vec<u8>) {
        match *c {
            Capture::Str(a, b) => {
                out.push(b'[');
                out.extend_from_slice(&src[a..b]);
                out.push(b']');
            }
            Capture::Position(p) => out.extend_from_slice(format!("{}", p + 1).as_bytes()),
        }
    }

    fn err(e: PatternError) -> Vec<u8> {
        format!("ERR {}", e.message()).into_bytes()
    }

    /// string.find as the VM wrapper would do it (init = 1)
    fn lua_find(src: &[u8], pat: &[u8]) -> Vec<u8> {
        if no_specials(pat) {
            return match plain_find(src, pat, 0) {
                Some(i) => format!("{} {}", i + 1, i + pat.len()).into_bytes(),
                None => b"nil".to_vec(),
            };
        }
        match find(src, pat, 0) {
            Err(e) => err(e),
            Ok(None) => b"nil".to_vec(),
            Ok(Some(m)) => {
                let mut out = format!("{} {}", m.start + 1, m.end).into_bytes();
                match m.find_captures() {
                    Err(e) => return err(e),
                    Ok(caps) => {
                        for c in caps {
                            out.push(b' ');
                            ser_cap(src, &c, &mut out);
                        }
                    }
                }
                out
            }
        }
    }

    fn lua_match(src: &[u8], pat: &[u8]) -> Vec<u8> {
        match find(src, pat, 0) {
            Err(e) => err(e),
            Ok(None) => b"nil".to_vec(),
            Ok(Some(m)) => match m.captures() {
                Err(e) => err(e),
                Ok(caps) => {
                    let mut out = Vec::new();
                    for (i, c) in caps.iter().enumerate() {
                        if i > 0 {
                            out.push(b' ');
                        }
                        ser_cap(src, c, &mut out);
                    }
                    out
                }
            },
        }
    }

    fn lua_gmatch(src: &[u8], pat: &[u8]) -> Vec<u8> {
        let mut st = GMatchState::new();
        let mut out = Vec::new();
        let mut n = 0;
        loop {
            match st.next(src, pat) {
                Err(e) => return err(e),
                Ok(None) => return out,
                Ok(Some(m)) => {
                    n += 1;
                    if n > 50 {
                        return out;
                    }
                    let caps = match m.captures() {
                        Err(e) => return err(e),
                        Ok(c) => c,
                    };
                    if n > 1 {
                        out.push(b',');
                    }
                    out.push(b'{');
                    for i in 0..3 {
                        if i > 0 {
                            out.push(b' ');
                        }
                        match caps.get(i) {
                            Some(c) => ser_cap(src, c, &mut out),
                            None => out.extend_from_slice(b"nil"),
                        }
                    }
                    out.push(b'}');
                }
            }
        }
    }

    fn gsub_str(src: &[u8], pat: &[u8], repl: &[u8], max_n: i64) -> Result<(Vec<u8>, i64), PatternError> {
        let mut st = GsubState::new(pat, max_n);
        let mut out = Vec::new();
        loop {
            match st.next(src, pat)? {
                GsubStep::Match { keep, m } => {
                    out.extend_from_slice(&src[keep.0..keep.1]);
                    expand_replacement(&mut out, repl, src, &m)?;
                }
                GsubStep::Done { keep } => {
                    out.extend_from_slice(&src[keep.0..keep.1]);
                    return Ok((out, st.count()));
                }
            }
        }
    }

    fn lua_gsub(src: &[u8], pat: &[u8], repl: &[u8], n: i64) -> Vec<u8> {
        let max_n = if n < 0 { src.len() as i64 + 1 } else { n };
        match gsub_str(src, pat, repl, max_n) {
            Err(e) => err(e),
            Ok((r, c)) => {
                let mut out = vec![b'['];
                out.extend_from_slice(&r);
                out.extend_from_slice(format!("] {}", c).as_bytes());
                out
            }
        }
    }

    fn check(what: &str, got: Vec<u8>, want: &[u8], src: &[u8], pat: &[u8]) {
        assert_eq!(
            std::string::String::from_utf8_lossy(&got),
            std::string::String::from_utf8_lossy(want),
            "{} {:?} {:?}",
            what,
            std::string::String::from_utf8_lossy(src),
            std::string::String::from_utf8_lossy(pat)
        );
    }

    #[test]
    fn find_vs_lua53() {
        for &(s, p, want) in FIND_CASES {
            check("find", lua_find(s, p), want, s, p);
        }
    }

    #[test]
    fn match_vs_lua53() {
        for &(s, p, want) in MATCH_CASES {
            check("match", lua_match(s, p), want, s, p);
        }
    }

    #[test]
    fn gmatch_vs_lua53() {
        for &(s, p, want) in GMATCH_CASES {
            check("gmatch", lua_gmatch(s, p), want, s, p);
        }
    }

    #[test]
    fn gsub_vs_lua53() {
        for &(s, p, r, n, want) in GSUB_CASES {
            check("gsub", lua_gsub(s, p, r, n), want, s, p);
        }
    }

    #[test]
    fn long_subjects_do_not_recurse() {
        // lua5.3 (these searches are quadratic there too, hence the modest length):
        // find(rep("a",10000), ".-b") -> nil; "a*b" -> nil; gsub(s, "a*", "x") -> "x", 1
        let s = vec![b'a'; 10000];
        assert_eq!(lua_find(&s, b".-b"), b"nil");
        assert_eq!(lua_find(&s, b"a*b"), b"nil");
        assert_eq!(lua_find(&s, b"a*$"), b"1 10000");
        assert_eq!(lua_find(&s, b"(a-)$")[..8], b"1 10000 "[..]);
        assert_eq!(gsub_str(&s, b"a*", b"x", 10001).unwrap(), (b"x".to_vec(), 1));
        let (r, n) = gsub_str(&s, b"a", b"b", 3).unwrap();
        assert_eq!((&r[..5], n), (&b"bbbaa"[..], 3));
        let (r, n) = gsub_str(&s, b"", b".", 5).unwrap();
        assert_eq!((&r[..12], n), (&b".a.a.a.a.aaa"[..], 5));
        let s = vec![b'('; 20000];
        assert_eq!(lua_find(&s, b"%b()"), b"nil");
    }

    #[test]
    fn init_and_anchor() {
        // string.find("abcabc", "b", 3) -> 5 5 ; string.find("abc", "^b", 2) -> 2 2
        assert_eq!(
            find(b"abcabc", b"b", 2).unwrap().map(|m| (m.start, m.end)),
            Some((4, 5))
        );
        assert_eq!(find(b"abc", b"^b", 1).unwrap().map(|m| (m.start, m.end)), Some((1, 2)));
        assert_eq!(find(b"abc", b"^b", 0).unwrap(), None);
        assert_eq!(find(b"abc", b"", 3).unwrap().map(|m| (m.start, m.end)), Some((3, 3)));
        assert_eq!(find(b"abc", b"", 4).unwrap(), None);
        assert_eq!(plain_find(b"abc", b"", 3), Some(3));
        assert_eq!(plain_find(b"abc", b"", 4), None);
        assert_eq!(plain_find(b"abcbc", b"bc", 2), Some(3));
    }

    #[test]
    fn replacement_positions_and_errors() {
        let m = find(b"hello", b"()ll()", 0).unwrap().unwrap();
        let mut out = Vec::new();
        expand_replacement(&mut out, b"%1-%2-%0-%%", b"hello", &m).unwrap();
        assert_eq!(out, b"3-5-ll-%");
        assert_eq!(
            expand_replacement(&mut out, b"%3", b"hello", &m),
            Err(PatternError::InvalidCaptureIndex(3))
        );
        assert_eq!(
            expand_replacement(&mut out, b"x%", b"hello", &m),
            Err(PatternError::InvalidReplacement)
        );
        assert_eq!(
            PatternError::InvalidCaptureIndex(3).message(),
            "invalid capture index %3"
        );
    }

    #[test]
    fn depth_limit_boundary() {
        // each "a?" that matches leaves one pending frame: 199 nested frames are fine
        let s = vec![b'a'; 198];
        let mut p = Vec::new();
        for _ in 0..198 {
            p.extend_from_slice(b"a?");
        }
        assert!(find(&s, &p, 0).unwrap().is_some());
        p.extend_from_slice(b"a?a?");
        let s = vec![b'a'; 200];
        assert_eq!(find(&s, &p, 0), Err(PatternError::TooComplex));
    }

    #[test]
    fn no_panics_on_random_input() {
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"()%[]^$*+-?.abfz019AZ\x00\xff";
        for _ in 0..30000 {
            let pat: Vec<u8> = (0..(rnd() % 14))
                .map(|_| alphabet[(rnd() % alphabet.len() as u64) as usize])
                .collect();
            let src: Vec<u8> = (0..(rnd() % 14))
                .map(|_| alphabet[(rnd() % alphabet.len() as u64) as usize])
                .collect();
            let repl: Vec<u8> = (0..(rnd() % 5)).map(|_| b"%0129a"[(rnd() % 6) as usize]).collect();
            let init = (rnd() % 16) as usize;
            if let Ok(Some(m)) = find(&src, &pat, init) {
                let _ = m.captures();
                let _ = m.find_captures();
                let mut out = Vec::new();
                let _ = expand_replacement(&mut out, &repl, &src, &m);
            }
            let _ = plain_find(&src, &pat, init);
            let mut g = GMatchState::new();
            for _ in 0..20 {
                match g.next(&src, &pat) {
                    Ok(Some(m)) => {
                        let _ = m.get((rnd() % 40) as usize);
                    }
                    _ => break,
                }
            }
            let _ = gsub_str(&src, &pat, &repl, (rnd() % 20) as i64 - 2);
        }
    }

    /// Random cross-check of find/match/gmatch/gsub against the installed lua5.3
    /// (run with `--ignored`; RAVI_PATTERN_N sets the number of cases).
    #[test]
    #[ignore]
    fn random_crosscheck_with_lua53() {
        use std::process::Command;
        use std::string::String;
        if Command::new("lua5.3").arg("-v").output().is_err() {
            return;
        }
        let count: usize = std::env::var("RAVI_PATTERN_N")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20000);
        let mut seed: u64 = 0x2545f4914f6cdd1d;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pat_alpha: &[&[u8]] = &[
            b"a", b"b", b"c", b"(", b")", b"()", b"%", b"[", b"]", b"^", b"$", b"*", b"+", b"-", b"?", b".", b"%a",
            b"%d", b"%s", b"%w", b"%1", b"%2", b"%b()", b"%bab", b"%f[%w]", b"%f[%W]", b"[ab]", b"[^a]", b"[a-c]",
            b"%%", b" ", b"0", b"1", b"%0", b"[%a]", b"%A", b"%S", b"x",
        ];
        let src_alpha: &[u8] = b"aabbc() 01x%-";
        let esc = |b: &[u8]| -> String {
            let mut o = String::new();
            for &c in b {
                match c {
                    b'\\' => o.push_str("\\\\"),
                    b'"' => o.push_str("\\\""),
                    32..=126 => o.push(c as char),
                    _ => o.push_str(&format!("\\{}", c)),
                }
            }
            o
        };
        let mut script = String::from(
            "local function ser(...) local t = table.pack(...) local o = {} for i = 1, t.n do local v = t[i] \
             if type(v) == 'string' then o[#o+1] = '[' .. v .. ']' else o[#o+1] = tostring(v) end end return table.concat(o, ' ') end\n\
             local function run(f) local ok, r = pcall(f) if ok then return r else return 'ERR ' .. r:gsub('^[^:]*:%d+: ', '') end end\n\
             local function G(s, p) local o = {} local n = 0 for a, b, c in string.gmatch(s, p) do n = n + 1 if n > 50 then break end \
             o[#o+1] = '{' .. ser(a, b, c) .. '}' end return table.concat(o, ',') end\n\
             local function T(s, p, r) print(run(function() return ser(string.find(s, p)) end)) print(run(function() return ser(string.match(s, p)) end)) \
             print(run(function() return G(s, p) end)) print(run(function() return ser(string.gsub(s, p, r)) end)) end\n",
        );
        let mut cases = Vec::new();
        for _ in 0..count {
            let mut p = Vec::new();
            for _ in 0..(rnd() % 7) {
                p.extend_from_slice(pat_alpha[(rnd() % pat_alpha.len() as u64) as usize]);
            }
            let mut s = Vec::new();
            for _ in 0..(rnd() % 12) {
                s.push(src_alpha[(rnd() % src_alpha.len() as u64) as usize]);
            }
            let r: &[u8] = [&b"<%0>"[..], b"%1", b"%2%1", b"%%", b"%x", b"-"][(rnd() % 6) as usize];
            script.push_str(&format!("T(\"{}\", \"{}\", \"{}\")\n", esc(&s), esc(&p), esc(r)));
            cases.push((s, p, r));
        }
        let path = std::env::temp_dir().join("ravi_pattern_crosscheck.lua");
        std::fs::write(&path, script).unwrap();
        let out = Command::new("lua5.3").arg(&path).output().unwrap();
        let lines: Vec<&[u8]> = out.stdout.split(|&c| c == b'\n').collect();
        assert!(
            lines.len() > cases.len() * 4,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut bad = 0;
        for (k, (s, p, r)) in cases.iter().enumerate() {
            let got = [lua_find(s, p), lua_match(s, p), lua_gmatch(s, p), lua_gsub(s, p, r, -1)];
            for (j, g) in got.iter().enumerate() {
                let want = lines[k * 4 + j];
                if &g[..] != want {
                    bad += 1;
                    if bad < 30 {
                        std::eprintln!(
                            "case {} {:?} {:?} {:?}: got {:?} want {:?}",
                            j,
                            String::from_utf8_lossy(s),
                            String::from_utf8_lossy(p),
                            String::from_utf8_lossy(r),
                            String::from_utf8_lossy(g),
                            String::from_utf8_lossy(want)
                        );
                    }
                }
            }
        }
        assert_eq!(bad, 0);
    }

    const FIND_CASES: &[(&[u8], &[u8], &[u8])] = &[
        (b"hello world", b"o w", b"5 7"),
        (b"hello world", b"l+", b"3 4"),
        (b"hello world", b"l*", b"1 0"),
        (b"hello world", b"l-o", b"3 5"),
        (b"hello world", b"^h", b"1 1"),
        (b"hello world", b"^e", b"nil"),
        (b"hello world", b"d$", b"11 11"),
        (b"hello world", b"o$", b"nil"),
        (b"hello world", b"(h)(e)", b"1 2 [h] [e]"),
        (b"hello world", b"()ll()", b"3 4 3 5"),
        (b"hello world", b"(l)%1", b"3 4 [l]"),
        (b"hello world", b"%a+", b"1 5"),
        (b"hello world", b"%A+", b"6 6"),
        (b"THE (quick) fox", b"%((%a+)%)", b"5 11 [quick]"),
        (b"THE (quick) fox", b"%b()", b"5 11"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"1 3"),
        (b"THE (quick) fox", b"%f[%A]", b"4 3"),
        (b"THE (quick) fox", b"[%u ]+", b"1 4"),
        (b"THE (quick) fox", b"[^%u]+", b"4 15"),
        (b"abc123def", b"[a-c]+", b"1 3"),
        (b"abc123def", b"[0-9]+", b"4 6"),
        (b"abc123def", b"%d+", b"4 6"),
        (b"abc123def", b"[%d]+", b"4 6"),
        (b"a-b", b"[a-]+", b"1 2"),
        (b"a-b]", b"[]]", b"4 4"),
        (b"a-b]", b"[^]]+", b"1 3"),
        (b"a.b", b"%.", b"2 2"),
        (b"a.b", b".", b"1 1"),
        (b"", b"", b"1 0"),
        (b"", b"a*", b"1 0"),
        (b"abc", b"", b"1 0"),
        (b"abc", b"()", b"1 0 1"),
        (b"aaa", b"a-", b"1 0"),
        (b"aaa", b"a-$", b"1 3"),
        (b"aaab", b"a-b", b"1 4"),
        (b"aaa", b"a?a?a?a?", b"1 3"),
        (b"ab", b"a?b?c?", b"1 2"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"1 11 [key] [value]"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"1 8 [trim]"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"1 5 [x] [1]"),
        (b"abc", b"%", b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"[a", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"%f", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%b", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"(a", b"ERR unfinished capture"),
        (b"abc", b"a)", b"nil"),
        (b"abc", b"(a))", b"ERR invalid pattern capture"),
        (b"abc", b"%1", b"ERR invalid capture index %1"),
        (b"abc", b"(a)%2", b"ERR invalid capture index %2"),
        (b"abc", b"(a%1)", b"ERR invalid capture index %1"),
        (b"abc", b"%0", b"ERR invalid capture index %0"),
        (b"abc", b"x[", b"nil"),
        (b"abc", b"(", b"ERR unfinished capture"),
        (b"abc", b"(()", b"ERR unfinished capture"),
        (b"aa", b"()a%1", b"nil"),
        (b"a\x00b", b"%z", b"2 2"),
        (b"a\x00b", b"[%z]", b"2 2"),
        (b"a\x00b", b"\x00", b"2 2"),
        (b"a\x00b", b"a%zb", b"1 3"),
        (b"a\x00b", b"[\x00-\x01]", b"2 2"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"1 2"),
        (b"\xc8\xffabc", b"%w+", b"3 5"),
        (b"\xc8\xffabc", b"%W+", b"1 2"),
        (b"A1 b2", b"%x+", b"1 2"),
        (b"tab\x09nl\x0a", b"%s+", b"4 4"),
        (b"tab\x09nl\x0a", b"%c+", b"4 4"),
        (b"x!y", b"%p", b"2 2"),
        (b"x!y", b"%g+", b"1 3"),
        (b"x^y", b"^^", b"nil"),
        (b"x^y", b"%^", b"2 2"),
        (b"x$y", b"$y", b"2 3"),
        (b"x$y", b"%$", b"2 2"),
        (b"$", b"^$$", b"1 1"),
        (b"abc", b"[]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]]", b"1 1"),
        (b"f(a(b)c)d", b"%b()", b"2 8"),
        (b"f(a(b)c", b"%b()", b"4 6"),
        (b"((", b"%b((", b"1 2"),
        (b"abcabc", b"(abc)%1", b"1 6 [abc]"),
        (b"THE", b"%f[%l]", b"nil"),
        (b"hello", b"%f[%z]", b"6 5"),
        (b"hello", b"%f[%Z]", b"1 0"),
        (b"hello", b"o%f[%z]", b"5 5"),
        (b"hello", b"%f[^%z]", b"1 0"),
        (b"aaa", b"(a*(.)%w(%s*))", b"1 3 [aaa] [a] []"),
        (b"abc", b"((a)(b)(c))", b"1 3 [abc] [a] [b] [c]"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"1 1 [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x]"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"ERR too many captures"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"1 198"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"1 199"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"1 50"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"1 10"),
        (b"[[x]]", b"%[(.-)%]", b"1 4 [[x]"),
        (b"abc", b"[%a-z]", b"1 1"),
        (b"-", b"[%a-z]", b"1 1"),
        (b"b", b"[a-%z]", b"nil"),
        (b"%", b"[%%]", b"1 1"),
        (b"a]", b"[%]]", b"2 2"),
        (b"z", b"[a-]", b"nil"),
        (b"-", b"[a-]", b"1 1"),
        (b"abc", b"[c-a]", b"nil"),
        (b"abc", b"[%w_]*", b"1 3"),
        (b"a.b", b"[.]", b"2 2"),
        (b"ab", b"[^a]", b"2 2"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"7 16 [2024] [01] [02]"),
    ];
    const MATCH_CASES: &[(&[u8], &[u8], &[u8])] = &[
        (b"hello world", b"o w", b"[o w]"),
        (b"hello world", b"l+", b"[ll]"),
        (b"hello world", b"l*", b"[]"),
        (b"hello world", b"l-o", b"[llo]"),
        (b"hello world", b"^h", b"[h]"),
        (b"hello world", b"^e", b"nil"),
        (b"hello world", b"d$", b"[d]"),
        (b"hello world", b"o$", b"nil"),
        (b"hello world", b"(h)(e)", b"[h] [e]"),
        (b"hello world", b"()ll()", b"3 5"),
        (b"hello world", b"(l)%1", b"[l]"),
        (b"hello world", b"%a+", b"[hello]"),
        (b"hello world", b"%A+", b"[ ]"),
        (b"THE (quick) fox", b"%((%a+)%)", b"[quick]"),
        (b"THE (quick) fox", b"%b()", b"[(quick)]"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"[THE]"),
        (b"THE (quick) fox", b"%f[%A]", b"[]"),
        (b"THE (quick) fox", b"[%u ]+", b"[THE ]"),
        (b"THE (quick) fox", b"[^%u]+", b"[ (quick) fox]"),
        (b"abc123def", b"[a-c]+", b"[abc]"),
        (b"abc123def", b"[0-9]+", b"[123]"),
        (b"abc123def", b"%d+", b"[123]"),
        (b"abc123def", b"[%d]+", b"[123]"),
        (b"a-b", b"[a-]+", b"[a-]"),
        (b"a-b]", b"[]]", b"[]]"),
        (b"a-b]", b"[^]]+", b"[a-b]"),
        (b"a.b", b"%.", b"[.]"),
        (b"a.b", b".", b"[a]"),
        (b"", b"", b"[]"),
        (b"", b"a*", b"[]"),
        (b"abc", b"", b"[]"),
        (b"abc", b"()", b"1"),
        (b"aaa", b"a-", b"[]"),
        (b"aaa", b"a-$", b"[aaa]"),
        (b"aaab", b"a-b", b"[aaab]"),
        (b"aaa", b"a?a?a?a?", b"[aaa]"),
        (b"ab", b"a?b?c?", b"[ab]"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"[key] [value]"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"[trim]"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"[x] [1]"),
        (b"abc", b"%", b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"[a", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"%f", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%b", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"(a", b"ERR unfinished capture"),
        (b"abc", b"a)", b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"ERR invalid pattern capture"),
        (b"abc", b"%1", b"ERR invalid capture index %1"),
        (b"abc", b"(a)%2", b"ERR invalid capture index %2"),
        (b"abc", b"(a%1)", b"ERR invalid capture index %1"),
        (b"abc", b"%0", b"ERR invalid capture index %0"),
        (b"abc", b"x[", b"nil"),
        (b"abc", b"(", b"ERR unfinished capture"),
        (b"abc", b"(()", b"ERR unfinished capture"),
        (b"aa", b"()a%1", b"nil"),
        (b"a\x00b", b"%z", b"[\x00]"),
        (b"a\x00b", b"[%z]", b"[\x00]"),
        (b"a\x00b", b"\x00", b"[\x00]"),
        (b"a\x00b", b"a%zb", b"[a\x00b]"),
        (b"a\x00b", b"[\x00-\x01]", b"[\x00]"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"[\xc8\xff]"),
        (b"\xc8\xffabc", b"%w+", b"[abc]"),
        (b"\xc8\xffabc", b"%W+", b"[\xc8\xff]"),
        (b"A1 b2", b"%x+", b"[A1]"),
        (b"tab\x09nl\x0a", b"%s+", b"[\x09]"),
        (b"tab\x09nl\x0a", b"%c+", b"[\x09]"),
        (b"x!y", b"%p", b"[!]"),
        (b"x!y", b"%g+", b"[x!y]"),
        (b"x^y", b"^^", b"nil"),
        (b"x^y", b"%^", b"[^]"),
        (b"x$y", b"$y", b"[$y]"),
        (b"x$y", b"%$", b"[$]"),
        (b"$", b"^$$", b"[$]"),
        (b"abc", b"[]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]]", b"[a]"),
        (b"f(a(b)c)d", b"%b()", b"[(a(b)c)]"),
        (b"f(a(b)c", b"%b()", b"[(b)]"),
        (b"((", b"%b((", b"[((]"),
        (b"abcabc", b"(abc)%1", b"[abc]"),
        (b"THE", b"%f[%l]", b"nil"),
        (b"hello", b"%f[%z]", b"[]"),
        (b"hello", b"%f[%Z]", b"[]"),
        (b"hello", b"o%f[%z]", b"[o]"),
        (b"hello", b"%f[^%z]", b"[]"),
        (b"aaa", b"(a*(.)%w(%s*))", b"[aaa] [a] []"),
        (b"abc", b"((a)(b)(c))", b"[abc] [a] [b] [c]"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"[x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x] [x]"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"ERR too many captures"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"[aaaaaaaaaa]"),
        (b"[[x]]", b"%[(.-)%]", b"[[x]"),
        (b"abc", b"[%a-z]", b"[a]"),
        (b"-", b"[%a-z]", b"[-]"),
        (b"b", b"[a-%z]", b"nil"),
        (b"%", b"[%%]", b"[%]"),
        (b"a]", b"[%]]", b"[]]"),
        (b"z", b"[a-]", b"nil"),
        (b"-", b"[a-]", b"[-]"),
        (b"abc", b"[c-a]", b"nil"),
        (b"abc", b"[%w_]*", b"[abc]"),
        (b"a.b", b"[.]", b"[.]"),
        (b"ab", b"[^a]", b"[b]"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"[2024] [01] [02]"),
    ];
    const GMATCH_CASES: &[(&[u8], &[u8], &[u8])] = &[
        (b"hello world", b"o w", b"{[o w] nil nil}"),
        (b"hello world", b"l+", b"{[ll] nil nil},{[l] nil nil}"),
        (b"hello world", b"l*", b"{[] nil nil},{[] nil nil},{[ll] nil nil},{[] nil nil},{[] nil nil},{[] nil nil},{[] nil nil},{[l] nil nil},{[] nil nil}"),
        (b"hello world", b"l-o", b"{[llo] nil nil},{[o] nil nil}"),
        (b"hello world", b"^h", b""),
        (b"hello world", b"^e", b""),
        (b"hello world", b"d$", b"{[d] nil nil}"),
        (b"hello world", b"o$", b""),
        (b"hello world", b"(h)(e)", b"{[h] [e] nil}"),
        (b"hello world", b"()ll()", b"{3 5 nil}"),
        (b"hello world", b"(l)%1", b"{[l] nil nil}"),
        (b"hello world", b"%a+", b"{[hello] nil nil},{[world] nil nil}"),
        (b"hello world", b"%A+", b"{[ ] nil nil}"),
        (b"THE (quick) fox", b"%((%a+)%)", b"{[quick] nil nil}"),
        (b"THE (quick) fox", b"%b()", b"{[(quick)] nil nil}"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"{[THE] nil nil},{[quick] nil nil},{[fox] nil nil}"),
        (b"THE (quick) fox", b"%f[%A]", b"{[] nil nil},{[] nil nil},{[] nil nil}"),
        (b"THE (quick) fox", b"[%u ]+", b"{[THE ] nil nil},{[ ] nil nil}"),
        (b"THE (quick) fox", b"[^%u]+", b"{[ (quick) fox] nil nil}"),
        (b"abc123def", b"[a-c]+", b"{[abc] nil nil}"),
        (b"abc123def", b"[0-9]+", b"{[123] nil nil}"),
        (b"abc123def", b"%d+", b"{[123] nil nil}"),
        (b"abc123def", b"[%d]+", b"{[123] nil nil}"),
        (b"a-b", b"[a-]+", b"{[a-] nil nil}"),
        (b"a-b]", b"[]]", b"{[]] nil nil}"),
        (b"a-b]", b"[^]]+", b"{[a-b] nil nil}"),
        (b"a.b", b"%.", b"{[.] nil nil}"),
        (b"a.b", b".", b"{[a] nil nil},{[.] nil nil},{[b] nil nil}"),
        (b"", b"", b"{[] nil nil}"),
        (b"", b"a*", b"{[] nil nil}"),
        (b"abc", b"", b"{[] nil nil},{[] nil nil},{[] nil nil},{[] nil nil}"),
        (b"abc", b"()", b"{1 nil nil},{2 nil nil},{3 nil nil},{4 nil nil}"),
        (b"aaa", b"a-", b"{[] nil nil},{[] nil nil},{[] nil nil},{[] nil nil}"),
        (b"aaa", b"a-$", b"{[aaa] nil nil}"),
        (b"aaab", b"a-b", b"{[aaab] nil nil}"),
        (b"aaa", b"a?a?a?a?", b"{[aaa] nil nil}"),
        (b"ab", b"a?b?c?", b"{[ab] nil nil}"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"{[key] [value] nil}"),
        (b"  trim  ", b"^%s*(.-)%s*$", b""),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"{[x] [1] nil},{[y] [2] nil}"),
        (b"abc", b"%", b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"[a", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"%f", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%b", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"(a", b"ERR unfinished capture"),
        (b"abc", b"a)", b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"ERR invalid pattern capture"),
        (b"abc", b"%1", b"ERR invalid capture index %1"),
        (b"abc", b"(a)%2", b"ERR invalid capture index %2"),
        (b"abc", b"(a%1)", b"ERR invalid capture index %1"),
        (b"abc", b"%0", b"ERR invalid capture index %0"),
        (b"abc", b"x[", b""),
        (b"abc", b"(", b"ERR unfinished capture"),
        (b"abc", b"(()", b"ERR unfinished capture"),
        (b"aa", b"()a%1", b""),
        (b"a\x00b", b"%z", b"{[\x00] nil nil}"),
        (b"a\x00b", b"[%z]", b"{[\x00] nil nil}"),
        (b"a\x00b", b"\x00", b"{[\x00] nil nil}"),
        (b"a\x00b", b"a%zb", b"{[a\x00b] nil nil}"),
        (b"a\x00b", b"[\x00-\x01]", b"{[\x00] nil nil}"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"{[\xc8\xff] nil nil}"),
        (b"\xc8\xffabc", b"%w+", b"{[abc] nil nil}"),
        (b"\xc8\xffabc", b"%W+", b"{[\xc8\xff] nil nil}"),
        (b"A1 b2", b"%x+", b"{[A1] nil nil},{[b2] nil nil}"),
        (b"tab\x09nl\x0a", b"%s+", b"{[\x09] nil nil},{[\x0a] nil nil}"),
        (b"tab\x09nl\x0a", b"%c+", b"{[\x09] nil nil},{[\x0a] nil nil}"),
        (b"x!y", b"%p", b"{[!] nil nil}"),
        (b"x!y", b"%g+", b"{[x!y] nil nil}"),
        (b"x^y", b"^^", b""),
        (b"x^y", b"%^", b"{[^] nil nil}"),
        (b"x$y", b"$y", b"{[$y] nil nil}"),
        (b"x$y", b"%$", b"{[$] nil nil}"),
        (b"$", b"^$$", b""),
        (b"abc", b"[]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]]", b"{[a] nil nil},{[b] nil nil},{[c] nil nil}"),
        (b"f(a(b)c)d", b"%b()", b"{[(a(b)c)] nil nil}"),
        (b"f(a(b)c", b"%b()", b"{[(b)] nil nil}"),
        (b"((", b"%b((", b"{[((] nil nil}"),
        (b"abcabc", b"(abc)%1", b"{[abc] nil nil}"),
        (b"THE", b"%f[%l]", b""),
        (b"hello", b"%f[%z]", b"{[] nil nil}"),
        (b"hello", b"%f[%Z]", b"{[] nil nil}"),
        (b"hello", b"o%f[%z]", b"{[o] nil nil}"),
        (b"hello", b"%f[^%z]", b"{[] nil nil}"),
        (b"aaa", b"(a*(.)%w(%s*))", b"{[aaa] [a] []}"),
        (b"abc", b"((a)(b)(c))", b"{[abc] [a] [b]}"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"{[x] [x] [x]}"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"ERR too many captures"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"{[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] nil nil}"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"{[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] nil nil}"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"{[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] nil nil}"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"{[aaaaaaaaaa] nil nil}"),
        (b"[[x]]", b"%[(.-)%]", b"{[[x] nil nil}"),
        (b"abc", b"[%a-z]", b"{[a] nil nil},{[b] nil nil},{[c] nil nil}"),
        (b"-", b"[%a-z]", b"{[-] nil nil}"),
        (b"b", b"[a-%z]", b""),
        (b"%", b"[%%]", b"{[%] nil nil}"),
        (b"a]", b"[%]]", b"{[]] nil nil}"),
        (b"z", b"[a-]", b""),
        (b"-", b"[a-]", b"{[-] nil nil}"),
        (b"abc", b"[c-a]", b""),
        (b"abc", b"[%w_]*", b"{[abc] nil nil}"),
        (b"a.b", b"[.]", b"{[.] nil nil}"),
        (b"ab", b"[^a]", b"{[b] nil nil}"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"{[2024] [01] [02]}"),
    ];
    type GsubCase = (&'static [u8], &'static [u8], &'static [u8], i64, &'static [u8]);
    const GSUB_CASES: &[GsubCase] = &[
        (b"hello world", b"o w", b"<%0>", -1, b"[hell<o w>orld] 1"),
        (b"hello world", b"o w", b"%%", -1, b"[hell%orld] 1"),
        (b"hello world", b"o w", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"o w", b"", -1, b"[hellorld] 1"),
        (b"hello world", b"l+", b"<%0>", -1, b"[he<ll>o wor<l>d] 2"),
        (b"hello world", b"l+", b"x", -1, b"[hexo worxd] 2"),
        (b"hello world", b"l+", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"l*", b"<%0>", -1, b"[<>h<>e<ll>o<> <>w<>o<>r<l>d<>] 9"),
        (b"hello world", b"l*", b"x", -1, b"[xhxexox xwxoxrxdx] 9"),
        (b"hello world", b"l*", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"l-o", b"<%0>", -1, b"[he<llo> w<o>rld] 2"),
        (b"hello world", b"l-o", b"%%", -1, b"[he% w%rld] 2"),
        (b"hello world", b"l-o", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"l-o", b"", -1, b"[he wrld] 2"),
        (b"hello world", b"^h", b"<%0>", -1, b"[<h>ello world] 1"),
        (b"hello world", b"^h", b"x", -1, b"[xello world] 1"),
        (b"hello world", b"^h", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"^e", b"<%0>", -1, b"[hello world] 0"),
        (b"hello world", b"^e", b"x", -1, b"[hello world] 0"),
        (b"hello world", b"^e", b"%a", -1, b"[hello world] 0"),
        (b"hello world", b"d$", b"<%0>", -1, b"[hello worl<d>] 1"),
        (b"hello world", b"d$", b"x", -1, b"[hello worlx] 1"),
        (b"hello world", b"d$", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"o$", b"<%0>", -1, b"[hello world] 0"),
        (b"hello world", b"o$", b"x", -1, b"[hello world] 0"),
        (b"hello world", b"o$", b"%a", -1, b"[hello world] 0"),
        (b"hello world", b"(h)(e)", b"<%0>", -1, b"[<he>llo world] 1"),
        (b"hello world", b"(h)(e)", b"%%", -1, b"[%llo world] 1"),
        (b"hello world", b"(h)(e)", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"(h)(e)", b"", -1, b"[llo world] 1"),
        (b"hello world", b"()ll()", b"<%0>", -1, b"[he<ll>o world] 1"),
        (b"hello world", b"()ll()", b"%%", -1, b"[he%o world] 1"),
        (b"hello world", b"()ll()", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"()ll()", b"", -1, b"[heo world] 1"),
        (b"hello world", b"(l)%1", b"<%0>", 2, b"[he<ll>o world] 1"),
        (b"hello world", b"(l)%1", b"x", 2, b"[hexo world] 1"),
        (b"hello world", b"(l)%1", b"%a", 2, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"%a+", b"<%0>", -1, b"[<hello> <world>] 2"),
        (b"hello world", b"%a+", b"%%", -1, b"[% %] 2"),
        (b"hello world", b"%a+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"%a+", b"", -1, b"[ ] 2"),
        (b"hello world", b"%A+", b"<%0>", -1, b"[hello< >world] 1"),
        (b"hello world", b"%A+", b"%%", -1, b"[hello%world] 1"),
        (b"hello world", b"%A+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello world", b"%A+", b"", -1, b"[helloworld] 1"),
        (b"THE (quick) fox", b"%((%a+)%)", b"<%0>", 2, b"[THE <(quick)> fox] 1"),
        (b"THE (quick) fox", b"%((%a+)%)", b"%%", 2, b"[THE % fox] 1"),
        (b"THE (quick) fox", b"%((%a+)%)", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"THE (quick) fox", b"%((%a+)%)", b"", 2, b"[THE  fox] 1"),
        (b"THE (quick) fox", b"%b()", b"<%0>", -1, b"[THE <(quick)> fox] 1"),
        (b"THE (quick) fox", b"%b()", b"%1-%1", -1, b"[THE (quick)-(quick) fox] 1"),
        (b"THE (quick) fox", b"%b()", b"%2", -1, b"ERR invalid capture index %2"),
        (b"THE (quick) fox", b"%b()", b"%1", -1, b"[THE (quick) fox] 1"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"<%0>", 2, b"[<THE> (<quick>) fox] 2"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"%%", 2, b"[% (%) fox] 2"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"THE (quick) fox", b"%f[%a]%a+", b"", 2, b"[ () fox] 2"),
        (b"THE (quick) fox", b"%f[%A]", b"<%0>", -1, b"[THE<> (quick<>) fox<>] 3"),
        (b"THE (quick) fox", b"%f[%A]", b"%%", -1, b"[THE% (quick%) fox%] 3"),
        (b"THE (quick) fox", b"%f[%A]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"THE (quick) fox", b"%f[%A]", b"", -1, b"[THE (quick) fox] 3"),
        (b"THE (quick) fox", b"[%u ]+", b"<%0>", -1, b"[<THE >(quick)< >fox] 2"),
        (b"THE (quick) fox", b"[%u ]+", b"%%", -1, b"[%(quick)%fox] 2"),
        (b"THE (quick) fox", b"[%u ]+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"THE (quick) fox", b"[%u ]+", b"", -1, b"[(quick)fox] 2"),
        (b"THE (quick) fox", b"[^%u]+", b"<%0>", -1, b"[THE< (quick) fox>] 1"),
        (b"THE (quick) fox", b"[^%u]+", b"%%", -1, b"[THE%] 1"),
        (b"THE (quick) fox", b"[^%u]+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"THE (quick) fox", b"[^%u]+", b"", -1, b"[THE] 1"),
        (b"abc123def", b"[a-c]+", b"<%0>", -1, b"[<abc>123def] 1"),
        (b"abc123def", b"[a-c]+", b"%%", -1, b"[%123def] 1"),
        (b"abc123def", b"[a-c]+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc123def", b"[a-c]+", b"", -1, b"[123def] 1"),
        (b"abc123def", b"[0-9]+", b"<%0>", -1, b"[abc<123>def] 1"),
        (b"abc123def", b"[0-9]+", b"%%", -1, b"[abc%def] 1"),
        (b"abc123def", b"[0-9]+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc123def", b"[0-9]+", b"", -1, b"[abcdef] 1"),
        (b"abc123def", b"%d+", b"<%0>", 2, b"[abc<123>def] 1"),
        (b"abc123def", b"%d+", b"%%", 2, b"[abc%def] 1"),
        (b"abc123def", b"%d+", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"abc123def", b"%d+", b"", 2, b"[abcdef] 1"),
        (b"abc123def", b"[%d]+", b"<%0>", -1, b"[abc<123>def] 1"),
        (b"abc123def", b"[%d]+", b"x", -1, b"[abcxdef] 1"),
        (b"abc123def", b"[%d]+", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a-b", b"[a-]+", b"<%0>", 2, b"[<a->b] 1"),
        (b"a-b", b"[a-]+", b"x", 2, b"[xb] 1"),
        (b"a-b", b"[a-]+", b"%a", 2, b"ERR invalid use of '%' in replacement string"),
        (b"a-b]", b"[]]", b"<%0>", -1, b"[a-b<]>] 1"),
        (b"a-b]", b"[]]", b"%%", -1, b"[a-b%] 1"),
        (b"a-b]", b"[]]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a-b]", b"[]]", b"", -1, b"[a-b] 1"),
        (b"a-b]", b"[^]]+", b"<%0>", -1, b"[<a-b>]] 1"),
        (b"a-b]", b"[^]]+", b"x", -1, b"[x]] 1"),
        (b"a-b]", b"[^]]+", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a.b", b"%.", b"<%0>", -1, b"[a<.>b] 1"),
        (b"a.b", b"%.", b"x", -1, b"[axb] 1"),
        (b"a.b", b"%.", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a.b", b".", b"<%0>", 2, b"[<a><.>b] 2"),
        (b"a.b", b".", b"%1-%1", 2, b"[a-a.-.b] 2"),
        (b"a.b", b".", b"%2", 2, b"ERR invalid capture index %2"),
        (b"a.b", b".", b"%1", 2, b"[a.b] 2"),
        (b"", b"", b"<%0>", 2, b"[<>] 1"),
        (b"", b"", b"%%", 2, b"[%] 1"),
        (b"", b"", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"", b"", b"", 2, b"[] 1"),
        (b"", b"a*", b"<%0>", -1, b"[<>] 1"),
        (b"", b"a*", b"x", -1, b"[x] 1"),
        (b"", b"a*", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"", b"<%0>", -1, b"[<>a<>b<>c<>] 4"),
        (b"abc", b"", b"%%", -1, b"[%a%b%c%] 4"),
        (b"abc", b"", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"", b"", -1, b"[abc] 4"),
        (b"abc", b"()", b"<%0>", -1, b"[<>a<>b<>c<>] 4"),
        (b"abc", b"()", b"x", -1, b"[xaxbxcx] 4"),
        (b"abc", b"()", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaa", b"a-", b"<%0>", -1, b"[<>a<>a<>a<>] 4"),
        (b"aaa", b"a-", b"x", -1, b"[xaxaxax] 4"),
        (b"aaa", b"a-", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaa", b"a-$", b"<%0>", -1, b"[<aaa>] 1"),
        (b"aaa", b"a-$", b"%%", -1, b"[%] 1"),
        (b"aaa", b"a-$", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaa", b"a-$", b"", -1, b"[] 1"),
        (b"aaab", b"a-b", b"<%0>", -1, b"[<aaab>] 1"),
        (b"aaab", b"a-b", b"%%", -1, b"[%] 1"),
        (b"aaab", b"a-b", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaab", b"a-b", b"", -1, b"[] 1"),
        (b"aaa", b"a?a?a?a?", b"<%0>", -1, b"[<aaa>] 1"),
        (b"aaa", b"a?a?a?a?", b"x", -1, b"[x] 1"),
        (b"aaa", b"a?a?a?a?", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"ab", b"a?b?c?", b"<%0>", 2, b"[<ab>] 1"),
        (b"ab", b"a?b?c?", b"%%", 2, b"[%] 1"),
        (b"ab", b"a?b?c?", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"ab", b"a?b?c?", b"", 2, b"[] 1"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"<%0>", 2, b"[<key = value>] 1"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"x", 2, b"[x] 1"),
        (b"key = value", b"(%w+)%s*=%s*(%w+)", b"%a", 2, b"ERR invalid use of '%' in replacement string"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"<%0>", 2, b"[<  trim  >] 1"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"%%", 2, b"[%] 1"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"  trim  ", b"^%s*(.-)%s*$", b"", 2, b"[] 1"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"<%0>", -1, b"[<x = 1>, <y = 2>] 2"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"%1-%1", -1, b"[x-x, y-y] 2"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"%2", -1, b"[1, 2] 2"),
        (b"x = 1, y = 2", b"(%w+) = (%w+)", b"%1", -1, b"[x, y] 2"),
        (b"abc", b"%", b"<%0>", 2, b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"%", b"%1-%1", 2, b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"%", b"%2", 2, b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"%", b"%1", 2, b"ERR malformed pattern (ends with '%')"),
        (b"abc", b"[a", b"<%0>", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a", b"x", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a", b"%a", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"<%0>", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"%%", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"%", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[a%", b"", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"%f", b"<%0>", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%f", b"x", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%f", b"%a", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"<%0>", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"%%", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"%", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%fa", b"", -1, b"ERR missing '[' after '%f' in pattern"),
        (b"abc", b"%b", b"<%0>", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%b", b"x", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%b", b"%a", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"<%0>", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"%%", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"%", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"%ba", b"", -1, b"ERR malformed pattern (missing arguments to '%b')"),
        (b"abc", b"(a", b"<%0>", -1, b"[<a>bc] 1"),
        (b"abc", b"(a", b"x", -1, b"[xbc] 1"),
        (b"abc", b"(a", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"a)", b"<%0>", -1, b"ERR invalid pattern capture"),
        (b"abc", b"a)", b"x", -1, b"ERR invalid pattern capture"),
        (b"abc", b"a)", b"%a", -1, b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"<%0>", -1, b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"%1-%1", -1, b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"%2", -1, b"ERR invalid pattern capture"),
        (b"abc", b"(a))", b"%1", -1, b"ERR invalid pattern capture"),
        (b"abc", b"%1", b"<%0>", -1, b"ERR invalid capture index %1"),
        (b"abc", b"%1", b"x", -1, b"ERR invalid capture index %1"),
        (b"abc", b"%1", b"%a", -1, b"ERR invalid capture index %1"),
        (b"abc", b"(a)%2", b"<%0>", 2, b"ERR invalid capture index %2"),
        (b"abc", b"(a)%2", b"x", 2, b"ERR invalid capture index %2"),
        (b"abc", b"(a)%2", b"%a", 2, b"ERR invalid capture index %2"),
        (b"abc", b"(a%1)", b"<%0>", 2, b"ERR invalid capture index %1"),
        (b"abc", b"(a%1)", b"x", 2, b"ERR invalid capture index %1"),
        (b"abc", b"(a%1)", b"%a", 2, b"ERR invalid capture index %1"),
        (b"abc", b"%0", b"<%0>", -1, b"ERR invalid capture index %0"),
        (b"abc", b"%0", b"x", -1, b"ERR invalid capture index %0"),
        (b"abc", b"%0", b"%a", -1, b"ERR invalid capture index %0"),
        (b"abc", b"x[", b"<%0>", -1, b"[abc] 0"),
        (b"abc", b"x[", b"x", -1, b"[abc] 0"),
        (b"abc", b"x[", b"%a", -1, b"[abc] 0"),
        (b"abc", b"(", b"<%0>", 2, b"[<>a<>bc] 2"),
        (b"abc", b"(", b"%1-%1", 2, b"ERR unfinished capture"),
        (b"abc", b"(", b"%2", 2, b"ERR invalid capture index %2"),
        (b"abc", b"(", b"%1", 2, b"ERR unfinished capture"),
        (b"abc", b"(()", b"<%0>", -1, b"[<>a<>b<>c<>] 4"),
        (b"abc", b"(()", b"%%", -1, b"[%a%b%c%] 4"),
        (b"abc", b"(()", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"(()", b"", -1, b"[abc] 4"),
        (b"aa", b"()a%1", b"<%0>", -1, b"[aa] 0"),
        (b"aa", b"()a%1", b"x", -1, b"[aa] 0"),
        (b"aa", b"()a%1", b"%a", -1, b"[aa] 0"),
        (b"a\x00b", b"%z", b"<%0>", -1, b"[a<\x00>b] 1"),
        (b"a\x00b", b"%z", b"x", -1, b"[axb] 1"),
        (b"a\x00b", b"%z", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a\x00b", b"[%z]", b"<%0>", -1, b"[a<\x00>b] 1"),
        (b"a\x00b", b"[%z]", b"%1-%1", -1, b"[a\x00-\x00b] 1"),
        (b"a\x00b", b"[%z]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"a\x00b", b"[%z]", b"%1", -1, b"[a\x00b] 1"),
        (b"a\x00b", b"\x00", b"<%0>", 2, b"[a<\x00>b] 1"),
        (b"a\x00b", b"\x00", b"%1-%1", 2, b"[a\x00-\x00b] 1"),
        (b"a\x00b", b"\x00", b"%2", 2, b"ERR invalid capture index %2"),
        (b"a\x00b", b"\x00", b"%1", 2, b"[a\x00b] 1"),
        (b"a\x00b", b"a%zb", b"<%0>", -1, b"[<a\x00b>] 1"),
        (b"a\x00b", b"a%zb", b"%1-%1", -1, b"[a\x00b-a\x00b] 1"),
        (b"a\x00b", b"a%zb", b"%2", -1, b"ERR invalid capture index %2"),
        (b"a\x00b", b"a%zb", b"%1", -1, b"[a\x00b] 1"),
        (b"a\x00b", b"[\x00-\x01]", b"<%0>", 2, b"[a<\x00>b] 1"),
        (b"a\x00b", b"[\x00-\x01]", b"x", 2, b"[axb] 1"),
        (b"a\x00b", b"[\x00-\x01]", b"%a", 2, b"ERR invalid use of '%' in replacement string"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"<%0>", -1, b"[<\xc8\xff>abc] 1"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"%%", -1, b"[%abc] 1"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"\xc8\xffabc", b"[\x80-\xff]+", b"", -1, b"[abc] 1"),
        (b"\xc8\xffabc", b"%w+", b"<%0>", 2, b"[\xc8\xff<abc>] 1"),
        (b"\xc8\xffabc", b"%w+", b"%%", 2, b"[\xc8\xff%] 1"),
        (b"\xc8\xffabc", b"%w+", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"\xc8\xffabc", b"%w+", b"", 2, b"[\xc8\xff] 1"),
        (b"\xc8\xffabc", b"%W+", b"<%0>", 2, b"[<\xc8\xff>abc] 1"),
        (b"\xc8\xffabc", b"%W+", b"%%", 2, b"[%abc] 1"),
        (b"\xc8\xffabc", b"%W+", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"\xc8\xffabc", b"%W+", b"", 2, b"[abc] 1"),
        (b"A1 b2", b"%x+", b"<%0>", 2, b"[<A1> <b2>] 2"),
        (b"A1 b2", b"%x+", b"%%", 2, b"[% %] 2"),
        (b"A1 b2", b"%x+", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"A1 b2", b"%x+", b"", 2, b"[ ] 2"),
        (b"tab\x09nl\x0a", b"%s+", b"<%0>", -1, b"[tab<\x09>nl<\x0a>] 2"),
        (b"tab\x09nl\x0a", b"%s+", b"%%", -1, b"[tab%nl%] 2"),
        (b"tab\x09nl\x0a", b"%s+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"tab\x09nl\x0a", b"%s+", b"", -1, b"[tabnl] 2"),
        (b"tab\x09nl\x0a", b"%c+", b"<%0>", -1, b"[tab<\x09>nl<\x0a>] 2"),
        (b"tab\x09nl\x0a", b"%c+", b"%%", -1, b"[tab%nl%] 2"),
        (b"tab\x09nl\x0a", b"%c+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"tab\x09nl\x0a", b"%c+", b"", -1, b"[tabnl] 2"),
        (b"x!y", b"%p", b"<%0>", -1, b"[x<!>y] 1"),
        (b"x!y", b"%p", b"x", -1, b"[xxy] 1"),
        (b"x!y", b"%p", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x!y", b"%g+", b"<%0>", -1, b"[<x!y>] 1"),
        (b"x!y", b"%g+", b"%%", -1, b"[%] 1"),
        (b"x!y", b"%g+", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x!y", b"%g+", b"", -1, b"[] 1"),
        (b"x^y", b"^^", b"<%0>", -1, b"[x^y] 0"),
        (b"x^y", b"^^", b"x", -1, b"[x^y] 0"),
        (b"x^y", b"^^", b"%a", -1, b"[x^y] 0"),
        (b"x^y", b"%^", b"<%0>", -1, b"[x<^>y] 1"),
        (b"x^y", b"%^", b"x", -1, b"[xxy] 1"),
        (b"x^y", b"%^", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x$y", b"$y", b"<%0>", -1, b"[x<$y>] 1"),
        (b"x$y", b"$y", b"x", -1, b"[xx] 1"),
        (b"x$y", b"$y", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x$y", b"%$", b"<%0>", -1, b"[x<$>y] 1"),
        (b"x$y", b"%$", b"x", -1, b"[xxy] 1"),
        (b"x$y", b"%$", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"$", b"^$$", b"<%0>", 2, b"[<$>] 1"),
        (b"$", b"^$$", b"%%", 2, b"[%] 1"),
        (b"$", b"^$$", b"%", 2, b"ERR invalid use of '%' in replacement string"),
        (b"$", b"^$$", b"", 2, b"[] 1"),
        (b"abc", b"[]", b"<%0>", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[]", b"x", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[]", b"%a", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"<%0>", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"%%", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"%", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]", b"", -1, b"ERR malformed pattern (missing ']')"),
        (b"abc", b"[^]]", b"<%0>", -1, b"[<a><b><c>] 3"),
        (b"abc", b"[^]]", b"%1-%1", -1, b"[a-ab-bc-c] 3"),
        (b"abc", b"[^]]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"abc", b"[^]]", b"%1", -1, b"[abc] 3"),
        (b"f(a(b)c)d", b"%b()", b"<%0>", -1, b"[f<(a(b)c)>d] 1"),
        (b"f(a(b)c)d", b"%b()", b"%1-%1", -1, b"[f(a(b)c)-(a(b)c)d] 1"),
        (b"f(a(b)c)d", b"%b()", b"%2", -1, b"ERR invalid capture index %2"),
        (b"f(a(b)c)d", b"%b()", b"%1", -1, b"[f(a(b)c)d] 1"),
        (b"f(a(b)c", b"%b()", b"<%0>", -1, b"[f(a<(b)>c] 1"),
        (b"f(a(b)c", b"%b()", b"%1-%1", -1, b"[f(a(b)-(b)c] 1"),
        (b"f(a(b)c", b"%b()", b"%2", -1, b"ERR invalid capture index %2"),
        (b"f(a(b)c", b"%b()", b"%1", -1, b"[f(a(b)c] 1"),
        (b"((", b"%b((", b"<%0>", -1, b"[<((>] 1"),
        (b"((", b"%b((", b"%1-%1", -1, b"[((-((] 1"),
        (b"((", b"%b((", b"%2", -1, b"ERR invalid capture index %2"),
        (b"((", b"%b((", b"%1", -1, b"[((] 1"),
        (b"abcabc", b"(abc)%1", b"<%0>", -1, b"[<abcabc>] 1"),
        (b"abcabc", b"(abc)%1", b"%1-%1", -1, b"[abc-abc] 1"),
        (b"abcabc", b"(abc)%1", b"%2", -1, b"ERR invalid capture index %2"),
        (b"abcabc", b"(abc)%1", b"%1", -1, b"[abc] 1"),
        (b"THE", b"%f[%l]", b"<%0>", -1, b"[THE] 0"),
        (b"THE", b"%f[%l]", b"%%", -1, b"[THE] 0"),
        (b"THE", b"%f[%l]", b"%", -1, b"[THE] 0"),
        (b"THE", b"%f[%l]", b"", -1, b"[THE] 0"),
        (b"hello", b"%f[%z]", b"<%0>", -1, b"[hello<>] 1"),
        (b"hello", b"%f[%z]", b"%%", -1, b"[hello%] 1"),
        (b"hello", b"%f[%z]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello", b"%f[%z]", b"", -1, b"[hello] 1"),
        (b"hello", b"%f[%Z]", b"<%0>", -1, b"[<>hello] 1"),
        (b"hello", b"%f[%Z]", b"%%", -1, b"[%hello] 1"),
        (b"hello", b"%f[%Z]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"hello", b"%f[%Z]", b"", -1, b"[hello] 1"),
        (b"hello", b"o%f[%z]", b"<%0>", 2, b"[hell<o>] 1"),
        (b"hello", b"o%f[%z]", b"%1-%1", 2, b"[hello-o] 1"),
        (b"hello", b"o%f[%z]", b"%2", 2, b"ERR invalid capture index %2"),
        (b"hello", b"o%f[%z]", b"%1", 2, b"[hello] 1"),
        (b"hello", b"%f[^%z]", b"<%0>", 2, b"[<>hello] 1"),
        (b"hello", b"%f[^%z]", b"%1-%1", 2, b"[-hello] 1"),
        (b"hello", b"%f[^%z]", b"%2", 2, b"ERR invalid capture index %2"),
        (b"hello", b"%f[^%z]", b"%1", 2, b"[hello] 1"),
        (b"aaa", b"(a*(.)%w(%s*))", b"<%0>", -1, b"[<aaa>] 1"),
        (b"aaa", b"(a*(.)%w(%s*))", b"x", -1, b"[x] 1"),
        (b"aaa", b"(a*(.)%w(%s*))", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"((a)(b)(c))", b"<%0>", -1, b"[<abc>] 1"),
        (b"abc", b"((a)(b)(c))", b"x", -1, b"[x] 1"),
        (b"abc", b"((a)(b)(c))", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"<%0>", -1, b"[<x>] 1"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"x", -1, b"[x] 1"),
        (b"x", b"((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"<%0>", 2, b"ERR too many captures"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"%1-%1", 2, b"ERR too many captures"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"%2", 2, b"ERR too many captures"),
        (b"x", b"(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))", b"%1", 2, b"ERR too many captures"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"<%0>", 2, b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%%", 2, b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%", 2, b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"", 2, b"ERR pattern too complex"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"<%0>", -1, b"[<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%%", -1, b"[%] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"", -1, b"[] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"<%0>", -1, b"[<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"x", -1, b"[x] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"<%0>", 2, b"[<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"x", 2, b"[x] 1"),
        (b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%a", 2, b"ERR invalid use of '%' in replacement string"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"<%0>", -1, b"[<aaaaaaaaaa>] 1"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%1-%1", -1, b"[aaaaaaaaaa-aaaaaaaaaa] 1"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%2", -1, b"ERR invalid capture index %2"),
        (b"aaaaaaaaaa", b"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?", b"%1", -1, b"[aaaaaaaaaa] 1"),
        (b"[[x]]", b"%[(.-)%]", b"<%0>", -1, b"[<[[x]>]] 1"),
        (b"[[x]]", b"%[(.-)%]", b"x", -1, b"[x]] 1"),
        (b"[[x]]", b"%[(.-)%]", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"[%a-z]", b"<%0>", -1, b"[<a><b><c>] 3"),
        (b"abc", b"[%a-z]", b"%%", -1, b"[%%%] 3"),
        (b"abc", b"[%a-z]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"[%a-z]", b"", -1, b"[] 3"),
        (b"-", b"[%a-z]", b"<%0>", -1, b"[<->] 1"),
        (b"-", b"[%a-z]", b"%%", -1, b"[%] 1"),
        (b"-", b"[%a-z]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"-", b"[%a-z]", b"", -1, b"[] 1"),
        (b"b", b"[a-%z]", b"<%0>", -1, b"[b] 0"),
        (b"b", b"[a-%z]", b"%%", -1, b"[b] 0"),
        (b"b", b"[a-%z]", b"%", -1, b"[b] 0"),
        (b"b", b"[a-%z]", b"", -1, b"[b] 0"),
        (b"%", b"[%%]", b"<%0>", -1, b"[<%>] 1"),
        (b"%", b"[%%]", b"%1-%1", -1, b"[%-%] 1"),
        (b"%", b"[%%]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"%", b"[%%]", b"%1", -1, b"[%] 1"),
        (b"a]", b"[%]]", b"<%0>", -1, b"[a<]>] 1"),
        (b"a]", b"[%]]", b"%1-%1", -1, b"[a]-]] 1"),
        (b"a]", b"[%]]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"a]", b"[%]]", b"%1", -1, b"[a]] 1"),
        (b"z", b"[a-]", b"<%0>", -1, b"[z] 0"),
        (b"z", b"[a-]", b"%1-%1", -1, b"[z] 0"),
        (b"z", b"[a-]", b"%2", -1, b"[z] 0"),
        (b"z", b"[a-]", b"%1", -1, b"[z] 0"),
        (b"-", b"[a-]", b"<%0>", -1, b"[<->] 1"),
        (b"-", b"[a-]", b"%1-%1", -1, b"[---] 1"),
        (b"-", b"[a-]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"-", b"[a-]", b"%1", -1, b"[-] 1"),
        (b"abc", b"[c-a]", b"<%0>", 2, b"[abc] 0"),
        (b"abc", b"[c-a]", b"x", 2, b"[abc] 0"),
        (b"abc", b"[c-a]", b"%a", 2, b"[abc] 0"),
        (b"abc", b"[%w_]*", b"<%0>", -1, b"[<abc>] 1"),
        (b"abc", b"[%w_]*", b"%%", -1, b"[%] 1"),
        (b"abc", b"[%w_]*", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"abc", b"[%w_]*", b"", -1, b"[] 1"),
        (b"a.b", b"[.]", b"<%0>", -1, b"[a<.>b] 1"),
        (b"a.b", b"[.]", b"%%", -1, b"[a%b] 1"),
        (b"a.b", b"[.]", b"%", -1, b"ERR invalid use of '%' in replacement string"),
        (b"a.b", b"[.]", b"", -1, b"[ab] 1"),
        (b"ab", b"[^a]", b"<%0>", -1, b"[a<b>] 1"),
        (b"ab", b"[^a]", b"%1-%1", -1, b"[ab-b] 1"),
        (b"ab", b"[^a]", b"%2", -1, b"ERR invalid capture index %2"),
        (b"ab", b"[^a]", b"%1", -1, b"[ab] 1"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"<%0>", -1, b"[date: <2024-01-02>] 1"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"x", -1, b"[date: x] 1"),
        (b"date: 2024-01-02", b"(%d+)-(%d+)-(%d+)", b"%a", -1, b"ERR invalid use of '%' in replacement string"),
    ];
}
