//! Guesses, from one file's text alone and before any file is lowered, the type of each module
//! global the file binds once at its top level to a constructor of a class it defines
//! (`idleConf = IdleConf(..)`), or to a call of a function of its own whose last return at the
//! function's top level constructs one (`environ = _createenviron()`).
//!
//! The program learns these types only after its first call graph (`TypeHints::places`), and
//! every file that looked one up (`os.environ.get(..)` in forty files of the standard library)
//! was lowered again with it. A file lowered with the right guess need not be: the first type
//! round compares each guess it was lowered with to what the program learned, and lowers again
//! the files that asked a place whose guess was wrong or that the program did not type
//! (`pipeline::refine_types`). A guess therefore only ever saves work; it never decides a type.
//! It is never used to declare a place either (a file's own `x = factory()` is typed by what
//! the program learned), so a wrong guess cannot confirm itself.
//!
//! The guesses (`TypeHints::guessed_places`) are `NAME = Class(..)` or `NAME = factory()` of the
//! file's own class, and `os.environ`; the first round sends back only the files that asked a place
//! whose guess the program did not confirm.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The guessed type of each global `module.NAME`, as `(global, class)` qualified names.
pub fn global_types(module: &str, text: &str) -> Vec<(String, String)> {
    let mut scan = Scan::default();
    scan.lines(text);
    let mut out = Vec::new();
    for (name, bind) in &scan.binds {
        let (1, Some(callee)) = (bind.count, bind.callee) else {
            continue;
        };
        if scan.declared_global.contains(name) {
            continue;
        }
        let class = if scan.classes.contains(callee) {
            callee
        } else {
            match scan.factories.get(callee) {
                Some(Returns::Constructs(class)) if scan.classes.contains(class) => class,
                _ => continue,
            }
        };
        out.push((format!("{module}.{name}"), format!("{module}.{class}")));
    }
    out
}

#[derive(Default)]
struct Scan<'t> {
    /// Classes defined at the top level.
    classes: HashSet<&'t str>,
    /// Top-level plain functions, by what their top-level returns construct.
    factories: HashMap<&'t str, Returns<'t>>,
    /// Names bound at the top level (or in a top-level `if`/`try`/`for`/`with` block).
    binds: HashMap<&'t str, Bind<'t>>,
    /// Names some function rebinds (`global NAME`).
    declared_global: HashSet<&'t str>,
}

