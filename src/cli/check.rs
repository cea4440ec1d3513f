//! `knot check`: load the workspace, run the selected rules, apply suppressions and
//! per-file ignores, print in the chosen format, and pick the exit code.

use std::io::{IsTerminal, Write};

use anyhow::bail;

use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::finding::{sort_and_dedup, Finding};
use crate::models::Models;
use crate::pipeline::{check_db, RuleSelection};
use crate::report;
use crate::rules;
use crate::source::SourceDb;
use crate::workspace::{self, suppress, Config, LoadOptions};

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    for code in args.select.iter().flatten().chain(&args.ignore) {
        if !known_code_or_prefix(code) {
            bail!("unknown rule code or prefix `{code}` (see `knot rules`)");
        }
    }
    let cwd = std::env::current_dir()?;
    let loading = crate::timings::phase("discover + read");
    let ws = workspace::load(
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
    let out = check_db(&ws.db, &models, &selection);
    let config_invalid = ws.config_invalid();
    let mut findings = ws.findings;
    findings.extend(out.findings);
    findings.retain(|f| {
        rules::by_code(f.code).is_none_or(|r| r.check.is_some() || tool_enabled(&selection, f))
    });
    suppress::apply(&ws.db, &mut findings);
    apply_per_file_ignores(&ws.db, &ws.config, &cwd, &mut findings);
    sort_and_dedup(&mut findings);

    let rendering = crate::timings::phase("render");
    let rendered = render(args, &ws.db, &findings);
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

/// Tool findings (KN00x) obey `--ignore`/`--select` like any rule, except KN003 and KN004,
/// which always show: hiding them would hide why the run exits 2.
fn tool_enabled(selection: &RuleSelection, f: &Finding) -> bool {
    if f.code == rules::tool::invalid_config::RULE.code
        || f.code == rules::tool::internal_error::RULE.code
    {
        return true;
    }
    rules::by_code(f.code).is_some_and(|r| selection.enabled(r))
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

/// Drops findings whose file matches a `per-file-ignores` glob listing their code.
fn apply_per_file_ignores(
    db: &SourceDb,
    config: &Config,
    cwd: &std::path::Path,
    findings: &mut Vec<Finding>,
) {
    if config.per_file_ignores.is_empty() {
        return;
    }
    let rules: Vec<(globset::GlobMatcher, &Vec<String>)> = config
        .per_file_ignores
        .iter()
        .filter_map(|(glob, codes)| Some((globset::Glob::new(glob).ok()?.compile_matcher(), codes)))
        .collect();
    let anchor = config.dir().unwrap_or(cwd);
    findings.retain(|f| {
        let display = &db.get(f.span.file).path;
        let abs = workspace::discover::absolute(cwd, std::path::Path::new(display));
        let rel = abs.strip_prefix(anchor).unwrap_or(&abs);
        let name = abs.file_name().unwrap_or_default();
        !rules.iter().any(|(matcher, codes)| {
            (matcher.is_match(rel) || matcher.is_match(name))
                && codes
                    .iter()
                    .any(|c| c == "ALL" || f.code.starts_with(c.as_str()))
        })
    });
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
