//! `string.format`'s float conversions (`%e %E %f %g %G %a %A` with flags, width and
//! precision) checked against the host C library's `snprintf` over random values.
//!
//! Issue 3 asks for a million values with zero mismatches: the test checks 1,000,000
//! (about 2 s in the test profile; `RAVI_FORMAT_LIBC_N` sets another count, and
//! `RAVI_FORMAT_LIBC_SEED` another seed), prints the mismatch count and fails unless it
//! is zero.
#![cfg(unix)]

use ravi_stdlib::format::{format, FormatArgs, FormatError, QArg};

/// One float argument (string.format's argument 2).
struct OneFloat(f64);

impl FormatArgs for OneFloat {
    type Error = ();
    fn top(&self) -> usize {
        2
    }
    fn int(&mut self, _: usize) -> Result<i64, ()> {
        Err(())
    }
    fn float(&mut self, _: usize) -> Result<f64, ()> {
        Ok(self.0)
    }
    fn tostring(&mut self, _: usize) -> Result<Vec<u8>, ()> {
        Err(())
    }
    fn literal(&mut self, _: usize) -> Result<QArg, ()> {
        Err(())
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random double from one of several families: raw bit patterns (every exponent,
/// subnormals, infinities, NaNs of both signs), short decimals (ties for `%.Nf`/`%.Ne`),
/// integers, halves and powers of two, values near powers of ten.
fn value(r: &mut Rng) -> f64 {
    let sign = if r.below(2) == 0 { 1.0 } else { -1.0 };
    match r.below(8) {
        0 | 1 => f64::from_bits(r.next()),
        2 => {
            // short decimal mantissa times a power of ten: m * 10^k
            let m = r.below(100_000) as f64;
            let k = r.below(40) as i32 - 20;
            sign * m * 10f64.powi(k)
        }
        3 => {
            // an exact binary fraction: rounding ties
            let m = r.below(1 << 20) as f64;
            sign * m / (1u64 << r.below(24)) as f64
        }
        4 => sign * (r.next() >> r.below(64)) as f64,
        5 => {
            // near a power of ten (rounding carries into a new decade)
            let p = 10f64.powi(r.below(600) as i32 - 300);
            let bits = p.to_bits() as i64 + (r.below(9) as i64 - 4);
            sign * f64::from_bits(bits as u64)
        }
        6 => {
            // 9.999..5-style values
            let d = r.below(17) as i32 + 1;
            sign * (1.0 - 0.5 * 10f64.powi(-d)) * 10f64.powi(r.below(40) as i32 - 20)
        }
        _ => {
            // subnormals and the smallest/largest normals
            match r.below(4) {
                0 => sign * f64::from_bits(r.below(1 << 52)),
                1 => sign * f64::from_bits(r.below(1 << 20)),
                2 => sign * f64::from_bits(0x7fef_ffff_ffff_ffff - r.below(1 << 20)),
                _ => sign * f64::from_bits(0x0010_0000_0000_0000 + r.below(1 << 20)),
            }
        }
    }
}

/// A random conversion specification: `%[flags][width][.precision]conv`.
fn spec(r: &mut Rng) -> Vec<u8> {
    let mut f = vec![b'%'];
    for fl in b"-+ #0" {
        if r.below(4) == 0 {
            f.push(*fl);
        }
    }
    match r.below(4) {
        0 => {}
        1 => f.extend_from_slice(format!("{}", 1 + r.below(30)).as_bytes()),
        2 => f.extend_from_slice(format!("{}", 1 + r.below(9)).as_bytes()),
        _ => f.extend_from_slice(format!("{}", 1 + r.below(99)).as_bytes()),
    }
    match r.below(5) {
        0 => {}
        1 => f.push(b'.'),
        2 => f.extend_from_slice(format!(".{}", r.below(100)).as_bytes()),
        _ => f.extend_from_slice(format!(".{}", r.below(20)).as_bytes()),
    }
    f.push(b"eEfgGaA"[r.below(7) as usize]);
    f
}

fn libc_format(fmt: &[u8], v: f64, buf: &mut Vec<u8>) -> Vec<u8> {
    let mut cfmt = fmt.to_vec();
    cfmt.push(0);
    loop {
        let n = unsafe {
            libc::snprintf(
                buf.as_mut_ptr() as *mut libc::c_char,
                buf.len(),
                cfmt.as_ptr() as *const libc::c_char,
                v,
            )
        };
        assert!(n >= 0, "snprintf failed on {:?}", String::from_utf8_lossy(fmt));
        if (n as usize) < buf.len() {
            return buf[..n as usize].to_vec();
        }
        buf.resize(n as usize + 1, 0);
    }
}

#[test]
fn float_conversions_match_libc_snprintf() {
    // lua5.3 formats with the C locale's decimal point; so does this process (Rust never
    // calls setlocale), and snprintf here runs in the same "C" locale.
    let count: usize = std::env::var("RAVI_FORMAT_LIBC_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = std::env::var("RAVI_FORMAT_LIBC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut r = Rng(seed | 1);
    let mut buf = vec![0u8; 512];
    let mut mismatches = 0usize;
    for _ in 0..count {
        let v = value(&mut r);
        let fmt = spec(&mut r);
        let got = match format(&fmt, &mut OneFloat(v)) {
            Ok(s) => s,
            Err(FormatError::Error(m)) => panic!("format {:?}: {}", String::from_utf8_lossy(&fmt), m),
            Err(_) => panic!("format {:?}: argument error", String::from_utf8_lossy(&fmt)),
        };
        let want = libc_format(&fmt, v, &mut buf);
        if got != want {
            mismatches += 1;
            if mismatches <= 20 {
                eprintln!(
                    "mismatch: {:?} of {:e} (bits {:#018x}): ravi {:?}, libc {:?}",
                    String::from_utf8_lossy(&fmt),
                    v,
                    v.to_bits(),
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
            }
        }
    }
    println!("string.format float conversions vs libc snprintf: {} values, {} mismatches", count, mismatches);
    assert_eq!(mismatches, 0, "{} of {} values differ from snprintf", mismatches, count);
}
