//! Property tests over random operands: the immediate encoders (with exhaustive checks
//! where the space is small), the mov-immediate planner (run through a small
//! interpreter of movz/movn/movk/orr words), and label fix-ups for every branch range.

mod common;

use std::collections::HashSet;

use common::{yaxpeax_target, Rng};
use ravi_jit_aarch64::imm::{AddSubImm, FpImm8, LogicalImm};
use ravi_jit_aarch64::macro_assembler::plan_mov;
use ravi_jit_aarch64::*;

/// Every canonical (N, immr, imms) triple, decoded: immr below the element size.
fn all_logical(width: u32) -> HashSet<u64> {
    let mut set = HashSet::new();
    for n in [false, true] {
        for immr in 0..64u8 {
            for imms in 0..64u8 {
                let Some(v) = LogicalImm::decode(n, immr, imms, width) else {
                    continue;
                };
                let size = if n {
                    64
                } else {
                    32 >> (!imms & 0x3f).leading_zeros().saturating_sub(26)
                };
                if (immr as u32) < size {
                    set.insert(v);
                }
            }
        }
    }
    set
}

#[test]
fn logical_immediate_exhaustive() {
    for (width, count) in [(64, 5334), (32, 1302)] {
        let set = all_logical(width);
        assert_eq!(set.len(), count, "distinct {width}-bit bitmask immediates");
        for &v in &set {
            let e = LogicalImm::encode(v, width).unwrap_or_else(|| panic!("{v:#x} not found"));
            assert_eq!(
                LogicalImm::decode(e.n, e.immr, e.imms, width),
                Some(v),
                "{v:#x}"
            );
        }
    }
}

#[test]
fn logical_immediate_random() {
    let set64 = all_logical(64);
    let set32 = all_logical(32);
    let mut rng = Rng::new(1);
    for i in 0..200_000 {
        // Half the values are near-misses of real patterns: flip one bit of a member.
        let v = match i % 3 {
            0 => rng.next(),
            1 => rng.chunky(),
            _ => {
                let members: Vec<&u64> = set64.iter().take(64).collect();
                *members[rng.below(64) as usize] ^ (1 << rng.below(64))
            }
        };
        match LogicalImm::encode(v, 64) {
            Some(e) => assert_eq!(LogicalImm::decode(e.n, e.immr, e.imms, 64), Some(v)),
            None => assert!(!set64.contains(&v), "{v:#x} is encodable but was not found"),
        }
        let w = v & 0xffff_ffff;
        assert_eq!(
            LogicalImm::encode(w, 32).is_some(),
            set32.contains(&w),
            "{w:#x}"
        );
    }
}

#[test]
fn add_sub_immediate_exhaustive_below_2_pow_25() {
    for v in 0..(1u64 << 25) {
        let ok = v < 4096 || (v & 0xfff == 0 && v < 1 << 24);
        match AddSubImm::encode(v) {
            Some(e) => {
                assert!(ok);
                assert_eq!(e.value(), v);
            }
            None => assert!(!ok, "{v:#x}"),
        }
    }
    assert_eq!(AddSubImm::encode(u64::MAX), None);
}

#[test]
fn fp_immediate_roundtrip_and_rejects() {
    let set: HashSet<u64> = (0..=255u8).map(|i| FpImm8(i).decode().to_bits()).collect();
    assert_eq!(set.len(), 256);
    for i in 0..=255u8 {
        let v = FpImm8(i).decode();
        assert_eq!(FpImm8::encode(v), Some(FpImm8(i)));
        // The documented shape: ±(16..31)/16 × 2^(-3..4)
        let m = v.abs();
        assert!((0.125..=31.0).contains(&m), "{v}");
    }
    let mut rng = Rng::new(7);
    for _ in 0..100_000 {
        let bits = rng.next();
        let bits = if rng.below(2) == 0 {
            bits & 0xffff_0000_0000_0000
        } else {
            bits
        };
        assert_eq!(
            FpImm8::encode(f64::from_bits(bits)).is_some(),
            set.contains(&bits),
            "{bits:#x}"
        );
    }
}

