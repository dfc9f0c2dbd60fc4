//! `/appointments/:id`: one appointment, for its host and its client. Everything about it, and
//! what can be done now: join (green while the server's call window is open), pay (a client's
//! unpaid appointment), download the calendar file, reschedule to another free slot, cancel
//! with a reason, and — for the host, once it has started — mark it held or a no-show.

use api_types::{Appointment, BookingStatus, CancelBookingRequest, Route, Slot, UpdateAppointmentRequest};
use callstar_web::api::Remote;
use callstar_web::clock;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::interop::files;
use callstar_web::nav::{Link, current_route};
use callstar_web::{format, labels};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::planning::card::{JoinButton, StatusBadge, color, hosting};
use crate::planning::pay::PayAppointment;
use crate::planning::slots::SlotPicker;

/// The appointment page.
#[component]
pub fn AppointmentPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::Appointment(id)) => Some(id),
        _ => None,
    };
    let appointment = Remote::new(move || id.map(|id| session.api.appointment(id)));
    let refresh = Callback::new(move |()| appointment.refetch());
    view! {
        <div class="container narrow-wide stack">
            {appointment.view(move |found| view! { <Details appointment=found on_change=refresh/> }.into_any())}
        </div>
    }
}

/// What is open now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Reschedule,
    Cancel,
}

