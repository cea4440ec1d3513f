// donsetch crawl worker (reduced): tier-2 "ghost" headless-browser escalation under a shared budget.
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub type GhostHook =
    Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>> + Send + Sync>;

#[derive(Clone)]
pub struct CrawlItem {
    pub url: String,
    pub depth: usize,
}

pub enum Verdict {
    Ok(String),
    Challenge,
    Blocked,
}

pub struct CrawlOptions {
    pub concurrency: usize,
    pub deadline: Duration,
    pub ghost_budget: usize,
}

async fn fetch_plain(item: &CrawlItem) -> Verdict {
    if item.url.contains("cf-challenge") {
        Verdict::Challenge
    } else if item.url.ends_with(".pdf") {
        Verdict::Blocked
    } else {
        Verdict::Ok(format!("<html>{}</html>", item.url))
    }
}

async fn crawl_worker(
    queue: Arc<tokio::sync::Mutex<Vec<CrawlItem>>>,
    ghost_budget: Arc<AtomicUsize>,
    ghost_hook: GhostHook,
    started: Instant,
    deadline: Duration,
    pages: Arc<tokio::sync::Mutex<Vec<String>>>,
) {
    loop {
        let Some(item) = queue.lock().await.pop() else { return };
        let remaining = deadline.saturating_sub(started.elapsed());
        match fetch_plain(&item).await {
            Verdict::Ok(body) => pages.lock().await.push(body),
            Verdict::Challenge => {
                // at most `ghost_budget` 20-40 s browser escalations per crawl
                if remaining > Duration::from_secs(25) && ghost_budget.load(Ordering::SeqCst) > 0 {
                    ghost_budget.fetch_sub(1, Ordering::SeqCst);
                    match ghost_hook(item.url.clone()).await {
                        Ok(body) => pages.lock().await.push(body),
                        Err(e) => eprintln!("ghost escalation failed for {}: {e}", item.url),
                    }
                }
            }
            Verdict::Blocked => {}
        }
    }
}

pub async fn crawl(seeds: Vec<String>, opts: CrawlOptions, ghost_hook: GhostHook) -> Vec<String> {
    let queue = Arc::new(tokio::sync::Mutex::new(
        seeds.into_iter().map(|url| CrawlItem { url, depth: 0 }).collect::<Vec<_>>(),
    ));
    let ghost_budget = Arc::new(AtomicUsize::new(opts.ghost_budget));
    let pages = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..opts.concurrency.max(1) {
        workers.push(tokio::spawn(crawl_worker(
            queue.clone(),
            ghost_budget.clone(),
            ghost_hook.clone(),
            started,
            opts.deadline,
            pages.clone(),
        )));
    }
    for w in workers {
        let _ = w.await;
    }
    let out = pages.lock().await.clone();
    out
}
