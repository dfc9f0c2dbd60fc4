//! `/call/:booking_id/summary`: how a call went, for both participants: the outcome,
//! scheduled and actual times, the effective duration and the timeline of its events (and, for
//! a prospect, the offer to set a password).

use api_types::{CallLog, CallSummary, Role, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::nav::{Link, current_route};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::guest::ClaimAccount;

/// The summary page.
#[component]
pub fn CallSummaryPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::CallSummary(id)) => Some(id),
        _ => None,
    };
    let data = Remote::new(move || id.map(|id| session.api.call_summary(id)));
    view! {
        <div class="container summary-page">
            {data.view(|answer| view! { <Summary summary=answer.summary/> }.into_any())}
            <ClaimAccount/>
        </div>
    }
}

/// "4 min 07 s".
fn duration(i18n: I18nContext<Locale>, seconds: i64) -> String {
    let seconds = seconds.max(0);
    t_string!(i18n, summary.duration_value, min = seconds / 60, sec = format!("{:02}", seconds % 60)).to_string()
}

fn event_label(i18n: I18nContext<Locale>, log: &CallLog) -> &'static str {
    let enabled = log.metadata["enabled"].as_bool();
    match (log.log_type.strip_prefix("CALL_").unwrap_or_default(), enabled) {
        ("PRE_CALL_ENTERED", _) => t_string!(i18n, summary.event_PRE_CALL_ENTERED),
        ("CALL_JOINED", _) => t_string!(i18n, summary.event_CALL_JOINED),
        ("CALL_STARTED", _) => t_string!(i18n, summary.event_CALL_STARTED),
        ("CALL_ENDED", _) => t_string!(i18n, summary.event_CALL_ENDED),
        ("CALL_ERROR", _) => t_string!(i18n, summary.event_CALL_ERROR),
        ("PARTICIPANT_JOINED", _) => t_string!(i18n, summary.event_PARTICIPANT_JOINED),
        ("PARTICIPANT_LEFT", _) => t_string!(i18n, summary.event_PARTICIPANT_LEFT),
        ("CAMERA_TOGGLED", Some(false)) => t_string!(i18n, summary.camera_off),
        ("CAMERA_TOGGLED", _) => t_string!(i18n, summary.camera_on),
        ("MIC_TOGGLED", Some(false)) => t_string!(i18n, summary.mic_off),
        ("MIC_TOGGLED", _) => t_string!(i18n, summary.mic_on),
        _ => t_string!(i18n, summary.event_other),
    }
}

#[component]
fn Summary(summary: CallSummary) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let home = session.home();
    let history = if session.role() == Some(Role::Admin) { home.clone() } else { Route::Calls { past: true } };
    // One rendering per language: plain text inside, no reactive node per line.
    move || {
        let locale = i18n.get_locale();
        let details = &summary.call_details;
        let at = |instant: &DateTime<Utc>| format::date_time(instant, locale, &zone);
        // Actual times to the second (the date is the scheduled one's).
        let maybe = |instant: &Option<DateTime<Utc>>| {
            instant.as_ref().map_or_else(|| "—".to_owned(), |instant| format::time(instant, locale, &zone))
        };
        let (tone, status) = match details.status.as_str() {
            "completed" => ("badge badge-success", t_string!(i18n, summary.status_completed)),
            "interrupted" => ("badge badge-warning", t_string!(i18n, summary.status_interrupted)),
            _ => ("badge badge-danger", t_string!(i18n, summary.status_no_show)),
        };
        let actor = |log: &CallLog| match log.actor.as_str() {
            "CREATOR" => summary.participants.creator.name.clone(),
            "USER" => summary.participants.user.name.clone(),
            _ => t_string!(i18n, summary.system).to_owned(),
        };
        let logs = summary
            .logs
            .iter()
            .map(|log| {
                view! {
                    <li data-testid="timeline-item">
                        <time class="muted small">{format::time(&log.created_at, locale, &zone)}</time>
                        <span>{event_label(i18n, log)}</span>
                        <span class="muted small">{actor(log)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="call-summary">
                <header class="page-header">
                    <div>
                        <h1>{t_string!(i18n, summary.title)}</h1>
                        <p class="muted">{summary.call_offer.title.clone()}</p>
                    </div>
                    <span class=tone data-testid="call-status">{status}</span>
                </header>
                <dl class="facts">
                    <dt>{t_string!(i18n, summary.creator)}</dt><dd>{summary.participants.creator.name.clone()}</dd>
                    <dt>{t_string!(i18n, summary.fan)}</dt><dd>{summary.participants.user.name.clone()}</dd>
                    <dt>{t_string!(i18n, summary.scheduled)}</dt><dd>{at(&summary.call_offer.scheduled_date_time)}</dd>
                    <dt>{t_string!(i18n, summary.scheduled_duration)}</dt><dd>{duration(i18n, details.scheduled_duration)}</dd>
                    <dt>{t_string!(i18n, summary.actual_start)}</dt><dd>{maybe(&details.actual_start_time)}</dd>
                    <dt>{t_string!(i18n, summary.actual_end)}</dt><dd>{maybe(&details.actual_end_time)}</dd>
                    <dt>{t_string!(i18n, summary.duration)}</dt><dd data-testid="call-duration"><strong>{duration(i18n, details.actual_duration)}</strong></dd>
                </dl>
            </section>
            <section class="card">
                <h2>{t_string!(i18n, summary.timeline)}</h2>
                {if summary.logs.is_empty() {
                    view! { <p class="muted">{t_string!(i18n, summary.timeline_empty)}</p> }.into_any()
                } else {
                    view! { <ol class="timeline">{logs}</ol> }.into_any()
                }}
            </section>
            <div class="links">
                <Link to=home.clone() attr:class="btn btn-primary">{t_string!(i18n, book.to_dashboard)}</Link>
                <Link to=history.clone() attr:class="btn btn-secondary">{t_string!(i18n, summary.history)}</Link>
            </div>
        }
    }
}
