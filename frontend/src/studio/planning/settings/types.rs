//! The Types tab: a host's appointment types — colour, length, meeting types, buffers,
//! minimum notice, optional price, offered or not — created, changed (every field at once, as
//! the API replaces a type whole) and deleted. The server checks the limits; its per-field
//! refusals are shown on the fields.

use api_types::{AppointmentType, AppointmentTypeRequest, MeetingType};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::planning::fields::{field_errors, field_message, meeting_types, wire};

/// The tab.
#[component]
pub fn TypesTab() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let kinds = Remote::new(move || Some(session.api.appointment_types(None)));
    let changed = Callback::new(move |()| kinds.refetch());
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, settings.types_title)}</h2>
            {kinds.view(move |list: Vec<AppointmentType>| if list.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, settings.types_empty).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, settings.types_empty_hint).to_owned())/>
                }.into_any()
            } else {
                view! {
                    <ul class="appt-list">
                        {list.into_iter().map(|kind| view! { <TypeRow kind=kind on_change=changed/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
        <section class="card">
            <h2>{move || t_string!(i18n, settings.type_new)}</h2>
            <TypeForm initial=None on_done=Callback::new(move |saved: bool| if saved { kinds.refetch() })/>
        </section>
    }
}

#[component]
fn TypeRow(kind: AppointmentType, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let editing = RwSignal::new(false);
    let id = kind.id;
    let remove = move |_| {
        spawn_local(async move {
            match session.api.delete_appointment_type(id).await {
                Ok(()) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, settings.type_deleted));
                    on_change.run(());
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let minutes = kind.duration;
    let meetings = meeting_types(&kind);
    let price = kind.price.map(|amount| (amount.to_string(), kind.currency.clone().unwrap_or_default()));
    let active = kind.active;
    let editable = kind.clone();
    view! {
        <li class="appt-row" style=format!("--mark: {}", kind.color) data-testid="type-row">
            <div class="appt-main">
                <p class="offer-title">{kind.name.clone()}</p>
                <p class="muted small">
                    {move || t_string!(i18n, creators.minutes, count = minutes)} " · "
                    {move || meetings.iter().map(|m| labels::meeting_type(i18n, *m)).collect::<Vec<_>>().join(", ")} " · "
                    {move || match &price {
                        Some((amount, currency)) => format::money(amount, currency, i18n.get_locale()),
                        None => t_string!(i18n, planning.free).to_owned(),
                    }}
                </p>
            </div>
            <div class="offer-actions">
                <span class="badge" class:badge-success=active>
                    {move || if active { t_string!(i18n, settings.type_active) } else { t_string!(i18n, settings.type_inactive) }}
                </span>
                <button type="button" class="btn btn-ghost btn-sm" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>{move || t_string!(i18n, offers.edit)}</button>
                <button type="button" class="btn btn-ghost btn-sm" on:click=remove>{move || t_string!(i18n, offers.delete)}</button>
            </div>
            <Show when=move || editing.get()>
                <TypeForm initial=Some(editable.clone()) on_done=Callback::new(move |saved: bool| {
                    editing.set(false);
                    if saved {
                        on_change.run(());
                    }
                })/>
            </Show>
        </li>
    }
}

/// Minutes typed by a person, if a whole number.
fn minutes(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// A price typed by a person ("60", "60,50"): `Some(None)` when left empty (free).
fn price(text: &str) -> Option<Option<Decimal>> {
    let text = text.trim();
    if text.is_empty() { Some(None) } else { text.replace(',', ".").parse().ok().map(Some) }
}

/// A new type (`initial` none) or every field of one.
#[component]
fn TypeForm(initial: Option<AppointmentType>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let id: Option<Uuid> = initial.as_ref().map(|kind| kind.id);
    let text = |value: String| RwSignal::new(value);
    let name = text(initial.as_ref().map(|k| k.name.clone()).unwrap_or_default());
    let duration = text(initial.as_ref().map_or(30, |k| k.duration).to_string());
    let color = text(initial.as_ref().map_or_else(|| "#4f46e5".to_owned(), |k| k.color.clone()));
    let description = text(initial.as_ref().map(|k| k.description.clone()).unwrap_or_default());
    let before = text(initial.as_ref().map_or(0, |k| k.buffer_before).to_string());
    let after = text(initial.as_ref().map_or(0, |k| k.buffer_after).to_string());
    let notice = text(initial.as_ref().map_or(0, |k| k.minimum_notice).to_string());
    let amount = text(initial.as_ref().and_then(|k| k.price).map(|p| p.to_string()).unwrap_or_default());
    let currency = text(initial.as_ref().and_then(|k| k.currency.clone()).unwrap_or_else(|| "EUR".to_owned()));
    let active = RwSignal::new(initial.as_ref().is_none_or(|k| k.active));
    let meetings = RwSignal::new(initial.as_ref().map_or_else(|| vec![MeetingType::Video], meeting_types));
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let save = Action::new_local(move |body: &AppointmentTypeRequest| {
        let body = body.clone();
        async move {
            match id {
                Some(id) => session.api.update_appointment_type(id, &body).await,
                None => session.api.create_appointment_type(&body).await,
            }
        }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, settings.type_saved));
            errors.set(FieldErrors::new());
            if id.is_none() {
                name.set(String::new());
                description.set(String::new());
            }
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
        let numbers =
            [("duration", duration), ("bufferBefore", before), ("bufferAfter", after), ("minimumNotice", notice)]
                .map(|(field, value)| (field, minutes(&value.get_untracked())));
        let typed_price = price(&amount.get_untracked());
        let mut unreadable = FieldErrors::new();
        for (field, value) in numbers {
            if value.is_none() {
                unreadable.insert(field.to_owned(), field_message(i18n, field));
            }
        }
        if typed_price.is_none() {
            unreadable.insert("price".to_owned(), field_message(i18n, "price"));
        }
        if name.with_untracked(|n| n.trim().is_empty()) {
            unreadable.insert("name".to_owned(), t_string!(i18n, errors.required).to_owned());
        }
        if !unreadable.is_empty() {
            errors.set(unreadable);
            return;
        }
        let [duration, before, after, notice] = numbers.map(|(_, value)| value.unwrap_or_default());
        let price = typed_price.flatten();
        save.dispatch(AppointmentTypeRequest {
            name: name.get_untracked().trim().to_owned(),
            duration,
            color: color.get_untracked(),
            description: description.get_untracked(),
            meeting_types: meetings.get_untracked().into_iter().map(|m| wire(m).to_owned()).collect(),
            buffer_before: before,
            buffer_after: after,
            minimum_notice: notice,
            price,
            currency: price.map(|_| currency.get_untracked()),
            active: active.get_untracked(),
        });
    };
    let prefix = id.map_or_else(|| "type-new".to_owned(), |id| format!("type-{id}"));
    let field_id = move |name: &str| format!("{prefix}-{name}");
    let color_id = field_id("color");
    let description_id = field_id("description");
    let currency_id = field_id("currency");
    let active_id = field_id("active");
    view! {
        <form class="type-form" on:submit=submit novalidate data-testid="type-form">
            <div class="form-row">
                <TextField id=field_id("name") label=Signal::derive(move || t_string!(i18n, settings.type_name).to_owned()) value=name error=error_of("name")/>
                <div class="field" class:field-invalid=move || error_of("color").with(Option::is_some)>
                    <label for=color_id.clone()>{move || t_string!(i18n, settings.type_color)}</label>
                    <input id=color_id.clone() type="color" bind:value=color/>
                </div>
            </div>
            <div class="field">
                <label for=description_id.clone()>{move || t_string!(i18n, wizard.description)}</label>
                <textarea id=description_id.clone() rows="2" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <fieldset class="choices">
                <legend>{move || t_string!(i18n, settings.type_meetings)}</legend>
                {[MeetingType::Video, MeetingType::Phone, MeetingType::InPerson].into_iter().map(|kind| view! {
                    <label class="choice" class:selected=move || meetings.with(|m| m.contains(&kind))>
                        <input type="checkbox" prop:checked=move || meetings.with(|m| m.contains(&kind))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                meetings.update(|m| {
                                    m.retain(|k| *k != kind);
                                    if on {
                                        m.push(kind);
                                    }
                                });
                            }/>
                        <span>{move || labels::meeting_type(i18n, kind)}</span>
                    </label>
                }).collect_view()}
                <p class="field-error" role="alert" hidden=move || error_of("meetingTypes").with(Option::is_none)>{move || error_of("meetingTypes").get().unwrap_or_default()}</p>
            </fieldset>
            <div class="form-row form-row-4">
                <TextField id=field_id("duration") kind="number" label=Signal::derive(move || t_string!(i18n, settings.type_duration).to_owned()) value=duration error=error_of("duration")/>
                <TextField id=field_id("before") kind="number" label=Signal::derive(move || t_string!(i18n, settings.type_buffer_before).to_owned()) value=before error=error_of("bufferBefore")/>
                <TextField id=field_id("after") kind="number" label=Signal::derive(move || t_string!(i18n, settings.type_buffer_after).to_owned()) value=after error=error_of("bufferAfter")/>
                <TextField id=field_id("notice") kind="number" label=Signal::derive(move || t_string!(i18n, settings.type_notice).to_owned()) value=notice error=error_of("minimumNotice")/>
            </div>
            <div class="form-row">
                <TextField id=field_id("price") label=Signal::derive(move || t_string!(i18n, settings.type_price).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, settings.type_price_hint).to_owned()) value=amount error=error_of("price")/>
                <div class="field">
                    <label for=currency_id.clone()>{move || t_string!(i18n, offers.field_currency)}</label>
                    <select id=currency_id.clone() on:change=move |ev| currency.set(event_target_value(&ev))>
                        {["EUR", "CHF", "USD", "GBP"].into_iter().map(|c| view! { <option value=c selected=move || currency.get() == c>{c}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <label class="check" for=active_id.clone()>
                <input id=active_id.clone() type="checkbox" prop:checked=move || active.get() on:change=move |ev| active.set(event_target_checked(&ev))/>
                {move || t_string!(i18n, settings.type_offered)}
            </label>
            <div class="links">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if id.is_some() { t_string!(i18n, offers.save) } else { t_string!(i18n, settings.type_create) }}
                </button>
                {id.is_some().then(|| view! {
                    <button type="button" class="btn btn-ghost" on:click=move |_| on_done.run(false)>{move || t_string!(i18n, offers.cancel_edit)}</button>
                })}
            </div>
        </form>
    }
}
