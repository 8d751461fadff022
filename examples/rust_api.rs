//! Rust functions and a userdata type exposed to Lua.
//!
//! Run with `cargo run --example rust_api` (tests/embed_examples.rs runs it too).

use ravi::{Error, Lua, MetaMethod, Result, UserData, UserDataFields, UserDataMethods, Variadic};

/// A bank account that Lua scripts can use but not forge.
struct Account {
    owner: String,
    balance: i64,
}

impl UserData for Account {
    fn add_fields<'lua, F: UserDataFields<'lua, Self>>(fields: &mut F) {
        // `acct.owner`, `acct.balance` (read-only)
        fields.add_field_method_get("owner", |_, a| Ok(a.owner.clone()));
        fields.add_field_method_get("balance", |_, a| Ok(a.balance));
    }
    fn add_methods<'lua, M: UserDataMethods<'lua, Self>>(methods: &mut M) {
        // `acct:deposit(n)`: a Rust error becomes a Lua error, catchable with pcall
        methods.add_method_mut("deposit", |_, a, amount: i64| {
            if amount <= 0 {
                return Err(Error::runtime("deposit must be positive"));
            }
            a.balance += amount;
            Ok(a.balance)
        });
        // `Account.new(owner)`: a constructor reachable through any account
        methods.add_function("new", |_, owner: String| Ok(Account { owner, balance: 0 }));
        // `tostring(acct)`
        methods.add_meta_method(MetaMethod::ToString, |_, a, ()| Ok(format!("Account({}, {})", a.owner, a.balance)));
    }
}

pub fn main() -> Result<()> {
    let lua = Lua::new();

    // A plain function with variadic arguments.
    let sum = lua.create_function(|_, xs: Variadic<f64>| Ok(xs.iter().sum::<f64>()))?;
    lua.globals().set("sum", sum)?;

    // A function with state, called from Lua (FnMut: a recursive call would be an error).
    let mut calls = 0;
    let counter = lua.create_function_mut(move |_, ()| {
        calls += 1;
        Ok(calls)
    })?;
    lua.globals().set("count", counter)?;

    // A callback may call back into Lua through the `&Lua` it receives.
    let twice = lua.create_function(|lua, f: ravi::Function| {
        let x: i64 = f.call(())?;
        let y: i64 = lua.load("return count()").eval()?;
        Ok(x + y)
    })?;
    lua.globals().set("twice", twice)?;

    // A userdata value.
    lua.globals().set("acct", Account { owner: "ada".into(), balance: 10 })?;

    let out: String = lua
        .load(
            r#"
            acct:deposit(sum(1, 2, 3) // 1)
            local ok, err = pcall(acct.deposit, acct, -5)
            local bob = acct.new("bob")
            bob:deposit(5)
            return tostring(acct) .. ", " .. tostring(bob) .. ", refused: " .. tostring(err):match("[^\n]*")
                .. ", twice = " .. twice(count)
            "#,
        )
        .eval()?;
    println!("{}", out);

    // Rust reads the userdata back.
    let acct: ravi::AnyUserData = lua.globals().get("acct")?;
    println!("from Rust: {} has {}", acct.borrow::<Account>()?.owner, acct.borrow::<Account>()?.balance);
    Ok(())
}
