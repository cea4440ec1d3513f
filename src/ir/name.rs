//! Interned names: the qualified names of places, callees and APIs that the IR repeats
//! thousands of times across a program (`pkg.mod.Cache`, `_lock`, `threading.Lock.acquire`).
//!
//! A [`Name`] is a copyable index of text in one process-wide interner, so the IR holds each
//! distinct name once, a place is two words with no heap allocation of its own, and equality
//! is an integer comparison. Hashing and ordering use the text, so hash-map iteration and sorted
//! output do not depend on where the interner put a string: runs stay byte-for-byte identical.
//!
//! Interned text is never freed. The set of names a program uses is small next to its IR, and a
//! language server re-lowering edited files mostly meets names it has seen before.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::num::NonZeroU32;
use std::ops::Deref;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// An interned string. Build one with [`Name::new`] or `From<&str>`/`From<String>`.
///
/// Four bytes (so a field place is two words and `Option<Name>` is as small as a `Name`): the
/// index of the text in one process-wide, append-only table of interned, never-freed
/// allocations, each holding the text's length followed by its bytes.
#[derive(Clone, Copy)]
pub struct Name(NonZeroU32);

/// Bytes before the text: its length as a `usize`.
const HEADER: usize = std::mem::size_of::<usize>();

/// Shards of the interner: lowering runs on every core, and one lock would serialise it.
const SHARDS: usize = 64;

fn shards() -> &'static [Mutex<HashTable<Name>>] {
    static SHARDS_CELL: OnceLock<Vec<Mutex<HashTable<Name>>>> = OnceLock::new();
    SHARDS_CELL.get_or_init(|| (0..SHARDS).map(|_| Mutex::default()).collect())
}

/// The texts by index. Bucket `b` holds `FIRST << b` slots, so the buckets never move and a
/// lookup reads two pointers without a lock: an index is handed out only after its slot is
/// written, and whoever holds a `Name` got it after that (through a shard's lock, or from the
/// thread that made it).
const FIRST_BITS: u32 = 10;
const BUCKETS: usize = (u32::BITS - FIRST_BITS + 1) as usize;

static TABLE: [AtomicPtr<AtomicPtr<u8>>; BUCKETS] = [const { AtomicPtr::new(null_mut()) }; BUCKETS];

/// Indices handed out so far. Only read and bumped under a shard's lock, but shards run at once.
static COUNT: AtomicU32 = AtomicU32::new(0);

/// Bucket and slot of index `i`.
fn locate(i: u32) -> (usize, usize) {
    let j = i as u64 + (1 << FIRST_BITS);
    let bucket = (63 - j.leading_zeros() - FIRST_BITS) as usize;
    (
        bucket,
        (j - (1u64 << (bucket as u32 + FIRST_BITS))) as usize,
    )
}

/// The slots of `bucket`, allocated (zeroed) by the first caller that needs them.
fn bucket(bucket: usize) -> *const AtomicPtr<u8> {
    let cell = &TABLE[bucket];
    let current = cell.load(Ordering::Acquire);
    if !current.is_null() {
        return current;
    }
    let len = 1usize << (bucket as u32 + FIRST_BITS);
    let fresh: Box<[AtomicPtr<u8>]> = (0..len).map(|_| AtomicPtr::new(null_mut())).collect();
    let fresh = Box::into_raw(fresh) as *mut AtomicPtr<u8>;
    match cell.compare_exchange(null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => fresh,
        Err(winner) => {
            // SAFETY: `fresh` came from `Box::into_raw` of a slice of `len` slots just above and
            // was never shared: another thread installed its bucket first.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(fresh, len)) });
            winner
        }
    }
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
        let index = COUNT.fetch_add(1, Ordering::Relaxed);
        assert!(index < u32::MAX, "more than 2^32 - 1 interned names");
        let (b, slot) = locate(index);
        // SAFETY: `bucket(b)` has `FIRST << b` slots and `locate` keeps `slot` below that.
        unsafe { &*bucket(b).add(slot) }.store(leaked.as_mut_ptr(), Ordering::Release);
        let interned = Name(NonZeroU32::MIN.saturating_add(index));
        table.insert_unique(hash, interned, |n| FxBuildHasher.hash_one(n.as_str()));
        interned
    }

    pub fn as_str(&self) -> &'static str {
        let (b, slot) = locate(self.0.get() - 1);
        // SAFETY: a `Name` is only made by `new`, after its slot was written with a leaked
        // allocation of `HEADER` length bytes followed by that many bytes copied from a `&str`;
        // buckets and texts are never freed or written again.
        unsafe {
            let start = (*TABLE[b].load(Ordering::Acquire).add(slot)).load(Ordering::Acquire);
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
        // One interner: equal text is the same index.
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
    fn names_past_the_first_bucket_keep_their_text() {
        let names: Vec<Name> = (0..3000)
            .map(|i| Name::new(&format!("probe.bucket.{i}")))
            .collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(n.as_str(), format!("probe.bucket.{i}"));
        }
        assert_eq!(Name::new("probe.bucket.2999"), names[2999]);
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(1023), (0, 1023));
        assert_eq!(locate(1024), (1, 0));
        assert_eq!(locate(3071), (1, 2047));
        assert_eq!(locate(3072), (2, 0));
        assert!(locate(u32::MAX - 1).0 < BUCKETS);
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
