// Reduced from moadim-io/daemon (src/routines/service.rs, src/cron_jobs.rs)
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::process::Command;

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
        // The Child is dropped right away: `sh -lc` exits within
        // milliseconds and stays <defunct> for the daemon's lifetime.
        Command::new("sh").arg("-lc").arg(&cmd).spawn()?;
        Ok(())
    }

    /// POST /cron-jobs/{id}/trigger
    fn cron_svc_trigger(&self, id: &str) -> io::Result<()> {
        let job = self.cron_jobs.get(id).ok_or(io::ErrorKind::NotFound)?;
        if job.handler_path.exists() {
            Command::new(&job.handler_path).spawn()?;
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
