//! The board's HTML, read with the seed's Jsoup selectors carried over as CSS.
//!
//! Parsing is synchronous and returns owned values: `scraper::Html` is not `Send`, so it must
//! never live across an `.await`.

use junggye_deals::{DealDetail, ListedDeal};
use scraper::{ElementRef, Html, Selector};
use url::Url;

/// The seed's row selector, verbatim (docs/contract.md, hot deals).
const ROWS: &str = "#frmSearch > div > div.list-board-wrap > \
     div.market-type-list.market-info-type-list.relative > table > tbody > tr";
const SUBJECT_LINK: &str = "a.subject-link";
const TITLE: &str = "span.ellipsis-with-reply-cnt";
const PRICE: &str = "span.text-orange";
const CATEGORY: &str = "span.category";
const LABEL: &str = "span.label";
const IMAGE: &str = "img.maxImg";
const BRAND_ICON: &str = "span.brand > img";
const PURCHASE_LINK: &str = "table.market-info-view-table > tbody > tr:nth-child(1) > td > a";
const SHOP: &str = "table.market-info-view-table > tbody > tr:nth-child(2) > td";

/// Compiled selectors for the list and detail pages.
#[derive(Debug)]
pub struct BoardParser {
    rows: Selector,
    subject_link: Selector,
    title: Selector,
    price: Selector,
    category: Selector,
    label: Selector,
    image: Selector,
    brand_icon: Selector,
    purchase_link: Selector,
    shop: Selector,
}

fn selector(css: &str) -> anyhow::Result<Selector> {
    Selector::parse(css).map_err(|error| anyhow::anyhow!("bad selector {css:?}: {error}"))
}

impl BoardParser {
    /// Compiles the selectors.
    ///
    /// # Errors
    /// Only if a selector constant is invalid, which the tests rule out.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            rows: selector(ROWS)?,
            subject_link: selector(SUBJECT_LINK)?,
            title: selector(TITLE)?,
            price: selector(PRICE)?,
            category: selector(CATEGORY)?,
            label: selector(LABEL)?,
            image: selector(IMAGE)?,
            brand_icon: selector(BRAND_ICON)?,
            purchase_link: selector(PURCHASE_LINK)?,
            shop: selector(SHOP)?,
        })
    }

    /// Every deal row of a list page, links resolved against `base` (the page's URL).
    ///
    /// Rows without a subject link (an "no posts" placeholder, an ad) are left out; ended and
    /// blinded rows are kept, for the domain to judge.
    #[must_use]
    pub fn parse_list(&self, html: &str, base: &Url) -> Vec<ListedDeal> {
        let document = Html::parse_document(html);
        document
            .select(&self.rows)
            .filter_map(|row| self.parse_row(row, base))
            .collect()
    }

    fn parse_row(&self, row: ElementRef<'_>, base: &Url) -> Option<ListedDeal> {
        let link = row.select(&self.subject_link).next()?;
        let post_url = resolve(base, link.value().attr("href")?)?;
        let first_text = |selector: &Selector| {
            row.select(selector)
                .next()
                .map(|element| text_of(element))
                .unwrap_or_default()
        };
        let label = Some(first_text(&self.label)).filter(|label| !label.is_empty());
        let image_url = row.select(&self.image).next().and_then(|image| {
            let value = image.value();
            // Lazy-loading themes leave `src` empty or a data: placeholder and put the real
            // address in `data-src`.
            [value.attr("src"), value.attr("data-src")]
                .into_iter()
                .flatten()
                .find_map(|src| resolve(base, src))
        });
        let brand_icon_url = row
            .select(&self.brand_icon)
            .next()
            .and_then(|icon| icon.value().attr("src"))
            .and_then(|src| resolve(base, src));
        Some(ListedDeal {
            subject: text_of(link),
            title: first_text(&self.title),
            price_text: first_text(&self.price),
            category: first_text(&self.category),
            label,
            image_url,
            brand_icon_url,
            post_url,
        })
    }

    /// The purchase link and shop of a deal's page.
    ///
    /// The seed took the purchase URL from the link's *text* (the board shows the address
    /// there); when that text is not an http(s) address, the link's `href` is used instead.
    /// Anything but http(s) (a `javascript:` link) is dropped: it would become a Kakao button.
    #[must_use]
    pub fn parse_detail(&self, html: &str, base: &Url) -> DealDetail {
        let document = Html::parse_document(html);
        let purchase_url = document
            .select(&self.purchase_link)
            .next()
            .and_then(|link| {
                absolute_http(&text_of(link)).or_else(|| {
                    link.value()
                        .attr("href")
                        .and_then(|href| resolve(base, href))
                })
            });
        let shop = document
            .select(&self.shop)
            .next()
            .map(text_of)
            .filter(|shop| !shop.is_empty());
        DealDetail { purchase_url, shop }
    }
}

/// The element's text with runs of whitespace collapsed to one space, trimmed.
fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `raw` as an absolute http(s) URL on its own (no base).
fn absolute_http(raw: &str) -> Option<String> {
    Url::parse(raw.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .map(String::from)
}

/// `raw` resolved against `base`, kept only when it is http(s).
fn resolve(base: &Url, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with("data:") {
        return None;
    }
    base.join(raw)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://quasarzone.com/bbs/qb_saleinfo?page=1").unwrap()
    }

    #[test]
    fn selectors_compile() {
        BoardParser::new().unwrap();
    }

    #[test]
    fn resolves_relative_protocol_relative_and_absolute_links() {
        let base = base();
        assert_eq!(
            resolve(&base, "/bbs/qb_saleinfo/views/1").as_deref(),
            Some("https://quasarzone.com/bbs/qb_saleinfo/views/1")
        );
        assert_eq!(
            resolve(&base, "//img2.quasarzone.com/a.jpg").as_deref(),
            Some("https://img2.quasarzone.com/a.jpg")
        );
        assert_eq!(
            resolve(&base, "http://other.example/x").as_deref(),
            Some("http://other.example/x")
        );
        assert_eq!(resolve(&base, "javascript:alert(1)"), None);
        assert_eq!(resolve(&base, "data:image/gif;base64,R0l"), None);
        assert_eq!(resolve(&base, "  "), None);
    }

    #[test]
    fn tolerates_garbage_html() {
        let parser = BoardParser::new().unwrap();
        assert!(parser.parse_list("<<<not html", &base()).is_empty());
        assert_eq!(parser.parse_detail("", &base()), DealDetail::default());
    }
}
