//! Pagination bounds shared by every list.

/// A validated page request: page 1 to [`PageRequest::MAX_PAGE`], 1 to
/// [`PageRequest::MAX_PER_PAGE`] items. Both bounds are in the OpenAPI document (a test
/// checks they agree), and the offset they give always fits a database integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u64,
    per_page: u64,
}

/// The page request is out of bounds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// `page` is 0 or too large.
    #[error("must be between 1 and {max}", max = PageRequest::MAX_PAGE)]
    Page,
    /// `perPage` is 0 or too large.
    #[error("must be between 1 and {max}", max = PageRequest::MAX_PER_PAGE)]
    PerPage,
}

impl PageRequest {
    /// Largest page size.
    pub const MAX_PER_PAGE: u64 = 100;
    /// Largest page number: 10 million rows deep at the largest page size, far past any
    /// list a person pages through (filters narrow them), and never an offset overflow.
    pub const MAX_PAGE: u64 = 100_000;

    /// Checks the bounds.
    pub fn new(page: u64, per_page: u64) -> Result<Self, PageError> {
        if page == 0 || page > Self::MAX_PAGE {
            return Err(PageError::Page);
        }
        if per_page == 0 || per_page > Self::MAX_PER_PAGE {
            return Err(PageError::PerPage);
        }
        Ok(Self { page, per_page })
    }

    /// The page number.
    pub fn page(self) -> u64 {
        self.page
    }

    /// Items per page.
    pub fn per_page(self) -> u64 {
        self.per_page
    }

    /// Rows to skip.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }

    /// Rows to take.
    pub fn limit(self) -> u64 {
        self.per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_offsets() {
        assert_eq!(PageRequest::new(0, 20), Err(PageError::Page));
        assert_eq!(PageRequest::new(1, 0), Err(PageError::PerPage));
        assert_eq!(PageRequest::new(1, 101), Err(PageError::PerPage));
        let page = PageRequest::new(3, 20).unwrap();
        assert_eq!((page.offset(), page.limit()), (40, 20));
        assert_eq!(PageRequest::new(PageRequest::MAX_PAGE + 1, 20), Err(PageError::Page));
        assert_eq!(PageRequest::new(u64::MAX, 100), Err(PageError::Page));
        let deepest = PageRequest::new(PageRequest::MAX_PAGE, PageRequest::MAX_PER_PAGE).unwrap();
        assert!(i64::try_from(deepest.offset() + deepest.limit()).is_ok());
    }
}
