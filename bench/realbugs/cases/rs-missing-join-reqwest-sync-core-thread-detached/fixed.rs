//! reqwest 0.7: reduction of src/client.rs (the blocking `Client` and its `ClientHandle`).
//! The blocking client runs an async core on a background thread
//! ("reqwest-internal-sync-core") and talks to it over a channel.
//! tokio-core/futures channels are replaced by std::sync::mpsc here.

use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

#[derive(Debug)]
pub struct Error(String);

pub type Result<T> = std::result::Result<T, Error>;

pub struct Request {
    pub url: String,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub url: String,
}

pub struct ClientBuilder {
    gzip: bool,
    timeout: Option<Duration>,
}

impl ClientBuilder {
    pub fn new() -> ClientBuilder {
        ClientBuilder { gzip: true, timeout: Some(Duration::from_secs(30)) }
    }

    pub fn build(&mut self) -> Result<Client> {
        ClientHandle::new(self).map(|handle| Client { inner: handle })
    }
}

#[derive(Clone)]
pub struct Client {
    inner: ClientHandle,
}

impl Client {
    pub fn new() -> Result<Client> {
        ClientBuilder::new().build()
    }

    pub fn get(&self, url: &str) -> Result<Response> {
        self.execute(Request { url: url.to_string() })
    }

    pub fn execute(&self, request: Request) -> Result<Response> {
        self.inner.execute_request(request)
    }
}

#[derive(Clone)]
struct ClientHandle {
    gzip: bool,
    timeout: Option<Duration>,
    inner: Arc<InnerClientHandle>,
}

type ThreadSender = mpsc::Sender<(Request, mpsc::Sender<Result<Response>>)>;

struct InnerClientHandle {
    tx: Option<ThreadSender>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Drop for InnerClientHandle {
    fn drop(&mut self) {
        self.tx.take();
        self.thread.take().map(|h| h.join());
    }
}

impl ClientHandle {
    fn new(builder: &mut ClientBuilder) -> Result<ClientHandle> {
        let gzip = builder.gzip;
        let timeout = builder.timeout;
        let (tx, rx) = mpsc::channel::<(Request, mpsc::Sender<Result<Response>>)>();
        let (spawn_tx, spawn_rx) = mpsc::channel::<Result<()>>();
        let handle = thread::Builder::new().name("reqwest-internal-sync-core".into()).spawn(move || {
            // stands in for tokio_core::reactor::Core + async_impl::Client
            if let Err(_) = spawn_tx.send(Ok(())) {
                return;
            }

            for (req, tx) in rx {
                thread::sleep(Duration::from_millis(5));
                let _ = tx.send(Ok(Response { status: 200, url: req.url }));
            }
            // the core is torn down here, after every ClientHandle is gone
            thread::sleep(Duration::from_millis(50));
            eprintln!("reqwest-internal-sync-core: core shut down");
        }).map_err(|e| Error(e.to_string()))?;

        match spawn_rx.recv() {
            Ok(res) => res?,
            Err(_) => return Err(Error("core thread cancelled".into())),
        }

        Ok(ClientHandle {
            gzip: gzip,
            timeout: timeout,
            inner: Arc::new(InnerClientHandle {
                tx: Some(tx),
                thread: Some(handle),
            }),
        })
    }

    fn execute_request(&self, req: Request) -> Result<Response> {
        let (tx, rx) = mpsc::channel();
        self.inner.tx.as_ref().expect("core thread exited early").send((req, tx)).map_err(|_| Error("core thread panicked".into()))?;
        let res = match self.timeout {
            Some(timeout) => rx.recv_timeout(timeout).map_err(|e| Error(e.to_string()))?,
            None => rx.recv().map_err(|e| Error(e.to_string()))?,
        };
        res
    }
}

fn main() {
    // a short-lived program: one client, one request, exit
    let client = Client::new().expect("client");
    let res = client.get("http://example.invalid/").expect("response");
    println!("{} {} (gzip={})", res.status, res.url, client.inner.gzip);
}
