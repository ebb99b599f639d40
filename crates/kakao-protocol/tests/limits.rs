//! One test per enforced Kakao limit: the violating response is refused, the boundary accepted.
//! Strings are mostly Korean or emoji, so a byte-based count would fail these tests.

use junggye_kakao_protocol::response::limits;
use junggye_kakao_protocol::{
    BasicCard, Button, ButtonLayout, Carousel, CarouselHeader, CommerceCard, ContextValue,
    ItemCard, ItemProfile, LimitError, ListCard, ListItem, Output, QuickReply, SimpleImage,
    SimpleText, SkillResponse, TextCard, Thumbnail, Violation,
};

const IMG: &str = "https://img.junggye.example/p.jpg";

fn ko(n: usize) -> String {
    "가".repeat(n)
}

fn build(output: impl Into<Output>) -> Result<SkillResponse, LimitError> {
    SkillResponse::builder().output(output).build()
}

fn refused(output: impl Into<Output>) -> LimitError {
    match build(output) {
        Ok(response) => panic!("accepted: {}", response.to_json()),
        Err(err) => err,
    }
}

fn thumb() -> Thumbnail {
    Thumbnail::new(IMG)
}

fn item_card(rows: usize) -> ItemCard {
    (0..rows).fold(ItemCard::new(), |card, i| {
        card.item("항목", format!("값 {i}"))
    })
}

fn list_card(rows: usize) -> ListCard {
    (0..rows).fold(ListCard::new("목록"), |card, i| {
        card.item(ListItem::new(format!("항목 {i}")))
    })
}

// --- template ---------------------------------------------------------------------------

#[test]
fn outputs_are_one_to_three() {
    let err = SkillResponse::builder().build().unwrap_err();
    assert_eq!(err.to_string(), "template.outputs: 0 items < 1");
    let three = (0..3).fold(SkillResponse::builder(), |b, _| {
        b.output(SimpleText::new("a"))
    });
    assert!(three.clone().build().is_ok());
    let err = three.output(SimpleText::new("a")).build().unwrap_err();
    assert_eq!(err.to_string(), "template.outputs: 4 items > 3");
}

#[test]
fn quick_replies_are_at_most_ten() {
    let replies = |n| (0..n).map(|i| QuickReply::message(format!("{i}번"), "x"));
    let ok = SkillResponse::builder()
        .output(SimpleText::new("a"))
        .quick_replies(replies(10))
        .build();
    assert!(ok.is_ok());
    let err = SkillResponse::builder()
        .output(SimpleText::new("a"))
        .quick_replies(replies(11))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "template.quickReplies: 11 items > 10");
}

#[test]
fn quick_reply_label_is_required_and_at_most_fourteen() {
    let with = |q: QuickReply| {
        SkillResponse::builder()
            .output(SimpleText::new("a"))
            .quick_reply(QuickReply::message("ok", "ok"))
            .quick_reply(q)
            .build()
    };
    assert!(with(QuickReply::message(ko(14), "x")).is_ok());
    let err = with(QuickReply::message(ko(15), "x")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "template.quickReplies[1].label: 15 chars > 14"
    );
    let err = with(QuickReply::message(" ", "x")).unwrap_err();
    assert_eq!(err.path, "template.quickReplies[1].label");
    assert_eq!(err.violation, Violation::Empty);
}

#[test]
fn quick_reply_actions_need_their_target() {
    let with = |q: QuickReply| {
        SkillResponse::builder()
            .output(SimpleText::new("a"))
            .quick_reply(q)
            .build()
    };
    let err = with(QuickReply::block("이동", "")).unwrap_err();
    assert_eq!(err.path, "template.quickReplies[0].blockId");
    let err = with(QuickReply::message("보내기", "")).unwrap_err();
    assert_eq!(err.path, "template.quickReplies[0].messageText");
}

#[test]
fn context_value_needs_a_name() {
    let err = SkillResponse::builder()
        .output(SimpleText::new("a"))
        .context(ContextValue::new("ok", 1))
        .context(ContextValue::new("", 1))
        .build()
        .unwrap_err();
    assert_eq!(err.path, "context.values[1].name");
}

// --- simpleText / simpleImage -------------------------------------------------------------

