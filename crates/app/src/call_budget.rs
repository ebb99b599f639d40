//! The skills' per-user call budget in Redis when one is configured, so several instances
//! allow `kakao.rate_limit_per_min` between them rather than each.

use async_trait::async_trait;
use junggye_kakao_skill::SharedCallBudget;
use junggye_redis_cache::{RedisCallBudget, RedisPool};

pub struct RedisSkillBudget(RedisCallBudget);

impl RedisSkillBudget {
    pub fn new(pool: RedisPool) -> Self {
        Self(RedisCallBudget::new(pool, "junggye:"))
    }
}

#[async_trait]
impl SharedCallBudget for RedisSkillBudget {
    async fn allow(&self, user: &str, per_minute: u32) -> anyhow::Result<bool> {
        self.0.allow(user, per_minute).await
    }
}
