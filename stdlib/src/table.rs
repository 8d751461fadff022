//! The table library (ltablib.c of Lua 5.3): concat, insert, move, pack, remove, sort,
//! unpack.
//!
//! Owns: these functions only; written against `ravi_vm::api`. Every element access goes
//! through `get_i`/`set_i` (lua_geti/lua_seti: `__index`/`__newindex` honoured) and lengths
//! through luaL_len's semantics (`__len` honoured), and a non-table argument is accepted
//! when its metatable has the metamethods the function needs (ltablib's `checktab`).
//!
//! `sort` is ltablib's quicksort, step for step (same comparisons in the same order, so
//! an inconsistent comparator gives the same results and the same "invalid order function
//! for sorting" errors). Its comparator is called through `call_api`, so a yield inside it
//! raises "attempt to yield across a C-call boundary", as in 5.3. The pivot randomisation
//! for badly unbalanced partitions (PUC uses `clock()`/`time()`) uses the state's hash seed
//! and a counter instead: no_std has no clock, and only the speed depends on it.

use ravi_vm::state::{State, EXTRA_STACK, MAX_STACK};
use ravi_vm::{CompareOp, LResult, Type};

const TAB_R: u8 = 1;
const TAB_W: u8 = 2;
const TAB_L: u8 = 4;
const TAB_RW: u8 = TAB_R | TAB_W;

const INT_MAX: i64 = i32::MAX as i64;

/// True if the metatable on top of the stack has a non-nil raw field `key` (pushes it).
fn check_field(st: &mut State, key: &str) -> LResult<bool> {
    st.push_str(key)?;
    Ok(st.raw_get(-2)? != Type::Nil)
}

/// ltablib `checktab`: `arg` is a table, or behaves like one for the operations in `what`.
fn checktab(st: &mut State, arg: i32, what: u8) -> LResult<()> {
    if st.type_of(arg) != Some(Type::Table) {
        let top = st.top;
        let mut ok = st.get_metatable(arg)?;
        if ok && what & TAB_R != 0 {
            ok = check_field(st, "__index")?;
            st.pop(1);
        }
        if ok && what & TAB_W != 0 {
            ok = check_field(st, "__newindex")?;
            st.pop(1);
        }
        if ok && what & TAB_L != 0 {
            ok = check_field(st, "__len")?;
            st.pop(1);
        }
        st.top = top;
        if !ok {
            return Err(st.type_error_arg(arg, "table"));
        }
    }
    Ok(())
}

/// luaL_len: `#t` with `__len`, converted by lua_tointegerx (so a numeric string
/// returned by `__len` is accepted, as in 5.3).
fn lual_len(st: &mut State, arg: i32) -> LResult<i64> {
    if let Some(t) = st.value(arg).as_table() {
        if t.metatable.is_none() {
            return Ok(t.length() as i64);
        }
    }
    st.len(arg)?;
    let r = st.to_integer(-1);
    st.pop(1);
    match r {
        Some(n) => Ok(n),
        None => Err(st.error_str("object length is not an integer")),
    }
}

/// `aux_getn`: checks the table and returns its length (luaL_len).
fn aux_getn(st: &mut State, arg: i32, what: u8) -> LResult<i64> {
    checktab(st, arg, what | TAB_L)?;
    lual_len(st, arg)
}

fn tinsert(st: &mut State) -> LResult<usize> {
    let e = aux_getn(st, 1, TAB_RW)?.wrapping_add(1); // first empty element
    let pos = match st.get_top() {
        2 => e,
        3 => {
            let pos = st.check_integer(2)?;
            if (pos as u64).wrapping_sub(1) >= e as u64 {
                return Err(st.arg_error(2, "position out of bounds"));
            }
            let mut i = e;
            while i > pos {
                st.get_i(1, i - 1)?;
                st.set_i(1, i)?;
                i -= 1;
            }
            pos
        }
        _ => return Err(st.error_str("wrong number of arguments to 'insert'")),
    };
    st.set_i(1, pos)?;
    Ok(0)
}

fn tremove(st: &mut State) -> LResult<usize> {
    let size = aux_getn(st, 1, TAB_RW)?;
    let mut pos = st.opt_integer(2, size)?;
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        return Err(st.arg_error(1, "position out of bounds"));
    }
    st.get_i(1, pos)?;
    while pos < size {
        st.get_i(1, pos + 1)?;
        st.set_i(1, pos)?;
        pos += 1;
    }
    st.push_nil()?;
    st.set_i(1, pos)?;
    Ok(1)
}

