//! The production checks: run by `junggye serve` with `APP_ENV=production` before any connection
//! is opened, so a misconfigured deployment stops at once with every problem listed instead of
//! serving with a forgeable token key or a payment page that takes no money. The rules and their
//! reasons are in docs/deploy.md, "Configuration".

use secrecy::ExposeSecret;

use super::Settings;

/// Shortest accepted `kakao.skill_secret`, in characters.
pub const MIN_SKILL_SECRET_CHARS: usize = 16;
/// Shortest accepted `admin.jwt_secret`, in bytes (HS256 wants a key as long as its hash).
pub const MIN_JWT_SECRET_BYTES: usize = 32;
/// Fewest different characters in a secret: rejects `aaaa…` and `abab…`, never a random value.
pub const MIN_DISTINCT_SECRET_CHARS: usize = 8;
/// Kakao Pay's test merchant code: payments with it move no money.
pub const KAKAOPAY_TEST_CID: &str = "TC0ONETIME";

impl Settings {
    /// Every reason this configuration must not serve production traffic.
    ///
    /// Checked: the public URL, the database URL, the skill secret, the JWT secret, the payment
    /// gateway and its keys, the image backend, and the playground opt-in. Messages name the
    /// key and the variable to set, never a secret's value.
    ///
    /// # Errors
    /// The list of problems, in a stable order, when there is at least one.
    pub fn validate_for_production(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        check_public_base_url(&self.public_base_url, &mut problems);
        problems.extend(database_problem(self.database.url.expose_secret()));
        check_secret(
            Secret {
                key: "kakao.skill_secret",
                var: "APP__KAKAO__SKILL_SECRET",
                what: "the X-Skill-Secret header value set on every skill in Open Builder",
            },
            self.kakao.skill_secret.expose_secret(),
            Length::Chars(MIN_SKILL_SECRET_CHARS),
            &mut problems,
        );
        check_secret(
            Secret {
                key: "admin.jwt_secret",
                var: "APP__ADMIN__JWT_SECRET",
                what: "the key that signs admin tokens",
            },
            self.admin.jwt_secret.expose_secret(),
            Length::Bytes(MIN_JWT_SECRET_BYTES),
            &mut problems,
        );
        self.check_payment_gateway(&mut problems);
        self.check_images(&mut problems);
        if self.playground.enabled && !self.playground.enabled_by_env {
            problems.push(
                "playground.enabled is true but not set explicitly: in production the playground \
                 (an unauthenticated chat page) runs only with APP__PLAYGROUND__ENABLED=true in the \
                 environment; config/production.toml sets it false, so check that APP_CONFIG_DIR \
                 points at the directory holding production.toml"
                    .to_owned(),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The part of [`Settings::validate_for_production`] that commands other than `serve`
    /// (`migrate`, `admin`, `seed`) need: they open the database and serve nothing.
    ///
    /// # Errors
    /// The problem with `database.url`, if any.
    pub fn validate_database_for_production(&self) -> Result<(), Vec<String>> {
        match database_problem(self.database.url.expose_secret()) {
            Some(problem) => Err(vec![problem]),
            None => Ok(()),
        }
    }

    /// Allowed in production but probably not meant: logged as warnings at start.
    #[must_use]
    pub fn production_warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.kakaopay.cid.trim() == KAKAOPAY_TEST_CID {
            warnings.push(format!(
                "kakaopay.cid is the test merchant code {KAKAOPAY_TEST_CID}: payments move no money"
            ));
        }
        if self.kakao.bot_ids.is_empty() {
            warnings.push(
                "kakao.bot_ids is empty: any bot that knows the skill secret may call \
                 (set APP__KAKAO__BOT_IDS)"
                    .to_owned(),
            );
        }
        if self.cache.redis_url.expose_secret().trim().is_empty() {
            warnings.push(
                "cache.redis_url is empty: the cache is per process, so with several instances \
                 each one crawls the deal board itself"
                    .to_owned(),
            );
        }
        if self.images.backend == "local" {
            warnings.push(
                "images.backend is \"local\": photos stay on this host's disk and are not shared \
                 with other instances"
                    .to_owned(),
            );
        }
        let channel = self.kakao.channel_url.trim().trim_end_matches('/');
        if channel.is_empty() || channel == "https://pf.kakao.com" {
            warnings.push(
                "kakao.channel_url is not the channel's own address: \"채팅으로 돌아가기\" after a \
                 payment will not open the chat (set APP__KAKAO__CHANNEL_URL)"
                    .to_owned(),
            );
        }
        warnings
    }

    fn check_payment_gateway(&self, problems: &mut Vec<String>) {
        let pay = &self.kakaopay;
        match pay.backend.as_str() {
            "kakaopay" => {}
            "dev" => problems.push(
                "kakaopay.backend is \"dev\": the local stand-in takes no money and is refused in \
                 production; set kakaopay.backend = \"kakaopay\""
                    .to_owned(),
            ),
            other => problems.push(format!(
                "kakaopay.backend is {other:?}: expected \"kakaopay\""
            )),
        }
        if pay.backend == "kakaopay" {
            if pay.secret_key.expose_secret().trim().is_empty() {
                problems.push(
                    "kakaopay.secret_key is missing: set APP__KAKAOPAY__SECRET_KEY to the Secret \
                     key from Kakao Pay Developers"
                        .to_owned(),
                );
            }
            if pay.cid.trim().is_empty() {
                problems.push(
                    "kakaopay.cid is missing: set APP__KAKAOPAY__CID to the merchant CID"
                        .to_owned(),
                );
            }
            if !pay.api_base.starts_with("https://") {
                problems.push(format!(
                    "kakaopay.api_base must be an https:// URL, not {:?}",
                    pay.api_base
                ));
            }
        }
    }

    fn check_images(&self, problems: &mut Vec<String>) {
        match self.images.backend.as_str() {
            "local" => {}
            "s3" => {
                if self.s3.bucket.trim().is_empty() {
                    problems.push(
                        "s3.bucket is missing for images.backend = \"s3\": set APP__S3__BUCKET"
                            .to_owned(),
                    );
                }
            }
            other => problems.push(format!(
                "images.backend is {other:?}: expected \"local\" or \"s3\""
            )),
        }
    }
}

fn check_public_base_url(url: &str, problems: &mut Vec<String>) {
    let url = url.trim();
    if url.is_empty() {
        problems.push(
            "public_base_url is missing: set APP__PUBLIC_BASE_URL to the public https:// address \
             (pay links, Kakao Pay redirects and photo links use it)"
                .to_owned(),
        );
        return;
    }
    let Some(rest) = url.strip_prefix("https://") else {
        problems.push(format!(
            "public_base_url must start with https:// (Kakao and Kakao Pay send users there), not {url:?}"
        ));
        return;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        // An IPv6 literal: [::1]:8443
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let local = host.is_empty()
        || host.eq_ignore_ascii_case("localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host == "::1";
    if local {
        problems.push(format!(
            "public_base_url points at this machine ({url:?}): users' phones cannot reach it"
        ));
    }
}

fn database_problem(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    if url.is_empty() {
        Some("database.url is missing: set APP__DATABASE__URL to mysql://user:password@host:3306/junggye".to_owned())
    } else if url.starts_with("sqlite:") {
        Some(
            "database.url is a SQLite file (the embedded default): refused in production, where a \
             replaced container would lose it; set APP__DATABASE__URL to a mysql:// URL"
                .to_owned(),
        )
    } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        None
    } else {
        Some("database.url must be a mysql:// (MySQL 8 or MariaDB) URL".to_owned())
    }
}

struct Secret {
    key: &'static str,
    var: &'static str,
    what: &'static str,
}

#[derive(Clone, Copy)]
enum Length {
    Chars(usize),
    Bytes(usize),
}

fn check_secret(secret: Secret, value: &str, min: Length, problems: &mut Vec<String>) {
    let Secret { key, var, what } = secret;
    // The app trims secrets when it reads them, so trimmed is what counts.
    let value = value.trim();
    let (have, need, unit) = match min {
        Length::Chars(n) => (value.chars().count(), n, "characters"),
        Length::Bytes(n) => (value.len(), n, "bytes"),
    };
    if value.is_empty() {
        problems.push(format!(
            "{key} is missing: set {var} to {what} (at least {need} {unit}, e.g. `openssl rand -hex 32`)"
        ));
        return;
    }
    if have < need {
        problems.push(format!(
            "{key} is too short: {have} {unit}, at least {need} needed (set {var}, e.g. `openssl rand -hex 32`)"
        ));
    }
    let mut distinct: Vec<char> = value.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT_SECRET_CHARS {
        problems.push(format!(
            "{key} is too weak: only {} different characters, at least {MIN_DISTINCT_SECRET_CHARS} needed",
            distinct.len()
        ));
    }
    if matches!(min, Length::Chars(_)) && !value.chars().all(|c| c.is_ascii_graphic()) {
        problems.push(format!(
            "{key} must be visible ASCII only (no spaces or other characters): it travels as an HTTP header"
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use config::Environment;

    use super::*;

    const SKILL_SECRET: &str = "0123456789abcdef0123";
    const JWT_SECRET: &str = "f3a9c1d27b6e4a8f9c0d1e2f3a4b5c6d7e8f9a0b";

    /// The production profile from the repository's config/ with `vars` as the environment.
    fn production(vars: &[(&str, &str)]) -> Settings {
        load_production(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../config")
                .as_path(),
            vars,
        )
    }

    fn load_production(dir: &Path, vars: &[(&str, &str)]) -> Settings {
        let source: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = Environment::with_prefix("APP").source(Some(source));
        match Settings::load_from("production", dir, env) {
            Ok(settings) => settings,
            Err(error) => panic!("{error:?}"),
        }
    }

    /// What deploy/docker-compose.yml passes, with valid secrets.
    fn complete() -> Vec<(&'static str, &'static str)> {
        vec![
            ("APP__PUBLIC_BASE_URL", "https://junggye.example.com"),
            (
                "APP__DATABASE__URL",
                "mysql://junggye:pw@mysql:3306/junggye",
            ),
            ("APP__CACHE__REDIS_URL", "redis://:pw@redis:6379/0"),
            ("APP__S3__ACCESS_KEY", "AKIAEXAMPLE"),
            ("APP__S3__SECRET_KEY", "s3-secret"),
            ("APP__KAKAO__SKILL_SECRET", SKILL_SECRET),
            ("APP__KAKAO__BOT_IDS", "5f0000000000000000000001"),
            ("APP__KAKAO__CHANNEL_URL", "https://pf.kakao.com/_abcd"),
            ("APP__KAKAOPAY__SECRET_KEY", "PRD0123456789ABCDEF"),
            ("APP__KAKAOPAY__CID", "CJUNGGYE01"),
            ("APP__ADMIN__JWT_SECRET", JWT_SECRET),
        ]
    }

    fn with(overrides: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut vars = complete();
        for (key, value) in overrides {
            vars.retain(|(k, _)| k != key);
            vars.push((key, value));
        }
        vars
    }

    fn problems(vars: &[(&str, &str)]) -> Vec<String> {
        match production(vars).validate_for_production() {
            Ok(()) => Vec::new(),
            Err(problems) => problems,
        }
    }

    fn assert_refused(vars: &[(&str, &str)], needle: &str) {
        let found = problems(vars);
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "expected a problem mentioning {needle:?}, got {found:#?}"
        );
    }

    #[test]
    fn production_profile_names_the_production_backends() {
        let settings = production(&complete());
        assert_eq!(settings.server.host, "0.0.0.0");
        assert_eq!(settings.kakaopay.backend, "kakaopay");
        assert_eq!(settings.images.backend, "s3");
        assert_eq!(settings.log.format, "json");
        assert!(!settings.playground.enabled);
        assert!(!settings.playground.enabled_by_env);
    }

    #[test]
    fn accepts_a_complete_production_environment_without_warnings() {
        let settings = production(&complete());
        assert_eq!(settings.validate_for_production(), Ok(()));
        assert_eq!(settings.production_warnings(), Vec::<String>::new());
    }

    #[test]
    fn the_profile_alone_lists_every_missing_secret_at_once() {
        let found = problems(&[]);
        for needle in [
            "public_base_url is missing",
            "kakao.skill_secret is missing",
            "admin.jwt_secret is missing",
            "kakaopay.secret_key is missing",
            "kakaopay.cid is missing",
        ] {
            assert!(
                found.iter().any(|p| p.contains(needle)),
                "{needle:?} not in {found:#?}"
            );
        }
    }

    #[test]
    fn messages_never_contain_secret_values() {
        let found = problems(&with(&[
            ("APP__KAKAO__SKILL_SECRET", "short-secret"),
            ("APP__ADMIN__JWT_SECRET", "tiny-jwt-key"),
        ]));
        assert_eq!(found.len(), 2, "{found:#?}");
        let joined = found.join("\n");
        assert!(
            !joined.contains("short-secret") && !joined.contains("tiny-jwt-key"),
            "{joined}"
        );
    }

    #[test]
    fn refuses_missing_short_or_weak_skill_secrets() {
        assert_refused(
            &with(&[("APP__KAKAO__SKILL_SECRET", "")]),
            "kakao.skill_secret is missing",
        );
        assert_refused(
            &with(&[("APP__KAKAO__SKILL_SECRET", "   ")]),
            "kakao.skill_secret is missing",
        );
        assert_refused(
            &with(&[("APP__KAKAO__SKILL_SECRET", "abcdefghijklmno")]),
            "kakao.skill_secret is too short",
        );
        assert_refused(
            &with(&[("APP__KAKAO__SKILL_SECRET", "abababababababababab")]),
            "kakao.skill_secret is too weak",
        );
        assert_refused(
            &with(&[(
                "APP__KAKAO__SKILL_SECRET",
                "비밀번호비밀번호비밀번호비밀번호-1234567",
            )]),
            "visible ASCII",
        );
        assert_refused(
            &with(&[("APP__KAKAO__SKILL_SECRET", "abcdefgh ijklmnopq")]),
            "visible ASCII",
        );
        // Exactly 16 distinct characters is enough.
        assert_eq!(
            problems(&with(&[("APP__KAKAO__SKILL_SECRET", "0123456789abcdef")])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn refuses_jwt_secrets_under_32_bytes_or_weak() {
        assert_refused(
            &with(&[("APP__ADMIN__JWT_SECRET", "")]),
            "admin.jwt_secret is missing",
        );
        // 31 bytes.
        assert_refused(
            &with(&[("APP__ADMIN__JWT_SECRET", "0123456789abcdef0123456789abcde")]),
            "admin.jwt_secret is too short: 31 bytes",
        );
        assert_refused(
            &with(&[(
                "APP__ADMIN__JWT_SECRET",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            )]),
            "admin.jwt_secret is too weak",
        );
        // Bytes, not characters: 11 Hangul syllables are 33 bytes.
        assert_eq!(
            problems(&with(&[(
                "APP__ADMIN__JWT_SECRET",
                "가나다라마바사아자차카"
            )])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn refuses_the_dev_payment_gateway_and_missing_pay_keys() {
        assert_refused(
            &with(&[("APP__KAKAOPAY__BACKEND", "dev")]),
            "kakaopay.backend is \"dev\"",
        );
        assert_refused(
            &with(&[("APP__KAKAOPAY__BACKEND", "mock")]),
            "kakaopay.backend is \"mock\"",
        );
        assert_refused(
            &with(&[("APP__KAKAOPAY__SECRET_KEY", "")]),
            "kakaopay.secret_key is missing",
        );
        assert_refused(
            &with(&[("APP__KAKAOPAY__CID", "")]),
            "kakaopay.cid is missing",
        );
        assert_refused(
            &with(&[("APP__KAKAOPAY__API_BASE", "http://open-api.kakaopay.com")]),
            "kakaopay.api_base",
        );
    }

    #[test]
    fn refuses_sqlite_and_non_mysql_database_urls() {
        assert_refused(
            &with(&[("APP__DATABASE__URL", "sqlite://data/junggye.db?mode=rwc")]),
            "SQLite",
        );
        assert_refused(
            &with(&[("APP__DATABASE__URL", "SQLITE::memory:")]),
            "SQLite",
        );
        assert_refused(
            &with(&[("APP__DATABASE__URL", "postgres://db/junggye")]),
            "mysql://",
        );
        assert_refused(
            &with(&[("APP__DATABASE__URL", "")]),
            "database.url is missing",
        );
        assert_eq!(
            problems(&with(&[(
                "APP__DATABASE__URL",
                "mariadb://junggye:pw@db/junggye"
            )])),
            Vec::<String>::new()
        );
        let settings = production(&with(&[("APP__DATABASE__URL", "sqlite://x.db")]));
        assert!(settings.validate_database_for_production().is_err());
        assert_eq!(
            production(&complete()).validate_database_for_production(),
            Ok(())
        );
    }

    #[test]
    fn refuses_public_urls_users_cannot_reach() {
        assert_refused(
            &with(&[("APP__PUBLIC_BASE_URL", "http://junggye.example.com")]),
            "https://",
        );
        assert_refused(
            &with(&[("APP__PUBLIC_BASE_URL", "https://localhost:8443")]),
            "points at this machine",
        );
        assert_refused(
            &with(&[("APP__PUBLIC_BASE_URL", "https://127.0.0.1/")]),
            "points at this machine",
        );
        assert_refused(
            &with(&[("APP__PUBLIC_BASE_URL", "https://[::1]:443")]),
            "points at this machine",
        );
        assert_eq!(
            problems(&with(&[(
                "APP__PUBLIC_BASE_URL",
                "https://shop.example.com:8443/base"
            )])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn refuses_an_s3_backend_without_a_bucket_and_unknown_backends() {
        assert_refused(&with(&[("APP__S3__BUCKET", "")]), "s3.bucket is missing");
        assert_refused(
            &with(&[("APP__IMAGES__BACKEND", "ftp")]),
            "images.backend is \"ftp\"",
        );
        let local = production(&with(&[("APP__IMAGES__BACKEND", "local")]));
        assert_eq!(local.validate_for_production(), Ok(()));
        assert!(
            local
                .production_warnings()
                .iter()
                .any(|w| w.contains("images.backend"))
        );
    }

    #[test]
    fn playground_runs_in_production_only_when_the_environment_says_so() {
        // production.toml says false.
        assert_eq!(problems(&complete()), Vec::<String>::new());
        // Explicitly on from the environment: allowed.
        let on = production(&with(&[("APP__PLAYGROUND__ENABLED", "true")]));
        assert!(on.playground.enabled && on.playground.enabled_by_env);
        assert_eq!(on.validate_for_production(), Ok(()));
        // Explicitly off from the environment: off.
        let off = production(&with(&[("APP__PLAYGROUND__ENABLED", "false")]));
        assert!(!off.playground.enabled && !off.playground.enabled_by_env);
        assert_eq!(off.validate_for_production(), Ok(()));
    }

    #[test]
    fn playground_default_leaking_through_a_missing_profile_is_refused() {
        // APP_CONFIG_DIR wrong: production.toml is not found and the embedded default (playground
        // on, SQLite, dev gateway) is all there is. Every one of those is refused.
        let settings = load_production(Path::new("/nonexistent"), &complete_without_backends());
        assert!(settings.playground.enabled && !settings.playground.enabled_by_env);
        let found = settings
            .validate_for_production()
            .expect_err("must be refused");
        for needle in [
            "playground.enabled is true but not set explicitly",
            "kakaopay.backend is \"dev\"",
            "SQLite",
        ] {
            assert!(
                found.iter().any(|p| p.contains(needle)),
                "{needle:?} not in {found:#?}"
            );
        }
    }

    /// The complete environment minus the database URL and gateway, as if only secrets were set.
    fn complete_without_backends() -> Vec<(&'static str, &'static str)> {
        complete()
            .into_iter()
            .filter(|(k, _)| *k != "APP__DATABASE__URL")
            .collect()
    }

    #[test]
    fn warns_about_test_payments_missing_bot_ids_and_no_redis() {
        let settings = production(&with(&[
            ("APP__KAKAOPAY__CID", KAKAOPAY_TEST_CID),
            ("APP__KAKAO__BOT_IDS", ""),
            ("APP__CACHE__REDIS_URL", ""),
            ("APP__KAKAO__CHANNEL_URL", "https://pf.kakao.com/"),
        ]));
        assert_eq!(settings.validate_for_production(), Ok(()));
        let warnings = settings.production_warnings().join("\n");
        for needle in [
            "TC0ONETIME",
            "kakao.bot_ids",
            "cache.redis_url",
            "kakao.channel_url",
        ] {
            assert!(warnings.contains(needle), "{needle:?} not in {warnings}");
        }
    }
}
