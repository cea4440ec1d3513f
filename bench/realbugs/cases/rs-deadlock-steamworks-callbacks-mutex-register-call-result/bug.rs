use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::{Arc, Mutex};

type SteamAPICall = u64;

#[derive(Default)]
pub(crate) struct Callbacks {
    pub(crate) callbacks: HashMap<i32, Box<dyn FnMut(*mut c_void) + Send + 'static>>,
    pub(crate) call_results: HashMap<SteamAPICall, Box<dyn FnOnce(*mut c_void, bool) + Send + 'static>>,
}

pub(crate) struct Inner {
    pub(crate) callbacks: Mutex<Callbacks>,
    next_call: Mutex<SteamAPICall>,
}

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    pub fn new() -> Self {
        Client {
            inner: Arc::new(Inner { callbacks: Mutex::new(Callbacks::default()), next_call: Mutex::new(1) }),
        }
    }

    pub fn register_callback<F: FnMut(*mut c_void) + Send + 'static>(&self, id: i32, f: F) {
        let mut cbs = self.inner.callbacks.lock().unwrap();
        cbs.callbacks.insert(id, Box::new(f));
    }

    pub(crate) fn register_call_result<F: FnOnce(*mut c_void, bool) + Send + 'static>(&self, call: SteamAPICall, f: F) {
        let mut cbs = self.inner.callbacks.lock().unwrap();
        cbs.call_results.insert(call, Box::new(f));
    }

    /// UGC query: returns immediately, the result arrives via a call result.
    pub fn query_item(&self, item: u64) {
        let call = { let mut n = self.inner.next_call.lock().unwrap(); *n += 1; *n };
        self.register_call_result(call, move |_data, io_failure| {
            println!("query for item {item} finished, io_failure={io_failure}");
        });
    }

    /// Called once per frame: dispatches every pending callback message.
    pub fn run_callbacks(&self, pending: Vec<(i32, *mut c_void)>) {
        let mut cbs = self.inner.callbacks.lock().unwrap();
        for (id, data) in pending {
            if let Some(cb) = cbs.callbacks.get_mut(&id) {
                cb(data);
            }
        }
    }
}

const DOWNLOAD_ITEM_RESULT: i32 = 3406;

fn main() {
    let client = Client::new();
    let c = client.clone();
    // a user callback that issues a new UGC query when an item finished downloading
    client.register_callback(DOWNLOAD_ITEM_RESULT, move |_data| {
        c.query_item(42);
    });
    client.run_callbacks(vec![(DOWNLOAD_ITEM_RESULT, std::ptr::null_mut())]);
    println!("frame done");
}
