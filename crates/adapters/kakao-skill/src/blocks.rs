//! Open Builder blocks by name, and the table that declares every skill once: its block, the
//! block's name in the scenario file (`config/scenario.toml`), its route and its handler.
//! Replies point at blocks by id; the ids live in the scenario file, which also drives the
//! local chat playground.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::dispatch::SkillFn;
use crate::handlers::{
    alerts, deals, home, likes, members, notices, notifications, offers, order_actions, orders,
    product_care, product_register, products, profile_image, public_profile, reviews, safety,
};

/// Generates `Block` with `ALL`, `name`, `route` and `skill` from one entry per skill, so that
/// the four cannot drift apart (the router mounts what `skill` returns at `route`).
macro_rules! skills {
    ($($(#[$doc:meta])* $block:ident => $name:literal, $route:literal, $handler:path;)+) => {
        /// Blocks the skills link to. Each maps to exactly one skill route.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Block {
            $($(#[$doc])* $block,)+
        }

        impl Block {
            /// Every block, for scenario validation.
            pub const ALL: [Self; [$($name),+].len()] = [$(Self::$block),+];

            /// The name used in the scenario file.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$block => $name,)+
                }
            }

            #[must_use]
            pub fn route(self) -> &'static str {
                match self {
                    $(Self::$block => $route,)+
                }
            }

            // Boxed into one fn-pointer type so the router can mount every skill alike.
            pub(crate) fn skill(self) -> SkillFn {
                match self {
                    $(Self::$block => |state, payload| Box::pin($handler(state, payload)),)+
                }
            }
        }
    };
}

