use chrono::{DateTime, Utc};

use super::*;
use crate::model::ListingRef;

/// Exactly 30 characters: the longest listing name a card title holds.
const LONG_NAME: &str = "애플 아이폰 15 프로 맥스 256GB 블루티타늄 S급";

fn trade(name: &str) -> TradeRef {
    TradeRef {
        order: OrderId(10),
        product: ProductId(5),
        item_name: name.into(),
    }
}

fn listing(name: &str) -> ListingRef {
    ListingRef {
        product: ProductId(5),
        name: name.into(),
    }
}

fn every_payload(name: &str) -> Vec<Payload> {
    let trade = || trade(name);
    let listing = || listing(name);
    let mut all = vec![
        Payload::OrderPaid {
            trade: trade(),
            amount: 1_250_000,
        },
        Payload::OrderShipped {
            trade: trade(),
            tracking: "123456789012".into(),
        },
        Payload::PurchaseConfirmed { trade: trade() },
        Payload::AutoConfirmSoon {
            trade: trade(),
            confirm_at: DateTime::<Utc>::UNIX_EPOCH,
        },
        Payload::OfferReceived {
            listing: listing(),
            price: 650_000,
        },
        Payload::KeywordMatch {
            keyword: "아이폰 프로 맥스 256 블루 티타".into(),
            listing: listing(),
            price: 1_100_000,
            count: 12,
        },
        Payload::ListingStale {
            listing: listing(),
            idle_days: 30,
        },
        Payload::LikedChanged {
            listing: listing(),
            change: LikedChange::PriceDropped {
                from: 1_300_000,
                to: 1_150_000,
            },
        },
    ];
    for accepted in [true, false] {
        all.push(Payload::OfferAnswered {
            listing: listing(),
            price: 650_000,
            accepted,
        });
    }
    for state in [
        ListingState::OnSale,
        ListingState::Reserved,
        ListingState::Sold,
    ] {
        all.push(Payload::LikedChanged {
            listing: listing(),
            change: LikedChange::Status(state),
        });
    }
    for role in [Role::Buyer, Role::Seller] {
        all.push(Payload::SaleCompleted {
            trade: trade(),
            role,
        });
        all.push(Payload::ReviewReceived {
            trade: trade(),
            role,
            rating: Rating::Great,
        });
        for notice in [
            CancelNotice::LostRace,
            CancelNotice::Cancelled(CancelledBy::Buyer),
            CancelNotice::Cancelled(CancelledBy::Seller),
            CancelNotice::Cancelled(CancelledBy::Admin),
            CancelNotice::Cancelled(CancelledBy::System),
        ] {
            all.push(Payload::OrderCancelled {
                trade: trade(),
                role,
                notice,
            });
        }
    }
    all
}

#[test]
fn the_long_name_fixture_is_thirty_characters() {
    assert_eq!(LONG_NAME.chars().count(), 30);
}

#[test]
fn every_notification_fits_kakaos_card_limits_with_a_thirty_character_name() {
    let long = "가".repeat(200);
    for name in [LONG_NAME, "책상", long.as_str()] {
        for payload in every_payload(name) {
            let text = render(&payload);
            assert!(text.title.chars().count() <= TITLE_MAX, "{text:?}");
            assert!(text.body.chars().count() <= BODY_MAX, "{text:?}");
            assert!(!text.actions.is_empty() && text.actions.len() <= ACTIONS_MAX);
            for action in &text.actions {
                assert!(
                    action.label().chars().count() <= ACTION_LABEL_MAX,
                    "{action:?}"
                );
            }
        }
    }
}

#[test]
fn a_thirty_character_name_is_shown_whole() {
    for payload in every_payload(LONG_NAME) {
        let text = render(&payload);
        assert!(text.body.contains(LONG_NAME), "{text:?}");
        assert!(!text.body.ends_with('…'), "{text:?}");
    }
}

