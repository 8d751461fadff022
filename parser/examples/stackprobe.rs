//! Finds the smallest thread stack that compiles each deeply nested input (dev tool).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() > 1 && a[1] == "--probe" {
        let size: usize = a[2].parse().unwrap();
        let src = a[3].clone();
        let h = std::thread::Builder::new().stack_size(size).spawn(move || {
            let _ = ravi_parser::compile(src.as_bytes(), b"=x");
        }).unwrap();
        std::process::exit(if h.join().is_ok() { 0 } else { 1 });
    }
    let rep = |s: &str, n: usize| s.repeat(n);
    let cases = vec![
        ("paren", format!("x = {}1{}", rep("(", 1000), rep(")", 1000))),
        ("do", format!("{}{}", rep("do ", 1000), rep("end ", 1000))),
        ("table", format!("x = {}{}", rep("{", 1000), rep("}", 1000))),
        ("unm", format!("x = {}1", rep("- ", 1000))),
        ("concat", format!("x = {}b", rep("a..", 1000))),
        ("func", format!("{}{}", rep("function f() ", 1000), rep("end ", 1000))),
        ("if", format!("{}{}", rep("if x then ", 1000), rep("end ", 1000))),
        ("call", format!("x = {}1{}", rep("f(", 1000), rep(")", 1000))),
        ("ok-paren", format!("x = {}1{}", rep("(", 196), rep(")", 196))),
        ("ok-do", format!("{}{}", rep("do ", 198), rep("end ", 198))),
        ("ok-while", format!("{}{}", rep("while x do ", 198), rep("end ", 198))),
        ("ok-func", format!("x = {}{}", rep("function() return ", 97), rep("end ", 97))),
        ("ok-table", format!("x = {}1{}", rep("{", 197), rep("}", 197))),
        ("ok-if", format!("{}{}", rep("if x then ", 99), rep("end ", 99))),
        ("ok-localfunc", format!("{}{}", rep("local function f() ", 99), rep("end ", 99))),
        ("ok-call", format!("x = {}1{}", rep("f(", 196), rep(")", 196))),
    ];
    for (name, src) in cases {
        let mut lo = 4usize << 10;
        let mut hi = 64usize << 20;
        while lo + 1024 < hi {
            let mid = (lo + hi) / 2;
            let s = src.clone();
            let ok = std::process::Command::new(std::env::current_exe().unwrap())
                .arg("--probe").arg(mid.to_string()).arg(&s).status().map(|st| st.success()).unwrap_or(false);
            if ok { hi = mid } else { lo = mid }
        }
        println!("{:14} needs ~{} KiB", name, hi >> 10);
    }
}
