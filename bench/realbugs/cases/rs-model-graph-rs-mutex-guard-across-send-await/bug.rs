// Reduced from sreeise/graph-rs-sdk#381 (fixed by #383): the async
// RequestClient keeps its shared state in a std::sync::Mutex (shared with the
// blocking client) and AsyncHttpClient::response() holds the MutexGuard across
// the .await on the HTTP send, blocking the executor thread for the whole
// request and deadlocking any other task on that thread that touches the client.
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
struct RequestBuilder {
    url: String,
    token: String,
}

impl RequestBuilder {
    async fn send(self) -> Result<String, String> {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok(format!("200 OK {} ({} bytes of token)", self.url, self.token.len()))
    }
}

struct GraphRequest {
    url: String,
    token: String,
    retries: u32,
}

impl GraphRequest {
    fn build(&self) -> RequestBuilder {
        RequestBuilder { url: self.url.clone(), token: self.token.clone() }
    }
}

struct AsyncHttpClient {
    client: Arc<Mutex<GraphRequest>>,
}

impl AsyncHttpClient {
    fn set_url(&self, url: &str) {
        self.client.lock().unwrap().url = url.to_string();
    }

    async fn response(&self) -> Result<String, String> {
        let mut client = self.client.lock().unwrap();
        client.retries += 1;
        let builder = client.build();
        builder.send().await
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http = Arc::new(AsyncHttpClient {
        client: Arc::new(Mutex::new(GraphRequest { url: String::new(), token: "t0k3n".into(), retries: 0 })),
    });
    http.set_url("https://graph.microsoft.com/v1.0/me/drive/root/children");
    let other = http.clone();
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async move {
            let a = tokio::task::spawn_local(async move { other.response().await });
            let b = http.response().await;
            println!("{:?} {:?}", a.await.unwrap(), b);
        })
        .await;
}