#[test]
fn simple_text_is_one_to_a_thousand_chars() {
    assert!(SkillResponse::simple_text(ko(1000)).is_ok());
    assert!(SkillResponse::simple_text("😀".repeat(1000)).is_ok());
    let err = SkillResponse::simple_text(ko(1001)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "template.outputs[0].simpleText.text: 1001 chars > 1000"
    );
    let err = SkillResponse::simple_text("😀".repeat(1001)).unwrap_err();
    assert_eq!(
        err.violation,
        Violation::TooLong {
            len: 1001,
            max: 1000
        }
    );
    let err = SkillResponse::simple_text("").unwrap_err();
    assert_eq!(err.violation, Violation::Empty);
}

#[test]
fn simple_image_needs_a_url_and_short_alt_text() {
    assert!(build(SimpleImage::new(IMG, ko(50))).is_ok());
    assert!(build(SimpleImage::new(IMG, "")).is_ok());
    let err = refused(SimpleImage::new(IMG, ko(51)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].simpleImage.altText: 51 chars > 50"
    );
    let err = refused(SimpleImage::new("", "사진"));
    assert_eq!(err.path, "template.outputs[0].simpleImage.imageUrl");
}

// --- textCard ------------------------------------------------------------------------------

#[test]
fn text_card_needs_title_or_description() {
    let err = refused(TextCard::new());
    assert_eq!(err.path, "template.outputs[0].textCard");
    assert!(build(TextCard::new().title("제목")).is_ok());
    assert!(build(TextCard::new().description("설명")).is_ok());
}

#[test]
fn text_card_title_is_at_most_fifty() {
    assert!(build(TextCard::new().title(ko(50))).is_ok());
    let err = refused(TextCard::new().title(ko(51)));
    assert_eq!(err.path, "template.outputs[0].textCard.title");
}

#[test]
fn text_card_description_is_400_alone_but_128_in_a_carousel() {
    assert!(build(TextCard::new().description(ko(400))).is_ok());
    let err = refused(TextCard::new().description(ko(401)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].textCard.description: 401 chars > 400"
    );
    assert!(build(TextCard::new().description(ko(129))).is_ok());
    assert!(build(Carousel::text_cards([TextCard::new().description(ko(128))])).is_ok());
    let err = refused(Carousel::text_cards([
        TextCard::new().title("a"),
        TextCard::new().description("😀".repeat(129)),
    ]));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].carousel.items[1].description: 129 chars > 128"
    );
}

// --- basicCard -----------------------------------------------------------------------------

#[test]
fn basic_card_title_fifty_description_230() {
    assert!(build(BasicCard::new(thumb()).title(ko(50)).description(ko(230))).is_ok());
    let err = refused(BasicCard::new(thumb()).title(ko(51)));
    assert_eq!(err.path, "template.outputs[0].basicCard.title");
    let err = refused(BasicCard::new(thumb()).description(ko(231)));
    assert_eq!(err.path, "template.outputs[0].basicCard.description");
}

#[test]
fn basic_card_thumbnail_needs_url_and_short_alt_text() {
    let err = refused(BasicCard::new(Thumbnail::new(" ")));
    assert_eq!(err.path, "template.outputs[0].basicCard.thumbnail.imageUrl");
    let err = refused(BasicCard::new(thumb().alt_text(ko(51))));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].basicCard.thumbnail.altText: 51 chars > 50"
    );
    assert!(build(BasicCard::new(thumb().alt_text(ko(50)))).is_ok());
}

// --- buttons -------------------------------------------------------------------------------

#[test]
fn buttons_are_three_vertical_or_two_horizontal() {
    let buttons = |n| (0..n).map(|i| Button::block(format!("버튼{i}"), "blk"));
    assert!(build(TextCard::new().title("t").buttons(buttons(3))).is_ok());
    let err = refused(TextCard::new().title("t").buttons(buttons(4)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].textCard.buttons: 4 items > 3"
    );
    let horizontal = |n| {
        TextCard::new()
            .title("t")
            .buttons(buttons(n))
            .layout(ButtonLayout::Horizontal)
    };
    assert!(build(horizontal(2)).is_ok());
    let err = refused(horizontal(3));
    assert_eq!(err.violation, Violation::TooMany { count: 3, max: 2 });
}

