//! `/admin/payouts?creatorId=…&id=…`: payouts for operators. The list (the requests waiting
//! for a decision first; any status on demand; one creator's when `creatorId` is given), one
//! payout opened (`id`: the payout request's notification links here) with its actions —
//! approve, reject with a reason, release one held back past Stripe's idempotency window —
//! and its audit trail, and one creator's payout settings with a block (with a reason) and
//! ledger adjustments.

use api_types::{
    AdminPayout, AdminPayoutQuery, LedgerAdjustmentRequest, PayoutAuditEntry, PayoutBlockRequest, PayoutOrigin,
    PayoutSettings, PayoutStatus, Route,
};
use callstar_web::api::{ApiError, Remote};
use callstar_web::components::field::TextField;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::money::{self, PAYOUT_STATUSES, amount, parse_amount};
use callstar_web::nav::{Link, use_route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use uuid::Uuid;

use crate::widgets::{OpsHeader, page_query, paged_table, when};

/// The page's address: which creator and which payout it is on.
fn opened(route: Option<Route>) -> (Option<Uuid>, Option<Uuid>) {
    match route {
        Some(Route::AdminPayouts { creator, payout }) => (creator, payout),
        _ => (None, None),
    }
}

/// Refetches the list after a decision taken in the opened payout or the creator's panel.
#[derive(Clone, Copy)]
struct ListChanged(Callback<()>);

/// The payouts page.
#[component]
pub fn AdminPayoutsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let route = use_route();
    let creator = Memo::new(move |_| opened(route.get()).0);
    let payout = Memo::new(move |_| opened(route.get()).1);
    // The requests waiting for a decision, unless the page is about one creator.
    let status = RwSignal::new(if creator.get_untracked().is_some() { None } else { Some(PayoutStatus::Requested) });
    let page = RwSignal::new(1_u64);
    // Opening a creator shows all their payouts; back to every creator, the requests again.
    Effect::watch(
        move || creator.get(),
        move |creator, _, _| {
            status.set(if creator.is_some() { None } else { Some(PayoutStatus::Requested) });
            page.set(1);
        },
        false,
    );
    let list = Remote::new(move || {
        let filter = AdminPayoutQuery { status: status.get(), creator_id: creator.get() };
        Some(session.api.admin_payouts(&filter, page_query(page.get())))
    });
    provide_context(ListChanged(Callback::new(move |()| list.refetch())));
    let pick_status = move |ev| {
        status.set(money::payout_status_from_code(&event_target_value(&ev)));
        page.set(1);
    };
    let row = move |p: AdminPayout| {
        let id = p.payout.id;
        let creator_id = p.creator_id;
        let status = p.payout.status;
        let (value, currency) = (p.payout.amount, p.payout.currency.clone());
        let held = p.skip_reason.clone().map(|reason| money::skip_reason(i18n, &reason));
        let focused = move || payout.get() == Some(id);
        view! { <tr class:row-focus=focused data-testid="admin-payout-row">
            <td>{when(&p.payout.requested_at)}</td>
            <td><Link to=Route::AdminPayouts { creator: Some(creator_id), payout: None }>{p.creator_name.clone()}</Link></td>
            <td class="num">{move || amount(value, &currency, i18n.get_locale())}</td>
            <td>{move || origin(i18n, p.payout.origin)}</td>
            <td>
                <span class=money::payout_badge(status)>{move || money::payout_status(i18n, status)}</span>
                {p.payout.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}
            </td>
            <td class="wrap">{held.unwrap_or_default()}</td>
            <td><Link to=Signal::derive(move || Route::AdminPayouts { creator: creator.get(), payout: Some(id) })
                attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, payouts.open)}</Link></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="container stack-tight">
            <OpsHeader title=t_string!(i18n, payouts.title).to_owned() current=Route::AdminPayouts { creator: None, payout: None }/>
            {move || payout.get().map(|id| view! { <PayoutPanel id=id/> })}
            {move || creator.get().map(|id| view! { <CreatorPanel id=id/> })}
            <h2>{move || if status.get() == Some(PayoutStatus::Requested) { t_string!(i18n, payouts.requests) } else { t_string!(i18n, payouts.all_payouts) }}</h2>
            <div class="toolbar">
                <label class="visually-hidden" for="payout-status">{move || t_string!(i18n, ops.col_status)}</label>
                <select id="payout-status" on:change=pick_status>
                    <option value="" selected=move || status.get().is_none()>{move || format!("{}: {}", t_string!(i18n, ops.col_status), t_string!(i18n, ops.all))}</option>
                    {PAYOUT_STATUSES.into_iter().map(|option| view! {
                        <option value=money::payout_status_code(option) selected=move || status.get() == Some(option)>
                            {move || money::payout_status(i18n, option)}
                        </option>
                    }).collect_view()}
                </select>
                {move || creator.get().map(|_| view! {
                    <Link to=Route::AdminPayouts { creator: None, payout: None } attr:class="btn btn-ghost btn-sm">
                        {move || t_string!(i18n, payouts.every_creator)}
                    </Link>
                })}
            </div>
            {list.view(move |list| paged_table(
                "payouts",
                list,
                vec![
                    t_string!(i18n, payouts.col_requested).to_owned(),
                    t_string!(i18n, payouts.col_creator).to_owned(),
                    t_string!(i18n, payouts.col_amount).to_owned(),
                    t_string!(i18n, payouts.col_origin).to_owned(),
                    t_string!(i18n, ops.col_status).to_owned(),
                    t_string!(i18n, payouts.col_held).to_owned(),
                    String::new(),
                ],
                row,
                page,
                move |total| t_string!(i18n, ops.total, count = total).to_string(),
                t_string!(i18n, payouts.none).to_owned(),
            ))}
        </div>
    }
}

