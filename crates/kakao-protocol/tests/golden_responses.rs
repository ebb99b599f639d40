//! Golden responses: each builder chain must serialize to exactly its fixture.
#![expect(
    clippy::unwrap_used,
    reason = "test helper: a panic is the failure report"
)]

use junggye_kakao_protocol::{
    BasicCard, Button, ButtonLayout, Carousel, CarouselHeader, CommerceCard, ContextValue,
    ImageTitle, ItemCard, ItemListAlignment, ItemProfile, ListCard, ListItem, Profile, QuickReply,
    SimpleImage, SimpleText, SkillResponse, TextCard, Thumbnail,
};
use serde_json::{Value, json};

fn assert_golden(response: &SkillResponse, fixture: &str) {
    let actual: Value = serde_json::from_str(&response.to_json()).unwrap();
    let expected: Value = serde_json::from_str(fixture).unwrap();
    assert_eq!(
        actual,
        expected,
        "\nactual:\n{}",
        serde_json::to_string_pretty(&actual).unwrap()
    );
}

#[test]
fn simple_text() {
    let response = SkillResponse::simple_text("등록이 완료되었어요 😀").unwrap();
    assert_golden(
        &response,
        include_str!("fixtures/response_simple_text.json"),
    );
}

#[test]
fn basic_card_carousel_with_header() {
    let cards = vec![
        BasicCard::new(
            Thumbnail::new("https://img.junggye.example/p/1.jpg").alt_text("아이폰 사진"),
        )
        .title("아이폰 13 미니 128GB")
        .description("상태 좋아요. 직거래 강남역")
        .button(Button::block("자세히 보기", "blk-detail").extra("productId", 1))
        .button(Button::web_link(
            "판매자 페이지",
            "https://junggye.example/s/9",
        )),
        BasicCard::new(
            Thumbnail::new("https://img.junggye.example/p/2.jpg")
                .link_web("https://junggye.example/p/2"),
        )
        .title("자전거")
        .description("거의 새것")
        .buttons([
            Button::block("자세히 보기", "blk-detail").extra("productId", 2),
            Button::share("공유하기"),
        ]),
    ];
    let carousel = Carousel::basic_cards(cards).header(CarouselHeader::new(
        "오늘의 추천 상품",
        "강남구 근처 새 매물",
        Thumbnail::new("https://img.junggye.example/header.jpg"),
    ));
    let response = SkillResponse::builder().output(carousel).build().unwrap();
    assert_golden(
        &response,
        include_str!("fixtures/response_basic_card_carousel.json"),
    );
}

#[test]
fn commerce_card_with_profile_and_buttons() {
    let card = CommerceCard::new(
        300_000,
        Thumbnail::new("https://img.junggye.example/p/3.jpg")
            .fixed_ratio(true)
            .link_web("https://junggye.example/p/3"),
    )
    .title("닌텐도 스위치 OLED")
    .description("박스 풀구성, 조이콘 쏠림 없음")
    .discount(30_000)
    .discount_rate(10)
    .discounted_price(270_000)
    .profile(Profile::new("당근좋아").image_url("https://img.junggye.example/u/7.jpg"))
    .button(Button::web_link(
        "구매하기",
        "https://junggye.example/pay/o-3",
    ))
    .button(Button::message("문의", "판매자에게 문의할래요").extra("productId", 3));
    let response = SkillResponse::builder().output(card).build().unwrap();
    assert_golden(
        &response,
        include_str!("fixtures/response_commerce_card.json"),
    );
}

#[test]
fn list_card() {
    let card = ListCard::new("내 판매 목록")
        .item(
            ListItem::new("아이폰 13 미니")
                .description("판매중 · 450,000원")
                .image_url("https://img.junggye.example/p/1.jpg")
                .block("blk-detail")
                .extra("productId", 1),
        )
        .item(
            ListItem::new("자전거")
                .description("예약중")
                .message("자전거 상태 보기"),
        )
        .item(ListItem::new("웹에서 전체 보기").link_web("https://junggye.example/me/sales"))
        .button(Button::block("새 상품 등록", "blk-sell"));
    let response = SkillResponse::builder().output(card).build().unwrap();
    assert_golden(&response, include_str!("fixtures/response_list_card.json"));
}

#[test]
fn item_card() {
    let card = ItemCard::new()
        .thumbnail(Thumbnail::new("https://img.junggye.example/p/3.jpg").size(800, 400))
        .profile(ItemProfile::new("중계 마켓").image_url("https://img.junggye.example/logo.png"))
        .image_title(
            ImageTitle::new("주문이 접수되었어요")
                .description("주문번호 o-3")
                .image_url("https://img.junggye.example/check.png"),
        )
        .item("상품", "닌텐도 스위치 OLED")
        .item("판매자", "당근좋아")
        .item("거래방식", "택배")
        .alignment(ItemListAlignment::Right)
        .summary("합계", "270,000원")
        .title("결제 안내")
        .description("15분 안에 결제를 마쳐 주세요.")
        .button(Button::web_link(
            "결제하기",
            "https://junggye.example/pay/o-3",
        ))
        .button(
            Button::block("주문 취소", "blk-cancel")
                .message_text("주문 취소할게요")
                .extra("orderId", "o-3"),
        )
        .layout(ButtonLayout::Vertical);
    let response = SkillResponse::builder().output(card).build().unwrap();
    assert_golden(&response, include_str!("fixtures/response_item_card.json"));
}

#[test]
fn text_cards_with_buttons() {
    let menu = TextCard::new()
        .title("무엇을 도와드릴까요?")
        .description("중고 물건을 사고팔 수 있어요.")
        .buttons([
            Button::block("팔기", "blk-sell"),
            Button::block("사기", "blk-buy"),
        ])
        .layout(ButtonLayout::Horizontal);
    let help = TextCard::new()
        .description("상담원 연결이 필요하면 눌러 주세요.")
        .button(Button::operator("상담원 연결"))
        .button(Button::phone("고객센터 전화", "1588-0000"));
    let response = SkillResponse::builder()
        .output(menu)
        .output(help)
        .build()
        .unwrap();
    assert_golden(&response, include_str!("fixtures/response_text_card.json"));
}

#[test]
fn quick_replies_with_extra() {
    let response = SkillResponse::builder()
        .output(SimpleText::new("가격을 골라 주세요."))
        .quick_reply(QuickReply::message("1만원", "10000원").extra("price", 10_000))
        .quick_replies([
            QuickReply::block("직접 입력", "blk-price")
                .extra("mode", "manual")
                .extra("draftId", "d-17"),
            QuickReply::block("처음으로", "blk-home").message_text("처음으로"),
        ])
        .build()
        .unwrap();
    assert_golden(
        &response,
        include_str!("fixtures/response_quick_replies.json"),
    );
}

#[test]
fn context_and_data() {
    let response = SkillResponse::builder()
        .output(SimpleImage::new(
            "https://img.junggye.example/p/1.jpg",
            "등록한 상품 사진",
        ))
        .context(
            ContextValue::new("selling", 10)
                .ttl(60)
                .param("draftId", "d-17")
                .param("step", "2"),
        )
        .context(ContextValue::new("buying", 0))
        .data("draftId", json!("d-17"))
        .data("count", json!(2))
        .build()
        .unwrap();
    assert_golden(&response, include_str!("fixtures/response_context.json"));
}
