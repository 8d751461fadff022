//! The lexer: Lua 5.3's llex.c, byte for byte. Owns tokenisation (reserved words, symbols,
//! numerals via [`crate::number::str2number`], short strings with every escape, long
//! brackets, comments), line counting (`\n`, `\r`, `\r\n`, `\n\r`), and the text of
//! lexical/syntax error messages (`chunk:line: msg near 'tok'`, as `luaX_syntaxerror`).
//! The `#` first-line skip is the loader's job: see [`skip_shebang`].

use alloc::vec::Vec;
use bumpalo::Bump;

use crate::number::{str2number, Number};
use crate::SyntaxError;

/// Token kinds. Single-byte symbols are `Char(c)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    /// `//`
    IDiv,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `::`
    DbColon,
    Eos,
    Flt,
    Int,
    Name,
    Str,
    Char(u8),
    /// Ravi cast operator `@integer`, `@number`, `@integer[]`, `@number[]`, `@table`,
    /// `@string`, `@closure`, `@boolean` (code = index in [`CAST_NAMES`]). `@Name` for
    /// user types is the `'@'` character followed by a name.
    Cast(u8),
}

/// Spellings of the built-in cast tokens, indexed by `Tok::Cast` code.
pub const CAST_NAMES: [&[u8]; 8] =
    [b"integer", b"number", b"integer[]", b"number[]", b"table", b"string", b"closure", b"boolean"];

const RESERVED: [(&[u8], Tok); 22] = [
    (b"and", Tok::And),
    (b"break", Tok::Break),
    (b"do", Tok::Do),
    (b"else", Tok::Else),
    (b"elseif", Tok::Elseif),
    (b"end", Tok::End),
    (b"false", Tok::False),
    (b"for", Tok::For),
    (b"function", Tok::Function),
    (b"goto", Tok::Goto),
    (b"if", Tok::If),
    (b"in", Tok::In),
    (b"local", Tok::Local),
    (b"nil", Tok::Nil),
    (b"not", Tok::Not),
    (b"or", Tok::Or),
    (b"repeat", Tok::Repeat),
    (b"return", Tok::Return),
    (b"then", Tok::Then),
    (b"true", Tok::True),
    (b"until", Tok::Until),
    (b"while", Tok::While),
];

/// Is `name` a reserved word?
pub fn is_reserved(name: &[u8]) -> bool {
    RESERVED.iter().any(|(s, _)| *s == name)
}

impl Tok {
    /// luaX_token2str: `'and'`, `'=='`, `'+'`, `<eof>`, `<number>`, `<integer>`, `<name>`, `<string>`.
    pub fn to_str(self) -> Vec<u8> {
        let fixed: &[u8] = match self {
            Tok::Char(c) => {
                let mut v = Vec::new();
                if (0x20..0x7f).contains(&c) {
                    v.push(b'\'');
                    v.push(c);
                    v.push(b'\'');
                } else {
                    v.extend_from_slice(b"'<\\");
                    push_uint(&mut v, c as u64);
                    v.extend_from_slice(b">'");
                }
                return v;
            }
            Tok::Eos => return b"<eof>".to_vec(),
            // Ravi prints cast tokens without quotes ("unexpected symbol near @integer")
            Tok::Cast(c) => {
                let mut v = b"@".to_vec();
                v.extend_from_slice(CAST_NAMES[c as usize]);
                return v;
            }
            Tok::Flt => return b"<number>".to_vec(),
            Tok::Int => return b"<integer>".to_vec(),
            Tok::Name => return b"<name>".to_vec(),
            Tok::Str => return b"<string>".to_vec(),
            Tok::IDiv => b"//",
            Tok::Concat => b"..",
            Tok::Dots => b"...",
            Tok::Eq => b"==",
            Tok::Ge => b">=",
            Tok::Le => b"<=",
            Tok::Ne => b"~=",
            Tok::Shl => b"<<",
            Tok::Shr => b">>",
            Tok::DbColon => b"::",
            t => RESERVED.iter().find(|(_, k)| *k == t).map(|(s, _)| *s).unwrap_or(b"?"),
        };
        let mut v = Vec::with_capacity(fixed.len() + 2);
        v.push(b'\'');
        v.extend_from_slice(fixed);
        v.push(b'\'');
        v
    }
}

