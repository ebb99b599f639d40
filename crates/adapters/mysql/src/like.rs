//! `LIKE` patterns built from what users type, where `%` and `_` are text, not wildcards.

use sea_orm::sea_query::LikeExpr;

/// Not `\`: MySQL reads a backslash in SQL text as the start of an escape sequence while
/// SQLite does not, so the `ESCAPE` literal for it is spelt differently per backend (and breaks
/// on a MySQL server with `NO_BACKSLASH_ESCAPES`). `!` is spelt the same everywhere.
const ESCAPE: char = '!';

/// `%text%` with `%`, `_` and the escape character itself made literal, so a search for `50%`
/// finds "50%" and not "500".
pub(crate) fn contains_pattern(text: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == ESCAPE {
            pattern.push(ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape(ESCAPE)
}

#[cfg(test)]
mod tests {
    use sea_orm::ConnectionTrait as _;
    use sea_orm::sea_query::{Alias, ColumnDef, Expr, ExprTrait as _, Query, Table};

    use super::*;
    use crate::entities::products;
    use crate::testing::backends;

    #[test]
    fn like_pattern_makes_wildcards_literal() {
        let sql = Query::select()
            .column(products::Column::Id)
            .from(products::Entity)
            .and_where(Expr::col(products::Column::Name).like(contains_pattern("50%_할인!")))
            .to_string(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(sql.contains("'%50!%!_할인!!%' ESCAPE '!'"), "{sql}");
    }

    #[tokio::test]
    async fn wildcards_backslash_and_the_escape_character_match_only_themselves() {
        let table = Alias::new("like_probe");
        let column = Alias::new("probe_text");
        let stored = ["50%", "500", "5000", "a_b", "axb", "a\\b", "ab", "a!b"];
        for db in backends().await {
            let conn = &db.db;
            conn.execute(
                Table::create()
                    .table(table.clone())
                    .col(ColumnDef::new(column.clone()).string_len(20).not_null()),
            )
            .await
            .unwrap();
            for text in stored {
                conn.execute(
                    Query::insert()
                        .into_table(table.clone())
                        .columns([column.clone()])
                        .values_panic([text.into()]),
                )
                .await
                .unwrap();
            }

            for (typed, want) in [("50%", "50%"), ("a_b", "a_b"), ("\\", "a\\b"), ("!", "a!b")] {
                let rows = conn
                    .query_all(
                        Query::select()
                            .column(column.clone())
                            .from(table.clone())
                            .and_where(Expr::col(column.clone()).like(contains_pattern(typed))),
                    )
                    .await
                    .unwrap();
                let found: Vec<String> = rows
                    .iter()
                    .map(|row| row.try_get("", "probe_text").unwrap())
                    .collect();
                assert_eq!(found, [want], "{typed:?} on {}", db.backend());
            }
            db.cleanup().await;
        }
    }
}
