//! The command line: `junggye [serve]`, `junggye migrate`,
//! `junggye admin create --username NAME [--role admin|viewer]`,
//! `junggye seed --demo [--listings N]`.

use std::process::ExitCode;

use anyhow::Context;
use secrecy::ExposeSecret;

use junggye_members::AdminRole;

use crate::config::Settings;
use crate::startup::Application;
use crate::telemetry;

const USAGE: &str = "\
junggye — the 중계나라 KakaoTalk marketplace server

USAGE:
    junggye [serve]     run the server (default)
    junggye migrate     apply database migrations and exit
    junggye admin create --username NAME [--role admin|viewer]
                        create an admin account (role admin by default; a
                        viewer only reads); the password comes from
                        JUNGGYE_ADMIN_PASSWORD when set, else one line of stdin
    junggye seed --demo [--listings N]
                        apply migrations, then add demo data: members (user keys
                        demo-seller-1..3, demo-buyer-1..2: type one in a
                        playground user box to act as them), ~40 listings in
                        every category with photos drawn locally, notices.
                        Existing demo data is skipped, so it can run again.
                        --listings N adds N synthetic on-sale listings for load
                        tests (every run; sellers demo-bulk-1..8, one shared
                        photo per category: deleting such a listing deletes
                        the shared photo)
    junggye help        show this text

Configuration: config/default.toml, config/$APP_ENV.toml, APP__SECTION__KEY variables.";

/// Runs the command in `args` (without the program name).
pub async fn main(args: Vec<String>) -> ExitCode {
    let command: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(command.as_slice(), ["help" | "--help" | "-h"]) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("junggye: {error:#}");
            return ExitCode::from(2);
        }
    };
    // Production refuses a dangerous configuration before anything connects or logs: every
    // problem at once, exit status 2 (docs/deploy.md, "Configuration").
    if settings.is_production() {
        let checked = match command.as_slice() {
            [] | ["serve"] => settings.validate_for_production(),
            // The other commands open the database and serve nothing.
            _ => settings.validate_database_for_production(),
        };
        if let Err(problems) = checked {
            eprintln!("junggye: invalid production configuration (APP_ENV=production):");
            for problem in problems {
                eprintln!("  - {problem}");
            }
            return ExitCode::from(2);
        }
    }
    telemetry::init(&settings.log);
    if settings.is_production() && matches!(command.as_slice(), [] | ["serve"]) {
        for warning in settings.production_warnings() {
            tracing::warn!("{warning}");
        }
    }
    let outcome = match command.as_slice() {
        [] | ["serve"] => serve(settings).await,
        ["migrate"] => migrate(&settings).await,
        ["admin", "create", flags @ ..] => match admin_create_flags(flags) {
            Ok((name, role)) => create_admin(&settings, &name, role).await,
            Err(message) => {
                eprintln!("junggye: {message}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["seed", rest @ ..] => match crate::seed::SeedOptions::parse(rest) {
            Ok(options) => seed(&settings, &options).await,
            Err(message) => {
                eprintln!("junggye: {message}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("junggye: unknown command {:?}\n\n{USAGE}", args.join(" "));
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = ?error, "junggye failed");
            eprintln!("junggye: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    app.run_until_stopped()
        .await
        .context("server stopped with an error")
}

async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = junggye_mysql::connect(settings.database.url.expose_secret()).await?;
    junggye_mysql::migrate(&db).await?;
    println!("migrations applied to {}", settings.database_url_for_logs());
    Ok(())
}

/// `--username NAME` (or `=NAME`) and an optional `--role admin|viewer`, in any order.
fn admin_create_flags(flags: &[&str]) -> Result<(String, AdminRole), String> {
    let mut username = None;
    let mut role = AdminRole::Admin;
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (*flag, None),
        };
        let value = match inline {
            Some(value) => value,
            None => (*rest.next().ok_or(format!("{name} needs a value"))?).to_owned(),
        };
        match name {
            "--username" => username = Some(value),
            "--role" => {
                role = AdminRole::from_code(&value)
                    .ok_or(format!("--role must be admin or viewer, not {value:?}"))?;
            }
            _ => return Err(format!("unknown flag {name:?}")),
        }
    }
    Ok((username.ok_or("--username is required")?, role))
}

async fn create_admin(settings: &Settings, username: &str, role: AdminRole) -> anyhow::Result<()> {
    let password = crate::admin::read_password(
        std::env::var(crate::admin::PASSWORD_ENV).ok(),
        &mut std::io::stdin().lock(),
    )?;
    let db = junggye_mysql::connect(settings.database.url.expose_secret()).await?;
    junggye_mysql::migrate(&db).await?;
    let account = crate::admin::create_with_role(&db, username, &password, role).await?;
    println!(
        "{} {:?} created (id {})",
        account.role.code(),
        account.username,
        account.id.0
    );
    Ok(())
}

async fn seed(settings: &Settings, options: &crate::seed::SeedOptions) -> anyhow::Result<()> {
    let db = junggye_mysql::connect(settings.database.url.expose_secret()).await?;
    junggye_mysql::migrate(&db).await?;
    let summary = crate::seed::run(settings, &db, options).await?;
    println!("seeded {}:\n{summary}", settings.database_url_for_logs());
    if options.demo {
        println!(
            "act as a demo member in the playground (/playground): type one of {} in a user's id box",
            crate::seed::demo_user_keys().join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod admin_flag_tests {
    use super::*;

    #[test]
    fn admin_create_takes_a_username_and_an_optional_role_in_any_order() {
        assert_eq!(
            admin_create_flags(&["--username", "ops"]),
            Ok(("ops".into(), AdminRole::Admin))
        );
        assert_eq!(
            admin_create_flags(&["--role=viewer", "--username=desk"]),
            Ok(("desk".into(), AdminRole::Viewer))
        );
        assert!(admin_create_flags(&["--username", "ops", "--role", "root"]).is_err());
        assert!(admin_create_flags(&["--role", "viewer"]).is_err());
        assert!(admin_create_flags(&["--username"]).is_err());
        assert!(admin_create_flags(&["--name", "ops"]).is_err());
    }
}
