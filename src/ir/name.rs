//! Interned names: the qualified names of places, callees and APIs that the IR repeats
//! thousands of times across a program (`pkg.mod.Cache`, `_lock`, `threading.Lock.acquire`).
//!
//! A [`Name`] is a copyable pointer to text in one process-wide interner, so the IR holds each
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
use std::ptr::NonNull;
use std::sync::{Mutex, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// An interned string. Build one with [`Name::new`] or `From<&str>`/`From<String>`.
///
/// One pointer wide (so a place is three words and `Option<Name>` one): it points at an
/// interned, never-freed allocation holding the text's length followed by its bytes.
#[derive(Clone, Copy)]
pub struct Name(NonNull<u8>);

// SAFETY: a `Name` points at immutable, leaked (`'static`) bytes; sharing or sending it
// between threads is sharing a `&'static str`.
unsafe impl Send for Name {}
unsafe impl Sync for Name {}

/// Bytes before the text: its length as a `usize`.
const HEADER: usize = std::mem::size_of::<usize>();

/// Shards of the interner: lowering runs on every core, and one lock would serialise it.
const SHARDS: usize = 64;

fn shards() -> &'static [Mutex<HashTable<Name>>] {
    static SHARDS_CELL: OnceLock<Vec<Mutex<HashTable<Name>>>> = OnceLock::new();
    SHARDS_CELL.get_or_init(|| (0..SHARDS).map(|_| Mutex::default()).collect())
}

impl Name {
    /// The interned copy of `text`.
    pub fn new(text: &str) -> Name {
        let hash = FxBuildHasher.hash_one(text);
        // Middle bits pick the shard: hashbrown uses the low bits for the bucket and the top 7 as
        // the tag, and a shard whose keys all share those would probe and compare far more.
        let shard = &shards()[(hash >> 32) as usize % SHARDS];
        // A poisoned shard only means another thread panicked while inserting; the table itself
        // is still valid.
        let mut table = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&interned) = table.find(hash, |n| n.as_str() == text) {
            return interned;
        }
        let mut bytes = Vec::with_capacity(HEADER + text.len());
        bytes.extend_from_slice(&text.len().to_ne_bytes());
        bytes.extend_from_slice(text.as_bytes());
        let leaked: &'static mut [u8] = Box::leak(bytes.into_boxed_slice());
        let interned = Name(NonNull::from(leaked).cast::<u8>());
        table.insert_unique(hash, interned, |n| FxBuildHasher.hash_one(n.as_str()));
        interned
    }

    pub fn as_str(&self) -> &'static str {
        // SAFETY: `self.0` was made by `new` from a leaked allocation of `HEADER` length bytes
        // followed by that many bytes copied from a `&str`; it is never freed or written again.
        unsafe {
            let start = self.0.as_ptr();
            let len = usize::from_ne_bytes(*(start as *const [u8; HEADER]));
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(start.add(HEADER), len))
        }
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        // One interner: equal text is the same allocation.
        self.0 == other.0
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The text, as `str` hashes it: consistent with `Borrow<str>`, and independent of
        // addresses, so map iteration order is the same run to run.
        self.as_str().hash(state)
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
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
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
        name.as_str().to_string()
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
