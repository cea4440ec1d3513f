// cc-rs command_helpers.rs: CargoOutput::print_debug() tests and sets checked_dbg_var with a
// separate load and store; parallel compile jobs share the flag through the Arc.
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Clone, Debug)]
pub(crate) struct CargoOutput {
    pub(crate) metadata: bool,
    pub(crate) warnings: bool,
    pub(crate) debug: bool,
    checked_dbg_var: Arc<AtomicBool>,
}

impl CargoOutput {
    pub(crate) fn new() -> Self {
        #[allow(clippy::disallowed_methods)]
        Self {
            metadata: true,
            warnings: true,
            debug: match std::env::var_os("CC_ENABLE_DEBUG_OUTPUT") {
                Some(v) => v != "0" && v != "false" && !v.is_empty(),
                None => false,
            },
            checked_dbg_var: Arc::new(AtomicBool::new(false)),
        }
    }

    pub(crate) fn print_metadata(&self, s: &dyn Display) {
        if self.metadata {
            println!("{}", s);
        }
    }

    pub(crate) fn print_debug(&self, arg: &dyn Display) {
        if self.metadata && !self.checked_dbg_var.load(Ordering::Relaxed) {
            self.checked_dbg_var.store(true, Ordering::Relaxed);
            println!("cargo:rerun-if-env-changed=CC_ENABLE_DEBUG_OUTPUT");
        }
        if self.debug {
            println!("{}", arg);
        }
    }
}

pub struct Object {
    pub src: String,
    pub dst: String,
}

fn compile_object(cargo_output: &CargoOutput, obj: &Object) {
    cargo_output.print_debug(&format_args!("running: cc -c {} -o {}", obj.src, obj.dst));
}

/// Build::compile_objects() with the `parallel` feature: one job per object,
/// each with a clone of the same CargoOutput.
pub fn compile_objects(cargo_output: &CargoOutput, objs: &[Object]) {
    thread::scope(|s| {
        for obj in objs {
            let cargo_output = cargo_output.clone();
            s.spawn(move || compile_object(&cargo_output, obj));
        }
    });
    cargo_output.print_metadata(&"cargo:rustc-link-lib=static=foo");
}
