//! knot's one integration-test binary (fast to link, shares fixtures).

mod cli;
mod fixtures;
mod ir;
mod lsp;
mod python_frontend;
mod rust_frontend;
mod support;
mod tidy;
