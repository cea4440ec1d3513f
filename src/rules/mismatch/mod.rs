//! KN5xx model-mismatch: the wrong concurrency model for the work.

pub mod blocking_call_in_async;
pub mod gevent_monkey_patch_late;
pub mod lock_across_await;
pub mod loop_call_from_thread;
pub mod multiprocessing_without_main_guard;
pub mod unpicklable_process_target;