/// How a payout came about.
fn origin(i18n: I18nContext<Locale>, origin: PayoutOrigin) -> &'static str {
    match origin {
        PayoutOrigin::Schedule => t_string!(i18n, money.origin_schedule),
        PayoutOrigin::Request => t_string!(i18n, money.origin_request),
    }
}

/// Shows a refusal in a toast and keeps nothing.
fn refused(toasts: Toasts, i18n: I18nContext<Locale>, err: &ApiError) {
    toasts.push(ToastKind::Error, error_message(i18n, err));
}

/// One payout, its actions and its audit trail.
#[component]
fn PayoutPanel(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let detail = Remote::new(move || Some(session.api.admin_payout(id)));
    let audit = Remote::new(move || Some(session.api.payout_audit(id)));
    let ListChanged(list_changed) = expect_context::<ListChanged>();
    let changed = Callback::new(move |()| {
        detail.refetch();
        audit.refetch();
        list_changed.run(());
    });
    view! {
        <section class="card stack-tight" data-testid="payout-panel" aria-labelledby="payout-heading">
            {detail.view(move |p| view! { <PayoutFacts payout=p on_change=changed/> }.into_any())}
            <h3>{move || t_string!(i18n, payouts.audit_title)}</h3>
            {audit.view(move |steps| view! { <AuditTrail steps=steps/> }.into_any())}
        </section>
    }
}

