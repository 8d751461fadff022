//! Code assembled and run for real. These need an AArch64 host or qemu-aarch64:
//!
//! ```sh
//! CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
//! CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
//! cargo test -p ravi-jit-aarch64 --target aarch64-unknown-linux-gnu
//! ```
#![cfg(target_arch = "aarch64")]

mod common;

use common::Rng;
use ravi_jit_aarch64::*;

type Fn2 = extern "C" fn(u64, u64) -> u64;
type FnF = extern "C" fn(f64, f64) -> f64;

fn jit(f: impl FnOnce(&mut MacroAssembler)) -> ExecutableMemory {
    let mut m = MacroAssembler::new();
    f(&mut m);
    let code = m.finalize().unwrap_or_else(|e| panic!("{e}"));
    ExecutableMemory::from_blob(&code).expect("map code")
}

fn fn2(mem: &ExecutableMemory) -> Fn2 {
    // SAFETY: every test function built here follows the AAPCS64 signature
    // (u64, u64) -> u64 and `mem` outlives the calls in the test.
    unsafe { mem.function::<Fn2>(0) }.unwrap()
}

fn fnf(mem: &ExecutableMemory) -> FnF {
    // SAFETY: as in `fn2`, for (f64, f64) -> f64.
    unsafe { mem.function::<FnF>(0) }.unwrap()
}

#[test]
fn add_two_arguments() {
    let mem = jit(|m| {
        m.add(X0, X0, X1);
        m.ret();
    });
    assert_eq!(fn2(&mem)(40, 2), 42);
    assert_eq!(fn2(&mem)(u64::MAX, 2), 1);
}

#[test]
fn loop_sum() {
    let mem = jit(|m| {
        let (top, done) = (m.new_label(), m.new_label());
        m.mov_imm(X2, 0);
        m.bind(top);
        m.cbz(X0, done);
        m.add(X2, X2, X0);
        m.sub(X0, X0, 1);
        m.b(top);
        m.bind(done);
        m.mov(X0, X2);
        m.ret();
    });
    for n in [0u64, 1, 10, 1000, 100_000] {
        assert_eq!(fn2(&mem)(n, 0), n * (n + 1) / 2);
    }
}

#[test]
fn recursive_fib() {
    let mem = jit(|m| {
        let (fib, base) = (m.new_label(), m.new_label());
        m.bind(fib);
        m.cmp(X0, 2);
        m.b_cond(Cond::LO, base);
        m.stp(X29, X30, pre(SP, -32));
        m.mov(X29, SP);
        m.str(X19, mem(SP, 16));
        m.mov(X19, X0);
        m.sub(X0, X0, 1);
        m.bl(fib);
        m.mov(X1, X0);
        m.sub(X0, X19, 2);
        m.mov(X19, X1);
        m.bl(fib);
        m.add(X0, X0, X19);
        m.ldr(X19, mem(SP, 16));
        m.ldp(X29, X30, post(SP, 32));
        m.bind(base);
        m.ret();
    });
    let fib = |n: u64| (0..n).fold((0u64, 1u64), |(a, b), _| (b, a + b)).0;
    for n in [0, 1, 2, 10, 20] {
        assert_eq!(fn2(&mem)(n, 0), fib(n), "fib({n})");
    }
}

extern "C" fn triple_plus_one(x: u64) -> u64 {
    x * 3 + 1
}

extern "C" fn add_ten(x: u64) -> u64 {
    x + 10
}

#[test]
fn calls_out_to_rust_and_back() {
    // f(x, table) = table[1](triple_plus_one(x)) + 1
    let mem = jit(|m| {
        m.stp(X29, X30, pre(SP, -32));
        m.mov(X29, SP);
        m.str(X19, mem(SP, 16));
        m.mov(X19, X1);
        m.call(triple_plus_one as extern "C" fn(u64) -> u64 as usize);
        m.call_table(X19, 8);
        m.add(X0, X0, 1);
        m.ldr(X19, mem(SP, 16));
        m.ldp(X29, X30, post(SP, 32));
        m.ret();
    });
    let table: [extern "C" fn(u64) -> u64; 2] = [triple_plus_one, add_ten];
    assert_eq!(fn2(&mem)(5, table.as_ptr() as u64), 5 * 3 + 1 + 10 + 1);
}

