//! [`EventApiClient`]: the Event API over HTTPS.

use std::time::Duration;

use anyhow::{Context as _, anyhow};
use async_trait::async_trait;
use junggye_notifications::{
    MAX_RECIPIENTS, PushError, PushGateway, PushRecipient, RecipientResult, TaskId,
};
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::ExposeSecret as _;

use crate::config::EventApiConfig;
use crate::dto::{Event, SendBody, SendUser, TaskAnswer, UserProperties, from_object};
use crate::results::{NotReady, recipient_results};
use crate::send::send_outcome;

/// Connecting takes at most this long (or the whole timeout, if shorter): a connection that
/// was never made is safe to retry, so it should fail as such rather than as a timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The Kakao Event API as the notifications' [`PushGateway`].
#[derive(Debug, Clone)]
pub struct EventApiClient {
    http: reqwest::Client,
    base: Url,
    /// `{base}/v2/bots/{botId}/talk`.
    talk: Url,
    /// `KakaoAK {key}`, marked sensitive so that debug output never shows it.
    authorization: HeaderValue,
}

impl EventApiClient {
    /// A client for this configuration.
    ///
    /// # Errors
    /// A base URL that is not an absolute http(s) URL, an empty bot id, a key that cannot be
    /// sent in a header, or an HTTP client that cannot be built (TLS initialisation).
    pub fn new(config: &EventApiConfig) -> anyhow::Result<Self> {
        let base = Url::parse(&config.base_url)
            .with_context(|| format!("Event API base URL {:?}", config.base_url))?;
        anyhow::ensure!(
            matches!(base.scheme(), "http" | "https"),
            "Event API base URL {:?} is not http(s)",
            config.base_url
        );
        anyhow::ensure!(!config.bot_id.is_empty(), "the Event API bot id is empty");
        let talk = endpoint(&base, &["v2", "bots", &config.bot_id, "talk"])?;
        let mut authorization =
            HeaderValue::from_str(&format!("KakaoAK {}", config.rest_api_key.expose_secret()))
                // Without the source error: it would not show the key, but says nothing useful.
                .map_err(|_| anyhow!("the REST API key cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(CONNECT_TIMEOUT))
            // A redirected POST would be resent as a GET, and the answer would not be Kakao's.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("building the Event API HTTP client")?;
        Ok(Self {
            http,
            base,
            talk,
            authorization,
        })
    }
}

/// `base` with `segments` appended, each percent-encoded as a path segment: a `/` in a value
/// cannot change the route, and `!` (a dev bot id) stays as it is.
fn endpoint(base: &Url, segments: &[&str]) -> anyhow::Result<Url> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| anyhow!("the Event API base URL {base} cannot take a path"))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// A request that failed without an HTTP answer. Only a connection that was never made is
/// certainly not a send; after that (a timeout, a reset) Kakao may have accepted it.
fn transport_error(error: reqwest::Error, what: &str) -> PushError {
    let certainly_unsent = error.is_builder() || error.is_connect();
    let error = anyhow!(error).context(format!("{what}: no answer from the Event API"));
    if certainly_unsent {
        PushError::NotSent(error)
    } else {
        PushError::Unknown(error)
    }
}

#[async_trait]
impl PushGateway for EventApiClient {
    async fn send(
        &self,
        event_name: &str,
        recipients: &[PushRecipient],
    ) -> Result<TaskId, PushError> {
        if recipients.is_empty() || recipients.len() > MAX_RECIPIENTS {
            return Err(PushError::NotSent(anyhow!(
                "{} recipients: a send takes 1 to {MAX_RECIPIENTS}",
                recipients.len()
            )));
        }
        let body = SendBody {
            event: Event {
                name: event_name,
                data: serde_json::Map::new(),
            },
            user: recipients
                .iter()
                .map(|r| SendUser {
                    kind: "botUserKey",
                    id: &r.user_key,
                    properties: UserProperties {
                        notification_id: r.notification.to_string(),
                    },
                })
                .collect(),
        };
        let response = self
            .http
            .post(self.talk.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .json(&body)
            .send()
            .await
            .map_err(|e| transport_error(e, "sending an event"))?;
        let http = response.status();
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(e) if http.is_success() => {
                return Err(PushError::Unknown(
                    anyhow!(e).context(format!("reading the HTTP {http} answer to a send")),
                ));
            }
            // An error status decides alone; the body would only have explained it.
            Err(_) => Default::default(),
        };
        let outcome = send_outcome(http.as_u16(), &bytes);
        let count = recipients.len();
        match &outcome {
            Ok(task) => tracing::debug!(event = event_name, task = %task.0, count, "event sent"),
            Err(e) => tracing::warn!(event = event_name, count, error = %e, "event send failed"),
        }
        outcome
    }

