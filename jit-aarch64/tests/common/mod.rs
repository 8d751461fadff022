//! Shared test helpers: a xorshift PRNG (no proptest dependency) and a reader for
//! PC-relative targets in yaxpeax-arm's text.
#![allow(dead_code)]

/// xorshift64*: small, deterministic, good enough to spread operands around.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A 64-bit value with structure: each 16-bit chunk is 0, 0xffff, a repeat of
    /// another chunk, or random, so that every move-wide strategy gets exercised.
    pub fn chunky(&mut self) -> u64 {
        let mut v = 0u64;
        let first = self.next() & 0xffff;
        for i in 0..4 {
            let c = match self.below(4) {
                0 => 0,
                1 => 0xffff,
                2 => first,
                _ => self.next() & 0xffff,
            };
            v |= c << (16 * i);
        }
        v
    }
}

/// The target offset of a PC-relative instruction at byte `at`, read from
/// yaxpeax-arm's `$+0x..`/`$-0x..` notation.
pub fn yaxpeax_target(word: u32, at: usize) -> Option<i64> {
    let text = ravi_jit_aarch64::disasm::decode(word)?;
    let pos = text.find('$')?;
    let rest = &text[pos + 1..];
    let (neg, digits) = match rest.as_bytes().first()? {
        b'+' => (false, &rest[1..]),
        b'-' => (true, &rest[1..]),
        _ => return None,
    };
    let digits = digits.trim_start_matches("0x");
    let end = digits
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(digits.len());
    let v = i64::from_str_radix(&digits[..end], 16).ok()?;
    Some(at as i64 + if neg { -v } else { v })
}
