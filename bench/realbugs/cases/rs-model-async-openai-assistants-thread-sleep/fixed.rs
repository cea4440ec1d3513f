// async-openai examples/assistants/src/main.rs (reduced, 2024): polling a run.
use async_openai::{
    config::OpenAIConfig,
    types::{CreateMessageRequestArgs, CreateRunRequestArgs, MessageContent, RunStatus},
    Client,
};
use std::error::Error;

async fn wait_for_response(
    client: &Client<OpenAIConfig>,
    thread_id: &str,
    run_id: &str,
) -> Result<Option<String>, Box<dyn Error>> {
    let query = [("limit", "1")]; //limit the list responses to 1 message
    let mut awaiting_response = true;
    let mut answer = None;
    while awaiting_response {
        //retrieve the run
        let run = client.threads().runs(thread_id).retrieve(run_id).await?;
        //check the status of the run
        match run.status {
            RunStatus::Completed => {
                awaiting_response = false;
                let response = client.threads().messages(thread_id).list(&query).await?;
                let message_id = response.data.get(0).unwrap().id.clone();
                let message = client.threads().messages(thread_id).retrieve(&message_id).await?;
                if let Some(MessageContent::Text(text)) = message.content.get(0) {
                    answer = Some(text.text.value.clone());
                }
            }
            RunStatus::Failed | RunStatus::Cancelled | RunStatus::Expired => {
                awaiting_response = false;
                println!("Run ended: {:?}", run.status);
            }
            _ => {
                println!("Waiting for response...");
            }
        }
        //wait for 1 second before checking the status again
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    Ok(answer)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::new();
    let thread = client.threads().create(Default::default()).await?;
    let assistant_id = std::env::var("ASSISTANT_ID")?;
    loop {
        let mut input = String::new();
        std::io::stdin().read_line(&mut input).unwrap();
        let message = CreateMessageRequestArgs::default().role("user").content(input.clone()).build()?;
        client.threads().messages(&thread.id).create(message).await?;
        let run_request = CreateRunRequestArgs::default().assistant_id(&assistant_id).build()?;
        let run = client.threads().runs(&thread.id).create(run_request).await?;
        if let Some(text) = wait_for_response(&client, &thread.id, &run.id).await? {
            println!("Response: {}", text);
        }
    }
}
