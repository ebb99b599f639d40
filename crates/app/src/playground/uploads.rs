//! Photos uploaded in the playground, held in memory until a registration fetches them.
//!
//! Memory, not disk: the files only need to live until the photo pipeline copies them into the
//! image store, and a bounded queue can never fill a disk or outlive the process.

use std::collections::VecDeque;
use std::sync::Mutex;

use actix_web::web::Bytes;
use junggye_products::images::ImageKind;

/// Files kept at most; the oldest goes first.
const MAX_FILES: usize = 64;
/// Bytes kept at most over all files (a few full-size photos of 10 MB each).
const MAX_TOTAL_BYTES: usize = 128 * 1024 * 1024;

/// One uploaded photo.
#[derive(Clone)]
pub struct Upload {
    /// Sniffed format, which decides the served content type.
    pub kind: ImageKind,
    /// The file as sent.
    pub bytes: Bytes,
}

/// The bounded in-memory area.
#[derive(Default)]
pub struct Uploads {
    files: Mutex<VecDeque<(String, Upload)>>,
}

impl Uploads {
    /// Keeps `bytes` when they are a photo format we accept and returns the file name.
    /// `None` when the bytes are not a JPEG, PNG, WebP or GIF: anything else could be HTML
    /// served from our own origin.
    pub fn put(&self, bytes: Bytes) -> Option<String> {
        let kind = ImageKind::sniff(&bytes)?;
        // 128 random bits: names cannot be guessed or listed.
        let name = format!("{:032x}.{}", rand::random::<u128>(), kind.extension());
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.push_back((name.clone(), Upload { kind, bytes }));
        while files.len() > MAX_FILES
            || files.iter().map(|(_, u)| u.bytes.len()).sum::<usize>() > MAX_TOTAL_BYTES
        {
            files.pop_front();
        }
        Some(name)
    }

    /// The file called `name`, if still kept.
    pub fn get(&self, name: &str) -> Option<Upload> {
        let files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, upload)| upload.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_photos_refuses_other_bytes_and_stays_bounded() {
        let uploads = Uploads::default();
        assert!(uploads.put(Bytes::from_static(b"<html>")).is_none());
        let first = uploads
            .put(Bytes::from_static(b"GIF89a.."))
            .unwrap_or_default();
        assert!(first.ends_with(".gif"));
        assert!(uploads.get(&first).is_some());
        for _ in 0..MAX_FILES {
            let _ = uploads.put(Bytes::from_static(b"GIF89a.."));
        }
        assert!(uploads.get(&first).is_none(), "the oldest file is evicted");
    }
}
