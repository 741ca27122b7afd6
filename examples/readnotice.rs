//! Prints the text `zhenggai import` reads from a notice file (any form),
//! to see what a PDF or Word file yields: `cargo run --example readnotice FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    match zhenggai::import::read::read_notice(std::path::Path::new(&path)) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("{path}: error: {e}");
            std::process::exit(1);
        }
    }
}
