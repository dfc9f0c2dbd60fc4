//! `callstar`: serve the app, apply migrations, or create an admin.

use callstar::config::SecretSource;
use callstar::{Application, Config, telemetry};
use clap::{Parser, Subcommand};
use domain::{DisplayName, EmailAddress, Password};

/// Callstar: book, pay for and hold one-to-one video calls.
///
/// Configuration comes from environment variables (and ./.env); see the README.
#[derive(Debug, Parser)]
#[command(name = "callstar", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply migrations and serve the API (and the web app) on HOST:PORT.
    Serve {
        /// Seed demonstration accounts and print their logins (development only).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account, or make an existing account admin with this password.
    CreateAdmin {
        /// The admin's e-mail.
        #[arg(long)]
        email: String,
        /// The admin's password (or set CALLSTAR_ADMIN_PASSWORD to keep it out of shell history).
        #[arg(long, env = "CALLSTAR_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        /// Display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Migrate => {
            let db = service::db::connect(&config.database_url, 1).await?;
            service::db::migrate(&db).await?;
            tracing::info!(database = %callstar::config::redact_url(&config.database_url), "migrations applied");
            Ok(())
        }
        Command::CreateAdmin { email, password, name } => {
            let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
            let password = Password::parse(&password).map_err(|e| anyhow::anyhow!("--password {e}"))?;
            let name = DisplayName::parse(&name).map_err(|e| anyhow::anyhow!("--name {e}"))?;
            let db = service::db::connect(&config.database_url, 1).await?;
            service::db::migrate(&db).await?;
            let account = service::accounts::create_admin(&db, email, password, name).await?;
            tracing::info!(user_id = %account.id, email = %account.email, "admin ready");
            Ok(())
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    match config.jwt_secret_source {
        SecretSource::Environment => {}
        SecretSource::DataDir | SecretSource::Generated => tracing::warn!(
            path = %config.data_dir.join("jwt_secret").display(),
            "JWT_SECRET is unset: using a development secret kept under the data directory. Set JWT_SECRET in production."
        ),
    }
    let app = Application::build(&config).await?;
    if demo {
        if config.production {
            anyhow::bail!("--demo seeds well-known passwords and is refused when CALLSTAR_ENV=production");
        }
        for login in service::demo::seed(app.db(), &app.context().passwords).await? {
            match login.member {
                Some(member) => tracing::info!(
                    role = %login.role,
                    organization = service::demo::ORGANIZATION,
                    member = %member,
                    email = %login.email,
                    password = %login.password,
                    "demo login"
                ),
                None => {
                    tracing::info!(role = %login.role, email = %login.email, password = %login.password, "demo login")
                }
            }
        }
    }
    tracing::info!(
        address = %format!("http://{}:{}", config.host, app.port()),
        public_url = %config.public_url,
        database = %callstar::config::redact_url(&config.database_url),
        "Callstar is serving; API docs at /swagger-ui/"
    );
    app.run_until_stopped().await?;
    Ok(())
}