fn tmove(st: &mut State) -> LResult<usize> {
    let f = st.check_integer(2)?;
    let e = st.check_integer(3)?;
    let t = st.check_integer(4)?;
    let tt = if !st.is_none_or_nil(5) { 5 } else { 1 };
    checktab(st, 1, TAB_R)?;
    checktab(st, tt, TAB_W)?;
    if e >= f {
        if !(f > 0 || e < i64::MAX + f) {
            return Err(st.arg_error(3, "too many elements to move"));
        }
        let n = e - f + 1;
        if t > i64::MAX - n + 1 {
            return Err(st.arg_error(4, "destination wrap around"));
        }
        if t > e || t <= f || (tt != 1 && !st.compare(1, tt, CompareOp::Eq)?) {
            for i in 0..n {
                st.get_i(1, f + i)?;
                st.set_i(tt, t + i)?;
            }
        } else {
            let mut i = n - 1;
            while i >= 0 {
                st.get_i(1, f + i)?;
                st.set_i(tt, t + i)?;
                i -= 1;
            }
        }
    }
    st.push_value(tt)?;
    Ok(1)
}

/// `addfield`: appends t[i] (a string or number) to `out`.
fn addfield(st: &mut State, out: &mut alloc::vec::Vec<u8>, i: i64) -> LResult<()> {
    st.get_i(1, i)?;
    let v = st.value(-1);
    if !(v.is_string() || v.is_number()) {
        // lua5.3 formats the index with lua_pushfstring's "%d", which reads an int: an
        // index beyond 32 bits shows its low 32 bits, signed.
        let m = alloc::format!("invalid value ({}) at index {} in table for 'concat'", v.type_name(), i as i32);
        return Err(st.error_str(&m));
    }
    let s = st.to_lstring(-1)?.map(|s| s.bytes()).unwrap_or(b"");
    out.extend_from_slice(s);
    st.pop(1);
    Ok(())
}

fn tconcat(st: &mut State) -> LResult<usize> {
    let last = aux_getn(st, 1, TAB_R)?;
    let sep = st.opt_string(2)?;
    let sep: &[u8] = match sep {
        Some(s) => s.bytes(),
        None => b"",
    };
    let mut i = st.opt_integer(3, 1)?;
    let last = st.opt_integer(4, last)?;
    let mut out = alloc::vec::Vec::new();
    while i < last {
        addfield(st, &mut out, i)?;
        out.extend_from_slice(sep);
        i += 1;
    }
    if i == last {
        addfield(st, &mut out, i)?;
    }
    st.push_bytes(&out)?;
    Ok(1)
}

fn tpack(st: &mut State) -> LResult<usize> {
    let n = st.get_top();
    st.create_table(n, 1)?;
    st.insert(1);
    let mut i = n as i64;
    while i >= 1 {
        st.set_i(1, i)?;
        i -= 1;
    }
    st.push_integer(n as i64)?;
    st.set_field(1, "n")?;
    Ok(1)
}

fn tunpack(st: &mut State) -> LResult<usize> {
    let mut i = st.opt_integer(2, 1)?;
    let e = if st.is_none_or_nil(3) { lual_len(st, 1)? } else { st.check_integer(3)? };
    if i > e {
        return Ok(0);
    }
    let n = (e as u64).wrapping_sub(i as u64); // number of elements minus 1
    // lua_checkstack: fails beyond LUAI_MAXSTACK
    if n >= INT_MAX as u64 || st.top + EXTRA_STACK + n as usize + 1 > MAX_STACK {
        return Err(st.error_str("too many results to unpack"));
    }
    let n = n as usize + 1;
    st.check_stack_api(n, "too many results to unpack")?;
    while i < e {
        st.get_i(1, i)?;
        i += 1;
    }
    st.get_i(1, e)?;
    Ok(n)
}

// ---------------------------------------------------------------- sort

/// Arrays larger than this may use randomized pivots.
const RANLIMIT: u32 = 100;

fn set2(st: &mut State, i: u32, j: u32) -> LResult<()> {
    st.set_i(1, i as i64)?;
    st.set_i(1, j as i64)
}

