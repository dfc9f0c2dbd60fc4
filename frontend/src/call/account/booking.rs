//! `/bookings/:id`: one booking, for its guest or creator, with cancellation while the server
//! says it can still be cancelled (`canCancel`).

use api_types::{Booking, BookingStatus, CancelBookingRequest, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;

use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::labels;
use callstar_web::nav::{Link, current_route};

/// The booking page.
#[component]
pub fn BookingPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::Booking(id)) => Some(id),
        _ => None,
    };
    let booking = Remote::new(move || id.map(|id| session.api.booking(id)));
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
    let zone = session.time_zone();
    let at = booking.starts_at;
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let price = {
        let (amount, currency) = (booking.total_price.to_string(), booking.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let status = booking.status;
    let id = booking.id;
    let cancel = move |_| {
        spawn_local(async move {
            match session.api.cancel_booking(id, &CancelBookingRequest::default()).await {
                Ok(_) => on_change.run(()),
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    view! {
        <div class="card form-card" data-testid="booking">
            <h1>{booking.call_offer.title.clone()}</h1>
            <p class="muted">{move || t_string!(i18n, book.with, name = booking.creator.name.clone())}</p>
            <p><span class="badge">{move || labels::booking_status(i18n, status)}</span>
               {booking.is_test_booking.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, book.test_badge)}</span> })}</p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, book.when)}</dt><dd>{when}</dd>
                <dt>{move || t_string!(i18n, book.price)}</dt><dd class="price">{price}</dd>
            </dl>
            <div class="links">
                {(status == BookingStatus::Confirmed).then(|| view! {
                    <Link to=Route::Call(id) attr:class="btn btn-primary" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</Link>
                })}
                {booking.can_cancel.then(|| view! { <button type="button" class="btn btn-secondary" on:click=cancel>{move || t_string!(i18n, booking.cancel)}</button> })}
            </div>
        </div>
    }
}
