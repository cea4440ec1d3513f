// Reduced from delan/autost src/command/cohost2json.rs: the command runs
// inside `#[tokio::main] async fn main()` but fetches pages with
// reqwest::blocking, which blocks the runtime thread (and panics with
// "Cannot drop a runtime in a context where blocking is not allowed").
use reqwest::Client;
use serde_json::Value;

const POSTS_URL: &str = "https://cohost.org/api/v1/project";

fn posts_url(project: &str, page: usize) -> String {
    format!("{}/{}/posts?page={}", POSTS_URL, project, page)
}

async fn cohost2json(project: &str, cookie: Option<String>) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let client = Client::new();
    let mut all = Vec::new();
    for page in 0.. {
        let mut request = client.get(posts_url(project, page));
        if let Some(cookie) = &cookie {
            request = request.header("Cookie", format!("connect.sid={}", cookie));
        }
        let body: Value = request.send().await?.json().await?;
        let items = body["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        all.extend(items);
    }
    Ok(all)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cookie = std::env::var("COHOST_COOKIE").ok();
    let posts = cohost2json("delan", cookie).await?;
    println!("{} chosts", posts.len());
    Ok(())
}
