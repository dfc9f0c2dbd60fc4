//! The `callstar` binary as an operator uses it: help, configuration errors, migrate,
//! create-admin, and serving on a port.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should stop at the failing line")]

use std::path::PathBuf;
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callstar-cli-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn callstar(dir: &PathBuf, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_callstar"));
    command.args(args).current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("DATA_DIR", dir).env("RUST_LOG", "info");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

#[test]
fn help_lists_the_commands() {
    let dir = data_dir();
    let out = callstar(&dir, &["--help"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "create-admin"] {
        assert!(text.contains(command), "{text}");
    }
    let out = callstar(&dir, &["serve", "--help"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--demo"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn invalid_configuration_names_the_variable() {
    let dir = data_dir();
    let out = callstar(&dir, &["migrate"], &[("PORT", "eighty")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PORT: must be a whole number"), "{stderr}");

    let out = callstar(&dir, &["migrate"], &[("CALLSTAR_ENV", "production")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("JWT_SECRET: is required when CALLSTAR_ENV=production"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn migrate_and_create_admin_on_the_default_sqlite_file() {
    let dir = data_dir();
    let out = callstar(&dir, &["migrate"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("callstar.db").exists(), "the default database is created under DATA_DIR");
    assert!(dir.join("jwt_secret").exists(), "a development secret is generated and kept");

    let args = ["create-admin", "--email", "Root@Example.com", "--password", "short"];
    let out = callstar(&dir, &args, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password must be"));

    let args = ["create-admin", "--email", "Root@Example.com", "--name", "Root"];
    let out = callstar(&dir, &args, &[("CALLSTAR_ADMIN_PASSWORD", "correct horse 1")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Running it again re-keys the same account rather than failing.
    let out = callstar(&dir, &args, &[("CALLSTAR_ADMIN_PASSWORD", "correct horse 2")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(dir).ok();
}

/// A production configuration every check accepts (migrate runs it against a SQLite file).
fn production(dir: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![
        ("CALLSTAR_ENV", "production".to_owned()),
        ("JWT_SECRET", "a-very-long-secret-of-more-than-32-bytes".to_owned()),
        ("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.join("prod.db").display())),
        ("PUBLIC_URL", "https://calls.example.com".to_owned()),
        ("STRIPE_SECRET_KEY", "sk_live_0123456789".to_owned()),
        ("STRIPE_PUBLISHABLE_KEY", "pk_live_0123456789".to_owned()),
        ("STRIPE_WEBHOOK_SECRET", "whsec_0123456789".to_owned()),
        ("STRIPE_CONNECT_WEBHOOK_SECRET", "whsec_connect0123456789".to_owned()),
    ]
}

#[test]
fn production_refuses_to_start_on_each_development_setting_and_names_it() {
    let dir = data_dir();
    let run = |changes: &[(&'static str, &str)]| {
        let mut env = production(&dir);
        for (key, value) in changes {
            env.retain(|(k, _)| k != key);
            if !value.is_empty() {
                env.push((key, (*value).to_owned()));
            }
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        callstar(&dir, &["migrate"], &env)
    };
    let ok = run(&[]);
    assert!(ok.status.success(), "a safe production configuration starts: {}", String::from_utf8_lossy(&ok.stderr));
    for (setting, why, changes) in [
        ("PUBLIC_URL", "not https", &[("PUBLIC_URL", "http://calls.example.com")][..]),
        ("DATABASE_URL", "SQLite file under DATA_DIR", &[("DATABASE_URL", "")]),
        (
            "STRIPE_SECRET_KEY",
            "TEST_PAYMENTS=true",
            &[("STRIPE_SECRET_KEY", ""), ("STRIPE_PUBLISHABLE_KEY", ""), ("STRIPE_WEBHOOK_SECRET", "")],
        ),
        (
            "STRIPE_SECRET_KEY",
            "is a test key",
            &[("STRIPE_SECRET_KEY", "sk_test_0123"), ("STRIPE_PUBLISHABLE_KEY", "pk_test_0123")],
        ),
        ("STRIPE_WEBHOOK_SECRET", "Stripe's events", &[("STRIPE_WEBHOOK_SECRET", "")]),
        ("STRIPE_CONNECT_WEBHOOK_SECRET", "Stripe's events", &[("STRIPE_CONNECT_WEBHOOK_SECRET", "")]),
        ("DAILY_WEBHOOK_SECRET", "could not be verified", &[("DAILY_API_KEY", "daily-key")]),
        ("AUTH_RATE_LIMIT", "would not be rate limited", &[("AUTH_RATE_LIMIT", "0")]),
        ("STRIPE_API_BASE", "in clear", &[("STRIPE_API_BASE", "http://stripe.internal")]),
        (
            "DAILY_API_BASE",
            "in clear",
            &[
                ("DAILY_API_KEY", "k"),
                ("DAILY_WEBHOOK_SECRET", "c2VjcmV0"),
                ("DAILY_API_BASE", "http://daily.internal/v1"),
            ],
        ),
        (
            "RESEND_BASE_URL",
            "in clear",
            &[("RESEND_API_KEY", "re_0123"), ("RESEND_BASE_URL", "http://resend.internal")],
        ),
        ("JWT_SECRET", "is required", &[("JWT_SECRET", "")]),
    ] {
        let out = run(changes);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{setting} ({why}) was accepted");
        assert!(stderr.contains(&format!("error: {setting}: ")), "{setting}: {stderr}");
        assert!(stderr.contains(why), "{setting}: {stderr}");
    }
    // Test payments are accepted in production when chosen explicitly.
    let chosen = run(&[
        ("STRIPE_SECRET_KEY", ""),
        ("STRIPE_PUBLISHABLE_KEY", ""),
        ("STRIPE_WEBHOOK_SECRET", ""),
        ("TEST_PAYMENTS", "true"),
    ]);
    assert!(chosen.status.success(), "{}", String::from_utf8_lossy(&chosen.stderr));
    std::fs::remove_dir_all(dir).ok();
}
