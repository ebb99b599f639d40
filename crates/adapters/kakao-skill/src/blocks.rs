//! Open Builder blocks by name. Replies point at blocks by id; the ids live in the scenario
//! file (`config/scenario.toml`), which also drives the local chat playground.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Blocks the skills link to. Each maps to exactly one skill route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// Main menu.
    Home,
    /// Join form (name and phone slots).
    MemberJoin,
    /// My page menu.
    MyPage,
    /// Profile card.
    Profile,
    /// Phone change (phone slot).
    ChangePhone,
    /// Withdrawal (asks, then executes with `extra.confirm`).
    Withdraw,
    /// Hot deals carousel (`extra.cursor` for the next five).
    HotDeals,
    /// Profile image upload (secure-image slot `profile_image`).
    ProfileImage,
    /// Notices list (`extra.page`).
    Notices,
    /// One notice (`extra.notice_id`).
    NoticeDetail,
    /// Category picker (`extra.purpose` = browse | register).
    ProductCategories,
    /// Listing preview before saving (listing slots, `extra.category`).
    ProductPreview,
    /// Saves a listing (slots or the `product` context).
    ProductRegister,
    /// On-sale and reserved listings, newest first (`extra.cursor`).
    ProductsLatest,
    /// Listings of one category (`extra.category`, `extra.cursor`).
    ProductsByCategory,
    /// Keyword search (`params.keyword` or `extra.keyword`, `extra.cursor`).
    ProductSearch,
    /// One listing with the viewer's actions (`extra.product_id`).
    ProductDetail,
    /// Owner changes a listing's status (`extra.product_id`, `extra.status`).
    ProductStatus,
    /// My listings by status (`extra.status`, `extra.cursor`).
    MyProducts,
    /// My orders as buyer (`extra.page`).
    Purchases,
    /// One of my purchases (`extra.order_id`).
    PurchaseDetail,
    /// My orders as seller (`extra.page`).
    Sales,
    /// One of my sales (`extra.order_id`).
    SaleDetail,
    /// Seller enters or changes the tracking number (slot `tracking_number`, `extra.order_id`).
    TrackingNumber,
    /// Buyer confirms receipt (asks, then executes with `extra.confirm`).
    ConfirmPurchase,
    /// Seller confirms the sale (asks, then executes with `extra.confirm`).
    ConfirmSale,
    /// Buyer cancels before shipping and is refunded (asks first).
    CancelOrder,
}

impl Block {
    /// Every block, for scenario validation.
    pub const ALL: [Self; 27] = [
        Self::Home,
        Self::MemberJoin,
        Self::MyPage,
        Self::Profile,
        Self::ChangePhone,
        Self::Withdraw,
        Self::HotDeals,
        Self::ProfileImage,
        Self::Notices,
        Self::NoticeDetail,
        Self::ProductCategories,
        Self::ProductPreview,
        Self::ProductRegister,
        Self::ProductsLatest,
        Self::ProductsByCategory,
        Self::ProductSearch,
        Self::ProductDetail,
        Self::ProductStatus,
        Self::MyProducts,
        Self::Purchases,
        Self::PurchaseDetail,
        Self::Sales,
        Self::SaleDetail,
        Self::TrackingNumber,
        Self::ConfirmPurchase,
        Self::ConfirmSale,
        Self::CancelOrder,
    ];

    /// The name used in the scenario file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Home => "HOME",
            Self::MemberJoin => "MEMBER_JOIN",
            Self::MyPage => "MY_PAGE",
            Self::Profile => "PROFILE",
            Self::ChangePhone => "CHANGE_PHONE",
            Self::Withdraw => "WITHDRAW",
            Self::HotDeals => "HOT_DEALS",
            Self::ProfileImage => "PROFILE_IMAGE",
            Self::Notices => "NOTICES",
            Self::NoticeDetail => "NOTICE_DETAIL",
            Self::ProductCategories => "PRODUCT_CATEGORIES",
            Self::ProductPreview => "PRODUCT_PREVIEW",
            Self::ProductRegister => "PRODUCT_REGISTER",
            Self::ProductsLatest => "PRODUCTS_LATEST",
            Self::ProductsByCategory => "PRODUCTS_BY_CATEGORY",
            Self::ProductSearch => "PRODUCT_SEARCH",
            Self::ProductDetail => "PRODUCT_DETAIL",
            Self::ProductStatus => "PRODUCT_STATUS",
            Self::MyProducts => "MY_PRODUCTS",
            Self::Purchases => "PURCHASES",
            Self::PurchaseDetail => "PURCHASE_DETAIL",
            Self::Sales => "SALES",
            Self::SaleDetail => "SALE_DETAIL",
            Self::TrackingNumber => "TRACKING_NUMBER",
            Self::ConfirmPurchase => "CONFIRM_PURCHASE",
            Self::ConfirmSale => "CONFIRM_SALE",
            Self::CancelOrder => "CANCEL_ORDER",
        }
    }

    /// The skill route the block calls.
    #[must_use]
    pub fn route(self) -> &'static str {
        match self {
            Self::Home => "/skill/home",
            Self::MemberJoin => "/skill/members/join",
            Self::MyPage => "/skill/members/me",
            Self::Profile => "/skill/members/profile",
            Self::ChangePhone => "/skill/members/phone",
            Self::Withdraw => "/skill/members/withdraw",
            Self::HotDeals => "/skill/deals",
            Self::ProfileImage => "/skill/members/profile-image",
            Self::Notices => "/skill/notices",
            Self::NoticeDetail => "/skill/notices/detail",
            Self::ProductCategories => "/skill/products/categories",
            Self::ProductPreview => "/skill/products/preview",
            Self::ProductRegister => "/skill/products/register",
            Self::ProductsLatest => "/skill/products/latest",
            Self::ProductsByCategory => "/skill/products/category",
            Self::ProductSearch => "/skill/products/search",
            Self::ProductDetail => "/skill/products/detail",
            Self::ProductStatus => "/skill/products/status",
            Self::MyProducts => "/skill/products/mine",
            Self::Purchases => "/skill/orders/purchases",
            Self::PurchaseDetail => "/skill/orders/purchase",
            Self::Sales => "/skill/orders/sales",
            Self::SaleDetail => "/skill/orders/sale",
            Self::TrackingNumber => "/skill/orders/tracking-number",
            Self::ConfirmPurchase => "/skill/orders/confirm-purchase",
            Self::ConfirmSale => "/skill/orders/confirm-sale",
            Self::CancelOrder => "/skill/orders/cancel",
        }
    }
}

