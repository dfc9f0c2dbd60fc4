//! The balance cards (pending with its release dates, available, in flight, debt) and, for a
//! MANUAL creator, the payout request: at most the available balance, which the server checks;
//! its refusals are shown in the words of their code.

use api_types::{PayoutBalance, PayoutSchedule, PayoutSettings};
use callstar_web::api::{ApiError, Remote};
use callstar_web::components::field::TextField;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::money::{self, amount, parse_amount};
use leptos::prelude::*;
use rust_decimal::Decimal;

use super::Reload;

/// The four figures of the balance.
#[component]
pub fn BalanceCards(balance: PayoutBalance) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let currency = balance.currency.clone();
    let figure = {
        let currency = currency.clone();
        move |value: Decimal| {
            let currency = currency.clone();
            move || amount(value, &currency, i18n.get_locale())
        }
    };
    let releases = balance
        .releases
        .iter()
        .map(|release| {
            let (value, at, currency, zone) = (release.amount, release.release_at, currency.clone(), zone.clone());
            let line = move || {
                let locale = i18n.get_locale();
                t_string!(
                    i18n,
                    earnings.releases_on,
                    amount = amount(value, &currency, locale),
                    date = format::date(&at, locale, &zone)
                )
                .to_string()
            };
            view! { <li>{line}</li> }
        })
        .collect_view();
    let has_debt = balance.debt > Decimal::ZERO;
    view! {
        <section class="balance-grid" aria-label=move || t_string!(i18n, earnings.balance)>
            <article class="card balance-card balance-main" data-testid="balance-available">
                <h2>{move || t_string!(i18n, earnings.available)}</h2>
                <p class="balance-amount">{figure(balance.available)}</p>
                <p class="muted small">{move || t_string!(i18n, earnings.available_hint)}</p>
            </article>
            <article class="card balance-card" data-testid="balance-pending">
                <h2>{move || t_string!(i18n, earnings.pending)}</h2>
                <p class="balance-amount">{figure(balance.pending)}</p>
                {if balance.releases.is_empty() {
                    view! { <p class="muted small">{move || t_string!(i18n, earnings.pending_hint)}</p> }.into_any()
                } else {
                    view! { <ul class="releases small">{releases}</ul> }.into_any()
                }}
            </article>
            <article class="card balance-card" data-testid="balance-in-flight">
                <h2>{move || t_string!(i18n, earnings.in_flight)}</h2>
                <p class="balance-amount">{figure(balance.in_flight)}</p>
                <p class="muted small">{move || t_string!(i18n, earnings.in_flight_hint)}</p>
            </article>
            <article class="card balance-card" class:balance-debt=has_debt data-testid="balance-debt">
                <h2>{move || t_string!(i18n, earnings.debt)}</h2>
                <p class="balance-amount">{figure(balance.debt)}</p>
                <p class="muted small">{move || t_string!(i18n, earnings.debt_hint)}</p>
            </article>
        </section>
    }
}

/// The payout request of a MANUAL creator; for the others, when their next payout happens.
#[component]
pub fn RequestPayout(settings: PayoutSettings, balance: Remote<PayoutBalance>) -> impl IntoView {
    let i18n = use_i18n();
    if settings.schedule != PayoutSchedule::Manual {
        let next = settings.next_payout_at.map(|at| super::when(&at));
        let schedule = settings.schedule;
        let minimum = amount(settings.minimum, &settings.currency, i18n.get_locale_untracked());
        return view! {
            <section class="card" data-testid="next-payout">
                <h2>{move || t_string!(i18n, earnings.automatic_title)}</h2>
                <p>{move || t_string!(i18n, earnings.automatic, schedule = money::schedule(i18n, schedule), minimum = minimum.clone())}</p>
                {next.map(|next| view! { <p class="muted">{move || t_string!(i18n, earnings.next_payout, date = next.clone())}</p> })}
            </section>
        }
        .into_any();
    }
    let blocked = settings.blocked;
    balance.view(move |b| view! { <RequestForm balance=b blocked=blocked/> }.into_any()).into_any()
}

#[component]
fn RequestForm(balance: PayoutBalance, blocked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let Reload(reload) = expect_context::<Reload>();
    let available = balance.available;
    let currency = StoredValue::new(balance.currency.clone());
    let value = RwSignal::new(if available > Decimal::ZERO { available.to_string() } else { String::new() });
    let errors = RwSignal::new(FieldErrors::new());
    let refusal = RwSignal::new(None::<ApiError>);
    let request = Action::new_local(move |wanted: &Decimal| {
        let wanted = *wanted;
        async move { session.api.request_payout(wanted).await }
    });
    let pending = request.pending();
    Effect::new(move |_| match request.value().get() {
        Some(Ok(payout)) => {
            let sent = amount(payout.amount, &payout.currency, i18n.get_locale_untracked());
            toasts.push(ToastKind::Success, t_string!(i18n, earnings.requested, amount = sent).to_string());
            reload.run(());
        }
        Some(Err(err)) => {
            errors.set(money::field_errors(i18n, &err));
            refusal.set(Some(err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        match parse_amount(&value.get_untracked()) {
            Some(wanted) => {
                errors.set(FieldErrors::new());
                request.dispatch(wanted);
            }
            None => errors.set(FieldErrors::from([("amount".to_owned(), money::field_message(i18n, "amount"))])),
        }
    };
    let most = move || amount(available, &currency.get_value(), i18n.get_locale());
    let nothing = available <= Decimal::ZERO;
    view! {
        <section class="card" data-testid="request-payout">
            <h2>{move || t_string!(i18n, earnings.request_title)}</h2>
            <p class="muted">{move || t_string!(i18n, earnings.request_intro)}</p>
            <form on:submit=submit novalidate class="request-form">
                <TextField id="payout-amount" kind="text" label=Signal::derive(move || t_string!(i18n, earnings.amount, currency = currency.get_value()).to_string())
                    hint=Signal::derive(move || t_string!(i18n, earnings.at_most, amount = most()).to_string())
                    value=value error=Signal::derive(move || errors.with(|e| e.get("amount").cloned()))/>
                <button type="submit" class="btn btn-primary" disabled=move || pending.get() || blocked || nothing>
                    {move || if pending.get() { t_string!(i18n, earnings.requesting) } else { t_string!(i18n, earnings.request) }}
                </button>
                {nothing.then(|| view! { <p class="muted small">{move || t_string!(i18n, earnings.nothing_available)}</p> })}
            </form>
            {move || refusal.get().map(|err| view! {
                <div class="alert alert-error" role="alert" data-testid="payout-refusal" data-code=err.code().map(|c| c.as_str()).unwrap_or_default()>
                    {error_message(i18n, &err)}
                </div>
            })}
        </section>
    }
    .into_any()
}
