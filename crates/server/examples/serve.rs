//! A small server for the browser tests and for measuring, without the `forethought` binary:
//!
//! ```text
//! cargo run --release -p ft-server --example serve -- [--pack NAME|PATH] [--port N]
//!     [--store PATH] [--print-port] [--open] [--quiet]
//! ```
//!
//! Prints `Forethought is running at http://127.0.0.1:PORT/`, or with `--print-port` only the
//! port, on a line of its own once the server is listening. Does not open a browser unless
//! `--open` is given. `--quiet` turns the access log off. `--store` gives the History page an
//! audit store (created on the first audit); without it, audits are refused.

use std::io::Write as _;
use std::process::ExitCode;

use ft_server::{AccessLog, ServeConfig};

fn usage(problem: &str) -> ExitCode {
    let _ = writeln!(
        std::io::stderr().lock(),
        "error: {problem}\nusage: serve [--pack NAME|PATH] [--port N] [--store PATH] [--print-port] [--open] [--quiet]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut config = ServeConfig::new(ft_packs::DEFAULT_PACK);
    config.open_browser = false;
    let mut print_port = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pack" => match args.next() {
                Some(p) => config.pack = p,
                None => return usage("--pack needs a pack name or path"),
            },
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(p) => config.port = Some(p),
                None => return usage("--port needs a number from 0 to 65535"),
            },
            "--store" => match args.next() {
                Some(p) => config.store = Some(p.into()),
                None => return usage("--store needs the path of the audit store"),
            },
            "--print-port" => print_port = true,
            "--open" => config.open_browser = true,
            "--quiet" => config.access_log = AccessLog::none(),
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let result = ft_server::serve(config, |address| {
        let mut out = std::io::stdout().lock();
        let _ = if print_port {
            writeln!(out, "{}", address.port())
        } else {
            writeln!(out, "Forethought is running at {}", ft_server::url(address))
        };
        let _ = out.flush();
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}
