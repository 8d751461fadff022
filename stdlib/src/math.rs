//! The math library (lmathlib.c of Lua 5.3.6, with LUA_COMPAT_MATHLIB as Debian's lua5.3:
//! cosh, sinh, tanh, pow, frexp, ldexp, log10, and atan2 as an alias of atan).
//!
//! Owns: the `math` table only. `no_std`: the float functions come from `libm`; with the
//! `std` feature they use the host C library through `f64`'s methods, so hosted results
//! match lua5.3's (glibc) to the last bit.
//!
//! Integer/float subtypes follow 5.3 exactly: floor/ceil return integers when the result
//! fits (else the float), `abs`/`fmod`/`modf`/`max`/`min` keep integer arguments integers.
//! The generator is xoshiro256** (per state, kept as the upvalue of random/randomseed):
//! results are uniform in the ranges lua5.3's use of C `random()` gives, but not the same
//! sequence.

use ravi_vm::state::State;
use ravi_vm::{upvalue_index, LResult, Type, Value};

/// Float functions: host libm with `std`, the `libm` crate otherwise.
mod fm {
    macro_rules! f1 {
        ($name:ident, $m:ident) => {
            #[inline]
            pub fn $name(x: f64) -> f64 {
                #[cfg(feature = "std")]
                {
                    x.$m()
                }
                #[cfg(not(feature = "std"))]
                {
                    libm::$name(x)
                }
            }
        };
    }
    f1!(floor, floor);
    f1!(ceil, ceil);
    f1!(fabs, abs);
    f1!(sin, sin);
    f1!(cos, cos);
    f1!(tan, tan);
    f1!(asin, asin);
    f1!(acos, acos);
    f1!(exp, exp);
    f1!(log, ln);
    f1!(log2, log2);
    f1!(log10, log10);
    f1!(sqrt, sqrt);
    f1!(cosh, cosh);
    f1!(sinh, sinh);
    f1!(tanh, tanh);
    #[inline]
    pub fn atan2(y: f64, x: f64) -> f64 {
        #[cfg(feature = "std")]
        {
            y.atan2(x)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::atan2(y, x)
        }
    }
    #[inline]
    pub fn pow(x: f64, y: f64) -> f64 {
        #[cfg(feature = "std")]
        {
            x.powf(y)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::pow(x, y)
        }
    }
    #[inline]
    pub fn fmod(x: f64, y: f64) -> f64 {
        // Rust's `%` on f64 is C's fmod.
        x % y
    }
    pub fn frexp(x: f64) -> (f64, i32) {
        libm::frexp(x)
    }
    pub fn ldexp(x: f64, e: i32) -> f64 {
        libm::ldexp(x, e)
    }
}

/// lua_numbertointeger: the float as an integer when it is in range (no fraction check:
/// callers pass integral values).
fn fits_int(d: f64) -> Option<i64> {
    if d >= -9223372036854775808.0 && d < 9223372036854775808.0 {
        Some(d as i64)
    } else {
        None
    }
}

fn push_numint(st: &mut State, d: f64) -> LResult<()> {
    match fits_int(d) {
        Some(i) => st.push_integer(i),
        None => st.push_number(d),
    }
}

fn is_integer(st: &State, idx: i32) -> bool {
    st.value(idx).is_int()
}

fn math_abs(st: &mut State) -> LResult<usize> {
    if is_integer(st, 1) {
        let n = st.value(1).ival();
        st.push_integer(n.wrapping_abs())?;
    } else {
        let x = st.check_number(1)?;
        st.push_number(fm::fabs(x))?;
    }
    Ok(1)
}

macro_rules! float_fn {
    ($fname:ident, $op:ident) => {
        fn $fname(st: &mut State) -> LResult<usize> {
            let x = st.check_number(1)?;
            st.push_number(fm::$op(x))?;
            Ok(1)
        }
    };
}
float_fn!(math_sin, sin);
float_fn!(math_cos, cos);
float_fn!(math_tan, tan);
float_fn!(math_asin, asin);
float_fn!(math_acos, acos);
float_fn!(math_exp, exp);
float_fn!(math_cosh, cosh);
float_fn!(math_sinh, sinh);
float_fn!(math_tanh, tanh);
float_fn!(math_log10, log10);