// A new skill: one entry here and its block in config/scenario.toml (the scenario test in
// tests/scenario.rs fails until both exist).
skills! {
    /// Main menu.
    Home => "HOME", "/skill/home", home::home;
    /// Join form (name and phone slots).
    MemberJoin => "MEMBER_JOIN", "/skill/members/join", members::join;
    MyPage => "MY_PAGE", "/skill/members/me", members::my_page;
    /// Profile card.
    Profile => "PROFILE", "/skill/members/profile", members::profile;
    /// Phone change (phone slot).
    ChangePhone => "CHANGE_PHONE", "/skill/members/phone", members::change_phone;
    /// Withdrawal (asks, then executes with `extra.confirm`).
    Withdraw => "WITHDRAW", "/skill/members/withdraw", members::withdraw;
    /// Hot deals carousel (`extra.cursor` for the next five).
    HotDeals => "HOT_DEALS", "/skill/deals", deals::deals;
    /// Profile image upload (secure-image slot `profile_image`).
    ProfileImage => "PROFILE_IMAGE", "/skill/members/profile-image", profile_image::profile_image;
    /// Notices list (`extra.page`).
    Notices => "NOTICES", "/skill/notices", notices::list;
    /// One notice (`extra.notice_id`).
    NoticeDetail => "NOTICE_DETAIL", "/skill/notices/detail", notices::detail;
    /// Category picker (`extra.purpose` = browse | register).
    ProductCategories => "PRODUCT_CATEGORIES", "/skill/products/categories",
        product_register::categories;
    /// Listing preview before saving (listing slots, `extra.category`).
    ProductPreview => "PRODUCT_PREVIEW", "/skill/products/preview", product_register::preview;
    /// Saves a listing (slots or the `product` context).
    ProductRegister => "PRODUCT_REGISTER", "/skill/products/register",
        product_register::register;
    /// On-sale and reserved listings, newest first (`extra.cursor`).
    ProductsLatest => "PRODUCTS_LATEST", "/skill/products/latest", products::latest;
    /// Listings of one category (`extra.category`, `extra.cursor`).
    ProductsByCategory => "PRODUCTS_BY_CATEGORY", "/skill/products/category",
        products::by_category;
    /// Keyword search (`params.keyword` or `extra.keyword`, `extra.cursor`).
    ProductSearch => "PRODUCT_SEARCH", "/skill/products/search", products::search;
    /// One listing with the viewer's actions (`extra.product_id`).
    ProductDetail => "PRODUCT_DETAIL", "/skill/products/detail", products::detail;
    /// Owner changes a listing's status (`extra.product_id`, `extra.status`).
    ProductStatus => "PRODUCT_STATUS", "/skill/products/status", products::change_status;
    /// My listings by status (`extra.status`, `extra.cursor`).
    MyProducts => "MY_PRODUCTS", "/skill/products/mine", products::mine;
    /// My orders as buyer (`extra.page`).
    Purchases => "PURCHASES", "/skill/orders/purchases", orders::purchases;
    /// One of my purchases (`extra.order_id`).
    PurchaseDetail => "PURCHASE_DETAIL", "/skill/orders/purchase", orders::purchase;
    /// My orders as seller (`extra.page`).
    Sales => "SALES", "/skill/orders/sales", orders::sales;
    /// One of my sales (`extra.order_id`).
    SaleDetail => "SALE_DETAIL", "/skill/orders/sale", orders::sale;
    /// Seller enters or changes the tracking number (slot `tracking_number`, `extra.order_id`).
    TrackingNumber => "TRACKING_NUMBER", "/skill/orders/tracking-number",
        order_actions::tracking_number;
    /// Buyer confirms receipt (asks, then executes with `extra.confirm`).
    ConfirmPurchase => "CONFIRM_PURCHASE", "/skill/orders/confirm-purchase",
        order_actions::confirm_purchase;
    /// Seller confirms the sale (asks, then executes with `extra.confirm`).
    ConfirmSale => "CONFIRM_SALE", "/skill/orders/confirm-sale", order_actions::confirm_sale;
    /// Buyer cancels before shipping and is refunded (asks first).
    CancelOrder => "CANCEL_ORDER", "/skill/orders/cancel", order_actions::cancel;
    /// My notifications, newest first, unread marked; showing a page marks it read
    /// (`extra.page`).
    Notifications => "NOTIFICATIONS", "/skill/notifications", notifications::inbox;
    /// The Event API's event block: the pushed notification (`notification_id` in the
    /// action's or request's params or the user's properties), else the newest unread.
    NotificationEvent => "NOTIFICATION_EVENT", "/skill/events/notification",
        notifications::event;
    /// Push on/off per group (`extra.kind` = trade | keyword | like, `extra.enabled`).
    NotificationSettings => "NOTIFICATION_SETTINGS", "/skill/settings/notifications",
        notifications::settings;
    /// 찜하기 / 찜 취소 of a listing (`extra.product_id`).
    LikeToggle => "LIKE_TOGGLE", "/skill/likes/toggle", likes::toggle;
    /// My liked listings, newest like first (`extra.page`).
    Likes => "LIKES", "/skill/likes", likes::list;
    /// My alert keywords, each with a delete button.
    Alerts => "ALERTS", "/skill/alerts", alerts::list;
    /// Adds an alert keyword (slot `keyword`).
    AlertAdd => "ALERT_ADD", "/skill/alerts/add", alerts::add;
    /// Removes an alert keyword (`extra.keyword`).
    AlertRemove => "ALERT_REMOVE", "/skill/alerts/remove", alerts::remove;
    /// A buyer offers a price (slot `price`, `extra.product_id`).
    OfferMake => "OFFER_MAKE", "/skill/offers/make", offers::make;
    /// My received or sent offers (`extra.role`, `extra.page`).
    Offers => "OFFERS", "/skill/offers", offers::list;
    /// The seller accepts or rejects an offer (`extra.offer_id`, `extra.decision`).
    OfferRespond => "OFFER_RESPOND", "/skill/offers/respond", offers::respond;
    /// A review of the other party of a completed trade (`extra.order_id`, `extra.rating` =
    /// great | good | bad, optional `params.text`); without a rating it asks for one.
    ReviewWrite => "REVIEW_WRITE", "/skill/reviews/write", reviews::write;
    /// A member's public profile and on-sale listings (`extra.member_id`, `extra.cursor`).
    PublicProfile => "PUBLIC_PROFILE", "/skill/members/public-profile",
        public_profile::public_profile;
    /// Reports a listing or a member (`extra.product_id` or `extra.member_id`,
    /// `extra.reason`); without a reason it asks for one.
    ReportMake => "REPORT_MAKE", "/skill/reports/make", safety::report;
    /// Blocks or unblocks a member (`extra.member_id`).
    BlockToggle => "BLOCK_TOGGLE", "/skill/blocks/toggle", safety::toggle_block;
    /// The owner edits a listing (`extra.product_id`; any of `params.name`, `price`,
    /// `description`, `location`, `open_chat_url`, `images`); without any, shows the form.
    ProductEdit => "PRODUCT_EDIT", "/skill/products/edit", product_care::edit;
    /// The owner bumps (끌올) an on-sale listing to the top (`extra.product_id`).
    ProductBump => "PRODUCT_BUMP", "/skill/products/bump", product_care::bump;
    /// One field of the edit, asked by its own slot (the edit form's quick replies).
    ProductEditName => "PRODUCT_EDIT_NAME", "/skill/products/edit/name", product_care::edit;
    ProductEditPrice => "PRODUCT_EDIT_PRICE", "/skill/products/edit/price", product_care::edit;
    ProductEditDescription => "PRODUCT_EDIT_DESCRIPTION", "/skill/products/edit/description",
        product_care::edit;
    ProductEditLocation => "PRODUCT_EDIT_LOCATION", "/skill/products/edit/location",
        product_care::edit;
    ProductEditOpenChat => "PRODUCT_EDIT_OPEN_CHAT", "/skill/products/edit/open-chat-url",
        product_care::edit;
    ProductEditPhotos => "PRODUCT_EDIT_PHOTOS", "/skill/products/edit/images", product_care::edit;
}

/// A block as the scenario file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
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
