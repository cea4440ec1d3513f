//! Reduction of revm `crates/revm/src/db/ethersdb.rs` (bluealloy/revm#1056, fixed in #1089 and follow-ups).
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::runtime::{Handle, Runtime};

pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'a>>;

/// Stand-in for `ethers_providers::Middleware` (an HTTP provider driven by tokio/reqwest).
pub trait Middleware: Send + Sync {
    fn get_block_number(&self) -> BoxFut<'_, u64>;
    fn get_balance(&self, address: [u8; 20], block: Option<u64>) -> BoxFut<'_, u128>;
    fn get_storage_at(&self, address: [u8; 20], index: [u8; 32], block: Option<u64>) -> BoxFut<'_, [u8; 32]>;
}

pub trait DatabaseRef {
    type Error;
    fn basic_ref(&self, address: [u8; 20]) -> Result<Option<u128>, Self::Error>;
    fn storage_ref(&self, address: [u8; 20], index: [u8; 32]) -> Result<[u8; 32], Self::Error>;
}

pub struct EthersDB<M: Middleware> {
    client: Arc<M>,
    runtime: Option<Runtime>,
    block_number: Option<u64>,
}

impl<M: Middleware> EthersDB<M> {
    /// create ethers db connector inputs are url and block on what we are basing our database (None for latest)
    pub fn new(client: Arc<M>, block_number: Option<u64>) -> Option<Self> {
        let runtime = Handle::try_current()
            .is_err()
            .then(|| Runtime::new().unwrap());

        let mut out = Self { client, runtime, block_number: None };
        out.block_number = if block_number.is_some() {
            block_number
        } else {
            Some(out.block_on(out.client.get_block_number()).ok()?)
        };
        Some(out)
    }

    /// internal utility function to call tokio feature and wait for output
    fn block_on<F: Future>(&self, f: F) -> F::Output {
        match &self.runtime {
            Some(runtime) => runtime.block_on(f),
            // Drive the provider future on the surrounding tokio runtime, telling the
            // scheduler this worker is about to block.
            None => tokio::task::block_in_place(move || Handle::current().block_on(f)),
        }
    }
}

impl<M: Middleware> DatabaseRef for EthersDB<M> {
    type Error = String;

    fn basic_ref(&self, address: [u8; 20]) -> Result<Option<u128>, Self::Error> {
        let balance = self.block_on(self.client.get_balance(address, self.block_number))?;
        Ok(Some(balance))
    }

    fn storage_ref(&self, address: [u8; 20], index: [u8; 32]) -> Result<[u8; 32], Self::Error> {
        self.block_on(self.client.get_storage_at(address, index, self.block_number))
    }
}

/// The fork_ref_transact example: EthersDB used from inside `#[tokio::main]`.
pub async fn fork_ref_transact<M: Middleware + 'static>(client: Arc<M>) -> Result<Option<u128>, String> {
    let db = EthersDB::new(client, None).ok_or("no block number")?;
    db.basic_ref([0x0d; 20])
}
