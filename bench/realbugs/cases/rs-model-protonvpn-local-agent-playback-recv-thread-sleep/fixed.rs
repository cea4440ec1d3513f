//! Reduced from ProtonVPN/local-agent-rs transport_playback.rs: a Transport that replays a
//! recorded local-agent session, honouring the recorded delay before each response.
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

#[derive(Debug, Clone)]
pub struct Response {
    pub code: u32,
    pub body: String,
}

#[derive(Debug)]
pub enum Error {
    EndOfRecording,
    Closed,
}

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, Clone)]
pub struct RecordedResponse {
    pub delay_secs: u64,
    pub response: Response,
}

pub struct PlaybackTransport {
    recording: Mutex<VecDeque<RecordedResponse>>,
    sent: Mutex<Vec<String>>,
}

impl PlaybackTransport {
    pub fn new(recording: Vec<RecordedResponse>) -> Self {
        PlaybackTransport {
            recording: Mutex::new(recording.into()),
            sent: Mutex::new(Vec::new()),
        }
    }

    pub async fn send(&self, request: &str) -> Result<()> {
        self.sent.lock().await.push(request.to_owned());
        Ok(())
    }

    pub async fn recv(&self) -> Result<Response> {
        let next = self.recording.lock().await.pop_front();
        let RecordedResponse { delay_secs: seconds, response } = next.ok_or(Error::EndOfRecording)?;

        // First we wait a bit before we return the response
        tokio::time::sleep(Duration::from_secs(seconds)).await;

        Ok(response)
    }
}

pub async fn run_session(transport: Arc<PlaybackTransport>) -> Vec<Response> {
    let heartbeat = {
        let transport = transport.clone();
        tokio::spawn(async move {
            for _ in 0..3 {
                let _ = transport.send("{\"status\":\"ping\"}").await;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };

    let mut responses = Vec::new();
    transport.send("{\"tls-auth\":true}").await.ok();
    while let Ok(response) = transport.recv().await {
        responses.push(response);
    }
    let _ = heartbeat.await;
    responses
}
