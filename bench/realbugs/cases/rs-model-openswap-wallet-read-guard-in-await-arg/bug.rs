//! The OpenSwap Maker server (reduced): start_maker_server posts the maker's
//! onion address to the directory servers before accepting takers.
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    Bitcoin,
    Regtest,
}

pub struct WalletStore {
    pub network: Network,
}

pub struct Wallet {
    pub store: WalletStore,
    offer_maxsize: u64,
}

impl Wallet {
    pub fn refresh_offer_maxsize_cache(&mut self) -> Result<(), MakerError> {
        self.offer_maxsize = 100_000;
        Ok(())
    }
}

#[derive(Debug)]
pub enum MakerError {
    MutexPoison,
    Directory(String),
}

impl<'a, T> From<PoisonError<RwLockReadGuard<'a, T>>> for MakerError {
    fn from(_: PoisonError<RwLockReadGuard<'a, T>>) -> Self {
        MakerError::MutexPoison
    }
}

impl<'a, T> From<PoisonError<RwLockWriteGuard<'a, T>>> for MakerError {
    fn from(_: PoisonError<RwLockWriteGuard<'a, T>>) -> Self {
        MakerError::MutexPoison
    }
}

pub struct MakerConfig {
    pub port: u16,
    pub onion_addrs: String,
}

pub struct Maker {
    pub config: MakerConfig,
    pub wallet: RwLock<Wallet>,
}

impl Maker {
    pub fn get_wallet(&self) -> &RwLock<Wallet> {
        &self.wallet
    }
}

/// market::directory — talks to the directory servers over tor.
pub async fn post_maker_address_to_directory_servers(
    network: Network,
    address: &str,
) -> Result<(), MakerError> {
    tokio::time::sleep(Duration::from_millis(50)).await;
    println!("posted {} on {:?}", address, network);
    Ok(())
}

/// Initializes and starts the Maker server.
pub async fn start_maker_server(maker: Arc<Maker>) -> Result<(), MakerError> {
    maker.wallet.write()?.refresh_offer_maxsize_cache()?;

    if maker.wallet.read()?.store.network != Network::Regtest {
        if maker.config.onion_addrs == "myhiddenserviceaddress.onion:6102" {
            panic!("You must set config variable MAKER_ONION_ADDR");
        }
        post_maker_address_to_directory_servers(
            maker.wallet.read()?.store.network,
            &maker.config.onion_addrs,
        )
        .await
        .map_err(|e| MakerError::Directory(format!("{:?}", e)))?;
    }

    // Get the highest value fidelity bond from the wallet.
    {
        let mut wallet = maker.wallet.write()?;
        wallet.offer_maxsize += 1;
    }
    println!("Listening On Port {}", maker.config.port);
    Ok(())
}

#[tokio::main]
async fn main() {
    let maker = Arc::new(Maker {
        config: MakerConfig { port: 6102, onion_addrs: "abc.onion:6102".into() },
        wallet: RwLock::new(Wallet { store: WalletStore { network: Network::Bitcoin }, offer_maxsize: 0 }),
    });
    start_maker_server(maker).await.unwrap();
}
