//! Long lists on the pages, a page at a time, newest first: a page is the
//! rows before a cursor (the id of the last row of the page before), and
//! the query asks for one row more than it shows, to know whether there is
//! another page.

use serde::{Deserialize, Serialize};

/// Rows on one page of a list.
pub const PAGE_ROWS: usize = 50;

/// One page of a list, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paged<T> {
    pub rows: Vec<T>,
    /// The cursor of the next (older) page, if there is one.
    pub older: Option<i64>,
}

impl<T> Paged<T> {
    /// The page of `fetched` — at most `limit + 1` rows, the query's answer
    /// — with the cursor `id` gives its last row when a row was left over.
    pub fn cut(mut fetched: Vec<T>, limit: usize, id: impl Fn(&T) -> i64) -> Paged<T> {
        let more = fetched.len() > limit;
        fetched.truncate(limit);
        let older = more.then(|| fetched.last().map(&id)).flatten();
        Paged {
            rows: fetched,
            older,
        }
    }
}

/// The cursor to read rows before: every row when there is none.
pub fn before(cursor: Option<i64>) -> i64 {
    cursor.unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_a_row_left_over_points_to_the_next() {
        let page = Paged::cut(vec![9, 8, 7, 6], 3, |&r| r);
        assert_eq!(page.rows, vec![9, 8, 7]);
        assert_eq!(page.older, Some(7));
    }

    #[test]
    fn the_last_page_points_nowhere() {
        assert_eq!(Paged::cut(vec![9, 8, 7], 3, |&r| r).older, None);
        assert_eq!(Paged::cut(Vec::<i64>::new(), 3, |&r| r).older, None);
        assert_eq!(before(None), i64::MAX);
        assert_eq!(before(Some(7)), 7);
    }
}
