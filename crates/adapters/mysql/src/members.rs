//! [`MemberRepository`] on sea-orm.

use anyhow::{Context as _, anyhow};
use async_trait::async_trait;
use chrono::NaiveDateTime;
use junggye_domain_common::{Page, Paged};
use junggye_members::{
    Grade, MannerScore, Member, MemberError, MemberFilter, MemberId, MemberRepository,
    MemberStatus, NewMember, Nickname, PhoneNumber, UserKey,
};
use sea_orm::sea_query::{Expr, ExprTrait as _, LikeExpr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, SqlErr,
};

use crate::entities::members;
use crate::like::contains_pattern;
use crate::time::{from_db, now_db, to_db};

/// Members in the `members` table; withdrawal also touches `products`, `product_images` and
/// `image_deletions`.
#[derive(Debug, Clone)]
pub struct SeaMemberRepository {
    pub(crate) db: DatabaseConnection,
}

impl SeaMemberRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

pub(crate) fn unexpected(err: DbErr, what: &'static str) -> MemberError {
    MemberError::Unexpected(anyhow::Error::new(err).context(what))
}

/// A stored row that no longer passes the domain's checks is a bug or a bad manual edit; it is
/// reported as unexpected rather than silently patched.
pub(crate) fn to_member(row: members::Model) -> Result<Member, MemberError> {
    let id = row.id;
    let bad = |field: &str| anyhow!("stored member {id} has an invalid {field}");
    Ok(Member {
        id: MemberId(row.id),
        user_key: UserKey::parse(&row.user_key).map_err(|_| bad("user_key"))?,
        plusfriend_user_key: row.plusfriend_user_key,
        nickname: Nickname::parse(&row.nickname).map_err(|_| bad("nickname"))?,
        phone: PhoneNumber::parse(&row.phone).map_err(|_| bad("phone"))?,
        profile_image: row.profile_image,
        grade: Grade::from_code(&row.grade).ok_or_else(|| bad("grade"))?,
        status: MemberStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        completed_trades: u32::try_from(row.completed_trades)
            .map_err(|_| bad("completed_trades"))?,
        manner: MannerScore::from_tenths(i64::from(row.manner_tenths)),
        joined_at: from_db(row.joined_at),
    })
}

/// Takes the member's row lock (MySQL) or the database write lock (SQLite) by touching
/// `updated_at`. Writing first matters on SQLite: a transaction that reads first and writes
/// later fails with "database is locked" instead of waiting when another writer got in between.
/// Returns whether a non-withdrawn member with this id exists.
pub(crate) async fn lock_live_member<C: ConnectionTrait>(
    db: &C,
    id: MemberId,
    at: NaiveDateTime,
) -> Result<bool, DbErr> {
    let res = members::Entity::update_many()
        .col_expr(members::Column::UpdatedAt, Expr::value(at))
        .filter(members::Column::Id.eq(id.0))
        .filter(members::Column::Status.ne(MemberStatus::Withdrawn.code()))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

fn like(column: members::Column, pattern: &LikeExpr) -> SimpleExpr {
    Expr::col(column).like(pattern.clone())
}

impl SeaMemberRepository {
    /// One column update on a non-withdrawn member; `NotFound` when none matched.
    async fn update_live(
        &self,
        id: MemberId,
        column: members::Column,
        value: SimpleExpr,
        what: &'static str,
    ) -> Result<(), MemberError> {
        // A nickname shows on listing cards; the other columns are rare edits, so every one
        // bumps the catalog version rather than a list of which may show.
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a member update"))?;
        // sqlx asks MySQL for found rows, so an unchanged value still counts as a match.
        let res = members::Entity::update_many()
            .col_expr(column, value)
            .col_expr(members::Column::UpdatedAt, Expr::value(now_db()))
            .filter(members::Column::Id.eq(id.0))
            .filter(members::Column::Status.ne(MemberStatus::Withdrawn.code()))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, what))?;
        if res.rows_affected == 0 {
            return Err(MemberError::NotFound);
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a member update"))
    }

    async fn find_row(&self, id: i64) -> Result<Option<members::Model>, MemberError> {
        members::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading a member by id"))
    }

    /// Gives a withdrawn row back to the user with the new details, as a fresh bronze member.
    async fn reactivate(
        &self,
        row: members::Model,
        new: &NewMember,
    ) -> Result<Member, MemberError> {
        let at = now_db();
        let res = members::Entity::update_many()
            .col_expr(
                members::Column::Nickname,
                Expr::value(new.nickname.as_str()),
            )
            .col_expr(members::Column::Phone, Expr::value(new.phone.digits()))
            .col_expr(
                members::Column::PlusfriendUserKey,
                Expr::value(new.plusfriend_user_key.clone()),
            )
            .col_expr(members::Column::ProfileImage, Expr::value(None::<String>))
            .col_expr(members::Column::Grade, Expr::value(Grade::Bronze.code()))
            .col_expr(
                members::Column::Status,
                Expr::value(MemberStatus::Active.code()),
            )
            .col_expr(members::Column::CompletedTrades, Expr::value(0))
            .col_expr(members::Column::JoinedAt, Expr::value(to_db(new.joined_at)))
            .col_expr(
                members::Column::WithdrawnAt,
                Expr::value(None::<NaiveDateTime>),
            )
            .col_expr(members::Column::UpdatedAt, Expr::value(at))
            .filter(members::Column::Id.eq(row.id))
            // Only one of two racing re-joins finds the row still withdrawn.
            .filter(members::Column::Status.eq(MemberStatus::Withdrawn.code()))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "reactivating a withdrawn member"))?;
        if res.rows_affected == 0 {
            return Err(MemberError::AlreadyMember);
        }
        let row = self
            .find_row(row.id)
            .await?
            .context("a reactivated member vanished")?;
        to_member(row)
    }

    async fn insert(&self, new: &NewMember) -> Result<Member, MemberError> {
        let at = now_db();
        let row = members::ActiveModel {
            user_key: Set(new.user_key.as_str().to_owned()),
            plusfriend_user_key: Set(new.plusfriend_user_key.clone()),
            nickname: Set(new.nickname.as_str().to_owned()),
            phone: Set(new.phone.digits().to_owned()),
            profile_image: Set(None),
            grade: Set(Grade::Bronze.code().to_owned()),
            status: Set(MemberStatus::Active.code().to_owned()),
            completed_trades: Set(0),
            manner_tenths: Set(MannerScore::START.tenths()),
            joined_at: Set(to_db(new.joined_at)),
            withdrawn_at: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| match e.sql_err() {
            // The unique key on user_key settles concurrent joins: the loser lands here.
            Some(SqlErr::UniqueConstraintViolation(_)) => MemberError::AlreadyMember,
            _ => unexpected(e, "inserting a member"),
        })?;
        to_member(row)
    }
}

