//! `/hosts/:host/book`: a client books an appointment with a host — type, reason, how it is
//! held, day and free slot, a message — in one form. A free type is confirmed at once; a
//! priced one is held and paid like a call offer's booking (`pay`), then the appointment's page
//! opens.

use api_types::{
    Appointment, AppointmentReason, AppointmentRequest, AppointmentType, BookingStatus, ErrorCode, MeetingType, Route,
    Slot,
};
use callstar_web::api::{ApiError, Remote};
use callstar_web::components::status::{Empty, loaded};
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, current_route, use_navigator};
use leptos::prelude::*;
use uuid::Uuid;

use crate::planning::fields::{Meeting, MeetingFields, field_errors, meeting_types};
use crate::planning::pay::PayAppointment;
use crate::planning::slots::SlotPicker;
use crate::planning::wizard::{ReasonSelect, TypeChoices};

/// The booking page.
#[component]
pub fn BookAppointmentPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = match current_route() {
        Some(Route::BookAppointment(host)) => Some(host),
        _ => None,
    };
    let kinds = Remote::new(move || host.map(|host| session.api.appointment_types(Some(host))));
    let reasons = Remote::new(move || host.map(|host| session.api.appointment_reasons(Some(host))));
    let data = move || match (kinds.get()?, reasons.get()?) {
        (Ok(kinds), Ok(reasons)) => Some(Ok((kinds, reasons))),
        (Err(err), _) | (_, Err(err)) => Some(Err(err)),
    };
    view! {
        <div class="container narrow-wide stack">
            {loaded(
                Box::new(move || data().map(|answer| answer.map(|(kinds, reasons)| {
                    view! { <BookForm host=host.unwrap_or_default() kinds=kinds reasons=reasons/> }.into_any()
                }))),
                Callback::new(move |()| { kinds.refetch(); reasons.refetch(); }),
            )}
        </div>
    }
}

