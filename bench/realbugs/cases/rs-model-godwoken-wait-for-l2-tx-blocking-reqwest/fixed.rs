//! gw-tools: godwoken_rpc.rs + utils.rs + transfer.rs (reduced)
use anyhow::{anyhow, Result};
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

pub type H256 = String;
pub type TxReceipt = serde_json::Value;

pub struct GodwokenRpcClient {
    url: reqwest::Url,
    client: reqwest::Client,
    id: u64,
}

impl GodwokenRpcClient {
    pub fn new(url: &str) -> GodwokenRpcClient {
        let url = reqwest::Url::parse(url).expect("godwoken uri, e.g. \"http://127.0.0.1:8119\"");
        GodwokenRpcClient {
            url,
            id: 0,
            client: reqwest::Client::new(),
        }
    }

    pub async fn get_transaction_receipt(&mut self, tx_hash: &H256) -> Result<Option<TxReceipt>> {
        let params = serde_json::to_value((tx_hash,))?;
        self.rpc::<Option<TxReceipt>>("gw_get_transaction_receipt", params)
            .await
    }

    async fn rpc<SuccessResponse: DeserializeOwned>(
        &mut self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<SuccessResponse> {
        self.id += 1;
        let mut req_json = serde_json::Map::new();
        req_json.insert("id".to_owned(), serde_json::to_value(&self.id)?);
        req_json.insert("jsonrpc".to_owned(), serde_json::to_value(&"2.0")?);
        req_json.insert("method".to_owned(), serde_json::to_value(method)?);
        req_json.insert("params".to_owned(), params);

        let resp = self
            .client
            .post(self.url.clone())
            .json(&req_json)
            .send()
            .await?;
        let output = resp.json::<serde_json::Value>().await?;
        serde_json::from_value(output["result"].clone()).map_err(|err| anyhow!(err))
    }
}

pub async fn wait_for_l2_tx(
    godwoken_rpc_client: &mut GodwokenRpcClient,
    tx_hash: &H256,
    timeout_secs: u64,
    quiet: bool,
) -> Result<Option<TxReceipt>> {
    let retry_timeout = Duration::from_secs(timeout_secs);
    let start_time = Instant::now();
    while start_time.elapsed() < retry_timeout {
        std::thread::sleep(Duration::from_secs(2));

        let receipt = godwoken_rpc_client.get_transaction_receipt(tx_hash).await?;

        match receipt {
            Some(_) => {
                if !quiet {
                    log::info!("tx committed");
                }
                return Ok(receipt);
            }
            None => {
                if !quiet {
                    log::info!("waiting for {} secs.", start_time.elapsed().as_secs());
                }
            }
        }
    }
    Err(anyhow!("Timeout: {:?}", retry_timeout))
}

pub async fn transfer(godwoken_rpc_url: &str, tx_hash: H256) -> Result<()> {
    let mut godwoken_rpc_client = GodwokenRpcClient::new(godwoken_rpc_url);
    // ... build, sign and submit the L2 transaction ...
    wait_for_l2_tx(&mut godwoken_rpc_client, &tx_hash, 180, false).await?;
    Ok(())
}

#[tokio::main]
async fn main() {
    // run_cli: every subcommand runs inside the async main
    if let Err(err) = transfer("http://127.0.0.1:8119", "0x01".to_string()).await {
        log::error!("Transfer error: {}", err);
        std::process::exit(-1);
    }
}
