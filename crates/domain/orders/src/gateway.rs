//! The payment gateway's vocabulary, free of HTTP: what ready/approve/cancel/order lookup take
//! and give back, and how they fail.

use chrono::{DateTime, Utc};

use crate::model::{OrderNo, PaymentMethod, Tid, Won};

/// Ready: open a payment for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyRequest {
    /// `partner_order_id`.
    pub order_no: OrderNo,
    /// `partner_user_id`: an opaque id, never personal data (Kakao Pay's rule).
    pub partner_user_id: String,
    /// `item_name` (the listing's name).
    pub item_name: String,
    /// `total_amount`, fixed now.
    pub amount: Won,
    /// Where the gateway sends the browser after authentication.
    pub approval_url: String,
    /// Where it sends a buyer who cancels.
    pub cancel_url: String,
    /// Where it sends a failed or expired payment.
    pub fail_url: String,
}

/// Ready's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadySession {
    /// The transaction id; stored server-side.
    pub tid: Tid,
    /// The page for a mobile browser (KakaoTalk's in-app browser).
    pub mobile_url: String,
    /// The page for a PC browser.
    pub pc_url: String,
}

/// Approve: capture the payment after the buyer authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproveRequest {
    /// From ready.
    pub tid: Tid,
    /// Same as ready.
    pub order_no: OrderNo,
    /// Same as ready.
    pub partner_user_id: String,
    /// From the approval redirect.
    pub pg_token: String,
    /// Sent so the gateway refuses an amount different from ready's.
    pub amount: Won,
}

/// The amounts of an approval, in won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AmountBreakdown {
    /// Total charged.
    pub total: i64,
    pub tax_free: i64,
    pub vat: i64,
    /// Paid with points.
    pub point: i64,
    pub discount: i64,
    /// Cup deposit.
    pub green_deposit: i64,
}

/// `card_info` of a card approval, kept for support.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardInfo {
    /// Acquirer name.
    pub purchase_corp: Option<String>,
    /// Acquirer code.
    pub purchase_corp_code: Option<String>,
    /// Issuer name.
    pub issuer_corp: Option<String>,
    /// Issuer code.
    pub issuer_corp_code: Option<String>,
    /// Card BIN.
    pub bin: Option<String>,
    /// Credit/check card.
    pub card_type: Option<String>,
    /// Installment months (`"00"`).
    pub install_month: Option<String>,
    /// Card approval number.
    pub approved_id: Option<String>,
    /// Card merchant id.
    pub card_mid: Option<String>,
    /// `Y` / `N`.
    pub interest_free_install: Option<String>,
    /// `CARD_INSTALLMENT` | `SHARE_INSTALLMENT`.
    pub installment_type: Option<String>,
    pub card_item_code: Option<String>,
}

/// A captured payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// Id of the approve call; absent when the approval was learned from an order lookup.
    pub aid: Option<String>,
    /// How the buyer paid.
    pub method: PaymentMethod,
    /// What was charged.
    pub amount: AmountBreakdown,
    /// Card details (card payments only).
    pub card: Option<CardInfo>,
    /// When the gateway approved it.
    pub approved_at: DateTime<Utc>,
}

/// Cancel (refund) a captured payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelRequest {
    /// From ready.
    pub tid: Tid,
    /// Amount to refund (the whole payment here).
    pub amount: Won,
    /// Tax-free part of it.
    pub tax_free_amount: Won,
}

/// A refund the gateway confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    /// Refunded by this call.
    pub cancelled_amount: Won,
    /// Still refundable after it.
    pub cancel_available_amount: Won,
    pub cancelled_at: DateTime<Utc>,
}

/// A payment's state at the gateway (order lookup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayPaymentState {
    /// Still in the buyer's hands (`READY`, `SEND_TMS`, `OPEN_PAYMENT`, `SELECT_METHOD`,
    /// `ARS_WAITING`, `AUTH_PASSWORD`).
    InProgress,
    /// Captured (`SUCCESS_PAYMENT`).
    Paid,
    /// Partly refunded (`PART_CANCEL_PAYMENT`).
    PartlyCancelled,
    /// Fully refunded (`CANCEL_PAYMENT`).
    Cancelled,
    /// Never captured (`FAIL_AUTH_PASSWORD`, `QUIT_PAYMENT`, `FAIL_PAYMENT`).
    Failed,
    /// A status this code does not know; treated as "ask again later".
    Unknown(String),
}

impl GatewayPaymentState {
    /// From Kakao Pay's `status`.
    #[must_use]
    pub fn from_code(code: &str) -> Self {
        match code {
            "READY" | "SEND_TMS" | "OPEN_PAYMENT" | "SELECT_METHOD" | "ARS_WAITING"
            | "AUTH_PASSWORD" => Self::InProgress,
            "SUCCESS_PAYMENT" => Self::Paid,
            "PART_CANCEL_PAYMENT" => Self::PartlyCancelled,
            "CANCEL_PAYMENT" => Self::Cancelled,
            "FAIL_AUTH_PASSWORD" | "QUIT_PAYMENT" | "FAIL_PAYMENT" => Self::Failed,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

/// Order lookup's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayOrder {
    pub state: GatewayPaymentState,
    /// The amounts, once approved.
    pub amount: Option<AmountBreakdown>,
    /// How the buyer paid, once approved.
    pub method: Option<PaymentMethod>,
    /// Approval time, once approved.
    pub approved_at: Option<DateTime<Utc>>,
    /// Refund time, once cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// How a gateway call failed. The text is for logs only, never for users.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// `-702`: this tid was already approved (e.g. a repeated redirect).
    #[error("payment already approved")]
    AlreadyApproved,
    /// `-785`: the same approve/cancel is already being processed.
    #[error("duplicate payment request")]
    Duplicate,
    /// `-780` and other refusals of the payment itself (`extras.method_result_code`).
    #[error("payment declined ({code}, {method_result:?})")]
    Declined {
        /// Kakao Pay's `error_code`.
        code: i32,
        /// `extras.method_result_code`, e.g. `USER_LOCKED`.
        method_result: Option<String>,
    },
    /// A refusal that points at our configuration or request (`-400`, `-401`, `-403`, `-731`, ...).
    #[error("request rejected by the gateway ({code})")]
    Rejected {
        /// Kakao Pay's `error_code`.
        code: i32,
    },
    /// The gateway is down, in maintenance or over quota (`-500`, `-503`, `-429`, HTTP 5xx).
    #[error("gateway unavailable ({code:?})")]
    Unavailable {
        /// Kakao Pay's `error_code`, when it sent one.
        code: Option<i32>,
    },
    /// No answer in time: the call may or may not have taken effect.
    #[error("gateway timed out")]
    Timeout,
    /// Transport failure or an answer that could not be understood.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl GatewayError {
    /// A short code stored on a failed payment for support.
    #[must_use]
    pub fn code(&self) -> String {
        match self {
            Self::AlreadyApproved => "-702".to_owned(),
            Self::Duplicate => "-785".to_owned(),
            Self::Declined {
                code,
                method_result: Some(m),
            } => format!("{code}:{m}"),
            Self::Declined { code, .. } | Self::Rejected { code } => code.to_string(),
            Self::Unavailable { code: Some(c) } => c.to_string(),
            Self::Unavailable { code: None } => "unavailable".to_owned(),
            Self::Timeout => "timeout".to_owned(),
            Self::Unexpected(_) => "unexpected".to_owned(),
        }
    }
}
