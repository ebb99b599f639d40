use std::time::Duration;

use secrecy::SecretString;

/// Where and as whom the Event API is called.
#[derive(Debug, Clone)]
pub struct EventApiConfig {
    /// [`Self::DEFAULT_BASE_URL`] in production; the stand-in's address in tests. A path
    /// prefix is kept (the stand-in may be mounted under one).
    pub base_url: String,
    /// The bot id of 챗봇 관리자센터, used verbatim in the path: a development channel's id ends
    /// in `!`, and that `!` must reach Kakao as it is.
    pub bot_id: String,
    /// The REST API key of the Kakao Developers app linked to the bot's channel, sent as
    /// `Authorization: KakaoAK {key}`.
    pub rest_api_key: SecretString,
    /// Whole-request timeout. A send that times out may have been accepted, so it is not
    /// retried: keep it well above Kakao's usual answer time.
    pub timeout: Duration,
}

impl EventApiConfig {
    pub const DEFAULT_BASE_URL: &str = "https://bot-api.kakao.com";
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
}
