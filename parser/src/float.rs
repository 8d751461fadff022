//! Float primitives shared by constant folding (codegen) and the VM's arithmetic, so a
//! folded `2^-0.5` is bit for bit the one computed at run time. With `std`, the host C
//! library's (what lua5.3 calls; glibc's fmod is a hardware remainder loop, several times
//! faster than a software one); without it (the kernel build), the `libm` crate's.

#[cfg(feature = "std")]
mod imp {
    #[inline(always)]
    pub fn fmod(a: f64, b: f64) -> f64 {
        a % b // LLVM's frem: the C library's fmod
    }
    #[inline(always)]
    pub fn floor(x: f64) -> f64 {
        x.floor()
    }
    #[inline(always)]
    pub fn pow(a: f64, b: f64) -> f64 {
        a.powf(b)
    }
}

#[cfg(not(feature = "std"))]
mod imp {
    pub use libm::{floor, fmod, pow};
}

pub use imp::{floor, fmod, pow};