#[test]
fn fixed_ratio_thumbnail_means_horizontal_unless_layout_is_set() {
    let buttons = || (0..3).map(|i| Button::share(format!("공유{i}")));
    let card = || BasicCard::new(thumb().fixed_ratio(true)).buttons(buttons());
    let err = refused(card());
    assert_eq!(err.path, "template.outputs[0].basicCard.buttons");
    assert!(build(card().layout(ButtonLayout::Vertical)).is_ok());
    assert!(build(BasicCard::new(thumb().fixed_ratio(false)).buttons(buttons())).is_ok());
    let commerce = CommerceCard::new(1000, thumb().fixed_ratio(true)).buttons(buttons());
    assert!(build(commerce).is_err());
}

#[test]
fn button_label_is_one_to_fourteen() {
    assert!(build(TextCard::new().title("t").button(Button::share(ko(14)))).is_ok());
    let err = refused(TextCard::new().title("t").button(Button::share(ko(15))));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].textCard.buttons[0].label: 15 chars > 14"
    );
    let err = refused(TextCard::new().title("t").button(Button::share("")));
    assert_eq!(err.violation, Violation::Empty);
}

#[test]
fn two_side_by_side_labels_are_at_most_eight() {
    let card = |label: String| {
        TextCard::new()
            .title("t")
            .button(Button::share("공유"))
            .button(Button::share(label))
            .layout(ButtonLayout::Horizontal)
    };
    assert!(build(card(ko(8))).is_ok());
    let err = refused(card(ko(9)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].textCard.buttons[1].label: 9 chars > 8"
    );
    let fixed = BasicCard::new(thumb().fixed_ratio(true))
        .button(Button::share("공유"))
        .button(Button::share("😀".repeat(9)));
    assert!(build(fixed).is_err());
    let vertical = TextCard::new()
        .title("t")
        .button(Button::share("공유"))
        .button(Button::share(ko(9)));
    assert!(build(vertical).is_ok());
}

#[test]
fn button_actions_need_their_fields() {
    let with = |b: Button| build(TextCard::new().title("t").button(b));
    let path = |b: Button| with(b).unwrap_err().path;
    assert_eq!(
        path(Button::block("이동", "")),
        "template.outputs[0].textCard.buttons[0].blockId"
    );
    assert_eq!(
        path(Button::message("보내기", " ")),
        "template.outputs[0].textCard.buttons[0].messageText"
    );
    assert_eq!(
        path(Button::phone("전화", "")),
        "template.outputs[0].textCard.buttons[0].phoneNumber"
    );
    assert_eq!(
        path(Button::web_link("열기", "www.example.com")),
        "template.outputs[0].textCard.buttons[0].webLinkUrl"
    );
    assert!(with(Button::web_link("열기", "http://example.com")).is_ok());
    assert!(with(Button::block("이동", "blk").message_text("이동할게요")).is_ok());
    assert!(with(Button::operator("상담원")).is_ok());
}

// --- commerceCard --------------------------------------------------------------------------

#[test]
fn commerce_title_thirty_description_forty() {
    let card = || CommerceCard::new(10_000, thumb());
    assert!(build(card().title(ko(30)).description(ko(40))).is_ok());
    let err = refused(card().title(ko(31)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].commerceCard.title: 31 chars > 30"
    );
    let err = refused(card().description("😀".repeat(41)));
    assert_eq!(err.path, "template.outputs[0].commerceCard.description");
}

#[test]
fn commerce_price_is_not_negative() {
    assert!(build(CommerceCard::new(0, thumb())).is_ok());
    let err = refused(CommerceCard::new(-1, thumb()));
    assert_eq!(err.path, "template.outputs[0].commerceCard.price");
    let err = refused(CommerceCard::new(1, thumb()).discount(-5));
    assert_eq!(err.path, "template.outputs[0].commerceCard.discount");
}

#[test]
fn commerce_discount_rate_requires_discounted_price() {
    let err = refused(CommerceCard::new(10_000, thumb()).discount_rate(10));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].commerceCard.discountRate: requires discountedPrice"
    );
    assert!(
        build(
            CommerceCard::new(10_000, thumb())
                .discount_rate(10)
                .discounted_price(9_000)
        )
        .is_ok()
    );
    let err = refused(
        CommerceCard::new(10_000, thumb())
            .discount_rate(101)
            .discounted_price(0),
    );
    assert_eq!(err.path, "template.outputs[0].commerceCard.discountRate");
}

