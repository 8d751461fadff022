//! Constrained immediates, each with a fallible constructor so an unencodable value can
//! never reach an instruction word: logical bitmask immediates (`N:immr:imms`), add/sub
//! `imm12` with optional `lsl #12`, 16-bit move-wide chunks, the 8-bit float immediate of
//! `fmov`, and the small signed/scaled offsets of loads, stores and pairs.

/// A bitmask immediate as used by `and`/`orr`/`eor`/`ands` (`N:immr:imms`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct LogicalImm {
    pub n: bool,
    pub immr: u8,
    pub imms: u8,
}

fn ror(value: u64, amount: u32, size: u32) -> u64 {
    let mask = if size == 64 {
        u64::MAX
    } else {
        (1u64 << size) - 1
    };
    let amount = amount % size;
    if amount == 0 {
        return value & mask;
    }
    ((value >> amount) | (value << (size - amount))) & mask
}

fn replicate(elem: u64, size: u32) -> u64 {
    let mut v = elem;
    let mut s = size;
    while s < 64 {
        v |= v << s;
        s *= 2;
    }
    v
}

impl LogicalImm {
    /// Encodes `value` for a `width`-bit (32 or 64) instruction. For 32 bits the value
    /// must fit in 32 bits. All-zeros and all-ones have no encoding.
    pub fn encode(value: u64, width: u32) -> Option<LogicalImm> {
        let v = match width {
            64 => value,
            32 if value >> 32 == 0 => value | (value << 32),
            _ => return None,
        };
        if v == 0 || v == u64::MAX {
            return None;
        }
        // Smallest element size whose replication gives v.
        let mut size = 64u32;
        while size > 2 {
            let half = size / 2;
            let mask = (1u64 << half) - 1;
            if v & mask != (v >> half) & mask {
                break;
            }
            size = half;
        }
        let mask = if size == 64 {
            u64::MAX
        } else {
            (1u64 << size) - 1
        };
        let elem = v & mask;
        let ones = elem.count_ones();
        let pattern = (1u64 << ones) - 1; // ones < size, so no overflow
        let immr = (0..size).find(|&r| ror(pattern, r, size) == elem)?;
        let imms = ((!(size * 2 - 1)) & 0x3f) | (ones - 1);
        Some(LogicalImm {
            n: size == 64,
            immr: immr as u8,
            imms: imms as u8,
        })
    }

    /// Decodes `N:immr:imms` for a `width`-bit instruction (ARM's `DecodeBitMasks`);
    /// `None` for reserved encodings. The result is zero-extended for 32 bits.
    pub fn decode(n: bool, immr: u8, imms: u8, width: u32) -> Option<u64> {
        if immr > 63 || imms > 63 || (width == 32 && n) || (width != 32 && width != 64) {
            return None;
        }
        let combined = ((n as u32) << 6) | (!imms as u32 & 0x3f);
        if combined == 0 {
            return None;
        }
        let len = 31 - combined.leading_zeros();
        if len < 1 {
            return None;
        }
        let size = 1u32 << len;
        let levels = size - 1;
        let s = imms as u32 & levels;
        let r = immr as u32 & levels;
        if s == levels {
            return None;
        }
        let elem = ror((1u64 << (s + 1)) - 1, r, size);
        let v = replicate(elem, size);
        Some(if width == 32 { v & 0xffff_ffff } else { v })
    }

    /// The 13 bits `N:immr:imms` placed at bits 22..10.
    pub fn bits(self) -> u32 {
        ((self.n as u32) << 22) | ((self.immr as u32) << 16) | ((self.imms as u32) << 10)
    }
}

/// An add/sub immediate: 12 bits, optionally shifted left by 12.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct AddSubImm {
    pub imm12: u16,
    pub lsl12: bool,
}

impl AddSubImm {
    pub fn encode(value: u64) -> Option<AddSubImm> {
        if value < 0x1000 {
            Some(AddSubImm {
                imm12: value as u16,
                lsl12: false,
            })
        } else if value & 0xfff == 0 && value >> 12 < 0x1000 {
            Some(AddSubImm {
                imm12: (value >> 12) as u16,
                lsl12: true,
            })
        } else {
            None
        }
    }
    pub fn value(self) -> u64 {
        (self.imm12 as u64) << if self.lsl12 { 12 } else { 0 }
    }
    /// `sh:imm12` placed at bits 22..10.
    pub fn bits(self) -> u32 {
        ((self.lsl12 as u32) << 22) | ((self.imm12 as u32) << 10)
    }
}

