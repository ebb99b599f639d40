//! Kakao Pay single-payment gateway adapter and the dev gateway.
