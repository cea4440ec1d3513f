//! Reduced from CramBL/hdf5-pure src/reader.rs (0.24): Group::create_dataset over a mirrored File.
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug)]
pub enum Error {
    ReadOnly,
    Exists(String),
}

#[derive(Default)]
pub struct DatasetBuilder {
    data: Vec<u8>,
    dims: Vec<u64>,
}

impl DatasetBuilder {
    pub fn with_i32_data(&mut self, values: &[i32]) -> &mut Self {
        self.data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.dims = vec![values.len() as u64];
        self
    }
}

pub struct WriteEngine {
    root_address: u64,
    next_address: u64,
    links: Vec<(String, u64)>,
}

impl WriteEngine {
    fn write_dataset(&mut self, path: &str, builder: &DatasetBuilder) -> Result<u64, Error> {
        if self.links.iter().any(|(p, _)| p == path) {
            return Err(Error::Exists(path.to_owned()));
        }
        let address = self.next_address;
        self.next_address += 48 + builder.data.len() as u64 + 8 * builder.dims.len() as u64;
        self.links.push((path.to_owned(), address));
        Ok(address)
    }
}

enum Backend {
    ReadOnly { root_address: u64 },
    Mirror(Mutex<WriteEngine>),
}

struct FileInner {
    backend: Backend,
}

impl FileInner {
    fn mirror_root_address(&self) -> u64 {
        match &self.backend {
            Backend::ReadOnly { root_address } => *root_address,
            Backend::Mirror(m) => m.lock().unwrap_or_else(PoisonError::into_inner).root_address,
        }
    }
}

pub struct File {
    inner: Arc<FileInner>,
}

pub struct Group {
    file: Arc<FileInner>,
    path: String,
    address: u64,
}

impl File {
    pub fn open(root_address: u64) -> File {
        File { inner: Arc::new(FileInner { backend: Backend::ReadOnly { root_address } }) }
    }

    pub fn open_rw(root_address: u64) -> File {
        let engine = WriteEngine { root_address, next_address: root_address + 96, links: vec![] };
        File { inner: Arc::new(FileInner { backend: Backend::Mirror(Mutex::new(engine)) }) }
    }

    pub fn root(&self) -> Group {
        let address = self.inner.mirror_root_address();
        Group { file: self.inner.clone(), path: String::new(), address }
    }
}

impl Group {
    pub fn create_dataset<F>(&self, name: &str, f: F) -> Result<u64, Error>
    where
        F: FnOnce(&mut DatasetBuilder),
    {
        // Run the user's builder closure before the write engine is locked, so it may
        // call back into the same File.
        let mut builder = DatasetBuilder::default();
        f(&mut builder);
        self.with_child_session(name, |session, child| session.write_dataset(child, &builder))
    }

    fn with_child_session<R>(
        &self,
        name: &str,
        f: impl FnOnce(&mut WriteEngine, &str) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let child = format!("{}/{}", self.path, name);
        match &self.file.backend {
            Backend::ReadOnly { .. } => Err(Error::ReadOnly),
            Backend::Mirror(m) => {
                let mut session = m.lock().unwrap_or_else(PoisonError::into_inner);
                f(&mut session, &child)
            }
        }
    }
}

pub fn add_calibration(f: &File) -> Result<u64, Error> {
    f.root().create_dataset("d2", |b| {
        b.with_i32_data(&[1, 2, 3]);
        let root = f.root();
        b.dims.push(root.address);
    })
}
