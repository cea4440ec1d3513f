//! Configuration: `[tool.knot]` in `pyproject.toml`, or the top level of `knot.toml`; the nearest
//! file to the first checked path wins. Problems never abort the run: each becomes a KN003
//! finding at the offending key's line, and the key falls back to its default.

use std::path::{Path, PathBuf};

use globset::Glob;

use crate::models::ModelFile;
use crate::rules;

/// Keys allowed in the knot table, in the order the error message lists them.
const KEYS: &[&str] = &[
    "select",
    "ignore",
    "exclude",
    "per-file-ignores",
    "preview",
    "models",
];

/// The settings read from one configuration file (or the defaults when there is none).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file the settings come from.
    pub path: Option<PathBuf>,
    /// `None` when the file does not set `select` (every stable rule).
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Globs, matched against paths relative to the config file's directory and to file names.
    pub exclude: Vec<String>,
    /// (glob, codes): findings of those codes in matching files are dropped.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    pub preview: bool,
    /// The user's API models from the `models` table, if any.
    pub models: Option<ModelFile>,
}

impl Config {
    /// Directory the config file's relative globs are anchored at.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// One problem in a configuration file: the 1-based line of the key and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub line: u32,
    pub message: String,
}

/// The nearest `knot.toml`, or `pyproject.toml` with a `[tool.knot]` table, at or above `start`.
/// In one directory `knot.toml` wins.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    for dir in first.into_iter().flat_map(Path::ancestors) {
        let knot = dir.join("knot.toml");
        if knot.is_file() {
            return Some(knot);
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() && has_knot_table(&pyproject) {
            return Some(pyproject);
        }
    }
    None
}

fn has_knot_table(pyproject: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(pyproject) else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        // A broken pyproject.toml that mentions knot is still ours to report.
        return text.contains("tool.knot");
    };
    table
        .get("tool")
        .and_then(|t| t.get("knot"))
        .is_some_and(toml::Value::is_table)
}

