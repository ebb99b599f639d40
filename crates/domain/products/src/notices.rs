//! Notices (공지사항): written by admins, listed and shown in the bot.
//!
//! The bot sees pinned and published notices, pinned first, then newest; hidden and deleted
//! ones are invisible to it (the seed looked a notice up by id ignoring its status: fixed here).

mod model;
mod service;

pub use model::{
    Notice, NoticeButton, NoticeDraft, NoticeError, NoticeId, NoticeKind, NoticeStatus,
};
#[cfg(any(test, feature = "mocks"))]
pub use service::MockNoticeRepository;
pub use service::{NOTICES_PER_PAGE, NoticeRepository, NoticeService};
