//! Notifications: the bot speaks first. Trade steps, offers, reviews, keyword alerts and liked
//! listings create notifications; every one is in the member's inbox, and a push through the
//! Kakao Event API is decided by the member's preferences, quiet hours and a daily cap.
//!
//! This crate knows no HTTP, SQL or Kakao JSON: [`recipients`] and [`decide`] are pure so the
//! orders adapter can write notifications in the transaction of the change (an outbox); the
//! database adapter implements [`NotificationRepository`], the Event API client
//! [`PushGateway`], and the skills read the inbox through [`NotificationService`].

pub mod alerts;
mod error;
mod events;
mod kinds;
mod model;
mod ports;
mod schedule;
mod service;
mod texts;

pub use error::{NotificationError, PushError, ValidationError};
pub use events::{Trade, TradeEvent, recipients};
pub use kinds::{NotificationGroup, NotificationKind, PushState};
pub use model::{
    CancelNotice, CancelledBy, DealRef, LikedChange, LikersNotice, ListingRef, ListingState,
    MemberId, NewNotification, Notification, NotificationId, OrderId, Outbox, Payload, ProductId,
    Rating, Role, Subject, TradeRef,
};
pub use ports::{
    AdminFilter, AdminNotification, DuePush, MAX_RECIPIENTS, NotificationRepository, Outgoing,
    PushGateway, PushOutcome, PushRecipient, PushStats, RecipientResult, SentTask, TaskId,
    Undecided,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockNotificationRepository, MockPushGateway};
pub use schedule::{
    DEFAULT_DAILY_PUSH_CAP, FIRST_RETRY, InboxOnlyReason, LEASE, MAX_ATTEMPTS, MAX_RETRY_DELAY,
    Preferences, PushContext, PushDecision, QuietHours, TASK_CHECK_DELAY, decide, kst_day,
    push_day, retry_at, retry_delay,
};
pub use service::{DispatchReport, NotificationConfig, NotificationService, batches};
pub use texts::{
    ACTION_LABEL_MAX, ACTIONS_MAX, Action, BODY_MAX, NotificationText, TITLE_MAX, fit, render, won,
};
