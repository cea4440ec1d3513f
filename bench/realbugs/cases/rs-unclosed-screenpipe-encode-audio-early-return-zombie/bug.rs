//! Reduced from screenpipe/screenpipe crates/screenpipe-audio/src/utils/ffmpeg.rs: encode_single_audio.
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn anyhow(msg: String) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(io::Error::new(io::ErrorKind::Other, msg))
}

pub fn find_ffmpeg_path() -> Option<PathBuf> {
    std::env::var_os("SCREENPIPE_FFMPEG")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("ffmpeg")))
}

pub fn encode_single_audio(
    data: &[u8],
    sample_rate: u32,
    channels: u16,
    output_path: &Path,
) -> Result<()> {
    let ffmpeg_path = find_ffmpeg_path().ok_or_else(|| anyhow("FFmpeg not found".into()))?;
    let mut command = Command::new(ffmpeg_path);
    command
        .args([
            "-f", "f32le",
            "-ar", &sample_rate.to_string(),
            "-ac", &channels.to_string(),
            "-i", "pipe:0",
            "-c:a", "aac",
            "-b:a", "64k",
            "-f", "mp4",
        ])
        .arg(output_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());

    let mut ffmpeg = command
        .spawn()
        .map_err(|e| anyhow(format!("Failed to spawn FFmpeg process: {e}")))?;
    let mut stdin = ffmpeg
        .stdin
        .take()
        .ok_or_else(|| anyhow("Failed to open FFmpeg stdin".into()))?;

    stdin.write_all(data)?;

    drop(stdin);
    let output = ffmpeg
        .wait_with_output()
        .map_err(|e| anyhow(format!("FFmpeg wait failed: {e}")))?;

    if !output.status.success() {
        return Err(anyhow(format!(
            "FFmpeg process failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(())
}

pub struct AudioChunk {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    pub channels: u16,
}

pub fn write_audio_chunks(chunks: &[AudioChunk], dir: &Path) -> usize {
    let mut written = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        let bytes: Vec<u8> = chunk.samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let path = dir.join(format!("chunk_{i}.mp4"));
        match encode_single_audio(&bytes, chunk.sample_rate, chunk.channels, &path) {
            Ok(()) => written += 1,
            Err(e) => eprintln!("failed to encode audio chunk {i}: {e}"),
        }
    }
    written
}
