//! `/planning/new`: the host's new appointment in four steps — who (one of their clients, found
//! by name or e-mail, or a prospect's name and e-mail) → type and reason → day and free slot →
//! how it is held (phone number or address when not by video), title and description — then
//! the confirmation with a link to the appointment. The server checks everything again; its
//! refusals send the host back to the step they concern.

use api_types::{
    Appointment, AppointmentReason, AppointmentRequest, AppointmentType, Client, ErrorCode, MeetingType, Prospect,
    Route, Slot,
};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use callstar_web::{format, labels};
use leptos::prelude::*;
use uuid::Uuid;

use crate::planning::fields::{Meeting, MeetingFields, field_errors, meeting_types};
use crate::planning::slots::SlotPicker;

/// Who the appointment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Client,
    Prospect,
}

/// The wizard's answers so far.
#[derive(Clone, Copy)]
struct Draft {
    who: RwSignal<Who>,
    search: RwSignal<String>,
    client: RwSignal<Option<Client>>,
    name: RwSignal<String>,
    email: RwSignal<String>,
    kind: RwSignal<Option<AppointmentType>>,
    reason: RwSignal<Option<Uuid>>,
    slot: RwSignal<Option<Slot>>,
    meeting: Meeting,
    title: RwSignal<String>,
    description: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
}

impl Draft {
    fn new() -> Self {
        Self {
            who: RwSignal::new(Who::Client),
            search: RwSignal::new(String::new()),
            client: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            kind: RwSignal::new(None),
            reason: RwSignal::new(None),
            slot: RwSignal::new(None),
            meeting: Meeting::new(),
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            errors: RwSignal::new(FieldErrors::new()),
        }
    }

    fn error(self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.get(field).cloned()))
    }

    /// The step a refused field belongs to.
    fn step_of(field: &str) -> u8 {
        match field {
            "clientId" | "hostId" | "prospect.name" | "prospect.email" => 1,
            "appointmentTypeId" | "reasonId" => 2,
            "startsAt" => 3,
            _ => 4,
        }
    }
}

/// The wizard.
#[component]
pub fn NewAppointmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(1_u8);
    let draft = Draft::new();
    let created = RwSignal::new(None::<Appointment>);
    // A slot is free for the type it was chosen with: another type asks for a slot again.
    Effect::new(move |previous: Option<Option<Uuid>>| {
        let current = draft.kind.with(|kind| kind.as_ref().map(|kind| kind.id));
        if previous.is_some_and(|previous| previous != current) {
            draft.slot.set(None);
        }
        current
    });
    let steps = [
        (1, Signal::derive(move || t_string!(i18n, wizard.step_who).to_owned())),
        (2, Signal::derive(move || t_string!(i18n, wizard.step_type).to_owned())),
        (3, Signal::derive(move || t_string!(i18n, wizard.step_slot).to_owned())),
        (4, Signal::derive(move || t_string!(i18n, wizard.step_details).to_owned())),
    ];
    view! {
        <div class="container stack wizard">
            <Link to=Route::Planning attr:class="back-link">{move || t_string!(i18n, planning.back)}</Link>
            <header class="page-header"><h1>{move || t_string!(i18n, wizard.title)}</h1></header>
            <ol class="steps" aria-label=move || t_string!(i18n, wizard.progress)>
                {steps.into_iter().map(|(n, label)| view! {
                    <li aria-current=move || (step.get() == n).then_some("step") class:done=move || { step.get() > n }>
                        <span class="step-number" aria-hidden="true">{n}</span> {label}
                    </li>
                }).collect_view()}
            </ol>
            <section class="card" data-testid="wizard">
                {move || match (step.get(), created.get()) {
                    (_, Some(appointment)) => view! { <Created appointment=appointment/> }.into_any(),
                    (1, None) => view! { <StepWho draft=draft step=step/> }.into_any(),
                    (2, None) => view! { <StepType draft=draft step=step/> }.into_any(),
                    (3, None) => view! { <StepSlot draft=draft step=step/> }.into_any(),
                    (_, None) => view! { <StepDetails draft=draft step=step created=created/> }.into_any(),
                }}
            </section>
        </div>
    }
}

/// Back and Next (or another final button) under a step.
#[component]
fn StepButtons(step: RwSignal<u8>, #[prop(optional)] back: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="wizard-actions">
            {back.then(|| view! {
                <button type="button" class="btn btn-secondary" on:click=move |_| step.update(|s| *s -= 1)>{move || t_string!(i18n, wizard.back)}</button>
            })}
            {children()}
        </div>
    }
}