/// The 8-bit floating-point immediate of `fmov d, #imm`: ±(16..31)/16 × 2^(-3..4).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct FpImm8(pub u8);

impl FpImm8 {
    pub fn encode(value: f64) -> Option<FpImm8> {
        let bits = value.to_bits();
        if bits & ((1u64 << 48) - 1) != 0 {
            return None;
        }
        let b = (bits >> 61) & 1;
        let run = (bits >> 54) & 0xff;
        if run != if b == 1 { 0xff } else { 0 } || (bits >> 62) & 1 == b {
            return None;
        }
        let sign = bits >> 63;
        let cd = (bits >> 52) & 3;
        let efgh = (bits >> 48) & 0xf;
        Some(FpImm8(((sign << 7) | (b << 6) | (cd << 4) | efgh) as u8))
    }
    pub fn decode(self) -> f64 {
        let a = (self.0 >> 7) as u64 & 1;
        let b = (self.0 >> 6) as u64 & 1;
        let cdefgh = (self.0 & 0x3f) as u64;
        let bits =
            (a << 63) | ((b ^ 1) << 62) | (if b == 1 { 0xff } else { 0 } << 54) | (cdefgh << 48);
        f64::from_bits(bits)
    }
}

/// One 16-bit chunk for `movz`/`movn`/`movk`: `imm16 << (16 * hw)`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct MoveWideImm {
    pub imm16: u16,
    pub hw: u8,
}

impl MoveWideImm {
    /// Encodes a value that has at most one non-zero 16-bit chunk (within `width` bits).
    pub fn encode(value: u64, width: u32) -> Option<MoveWideImm> {
        if width == 32 && value >> 32 != 0 {
            return None;
        }
        (0..width / 16)
            .map(|hw| (hw, 16 * hw))
            .find(|&(_, s)| value & !(0xffffu64 << s) == 0)
            .map(|(hw, s)| MoveWideImm {
                imm16: (value >> s) as u16,
                hw: hw as u8,
            })
    }
}

/// A signed offset in `bits` bits after dividing by `scale` (exact); returns the field.
pub fn signed_scaled(value: i64, bits: u32, scale: i64) -> Option<u32> {
    if value % scale != 0 {
        return None;
    }
    let v = value / scale;
    let lim = 1i64 << (bits - 1);
    if v < -lim || v >= lim {
        return None;
    }
    Some((v as u32) & ((1u32 << bits) - 1))
}

/// An unsigned 12-bit offset after dividing by `scale` (exact); returns the field.
pub fn unsigned_scaled12(value: i64, scale: i64) -> Option<u32> {
    if value < 0 || value % scale != 0 || value / scale >= 4096 {
        return None;
    }
    Some((value / scale) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_examples() {
        assert_eq!(
            LogicalImm::encode(0xff, 64),
            Some(LogicalImm {
                n: true,
                immr: 0,
                imms: 7
            })
        );
        assert_eq!(LogicalImm::encode(0, 64), None);
        assert_eq!(LogicalImm::encode(u64::MAX, 64), None);
        assert_eq!(LogicalImm::encode(0x1234, 64), None);
        assert_eq!(
            LogicalImm::encode(0x5555_5555, 32),
            Some(LogicalImm {
                n: false,
                immr: 0,
                imms: 0x3c
            })
        );
    }

    #[test]
    fn fp_examples() {
        assert_eq!(FpImm8::encode(2.0), Some(FpImm8(0)));
        assert_eq!(FpImm8::encode(1.0), Some(FpImm8(0x70)));
        assert_eq!(FpImm8::encode(-0.5), Some(FpImm8(0xe0)));
        assert_eq!(FpImm8::encode(0.0), None);
        assert_eq!(FpImm8::encode(0.1), None);
        for i in 0..=255u8 {
            assert_eq!(FpImm8::encode(FpImm8(i).decode()), Some(FpImm8(i)));
        }
    }
}
