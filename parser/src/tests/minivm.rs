//! A tiny reference interpreter of the bytecode contract, for tests only: it runs compiled
//! programs (no metatables, no coroutines, no GC) so codegen can be checked end to end
//! against lua5.3's output before the real VM exists. It follows the opcode semantics
//! documented in bytecode.rs literally, including open/closed upvalues and `Close`.

use std::boxed::Box;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::string::String;
use std::vec::Vec;
use std::{format, vec};

use crate::bytecode::*;

#[derive(Clone)]
pub enum V {
    Nil,
    Bool(bool),
    Int(i64),
    Flt(f64),
    Str(Rc<Vec<u8>>),
    Table(Rc<RefCell<Table>>),
    Func(Rc<LClosure>),
    Native(&'static str, fn(&mut Vm, Vec<V>) -> Result<Vec<V>, String>),
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Bool(bool),
    Int(i64),
    Flt(u64),
    Str(Rc<Vec<u8>>),
    Ptr(usize),
}

#[derive(Default)]
pub struct Table {
    idx: HashMap<Key, usize>,
    items: Vec<(Key, V)>,
}

pub struct LClosure {
    proto: &'static Proto,
    upvals: Vec<Rc<RefCell<Up>>>,
}

pub enum Up {
    Open(usize),
    Closed(V),
}

fn key_of(v: &V) -> Result<Option<Key>, String> {
    Ok(Some(match v {
        V::Nil => return Ok(None),
        V::Bool(b) => Key::Bool(*b),
        V::Int(i) => Key::Int(*i),
        V::Flt(f) => {
            if f.is_nan() {
                return Err("table index is NaN".into());
            }
            if *f == f.floor() && *f >= -9.2e18 && *f <= 9.2e18 {
                Key::Int(*f as i64)
            } else {
                Key::Flt(f.to_bits())
            }
        }
        V::Str(s) => Key::Str(s.clone()),
        V::Table(t) => Key::Ptr(Rc::as_ptr(t) as *const u8 as usize),
        V::Func(f) => Key::Ptr(Rc::as_ptr(f) as *const u8 as usize),
        V::Native(n, _) => Key::Ptr(n.as_ptr() as usize),
    }))
}

fn key_val(k: &Key) -> V {
    match k {
        Key::Bool(b) => V::Bool(*b),
        Key::Int(i) => V::Int(*i),
        Key::Flt(b) => V::Flt(f64::from_bits(*b)),
        Key::Str(s) => V::Str(s.clone()),
        Key::Ptr(_) => V::Nil, // not needed by tests
    }
}

impl Table {
    pub fn get(&self, k: &V) -> V {
        match key_of(k) {
            Ok(Some(k)) => self.idx.get(&k).map(|&i| self.items[i].1.clone()).unwrap_or(V::Nil),
            _ => V::Nil,
        }
    }
    pub fn set(&mut self, k: &V, v: V) -> Result<(), String> {
        let Some(key) = key_of(k)? else { return Err("table index is nil".into()) };
        if let Some(&i) = self.idx.get(&key) {
            self.items[i].1 = v;
        } else if !matches!(v, V::Nil) {
            self.idx.insert(key.clone(), self.items.len());
            self.items.push((key, v));
        }
        Ok(())
    }
    fn len(&self) -> i64 {
        let mut n = 0;
        while !matches!(self.get(&V::Int(n + 1)), V::Nil) {
            n += 1;
        }
        n
    }
    fn next(&self, k: &V) -> Result<Option<(V, V)>, String> {
        let start = match key_of(k)? {
            None => 0,
            Some(key) => self.idx.get(&key).map(|i| i + 1).ok_or("invalid key to 'next'")?,
        };
        for i in start..self.items.len() {
            if !matches!(self.items[i].1, V::Nil) {
                return Ok(Some((key_val(&self.items[i].0), self.items[i].1.clone())));
            }
        }
        Ok(None)
    }
}

fn truthy(v: &V) -> bool {
    !matches!(v, V::Nil | V::Bool(false))
}

pub fn tostr(v: &V) -> Vec<u8> {
    match v {
        V::Nil => b"nil".to_vec(),
        V::Bool(b) => if *b { b"true".to_vec() } else { b"false".to_vec() },
        V::Int(i) => format!("{}", i).into_bytes(),
        V::Flt(f) => crate::number::float_to_lua_string(*f),
        V::Str(s) => s.to_vec(),
        V::Table(_) => b"table".to_vec(),
        V::Func(_) | V::Native(..) => b"function".to_vec(),
    }
}

fn typename(v: &V) -> &'static str {
    match v {
        V::Nil => "nil",
        V::Bool(_) => "boolean",
        V::Int(_) | V::Flt(_) => "number",
        V::Str(_) => "string",
        V::Table(_) => "table",
        V::Func(_) | V::Native(..) => "function",
    }
}

