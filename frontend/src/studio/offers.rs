//! `/dashboard/creator`: the creator's dashboard — today's appointments (`planning::today`),
//! then the creator's offers, with a form to publish a new one and one to change an open one. The server checks the values (a start in the future, the duration and
//! price limits) and its per-field refusals are shown on the fields; the page only turns the
//! text typed into numbers and instants.

use api_types::{CallOffer, CreateOfferRequest, OfferStatus, Page, Route, UpdateOfferRequest};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message, field_errors, field_message};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use callstar_web::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

use crate::planning::today::TodayWidget;

/// The creator's offers page.
#[component]
pub fn CreatorOffersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let offers = Remote::new(move || Some(session.api.my_offers()));
    view! {
        <div class="container stack">
            <header class="page-header">
                <h1>{move || t_string!(i18n, offers.title)}</h1>
                <Link to=Route::CreatorEarnings attr:class="btn btn-secondary btn-sm" attr:data-testid="to-earnings">{move || t_string!(i18n, earnings.link)}</Link>
            </header>
            <TodayWidget/>
            <NewOfferForm on_created=Callback::new(move |()| offers.refetch())/>
            <section class="card">
                {offers.view(move |page: Page<CallOffer>| if page.items.is_empty() {
                    view! {
                        <Empty title=Signal::derive(move || t_string!(i18n, dashboard.offers_empty).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, dashboard.offers_empty_hint).to_owned())/>
                    }.into_any()
                } else {
                    view! {
                        <ul class="offer-list">
                            {page.items.into_iter().map(|offer| view! { <MyOffer offer=offer on_change=Callback::new(move |()| offers.refetch())/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
        </div>
    }
}

#[component]
fn MyOffer(offer: CallOffer, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let zone = session.time_zone();
    let at = offer.date_time;
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let price = {
        let (amount, currency) = (offer.price.to_string(), offer.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let status = offer.status;
    let id = offer.id;
    let remove = move |_| {
        spawn_local(async move {
            match session.api.delete_offer(id).await {
                Ok(()) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, offers.deleted));
                    on_change.run(());
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let editing = RwSignal::new(false);
    let editable = offer.clone();
    view! {
        <li class="offer-row" data-testid="my-offer">
            <div>
                <p class="offer-title">{offer.title.clone()}</p>
                <p class="muted small">{when}</p>
            </div>
            <div class="offer-actions">
                <span class="price">{price}</span>
                <span class="badge" class:badge-success=status == OfferStatus::Booked>{move || labels::offer_status(i18n, status)}</span>
                {(status == OfferStatus::Available).then(|| view! {
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || t_string!(i18n, offers.edit)}
                    </button>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=remove>{move || t_string!(i18n, offers.delete)}</button>
                })}
            </div>
            <Show when=move || editing.get()>
                <EditOffer offer=editable.clone() on_done=Callback::new(move |changed: bool| {
                    editing.set(false);
                    if changed {
                        on_change.run(());
                    }
                })/>
            </Show>
        </li>
    }
}

/// A price typed by a person ("49", "49.5", "49,50"), if it is a number.
fn parse_price(text: &str) -> Option<Decimal> {
    text.trim().replace(',', ".").parse().ok()
}

/// A duration in minutes typed by a person, if it is a whole number.
fn parse_minutes(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// A `datetime-local` value (the browser's local time) as a UTC instant.
fn local_to_utc(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if value.is_empty() {
        return None;
    }
    let millis = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    if millis.is_nan() { None } else { chrono::DateTime::from_timestamp_millis(millis as i64) }
}

#[component]
fn NewOfferForm(on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let price = RwSignal::new("49.00".to_owned());
    let currency = RwSignal::new("EUR".to_owned());
    let date = RwSignal::new(String::new());
    let duration = RwSignal::new("30".to_owned());
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let create = Action::new_local(move |body: &CreateOfferRequest| {
        let body = body.clone();
        async move { session.api.create_offer(&body).await }
    });
    let pending = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, offers.created));
            title.set(String::new());
            description.set(String::new());
            on_created.run(());
        }
        Some(Err(err)) => {
            errors.set(field_errors(i18n, &err));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed_price = parse_price(&price.get_untracked());
        let when = local_to_utc(&date.get_untracked());
        let minutes = parse_minutes(&duration.get_untracked());
        let mut unreadable = FieldErrors::new();
        if title.with_untracked(|t| t.trim().is_empty()) {
            unreadable.insert("title".to_owned(), t_string!(i18n, errors.required).to_owned());
        }
        for (field, readable) in
            [("price", parsed_price.is_some()), ("dateTime", when.is_some()), ("duration", minutes.is_some())]
        {
            if !readable {
                unreadable.insert(field.to_owned(), field_message(i18n, field));
            }
        }
        let ok = unreadable.is_empty();
        errors.set(unreadable);
        if let (true, Some(price), Some(date_time), Some(duration)) = (ok, parsed_price, when, minutes) {
            create.dispatch(CreateOfferRequest {
                title: title.get_untracked(),
                description: description.get_untracked(),
                price,
                currency: currency.get_untracked(),
                date_time,
                duration,
            });
        }
    };
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, offers.create_title)}</h2>
            <form on:submit=submit novalidate class="offer-form">
                <TextField id="offer-title" label=Signal::derive(move || t_string!(i18n, offers.field_title).to_owned()) value=title error=error_of("title")/>
                <TextField id="offer-description" label=Signal::derive(move || t_string!(i18n, offers.field_description).to_owned()) value=description error=error_of("description")/>
                <div class="form-row">
                    <TextField id="offer-price" label=Signal::derive(move || t_string!(i18n, offers.field_price).to_owned()) value=price error=error_of("price")/>
                    <div class="field">
                        <label for="offer-currency">{move || t_string!(i18n, offers.field_currency)}</label>
                        <select id="offer-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                            {["EUR", "CHF", "USD", "GBP"].into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="form-row">
                    <TextField id="offer-date" kind="datetime-local" label=Signal::derive(move || t_string!(i18n, offers.field_date).to_owned()) value=date error=error_of("dateTime")/>
                    <TextField id="offer-duration" kind="number" label=Signal::derive(move || t_string!(i18n, offers.field_duration).to_owned()) value=duration error=error_of("duration")/>
                </div>
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t_string!(i18n, offers.creating) } else { t_string!(i18n, offers.create) }}
                </button>
            </form>
        </section>
    }
}

#[component]
fn EditOffer(offer: CallOffer, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let title = RwSignal::new(offer.title.clone());
    let price = RwSignal::new(offer.price.to_string());
    let duration = RwSignal::new(offer.duration.to_string());
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let id = offer.id;
    let save = Action::new_local(move |body: &UpdateOfferRequest| {
        let body = body.clone();
        async move { session.api.update_offer(id, &body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, offers.saved));
            on_done.run(true);
        }
        Some(Err(err)) => {
            errors.set(field_errors(i18n, &err));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed_price = parse_price(&price.get_untracked());
        let minutes = parse_minutes(&duration.get_untracked());
        let mut unreadable = FieldErrors::new();
        for (field, readable) in [("price", parsed_price.is_some()), ("duration", minutes.is_some())] {
            if !readable {
                unreadable.insert(field.to_owned(), field_message(i18n, field));
            }
        }
        let ok = unreadable.is_empty();
        errors.set(unreadable);
        if ok {
            save.dispatch(UpdateOfferRequest {
                title: Some(title.get_untracked()),
                price: parsed_price,
                duration: minutes,
                ..Default::default()
            });
        }
    };
    let prefix = format!("edit-{id}");
    view! {
        <form class="offer-form edit-offer" on:submit=submit novalidate data-testid="edit-offer">
            <TextField id=format!("{prefix}-title") label=Signal::derive(move || t_string!(i18n, offers.field_title).to_owned()) value=title error=error_of("title")/>
            <div class="form-row">
                <TextField id=format!("{prefix}-price") label=Signal::derive(move || t_string!(i18n, offers.field_price).to_owned()) value=price error=error_of("price")/>
                <TextField id=format!("{prefix}-duration") kind="number" label=Signal::derive(move || t_string!(i18n, offers.field_duration).to_owned()) value=duration error=error_of("duration")/>
            </div>
            <div class="offer-actions">
                <button type="submit" class="btn btn-primary btn-sm">{move || t_string!(i18n, offers.save)}</button>
                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| on_done.run(false)>{move || t_string!(i18n, offers.cancel_edit)}</button>
            </div>
        </form>
    }
}
