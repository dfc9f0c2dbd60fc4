//! `/calls`: the signed-in fan's or creator's calls. Upcoming confirmed calls, each with a
//! Join button that opens when the server says the call does (`joinOpensAt`, checked every
//! second) and an `.ics` download; `?when=past` lists past calls with their summary.

use api_types::{Booking, BookingQuery, BookingStatus, PageQuery, Role, Route};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use callstar_web::api::Remote;
use callstar_web::clock;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::interop::files;
use callstar_web::labels;
use callstar_web::nav::{Link, use_route};

/// The calls page.
#[component]
pub fn CallsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let route = use_route();
    let past = Memo::new(move |_| matches!(route.get(), Some(Route::Calls { past: true })));
    let host = session.role() == Some(Role::Creator);
    let list = Remote::new(move || {
        let filter = if past.get() {
            BookingQuery { when: Some("past".to_owned()), ..Default::default() }
        } else {
            BookingQuery {
                when: Some("upcoming".to_owned()),
                status: Some(BookingStatus::Confirmed),
                ..Default::default()
            }
        };
        let filter = BookingQuery { perspective: host.then(|| "creator".to_owned()), ..filter };
        Some(session.api.bookings(&filter, PageQuery { page: 1, per_page: 50 }))
    });
    let now = clock::ticking();
    let current = move |on: bool| if on { Some("page") } else { None };
    view! {
        <div class="container">
            <header class="page-header"><h1>{move || t_string!(i18n, calls.title)}</h1></header>
            <nav class="tabs" aria-label=move || t_string!(i18n, calls.title)>
                <Link to=Route::Calls { past: false } attr:class="tab" attr:aria-current=move || current(!past.get())>{move || t_string!(i18n, calls.upcoming)}</Link>
                <Link to=Route::Calls { past: true } attr:class="tab" attr:aria-current=move || current(past.get())>{move || t_string!(i18n, calls.past)}</Link>
            </nav>
            <section class="card">
                {list.view(move |page| {
                    let past = past.get_untracked();
                    if page.items.is_empty() {
                        view! {
                            <Empty
                                title=Signal::derive(move || if past { t_string!(i18n, calls.past_empty) } else { t_string!(i18n, calls.empty) }.to_owned())
                                hint=Signal::derive(move || if past { t_string!(i18n, calls.past_empty_hint) } else { t_string!(i18n, calls.empty_hint) }.to_owned())
                            />
                        }.into_any()
                    } else {
                        view! {
                            <ul class="offer-list">
                                {page.items.into_iter().map(|b| view! { <CallRow booking=b host=host past=past now=now/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </section>
        </div>
    }
}

#[component]
fn CallRow(booking: Booking, host: bool, past: bool, now: ReadSignal<DateTime<Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let zone = session.time_zone();
    let start = booking.starts_at;
    let when = move || format::date_time(&start, i18n.get_locale(), &zone);
    let other = if host { booking.user.name.clone() } else { booking.creator.name.clone() };
    let id = booking.id;
    let status = booking.status;
    let actions = if past {
        view! {
            <span class="badge">{move || labels::booking_status(i18n, status)}</span>
            <Link to=Route::CallSummary(id) attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, call.see_summary)}</Link>
        }
        .into_any()
    } else {
        let (opens, ends) = (booking.join_opens_at, booking.ends_at);
        let open = Memo::new(move |_| {
            let now = now.get();
            now >= opens && now < ends
        });
        let download = move |_| {
            spawn_local(async move {
                match session.api.booking_ics(id).await {
                    Ok(text) => files::download(&format!("callstar-{id}.ics"), "text/calendar", &text),
                    Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
                }
            });
        };
        view! {
            <button type="button" class="btn btn-ghost btn-sm" data-testid="ics" on:click=download>{move || t_string!(i18n, calls.ics)}</button>
            {move || if open.get() {
                view! { <Link to=Route::Call(id) attr:class="btn btn-primary btn-sm" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</Link> }.into_any()
            } else {
                view! {
                    <span class="muted small">{move || t_string!(i18n, calls.opens_hint)}</span>
                    <button type="button" class="btn btn-primary btn-sm" data-testid="join" disabled=true>
                        {move || t_string!(i18n, calls.join)}
                    </button>
                }.into_any()
            }}
        }
        .into_any()
    };
    view! {
        <li class="offer-row" data-testid="call-row">
            <div>
                <p class="offer-title">{booking.call_offer.title.clone()}</p>
                <p class="muted small">{other} " · " {when}</p>
            </div>
            <div class="offer-actions">{actions}</div>
        </li>
    }
}