#[derive(Default)]
struct Bind<'t> {
    count: u32,
    /// The plain name called by the value of the last bind (`IdleConf` in `x = IdleConf()`).
    callee: Option<&'t str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Returns<'t> {
    /// No top-level return seen yet.
    Nothing,
    /// Every top-level return so far calls this plain name.
    Constructs(&'t str),
    /// Some top-level return is anything else.
    Other,
}

/// The top-level statement the scan is in.
enum Block<'t> {
    /// A plain function's body, with the indentation of its first line once seen.
    Function(&'t str, Option<usize>),
    /// A class body or an `async def`: nothing in it binds a global.
    Skipped,
    /// An `if`/`try`/`for`/`with` block: its assignments bind globals too.
    Compound,
    None,
}

impl<'t> Scan<'t> {
    /// One pass over the lines, skipping at once the indented lines of blocks that bind no
    /// global (methods, most of a file): the scan runs over every file before any is lowered.
    fn lines(&mut self, text: &'t str) {
        let bytes = text.as_bytes();
        for at in memchr::memmem::find_iter(bytes, b"global ") {
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            if bytes[line_start..at]
                .iter()
                .all(|b| matches!(b, b' ' | b'\t'))
            {
                let names = text[at + 7..].lines().next().unwrap_or_default();
                let names = names.split('#').next().unwrap_or_default();
                self.declared_global.extend(names.split(',').map(str::trim));
            }
        }
        let strings = string_regions(bytes);
        let mut next_string = 0;
        let mut block = Block::None;
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        for end in ends {
            let line = &text[start..end];
            let line_start = start;
            start = end + 1;
            match line.as_bytes().first() {
                None | Some(b'#' | b'\r') => continue,
                Some(b' ' | b'\t') if matches!(block, Block::Skipped | Block::None) => continue,
                _ => {}
            }
            while strings.get(next_string).is_some_and(|s| s.1 <= line_start) {
                next_string += 1;
            }
            if strings.get(next_string).is_some_and(|s| s.0 < line_start) {
                continue;
            }
            let code = line.trim_start();
            if code.is_empty() || code.starts_with('#') {
                continue;
            }
            let indent = line.len() - code.len();
            if indent == 0 {
                block = self.top_level(code);
                continue;
            }
            match &mut block {
                Block::Function(name, body_indent) => {
                    let at = *body_indent.get_or_insert(indent);
                    if indent == at {
                        if let Some(value) = keyword_rest(code, "return") {
                            let returns = self.factories.entry(name).or_insert(Returns::Nothing);
                            *returns = match (*returns, called_name(value)) {
                                (Returns::Nothing, Some(c)) => Returns::Constructs(c),
                                (Returns::Constructs(k), Some(c)) if k == c => {
                                    Returns::Constructs(k)
                                }
                                _ => Returns::Other,
                            };
                        }
                    }
                }
                Block::Compound => {
                    if let Some((name, _)) = assignment(code) {
                        self.bind(name, None);
                    }
                }
                Block::Skipped | Block::None => {}
            }
        }
    }

    fn top_level(&mut self, code: &'t str) -> Block<'t> {
        if let Some(rest) = code.strip_prefix("class ") {
            if let Some(name) = identifier(rest) {
                self.classes.insert(name);
            }
            return Block::Skipped;
        }
        if let Some(rest) = code.strip_prefix("def ") {
            return match identifier(rest) {
                Some(name) => {
                    self.factories.insert(name, Returns::Nothing);
                    Block::Function(name, None)
                }
                None => Block::Skipped,
            };
        }
        if code.starts_with("async ") || code.starts_with('@') {
            return Block::Skipped;
        }
        if let Some((name, value)) = assignment(code) {
            self.bind(name, value.and_then(called_name));
            return Block::None;
        }
        Block::Compound
    }

    fn bind(&mut self, name: &'t str, callee: Option<&'t str>) {
        let bind = self.binds.entry(name).or_default();
        bind.count += 1;
        bind.callee = callee;
    }
}

/// The byte ranges of the triple-quoted strings (`"""..."""`, `\'\'\'...\'\'\'`), in order.
fn string_regions(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut quotes: Vec<(usize, u8)> = memchr::memmem::find_iter(bytes, b"\"\"\"")
        .map(|at| (at, b'"'))
        .chain(memchr::memmem::find_iter(bytes, b"\'\'\'").map(|at| (at, b'\'')))
        .collect();
    quotes.sort_unstable();
    let mut regions = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    for (at, quote) in quotes {
        match open {
            None => open = Some((at, quote)),
            Some((from, q)) if q == quote && at >= from + 3 => {
                regions.push((from, at + 3));
                open = None;
            }
            Some(_) => {}
        }
    }
    if let Some((from, _)) = open {
        regions.push((from, bytes.len()));
    }
    regions
}

/// `NAME = value` or `NAME: T = value` (value `None` when annotated, augmented or absent):
/// the name bound, and the value when it is a plain `=`.
fn assignment(code: &str) -> Option<(&str, Option<&str>)> {
    let name = identifier(code)?;
    let rest = code[name.len()..].trim_start();
    if let Some(value) = rest.strip_prefix('=') {
        if value.starts_with('=') {
            return None;
        }
        return Some((name, Some(value.trim_start())));
    }
    let augmented = [
        "+=", "-=", "*=", "|=", "&=", "/=", "^=", "%=", ":", "@=", "<<=", ">>=",
    ];
    if augmented.iter().any(|op| rest.starts_with(op)) && !rest.starts_with(":=") {
        return Some((name, None));
    }
    None
}

/// The plain name a value calls: `Class` in `Class(..)`, not `mod.Class(..)` or `f()()`.
fn called_name(value: &str) -> Option<&str> {
    let name = identifier(value)?;
    value[name.len()..].starts_with('(').then_some(name)
}

/// What follows a statement keyword (`return x` -> `x`).
fn keyword_rest<'a>(code: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = code.strip_prefix(keyword)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// The identifier at the start of `s`.
fn identifier(s: &str) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    let name = &s[..end];
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::global_types;

    fn guesses(text: &str) -> Vec<(String, String)> {
        let mut out = global_types("pkg.m", text);
        out.sort();
        out
    }

    #[test]
    fn a_constructor_of_a_class_of_the_file() {
        let text = "class Conf:\n    pass\n\nconf = Conf(1)\n";
        assert_eq!(
            guesses(text),
            [("pkg.m.conf".to_owned(), "pkg.m.Conf".to_owned())]
        );
    }

    #[test]
    fn a_factory_whose_top_level_return_constructs() {
        let text = "def make():\n    def inner():\n        return 1\n    if x:\n        \
                    return None\n    return Env(data)\n\nclass Env(dict):\n    pass\n\
                    env = make()\n";
        assert_eq!(
            guesses(text),
            [("pkg.m.env".to_owned(), "pkg.m.Env".to_owned())]
        );
    }

    #[test]
    fn no_guess_for_a_name_bound_twice_or_rebound_by_a_function() {
        let text = "class A:\n    pass\nclass B:\n    pass\n\
                    a = A()\nif x:\n    a = B()\n\
                    b = B()\ndef reset():\n    global b\n    b = None\n\
                    c = A()\nc += 1\n";
        assert!(guesses(text).is_empty());
    }

    #[test]
    fn no_guess_from_a_string_or_a_library_call() {
        let text = "import threading\nclass A:\n    pass\n\"\"\"\nx = A()\n\"\"\"\n\
                    lock = threading.Lock()\ny = len(A())\nz = A\n";
        assert!(guesses(text).is_empty());
    }

    #[test]
    fn no_guess_when_a_factory_returns_two_things() {
        let text = "class A:\n    pass\ndef make():\n    if x:\n        pass\n    return A()\n    \
                    return None\nv = make()\n";
        assert!(guesses(text).is_empty());
    }
}
