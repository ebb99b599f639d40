//! The demo data set: members, listings in every category, notices. Plain text; the seeder
//! validates every field through the domain's own constructors.

use junggye_products::notices::NoticeStatus;
use junggye_products::{Category, ProductStatus};

/// A demo member. `user_key` is the Kakao botUserKey: type it in the playground's user box to
/// act as this member.
pub struct DemoMember {
    /// Stable botUserKey.
    pub user_key: &'static str,
    /// Nickname shown on listings.
    pub nickname: &'static str,
    pub phone: &'static str,
    /// Their open-chat room (sellers usually keep one for all their listings).
    pub open_chat: &'static str,
}

/// The demo members; sellers first.
pub const MEMBERS: &[DemoMember] = &[
    DemoMember {
        user_key: "demo-seller-1",
        nickname: "민지네 옷장",
        phone: "010-2345-6789",
        open_chat: "https://open.kakao.com/o/sMj7kQ2a",
    },
    DemoMember {
        user_key: "demo-seller-2",
        nickname: "도윤전자",
        phone: "010-3456-7812",
        open_chat: "https://open.kakao.com/o/gDy4pX9c",
    },
    DemoMember {
        user_key: "demo-seller-3",
        nickname: "서연책방",
        phone: "010-5678-1234",
        open_chat: "https://open.kakao.com/o/sSy2bK7e",
    },
    DemoMember {
        user_key: "demo-buyer-1",
        nickname: "알뜰구매 준호",
        phone: "010-8765-4321",
        open_chat: "https://open.kakao.com/o/gJh5nT3w",
    },
    DemoMember {
        user_key: "demo-buyer-2",
        nickname: "하은",
        phone: "010-4321-8765",
        open_chat: "https://open.kakao.com/o/sHe8vR1m",
    },
];

pub struct DemoListing {
    /// Index into [`MEMBERS`].
    pub seller: usize,
    pub category: Category,
    /// Name (unique per seller: the seeder recognises an already seeded listing by it).
    pub name: &'static str,
    /// Price in won.
    pub price: i64,
    pub description: &'static str,
    /// Where to meet.
    pub location: &'static str,
    /// Status after seeding.
    pub status: ProductStatus,
    /// Photos to draw, 1 to 3.
    pub photos: u32,
}

const fn listing(
    seller: usize,
    category: Category,
    name: &'static str,
    price: i64,
    description: &'static str,
    location: &'static str,
    photos: u32,
) -> DemoListing {
    DemoListing {
        seller,
        category,
        name,
        price,
        description,
        location,
        status: ProductStatus::OnSale,
        photos,
    }
}

const fn with_status(mut listing: DemoListing, status: ProductStatus) -> DemoListing {
    listing.status = status;
    listing
}

use Category::{
    Appliances, Beauty, Books, Digital, Etc, Fashion, Furniture, Hobby, Sports, Tickets,
};

