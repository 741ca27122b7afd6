//! The `zhenggai` binary: the command line over the library.

mod cmd;

/// mimalloc instead of the system allocator: a build allocates millions of
/// small strings from several threads, where glibc's malloc spent a fifth
/// of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cmd::run());
}
