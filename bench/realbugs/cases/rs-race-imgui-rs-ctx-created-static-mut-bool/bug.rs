// Reduced from imgui-rs/imgui-rs src/context.rs: whether an imgui
// context is already active is tracked in a `static mut` bool that is
// checked and set by Context::create and cleared by Drop.
use std::thread;

static mut CTX_CREATED: bool = false;

pub struct Context {
    raw: Box<u64>,
}

impl Context {
    pub fn create() -> Context {
        unsafe {
            if CTX_CREATED {
                panic!("A new active context cannot be created, because another one already exists");
            }
            CTX_CREATED = true;
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
        unsafe {
            CTX_CREATED = false;
        }
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
