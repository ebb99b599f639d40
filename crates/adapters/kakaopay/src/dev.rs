//! The embedded default's stand-in gateway: no network, no money. The app serves a local page
//! for [`DevSession`] that walks the same redirect flow as Kakao Pay, labelled not real.

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_orders::{
    AmountBreakdown, Approval, ApproveRequest, CancelRequest, Cancellation, GatewayError,
    GatewayOrder, GatewayPaymentState, PaymentGateway, PaymentMethod, ReadyRequest, ReadySession,
    Tid, Won,
};

/// Shown on the dev page and stored as the approval id: nobody can mistake these for money.
pub const DEV_MARKER: &str = "NOT-A-REAL-PAYMENT";

/// Refusal to build the dev gateway.
#[derive(Debug, thiserror::Error)]
pub enum DevGatewayError {
    /// `APP_ENV=production`: real buyers must never meet a fake payment.
    #[error(
        "the dev payment gateway is refused in production; set kakaopay.backend = \"kakaopay\""
    )]
    Production,
}

/// One payment the dev page is walking through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevSession {
    /// The fake tid.
    pub tid: Tid,
    /// What is "paid" for.
    pub item_name: String,
    pub amount: Won,
    /// Where the page's "pay" button goes (append `?pg_token=…`).
    pub approval_url: String,
    /// Where its "cancel" button goes.
    pub cancel_url: String,
    /// Where its "fail" button goes.
    pub fail_url: String,
    pub state: GatewayPaymentState,
    approved_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
}

/// The in-process gateway.
#[derive(Debug)]
pub struct DevGateway {
    page_base: String,
    sessions: Mutex<HashMap<String, DevSession>>,
}

impl DevGateway {
    /// The page of a session is `{page_base}/{tid}` (e.g. `http://localhost:8080/pay/dev`).
    ///
    /// # Errors
    /// [`DevGatewayError::Production`] when `is_production`.
    pub fn new(page_base: impl Into<String>, is_production: bool) -> Result<Self, DevGatewayError> {
        if is_production {
            return Err(DevGatewayError::Production);
        }
        Ok(Self {
            page_base: page_base.into().trim_end_matches('/').to_owned(),
            sessions: Mutex::new(HashMap::new()),
        })
    }

    /// The session behind a dev page.
    #[must_use]
    pub fn session(&self, tid: &str) -> Option<DevSession> {
        self.lock().ok()?.get(tid).cloned()
    }

