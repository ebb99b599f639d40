use chrono::{DateTime, TimeZone, Timelike, Utc};
use junggye_members::MemberRepository;
use junggye_mysql::entities::{members, notices};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, from_db, to_db};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use crate::helpers::new_member;

#[tokio::test]
async fn utc_instants_come_back_as_written() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let instants: [DateTime<Utc>; 5] = [
            Utc.with_ymd_and_hms(2026, 11, 24, 23, 59, 59).unwrap(),
            // Past 2038-01-19, where a MySQL `timestamp` (and a `DateTime<Utc>` parameter on
            // MariaDB, which sqlx sends as TIMESTAMP) would end.
            Utc.with_ymd_and_hms(2040, 2, 29, 0, 0, 1).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            // Sub-second parts: microseconds survive, nanoseconds are cut by `to_db`.
            Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
                + chrono::Duration::microseconds(123_456),
            Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
                + chrono::Duration::nanoseconds(999_999_999),
        ];
        for (i, at) in instants.into_iter().enumerate() {
            let mut m = new_member(&format!("time-{i}"), "시간여행", "01012345678");
            m.joined_at = at;
            let joined = repo.join(&m).await.unwrap();
            let back = from_db(
                members::Entity::find_by_id(joined.id.0)
                    .one(&db.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .joined_at,
            );
            assert_eq!(back, from_db(to_db(at)), "{} {at}", db.backend());
            if at.timestamp_subsec_nanos() % 1_000 == 0 {
                assert_eq!(back, at, "whole microseconds survive exactly");
            }
            assert_eq!(back.timestamp(), at.timestamp(), "same second");
            assert_eq!(back.second(), at.second());
            assert_eq!(joined.joined_at, back);
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn korean_and_emoji_text_round_trips() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let nickname = "김철수😀🎉";
        let joined = repo
            .join(&new_member("emoji", nickname, "01012345678"))
            .await
            .unwrap();
        let found = repo.find_by_id(joined.id).await.unwrap().unwrap();
        assert_eq!(found.nickname.as_str(), nickname, "{}", db.backend());

        let body = "중고거래 공지입니다 🙏 — 👩‍👩‍👧 가족 이모지와 한자 漢字, 𠜎 (4바이트)";
        let notice = notices::ActiveModel {
            kind: Set("text_card".into()),
            title: Set("공지 📢".into()),
            body: Set(body.into()),
            image_url: Set(None),
            buttons: Set(Some(r#"[{"label":"보기 👀"}]"#.into())),
            status: Set("published".into()),
            author: Set(Some("관리자".into())),
            created_at: Set(to_db(Utc::now())),
            updated_at: Set(to_db(Utc::now())),
            deleted_at: Set(None),
            ..Default::default()
        }
        .insert(&db.db)
        .await
        .unwrap();
        let back = notices::Entity::find_by_id(notice.id)
            .one(&db.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.title, "공지 📢");
        assert_eq!(back.body, body);
        assert_eq!(back.buttons.as_deref(), Some(r#"[{"label":"보기 👀"}]"#));
        db.cleanup().await;
    }
}
