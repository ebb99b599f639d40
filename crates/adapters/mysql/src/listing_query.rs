//! One statement for a page of listing cards: the listing rows an inner query selects, each with
//! its seller's nickname, picture and 매너온도 and its live photo keys in display order. Both read paths
//! (sea-orm on either backend, the SQLite read model) run it, so a page is one round trip.
//!
//! The inner query keeps its `ORDER BY … LIMIT n`: a derived table with a LIMIT is
//! neither merged by MariaDB nor flattened by SQLite, so the listing index's early stop
//! survives (joining the sellers into the listing query itself lost it on SQLite: 0.1 → 87 ms
//! per page, docs/benchmarks.md).

use junggye_products::SortKey;
use sea_orm::DbBackend;

/// A control character: no storage key holds one (the image store makes `[a-z0-9.]` keys, and
/// the column is never filled from user text).
pub(crate) const PHOTO_SEPARATOR: char = '\u{1f}';

/// The cards of the rows `inner_sql` selects, in `key` order (the inner query's own).
pub fn cards_sql(backend: DbBackend, inner_sql: &str, key: SortKey) -> String {
    let photos = match backend {
        DbBackend::Sqlite => {
            format!("group_concat(i.storage_key, '{PHOTO_SEPARATOR}' ORDER BY i.position)")
        }
        _ => {
            format!("GROUP_CONCAT(i.storage_key ORDER BY i.position SEPARATOR '{PHOTO_SEPARATOR}')")
        }
    };
    format!(
        "SELECT p.id, p.seller_id, p.name, p.price, p.description, p.location, \
         p.open_chat_url, p.category, p.status, p.buyer_id, p.version, p.created_at, \
         p.updated_at, p.deleted_at, p.listed_micros, p.bumped_at, p.touched_at, \
         p.stale_reminded_at, m.nickname AS seller_nickname, \
         m.profile_image AS seller_profile_image, \
         (SELECT {photos} FROM product_images i \
          WHERE i.product_id = p.id AND i.deleted_at IS NULL) AS photo_keys, \
         m.manner_tenths AS seller_manner_tenths, p.under_review \
         FROM ({inner_sql}) p LEFT JOIN members m ON m.id = p.seller_id \
         ORDER BY {order}",
        order = crate::products::order_sql(key),
    )
}

pub(crate) fn split_photos(keys: Option<String>) -> Vec<String> {
    keys.map(|keys| keys.split(PHOTO_SEPARATOR).map(str::to_owned).collect())
        .unwrap_or_default()
}