    /// The page's fail/quit buttons: the buyer gave up.
    pub fn quit(&self, tid: &str) {
        if let Ok(mut map) = self.lock()
            && let Some(s) = map.get_mut(tid)
            && s.state == GatewayPaymentState::InProgress
        {
            s.state = GatewayPaymentState::Failed;
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, DevSession>>, GatewayError> {
        self.sessions
            .lock()
            .map_err(|_| GatewayError::Unexpected(anyhow!("dev gateway state poisoned")))
    }
}

fn unknown_tid() -> GatewayError {
    // What Kakao Pay answers for a tid it does not know (e.g. after a restart of the app).
    GatewayError::Rejected { code: -701 }
}

#[async_trait]
impl PaymentGateway for DevGateway {
    fn backend(&self) -> &'static str {
        "dev"
    }

    fn cid(&self) -> String {
        "DEVNOTREAL".to_owned()
    }

    async fn ready(&self, request: &ReadyRequest) -> Result<ReadySession, GatewayError> {
        let tid = format!("DEV{}", &uuid::Uuid::new_v4().simple().to_string()[..17]);
        let session = DevSession {
            tid: Tid(tid.clone()),
            item_name: request.item_name.clone(),
            amount: request.amount,
            approval_url: request.approval_url.clone(),
            cancel_url: request.cancel_url.clone(),
            fail_url: request.fail_url.clone(),
            state: GatewayPaymentState::InProgress,
            approved_at: None,
            cancelled_at: None,
        };
        self.lock()?.insert(tid.clone(), session);
        let url = format!("{}/{tid}", self.page_base);
        Ok(ReadySession {
            tid: Tid(tid),
            mobile_url: url.clone(),
            pc_url: url,
        })
    }

    async fn approve(&self, request: &ApproveRequest) -> Result<Approval, GatewayError> {
        let mut map = self.lock()?;
        let session = map.get_mut(&request.tid.0).ok_or_else(unknown_tid)?;
        match session.state {
            GatewayPaymentState::InProgress => {}
            GatewayPaymentState::Paid => return Err(GatewayError::AlreadyApproved),
            _ => {
                return Err(GatewayError::Declined {
                    code: -780,
                    method_result: None,
                });
            }
        }
        if request.pg_token.is_empty() || request.amount != session.amount {
            return Err(GatewayError::Rejected { code: -799 });
        }
        let now = Utc::now();
        session.state = GatewayPaymentState::Paid;
        session.approved_at = Some(now);
        Ok(Approval {
            aid: Some(DEV_MARKER.to_owned()),
            method: PaymentMethod::Money,
            amount: AmountBreakdown {
                total: session.amount.0,
                ..AmountBreakdown::default()
            },
            card: None,
            approved_at: now,
        })
    }

    async fn cancel(&self, request: &CancelRequest) -> Result<Cancellation, GatewayError> {
        let mut map = self.lock()?;
        let session = map.get_mut(&request.tid.0).ok_or_else(unknown_tid)?;
        if session.state != GatewayPaymentState::Paid {
            return Err(GatewayError::Rejected { code: -721 });
        }
        let now = Utc::now();
        session.state = GatewayPaymentState::Cancelled;
        session.cancelled_at = Some(now);
        Ok(Cancellation {
            cancelled_amount: request.amount,
            cancel_available_amount: Won(0),
            cancelled_at: now,
        })
    }

    async fn order(&self, tid: &Tid) -> Result<GatewayOrder, GatewayError> {
        let map = self.lock()?;
        let s = map.get(&tid.0).ok_or_else(unknown_tid)?;
        let captured = s.approved_at.is_some();
        Ok(GatewayOrder {
            state: s.state.clone(),
            amount: captured.then_some(AmountBreakdown {
                total: s.amount.0,
                ..AmountBreakdown::default()
            }),
            method: captured.then_some(PaymentMethod::Money),
            approved_at: s.approved_at,
            cancelled_at: s.cancelled_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use junggye_orders::OrderNo;

    use super::*;

    fn ready_request() -> ReadyRequest {
        ReadyRequest {
            order_no: OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
            partner_user_id: "member-1".into(),
            item_name: "아이패드".into(),
            amount: Won(15_000),
            approval_url: "http://x/pay/orders/A/approve".into(),
            cancel_url: "http://x/pay/orders/A/cancel".into(),
            fail_url: "http://x/pay/orders/A/fail".into(),
        }
    }

    #[test]
    fn refused_in_production() {
        assert!(matches!(
            DevGateway::new("http://x/pay/dev", true),
            Err(DevGatewayError::Production)
        ));
    }

    #[tokio::test]
    async fn walks_ready_approve_cancel_and_marks_itself_fake() {
        let gw = DevGateway::new("http://x/pay/dev/", false).unwrap();
        let session = gw.ready(&ready_request()).await.unwrap();
        assert!(session.tid.0.starts_with("DEV"));
        assert_eq!(session.tid.0.len(), 20);
        assert_eq!(
            session.mobile_url,
            format!("http://x/pay/dev/{}", session.tid.0)
        );
        let page = gw.session(&session.tid.0).unwrap();
        assert_eq!(page.amount, Won(15_000));

        let approve = ApproveRequest {
            tid: session.tid.clone(),
            order_no: ready_request().order_no,
            partner_user_id: "member-1".into(),
            pg_token: "dev".into(),
            amount: Won(15_000),
        };
        let approval = gw.approve(&approve).await.unwrap();
        assert_eq!(approval.aid.as_deref(), Some(DEV_MARKER));
        assert!(matches!(
            gw.approve(&approve).await,
            Err(GatewayError::AlreadyApproved)
        ));
        assert_eq!(
            gw.order(&session.tid).await.unwrap().state,
            GatewayPaymentState::Paid
        );
        gw.cancel(&CancelRequest {
            tid: session.tid.clone(),
            amount: Won(15_000),
            tax_free_amount: Won(0),
        })
        .await
        .unwrap();
        assert_eq!(
            gw.order(&session.tid).await.unwrap().state,
            GatewayPaymentState::Cancelled
        );
    }

    #[tokio::test]
    async fn a_quit_payment_cannot_be_approved() {
        let gw = DevGateway::new("http://x/pay/dev", false).unwrap();
        let session = gw.ready(&ready_request()).await.unwrap();
        gw.quit(&session.tid.0);
        let res = gw
            .approve(&ApproveRequest {
                tid: session.tid.clone(),
                order_no: ready_request().order_no,
                partner_user_id: "member-1".into(),
                pg_token: "dev".into(),
                amount: Won(15_000),
            })
            .await;
        assert!(matches!(res, Err(GatewayError::Declined { .. })));
        assert!(matches!(
            gw.order(&Tid("nope".into())).await,
            Err(GatewayError::Rejected { .. })
        ));
    }
}
