//! The sticky error: every unencodable operand, misplaced register, out-of-range
//! branch or label misuse makes `finalize()` fail, records the first offending offset,
//! and never panics; and random garbage operands never panic either.

mod common;

use common::Rng;
use ravi_jit_aarch64::*;

fn fails(f: impl FnOnce(&mut Assembler)) -> ErrorKind {
    let mut a = Assembler::new();
    a.nop();
    f(&mut a);
    a.nop();
    let err = a.finalize().expect_err("should fail");
    assert_eq!(err.offset, 4, "offset of the first bad instruction");
    err.kind
}

fn unencodable(f: impl FnOnce(&mut Assembler)) {
    assert!(matches!(fails(f), ErrorKind::Unencodable(_)));
}

fn bad_register(f: impl FnOnce(&mut Assembler)) {
    assert!(matches!(fails(f), ErrorKind::BadRegister(_)));
}

#[test]
fn unencodable_operands() {
    unencodable(|a| a.add(X0, X1, 4097));
    unencodable(|a| a.add(X0, X1, -1));
    unencodable(|a| a.sub(W0, W1, 1 << 24));
    unencodable(|a| a.add(X0, X1, X2.ror(3)));
    unencodable(|a| a.add(X0, X1, X2.lsl(64)));
    unencodable(|a| a.add(W0, W1, W2.lsl(32)));
    unencodable(|a| a.add(X0, X1, W2.sxtw(5)));
    unencodable(|a| a.and(X0, X1, 0x1234));
    unencodable(|a| a.and(X0, X1, 0));
    unencodable(|a| a.orr(X0, X1, -1));
    unencodable(|a| a.orr(W0, W1, 0x1_0000_0000i64));
    unencodable(|a| a.eor(X0, X1, W2.sxtw(0)));
    unencodable(|a| a.movz(X0, 1, 8));
    unencodable(|a| a.movk(W0, 1, 32));
    unencodable(|a| a.mov_imm(X0, 0x1234_5678));
    unencodable(|a| a.lsl(X0, X1, 64));
    unencodable(|a| a.lsr(W0, W1, 32));
    unencodable(|a| a.ubfx(W0, W1, 30, 4));
    unencodable(|a| a.ubfiz(X0, X1, 64, 1));
    unencodable(|a| a.sbfx(X0, X1, 0, 0));
    unencodable(|a| a.bfi(W0, W1, 40, 1));
    unencodable(|a| a.extr(W0, W1, W2, 32));
    unencodable(|a| a.ldr(X0, mem(X1, 32768)));
    unencodable(|a| a.ldr(X0, mem(X1, 257)));
    unencodable(|a| a.ldr(X0, mem(X1, -257)));
    unencodable(|a| a.ldr(X0, pre(X1, 256)));
    unencodable(|a| a.ldr(X0, mem_idx(X1, X2, 2)));
    unencodable(|a| a.ldr(X0, mem_ext(X1, X2, Extend::Uxtw, 0)));
    unencodable(|a| a.ldr(X0, mem_ext(X1, W2, Extend::Uxtb, 0)));
    unencodable(|a| a.ldur(X0, pre(X1, 8)));
    unencodable(|a| a.ldur(X0, mem(X1, 256)));
    unencodable(|a| a.ldp(X0, X1, mem(X2, 4)));
    unencodable(|a| a.ldp(X0, X1, mem(X2, 512)));
    unencodable(|a| a.stp(W0, W1, mem(X2, -260)));
    unencodable(|a| a.ldp(X0, X1, mem_idx(X2, X3, 0)));
    unencodable(|a| a.adrp(X0, 1 << 20));
    unencodable(|a| a.fmov_imm(D0, 0.1));
    unencodable(|a| a.fmov_imm(D0, 0.0));
    unencodable(|a| a.fmov_imm(D0, f64::NAN));
    unencodable(|a| a.cset(X0, Cond::Al));
    unencodable(|a| a.csetm(W0, Cond::Nv));
    unencodable(|a| {
        let l = a.new_label();
        a.tbz(W0, 32, l);
        a.bind(l);
    });
    unencodable(|a| a.neg(X0, 5));
}