#[test]
fn commerce_profile_needs_a_nickname() {
    let card = CommerceCard::new(1, thumb()).profile(junggye_kakao_protocol::Profile::new(""));
    assert_eq!(
        refused(card).path,
        "template.outputs[0].commerceCard.profile.nickname"
    );
}

// --- listCard ------------------------------------------------------------------------------

#[test]
fn list_card_has_one_to_five_items() {
    assert!(build(list_card(5)).is_ok());
    let err = refused(list_card(6));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].listCard.items: 6 items > 5"
    );
    let err = refused(list_card(0));
    assert_eq!(err.violation, Violation::TooFew { count: 0, min: 1 });
}

#[test]
fn list_card_in_a_carousel_has_at_most_four_items() {
    assert!(build(Carousel::list_cards([list_card(4), list_card(4)])).is_ok());
    let err = refused(Carousel::list_cards([list_card(4), list_card(5)]));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].carousel.items[1].items: 5 items > 4"
    );
}

#[test]
fn list_card_header_and_item_titles_are_required() {
    let err = refused(ListCard::new("").item(ListItem::new("a")));
    assert_eq!(err.path, "template.outputs[0].listCard.header.title");
    let err = refused(ListCard::new("목록").item(ListItem::new(" ")));
    assert_eq!(err.path, "template.outputs[0].listCard.items[0].title");
    let err = refused(ListCard::new("목록").item(ListItem::new("a").block("")));
    assert_eq!(err.path, "template.outputs[0].listCard.items[0].blockId");
    let err = refused(ListCard::new("목록").item(ListItem::new("a").message("")));
    assert_eq!(
        err.path,
        "template.outputs[0].listCard.items[0].messageText"
    );
}

// --- carousel ------------------------------------------------------------------------------

#[test]
fn carousel_has_one_to_ten_items() {
    let cards = |n| (0..n).map(|i| BasicCard::new(thumb()).title(format!("{i}")));
    assert!(build(Carousel::basic_cards(cards(10))).is_ok());
    let err = refused(Carousel::basic_cards(cards(11)));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].carousel.items: 11 items > 10"
    );
    let err = refused(Carousel::basic_cards(cards(0)));
    assert_eq!(err.violation, Violation::TooFew { count: 0, min: 1 });
    let commerce = (0..11).map(|_| CommerceCard::new(1, thumb()));
    assert!(build(Carousel::commerce_cards(commerce)).is_err());
    let items = (0..11).map(|_| item_card(1));
    assert!(build(Carousel::item_cards(items)).is_err());
}

#[test]
fn list_card_carousel_has_at_most_five() {
    assert!(build(Carousel::list_cards((0..5).map(|_| list_card(1)))).is_ok());
    let err = refused(Carousel::list_cards((0..6).map(|_| list_card(1))));
    assert_eq!(err.violation, Violation::TooMany { count: 6, max: 5 });
}

#[test]
fn carousel_header_is_refused_for_text_and_list_cards() {
    let header = || CarouselHeader::new("제목", "설명", thumb());
    let err = refused(Carousel::text_cards([TextCard::new().title("a")]).header(header()));
    assert_eq!(err.path, "template.outputs[0].carousel.header");
    assert!(build(Carousel::list_cards([list_card(1)]).header(header())).is_err());
    assert!(build(Carousel::basic_cards([BasicCard::new(thumb())]).header(header())).is_ok());
    let err = refused(
        Carousel::basic_cards([BasicCard::new(thumb())]).header(CarouselHeader::new(
            "",
            "설명",
            thumb(),
        )),
    );
    assert_eq!(err.path, "template.outputs[0].carousel.header.title");
}

#[test]
fn carousel_thumbnails_share_one_ratio() {
    let err = refused(Carousel::basic_cards([
        BasicCard::new(thumb()),
        BasicCard::new(thumb().fixed_ratio(true)),
    ]));
    assert_eq!(err.path, "template.outputs[0].carousel.items[1].thumbnail");
    assert!(
        build(Carousel::basic_cards([
            BasicCard::new(thumb().fixed_ratio(false)),
            BasicCard::new(thumb()),
        ]))
        .is_ok()
    );
}

