//! Shape of goose crates/goose/src/agents/{agent.rs,retry.rs} (early 2026): the reply loop
//! inspects `final_output_tool` in an `if let` scrutinee and falls through to the retry path.
use std::sync::Arc;
use tokio::sync::Mutex;

pub const FINAL_OUTPUT_CONTINUATION_MESSAGE: &str = "You must call the `final_output` tool with your final output.";

#[derive(Clone, Debug)]
pub struct Message { pub text: String }

pub struct Conversation(Vec<Message>);
impl Conversation {
    pub fn new_unvalidated(messages: Vec<Message>) -> Self { Conversation(messages) }
    pub fn push(&mut self, m: Message) { self.0.push(m) }
}

pub struct FinalOutputTool { pub final_output: Option<String> }
pub struct RetryConfig { pub max_retries: u32, pub reset_context: bool }
pub struct SessionConfig { pub retry_config: Option<RetryConfig> }
#[derive(Debug, PartialEq)]
pub enum RetryResult { Skipped, MaxAttemptsReached, Retried }

pub struct RetryManager { attempts: Arc<Mutex<u32>> }

impl RetryManager {
    /// Increment the retry attempts counter and return the new value
    pub async fn increment_attempts(&self) -> u32 {
        let mut attempts = self.attempts.lock().await;
        *attempts += 1;
        *attempts
    }

    /// Get the current retry attempts count
    pub async fn get_attempts(&self) -> u32 { *self.attempts.lock().await }

    /// Reset status for retry: clear message history and final output tool state
    async fn reset_status_for_retry(
        messages: &mut Conversation,
        initial_messages: &[Message],
        final_output_tool: &Arc<Mutex<Option<FinalOutputTool>>>,
    ) {
        *messages = Conversation::new_unvalidated(initial_messages.to_vec());
        if let Some(fot) = final_output_tool.lock().await.as_mut() {
            fot.final_output = None;
        }
    }

    pub async fn handle_retry_logic(
        &self,
        messages: &mut Conversation,
        session_config: &SessionConfig,
        initial_messages: &[Message],
        final_output_tool: &Arc<Mutex<Option<FinalOutputTool>>>,
    ) -> Result<RetryResult, String> {
        let Some(retry_config) = &session_config.retry_config else {
            return Ok(RetryResult::Skipped);
        };
        let current_attempts = self.get_attempts().await;
        if current_attempts >= retry_config.max_retries {
            return Ok(RetryResult::MaxAttemptsReached);
        }
        if retry_config.reset_context {
            Self::reset_status_for_retry(messages, initial_messages, final_output_tool).await;
        }
        let _new_attempts = self.increment_attempts().await;
        Ok(RetryResult::Retried)
    }
}

pub struct Agent {
    final_output_tool: Arc<Mutex<Option<FinalOutputTool>>>,
    retry_manager: RetryManager,
}

impl Agent {
    async fn handle_retry_logic(
        &self,
        messages: &mut Conversation,
        session_config: &SessionConfig,
        initial_messages: &[Message],
    ) -> Result<bool, String> {
        let result = self
            .retry_manager
            .handle_retry_logic(messages, session_config, initial_messages, &self.final_output_tool)
            .await?;
        Ok(result == RetryResult::Retried)
    }

    /// One turn of the reply loop after the model answered with text only (no tool calls).
    pub async fn reply_loop(&self, session_config: SessionConfig, initial_messages: Vec<Message>) -> Vec<Message> {
        let mut conversation = Conversation::new_unvalidated(initial_messages.clone());
        let mut emitted = Vec::new();
        loop {
            let mut messages_to_add = Vec::new();
            let exit_chat;
            if let Some(final_output_tool) = self.final_output_tool.lock().await.as_ref() {
                if final_output_tool.final_output.is_some() {
                    emitted.push(Message { text: final_output_tool.final_output.clone().unwrap() });
                    exit_chat = true;
                } else {
                    messages_to_add.push(Message { text: FINAL_OUTPUT_CONTINUATION_MESSAGE.into() });
                    exit_chat = false;
                }
            } else {
                match self.handle_retry_logic(&mut conversation, &session_config, &initial_messages).await {
                    Ok(true) => continue,
                    Ok(false) => exit_chat = true,
                    Err(_) => exit_chat = true,
                }
            }
            for m in messages_to_add {
                conversation.push(m);
            }
            if exit_chat {
                break;
            }
        }
        emitted
    }
}
