//! tests/integration_wit.rs (reduced)
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use tokio::process::Command;

/// Tests below change the process working directory, so they must not overlap.
static CWD_GUARD: Mutex<()> = Mutex::new(());

struct TestSetup {
    project_dir: PathBuf,
}

async fn init_project(name: &str) -> Result<TestSetup> {
    let project_dir = std::env::temp_dir().join(name);
    tokio::fs::create_dir_all(project_dir.join("wit")).await?;
    tokio::fs::write(
        project_dir.join("wit/world.wit"),
        "package test:component;\nworld component { import wasi:http/incoming-handler@0.2.0; }\n",
    )
    .await?;
    Ok(TestSetup { project_dir })
}

async fn wash(args: &[&str], dir: &Path) -> Result<String> {
    let output = Command::new("wash")
        .args(args)
        .current_dir(dir)
        .output()
        .await
        .context("failed to run wash")?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn integration_wit_fetch() -> Result<()> {
    let _guard = CWD_GUARD.lock().unwrap();
    let setup = init_project("wit_fetch").await?;
    std::env::set_current_dir(&setup.project_dir)?;
    let out = wash(&["wit", "fetch"], &setup.project_dir).await?;
    assert!(out.contains("wasi:http"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn integration_wit_build() -> Result<()> {
    let _guard = CWD_GUARD.lock().unwrap();
    let setup = init_project("wit_build").await?;
    std::env::set_current_dir(&setup.project_dir)?;
    wash(&["wit", "fetch"], &setup.project_dir).await?;
    let out = wash(&["wit", "build"], &setup.project_dir).await?;
    assert!(out.contains("component.wasm"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn integration_wit_clean() -> Result<()> {
    let _guard = CWD_GUARD.lock().unwrap();
    let setup = init_project("wit_clean").await?;
    std::env::set_current_dir(&setup.project_dir)?;
    wash(&["wit", "clean"], &setup.project_dir).await?;
    assert!(!setup.project_dir.join("wit/deps").exists());
    Ok(())
}