#[test]
fn a_paid_order_names_the_listing_and_the_amount_and_asks_for_the_tracking_number() {
    let text = render(&Payload::OrderPaid {
        trade: trade("닌텐도 스위치 OLED 화이트"),
        amount: 285_000,
    });
    assert_eq!(text.title, "결제 완료: 상품을 보내 주세요");
    assert_eq!(
        text.body,
        "「닌텐도 스위치 OLED 화이트」 285,000원 결제가 끝났어요. 상품을 보내고 운송장번호를 입력해 주세요."
    );
    assert_eq!(
        text.actions,
        [
            Action::EnterTracking(OrderId(10)),
            Action::OpenOrder {
                order: OrderId(10),
                role: Role::Seller
            }
        ]
    );
}

#[test]
fn a_shipment_carries_the_tracking_number() {
    let text = render(&Payload::OrderShipped {
        trade: trade("다이슨 에어랩 멀티 스타일러"),
        tracking: "557012345678".into(),
    });
    assert!(text.body.contains("운송장번호 557012345678"), "{text:?}");
    assert_eq!(text.actions[0], Action::ConfirmPurchase(OrderId(10)));
}

#[test]
fn a_liked_listing_tells_the_new_price_or_status() {
    let dropped = render(&Payload::LikedChanged {
        listing: listing("LG 그램 16인치 2023"),
        change: LikedChange::PriceDropped {
            from: 1_200_000,
            to: 980_000,
        },
    });
    assert_eq!(
        dropped.body,
        "「LG 그램 16인치 2023」 1,200,000원 → 980,000원"
    );
    for (state, word) in [
        (ListingState::Reserved, "예약중"),
        (ListingState::Sold, "판매완료"),
        (ListingState::OnSale, "판매중"),
    ] {
        let text = render(&Payload::LikedChanged {
            listing: listing("LG 그램 16인치 2023"),
            change: LikedChange::Status(state),
        });
        assert!(text.body.contains(word), "{text:?}");
        assert_eq!(text.actions, [Action::OpenListing(ProductId(5))]);
    }
}

#[test]
fn auto_confirmation_is_dated_in_korean_time() {
    // 2026-12-08 05:30 UTC is 14:30 in Seoul.
    let at = DateTime::from_timestamp(1_796_707_800, 0).unwrap_or_default();
    let text = render(&Payload::AutoConfirmSoon {
        trade: trade("캠핑 의자 2개"),
        confirm_at: at,
    });
    assert!(text.body.contains("12월 8일 14:30"), "{text:?}");
}

#[test]
fn folded_keyword_matches_count_the_others() {
    let text = render(&Payload::KeywordMatch {
        keyword: "맥북".into(),
        listing: listing("맥북 에어 M2 미드나이트"),
        price: 1_050_000,
        count: 3,
    });
    assert_eq!(text.title, "'맥북' 새 매물");
    assert_eq!(
        text.body,
        "「맥북 에어 M2 미드나이트」 1,050,000원 외 2개가 새로 올라왔어요."
    );
    assert_eq!(text.actions[1], Action::Search("맥북".into()));
}

#[test]
fn a_race_losers_buyer_is_told_the_refund_and_shown_the_listing() {
    let text = render(&Payload::OrderCancelled {
        trade: trade("에어팟 프로 2세대"),
        role: Role::Buyer,
        notice: CancelNotice::LostRace,
    });
    assert_eq!(text.title, "결제가 취소됐어요");
    assert!(text.body.contains("환불"));
    assert_eq!(text.actions, [Action::OpenListing(ProductId(5))]);
}

#[test]
fn a_stale_listing_offers_bump_sold_and_hide() {
    let text = render(&Payload::ListingStale {
        listing: listing("원목 4인 식탁"),
        idle_days: 30,
    });
    assert_eq!(text.title, "아직 판매 중인가요?");
    let labels: Vec<_> = text.actions.iter().map(Action::label).collect();
    assert_eq!(labels, ["끌올", "판매완료", "숨김"]);
}

#[test]
fn fit_counts_characters_and_keeps_the_ellipsis_inside_the_limit() {
    assert_eq!(fit("가나다", 3), "가나다");
    assert_eq!(fit("가나다라", 3), "가나…");
    assert_eq!(fit("가 나다라", 3), "가…");
    assert_eq!(fit("가나", 0), "");
}

#[test]
fn won_groups_thousands() {
    assert_eq!(won(0), "0원");
    assert_eq!(won(750_000), "750,000원");
    assert_eq!(won(1_234_567), "1,234,567원");
}