/// A block as the scenario file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
    /// Skill route called by the block.
    pub route: String,
    /// Block id in Open Builder; the name when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// What the block is for, shown in docs and the playground.
    #[serde(default)]
    pub description: String,
    /// Utterances that trigger the block.
    #[serde(default)]
    pub utterances: Vec<String>,
    /// Slots Open Builder fills before calling the skill.
    #[serde(default)]
    pub slots: Vec<SlotSpec>,
}

/// One block parameter (slot).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SlotSpec {
    /// Parameter name, read as `params.<name>`.
    pub name: String,
    /// Question asked until the slot is filled.
    pub prompt: String,
    /// Validation skill field (`/skill/validate/<field>`), if any.
    #[serde(default)]
    pub validate: Option<String>,
    /// Entity type, e.g. `sys.plugin.secureimage` for photos.
    #[serde(default)]
    pub entity: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    blocks: BTreeMap<String, BlockSpec>,
}

/// The scenario file is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// Not valid TOML or not the expected shape.
    #[error("scenario file is malformed: {0}")]
    Malformed(String),
    /// A block the code links to is missing or calls another route.
    #[error("scenario block {name} must exist and call {route}")]
    Mismatch {
        /// Block name.
        name: &'static str,
        /// Route the code expects.
        route: &'static str,
    },
}

/// The scenario: block names to specs.
#[derive(Debug, Clone)]
pub struct Blocks {
    specs: BTreeMap<String, BlockSpec>,
}

impl Blocks {
    /// Parses the scenario file and checks every block the code links to.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the first problem.
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        let file: ScenarioFile =
            toml::from_str(text).map_err(|e| ScenarioError::Malformed(e.to_string()))?;
        let blocks = Self { specs: file.blocks };
        for block in Block::ALL {
            match blocks.specs.get(block.name()) {
                Some(spec) if spec.route == block.route() => {}
                _ => {
                    return Err(ScenarioError::Mismatch {
                        name: block.name(),
                        route: block.route(),
                    });
                }
            }
        }
        Ok(blocks)
    }

    /// The Open Builder id of a block.
    #[must_use]
    pub fn id(&self, block: Block) -> &str {
        self.specs
            .get(block.name())
            .and_then(|s| s.id.as_deref())
            .unwrap_or(block.name())
    }

    /// Every block of the scenario, by name.
    #[must_use]
    pub fn specs(&self) -> &BTreeMap<String, BlockSpec> {
        &self.specs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../../config/scenario.toml");

    #[test]
    fn shipped_scenario_names_every_block_with_its_route() {
        let blocks = Blocks::from_toml(SHIPPED);
        assert!(blocks.is_ok(), "{:?}", blocks.err());
    }

    #[test]
    fn block_id_defaults_to_name_and_can_be_overridden() {
        let mut text = String::from(SHIPPED);
        text = text.replacen(
            "route = \"/skill/home\"",
            "route = \"/skill/home\"\nid = \"65a1b2c3d4\"",
            1,
        );
        let blocks = Blocks::from_toml(&text).ok();
        assert_eq!(
            blocks.as_ref().map(|b| b.id(Block::Home)),
            Some("65a1b2c3d4")
        );
        assert_eq!(
            blocks.as_ref().map(|b| b.id(Block::MyPage)),
            Some("MY_PAGE")
        );
    }

    #[test]
    fn wrong_route_is_refused() {
        let text = SHIPPED.replacen("\"/skill/members/me\"", "\"/skill/members/mine\"", 1);
        assert!(matches!(
            Blocks::from_toml(&text),
            Err(ScenarioError::Mismatch {
                name: "MY_PAGE",
                ..
            })
        ));
    }
}
