//! Writes a synthetic archive: `cargo run --release -p ft-archive --features generate --example
//! generate -- FORMAT POSTS PATH [SEED] [--tar-gz]`, e.g. `-- x 1000000 /tmp/x-archive.zip`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

use ft_archive::Format;
use ft_archive::generate::{Options, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tar_gz = args.iter().any(|arg| arg == "--tar-gz");
    let args: Vec<&String> = args.iter().filter(|arg| !arg.starts_with("--")).collect();
    let (Some(format), Some(posts), Some(path)) = (
        args.first().and_then(|name| Format::from_name(name)),
        args.get(1).and_then(|count| count.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: generate FORMAT POSTS PATH [SEED] [--tar-gz]");
        eprintln!("formats: {}", Format::ALL.map(Format::as_str).join(", "));
        return ExitCode::from(2);
    };
    let seed = args.get(3).and_then(|seed| seed.parse().ok()).unwrap_or(1);
    let options = Options {
        seed,
        posts,
        tar_gz,
        ..Options::default()
    };
    let result = File::create(path)
        .and_then(|file| generate(format, &options, BufWriter::with_capacity(1 << 20, file)));
    match result {
        Ok(made) => {
            println!(
                "wrote {path}: {} post items, {} profile(s)",
                made.posts, made.profiles
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write {path}: {error}");
            ExitCode::FAILURE
        }
    }
}
