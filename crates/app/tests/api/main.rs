//! HTTP-level tests: the real server on port 0, a real database (SQLite and, under
//! scripts/test.sh, MariaDB), driven with reqwest as Kakao would.

mod admin;
mod admin_catalog;
mod admin_orders;
mod alerts;
mod cautions;
mod deals;
mod guards;
mod health;
mod helpers;
mod hostile;
mod listing_cache;
mod listing_care;
mod listing_sort;
mod members;
mod notifications;
mod offers;
mod orders;
mod orders_kakaopay;
mod photos_notices;
mod playground;
mod products;
mod register;
mod reviews;
mod safety;
mod seed;
mod skill_logs;
