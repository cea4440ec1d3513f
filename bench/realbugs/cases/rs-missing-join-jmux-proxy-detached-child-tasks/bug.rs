// devolutions-gateway crates/jmux-proxy/src/lib.rs (reduced, before ChildTask, 2022).
use anyhow::Context as _;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{Instrument as _, Span};

pub struct Message(Vec<u8>);
type MessageReceiver = mpsc::Receiver<Message>;
type MessageSender = mpsc::Sender<Message>;

pub struct JmuxProxy {
    jmux_reader: Box<dyn AsyncRead + Unpin + Send>,
    jmux_writer: Box<dyn AsyncWrite + Unpin + Send>,
}

impl JmuxProxy {
    pub async fn run(self) -> anyhow::Result<()> {
        let span = Span::current();
        run_proxy_impl(self, span.clone()).instrument(span).await
    }
}

async fn run_proxy_impl(proxy: JmuxProxy, span: Span) -> anyhow::Result<()> {
    let JmuxProxy { jmux_reader, jmux_writer } = proxy;
    let (msg_to_send_tx, msg_to_send_rx) = mpsc::channel::<Message>(512);

    let sender_task_handle = JmuxSenderTask { jmux_writer, msg_to_send_rx }.spawn(span.clone());
    let scheduler_task_handle = JmuxSchedulerTask { jmux_reader, msg_to_send_tx }.spawn(span);

    // If this future is dropped (session killed, gateway shutting down), both
    // spawned tasks keep running: a tokio JoinHandle detaches on drop.
    match tokio::try_join!(scheduler_task_handle, sender_task_handle).context("task join failed")? {
        (Ok(_), Err(e)) => tracing::debug!("Sender task failed: {e:#}"),
        (Err(e), Ok(_)) => tracing::debug!("Scheduler task failed: {e:#}"),
        (Err(a), Err(b)) => anyhow::bail!("both scheduler and sender tasks failed: {a} & {b}"),
        (Ok(_), Ok(_)) => {}
    }
    Ok(())
}

struct JmuxSenderTask<T: AsyncWrite + Unpin + Send + 'static> {
    jmux_writer: T,
    msg_to_send_rx: MessageReceiver,
}

impl<T: AsyncWrite + Unpin + Send + 'static> JmuxSenderTask<T> {
    fn spawn(self, span: Span) -> JoinHandle<anyhow::Result<()>> {
        let fut = self.run().instrument(span);
        tokio::spawn(fut)
    }

    async fn run(self) -> anyhow::Result<()> {
        let Self { mut jmux_writer, mut msg_to_send_rx } = self;
        while let Some(msg) = msg_to_send_rx.recv().await {
            jmux_writer.write_all(&msg.0).await?;
        }
        tracing::info!("Closing JMUX sender task...");
        jmux_writer.flush().await?;
        Ok(())
    }
}

struct JmuxSchedulerTask<T: AsyncRead + Unpin + Send + 'static> {
    jmux_reader: T,
    msg_to_send_tx: MessageSender,
}

impl<T: AsyncRead + Unpin + Send + 'static> JmuxSchedulerTask<T> {
    fn spawn(self, span: Span) -> JoinHandle<anyhow::Result<()>> {
        tokio::spawn(scheduler_task_impl(self).instrument(span))
    }
}

async fn scheduler_task_impl<T: AsyncRead + Unpin + Send + 'static>(task: JmuxSchedulerTask<T>) -> anyhow::Result<()> {
    use tokio::io::AsyncReadExt as _;
    let JmuxSchedulerTask { mut jmux_reader, msg_to_send_tx } = task;
    let mut buf = vec![0u8; 4096];
    loop {
        let n = jmux_reader.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        msg_to_send_tx.send(Message(buf[..n].to_vec())).await.context("sender gone")?;
    }
}
