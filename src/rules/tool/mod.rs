//! KN0xx: problems with knot's input or knot itself. Their findings come from the pipeline
//! (front-ends, workspace, panic guard), not from a `check` function.

pub mod internal_error;
pub mod invalid_config;
pub mod syntax_error;
pub mod unreadable_file;
