//! Cache adapters for hot deals: Redis via deadpool-redis for production (shared by every app
//! instance), and an in-process cache for the embedded default (no service to install).
//! Both implement [`junggye_deals::DealCache`].

mod call_budget;
mod dto;
mod in_process;
mod redis;

pub use call_budget::RedisCallBudget;
pub use in_process::InProcessDealCache;
pub use redis::{RedisDealCache, RedisDealCacheConfig, connect, ping};

/// The pool [`connect`] returns, so callers need no deadpool-redis dependency of their own.
pub use deadpool_redis::Pool as RedisPool;
