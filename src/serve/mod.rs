//! Watch mode's parts: the incremental pipeline ([`workspace`]), the
//! preview server with live reload ([`http`]) and the file watcher
//! ([`watch`]). The `serve` command (in the binary) ties them together.

pub mod http;
pub mod watch;
pub mod workspace;
