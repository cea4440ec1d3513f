use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinHandle;

#[derive(Default)]
pub struct Conversation {
    pub id: u64,
    pub title: Option<String>,
}

async fn generate_title(prompt: String) -> String {
    // stands in for the LLM round trip
    tokio::time::sleep(Duration::from_millis(200)).await;
    format!("Title for: {}", prompt)
}

/// Reduced from forge's title-generation handle: owned by the UI for the
/// lifetime of one conversation, meant to stop its work when dropped.
pub struct TitleGeneration {
    handle: JoinHandle<()>,
}

impl TitleGeneration {
    pub fn start(conversation: Arc<Mutex<Conversation>>, prompt: String) -> Self {
        let handle = tokio::spawn(async move {
            let title = generate_title(prompt).await;
            // still runs after the conversation was switched away / reset
            conversation.lock().await.title = Some(title);
        });
        TitleGeneration { handle }
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }
}

impl Drop for TitleGeneration {
    fn drop(&mut self) {
        // dropping a JoinHandle only detaches the task: abort it explicitly
        self.handle.abort();
    }
}

#[tokio::main]
async fn main() {
    let conversation = Arc::new(Mutex::new(Conversation { id: 1, title: None }));
    let generation = TitleGeneration::start(conversation.clone(), "fix the build".into());
    println!("finished yet: {}", generation.is_finished());

    // user starts a new conversation: the old generation is dropped
    drop(generation);
    conversation.lock().await.title = Some("New conversation".into());

    tokio::time::sleep(Duration::from_millis(400)).await;
    // the aborted task no longer overwrites the title
    println!("title: {:?}", conversation.lock().await.title);
}