pub(crate) fn push_uint(v: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut p = buf.len();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    v.extend_from_slice(&buf[p..]);
}

/// Semantic value of a token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokVal<'a> {
    None,
    Int(i64),
    Flt(f64),
    /// Name or string contents (arena-allocated or a slice of the source).
    Str(&'a [u8]),
}

/// A token with its value, the line where it ended, and the byte offset where it starts.
#[derive(Clone, Copy, Debug)]
pub struct Token<'a> {
    pub tok: Tok,
    pub val: TokVal<'a>,
    /// Byte offset of the token's first character in the source.
    pub pos: u32,
}

/// Returns the offset where Lua code starts: if the chunk's first line starts with `#`,
/// it is skipped (the newline is kept so line numbers stay right), as luaL_loadfilex does.
pub fn skip_shebang(src: &[u8]) -> usize {
    if src.first() == Some(&b'#') {
        src.iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(src.len())
    } else {
        0
    }
}

const EOZ: i32 = -1;

#[inline]
fn is_alpha(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphabetic() || c == b'_' as i32)
}
#[inline]
fn is_alnum(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphanumeric() || c == b'_' as i32)
}
#[inline]
fn is_digit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_digit()
}
#[inline]
fn is_xdigit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_hexdigit()
}
#[inline]
fn is_space(c: i32) -> bool {
    c >= 0 && crate::number::is_space(c as u8)
}
fn hexvalue(c: i32) -> u32 {
    let c = c as u8;
    if c.is_ascii_digit() {
        (c - b'0') as u32
    } else {
        ((c | 0x20) - b'a' + 10) as u32
    }
}

/// The lexer state (LexState).
pub struct Lexer<'a> {
    src: &'a [u8],
    arena: &'a Bump,
    /// Index of the next byte to read (`current` is `src[p-1]` unless EOZ).
    p: usize,
    current: i32,
    /// Current line (ls->linenumber).
    pub linenumber: u32,
    /// Line of the last token consumed (ls->lastline).
    pub lastline: u32,
    /// The current token (ls->t).
    pub t: Token<'a>,
    lookahead: Option<Token<'a>>,
    /// Token text buffer (luaZ_buffer), used for values and error messages.
    buff: Vec<u8>,
    /// `chunkid` of the chunk name, for message prefixes.
    pub chunkid: Vec<u8>,
}

impl<'a> Lexer<'a> {
    /// A lexer over `src` (already past any `#` line); `chunkid` prefixes messages.
    pub fn new(src: &'a [u8], arena: &'a Bump, chunkid: Vec<u8>) -> Self {
        let mut lx = Lexer {
            src,
            arena,
            p: 0,
            current: EOZ,
            linenumber: 1,
            lastline: 1,
            t: Token { tok: Tok::Eos, val: TokVal::None, pos: 0 },
            lookahead: None,
            buff: Vec::new(),
            chunkid,
        };
        lx.next_char();
        lx
    }

    /// Starts lexing at byte offset `pos` (used to recover a token's text for messages).
    pub fn new_at(src: &'a [u8], arena: &'a Bump, pos: usize) -> Self {
        let mut lx = Self::new(src, arena, Vec::new());
        lx.p = pos;
        lx.next_char();
        lx
    }

    #[inline]
    fn next_char(&mut self) {
        if self.p < self.src.len() {
            self.current = self.src[self.p] as i32;
            self.p += 1;
        } else {
            self.current = EOZ;
            self.p = self.src.len() + 1;
        }
    }

    #[inline]
    fn save(&mut self, c: i32) {
        self.buff.push(c as u8);
    }

    #[inline]
    fn save_and_next(&mut self) {
        let c = self.current;
        self.save(c);
        self.next_char();
    }

    #[inline]
    fn cur_is_newline(&self) -> bool {
        self.current == b'\n' as i32 || self.current == b'\r' as i32
    }

    fn check_next1(&mut self, c: u8) -> bool {
        if self.current == c as i32 {
            self.next_char();
            true
        } else {
            false
        }
    }

    fn check_next2(&mut self, set: &[u8; 2]) -> bool {
        if self.current == set[0] as i32 || self.current == set[1] as i32 {
            self.save_and_next();
            true
        } else {
            false
        }
    }

