// Reduced from imgui-rs/imgui-rs src/context.rs: whether an imgui
// context is already active is tracked in a `static mut` bool that is
// checked and set by Context::create and cleared by Drop.
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

static CTX_CREATED: AtomicBool = AtomicBool::new(false);

pub struct Context {
    raw: Box<u64>,
}

impl Context {
    pub fn create() -> Context {
        if CTX_CREATED
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            panic!("A new active context cannot be created, because another one already exists");
        }
        Context { raw: Box::new(0xC0FFEE) }
    }

    pub fn frame(&mut self) -> u64 {
        *self.raw += 1;
        *self.raw
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        CTX_CREATED.store(false, Ordering::SeqCst);
    }
}

fn main() {
    let workers: Vec<_> = (0..2)
        .map(|_| {
            thread::spawn(|| {
                let mut ctx = Context::create();
                ctx.frame()
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}
