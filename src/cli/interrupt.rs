//! Ctrl-C while Lua code runs (lua.c's `laction`/`lstop`).
//!
//! lua.c installs a SIGINT handler around every protected call (`docall`); the handler
//! resets SIGINT to its default action (so a second Ctrl-C kills a script stuck in C code)
//! and sets a hook that raises "interrupted!" at the next instruction. Here the handler
//! sets the VM's interrupt flag (`Global::interrupt`) and zeroes its budget counter
//! (`Global::budget`): the interpreter checks the counter on every loop back-edge and call
//! and, once it runs out, `budget_exhausted` raises "interrupted!" — an ordinary runtime
//! error, so `pcall` catches it.
//!
//! Everything the handler touches is async-signal-safe: `signal(2)`, an atomic store and
//! a volatile word store through pointers published before the handler is installed.

use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use ravi_vm::state::Global;

static BUDGET: AtomicPtr<i64> = AtomicPtr::new(core::ptr::null_mut());
static FLAG: AtomicPtr<AtomicBool> = AtomicPtr::new(core::ptr::null_mut());

extern "C" fn laction(sig: libc::c_int) {
    // SAFETY: signal(2) is async-signal-safe; the pointers are published by `attach`
    // and cleared by `detach` before the state they point into is freed.
    unsafe {
        libc::signal(sig, libc::SIG_DFL); // another SIGINT terminates the process
        let f = FLAG.load(Ordering::SeqCst);
        if !f.is_null() {
            (*f).store(true, Ordering::SeqCst);
        }
        let b = BUDGET.load(Ordering::SeqCst);
        if !b.is_null() {
            core::ptr::write_volatile(b, 0);
        }
    }
}

/// Publishes the state whose interpreter a SIGINT should stop.
pub fn attach(g: &mut Global) {
    FLAG.store(&g.interrupt as *const AtomicBool as *mut AtomicBool, Ordering::SeqCst);
    BUDGET.store(&mut g.budget as *mut i64, Ordering::SeqCst);
}

/// Forgets the state (before it is closed); SIGINT gets its default action.
pub fn detach() {
    disarm();
    FLAG.store(core::ptr::null_mut(), Ordering::SeqCst);
    BUDGET.store(core::ptr::null_mut(), Ordering::SeqCst);
}

/// Installs the handler (lua.c's `signal(SIGINT, laction)` before `lua_pcall`). A stale
/// request from a signal that arrived after the previous call finished is dropped.
pub fn arm() {
    let f = FLAG.load(Ordering::SeqCst);
    if !f.is_null() {
        // SAFETY: published by `attach`, valid until `detach`.
        unsafe { (*f).store(false, Ordering::SeqCst) };
    }
    // SAFETY: installing a handler that only does async-signal-safe work.
    unsafe {
        libc::signal(libc::SIGINT, laction as extern "C" fn(libc::c_int) as libc::sighandler_t);
    }
}

/// Restores SIGINT's default action after the call (lua.c's `signal(SIGINT, SIG_DFL)`).
pub fn disarm() {
    // SAFETY: plain signal disposition change.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
}

/// Between two entries at an interactive prompt SIGINT is ignored rather than fatal: the
/// line editor reads Ctrl-C as a key (it clears the line), and a Ctrl-C that lands while a
/// line is being compiled must not kill the session.
pub fn ignore() {
    // SAFETY: plain signal disposition change.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
    }
}

/// Rust's runtime ignores SIGPIPE; lua.c runs with the default action (a write to a
/// closed pipe ends the process quietly) and programs started by `os.execute`/`io.popen`
/// inherit the disposition, so restore it.
pub fn default_sigpipe() {
    // SAFETY: plain signal disposition change, at startup.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// lua.c's `lua_stdin_is_tty`.
pub fn stdin_is_tty() -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(0) != 0 }
}
