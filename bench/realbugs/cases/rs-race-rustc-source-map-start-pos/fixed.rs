// rustc librustc_span/source_map.rs (reduced; `Lock` is a Mutex in the parallel compiler)
use std::collections::HashMap;
use std::convert::TryFrom;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc as Lrc, Mutex};

pub type Lock<T> = Mutex<T>;

#[derive(Debug)]
pub struct OffsetOverflowError;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct StableSourceFileId(u64);

pub struct SourceFile {
    pub name: String,
    pub src: String,
    pub start_pos: usize,
    pub end_pos: usize,
}

impl SourceFile {
    fn new(name: String, src: String, start_pos: usize) -> Result<SourceFile, OffsetOverflowError> {
        let end_pos = start_pos.checked_add(src.len()).ok_or(OffsetOverflowError)?;
        Ok(SourceFile { name, src, start_pos, end_pos })
    }
}

#[derive(Default)]
pub struct SourceMapFiles {
    source_files: Vec<Lrc<SourceFile>>,
    stable_id_to_source_file: HashMap<StableSourceFileId, Lrc<SourceFile>>,
}

pub struct SourceMap {
    /// The address space below this value is currently used by the files in the source map.
    used_address_space: AtomicU32,
    files: Lock<SourceMapFiles>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap { used_address_space: AtomicU32::new(0), files: Default::default() }
    }

    fn allocate_address_space(&self, size: usize) -> Result<usize, OffsetOverflowError> {
        let size = u32::try_from(size).map_err(|_| OffsetOverflowError)?;

        loop {
            let current = self.used_address_space.load(Ordering::Relaxed);
            let next = current
                .checked_add(size)
                // Add one so there is some space between files. This lets us distinguish
                // positions in the `SourceMap`, even in the presence of zero-length files.
                .and_then(|next| next.checked_add(1))
                .ok_or(OffsetOverflowError)?;

            if self
                .used_address_space
                .compare_exchange(current, next, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                return Ok(usize::try_from(current).unwrap());
            }
        }
    }

    fn source_file_by_stable_id(&self, id: StableSourceFileId) -> Option<Lrc<SourceFile>> {
        self.files.lock().unwrap().stable_id_to_source_file.get(&id).cloned()
    }

    /// Creates a new `SourceFile`.
    pub fn new_source_file(&self, filename: String, src: String) -> Lrc<SourceFile> {
        self.try_new_source_file(filename, src).unwrap_or_else(|OffsetOverflowError| {
            panic!("source map is full")
        })
    }

    fn try_new_source_file(
        &self,
        filename: String,
        src: String,
    ) -> Result<Lrc<SourceFile>, OffsetOverflowError> {
        let start_pos = self.allocate_address_space(src.len())?;
        let file_id = StableSourceFileId(filename.len() as u64 ^ start_pos as u64);

        let lrc_sf = match self.source_file_by_stable_id(file_id) {
            Some(lrc_sf) => lrc_sf,
            None => {
                let source_file = Lrc::new(SourceFile::new(filename, src, start_pos)?);
                let mut files = self.files.lock().unwrap();
                files.source_files.push(source_file.clone());
                files.stable_id_to_source_file.insert(file_id, source_file.clone());
                source_file
            }
        };
        Ok(lrc_sf)
    }

    /// Binary search by position: broken when two files were given overlapping ranges.
    pub fn lookup_source_file(&self, pos: usize) -> Lrc<SourceFile> {
        let files = self.files.lock().unwrap();
        let idx = files.source_files.partition_point(|sf| sf.start_pos <= pos) - 1;
        files.source_files[idx].clone()
    }
}

pub fn load_in_parallel(sm: Lrc<SourceMap>) {
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let sm = sm.clone();
            std::thread::spawn(move || sm.new_source_file(format!("mod{}.rs", i), "fn f() {}".repeat(i + 1)))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
