//! knot's one integration-test binary (fast to link, shares fixtures).

mod fixtures;
mod ir;
mod support;