fn tonum(v: &V) -> Option<V> {
    match v {
        V::Int(_) | V::Flt(_) => Some(v.clone()),
        V::Str(s) => match crate::number::str2number(s)? {
            crate::number::Number::Int(i) => Some(V::Int(i)),
            crate::number::Number::Float(f) => Some(V::Flt(f)),
        },
        _ => None,
    }
}

fn tof(v: &V) -> f64 {
    match v {
        V::Int(i) => *i as f64,
        V::Flt(f) => *f,
        _ => 0.0,
    }
}

fn toint(v: &V) -> Option<i64> {
    match tonum(v)? {
        V::Int(i) => Some(i),
        V::Flt(f) if f == f.floor() && f >= -9.2e18 && f <= 9.2e18 => Some(f as i64),
        _ => None,
    }
}

fn arith(op: OpCode, a: &V, b: &V) -> Result<V, String> {
    use OpCode::*;
    let (Some(x), Some(y)) = (tonum(a), tonum(b)) else {
        let bad = if tonum(a).is_none() { a } else { b };
        return Err(format!("attempt to perform arithmetic on a {} value", typename(bad)));
    };
    match op {
        BAnd | BOr | BXor | Shl | Shr => {
            let (Some(i), Some(j)) = (toint(&x), toint(&y)) else {
                return Err("number has no integer representation".into());
            };
            let sh = |x: i64, y: i64| -> i64 {
                if y <= -64 || y >= 64 {
                    0
                } else if y < 0 {
                    ((x as u64) >> (-y)) as i64
                } else {
                    ((x as u64) << y) as i64
                }
            };
            Ok(V::Int(match op {
                BAnd => i & j,
                BOr => i | j,
                BXor => i ^ j,
                Shl => sh(i, j),
                _ => sh(i, j.wrapping_neg()),
            }))
        }
        Div => Ok(V::Flt(tof(&x) / tof(&y))),
        Pow => Ok(V::Flt(tof(&x).powf(tof(&y)))),
        _ => {
            if let (V::Int(i), V::Int(j), false, false) = (&x, &y, matches!(a, V::Str(_)), matches!(b, V::Str(_))) {
                let (i, j) = (*i, *j);
                Ok(V::Int(match op {
                    Add => i.wrapping_add(j),
                    Sub => i.wrapping_sub(j),
                    Mul => i.wrapping_mul(j),
                    Mod => {
                        if j == 0 {
                            return Err("attempt to perform 'n%%0'".into());
                        }
                        if j == -1 {
                            0
                        } else {
                            let m = i % j;
                            if m != 0 && (m ^ j) < 0 {
                                m + j
                            } else {
                                m
                            }
                        }
                    }
                    IDiv => {
                        if j == 0 {
                            return Err("attempt to perform 'n//0'".into());
                        }
                        if j == -1 {
                            i.wrapping_neg()
                        } else {
                            let q = i / j;
                            if i % j != 0 && (i ^ j) < 0 {
                                q - 1
                            } else {
                                q
                            }
                        }
                    }
                    _ => unreachable!(),
                }))
            } else {
                let (x, y) = (tof(&x), tof(&y));
                Ok(V::Flt(match op {
                    Add => x + y,
                    Sub => x - y,
                    Mul => x * y,
                    Mod => {
                        let mut m = x % y;
                        if if m > 0.0 { y < 0.0 } else { m < 0.0 && y != m } {
                            m += y;
                        }
                        m
                    }
                    IDiv => (x / y).floor(),
                    _ => unreachable!(),
                }))
            }
        }
    }
}