/// Runs the words of a mov-family sequence (movz/movn/movk/orr-immediate into one
/// register) and returns the register's final value.
fn interpret_mov(words: &[u32]) -> u64 {
    let mut reg: u64 = 0xdead_beef_dead_beef;
    for &w in words {
        let sf = w >> 31 == 1;
        let mask = if sf { u64::MAX } else { 0xffff_ffff };
        if (w >> 23) & 0x3f == 0b100101 {
            let (opc, hw, imm) = ((w >> 29) & 3, (w >> 21) & 3, ((w >> 5) & 0xffff) as u64);
            let shift = 16 * hw;
            reg = match opc {
                0 => !(imm << shift) & mask,
                2 => imm << shift,
                3 => ((reg & !(0xffff << shift)) | (imm << shift)) & mask,
                _ => panic!("bad move-wide {w:08x}"),
            };
        } else if (w >> 23) & 0x3f == 0b100100 && (w >> 29) & 3 == 1 && (w >> 5) & 31 == 31 {
            let n = (w >> 22) & 1 == 1;
            let imm = LogicalImm::decode(
                n,
                ((w >> 16) & 0x3f) as u8,
                ((w >> 10) & 0x3f) as u8,
                if sf { 64 } else { 32 },
            );
            reg = imm.expect("valid bitmask immediate");
        } else {
            panic!("not a mov-family word: {w:08x}");
        }
    }
    reg
}

#[test]
fn mov_imm_sequences_compute_the_value_in_few_instructions() {
    let mut rng = Rng::new(42);
    let mut edge = vec![
        0,
        1,
        u64::MAX,
        0x8000_0000_0000_0000,
        0x7fff_ffff_ffff_ffff,
        0xffff_0000_ffff_0000,
        0x1234_5678_1234_5678,
        0x0000_ffff_0000_0000,
        0xffff_ffff_0000_0000,
        0x5555_5555_5555_5555,
        0x1234_5555_5555_5555,
        0x1234_ffff_ffff_5678,
    ];
    edge.extend((0..50_000).map(|i| if i % 2 == 0 { rng.chunky() } else { rng.next() }));
    let mut total = 0;
    for v in edge {
        for wide in [true, false] {
            let mut m = MacroAssembler::new();
            let expect = if wide {
                m.mov_imm(X3, v);
                v
            } else {
                m.mov_imm(W3, v & 0xffff_ffff);
                v & 0xffff_ffff
            };
            let code = m.finalize().unwrap();
            assert_eq!(interpret_mov(code.words()), expect, "{v:#x} wide={wide}");
            let bits = if wide { 64 } else { 32 };
            let chunks: Vec<u64> = (0..bits / 16)
                .map(|i| (expect >> (16 * i)) & 0xffff)
                .collect();
            let zeros = chunks.iter().filter(|&&c| c == 0).count();
            let ones = chunks.iter().filter(|&&c| c == 0xffff).count();
            let naive = (chunks.len() - zeros.max(ones)).max(1);
            let n = code.words().len();
            assert!(n <= naive, "{v:#x}: {n} > movz/movn bound {naive}");
            if LogicalImm::encode(expect, bits).is_some() {
                assert_eq!(n, 1, "{v:#x} is a bitmask immediate");
            }
            assert_eq!(plan_mov(expect, bits).len(), n);
            total += n;
        }
    }
    assert!(total > 0);
}

#[test]
fn mov_imm_known_sequences() {
    // VIXL's move_immediate examples: counts of the best sequences.
    for (v, n) in [
        (0x1234u64, 1),
        (0xffff_ffff_ffff_1234, 1),
        (0x1234_0000_0000_5678, 2),
        (0x5555_5555_5555_5555, 1),
        (0x1234_5555_5555_5555, 2),
        (0x1234_5678_9abc_def0, 4),
        (0xffff_1234_ffff_5678, 2),
        (0x0000_1234_5678_0000, 2),
    ] {
        assert_eq!(plan_mov(v, 64).len(), n, "{v:#x}: {:?}", plan_mov(v, 64));
    }
}

/// Kinds of label references the random program uses.
#[derive(Copy, Clone, Debug)]
enum Ref {
    B,
    Bl,
    BCond,
    Cbz,
    Tbnz,
    Adr,
    Ldr,
}

