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
//!
//! A `Name` is a 4-byte index. Each thread keeps a small cache of the names it interned lately, in
//! front of the interner's locked shards.

use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::mem::MaybeUninit;
use std::num::NonZeroU32;
use std::ops::Deref;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// An interned string. Build one with [`Name::new`] or `From<&str>`/`From<String>`.
///
/// Four bytes (so a field place is two words and `Option<Name>` is as small as a `Name`): where
/// the text sits in the interner's chunks of never-freed text, the chunk's number in the high
/// bits and the offset in it in the low ones. The text is stored as its length followed by its
/// bytes.
#[derive(Clone, Copy)]
pub struct Name(NonZeroU32);

/// Bytes before the text: its length as a `u32`.
const HEADER: usize = std::mem::size_of::<u32>();

/// Texts are packed into chunks of `CHUNK` bytes (a longer one gets a chunk of its own, at
/// offset 0), so a lookup is one load from `TABLE` and one from the chunk, with no lock: a
/// chunk is in `TABLE` before any name in it is handed out, and whoever holds a `Name` got it
/// after its text was written (through a shard's lock, or from the thread that made it).
const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;

static TABLE: [AtomicPtr<u8>; 1 << (u32::BITS - CHUNK_BITS)] =
    [const { AtomicPtr::new(null_mut()) }; 1 << (u32::BITS - CHUNK_BITS)];

/// Chunks handed out so far; chunk 0 stays unused, so no `Name` is 0.
static CHUNKS: AtomicU32 = AtomicU32::new(1);

/// Shards of the interner: lowering runs on every core, and one lock would serialise it.
const SHARDS: usize = 64;

/// One shard: its names by text, and the chunk its new texts go to.
#[derive(Default)]
struct Shard {
    names: HashTable<Name>,
    chunk: u32,
    used: usize,
}

fn shards() -> &'static [Mutex<Shard>] {
    static SHARDS_CELL: OnceLock<Vec<Mutex<Shard>>> = OnceLock::new();
    SHARDS_CELL.get_or_init(|| (0..SHARDS).map(|_| Mutex::default()).collect())
}

/// A new chunk of `len` bytes (4-aligned, not initialised), registered in `TABLE`.
fn new_chunk(len: usize) -> (u32, *mut u8) {
    let words: Box<[MaybeUninit<u32>]> = Box::new_uninit_slice(len.div_ceil(HEADER));
    let start = Box::into_raw(words) as *mut u8;
    let chunk = CHUNKS.fetch_add(1, Ordering::Relaxed);
    assert!(
        (chunk as usize) < TABLE.len(),
        "interned names exceed 4 GiB"
    );
    TABLE[chunk as usize].store(start, Ordering::Release);
    (chunk, start)
}

impl Shard {
    /// Copies `text` into this shard's chunk (a new one when it is full) and names it.
    fn store(&mut self, text: &str) -> Name {
        let need = (HEADER + text.len()).next_multiple_of(HEADER);
        let (chunk, offset) = if need > CHUNK {
            (new_chunk(need).0, 0)
        } else {
            if self.chunk == 0 || self.used + need > CHUNK {
                self.chunk = new_chunk(CHUNK).0;
                self.used = 0;
            }
            self.used += need;
            (self.chunk, self.used - need)
        };
        // SAFETY: the chunk has at least `offset + need` bytes, 4-aligned at `offset`, and no
        // other text was or will be put there; `len` fits a `u32` since `need` fits a chunk or
        // an allocation the assertion in `new_chunk` bounds.
        unsafe {
            let start = TABLE[chunk as usize].load(Ordering::Relaxed).add(offset);
            (start as *mut u32).write(text.len() as u32);
            std::ptr::copy_nonoverlapping(text.as_ptr(), start.add(HEADER), text.len());
        }
        let index = (chunk << CHUNK_BITS) | offset as u32;
        Name(NonZeroU32::new(index).expect("chunk 0 is never used"))
    }
}

/// Slots of each thread's cache of names it interned lately (a power of two).
const RECENT: usize = 1024;

thread_local! {
    /// Each thread's names interned lately, by the low bits of their text's hash: a file
    /// repeats the same few names (`self`, its module's prefix, the locals of one function), and
    /// a hit costs no lock and no probe of a shard's table, whose entries are scattered over the
    /// memory of every name interned so far. A `Name` is never freed, so a cached one stays true.
    static RECENTLY: [Cell<(u64, Option<Name>)>; RECENT] =
        const { [const { Cell::new((0, None)) }; RECENT] };
}

impl Name {
    /// The interned copy of `text`.
    pub fn new(text: &str) -> Name {
        let hash = FxBuildHasher.hash_one(text);
        let slot = hash as usize & (RECENT - 1);
        if let Some(name) = RECENTLY.with(|recent| match recent[slot].get() {
            (h, Some(name)) if h == hash && name.as_str() == text => Some(name),
            _ => None,
        }) {
            return name;
        }
        let name = Name::intern(text, hash);
        RECENTLY.with(|recent| recent[slot].set((hash, Some(name))));
        name
    }

    /// [`Name::new`] through the shard of `hash`, the hash of `text`.
    fn intern(text: &str, hash: u64) -> Name {
        // Middle bits pick the shard: hashbrown uses the low bits for the bucket and the top 7 as
        // the tag, and a shard whose keys all share those would probe and compare far more.
        let shard = &shards()[(hash >> 32) as usize % SHARDS];
        // A poisoned shard only means another thread panicked while inserting; the table itself
        // is still valid.
        let mut shard = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&interned) = shard.names.find(hash, |n| n.as_str() == text) {
            return interned;
        }
        assert!(text.len() < u32::MAX as usize, "a name longer than 4 GiB");
        let interned = shard.store(text);
        shard
            .names
            .insert_unique(hash, interned, |n| FxBuildHasher.hash_one(n.as_str()));
        interned
    }

    pub fn as_str(&self) -> &'static str {
        let index = self.0.get();
        // SAFETY: a `Name` is only made by `Shard::store`, after it wrote, at this offset of
        // this chunk (already in `TABLE`), the text's length as a `u32` followed by its bytes
        // copied from a `&str`; chunks are never freed, and those bytes never written again.
        unsafe {
            let chunk = TABLE[(index >> CHUNK_BITS) as usize].load(Ordering::Acquire);
            let start = chunk.add((index & (CHUNK as u32 - 1)) as usize);
            let len = (start as *const u32).read() as usize;
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
    fn names_past_one_chunk_keep_their_text() {
        // Enough text (about 8 MB) to fill more than one chunk of every shard, and one name
        // longer than a chunk.
        let text = |i: usize| format!("probe.chunk.{i}.{}", "x".repeat(i % 128));
        let names: Vec<Name> = (0..100_000).map(|i| Name::new(&text(i))).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(n.as_str(), text(i));
        }
        assert_eq!(Name::new(&text(99_999)), names[99_999]);
        let chunks: std::collections::HashSet<u32> =
            names.iter().map(|n| n.0.get() >> CHUNK_BITS).collect();
        assert!(chunks.len() > SHARDS);
        let long = "y".repeat(CHUNK + 3);
        let n = Name::new(&long);
        assert_eq!(n.as_str(), long);
        assert_eq!(Name::new(&long), n);
        assert_eq!(Name::new(""), Name::default());
        assert_eq!(Name::new("").as_str(), "");
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
