use std::{
    backtrace::Backtrace,
    collections::HashMap,
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
};

#[derive(Debug)]
pub enum Error {
    Git(String, Backtrace),
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Git(s, _) => write!(f, "git error: {}", s),
            Error::Io(e) => write!(f, "io error: {}", e),
        }
    }
}

pub type GitHashes = HashMap<PathBuf, String>;

fn read_git_error_to_string<R: Read>(stderr: &mut R) -> Option<String> {
    let mut buf = String::new();
    let bytes_read = stderr.read_to_string(&mut buf).ok()?;
    if bytes_read > 0 {
        Some(buf)
    } else {
        None
    }
}

pub(crate) fn wait_for_success<R: Read, T>(
    mut child: Child,
    stderr: &mut R,
    command: &str,
    root_path: impl AsRef<Path>,
    parse_result: Result<T, Error>,
) -> Result<T, Error> {
    if let Err(parse_err) = parse_result {
        // In this case, we don't care about waiting for the child to exit,
        // we need to kill it. It's possible that we didn't read all of the output,
        // or that the child process doesn't know to exit.
        child.kill()?;
        let stderr_output = read_git_error_to_string(stderr);
        let stderr_text = stderr_output
            .map(|stderr| format!(" stderr: {}", stderr))
            .unwrap_or_default();
        let err_text = format!(
            "'{}' in {}{}{}",
            command,
            root_path.as_ref().display(),
            stderr_text,
            parse_err
        );
        return Err(Error::Git(err_text, Backtrace::capture()));
    }
    let exit_status = child.wait()?;
    if exit_status.success() {
        return parse_result;
    }
    Err(Error::Git(
        format!("'{}' exited with {:?}", command, exit_status.code()),
        Backtrace::capture(),
    ))
}

fn read_ls_tree<R: Read>(reader: R, hashes: &mut GitHashes) -> Result<(), Error> {
    for line in BufReader::new(reader).lines() {
        let line = line?;
        let (meta, path) = line
            .split_once('\t')
            .ok_or_else(|| Error::Git(format!("invalid ls-tree line {}", line), Backtrace::capture()))?;
        let hash = meta
            .rsplit(' ')
            .next()
            .ok_or_else(|| Error::Git("missing hash".into(), Backtrace::capture()))?;
        hashes.insert(PathBuf::from(path), hash.to_string());
    }
    Ok(())
}

pub fn git_ls_tree(root_path: &Path) -> Result<GitHashes, Error> {
    let mut hashes = GitHashes::new();
    let mut git = Command::new("git")
        .args(["ls-tree", "-r", "-z", "HEAD"])
        .current_dir(root_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    {
        let stdout = git
            .stdout
            .as_mut()
            .ok_or_else(|| Error::Git("failed to get stdout for git ls-tree".into(), Backtrace::capture()))?;
        let parse_result = read_ls_tree(stdout, &mut hashes);
        let mut stderr = git.stderr.take().expect("stderr is piped");
        wait_for_success(git, &mut stderr, "git ls-tree", root_path, parse_result)?;
    }
    Ok(hashes)
}
