//! MacroAssembler expansions (checked as yaxpeax-arm text), literal pools, veneers,
//! scratch scopes and exact-size blocks.

mod common;

use common::yaxpeax_target;
use ravi_jit_aarch64::*;

/// Disassembly lines (text only) of a finished macro-assembler.
fn lines(m: MacroAssembler) -> Vec<String> {
    let code = m.finalize().expect("finalize");
    code.words()
        .iter()
        .map(|&w| disasm::decode(w).unwrap_or_else(|| format!("{w:08x}")))
        .collect()
}

fn expands(f: impl FnOnce(&mut MacroAssembler), expect: &[&str]) {
    let mut m = MacroAssembler::new();
    f(&mut m);
    assert_eq!(lines(m), expect);
}

#[test]
fn arithmetic_with_any_immediate() {
    expands(|m| m.add(X0, X1, 8), &["add x0, x1, #0x8"]);
    expands(|m| m.add(X0, X1, -8), &["sub x0, x1, #0x8"]);
    expands(|m| m.sub(W0, W1, -1), &["add w0, w1, #0x1"]);
    expands(
        |m| m.add(X0, X1, 0x12_3456),
        &["add x0, x1, #0x123, lsl #12", "add x0, x0, #0x456"],
    );
    expands(
        |m| m.add(SP, SP, -0x12_3456),
        &["sub sp, sp, #0x123, lsl #12", "sub sp, sp, #0x456"],
    );
    expands(
        |m| m.add(X0, X1, 0x1_2345_6789i64),
        &[
            "mov x16, #0x6789",
            "movk x16, #0x2345, lsl #16",
            "movk x16, #0x1, lsl #32",
            "add x0, x1, x16",
        ],
    );
    expands(
        |m| m.adds(X0, X1, 0x12_3456),
        &[
            "mov x16, #0x3456",
            "movk x16, #0x12, lsl #16",
            "adds x0, x1, x16",
        ],
    );
    expands(
        |m| m.add(X0, SP, 0x12_3456_7890i64),
        &[
            "mov x16, #0x7890",
            "movk x16, #0x3456, lsl #16",
            "movk x16, #0x12, lsl #32",
            "add x0, sp, x16",
        ],
    );
    expands(|m| m.cmp(X0, -1), &["cmn x0, #0x1"]);
    expands(
        |m| m.cmp(W0, 0x1_2345),
        &["mov w16, #0x2345", "movk w16, #0x1, lsl #16", "cmp w0, w16"],
    );
    expands(
        |m| m.cmp(W0, 0x1_0001),
        &["mov w16, #0x10001", "cmp w0, w16"],
    ); // bitmask immediate
    expands(|m| m.cmn(X0, 4096), &["cmn x0, #0x1, lsl #12"]);
    // x16 is the rn: the other scratch register is used.
    expands(
        |m| m.add(X16, X16, 0x1234_5678),
        &[
            "mov x17, #0x5678",
            "movk x17, #0x1234, lsl #16",
            "add x16, x16, x17",
        ],
    );
}

#[test]
fn logical_with_any_immediate() {
    expands(|m| m.and(X0, X1, 0xff), &["and x0, x1, #0xff"]);
    expands(
        |m| m.and(X0, X1, 0x1234),
        &["mov x16, #0x1234", "and x0, x1, x16"],
    );
    expands(|m| m.and(X0, X1, 0), &["mov x0, #0x0"]);
    expands(|m| m.and(X0, X1, -1), &["mov x0, x1"]);
    expands(|m| m.orr(W0, W1, 0), &["mov w0, w1"]);
    expands(|m| m.orr(X0, X1, -1), &["mov x0, #0xffffffffffffffff"]);
    expands(|m| m.eor(X0, X1, -1), &["mvn x0, x1"]);
    expands(|m| m.tst(W0, 0x1234), &["mov w16, #0x1234", "tst w0, w16"]);
    expands(
        |m| m.bic(X0, X1, 0xff),
        &["and x0, x1, #0xffffffffffffff00"],
    );
    expands(|m| m.bic(W0, W1, 0xffff_0000u32), &["and w0, w1, #0xffff"]);
}