fn math_atan(st: &mut State) -> LResult<usize> {
    let y = st.check_number(1)?;
    let x = st.opt_number(2, 1.0)?;
    st.push_number(fm::atan2(y, x))?;
    Ok(1)
}

fn math_toint(st: &mut State) -> LResult<usize> {
    match st.to_integer(1) {
        Some(n) => st.push_integer(n)?,
        None => {
            st.check_any(1)?;
            st.push_nil()?;
        }
    }
    Ok(1)
}

fn math_floor(st: &mut State) -> LResult<usize> {
    if is_integer(st, 1) {
        st.set_top(1);
    } else {
        let d = fm::floor(st.check_number(1)?);
        push_numint(st, d)?;
    }
    Ok(1)
}

fn math_ceil(st: &mut State) -> LResult<usize> {
    if is_integer(st, 1) {
        st.set_top(1);
    } else {
        let d = fm::ceil(st.check_number(1)?);
        push_numint(st, d)?;
    }
    Ok(1)
}

fn math_fmod(st: &mut State) -> LResult<usize> {
    if is_integer(st, 1) && is_integer(st, 2) {
        let d = st.value(2).ival();
        if (d as u64).wrapping_add(1) <= 1 {
            // special cases: -1 or 0
            if d == 0 {
                return Err(st.arg_error(2, "zero"));
            }
            st.push_integer(0)?; // avoids overflow with mininteger % -1
        } else {
            let m = st.value(1).ival();
            st.push_integer(m % d)?; // C '%': truncates toward zero
        }
    } else {
        // one C expression: gcc evaluates the second argument first
        let b = st.check_number(2)?;
        let a = st.check_number(1)?;
        st.push_number(fm::fmod(a, b))?;
    }
    Ok(1)
}

fn math_modf(st: &mut State) -> LResult<usize> {
    if is_integer(st, 1) {
        st.set_top(1); // number is its own integer part
        st.push_number(0.0)?; // no fractional part
    } else {
        let n = st.check_number(1)?;
        // integer part (rounds toward zero)
        let ip = if n < 0.0 { fm::ceil(n) } else { fm::floor(n) };
        push_numint(st, ip)?;
        // fractional part (test needed for inf/-inf)
        st.push_number(if n == ip { 0.0 } else { n - ip })?;
    }
    Ok(2)
}

fn math_sqrt(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    st.push_number(fm::sqrt(x))?;
    Ok(1)
}

fn math_ult(st: &mut State) -> LResult<usize> {
    let a = st.check_integer(1)?;
    let b = st.check_integer(2)?;
    st.push_bool((a as u64) < (b as u64))?;
    Ok(1)
}

fn math_log(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    let res = if st.is_none_or_nil(2) {
        fm::log(x)
    } else {
        let base = st.check_number(2)?;
        if base == 2.0 {
            fm::log2(x)
        } else if base == 10.0 {
            fm::log10(x)
        } else {
            fm::log(x) / fm::log(base)
        }
    };
    st.push_number(res)?;
    Ok(1)
}

fn math_deg(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    st.push_number(x * (180.0 / core::f64::consts::PI))?;
    Ok(1)
}

fn math_rad(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    st.push_number(x * (core::f64::consts::PI / 180.0))?;
    Ok(1)
}

fn math_min(st: &mut State) -> LResult<usize> {
    let n = st.get_top() as i32;
    if n < 1 {
        return Err(st.arg_error(1, "value expected"));
    }
    let mut imin = 1;
    for i in 2..=n {
        if st.compare(i, imin, ravi_vm::CompareOp::Lt)? {
            imin = i;
        }
    }
    st.push_value(imin)?;
    Ok(1)
}

fn math_max(st: &mut State) -> LResult<usize> {
    let n = st.get_top() as i32;
    if n < 1 {
        return Err(st.arg_error(1, "value expected"));
    }
    let mut imax = 1;
    for i in 2..=n {
        if st.compare(imax, i, ravi_vm::CompareOp::Lt)? {
            imax = i;
        }
    }
    st.push_value(imax)?;
    Ok(1)
}

fn math_type(st: &mut State) -> LResult<usize> {
    let v = st.value(1);
    if st.type_of(1) == Some(Type::Number) {
        st.push_str(if v.is_int() { "integer" } else { "float" })?;
    } else {
        st.check_any(1)?;
        st.push_nil()?;
    }
    Ok(1)
}