#[test]
fn misplaced_registers() {
    bad_register(|a| a.add(X0, XZR, 1)); // 31 means sp there
    bad_register(|a| a.add(XZR, X0, 1));
    bad_register(|a| a.orr(SP, X1, X2)); // 31 means xzr there
    bad_register(|a| a.add(X0, X1, SP));
    bad_register(|a| a.add(X0, X1, W2)); // width mismatch
    bad_register(|a| a.add(X0, X1, X2.sxtw(0)));
    bad_register(|a| a.ands(SP, X1, 1));
    bad_register(|a| a.subs(SP, X1, 1));
    bad_register(|a| a.mul(X0, SP, X1));
    bad_register(|a| a.ldr(X0, mem(XZR, 0)));
    bad_register(|a| a.ldr(SP, mem(X0, 0)));
    bad_register(|a| a.ldr(X0, pre(X0, 8)));
    bad_register(|a| a.ldp(X0, X0, mem(X1, 0)));
    bad_register(|a| a.ldp(X0, X1, post(X1, 16)));
    bad_register(|a| a.br(SP));
    bad_register(|a| a.fmov_to_gpr(SP, D0));
    bad_register(|a| a.scvtf(D0, SP));
    bad_register(|a| a.fcvtzs(SP, D0));
    bad_register(|a| {
        let l = a.new_label();
        a.cbz(SP, l);
        a.bind(l);
    });
}

#[test]
fn label_misuse() {
    assert_eq!(
        fails(|a| {
            let l = a.new_label();
            a.bind(l);
            a.bind(l);
        }),
        ErrorKind::LabelBoundTwice
    );
    let mut other = Assembler::new();
    let foreign = (0..5).map(|_| other.new_label()).last().unwrap();
    assert_eq!(fails(|a| a.b(foreign)), ErrorKind::ForeignLabel);
    let mut a = Assembler::new();
    let l = a.new_label();
    a.nop();
    a.cbz(X0, l);
    assert_eq!(
        a.finalize(),
        Err(AsmError {
            offset: 4,
            kind: ErrorKind::UnboundLabel
        })
    );
}

#[test]
fn first_error_wins_and_code_keeps_its_shape() {
    let mut a = Assembler::new();
    a.add(X0, X1, 5000);
    a.and(X0, X1, 0x1234);
    assert_eq!(a.words(), &[0, 0], "udf placeholders, one per instruction");
    assert_eq!(
        a.error(),
        Some(&AsmError {
            offset: 0,
            kind: ErrorKind::Unencodable("add/sub immediate")
        })
    );
}

#[test]
fn random_operands_never_panic() {
    let mut rng = Rng::new(5);
    let (mut ok, mut bad) = (0, 0);
    for _ in 0..20_000 {
        let mut a = Assembler::new();
        let x = |r: &mut Rng| XReg::new(r.below(31) as u8).unwrap_or(SP);
        let w = |r: &mut Rng| WReg::new(r.below(32) as u8).unwrap_or(WZR);
        let imm = rng.next() as i64 >> rng.below(64);
        let small = rng.below(80) as u32;
        let (xa, xb, wa, wb) = (x(&mut rng), x(&mut rng), w(&mut rng), w(&mut rng));
        match rng.below(12) {
            0 => a.add(xa, xb, imm),
            1 => a.and(wa, wb, imm),
            2 => a.ldr(xa, mem(xb, imm)),
            3 => a.stp(wa, wb, pre(xb, imm)),
            4 => a.ubfx(xa, xb, small, rng.below(80) as u32),
            5 => a.bfi(wa, wb, small, rng.below(80) as u32),
            6 => a.movk(xa, imm as u16, small),
            7 => a.mov_imm(wa, imm as u64),
            8 => a.adrp(xa, imm),
            9 => a.fmov_imm(D3, f64::from_bits(imm as u64)),
            10 => a.ldrsh(wa, post(xb, imm)),
            _ => a.sub(xa, xb, wa.sxtw(small as u8)),
        }
        match a.finalize() {
            Ok(c) => {
                assert_eq!(c.words().len(), 1);
                assert!(disasm::decode(c.words()[0]).is_some());
                ok += 1;
            }
            Err(_) => bad += 1,
        }
    }
    assert!(ok > 1000 && bad > 1000, "ok {ok} bad {bad}");
}
