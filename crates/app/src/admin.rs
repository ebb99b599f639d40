//! Wiring of the admin API and the `junggye admin create` command.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use anyhow::{Context as _, bail};
use junggye_admin_http::{AdminServices, AdminState, Argon2Hasher, JwtKeys, TrustedProxies};
use junggye_domain_common::SystemClock;
use junggye_members::{AdminAccount, AdminAuth, AdminRole};
use junggye_mysql::SeaAdminRepository;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use crate::config::Settings;

/// Environment variable read by `admin create` before falling back to stdin.
pub const PASSWORD_ENV: &str = "JUNGGYE_ADMIN_PASSWORD";

pub(crate) fn admin_auth(db: &DatabaseConnection) -> AdminAuth {
    AdminAuth::new(
        Arc::new(SeaAdminRepository::new(db.clone())),
        Arc::new(Argon2Hasher),
        Arc::new(SystemClock),
    )
}

/// The admin API's state: the shared `services` and the JWT keys from `admin.*`.
///
/// # Errors
/// A JWT secret shorter than 32 bytes, or an empty one when `APP_ENV=production`.
pub fn state(
    settings: &Settings,
    services: AdminServices,
) -> anyhow::Result<web::Data<AdminState>> {
    let jwt = JwtKeys::from_config(
        settings.admin.jwt_secret.expose_secret(),
        settings.is_production(),
        Duration::from_secs(settings.admin.token_ttl_secs),
    )
    .context("admin.jwt_secret")?;
    let proxies = TrustedProxies::parse(&settings.server.trusted_proxies)
        .context("server.trusted_proxies")?;
    Ok(web::Data::new(AdminState::new(services, jwt, proxies)))
}

/// The new admin's password: `env_value` when set (non-empty), else the first line of `input`.
/// Never a command-line argument, where it would show in `ps` and shell history.
///
/// # Errors
/// Nothing to read, or unreadable input.
pub fn read_password(env_value: Option<String>, input: &mut dyn BufRead) -> anyhow::Result<String> {
    if let Some(value) = env_value.filter(|v| !v.is_empty()) {
        return Ok(value);
    }
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password given: set {PASSWORD_ENV} or write it on stdin");
    }
    Ok(password)
}

/// Creates an admin account (argon2 hash); refuses short passwords and taken usernames.
///
/// # Errors
/// Invalid username, a password under 12 characters, a duplicate, or a storage failure.
pub async fn create(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
) -> anyhow::Result<AdminAccount> {
    create_with_role(db, username, password, AdminRole::Admin).await
}

/// [`create`] with the account's role: a viewer only reads.
///
/// # Errors
/// As [`create`].
pub async fn create_with_role(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    role: AdminRole,
) -> anyhow::Result<AdminAccount> {
    admin_auth(db)
        .create(username, password, role)
        .await
        .with_context(|| format!("creating {} {username:?}", role.code()))
}
