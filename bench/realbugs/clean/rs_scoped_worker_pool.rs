use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

/// Counts words in chunks of lines with a fixed pool of scoped worker threads.
pub fn word_counts(lines: &[String], workers: usize) -> (HashMap<String, usize>, usize) {
    let next = AtomicUsize::new(0);
    let processed = AtomicUsize::new(0);
    let totals: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());

    thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut local: HashMap<String, usize> = HashMap::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(line) = lines.get(i) else { break };
                    for word in line.split_whitespace() {
                        *local.entry(word.to_lowercase()).or_insert(0) += 1;
                    }
                    processed.fetch_add(1, Ordering::Relaxed);
                }
                let mut totals = totals.lock().unwrap();
                for (word, n) in local {
                    *totals.entry(word).or_insert(0) += n;
                }
            });
        }
    }); // every worker is joined here

    (totals.into_inner().unwrap(), processed.load(Ordering::Relaxed))
}

fn main() {
    let lines: Vec<String> = (0..100).map(|i| format!("the quick fox {}", i % 7)).collect();
    let (counts, processed) = word_counts(&lines, 4);
    println!("{} lines, 'the' x{}", processed, counts["the"]);
}
