//! Fraud cautions (contract §10): a listing whose text asks to move the talk to an outside
//! messenger, or carries a bank account or a phone number, shows its detail's viewers a caution
//! and is flagged for admins. Those are how the usual 중고 scams begin (leave the platform, pay
//! in advance to an account); prices, model numbers and dates must not trip it.

use std::sync::LazyLock;

use regex::Regex;

/// Why a listing's text calls for a caution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caution {
    /// Asks for a 카톡 / 라인 / 텔레그램 id or a private chat.
    OutsideMessenger,
    BankAccount,
    PhoneNumber,
}

impl Caution {
    /// What the detail shows; every text contains `주의`.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::OutsideMessenger => {
                "⚠ 주의: 외부 메신저로 연락을 유도하는 글이에요. 대화와 거래는 중계나라 안에서 하세요."
            }
            Self::BankAccount => {
                "⚠ 주의: 계좌번호가 적힌 글이에요. 선입금을 요구하면 카카오페이 결제를 이용하세요."
            }
            Self::PhoneNumber => {
                "⚠ 주의: 전화번호가 적힌 글이에요. 개인정보와 외부 연락에 조심하세요."
            }
        }
    }

    /// The admin API's code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::OutsideMessenger => "outside_messenger",
            Self::BankAccount => "bank_account",
            Self::PhoneNumber => "phone_number",
        }
    }
}

static MESSENGER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        텔레그램 | telegram | 텔레\s*(아이디|id)
        | (카톡|카카오톡|라인|line|위챗|wechat)\s*(아이디|아뒤|id|친추|친구\s*추가|주세요|으로\s*연락|로\s*연락)
        | (개인|따로|1:1)\s*(카톡|톡|연락|메신저)
        ",
    )
    .ok()
});

/// A Korean mobile number, with or without separators.
static PHONE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(^|[^\d])01[016789][\s.\-]?\d{3,4}[\s.\-]?\d{4}([^\d]|$)").ok());

/// A bank or a word about paying into an account, then, within a few characters, a number of
/// 10 to 16 digits (a date has 8; a tracking number farther from the word does not count).
static ACCOUNT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(계좌|입금|송금|국민은행|국민|신한|우리은행|하나은행|농협|기업은행|카카오뱅크|케이뱅크|토스뱅크|새마을금고|우체국|예금주)[^\d]{0,10}(\d[\d\s\-]{8,}\d)",
    )
    .ok()
});

fn found(pattern: &LazyLock<Option<Regex>>, text: &str) -> bool {
    pattern.as_ref().is_some_and(|re| re.is_match(text))
}

fn has_account(text: &str) -> bool {
    ACCOUNT.as_ref().is_some_and(|re| {
        re.captures_iter(text).any(|c| {
            c.get(2).is_some_and(|number| {
                let digits = number.as_str().chars().filter(char::is_ascii_digit).count();
                (10..=16).contains(&digits) && !found(&PHONE, number.as_str())
            })
        })
    })
}

/// The cautions a listing's name and description call for, most serious first.
#[must_use]
pub fn cautions(name: &str, description: &str) -> Vec<Caution> {
    let text = format!("{name}\n{description}");
    let mut out = Vec::new();
    if found(&MESSENGER, &text) {
        out.push(Caution::OutsideMessenger);
    }
    if has_account(&text) {
        out.push(Caution::BankAccount);
    }
    if found(&PHONE, &text) {
        out.push(Caution::PhoneNumber);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(description: &str) -> Vec<Caution> {
        cautions("아이폰 15 프로 256GB", description)
    }

    #[test]
    fn outside_messenger_requests_are_cautioned() {
        for text in [
            "자세한 건 카톡 아이디 abc123 으로 연락주세요",
            "카톡id: seller77",
            "텔레그램 @fastdeal 로 주세요",
            "라인 아이디 알려드릴게요",
            "개인 카톡으로 연락 부탁드려요",
            "LINE ID: deal_01",
        ] {
            assert_eq!(of(text), vec![Caution::OutsideMessenger], "{text}");
        }
    }

    #[test]
    fn bank_accounts_and_phone_numbers_are_cautioned() {
        assert_eq!(
            of("선입금 부탁드려요. 국민은행 123456-78-901234 홍길동"),
            vec![Caution::BankAccount]
        );
        assert_eq!(
            of("계좌 3333-01-2345678 로 송금해 주시면 바로 보내요"),
            vec![Caution::BankAccount]
        );
        assert_eq!(of("연락처 010-1234-5678"), vec![Caution::PhoneNumber]);
        assert_eq!(of("전화 01098765432 주세요"), vec![Caution::PhoneNumber]);
        assert_eq!(of("문자 010 1234 5678"), vec![Caution::PhoneNumber]);
    }

    #[test]
    fn prices_model_numbers_dates_and_ordinary_words_are_not() {
        for text in [
            "25,000원에 팝니다. 네고 가능",
            "모델명 SM-G998N, 2024-03-15 구매, 영수증 있어요",
            "시리얼 F2LZK0ABCD12, 1TB, 배터리 성능 89%",
            "오픈채팅으로 문의 주세요",
            "온라인 강의용으로 썼어요. 라인업 중 가장 가벼운 모델",
            "카톡 선물하기로 받은 상품이에요",
            "입금 확인 후 택배 발송, 운송장번호 123456789012 알려드려요",
            "2023.12.25 구매 / 정가 1,290,000원",
        ] {
            assert_eq!(of(text), Vec::<Caution>::new(), "{text}");
        }
    }

    #[test]
    fn every_message_says_caution() {
        for caution in [
            Caution::OutsideMessenger,
            Caution::BankAccount,
            Caution::PhoneNumber,
        ] {
            assert!(caution.message().contains("주의"));
        }
    }
}
