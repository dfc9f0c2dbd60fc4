//! `/calls`: the signed-in fan's or creator's calls. Upcoming confirmed calls, each with a
//! Join button that opens 15 minutes before the start (checked every second) and an `.ics`
//! download; `?when=past` lists past calls with their summary.

use api_types::{Booking, Page, Role};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::Remote;
use crate::clock;
use crate::components::status::Empty;
use crate::contexts::session::Session;
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::interop::files;
use crate::pages::call::EARLY;
use crate::pages::creators::viewer_zone;
use crate::pages::dashboard::status_label;
use crate::pages::error_message;

/// The calls page.
#[component]
pub fn CallsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let past = Memo::new(move |_| query.with(|q| q.get("when").as_deref() == Some("past")));
    let host = session.role() == Some(Role::Creator);
    let list = Remote::<Page<Booking>>::new(session.api, move || {
        let when = if past.get() { "past" } else { "upcoming&status=confirmed" };
        let side = if host { "&as=creator" } else { "" };
        Some(format!("/api/bookings?when={when}{side}&perPage=50"))
    });
    let now = clock::ticking();
    let current = move |on: bool| if on { Some("page") } else { None };
    view! {
        <div class="container">
            <header class="page-header"><h1>{move || t_string!(i18n, calls.title)}</h1></header>
            <nav class="tabs" aria-label=move || t_string!(i18n, calls.title)>
                <a href="/calls" class="tab" aria-current=move || current(!past.get())>{move || t_string!(i18n, calls.upcoming)}</a>
                <a href="/calls?when=past" class="tab" aria-current=move || current(past.get())>{move || t_string!(i18n, calls.past)}</a>
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
    let zone = viewer_zone(session);
    let start = booking.call_offer.date_time;
    let end = start + Duration::minutes(i64::from(booking.call_offer.duration));
    let when = move || format::date_time(&start, i18n.get_locale(), &zone);
    let other = if host { booking.user.name.clone() } else { booking.creator.name.clone() };
    let id = booking.id;
    let status = booking.status;
    let actions = if past {
        view! {
            <span class="badge">{move || status_label(i18n, status)}</span>
            <A href=format!("/call/{id}/summary") attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, call.see_summary)}</A>
        }
        .into_any()
    } else {
        let open = Memo::new(move |_| {
            let now = now.get();
            now >= start - EARLY && now < end
        });
        let download = move |_| {
            spawn_local(async move {
                match session.api.booking_ics(id).await {
                    Ok(text) => files::download(&format!("callstar-{id}.ics"), "text/calendar", &text),
                    Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
                }
            });
        };
        let href = format!("/call/{id}");
        view! {
            <button type="button" class="btn btn-ghost btn-sm" data-testid="ics" on:click=download>{move || t_string!(i18n, calls.ics)}</button>
            {move || if open.get() {
                view! { <A href=href.clone() attr:class="btn btn-primary btn-sm" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</A> }.into_any()
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
