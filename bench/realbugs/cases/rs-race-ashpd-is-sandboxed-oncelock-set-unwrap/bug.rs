//! ashpd: src/helpers.rs + src/lib.rs (reduced)
use std::sync::OnceLock;

static IS_SANDBOXED: OnceLock<bool> = OnceLock::new();

pub(crate) async fn is_flatpak() -> bool {
    tokio::fs::try_exists("/.flatpak-info").await.unwrap_or(false)
}

pub(crate) async fn is_snap() -> bool {
    let pid = std::process::id();
    let path = format!("/proc/{pid}/cgroup");
    match tokio::fs::read_to_string(path).await {
        Ok(buffer) => cgroup_v2_is_snap(&buffer),
        Err(_) => false,
    }
}

fn cgroup_v2_is_snap(cgroups: &str) -> bool {
    cgroups
        .lines()
        .map(|line| {
            let (n, rest) = line.split_once(':')?;
            // Check that n is a number.
            n.parse::<u32>().ok()?;
            let unit = match rest.split_once(':') {
                Some(("", unit)) => Some(unit),
                Some(("freezer", unit)) => Some(unit),
                Some(("name=systemd", unit)) => Some(unit),
                _ => None,
            }?;
            let scope = std::path::Path::new(unit).file_name()?.to_str()?;
            Some(scope.starts_with("snap."))
        })
        .any(|x| x.unwrap_or(false))
}

/// Check whether the application is running inside a sandbox.
///
/// As the return value of this function will not change during the
/// runtime of a program; it is cached for future calls.
pub async fn is_sandboxed() -> bool {
    if let Some(cached_value) = IS_SANDBOXED.get() {
        return *cached_value;
    }
    let new_value = is_flatpak().await
        || is_snap().await
        || std::env::var("GTK_USE_PORTAL")
            .map(|v| v == "1")
            .unwrap_or(false);
    IS_SANDBOXED.set(new_value).unwrap(); // Safe to unwrap here
    new_value
}

/// An app calling the helper from several tasks at startup (e.g. every portal proxy).
pub async fn open_portals() -> Vec<bool> {
    let handles: Vec<_> = (0..4).map(|_| tokio::spawn(is_sandboxed())).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