#[test]
fn float_arithmetic() {
    // hypot-ish: sqrt(a*a + b*b), via fmul + fmadd + fsqrt
    let mem = jit(|m| {
        m.fmul(D2, D0, D0);
        m.fmadd(D2, D1, D1, D2);
        m.fsqrt(D0, D2);
        m.ret();
    });
    assert_eq!(fnf(&mem)(3.0, 4.0), 5.0);
    let ops: Vec<(&str, fn(&mut MacroAssembler), fn(f64, f64) -> f64)> = vec![
        ("fadd", |m| m.fadd(D0, D0, D1), |a, b| a + b),
        ("fsub", |m| m.fsub(D0, D0, D1), |a, b| a - b),
        ("fmul", |m| m.fmul(D0, D0, D1), |a, b| a * b),
        ("fdiv", |m| m.fdiv(D0, D0, D1), |a, b| a / b),
        ("fmin", |m| m.fmin(D0, D0, D1), |a, b| a.min(b)),
        ("fmax", |m| m.fmax(D0, D0, D1), |a, b| a.max(b)),
        (
            "fmsub",
            |m| m.fmsub(D0, D0, D1, D0),
            |a, b| a.mul_add(-b, a),
        ),
        ("fneg", |m| m.fneg(D0, D1), |_, b| -b),
        ("fabs", |m| m.fabs(D0, D1), |_, b| b.abs()),
        ("fmov", |m| m.fmov(D0, D1), |_, b| b),
        ("frintm", |m| m.frintm(D0, D0), |a, _| a.floor()),
        ("frintp", |m| m.frintp(D0, D0), |a, _| a.ceil()),
        ("frintz", |m| m.frintz(D0, D0), |a, _| a.trunc()),
        ("frinta", |m| m.frinta(D0, D0), |a, _| a.round()),
        ("frintn", |m| m.frintn(D0, D0), |a, _| a.round_ties_even()),
        (
            "fcsel lt",
            |m| {
                m.fcmp(D0, D1);
                m.fcsel(D0, D0, D1, Cond::Mi)
            },
            |a, b| if a < b { a } else { b },
        ),
        (
            "fcmpe zero",
            |m| {
                m.fcmpe_zero(D0);
                m.fmov_const(D0, 1.0);
                m.fmov_const(D2, -1.0);
                m.fcsel(D0, D0, D2, Cond::Gt)
            },
            |a, _| if a > 0.0 { 1.0 } else { -1.0 },
        ),
        (
            "scvtf(fcvtzs)",
            |m| {
                m.fcvtzs(X0, D0);
                m.scvtf(D0, X0)
            },
            |a, _| a.trunc() + 0.0,
        ),
        (
            "scvtf(fcvtms)",
            |m| {
                m.fcvtms(W0, D0);
                m.scvtf(D0, W0)
            },
            |a, _| a.floor() + 0.0,
        ),
        (
            "scvtf(fcvtps)",
            |m| {
                m.fcvtps(X0, D0);
                m.scvtf(D0, X0)
            },
            |a, _| a.ceil() + 0.0,
        ),
        (
            "ucvtf(fcvtzu)",
            |m| {
                m.fcvtzu(X0, D0);
                m.ucvtf(D0, X0)
            },
            |a, _| a.trunc().max(0.0) + 0.0,
        ),
        (
            "fmov via gpr",
            |m| {
                m.fmov_to_gpr(X0, D1);
                m.fmov_from_gpr(D0, X0)
            },
            |_, b| b,
        ),
    ];
    let mut rng = Rng::new(3);
    let inputs: Vec<(f64, f64)> = (0..200)
        .map(|_| {
            (
                (rng.below(2_000_000) as f64 - 1e6) / 1000.0,
                (rng.below(2_000_000) as f64 - 1e6) / 777.0,
            )
        })
        .chain([(2.5, -2.5), (-0.5, 0.5), (0.0, -0.0), (3.5, 1e-300)])
        .collect();
    for (name, emit, want) in ops {
        let mem = jit(|m| {
            emit(m);
            m.ret();
        });
        for &(a, b) in &inputs {
            let got = fnf(&mem)(a, b);
            assert_eq!(
                got.to_bits(),
                want(a, b).to_bits(),
                "{name}({a}, {b}) = {got}"
            );
        }
    }
}

