//! Shape of parity-common kvdb-rocksdb/src/lib.rs (v0.8, 2020).
use std::{collections::BTreeMap, io};
use parking_lot::RwLock;

pub type KeyValuePair = (Box<[u8]>, Box<[u8]>);

pub enum DBOp {
    Insert { col: u32, key: Vec<u8>, value: Vec<u8> },
    Delete { col: u32, key: Vec<u8> },
    DeletePrefix { col: u32, prefix: Vec<u8> },
}

impl DBOp {
    fn col(&self) -> u32 {
        match *self { DBOp::Insert { col, .. } | DBOp::Delete { col, .. } | DBOp::DeletePrefix { col, .. } => col }
    }
}

pub struct DBTransaction { pub ops: Vec<DBOp> }
#[derive(Default)]
pub struct WriteBatch(Vec<(usize, Vec<u8>, Option<Vec<u8>>)>);

impl WriteBatch {
    fn put_cf(&mut self, cf: usize, key: &[u8], value: &[u8]) { self.0.push((cf, key.to_vec(), Some(value.to_vec()))); }
    fn delete_cf(&mut self, cf: usize, key: &[u8]) { self.0.push((cf, key.to_vec(), None)); }
}

#[derive(Default, Clone)]
pub struct ReadOptions { upper_bound: Option<Vec<u8>> }
fn generate_read_options() -> ReadOptions { ReadOptions::default() }

fn end_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(0xff) = end.last() { end.pop(); }
    *end.last_mut()? += 1;
    Some(end)
}

struct DBAndColumns { columns: Vec<BTreeMap<Vec<u8>, Vec<u8>>> }
impl DBAndColumns {
    fn cf(&self, i: usize) -> usize { i }
    fn write_opt(&self, _batch: WriteBatch) -> io::Result<()> { Ok(()) }
    /// (iter.rs: IterationHandler for &DBAndColumns)
    fn iter_with_prefix<'a>(&'a self, col: u32, prefix: &'a [u8], read_opts: ReadOptions) -> impl Iterator<Item = KeyValuePair> + 'a {
        self.columns[col as usize].range(prefix.to_vec()..)
            .take_while(move |(k, _)| read_opts.upper_bound.as_ref().map_or(true, |ub| k < &ub))
            .map(|(k, v)| (k.clone().into_boxed_slice(), v.clone().into_boxed_slice()))
    }
}

mod iter {
    use super::*;
    use parking_lot::RwLockReadGuard;

    /// An iterator over a column that keeps the database read lock for its whole lifetime.
    pub struct ReadGuardedIterator<'a> { _guard: RwLockReadGuard<'a, Option<DBAndColumns>>, items: std::vec::IntoIter<KeyValuePair> }
    impl<'a> ReadGuardedIterator<'a> {
        pub fn new_with_prefix(read_lock: RwLockReadGuard<'a, Option<DBAndColumns>>, col: u32, prefix: &[u8], read_opts: ReadOptions) -> Self {
            let items = match &*read_lock {
                Some(cfs) => cfs.iter_with_prefix(col, prefix, read_opts).collect::<Vec<_>>(),
                None => Vec::new(),
            };
            ReadGuardedIterator { _guard: read_lock, items: items.into_iter() }
        }
    }
    impl<'a> Iterator for ReadGuardedIterator<'a> {
        type Item = KeyValuePair;
        fn next(&mut self) -> Option<KeyValuePair> { self.items.next() }
    }
}

pub struct Database { db: RwLock<Option<DBAndColumns>> }

impl Database {
    /// Commit transaction to database.
    pub fn write(&self, tr: DBTransaction) -> io::Result<()> {
        match *self.db.read() {
            Some(ref cfs) => {
                let mut batch = WriteBatch::default();
                for op in tr.ops {
                    let cf = cfs.cf(op.col() as usize);
                    match op {
                        DBOp::Insert { col: _, key, value } => batch.put_cf(cf, &key, &value),
                        DBOp::Delete { col: _, key } => batch.delete_cf(cf, &key),
                        DBOp::DeletePrefix { col, prefix } => {
                            let end_prefix = end_prefix(&prefix[..]);
                            let no_end = end_prefix.is_none();
                            let end_range = end_prefix.unwrap_or_else(|| vec![u8::max_value(); 16]);
                            if no_end {
                                let prefix = if prefix.len() > end_range.len() { &prefix[..] } else { &end_range[..] };
                                for (key, _) in self.iter_with_prefix(col, prefix) {
                                    batch.delete_cf(cf, &key[..]);
                                }
                            }
                        }
                    };
                }
                cfs.write_opt(batch)
            }
            None => Err(io::Error::new(io::ErrorKind::Other, "Database is closed")),
        }
    }

    /// Iterator over data in the `col` database column index matching the given prefix.
    pub fn iter_with_prefix<'a>(&'a self, col: u32, prefix: &'a [u8]) -> impl Iterator<Item = KeyValuePair> + 'a {
        let read_lock = self.db.read();
        let optional = if read_lock.is_some() {
            let mut read_opts = generate_read_options();
            read_opts.upper_bound = end_prefix(prefix);
            Some(iter::ReadGuardedIterator::new_with_prefix(read_lock, col, prefix, read_opts))
        } else {
            None
        };
        optional.into_iter().flatten()
    }

    /// Close the database (also called by restore()).
    fn close(&self) { *self.db.write() = None; }
}
