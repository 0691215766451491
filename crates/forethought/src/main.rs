//! `forethought`: the command line. A thin adapter: it parses arguments, loads the pack, reads
//! drafts, asks the engine, and writes what the report crate renders.

mod args;
mod audit;
mod check;
mod packs;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;
use ft_engine::Engine;
use ft_pack::PackErrors;

use crate::args::{Cli, Command, PackCommand};

/// A failure the user can act on; exits with code 2.
#[derive(Debug)]
pub(crate) struct UserError(pub(crate) String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Check(args) => check::check(args),
        Command::Audit(args) => audit::audit(args),
        Command::Review(args) => audit::review(args),
        Command::Explain(args) => check::explain(args),
        Command::Pack(PackCommand::Test { packs }) => packs::test(&packs),
        Command::Pack(PackCommand::Check { pack }) => packs::check(&pack),
        Command::Pack(PackCommand::Doc { pack }) => packs::doc(&pack),
        Command::Pack(PackCommand::Schema) => {
            write_stdout(&ft_pack::json_schema()).map(|()| ExitCode::SUCCESS)
        }
        Command::Packs => packs::list(),
        Command::Rules(choice) => packs::rules(&choice.pack),
        Command::Rule { id, pack } => packs::rule(&pack.pack, &id),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Some(io) = e.downcast_ref::<io::Error>()
                && io.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: args::ServeArgs) -> anyhow::Result<ExitCode> {
    let engine = load_engine(&args.pack.pack)?;
    let mut config = ft_server::ServeConfig::new(&args.pack.pack);
    config.port = args.port;
    config.open_browser = !args.no_open;
    config.store = Some(audit::store_path(&args.store)?);
    ft_server::serve_engine(engine, config, |address| {
        let _ = write_stdout(&format!(
            "Forethought is running at {}\nIt listens on this machine only. Press Ctrl-C to stop.\n",
            ft_server::url(address)
        ));
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Write `text` to standard output.
pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Render pack errors with the offending line underlined.
pub(crate) fn render_pack_errors(errors: &PackErrors) -> String {
    let mut out = String::new();
    for e in errors.errors() {
        out.push_str(&format!("{e}\n"));
        if !e.source_line.is_empty() {
            let number = e.line.to_string();
            let gutter = " ".repeat(number.len());
            out.push_str(&format!(" {gutter} |\n {number} | {}\n", e.source_line));
            out.push_str(&format!(
                " {gutter} | {}{}\n",
                " ".repeat(e.column.saturating_sub(1) as usize),
                "^".repeat(e.underline.max(1) as usize)
            ));
        }
    }
    let n = errors.errors().len();
    out.push_str(&format!(
        "{n} problem{} found in the pack\n",
        if n == 1 { "" } else { "s" }
    ));
    out
}

/// Load and compile a pack, turning pack errors into one readable message.
pub(crate) fn load_engine(reference: &str) -> anyhow::Result<Engine> {
    let pack = ft_packs::load(reference).map_err(|errors| {
        UserError(format!(
            "the pack `{reference}` has problems:\n{}",
            render_pack_errors(&errors)
        ))
    })?;
    Engine::new(pack).with_context(|| format!("cannot compile the pack `{reference}`"))
}
