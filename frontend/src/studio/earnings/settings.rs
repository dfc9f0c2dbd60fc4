//! The payout settings form: the schedule (DAILY, WEEKLY with its weekday, MANUAL) and the
//! least a scheduled payout sends. The server checks the values; its per-field refusals are
//! shown on the fields.

use api_types::{PayoutSchedule, PayoutSettings, UpdatePayoutSettingsRequest};
use callstar_web::components::field::TextField;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::money::{self, WEEKDAYS, parse_amount};
use leptos::prelude::*;

use super::Reload;

const SCHEDULES: [PayoutSchedule; 3] = [PayoutSchedule::Daily, PayoutSchedule::Weekly, PayoutSchedule::Manual];

/// The settings form, filled with the current settings.
#[component]
pub fn SettingsForm(current: PayoutSettings) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let Reload(reload) = expect_context::<Reload>();
    let schedule = RwSignal::new(current.schedule);
    let weekday = RwSignal::new(current.weekly_day);
    let minimum = RwSignal::new(current.minimum.to_string());
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let save = Action::new_local(move |body: &UpdatePayoutSettingsRequest| {
        let body = body.clone();
        async move { session.api.update_payout_settings(&body).await }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, earnings.settings_saved));
            reload.run(());
        }
        Some(Err(err)) => {
            errors.set(money::field_errors(i18n, &err));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(least) = parse_amount(&minimum.get_untracked()) else {
            errors.set(FieldErrors::from([("minimum".to_owned(), money::field_message(i18n, "minimum"))]));
            return;
        };
        errors.set(FieldErrors::new());
        let chosen = schedule.get_untracked();
        save.dispatch(UpdatePayoutSettingsRequest {
            schedule: chosen,
            minimum: least,
            weekly_day: (chosen == PayoutSchedule::Weekly).then(|| weekday.get_untracked()),
        });
    };
    let hint = move |option: PayoutSchedule| match option {
        PayoutSchedule::Daily => t_string!(i18n, earnings.daily_hint),
        PayoutSchedule::Weekly => t_string!(i18n, earnings.weekly_hint),
        PayoutSchedule::Manual => t_string!(i18n, earnings.manual_hint),
    };
    let options = SCHEDULES
        .into_iter()
        .map(|option| {
            let id = format!("schedule-{}", money::schedule_code(option));
            let label_for = id.clone();
            view! {
                <label class="radio-option" class:selected=move || schedule.get() == option for=label_for>
                    <input type="radio" name="schedule" id=id value=money::schedule_code(option)
                        prop:checked=move || schedule.get() == option on:change=move |_| schedule.set(option)/>
                    <span class="radio-title">{move || money::schedule(i18n, option)}</span>
                    <span class="radio-hint">{move || hint(option)}</span>
                </label>
            }
        })
        .collect_view();
    let pick_day = move |ev| {
        let code = event_target_value(&ev);
        if let Some(day) = WEEKDAYS.into_iter().find(|day| money::weekday_code(*day) == code) {
            weekday.set(day);
        }
    };
    let currency = current.currency.clone();
    view! {
        <section class="card" data-testid="payout-settings">
            <h2>{move || t_string!(i18n, earnings.settings_title)}</h2>
            <form on:submit=submit novalidate>
                <fieldset>
                    <legend>{move || t_string!(i18n, earnings.schedule)}</legend>
                    <div class="radio-list">{options}</div>
                </fieldset>
                <Show when=move || schedule.get() == PayoutSchedule::Weekly>
                    <div class="field" class:field-invalid=move || error_of("weeklyDay").get().is_some()>
                        <label for="payout-weekday">{move || t_string!(i18n, earnings.weekday)}</label>
                        <select id="payout-weekday" on:change=pick_day>
                            {WEEKDAYS.into_iter().map(|day| view! {
                                <option value=money::weekday_code(day) selected=move || weekday.get() == day>{move || money::weekday(i18n, day)}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" role="alert" hidden=move || error_of("weeklyDay").get().is_none()>
                            {move || error_of("weeklyDay").get().unwrap_or_default()}
                        </p>
                    </div>
                </Show>
                <TextField id="payout-minimum" label=Signal::derive({
                    let currency = currency.clone();
                    move || t_string!(i18n, earnings.minimum, currency = currency.clone()).to_string()
                })
                    hint=Signal::derive(move || t_string!(i18n, earnings.minimum_hint).to_owned())
                    value=minimum error=error_of("minimum")/>
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t_string!(i18n, earnings.saving) } else { t_string!(i18n, earnings.save) }}
                </button>
            </form>
        </section>
    }
}