fn raw_eq(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Nil, V::Nil) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Int(x), V::Int(y)) => x == y,
        (V::Int(_) | V::Flt(_), V::Int(_) | V::Flt(_)) => tof(a) == tof(b) && (matches!(a, V::Flt(_)) || matches!(b, V::Flt(_))) && {
            // int vs float: exact comparison
            match (a, b) {
                (V::Int(i), V::Flt(f)) | (V::Flt(f), V::Int(i)) => (*i as f64) == *f && (*f as i64) == *i,
                _ => true,
            }
        },
        (V::Str(x), V::Str(y)) => x == y,
        (V::Table(x), V::Table(y)) => Rc::ptr_eq(x, y),
        (V::Func(x), V::Func(y)) => Rc::ptr_eq(x, y),
        (V::Native(x, _), V::Native(y, _)) => x == y,
        _ => false,
    }
}

fn less(a: &V, b: &V, le: bool) -> Result<bool, String> {
    match (a, b) {
        (V::Int(x), V::Int(y)) => Ok(if le { x <= y } else { x < y }),
        (V::Int(_) | V::Flt(_), V::Int(_) | V::Flt(_)) => {
            Ok(if le { tof(a) <= tof(b) } else { tof(a) < tof(b) })
        }
        (V::Str(x), V::Str(y)) => Ok(if le { x <= y } else { x < y }),
        _ => Err(format!("attempt to compare {} with {}", typename(a), typename(b))),
    }
}

fn kval(k: &Constant) -> V {
    match k {
        Constant::Nil => V::Nil,
        Constant::Bool(b) => V::Bool(*b),
        Constant::Int(i) => V::Int(*i),
        Constant::Float(f) => V::Flt(*f),
        Constant::Str(s) => V::Str(Rc::new(s.clone())),
    }
}

pub struct Vm {
    stack: Vec<V>,
    open: BTreeMap<usize, Rc<RefCell<Up>>>,
    pub out: Vec<u8>,
    depth: usize,
}

fn nat_print(vm: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            vm.out.push(b'\t');
        }
        vm.out.extend_from_slice(&tostr(a));
    }
    vm.out.push(b'\n');
    Ok(vec![])
}
fn nat_type(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Ok(vec![V::Str(Rc::new(typename(args.first().unwrap_or(&V::Nil)).as_bytes().to_vec()))])
}
fn nat_tostring(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Ok(vec![V::Str(Rc::new(tostr(args.first().unwrap_or(&V::Nil))))])
}
fn nat_next(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    let V::Table(t) = args.first().cloned().unwrap_or(V::Nil) else { return Err("bad argument to next".into()) };
    let k = args.get(1).cloned().unwrap_or(V::Nil);
    let r = t.borrow().next(&k)?;
    Ok(match r {
        Some((k, v)) => vec![k, v],
        None => vec![V::Nil],
    })
}
fn nat_pairs(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Ok(vec![V::Native("next", nat_next), args.first().cloned().unwrap_or(V::Nil), V::Nil])
}
fn nat_ipairs_aux(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    let V::Table(t) = &args[0] else { return Err("ipairs".into()) };
    let i = match args[1] {
        V::Int(i) => i + 1,
        _ => 1,
    };
    let v = t.borrow().get(&V::Int(i));
    Ok(if matches!(v, V::Nil) { vec![V::Nil] } else { vec![V::Int(i), v] })
}
fn nat_ipairs(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Ok(vec![V::Native("ipairs_aux", nat_ipairs_aux), args.first().cloned().unwrap_or(V::Nil), V::Int(0)])
}
fn nat_select(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    match &args[0] {
        V::Str(s) if s.as_slice() == b"#" => Ok(vec![V::Int(args.len() as i64 - 1)]),
        n => {
            let n = toint(n).ok_or("bad argument #1 to 'select'")?;
            let n = if n < 0 { args.len() as i64 + n } else { n };
            Ok(args.into_iter().skip(n.max(1) as usize).collect())
        }
    }
}
fn nat_error(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Err(String::from_utf8_lossy(&tostr(args.first().unwrap_or(&V::Nil))).into_owned())
}
fn nat_pcall(vm: &mut Vm, mut args: Vec<V>) -> Result<Vec<V>, String> {
    let f = args.remove(0);
    match vm.call(f, args) {
        Ok(mut r) => {
            r.insert(0, V::Bool(true));
            Ok(r)
        }
        Err(e) => Ok(vec![V::Bool(false), V::Str(Rc::new(e.into_bytes()))]),
    }
}
fn nat_unpack(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    let V::Table(t) = &args[0] else { return Err("unpack".into()) };
    let t = t.borrow();
    let n = args.get(2).and_then(toint).unwrap_or_else(|| t.len());
    let i = args.get(1).and_then(toint).unwrap_or(1);
    Ok((i..=n).map(|k| t.get(&V::Int(k))).collect())
}
fn nat_mathtype(_: &mut Vm, args: Vec<V>) -> Result<Vec<V>, String> {
    Ok(vec![match args.first() {
        Some(V::Int(_)) => V::Str(Rc::new(b"integer".to_vec())),
        Some(V::Flt(_)) => V::Str(Rc::new(b"float".to_vec())),
        _ => V::Nil,
    }])
}

