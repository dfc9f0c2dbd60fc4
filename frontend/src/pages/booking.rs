//! `/bookings/:id`: one booking, for its guest or creator, with cancellation.

use api_types::{Booking, BookingStatus, CancelBookingRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::{ApiError, Remote};
use crate::contexts::session::Session;
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::pages::creators::viewer_zone;
use crate::pages::dashboard::status_label;
use crate::pages::error_message;

/// The booking page.
#[component]
pub fn BookingPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok()));
    let booking = Remote::<Booking>::new(session.api, move || id.map(|id| format!("/api/bookings/{id}")));
    view! {
        <div class="container narrow">
            {booking.view(move |b| view! { <Details booking=b on_change=Callback::new(move |()| booking.refetch())/> }.into_any())}
        </div>
    }
}

#[component]
fn Details(booking: Booking, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let zone = viewer_zone(session);
    let at = booking.call_offer.date_time;
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let price = {
        let (amount, currency) = (booking.total_price.to_string(), booking.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let status = booking.status;
    let id = booking.id;
    let cancel = move |_| {
        spawn_local(async move {
            let result: Result<serde_json::Value, ApiError> =
                session.api.post_json(&format!("/api/bookings/{id}/cancel"), &CancelBookingRequest::default()).await;
            match result {
                Ok(_) => on_change.run(()),
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let cancellable = matches!(status, BookingStatus::Pending | BookingStatus::Confirmed);
    view! {
        <div class="card form-card" data-testid="booking">
            <h1>{booking.call_offer.title.clone()}</h1>
            <p class="muted">{move || t_string!(i18n, book.with, name = booking.creator.name.clone())}</p>
            <p><span class="badge">{move || status_label(i18n, status)}</span>
               {booking.is_test_booking.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, book.test_badge)}</span> })}</p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, book.when)}</dt><dd>{when}</dd>
                <dt>{move || t_string!(i18n, book.price)}</dt><dd class="price">{price}</dd>
            </dl>
            <div class="links">
                {(status == BookingStatus::Confirmed).then(|| view! {
                    <A href=format!("/call/{id}") attr:class="btn btn-primary" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</A>
                })}
                {cancellable.then(|| view! { <button type="button" class="btn btn-secondary" on:click=cancel>{move || t_string!(i18n, booking.cancel)}</button> })}
            </div>
        </div>
    }
}
