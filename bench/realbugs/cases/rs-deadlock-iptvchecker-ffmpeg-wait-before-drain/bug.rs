// Reduction of the ffmpeg stream check in IPTVChecker (src-tauri checker)
// before the fix for issue #98.
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::Command;
use tokio::time::timeout;

#[derive(Debug)]
struct StreamCheck {
    alive: bool,
    video_codec: Option<String>,
}

fn parse_ffmpeg_log(stderr: &str) -> StreamCheck {
    let codec = stderr
        .lines()
        .find(|l| l.contains("Video:"))
        .and_then(|l| l.split("Video:").nth(1))
        .map(|s| s.trim().split(' ').next().unwrap_or("").to_string());
    StreamCheck { alive: codec.is_some(), video_codec: codec }
}

async fn check_stream(url: &str, secs: u32) -> Result<StreamCheck, String> {
    let mut child = Command::new("ffmpeg")
        .args(["-v", "debug", "-t", &secs.to_string(), "-i", url, "-f", "null", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| e.to_string())?;

    // With -v debug, ffmpeg writes far more than a pipe buffer to stderr.
    let status = timeout(Duration::from_secs(60), child.wait())
        .await
        .map_err(|_| "ffmpeg timed out".to_string())?
        .map_err(|e| e.to_string())?;

    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).await.map_err(|e| e.to_string())?;
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_end(&mut stderr).await.map_err(|e| e.to_string())?;
    }
    if !status.success() {
        return Ok(StreamCheck { alive: false, video_codec: None });
    }
    Ok(parse_ffmpeg_log(&String::from_utf8_lossy(&stderr)))
}

#[tokio::main]
async fn main() {
    match check_stream("http://example.com/live/channel.m3u8", 10).await {
        Ok(check) => println!("{check:?}"),
        Err(e) => eprintln!("check failed: {e}"),
    }
}