impl Vm {
    pub fn new() -> Self {
        Vm { stack: Vec::new(), open: BTreeMap::new(), out: Vec::new(), depth: 0 }
    }

    pub fn globals() -> V {
        let mut g = Table::default();
        let s = |x: &str| V::Str(Rc::new(x.as_bytes().to_vec()));
        g.set(&s("print"), V::Native("print", nat_print)).unwrap();
        g.set(&s("type"), V::Native("type", nat_type)).unwrap();
        g.set(&s("tostring"), V::Native("tostring", nat_tostring)).unwrap();
        g.set(&s("next"), V::Native("next", nat_next)).unwrap();
        g.set(&s("pairs"), V::Native("pairs", nat_pairs)).unwrap();
        g.set(&s("ipairs"), V::Native("ipairs", nat_ipairs)).unwrap();
        g.set(&s("select"), V::Native("select", nat_select)).unwrap();
        g.set(&s("error"), V::Native("error", nat_error)).unwrap();
        g.set(&s("pcall"), V::Native("pcall", nat_pcall)).unwrap();
        let mut tb = Table::default();
        tb.set(&s("unpack"), V::Native("unpack", nat_unpack)).unwrap();
        g.set(&s("table"), V::Table(Rc::new(RefCell::new(tb)))).unwrap();
        let mut m = Table::default();
        m.set(&s("type"), V::Native("mathtype", nat_mathtype)).unwrap();
        m.set(&s("mininteger"), V::Int(i64::MIN)).unwrap();
        m.set(&s("maxinteger"), V::Int(i64::MAX)).unwrap();
        g.set(&s("math"), V::Table(Rc::new(RefCell::new(m)))).unwrap();
        V::Table(Rc::new(RefCell::new(g)))
    }

    /// Runs a main chunk; returns the printed output or the error.
    pub fn run(proto: Proto) -> Result<Vec<u8>, (Vec<u8>, String)> {
        let p: &'static Proto = Box::leak(Box::new(proto));
        let env = Rc::new(RefCell::new(Up::Closed(Self::globals())));
        let cl = Rc::new(LClosure { proto: p, upvals: vec![env] });
        let mut vm = Vm::new();
        match vm.call(V::Func(cl), vec![]) {
            Ok(_) => Ok(vm.out),
            Err(e) => Err((vm.out, e)),
        }
    }

    pub fn call(&mut self, f: V, args: Vec<V>) -> Result<Vec<V>, String> {
        match f {
            V::Native(_, nf) => nf(self, args),
            V::Func(cl) => {
                let base = self.stack.len();
                self.depth += 1;
                if self.depth > 180 {
                    return Err("stack overflow".into());
                }
                let r = self.execute(cl, base, args);
                self.depth -= 1;
                self.close(base);
                self.stack.truncate(base);
                r
            }
            v => Err(format!("attempt to call a {} value", typename(&v))),
        }
    }

    fn close(&mut self, level: usize) {
        let keys: Vec<usize> = self.open.range(level..).map(|(k, _)| *k).collect();
        for k in keys {
            let u = self.open.remove(&k).unwrap();
            let v = self.stack[k].clone();
            *u.borrow_mut() = Up::Closed(v);
        }
    }

