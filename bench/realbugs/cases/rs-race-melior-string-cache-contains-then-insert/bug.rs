// melior/src/string_ref.rs (mlir-rs/melior), reduced.
// The mlir_sys FFI is stubbed so the file builds on its own.
use std::{
    collections::HashMap,
    ffi::{c_char, CStr, CString},
    marker::PhantomData,
    slice, str,
    sync::{LazyLock, RwLock},
};

#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct MlirStringRef {
    pub data: *const c_char,
    pub length: usize,
}

#[allow(non_snake_case)]
unsafe fn mlirStringRefCreateFromCString(string: *const c_char) -> MlirStringRef {
    MlirStringRef {
        data: string,
        length: unsafe { CStr::from_ptr(string) }.to_bytes().len(),
    }
}

#[allow(non_snake_case)]
unsafe fn mlirStringRefEqual(one: MlirStringRef, other: MlirStringRef) -> bool {
    one.length == other.length
        && unsafe { slice::from_raw_parts(one.data as *const u8, one.length) }
            == unsafe { slice::from_raw_parts(other.data as *const u8, other.length) }
}

// We need to pass null-terminated strings to functions in the MLIR API although
// Rust's strings are not.
static STRING_CACHE: LazyLock<RwLock<HashMap<String, CString>>> = LazyLock::new(Default::default);

/// A string reference.
#[derive(Clone, Copy, Debug)]
pub struct StringRef<'a> {
    raw: MlirStringRef,
    _parent: PhantomData<&'a ()>,
}

unsafe impl Send for StringRef<'_> {}

impl<'a> StringRef<'a> {
    /// Converts a string reference into a `str`.
    pub fn as_str(&self) -> &str {
        unsafe {
            let bytes = slice::from_raw_parts(self.raw.data as *mut u8, self.raw.length);

            str::from_utf8(if bytes.last() == Some(&0) {
                &bytes[..bytes.len() - 1]
            } else {
                bytes
            })
            .unwrap()
        }
    }

    pub(crate) unsafe fn to_raw(self) -> MlirStringRef {
        self.raw
    }

    pub(crate) unsafe fn from_raw(string: MlirStringRef) -> Self {
        Self {
            raw: string,
            _parent: Default::default(),
        }
    }
}

impl<'a> PartialEq for StringRef<'a> {
    fn eq(&self, other: &Self) -> bool {
        unsafe { mlirStringRefEqual(self.raw, other.raw) }
    }
}

impl<'a> Eq for StringRef<'a> {}

impl From<&str> for StringRef<'static> {
    fn from(string: &str) -> Self {
        if !STRING_CACHE.read().unwrap().contains_key(string) {
            STRING_CACHE
                .write()
                .unwrap()
                .insert(string.to_owned(), CString::new(string).unwrap());
        }

        let lock = STRING_CACHE.read().unwrap();
        let string = lock.get(string).unwrap();

        unsafe { Self::from_raw(mlirStringRefCreateFromCString(string.as_ptr())) }
    }
}

/// What `cargo test` does: many tests build IR (e.g. the llvm GEP tests) in
/// parallel, each converting the same operation/attribute names.
pub fn build_names_in_parallel(names: &'static [&'static str]) -> Vec<String> {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let refs: Vec<StringRef<'static>> =
                    names.iter().map(|name| StringRef::from(*name)).collect();
                refs.iter().map(|r| r.as_str().to_owned()).collect::<Vec<_>>()
            })
        })
        .collect();
    handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
}