#[test]
fn integer_operations_match_rust() {
    let ops: Vec<(&str, fn(&mut MacroAssembler), fn(u64, u64) -> u64)> = vec![
        ("mul", |m| m.mul(X0, X0, X1), |a, b| a.wrapping_mul(b)),
        (
            "madd",
            |m| m.madd(X0, X0, X1, X1),
            |a, b| a.wrapping_mul(b).wrapping_add(b),
        ),
        (
            "msub",
            |m| m.msub(X0, X0, X1, X1),
            |a, b| b.wrapping_sub(a.wrapping_mul(b)),
        ),
        (
            "smulh",
            |m| m.smulh(X0, X0, X1),
            |a, b| ((a as i64 as i128 * b as i64 as i128) >> 64) as u64,
        ),
        (
            "umulh",
            |m| m.umulh(X0, X0, X1),
            |a, b| ((a as u128 * b as u128) >> 64) as u64,
        ),
        (
            "udiv",
            |m| m.udiv(X0, X0, X1),
            |a, b| a.checked_div(b).unwrap_or(0),
        ),
        (
            "sdiv",
            |m| m.sdiv(X0, X0, X1),
            |a, b| {
                if b == 0 {
                    0
                } else {
                    (a as i64).wrapping_div(b as i64) as u64
                }
            },
        ),
        (
            "udiv w",
            |m| m.udiv(W0, W0, W1),
            |a, b| (a as u32).checked_div(b as u32).unwrap_or(0) as u64,
        ),
        ("clz", |m| m.clz(X0, X0), |a, _| a.leading_zeros() as u64),
        (
            "clz w",
            |m| m.clz(W0, W0),
            |a, _| (a as u32).leading_zeros() as u64,
        ),
        ("lslv", |m| m.lslv(X0, X0, X1), |a, b| a << (b & 63)),
        (
            "asrv",
            |m| m.asrv(X0, X0, X1),
            |a, b| ((a as i64) >> (b & 63)) as u64,
        ),
        (
            "rorv w",
            |m| m.rorv(W0, W0, W1),
            |a, b| (a as u32).rotate_right(b as u32 & 31) as u64,
        ),
        ("lsr 7", |m| m.lsr(X0, X0, 7), |a, _| a >> 7),
        (
            "asr w 3",
            |m| m.asr(W0, W0, 3),
            |a, _| ((a as i32) >> 3) as u32 as u64,
        ),
        ("ror 13", |m| m.ror(X0, X0, 13), |a, _| a.rotate_right(13)),
        ("ubfx", |m| m.ubfx(X0, X0, 5, 11), |a, _| (a >> 5) & 0x7ff),
        (
            "sbfx",
            |m| m.sbfx(X0, X0, 60, 4),
            |a, _| ((a as i64) >> 60) as u64,
        ),
        ("ubfiz", |m| m.ubfiz(X0, X0, 3, 8), |a, _| (a & 0xff) << 3),
        (
            "bfi",
            |m| m.bfi(X0, X1, 8, 16),
            |a, b| (a & !0xffff00) | ((b & 0xffff) << 8),
        ),
        ("sxtw", |m| m.sxtw(X0, W0), |a, _| a as i32 as i64 as u64),
        (
            "add ext",
            |m| m.add(X0, X0, W1.sxth(2)),
            |a, b| a.wrapping_add(((b as i16 as i64) << 2) as u64),
        ),
        (
            "sub shifted",
            |m| m.sub(X0, X0, X1.asr(3)),
            |a, b| a.wrapping_sub(((b as i64) >> 3) as u64),
        ),
        ("neg", |m| m.neg(X0, X1), |_, b| b.wrapping_neg()),
        (
            "and imm",
            |m| m.and(X0, X0, 0x00ff_00ff_00ff_00ffu64),
            |a, _| a & 0x00ff_00ff_00ff_00ff,
        ),
        (
            "orr any",
            |m| m.orr(X0, X0, 0x1234_5678),
            |a, _| a | 0x1234_5678,
        ),
        ("eor reg", |m| m.eor(X0, X0, X1.lsl(1)), |a, b| a ^ (b << 1)),
        ("bic", |m| m.bic(X0, X0, X1), |a, b| a & !b),
        ("mvn", |m| m.mvn(X0, X1), |_, b| !b),
        (
            "add any",
            |m| m.add(X0, X0, 0x1234_5678_9abci64),
            |a, _| a.wrapping_add(0x1234_5678_9abc),
        ),
        (
            "cset lt",
            |m| {
                m.cmp(X0, X1);
                m.cset(X0, Cond::Lt)
            },
            |a, b| ((a as i64) < b as i64) as u64,
        ),
        (
            "csetm hi",
            |m| {
                m.cmp(X0, X1);
                m.csetm(X0, Cond::Hi)
            },
            |a, b| if a > b { u64::MAX } else { 0 },
        ),
        (
            "csel",
            |m| {
                m.cmp(X0, X1);
                m.csel(X0, X0, X1, Cond::HS)
            },
            |a, b| a.max(b),
        ),
        (
            "csinc",
            |m| {
                m.tst(X0, 1);
                m.csinc(X0, X1, X1, Cond::Ne)
            },
            |a, b| if a & 1 != 0 { b } else { b.wrapping_add(1) },
        ),
        (
            "csneg",
            |m| {
                m.cmp(X0, 0);
                m.csneg(X0, X0, X0, Cond::Ge)
            },
            |a, _| (a as i64).wrapping_abs() as u64,
        ),
        (
            "cmn any",
            |m| {
                m.cmn(X0, 0x1234_5678);
                m.cset(X0, Cond::Eq)
            },
            |a, _| (a.wrapping_add(0x1234_5678) == 0) as u64,
        ),
        (
            "tbnz",
            |m| {
                let l = m.new_label();
                m.mov(X2, X0);
                m.mov_imm(X0, 1);
                m.tbnz(X2, 33, l);
                m.mov_imm(X0, 0);
                m.bind(l)
            },
            |a, _| (a >> 33) & 1,
        ),
    ];
    let mut rng = Rng::new(11);
    let inputs: Vec<(u64, u64)> = (0..300)
        .map(|i| match i % 3 {
            0 => (rng.next(), rng.next()),
            1 => (rng.chunky(), rng.below(70)),
            _ => (rng.below(1000), rng.next() >> rng.below(64)),
        })
        .chain([(0, 0), (u64::MAX, 1), (i64::MIN as u64, u64::MAX), (1, 0)])
        .collect();
    for (name, emit, want) in ops {
        let mem = jit(|m| {
            emit(m);
            m.ret();
        });
        for &(a, b) in &inputs {
            assert_eq!(fn2(&mem)(a, b), want(a, b), "{name}({a:#x}, {b:#x})");
        }
    }
}

