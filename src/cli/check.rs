//! `knot check`: load the workspace, run the selected rules, apply suppressions and
//! per-file ignores, print in the chosen format, and pick the exit code.

use std::io::{IsTerminal, Write};

use anyhow::bail;

use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::finding::Finding;
use crate::models::Models;
use crate::pipeline::{check_files, RuleSelection};
use crate::report;
use crate::rules;
use crate::source::SourceDb;
use crate::workspace::{self, Config, LoadOptions};

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    for code in args.select.iter().flatten().chain(&args.ignore) {
        if !known_code_or_prefix(code) {
            bail!("unknown rule code or prefix `{code}` (see `knot rules`)");
        }
    }
    let cwd = std::env::current_dir()?;
    let loading = crate::timings::phase("discover + read");
    let mut ws = workspace::load(
        &cwd,
        &LoadOptions {
            paths: args.paths.clone(),
            exclude: args.exclude.clone(),
            config: args.config.clone(),
        },
    )?;
    drop(loading);
    let selection = selection(args, &ws.config);
    let mut models = Models::builtin();
    if let Some(user) = ws.config.models.clone() {
        models.add(user);
    }
    let (db, out) = check_files(&mut ws, &models, &selection, &cwd);
    let config_invalid = ws.config_invalid();
    let findings = out.findings;

    let rendering = crate::timings::phase("render");
    let rendered = render(args, &db, &findings);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`knot check | head`) is not an error worth reporting.
    let _ = stdout.write_all(rendered.as_bytes());
    let _ = stdout.flush();
    drop(rendering);

    Ok(if config_invalid || out.internal_error {
        EXIT_ERROR
    } else if findings.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

/// Command line over config: `--select` replaces the config's list, `--ignore` adds to it.
fn selection(args: &CheckArgs, config: &Config) -> RuleSelection {
    let mut ignore = config.ignore.clone();
    ignore.extend(args.ignore.iter().map(|c| c.to_ascii_uppercase()));
    RuleSelection {
        select: args
            .select
            .clone()
            .or_else(|| config.select.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.to_ascii_uppercase())
            .collect(),
        ignore,
        preview: args.preview || config.preview,
    }
}

fn known_code_or_prefix(code: &str) -> bool {
    let code = code.trim().to_ascii_uppercase();
    code == "ALL" || (code.len() >= 2 && rules::ALL.iter().any(|r| r.code.starts_with(&code)))
}

fn render(args: &CheckArgs, db: &SourceDb, findings: &[Finding]) -> String {
    if args.statistics {
        let mut out = report::statistics_text(findings);
        if !args.quiet {
            out.push_str(&report::text::summary(findings.len()));
        }
        return out;
    }
    match args.format {
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = report::text::render(db, findings, color);
            if !args.quiet {
                out.push_str(&report::text::summary(findings.len()));
            }
            out
        }
        Format::Json => report::json::render(db, findings),
        Format::Sarif => report::sarif::render(db, findings),
        Format::Github => report::github::render(db, findings),
    }
}
