//! Connecting to SQLite or PostgreSQL and applying migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A SQLite file (the embedded default).
    Sqlite,
    /// PostgreSQL (production).
    Postgres,
}

impl Engine {
    /// The engine of a `sqlite:` or `postgres:`/`postgresql:` URL.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// How long a request waits for a pooled connection before it is answered 503.
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a connection pool. SQLite files are created when missing and use WAL.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, max_connections, DEFAULT_ACQUIRE_TIMEOUT).await
}

/// Opens a connection pool whose requests wait at most `acquire_timeout` for a connection.
pub async fn connect_with(
    url: &str,
    max_connections: u32,
    acquire_timeout: Duration,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(0)
        .acquire_timeout(acquire_timeout)
        .connect_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if Engine::of_url(url) == Some(Engine::Sqlite) {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    }
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A `LIKE` pattern matching search keys that contain `text` literally: see
/// [`domain::search::contains_pattern`]. Use it with `ESCAPE '\\'`, on a column stored in
/// [`domain::search::search_key`] form.
pub fn contains_pattern(text: &str) -> String {
    domain::search::contains_pattern(text)
}

/// Orders by a nullable column with its NULLs last, on both engines: left to themselves,
/// PostgreSQL sorts NULLs as the largest value and SQLite as the smallest, so the same query
/// would list them at opposite ends. Every ordering on a nullable column goes through this
/// (or states `NullOrdering` itself).
pub fn order_nulls_last<Q: sea_orm::QueryOrder, C: sea_orm::IntoSimpleExpr>(
    query: Q,
    column: C,
    order: sea_orm::Order,
) -> Q {
    query.order_by_with_nulls(column, order, sea_orm::sea_query::NullOrdering::Last)
}

/// Whether the database answers.
pub async fn is_reachable(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// `column + 1`, for counters updated in place.
pub(crate) fn plus_one<C: sea_orm::sea_query::IntoColumnRef>(column: C) -> sea_orm::sea_query::Expr {
    sea_orm::sea_query::ExprTrait::add(sea_orm::sea_query::Expr::col(column), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(contains_pattern(" Ada "), "%ada%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn engines_are_recognized() {
        assert_eq!(Engine::of_url("sqlite://./data/x.db?mode=rwc"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("postgresql://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://u@h/db"), None);
    }
}
