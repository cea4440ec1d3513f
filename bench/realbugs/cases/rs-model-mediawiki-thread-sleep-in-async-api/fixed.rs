// mediawiki (Rust crate), tokio-1.0 branch: Api's async request path still waits with
// std::thread::sleep for the edit delay and for MAXLAG back-off.
use std::collections::HashMap;
use std::error::Error;
use std::time;

pub struct Api {
    api_url: String,
    client: reqwest::Client,
    maxlag_seconds: Option<u64>,
    edit_delay_ms: Option<u64>,
    max_retry_attempts: u64,
}

impl Api {
    /// Sets the delay time after edits in milliseconds (or `None`).
    /// This is independent of, and additional to, MAXLAG
    pub fn set_edit_delay(&mut self, edit_delay_ms: Option<u64>) {
        self.edit_delay_ms = edit_delay_ms;
    }

    /// Checks if a query is an edit, based on parameters and method (GET/POST)
    fn is_edit_query(&self, params: &HashMap<String, String>, method: &str) -> bool {
        method == "POST" && params.get("action").map(|a| a == "edit").unwrap_or(false)
    }

    /// Sleeps for the edit delay, if an edit delay is set and this is an edit
    async fn enact_edit_delay(&self, params: &HashMap<String, String>, method: &str) {
        if !self.is_edit_query(params, method) {
            return;
        }
        if let Some(ms) = self.edit_delay_ms {
            tokio::time::sleep(time::Duration::from_millis(ms)).await;
        }
    }

    fn check_maxlag(&self, v: &serde_json::Value) -> Option<u64> {
        match v["error"]["code"].as_str() {
            Some("maxlag") => v["error"]["lag"].as_u64().or(self.maxlag_seconds),
            _ => None,
        }
    }

    pub async fn query_api_raw_mut(
        &mut self,
        params: &HashMap<String, String>,
        method: &str,
    ) -> Result<String, Box<dyn Error>> {
        let resp = match method {
            "POST" => self.client.post(&self.api_url).form(params).send().await?,
            _ => self.client.get(&self.api_url).query(params).send().await?,
        };
        self.enact_edit_delay(params, method).await;
        Ok(resp.text().await?)
    }

    async fn query_api_json_mut(
        &mut self,
        params: &HashMap<String, String>,
        method: &str,
    ) -> Result<serde_json::Value, Box<dyn Error>> {
        let mut params = params.clone();
        let mut attempts_left = self.max_retry_attempts;
        params.insert("format".to_string(), "json".to_string());
        loop {
            let t = self.query_api_raw_mut(&params, method).await?;
            let v: serde_json::Value = serde_json::from_str(&t)?;
            match self.check_maxlag(&v) {
                Some(lag_seconds) => {
                    if attempts_left == 0 {
                        return Err(From::from("Max attempts reached [MAXLAG]"));
                    }
                    attempts_left -= 1;
                    tokio::time::sleep(time::Duration::from_millis(1000 * lag_seconds)).await;
                }
                None => return Ok(v),
            }
        }
    }

    pub async fn post_query_api_json_mut(
        &mut self,
        params: &HashMap<String, String>,
    ) -> Result<serde_json::Value, Box<dyn Error>> {
        self.query_api_json_mut(params, "POST").await
    }
}

pub async fn edit_pages(api: &mut Api, titles: &[&str]) -> Result<(), Box<dyn Error>> {
    api.set_edit_delay(Some(10_000));
    for title in titles {
        let params: HashMap<String, String> = [("action", "edit"), ("title", *title), ("appendtext", "x")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        api.post_query_api_json_mut(&params).await?;
    }
    Ok(())
}
