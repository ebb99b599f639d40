//! What the stand-in is told (its configuration and fault switches) and what it remembers
//! (sends, tasks, the skill's replies).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};

/// `errorMsg.errorType` the stand-in gives a recipient who is not a channel friend (or blocked
/// it). **Invented**: Kakao's table of error types was not retrieved (`kakao-event-api.md` §4),
/// only 201 is known. The client treats every type but 201 alike, so the value does not matter
/// as long as it is not 201.
pub const NOT_FRIEND_ERROR_TYPE: i64 = 9001;

/// How the stand-in is set up; fixed once it runs.
#[derive(Debug, Clone)]
pub struct StandInConfig {
    /// A send must carry `Authorization: KakaoAK {rest_api_key}`.
    pub rest_api_key: String,
    /// The one event name a block is registered for; another is refused.
    pub event_name: String,
    /// When set, the bot id the path must name, with or without the dev channel's `!`; any
    /// bot id otherwise.
    pub bot_id: Option<String>,
    /// The event block's skill, called once per delivered recipient; `None`: no skill, every
    /// reachable recipient is delivered and no mailbox fills.
    pub skill: Option<SkillHook>,
}

impl StandInConfig {
    /// Any bot id, no skill.
    #[must_use]
    pub fn new(rest_api_key: impl Into<String>, event_name: impl Into<String>) -> Self {
        Self {
            rest_api_key: rest_api_key.into(),
            event_name: event_name.into(),
            bot_id: None,
            skill: None,
        }
    }
}

/// The skill the event block is connected to.
#[derive(Debug, Clone)]
pub struct SkillHook {
    /// Where the SkillPayload is POSTed, e.g. `http://127.0.0.1:8080/skill/events/notification`.
    pub url: String,
    /// A header set in Open Builder for every skill call, e.g.
    /// `("X-Skill-Secret", secret)`.
    pub secret_header: Option<(String, String)>,
    /// Kakao's skill timeout; a skill that takes longer failed (errorType 201).
    pub timeout: Duration,
}

impl SkillHook {
    /// Kakao waits 5 s for a skill (`kakao-event-api.md` §7).
    pub const KAKAO_TIMEOUT: Duration = Duration::from_secs(5);

    /// A skill at `url` without a secret header.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            secret_header: None,
            timeout: Self::KAKAO_TIMEOUT,
        }
    }
}

/// What the next sends meet instead of the stand-in's answer ([`StandIn::fail_next`]). Task
/// lookups meet no faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer this HTTP status with `{"status":"ERROR","message":…}`; the send is not
    /// accepted.
    Status(u16),
    /// Accept the send as usual (recorded, delivered), but answer only after this long: longer
    /// than the client's timeout, it shows a send that went out although the client could not
    /// know.
    Timeout(Duration),
    /// Kakao unavailable, answered as HTTP 503; the send is not accepted.
    Down,
}

/// A send the stand-in accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct SentEvent {
    pub task_id: String,
    pub event_name: String,
    /// The bot id as the router read it (percent-decoded), `!` included.
    pub bot_id: String,
    /// The request path exactly as it arrived, to see how the client encoded it.
    pub raw_path: String,
    /// `event.data`.
    pub data: Value,
    pub users: Vec<SentUser>,
}

impl SentEvent {
    /// Whether the bot id named the development channel.
    #[must_use]
    pub fn dev_channel(&self) -> bool {
        self.bot_id.ends_with('!')
    }
}

/// One `user[]` entry of an accepted send.
#[derive(Debug, Clone, PartialEq)]
pub struct SentUser {
    /// `type`: `botUserKey`, `plusfriendUserKey` or `appUserId`.
    pub kind: String,
    pub id: String,
    /// `properties`, `{}` when absent.
    pub properties: Value,
}

