use std::{
    fs::OpenOptions,
    io,
    os::fd::IntoRawFd,
    path::PathBuf,
    ptr, slice,
};

use libc::{
    MAP_ANONYMOUS, MAP_FAILED, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, PROT_NONE, PROT_READ,
};

/// Types that can used to locate a file for a given page.
pub trait LocateFile: Send + Sync {
    fn locate_file(&mut self, page_index: usize) -> Option<PathBuf>;
}

impl<F> LocateFile for F
where
    F: FnMut(usize) -> Option<PathBuf> + Send + Sync,
{
    fn locate_file(&mut self, page_index: usize) -> Option<PathBuf> {
        self(page_index)
    }
}

/// One bit for each page.
struct PageBits(Vec<u8>);

impl PageBits {
    fn new(page_number: usize) -> Self {
        Self(vec![0; page_number / 8 + usize::from(page_number % 8 != 0)])
    }

    fn set_and_exec<T, E, F: FnOnce(bool) -> Result<T, E>>(&mut self, page_index: usize, closure: F) -> Result<T, E> {
        let (byte, mask) = (&mut self.0[page_index / 8], 1u8 << (page_index % 8));
        let r = closure(*byte & mask != 0);
        if r.is_ok() {
            *byte |= mask;
        }
        r
    }
}

/// Contains the actual memory region, together with the set of mapped pages.
struct MmapInner {
    bytes: &'static mut [u8],
    page_size: usize,
    mapped_pages: PageBits,
    file_locator: Box<dyn LocateFile>,
}

impl MmapInner {
    unsafe fn new<FL: 'static + LocateFile>(page_number: usize, page_size: usize, file_locator: FL) -> io::Result<Self> {
        let len = page_number * page_size;
        let ptr = libc::mmap(ptr::null_mut(), len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if ptr == MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let bytes = slice::from_raw_parts_mut(ptr.cast(), len);
        Ok(Self { bytes, page_size, mapped_pages: PageBits::new(page_number), file_locator: Box::new(file_locator) })
    }

    /// Processes a segfault at the given address: maps the file given by the
    /// file locator, if any, over the page, then makes the page readable.
    unsafe fn process_segv(&mut self, si_addr: usize) -> io::Result<()> {
        let start_addr = self.bytes.as_ptr() as usize;
        let page_size = self.page_size;
        let page_index = (si_addr - start_addr) / page_size;
        let page_addr = start_addr + page_index * page_size;

        self.mapped_pages.set_and_exec(page_index, |is_bit_set| -> io::Result<()> {
            if is_bit_set {
                return Ok(());
            }
            if let Some(path) = self.file_locator.locate_file(page_index) {
                let file = OpenOptions::new().read(true).write(true).open(path)?;
                let ptr = libc::mmap(
                    page_addr as _,
                    page_size,
                    PROT_NONE,
                    MAP_PRIVATE | MAP_FIXED | MAP_NORESERVE,
                    file.into_raw_fd(),
                    0,
                );
                if ptr == MAP_FAILED {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        })?;

        if libc::mprotect(page_addr as _, page_size, PROT_READ) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

impl Drop for MmapInner {
    fn drop(&mut self) {
        unsafe { libc::munmap(self.bytes.as_mut_ptr().cast(), self.bytes.len()) };
    }
}

fn main() -> io::Result<()> {
    let dir = std::env::temp_dir().join("crumbles-pages");
    std::fs::create_dir_all(&dir)?;
    let page_size = 65536;
    for i in 0..64 {
        std::fs::write(dir.join(format!("{i}")), vec![i as u8; page_size])?;
    }
    let fds = || std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0);
    let before = fds();
    let locator_dir = dir.clone();
    let mut mem = unsafe { MmapInner::new(64, page_size, move |i: usize| Some(locator_dir.join(format!("{i}"))))? };
    for i in 0..64 {
        let addr = mem.bytes.as_ptr() as usize + i * page_size;
        unsafe { mem.process_segv(addr)? }; // what the SIGSEGV handler does on first touch
    }
    println!("page {}: {}; fds left open: {}", 63, mem.bytes[63 * page_size], fds() - before);
    Ok(())
}
