use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    junggye::cli::main(std::env::args().skip(1).collect()).await
}
