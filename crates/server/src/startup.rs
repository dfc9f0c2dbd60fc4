//! Building and running the application: connect, migrate, bind, serve.

use std::net::TcpListener;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{HttpServer, web};
use api::{AppState, Settings};
use service::DatabaseConnection;
use service::tokens::JwtKeys;

use crate::Config;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let db = service::db::connect(&config.database_url, config.database_max_connections).await.map_err(|err| {
            anyhow::anyhow!(
                "cannot connect to DATABASE_URL ({}): {err}",
                crate::config::redact_url(&config.database_url)
            )
        })?;
        service::db::migrate(&db).await.map_err(|err| anyhow::anyhow!("migrations failed: {err}"))?;
        Self::build_with_db(config, db)
    }

    /// Binds the listener over an already migrated database.
    pub fn build_with_db(config: &Config, db: DatabaseConnection) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((config.host.as_str(), config.port))
            .map_err(|err| anyhow::anyhow!("cannot listen on {}:{}: {err}", config.host, config.port))?;
        let port = listener.local_addr()?.port();
        let settings = Settings {
            secure_cookies: config.secure_cookies(),
            auth_rate_limit_per_minute: config.auth_rate_limit_per_minute,
            trust_proxy_headers: config.trust_proxy_headers,
            frontend_dir: config.frontend_dir.clone(),
        };
        let state = web::Data::new(AppState::new(db.clone(), JwtKeys::new(&config.jwt_secret), settings));
        let mut server = HttpServer::new(move || api::app(state.clone())).shutdown_timeout(10);
        if let Some(workers) = config.http_workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener)?.run();
        Ok(Self { port, server, db })
    }

    /// The port actually bound (useful with `PORT=0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database pool the server uses.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped (Ctrl-C / SIGTERM, or the handle).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