#[test]
fn carousel_item_errors_name_their_index() {
    let err = refused(Carousel::commerce_cards([
        CommerceCard::new(1, thumb()).title("ok"),
        CommerceCard::new(1, thumb()),
        CommerceCard::new(1, thumb()),
        CommerceCard::new(1, thumb()).title(ko(31)),
    ]));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].carousel.items[3].title: 31 chars > 30"
    );
}

// --- itemCard ------------------------------------------------------------------------------

#[test]
fn item_card_list_is_one_to_ten_and_five_in_a_carousel() {
    assert!(build(item_card(10)).is_ok());
    let err = refused(item_card(11));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].itemCard.itemList: 11 items > 10"
    );
    assert!(refused(item_card(0)).violation == Violation::TooFew { count: 0, min: 1 });
    assert!(build(Carousel::item_cards([item_card(5)])).is_ok());
    let err = refused(Carousel::item_cards([item_card(6)]));
    assert_eq!(err.path, "template.outputs[0].carousel.items[0].itemList");
}

#[test]
fn item_card_row_titles_are_at_most_six() {
    assert!(build(ItemCard::new().item(ko(6), "값")).is_ok());
    let err = refused(ItemCard::new().item(ko(7), "값"));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].itemCard.itemList[0].title: 7 chars > 6"
    );
    let err = refused(ItemCard::new().item("상품", ""));
    assert_eq!(
        err.path,
        "template.outputs[0].itemCard.itemList[0].description"
    );
}

#[test]
fn item_card_summary_title_six_description_fourteen() {
    assert!(build(item_card(1).summary(ko(6), "1,234,567,890원")).is_ok());
    let err = refused(item_card(1).summary(ko(7), "1원"));
    assert_eq!(
        err.path,
        "template.outputs[0].itemCard.itemListSummary.title"
    );
    let err = refused(item_card(1).summary("합계", "12,345,678,901원"));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].itemCard.itemListSummary.description: 15 chars > 14"
    );
}

#[test]
fn item_card_title_and_description_share_200_or_100_in_a_carousel() {
    let card = |t: usize, d: usize| item_card(1).title(ko(t)).description(ko(d));
    assert!(build(card(100, 100)).is_ok());
    let err = refused(card(100, 101));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].itemCard.title+description: 201 chars > 200"
    );
    assert!(build(Carousel::item_cards([card(50, 50)])).is_ok());
    let err = refused(Carousel::item_cards([card(50, 51)]));
    assert_eq!(err.violation, Violation::TooLong { len: 101, max: 100 });
}

#[test]
fn item_card_description_requires_a_title() {
    let err = refused(item_card(1).description("설명"));
    assert_eq!(err.path, "template.outputs[0].itemCard.description");
}

#[test]
fn item_card_head_and_profile_exclude_each_other() {
    let err = refused(
        item_card(1)
            .head("헤드")
            .profile(ItemProfile::new("프로필")),
    );
    assert_eq!(err.path, "template.outputs[0].itemCard");
    assert!(build(item_card(1).head("헤드")).is_ok());
}

#[test]
fn item_card_profile_title_is_at_most_fifteen() {
    assert!(build(item_card(1).profile(ItemProfile::new(ko(15)))).is_ok());
    let err = refused(item_card(1).profile(ItemProfile::new(ko(16))));
    assert_eq!(
        err.to_string(),
        "template.outputs[0].itemCard.profile.title: 16 chars > 15"
    );
}

#[test]
fn item_card_carousel_uses_sections_on_all_cards_or_none() {
    let err = refused(Carousel::item_cards([
        item_card(1).head("헤드"),
        item_card(1),
    ]));
    assert_eq!(err.path, "template.outputs[0].carousel.items[1].head");
    assert!(
        build(Carousel::item_cards([
            item_card(1).head("a"),
            item_card(1).head("b")
        ]))
        .is_ok()
    );
}

#[test]
fn item_card_thumbnail_alt_text_is_at_most_fifty() {
    let err = refused(item_card(1).thumbnail(thumb().alt_text(ko(51))));
    assert_eq!(err.path, "template.outputs[0].itemCard.thumbnail.altText");
}

#[test]
fn published_constants_match_the_reference() {
    assert_eq!(limits::SIMPLE_TEXT_MAX, 1000);
    assert_eq!(limits::MAX_OUTPUTS, 3);
    assert_eq!(limits::MAX_QUICK_REPLIES, 10);
    assert_eq!(limits::SOFT_RESPONSE_BYTES, 30_720);
}
