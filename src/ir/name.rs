//! Interned names: the qualified names of places, callees and APIs that the IR repeats
//! thousands of times across a program (`pkg.mod.Cache`, `_lock`, `threading.Lock.acquire`).
//!
//! A [`Name`] is a copyable `&'static str` from one process-wide interner, so the IR holds each
//! distinct name once, a place is a few words with no heap allocation of its own, and equality
//! is a pointer comparison. Hashing and ordering use the text, so hash-map iteration and sorted
//! output do not depend on where the interner put a string: runs stay byte-for-byte identical.
//!
//! Interned text is never freed. The set of names a program uses is small next to its IR, and a
//! language server re-lowering edited files mostly meets names it has seen before.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// An interned string. Build one with [`Name::new`] or `From<&str>`/`From<String>`.
#[derive(Clone, Copy)]
pub struct Name(&'static str);

/// Shards of the interner: lowering runs on every core, and one lock would serialise it.
const SHARDS: usize = 64;

fn shards() -> &'static [Mutex<HashTable<&'static str>>] {
    static SHARDS_CELL: OnceLock<Vec<Mutex<HashTable<&'static str>>>> = OnceLock::new();
    SHARDS_CELL.get_or_init(|| (0..SHARDS).map(|_| Mutex::default()).collect())
}

impl Name {
    /// The interned copy of `text`.
    pub fn new(text: &str) -> Name {
        let hash = FxBuildHasher.hash_one(text);
        // Middle bits pick the shard: hashbrown uses the low bits for the bucket and the top 7 as
        // the tag, and a shard whose keys all share those would probe and compare far more.
        let shard = &shards()[(hash >> 32) as usize % SHARDS];
        // A poisoned shard only means another thread panicked while inserting; the set itself
        // is still valid.
        let mut table = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&interned) = table.find(hash, |s| *s == text) {
            return Name(interned);
        }
        let interned: &'static str = Box::leak(text.to_owned().into_boxed_str());
        table.insert_unique(hash, interned, |s| FxBuildHasher.hash_one(s));
        Name(interned)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        // One interner: equal text is the same allocation.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.0
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The text, as `str` hashes it: consistent with `Borrow<str>`, and independent of
        // addresses, so map iteration order is the same run to run.
        self.0.hash(state)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(other.0)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0.to_string()
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::new("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_is_one_name() {
        let a = Name::new("pkg.mod.Cache");
        let b = Name::from(String::from("pkg.mod.Cache"));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_ne!(a, Name::new("pkg.mod.Other"));
        assert_eq!(a, "pkg.mod.Cache");
    }

    #[test]
    fn order_and_hash_follow_the_text() {
        let (z, a) = (Name::new("zeta"), Name::new("alpha"));
        assert!(a < z);
        let hash = |s: &dyn Fn(&mut std::hash::DefaultHasher)| {
            let mut h = std::hash::DefaultHasher::new();
            s(&mut h);
            h.finish()
        };
        assert_eq!(hash(&|h| a.hash(h)), hash(&|h| "alpha".hash(h)));
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(set.contains("alpha"));
    }
}