/// `sort_comp`: is the value at stack index `a` less than the one at `b`?
fn sort_comp(st: &mut State, a: i32, b: i32) -> LResult<bool> {
    if st.value(2).is_nil() {
        st.compare(a, b, CompareOp::Lt)
    } else {
        st.push_value(2)?;
        st.push_value(a - 1)?;
        st.push_value(b - 2)?;
        st.call_api(2, 1)?;
        let r = st.to_boolean(-1);
        st.pop(1);
        Ok(r)
    }
}

fn partition(st: &mut State, lo: u32, up: u32) -> LResult<u32> {
    let mut i = lo;
    let mut j = up - 1;
    loop {
        loop {
            i = i.wrapping_add(1);
            st.get_i(1, i as i64)?;
            if !sort_comp(st, -1, -2)? {
                break;
            }
            if i == up - 1 {
                return Err(st.error_str("invalid order function for sorting"));
            }
            st.pop(1);
        }
        loop {
            j = j.wrapping_sub(1);
            st.get_i(1, j as i64)?;
            if !sort_comp(st, -3, -1)? {
                break;
            }
            if j < i {
                return Err(st.error_str("invalid order function for sorting"));
            }
            st.pop(1);
        }
        if j < i {
            st.pop(1);
            set2(st, up - 1, i)?;
            return Ok(i);
        }
        set2(st, i, j)?;
    }
}

fn choose_pivot(lo: u32, up: u32, rnd: u32) -> u32 {
    let r4 = (up - lo) / 4;
    rnd % (r4 * 2) + (lo + r4)
}

fn randomize_pivot(st: &State, counter: &mut u32) -> u32 {
    *counter = counter.wrapping_add(0x9e37_79b9);
    let x = (st.seed() ^ *counter).wrapping_mul(0x85eb_ca6b);
    (x ^ (x >> 13)) | 1
}

fn auxsort(st: &mut State, mut lo: u32, mut up: u32, mut rnd: u32, counter: &mut u32) -> LResult<()> {
    while lo < up {
        st.get_i(1, lo as i64)?;
        st.get_i(1, up as i64)?;
        if sort_comp(st, -1, -2)? {
            set2(st, lo, up)?;
        } else {
            st.pop(2);
        }
        if up - lo == 1 {
            return Ok(());
        }
        let mut p = if up - lo < RANLIMIT || rnd == 0 {
            lo + (up - lo) / 2
        } else {
            choose_pivot(lo, up, rnd)
        };
        st.get_i(1, p as i64)?;
        st.get_i(1, lo as i64)?;
        if sort_comp(st, -2, -1)? {
            set2(st, p, lo)?;
        } else {
            st.pop(1);
            st.get_i(1, up as i64)?;
            if sort_comp(st, -1, -2)? {
                set2(st, p, up)?;
            } else {
                st.pop(2);
            }
        }
        if up - lo == 2 {
            return Ok(());
        }
        st.get_i(1, p as i64)?;
        st.push_value(-1)?;
        st.get_i(1, (up - 1) as i64)?;
        set2(st, p, up - 1)?;
        p = partition(st, lo, up)?;
        let n;
        if p - lo < up - p {
            auxsort(st, lo, p - 1, rnd, counter)?;
            n = p - lo;
            lo = p + 1;
        } else {
            auxsort(st, p + 1, up, rnd, counter)?;
            n = up - p;
            up = p - 1;
        }
        if (up.wrapping_sub(lo)) / 128 > n {
            rnd = randomize_pivot(st, counter);
        }
    }
    Ok(())
}

fn sort(st: &mut State) -> LResult<usize> {
    let n = aux_getn(st, 1, TAB_RW)?;
    if n > 1 {
        if n >= INT_MAX {
            return Err(st.arg_error(1, "array too big"));
        }
        if !st.is_none_or_nil(2) {
            st.check_type(2, Type::Function)?;
        }
        st.set_top(2);
        let mut counter = 0u32;
        auxsort(st, 1, n as u32, 0, &mut counter)?;
    }
    Ok(0)
}

/// luaopen_table.
pub fn open_table(st: &mut State) -> LResult<usize> {
    st.new_lib(&[
        ("concat", tconcat),
        ("insert", tinsert),
        ("pack", tpack),
        ("unpack", tunpack),
        ("remove", tremove),
        ("move", tmove),
        ("sort", sort),
    ])?;
    Ok(1)
}