#[test]
fn loads_and_stores_of_every_size() {
    let mut buf = [0u8; 64];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) ^ 0x80;
    }
    let ops: Vec<(&str, fn(&mut MacroAssembler), fn(&[u8; 64], u64) -> u64)> = vec![
        (
            "ldr x",
            |m| m.ldr(X0, mem(X0, 8)),
            |b, _| u64::from_le_bytes(b[8..16].try_into().unwrap()),
        ),
        (
            "ldr w",
            |m| m.ldr(W0, mem(X0, 12)),
            |b, _| u32::from_le_bytes(b[12..16].try_into().unwrap()) as u64,
        ),
        ("ldrb", |m| m.ldrb(W0, mem(X0, 3)), |b, _| b[3] as u64),
        (
            "ldrh",
            |m| m.ldrh(W0, mem(X0, 6)),
            |b, _| u16::from_le_bytes([b[6], b[7]]) as u64,
        ),
        (
            "ldrsb x",
            |m| m.ldrsb(X0, mem(X0, 5)),
            |b, _| b[5] as i8 as i64 as u64,
        ),
        (
            "ldrsb w",
            |m| m.ldrsb(W0, mem(X0, 5)),
            |b, _| b[5] as i8 as i32 as u32 as u64,
        ),
        (
            "ldrsh x",
            |m| m.ldrsh(X0, mem(X0, 2)),
            |b, _| i16::from_le_bytes([b[2], b[3]]) as i64 as u64,
        ),
        (
            "ldrsw",
            |m| m.ldrsw(X0, mem(X0, 20)),
            |b, _| i32::from_le_bytes(b[20..24].try_into().unwrap()) as i64 as u64,
        ),
        (
            "ldur",
            |m| m.ldur(X0, mem(X0, 3)),
            |b, _| u64::from_le_bytes(b[3..11].try_into().unwrap()),
        ),
        (
            "ldr idx",
            |m| m.ldr(X0, mem_idx(X0, X1, 3)),
            |b, i| u64::from_le_bytes(b[8 * i as usize..8 * i as usize + 8].try_into().unwrap()),
        ),
        (
            "ldr sxtw",
            |m| m.ldr(W0, mem_ext(X0, W1, Extend::Sxtw, 2)),
            |b, i| {
                u32::from_le_bytes(b[4 * i as usize..4 * i as usize + 4].try_into().unwrap()) as u64
            },
        ),
        (
            "ldp sum",
            |m| {
                m.ldp(X2, X3, mem(X0, 16));
                m.add(X0, X2, X3)
            },
            |b, _| {
                u64::from_le_bytes(b[16..24].try_into().unwrap())
                    .wrapping_add(u64::from_le_bytes(b[24..32].try_into().unwrap()))
            },
        ),
        (
            "post/pre",
            |m| {
                m.ldr(X2, post(X0, 8));
                m.ldr(X3, pre(X0, 8));
                m.sub(X0, X3, X2)
            },
            |b, _| {
                u64::from_le_bytes(b[16..24].try_into().unwrap())
                    .wrapping_sub(u64::from_le_bytes(b[0..8].try_into().unwrap()))
            },
        ),
        (
            "ldr d",
            |m| {
                m.ldr(D0, mem(X0, 32));
                m.fmov_to_gpr(X0, D0)
            },
            |b, _| u64::from_le_bytes(b[32..40].try_into().unwrap()),
        ),
    ];
    for (name, emit, want) in ops {
        let mem = jit(|m| {
            emit(m);
            m.ret();
        });
        for i in [0u64, 1, 2] {
            assert_eq!(
                fn2(&mem)(buf.as_ptr() as u64, i),
                want(&buf, i),
                "{name} [{i}]"
            );
        }
    }
    // Stores: write a pattern with each width, then compare the buffer.
    let mut out = [0u8; 64];
    let mem = jit(|m| {
        m.mov_imm(X2, 0x1122_3344_5566_7788);
        m.str(X2, mem(X0, 0));
        m.str(W2, mem(X0, 8));
        m.strh(W2, mem(X0, 12));
        m.strb(W2, mem(X0, 14));
        m.stur(X2, mem(X0, 17));
        m.stp(X2, X1, mem(X0, 32));
        m.fmov_from_gpr(D1, X2);
        m.str(D1, mem_idx(X0, X1, 3));
        m.ret();
    });
    fn2(&mem)(out.as_mut_ptr() as u64, 6);
    let v = 0x1122_3344_5566_7788u64.to_le_bytes();
    assert_eq!(&out[0..8], &v);
    assert_eq!(&out[8..12], &v[0..4]);
    assert_eq!(&out[12..14], &v[0..2]);
    assert_eq!(out[14], v[0]);
    assert_eq!(&out[17..25], &v);
    assert_eq!(&out[32..40], &v);
    assert_eq!(&out[40..48], &6u64.to_le_bytes());
    assert_eq!(&out[48..56], &v);
}

