//! Architecture rules, checked on the source tree so they cannot quietly erode: `api` does not
//! depend on `entity`; handlers stay short (extract, authorize, call the service, map); only
//! the lifecycle's transition writes a booking's status, and only the call status machine's
//! a call's; no stored value is guessed when it cannot be read; every notification type has a
//! sender.

#![expect(clippy::unwrap_used, reason = "a failing test should stop at the failing line")]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), &mut out);
    assert!(!out.is_empty(), "no sources under {dir}");
    out
}

/// The code of a file without its `#[cfg(test)]` module.
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

#[test]
fn api_does_not_depend_on_entity() {
    let manifest = std::fs::read_to_string(root().join("crates/api/Cargo.toml")).unwrap();
    assert!(!manifest.lines().any(|l| l.trim_start().starts_with("entity")), "crates/api depends on entity");
    for (path, text) in sources("crates/api/src") {
        assert!(!text.contains("entity::"), "{} names entity", path.display());
    }
}

/// Handlers: at most this many lines between the signature and the closing brace.
const HANDLER_BODY_LINES: usize = 8;

#[test]
fn handlers_fit_on_one_screen() {
    let mut checked = 0;
    for (path, text) in sources("crates/api/src/routes") {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].starts_with("pub async fn ") {
                let open = (i..lines.len()).find(|j| lines[*j].trim_end().ends_with('{')).unwrap();
                let close = (open..lines.len()).find(|j| lines[*j] == "}").unwrap();
                let body = close - open - 1;
                assert!(
                    body <= HANDLER_BODY_LINES,
                    "{}: `{}` has {body} lines; handlers extract, authorize, call a service and map",
                    path.display(),
                    lines[i]
                );
                checked += 1;
                i = close;
            }
            i += 1;
        }
    }
    assert!(checked > 40, "found only {checked} handlers");
}

#[test]
fn only_the_transition_writes_a_booking_status() {
    let mut writers = Vec::new();
    for (path, text) in sources("crates/service/src") {
        let code = without_tests(&text);
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for (n, line) in code.lines().enumerate() {
            let writes_column =
                line.contains("booking::Column::Status, ") || line.contains("booking::Column::Status,\n");
            let sets_status =
                line.contains("status: Set(BookingStatus::") || line.contains("status = Set(BookingStatus");
            if writes_column || sets_status {
                writers.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    // The UPDATE of `bookings::transition`, and the insert of a new (pending) booking.
    assert_eq!(writers.len(), 2, "{writers:#?}");
    assert!(writers.iter().all(|w| w.starts_with("bookings.rs:")), "{writers:#?}");
    assert!(writers.iter().any(|w| w.contains("Expr::value(t.target())")), "{writers:#?}");
    assert!(writers.iter().any(|w| w.contains("Set(BookingStatus::Pending)")), "{writers:#?}");
}

#[test]
fn only_the_call_transition_writes_a_call_status() {
    let mut writers = Vec::new();
    for (path, text) in sources("crates/service/src") {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for (n, line) in without_tests(&text).lines().enumerate() {
            if line.contains("video_call::Column::Status, ") || line.contains("status: Set(CallStatus::") {
                writers.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    // The UPDATE of `calls::transition`, and the insert of a new (initiated) call.
    assert_eq!(writers.len(), 2, "{writers:#?}");
    assert!(writers.iter().all(|w| w.starts_with("calls.rs:")), "{writers:#?}");
    assert!(writers.iter().any(|w| w.contains("Expr::value(t.target())")), "{writers:#?}");
    assert!(writers.iter().any(|w| w.contains("Set(CallStatus::Initiated)")), "{writers:#?}");
}

#[test]
fn stored_values_are_never_guessed() {
    let guesses = [
        ".parse().unwrap_or",
        ">().unwrap_or",
        "unwrap_or(Currency::",
        "unwrap_or(Locale::",
        "unwrap_or(Tz::",
        "unwrap_or(domain::Role",
        "unwrap_or(OfferStatus",
        "unwrap_or(BookingStatus",
    ];
    for dir in ["crates/service/src", "crates/api/src"] {
        for (path, text) in sources(dir) {
            for (n, line) in without_tests(&text).lines().enumerate() {
                for guess in guesses {
                    assert!(!line.contains(guess), "{}:{}: `{}` guesses a value", path.display(), n + 1, line.trim());
                }
            }
        }
    }
}

/// Notification types defined (seed 002) with no event in Callstar that could send them, and why.
/// TRANSFER_FAILED: creators are paid by destination charges, whose transfer Stripe makes with
/// the charge itself, so no separate transfer can fail; a failed payout is PAYOUT_FAILED.
const NO_EVENT_IN_CALLSTAR: [&str; 1] = ["TransferFailed"];

/// Every notification type is sent somewhere: `service` names it (`NotificationType::X`)
/// outside tests. A type nobody sends is a promise the app does not keep, so it fails here,
/// unless it is listed in [`NO_EVENT_IN_CALLSTAR`] (and then it must not be sent, so the list
/// stays true).
#[test]
fn every_notification_type_has_a_sender() {
    let code: String = sources("crates/service/src").iter().map(|(_, text)| without_tests(text).to_owned()).collect();
    let mut unsent = Vec::new();
    for kind in domain::notification::NotificationType::ALL {
        let name = format!("{kind:?}");
        let sent = code.contains(&format!("NotificationType::{name}"));
        let excused = NO_EVENT_IN_CALLSTAR.contains(&name.as_str());
        assert!(!(sent && excused), "{name} has a sender now: remove it from NO_EVENT_IN_CALLSTAR");
        if !sent && !excused {
            unsent.push(format!("{name} ({kind})"));
        }
    }
    assert!(unsent.is_empty(), "notification types defined but never sent: {unsent:?}");
}
