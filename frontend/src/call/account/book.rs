//! `/book/:offer_id` and its success page: the offer, its availability re-checked every
//! 5 seconds, and payment (Stripe Elements, or a clearly labelled test-mode confirmation).
//! When the server refuses the booking, the page says why in the words of the refusal's code
//! (someone took the slot, the creator is busy then, the call has started…).

use std::time::Duration;

use api_types::{Booking, CallOffer, ErrorCode, OfferStatus, PaymentConfig, Route};
use leptos::prelude::*;
use uuid::Uuid;

use callstar_web::api::{ApiError, Remote};
use callstar_web::components::status::loaded;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::unread::Unread;
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::interop::stripe;
use callstar_web::nav::{Link, current_route, use_navigator};

/// The booking page.
#[component]
pub fn BookPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let offer_id = match current_route() {
        Some(Route::Book(id)) => Some(id),
        _ => None,
    };
    let offer = Remote::new(move || offer_id.map(|id| session.api.offer(id)));
    let config = Remote::new(move || Some(session.api.payment_config()));
    let data = move || match (offer.get()?, config.get()?) {
        (Ok(offer), Ok(config)) => Some(Ok((offer, config))),
        (Err(err), _) | (_, Err(err)) => Some(Err(err)),
    };
    view! {
        <div class="container narrow">
            {loaded(
                Box::new(move || data().map(|result| result.map(|(offer, config)| view! { <Checkout offer=offer config=config/> }.into_any()))),
                Callback::new(move |()| { offer.refetch(); config.refetch(); }),
            )}
        </div>
    }
}

/// Why an offer in this state cannot be booked, in the server's words for it.
fn closed(status: OfferStatus) -> Option<ErrorCode> {
    match status {
        OfferStatus::Available => None,
        OfferStatus::Booked => Some(ErrorCode::AlreadyBooked),
        OfferStatus::Completed | OfferStatus::Cancelled => Some(ErrorCode::OfferUnavailable),
    }
}

/// Refusals that end the booking of this offer (the page shows why, and the way back).
fn ends_booking(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::AlreadyBooked
            | ErrorCode::HostBusy
            | ErrorCode::OfferPast
            | ErrorCode::OfferUnavailable
            | ErrorCode::OwnOffer
            | ErrorCode::PaymentsNotReady
    )
}

#[component]
fn Checkout(offer: CallOffer, config: PaymentConfig) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let unread = expect_context::<Unread>();
    let navigator = use_navigator();
    let refusal = RwSignal::new(closed(offer.status));
    let mine = RwSignal::new(None::<Booking>);
    let error = RwSignal::new(None::<String>);
    let stripe_ready = RwSignal::new(false);
    let offer_id = offer.id;

    // Someone else may take the slot while this page is open: look again every 5 s.
    let poll = set_interval_with_handle(
        move || {
            if mine.with_untracked(Option::is_some) || refusal.with_untracked(Option::is_some) {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = session.api.offer(offer_id).await {
                    refusal.set(closed(fresh.status));
                }
            });
        },
        Duration::from_secs(5),
    );
    on_cleanup(move || {
        if let Ok(handle) = poll {
            handle.clear();
        }
    });

    let success = move |booking: &Booking| Route::BookSuccess { offer: offer_id, booking: Some(booking.id) };
    let pay = Action::new_local(move |(): &()| async move {
        let booking = match mine.get_untracked() {
            Some(booking) => booking,
            None => session.api.book(offer_id).await?,
        };
        mine.set(Some(booking.clone()));
        let intent = session.api.create_intent(booking.id).await?;
        Ok::<_, ApiError>(intent)
    });
    let pending = pay.pending();
    {
        let navigator = navigator.clone();
        Effect::new(move |_| match pay.value().get() {
            Some(Ok(intent)) if intent.is_test_booking => {
                unread.refresh();
                navigator.go(&success(&intent.booking));
            }
            Some(Ok(intent)) => {
                if let (Some(secret), Some(key)) = (intent.client_secret.clone(), intent.publishable_key.clone()) {
                    stripe_ready.set(true);
                    leptos::task::spawn_local(async move {
                        if let Err(message) = stripe::mount_payment(&key, &secret, "#payment-element").await {
                            error.set(Some(message));
                        }
                    });
                }
            }
            Some(Err(err)) => match err.code() {
                Some(code) if ends_booking(code) => refusal.set(Some(code)),
                Some(ErrorCode::AlreadyPaid) => {
                    if let Some(booking) = mine.get_untracked() {
                        navigator.go(&success(&booking));
                    }
                }
                code => {
                    // An expired hold is gone for good: the next attempt books again.
                    if code == Some(ErrorCode::HoldExpired) {
                        mine.set(None);
                    }
                    error.set(Some(error_message(i18n, &err)));
                }
            },
            None => {}
        });
    }
    let confirm_card = Action::new_local(move |(): &()| async move {
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let return_url = mine.get_untracked().map(|booking| success(&booking).url(&origin)).unwrap_or_default();
        stripe::confirm_payment(&return_url).await
    });
    Effect::new(move |_| match confirm_card.value().get() {
        Some(Ok(())) => {
            if let Some(booking) = mine.get_untracked() {
                navigator.go(&success(&booking));
            }
        }
        Some(Err(_)) => error.set(Some(t_string!(i18n, book.stripe_error).to_owned())),
        None => {}
    });

    let when = format::date_time(&offer.date_time, i18n.get_locale_untracked(), &session.time_zone());
    let price = {
        let (amount, currency) = (offer.price.to_string(), offer.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let minutes = offer.duration;
    let hold = config.booking_hold_minutes;
    let creator_name = offer.creator_name.clone();
    let (creator, host) = (offer.creator_id, offer.creator_name.clone());

    view! {
        <div class="card form-card" data-testid="checkout">
            <h1>{move || t_string!(i18n, book.title)}</h1>
            <p class="muted">{move || t_string!(i18n, book.with, name = creator_name.clone())}</p>
            <h2 class="offer-title">{offer.title.clone()}</h2>
            <p>{offer.description.clone()}</p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, book.when)}</dt><dd>{when}</dd>
                <dt>{move || t_string!(i18n, book.duration)}</dt><dd>{move || t_string!(i18n, creators.minutes, count = minutes)}</dd>
                <dt>{move || t_string!(i18n, book.price)}</dt><dd class="price">{price}</dd>
            </dl>
            {move || match refusal.get() {
                Some(code) => view! { <Refused code=code creator=creator host=host.clone()/> }.into_any(),
                None => view! {
                    <div class="alert alert-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</div>
                    <Show when=move || config.test_mode fallback=move || view! {
                        <p class="muted small">{move || t_string!(i18n, book.hold, minutes = hold)}</p>
                        <div id="payment-element" class="payment-element" hidden=move || !stripe_ready.get()></div>
                        <Show when=move || stripe_ready.get() fallback=move || view! {
                            <button type="button" class="btn btn-primary btn-block" disabled=move || pending.get()
                                on:click=move |_| { pay.dispatch(()); }>
                                {move || if pending.get() { t_string!(i18n, book.paying) } else { t_string!(i18n, book.pay) }}
                            </button>
                        }>
                            <button type="button" class="btn btn-primary btn-block" disabled=move || confirm_card.pending().get()
                                on:click=move |_| { confirm_card.dispatch(()); }>{move || t_string!(i18n, book.pay_now)}</button>
                        </Show>
                    }>
                        <p class="alert alert-info" data-testid="test-mode">{move || t_string!(i18n, book.test_mode)}</p>
                        <button type="button" class="btn btn-primary btn-block" disabled=move || pending.get()
                            on:click=move |_| { pay.dispatch(()); }>
                            {move || if pending.get() { t_string!(i18n, book.paying) } else { t_string!(i18n, book.confirm_test) }}
                        </button>
                    </Show>
                }.into_any(),
            }}
        </div>
    }
}

