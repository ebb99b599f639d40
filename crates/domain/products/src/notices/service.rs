//! The notice port and use cases (bot reads; admin writes).

use std::sync::Arc;

use async_trait::async_trait;
use junggye_domain_common::{Clock, Page, Paged};

use super::model::{Notice, NoticeDraft, NoticeError, NoticeId};

/// Notices per listCard page (Kakao allows 5 rows).
pub const NOTICES_PER_PAGE: u32 = 5;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait NoticeRepository: Send + Sync {
    /// Pinned and published, not deleted notices: pinned first, then newest first (ties by id,
    /// newest first, so pages are stable).
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    async fn list_visible(&self, page: Page) -> Result<Paged<Notice>, NoticeError>;

    /// A pinned or published, not deleted notice.
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    async fn find_visible(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError>;

    /// Any not deleted notice (admin view), newest first.
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    async fn list_all(&self, page: Page) -> Result<Paged<Notice>, NoticeError>;

    /// Any not deleted notice (admin view).
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    async fn find(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError>;

    /// Stores a validated draft.
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    async fn create(
        &self,
        draft: &NoticeDraft,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Notice, NoticeError>;

    /// Replaces every field of a not deleted notice.
    ///
    /// # Errors
    /// MUST return [`NoticeError::NotFound`] when the notice is missing or deleted.
    async fn update(
        &self,
        id: NoticeId,
        draft: &NoticeDraft,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Notice, NoticeError>;

    /// Soft-deletes a notice.
    ///
    /// # Errors
    /// MUST return [`NoticeError::NotFound`] when the notice is missing or already deleted.
    async fn delete(
        &self,
        id: NoticeId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), NoticeError>;
}

pub struct NoticeService {
    repo: Arc<dyn NoticeRepository>,
    clock: Arc<dyn Clock>,
}

impl NoticeService {
    pub fn new(repo: Arc<dyn NoticeRepository>, clock: Arc<dyn Clock>) -> Self {
        Self { repo, clock }
    }

    /// One page of the bot's notice list (0-based).
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    pub async fn visible_page(&self, page: u32) -> Result<Paged<Notice>, NoticeError> {
        self.repo
            .list_visible(Page::new(page, NOTICES_PER_PAGE))
            .await
    }

    /// A notice the bot may show.
    ///
    /// # Errors
    /// [`NoticeError::NotFound`] for a missing, hidden or deleted notice.
    pub async fn visible(&self, id: NoticeId) -> Result<Notice, NoticeError> {
        self.repo
            .find_visible(id)
            .await?
            .ok_or(NoticeError::NotFound)
    }

    /// Admin list.
    ///
    /// # Errors
    /// [`NoticeError::Unexpected`] on storage failure.
    pub async fn all(&self, page: Page) -> Result<Paged<Notice>, NoticeError> {
        self.repo.list_all(page).await
    }

    /// Admin view of one notice.
    ///
    /// # Errors
    /// [`NoticeError::NotFound`] for a missing or deleted notice.
    pub async fn get(&self, id: NoticeId) -> Result<Notice, NoticeError> {
        self.repo.find(id).await?.ok_or(NoticeError::NotFound)
    }

    /// Validates and stores a new notice.
    ///
    /// # Errors
    /// [`NoticeError::Invalid`] naming the bad field.
    pub async fn create(&self, draft: NoticeDraft) -> Result<Notice, NoticeError> {
        let draft = draft.validate()?;
        self.repo.create(&draft, self.clock.now()).await
    }

    /// Validates and replaces a notice.
    ///
    /// # Errors
    /// [`NoticeError::Invalid`], [`NoticeError::NotFound`].
    pub async fn update(&self, id: NoticeId, draft: NoticeDraft) -> Result<Notice, NoticeError> {
        let draft = draft.validate()?;
        self.repo.update(id, &draft, self.clock.now()).await
    }

    /// Soft-deletes a notice.
    ///
    /// # Errors
    /// [`NoticeError::NotFound`].
    pub async fn delete(&self, id: NoticeId) -> Result<(), NoticeError> {
        self.repo.delete(id, self.clock.now()).await
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use junggye_domain_common::clock::MockClock;

    use super::super::model::{NoticeKind, NoticeStatus};
    use super::*;

    fn clock() -> Arc<MockClock> {
        let mut clock = MockClock::new();
        clock
            .expect_now()
            .returning(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
        Arc::new(clock)
    }

    fn draft(title: &str) -> NoticeDraft {
        NoticeDraft {
            kind: NoticeKind::TextCard,
            title: title.into(),
            body: "본문".into(),
            image_url: None,
            buttons: vec![],
            status: NoticeStatus::Published,
            author: Some("admin".into()),
        }
    }

    #[tokio::test]
    async fn pages_hold_five_notices() {
        let mut repo = MockNoticeRepository::new();
        repo.expect_list_visible()
            .withf(|page| page.size() == 5 && page.number() == 2)
            .returning(|_| {
                Ok(Paged {
                    items: vec![],
                    has_more: false,
                })
            });
        let service = NoticeService::new(Arc::new(repo), clock());
        assert!(service.visible_page(2).await.is_ok());
    }

    #[tokio::test]
    async fn invisible_notices_are_not_found() {
        let mut repo = MockNoticeRepository::new();
        repo.expect_find_visible().returning(|_| Ok(None));
        let service = NoticeService::new(Arc::new(repo), clock());
        assert!(matches!(
            service.visible(NoticeId(7)).await,
            Err(NoticeError::NotFound)
        ));
    }

    #[tokio::test]
    async fn invalid_drafts_never_reach_storage() {
        let mut repo = MockNoticeRepository::new();
        repo.expect_create().never();
        let service = NoticeService::new(Arc::new(repo), clock());
        assert!(matches!(
            service.create(draft("")).await,
            Err(NoticeError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn creates_with_the_clock_time_and_trimmed_title() {
        let mut repo = MockNoticeRepository::new();
        repo.expect_create()
            .withf(|d, at| d.title == "점검" && at.timestamp() == 1_795_510_800)
            .returning(|d, at| {
                Ok(Notice {
                    id: NoticeId(1),
                    draft: d.clone(),
                    created_at: at,
                    updated_at: at,
                })
            });
        let service = NoticeService::new(Arc::new(repo), clock());
        assert_eq!(
            service.create(draft(" 점검 ")).await.unwrap().id,
            NoticeId(1)
        );
    }
}
