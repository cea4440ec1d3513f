//! The `knot` binary: argv -> `knot::cli::run` -> exit code (0 clean, 1 findings, 2 error).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(knot::cli::run(std::env::args_os()))
}
