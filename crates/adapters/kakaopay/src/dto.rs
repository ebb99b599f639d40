//! Kakao Pay's JSON, as documented for `/online/v1/payment/*` (docs/kakao-protocol.md, Kakao Pay).

use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};
use junggye_domain_common::clock::KST;
use junggye_orders::{AmountBreakdown, CardInfo};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub(crate) struct ReadyBody<'a> {
    pub cid: &'a str,
    pub partner_order_id: &'a str,
    pub partner_user_id: &'a str,
    pub item_name: &'a str,
    pub quantity: i64,
    pub total_amount: i64,
    pub tax_free_amount: i64,
    pub approval_url: &'a str,
    pub cancel_url: &'a str,
    pub fail_url: &'a str,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReadyResponse {
    pub tid: String,
    #[serde(default)]
    pub next_redirect_mobile_url: Option<String>,
    #[serde(default)]
    pub next_redirect_pc_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ApproveBody<'a> {
    pub cid: &'a str,
    pub tid: &'a str,
    pub partner_order_id: &'a str,
    pub partner_user_id: &'a str,
    pub pg_token: &'a str,
    pub total_amount: i64,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct Amount {
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub tax_free: i64,
    #[serde(default)]
    pub vat: i64,
    #[serde(default)]
    pub point: i64,
    #[serde(default)]
    pub discount: i64,
    #[serde(default)]
    pub green_deposit: i64,
}

impl From<Amount> for AmountBreakdown {
    fn from(a: Amount) -> Self {
        Self {
            total: a.total,
            tax_free: a.tax_free,
            vat: a.vat,
            point: a.point,
            discount: a.discount,
            green_deposit: a.green_deposit,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct Card {
    // The current API prefixes the corp fields with `kakaopay_`; the legacy one did not.
    #[serde(default, alias = "purchase_corp")]
    pub kakaopay_purchase_corp: Option<String>,
    #[serde(default, alias = "purchase_corp_code")]
    pub kakaopay_purchase_corp_code: Option<String>,
    #[serde(default, alias = "issuer_corp")]
    pub kakaopay_issuer_corp: Option<String>,
    #[serde(default, alias = "issuer_corp_code")]
    pub kakaopay_issuer_corp_code: Option<String>,
    #[serde(default)]
    pub bin: Option<String>,
    #[serde(default)]
    pub card_type: Option<String>,
    #[serde(default)]
    pub install_month: Option<String>,
    #[serde(default)]
    pub approved_id: Option<String>,
    #[serde(default)]
    pub card_mid: Option<String>,
    #[serde(default)]
    pub interest_free_install: Option<String>,
    #[serde(default)]
    pub installment_type: Option<String>,
    #[serde(default)]
    pub card_item_code: Option<String>,
}

impl From<Card> for CardInfo {
    fn from(c: Card) -> Self {
        Self {
            purchase_corp: c.kakaopay_purchase_corp,
            purchase_corp_code: c.kakaopay_purchase_corp_code,
            issuer_corp: c.kakaopay_issuer_corp,
            issuer_corp_code: c.kakaopay_issuer_corp_code,
            bin: c.bin,
            card_type: c.card_type,
            install_month: c.install_month,
            approved_id: c.approved_id,
            card_mid: c.card_mid,
            interest_free_install: c.interest_free_install,
            installment_type: c.installment_type,
            card_item_code: c.card_item_code,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ApproveResponse {
    #[serde(default)]
    pub aid: Option<String>,
    #[serde(default)]
    pub payment_method_type: Option<String>,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub card_info: Option<Card>,
    #[serde(default)]
    pub approved_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CancelBody<'a> {
    pub cid: &'a str,
    pub tid: &'a str,
    pub cancel_amount: i64,
    pub cancel_tax_free_amount: i64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CancelResponse {
    #[serde(default)]
    pub approved_cancel_amount: Option<Amount>,
    #[serde(default)]
    pub cancel_available_amount: Option<Amount>,
    #[serde(default)]
    pub canceled_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct OrderBody<'a> {
    pub cid: &'a str,
    pub tid: &'a str,
}

#[derive(Debug, Deserialize)]
pub(crate) struct OrderResponse {
    pub status: String,
    #[serde(default)]
    pub payment_method_type: Option<String>,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub approved_at: Option<String>,
    #[serde(default)]
    pub canceled_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorBody {
    pub error_code: i32,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub extras: Option<ErrorExtras>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorExtras {
    #[serde(default)]
    pub method_result_code: Option<String>,
}

/// Kakao Pay's `yyyy-MM-ddTHH:mm:ss` carries no offset and is Korean time.
pub(crate) fn kst(raw: Option<&str>) -> Option<DateTime<Utc>> {
    let raw = raw?;
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()?;
    KST.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}
