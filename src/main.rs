//! The `zhenggai` binary: the command line over the library.

mod cmd;

/// mimalloc instead of the system allocator: a build allocates millions of
/// small strings from several threads, where glibc's malloc spent a fifth
/// of the time. (`--features system-alloc` keeps the system's, for heap
/// profilers such as heaptrack that watch `malloc`.)
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // mimalloc asks for transparent huge pages, and the kernel then zeroes
    // 2 MiB at every first touch of a region the build uses a little of: a
    // fifth of a 10,000-problem build's time went to clearing pages. With
    // 4 KiB pages only what is used is cleared (and peak memory drops by
    // an eighth). Refused on old kernels; nothing depends on it.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    std::process::exit(cmd::run());
}
