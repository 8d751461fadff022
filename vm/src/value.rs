//! `Value`: the 16-byte tagged value, its type tags and the layout constants the JIT relies on.
//!
//! Owns: the representation of a Lua value (payload + tag), tag numbering, truthiness and
//! type names. Must not touch: heap objects' internals (see `gc`, `table`, `string`).
//!
//! # Layout (JIT contract)
//!
//! ```text
//! offset 0  : payload, 8 bytes — i64 (integer), f64 bits (float), pointer (GC object or
//!             light userdata); unused for nil/false/true
//! offset 8  : tag, 1 byte (TAG_*)
//! offset 9..16: padding (never read; may hold garbage)
//! ```
//! `size_of::<Value>() == 16`, alignment 8. Tag numbering:
//! - `nil` = 0, `false` = 1, `true` = 2: a value is falsy iff `tag <= TAG_FALSE` (one compare);
//! - integers and floats have their own tags (`TAG_INT`, `TAG_FLOAT`), so "both operands are
//!   integers" is `pair_tag(a, b) == PAIR_INT_INT`, one 16-bit compare (likewise floats);
//! - every tag `>= TAG_FIRST_GC` is a pointer to a GC object whose header kind equals the tag;
//! - `TAG_DEADKEY` only appears in the key of a table node whose entry died during a
//!   collection (see `table`); it is never a first-class value.
//!
//! # Table node layout (also JIT contract, see `table::Node`)
//! A hash node is 32 bytes: `val: Value` at 0, key payload at 16, key tag at 24, `next: i32`
//! (offset, in nodes, to the next node of the collision chain; 0 = end) at 28.

use crate::function::{LClosure, NClosure, UserData};
use crate::gc::{Gc, GcHeader};
use crate::state::State;
use crate::string::LuaString;
use crate::table::Table;

pub const TAG_NIL: u8 = 0;
pub const TAG_FALSE: u8 = 1;
pub const TAG_TRUE: u8 = 2;
pub const TAG_INT: u8 = 3;
pub const TAG_FLOAT: u8 = 4;
pub const TAG_LIGHTUD: u8 = 5;
/// Key of a dead table entry (keeps the old payload for identity comparisons in `next`).
pub const TAG_DEADKEY: u8 = 6;
/// Light native function (a `NativeFn` pointer without upvalues; not collectable).
pub const TAG_LCF: u8 = 7;
/// First tag of a collectable value.
pub const TAG_FIRST_GC: u8 = 8;
pub const TAG_SHRSTR: u8 = 8;
pub const TAG_LNGSTR: u8 = 9;
pub const TAG_TABLE: u8 = 10;
/// Lua closure.
pub const TAG_LCL: u8 = 11;
/// Native (Rust) closure.
pub const TAG_NCL: u8 = 12;
pub const TAG_USERDATA: u8 = 13;
pub const TAG_THREAD: u8 = 14;
/// Ravi `integer[]` / `number[]` arrays (see `ravi_array`); 15 and 16 are the internal
/// GC kinds of prototypes and upvalues. `type()` reports "table".
pub const TAG_IARRAY: u8 = 17;
pub const TAG_FARRAY: u8 = 18;

/// Tag pair of two values as one 16-bit number (`a` in the high byte).
#[inline(always)]
pub fn pair_tag(a: &Value, b: &Value) -> u16 {
    ((a.tt as u16) << 8) | b.tt as u16
}
pub const PAIR_INT_INT: u16 = ((TAG_INT as u16) << 8) | TAG_INT as u16;
pub const PAIR_FLT_FLT: u16 = ((TAG_FLOAT as u16) << 8) | TAG_FLOAT as u16;
pub const PAIR_INT_FLT: u16 = ((TAG_INT as u16) << 8) | TAG_FLOAT as u16;
pub const PAIR_FLT_INT: u16 = ((TAG_FLOAT as u16) << 8) | TAG_INT as u16;

/// Size of a value and the offsets of its fields (JIT contract).
pub const VALUE_SIZE: usize = 16;
pub const VALUE_PAYLOAD_OFFSET: usize = 0;
pub const VALUE_TAG_OFFSET: usize = 8;

