//! `/book/:offer_id` and its success page: the offer, its availability re-checked every
//! 5 seconds, and payment (Stripe Elements, or a clearly labelled test-mode confirmation).

use std::time::Duration;

use api_types::{Booking, CallOffer, OfferStatus, PaymentConfig};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::api::{ApiError, Remote};
use crate::components::status::loaded;
use crate::contexts::session::Session;
use crate::contexts::unread::Unread;
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::interop::stripe;
use crate::pages::creators::viewer_zone;
use crate::pages::error_message;

/// The booking page.
#[component]
pub fn BookPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let offer_id = params.with_untracked(|p| p.get("offer_id").and_then(|id| Uuid::parse_str(&id).ok()));
    let offer = Remote::<CallOffer>::new(session.api, move || offer_id.map(|id| format!("/api/call-offers/{id}")));
    let config = Remote::<PaymentConfig>::new(session.api, || Some("/api/payments/config".to_owned()));
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

#[component]
fn Checkout(offer: CallOffer, config: PaymentConfig) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let unread = expect_context::<Unread>();
    let navigate = use_navigate();
    let status = RwSignal::new(offer.status);
    let mine = RwSignal::new(None::<Booking>);
    let error = RwSignal::new(None::<String>);
    let stripe_ready = RwSignal::new(false);
    let offer_id = offer.id;
    let creator_href = format!("/creators/{}", offer.creator_id);

    // Someone else may take the slot while this page is open: look again every 5 s.
    let poll = set_interval_with_handle(
        move || {
            if mine.with_untracked(Option::is_some) {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = session.api.offer(offer_id).await {
                    status.set(fresh.status);
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

    let success_path = move |booking: &Booking| format!("/book/{offer_id}/success?booking={}", booking.id);
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
        let navigate = navigate.clone();
        Effect::new(move |_| match pay.value().get() {
            Some(Ok(intent)) if intent.is_test_booking => {
                unread.refresh();
                navigate(&success_path(&intent.booking), NavigateOptions::default());
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
            Some(Err(ApiError::Problem(p))) if p.status == 409 && mine.with_untracked(Option::is_none) => {
                status.set(OfferStatus::Booked);
            }
            Some(Err(ApiError::Problem(p))) if p.status == 422 => {
                error.set(Some(t_string!(i18n, book.own_offer).to_owned()))
            }
            Some(Err(err)) => error.set(Some(error_message(i18n, &err))),
            None => {}
        });
    }
    let confirm_card = Action::new_local(move |(): &()| async move {
        let return_url = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .map(|origin| format!("{origin}{}", mine.get_untracked().map(|b| success_path(&b)).unwrap_or_default()))
            .unwrap_or_default();
        stripe::confirm_payment(&return_url).await
    });
    Effect::new(move |_| match confirm_card.value().get() {
        Some(Ok(())) => {
            if let Some(booking) = mine.get_untracked() {
                navigate(&success_path(&booking), NavigateOptions::default());
            }
        }
        Some(Err(_)) => error.set(Some(t_string!(i18n, book.stripe_error).to_owned())),
        None => {}
    });

    let zone = viewer_zone(session);
    let when = format::date_time(&offer.date_time, i18n.get_locale_untracked(), &zone);
    let price = {
        let (amount, currency) = (offer.price.to_string(), offer.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let minutes = offer.duration;
    let hold = config.booking_hold_minutes;
    let taken = move || status.get() != OfferStatus::Available && mine.with(Option::is_none);
    let creator_name = offer.creator_name.clone();

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
            <Show when=taken fallback=move || view! {
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
            }>
                <div class="alert alert-error" role="alert" data-testid="already-booked">
                    <p><strong>{move || t_string!(i18n, book.taken_title)}</strong></p>
                    <p>{move || t_string!(i18n, book.taken_text)}</p>
                    <A href=creator_href.clone() attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, book.back_to_creator)}</A>
                </div>
            </Show>
        </div>
    }
}

/// After paying.
#[component]
pub fn BookSuccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let unread = expect_context::<Unread>();
    unread.refresh();
    view! {
        <div class="container narrow center">
            <div class="card" data-testid="booking-success">
                <p class="big-code" aria-hidden="true">"✓"</p>
                <h1>{move || t_string!(i18n, book.success_title)}</h1>
                <p class="muted">{move || t_string!(i18n, book.success_text)}</p>
                <A href="/dashboard/user" attr:class="btn btn-primary">{move || t_string!(i18n, book.to_dashboard)}</A>
            </div>
        </div>
    }
}