#[test]
fn loads_and_stores_at_any_offset() {
    expands(|m| m.ldr(X0, mem(X1, 8)), &["ldr x0, [x1, #0x8]"]);
    expands(
        |m| m.ldr(X0, mem(X1, 0x10_0000)),
        &["mov x16, #0x100000", "ldr x0, [x1, x16]"],
    );
    expands(
        |m| m.str(D1, mem(SP, -4096)),
        &["mov x16, #0xfffffffffffff000", "str d1, [sp, x16]"],
    );
    expands(
        |m| m.ldrb(W0, mem(X1, 4096)),
        &["mov x16, #0x1000", "ldrb w0, [x1, x16]"],
    );
    expands(
        |m| m.ldp(X0, X1, mem(X2, 1024)),
        &["mov x16, #0x400", "add x16, x2, x16", "ldp x0, x1, [x16]"],
    );
    expands(
        |m| m.ldr(X0, pre(X1, 4096)),
        &["add x1, x1, #0x1, lsl #12", "ldr x0, [x1]"],
    );
    expands(
        |m| m.str(X0, post(X1, -1000)),
        &["str x0, [x1]", "sub x1, x1, #0x3e8"],
    );
    expands(
        |m| m.stp(X29, X30, pre(SP, -1024)),
        &["sub sp, sp, #0x400", "stp x29, x30, [sp]"],
    );
}

#[test]
fn scratch_scopes() {
    expands(
        |m| {
            m.with_scratch(|m, t| {
                m.mov_imm(t, 5);
                m.add(X0, X1, 0x1234_5678); // must not clobber t
                m.add(X0, X0, t);
            })
        },
        &[
            "mov x16, #0x5",
            "mov x17, #0x5678",
            "movk x17, #0x1234, lsl #16",
            "add x0, x1, x17",
            "add x0, x0, x16",
        ],
    );
    let mut m = MacroAssembler::new();
    m.with_scratch(|m, _| m.with_scratch(|m, _| m.add(X0, X1, 0x1234_5678)));
    assert_eq!(m.finalize().unwrap_err().kind, ErrorKind::NoScratchRegister);
    let mut m = MacroAssembler::new();
    m.with_scratch(|m, _| m.with_scratch(|m, _| m.with_scratch(|_, r| assert_eq!(r, XZR))));
    assert_eq!(m.finalize().unwrap_err().kind, ErrorKind::NoScratchRegister);
}

#[test]
fn calls() {
    expands(
        |m| m.call(0x0000_7fff_1234_5678),
        &[
            "mov x16, #0x5678",
            "movk x16, #0x1234, lsl #16",
            "movk x16, #0x7fff, lsl #32",
            "blr x16",
        ],
    );
    expands(
        |m| m.call_table(X19, 64),
        &["ldr x16, [x19, #0x40]", "blr x16"],
    );
}

#[test]
fn exact_blocks() {
    let mut m = MacroAssembler::new();
    m.nop();
    let at = m.exact(2, |a| {
        a.nop();
        a.ret();
    });
    assert_eq!(at, 4);
    assert!(m.finalize().is_ok());
    let mut m = MacroAssembler::new();
    m.exact(2, |a| a.nop());
    assert_eq!(
        m.finalize().unwrap_err().kind,
        ErrorKind::ExactSizeMismatch {
            expected: 2,
            actual: 1
        }
    );
}

#[test]
fn literal_pool_at_end_is_aligned_and_deduplicated() {
    let mut m = MacroAssembler::new();
    m.ldr_const(X0, 0x1234_5678_9abc_def0);
    m.fmov_const(D0, 0.1);
    m.ldr_const(X1, 0x1234_5678_9abc_def0);
    m.fmov_const(D1, 1.0);
    m.fmov_const(D2, 0.0);
    m.ret();
    let code = m.finalize().unwrap();
    let w = code.words();
    // 6 instructions, then pool at an 8-byte boundary: 2 distinct constants.
    assert_eq!(w.len(), 6 + 4);
    let load = |i: usize| yaxpeax_target(w[i], i * 4).unwrap() as usize / 4;
    assert_eq!(load(0), load(2));
    assert_eq!(
        (w[load(0)] as u64) | (w[load(0) + 1] as u64) << 32,
        0x1234_5678_9abc_def0
    );
    assert_eq!(
        (w[load(1)] as u64) | (w[load(1) + 1] as u64) << 32,
        0.1f64.to_bits()
    );
    assert_eq!(load(0) % 2, 0);
    assert_eq!(disasm::decode(w[3]).unwrap(), "fmov d1, #1.0");
    assert_eq!(
        disasm::decode(w[4]).unwrap(),
        "fmov d2, x31".replace("x31", "xzr")
    );
}

