use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::{Arc, Mutex};

type SteamAPICall = u64;

type CallbackFn = Box<dyn FnMut(*mut c_void) + Send + 'static>;
type CallResultFn = Box<dyn FnOnce(*mut c_void, bool) + Send + 'static>;

pub(crate) struct Inner {
    // split: callbacks and call results no longer share one mutex
    pub(crate) callbacks: Mutex<HashMap<i32, CallbackFn>>,
    pub(crate) call_results: Mutex<HashMap<SteamAPICall, CallResultFn>>,
    next_call: Mutex<SteamAPICall>,
}

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    pub fn new() -> Self {
        Client {
            inner: Arc::new(Inner {
                callbacks: Mutex::new(HashMap::new()),
                call_results: Mutex::new(HashMap::new()),
                next_call: Mutex::new(1),
            }),
        }
    }

    pub fn register_callback<F: FnMut(*mut c_void) + Send + 'static>(&self, id: i32, f: F) {
        let mut cbs = self.inner.callbacks.lock().unwrap();
        cbs.insert(id, Box::new(f));
    }

    pub(crate) fn register_call_result<F: FnOnce(*mut c_void, bool) + Send + 'static>(&self, call: SteamAPICall, f: F) {
        let mut results = self.inner.call_results.lock().unwrap();
        results.insert(call, Box::new(f));
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
        for (id, data) in pending {
            // take the callback out and release the lock before invoking user code
            let cb = self.inner.callbacks.lock().unwrap().remove(&id);
            if let Some(mut cb) = cb {
                cb(data);
                self.inner.callbacks.lock().unwrap().entry(id).or_insert(cb);
            }
        }
    }

    pub fn run_call_results(&self, completed: Vec<(SteamAPICall, *mut c_void, bool)>) {
        for (call, data, io_failure) in completed {
            let f = self.inner.call_results.lock().unwrap().remove(&call);
            if let Some(f) = f {
                f(data, io_failure);
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
    client.run_call_results(vec![(2, std::ptr::null_mut(), false)]);
    println!("frame done");
}