/// A recipient's failure in a task (`fail.list[]`).
#[derive(Debug, Clone)]
pub(super) struct Failure {
    pub user_id: String,
    pub user_type: String,
    /// Epoch seconds, as Kakao writes it.
    pub created_at: i64,
    pub error_type: i64,
    pub msg: &'static str,
}

/// A task's counts, per `kakao-event-api.md` §4.
#[derive(Debug, Clone, Default)]
pub(super) struct Task {
    pub all: usize,
    pub success: usize,
    /// Unknown keys: counted, not listed.
    pub unresolved: usize,
    pub failures: Vec<Failure>,
}

impl Task {
    pub fn to_json(&self, task_id: &str) -> Value {
        let failed = self.unresolved + self.failures.len();
        let status = if failed == 0 {
            "ALL SUCCESS".to_owned()
        } else {
            format!("{failed} FAIL")
        };
        let list: Vec<Value> = self
            .failures
            .iter()
            .map(|f| {
                json!({
                    "userId": f.user_id,
                    "reqUserType": f.user_type,
                    "createdAt": f.created_at,
                    "errorMsg": { "errorType": f.error_type, "msg": f.msg },
                })
            })
            .collect();
        let mut body = json!({
            "taskId": task_id,
            "status": status,
            "allRequestCount": self.all,
            "successCount": self.success,
            "fail": { "count": failed, "list": list },
        });
        // Kakao's examples have the field only when some key did not resolve.
        if self.unresolved > 0
            && let Some(fields) = body.as_object_mut()
        {
            fields.insert("userKeyResolvingFailCount".into(), json!(self.unresolved));
        }
        body
    }
}

#[derive(Debug, Default)]
pub(super) struct Book {
    pub unknown_keys: HashSet<String>,
    pub not_friends: HashSet<String>,
    pub faults: VecDeque<Fault>,
    pub sent: Vec<SentEvent>,
    pub tasks: HashMap<String, Task>,
    pub mailboxes: HashMap<String, Vec<Value>>,
}

/// The stand-in: its configuration and memory, shared by every clone (a test keeps one to
/// script and inspect what the server it started does).
#[derive(Debug, Clone)]
pub struct StandIn {
    pub(super) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(super) struct Inner {
    pub config: StandInConfig,
    /// For skill calls.
    pub http: reqwest::Client,
    pub book: Mutex<Book>,
}

impl StandIn {
    #[must_use]
    pub fn new(config: StandInConfig) -> Self {
        // No pooled connections: the app may run the stand-in on several actix workers, each
        // with its own runtime, and a connection lives on the runtime that opened it.
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            // Building fails only when TLS cannot initialise; the default client would too.
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                config,
                http,
                book: Mutex::new(Book::default()),
            }),
        }
    }

    #[must_use]
    pub fn config(&self) -> &StandInConfig {
        &self.inner.config
    }

    /// Sends to `user_key` count it in `userKeyResolvingFailCount`, unlisted.
    pub fn add_unknown_key(&self, user_key: impl Into<String>) {
        self.book().unknown_keys.insert(user_key.into());
    }

    /// Sends to `user_key` fail with [`NOT_FRIEND_ERROR_TYPE`], listed.
    pub fn add_not_friend(&self, user_key: impl Into<String>) {
        self.book().not_friends.insert(user_key.into());
    }

    /// The next `n` sends meet `fault` (after those already queued).
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.book().faults.extend(std::iter::repeat_n(fault, n));
    }

    /// Every accepted send, oldest first.
    #[must_use]
    pub fn sent(&self) -> Vec<SentEvent> {
        self.book().sent.clone()
    }

    /// The skill's replies for `user_key` since the last drain, oldest first: what the member
    /// would have seen in the chat.
    #[must_use]
    pub fn mailbox_drain(&self, user_key: &str) -> Vec<Value> {
        self.book().mailboxes.remove(user_key).unwrap_or_default()
    }

    /// A panicking holder leaves nothing half-written that matters to a stand-in.
    pub(super) fn book(&self) -> MutexGuard<'_, Book> {
        self.inner
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
