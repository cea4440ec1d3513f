// spurd agent_server.rs: exec_in_job() locks the running-job map, then locks it again
// (tokio::sync::Mutex is not reentrant) to read has_pid_namespace.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::process::Command;
use tokio::sync::Mutex;
use tonic::{Request, Response, Status};

pub struct RunningJob {
    pid: u32,
}

impl RunningJob {
    pub fn pid(&self) -> u32 {
        self.pid
    }
}

struct TrackedJob {
    job: RunningJob,
    has_pid_namespace: bool,
    work_dir: String,
}

pub struct ExecInJobRequest {
    pub job_id: u32,
    pub command: Vec<String>,
}

pub struct ExecInJobResponse {
    pub exit_code: i32,
    pub output: String,
}

pub struct AgentService {
    running: Arc<Mutex<HashMap<u32, TrackedJob>>>,
}

impl AgentService {
    pub async fn exec_in_job(
        &self,
        request: Request<ExecInJobRequest>,
    ) -> Result<Response<ExecInJobResponse>, Status> {
        let req = request.into_inner();
        let running = self.running.lock().await;
        let tracked = running
            .get(&req.job_id)
            .ok_or_else(|| Status::not_found(format!("job {} not running on this node", req.job_id)))?;
        let pid = tracked.job.pid();
        let work_dir = tracked.work_dir.clone();

        let has_pid_ns = self
            .running
            .lock()
            .await
            .get(&req.job_id)
            .map(|t| t.has_pid_namespace)
            .unwrap_or(false);

        let mut args = vec!["-t".to_string(), pid.to_string(), "-m".to_string(), "-u".to_string()];
        if has_pid_ns {
            args.push("-p".to_string());
        }
        args.push(format!("--wd={}", work_dir));
        args.push("--".to_string());
        args.extend(req.command.iter().cloned());

        let output = Command::new("nsenter")
            .args(&args)
            .output()
            .await
            .map_err(|e| Status::internal(format!("nsenter: {}", e)))?;
        Ok(Response::new(ExecInJobResponse {
            exit_code: output.status.code().unwrap_or(-1),
            output: String::from_utf8_lossy(&output.stdout).into_owned(),
        }))
    }

    pub async fn monitor_once(&self) {
        let mut running = self.running.lock().await;
        running.retain(|_, t| std::path::Path::new(&format!("/proc/{}", t.job.pid())).exists());
    }
}
