//! fastbloom: lock-free AtomicBloomFilter over an AtomicBitVec (reduced).
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

/// A bit vector that can be set concurrently through `&self`.
pub struct AtomicBitVec {
    bits: Box<[AtomicU64]>,
}

impl AtomicBitVec {
    pub fn new(num_bits: usize) -> Self {
        let words = num_bits.div_ceil(64);
        Self { bits: (0..words).map(|_| AtomicU64::new(0)).collect() }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.bits.len() * 64
    }

    #[inline]
    const fn coordinate(bit_index: usize) -> (usize, u64) {
        (bit_index >> 6, 1u64 << (bit_index & 63))
    }

    /// Sets the bit and returns whether it was already set.
    #[inline]
    pub fn set(&self, bit_index: usize) -> bool {
        let (index, bit) = Self::coordinate(bit_index);
        self.bits[index].fetch_or(bit, Ordering::Relaxed) & bit > 0
    }

    #[inline]
    pub fn check(&self, bit_index: usize) -> bool {
        let (index, bit) = Self::coordinate(bit_index);
        self.bits[index].load(Ordering::Relaxed) & bit > 0
    }
}

pub struct AtomicBloomFilter {
    bits: AtomicBitVec,
    num_hashes: u32,
}

impl AtomicBloomFilter {
    pub fn with_num_bits(num_bits: usize) -> Self {
        Self { bits: AtomicBitVec::new(num_bits), num_hashes: 3 }
    }

    fn index_iter(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        (0..self.num_hashes as u64)
            .map(move |i| (hash.rotate_left(i as u32 * 21) % self.bits.len() as u64) as usize)
    }

    /// Inserts an element; returns `true` if it was (probably) already present.
    pub fn insert(&self, val: &(impl Hash + ?Sized)) -> bool {
        let mut hasher = DefaultHasher::new();
        val.hash(&mut hasher);
        self.insert_hash(hasher.finish())
    }

    pub fn insert_hash(&self, hash: u64) -> bool {
        let mut previously_contained = true;
        for index in self.index_iter(hash) {
            previously_contained &= self.bits.set(index);
        }
        previously_contained
    }
}

/// Deduplicates a stream across worker threads: exactly one thread should win each key.
pub fn count_first_sightings(keys: Arc<Vec<u64>>, workers: usize) -> usize {
    let filter = Arc::new(AtomicBloomFilter::with_num_bits(1 << 16));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (filter, keys) = (Arc::clone(&filter), Arc::clone(&keys));
            thread::spawn(move || keys.iter().filter(|k| !filter.insert(*k)).count())
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum() // may exceed keys.len()
}
