// yagna core/version/src/notifier.rs (v0.6): periodic check for a newer Yagna release.
use anyhow::anyhow;
use self_update::backends::github::UpdateBuilder;
use std::convert::TryFrom;
use std::time::Duration;

const REPO_OWNER: &'static str = "golemfactory";
const REPO_NAME: &'static str = "yagna";
const CURRENT_VERSION: &'static str = "0.6.2";

#[derive(Clone, Debug)]
pub struct DBRelease {
    pub version: String,
    pub name: String,
    pub seen: bool,
}

impl TryFrom<self_update::update::Release> for DBRelease {
    type Error = anyhow::Error;
    fn try_from(r: self_update::update::Release) -> anyhow::Result<Self> {
        Ok(DBRelease { version: r.version, name: r.name, seen: false })
    }
}

/// ya_persistence::executor::DbExecutor + ReleaseDAO (async, r2d2 pool behind spawn_blocking)
#[derive(Clone)]
pub struct DbExecutor;

impl DbExecutor {
    pub async fn save_new(&self, release: DBRelease) -> anyhow::Result<DBRelease> {
        Ok(release)
    }
}

pub async fn check_latest_release(db: &DbExecutor) -> anyhow::Result<DBRelease> {
    log::trace!("Checking latest Yagna release");
    let gh_rel = UpdateBuilder::new()
        .repo_owner(REPO_OWNER)
        .repo_name(REPO_NAME)
        .bin_name("") // seems required by builder but unused
        .current_version("") // similar as above
        .build()?
        .get_latest_release()?;

    let db_rel = DBRelease::try_from(gh_rel)?;
    log::trace!("Got latest Yagna release {:?}", db_rel);
    if self_update::version::bump_is_greater(CURRENT_VERSION, &db_rel.version).map_err(|e| {
        anyhow!(
            "Github release version `{}` parse error: {}",
            db_rel.version,
            e
        )
    })? {
        let rel = db.save_new(db_rel).await?;
        log::warn!("New Yagna release named '{}' (v{}) is available", rel.name, rel.version);
        return Ok(rel);
    }
    Ok(db_rel)
}

pub async fn on_start(db: &DbExecutor) -> anyhow::Result<()> {
    let worker_db = db.clone();
    tokio::task::spawn_local(async move { worker(worker_db).await });
    Ok(())
}

pub(crate) async fn worker(db: DbExecutor) {
    // TODO: make interval configurable
    let mut interval = tokio::time::interval(Duration::from_secs(3600 * 24));
    loop {
        interval.tick().await;
        if let Err(e) = check_latest_release(&db).await {
            log::error!("Failed to check for new Yagna release: {}", e);
        };
    }
}

/// `yagna version check` REST/CLI handler, served on the same single-threaded actix runtime.
pub async fn version_check(db: DbExecutor) -> anyhow::Result<String> {
    let rel = check_latest_release(&db).await?;
    Ok(rel.version)
}
