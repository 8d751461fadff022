//! Disassembly for dumps, via yaxpeax-arm (an independent decoder, also used by the
//! tests as an oracle).

use yaxpeax_arch::{Arch, Decoder, U8Reader};
use yaxpeax_arm::armv8::a64::ARMv8;

/// Decodes one word; `None` if yaxpeax-arm does not know it.
pub fn decode(word: u32) -> Option<String> {
    let decoder = <ARMv8 as Arch>::Decoder::default();
    decoder
        .decode(&mut U8Reader::new(&word.to_le_bytes()))
        .ok()
        .map(|i| i.to_string())
}

/// One line per word: `offset: word  text`, with `.word` for anything undecodable.
pub fn disassemble(words: &[u32]) -> String {
    let mut out = String::new();
    for (i, &w) in words.iter().enumerate() {
        let text = decode(w).unwrap_or_else(|| format!(".word {w:#010x}"));
        out.push_str(&format!("{:6x}: {w:08x}  {text}\n", i * 4));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn dump_lines() {
        let text = super::disassemble(&[0x8b020020, 0xd65f03c0, 0xffffffff]);
        assert_eq!(
            text.lines().next(),
            Some("     0: 8b020020  add x0, x1, x2")
        );
        assert!(text.contains("     4: d65f03c0  ret"));
        assert_eq!(text.lines().count(), 3);
    }
}
