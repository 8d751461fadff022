//! `cargo run -p ravi-parser --example rluac -- file.lua` (or `-e 'code'`): prints the
//! bytecode listing of a chunk, or its syntax error, like `luac -l -l -p`.
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (src, name): (Vec<u8>, Vec<u8>) = if args.len() > 2 && args[1] == "-e" {
        (args[2].as_bytes().to_vec(), args[2].as_bytes().to_vec())
    } else {
        let path = args.get(1).expect("usage: rluac file.lua | -e code");
        (std::fs::read(path).expect("cannot read"), format!("@{}", path).into_bytes())
    };
    let start = ravi_parser::lexer::skip_shebang(&src);
    match ravi_parser::compile(&src[start..], &name) {
        Ok(p) => {
            let mut out = Vec::new();
            ravi_parser::listing::list(&p, &mut out);
            std::io::stdout().write_all(&out).unwrap();
        }
        Err(e) => {
            std::io::stderr().write_all(&e.message).unwrap();
            eprintln!();
            std::process::exit(1);
        }
    }
}