#[test]
fn constants_from_mov_sequences_and_literal_pool() {
    let mut rng = Rng::new(17);
    let values: Vec<u64> = (0..512)
        .map(|i| if i % 2 == 0 { rng.chunky() } else { rng.next() })
        .collect();
    let mut out = vec![0u64; 2 * values.len()];
    let mem = jit(|m| {
        for (i, &v) in values.iter().enumerate() {
            m.mov_imm(X2, v);
            m.str(X2, mem(X0, 16 * i as i64));
            m.ldr_const(X3, v);
            m.str(X3, mem(X0, 16 * i as i64 + 8));
        }
        m.ret();
    });
    fn2(&mem)(out.as_mut_ptr() as u64, 0);
    for (i, &v) in values.iter().enumerate() {
        assert_eq!(out[2 * i], v, "mov_imm {v:#x}");
        assert_eq!(out[2 * i + 1], v, "ldr_const {v:#x}");
    }
    let mem = jit(|m| {
        m.fmov_const(D0, 0.1);
        m.fmov_const(D1, 2.5);
        m.fadd(D0, D0, D1);
        m.fmov_const(D1, 0.0);
        m.fadd(D0, D0, D1);
        m.ret();
    });
    assert_eq!(fnf(&mem)(0.0, 0.0), 0.1 + 2.5);
}