    fn inclinenumber(&mut self) -> Result<(), SyntaxError> {
        let old = self.current;
        self.next_char();
        if self.cur_is_newline() && self.current != old {
            self.next_char();
        }
        self.linenumber += 1;
        if self.linenumber >= i32::MAX as u32 {
            return Err(self.error_msg(b"chunk has too many lines", None));
        }
        Ok(())
    }

    /// Position of the start of the current token.
    fn start_pos(&self) -> u32 {
        (self.p.saturating_sub(1)) as u32
    }

    /// Text of a token for "near" (txtToken): names, strings and numerals show the buffer.
    fn txt_token(&self, tok: Tok) -> Vec<u8> {
        match tok {
            Tok::Name | Tok::Str | Tok::Flt | Tok::Int => {
                let mut v = Vec::with_capacity(self.buff.len() + 2);
                v.push(b'\'');
                // %s stops at an embedded zero
                let end = self.buff.iter().position(|&c| c == 0).unwrap_or(self.buff.len());
                v.extend_from_slice(&self.buff[..end]);
                v.push(b'\'');
                v
            }
            t => t.to_str(),
        }
    }

    /// Builds `chunkid:line: msg [near tok]` (lexerror).
    #[inline(never)]
    pub fn error_msg(&self, msg: &[u8], tok: Option<Tok>) -> SyntaxError {
        let mut m = self.chunkid.clone();
        m.push(b':');
        push_uint(&mut m, self.linenumber as u64);
        m.extend_from_slice(b": ");
        let end = msg.iter().position(|&c| c == 0).unwrap_or(msg.len());
        m.extend_from_slice(&msg[..end]);
        if let Some(t) = tok {
            m.extend_from_slice(b" near ");
            m.extend_from_slice(&self.txt_token(t));
        }
        SyntaxError { message: m, incomplete: tok == Some(Tok::Eos) }
    }

    /// luaX_syntaxerror: message near the current token.
    #[inline(never)]
    pub fn syntax_error(&mut self, msg: &[u8]) -> SyntaxError {
        // Restore the buffer as llex left it for txtToken: it holds the text of the last
        // token lexed, which is the lookahead when there is one (lua5.3 then prints the
        // lookahead's text, or '' when it is a symbol).
        match self.lookahead {
            Some(la) => {
                self.buff.clear();
                self.restore_token_text(la);
            }
            None => self.restore_token_text(self.t),
        }
        self.error_msg(msg, Some(self.t.tok))
    }

    /// A semantic error (no "near" part), at the current line.
    #[inline(never)]
    pub fn sem_error(&self, msg: &[u8]) -> SyntaxError {
        self.error_msg(msg, None)
    }

    /// Puts the text of `t` in the buffer as llex left it (for "near" messages).
    #[inline(never)]
    fn restore_token_text(&mut self, t: Token<'a>) {
        match t.tok {
            Tok::Name | Tok::Str | Tok::Flt | Tok::Int => {
                // Re-lex the token from its start to recover the exact buffer contents.
                let mut lx = Lexer::new_at(self.src, self.arena, t.pos as usize);
                lx.linenumber = self.linenumber;
                if lx.llex().is_ok() {
                    self.buff = core::mem::take(&mut lx.buff);
                }
            }
            _ => {}
        }
    }

    /// Text of the token starting at `pos`, formatted for "near" (used by codegen errors).
    #[inline(never)]
    pub fn token_text_at(src: &'a [u8], arena: &'a Bump, pos: usize) -> Vec<u8> {
        let mut lx = Lexer::new_at(src, arena, pos);
        match lx.llex() {
            Ok(t) => lx.txt_token(t.tok),
            Err(_) => b"<eof>".to_vec(),
        }
    }

