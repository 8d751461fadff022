//! Condition codes for `b.cond`, `csel` and friends.

/// An AArch64 condition code; the discriminant is the 4-bit hardware encoding.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Hash)]
pub enum Cond {
    Eq = 0,
    Ne = 1,
    /// Carry set, also `hs` (unsigned >=).
    Cs = 2,
    /// Carry clear, also `lo` (unsigned <).
    Cc = 3,
    Mi = 4,
    Pl = 5,
    Vs = 6,
    Vc = 7,
    Hi = 8,
    Ls = 9,
    Ge = 10,
    Lt = 11,
    Gt = 12,
    Le = 13,
    Al = 14,
    Nv = 15,
}

impl Cond {
    /// Unsigned higher or same.
    pub const HS: Cond = Cond::Cs;
    /// Unsigned lower.
    pub const LO: Cond = Cond::Cc;

    const ALL: [Cond; 16] = [
        Cond::Eq,
        Cond::Ne,
        Cond::Cs,
        Cond::Cc,
        Cond::Mi,
        Cond::Pl,
        Cond::Vs,
        Cond::Vc,
        Cond::Hi,
        Cond::Ls,
        Cond::Ge,
        Cond::Lt,
        Cond::Gt,
        Cond::Le,
        Cond::Al,
        Cond::Nv,
    ];

    /// The 4-bit encoding.
    pub const fn bits(self) -> u32 {
        self as u32
    }

    /// The condition with the given 4-bit encoding (only the low 4 bits are used).
    pub const fn from_bits(bits: u32) -> Cond {
        Cond::ALL[(bits & 15) as usize]
    }

    /// The opposite condition (flips the low bit: eq<->ne, ge<->lt, ...; al<->nv, and
    /// both of those mean "always", so do not invert them expecting "never").
    pub const fn invert(self) -> Cond {
        Cond::from_bits(self.bits() ^ 1)
    }

    /// Lower-case mnemonic suffix as GNU as spells it.
    pub const fn name(self) -> &'static str {
        [
            "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
            "al", "nv",
        ][self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invert_pairs() {
        assert_eq!(Cond::Eq.invert(), Cond::Ne);
        assert_eq!(Cond::Ge.invert(), Cond::Lt);
        assert_eq!(Cond::HS.invert(), Cond::LO);
        assert_eq!(Cond::Hi.invert(), Cond::Ls);
        for bits in 0..16 {
            let c = Cond::from_bits(bits);
            assert_eq!(c.bits(), bits);
            assert_eq!(c.invert().invert(), c);
        }
    }
}