// ------------------------------------------------------------------ compat (5.2)

fn math_pow(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    let y = st.check_number(2)?;
    st.push_number(fm::pow(x, y))?;
    Ok(1)
}

fn math_frexp(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    let (m, e) = if x.is_finite() && x != 0.0 { fm::frexp(x) } else { (x, 0) };
    st.push_number(m)?;
    st.push_integer(e as i64)?;
    Ok(2)
}

fn math_ldexp(st: &mut State) -> LResult<usize> {
    let x = st.check_number(1)?;
    let e = st.check_integer(2)? as i32; // C's (int) cast
    st.push_number(fm::ldexp(x, e))?;
    Ok(1)
}

// ------------------------------------------------------------------ random

/// xoshiro256** state (the userdata upvalue of random/randomseed).
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn seeded(seed: u64) -> Rng {
        // splitmix64 to fill the state
        let mut x = seed;
        let mut s = [0u64; 4];
        for w in s.iter_mut() {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *w = z ^ (z >> 31);
        }
        Rng { s }
    }
    fn next(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }
    /// A float in [0, 1) with 53 random bits.
    fn next_float(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / 9007199254740992.0)
    }
}

fn rng<'a>(st: &State) -> Option<&'a mut Rng> {
    st.to_userdata::<Rng>(upvalue_index(1))
}

fn math_random(st: &mut State) -> LResult<usize> {
    let r = match rng(st) {
        Some(g) => g.next_float(),
        None => 0.0,
    };
    let (low, up) = match st.get_top() {
        0 => {
            st.push_number(r)?;
            return Ok(1);
        }
        1 => (1, st.check_integer(1)?),
        2 => {
            let l = st.check_integer(1)?;
            (l, st.check_integer(2)?)
        }
        _ => return Err(st.error_str("wrong number of arguments")),
    };
    if low > up {
        return Err(st.arg_error(1, "interval is empty"));
    }
    if !(low >= 0 || up <= i64::MAX.wrapping_add(low)) {
        return Err(st.arg_error(1, "interval too large"));
    }
    let r = r * ((up.wrapping_sub(low)) as f64 + 1.0);
    st.push_integer((r as i64).wrapping_add(low))?;
    Ok(1)
}

fn math_randomseed(st: &mut State) -> LResult<usize> {
    let n = st.check_number(1)?;
    let seed = n as i64 as u32; // (unsigned int)(lua_Integer)n
    if let Some(g) = rng(st) {
        *g = Rng::seeded(seed as u64);
        g.next(); // discard first value, as 5.3 does
    }
    Ok(0)
}

/// luaopen_math.
pub fn open_math(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("abs", math_abs),
        ("ceil", math_ceil),
        ("cos", math_cos),
        ("deg", math_deg),
        ("exp", math_exp),
        ("tointeger", math_toint),
        ("floor", math_floor),
        ("fmod", math_fmod),
        ("ult", math_ult),
        ("log", math_log),
        ("max", math_max),
        ("min", math_min),
        ("modf", math_modf),
        ("rad", math_rad),
        ("sin", math_sin),
        ("sqrt", math_sqrt),
        ("tan", math_tan),
        ("type", math_type),
        ("asin", math_asin),
        ("acos", math_acos),
        ("atan", math_atan),
        // LUA_COMPAT_MATHLIB
        ("atan2", math_atan),
        ("cosh", math_cosh),
        ("sinh", math_sinh),
        ("tanh", math_tanh),
        ("pow", math_pow),
        ("frexp", math_frexp),
        ("ldexp", math_ldexp),
        ("log10", math_log10),
    ])?;
    // random and randomseed share the generator state as upvalue
    st.new_userdata_any(Rng::seeded(1))?;
    st.set_funcs(&[("random", math_random), ("randomseed", math_randomseed)], 1)?;
    st.push_number(core::f64::consts::PI)?;
    st.set_field(-2, "pi")?;
    st.push_number(f64::INFINITY)?;
    st.set_field(-2, "huge")?;
    st.push_integer(i64::MAX)?;
    st.set_field(-2, "maxinteger")?;
    st.push_integer(i64::MIN)?;
    st.set_field(-2, "mininteger")?;
    let _ = Value::NIL;
    Ok(1)
}