#[component]
fn BookForm(host: Uuid, kinds: Vec<AppointmentType>, reasons: Vec<AppointmentReason>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigator = use_navigator();
    if kinds.is_empty() {
        return view! {
            <section class="card">
                <h1>{move || t_string!(i18n, booking_page.title)}</h1>
                <Empty title=Signal::derive(move || t_string!(i18n, booking_page.no_type).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, booking_page.no_type_hint).to_owned())/>
                <Link to=Route::Creators attr:class="btn btn-secondary">{move || t_string!(i18n, client.find_host)}</Link>
            </section>
        }
        .into_any();
    }
    // With one type there is nothing to choose; with several, the client chooses first.
    let kind = RwSignal::new(if kinds.len() == 1 { kinds.first().cloned() } else { None });
    let reason = RwSignal::new(None::<Uuid>);
    let meeting = Meeting::new();
    let slot = RwSignal::new(None::<Slot>);
    let message = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let held = RwSignal::new(None::<Appointment>);
    // The slot belongs to the type it was chosen for.
    Effect::new(move |previous: Option<Option<Uuid>>| {
        let current = kind.with(|k| k.as_ref().map(|k| k.id));
        if previous.is_some_and(|previous| previous != current) {
            slot.set(None);
        }
        current
    });
    let book = Action::new_local(move |body: &AppointmentRequest| {
        let body = body.clone();
        async move { session.api.create_appointment(&body).await }
    });
    let pending = book.pending();
    let confirmed = {
        let navigator = navigator.clone();
        Callback::new(move |id: Uuid| {
            toasts.push(ToastKind::Success, t_string!(i18n, booking_page.booked));
            navigator.go(&Route::Appointment(id));
        })
    };
    Effect::new(move |_| match book.value().get() {
        Some(Ok(appointment)) if appointment.booking.status == BookingStatus::Pending => held.set(Some(appointment)),
        Some(Ok(appointment)) => confirmed.run(appointment.id),
        Some(Err(err)) => refused(i18n, &err, errors, slot, toasts),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(chosen), Some(at)) = (kind.get_untracked(), slot.get_untracked()) else {
            errors.set([("startsAt".to_owned(), t_string!(i18n, wizard.pick_slot).to_owned())].into());
            return;
        };
        let (meeting_type, phone, address) = meeting.values();
        let text = message.get_untracked().trim().to_owned();
        book.dispatch(AppointmentRequest {
            appointment_type_id: chosen.id,
            starts_at: at.starts_at,
            meeting_type,
            host_id: Some(host),
            client_id: None,
            prospect: None,
            reason_id: reason.get_untracked(),
            title: None,
            description: None,
            message: Some(text).filter(|t| !t.is_empty()),
            phone,
            address,
        });
    };
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    view! {
        <section class="card" data-testid="book-appointment">
            <h1>{move || t_string!(i18n, booking_page.title)}</h1>
            <p class="muted">{move || t_string!(i18n, booking_page.subtitle)}</p>
            {move || match held.get() {
                Some(appointment) => view! {
                    <div class="stack">
                        <p class="alert alert-info">{move || t_string!(i18n, booking_page.pay_hint)}</p>
                        <PayAppointment booking=appointment.id on_paid=Callback::new(move |()| confirmed.run(appointment.id))/>
                    </div>
                }.into_any(),
                None => {
                    let (kinds, reasons) = (kinds.clone(), reasons.clone());
                    view! {
                        <form on:submit=submit novalidate>
                            <TypeChoices kinds=kinds chosen=kind/>
                            <ReasonSelect reasons=reasons chosen=reason/>
                            // How it is held and when: once a type is chosen (they depend on it).
                            {move || kind.with(|k| k.as_ref().map(|k| (k.id, meeting_types(k)))).map(|(id, offered)| {
                                if meeting.kind.with_untracked(|m| !offered.contains(m)) {
                                    meeting.kind.set(offered.first().copied().unwrap_or(MeetingType::Video));
                                }
                                view! {
                                    <MeetingFields offered=offered meeting=meeting errors=errors/>
                                    <h2>{move || t_string!(i18n, wizard.slot_title)}</h2>
                                    <p class="alert alert-error" role="alert" hidden=move || error_of("startsAt").with(Option::is_none)>
                                        {move || error_of("startsAt").get().unwrap_or_default()}
                                    </p>
                                    <SlotPicker host=host kind=id selected=slot/>
                                }
                            })}
                            <div class="field">
                                <label for="booking-message">{move || t_string!(i18n, booking_page.message)}</label>
                                <textarea id="booking-message" rows="3" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                                <p class="field-hint">{move || t_string!(i18n, booking_page.message_hint)}</p>
                                <p class="field-error" role="alert" hidden=move || error_of("message").with(Option::is_none)>{move || error_of("message").get().unwrap_or_default()}</p>
                            </div>
                            <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                                {move || if pending.get() {
                                    t_string!(i18n, booking_page.booking)
                                } else if kind.with(|k| k.as_ref().is_some_and(|k| k.price.is_some())) {
                                    t_string!(i18n, booking_page.book_and_pay)
                                } else {
                                    t_string!(i18n, booking_page.book)
                                }}
                            </button>
                        </form>
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

/// Shows a refusal: on its fields, and for a slot taken meanwhile, asks for another one.
fn refused(
    i18n: leptos_i18n::I18nContext<callstar_web::i18n::Locale>,
    err: &ApiError,
    errors: RwSignal<FieldErrors>,
    slot: RwSignal<Option<Slot>>,
    toasts: Toasts,
) {
    toasts.push(ToastKind::Error, error_message(i18n, err));
    if err.code() == Some(ErrorCode::SlotUnavailable) {
        slot.set(None);
        errors.set([("startsAt".to_owned(), error_message(i18n, err))].into());
    } else {
        errors.set(field_errors(i18n, err));
    }
}
