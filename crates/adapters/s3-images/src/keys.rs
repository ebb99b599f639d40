//! Object keys: generated here, checked on every read.

use junggye_products::images::{ImageError, ImageKind, is_valid_key};

/// A fresh key such as `3f2a…c7d8.jpg`: 122 random bits, so keys cannot be guessed or listed.
pub(crate) fn new_key(kind: ImageKind) -> String {
    format!("{}.{}", uuid::Uuid::new_v4().simple(), kind.extension())
}

/// Refuses a key we could not have generated (path traversal, separators, ...).
pub(crate) fn checked(key: &str) -> Result<&str, ImageError> {
    if is_valid_key(key) {
        Ok(key)
    } else {
        Err(ImageError::InvalidKey)
    }
}

/// The served type, from the key's extension (we chose it from the sniffed bytes).
pub(crate) fn content_type_of(key: &str) -> &'static str {
    key.rsplit_once('.')
        .and_then(|(_, ext)| ImageKind::from_extension(ext))
        .map_or("application/octet-stream", ImageKind::content_type)
}

/// `{base}/images/{key}` without a doubled slash.
pub(crate) fn public_url(base: &str, key: &str) -> String {
    format!("{}/images/{key}", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_valid_and_distinct() {
        let a = new_key(ImageKind::Png);
        assert!(is_valid_key(&a) && a.ends_with(".png"));
        assert_ne!(a, new_key(ImageKind::Png));
        assert_eq!(content_type_of(&a), "image/png");
        assert_eq!(public_url("http://x/", "k.jpg"), "http://x/images/k.jpg");
    }
}
