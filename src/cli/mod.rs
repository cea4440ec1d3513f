//! The command line: clap types and dispatch to one module per subcommand. Returns the exit code
//! (0 no findings, 1 findings, 2 usage, config or internal error); `main.rs` only forwards it.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod check;
mod debug;
mod explain;
mod lsp;
mod rules;

/// Exit code: the run found nothing.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: the run reported findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, invalid configuration or an internal error.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "knot",
    version,
    about = "A concurrency linter for Python and Rust"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories for concurrency bugs.
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Developer commands.
    #[command(hide = true, subcommand)]
    Debug(DebugCommand),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Rule codes or prefixes to enable, comma-separated (e.g. `KN2,KN301`); replaces the config's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Rule codes or prefixes to disable, comma-separated; added to the config's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Enable preview rules.
    #[arg(long)]
    pub preview: bool,
    /// Glob of paths to skip (repeatable); added to the config's `exclude`.
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print only the findings, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Use this configuration file (pyproject.toml or knot.toml) instead of the nearest one.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code, e.g. KN202.
    pub code: String,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the IR the front-end lowers FILE to.
    Ir { file: PathBuf },
}

/// Parses `args` (including the program name) and runs the subcommand; returns the exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are "errors" that print to stdout and succeed.
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Lsp => lsp::run(),
        Command::Debug(DebugCommand::Ir { file }) => debug::ir(&file),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("knot: error: {e:#}");
            EXIT_ERROR
        }
    }
}
