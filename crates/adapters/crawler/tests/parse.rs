//! The seed's selectors against fixture pages shaped like the board's (tests/fixtures).

#![expect(clippy::unwrap_used, reason = "test helpers panic to report failures")]

use junggye_crawler::BoardParser;
use junggye_deals::{Deal, DealDetail, ListedDeal};
use url::Url;

const PAGE1: &str = include_str!("fixtures/list/page1.html");
const PAGE2: &str = include_str!("fixtures/list/page2.html");
const CHANGED: &str = include_str!("fixtures/list/changed.html");

fn base() -> Url {
    Url::parse("https://quasarzone.com/bbs/qb_saleinfo?page=1").unwrap()
}

fn page1() -> Vec<ListedDeal> {
    BoardParser::new().unwrap().parse_list(PAGE1, &base())
}

fn detail(id: u32) -> DealDetail {
    let html = std::fs::read_to_string(format!(
        "{}/tests/fixtures/detail/{id}.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let url = Url::parse(&format!(
        "https://quasarzone.com/bbs/qb_saleinfo/views/{id}"
    ))
    .unwrap();
    BoardParser::new().unwrap().parse_detail(&html, &url)
}

#[test]
fn reads_every_row_of_the_table_and_nothing_outside_it() {
    let rows = page1();
    assert_eq!(rows.len(), 10);
    // The header's "NEW" label lies outside the table and must not leak into a row.
    assert!(rows.iter().all(|row| row.label.as_deref() != Some("NEW")));
}

#[test]
fn reads_a_popular_row_completely() {
    let row = &page1()[0];
    assert_eq!(
        row,
        &ListedDeal {
            subject: "인기 [쿠팡] 삼성전자 990 PRO 2TB NVMe SSD 특가".into(),
            title: "[쿠팡] 삼성전자 990 PRO 2TB NVMe SSD 특가".into(),
            price_text: "￦ 189,000 (KRW)".into(),
            category: "PC/하드웨어".into(),
            label: Some("인기".into()),
            image_url: Some(
                "https://img2.quasarzone.com/qb_saleinfo/2026/11/24/thumb_1581001.jpg".into()
            ),
            brand_icon_url: Some("https://img2.quasarzone.com/brand/coupang.png".into()),
            post_url: "https://quasarzone.com/bbs/qb_saleinfo/views/1581001".into(),
        }
    );
    assert!(row.is_popular() && row.is_live());
}

#[test]
fn recognises_ended_and_blinded_rows() {
    let rows = page1();
    let ended: Vec<_> = rows
        .iter()
        .filter(|r| r.is_ended())
        .map(|r| r.post_url.as_str())
        .collect();
    let blinded: Vec<_> = rows
        .iter()
        .filter(|r| r.is_blinded())
        .map(|r| r.post_url.as_str())
        .collect();
    assert_eq!(
        ended,
        [
            "https://quasarzone.com/bbs/qb_saleinfo/views/1581003",
            "https://quasarzone.com/bbs/qb_saleinfo/views/1581009"
        ]
    );
    assert_eq!(
        blinded,
        ["https://quasarzone.com/bbs/qb_saleinfo/views/1581004"]
    );
    assert_eq!(rows.iter().filter(|r| r.is_live()).count(), 7);
}

#[test]
fn parses_the_odd_prices() {
    let rows = page1();
    let price = |id: &str| {
        let row = rows.iter().find(|r| r.post_url.ends_with(id)).unwrap();
        let deal = Deal::from_listing(row.clone(), DealDetail::default());
        (
            deal.price_text,
            deal.price.amount(),
            deal.price.currency().to_string(),
        )
    };
    assert_eq!(
        price("1581002"),
        ("1,234,000원 (KRW)".into(), Some(1_234_000), "KRW".into())
    );
    assert_eq!(price("1581005"), ("무료".into(), Some(0), "KRW".into()));
    assert_eq!(
        price("1581006"),
        ("$12.99 (USD)".into(), Some(12), "USD".into())
    );
    assert_eq!(price("1581008"), ("가격 문의".into(), None, "KRW".into()));
    assert_eq!(
        price("1581010"),
        ("$ 45.50 (USD)".into(), Some(45), "USD".into())
    );
}

#[test]
fn resolves_protocol_relative_images_and_tolerates_missing_icons() {
    let rows = page1();
    let amazon = rows
        .iter()
        .find(|r| r.post_url.ends_with("1581006"))
        .unwrap();
    assert_eq!(
        amazon.image_url.as_deref(),
        Some("https://img2.quasarzone.com/qb_saleinfo/2026/11/24/thumb_1581006.jpg")
    );
    let ramen = rows
        .iter()
        .find(|r| r.post_url.ends_with("1581007"))
        .unwrap();
    assert_eq!(ramen.brand_icon_url, None);
    let blinded = rows.iter().find(|r| r.is_blinded()).unwrap();
    assert_eq!(blinded.image_url, None, "an empty src is no image");
}

#[test]
fn resolves_links_against_a_local_source() {
    let base = Url::parse("http://127.0.0.1:8089/bbs/qb_saleinfo?page=2").unwrap();
    let rows = BoardParser::new().unwrap().parse_list(PAGE2, &base);
    assert_eq!(
        rows[1].post_url,
        "http://127.0.0.1:8089/bbs/qb_saleinfo/views/1580990"
    );
}

#[test]
fn changed_markup_yields_no_rows_rather_than_garbage() {
    assert!(
        BoardParser::new()
            .unwrap()
            .parse_list(CHANGED, &base())
            .is_empty()
    );
}

#[test]
fn detail_gives_purchase_url_from_the_link_text_and_the_shop() {
    assert_eq!(
        detail(1_581_001),
        DealDetail {
            purchase_url: Some("https://link.coupang.com/a/bXy12Q".into()),
            shop: Some("쿠팡".into()),
        }
    );
    assert_eq!(detail(1_581_005).shop.as_deref(), Some("Steam"), "trimmed");
}

#[test]
fn detail_falls_back_to_href_when_the_link_text_is_not_a_url() {
    assert_eq!(
        detail(1_581_006).purchase_url.as_deref(),
        Some("https://www.amazon.com/dp/B0CZ9LH5VT")
    );
}

#[test]
fn detail_drops_non_http_links() {
    let detail = detail(1_580_992);
    assert_eq!(detail.purchase_url, None);
    assert_eq!(detail.shop.as_deref(), Some("쿠팡"));
}

#[test]
fn detail_without_the_info_table_is_empty() {
    assert_eq!(detail(1_581_008), DealDetail::default());
}
