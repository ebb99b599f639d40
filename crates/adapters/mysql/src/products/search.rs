//! Korean substring search on any backend: a bigram index kept by the application.
//!
//! `LIKE '%맥북%'` cannot use an index, MariaDB has no ngram full-text parser and SQLite's
//! trigram tokenizer misses two-syllable words (docs/conventions.md). So every listing name is
//! stored as its lower-cased 2-character windows (`맥북 프로` → `맥북`, `북 `, ` 프`, `프로`)
//! plus its last character alone. A keyword of 2+ characters becomes "listings having every
//! window of the keyword" (primary-key lookups on `(gram, product_id)`); a 1-character keyword
//! becomes a prefix range on `gram`: every character of a name starts some stored gram (the
//! last one starts the 1-character gram), so `gram >= 'x' AND gram < 'x'+1` finds exactly the
//! names containing `x`, still on the primary key. Candidates are then checked with `LIKE`,
//! which settles the order of the windows and keeps `%` and `_` literal.

use std::collections::BTreeSet;

use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait as _, JoinType, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, DbErr, EntityTrait as _, Iterable as _, QueryFilter as _,
};

use crate::entities::{product_name_bigrams as bigrams, products};
use crate::like::contains_pattern;

fn lower_chars(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The grams stored for a name: each lower-cased 2-character window, and the last character
/// unless a window already starts with it (then that window serves 1-character searches).
///
/// Never both `x ` and `x`: MySQL/MariaDB's `utf8mb4_bin` pads with spaces when comparing, so
/// the two are one primary-key value there and `대형 소형` (grams `형 ` and `형`) could not be
/// stored.
pub(crate) fn name_grams(name: &str) -> BTreeSet<String> {
    let chars = lower_chars(name);
    let mut grams: BTreeSet<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    if let Some(last) = chars.last()
        && !grams.iter().any(|gram| gram.starts_with(*last))
    {
        grams.insert(last.to_string());
    }
    grams
}

/// Replaces the index rows of a listing (insert and rename), inside the caller's transaction.
pub(crate) async fn index_name<C: ConnectionTrait>(
    db: &C,
    product_id: i64,
    name: &str,
) -> Result<(), DbErr> {
    bigrams::Entity::delete_many()
        .filter(bigrams::Column::ProductId.eq(product_id))
        .exec(db)
        .await?;
    let rows: Vec<bigrams::ActiveModel> = name_grams(name)
        .into_iter()
        .map(|gram| bigrams::ActiveModel {
            gram: sea_orm::ActiveValue::Set(gram),
            product_id: sea_orm::ActiveValue::Set(product_id),
        })
        .collect();
    if !rows.is_empty() {
        bigrams::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The ids of listings whose name may contain `keyword` (below `before`, when given), from the
/// index alone; the caller verifies with [`contains_pattern`].
pub(crate) fn candidates(keyword: &str, before: Option<i64>) -> SelectStatement {
    let chars = lower_chars(keyword);
    let mut query = Query::select();
    query
        .column(bigrams::Column::ProductId)
        .from(bigrams::Entity)
        .group_by_col(bigrams::Column::ProductId);
    if let Some(before) = before {
        query.and_where(bigrams::Column::ProductId.lt(before));
    }
    match chars.as_slice() {
        [only] => {
            query.and_where(bigrams::Column::Gram.gte(only.to_string()));
            if let Some(next) = next_char(*only) {
                query.and_where(bigrams::Column::Gram.lt(next.to_string()));
            }
        }
        _ => {
            let grams: BTreeSet<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
            let wanted = i64::try_from(grams.len()).unwrap_or(i64::MAX);
            query
                .and_where(bigrams::Column::Gram.is_in(grams))
                // (gram, product_id) is the primary key: one row per distinct gram.
                .and_having(Expr::col(bigrams::Column::ProductId).count().eq(wanted));
        }
    }
    query
}

/// The next code point (skipping surrogates): the exclusive end of a 1-character prefix range.
fn next_char(c: char) -> Option<char> {
    let mut code = u32::from(c).checked_add(1)?;
    if (0xD800..0xE000).contains(&code) {
        code = 0xE000;
    }
    char::from_u32(code)
}

/// Listed products whose names contain `keyword`, newest first, below `before`: at most
/// `limit` rows, in one query that walks the `(gram, product_id)` primary key of the keyword's
/// first window down from the newest listing, probes the other windows and the listing by key,
/// and stops once `limit` rows passed the status and `LIKE` checks. A common keyword therefore
/// costs a few lookups per listing shown instead of grouping every listing that has the
/// keyword's windows (16 ms for 아이폰 among 100,000 listings; docs/benchmarks.md).
/// `None` for a one-character keyword, which has no window to walk.
pub(crate) fn newest_matches(
    keyword: &str,
    before: Option<i64>,
    limit: u64,
) -> Option<SelectStatement> {
    let chars = lower_chars(keyword);
    let grams: BTreeSet<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    let mut grams = grams.into_iter();
    let first = grams.next()?;
    let walked = Alias::new("g0");
    let mut query = Query::select();
    query
        .columns(products::Column::iter().map(|column| (products::Entity, column)))
        .from_as(bigrams::Entity, walked.clone())
        .and_where(Expr::col((walked.clone(), bigrams::Column::Gram)).eq(first));
    for (n, gram) in grams.enumerate() {
        let probed = Alias::new(format!("g{}", n + 1));
        query.join_as(
            JoinType::InnerJoin,
            bigrams::Entity,
            probed.clone(),
            Condition::all()
                .add(Expr::col((probed.clone(), bigrams::Column::Gram)).eq(gram))
                .add(
                    Expr::col((probed, bigrams::Column::ProductId))
                        .equals((walked.clone(), bigrams::Column::ProductId)),
                ),
        );
    }
    query
        .inner_join(
            products::Entity,
            Expr::col((products::Entity, products::Column::Id))
                .equals((walked.clone(), bigrams::Column::ProductId)),
        )
        .and_where(products::Column::Status.is_in(super::listed_codes()))
        .and_where(
            Expr::col((products::Entity, products::Column::Name)).like(contains_pattern(keyword)),
        );
    if let Some(before) = before {
        query.and_where(Expr::col((walked.clone(), bigrams::Column::ProductId)).lt(before));
    }
    query
        .order_by((walked, bigrams::Column::ProductId), Order::Desc)
        .limit(limit);
    Some(query)
}

/// The search condition on `products`: in the candidates, and really containing the keyword.
pub(crate) fn condition(keyword: &str, before: Option<i64>) -> SimpleExpr {
    products::Column::Id
        .in_subquery(candidates(keyword, before))
        .and(Expr::col((products::Entity, products::Column::Name)).like(contains_pattern(keyword)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_lower_cased_windows_plus_the_last_character() {
        let grams: Vec<String> = name_grams("맥북 Pro").into_iter().collect();
        for want in ["맥북", "북 ", " p", "pr", "ro", "o"] {
            assert!(grams.contains(&want.to_owned()), "{want} in {grams:?}");
        }
        assert_eq!(grams.len(), 6);
        assert_eq!(name_grams("책").into_iter().collect::<Vec<_>>(), vec!["책"]);
    }

    #[test]
    fn never_stores_a_gram_and_the_same_gram_padded_with_a_space() {
        // `형 ` and `형` are equal keys under MariaDB's PAD SPACE `utf8mb4_bin`.
        let grams = name_grams("화분 대형 소형");
        assert!(grams.contains("형 "), "{grams:?}");
        assert!(!grams.contains("형"), "{grams:?}");
        for gram in &grams {
            assert!(
                !grams.contains(gram.trim_end()) || gram.trim_end() == gram,
                "{grams:?}"
            );
        }
    }
}