impl Ref {
    fn kind(self) -> FixupKind {
        match self {
            Ref::B | Ref::Bl => FixupKind::Imm26,
            Ref::BCond | Ref::Cbz | Ref::Ldr => FixupKind::Imm19,
            Ref::Tbnz => FixupKind::Imm14,
            Ref::Adr => FixupKind::Adr21,
        }
    }
    fn emit(self, a: &mut Assembler, l: Label) {
        match self {
            Ref::B => a.b(l),
            Ref::Bl => a.bl(l),
            Ref::BCond => a.b_cond(Cond::Ge, l),
            Ref::Cbz => a.cbz(W7, l),
            Ref::Tbnz => a.tbnz(X7, 40, l),
            Ref::Adr => a.adr(X7, l),
            Ref::Ldr => a.ldr_literal(X7, l),
        }
    }
}

const REFS: [Ref; 7] = [
    Ref::B,
    Ref::Bl,
    Ref::BCond,
    Ref::Cbz,
    Ref::Tbnz,
    Ref::Adr,
    Ref::Ldr,
];

#[test]
fn random_label_programs_resolve_to_their_targets() {
    let mut rng = Rng::new(99);
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..300 {
        let mut a = Assembler::new();
        let labels: Vec<Label> = (0..8).map(|_| a.new_label()).collect();
        let mut bound = vec![None; labels.len()];
        let mut refs = Vec::new();
        for _ in 0..rng.below(60) + 1 {
            match rng.below(4) {
                0 => (0..rng.below(2000)).for_each(|_| a.nop()),
                1 => {
                    let i = rng.below(8) as usize;
                    if bound[i].is_none() {
                        bound[i] = Some(a.offset());
                        a.bind(labels[i]);
                    }
                }
                _ => {
                    let i = rng.below(8) as usize;
                    let r = REFS[rng.below(REFS.len() as u64) as usize];
                    refs.push((a.offset(), r, i));
                    r.emit(&mut a, labels[i]);
                }
            }
        }
        for (i, l) in labels.iter().enumerate() {
            if bound[i].is_none() {
                bound[i] = Some(a.offset());
                a.bind(*l);
            }
        }
        let in_range = refs
            .iter()
            .all(|&(at, r, i)| r.kind().in_range(bound[i].unwrap() as i64 - at as i64));
        match a.finalize() {
            Ok(code) => {
                assert!(in_range, "round {round}: out-of-range reference accepted");
                accepted += 1;
                for (at, r, i) in refs {
                    let word = code.words()[at / 4];
                    assert_eq!(
                        yaxpeax_target(word, at),
                        Some(bound[i].unwrap() as i64),
                        "round {round} {r:?} at {at:#x}"
                    );
                }
            }
            Err(e) => {
                assert!(!in_range, "round {round}: {e}");
                assert_eq!(e.kind, ErrorKind::BranchOutOfRange);
                rejected += 1;
            }
        }
    }
    assert!(
        accepted > 50 && rejected > 10,
        "accepted {accepted}, rejected {rejected}"
    );
}

#[test]
fn branch_range_limits_are_exact() {
    // (reference, largest forward distance in bytes)
    for (r, max) in [
        (Ref::Tbnz, 32764i64),
        (Ref::BCond, (1 << 20) - 4),
        (Ref::Cbz, (1 << 20) - 4),
        (Ref::Adr, (1 << 20) - 4),
    ] {
        for (dist, ok) in [(max, true), (max + 4, false)] {
            let mut a = Assembler::new();
            let l = a.new_label();
            r.emit(&mut a, l);
            (0..dist / 4 - 1).for_each(|_| a.nop());
            a.bind(l);
            assert_eq!(a.finalize().is_ok(), ok, "{r:?} forward {dist}");
        }
        let min = -(max + 4);
        for (dist, ok) in [(min, true), (min - 4, false)] {
            let mut a = Assembler::new();
            let l = a.new_label();
            a.bind(l);
            (0..-dist / 4).for_each(|_| a.nop());
            r.emit(&mut a, l);
            let res = a.finalize();
            assert_eq!(res.is_ok(), ok, "{r:?} backward {dist}");
            if let Err(e) = res {
                assert_eq!(
                    e,
                    AsmError {
                        offset: (-dist) as usize,
                        kind: ErrorKind::BranchOutOfRange
                    }
                );
            }
        }
    }
}
