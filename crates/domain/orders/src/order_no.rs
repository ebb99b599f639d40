//! Order numbers from the operating system's CSPRNG.

use crate::model::OrderNo;
use crate::ports::OrderNumbers;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Draws 15 random bytes (OS randomness through v4 UUIDs, i.e. `getrandom`) and encodes
/// them as 24 base32 characters: 120 bits, far beyond guessing and collisions.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomOrderNumbers;

impl OrderNumbers for RandomOrderNumbers {
    fn next(&self) -> OrderNo {
        // A v4 UUID fixes the version nibble (byte 6) and the variant bits (byte 8); bytes
        // 0..6 and 9..16 are pure randomness, 13 per UUID, of which 15 are kept.
        let mut bytes = Vec::with_capacity(26);
        for _ in 0..2 {
            let u = uuid::Uuid::new_v4().into_bytes();
            bytes.extend_from_slice(&u[0..6]);
            bytes.extend_from_slice(&u[9..16]);
        }
        bytes.truncate(15);
        OrderNo(base32(&bytes))
    }
}

/// A payment's redirect key: 122 random bits as 32 hex characters (a v4 UUID).
pub(crate) fn redirect_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// RFC 4648 base32 without padding, for whole 5-byte groups.
fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5);
    for chunk in bytes.chunks(5) {
        let mut buf = 0_u64;
        for (i, b) in chunk.iter().enumerate() {
            buf |= u64::from(*b) << (32 - 8 * i);
        }
        for i in 0..8 {
            let idx = ((buf >> (35 - 5 * i)) & 31) as usize;
            out.push(char::from(ALPHABET[idx]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn base32_matches_rfc4648() {
        // RFC 4648 test vector "fooba" -> "MZXW6YTB".
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
    }

    #[test]
    fn numbers_are_24_base32_chars_and_distinct() {
        let mut seen = HashSet::new();
        for _ in 0..1000 {
            let no = RandomOrderNumbers.next();
            assert_eq!(no.as_str().len(), OrderNo::LEN);
            assert!(seen.insert(no));
        }
    }

    #[test]
    fn parse_is_case_insensitive_and_strict() {
        let no = RandomOrderNumbers.next();
        assert_eq!(
            OrderNo::parse(&no.as_str().to_ascii_lowercase()),
            Some(no.clone())
        );
        assert_eq!(OrderNo::parse("123"), None);
        assert_eq!(OrderNo::parse(&"1".repeat(24)), None);
    }
}
