//! Import benchmark: generates a synthetic X archive once (default 1,000,000 posts, into
//! `/tmp/ft-archive-bench/`), then imports it in a fresh process and prints posts per second,
//! wall time and peak memory (`VmHWM` from `/proc/self/status`, Linux only).
//!
//! `cargo run --release -p ft-archive --features generate --example bench_import -- [POSTS] [FORMAT]`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use ft_archive::generate::{Options, generate};
use ft_archive::{Format, Item, Limits, import};

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let posts: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let format = args
        .get(2)
        .and_then(|name| Format::from_name(name))
        .unwrap_or(Format::X);
    let dir = std::env::temp_dir().join("ft-archive-bench");
    let path: PathBuf = dir.join(format!("{}-{posts}.archive", format.as_str()));

    if args.get(3).map(String::as_str) != Some("--import-only") {
        if !path.exists() {
            let started = Instant::now();
            let made = std::fs::create_dir_all(&dir)
                .and_then(|()| File::create(&path))
                .and_then(|file| {
                    generate(
                        format,
                        &Options {
                            posts,
                            ..Options::default()
                        },
                        BufWriter::with_capacity(1 << 20, file),
                    )
                });
            match made {
                Ok(made) => println!(
                    "generated {} ({} items) in {:.1} s",
                    path.display(),
                    made.posts,
                    started.elapsed().as_secs_f64()
                ),
                Err(error) => {
                    eprintln!("cannot generate {}: {error}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
        // Measure the import in a fresh process, so generation does not count in peak memory.
        let status = std::env::current_exe().and_then(|exe| {
            Command::new(exe)
                .args([
                    posts.to_string(),
                    format.as_str().to_owned(),
                    "--import-only".to_owned(),
                ])
                .status()
        });
        return match status {
            Ok(status) if status.success() => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }

    let size = std::fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
    let file = match File::open(&path) {
        Ok(file) => BufReader::with_capacity(1 << 16, file),
        Err(error) => {
            eprintln!("cannot open {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let (mut text_bytes, mut skipped) = (0usize, 0u64);
    let result = import(file, format, &Limits::default(), &mut |item| {
        match item {
            Item::Post(post) => text_bytes += post.text.len(),
            Item::Skipped(_) => skipped += 1,
            Item::Profile(_) => {}
        }
        ControlFlow::Continue(())
    });
    let wall = started.elapsed().as_secs_f64();
    match result {
        Ok(summary) => {
            println!(
                "archive: {} ({:.1} MiB compressed, {:.1} MiB uncompressed read)",
                path.display(),
                size as f64 / 1048576.0,
                summary.bytes_read as f64 / 1048576.0
            );
            println!(
                "imported {} post items ({skipped} skipped, {:.1} MiB of text) in {wall:.2} s",
                summary.posts,
                text_bytes as f64 / 1048576.0
            );
            println!("{:.0} posts/s", summary.posts as f64 / wall);
            match peak_memory_kib() {
                Some(kib) => println!("peak memory (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
                None => println!("peak memory: unavailable"),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("import failed: {error}");
            ExitCode::FAILURE
        }
    }
}