#[async_trait]
impl MemberRepository for SeaMemberRepository {
    async fn find_by_user_key(&self, key: &UserKey) -> Result<Option<Member>, MemberError> {
        members::Entity::find()
            .filter(members::Column::UserKey.eq(key.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading a member by user key"))?
            .map(to_member)
            .transpose()
    }

    async fn find_by_id(&self, id: MemberId) -> Result<Option<Member>, MemberError> {
        self.find_row(id.0).await?.map(to_member).transpose()
    }

    async fn join(&self, member: &NewMember) -> Result<Member, MemberError> {
        let existing = members::Entity::find()
            .filter(members::Column::UserKey.eq(member.user_key.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "looking up a joining member"))?;
        match existing {
            Some(row) if row.status == MemberStatus::Withdrawn.code() => {
                self.reactivate(row, member).await
            }
            Some(_) => Err(MemberError::AlreadyMember),
            None => self.insert(member).await,
        }
    }

    async fn update_phone(&self, id: MemberId, phone: &PhoneNumber) -> Result<(), MemberError> {
        // sqlx asks MySQL for found rows, so an unchanged number still counts as a match.
        let res = members::Entity::update_many()
            .col_expr(members::Column::Phone, Expr::value(phone.digits()))
            .col_expr(members::Column::UpdatedAt, Expr::value(now_db()))
            .filter(members::Column::Id.eq(id.0))
            .filter(members::Column::Status.ne(MemberStatus::Withdrawn.code()))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "updating a member's phone"))?;
        if res.rows_affected == 0 {
            return Err(MemberError::NotFound);
        }
        Ok(())
    }

    async fn update_profile_image(
        &self,
        id: MemberId,
        image: Option<String>,
    ) -> Result<Option<String>, MemberError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a profile image change"))?;
        let at = now_db();
        if !lock_live_member(&txn, id, at)
            .await
            .map_err(|e| unexpected(e, "locking a member"))?
        {
            return Err(MemberError::NotFound);
        }
        let previous = members::Entity::find_by_id(id.0)
            .one(&txn)
            .await
            .map_err(|e| unexpected(e, "reading the previous profile image"))?
            .and_then(|row| row.profile_image);
        members::Entity::update_many()
            .col_expr(members::Column::ProfileImage, Expr::value(image))
            .filter(members::Column::Id.eq(id.0))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "updating a profile image"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a profile image change"))?;
        Ok(previous)
    }

    async fn list(&self, filter: &MemberFilter, page: Page) -> Result<Paged<Member>, MemberError> {
        let mut query = members::Entity::find();
        if let Some(text) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let pattern = contains_pattern(text);
            query = query.filter(
                Condition::any()
                    .add(like(members::Column::Nickname, &pattern))
                    .add(like(members::Column::UserKey, &pattern))
                    .add(like(members::Column::Phone, &pattern)),
            );
        }
        if let Some(status) = filter.status {
            query = query.filter(members::Column::Status.eq(status.code()));
        }
        let rows = query
            .order_by_desc(members::Column::Id)
            .offset(page.offset())
            .limit(u64::from(page.size()) + 1)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "listing members"))?;
        let members = rows
            .into_iter()
            .map(to_member)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::from_overfetch(members, page.size()))
    }

    async fn set_status(&self, id: MemberId, status: MemberStatus) -> Result<(), MemberError> {
        if status == MemberStatus::Withdrawn {
            // Withdrawal has its own transaction (listings, photos); never a bare status flip.
            return Err(MemberError::Unexpected(anyhow!(
                "set_status cannot withdraw; use withdraw"
            )));
        }
        self.update_live(
            id,
            members::Column::Status,
            Expr::value(status.code()),
            "setting a member's status",
        )
        .await
    }

    async fn set_grade(&self, id: MemberId, grade: Grade) -> Result<(), MemberError> {
        self.update_live(
            id,
            members::Column::Grade,
            Expr::value(grade.code()),
            "setting a member's grade",
        )
        .await
    }

    async fn update_nickname(&self, id: MemberId, nickname: &Nickname) -> Result<(), MemberError> {
        self.update_live(
            id,
            members::Column::Nickname,
            Expr::value(nickname.as_str()),
            "updating a member's nickname",
        )
        .await
    }
}
