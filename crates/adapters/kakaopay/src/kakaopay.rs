//! The current Kakao Pay single-payment API: `POST {api_base}/online/v1/payment/{op}`,
//! `Authorization: SECRET_KEY {key}`, JSON.

use std::time::Duration;

use anyhow::{Context as _, anyhow};
use async_trait::async_trait;
use chrono::Utc;
use junggye_orders::{
    Approval, ApproveRequest, CancelRequest, Cancellation, GatewayError, GatewayOrder,
    GatewayPaymentState, PaymentGateway, PaymentMethod, ReadyRequest, ReadySession, Tid, Won,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::dto::{
    ApproveBody, ApproveResponse, CancelBody, CancelResponse, ErrorBody, OrderBody, OrderResponse,
    ReadyBody, ReadyResponse, kst,
};

#[derive(Clone)]
pub struct KakaoPayConfig {
    /// `https://open-api.kakaopay.com` in production; a local server in tests.
    pub api_base: String,
    /// The Secret key (dev or prod).
    pub secret_key: String,
    /// Merchant code; `TC0ONETIME` for tests.
    pub cid: String,
    /// Whole-request timeout. Kakao Pay answers within its own 11 s limit, so 15 s (the
    /// default) tells a slow answer from a lost one.
    pub timeout: Duration,
}

impl std::fmt::Debug for KakaoPayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KakaoPayConfig")
            .field("api_base", &self.api_base)
            .field("secret_key", &"<redacted>")
            .field("cid", &self.cid)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl KakaoPayConfig {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
}

#[derive(Debug, Clone)]
pub struct KakaoPayGateway {
    client: reqwest::Client,
    config: KakaoPayConfig,
}

impl KakaoPayGateway {
    /// A client for this configuration.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (TLS backend initialisation).
    pub fn new(mut config: KakaoPayConfig) -> anyhow::Result<Self> {
        config.api_base = config.api_base.trim_end_matches('/').to_owned();
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(5)))
            .build()
            .context("building the Kakao Pay HTTP client")?;
        Ok(Self { client, config })
    }

    async fn post<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        op: &str,
        body: &B,
    ) -> Result<T, GatewayError> {
        let url = format!("{}/online/v1/payment/{op}", self.config.api_base);
        let response = self
            .client
            .post(&url)
            .header(
                reqwest::header::AUTHORIZATION,
                format!("SECRET_KEY {}", self.config.secret_key),
            )
            .json(body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport_error)?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .with_context(|| format!("unreadable Kakao Pay {op} response"))
                .map_err(GatewayError::Unexpected);
        }
        let error = serde_json::from_slice::<ErrorBody>(&bytes).ok();
        if let Some(e) = &error {
            tracing::warn!(
                op,
                http = status.as_u16(),
                code = e.error_code,
                message = e.error_message.as_deref().unwrap_or_default(),
                "Kakao Pay refused a call"
            );
        }
        Err(map_error(status.as_u16(), error))
    }
}

fn transport_error(e: reqwest::Error) -> GatewayError {
    if e.is_timeout() {
        GatewayError::Timeout
    } else if e.is_connect() {
        GatewayError::Unavailable { code: None }
    } else {
        GatewayError::Unexpected(anyhow!(e).context("calling Kakao Pay"))
    }
}

/// Codes: docs/kakao-protocol.md, Kakao Pay errors.
fn map_error(http: u16, body: Option<ErrorBody>) -> GatewayError {
    let Some(body) = body else {
        return if http >= 500 {
            GatewayError::Unavailable { code: None }
        } else {
            GatewayError::Unexpected(anyhow!(
                "Kakao Pay answered HTTP {http} without an error body"
            ))
        };
    };
    match body.error_code {
        -702 => GatewayError::AlreadyApproved,
        -785 => GatewayError::Duplicate,
        -429 | -500 | -503 => GatewayError::Unavailable {
            code: Some(body.error_code),
        },
        code @ (-780 | -781) => GatewayError::Declined {
            code,
            method_result: body.extras.and_then(|x| x.method_result_code),
        },
        code if http >= 500 => GatewayError::Unavailable { code: Some(code) },
        code => GatewayError::Rejected { code },
    }
}

#[async_trait]
impl PaymentGateway for KakaoPayGateway {
    fn backend(&self) -> &'static str {
        "kakaopay"
    }

    fn cid(&self) -> String {
        self.config.cid.clone()
    }

    async fn ready(&self, request: &ReadyRequest) -> Result<ReadySession, GatewayError> {
        let body = ReadyBody {
            cid: &self.config.cid,
            partner_order_id: request.order_no.as_str(),
            partner_user_id: &request.partner_user_id,
            item_name: &request.item_name,
            quantity: 1,
            total_amount: request.amount.0,
            tax_free_amount: 0,
            approval_url: &request.approval_url,
            cancel_url: &request.cancel_url,
            fail_url: &request.fail_url,
        };
        let res: ReadyResponse = self.post("ready", &body).await?;
        let mobile_url = res
            .next_redirect_mobile_url
            .filter(|u| !u.is_empty())
            .ok_or_else(|| anyhow!("Kakao Pay ready without next_redirect_mobile_url"))?;
        Ok(ReadySession {
            tid: Tid(res.tid),
            pc_url: res
                .next_redirect_pc_url
                .unwrap_or_else(|| mobile_url.clone()),
            mobile_url,
        })
    }

    async fn approve(&self, request: &ApproveRequest) -> Result<Approval, GatewayError> {
        let body = ApproveBody {
            cid: &self.config.cid,
            tid: &request.tid.0,
            partner_order_id: request.order_no.as_str(),
            partner_user_id: &request.partner_user_id,
            pg_token: &request.pg_token,
            total_amount: request.amount.0,
        };
        let res: ApproveResponse = self.post("approve", &body).await?;
        let amount = res
            .amount
            .ok_or_else(|| anyhow!("Kakao Pay approve without amount"))?;
        Ok(Approval {
            aid: res.aid,
            method: PaymentMethod::from_code(res.payment_method_type.as_deref().unwrap_or("")),
            amount: amount.into(),
            card: res.card_info.map(Into::into),
            approved_at: kst(res.approved_at.as_deref()).unwrap_or_else(Utc::now),
        })
    }

    async fn cancel(&self, request: &CancelRequest) -> Result<Cancellation, GatewayError> {
        let body = CancelBody {
            cid: &self.config.cid,
            tid: &request.tid.0,
            cancel_amount: request.amount.0,
            cancel_tax_free_amount: request.tax_free_amount.0,
        };
        let res: CancelResponse = self.post("cancel", &body).await?;
        Ok(Cancellation {
            cancelled_amount: Won(res
                .approved_cancel_amount
                .map_or(request.amount.0, |a| a.total)),
            cancel_available_amount: Won(res.cancel_available_amount.map_or(0, |a| a.total)),
            cancelled_at: kst(res.canceled_at.as_deref()).unwrap_or_else(Utc::now),
        })
    }

    async fn order(&self, tid: &Tid) -> Result<GatewayOrder, GatewayError> {
        let body = OrderBody {
            cid: &self.config.cid,
            tid: &tid.0,
        };
        let res: OrderResponse = self.post("order", &body).await?;
        Ok(GatewayOrder {
            state: GatewayPaymentState::from_code(&res.status),
            amount: res.amount.map(Into::into),
            method: res
                .payment_method_type
                .filter(|m| !m.is_empty())
                .map(|m| PaymentMethod::from_code(&m)),
            approved_at: kst(res.approved_at.as_deref()),
            cancelled_at: kst(res.canceled_at.as_deref()),
        })
    }
}