/// The demo listings, oldest first (the seeder stores them in this order).
pub const LISTINGS: &[DemoListing] = &[
    listing(
        0,
        Fashion,
        "나이키 에어포스1 270 화이트",
        65_000,
        "두 번 신은 거의 새 제품입니다. 박스 있고 밑창 깨끗해요.\n사이즈가 안 맞아서 내놓습니다.",
        "서울 노원구 중계동",
        2,
    ),
    listing(
        0,
        Fashion,
        "자라 울 블렌드 롱코트 M 카멜",
        48_000,
        "작년 겨울에 구매해서 한 시즌 입었습니다. 드라이 클리닝 완료했어요.",
        "서울 노원구 중계동",
        3,
    ),
    with_status(
        listing(
            0,
            Fashion,
            "코치 미니 크로스백 블랙",
            120_000,
            "정품이고 영수증 있습니다. 모서리 까짐 없이 깨끗합니다.",
            "서울 노원구 하계동",
            2,
        ),
        ProductStatus::Reserved,
    ),
    listing(
        0,
        Fashion,
        "뉴발란스 993 그레이 260",
        150_000,
        "미국산 993입니다. 실착 5회 미만, 정품 택 있어요. 직거래 우선합니다.",
        "서울 노원구 중계동",
        1,
    ),
    listing(
        1,
        Appliances,
        "다이슨 V12 무선청소기",
        420_000,
        "2023년 구매, 배터리 상태 좋습니다. 거치대와 헤드 전부 드려요.",
        "서울 강남구 역삼동",
        3,
    ),
    listing(
        1,
        Appliances,
        "쿠쿠 6인용 IH 압력밥솥",
        85_000,
        "이사하면서 정리합니다. 내솥 코팅 멀쩡하고 고무패킹 새로 갈았어요.",
        "서울 송파구 잠실동",
        2,
    ),
    listing(
        1,
        Appliances,
        "LG 퓨리케어 공기청정기",
        130_000,
        "필터 지난달 교체했습니다. 소음 거의 없어요. 택배 불가, 직거래만 합니다.",
        "경기 성남시 분당구 정자동",
        1,
    ),
    with_status(
        listing(
            1,
            Appliances,
            "발뮤다 토스터 화이트",
            160_000,
            "선물 받고 몇 번 안 썼어요. 구성품 모두 있습니다.",
            "서울 강남구 역삼동",
            2,
        ),
        ProductStatus::Reserved,
    ),
    listing(
        2,
        Furniture,
        "이케아 말름 서랍장 6칸 화이트",
        70_000,
        "조립 상태 그대로 가져가셔야 합니다. 1톤 트럭이면 충분해요.",
        "서울 마포구 망원동",
        2,
    ),
    listing(
        2,
        Furniture,
        "원목 4인 식탁 세트",
        180_000,
        "의자 4개 포함, 생활 기스 조금 있습니다. 사진 참고해주세요.",
        "경기 고양시 일산동구 장항동",
        3,
    ),
    listing(
        2,
        Furniture,
        "시디즈 T50 사무용 의자",
        110_000,
        "재택할 때 쓰던 의자입니다. 메쉬 찢어짐 없고 틸팅 잘 됩니다.",
        "서울 관악구 신림동",
        1,
    ),
    listing(
        0,
        Beauty,
        "설화수 자음생 크림 60ml 미개봉",
        95_000,
        "면세점에서 구매한 미개봉 새 제품입니다. 유통기한 2027년까지예요.",
        "서울 노원구 상계동",
        1,
    ),
    listing(
        0,
        Beauty,
        "다이슨 에어랩 컴플리트 롱",
        450_000,
        "1년 사용했고 정상 작동합니다. 파우치와 브러시 전부 있어요.",
        "서울 노원구 중계동",
        3,
    ),
    listing(
        4,
        Beauty,
        "이니스프리 립밤 세트 3종",
        12_000,
        "선물 세트 중복이라 팝니다. 택배비 별도예요.",
        "인천 연수구 송도동",
        1,
    ),
    listing(
        3,
        Tickets,
        "스타벅스 아메리카노 기프티콘 5장",
        18_000,
        "유효기간 넉넉합니다. 바코드 캡처로 바로 보내드려요.",
        "서울 성동구 성수동",
        1,
    ),
    with_status(
        listing(
            3,
            Tickets,
            "롯데월드 종합이용권 2매",
            70_000,
            "주말 사용 가능합니다. 모바일 티켓으로 전달드려요.",
            "서울 송파구 잠실동",
            1,
        ),
        ProductStatus::Reserved,
    ),
    listing(
        4,
        Tickets,
        "CGV 영화관람권 2매",
        20_000,
        "일반 2D 관람권입니다. 올해 말까지 사용 가능해요.",
        "서울 은평구 불광동",
        1,
    ),
    listing(
        1,
        Digital,
        "아이폰 13 미니 128GB 미드나이트",
        420_000,
        "배터리 성능 88%, 액정 기스 없고 항상 케이스 끼워 썼어요.\n공기계이고 유심만 꽂으면 바로 사용 가능합니다.",
        "서울 노원구 중계동",
        3,
    ),
    listing(
        1,
        Digital,
        "갤럭시 S23 울트라 256GB 크림",
        650_000,
        "자급제 모델, 잔상 없습니다. 충전기와 박스 같이 드려요.",
        "서울 강남구 역삼동",
        2,
    ),
    listing(
        1,
        Digital,
        "맥북 에어 M2 13인치 8GB 256GB",
        950_000,
        "사이클 120회, 외관 S급입니다. 애플케어 내년 3월까지 남았어요.",
        "경기 성남시 분당구 정자동",
        3,
    ),
    listing(
        1,
        Digital,
        "아이패드 에어 5세대 64GB 스페이스그레이",
        480_000,
        "필름 붙여서 사용했습니다. 애플펜슬 2세대 같이 드릴 수 있어요(+5만).",
        "서울 마포구 망원동",
        2,
    ),
    with_status(
        listing(
            1,
            Digital,
            "에어팟 프로 2세대 C타입",
            190_000,
            "정품 등록 확인 가능합니다. 이어팁 새것으로 교체했어요.",
            "서울 노원구 중계동",
            2,
        ),
        ProductStatus::Sold,
    ),
    listing(
        2,
        Books,
        "해리포터 전집 양장판 7권",
        85_000,
        "책장에만 꽂아 둔 거의 새 책입니다. 밑줄이나 낙서 없어요.",
        "서울 관악구 신림동",
        2,
    ),
    listing(
        2,
        Books,
        "수학의 정석 기본편 세트",
        15_000,
        "필기 조금 있습니다. 고등학생 자녀 두신 분께 추천해요.",
        "서울 노원구 중계동",
        1,
    ),
    listing(
        2,
        Books,
        "혼자 공부하는 파이썬 개정판",
        13_000,
        "한 번 완독했고 상태 깨끗합니다. 반값 택배 가능해요.",
        "부산 해운대구 우동",
        1,
    ),
    with_status(
        listing(
            2,
            Books,
            "토지 1~20권 전집",
            60_000,
            "박경리 토지 전집입니다. 무거워서 직거래만 가능해요.",
            "서울 은평구 불광동",
            2,
        ),
        ProductStatus::Reserved,
    ),
    listing(
        3,
        Hobby,
        "닌텐도 스위치 OLED 화이트",
        290_000,
        "조이콘 쏠림 없고 독, 충전기 전부 있습니다. 게임 칩은 별도예요.",
        "서울 성동구 성수동",
        3,
    ),
    listing(
        3,
        Hobby,
        "레고 테크닉 포르쉐 911 GT3 RS",
        280_000,
        "완성 후 전시만 했습니다. 박스와 설명서 모두 있어요.",
        "인천 연수구 송도동",
        2,
    ),
    listing(
        3,
        Hobby,
        "아이유 정규 5집 LP 미개봉",
        75_000,
        "미개봉 새 제품입니다. 포장 비닐 그대로예요.",
        "서울 마포구 망원동",
        1,
    ),
    listing(
        4,
        Hobby,
        "야마하 통기타 FG800",
        150_000,
        "입문용으로 좋아요. 케이스와 카포 같이 드립니다.",
        "경기 고양시 일산동구 장항동",
        2,
    ),
    listing(
        4,
        Sports,
        "삼천리 하이브리드 자전거 700C",
        190_000,
        "작년 봄에 구매, 출퇴근용으로 탔습니다. 타이어 새로 갈았어요.",
        "서울 송파구 잠실동",
        3,
    ),
    listing(
        4,
        Sports,
        "요넥스 배드민턴 라켓 아크세이버 11",
        110_000,
        "스트링 새로 맸습니다. 그립 교체해서 드려요.",
        "서울 관악구 신림동",
        1,
    ),
    listing(
        3,
        Sports,
        "캠핑 의자 헬리녹스 체어원 2개",
        160_000,
        "두 번 캠핑 가서 썼어요. 파우치 포함입니다.",
        "경기 성남시 분당구 정자동",
        2,
    ),
    listing(
        0,
        Sports,
        "룰루레몬 요가매트 5mm",
        55_000,
        "집에서 몇 번 사용했습니다. 냄새나 눌림 없어요.",
        "서울 노원구 중계동",
        1,
    ),
    listing(
        4,
        Etc,
        "이사 박스 20개 일괄",
        10_000,
        "이사 끝나고 남은 박스입니다. 테이프 자국 조금 있어요.",
        "서울 은평구 불광동",
        1,
    ),
    listing(
        2,
        Etc,
        "화분 몬스테라 대형",
        35_000,
        "잎 12장, 잘 자라고 있어요. 화분째 드립니다.",
        "서울 마포구 망원동",
        2,
    ),
    listing(
        3,
        Etc,
        "반려견 이동장 M사이즈",
        25_000,
        "소형견용 이동장입니다. 세척해서 드려요.",
        "서울 성동구 성수동",
        1,
    ),
];

