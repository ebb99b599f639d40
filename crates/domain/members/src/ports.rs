//! What the members domain needs from storage.

use async_trait::async_trait;

use crate::error::MemberError;
use junggye_domain_common::{Page, Paged};

use crate::model::{
    Grade, Member, MemberFilter, MemberId, MemberStatus, NewMember, Nickname, PhoneNumber, UserKey,
};

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MemberRepository: Send + Sync {
    /// The member row for a Kakao user key, whatever its status (withdrawn rows included).
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    async fn find_by_user_key(&self, key: &UserKey) -> Result<Option<Member>, MemberError>;

    /// The member row with this id, whatever its status.
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    async fn find_by_id(&self, id: MemberId) -> Result<Option<Member>, MemberError>;

    /// Stores a new member as active bronze, or, when the user key belongs to a withdrawn
    /// member, reactivates that row with the new details (the key is unique per bot).
    ///
    /// # Errors
    /// MUST return [`MemberError::AlreadyMember`] when the key belongs to an active or
    /// suspended member, including when a concurrent join won the race.
    async fn join(&self, member: &NewMember) -> Result<Member, MemberError>;

    /// Replaces the phone number of a non-withdrawn member.
    ///
    /// # Errors
    /// MUST return [`MemberError::NotFound`] when no such non-withdrawn member exists.
    async fn update_phone(&self, id: MemberId, phone: &PhoneNumber) -> Result<(), MemberError>;

    /// Replaces the profile image key; returns the previous key so the caller can delete it.
    ///
    /// # Errors
    /// MUST return [`MemberError::NotFound`] when no such non-withdrawn member exists.
    async fn update_profile_image(
        &self,
        id: MemberId,
        image: Option<String>,
    ) -> Result<Option<String>, MemberError>;

    /// Members matching the filter, newest first (admin list and search).
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    async fn list(&self, filter: &MemberFilter, page: Page) -> Result<Paged<Member>, MemberError>;

    /// Sets the status of a non-withdrawn member to active or suspended.
    ///
    /// # Errors
    /// MUST return [`MemberError::NotFound`] when no such non-withdrawn member exists.
    async fn set_status(&self, id: MemberId, status: MemberStatus) -> Result<(), MemberError>;

    /// Sets the grade of a non-withdrawn member (an admin decision).
    ///
    /// # Errors
    /// MUST return [`MemberError::NotFound`] when no such non-withdrawn member exists.
    async fn set_grade(&self, id: MemberId, grade: Grade) -> Result<(), MemberError>;

    /// Replaces the nickname of a non-withdrawn member.
    ///
    /// # Errors
    /// MUST return [`MemberError::NotFound`] when no such non-withdrawn member exists.
    async fn update_nickname(&self, id: MemberId, nickname: &Nickname) -> Result<(), MemberError>;
}