const _: () = assert!(core::mem::size_of::<Value>() == VALUE_SIZE);
const _: () = assert!(core::mem::align_of::<Value>() == 8);
const _: () = assert!(core::mem::offset_of!(Value, p) == VALUE_PAYLOAD_OFFSET);
const _: () = assert!(core::mem::offset_of!(Value, tt) == VALUE_TAG_OFFSET);

/// The payload of a value: 8 bytes whose interpretation depends on the tag (i64, f64
/// bits, or a pointer with exposed provenance).
///
/// A plain `u64` rather than a union, on purpose: with scalar fields `Value` is a Rust
/// "scalar pair", so every copy of a value is an 8-byte and a 1-byte move. As an aggregate
/// (the union) it was copied with one 16-byte SSE load, and such a load right after the
/// two narrower stores that wrote the value cannot be store-forwarded (a stall of ~10-20
/// cycles on x86): that was most of the gap to PUC Lua in wall time on register-heavy
/// code (see bench/RESULTS.md).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(transparent)]
pub struct Payload(pub u64);

impl Payload {
    #[inline(always)]
    pub const fn bits(u: u64) -> Payload {
        Payload(u)
    }
    #[inline(always)]
    pub fn ptr(p: *mut GcHeader) -> Payload {
        Payload(p.expose_provenance() as u64)
    }
}

/// A Lua value (see the module documentation for the layout).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Value {
    pub p: Payload,
    pub tt: u8,
}

/// The basic Lua types (as `type()` names them), with lua.h's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Type {
    Nil = 0,
    Boolean = 1,
    LightUserdata = 2,
    Number = 3,
    String = 4,
    Table = 5,
    Function = 6,
    Userdata = 7,
    Thread = 8,
}

pub const TYPE_NAMES: [&str; 9] =
    ["nil", "boolean", "userdata", "number", "string", "table", "function", "userdata", "thread"];

impl Type {
    pub fn name(self) -> &'static str {
        TYPE_NAMES[self as usize]
    }
}

impl Value {
    pub const NIL: Value = Value { p: Payload(0), tt: TAG_NIL };
    pub const FALSE: Value = Value { p: Payload(0), tt: TAG_FALSE };
    pub const TRUE: Value = Value { p: Payload(1), tt: TAG_TRUE };

