//! The board parser on pages it was not written for: random text, and real fixture pages cut,
//! spliced and sprinkled with markup. It must never panic, and every link it returns must be
//! absolute http(s) (the cards link out with them).

use junggye_crawler::BoardParser;
use proptest::prelude::*;
use url::Url;

const LIST: &str = include_str!("fixtures/list/page1.html");

fn base() -> Url {
    Url::parse("https://board.example/hotdeal/").unwrap_or_else(|_| unreachable!())
}

fn mangled() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("<div class=\"list_item\">".to_owned()),
            Just("</div>".to_owned()),
            Just("<a href=\"".to_owned()),
            Just("\">".to_owned()),
            Just("javascript:alert(1)".to_owned()),
            Just("//evil.example/x".to_owned()),
            Just("http://[::1".to_owned()),
            Just("￦ 25,900 (KRW)".to_owned()),
            "\\PC{0,40}",
        ],
        0..40,
    );
    (0..LIST.len(), pieces).prop_map(|(cut, pieces)| {
        let mut cut = cut;
        while !LIST.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = LIST.split_at(cut);
        format!("{head}{}{tail}", pieces.concat())
    })
}

proptest! {
    #[test]
    fn any_page_parses_without_panicking_into_absolute_links(page in prop_oneof!["\\PC{0,2000}", mangled()]) {
        let parser = BoardParser::new().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for deal in parser.parse_list(&page, &base()) {
            for link in [Some(&deal.post_url), deal.image_url.as_ref()].into_iter().flatten() {
                let url = Url::parse(link).map_err(|e| TestCaseError::fail(format!("{link}: {e}")))?;
                prop_assert!(matches!(url.scheme(), "http" | "https"), "{link}");
            }
        }
        let _ = parser.parse_detail(&page, &base());
    }
}
