//! KN4xx unclosed-resource: files, sockets, pools and processes not released on every path.

pub mod resource_not_closed;
