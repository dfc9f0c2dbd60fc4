//! Pagination: every list takes `page` and `perPage` and answers a [`Page`].

use serde::{Deserialize, Serialize};

/// Query parameters of paginated lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    /// 1-based page number, 1 to 100,000 (default 1).
    #[serde(default = "first_page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub page: u64,
    /// Items per page, 1 to 100 (default 20).
    #[serde(default = "default_per_page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub per_page: u64,
}

impl Default for PageQuery {
    fn default() -> Self {
        Self { page: first_page(), per_page: default_per_page() }
    }
}

fn first_page() -> u64 {
    1
}

fn default_per_page() -> u64 {
    20
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// This page's number (1-based).
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Items in the whole list.
    pub total: u64,
}