#[test]
fn literal_pool_and_veneers_over_more_than_one_mib() {
    // f(x, _) = x == 0 ? 0x1234_5678_9abc_def0 : 7, with the constant loaded at the start
    // and the branch target more than 1 MiB away.
    let mem = jit(|m| {
        let (zero, end) = (m.new_label(), m.new_label());
        m.ldr_const(X3, 0x1234_5678_9abc_def0);
        m.cbz(X0, zero);
        m.mov_imm(X0, 7);
        m.b(end);
        for _ in 0..300_000 {
            m.nop();
        }
        m.bind(zero);
        m.mov(X0, X3);
        m.bind(end);
        m.ret();
    });
    assert!(mem.len() > 1 << 20);
    assert_eq!(fn2(&mem)(0, 0), 0x1234_5678_9abc_def0);
    assert_eq!(fn2(&mem)(1, 0), 7);
}

#[test]
fn patchable_branch() {
    // An exact one-instruction `b` that the caller later retargets.
    let (mut mem, site, one, two) = {
        let mut m = MacroAssembler::new();
        let (a, b) = (m.new_label(), m.new_label());
        let site = m.exact(1, |asm| asm.b(a));
        m.bind(a);
        m.mov_imm(X0, 1);
        m.ret();
        m.bind(b);
        m.mov_imm(X0, 2);
        m.ret();
        let (one, two) = (m.label_offset(a).unwrap(), m.label_offset(b).unwrap());
        let code = m.finalize().unwrap();
        (ExecutableMemory::from_blob(&code).unwrap(), site, one, two)
    };
    assert_eq!(fn2(&mem)(0, 0), 1);
    mem.patch(site, &[branch_word(site, two, false).unwrap()])
        .unwrap();
    assert_eq!(fn2(&mem)(0, 0), 2);
    mem.patch(site, &[branch_word(site, one, false).unwrap()])
        .unwrap();
    assert_eq!(fn2(&mem)(0, 0), 1);
}

#[test]
fn barriers_and_adr() {
    let mem = jit(|m| {
        let here = m.new_label();
        m.dmb(Barrier::Ish);
        m.isb();
        m.adr(X0, here);
        m.bind(here);
        m.adr(X1, here);
        m.sub(X0, X1, X0);
        m.ret();
    });
    assert_eq!(fn2(&mem)(0, 0), 0);
}
