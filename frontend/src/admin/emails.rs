//! `/admin/emails` and `/admin/emails/:id`: the e-mail outbox, filtered by status, recipient and
//! template; one e-mail as its recipient sees it (the HTML in a sandboxed frame, and the plain
//! text), with a retry when it failed.

use api_types::{EmailDetail, EmailQuery, EmailSummary, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, current_route};
use leptos::prelude::*;

use crate::widgets::{Filter, OpsHeader, Search, badge_class, chosen, page_query, paged_table, when};

/// The outbox.
#[component]
pub fn AdminEmailsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let emails = Remote::new(move || {
        let filter =
            EmailQuery { status: chosen(status.get()), to: chosen(to.get()), template: chosen(template.get()) };
        Some(session.api.emails(&filter, page_query(page.get())))
    });
    let row = |email: EmailSummary| {
        view! { <tr>
            <td><Link to=Route::AdminEmail(email.id)>{email.subject}</Link></td>
            <td>{email.to}</td>
            <td><code class="small">{email.template}</code></td>
            <td>{email.locale}</td>
            <td><span class=badge_class(&email.status)>{email.status.clone()}</span></td>
            <td>{email.attempts}</td>
            <td>{when(&email.created_at)}</td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.emails_title).to_owned() current=Route::AdminEmails/>
            <div class="toolbar">
                <Filter id="email-status" label=t_string!(i18n, ops.col_status).to_owned()
                    options=&["pending", "sent", "captured", "failed"] into=status page=page/>
                <Search id="email-to" label=t_string!(i18n, ops.col_to).to_owned() into=to page=page/>
                <Filter id="email-template" label=t_string!(i18n, ops.col_template).to_owned()
                    options=&["booking_confirmation", "reminder", "cancellation", "payment_failed", "daily_summary"] into=template page=page/>
            </div>
            {emails.view(move |list| paged_table(
                "emails",
                list,
                vec![
                    t_string!(i18n, ops.col_subject).to_owned(),
                    t_string!(i18n, ops.col_to).to_owned(),
                    t_string!(i18n, ops.col_template).to_owned(),
                    t_string!(i18n, ops.col_language).to_owned(),
                    t_string!(i18n, ops.col_status).to_owned(),
                    t_string!(i18n, ops.col_attempts).to_owned(),
                    t_string!(i18n, ops.col_created).to_owned(),
                ],
                row,
                page,
                move |total| t_string!(i18n, ops.total, count = total).to_string(),
                t_string!(i18n, ops.no_emails).to_owned(),
            ))}
        </div>
    }
}

/// One e-mail.
#[component]
pub fn AdminEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::AdminEmail(id)) => Some(id),
        _ => None,
    };
    let email = Remote::new(move || id.map(|id| session.api.email(id)));
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.email_title).to_owned() current=Route::AdminEmails/>
            {email.view(move |e| view! { <Email email=e on_retried=Callback::new(move |()| email.refetch())/> }.into_any())}
        </div>
    }
}

#[component]
fn Email(email: EmailDetail, on_retried: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let EmailDetail { summary, html, text, has_calendar, .. } = email;
    let id = summary.id;
    let retry = move |_| {
        leptos::task::spawn_local(async move {
            match session.api.retry_email(id).await {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, ops.retried));
                    on_retried.run(());
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let failed = summary.status == "failed";
    view! {
        <article class="card stack" id="email">
            <h2>{summary.subject}</h2>
            <p class="muted">{format!("{} · {} · {} · ", summary.to, summary.template, summary.locale)}
                <span class=badge_class(&summary.status)>{summary.status.clone()}</span></p>
            {summary.error.map(|err| view! { <p class="alert alert-error">{err}</p> })}
            {has_calendar.then(|| view! { <p class="muted small">{move || t_string!(i18n, ops.has_calendar)}</p> })}
            {failed.then(|| view! { <button type="button" class="btn btn-primary" on:click=retry>{move || t_string!(i18n, ops.retry)}</button> })}
            <iframe class="email-frame" title=move || t_string!(i18n, ops.rendered) sandbox="" srcdoc=html></iframe>
            <details><summary>{move || t_string!(i18n, ops.plain_text)}</summary><pre class="email-text">{text}</pre></details>
        </article>
    }
}
