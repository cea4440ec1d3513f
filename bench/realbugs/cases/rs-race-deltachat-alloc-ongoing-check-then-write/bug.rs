use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Result};
use async_std::channel::{self, Receiver, Sender};
use async_std::sync::RwLock;
use async_std::task;

#[derive(Debug)]
enum RunningState {
    Running { cancel_sender: Sender<()> },
    ShallStop,
    Stopped,
}

pub struct InnerContext {
    running_state: RwLock<RunningState>,
}

#[derive(Clone)]
pub struct Context {
    inner: Arc<InnerContext>,
}

impl Deref for Context {
    type Target = InnerContext;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl Context {
    /// Tries to acquire the global UI "ongoing" mutex.
    ///
    /// This is for modal operations during which no other user actions are allowed.  Only
    /// one such operation is allowed at any given time.
    pub(crate) async fn alloc_ongoing(&self) -> Result<Receiver<()>> {
        if self.has_ongoing().await {
            bail!("There is already another ongoing process running.");
        }

        let s_a = &self.running_state;
        let mut s = s_a.write().await;

        let (sender, receiver) = channel::bounded(1);
        *s = RunningState::Running {
            cancel_sender: sender,
        };

        Ok(receiver)
    }

    pub(crate) async fn free_ongoing(&self) {
        let s_a = &self.running_state;
        let mut s = s_a.write().await;
        *s = RunningState::Stopped;
    }

    pub(crate) async fn has_ongoing(&self) -> bool {
        let s_a = &self.running_state;
        let s = s_a.read().await;
        !matches!(*s, RunningState::Stopped)
    }
}

/// imex (backup export) and configure both run as "ongoing" processes.
pub async fn imex(context: &Context, what: &'static str) -> Result<()> {
    let cancel = context.alloc_ongoing().await?;
    let res = async {
        task::sleep(Duration::from_millis(50)).await; // the actual export
        if cancel.try_recv().is_ok() {
            bail!("{what} cancelled");
        }
        Ok(())
    }
    .await;
    context.free_ongoing().await;
    res
}

fn main() {
    let ctx = Context { inner: Arc::new(InnerContext { running_state: RwLock::new(RunningState::Stopped) }) };
    task::block_on(async {
        let (a, b) = (ctx.clone(), ctx.clone());
        let t1 = task::spawn(async move { imex(&a, "backup").await });
        let t2 = task::spawn(async move { imex(&b, "configure").await });
        let started = [t1.await.is_ok(), t2.await.is_ok()].iter().filter(|ok| **ok).count();
        println!("ongoing processes allowed at once: {started}");
    });
}