#[component]
fn PayoutFacts(payout: AdminPayout, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let id = payout.payout.id;
    let status = payout.payout.status;
    let (value, currency) = (payout.payout.amount, payout.payout.currency.clone());
    let heading = {
        let name = payout.creator_name.clone();
        move || {
            let sum = amount(value, &currency, i18n.get_locale());
            t_string!(i18n, payouts.heading, amount = sum, name = name.clone()).to_string()
        }
    };
    let busy = RwSignal::new(false);
    let act = move |decision: Decision| {
        busy.set(true);
        spawn_local(async move {
            let result = match decision.clone() {
                Decision::Approve => session.api.approve_payout(id).await,
                Decision::Reject(reason) => session.api.reject_payout(id, reason).await,
                Decision::Release => session.api.release_payout(id).await,
            };
            busy.set(false);
            match result {
                Ok(_) => {
                    let message = match decision {
                        Decision::Approve => t_string!(i18n, payouts.approved),
                        Decision::Reject(_) => t_string!(i18n, payouts.rejected),
                        Decision::Release => t_string!(i18n, payouts.released),
                    };
                    toasts.push(ToastKind::Success, message);
                    on_change.run(());
                }
                Err(err) => refused(toasts, i18n, &err),
            }
        });
    };
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            reason_error.set(Some(money::field_message(i18n, "reason")));
            return;
        }
        reason_error.set(None);
        act(Decision::Reject(text));
    };
    let p = &payout.payout;
    let fact = |label: String, at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| view! { <dt>{label}</dt><dd>{when(&at)}</dd> })
    };
    let held = payout.skip_reason.clone();
    let can_release = held.as_deref() == Some("idempotency_expired");
    view! {
        <header class="panel-head">
            <h2 id="payout-heading">{heading}</h2>
            <Link to=Route::AdminPayouts { creator: None, payout: None } attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, payouts.close)}</Link>
        </header>
        <p>
            <span class=money::payout_badge(status) data-testid="payout-status">{move || money::payout_status(i18n, status)}</span>
            " " <span class="badge">{move || origin(i18n, payout.payout.origin)}</span>
            {p.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}
        </p>
        <dl class="facts">
            <dt>{move || t_string!(i18n, payouts.col_creator)}</dt>
            <dd><Link to=Route::AdminPayouts { creator: Some(payout.creator_id), payout: Some(id) }>{payout.creator_name.clone()}</Link></dd>
            {fact(t_string!(i18n, payouts.requested_at).to_owned(), Some(p.requested_at))}
            {fact(t_string!(i18n, payouts.approved_at).to_owned(), p.approved_at)}
            {fact(t_string!(i18n, payouts.sent_at).to_owned(), p.sent_at)}
            {fact(t_string!(i18n, payouts.paid_at).to_owned(), p.paid_at)}
            {fact(t_string!(i18n, payouts.failed_at).to_owned(), p.failed_at)}
            {fact(t_string!(i18n, payouts.rejected_at).to_owned(), p.rejected_at)}
            {p.failure_reason.clone().map(|why| view! { <dt>{move || t_string!(i18n, payouts.failure_reason)}</dt><dd>{why}</dd> })}
            {p.rejection_reason.clone().map(|why| view! { <dt>{move || t_string!(i18n, payouts.rejection_reason)}</dt><dd>{why}</dd> })}
            {payout.stripe_payout_id.clone().map(|po| view! { <dt>"Stripe"</dt><dd><code>{po}</code></dd> })}
            <dt>{move || t_string!(i18n, payouts.attempts)}</dt><dd>{payout.attempts}</dd>
            {payout.last_error.clone().map(|err| view! { <dt>{move || t_string!(i18n, payouts.last_error)}</dt><dd><code class="small">{err}</code></dd> })}
            {held.clone().map(|why| view! { <dt>{move || t_string!(i18n, payouts.col_held)}</dt><dd>{money::skip_reason(i18n, &why)}</dd> })}
        </dl>
        {(status == PayoutStatus::Requested).then(|| view! {
            <div class="decision">
                <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=move |_| act(Decision::Approve)>
                    {move || t_string!(i18n, payouts.approve)}
                </button>
                <form class="inline-form" on:submit=reject novalidate>
                    <TextField id="reject-reason" label=Signal::derive(move || t_string!(i18n, payouts.reject_reason).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, payouts.reject_hint).to_owned())
                        value=reason error=reason_error/>
                    <button type="submit" class="btn btn-danger" disabled=move || busy.get()>{move || t_string!(i18n, payouts.reject)}</button>
                </form>
            </div>
        })}
        {can_release.then(|| view! {
            <div class="alert alert-info">
                <p>{move || t_string!(i18n, payouts.release_hint, id = id.to_string())}</p>
                <button type="button" class="btn btn-primary btn-sm" disabled=move || busy.get() on:click=move |_| act(Decision::Release)>
                    {move || t_string!(i18n, payouts.release)}
                </button>
            </div>
        })}
    }
}

/// What an admin decides about a payout.
#[derive(Clone)]
enum Decision {
    Approve,
    Reject(String),
    Release,
}