pub struct DemoNotice {
    /// Title (the seeder recognises an already seeded notice by it).
    pub title: &'static str,
    pub body: &'static str,
    /// Pinned or published.
    pub status: NoticeStatus,
}

/// The demo notices, oldest first.
pub const NOTICES: &[DemoNotice] = &[
    DemoNotice {
        title: "설 연휴 택배 배송 안내",
        body: "설 연휴 기간에는 택배사 휴무로 배송이 늦어질 수 있습니다. 운송장 번호는 발송 후 꼭 입력해주세요.",
        status: NoticeStatus::Published,
    },
    DemoNotice {
        title: "안전거래 수칙",
        body: "판매자가 카카오페이 결제 대신 계좌이체를 요구하면 거래를 멈추고 신고해주세요. 직거래는 사람이 많은 곳에서 하세요.",
        status: NoticeStatus::Published,
    },
    DemoNotice {
        title: "중계나라에 오신 것을 환영합니다",
        body: "카카오톡에서 바로 사고파는 동네 중고장터, 중계나라입니다. 메인 메뉴에서 판매하기를 눌러 첫 상품을 올려보세요.",
        status: NoticeStatus::Pinned,
    },
];

/// Pools for synthetic listings (`--listings N`): varied names per category from a base and an
/// optional detail, so a keyword such as 아이폰 matches a realistic share of them.
pub struct SyntheticPool {
    pub category: Category,
    /// Product bases with a typical price in won.
    pub bases: &'static [(&'static str, i64)],
    /// Details appended to a base (model, colour, condition).
    pub details: &'static [&'static str],
}

