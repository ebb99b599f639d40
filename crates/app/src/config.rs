//! Settings: the embedded `config/default.toml`, then `config/default.toml` and
//! `config/{APP_ENV}.toml` from the config directory when present, then `APP__SECTION__KEY`
//! environment variables. Secrets are [`SecretString`]s: their `Debug` is redacted.

use std::path::PathBuf;

use anyhow::Context;
use config::{Config, Environment, File, FileFormat, Source};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Production checks (`Settings::validate_for_production`), in their own file.
mod production;

/// The committed default, compiled in so the binary runs from any directory.
const EMBEDDED_DEFAULT: &str = include_str!("../../../config/default.toml");
/// The committed scenario, used when the configured scenario file does not exist.
pub const EMBEDDED_SCENARIO: &str = include_str!("../../../config/scenario.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `APP_ENV`, e.g. `production`; `development` when unset.
    #[serde(skip)]
    pub environment: String,
    /// Address the public sees, for links in replies (pay pages, images).
    pub public_base_url: String,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    /// Redis or in-process cache.
    pub cache: CacheSettings,
    /// Photo storage.
    pub images: ImageSettings,
    /// S3-compatible store, for `images.backend = "s3"`.
    pub s3: S3Settings,
    /// Kakao skill server.
    pub kakao: KakaoSettings,
    pub kakaopay: KakaoPaySettings,
    /// Orders: escrow deadlines and jobs.
    pub orders: OrderSettings,
    /// Hot-deal crawler.
    pub deals: DealSettings,
    pub admin: AdminSettings,
    /// Local chat playground.
    pub playground: PlaygroundSettings,
    pub log: LogSettings,
    /// Skill call log queue.
    pub skill_log: SkillLogSettings,
    /// Notifications: inbox only or pushed through the Kakao Event API.
    pub notify: NotifySettings,
    /// Keyword alerts (contract §8).
    pub alerts: AlertSettings,
    /// Price offers.
    pub offers: OfferSettings,
    /// Reports and their admin queue (docs/safety.md).
    pub reports: ReportSettings,
    /// Listing care: bumps and the stale-listing reminder.
    pub products: ProductSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReportSettings {
    /// Distinct reporters of a listing that take it out of public view until an admin decides.
    pub auto_hide_threshold: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProductSettings {
    /// Hours between two bumps (끌올) of one listing; the first is allowed at once.
    pub bump_cooldown_hours: u32,
    /// An on-sale listing neither bumped nor edited this many days asks its seller whether it
    /// is still for sale (`listing_stale`); 0 = never.
    pub stale_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OfferSettings {
    /// Lowest offer as a share of the list price (0 to 1).
    pub min_ratio: f64,
    /// How long an acceptance reserves the listing.
    pub ttl_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NotifySettings {
    /// `inbox` (no push), `kakao` (the Event API) or `stand-in` (a local Event API that
    /// shows pushes in the playground; refused in production).
    pub backend: String,
    /// `"21:00-08:00"` (KST; may wrap midnight); empty = none.
    pub quiet_hours: String,
    pub daily_push_cap: u32,
    /// How often a dispatcher run decides, sends and checks pushes.
    pub dispatch_interval_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    /// Interface to bind.
    pub host: String,
    /// Port; 0 picks a free one (tests).
    pub port: u16,
    /// Worker threads; 0 = one per core.
    pub workers: usize,
    /// Grace period for in-flight requests on SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Peers whose `X-Real-IP` names the client (the reverse proxy); addresses or networks.
    #[serde(deserialize_with = "list_or_csv")]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://…` or `mysql://…`; may hold a password.
    pub url: SecretString,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CacheSettings {
    /// Empty for the in-process cache; may hold a password.
    pub redis_url: SecretString,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ImageSettings {
    /// `local` or `s3`.
    pub backend: String,
    /// Directory of the local store.
    pub dir: PathBuf,
    /// Hosts photos may be downloaded from.
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_hosts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct S3Settings {
    /// Custom endpoint; empty for AWS.
    pub endpoint: String,
    /// Region name (part of the signature).
    pub region: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: SecretString,
    /// Path-style addressing, needed by most S3-compatible servers.
    pub path_style: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KakaoSettings {
    /// Expected `X-Skill-Secret`; empty disables the check.
    pub skill_secret: SecretString,
    /// Allowed `bot.id`s; empty allows any.
    #[serde(deserialize_with = "list_or_csv")]
    pub bot_ids: Vec<String>,
    /// Skill calls per user per minute.
    pub rate_limit_per_min: u32,
    /// Reply deadline in milliseconds.
    pub deadline_ms: u64,
    /// Where "채팅으로 돌아가기" leads.
    pub channel_url: String,
    /// The Open Builder scenario file.
    pub scenario_path: PathBuf,
    /// The Event API host (`notify.backend = "kakao"`).
    pub event_api_base: String,
    /// The bot id of 챗봇 관리자센터; a development channel's ends in `!`.
    pub event_bot_id: String,
    /// The REST API key of the Kakao Developers app linked to the channel (`KakaoAK`).
    pub rest_api_key: SecretString,
    /// The event name set on the event block.
    pub event_name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KakaoPaySettings {
    /// `dev` or `kakaopay`.
    pub backend: String,
    pub api_base: String,
    pub secret_key: SecretString,
    /// Merchant CID.
    pub cid: String,
    /// Key that signs pay links; empty = derived from `admin.jwt_secret` (random at start when
    /// that is empty too, outside production).
    pub link_secret: SecretString,
    /// How long a pay link shown on a listing stays valid.
    pub link_ttl_secs: u64,
}

/// Escrow deadlines and the order jobs' intervals.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderSettings {
    /// A shipped order the buyer has not confirmed is confirmed after this many days.
    pub auto_confirm_days: i64,
    /// A paid order without a tracking number is cancelled and refunded after this many days.
    pub auto_cancel_days: i64,
    /// How often the escrow timers run.
    pub timer_interval_secs: u64,
    /// How often stale payments are reconciled with the gateway.
    pub reconcile_interval_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DealSettings {
    /// Whether the background refresher crawls the board.
    pub enabled: bool,
    /// The deal board's list URL, without `?page`.
    pub source_url: String,
    pub refresh_secs: u64,
    /// Pause between two requests to the site.
    pub request_gap_ms: u64,
    /// List pages crawled per refresh.
    pub pages: u32,
    /// Per-request timeout.
    pub timeout_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AdminSettings {
    /// HS256 secret, at least 32 bytes.
    pub jwt_secret: SecretString,
    pub token_ttl_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlaygroundSettings {
    /// Whether `/playground` is served.
    pub enabled: bool,
    /// Whether `APP__PLAYGROUND__ENABLED=true` is in the environment: in production only this
    /// turns the playground on ([`Settings::validate_for_production`]).
    #[serde(skip)]
    pub enabled_by_env: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// `pretty` or `json`.
    pub format: String,
    /// `tracing` filter; `RUST_LOG` wins when set.
    pub filter: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SkillLogSettings {
    /// Entries held before new ones are dropped.
    pub queue_capacity: usize,
    /// Request and reply bytes held before new entries are dropped: what bounds the queue's
    /// memory under overload.
    pub queue_max_bytes: usize,
    /// Bodies the writer stores per second at most; 0 for no limit.
    pub max_bytes_per_sec: usize,
    /// Logs older than this many days are deleted by an hourly job; 0 keeps them all.
    pub retention_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AlertSettings {
    /// Keywords one member may keep.
    pub max_keywords: u32,
    /// Later matches of a keyword within this many minutes fold into its first notification.
    pub min_interval_mins: u32,
}

/// The profiles `APP_ENV` may name. Anything else is refused at start: a typo such as
/// `Production` or `prod` would otherwise start without the production checks (no skill secret
/// required, the dev payment gateway on).
pub const ENVIRONMENTS: [&str; 3] = ["development", "test", "production"];

impl Settings {
    /// Loads settings for `APP_ENV` from `APP_CONFIG_DIR` (default `config`) and the environment.
    ///
    /// # Errors
    /// A malformed file, an unparsable value, or a missing key.
    pub fn load() -> anyhow::Result<Self> {
        let environment = std::env::var("APP_ENV").unwrap_or_else(|_| "development".into());
        let dir =
            PathBuf::from(std::env::var("APP_CONFIG_DIR").unwrap_or_else(|_| "config".into()));
        Self::load_from(&environment, &dir, Environment::with_prefix("APP"))
    }

    /// Loads with an explicit environment source (tests pass a fake one).
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn load_from(
        environment: &str,
        dir: &std::path::Path,
        env: Environment,
    ) -> anyhow::Result<Self> {
        if !ENVIRONMENTS.contains(&environment) {
            anyhow::bail!(
                "APP_ENV={environment:?} is not a known profile: use one of {}",
                ENVIRONMENTS.join(", ")
            );
        }
        // No `try_parsing`: it would turn a numeric-looking secret into a float and lose digits.
        // Numbers and booleans still convert on deserialization; lists accept "a,b" strings.
        let env = env.prefix_separator("__").separator("__");
        // Read before the layers merge, where a `true` from a file and one from the environment
        // look the same.
        let playground_by_env = env
            .collect()
            .context("reading APP__ environment variables")?
            .get("playground.enabled")
            .and_then(|value| value.clone().into_bool().ok())
            == Some(true);
        let mut settings: Self = Config::builder()
            .add_source(File::from_str(EMBEDDED_DEFAULT, FileFormat::Toml))
            .add_source(File::from(dir.join("default.toml")).required(false))
            .add_source(File::from(dir.join(format!("{environment}.toml"))).required(false))
            .add_source(env)
            .build()
            .context("reading configuration")?
            .try_deserialize()
            .context("configuration has a missing or malformed value")?;
        settings.environment = environment.to_owned();
        settings.playground.enabled_by_env = playground_by_env;
        settings.kakao.bot_ids.retain(|id| !id.trim().is_empty());
        settings
            .images
            .allowed_hosts
            .retain(|h| !h.trim().is_empty());
        Ok(settings)
    }

    #[must_use]
    pub fn is_production(&self) -> bool {
        self.environment == "production"
    }

    /// The database URL with any password masked, for logs.
    #[must_use]
    pub fn database_url_for_logs(&self) -> String {
        redact_url_password(self.database.url.expose_secret())
    }
}

/// A list from TOML, or a comma-separated string from the environment.
fn list_or_csv<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrCsv {
        List(Vec<String>),
        Csv(String),
    }
    Ok(match ListOrCsv::deserialize(deserializer)? {
        ListOrCsv::List(items) => items,
        ListOrCsv::Csv(text) => text.split(',').map(|s| s.trim().to_owned()).collect(),
    })
}

/// `mysql://user:pw@host/db` → `mysql://user:***@host/db`.
#[must_use]
pub fn redact_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The secret as a plain string, or `None` when blank.
#[must_use]
pub fn non_empty(secret: &SecretString) -> Option<String> {
    let value = secret.expose_secret().trim();
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load(vars: &[(&str, &str)]) -> Settings {
        let source: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = Environment::with_prefix("APP").source(Some(source));
        match Settings::load_from("test", std::path::Path::new("/nonexistent"), env) {
            Ok(settings) => settings,
            Err(error) => panic!("{error:?}"),
        }
    }

    #[test]
    fn an_unknown_app_env_is_refused_before_anything_starts() {
        for typo in [
            "Production",
            "prod",
            "PRODUCTION",
            "staging",
            "",
            "production ",
        ] {
            let env = Environment::with_prefix("APP").source(Some(HashMap::new()));
            let error = Settings::load_from(typo, std::path::Path::new("/nonexistent"), env)
                .err()
                .map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains("not a known profile")),
                "{typo:?}: {error:?}"
            );
        }
        for known in ENVIRONMENTS {
            let env = Environment::with_prefix("APP").source(Some(HashMap::new()));
            assert!(
                Settings::load_from(known, std::path::Path::new("/nonexistent"), env).is_ok(),
                "{known}"
            );
        }
    }

    #[test]
    fn embedded_default_runs_without_services() {
        let settings = load(&[]);
        assert_eq!(settings.server.port, 8080);
        assert!(
            settings
                .database
                .url
                .expose_secret()
                .starts_with("sqlite://data/")
        );
        assert_eq!(settings.images.backend, "local");
        assert_eq!(settings.kakaopay.backend, "dev");
        assert!(settings.playground.enabled);
        assert_eq!(non_empty(&settings.kakao.skill_secret), None);
    }

    #[test]
    fn environment_overrides_with_double_underscores_and_lists() {
        let settings = load(&[
            ("APP__SERVER__PORT", "9000"),
            ("APP__KAKAO__BOT_IDS", "bot-a,bot-b"),
            ("APP__KAKAO__SKILL_SECRET", "12345678901234567890"),
            ("APP__IMAGES__ALLOWED_HOSTS", "127.0.0.1:8089"),
        ]);
        assert_eq!(settings.server.port, 9000);
        assert_eq!(settings.kakao.bot_ids, vec!["bot-a", "bot-b"]);
        assert_eq!(
            non_empty(&settings.kakao.skill_secret).as_deref(),
            Some("12345678901234567890")
        );
        assert_eq!(settings.images.allowed_hosts, vec!["127.0.0.1:8089"]);
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let settings = load(&[
            ("APP__KAKAO__SKILL_SECRET", "super-secret-value"),
            ("APP__DATABASE__URL", "mysql://app:hunter2@db/junggye"),
        ]);
        let printed = format!("{settings:?}");
        assert!(!printed.contains("super-secret-value"));
        assert!(!printed.contains("hunter2"));
        assert_eq!(
            settings.database_url_for_logs(),
            "mysql://app:***@db/junggye"
        );
    }
}
