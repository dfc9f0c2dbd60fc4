//! `/notifications`: unread first, a "new" badge, mark read, mark all read, a colour per type,
//! and a link to the page each one is about (a [`Route`] of the app).

use api_types::{Notification, PageQuery, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;

use callstar_web::api::Remote;
use callstar_web::components::status::Empty;
use callstar_web::contexts::realtime::Realtime;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::unread::Unread;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;

/// The notifications page.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let unread = expect_context::<Unread>();
    let live = expect_context::<Realtime>();
    let list = Remote::new(move || {
        // Titles and messages come in the reader's language; a new one arrives by itself.
        let _ = i18n.get_locale();
        live.changes.track();
        Some(session.api.notifications(PageQuery { page: 1, per_page: 50 }))
    });
    let reload = move || {
        list.refetch();
        unread.refresh();
    };
    let mark_all = move |_| {
        spawn_local(async move {
            let _ = session.api.mark_all_read().await;
            reload();
        });
    };
    view! {
        <div class="container narrow">
            <header class="page-header">
                <h1>{move || t_string!(i18n, notifications.title)}</h1>
                <button type="button" class="btn btn-secondary btn-sm" on:click=mark_all
                    disabled=move || unread.count.get() == 0>{move || t_string!(i18n, notifications.mark_all)}</button>
            </header>
            {list.view(move |page| if page.items.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, notifications.empty).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, notifications.empty_hint).to_owned())/>
                }.into_any()
            } else {
                view! {
                    <ul class="notification-list">
                        {page.items.into_iter().map(|n| view! { <Item note=n on_read=Callback::new(move |()| reload())/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </div>
    }
}

#[component]
fn Item(note: Notification, on_read: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let id = note.id;
    let tone = match note.notification_type.as_str() {
        "BOOKING_CONFIRMED" | "PAYMENT_RECEIVED" | "PAYOUT_COMPLETED" | "PAYOUT_APPROVED" | "REVIEW_RECEIVED" => {
            "tone-success"
        }
        "BOOKING_CANCELLED" | "PAYOUT_FAILED" | "DISPUTE_CREATED" | "TRANSFER_FAILED" | "DEBT_THRESHOLD_EXCEEDED" => {
            "tone-danger"
        }
        "REFUND_CREATED" | "DEBT_DEDUCTED" | "PAYOUT_REQUEST" => "tone-warning",
        _ => "tone-info",
    };
    let at = note.created_at;
    let zone = session.time_zone();
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let read = note.read;
    let mark = move |_| {
        spawn_local(async move {
            let _ = session.api.mark_read(id).await;
            on_read.run(());
        });
    };
    view! {
        <li class=format!("notification card {tone}") class:unread=!read data-testid="notification">
            <div class="notification-head">
                <strong>{note.title.clone()}</strong>
                {(!read).then(|| view! { <span class="badge badge-accent">{move || t_string!(i18n, notifications.new_badge)}</span> })}
            </div>
            <p>{note.message.clone()}</p>
            <div class="notification-foot">
                <span class="muted small">{when}</span>
                {note.link.clone().map(|link| match Route::parse(&link) {
                    Some(to) => view! { <Link to=to attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, notifications.open)}</Link> }.into_any(),
                    // Not a page of the app (an older link): the browser opens it.
                    None => view! { <a href=link rel="external" class="btn btn-ghost btn-sm">{move || t_string!(i18n, notifications.open)}</a> }.into_any(),
                })}
                {(!read).then(|| view! { <button type="button" class="btn btn-ghost btn-sm" on:click=mark>{move || t_string!(i18n, notifications.mark_read)}</button> })}
            </div>
        </li>
    }
}
