//! The workspace: everything a run needs from disk. Finds and reads the files, loads the
//! configuration, and turns what could not be read or understood into KN002/KN003 findings.
//! The only IO below `cli` and `lsp`.

use std::path::{Path, PathBuf};

use crate::finding::Finding;
use crate::rules;
use crate::source::{SourceDb, Span};

pub mod config;
pub mod discover;
pub mod suppress;

pub use config::Config;

/// What to load: the paths to check and the command-line settings that shape discovery.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Files or directories; empty means the current directory.
    pub paths: Vec<PathBuf>,
    /// Extra exclude globs from the command line (relative to the current directory).
    pub exclude: Vec<String>,
    /// An explicit configuration file instead of the nearest one.
    pub config: Option<PathBuf>,
}

/// The loaded workspace: every file (sources and the config file, sorted by display path), the
/// configuration, and the findings loading produced (KN002, KN003).
#[derive(Debug)]
pub struct Workspace {
    pub db: SourceDb,
    pub config: Config,
    pub findings: Vec<Finding>,
}

impl Workspace {
    /// Whether the configuration had problems (KN003), which makes the run exit 2.
    pub fn config_invalid(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == rules::tool::invalid_config::RULE.code)
    }
}

/// Loads the workspace rooted at `cwd`. Errors only for what stops a run before it starts: a
/// path that does not exist or an unreadable explicit config file.
pub fn load(cwd: &Path, options: &LoadOptions) -> anyhow::Result<Workspace> {
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    for glob in &options.exclude {
        if let Err(e) = globset::Glob::new(glob) {
            anyhow::bail!("invalid `--exclude` glob `{glob}`: {}", e.kind());
        }
    }
    let config_path = match &options.config {
        Some(p) => Some(discover::absolute(cwd, p)),
        None => config::find(&discover::absolute(cwd, &paths[0])),
    };
    let (config, config_text, problems) = match &config_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("cannot read configuration `{}`: {e}", path.display())
            })?;
            let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
            let (mut config, problems) = config::parse(&text, pyproject);
            config.path = Some(path.clone());
            (config, Some(text), problems)
        }
        None => (Config::default(), None, Vec::new()),
    };

    let mut globs = config.exclude.clone();
    globs.extend(options.exclude.iter().cloned());
    let mut anchors = vec![cwd.to_path_buf()];
    anchors.extend(config.dir().map(Path::to_path_buf));
    let excludes = discover::Excludes::new(&globs, anchors);
    let files = discover::discover(&paths, cwd, &excludes)?;

    // Register sources and the config file in one path order (SourceDb invariant).
    enum Entry {
        Source(discover::Discovered),
        Config(String, String),
    }
    let mut entries: Vec<(String, Entry)> = files
        .into_iter()
        .map(|d| (d.display.clone(), Entry::Source(d)))
        .collect();
    let config_display = config_path.as_ref().map(|p| discover::display_path(cwd, p));
    if let (Some(display), Some(text)) = (&config_display, config_text) {
        if !problems.is_empty() && !entries.iter().any(|(d, _)| d == display) {
            entries.push((display.clone(), Entry::Config(display.clone(), text)));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));

    let mut db = SourceDb::new();
    let mut findings = Vec::new();
    for (_, entry) in entries {
        match entry {
            Entry::Source(d) => match d.text {
                Ok(text) => {
                    let id = db.add(d.display, d.module, text);
                    db.set_crate(id, d.edition, d.own_root);
                }
                Err(problem) => {
                    let id = db.add(d.display, d.module, "");
                    findings.push(Finding::new(
                        &rules::tool::unreadable_file::RULE,
                        Span::new(id, 0, 0),
                        problem,
                    ));
                }
            },
            Entry::Config(display, text) => {
                let id = db.add(display, "", text);
                let file = db.get(id);
                for problem in &problems {
                    let start = file.lines().line_start(problem.line);
                    let end = file.text[start as usize..]
                        .find('\n')
                        .map_or(file.text.len() as u32, |n| start + n as u32);
                    findings.push(
                        Finding::new(
                            &rules::tool::invalid_config::RULE,
                            Span::new(id, start, end),
                            problem.message.clone(),
                        )
                        .with_label("invalid setting")
                        .with_help("fix or remove this setting; the run used the default for it"),
                    );
                }
            }
        }
    }
    Ok(Workspace {
        db,
        config,
        findings,
    })
}