    async fn task(
        &self,
        task: &TaskId,
        user_keys: &[String],
    ) -> Result<Vec<(String, RecipientResult)>, PushError> {
        let url = endpoint(&self.base, &["v1", "tasks", &task.0]).map_err(PushError::NotSent)?;
        let response = self
            .http
            .get(url)
            // Kakao's example sends none, its clients do; sending it costs nothing.
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .map_err(|e| transport_error(e, "looking up a task"))?;
        let http = response.status();
        // 404 included: a task may not be queryable right after the send.
        if !http.is_success() {
            return Err(PushError::NotSent(anyhow!(
                "task {} lookup answered HTTP {http}",
                task.0
            )));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, "reading a task"))?;
        let answer: TaskAnswer = from_object(&bytes).map_err(|e| {
            PushError::NotSent(anyhow!(e).context(format!("unreadable answer for task {}", task.0)))
        })?;
        if let Some(unresolved) = answer.user_key_resolving_fail_count.filter(|n| *n > 0) {
            tracing::info!(task = %task.0, unresolved, "Kakao could not resolve user keys");
        }
        recipient_results(&answer, user_keys)
            .map_err(|NotReady(why)| PushError::NotSent(anyhow!("task {}: {why}", task.0)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::EventApiClient;
    use crate::EventApiConfig;

    fn config(base_url: &str, bot_id: &str) -> EventApiConfig {
        EventApiConfig {
            base_url: base_url.into(),
            bot_id: bot_id.into(),
            rest_api_key: "key-that-must-not-show".into(),
            timeout: Duration::from_secs(1),
        }
    }

    #[test]
    fn debug_output_hides_the_key() {
        let config = config("https://bot-api.kakao.com", "bot");
        let client = EventApiClient::new(&config).unwrap();
        let shown = format!("{config:?} {client:?}");
        assert!(!shown.contains("key-that-must-not-show"), "{shown}");
    }

    #[test]
    fn the_talk_url_keeps_a_prefix_and_a_dev_bang_and_encodes_the_rest() {
        let talk = |base: &str, bot: &str| {
            EventApiClient::new(&config(base, bot))
                .unwrap()
                .talk
                .to_string()
        };
        assert_eq!(
            talk("https://bot-api.kakao.com", "abc!"),
            "https://bot-api.kakao.com/v2/bots/abc!/talk"
        );
        assert_eq!(
            talk("http://127.0.0.1:9/kakao/", "abc"),
            "http://127.0.0.1:9/kakao/v2/bots/abc/talk"
        );
        assert_eq!(
            talk("http://127.0.0.1:9", "a/b?c"),
            "http://127.0.0.1:9/v2/bots/a%2Fb%3Fc/talk"
        );
    }

    #[test]
    fn a_bad_configuration_is_refused() {
        assert!(EventApiClient::new(&config("bot-api.kakao.com", "bot")).is_err());
        assert!(EventApiClient::new(&config("ftp://bot-api.kakao.com", "bot")).is_err());
        assert!(EventApiClient::new(&config("https://bot-api.kakao.com", "")).is_err());
        let mut bad_key = config("https://bot-api.kakao.com", "bot");
        bad_key.rest_api_key = "line\nbreak".into();
        assert!(EventApiClient::new(&bad_key).is_err());
    }
}
