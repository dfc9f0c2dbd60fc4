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
