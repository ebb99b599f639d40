//! The viewer-dependent part of a listing page's WHERE clause, kept apart from the page's
//! ordering and paging: what the products domain's [`Visibility`] leaves out.

use junggye_products::Visibility;
use sea_orm::sea_query::{Condition, Expr, ExprTrait as _};

use crate::entities::products;

/// Both page shapes (the plain listing query and the search walk) name the table `products`.
pub(crate) fn condition(visibility: &Visibility) -> Condition {
    let mut cond = Condition::all();
    if !visibility.include_under_review {
        cond = cond.add(Expr::col((products::Entity, products::Column::UnderReview)).eq(false));
    }
    if !visibility.hidden_sellers.is_empty() {
        cond = cond.add(
            Expr::col((products::Entity, products::Column::SellerId))
                .is_not_in(visibility.hidden_sellers.iter().map(|m| m.0)),
        );
    }
    cond
}