/// Why this offer cannot be booked, and the way back to the creator's other slots.
#[component]
fn Refused(code: ErrorCode, creator: Uuid, host: String) -> impl IntoView {
    let i18n = use_i18n();
    let words = move || {
        let name = host.clone();
        match code {
            ErrorCode::AlreadyBooked => {
                (t_string!(i18n, book.taken_title).to_owned(), t_string!(i18n, book.taken_text).to_owned())
            }
            ErrorCode::HostBusy => {
                (t_string!(i18n, book.busy_title).to_owned(), t_string!(i18n, book.busy_text, name = name).to_string())
            }
            ErrorCode::OfferPast => {
                (t_string!(i18n, book.past_title).to_owned(), t_string!(i18n, book.past_text).to_owned())
            }
            ErrorCode::OwnOffer => {
                (t_string!(i18n, book.own_offer).to_owned(), t_string!(i18n, book.own_text).to_owned())
            }
            ErrorCode::PaymentsNotReady => (
                t_string!(i18n, book.not_ready_title).to_owned(),
                t_string!(i18n, book.not_ready_text, name = name).to_string(),
            ),
            _ => {
                (t_string!(i18n, book.unavailable_title).to_owned(), t_string!(i18n, book.unavailable_text).to_owned())
            }
        }
    };
    let words = Memo::new(move |_| words());
    view! {
        <div class="alert alert-error" role="alert" data-testid="refusal" data-code=code.as_str()>
            <p><strong>{move || words.get().0}</strong></p>
            <p>{move || words.get().1}</p>
            <Link to=Route::Creator(creator) attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, book.back_to_creator)}</Link>
        </div>
    }
}

/// After paying.
#[component]
pub fn BookSuccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let unread = expect_context::<Unread>();
    unread.refresh();
    let booking = match current_route() {
        Some(Route::BookSuccess { booking, .. }) => booking,
        _ => None,
    };
    view! {
        <div class="container narrow center">
            <div class="card" data-testid="booking-success">
                <p class="big-code" aria-hidden="true">"✓"</p>
                <h1>{move || t_string!(i18n, book.success_title)}</h1>
                <p class="muted">{move || t_string!(i18n, book.success_text)}</p>
                <div class="links">
                    <Link to=Route::UserDashboard attr:class="btn btn-primary">{move || t_string!(i18n, book.to_dashboard)}</Link>
                    {booking.map(|id| view! {
                        <Link to=Route::Booking(id) attr:class="btn btn-secondary">{move || t_string!(i18n, book.see_booking)}</Link>
                    })}
                </div>
            </div>
        </div>
    }
}
