//! Source files, byte spans and line/column conversion. Knows nothing of parsers or paths on disk
//! beyond the display path each file carries.

use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file. Invariant: knot's own type; no parser span survives lowering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }
}

/// Line starts of one text, for byte offset -> (line, column) conversion. Shared, like the
/// text, by the copies of a [`SourceDb`] (each check of a workspace works on one).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Arc<[u32]>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0u32)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex {
            line_starts: starts.collect(),
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = offset.min(text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() as u32 + 1;
        (line as u32 + 1, col)
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: u32) -> u32 {
        let i = (line.max(1) - 1) as usize;
        *self
            .line_starts
            .get(i)
            .unwrap_or_else(|| self.line_starts.last().unwrap_or(&0))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The language of a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Lang {
    Python,
    Rust,
}

impl Lang {
    pub fn from_path(path: &str) -> Option<Lang> {
        if path.ends_with(".py") || path.ends_with(".pyi") {
            Some(Lang::Python)
        } else if path.ends_with(".rs") {
            Some(Lang::Rust)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Rust => "rust",
        }
    }
}

/// One source file: its display path (as given by the user or relative to the root), text and
/// line index. A file that could not be read has empty text and is still registered, so a KN002
/// finding can point at it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub path: String,
    /// Qualified module name computed by `workspace` from the path and package layout
    /// (`pkg.sub.mod`, `crate::a::b`); front-ends use it as the prefix of every name they emit.
    pub module: String,
    pub text: Arc<str>,
    /// `text`'s line index, built on first use ([`SourceFile::lines`]): `knot check` gives most
    /// texts back right after lowering without ever converting an offset in them.
    lines: OnceLock<LineIndex>,
    /// Rust: the edition of the crate the file belongs to, from its `Cargo.toml`, when known.
    pub edition: Option<u16>,
    /// Rust: the file is the root of a crate of its own though its module name is not `crate`
    /// (a file outside any crate's `src/`): `crate::x` names its own item `x`.
    pub own_root: bool,
    /// The text was given back after lowering ([`SourceDb::release_texts`]): `text` is empty
    /// until [`SourceDb::reload_texts`] reads the file again.
    released: bool,
}

impl SourceFile {
    /// The line index of `text`.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Gives back the text and line index of a source file (see [`SourceDb::release_texts`]);
    /// a file without a language (a configuration file) keeps its own.
    pub fn release_text(&mut self) {
        if Lang::from_path(&self.path).is_some() && !self.text.is_empty() {
            self.text = Arc::from("");
            self.lines = OnceLock::new();
            self.released = true;
        }
    }
}

/// All files of one run, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> SourceDb {
        SourceDb::default()
    }

    /// Registers a file. Invariant: callers add files in output (path) order, so `FileId`
    /// order is path order and sorting findings by file id sorts them by path.
    pub fn add(
        &mut self,
        path: impl Into<String>,
        module: impl Into<String>,
        text: impl Into<Arc<str>>,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            id,
            path: path.into(),
            module: module.into(),
            text: text.into(),
            lines: OnceLock::new(),
            edition: None,
            own_root: false,
            released: false,
        });
        id
    }

    /// Gives back the text and line index of every source file: once the program is lowered,
    /// only the files findings point into need them (`knot check`, where the texts are a fifth
    /// of the peak memory). Files without a language (a configuration file) keep theirs.
    pub fn release_texts(&mut self) {
        self.files.iter_mut().for_each(SourceFile::release_text);
    }

    /// Every file, to give each text back as soon as its file is lowered
    /// ([`SourceFile::release_text`]).
    pub fn files_mut(&mut self) -> &mut [SourceFile] {
        &mut self.files
    }

    /// Puts back the released texts of `ids`, as `read` gives them for a display path. A file
    /// that cannot be read any more gets an empty text: its findings render without a snippet.
    pub fn reload_texts(
        &mut self,
        ids: impl IntoIterator<Item = FileId>,
        read: impl Fn(&str) -> Option<String>,
    ) {
        for id in ids {
            let f = &mut self.files[id.0 as usize];
            if !f.released {
                continue;
            }
            f.released = false;
            f.text = read(&f.path).unwrap_or_default().into();
            f.lines = OnceLock::new();
        }
    }

    /// Records the Rust edition of a file's crate (`workspace` reads it from `Cargo.toml`) and
    /// whether the file is a crate root of its own ([`SourceFile::own_root`]).
    pub fn set_crate(&mut self, id: FileId, edition: Option<u16>, own_root: bool) {
        let f = &mut self.files[id.0 as usize];
        f.edition = edition;
        f.own_root = own_root;
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// 1-based (line, column) of a span's start and end.
    pub fn span_range(&self, span: Span) -> ((u32, u32), (u32, u32)) {
        let f = self.get(span.file);
        let lines = f.lines();
        (
            lines.line_col(&f.text, span.start),
            lines.line_col(&f.text, span.end),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let text = "ab\nçd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 5), (2, 2)); // after the two-byte 'ç'
        assert_eq!(idx.line_col(text, 100), (3, 1));
    }

    #[test]
    fn released_texts_come_back_for_the_files_asked() {
        let mut db = SourceDb::new();
        let a = db.add("a.py", "a", "x = 1\ny = 2\n");
        let b = db.add("b.py", "b", "z = 3\n");
        let config = db.add("knot.toml", "", "select = []\n");
        db.release_texts();
        assert_eq!(&*db.get(a).text, "");
        assert_eq!(&*db.get(config).text, "select = []\n");
        db.reload_texts([a], |path| Some(format!("{path} again\nline two\n")));
        assert_eq!(&*db.get(a).text, "a.py again\nline two\n");
        assert_eq!(db.get(a).lines().line_count(), 3);
        assert_eq!(&*db.get(b).text, "");
    }
}
