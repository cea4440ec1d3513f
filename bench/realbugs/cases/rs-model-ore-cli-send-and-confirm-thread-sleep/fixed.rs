// ore-cli v2 (regolith-labs/ore-cli, 2024): src/send_and_confirm.rs + the mining loop calling it.
use std::sync::Arc;
use std::time::Duration;

const RPC_RETRIES: usize = 0;
const GATEWAY_RETRIES: usize = 150;
const CONFIRM_RETRIES: usize = 1;

const CONFIRM_DELAY: u64 = 0;
const GATEWAY_DELAY: u64 = 300;

pub type Signature = [u8; 64];

#[derive(Debug)]
pub struct ClientError {
    pub kind: String,
}

pub struct SignatureStatus {
    pub err: Option<String>,
    pub confirmed: bool,
}

/// solana_client::nonblocking::rpc_client::RpcClient (async, runs on the tokio runtime)
pub struct RpcClient;

impl RpcClient {
    pub async fn send_transaction(&self, _tx: &[u8]) -> Result<Signature, ClientError> {
        Ok([0; 64])
    }
    pub async fn get_signature_statuses(&self, _sigs: &[Signature]) -> Result<Vec<Option<SignatureStatus>>, ClientError> {
        Ok(vec![Some(SignatureStatus { err: None, confirmed: true })])
    }
}

pub enum ComputeBudget {
    Dynamic,
    Fixed(u32),
}

pub struct Miner {
    pub rpc_client: Arc<RpcClient>,
    pub priority_fee: u64,
}

impl Miner {
    pub async fn send_and_confirm(
        &self,
        ixs: &[Vec<u8>],
        _compute_budget: ComputeBudget,
        skip_confirm: bool,
    ) -> Result<Signature, ClientError> {
        let client = self.rpc_client.clone();
        let tx: Vec<u8> = ixs.concat();

        // Submit tx
        let mut attempts = 0;
        loop {
            println!("Submitting transaction... (attempt {})", attempts);
            match client.send_transaction(&tx).await {
                Ok(sig) => {
                    // Skip confirmation
                    if skip_confirm {
                        return Ok(sig);
                    }

                    // Confirm the tx landed
                    for _ in 0..CONFIRM_RETRIES {
                        tokio::time::sleep(Duration::from_millis(CONFIRM_DELAY)).await;
                        match client.get_signature_statuses(&[sig]).await {
                            Ok(signature_statuses) => {
                                for status in signature_statuses {
                                    if let Some(status) = status {
                                        if let Some(err) = status.err {
                                            return Err(ClientError { kind: err });
                                        }
                                        if status.confirmed {
                                            return Ok(sig);
                                        }
                                    }
                                }
                            }

                            // Handle confirmation errors
                            Err(err) => {
                                println!("{:?}", err);
                            }
                        }
                    }
                }

                // Handle submit errors
                Err(err) => {
                    println!("{:?}", err);
                }
            }

            // Retry
            tokio::time::sleep(Duration::from_millis(GATEWAY_DELAY)).await;
            attempts += 1;
            if attempts > GATEWAY_RETRIES {
                return Err(ClientError { kind: "Max retries".into() });
            }
        }
    }

    /// `ore mine`: the event loop keeps a spinner/progress task and the hashing threads going
    /// while each solution is submitted.
    pub async fn mine(&self) {
        loop {
            let ix = vec![1u8, 2, 3];
            let _ = self.send_and_confirm(&[ix], ComputeBudget::Fixed(500_000), false).await;
            let _ = RPC_RETRIES;
        }
    }
}
