use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Clone, Copy)]
pub struct FFIClientErrorCallback {
    pub on_error: extern "C" fn(msg: *const c_char, user_data: *mut c_void),
    pub user_data: *mut c_void,
}

unsafe impl Send for FFIClientErrorCallback {}

impl FFIClientErrorCallback {
    pub fn dispatch(&self, msg: &str) {
        let c_msg = CString::new(msg).unwrap();
        (self.on_error)(c_msg.as_ptr(), self.user_data);
    }
}

pub struct FFIDashSpvClient {
    client_error_callback: Arc<Mutex<Option<FFIClientErrorCallback>>>,
}

#[no_mangle]
pub extern "C" fn dash_spv_ffi_client_clear_client_error_callback(client: *mut FFIDashSpvClient) {
    let client = unsafe { &*client };
    *client.client_error_callback.lock().unwrap() = None;
}

/// Reduced from dash-spv-ffi's client start: the sync task reports a fatal
/// error to the registered C callback.
pub fn dash_spv_ffi_client_run(client: &FFIDashSpvClient) -> thread::JoinHandle<()> {
    let error_callback = client.client_error_callback.clone();
    thread::spawn(move || {
        let result: Result<(), String> = Err("peer network unreachable".into());
        if let Err(e) = result {
            let guard = error_callback.lock().unwrap();
            if let Some(cb) = guard.as_ref() {
                // the C callback may re-enter the FFI while `guard` is held
                cb.dispatch(&e);
            }
            drop(guard);
        }
    })
}

// What a typical C consumer does: stop listening after a fatal error.
extern "C" fn on_error(msg: *const c_char, user_data: *mut c_void) {
    let msg = unsafe { CStr::from_ptr(msg) }.to_string_lossy();
    eprintln!("spv error: {}", msg);
    dash_spv_ffi_client_clear_client_error_callback(user_data as *mut FFIDashSpvClient);
}

fn main() {
    let client = Box::into_raw(Box::new(FFIDashSpvClient {
        client_error_callback: Arc::new(Mutex::new(None)),
    }));
    let cb = FFIClientErrorCallback { on_error, user_data: client as *mut c_void };
    unsafe { &*client }.client_error_callback.lock().unwrap().replace(cb);

    let handle = dash_spv_ffi_client_run(unsafe { &*client });
    handle.join().unwrap();
    println!("sync task finished");
    unsafe { drop(Box::from_raw(client)) };
}
