//! `/appointments`: the appointments booked for the signed-in person (with any host): upcoming
//! ones with Join and Cancel, completed and cancelled ones behind filters; and where to book
//! another — again with a host they know, or a creator from the directory.

use std::collections::BTreeMap;

use api_types::{
    Appointment, AppointmentList, AppointmentsQuery, BookingStatus, CancelBookingRequest, PageQuery, Route,
};
use callstar_web::api::Remote;
use callstar_web::clock;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::planning::card::{AppointmentRow, JoinButton};

/// The filters, as the API spells them.
const FILTERS: [&str; 3] = ["upcoming", "completed", "cancelled"];

/// The client's appointments page.
#[component]
pub fn ClientAppointmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new("upcoming");
    let list = Remote::new(move || {
        let filter = AppointmentsQuery {
            status: Some(status.get().to_owned()),
            as_: Some("client".to_owned()),
            ..Default::default()
        };
        Some(session.api.appointments(&filter, PageQuery { page: 1, per_page: 100 }))
    });
    // Hosts met before, to book again with (from every appointment, whatever the filter).
    let known = Remote::new(move || {
        let filter = AppointmentsQuery { as_: Some("client".to_owned()), ..Default::default() };
        Some(session.api.appointments(&filter, PageQuery { page: 1, per_page: 100 }))
    });
    let now = clock::ticking();
    let label = move |filter: &str| match filter {
        "upcoming" => t_string!(i18n, planning.filter_upcoming),
        "completed" => t_string!(i18n, planning.filter_completed),
        _ => t_string!(i18n, planning.filter_cancelled),
    };
    view! {
        <div class="container stack">
            <header class="page-header"><h1>{move || t_string!(i18n, client.title)}</h1></header>
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, planning.filter)>
                {FILTERS.into_iter().map(|filter| view! {
                    <button type="button" aria-pressed=move || (status.get() == filter).to_string() on:click=move |_| status.set(filter)>
                        {move || label(filter)}
                    </button>
                }).collect_view()}
            </div>
            <section class="card" data-testid="client-appointments">
                {list.view(move |page: AppointmentList| if page.items.is_empty() {
                    view! {
                        <Empty title=Signal::derive(move || t_string!(i18n, client.empty).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, client.empty_hint).to_owned())/>
                    }.into_any()
                } else {
                    view! {
                        <ul class="appt-list">
                            {page.items.into_iter().map(|item| view! { <ClientRow appointment=item now=now on_change=Callback::new(move |()| list.refetch())/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
            <section class="card" data-testid="book-again">
                <h2>{move || t_string!(i18n, client.book_title)}</h2>
                {known.view(move |page: AppointmentList| {
                    let hosts: BTreeMap<Uuid, String> = page.items.into_iter().map(|a| (a.host_id, a.booking.creator.name)).collect();
                    view! {
                        <div class="links">
                            {hosts.into_iter().map(|(host, name)| view! {
                                <Link to=Route::BookAppointment(host) attr:class="btn btn-secondary">{move || t_string!(i18n, client.book_with, name = name.clone()).to_string()}</Link>
                            }).collect_view()}
                            <Link to=Route::Creators attr:class="btn btn-primary">{move || t_string!(i18n, client.find_host)}</Link>
                        </div>
                    }.into_any()
                })}
            </section>
        </div>
    }
}

#[component]
fn ClientRow(appointment: Appointment, now: ReadSignal<DateTime<Utc>>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let id = appointment.id;
    let can_cancel = appointment.booking.can_cancel
        && matches!(appointment.booking.status, BookingStatus::Pending | BookingStatus::Confirmed);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let cancel = Action::new_local(move |text: &String| {
        let body = CancelBookingRequest { reason: Some(text.trim().to_owned()).filter(|t| !t.is_empty()) };
        async move { session.api.cancel_appointment(id, &body).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, appointment.cancelled));
            on_change.run(());
        }
        Some(Err(err)) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
        None => {}
    });
    let join = appointment.clone();
    view! {
        <AppointmentRow appointment=appointment with_date=true>
            <JoinButton appointment=join now=now/>
            {can_cancel.then(|| view! {
                <button type="button" class="btn btn-ghost btn-sm" aria-expanded=move || asking.get().to_string()
                    on:click=move |_| asking.update(|a| *a = !*a)>{move || t_string!(i18n, appointment.cancel)}</button>
            })}
        </AppointmentRow>
        <Show when=move || asking.get()>
            <li class="inline-cancel">
                <label for=format!("cancel-{id}")>{move || t_string!(i18n, appointment.cancel_reason)}</label>
                <textarea id=format!("cancel-{id}") rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <div class="links">
                    <button type="button" class="btn btn-danger btn-sm" disabled=move || cancel.pending().get()
                        on:click=move |_| { cancel.dispatch(reason.get_untracked()); }>{move || t_string!(i18n, appointment.cancel_confirm)}</button>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| asking.set(false)>{move || t_string!(i18n, appointment.keep)}</button>
                </div>
            </li>
        </Show>
    }
}
