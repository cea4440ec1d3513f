use serde_json::{json, Value};
use std::time::Duration;

pub struct EthereumClient {
    http: reqwest::blocking::Client,
    rpc_url: String,
}

impl EthereumClient {
    pub fn new(rpc_url: &str) -> Self {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        Self { http, rpc_url: rpc_url.to_string() }
    }

    pub async fn call(&self, method: &str, params: Value) -> Result<Value, reqwest::Error> {
        let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
        let resp: Value = self.http.post(&self.rpc_url).json(&body).send()?.json()?;
        Ok(resp["result"].clone())
    }

    pub async fn starknet_state_root(&self, core_contract: &str) -> Result<String, reqwest::Error> {
        let params = json!([{ "to": core_contract, "data": "0x9588eca2" }, "latest"]);
        let result = self.call("eth_call", params).await?;
        Ok(result.as_str().unwrap_or_default().to_string())
    }
}

pub struct Node {
    l1: EthereumClient,
    core_contract: String,
}

impl Node {
    pub async fn sync_loop(&self) {
        loop {
            match self.l1.starknet_state_root(&self.core_contract).await {
                Ok(root) => println!("verified state root {root}"),
                Err(e) => eprintln!("l1 call failed: {e}"),
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
}

#[tokio::main]
async fn main() {
    let node = Node {
        l1: EthereumClient::new("https://eth.llamarpc.com"),
        core_contract: "0xc662c410C0ECf747543f5bA90660f6ABeBD9C8c4".into(),
    };
    node.sync_loop().await;
}
