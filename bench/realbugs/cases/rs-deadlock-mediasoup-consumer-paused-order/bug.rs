use parking_lot::Mutex;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

#[derive(Debug)]
pub enum Notification {
    ProducerPause,
    ProducerResume,
}

#[derive(Default)]
pub struct Handlers {
    resumed: Mutex<u32>,
    producer_resumed: Mutex<u32>,
}

impl Handlers {
    fn resume(&self) {
        *self.resumed.lock() += 1;
    }
    fn producer_resume(&self) {
        *self.producer_resumed.lock() += 1;
    }
}

/// Delivers worker notifications on the channel's own thread.
pub struct Channel {
    subscribers: Mutex<Vec<Box<dyn Fn(Notification) + Send + Sync>>>,
}

impl Channel {
    pub fn new() -> Arc<Self> {
        Arc::new(Self { subscribers: Mutex::new(Vec::new()) })
    }

    pub fn subscribe_to_notifications<F>(&self, callback: F)
    where
        F: Fn(Notification) + Send + Sync + 'static,
    {
        self.subscribers.lock().push(Box::new(callback));
    }

    pub fn notify(&self, notification: fn() -> Notification) {
        for subscriber in self.subscribers.lock().iter() {
            subscriber(notification());
        }
    }

    pub async fn request(&self, _method: &str) -> Result<(), String> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        Ok(())
    }
}

struct Inner {
    id: u32,
    paused: Arc<Mutex<bool>>,
    producer_paused: Arc<Mutex<bool>>,
    handlers: Arc<Handlers>,
    channel: Arc<Channel>,
}

#[derive(Clone)]
pub struct Consumer {
    inner: Arc<Inner>,
}

impl Consumer {
    pub fn new(id: u32, channel: Arc<Channel>, paused: bool, producer_paused: bool) -> Self {
        let handlers = Arc::<Handlers>::default();
        let paused = Arc::new(Mutex::new(paused));
        let producer_paused = Arc::new(Mutex::new(producer_paused));

        {
            let handlers = Arc::clone(&handlers);
            let paused = Arc::clone(&paused);
            let producer_paused = Arc::clone(&producer_paused);

            channel.subscribe_to_notifications(move |notification| match notification {
                Notification::ProducerPause => {
                    let mut producer_paused = producer_paused.lock();
                    *producer_paused = true;
                }
                Notification::ProducerResume => {
                    let mut producer_paused = producer_paused.lock();
                    let paused = *paused.lock();
                    *producer_paused = false;

                    handlers.producer_resume();

                    if !paused {
                        handlers.resume();
                    }
                }
            });
        }

        let inner = Arc::new(Inner { id, paused, producer_paused, handlers, channel });
        Self { inner }
    }

    pub async fn resume(&self) -> Result<(), String> {
        self.inner.channel.request("consumer.resume").await?;

        let mut paused = self.inner.paused.lock();
        let was_paused = *paused || *self.inner.producer_paused.lock();
        *paused = false;

        if was_paused {
            self.inner.handlers.resume();
        }
        Ok(())
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let channel = Channel::new();
    let consumer = Consumer::new(1, Arc::clone(&channel), true, true);
    let worker = {
        let channel = Arc::clone(&channel);
        thread::spawn(move || {
            for _ in 0..100_000 {
                channel.notify(|| Notification::ProducerPause);
                channel.notify(|| Notification::ProducerResume);
            }
        })
    };
    for _ in 0..100_000 {
        consumer.resume().await.unwrap();
    }
    worker.join().unwrap();
    println!("consumer {} resumed", consumer.inner.id);
}
