//! Repository tests against real databases: every test body runs on SQLite and, when
//! `TEST_DATABASE_URL` is set, on MySQL/MariaDB (see `junggye_mysql::testing`).

mod catalog;
mod connection;
mod helpers;
mod job_turns;
mod keyword_alerts;
mod likes;
mod listing_care;
mod members;
mod notifications;
mod offers;
mod orders;
mod products;
mod reviews;
mod round_trip;
mod safety;
mod skill_logs;
