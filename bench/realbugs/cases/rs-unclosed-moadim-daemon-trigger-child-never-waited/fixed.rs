// Reduced from moadim-io/daemon (src/routines/service.rs, src/cron_jobs.rs)
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::thread;

/// Reap a fire-and-forget child in the background so it never lingers
/// as a zombie.
fn reap_in_background(mut child: Child) {
    thread::spawn(move || {
        let _ = child.wait();
    });
}

struct Routine {
    id: String,
    command: String,
}

struct CronJob {
    id: String,
    handler_path: PathBuf,
}

struct Daemon {
    routines: HashMap<String, Routine>,
    cron_jobs: HashMap<String, CronJob>,
}

impl Daemon {
    /// POST /routines/{id}/trigger
    fn routine_svc_trigger(&self, id: &str) -> io::Result<()> {
        let routine = self.routines.get(id).ok_or(io::ErrorKind::NotFound)?;
        let cmd = format!("tmux new-session -d -s {} '{}'", routine.id, routine.command);
        let child = Command::new("sh").arg("-lc").arg(&cmd).spawn()?;
        reap_in_background(child);
        Ok(())
    }

    /// POST /cron-jobs/{id}/trigger
    fn cron_svc_trigger(&self, id: &str) -> io::Result<()> {
        let job = self.cron_jobs.get(id).ok_or(io::ErrorKind::NotFound)?;
        if job.handler_path.exists() {
            let child = Command::new(&job.handler_path).spawn()?;
            reap_in_background(child);
        }
        Ok(())
    }
}

fn main() -> io::Result<()> {
    let mut routines = HashMap::new();
    routines.insert(
        "backup".to_string(),
        Routine { id: "backup".into(), command: "echo backing up".into() },
    );
    let mut cron_jobs = HashMap::new();
    cron_jobs.insert(
        "rotate".to_string(),
        CronJob { id: "rotate".into(), handler_path: PathBuf::from("/bin/true") },
    );
    let daemon = Daemon { routines, cron_jobs };
    for _ in 0..10 {
        daemon.routine_svc_trigger("backup")?;
        daemon.cron_svc_trigger("rotate")?;
    }
    std::thread::sleep(std::time::Duration::from_secs(60));
    Ok(())
}