    #[inline(always)]
    pub fn int(i: i64) -> Value {
        Value { p: Payload(i as u64), tt: TAG_INT }
    }
    #[inline(always)]
    pub fn float(n: f64) -> Value {
        Value { p: Payload(n.to_bits()), tt: TAG_FLOAT }
    }
    #[inline(always)]
    pub fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }
    #[inline(always)]
    pub fn light_userdata(p: *mut core::ffi::c_void) -> Value {
        Value { p: Payload::ptr(p as *mut GcHeader), tt: TAG_LIGHTUD }
    }
    #[inline(always)]
    pub fn from_gc(p: *mut GcHeader, tt: u8) -> Value {
        Value { p: Payload::ptr(p), tt }
    }
    #[inline(always)]
    pub fn string(s: Gc<LuaString>) -> Value {
        let tt = if s.is_short() { TAG_SHRSTR } else { TAG_LNGSTR };
        Value::from_gc(s.as_header(), tt)
    }
    #[inline(always)]
    pub fn table(t: Gc<Table>) -> Value {
        Value::from_gc(t.as_header(), TAG_TABLE)
    }
    #[inline(always)]
    pub fn lclosure(c: Gc<LClosure>) -> Value {
        Value::from_gc(c.as_header(), TAG_LCL)
    }
    #[inline(always)]
    pub fn nclosure(c: Gc<NClosure>) -> Value {
        Value::from_gc(c.as_header(), TAG_NCL)
    }
    #[inline(always)]
    pub fn userdata(u: Gc<UserData>) -> Value {
        Value::from_gc(u.as_header(), TAG_USERDATA)
    }
    #[inline(always)]
    pub fn thread(t: Gc<State>) -> Value {
        Value::from_gc(t.as_header(), TAG_THREAD)
    }

    /// A light native function value.
    #[inline(always)]
    pub fn light_fn(f: crate::function::NativeFn) -> Value {
        Value { p: Payload(f as usize as u64), tt: TAG_LCF }
    }
    /// The function of a light native function value.
    #[inline(always)]
    pub fn as_light_fn(&self) -> Option<crate::function::NativeFn> {
        if self.tt == TAG_LCF {
            // SAFETY: TAG_LCF payloads are only created by `light_fn` from a NativeFn.
            Some(unsafe { core::mem::transmute::<usize, crate::function::NativeFn>(self.raw_bits() as usize) })
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn tag(&self) -> u8 {
        self.tt
    }
    #[inline(always)]
    pub fn is_nil(&self) -> bool {
        self.tt == TAG_NIL
    }
    #[inline(always)]
    pub fn is_falsy(&self) -> bool {
        self.tt <= TAG_FALSE
    }
    #[inline(always)]
    pub fn is_truthy(&self) -> bool {
        self.tt > TAG_FALSE
    }
    #[inline(always)]
    pub fn is_int(&self) -> bool {
        self.tt == TAG_INT
    }
    #[inline(always)]
    pub fn is_float(&self) -> bool {
        self.tt == TAG_FLOAT
    }
    #[inline(always)]
    pub fn is_number(&self) -> bool {
        self.tt == TAG_INT || self.tt == TAG_FLOAT
    }
    #[inline(always)]
    pub fn is_string(&self) -> bool {
        self.tt & !1 == TAG_SHRSTR
    }
    #[inline(always)]
    pub fn is_table(&self) -> bool {
        self.tt == TAG_TABLE
    }
    #[inline(always)]
    pub fn is_function(&self) -> bool {
        self.tt == TAG_LCL || self.tt == TAG_NCL || self.tt == TAG_LCF
    }
    #[inline(always)]
    pub fn is_collectable(&self) -> bool {
        self.tt >= TAG_FIRST_GC
    }
    #[inline(always)]
    pub fn is_bool(&self) -> bool {
        self.tt == TAG_FALSE || self.tt == TAG_TRUE
    }

    /// Reads a value field by field: an 8-byte payload load and a 1-byte tag load, never
    /// one 16-byte load. Values are usually written as an 8-byte and a 1-byte store (a
    /// constructor's payload and tag); a 16-byte load that spans both stores cannot be
    /// store-forwarded and stalls for ~10-20 cycles on x86, which dominated the time of
    /// arithmetic chains through registers (mandelbrot). Hot paths read through this.
    ///
    /// # Safety
    /// `p` points to a valid, initialised `Value`.
    #[inline(always)]
    pub unsafe fn load(p: *const Value) -> Value {
        Value { p: core::ptr::addr_of!((*p).p).read(), tt: core::ptr::addr_of!((*p).tt).read() }
    }

    /// Copies a value with `load` and `store` (never one 16-byte move, see `load`).
    ///
    /// # Safety
    /// `src` is a valid value; `dst` is writable.
    #[inline(always)]
    pub unsafe fn copy(dst: *mut Value, src: *const Value) {
        Value::store(dst, Value::load(src))
    }

    /// Writes a value as two 8-byte stores: the payload, then the tag zero-extended over
    /// the padding (bytes 9..16 may hold anything, see the layout). Any later load of the
    /// payload or of the tag, however wide LLVM makes it (it widens `u8` tag loads to 32
    /// bits when combining two tags), is then contained in one store and forwards.
    ///
    /// # Safety
    /// `p` points to writable memory for a `Value`.
    #[inline(always)]
    pub unsafe fn store(p: *mut Value, v: Value) {
        core::ptr::addr_of_mut!((*p).p).write(v.p);
        (p as *mut u8).add(VALUE_TAG_OFFSET).cast::<u64>().write(v.tt as u64);
    }

    /// The integer payload (caller checked the tag).
    #[inline(always)]
    pub fn ival(&self) -> i64 {
        // meaningful only for TAG_INT
        self.p.0 as i64
    }
    #[inline(always)]
    pub fn fval(&self) -> f64 {
        // meaningful only for TAG_FLOAT
        f64::from_bits(self.p.0)
    }
    #[inline(always)]
    pub fn raw_bits(&self) -> u64 {
        self.p.0
    }
    #[inline(always)]
    pub fn gc_ptr(&self) -> *mut GcHeader {
        // dereferencing is the caller's job (GC pointers were exposed by `Payload::ptr`)
        core::ptr::with_exposed_provenance_mut(self.p.0 as usize)
    }

    pub fn as_int(&self) -> Option<i64> {
        if self.tt == TAG_INT { Some(self.ival()) } else { None }
    }
    pub fn as_float(&self) -> Option<f64> {
        if self.tt == TAG_FLOAT { Some(self.fval()) } else { None }
    }
    /// Numeric value as float (ints converted), no string coercion.
    pub fn as_number(&self) -> Option<f64> {
        match self.tt {
            TAG_INT => Some(self.ival() as f64),
            TAG_FLOAT => Some(self.fval()),
            _ => None,
        }
    }
    pub fn as_string(&self) -> Option<Gc<LuaString>> {
        if self.is_string() { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_table(&self) -> Option<Gc<Table>> {
        if self.tt == TAG_TABLE { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_lclosure(&self) -> Option<Gc<LClosure>> {
        if self.tt == TAG_LCL { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_nclosure(&self) -> Option<Gc<NClosure>> {
        if self.tt == TAG_NCL { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_userdata(&self) -> Option<Gc<UserData>> {
        if self.tt == TAG_USERDATA { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_thread(&self) -> Option<Gc<State>> {
        if self.tt == TAG_THREAD { Some(Gc::from_header(self.gc_ptr())) } else { None }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.tt {
            TAG_FALSE => Some(false),
            TAG_TRUE => Some(true),
            _ => None,
        }
    }

    pub fn type_of(&self) -> Type {
        match self.tt {
            TAG_NIL => Type::Nil,
            TAG_FALSE | TAG_TRUE => Type::Boolean,
            TAG_INT | TAG_FLOAT => Type::Number,
            TAG_LIGHTUD => Type::LightUserdata,
            TAG_SHRSTR | TAG_LNGSTR => Type::String,
            TAG_TABLE | TAG_IARRAY | TAG_FARRAY => Type::Table,
            TAG_LCL | TAG_NCL | TAG_LCF => Type::Function,
            TAG_USERDATA => Type::Userdata,
            TAG_THREAD => Type::Thread,
            _ => Type::Nil,
        }
    }
    pub fn type_name(&self) -> &'static str {
        self.type_of().name()
    }

    /// Raw equality (`rawequal`): no metamethods; ints and floats compare by value.
    pub fn raw_eq(&self, o: &Value) -> bool {
        if self.tt == o.tt {
            match self.tt {
                TAG_NIL | TAG_FALSE | TAG_TRUE => true,
                TAG_FLOAT => self.fval() == o.fval(),
                TAG_LNGSTR => {
                    let a = self.as_string().unwrap();
                    let b = o.as_string().unwrap();
                    a.as_header() == b.as_header() || a.as_bytes() == b.as_bytes()
                }
                _ => self.raw_bits() == o.raw_bits(),
            }
        } else {
            match pair_tag(self, o) {
                PAIR_INT_FLT => float_eq_int(o.fval(), self.ival()),
                PAIR_FLT_INT => float_eq_int(self.fval(), o.ival()),
                _ => false,
            }
        }
    }
}

/// Exact comparison of a float with an integer (no rounding of the integer).
#[inline]
pub fn float_eq_int(f: f64, i: i64) -> bool {
    match crate::arith::float_to_int_exact(f) {
        Some(fi) => fi == i,
        None => false,
    }
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.tt {
            TAG_NIL => write!(f, "nil"),
            TAG_FALSE => write!(f, "false"),
            TAG_TRUE => write!(f, "true"),
            TAG_INT => write!(f, "{}", self.ival()),
            TAG_FLOAT => write!(f, "{:?}", self.fval()),
            TAG_SHRSTR | TAG_LNGSTR => {
                let s = self.as_string().unwrap();
                write!(f, "{:?}", alloc::string::String::from_utf8_lossy(s.as_bytes()))
            }
            _ => write!(f, "{}: {:p}", self.type_name(), self.gc_ptr()),
        }
    }
}

impl Default for Value {
    fn default() -> Self {
        Value::NIL
    }
}
