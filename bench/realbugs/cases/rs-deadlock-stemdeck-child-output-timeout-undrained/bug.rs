// Reduction of desktop/src-tauri/src/main.rs (child_output_with_timeout /
// warmup_models) before the fix for issue #516.
use std::io::{self, Read};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

fn child_output_with_timeout(mut child: Child, timeout: Duration) -> io::Result<Output> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            let mut stdout = Vec::new();
            if let Some(mut pipe) = child.stdout.take() {
                let _ = pipe.read_to_end(&mut stdout);
            }
            let mut stderr = Vec::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = pipe.read_to_end(&mut stderr);
            }
            return Ok(Output { status, stdout, stderr });
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(io::ErrorKind::TimedOut, "child timed out"));
        }
        thread::sleep(Duration::from_millis(100));
    }
}

fn warmup_models(python: &str, script: &str) -> Result<String, String> {
    let child = Command::new(python)
        .arg(script)
        .arg("--warmup")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn failed: {e}"))?;
    // Model download progress bars easily exceed the 64 KiB pipe buffer.
    let output = child_output_with_timeout(child, Duration::from_secs(30 * 60))
        .map_err(|e| format!("warmup failed: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn main() {
    match warmup_models("python3", "separate.py") {
        Ok(out) => println!("warmup ok: {} bytes", out.len()),
        Err(e) => eprintln!("{e}"),
    }
}
