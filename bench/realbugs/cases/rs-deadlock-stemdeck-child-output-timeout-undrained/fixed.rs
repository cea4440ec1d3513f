// Reduction of desktop/src-tauri/src/main.rs (child_output_with_timeout /
// warmup_models) after the fix for issue #516: both pipes are drained on
// reader threads while the child runs.
use std::io::{self, Read};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

fn child_output_with_timeout(mut child: Child, timeout: Duration) -> io::Result<Output> {
    let stdout_reader = drain(child.stdout.take());
    let stderr_reader = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            let stdout = stdout_reader.join().unwrap_or_default();
            let stderr = stderr_reader.join().unwrap_or_default();
            return Ok(Output { status, stdout, stderr });
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            // The pipes hit EOF once the child is dead.
            let _ = stdout_reader.join();
            let _ = stderr_reader.join();
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