/// Parses configuration text. `pyproject` selects where the knot table lives.
pub fn parse(text: &str, pyproject: bool) -> (Config, Vec<ConfigProblem>) {
    let prefix: &[&str] = if pyproject { &["tool", "knot"] } else { &[] };
    let mut config = Config::default();
    let mut problems = Vec::new();
    let root = match text.parse::<toml::Table>() {
        Ok(root) => root,
        Err(e) => {
            let line = e.span().map(|s| line_of_offset(text, s.start)).unwrap_or(1);
            let what = e.message().trim().to_string();
            problems.push(ConfigProblem {
                line,
                message: format!("configuration is not valid TOML: {what}"),
            });
            return (config, problems);
        }
    };
    let mut table = Some(&root);
    for key in prefix {
        table = table
            .and_then(|t| t.get(*key))
            .and_then(toml::Value::as_table);
    }
    let Some(table) = table else {
        return (config, problems);
    };
    let locate = |path: &[&str]| locate_key(text, prefix, path);
    let mut problem = |path: &[&str], message: String| {
        problems.push(ConfigProblem {
            line: locate(path),
            message,
        });
    };
    for (key, value) in table {
        match key.as_str() {
            "select" => {
                config.select = codes(value, "select", &mut problem);
            }
            "ignore" => {
                config.ignore = codes(value, "ignore", &mut problem).unwrap_or_default();
            }
            "exclude" => {
                config.exclude = globs(value, &["exclude"], &mut problem);
            }
            "preview" => match value.as_bool() {
                Some(b) => config.preview = b,
                None => problem(
                    &["preview"],
                    format!(
                        "invalid value for `preview`: expected `true` or `false`, found {}",
                        value.type_str()
                    ),
                ),
            },
            "per-file-ignores" => {
                let Some(entries) = value.as_table() else {
                    problem(
                        &["per-file-ignores"],
                        "invalid value for `per-file-ignores`: expected a table of glob = [codes]"
                            .to_string(),
                    );
                    continue;
                };
                for (glob, codes_value) in entries {
                    if let Err(e) = Glob::new(glob) {
                        problem(
                            &["per-file-ignores", glob],
                            format!("invalid glob `{glob}` in `per-file-ignores`: {}", e.kind()),
                        );
                        continue;
                    }
                    let what = format!("per-file-ignores.\"{glob}\"");
                    let mut nested =
                        |_: &[&str], message: String| problem(&["per-file-ignores", glob], message);
                    if let Some(list) = codes(codes_value, &what, &mut nested) {
                        config.per_file_ignores.push((glob.clone(), list));
                    }
                }
            }
            "models" => config.models = models(value, &mut problem),
            other => problem(
                &[other],
                format!(
                    "unknown configuration key `{other}`; allowed keys: {}",
                    KEYS.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    (config, problems)
}

/// A list of rule codes or prefixes; `None` (with a problem) when the value is not a list of
/// strings. Entries that match no rule are dropped with a problem each.
fn codes(
    value: &toml::Value,
    key: &str,
    problem: &mut dyn FnMut(&[&str], String),
) -> Option<Vec<String>> {
    let path: Vec<&str> = vec![key.split('.').next().unwrap_or(key)];
    let Some(items) = value.as_array() else {
        problem(
            &path,
            format!(
                "invalid value for `{key}`: expected a list of rule codes such as [\"KN202\"], found {}",
                value.type_str()
            ),
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items {
        match item.as_str() {
            Some(code) if is_known_code_or_prefix(code) => out.push(code.to_ascii_uppercase()),
            Some(code) => problem(
                &path,
                format!(
                    "`{key}` entry `{code}` matches no rule; use a code such as `KN202`, a prefix such as `KN2`, or `ALL`"
                ),
            ),
            None => problem(
                &path,
                format!(
                    "invalid entry in `{key}`: expected a rule code string, found {}",
                    item.type_str()
                ),
            ),
        }
    }
    Some(out)
}

fn globs(
    value: &toml::Value,
    path: &[&str],
    problem: &mut dyn FnMut(&[&str], String),
) -> Vec<String> {
    let key = path.join(".");
    let Some(items) = value.as_array() else {
        problem(
            path,
            format!(
                "invalid value for `{key}`: expected a list of globs such as [\"build/**\"], found {}",
                value.type_str()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(glob) = item.as_str() else {
            problem(
                path,
                format!(
                    "invalid entry in `{key}`: expected a glob string, found {}",
                    item.type_str()
                ),
            );
            continue;
        };
        match Glob::new(glob) {
            Ok(_) => out.push(glob.to_string()),
            Err(e) => problem(
                path,
                format!("invalid glob `{glob}` in `{key}`: {}", e.kind()),
            ),
        }
    }
    out
}

/// The user's models: the schema of `rules/models/*.toml`, with `library` and `language`
/// optional (filled in here; a name containing `::` makes the file a Rust one).
fn models(value: &toml::Value, problem: &mut dyn FnMut(&[&str], String)) -> Option<ModelFile> {
    let Some(table) = value.as_table() else {
        problem(
            &["models"],
            format!(
                "invalid value for `models`: expected a table such as [[tool.knot.models.lock]], found {}",
                value.type_str()
            ),
        );
        return None;
    };
    let mut table = table.clone();
    let language = if toml::to_string(&table).is_ok_and(|s| s.contains("::")) {
        "rust"
    } else {
        "python"
    };
    table
        .entry("library")
        .or_insert_with(|| toml::Value::String("user-config".to_string()));
    table
        .entry("language")
        .or_insert_with(|| toml::Value::String(language.to_string()));
    match toml::Value::Table(table.clone()).try_into::<ModelFile>() {
        Ok(file) => Some(file),
        Err(e) => {
            let message = e.message().trim().to_string();
            // Point at the unknown or bad key when serde names it, else at the table.
            let key = message
                .split('`')
                .nth(1)
                .map(str::to_string)
                .unwrap_or_default();
            let mut path = vec!["models"];
            let section = table
                .iter()
                .find(|(name, v)| {
                    v.as_array().is_some_and(|items| {
                        items
                            .iter()
                            .any(|i| i.as_table().is_some_and(|t| t.contains_key(&key)))
                    }) || **name == key
                })
                .map(|(name, _)| name.clone());
            if let Some(section) = &section {
                path.push(section);
                if *section != key {
                    path.push(&key);
                }
            }
            problem(&path, format!("invalid API model in `models`: {message}"));
            None
        }
    }
}

fn is_known_code_or_prefix(code: &str) -> bool {
    code.eq_ignore_ascii_case("ALL")
        || (code.len() >= 2
            && rules::ALL
                .iter()
                .any(|r| r.code.starts_with(code.to_ascii_uppercase().as_str())))
}

fn line_of_offset(text: &str, offset: usize) -> u32 {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
        + 1
}

/// The 1-based line where `prefix.path` is defined: a `[table]` / `[[array]]` header or a
/// `key = ...` line under the right header. Falls back to the knot table's header, then line 1.
fn locate_key(text: &str, prefix: &[&str], path: &[&str]) -> u32 {
    let full: Vec<String> = prefix
        .iter()
        .chain(path.iter())
        .map(|s| s.to_string())
        .collect();
    let mut best_prefix = 0usize;
    let mut best_line = 1u32;
    let mut header: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.trim();
        if line.starts_with('[') {
            let inner = line.trim_start_matches('[');
            let inner = inner.split(']').next().unwrap_or("");
            header = split_key(inner);
            let matched = common_prefix(&header, &full);
            if matched == full.len() && header.len() == full.len() {
                return line_no;
            }
            if matched == header.len() && matched > best_prefix {
                best_prefix = matched;
                best_line = line_no;
            }
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        if line.starts_with('#') {
            continue;
        }
        let mut here = header.clone();
        here.extend(split_key(key));
        let matched = common_prefix(&here, &full);
        if common_prefix(&header, &full) == header.len() {
            if matched == full.len() {
                return line_no;
            }
            if matched > best_prefix {
                best_prefix = matched;
                best_line = line_no;
            }
        }
    }
    best_line
}

fn split_key(key: &str) -> Vec<String> {
    key.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\'').to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn common_prefix(a: &[String], b: &[String]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let text = r#"
[tool.knot]
select = ["KN0"]
ignore = ["kn001"]
exclude = ["build/**"]
preview = true

[tool.knot.per-file-ignores]
"legacy/*.py" = ["KN002"]

[[tool.knot.models.lock]]
new = "mylib.sync.TimedLock"
"#;
        let (config, problems) = parse(text, true);
        assert_eq!(problems, vec![]);
        assert_eq!(config.select, Some(vec!["KN0".to_string()]));
        assert_eq!(config.ignore, vec!["KN001".to_string()]);
        assert_eq!(config.exclude, vec!["build/**".to_string()]);
        assert!(config.preview);
        assert_eq!(
            config.per_file_ignores,
            vec![("legacy/*.py".to_string(), vec!["KN002".to_string()])]
        );
        let models = config.models.expect("models parsed");
        assert_eq!(models.lock[0].new, "mylib.sync.TimedLock");
        assert_eq!(models.language, "python");
    }

    #[test]
    fn problems_point_at_the_key_line() {
        let text = "[tool.other]\nselect = 1\n[tool.knot]\nselect = [\"KN0\"]\nfrobnicate = 1\npreview = \"yes\"\n[[tool.knot.models.lock]]\nnew = \"a.L\"\nbogus = 2\n";
        let (config, problems) = parse(text, true);
        let lines: Vec<u32> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![5, 9, 6], "{problems:?}");
        assert!(problems[0].message.contains("`frobnicate`"));
        assert!(problems[0].message.contains("`per-file-ignores`"));
        assert!(problems[1].message.contains("bogus"), "{problems:?}");
        assert!(!config.preview);
        assert_eq!(config.select, Some(vec!["KN0".to_string()]));
    }

    #[test]
    fn knot_toml_is_top_level_and_unknown_codes_are_reported() {
        let (config, problems) = parse("select = [\"KN0\", \"XY9\"]\n", false);
        assert_eq!(config.select, Some(vec!["KN0".to_string()]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.contains("`XY9`"));
    }
}