#[component]
fn StepWho(draft: Draft, step: RwSignal<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let clients =
        Remote::new(move || (draft.who.get() == Who::Client).then(|| session.api.my_clients(&draft.search.get())));
    let next = move |_| {
        let mut missing = FieldErrors::new();
        let required = t_string!(i18n, errors.required).to_owned();
        match draft.who.get_untracked() {
            Who::Client if draft.client.with_untracked(Option::is_none) => {
                missing.insert("clientId".to_owned(), t_string!(i18n, wizard.pick_client).to_owned());
            }
            Who::Prospect => {
                for (field, value) in [("prospect.name", draft.name), ("prospect.email", draft.email)] {
                    if value.with_untracked(|v| v.trim().is_empty()) {
                        missing.insert(field.to_owned(), required.clone());
                    }
                }
            }
            Who::Client => {}
        }
        let ok = missing.is_empty();
        draft.errors.set(missing);
        if ok {
            step.set(2);
        }
    };
    let choice = move |who: Who, label: Signal<String>| {
        view! {
            <label class="choice" class:selected=move || draft.who.get() == who>
                <input type="radio" name="who" prop:checked=move || draft.who.get() == who on:change=move |_| draft.who.set(who)/>
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <h2>{move || t_string!(i18n, wizard.who_title)}</h2>
        <fieldset class="choices">
            <legend class="visually-hidden">{move || t_string!(i18n, wizard.who_title)}</legend>
            {choice(Who::Client, Signal::derive(move || t_string!(i18n, wizard.existing_client).to_owned()))}
            {choice(Who::Prospect, Signal::derive(move || t_string!(i18n, wizard.prospect).to_owned()))}
        </fieldset>
        {move || match draft.who.get() {
            Who::Client => view! {
                <TextField id="client-search" kind="search" label=Signal::derive(move || t_string!(i18n, wizard.search_client).to_owned())
                    value=draft.search error=draft.error("clientId")/>
                {clients.view(move |found: Vec<Client>| if found.is_empty() {
                    view! {
                        <Empty title=Signal::derive(move || t_string!(i18n, wizard.no_client).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, wizard.no_client_hint).to_owned())/>
                    }.into_any()
                } else {
                    view! {
                        <ul class="client-list" aria-label=move || t_string!(i18n, wizard.clients)>
                            {found.into_iter().map(|client| {
                                let id = client.id;
                                let prospect = client.is_prospect;
                                let label = format!("{} · {}", client.name, client.email);
                                view! {
                                    <li>
                                        <button type="button" class="client" data-testid="client"
                                            aria-pressed=move || draft.client.with(|c| c.as_ref().is_some_and(|c| c.id == id)).to_string()
                                            on:click=move |_| draft.client.set(Some(client.clone()))>
                                            {label}
                                            {prospect.then(|| view! { " " <span class="badge">{move || t_string!(i18n, wizard.prospect_badge)}</span> })}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            }.into_any(),
            Who::Prospect => view! {
                <p class="muted">{move || t_string!(i18n, wizard.prospect_hint)}</p>
                <div class="form-row">
                    <TextField id="prospect-name" autocomplete="off" label=Signal::derive(move || t_string!(i18n, wizard.prospect_name).to_owned())
                        value=draft.name error=draft.error("prospect.name")/>
                    <TextField id="prospect-email" kind="email" label=Signal::derive(move || t_string!(i18n, wizard.prospect_email).to_owned())
                        value=draft.email error=draft.error("prospect.email")/>
                </div>
            }.into_any(),
        }}
        <StepButtons step=step>
            <button type="button" class="btn btn-primary" on:click=next>{move || t_string!(i18n, wizard.next)}</button>
        </StepButtons>
    }
}

#[component]
fn StepType(draft: Draft, step: RwSignal<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let kinds = Remote::new(move || Some(session.api.appointment_types(None)));
    let reasons = Remote::new(move || Some(session.api.appointment_reasons(None)));
    let next = move |_| {
        if draft.kind.with_untracked(Option::is_some) {
            draft.errors.set(FieldErrors::new());
            step.set(3);
        } else {
            draft.errors.set([("appointmentTypeId".to_owned(), t_string!(i18n, wizard.pick_type).to_owned())].into());
        }
    };
    view! {
        <h2>{move || t_string!(i18n, wizard.type_title)}</h2>
        {kinds.view(move |list: Vec<AppointmentType>| {
            let active: Vec<AppointmentType> = list.into_iter().filter(|kind| kind.active).collect();
            if active.is_empty() {
                return view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, wizard.no_type).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, wizard.no_type_hint).to_owned())/>
                    <Link to=Route::PlanningSettings attr:class="btn btn-secondary">{move || t_string!(i18n, planning.settings)}</Link>
                }.into_any();
            }
            view! { <TypeChoices kinds=active chosen=draft.kind/> }.into_any()
        })}
        <p class="field-error" role="alert" hidden=move || draft.error("appointmentTypeId").with(Option::is_none)>
            {move || draft.error("appointmentTypeId").get().unwrap_or_default()}
        </p>
        {reasons.view(move |list: Vec<AppointmentReason>| view! { <ReasonSelect reasons=list chosen=draft.reason/> }.into_any())}
        <StepButtons step=step back=true>
            <button type="button" class="btn btn-primary" on:click=next>{move || t_string!(i18n, wizard.next)}</button>
        </StepButtons>
    }
}

/// Appointment types as radio cards (name, length, colour, price).
#[component]
pub fn TypeChoices(kinds: Vec<AppointmentType>, chosen: RwSignal<Option<AppointmentType>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="type-choices">
            <legend>{move || t_string!(i18n, wizard.type_label)}</legend>
            {kinds.into_iter().map(|kind| {
                let id = kind.id;
                let minutes = kind.duration;
                let price = kind.price.map(|amount| (amount.to_string(), kind.currency.clone().unwrap_or_default()));
                let style = format!("--mark: {}", kind.color);
                let picked = kind.clone();
                view! {
                    <label class="choice type-choice" style=style class:selected=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id))>
                        <input type="radio" name="appointment-type" prop:checked=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id))
                            on:change=move |_| chosen.set(Some(picked.clone()))/>
                        <span class="type-name">{kind.name.clone()}</span>
                        <span class="muted small">
                            {move || t_string!(i18n, creators.minutes, count = minutes)} " · "
                            {move || match &price {
                                Some((amount, currency)) => format::money(amount, currency, i18n.get_locale()),
                                None => t_string!(i18n, planning.free).to_owned(),
                            }}
                        </span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The host's reasons, optional.
#[component]
pub fn ReasonSelect(reasons: Vec<AppointmentReason>, chosen: RwSignal<Option<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    if reasons.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="field">
            <label for="reason">{move || t_string!(i18n, wizard.reason)}</label>
            <select id="reason" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || chosen.with(Option::is_none)>{move || t_string!(i18n, wizard.no_reason)}</option>
                {reasons.into_iter().map(|reason| {
                    let id = reason.id;
                    view! { <option value=id.to_string() selected=move || chosen.get() == Some(id)>{reason.label.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

#[component]
fn StepSlot(draft: Draft, step: RwSignal<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let host = session.user.with_untracked(|user| user.as_ref().map(|user| user.id)).unwrap_or_default();
    let kind = draft.kind.with_untracked(|kind| kind.as_ref().map(|kind| kind.id)).unwrap_or_default();
    let next = move |_| {
        if draft.slot.with_untracked(Option::is_some) {
            draft.errors.set(FieldErrors::new());
            step.set(4);
        } else {
            draft.errors.set([("startsAt".to_owned(), t_string!(i18n, wizard.pick_slot).to_owned())].into());
        }
    };
    view! {
        <h2>{move || t_string!(i18n, wizard.slot_title)}</h2>
        <p class="alert alert-error" role="alert" hidden=move || draft.error("startsAt").with(Option::is_none)>
            {move || draft.error("startsAt").get().unwrap_or_default()}
        </p>
        <SlotPicker host=host kind=kind selected=draft.slot/>
        <StepButtons step=step back=true>
            <button type="button" class="btn btn-primary" on:click=next>{move || t_string!(i18n, wizard.next)}</button>
        </StepButtons>
    }
}

#[component]
fn StepDetails(draft: Draft, step: RwSignal<u8>, created: RwSignal<Option<Appointment>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let kind = draft.kind.get_untracked();
    let offered = kind.as_ref().map(meeting_types).unwrap_or_default();
    if draft.meeting.kind.with_untracked(|m| !offered.contains(m)) {
        draft.meeting.kind.set(offered.first().copied().unwrap_or(MeetingType::Video));
    }
    let placeholder = kind.as_ref().map(|kind| kind.name.clone()).unwrap_or_default();
    let create = Action::new_local(move |body: &AppointmentRequest| {
        let body = body.clone();
        async move { session.api.create_appointment(&body).await }
    });
    let pending = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(appointment)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, wizard.created_toast));
            created.set(Some(appointment));
        }
        Some(Err(err)) => {
            let refused = field_errors(i18n, &err);
            toasts.push(ToastKind::Error, error_message(i18n, &err));
            if err.code() == Some(ErrorCode::SlotUnavailable) {
                draft.slot.set(None);
                draft.errors.set([("startsAt".to_owned(), error_message(i18n, &err))].into());
                step.set(3);
            } else if let Some(first) = refused.keys().map(|field| Draft::step_of(field)).min().filter(|s| *s < 4) {
                draft.errors.set(refused);
                step.set(first);
            } else {
                draft.errors.set(refused);
            }
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(kind), Some(slot)) = (draft.kind.get_untracked(), draft.slot.get_untracked()) else {
            return;
        };
        let text = |value: RwSignal<String>| Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let (client_id, prospect) = match draft.who.get_untracked() {
            Who::Client => (draft.client.get_untracked().map(|client| client.id), None),
            Who::Prospect => (
                None,
                Some(Prospect {
                    name: draft.name.get_untracked().trim().to_owned(),
                    email: draft.email.get_untracked().trim().to_owned(),
                }),
            ),
        };
        let (meeting_type, phone, address) = draft.meeting.values();
        create.dispatch(AppointmentRequest {
            appointment_type_id: kind.id,
            starts_at: slot.starts_at,
            meeting_type,
            host_id: None,
            client_id,
            prospect,
            reason_id: draft.reason.get_untracked(),
            title: text(draft.title),
            description: text(draft.description),
            message: None,
            phone,
            address,
        });
    };
    view! {
        <h2>{move || t_string!(i18n, wizard.details_title)}</h2>
        <form on:submit=submit novalidate>
            <MeetingFields offered=offered meeting=draft.meeting errors=draft.errors/>
            <div class="field">
                <label for="appointment-title">{move || t_string!(i18n, wizard.title_label)}</label>
                <input id="appointment-title" placeholder=placeholder bind:value=draft.title
                    aria-describedby="appointment-title-hint"/>
                <p class="field-hint" id="appointment-title-hint">{move || t_string!(i18n, wizard.title_hint)}</p>
                <p class="field-error" role="alert" hidden=move || draft.error("title").with(Option::is_none)>{move || draft.error("title").get().unwrap_or_default()}</p>
            </div>
            <div class="field">
                <label for="appointment-description">{move || t_string!(i18n, wizard.description)}</label>
                <textarea id="appointment-description" rows="3" prop:value=move || draft.description.get()
                    on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert" hidden=move || draft.error("description").with(Option::is_none)>{move || draft.error("description").get().unwrap_or_default()}</p>
            </div>
            <StepButtons step=step back=true>
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t_string!(i18n, wizard.creating) } else { t_string!(i18n, wizard.create) }}
                </button>
            </StepButtons>
        </form>
    }
}

#[component]
fn Created(appointment: Appointment) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let start = appointment.booking.starts_at;
    let when = move || format::date_time(&start, i18n.get_locale(), &zone);
    let meeting = appointment.meeting_type;
    let prospect = appointment.client_is_prospect;
    view! {
        <div class="center" data-testid="appointment-created">
            <p class="big-code" aria-hidden="true">"✓"</p>
            <h2>{move || t_string!(i18n, wizard.created_title)}</h2>
            <p><strong>{appointment.booking.call_offer.title.clone()}</strong></p>
            <p class="muted">{appointment.booking.user.name.clone()} " · " {when} " · " {move || labels::meeting_type(i18n, meeting)}</p>
            {prospect.then(|| view! { <p class="muted small">{move || t_string!(i18n, wizard.prospect_mailed)}</p> })}
            <div class="links" style="justify-content: center">
                <Link to=Route::Appointment(appointment.id) attr:class="btn btn-primary">{move || t_string!(i18n, wizard.see_appointment)}</Link>
                <Link to=Route::Planning attr:class="btn btn-secondary">{move || t_string!(i18n, planning.back)}</Link>
            </div>
        </div>
    }
}
