//! Form pieces the planning forms share: how an appointment is held (the type's meeting types,
//! with a phone number or an address when not by video), and the reader's words for each
//! field the server refuses.

use api_types::{AppointmentType, MeetingType};
use callstar_web::api::ApiError;
use callstar_web::components::field::TextField;
use callstar_web::errors::{self, FieldErrors};
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::labels;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The meeting types an appointment type offers, in a stable order.
pub fn meeting_types(kind: &AppointmentType) -> Vec<MeetingType> {
    [MeetingType::Video, MeetingType::Phone, MeetingType::InPerson]
        .into_iter()
        .filter(|meeting| kind.meeting_types.contains(meeting))
        .collect()
}

/// The wire spelling of a meeting type (`video`, `phone`, `in_person`).
pub fn wire(meeting: MeetingType) -> &'static str {
    match meeting {
        MeetingType::Video => "video",
        MeetingType::Phone => "phone",
        MeetingType::InPerson => "in_person",
    }
}

/// How an appointment is held, as typed.
#[derive(Clone, Copy)]
pub struct Meeting {
    /// The meeting type.
    pub kind: RwSignal<MeetingType>,
    /// The phone number (phone appointments).
    pub phone: RwSignal<String>,
    /// The address (appointments in person).
    pub address: RwSignal<String>,
}

impl Meeting {
    /// By video, no number, no address.
    pub fn new() -> Self {
        Self {
            kind: RwSignal::new(MeetingType::Video),
            phone: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
        }
    }

    /// The meeting type's wire spelling, and the number or address it needs (only that one).
    pub fn values(self) -> (String, Option<String>, Option<String>) {
        let kind = self.kind.get_untracked();
        let text = |value: RwSignal<String>| Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let phone = if kind == MeetingType::Phone { text(self.phone) } else { None };
        let address = if kind == MeetingType::InPerson { text(self.address) } else { None };
        (wire(kind).to_owned(), phone, address)
    }
}

/// The meeting type as radio buttons (when there is a choice), then the phone number or the
/// address it needs.
#[component]
pub fn MeetingFields(offered: Vec<MeetingType>, meeting: Meeting, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    view! {
        <fieldset class="choices" data-testid="meeting-types">
            <legend>{move || t_string!(i18n, planning.meeting_type)}</legend>
            {offered.into_iter().map(|kind| view! {
                <label class="choice" class:selected=move || meeting.kind.get() == kind>
                    <input type="radio" name="meeting-type" prop:checked=move || meeting.kind.get() == kind
                        on:change=move |_| meeting.kind.set(kind)/>
                    <span>{move || labels::meeting_type(i18n, kind)}</span>
                </label>
            }).collect_view()}
        </fieldset>
        {move || match meeting.kind.get() {
            MeetingType::Phone => view! {
                <TextField id="meeting-phone" kind="tel" autocomplete="tel" label=Signal::derive(move || t_string!(i18n, planning.phone).to_owned())
                    value=meeting.phone error=error_of("phone")/>
            }.into_any(),
            MeetingType::InPerson => view! {
                <TextField id="meeting-address" autocomplete="street-address" label=Signal::derive(move || t_string!(i18n, planning.address).to_owned())
                    value=meeting.address error=error_of("address")/>
            }.into_any(),
            MeetingType::Video => view! { <p class="muted small">{move || t_string!(i18n, planning.video_hint)}</p> }.into_any(),
        }}
    }
}

/// A translated message for a planning field the server refused.
pub fn field_message(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "name" => t_string!(i18n, planning_errors.name),
        "duration" => t_string!(i18n, planning_errors.duration),
        "color" => t_string!(i18n, planning_errors.color),
        "description" => t_string!(i18n, planning_errors.description),
        "meetingTypes" => t_string!(i18n, planning_errors.meeting_types),
        "bufferBefore" | "bufferAfter" => t_string!(i18n, planning_errors.buffer),
        "minimumNotice" => t_string!(i18n, planning_errors.notice),
        "price" | "currency" => t_string!(i18n, planning_errors.price),
        "weekly" | "ranges" => t_string!(i18n, planning_errors.ranges),
        "date" => t_string!(i18n, planning_errors.date),
        "note" => t_string!(i18n, planning_errors.note),
        "label" => t_string!(i18n, planning_errors.label),
        "title" => t_string!(i18n, planning_errors.title),
        "message" => t_string!(i18n, planning_errors.message),
        "phone" => t_string!(i18n, planning_errors.phone),
        "address" => t_string!(i18n, planning_errors.address),
        "startsAt" => t_string!(i18n, planning_errors.starts_at),
        "prospect.name" => t_string!(i18n, errors.name_invalid),
        "prospect.email" => t_string!(i18n, errors.email_invalid),
        other => return errors::field_message(i18n, other),
    }
    .to_owned()
}

/// The translated message of every field a `validation_failed` refusal names.
pub fn field_errors(i18n: I18nContext<Locale>, err: &ApiError) -> FieldErrors {
    err.field_errors()
        .into_keys()
        .map(|field| {
            let message = field_message(i18n, &field);
            (field, message)
        })
        .collect()
}
