//! Cursor pagination (`?limit=&after=`): `after` is the `next` of the page
//! before, an opaque cursor naming the last item it held.

use axum::extract::{FromRequestParts, Query};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;

pub const LIMIT_DEFAULT: u32 = 50;
pub const LIMIT_MAX: u32 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// The `next` cursor of the page before.
    pub after: Option<String>,
}

/// [`PageQuery`] from the query string; one that does not parse, or a
/// `limit` out of range, is 422 `limit_invalid` (before the list is read).
pub struct Paging(pub PageQuery);

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Paging, ApiError> {
        let invalid = || {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "limit",
                &backend::Code::LimitInvalid,
            )
        };
        let Query(query) = Query::<PageQuery>::from_request_parts(parts, state)
            .await
            .map_err(|_| invalid())?;
        if query.limit.is_some_and(|l| !(1..=LIMIT_MAX).contains(&l)) {
            return Err(invalid());
        }
        Ok(Paging(query))
    }
}

/// One page of a list, in the list's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the next page; absent on the last.
    pub next: Option<String>,
}

fn cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(id.to_string())
}

fn parse_cursor(s: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
    std::str::from_utf8(&bytes).ok()?.parse().ok()
}

/// The page of `items` (in their order, each named by `id`) that `query` asks for.
pub fn page<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> i64,
    query: &PageQuery,
) -> Result<Page<T>, ApiError> {
    let limit = query.limit.unwrap_or(LIMIT_DEFAULT);
    if !(1..=LIMIT_MAX).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit",
            &backend::Code::LimitInvalid,
        ));
    }
    let start = match &query.after {
        None => 0,
        Some(after) => {
            let invalid = || {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "after",
                    &backend::Code::CursorInvalid,
                )
            };
            let after = parse_cursor(after).ok_or_else(invalid)?;
            items
                .iter()
                .position(|i| id(i) == after)
                .ok_or_else(invalid)?
                + 1
        }
    };
    let limit = limit as usize;
    let more = items.len() > start + limit;
    let items: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let next = if more {
        items.last().map(|i| cursor(id(i)))
    } else {
        None
    };
    Ok(Page { items, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(limit: Option<u32>, after: Option<String>) -> PageQuery {
        PageQuery { limit, after }
    }

    #[test]
    fn r_api_01_pages_of_two_over_five_items() {
        let items = vec![10, 11, 12, 13, 14];
        let first = page(items.clone(), |i| *i, &ask(Some(2), None)).unwrap();
        assert_eq!(first.items, [10, 11]);
        let second = page(items.clone(), |i| *i, &ask(Some(2), first.next)).unwrap();
        assert_eq!(second.items, [12, 13]);
        let third = page(items.clone(), |i| *i, &ask(Some(2), second.next)).unwrap();
        assert_eq!((third.items, third.next), (vec![14], None));
        assert_eq!(
            page(items.clone(), |i| *i, &ask(Some(0), None))
                .unwrap_err()
                .code(),
            "limit_invalid"
        );
        assert_eq!(
            page(items.clone(), |i| *i, &ask(Some(201), None))
                .unwrap_err()
                .code(),
            "limit_invalid"
        );
        assert_eq!(
            page(items, |i| *i, &ask(None, Some("x!".into())))
                .unwrap_err()
                .code(),
            "cursor_invalid"
        );
    }
}
