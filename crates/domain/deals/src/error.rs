/// Everything a deals use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DealError {
    /// The deal board could not be read (network, HTTP status, timeouts after retries).
    #[error("deal source unavailable")]
    Source(#[source] anyhow::Error),
    /// The board answered, but no live deal could be read from its first pages: most likely its
    /// markup changed. The previous snapshot is kept rather than replaced by nothing.
    #[error("no deals found on the first {pages} page(s)")]
    NothingFound {
        /// How many list pages were read.
        pages: u32,
    },
    /// The cache could not be read or written.
    #[error("deal cache unavailable")]
    Cache(#[source] anyhow::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
