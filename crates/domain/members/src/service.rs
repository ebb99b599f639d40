//! Member use cases, driven by the Kakao skill adapter and the admin API.

use std::sync::Arc;

use junggye_domain_common::{Clock, Page, Paged};

use crate::error::MemberError;
use crate::model::{
    ActiveMember, Grade, Member, MemberFilter, MemberId, MemberStatus, NewMember, Nickname,
    PhoneNumber, UserKey,
};
use crate::ports::MemberRepository;

/// A join as typed by the user: raw strings, validated here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinRequest {
    /// Kakao `botUserKey`.
    pub user_key: String,
    /// Kakao `plusfriendUserKey`, when sent.
    pub plusfriend_user_key: Option<String>,
    /// The name slot (becomes the nickname).
    pub name: String,
    /// The phone slot.
    pub phone: String,
}

/// An admin's edit of a member; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberUpdate {
    /// New nickname, validated here.
    pub nickname: Option<String>,
    /// New phone number, validated here.
    pub phone: Option<String>,
    pub grade: Option<Grade>,
}

pub struct MemberService {
    repo: Arc<dyn MemberRepository>,
    clock: Arc<dyn Clock>,
}

impl MemberService {
    pub fn new(repo: Arc<dyn MemberRepository>, clock: Arc<dyn Clock>) -> Self {
        Self { repo, clock }
    }

    /// Registers a Kakao user as a member (bronze, active).
    ///
    /// # Errors
    /// [`MemberError::Invalid`] for a bad name or phone (name checked first),
    /// [`MemberError::AlreadyMember`] when already registered.
    pub async fn join(&self, request: JoinRequest) -> Result<Member, MemberError> {
        let user_key = UserKey::parse(&request.user_key)?;
        let nickname = Nickname::parse(&request.name)?;
        let phone = PhoneNumber::parse(&request.phone)?;
        if let Some(existing) = self.repo.find_by_user_key(&user_key).await?
            && existing.is_member()
        {
            return Err(MemberError::AlreadyMember);
        }
        let plusfriend_user_key = request
            .plusfriend_user_key
            .filter(|k| !k.trim().is_empty() && k.chars().count() <= UserKey::MAX_CHARS);
        self.repo
            .join(&NewMember {
                user_key,
                plusfriend_user_key,
                nickname,
                phone,
                joined_at: self.clock.now(),
            })
            .await
    }

    /// The member behind a Kakao user key, if they are a member (withdrawn rows are not).
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure. A malformed key is simply not a member.
    pub async fn find_member(&self, user_key: &str) -> Result<Option<Member>, MemberError> {
        let Ok(key) = UserKey::parse(user_key) else {
            return Ok(None);
        };
        Ok(self
            .repo
            .find_by_user_key(&key)
            .await?
            .filter(Member::is_member))
    }

    /// Changes the member's phone number.
    ///
    /// # Errors
    /// [`MemberError::Invalid`] for a bad number, [`MemberError::Suspended`] for a suspended
    /// member, [`MemberError::NotFound`] if the member is gone.
    pub async fn change_phone(
        &self,
        member: &ActiveMember,
        raw_phone: &str,
    ) -> Result<PhoneNumber, MemberError> {
        let phone = PhoneNumber::parse(raw_phone)?;
        self.repo.update_phone(member.id(), &phone).await?;
        Ok(phone)
    }

    /// Sets the profile image key and returns the one it replaced.
    ///
    /// # Errors
    /// [`MemberError::Suspended`] for a suspended member, [`MemberError::NotFound`] if gone.
    pub async fn set_profile_image(
        &self,
        member: &ActiveMember,
        image_key: &str,
    ) -> Result<Option<String>, MemberError> {
        self.repo
            .update_profile_image(member.id(), Some(image_key.to_owned()))
            .await
    }
}

/// Admin use cases: they take ids, not an [`ActiveMember`]: an admin may edit a suspended member.
impl MemberService {
    /// Members matching the filter, newest first.
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    pub async fn list(
        &self,
        filter: &MemberFilter,
        page: Page,
    ) -> Result<Paged<Member>, MemberError> {
        self.repo.list(filter, page).await
    }

    /// The member row with this id, withdrawn ones included (admins see history).
    ///
    /// # Errors
    /// [`MemberError::NotFound`] when no row has that id.
    pub async fn get(&self, id: MemberId) -> Result<Member, MemberError> {
        self.repo.find_by_id(id).await?.ok_or(MemberError::NotFound)
    }

    /// Applies an admin's edit; every field is validated before anything is written.
    ///
    /// # Errors
    /// [`MemberError::Invalid`], or [`MemberError::NotFound`] for a missing or withdrawn member.
    pub async fn update(&self, id: MemberId, update: MemberUpdate) -> Result<Member, MemberError> {
        let nickname = update
            .nickname
            .as_deref()
            .map(Nickname::parse)
            .transpose()?;
        let phone = update
            .phone
            .as_deref()
            .map(PhoneNumber::parse)
            .transpose()?;
        let member = self.get(id).await?;
        if !member.is_member() {
            return Err(MemberError::NotFound);
        }
        if let Some(nickname) = &nickname {
            self.repo.update_nickname(id, nickname).await?;
        }
        if let Some(phone) = &phone {
            self.repo.update_phone(id, phone).await?;
        }
        if let Some(grade) = update.grade {
            self.repo.set_grade(id, grade).await?;
        }
        self.get(id).await
    }

    /// Suspends (`true`) or reinstates (`false`) a member.
    ///
    /// # Errors
    /// [`MemberError::NotFound`] for a missing or withdrawn member.
    pub async fn set_suspended(
        &self,
        id: MemberId,
        suspended: bool,
    ) -> Result<Member, MemberError> {
        let status = if suspended {
            MemberStatus::Suspended
        } else {
            MemberStatus::Active
        };
        self.repo.set_status(id, status).await?;
        self.get(id).await
    }
}

#[cfg(test)]
mod tests;
