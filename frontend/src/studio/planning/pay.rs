//! Paying for an appointment whose type has a price: the same flow as a call offer's booking
//! page — `POST /api/payments/create-intent` for the pending booking, then Stripe's Payment
//! Element (through `interop::stripe`) or, without Stripe keys, the test-mode confirmation the
//! server makes at once. Stripe comes back to the appointment's page.

use api_types::{ErrorCode, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::interop::stripe;
use leptos::prelude::*;
use uuid::Uuid;

/// Pays the pending booking `booking`; `on_paid` runs once it is confirmed (test mode, or a
/// payment already made). With Stripe, the Payment Element appears in place.
#[component]
pub fn PayAppointment(booking: Uuid, on_paid: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let config = Remote::new(move || Some(session.api.payment_config()));
    let test_mode = Memo::new(move |_| matches!(config.get(), Some(Ok(config)) if config.test_mode));
    let error = RwSignal::new(None::<String>);
    let mounted = RwSignal::new(false);
    let pay = Action::new_local(move |(): &()| async move { session.api.create_intent(booking).await });
    let pending = pay.pending();
    Effect::new(move |_| match pay.value().get() {
        Some(Ok(intent)) if intent.is_test_booking => on_paid.run(()),
        Some(Ok(intent)) => {
            if let (Some(secret), Some(key)) = (intent.client_secret, intent.publishable_key) {
                mounted.set(true);
                leptos::task::spawn_local(async move {
                    if let Err(message) = stripe::mount_payment(&key, &secret, "#appointment-payment").await {
                        error.set(Some(message));
                    }
                });
            }
        }
        Some(Err(err)) if err.code() == Some(ErrorCode::AlreadyPaid) => on_paid.run(()),
        Some(Err(err)) => error.set(Some(error_message(i18n, &err))),
        None => {}
    });
    let confirm = Action::new_local(move |(): &()| async move {
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        stripe::confirm_payment(&Route::Appointment(booking).url(&origin)).await
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(())) => on_paid.run(()),
        Some(Err(_)) => error.set(Some(t_string!(i18n, book.stripe_error).to_owned())),
        None => {}
    });
    view! {
        <div class="pay" data-testid="pay">
            <Show when=move || test_mode.get()>
                <p class="alert alert-info" data-testid="test-mode">{move || t_string!(i18n, book.test_mode)}</p>
            </Show>
            <div class="alert alert-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</div>
            <div id="appointment-payment" class="payment-element" hidden=move || !mounted.get()></div>
            <Show when=move || mounted.get() fallback=move || view! {
                <button type="button" class="btn btn-primary" disabled=move || pending.get() on:click=move |_| { pay.dispatch(()); }>
                    {move || if pending.get() {
                        t_string!(i18n, book.paying)
                    } else if test_mode.get() {
                        t_string!(i18n, book.confirm_test)
                    } else {
                        t_string!(i18n, book.pay)
                    }}
                </button>
            }>
                <button type="button" class="btn btn-primary" disabled=move || confirm.pending().get() on:click=move |_| { confirm.dispatch(()); }>
                    {move || t_string!(i18n, book.pay_now)}
                </button>
            </Show>
        </div>
    }
}