    /// Reads the next token into `t` (luaX_next).
    #[inline(never)]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<(), SyntaxError> {
        self.lastline = self.linenumber;
        if let Some(t) = self.lookahead.take() {
            self.t = t;
        } else {
            self.t = self.llex()?;
        }
        Ok(())
    }

    /// luaX_lookahead: the token after the current one.
    #[inline(never)]
    pub fn lookahead(&mut self) -> Result<Tok, SyntaxError> {
        debug_assert!(self.lookahead.is_none());
        let t = self.llex()?;
        self.lookahead = Some(t);
        Ok(t.tok)
    }

    fn tok(&self, tok: Tok, pos: u32) -> Token<'a> {
        Token { tok, val: TokVal::None, pos }
    }

    #[inline(never)]
    fn llex(&mut self) -> Result<Token<'a>, SyntaxError> {
        self.buff.clear();
        loop {
            let pos = self.start_pos();
            let c = self.current;
            if c == EOZ {
                return Ok(self.tok(Tok::Eos, self.src.len() as u32));
            }
            match c as u8 {
                b'\n' | b'\r' => self.inclinenumber()?,
                b' ' | b'\x0c' | b'\t' | b'\x0b' => self.next_char(),
                b'-' => {
                    self.next_char();
                    if self.current != b'-' as i32 {
                        return Ok(self.tok(Tok::Char(b'-'), pos));
                    }
                    self.next_char();
                    if self.current == b'[' as i32 {
                        let sep = self.skip_sep();
                        self.buff.clear();
                        if sep >= 0 {
                            self.read_long_string(false, sep as usize)?;
                            self.buff.clear();
                            continue;
                        }
                    }
                    while !self.cur_is_newline() && self.current != EOZ {
                        self.next_char();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 0 {
                        let s = self.read_long_string(true, sep as usize)?;
                        return Ok(Token { tok: Tok::Str, val: TokVal::Str(s), pos });
                    } else if sep != -1 {
                        return Err(self.error_msg(b"invalid long string delimiter", Some(Tok::Str)));
                    }
                    return Ok(self.tok(Tok::Char(b'['), pos));
                }
                b'=' => {
                    self.next_char();
                    let t = if self.check_next1(b'=') { Tok::Eq } else { Tok::Char(b'=') };
                    return Ok(self.tok(t, pos));
                }
                b'<' => {
                    self.next_char();
                    let t = if self.check_next1(b'=') {
                        Tok::Le
                    } else if self.check_next1(b'<') {
                        Tok::Shl
                    } else {
                        Tok::Char(b'<')
                    };
                    return Ok(self.tok(t, pos));
                }
                b'>' => {
                    self.next_char();
                    let t = if self.check_next1(b'=') {
                        Tok::Ge
                    } else if self.check_next1(b'>') {
                        Tok::Shr
                    } else {
                        Tok::Char(b'>')
                    };
                    return Ok(self.tok(t, pos));
                }
                b'/' => {
                    self.next_char();
                    let t = if self.check_next1(b'/') { Tok::IDiv } else { Tok::Char(b'/') };
                    return Ok(self.tok(t, pos));
                }
                b'~' => {
                    self.next_char();
                    let t = if self.check_next1(b'=') { Tok::Ne } else { Tok::Char(b'~') };
                    return Ok(self.tok(t, pos));
                }
                b':' => {
                    self.next_char();
                    let t = if self.check_next1(b':') { Tok::DbColon } else { Tok::Char(b':') };
                    return Ok(self.tok(t, pos));
                }
                b'"' | b'\'' => {
                    let s = self.read_string(c)?;
                    return Ok(Token { tok: Tok::Str, val: TokVal::Str(s), pos });
                }
                b'.' => {
                    self.save_and_next();
                    if self.check_next1(b'.') {
                        if self.check_next1(b'.') {
                            return Ok(self.tok(Tok::Dots, pos));
                        }
                        return Ok(self.tok(Tok::Concat, pos));
                    } else if !is_digit(self.current) {
                        return Ok(self.tok(Tok::Char(b'.'), pos));
                    }
                    return self.read_numeral(pos);
                }
                b'0'..=b'9' => return self.read_numeral(pos),
                b'@' => {
                    // Ravi casts: '@' directly followed by a built-in type name
                    let rest = &self.src[self.p..];
                    for (code, name) in CAST_NAMES.iter().enumerate() {
                        if rest.starts_with(name) {
                            let after = rest.get(name.len()).copied();
                            let ends = name.ends_with(b"]") || !after.map_or(false, |c| is_alnum(c as i32));
                            let shadowed = !name.ends_with(b"]")
                                && rest[name.len()..].starts_with(b"[]")
                                && CAST_NAMES.iter().any(|n| n.len() == name.len() + 2 && n.starts_with(name));
                            if ends && !shadowed {
                                for _ in 0..=name.len() {
                                    self.next_char();
                                }
                                return Ok(self.tok(Tok::Cast(code as u8), pos));
                            }
                        }
                    }
                    self.next_char();
                    return Ok(self.tok(Tok::Char(b'@'), pos));
                }
                _ => {
                    if is_alpha(c) {
                        let start = self.p - 1;
                        loop {
                            self.save_and_next();
                            if !is_alnum(self.current) {
                                break;
                            }
                        }
                        let end = start + self.buff.len();
                        let name = &self.src[start..end];
                        if let Some((_, k)) = RESERVED.iter().find(|(s, _)| *s == name) {
                            return Ok(self.tok(*k, pos));
                        }
                        return Ok(Token { tok: Tok::Name, val: TokVal::Str(name), pos });
                    }
                    self.next_char();
                    return Ok(self.tok(Tok::Char(c as u8), pos));
                }
            }
        }
    }

    #[inline(never)]
    fn read_numeral(&mut self, pos: u32) -> Result<Token<'a>, SyntaxError> {
        let first = self.current;
        let mut expo = b"Ee";
        self.save_and_next();
        if first == b'0' as i32 && self.check_next2(b"xX") {
            expo = b"Pp";
        }
        loop {
            if self.check_next2(expo) {
                self.check_next2(b"-+");
            }
            if is_xdigit(self.current) || self.current == b'.' as i32 {
                self.save_and_next();
            } else {
                break;
            }
        }
        match str2number(&self.buff) {
            Some(Number::Int(i)) => Ok(Token { tok: Tok::Int, val: TokVal::Int(i), pos }),
            Some(Number::Float(f)) => Ok(Token { tok: Tok::Flt, val: TokVal::Flt(f), pos }),
            None => Err(self.error_msg(b"malformed number", Some(Tok::Flt))),
        }
    }

    /// skip_sep: reads `[` or `]` followed by `=`s; returns the level if the bracket is
    /// doubled, else `-count - 1`.
    fn skip_sep(&mut self) -> i64 {
        let mut count: i64 = 0;
        let s = self.current;
        self.save_and_next();
        while self.current == b'=' as i32 {
            self.save_and_next();
            count += 1;
        }
        if self.current == s {
            count
        } else {
            -count - 1
        }
    }

    #[inline(never)]
    fn read_long_string(&mut self, is_string: bool, sep: usize) -> Result<&'a [u8], SyntaxError> {
        let line = self.linenumber;
        self.save_and_next();
        if self.cur_is_newline() {
            self.inclinenumber()?;
        }
        loop {
            if self.current == EOZ {
                let mut msg = Vec::new();
                msg.extend_from_slice(if is_string {
                    b"unfinished long string (starting at line ".as_slice()
                } else {
                    b"unfinished long comment (starting at line ".as_slice()
                });
                push_uint(&mut msg, line as u64);
                msg.push(b')');
                return Err(self.error_msg(&msg, Some(Tok::Eos)));
            }
            match self.current as u8 {
                b']' => {
                    if self.skip_sep() == sep as i64 {
                        self.save_and_next();
                        break;
                    }
                }
                b'\n' | b'\r' => {
                    self.save(b'\n' as i32);
                    self.inclinenumber()?;
                    if !is_string {
                        self.buff.clear();
                    }
                }
                _ => {
                    if is_string {
                        self.save_and_next();
                    } else {
                        self.next_char();
                    }
                }
            }
        }
        if is_string {
            let s = &self.buff[2 + sep..self.buff.len() - (2 + sep)];
            Ok(self.arena.alloc_slice_copy(s))
        } else {
            Ok(&[])
        }
    }

    fn esc_check(&mut self, ok: bool, msg: &[u8]) -> Result<(), SyntaxError> {
        if !ok {
            if self.current != EOZ {
                self.save_and_next();
            }
            return Err(self.error_msg(msg, Some(Tok::Str)));
        }
        Ok(())
    }

    fn gethexa(&mut self) -> Result<u32, SyntaxError> {
        self.save_and_next();
        self.esc_check(is_xdigit(self.current), b"hexadecimal digit expected")?;
        Ok(hexvalue(self.current))
    }

    fn read_hexa_esc(&mut self) -> Result<i32, SyntaxError> {
        let mut r = self.gethexa()?;
        r = (r << 4) + self.gethexa()?;
        self.buff.truncate(self.buff.len() - 2);
        Ok(r as i32)
    }

    fn read_utf8_esc(&mut self) -> Result<u32, SyntaxError> {
        let mut i = 4;
        self.save_and_next(); // skip 'u'
        self.esc_check(self.current == b'{' as i32, b"missing '{'")?;
        let mut r = self.gethexa()?;
        loop {
            self.save_and_next();
            if !is_xdigit(self.current) {
                break;
            }
            i += 1;
            r = (r << 4) + hexvalue(self.current);
            self.esc_check(r <= 0x10FFFF, b"UTF-8 value too large")?;
        }
        self.esc_check(self.current == b'}' as i32, b"missing '}'")?;
        self.next_char();
        self.buff.truncate(self.buff.len() - i);
        Ok(r)
    }

    fn utf8_esc(&mut self) -> Result<(), SyntaxError> {
        let x = self.read_utf8_esc()?;
        // luaO_utf8esc
        if x < 0x80 {
            self.save(x as i32);
        } else {
            let mut buf = [0u8; 8];
            let mut n = 1;
            let mut x = x;
            let mut mfb: u32 = 0x3f;
            loop {
                buf[8 - n] = (0x80 | (x & 0x3f)) as u8;
                n += 1;
                x >>= 6;
                mfb >>= 1;
                if x <= mfb {
                    break;
                }
            }
            buf[8 - n] = ((!mfb << 1) | x) as u8;
            for &b in &buf[8 - n..] {
                self.save(b as i32);
            }
        }
        Ok(())
    }

    fn read_dec_esc(&mut self) -> Result<i32, SyntaxError> {
        let mut r: i32 = 0;
        let mut i = 0;
        while i < 3 && is_digit(self.current) {
            r = 10 * r + self.current - b'0' as i32;
            self.save_and_next();
            i += 1;
        }
        self.esc_check(r <= 255, b"decimal escape too large")?;
        self.buff.truncate(self.buff.len() - i);
        Ok(r)
    }

    #[inline(never)]
    fn read_string(&mut self, del: i32) -> Result<&'a [u8], SyntaxError> {
        self.save_and_next();
        while self.current != del {
            if self.current == EOZ {
                return Err(self.error_msg(b"unfinished string", Some(Tok::Eos)));
            }
            match self.current as u8 {
                b'\n' | b'\r' => {
                    return Err(self.error_msg(b"unfinished string", Some(Tok::Str)));
                }
                b'\\' => {
                    self.save_and_next();
                    if self.current == EOZ {
                        continue; // error on the next loop
                    }
                    let c: i32 = match self.current as u8 {
                        b'a' => 7,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => 10,
                        b'r' => 13,
                        b't' => 9,
                        b'v' => 11,
                        b'x' => self.read_hexa_esc()?,
                        b'u' => {
                            self.utf8_esc()?;
                            // no_save: the '\\' was removed by read_utf8_esc
                            continue;
                        }
                        b'\n' | b'\r' => {
                            self.inclinenumber()?;
                            self.buff.pop();
                            self.save(b'\n' as i32);
                            continue;
                        }
                        b'\\' | b'"' | b'\'' => self.current,
                        b'z' => {
                            self.buff.pop();
                            self.next_char();
                            while is_space(self.current) {
                                if self.cur_is_newline() {
                                    self.inclinenumber()?;
                                } else {
                                    self.next_char();
                                }
                            }
                            continue;
                        }
                        _ => {
                            self.esc_check(is_digit(self.current), b"invalid escape sequence")?;
                            let c = self.read_dec_esc()?;
                            self.buff.pop();
                            self.save(c);
                            continue;
                        }
                    };
                    // read_save
                    self.next_char();
                    self.buff.pop();
                    self.save(c);
                }
                _ => self.save_and_next(),
            }
        }
        self.save_and_next();
        let s = &self.buff[1..self.buff.len() - 1];
        Ok(self.arena.alloc_slice_copy(s))
    }
}