#[component]
fn Details(appointment: Appointment, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let now = clock::ticking();
    let zone = session.time_zone();
    let host = hosting(&session, &appointment);
    let booking = appointment.booking.clone();
    let (id, start, end) = (appointment.id, booking.starts_at, booking.ends_at);
    let status = booking.status;
    let active = matches!(status, BookingStatus::Pending | BookingStatus::Confirmed);
    let started = Memo::new(move |_| now.get() >= start);
    let panel = RwSignal::new(Panel::None);
    let when = {
        let zone = zone.clone();
        move || {
            let locale = i18n.get_locale();
            format!("{} – {}", format::date_time(&start, locale, &zone), format::short_time(&end, locale, &zone))
        }
    };
    let minutes = (end - start).num_minutes();
    let other_label =
        move || if host { t_string!(i18n, appointment.client) } else { t_string!(i18n, appointment.host) };
    let other = if host {
        format!("{} · {}", booking.user.name, appointment.client_email)
    } else {
        booking.creator.name.clone()
    };
    let kind = appointment.appointment_type.clone();
    let meeting = appointment.meeting_type;
    let back = if host { Route::Planning } else { Route::Appointments };
    let settle = move |complete: bool| {
        spawn_local(async move {
            let answer =
                if complete { session.api.complete_appointment(id).await } else { session.api.mark_no_show(id).await };
            match answer {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, appointment.marked));
                    on_change.run(());
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let download = move |_| {
        spawn_local(async move {
            match session.api.booking_ics(id).await {
                Ok(text) => files::download(&format!("callstar-{id}.ics"), "text/calendar", &text),
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    fn fact(label: impl Fn() -> &'static str + Send + Sync + 'static, value: Option<String>) -> impl IntoView {
        value.filter(|v| !v.trim().is_empty()).map(|value| view! { <dt>{label}</dt><dd>{value}</dd> })
    }
    let reason = appointment.reason.clone();
    let message = appointment.message.clone();
    let phone = appointment.phone.clone();
    let address = appointment.address.clone();
    let description = Some(booking.call_offer.description.clone());
    let cancelled = booking.cancel_reason.clone();
    let unpaid = !host && status == BookingStatus::Pending;
    let price = (booking.total_price > rust_decimal::Decimal::ZERO)
        .then(|| (booking.total_price.to_string(), booking.currency.clone()));
    let movable = active && booking.can_cancel;
    let reschedule_kind = kind.as_ref().map(|kind| kind.id);
    let host_id = appointment.host_id;
    view! {
        <Link to=back attr:class="back-link">{move || if host { t_string!(i18n, planning.back) } else { t_string!(i18n, appointment.back) }}</Link>
        <section class="card appointment" style=format!("--mark: {}", color(&appointment)) data-testid="appointment">
            <header class="page-header">
                <div>
                    <h1>{booking.call_offer.title.clone()}</h1>
                    <p class="muted">{kind.as_ref().map(|kind| view! { <span class="type-dot" aria-hidden="true"></span> {kind.name.clone()} })}</p>
                </div>
                <StatusBadge status=status/>
            </header>
            <dl class="facts">
                <dt>{move || t_string!(i18n, appointment.when)}</dt><dd data-testid="when">{when}</dd>
                <dt>{move || t_string!(i18n, book.duration)}</dt><dd>{move || t_string!(i18n, creators.minutes, count = minutes)}</dd>
                <dt>{other_label}</dt><dd>{other}</dd>
                <dt>{move || t_string!(i18n, planning.meeting_type)}</dt><dd>{move || labels::meeting_type(i18n, meeting)}</dd>
                {fact(move || t_string!(i18n, planning.phone), phone)}
                {fact(move || t_string!(i18n, planning.address), address)}
                {fact(move || t_string!(i18n, wizard.reason), reason)}
                {fact(move || t_string!(i18n, appointment.message), message)}
                {fact(move || t_string!(i18n, wizard.description), description)}
                {price.map(|(amount, currency)| view! {
                    <dt>{move || t_string!(i18n, book.price)}</dt><dd class="price">{move || format::money(&amount, &currency, i18n.get_locale())}</dd>
                })}
                {fact(move || t_string!(i18n, appointment.cancel_reason), cancelled)}
            </dl>
            {appointment.client_is_prospect.then(|| view! { <p class="muted small">{move || t_string!(i18n, appointment.prospect_note)}</p> })}
            <div class="links">
                <JoinButton appointment=appointment.clone() now=now/>
                {unpaid.then(|| view! { <PayAppointment booking=id on_paid=on_change/> })}
                {(status == BookingStatus::Confirmed).then(|| view! {
                    <button type="button" class="btn btn-ghost btn-sm" on:click=download>{move || t_string!(i18n, calls.ics)}</button>
                })}
                {movable.then(|| view! {
                    <Show when=move || !started.get()>
                        <button type="button" class="btn btn-secondary btn-sm" aria-expanded=move || (panel.get() == Panel::Reschedule).to_string()
                            on:click=move |_| panel.update(|p| *p = if *p == Panel::Reschedule { Panel::None } else { Panel::Reschedule })>
                            {move || t_string!(i18n, appointment.reschedule)}
                        </button>
                    </Show>
                    <button type="button" class="btn btn-secondary btn-sm" aria-expanded=move || (panel.get() == Panel::Cancel).to_string()
                        on:click=move |_| panel.update(|p| *p = if *p == Panel::Cancel { Panel::None } else { Panel::Cancel })>
                        {move || t_string!(i18n, appointment.cancel)}
                    </button>
                })}
                {(host && status == BookingStatus::Confirmed).then(|| view! {
                    <Show when=move || started.get()>
                        <button type="button" class="btn btn-primary btn-sm" on:click=move |_| settle(true)>{move || t_string!(i18n, appointment.complete)}</button>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| settle(false)>{move || t_string!(i18n, appointment.no_show)}</button>
                    </Show>
                })}
            </div>
        </section>
        {move || match (panel.get(), reschedule_kind) {
            (Panel::Reschedule, Some(kind)) => view! { <Reschedule id=id host=host_id kind=kind panel=panel on_change=on_change/> }.into_any(),
            (Panel::Cancel, _) => view! { <CancelForm id=id panel=panel on_change=on_change/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}

/// A new time from the free slots of the same type.
#[component]
fn Reschedule(
    id: uuid::Uuid,
    host: uuid::Uuid,
    kind: uuid::Uuid,
    panel: RwSignal<Panel>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let slot = RwSignal::new(None::<Slot>);
    let save = Action::new_local(move |at: &DateTime<Utc>| {
        let body = UpdateAppointmentRequest { starts_at: Some(*at), ..Default::default() };
        async move { session.api.update_appointment(id, &body).await }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, appointment.rescheduled));
            panel.set(Panel::None);
            on_change.run(());
        }
        Some(Err(err)) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
        None => {}
    });
    view! {
        <section class="card" data-testid="reschedule">
            <h2>{move || t_string!(i18n, appointment.reschedule_title)}</h2>
            <SlotPicker host=host kind=kind selected=slot/>
            <button type="button" class="btn btn-primary" disabled=move || pending.get() || slot.with(Option::is_none)
                on:click=move |_| if let Some(slot) = slot.get_untracked() { save.dispatch(slot.starts_at); }>
                {move || t_string!(i18n, appointment.reschedule_confirm)}
            </button>
        </section>
    }
}

/// Cancelling, with a reason shown to the other side.
#[component]
fn CancelForm(id: uuid::Uuid, panel: RwSignal<Panel>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let reason = RwSignal::new(String::new());
    let cancel = Action::new_local(move |text: &String| {
        let body = CancelBookingRequest { reason: Some(text.trim().to_owned()).filter(|t| !t.is_empty()) };
        async move { session.api.cancel_appointment(id, &body).await }
    });
    let pending = cancel.pending();
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, appointment.cancelled));
            panel.set(Panel::None);
            on_change.run(());
        }
        Some(Err(err)) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
        None => {}
    });
    view! {
        <section class="card" data-testid="cancel-appointment">
            <h2>{move || t_string!(i18n, appointment.cancel_title)}</h2>
            <div class="field">
                <label for="cancel-reason">{move || t_string!(i18n, appointment.cancel_reason)}</label>
                <textarea id="cancel-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p class="field-hint">{move || t_string!(i18n, appointment.cancel_hint)}</p>
            </div>
            <div class="links">
                <button type="button" class="btn btn-danger" disabled=move || pending.get()
                    on:click=move |_| { cancel.dispatch(reason.get_untracked()); }>{move || t_string!(i18n, appointment.cancel_confirm)}</button>
                <button type="button" class="btn btn-ghost" on:click=move |_| panel.set(Panel::None)>{move || t_string!(i18n, appointment.keep)}</button>
            </div>
        </section>
    }
}
