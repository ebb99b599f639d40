use std::process::ExitCode;

// glibc malloc took about a quarter of the CPU time of a skill call under load; see the
// allocator note in docs/benchmarks.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    junggye::cli::main(std::env::args().skip(1).collect()).await
}
