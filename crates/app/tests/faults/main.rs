//! Fault tests (issue 9): the real app, started as `main` starts it, under concurrent skill load
//! while MariaDB or Redis dies behind a TCP proxy and comes back. Every reply must still come
//! within Kakao's window as a Kakao reply, `/readyz` must go red and green again, the app must
//! recover by itself, and every write it reported as done must be in the database.
//!
//! The shared MariaDB and Redis are never touched: each test puts its own proxy in front of
//! them (`proxy.rs`) and points the app at it. Without `TEST_DATABASE_URL`/`TEST_REDIS_URL`
//! the tests say so and skip, unless `JUNGGYE_REQUIRE_SERVICES=1` makes that a failure.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

mod cache;
mod database;
mod proxy;
mod support;