/// Follows unconditional `b` words from `from` until a non-branch; returns the final
/// target and the number of hops.
fn follow(words: &[u32], from: usize) -> (usize, usize) {
    let mut at = from;
    let mut hops = 0;
    while words[at / 4] >> 26 == 0b000101 {
        at = yaxpeax_target(words[at / 4], at).unwrap() as usize;
        hops += 1;
    }
    (at, hops)
}

#[test]
fn literal_pool_is_placed_before_the_range_runs_out() {
    let mut m = MacroAssembler::new();
    m.ldr_const(X0, 0xfeed_face_cafe_beef);
    for _ in 0..300_000 {
        m.nop();
    }
    m.ret();
    let code = m.finalize().unwrap();
    let w = code.words();
    assert!(w.len() * 4 > 1 << 20);
    let lit = yaxpeax_target(w[0], 0).unwrap() as usize;
    assert!(lit < 1 << 20);
    assert_eq!(
        (w[lit / 4] as u64) | (w[lit / 4 + 1] as u64) << 32,
        0xfeed_face_cafe_beef
    );
    // The pool is jumped over: the word before it (or before the padding) is a `b`.
    let (after, hops) = follow(w, lit - 4 - if w[lit / 4 - 1] == 0 { 4 } else { 0 });
    assert_eq!(hops, 1);
    assert!(after > lit);
}

#[test]
fn far_forward_branches_go_through_veneers() {
    let mut m = MacroAssembler::new();
    let target = m.new_label();
    m.b_cond(Cond::Eq, target);
    m.cbz(X1, target);
    m.tbnz(X2, 3, target);
    let near = m.new_label();
    m.b_cond(Cond::Ne, near);
    m.bind(near);
    for _ in 0..300_000 {
        m.nop();
    }
    m.bind(target);
    m.ret();
    let code = m.finalize().unwrap();
    let w = code.words();
    let end = (w.len() - 1) * 4;
    for at in [0, 4, 8] {
        let first = yaxpeax_target(w[at / 4], at).unwrap() as usize;
        assert_ne!(first, end, "short branch at {at} must use a veneer");
        assert_eq!(follow(w, first), (end, 1), "branch at {at}");
    }
    assert_eq!(
        yaxpeax_target(w[3], 12),
        Some(16),
        "near branch stays direct"
    );
}

#[test]
fn far_backward_branches_invert() {
    let mut m = MacroAssembler::new();
    let top = m.new_label();
    m.bind(top);
    for _ in 0..300_000 {
        m.nop();
    }
    let at = m.offset();
    m.b_cond(Cond::Lt, top);
    m.tbz(W3, 7, top);
    let code = m.finalize().unwrap();
    let w = code.words();
    let i = at / 4;
    assert_eq!(disasm::decode(w[i]).unwrap(), "b.ge $+0x8");
    assert_eq!(yaxpeax_target(w[i + 1], at + 4), Some(0));
    assert_eq!(disasm::decode(w[i + 2]).unwrap(), "tbnz w3, #0x7, $+0x8");
    assert_eq!(yaxpeax_target(w[i + 3], at + 12), Some(0));
}

#[test]
fn unbound_far_target_still_fails_cleanly() {
    let mut m = MacroAssembler::new();
    let never = m.new_label();
    m.b_cond(Cond::Eq, never);
    m.ret();
    assert_eq!(m.finalize().unwrap_err().kind, ErrorKind::UnboundLabel);
}