/// One pool per category.
pub const SYNTHETIC: &[SyntheticPool] = &[
    SyntheticPool {
        category: Fashion,
        bases: &[
            ("나이키 덩크 로우", 110_000),
            ("아디다스 삼바", 90_000),
            ("노스페이스 눕시 패딩", 180_000),
            ("유니클로 울 니트", 20_000),
            ("무신사 스탠다드 슬랙스", 25_000),
            ("폴로 랄프로렌 셔츠", 45_000),
            ("닥터마틴 1460 부츠", 120_000),
            ("마르헨제이 숄더백", 40_000),
        ],
        details: &[
            "250",
            "260",
            "270",
            "S",
            "M",
            "L",
            "블랙",
            "네이비",
            "새상품",
            "1회 착용",
        ],
    },
    SyntheticPool {
        category: Appliances,
        bases: &[
            ("다이슨 청소기", 300_000),
            ("삼성 비스포크 냉장고", 900_000),
            ("LG 트롬 건조기", 700_000),
            ("쿠쿠 밥솥", 80_000),
            ("필립스 에어프라이어", 60_000),
            ("브레빌 커피머신", 450_000),
            ("위닉스 제습기", 120_000),
            ("샤오미 로봇청소기", 200_000),
        ],
        details: &[
            "2023년식",
            "2022년식",
            "화이트",
            "실버",
            "미개봉",
            "풀박스",
            "A급",
        ],
    },
    SyntheticPool {
        category: Furniture,
        bases: &[
            ("이케아 책상", 50_000),
            ("한샘 침대 프레임", 150_000),
            ("원목 책장", 60_000),
            ("패브릭 소파", 200_000),
            ("시디즈 의자", 120_000),
            ("LED 스탠드 조명", 25_000),
            ("거실 러그", 40_000),
        ],
        details: &[
            "퀸",
            "슈퍼싱글",
            "1200",
            "화이트",
            "월넛",
            "그레이",
            "직거래만",
        ],
    },
    SyntheticPool {
        category: Beauty,
        bases: &[
            ("설화수 에센스", 70_000),
            ("조말론 향수", 120_000),
            ("다이슨 에어랩", 400_000),
            ("이니스프리 세트", 15_000),
            ("헤라 쿠션", 30_000),
            ("바비브라운 립스틱", 25_000),
        ],
        details: &["미개봉", "50ml", "100ml", "새상품", "리필 포함"],
    },
    SyntheticPool {
        category: Tickets,
        bases: &[
            ("스타벅스 기프티콘", 5_000),
            ("CGV 관람권", 10_000),
            ("에버랜드 자유이용권", 45_000),
            ("배민 상품권", 20_000),
            ("뮤지컬 티켓", 90_000),
            ("콘서트 티켓", 150_000),
        ],
        details: &["2매", "1매", "5장", "R석", "주말", "평일"],
    },
    SyntheticPool {
        category: Digital,
        bases: &[
            ("아이폰 15 프로", 1_000_000),
            ("아이폰 14", 650_000),
            ("아이폰 13 미니", 420_000),
            ("아이폰 SE 3세대", 250_000),
            ("갤럭시 S24 울트라", 1_000_000),
            ("갤럭시 Z 플립5", 550_000),
            ("아이패드 에어", 500_000),
            ("맥북 에어 M2", 950_000),
            ("맥북 프로 14", 1_800_000),
            ("에어팟 프로 2세대", 190_000),
            ("갤럭시 버즈2 프로", 90_000),
            ("소니 WH-1000XM5", 280_000),
            ("LG 그램 16", 900_000),
            ("갤럭시탭 S9", 600_000),
        ],
        details: &[
            "128GB",
            "256GB",
            "512GB",
            "블랙",
            "실버",
            "S급",
            "자급제",
            "미개봉",
            "풀박스",
        ],
    },
    SyntheticPool {
        category: Books,
        bases: &[
            ("해리포터 전집", 70_000),
            ("수학의 정석", 10_000),
            ("토익 보카", 8_000),
            ("이것이 자바다", 20_000),
            ("어린이 과학동화 전집", 50_000),
            ("원피스 만화책", 3_000),
        ],
        details: &["세트", "1~10권", "개정판", "새책", "밑줄 없음"],
    },
    SyntheticPool {
        category: Hobby,
        bases: &[
            ("닌텐도 스위치", 250_000),
            ("플레이스테이션 5", 450_000),
            ("레고 테크닉", 150_000),
            ("아이유 LP", 60_000),
            ("통기타", 120_000),
            ("디지털 피아노", 300_000),
            ("포켓몬 카드", 10_000),
        ],
        details: &[
            "OLED",
            "디스크 에디션",
            "미개봉",
            "풀박스",
            "한정판",
            "중고",
        ],
    },
    SyntheticPool {
        category: Sports,
        bases: &[
            ("로드 자전거", 600_000),
            ("하이브리드 자전거", 200_000),
            ("골프 드라이버", 250_000),
            ("배드민턴 라켓", 80_000),
            ("캠핑 텐트", 180_000),
            ("요가매트", 30_000),
            ("덤벨 세트", 50_000),
        ],
        details: &[
            "입문용",
            "상급자용",
            "S급",
            "2인용",
            "4인용",
            "10kg",
            "거의 새것",
        ],
    },
    SyntheticPool {
        category: Etc,
        bases: &[
            ("반려견 이동장", 25_000),
            ("화분", 15_000),
            ("이사 박스", 5_000),
            ("유아 카시트", 80_000),
            ("캣타워", 40_000),
            ("공구 세트", 35_000),
        ],
        details: &["대형", "소형", "일괄", "새것", "무료나눔급"],
    },
];

/// Where synthetic listings meet.
pub const LOCATIONS: &[&str] = &[
    "서울 노원구 중계동",
    "서울 노원구 상계동",
    "서울 노원구 하계동",
    "서울 강남구 역삼동",
    "서울 마포구 망원동",
    "서울 송파구 잠실동",
    "서울 관악구 신림동",
    "서울 성동구 성수동",
    "서울 은평구 불광동",
    "경기 성남시 분당구 정자동",
    "경기 고양시 일산동구 장항동",
    "경기 수원시 영통구 영통동",
    "인천 연수구 송도동",
    "부산 해운대구 우동",
    "대구 수성구 범어동",
    "대전 유성구 봉명동",
];

/// Description openings and closings for synthetic listings.
pub const DESCRIPTIONS: &[&str] = &[
    "상태 좋습니다. 사진 참고해주세요.",
    "거의 새것이에요. 직거래 우선합니다.",
    "생활 기스 조금 있지만 사용에는 문제 없어요.",
    "이사 때문에 급하게 정리합니다. 네고 가능해요.",
    "구매 후 몇 번 안 썼습니다. 박스 있어요.",
    "택배 거래 가능합니다. 택배비는 별도예요.",
];
