use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

pub struct Request {
    pub path: String,
}

#[derive(Default)]
pub struct Response {
    content_type: String,
    body: String,
}

impl Response {
    pub fn content_type(&mut self, ct: &str) {
        self.content_type = ct.to_string();
    }
    pub fn send(&mut self, body: String) {
        self.body = body;
    }
}

/// "Using a shared mutable counter" example from the edge docs.
pub struct Hello {
    counter: AtomicUsize,
}

impl Hello {
    pub fn new() -> Self {
        Hello { counter: AtomicUsize::new(0) }
    }

    pub fn hello(&self, _req: &Request, res: &mut Response) {
        let visits = self.counter.fetch_add(1, Ordering::Relaxed);

        res.content_type("text/plain");
        res.send(format!("Hello World for the {}th time!", visits + 1));
    }
}

fn main() {
    // edge serves each request on a worker thread of its pool
    let app = Arc::new(Hello::new());
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let app = Arc::clone(&app);
            thread::spawn(move || {
                for _ in 0..10_000 {
                    let mut res = Response::default();
                    app.hello(&Request { path: "/".into() }, &mut res);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    println!("visits = {}", app.counter.load(Ordering::Relaxed));
}
