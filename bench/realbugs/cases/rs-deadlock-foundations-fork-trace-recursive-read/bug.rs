use std::borrow::Cow;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Span {
    name: Cow<'static, str>,
    trace_id: Option<u128>,
    span_id: u64,
    tags: Vec<(String, String)>,
}

impl Span {
    fn child(&self, name: impl Into<Cow<'static, str>>) -> Span {
        Span { name: name.into(), trace_id: self.trace_id, span_id: self.span_id + 1, tags: vec![] }
    }

    fn set_tag(&mut self, key: &str, value: String) {
        self.tags.push((key.to_string(), value));
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SharedSpan {
    // NOTE: we intentionally use a lock without poisoning here to not
    // panic the threads if they just share telemetry with failed thread.
    pub(crate) inner: Arc<parking_lot::RwLock<Span>>,
    is_sampled: bool,
}

impl From<Span> for SharedSpan {
    fn from(inner: Span) -> Self {
        Self { inner: Arc::new(parking_lot::RwLock::new(inner)), is_sampled: true }
    }
}

pub fn write_current_span(span: &SharedSpan, write_fn: impl FnOnce(&mut Span)) {
    if span.is_sampled {
        write_fn(&mut span.inner.write());
    }
}

pub(crate) fn span_trace_id(span: &Span) -> Option<String> {
    span.trace_id.map(|id| format!("{id:032x}"))
}

pub(crate) fn start_trace(current_span: Option<SharedSpan>, root_span_name: &'static str) -> Span {
    let mut current_span = match current_span {
        Some(current_span) if current_span.is_sampled => current_span,
        _ => return Span { name: root_span_name.into(), ..Default::default() },
    };

    // if a prior trace was ongoing (e.g. during stitching, forking), we want to
    // link the new trace with the existing one
    let mut new_trace_root_span = Span { name: root_span_name.into(), trace_id: Some(7), ..Default::default() };

    link_new_trace_with_current(&mut current_span, root_span_name, &mut new_trace_root_span);

    new_trace_root_span
}

// Link a newly created trace in the current span's ref span and vice-versa
fn link_new_trace_with_current(
    current_span: &mut SharedSpan,
    root_span_name: &str,
    new_trace_root_span: &mut Span,
) {
    let current_span_lock = current_span.inner.read();
    let mut new_trace_ref_span = create_fork_ref_span(root_span_name, &current_span_lock);

    if let Some(trace_id) = span_trace_id(new_trace_root_span) {
        new_trace_ref_span.set_tag("trace_id", trace_id);
    }

    if let Some(trace_id) = span_trace_id(&current_span.inner.read()) {
        new_trace_root_span.set_tag("trace_id", trace_id);
    }

    new_trace_root_span.set_tag("fork_of_span_id", format!("{:32x}", new_trace_ref_span.span_id));
}

fn create_fork_ref_span(
    fork_name: &str,
    current_span_lock: &parking_lot::RwLockReadGuard<Span>,
) -> Span {
    let fork_ref_span_name = format!("[{fork_name} ref]");
    current_span_lock.child(fork_ref_span_name)
}

pub fn fork_trace_while_tagging(shared: SharedSpan) {
    let tagger = shared.clone();
    let t = std::thread::spawn(move || {
        for i in 0..1000 {
            write_current_span(&tagger, |s| s.set_tag("attempt", i.to_string()));
        }
    });
    for _ in 0..1000 {
        start_trace(Some(shared.clone()), "forked");
    }
    t.join().unwrap();
}
