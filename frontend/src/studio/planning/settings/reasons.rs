//! The Reasons tab: the reasons clients pick from, in the host's order — added, renamed,
//! deleted (appointments keep theirs), moved up or down.

use api_types::AppointmentReason;
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::planning::fields::field_errors;

/// The tab.
#[component]
pub fn ReasonsTab() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let reasons = Remote::new(move || Some(session.api.appointment_reasons(None)));
    let changed = Callback::new(move |()| reasons.refetch());
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move { session.api.create_reason(&text).await }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => {
            label.set(String::new());
            error.set(None);
            toasts.push(ToastKind::Success, t_string!(i18n, settings.reason_added));
            reasons.refetch();
        }
        Some(Err(err)) => {
            error.set(field_errors(i18n, &err).remove("label"));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if label.with_untracked(|l| l.trim().is_empty()) {
            error.set(Some(t_string!(i18n, errors.required).to_owned()));
        } else {
            add.dispatch(label.get_untracked());
        }
    };
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, settings.reasons_title)}</h2>
            <p class="muted">{move || t_string!(i18n, settings.reasons_hint)}</p>
            {reasons.view(move |list: Vec<AppointmentReason>| if list.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, settings.reasons_empty).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, settings.reasons_empty_hint).to_owned())/>
                }.into_any()
            } else {
                let order: Vec<Uuid> = list.iter().map(|reason| reason.id).collect();
                let count = list.len();
                view! {
                    <ol class="reason-list">
                        {list.into_iter().enumerate().map(|(index, reason)| view! {
                            <ReasonRow reason=reason index=index count=count order=order.clone() on_change=changed/>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
            <form class="inline-form" on:submit=submit novalidate>
                <TextField id="reason-new" label=Signal::derive(move || t_string!(i18n, settings.reason_new).to_owned()) value=label error=error/>
                <button type="submit" class="btn btn-primary">{move || t_string!(i18n, settings.reason_add)}</button>
            </form>
        </section>
    }
}

#[component]
fn ReasonRow(
    reason: AppointmentReason,
    index: usize,
    count: usize,
    order: Vec<Uuid>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let id = reason.id;
    let editing = RwSignal::new(false);
    let label = RwSignal::new(reason.label.clone());
    let error = RwSignal::new(None::<String>);
    let done = move |result: Result<(), callstar_web::api::ApiError>, message: &'static str| match result {
        Ok(()) => {
            toasts.push(ToastKind::Success, message);
            on_change.run(());
        }
        Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
    };
    let move_to = move |target: usize| {
        let mut ids = order.clone();
        let moved = ids.remove(index);
        ids.insert(target, moved);
        spawn_local(async move {
            done(session.api.reorder_reasons(ids).await.map(|_| ()), t_string!(i18n, settings.reason_moved));
        });
    };
    let up = {
        let move_to = move_to.clone();
        move |_: leptos::ev::MouseEvent| move_to(index.saturating_sub(1))
    };
    let down = move |_: leptos::ev::MouseEvent| move_to(index + 1);
    let remove = move |_| {
        spawn_local(async move { done(session.api.delete_reason(id).await, t_string!(i18n, settings.reason_deleted)) });
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = label.get_untracked();
        spawn_local(async move {
            match session.api.rename_reason(id, &text).await {
                Ok(_) => {
                    editing.set(false);
                    error.set(None);
                    done(Ok(()), t_string!(i18n, settings.reason_renamed));
                }
                Err(err) => {
                    error.set(field_errors(i18n, &err).remove("label"));
                    done(Err(err), "");
                }
            }
        });
    };
    let shown = reason.label.clone();
    view! {
        <li class="reason-row" data-testid="reason-row">
            <Show when=move || editing.get() fallback=move || view! { <span class="reason-label">{shown.clone()}</span> }>
                <form class="inline-form" on:submit=rename novalidate>
                    <TextField id=format!("reason-{id}") label=Signal::derive(move || t_string!(i18n, settings.reason_label).to_owned()) value=label error=error/>
                    <button type="submit" class="btn btn-primary btn-sm">{move || t_string!(i18n, offers.save)}</button>
                </form>
            </Show>
            <div class="offer-actions">
                <button type="button" class="btn btn-ghost btn-sm" disabled=index == 0 on:click=up
                    aria-label=move || t_string!(i18n, settings.reason_up)>"↑"</button>
                <button type="button" class="btn btn-ghost btn-sm" disabled={ index + 1 >= count } on:click=down
                    aria-label=move || t_string!(i18n, settings.reason_down)>"↓"</button>
                <button type="button" class="btn btn-ghost btn-sm" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>{move || t_string!(i18n, settings.reason_rename)}</button>
                <button type="button" class="btn btn-ghost btn-sm" on:click=remove>{move || t_string!(i18n, offers.delete)}</button>
            </div>
        </li>
    }
}
