// Reduced from prove-rs/z3.rs (z3/src/lib.rs, z3/src/ast.rs, z3/src/solver.rs), 2020.
use std::sync::Mutex;

#[allow(non_camel_case_types)]
mod z3_sys {
    pub enum _Z3_context {}
    pub enum _Z3_ast {}
    pub enum _Z3_solver {}
    pub type Z3_context = *mut _Z3_context;
    pub type Z3_ast = *mut _Z3_ast;
    pub type Z3_solver = *mut _Z3_solver;
    extern "C" {
        pub fn Z3_inc_ref(c: Z3_context, a: Z3_ast);
        pub fn Z3_solver_get_proof(c: Z3_context, s: Z3_solver) -> Z3_ast;
    }
}
use z3_sys::*;

// Z3 is only mostly-threadsafe, a few initializers and such race;
// so we mutex-guard all access to the library.
pub static Z3_MUTEX: Mutex<()> = Mutex::new(());

pub struct Context {
    pub(crate) z3_ctx: Z3_context,
}

pub struct Solver<'ctx> {
    pub(crate) ctx: &'ctx Context,
    pub(crate) z3_slv: Z3_solver,
}

pub mod ast {
    use super::*;

    pub trait Ast<'ctx>: Sized {
        fn get_ctx(&self) -> &'ctx Context;
        fn get_z3_ast(&self) -> Z3_ast;
        fn new(ctx: &'ctx Context, ast: Z3_ast) -> Self;
    }

    macro_rules! impl_ast {
        ($ast:ident) => {
            impl<'ctx> Ast<'ctx> for $ast<'ctx> {
                fn new(ctx: &'ctx Context, ast: Z3_ast) -> Self {
                    assert!(!ast.is_null());
                    Self {
                        ctx,
                        z3_ast: unsafe {
                            let guard = Z3_MUTEX.lock().unwrap();
                            Z3_inc_ref(ctx.z3_ctx, ast);
                            ast
                        },
                    }
                }

                fn get_ctx(&self) -> &'ctx Context {
                    self.ctx
                }

                fn get_z3_ast(&self) -> Z3_ast {
                    self.z3_ast
                }
            }
        };
    }

    pub struct Dynamic<'ctx> {
        pub(crate) ctx: &'ctx Context,
        pub(crate) z3_ast: Z3_ast,
    }
    impl_ast!(Dynamic);
}

use ast::Ast;

impl<'ctx> Solver<'ctx> {
    /// Retrieve the proof for the last `check()`.
    ///
    /// The error handler is invoked if proof generation is not enabled,
    /// or if the commands `check()` was not invoked before.
    // This seems to actually return an Ast with kind `SortKind::Unknown`, which we don't
    // have an Ast subtype for yet.
    pub fn get_proof(&self) -> Option<impl Ast<'ctx>> {
        let guard = Z3_MUTEX.lock().unwrap();
        Some(ast::Dynamic::new(self.ctx, unsafe {
            let m = Z3_solver_get_proof(self.ctx.z3_ctx, self.z3_slv);
            if m.is_null() {
                return None;
            }
            m
        }))
    }
}
