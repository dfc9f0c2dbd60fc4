//! `/video-calls`: an organization member's instant calls, newest first, filtered by status and
//! period, with their figures (`GET /api/video-calls/stats` over the same period). Both follow
//! the real-time channel, so a call that changes shows at once.

use api_types::{CallStatus, InitiatedBy, PageQuery, Route, VideoCall, VideoCallQuery};
use callstar_web::api::Remote;
use callstar_web::components::instant_call::Avatar;
use callstar_web::components::status::Empty;
use callstar_web::contexts::realtime::Realtime;
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::nav::Link;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

const PER_PAGE: u64 = 20;

/// The call history.
#[component]
pub fn VideoCallsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let live = expect_context::<Realtime>();
    let status = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let chosen = |value: String| (!value.is_empty()).then_some(value);
    let calls = Remote::new(move || {
        live.changes.track();
        let filter = VideoCallQuery { status: chosen(status.get()), period: chosen(period.get()) };
        Some(session.api.video_calls(&filter, PageQuery { page: page.get(), per_page: PER_PAGE }))
    });
    let stats = Remote::new(move || {
        live.changes.track();
        Some(session.api.call_stats(chosen(period.get()).as_ref()))
    });
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id)).unwrap_or_default();
    let pick = move |signal: RwSignal<String>| {
        move |ev| {
            signal.set(event_target_value(&ev));
            page.set(1);
        }
    };
    let statuses =
        [CallStatus::Answered, CallStatus::Ended, CallStatus::Missed, CallStatus::Declined, CallStatus::Ringing];
    view! {
        <div class="container">
            <header class="page-header">
                <h1>{move || t_string!(i18n, video_calls.title)}</h1>
                <Link to=Route::Organization attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, video_calls.organization)}</Link>
            </header>
            {stats.view(move |s| view! {
                <dl class="stats" data-testid="call-stats">
                    <div><dt>{move || t_string!(i18n, video_calls.total)}</dt><dd data-testid="stat-total">{s.total}</dd></div>
                    <div><dt>{move || t_string!(i18n, video_calls.answered)}</dt><dd>{s.answered}</dd></div>
                    <div><dt>{move || t_string!(i18n, video_calls.missed)}</dt><dd data-testid="stat-missed">{s.missed}</dd></div>
                    <div><dt>{move || t_string!(i18n, video_calls.declined)}</dt><dd>{s.declined}</dd></div>
                    <div><dt>{move || t_string!(i18n, video_calls.answer_rate)}</dt><dd>{format!("{:.1} %", s.answer_rate)}</dd></div>
                    <div><dt>{move || t_string!(i18n, video_calls.average)}</dt><dd>{format::clock(s.average_duration)}</dd></div>
                </dl>
            }.into_any())}
            <div class="toolbar">
                <label>
                    <span class="visually-hidden">{move || t_string!(i18n, video_calls.status)}</span>
                    <select data-testid="status-filter" on:change=pick(status)>
                        <option value="">{move || t_string!(i18n, video_calls.any_status)}</option>
                        {statuses.into_iter().map(|s| view! { <option value=wire(s)>{move || status_label(i18n, s)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{move || t_string!(i18n, video_calls.period)}</span>
                    <select data-testid="period-filter" on:change=pick(period)>
                        <option value="">{move || t_string!(i18n, video_calls.any_period)}</option>
                        <option value="day">{move || t_string!(i18n, video_calls.period_day)}</option>
                        <option value="week">{move || t_string!(i18n, video_calls.period_week)}</option>
                        <option value="month">{move || t_string!(i18n, video_calls.period_month)}</option>
                        <option value="year">{move || t_string!(i18n, video_calls.period_year)}</option>
                    </select>
                </label>
            </div>
            {calls.view(move |list| {
                if list.calls.is_empty() {
                    return view! {
                        <Empty title=Signal::derive(move || t_string!(i18n, video_calls.empty).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, video_calls.empty_hint).to_owned())/>
                    }.into_any();
                }
                let pages = list.total.div_ceil(PER_PAGE).max(1);
                let current = list.page;
                let (first, last) = (current <= 1, current >= pages);
                view! {
                    <ul class="call-history">
                        {list.calls.into_iter().map(|call| view! { <Row call=call me=me/> }).collect_view()}
                    </ul>
                    <nav class="pager">
                        <button type="button" class="btn btn-secondary btn-sm" disabled=first
                            on:click=move |_| page.set(current - 1)>{move || t_string!(i18n, video_calls.previous)}</button>
                        <span class="muted small">{move || t_string!(i18n, video_calls.page, page = current, pages = pages)}</span>
                        <button type="button" class="btn btn-secondary btn-sm" disabled=last
                            on:click=move |_| page.set(current + 1)>{move || t_string!(i18n, video_calls.next)}</button>
                    </nav>
                }.into_any()
            })}
        </div>
    }
}

/// One call: the other side, which way, when, its status and length.
#[component]
fn Row(call: VideoCall, me: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let other = if call.staff.id == me { call.client.clone() } else { call.staff.clone() };
    let outgoing = match call.initiated_by {
        InitiatedBy::Staff => call.staff.id == me,
        InitiatedBy::Client => call.client.id == me,
    };
    let zone = session.time_zone();
    let at = call.started_at;
    let status = call.status;
    view! {
        <li class="card person" data-testid="call-row" data-status=wire(status)>
            <Avatar name=other.name.clone() picture=other.avatar.clone()/>
            <div class="person-text">
                <strong>{other.name.clone()}</strong>
                <span class="muted small">
                    {move || if outgoing { t_string!(i18n, video_calls.outgoing) } else { t_string!(i18n, video_calls.incoming) }}
                    " · " {move || format::date_time(&at, i18n.get_locale(), &zone)}
                </span>
            </div>
            <span class="badge">{move || status_label(i18n, status)}</span>
            <span class="muted small">{call.duration.map(|d| format::clock(i64::from(d)))}</span>
        </li>
    }
}

/// A status's words.
fn status_label(i18n: I18nContext<Locale>, status: CallStatus) -> &'static str {
    match status {
        CallStatus::Initiated => t_string!(i18n, video_calls.status_INITIATED),
        CallStatus::Ringing => t_string!(i18n, video_calls.status_RINGING),
        CallStatus::Answered => t_string!(i18n, video_calls.status_ANSWERED),
        CallStatus::Ended => t_string!(i18n, video_calls.status_ENDED),
        CallStatus::Missed => t_string!(i18n, video_calls.status_MISSED),
        CallStatus::Declined => t_string!(i18n, video_calls.status_DECLINED),
    }
}

/// A status's wire spelling (`MISSED`), for the filter and for tests.
fn wire(status: CallStatus) -> &'static str {
    match status {
        CallStatus::Initiated => "INITIATED",
        CallStatus::Ringing => "RINGING",
        CallStatus::Answered => "ANSWERED",
        CallStatus::Ended => "ENDED",
        CallStatus::Missed => "MISSED",
        CallStatus::Declined => "DECLINED",
    }
}