    fn getup(&self, u: &Rc<RefCell<Up>>) -> V {
        match &*u.borrow() {
            Up::Open(i) => self.stack[*i].clone(),
            Up::Closed(v) => v.clone(),
        }
    }

    fn setup(&mut self, u: &Rc<RefCell<Up>>, v: V) {
        let mut b = u.borrow_mut();
        match &mut *b {
            Up::Open(i) => self.stack[*i] = v,
            Up::Closed(c) => *c = v,
        }
    }

    fn index(&self, t: &V, k: &V) -> Result<V, String> {
        match t {
            V::Table(t) => Ok(t.borrow().get(k)),
            V::Str(_) => Ok(V::Nil),
            _ => Err(format!("attempt to index a {} value", typename(t))),
        }
    }

    fn setindex(&self, t: &V, k: &V, v: V) -> Result<(), String> {
        match t {
            V::Table(t) => t.borrow_mut().set(k, v),
            _ => Err(format!("attempt to index a {} value", typename(t))),
        }
    }

    fn execute(&mut self, cl: Rc<LClosure>, base: usize, mut args: Vec<V>) -> Result<Vec<V>, String> {
        let p = cl.proto;
        let np = p.num_params as usize;
        let varargs: Vec<V> = if args.len() > np { args.split_off(np) } else { vec![] };
        args.resize(np, V::Nil);
        self.stack.resize(base + p.max_stack as usize, V::Nil);
        for (i, a) in args.into_iter().enumerate() {
            self.stack[base + i] = a;
        }
        let mut pc = 0usize;
        let mut top = base; // set by multi-result instructions
        macro_rules! r {
            ($x:expr) => {
                self.stack[base + $x as usize]
            };
        }
        let k = |i: u32| kval(&p.constants[i as usize]);
        loop {
            let i = p.code[pc];
            pc += 1;
            let (a, b, c) = (i.a(), i.b(), i.c());
            let op = i.opcode().ok_or("bad opcode")?;
            use OpCode::*;
            match op {
                Move => r!(a) = r!(b).clone(),
                LoadK => r!(a) = k(i.bx()),
                LoadKX => {
                    r!(a) = k(p.code[pc].ax());
                    pc += 1;
                }
                LoadI => r!(a) = V::Int(i.sbx() as i64),
                LoadF => r!(a) = V::Flt(i.sbx() as f64),
                LoadBool => {
                    r!(a) = V::Bool(b != 0);
                    if c != 0 {
                        pc += 1;
                    }
                }
                LoadNil => {
                    for x in a..=a + b {
                        r!(x) = V::Nil;
                    }
                }
                GetUpval => r!(a) = self.getup(&cl.upvals[b as usize]),
                SetUpval => {
                    let v = r!(a).clone();
                    self.setup(&cl.upvals[b as usize], v);
                }
                GetTabUp => {
                    let t = self.getup(&cl.upvals[b as usize]);
                    r!(a) = self.index(&t, &k(c))?;
                }
                GetTable => r!(a) = self.index(&r!(b), &r!(c))?,
                GetI => r!(a) = self.index(&r!(b), &V::Int(c as i64))?,
                GetField => r!(a) = self.index(&r!(b), &k(c))?,
                SetTabUp => {
                    let t = self.getup(&cl.upvals[a as usize]);
                    self.setindex(&t, &k(b), r!(c).clone())?;
                }
                SetTable => self.setindex(&r!(a), &r!(b), r!(c).clone())?,
                SetI => self.setindex(&r!(a), &V::Int(b as i64), r!(c).clone())?,
                SetField => self.setindex(&r!(a), &k(b), r!(c).clone())?,
                SetTabUpK => {
                    let t = self.getup(&cl.upvals[a as usize]);
                    self.setindex(&t, &k(b), k(c))?;
                }
                SetTableK => self.setindex(&r!(a), &r!(b), k(c))?,
                SetIK => self.setindex(&r!(a), &V::Int(b as i64), k(c))?,
                SetFieldK => self.setindex(&r!(a), &k(b), k(c))?,
                NewTable => r!(a) = V::Table(Rc::new(RefCell::new(Table::default()))),
                SelfOp => {
                    let o = r!(b).clone();
                    r!(a + 1) = o.clone();
                    r!(a) = self.index(&o, &k(c))?;
                }
                AddI => r!(a) = arith(Add, &r!(b), &V::Int(i.sc() as i64))?,
                AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK | ShlK | ShrK => {
                    let rop = match op {
                        AddK => Add,
                        SubK => Sub,
                        MulK => Mul,
                        ModK => Mod,
                        PowK => Pow,
                        DivK => Div,
                        IDivK => IDiv,
                        BAndK => BAnd,
                        BOrK => BOr,
                        BXorK => BXor,
                        ShlK => Shl,
                        _ => Shr,
                    };
                    r!(a) = arith(rop, &r!(b), &k(c))?;
                }
                Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                    r!(a) = arith(op, &r!(b), &r!(c))?
                }
                Unm => {
                    r!(a) = match tonum(&r!(b)) {
                        Some(V::Int(x)) => V::Int(x.wrapping_neg()),
                        Some(V::Flt(x)) => V::Flt(-x),
                        _ => return Err("attempt to perform arithmetic on a nil value".into()),
                    }
                }
                BNot => r!(a) = V::Int(!toint(&r!(b)).ok_or("bnot")?),
                Not => r!(a) = V::Bool(!truthy(&r!(b))),
                Len => {
                    r!(a) = match &r!(b) {
                        V::Str(s) => V::Int(s.len() as i64),
                        V::Table(t) => V::Int(t.borrow().len()),
                        v => return Err(format!("attempt to get length of a {} value", typename(v))),
                    }
                }
                Concat => {
                    let mut s = Vec::new();
                    for x in b..=c {
                        match &r!(x) {
                            v @ (V::Str(_) | V::Int(_) | V::Flt(_)) => s.extend_from_slice(&tostr(v)),
                            v => return Err(format!("attempt to concatenate a {} value", typename(v))),
                        }
                    }
                    r!(a) = V::Str(Rc::new(s));
                }
                Jmp => pc = (pc as i64 + i.sj() as i64) as usize,
                Close => self.close(base + a as usize),
                Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI | GeI => {
                    let x = r!(a).clone();
                    let res = match op {
                        Eq => raw_eq(&x, &r!(b)),
                        Lt => less(&x, &r!(b), false)?,
                        Le => less(&x, &r!(b), true)?,
                        EqK => raw_eq(&x, &k(b)),
                        EqI => raw_eq(&x, &V::Int(i.sb() as i64)),
                        LtI => less(&x, &V::Int(i.sb() as i64), false)?,
                        LeI => less(&x, &V::Int(i.sb() as i64), true)?,
                        GtI => less(&V::Int(i.sb() as i64), &x, false)?,
                        _ => less(&V::Int(i.sb() as i64), &x, true)?,
                    };
                    if res != (c != 0) {
                        pc += 1;
                    }
                }
                Test => {
                    if truthy(&r!(a)) != (c != 0) {
                        pc += 1;
                    }
                }
                TestSet => {
                    if truthy(&r!(b)) == (c != 0) {
                        r!(a) = r!(b).clone();
                    } else {
                        pc += 1;
                    }
                }
                Call | TailCall => {
                    let nargs = if b == 0 { top - (base + a as usize + 1) } else { b as usize - 1 };
                    let f = r!(a).clone();
                    let fargs: Vec<V> = (0..nargs).map(|j| r!(a as usize + 1 + j).clone()).collect();
                    let saved = self.stack.len();
                    let res = self.call(f, fargs)?;
                    self.stack.truncate(saved);
                    if op == TailCall {
                        return Ok(res);
                    }
                    if c == 0 {
                        let need = base + a as usize + res.len() + 1;
                        if self.stack.len() < need {
                            self.stack.resize(need, V::Nil);
                        }
                        top = base + a as usize + res.len();
                        for (j, v) in res.into_iter().enumerate() {
                            r!(a as usize + j) = v;
                        }
                    } else {
                        for j in 0..(c as usize - 1) {
                            r!(a as usize + j) = res.get(j).cloned().unwrap_or(V::Nil);
                        }
                    }
                }
                Return => {
                    let n = if b == 0 { top - (base + a as usize) } else { b as usize - 1 };
                    return Ok((0..n).map(|j| r!(a as usize + j).clone()).collect());
                }
                ForPrep => {
                    let (init, limit, step) = (r!(a).clone(), r!(a + 1).clone(), r!(a + 2).clone());
                    if let (V::Int(x), V::Int(_), V::Int(s)) = (&init, &limit, &step) {
                        if *s == 0 {
                            return Err("'for' step is zero".into());
                        }
                        r!(a) = V::Int(x.wrapping_sub(*s));
                    } else {
                        let (x, l, s) = (
                            tonum(&init).ok_or("'for' initial value must be a number")?,
                            tonum(&limit).ok_or("'for' limit must be a number")?,
                            tonum(&step).ok_or("'for' step must be a number")?,
                        );
                        if tof(&s) == 0.0 {
                            return Err("'for' step is zero".into());
                        }
                        r!(a) = V::Flt(tof(&x) - tof(&s));
                        r!(a + 1) = V::Flt(tof(&l));
                        r!(a + 2) = V::Flt(tof(&s));
                    }
                    pc = (pc as i64 + i.sbx() as i64) as usize;
                }
                ForLoop => {
                    let cont = match (r!(a).clone(), r!(a + 1).clone(), r!(a + 2).clone()) {
                        (V::Int(x), V::Int(l), V::Int(s)) => {
                            let n = x.wrapping_add(s);
                            r!(a) = V::Int(n);
                            if s > 0 { n <= l } else { n >= l }
                        }
                        (x, l, s) => {
                            let n = tof(&x) + tof(&s);
                            r!(a) = V::Flt(n);
                            if tof(&s) > 0.0 { n <= tof(&l) } else { n >= tof(&l) }
                        }
                    };
                    if cont {
                        pc = (pc as i64 + i.sbx() as i64) as usize;
                        r!(a + 3) = r!(a).clone();
                    }
                }
                TForCall => {
                    let f = r!(a).clone();
                    let res = self.call(f, vec![r!(a + 1).clone(), r!(a + 2).clone()])?;
                    for j in 0..c as usize {
                        r!(a as usize + 3 + j) = res.get(j).cloned().unwrap_or(V::Nil);
                    }
                }
                TForLoop => {
                    if !matches!(r!(a + 1), V::Nil) {
                        r!(a) = r!(a + 1).clone();
                        pc = (pc as i64 + i.sbx() as i64) as usize;
                    }
                }
                SetList => {
                    let n = if b == 0 { top - (base + a as usize) - 1 } else { b as usize };
                    let blk = if c == 0 {
                        pc += 1;
                        p.code[pc - 1].ax()
                    } else {
                        c
                    };
                    let t = r!(a).clone();
                    for j in 1..=n {
                        let idx = (blk as i64 - 1) * FIELDS_PER_FLUSH as i64 + j as i64;
                        self.setindex(&t, &V::Int(idx), r!(a as usize + j).clone())?;
                    }
                }
                Closure => {
                    let np = &p.protos[i.bx() as usize];
                    let upvals = np
                        .upvalues
                        .iter()
                        .map(|u| {
                            if u.in_stack {
                                let idx = base + u.index as usize;
                                self.open.entry(idx).or_insert_with(|| Rc::new(RefCell::new(Up::Open(idx)))).clone()
                            } else {
                                cl.upvals[u.index as usize].clone()
                            }
                        })
                        .collect();
                    r!(a) = V::Func(Rc::new(LClosure { proto: np, upvals }));
                }
                VarArg => {
                    let n = if b == 0 { varargs.len() } else { b as usize - 1 };
                    let need = base + a as usize + n + 1;
                    if self.stack.len() < need {
                        self.stack.resize(need, V::Nil);
                    }
                    for j in 0..n {
                        r!(a as usize + j) = varargs.get(j).cloned().unwrap_or(V::Nil);
                    }
                    if b == 0 {
                        top = base + a as usize + n;
                    }
                }
                ExtraArg => return Err("unexpected ExtraArg".into()),
                _ => return Err("typed opcodes are not supported by the test minivm".into()),
            }
        }
    }
}