/// Every change of a payout, oldest first: when, who, from → to, why.
#[component]
fn AuditTrail(steps: Vec<PayoutAuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    if steps.is_empty() {
        return view! { <p class="muted">{move || t_string!(i18n, payouts.audit_empty)}</p> }.into_any();
    }
    let items = steps
        .into_iter()
        .map(|step| {
            let who = step.actor_name.clone();
            let actor = step.actor;
            let change = move || match step.from {
                Some(from) if from != step.to => {
                    format!("{} → {}", money::payout_status(i18n, from), money::payout_status(i18n, step.to))
                }
                Some(_) => t_string!(i18n, payouts.note, status = money::payout_status(i18n, step.to)).to_string(),
                None => money::payout_status(i18n, step.to).to_owned(),
            };
            view! {
                <li data-testid="audit-step" data-to=money::payout_status_code(step.to)>
                    <span class="muted small">{when(&step.at)}</span>
                    <span><strong>{change}</strong>
                        <span class="muted">{move || match who.clone() {
                            Some(name) => format!(" · {} ({name})", money::actor(i18n, actor)),
                            None => format!(" · {}", money::actor(i18n, actor)),
                        }}</span>
                    </span>
                    <span class="wrap">{step.reason.clone().unwrap_or_default()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="audit-trail" data-testid="audit-trail">{items}</ol> }.into_any()
}

/// One creator's payout settings, the block, and ledger adjustments.
#[component]
fn CreatorPanel(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let settings = Remote::new(move || Some(session.api.creator_payout_settings(id)));
    view! {
        <section class="card stack-tight" data-testid="creator-panel">
            <h2>{move || t_string!(i18n, payouts.creator_title)}</h2>
            {settings.view(move |s| view! { <CreatorSettings id=id settings=s on_change=Callback::new(move |()| settings.refetch())/> }.into_any())}
            <Adjustment id=id/>
        </section>
    }
}

#[component]
fn CreatorSettings(id: Uuid, settings: PayoutSettings, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let ListChanged(list_changed) = expect_context::<ListChanged>();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let blocked = settings.blocked;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
        if !blocked && text.is_none() {
            reason_error.set(Some(money::field_message(i18n, "reason")));
            return;
        }
        reason_error.set(None);
        let body = PayoutBlockRequest { blocked: !blocked, reason: text };
        spawn_local(async move {
            match session.api.set_payout_block(id, &body).await {
                Ok(_) => {
                    let done = if body.blocked {
                        t_string!(i18n, payouts.blocked_done)
                    } else {
                        t_string!(i18n, payouts.unblocked_done)
                    };
                    toasts.push(ToastKind::Success, done);
                    on_change.run(());
                    list_changed.run(());
                }
                Err(err) => {
                    reason_error.set(money::field_errors(i18n, &err).remove("reason"));
                    refused(toasts, i18n, &err);
                }
            }
        });
    };
    let currency = settings.currency.clone();
    let minimum = move || amount(settings.minimum, &currency, i18n.get_locale());
    let schedule = settings.schedule;
    let day = settings.weekly_day;
    let next = settings.next_payout_at.map(|at| when(&at));
    view! {
        <dl class="facts">
            <dt>{move || t_string!(i18n, payouts.schedule)}</dt>
            <dd>{move || money::schedule(i18n, schedule)}
                {(schedule == api_types::PayoutSchedule::Weekly).then(|| view! { " · " {move || money::weekday(i18n, day)} })}</dd>
            <dt>{move || t_string!(i18n, payouts.minimum)}</dt><dd>{minimum}</dd>
            {next.map(|next| view! { <dt>{move || t_string!(i18n, payouts.next_payout)}</dt><dd>{next}</dd> })}
            <dt>{move || t_string!(i18n, payouts.state)}</dt>
            <dd data-testid="creator-block">{if blocked {
                view! { <span class="badge badge-danger">{move || t_string!(i18n, payouts.blocked)}</span> " " {settings.block_reason.clone().unwrap_or_default()} }.into_any()
            } else {
                view! { <span class="badge badge-success">{move || t_string!(i18n, payouts.not_blocked)}</span> }.into_any()
            }}</dd>
            {settings.skip_reason.clone().map(|why| view! { <dt>{move || t_string!(i18n, payouts.col_held)}</dt><dd>{money::skip_reason(i18n, &why)}</dd> })}
        </dl>
        <form class="inline-form" on:submit=submit novalidate>
            <TextField id="block-reason" label=Signal::derive(move || if blocked { t_string!(i18n, payouts.unblock_reason) } else { t_string!(i18n, payouts.block_reason) }.to_owned())
                value=reason error=reason_error/>
            <button type="submit" class=if blocked { "btn btn-secondary" } else { "btn btn-danger" }>
                {move || if blocked { t_string!(i18n, payouts.unblock) } else { t_string!(i18n, payouts.block) }}
            </button>
        </form>
    }
}

/// A signed correction of the creator's balance, with its reason (shown in their ledger).
#[component]
fn Adjustment(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut unreadable = FieldErrors::new();
        let sum = parse_amount(&value.get_untracked());
        if sum.is_none() {
            unreadable.insert("amount".to_owned(), money::field_message(i18n, "amount"));
        }
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            unreadable.insert("reason".to_owned(), money::field_message(i18n, "reason"));
        }
        let ok = unreadable.is_empty();
        errors.set(unreadable);
        let (true, Some(sum)) = (ok, sum) else { return };
        let body = LedgerAdjustmentRequest { amount: sum, reason: why };
        spawn_local(async move {
            match session.api.adjust_ledger(id, &body).await {
                Ok(entry) => {
                    let written = amount(entry.amount, &entry.currency, i18n.get_locale_untracked());
                    toasts.push(ToastKind::Success, t_string!(i18n, payouts.adjusted, amount = written).to_string());
                    value.set(String::new());
                    reason.set(String::new());
                }
                Err(err) => {
                    errors.set(money::field_errors(i18n, &err));
                    refused(toasts, i18n, &err);
                }
            }
        });
    };
    view! {
        <details class="adjustment">
            <summary>{move || t_string!(i18n, payouts.adjust_title)}</summary>
            <p class="muted small">{move || t_string!(i18n, payouts.adjust_hint)}</p>
            <form on:submit=submit novalidate>
                <div class="form-row">
                    <TextField id="adjust-amount" label=Signal::derive(move || t_string!(i18n, payouts.adjust_amount).to_owned()) value=value error=error_of("amount")/>
                    <TextField id="adjust-reason" label=Signal::derive(move || t_string!(i18n, payouts.adjust_reason).to_owned()) value=reason error=error_of("reason")/>
                </div>
                <button type="submit" class="btn btn-secondary">{move || t_string!(i18n, payouts.adjust)}</button>
            </form>
        </details>
    }
}
