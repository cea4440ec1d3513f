// Reduction of the ffmpeg stream check in IPTVChecker (src-tauri checker)
// after the fix for issue #98: the pipes are drained by spawned reader tasks
// while the process runs.
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

    let mut out = child.stdout.take().ok_or("no stdout")?;
    let mut err = child.stderr.take().ok_or("no stderr")?;
    let stdout_task = tokio::spawn(async move {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf).await;
        buf
    });
    let stderr_task = tokio::spawn(async move {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf).await;
        buf
    });

    let status = match timeout(Duration::from_secs(60), child.wait()).await {
        Ok(res) => res.map_err(|e| e.to_string())?,
        Err(_) => {
            let _ = child.kill().await;
            stdout_task.abort();
            stderr_task.abort();
            return Err("ffmpeg timed out".to_string());
        }
    };
    let _stdout = stdout_task.await.map_err(|e| e.to_string())?;
    let stderr = stderr_task.await.map_err(|e| e.to_string())?;
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
