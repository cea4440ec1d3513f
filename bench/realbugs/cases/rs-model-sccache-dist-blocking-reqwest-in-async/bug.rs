use std::path::{Path, PathBuf};
use std::time::Duration;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

pub struct Client {
    scheduler_url: String,
    client: reqwest::blocking::Client,
    auth_token: String,
}

#[derive(Debug)]
pub struct SubmitToolchainResult {
    pub status: u16,
}

impl Client {
    pub fn new(scheduler_url: &str, auth_token: &str) -> Self {
        let client = reqwest::blocking::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("failed to create an HTTP client");
        Client {
            scheduler_url: scheduler_url.to_owned(),
            client,
            auth_token: auth_token.to_owned(),
        }
    }

    pub async fn do_submit_toolchain(
        &self,
        archive_id: &str,
        toolchain_file: PathBuf,
    ) -> Result<SubmitToolchainResult, String> {
        let url = format!("{}/api/v1/distserver/submit_toolchain/{}", self.scheduler_url, archive_id);
        let file = std::fs::File::open(&toolchain_file).map_err(|e| e.to_string())?;
        let res = self
            .client
            .post(&url)
            .bearer_auth(&self.auth_token)
            .body(reqwest::blocking::Body::from(file))
            .send()
            .map_err(|e| e.to_string())?;
        Ok(SubmitToolchainResult { status: res.status().as_u16() })
    }
}

async fn submit_all(client: &Client, dir: &Path) {
    for id in ["gcc-12", "clang-16"] {
        match client.do_submit_toolchain(id, dir.join(format!("{}.tar.gz", id))).await {
            Ok(r) => println!("{}: {:?}", id, r),
            Err(e) => eprintln!("{}: {}", id, e),
        }
    }
}

#[tokio::main]
async fn main() {
    let client = Client::new("http://127.0.0.1:10600", "token");
    let heartbeat = tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            println!("heartbeat");
        }
    });
    submit_all(&client, Path::new("/tmp/toolchains")).await;
    heartbeat.abort();
}
