// crates/turborepo-lib/src/process/child.rs (vercel/turborepo), reduced.
use std::sync::Arc;

use tokio::{
    join,
    sync::{mpsc, watch, RwLock},
};

#[derive(Debug)]
pub enum ChildState {
    Running(ChildCommandChannel),
    Exited(ChildExit),
}

impl ChildState {
    pub fn command_channel(&self) -> Option<ChildCommandChannel> {
        match self {
            ChildState::Running(c) => Some(c.clone()),
            ChildState::Exited(_) => None,
        }
    }
}

#[derive(Debug, Copy, Clone, PartialEq)]
pub enum ChildExit {
    Finished(Option<i32>),
    Killed,
}

#[derive(Clone, Debug)]
pub struct ChildCommandChannel(mpsc::Sender<ChildCommand>);

impl ChildCommandChannel {
    pub fn new() -> (Self, mpsc::Receiver<ChildCommand>) {
        let (tx, rx) = mpsc::channel(1);
        (ChildCommandChannel(tx), rx)
    }

    pub async fn stop(&self) -> Result<(), mpsc::error::SendError<ChildCommand>> {
        self.0.send(ChildCommand::Stop).await
    }
}

#[derive(Debug)]
pub enum ChildCommand {
    Stop,
}

/// A child process that can be interacted with asynchronously.
#[derive(Clone, Debug)]
pub struct Child {
    state: Arc<RwLock<ChildState>>,
    exit_channel: watch::Receiver<Option<ChildExit>>,
}

impl Child {
    pub fn spawn(mut child: tokio::process::Child) -> Self {
        let (command_tx, mut command_rx) = ChildCommandChannel::new();
        let (exit_tx, exit_rx) = watch::channel(None);

        let state = Arc::new(RwLock::new(ChildState::Running(command_tx)));
        let task_state = state.clone();

        let _task = tokio::spawn(async move {
            tokio::select! {
                _command = command_rx.recv() => {
                    child.start_kill().ok();
                    let state = ChildState::Exited(ChildExit::Killed);
                    if let ChildState::Exited(exit) = state {
                        exit_tx.send(Some(exit)).ok();
                    }
                    {
                        let mut task_state = task_state.write().await;
                        *task_state = state;
                    }
                }
                status = child.wait() => {
                    let child_exit = ChildExit::Finished(status.ok().and_then(|s| s.code()));
                    {
                        let mut task_state = task_state.write().await;
                        *task_state = ChildState::Exited(child_exit);
                    }
                    exit_tx.send(Some(child_exit)).ok();
                }
            }
        });

        Self { state, exit_channel: exit_rx }
    }

    /// Perform a graceful shutdown of the `Child` process.
    pub async fn stop(&mut self) -> Option<ChildExit> {
        let mut watch = self.exit_channel.clone();

        let fut = async {
            let state = self.state.read().await;
            let child = match state.command_channel() {
                Some(child) => child,
                None => return,
            };

            // if this fails, it's because the channel is dropped (toctou)
            // we can just ignore it
            child.stop().await.ok();
        };

        let (_, code) = join! {
            fut,
            async {
                watch.changed().await.ok()?;
                *watch.borrow()
            }
        };

        code
    }
}

/// ProcessManager::stop: every clone of every child is stopped concurrently.
pub async fn stop_all(children: Vec<Child>) {
    let mut set = tokio::task::JoinSet::new();
    for child in children {
        let mut child = child.clone();
        set.spawn(async move { child.stop().await });
    }
    while let Some(_out) = set.join_next().await {}
}
