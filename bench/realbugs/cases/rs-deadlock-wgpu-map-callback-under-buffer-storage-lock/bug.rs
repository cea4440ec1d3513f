use parking_lot::RwLock;

pub type BufferId = usize;
pub type BufferMapReadCallback = extern "C" fn(status: u32, data: *const u8, userdata: *mut u8);

pub struct Buffer {
    data: Vec<u8>,
    mapped: bool,
    pending_map: Option<(BufferMapReadCallback, *mut u8)>,
}

unsafe impl Send for Buffer {}
unsafe impl Sync for Buffer {}

pub struct Hub {
    pub buffers: RwLock<Vec<Buffer>>,
}

pub static HUB: Hub = Hub { buffers: RwLock::new(Vec::new()) };

#[no_mangle]
pub extern "C" fn wgpu_buffer_map_read_async(id: BufferId, callback: BufferMapReadCallback, userdata: *mut u8) {
    HUB.buffers.write()[id].pending_map = Some((callback, userdata));
}

#[no_mangle]
pub extern "C" fn wgpu_buffer_unmap(id: BufferId) {
    let mut buffers = HUB.buffers.write();
    buffers[id].mapped = false;
}

/// Reduced from Device::maintain / triage_mapped in wgpu-native 0.2.
#[no_mangle]
pub extern "C" fn wgpu_device_poll(_force_wait: bool) {
    let mut buffers = HUB.buffers.write();
    for buffer in buffers.iter_mut() {
        if let Some((callback, userdata)) = buffer.pending_map.take() {
            buffer.mapped = true;
            // user callback runs while the buffer storage is still locked
            callback(0, buffer.data.as_ptr(), userdata);
        }
    }
}

// Typical client code: read the data and unmap straight from the callback.
extern "C" fn on_mapped(status: u32, data: *const u8, userdata: *mut u8) {
    let id = userdata as BufferId;
    let first = unsafe { *data };
    println!("mapped buffer {} status {} first byte {}", id, status, first);
    wgpu_buffer_unmap(id);
}

fn main() {
    HUB.buffers.write().push(Buffer { data: vec![7; 16], mapped: false, pending_map: None });
    wgpu_buffer_map_read_async(0, on_mapped, 0 as *mut u8);
    wgpu_device_poll(true);
    println!("poll returned, mapped = {}", HUB.buffers.read()[0].mapped);
}
