use std::time::Duration;

/// Settings of the skill server, taken from the `kakao` section of the app config.
#[derive(Clone)]
pub struct SkillConfig {
    /// When set, every call must carry `X-Skill-Secret` with this value.
    pub skill_secret: Option<String>,
    /// When non-empty, calls from other `bot.id`s are refused.
    pub bot_ids: Vec<String>,
    /// Calls per user per minute before the polite refusal.
    pub rate_limit_per_min: u32,
    /// Kakao gives up after 5 s; we answer before that whatever the backends do.
    pub deadline: Duration,
    pub max_body_bytes: usize,
}

impl Default for SkillConfig {
    fn default() -> Self {
        Self {
            skill_secret: None,
            bot_ids: Vec::new(),
            rate_limit_per_min: 60,
            deadline: Duration::from_millis(4500),
            max_body_bytes: 64 * 1024,
        }
    }
}

impl std::fmt::Debug for SkillConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillConfig")
            .field(
                "skill_secret",
                &self.skill_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field("bot_ids", &self.bot_ids)
            .field("rate_limit_per_min", &self.rate_limit_per_min)
            .field("deadline", &self.deadline)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}
