//! Payment gateways for junggye: Kakao Pay's current single-payment API
//! ([`KakaoPayGateway`]) and the in-process stand-in of the embedded default ([`DevGateway`]).
//!
//! Both implement `junggye_orders::PaymentGateway`; error texts from Kakao Pay end up in logs
//! only, as codes, never in front of users.

mod dev;
mod dto;
mod kakaopay;

pub use dev::{DEV_MARKER, DevGateway, DevGatewayError, DevSession};
pub use kakaopay::{KakaoPayConfig, KakaoPayGateway};
